//! Where `/logout` may send the browser: Cognito's `client_id` + `logout_uri`, and OpenID
//! Connect RP-Initiated Logout 1.0 (`id_token_hint` or `client_id`,
//! `post_logout_redirect_uri`, `state`). Only a client's registered sign-out URLs qualify.

use super::*;

/// What `/logout` is asked.
#[derive(Clone, Debug, Default)]
pub struct LogoutParams {
    pub client_id: Option<String>,
    /// Cognito's name for the URL to land on.
    pub logout_uri: Option<String>,
    pub id_token_hint: Option<String>,
    /// OIDC's name for it.
    pub post_logout_redirect_uri: Option<String>,
    pub state: Option<String>,
}

impl UserPool {
    /// The URL to send the browser to after signing out, `None` for the sign-in page. A URL
    /// the client did not register, or a hint that does not verify, is InvalidParameter:
    /// then nothing redirects anywhere.
    pub async fn logout_target(&self, params: &LogoutParams) -> Result<Option<String>, PoolError> {
        let invalid = |fault: LogoutFault| PoolError::InvalidParameter(Invalid::Logout(fault));
        let hinted = match &params.id_token_hint {
            Some(hint) => Some(self.id_hint_client(hint).await?),
            None => None,
        };
        let client_id = match (params.client_id.as_deref(), hinted.as_deref()) {
            (Some(given), Some(hinted)) if given != hinted => {
                return Err(invalid(LogoutFault::NotAudience));
            }
            (Some(given), _) => Some(given),
            (None, hinted) => hinted,
        };
        let target = params
            .logout_uri
            .as_deref()
            .or(params.post_logout_redirect_uri.as_deref());
        let Some(target) = target else {
            return Ok(None);
        };
        let client_id = client_id.ok_or(invalid(LogoutFault::NoClient))?;
        let (_pool, client) = self.client(client_id).await?;
        if !client
            .settings
            .logout_urls
            .iter()
            .any(|url| crate::pool::redirect_matches(url, target))
        {
            return Err(invalid(LogoutFault::NotRegistered));
        }
        let state = params
            .state
            .as_deref()
            .filter(|_| params.post_logout_redirect_uri.is_some());
        Ok(Some(match state {
            Some(state) => {
                let separator = if target.contains('?') { '&' } else { '?' };
                let query: String = url::form_urlencoded::Serializer::new(String::new())
                    .append_pair("state", state)
                    .finish();
                format!("{target}{separator}{query}")
            }
            None => target.to_string(),
        }))
    }

    /// The client an ID token was issued to, once its signature and issuer check out.
    async fn id_hint_client(&self, token: &str) -> Result<String, PoolError> {
        let invalid = || PoolError::InvalidParameter(Invalid::Logout(LogoutFault::Hint));
        let (_pool, verified) = self
            .verify_token(token, |keys, issuer| {
                tokens::verify_id_hint(keys, issuer, token)
            })
            .await?
            .ok_or_else(invalid)?;
        verified.map(|(aud, _sub)| aud).map_err(|_| invalid())
    }
}
