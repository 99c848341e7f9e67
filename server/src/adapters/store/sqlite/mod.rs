//! The embedded SQLite store: one file in WAL mode, migrations applied on open. The SQL is
//! PostgreSQL's too (`../sql/`, one file per aggregate of the domain's port); what is
//! SQLite's own is here: opening the file, and a change to token families only has this
//! process to tell.

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

use std::str::FromStr;
use std::time::Duration;

use super::OpenError;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use common::*;

/// The names the shared SQL is written against.
type Db = sqlx::Sqlite;
type DbRow = sqlx::sqlite::SqliteRow;
type SqlStore = SqliteStore;

/// The table function listing a user's attributes as (key, value) rows.
const USER_ATTRIBUTES: &str = "json_each(users.attributes)";

/// A standard attribute's value, as the indexes of migration 0019 hold it. `name` is one
/// of ListUsers' searchable attributes, never input.
fn attribute_value(name: &str) -> String {
    format!("json_extract(attributes, '$.{name}')")
}

/// A text column compared bytewise, as SQLite always compares text.
fn bytewise(column: &str) -> String {
    column.to_string()
}

/// Names the index a statement must use: SQLite, left to choose, walks the pool in username
/// order to spare a sort, reading every user when few match a filter.
fn using_index(index: &str) -> String {
    format!(" INDEXED BY {index}")
}

/// The index of users' `sub` (their primary key's, as SQLite names it).
const SUB_INDEX: &str = "sqlite_autoindex_users_1";

/// How this database shows a statement's plan.
const EXPLAIN: &str = "EXPLAIN QUERY PLAN ";

/// The plan `EXPLAIN QUERY PLAN` gave: one step a line.
fn plan_text(rows: &[DbRow]) -> Result<String, StoreError> {
    use sqlx::Row;
    let steps = rows
        .iter()
        .map(|row| row.try_get::<String, _>("detail").map_err(rows::backend))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(steps.join("\n"))
}

/// The domain's `Store` over an SQLite file, one aggregate a file.
#[derive(Clone, Debug)]
pub struct SqliteStore {
    db: SqlitePool,
    live_families: LiveFamilies,
}

impl SqliteStore {
    /// Opens (creating the file and its directory if absent) and migrates the database.
    pub async fn open(url: &str, max_connections: u32) -> Result<Self, OpenError> {
        let options = SqliteConnectOptions::from_str(url)
            .map_err(|source| OpenError::Url {
                url: url.to_string(),
                source,
            })?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let path = options.get_filename().to_path_buf();
        let in_memory = url.contains(":memory:") || url.contains("mode=memory");
        if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
            crate::plumbing::files::private_dir(dir).map_err(|source| OpenError::CreateDir {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        if !in_memory {
            // Owner-only from its first byte: it holds signing keys and client secrets.
            crate::plumbing::files::ensure_private_file(&path).map_err(|source| {
                OpenError::CreateDir {
                    path: path.clone(),
                    source,
                }
            })?;
        }
        let db = SqlitePoolOptions::new()
            .max_connections(max_connections)
            .connect_with(options)
            .await
            .map_err(|source| OpenError::Connect {
                path: path.clone(),
                source,
            })?;
        sqlx::migrate!("./migrations/sqlite").run(&db).await?;
        Ok(Self {
            db,
            live_families: LiveFamilies::default(),
        })
    }

    /// The connection pool, so a resource server beside the domain (the demo) keeps its
    /// own tables in the same file.
    pub fn database(&self) -> SqlitePool {
        self.db.clone()
    }

    /// Closes every connection, waiting for those in use.
    pub async fn close(&self) {
        self.db.close().await;
    }

    /// A token family changed (revoked, deleted): the file belongs to this one process, so
    /// forgetting here is exact.
    async fn families_changed(&self) {
        self.live_families.forget();
    }
}
