//! The control plane: pools and their app clients, as Cognito's admin API manages them.

use super::*;
use crate::pool::{ClientSecret, ClientSettings, MfaSettings, PoolSettings, SchemaEntry};

/// Cognito's bounds on a token validity, in seconds: 5 minutes to 1 day.
const TOKEN_VALIDITY: std::ops::RangeInclusive<i64> = 300..=86_400;
/// A refresh token lives 1 hour to 10 years.
const REFRESH_VALIDITY: std::ops::RangeInclusive<i64> = 3600..=315_360_000;

impl UserPool {
    /// Cognito CreateUserPool: a new pool with its own id, issuer and signing key.
    pub async fn create_pool(
        &self,
        region: &str,
        name: &str,
        settings: PoolSettings,
    ) -> Result<PoolConfig, PoolError> {
        check_name("poolName", name)?;
        settings.check()?;
        let now = self.clock.now();
        let pool = PoolConfig {
            id: PoolId::generate(region),
            name: name.to_string(),
            settings,
            created_at: now,
            updated_at: now,
        };
        self.store.insert_pool(&pool).await?;
        self.pool_keys(&pool.id).await?;
        tracing::info!(pool_id = %pool.id, "user pool created");
        Ok(pool)
    }

    /// Cognito's `EstimatedNumberOfUsers` of a pool.
    pub async fn user_count(&self, pool: &PoolConfig) -> Result<i64, PoolError> {
        Ok(self.store.count_users(&pool.id).await?)
    }

    /// Cognito DescribeUserPool.
    pub async fn describe_pool(&self, pool_id: &str) -> Result<PoolConfig, PoolError> {
        let not_found = || PoolError::ResourceNotFound(Missing::Pool(pool_id.to_string()));
        let id = PoolId::parse(pool_id).ok_or_else(not_found)?;
        self.store.get_pool(&id).await?.ok_or_else(not_found)
    }

    /// Cognito UpdateUserPool: replaces the pool's settings (Cognito resets what the
    /// request leaves out to its default, and so does this) — except how users sign in
    /// (UsernameAttributes, AliasAttributes) and the schema, which Cognito fixes when the
    /// pool is created.
    pub async fn update_pool(
        &self,
        pool_id: &str,
        mut settings: PoolSettings,
    ) -> Result<PoolConfig, PoolError> {
        let mut pool = self.describe_pool(pool_id).await?;
        settings.username_attributes = pool.settings.username_attributes.clone();
        settings.alias_attributes = pool.settings.alias_attributes.clone();
        // The schema is fixed at creation too (AddCustomAttributes adds to it).
        settings.required_attributes = pool.settings.required_attributes.clone();
        settings.schema = pool.settings.schema.clone();
        settings.declared_schema = pool.settings.declared_schema;
        // UpdateUserPool names the MFA mode only; the factors are SetUserPoolMfaConfig's.
        let mode = settings.mfa.mode;
        settings.mfa = MfaSettings {
            mode,
            ..pool.settings.mfa.clone()
        };
        settings.check()?;
        pool.settings = settings;
        pool.updated_at = self.clock.now();
        self.store.update_pool(&pool).await?;
        tracing::info!(pool_id = %pool.id, "user pool updated");
        Ok(pool)
    }

    /// Cognito AddCustomAttributes.
    pub async fn add_custom_attributes(
        &self,
        pool_id: &str,
        entries: &[SchemaEntry],
    ) -> Result<(), PoolError> {
        let mut pool = self.describe_pool(pool_id).await?;
        pool.settings.add_custom_attributes(entries)?;
        pool.updated_at = self.clock.now();
        self.store.update_pool(&pool).await?;
        tracing::info!(pool_id = %pool.id, added = entries.len(), "custom attributes added");
        Ok(())
    }

    /// Cognito SetUserPoolMfaConfig: the pool's MFA mode and factors, replaced whole.
    pub async fn set_mfa_config(
        &self,
        pool_id: &str,
        mfa: MfaSettings,
    ) -> Result<MfaSettings, PoolError> {
        let set = self.set_mfa_and_passkeys(pool_id, mfa, None).await?;
        Ok(set.mfa)
    }

    /// Cognito SetUserPoolMfaConfig with its `WebAuthnConfiguration` (kept as it was where
    /// `web_authn` is `None`): the pool's settings as set.
    pub async fn set_mfa_and_passkeys(
        &self,
        pool_id: &str,
        mfa: MfaSettings,
        web_authn: Option<crate::pool::WebAuthnSettings>,
    ) -> Result<PoolSettings, PoolError> {
        let mut pool = self.describe_pool(pool_id).await?;
        mfa.check()?;
        if let Some(id) = web_authn
            .as_ref()
            .and_then(|w| w.relying_party_id.as_deref())
        {
            crate::pool::check_relying_party_id(id)?;
        }
        pool.settings.mfa = mfa;
        if let Some(web_authn) = web_authn {
            pool.settings.web_authn = web_authn;
        }
        pool.updated_at = self.clock.now();
        self.store.update_pool(&pool).await?;
        tracing::info!(pool_id = %pool.id, mode = pool.settings.mfa.mode.as_str(), "MFA configuration set");
        Ok(pool.settings)
    }

    /// The relying party ID the pool's passkeys are made for (its own, or the host of
    /// the server's public URL).
    pub fn relying_party_id(&self, pool: &PoolConfig) -> Result<String, PoolError> {
        Ok(self.relying_party(pool)?.id().to_string())
    }

    /// Cognito ListUserPools: every pool, oldest first.
    pub async fn list_pools(&self) -> Result<Vec<PoolConfig>, PoolError> {
        Ok(self.store.list_pools().await?)
    }

