//! The domain's storage port: what the rules need kept, as use-case sized, atomic methods
//! split by aggregate. Adapters (under `server/src/adapters/store/`: SQLite, later PostgreSQL) implement it;
//! nothing here knows SQL.

use async_trait::async_trait;

use super::codes::{Purpose, StoredCode};
use super::error::PoolError;
use super::filter::UserFilter;
use super::{
    AppClient, AuthEvent, AuthSession, ClientId, Device, EventPage, FederationState, Group,
    Identity, IdentityPool, IdentityProvider, LinkedIdentity, OAuthCode, OAuthRequest, Passkey,
    PasskeyChallenge, PoolConfig, PoolDomain, PoolId, Redeemed, ResourceServer, RiskConfiguration,
    StoredSession, StoredSigningKey, Sub, TokenFamily, User, UserMfa,
};
use crate::clock::Timestamp;

mod look;
pub use look::LookStore;

/// A code was used: what the user becomes, and whether every sign-in of theirs ends.
pub struct CodeUse<'a> {
    pub purpose: Purpose,
    /// The stored hash that matched; the code is used only if it is still this one.
    pub code_hash: &'a str,
    pub user: &'a User,
    pub revoke_sessions_at: Option<Timestamp>,
}

/// What can go wrong below the domain.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The row the operation needs does not exist.
    #[error("not found")]
    NotFound,
    /// A row with the same key already exists.
    #[error("already exists")]
    Conflict,
    /// The value holds a character the database cannot store (PostgreSQL's text takes no
    /// NUL): the caller's input, refused.
    #[error("the value holds a character that cannot be stored")]
    Unstorable,
    /// A stored document could not be read back: the database was changed by hand.
    #[error("stored data is unreadable: {0}")]
    Corrupt(String),
    /// The database failed; the adapter's error, for the log only.
    #[error("database error: {0}")]
    Backend(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// What a refusal below the domain is to the caller: input the database cannot keep is
/// the caller's to fix; anything else is logged and opaque.
impl From<StoreError> for PoolError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Unstorable => Self::InvalidParameter(super::Invalid::Unstorable),
            error => Self::internal(error),
        }
    }
}

/// A page of users: up to `limit`, after the user whose username key is `after` (a cursor
/// stable under inserts and deletes; empty for the first page).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UserPage<'a> {
    pub after: &'a str,
    pub limit: u32,
}

/// What a store operation gives, or why it could not.
pub type Stored<T> = Result<T, StoreError>;

/// Pools and their configuration: app clients (and which pair is the installation's
/// default) and resource servers.
#[async_trait]
pub trait PoolStore: Send + Sync {
    /// Answers when the database does.
    async fn ping(&self) -> Stored<()>;

    /// The pool and client marked default, if any.
    async fn default_pool(&self) -> Stored<Option<(PoolConfig, AppClient)>>;

    /// Stores `pool` and `client` and marks them default, unless a default exists already;
    /// returns the default in force and whether it was created now.
    async fn create_default_pool(
        &self,
        pool: &PoolConfig,
        client: &AppClient,
    ) -> Stored<(PoolConfig, AppClient, bool)>;

    /// Stores a new pool; `Conflict` if its id is taken.
    async fn insert_pool(&self, pool: &PoolConfig) -> Stored<()>;

    async fn get_pool(&self, id: &PoolId) -> Stored<Option<PoolConfig>>;

    /// Writes a pool's name, settings and modification time.
    async fn update_pool(&self, pool: &PoolConfig) -> Stored<()>;

    /// Every pool, oldest first.
    async fn list_pools(&self) -> Stored<Vec<PoolConfig>>;

    /// Deletes a pool and everything in it (clients, users, codes, tokens, sessions, keys); `false` if there was no such pool.
    async fn delete_pool(&self, id: &PoolId) -> Stored<bool>;

    /// Stores a new app client; `NotFound` if its pool does not exist, `Conflict` if its
    /// id is taken.
    async fn insert_client(&self, client: &AppClient) -> Stored<()>;

