//! The `Store` contract, run against both implementations: every check on an SQLite file
//! and on a real PostgreSQL database (tests/api/postgres.rs), with the same assertions.

use server::clock::Timestamp;
use server::demo::Notes;
use server::pool::StoredSigningKey;
use server::pool::codes::{Purpose, StoredCode};
use server::pool::filter::UserFilter;
use server::pool::srp::Verifier;
use server::pool::store::UserPage;
use server::pool::store::{CodeUse, Counter, PoolStore, Store, StoreError};
use server::pool::{
    AppClient, Attributes, ClientId, ClientSecret, ClientSettings, Group, Identity, IdentityPool,
    IdentityPoolSettings, PoolConfig, PoolDomain, PoolId, PoolSettings, SignInRule, StoredSession,
    Sub, TokenFamily, User, UserStatus,
};
use server::store::{PgStore, SqliteStore};

fn session(family_id: &str, expires_at: i64) -> StoredSession {
    StoredSession {
        family_id: family_id.to_string(),
        expires_at: Timestamp(expires_at),
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

on_both_stores! {
    keeps_pools: pools_round_trip;
    keeps_clients: clients_round_trip;
    creates_the_default_pool_once: the_default_pool_is_created_once;
    keeps_users: users_are_found_by_folded_username_or_verified_email;
    keeps_codes: codes_are_replaced_counted_and_used_once;
    counts_attempts: attempts_are_counted_per_window;
    keeps_families_sessions_keys_and_notes: families_sessions_keys_and_notes;
    purges_expired_rows: expired_rows_are_purged_and_live_ones_kept;
    deletes_pools_and_clients: deleting_a_pool_takes_everything_in_it;
    keeps_identities: identities_are_one_per_login_and_go_with_their_pool;
    keeps_groups: groups_are_made_changed_and_ordered;
    keeps_domains: domains_are_one_per_name_and_kind_and_go_with_their_pool;
    finds_users_by_phone: users_are_found_by_a_phone_number_that_signs_in;
    lists_users_by_filter: filters_find_exactly_the_matching_users_a_page_at_a_time;
    inserts_users_in_batches: a_batch_of_users_is_stored_whole_or_not_at_all;
}

/// Usernames of the pool's users `filter` finds, a page of `limit` at a time.
async fn listed(store: &dyn Store, pool: &PoolId, filter: &str, limit: u32) -> Vec<String> {
    let filter = UserFilter::parse(filter).unwrap();
    let mut names = Vec::new();
    let mut after = String::new();
    loop {
        let page = store
            .list_users(
                pool,
                filter.as_ref(),
                UserPage {
                    after: &after,
                    limit,
                },
            )
            .await
            .unwrap();
        let Some(last) = page.last() else {
            return names;
        };
        after = last.username_key();
        names.extend(page.iter().map(|user| user.username.clone()));
    }
}

async fn filters_find_exactly_the_matching_users_a_page_at_a_time(store: &dyn Store, _: &Notes) {
    let (pool, _) = pool_with_client(store).await;
    let (other_pool, _) = pool_with_client(store).await;
    // Values around every edge of a prefix: equal to it, just past it, past it by a
    // character above ASCII, by U+10FFFF.
    let people = [
        ("ann", "jan@example.com", "Jan", UserStatus::Confirmed, true),
        (
            "bob",
            "jane@example.com",
            "Jäger",
            UserStatus::Unconfirmed,
            true,
        ),
        (
            "cid",
            "jao@example.com",
            "Ja\u{10FFFF}",
            UserStatus::Confirmed,
            false,
        ),
        (
            "dee",
            "jb@example.com",
            "Jb",
            UserStatus::ResetRequired,
            true,
        ),
        (
            "Jan",
            "zed@example.com",
            "日本",
            UserStatus::Confirmed,
            true,
        ),
        (
            "jane",
            "ja@example.com",
            "日本語",
            UserStatus::Confirmed,
            false,
        ),
    ];
    let mut subs = Vec::new();
    for (name, email, family_name, status, enabled) in people {
        let mut user = new_user(&pool, name, email, true);
        user.status = status;
        user.enabled = enabled;
        user.attributes
            .insert("family_name".into(), family_name.into());
        store.insert_user(&user).await.unwrap();
        subs.push(user.sub);
        // The same user in another pool is never listed.
        let mut twin = new_user(&other_pool, name, email, true);
        twin.attributes
            .insert("family_name".into(), family_name.into());
        store.insert_user(&twin).await.unwrap();
    }
    let everyone = ["ann", "bob", "cid", "dee", "Jan", "jane"];
    let cases: &[(&str, &[&str])] = &[
        ("", &everyone),
        ("username = \"JAN\"", &["Jan"]),
        ("username ^= \"ja\"", &["Jan", "jane"]),
        ("email = \"jane@example.com\"", &["bob"]),
        ("email ^= \"ja\"", &["ann", "bob", "cid", "jane"]),
        ("email ^= \"jan\"", &["ann", "bob"]),
        ("email ^= \"\"", &everyone),
        ("family_name ^= \"Ja\"", &["ann", "cid"]),
        ("family_name ^= \"Jä\"", &["bob"]),
        ("family_name ^= \"Ja\u{10FFFF}\"", &["cid"]),
        ("family_name ^= \"日本\"", &["Jan", "jane"]),
        ("family_name = \"日本\"", &["Jan"]),
        ("family_name ^= \"Jb\"", &["dee"]),
        ("given_name ^= \"J\"", &[]),
        (
            "cognito:user_status = \"CONFIRMED\"",
            &["ann", "cid", "Jan", "jane"],
        ),
        ("cognito:user_status ^= \"RESET\"", &["dee"]),
        ("status = \"Disabled\"", &["cid", "jane"]),
        ("status ^= \"En\"", &["ann", "bob", "dee", "Jan"]),
        ("status ^= \"\"", &everyone),
        ("status = \"enabled\"", &[]),
    ];
    for (filter, expected) in cases {
        for limit in [1, 2, 60] {
            assert_eq!(
                listed(store, &pool.id, filter, limit).await,
                *expected,
                "{filter}, {limit} a page"
            );
        }
    }
    let sub = subs[2].as_str();
    let by_sub = format!("sub = \"{sub}\"");
    assert_eq!(listed(store, &pool.id, &by_sub, 60).await, ["cid"]);
    let by_sub_prefix = format!("sub ^= \"{}\"", &sub[..sub.len() - 1]);
    assert_eq!(listed(store, &pool.id, &by_sub_prefix, 60).await, ["cid"]);
}

async fn a_batch_of_users_is_stored_whole_or_not_at_all(store: &dyn Store, _: &Notes) {
    let (pool, _) = pool_with_client(store).await;
    let named = |prefix: &str, n: usize, verified: bool| {
        let name = format!("{prefix}{n:04}");
        new_user(&pool, &name, &format!("{name}@example.com"), verified)
    };
    // More than one statement's worth, so the batch spans several inserts.
    let batch: Vec<User> = (0..2_500).map(|n| named("user", n, true)).collect();
    store.insert_users(&batch).await.unwrap();
    assert_eq!(store.count_users(&pool.id).await.unwrap(), 2_500);
    assert_eq!(
        store
            .find_user(&pool.id, "user2499@example.com")
            .await
            .unwrap(),
        Some(batch[2_499].clone())
    );
    // One taken name, at the end of a later batch: none of that batch is kept.
    let mut second: Vec<User> = (0..1_500).map(|n| named("more", n, false)).collect();
    second.push(new_user(&pool, "USER0007", "other@example.com", false));
    assert!(matches!(
        store.insert_users(&second).await,
        Err(StoreError::Conflict)
    ));
    assert_eq!(store.count_users(&pool.id).await.unwrap(), 2_500);
    assert_eq!(store.find_user(&pool.id, "more0000").await.unwrap(), None);
}

async fn users_are_found_by_a_phone_number_that_signs_in(store: &dyn Store, _: &Notes) {
    let (pool, _client) = pool_with_client(store).await;
    let with_phone = |name: &str, verified: bool| {
        let mut user = new_user(&pool, name, &format!("{name}@example.com"), false);
        user.phone_sign_in = SignInRule::WhenVerified;
        user.attributes
            .insert("phone_number".into(), "+15555550100".into());
        user.attributes
            .insert("phone_number_verified".into(), verified.to_string());
        user
    };
    let bob = with_phone("bob", true);
    store.insert_user(&bob).await.unwrap();
    let found = store.find_user(&pool.id, "+15555550100").await.unwrap();
    assert_eq!(found.map(|u| u.sub), Some(bob.sub.clone()));
    // Another user's verified number is taken; unverified, it signs no one in.
    assert!(matches!(
        store.insert_user(&with_phone("carl", true)).await,
        Err(StoreError::Conflict)
    ));
    let carl = with_phone("carl", false);
    store.insert_user(&carl).await.unwrap();
    let mut unverified = bob.clone();
    unverified
        .attributes
        .insert("phone_number_verified".into(), "false".into());
    store.update_user(&unverified).await.unwrap();
    assert_eq!(
        store.find_user(&pool.id, "+15555550100").await.unwrap(),
        None
    );
    assert_eq!(
        store
            .get_user(&bob.sub)
            .await
            .unwrap()
            .map(|u| u.phone_sign_in),
        Some(SignInRule::WhenVerified)
    );
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

async fn users_are_found_by_folded_username_or_verified_email(store: &dyn Store, _: &Notes) {
    let (pool, _) = pool_with_client(store).await;
    let jane = new_user(&pool, "Jane", "Jane@Example.com", true);
    let joe = new_user(&pool, "joe", "joe@example.com", false);
    store.insert_user(&jane).await.unwrap();
    store.insert_user(&joe).await.unwrap();

    assert_eq!(
        store.find_user(&pool.id, "jane").await.unwrap(),
        Some(jane.clone())
    );
    assert_eq!(
        store.find_user(&pool.id, "jane@example.com").await.unwrap(),
        Some(jane.clone())
    );
    // An unverified email is no alias.
    assert_eq!(
        store.find_user(&pool.id, "joe@example.com").await.unwrap(),
        None
    );
    assert_eq!(store.get_user(&joe.sub).await.unwrap(), Some(joe.clone()));
    assert_eq!(store.count_users(&pool.id).await.unwrap(), 2);
    assert_eq!(
        store.count_users(&PoolId::generate("local")).await.unwrap(),
        0
    );
    // Another pool's users are not found.
    assert_eq!(
        store
            .find_user(&PoolId::generate("local"), "jane")
            .await
            .unwrap(),
        None
    );

    let twin = new_user(&pool, "JANE", "other@example.com", false);
    assert!(matches!(
        store.insert_user(&twin).await,
        Err(StoreError::Conflict)
    ));

    // Joe verifying Jane's email would make one alias name two users.
    let mut joe_claims = joe.clone();
    joe_claims
        .attributes
        .insert("email".into(), "jane@example.com".into());
    joe_claims.verify_email();
    assert!(matches!(
        store.update_user(&joe_claims).await,
        Err(StoreError::Conflict)
    ));
    assert_eq!(store.get_user(&joe.sub).await.unwrap(), Some(joe.clone()));

    let mut confirmed = joe.clone();
    confirmed.status = UserStatus::Confirmed;
    confirmed.verify_email();
    confirmed.updated_at = Timestamp(30);
    store.update_user(&confirmed).await.unwrap();
    assert_eq!(
        store.find_user(&pool.id, "joe@example.com").await.unwrap(),
        Some(confirmed)
    );
}

async fn codes_are_replaced_counted_and_used_once(store: &dyn Store, _: &Notes) {
    let (pool, client) = pool_with_client(store).await;
    let user = new_user(&pool, "jane", "jane@example.com", false);
    store.insert_user(&user).await.unwrap();
    let code = |hash: &str| StoredCode {
        hash: hash.to_string(),
        expires_at: Timestamp(100),
        tries_left: 5,
        pending: None,
    };
    assert_eq!(
        store.get_code(&user.sub, Purpose::SignUp).await.unwrap(),
        None
    );
    store
        .put_code(&user.sub, Purpose::SignUp, &code("old"), Timestamp(1))
        .await
        .unwrap();
    store
        .put_code(&user.sub, Purpose::SignUp, &code("new"), Timestamp(2))
        .await
        .unwrap();
    store
        .put_code(
            &user.sub,
            Purpose::ResetPassword,
            &code("reset"),
            Timestamp(2),
        )
        .await
        .unwrap();
    // A code that carries a value waiting for it keeps the value, and a new one replaces it.
    let pending = StoredCode {
        pending: Some("jane@new.example".into()),
        ..code("verify")
    };
    store
        .put_code(&user.sub, Purpose::VerifyEmail, &pending, Timestamp(2))
        .await
        .unwrap();
    assert_eq!(
        store
            .take_code_try(&user.sub, Purpose::VerifyEmail, Timestamp(2))
            .await
            .unwrap()
            .and_then(|c| c.pending)
            .as_deref(),
        Some("jane@new.example")
    );
    store
        .put_code(
            &user.sub,
            Purpose::VerifyEmail,
            &code("again"),
            Timestamp(3),
        )
        .await
        .unwrap();
    assert_eq!(
        store
            .get_code(&user.sub, Purpose::VerifyEmail)
            .await
            .unwrap()
            .unwrap()
            .pending,
        None
    );
    assert_eq!(
        store.get_code(&user.sub, Purpose::SignUp).await.unwrap(),
        Some(code("new"))
    );
    // A try is spent before the code is compared: the code comes back as it was.
    assert_eq!(
        store
            .take_code_try(&user.sub, Purpose::SignUp, Timestamp(2))
            .await
            .unwrap(),
        Some(code("new"))
    );
    assert_eq!(
        store
            .get_code(&user.sub, Purpose::SignUp)
            .await
            .unwrap()
            .unwrap()
            .tries_left,
        4
    );

    let family = new_family(&user, &client, "r1");
    store.insert_family(&family).await.unwrap();
    let mut confirmed = user.clone();
    confirmed.status = UserStatus::Confirmed;
    let use_code = |hash: &'static str, revoke: Option<Timestamp>| CodeUse {
        purpose: Purpose::SignUp,
        code_hash: hash,
        user: &confirmed,
        revoke_sessions_at: revoke,
    };
    // A replaced code cannot be used.
    assert!(!store.use_code(use_code("old", None)).await.unwrap());
    assert_eq!(store.get_user(&user.sub).await.unwrap(), Some(user.clone()));
    assert!(
        store
            .use_code(use_code("new", Some(Timestamp(50))))
            .await
            .unwrap()
    );
    assert!(
        !store.use_code(use_code("new", None)).await.unwrap(),
        "single use"
    );
    assert_eq!(
        store.get_code(&user.sub, Purpose::SignUp).await.unwrap(),
        None
    );
    assert_eq!(
        store.get_user(&user.sub).await.unwrap(),
        Some(confirmed.clone())
    );
    assert_eq!(
        store
            .get_family(&family.id)
            .await
            .unwrap()
            .unwrap()
            .revoked_at,
        Some(Timestamp(50))
    );
    // The other purpose's code is untouched.
    assert!(
        store
            .get_code(&user.sub, Purpose::ResetPassword)
            .await
            .unwrap()
            .is_some()
    );

    // Tries run out: no more compares. An expired code gives none either.
    for left in (1..=5).rev() {
        let taken = store
            .take_code_try(&user.sub, Purpose::ResetPassword, Timestamp(2))
            .await
            .unwrap();
        assert_eq!(taken.map(|code| code.tries_left), Some(left));
    }
    assert_eq!(
        store
            .take_code_try(&user.sub, Purpose::ResetPassword, Timestamp(2))
            .await
            .unwrap(),
        None
    );
    store
        .put_code(
            &user.sub,
            Purpose::ResetPassword,
            &code("again"),
            Timestamp(3),
        )
        .await
        .unwrap();
    assert_eq!(
        store
            .take_code_try(&user.sub, Purpose::ResetPassword, Timestamp(100))
            .await
            .unwrap(),
        None,
        "expired at 100"
    );
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
