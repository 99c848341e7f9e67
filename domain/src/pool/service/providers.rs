//! A pool's identity providers (Cognito's CreateIdentityProvider, DescribeIdentityProvider,
//! UpdateIdentityProvider, DeleteIdentityProvider, ListIdentityProviders,
//! GetIdentityProviderByIdentifier): checked here once, whichever door sets them; and an
//! administrator's links between a provider's users and the pool's
//! (AdminLinkProviderForUser, AdminDisableProviderForUser).

use std::collections::BTreeMap;

use super::federated_users::identities_claim;
use super::*;
use crate::pool::{IdentityProvider, LinkedIdentity, ProviderKind};

/// The `ProviderDetails` keys Cognate reads; any other is refused, so a typo shows.
const KNOWN_DETAILS: &[&str] = &[
    "client_id",
    "client_secret",
    "authorize_scopes",
    "oidc_issuer",
    "attributes_request_method",
    "authorize_url",
    "token_url",
    "attributes_url",
    "attributes_url_add_attributes",
    "jwks_uri",
    "api_version",
    "team_id",
    "key_id",
    "private_key",
];

/// Details that are URLs Cognate calls or sends browsers to.
const URL_DETAILS: &[&str] = &[
    "oidc_issuer",
    "authorize_url",
    "token_url",
    "attributes_url",
    "jwks_uri",
];

/// Cognito's limits: a name has 1 to 32 characters; a provider has at most 50 identifiers
/// of 1 to 40 characters.
const MAX_NAME: usize = 32;
const MAX_IDENTIFIERS: usize = 50;
const MAX_IDENTIFIER: usize = 40;

/// What CreateIdentityProvider is given.
#[derive(Clone, Debug, Default)]
pub struct NewProvider {
    pub name: String,
    /// Cognito's `ProviderType`.
    pub kind: String,
    pub details: BTreeMap<String, String>,
    pub attribute_mapping: BTreeMap<String, String>,
    pub identifiers: Vec<String>,
}

/// What UpdateIdentityProvider changes: each part given replaces the stored one.
#[derive(Clone, Debug, Default)]
pub struct ProviderChanges {
    pub details: Option<BTreeMap<String, String>>,
    pub attribute_mapping: Option<BTreeMap<String, String>>,
    pub identifiers: Option<Vec<String>>,
}

fn invalid<T>(fault: ProviderFault) -> Result<T, PoolError> {
    Err(PoolError::InvalidParameter(Invalid::Provider(fault)))
}

fn not_found(name: &str) -> PoolError {
    PoolError::ResourceNotFound(Missing::Provider(name.to_string()))
}

impl UserPool {
    /// Cognito CreateIdentityProvider.
    #[tracing::instrument(skip_all)]
    pub async fn create_identity_provider(
        &self,
        pool_id: &str,
        new: NewProvider,
    ) -> Result<IdentityProvider, PoolError> {
        let pool = self.describe_pool(pool_id).await?;
        let kind = provider_kind(&new.kind)?;
        check_name(&new.name)?;
        let existing = self.store.list_providers(&pool.id).await?;
        check_identifiers(&new.identifiers, &existing, &new.name)?;
        let details = if kind == ProviderKind::Saml {
            self.checked_saml_details(&pool.id, new.details).await?
        } else {
            checked_details(kind, new.details)?
        };
        let now = self.clock.now();
        let provider = IdentityProvider {
            pool_id: pool.id,
            name: new.name,
            kind,
            details,
            attribute_mapping: checked_mapping(&pool.settings, new.attribute_mapping)?,
            identifiers: new.identifiers,
            created_at: now,
            updated_at: now,
        };
        match self.store.insert_provider(&provider).await {
            Ok(()) => {
                tracing::info!(provider = %provider.name, kind = kind.as_str(), "identity provider created");
                Ok(provider)
            }
            Err(StoreError::Conflict) => Err(PoolError::ProviderExists {
                provider: provider.name.clone(),
            }),
            Err(error) => Err(error.into()),
        }
    }

