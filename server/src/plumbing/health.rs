//! `GET /health`: whether this server and its database answer, for load balancers and `make`.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use serde_json::json;

use crate::pool::store::Store;

pub async fn health(State(store): State<Arc<dyn Store>>) -> impl IntoResponse {
    let (status, body) = match store.ping().await {
        Ok(()) => (StatusCode::OK, json!({ "status": "ok", "database": "ok" })),
        Err(error) => {
            tracing::error!(%error, "health check: the database does not answer");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                json!({ "status": "unavailable", "database": "unavailable" }),
            )
        }
    };
    (status, [(header::CACHE_CONTROL, "no-store")], Json(body))
}
