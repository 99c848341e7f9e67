//! The embedded SQLite store: one file in WAL mode, migrations applied on open.

mod families;
#[macro_use]
mod rows;

use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{Row, Sqlite, Transaction};

use super::{
    AuthSession, CodeUse, Note, OAuthCode, OAuthRequest, Redeemed, Store, StoreError,
    StoredSession, StoredSigningKey,
};
use crate::clock::Timestamp;
use crate::pool::codes::{Purpose, StoredCode};
use crate::pool::filter::{FilterField, UserFilter};
use crate::pool::srp::Verifier;
use crate::pool::{
    AppClient, ClientId, ClientSecret, Group, PoolConfig, PoolId, ResourceServer, Sub, TokenFamily,
    User,
};
use families::LiveFamilies;
use rows::{
    backend, client_from_row, family_from_row, group_from_row, note_from_row, oauth_code_from_row,
    oauth_request_from_row, pool_from_row, resource_server_from_row, to_json, user_from_row,
};

/// Why the database could not be opened at start-up.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("`{url}` is not a valid SQLite URL: {source}")]
    Url {
        url: String,
        #[source]
        source: sqlx::Error,
    },
    #[error("cannot create the directory {}: {source}", path.display())]
    CreateDir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot open the database {}: {source}", path.display())]
    Connect {
        path: PathBuf,
        #[source]
        source: sqlx::Error,
    },
    #[error("cannot apply the database migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// [`Store`] over an SQLite file.
#[derive(Clone, Debug)]
pub struct SqliteStore {
    db: SqlitePool,
    live_families: LiveFamilies,
}

const DEFAULT_POOL_KEY: &str = "default_pool_id";
const DEFAULT_CLIENT_KEY: &str = "default_client_id";

