//! Users' second factors: setting up an authenticator app, and which factors are on and
//! preferred (Cognito's AssociateSoftwareToken, VerifySoftwareToken, SetUserMFAPreference).

use super::throttle::Subject;
use super::*;
use crate::pool::{MfaFactor, UserMfa, totp};

/// One factor's part of Cognito's `SetUserMFAPreference`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FactorPreference {
    pub enabled: bool,
    pub preferred: bool,
}

/// Cognito's `SetUserMFAPreference`: a factor left out is unchanged.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MfaPreference {
    pub software_token: Option<FactorPreference>,
    pub email: Option<FactorPreference>,
}

impl UserPool {
    /// Cognito AssociateSoftwareToken with an access token: a new authenticator secret
    /// (base32), shown this once; it counts once VerifySoftwareToken proves a first code.
    /// A new secret replaces an earlier one, which stops counting.
    #[tracing::instrument(skip_all)]
    pub async fn associate_software_token(&self, access_token: &str) -> Result<String, PoolError> {
        let (_claims, user) = self.authenticate(access_token).await?;
        self.new_pending_token(&user).await
    }

    /// Cognito VerifySoftwareToken with an access token: a code from the app proves the
    /// secret, and the app becomes one of the user's factors. Wrong codes count against the
    /// user's allowance of wrong codes, as every code does.
    #[tracing::instrument(skip_all)]
    pub async fn verify_software_token(
        &self,
        access_token: &str,
        code: &str,
        device_name: Option<&str>,
    ) -> Result<(), PoolError> {
        let (_claims, user) = self.authenticate(access_token).await?;
        if self.prove_pending_token(&user, code, device_name).await? {
            Ok(())
        } else {
            Err(PoolError::CodeMismatch(CodeFor::SoftwareTokenSetup))
        }
    }

    /// The secret a set-up page shows (the account page, the sign-in's set-up step): the
    /// pending one where there is one, so that the page shown again (reloaded, or after a
    /// wrong code) shows the key the user already scanned; else a new one.
    pub async fn software_token_to_set_up(&self, access_token: &str) -> Result<String, PoolError> {
        let (_claims, user) = self.authenticate(access_token).await?;
        self.pending_or_new_token(&user).await
    }

    pub(super) async fn pending_or_new_token(&self, user: &User) -> Result<String, PoolError> {
        let mfa = self.store.get_mfa(&user.sub).await?;
        match mfa.totp_secret {
            Some(secret) if !mfa.totp_verified => Ok(secret),
            _ => self.new_pending_token(user).await,
        }
    }

    /// A new authenticator secret for `user`, pending until a first code proves it; it
    /// replaces an earlier one, which stops counting.
    pub(super) async fn new_pending_token(&self, user: &User) -> Result<String, PoolError> {
        let pool = self.describe_pool(user.pool_id.as_str()).await?;
        if !pool.settings.mfa.software_token {
            return Err(PoolError::InvalidParameter(Invalid::Mfa(
                MfaFault::SoftwareTokenOff,
            )));
        }
        let mut mfa = self.store.get_mfa(&user.sub).await?;
        let secret = totp::new_secret();
        mfa.totp_secret = Some(secret.clone());
        mfa.totp_verified = false;
        if mfa.preferred == Some(MfaFactor::SoftwareToken) {
            mfa.preferred = None;
        }
        self.store.put_mfa(&user.sub, &mfa).await?;
        tracing::info!(sub = %user.sub, "software token associated, waiting for a first code");
        Ok(secret)
    }

