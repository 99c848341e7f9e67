//! Signing in through an identity provider (Cognito's federation). Cognate is the
//! provider's confidential client: authorization code with PKCE, `state` and `nonce` of
//! its own, and the provider's ID token checked here (signature against its keys, issuer,
//! audience, expiry, nonce). The provider's user becomes (or is linked to) a pool user,
//! who then signs in to the app as any user does.

use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::{Map, Value};

use super::oauth::{Callback, CallbackOutcome, OAuthError};
use super::triggers::TokenSource;
use super::*;
use crate::pool::federation::{ClientAuth, Discovery, LinkError, ProviderTokens};
use crate::pool::{FederationState, IdentityProvider, OAuthRequest, ProviderKind};

/// How long the provider has to send the user back.
const FEDERATION_SECONDS: i64 = 10 * 60;
/// The end of a federated sign-in.
#[derive(Debug)]
pub enum Federated {
    /// Back to the app with a code; `signed_in` starts the hosted session (single sign-on).
    App {
        callback: Callback,
        signed_in: SignedIn,
    },
    /// Signed in on the hosted pages: a session, then `next`.
    Pages { next: String, signed_in: SignedIn },
}

/// A federated sign-in that did not end in a sign-in.
#[derive(Debug)]
pub enum FederationError {
    /// Said on a page: there is no app to tell (an unknown, used or expired `state`, or a
    /// sign-in the pages started).
    Page(OAuthError),
    /// Told to the app at its redirect URI (`access_denied`, `temporarily_unavailable`).
    App(Callback),
}

/// The provider's user as its answer gave it: its attributes (an ID token's claims, a
/// SAML assertion's attributes), and for SAML who the assertion named.
pub(super) struct ProviderUser {
    pub(super) claims: Map<String, Value>,
    pub(super) saml: Option<crate::pool::SamlSession>,
}

/// A federated sign-in taken out of the store to be finished.
pub(super) struct Waiting {
    pub(super) kept: FederationState,
    pub(super) pool: PoolConfig,
    pub(super) client: AppClient,
    /// The app's authorization request, if an app asked.
    pub(super) request: Option<OAuthRequest>,
}

