//! `UserPool`: every user-facing rule (sign-up, codes, sign-in, tokens, reset, sign-out),
//! called alike by the hosted pages, the Cognito API and OAuth. One file per flow.

mod account;
mod admin;
mod admin_users;
mod attributes;
mod auth_events;
mod authorize;
mod code_mail;
mod domains;
mod federated_users;
mod federation;

pub use account::Account;
pub use admin_users::{Invitation, NewUser};
pub use auth_events::{FeedbackFrom, MAX_EVENTS_PAGE};
pub use code_mail::fake_delivery;
pub use devices::{
    DeviceChallenge, DeviceClaim, DeviceOwner, MAX_DEVICES_PAGE, UNCONFIRMED_DEVICE_SECONDS,
};
pub use domains::DomainChange;
pub use federation::{ChosenProvider, Federated, FederationError};
pub use groups::GroupChange;
pub use identities::{Logins, MAX_IDENTITIES_PAGE};
pub use logout::LogoutParams;
pub use looks::{BrandingInput, MAX_TERMS_PAGE, PageLook, default_settings, merged_settings};
pub use mfa::{FactorPreference, MfaPreference};
pub use mfa_sign_in::{MfaAnswer, MfaStep};
pub use oauth::{
    AuthorizeError, AuthorizeParams, Authorized, Callback, CallbackOutcome, CodeFault, OAuthError,
    OAuthTokens, PkceFault, Untrusted, is_standard_scope,
};
pub use passkeys::{AuthFactors, MAX_PASSKEYS};
pub use providers::{NewProvider, ProviderChanges};
pub use risk::RiskInput;
pub use saml::SamlAnswer;
pub use sign_in::Via;
pub use user_auth::{FirstChallenge, FirstFactorChoice};
mod custom_auth;
mod devices;
mod groups;
mod identities;
mod identity_pools;
mod logout;
mod looks;
mod mfa;
mod mfa_sign_in;
mod oauth;
mod passkeys;
mod password_history;
mod passwordless_pages;
mod providers;
mod reset;
mod resource_servers;
mod risk;
mod saml;
mod sessions;
mod sign_in;
mod sign_up;
mod threat;
mod throttle;
mod token_life;
mod triggers;
mod user_auth;

use std::sync::Arc;

use super::codes::{self, NewCode, Purpose};
use super::error::{
    AliasTaken, Busy, CodeFor, Delivery, Denied, LoginFault, Missing, NameTaken, PasswordFault,
    PoolError, Rule, TokenFault, TokenKind, UnknownUser,
};
use super::federation::{LinkError, ProviderLink};
use super::invalid::{
    AttributeFault, ClientFault, DomainFault, GroupFault, IdentityPoolFault, Invalid, LogoutFault,
    MfaFault, PoolFault, ProviderFault, ResourceServerFault, SignInFault,
};
use super::limits::{AddressLimits, Attempt, Limits};
use super::mailer::{Email, EmailPages, Mailer};
use super::model as users;
use super::passwords::Passwords;
use super::secrets::ClientProof;
use super::srp::{self, Verifier};
use super::store::{CodeUse, Store, StoreError};
use super::{AppClient, AuthFlow, ClientId, PoolConfig, PoolId, TokenFamily};
use super::{AttributeWrite, Attributes, PoolSettings, SignInRule, Sub, User, UserStatus};
use super::{AuthSession, Challenge};
use crate::clock::{Clock, Timestamp};
use crate::tokens::{
    self, AccessClaims, Grant, IssuedTokens, KeyRing, PoolKeys, TokenError, USER_ADMIN_SCOPE,
    VerifiedTokens,
};

/// The longest password accepted: Cognito's limit, and a bound on hashing work.
const MAX_PASSWORD_CHARS: usize = 256;

/// What a sign-up gives.
#[derive(Clone, Debug, Default)]
pub struct SignUpInput {
    pub username: String,
    pub password: String,
    /// Attributes by Cognito name, `email` among them.
    pub attributes: Attributes,
    /// Cognito's `ValidationData`: for the pre sign-up trigger only, never stored.
    pub validation_data: Attributes,
    /// Cognito's `ClientMetadata`: for the triggers only, never stored.
    pub client_metadata: Attributes,
}

/// Where a code went (Cognito's `CodeDeliveryDetails`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeDelivery {
    /// The masked address, `j***@e***`.
    pub destination: String,
    pub attribute: &'static str,
    pub medium: &'static str,
}

