//! The OIDC door's one error map: the domain's typed outcomes as RFC 6749 §4.1.2.1 / §5.2
//! codes, RFC 6750 §3 bearer errors, OIDC Core §3.1.2.6 callbacks, and a plain page when a
//! redirect back to the client cannot be trusted (the hosted `/logout` uses it too).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde_json::json;

use crate::doors::sentences;
use crate::pool::invalid::{ClientFault, LogoutFault};
use crate::pool::{
    AliasTaken, Callback, CallbackOutcome, CodeFault, Denied, Invalid, OAuthError, PkceFault,
    PoolError, TokenFault, Untrusted,
};

/// The OAuth error codes the door sends (RFC 6749 §4.1.2.1 and §5.2, OIDC Core
/// §3.1.2.6, RFC 7009 §2.2.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OAuthErrorCode {
    InvalidRequest,
    InvalidClient,
    InvalidGrant,
    UnauthorizedClient,
    UnsupportedGrantType,
    UnsupportedResponseType,
    InvalidScope,
    LoginRequired,
    AccessDenied,
    TemporarilyUnavailable,
    UnsupportedTokenType,
    ServerError,
}

/// An OAuth error as this door sends it: its code and its description.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OAuthAnswer {
    pub code: OAuthErrorCode,
    pub description: String,
}

impl OAuthAnswer {
    pub fn new(code: OAuthErrorCode, description: impl Into<String>) -> Self {
        Self {
            code,
            description: description.into(),
        }
    }
}

impl From<OAuthError> for OAuthAnswer {
    fn from(error: OAuthError) -> Self {
        Self::from(&error)
    }
}

/// The door's one map of the domain's OAuth refusals: each its code and words.
impl From<&OAuthError> for OAuthAnswer {
    fn from(error: &OAuthError) -> Self {
        use OAuthErrorCode as Code;
        let (code, description): (Code, String) = match error {
            OAuthError::ClientAuthentication => {
                (Code::InvalidClient, "Client authentication failed.".into())
            }
            OAuthError::NoCodeFlow => (
                Code::UnauthorizedClient,
                "The app client may not use the authorization code flow.".into(),
            ),
            OAuthError::NoClientCredentials => (
                Code::UnauthorizedClient,
                "The app client may not use client_credentials (it needs a secret and the flow)."
                    .into(),
            ),
            OAuthError::ResponseType => (
                Code::UnsupportedResponseType,
                "Only response_type=code is supported.".into(),
            ),
            OAuthError::ScopeNotAllowed => (
                Code::InvalidScope,
                "A requested scope is not allowed for this app client.".into(),
            ),
            OAuthError::EchoTooLong(most) => (
                Code::InvalidRequest,
                format!("state and nonce may have at most {most} characters."),
            ),
            OAuthError::Pkce(fault) => (
                Code::InvalidRequest,
                match fault {
                    PkceFault::Challenge => "code_challenge must be 43 base64url characters.",
                    PkceFault::Method => "code_challenge_method must be S256.",
                    PkceFault::Required => {
                        "PKCE (code_challenge with S256) is required for a client without a \
                         secret."
                    }
                }
                .into(),
            ),
            OAuthError::MaxAge => (
                Code::InvalidRequest,
                "max_age must be a number of seconds.".into(),
            ),
            OAuthError::LoginRequired => (
                Code::LoginRequired,
                "The user is not signed in (prompt=none).".into(),
            ),
            OAuthError::ProviderNotEnabled(asked) => (
                Code::InvalidRequest,
                format!("The identity provider {asked} is not enabled for this app client."),
            ),
            OAuthError::ProviderUnreachable(provider) => (
                Code::TemporarilyUnavailable,
                format!("{provider} cannot be reached right now."),
            ),
            OAuthError::ProviderGone => (
                Code::AccessDenied,
                "The identity provider no longer exists.".into(),
            ),
            OAuthError::ProviderRefused {
                provider,
                error,
                said,
            } => {
                let said = said.as_ref().map(|d| format!(": {d}")).unwrap_or_default();
                (
                    Code::AccessDenied,
                    format!("{provider} refused the sign-in ({error}){said}"),
                )
            }
            OAuthError::ProviderUntrusted(provider) => (
                Code::AccessDenied,
                format!("{provider}'s answer could not be verified."),
            ),
            OAuthError::FederationGone => (
                Code::AccessDenied,
                "This sign-in has expired or was already used. Go back to the app and sign in \
                 again."
                    .into(),
            ),
            OAuthError::SamlUnsolicited => (
                Code::AccessDenied,
                "This sign-in was not started in this browser, and its RelayState names no app \
                 to sign in to. Go back to the app and sign in again."
                    .into(),
            ),
            OAuthError::Code(fault) => (Code::InvalidGrant, code_words(*fault).into()),
            OAuthError::UserCannotSignIn => {
                (Code::InvalidGrant, "The user can no longer sign in.".into())
            }
            OAuthError::ScopeNotResourceServer => (
                Code::InvalidScope,
                "A requested scope is not one of the client's resource-server scopes.".into(),
            ),
            OAuthError::NoResourceScope => (
                Code::InvalidScope,
                "The app client has no resource-server scope to grant.".into(),
            ),
            OAuthError::Failed(error) => failed(error),
        };
        Self { code, description }
    }
}