    /// Cognito ListIdentityProviders: the pool's, by name.
    pub async fn list_identity_providers(
        &self,
        pool_id: &str,
    ) -> Result<Vec<IdentityProvider>, PoolError> {
        let pool = self.describe_pool(pool_id).await?;
        Ok(self.store.list_providers(&pool.id).await?)
    }

    /// Cognito DescribeIdentityProvider.
    pub async fn describe_identity_provider(
        &self,
        pool_id: &str,
        name: &str,
    ) -> Result<IdentityProvider, PoolError> {
        self.list_identity_providers(pool_id)
            .await?
            .into_iter()
            .find(|provider| provider.name == name)
            .ok_or_else(|| not_found(name))
    }

    /// Cognito GetIdentityProviderByIdentifier: the provider that lists `identifier` in
    /// its `IdpIdentifiers`.
    pub async fn identity_provider_by_identifier(
        &self,
        pool_id: &str,
        identifier: &str,
    ) -> Result<IdentityProvider, PoolError> {
        self.list_identity_providers(pool_id)
            .await?
            .into_iter()
            .find(|provider| provider.identifiers.iter().any(|id| id == identifier))
            .ok_or_else(|| {
                PoolError::ResourceNotFound(Missing::ProviderIdentifier(identifier.to_string()))
            })
    }

    /// Cognito UpdateIdentityProvider.
    #[tracing::instrument(skip_all)]
    pub async fn update_identity_provider(
        &self,
        pool_id: &str,
        name: &str,
        changes: ProviderChanges,
    ) -> Result<IdentityProvider, PoolError> {
        let providers = self.list_identity_providers(pool_id).await?;
        let mut provider = providers
            .iter()
            .find(|provider| provider.name == name)
            .cloned()
            .ok_or_else(|| not_found(name))?;
        if let Some(details) = changes.details {
            // As Cognito: details left out keep their values (a secret need not be resent).
            let mut merged = provider.details.clone();
            if provider.kind == ProviderKind::Saml {
                // A new metadata source replaces the other, and what was derived from the
                // old metadata is derived again.
                for source in ["MetadataURL", "MetadataFile"] {
                    if details.contains_key(source) {
                        merged.remove("MetadataURL");
                        merged.remove("MetadataFile");
                    }
                }
                merged.retain(|key, _| super::saml::SAML_DETAILS.contains(&key.as_str()));
                merged.extend(details);
                provider.details = self.checked_saml_details(&provider.pool_id, merged).await?;
            } else {
                merged.extend(details);
                provider.details = checked_details(provider.kind, merged)?;
            }
        }
        if let Some(mapping) = changes.attribute_mapping {
            let pool = self.describe_pool(pool_id).await?;
            provider.attribute_mapping = checked_mapping(&pool.settings, mapping)?;
        }
        if let Some(identifiers) = changes.identifiers {
            check_identifiers(&identifiers, &providers, name)?;
            provider.identifiers = identifiers;
        }
        provider.updated_at = self.clock.now();
        self.store.update_provider(&provider).await?;
        Ok(provider)
    }

    /// The names of the pool's providers (what clients' SupportedIdentityProviders may list).
    pub(super) async fn provider_names(&self, pool: &PoolId) -> Result<Vec<String>, PoolError> {
        Ok(self
            .store
            .list_providers(pool)
            .await?
            .into_iter()
            .map(|provider| provider.name)
            .collect())
    }

    /// Cognito DeleteIdentityProvider: its users stay, but no longer sign in through it.
    #[tracing::instrument(skip_all)]
    pub async fn delete_identity_provider(
        &self,
        pool_id: &str,
        name: &str,
    ) -> Result<(), PoolError> {
        let pool = self.describe_pool(pool_id).await?;
        if self.store.delete_provider(&pool.id, name).await? {
            tracing::info!(provider = %name, "identity provider deleted");
            Ok(())
        } else {
            Err(not_found(name))
        }
    }

