//! The Cognito Identity door (`X-Amz-Target: AWSCognitoIdentityService.<Operation>`, service
//! `cognito-identity`): identity pools' control plane and identities, signed with the admin
//! key, and the unsigned GetId, GetOpenIdToken and GetCredentialsForIdentity, in Cognito
//! Identity's shapes, listed once in a table as the user-pool door's operations are. It
//! shares the Cognito API's port, body rules and error shapes.

use std::collections::BTreeMap;

use super::CognitoApi;
use super::operations::{Access, operations};
use super::prelude::*;
use super::wire::{parse, request};
use crate::pool::{
    AmbiguousRoleResolution, CognitoProviderRef, Identity, IdentityPool, IdentityPoolSettings,
    Logins, MAX_IDENTITIES_PAGE, MappingRule, MatchType, RoleMapping, RoleMappingType,
};

/// The target prefix of this door's operations.
pub const TARGET_PREFIX: &str = "AWSCognitoIdentityService.";

operations!(|api, pool, input| {
    // Apps, with a user's tokens or as guests: unsigned, as in AWS.
    "GetId" => Public, get_id(pool, parse(input)?);
    "GetOpenIdToken" => Public, get_open_id_token(pool, parse(input)?);
    "GetCredentialsForIdentity" => Public, get_credentials_for_identity(pool, parse(input)?);
    // Identity pools.
    "CreateIdentityPool" => Signed, create_identity_pool(pool, &api.region, parse(input)?);
    "DescribeIdentityPool" => Signed, describe_identity_pool(pool, parse(input)?);
    "UpdateIdentityPool" => Signed, update_identity_pool(pool, parse(input)?);
    "DeleteIdentityPool" => Signed, delete_identity_pool(pool, parse(input)?);
    "ListIdentityPools" => Signed, list_identity_pools(pool, parse(input)?);
    "SetIdentityPoolRoles" => Signed, set_identity_pool_roles(pool, parse(input)?);
    "GetIdentityPoolRoles" => Signed, get_identity_pool_roles(pool, parse(input)?);
    // Identities.
    "ListIdentities" => Signed, list_identities(pool, parse(input)?);
    "DescribeIdentity" => Signed, describe_identity(pool, parse(input)?);
    "DeleteIdentities" => Signed, delete_identities(pool, parse(input)?);
    "GetOpenIdTokenForDeveloperIdentity" => Signed, developer_token(pool, parse(input)?);
});

async fn create_identity_pool(pool: &UserPool, region: &str, request: PoolFields) -> Answer {
    let (name, settings) = request.into_parts()?;
    let created = pool.create_identity_pool(region, &name, settings).await?;
    Ok(identity_pool_type(&created))
}

async fn describe_identity_pool(pool: &UserPool, request: PoolIdRequest) -> Answer {
    let found = pool
        .describe_identity_pool(&request.identity_pool_id)
        .await?;
    Ok(identity_pool_type(&found))
}

async fn update_identity_pool(pool: &UserPool, request: UpdateRequest) -> Answer {
    let id = request.identity_pool_id.clone();
    let (name, settings) = request.fields.into_parts()?;
    Ok(identity_pool_type(
        &pool.update_identity_pool(&id, &name, settings).await?,
    ))
}

async fn delete_identity_pool(pool: &UserPool, request: PoolIdRequest) -> Answer {
    pool.delete_identity_pool(&request.identity_pool_id).await?;
    Ok(json!({}))
}

