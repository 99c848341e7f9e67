//! The signed control-plane operations: pools and app clients.

use serde::Deserialize;
use serde_json::{Value, json};

use super::public::{ChallengeRequest, answer_challenge, auth_answer, srp_challenge};
use super::wire::{AttributeType, AuthenticationResult, attributes_from, attributes_to, parse};
use super::{ApiError, CognitoApi};
use crate::pool::secrets::ClientProof;
use crate::pool::{
    AUTH_FLOWS, AppClient, COGNITO_DEFAULT_FLOWS, ClientId, ClientSettings, Group, NewUser,
    PoolConfig, PoolId, PoolSettings, User, UserPool,
};

/// Whether `operation` is one of the signed (admin) operations.
pub fn is_admin(operation: &str) -> bool {
    matches!(
        operation,
        "CreateUserPool"
            | "DescribeUserPool"
            | "ListUserPools"
            | "CreateUserPoolClient"
            | "DescribeUserPoolClient"
            | "ListUserPoolClients"
            | "DeleteUserPool"
            | "DeleteUserPoolClient"
            | "UpdateUserPool"
            | "UpdateUserPoolClient"
            | "CreateGroup"
            | "GetGroup"
            | "DeleteGroup"
            | "ListGroups"
            | "ListUsersInGroup"
            | "ListUsers"
    ) || operation.starts_with("Admin")
        || super::resource_servers::is_operation(operation)
}

