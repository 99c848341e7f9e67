//! The `Store` contract, run against both implementations: every check on an SQLite file
//! and on a real PostgreSQL database (tests/api/postgres.rs), with the same assertions.

use server::adapters::store::{PgStore, SqliteStore};
use server::clock::Timestamp;
use server::doors::demo::Notes;
use server::pool::StoredSigningKey;
use server::pool::codes::{Purpose, StoredCode};
use server::pool::filter::UserFilter;
use server::pool::srp::Verifier;
use server::pool::store::UserPage;
use server::pool::store::{CodeUse, Counter, PoolStore, Store, StoreError};
use server::pool::{
    AppClient, Attributes, ClientId, ClientSecret, ClientSettings, Group, Identity, IdentityPool,
    IdentityPoolSettings, PoolConfig, PoolDomain, PoolId, PoolSettings, SamlSession, SignInRule,
    StoredSession, Sub, TokenFamily, User, UserStatus,
};

fn session(family_id: &str, expires_at: i64) -> StoredSession {
    StoredSession {
        family_id: family_id.to_string(),
        expires_at: Timestamp(expires_at),
        saml: None,
    }
}

fn new_pool(name: &str, at: i64) -> PoolConfig {
    PoolConfig {
        id: PoolId::generate("local"),
        name: name.to_string(),
        settings: PoolSettings::default(),
        created_at: Timestamp(at),
        updated_at: Timestamp(at),
    }
}

fn new_client(pool: &PoolConfig, name: &str, at: i64) -> AppClient {
    AppClient {
        id: ClientId::generate(),
        pool_id: pool.id.clone(),
        name: name.to_string(),
        secret: None,
        settings: ClientSettings::default(),
        created_at: Timestamp(at),
        updated_at: Timestamp(at),
    }
}

async fn sqlite() -> (SqliteStore, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("store.db").display());
    (SqliteStore::open(&url, 4).await.unwrap(), dir)
}

/// `$name::sqlite` and `$name::postgres`: `$check(store, notes)` on a new store of each kind.
macro_rules! on_both_stores {
    ($($name:ident: $check:path;)*) => {$(
        mod $name {
            use super::*;

            #[tokio::test]
            async fn sqlite() {
                let (store, _dir) = super::sqlite().await;
                $check(&store, &Notes::Sqlite(store.database())).await;
            }

            #[tokio::test]
            async fn postgres() {
                let store = super::postgres().await;
                $check(&store, &Notes::Postgres(store.database())).await;
                store.close().await;
            }
        }
    )*};
}

// Users (found by name or alias, listed by filter, inserted in batches) and their codes,
// each in a file of its own below `store_contract/`.
mod codes;
mod passkeys;
mod threats;
mod users;

on_both_stores! {
    keeps_pools: pools_round_trip;
    keeps_clients: clients_round_trip;
    creates_the_default_pool_once: the_default_pool_is_created_once;
    counts_attempts: attempts_are_counted_per_window;
    keeps_families_sessions_keys_and_notes: families_sessions_keys_and_notes;
    purges_expired_rows: expired_rows_are_purged_and_live_ones_kept;
    deletes_pools_and_clients: deleting_a_pool_takes_everything_in_it;
    keeps_identities: identities_are_one_per_login_and_go_with_their_pool;
    keeps_groups: groups_are_made_changed_and_ordered;
    keeps_domains: domains_are_one_per_name_and_kind_and_go_with_their_pool;
    keeps_saml_keys_assertions_and_sessions: saml_keys_assertions_and_sessions;
    keeps_threat_records: threats::auth_events_devices_and_password_history;
    keeps_passkeys: passkeys::passkeys_and_choice_steps;
}

