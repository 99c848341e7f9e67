//! Threat protection's records: each user's auth events. An event's risk, challenges,
//! context and feedback are one JSON document; what is searched (the user, the time, the
//! address) has its own columns.

use serde::{Deserialize, Serialize};

use super::rows::{from_json, stored_id};
use super::*;
use crate::pool::store::ThreatStore;
use crate::pool::{
    AuthEvent, ChallengeStep, Device, EventContext, EventFeedback, EventKind, EventPage,
    EventResponse, EventRisk,
};

/// What an event's `details` column holds.
#[derive(Serialize, Deserialize)]
struct Details {
    risk: EventRisk,
    challenges: Vec<(ChallengeStep, bool)>,
    context: EventContext,
    feedback: Option<EventFeedback>,
}

const COLUMNS: &str = "id, pool_id, user_sub, kind, created_at, response, details, \
     feedback_token_hash";

pub(super) const GET_AUTH_EVENT: &str = "SELECT id, pool_id, user_sub, kind, created_at,
         response, details, feedback_token_hash
     FROM auth_events WHERE user_sub = $1 AND id = $2";

pub(super) const LIST_AUTH_EVENTS: &str = "SELECT id, pool_id, user_sub, kind, created_at,
         response, details, feedback_token_hash
     FROM auth_events WHERE user_sub = $1 ORDER BY created_at DESC, id DESC LIMIT $2";

pub(super) const LIST_AUTH_EVENTS_AFTER: &str = "SELECT id, pool_id, user_sub, kind,
         created_at, response, details, feedback_token_hash
     FROM auth_events
     WHERE user_sub = $1 AND (created_at < $3 OR (created_at = $3 AND id < $4))
     ORDER BY created_at DESC, id DESC LIMIT $2";

pub(super) const USERS_FROM_ADDRESS: &str = "SELECT COUNT(DISTINCT user_sub) AS users
     FROM auth_events WHERE pool_id = $1 AND ip = $2 AND created_at >= $3";

pub(super) const PURGE_AUTH_EVENTS: &str = "DELETE FROM auth_events WHERE created_at < $1";

fn event_from_row(row: &DbRow) -> Stored<AuthEvent> {
    let text = |column: &str| -> Stored<String> { row.try_get(column).map_err(backend) };
    let pool_id = text("pool_id")?;
    let sub = text("user_sub")?;
    let kind = text("kind")?;
    let response = text("response")?;
    let details: Details = from_json(&text("details")?)?;
    let corrupt =
        |what: &str, value: &str| StoreError::Corrupt(format!("auth event {what} {value}"));
    Ok(AuthEvent {
        id: text("id")?,
        pool_id: stored_id(PoolId::parse(&pool_id), "pool id", &pool_id)?,
        user_sub: stored_id(Sub::parse(&sub), "user sub", &sub)?,
        kind: EventKind::parse(&kind).ok_or_else(|| corrupt("type", &kind))?,
        created_at: Timestamp(row.try_get("created_at").map_err(backend)?),
        response: EventResponse::parse(&response).ok_or_else(|| corrupt("response", &response))?,
        risk: details.risk,
        challenges: details.challenges,
        context: details.context,
        feedback: details.feedback,
        feedback_token_hash: row.try_get("feedback_token_hash").map_err(backend)?,
    })
}

fn details_of(event: &AuthEvent) -> Stored<String> {
    to_json(&Details {
        risk: event.risk.clone(),
        challenges: event.challenges.clone(),
        context: event.context.clone(),
        feedback: event.feedback.clone(),
    })
}

#[async_trait]
impl ThreatStore for SqlStore {
    async fn insert_auth_event(&self, event: &AuthEvent) -> Stored<()> {
        let sql = format!(
            "INSERT INTO auth_events ({COLUMNS}, ip) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
        );
        sqlx::query(&sql)
            .bind(&event.id)
            .bind(event.pool_id.as_str())
            .bind(event.user_sub.as_str())
            .bind(event.kind.as_str())
            .bind(event.created_at.0)
            .bind(event.response.as_str())
            .bind(details_of(event)?)
            .bind(&event.feedback_token_hash)
            .bind(&event.context.ip)
            .done(&self.db)
            .await
    }

    async fn update_auth_event(&self, event: &AuthEvent) -> Stored<()> {
        sqlx::query(
            "UPDATE auth_events SET response = $1, details = $2, feedback_token_hash = $3
             WHERE user_sub = $4 AND id = $5",
        )
        .bind(event.response.as_str())
        .bind(details_of(event)?)
        .bind(&event.feedback_token_hash)
        .bind(event.user_sub.as_str())
        .bind(&event.id)
        .updated(&self.db)
        .await
    }

    async fn get_auth_event(&self, user: &Sub, id: &str) -> Stored<Option<AuthEvent>> {
        sqlx::query(GET_AUTH_EVENT)
            .bind(user.as_str())
            .bind(id)
            .one(&self.db, event_from_row)
            .await
    }

    async fn list_auth_events(&self, user: &Sub, page: EventPage<'_>) -> Stored<Vec<AuthEvent>> {
        let limit = i64::from(page.limit);
        match page.after {
            None => {
                sqlx::query(LIST_AUTH_EVENTS)
                    .bind(user.as_str())
                    .bind(limit)
                    .all(&self.db, event_from_row)
                    .await
            }
            Some((at, id)) => {
                sqlx::query(LIST_AUTH_EVENTS_AFTER)
                    .bind(user.as_str())
                    .bind(limit)
                    .bind(at.0)
                    .bind(id)
                    .all(&self.db, event_from_row)
                    .await
            }
        }
    }

