//! Identity providers (one row each, details and mappings as JSON) and the external
//! identities linked to users.

use super::DbRow;
use async_trait::async_trait;
use sqlx::Row;

use super::rows::{backend, from_json, stored_id, to_json};
use super::{Run, SqlStore};
use crate::clock::Timestamp;
use crate::pool::store::{ProviderStore, StoreError, Stored};
use crate::pool::{
    ClientId, FederationState, IdentityProvider, LinkedIdentity, PoolId, ProviderKind,
    StoredSigningKey, Sub,
};

fn provider_from_row(row: &DbRow) -> Stored<IdentityProvider> {
    let pool_id: String = row.try_get("pool_id").map_err(backend)?;
    let kind: String = row.try_get("kind").map_err(backend)?;
    let details: String = row.try_get("details").map_err(backend)?;
    let mapping: String = row.try_get("attribute_mapping").map_err(backend)?;
    let identifiers: String = row.try_get("identifiers").map_err(backend)?;
    Ok(IdentityProvider {
        pool_id: stored_id(PoolId::parse(&pool_id), "pool id", &pool_id)?,
        name: row.try_get("name").map_err(backend)?,
        kind: ProviderKind::parse(&kind)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown provider kind {kind}")))?,
        details: from_json(&details)?,
        attribute_mapping: from_json(&mapping)?,
        identifiers: from_json(&identifiers)?,
        created_at: Timestamp(row.try_get("created_at").map_err(backend)?),
        updated_at: Timestamp(row.try_get("updated_at").map_err(backend)?),
    })
}

fn identity_from_row(row: &DbRow) -> Stored<LinkedIdentity> {
    Ok(LinkedIdentity {
        provider_name: row.try_get("provider_name").map_err(backend)?,
        provider_user_id: row.try_get("provider_user_id").map_err(backend)?,
        created_at: Timestamp(row.try_get("created_at").map_err(backend)?),
    })
}

fn federation_from_row(row: &DbRow) -> Stored<FederationState> {
    let pool_id: String = row.try_get("pool_id").map_err(backend)?;
    let client_id: String = row.try_get("client_id").map_err(backend)?;
    Ok(FederationState {
        pool_id: stored_id(PoolId::parse(&pool_id), "pool id", &pool_id)?,
        client_id: stored_id(ClientId::parse(&client_id), "client id", &client_id)?,
        provider_name: row.try_get("provider_name").map_err(backend)?,
        nonce: row.try_get("nonce").map_err(backend)?,
        verifier: row.try_get("verifier").map_err(backend)?,
        request_hash: row.try_get("request_hash").map_err(backend)?,
        next: row.try_get("next").map_err(backend)?,
        expires_at: Timestamp(row.try_get("expires_at").map_err(backend)?),
    })
}

pub(super) const UNLINK_PROVIDER: &str =
    "DELETE FROM user_identities WHERE pool_id = $1 AND provider_name = $2";
pub(super) const LINKED_USER: &str = "SELECT user_sub FROM user_identities
     WHERE pool_id = $1 AND provider_name = $2 AND provider_user_id = $3";
pub(super) const UNLINK_IDENTITY: &str = "DELETE FROM user_identities
     WHERE pool_id = $1 AND provider_name = $2 AND provider_user_id = $3";
pub(super) const IDENTITIES_OF: &str = "SELECT provider_name, provider_user_id, created_at
     FROM user_identities WHERE user_sub = $1 ORDER BY created_at, provider_name";
pub(super) const SAML_KEY: &str = "SELECT kid, private_pkcs8, created_at FROM saml_keys
     WHERE pool_id = $1 AND purpose = $2";
pub(super) const ACCEPT_ASSERTION: &str = "INSERT INTO saml_assertions (id_hash, expires_at)
     VALUES ($1, $2) ON CONFLICT (id_hash) DO NOTHING";
pub(super) const PURGE_FEDERATIONS: &str = "DELETE FROM federation_states WHERE expires_at <= $1";
pub(super) const TAKE_FEDERATION: &str = "DELETE FROM federation_states WHERE state_hash = $1
     RETURNING pool_id, client_id, provider_name, nonce, verifier, request_hash, next, expires_at";

