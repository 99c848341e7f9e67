//! A provider's user as a pool user (Cognito's federation, OIDC and SAML alike): the linked
//! user or a new `<provider>_<subject>` one, its mapped attributes (after the inbound
//! federation trigger), its automatic group, and the `identities` attribute.

use serde_json::{Map, Value};

use super::triggers::SignUpSource;
use super::*;
use crate::pool::{Group, IdentityProvider, LinkedIdentity, UserStatus};

impl UserPool {
    /// The pool user the provider's user signs in as: the linked one, or a new
    /// `<provider>_<subject>` user; its mapped attributes refreshed and its automatic group
    /// joined. `pool` is the provider's (the app client's), whose schema the mapped values
    /// must fit.
    pub(super) async fn federated_user(
        &self,
        pool: &PoolConfig,
        client: &AppClient,
        provider: &IdentityProvider,
        claims: &Map<String, Value>,
    ) -> Result<User, PoolError> {
        let subject = claims
            .get(provider.subject_attribute())
            .and_then(claim_text)
            .filter(|subject| !subject.is_empty() && subject.chars().count() <= 128)
            .ok_or(PoolError::NotAuthorized(Denied::ProviderNamedNoUser))?;
        let now = self.clock.now();
        let username = format!("{}_{subject}", provider.name);
        let mapped = self
            .mapped_attributes(pool, provider, claims, &username)
            .await?;
        let linked = self
            .store
            .linked_user(&provider.pool_id, &provider.name, &subject)
            .await?;
        let first_sign_in = linked.is_none();
        let mut user = match linked {
            Some(sub) => self
                .store
                .get_user(&sub)
                .await?
                .ok_or(PoolError::NotAuthorized(Denied::LinkedUserGone))?,
            None => {
                // A provider's user has nothing to confirm or verify: the answer can only
                // refuse them.
                self.pre_sign_up(
                    pool,
                    SignUpSource::ExternalProvider,
                    Some(&client.id),
                    &username,
                    &mapped,
                    &Attributes::new(),
                    &Attributes::new(),
                )
                .await?;
                let user = User {
                    sub: Sub::generate(),
                    pool_id: provider.pool_id.clone(),
                    username,
                    status: UserStatus::ExternalProvider,
                    enabled: true,
                    password_hash: None,
                    srp_verifier: None,
                    email_sign_in: SignInRule::No,
                    phone_sign_in: SignInRule::No,
                    attributes: Attributes::new(),
                    created_at: now,
                    updated_at: now,
                };
                self.store
                    .insert_user(&user)
                    .await
                    .map_err(|error| match error {
                        StoreError::Conflict => PoolError::NotAuthorized(Denied::ProviderNameTaken),
                        other => other.into(),
                    })?;
                let identity = LinkedIdentity {
                    provider_name: provider.name.clone(),
                    provider_user_id: subject.clone(),
                    created_at: now,
                };
                self.store
                    .link_identity(&provider.pool_id, &user.sub, &identity)
                    .await?;
                user
            }
        };
        if !user.enabled {
            return Err(PoolError::NotAuthorized(Denied::Disabled));
        }
        user.attributes.extend(mapped);
        let identities = self.store.identities_of(&user.sub).await?;
        user.attributes
            .insert("identities".into(), identities_claim(provider, &identities));
        user.updated_at = now;
        self.store
            .update_user(&user)
            .await
            .map_err(|error| match error {
                StoreError::Conflict => PoolError::AliasExists(AliasTaken::FederatedEmail),
                other => other.into(),
            })?;
        self.join_provider_group(provider, &user).await?;
        if first_sign_in {
            // As Cognito: a provider's user is confirmed by their first sign-in.
            self.post_confirmation(pool, false, Some(&client.id), &user, &Attributes::new())
                .await?;
        }
        Ok(user)
    }

    /// The provider's claims as the pool's attributes, by the provider's attribute mapping,
    /// then as the inbound federation trigger (if any) changes them. A value that does not
    /// fit its attribute's type and constraints (or Cognito's bound on any value) is left
    /// out.
    async fn mapped_attributes(
        &self,
        pool: &PoolConfig,
        provider: &IdentityProvider,
        claims: &Map<String, Value>,
        username: &str,
    ) -> Result<Attributes, PoolError> {
        let fits = |attribute: &str, value: &str| {
            pool.settings
                .attribute(attribute)
                .is_some_and(|a| a.check_value(value).is_ok())
        };
        let mut mapped = Attributes::new();
        for (attribute, source) in &provider.attribute_mapping {
            if attribute == "username" {
                continue;
            }
            let value = claims
                .get(source)
                .and_then(claim_text)
                .filter(|value| fits(attribute, value));
            if let Some(value) = value {
                mapped.insert(attribute.clone(), value);
            }
        }
        if let Some(changed) = self
            .inbound_federation(pool, provider, claims, username)
            .await?
        {
            mapped = changed
                .into_iter()
                .filter(|(attribute, value)| {
                    attribute != "username" && attribute != "sub" && fits(attribute, value)
                })
                .collect();
        }
        Ok(mapped)
    }

    /// The automatic group `<pool id>_<provider>`, made on its first user.
    async fn join_provider_group(
        &self,
        provider: &IdentityProvider,
        user: &User,
    ) -> Result<(), PoolError> {
        let name = provider.group_name();
        if self
            .store
            .get_group(&provider.pool_id, &name)
            .await?
            .is_none()
        {
            let now = self.clock.now();
            let group = Group {
                pool_id: provider.pool_id.clone(),
                name: name.clone(),
                description: Some(format!("Users who sign in through {}", provider.name)),
                precedence: None,
                role_arn: None,
                created_at: now,
                updated_at: now,
            };
            match self.store.insert_group(&group).await {
                Ok(()) | Err(StoreError::Conflict) => {}
                Err(error) => return Err(error.into()),
            }
        }
        self.store
            .add_member(&provider.pool_id, &name, &user.sub)
            .await?;
        Ok(())
    }
}

/// A claim as an attribute's text: strings as they are, numbers and booleans written out.
fn claim_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

/// Cognito's `identities` attribute: the user's external identities as JSON text.
pub(super) fn identities_claim(
    provider: &IdentityProvider,
    identities: &[LinkedIdentity],
) -> String {
    let list: Vec<Value> = identities
        .iter()
        .enumerate()
        .map(|(index, identity)| {
            serde_json::json!({
                "userId": identity.provider_user_id,
                "providerName": identity.provider_name,
                "providerType": if identity.provider_name == provider.name {
                    provider.kind.as_str()
                } else {
                    "OIDC"
                },
                "issuer": Value::Null,
                "primary": if index == 0 { "true" } else { "false" },
                "dateCreated": (identity.created_at.0 * 1000).to_string(),
            })
        })
        .collect();
    Value::Array(list).to_string()
}
