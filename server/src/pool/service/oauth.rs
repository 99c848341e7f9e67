//! OAuth 2.0 / OpenID Connect: the authorization request (RFC 6749 §4.1, PKCE RFC 7636),
//! its code, the code's exchange, and userinfo (OIDC Core §5.3). The hosted pages sign the
//! user in between; a live hosted session answers at once (single sign-on).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use serde_json::{Map, Value};

use super::*;
use crate::pool::{OAuthCode, OAuthRequest, Redeemed};
use crate::pool::{STANDARD_SCOPES, redirect_matches};

/// How long a sign-in started at `/oauth2/authorize` may take, sign-up and its emailed
/// code included.
const REQUEST_SECONDS: i64 = 30 * 60;
/// How long an authorization code lives (5 minutes, as Cognito's; it is used once).
const CODE_SECONDS: i64 = 5 * 60;
/// A bound on what a client may send back to itself (`state`, `nonce`).
const MAX_ECHO_CHARS: usize = 2048;

/// What `/oauth2/authorize` is asked (RFC 6749 §4.1.1, OIDC Core §3.1.2.1).
#[derive(Clone, Debug, Default)]
pub struct AuthorizeParams {
    pub client_id: Option<String>,
    pub redirect_uri: Option<String>,
    pub response_type: Option<String>,
    pub scope: Option<String>,
    pub state: Option<String>,
    pub nonce: Option<String>,
    pub code_challenge: Option<String>,
    pub code_challenge_method: Option<String>,
    pub prompt: Option<String>,
    pub max_age: Option<String>,
    /// Cognito's `identity_provider` (a provider's name) or `idp_identifier` (one of its
    /// IdpIdentifiers): straight to that provider instead of the sign-in page.
    pub identity_provider: Option<String>,
    pub idp_identifier: Option<String>,
}

/// Where an authorization request goes next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Authorized {
    /// The user must sign in on the hosted pages for `client_id`, then come back with
    /// `request` (an opaque id).
    SignIn {
        request: String,
        client_id: ClientId,
    },
    /// Back to the client with a code.
    Redirect(Callback),
    /// On to an identity provider's sign-in (its authorization URL).
    External(String),
}

/// A refused authorization request (RFC 6749 §4.1.2.1, OIDC Core §3.1.2.6).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthorizeError {
    /// The client or its redirect URI cannot be trusted: say so on a page, never redirect.
    NoRedirect(String),
    /// Told to the client at its redirect URI.
    Redirect(Callback),
}

/// An answer to the client at its redirect URI (RFC 6749 §4.1.2 and §4.1.2.1): where, the
/// `state` it sent, and what happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Callback {
    pub redirect_uri: String,
    pub state: Option<String>,
    pub outcome: CallbackOutcome,
}

/// What a [`Callback`] carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CallbackOutcome {
    /// A code to exchange, and the issuer that gave it (RFC 9207).
    Code {
        code: String,
        issuer: String,
    },
    Refused(OAuthError),
}

/// Why an OAuth request was refused: RFC 6749 §4.1.2.1 and §5.2, OIDC Core §3.1.2.6. The
/// OIDC door spells each one.
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
    /// The user or the identity provider refused (RFC 6749 §4.1.2.1).
    AccessDenied,
    /// The identity provider could not be reached (RFC 6749 §4.1.2.1).
    TemporarilyUnavailable,
    /// RFC 7009 §2.2.1: a token type the revocation endpoint does not revoke.
    UnsupportedTokenType,
    ServerError,
}

/// A refused OAuth request, with a description for the developer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OAuthError {
    pub code: OAuthErrorCode,
    pub description: String,
}

impl OAuthError {
    pub fn new(code: OAuthErrorCode, description: impl Into<String>) -> Self {
        Self {
            code,
            description: description.into(),
        }
    }

    fn grant(description: impl Into<String>) -> Self {
        Self::new(OAuthErrorCode::InvalidGrant, description)
    }
}

impl From<StoreError> for OAuthError {
    fn from(error: StoreError) -> Self {
        PoolError::from(error).into()
    }
}

impl From<PoolError> for OAuthError {
    fn from(error: PoolError) -> Self {
        match error {
            PoolError::Internal => Self::new(OAuthErrorCode::ServerError, "Try again later."),
            other => Self::new(OAuthErrorCode::InvalidRequest, other.to_string()),
        }
    }
}

/// Tokens from `/oauth2/token`.
#[derive(Clone, Debug)]
pub struct OAuthTokens {
    pub tokens: IssuedTokens,
    /// `None` for a refresh, which keeps the token it was given.
    pub refresh_token: Option<String>,
    /// Whether the grant holds `openid`: only then is there an ID token.
    pub openid: bool,
}

/// An authorization request whose client, redirect URI and parameters are checked: what
/// is decided from here on is the request's answer, and a refusal goes back to the client.
struct CheckedAuthorize {
    client: AppClient,
    /// As kept while the user signs in.
    request: OAuthRequest,
    /// `prompt=login`: sign in again, whatever session exists.
    prompt_login: bool,
    /// `prompt=none`: answer without showing a page, or refuse.
    prompt_none: bool,
    /// The provider asked for, and whether by one of its identifiers (`idp_identifier`).
    provider: Option<(String, bool)>,
}

impl CheckedAuthorize {
    fn refuse(&self, code: OAuthErrorCode, description: &str) -> AuthorizeError {
        refusal(
            &self.request.redirect_uri,
            &self.request.state,
            code,
            description,
        )
    }
}

