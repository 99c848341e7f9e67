//! Users (found by folded username or verified email, ListUsers' filters), their
//! groups, and their emailed codes.

use super::*;
use crate::pool::store::UserPage;

#[async_trait]
impl UserStore for SqlStore {
    async fn insert_user(&self, user: &User) -> Stored<()> {
        sqlx::query(
            "INSERT INTO users (sub, pool_id, email_sign_in, status, enabled, username,
                 username_key, email_key, password_hash, srp_verifier, attributes, created_at,
                 updated_at, phone_sign_in, phone_key)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
        )
        .bind(user.sub.as_str())
        .bind(user.pool_id.as_str())
        .bind(user.email_sign_in.as_str())
        .bind(user.status.as_str())
        .bind(user.enabled)
        .bind(&user.username)
        .bind(user.username_key())
        .bind(user.email_key())
        .bind(&user.password_hash)
        .bind(user.srp_verifier.as_ref().map(Verifier::encode))
        .bind(to_json(&user.attributes)?)
        .bind(user.created_at.0)
        .bind(user.updated_at.0)
        .bind(user.phone_sign_in.as_str())
        .bind(user.phone_key())
        .done(&self.db)
        .await
    }

    async fn find_user(&self, pool: &PoolId, login_key: &str) -> Stored<Option<User>> {
        // Usernames cannot look like emails or phone numbers where those sign in, so at most
        // one row matches.
        sqlx::query(select_user!(
            "WHERE pool_id = $1 AND (username_key = $2 OR email_key = $2 OR phone_key = $2)
             ORDER BY username_key = $2 DESC LIMIT 1"
        ))
        .bind(pool.as_str())
        .bind(login_key)
        .one(&self.db, user_from_row)
        .await
    }

    async fn count_users(&self, pool: &PoolId) -> Stored<i64> {
        let count = |row: &DbRow| row.try_get::<i64, _>("n").map_err(backend);
        let counted = keyed(
            "SELECT count(*) AS n FROM users WHERE pool_id = $1",
            pool.as_str(),
        )
        .one(&self.db, count)
        .await?;
        Ok(counted.unwrap_or(0))
    }

    async fn get_user(&self, sub: &Sub) -> Stored<Option<User>> {
        keyed(select_user!("WHERE sub = $1"), sub.as_str())
            .one(&self.db, user_from_row)
            .await
    }

    async fn list_users(
        &self,
        pool: &PoolId,
        filter: Option<&UserFilter>,
        page: UserPage<'_>,
    ) -> Stored<Vec<User>> {
        let UserPage { after, limit } = page;
        // ?4 is the value compared, ?5 the attribute's name (both NULL without a filter:
        // every statement names all five); the SQL around them is fixed.
        let compare = |column: &str, prefix: bool| {
            if prefix {
                format!("substr({column}, 1, length($4)) = $4 AND $5 IS NULL")
            } else {
                format!("{column} = $4 AND $5 IS NULL")
            }
        };
        let (condition, attribute) = match filter {
            None => ("$4 IS NULL AND $5 IS NULL".to_string(), None),
            Some(filter) => match &filter.field {
                FilterField::Username => (compare("username_key", filter.prefix), None),
                FilterField::Sub => (compare("sub", filter.prefix), None),
                FilterField::UserStatus => (compare("status", filter.prefix), None),
                FilterField::Enabled => (
                    compare(
                        "CASE WHEN enabled THEN 'Enabled' ELSE 'Disabled' END",
                        filter.prefix,
                    ),
                    None,
                ),
                FilterField::Attribute(name) => (
                    format!(
                        "EXISTS (SELECT 1 FROM {USER_ATTRIBUTES} AS a
                                 WHERE a.key = $5 AND {})",
                        if filter.prefix {
                            "substr(a.value, 1, length($4)) = $4"
                        } else {
                            "a.value = $4"
                        }
                    ),
                    Some(name.as_str()),
                ),
            },
        };
        let sql = format!(
            "{} WHERE pool_id = $1 AND username_key > $2 AND {condition}
             ORDER BY username_key LIMIT $3",
            select_user!("")
        );
        sqlx::query(&sql)
            .bind(pool.as_str())
            .bind(after)
            .bind(i64::from(limit))
            .bind(filter.map(|filter| filter.value.as_str()))
            .bind(attribute)
            .all(&self.db, user_from_row)
            .await
    }

    async fn delete_user(&self, sub: &Sub) -> Stored<()> {
        sqlx::query("DELETE FROM users WHERE sub = $1")
            .bind(sub.as_str())
            .changed(&self.db)
            .await?;
        self.families_changed().await;
        Ok(())
    }

    async fn update_user(&self, user: &User) -> Stored<()> {
        let mut tx = self.db.begin().await.map_err(backend)?;
        update_user_in(&mut tx, user).await?;
        tx.commit().await.map_err(backend)
    }
}