    async fn get_client(&self, id: &ClientId) -> Stored<Option<AppClient>>;

    /// A pool's app clients, oldest first.
    async fn list_clients(&self, pool: &PoolId) -> Stored<Vec<AppClient>>;

    /// Writes a client's name, settings and modification time.
    async fn update_client(&self, client: &AppClient) -> Stored<()>;

    /// Deletes an app client and the sign-ins made through it; `false` if there was none.
    async fn delete_client(&self, id: &ClientId) -> Stored<bool>;

    /// Stores a new resource server; `Conflict` if the pool has one with its identifier.
    async fn insert_resource_server(&self, server: &ResourceServer) -> Stored<()>;

    /// The pool's resource servers by identifier.
    async fn list_resource_servers(&self, pool: &PoolId) -> Stored<Vec<ResourceServer>>;

    /// Writes the risk configuration of the pool (`client_id` none) or of one of its
    /// clients, replacing the one there was.
    async fn put_risk_configuration(&self, configuration: &RiskConfiguration) -> Stored<()>;

    /// The pool's risk configuration (`client` none), or the client's own.
    async fn risk_configuration(
        &self,
        pool: &PoolId,
        client: Option<&ClientId>,
    ) -> Stored<Option<RiskConfiguration>>;

    /// Deletes it; `false` if there was none.
    async fn delete_resource_server(&self, pool: &PoolId, identifier: &str) -> Stored<bool>;

    /// Stores a new domain; `Conflict` if the name is taken or the pool has a domain of
    /// its kind (prefix or custom) already.
    async fn insert_domain(&self, domain: &PoolDomain) -> Stored<()>;

    /// The domain of that name (as stored: lowercase).
    async fn get_domain(&self, domain: &str) -> Stored<Option<PoolDomain>>;

    /// Every pool's domains: few, and read once per change into the host map.
    async fn list_domains(&self) -> Stored<Vec<PoolDomain>>;

    /// One pool's domains (a prefix one, a custom one, or neither), by name.
    async fn pool_domains(&self, pool: &PoolId) -> Stored<Vec<PoolDomain>>;

    /// Writes a domain's certificate, version and modification time.
    async fn update_domain(&self, domain: &PoolDomain) -> Stored<()>;

    /// Deletes it; `false` if the pool had no such domain.
    async fn delete_domain(&self, pool: &PoolId, domain: &str) -> Stored<bool>;
}

/// Users.
#[async_trait]
pub trait UserStore: Send + Sync {
    /// How many users the pool has.
    async fn count_users(&self, pool: &PoolId) -> Stored<i64>;

    /// Stores a new user; `Conflict` if the case-folded username is taken in the pool.
    async fn insert_user(&self, user: &User) -> Stored<()>;

    /// Stores many new users in one transaction (an import, a seeded benchmark): all of
    /// them or, on `Conflict` (a name taken, here or among themselves), none.
    async fn insert_users(&self, users: &[User]) -> Stored<()>;

    /// The user whose case-folded username is `login_key`, or else the one whose verified
    /// email or phone number (where those sign in) is.
    async fn find_user(&self, pool: &PoolId, login_key: &str) -> Stored<Option<User>>;

    async fn get_user(&self, sub: &Sub) -> Stored<Option<User>>;

    /// A page of the pool's users matching `filter`, by username key (see [`UserPage`]).
    async fn list_users(
        &self,
        pool: &PoolId,
        filter: Option<&UserFilter>,
        page: UserPage<'_>,
    ) -> Stored<Vec<User>>;

    /// Deletes the user and everything of theirs (codes, tokens, sessions).
    async fn delete_user(&self, sub: &Sub) -> Stored<()>;

    /// Writes the user's password hash, status, enabled flag and attributes; `Conflict`
    /// if its verified email is another user's.
    async fn update_user(&self, user: &User) -> Stored<()>;

    /// The user's previous password hashes, newest first, at most `limit`.
    async fn password_history(&self, user: &Sub, limit: u32) -> Stored<Vec<String>>;

