//! A real PostgreSQL, started by the tests (scripts/postgres.sh: Debian's binaries, a cluster
//! in a temporary folder on a unix socket, as an unprivileged user when run as root): one
//! cluster per test process, started on first use, each test in a database of its own; the
//! script stops the cluster and removes its folder once this process has ended.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

use server::adapters::store::SqliteStore;
use sqlx::Row;

/// The cluster's URL (its `postgres` database).
fn cluster() -> &'static str {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder").keep();
        let output =
            Command::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/postgres.sh"))
                .arg("start")
                .arg(&dir)
                .arg(std::process::id().to_string())
                .output()
                .expect("scripts/postgres.sh runs");
        assert!(
            output.status.success(),
            "PostgreSQL did not start: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap().trim().to_string()
    })
}

/// The URL of a new, empty database in the test process's cluster.
pub async fn fresh_database() -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let base = cluster();
    let name = format!("test_{}", NEXT.fetch_add(1, Ordering::Relaxed));
    let admin = sqlx::PgPool::connect(base)
        .await
        .expect("the cluster answers");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&admin)
        .await
        .expect("a database of the test's own");
    admin.close().await;
    base.replacen("/postgres?", &format!("/{name}?"), 1)
}

/// Every (table, column) of the SQLite schema, as the migrations leave it.
async fn sqlite_columns() -> BTreeSet<(String, String)> {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("schema.db").display());
    let store = SqliteStore::open(&url, 1).await.unwrap();
    let rows = sqlx::query(
        "SELECT m.name AS table_name, c.name AS column_name
         FROM sqlite_master m JOIN pragma_table_info(m.name) c
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_sqlx%'",
    )
    .fetch_all(&store.database())
    .await
    .unwrap();
    rows.iter()
        .map(|row| (row.get("table_name"), row.get("column_name")))
        .collect()
}

#[tokio::test]
async fn the_postgres_schema_holds_every_sqlite_table_and_column() {
    let url = fresh_database().await;
    let pool = server::adapters::store::postgres::open_schema(&url, 2)
        .await
        .expect("the PostgreSQL migrations apply");
    // Opening again finds them applied.
    server::adapters::store::postgres::open_schema(&url, 1)
        .await
        .expect("the migrations apply once");
    let rows = sqlx::query(
        "SELECT table_name::text AS table_name, column_name::text AS column_name
         FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name NOT LIKE '_sqlx%'",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let postgres_columns: BTreeSet<(String, String)> = rows
        .iter()
        .map(|row| (row.get("table_name"), row.get("column_name")))
        .collect();
    let sqlite = sqlite_columns().await;
    assert!(sqlite.len() > 100, "{} columns", sqlite.len());
    assert_eq!(
        sqlite.difference(&postgres_columns).collect::<Vec<_>>(),
        Vec::<&(String, String)>::new(),
        "in SQLite's schema, not PostgreSQL's"
    );
    assert_eq!(
        postgres_columns.difference(&sqlite).collect::<Vec<_>>(),
        Vec::<&(String, String)>::new(),
        "in PostgreSQL's schema, not SQLite's"
    );

    // The schema's rules hold there too: a pool's deletion takes its demo notes along.
    sqlx::query("INSERT INTO user_pools VALUES ('local_x', 'p', '{}', 1, 1)")
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO demo_notes (pool_id, owner_sub, body, created_at) VALUES ('local_x', 's', 'n', 1)",
    )
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query("DELETE FROM user_pools WHERE id = 'local_x'")
        .execute(&pool)
        .await
        .unwrap();
    let left: i64 = sqlx::query_scalar("SELECT count(*) FROM demo_notes")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(left, 0);
}