#[derive(Clone, Debug)]
pub struct SignUpOutcome {
    pub sub: Sub,
    /// The name the user signs in with: the email where it is the username.
    pub sign_in_name: String,
    pub confirmed: bool,
    /// `None` when the pool does not auto-verify email (no code was sent).
    pub delivery: Option<CodeDelivery>,
}

/// A successful password sign-in: the tokens and the new family's refresh token.
#[derive(Clone, Debug)]
pub struct SignedIn {
    pub tokens: IssuedTokens,
    pub refresh_token: String,
    pub family_id: String,
    pub user: User,
    /// The SAML provider's user, when the sign-in came through one.
    pub saml: Option<crate::pool::SamlSession>,
    /// A new device's key for the app to confirm (Cognito's `NewDeviceMetadata`), where
    /// the pool tracks devices.
    pub new_device: Option<NewDevice>,
}

/// Cognito's `NewDeviceMetadataType`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewDevice {
    pub key: String,
    pub group_key: String,
}

/// Where a password sign-in stands: done, or waiting for a challenge's answer.
#[derive(Clone, Debug)]
pub enum SignInStep {
    Done(SignedIn),
    /// The password was temporary (FORCE_CHANGE_PASSWORD): answer with a new one, quoting
    /// `session`, within three minutes.
    NewPasswordRequired {
        session: String,
        user: User,
    },
    /// The password was right; a second factor is asked for (or must be chosen, or set
    /// up), quoting `session`, within three minutes.
    Mfa {
        step: MfaStep,
        session: String,
        user: User,
    },
    /// The password was right; the remembered device the sign-in names must prove itself
    /// (DEVICE_SRP_AUTH), quoting `session` within three minutes.
    Device {
        session: String,
        /// USERNAME, as the answer must give it.
        username: String,
    },
    /// A choice-based sign-in (USER_AUTH): a first factor to choose among `available`,
    /// quoting `session`, within three minutes.
    SelectChallenge {
        session: String,
        available: Vec<FirstChallenge>,
    },
    /// A passkey's assertion is asked for, with these request options (WebAuthn's
    /// `PublicKeyCredentialRequestOptions` as JSON).
    Passkey {
        session: String,
        options: serde_json::Value,
        username: String,
    },
    /// A code was emailed for a sign-in without a password.
    SignInCode {
        session: String,
        delivery: CodeDelivery,
        username: String,
    },
    /// USER_AUTH's PASSWORD_SRP: the SRP challenge for the client's `SRP_A`.
    PasswordVerifier {
        session: String,
        challenge: SrpChallenge,
    },
    /// A custom sign-in's next challenge (the pool's create auth challenge trigger's
    /// public parameters), to answer quoting `session` within three minutes.
    Custom {
        challenge: CustomStep,
        session: String,
        /// The name the answer must give as USERNAME.
        username: String,
    },
}

/// A custom sign-in's challenge, as the door names and shows it.
#[derive(Clone, Debug)]
pub enum CustomStep {
    /// CUSTOM_CHALLENGE, with its public parameters.
    Challenge(std::collections::BTreeMap<String, String>),
    /// PASSWORD_VERIFIER: the SRP challenge for the `SRP_A` the sign-in started with.
    Password(SrpChallenge),
}

/// USER_SRP_AUTH's challenge (Cognito's `ChallengeParameters`).
#[derive(Clone, Debug)]
pub struct SrpChallenge {
    /// SALT, hex.
    pub salt: String,
    /// SRP_B, hex.
    pub srp_b: String,
    /// SECRET_BLOCK, base64: quoted back in the answer.
    pub secret_block: String,
    /// USER_ID_FOR_SRP (and USERNAME): the name the client's hashes use.
    pub user_id: String,
}

/// The answer to the SRP challenge (in Cognito's `ChallengeResponses`).
#[derive(Clone, Copy, Debug)]
pub struct SrpClaim<'a> {
    pub username: &'a str,
    /// PASSWORD_CLAIM_SECRET_BLOCK.
    pub secret_block: &'a str,
    /// PASSWORD_CLAIM_SIGNATURE, base64.
    pub signature: &'a str,
    /// TIMESTAMP, `Tue Nov 3 09:05:07 UTC 2026`.
    pub timestamp: &'a str,
    /// DEVICE_KEY: the remembered device the app signs in on, if any.
    pub device_key: Option<&'a str>,
}

