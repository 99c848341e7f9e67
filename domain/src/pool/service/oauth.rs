//! OAuth 2.0 / OpenID Connect: what an authorization request leads to (its code, the hosted
//! pages' return to it, the code's exchange, refresh and client credentials) and userinfo
//! (OIDC Core §5.3); the request itself is checked and decided in `authorize.rs`. A live
//! hosted session answers at once (single sign-on).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use serde_json::{Map, Value};

use super::triggers::{TokenGroups, TokenSource};
use super::*;
use crate::pool::STANDARD_SCOPES;
use crate::pool::{OAuthCode, OAuthRequest, Redeemed};

/// How long a sign-in started at `/oauth2/authorize` may take, sign-up and its emailed
/// code included.
pub(super) const REQUEST_SECONDS: i64 = 30 * 60;
/// How long an authorization code lives (5 minutes, as Cognito's; it is used once).
const CODE_SECONDS: i64 = 5 * 60;
/// A bound on what a client may send back to itself (`state`, `nonce`).
pub(super) const MAX_ECHO_CHARS: usize = 2048;

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
    NoRedirect(Untrusted),
    /// Told to the client at its redirect URI.
    Redirect(Callback),
}

/// Why an authorization request cannot be answered at its redirect URI.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Untrusted {
    NoClientId,
    UnknownClient,
    /// The redirect_uri is not one of the client's callback URLs.
    RedirectUri,
    /// The store failed (logged); try again later.
    Unavailable,
    /// A kept request that expired (or was answered) while the user signed in.
    Expired,
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

/// Why an OAuth request was refused (RFC 6749 §4.1.2.1 and §5.2, OIDC Core §3.1.2.6, RFC
/// 7636). The OIDC door gives each its error code and its words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OAuthError {
    /// The client's authentication failed (RFC 6749 §2.3): unknown, or a wrong secret.
    ClientAuthentication,
    /// The client may not use the authorization code flow.
    NoCodeFlow,
    /// The client may not use client_credentials (it needs a secret and the flow).
    NoClientCredentials,
    /// A response_type other than `code`.
    ResponseType,
    /// A scope the client may not have.
    ScopeNotAllowed,
    /// state or nonce longer than is echoed (the most, in characters).
    EchoTooLong(usize),
    Pkce(PkceFault),
    /// max_age that is not a number of seconds.
    MaxAge,
    /// prompt=none and no one signed in.
    LoginRequired,
    /// An identity provider not enabled for the client.
    ProviderNotEnabled(String),
    /// The identity provider cannot be reached right now.
    ProviderUnreachable(String),
    /// The identity provider no longer exists.
    ProviderGone,
    /// The identity provider refused the sign-in, with its error and its own words.
    ProviderRefused {
        provider: String,
        error: String,
        said: Option<String>,
    },
    /// The identity provider's answer could not be verified.
    ProviderUntrusted(String),
    /// A federated sign-in that expired or was used.
    FederationGone,
    /// A SAML response this browser did not ask for, whose RelayState names no app's
    /// authorization request.
    SamlUnsolicited,
    /// What is wrong with an authorization code.
    Code(CodeFault),
    /// The code's user can no longer sign in.
    UserCannotSignIn,
    /// A client_credentials scope that is not one of the client's resource-server scopes.
    ScopeNotResourceServer,
    /// A client_credentials client without any resource-server scope.
    NoResourceScope,
    /// A step below the protocol refused or failed: a user who cannot sign in, a busy
    /// server, a value no store keeps, the store itself (logged where it happened).
    Failed(PoolError),
}

/// What is wrong with a request's PKCE.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PkceFault {
    /// code_challenge is not 43 base64url characters.
    Challenge,
    /// code_challenge_method is not S256.
    Method,
    /// A client without a secret sent no code_challenge.
    Required,
}

/// What is wrong with an authorization code at the token endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeFault {
    Unknown,
    /// Used before (its tokens are revoked).
    Used,
    OtherClient,
    Expired,
    /// The redirect_uri is not the one the code was issued for.
    RedirectUri,
    /// The code_verifier does not match the code_challenge.
    Verifier,
    /// A code_verifier for a code issued without PKCE.
    VerifierWithoutPkce,
}

