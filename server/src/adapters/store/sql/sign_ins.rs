//! Token families, hosted sessions, challenges waiting for an answer, the purge
//! of what expired, and the pools' signing keys.

use super::*;

pub(super) const GET_FAMILY: &str = select_family!("WHERE id = $1");
pub(super) const FAMILY_BY_REFRESH: &str = select_family!("WHERE refresh_hash = $1");
pub(super) const REVOKE_FAMILY: &str =
    "UPDATE token_families SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL";
pub(super) const REVOKE_USER_FAMILIES: &str =
    "UPDATE token_families SET revoked_at = $1 WHERE user_sub = $2 AND revoked_at IS NULL";
pub(super) const GET_SESSION: &str =
    "SELECT family_id, expires_at, saml FROM sessions WHERE id_hash = $1";
pub(super) const DELETE_SESSION: &str = "DELETE FROM sessions WHERE id_hash = $1";
pub(super) const TAKE_AUTH_SESSION: &str = "DELETE FROM auth_sessions WHERE id_hash = $1
     RETURNING client_id, user_sub, challenge, srp_key, expires_at, tries_left, code_hash,
         custom_state, device_key";

/// What the purge deletes: each statement deletes rows that expired more than its
/// seconds ago (`$1` is now less those seconds), each by an index on its expiry.
pub(super) const PURGE: [(&str, i64); 9] = [
    ("DELETE FROM sessions WHERE expires_at <= $1", 0),
    ("DELETE FROM codes WHERE expires_at <= $1", 0),
    ("DELETE FROM auth_sessions WHERE expires_at <= $1", 0),
    ("DELETE FROM throttles WHERE window_end <= $1", 0),
    ("DELETE FROM oauth_requests WHERE expires_at <= $1", 0),
    ("DELETE FROM saml_assertions WHERE expires_at <= $1", 0),
    ("DELETE FROM passkey_challenges WHERE expires_at <= $1", 0),
    // Kept a day past expiry so that a replayed code is still recognised.
    ("DELETE FROM oauth_codes WHERE expires_at <= $1", 24 * 3600),
    (
        "DELETE FROM token_families WHERE expires_at <= $1",
        24 * 3600,
    ),
];

#[async_trait]
impl SignInStore for SqlStore {
    async fn insert_family(&self, family: &TokenFamily) -> Stored<()> {
        sqlx::query(
            "INSERT INTO token_families (id, pool_id, user_sub, client_id, refresh_hash, scope,
                 auth_time, created_at, expires_at, revoked_at, device_key)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(&family.id)
        .bind(family.pool_id.as_str())
        .bind(family.user_sub.as_str())
        .bind(family.client_id.as_str())
        .bind(&family.refresh_hash)
        .bind(&family.scope)
        .bind(family.auth_time.0)
        .bind(family.created_at.0)
        .bind(family.expires_at.0)
        .bind(family.revoked_at.map(|t| t.0))
        .bind(&family.device_key)
        .done(&self.db)
        .await
    }

    async fn get_family(&self, id: &str) -> Stored<Option<TokenFamily>> {
        let generation = match self.live_families.get(id) {
            Ok(family) => return Ok(Some(family)),
            Err(generation) => generation,
        };
        let family = keyed(GET_FAMILY, id).one(&self.db, family_from_row).await?;
        if let Some(family) = &family {
            self.live_families.remember(family, generation);
        }
        Ok(family)
    }

    async fn find_family_by_refresh(&self, refresh_hash: &str) -> Stored<Option<TokenFamily>> {
        keyed(FAMILY_BY_REFRESH, refresh_hash)
            .one(&self.db, family_from_row)
            .await
    }

    async fn revoke_family(&self, id: &str, at: Timestamp) -> Stored<()> {
        sqlx::query(REVOKE_FAMILY)
            .bind(at.0)
            .bind(id)
            .changed(&self.db)
            .await?;
        self.families_changed().await;
        Ok(())
    }

    async fn revoke_user_families(&self, user: &Sub, at: Timestamp) -> Stored<()> {
        sqlx::query(REVOKE_USER_FAMILIES)
            .bind(at.0)
            .bind(user.as_str())
            .changed(&self.db)
            .await?;
        self.families_changed().await;
        Ok(())
    }

