//! The embedded SQLite store: one file in WAL mode, migrations applied on open.

use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use serde::Serialize;
use serde::de::DeserializeOwned;
use sqlx::error::ErrorKind;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteRow,
    SqliteSynchronous,
};
use sqlx::{Row, Sqlite, Transaction};

use super::{Store, StoreError};
use crate::clock::Timestamp;
use crate::pool::{AppClient, ClientId, ClientSecret, PoolConfig, PoolId};

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

/// [`Store`] over an SQLite file.
#[derive(Clone, Debug)]
pub struct SqliteStore {
    db: SqlitePool,
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
        if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| OpenError::CreateDir {
                path: dir.to_path_buf(),
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
        Ok(Self { db })
    }

    /// Closes every connection, waiting for those in use.
    pub async fn close(&self) {
        self.db.close().await;
    }
}

fn backend(error: sqlx::Error) -> StoreError {
    if let sqlx::Error::Database(db) = &error {
        match db.kind() {
            ErrorKind::UniqueViolation => return StoreError::Conflict,
            ErrorKind::ForeignKeyViolation => return StoreError::NotFound,
            _ => {}
        }
    }
    StoreError::Backend(error)
}

fn to_json<T: Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn from_json<T: DeserializeOwned>(text: &str) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn stored_id<T>(parsed: Option<T>, what: &str, value: &str) -> Result<T, StoreError> {
    parsed.ok_or_else(|| StoreError::Corrupt(format!("{what} `{value}` is malformed")))
}

fn pool_from_row(row: &SqliteRow) -> Result<PoolConfig, StoreError> {
    let id: String = row.try_get("id").map_err(backend)?;
    let settings: String = row.try_get("settings").map_err(backend)?;
    Ok(PoolConfig {
        id: stored_id(PoolId::parse(&id), "pool id", &id)?,
        name: row.try_get("name").map_err(backend)?,
        settings: from_json(&settings)?,
        created_at: Timestamp(row.try_get("created_at").map_err(backend)?),
        updated_at: Timestamp(row.try_get("updated_at").map_err(backend)?),
    })
}

fn client_from_row(row: &SqliteRow) -> Result<AppClient, StoreError> {
    let id: String = row.try_get("id").map_err(backend)?;
    let pool_id: String = row.try_get("pool_id").map_err(backend)?;
    let secret: Option<String> = row.try_get("secret").map_err(backend)?;
    let settings: String = row.try_get("settings").map_err(backend)?;
    Ok(AppClient {
        id: stored_id(ClientId::parse(&id), "client id", &id)?,
        pool_id: stored_id(PoolId::parse(&pool_id), "pool id", &pool_id)?,
        name: row.try_get("name").map_err(backend)?,
        secret: secret.map(ClientSecret::new),
        settings: from_json(&settings)?,
        created_at: Timestamp(row.try_get("created_at").map_err(backend)?),
        updated_at: Timestamp(row.try_get("updated_at").map_err(backend)?),
    })
}