/// A failure below the domain (logged, never shown) is the server's error.
impl From<StoreError> for OAuthError {
    fn from(error: StoreError) -> Self {
        Self::Failed(PoolError::from(error))
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
    /// Back from the hosted pages with the request's id: a code for the user the hosted
    /// `session` has signed in, or (no such session yet) the sign-in again.
    #[tracing::instrument(skip_all)]
    pub async fn oauth_continue(
        &self,
        request_id: &str,
        session: Option<&str>,
    ) -> Result<Authorized, AuthorizeError> {
        let expired = || AuthorizeError::NoRedirect(Untrusted::Expired);
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
    pub(super) async fn signed_in_for(
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
            .map_err(|_| AuthorizeError::NoRedirect(Untrusted::Unavailable))?;
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
            .map_err(|_| AuthorizeError::NoRedirect(Untrusted::Unavailable))?;
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
        let (pool, client) = self.token_client(client_id, proof).await?;
        if !client.allows_oauth("code") {
            return Err(OAuthError::NoCodeFlow);
        }
        let code_hash = tokens::secret_hash(code);
        let now = self.clock.now();
        let stored = match self.store.redeem_oauth_code(&code_hash, now).await? {
            None => return Err(OAuthError::Code(CodeFault::Unknown)),
            Some(Redeemed::Again { family_id }) => {
                if let Some(family) = family_id {
                    self.store.revoke_family(&family, now).await?;
                    tracing::warn!(origin_jti = %family, "authorization code replayed; its tokens are revoked");
                }
                return Err(OAuthError::Code(CodeFault::Used));
            }
            Some(Redeemed::First(stored)) => stored,
        };
        if stored.client_id != client.id {
            return Err(OAuthError::Code(CodeFault::OtherClient));
        }
        if stored.expires_at <= now {
            return Err(OAuthError::Code(CodeFault::Expired));
        }
        if redirect_uri != Some(stored.redirect_uri.as_str()) {
            return Err(OAuthError::Code(CodeFault::RedirectUri));
        }
        match (&stored.code_challenge, code_verifier) {
            (Some(challenge), Some(verifier)) if pkce_matches(challenge, verifier) => {}
            (Some(_), _) => {
                return Err(OAuthError::Code(CodeFault::Verifier));
            }
            (None, Some(_)) => {
                return Err(OAuthError::Code(CodeFault::VerifierWithoutPkce));
            }
            (None, None) => {}
        }
        let user = self
            .usable_user(&stored.user_sub)
            .await
            .map_err(|_| OAuthError::UserCannotSignIn)?;
        let signed_in = self
            .start_family_with(
                &pool,
                &client,
                user,
                &stored.scope,
                stored.auth_time,
                stored.nonce.as_deref(),
                TokenSource::HostedAuth,
                None,
            )
            .await
            .map_err(OAuthError::Failed)?;
        self.store
            .set_code_family(&code_hash, &signed_in.family_id)
            .await?;
        Ok(OAuthTokens {
            tokens: signed_in.tokens,
            refresh_token: Some(signed_in.refresh_token),
            openid: has_scope(&stored.scope, "openid"),
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
        let (pool, client) = self.token_client(client_id, proof).await?;
        if client.secret.is_none() || !client.allows_oauth("client_credentials") {
            return Err(OAuthError::NoClientCredentials);
        }
        // Only scopes a resource server still defines, and the client is allowed.
        let existing = self
            .custom_scopes(&client.pool_id)
            .await
            .map_err(OAuthError::Failed)?;
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
                    return Err(OAuthError::ScopeNotResourceServer);
                }
                asked
            }
        };
        if granted.is_empty() {
            return Err(OAuthError::NoResourceScope);
        }
        let scope = granted.join(" ");
        let keys = self
            .pool_keys(&client.pool_id)
            .await
            .map_err(OAuthError::Failed)?;
        let issuer = self.issuer(&client.pool_id);
        let no_groups = TokenGroups {
            groups: &[],
            roles: &[],
            preferred_role: None,
        };
        let overrides = self
            .pre_token_generation(
                &pool,
                &client,
                None,
                TokenSource::ClientCredentials,
                no_groups,
                &scope,
            )
            .await
            .map_err(OAuthError::Failed)?;
        let (access_token, expires_in) = tokens::issue_for_client(
            &keys.current,
            &issuer,
            &client,
            &scope,
            self.clock.now(),
            overrides.as_ref(),
        )
        .map_err(|error| OAuthError::Failed(PoolError::internal(error)))?;
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

    /// The client of a token request (and its pool), authenticated (RFC 6749 §2.3): a client with a secret
    /// must give it; any failure is `invalid_client`.
    async fn token_client(
        &self,
        client_id: &str,
        proof: ClientProof<'_>,
    ) -> Result<(PoolConfig, AppClient), OAuthError> {
        let (pool, client) = self.client(client_id).await.map_err(|error| match error {
            PoolError::Internal => OAuthError::Failed(error),
            _ => OAuthError::ClientAuthentication,
        })?;
        proof
            .check(&client, &[])
            .map_err(|_| OAuthError::ClientAuthentication)?;
        Ok((pool, client))
    }

    /// `/oauth2/userInfo` (OIDC Core §5.3): the user's claims that the token's scopes
    /// release (§5.4); the token must hold `openid`.
    pub async fn userinfo(&self, access_token: &str) -> Result<Map<String, Value>, PoolError> {
        let (claims, user) = self.token_user(access_token).await?;
        if !has_scope(&claims.scope, "openid") {
            // A good token without the scope: the door answers insufficient_scope (403).
            return Err(PoolError::InvalidParameter(Invalid::NoOpenidScope));
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
pub(super) fn is_pkce_challenge(challenge: &str) -> bool {
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
