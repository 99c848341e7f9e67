//! The demo resource server's storage: its own table (`demo_notes`) in the SQLite file,
//! keyed by the pool and the `sub` of the token that wrote each note.

use sqlx::Row;
use sqlx::sqlite::{SqlitePool, SqliteRow};

use crate::clock::Timestamp;
use crate::pool::PoolId;

/// One note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    pub id: i64,
    pub body: String,
    pub created_at: Timestamp,
}

/// The notes table.
#[derive(Clone, Debug)]
pub struct Notes {
    db: SqlitePool,
}

impl Notes {
    pub fn new(db: SqlitePool) -> Self {
        Self { db }
    }

    /// The owner's notes in the pool, newest first, at most `limit`.
    pub async fn list(
        &self,
        pool: &PoolId,
        owner: &str,
        limit: u32,
    ) -> Result<Vec<Note>, sqlx::Error> {
        sqlx::query(
            "SELECT id, body, created_at FROM demo_notes
             WHERE pool_id = ? AND owner_sub = ? ORDER BY id DESC LIMIT ?",
        )
        .bind(pool.as_str())
        .bind(owner)
        .bind(limit)
        .fetch_all(&self.db)
        .await?
        .iter()
        .map(note_from_row)
        .collect()
    }

    /// Adds a note owned by `owner`.
    pub async fn insert(
        &self,
        pool: &PoolId,
        owner: &str,
        body: &str,
        at: Timestamp,
    ) -> Result<Note, sqlx::Error> {
        let row = sqlx::query(
            "INSERT INTO demo_notes (pool_id, owner_sub, body, created_at) VALUES (?, ?, ?, ?)
             RETURNING id, body, created_at",
        )
        .bind(pool.as_str())
        .bind(owner)
        .bind(body)
        .bind(at.0)
        .fetch_one(&self.db)
        .await?;
        note_from_row(&row)
    }
}

fn note_from_row(row: &SqliteRow) -> Result<Note, sqlx::Error> {
    Ok(Note {
        id: row.try_get("id")?,
        body: row.try_get("body")?,
        created_at: Timestamp(row.try_get("created_at")?),
    })
}
