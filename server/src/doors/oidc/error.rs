//! The OIDC door's one error map: the domain's typed outcomes as RFC 6749 §4.1.2.1 / §5.2
//! codes, RFC 6750 §3 bearer errors, OIDC Core §3.1.2.6 callbacks, and a plain page when a
//! redirect back to the client cannot be trusted (the hosted `/logout` uses it too).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde_json::json;

use crate::pool::invalid::{ClientFault, LogoutFault};
use crate::pool::{
    Callback, CallbackOutcome, Denied, Invalid, OAuthError, OAuthErrorCode, PoolError, TokenFault,
};

/// The registered name of each error code.
fn code(code: OAuthErrorCode) -> &'static str {
    match code {
        OAuthErrorCode::InvalidRequest => "invalid_request",
        OAuthErrorCode::InvalidClient => "invalid_client",
        OAuthErrorCode::InvalidGrant => "invalid_grant",
        OAuthErrorCode::UnauthorizedClient => "unauthorized_client",
        OAuthErrorCode::UnsupportedGrantType => "unsupported_grant_type",
        OAuthErrorCode::UnsupportedResponseType => "unsupported_response_type",
        OAuthErrorCode::InvalidScope => "invalid_scope",
        OAuthErrorCode::LoginRequired => "login_required",
        OAuthErrorCode::AccessDenied => "access_denied",
        OAuthErrorCode::TemporarilyUnavailable => "temporarily_unavailable",
        OAuthErrorCode::UnsupportedTokenType => "unsupported_token_type",
        OAuthErrorCode::ServerError => "server_error",
    }
}

/// Where a [`Callback`] sends the browser: the client's redirect URI with the code (and
/// `iss`, RFC 9207) or the error, and `state` (RFC 6749 §4.1.2, §4.1.2.1).
pub fn callback_location(callback: &Callback) -> String {
    let state = callback.state.as_deref().unwrap_or_default();
    match &callback.outcome {
        CallbackOutcome::Code { code, issuer } => redirect_with(
            &callback.redirect_uri,
            &[("code", code), ("state", state), ("iss", issuer)],
        ),
        CallbackOutcome::Refused(error) => redirect_with(
            &callback.redirect_uri,
            &[
                ("error", self::code(error.code)),
                ("error_description", &error.description),
                ("state", state),
            ],
        ),
    }
}

/// `uri` with `params` added to its query (empty values left out).
fn redirect_with(uri: &str, params: &[(&str, &str)]) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in params.iter().filter(|(_, value)| !value.is_empty()) {
        query.append_pair(name, value);
    }
    let separator = if uri.contains('?') { '&' } else { '?' };
    format!("{uri}{separator}{}", query.finish())
}