    /// Adds a previous password hash to the user's history, keeping the newest `keep`.
    async fn remember_password(
        &self,
        user: &Sub,
        hash: &str,
        at: Timestamp,
        keep: u32,
    ) -> Stored<()>;
}

/// Attempts counted in a window: failed passwords, wrong codes, codes sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Counter {
    /// Attempts since the window started.
    pub count: i64,
    /// When the window ends; from then on the count starts again at zero.
    pub window_end: Timestamp,
    /// The latest attempt.
    pub last_at: Timestamp,
}

/// Attempt counters, shared by every node that shares the store. Keys are opaque hashes.
#[async_trait]
pub trait ThrottleStore: Send + Sync {
    /// Counts one attempt at `now`, atomically: in the key's live window, or in a new one
    /// of `window_seconds` when there is none. Returns the counter after this attempt.
    async fn count_attempt(
        &self,
        key: &str,
        now: Timestamp,
        window_seconds: i64,
    ) -> Stored<Counter>;
    /// The key's counter, if it has one (its window may have ended).
    async fn counter(&self, key: &str) -> Stored<Option<Counter>>;
    /// Forgets the key's attempts (a right password ends a run of wrong ones).
    async fn reset_counter(&self, key: &str) -> Stored<()>;
}

/// Users' second factors.
#[async_trait]
pub trait MfaStore: Send + Sync {
    /// The user's factors; the default (none) if they never set one up.
    async fn get_mfa(&self, user: &Sub) -> Stored<UserMfa>;
    /// Writes the user's factors whole.
    async fn put_mfa(&self, user: &Sub, mfa: &UserMfa) -> Stored<()>;
    /// Records that a TOTP code of time step `step` was accepted, atomically, only if no
    /// code of that step or a later one was: `false` means the code was used already.
    async fn use_totp_step(&self, user: &Sub, step: i64) -> Stored<bool>;
}

/// Emailed codes (sign-up, reset, attribute verification).
#[async_trait]
pub trait CodeStore: Send + Sync {
    /// Stores the user's code for `purpose`, replacing (and so killing) any older one.
    async fn put_code(
        &self,
        user: &Sub,
        purpose: Purpose,
        code: &StoredCode,
        now: Timestamp,
    ) -> Stored<()>;

    /// The user's code for `purpose`, as stored (it may have expired or have no tries left).
    async fn get_code(&self, user: &Sub, purpose: Purpose) -> Stored<Option<StoredCode>>;

    /// Spends one try of the user's live code for `purpose`, atomically, and returns the
    /// code as it was before: `None` if there is no code, it expired at `now` or has no
    /// tries left. Concurrent callers each spend their own try, so a code is compared at
    /// most its number of tries.
    async fn take_code_try(
        &self,
        user: &Sub,
        purpose: Purpose,
        now: Timestamp,
    ) -> Stored<Option<StoredCode>>;

    /// Atomically deletes the code (only if it is still `code_hash`), writes the user and,
    /// if asked, revokes all the user's token families. `false` if the code was already
    /// used or replaced; `Conflict` if the user's verified email is another user's.
    async fn use_code(&self, code_use: CodeUse<'_>) -> Stored<bool>;
}

/// Sign-ins: refresh-token families, hosted sessions, challenges waiting for an answer.
#[async_trait]
pub trait SignInStore: Send + Sync {
    async fn insert_family(&self, family: &TokenFamily) -> Stored<()>;

    async fn get_family(&self, id: &str) -> Stored<Option<TokenFamily>>;

    async fn find_family_by_refresh(&self, refresh_hash: &str) -> Stored<Option<TokenFamily>>;

    /// Marks the family revoked (once; a later call keeps the first time).
    async fn revoke_family(&self, id: &str, at: Timestamp) -> Stored<()>;

    /// Revokes every live family of the user (global sign-out).
    async fn revoke_user_families(&self, user: &Sub, at: Timestamp) -> Stored<()>;

