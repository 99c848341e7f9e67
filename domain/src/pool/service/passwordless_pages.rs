//! The hosted pages' sign-ins without a password: a passkey that names its own user (the
//! browser's passkey autofill, or its button), and "Email me a code". The checks are the
//! API's (`user_auth.rs`); only how the pages start them differs.

use super::throttle::Subject;
use super::triggers::TokenSource;
use super::user_auth::Signing;
use super::*;
use crate::pool::webauthn::RelyingParty;
use crate::pool::{FirstChallenge, FirstFactorChoice, PasskeyChallenge, WebAuthnRefusal};

impl UserPool {
    /// The sign-in page's passkey request: options that name no user (the authenticator
    /// offers the passkeys it holds for the relying party), and the session that answers
    /// them within three minutes.
    #[tracing::instrument(skip_all)]
    pub async fn page_passkey_options(
        &self,
        client_id: &str,
        oauth_request: Option<&str>,
    ) -> Result<(String, serde_json::Value), PoolError> {
        let (pool, client) = self.client(client_id).await?;
        self.check_hosted_sign_in(&client, oauth_request).await?;
        if !Self::passkeys_sign_in(&pool) {
            return Err(PoolError::WebAuthn(WebAuthnRefusal::NotEnabled));
        }
        let (options, state) = self
            .relying_party(&pool)?
            .start_authentication()
            .map_err(|_| PoolError::Internal)?;
        let session = tokens::new_refresh_token();
        let waiting = PasskeyChallenge {
            client_id: client.id.clone(),
            state,
            expires_at: Timestamp(self.clock.now().0 + AUTH_SESSION_SECONDS),
        };
        self.store
            .insert_passkey_challenge(&tokens::secret_hash(&session), &waiting)
            .await?;
        Ok((session, options))
    }

    /// The sign-in page's passkey answer: the user is the one whose handle the
    /// authenticator gives, and the passkey must be theirs — checked as the API's
    /// WEB_AUTHN answer is, wrong answers counting toward that user's lockout.
    #[tracing::instrument(skip_all)]
    pub async fn page_passkey_sign_in(
        &self,
        client_id: &str,
        session: &str,
        credential: &str,
    ) -> Result<SignInStep, PoolError> {
        let (pool, client) = self.client(client_id).await?;
        let refused = || PoolError::NotAuthorized(Denied::PasskeyRefused);
        let waiting = self
            .store
            .take_passkey_challenge(&tokens::secret_hash(session))
            .await?
            .filter(|waiting| waiting.client_id == client.id)
            .ok_or(PoolError::NotAuthorized(Denied::SessionInvalid))?;
        if waiting.expires_at <= self.clock.now() {
            return Err(PoolError::NotAuthorized(Denied::SessionExpired));
        }
        let (_, handle) = RelyingParty::claimed(credential).ok_or_else(refused)?;
        let sub = handle
            .and_then(|handle| String::from_utf8(handle).ok())
            .and_then(|sub| Sub::parse(&sub))
            .ok_or_else(refused)?;
        let user = self
            .store
            .get_user(&sub)
            .await?
            .filter(|user| user.pool_id == pool.id)
            .ok_or_else(refused)?;
        if !user.enabled {
            return Err(PoolError::NotAuthorized(Denied::Disabled));
        }
        let who = Subject::User(&user.sub);
        let lock = self.ensure_not_locked(who).await?;
        let asserted = self
            .check_assertion(&pool, &user, &waiting.state, credential)
            .await?;
        let Some(user_verified) = asserted else {
            self.record_failed_sign_in(&pool, &client, &user).await;
            self.password_failed(who).await?;
            return Err(refused());
        };
        self.password_succeeded(who, lock).await?;
        self.passkey_proven(&pool, &client, user, user_verified, TokenSource::HostedAuth)
            .await
    }

    /// The sign-in page's "Email me a code": the code's step, as USER_AUTH's EMAIL_OTP
    /// (an unknown user gets the same answer, and a code is never sent to them).
    #[tracing::instrument(skip_all)]
    pub async fn page_email_code(
        &self,
        client_id: &str,
        oauth_request: Option<&str>,
        username: &str,
    ) -> Result<SignInStep, PoolError> {
        let (pool, client) = self.client(client_id).await?;
        self.check_hosted_sign_in(&client, oauth_request).await?;
        if !self
            .offered(&pool, &client, None)
            .await?
            .contains(&FirstChallenge::EmailOtp)
        {
            return Err(PoolError::InvalidParameter(Invalid::SignIn(
                SignInFault::NotOffered,
            )));
        }
        let user = self
            .store
            .find_user(&pool.id, &users::lookup_key(username)?)
            .await?;
        let signing = Signing {
            typed: username,
            user,
            hide: true,
        };
        let no_metadata = Attributes::new();
        self.take_first_factor(
            &pool,
            &client,
            signing,
            FirstFactorChoice::EmailOtp,
            &no_metadata,
        )
        .await
    }

    /// Whether the pages offer passkeys and emailed codes to `client`'s users.
    pub async fn page_first_factors(&self, client_id: &str) -> Result<(bool, bool), PoolError> {
        let (pool, client) = self.client(client_id).await?;
        let offered = self.offered(&pool, &client, None).await?;
        Ok((
            offered.contains(&FirstChallenge::WebAuthn),
            offered.contains(&FirstChallenge::EmailOtp),
        ))
    }
}
