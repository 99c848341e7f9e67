//! Users (found by folded username, verified email or phone, ListUsers' filters), their
//! groups, and their emailed codes. Every statement here that finds users by a key seeks
//! an index (tests/api/query_plans.rs asks the database).

use super::*;
use crate::pool::filter::SEARCHABLE_ATTRIBUTES;
use crate::pool::store::UserPage;
use sqlx::QueryBuilder;

/// `find_user`: the username first, then the aliases, as Cognito resolves a name; each
/// branch one index seek (an `OR` of the three would read every user of the pool).
/// Usernames cannot look like emails or phone numbers where those sign in, so at most one
/// row of each branch matches.
pub(super) const FIND_USER: &str = concat!(
    "SELECT * FROM (
         SELECT 1 AS found_by, ",
    user_columns!(),
    " FROM users WHERE pool_id = $1 AND username_key = $2
         UNION ALL
         SELECT 2, ",
    user_columns!(),
    " FROM users WHERE pool_id = $1 AND email_key = $2
         UNION ALL
         SELECT 3, ",
    user_columns!(),
    " FROM users WHERE pool_id = $1 AND phone_key = $2
     ) AS found ORDER BY found_by LIMIT 1"
);

pub(super) const GET_USER: &str = select_user!("WHERE sub = $1");

pub(super) const DELETE_USER: &str = "DELETE FROM users WHERE sub = $1";
pub(super) const REMOVE_MEMBER: &str =
    "DELETE FROM group_members WHERE pool_id = $1 AND group_name = $2 AND user_sub = $3";
pub(super) const GROUPS_OF: &str = select_group!(
    "WHERE (pool_id, name) IN (SELECT pool_id, group_name FROM group_members WHERE user_sub = $1)
     ORDER BY precedence IS NULL, precedence, name"
);
pub(super) const MEMBERS_OF: &str = select_user!(
    "WHERE sub IN (SELECT user_sub FROM group_members WHERE pool_id = $1 AND group_name = $2)
     ORDER BY username_key"
);
pub(super) const GET_CODE: &str = "SELECT code_hash, expires_at, tries_left, pending_value
     FROM codes WHERE user_sub = $1 AND purpose = $2";
/// One statement: the try is spent before anyone compares the code.
pub(super) const TAKE_CODE_TRY: &str = "UPDATE codes SET tries_left = tries_left - 1
     WHERE user_sub = $1 AND purpose = $2 AND tries_left > 0 AND expires_at > $3
     RETURNING code_hash, expires_at, tries_left + 1 AS tries_left, pending_value";
pub(super) const USE_CODE: &str =
    "DELETE FROM codes WHERE user_sub = $1 AND purpose = $2 AND code_hash = $3";

/// Rows a batch insert writes at once (15 values each, under both databases' limits).
const USERS_PER_INSERT: usize = 1_000;

/// One value a statement binds.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Arg {
    Text(String),
    Int(i64),
    Bool(bool),
}

/// ListUsers' statement for `filter`: its SQL and what it binds after the pool (`$1`), the
/// cursor (`$2`) and the page size (`$3`); `None` when no user can match. Pages go by
/// username key; a filter on a key Cognito searches seeks that key's index, named to the
/// databases that would otherwise walk the pool in username order to skip the sort.
pub(super) fn list_users_statement(filter: Option<&UserFilter>) -> Option<(String, Vec<Arg>)> {
    let (index, condition, args) = match filter {
        None => (String::new(), String::new(), Vec::new()),
        Some(filter) => filter_condition(filter)?,
    };
    let sql = format!(
        "SELECT {} FROM users{index} WHERE pool_id = $1 AND username_key > $2{condition}
         ORDER BY username_key LIMIT $3",
        user_columns!()
    );
    Some((sql, args))
}

