//! First start and later starts on the same data directory.

use crate::helpers::{TEST_NOW, spawn_app, spawn_app_in, spawn_app_with};

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

#[tokio::test]
async fn pages_render_while_another_server_starts_in_the_same_process() {
    // A page whose data never loads would hang until the request timeout; keep it short.
    let app = spawn_app_with(tempfile::tempdir().unwrap(), |settings| {
        settings.server.request_timeout_seconds = 5;
    })
    .await;
    let starting = std::thread::spawn(|| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            for _ in 0..16 {
                spawn_app().await.stop().await;
            }
        });
    });
    let mut rendered = 0;
    while !starting.is_finished() {
        let pages = (0..4).map(|_| app.get("/signup"));
        for response in futures::future::join_all(pages).await {
            assert_eq!(response.status(), 200);
            let html = response.text().await.unwrap();
            assert!(html.contains("Create an account"), "{html}");
            rendered += 1;
        }
    }
    starting.join().unwrap();
    assert!(rendered > 0);
    app.stop().await;
}
