//! Resource servers and their custom scopes (Cognito's CreateResourceServer, …), which app
//! clients may be allowed and granted (client_credentials).

use super::*;
use crate::pool::{ResourceScope, ResourceServer};

/// Cognito's limits: 256 characters, at most 100 scopes a server.
const MAX_CHARS: usize = 256;
const MAX_SCOPES: usize = 100;

impl UserPool {
    /// Cognito CreateResourceServer.
    pub async fn create_resource_server(
        &self,
        pool_id: &str,
        identifier: &str,
        name: &str,
        scopes: Vec<ResourceScope>,
    ) -> Result<ResourceServer, PoolError> {
        let pool = self.describe_pool(pool_id).await?;
        let invalid = |fault: ResourceServerFault| {
            Err(PoolError::InvalidParameter(Invalid::ResourceServer(fault)))
        };
        // Cognito's patterns: printable ASCII without `"` and `\`; a scope name also
        // without `/`, which separates it from the identifier.
        let printable = |value: &str, extra: &[char]| {
            !value.is_empty()
                && value.chars().count() <= MAX_CHARS
                && value
                    .chars()
                    .all(|c| c.is_ascii_graphic() && c != '"' && c != '\\' && !extra.contains(&c))
        };
        if !printable(identifier, &[]) {
            return invalid(ResourceServerFault::Identifier(identifier.to_string()));
        }
        if name.trim().is_empty() || name.chars().count() > MAX_CHARS {
            return invalid(ResourceServerFault::Name);
        }
        if scopes.len() > MAX_SCOPES {
            return invalid(ResourceServerFault::TooManyScopes);
        }
        for scope in &scopes {
            if !printable(&scope.name, &['/']) {
                return invalid(ResourceServerFault::ScopeName(scope.name.clone()));
            }
            if scope.description.is_empty() || scope.description.chars().count() > MAX_CHARS {
                return invalid(ResourceServerFault::ScopeDescription);
            }
        }
        let server = ResourceServer {
            pool_id: pool.id,
            identifier: identifier.to_string(),
            name: name.to_string(),
            scopes,
            created_at: self.clock.now(),
        };
        match self.store.insert_resource_server(&server).await {
            Ok(()) => Ok(server),
            Err(StoreError::Conflict) => {
                invalid(ResourceServerFault::Exists(identifier.to_string()))
            }
            Err(error) => Err(error.into()),
        }
    }

    /// Cognito ListResourceServers: the pool's, by identifier.
    pub async fn list_resource_servers(
        &self,
        pool_id: &str,
    ) -> Result<Vec<ResourceServer>, PoolError> {
        let pool = self.describe_pool(pool_id).await?;
        Ok(self.store.list_resource_servers(&pool.id).await?)
    }

    /// Cognito DescribeResourceServer.
    pub async fn describe_resource_server(
        &self,
        pool_id: &str,
        identifier: &str,
    ) -> Result<ResourceServer, PoolError> {
        self.list_resource_servers(pool_id)
            .await?
            .into_iter()
            .find(|server| server.identifier == identifier)
            .ok_or_else(|| {
                PoolError::ResourceNotFound(Missing::ResourceServer(identifier.to_string()))
            })
    }

    /// Cognito DeleteResourceServer: its scopes are granted to no one from now on.
    pub async fn delete_resource_server(
        &self,
        pool_id: &str,
        identifier: &str,
    ) -> Result<(), PoolError> {
        let pool = self.describe_pool(pool_id).await?;
        if self
            .store
            .delete_resource_server(&pool.id, identifier)
            .await?
        {
            Ok(())
        } else {
            Err(PoolError::ResourceNotFound(Missing::ResourceServer(
                identifier.to_string(),
            )))
        }
    }

    /// Every custom scope the pool's resource servers define (`<identifier>/<scope>`).
    pub(super) async fn custom_scopes(&self, pool: &PoolId) -> Result<Vec<String>, PoolError> {
        Ok(self
            .store
            .list_resource_servers(pool)
            .await?
            .iter()
            .flat_map(ResourceServer::full_scopes)
            .collect())
    }
}
