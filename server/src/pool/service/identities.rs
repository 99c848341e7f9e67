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

fn not_authorized<T>(message: &str) -> Result<T, PoolError> {
    Err(PoolError::NotAuthorized(message.to_string()))
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
                return Err(PoolError::InvalidParameter(format!(
                    "Roles takes 'authenticated' and 'unauthenticated', not '{kind}'."
                )));
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
                return Err(PoolError::InvalidParameter(format!(
                    "The role mapping's key {provider} is not one of the identity pool's \
                     providers (<provider name>:<client id>)."
                )));
            }
            match mapping.kind {
                RoleMappingType::Rules if mapping.rules.is_empty() || mapping.rules.len() > 25 => {
                    return Err(PoolError::InvalidParameter(
                        "A Rules role mapping needs 1 to 25 rules.".into(),
                    ));
                }
                RoleMappingType::Token if !mapping.rules.is_empty() => {
                    return Err(PoolError::InvalidParameter(
                        "A Token role mapping takes no rules.".into(),
                    ));
                }
                _ => {}
            }
            for rule in &mapping.rules {
                let bounded = |value: &str| (1..=128).contains(&value.chars().count());
                if !bounded(&rule.claim) || !bounded(&rule.value) {
                    return Err(PoolError::InvalidParameter(
                        "A rule's Claim and Value have 1 to 128 characters.".into(),
                    ));
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
            return Err(PoolError::InvalidParameter(
                "Basic (classic) flow is not enabled for this identity pool: use \
                 GetCredentialsForIdentity."
                    .into(),
            ));
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
            return Err(PoolError::InvalidParameter(
                "The identity pool has no DeveloperProviderName.".into(),
            ));
        };
        let user = match logins.get(&developer) {
            Some(user) if logins.len() == 1 && (1..=1024).contains(&user.chars().count()) => user,
            _ => {
                return Err(PoolError::InvalidParameter(format!(
                    "Logins must hold one entry, the developer provider {developer}'s user id."
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
            return Err(PoolError::InvalidParameter(
                "That developer user has another identity.".into(),
            ));
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
            return Err(PoolError::InvalidParameter(
                "No security token service is configured (identity.sts_endpoint): this \
                 server hands out identities and tokens, not credentials."
                    .into(),
            ));
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
                Err(PoolError::NotAuthorized(
                    "The security token service refused the role for this identity; check \
                     the role's trust policy."
                        .into(),
                ))
            }
            Err(LinkError::Unreachable(reason)) => {
                tracing::warn!(%reason, "the STS is unreachable");
                Err(PoolError::ExternalService(
                    "The security token service did not answer.".into(),
                ))
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
        let not_found =
            || PoolError::ResourceNotFound(format!("Identity '{identity_id}' not found."));
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
                return not_authorized(
                    "Invalid login token. This identity is authenticated: give its Logins.",
                );
            }
            (None, Some(_)) => false,
        };
        if !same {
            return not_authorized("Logins don't match the identity's.");
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
                    return not_authorized(
                        "Unauthenticated access is not supported for this identity pool.",
                    );
                }
                return Ok(None);
            }
            return Err(PoolError::InvalidParameter(
                "Logins takes one provider's token.".into(),
            ));
        };
        if pool.settings.developer_provider_name.as_ref() == Some(provider) {
            return not_authorized(
                "A developer provider's users get tokens from GetOpenIdTokenForDeveloperIdentity.",
            );
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
            return not_authorized(
                "Invalid login token. The provider is not one of this identity pool's.",
            );
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
                return not_authorized("Invalid login token. Token expired.");
            }
            _ => return not_authorized("Invalid login token. Not a valid ID token."),
        };
        if self.login_provider_name(&user_pool) != provider {
            return not_authorized("Invalid login token. Issuer doesn't match providerName.");
        }
        let client_id = claims
            .get("aud")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if !clients.contains(&client_id) {
            return not_authorized("Invalid login token. Incorrect token audience.");
        }
        let family = match claims.get("origin_jti").and_then(Value::as_str) {
            Some(family) => self.store.get_family(family).await?,
            None => None,
        };
        if family.is_none_or(|family| family.revoked_at.is_some()) {
            return not_authorized("Invalid login token. Token has been revoked.");
        }
        let subject = claims
            .get("sub")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let sub = Sub::parse(subject).ok_or_else(|| {
            PoolError::NotAuthorized("Invalid login token. Not a valid ID token.".into())
        })?;
        match self.store.get_user(&sub).await? {
            Some(user) if user.enabled && user.pool_id == user_pool => {}
            _ => return not_authorized("Invalid login token. The user is disabled or deleted."),
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
    let configured = |kind: &str| {
        pool.settings.roles.get(kind).cloned().ok_or_else(|| {
            PoolError::InvalidIdentityPoolConfiguration(format!(
                "Invalid identity pool configuration: no {kind} role is set \
                 (SetIdentityPoolRoles)."
            ))
        })
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
                    return not_authorized(
                        "The CustomRoleArn is not one of the user's roles (cognito:roles).",
                    );
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
        (None, AmbiguousRoleResolution::Deny) => not_authorized(
            "No role matches this user and the identity pool's role mapping denies the rest.",
        ),
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
        Err(PoolError::InvalidParameter(format!(
            "{arn} is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)."
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pool::{IdentityPoolSettings, MappingRule, MatchType};

    fn login(claims: Value) -> Login {
        Login {
            provider: "example.com/local_abc".into(),
            subject: "s".into(),
            client_id: "client".into(),
            claims: claims.as_object().cloned().unwrap_or_default(),
        }
    }

    fn pool(mapping: Option<RoleMapping>) -> IdentityPool {
        let mut pool = IdentityPool {
            id: "local:00000000-0000-0000-0000-000000000000".into(),
            name: "p".into(),
            settings: Default::default(),
            created_at: Timestamp(0),
            updated_at: Timestamp(0),
        };
        pool.settings.roles = BTreeMap::from([
            ("authenticated".into(), "arn:aws:iam::role/User".into()),
            ("unauthenticated".into(), "arn:aws:iam::role/Guest".into()),
        ]);
        if let Some(mapping) = mapping {
            pool.settings
                .role_mappings
                .insert("example.com/local_abc:client".into(), mapping);
        }
        pool
    }

    fn rules(ambiguous: AmbiguousRoleResolution) -> RoleMapping {
        RoleMapping {
            kind: RoleMappingType::Rules,
            ambiguous,
            rules: vec![MappingRule {
                claim: "cognito:groups".into(),
                match_type: MatchType::Equals,
                value: "editors".into(),
                role_arn: "arn:aws:iam::role/Editor".into(),
            }],
        }
    }

    #[test]
    fn the_role_follows_guests_rules_and_tokens() {
        let plain = pool(None);
        assert_eq!(
            role_for(&plain, None, None).unwrap(),
            "arn:aws:iam::role/Guest"
        );
        let user = login(json!({ "cognito:groups": ["readers", "editors"] }));
        assert_eq!(
            role_for(&plain, Some(&user), None).unwrap(),
            "arn:aws:iam::role/User"
        );

        let mapped = pool(Some(rules(AmbiguousRoleResolution::AuthenticatedRole)));
        assert_eq!(
            role_for(&mapped, Some(&user), None).unwrap(),
            "arn:aws:iam::role/Editor",
            "a group member gets the rule's role"
        );
        let other = login(json!({ "cognito:groups": ["readers"] }));
        assert_eq!(
            role_for(&mapped, Some(&other), None).unwrap(),
            "arn:aws:iam::role/User"
        );
        let strict = pool(Some(rules(AmbiguousRoleResolution::Deny)));
        assert!(matches!(
            role_for(&strict, Some(&other), None),
            Err(PoolError::NotAuthorized(_))
        ));

        let token = pool(Some(RoleMapping {
            kind: RoleMappingType::Token,
            ambiguous: AmbiguousRoleResolution::Deny,
            rules: Vec::new(),
        }));
        let member = login(json!({
            "cognito:roles": ["arn:aws:iam::role/A", "arn:aws:iam::role/B"],
            "cognito:preferred_role": "arn:aws:iam::role/A",
        }));
        assert_eq!(
            role_for(&token, Some(&member), None).unwrap(),
            "arn:aws:iam::role/A"
        );
        assert_eq!(
            role_for(&token, Some(&member), Some("arn:aws:iam::role/B")).unwrap(),
            "arn:aws:iam::role/B"
        );
        assert!(role_for(&token, Some(&member), Some("arn:aws:iam::role/Admin")).is_err());
        assert!(role_for(&token, Some(&other), None).is_err());

        let mut unset = pool(None);
        unset.settings.roles.clear();
        assert!(matches!(
            role_for(&unset, None, None),
            Err(PoolError::InvalidIdentityPoolConfiguration(_))
        ));
    }

    #[tokio::test]
    async fn concurrent_first_requests_make_one_identity_key() {
        let kit = crate::testkit::Kit::new().await;
        let all = identity_jwks_at_once(&kit.pool).await;
        let first: Value = serde_json::from_str(&all[0]).unwrap();
        assert_eq!(first["keys"].as_array().unwrap().len(), 1, "one key");
        assert!(
            all.iter().all(|jwks| *jwks == all[0]),
            "the same key for all"
        );
    }

    /// Eight first requests for the identity issuer's keys, at once.
    async fn identity_jwks_at_once(pool: &UserPool) -> Vec<String> {
        let calls = (0..8).map(|_| pool.identity_jwks());
        let mut all = Vec::new();
        for jwks in futures::future::join_all(calls).await {
            all.push(jwks.unwrap());
        }
        all
    }

    #[test]
    fn rules_compare_strings_and_lists() {
        let rule = |match_type, value: &str| MappingRule {
            claim: "email".into(),
            match_type,
            value: value.into(),
            role_arn: String::new(),
        };
        let claims = json!({ "email": "ada@example.com" });
        let claims = claims.as_object().unwrap();
        assert!(rule(MatchType::Equals, "ada@example.com").matches(claims));
        assert!(rule(MatchType::Contains, "@example").matches(claims));
        assert!(rule(MatchType::StartsWith, "ada").matches(claims));
        assert!(rule(MatchType::NotEqual, "bob@example.com").matches(claims));
        assert!(!rule(MatchType::NotEqual, "ada@example.com").matches(claims));
        assert!(!rule(MatchType::StartsWith, "example").matches(claims));
    }

    /// A guest identity pool with both roles, on a kit whose STS is fake, and a guest's
    /// identity in it: the kit, the STS, the pool's id and the guest's.
    async fn guest_pool() -> (
        crate::testkit::Kit,
        Arc<crate::testkit::FakeSts>,
        String,
        String,
    ) {
        let (kit, sts) = crate::testkit::Kit::with_sts().await;
        let settings = IdentityPoolSettings {
            allow_unauthenticated: true,
            ..Default::default()
        };
        let created = kit
            .pool
            .create_identity_pool("local", "Guests", settings)
            .await
            .unwrap();
        let roles = BTreeMap::from([
            (
                "authenticated".into(),
                "arn:aws:iam::000000000000:role/User".into(),
            ),
            (
                "unauthenticated".into(),
                "arn:aws:iam::000000000000:role/Guest".into(),
            ),
        ]);
        kit.pool
            .set_identity_pool_roles(&created.id, roles, BTreeMap::new())
            .await
            .unwrap();
        let guest = kit
            .pool
            .get_identity_id(&created.id, &Logins::new())
            .await
            .unwrap();
        (kit, sts, created.id, guest)
    }

    /// The claims of a JWT, read without checking it (the STS checks it; the test reads
    /// what it was shown).
    fn claims_of(token: &str) -> Value {
        use base64::Engine as _;
        let payload = token.split('.').nth(1).expect("a JWT");
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .expect("base64url");
        serde_json::from_slice(&bytes).expect("JSON claims")
    }

    #[tokio::test]
    async fn a_guest_gets_the_unauthenticated_roles_credentials_from_the_sts() {
        let (kit, sts, pool_id, guest) = guest_pool().await;
        let credentials = kit
            .pool
            .credentials_for_identity(&guest, &Logins::new(), None)
            .await
            .unwrap();
        assert_eq!(
            credentials.access_key_id,
            crate::testkit::FakeSts::ACCESS_KEY_ID
        );
        let asked = sts.asked();
        assert_eq!(asked.len(), 1);
        assert_eq!(asked[0].role_arn, "arn:aws:iam::000000000000:role/Guest");
        // The STS is shown Cognate's identity token for this identity of this pool.
        let claims = claims_of(&asked[0].web_identity_token);
        assert_eq!(claims["sub"], guest.as_str());
        assert_eq!(claims["aud"], pool_id.as_str());
        assert_eq!(
            claims["iss"],
            format!("{}/identity", crate::testkit::PUBLIC_URL)
        );
        // A guest's CustomRoleArn chooses nothing (it chooses among a token's roles): the
        // STS is asked for the guest role again.
        kit.pool
            .credentials_for_identity(
                &guest,
                &Logins::new(),
                Some("arn:aws:iam::000000000000:role/Admin"),
            )
            .await
            .unwrap();
        let asked = sts.asked();
        assert_eq!(asked.len(), 2);
        assert_eq!(asked[1].role_arn, "arn:aws:iam::000000000000:role/Guest");
    }

    #[tokio::test]
    async fn an_sts_that_refuses_or_does_not_answer_is_told_apart() {
        let (kit, sts, _, guest) = guest_pool().await;
        sts.fail_with(LinkError::Refused("AccessDenied".into()));
        let refused = kit
            .pool
            .credentials_for_identity(&guest, &Logins::new(), None)
            .await;
        assert!(
            matches!(&refused, Err(PoolError::NotAuthorized(m)) if m.contains("trust policy")),
            "{refused:?}"
        );
        sts.fail_with(LinkError::Unreachable("timed out".into()));
        let silent = kit
            .pool
            .credentials_for_identity(&guest, &Logins::new(), None)
            .await;
        assert!(
            matches!(silent, Err(PoolError::ExternalService(_))),
            "{silent:?}"
        );
        // Either way nothing is handed out, and the next ask is answered again.
        let answered = kit
            .pool
            .credentials_for_identity(&guest, &Logins::new(), None)
            .await;
        assert!(answered.is_ok(), "{answered:?}");
    }
}