    /// Cognito AdminLinkProviderForUser: the provider's user (`provider_user_id`, its
    /// subject) signs in from now on as the pool's existing user `username`.
    #[tracing::instrument(skip_all)]
    pub async fn admin_link_provider_for_user(
        &self,
        pool_id: &str,
        username: &str,
        provider_name: &str,
        provider_user_id: &str,
    ) -> Result<(), PoolError> {
        let mut user = self.admin_user(pool_id, username).await?;
        let provider = self
            .describe_identity_provider(pool_id, provider_name)
            .await?;
        if provider_user_id.is_empty() || provider_user_id.chars().count() > 128 {
            return invalid(ProviderFault::SourceUser);
        }
        if let Some(linked) = self
            .store
            .linked_user(&user.pool_id, provider_name, provider_user_id)
            .await?
        {
            let answer = if linked == user.sub {
                Ok(())
            } else {
                Err(PoolError::AliasExists(AliasTaken::ProviderUserLinked))
            };
            return answer;
        }
        let now = self.clock.now();
        let identity = LinkedIdentity {
            provider_name: provider.name.clone(),
            provider_user_id: provider_user_id.to_string(),
            created_at: now,
        };
        self.store
            .link_identity(&user.pool_id, &user.sub, &identity)
            .await?;
        let identities = self.store.identities_of(&user.sub).await?;
        user.attributes.insert(
            "identities".into(),
            identities_claim(&provider, &identities),
        );
        user.updated_at = now;
        self.store.update_user(&user).await?;
        tracing::info!(sub = %user.sub, provider = %provider.name, "provider user linked");
        Ok(())
    }

    /// Cognito AdminDisableProviderForUser: the provider's user no longer signs in as the
    /// user it was linked to; a user the provider's first sign-in made is disabled.
    #[tracing::instrument(skip_all)]
    pub async fn admin_disable_provider_for_user(
        &self,
        pool_id: &str,
        provider_name: &str,
        provider_user_id: &str,
    ) -> Result<(), PoolError> {
        let pool = self.describe_pool(pool_id).await?;
        let Some(sub) = self
            .store
            .linked_user(&pool.id, provider_name, provider_user_id)
            .await?
        else {
            return Err(PoolError::ResourceNotFound(Missing::LinkedUser));
        };
        self.store
            .unlink_identity(&pool.id, provider_name, provider_user_id)
            .await?;
        if let Some(mut user) = self.store.get_user(&sub).await? {
            let remaining = self.store.identities_of(&user.sub).await?;
            if user.status == UserStatus::ExternalProvider && remaining.is_empty() {
                user.enabled = false;
            }
            let provider = self
                .describe_identity_provider(pool_id, provider_name)
                .await;
            match (&provider, remaining.is_empty()) {
                (_, true) => {
                    user.attributes.remove("identities");
                }
                (Ok(provider), false) => {
                    user.attributes
                        .insert("identities".into(), identities_claim(provider, &remaining));
                }
                (Err(_), false) => {}
            }
            user.updated_at = self.clock.now();
            self.store.update_user(&user).await?;
        }
        tracing::info!(provider = %provider_name, "provider user cut off");
        Ok(())
    }
}

fn provider_kind(name: &str) -> Result<ProviderKind, PoolError> {
    match ProviderKind::parse(name) {
        Some(kind) => Ok(kind),
        None => invalid(ProviderFault::Kind(name.to_string())),
    }
}

/// Cognito's rule for a `ProviderName`: 1 to 32 characters, not starting with `_` or a
/// space, and not `COGNITO`, which names the pool's own users.
fn check_name(name: &str) -> Result<(), PoolError> {
    let length = name.chars().count();
    let first_ok = name
        .chars()
        .next()
        .is_some_and(|c| c != '_' && !c.is_whitespace());
    if length == 0 || length > MAX_NAME || !first_ok || name.chars().any(char::is_control) {
        return invalid(ProviderFault::Name(name.to_string()));
    }
    if name.eq_ignore_ascii_case("COGNITO") {
        return invalid(ProviderFault::Cognito);
    }
    Ok(())
}

