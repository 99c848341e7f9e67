//! The authorization request (`/oauth2/authorize`): parsed, checked (the client and its
//! redirect URI first, then every other parameter, as RFC 6749 §4.1 and PKCE ask), then
//! decided: straight to an identity provider, answered at once for a live hosted session, or
//! kept while the user signs in.

use super::oauth::{MAX_ECHO_CHARS, REQUEST_SECONDS, is_pkce_challenge};
use super::*;
use crate::pool::{OAuthRequest, redirect_matches};

/// An authorization request whose client, redirect URI and parameters are checked: what
/// is decided from here on is the request's answer, and a refusal goes back to the client.
pub(super) struct CheckedAuthorize {
    pub(super) client: AppClient,
    /// As kept while the user signs in.
    pub(super) request: OAuthRequest,
    /// `prompt=login`: sign in again, whatever session exists.
    prompt_login: bool,
    /// `prompt=none`: answer without showing a page, or refuse.
    prompt_none: bool,
    /// The provider asked for, and whether by one of its identifiers (`idp_identifier`).
    pub(super) provider: Option<(String, bool)>,
}

impl CheckedAuthorize {
    pub(super) fn refuse(&self, reason: OAuthError) -> AuthorizeError {
        refusal(&self.request.redirect_uri, &self.request.state, reason)
    }
}

/// A refusal sent back to the client's `redirect_uri` with its `state`.
fn refusal(redirect_uri: &str, state: &Option<String>, reason: OAuthError) -> AuthorizeError {
    AuthorizeError::Redirect(Callback {
        redirect_uri: redirect_uri.to_string(),
        state: state.clone(),
        outcome: CallbackOutcome::Refused(reason),
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
) -> Option<PkceFault> {
    match (challenge, method) {
        (Some(challenge), Some("S256")) if is_pkce_challenge(challenge) => None,
        (Some(_), Some("S256")) => Some(PkceFault::Challenge),
        (Some(_), _) => Some(PkceFault::Method),
        (None, _) if client.secret.is_none() => Some(PkceFault::Required),
        (None, _) => None,
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
                    checked.refuse(match error {
                        PoolError::InvalidParameter(Invalid::Provider(
                            ProviderFault::NotEnabled(asked),
                        )) => OAuthError::ProviderNotEnabled(asked),
                        other => OAuthError::Failed(other),
                    })
                })?;
            // COGNITO names the pool's own sign-in page.
            if let Some(provider) = provider {
                let id_hash = self.keep_oauth_request(&checked.request).await?.1;
                return self
                    .start_federation(&checked.client, &provider, Some(id_hash), None)
                    .await
                    .map(Authorized::External)
                    .map_err(|error| {
                        tracing::warn!(%error, provider = %provider.name, "cannot start a federated sign-in");
                        checked.refuse(OAuthError::ProviderUnreachable(provider.name.clone()))
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
            return Err(checked.refuse(OAuthError::LoginRequired));
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
            .map_err(|_| AuthorizeError::NoRedirect(Untrusted::Unavailable))?;
        Ok((id, id_hash))
    }

    /// The authorization request checked: its client and redirect URI first (until both
    /// are known to be the client's, a refusal cannot go back to it), then every other
    /// parameter, each refusal sent to the redirect URI.
    pub(super) async fn checked_authorize(
        &self,
        params: AuthorizeParams,
    ) -> Result<CheckedAuthorize, AuthorizeError> {
        let no_redirect = AuthorizeError::NoRedirect;
        let client_id = params
            .client_id
            .as_deref()
            .ok_or(no_redirect(Untrusted::NoClientId))?;
        let client = match self.client(client_id).await {
            Ok((_pool, client)) => client,
            Err(PoolError::ResourceNotFound(_)) => {
                return Err(no_redirect(Untrusted::UnknownClient));
            }
            Err(_) => return Err(no_redirect(Untrusted::Unavailable)),
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
            .ok_or(no_redirect(Untrusted::RedirectUri))?;
        let refuse = |reason| refusal(&redirect_uri, &params.state, reason);
        if !client.allows_oauth("code") {
            return Err(refuse(OAuthError::NoCodeFlow));
        }
        if params.response_type.as_deref() != Some("code") {
            return Err(refuse(OAuthError::ResponseType));
        }
        let scope = granted_scope(&client, params.scope.as_deref())
            .ok_or_else(|| refuse(OAuthError::ScopeNotAllowed))?;
        let too_long = |value: &Option<String>| {
            value
                .as_ref()
                .is_some_and(|v| v.chars().count() > MAX_ECHO_CHARS)
        };
        if too_long(&params.state) || too_long(&params.nonce) {
            return Err(refuse(OAuthError::EchoTooLong(MAX_ECHO_CHARS)));
        }
        let pkce = pkce_refusal(
            &client,
            params.code_challenge.as_deref(),
            params.code_challenge_method.as_deref(),
        );
        if let Some(fault) = pkce {
            return Err(refuse(OAuthError::Pkce(fault)));
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
                    return Err(refuse(OAuthError::MaxAge));
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
}
