//! Every statement the store runs by a key is an index seek, on SQLite and on PostgreSQL:
//! the database itself is asked how it would run each one (SQLite's `EXPLAIN QUERY PLAN`,
//! PostgreSQL's `EXPLAIN` on tables with thousands of rows and fresh statistics), and a plan
//! that reads a pool's users from end to end — or any table that grows with the users — fails
//! the test. No timing: the plan is the fact.

use serde_json::Value;
use server::adapters::store::{PgStore, QueryPlan, SqliteStore};
use server::clock::Timestamp;
use server::pool::filter::SEARCHABLE_ATTRIBUTES;
use server::pool::store::Store;
use server::pool::{
    AppClient, Attributes, ClientId, ClientSettings, PoolConfig, PoolId, PoolSettings, SignInRule,
    Sub, User, UserStatus,
};

/// Tables with rows per user (or per sign-in, code, session…): reading one whole is
/// reading something the size of the user base.
const GROWING: &[&str] = &[
    "users",
    "codes",
    "token_families",
    "sessions",
    "auth_sessions",
    "oauth_codes",
    "oauth_requests",
    "user_mfa",
    "group_members",
    "user_identities",
    "throttles",
    "identities",
    "federation_states",
];

/// Users of the measured pool, and of a second pool beside it.
const USERS: u32 = 3_000;
const OTHERS: u32 = 300;
/// The time the statements' arguments name; every stored row expires after it.
const NOW: i64 = 1_000_000;

/// `$store` seeded with [`seed_users`] and [`seed_statements`] (each database's own pool
/// type runs them); gives the measured pool.
macro_rules! seeded {
    ($store:expr) => {{
        let (pool, client) = seed_users(&$store).await;
        for statement in seed_statements(&client) {
            sqlx::query(&statement)
                .execute(&$store.database())
                .await
                .unwrap_or_else(|e| panic!("{statement}: {e}"));
        }
        pool
    }};
}

#[tokio::test]
async fn every_keyed_statement_seeks_an_index_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("plans.db").display());
    let store = SqliteStore::open(&url, 2).await.unwrap();
    let pool = seeded!(store);
    let plans = store.query_plans(&pool, Timestamp(NOW)).await.unwrap();
    assert_no_scans(&plans, sqlite_scans);
}

#[tokio::test]
async fn every_keyed_statement_seeks_an_index_on_postgres() {
    let url = crate::postgres::fresh_database().await;
    let store = PgStore::open(&url, 2).await.unwrap();
    let pool = seeded!(store);
    sqlx::query("ANALYZE")
        .execute(&store.database())
        .await
        .unwrap();
    let plans = store.query_plans(&pool, Timestamp(NOW)).await.unwrap();
    assert_no_scans(&plans, postgres_scans);

    // The check sees a pool read when there is one: a filter no index holds.
    let explain = |sql: &str| {
        let (db, sql, pool) = (store.database(), sql.to_string(), pool.to_string());
        async move {
            let row = sqlx::query(&format!("EXPLAIN (FORMAT JSON) {sql}"))
                .bind(pool)
                .fetch_one(&db)
                .await
                .unwrap();
            QueryPlan {
                statement: sql.clone(),
                sql,
                plan: sqlx::Row::try_get_unchecked::<String, _>(&row, 0).unwrap(),
                pages_the_pool: false,
            }
        }
    };
    let unindexed = explain(
        "SELECT sub FROM users WHERE pool_id = $1 AND attributes LIKE '%someone%'
         ORDER BY username_key LIMIT 60",
    )
    .await;
    assert!(postgres_scans(&unindexed).is_some(), "{}", unindexed.plan);
    let everyone = explain("SELECT count(*) FROM users WHERE pool_id = $1").await;
    assert!(postgres_scans(&everyone).is_some(), "{}", everyone.plan);
    store.close().await;
}

/// The checks work: the lookup this test was written against (an `OR` over three keys,
/// which SQLite answers by reading the pool's users) is caught, and its split form is not.
#[tokio::test]
async fn a_pool_scan_is_recognised() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("plans.db").display());
    let store = SqliteStore::open(&url, 1).await.unwrap();
    let explain = |sql: &'static str| {
        let db = store.database();
        async move {
            let rows: Vec<(i64, i64, i64, String)> =
                sqlx::query_as(&format!("EXPLAIN QUERY PLAN {sql}"))
                    .fetch_all(&db)
                    .await
                    .unwrap();
            QueryPlan {
                statement: sql.to_string(),
                sql: sql.to_string(),
                plan: rows
                    .into_iter()
                    .map(|row| row.3)
                    .collect::<Vec<_>>()
                    .join("\n"),
                pages_the_pool: false,
            }
        }
    };
    let or = explain(
        "SELECT sub FROM users WHERE pool_id = $1
         AND (username_key = $2 OR email_key = $2 OR phone_key = $2)",
    )
    .await;
    assert!(
        sqlite_scans(&or).is_some(),
        "an OR over the keys reads the pool: {}",
        or.plan
    );
    let one = explain("SELECT sub FROM users WHERE pool_id = $1 AND username_key = $2").await;
    assert_eq!(sqlite_scans(&one), None, "{}", one.plan);
    // A filter ListUsers cannot seek reads every user of the pool, in username order.
    let filtered = explain(
        "SELECT sub FROM users WHERE pool_id = $1 AND username_key > $2
         AND substr(json_extract(attributes, '$.email'), 1, 3) = $3
         ORDER BY username_key LIMIT 60",
    )
    .await;
    assert!(sqlite_scans(&filtered).is_some(), "{}", filtered.plan);
}