#[async_trait]
impl ProviderStore for SqlStore {
    async fn insert_provider(&self, provider: &IdentityProvider) -> Stored<()> {
        sqlx::query(
            "INSERT INTO identity_providers (pool_id, name, kind, details, attribute_mapping,
                                             identifiers, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(provider.pool_id.as_str())
        .bind(&provider.name)
        .bind(provider.kind.as_str())
        .bind(to_json(&provider.details)?)
        .bind(to_json(&provider.attribute_mapping)?)
        .bind(to_json(&provider.identifiers)?)
        .bind(provider.created_at.0)
        .bind(provider.updated_at.0)
        .done(&self.db)
        .await
    }

    async fn update_provider(&self, provider: &IdentityProvider) -> Stored<()> {
        sqlx::query(
            "UPDATE identity_providers SET details = $1, attribute_mapping = $2, identifiers = $3,
                                           updated_at = $4
             WHERE pool_id = $5 AND name = $6",
        )
        .bind(to_json(&provider.details)?)
        .bind(to_json(&provider.attribute_mapping)?)
        .bind(to_json(&provider.identifiers)?)
        .bind(provider.updated_at.0)
        .bind(provider.pool_id.as_str())
        .bind(&provider.name)
        .updated(&self.db)
        .await
    }

    async fn list_providers(&self, pool: &PoolId) -> Stored<Vec<IdentityProvider>> {
        sqlx::query(
            "SELECT pool_id, name, kind, details, attribute_mapping, identifiers, created_at,
                    updated_at
             FROM identity_providers WHERE pool_id = $1 ORDER BY name",
        )
        .bind(pool.as_str())
        .all(&self.db, provider_from_row)
        .await
    }

    async fn delete_provider(&self, pool: &PoolId, name: &str) -> Stored<bool> {
        let mut tx = self.db.begin().await.map_err(backend)?;
        sqlx::query(UNLINK_PROVIDER)
            .bind(pool.as_str())
            .bind(name)
            .changed(&mut *tx)
            .await?;
        let deleted =
            sqlx::query("DELETE FROM identity_providers WHERE pool_id = $1 AND name = $2")
                .bind(pool.as_str())
                .bind(name)
                .changed(&mut *tx)
                .await?;
        tx.commit().await.map_err(backend)?;
        Ok(deleted > 0)
    }

    async fn linked_user(
        &self,
        pool: &PoolId,
        provider_name: &str,
        provider_user_id: &str,
    ) -> Stored<Option<Sub>> {
        let sub: Option<String> = sqlx::query(LINKED_USER)
            .bind(pool.as_str())
            .bind(provider_name)
            .bind(provider_user_id)
            .one(&self.db, |row| row.try_get("user_sub").map_err(backend))
            .await?;
        sub.map(|sub| stored_id(Sub::parse(&sub), "user sub", &sub))
            .transpose()
    }

    async fn link_identity(
        &self,
        pool: &PoolId,
        user: &Sub,
        identity: &LinkedIdentity,
    ) -> Stored<()> {
        sqlx::query(
            "INSERT INTO user_identities (pool_id, provider_name, provider_user_id, user_sub,
                                          created_at)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (pool_id, provider_name, provider_user_id)
             DO UPDATE SET user_sub = excluded.user_sub, created_at = excluded.created_at",
        )
        .bind(pool.as_str())
        .bind(&identity.provider_name)
        .bind(&identity.provider_user_id)
        .bind(user.as_str())
        .bind(identity.created_at.0)
        .done(&self.db)
        .await
    }

    async fn unlink_identity(
        &self,
        pool: &PoolId,
        provider_name: &str,
        provider_user_id: &str,
    ) -> Stored<bool> {
        let deleted = sqlx::query(UNLINK_IDENTITY)
            .bind(pool.as_str())
            .bind(provider_name)
            .bind(provider_user_id)
            .changed(&self.db)
            .await?;
        Ok(deleted > 0)
    }

    async fn identities_of(&self, user: &Sub) -> Stored<Vec<LinkedIdentity>> {
        sqlx::query(IDENTITIES_OF)
            .bind(user.as_str())
            .all(&self.db, identity_from_row)
            .await
    }

    async fn insert_federation(&self, state_hash: &str, state: &FederationState) -> Stored<()> {
        let mut tx = self.db.begin().await.map_err(backend)?;
        sqlx::query(PURGE_FEDERATIONS)
            .bind(state.expires_at.0 - 2 * 3600)
            .changed(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO federation_states (state_hash, pool_id, client_id, provider_name, nonce,
                                            verifier, request_hash, next, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(state_hash)
        .bind(state.pool_id.as_str())
        .bind(state.client_id.as_str())
        .bind(&state.provider_name)
        .bind(&state.nonce)
        .bind(&state.verifier)
        .bind(&state.request_hash)
        .bind(&state.next)
        .bind(state.expires_at.0)
        .done(&mut *tx)
        .await?;
        tx.commit().await.map_err(backend)
    }

    async fn take_federation(&self, state_hash: &str) -> Stored<Option<FederationState>> {
        sqlx::query(TAKE_FEDERATION)
            .bind(state_hash)
            .one(&self.db, federation_from_row)
            .await
    }

    async fn saml_key(&self, pool: &PoolId, purpose: &str) -> Stored<Option<StoredSigningKey>> {
        sqlx::query(SAML_KEY)
            .bind(pool.as_str())
            .bind(purpose)
            .one(&self.db, |row| {
                Ok(StoredSigningKey {
                    kid: row.try_get("kid").map_err(backend)?,
                    private_pkcs8: row.try_get("private_pkcs8").map_err(backend)?,
                    created_at: Timestamp(row.try_get("created_at").map_err(backend)?),
                })
            })
            .await
    }

    async fn insert_saml_key(
        &self,
        pool: &PoolId,
        purpose: &str,
        key: &StoredSigningKey,
    ) -> Stored<()> {
        sqlx::query(
            "INSERT INTO saml_keys (pool_id, purpose, kid, private_pkcs8, created_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(pool.as_str())
        .bind(purpose)
        .bind(&key.kid)
        .bind(&key.private_pkcs8)
        .bind(key.created_at.0)
        .done(&self.db)
        .await
    }

    async fn accept_assertion(&self, id_hash: &str, expires_at: Timestamp) -> Stored<bool> {
        let inserted = sqlx::query(ACCEPT_ASSERTION)
            .bind(id_hash)
            .bind(expires_at.0)
            .changed(&self.db)
            .await?;
        Ok(inserted == 1)
    }
}
