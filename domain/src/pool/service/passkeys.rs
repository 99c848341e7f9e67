//! A user's passkeys: registering one (StartWebAuthnRegistration and
//! CompleteWebAuthnRegistration), listing and deleting them, and the first factors a user
//! can sign in with (GetUserAuthFactors). Signing in with one is `user_auth.rs`.

use super::*;
use crate::pool::webauthn::{CeremonyFault, RelyingParty};
use crate::pool::{FirstFactor, MfaMode, Passkey, PasskeyFactor, WebAuthnRefusal, seen};

/// Passkeys one user may have (Cognito's quota).
pub const MAX_PASSKEYS: usize = 20;

/// A user's sign-in factors (GetUserAuthFactors): the second factors, and the first ones
/// they can use in their pool.
#[derive(Clone, Debug)]
pub struct AuthFactors {
    pub user: User,
    pub mfa: crate::pool::UserMfa,
    pub first: Vec<FirstFactor>,
}

impl UserPool {
    /// The pool's relying party: its `RelyingPartyId`, or the host of the server's public
    /// URL.
    pub(super) fn relying_party(&self, pool: &PoolConfig) -> Result<RelyingParty, PoolError> {
        let settings = &pool.settings.web_authn;
        let id = match &settings.relying_party_id {
            Some(id) => id.clone(),
            None => url::Url::parse(&self.public_url)
                .ok()
                .and_then(|url| url.host_str().map(str::to_string))
                .ok_or(PoolError::Internal)?,
        };
        RelyingParty::new(&id, &self.public_url, settings.user_verification)
            .ok_or(PoolError::Internal)
    }

    /// Whether the pool lets passkeys sign in: WEB_AUTHN among its first factors, and,
    /// where MFA is required, a passkey that verifies its user counting as two factors.
    pub(super) fn passkeys_sign_in(pool: &PoolConfig) -> bool {
        pool.settings.sign_in.allows(FirstFactor::WebAuthn)
            && (pool.settings.mfa.mode != MfaMode::On
                || pool.settings.web_authn.factor == PasskeyFactor::MultiFactorWithUserVerification)
    }

    /// StartWebAuthnRegistration: the options for the access token's user's new passkey
    /// (leaving out those they have). The registration waits three minutes for its answer;
    /// a new start replaces it.
    #[tracing::instrument(skip_all)]
    pub async fn start_passkey_registration(
        &self,
        access_token: &str,
    ) -> Result<serde_json::Value, PoolError> {
        let (claims, user) = self.authenticate(access_token).await?;
        let pool = self.user_pool_of(&user).await?;
        if !pool.settings.sign_in.allows(FirstFactor::WebAuthn) {
            return Err(PoolError::WebAuthn(WebAuthnRefusal::NotEnabled));
        }
        let client = self.access_token_client(&claims.client_id).await?;
        let existing = self.store.list_passkeys(&user.sub).await?;
        if existing.len() >= MAX_PASSKEYS {
            return Err(PoolError::LimitExceeded);
        }
        let existing = existing
            .iter()
            .filter_map(|passkey| crate::pool::webauthn::decode(&passkey.id))
            .collect();
        let party = self.relying_party(&pool)?;
        let display = user.email().unwrap_or(&user.username).to_string();
        let (options, state) = party
            .start_registration(
                user.sub.as_str().as_bytes(),
                &user.username,
                &display,
                existing,
            )
            .map_err(|_| PoolError::Internal)?;
        let key = registration_key(&user.sub);
        let _ = self.store.take_auth_session(&key).await?;
        let waiting = Challenge::PasskeyRegistration { state };
        self.keep_waiting_under(&key, &client, &user.sub, waiting, 1)
            .await?;
        Ok(options)
    }

