//! SQLite: users, found by folded username or verified email; ListUsers' filters.

use super::*;

#[async_trait]
impl UserStore for SqliteStore {
    async fn insert_user(&self, user: &User) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO users (sub, pool_id, username, username_key, email_key, password_hash,
                 srp_verifier, email_sign_in, status, enabled, attributes, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(user.sub.as_str())
        .bind(user.pool_id.as_str())
        .bind(&user.username)
        .bind(user.username_key())
        .bind(user.email_key())
        .bind(&user.password_hash)
        .bind(user.srp_verifier.as_ref().map(Verifier::encode))
        .bind(user.email_sign_in.as_str())
        .bind(user.status.as_str())
        .bind(user.enabled)
        .bind(to_json(&user.attributes)?)
        .bind(user.created_at.0)
        .bind(user.updated_at.0)
        .changed(&self.db)
        .await?;
        Ok(())
    }

    async fn find_user(&self, pool: &PoolId, login_key: &str) -> Result<Option<User>, StoreError> {
        // Usernames cannot look like emails, so at most one row matches.
        sqlx::query(select_user!(
            "WHERE pool_id = ?1 AND (username_key = ?2 OR email_key = ?2)
             ORDER BY username_key = ?2 DESC LIMIT 1"
        ))
        .bind(pool.as_str())
        .bind(login_key)
        .one(&self.db, user_from_row)
        .await
    }

    async fn get_user(&self, sub: &Sub) -> Result<Option<User>, StoreError> {
        sqlx::query(select_user!("WHERE sub = ?"))
            .bind(sub.as_str())
            .one(&self.db, user_from_row)
            .await
    }

    async fn list_users(
        &self,
        pool: &PoolId,
        filter: Option<&UserFilter>,
        after: &str,
        limit: u32,
    ) -> Result<Vec<User>, StoreError> {
        // ?4 is the value compared, ?5 the attribute's name (both NULL without a filter:
        // every statement names all five); the SQL around them is fixed.
        let compare = |column: &str, prefix: bool| {
            if prefix {
                format!("substr({column}, 1, length(?4)) = ?4 AND ?5 IS NULL")
            } else {
                format!("{column} = ?4 AND ?5 IS NULL")
            }
        };
        let (condition, attribute) = match filter {
            None => ("?4 IS NULL AND ?5 IS NULL".to_string(), None),
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
                        "EXISTS (SELECT 1 FROM json_each(users.attributes) AS a
                                 WHERE a.key = ?5 AND {})",
                        if filter.prefix {
                            "substr(a.value, 1, length(?4)) = ?4"
                        } else {
                            "a.value = ?4"
                        }
                    ),
                    Some(name.as_str()),
                ),
            },
        };
        let sql = format!(
            "{} WHERE pool_id = ?1 AND username_key > ?2 AND {condition}
             ORDER BY username_key LIMIT ?3",
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

    async fn delete_user(&self, sub: &Sub) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM users WHERE sub = ?")
            .bind(sub.as_str())
            .changed(&self.db)
            .await?;
        self.live_families.forget();
        Ok(())
    }

    async fn update_user(&self, user: &User) -> Result<(), StoreError> {
        let mut tx = self.db.begin().await.map_err(backend)?;
        update_user_in(&mut tx, user).await?;
        tx.commit().await.map_err(backend)
    }
}