    /// Stores a hosted session, started at `created_at`, under its id's hash.
    async fn insert_session(
        &self,
        id_hash: &str,
        session: &StoredSession,
        created_at: Timestamp,
    ) -> Stored<()>;

    async fn get_session(&self, id_hash: &str) -> Stored<Option<StoredSession>>;

    async fn delete_session(&self, id_hash: &str) -> Stored<()>;

    async fn insert_auth_session(&self, id_hash: &str, session: &AuthSession) -> Stored<()>;

    /// Takes the session out: it answers one challenge only.
    async fn take_auth_session(&self, id_hash: &str) -> Stored<Option<AuthSession>>;

    /// Deletes what can no longer be used at `now`: expired sessions, codes and attempt
    /// counters, and token families a day past their expiry (an access token may outlive
    /// its family's refresh token by up to its own validity, at most a day). Returns the
    /// rows deleted.
    async fn purge_expired(&self, now: Timestamp) -> Stored<u64>;
}

/// The pools' token signing keys.
#[async_trait]
pub trait KeyStore: Send + Sync {
    /// The pool's signing keys, oldest first.
    async fn list_signing_keys(&self, pool: &PoolId) -> Stored<Vec<StoredSigningKey>>;

    async fn insert_signing_key(&self, pool: &PoolId, key: &StoredSigningKey) -> Stored<()>;

    /// The identity token issuer's signing keys, oldest first.
    async fn list_identity_signing_keys(&self) -> Stored<Vec<StoredSigningKey>>;
    async fn insert_identity_signing_key(&self, key: &StoredSigningKey) -> Stored<()>;
}

/// OAuth 2.0 authorization requests and codes.
#[async_trait]
pub trait OAuthStore: Send + Sync {
    async fn insert_oauth_request(&self, id_hash: &str, request: &OAuthRequest) -> Stored<()>;

    /// The request, still waiting (it is taken only when a code is issued).
    async fn get_oauth_request(&self, id_hash: &str) -> Stored<Option<OAuthRequest>>;

    /// Takes the request out: it gives one code only.
    async fn take_oauth_request(&self, id_hash: &str) -> Stored<Option<OAuthRequest>>;

    async fn insert_oauth_code(&self, code_hash: &str, code: &OAuthCode) -> Stored<()>;

    /// Marks the code used at `now`, atomically: the first caller gets it, later ones learn
    /// it was used; `None` if there is no such code.
    async fn redeem_oauth_code(&self, code_hash: &str, now: Timestamp) -> Stored<Option<Redeemed>>;

    /// Records the token family a code was exchanged for (revoked if the code comes again).
    async fn set_code_family(&self, code_hash: &str, family_id: &str) -> Stored<()>;
}

/// Groups and their members.
#[async_trait]
pub trait GroupStore: Send + Sync {
    /// Stores a new group; `Conflict` if the pool has one of that name.
    async fn insert_group(&self, group: &Group) -> Stored<()>;

    async fn get_group(&self, pool: &PoolId, name: &str) -> Stored<Option<Group>>;

    /// Writes a group's description, precedence and role; `NotFound` if there is none.
    async fn update_group(&self, group: &Group) -> Stored<()>;

    /// Deletes the group and its memberships; `false` if there was none.
    async fn delete_group(&self, pool: &PoolId, name: &str) -> Stored<bool>;

    /// The pool's groups by name.
    async fn list_groups(&self, pool: &PoolId) -> Stored<Vec<Group>>;

    /// Adds the user to the group (nothing changes if already a member).
    async fn add_member(&self, pool: &PoolId, group: &str, user: &Sub) -> Stored<()>;

    async fn remove_member(&self, pool: &PoolId, group: &str, user: &Sub) -> Stored<()>;

    /// The user's groups, by precedence (groups without one last), then name.
    async fn groups_of(&self, user: &Sub) -> Stored<Vec<Group>>;