impl SqliteStore {
    /// Opens (creating the file and its directory if absent) and migrates the database.
    pub async fn open(url: &str, max_connections: u32) -> Result<Self, OpenError> {
        let options = SqliteConnectOptions::from_str(url)
            .map_err(|source| OpenError::Url {
                url: url.to_string(),
                source,
            })?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let path = options.get_filename().to_path_buf();
        if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| OpenError::CreateDir {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        let db = SqlitePoolOptions::new()
            .max_connections(max_connections)
            .connect_with(options)
            .await
            .map_err(|source| OpenError::Connect {
                path: path.clone(),
                source,
            })?;
        sqlx::migrate!("./migrations/sqlite").run(&db).await?;
        Ok(Self {
            db,
            live_families: LiveFamilies::default(),
        })
    }

    /// Closes every connection, waiting for those in use.
    pub async fn close(&self) {
        self.db.close().await;
    }
}

async fn insert_pool_in(
    tx: &mut Transaction<'_, Sqlite>,
    pool: &PoolConfig,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO user_pools (id, name, settings, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(pool.id.as_str())
    .bind(&pool.name)
    .bind(to_json(&pool.settings)?)
    .bind(pool.created_at.0)
    .bind(pool.updated_at.0)
    .execute(&mut **tx)
    .await
    .map_err(backend)?;
    Ok(())
}

async fn insert_client_in(
    tx: &mut Transaction<'_, Sqlite>,
    client: &AppClient,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO app_clients (id, pool_id, name, secret, settings, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(client.id.as_str())
    .bind(client.pool_id.as_str())
    .bind(&client.name)
    .bind(client.secret.as_ref().map(ClientSecret::expose))
    .bind(to_json(&client.settings)?)
    .bind(client.created_at.0)
    .bind(client.updated_at.0)
    .execute(&mut **tx)
    .await
    .map_err(backend)?;
    Ok(())
}

async fn update_user_in(tx: &mut Transaction<'_, Sqlite>, user: &User) -> Result<(), StoreError> {
    let updated = sqlx::query(
        "UPDATE users SET username = ?, username_key = ?, email_key = ?, password_hash = ?,
             srp_verifier = ?, status = ?, enabled = ?, attributes = ?, updated_at = ?
         WHERE sub = ?",
    )
    .bind(&user.username)
    .bind(user.username_key())
    .bind(user.email_key())
    .bind(&user.password_hash)
    .bind(user.srp_verifier.as_ref().map(Verifier::encode))
    .bind(user.status.as_str())
    .bind(user.enabled)
    .bind(to_json(&user.attributes)?)
    .bind(user.updated_at.0)
    .bind(user.sub.as_str())
    .execute(&mut **tx)
    .await
    .map_err(backend)?
    .rows_affected();
    if updated == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

#[async_trait]
impl Store for SqliteStore {
    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1")
            .execute(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn default_pool(&self) -> Result<Option<(PoolConfig, AppClient)>, StoreError> {
        let pool = sqlx::query(select_pool!(
            "WHERE id = (SELECT value FROM installation WHERE key = ?)"
        ))
        .bind(DEFAULT_POOL_KEY)
        .fetch_optional(&self.db)
        .await
        .map_err(backend)?;
        let client = sqlx::query(select_client!(
            "WHERE id = (SELECT value FROM installation WHERE key = ?)"
        ))
        .bind(DEFAULT_CLIENT_KEY)
        .fetch_optional(&self.db)
        .await
        .map_err(backend)?;
        match (pool, client) {
            (Some(pool), Some(client)) => {
                Ok(Some((pool_from_row(&pool)?, client_from_row(&client)?)))
            }
            _ => Ok(None),
        }
    }

    async fn create_default_pool(
        &self,
        pool: &PoolConfig,
        client: &AppClient,
    ) -> Result<(PoolConfig, AppClient, bool), StoreError> {
        let mut tx = self.db.begin().await.map_err(backend)?;
        let claimed = sqlx::query(
            "INSERT INTO installation (key, value) VALUES (?, ?), (?, ?)
             ON CONFLICT (key) DO NOTHING",
        )
        .bind(DEFAULT_POOL_KEY)
        .bind(pool.id.as_str())
        .bind(DEFAULT_CLIENT_KEY)
        .bind(client.id.as_str())
        .execute(&mut *tx)
        .await
        .map_err(backend)?
        .rows_affected();
        if claimed == 0 {
            tx.rollback().await.map_err(backend)?;
            let (pool, client) = self.default_pool().await?.ok_or(StoreError::NotFound)?;
            return Ok((pool, client, false));
        }
        insert_pool_in(&mut tx, pool).await?;
        insert_client_in(&mut tx, client).await?;
        tx.commit().await.map_err(backend)?;
        Ok((pool.clone(), client.clone(), true))
    }

    async fn insert_pool(&self, pool: &PoolConfig) -> Result<(), StoreError> {
        let mut tx = self.db.begin().await.map_err(backend)?;
        insert_pool_in(&mut tx, pool).await?;
        tx.commit().await.map_err(backend)
    }

    async fn get_pool(&self, id: &PoolId) -> Result<Option<PoolConfig>, StoreError> {
        sqlx::query(select_pool!("WHERE id = ?"))
            .bind(id.as_str())
            .fetch_optional(&self.db)
            .await
            .map_err(backend)?
            .as_ref()
            .map(pool_from_row)
            .transpose()
    }

    async fn list_pools(&self) -> Result<Vec<PoolConfig>, StoreError> {
        sqlx::query(select_pool!("ORDER BY created_at, id"))
            .fetch_all(&self.db)
            .await
            .map_err(backend)?
            .iter()
            .map(pool_from_row)
            .collect()
    }

    async fn insert_client(&self, client: &AppClient) -> Result<(), StoreError> {
        let mut tx = self.db.begin().await.map_err(backend)?;
        insert_client_in(&mut tx, client).await?;
        tx.commit().await.map_err(backend)
    }

    async fn get_client(&self, id: &ClientId) -> Result<Option<AppClient>, StoreError> {
        sqlx::query(select_client!("WHERE id = ?"))
            .bind(id.as_str())
            .fetch_optional(&self.db)
            .await
            .map_err(backend)?
            .as_ref()
            .map(client_from_row)
            .transpose()
    }

    async fn list_clients(&self, pool: &PoolId) -> Result<Vec<AppClient>, StoreError> {
        sqlx::query(select_client!("WHERE pool_id = ? ORDER BY created_at, id"))
            .bind(pool.as_str())
            .fetch_all(&self.db)
            .await
            .map_err(backend)?
            .iter()
            .map(client_from_row)
            .collect()
    }
    async fn update_pool(&self, pool: &PoolConfig) -> Result<(), StoreError> {
        let updated = sqlx::query(
            "UPDATE user_pools SET name = ?, settings = ?, updated_at = ? WHERE id = ?",
        )
        .bind(&pool.name)
        .bind(to_json(&pool.settings)?)
        .bind(pool.updated_at.0)
        .bind(pool.id.as_str())
        .execute(&self.db)
        .await
        .map_err(backend)?
        .rows_affected();
        if updated == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn update_client(&self, client: &AppClient) -> Result<(), StoreError> {
        let updated = sqlx::query(
            "UPDATE app_clients SET name = ?, settings = ?, updated_at = ? WHERE id = ?",
        )
        .bind(&client.name)
        .bind(to_json(&client.settings)?)
        .bind(client.updated_at.0)
        .bind(client.id.as_str())
        .execute(&self.db)
        .await
        .map_err(backend)?
        .rows_affected();
        if updated == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn delete_pool(&self, id: &PoolId) -> Result<bool, StoreError> {
        let mut tx = self.db.begin().await.map_err(backend)?;
        // Notes are keyed by pool, not tied to it by a foreign key; the rest cascades.
        sqlx::query("DELETE FROM demo_notes WHERE pool_id = ?")
            .bind(id.as_str())
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        let deleted = sqlx::query("DELETE FROM user_pools WHERE id = ?")
            .bind(id.as_str())
            .execute(&mut *tx)
            .await
            .map_err(backend)?
            .rows_affected();
        tx.commit().await.map_err(backend)?;
        self.live_families.forget();
        Ok(deleted > 0)
    }

    async fn delete_client(&self, id: &ClientId) -> Result<bool, StoreError> {
        let deleted = sqlx::query("DELETE FROM app_clients WHERE id = ?")
            .bind(id.as_str())
            .execute(&self.db)
            .await
            .map_err(backend)?
            .rows_affected();
        self.live_families.forget();
        Ok(deleted > 0)
    }

    async fn insert_user(&self, user: &User) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO users (sub, pool_id, username, username_key, email_key, password_hash,
                 srp_verifier, email_sign_in, status, enabled, attributes, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(user.sub.as_str())
        .bind(user.pool_id.as_str())
        .bind(&user.username)
        .bind(user.username_key())
        .bind(user.email_key())
        .bind(&user.password_hash)
        .bind(user.srp_verifier.as_ref().map(Verifier::encode))
        .bind(user.email_sign_in.as_str())
        .bind(user.status.as_str())
        .bind(user.enabled)
        .bind(to_json(&user.attributes)?)
        .bind(user.created_at.0)
        .bind(user.updated_at.0)
        .execute(&self.db)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn find_user(&self, pool: &PoolId, login_key: &str) -> Result<Option<User>, StoreError> {
        // Usernames cannot look like emails, so at most one row matches.
        sqlx::query(select_user!(
            "WHERE pool_id = ?1 AND (username_key = ?2 OR email_key = ?2)
             ORDER BY username_key = ?2 DESC LIMIT 1"
        ))
        .bind(pool.as_str())
        .bind(login_key)
        .fetch_optional(&self.db)
        .await
        .map_err(backend)?
        .as_ref()
        .map(user_from_row)
        .transpose()
    }

    async fn get_user(&self, sub: &Sub) -> Result<Option<User>, StoreError> {
        sqlx::query(select_user!("WHERE sub = ?"))
            .bind(sub.as_str())
            .fetch_optional(&self.db)
            .await
            .map_err(backend)?
            .as_ref()
            .map(user_from_row)
            .transpose()
    }

    async fn delete_user(&self, sub: &Sub) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM users WHERE sub = ?")
            .bind(sub.as_str())
            .execute(&self.db)
            .await
            .map_err(backend)?;
        self.live_families.forget();
        Ok(())
    }

    async fn update_user(&self, user: &User) -> Result<(), StoreError> {
        let mut tx = self.db.begin().await.map_err(backend)?;
        update_user_in(&mut tx, user).await?;
        tx.commit().await.map_err(backend)
    }

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
        .execute(&self.db)
        .await
        .map_err(backend)?;
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
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
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
                .execute(&mut *tx)
                .await
                .map_err(backend)?
                .rows_affected();
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
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        }
        tx.commit().await.map_err(backend)?;
        if code_use.revoke_sessions_at.is_some() {
            self.live_families.forget();
        }
        Ok(true)
    }

    async fn insert_family(&self, family: &TokenFamily) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO token_families (id, pool_id, user_sub, client_id, refresh_hash, scope,
                 auth_time, created_at, expires_at, revoked_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&family.id)
        .bind(family.pool_id.as_str())
        .bind(family.user_sub.as_str())
        .bind(family.client_id.as_str())
        .bind(&family.refresh_hash)
        .bind(&family.scope)
        .bind(family.auth_time.0)
        .bind(family.created_at.0)
        .bind(family.expires_at.0)
        .bind(family.revoked_at.map(|t| t.0))
        .execute(&self.db)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn get_family(&self, id: &str) -> Result<Option<TokenFamily>, StoreError> {
        let generation = match self.live_families.get(id) {
            Ok(family) => return Ok(Some(family)),
            Err(generation) => generation,
        };
        let family = sqlx::query(select_family!("WHERE id = ?"))
            .bind(id)
            .fetch_optional(&self.db)
            .await
            .map_err(backend)?
            .as_ref()
            .map(family_from_row)
            .transpose()?;
        if let Some(family) = &family {
            self.live_families.remember(family, generation);
        }
        Ok(family)
    }

    async fn find_family_by_refresh(
        &self,
        refresh_hash: &str,
    ) -> Result<Option<TokenFamily>, StoreError> {
        sqlx::query(select_family!("WHERE refresh_hash = ?"))
            .bind(refresh_hash)
            .fetch_optional(&self.db)
            .await
            .map_err(backend)?
            .as_ref()
            .map(family_from_row)
            .transpose()
    }

    async fn revoke_family(&self, id: &str, at: Timestamp) -> Result<(), StoreError> {
        sqlx::query("UPDATE token_families SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
            .bind(at.0)
            .bind(id)
            .execute(&self.db)
            .await
            .map_err(backend)?;
        self.live_families.forget();
        Ok(())
    }

    async fn revoke_user_families(&self, user: &Sub, at: Timestamp) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE token_families SET revoked_at = ? WHERE user_sub = ? AND revoked_at IS NULL",
        )
        .bind(at.0)
        .bind(user.as_str())
        .execute(&self.db)
        .await
        .map_err(backend)?;
        self.live_families.forget();
        Ok(())
    }

    async fn insert_session(
        &self,
        id_hash: &str,
        family_id: &str,
        created_at: Timestamp,
        expires_at: Timestamp,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO sessions (id_hash, family_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
        )
        .bind(id_hash)
        .bind(family_id)
        .bind(created_at.0)
        .bind(expires_at.0)
        .execute(&self.db)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn get_session(&self, id_hash: &str) -> Result<Option<StoredSession>, StoreError> {
        let row = sqlx::query("SELECT family_id, expires_at FROM sessions WHERE id_hash = ?")
            .bind(id_hash)
            .fetch_optional(&self.db)
            .await
            .map_err(backend)?;
        row.map(|row| {
            Ok(StoredSession {
                family_id: row.try_get("family_id").map_err(backend)?,
                expires_at: Timestamp(row.try_get("expires_at").map_err(backend)?),
            })
        })
        .transpose()
    }

    async fn delete_session(&self, id_hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE id_hash = ?")
            .bind(id_hash)
            .execute(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }

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
        .execute(&self.db)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn insert_auth_session(
        &self,
        id_hash: &str,
        session: &AuthSession,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO auth_sessions (id_hash, client_id, user_sub, challenge, srp_key,
                 expires_at)
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(id_hash)
        .bind(session.client_id.as_str())
        .bind(session.user_sub.as_str())
        .bind(&session.challenge)
        .bind(session.srp_key.as_deref())
        .bind(session.expires_at.0)
        .execute(&self.db)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn take_auth_session(&self, id_hash: &str) -> Result<Option<AuthSession>, StoreError> {
        let row = sqlx::query(
            "DELETE FROM auth_sessions WHERE id_hash = ?
             RETURNING client_id, user_sub, challenge, srp_key, expires_at",
        )
        .bind(id_hash)
        .fetch_optional(&self.db)
        .await
        .map_err(backend)?;
        let Some(row) = row else {
            return Ok(None);
        };
        let client_id: String = row.try_get("client_id").map_err(backend)?;
        let sub: String = row.try_get("user_sub").map_err(backend)?;
        let corrupt = |what: &str| StoreError::Corrupt(format!("auth session {what}"));
        Ok(Some(AuthSession {
            client_id: ClientId::parse(&client_id).ok_or_else(|| corrupt("client id"))?,
            user_sub: Sub::parse(&sub).ok_or_else(|| corrupt("user sub"))?,
            challenge: row.try_get("challenge").map_err(backend)?,
            srp_key: row.try_get("srp_key").map_err(backend)?,
            expires_at: Timestamp(row.try_get("expires_at").map_err(backend)?),
        }))
    }

    async fn insert_oauth_request(
        &self,
        id_hash: &str,
        request: &OAuthRequest,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO oauth_requests (id_hash, client_id, redirect_uri, scope, state, nonce,
                 code_challenge, auth_after, expires_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(id_hash)
        .bind(request.client_id.as_str())
        .bind(&request.redirect_uri)
        .bind(&request.scope)
        .bind(&request.state)
        .bind(&request.nonce)
        .bind(&request.code_challenge)
        .bind(request.auth_after.map(|t| t.0))
        .bind(request.expires_at.0)
        .execute(&self.db)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn get_oauth_request(&self, id_hash: &str) -> Result<Option<OAuthRequest>, StoreError> {
        sqlx::query(
            "SELECT client_id, redirect_uri, scope, state, nonce, code_challenge, auth_after,
                 expires_at
             FROM oauth_requests WHERE id_hash = ?",
        )
        .bind(id_hash)
        .fetch_optional(&self.db)
        .await
        .map_err(backend)?
        .as_ref()
        .map(oauth_request_from_row)
        .transpose()
    }

    async fn take_oauth_request(&self, id_hash: &str) -> Result<Option<OAuthRequest>, StoreError> {
        sqlx::query(
            "DELETE FROM oauth_requests WHERE id_hash = ?
             RETURNING client_id, redirect_uri, scope, state, nonce, code_challenge, auth_after,
                 expires_at",
        )
        .bind(id_hash)
        .fetch_optional(&self.db)
        .await
        .map_err(backend)?
        .as_ref()
        .map(oauth_request_from_row)
        .transpose()
    }

    async fn insert_oauth_code(&self, code_hash: &str, code: &OAuthCode) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO oauth_codes (code_hash, client_id, user_sub, redirect_uri, scope, nonce,
                 code_challenge, auth_time, expires_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(code_hash)
        .bind(code.client_id.as_str())
        .bind(code.user_sub.as_str())
        .bind(&code.redirect_uri)
        .bind(&code.scope)
        .bind(&code.nonce)
        .bind(&code.code_challenge)
        .bind(code.auth_time.0)
        .bind(code.expires_at.0)
        .execute(&self.db)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn redeem_oauth_code(
        &self,
        code_hash: &str,
        now: Timestamp,
    ) -> Result<Option<Redeemed>, StoreError> {
        let first = sqlx::query(
            "UPDATE oauth_codes SET used_at = ? WHERE code_hash = ? AND used_at IS NULL
             RETURNING client_id, user_sub, redirect_uri, scope, nonce, code_challenge,
                 auth_time, expires_at",
        )
        .bind(now.0)
        .bind(code_hash)
        .fetch_optional(&self.db)
        .await
        .map_err(backend)?;
        if let Some(row) = first {
            return Ok(Some(Redeemed::First(oauth_code_from_row(&row)?)));
        }
        let used = sqlx::query("SELECT family_id FROM oauth_codes WHERE code_hash = ?")
            .bind(code_hash)
            .fetch_optional(&self.db)
            .await
            .map_err(backend)?;
        used.map(|row| {
            Ok(Redeemed::Again {
                family_id: row.try_get("family_id").map_err(backend)?,
            })
        })
        .transpose()
    }

    async fn set_code_family(&self, code_hash: &str, family_id: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE oauth_codes SET family_id = ? WHERE code_hash = ?")
            .bind(family_id)
            .bind(code_hash)
            .execute(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn insert_resource_server(&self, server: &ResourceServer) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO resource_servers (pool_id, identifier, name, scopes, created_at)
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(server.pool_id.as_str())
        .bind(&server.identifier)
        .bind(&server.name)
        .bind(to_json(&server.scopes)?)
        .bind(server.created_at.0)
        .execute(&self.db)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn list_resource_servers(
        &self,
        pool: &PoolId,
    ) -> Result<Vec<ResourceServer>, StoreError> {
        sqlx::query(
            "SELECT pool_id, identifier, name, scopes, created_at FROM resource_servers
             WHERE pool_id = ? ORDER BY identifier",
        )
        .bind(pool.as_str())
        .fetch_all(&self.db)
        .await
        .map_err(backend)?
        .iter()
        .map(resource_server_from_row)
        .collect()
    }

    async fn delete_resource_server(
        &self,
        pool: &PoolId,
        identifier: &str,
    ) -> Result<bool, StoreError> {
        let deleted =
            sqlx::query("DELETE FROM resource_servers WHERE pool_id = ? AND identifier = ?")
                .bind(pool.as_str())
                .bind(identifier)
                .execute(&self.db)
                .await
                .map_err(backend)?
                .rows_affected();
        Ok(deleted > 0)
    }

    async fn insert_group(&self, group: &Group) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO user_groups (pool_id, name, description, precedence, role_arn,
                 created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(group.pool_id.as_str())
        .bind(&group.name)
        .bind(&group.description)
        .bind(group.precedence)
        .bind(&group.role_arn)
        .bind(group.created_at.0)
        .bind(group.updated_at.0)
        .execute(&self.db)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn get_group(&self, pool: &PoolId, name: &str) -> Result<Option<Group>, StoreError> {
        sqlx::query(select_group!("WHERE pool_id = ? AND name = ?"))
            .bind(pool.as_str())
            .bind(name)
            .fetch_optional(&self.db)
            .await
            .map_err(backend)?
            .as_ref()
            .map(group_from_row)
            .transpose()
    }

    async fn delete_group(&self, pool: &PoolId, name: &str) -> Result<bool, StoreError> {
        let deleted = sqlx::query("DELETE FROM user_groups WHERE pool_id = ? AND name = ?")
            .bind(pool.as_str())
            .bind(name)
            .execute(&self.db)
            .await
            .map_err(backend)?
            .rows_affected();
        Ok(deleted > 0)
    }

    async fn list_groups(&self, pool: &PoolId) -> Result<Vec<Group>, StoreError> {
        sqlx::query(select_group!("WHERE pool_id = ? ORDER BY name"))
            .bind(pool.as_str())
            .fetch_all(&self.db)
            .await
            .map_err(backend)?
            .iter()
            .map(group_from_row)
            .collect()
    }

    async fn add_member(&self, pool: &PoolId, group: &str, user: &Sub) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO group_members (pool_id, group_name, user_sub) VALUES (?, ?, ?)
             ON CONFLICT DO NOTHING",
        )
        .bind(pool.as_str())
        .bind(group)
        .bind(user.as_str())
        .execute(&self.db)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn remove_member(
        &self,
        pool: &PoolId,
        group: &str,
        user: &Sub,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "DELETE FROM group_members WHERE pool_id = ? AND group_name = ? AND user_sub = ?",
        )
        .bind(pool.as_str())
        .bind(group)
        .bind(user.as_str())
        .execute(&self.db)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn groups_of(&self, user: &Sub) -> Result<Vec<Group>, StoreError> {
        sqlx::query(select_group!(
            "WHERE (pool_id, name) IN
                 (SELECT pool_id, group_name FROM group_members WHERE user_sub = ?)
             ORDER BY precedence IS NULL, precedence, name"
        ))
        .bind(user.as_str())
        .fetch_all(&self.db)
        .await
        .map_err(backend)?
        .iter()
        .map(group_from_row)
        .collect()
    }

    async fn list_users(
        &self,
        pool: &PoolId,
        filter: Option<&UserFilter>,
        after: &str,
        limit: u32,
    ) -> Result<Vec<User>, StoreError> {
        // ?4 is the value compared, ?5 the attribute's name (both NULL without a filter:
        // every statement names all five); the SQL around them is fixed.
        let compare = |column: &str, prefix: bool| {
            if prefix {
                format!("substr({column}, 1, length(?4)) = ?4 AND ?5 IS NULL")
            } else {
                format!("{column} = ?4 AND ?5 IS NULL")
            }
        };
        let (condition, attribute) = match filter {
            None => ("?4 IS NULL AND ?5 IS NULL".to_string(), None),
            Some(filter) => match &filter.field {
                FilterField::Username => (compare("username_key", filter.prefix), None),
                FilterField::Sub => (compare("sub", filter.prefix), None),
                FilterField::UserStatus => (compare("status", filter.prefix), None),
                FilterField::Enabled => (
                    compare(
                        "CASE WHEN enabled THEN 'Enabled' ELSE 'Disabled' END",
                        filter.prefix,
                    ),
                    None,
                ),
                FilterField::Attribute(name) => (
                    format!(
                        "EXISTS (SELECT 1 FROM json_each(users.attributes) AS a
                                 WHERE a.key = ?5 AND {})",
                        if filter.prefix {
                            "substr(a.value, 1, length(?4)) = ?4"
                        } else {
                            "a.value = ?4"
                        }
                    ),
                    Some(name.as_str()),
                ),
            },
        };
        let sql = format!(
            "{} WHERE pool_id = ?1 AND username_key > ?2 AND {condition}
             ORDER BY username_key LIMIT ?3",
            select_user!("")
        );
        sqlx::query(&sql)
            .bind(pool.as_str())
            .bind(after)
            .bind(i64::from(limit))
            .bind(filter.map(|filter| filter.value.as_str()))
            .bind(attribute)
            .fetch_all(&self.db)
            .await
            .map_err(backend)?
            .iter()
            .map(user_from_row)
            .collect()
    }

    async fn members_of(&self, pool: &PoolId, group: &str) -> Result<Vec<User>, StoreError> {
        sqlx::query(select_user!(
            "WHERE sub IN (SELECT user_sub FROM group_members WHERE pool_id = ? AND group_name = ?)
             ORDER BY username_key"
        ))
        .bind(pool.as_str())
        .bind(group)
        .fetch_all(&self.db)
        .await
        .map_err(backend)?
        .iter()
        .map(user_from_row)
        .collect()
    }

    async fn purge_expired(&self, now: Timestamp) -> Result<u64, StoreError> {
        let mut tx = self.db.begin().await.map_err(backend)?;
        let mut deleted = 0;
        for (statement, at) in [
            ("DELETE FROM sessions WHERE expires_at <= ?", now.0),
            ("DELETE FROM codes WHERE expires_at <= ?", now.0),
            ("DELETE FROM auth_sessions WHERE expires_at <= ?", now.0),
            ("DELETE FROM oauth_requests WHERE expires_at <= ?", now.0),
            // Kept a day past expiry so that a replayed code is still recognised.
            (
                "DELETE FROM oauth_codes WHERE expires_at <= ?",
                now.0 - 24 * 3600,
            ),
            (
                "DELETE FROM token_families WHERE expires_at <= ?",
                now.0 - 24 * 3600,
            ),
        ] {
            deleted += sqlx::query(statement)
                .bind(at)
                .execute(&mut *tx)
                .await
                .map_err(backend)?
                .rows_affected();
        }
        tx.commit().await.map_err(backend)?;
        self.live_families.forget();
        Ok(deleted)
    }

    async fn list_notes(
        &self,
        pool: &PoolId,
        owner: &str,
        limit: u32,
    ) -> Result<Vec<Note>, StoreError> {
        sqlx::query(
            "SELECT id, body, created_at FROM demo_notes
             WHERE pool_id = ? AND owner_sub = ? ORDER BY id DESC LIMIT ?",
        )
        .bind(pool.as_str())
        .bind(owner)
        .bind(limit)
        .fetch_all(&self.db)
        .await
        .map_err(backend)?
        .iter()
        .map(note_from_row)
        .collect()
    }

    async fn insert_note(
        &self,
        pool: &PoolId,
        owner: &str,
        body: &str,
        at: Timestamp,
    ) -> Result<Note, StoreError> {
        let row = sqlx::query(
            "INSERT INTO demo_notes (pool_id, owner_sub, body, created_at) VALUES (?, ?, ?, ?)
             RETURNING id, body, created_at",
        )
        .bind(pool.as_str())
        .bind(owner)
        .bind(body)
        .bind(at.0)
        .fetch_one(&self.db)
        .await
        .map_err(backend)?;
        note_from_row(&row)
    }
}
