//! The pool's second factors and passkeys: SetUserPoolMfaConfig and GetUserPoolMfaConfig
//! (`MfaConfiguration`, the factors, `WebAuthnConfiguration`).

use serde::Deserialize;

use super::pools::{PoolIdRequest, enum_member, mfa_mode};
use super::prelude::*;
use super::wire::request;
use crate::pool::{EmailMfa, MfaSettings, PasskeyFactor, UserVerification, WebAuthnSettings};

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct EnabledType {
    #[serde(default)]
    enabled: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct EmailMfaConfigType {
    message: Option<String>,
    subject: Option<String>,
}

request!(SetUserPoolMfaConfigRequest {
    user_pool_id: String,
    mfa_configuration: Option<String>,
    software_token_mfa_configuration: Option<EnabledType>,
    email_mfa_configuration: Option<EmailMfaConfigType>,
    sms_mfa_configuration: Option<Value>,
    web_authn_configuration: Option<WebAuthnConfigType>,
});

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct WebAuthnConfigType {
    relying_party_id: Option<String>,
    user_verification: Option<String>,
    factor_configuration: Option<String>,
}

impl WebAuthnConfigType {
    fn settings(self) -> Result<WebAuthnSettings, ApiError> {
        let user_verification = match self.user_verification.as_deref() {
            None => UserVerification::default(),
            Some(value) => enum_member(
                value,
                "webAuthnConfiguration.userVerification",
                "[required, preferred]",
                UserVerification::parse,
            )?,
        };
        let factor = match self.factor_configuration.as_deref() {
            None => PasskeyFactor::default(),
            Some(value) => enum_member(
                value,
                "webAuthnConfiguration.factorConfiguration",
                "[SINGLE_FACTOR, MULTI_FACTOR_WITH_USER_VERIFICATION]",
                PasskeyFactor::parse,
            )?,
        };
        Ok(WebAuthnSettings {
            relying_party_id: self.relying_party_id,
            user_verification,
            factor,
        })
    }
}

/// Cognito SetUserPoolMfaConfig: the configuration is replaced whole (a factor left out is
/// off). SMS is refused: Cognate sends no text messages.
pub(super) async fn set_user_pool_mfa_config(
    pool: &UserPool,
    request: SetUserPoolMfaConfigRequest,
) -> Answer {
    if request
        .sms_mfa_configuration
        .is_some_and(|sms| !sms.is_null())
    {
        return Err(ApiError::invalid_parameter(
            "SMS MFA is not supported: Cognate sends no SMS. Use SoftwareTokenMfaConfiguration \
             or EmailMfaConfiguration.",
        ));
    }
    let mfa = MfaSettings {
        mode: mfa_mode(request.mfa_configuration.as_deref())?,
        software_token: request
            .software_token_mfa_configuration
            .is_some_and(|token| token.enabled),
        email: request.email_mfa_configuration.map(|email| EmailMfa {
            message: email.message,
            subject: email.subject,
        }),
    };
    let web_authn = match request.web_authn_configuration {
        Some(config) => Some(config.settings()?),
        None => None,
    };
    pool.set_mfa_and_passkeys(&request.user_pool_id, mfa, web_authn)
        .await?;
    let found = pool.describe_pool(&request.user_pool_id).await?;
    mfa_config_type(pool, &found)
}

pub(super) async fn get_user_pool_mfa_config(pool: &UserPool, request: PoolIdRequest) -> Answer {
    let found = pool.describe_pool(&request.user_pool_id).await?;
    mfa_config_type(pool, &found)
}

/// Cognito's answer to Get/SetUserPoolMfaConfig.
fn mfa_config_type(pool: &UserPool, found: &PoolConfig) -> Answer {
    let mfa = &found.settings.mfa;
    let web_authn = &found.settings.web_authn;
    let mut answer = json!({
        "MfaConfiguration": mfa.mode.as_str(),
        "SoftwareTokenMfaConfiguration": { "Enabled": mfa.software_token },
        "WebAuthnConfiguration": {
            "RelyingPartyId": pool.relying_party_id(found)?,
            "UserVerification": web_authn.user_verification.as_str(),
            "FactorConfiguration": web_authn.factor.as_str(),
        },
    });
    if let Some(email) = &mfa.email {
        answer["EmailMfaConfiguration"] = json!({
            "Message": email.message,
            "Subject": email.subject,
        });
    }
    Ok(answer)
}