    /// The group's members, by username.
    async fn members_of(&self, pool: &PoolId, group: &str) -> Stored<Vec<User>>;
}

/// Identity providers, and the external identities linked to users.
#[async_trait]
pub trait ProviderStore: Send + Sync {
    /// Stores a new provider; `Conflict` if the pool has one of that name.
    async fn insert_provider(&self, provider: &IdentityProvider) -> Stored<()>;

    /// Writes its details, attribute mapping and identifiers.
    async fn update_provider(&self, provider: &IdentityProvider) -> Stored<()>;

    /// The pool's providers by name.
    async fn list_providers(&self, pool: &PoolId) -> Stored<Vec<IdentityProvider>>;

    /// Deletes it and its links; `false` if there was none.
    async fn delete_provider(&self, pool: &PoolId, name: &str) -> Stored<bool>;

    /// The user the external identity signs in as.
    async fn linked_user(
        &self,
        pool: &PoolId,
        provider_name: &str,
        provider_user_id: &str,
    ) -> Stored<Option<Sub>>;

    /// Links the external identity to `user` (replacing an earlier link of it).
    async fn link_identity(
        &self,
        pool: &PoolId,
        user: &Sub,
        identity: &LinkedIdentity,
    ) -> Stored<()>;

    /// Cuts the external identity off; `false` if it was linked to no one.
    async fn unlink_identity(
        &self,
        pool: &PoolId,
        provider_name: &str,
        provider_user_id: &str,
    ) -> Stored<bool>;

    /// The external identities linked to the user, oldest first.
    async fn identities_of(&self, user: &Sub) -> Stored<Vec<LinkedIdentity>>;

    /// Keeps a federated sign-in under its `state`'s hash (and drops expired ones).
    async fn insert_federation(&self, state_hash: &str, state: &FederationState) -> Stored<()>;

    /// Takes it out: a second answer with the same `state` finds nothing.
    async fn take_federation(&self, state_hash: &str) -> Stored<Option<FederationState>>;

    /// The pool's SAML key for `purpose` (`signing`, `encryption`).
    async fn saml_key(&self, pool: &PoolId, purpose: &str) -> Stored<Option<StoredSigningKey>>;

    /// Stores the pool's first SAML key for `purpose`; `Conflict` if another node's landed
    /// first.
    async fn insert_saml_key(
        &self,
        pool: &PoolId,
        purpose: &str,
        key: &StoredSigningKey,
    ) -> Stored<()>;

