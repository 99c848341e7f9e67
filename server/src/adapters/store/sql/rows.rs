//! Row mapping and the pieces every aggregate shares: error translation, JSON
//! documents, whole-row `SELECT`s.

use super::DbRow;
use serde::Serialize;
use serde::de::DeserializeOwned;
use sqlx::Row;
use sqlx::error::ErrorKind;

use crate::clock::Timestamp;
use crate::pool::codes::StoredCode;
use crate::pool::srp::Verifier;
use crate::pool::store::{StoreError, Stored};
use crate::pool::{
    AppClient, ClientId, ClientSecret, Group, PoolConfig, PoolDomain, PoolId, ResourceServer,
    SignInRule, Sub, TokenFamily, User, UserStatus,
};
use crate::pool::{OAuthCode, OAuthRequest, StoredSession};

pub(super) fn backend(error: sqlx::Error) -> StoreError {
    if let sqlx::Error::Database(db) = &error {
        // PostgreSQL's "character not in repertoire": a NUL in text.
        if db.code().as_deref() == Some("22021") {
            return StoreError::Unstorable;
        }
        match db.kind() {
            ErrorKind::UniqueViolation => return StoreError::Conflict,
            ErrorKind::ForeignKeyViolation => return StoreError::NotFound,
            _ => {}
        }
    }
    StoreError::Backend(Box::new(error))
}

pub(super) fn to_json<T: Serialize>(value: &T) -> Stored<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt(e.to_string()))
}

pub(super) fn from_json<T: DeserializeOwned>(text: &str) -> Stored<T> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(e.to_string()))
}

pub(super) fn stored_id<T>(parsed: Option<T>, what: &str, value: &str) -> Stored<T> {
    parsed.ok_or_else(|| StoreError::Corrupt(format!("{what} `{value}` is malformed")))
}

pub(super) fn pool_from_row(row: &DbRow) -> Stored<PoolConfig> {
    let id: String = row.try_get("id").map_err(backend)?;
    let settings: String = row.try_get("settings").map_err(backend)?;
    Ok(PoolConfig {
        id: stored_id(PoolId::parse(&id), "pool id", &id)?,
        name: row.try_get("name").map_err(backend)?,
        settings: from_json(&settings)?,
        created_at: Timestamp(row.try_get("created_at").map_err(backend)?),
        updated_at: Timestamp(row.try_get("updated_at").map_err(backend)?),
    })
}

pub(super) fn client_from_row(row: &DbRow) -> Stored<AppClient> {
    let id: String = row.try_get("id").map_err(backend)?;
    let pool_id: String = row.try_get("pool_id").map_err(backend)?;
    let secret: Option<String> = row.try_get("secret").map_err(backend)?;
    let settings: String = row.try_get("settings").map_err(backend)?;
    Ok(AppClient {
        id: stored_id(ClientId::parse(&id), "client id", &id)?,
        pool_id: stored_id(PoolId::parse(&pool_id), "pool id", &pool_id)?,
        name: row.try_get("name").map_err(backend)?,
        secret: secret.map(ClientSecret::new),
        settings: from_json(&settings)?,
        created_at: Timestamp(row.try_get("created_at").map_err(backend)?),
        updated_at: Timestamp(row.try_get("updated_at").map_err(backend)?),
    })
}

