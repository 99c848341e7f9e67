//! Identity pools' data plane (Cognito Identity's GetId, GetOpenIdToken,
//! GetCredentialsForIdentity, GetOpenIdTokenForDeveloperIdentity) and their identities
//! (ListIdentities, DescribeIdentity, DeleteIdentities), with the roles
//! (Set/GetIdentityPoolRoles). Cognate is the identity token issuer
//! (`<public_url>/identity`); credentials come from the configured STS, which checks that
//! token and enforces the role's policy.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::*;
use crate::pool::sts::{AssumeRole, TemporaryCredentials};
use crate::pool::{AmbiguousRoleResolution, Identity, IdentityPool, RoleMapping, RoleMappingType};

/// How long an identity token is good for (Cognito's default for GetOpenIdToken).
const IDENTITY_TOKEN_SECONDS: i64 = 600;
/// How long the STS is asked to make credentials last (Cognito's: one hour).
const CREDENTIAL_SECONDS: i64 = 3600;
/// The role session's name, as Cognito's.
const SESSION_NAME: &str = "CognitoIdentityCredentials";
/// `ListIdentities`' largest page (Cognito's).
pub const MAX_IDENTITIES_PAGE: usize = 60;

/// The `Logins` map a caller gives: provider name to token (or, for a developer provider,
/// to the user's id there).
pub type Logins = BTreeMap<String, String>;

/// A verified login: the provider, the user's `sub` there, the app client, the claims.
#[derive(Clone)]
struct Login {
    provider: String,
    subject: String,
    client_id: String,
    claims: Map<String, Value>,
}

fn not_authorized<T>(fault: LoginFault) -> Result<T, PoolError> {
    Err(PoolError::NotAuthorized(Denied::Login(fault)))
}

impl UserPool {
    /// The identity token issuer: `<public_url>/identity`.
    pub fn identity_issuer(&self) -> String {
        format!("{}/identity", self.public_url())
    }

    /// The identity token issuer's JWKS document.
    pub async fn identity_jwks(&self) -> Result<String, PoolError> {
        let keys = self
            .keys
            .for_identity()
            .await
            .map_err(PoolError::internal)?;
        Ok(keys.jwks_json.clone())
    }

    /// Cognito Identity SetIdentityPoolRoles: `authenticated` / `unauthenticated` role
    /// ARNs, and role mappings per provider (`<provider name>:<client id>`).
    #[tracing::instrument(skip_all)]
    pub async fn set_identity_pool_roles(
        &self,
        id: &str,
        roles: BTreeMap<String, String>,
        mappings: BTreeMap<String, RoleMapping>,
    ) -> Result<(), PoolError> {
        let mut pool = self.describe_identity_pool(id).await?;
        for (kind, arn) in &roles {
            if kind != "authenticated" && kind != "unauthenticated" {
                return Err(invalid(IdentityPoolFault::RoleKind(kind.clone())));
            }
            check_role_arn(arn)?;
        }
        for (provider, mapping) in &mappings {
            let known = pool
                .settings
                .providers
                .iter()
                .any(|p| format!("{}:{}", p.provider_name, p.client_id) == *provider);
            if !known {
                return Err(invalid(IdentityPoolFault::MappingKey(provider.clone())));
            }
            match mapping.kind {
                RoleMappingType::Rules if mapping.rules.is_empty() || mapping.rules.len() > 25 => {
                    return Err(invalid(IdentityPoolFault::RuleCount));
                }
                RoleMappingType::Token if !mapping.rules.is_empty() => {
                    return Err(invalid(IdentityPoolFault::TokenRules));
                }
                _ => {}
            }
            for rule in &mapping.rules {
                let bounded = |value: &str| (1..=128).contains(&value.chars().count());
                if !bounded(&rule.claim) || !bounded(&rule.value) {
                    return Err(invalid(IdentityPoolFault::RuleLength));
                }
                check_role_arn(&rule.role_arn)?;
            }
        }
        pool.settings.roles = roles;
        pool.settings.role_mappings = mappings;
        pool.updated_at = self.clock.now();
        self.store.update_identity_pool(&pool).await?;
        Ok(())
    }

    /// Cognito Identity GetId: a new guest identity without `Logins` (when the pool takes
    /// guests), or the one identity of the signed-in user.
    #[tracing::instrument(skip_all)]
    pub async fn get_identity_id(
        &self,
        pool_id: &str,
        logins: &Logins,
    ) -> Result<String, PoolError> {
        let pool = self.describe_identity_pool(pool_id).await?;
        let login = self.login_of(&pool, logins).await?;
        let identity = self.identity_for(&pool, login.as_ref()).await?;
        Ok(identity.id)
    }

