//! Forgotten and changed passwords.

use super::sign_up::{CODE_MISMATCH, fake_delivery};
use super::*;

impl UserPool {
    /// Cognito ForgotPassword: emails a reset code. With PreventUserExistenceErrors an
    /// unknown user gets the same answer as a known one.
    #[tracing::instrument(skip_all)]
    pub async fn forgot_password(
        &self,
        client_id: &str,
        proof: ClientProof<'_>,
        username: &str,
    ) -> Result<CodeDelivery, PoolError> {
        let (pool, client) = self.proven_client(client_id, proof, username).await?;
        let user = self
            .store
            .find_user(&pool.id, &users::fold(username))
            .await?;
        let user = match user {
            Some(user) if user.enabled && user.email().is_some() => user,
            Some(user) if !user.enabled => {
                return Err(PoolError::NotAuthorized("User is disabled.".into()));
            }
            Some(_) => {
                return Err(PoolError::InvalidParameter(
                    "Cannot reset password for the user as there is no registered email.".into(),
                ));
            }
            None if client.settings.prevent_user_existence_errors => {
                return Ok(fake_delivery(username));
            }
            None => {
                return Err(PoolError::UserNotFound(
                    "Username/client id combination not found.".into(),
                ));
            }
        };
        self.send_code(&user, Purpose::ResetPassword, self.clock.now())
            .await
    }

    /// Cognito ConfirmForgotPassword: sets the new password, confirms the user (the code
    /// proved the email) and revokes every token family of the user.
    #[tracing::instrument(skip_all)]
    pub async fn confirm_forgot_password(
        &self,
        client_id: &str,
        proof: ClientProof<'_>,
        username: &str,
        code: &str,
        new_password: &str,
    ) -> Result<(), PoolError> {
        let (pool, client) = self.proven_client(client_id, proof, username).await?;
        let Some(mut user) = self
            .store
            .find_user(&pool.id, &users::fold(username))
            .await?
        else {
            return Err(self.hidden_user(&client, PoolError::CodeMismatch(CODE_MISMATCH.into())));
        };
        check_password(&pool, new_password)?;
        let code_hash = self.check_code(&user, Purpose::ResetPassword, code).await?;
        let now = self.clock.now();
        self.set_password(&mut user, new_password).await?;
        user.status = UserStatus::Confirmed;
        user.verify_email();
        user.updated_at = now;
        self.use_code(Purpose::ResetPassword, &code_hash, &user, Some(now))
            .await?;
        tracing::info!(sub = %user.sub, "password reset; every sign-in revoked");
        Ok(())
    }

