//! The `Store` contract, run against every implementation (SQLite here; PostgreSQL when
//! it arrives).

use server::clock::Timestamp;
use server::pool::{
    AppClient, ClientId, ClientSecret, ClientSettings, PoolConfig, PoolId, PoolSettings,
};
use server::store::{SqliteStore, Store, StoreError};

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

async fn pools_round_trip(store: &dyn Store) {
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

async fn clients_round_trip(store: &dyn Store) {
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

async fn the_default_pool_is_created_once(store: &dyn Store) {
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

#[tokio::test]
async fn sqlite_keeps_pools() {
    let (store, _dir) = sqlite().await;
    store.ping().await.unwrap();
    pools_round_trip(&store).await;
}

#[tokio::test]
async fn sqlite_keeps_clients() {
    let (store, _dir) = sqlite().await;
    clients_round_trip(&store).await;
}

#[tokio::test]
async fn sqlite_creates_the_default_pool_once() {
    let (store, _dir) = sqlite().await;
    the_default_pool_is_created_once(&store).await;
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
