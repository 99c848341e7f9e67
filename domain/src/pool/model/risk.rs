//! Threat protection's settings (Cognito's advanced security): the pool's mode, and the
//! risk configurations of the pool and of its app clients.

use ipnet::IpNet;
use serde::{Deserialize, Serialize};

use super::{ClientId, PoolId};
use crate::clock::Timestamp;

/// Cognito's `AdvancedSecurityMode`: off; evaluate and record only (`AUDIT`); act on what
/// is found (`ENFORCED`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SecurityMode {
    #[default]
    Off,
    Audit,
    Enforced,
}

impl SecurityMode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Off => "OFF",
            Self::Audit => "AUDIT",
            Self::Enforced => "ENFORCED",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "OFF" => Self::Off,
            "AUDIT" => Self::Audit,
            "ENFORCED" => Self::Enforced,
            _ => return None,
        })
    }
}

/// Cognito's `UserPoolAddOns`: the pool's mode, and the custom-authentication flow's own
/// (`AdvancedSecurityAdditionalFlows.CustomAuthMode`: `AUDIT` or `ENFORCED`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdvancedSecurity {
    pub mode: SecurityMode,
    #[serde(default)]
    pub custom_auth_mode: Option<SecurityMode>,
}

/// The events a compromised-credentials check looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum RiskEvent {
    SignIn,
    PasswordChange,
    SignUp,
}

impl RiskEvent {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SignIn => "SIGN_IN",
            Self::PasswordChange => "PASSWORD_CHANGE",
            Self::SignUp => "SIGN_UP",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "SIGN_IN" => Self::SignIn,
            "PASSWORD_CHANGE" => Self::PasswordChange,
            "SIGN_UP" => Self::SignUp,
            _ => return None,
        })
    }
}

/// What a risk calls for: Cognito's `EventAction` (compromised credentials take only
/// `Block` and `NoAction`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RiskAction {
    Block,
    MfaIfConfigured,
    MfaRequired,
    NoAction,
}

impl RiskAction {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Block => "BLOCK",
            Self::MfaIfConfigured => "MFA_IF_CONFIGURED",
            Self::MfaRequired => "MFA_REQUIRED",
            Self::NoAction => "NO_ACTION",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "BLOCK" => Self::Block,
            "MFA_IF_CONFIGURED" => Self::MfaIfConfigured,
            "MFA_REQUIRED" => Self::MfaRequired,
            "NO_ACTION" => Self::NoAction,
            _ => return None,
        })
    }
}

/// Cognito's `CompromisedCredentialsRiskConfigurationType`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompromisedCredentials {
    /// The events checked; empty means all of them, as in Cognito.
    pub event_filter: Vec<RiskEvent>,
    pub action: RiskAction,
}

/// One risk level's `AccountTakeoverActionType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelAction {
    pub notify: bool,
    pub action: RiskAction,
}

/// An email of the notify configuration (`NotifyEmailType`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotifyEmail {
    pub subject: String,
    pub html_body: Option<String>,
    pub text_body: Option<String>,
}

/// Cognito's `NotifyConfigurationType`: who the notices come from, and their templates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotifyConfiguration {
    pub from: Option<String>,
    pub reply_to: Option<String>,
    pub source_arn: String,
    pub block_email: Option<NotifyEmail>,
    pub no_action_email: Option<NotifyEmail>,
    pub mfa_email: Option<NotifyEmail>,
}

/// Cognito's `AccountTakeoverRiskConfigurationType`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountTakeover {
    pub notify: Option<NotifyConfiguration>,
    pub low: Option<LevelAction>,
    pub medium: Option<LevelAction>,
    pub high: Option<LevelAction>,
}

/// Cognito's `RiskExceptionConfigurationType`: addresses always blocked, and addresses
/// never evaluated.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskExceptions {
    pub blocked: Vec<IpNet>,
    pub skipped: Vec<IpNet>,
}

/// What a risk configuration says, stored as one document.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskSettings {
    pub compromised: Option<CompromisedCredentials>,
    pub account_takeover: Option<AccountTakeover>,
    pub exceptions: Option<RiskExceptions>,
}

/// A risk configuration, of the pool (`client_id` none) or of one of its app clients
/// (which then replaces the pool's for that client).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RiskConfiguration {
    pub pool_id: PoolId,
    pub client_id: Option<ClientId>,
    pub settings: RiskSettings,
    pub updated_at: Timestamp,
}
