//! Pools and their configuration (app clients, the installation's default pair,
//! resource servers).

use super::rows::{from_json, stored_id};
use super::*;

pub(super) const RISK_CONFIGURATION: &str =
    "SELECT pool_id, client_id, settings, updated_at FROM risk_configurations
     WHERE pool_id = $1 AND client_id = $2";

fn risk_from_row(row: &DbRow) -> Stored<RiskConfiguration> {
    let pool_id: String = row.try_get("pool_id").map_err(backend)?;
    let client_id: String = row.try_get("client_id").map_err(backend)?;
    let settings: String = row.try_get("settings").map_err(backend)?;
    Ok(RiskConfiguration {
        pool_id: stored_id(PoolId::parse(&pool_id), "pool id", &pool_id)?,
        client_id: match client_id.as_str() {
            "" => None,
            id => Some(stored_id(ClientId::parse(id), "client id", id)?),
        },
        settings: from_json(&settings)?,
        updated_at: Timestamp(row.try_get("updated_at").map_err(backend)?),
    })
}

#[async_trait]
impl PoolStore for SqlStore {
    async fn ping(&self) -> Stored<()> {
        sqlx::query("SELECT 1").done(&self.db).await
    }

    async fn default_pool(&self) -> Stored<Option<(PoolConfig, AppClient)>> {
        // The installation table names the default pool and client.
        let pool = select_pool!("WHERE id = (SELECT value FROM installation WHERE key = $1)");
        let pool = keyed(pool, DEFAULT_POOL_KEY).one(&self.db, pool_from_row);
        let client = select_client!("WHERE id = (SELECT value FROM installation WHERE key = $1)");
        let client = keyed(client, DEFAULT_CLIENT_KEY).one(&self.db, client_from_row);
        Ok(pool.await?.zip(client.await?))
    }

    async fn create_default_pool(
        &self,
        pool: &PoolConfig,
        client: &AppClient,
    ) -> Stored<(PoolConfig, AppClient, bool)> {
        let mut tx = self.db.begin().await.map_err(backend)?;
        let claimed = sqlx::query(
            "INSERT INTO installation (key, value) VALUES ($1, $2), ($3, $4)
             ON CONFLICT (key) DO NOTHING",
        )
        .bind(DEFAULT_POOL_KEY)
        .bind(pool.id.as_str())
        .bind(DEFAULT_CLIENT_KEY)
        .bind(client.id.as_str())
        .changed(&mut *tx)
        .await?;
        if claimed == 0 {
            tx.rollback().await.map_err(backend)?;
            let (pool, client) = self.default_pool().await?.ok_or(StoreError::NotFound)?;
            return Ok((pool, client, false));
        }
        insert_pool_in(&mut *tx, pool).await?;
        insert_client_in(&mut *tx, client).await?;
        tx.commit().await.map_err(backend)?;
        Ok((pool.clone(), client.clone(), true))
    }

    async fn insert_pool(&self, pool: &PoolConfig) -> Stored<()> {
        insert_pool_in(&self.db, pool).await
    }

    async fn get_pool(&self, id: &PoolId) -> Stored<Option<PoolConfig>> {
        keyed(select_pool!("WHERE id = $1"), id.as_str())
            .one(&self.db, pool_from_row)
            .await
    }

    async fn update_pool(&self, pool: &PoolConfig) -> Stored<()> {
        let settings = to_json(&pool.settings)?;
        let sql = "UPDATE user_pools SET name = $1, settings = $2, updated_at = $3 WHERE id = $4";
        self.rewrite(sql, &pool.name, settings, pool.updated_at, pool.id.as_str())
            .await
    }

    async fn list_pools(&self) -> Stored<Vec<PoolConfig>> {
        sqlx::query(select_pool!("ORDER BY created_at, id"))
            .all(&self.db, pool_from_row)
            .await
    }

    async fn delete_pool(&self, id: &PoolId) -> Stored<bool> {
        // Everything in the pool goes with it (foreign keys cascade).
        self.delete_with_families("DELETE FROM user_pools WHERE id = $1", id.as_str())
            .await
    }

    async fn get_client(&self, id: &ClientId) -> Stored<Option<AppClient>> {
        keyed(select_client!("WHERE id = $1"), id.as_str())
            .one(&self.db, client_from_row)
            .await
    }

    async fn insert_client(&self, client: &AppClient) -> Stored<()> {
        insert_client_in(&self.db, client).await
    }

    async fn list_clients(&self, pool: &PoolId) -> Stored<Vec<AppClient>> {
        let oldest_first = select_client!("WHERE pool_id = $1 ORDER BY created_at, id");
        keyed(oldest_first, pool.as_str())
            .all(&self.db, client_from_row)
            .await
    }

    async fn update_client(&self, client: &AppClient) -> Stored<()> {
        let settings = to_json(&client.settings)?;
        let sql = "UPDATE app_clients SET name = $1, settings = $2, updated_at = $3 WHERE id = $4";
        self.rewrite(
            sql,
            &client.name,
            settings,
            client.updated_at,
            client.id.as_str(),
        )
        .await
    }

    async fn delete_client(&self, id: &ClientId) -> Stored<bool> {
        self.delete_with_families("DELETE FROM app_clients WHERE id = $1", id.as_str())
            .await
    }

