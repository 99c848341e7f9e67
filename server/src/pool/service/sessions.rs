//! Hosted-page sessions: started on a sign-in, ended by signing out or by its revocation.

use super::*;
use crate::pool::StoredSession;

/// A hosted-page session lives one hour (the 1 h).
const SESSION_SECONDS: i64 = 3600;

impl UserPool {
    /// Starts a hosted-page session for a sign-in; returns the cookie's secret value.
    pub async fn start_session(&self, family_id: &str) -> Result<String, PoolError> {
        let id = tokens::new_refresh_token();
        let now = self.clock.now();
        let session = StoredSession {
            family_id: family_id.to_string(),
            expires_at: Timestamp(now.0 + SESSION_SECONDS),
        };
        let id_hash = tokens::secret_hash(&id);
        self.store.insert_session(&id_hash, &session, now).await?;
        Ok(id)
    }

    /// The user a live session signed in, and that sign-in's token family; `None` once the
    /// session expired, was signed out, or its sign-in was revoked.
    pub(super) async fn session_sign_in(
        &self,
        session_id: &str,
    ) -> Result<Option<(User, TokenFamily)>, PoolError> {
        let id_hash = tokens::secret_hash(session_id);
        let Some(session) = self.store.get_session(&id_hash).await? else {
            return Ok(None);
        };
        let now = self.clock.now();
        if session.expires_at <= now {
            self.store.delete_session(&id_hash).await?;
            return Ok(None);
        }
        let Some(family) = self.store.get_family(&session.family_id).await? else {
            return Ok(None);
        };
        if family.revoked_at.is_some() || family.expires_at <= now {
            return Ok(None);
        }
        let Ok(user) = self.usable_user(&family.user_sub).await else {
            return Ok(None);
        };
        Ok(Some((user, family)))
    }

    /// Signs out of the hosted pages: ends the session and revokes its sign-in's tokens.
    pub async fn end_session(&self, session_id: &str) -> Result<(), PoolError> {
        let id_hash = tokens::secret_hash(session_id);
        if let Some(session) = self.store.get_session(&id_hash).await? {
            self.store
                .revoke_family(&session.family_id, self.clock.now())
                .await?;
            self.store.delete_session(&id_hash).await?;
            tracing::info!(origin_jti = %session.family_id, "signed out of the hosted pages");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::testkit::Kit;

    #[tokio::test]
    async fn a_session_lives_an_hour_and_ends_its_sign_in() {
        let (kit, signed_in) = Kit::signed_in_as("jane").await;
        let session = kit.pool.start_session(&signed_in.family_id).await.unwrap();
        let (user, family) = kit.pool.session_sign_in(&session).await.unwrap().unwrap();
        assert_eq!(user.username, "jane");
        assert_eq!(family.id, signed_in.family_id);
        assert!(kit.pool.session_sign_in("forged").await.unwrap().is_none());
        kit.advance(3600);
        assert!(kit.pool.session_sign_in(&session).await.unwrap().is_none());

        let signed_in = kit.signed_in("jane").await;
        let session = kit.pool.start_session(&signed_in.family_id).await.unwrap();
        kit.pool.end_session(&session).await.unwrap();
        assert!(kit.pool.session_sign_in(&session).await.unwrap().is_none());
        assert!(!kit.accepts(&signed_in.tokens.access_token).await);
        // Ending an unknown session is not an error.
        kit.pool.end_session("never-was").await.unwrap();
    }

    #[tokio::test]
    async fn a_session_ends_with_its_users_access() {
        let (kit, signed_in) = Kit::signed_in_as("jane").await;
        let session = kit.pool.start_session(&signed_in.family_id).await.unwrap();
        kit.pool
            .admin_set_enabled(kit.pool_id(), "jane", false)
            .await
            .unwrap();
        assert!(kit.pool.session_sign_in(&session).await.unwrap().is_none());
    }
}
