//! The signed pool operations: Create/Describe/Update/Delete/ListUserPools.

use super::prelude::*;

#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub(super) struct PasswordPolicyType {
    minimum_length: Option<u8>,
    #[serde(default)]
    require_uppercase: bool,
    #[serde(default)]
    require_lowercase: bool,
    #[serde(default)]
    require_numbers: bool,
    #[serde(default)]
    require_symbols: bool,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub(super) struct PoliciesType {
    password_policy: Option<PasswordPolicyType>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct CreateUserPoolRequest {
    pool_name: String,
    policies: Option<PoliciesType>,
    #[serde(flatten)]
    sign_in: SignInAttributes,
}

/// How users sign in and what is verified. Left out, each is empty, as in Cognito's API.
#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub(super) struct SignInAttributes {
    username_attributes: Option<Vec<String>>,
    alias_attributes: Option<Vec<String>>,
    auto_verified_attributes: Option<Vec<String>>,
}

pub(super) async fn create_user_pool(
    pool: &UserPool,
    region: &str,
    input: Value,
) -> Result<Value, ApiError> {
    let request: CreateUserPoolRequest = parse(input)?;
    let settings = pool_settings(request.policies, request.sign_in);
    let created = pool
        .create_pool(region, &request.pool_name, settings)
        .await?;
    Ok(json!({ "UserPool": user_pool_type(&created, region) }))
}

/// A pool's settings from the request. As Cognito: without a PasswordPolicy the default (8,
/// all four classes) applies; with one, a requirement not named is off; sign-in attributes
/// left out are empty.
pub(super) fn pool_settings(
    policies: Option<PoliciesType>,
    sign_in: SignInAttributes,
) -> PoolSettings {
    let mut settings = PoolSettings {
        username_attributes: sign_in.username_attributes.unwrap_or_default(),
        alias_attributes: sign_in.alias_attributes.unwrap_or_default(),
        auto_verified_attributes: sign_in.auto_verified_attributes.unwrap_or_default(),
        ..PoolSettings::default()
    };
    if let Some(policy) = policies.and_then(|p| p.password_policy) {
        settings.password_policy = app::policy::PasswordPolicy {
            minimum_length: policy.minimum_length.unwrap_or(8),
            require_uppercase: policy.require_uppercase,
            require_lowercase: policy.require_lowercase,
            require_numbers: policy.require_numbers,
            require_symbols: policy.require_symbols,
        };
    }
    settings
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct PoolIdRequest {
    user_pool_id: String,
}

pub(super) async fn describe_user_pool(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
    let request: PoolIdRequest = parse(input)?;
    let found = pool.describe_pool(&request.user_pool_id).await?;
    let region = region_of(&found);
    Ok(json!({ "UserPool": user_pool_type(&found, &region) }))
}

pub(super) async fn delete_user_pool(
    pool: &UserPool,
    default: &PoolId,
    input: Value,
) -> Result<Value, ApiError> {
    let request: PoolIdRequest = parse(input)?;
    pool.delete_pool(&request.user_pool_id, default).await?;
    Ok(json!({}))
}

pub(super) async fn list_user_pools(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
    let request: ListRequest = parse(input)?;
    let (pools, next) = page(pool.list_pools().await?, &request, 60, |p| {
        by_age(p.created_at, p.id.as_str())
    })?;
    let pools: Vec<Value> = pools
        .iter()
        .map(|p| {
            json!({
                "Id": p.id.as_str(),
                "Name": p.name,
                "CreationDate": p.created_at.0,
                "LastModifiedDate": p.updated_at.0,
            })
        })
        .collect();
    Ok(json!({ "UserPools": pools, "NextToken": next }))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct UpdateUserPoolRequest {
    user_pool_id: String,
    policies: Option<PoliciesType>,
    #[serde(flatten)]
    sign_in: SignInAttributes,
}

pub(super) async fn update_user_pool(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
    let request: UpdateUserPoolRequest = parse(input)?;
    let settings = pool_settings(request.policies, request.sign_in);
    pool.update_pool(&request.user_pool_id, settings).await?;
    Ok(json!({}))
}

/// The region a pool id starts with (`local_…`).
pub(super) fn region_of(pool: &PoolConfig) -> String {
    pool.id
        .as_str()
        .rsplit_once('_')
        .map(|(region, _)| region.to_string())
        .unwrap_or_default()
}

/// Cognito's `UserPoolType` for what Cognate keeps of a pool.
pub(super) fn user_pool_type(pool: &PoolConfig, region: &str) -> Value {
    let policy = &pool.settings.password_policy;
    json!({
        "Id": pool.id.as_str(),
        "Name": pool.name,
        "Arn": format!("arn:aws:cognito-idp:{region}:000000000000:userpool/{}", pool.id),
        "Policies": { "PasswordPolicy": {
            "MinimumLength": policy.minimum_length,
            "RequireUppercase": policy.require_uppercase,
            "RequireLowercase": policy.require_lowercase,
            "RequireNumbers": policy.require_numbers,
            "RequireSymbols": policy.require_symbols,
            "TemporaryPasswordValidityDays": 7,
        }},
        "UsernameAttributes": pool.settings.username_attributes,
        "AliasAttributes": pool.settings.alias_attributes,
        "AutoVerifiedAttributes": pool.settings.auto_verified_attributes,
        "UsernameConfiguration": { "CaseSensitive": false },
        "MfaConfiguration": "OFF",
        "CreationDate": pool.created_at.0,
        "LastModifiedDate": pool.updated_at.0,
    })
}
