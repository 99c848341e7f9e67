//! SQLite: groups, memberships and resource servers.

use super::*;

#[async_trait]
impl GroupStore for SqliteStore {
    async fn insert_group(&self, group: &Group) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO user_groups (pool_id, name, description, precedence, role_arn,
                 created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(group.pool_id.as_str())
        .bind(&group.name)
        .bind(&group.description)
        .bind(group.precedence)
        .bind(&group.role_arn)
        .bind(group.created_at.0)
        .bind(group.updated_at.0)
        .changed(&self.db)
        .await?;
        Ok(())
    }

    async fn get_group(&self, pool: &PoolId, name: &str) -> Result<Option<Group>, StoreError> {
        sqlx::query(select_group!("WHERE pool_id = ? AND name = ?"))
            .bind(pool.as_str())
            .bind(name)
            .one(&self.db, group_from_row)
            .await
    }

    async fn delete_group(&self, pool: &PoolId, name: &str) -> Result<bool, StoreError> {
        let deleted = sqlx::query("DELETE FROM user_groups WHERE pool_id = ? AND name = ?")
            .bind(pool.as_str())
            .bind(name)
            .changed(&self.db)
            .await?;
        Ok(deleted > 0)
    }

    async fn list_groups(&self, pool: &PoolId) -> Result<Vec<Group>, StoreError> {
        sqlx::query(select_group!("WHERE pool_id = ? ORDER BY name"))
            .bind(pool.as_str())
            .all(&self.db, group_from_row)
            .await
    }

    async fn add_member(&self, pool: &PoolId, group: &str, user: &Sub) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO group_members (pool_id, group_name, user_sub) VALUES (?, ?, ?)
             ON CONFLICT DO NOTHING",
        )
        .bind(pool.as_str())
        .bind(group)
        .bind(user.as_str())
        .changed(&self.db)
        .await?;
        Ok(())
    }

    async fn remove_member(
        &self,
        pool: &PoolId,
        group: &str,
        user: &Sub,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "DELETE FROM group_members WHERE pool_id = ? AND group_name = ? AND user_sub = ?",
        )
        .bind(pool.as_str())
        .bind(group)
        .bind(user.as_str())
        .changed(&self.db)
        .await?;
        Ok(())
    }

    async fn groups_of(&self, user: &Sub) -> Result<Vec<Group>, StoreError> {
        sqlx::query(select_group!(
            "WHERE (pool_id, name) IN
                 (SELECT pool_id, group_name FROM group_members WHERE user_sub = ?)
             ORDER BY precedence IS NULL, precedence, name"
        ))
        .bind(user.as_str())
        .all(&self.db, group_from_row)
        .await
    }

    async fn members_of(&self, pool: &PoolId, group: &str) -> Result<Vec<User>, StoreError> {
        sqlx::query(select_user!(
            "WHERE sub IN (SELECT user_sub FROM group_members WHERE pool_id = ? AND group_name = ?)
             ORDER BY username_key"
        ))
        .bind(pool.as_str())
        .bind(group)
        .all(&self.db, user_from_row)
        .await
    }

    async fn insert_resource_server(&self, server: &ResourceServer) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO resource_servers (pool_id, identifier, name, scopes, created_at)
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(server.pool_id.as_str())
        .bind(&server.identifier)
        .bind(&server.name)
        .bind(to_json(&server.scopes)?)
        .bind(server.created_at.0)
        .changed(&self.db)
        .await?;
        Ok(())
    }

    async fn list_resource_servers(
        &self,
        pool: &PoolId,
    ) -> Result<Vec<ResourceServer>, StoreError> {
        sqlx::query(
            "SELECT pool_id, identifier, name, scopes, created_at FROM resource_servers
             WHERE pool_id = ? ORDER BY identifier",
        )
        .bind(pool.as_str())
        .all(&self.db, resource_server_from_row)
        .await
    }

    async fn delete_resource_server(
        &self,
        pool: &PoolId,
        identifier: &str,
    ) -> Result<bool, StoreError> {
        let deleted =
            sqlx::query("DELETE FROM resource_servers WHERE pool_id = ? AND identifier = ?")
                .bind(pool.as_str())
                .bind(identifier)
                .changed(&self.db)
                .await?;
        Ok(deleted > 0)
    }
}