    /// Checks a first code of `user`'s pending secret, within the user's wrong-code
    /// allowance: right, the app becomes a factor (named `device_name`); wrong, it is
    /// counted and `false` comes back.
    pub(super) async fn prove_pending_token(
        &self,
        user: &User,
        code: &str,
        device_name: Option<&str>,
    ) -> Result<bool, PoolError> {
        let mut mfa = self.store.get_mfa(&user.sub).await?;
        let Some(secret) = mfa.totp_secret.clone() else {
            return Err(PoolError::InvalidParameter(Invalid::Mfa(
                MfaFault::AssociateFirst,
            )));
        };
        let who = Subject::User(&user.sub);
        self.ensure_guesses_left(who).await?;
        let Some(step) = totp::matching_step(&secret, code, self.clock.now()) else {
            self.code_guess_failed(who).await?;
            return Ok(false);
        };
        mfa.totp_verified = true;
        mfa.totp_last_step = step;
        mfa.totp_device = device_name
            .map(|name| name.chars().take(256).collect())
            .filter(|name: &String| !name.trim().is_empty());
        self.store.put_mfa(&user.sub, &mfa).await?;
        tracing::info!(sub = %user.sub, "software token verified");
        Ok(true)
    }

    /// Cognito SetUserMFAPreference: the access token's user turns factors on or off and
    /// picks the preferred one.
    #[tracing::instrument(skip_all)]
    pub async fn set_mfa_preference(
        &self,
        access_token: &str,
        preference: MfaPreference,
    ) -> Result<(), PoolError> {
        let (_claims, user) = self.authenticate(access_token).await?;
        self.apply_mfa_preference(&user, preference).await
    }

    /// Cognito AdminSetUserMFAPreference.
    #[tracing::instrument(skip_all)]
    pub async fn admin_set_mfa_preference(
        &self,
        pool_id: &str,
        username: &str,
        preference: MfaPreference,
    ) -> Result<(), PoolError> {
        let user = self.admin_user(pool_id, username).await?;
        self.apply_mfa_preference(&user, preference).await
    }

    /// The user's factors (Cognito's `UserMFASettingList` and `PreferredMfaSetting`).
    pub async fn user_mfa(&self, user: &User) -> Result<UserMfa, PoolError> {
        Ok(self.store.get_mfa(&user.sub).await?)
    }

    async fn apply_mfa_preference(
        &self,
        user: &User,
        preference: MfaPreference,
    ) -> Result<(), PoolError> {
        let pool = self.describe_pool(user.pool_id.as_str()).await?;
        let mut mfa = self.store.get_mfa(&user.sub).await?;
        let invalid = |fault: MfaFault| Err(PoolError::InvalidParameter(Invalid::Mfa(fault)));
        if let Some(token) = preference.software_token {
            if token.enabled && !pool.settings.mfa.software_token {
                return invalid(MfaFault::SoftwareTokenOff);
            }
            if token.enabled && !mfa.totp_verified {
                return invalid(MfaFault::SoftwareTokenUnverified);
            }
            if !token.enabled {
                // Off means gone: turning it on again starts with a new secret.
                mfa.totp_secret = None;
                mfa.totp_verified = false;
                mfa.totp_device = None;
            }
        }
        if let Some(email) = preference.email {
            if email.enabled && pool.settings.mfa.email.is_none() {
                return invalid(MfaFault::EmailOff);
            }
            if email.enabled && user.verified_email().is_none() {
                return invalid(MfaFault::NoVerifiedEmail);
            }
            mfa.email_enabled = email.enabled;
        }
        let choices = [
            (MfaFactor::SoftwareToken, preference.software_token),
            (MfaFactor::Email, preference.email),
        ];
        for (factor, choice) in choices {
            match choice {
                Some(choice) if choice.enabled && choice.preferred => {
                    mfa.preferred = Some(factor);
                }
                Some(_) if mfa.preferred == Some(factor) => mfa.preferred = None,
                _ => {}
            }
        }
        if mfa
            .preferred
            .is_some_and(|factor| !mfa.enabled().contains(&factor))
        {
            mfa.preferred = None;
        }
        self.store.put_mfa(&user.sub, &mfa).await?;
        tracing::info!(sub = %user.sub, factors = mfa.enabled().len(), "MFA preference set");
        Ok(())
    }
}
