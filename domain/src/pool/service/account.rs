//! What the account page asks of the domain beyond Cognito's self-service operations: the
//! whole account in one read, and deleting it only with the password typed again.

use super::throttle::Subject;
use super::*;
use crate::pool::{EventKind, EventPage, MfaSettings, SecurityMode, UserMfa};

/// A signed-in user's own account: the user, their second factors, and the pool's.
#[derive(Clone, Debug)]
pub struct Account {
    pub user: User,
    /// The pool's name: the issuer an authenticator app shows.
    pub pool_name: String,
    pub mfa: UserMfa,
    /// The pool's MFA settings: which factors a user may turn on.
    pub pool_mfa: MfaSettings,
    /// The user's recent sign-ins, newest first, where the pool has threat protection on
    /// (and so keeps them).
    pub sign_ins: Option<Vec<crate::pool::AuthEvent>>,
    /// The user's confirmed devices, where the pool tracks devices.
    pub devices: Option<Vec<crate::pool::Device>>,
    /// The user's passkeys, where the pool allows them.
    pub passkeys: Option<Vec<crate::pool::Passkey>>,
}

/// Sign-ins the account page lists.
const SIGN_INS_SHOWN: u32 = 10;

impl UserPool {
    /// The access token's user and their second factors (GetUser, with the pool's rules).
    pub async fn account(&self, access_token: &str) -> Result<Account, PoolError> {
        let (_claims, user) = self.authenticate(access_token).await?;
        let pool = self.describe_pool(user.pool_id.as_str()).await?;
        let mfa = self.user_mfa(&user).await?;
        let sign_ins = if pool.settings.advanced_security.mode == SecurityMode::Off {
            None
        } else {
            let page = EventPage {
                after: None,
                limit: SIGN_INS_SHOWN * 3,
            };
            let mut events = self.store.list_auth_events(&user.sub, page).await?;
            events.retain(|event| event.kind == EventKind::SignIn);
            events.truncate(SIGN_INS_SHOWN as usize);
            Some(events)
        };
        let devices = match pool.settings.devices {
            Some(_) => Some(
                self.store
                    .list_devices(&user.sub, None, super::MAX_DEVICES_PAGE)
                    .await?,
            ),
            None => None,
        };
        let passkeys = if pool
            .settings
            .sign_in
            .allows(crate::pool::FirstFactor::WebAuthn)
        {
            Some(self.store.list_passkeys(&user.sub).await?)
        } else {
            None
        };
        Ok(Account {
            passkeys,
            user,
            pool_name: pool.name,
            mfa,
            pool_mfa: pool.settings.mfa,
            sign_ins,
            devices,
        })
    }

    /// Whether the hosted pages offer `user` a passkey after a password sign-in: their
    /// pool allows passkeys, and they have none.
    pub async fn offers_passkey(&self, user: &User) -> Result<bool, PoolError> {
        let Some(pool) = self.store.get_pool(&user.pool_id).await? else {
            return Ok(false);
        };
        Ok(Self::passkeys_sign_in(&pool) && self.store.list_passkeys(&user.sub).await?.is_empty())
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
