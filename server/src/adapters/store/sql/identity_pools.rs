//! Identity pools (one row each, their settings as JSON), their identities, and the
//! identity token issuer's signing keys.

use super::DbRow;
use async_trait::async_trait;
use sqlx::Row;

use super::rows::{backend, from_json, to_json};
use super::{Run, SqlStore};
use crate::clock::Timestamp;
use crate::pool::store::{IdentityPoolStore, StoreError, Stored};
use crate::pool::{Identity, IdentityPool};

fn identity_pool_from_row(row: &DbRow) -> Stored<IdentityPool> {
    let settings: String = row.try_get("settings").map_err(backend)?;
    Ok(IdentityPool {
        id: row.try_get("id").map_err(backend)?,
        name: row.try_get("name").map_err(backend)?,
        settings: from_json(&settings)?,
        created_at: Timestamp(row.try_get("created_at").map_err(backend)?),
        updated_at: Timestamp(row.try_get("updated_at").map_err(backend)?),
    })
}

const COLUMNS: &str = "id, name, settings, created_at, updated_at";

fn identity_from_row(row: &DbRow) -> Stored<Identity> {
    let provider: Option<String> = row.try_get("provider").map_err(backend)?;
    let subject: Option<String> = row.try_get("subject").map_err(backend)?;
    Ok(Identity {
        id: row.try_get("id").map_err(backend)?,
        pool_id: row.try_get("pool_id").map_err(backend)?,
        login: provider.zip(subject),
        created_at: Timestamp(row.try_get("created_at").map_err(backend)?),
        updated_at: Timestamp(row.try_get("updated_at").map_err(backend)?),
    })
}

macro_rules! select_identity {
    ($rest:literal) => {
        concat!(
            "SELECT id, pool_id, provider, subject, created_at, updated_at FROM identities ",
            $rest
        )
    };
}

pub(super) const GET_IDENTITY: &str = select_identity!("WHERE id = $1");
pub(super) const IDENTITY_FOR_LOGIN: &str =
    select_identity!("WHERE pool_id = $1 AND provider = $2 AND subject = $3");
pub(super) const LIST_IDENTITIES: &str =
    select_identity!("WHERE pool_id = $1 AND id > $2 ORDER BY id LIMIT $3");
pub(super) const DELETE_IDENTITY: &str = "DELETE FROM identities WHERE id = $1";

#[async_trait]
impl IdentityPoolStore for SqlStore {
    async fn insert_identity_pool(&self, pool: &IdentityPool) -> Stored<()> {
        sqlx::query(
            "INSERT INTO identity_pools (id, name, settings, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&pool.id)
        .bind(&pool.name)
        .bind(to_json(&pool.settings)?)
        .bind(pool.created_at.0)
        .bind(pool.updated_at.0)
        .done(&self.db)
        .await
    }

    async fn get_identity_pool(&self, id: &str) -> Stored<Option<IdentityPool>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM identity_pools WHERE id = $1"
        ))
        .bind(id)
        .one(&self.db, identity_pool_from_row)
        .await
    }

    async fn update_identity_pool(&self, pool: &IdentityPool) -> Stored<()> {
        sqlx::query(
            "UPDATE identity_pools SET name = $1, settings = $2, updated_at = $3 WHERE id = $4",
        )
        .bind(&pool.name)
        .bind(to_json(&pool.settings)?)
        .bind(pool.updated_at.0)
        .bind(&pool.id)
        .updated(&self.db)
        .await
    }

    async fn delete_identity_pool(&self, id: &str) -> Stored<bool> {
        let deleted = sqlx::query("DELETE FROM identity_pools WHERE id = $1")
            .bind(id)
            .changed(&self.db)
            .await?;
        Ok(deleted > 0)
    }

    async fn list_identity_pools(&self) -> Stored<Vec<IdentityPool>> {
        sqlx::query(&format!("SELECT {COLUMNS} FROM identity_pools ORDER BY id"))
            .all(&self.db, identity_pool_from_row)
            .await
    }

    async fn insert_identity(&self, identity: &Identity) -> Stored<bool> {
        let (provider, subject) = identity.login.clone().unzip();
        let inserted = sqlx::query(
            "INSERT INTO identities (id, pool_id, provider, subject, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&identity.id)
        .bind(&identity.pool_id)
        .bind(provider)
        .bind(subject)
        .bind(identity.created_at.0)
        .bind(identity.updated_at.0)
        .done(&self.db)
        .await;
        match inserted {
            Ok(()) => Ok(true),
            Err(StoreError::Conflict) => Ok(false),
            Err(error) => Err(error),
        }
    }

    async fn get_identity(&self, id: &str) -> Stored<Option<Identity>> {
        sqlx::query(GET_IDENTITY)
            .bind(id)
            .one(&self.db, identity_from_row)
            .await
    }

    async fn identity_for_login(
        &self,
        pool_id: &str,
        provider: &str,
        subject: &str,
    ) -> Stored<Option<Identity>> {
        sqlx::query(IDENTITY_FOR_LOGIN)
            .bind(pool_id)
            .bind(provider)
            .bind(subject)
            .one(&self.db, identity_from_row)
            .await
    }

    async fn list_identities(
        &self,
        pool_id: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Stored<Vec<Identity>> {
        sqlx::query(LIST_IDENTITIES)
            .bind(pool_id)
            .bind(after.unwrap_or(""))
            .bind(i64::try_from(limit).unwrap_or(i64::MAX))
            .all(&self.db, identity_from_row)
            .await
    }

    async fn delete_identity(&self, id: &str) -> Stored<bool> {
        let deleted = sqlx::query(DELETE_IDENTITY)
            .bind(id)
            .changed(&self.db)
            .await?;
        Ok(deleted > 0)
    }
}