#[async_trait]
impl GroupStore for SqlStore {
    async fn insert_group(&self, group: &Group) -> Stored<()> {
        sqlx::query(
            "INSERT INTO user_groups (pool_id, name, description, precedence, role_arn,
                 created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(group.pool_id.as_str())
        .bind(&group.name)
        .bind(&group.description)
        .bind(group.precedence)
        .bind(&group.role_arn)
        .bind(group.created_at.0)
        .bind(group.updated_at.0)
        .done(&self.db)
        .await
    }

    async fn get_group(&self, pool: &PoolId, name: &str) -> Stored<Option<Group>> {
        sqlx::query(select_group!("WHERE pool_id = $1 AND name = $2"))
            .bind(pool.as_str())
            .bind(name)
            .one(&self.db, group_from_row)
            .await
    }

    async fn update_group(&self, group: &Group) -> Stored<()> {
        sqlx::query(
            "UPDATE user_groups SET description = $1, precedence = $2, role_arn = $3,
                 updated_at = $4
             WHERE pool_id = $5 AND name = $6",
        )
        .bind(&group.description)
        .bind(group.precedence)
        .bind(&group.role_arn)
        .bind(group.updated_at.0)
        .bind(group.pool_id.as_str())
        .bind(&group.name)
        .updated(&self.db)
        .await
    }

    async fn delete_group(&self, pool: &PoolId, name: &str) -> Stored<bool> {
        let deleted = sqlx::query("DELETE FROM user_groups WHERE pool_id = $1 AND name = $2")
            .bind(pool.as_str())
            .bind(name)
            .changed(&self.db)
            .await?;
        Ok(deleted > 0)
    }

    async fn list_groups(&self, pool: &PoolId) -> Stored<Vec<Group>> {
        keyed(
            select_group!("WHERE pool_id = $1 ORDER BY name"),
            pool.as_str(),
        )
        .all(&self.db, group_from_row)
        .await
    }

    async fn add_member(&self, pool: &PoolId, group: &str, user: &Sub) -> Stored<()> {
        sqlx::query(
            "INSERT INTO group_members (pool_id, group_name, user_sub) VALUES ($1, $2, $3)
             ON CONFLICT DO NOTHING",
        )
        .bind(pool.as_str())
        .bind(group)
        .bind(user.as_str())
        .done(&self.db)
        .await
    }

    async fn remove_member(&self, pool: &PoolId, group: &str, user: &Sub) -> Stored<()> {
        sqlx::query(
            "DELETE FROM group_members WHERE pool_id = $1 AND group_name = $2 AND user_sub = $3",
        )
        .bind(pool.as_str())
        .bind(group)
        .bind(user.as_str())
        .done(&self.db)
        .await
    }

    async fn groups_of(&self, user: &Sub) -> Stored<Vec<Group>> {
        keyed(
            select_group!(
                "WHERE (pool_id, name) IN
                 (SELECT pool_id, group_name FROM group_members WHERE user_sub = $1)
             ORDER BY precedence IS NULL, precedence, name"
            ),
            user.as_str(),
        )
        .all(&self.db, group_from_row)
        .await
    }

    async fn members_of(&self, pool: &PoolId, group: &str) -> Stored<Vec<User>> {
        sqlx::query(select_user!(
            "WHERE sub IN (SELECT user_sub FROM group_members WHERE pool_id = $1 AND group_name = $2)
             ORDER BY username_key"
        ))
        .bind(pool.as_str())
        .bind(group)
        .all(&self.db, user_from_row)
        .await
    }
}

#[async_trait]
impl CodeStore for SqlStore {
    async fn put_code(
        &self,
        user: &Sub,
        purpose: Purpose,
        code: &StoredCode,
        now: Timestamp,
    ) -> Stored<()> {
        sqlx::query(
            "INSERT INTO codes (user_sub, purpose, code_hash, expires_at, tries_left, created_at,
                 pending_value)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (user_sub, purpose) DO UPDATE SET code_hash = excluded.code_hash,
                 expires_at = excluded.expires_at, tries_left = excluded.tries_left,
                 created_at = excluded.created_at, pending_value = excluded.pending_value",
        )
        .bind(user.as_str())
        .bind(purpose.as_str())
        .bind(&code.hash)
        .bind(code.expires_at.0)
        .bind(code.tries_left)
        .bind(now.0)
        .bind(code.pending.as_deref())
        .done(&self.db)
        .await
    }

    async fn get_code(&self, user: &Sub, purpose: Purpose) -> Stored<Option<StoredCode>> {
        sqlx::query(
            "SELECT code_hash, expires_at, tries_left, pending_value FROM codes
             WHERE user_sub = $1 AND purpose = $2",
        )
        .bind(user.as_str())
        .bind(purpose.as_str())
        .one(&self.db, code_from_row)
        .await
    }

    async fn take_code_try(
        &self,
        user: &Sub,
        purpose: Purpose,
        now: Timestamp,
    ) -> Stored<Option<StoredCode>> {
        // One statement: the try is spent before anyone compares the code.
        sqlx::query(
            "UPDATE codes SET tries_left = tries_left - 1
             WHERE user_sub = $1 AND purpose = $2 AND tries_left > 0 AND expires_at > $3
             RETURNING code_hash, expires_at, tries_left + 1 AS tries_left, pending_value",
        )
        .bind(user.as_str())
        .bind(purpose.as_str())
        .bind(now.0)
        .one(&self.db, code_from_row)
        .await
    }

    async fn use_code(&self, code_use: CodeUse<'_>) -> Stored<bool> {
        let mut tx = self.db.begin().await.map_err(backend)?;
        let used = sqlx::query(
            "DELETE FROM codes WHERE user_sub = $1 AND purpose = $2 AND code_hash = $3",
        )
        .bind(code_use.user.sub.as_str())
        .bind(code_use.purpose.as_str())
        .bind(code_use.code_hash)
        .changed(&mut *tx)
        .await?;
        if used == 0 {
            tx.rollback().await.map_err(backend)?;
            return Ok(false);
        }
        update_user_in(&mut tx, code_use.user).await?;
        if let Some(at) = code_use.revoke_sessions_at {
            sqlx::query(
                "UPDATE token_families SET revoked_at = $1 WHERE user_sub = $2 AND revoked_at IS NULL",
            )
            .bind(at.0)
            .bind(code_use.user.sub.as_str())
            .changed(&mut *tx).await?;
        }
        tx.commit().await.map_err(backend)?;
        if code_use.revoke_sessions_at.is_some() {
            self.families_changed().await;
        }
        Ok(true)
    }
}