    /// Cognito Identity GetOpenIdToken (the classic flow): the identity token, which the
    /// caller takes to the STS itself. Only when the pool allows the classic flow.
    #[tracing::instrument(skip_all)]
    pub async fn open_id_token(
        &self,
        identity_id: &str,
        logins: &Logins,
    ) -> Result<String, PoolError> {
        let (pool, identity, login) = self.identity_with_logins(identity_id, logins).await?;
        if !pool.settings.allow_classic_flow {
            return Err(invalid(IdentityPoolFault::BasicFlowOff));
        }
        self.identity_token(&pool, &identity, login.as_ref()).await
    }

    /// Cognito Identity GetOpenIdTokenForDeveloperIdentity (signed by the administrator):
    /// the identity of the developer provider's user `user` (made on first use), and its
    /// identity token.
    #[tracing::instrument(skip_all)]
    pub async fn open_id_token_for_developer(
        &self,
        pool_id: &str,
        identity_id: Option<&str>,
        logins: &Logins,
    ) -> Result<(String, String), PoolError> {
        let pool = self.describe_identity_pool(pool_id).await?;
        let Some(developer) = pool.settings.developer_provider_name.clone() else {
            return Err(invalid(IdentityPoolFault::NoDeveloperProvider));
        };
        let user = match logins.get(&developer) {
            Some(user) if logins.len() == 1 && (1..=1024).contains(&user.chars().count()) => user,
            _ => {
                return Err(invalid(IdentityPoolFault::DeveloperLogins(
                    developer.clone(),
                )));
            }
        };
        let login = Login {
            provider: developer,
            subject: user.clone(),
            client_id: String::new(),
            claims: Map::new(),
        };
        let identity = self.identity_for(&pool, Some(&login)).await?;
        if identity_id.is_some_and(|id| id != identity.id) {
            return Err(invalid(IdentityPoolFault::DeveloperUserTaken));
        }
        let token = self.identity_token(&pool, &identity, Some(&login)).await?;
        Ok((identity.id, token))
    }

    /// Cognito Identity GetCredentialsForIdentity: the identity's role (the pool's roles
    /// and role mappings over the login's claims), and credentials for it from the STS.
    #[tracing::instrument(skip_all)]
    pub async fn credentials_for_identity(
        &self,
        identity_id: &str,
        logins: &Logins,
        custom_role_arn: Option<&str>,
    ) -> Result<TemporaryCredentials, PoolError> {
        let (pool, identity, login) = self.identity_with_logins(identity_id, logins).await?;
        let role = role_for(&pool, login.as_ref(), custom_role_arn)?;
        let Some(sts) = &self.sts else {
            return Err(invalid(IdentityPoolFault::NoSts));
        };
        let token = self
            .identity_token(&pool, &identity, login.as_ref())
            .await?;
        let request = AssumeRole {
            role_arn: &role,
            session_name: SESSION_NAME,
            web_identity_token: &token,
            duration_seconds: CREDENTIAL_SECONDS,
        };
        match sts.assume_role_with_web_identity(&request).await {
            Ok(credentials) => {
                tracing::info!(identity_pool = %pool.id, identity = %identity.id, role = %role, "credentials issued");
                Ok(credentials)
            }
            Err(LinkError::Refused(reason)) => {
                tracing::warn!(identity_pool = %pool.id, role = %role, %reason, "the STS refused the role");
                Err(PoolError::NotAuthorized(Denied::Login(
                    LoginFault::RoleRefused,
                )))
            }
            Err(LinkError::Unreachable(reason)) => {
                tracing::warn!(%reason, "the STS is unreachable");
                Err(PoolError::ExternalService)
            }
        }
    }

    /// The first identity pool (by id) that takes `client_id` of the user pool `pool`: where
    /// an app of that client gets its users' credentials.
    pub async fn identity_pool_for_client(
        &self,
        pool: &PoolId,
        client_id: &str,
    ) -> Result<Option<IdentityPool>, PoolError> {
        let provider = self.login_provider_name(pool);
        Ok(self
            .store
            .list_identity_pools()
            .await?
            .into_iter()
            .find(|identity_pool| {
                identity_pool
                    .settings
                    .providers
                    .iter()
                    .any(|p| p.provider_name == provider && p.client_id == client_id)
            }))
    }

    /// Cognito Identity DescribeIdentity.
    pub async fn describe_identity(&self, identity_id: &str) -> Result<Identity, PoolError> {
        let not_found = || PoolError::ResourceNotFound(Missing::Identity(identity_id.to_string()));
        if !IdentityPool::is_id(identity_id) {
            return Err(not_found());
        }
        self.store
            .get_identity(identity_id)
            .await?
            .ok_or_else(not_found)
    }

