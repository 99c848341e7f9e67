//! The OpenID Connect door: discovery, the pools' keys, `/oauth2/authorize` (and its
//! return from the hosted pages), `/oauth2/token`, `/oauth2/revoke` and `/oauth2/userInfo`.

mod error;
mod host;

use std::collections::HashMap;
use std::sync::Arc;

use app::port::session_cookie;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};

use crate::pool::secrets::ClientProof;
use crate::pool::{
    AuthorizeError, AuthorizeParams, Authorized, ClientId, OAuthTokens, PoolId, UserPool,
};
pub(crate) use error::{OAuthAnswer, callback_location, error_page, logout_error, untrusted_words};
use error::{
    OAuthErrorCode, bearer_error, document_error, no_store, not_found, token_error, userinfo_error,
};
pub use host::custom_domain;

/// The hosted page (`ContinuePage`) that resumes a request once the user is signed in.
const CONTINUE_PATH: &str = "/oauth2/continue";

/// `GET /<pool id>/.well-known/jwks.json`: the pool's public signing keys (RFC 7517), which
/// an API verifies tokens with offline.
pub async fn jwks(State(pool): State<Arc<UserPool>>, Path(pool_id): Path<String>) -> Response {
    let Some(pool_id) = PoolId::parse(&pool_id) else {
        return not_found();
    };
    match pool.jwks(&pool_id).await {
        Ok(jwks) => key_set(jwks),
        Err(error) => document_error(error),
    }
}

/// `GET /<pool id>/.well-known/openid-configuration` (OpenID Connect Discovery 1.0 §3):
/// the issuer is exactly `<public URL>/<pool id>`, the issuer of the pool's tokens.
pub async fn discovery(State(pool): State<Arc<UserPool>>, Path(pool_id): Path<String>) -> Response {
    let Some(pool_id) = PoolId::parse(&pool_id) else {
        return not_found();
    };
    if let Err(error) = pool.describe_pool(pool_id.as_str()).await {
        return document_error(error);
    }
    let issuer = pool.issuer(&pool_id);
    let base = pool.public_url();
    let document = json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{base}/oauth2/authorize"),
        "token_endpoint": format!("{base}/oauth2/token"),
        "userinfo_endpoint": format!("{base}/oauth2/userInfo"),
        "revocation_endpoint": format!("{base}/oauth2/revoke"),
        "end_session_endpoint": format!("{base}/logout"),
        "revocation_endpoint_auth_methods_supported":
            ["client_secret_basic", "client_secret_post", "none"],
        "jwks_uri": format!("{issuer}/.well-known/jwks.json"),
        "scopes_supported": crate::pool::STANDARD_SCOPES,
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code", "refresh_token", "client_credentials"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
        "code_challenge_methods_supported": ["S256"],
        "claims_supported": [
            "sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "cognito:username",
            "cognito:groups", "email", "email_verified", "phone_number",
            "phone_number_verified", "name", "given_name", "family_name", "middle_name",
            "nickname", "preferred_username", "profile", "picture", "website", "gender",
            "birthdate", "zoneinfo", "locale", "updated_at", "address",
        ],
        "authorization_response_iss_parameter_supported": true,
        "request_parameter_supported": false,
        "claims_parameter_supported": false,
    });
    (
        [(header::CACHE_CONTROL, "public, max-age=3600")],
        axum::Json(document),
    )
        .into_response()
}

/// A key set as served: JSON that a verifier may cache for an hour (keys change rarely, and
/// Cognito's allow as much).
fn key_set(jwks: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        jwks,
    )
        .into_response()
}

/// `GET /identity/.well-known/jwks.json`: the keys of Cognate's identity tokens, which an
/// STS (SeaweedFS) fetches to check them.
pub async fn identity_jwks(State(pool): State<Arc<UserPool>>) -> Response {
    match pool.identity_jwks().await {
        Ok(jwks) => key_set(jwks),
        Err(error) => document_error(error),
    }
}