/// How long a challenge waits for its answer (Cognito's default `AuthSessionValidity`).
const AUTH_SESSION_SECONDS: i64 = 180;

/// The user-pool domain, over a store, a mailer and the pools' keys.
pub struct UserPool {
    store: Arc<dyn Store>,
    mailer: Arc<dyn Mailer>,
    passwords: Passwords,
    keys: KeyRing,
    verified: VerifiedTokens,
    clock: Arc<dyn Clock>,
    public_url: String,
    /// The pages the emails link to, as the hosted door names them.
    pages: EmailPages,
    limits: Limits,
    per_address: AddressLimits,
    /// Whether the per-address counts are also kept in the store (several nodes).
    shared_address_limits: bool,
    /// The network side of federated sign-ins.
    link: Arc<dyn ProviderLink>,
    /// Where identity pools' credentials come from; none configured, none are given.
    sts: Option<Arc<dyn crate::pool::sts::SecurityTokenService>>,
    /// Custom domains by host name, read from the store at most every few seconds.
    hosts: domains::HostMap,
    /// Where the pools' triggers are sent.
    functions: Arc<dyn crate::pool::triggers::Functions>,
    /// XML security for SAML identity providers.
    saml: Arc<dyn crate::pool::saml::SamlLink>,
    /// Breached-password corpora: the built-in one, and the operator's.
    corpora: Vec<Arc<dyn crate::pool::breached::Corpus>>,
    /// Where addresses are, if a GeoIP database is configured.
    geo: Option<Arc<dyn crate::pool::geo::Geo>>,
    /// How long auth events are kept, in days.
    event_retention_days: u32,
}

/// The default network side: no provider can be reached.
struct NoLink;

#[async_trait::async_trait]
impl ProviderLink for NoLink {
    async fn discover(&self, _: &str) -> Result<crate::pool::federation::Discovery, LinkError> {
        Err(LinkError::Unreachable(
            "no network link is configured".into(),
        ))
    }
    async fn keys(&self, _: &str) -> Result<jsonwebtoken::jwk::JwkSet, LinkError> {
        Err(LinkError::Unreachable(
            "no network link is configured".into(),
        ))
    }
    async fn redeem(
        &self,
        _: &str,
        _: &crate::pool::federation::ClientAuth,
        _: &[(&str, &str)],
    ) -> Result<crate::pool::federation::ProviderTokens, LinkError> {
        Err(LinkError::Unreachable(
            "no network link is configured".into(),
        ))
    }
    async fn attributes(
        &self,
        _: &str,
        _: &str,
        _: bool,
    ) -> Result<serde_json::Map<String, serde_json::Value>, LinkError> {
        Err(LinkError::Unreachable(
            "no network link is configured".into(),
        ))
    }
}

impl UserPool {
    pub fn new(
        store: Arc<dyn Store>,
        mailer: Arc<dyn Mailer>,
        passwords: Passwords,
        clock: Arc<dyn Clock>,
        public_url: String,
        pages: EmailPages,
    ) -> Self {
        Self {
            keys: KeyRing::new(store.clone(), clock.clone()),
            verified: VerifiedTokens::default(),
            store,
            mailer,
            passwords,
            clock,
            public_url,
            pages,
            limits: Limits::default(),
            per_address: AddressLimits::new(&Limits::default()),
            shared_address_limits: false,
            link: Arc::new(NoLink),
            sts: None,
            hosts: domains::HostMap::default(),
            functions: Arc::new(crate::pool::triggers::NoFunctions),
            saml: Arc::new(saml::NoSaml),
            corpora: vec![Arc::new(crate::pool::breached::CommonPasswords)],
            geo: None,
            event_retention_days: 90,
        }
    }

    /// With auth events kept this many days (90 by default).
    pub fn with_event_retention(mut self, days: u32) -> Self {
        self.event_retention_days = days;
        self
    }

    /// With this corpus of breached passwords besides the built-in one.
    pub fn with_breached_passwords(
        mut self,
        corpus: Arc<dyn crate::pool::breached::Corpus>,
    ) -> Self {
        self.corpora.push(corpus);
        self
    }

    /// With this GeoIP database for auth events and the location signals.
    pub fn with_geo(mut self, geo: Arc<dyn crate::pool::geo::Geo>) -> Self {
        self.geo = Some(geo);
        self
    }