    /// Records an assertion (its ID's hash) as used until `expires_at`: `false` if it
    /// already was.
    async fn accept_assertion(&self, id_hash: &str, expires_at: Timestamp) -> Stored<bool>;
}

/// Threat protection's records: each user's auth events.
#[async_trait]
pub trait ThreatStore: Send + Sync {
    /// Keeps a new auth event.
    async fn insert_auth_event(&self, event: &AuthEvent) -> Stored<()>;
    /// Writes an event's response, risk, challenges, feedback and feedback token.
    async fn update_auth_event(&self, event: &AuthEvent) -> Stored<()>;
    /// The user's event with this id.
    async fn get_auth_event(&self, user: &Sub, id: &str) -> Stored<Option<AuthEvent>>;
    /// The user's events, newest first.
    async fn list_auth_events(&self, user: &Sub, page: EventPage<'_>) -> Stored<Vec<AuthEvent>>;
    /// How many of the pool's users have had an event from `ip` since `since`.
    async fn users_from_address(&self, pool: &PoolId, ip: &str, since: Timestamp) -> Stored<i64>;
    /// Deletes the events created before `before`; how many.
    async fn purge_auth_events(&self, before: Timestamp) -> Stored<u64>;

    /// Keeps a device whose key was just issued to its user.
    async fn insert_device(&self, device: &Device) -> Stored<()>;
    /// The user's device with this key (never another user's).
    async fn get_device(&self, user: &Sub, key: &str) -> Stored<Option<Device>>;
    /// The user's confirmed devices, oldest first, after the key `after`.
    async fn list_devices(
        &self,
        user: &Sub,
        after: Option<&str>,
        limit: u32,
    ) -> Stored<Vec<Device>>;
    /// Writes a device's verifier, name, status, last address and times.
    async fn update_device(&self, device: &Device) -> Stored<()>;
    /// Forgets the user's device; `false` if there was none.
    async fn delete_device(&self, user: &Sub, key: &str) -> Stored<bool>;
    /// Deletes device keys issued before `before` and never confirmed; how many.
    async fn purge_unconfirmed_devices(&self, before: Timestamp) -> Stored<u64>;
}

/// Users' passkeys (WebAuthn credentials).
#[async_trait]
pub trait PasskeyStore: Send + Sync {
    /// Keeps a new passkey; `false` (nothing written) if the pool has one of that ID.
    async fn insert_passkey(&self, passkey: &Passkey) -> Stored<bool>;
    /// The user's passkeys, oldest first.
    async fn list_passkeys(&self, user: &Sub) -> Stored<Vec<Passkey>>;
    /// The user's passkey of this ID (never another user's).
    async fn get_passkey(&self, user: &Sub, id: &str) -> Stored<Option<Passkey>>;
    /// Writes a use: its counter and time, and whether it is flagged. `false` if the
    /// counter stored is no longer `seen_count` (another sign-in used it meanwhile), and
    /// nothing was written.
    async fn record_passkey_use(&self, passkey: &Passkey, seen_count: u32) -> Stored<bool>;
    /// Deletes the user's passkey; `false` if there was none.
    async fn delete_passkey(&self, user: &Sub, id: &str) -> Stored<bool>;
    /// Keeps a passkey sign-in that names no user yet, under the hash of its session.
    async fn insert_passkey_challenge(
        &self,
        id_hash: &str,
        challenge: &PasskeyChallenge,
    ) -> Stored<()>;
    /// Takes it out (once).
    async fn take_passkey_challenge(&self, id_hash: &str) -> Stored<Option<PasskeyChallenge>>;
}

/// Identity pools (Cognito Identity).
#[async_trait]
pub trait IdentityPoolStore: Send + Sync {
    async fn insert_identity_pool(&self, pool: &IdentityPool) -> Stored<()>;
    async fn get_identity_pool(&self, id: &str) -> Stored<Option<IdentityPool>>;
    /// Writes its name and settings.
    async fn update_identity_pool(&self, pool: &IdentityPool) -> Stored<()>;
    /// Deletes it; `false` if there was none.
    async fn delete_identity_pool(&self, id: &str) -> Stored<bool>;
    /// Every identity pool, by id.
    async fn list_identity_pools(&self) -> Stored<Vec<IdentityPool>>;

    /// Stores a new identity; `false` (nothing written) if its pool already has one for
    /// the same login.
    async fn insert_identity(&self, identity: &Identity) -> Stored<bool>;
    async fn get_identity(&self, id: &str) -> Stored<Option<Identity>>;
    /// The pool's identity of this provider's user.
    async fn identity_for_login(
        &self,
        pool_id: &str,
        provider: &str,
        subject: &str,
    ) -> Stored<Option<Identity>>;
    /// The pool's identities, by id, from after `after`, at most `limit`.
    async fn list_identities(
        &self,
        pool_id: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Stored<Vec<Identity>>;
    /// Deletes it; `false` if there was none.
    async fn delete_identity(&self, id: &str) -> Stored<bool>;
}

/// Every read and write the domain makes; each method is one transaction.
pub trait Store:
    PoolStore
    + UserStore
    + CodeStore
    + MfaStore
    + ThrottleStore
    + SignInStore
    + KeyStore
    + OAuthStore
    + GroupStore
    + ProviderStore
    + IdentityPoolStore
    + ThreatStore
    + LookStore
    + PasskeyStore
{
}

impl<T> Store for T where
    T: PoolStore
        + UserStore
        + CodeStore
        + MfaStore
        + ThrottleStore
        + SignInStore
        + KeyStore
        + OAuthStore
        + GroupStore
        + ProviderStore
        + IdentityPoolStore
        + ThreatStore
        + LookStore
        + PasskeyStore
{
}
