//! First start and later starts on the same data directory.

use crate::helpers::{TEST_NOW, spawn_app, spawn_app_in};

#[tokio::test]
async fn first_start_creates_a_default_pool_and_client_and_later_starts_keep_them() {
    let first = spawn_app().await;
    let created = first.default_pool.clone();
    assert!(created.created);
    let (region, suffix) = created.pool.id.as_str().split_once('_').unwrap();
    assert_eq!(region, "local");
    assert_eq!(suffix.len(), 9);
    assert_eq!(created.client.pool_id, created.pool.id);
    assert_eq!(created.client.id.as_str().len(), 26);
    assert!(
        created.client.secret.is_none(),
        "the default client is public"
    );
    assert_eq!(created.pool.created_at, TEST_NOW);
    assert!(
        first.data_dir.path().join("cognate.db").is_file(),
        "the SQLite file is created in the data directory"
    );

    let data_dir = first.stop().await;
    let second = spawn_app_in(data_dir).await;
    assert!(!second.default_pool.created);
    assert_eq!(second.default_pool.pool, created.pool);
    assert_eq!(second.default_pool.client, created.client);
    assert_eq!(second.get("/health").await.status(), 200);
    second.stop().await;
}

#[tokio::test]
async fn stopping_lets_the_server_finish_and_release_its_port() {
    let app = spawn_app().await;
    let address = app.address.clone();
    assert_eq!(app.get("/health").await.status(), 200);
    app.stop().await;
    let after = reqwest::get(format!("{address}/health")).await;
    assert!(after.is_err(), "nothing listens after a stop");
}
