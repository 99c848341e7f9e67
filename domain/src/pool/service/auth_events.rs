//! A user's sign-in history as operators and users see it: Cognito's
//! AdminListUserAuthEvents, and the feedback on an event (AdminUpdateAuthEventFeedback, and
//! UpdateAuthEventFeedback with the notice email's one-use token).

use super::*;
use crate::pool::{AuthEvent, EventFeedback, EventPage, SecurityMode};

/// Cognito's most events on one page of AdminListUserAuthEvents.
pub const MAX_EVENTS_PAGE: u32 = 60;

/// Who said whether an event was the user.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FeedbackFrom {
    /// An administrator (AdminUpdateAuthEventFeedback).
    Admin,
    /// The user, through the notice email's link.
    User,
}

impl UserPool {
    /// The pool, with threat protection on (its events exist only then).
    async fn events_pool(&self, pool_id: &str) -> Result<PoolConfig, PoolError> {
        let pool = self.describe_pool(pool_id).await?;
        if pool.settings.advanced_security.mode == SecurityMode::Off {
            return Err(PoolError::AddOnNotEnabled);
        }
        Ok(pool)
    }

    /// Cognito AdminListUserAuthEvents: the user's events, newest first, `limit` at most
    /// (1–60), after the event `after` names (its time and id, from the last page).
    pub async fn list_user_auth_events(
        &self,
        pool_id: &str,
        username: &str,
        limit: u32,
        after: Option<(Timestamp, &str)>,
    ) -> Result<(Vec<AuthEvent>, bool), PoolError> {
        self.events_pool(pool_id).await?;
        let user = self.admin_user(pool_id, username).await?;
        let limit = limit.clamp(1, MAX_EVENTS_PAGE);
        let mut events = self
            .store
            .list_auth_events(
                &user.sub,
                EventPage {
                    after,
                    limit: limit + 1,
                },
            )
            .await?;
        let more = events.len() > limit as usize;
        events.truncate(limit as usize);
        Ok((events, more))
    }

    /// Cognito AdminUpdateAuthEventFeedback and UpdateAuthEventFeedback: says whether the
    /// event was the user (`valid`). The user's form needs the token the notice email
    /// carried, used once; a wrong token, an unknown user and an unknown event all answer
    /// alike.
    #[tracing::instrument(skip(self, token))]
    pub async fn update_auth_event_feedback(
        &self,
        pool_id: &str,
        username: &str,
        event_id: &str,
        from: FeedbackFrom,
        token: Option<&str>,
        valid: bool,
    ) -> Result<(), PoolError> {
        self.events_pool(pool_id).await?;
        let not_yours = || PoolError::NotAuthorized(Denied::FeedbackTokenInvalid);
        let user = match (self.admin_user(pool_id, username).await, from) {
            (Ok(user), _) => user,
            (Err(PoolError::UserNotFound(_)), FeedbackFrom::User) => return Err(not_yours()),
            (Err(error), _) => return Err(error),
        };
        let event = self.store.get_auth_event(&user.sub, event_id).await?;
        let mut event = match (event, from) {
            (Some(event), _) => event,
            (None, FeedbackFrom::User) => return Err(not_yours()),
            (None, FeedbackFrom::Admin) => {
                return Err(PoolError::ResourceNotFound(Missing::AuthEvent(
                    event_id.to_string(),
                )));
            }
        };
        if from == FeedbackFrom::User {
            let given = tokens::secret_hash(token.unwrap_or_default());
            let matches = event.feedback_token_hash.as_deref().is_some_and(|stored| {
                subtle::ConstantTimeEq::ct_eq(stored.as_bytes(), given.as_bytes()).into()
            });
            if !matches {
                return Err(not_yours());
            }
            event.feedback_token_hash = None;
        }
        event.feedback = Some(EventFeedback {
            valid,
            provider: match from {
                FeedbackFrom::Admin => "Admin",
                FeedbackFrom::User => "User",
            }
            .to_string(),
            at: self.clock.now(),
        });
        self.store.update_auth_event(&event).await?;
        tracing::info!(valid, "auth event feedback recorded");
        Ok(())
    }

    /// Deletes the auth events older than their retention, and the device keys issued a
    /// day ago and never confirmed (run periodically).
    pub async fn purge_old_events(&self) -> Result<u64, PoolError> {
        let now = self.clock.now();
        let days = i64::from(self.event_retention_days);
        let events = self
            .store
            .purge_auth_events(Timestamp(now.0 - days * 86_400))
            .await?;
        let unconfirmed = Timestamp(now.0 - crate::pool::UNCONFIRMED_DEVICE_SECONDS);
        let devices = self.store.purge_unconfirmed_devices(unconfirmed).await?;
        Ok(events + devices)
    }
}