    /// With this XML security for SAML identity providers (the default reads no SAML).
    pub fn with_saml(mut self, saml: Arc<dyn crate::pool::saml::SamlLink>) -> Self {
        self.saml = saml;
        self
    }

    /// With this network side for federated sign-ins (the default reaches no provider).
    pub fn with_provider_link(mut self, link: Arc<dyn ProviderLink>) -> Self {
        self.link = link;
        self
    }

    /// With this security token service for identity pools' credentials.
    pub fn with_sts(mut self, sts: Arc<dyn crate::pool::sts::SecurityTokenService>) -> Self {
        self.sts = Some(sts);
        self
    }

    /// With this host for the pools' triggers (the default reaches no function: a pool
    /// with a trigger fails where it would call it).
    pub fn with_functions(mut self, functions: Arc<dyn crate::pool::triggers::Functions>) -> Self {
        self.functions = functions;
        self
    }

    /// With these attempt limits instead of the defaults.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.per_address = AddressLimits::new(&limits);
        self.limits = limits;
        self
    }

    /// With the per-address counts shared through the store as well, for several nodes on
    /// one database: each node's own (in memory) still turns a flood away before it costs
    /// a write, and the store's count holds the address to its allowance across all nodes.
    pub fn with_shared_address_limits(mut self) -> Self {
        self.shared_address_limits = true;
        self
    }

    /// Counts an attempt from a client address (every door calls this before the
    /// operation); over the address's limit, how long it must wait.
    pub async fn admit(
        &self,
        address: std::net::IpAddr,
        attempt: Attempt,
    ) -> Result<(), std::time::Duration> {
        let mut admitted = self.per_address.admit(address, attempt);
        if admitted.is_ok() && self.shared_address_limits {
            admitted = self.admit_shared(address, attempt).await;
        }
        if admitted.is_err() {
            tracing::info!(?attempt, "refused: the client address is over its limit");
        }
        admitted
    }

    /// The store's count of the address's attempts this minute, across every node: a fixed
    /// window of a minute. A store that cannot count does not lock everyone out: the
    /// node's own limit still applies.
    async fn admit_shared(
        &self,
        address: std::net::IpAddr,
        attempt: Attempt,
    ) -> Result<(), std::time::Duration> {
        let now = self.clock.now();
        let counted = self
            .store
            .count_attempt(&attempt.shared_key(address), now, 60)
            .await;
        match counted {
            Ok(counter) if counter.count > i64::from(attempt.per_minute(&self.limits)) => {
                let wait = (counter.window_end.0 - now.0).max(1);
                Err(std::time::Duration::from_secs(wait.unsigned_abs()))
            }
            Ok(_) => Ok(()),
            Err(error) => {
                tracing::warn!(%error, "the shared per-address count failed; the node's own applies");
                Ok(())
            }
        }
    }

    /// Lets go of per-address state that has fully recovered (run periodically).
    pub fn forget_idle_addresses(&self) {
        self.per_address.forget_idle();
    }

    /// The base URL Cognate is reached at (`server.public_url`), without a trailing slash.
    pub fn public_url(&self) -> &str {
        self.public_url.trim_end_matches('/')
    }

    /// The pool's issuer, `<public URL>/<pool id>`.
    pub fn issuer(&self, pool: &PoolId) -> String {
        tokens::issuer(&self.public_url, pool)
    }

    /// The pool's JWKS document (generating its first key if needed).
    pub async fn jwks(&self, pool: &PoolId) -> Result<String, PoolError> {
        if self.store.get_pool(pool).await?.is_none() {
            return Err(PoolError::ResourceNotFound(Missing::Pool(pool.to_string())));
        }
        Ok(self.pool_keys(pool).await?.jwks_json.clone())
    }

    /// The app client an access token (or a request on a custom domain) names, read alone
    /// (one read, not its pool): which pool it is of, what it may read and write.
    pub async fn access_token_client(&self, client_id: &str) -> Result<AppClient, PoolError> {
        let gone = || PoolError::NotAuthorized(Denied::ClientGone);
        let id = ClientId::parse(client_id).ok_or_else(gone)?;
        self.store.get_client(&id).await?.ok_or_else(gone)
    }

    /// The pool and app client a request names.
    pub async fn client(&self, client_id: &str) -> Result<(PoolConfig, AppClient), PoolError> {
        let not_found = || PoolError::ResourceNotFound(Missing::Client(client_id.to_string()));
        let id = ClientId::parse(client_id).ok_or_else(not_found)?;
        let client = self.store.get_client(&id).await?.ok_or_else(not_found)?;
        let pool = self
            .store
            .get_pool(&client.pool_id)
            .await?
            .ok_or_else(not_found)?;
        Ok((pool, client))
    }

    /// Keeps a sign-in waiting on `challenge` under `session` (stored as its hash) for
    /// `user_sub` of `client`: three minutes and `tries` answers.
    async fn keep_waiting(
        &self,
        session: &str,
        client: &AppClient,
        user_sub: &Sub,
        challenge: Challenge,
        tries: i64,
    ) -> Result<(), PoolError> {
        let key = tokens::secret_hash(session);
        self.keep_waiting_under(&key, client, user_sub, challenge, tries)
            .await
    }

    /// As [`keep_waiting`](Self::keep_waiting), under a key of the caller's making.
    async fn keep_waiting_under(
        &self,
        key: &str,
        client: &AppClient,
        user_sub: &Sub,
        challenge: Challenge,
        tries: i64,
    ) -> Result<(), PoolError> {
        let waiting = AuthSession {
            client_id: client.id.clone(),
            user_sub: user_sub.clone(),
            challenge,
            expires_at: Timestamp(self.clock.now().0 + AUTH_SESSION_SECONDS),
            tries_left: tries,
            device_key: None,
        };
        self.store.insert_auth_session(key, &waiting).await?;
        Ok(())
    }

    /// The pool and app client a request names, once the caller has shown it may act for
    /// the client (Cognito's SECRET_HASH over `username`; nothing for a client without a
    /// secret).
    async fn proven_client(
        &self,
        client_id: &str,
        proof: ClientProof<'_>,
        username: &str,
    ) -> Result<(PoolConfig, AppClient), PoolError> {
        let (pool, client) = self.client(client_id).await?;
        proof.check(&client, &[username])?;
        Ok((pool, client))
    }

    async fn pool_keys(&self, pool: &PoolId) -> Result<Arc<PoolKeys>, PoolError> {
        self.keys.for_pool(pool).await.map_err(PoolError::internal)
    }

    /// With PreventUserExistenceErrors on, an unknown user looks like a wrong password (or,
    /// for codes, a wrong code); off, `error` says the user does not exist.
    fn hidden_user(&self, client: &AppClient, error: PoolError) -> PoolError {
        if !client.settings.prevent_user_existence_errors {
            return PoolError::UserNotFound(UnknownUser::User);
        }
        match error {
            PoolError::UserNotFound(_) => PoolError::incorrect_credentials(),
            other => other,
        }
    }

    /// A new user of `pool` with `status`, `attributes` and `password` (hashed, with its
    /// SRP verifier; none for a user who signs in without one), not yet stored.
    async fn new_user(
        &self,
        pool: &PoolConfig,
        sub: Sub,
        username: String,
        status: UserStatus,
        attributes: Attributes,
        password: Option<&str>,
    ) -> Result<User, PoolError> {
        let now = self.clock.now();
        let mut user = User {
            sub,
            pool_id: pool.id.clone(),
            username,
            status,
            enabled: true,
            password_hash: None,
            srp_verifier: None,
            email_sign_in: pool.settings.email_sign_in(),
            phone_sign_in: pool.settings.phone_sign_in(),
            attributes,
            created_at: now,
            updated_at: now,
        };
        if let Some(password) = password {
            self.set_password(&mut user, password).await?;
        }
        Ok(user)
    }

    /// Gives `user` a new password: its argon2id hash and its SRP verifier (for
    /// USER_SRP_AUTH), both computed off the async runtime.
    async fn set_password(&self, user: &mut User, password: &str) -> Result<(), PoolError> {
        let hash = self.passwords.hash(password.to_string()).await?;
        user.password_hash = Some(hash);
        user.srp_verifier = Some(self.srp_verifier(user, password).await?);
        Ok(())
    }

    async fn srp_verifier(&self, user: &User, password: &str) -> Result<Verifier, PoolError> {
        let (pool, user_id, password) = (
            user.pool_id.to_string(),
            user.username.clone(),
            password.to_string(),
        );
        self.passwords
            .bounded(move || Verifier::new(&pool, &user_id, &password))
            .await
            .map_err(PoolError::from)
    }

    /// Whether `password` is the user's (its length is checked first, by the lockout's
    /// `password_attempt`). A user without a password answers as a wrong password does,
    /// after the same work.
    async fn check_user_password(&self, user: &User, password: &str) -> Result<(), PoolError> {
        let password = password.to_string();
        let matches = match user.password_hash.clone() {
            Some(stored) => self.passwords.verify(password, stored).await,
            None => self.passwords.verify_dummy(password).await.map(|()| false),
        };
        if matches? {
            Ok(())
        } else {
            Err(PoolError::incorrect_credentials())
        }
    }

    async fn usable_user(&self, sub: &Sub) -> Result<User, PoolError> {
        match self.store.get_user(sub).await? {
            Some(user) if user.enabled => Ok(user),
            Some(_) => Err(PoolError::NotAuthorized(Denied::Disabled)),
            None => Err(PoolError::NotAuthorized(Denied::UserGone)),
        }
    }
}

