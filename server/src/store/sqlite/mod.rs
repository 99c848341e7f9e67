//! The embedded SQLite store: one file in WAL mode, migrations applied on open. Each
//! aggregate's part of the domain's port (pools, users, sign-ins, OAuth) is in its own file.

mod families;
mod identity_pools;
#[macro_use]
mod rows;

mod mfa;
mod oauth;
mod pools;
mod providers;
mod sign_ins;
mod throttles;
mod users;

use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use sqlx::query::Query;
use sqlx::sqlite::{SqliteArguments, SqliteRow};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{Executor, Row, Sqlite, Transaction};

use crate::clock::Timestamp;
use crate::pool::codes::{Purpose, StoredCode};
use crate::pool::filter::{FilterField, UserFilter};
use crate::pool::srp::Verifier;
use crate::pool::store::{
    CodeStore, CodeUse, GroupStore, KeyStore, OAuthStore, PoolStore, SignInStore, StoreError,
    Stored, UserStore,
};
use crate::pool::{
    AppClient, AuthSession, ClientId, ClientSecret, Group, OAuthCode, OAuthRequest, PoolConfig,
    PoolId, Redeemed, ResourceServer, StoredSession, StoredSigningKey, Sub, TokenFamily, User,
};
use families::LiveFamilies;
use rows::{
    backend, client_from_row, code_from_row, family_from_row, group_from_row, oauth_code_from_row,
    oauth_request_from_row, pool_from_row, resource_server_from_row, session_from_row, to_json,
    user_from_row,
};

/// Why the database could not be opened at start-up.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("`{url}` is not a valid SQLite URL: {source}")]
    Url {
        url: String,
        #[source]
        source: sqlx::Error,
    },
    #[error("cannot create the directory {}: {source}", path.display())]
    CreateDir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot open the database {}: {source}", path.display())]
    Connect {
        path: PathBuf,
        #[source]
        source: sqlx::Error,
    },
    #[error("cannot apply the database migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// The domain's `Store` over an SQLite file, one aggregate a file.
#[derive(Clone, Debug)]
pub struct SqliteStore {
    db: SqlitePool,
    live_families: LiveFamilies,
}

const DEFAULT_POOL_KEY: &str = "default_pool_id";
const DEFAULT_CLIENT_KEY: &str = "default_client_id";

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
            crate::files::private_dir(dir).map_err(|source| OpenError::CreateDir {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        if !in_memory {
            // Owner-only from its first byte: it holds signing keys and client secrets.
            crate::files::ensure_private_file(&path).map_err(|source| OpenError::CreateDir {
                path: path.clone(),
                source,
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
}

async fn insert_pool_in<'c>(
    db: impl Executor<'c, Database = Sqlite>,
    pool: &PoolConfig,
) -> Stored<()> {
    sqlx::query(
        "INSERT INTO user_pools (id, name, settings, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(pool.id.as_str())
    .bind(&pool.name)
    .bind(to_json(&pool.settings)?)
    .bind(pool.created_at.0)
    .bind(pool.updated_at.0)
    .done(db)
    .await
}

async fn insert_client_in<'c>(
    db: impl Executor<'c, Database = Sqlite>,
    client: &AppClient,
) -> Stored<()> {
    sqlx::query(
        "INSERT INTO app_clients (id, pool_id, name, secret, settings, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(client.id.as_str())
    .bind(client.pool_id.as_str())
    .bind(&client.name)
    .bind(client.secret.as_ref().map(ClientSecret::expose))
    .bind(to_json(&client.settings)?)
    .bind(client.created_at.0)
    .bind(client.updated_at.0)
    .done(db)
    .await
}

async fn update_user_in(tx: &mut Transaction<'_, Sqlite>, user: &User) -> Stored<()> {
    let updated = sqlx::query(
        "UPDATE users SET username = ?, username_key = ?, email_key = ?, password_hash = ?,
             srp_verifier = ?, status = ?, enabled = ?, attributes = ?, updated_at = ?
         WHERE sub = ?",
    )
    .bind(&user.username)
    .bind(user.username_key())
    .bind(user.email_key())
    .bind(&user.password_hash)
    .bind(user.srp_verifier.as_ref().map(Verifier::encode))
    .bind(user.status.as_str())
    .bind(user.enabled)
    .bind(to_json(&user.attributes)?)
    .bind(user.updated_at.0)
    .bind(user.sub.as_str())
    .execute(&mut **tx)
    .await
    .map_err(backend)?
    .rows_affected();
    if updated == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// A query with one `?`, bound to `key`.
fn keyed<'q>(sql: &'q str, key: &'q str) -> Query<'q, Sqlite, SqliteArguments<'q>> {
    sqlx::query(sql).bind(key)
}

/// Maps one row to a domain type.
type FromRow<T> = fn(&SqliteRow) -> Stored<T>;

/// How every statement ends: run on a connection or the pool, errors translated
/// ([`backend`]), rows mapped.
trait Run {
    /// The rows the statement changed.
    async fn changed<'c>(self, db: impl Executor<'c, Database = Sqlite>) -> Stored<u64>;

    /// Runs the statement; the rows it changed do not matter.
    async fn done<'c>(self, db: impl Executor<'c, Database = Sqlite>) -> Stored<()>;

    /// Runs a statement that must change a row: `NotFound` when none matched.
    async fn updated<'c>(self, db: impl Executor<'c, Database = Sqlite>) -> Stored<()>;

    /// The row the query finds, if any.
    async fn one<'c, T>(
        self,
        db: impl Executor<'c, Database = Sqlite>,
        map: FromRow<T>,
    ) -> Stored<Option<T>>;

    /// Every row the query finds.
    async fn all<'c, T>(
        self,
        db: impl Executor<'c, Database = Sqlite>,
        map: FromRow<T>,
    ) -> Stored<Vec<T>>;
}

impl<'q> Run for Query<'q, Sqlite, SqliteArguments<'q>> {
    async fn changed<'c>(self, db: impl Executor<'c, Database = Sqlite>) -> Stored<u64> {
        Ok(self.execute(db).await.map_err(backend)?.rows_affected())
    }

    async fn done<'c>(self, db: impl Executor<'c, Database = Sqlite>) -> Stored<()> {
        self.changed(db).await.map(drop)
    }

    async fn updated<'c>(self, db: impl Executor<'c, Database = Sqlite>) -> Stored<()> {
        match self.changed(db).await? {
            0 => Err(StoreError::NotFound),
            _ => Ok(()),
        }
    }

    async fn one<'c, T>(
        self,
        db: impl Executor<'c, Database = Sqlite>,
        map: FromRow<T>,
    ) -> Stored<Option<T>> {
        match self.fetch_optional(db).await.map_err(backend)? {
            Some(row) => map(&row).map(Some),
            None => Ok(None),
        }
    }

    async fn all<'c, T>(
        self,
        db: impl Executor<'c, Database = Sqlite>,
        map: FromRow<T>,
    ) -> Stored<Vec<T>> {
        self.fetch_all(db)
            .await
            .map_err(backend)?
            .iter()
            .map(map)
            .collect()
    }
}
