//! A pool's custom domain: requests that arrive with its `Host` are the pool's. Its hosted
//! pages and OAuth endpoints answer there (the issuer stays the pool's, as in Cognito), and
//! an app client of another pool is refused there, as Cognito's domain serves one pool.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::Response;

use super::error::{OAuthAnswer, OAuthErrorCode};
use super::{basic_credentials, error_page, token_error};
use crate::pool::UserPool;

/// The most of a token or revocation request this reads to find its client (they are a few
/// hundred bytes; the endpoints themselves refuse more).
const MAX_FORM_BYTES: usize = 64 * 1024;

/// Refuses, on a custom domain, a request that names an app client of another pool.
pub async fn custom_domain(
    State(pool): State<Arc<UserPool>>,
    request: Request,
    next: Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let domain_pool = match pool.pool_of_host(&host).await {
        Ok(Some(domain_pool)) => domain_pool,
        // Not a custom domain (or the store cannot say: the endpoints will answer that).
        _ => return next.run(request).await,
    };
    let path = request.uri().path().to_string();
    let form_endpoint = request.method() == Method::POST
        && matches!(path.as_str(), "/oauth2/token" | "/oauth2/revoke");
    let (request, client_id) = if form_endpoint {
        let (parts, body) = request.into_parts();
        let Ok(bytes) = axum::body::to_bytes(body, MAX_FORM_BYTES).await else {
            return token_error(&OAuthAnswer::new(
                OAuthErrorCode::InvalidRequest,
                "The request body is too large.",
            ));
        };
        let client_id = basic_credentials(&parts.headers)
            .ok()
            .flatten()
            .map(|(id, _)| id)
            .or_else(|| parameter(&bytes, "client_id"));
        (Request::from_parts(parts, Body::from(bytes)), client_id)
    } else {
        let client_id = request
            .uri()
            .query()
            .and_then(|query| parameter(query.as_bytes(), "client_id"));
        (request, client_id)
    };
    if let Some(client_id) = client_id
        && !pool.domain_serves(&domain_pool, &client_id).await
    {
        let message = "This domain serves another user pool: the app client is not one of its \
                       clients.";
        tracing::info!(path, "refused a client of another pool on a custom domain");
        return if form_endpoint {
            token_error(&OAuthAnswer::new(OAuthErrorCode::InvalidClient, message))
        } else {
            error_page(message)
        };
    }
    next.run(request).await
}

/// The first value of `name` in a form-encoded `body` or query.
fn parameter(body: &[u8], name: &str) -> Option<String> {
    url::form_urlencoded::parse(body)
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}
