//! The installation's default pool and app client, made on first start.

use super::store::{PoolStore, StoreError};
use super::{AppClient, ClientId, ClientSettings, DefaultPool, PoolConfig, PoolId, PoolSettings};
use crate::clock::Clock;

/// What the default pool and client are called (`default_pool.*` in the settings).
#[derive(Clone, Copy, Debug)]
pub struct DefaultNames<'a> {
    /// The prefix of pool ids, as Cognito's region.
    pub region: &'a str,
    pub pool: &'a str,
    pub client: &'a str,
}

/// Returns the default pool and client, creating them on first start.
#[tracing::instrument(skip_all)]
pub async fn ensure_default_pool(
    store: &dyn PoolStore,
    clock: &dyn Clock,
    names: &DefaultNames<'_>,
) -> Result<DefaultPool, StoreError> {
    if let Some((pool, client)) = store.default_pool().await? {
        return Ok(DefaultPool {
            pool,
            client,
            created: false,
        });
    }
    let now = clock.now();
    let pool = PoolConfig {
        id: PoolId::generate(names.region),
        name: names.pool.to_string(),
        settings: PoolSettings::default(),
        created_at: now,
        updated_at: now,
    };
    // A public client (no secret), as the hosted pages and browser apps need.
    let client = AppClient {
        id: ClientId::generate(),
        pool_id: pool.id.clone(),
        name: names.client.to_string(),
        secret: None,
        settings: ClientSettings::default(),
        created_at: now,
        updated_at: now,
    };
    // Another replica may have won the race: the store returns whichever pool is default.
    let (pool, client, created) = store.create_default_pool(&pool, &client).await?;
    Ok(DefaultPool {
        pool,
        client,
        created,
    })
}