pub(super) fn user_from_row(row: &DbRow) -> Stored<User> {
    let sub: String = row.try_get("sub").map_err(backend)?;
    let pool_id: String = row.try_get("pool_id").map_err(backend)?;
    let status: String = row.try_get("status").map_err(backend)?;
    let attributes: String = row.try_get("attributes").map_err(backend)?;
    let email_sign_in: String = row.try_get("email_sign_in").map_err(backend)?;
    let phone_sign_in: String = row.try_get("phone_sign_in").map_err(backend)?;
    Ok(User {
        sub: stored_id(Sub::parse(&sub), "user sub", &sub)?,
        pool_id: stored_id(PoolId::parse(&pool_id), "pool id", &pool_id)?,
        username: row.try_get("username").map_err(backend)?,
        status: stored_id(UserStatus::parse(&status), "user status", &status)?,
        enabled: row.try_get("enabled").map_err(backend)?,
        password_hash: row.try_get("password_hash").map_err(backend)?,
        srp_verifier: match row
            .try_get::<Option<String>, _>("srp_verifier")
            .map_err(backend)?
        {
            Some(stored) => Some(
                Verifier::decode(&stored)
                    .ok_or_else(|| StoreError::Corrupt("user SRP verifier".into()))?,
            ),
            None => None,
        },
        email_sign_in: stored_id(
            SignInRule::parse(&email_sign_in),
            "user email sign-in",
            &email_sign_in,
        )?,
        phone_sign_in: stored_id(
            SignInRule::parse(&phone_sign_in),
            "user phone sign-in",
            &phone_sign_in,
        )?,
        attributes: from_json(&attributes)?,
        created_at: Timestamp(row.try_get("created_at").map_err(backend)?),
        updated_at: Timestamp(row.try_get("updated_at").map_err(backend)?),
    })
}

pub(super) fn family_from_row(row: &DbRow) -> Stored<TokenFamily> {
    let pool_id: String = row.try_get("pool_id").map_err(backend)?;
    let sub: String = row.try_get("user_sub").map_err(backend)?;
    let client_id: String = row.try_get("client_id").map_err(backend)?;
    let revoked_at: Option<i64> = row.try_get("revoked_at").map_err(backend)?;
    Ok(TokenFamily {
        id: row.try_get("id").map_err(backend)?,
        pool_id: stored_id(PoolId::parse(&pool_id), "pool id", &pool_id)?,
        user_sub: stored_id(Sub::parse(&sub), "user sub", &sub)?,
        client_id: stored_id(ClientId::parse(&client_id), "client id", &client_id)?,
        refresh_hash: row.try_get("refresh_hash").map_err(backend)?,
        scope: row.try_get("scope").map_err(backend)?,
        auth_time: Timestamp(row.try_get("auth_time").map_err(backend)?),
        created_at: Timestamp(row.try_get("created_at").map_err(backend)?),
        expires_at: Timestamp(row.try_get("expires_at").map_err(backend)?),
        revoked_at: revoked_at.map(Timestamp),
        device_key: row.try_get("device_key").map_err(backend)?,
    })
}

/// `SELECT` of a whole user row followed by `$rest`.
macro_rules! select_user {
    ($rest:literal) => {
        concat!("SELECT ", user_columns!(), " FROM users ", $rest)
    };
}

/// The columns of a whole user row.
macro_rules! user_columns {
    () => {
        "sub, pool_id, username, password_hash, srp_verifier, email_sign_in, status, enabled, \
         attributes, created_at, updated_at, phone_sign_in"
    };
}

/// `SELECT` of a whole token-family row followed by `$rest`.
macro_rules! select_family {
    ($rest:literal) => {
        concat!(
            "SELECT id, pool_id, user_sub, client_id, refresh_hash, scope, auth_time, \
             created_at, expires_at, revoked_at, device_key FROM token_families ",
            $rest
        )
    };
}

/// `SELECT` of a whole pool row followed by `$rest`, as one literal built at compile time.
macro_rules! select_pool {
    ($rest:literal) => {
        concat!(
            "SELECT id, name, settings, created_at, updated_at FROM user_pools ",
            $rest
        )
    };
}

/// `SELECT` of a whole client row followed by `$rest`.
macro_rules! select_client {
    ($rest:literal) => {
        concat!(
            "SELECT id, pool_id, name, secret, settings, created_at, updated_at FROM app_clients ",
            $rest
        )
    };
}

pub(super) fn group_from_row(row: &DbRow) -> Stored<Group> {
    let pool_id: String = row.try_get("pool_id").map_err(backend)?;
    Ok(Group {
        pool_id: stored_id(PoolId::parse(&pool_id), "pool id", &pool_id)?,
        name: row.try_get("name").map_err(backend)?,
        description: row.try_get("description").map_err(backend)?,
        precedence: row.try_get("precedence").map_err(backend)?,
        role_arn: row.try_get("role_arn").map_err(backend)?,
        created_at: Timestamp(row.try_get("created_at").map_err(backend)?),
        updated_at: Timestamp(row.try_get("updated_at").map_err(backend)?),
    })
}

