//! The domain's test kit: a `UserPool` on an in-memory SQLite store, with a fixed clock,
//! a mailer that keeps what it sends and, where a test asks, an OpenID provider and a
//! security token service that answer as they are told, so every rule is tested where it
//! lives.

use std::sync::{Arc, Mutex};

use async_trait::async_trait;

use crate::adapters::mailer::{Email, MailError, Mailer};
use crate::adapters::store::SqliteStore;
use crate::clock::{FixedClock, Timestamp};
use crate::pool::federation::{ClientAuth, Discovery, LinkError, ProviderLink, ProviderTokens};
use crate::pool::passwords::{HashParams, Passwords};
use crate::pool::secrets::ClientProof;
use crate::pool::store::Store;
use crate::pool::sts::{AssumeRole, SecurityTokenService, TemporaryCredentials};
use crate::pool::{
    AppClient, ClientSettings, CodeDelivery, DefaultNames, Denied, PoolConfig, PoolError,
    PoolSettings, SignInStep, SignUpInput, SignedIn, User, UserPool, ensure_default_pool,
};
use crate::tokens::IssuedTokens;

/// The hosted pages' proof: Cognate's own door needs no client secret.
pub const TRUSTED: ClientProof<'static> = ClientProof::Trusted;

/// The answer to a challenge.
pub type Stepped = Result<SignedIn, PoolError>;

/// A password every default policy accepts.
pub const PASSWORD: &str = "Correct-Horse-1";
/// Where the kit's pool says it is reached.
pub const PUBLIC_URL: &str = "https://id.example";
/// The kit's clock starts here (2026-11-01).
pub const START: Timestamp = Timestamp(1_793_491_200);

/// A mailer that sends nothing and keeps every message.
#[derive(Default)]
pub struct CapturedMail {
    sent: Mutex<Vec<Email>>,
}

#[async_trait]
impl Mailer for CapturedMail {
    async fn send(&self, email: Email) -> Result<(), MailError> {
        self.sent.lock().expect("mail lock").push(email);
        Ok(())
    }
}

impl CapturedMail {
    /// Every message sent to `to`, oldest first.
    pub fn to(&self, to: &str) -> Vec<Email> {
        let sent = self.sent.lock().expect("mail lock");
        sent.iter()
            .filter(|email| email.to == to)
            .cloned()
            .collect()
    }
}

/// An OpenID provider on no network: its discovery names `<issuer>/authorize`,
/// `/token` and `/jwks`; a code redeemed at its token endpoint gives an ID token for the
/// claims a test set (signed with a key of its own, or any other key a test hands it).
pub struct FakeIdp {
    pub issuer: String,
    keys: Arc<crate::tokens::PoolKeys>,
    /// The claims of the next ID token (`iss` and `exp` are added when absent).
    next: Mutex<Option<serde_json::Map<String, serde_json::Value>>>,
    /// Sign the next ID token with these keys instead (a forger's).
    forger: Mutex<Option<Arc<crate::tokens::PoolKeys>>>,
}

impl FakeIdp {
    /// A provider at `issuer` whose keys are made (and kept) for `key_owner`, a pool in
    /// `store` that stands for the provider.
    async fn start(
        issuer: &str,
        store: Arc<dyn Store>,
        clock: Arc<FixedClock>,
        key_owner: &crate::pool::PoolId,
    ) -> Self {
        let ring = crate::tokens::KeyRing::new(store, clock);
        Self {
            issuer: issuer.to_string(),
            keys: ring.for_pool(key_owner).await.expect("the provider's keys"),
            next: Mutex::new(None),
            forger: Mutex::new(None),
        }
    }

    /// The next code redeemed gives an ID token with `claims`.
    pub fn will_sign_in(&self, claims: serde_json::Value) {
        *self.next.lock().expect("idp lock") = claims.as_object().cloned();
    }

    /// The next ID token is signed with `keys` (which its JWKS does not hold).
    pub fn forge_with(&self, keys: Arc<crate::tokens::PoolKeys>) {
        *self.forger.lock().expect("idp lock") = Some(keys);
    }
}

