//! Adapters of the domain's storage port (`crate::pool::store`): SQLite by default,
//! PostgreSQL for several nodes on one database. Both run the same SQL (`sql/`).

// Each backend compiles the shared SQL (`sql/`) against its own database types.
#[allow(
    clippy::duplicate_mod,
    reason = "the shared SQL is compiled once per database, on purpose"
)]
pub mod postgres;
mod sqlite;

use std::path::PathBuf;
use std::sync::Arc;

use crate::demo::Notes;
use crate::pool::store::Store;
pub use postgres::PgStore;
pub use sqlite::SqliteStore;

/// Whether `url` names a PostgreSQL database (`postgres://…` or `postgresql://…`).
pub fn is_postgres(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// The store `database.url` names: `postgres://…` (or `postgresql://…`) for PostgreSQL,
/// anything else for SQLite.
#[derive(Clone, Debug)]
pub enum Database {
    Sqlite(SqliteStore),
    Postgres(PgStore),
}

impl Database {
    /// Opens (and migrates) the database `url` names.
    pub async fn open(url: &str, max_connections: u32) -> Result<Self, OpenError> {
        if is_postgres(url) {
            Ok(Self::Postgres(PgStore::open(url, max_connections).await?))
        } else {
            Ok(Self::Sqlite(SqliteStore::open(url, max_connections).await?))
        }
    }

    /// The domain's port over it.
    pub fn store(&self) -> Arc<dyn Store> {
        match self {
            Self::Sqlite(store) => Arc::new(store.clone()),
            Self::Postgres(store) => Arc::new(store.clone()),
        }
    }

    /// The demo's notes, in the same database.
    pub fn notes(&self) -> Notes {
        match self {
            Self::Sqlite(store) => Notes::Sqlite(store.database()),
            Self::Postgres(store) => Notes::Postgres(store.database()),
        }
    }

    /// Closes every connection, waiting for those in use.
    pub async fn close(&self) {
        match self {
            Self::Sqlite(store) => store.close().await,
            Self::Postgres(store) => store.close().await,
        }
    }
}

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
    #[error("cannot connect to the PostgreSQL database: {0}")]
    Postgres(#[source] sqlx::Error),
    #[error("cannot apply the database migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}
