//! PostgreSQL, for several Cognate nodes on one database (issue 17, under way): so far its
//! schema (`migrations/postgres/`, the same tables and columns as SQLite's, which the tests
//! check against a real PostgreSQL); the `Store` adapter is next.

use sqlx::postgres::{PgPool, PgPoolOptions};

/// A pool of connections to `url` with the schema migrated.
pub async fn open_schema(url: &str, max_connections: u32) -> Result<PgPool, sqlx::Error> {
    let pool = PgPoolOptions::new()
        .max_connections(max_connections)
        .connect(url)
        .await?;
    sqlx::migrate!("migrations/postgres").run(&pool).await?;
    Ok(pool)
}