/// `GET /identity/.well-known/openid-configuration`: the identity token issuer
/// (`<public URL>/identity`), which signs tokens for identity pools' identities and
/// authorizes nothing itself.
pub async fn identity_discovery(State(pool): State<Arc<UserPool>>) -> Response {
    let issuer = pool.identity_issuer();
    let document = json!({
        "issuer": issuer,
        "jwks_uri": format!("{issuer}/.well-known/jwks.json"),
        // Required members; this issuer's tokens come from the Cognito Identity API.
        "authorization_endpoint": format!("{}/oauth2/authorize", pool.public_url()),
        "response_types_supported": ["id_token"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "claims_supported": ["sub", "aud", "iss", "exp", "iat", "amr"],
    });
    (
        [(header::CACHE_CONTROL, "public, max-age=3600")],
        axum::Json(document),
    )
        .into_response()
}

/// `GET /oauth2/authorize` (RFC 6749 §4.1.1, OIDC Core §3.1.2.1).
pub async fn authorize(
    State(pool): State<Arc<UserPool>>,
    headers: HeaderMap,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    let params = match authorize_params(query) {
        Ok(params) => params,
        Err(message) => return error_page(&message),
    };
    let session = session_cookie(&headers);
    let secure = pool.public_url().starts_with("https://");
    answer(
        pool.oauth_authorize(params, session.as_deref()).await,
        secure,
    )
}

pub(crate) fn authorize_params(query: Vec<(String, String)>) -> Result<AuthorizeParams, String> {
    let mut seen: HashMap<String, String> = HashMap::new();
    for (name, value) in query {
        // RFC 6749 §3.1: no parameter more than once.
        if seen.insert(name.clone(), value).is_some() {
            return Err(format!("The parameter {name} is given more than once."));
        }
    }
    let mut take = |name: &str| seen.remove(name).filter(|v| !v.is_empty());
    Ok(AuthorizeParams {
        client_id: take("client_id"),
        redirect_uri: take("redirect_uri"),
        response_type: take("response_type"),
        scope: take("scope"),
        state: take("state"),
        nonce: take("nonce"),
        code_challenge: take("code_challenge"),
        code_challenge_method: take("code_challenge_method"),
        prompt: take("prompt"),
        max_age: take("max_age"),
        identity_provider: take("identity_provider"),
        idp_identifier: take("idp_identifier"),
    })
}

fn answer(outcome: Result<Authorized, AuthorizeError>, secure: bool) -> Response {
    match outcome {
        Ok(Authorized::Redirect(to)) | Err(AuthorizeError::Redirect(to)) => {
            found(&callback_location(&to))
        }
        Ok(Authorized::SignIn { request, client_id }) => {
            found(&sign_in_location(&request, &client_id))
        }
        Ok(Authorized::External(to)) => to_provider(&to, secure),
        Err(AuthorizeError::NoRedirect(why)) => error_page(untrusted_words(why)),
    }
}

/// The cookie that ties a federated sign-in to the browser that started it: the provider's
/// answer is taken only from that browser (no one can make another browser finish a sign-in
/// they started: login CSRF). Sent back only to the callback; `SameSite=None` where the
/// site is https, so a provider's form post (Apple) carries it too.
pub(crate) const FEDERATION_COOKIE: &str = "cognate_federation";
/// The same for a SAML sign-in, whose `RelayState` it holds; sent back only to the
/// assertion consumer service.
pub(crate) const SAML_COOKIE: &str = "cognate_saml";

/// To an identity provider's authorization URL (or a SAML provider's sign-on service),
/// remembering its `state` (or `RelayState`) in this browser.
pub(crate) fn to_provider(url: &str, secure: bool) -> Response {
    let param = |wanted: &str| {
        url::Url::parse(url).ok().and_then(|parsed| {
            parsed
                .query_pairs()
                .find(|(name, _)| name == wanted)
                .map(|(_, value)| value.into_owned())
        })
    };
    let (name, path, state) = match param("SAMLRequest").and(param("RelayState")) {
        Some(relay_state) => (SAML_COOKIE, "/saml2/idpresponse", Some(relay_state)),
        None => (FEDERATION_COOKIE, "/oauth2/idpresponse", param("state")),
    };
    let mut response = found(url);
    if let Some(state) = state {
        let flags = if secure {
            "SameSite=None; Secure"
        } else {
            "SameSite=Lax"
        };
        let cookie = format!("{name}={state}; Path={path}; Max-Age=600; HttpOnly; {flags}");
        if let Ok(value) = axum::http::HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

/// The authorization request a hosted page's `next` goes on to answer, if it is one.
pub(crate) fn request_of(next: &str) -> Option<&str> {
    let query = next.strip_prefix(CONTINUE_PATH)?.strip_prefix('?')?;
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("request="))
}

/// The hosted sign-in page for an app's request: once signed in (or signed up and
/// confirmed), the pages send the user to `/oauth2/continue`, which answers the app.
pub(crate) fn sign_in_location(request: &str, client_id: &ClientId) -> String {
    let next = format!("{CONTINUE_PATH}?request={request}");
    app::links::page(
        "/login",
        &[("client_id", client_id.as_str()), ("next", &next)],
    )
}

pub(crate) fn found(location: &str) -> Response {
    (
        StatusCode::FOUND,
        [
            (header::LOCATION, location.to_string()),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
    )
        .into_response()
}

/// `POST /oauth2/token` (RFC 6749 §3.2), form-encoded; the client authenticates with
/// HTTP Basic or `client_secret` in the body (§2.3.1), a public client with its id alone.
pub async fn token(State(pool): State<Arc<UserPool>>, headers: HeaderMap, body: Bytes) -> Response {
    match token_grant(&pool, &headers, &body).await {
        Ok(tokens) => {
            let mut answer = json!({
                "access_token": tokens.tokens.access_token,
                "token_type": "Bearer",
                "expires_in": tokens.tokens.expires_in,
            });
            if tokens.openid {
                answer["id_token"] = Value::String(tokens.tokens.id_token);
            }
            if let Some(refresh) = tokens.refresh_token {
                answer["refresh_token"] = Value::String(refresh);
            }
            (no_store(), axum::Json(answer)).into_response()
        }
        Err(error) => token_error(&error),
    }
}

fn invalid(description: &str) -> OAuthAnswer {
    OAuthAnswer::new(OAuthErrorCode::InvalidRequest, description)
}

/// A form-encoded body (RFC 6749 §3.2): no parameter more than once.
fn form_of(body: &[u8]) -> Result<HashMap<String, String>, OAuthAnswer> {
    let mut form: HashMap<String, String> = HashMap::new();
    for (name, value) in url::form_urlencoded::parse(body) {
        if form.insert(name.to_string(), value.to_string()).is_some() {
            return Err(invalid(&format!(
                "The parameter {name} is given more than once."
            )));
        }
    }
    Ok(form)
}

/// The client id and secret of a token or revocation request: HTTP Basic or the body's
/// `client_id` / `client_secret` (RFC 6749 §2.3.1), never both.
fn client_credentials(
    headers: &HeaderMap,
    form: &HashMap<String, String>,
) -> Result<(String, Option<String>), OAuthAnswer> {
    let basic = basic_credentials(headers)
        .map_err(|()| invalid("The Authorization header is not HTTP Basic client credentials."))?;
    Ok(match (basic, form.get("client_secret")) {
        (Some(_), Some(_)) => {
            return Err(invalid(
                "Use one way to authenticate the client, not HTTP Basic and client_secret both.",
            ));
        }
        (Some((id, secret)), None) => {
            if form.get("client_id").is_some_and(|given| *given != id) {
                return Err(invalid("client_id differs from the authenticated client."));
            }
            (id, Some(secret))
        }
        (None, secret) => (
            form.get("client_id")
                .cloned()
                .ok_or_else(|| invalid("The request has no client_id."))?,
            secret.cloned(),
        ),
    })
}

async fn token_grant(
    pool: &UserPool,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<OAuthTokens, OAuthAnswer> {
    let form = form_of(body)?;
    let (client_id, secret) = client_credentials(headers, &form)?;
    let proof = ClientProof::Secret(secret.as_deref());
    let field = |name: &str| form.get(name).map(String::as_str).filter(|v| !v.is_empty());
    let required = |name: &str| field(name).ok_or_else(|| invalid(&format!("{name} is missing.")));
    match required("grant_type")? {
        "authorization_code" => pool
            .exchange_code(
                &client_id,
                proof,
                required("code")?,
                field("redirect_uri"),
                field("code_verifier"),
            )
            .await
            .map_err(OAuthAnswer::from),
        "refresh_token" => {
            let tokens = pool
                .refresh(&client_id, required("refresh_token")?, proof)
                .await
                .map_err(error::refresh_error)?;
            Ok(OAuthTokens {
                tokens,
                refresh_token: None,
                openid: true,
            })
        }
        "client_credentials" => pool
            .client_credentials(&client_id, proof, field("scope"))
            .await
            .map_err(OAuthAnswer::from),
        other => Err(OAuthAnswer::new(
            OAuthErrorCode::UnsupportedGrantType,
            format!("The grant type {other} is not supported."),
        )),
    }
}

/// `POST /oauth2/revoke` (RFC 7009): revokes a refresh token and the sign-in it belongs to.
pub async fn revoke(
    State(pool): State<Arc<UserPool>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let revoked = async {
        let form = form_of(&body)?;
        let (client_id, secret) = client_credentials(&headers, &form)?;
        let token = form
            .get("token")
            .filter(|t| !t.is_empty())
            .ok_or_else(|| invalid("token is missing."))?;
        if form.get("token_type_hint").map(String::as_str) == Some("access_token") {
            return Err(OAuthAnswer::new(
                OAuthErrorCode::UnsupportedTokenType,
                "Only refresh tokens can be revoked; access tokens expire.",
            ));
        }
        pool.revoke_refresh_token(&client_id, token, ClientProof::Secret(secret.as_deref()))
            .await
            .map_err(error::revoke_error)
    };
    match revoked.await {
        Ok(()) => (StatusCode::OK, no_store()).into_response(),
        Err(error) => token_error(&error),
    }
}

/// RFC 6749 §2.3.1: `Basic base64(urlencode(client_id) ":" urlencode(secret))`; `Ok(None)`
/// when there is no Authorization header.
fn basic_credentials(headers: &HeaderMap) -> Result<Option<(String, String)>, ()> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let encoded = value
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Basic "))
        .ok_or(())?;
    let decoded = STANDARD.decode(encoded.trim()).map_err(|_| ())?;
    let decoded = String::from_utf8(decoded).map_err(|_| ())?;
    let (id, secret) = decoded.split_once(':').ok_or(())?;
    let unescape = |part: &str| {
        url::form_urlencoded::parse(format!("v={part}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default()
    };
    Ok(Some((unescape(id), unescape(secret))))
}

/// `GET|POST /oauth2/userInfo` (OIDC Core §5.3) with `Authorization: Bearer`.
pub async fn userinfo(State(pool): State<Arc<UserPool>>, headers: HeaderMap) -> Response {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let Some(token) = token else {
        return bearer_error(
            StatusCode::UNAUTHORIZED,
            "invalid_request",
            "Send the access token as Authorization: Bearer.",
        );
    };
    match pool.userinfo(token.trim()).await {
        Ok(claims) => (no_store(), axum::Json(claims)).into_response(),
        Err(error) => userinfo_error(error),
    }
}