/// RFC 6749 §5.2: 400, or 401 with `WWW-Authenticate` for a failed client authentication.
pub fn token_error(error: &OAuthError) -> Response {
    let status = match error.code {
        OAuthErrorCode::InvalidClient => StatusCode::UNAUTHORIZED,
        OAuthErrorCode::ServerError => StatusCode::INTERNAL_SERVER_ERROR,
        _ => StatusCode::BAD_REQUEST,
    };
    let mut response = (
        status,
        no_store(),
        axum::Json(json!({ "error": code(error.code), "error_description": error.description })),
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

/// The `refresh_token` grant's refusals: the client's authentication first
/// (`invalid_client`), a client not allowed the flow (`unauthorized_client`), then the
/// token itself and its user (`invalid_grant`).
pub fn refresh_error(error: PoolError) -> OAuthError {
    let grant = |description: &str| OAuthError::new(OAuthErrorCode::InvalidGrant, description);
    match error {
        PoolError::ResourceNotFound(_) | PoolError::NotAuthorized(Denied::ClientSecretWrong(_)) => {
            OAuthError::new(
                OAuthErrorCode::InvalidClient,
                "Client authentication failed.",
            )
        }
        PoolError::InvalidParameter(Invalid::Client(ClientFault::FlowNotEnabled(flow))) => {
            OAuthError::new(
                OAuthErrorCode::UnauthorizedClient,
                format!("{} flow not enabled for this client", flow.name()),
            )
        }
        PoolError::InvalidParameter(_) => {
            OAuthError::new(OAuthErrorCode::InvalidRequest, "The request is not valid.")
        }
        PoolError::NotAuthorized(Denied::Token(_, TokenFault::Expired)) => {
            grant("Refresh Token has expired")
        }
        PoolError::NotAuthorized(Denied::Token(_, TokenFault::Revoked)) => {
            grant("Refresh Token has been revoked")
        }
        PoolError::NotAuthorized(Denied::Disabled) => grant("User is disabled."),
        PoolError::NotAuthorized(Denied::UserGone) => grant("User does not exist."),
        PoolError::NotAuthorized(_) | PoolError::UserNotFound(_) => grant("Invalid Refresh Token"),
        PoolError::TooManyRequests(_) => OAuthError::new(
            OAuthErrorCode::TemporarilyUnavailable,
            "Too many requests. Try again shortly.",
        ),
        _ => OAuthError::new(OAuthErrorCode::ServerError, "Try again later."),
    }
}

/// The revocation endpoint's refusals (RFC 7009 §2.2.1): the client's authentication, then
/// a token that belongs to another client.
pub fn revoke_error(error: PoolError) -> OAuthError {
    match error {
        PoolError::ResourceNotFound(_) | PoolError::NotAuthorized(Denied::ClientSecretWrong(_)) => {
            OAuthError::new(
                OAuthErrorCode::InvalidClient,
                "Client authentication failed.",
            )
        }
        PoolError::NotAuthorized(Denied::RefreshTokenOtherClient) => OAuthError::new(
            OAuthErrorCode::UnauthorizedClient,
            "The refresh token was issued to another client.",
        ),
        _ => OAuthError::new(OAuthErrorCode::ServerError, "Try again later."),
    }
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

/// userinfo's refusals (OIDC Core §5.3.3, RFC 6750 §3.1): a token without the scopes is
/// `insufficient_scope`, any other token `invalid_token`.
pub fn userinfo_error(error: PoolError) -> Response {
    match error {
        PoolError::InvalidParameter(Invalid::NoOpenidScope) => bearer_error(
            StatusCode::FORBIDDEN,
            "insufficient_scope",
            "The access token does not have the openid scope.",
        ),
        PoolError::Internal => server_error(),
        _ => bearer_error(
            StatusCode::UNAUTHORIZED,
            "invalid_token",
            "The access token is not valid.",
        ),
    }
}

/// A pool's published documents (discovery, JWKS): 404 for a pool that does not exist.
pub fn document_error(error: PoolError) -> Response {
    match error {
        PoolError::ResourceNotFound(_) => not_found(),
        _ => server_error(),
    }
}

pub fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        axum::Json(json!({ "error": "not_found", "message": "No such user pool." })),
    )
        .into_response()
}

fn server_error() -> Response {
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        axum::Json(json!({ "error": "server_error", "message": "Try again later." })),
    )
        .into_response()
}

/// A sign-out that names a client or URL it cannot use (`/logout`): said on a page.
pub fn logout_error(error: PoolError) -> Response {
    match error {
        PoolError::InvalidParameter(Invalid::Logout(fault)) => error_page(match fault {
            LogoutFault::NotAudience => "client_id is not the ID token's audience.",
            LogoutFault::NoClient => "A sign-out URL needs the client_id.",
            LogoutFault::NotRegistered => "The URL is not one of the app client's sign-out URLs.",
            LogoutFault::Hint => "The id_token_hint is not valid.",
        }),
        PoolError::InvalidParameter(_) => error_page("This sign-out request is not valid."),
        PoolError::ResourceNotFound(_) => error_page("No app client has this client_id."),
        _ => error_page("Try again later."),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirects_keep_the_uri_s_own_query() {
        assert_eq!(
            redirect_with("https://app.example/cb", &[("code", "a b"), ("state", "")]),
            "https://app.example/cb?code=a+b"
        );
        assert_eq!(
            redirect_with("https://app.example/cb?x=1", &[("code", "c")]),
            "https://app.example/cb?x=1&code=c"
        );
    }
}
