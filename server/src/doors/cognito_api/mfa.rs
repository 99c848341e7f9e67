//! The Cognito API's MFA operations for users: an authenticator app's set-up, and which
//! factors are on (the pool's configuration is in `pool_mfa`).

use super::prelude::*;
use super::wire::request;
use crate::pool::{FactorPreference, MfaPreference, UserMfa};

request!(AssociateSoftwareTokenRequest {
    access_token: Option<String>,
    session: Option<String>,
});

pub(super) async fn associate_software_token(
    pool: &UserPool,
    request: AssociateSoftwareTokenRequest,
) -> Answer {
    match (request.access_token, request.session) {
        (Some(token), _) => {
            let secret = pool.associate_software_token(&token).await?;
            Ok(json!({ "SecretCode": secret }))
        }
        (None, Some(session)) => {
            let (secret, session) = pool.associate_software_token_in_sign_in(&session).await?;
            Ok(json!({ "SecretCode": secret, "Session": session }))
        }
        (None, None) => Err(neither()),
    }
}

fn neither() -> ApiError {
    ApiError::invalid_parameter("Either AccessToken or Session is required.")
}

request!(VerifySoftwareTokenRequest {
    access_token: Option<String>,
    session: Option<String>,
    user_code: String,
    friendly_device_name: Option<String>,
});

/// Cognito answers a wrong code here with EnableSoftwareTokenMFAException.
pub(super) async fn verify_software_token(
    pool: &UserPool,
    request: VerifySoftwareTokenRequest,
) -> Answer {
    let device = request.friendly_device_name.as_deref();
    let verified = match (request.access_token, request.session) {
        (Some(token), _) => pool
            .verify_software_token(&token, &request.user_code, device)
            .await
            .map(|()| None),
        (None, Some(session)) => pool
            .verify_software_token_in_sign_in(&session, &request.user_code, device)
            .await
            .map(Some),
        (None, None) => return Err(neither()),
    };
    match verified {
        Ok(None) => Ok(json!({ "Status": "SUCCESS" })),
        Ok(Some(session)) => Ok(json!({ "Status": "SUCCESS", "Session": session })),
        Err(crate::pool::PoolError::CodeMismatch(code)) => Err(ApiError::new(
            "EnableSoftwareTokenMFAException",
            super::error::mismatch_words(code),
        )),
        Err(other) => Err(other.into()),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct MfaSettingsType {
    #[serde(default)]
    enabled: bool,
    #[serde(default)]
    preferred_mfa: bool,
}

impl From<MfaSettingsType> for FactorPreference {
    fn from(settings: MfaSettingsType) -> Self {
        Self {
            enabled: settings.enabled,
            preferred: settings.preferred_mfa,
        }
    }
}

request!(SetUserMfaPreferenceRequest {
    access_token: String,
    software_token_mfa_settings: Option<MfaSettingsType>,
    email_mfa_settings: Option<MfaSettingsType>,
    #[serde(rename = "SMSMfaSettings")] sms_mfa_settings: Option<MfaSettingsType>,
});

request!(AdminSetUserMfaPreferenceRequest {
    user_pool_id: String,
    username: String,
    software_token_mfa_settings: Option<MfaSettingsType>,
    email_mfa_settings: Option<MfaSettingsType>,
    #[serde(rename = "SMSMfaSettings")] sms_mfa_settings: Option<MfaSettingsType>,
});

/// The preference a request gives; SMS can only be left off.
fn preference(
    software_token: Option<MfaSettingsType>,
    email: Option<MfaSettingsType>,
    sms: Option<MfaSettingsType>,
) -> Result<MfaPreference, ApiError> {
    if sms.is_some_and(|sms| sms.enabled) {
        return Err(ApiError::invalid_parameter(
            "SMS MFA is not supported: Cognate sends no SMS.",
        ));
    }
    Ok(MfaPreference {
        software_token: software_token.map(Into::into),
        email: email.map(Into::into),
    })
}

pub(super) async fn set_user_mfa_preference(
    pool: &UserPool,
    request: SetUserMfaPreferenceRequest,
) -> Answer {
    let preference = preference(
        request.software_token_mfa_settings,
        request.email_mfa_settings,
        request.sms_mfa_settings,
    )?;
    pool.set_mfa_preference(&request.access_token, preference)
        .await?;
    Ok(json!({}))
}

pub(super) async fn admin_set_user_mfa_preference(
    pool: &UserPool,
    request: AdminSetUserMfaPreferenceRequest,
) -> Answer {
    let preference = preference(
        request.software_token_mfa_settings,
        request.email_mfa_settings,
        request.sms_mfa_settings,
    )?;
    pool.admin_set_mfa_preference(&request.user_pool_id, &request.username, preference)
        .await?;
    Ok(json!({}))
}

/// `UserMFASettingList` and `PreferredMfaSetting` added to a GetUser/AdminGetUser answer,
/// as Cognito shows them (left out when there are none).
pub(super) fn with_mfa(mut answer: Value, mfa: &UserMfa) -> Value {
    let enabled: Vec<&str> = mfa.enabled().into_iter().map(factor_name).collect();
    if !enabled.is_empty() {
        answer["UserMFASettingList"] = json!(enabled);
    }
    if let Some(preferred) = mfa.preferred {
        answer["PreferredMfaSetting"] = json!(factor_name(preferred));
    }
    answer
}