    async fn insert_session(
        &self,
        id_hash: &str,
        session: &StoredSession,
        created_at: Timestamp,
    ) -> Stored<()> {
        let saml = match &session.saml {
            Some(saml) => Some(to_json(saml)?),
            None => None,
        };
        sqlx::query(
            "INSERT INTO sessions (id_hash, family_id, created_at, expires_at, saml)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id_hash)
        .bind(&session.family_id)
        .bind(created_at.0)
        .bind(session.expires_at.0)
        .bind(saml)
        .done(&self.db)
        .await
    }

    async fn get_session(&self, id_hash: &str) -> Stored<Option<StoredSession>> {
        keyed(GET_SESSION, id_hash)
            .one(&self.db, session_from_row)
            .await
    }

    async fn delete_session(&self, id_hash: &str) -> Stored<()> {
        sqlx::query(DELETE_SESSION)
            .bind(id_hash)
            .done(&self.db)
            .await
    }

    async fn insert_auth_session(&self, id_hash: &str, session: &AuthSession) -> Stored<()> {
        let (step, srp_key, code_hash) = challenge_columns(&session.challenge);
        let json = |e: serde_json::Error| StoreError::Backend(Box::new(e));
        let custom_state = match &session.challenge {
            Challenge::Custom(state) | Challenge::CustomPassword { state, .. } => {
                Some(serde_json::to_string(state).map_err(json)?)
            }
            Challenge::Device(step) | Challenge::DevicePassword { step, .. } => {
                Some(serde_json::to_string(step).map_err(json)?)
            }
            Challenge::Passkey { state } | Challenge::PasskeyRegistration { state } => {
                Some(state.clone())
            }
            _ => None,
        };
        sqlx::query(
            "INSERT INTO auth_sessions (id_hash, client_id, user_sub, challenge, srp_key,
                 expires_at, tries_left, code_hash, custom_state, device_key)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(id_hash)
        .bind(session.client_id.as_str())
        .bind(session.user_sub.as_str())
        .bind(step)
        .bind(srp_key)
        .bind(session.expires_at.0)
        .bind(session.tries_left)
        .bind(code_hash)
        .bind(custom_state)
        .bind(&session.device_key)
        .done(&self.db)
        .await
    }

    async fn take_auth_session(&self, id_hash: &str) -> Stored<Option<AuthSession>> {
        let row = sqlx::query(TAKE_AUTH_SESSION)
            .bind(id_hash)
            .fetch_optional(&self.db)
            .await
            .map_err(backend)?;
        let Some(row) = row else {
            return Ok(None);
        };
        let client_id: String = row.try_get("client_id").map_err(backend)?;
        let sub: String = row.try_get("user_sub").map_err(backend)?;
        let corrupt = |what: &str| StoreError::Corrupt(format!("auth session {what}"));
        let step: String = row.try_get("challenge").map_err(backend)?;
        let srp_key: Option<Vec<u8>> = row.try_get("srp_key").map_err(backend)?;
        let code_hash: Option<String> = row.try_get("code_hash").map_err(backend)?;
        let state: Option<String> = row.try_get("custom_state").map_err(backend)?;
        Ok(Some(AuthSession {
            client_id: ClientId::parse(&client_id).ok_or_else(|| corrupt("client id"))?,
            user_sub: Sub::parse(&sub).ok_or_else(|| corrupt("user sub"))?,
            challenge: challenge_from(&step, srp_key, code_hash, state.as_deref())
                .ok_or_else(|| corrupt("step"))?,
            expires_at: Timestamp(row.try_get("expires_at").map_err(backend)?),
            tries_left: row.try_get("tries_left").map_err(backend)?,
            device_key: row.try_get("device_key").map_err(backend)?,
        }))
    }

    async fn purge_expired(&self, now: Timestamp) -> Stored<u64> {
        let mut tx = self.db.begin().await.map_err(backend)?;
        let mut deleted = 0;
        for (statement, kept_for) in PURGE {
            deleted += sqlx::query(statement)
                .bind(now.0 - kept_for)
                .changed(&mut *tx)
                .await?;
        }
        tx.commit().await.map_err(backend)?;
        self.families_changed().await;
        Ok(deleted)
    }
}

fn signing_key_from_row(row: &DbRow) -> Stored<StoredSigningKey> {
    Ok(StoredSigningKey {
        kid: row.try_get("kid").map_err(backend)?,
        private_pkcs8: row.try_get("private_pkcs8").map_err(backend)?,
        created_at: Timestamp(row.try_get("created_at").map_err(backend)?),
    })
}

#[async_trait]
impl KeyStore for SqlStore {
    async fn list_signing_keys(&self, pool: &PoolId) -> Stored<Vec<StoredSigningKey>> {
        let rows = sqlx::query(
            "SELECT kid, private_pkcs8, created_at FROM signing_keys
             WHERE pool_id = $1 ORDER BY created_at, kid",
        )
        .bind(pool.as_str())
        .fetch_all(&self.db)
        .await
        .map_err(backend)?;
        rows.iter()
            .map(|row| {
                Ok(StoredSigningKey {
                    kid: row.try_get("kid").map_err(backend)?,
                    private_pkcs8: row.try_get("private_pkcs8").map_err(backend)?,
                    created_at: Timestamp(row.try_get("created_at").map_err(backend)?),
                })
            })
            .collect()
    }