    /// Cognito CreateUserPoolClient, with a generated secret when asked.
    pub async fn create_client(
        &self,
        pool_id: &str,
        name: &str,
        generate_secret: bool,
        settings: ClientSettings,
    ) -> Result<AppClient, PoolError> {
        check_name("clientName", name)?;
        let pool = self.describe_pool(pool_id).await?;
        check_validities(&settings)?;
        pool.settings.check_client_attributes(&settings)?;
        settings.check_oauth(
            &self.custom_scopes(&pool.id).await?,
            &self.provider_names(&pool.id).await?,
        )?;
        let now = self.clock.now();
        let client = AppClient {
            id: ClientId::generate(),
            pool_id: pool.id,
            name: name.to_string(),
            secret: generate_secret.then(ClientSecret::generate),
            settings,
            created_at: now,
            updated_at: now,
        };
        self.store.insert_client(&client).await?;
        tracing::info!(client_id = %client.id, pool_id = %client.pool_id, "app client created");
        Ok(client)
    }

    /// Cognito UpdateUserPoolClient: replaces the client's settings (and name, if given).
    pub async fn update_client(
        &self,
        pool_id: &str,
        client_id: &str,
        name: Option<&str>,
        settings: ClientSettings,
    ) -> Result<AppClient, PoolError> {
        let mut client = self.describe_client(pool_id, client_id).await?;
        if let Some(name) = name {
            check_name("clientName", name)?;
            client.name = name.to_string();
        }
        check_validities(&settings)?;
        let pool = self.describe_pool(pool_id).await?;
        pool.settings.check_client_attributes(&settings)?;
        settings.check_oauth(
            &self.custom_scopes(&client.pool_id).await?,
            &self.provider_names(&client.pool_id).await?,
        )?;
        client.settings = settings;
        client.updated_at = self.clock.now();
        self.store.update_client(&client).await?;
        tracing::info!(client_id = %client.id, "app client updated");
        Ok(client)
    }

    /// Cognito DescribeUserPoolClient: the client, if it belongs to `pool_id`.
    pub async fn describe_client(
        &self,
        pool_id: &str,
        client_id: &str,
    ) -> Result<AppClient, PoolError> {
        let (pool, client) = self.client(client_id).await?;
        if pool.id.as_str() != pool_id {
            return Err(PoolError::ResourceNotFound(Missing::Client(
                client_id.to_string(),
            )));
        }
        Ok(client)
    }

    /// Cognito DeleteUserPool: the pool and everything in it. The installation's default
    /// pool, which the hosted pages fall back to, cannot be deleted.
    pub async fn delete_pool(&self, pool_id: &str, default: &PoolId) -> Result<(), PoolError> {
        let pool = self.describe_pool(pool_id).await?;
        keep_default(&pool.id == default, "user pool")?;
        if pool.settings.deletion_protection {
            return Err(PoolError::InvalidParameter(Invalid::Pool(
                PoolFault::DeletionProtected,
            )));
        }
        self.store.delete_pool(&pool.id).await?;
        // Its domains went with it.
        self.forget_hosts().await;
        tracing::info!(pool_id = %pool.id, "user pool deleted");
        Ok(())
    }

    /// Cognito DeleteUserPoolClient; the installation's default client stays.
    pub async fn delete_client(
        &self,
        pool_id: &str,
        client_id: &str,
        default: &ClientId,
    ) -> Result<(), PoolError> {
        let client = self.describe_client(pool_id, client_id).await?;
        keep_default(&client.id == default, "app client")?;
        self.store.delete_client(&client.id).await?;
        tracing::info!(client_id = %client.id, "app client deleted");
        Ok(())
    }

    /// Cognito ListUserPoolClients.
    pub async fn list_clients(&self, pool_id: &str) -> Result<Vec<AppClient>, PoolError> {
        let pool = self.describe_pool(pool_id).await?;
        Ok(self.store.list_clients(&pool.id).await?)
    }
}

/// Token validities within Cognito's bounds.
/// The installation's default pool and client stay: the hosted pages need them.
fn keep_default(is_default: bool, what: &'static str) -> Result<(), PoolError> {
    if is_default {
        return Err(PoolError::InvalidParameter(Invalid::Pool(
            PoolFault::Default(what),
        )));
    }
    Ok(())
}

fn check_validities(settings: &ClientSettings) -> Result<(), PoolError> {
    for (member, value, range) in [
        (
            "IdTokenValidity",
            settings.id_token_validity,
            &TOKEN_VALIDITY,
        ),
        (
            "AccessTokenValidity",
            settings.access_token_validity,
            &TOKEN_VALIDITY,
        ),
        (
            "RefreshTokenValidity",
            settings.refresh_token_validity,
            &REFRESH_VALIDITY,
        ),
    ] {
        if !range.contains(&value) {
            return Err(PoolError::InvalidParameter(Invalid::Client(
                ClientFault::Validity {
                    member,
                    least: *range.start(),
                    most: *range.end(),
                },
            )));
        }
    }
    Ok(())
}

/// Cognito's names: 1 to 128 word characters, spaces and `+=,.@-`.
fn check_name(member: &str, name: &str) -> Result<(), PoolError> {
    let valid = !name.is_empty()
        && name.chars().count() <= 128
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == ' ' || "+=,.@-".contains(c));
    if valid {
        Ok(())
    } else {
        Err(PoolError::constraint(
            member,
            Some(name),
            Rule::Pattern("[\\w\\s+=,.@-]+"),
        ))
    }
}
