//! The OpenID Connect door; today the pools' published keys.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::pool::{PoolError, PoolId, UserPool};

/// `GET /<pool id>/.well-known/jwks.json`: the pool's public signing keys (RFC 7517), which
/// an API verifies tokens with offline.
pub async fn jwks(State(pool): State<Arc<UserPool>>, Path(pool_id): Path<String>) -> Response {
    let not_found = || {
        (
            StatusCode::NOT_FOUND,
            axum::Json(json!({ "error": "not_found", "message": "No such user pool." })),
        )
            .into_response()
    };
    let Some(pool_id) = PoolId::parse(&pool_id) else {
        return not_found();
    };
    match pool.jwks(&pool_id).await {
        Ok(jwks) => (
            [
                (header::CONTENT_TYPE, "application/json"),
                // Keys change rarely; a verifier may cache them for an hour, as Cognito's allow.
                (header::CACHE_CONTROL, "public, max-age=3600"),
            ],
            jwks,
        )
            .into_response(),
        Err(PoolError::ResourceNotFound(_)) => not_found(),
        Err(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            axum::Json(json!({ "error": "server_error", "message": "Try again later." })),
        )
            .into_response(),
    }
}
