//! Hosted-page sessions: started on a sign-in, ended by signing out or by its revocation.

use super::*;
use crate::pool::StoredSession;

/// A hosted-page session lives one hour (the 1 h).
const SESSION_SECONDS: i64 = 3600;

impl UserPool {
    /// Starts a hosted-page session for a sign-in; returns the cookie's secret value.
    pub async fn start_session(&self, signed_in: &SignedIn) -> Result<String, PoolError> {
        let id = tokens::new_refresh_token();
        let now = self.clock.now();
        let session = StoredSession {
            family_id: signed_in.family_id.clone(),
            expires_at: Timestamp(now.0 + SESSION_SECONDS),
            saml: signed_in.saml.clone(),
        };
        let id_hash = tokens::secret_hash(&id);
        self.store.insert_session(&id_hash, &session, now).await?;
        Ok(id)
    }

    /// The user a live session signed in, and that sign-in's token family; `None` once the
    /// session expired, was signed out, or its sign-in was revoked.
    pub async fn session_sign_in(
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

    /// Signs out of the hosted pages: ends the session and revokes its sign-in's tokens;
    /// the session it ended, if it was live.
    pub async fn end_session(&self, session_id: &str) -> Result<Option<StoredSession>, PoolError> {
        let id_hash = tokens::secret_hash(session_id);
        let session = self.store.get_session(&id_hash).await?;
        if let Some(session) = &session {
            self.store
                .revoke_family(&session.family_id, self.clock.now())
                .await?;
            self.store.delete_session(&id_hash).await?;
            tracing::info!(origin_jti = %session.family_id, "signed out of the hosted pages");
        }
        Ok(session)
    }
}
