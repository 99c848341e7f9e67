//! The Cognito API's identity providers: CreateIdentityProvider, DescribeIdentityProvider,
//! UpdateIdentityProvider, DeleteIdentityProvider, ListIdentityProviders and
//! GetIdentityProviderByIdentifier, in Cognito's shapes.

use std::collections::BTreeMap;

use super::prelude::*;
use super::wire::request;
use crate::pool::{IdentityProvider, NewProvider, ProviderChanges};

request!(CreateIdentityProviderRequest {
    user_pool_id: String,
    provider_name: String,
    provider_type: String,
    provider_details: BTreeMap<String, String>,
    #[serde(default)] attribute_mapping: BTreeMap<String, String>,
    #[serde(default)] idp_identifiers: Vec<String>,
});

pub(super) async fn create_identity_provider(
    pool: &UserPool,
    request: CreateIdentityProviderRequest,
) -> Answer {
    let provider = pool
        .create_identity_provider(
            &request.user_pool_id,
            NewProvider {
                name: request.provider_name,
                kind: request.provider_type,
                details: request.provider_details,
                attribute_mapping: request.attribute_mapping,
                identifiers: request.idp_identifiers,
            },
        )
        .await?;
    Ok(json!({ "IdentityProvider": provider_type(&provider) }))
}

request!(ProviderRequest {
    user_pool_id: String,
    provider_name: String,
});

pub(super) async fn describe_identity_provider(
    pool: &UserPool,
    request: ProviderRequest,
) -> Answer {
    let provider = pool
        .describe_identity_provider(&request.user_pool_id, &request.provider_name)
        .await?;
    Ok(json!({ "IdentityProvider": provider_type(&provider) }))
}

pub(super) async fn delete_identity_provider(pool: &UserPool, request: ProviderRequest) -> Answer {
    pool.delete_identity_provider(&request.user_pool_id, &request.provider_name)
        .await?;
    Ok(json!({}))
}

request!(UpdateIdentityProviderRequest {
    user_pool_id: String,
    provider_name: String,
    provider_details: Option<BTreeMap<String, String>>,
    attribute_mapping: Option<BTreeMap<String, String>>,
    idp_identifiers: Option<Vec<String>>,
});

pub(super) async fn update_identity_provider(
    pool: &UserPool,
    request: UpdateIdentityProviderRequest,
) -> Answer {
    let provider = pool
        .update_identity_provider(
            &request.user_pool_id,
            &request.provider_name,
            ProviderChanges {
                details: request.provider_details,
                attribute_mapping: request.attribute_mapping,
                identifiers: request.idp_identifiers,
            },
        )
        .await?;
    Ok(json!({ "IdentityProvider": provider_type(&provider) }))
}

request!(ListIdentityProvidersRequest {
    user_pool_id: String,
    max_results: Option<i64>,
    next_token: Option<String>,
});

pub(super) async fn list_identity_providers(
    pool: &UserPool,
    request: ListIdentityProvidersRequest,
) -> Answer {
    let providers = pool.list_identity_providers(&request.user_pool_id).await?;
    let list = ListRequest {
        max_results: request.max_results,
        next_token: request.next_token,
    };
    let (providers, next) = page(providers, &list, 60, |p| p.name.clone())?;
    // Cognito's `ProviderDescription`: the list leaves out details and mappings.
    let providers: Vec<Value> = providers
        .iter()
        .map(|p| {
            json!({
                "ProviderName": p.name,
                "ProviderType": p.kind.as_str(),
                "CreationDate": p.created_at.0,
                "LastModifiedDate": p.updated_at.0,
            })
        })
        .collect();
    Ok(json!({ "Providers": providers, "NextToken": next }))
}

request!(ByIdentifierRequest {
    user_pool_id: String,
    idp_identifier: String,
});

pub(super) async fn get_identity_provider_by_identifier(
    pool: &UserPool,
    request: ByIdentifierRequest,
) -> Answer {
    let provider = pool
        .identity_provider_by_identifier(&request.user_pool_id, &request.idp_identifier)
        .await?;
    Ok(json!({ "IdentityProvider": provider_type(&provider) }))
}

request!(SigningCertificateRequest {
    user_pool_id: String
});

/// Cognito GetSigningCertificate: the certificate (base64 DER) whose key signs the pool's
/// SAML requests.
pub(super) async fn get_signing_certificate(
    pool: &UserPool,
    request: SigningCertificateRequest,
) -> Answer {
    let certificate = pool.signing_certificate(&request.user_pool_id).await?;
    Ok(json!({ "Certificate": certificate }))
}

/// Cognito's `IdentityProviderType`.
fn provider_type(provider: &IdentityProvider) -> Value {
    json!({
        "UserPoolId": provider.pool_id.as_str(),
        "ProviderName": provider.name,
        "ProviderType": provider.kind.as_str(),
        "ProviderDetails": provider.shown_details(),
        "AttributeMapping": provider.attribute_mapping,
        "IdpIdentifiers": provider.identifiers,
        "CreationDate": provider.created_at.0,
        "LastModifiedDate": provider.updated_at.0,
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ProviderUser {
    provider_name: String,
    #[serde(default)]
    provider_attribute_name: Option<String>,
    provider_attribute_value: String,
}

request!(LinkProviderRequest {
    user_pool_id: String,
    destination_user: ProviderUser,
    source_user: ProviderUser,
});

/// Cognito AdminLinkProviderForUser: `DestinationUser` names a pool user (`ProviderName`
/// `Cognito`), `SourceUser` the provider's user by its subject (`Cognito_Subject`).
pub(super) async fn admin_link_provider_for_user(
    pool: &UserPool,
    request: LinkProviderRequest,
) -> Answer {
    if !request
        .destination_user
        .provider_name
        .eq_ignore_ascii_case("Cognito")
    {
        return Err(ApiError::invalid_parameter(
            "DestinationUser must be a user of the pool (ProviderName Cognito).",
        ));
    }
    subject_attribute(&request.source_user)?;
    pool.admin_link_provider_for_user(
        &request.user_pool_id,
        &request.destination_user.provider_attribute_value,
        &request.source_user.provider_name,
        &request.source_user.provider_attribute_value,
    )
    .await?;
    Ok(json!({}))
}

request!(DisableProviderRequest {
    user_pool_id: String,
    user: ProviderUser,
});

/// Cognito AdminDisableProviderForUser.
pub(super) async fn admin_disable_provider_for_user(
    pool: &UserPool,
    request: DisableProviderRequest,
) -> Answer {
    subject_attribute(&request.user)?;
    pool.admin_disable_provider_for_user(
        &request.user_pool_id,
        &request.user.provider_name,
        &request.user.provider_attribute_value,
    )
    .await?;
    Ok(json!({}))
}

/// Cognate links by the provider's subject: `ProviderAttributeName` is `Cognito_Subject`
/// (or left out).
fn subject_attribute(user: &ProviderUser) -> Result<(), ApiError> {
    match user.provider_attribute_name.as_deref() {
        None | Some("Cognito_Subject") => Ok(()),
        Some(other) => Err(ApiError::invalid_parameter(format!(
            "ProviderAttributeName {other} is not supported: link by Cognito_Subject."
        ))),
    }
}
