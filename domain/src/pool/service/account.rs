//! What the account page asks of the domain beyond Cognito's self-service operations: the
//! whole account in one read, and deleting it only with the password typed again.

use super::throttle::Subject;
use super::*;
use crate::pool::{MfaSettings, UserMfa};

/// A signed-in user's own account: the user, their second factors, and the pool's.
#[derive(Clone, Debug)]
pub struct Account {
    pub user: User,
    /// The pool's name: the issuer an authenticator app shows.
    pub pool_name: String,
    pub mfa: UserMfa,
    /// The pool's MFA settings: which factors a user may turn on.
    pub pool_mfa: MfaSettings,
}

impl UserPool {
    /// The access token's user and their second factors (GetUser, with the pool's rules).
    pub async fn account(&self, access_token: &str) -> Result<Account, PoolError> {
        let (_claims, user) = self.authenticate(access_token).await?;
        let pool = self.describe_pool(user.pool_id.as_str()).await?;
        let mfa = self.user_mfa(&user).await?;
        Ok(Account {
            user,
            pool_name: pool.name,
            mfa,
            pool_mfa: pool.settings.mfa,
        })
    }

    /// DeleteUser with the password typed again: a wrong one is a failed sign-in (it
    /// counts toward the lockout), so a stolen session alone cannot delete the account.
    #[tracing::instrument(skip_all)]
    pub async fn delete_self_with_password(
        &self,
        access_token: &str,
        password: &str,
    ) -> Result<(), PoolError> {
        let (_claims, user) = self.authenticate(access_token).await?;
        self.password_attempt(Subject::User(&user.sub), Some(&user), password)
            .await?;
        self.store.delete_user(&user.sub).await?;
        tracing::info!(sub = %user.sub, "user deleted their account");
        Ok(())
    }
}