    /// Cognito Identity ListIdentities: one page, after the identity `after`.
    pub async fn list_identities(
        &self,
        pool_id: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<Identity>, PoolError> {
        let pool = self.describe_identity_pool(pool_id).await?;
        Ok(self
            .store
            .list_identities(&pool.id, after, limit.clamp(1, MAX_IDENTITIES_PAGE))
            .await?)
    }

    /// Cognito Identity DeleteIdentities: the ids not deleted (unknown ones).
    #[tracing::instrument(skip_all)]
    pub async fn delete_identities(&self, ids: &[String]) -> Result<Vec<String>, PoolError> {
        let mut unprocessed = Vec::new();
        for id in ids {
            if !IdentityPool::is_id(id) || !self.store.delete_identity(id).await? {
                unprocessed.push(id.clone());
            }
        }
        Ok(unprocessed)
    }

    /// The identity and the pool it belongs to, once `logins` shows the caller may use it:
    /// a signed-in user's identity needs that user's current token; a guest's, a pool that
    /// still takes guests.
    async fn identity_with_logins(
        &self,
        identity_id: &str,
        logins: &Logins,
    ) -> Result<(IdentityPool, Identity, Option<Login>), PoolError> {
        let identity = self.describe_identity(identity_id).await?;
        let pool = self.describe_identity_pool(&identity.pool_id).await?;
        let login = self.login_of(&pool, logins).await?;
        let same = match (&identity.login, &login) {
            (None, None) => true,
            (Some((provider, subject)), Some(login)) => {
                *provider == login.provider && *subject == login.subject
            }
            (Some(_), None) => {
                return not_authorized(LoginFault::LoginsRequired);
            }
            (None, Some(_)) => false,
        };
        if !same {
            return not_authorized(LoginFault::LoginsMismatch);
        }
        Ok((pool, identity, login))
    }

    /// The verified login in `logins` (at most one), or none for a guest (when the pool
    /// takes guests).
    async fn login_of(
        &self,
        pool: &IdentityPool,
        logins: &Logins,
    ) -> Result<Option<Login>, PoolError> {
        let mut entries = logins.iter();
        let (Some((provider, token)), None) = (entries.next(), entries.next()) else {
            if logins.is_empty() {
                if !pool.settings.allow_unauthenticated {
                    return not_authorized(LoginFault::NoGuests);
                }
                return Ok(None);
            }
            return Err(invalid(IdentityPoolFault::OneLogin));
        };
        if pool.settings.developer_provider_name.as_ref() == Some(provider) {
            return not_authorized(LoginFault::DeveloperOnly);
        }
        self.verified_login(pool, provider, token).await.map(Some)
    }

    /// A user pool ID token for `provider`: signed by that pool, for one of the identity
    /// pool's app clients of it, unexpired, its sign-in not revoked and its user enabled.
    async fn verified_login(
        &self,
        pool: &IdentityPool,
        provider: &str,
        token: &str,
    ) -> Result<Login, PoolError> {
        let clients: Vec<&str> = pool
            .settings
            .providers
            .iter()
            .filter(|p| p.provider_name == provider)
            .map(|p| p.client_id.as_str())
            .collect();
        if clients.is_empty() {
            return not_authorized(LoginFault::ProviderNotInPool);
        }
        let now = self.clock.now();
        let verified = self
            .verify_token(token, |keys, issuer| {
                tokens::verify_id(keys, issuer, token, now)
            })
            .await?;
        let (user_pool, claims) = match verified {
            Some((user_pool, Ok(claims))) => (user_pool, claims),
            Some((_, Err(TokenError::Expired))) => {
                return not_authorized(LoginFault::Expired);
            }
            _ => return not_authorized(LoginFault::NotAnIdToken),
        };
        if self.login_provider_name(&user_pool) != provider {
            return not_authorized(LoginFault::WrongIssuer);
        }
        let client_id = claims
            .get("aud")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if !clients.contains(&client_id) {
            return not_authorized(LoginFault::WrongAudience);
        }
        let family = match claims.get("origin_jti").and_then(Value::as_str) {
            Some(family) => self.store.get_family(family).await?,
            None => None,
        };
        if family.is_none_or(|family| family.revoked_at.is_some()) {
            return not_authorized(LoginFault::Revoked);
        }
        let subject = claims
            .get("sub")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let sub = Sub::parse(subject).ok_or(PoolError::NotAuthorized(Denied::Login(
            LoginFault::NotAnIdToken,
        )))?;
        match self.store.get_user(&sub).await? {
            Some(user) if user.enabled && user.pool_id == user_pool => {}
            _ => return not_authorized(LoginFault::UserUnusable),
        }
        Ok(Login {
            provider: provider.to_string(),
            subject: subject.to_string(),
            client_id: client_id.to_string(),
            claims,
        })
    }

    /// The identity of `login` in `pool`, made on first use; a new guest identity for none.
    async fn identity_for(
        &self,
        pool: &IdentityPool,
        login: Option<&Login>,
    ) -> Result<Identity, PoolError> {
        let key = login.map(|login| (login.provider.clone(), login.subject.clone()));
        if let Some((provider, subject)) = &key
            && let Some(found) = self
                .store
                .identity_for_login(&pool.id, provider, subject)
                .await?
        {
            return Ok(found);
        }
        let region = pool
            .id
            .split_once(':')
            .map_or("local", |(region, _)| region);
        let now = self.clock.now();
        let identity = Identity {
            id: IdentityPool::new_id(region),
            pool_id: pool.id.clone(),
            login: key.clone(),
            created_at: now,
            updated_at: now,
        };
        if self.store.insert_identity(&identity).await? {
            tracing::info!(identity_pool = %pool.id, identity = %identity.id, "identity created");
            return Ok(identity);
        }
        // Another request made this login's identity first.
        let (provider, subject) = key.ok_or(PoolError::Internal)?;
        self.store
            .identity_for_login(&pool.id, &provider, &subject)
            .await?
            .ok_or(PoolError::Internal)
    }

    /// Cognate's identity token for `identity`: `aud` the identity pool, `sub` the
    /// identity, `amr` how it signed in; ten minutes.
    async fn identity_token(
        &self,
        pool: &IdentityPool,
        identity: &Identity,
        login: Option<&Login>,
    ) -> Result<String, PoolError> {
        let keys = self
            .keys
            .for_identity()
            .await
            .map_err(PoolError::internal)?;
        let now = self.clock.now().0;
        let amr = match login {
            Some(login) => json!([
                "authenticated",
                login.provider,
                format!("{}:CognitoSignIn:{}", login.provider, login.subject),
            ]),
            None => json!(["unauthenticated"]),
        };
        let claims = json!({
            "iss": self.identity_issuer(),
            "sub": identity.id,
            "aud": pool.id,
            "amr": amr,
            "https://cognito-identity.amazonaws.com/identity-pool-id": pool.id,
            "iat": now,
            "exp": now + IDENTITY_TOKEN_SECONDS,
            "jti": uuid::Uuid::new_v4().to_string(),
        });
        keys.current.sign(&claims).map_err(PoolError::internal)
    }
}

/// The role for a guest (`unauthenticated`) or a signed-in user: the role mapping of the
/// user's provider and app client if there is one, else `authenticated`.
fn role_for(
    pool: &IdentityPool,
    login: Option<&Login>,
    custom_role_arn: Option<&str>,
) -> Result<String, PoolError> {
    let configured = |role: &'static str| {
        pool.settings
            .roles
            .get(role)
            .cloned()
            .ok_or(PoolError::InvalidIdentityPoolConfiguration { role })
    };
    let Some(login) = login else {
        return configured("unauthenticated");
    };
    let key = format!("{}:{}", login.provider, login.client_id);
    let Some(mapping) = pool.settings.role_mappings.get(&key) else {
        return configured("authenticated");
    };
    let chosen = match mapping.kind {
        RoleMappingType::Token => {
            let roles: Vec<&str> = login
                .claims
                .get("cognito:roles")
                .and_then(Value::as_array)
                .map(|roles| roles.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            match custom_role_arn {
                Some(custom) if roles.contains(&custom) => Some(custom.to_string()),
                Some(_) => {
                    return not_authorized(LoginFault::RoleNotTheUsers);
                }
                None => login
                    .claims
                    .get("cognito:preferred_role")
                    .and_then(Value::as_str)
                    .map(str::to_string),
            }
        }
        RoleMappingType::Rules => mapping
            .rules
            .iter()
            .find(|rule| rule.matches(&login.claims))
            .map(|rule| rule.role_arn.clone()),
    };
    match (chosen, mapping.ambiguous) {
        (Some(role), _) => Ok(role),
        (None, AmbiguousRoleResolution::AuthenticatedRole) => configured("authenticated"),
        (None, AmbiguousRoleResolution::Deny) => not_authorized(LoginFault::NoRole),
    }
}

/// An IAM role ARN's shape: `arn:<partition>:iam::<account>:role/<name>` (SeaweedFS's
/// leave the account out: `arn:aws:iam::role/<name>`).
fn check_role_arn(arn: &str) -> Result<(), PoolError> {
    let ok = (20..=2048).contains(&arn.len())
        && arn.starts_with("arn:")
        && arn.contains(":iam::")
        && arn.contains("role/")
        && !arn.chars().any(char::is_whitespace);
    if ok {
        Ok(())
    } else {
        Err(PoolError::InvalidParameter(Invalid::RoleArn(
            arn.to_string(),
        )))
    }
}

fn invalid(fault: IdentityPoolFault) -> PoolError {
    PoolError::InvalidParameter(Invalid::IdentityPool(fault))
}

#[cfg(test)]
#[path = "identities_tests.rs"]
mod tests;