/// The index to use (as [`using_index`] words it), the condition and its arguments.
fn filter_condition(filter: &UserFilter) -> Option<(String, String, Vec<Arg>)> {
    let seek = |index: &str, expr: &str| {
        let (condition, args) = compare_text(expr, filter);
        (using_index(index), condition, args)
    };
    Some(match &filter.field {
        FilterField::Username => seek("users_by_username", "username_key"),
        FilterField::Sub => seek(SUB_INDEX, &bytewise("sub")),
        FilterField::UserStatus => seek("users_by_status", &bytewise("status")),
        // `status` reads Enabled or Disabled: the words the filter matches become the flag.
        FilterField::Enabled => {
            let matching: Vec<bool> = [(true, "Enabled"), (false, "Disabled")]
                .into_iter()
                .filter(|(_, word)| match filter.prefix {
                    true => word.starts_with(filter.value.as_str()),
                    false => *word == filter.value,
                })
                .map(|(enabled, _)| enabled)
                .collect();
            match matching[..] {
                [] => return None,
                [enabled] => (
                    using_index("users_by_enabled"),
                    " AND enabled = $4".to_string(),
                    vec![Arg::Bool(enabled)],
                ),
                _ => (String::new(), String::new(), Vec::new()),
            }
        }
        FilterField::Attribute(name) => match SEARCHABLE_ATTRIBUTES.iter().find(|n| *n == name) {
            // The name in the SQL is the constant's, never the caller's text.
            Some(searchable) => seek(
                &format!("users_by_{searchable}_attribute"),
                &attribute_value(searchable),
            ),
            // Beyond Cognito (it searches no custom attribute): read from each user's JSON,
            // so this one filter reads the whole pool.
            None => (
                String::new(),
                format!(
                    " AND EXISTS (SELECT 1 FROM {USER_ATTRIBUTES} AS a WHERE a.key = $4 AND {})",
                    match filter.prefix {
                        true => "substr(a.value, 1, length($5)) = $5",
                        false => "a.value = $5",
                    }
                ),
                vec![Arg::Text(name.clone()), Arg::Text(filter.value.clone())],
            ),
        },
    })
}

/// `expr = value`, or for `^=` the range of texts that start with the value (a range an
/// index seeks, where `substr(…) = value` would read every row).
fn compare_text(expr: &str, filter: &UserFilter) -> (String, Vec<Arg>) {
    let value = Arg::Text(filter.value.clone());
    if !filter.prefix {
        return (format!(" AND {expr} = $4"), vec![value]);
    }
    match crate::adapters::store::prefix_end(&filter.value) {
        Some(end) => (
            format!(" AND {expr} >= $4 AND {expr} < $5"),
            vec![value, Arg::Text(end)],
        ),
        None => (
            format!(" AND {expr} >= $4 AND substr({expr}, 1, length($4)) = $4"),
            vec![value],
        ),
    }
}

/// Binds `args`, in order, after what `query` binds already.
pub(super) fn bind_args<'q>(
    mut query: Query<'q, Db, <Db as Database>::Arguments<'q>>,
    args: Vec<Arg>,
) -> Query<'q, Db, <Db as Database>::Arguments<'q>> {
    for arg in args {
        query = match arg {
            Arg::Text(text) => query.bind(text),
            Arg::Int(number) => query.bind(number),
            Arg::Bool(flag) => query.bind(flag),
        };
    }
    query
}

/// One `INSERT` of `rows` (each a user and its attributes as JSON).
fn insert_statement<'a>(
    rows: impl IntoIterator<Item = (&'a User, String)>,
) -> QueryBuilder<'a, Db> {
    let mut insert = QueryBuilder::<Db>::new(
        "INSERT INTO users (sub, pool_id, email_sign_in, status, enabled, username, username_key,
             email_key, password_hash, srp_verifier, attributes, created_at, updated_at,
             phone_sign_in, phone_key) ",
    );
    insert.push_values(rows, |mut row, (user, attributes)| {
        row.push_bind(user.sub.as_str())
            .push_bind(user.pool_id.as_str())
            .push_bind(user.email_sign_in.as_str())
            .push_bind(user.status.as_str())
            .push_bind(user.enabled)
            .push_bind(&user.username)
            .push_bind(user.username_key())
            .push_bind(user.email_key())
            .push_bind(&user.password_hash)
            .push_bind(user.srp_verifier.as_ref().map(Verifier::encode))
            .push_bind(attributes)
            .push_bind(user.created_at.0)
            .push_bind(user.updated_at.0)
            .push_bind(user.phone_sign_in.as_str())
            .push_bind(user.phone_key());
    });
    insert
}

