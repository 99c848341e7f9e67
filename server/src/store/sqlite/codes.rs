//! SQLite: emailed codes: replaced, counted, used once.

use super::*;

#[async_trait]
impl CodeStore for SqliteStore {
    async fn put_code(
        &self,
        user: &Sub,
        purpose: Purpose,
        code: &StoredCode,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO codes (user_sub, purpose, code_hash, expires_at, tries_left, created_at)
             VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT (user_sub, purpose) DO UPDATE SET code_hash = excluded.code_hash,
                 expires_at = excluded.expires_at, tries_left = excluded.tries_left,
                 created_at = excluded.created_at",
        )
        .bind(user.as_str())
        .bind(purpose.as_str())
        .bind(&code.hash)
        .bind(code.expires_at.0)
        .bind(code.tries_left)
        .bind(now.0)
        .changed(&self.db)
        .await?;
        Ok(())
    }

    async fn get_code(
        &self,
        user: &Sub,
        purpose: Purpose,
    ) -> Result<Option<StoredCode>, StoreError> {
        let row = sqlx::query(
            "SELECT code_hash, expires_at, tries_left FROM codes WHERE user_sub = ? AND purpose = ?",
        )
        .bind(user.as_str())
        .bind(purpose.as_str())
        .fetch_optional(&self.db)
        .await
        .map_err(backend)?;
        row.map(|row| {
            Ok(StoredCode {
                hash: row.try_get("code_hash").map_err(backend)?,
                expires_at: Timestamp(row.try_get("expires_at").map_err(backend)?),
                tries_left: row.try_get("tries_left").map_err(backend)?,
            })
        })
        .transpose()
    }

    async fn record_wrong_code(&self, user: &Sub, purpose: Purpose) -> Result<i64, StoreError> {
        let mut tx = self.db.begin().await.map_err(backend)?;
        let left: Option<i64> = sqlx::query_scalar(
            "UPDATE codes SET tries_left = tries_left - 1
             WHERE user_sub = ? AND purpose = ? AND tries_left > 0 RETURNING tries_left",
        )
        .bind(user.as_str())
        .bind(purpose.as_str())
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?;
        let left = left.unwrap_or(0);
        if left <= 0 {
            sqlx::query("DELETE FROM codes WHERE user_sub = ? AND purpose = ?")
                .bind(user.as_str())
                .bind(purpose.as_str())
                .changed(&mut *tx)
                .await?;
        }
        tx.commit().await.map_err(backend)?;
        Ok(left)
    }

    async fn use_code(&self, code_use: CodeUse<'_>) -> Result<bool, StoreError> {
        let mut tx = self.db.begin().await.map_err(backend)?;
        let used =
            sqlx::query("DELETE FROM codes WHERE user_sub = ? AND purpose = ? AND code_hash = ?")
                .bind(code_use.user.sub.as_str())
                .bind(code_use.purpose.as_str())
                .bind(code_use.code_hash)
                .changed(&mut *tx)
                .await?;
        if used == 0 {
            tx.rollback().await.map_err(backend)?;
            return Ok(false);
        }
        update_user_in(&mut tx, code_use.user).await?;
        if let Some(at) = code_use.revoke_sessions_at {
            sqlx::query(
                "UPDATE token_families SET revoked_at = ? WHERE user_sub = ? AND revoked_at IS NULL",
            )
            .bind(at.0)
            .bind(code_use.user.sub.as_str())
            .changed(&mut *tx).await?;
        }
        tx.commit().await.map_err(backend)?;
        if code_use.revoke_sessions_at.is_some() {
            self.live_families.forget();
        }
        Ok(true)
    }
}
