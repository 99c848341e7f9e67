//! Persistence behind one trait, so the domain never sees SQL; SQLite by default.

mod sqlite;

pub use sqlite::{OpenError, SqliteStore};

use async_trait::async_trait;

use crate::pool::{AppClient, ClientId, PoolConfig, PoolId};

/// What can go wrong below the domain.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The row the operation needs does not exist.
    #[error("not found")]
    NotFound,
    /// A row with the same key already exists.
    #[error("already exists")]
    Conflict,
    /// A stored document could not be read back: the database was changed by hand.
    #[error("stored data is unreadable: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Backend(#[source] sqlx::Error),
}

/// Every read and write Cognate makes; each method is one transaction.
#[async_trait]
pub trait Store: Send + Sync {
    /// Answers when the database does.
    async fn ping(&self) -> Result<(), StoreError>;

    /// The pool and client marked default, if any.
    async fn default_pool(&self) -> Result<Option<(PoolConfig, AppClient)>, StoreError>;

    /// Stores `pool` and `client` and marks them default, unless a default exists already;
    /// returns the default in force and whether it was created now.
    async fn create_default_pool(
        &self,
        pool: &PoolConfig,
        client: &AppClient,
    ) -> Result<(PoolConfig, AppClient, bool), StoreError>;

    /// Stores a new pool; `Conflict` if its id is taken.
    async fn insert_pool(&self, pool: &PoolConfig) -> Result<(), StoreError>;

    async fn get_pool(&self, id: &PoolId) -> Result<Option<PoolConfig>, StoreError>;

    /// Every pool, oldest first.
    async fn list_pools(&self) -> Result<Vec<PoolConfig>, StoreError>;

    /// Stores a new app client; `NotFound` if its pool does not exist, `Conflict` if its
    /// id is taken.
    async fn insert_client(&self, client: &AppClient) -> Result<(), StoreError>;

    async fn get_client(&self, id: &ClientId) -> Result<Option<AppClient>, StoreError>;

    /// A pool's app clients, oldest first.
    async fn list_clients(&self, pool: &PoolId) -> Result<Vec<AppClient>, StoreError>;
}