/// A refusal sent back to the client's `redirect_uri` with its `state`.
fn refusal(
    redirect_uri: &str,
    state: &Option<String>,
    code: OAuthErrorCode,
    description: &str,
) -> AuthorizeError {
    AuthorizeError::Redirect(Callback {
        redirect_uri: redirect_uri.to_string(),
        state: state.clone(),
        outcome: CallbackOutcome::Refused(OAuthError::new(code, description)),
    })
}

/// The scopes a request is granted: those it asks for if the client may have each, or,
/// when it asks for none, every scope the client may have (as Cognito grants); `None`
/// when it asks for one the client may not have.
fn granted_scope(client: &AppClient, asked: Option<&str>) -> Option<String> {
    let allowed = &client.settings.allowed_oauth_scopes;
    match asked.map(str::trim) {
        None | Some("") => Some(allowed.join(" ")),
        Some(asked) => asked
            .split_whitespace()
            .all(|scope| allowed.iter().any(|a| a == scope))
            .then(|| asked.split_whitespace().collect::<Vec<_>>().join(" ")),
    }
}

/// What is wrong with a request's PKCE parameters, if anything: S256 only, a 43-character
/// challenge, required of clients that cannot keep a secret.
fn pkce_refusal(
    client: &AppClient,
    challenge: Option<&str>,
    method: Option<&str>,
) -> Option<&'static str> {
    match (challenge, method) {
        (Some(challenge), Some("S256")) if is_pkce_challenge(challenge) => None,
        (Some(_), Some("S256")) => Some("code_challenge must be 43 base64url characters."),
        (Some(_), _) => Some("code_challenge_method must be S256."),
        (None, _) if client.secret.is_none() => {
            Some("PKCE (code_challenge with S256) is required for a client without a secret.")
        }
        (None, _) => None,
    }
}

impl AppClient {
    /// Whether the client may use the OAuth `flow` (`code`, `client_credentials`) at all
    /// (Cognito: AllowedOAuthFlowsUserPoolClient, and some SupportedIdentityProviders).
    pub fn allows_oauth(&self, flow: &str) -> bool {
        let settings = &self.settings;
        settings.oauth_enabled
            && settings.allowed_oauth_flows.iter().any(|f| f == flow)
            && !settings.identity_providers.is_empty()
    }
}

impl UserPool {
    /// `/oauth2/authorize`: checks the request, then either answers at once for a live
    /// hosted `session` of the pool, or keeps the request while the user signs in.
    #[tracing::instrument(skip_all)]
    pub async fn oauth_authorize(
        &self,
        params: AuthorizeParams,
        session: Option<&str>,
    ) -> Result<Authorized, AuthorizeError> {
        let checked = self.checked_authorize(params).await?;
        if let Some((asked, by_identifier)) = &checked.provider {
            let provider = self
                .supported_provider(&checked.client, asked, *by_identifier)
                .await
                .map_err(|error| {
                    checked.refuse(OAuthErrorCode::InvalidRequest, &error.to_string())
                })?;
            // COGNITO names the pool's own sign-in page.
            if let Some(provider) = provider {
                let id_hash = self.keep_oauth_request(&checked.request).await?.1;
                return self
                    .start_federation(&checked.client, &provider, Some(id_hash), None)
                    .await
                    .map(Authorized::External)
                    .map_err(|error| {
                        checked.refuse(OAuthErrorCode::TemporarilyUnavailable, &error.to_string())
                    });
            }
        }
        // prompt=login never reuses the session it finds, even one from this very second.
        let session = session.filter(|_| !checked.prompt_login);
        let auth_after = checked.request.auth_after;
        if let Some(signed_in) = self
            .signed_in_for(&checked.client, session, auth_after)
            .await?
        {
            return self
                .issue_code(&checked.request, &signed_in)
                .await
                .map(Authorized::Redirect);
        }
        if checked.prompt_none {
            return Err(checked.refuse(
                OAuthErrorCode::LoginRequired,
                "The user is not signed in (prompt=none).",
            ));
        }
        let (id, _) = self.keep_oauth_request(&checked.request).await?;
        Ok(Authorized::SignIn {
            request: id,
            client_id: checked.client.id,
        })
    }

    /// Keeps `request` while the user signs in: its id, and the hash it is stored under.
    async fn keep_oauth_request(
        &self,
        request: &OAuthRequest,
    ) -> Result<(String, String), AuthorizeError> {
        let id = tokens::new_refresh_token();
        let id_hash = tokens::secret_hash(&id);
        self.store
            .insert_oauth_request(&id_hash, request)
            .await
            .map_err(|_| AuthorizeError::NoRedirect("Try again later.".into()))?;
        Ok((id, id_hash))
    }