/// `SELECT` of a whole group row followed by `$rest`.
macro_rules! select_group {
    ($rest:literal) => {
        concat!(
            "SELECT pool_id, name, description, precedence, role_arn, created_at, updated_at \
             FROM user_groups ",
            $rest
        )
    };
}

pub(super) fn oauth_request_from_row(row: &DbRow) -> Stored<OAuthRequest> {
    let client_id: String = row.try_get("client_id").map_err(backend)?;
    let auth_after: Option<i64> = row.try_get("auth_after").map_err(backend)?;
    Ok(OAuthRequest {
        client_id: stored_id(ClientId::parse(&client_id), "client id", &client_id)?,
        redirect_uri: row.try_get("redirect_uri").map_err(backend)?,
        scope: row.try_get("scope").map_err(backend)?,
        state: row.try_get("state").map_err(backend)?,
        nonce: row.try_get("nonce").map_err(backend)?,
        code_challenge: row.try_get("code_challenge").map_err(backend)?,
        auth_after: auth_after.map(Timestamp),
        expires_at: Timestamp(row.try_get("expires_at").map_err(backend)?),
    })
}

pub(super) fn oauth_code_from_row(row: &DbRow) -> Stored<OAuthCode> {
    let client_id: String = row.try_get("client_id").map_err(backend)?;
    let sub: String = row.try_get("user_sub").map_err(backend)?;
    Ok(OAuthCode {
        client_id: stored_id(ClientId::parse(&client_id), "client id", &client_id)?,
        user_sub: stored_id(Sub::parse(&sub), "user sub", &sub)?,
        redirect_uri: row.try_get("redirect_uri").map_err(backend)?,
        scope: row.try_get("scope").map_err(backend)?,
        nonce: row.try_get("nonce").map_err(backend)?,
        code_challenge: row.try_get("code_challenge").map_err(backend)?,
        auth_time: Timestamp(row.try_get("auth_time").map_err(backend)?),
        expires_at: Timestamp(row.try_get("expires_at").map_err(backend)?),
    })
}

pub(super) fn resource_server_from_row(row: &DbRow) -> Stored<ResourceServer> {
    let pool_id: String = row.try_get("pool_id").map_err(backend)?;
    let scopes: String = row.try_get("scopes").map_err(backend)?;
    Ok(ResourceServer {
        pool_id: stored_id(PoolId::parse(&pool_id), "pool id", &pool_id)?,
        identifier: row.try_get("identifier").map_err(backend)?,
        name: row.try_get("name").map_err(backend)?,
        scopes: from_json(&scopes)?,
        created_at: Timestamp(row.try_get("created_at").map_err(backend)?),
    })
}

pub(super) fn domain_from_row(row: &DbRow) -> Stored<PoolDomain> {
    let pool_id: String = row.try_get("pool_id").map_err(backend)?;
    Ok(PoolDomain {
        domain: row.try_get("domain").map_err(backend)?,
        pool_id: stored_id(PoolId::parse(&pool_id), "pool id", &pool_id)?,
        certificate_arn: row.try_get("certificate_arn").map_err(backend)?,
        managed_login_version: row.try_get("managed_login_version").map_err(backend)?,
        created_at: Timestamp(row.try_get("created_at").map_err(backend)?),
        updated_at: Timestamp(row.try_get("updated_at").map_err(backend)?),
    })
}

pub(super) fn session_from_row(row: &DbRow) -> Stored<StoredSession> {
    let saml: Option<String> = row.try_get("saml").map_err(backend)?;
    Ok(StoredSession {
        family_id: row.try_get("family_id").map_err(backend)?,
        expires_at: Timestamp(row.try_get("expires_at").map_err(backend)?),
        saml: saml.as_deref().map(from_json).transpose()?,
    })
}

pub(super) fn code_from_row(row: &DbRow) -> Stored<StoredCode> {
    Ok(StoredCode {
        hash: row.try_get("code_hash").map_err(backend)?,
        expires_at: Timestamp(row.try_get("expires_at").map_err(backend)?),
        tries_left: row.try_get("tries_left").map_err(backend)?,
        pending: row.try_get("pending_value").map_err(backend)?,
    })
}