    /// CompleteWebAuthnRegistration: the authenticator's answer to the registration
    /// started last (by the same app client, within three minutes) becomes a passkey of
    /// the user's, named after the browser it was made in.
    #[tracing::instrument(skip_all)]
    pub async fn complete_passkey_registration(
        &self,
        access_token: &str,
        credential: &str,
    ) -> Result<Passkey, PoolError> {
        let (claims, user) = self.authenticate(access_token).await?;
        let pool = self.user_pool_of(&user).await?;
        if !pool.settings.sign_in.allows(FirstFactor::WebAuthn) {
            return Err(PoolError::WebAuthn(WebAuthnRefusal::NotEnabled));
        }
        let not_found = || PoolError::WebAuthn(WebAuthnRefusal::ChallengeNotFound);
        let stored = self
            .store
            .take_auth_session(&registration_key(&user.sub))
            .await?
            .filter(|stored| stored.expires_at > self.clock.now())
            .ok_or_else(not_found)?;
        let Challenge::PasskeyRegistration { state } = &stored.challenge else {
            return Err(not_found());
        };
        if stored.client_id.as_str() != claims.client_id {
            return Err(PoolError::WebAuthn(WebAuthnRefusal::ClientMismatch));
        }
        let party = self.relying_party(&pool)?;
        let registered = party
            .finish_registration(credential, state)
            .map_err(|fault| PoolError::WebAuthn(refusal(fault)))?;
        let attachment = serde_json::from_str::<serde_json::Value>(credential)
            .ok()
            .and_then(|answer| {
                answer
                    .get("authenticatorAttachment")
                    .and_then(|value| value.as_str())
                    .filter(|value| matches!(*value, "platform" | "cross-platform"))
                    .map(str::to_string)
            });
        let now = self.clock.now();
        let passkey = Passkey {
            id: registered.id,
            pool_id: pool.id.clone(),
            user_sub: user.sub.clone(),
            relying_party_id: party.id().to_string(),
            public_key: registered.record,
            sign_count: registered.sign_count,
            transports: registered.transports,
            attachment,
            name: seen::current()
                .user_agent
                .as_deref()
                .and_then(crate::pool::risk_score::agent_family),
            created_at: now,
            last_used_at: None,
            flagged: false,
        };
        if !self.store.insert_passkey(&passkey).await? {
            return Err(PoolError::WebAuthn(WebAuthnRefusal::CredentialNotSupported));
        }
        tracing::info!(sub = %user.sub, "passkey registered");
        Ok(passkey)
    }

    /// ListWebAuthnCredentials: the access token's user's passkeys, oldest first.
    pub async fn list_passkeys(&self, access_token: &str) -> Result<Vec<Passkey>, PoolError> {
        let (_claims, user) = self.authenticate(access_token).await?;
        Ok(self.store.list_passkeys(&user.sub).await?)
    }

    /// DeleteWebAuthnCredential: one of the access token's user's passkeys (another
    /// user's is as unknown as one that never existed).
    #[tracing::instrument(skip_all)]
    pub async fn delete_passkey(&self, access_token: &str, id: &str) -> Result<(), PoolError> {
        let (_claims, user) = self.authenticate(access_token).await?;
        if !self.store.delete_passkey(&user.sub, id).await? {
            return Err(PoolError::ResourceNotFound(Missing::Passkey));
        }
        tracing::info!(sub = %user.sub, "passkey deleted");
        Ok(())
    }

    /// GetUserAuthFactors: the access token's user's factors.
    pub async fn auth_factors(&self, access_token: &str) -> Result<AuthFactors, PoolError> {
        let (_claims, user) = self.authenticate(access_token).await?;
        self.factors_of(user).await
    }

    /// AdminGetUserAuthFactors.
    pub async fn admin_auth_factors(
        &self,
        pool_id: &str,
        username: &str,
    ) -> Result<AuthFactors, PoolError> {
        let user = self.admin_user(pool_id, username).await?;
        self.factors_of(user).await
    }

    /// The first factors `user` can sign in with in their pool, and their second ones.
    async fn factors_of(&self, user: User) -> Result<AuthFactors, PoolError> {
        let pool = self.user_pool_of(&user).await?;
        let mfa = self.user_mfa(&user).await?;
        let policy = &pool.settings.sign_in;
        let mut first = Vec::new();
        if user.password_hash.is_some() {
            first.push(FirstFactor::Password);
        }
        let email_codes = pool.settings.mfa.mode != MfaMode::On;
        if policy.allows(FirstFactor::EmailOtp) && email_codes && user.verified_email().is_some() {
            first.push(FirstFactor::EmailOtp);
        }
        if Self::passkeys_sign_in(&pool) && !self.store.list_passkeys(&user.sub).await?.is_empty() {
            first.push(FirstFactor::WebAuthn);
        }
        Ok(AuthFactors { user, mfa, first })
    }

    /// The pool `user` is of.
    async fn user_pool_of(&self, user: &User) -> Result<PoolConfig, PoolError> {
        self.store
            .get_pool(&user.pool_id)
            .await?
            .ok_or(PoolError::NotAuthorized(Denied::UserGone))
    }
}

/// Where a user's registration waits: one at a time.
fn registration_key(sub: &Sub) -> String {
    tokens::secret_hash(&format!("passkey-registration\0{sub}"))
}

/// The Cognito exception for a ceremony's fault.
pub(super) fn refusal(fault: CeremonyFault) -> WebAuthnRefusal {
    match fault {
        CeremonyFault::Origin => WebAuthnRefusal::OriginNotAllowed,
        CeremonyFault::RelyingParty => WebAuthnRefusal::RelyingPartyMismatch,
        CeremonyFault::Challenge => WebAuthnRefusal::ChallengeNotFound,
        CeremonyFault::Credential | CeremonyFault::Counter => {
            WebAuthnRefusal::CredentialNotSupported
        }
    }
}