#[async_trait]
impl ProviderLink for FakeIdp {
    async fn discover(&self, issuer: &str) -> Result<Discovery, LinkError> {
        if issuer.trim_end_matches('/') != self.issuer {
            return Err(LinkError::Unreachable(format!("no provider at {issuer}")));
        }
        Ok(Discovery {
            issuer: self.issuer.clone(),
            authorization_endpoint: format!("{}/authorize", self.issuer),
            token_endpoint: format!("{}/token", self.issuer),
            userinfo_endpoint: None,
            jwks_uri: format!("{}/jwks", self.issuer),
        })
    }

    async fn keys(&self, _jwks_uri: &str) -> Result<jsonwebtoken::jwk::JwkSet, LinkError> {
        serde_json::from_str(&self.keys.jwks_json)
            .map_err(|error| LinkError::Unreachable(error.to_string()))
    }

    async fn redeem(
        &self,
        _token_url: &str,
        _auth: &ClientAuth,
        _form: &[(&str, &str)],
    ) -> Result<ProviderTokens, LinkError> {
        let Some(mut claims) = self.next.lock().expect("idp lock").take() else {
            return Err(LinkError::Refused("invalid_grant".into()));
        };
        claims
            .entry("iss")
            .or_insert_with(|| self.issuer.clone().into());
        claims
            .entry("exp")
            .or_insert_with(|| (START.0 + 3600).into());
        let forger = self.forger.lock().expect("idp lock").take();
        let keys = forger.as_ref().unwrap_or(&self.keys);
        let id_token = keys
            .current
            .sign(&claims)
            .map_err(|error| LinkError::Unreachable(error.to_string()))?;
        Ok(ProviderTokens {
            id_token: Some(id_token),
            access_token: None,
        })
    }

    async fn attributes(
        &self,
        url: &str,
        _access_token: &str,
        _post: bool,
    ) -> Result<serde_json::Map<String, serde_json::Value>, LinkError> {
        Err(LinkError::Unreachable(format!("no userinfo at {url}")))
    }
}

/// What a [`FakeSts`] was asked: the role, and Cognate's identity token for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AskedRole {
    pub role_arn: String,
    pub web_identity_token: String,
}

/// A security token service that hands out the same credentials for any role it is asked
/// for (or refuses, or does not answer, as a test sets it) and keeps what it was asked.
#[derive(Default)]
pub struct FakeSts {
    asked: Mutex<Vec<AskedRole>>,
    refusal: Mutex<Option<LinkError>>,
}

impl FakeSts {
    /// The credentials it hands out.
    pub const ACCESS_KEY_ID: &'static str = "ASIAFAKESTSKEY000001";

    /// Every request so far, oldest first.
    pub fn asked(&self) -> Vec<AskedRole> {
        self.asked.lock().expect("sts lock").clone()
    }

    /// From now on it answers with `refusal` (`LinkError::Refused` or `Unreachable`).
    pub fn fail_with(&self, refusal: LinkError) {
        *self.refusal.lock().expect("sts lock") = Some(refusal);
    }
}

#[async_trait]
impl SecurityTokenService for FakeSts {
    async fn assume_role_with_web_identity(
        &self,
        request: &AssumeRole<'_>,
    ) -> Result<TemporaryCredentials, LinkError> {
        self.asked.lock().expect("sts lock").push(AskedRole {
            role_arn: request.role_arn.to_string(),
            web_identity_token: request.web_identity_token.to_string(),
        });
        if let Some(refusal) = self.refusal.lock().expect("sts lock").take() {
            return Err(refusal);
        }
        Ok(TemporaryCredentials {
            access_key_id: Self::ACCESS_KEY_ID.into(),
            secret_access_key: "fake-secret".into(),
            session_token: "fake-session".into(),
            expiration: START.0 + request.duration_seconds,
        })
    }
}