    /// Cognito ChangePassword: the signed-in user replaces their password, giving the old.
    #[tracing::instrument(skip_all)]
    pub async fn change_password(
        &self,
        access_token: &str,
        old_password: &str,
        new_password: &str,
    ) -> Result<(), PoolError> {
        let (_claims, mut user) = self.authenticate(access_token).await?;
        let pool = self
            .store
            .get_pool(&user.pool_id)
            .await?
            .ok_or(PoolError::Internal)?;
        let stored = user.password_hash.clone().unwrap_or_default();
        let matches = old_password.chars().count() <= MAX_PASSWORD_CHARS
            && self
                .passwords
                .verify(old_password.to_string(), stored)
                .await
                .map_err(PoolError::internal)?;
        if !matches {
            return Err(PoolError::incorrect_credentials());
        }
        check_password(&pool, new_password)?;
        self.set_password(&mut user, new_password).await?;
        user.updated_at = self.clock.now();
        self.store.update_user(&user).await?;
        tracing::info!(sub = %user.sub, "password changed");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::pool::secrets::ClientProof;
    use crate::pool::{PoolError, SignInStep, UserStatus};
    use crate::testkit::{Kit, PASSWORD};

    const NEW_PASSWORD: &str = "Another-Horse-2";

    #[tokio::test]
    async fn a_reset_sets_the_password_and_revokes_every_sign_in() {
        let kit = Kit::new().await;
        kit.confirmed_user("jane").await;
        let before = kit.signed_in("jane").await;
        let delivery = kit
            .pool
            .forgot_password(kit.client_id(), ClientProof::Trusted, "jane")
            .await
            .unwrap();
        assert_eq!(delivery.destination, "j***@e***");
        let code = kit.last_code("jane@example.com");
        let weak = kit
            .pool
            .confirm_forgot_password(kit.client_id(), ClientProof::Trusted, "jane", &code, "weak")
            .await;
        assert!(
            matches!(weak, Err(PoolError::InvalidPassword(_))),
            "{weak:?}"
        );
        kit.pool
            .confirm_forgot_password(
                kit.client_id(),
                ClientProof::Trusted,
                "jane",
                &code,
                NEW_PASSWORD,
            )
            .await
            .unwrap();
        assert!(
            kit.pool
                .authorize(&before.tokens.access_token)
                .await
                .is_err()
        );
        let refreshed = kit
            .pool
            .refresh(kit.client_id(), &before.refresh_token, ClientProof::Trusted)
            .await;
        assert!(refreshed.is_err(), "the old sign-in is over");
        assert!(
            kit.pool
                .sign_in(kit.client_id(), "jane", PASSWORD)
                .await
                .is_err()
        );
        let step = kit
            .pool
            .sign_in(kit.client_id(), "jane", NEW_PASSWORD)
            .await;
        assert!(matches!(step, Ok(SignInStep::Done(_))), "{step:?}");
        // The code is spent.
        let again = kit
            .pool
            .confirm_forgot_password(
                kit.client_id(),
                ClientProof::Trusted,
                "jane",
                &code,
                PASSWORD,
            )
            .await;
        assert!(matches!(again, Err(PoolError::ExpiredCode(_))), "{again:?}");
    }

    #[tokio::test]
    async fn a_reset_code_lives_an_hour() {
        let kit = Kit::new().await;
        kit.confirmed_user("jane").await;
        kit.pool
            .forgot_password(kit.client_id(), ClientProof::Trusted, "jane")
            .await
            .unwrap();
        let code = kit.last_code("jane@example.com");
        kit.advance(3600);
        let late = kit
            .pool
            .confirm_forgot_password(
                kit.client_id(),
                ClientProof::Trusted,
                "jane",
                &code,
                NEW_PASSWORD,
            )
            .await;
        assert!(matches!(late, Err(PoolError::ExpiredCode(_))), "{late:?}");
    }

    #[tokio::test]
    async fn an_unknown_user_gets_the_answer_a_known_one_gets() {
        let kit = Kit::new().await;
        let delivery = kit
            .pool
            .forgot_password(kit.client_id(), ClientProof::Trusted, "nobody")
            .await
            .unwrap();
        assert!(delivery.destination.contains("***"));
        let confirm = kit
            .pool
            .confirm_forgot_password(
                kit.client_id(),
                ClientProof::Trusted,
                "nobody",
                "123456",
                NEW_PASSWORD,
            )
            .await;
        assert!(
            matches!(confirm, Err(PoolError::CodeMismatch(_))),
            "{confirm:?}"
        );
    }

    #[tokio::test]
    async fn a_reset_confirms_an_unconfirmed_user_and_a_disabled_one_gets_no_code() {
        let kit = Kit::new().await;
        let user = kit.sign_up("ann").await;
        kit.pool
            .forgot_password(kit.client_id(), ClientProof::Trusted, "ann")
            .await
            .unwrap();
        let code = kit.last_code("ann@example.com");
        kit.pool
            .confirm_forgot_password(
                kit.client_id(),
                ClientProof::Trusted,
                "ann",
                &code,
                NEW_PASSWORD,
            )
            .await
            .unwrap();
        assert_eq!(kit.user(&user.sub).await.status, UserStatus::Confirmed);

        kit.confirmed_user("jane").await;
        kit.pool
            .admin_set_enabled(kit.pool_id(), "jane", false)
            .await
            .unwrap();
        let sent = kit.mail.to("jane@example.com").len();
        let disabled = kit
            .pool
            .forgot_password(kit.client_id(), ClientProof::Trusted, "jane")
            .await;
        assert!(
            matches!(disabled, Err(PoolError::NotAuthorized(_))),
            "{disabled:?}"
        );
        assert_eq!(kit.mail.to("jane@example.com").len(), sent);
    }

    #[tokio::test]
    async fn a_password_change_needs_the_old_password_and_the_policy() {
        let kit = Kit::new().await;
        kit.confirmed_user("jane").await;
        let token = kit.signed_in("jane").await.tokens.access_token;
        let wrong = kit
            .pool
            .change_password(&token, "Not-the-password-1", NEW_PASSWORD)
            .await;
        assert!(
            matches!(wrong, Err(PoolError::NotAuthorized(_))),
            "{wrong:?}"
        );
        let weak = kit.pool.change_password(&token, PASSWORD, "weak").await;
        assert!(
            matches!(weak, Err(PoolError::InvalidPassword(_))),
            "{weak:?}"
        );
        kit.pool
            .change_password(&token, PASSWORD, NEW_PASSWORD)
            .await
            .unwrap();
        let step = kit
            .pool
            .sign_in(kit.client_id(), "jane", NEW_PASSWORD)
            .await;
        assert!(matches!(step, Ok(SignInStep::Done(_))), "{step:?}");
    }
}
