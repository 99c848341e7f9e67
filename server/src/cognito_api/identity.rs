//! The Cognito Identity door (`X-Amz-Target: AWSCognitoIdentityService.<Operation>`, service
//! `cognito-identity`): identity pools' control plane, signed with the admin key, in Cognito
//! Identity's shapes. It shares the Cognito API's port, body rules and error shapes.

use std::collections::BTreeMap;

use super::prelude::*;
use super::wire::{parse, request};
use crate::pool::{CognitoProviderRef, IdentityPool, IdentityPoolSettings};

/// The target prefix of this door's operations.
pub const TARGET_PREFIX: &str = "AWSCognitoIdentityService.";

/// Whether `operation` is one of this door's (all signed, for now: the control plane).
pub fn knows(operation: &str) -> bool {
    matches!(
        operation,
        "CreateIdentityPool"
            | "DescribeIdentityPool"
            | "UpdateIdentityPool"
            | "DeleteIdentityPool"
            | "ListIdentityPools"
    )
}

/// Runs a signed operation of this door.
pub async fn run(pool: &UserPool, region: &str, operation: &str, input: Value) -> Answer {
    match operation {
        "CreateIdentityPool" => {
            let request: PoolFields = parse(input)?;
            let (name, settings) = request.into_parts()?;
            let created = pool.create_identity_pool(region, &name, settings).await?;
            Ok(identity_pool_type(&created))
        }
        "DescribeIdentityPool" => {
            let request: PoolIdRequest = parse(input)?;
            Ok(identity_pool_type(
                &pool
                    .describe_identity_pool(&request.identity_pool_id)
                    .await?,
            ))
        }
        "UpdateIdentityPool" => {
            let request: UpdateRequest = parse(input)?;
            let id = request.identity_pool_id.clone();
            let (name, settings) = request.fields.into_parts()?;
            Ok(identity_pool_type(
                &pool.update_identity_pool(&id, &name, settings).await?,
            ))
        }
        "DeleteIdentityPool" => {
            let request: PoolIdRequest = parse(input)?;
            pool.delete_identity_pool(&request.identity_pool_id).await?;
            Ok(json!({}))
        }
        "ListIdentityPools" => {
            let request: ListPoolsRequest = parse(input)?;
            if !(1..=60).contains(&request.max_results) {
                return Err(ApiError::invalid_parameter(
                    "MaxResults must be between 1 and 60.",
                ));
            }
            let pools = pool.list_identity_pools().await?;
            let list = ListRequest {
                max_results: Some(request.max_results),
                next_token: request.next_token,
            };
            let (pools, next) = page(pools, &list, 60, |p| p.id.clone())?;
            let pools: Vec<Value> = pools
                .iter()
                .map(|p| json!({ "IdentityPoolId": p.id, "IdentityPoolName": p.name }))
                .collect();
            Ok(json!({ "IdentityPools": pools, "NextToken": next }))
        }
        _ => Err(ApiError::new(
            "UnknownOperationException",
            format!("Unknown operation {operation}."),
        )),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ProviderType {
    provider_name: String,
    client_id: String,
    #[serde(default)]
    server_side_token_check: bool,
}

request!(PoolFields {
    identity_pool_name: String,
    allow_unauthenticated_identities: bool,
    #[serde(default)] allow_classic_flow: bool,
    #[serde(default)] supported_login_providers: BTreeMap<String, String>,
    developer_provider_name: Option<String>,
    #[serde(default, rename = "OpenIdConnectProviderARNs")] open_id_connect_provider_arns: Vec<String>,
    #[serde(default)] cognito_identity_providers: Vec<ProviderType>,
    #[serde(default, rename = "SamlProviderARNs")] saml_provider_arns: Vec<String>,
    #[serde(default)] identity_pool_tags: BTreeMap<String, String>,
});

impl PoolFields {
    fn into_parts(self) -> Result<(String, IdentityPoolSettings), ApiError> {
        if !self.saml_provider_arns.is_empty() {
            return Err(ApiError::invalid_parameter(
                "SAML providers are not supported: identity pools take this server's user pools.",
            ));
        }
        let settings = IdentityPoolSettings {
            allow_unauthenticated: self.allow_unauthenticated_identities,
            allow_classic_flow: self.allow_classic_flow,
            providers: self
                .cognito_identity_providers
                .into_iter()
                .map(|p| CognitoProviderRef {
                    provider_name: p.provider_name,
                    client_id: p.client_id,
                    server_side_token_check: p.server_side_token_check,
                })
                .collect(),
            developer_provider_name: self.developer_provider_name,
            supported_login_providers: self.supported_login_providers,
            open_id_connect_provider_arns: self.open_id_connect_provider_arns,
            tags: self.identity_pool_tags,
        };
        Ok((self.identity_pool_name, settings))
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct UpdateRequest {
    identity_pool_id: String,
    #[serde(flatten)]
    fields: PoolFields,
}

request!(PoolIdRequest {
    identity_pool_id: String
});

request!(ListPoolsRequest {
    max_results: i64,
    next_token: Option<String>,
});

/// Cognito Identity's `IdentityPool` shape.
fn identity_pool_type(pool: &IdentityPool) -> Value {
    let settings = &pool.settings;
    let providers: Vec<Value> = settings
        .providers
        .iter()
        .map(|p| {
            json!({
                "ProviderName": p.provider_name,
                "ClientId": p.client_id,
                "ServerSideTokenCheck": p.server_side_token_check,
            })
        })
        .collect();
    let mut answer = json!({
        "IdentityPoolId": pool.id,
        "IdentityPoolName": pool.name,
        "AllowUnauthenticatedIdentities": settings.allow_unauthenticated,
        "AllowClassicFlow": settings.allow_classic_flow,
        "SupportedLoginProviders": settings.supported_login_providers,
        "OpenIdConnectProviderARNs": settings.open_id_connect_provider_arns,
        "CognitoIdentityProviders": providers,
        "SamlProviderARNs": [],
        "IdentityPoolTags": settings.tags,
    });
    if let Some(name) = &settings.developer_provider_name {
        answer["DeveloperProviderName"] = json!(name);
    }
    answer
}
