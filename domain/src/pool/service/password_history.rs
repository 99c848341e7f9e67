//! A new password for a user who had one (a change, a reset, the new-password step): not
//! one of their last `PasswordHistorySize` (Cognito's PasswordPolicy), the current one
//! included. The previous hashes are kept, never the passwords.

use super::*;

impl UserPool {
    /// Replaces the user's password with `password` (not yet stored): refused with
    /// `PasswordFault::Reused` when it is one of the pool's remembered last ones. Each
    /// comparison is a hash verification on the bounded hashing threads, at most 24.
    pub(super) async fn replace_password(
        &self,
        pool: &PoolConfig,
        user: &mut User,
        password: &str,
    ) -> Result<(), PoolError> {
        let size = pool.settings.password_history_size;
        if size == 0 {
            return self.set_password(user, password).await;
        }
        let mut previous = self
            .store
            .password_history(&user.sub, size.saturating_sub(1))
            .await?;
        if let Some(current) = &user.password_hash {
            previous.insert(0, current.clone());
        }
        for hash in &previous {
            if self
                .passwords
                .verify(password.to_string(), hash.clone())
                .await?
            {
                return Err(PoolError::InvalidPassword(PasswordFault::Reused));
            }
        }
        if let Some(current) = user.password_hash.clone() {
            self.store
                .remember_password(&user.sub, &current, self.clock.now(), size)
                .await?;
        }
        self.set_password(user, password).await
    }
}