    /// The authorization request checked: its client and redirect URI first (until both
    /// are known to be the client's, a refusal cannot go back to it), then every other
    /// parameter, each refusal sent to the redirect URI.
    async fn checked_authorize(
        &self,
        params: AuthorizeParams,
    ) -> Result<CheckedAuthorize, AuthorizeError> {
        let no_redirect = AuthorizeError::NoRedirect;
        let client_id = params
            .client_id
            .as_deref()
            .ok_or_else(|| no_redirect("The request has no client_id.".into()))?;
        let client = match self.client(client_id).await {
            Ok((_pool, client)) => client,
            Err(PoolError::ResourceNotFound(_)) => {
                return Err(no_redirect("No app client has this client_id.".into()));
            }
            Err(_) => return Err(no_redirect("Try again later.".into())),
        };
        // An exact match with a registered URI, or no redirect at all.
        let redirect_uri = params
            .redirect_uri
            .clone()
            .filter(|uri| {
                client
                    .settings
                    .callback_urls
                    .iter()
                    .any(|registered| redirect_matches(registered, uri))
            })
            .ok_or_else(|| {
                no_redirect("The redirect_uri is not one of the app client's callback URLs.".into())
            })?;
        let refuse =
            |code, description: &str| refusal(&redirect_uri, &params.state, code, description);
        if !client.allows_oauth("code") {
            return Err(refuse(
                OAuthErrorCode::UnauthorizedClient,
                "The app client may not use the authorization code flow.",
            ));
        }
        if params.response_type.as_deref() != Some("code") {
            return Err(refuse(
                OAuthErrorCode::UnsupportedResponseType,
                "Only response_type=code is supported.",
            ));
        }
        let scope = granted_scope(&client, params.scope.as_deref()).ok_or_else(|| {
            refuse(
                OAuthErrorCode::InvalidScope,
                "A requested scope is not allowed for this app client.",
            )
        })?;
        let too_long = |value: &Option<String>| {
            value
                .as_ref()
                .is_some_and(|v| v.chars().count() > MAX_ECHO_CHARS)
        };
        if too_long(&params.state) || too_long(&params.nonce) {
            return Err(refuse(
                OAuthErrorCode::InvalidRequest,
                "state and nonce may have at most 2048 characters.",
            ));
        }
        let pkce = pkce_refusal(
            &client,
            params.code_challenge.as_deref(),
            params.code_challenge_method.as_deref(),
        );
        if let Some(description) = pkce {
            return Err(refuse(OAuthErrorCode::InvalidRequest, description));
        }
        let now = self.clock.now();
        let prompt: Vec<&str> = params
            .prompt
            .as_deref()
            .unwrap_or_default()
            .split_whitespace()
            .collect();
        let (prompt_login, prompt_none) = (prompt.contains(&"login"), prompt.contains(&"none"));
        let max_age = match params.max_age.as_deref() {
            None => None,
            Some(value) => match value.parse::<u32>() {
                Ok(seconds) => Some(Timestamp(now.0 - i64::from(seconds))),
                Err(_) => {
                    return Err(refuse(
                        OAuthErrorCode::InvalidRequest,
                        "max_age must be a number of seconds.",
                    ));
                }
            },
        };
        let provider = params
            .identity_provider
            .as_deref()
            .or(params.idp_identifier.as_deref())
            .filter(|name| !name.is_empty())
            .map(|asked| (asked.to_string(), params.identity_provider.is_none()));
        let request = OAuthRequest {
            client_id: client.id.clone(),
            redirect_uri,
            scope,
            state: params.state,
            nonce: params.nonce,
            code_challenge: params.code_challenge,
            // prompt=login asks for a sign-in now, whatever session exists.
            auth_after: if prompt_login { Some(now) } else { max_age },
            expires_at: Timestamp(now.0 + REQUEST_SECONDS),
        };
        Ok(CheckedAuthorize {
            client,
            request,
            prompt_login,
            prompt_none,
            provider,
        })
    }

    /// Back from the hosted pages with the request's id: a code for the user the hosted
    /// `session` has signed in, or (no such session yet) the sign-in again.
    #[tracing::instrument(skip_all)]
    pub async fn oauth_continue(
        &self,
        request_id: &str,
        session: Option<&str>,
    ) -> Result<Authorized, AuthorizeError> {
        let expired = || {
            AuthorizeError::NoRedirect(
                "This sign-in has expired. Go back to the app and sign in again.".into(),
            )
        };
        let id_hash = tokens::secret_hash(request_id);
        let request = self
            .store
            .get_oauth_request(&id_hash)
            .await
            .map_err(|_| expired())?
            .filter(|request| request.expires_at > self.clock.now())
            .ok_or_else(expired)?;
        let (_pool, client) = self
            .client(request.client_id.as_str())
            .await
            .map_err(|_| expired())?;
        let Some(signed_in) = self
            .signed_in_for(&client, session, request.auth_after)
            .await?
        else {
            return Ok(Authorized::SignIn {
                request: request_id.to_string(),
                client_id: client.id,
            });
        };
        // Single use: a second tab coming back with the same id finds nothing.
        let request = self
            .store
            .take_oauth_request(&id_hash)
            .await
            .map_err(|_| expired())?
            .ok_or_else(expired)?;
        self.issue_code(&request, &signed_in)
            .await
            .map(Authorized::Redirect)
    }

    /// The user a live hosted session signed in, if it is of `client`'s pool and recent
    /// enough for `auth_after`.
    async fn signed_in_for(
        &self,
        client: &AppClient,
        session: Option<&str>,
        auth_after: Option<Timestamp>,
    ) -> Result<Option<(User, Timestamp)>, AuthorizeError> {
        let Some(session) = session else {
            return Ok(None);
        };
        let signed_in = self
            .session_sign_in(session)
            .await
            .map_err(|_| AuthorizeError::NoRedirect("Try again later.".into()))?;
        Ok(signed_in
            .filter(|(user, family)| {
                user.pool_id == client.pool_id
                    && auth_after.is_none_or(|after| family.auth_time >= after)
            })
            .map(|(user, family)| (user, family.auth_time)))
    }

