//! SQLite: the pools' signing keys.

use super::*;

#[async_trait]
impl KeyStore for SqliteStore {
    async fn list_signing_keys(&self, pool: &PoolId) -> Result<Vec<StoredSigningKey>, StoreError> {
        let rows = sqlx::query(
            "SELECT kid, private_pkcs8, created_at FROM signing_keys
             WHERE pool_id = ? ORDER BY created_at, kid",
        )
        .bind(pool.as_str())
        .fetch_all(&self.db)
        .await
        .map_err(backend)?;
        rows.iter()
            .map(|row| {
                Ok(StoredSigningKey {
                    kid: row.try_get("kid").map_err(backend)?,
                    private_pkcs8: row.try_get("private_pkcs8").map_err(backend)?,
                    created_at: Timestamp(row.try_get("created_at").map_err(backend)?),
                })
            })
            .collect()
    }

    async fn insert_signing_key(
        &self,
        pool: &PoolId,
        key: &StoredSigningKey,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO signing_keys (kid, pool_id, private_pkcs8, created_at) VALUES (?, ?, ?, ?)",
        )
        .bind(&key.kid)
        .bind(pool.as_str())
        .bind(&key.private_pkcs8)
        .bind(key.created_at.0)
        .changed(&self.db).await?;
        Ok(())
    }
}
