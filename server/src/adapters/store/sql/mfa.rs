//! Users' second factors: one row per user who set one up.

use super::DbRow;
use async_trait::async_trait;
use sqlx::Row;

use super::rows::backend;
use super::{Run, SqlStore};
use crate::pool::store::{MfaStore, Stored};
use crate::pool::{MfaFactor, Sub, UserMfa};

fn mfa_from_row(row: &DbRow) -> Stored<UserMfa> {
    let preferred: Option<String> = row.try_get("preferred").map_err(backend)?;
    Ok(UserMfa {
        totp_secret: row.try_get("totp_secret").map_err(backend)?,
        totp_verified: row.try_get("totp_verified").map_err(backend)?,
        totp_last_step: row.try_get("totp_last_step").map_err(backend)?,
        totp_device: row.try_get("totp_device").map_err(backend)?,
        email_enabled: row.try_get("email_enabled").map_err(backend)?,
        preferred: preferred.as_deref().and_then(factor_from),
    })
}

/// The preferred factor's stored word.
fn factor_word(factor: MfaFactor) -> &'static str {
    match factor {
        MfaFactor::SoftwareToken => "SOFTWARE_TOKEN_MFA",
        MfaFactor::Email => "EMAIL_OTP",
    }
}

fn factor_from(word: &str) -> Option<MfaFactor> {
    Some(match word {
        "SOFTWARE_TOKEN_MFA" => MfaFactor::SoftwareToken,
        "EMAIL_OTP" => MfaFactor::Email,
        _ => return None,
    })
}

pub(super) const GET_MFA: &str = "SELECT totp_secret, totp_verified, totp_last_step,
         totp_device, email_enabled, preferred
     FROM user_mfa WHERE user_sub = $1";
pub(super) const USE_TOTP_STEP: &str =
    "UPDATE user_mfa SET totp_last_step = $1 WHERE user_sub = $2 AND totp_last_step < $3";

#[async_trait]
impl MfaStore for SqlStore {
    async fn get_mfa(&self, user: &Sub) -> Stored<UserMfa> {
        let found = sqlx::query(GET_MFA)
            .bind(user.as_str())
            .one(&self.db, mfa_from_row)
            .await?;
        Ok(found.unwrap_or_default())
    }

    async fn put_mfa(&self, user: &Sub, mfa: &UserMfa) -> Stored<()> {
        sqlx::query(
            "INSERT INTO user_mfa (user_sub, totp_secret, totp_verified, totp_last_step,
                                   totp_device, email_enabled, preferred)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (user_sub) DO UPDATE SET totp_secret = excluded.totp_secret,
                 totp_verified = excluded.totp_verified,
                 totp_last_step = excluded.totp_last_step,
                 totp_device = excluded.totp_device,
                 email_enabled = excluded.email_enabled,
                 preferred = excluded.preferred",
        )
        .bind(user.as_str())
        .bind(&mfa.totp_secret)
        .bind(mfa.totp_verified)
        .bind(mfa.totp_last_step)
        .bind(&mfa.totp_device)
        .bind(mfa.email_enabled)
        .bind(mfa.preferred.map(factor_word))
        .updated(&self.db)
        .await
    }

    async fn use_totp_step(&self, user: &Sub, step: i64) -> Stored<bool> {
        let changed = sqlx::query(USE_TOTP_STEP)
            .bind(step)
            .bind(user.as_str())
            .bind(step)
            .changed(&self.db)
            .await?;
        Ok(changed == 1)
    }
}