#[async_trait]
impl UserStore for SqlStore {
    async fn insert_user(&self, user: &User) -> Stored<()> {
        let rows = [(user, to_json(&user.attributes)?)];
        insert_statement(rows)
            .build()
            .execute(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn insert_users(&self, users: &[User]) -> Stored<()> {
        let mut tx = self.db.begin().await.map_err(backend)?;
        for chunk in users.chunks(USERS_PER_INSERT) {
            let rows = chunk
                .iter()
                .map(|user| Ok((user, to_json(&user.attributes)?)))
                .collect::<Stored<Vec<_>>>()?;
            insert_statement(rows)
                .build()
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
        }
        tx.commit().await.map_err(backend)
    }

    async fn find_user(&self, pool: &PoolId, login_key: &str) -> Stored<Option<User>> {
        sqlx::query(FIND_USER)
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
        keyed(GET_USER, sub.as_str())
            .one(&self.db, user_from_row)
            .await
    }

    async fn list_users(
        &self,
        pool: &PoolId,
        filter: Option<&UserFilter>,
        page: UserPage<'_>,
    ) -> Stored<Vec<User>> {
        let Some((sql, args)) = list_users_statement(filter) else {
            return Ok(Vec::new());
        };
        let query = sqlx::query(&sql)
            .bind(pool.as_str())
            .bind(page.after)
            .bind(i64::from(page.limit));
        bind_args(query, args).all(&self.db, user_from_row).await
    }

    async fn delete_user(&self, sub: &Sub) -> Stored<()> {
        sqlx::query(DELETE_USER)
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

    async fn password_history(&self, user: &Sub, limit: u32) -> Stored<Vec<String>> {
        sqlx::query(PASSWORD_HISTORY)
            .bind(user.as_str())
            .bind(i64::from(limit))
            .all(&self.db, |row| {
                row.try_get("password_hash").map_err(backend)
            })
            .await
    }

    async fn remember_password(
        &self,
        user: &Sub,
        hash: &str,
        at: Timestamp,
        keep: u32,
    ) -> Stored<()> {
        let mut tx = self.db.begin().await.map_err(backend)?;
        sqlx::query(
            "INSERT INTO password_history (user_sub, password_hash, created_at)
             VALUES ($1, $2, $3)",
        )
        .bind(user.as_str())
        .bind(hash)
        .bind(at.0)
        .done(&mut *tx)
        .await?;
        // Only the newest `keep` are kept (ties by time: the rows' order of insertion).
        sqlx::query(
            "DELETE FROM password_history WHERE user_sub = $1 AND password_hash NOT IN (
                 SELECT password_hash FROM password_history WHERE user_sub = $1
                 ORDER BY created_at DESC LIMIT $2)",
        )
        .bind(user.as_str())
        .bind(i64::from(keep))
        .done(&mut *tx)
        .await?;
        tx.commit().await.map_err(backend)
    }
}

pub(super) const PASSWORD_HISTORY: &str = "SELECT password_hash FROM password_history
     WHERE user_sub = $1 ORDER BY created_at DESC LIMIT $2";

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
        sqlx::query(REMOVE_MEMBER)
            .bind(pool.as_str())
            .bind(group)
            .bind(user.as_str())
            .done(&self.db)
            .await
    }

    async fn groups_of(&self, user: &Sub) -> Stored<Vec<Group>> {
        keyed(GROUPS_OF, user.as_str())
            .all(&self.db, group_from_row)
            .await
    }

    async fn members_of(&self, pool: &PoolId, group: &str) -> Stored<Vec<User>> {
        sqlx::query(MEMBERS_OF)
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
        sqlx::query(GET_CODE)
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
        sqlx::query(TAKE_CODE_TRY)
            .bind(user.as_str())
            .bind(purpose.as_str())
            .bind(now.0)
            .one(&self.db, code_from_row)
            .await
    }

    async fn use_code(&self, code_use: CodeUse<'_>) -> Stored<bool> {
        let mut tx = self.db.begin().await.map_err(backend)?;
        let used = sqlx::query(USE_CODE)
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
            sqlx::query(super::sign_ins::REVOKE_USER_FAMILIES)
                .bind(at.0)
                .bind(code_use.user.sub.as_str())
                .changed(&mut *tx)
                .await?;
        }
        tx.commit().await.map_err(backend)?;
        if code_use.revoke_sessions_at.is_some() {
            self.families_changed().await;
        }
        Ok(true)
    }
}