    /// A code for the signed-in user, and the redirect that carries it (RFC 6749 §4.1.2,
    /// with the issuer of RFC 9207).
    pub(super) async fn issue_code(
        &self,
        request: &OAuthRequest,
        (user, auth_time): &(User, Timestamp),
    ) -> Result<Callback, AuthorizeError> {
        let code = tokens::new_refresh_token();
        let now = self.clock.now();
        let stored = OAuthCode {
            client_id: request.client_id.clone(),
            user_sub: user.sub.clone(),
            redirect_uri: request.redirect_uri.clone(),
            scope: request.scope.clone(),
            nonce: request.nonce.clone(),
            code_challenge: request.code_challenge.clone(),
            auth_time: *auth_time,
            expires_at: Timestamp(now.0 + CODE_SECONDS),
        };
        self.store
            .insert_oauth_code(&tokens::secret_hash(&code), &stored)
            .await
            .map_err(|_| AuthorizeError::NoRedirect("Try again later.".into()))?;
        tracing::info!(sub = %user.sub, client_id = %request.client_id, "authorization code issued");
        Ok(Callback {
            redirect_uri: request.redirect_uri.clone(),
            state: request.state.clone(),
            outcome: CallbackOutcome::Code {
                code,
                issuer: self.issuer(&user.pool_id),
            },
        })
    }

    /// `/oauth2/token` with `grant_type=authorization_code`: the code (once), checked
    /// against its client, redirect URI and PKCE verifier, becomes a new sign-in's tokens.
    /// A code presented twice revokes what its first exchange gave (RFC 6749 §4.1.2).
    #[tracing::instrument(skip_all)]
    pub async fn exchange_code(
        &self,
        client_id: &str,
        proof: ClientProof<'_>,
        code: &str,
        redirect_uri: Option<&str>,
        code_verifier: Option<&str>,
    ) -> Result<OAuthTokens, OAuthError> {
        let client = self.token_client(client_id, proof).await?;
        if !client.allows_oauth("code") {
            return Err(OAuthError::new(
                OAuthErrorCode::UnauthorizedClient,
                "The app client may not use the authorization code flow.",
            ));
        }
        let code_hash = tokens::secret_hash(code);
        let now = self.clock.now();
        let stored = match self.store.redeem_oauth_code(&code_hash, now).await? {
            None => return Err(OAuthError::grant("The code is not valid.")),
            Some(Redeemed::Again { family_id }) => {
                if let Some(family) = family_id {
                    self.store.revoke_family(&family, now).await?;
                    tracing::warn!(origin_jti = %family, "authorization code replayed; its tokens are revoked");
                }
                return Err(OAuthError::grant("The code has already been used."));
            }
            Some(Redeemed::First(stored)) => stored,
        };
        if stored.client_id != client.id {
            return Err(OAuthError::grant("The code was issued to another client."));
        }
        if stored.expires_at <= now {
            return Err(OAuthError::grant("The code has expired."));
        }
        if redirect_uri != Some(stored.redirect_uri.as_str()) {
            return Err(OAuthError::grant(
                "The redirect_uri is not the one the code was issued for.",
            ));
        }
        match (&stored.code_challenge, code_verifier) {
            (Some(challenge), Some(verifier)) if pkce_matches(challenge, verifier) => {}
            (Some(_), _) => {
                return Err(OAuthError::grant(
                    "The code_verifier does not match the code_challenge.",
                ));
            }
            (None, Some(_)) => {
                return Err(OAuthError::grant(
                    "A code_verifier was sent for a code issued without PKCE.",
                ));
            }
            (None, None) => {}
        }
        let user = self
            .usable_user(&stored.user_sub)
            .await
            .map_err(|_| OAuthError::grant("The user can no longer sign in."))?;
        let signed_in = self
            .start_family_with(
                &client,
                user,
                &stored.scope,
                stored.auth_time,
                stored.nonce.as_deref(),
            )
            .await?;
        self.store
            .set_code_family(&code_hash, &signed_in.family_id)
            .await?;
        Ok(OAuthTokens {
            tokens: signed_in.tokens,
            refresh_token: Some(signed_in.refresh_token),
            openid: has_scope(&stored.scope, "openid"),
        })
    }

    /// `/oauth2/token` with `grant_type=refresh_token`.
    pub async fn oauth_refresh(
        &self,
        client_id: &str,
        proof: ClientProof<'_>,
        refresh_token: &str,
    ) -> Result<OAuthTokens, OAuthError> {
        self.token_client(client_id, proof).await?;
        let tokens = self
            .refresh(client_id, refresh_token, ClientProof::Trusted)
            .await
            .map_err(|error| match error {
                PoolError::Internal => OAuthError::from(error),
                PoolError::InvalidParameter(message) => {
                    OAuthError::new(OAuthErrorCode::UnauthorizedClient, message)
                }
                other => OAuthError::grant(other.to_string()),
            })?;
        Ok(OAuthTokens {
            tokens,
            refresh_token: None,
            openid: true,
        })
    }