fn code_words(fault: CodeFault) -> &'static str {
    match fault {
        CodeFault::Unknown => "The code is not valid.",
        CodeFault::Used => "The code has already been used.",
        CodeFault::OtherClient => "The code was issued to another client.",
        CodeFault::Expired => "The code has expired.",
        CodeFault::RedirectUri => "The redirect_uri is not the one the code was issued for.",
        CodeFault::Verifier => "The code_verifier does not match the code_challenge.",
        CodeFault::VerifierWithoutPkce => {
            "A code_verifier was sent for a code issued without PKCE."
        }
    }
}

/// A step below the protocol that refused or failed: a provider's user who cannot sign in
/// here is `access_denied`; a busy server says to come back; the rest is the server's.
fn failed(error: &PoolError) -> (OAuthErrorCode, String) {
    use OAuthErrorCode as Code;
    let (code, words) = match error {
        PoolError::TooManyRequests(_) => (
            Code::TemporarilyUnavailable,
            "Too many requests. Try again shortly.",
        ),
        PoolError::InvalidParameter(Invalid::Unstorable) => (
            Code::InvalidRequest,
            "A value contains a character that is not allowed (NUL).",
        ),
        PoolError::NotAuthorized(reason) => (
            Code::AccessDenied,
            match reason {
                Denied::Disabled => "User is disabled.",
                Denied::ProviderNamedNoUser => "The identity provider named no user.",
                Denied::LinkedUserGone => "The linked user no longer exists.",
                Denied::ProviderNameTaken => "A user with this provider's name already exists.",
                _ => "The user cannot sign in.",
            },
        ),
        PoolError::AliasExists(AliasTaken::FederatedEmail) => (
            Code::AccessDenied,
            "Another user of this pool already signs in with this email.",
        ),
        // A trigger's function refused the sign-in (or the tokens): in Cognito's words.
        PoolError::TriggerRefused { trigger, message } => {
            return (
                Code::AccessDenied,
                sentences::trigger_refused(*trigger, message),
            );
        }
        _ => (Code::ServerError, "Try again later."),
    };
    (code, words.to_string())
}

