//! Groups: created by an administrator, users added and removed; members' tokens carry
//! `cognito:groups`.

use super::*;
use crate::pool::Group;

/// What UpdateGroup changes: each member given replaces the group's.
#[derive(Clone, Debug, Default)]
pub struct GroupChange {
    pub description: Option<String>,
    pub precedence: Option<i64>,
    pub role_arn: Option<String>,
}

/// Cognito's rule on a group's precedence: 0 or more (lower wins).
fn check_precedence(precedence: Option<i64>) -> Result<(), PoolError> {
    if precedence.is_some_and(|p| p < 0) {
        return Err(PoolError::InvalidParameter(Invalid::Group(
            GroupFault::Precedence,
        )));
    }
    Ok(())
}

impl UserPool {
    /// Cognito CreateGroup.
    pub async fn create_group(
        &self,
        pool_id: &str,
        name: &str,
        description: Option<String>,
        precedence: Option<i64>,
        role_arn: Option<String>,
    ) -> Result<Group, PoolError> {
        let pool = self.describe_pool(pool_id).await?;
        let valid = !name.is_empty()
            && name.chars().count() <= 128
            && !name.chars().any(|c| c.is_control());
        if !valid {
            return Err(PoolError::InvalidParameter(Invalid::Group(
                GroupFault::Name,
            )));
        }
        check_precedence(precedence)?;
        let now = self.clock.now();
        let group = Group {
            pool_id: pool.id,
            name: name.to_string(),
            description,
            precedence,
            role_arn,
            created_at: now,
            updated_at: now,
        };
        match self.store.insert_group(&group).await {
            Ok(()) => Ok(group),
            Err(StoreError::Conflict) => Err(PoolError::GroupExists {
                group: name.to_string(),
            }),
            Err(error) => Err(error.into()),
        }
    }

    /// Cognito GetGroup.
    pub async fn group(&self, pool_id: &str, name: &str) -> Result<Group, PoolError> {
        let pool = self.describe_pool(pool_id).await?;
        self.store
            .get_group(&pool.id, name)
            .await?
            .ok_or(PoolError::ResourceNotFound(Missing::Group))
    }

    /// Cognito UpdateGroup: the description, precedence and role given replace the
    /// group's; those left out stay as they were.
    pub async fn update_group(
        &self,
        pool_id: &str,
        name: &str,
        change: GroupChange,
    ) -> Result<Group, PoolError> {
        let mut group = self.group(pool_id, name).await?;
        check_precedence(change.precedence)?;
        if let Some(description) = change.description {
            group.description = Some(description);
        }
        if let Some(precedence) = change.precedence {
            group.precedence = Some(precedence);
        }
        if let Some(role_arn) = change.role_arn {
            group.role_arn = Some(role_arn);
        }
        group.updated_at = self.clock.now();
        match self.store.update_group(&group).await {
            Ok(()) => Ok(group),
            Err(StoreError::NotFound) => Err(PoolError::ResourceNotFound(Missing::Group)),
            Err(error) => Err(error.into()),
        }
    }

    /// Cognito DeleteGroup: its members stay, without it.
    pub async fn delete_group(&self, pool_id: &str, name: &str) -> Result<(), PoolError> {
        let group = self.group(pool_id, name).await?;
        self.store.delete_group(&group.pool_id, &group.name).await?;
        Ok(())
    }

    /// Cognito ListGroups, by name.
    pub async fn list_groups(&self, pool_id: &str) -> Result<Vec<Group>, PoolError> {
        let pool = self.describe_pool(pool_id).await?;
        Ok(self.store.list_groups(&pool.id).await?)
    }

    /// Cognito AdminAddUserToGroup / AdminRemoveUserFromGroup.
    pub async fn set_membership(
        &self,
        pool_id: &str,
        username: &str,
        group: &str,
        member: bool,
    ) -> Result<(), PoolError> {
        let user = self.admin_user(pool_id, username).await?;
        let group = self.group(pool_id, group).await?;
        if member {
            self.store
                .add_member(&group.pool_id, &group.name, &user.sub)
                .await?;
        } else {
            self.store
                .remove_member(&group.pool_id, &group.name, &user.sub)
                .await?;
        }
        Ok(())
    }

    /// Cognito AdminListGroupsForUser, by precedence.
    pub async fn groups_for_user(
        &self,
        pool_id: &str,
        username: &str,
    ) -> Result<Vec<Group>, PoolError> {
        let user = self.admin_user(pool_id, username).await?;
        Ok(self.store.groups_of(&user.sub).await?)
    }

    /// Cognito ListUsersInGroup, by username.
    pub async fn users_in_group(&self, pool_id: &str, name: &str) -> Result<Vec<User>, PoolError> {
        let group = self.group(pool_id, name).await?;
        Ok(self.store.members_of(&group.pool_id, &group.name).await?)
    }
}