/// Identifiers: at most 50 of 1 to 40 word characters, none another provider's.
fn check_identifiers(
    identifiers: &[String],
    providers: &[IdentityProvider],
    own_name: &str,
) -> Result<(), PoolError> {
    if identifiers.len() > MAX_IDENTIFIERS {
        return invalid(ProviderFault::TooManyIdentifiers);
    }
    for identifier in identifiers {
        let ok = (1..=MAX_IDENTIFIER).contains(&identifier.chars().count())
            && identifier
                .chars()
                .all(|c| c.is_alphanumeric() || " _+=.@-".contains(c));
        if !ok {
            return invalid(ProviderFault::Identifier(identifier.clone()));
        }
        let taken = providers.iter().any(|provider| {
            provider.name != own_name && provider.identifiers.iter().any(|id| id == identifier)
        });
        if taken {
            return invalid(ProviderFault::IdentifierTaken(identifier.clone()));
        }
    }
    Ok(())
}

/// The details checked for the kind, with the preset's endpoints where not given.
fn checked_details(
    kind: ProviderKind,
    mut details: BTreeMap<String, String>,
) -> Result<BTreeMap<String, String>, PoolError> {
    if let Some(unknown) = details
        .keys()
        .find(|key| !KNOWN_DETAILS.contains(&key.as_str()))
    {
        return invalid(ProviderFault::UnknownDetail(unknown.clone()));
    }
    for (key, value) in kind.preset_details() {
        details
            .entry((*key).to_string())
            .or_insert_with(|| (*value).to_string());
    }
    for key in kind.required_details() {
        if details
            .get(*key)
            .is_none_or(|value| value.trim().is_empty())
        {
            return invalid(ProviderFault::MissingDetail {
                kind: kind.as_str(),
                key: key.to_string(),
            });
        }
    }
    for key in URL_DETAILS {
        if let Some(value) = details.get(*key)
            && !is_acceptable_url(value)
        {
            return invalid(ProviderFault::DetailUrl {
                key: key.to_string(),
                value: value.clone(),
            });
        }
    }
    if kind.is_oidc()
        && !details
            .get("authorize_scopes")
            .is_some_and(|scopes| scopes.split_whitespace().any(|scope| scope == "openid"))
    {
        return invalid(ProviderFault::NoOpenid);
    }
    match details.get("attributes_request_method").map(String::as_str) {
        None | Some("GET" | "POST") => {}
        Some(other) => {
            return invalid(ProviderFault::RequestMethod(other.to_string()));
        }
    }
    if kind == ProviderKind::Oidc {
        details
            .entry("attributes_request_method".into())
            .or_insert_with(|| "GET".into());
    }
    if kind == ProviderKind::SignInWithApple {
        let key = details.get("private_key").map(String::as_str).unwrap_or("");
        if jsonwebtoken::EncodingKey::from_ec_pem(key.as_bytes()).is_err() {
            return invalid(ProviderFault::AppleKey);
        }
    }
    Ok(details)
}

/// https anywhere, or http to this machine (a provider under test, a local one).
pub(super) fn is_acceptable_url(value: &str) -> bool {
    let Ok(url) = url::Url::parse(value) else {
        return false;
    };
    match url.scheme() {
        "https" => url.host().is_some(),
        "http" => matches!(url.host_str(), Some("localhost" | "127.0.0.1" | "[::1]")),
        _ => false,
    }
}

/// `AttributeMapping`: attributes of the pool's schema from the provider's attributes;
/// `sub` and `identities` are the pool's own and cannot be mapped, nor can an attribute
/// that cannot change (each sign-in writes the mapped ones again).
fn checked_mapping(
    settings: &crate::pool::PoolSettings,
    mapping: BTreeMap<String, String>,
) -> Result<BTreeMap<String, String>, PoolError> {
    for (attribute, source) in &mapping {
        let known = attribute == "username"
            || settings.attribute(attribute).is_some_and(|a| {
                a.mutable
                    && (!crate::pool::NOT_USER_WRITABLE.contains(&attribute.as_str())
                        || attribute.ends_with("_verified"))
            });
        if !known {
            return invalid(ProviderFault::MappedAttribute(attribute.clone()));
        }
        if source.is_empty() || source.chars().count() > 131 {
            return invalid(ProviderFault::EmptyMapping(attribute.clone()));
        }
    }
    Ok(mapping)
}
