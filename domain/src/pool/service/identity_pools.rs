//! Identity pools' control plane (Cognito Identity's CreateIdentityPool,
//! DescribeIdentityPool, UpdateIdentityPool, DeleteIdentityPool, ListIdentityPools): checked
//! here once, whichever door sets them.

use super::*;
use crate::pool::{IdentityPool, IdentityPoolSettings};

/// Cognito Identity's limit on names and provider names.
const MAX_NAME: usize = 128;

fn invalid<T>(fault: IdentityPoolFault) -> Result<T, PoolError> {
    Err(PoolError::InvalidParameter(Invalid::IdentityPool(fault)))
}

impl UserPool {
    /// The `Logins` key (and `ProviderName`) of a user pool of this Cognate: its issuer
    /// without the scheme, `<host>/<pool id>` (Cognito's are
    /// `cognito-idp.<region>.amazonaws.com/<pool id>`).
    pub fn login_provider_name(&self, pool: &PoolId) -> String {
        let issuer = self.issuer(pool);
        issuer
            .split_once("://")
            .map(|(_, rest)| rest.to_string())
            .unwrap_or(issuer)
    }

    /// Cognito Identity CreateIdentityPool.
    #[tracing::instrument(skip_all)]
    pub async fn create_identity_pool(
        &self,
        region: &str,
        name: &str,
        settings: IdentityPoolSettings,
    ) -> Result<IdentityPool, PoolError> {
        check_identity_pool_name(name)?;
        self.check_identity_pool_settings(&settings).await?;
        let now = self.clock.now();
        let pool = IdentityPool {
            id: IdentityPool::new_id(region),
            name: name.to_string(),
            settings,
            created_at: now,
            updated_at: now,
        };
        self.store.insert_identity_pool(&pool).await?;
        tracing::info!(identity_pool = %pool.id, "identity pool created");
        Ok(pool)
    }

    /// Cognito Identity DescribeIdentityPool.
    pub async fn describe_identity_pool(&self, id: &str) -> Result<IdentityPool, PoolError> {
        let not_found = || PoolError::ResourceNotFound(Missing::IdentityPool(id.to_string()));
        if !IdentityPool::is_id(id) {
            return Err(not_found());
        }
        self.store
            .get_identity_pool(id)
            .await?
            .ok_or_else(not_found)
    }

    /// Cognito Identity UpdateIdentityPool: the whole pool is given again, as Cognito's is.
    #[tracing::instrument(skip_all)]
    pub async fn update_identity_pool(
        &self,
        id: &str,
        name: &str,
        settings: IdentityPoolSettings,
    ) -> Result<IdentityPool, PoolError> {
        let mut pool = self.describe_identity_pool(id).await?;
        check_identity_pool_name(name)?;
        self.check_identity_pool_settings(&settings).await?;
        pool.name = name.to_string();
        // The roles are SetIdentityPoolRoles'; mappings of providers gone go with them.
        let mut settings = settings;
        settings.roles = std::mem::take(&mut pool.settings.roles);
        settings.role_mappings = std::mem::take(&mut pool.settings.role_mappings);
        settings.role_mappings.retain(|key, _| {
            settings
                .providers
                .iter()
                .any(|p| format!("{}:{}", p.provider_name, p.client_id) == *key)
        });
        pool.settings = settings;
        pool.updated_at = self.clock.now();
        self.store.update_identity_pool(&pool).await?;
        Ok(pool)
    }

    /// Cognito Identity DeleteIdentityPool.
    #[tracing::instrument(skip_all)]
    pub async fn delete_identity_pool(&self, id: &str) -> Result<(), PoolError> {
        let pool = self.describe_identity_pool(id).await?;
        self.store.delete_identity_pool(&pool.id).await?;
        tracing::info!(identity_pool = %pool.id, "identity pool deleted");
        Ok(())
    }

    /// Cognito Identity ListIdentityPools: every identity pool, by id.
    pub async fn list_identity_pools(&self) -> Result<Vec<IdentityPool>, PoolError> {
        Ok(self.store.list_identity_pools().await?)
    }

    /// Each `CognitoIdentityProviders` entry must name a user pool of this Cognate
    /// (`<host>/<pool id>`) and one of its app clients.
    async fn check_identity_pool_settings(
        &self,
        settings: &IdentityPoolSettings,
    ) -> Result<(), PoolError> {
        for provider in &settings.providers {
            let bounded = |value: &str| (1..=MAX_NAME).contains(&value.chars().count());
            if !bounded(&provider.provider_name) || !bounded(&provider.client_id) {
                return invalid(IdentityPoolFault::ProviderIncomplete);
            }
            let pool_id = provider
                .provider_name
                .rsplit('/')
                .next()
                .and_then(PoolId::parse)
                .filter(|pool| self.login_provider_name(pool) == provider.provider_name);
            let Some(pool_id) = pool_id else {
                let host = self
                    .public_url()
                    .split_once("://")
                    .map_or(self.public_url(), |(_, host)| host);
                return invalid(IdentityPoolFault::ForeignPool {
                    provider: provider.provider_name.clone(),
                    host: host.to_string(),
                });
            };
            let client = match self.client(&provider.client_id).await {
                Ok((_, client)) => Some(client),
                Err(PoolError::ResourceNotFound(_)) => None,
                Err(error) => return Err(error),
            };
            if client.is_none_or(|client| client.pool_id != pool_id) {
                return invalid(IdentityPoolFault::ForeignClient {
                    client: provider.client_id.clone(),
                    provider: provider.provider_name.clone(),
                });
            }
        }
        if let Some(name) = &settings.developer_provider_name
            && !(1..=MAX_NAME).contains(&name.chars().count())
        {
            return invalid(IdentityPoolFault::DeveloperProviderName);
        }
        Ok(())
    }
}

/// Cognito Identity's rule for a name: 1 to 128 of `[\w\s+=,.@-]`.
fn check_identity_pool_name(name: &str) -> Result<(), PoolError> {
    let ok = (1..=MAX_NAME).contains(&name.chars().count())
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c.is_whitespace() || "+=,.@-".contains(c));
    if ok {
        Ok(())
    } else {
        invalid(IdentityPoolFault::Name(name.to_string()))
    }
}