/// The provider a hosted page's user chose.
#[derive(Clone, Copy, Debug)]
pub enum ChosenProvider<'a> {
    /// By its name ("Continue with <provider>").
    Named(&'a str),
    /// By their corporate email: the provider listing its domain among its IdpIdentifiers.
    ByEmail(&'a str),
}

/// Where the provider's endpoints are, once details and discovery are read.
struct Endpoints {
    authorize: String,
    token: String,
    userinfo: Option<String>,
    jwks: Option<String>,
    issuer: Option<String>,
}

impl UserPool {
    /// The provider `asked` names (by name, or by one of its IdpIdentifiers), if the client
    /// supports it; `None` for `COGNITO`, the pool's own sign-in.
    pub(super) async fn supported_provider(
        &self,
        client: &AppClient,
        asked: &str,
        by_identifier: bool,
    ) -> Result<Option<IdentityProvider>, PoolError> {
        if !by_identifier && asked == "COGNITO" {
            return Ok(None);
        }
        let provider = self
            .store
            .list_providers(&client.pool_id)
            .await?
            .into_iter()
            .find(|provider| {
                if by_identifier {
                    provider.identifiers.iter().any(|id| id == asked)
                } else {
                    provider.name == asked
                }
            });
        match provider {
            Some(provider) if client.settings.identity_providers.contains(&provider.name) => {
                Ok(Some(provider))
            }
            _ => Err(PoolError::InvalidParameter(Invalid::Provider(
                ProviderFault::NotEnabled(asked.to_string()),
            ))),
        }
    }

    /// The providers a client's sign-in page offers, by name.
    pub async fn client_providers(&self, client: &AppClient) -> Result<Vec<String>, PoolError> {
        Ok(self
            .store
            .list_providers(&client.pool_id)
            .await?
            .into_iter()
            .map(|provider| provider.name)
            .filter(|name| client.settings.identity_providers.contains(name))
            .collect())
    }

    /// Whether a client's sign-in page asks for a corporate email: one of its providers
    /// has IdpIdentifiers (an email domain among them sends the user there).
    pub async fn client_takes_corporate_email(
        &self,
        client: &AppClient,
    ) -> Result<bool, PoolError> {
        Ok(self
            .store
            .list_providers(&client.pool_id)
            .await?
            .into_iter()
            .any(|provider| {
                client.settings.identity_providers.contains(&provider.name)
                    && !provider.identifiers.is_empty()
            }))
    }

    /// The hosted sign-in page's "Continue with <provider>" (or its corporate email, whose
    /// domain one of the client's providers lists among its IdpIdentifiers): for the app's
    /// kept authorization request (`request`, its id), or for the pages themselves (`next`).
    #[tracing::instrument(skip_all)]
    pub async fn federate_from_pages(
        &self,
        client_id: &str,
        chosen: ChosenProvider<'_>,
        request: Option<&str>,
        next: &str,
    ) -> Result<String, PoolError> {
        let (_pool, client) = self.client(client_id).await?;
        let (asked, by_identifier) = match chosen {
            ChosenProvider::Named(name) => (name.to_string(), false),
            ChosenProvider::ByEmail(email) => {
                let domain = email
                    .rsplit_once('@')
                    .map(|(_, domain)| domain.trim().to_lowercase())
                    .filter(|domain| !domain.is_empty())
                    .ok_or(PoolError::InvalidParameter(Invalid::Provider(
                        ProviderFault::CorporateEmail,
                    )))?;
                (domain, true)
            }
        };
        let provider = self
            .supported_provider(&client, &asked, by_identifier)
            .await?
            .ok_or(PoolError::InvalidParameter(Invalid::SignIn(
                SignInFault::UsePassword,
            )))?;
        let request_hash = match request {
            Some(id) => {
                let hash = tokens::secret_hash(id);
                let kept = self.store.get_oauth_request(&hash).await?;
                if !kept
                    .is_some_and(|r| r.client_id == client.id && r.expires_at > self.clock.now())
                {
                    return Err(PoolError::NotAuthorized(Denied::FederationExpired));
                }
                Some(hash)
            }
            // Without the app's request the pages would hand the tokens to the browser,
            // which only a client without a secret may have (as with the password form).
            None if client.secret.is_some() => {
                return Err(PoolError::InvalidParameter(Invalid::Client(
                    ClientFault::OwnSignInLink,
                )));
            }
            None => None,
        };
        self.start_federation(&client, &provider, request_hash, Some(next.to_string()))
            .await
            .map_err(|error| {
                tracing::warn!(%error, provider = %provider.name, "cannot start a federated sign-in");
                PoolError::TooManyRequests(Busy::Provider(provider.name.clone()))
            })
    }

    /// Keeps what the provider's answer will be checked against and gives the provider's
    /// authorization URL.
    pub(super) async fn start_federation(
        &self,
        client: &AppClient,
        provider: &IdentityProvider,
        request_hash: Option<String>,
        next: Option<String>,
    ) -> Result<String, LinkError> {
        if provider.kind == ProviderKind::Saml {
            return self.start_saml(client, provider, request_hash, next).await;
        }
        let endpoints = self.endpoints(provider).await?;
        let state = tokens::new_refresh_token();
        let nonce = tokens::new_refresh_token();
        let verifier = tokens::new_refresh_token();
        let kept = FederationState {
            pool_id: provider.pool_id.clone(),
            client_id: client.id.clone(),
            provider_name: provider.name.clone(),
            nonce: nonce.clone(),
            verifier: verifier.clone(),
            request_hash,
            next,
            expires_at: Timestamp(self.clock.now().0 + FEDERATION_SECONDS),
        };
        self.store
            .insert_federation(&tokens::secret_hash(&state), &kept)
            .await
            .map_err(|error| LinkError::Unreachable(error.to_string()))?;
        let challenge = tokens::pkce_challenge(&verifier);
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        query
            .append_pair("response_type", "code")
            .append_pair(
                "client_id",
                provider.detail("client_id").unwrap_or_default(),
            )
            .append_pair("redirect_uri", &self.federation_callback())
            .append_pair(
                "scope",
                provider.detail("authorize_scopes").unwrap_or("openid"),
            )
            .append_pair("state", &state)
            .append_pair("code_challenge", &challenge)
            .append_pair("code_challenge_method", "S256");
        if provider.kind.is_oidc() {
            query.append_pair("nonce", &nonce);
        }
        // Apple sends the answer as a form when the user's name or email is asked for.
        let scopes = provider.detail("authorize_scopes").unwrap_or_default();
        if provider.kind == ProviderKind::SignInWithApple
            && scopes
                .split_whitespace()
                .any(|s| s == "name" || s == "email")
        {
            query.append_pair("response_mode", "form_post");
        }
        let separator = if endpoints.authorize.contains('?') {
            '&'
        } else {
            '?'
        };
        tracing::info!(provider = %provider.name, "federated sign-in started");
        Ok(format!(
            "{}{separator}{}",
            endpoints.authorize,
            query.finish()
        ))
    }

    /// `<public URL>/oauth2/idpresponse`: the redirect URI to register at a provider.
    pub fn federation_callback(&self) -> String {
        format!("{}/oauth2/idpresponse", self.public_url())
    }

    /// `/oauth2/idpresponse`: the provider's answer (`code`, or its `error`) for `state`.
    #[tracing::instrument(skip_all)]
    pub async fn finish_federation(
        &self,
        state: &str,
        answer: Result<&str, (&str, Option<&str>)>,
    ) -> Result<Federated, FederationError> {
        let gone = || FederationError::Page(OAuthError::FederationGone);
        let Waiting {
            kept,
            pool,
            client,
            request,
        } = self.take_waiting(state).await?;
        let refuse = |reason: OAuthError| refusal_to(&request, reason);
        let provider = self
            .store
            .list_providers(&kept.pool_id)
            .await
            .map_err(|_| gone())?
            .into_iter()
            .find(|provider| {
                provider.name == kept.provider_name && provider.kind != ProviderKind::Saml
            })
            .ok_or_else(|| refuse(OAuthError::ProviderGone))?;
        let code = match answer {
            Ok(code) => code,
            Err((error, description)) => {
                tracing::info!(provider = %provider.name, %error, "the identity provider refused");
                // Whatever the provider's reason, the app hears that it refused (Cognito's
                // access_denied), with the provider's own words.
                return Err(refuse(OAuthError::ProviderRefused {
                    provider: provider.name.clone(),
                    error: error.to_string(),
                    said: description.map(str::to_string),
                }));
            }
        };
        let claims = self
            .provider_user(&provider, code, &kept)
            .await
            .map_err(|failure| match failure {
                Failure::Link(error) => {
                    tracing::warn!(%error, provider = %provider.name, "identity provider unreachable");
                    refuse(OAuthError::ProviderUnreachable(provider.name.clone()))
                }
                Failure::Untrusted(why) => {
                    tracing::warn!(provider = %provider.name, why, "identity provider's answer refused");
                    refuse(OAuthError::ProviderUntrusted(provider.name.clone()))
                }
            })?;
        let user = ProviderUser { claims, saml: None };
        self.complete_federation(&pool, &client, &provider, user, request, kept.next)
            .await
    }

    /// The federated sign-in waiting under `state` taken out (a second answer finds
    /// nothing), with its app client and the app's authorization request, if one asked.
    pub(super) async fn take_waiting(&self, state: &str) -> Result<Waiting, FederationError> {
        let gone = || FederationError::Page(OAuthError::FederationGone);
        let kept = self
            .store
            .take_federation(&tokens::secret_hash(state))
            .await
            .map_err(|_| gone())?
            .filter(|kept| kept.expires_at > self.clock.now())
            .ok_or_else(gone)?;
        let (pool, client) = self
            .client(kept.client_id.as_str())
            .await
            .map_err(|_| gone())?;
        let request = match &kept.request_hash {
            Some(hash) => Some(
                self.store
                    .take_oauth_request(hash)
                    .await
                    .map_err(|_| gone())?
                    .filter(|request| request.expires_at > self.clock.now())
                    .ok_or_else(gone)?,
            ),
            None => None,
        };
        Ok(Waiting {
            kept,
            pool,
            client,
            request,
        })
    }

    /// A provider's user, once its answer is trusted, signed in: the pool user it is (or
    /// becomes), the pre and post authentication triggers, then back to the app's request
    /// with a code, or on to the pages' `next`.
    pub(super) async fn complete_federation(
        &self,
        pool: &PoolConfig,
        client: &AppClient,
        provider: &IdentityProvider,
        answer: ProviderUser,
        request: Option<OAuthRequest>,
        next: Option<String>,
    ) -> Result<Federated, FederationError> {
        let refuse = |reason: OAuthError| refusal_to(&request, reason);
        let user = self
            .federated_user(pool, client, provider, &answer.claims)
            .await
            .map_err(|error| refuse(OAuthError::Failed(error)))?;
        let now = self.clock.now();
        let mut signed_in = async {
            self.pre_authentication(
                pool,
                client,
                &user.username,
                Some(&user),
                &Attributes::new(),
            )
            .await?;
            self.finish_sign_in(pool, client, user.clone(), TokenSource::HostedAuth)
                .await
        }
        .await
        .map_err(|error| refuse(OAuthError::Failed(error)))?;
        signed_in.saml = answer.saml;
        tracing::info!(sub = %user.sub, provider = %provider.name, "signed in through an identity provider");
        match request {
            Some(request) => {
                let callback = self
                    .issue_code(&request, &(user, now))
                    .await
                    .map_err(|_| FederationError::Page(OAuthError::FederationGone))?;
                Ok(Federated::App {
                    callback,
                    signed_in,
                })
            }
            None => Ok(Federated::Pages {
                next: next.unwrap_or_default(),
                signed_in,
            }),
        }
    }

    /// The provider's endpoints: the details' own, else its discovery document's.
    async fn endpoints(&self, provider: &IdentityProvider) -> Result<Endpoints, LinkError> {
        let given = |key: &str| provider.detail(key).map(str::to_string);
        let mut endpoints = Endpoints {
            authorize: given("authorize_url").unwrap_or_default(),
            token: given("token_url").unwrap_or_default(),
            userinfo: given("attributes_url"),
            jwks: given("jwks_uri"),
            issuer: given("oidc_issuer"),
        };
        let incomplete = endpoints.authorize.is_empty()
            || endpoints.token.is_empty()
            || (provider.kind.is_oidc() && endpoints.jwks.is_none());
        if incomplete && let Some(issuer) = endpoints.issuer.clone() {
            let Discovery {
                authorization_endpoint,
                token_endpoint,
                userinfo_endpoint,
                jwks_uri,
                issuer: discovered,
            } = self.link.discover(&issuer).await?;
            if discovered.trim_end_matches('/') != issuer.trim_end_matches('/') {
                return Err(LinkError::Refused(format!(
                    "discovery names issuer {discovered}, not {issuer}"
                )));
            }
            if endpoints.authorize.is_empty() {
                endpoints.authorize = authorization_endpoint;
            }
            if endpoints.token.is_empty() {
                endpoints.token = token_endpoint;
            }
            if endpoints.jwks.is_none() {
                endpoints.jwks = Some(jwks_uri);
            }
            if endpoints.userinfo.is_none() && provider.kind == ProviderKind::Oidc {
                endpoints.userinfo = userinfo_endpoint;
            }
        }
        if endpoints.authorize.is_empty() || endpoints.token.is_empty() {
            return Err(LinkError::Refused(
                "the provider's authorize_url or token_url is unknown".into(),
            ));
        }
        Ok(endpoints)
    }

    /// The code redeemed and the provider's user read: the ID token's claims (checked),
    /// with the attributes URL's where one is configured.
    async fn provider_user(
        &self,
        provider: &IdentityProvider,
        code: &str,
        kept: &FederationState,
    ) -> Result<Map<String, Value>, Failure> {
        let endpoints = self.endpoints(provider).await?;
        let client_id = provider.detail("client_id").unwrap_or_default().to_string();
        let auth = match (provider.kind, provider.detail("client_secret")) {
            (ProviderKind::SignInWithApple, _) => ClientAuth::Post {
                id: client_id.clone(),
                secret: Some(apple_client_secret(provider, self.clock.now())?),
            },
            (ProviderKind::Facebook | ProviderKind::LoginWithAmazon, secret) => ClientAuth::Post {
                id: client_id.clone(),
                secret: secret.map(str::to_string),
            },
            (_, Some(secret)) => ClientAuth::Basic {
                id: client_id.clone(),
                secret: secret.to_string(),
            },
            (_, None) => ClientAuth::Post {
                id: client_id.clone(),
                secret: None,
            },
        };
        let callback = self.federation_callback();
        let form = [
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", callback.as_str()),
            ("code_verifier", kept.verifier.as_str()),
        ];
        let ProviderTokens {
            id_token,
            access_token,
        } = self.link.redeem(&endpoints.token, &auth, &form).await?;
        let mut claims = Map::new();
        if provider.kind.is_oidc() {
            let id_token = id_token.ok_or(Failure::Untrusted("no id_token in the answer"))?;
            let jwks = endpoints
                .jwks
                .as_deref()
                .ok_or(Failure::Untrusted("no jwks_uri"))?;
            let issuer = endpoints
                .issuer
                .as_deref()
                .ok_or(Failure::Untrusted("no issuer"))?;
            claims = self
                .checked_id_token(&id_token, jwks, issuer, &client_id, &kept.nonce)
                .await?;
        }
        if let (Some(url), Some(token)) = (&endpoints.userinfo, &access_token) {
            let post = provider.detail("attributes_request_method") == Some("POST");
            let attributes = self.link.attributes(url, token, post).await?;
            // OIDC Core 5.3.2: userinfo for another subject is ignored.
            if claims
                .get("sub")
                .is_some_and(|sub| attributes.get("sub") != Some(sub))
            {
                return Err(Failure::Untrusted("userinfo names another subject"));
            }
            for (name, value) in attributes {
                claims.entry(name).or_insert(value);
            }
        }
        Ok(claims)
    }

    /// The provider's ID token verified: signature by one of its keys, `iss`, `aud`
    /// (Cognate's client id at the provider), `exp`, and the `nonce` this sign-in sent.
    async fn checked_id_token(
        &self,
        id_token: &str,
        jwks_uri: &str,
        issuer: &str,
        client_id: &str,
        nonce: &str,
    ) -> Result<Map<String, Value>, Failure> {
        let header =
            jsonwebtoken::decode_header(id_token).map_err(|_| Failure::Untrusted("not a JWT"))?;
        let keys = self.link.keys(jwks_uri).await?;
        let jwk = match &header.kid {
            Some(kid) => keys.find(kid),
            None => keys.keys.first(),
        }
        .ok_or(Failure::Untrusted("signed with an unknown key"))?;
        let key = DecodingKey::from_jwk(jwk).map_err(|_| Failure::Untrusted("unusable key"))?;
        if !matches!(
            header.alg,
            Algorithm::RS256
                | Algorithm::RS384
                | Algorithm::RS512
                | Algorithm::ES256
                | Algorithm::ES384
                | Algorithm::PS256
        ) {
            return Err(Failure::Untrusted("an algorithm Cognate does not accept"));
        }
        let mut validation = Validation::new(header.alg);
        validation.set_issuer(&[issuer, issuer.trim_end_matches('/')]);
        validation.set_audience(&[client_id]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = 60;
        // The provider's clock against this server's (tests move Cognate's clock).
        validation.validate_exp = false;
        let data = jsonwebtoken::decode::<Map<String, Value>>(id_token, &key, &validation)
            .map_err(|_| Failure::Untrusted("signature, issuer or audience"))?;
        let claims = data.claims;
        let now = self.clock.now().0;
        let expired = claims
            .get("exp")
            .and_then(Value::as_i64)
            .is_none_or(|exp| exp + 60 < now);
        if expired {
            return Err(Failure::Untrusted("expired"));
        }
        if claims.get("nonce").and_then(Value::as_str) != Some(nonce) {
            return Err(Failure::Untrusted("nonce"));
        }
        Ok(claims)
    }
}

/// Why the provider's user could not be read.
enum Failure {
    Link(LinkError),
    /// The answer is not to be trusted; the reason is for the log.
    Untrusted(&'static str),
}

impl From<LinkError> for Failure {
    fn from(error: LinkError) -> Self {
        Self::Link(error)
    }
}

/// A refusal goes back to the app when there is one, else onto a page.
pub(super) fn refusal_to(request: &Option<OAuthRequest>, reason: OAuthError) -> FederationError {
    match request {
        Some(request) => FederationError::App(Callback {
            redirect_uri: request.redirect_uri.clone(),
            state: request.state.clone(),
            outcome: CallbackOutcome::Refused(reason),
        }),
        None => FederationError::Page(reason),
    }
}

/// Sign in with Apple's client secret: an ES256 JWT from the team's key (Apple's rules:
/// `iss` the team, `sub` the client id, `aud` Apple, at most six months).
fn apple_client_secret(provider: &IdentityProvider, now: Timestamp) -> Result<String, Failure> {
    let key = jsonwebtoken::EncodingKey::from_ec_pem(
        provider
            .detail("private_key")
            .unwrap_or_default()
            .as_bytes(),
    )
    .map_err(|_| Failure::Untrusted("Apple private_key"))?;
    let mut header = jsonwebtoken::Header::new(Algorithm::ES256);
    header.kid = provider.detail("key_id").map(str::to_string);
    let claims = serde_json::json!({
        "iss": provider.detail("team_id").unwrap_or_default(),
        "sub": provider.detail("client_id").unwrap_or_default(),
        "aud": "https://appleid.apple.com",
        "iat": now.0,
        "exp": now.0 + 300,
    });
    jsonwebtoken::encode(&header, &claims, &key).map_err(|_| Failure::Untrusted("Apple secret"))
}

#[cfg(test)]
#[path = "federation_tests.rs"]
mod tests;
