//! The signed user operations (Cognito's Admin*): an administrator acts on a user by name,
//! so these say plainly when a user does not exist.

use super::*;

impl UserPool {
    /// The user of `pool_id` named `username` (or by verified email).
    pub async fn admin_user(&self, pool_id: &str, username: &str) -> Result<User, PoolError> {
        let pool = self.describe_pool(pool_id).await?;
        self.store
            .find_user(&pool.id, &users::fold(username))
            .await?
            .ok_or_else(|| PoolError::UserNotFound("User does not exist.".into()))
    }

    /// Cognito AdminConfirmSignUp: confirms without a code (the email stays unverified).
    pub async fn admin_confirm_sign_up(
        &self,
        pool_id: &str,
        username: &str,
    ) -> Result<(), PoolError> {
        let mut user = self.admin_user(pool_id, username).await?;
        if user.status != UserStatus::Unconfirmed {
            return Err(PoolError::NotAuthorized(format!(
                "User cannot be confirmed. Current status is {}",
                user.status.as_str()
            )));
        }
        user.status = UserStatus::Confirmed;
        user.updated_at = self.clock.now();
        self.store.update_user(&user).await?;
        tracing::info!(sub = %user.sub, "user confirmed by an administrator");
        Ok(())
    }

    /// Cognito AdminSetUserPassword: permanent (CONFIRMED) or temporary
    /// (FORCE_CHANGE_PASSWORD, to be replaced at the next sign-in).
    pub async fn admin_set_password(
        &self,
        pool_id: &str,
        username: &str,
        password: &str,
        permanent: bool,
    ) -> Result<(), PoolError> {
        let mut user = self.admin_user(pool_id, username).await?;
        let pool = self.describe_pool(pool_id).await?;
        check_password(&pool, password)?;
        user.password_hash = Some(
            self.passwords
                .hash(password.to_string())
                .await
                .map_err(PoolError::internal)?,
        );
        user.status = if permanent {
            UserStatus::Confirmed
        } else {
            UserStatus::ForceChangePassword
        };
        user.updated_at = self.clock.now();
        self.store.update_user(&user).await?;
        tracing::info!(sub = %user.sub, permanent, "password set by an administrator");
        Ok(())
    }

    /// Cognito AdminDisableUser / AdminEnableUser. A disabled user cannot sign in, refresh
    /// or use a token at Cognate's endpoints.
    pub async fn admin_set_enabled(
        &self,
        pool_id: &str,
        username: &str,
        enabled: bool,
    ) -> Result<(), PoolError> {
        let mut user = self.admin_user(pool_id, username).await?;
        user.enabled = enabled;
        user.updated_at = self.clock.now();
        self.store.update_user(&user).await?;
        tracing::info!(sub = %user.sub, enabled, "user enabled flag set by an administrator");
        Ok(())
    }

    /// Cognito AdminUserGlobalSignOut: revokes every sign-in of the user.
    pub async fn admin_global_sign_out(
        &self,
        pool_id: &str,
        username: &str,
    ) -> Result<(), PoolError> {
        let user = self.admin_user(pool_id, username).await?;
        self.store
            .revoke_user_families(&user.sub, self.clock.now())
            .await?;
        tracing::info!(sub = %user.sub, "user signed out everywhere by an administrator");
        Ok(())
    }

    /// Cognito AdminDeleteUser: the user and everything of theirs.
    pub async fn admin_delete_user(&self, pool_id: &str, username: &str) -> Result<(), PoolError> {
        let user = self.admin_user(pool_id, username).await?;
        self.store.delete_user(&user.sub).await?;
        tracing::info!(sub = %user.sub, "user deleted by an administrator");
        Ok(())
    }
}
