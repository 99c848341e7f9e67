//! The signed operations on a pool's users: the Admin* ones on one user, AdminCreateUser,
//! ListUsers, and groups with their members.

use super::paging;
use super::prelude::*;
use super::wire::request;
use crate::pool::{Invitation, NameTaken, PoolError};

request!(UserRequest {
    user_pool_id: String,
    username: String
});

/// The Admin* operations that take a pool and a username and answer `{}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum UserAction {
    Confirm,
    Disable,
    Enable,
    SignOutEverywhere,
    Delete,
}

pub(super) async fn admin_user_action(
    pool: &UserPool,
    action: UserAction,
    request: UserRequest,
) -> Answer {
    let (pool_id, username) = (request.user_pool_id.as_str(), request.username.as_str());
    match action {
        UserAction::Confirm => pool.admin_confirm_sign_up(pool_id, username).await?,
        UserAction::Disable => pool.admin_set_enabled(pool_id, username, false).await?,
        UserAction::Enable => pool.admin_set_enabled(pool_id, username, true).await?,
        UserAction::SignOutEverywhere => pool.admin_global_sign_out(pool_id, username).await?,
        UserAction::Delete => pool.admin_delete_user(pool_id, username).await?,
    }
    Ok(json!({}))
}

pub(super) async fn admin_get_user(pool: &UserPool, request: UserRequest) -> Answer {
    let user = pool
        .admin_user(&request.user_pool_id, &request.username)
        .await?;
    let answer = user_json(&user, "UserAttributes", None);
    Ok(super::mfa::with_mfa(answer, &pool.user_mfa(&user).await?))
}

request!(SetPasswordRequest {
    user_pool_id: String,
    username: String,
    password: String,
    #[serde(default)]
    permanent: bool,
});

pub(super) async fn admin_set_user_password(
    pool: &UserPool,
    request: SetPasswordRequest,
) -> Answer {
    pool.admin_set_password(
        &request.user_pool_id,
        &request.username,
        &request.password,
        request.permanent,
    )
    .await?;
    Ok(json!({}))
}

pub(super) async fn admin_reset_user_password(pool: &UserPool, request: UserRequest) -> Answer {
    pool.admin_reset_password(&request.user_pool_id, &request.username)
        .await?;
    Ok(json!({}))
}

request!(UpdateAttributesRequest {
    user_pool_id: String,
    username: String,
    user_attributes: Vec<AttributeType>,
});

pub(super) async fn admin_update_user_attributes(
    pool: &UserPool,
    request: UpdateAttributesRequest,
) -> Answer {
    pool.admin_update_attributes(
        &request.user_pool_id,
        &request.username,
        attributes_from(request.user_attributes),
    )
    .await?;
    Ok(json!({}))
}

request!(DeleteAttributesRequest {
    user_pool_id: String,
    username: String,
    user_attribute_names: Vec<String>,
});

pub(super) async fn admin_delete_user_attributes(
    pool: &UserPool,
    request: DeleteAttributesRequest,
) -> Answer {
    pool.admin_delete_attributes(
        &request.user_pool_id,
        &request.username,
        &request.user_attribute_names,
    )
    .await?;
    Ok(json!({}))
}

request!(ListUsersRequest {
    user_pool_id: String,
    attributes_to_get: Option<Vec<String>>,
    limit: Option<i64>,
    pagination_token: Option<String>,
    #[serde(default)] filter: String,
});

/// ListUsers' page size: Cognito's 60 at most, and by default.
pub(super) const LIST_USERS_LIMIT: i64 = 60;

pub(super) async fn list_users(pool: &UserPool, request: ListUsersRequest) -> Answer {
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
            paging::decode(token)
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
        "PaginationToken": next.map(|key| paging::encode(&key)),
    }))
}

/// Cognito's `UserType`.
pub(super) fn user_type(user: &User) -> Value {
    user_json(user, "Attributes", None)
}