/// A pool's SAML keys are made once (a second node's insert conflicts), an assertion is
/// accepted once until it expires, and a session keeps who a SAML provider named.
async fn saml_keys_assertions_and_sessions(store: &dyn Store, _: &Notes) {
    let (pool, client) = pool_with_client(store).await;
    let key = |kid: &str| StoredSigningKey {
        kid: kid.into(),
        private_pkcs8: vec![1, 2, 3],
        created_at: Timestamp(5),
    };
    assert!(store.saml_key(&pool.id, "signing").await.unwrap().is_none());
    store
        .insert_saml_key(&pool.id, "signing", &key("first"))
        .await
        .unwrap();
    assert!(matches!(
        store
            .insert_saml_key(&pool.id, "signing", &key("second"))
            .await,
        Err(StoreError::Conflict)
    ));
    store
        .insert_saml_key(&pool.id, "encryption", &key("other"))
        .await
        .unwrap();
    let kept = store.saml_key(&pool.id, "signing").await.unwrap().unwrap();
    assert_eq!(
        (kept.kid.as_str(), kept.private_pkcs8, kept.created_at),
        ("first", vec![1, 2, 3], Timestamp(5))
    );

    assert!(store.accept_assertion("a1", Timestamp(100)).await.unwrap());
    assert!(!store.accept_assertion("a1", Timestamp(100)).await.unwrap());
    assert!(store.accept_assertion("a2", Timestamp(100)).await.unwrap());
    // Once expired it is purged (it could not be replayed anyway).
    store.purge_expired(Timestamp(100)).await.unwrap();
    assert!(store.accept_assertion("a1", Timestamp(200)).await.unwrap());

    let user = new_user(&pool, "jane", "jane@example.com", true);
    store.insert_user(&user).await.unwrap();
    let family = new_family(&user, &client, "saml");
    store.insert_family(&family).await.unwrap();
    let saml = SamlSession {
        provider_name: "Corp".into(),
        name_id: "jane@corp.example".into(),
        name_id_format: Some("urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress".into()),
        session_index: None,
    };
    let kept = StoredSession {
        saml: Some(saml),
        ..session(&family.id, 5_000)
    };
    store
        .insert_session("saml-session", &kept, Timestamp(1))
        .await
        .unwrap();
    assert_eq!(store.get_session("saml-session").await.unwrap(), Some(kept));
}

async fn domains_are_one_per_name_and_kind_and_go_with_their_pool(store: &dyn Store, _: &Notes) {
    let (first, second) = (new_pool("First", 1), new_pool("Second", 1));
    store.insert_pool(&first).await.unwrap();
    store.insert_pool(&second).await.unwrap();
    let domain = |name: &str, pool: &PoolConfig, certificate: Option<&str>| PoolDomain {
        domain: name.to_string(),
        pool_id: pool.id.clone(),
        certificate_arn: certificate.map(String::from),
        managed_login_version: 1,
        created_at: Timestamp(1),
        updated_at: Timestamp(1),
    };
    let arn = Some("arn:aws:acm:us-east-1:000000000000:certificate/a");
    store
        .insert_domain(&domain("app", &first, None))
        .await
        .unwrap();
    store
        .insert_domain(&domain("auth.example.test", &first, arn))
        .await
        .unwrap();
    for taken in [
        domain("app", &second, None),
        domain("other", &first, None),
        domain("login.example.test", &first, arn),
    ] {
        assert!(
            matches!(store.insert_domain(&taken).await, Err(StoreError::Conflict)),
            "{}",
            taken.domain
        );
    }
    let mut renewed = domain(
        "auth.example.test",
        &first,
        Some("arn:aws:acm:x:0:certificate/b"),
    );
    renewed.managed_login_version = 2;
    renewed.updated_at = Timestamp(2);
    store.update_domain(&renewed).await.unwrap();
    assert_eq!(
        store.get_domain("auth.example.test").await.unwrap(),
        Some(renewed.clone())
    );
    assert!(matches!(
        store
            .update_domain(&domain("auth.example.test", &second, arn))
            .await,
        Err(StoreError::NotFound)
    ));
    let names =
        |domains: Vec<PoolDomain>| domains.into_iter().map(|d| d.domain).collect::<Vec<_>>();
    assert_eq!(
        names(store.pool_domains(&first.id).await.unwrap()),
        ["app", "auth.example.test"]
    );
    assert!(store.pool_domains(&second.id).await.unwrap().is_empty());
    assert!(
        !store.delete_domain(&second.id, "app").await.unwrap(),
        "not its pool's"
    );
    assert!(store.delete_domain(&first.id, "app").await.unwrap());
    store
        .insert_domain(&domain("app", &second, None))
        .await
        .unwrap();
    store.delete_pool(&first.id).await.unwrap();
    let left: Vec<String> = store
        .list_domains()
        .await
        .unwrap()
        .into_iter()
        .map(|d| d.domain)
        .collect();
    assert_eq!(left, ["app"], "the deleted pool's domains went with it");
}

