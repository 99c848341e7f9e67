//! Users' passkeys. A passkey's ID is unique within its pool; every read and write of one
//! names its user, so no request reaches another user's.

use super::rows::stored_id;
use super::*;
use crate::pool::store::PasskeyStore;
use crate::pool::{Passkey, PasskeyChallenge};

const COLUMNS: &str = "id, pool_id, user_sub, relying_party_id, public_key, sign_count, \
     transports, attachment, name, created_at, last_used_at, flagged";

fn passkey_from_row(row: &DbRow) -> Stored<Passkey> {
    let text = |column: &str| -> Stored<String> { row.try_get(column).map_err(backend) };
    let pool_id = text("pool_id")?;
    let sub = text("user_sub")?;
    let transports: Vec<String> = serde_json::from_str(&text("transports")?)
        .map_err(|_| StoreError::Corrupt("passkey transports".into()))?;
    let sign_count: i64 = row.try_get("sign_count").map_err(backend)?;
    let last_used_at: Option<i64> = row.try_get("last_used_at").map_err(backend)?;
    Ok(Passkey {
        id: text("id")?,
        pool_id: stored_id(PoolId::parse(&pool_id), "pool id", &pool_id)?,
        user_sub: stored_id(Sub::parse(&sub), "user sub", &sub)?,
        relying_party_id: text("relying_party_id")?,
        public_key: text("public_key")?,
        sign_count: u32::try_from(sign_count)
            .map_err(|_| StoreError::Corrupt("passkey sign count".into()))?,
        transports,
        attachment: row.try_get("attachment").map_err(backend)?,
        name: row.try_get("name").map_err(backend)?,
        created_at: Timestamp(row.try_get("created_at").map_err(backend)?),
        last_used_at: last_used_at.map(Timestamp),
        flagged: row.try_get("flagged").map_err(backend)?,
    })
}

#[async_trait]
impl PasskeyStore for SqlStore {
    async fn insert_passkey(&self, passkey: &Passkey) -> Stored<bool> {
        let sql = format!(
            "INSERT INTO passkeys ({COLUMNS})
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
             ON CONFLICT (pool_id, id) DO NOTHING"
        );
        let inserted = sqlx::query(&sql)
            .bind(&passkey.id)
            .bind(passkey.pool_id.as_str())
            .bind(passkey.user_sub.as_str())
            .bind(&passkey.relying_party_id)
            .bind(&passkey.public_key)
            .bind(i64::from(passkey.sign_count))
            .bind(to_json(&passkey.transports)?)
            .bind(&passkey.attachment)
            .bind(&passkey.name)
            .bind(passkey.created_at.0)
            .bind(passkey.last_used_at.map(|at| at.0))
            .bind(passkey.flagged)
            .changed(&self.db)
            .await?;
        Ok(inserted > 0)
    }

    async fn list_passkeys(&self, user: &Sub) -> Stored<Vec<Passkey>> {
        let sql =
            format!("SELECT {COLUMNS} FROM passkeys WHERE user_sub = $1 ORDER BY created_at, id");
        sqlx::query(&sql)
            .bind(user.as_str())
            .all(&self.db, passkey_from_row)
            .await
    }

    async fn get_passkey(&self, user: &Sub, id: &str) -> Stored<Option<Passkey>> {
        let sql = format!("SELECT {COLUMNS} FROM passkeys WHERE user_sub = $1 AND id = $2");
        sqlx::query(&sql)
            .bind(user.as_str())
            .bind(id)
            .one(&self.db, passkey_from_row)
            .await
    }

    async fn record_passkey_use(&self, passkey: &Passkey, seen_count: u32) -> Stored<bool> {
        let changed = sqlx::query(
            "UPDATE passkeys SET sign_count = $1, last_used_at = $2, flagged = $3
             WHERE user_sub = $4 AND id = $5 AND sign_count = $6",
        )
        .bind(i64::from(passkey.sign_count))
        .bind(passkey.last_used_at.map(|at| at.0))
        .bind(passkey.flagged)
        .bind(passkey.user_sub.as_str())
        .bind(&passkey.id)
        .bind(i64::from(seen_count))
        .changed(&self.db)
        .await?;
        Ok(changed > 0)
    }

    async fn insert_passkey_challenge(
        &self,
        id_hash: &str,
        challenge: &PasskeyChallenge,
    ) -> Stored<()> {
        sqlx::query(
            "INSERT INTO passkey_challenges (id_hash, client_id, state, expires_at)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(id_hash)
        .bind(challenge.client_id.as_str())
        .bind(&challenge.state)
        .bind(challenge.expires_at.0)
        .done(&self.db)
        .await
    }

    async fn take_passkey_challenge(&self, id_hash: &str) -> Stored<Option<PasskeyChallenge>> {
        sqlx::query(
            "DELETE FROM passkey_challenges WHERE id_hash = $1
             RETURNING client_id, state, expires_at",
        )
        .bind(id_hash)
        .one(&self.db, |row| {
            let client_id: String = row.try_get("client_id").map_err(backend)?;
            Ok(PasskeyChallenge {
                client_id: stored_id(ClientId::parse(&client_id), "client id", &client_id)?,
                state: row.try_get("state").map_err(backend)?,
                expires_at: Timestamp(row.try_get("expires_at").map_err(backend)?),
            })
        })
        .await
    }

    async fn delete_passkey(&self, user: &Sub, id: &str) -> Stored<bool> {
        let deleted = sqlx::query("DELETE FROM passkeys WHERE user_sub = $1 AND id = $2")
            .bind(user.as_str())
            .bind(id)
            .changed(&self.db)
            .await?;
        Ok(deleted > 0)
    }
}
