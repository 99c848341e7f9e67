//! Forgotten and changed passwords.

use super::throttle::Subject;
use super::triggers::MessageFor;
use super::*;
use crate::pool::{EventKind, EventResponse, RiskEvent};

impl UserPool {
    /// Cognito ForgotPassword: emails a reset code. With PreventUserExistenceErrors an
    /// unknown, disabled or email-less user gets the answer a real delivery gets.
    #[tracing::instrument(skip_all)]
    pub async fn forgot_password(
        &self,
        client_id: &str,
        proof: ClientProof<'_>,
        username: &str,
    ) -> Result<CodeDelivery, PoolError> {
        let (pool, client) = self.proven_client(client_id, proof, username).await?;
        if pool.settings.recovery_admin_only {
            // Cognito's AccountRecoverySetting `admin_only`: the same answer for every name.
            return Err(PoolError::NotAuthorized(Denied::ResetByAdministrator));
        }
        let mut user = self
            .store
            .find_user(&pool.id, &users::lookup_key(username)?)
            .await?;
        if user.is_none() {
            // The user migration trigger may know the name; if it refuses, the name is
            // unknown as before.
            user = match self
                .migrate_user(&pool, &client, username, None, &Attributes::new())
                .await
            {
                Ok(migrated) => migrated,
                Err(PoolError::TriggerRefused { .. }) => None,
                Err(error) => return Err(error),
            };
        }
        let hiding = client.settings.prevent_user_existence_errors;
        let external = |user: &User| user.status == UserStatus::ExternalProvider;
        let user = match user {
            Some(user) if user.enabled && user.email().is_some() && !external(&user) => user,
            // A disabled user, or one without an email, answers as an unknown name does
            // where the client hides which users exist.
            _ if hiding => {
                return self
                    .pretend_code_sent(
                        &pool.id,
                        Purpose::ResetPassword,
                        MessageFor::ForgotPassword,
                        username,
                    )
                    .await;
            }
            Some(user) if !user.enabled => {
                return Err(PoolError::NotAuthorized(Denied::Disabled));
            }
            // Cognito's answer: a user of an identity provider has no password here.
            Some(user) if external(&user) => {
                return Err(PoolError::NotAuthorized(Denied::ResetNotAllowed));
            }
            Some(_) => {
                return Err(PoolError::InvalidParameter(Invalid::SignIn(
                    SignInFault::NoRegisteredEmail,
                )));
            }
            None => {
                return Err(PoolError::UserNotFound(UnknownUser::ForClient));
            }
        };
        let delivery = self
            .send_code(
                &user,
                Purpose::ResetPassword,
                MessageFor::ForgotPassword,
                self.clock.now(),
            )
            .await?;
        self.record_event(
            &pool,
            Some(&client),
            &user,
            EventKind::ForgotPassword,
            EventResponse::Pass,
            false,
        )
        .await;
        Ok(delivery)
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
        // The policy is checked before anyone is looked up: its answer is the same for all.
        let compromised = self
            .check_new_password(&pool, &client, new_password, RiskEvent::PasswordChange)
            .await?;
        let (pool, _client, user) = self.code_user(client.id.as_str(), proof, username).await?;
        let code_hash = self
            .check_code(
                &pool.id,
                user.as_ref(),
                username,
                Purpose::ResetPassword,
                code,
            )
            .await?
            .hash;
        let Some(mut user) = user else {
            return Err(PoolError::Internal);
        };
        let now = self.clock.now();
        self.replace_password(&pool, &mut user, new_password)
            .await?;
        user.status = UserStatus::Confirmed;
        user.verify_email();
        user.updated_at = now;
        self.use_code(Purpose::ResetPassword, &code_hash, &user, Some(now))
            .await?;
        tracing::info!(sub = %user.sub, "password reset; every sign-in revoked");
        self.record_password_change(&pool, &client, &user, compromised)
            .await;
        self.post_confirmation(&pool, true, Some(&client.id), &user, &Attributes::new())
            .await
    }

    /// Cognito ChangePassword: the signed-in user replaces their password, giving the old.
    #[tracing::instrument(skip_all)]
    pub async fn change_password(
        &self,
        access_token: &str,
        old_password: &str,
        new_password: &str,
    ) -> Result<(), PoolError> {
        let (claims, mut user) = self.authenticate(access_token).await?;
        let pool = self
            .store
            .get_pool(&user.pool_id)
            .await?
            .ok_or(PoolError::Internal)?;
        self.password_attempt(Subject::User(&user.sub), Some(&user), old_password)
            .await?;
        let client = self.access_token_client(&claims.client_id).await?;
        let compromised = self
            .check_new_password(&pool, &client, new_password, RiskEvent::PasswordChange)
            .await?;
        self.replace_password(&pool, &mut user, new_password)
            .await?;
        user.updated_at = self.clock.now();
        self.store.update_user(&user).await?;
        tracing::info!(sub = %user.sub, "password changed");
        self.record_password_change(&pool, &client, &user, compromised)
            .await;
        Ok(())
    }
}