    async fn users_from_address(&self, pool: &PoolId, ip: &str, since: Timestamp) -> Stored<i64> {
        let count = sqlx::query(USERS_FROM_ADDRESS)
            .bind(pool.as_str())
            .bind(ip)
            .bind(since.0)
            .one(&self.db, |row| row.try_get("users").map_err(backend))
            .await?;
        Ok(count.unwrap_or(0))
    }

    async fn purge_auth_events(&self, before: Timestamp) -> Stored<u64> {
        sqlx::query(PURGE_AUTH_EVENTS)
            .bind(before.0)
            .changed(&self.db)
            .await
    }

    async fn insert_device(&self, device: &Device) -> Stored<()> {
        sqlx::query(
            "INSERT INTO devices (key, pool_id, user_sub, group_key, verifier, name, remembered,
                 last_ip, created_at, updated_at, last_authenticated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(&device.key)
        .bind(device.pool_id.as_str())
        .bind(device.user_sub.as_str())
        .bind(&device.group_key)
        .bind(device.verifier.as_ref().map(Verifier::encode))
        .bind(&device.name)
        .bind(device.remembered)
        .bind(&device.last_ip)
        .bind(device.created_at.0)
        .bind(device.updated_at.0)
        .bind(device.last_authenticated_at.map(|at| at.0))
        .done(&self.db)
        .await
    }

    async fn get_device(&self, user: &Sub, key: &str) -> Stored<Option<Device>> {
        sqlx::query(GET_DEVICE)
            .bind(user.as_str())
            .bind(key)
            .one(&self.db, device_from_row)
            .await
    }

    async fn list_devices(
        &self,
        user: &Sub,
        after: Option<&str>,
        limit: u32,
    ) -> Stored<Vec<Device>> {
        sqlx::query(LIST_DEVICES)
            .bind(user.as_str())
            .bind(after.unwrap_or(""))
            .bind(i64::from(limit))
            .all(&self.db, device_from_row)
            .await
    }

    async fn update_device(&self, device: &Device) -> Stored<()> {
        sqlx::query(
            "UPDATE devices SET verifier = $1, name = $2, remembered = $3, last_ip = $4,
                 updated_at = $5, last_authenticated_at = $6
             WHERE user_sub = $7 AND key = $8",
        )
        .bind(device.verifier.as_ref().map(Verifier::encode))
        .bind(&device.name)
        .bind(device.remembered)
        .bind(&device.last_ip)
        .bind(device.updated_at.0)
        .bind(device.last_authenticated_at.map(|at| at.0))
        .bind(device.user_sub.as_str())
        .bind(&device.key)
        .updated(&self.db)
        .await
    }

    async fn delete_device(&self, user: &Sub, key: &str) -> Stored<bool> {
        let deleted = sqlx::query(DELETE_DEVICE)
            .bind(user.as_str())
            .bind(key)
            .changed(&self.db)
            .await?;
        Ok(deleted > 0)
    }

    async fn purge_unconfirmed_devices(&self, before: Timestamp) -> Stored<u64> {
        sqlx::query(PURGE_DEVICES)
            .bind(before.0)
            .changed(&self.db)
            .await
    }
}

pub(super) const GET_DEVICE: &str = "SELECT key, pool_id, user_sub, group_key, verifier, name,
         remembered, last_ip, created_at, updated_at, last_authenticated_at
     FROM devices WHERE user_sub = $1 AND key = $2";

pub(super) const LIST_DEVICES: &str = "SELECT key, pool_id, user_sub, group_key, verifier,
         name, remembered, last_ip, created_at, updated_at, last_authenticated_at
     FROM devices WHERE user_sub = $1 AND verifier IS NOT NULL AND key > $2
     ORDER BY key LIMIT $3";

pub(super) const DELETE_DEVICE: &str = "DELETE FROM devices WHERE user_sub = $1 AND key = $2";

pub(super) const PURGE_DEVICES: &str =
    "DELETE FROM devices WHERE verifier IS NULL AND created_at < $1";

fn device_from_row(row: &DbRow) -> Stored<Device> {
    let text = |column: &str| -> Stored<String> { row.try_get(column).map_err(backend) };
    let pool_id = text("pool_id")?;
    let sub = text("user_sub")?;
    let verifier: Option<String> = row.try_get("verifier").map_err(backend)?;
    let verifier = match verifier {
        Some(stored) => Some(
            Verifier::decode(&stored)
                .ok_or_else(|| StoreError::Corrupt("device verifier".into()))?,
        ),
        None => None,
    };
    let last: Option<i64> = row.try_get("last_authenticated_at").map_err(backend)?;
    Ok(Device {
        key: text("key")?,
        pool_id: stored_id(PoolId::parse(&pool_id), "pool id", &pool_id)?,
        user_sub: stored_id(Sub::parse(&sub), "user sub", &sub)?,
        group_key: text("group_key")?,
        verifier,
        name: row.try_get("name").map_err(backend)?,
        remembered: row.try_get("remembered").map_err(backend)?,
        last_ip: row.try_get("last_ip").map_err(backend)?,
        created_at: Timestamp(row.try_get("created_at").map_err(backend)?),
        updated_at: Timestamp(row.try_get("updated_at").map_err(backend)?),
        last_authenticated_at: last.map(Timestamp),
    })
}