    async fn insert_resource_server(&self, server: &ResourceServer) -> Stored<()> {
        sqlx::query(
            "INSERT INTO resource_servers (pool_id, identifier, name, scopes, created_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(server.pool_id.as_str())
        .bind(&server.identifier)
        .bind(&server.name)
        .bind(to_json(&server.scopes)?)
        .bind(server.created_at.0)
        .done(&self.db)
        .await
    }

    async fn list_resource_servers(&self, pool: &PoolId) -> Stored<Vec<ResourceServer>> {
        sqlx::query(
            "SELECT pool_id, identifier, name, scopes, created_at FROM resource_servers
             WHERE pool_id = $1 ORDER BY identifier",
        )
        .bind(pool.as_str())
        .all(&self.db, resource_server_from_row)
        .await
    }

    async fn put_risk_configuration(&self, configuration: &RiskConfiguration) -> Stored<()> {
        sqlx::query(
            "INSERT INTO risk_configurations (pool_id, client_id, settings, updated_at)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT (pool_id, client_id)
             DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at",
        )
        .bind(configuration.pool_id.as_str())
        .bind(
            configuration
                .client_id
                .as_ref()
                .map_or("", ClientId::as_str),
        )
        .bind(to_json(&configuration.settings)?)
        .bind(configuration.updated_at.0)
        .done(&self.db)
        .await
    }

    async fn risk_configuration(
        &self,
        pool: &PoolId,
        client: Option<&ClientId>,
    ) -> Stored<Option<RiskConfiguration>> {
        sqlx::query(RISK_CONFIGURATION)
            .bind(pool.as_str())
            .bind(client.map_or("", ClientId::as_str))
            .one(&self.db, risk_from_row)
            .await
    }

    async fn delete_resource_server(&self, pool: &PoolId, identifier: &str) -> Stored<bool> {
        let deleted =
            sqlx::query("DELETE FROM resource_servers WHERE pool_id = $1 AND identifier = $2")
                .bind(pool.as_str())
                .bind(identifier)
                .changed(&self.db)
                .await?;
        Ok(deleted > 0)
    }

    async fn insert_domain(&self, domain: &PoolDomain) -> Stored<()> {
        sqlx::query(
            "INSERT INTO pool_domains (domain, pool_id, kind, certificate_arn,
             managed_login_version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&domain.domain)
        .bind(domain.pool_id.as_str())
        .bind(if domain.is_custom() {
            "custom"
        } else {
            "prefix"
        })
        .bind(domain.certificate_arn.as_deref())
        .bind(domain.managed_login_version)
        .bind(domain.created_at.0)
        .bind(domain.updated_at.0)
        .done(&self.db)
        .await
    }

    async fn get_domain(&self, domain: &str) -> Stored<Option<PoolDomain>> {
        sqlx::query(
            "SELECT domain, pool_id, certificate_arn, managed_login_version, created_at,
             updated_at FROM pool_domains WHERE domain = $1",
        )
        .bind(domain)
        .one(&self.db, domain_from_row)
        .await
    }

    async fn list_domains(&self) -> Stored<Vec<PoolDomain>> {
        sqlx::query(
            "SELECT domain, pool_id, certificate_arn, managed_login_version, created_at,
             updated_at FROM pool_domains ORDER BY domain",
        )
        .all(&self.db, domain_from_row)
        .await
    }

    async fn pool_domains(&self, pool: &PoolId) -> Stored<Vec<PoolDomain>> {
        sqlx::query(
            "SELECT domain, pool_id, certificate_arn, managed_login_version, created_at,
             updated_at FROM pool_domains WHERE pool_id = $1 ORDER BY domain",
        )
        .bind(pool.as_str())
        .all(&self.db, domain_from_row)
        .await
    }

    async fn update_domain(&self, domain: &PoolDomain) -> Stored<()> {
        let changed = sqlx::query(
            "UPDATE pool_domains SET certificate_arn = $1, managed_login_version = $2,
             updated_at = $3 WHERE domain = $4 AND pool_id = $5",
        )
        .bind(domain.certificate_arn.as_deref())
        .bind(domain.managed_login_version)
        .bind(domain.updated_at.0)
        .bind(&domain.domain)
        .bind(domain.pool_id.as_str())
        .changed(&self.db)
        .await?;
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn delete_domain(&self, pool: &PoolId, domain: &str) -> Stored<bool> {
        let deleted = sqlx::query("DELETE FROM pool_domains WHERE pool_id = $1 AND domain = $2")
            .bind(pool.as_str())
            .bind(domain)
            .changed(&self.db)
            .await?;
        Ok(deleted > 0)
    }
}

impl SqlStore {
    /// Writes a pool's or client's name and settings document (`sql` names the table).
    async fn rewrite(
        &self,
        sql: &str,
        name: &str,
        settings: String,
        at: Timestamp,
        id: &str,
    ) -> Stored<()> {
        let query = sqlx::query(sql).bind(name).bind(settings);
        query.bind(at.0).bind(id).updated(&self.db).await
    }

    /// Deletes the row keyed `key` and, by cascade, its token families, which this process
    /// then no longer remembers; whether there was such a row.
    async fn delete_with_families(&self, sql: &str, key: &str) -> Stored<bool> {
        let deleted = keyed(sql, key).changed(&self.db).await?;
        self.families_changed().await;
        Ok(deleted > 0)
    }
}