/// Runs a signed operation; `None` if there is no such operation.
pub async fn run(
    api: &CognitoApi,
    operation: &str,
    input: Value,
) -> Option<Result<Value, ApiError>> {
    let (pool, region) = (api.pool.as_ref(), api.region.as_str());
    Some(match operation {
        "DeleteUserPool" => delete_user_pool(pool, &api.default_pool, input).await,
        "DeleteUserPoolClient" => delete_user_pool_client(pool, &api.default_client, input).await,
        "CreateUserPool" => create_user_pool(pool, region, input).await,
        "UpdateUserPool" => update_user_pool(pool, input).await,
        "UpdateUserPoolClient" => update_user_pool_client(pool, input).await,
        "DescribeUserPool" => describe_user_pool(pool, input).await,
        "ListUserPools" => list_user_pools(pool, input).await,
        "CreateUserPoolClient" => create_user_pool_client(pool, input).await,
        "DescribeUserPoolClient" => describe_user_pool_client(pool, input).await,
        "ListUserPoolClients" => list_user_pool_clients(pool, input).await,
        "AdminGetUser" => admin_get_user(pool, input).await,
        "AdminCreateUser" => admin_create_user(pool, input).await,
        "AdminInitiateAuth" => admin_initiate_auth(pool, input).await,
        "AdminRespondToAuthChallenge" => admin_respond_to_auth_challenge(pool, input).await,
        op if super::resource_servers::is_operation(op) => {
            super::resource_servers::run(pool, op, input).await
        }
        "CreateGroup" => create_group(pool, input).await,
        "GetGroup" => get_group(pool, input).await,
        "DeleteGroup" => delete_group(pool, input).await,
        "ListGroups" => list_groups(pool, input).await,
        "AdminAddUserToGroup" | "AdminRemoveUserFromGroup" => {
            set_membership(pool, operation == "AdminAddUserToGroup", input).await
        }
        "AdminListGroupsForUser" => admin_list_groups_for_user(pool, input).await,
        "ListUsersInGroup" => list_users_in_group(pool, input).await,
        "AdminSetUserPassword" => admin_set_user_password(pool, input).await,
        "AdminResetUserPassword" => admin_reset_user_password(pool, input).await,
        "AdminUpdateUserAttributes" => admin_update_user_attributes(pool, input).await,
        "AdminDeleteUserAttributes" => admin_delete_user_attributes(pool, input).await,
        "ListUsers" => list_users(pool, input).await,
        "AdminConfirmSignUp"
        | "AdminDisableUser"
        | "AdminEnableUser"
        | "AdminUserGlobalSignOut"
        | "AdminDeleteUser" => admin_user_action(pool, operation, input).await,
        _ => return None,
    })
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
struct PasswordPolicyType {
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
struct PoliciesType {
    password_policy: Option<PasswordPolicyType>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct CreateUserPoolRequest {
    pool_name: String,
    policies: Option<PoliciesType>,
    #[serde(flatten)]
    sign_in: SignInAttributes,
}

/// How users sign in and what is verified. Left out, each is empty, as in Cognito's API.
#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
struct SignInAttributes {
    username_attributes: Option<Vec<String>>,
    alias_attributes: Option<Vec<String>>,
    auto_verified_attributes: Option<Vec<String>>,
}

async fn create_user_pool(pool: &UserPool, region: &str, input: Value) -> Result<Value, ApiError> {
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
fn pool_settings(policies: Option<PoliciesType>, sign_in: SignInAttributes) -> PoolSettings {
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
struct PoolIdRequest {
    user_pool_id: String,
}

async fn describe_user_pool(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
    let request: PoolIdRequest = parse(input)?;
    let found = pool.describe_pool(&request.user_pool_id).await?;
    let region = region_of(&found);
    Ok(json!({ "UserPool": user_pool_type(&found, &region) }))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct UserRequest {
    user_pool_id: String,
    username: String,
}

/// The Admin* operations that take a pool and a username and answer `{}`.
async fn admin_user_action(
    pool: &UserPool,
    operation: &str,
    input: Value,
) -> Result<Value, ApiError> {
    let request: UserRequest = parse(input)?;
    let (pool_id, username) = (request.user_pool_id.as_str(), request.username.as_str());
    match operation {
        "AdminConfirmSignUp" => pool.admin_confirm_sign_up(pool_id, username).await?,
        "AdminDisableUser" => pool.admin_set_enabled(pool_id, username, false).await?,
        "AdminEnableUser" => pool.admin_set_enabled(pool_id, username, true).await?,
        "AdminUserGlobalSignOut" => pool.admin_global_sign_out(pool_id, username).await?,
        "AdminDeleteUser" => pool.admin_delete_user(pool_id, username).await?,
        other => {
            return Err(ApiError::new(
                "UnknownOperationException",
                format!("Unknown operation {other}."),
            ));
        }
    }
    Ok(json!({}))
}

async fn admin_get_user(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
    let request: UserRequest = parse(input)?;
    let user = pool
        .admin_user(&request.user_pool_id, &request.username)
        .await?;
    Ok(user_json(&user, "UserAttributes", None))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct SetPasswordRequest {
    user_pool_id: String,
    username: String,
    password: String,
    #[serde(default)]
    permanent: bool,
}

async fn admin_set_user_password(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
    let request: SetPasswordRequest = parse(input)?;
    pool.admin_set_password(
        &request.user_pool_id,
        &request.username,
        &request.password,
        request.permanent,
    )
    .await?;
    Ok(json!({}))
}

async fn admin_reset_user_password(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
    let request: UserRequest = parse(input)?;
    pool.admin_reset_password(&request.user_pool_id, &request.username)
        .await?;
    Ok(json!({}))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct UpdateAttributesRequest {
    user_pool_id: String,
    username: String,
    user_attributes: Vec<AttributeType>,
}

async fn admin_update_user_attributes(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
    let request: UpdateAttributesRequest = parse(input)?;
    pool.admin_update_attributes(
        &request.user_pool_id,
        &request.username,
        attributes_from(request.user_attributes),
    )
    .await?;
    Ok(json!({}))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DeleteAttributesRequest {
    user_pool_id: String,
    username: String,
    user_attribute_names: Vec<String>,
}

async fn admin_delete_user_attributes(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
    let request: DeleteAttributesRequest = parse(input)?;
    pool.admin_delete_attributes(
        &request.user_pool_id,
        &request.username,
        &request.user_attribute_names,
    )
    .await?;
    Ok(json!({}))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ListUsersRequest {
    user_pool_id: String,
    attributes_to_get: Option<Vec<String>>,
    limit: Option<i64>,
    pagination_token: Option<String>,
    #[serde(default)]
    filter: String,
}

/// ListUsers' page size: Cognito's 60 at most, and by default.
const LIST_USERS_LIMIT: i64 = 60;

async fn list_users(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
    let request: ListUsersRequest = parse(input)?;
    let limit = match request.limit {
        None | Some(0) => LIST_USERS_LIMIT,
        Some(limit @ 1..=LIST_USERS_LIMIT) => limit,
        Some(other) => {
            return Err(ApiError::invalid_parameter(format!(
                "1 validation error detected: Value '{other}' at 'limit' failed to satisfy \
                 constraint: Member must have value less than or equal to {LIST_USERS_LIMIT}"
            )));
        }
    };
    let after = match &request.pagination_token {
        Some(token) => Some(
            cursor::decode(token)
                .ok_or_else(|| ApiError::invalid_parameter("The pagination token is not valid."))?,
        ),
        None => None,
    };
    let (users, next) = pool
        .list_users(
            &request.user_pool_id,
            &request.filter,
            u32::try_from(limit).unwrap_or(60),
            after.as_deref(),
        )
        .await?;
    let users: Vec<Value> = users
        .iter()
        .map(|user| user_json(user, "Attributes", request.attributes_to_get.as_deref()))
        .collect();
    Ok(json!({
        "Users": users,
        "PaginationToken": next.map(|key| cursor::encode(&key)),
    }))
}

/// ListUsers' opaque pagination tokens: the last username key of a page, base64url.
mod cursor {
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    const TAG: &str = "u1:";

    pub fn encode(key: &str) -> String {
        URL_SAFE_NO_PAD.encode(format!("{TAG}{key}"))
    }

    pub fn decode(token: &str) -> Option<String> {
        let bytes = URL_SAFE_NO_PAD.decode(token).ok()?;
        String::from_utf8(bytes)
            .ok()?
            .strip_prefix(TAG)
            .map(str::to_string)
    }
}

async fn delete_user_pool(
    pool: &UserPool,
    default: &PoolId,
    input: Value,
) -> Result<Value, ApiError> {
    let request: PoolIdRequest = parse(input)?;
    pool.delete_pool(&request.user_pool_id, default).await?;
    Ok(json!({}))
}

async fn delete_user_pool_client(
    pool: &UserPool,
    default: &ClientId,
    input: Value,
) -> Result<Value, ApiError> {
    let request: ClientIdRequest = parse(input)?;
    pool.delete_client(&request.user_pool_id, &request.client_id, default)
        .await?;
    Ok(json!({}))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct ListRequest {
    pub max_results: Option<i64>,
    pub next_token: Option<String>,
}

/// The page of `items` a `MaxResults` / `NextToken` pair asks for, in the order of their
/// unique `key`, and the next token: the last key shown, opaque, so that items added or
/// deleted between pages make nothing skipped or repeated.
pub(super) fn page<T>(
    mut items: Vec<T>,
    request: &ListRequest,
    limit: i64,
    key: impl Fn(&T) -> String,
) -> Result<(Vec<T>, Option<String>), ApiError> {
    let size = request.max_results.unwrap_or(limit);
    if !(1..=limit).contains(&size) {
        return Err(ApiError::invalid_parameter(format!(
            "1 validation error detected: Value '{size}' at 'maxResults' failed to satisfy \
             constraint: Member must have value between 1 and {limit}"
        )));
    }
    let after = match &request.next_token {
        Some(token) => Some(
            cursor::decode(token)
                .ok_or_else(|| ApiError::invalid_parameter("The NextToken is not valid."))?,
        ),
        None => None,
    };
    let size = usize::try_from(size).unwrap_or(1);
    items.sort_by_cached_key(&key);
    let mut rest: Vec<T> = items
        .into_iter()
        .filter(|item| after.as_ref().is_none_or(|after| key(item) > *after))
        .collect();
    let more = rest.len() > size;
    rest.truncate(size);
    let next = more
        .then(|| rest.last().map(|item| cursor::encode(&key(item))))
        .flatten();
    Ok((rest, next))
}

/// The order pools and clients are listed in: oldest first, then by id.
fn by_age(created_at: crate::clock::Timestamp, id: &str) -> String {
    format!("{:020}/{id}", created_at.0)
}

async fn list_user_pools(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
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

#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
struct TokenValidityUnits {
    access_token: Option<String>,
    id_token: Option<String>,
    refresh_token: Option<String>,
}

/// The settings CreateUserPoolClient and UpdateUserPoolClient share.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ClientFields {
    access_token_validity: Option<i64>,
    id_token_validity: Option<i64>,
    refresh_token_validity: Option<i64>,
    #[serde(default)]
    token_validity_units: TokenValidityUnits,
    #[serde(rename = "CallbackURLs", default)]
    callback_urls: Vec<String>,
    #[serde(rename = "LogoutURLs", default)]
    logout_urls: Vec<String>,
    prevent_user_existence_errors: Option<String>,
    explicit_auth_flows: Option<Vec<String>>,
    #[serde(default)]
    allowed_o_auth_flows_user_pool_client: bool,
    #[serde(default)]
    allowed_o_auth_flows: Vec<String>,
    #[serde(default)]
    allowed_o_auth_scopes: Vec<String>,
    #[serde(default)]
    supported_identity_providers: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct CreateUserPoolClientRequest {
    user_pool_id: String,
    client_name: String,
    #[serde(default)]
    generate_secret: bool,
    #[serde(flatten)]
    fields: ClientFields,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct UpdateUserPoolClientRequest {
    user_pool_id: String,
    client_id: String,
    client_name: Option<String>,
    #[serde(flatten)]
    fields: ClientFields,
}

/// Seconds in a Cognito `TimeUnitsType`.
fn unit_seconds(unit: &str) -> Result<i64, ApiError> {
    Ok(match unit {
        "seconds" => 1,
        "minutes" => 60,
        "hours" => 3600,
        "days" => 86_400,
        other => {
            return Err(ApiError::invalid_parameter(format!(
                "'{other}' is not a time unit: seconds, minutes, hours or days."
            )));
        }
    })
}

/// A client's settings from the request; as Cognito, what is not given takes its default.
fn client_settings(fields: ClientFields) -> Result<ClientSettings, ApiError> {
    let mut settings = ClientSettings::default();
    let units = &fields.token_validity_units;
    if let Some(value) = fields.access_token_validity {
        settings.access_token_validity =
            value * unit_seconds(units.access_token.as_deref().unwrap_or("hours"))?;
    }
    if let Some(value) = fields.id_token_validity {
        settings.id_token_validity =
            value * unit_seconds(units.id_token.as_deref().unwrap_or("hours"))?;
    }
    if let Some(value) = fields.refresh_token_validity {
        settings.refresh_token_validity =
            value * unit_seconds(units.refresh_token.as_deref().unwrap_or("days"))?;
    }
    settings.callback_urls = fields.callback_urls;
    settings.logout_urls = fields.logout_urls;
    // OAuth is off unless asked for, as in Cognito's API.
    settings.oauth_enabled = fields.allowed_o_auth_flows_user_pool_client;
    settings.allowed_oauth_flows = fields.allowed_o_auth_flows;
    settings.allowed_oauth_scopes = fields.allowed_o_auth_scopes;
    settings.identity_providers = fields.supported_identity_providers;
    settings.prevent_user_existence_errors = match fields.prevent_user_existence_errors.as_deref() {
        None | Some("ENABLED") => true,
        Some("LEGACY") => false,
        Some(other) => {
            return Err(ApiError::invalid_parameter(format!(
                "PreventUserExistenceErrors must be ENABLED or LEGACY, not '{other}'."
            )));
        }
    };
    settings.explicit_auth_flows = match fields.explicit_auth_flows {
        None => COGNITO_DEFAULT_FLOWS
            .iter()
            .map(|f| f.to_string())
            .collect(),
        Some(flows) => {
            if let Some(unknown) = flows.iter().find(|f| !AUTH_FLOWS.contains(&f.as_str())) {
                return Err(ApiError::invalid_parameter(format!(
                    "'{unknown}' is not an explicit auth flow: use {}.",
                    AUTH_FLOWS.join(", ")
                )));
            }
            flows
        }
    };
    Ok(settings)
}

async fn create_user_pool_client(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
    let request: CreateUserPoolClientRequest = parse(input)?;
    let settings = client_settings(request.fields)?;
    let client = pool
        .create_client(
            &request.user_pool_id,
            &request.client_name,
            request.generate_secret,
            settings,
        )
        .await?;
    Ok(json!({ "UserPoolClient": user_pool_client_type(&client) }))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ClientIdRequest {
    user_pool_id: String,
    client_id: String,
}

async fn update_user_pool_client(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
    let request: UpdateUserPoolClientRequest = parse(input)?;
    let settings = client_settings(request.fields)?;
    let client = pool
        .update_client(
            &request.user_pool_id,
            &request.client_id,
            request.client_name.as_deref(),
            settings,
        )
        .await?;
    Ok(json!({ "UserPoolClient": user_pool_client_type(&client) }))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct UpdateUserPoolRequest {
    user_pool_id: String,
    policies: Option<PoliciesType>,
    #[serde(flatten)]
    sign_in: SignInAttributes,
}

async fn update_user_pool(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
    let request: UpdateUserPoolRequest = parse(input)?;
    let settings = pool_settings(request.policies, request.sign_in);
    pool.update_pool(&request.user_pool_id, settings).await?;
    Ok(json!({}))
}

async fn describe_user_pool_client(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
    let request: ClientIdRequest = parse(input)?;
    let client = pool
        .describe_client(&request.user_pool_id, &request.client_id)
        .await?;
    Ok(json!({ "UserPoolClient": user_pool_client_type(&client) }))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ListClientsRequest {
    user_pool_id: String,
    max_results: Option<i64>,
    next_token: Option<String>,
}

async fn list_user_pool_clients(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
    let request: ListClientsRequest = parse(input)?;
    let clients = pool.list_clients(&request.user_pool_id).await?;
    let list = ListRequest {
        max_results: request.max_results,
        next_token: request.next_token,
    };
    let (clients, next) = page(clients, &list, 60, |c| by_age(c.created_at, c.id.as_str()))?;
    let clients: Vec<Value> = clients
        .iter()
        .map(|c| {
            json!({
                "ClientId": c.id.as_str(),
                "UserPoolId": c.pool_id.as_str(),
                "ClientName": c.name,
            })
        })
        .collect();
    Ok(json!({ "UserPoolClients": clients, "NextToken": next }))
}

/// The region a pool id starts with (`local_…`).
fn region_of(pool: &PoolConfig) -> String {
    pool.id
        .as_str()
        .rsplit_once('_')
        .map(|(region, _)| region.to_string())
        .unwrap_or_default()
}

/// Cognito's `UserPoolType` for what Cognate keeps of a pool.
fn user_pool_type(pool: &PoolConfig, region: &str) -> Value {
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

/// A validity in the largest of `units` that divides it, else in seconds.
fn in_units(seconds: i64, unit: &'static str) -> (i64, &'static str) {
    let size = unit_seconds(unit).unwrap_or(1);
    if seconds % size == 0 {
        (seconds / size, unit)
    } else {
        (seconds, "seconds")
    }
}

/// Cognito's `UserPoolClientType`.
fn user_pool_client_type(client: &AppClient) -> Value {
    let settings = &client.settings;
    let (access, access_unit) = in_units(settings.access_token_validity, "hours");
    let (id, id_unit) = in_units(settings.id_token_validity, "hours");
    let (refresh, refresh_unit) = in_units(settings.refresh_token_validity, "days");
    let mut value = json!({
        "UserPoolId": client.pool_id.as_str(),
        "ClientName": client.name,
        "ClientId": client.id.as_str(),
        "CreationDate": client.created_at.0,
        "LastModifiedDate": client.updated_at.0,
        "AccessTokenValidity": access,
        "IdTokenValidity": id,
        "RefreshTokenValidity": refresh,
        "TokenValidityUnits": {
            "AccessToken": access_unit,
            "IdToken": id_unit,
            "RefreshToken": refresh_unit,
        },
        "CallbackURLs": settings.callback_urls,
        "LogoutURLs": settings.logout_urls,
        "PreventUserExistenceErrors":
            if settings.prevent_user_existence_errors { "ENABLED" } else { "LEGACY" },
        "EnableTokenRevocation": true,
        "ExplicitAuthFlows": settings.explicit_auth_flows,
        "AllowedOAuthFlowsUserPoolClient": settings.oauth_enabled,
        "AllowedOAuthFlows": settings.allowed_oauth_flows,
        "AllowedOAuthScopes": settings.allowed_oauth_scopes,
        "SupportedIdentityProviders": settings.identity_providers,
    });
    if let Some(secret) = &client.secret {
        value["ClientSecret"] = Value::String(secret.expose().to_string());
    }
    value
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct CreateGroupRequest {
    user_pool_id: String,
    group_name: String,
    description: Option<String>,
    precedence: Option<i64>,
    role_arn: Option<String>,
}

async fn create_group(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
    let request: CreateGroupRequest = parse(input)?;
    let group = pool
        .create_group(
            &request.user_pool_id,
            &request.group_name,
            request.description,
            request.precedence,
            request.role_arn,
        )
        .await?;
    Ok(json!({ "Group": group_type(&group) }))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct GroupRequest {
    user_pool_id: String,
    group_name: String,
    limit: Option<i64>,
    next_token: Option<String>,
}

async fn get_group(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
    let request: GroupRequest = parse(input)?;
    let group = pool
        .group(&request.user_pool_id, &request.group_name)
        .await?;
    Ok(json!({ "Group": group_type(&group) }))
}

async fn delete_group(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
    let request: GroupRequest = parse(input)?;
    pool.delete_group(&request.user_pool_id, &request.group_name)
        .await?;
    Ok(json!({}))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ListGroupsRequest {
    user_pool_id: String,
    #[serde(default)]
    username: Option<String>,
    limit: Option<i64>,
    next_token: Option<String>,
}

async fn list_groups(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
    let request: ListGroupsRequest = parse(input)?;
    let groups = pool.list_groups(&request.user_pool_id).await?;
    groups_page(groups, request.limit, request.next_token)
}

async fn admin_list_groups_for_user(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
    let request: ListGroupsRequest = parse(input)?;
    let username = request.username.ok_or_else(|| {
        ApiError::invalid_parameter(
            "1 validation error detected: Value null at 'username' failed to satisfy \
             constraint: Member must not be null",
        )
    })?;
    let groups = pool
        .groups_for_user(&request.user_pool_id, &username)
        .await?;
    groups_page(groups, request.limit, request.next_token)
}

fn groups_page(
    groups: Vec<Group>,
    limit: Option<i64>,
    next_token: Option<String>,
) -> Result<Value, ApiError> {
    let list = ListRequest {
        max_results: limit,
        next_token,
    };
    let (groups, next) = page(groups, &list, 60, |g| g.name.clone())?;
    let groups: Vec<Value> = groups.iter().map(group_type).collect();
    Ok(json!({ "Groups": groups, "NextToken": next }))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct MembershipRequest {
    user_pool_id: String,
    username: String,
    group_name: String,
}

async fn set_membership(pool: &UserPool, member: bool, input: Value) -> Result<Value, ApiError> {
    let request: MembershipRequest = parse(input)?;
    pool.set_membership(
        &request.user_pool_id,
        &request.username,
        &request.group_name,
        member,
    )
    .await?;
    Ok(json!({}))
}

async fn list_users_in_group(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
    let request: GroupRequest = parse(input)?;
    let users = pool
        .users_in_group(&request.user_pool_id, &request.group_name)
        .await?;
    let list = ListRequest {
        max_results: request.limit,
        next_token: request.next_token,
    };
    let (users, next) = page(users, &list, 60, User::username_key)?;
    let users: Vec<Value> = users.iter().map(user_type).collect();
    Ok(json!({ "Users": users, "NextToken": next }))
}

/// Cognito's `GroupType`.
fn group_type(group: &Group) -> Value {
    json!({
        "GroupName": group.name,
        "UserPoolId": group.pool_id.as_str(),
        "Description": group.description,
        "Precedence": group.precedence,
        "RoleArn": group.role_arn,
        "CreationDate": group.created_at.0,
        "LastModifiedDate": group.updated_at.0,
    })
}

/// Cognito's `UserType`.
fn user_type(user: &User) -> Value {
    user_json(user, "Attributes", None)
}

/// A user as Cognito shows one: its attributes under `attributes_key` (`Attributes` in
/// `UserType`, `UserAttributes` from AdminGetUser), only the `wanted` ones if named.
fn user_json(user: &User, attributes_key: &str, wanted: Option<&[String]>) -> Value {
    let attributes: Vec<AttributeType> = attributes_to(&user.attributes, user.sub.as_str())
        .into_iter()
        .filter(|attribute| wanted.is_none_or(|wanted| wanted.contains(&attribute.name)))
        .collect();
    let mut shown = json!({
        "Username": user.username,
        "UserCreateDate": user.created_at.0,
        "UserLastModifiedDate": user.updated_at.0,
        "Enabled": user.enabled,
        "UserStatus": user.status.as_str(),
    });
    shown[attributes_key] = json!(attributes);
    shown
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct AdminCreateUserRequest {
    user_pool_id: String,
    username: String,
    #[serde(default)]
    user_attributes: Vec<AttributeType>,
    temporary_password: Option<String>,
    message_action: Option<String>,
}

async fn admin_create_user(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
    let request: AdminCreateUserRequest = parse(input)?;
    let suppress_message = match request.message_action.as_deref() {
        None | Some("RESEND") => false,
        Some("SUPPRESS") => true,
        Some(other) => {
            return Err(ApiError::invalid_parameter(format!(
                "MessageAction must be RESEND or SUPPRESS, not '{other}'."
            )));
        }
    };
    let user = pool
        .admin_create_user(
            &request.user_pool_id,
            NewUser {
                username: request.username,
                attributes: attributes_from(request.user_attributes),
                temporary_password: request.temporary_password,
                suppress_message,
            },
        )
        .await?;
    Ok(json!({ "User": user_type(&user) }))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct AdminInitiateAuthRequest {
    user_pool_id: String,
    client_id: String,
    auth_flow: String,
    #[serde(default)]
    auth_parameters: std::collections::HashMap<String, String>,
}

async fn admin_initiate_auth(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
    let request: AdminInitiateAuthRequest = parse(input)?;
    // The client must be one of the named pool's.
    pool.describe_client(&request.user_pool_id, &request.client_id)
        .await?;
    let parameter = |name: &str| request.auth_parameters.get(name).map(String::as_str);
    let required = |name: &str| {
        parameter(name)
            .filter(|value| !value.is_empty())
            .ok_or_else(|| {
                ApiError::invalid_parameter(format!("Missing required parameter {name}"))
            })
    };
    match request.auth_flow.as_str() {
        "ADMIN_USER_PASSWORD_AUTH" | "ADMIN_NO_SRP_AUTH" => {
            let username = required("USERNAME")?;
            let password = required("PASSWORD")?;
            let step = pool
                .password_auth(
                    &request.client_id,
                    username,
                    password,
                    ClientProof::SecretHash(parameter("SECRET_HASH")),
                    Some("ADMIN_USER_PASSWORD_AUTH"),
                )
                .await?;
            Ok(auth_answer(step))
        }
        "REFRESH_TOKEN_AUTH" | "REFRESH_TOKEN" => {
            let tokens = pool
                .refresh(
                    &request.client_id,
                    required("REFRESH_TOKEN")?,
                    ClientProof::SecretHash(parameter("SECRET_HASH")),
                )
                .await?;
            Ok(json!({
                "AuthenticationResult": AuthenticationResult::new(tokens, None),
                "ChallengeParameters": {},
            }))
        }
        "USER_SRP_AUTH" => srp_challenge(pool, &request.client_id, &request.auth_parameters).await,
        other => Err(ApiError::invalid_parameter(format!(
            "The auth flow {other} is not supported by AdminInitiateAuth."
        ))),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct AdminChallengeRequest {
    user_pool_id: String,
    #[serde(flatten)]
    challenge: ChallengeRequest,
}

async fn admin_respond_to_auth_challenge(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
    let request: AdminChallengeRequest = parse(input)?;
    pool.describe_client(&request.user_pool_id, &request.challenge.client_id)
        .await?;
    answer_challenge(pool, request.challenge).await
}