async fn groups_are_made_changed_and_ordered(store: &dyn Store, _: &Notes) {
    let pool = new_pool("Groups", 1);
    store.insert_pool(&pool).await.unwrap();
    let group = |name: &str, precedence: Option<i64>| Group {
        pool_id: pool.id.clone(),
        name: name.to_string(),
        description: None,
        precedence,
        role_arn: None,
        created_at: Timestamp(1),
        updated_at: Timestamp(1),
    };
    store.insert_group(&group("b", None)).await.unwrap();
    store.insert_group(&group("a", Some(5))).await.unwrap();
    assert!(matches!(
        store.insert_group(&group("a", None)).await,
        Err(StoreError::Conflict)
    ));
    let mut changed = group("b", Some(1));
    changed.description = Some("first".into());
    changed.role_arn = Some("arn:aws:iam::000000000000:role/B".into());
    changed.updated_at = Timestamp(2);
    store.update_group(&changed).await.unwrap();
    assert_eq!(
        store.get_group(&pool.id, "b").await.unwrap(),
        Some(changed.clone())
    );
    assert!(matches!(
        store.update_group(&group("missing", None)).await,
        Err(StoreError::NotFound)
    ));
    let names: Vec<String> = store
        .list_groups(&pool.id)
        .await
        .unwrap()
        .into_iter()
        .map(|g| g.name)
        .collect();
    assert_eq!(names, ["a", "b"]);
}

async fn postgres() -> PgStore {
    let url = crate::postgres::fresh_database().await;
    PgStore::open(&url, 4).await.unwrap()
}

async fn pools_round_trip(store: &dyn Store, _: &Notes) {
    store.ping().await.unwrap();
    let mut first = new_pool("First", 100);
    first.settings.password_policy.minimum_length = 12;
    first.settings.password_policy.require_symbols = false;
    let second = new_pool("Second", 200);
    store.insert_pool(&second).await.unwrap();
    store.insert_pool(&first).await.unwrap();

    assert_eq!(
        store.get_pool(&first.id).await.unwrap(),
        Some(first.clone())
    );
    assert_eq!(
        store.get_pool(&PoolId::generate("local")).await.unwrap(),
        None
    );
    assert_eq!(
        store.list_pools().await.unwrap(),
        vec![first.clone(), second]
    );
    assert!(matches!(
        store.insert_pool(&first).await,
        Err(StoreError::Conflict)
    ));
}