async fn insert_pool_in(
    tx: &mut Transaction<'_, Sqlite>,
    pool: &PoolConfig,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO user_pools (id, name, settings, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(pool.id.as_str())
    .bind(&pool.name)
    .bind(to_json(&pool.settings)?)
    .bind(pool.created_at.0)
    .bind(pool.updated_at.0)
    .execute(&mut **tx)
    .await
    .map_err(backend)?;
    Ok(())
}

async fn insert_client_in(
    tx: &mut Transaction<'_, Sqlite>,
    client: &AppClient,
) -> Result<(), StoreError> {
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
    .execute(&mut **tx)
    .await
    .map_err(backend)?;
    Ok(())
}

/// `SELECT` of a whole pool row followed by `$rest`, as one literal built at compile time.
macro_rules! select_pool {
    ($rest:literal) => {
        concat!(
            "SELECT id, name, settings, created_at, updated_at FROM user_pools ",
            $rest
        )
    };
}

/// `SELECT` of a whole client row followed by `$rest`.
macro_rules! select_client {
    ($rest:literal) => {
        concat!(
            "SELECT id, pool_id, name, secret, settings, created_at, updated_at FROM app_clients ",
            $rest
        )
    };
}

#[async_trait]
impl Store for SqliteStore {
    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1")
            .execute(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn default_pool(&self) -> Result<Option<(PoolConfig, AppClient)>, StoreError> {
        let pool = sqlx::query(select_pool!(
            "WHERE id = (SELECT value FROM installation WHERE key = ?)"
        ))
        .bind(DEFAULT_POOL_KEY)
        .fetch_optional(&self.db)
        .await
        .map_err(backend)?;
        let client = sqlx::query(select_client!(
            "WHERE id = (SELECT value FROM installation WHERE key = ?)"
        ))
        .bind(DEFAULT_CLIENT_KEY)
        .fetch_optional(&self.db)
        .await
        .map_err(backend)?;
        match (pool, client) {
            (Some(pool), Some(client)) => {
                Ok(Some((pool_from_row(&pool)?, client_from_row(&client)?)))
            }
            _ => Ok(None),
        }
    }

    async fn create_default_pool(
        &self,
        pool: &PoolConfig,
        client: &AppClient,
    ) -> Result<(PoolConfig, AppClient, bool), StoreError> {
        let mut tx = self.db.begin().await.map_err(backend)?;
        let claimed = sqlx::query(
            "INSERT INTO installation (key, value) VALUES (?, ?), (?, ?)
             ON CONFLICT (key) DO NOTHING",
        )
        .bind(DEFAULT_POOL_KEY)
        .bind(pool.id.as_str())
        .bind(DEFAULT_CLIENT_KEY)
        .bind(client.id.as_str())
        .execute(&mut *tx)
        .await
        .map_err(backend)?
        .rows_affected();
        if claimed == 0 {
            tx.rollback().await.map_err(backend)?;
            let (pool, client) = self.default_pool().await?.ok_or(StoreError::NotFound)?;
            return Ok((pool, client, false));
        }
        insert_pool_in(&mut tx, pool).await?;
        insert_client_in(&mut tx, client).await?;
        tx.commit().await.map_err(backend)?;
        Ok((pool.clone(), client.clone(), true))
    }

    async fn insert_pool(&self, pool: &PoolConfig) -> Result<(), StoreError> {
        let mut tx = self.db.begin().await.map_err(backend)?;
        insert_pool_in(&mut tx, pool).await?;
        tx.commit().await.map_err(backend)
    }

    async fn get_pool(&self, id: &PoolId) -> Result<Option<PoolConfig>, StoreError> {
        sqlx::query(select_pool!("WHERE id = ?"))
            .bind(id.as_str())
            .fetch_optional(&self.db)
            .await
            .map_err(backend)?
            .as_ref()
            .map(pool_from_row)
            .transpose()
    }

    async fn list_pools(&self) -> Result<Vec<PoolConfig>, StoreError> {
        sqlx::query(select_pool!("ORDER BY created_at, id"))
            .fetch_all(&self.db)
            .await
            .map_err(backend)?
            .iter()
            .map(pool_from_row)
            .collect()
    }

    async fn insert_client(&self, client: &AppClient) -> Result<(), StoreError> {
        let mut tx = self.db.begin().await.map_err(backend)?;
        insert_client_in(&mut tx, client).await?;
        tx.commit().await.map_err(backend)
    }

    async fn get_client(&self, id: &ClientId) -> Result<Option<AppClient>, StoreError> {
        sqlx::query(select_client!("WHERE id = ?"))
            .bind(id.as_str())
            .fetch_optional(&self.db)
            .await
            .map_err(backend)?
            .as_ref()
            .map(client_from_row)
            .transpose()
    }

    async fn list_clients(&self, pool: &PoolId) -> Result<Vec<AppClient>, StoreError> {
        sqlx::query(select_client!("WHERE pool_id = ? ORDER BY created_at, id"))
            .bind(pool.as_str())
            .fetch_all(&self.db)
            .await
            .map_err(backend)?
            .iter()
            .map(client_from_row)
            .collect()
    }
}
