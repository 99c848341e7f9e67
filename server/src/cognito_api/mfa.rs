//! The Cognito API's MFA operations for users: an authenticator app's set-up, and which
//! factors are on (the pool's configuration is in `pools`).

use super::prelude::*;
use super::wire::request;
use crate::pool::{FactorPreference, MfaPreference, UserMfa};

request!(AssociateSoftwareTokenRequest {
    access_token: Option<String>,
    session: Option<String>,
});

/// The access token of a request that may also name a sign-in `Session` (the set-up during
/// sign-in, MFA_SETUP, comes with the MFA sign-in steps).
fn access_token(access_token: Option<String>, session: Option<String>) -> Result<String, ApiError> {
    match (access_token, session) {
        (Some(token), _) => Ok(token),
        (None, Some(_)) => Err(ApiError::invalid_parameter(
            "Setting up a software token during sign-in (Session) is not supported yet; \
             sign in and use the AccessToken.",
        )),
        (None, None) => Err(ApiError::invalid_parameter(
            "Either AccessToken or Session is required.",
        )),
    }
}

pub(super) async fn associate_software_token(
    pool: &UserPool,
    request: AssociateSoftwareTokenRequest,
) -> Answer {
    let token = access_token(request.access_token, request.session)?;
    let secret = pool.associate_software_token(&token).await?;
    Ok(json!({ "SecretCode": secret }))
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
    let token = access_token(request.access_token, request.session)?;
    let verified = pool
        .verify_software_token(
            &token,
            &request.user_code,
            request.friendly_device_name.as_deref(),
        )
        .await;
    match verified {
        Ok(()) => Ok(json!({ "Status": "SUCCESS" })),
        Err(crate::pool::PoolError::CodeMismatch(message)) => {
            Err(ApiError::new("EnableSoftwareTokenMFAException", message))
        }
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
    let enabled: Vec<&str> = mfa.enabled().iter().map(|f| f.as_str()).collect();
    if !enabled.is_empty() {
        answer["UserMFASettingList"] = json!(enabled);
    }
    if let Some(preferred) = mfa.preferred {
        answer["PreferredMfaSetting"] = json!(preferred.as_str());
    }
    answer
}