/// Why an authorization request is answered on a page rather than at a redirect URI.
pub(crate) fn untrusted_words(why: Untrusted) -> &'static str {
    match why {
        Untrusted::NoClientId => "The request has no client_id.",
        Untrusted::UnknownClient => "No app client has this client_id.",
        Untrusted::RedirectUri => "The redirect_uri is not one of the app client's callback URLs.",
        Untrusted::Unavailable => "Try again later.",
        Untrusted::Expired => "This sign-in has expired. Go back to the app and sign in again.",
    }
}

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
        CallbackOutcome::Refused(error) => {
            let answer = OAuthAnswer::from(error);
            redirect_with(
                &callback.redirect_uri,
                &[
                    ("error", self::code(answer.code)),
                    ("error_description", &answer.description),
                    ("state", state),
                ],
            )
        }
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
pub fn token_error(error: &OAuthAnswer) -> Response {
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
pub fn refresh_error(error: PoolError) -> OAuthAnswer {
    let grant = |description: &str| OAuthAnswer::new(OAuthErrorCode::InvalidGrant, description);
    match error {
        PoolError::ResourceNotFound(_) | PoolError::NotAuthorized(Denied::ClientSecretWrong(_)) => {
            OAuthError::ClientAuthentication.into()
        }
        PoolError::InvalidParameter(Invalid::Client(ClientFault::FlowNotEnabled(flow))) => {
            OAuthAnswer::new(
                OAuthErrorCode::UnauthorizedClient,
                format!("{} flow not enabled for this client", flow.name()),
            )
        }
        PoolError::NotAuthorized(Denied::Token(_, TokenFault::Expired)) => {
            grant("Refresh Token has expired")
        }
        PoolError::NotAuthorized(Denied::Token(_, TokenFault::Revoked)) => {
            grant("Refresh Token has been revoked")
        }
        PoolError::NotAuthorized(Denied::Disabled) => grant("User is disabled."),
        PoolError::NotAuthorized(Denied::UserGone) => grant("User does not exist."),
        PoolError::TriggerRefused { trigger, message } => {
            grant(&sentences::trigger_refused(trigger, &message))
        }
        PoolError::NotAuthorized(_) | PoolError::UserNotFound(_) => grant("Invalid Refresh Token"),
        // A busy server, a value no store keeps, the store itself: as for every grant.
        other => OAuthError::Failed(other).into(),
    }
}

/// The revocation endpoint's refusals (RFC 7009 §2.2.1): the client's authentication, then
/// a token that belongs to another client.
pub fn revoke_error(error: PoolError) -> OAuthAnswer {
    match error {
        PoolError::ResourceNotFound(_) | PoolError::NotAuthorized(Denied::ClientSecretWrong(_)) => {
            OAuthError::ClientAuthentication.into()
        }
        PoolError::NotAuthorized(Denied::RefreshTokenOtherClient) => OAuthAnswer::new(
            OAuthErrorCode::UnauthorizedClient,
            "The refresh token was issued to another client.",
        ),
        _ => OAuthAnswer::new(OAuthErrorCode::ServerError, "Try again later."),
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

    #[test]
    fn each_refusal_has_the_code_the_rfcs_give_it() {
        use OAuthErrorCode as Code;
        let cases = [
            (OAuthError::Code(CodeFault::Verifier), Code::InvalidGrant),
            (OAuthError::Code(CodeFault::Used), Code::InvalidGrant),
            (OAuthError::Code(CodeFault::RedirectUri), Code::InvalidGrant),
            (OAuthError::Code(CodeFault::Expired), Code::InvalidGrant),
            (OAuthError::Pkce(PkceFault::Method), Code::InvalidRequest),
            (OAuthError::Pkce(PkceFault::Required), Code::InvalidRequest),
            (OAuthError::ScopeNotAllowed, Code::InvalidScope),
            (OAuthError::ResponseType, Code::UnsupportedResponseType),
            (OAuthError::LoginRequired, Code::LoginRequired),
            (OAuthError::ClientAuthentication, Code::InvalidClient),
            (OAuthError::ScopeNotResourceServer, Code::InvalidScope),
            (OAuthError::NoClientCredentials, Code::UnauthorizedClient),
            (
                OAuthError::ProviderUnreachable("Corp".into()),
                Code::TemporarilyUnavailable,
            ),
            (
                OAuthError::Failed(PoolError::NotAuthorized(Denied::Disabled)),
                Code::AccessDenied,
            ),
            (
                OAuthError::Failed(PoolError::busy()),
                Code::TemporarilyUnavailable,
            ),
            (OAuthError::Failed(PoolError::Internal), Code::ServerError),
        ];
        for (refusal, code) in cases {
            assert_eq!(OAuthAnswer::from(&refusal).code, code, "{refusal:?}");
        }
        assert_eq!(
            OAuthAnswer::from(OAuthError::ProviderUnreachable("Corp".into())).description,
            "Corp cannot be reached right now.",
            "the provider's name, never the link's error"
        );
    }
}
