//! PostgreSQL, for several Cognate nodes on one database. The SQL is SQLite's (`../sql/`);
//! what is PostgreSQL's own is here: connecting, its migrations (`migrations/postgres/`),
//! and telling the other nodes when a token family changes (`LISTEN`/`NOTIFY`, in
//! [`notify`]), so that none of them keeps trusting a revoked sign-in.
//!
//! The rules that span rows hold under concurrent nodes at PostgreSQL's default isolation
//! (read committed): each one-use thing (an emailed code, an OAuth code, a challenge's
//! session, a TOTP step, a throttle count) is spent by one conditional `UPDATE`/`DELETE …
//! RETURNING`, and PostgreSQL re-checks such a statement's condition on the row's latest
//! version after waiting for a concurrent writer, so of two nodes spending the same thing
//! at once exactly one changes the row.

#[macro_use]
#[path = "../sql/rows.rs"]
mod rows;

#[path = "../sql/common.rs"]
mod common;
#[path = "../sql/families.rs"]
mod families;
#[path = "../sql/identity_pools.rs"]
mod identity_pools;
#[path = "../sql/looks.rs"]
mod looks;
#[path = "../sql/mfa.rs"]
mod mfa;
mod notify;
#[path = "../sql/oauth.rs"]
mod oauth;
#[path = "../sql/passkeys.rs"]
mod passkeys;
#[path = "../sql/plans.rs"]
mod plans;
#[path = "../sql/pools.rs"]
mod pools;
#[path = "../sql/providers.rs"]
mod providers;
#[path = "../sql/sign_ins.rs"]
mod sign_ins;
#[path = "../sql/threats.rs"]
mod threats;
#[path = "../sql/throttles.rs"]
mod throttles;
#[path = "../sql/users.rs"]
mod users;

use std::sync::Arc;

use sqlx::postgres::{PgPool, PgPoolOptions};

use super::OpenError;
use common::*;
pub use notify::STALE_AFTER;

/// The names the shared SQL is written against.
type Db = sqlx::Postgres;
type DbRow = sqlx::postgres::PgRow;
type SqlStore = PgStore;

/// The table function listing a user's attributes as (key, value) rows.
const USER_ATTRIBUTES: &str = "jsonb_each_text(users.attributes::jsonb)";

/// A standard attribute's value, as the indexes of migration 0005 hold it (bytewise, so a
/// prefix is a range). `name` is one of ListUsers' searchable attributes, never input.
fn attribute_value(name: &str) -> String {
    format!("((attributes::jsonb ->> '{name}') COLLATE \"C\")")
}

/// A text column compared bytewise, as its index (migration 0005) orders it.
fn bytewise(column: &str) -> String {
    format!("({column} COLLATE \"C\")")
}

/// Names the index a statement must use: PostgreSQL weighs its statistics and needs no
/// name.
fn using_index(_index: &str) -> String {
    String::new()
}

/// The index of users' `sub`, bytewise (migration 0005).
const SUB_INDEX: &str = "users_by_sub_bytes";

/// How this database shows a statement's plan.
const EXPLAIN: &str = "EXPLAIN (FORMAT JSON) ";

/// The plan `EXPLAIN (FORMAT JSON)` gave, as its JSON text.
fn plan_text(rows: &[DbRow]) -> Result<String, StoreError> {
    use sqlx::Row;
    let row = rows
        .first()
        .ok_or_else(|| StoreError::Corrupt("EXPLAIN gave no plan".into()))?;
    // `json` arrives as its text; sqlx's json feature is not needed for that.
    row.try_get_unchecked::<String, _>(0).map_err(rows::backend)
}

/// The domain's `Store` over a PostgreSQL database that several nodes may share.
#[derive(Clone, Debug)]
pub struct PgStore {
    db: PgPool,
    live_families: LiveFamilies,
    listener: Arc<notify::Listener>,
}

impl PgStore {
    /// Connects to `url`, applies the migrations (once, whichever node comes first: sqlx
    /// takes an advisory lock around them) and starts listening for other nodes' changes.
    pub async fn open(url: &str, max_connections: u32) -> Result<Self, OpenError> {
        let db = open_schema(url, max_connections).await?;
        // Entries older than the bound are read again, in case a notification was missed.
        let live_families = LiveFamilies::with_max_age(STALE_AFTER);
        let listener = notify::Listener::start(&db, live_families.clone()).await?;
        Ok(Self {
            db,
            live_families,
            listener: Arc::new(listener),
        })
    }

    /// The connection pool, so a resource server beside the domain (the demo) keeps its
    /// own tables in the same database.
    pub fn database(&self) -> PgPool {
        self.db.clone()
    }

    /// Stops listening and closes every connection, waiting for those in use.
    pub async fn close(&self) {
        self.listener.stop();
        self.db.close().await;
    }

    /// A token family changed (revoked, deleted): this node forgets the families it
    /// remembers, and tells the others to.
    async fn families_changed(&self) {
        self.live_families.forget();
        notify::tell_others(&self.db).await;
    }
}

/// A pool of connections to `url` with the schema migrated.
pub async fn open_schema(url: &str, max_connections: u32) -> Result<PgPool, OpenError> {
    let pool = PgPoolOptions::new()
        .max_connections(max_connections)
        .connect(url)
        .await
        .map_err(OpenError::Postgres)?;
    sqlx::migrate!("migrations/postgres").run(&pool).await?;
    Ok(pool)
}
