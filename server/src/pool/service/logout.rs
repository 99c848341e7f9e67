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
        let invalid = |message: &str| PoolError::InvalidParameter(message.to_string());
        let hinted = match &params.id_token_hint {
            Some(hint) => Some(self.id_hint_client(hint).await?),
            None => None,
        };
        let client_id = match (params.client_id.as_deref(), hinted.as_deref()) {
            (Some(given), Some(hinted)) if given != hinted => {
                return Err(invalid("client_id is not the ID token's audience."));
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
        let client_id = client_id.ok_or_else(|| invalid("A sign-out URL needs the client_id."))?;
        let (_pool, client) = self.client(client_id).await?;
        if !client
            .settings
            .logout_urls
            .iter()
            .any(|url| crate::pool::redirect_matches(url, target))
        {
            return Err(invalid(
                "The URL is not one of the app client's sign-out URLs.",
            ));
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
        let invalid = || PoolError::InvalidParameter("The id_token_hint is not valid.".into());
        let (_pool, verified) = self
            .verify_token(token, |keys, issuer| {
                tokens::verify_id_hint(keys, issuer, token)
            })
            .await?
            .ok_or_else(invalid)?;
        verified.map(|(aud, _sub)| aud).map_err(|_| invalid())
    }
}

#[cfg(test)]
mod tests {
    use crate::pool::{LogoutParams, PoolError};
    use crate::testkit::{Kit, refused};

    #[tokio::test]
    async fn sign_out_returns_only_to_a_registered_url() {
        let kit = Kit::new().await;
        let none = kit
            .pool
            .logout_target(&LogoutParams::default())
            .await
            .unwrap();
        assert_eq!(none, None, "the sign-in page");
        let cognito = LogoutParams {
            client_id: Some(kit.client_id().into()),
            logout_uri: Some("http://localhost:8080/".into()),
            state: Some("ignored without post_logout_redirect_uri".into()),
            ..LogoutParams::default()
        };
        let target = kit.pool.logout_target(&cognito).await.unwrap();
        assert_eq!(target.as_deref(), Some("http://localhost:8080/"));
        let unregistered = LogoutParams {
            logout_uri: Some("https://evil.example/".into()),
            ..cognito.clone()
        };
        refused(
            kit.pool.logout_target(&unregistered).await,
            PoolError::InvalidParameter,
        );
        let anonymous = LogoutParams {
            client_id: None,
            ..cognito
        };
        assert!(kit.pool.logout_target(&anonymous).await.is_err());
    }

    #[tokio::test]
    async fn an_id_token_hint_names_the_client_even_once_expired() {
        let kit = Kit::with_user("jane").await;
        let id_token = kit.signed_in("jane").await.tokens.id_token;
        kit.advance(2 * 3600);
        let oidc = LogoutParams {
            id_token_hint: Some(id_token.clone()),
            post_logout_redirect_uri: Some("http://127.0.0.1:3417/".into()),
            state: Some("s 1".into()),
            ..LogoutParams::default()
        };
        let target = kit.pool.logout_target(&oidc).await.unwrap();
        let back = Some("http://127.0.0.1:3417/?state=s+1");
        assert_eq!(target.as_deref(), back, "the state goes back with the user");
        let other_client = kit.client_with(false, Default::default()).await;
        let mismatch = LogoutParams {
            client_id: Some(other_client.id.to_string()),
            ..oidc.clone()
        };
        assert!(kit.pool.logout_target(&mismatch).await.is_err());
        let forged = LogoutParams {
            id_token_hint: Some(format!("{id_token}x")),
            ..oidc
        };
        assert!(kit.pool.logout_target(&forged).await.is_err());
    }
}
