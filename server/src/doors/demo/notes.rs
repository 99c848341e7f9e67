//! The demo resource server's storage: its own table (`demo_notes`) in Cognate's database,
//! keyed by the pool and the `sub` of the token that wrote each note.

use sqlx::Row;
use sqlx::postgres::PgPool;
use sqlx::sqlite::SqlitePool;

use crate::clock::Timestamp;
use crate::pool::PoolId;

/// One note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    pub id: i64,
    pub body: String,
    pub created_at: Timestamp,
}

/// The notes table, in whichever database Cognate runs on.
#[derive(Clone, Debug)]
pub enum Notes {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs `$run` with `$db` bound to the pool, whichever database it is: the statements are
/// the same text for both.
macro_rules! on_database {
    ($notes:expr, |$db:ident| $run:expr) => {
        match $notes {
            Notes::Sqlite($db) => $run,
            Notes::Postgres($db) => $run,
        }
    };
}

/// A note from a row holding `id`, `body` and `created_at`.
macro_rules! note_from_row {
    ($row:expr) => {
        Note {
            id: $row.try_get("id")?,
            body: $row.try_get("body")?,
            created_at: Timestamp($row.try_get("created_at")?),
        }
    };
}

impl Notes {
    /// The owner's notes in the pool, newest first, at most `limit`.
    pub async fn list(
        &self,
        pool: &PoolId,
        owner: &str,
        limit: u32,
    ) -> Result<Vec<Note>, sqlx::Error> {
        let sql = "SELECT id, body, created_at FROM demo_notes
                   WHERE pool_id = $1 AND owner_sub = $2 ORDER BY id DESC LIMIT $3";
        on_database!(self, |db| {
            let rows = sqlx::query(sql)
                .bind(pool.as_str())
                .bind(owner)
                .bind(i64::from(limit))
                .fetch_all(db)
                .await?;
            rows.iter().map(|row| Ok(note_from_row!(row))).collect()
        })
    }

    /// Adds a note owned by `owner`.
    pub async fn insert(
        &self,
        pool: &PoolId,
        owner: &str,
        body: &str,
        at: Timestamp,
    ) -> Result<Note, sqlx::Error> {
        let sql = "INSERT INTO demo_notes (pool_id, owner_sub, body, created_at)
                   VALUES ($1, $2, $3, $4) RETURNING id, body, created_at";
        on_database!(self, |db| {
            let row = sqlx::query(sql)
                .bind(pool.as_str())
                .bind(owner)
                .bind(body)
                .bind(at.0)
                .fetch_one(db)
                .await?;
            Ok(note_from_row!(row))
        })
    }
}