/// Fails naming every statement whose plan reads a growing table whole.
fn assert_no_scans(plans: &[QueryPlan], scans: fn(&QueryPlan) -> Option<String>) {
    assert!(
        plans.len() > 50,
        "only {} statements explained",
        plans.len()
    );
    let found: Vec<String> = plans
        .iter()
        .filter_map(|plan| {
            scans(plan).map(|why| {
                format!(
                    "{}: {why}\n  {}\n  plan: {}",
                    plan.statement, plan.sql, plan.plan
                )
            })
        })
        .collect();
    assert!(
        found.is_empty(),
        "statements that read a whole table:\n{}",
        found.join("\n")
    );
}

/// An SQLite plan step that reads a growing table whole (`SCAN t`), or the pool's users by
/// nothing but the pool (`SEARCH users USING INDEX … (pool_id=?)`, with at most the page's
/// `username_key>?`, which only ListUsers without a filter may do).
fn sqlite_scans(plan: &QueryPlan) -> Option<String> {
    plan.plan.lines().find_map(|step| {
        let step = step.trim();
        if let Some(rest) = step.strip_prefix("SCAN ") {
            let table = rest.split_whitespace().next().unwrap_or_default();
            return GROWING.contains(&table).then(|| step.to_string());
        }
        let rest = step.strip_prefix("SEARCH users ")?;
        let keys = rest.rsplit_once('(')?.1.trim_end_matches(')');
        let narrowing = keys
            .split(" AND ")
            .filter(|key| !matches!(*key, "pool_id=?" | "username_key>?"))
            .count();
        (narrowing == 0 && !plan.pages_the_pool).then(|| step.to_string())
    })
}

/// A PostgreSQL plan node that reads a growing table whole (a sequential scan, or an
/// index walked without a condition), or the pool's users by nothing but the pool (and
/// at most the page's `username_key >`, which only ListUsers without a filter may do).
fn postgres_scans(plan: &QueryPlan) -> Option<String> {
    let tree: Value = serde_json::from_str(&plan.plan).expect("EXPLAIN gives JSON");
    let mut found = None;
    walk(&tree[0]["Plan"], None, plan.pages_the_pool, &mut found);
    found
}

fn walk(node: &Value, parent_table: Option<&str>, pages: bool, found: &mut Option<String>) {
    let kind = node["Node Type"].as_str().unwrap_or_default();
    let table = node["Relation Name"].as_str().or(parent_table);
    if let Some(table) = table.filter(|table| GROWING.contains(table)) {
        let index_cond = node["Index Cond"].as_str();
        let reads_whole = match kind {
            "Seq Scan" => true,
            "Index Scan" | "Index Only Scan" | "Bitmap Index Scan" => match index_cond {
                None => true,
                Some(cond) => table == "users" && only_the_pool(cond) && !pages,
            },
            _ => false,
        };
        if reads_whole && found.is_none() {
            *found = Some(format!(
                "{kind} on {table} ({})",
                index_cond.unwrap_or("no condition")
            ));
        }
    }
    if let Some(children) = node["Plans"].as_array() {
        for child in children {
            walk(child, table, pages, found);
        }
    }
}

/// Whether an index condition names only the pool (and the page's lower bound).
fn only_the_pool(cond: &str) -> bool {
    cond.split(" AND ").all(|term| {
        let term = term.trim_start_matches('(');
        term.starts_with("pool_id =") || term.starts_with("username_key >")
    })
}

/// A pool of [`USERS`] users with every searchable attribute (one in a hundred
/// unconfirmed, one in a hundred disabled) and another of [`OTHERS`], stored in batches;
/// gives the first pool and its client.
async fn seed_users(store: &dyn Store) -> (PoolId, ClientId) {
    let mut pool_id = PoolId::generate("local");
    for (n, count) in [(0, USERS), (1, OTHERS)] {
        let pool = PoolConfig {
            id: PoolId::generate("local"),
            name: format!("Pool {n}"),
            settings: PoolSettings::default(),
            created_at: Timestamp(1),
            updated_at: Timestamp(1),
        };
        store.insert_pool(&pool).await.unwrap();
        let users: Vec<User> = (0..count).map(|i| user(&pool.id, n, i)).collect();
        store.insert_users(&users).await.unwrap();
        if n == 0 {
            pool_id = pool.id;
        }
    }
    let client = AppClient {
        id: ClientId::generate(),
        pool_id: pool_id.clone(),
        name: "App".into(),
        secret: None,
        settings: ClientSettings::default(),
        created_at: Timestamp(1),
        updated_at: Timestamp(1),
    };
    store.insert_client(&client).await.unwrap();
    (pool_id, client.id)
}

