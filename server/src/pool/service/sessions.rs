//! Hosted-page sessions and the demo API's notes.

use super::*;

/// A hosted-page session lives one hour (the issue's 1 h).
const SESSION_SECONDS: i64 = 3600;

impl UserPool {
    /// Starts a hosted-page session for a sign-in; returns the cookie's secret value.
    pub async fn start_session(&self, family_id: &str) -> Result<String, PoolError> {
        let id = tokens::new_refresh_token();
        let now = self.clock.now();
        self.store
            .insert_session(
                &tokens::secret_hash(&id),
                family_id,
                now,
                Timestamp(now.0 + SESSION_SECONDS),
            )
            .await?;
        Ok(id)
    }

    /// The live session with this cookie value, with fresh tokens from its sign-in; `None`
    /// once it expired, was signed out, or its sign-in was revoked.
    pub async fn session(&self, session_id: &str) -> Result<Option<SessionView>, PoolError> {
        let Some((user, family)) = self.session_sign_in(session_id).await? else {
            return Ok(None);
        };
        let Some(client) = self.store.get_client(&family.client_id).await? else {
            return Ok(None);
        };
        let tokens = self
            .issue(&client, &user, &family, None, self.clock.now())
            .await?;
        Ok(Some(SessionView {
            user,
            client_id: client.id,
            tokens,
        }))
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

    /// The demo API: the caller's notes (owner = the token's `sub`).
    pub async fn list_notes(&self, claims: &AccessClaims) -> Result<Vec<Note>, PoolError> {
        let pool = self.claims_pool(claims)?;
        Ok(self.store.list_notes(&pool, &claims.sub, 100).await?)
    }

    /// The demo API: adds a note owned by the token's `sub`.
    pub async fn add_note(&self, claims: &AccessClaims, body: &str) -> Result<Note, PoolError> {
        let body = body.trim();
        if body.is_empty() || body.chars().count() > 500 {
            return Err(PoolError::InvalidParameter(
                "A note must have 1 to 500 characters.".into(),
            ));
        }
        let pool = self.claims_pool(claims)?;
        Ok(self
            .store
            .insert_note(&pool, &claims.sub, body, self.clock.now())
            .await?)
    }

    fn claims_pool(&self, claims: &AccessClaims) -> Result<PoolId, PoolError> {
        claims
            .iss
            .rsplit_once('/')
            .and_then(|(_, pool)| PoolId::parse(pool))
            .ok_or_else(|| PoolError::NotAuthorized("Invalid Access Token".into()))
    }
}