/// A user pool with its default pool and client, ready for rules to be tried on.
pub struct Kit {
    pub pool: Arc<UserPool>,
    pub store: Arc<dyn Store>,
    /// The same store, for tables beside the domain's (the demo's notes).
    pub sqlite: SqliteStore,
    pub clock: Arc<FixedClock>,
    pub mail: Arc<CapturedMail>,
    /// The pool's hashing threads, to count the hashes a request spent.
    pub passwords: Passwords,
    pub pool_config: PoolConfig,
    pub client: AppClient,
}

impl Kit {
    /// The default pool (email alias, codes by email) and its public client.
    pub async fn new() -> Self {
        Self::with(None, None, None).await.0
    }

    /// A kit whose SAML providers are read through `saml`.
    pub async fn with_saml(saml: Arc<dyn crate::pool::saml::SamlLink>) -> Self {
        Self::with(None, None, Some(saml)).await.0
    }

    /// A kit whose identity pools get credentials from the returned [`FakeSts`].
    pub async fn with_sts() -> (Self, Arc<FakeSts>) {
        let sts = Arc::new(FakeSts::default());
        (Self::with(Some(sts.clone()), None, None).await.0, sts)
    }

    /// A kit whose pool reaches the returned [`FakeIdp`] at `issuer` (and no other
    /// provider); its keys belong to a second pool that stands for the provider.
    pub async fn with_idp(issuer: &str) -> (Self, Arc<FakeIdp>) {
        let (kit, idp) = Self::with(None, Some(issuer), None).await;
        (kit, idp.expect("the provider started"))
    }

    async fn with(
        sts: Option<Arc<FakeSts>>,
        idp: Option<&str>,
        saml: Option<Arc<dyn crate::pool::saml::SamlLink>>,
    ) -> (Self, Option<Arc<FakeIdp>>) {
        let sqlite = SqliteStore::open("sqlite::memory:", 1)
            .await
            .expect("an in-memory store");
        let store: Arc<dyn Store> = Arc::new(sqlite.clone());
        let clock = Arc::new(FixedClock::new(START));
        let mail = Arc::new(CapturedMail::default());
        // The cheapest argon2id the crate allows: the rules do not depend on its cost.
        let cheap = HashParams {
            memory_kib: 8,
            iterations: 1,
            parallelism: 1,
        };
        let names = DefaultNames {
            region: "local",
            pool: "Kit pool",
            client: "Kit client",
        };
        let default = ensure_default_pool(store.as_ref(), clock.as_ref(), &names)
            .await
            .expect("the default pool");
        let passwords = Passwords::new(cheap, 1).expect("hashing threads");
        let mut pool = UserPool::new(
            store.clone(),
            mail.clone(),
            passwords.clone(),
            clock.clone(),
            PUBLIC_URL.to_string(),
            crate::doors::hosted::email_pages(PUBLIC_URL),
        );
        if let Some(sts) = sts {
            pool = pool.with_sts(sts);
        }
        if let Some(saml) = saml {
            pool = pool.with_saml(saml);
        }
        let mut started = None;
        if let Some(issuer) = idp {
            let owner = PoolConfig {
                id: crate::pool::PoolId::generate("local"),
                name: "The provider".into(),
                settings: PoolSettings::default(),
                created_at: START,
                updated_at: START,
            };
            store
                .insert_pool(&owner)
                .await
                .expect("the provider's pool");
            let fake =
                Arc::new(FakeIdp::start(issuer, store.clone(), clock.clone(), &owner.id).await);
            pool = pool.with_provider_link(fake.clone());
            started = Some(fake);
        }
        let pool = Arc::new(pool);
        let kit = Self {
            pool,
            passwords,
            store,
            sqlite,
            clock,
            mail,
            pool_config: default.pool,
            client: default.client,
        };
        (kit, started)
    }

    /// A kit whose pool has one confirmed user, `username`.
    pub async fn with_user(username: &str) -> Self {
        let kit = Self::new().await;
        kit.confirmed_user(username).await;
        kit
    }

    /// A kit with one confirmed user, `username`, signed in.
    pub async fn signed_in_as(username: &str) -> (Self, SignedIn) {
        let kit = Self::with_user(username).await;
        let signed_in = kit.signed_in(username).await;
        (kit, signed_in)
    }