fn user(pool: &PoolId, n: u32, i: u32) -> User {
    let name = format!("user{n}x{i:05}");
    let mut attributes = Attributes::new();
    for attribute in SEARCHABLE_ATTRIBUTES {
        attributes.insert((*attribute).to_string(), format!("{attribute}-{name}"));
    }
    attributes.insert("email".into(), format!("{name}@example.com"));
    attributes.insert("email_verified".into(), "true".into());
    attributes.insert("phone_number".into(), format!("+1555{n}{i:06}"));
    attributes.insert("phone_number_verified".into(), "true".into());
    User {
        sub: Sub::generate(),
        pool_id: pool.clone(),
        username: name,
        status: if i % 100 == 7 {
            UserStatus::Unconfirmed
        } else {
            UserStatus::Confirmed
        },
        enabled: i % 100 != 3,
        password_hash: Some("$argon2id$stand-in".into()),
        srp_verifier: None,
        email_sign_in: SignInRule::WhenVerified,
        phone_sign_in: SignInRule::WhenVerified,
        attributes,
        created_at: Timestamp(10),
        updated_at: Timestamp(10),
    }
}

/// A row per user in every other growing table (as after each signed in, set up MFA, was
/// sent a code, joined a group…), written in SQL both databases read.
fn seed_statements(client: &ClientId) -> Vec<String> {
    let client = client.as_str();
    let later = NOW + 86_400;
    vec![
        format!(
            "INSERT INTO token_families (id, pool_id, user_sub, client_id, refresh_hash, scope,
                 auth_time, created_at, expires_at)
             SELECT 'f-' || sub, pool_id, sub, '{client}', 'r-' || sub, 'openid', 1, 1, {later}
             FROM users"
        ),
        format!(
            "INSERT INTO sessions (id_hash, family_id, created_at, expires_at)
             SELECT 's-' || sub, 'f-' || sub, 1, {later} FROM users"
        ),
        format!(
            "INSERT INTO codes (user_sub, purpose, code_hash, expires_at, tries_left, created_at)
             SELECT sub, 'sign_up', 'h-' || sub, {later}, 5, 1 FROM users"
        ),
        format!(
            "INSERT INTO auth_sessions (id_hash, client_id, user_sub, challenge, expires_at)
             SELECT 'a-' || sub, '{client}', sub, 'PASSWORD_VERIFIER', {later} FROM users"
        ),
        format!(
            "INSERT INTO oauth_codes (code_hash, client_id, user_sub, redirect_uri, scope,
                 auth_time, expires_at)
             SELECT 'c-' || sub, '{client}', sub, 'https://app.example/cb', 'openid', 1, {later}
             FROM users"
        ),
        format!(
            "INSERT INTO oauth_requests (id_hash, client_id, redirect_uri, scope, expires_at)
             SELECT 'o-' || sub, '{client}', 'https://app.example/cb', 'openid', {later}
             FROM users"
        ),
        "INSERT INTO user_mfa (user_sub, totp_secret) SELECT sub, 'secret' FROM users".into(),
        format!(
            "INSERT INTO throttles (key, count, window_end, last_at)
             SELECT 't-' || sub, 1, {later}, 1 FROM users"
        ),
        "INSERT INTO user_groups (pool_id, name, created_at, updated_at)
         SELECT id, 'everyone', 1, 1 FROM user_pools"
            .into(),
        "INSERT INTO group_members (pool_id, group_name, user_sub)
         SELECT pool_id, 'everyone', sub FROM users"
            .into(),
        "INSERT INTO identity_providers (pool_id, name, kind, details, attribute_mapping,
             identifiers, created_at, updated_at)
         SELECT id, 'Corp', 'OIDC', '{}', '{}', '[]', 1, 1 FROM user_pools"
            .into(),
        "INSERT INTO user_identities (pool_id, provider_name, provider_user_id, user_sub,
             created_at)
         SELECT pool_id, 'Corp', 'corp-' || sub, sub, 1 FROM users"
            .into(),
        format!(
            "INSERT INTO federation_states (state_hash, pool_id, client_id, provider_name, nonce,
                 verifier, expires_at)
             SELECT 'st-' || sub, pool_id, '{client}', 'Corp', 'n', 'v', {later} FROM users"
        ),
        "INSERT INTO identity_pools (id, name, settings, created_at, updated_at)
         VALUES ('local:pool', 'Identities', '{}', 1, 1)"
            .into(),
        "INSERT INTO identities (id, pool_id, provider, subject, created_at, updated_at)
         SELECT 'local:' || sub, 'local:pool', 'issuer', sub, 1, 1 FROM users"
            .into(),
    ]
}