async fn clients_round_trip(store: &dyn Store, _: &Notes) {
    let owner = new_pool("Owner", 100);
    store.insert_pool(&owner).await.unwrap();
    let mut confidential = new_client(&owner, "Confidential", 300);
    confidential.secret = Some(ClientSecret::generate());
    confidential.settings.callback_urls = vec!["https://app.example/callback".to_string()];
    let public = new_client(&owner, "Public", 200);
    store.insert_client(&confidential).await.unwrap();
    store.insert_client(&public).await.unwrap();

    assert_eq!(
        store.get_client(&confidential.id).await.unwrap(),
        Some(confidential.clone())
    );
    assert_eq!(
        store.list_clients(&owner.id).await.unwrap(),
        vec![public, confidential.clone()]
    );
    assert!(matches!(
        store.insert_client(&confidential).await,
        Err(StoreError::Conflict)
    ));
    let orphan = new_client(&new_pool("Never stored", 1), "Orphan", 1);
    assert!(matches!(
        store.insert_client(&orphan).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(store.get_client(&orphan.id).await.unwrap(), None);
}

async fn the_default_pool_is_created_once(store: &dyn Store, _: &Notes) {
    assert_eq!(store.default_pool().await.unwrap(), None);
    let pool_a = new_pool("A", 1);
    let client_a = new_client(&pool_a, "A", 1);
    let (pool, client, created) = store.create_default_pool(&pool_a, &client_a).await.unwrap();
    assert!(created);
    assert_eq!((pool, client), (pool_a.clone(), client_a.clone()));

    // A second claim (another replica, or a race at start) gets the first one.
    let pool_b = new_pool("B", 2);
    let client_b = new_client(&pool_b, "B", 2);
    let (pool, client, created) = store.create_default_pool(&pool_b, &client_b).await.unwrap();
    assert!(!created);
    assert_eq!((pool, client), (pool_a.clone(), client_a.clone()));
    assert_eq!(
        store.get_pool(&pool_b.id).await.unwrap(),
        None,
        "the loser stores nothing"
    );
    assert_eq!(
        store.default_pool().await.unwrap(),
        Some((pool_a, client_a))
    );
}

fn new_user(pool: &PoolConfig, username: &str, email: &str, verified: bool) -> User {
    let mut attributes = Attributes::new();
    attributes.insert("email".into(), email.into());
    attributes.insert("email_verified".into(), verified.to_string());
    User {
        sub: Sub::generate(),
        pool_id: pool.id.clone(),
        username: username.to_string(),
        status: UserStatus::Unconfirmed,
        enabled: true,
        password_hash: Some("$argon2id$stand-in".into()),
        srp_verifier: Some(Verifier {
            salt: "01ab".into(),
            verifier: "02cd".into(),
        }),
        email_sign_in: SignInRule::WhenVerified,
        phone_sign_in: SignInRule::No,
        attributes,
        created_at: Timestamp(10),
        updated_at: Timestamp(10),
    }
}

fn new_family(user: &User, client: &AppClient, refresh_hash: &str) -> TokenFamily {
    TokenFamily {
        id: uuid_like(refresh_hash),
        pool_id: user.pool_id.clone(),
        user_sub: user.sub.clone(),
        client_id: client.id.clone(),
        refresh_hash: refresh_hash.to_string(),
        scope: "aws.cognito.signin.user.admin".into(),
        auth_time: Timestamp(20),
        created_at: Timestamp(20),
        expires_at: Timestamp(1_000),
        revoked_at: None,
        device_key: None,
    }
}

fn uuid_like(seed: &str) -> String {
    format!("family-{seed}")
}

/// A pool with one client, stored.
async fn pool_with_client(store: &dyn Store) -> (PoolConfig, AppClient) {
    let pool = new_pool("Users", 1);
    let client = new_client(&pool, "App", 1);
    store.insert_pool(&pool).await.unwrap();
    store.insert_client(&client).await.unwrap();
    (pool, client)
}

async fn attempts_are_counted_per_window(store: &dyn Store, _: &Notes) {
    assert_eq!(store.counter("k").await.unwrap(), None);
    let first = store.count_attempt("k", Timestamp(10), 60).await.unwrap();
    assert_eq!(
        first,
        Counter {
            count: 1,
            window_end: Timestamp(70),
            last_at: Timestamp(10)
        }
    );
    let second = store.count_attempt("k", Timestamp(20), 60).await.unwrap();
    assert_eq!(
        (second.count, second.window_end, second.last_at),
        (2, Timestamp(70), Timestamp(20))
    );
    assert_eq!(store.counter("k").await.unwrap(), Some(second));
    // Another key counts apart; an ended window starts again at one.
    assert_eq!(
        store
            .count_attempt("other", Timestamp(20), 60)
            .await
            .unwrap()
            .count,
        1
    );
    let again = store.count_attempt("k", Timestamp(70), 60).await.unwrap();
    assert_eq!((again.count, again.window_end), (1, Timestamp(130)));
    store.reset_counter("k").await.unwrap();
    assert_eq!(store.counter("k").await.unwrap(), None);
    assert_eq!(
        store.counter("other").await.unwrap().map(|c| c.count),
        Some(1)
    );
    // The purge deletes counters whose window ended.
    store.purge_expired(Timestamp(80)).await.unwrap();
    assert_eq!(store.counter("other").await.unwrap(), None);
}

async fn families_sessions_keys_and_notes(store: &dyn Store, notes: &Notes) {
    let (pool, client) = pool_with_client(store).await;
    let jane = new_user(&pool, "jane", "jane@example.com", true);
    let joe = new_user(&pool, "joe", "joe@example.com", true);
    store.insert_user(&jane).await.unwrap();
    store.insert_user(&joe).await.unwrap();
    let first = new_family(&jane, &client, "a");
    let second = new_family(&jane, &client, "b");
    let joes = new_family(&joe, &client, "c");
    for family in [&first, &second, &joes] {
        store.insert_family(family).await.unwrap();
    }
    assert_eq!(
        store.find_family_by_refresh("b").await.unwrap(),
        Some(second.clone())
    );
    assert_eq!(store.find_family_by_refresh("zz").await.unwrap(), None);
    // Read while live first: a store that remembers live families must not serve them
    // stale after a revocation.
    for family in [&first, &second, &joes] {
        assert_eq!(
            store.get_family(&family.id).await.unwrap().as_ref(),
            Some(family)
        );
    }

    store.revoke_family(&first.id, Timestamp(60)).await.unwrap();
    store.revoke_family(&first.id, Timestamp(70)).await.unwrap();
    assert_eq!(
        store
            .get_family(&first.id)
            .await
            .unwrap()
            .unwrap()
            .revoked_at,
        Some(Timestamp(60)),
        "the first revocation time stays"
    );
    store
        .revoke_user_families(&jane.sub, Timestamp(80))
        .await
        .unwrap();
    assert_eq!(
        store
            .get_family(&second.id)
            .await
            .unwrap()
            .unwrap()
            .revoked_at,
        Some(Timestamp(80))
    );
    assert_eq!(
        store
            .get_family(&joes.id)
            .await
            .unwrap()
            .unwrap()
            .revoked_at,
        None
    );

    store
        .insert_session("hash-1", &session(&joes.id, 3601), Timestamp(1))
        .await
        .unwrap();
    let session = store.get_session("hash-1").await.unwrap().unwrap();
    assert_eq!(
        (session.family_id.as_str(), session.expires_at),
        (joes.id.as_str(), Timestamp(3601))
    );
    store.delete_session("hash-1").await.unwrap();
    assert_eq!(store.get_session("hash-1").await.unwrap(), None);

    let key = |kid: &str, at: i64| StoredSigningKey {
        kid: kid.to_string(),
        private_pkcs8: vec![1, 2, 3],
        created_at: Timestamp(at),
    };
    store
        .insert_signing_key(&pool.id, &key("newer", 20))
        .await
        .unwrap();
    store
        .insert_signing_key(&pool.id, &key("older", 10))
        .await
        .unwrap();
    let kids: Vec<String> = store
        .list_signing_keys(&pool.id)
        .await
        .unwrap()
        .into_iter()
        .map(|key| key.kid)
        .collect();
    assert_eq!(kids, ["older", "newer"]);

    let a = notes
        .insert(&pool.id, jane.sub.as_str(), "first", Timestamp(1))
        .await
        .unwrap();
    let b = notes
        .insert(&pool.id, jane.sub.as_str(), "second", Timestamp(2))
        .await
        .unwrap();
    notes
        .insert(&pool.id, joe.sub.as_str(), "joe's", Timestamp(3))
        .await
        .unwrap();
    assert_eq!(
        notes.list(&pool.id, jane.sub.as_str(), 10).await.unwrap(),
        vec![b.clone(), a]
    );
    assert_eq!(
        notes.list(&pool.id, jane.sub.as_str(), 1).await.unwrap(),
        vec![b]
    );
}

async fn expired_rows_are_purged_and_live_ones_kept(store: &dyn Store, _: &Notes) {
    let (pool, client) = pool_with_client(store).await;
    let user = new_user(&pool, "jane", "jane@example.com", true);
    store.insert_user(&user).await.unwrap();
    let code = |expires: i64| StoredCode {
        hash: "h".into(),
        expires_at: Timestamp(expires),
        tries_left: 5,
        pending: None,
    };
    store
        .put_code(&user.sub, Purpose::SignUp, &code(100), Timestamp(1))
        .await
        .unwrap();
    store
        .put_code(&user.sub, Purpose::ResetPassword, &code(300), Timestamp(1))
        .await
        .unwrap();
    // A family that expired at 1000 lives on for a day; one that expires later stays.
    let old = new_family(&user, &client, "old");
    let live = TokenFamily {
        expires_at: Timestamp(1_000_000),
        ..new_family(&user, &client, "live")
    };
    store.insert_family(&old).await.unwrap();
    store.insert_family(&live).await.unwrap();
    store
        .insert_session("expired", &session(&live.id, 200), Timestamp(1))
        .await
        .unwrap();
    store
        .insert_session("live", &session(&live.id, 5_000), Timestamp(1))
        .await
        .unwrap();

    assert_eq!(store.purge_expired(Timestamp(200)).await.unwrap(), 2);
    assert_eq!(
        store.get_code(&user.sub, Purpose::SignUp).await.unwrap(),
        None
    );
    assert!(
        store
            .get_code(&user.sub, Purpose::ResetPassword)
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(store.get_session("expired").await.unwrap(), None);
    assert!(store.get_session("live").await.unwrap().is_some());
    assert!(store.get_family(&old.id).await.unwrap().is_some());

    assert_eq!(
        store
            .purge_expired(Timestamp(1_000 + 24 * 3600))
            .await
            .unwrap(),
        3
    );
    assert_eq!(store.get_family(&old.id).await.unwrap(), None);
    assert!(store.get_family(&live.id).await.unwrap().is_some());
}

async fn deleting_a_pool_takes_everything_in_it(store: &dyn Store, notes: &Notes) {
    let (pool, client) = pool_with_client(store).await;
    let (other, _) = pool_with_client(store).await;
    let user = new_user(&pool, "jane", "jane@example.com", true);
    store.insert_user(&user).await.unwrap();
    let family = new_family(&user, &client, "f");
    store.insert_family(&family).await.unwrap();
    store
        .insert_session("s", &session(&family.id, 100), Timestamp(1))
        .await
        .unwrap();
    notes
        .insert(&pool.id, user.sub.as_str(), "note", Timestamp(1))
        .await
        .unwrap();
    assert_eq!(
        store.get_family(&family.id).await.unwrap(),
        Some(family.clone())
    );

    assert!(store.delete_client(&client.id).await.unwrap());
    assert!(!store.delete_client(&client.id).await.unwrap());
    assert_eq!(store.get_family(&family.id).await.unwrap(), None);
    assert_eq!(store.get_session("s").await.unwrap(), None);
    assert!(store.get_user(&user.sub).await.unwrap().is_some());

    assert!(store.delete_pool(&pool.id).await.unwrap());
    assert!(!store.delete_pool(&pool.id).await.unwrap());
    assert_eq!(store.get_user(&user.sub).await.unwrap(), None);
    assert!(
        notes
            .list(&pool.id, user.sub.as_str(), 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store.get_pool(&other.id).await.unwrap().is_some(),
        "other pools stay"
    );
}

async fn identities_are_one_per_login_and_go_with_their_pool(store: &dyn Store, _: &Notes) {
    let pool = IdentityPool {
        id: IdentityPool::new_id("local"),
        name: "Files".into(),
        settings: IdentityPoolSettings::default(),
        created_at: Timestamp(1),
        updated_at: Timestamp(1),
    };
    store.insert_identity_pool(&pool).await.unwrap();
    let identity = |login: Option<(&str, &str)>| Identity {
        id: IdentityPool::new_id("local"),
        pool_id: pool.id.clone(),
        login: login.map(|(p, s)| (p.to_string(), s.to_string())),
        created_at: Timestamp(2),
        updated_at: Timestamp(2),
    };
    let ada = identity(Some(("host/local_abc", "ada-sub")));
    assert!(store.insert_identity(&ada).await.unwrap());
    let twin = identity(Some(("host/local_abc", "ada-sub")));
    assert!(
        !store.insert_identity(&twin).await.unwrap(),
        "one identity per login"
    );
    assert_eq!(
        store
            .identity_for_login(&pool.id, "host/local_abc", "ada-sub")
            .await
            .unwrap(),
        Some(ada.clone())
    );
    for _ in 0..2 {
        assert!(
            store.insert_identity(&identity(None)).await.unwrap(),
            "guests"
        );
    }
    let all = store.list_identities(&pool.id, None, 10).await.unwrap();
    assert_eq!(all.len(), 3);
    let rest = store
        .list_identities(&pool.id, Some(&all[0].id), 10)
        .await
        .unwrap();
    assert_eq!(rest, all[1..].to_vec());
    assert!(store.delete_identity(&all[0].id).await.unwrap());
    assert!(!store.delete_identity(&all[0].id).await.unwrap());
    assert!(store.delete_identity_pool(&pool.id).await.unwrap());
    assert_eq!(
        store.get_identity(&ada.id).await.unwrap(),
        None,
        "gone with its pool"
    );

    assert!(store.list_identity_signing_keys().await.unwrap().is_empty());
    let key = StoredSigningKey {
        kid: "kid-1".into(),
        private_pkcs8: vec![1, 2, 3],
        created_at: Timestamp(3),
    };
    store.insert_identity_signing_key(&key).await.unwrap();
    let kept = store.list_identity_signing_keys().await.unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(
        (kept[0].kid.as_str(), kept[0].private_pkcs8.as_slice()),
        ("kid-1", &[1u8, 2, 3][..])
    );
}

#[tokio::test]
async fn sqlite_data_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}",
        dir.path().join("nested/dir/store.db").display()
    );
    let stored = new_pool("Kept", 5);
    {
        let store = SqliteStore::open(&url, 2).await.unwrap();
        store.insert_pool(&stored).await.unwrap();
        store.close().await;
    }
    let store = SqliteStore::open(&url, 2).await.unwrap();
    assert_eq!(store.get_pool(&stored.id).await.unwrap(), Some(stored));
}