    /// `/oauth2/token` with `grant_type=client_credentials` (RFC 6749 §4.4): a client with
    /// a secret gets an access token of its own for resource-server scopes it is allowed
    /// (all of them when it names none), as Cognito's machine-to-machine tokens.
    #[tracing::instrument(skip_all)]
    pub async fn client_credentials(
        &self,
        client_id: &str,
        proof: ClientProof<'_>,
        scope: Option<&str>,
    ) -> Result<OAuthTokens, OAuthError> {
        let client = self.token_client(client_id, proof).await?;
        if client.secret.is_none() || !client.allows_oauth("client_credentials") {
            return Err(OAuthError::new(
                OAuthErrorCode::UnauthorizedClient,
                "The app client may not use client_credentials (it needs a secret and the flow).",
            ));
        }
        // Only scopes a resource server still defines, and the client is allowed.
        let existing = self.custom_scopes(&client.pool_id).await?;
        let allowed: Vec<&String> = client
            .settings
            .allowed_oauth_scopes
            .iter()
            .filter(|s| existing.contains(s))
            .collect();
        let granted: Vec<&str> = match scope.map(str::trim).filter(|s| !s.is_empty()) {
            None => allowed.iter().map(|s| s.as_str()).collect(),
            Some(asked) => {
                let asked: Vec<&str> = asked.split_whitespace().collect();
                if !asked.iter().all(|s| allowed.iter().any(|a| a == s)) {
                    return Err(OAuthError::new(
                        OAuthErrorCode::InvalidScope,
                        "A requested scope is not one of the client's resource-server scopes.",
                    ));
                }
                asked
            }
        };
        if granted.is_empty() {
            return Err(OAuthError::new(
                OAuthErrorCode::InvalidScope,
                "The app client has no resource-server scope to grant.",
            ));
        }
        let scope = granted.join(" ");
        let keys = self.pool_keys(&client.pool_id).await?;
        let issuer = self.issuer(&client.pool_id);
        let (access_token, expires_in) =
            tokens::issue_for_client(&keys.current, &issuer, &client, &scope, self.clock.now())
                .map_err(PoolError::internal)?;
        tracing::info!(client_id = %client.id, "client credentials granted");
        Ok(OAuthTokens {
            tokens: IssuedTokens {
                id_token: String::new(),
                access_token,
                expires_in,
            },
            refresh_token: None,
            openid: false,
        })
    }

    /// `/oauth2/revoke` (RFC 7009): ends the refresh token's sign-in; an unknown token is
    /// not an error (§2.2), one issued to another client is refused.
    pub async fn oauth_revoke(
        &self,
        client_id: &str,
        proof: ClientProof<'_>,
        token: &str,
    ) -> Result<(), OAuthError> {
        self.token_client(client_id, proof).await?;
        self.revoke_refresh_token(client_id, token, ClientProof::Trusted)
            .await
            .map_err(|error| match error {
                PoolError::Internal => OAuthError::from(error),
                other => OAuthError::new(OAuthErrorCode::UnauthorizedClient, other.to_string()),
            })
    }

    /// The client of a token request, authenticated (RFC 6749 §2.3): a client with a secret
    /// must give it; any failure is `invalid_client`.
    async fn token_client(
        &self,
        client_id: &str,
        proof: ClientProof<'_>,
    ) -> Result<AppClient, OAuthError> {
        let invalid = || {
            OAuthError::new(
                OAuthErrorCode::InvalidClient,
                "Client authentication failed.",
            )
        };
        let (_pool, client) = self.client(client_id).await.map_err(|error| match error {
            PoolError::Internal => OAuthError::from(error),
            _ => invalid(),
        })?;
        proof.check(&client, &[]).map_err(|_| invalid())?;
        Ok(client)
    }

    /// `/oauth2/userInfo` (OIDC Core §5.3): the user's claims that the token's scopes
    /// release (§5.4); the token must hold `openid`.
    pub async fn userinfo(&self, access_token: &str) -> Result<Map<String, Value>, PoolError> {
        let (claims, user) = self.token_user(access_token).await?;
        if !has_scope(&claims.scope, "openid") {
            // A good token without the scope: the door answers insufficient_scope (403).
            return Err(PoolError::InvalidParameter(
                "The access token does not have the openid scope.".into(),
            ));
        }
        let client = self.access_token_client(&claims.client_id).await?;
        let mut info = Map::new();
        info.insert("sub".into(), user.sub.as_str().into());
        info.insert("username".into(), user.username.as_str().into());
        for (name, value) in &user.attributes {
            if !client.settings.reads(name) {
                continue;
            }
            let released = match scope_of_claim(name) {
                Some(scope) => has_scope(&claims.scope, scope),
                // Custom attributes go with the user-pool scope only, as Cognito's.
                None => has_scope(&claims.scope, USER_ADMIN_SCOPE),
            };
            if let Some(value) = released
                .then(|| crate::tokens::attribute_claim(name, value))
                .flatten()
            {
                info.insert(name.clone(), value);
            }
        }
        Ok(info)
    }
}

/// Which scope releases a standard claim (OIDC Core §5.4).
fn scope_of_claim(name: &str) -> Option<&'static str> {
    Some(match name {
        "email" | "email_verified" => "email",
        "phone_number" | "phone_number_verified" => "phone",
        "address" => "address",
        "name" | "family_name" | "given_name" | "middle_name" | "nickname"
        | "preferred_username" | "profile" | "picture" | "website" | "gender" | "birthdate"
        | "zoneinfo" | "locale" | "updated_at" => "profile",
        _ => return None,
    })
}

pub(super) fn has_scope(scopes: &str, wanted: &str) -> bool {
    scopes.split_whitespace().any(|s| s == wanted)
}

/// Whether `scope` is one OpenID Connect or Cognito defines.
pub fn is_standard_scope(scope: &str) -> bool {
    STANDARD_SCOPES.contains(&scope)
}