    /// The default client's id.
    pub fn client_id(&self) -> &str {
        self.client.id.as_str()
    }

    /// The default pool's id.
    pub fn pool_id(&self) -> &str {
        self.pool_config.id.as_str()
    }

    /// A new pool with `settings` and a public client with `client`.
    pub async fn other_pool(
        &self,
        settings: PoolSettings,
        client: ClientSettings,
    ) -> (PoolConfig, AppClient) {
        let pool = self
            .pool
            .create_pool("local", "Other", settings)
            .await
            .expect("a pool");
        let client = self
            .pool
            .create_client(pool.id.as_str(), "app", false, client)
            .await
            .expect("a client");
        (pool, client)
    }

    /// A new pool with `settings` and a public client with the default settings.
    pub async fn pool_with(&self, settings: PoolSettings) -> (PoolConfig, AppClient) {
        self.other_pool(settings, ClientSettings::default()).await
    }

    /// The claims of a valid ID token.
    pub async fn id_claims(&self, id_token: &str) -> serde_json::Map<String, serde_json::Value> {
        self.pool
            .id_token_claims(id_token)
            .await
            .expect("a valid ID token")
    }

    /// Whether the domain accepts `access_token` (signature, expiry, revocation).
    pub async fn accepts(&self, access_token: &str) -> bool {
        self.pool.authorize(access_token).await.is_ok()
    }

    /// A client of the default pool that turns PreventUserExistenceErrors off.
    pub async fn open_client(&self) -> AppClient {
        let settings = ClientSettings {
            prevent_user_existence_errors: false,
            ..ClientSettings::default()
        };
        self.client_with(false, settings).await
    }

    /// A client of the default pool with `settings` (and a secret if asked).
    pub async fn client_with(&self, secret: bool, settings: ClientSettings) -> AppClient {
        self.pool
            .create_client(self.pool_id(), "another app", secret, settings)
            .await
            .expect("a client")
    }

    /// Signs `username` up with `<username>@example.com` and the kit's password.
    pub async fn sign_up(&self, username: &str) -> User {
        let input = SignUpInput {
            username: username.to_string(),
            password: PASSWORD.to_string(),
            attributes: [("email".to_string(), email_of(username))].into(),
            ..SignUpInput::default()
        };
        let outcome = self
            .pool
            .sign_up(self.client_id(), TRUSTED, input)
            .await
            .expect("a sign-up");
        self.user(&outcome.sub).await
    }

    /// A user who signed up and confirmed the emailed code.
    pub async fn confirmed_user(&self, username: &str) -> User {
        let user = self.sign_up(username).await;
        let code = self.last_code(&email_of(username));
        self.confirm(username, &code).await.expect("confirmed");
        self.user(&user.sub).await
    }

    /// A confirmed user's sign-in through the hosted pages' door.
    pub async fn signed_in(&self, username: &str) -> SignedIn {
        self.signed_in_with(username, PASSWORD).await
    }

    /// A sign-in with `password`.
    pub async fn signed_in_with(&self, username: &str, password: &str) -> SignedIn {
        match self.sign_in(username, password).await.expect("signed in") {
            SignInStep::Done(signed_in) => signed_in,
            other => panic!("expected tokens, got {other:?}"),
        }
    }

    /// A sign-in on the hosted pages of the default client.
    pub async fn sign_in(&self, username: &str, password: &str) -> Result<SignInStep, PoolError> {
        let id = self.client_id();
        let pages = crate::pool::Via::Pages {
            oauth_request: None,
        };
        self.pool
            .password_sign_in(id, username, password, pages)
            .await
    }

    /// REFRESH_TOKEN_AUTH with the default client.
    pub async fn refresh(&self, refresh_token: &str) -> Result<IssuedTokens, PoolError> {
        let id = self.client_id();
        self.pool.refresh(id, refresh_token, TRUSTED).await
    }

    /// ConfirmSignUp with the default client.
    pub async fn confirm(&self, username: &str, code: &str) -> Result<(), PoolError> {
        let id = self.client_id();
        self.pool.confirm_sign_up(id, TRUSTED, username, code).await
    }