    async fn insert_signing_key(&self, pool: &PoolId, key: &StoredSigningKey) -> Stored<()> {
        sqlx::query(
            "INSERT INTO signing_keys (kid, pool_id, private_pkcs8, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(&key.kid)
        .bind(pool.as_str())
        .bind(&key.private_pkcs8)
        .bind(key.created_at.0)
        .done(&self.db).await
    }

    async fn list_identity_signing_keys(&self) -> Stored<Vec<StoredSigningKey>> {
        sqlx::query(
            "SELECT kid, private_pkcs8, created_at FROM identity_signing_keys
             ORDER BY created_at, kid",
        )
        .all(&self.db, signing_key_from_row)
        .await
    }

    async fn insert_identity_signing_key(&self, key: &StoredSigningKey) -> Stored<()> {
        sqlx::query(
            "INSERT INTO identity_signing_keys (kid, private_pkcs8, created_at) VALUES ($1, $2, $3)",
        )
        .bind(&key.kid)
        .bind(&key.private_pkcs8)
        .bind(key.created_at.0)
        .done(&self.db)
        .await
    }
}

/// A waiting step as its three columns: the step's stored word, and the SRP key or the
/// emailed code's hash where the step has one.
fn challenge_columns(challenge: &Challenge) -> (&'static str, Option<&[u8]>, Option<&str>) {
    match challenge {
        Challenge::PasswordVerifier { srp_key } => ("password_verifier", Some(srp_key), None),
        Challenge::NewPassword => ("new_password", None, None),
        Challenge::SoftwareToken => ("software_token", None, None),
        Challenge::EmailCode { code_hash } => ("email_code", None, Some(code_hash)),
        Challenge::SelectFactor => ("select_factor", None, None),
        Challenge::FactorSetup => ("factor_setup", None, None),
        Challenge::Custom(_) => ("custom_challenge", None, None),
        Challenge::CustomPassword { srp_key, .. } => ("custom_password", Some(srp_key), None),
        Challenge::Device(_) => ("device_srp", None, None),
        Challenge::DevicePassword { srp_key, .. } => {
            ("device_password_verifier", Some(srp_key), None)
        }
        Challenge::SelectFirstFactor => ("select_first_factor", None, None),
        Challenge::Passkey { .. } => ("passkey", None, None),
        Challenge::SignInCode { code_hash } => ("sign_in_code", None, Some(code_hash)),
        Challenge::PasskeyRegistration { .. } => ("passkey_registration", None, None),
    }
}

/// The step back from its columns; `None` for a word the store never writes, or a step
/// without the value it needs.
fn challenge_from(
    step: &str,
    srp_key: Option<Vec<u8>>,
    code_hash: Option<String>,
    state: Option<&str>,
) -> Option<Challenge> {
    let custom = || serde_json::from_str::<crate::pool::CustomAuth>(state?).ok();
    let device = || serde_json::from_str::<crate::pool::DeviceStep>(state?).ok();
    Some(match step {
        "password_verifier" => Challenge::PasswordVerifier { srp_key: srp_key? },
        "new_password" => Challenge::NewPassword,
        "software_token" => Challenge::SoftwareToken,
        "email_code" => Challenge::EmailCode {
            code_hash: code_hash?,
        },
        "select_factor" => Challenge::SelectFactor,
        "factor_setup" => Challenge::FactorSetup,
        "custom_challenge" => Challenge::Custom(Box::new(custom()?)),
        "custom_password" => Challenge::CustomPassword {
            srp_key: srp_key?,
            state: Box::new(custom()?),
        },
        "device_srp" => Challenge::Device(Box::new(device()?)),
        "device_password_verifier" => Challenge::DevicePassword {
            srp_key: srp_key?,
            step: Box::new(device()?),
        },
        "select_first_factor" => Challenge::SelectFirstFactor,
        "passkey" => Challenge::Passkey {
            state: state?.to_string(),
        },
        "sign_in_code" => Challenge::SignInCode {
            code_hash: code_hash?,
        },
        "passkey_registration" => Challenge::PasskeyRegistration {
            state: state?.to_string(),
        },
        _ => return None,
    })
}