/// A PKCE S256 challenge: BASE64URL(SHA-256) is 43 characters (RFC 7636 §4.2).
fn is_pkce_challenge(challenge: &str) -> bool {
    challenge.len() == 43
        && challenge
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// RFC 7636 §4.6: BASE64URL(SHA-256(verifier)) equals the challenge; the verifier is 43 to
/// 128 unreserved characters.
fn pkce_matches(challenge: &str, verifier: &str) -> bool {
    let well_formed = (43..=128).contains(&verifier.len())
        && verifier
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b));
    let computed = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    well_formed && bool::from(computed.as_bytes().ct_eq(challenge.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkce_follows_rfc_7636() {
        // RFC 7636 Appendix B.
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
        assert!(is_pkce_challenge(challenge));
        assert!(pkce_matches(challenge, verifier));
        assert!(!pkce_matches(
            challenge,
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXl"
        ));
        assert!(!pkce_matches(challenge, "short"));
    }
}

#[cfg(test)]
mod flow_tests {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use sha2::{Digest, Sha256};

    use crate::pool::AppClient;
    use crate::pool::secrets::ClientProof;
    use crate::pool::{
        AuthorizeError, AuthorizeParams, Authorized, Callback, CallbackOutcome, ClientSettings,
        OAuthError, OAuthErrorCode, OAuthTokens, ResourceScope,
    };
    use crate::testkit::{Kit, PASSWORD};

    const CALLBACK: &str = "http://localhost:8080/callback";
    const VERIFIER: &str = "a-long-enough-verifier-of-forty-three-characters";
    const OTHER_VERIFIER: &str = "another-verifier-that-is-long-enough-to-pass";
    const OTHER_CALLBACK: &str = "http://localhost:9/callback";

    fn challenge(verifier: &str) -> String {
        URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
    }

    fn params(kit: &Kit) -> AuthorizeParams {
        AuthorizeParams {
            client_id: Some(kit.client_id().into()),
            redirect_uri: Some(CALLBACK.into()),
            response_type: Some("code".into()),
            scope: Some("openid email".into()),
            state: Some("xyz".into()),
            nonce: Some("n-0S6".into()),
            code_challenge: Some(challenge(VERIFIER)),
            code_challenge_method: Some("S256".into()),
            ..AuthorizeParams::default()
        }
    }

    fn code_of(callback: &Callback) -> String {
        assert_eq!(callback.redirect_uri, CALLBACK);
        assert_eq!(callback.state.as_deref(), Some("xyz"));
        match &callback.outcome {
            CallbackOutcome::Code { code, issuer } => {
                assert!(issuer.starts_with("https://id.example/local_"));
                code.clone()
            }
            CallbackOutcome::Refused(error) => panic!("refused: {error:?}"),
        }
    }

    fn refused(outcome: Result<Authorized, AuthorizeError>) -> OAuthErrorCode {
        match outcome {
            Err(AuthorizeError::Redirect(Callback {
                outcome: CallbackOutcome::Refused(error),
                ..
            })) => error.code,
            other => panic!("expected a refusal at the callback, got {other:?}"),
        }
    }

    /// Jane, confirmed, and a code from her sign-in for the default client.
    async fn jane_with_a_code() -> (Kit, String) {
        let kit = Kit::with_user("jane").await;
        let code = code_for(&kit, "jane").await;
        (kit, code)
    }

    /// The code's exchange with the right redirect URI and verifier.
    async fn exchange(kit: &Kit, code: &str) -> Result<OAuthTokens, OAuthError> {
        exchange_with(kit, code, Some(CALLBACK), Some(VERIFIER)).await
    }

    /// The code's exchange with `redirect_uri` and `verifier`.
    async fn exchange_with(
        kit: &Kit,
        code: &str,
        redirect_uri: Option<&str>,
        verifier: Option<&str>,
    ) -> Result<OAuthTokens, OAuthError> {
        let proof = ClientProof::Trusted;
        let client = kit.client_id();
        kit.pool
            .exchange_code(client, proof, code, redirect_uri, verifier)
            .await
    }

    /// The user signs in on the hosted pages while the request waits; then the code.
    async fn code_for(kit: &Kit, username: &str) -> String {
        let Authorized::SignIn { request, .. } =
            kit.pool.oauth_authorize(params(kit), None).await.unwrap()
        else {
            panic!("expected the sign-in first");
        };
        let signed_in = kit.signed_in(username).await;
        let session = kit.pool.start_session(&signed_in.family_id).await.unwrap();
        match kit
            .pool
            .oauth_continue(&request, Some(&session))
            .await
            .unwrap()
        {
            Authorized::Redirect(callback) => code_of(&callback),
            other => panic!("expected the code, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn a_code_is_exchanged_once_with_its_verifier() {
        let (kit, code) = jane_with_a_code().await;
        let wrong = exchange_with(&kit, &code, Some(CALLBACK), Some(OTHER_VERIFIER)).await;
        assert_eq!(wrong.unwrap_err().code, OAuthErrorCode::InvalidGrant);

        let code = code_for(&kit, "jane").await;
        let tokens = exchange(&kit, &code).await.unwrap();
        assert!(tokens.openid && tokens.refresh_token.is_some());
        let id = kit.id_claims(&tokens.tokens.id_token).await;
        assert_eq!(id["nonce"], "n-0S6");
        // Again: refused, and what the first exchange gave is revoked (RFC 6749 §4.1.2).
        let replay = exchange(&kit, &code).await;
        assert_eq!(replay.unwrap_err().code, OAuthErrorCode::InvalidGrant);
        assert!(!kit.accepts(&tokens.tokens.access_token).await);
    }

    #[tokio::test]
    async fn a_code_expires_in_five_minutes_and_keeps_its_redirect_uri() {
        let (kit, code) = jane_with_a_code().await;
        let other_uri = exchange_with(&kit, &code, Some(OTHER_CALLBACK), Some(VERIFIER)).await;
        assert_eq!(other_uri.unwrap_err().code, OAuthErrorCode::InvalidGrant);
        let code = code_for(&kit, "jane").await;
        kit.advance(300);
        let late = exchange(&kit, &code).await;
        assert_eq!(late.unwrap_err().code, OAuthErrorCode::InvalidGrant);
    }

    #[tokio::test]
    async fn bad_requests_go_back_to_the_app_with_their_code() {
        let kit = Kit::new().await;
        let changed = |change: fn(&mut AuthorizeParams)| {
            let mut asked = params(&kit);
            change(&mut asked);
            asked
        };
        let cases = [
            (
                changed(|p| p.code_challenge_method = Some("plain".into())),
                "plain PKCE",
            ),
            (changed(|p| p.code_challenge = None), "no PKCE"),
            (
                changed(|p| p.scope = Some("openid admin:all".into())),
                "a scope not allowed",
            ),
            (
                changed(|p| p.response_type = Some("token".into())),
                "the implicit flow",
            ),
            (
                changed(|p| p.prompt = Some("none".into())),
                "prompt=none, signed out",
            ),
        ];
        let expected = [
            OAuthErrorCode::InvalidRequest,
            OAuthErrorCode::InvalidRequest,
            OAuthErrorCode::InvalidScope,
            OAuthErrorCode::UnsupportedResponseType,
            OAuthErrorCode::LoginRequired,
        ];
        for ((asked, case), expected) in cases.into_iter().zip(expected) {
            let outcome = kit.pool.oauth_authorize(asked, None).await;
            assert_eq!(refused(outcome), expected, "{case}");
        }
        // A redirect URI that is not registered is never followed.
        let elsewhere = AuthorizeParams {
            redirect_uri: Some("https://evil.example/callback".into()),
            ..params(&kit)
        };
        assert!(matches!(
            kit.pool.oauth_authorize(elsewhere, None).await,
            Err(AuthorizeError::NoRedirect(_))
        ));
    }

    #[tokio::test]
    async fn a_live_session_answers_at_once_unless_the_app_asks_for_a_sign_in() {
        let (kit, signed_in) = Kit::signed_in_as("jane").await;
        let session = kit.pool.start_session(&signed_in.family_id).await.unwrap();
        let sso = kit
            .pool
            .oauth_authorize(params(&kit), Some(&session))
            .await
            .unwrap();
        assert!(matches!(sso, Authorized::Redirect(_)), "{sso:?}");
        let login = AuthorizeParams {
            prompt: Some("login".into()),
            ..params(&kit)
        };
        let fresh = kit
            .pool
            .oauth_authorize(login, Some(&session))
            .await
            .unwrap();
        assert!(matches!(fresh, Authorized::SignIn { .. }), "{fresh:?}");
        // Signed out, the session answers nothing.
        kit.pool.end_session(&session).await.unwrap();
        let after = kit
            .pool
            .oauth_authorize(params(&kit), Some(&session))
            .await
            .unwrap();
        assert!(matches!(after, Authorized::SignIn { .. }), "{after:?}");
        assert!(!kit.accepts(&signed_in.tokens.access_token).await);
    }

    #[tokio::test]
    async fn refresh_userinfo_and_revocation_follow_the_grant() {
        let (kit, code) = jane_with_a_code().await;
        let tokens = exchange(&kit, &code).await.unwrap();
        let info = kit
            .pool
            .userinfo(&tokens.tokens.access_token)
            .await
            .unwrap();
        assert_eq!(info["email"], "jane@example.com");
        assert!(info.get("custom:team").is_none());
        let refresh = tokens.refresh_token.unwrap();
        let refreshed = kit
            .pool
            .oauth_refresh(kit.client_id(), ClientProof::Trusted, &refresh)
            .await
            .unwrap();
        assert!(
            refreshed.refresh_token.is_none(),
            "the refresh token is kept"
        );
        kit.pool
            .oauth_revoke(kit.client_id(), ClientProof::Trusted, &refresh)
            .await
            .unwrap();
        let after = kit
            .pool
            .oauth_refresh(kit.client_id(), ClientProof::Trusted, &refresh)
            .await;
        assert_eq!(after.unwrap_err().code, OAuthErrorCode::InvalidGrant);
        // A token signed in with a password (no openid scope) reads no userinfo.
        let password = kit.signed_in("jane").await;
        let info = kit.pool.userinfo(&password.tokens.access_token).await;
        assert!(info.is_err());
    }

    #[tokio::test]
    async fn an_openid_token_cannot_read_or_change_the_user_through_the_cognito_api() {
        let (kit, code) = jane_with_a_code().await;
        let tokens = exchange(&kit, &code).await.unwrap();
        let access = &tokens.tokens.access_token;
        assert!(
            kit.pool.userinfo(access).await.is_ok(),
            "openid reads userinfo"
        );
        let scope = "Access Token does not have required scopes";
        crate::testkit::refused_with(
            kit.pool.authenticate(access).await,
            crate::pool::PoolError::NotAuthorized,
            scope,
        );
        let role = [("custom:role".to_string(), "admin".to_string())].into();
        crate::testkit::refused_with(
            kit.pool.update_attributes(access, role).await,
            crate::pool::PoolError::NotAuthorized,
            scope,
        );
        crate::testkit::refused_with(
            kit.pool.delete_self(access).await,
            crate::pool::PoolError::NotAuthorized,
            scope,
        );
        crate::testkit::refused_with(
            kit.pool.global_sign_out(access).await,
            crate::pool::PoolError::NotAuthorized,
            scope,
        );
        // The hosted pages' own sign-in holds the scope.
        let password = kit.signed_in("jane").await;
        assert!(
            kit.pool
                .authenticate(&password.tokens.access_token)
                .await
                .is_ok()
        );
    }

    #[tokio::test]
    async fn the_hosted_sign_in_honours_the_clients_settings() {
        let kit = Kit::with_user("jane").await;
        let hosted = |client: &AppClient, request: Option<String>| {
            let (kit, id) = (&kit, client.id.to_string());
            async move {
                kit.pool
                    .password_sign_in(
                        &id,
                        "jane",
                        PASSWORD,
                        crate::pool::Via::Pages {
                            oauth_request: request.as_deref(),
                        },
                    )
                    .await
            }
        };
        let request_of = |client: &AppClient| {
            let (kit, id) = (&kit, client.id.to_string());
            async move {
                let params = AuthorizeParams {
                    client_id: Some(id),
                    ..params(kit)
                };
                match kit.pool.oauth_authorize(params, None).await {
                    Ok(Authorized::SignIn { request, .. }) => request,
                    other => panic!("expected the sign-in step, got {other:?}"),
                }
            }
        };
        // A client with a secret: only while answering its own authorization request.
        let secret = kit.client_with(true, ClientSettings::default()).await;
        crate::testkit::refused_with(
            hosted(&secret, None).await,
            crate::pool::PoolError::InvalidParameter,
            "own sign-in link",
        );
        let other_request = request_of(&kit.client).await;
        assert!(hosted(&secret, Some(other_request.clone())).await.is_err());
        assert!(hosted(&secret, Some("made-up".into())).await.is_err());
        let own_request = request_of(&secret).await;
        assert!(hosted(&secret, Some(own_request)).await.is_ok());
        // OAuth off: no hosted sign-in at all.
        let off = ClientSettings {
            oauth_enabled: false,
            allowed_oauth_flows: vec![],
            allowed_oauth_scopes: vec![],
            ..ClientSettings::default()
        };
        let off = kit.client_with(false, off).await;
        crate::testkit::refused_with(
            hosted(&off, None).await,
            crate::pool::PoolError::InvalidParameter,
            "hosted sign-in pages",
        );
        // No password flow in ExplicitAuthFlows: none outside an authorization request.
        let refresh_only = ClientSettings {
            explicit_auth_flows: vec!["ALLOW_REFRESH_TOKEN_AUTH".into()],
            ..ClientSettings::default()
        };
        let refresh_only = kit.client_with(false, refresh_only).await;
        crate::testkit::refused_with(
            hosted(&refresh_only, None).await,
            crate::pool::PoolError::InvalidParameter,
            "password sign-in",
        );
        let request = request_of(&refresh_only).await;
        assert!(hosted(&refresh_only, Some(request)).await.is_ok());
        // The default client (public, password flows, OAuth on) signs in as before.
        assert!(hosted(&kit.client, Some(other_request)).await.is_ok());
        assert!(hosted(&kit.client, None).await.is_ok());
    }

    #[tokio::test]
    async fn a_disabled_users_tokens_are_refused_everywhere() {
        let (kit, code) = jane_with_a_code().await;
        let oauth = exchange(&kit, &code).await.unwrap();
        let password = kit.signed_in("jane").await;
        kit.pool
            .admin_set_enabled(kit.pool_id(), "jane", false)
            .await
            .unwrap();
        for token in [&oauth.tokens.access_token, &password.tokens.access_token] {
            assert!(!kit.accepts(token).await, "authorize (the notes API)");
            assert!(kit.pool.userinfo(token).await.is_err());
            assert!(kit.pool.authenticate(token).await.is_err());
        }
        // Enabled again, the old tokens stay revoked; a new sign-in works.
        kit.pool
            .admin_set_enabled(kit.pool_id(), "jane", true)
            .await
            .unwrap();
        assert!(!kit.accepts(&password.tokens.access_token).await);
        let again = kit.signed_in("jane").await;
        assert!(kit.accepts(&again.tokens.access_token).await);
    }

    #[tokio::test]
    async fn a_client_gets_its_own_token_for_a_resource_servers_scope() {
        let kit = Kit::new().await;
        kit.pool
            .create_resource_server(
                kit.pool_id(),
                "notes",
                "Notes",
                vec![ResourceScope {
                    name: "read".into(),
                    description: "Read".into(),
                }],
            )
            .await
            .unwrap();
        let machine = kit
            .client_with(
                true,
                ClientSettings {
                    allowed_oauth_flows: vec!["client_credentials".into()],
                    allowed_oauth_scopes: vec!["notes/read".into()],
                    callback_urls: vec![],
                    ..ClientSettings::default()
                },
            )
            .await;
        let secret = machine.secret.as_ref().unwrap().expose().to_string();
        let wrong = kit
            .pool
            .client_credentials(machine.id.as_str(), ClientProof::Secret(Some("nope")), None)
            .await;
        assert_eq!(wrong.unwrap_err().code, OAuthErrorCode::InvalidClient);
        let other_scope = kit
            .pool
            .client_credentials(
                machine.id.as_str(),
                ClientProof::Secret(Some(&secret)),
                Some("openid"),
            )
            .await;
        assert_eq!(other_scope.unwrap_err().code, OAuthErrorCode::InvalidScope);
        let granted = kit
            .pool
            .client_credentials(
                machine.id.as_str(),
                ClientProof::Secret(Some(&secret)),
                None,
            )
            .await
            .unwrap();
        let claims = kit
            .pool
            .authorize(&granted.tokens.access_token)
            .await
            .unwrap();
        assert_eq!(claims.scope, "notes/read");
        assert_eq!(claims.sub, machine.id.as_str());
        assert!(granted.refresh_token.is_none() && !granted.openid);
        // The code flow's client may not use it.
        let public = kit
            .pool
            .client_credentials(kit.client_id(), ClientProof::Trusted, None)
            .await;
        assert_eq!(public.unwrap_err().code, OAuthErrorCode::UnauthorizedClient);
        // Its token lives as long as the client does.
        kit.pool
            .delete_client(kit.pool_id(), machine.id.as_str(), &kit.client.id)
            .await
            .unwrap();
        assert!(!kit.accepts(&granted.tokens.access_token).await);
    }
}