/// A new user's `sub`, the username to store and their attributes, once the name and each
/// attribute are checked. Where the email is the username, `given` is the email and the
/// `sub` is stored as the username, as Cognito does.
fn checked_identity(
    settings: &PoolSettings,
    given: String,
    given_attributes: Attributes,
    write: AttributeWrite,
) -> Result<(Sub, String, Attributes), PoolError> {
    let email_sign_in = settings.email_sign_in();
    let phone_sign_in = settings.phone_sign_in();
    // Stored in its NFKC form, so a full-width or decomposed twin of a name is that name.
    let given = users::normalized(&given);
    users::check_username(&given, email_sign_in, phone_sign_in)?;
    let mut attributes = Attributes::new();
    for (name, value) in given_attributes {
        settings.check_attribute(&name, &value, write)?;
        attributes.insert(name, value);
    }
    let sub = Sub::generate();
    // Where the email or phone number is the username, the name given is that attribute
    // (a phone number starts with +), and the stored username is the `sub`.
    let username_attribute = if phone_sign_in == SignInRule::AsUsername
        && (given.starts_with('+') || email_sign_in != SignInRule::AsUsername)
    {
        Some("phone_number")
    } else if email_sign_in == SignInRule::AsUsername {
        Some("email")
    } else {
        None
    };
    let username = match username_attribute {
        Some(attribute) => {
            attributes.insert(attribute.into(), given.trim().to_string());
            sub.to_string()
        }
        None => given,
    };
    Ok((sub, username, attributes))
}