/// A user as Cognito shows one: its attributes under `attributes_key` (`Attributes` in
/// `UserType`, `UserAttributes` from AdminGetUser), only the `wanted` ones if named.
pub(super) fn user_json(user: &User, attributes_key: &str, wanted: Option<&[String]>) -> Value {
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

request!(AdminCreateUserRequest {
    user_pool_id: String,
    username: String,
    #[serde(default)] user_attributes: Vec<AttributeType>,
    temporary_password: Option<String>,
    message_action: Option<String>,
    #[serde(default)] validation_data: Vec<AttributeType>,
    #[serde(default)] client_metadata: Attributes,
});

pub(super) async fn admin_create_user(pool: &UserPool, request: AdminCreateUserRequest) -> Answer {
    let invitation = match request.message_action.as_deref() {
        None => Invitation::Send,
        Some("RESEND") => Invitation::Resend,
        Some("SUPPRESS") => Invitation::Suppress,
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
                invitation,
                validation_data: attributes_from(request.validation_data),
                client_metadata: request.client_metadata,
            },
        )
        .await
        .map_err(|error| match error {
            // AdminCreateUser's own words for a taken username.
            PoolError::UsernameExists(NameTaken::Username) => {
                ApiError::new("UsernameExistsException", "User account already exists")
            }
            other => other.into(),
        })?;
    Ok(json!({ "User": user_type(&user) }))
}

request!(CreateGroupRequest {
    user_pool_id: String,
    group_name: String,
    description: Option<String>,
    precedence: Option<i64>,
    role_arn: Option<String>,
});

pub(super) async fn create_group(pool: &UserPool, request: CreateGroupRequest) -> Answer {
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

pub(super) async fn update_group(pool: &UserPool, request: CreateGroupRequest) -> Answer {
    let change = crate::pool::GroupChange {
        description: request.description,
        precedence: request.precedence,
        role_arn: request.role_arn,
    };
    let group = pool
        .update_group(&request.user_pool_id, &request.group_name, change)
        .await?;
    Ok(json!({ "Group": group_type(&group) }))
}

request!(GroupRequest {
    user_pool_id: String,
    group_name: String,
    limit: Option<i64>,
    next_token: Option<String>,
});

pub(super) async fn get_group(pool: &UserPool, request: GroupRequest) -> Answer {
    let group = pool
        .group(&request.user_pool_id, &request.group_name)
        .await?;
    Ok(json!({ "Group": group_type(&group) }))
}

pub(super) async fn delete_group(pool: &UserPool, request: GroupRequest) -> Answer {
    pool.delete_group(&request.user_pool_id, &request.group_name)
        .await?;
    Ok(json!({}))
}

request!(ListGroupsRequest {
    user_pool_id: String,
    #[serde(default)] username: Option<String>,
    limit: Option<i64>,
    next_token: Option<String>,
});

pub(super) async fn list_groups(pool: &UserPool, request: ListGroupsRequest) -> Answer {
    let groups = pool.list_groups(&request.user_pool_id).await?;
    groups_page(groups, request.limit, request.next_token)
}

pub(super) async fn admin_list_groups_for_user(
    pool: &UserPool,
    request: ListGroupsRequest,
) -> Answer {
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
) -> Answer {
    let list = ListRequest {
        max_results: limit,
        next_token,
    };
    let (groups, next) = page(groups, &list, 60, |g| g.name.clone())?;
    let groups: Vec<Value> = groups.iter().map(group_type).collect();
    Ok(json!({ "Groups": groups, "NextToken": next }))
}

request!(MembershipRequest {
    user_pool_id: String,
    username: String,
    group_name: String
});

pub(super) async fn set_membership(
    pool: &UserPool,
    member: bool,
    request: MembershipRequest,
) -> Answer {
    pool.set_membership(
        &request.user_pool_id,
        &request.username,
        &request.group_name,
        member,
    )
    .await?;
    Ok(json!({}))
}

pub(super) async fn list_users_in_group(pool: &UserPool, request: GroupRequest) -> Answer {
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
