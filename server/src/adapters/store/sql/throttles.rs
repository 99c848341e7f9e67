//! Attempt counters: one row per key, counted in one statement each.

use super::DbRow;
use async_trait::async_trait;
use sqlx::Row;

use super::rows::backend;
use super::{Run, SqlStore};
use crate::clock::Timestamp;
use crate::pool::store::{Counter, Stored, ThrottleStore};

fn counter_from_row(row: &DbRow) -> Stored<Counter> {
    Ok(Counter {
        count: row.try_get("count").map_err(backend)?,
        window_end: Timestamp(row.try_get("window_end").map_err(backend)?),
        last_at: Timestamp(row.try_get("last_at").map_err(backend)?),
    })
}

pub(super) const COUNTER: &str = "SELECT count, window_end, last_at FROM throttles WHERE key = $1";
pub(super) const RESET_COUNTER: &str = "DELETE FROM throttles WHERE key = $1";

#[async_trait]
impl ThrottleStore for SqlStore {
    async fn count_attempt(
        &self,
        key: &str,
        now: Timestamp,
        window_seconds: i64,
    ) -> Stored<Counter> {
        // Every SET expression reads the row as it was (`throttles.`, beside `excluded.`,
        // the row proposed), so a live window counts on and an
        // ended one starts again at one, in the same statement.
        let counter = sqlx::query(
            "INSERT INTO throttles (key, count, window_end, last_at) VALUES ($1, 1, $2 + $3, $2)
             ON CONFLICT (key) DO UPDATE SET
                 count = CASE WHEN throttles.window_end > excluded.last_at
                              THEN throttles.count + 1 ELSE 1 END,
                 window_end = CASE WHEN throttles.window_end > excluded.last_at
                                   THEN throttles.window_end ELSE excluded.window_end END,
                 last_at = excluded.last_at
             RETURNING count, window_end, last_at",
        )
        .bind(key)
        .bind(now.0)
        .bind(window_seconds)
        .one(&self.db, counter_from_row)
        .await?;
        counter.ok_or_else(|| backend(sqlx::Error::RowNotFound))
    }

    async fn counter(&self, key: &str) -> Stored<Option<Counter>> {
        sqlx::query(COUNTER)
            .bind(key)
            .one(&self.db, counter_from_row)
            .await
    }

    async fn reset_counter(&self, key: &str) -> Stored<()> {
        sqlx::query(RESET_COUNTER).bind(key).done(&self.db).await
    }
}
