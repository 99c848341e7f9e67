//! How the OAuth door says no: RFC 6749 §5.2 JSON for the token endpoint, RFC 6750 §3 for
//! bearer tokens, and a plain page when a redirect back to the client cannot be trusted.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde_json::json;

use crate::pool::OAuthError;

/// RFC 6749 §5.2: 400, or 401 with `WWW-Authenticate` for a failed client authentication.
pub fn token_error(error: &OAuthError) -> Response {
    let status = match error.error {
        "invalid_client" => StatusCode::UNAUTHORIZED,
        "server_error" => StatusCode::INTERNAL_SERVER_ERROR,
        _ => StatusCode::BAD_REQUEST,
    };
    let mut response = (
        status,
        no_store(),
        axum::Json(json!({ "error": error.error, "error_description": error.description })),
    )
        .into_response();
    if status == StatusCode::UNAUTHORIZED {
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Basic realm=\"oauth2\""),
        );
    }
    response
}

/// RFC 6750 §3.1: a missing, bad or insufficient bearer token.
pub fn bearer_error(status: StatusCode, error: &'static str, description: &str) -> Response {
    let challenge = format!("Bearer error=\"{error}\"");
    let mut response = (
        status,
        no_store(),
        axum::Json(json!({ "error": error, "error_description": description })),
    )
        .into_response();
    if let Ok(value) = HeaderValue::from_str(&challenge) {
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, value);
    }
    response
}

/// OIDC Core §3.1.2.6: when the client or its redirect URI is in doubt, the user is told
/// here and nothing is sent anywhere.
pub fn error_page(message: &str) -> Response {
    let message = html_escape(message);
    (
        StatusCode::BAD_REQUEST,
        no_store(),
        Html(format!(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
             <title>Sign-in error</title><link rel=\"stylesheet\" href=\"/pkg/cognate.css\">\
             </head><body><main class=\"auth-card\"><h1>This sign-in cannot go on</h1>\
             <p data-testid=\"oauth-error\">{message}</p>\
             <p>Go back to the app you came from and try again.</p></main></body></html>"
        )),
    )
        .into_response()
}

/// Tokens and errors about them are never cached (RFC 6749 §5.1).
pub fn no_store() -> [(header::HeaderName, &'static str); 2] {
    [
        (header::CACHE_CONTROL, "no-store"),
        (header::PRAGMA, "no-cache"),
    ]
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