/// The pool's password policy applied to `password`: the first rule it breaks.
fn check_password(pool: &PoolConfig, password: &str) -> Result<(), PoolError> {
    if password.chars().count() > MAX_PASSWORD_CHARS {
        return Err(PoolError::InvalidPassword(PasswordFault::TooLong));
    }
    let Some(rule) = pool
        .settings
        .password_policy
        .unmet(password)
        .into_iter()
        .next()
    else {
        return Ok(());
    };
    Err(PoolError::InvalidPassword(PasswordFault::Unmet(rule)))
}

#[cfg(test)]
mod tests {
    use password_policy::{PasswordPolicy, PasswordRule};

    use super::check_password;
    use crate::clock::Timestamp;
    use crate::pool::{PasswordFault, PoolConfig, PoolError, PoolId, PoolSettings};

    #[test]
    fn the_password_policy_names_the_first_rule_a_password_breaks() {
        let mut pool = PoolConfig {
            id: PoolId::generate("local"),
            name: "Users".into(),
            settings: PoolSettings::default(),
            created_at: Timestamp(0),
            updated_at: Timestamp(0),
        };
        let reason = |password: &str, pool: &PoolConfig| match check_password(pool, password) {
            Err(PoolError::InvalidPassword(fault)) => fault,
            other => panic!("expected a refusal, got {other:?}"),
        };
        assert_eq!(
            reason("Aa1!", &pool),
            PasswordFault::Unmet(PasswordRule::MinimumLength(8))
        );
        assert_eq!(
            reason("aaaaaaa1!", &pool),
            PasswordFault::Unmet(PasswordRule::Uppercase)
        );
        assert_eq!(reason(&"Aa1!".repeat(65), &pool), PasswordFault::TooLong);
        assert!(check_password(&pool, "Aa1!aaaa").is_ok());
        pool.settings = PoolSettings {
            password_policy: PasswordPolicy {
                minimum_length: 6,
                require_uppercase: false,
                require_lowercase: false,
                require_numbers: false,
                require_symbols: false,
            },
            ..PoolSettings::default()
        };
        assert!(check_password(&pool, "simple").is_ok());
    }
}
