//! The signed group operations: groups, memberships, and their lists.

use super::prelude::*;
use super::users::user_type;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct CreateGroupRequest {
    user_pool_id: String,
    group_name: String,
    description: Option<String>,
    precedence: Option<i64>,
    role_arn: Option<String>,
}

pub(super) async fn create_group(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
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
pub(super) struct GroupRequest {
    user_pool_id: String,
    group_name: String,
    limit: Option<i64>,
    next_token: Option<String>,
}

pub(super) async fn get_group(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
    let request: GroupRequest = parse(input)?;
    let group = pool
        .group(&request.user_pool_id, &request.group_name)
        .await?;
    Ok(json!({ "Group": group_type(&group) }))
}

pub(super) async fn delete_group(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
    let request: GroupRequest = parse(input)?;
    pool.delete_group(&request.user_pool_id, &request.group_name)
        .await?;
    Ok(json!({}))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct ListGroupsRequest {
    user_pool_id: String,
    #[serde(default)]
    username: Option<String>,
    limit: Option<i64>,
    next_token: Option<String>,
}

pub(super) async fn list_groups(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
    let request: ListGroupsRequest = parse(input)?;
    let groups = pool.list_groups(&request.user_pool_id).await?;
    groups_page(groups, request.limit, request.next_token)
}

pub(super) async fn admin_list_groups_for_user(
    pool: &UserPool,
    input: Value,
) -> Result<Value, ApiError> {
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

pub(super) fn groups_page(
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
pub(super) struct MembershipRequest {
    user_pool_id: String,
    username: String,
    group_name: String,
}

pub(super) async fn set_membership(
    pool: &UserPool,
    member: bool,
    input: Value,
) -> Result<Value, ApiError> {
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

pub(super) async fn list_users_in_group(pool: &UserPool, input: Value) -> Result<Value, ApiError> {
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
pub(super) fn group_type(group: &Group) -> Value {
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