    /// ResendConfirmationCode with the default client.
    pub async fn resend(&self, username: &str) -> Result<CodeDelivery, PoolError> {
        let id = self.client_id();
        self.pool
            .resend_confirmation_code(id, TRUSTED, username)
            .await
    }

    /// ForgotPassword with the default client.
    pub async fn forgot(&self, username: &str) -> Result<CodeDelivery, PoolError> {
        let id = self.client_id();
        self.pool.forgot_password(id, TRUSTED, username).await
    }

    /// ConfirmForgotPassword with the default client.
    pub async fn reset(&self, username: &str, code: &str, password: &str) -> Result<(), PoolError> {
        let id = self.client_id();
        self.pool
            .confirm_forgot_password(id, TRUSTED, username, code, password)
            .await
    }

    /// The answer to NEW_PASSWORD_REQUIRED with the default client.
    pub async fn new_password(&self, step: (&str, &str), password: &str) -> Stepped {
        let (session, username) = step;
        let id = self.client_id();
        match self
            .pool
            .respond_new_password(id, TRUSTED, session, username, password)
            .await?
        {
            SignInStep::Done(signed_in) => Ok(signed_in),
            other => panic!("expected tokens after the new password, got {other:?}"),
        }
    }

    /// The user as stored now.
    pub async fn user(&self, sub: &crate::pool::Sub) -> User {
        self.store
            .get_user(sub)
            .await
            .expect("the store")
            .expect("the user")
    }

    /// The six-digit code in the last message sent to `to`.
    pub fn last_code(&self, to: &str) -> String {
        let sent = self.mail.to(to);
        let body = &sent.last().expect("a message").body;
        body.split(|c: char| !c.is_ascii_digit())
            .find(|word| word.len() == 6)
            .expect("a six-digit code")
            .to_string()
    }

    /// Moves the clock on.
    pub fn advance(&self, seconds: i64) {
        self.clock.advance(seconds);
    }
}

/// Why `outcome` was refused as invalid (it must have been).
#[track_caller]
pub fn invalid<T: std::fmt::Debug>(outcome: Result<T, PoolError>) -> crate::pool::Invalid {
    match outcome {
        Err(PoolError::InvalidParameter(reason)) => reason,
        other => panic!("expected InvalidParameter, got {other:?}"),
    }
}

/// Asserts that `outcome` was refused for exactly `expected`'s reason; returns what the
/// Cognito API says to it (its message).
#[track_caller]
pub fn refused_as<T: std::fmt::Debug>(
    outcome: Result<T, PoolError>,
    expected: PoolError,
) -> String {
    match outcome {
        Err(error) if error == expected => crate::doors::cognito_api::ApiError::from(error).message,
        other => panic!("expected {expected:?}, got {other:?}"),
    }
}

/// Why `outcome` was refused as not authorized (it must have been).
#[track_caller]
pub fn denied<T: std::fmt::Debug>(outcome: Result<T, PoolError>) -> Denied {
    match outcome {
        Err(PoolError::NotAuthorized(reason)) => reason,
        other => panic!("expected NotAuthorized, got {other:?}"),
    }
}

/// Why the new password in `outcome` was refused (it must have been).
#[track_caller]
pub fn weak<T: std::fmt::Debug>(outcome: Result<T, PoolError>) -> crate::pool::PasswordFault {
    match outcome {
        Err(PoolError::InvalidPassword(fault)) => fault,
        other => panic!("expected InvalidPassword, got {other:?}"),
    }
}

/// Asserts that `outcome` was refused as invalid and that the Cognito API's message for it
/// holds `words`.
#[track_caller]
pub fn invalid_with<T: std::fmt::Debug>(outcome: Result<T, PoolError>, words: &str) {
    let reason = invalid(outcome);
    let message =
        crate::doors::cognito_api::ApiError::from(PoolError::InvalidParameter(reason)).message;
    assert!(message.contains(words), "{message:?} lacks {words:?}");
}

/// The kit's email for `username`.
pub fn email_of(username: &str) -> String {
    format!("{}@example.com", username.to_lowercase())
}
