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
