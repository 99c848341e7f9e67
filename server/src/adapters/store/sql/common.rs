//! What the shared SQL (this folder) is written with, included by each backend (`../sqlite`,
//! `../postgres`), whose own `Db`, `DbRow` and `SqlStore` it names: the `Run` ending of every
//! statement, the few writes that several aggregates share, and the imports every aggregate's
//! file takes with `use super::*`.

pub(super) use async_trait::async_trait;
pub(super) use sqlx::query::Query;
pub(super) use sqlx::{Database, Executor, Row, Transaction};

pub(super) use super::families::LiveFamilies;
pub(super) use super::rows::{
    backend, client_from_row, code_from_row, domain_from_row, family_from_row, group_from_row,
    oauth_code_from_row, oauth_request_from_row, pool_from_row, resource_server_from_row,
    session_from_row, to_json, user_from_row,
};
pub(super) use super::{Db, DbRow};
pub(super) use crate::clock::Timestamp;
pub(super) use crate::pool::codes::{Purpose, StoredCode};
pub(super) use crate::pool::filter::{FilterField, UserFilter};
pub(super) use crate::pool::srp::Verifier;
pub(super) use crate::pool::store::{
    CodeStore, CodeUse, GroupStore, KeyStore, OAuthStore, PoolStore, SignInStore, StoreError,
    Stored, UserStore,
};
pub(super) use crate::pool::{
    AppClient, AuthSession, Challenge, ClientId, ClientSecret, Group, OAuthCode, OAuthRequest,
    PoolConfig, PoolDomain, PoolId, Redeemed, ResourceServer, RiskConfiguration, StoredSession,
    StoredSigningKey, Sub, TokenFamily, User,
};

pub(super) const DEFAULT_POOL_KEY: &str = "default_pool_id";
pub(super) const DEFAULT_CLIENT_KEY: &str = "default_client_id";

pub(super) async fn insert_pool_in<'c>(
    db: impl Executor<'c, Database = Db>,
    pool: &PoolConfig,
) -> Stored<()> {
    sqlx::query(
        "INSERT INTO user_pools (id, name, settings, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(pool.id.as_str())
    .bind(&pool.name)
    .bind(to_json(&pool.settings)?)
    .bind(pool.created_at.0)
    .bind(pool.updated_at.0)
    .done(db)
    .await
}

pub(super) async fn insert_client_in<'c>(
    db: impl Executor<'c, Database = Db>,
    client: &AppClient,
) -> Stored<()> {
    sqlx::query(
        "INSERT INTO app_clients (id, pool_id, name, secret, settings, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(client.id.as_str())
    .bind(client.pool_id.as_str())
    .bind(&client.name)
    .bind(client.secret.as_ref().map(ClientSecret::expose))
    .bind(to_json(&client.settings)?)
    .bind(client.created_at.0)
    .bind(client.updated_at.0)
    .done(db)
    .await
}

pub(super) const UPDATE_USER: &str = "UPDATE users SET username = $1, username_key = $2,
         email_key = $3, password_hash = $4, srp_verifier = $5, status = $6, enabled = $7,
         attributes = $8, updated_at = $9, phone_key = $11
     WHERE sub = $10";

pub(super) async fn update_user_in(tx: &mut Transaction<'_, Db>, user: &User) -> Stored<()> {
    let updated = sqlx::query(UPDATE_USER)
        .bind(&user.username)
        .bind(user.username_key())
        .bind(user.email_key())
        .bind(&user.password_hash)
        .bind(user.srp_verifier.as_ref().map(Verifier::encode))
        .bind(user.status.as_str())
        .bind(user.enabled)
        .bind(to_json(&user.attributes)?)
        .bind(user.updated_at.0)
        .bind(user.sub.as_str())
        .bind(user.phone_key())
        .execute(&mut **tx)
        .await
        .map_err(backend)?
        .rows_affected();
    if updated == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// A query with one `?`, bound to `key`.
pub(super) fn keyed<'q>(
    sql: &'q str,
    key: &'q str,
) -> Query<'q, Db, <Db as Database>::Arguments<'q>> {
    sqlx::query(sql).bind(key)
}

/// Maps one row to a domain type.
pub(super) type FromRow<T> = fn(&DbRow) -> Stored<T>;

/// How every statement ends: run on a connection or the pool, errors translated
/// ([`backend`]), rows mapped.
pub(super) trait Run {
    /// The rows the statement changed.
    async fn changed<'c>(self, db: impl Executor<'c, Database = Db>) -> Stored<u64>;

    /// Runs the statement; the rows it changed do not matter.
    async fn done<'c>(self, db: impl Executor<'c, Database = Db>) -> Stored<()>;

    /// Runs a statement that must change a row: `NotFound` when none matched.
    async fn updated<'c>(self, db: impl Executor<'c, Database = Db>) -> Stored<()>;

    /// The row the query finds, if any.
    async fn one<'c, T>(
        self,
        db: impl Executor<'c, Database = Db>,
        map: FromRow<T>,
    ) -> Stored<Option<T>>;

    /// Every row the query finds.
    async fn all<'c, T>(
        self,
        db: impl Executor<'c, Database = Db>,
        map: FromRow<T>,
    ) -> Stored<Vec<T>>;
}

impl<'q> Run for Query<'q, Db, <Db as Database>::Arguments<'q>> {
    async fn changed<'c>(self, db: impl Executor<'c, Database = Db>) -> Stored<u64> {
        Ok(self.execute(db).await.map_err(backend)?.rows_affected())
    }

    async fn done<'c>(self, db: impl Executor<'c, Database = Db>) -> Stored<()> {
        self.changed(db).await.map(drop)
    }

    async fn updated<'c>(self, db: impl Executor<'c, Database = Db>) -> Stored<()> {
        match self.changed(db).await? {
            0 => Err(StoreError::NotFound),
            _ => Ok(()),
        }
    }

    async fn one<'c, T>(
        self,
        db: impl Executor<'c, Database = Db>,
        map: FromRow<T>,
    ) -> Stored<Option<T>> {
        match self.fetch_optional(db).await.map_err(backend)? {
            Some(row) => map(&row).map(Some),
            None => Ok(None),
        }
    }

    async fn all<'c, T>(
        self,
        db: impl Executor<'c, Database = Db>,
        map: FromRow<T>,
    ) -> Stored<Vec<T>> {
        self.fetch_all(db)
            .await
            .map_err(backend)?
            .iter()
            .map(map)
            .collect()
    }
}