async fn list_identity_pools(pool: &UserPool, request: ListPoolsRequest) -> Answer {
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

async fn set_identity_pool_roles(pool: &UserPool, request: SetRolesRequest) -> Answer {
    let mappings = request
        .role_mappings
        .into_iter()
        .map(|(provider, mapping)| Ok((provider, mapping.into_domain()?)))
        .collect::<Result<BTreeMap<_, _>, ApiError>>()?;
    pool.set_identity_pool_roles(&request.identity_pool_id, request.roles, mappings)
        .await?;
    Ok(json!({}))
}

async fn get_identity_pool_roles(pool: &UserPool, request: PoolIdRequest) -> Answer {
    let found = pool
        .describe_identity_pool(&request.identity_pool_id)
        .await?;
    let mappings: BTreeMap<&String, Value> = found
        .settings
        .role_mappings
        .iter()
        .map(|(provider, mapping)| (provider, role_mapping_type(mapping)))
        .collect();
    Ok(json!({
        "IdentityPoolId": found.id,
        "Roles": found.settings.roles,
        "RoleMappings": mappings,
    }))
}

async fn list_identities(pool: &UserPool, request: ListIdentitiesRequest) -> Answer {
    let max = usize::try_from(request.max_results).unwrap_or(0);
    if !(1..=MAX_IDENTITIES_PAGE).contains(&max) {
        return Err(ApiError::invalid_parameter(
            "MaxResults must be between 1 and 60.",
        ));
    }
    if request
        .next_token
        .as_deref()
        .is_some_and(|token| !IdentityPool::is_id(token))
    {
        return Err(ApiError::invalid_parameter("The NextToken is not valid."));
    }
    // One more than asked shows whether another page follows.
    let mut identities = pool
        .list_identities(
            &request.identity_pool_id,
            request.next_token.as_deref(),
            max + 1,
        )
        .await?;
    let next = (identities.len() > max).then(|| {
        identities.truncate(max);
        identities.last().map(|identity| identity.id.clone())
    });
    let identities: Vec<Value> = identities.iter().map(identity_description).collect();
    Ok(json!({
        "IdentityPoolId": request.identity_pool_id,
        "Identities": identities,
        "NextToken": next.flatten(),
    }))
}

async fn describe_identity(pool: &UserPool, request: IdentityIdRequest) -> Answer {
    Ok(identity_description(
        &pool.describe_identity(&request.identity_id).await?,
    ))
}

async fn delete_identities(pool: &UserPool, request: DeleteIdentitiesRequest) -> Answer {
    if !(1..=60).contains(&request.identity_ids_to_delete.len()) {
        return Err(ApiError::invalid_parameter(
            "IdentityIdsToDelete takes 1 to 60 identity ids.",
        ));
    }
    let unprocessed = pool
        .delete_identities(&request.identity_ids_to_delete)
        .await?;
    let unprocessed: Vec<Value> = unprocessed
        .iter()
        .map(|id| json!({ "IdentityId": id, "ErrorCode": "IdentityNotFound" }))
        .collect();
    Ok(json!({ "UnprocessedIdentityIds": unprocessed }))
}

async fn developer_token(pool: &UserPool, request: DeveloperTokenRequest) -> Answer {
    let (identity_id, token) = pool
        .open_id_token_for_developer(
            &request.identity_pool_id,
            request.identity_id.as_deref(),
            &request.logins,
        )
        .await?;
    Ok(json!({ "IdentityId": identity_id, "Token": token }))
}

async fn get_id(pool: &UserPool, request: GetIdRequest) -> Answer {
    let identity_id = pool
        .get_identity_id(&request.identity_pool_id, &request.logins)
        .await?;
    Ok(json!({ "IdentityId": identity_id }))
}

async fn get_open_id_token(pool: &UserPool, request: IdentityLoginsRequest) -> Answer {
    let token = pool
        .open_id_token(&request.identity_id, &request.logins)
        .await?;
    Ok(json!({ "IdentityId": request.identity_id, "Token": token }))
}

async fn get_credentials_for_identity(pool: &UserPool, request: CredentialsRequest) -> Answer {
    let credentials = pool
        .credentials_for_identity(
            &request.identity_id,
            &request.logins,
            request.custom_role_arn.as_deref(),
        )
        .await?;
    Ok(json!({
        "IdentityId": request.identity_id,
        "Credentials": {
            "AccessKeyId": credentials.access_key_id,
            "SecretKey": credentials.secret_access_key,
            "SessionToken": credentials.session_token,
            // Epoch seconds as a JSON number: the AWS SDKs read a timestamp so.
            "Expiration": credentials.expiration,
        },
    }))
}

request!(GetIdRequest {
    identity_pool_id: String,
    #[serde(default)]
    logins: Logins,
});

request!(IdentityLoginsRequest {
    identity_id: String,
    #[serde(default)]
    logins: Logins,
});

request!(CredentialsRequest {
    identity_id: String,
    #[serde(default)] logins: Logins,
    custom_role_arn: Option<String>,
});

request!(DeveloperTokenRequest {
    identity_pool_id: String,
    identity_id: Option<String>,
    logins: Logins,
});

request!(IdentityIdRequest {
    identity_id: String
});

request!(ListIdentitiesRequest {
    identity_pool_id: String,
    max_results: i64,
    next_token: Option<String>,
});

request!(DeleteIdentitiesRequest {
    identity_ids_to_delete: Vec<String>
});

request!(SetRolesRequest {
    identity_pool_id: String,
    roles: BTreeMap<String, String>,
    #[serde(default)] role_mappings: BTreeMap<String, RoleMappingWire>,
});

request!(RoleMappingWire {
    r#type: String,
    ambiguous_role_resolution: Option<String>,
    rules_configuration: Option<RulesConfiguration>,
});

request!(RulesConfiguration {
    rules: Vec<RuleWire>
});

request!(RuleWire {
    claim: String,
    match_type: String,
    value: String,
    #[serde(rename = "RoleARN")]
    role_arn: String,
});

impl RoleMappingWire {
    fn into_domain(self) -> Result<RoleMapping, ApiError> {
        let kind = match self.r#type.as_str() {
            "Token" => RoleMappingType::Token,
            "Rules" => RoleMappingType::Rules,
            other => {
                return Err(ApiError::invalid_parameter(format!(
                    "A role mapping's Type is Token or Rules, not {other}."
                )));
            }
        };
        let ambiguous = match self.ambiguous_role_resolution.as_deref() {
            Some("AuthenticatedRole") => AmbiguousRoleResolution::AuthenticatedRole,
            Some("Deny") => AmbiguousRoleResolution::Deny,
            _ => {
                return Err(ApiError::invalid_parameter(
                    "A role mapping's AmbiguousRoleResolution is AuthenticatedRole or Deny.",
                ));
            }
        };
        let rules = self
            .rules_configuration
            .map(|configuration| configuration.rules)
            .unwrap_or_default()
            .into_iter()
            .map(|rule| {
                let match_type = match rule.match_type.as_str() {
                    "Equals" => MatchType::Equals,
                    "Contains" => MatchType::Contains,
                    "StartsWith" => MatchType::StartsWith,
                    "NotEqual" => MatchType::NotEqual,
                    other => {
                        return Err(ApiError::invalid_parameter(format!(
                            "A rule's MatchType is Equals, Contains, StartsWith or NotEqual,                              not {other}."
                        )));
                    }
                };
                Ok(MappingRule {
                    claim: rule.claim,
                    match_type,
                    value: rule.value,
                    role_arn: rule.role_arn,
                })
            })
            .collect::<Result<Vec<_>, ApiError>>()?;
        Ok(RoleMapping {
            kind,
            ambiguous,
            rules,
        })
    }
}

/// Cognito Identity's `RoleMapping` shape.
fn role_mapping_type(mapping: &RoleMapping) -> Value {
    let mut answer = json!({
        "Type": format!("{:?}", mapping.kind),
        "AmbiguousRoleResolution": format!("{:?}", mapping.ambiguous),
    });
    if mapping.kind == RoleMappingType::Rules {
        let rules: Vec<Value> = mapping
            .rules
            .iter()
            .map(|rule| {
                json!({
                    "Claim": rule.claim,
                    "MatchType": format!("{:?}", rule.match_type),
                    "Value": rule.value,
                    "RoleARN": rule.role_arn,
                })
            })
            .collect();
        answer["RulesConfiguration"] = json!({ "Rules": rules });
    }
    answer
}

/// Cognito Identity's `IdentityDescription` shape (dates as epoch seconds).
fn identity_description(identity: &Identity) -> Value {
    let logins: Vec<&str> = identity
        .login
        .iter()
        .map(|(provider, _)| provider.as_str())
        .collect();
    json!({
        "IdentityId": identity.id,
        "Logins": logins,
        "CreationDate": identity.created_at.0,
        "LastModifiedDate": identity.updated_at.0,
    })
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
            ..Default::default()
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
