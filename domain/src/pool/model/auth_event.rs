//! A user's auth events (Cognito's `AuthEventType`): each sign-in, sign-up, password
//! change, reset and code resend, with the risk threat protection found in it, what was
//! done about it, where it came from and what the user or an administrator said of it.

use serde::{Deserialize, Serialize};

use super::{PoolId, Sub};
use crate::clock::Timestamp;

/// Cognito's `EventType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventKind {
    SignIn,
    SignUp,
    ForgotPassword,
    PasswordChange,
    ResendCode,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SignIn => "SignIn",
            Self::SignUp => "SignUp",
            Self::ForgotPassword => "ForgotPassword",
            Self::PasswordChange => "PasswordChange",
            Self::ResendCode => "ResendCode",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "SignIn" => Self::SignIn,
            "SignUp" => Self::SignUp,
            "ForgotPassword" => Self::ForgotPassword,
            "PasswordChange" => Self::PasswordChange,
            "ResendCode" => Self::ResendCode,
            _ => return None,
        })
    }
}

/// Cognito's `EventResponse`: how the event ended, or that it is still going on (a sign-in
/// waiting for its second factor).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventResponse {
    Pass,
    Fail,
    InProgress,
}

impl EventResponse {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pass => "Pass",
            Self::Fail => "Fail",
            Self::InProgress => "InProgress",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "Pass" => Self::Pass,
            "Fail" => Self::Fail,
            "InProgress" => Self::InProgress,
            _ => return None,
        })
    }
}

/// Cognito's `RiskLevel`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum RiskLevel {
    Low,
    Medium,
    High,
}

impl RiskLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Low => "Low",
            Self::Medium => "Medium",
            Self::High => "High",
        }
    }
}

/// Cognito's `RiskDecision`: nothing found, an account takeover risk, or blocked (an
/// address on the pool's block list, or an action that blocks).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum RiskDecision {
    #[default]
    NoRisk,
    AccountTakeover,
    Block,
}

impl RiskDecision {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NoRisk => "NoRisk",
            Self::AccountTakeover => "AccountTakeover",
            Self::Block => "Block",
        }
    }
}

/// Cognito's `EventRiskType`, with the score behind the level (Cognate's own).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventRisk {
    pub decision: RiskDecision,
    pub level: Option<RiskLevel>,
    pub compromised: bool,
    /// The account takeover score (0–100) and the signals that made it.
    #[serde(default)]
    pub score: u32,
    #[serde(default)]
    pub signals: Vec<String>,
}

/// A challenge within the event (Cognito's `ChallengeResponseType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChallengeStep {
    Password,
    Mfa,
}

impl ChallengeStep {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Password => "Password",
            Self::Mfa => "Mfa",
        }
    }
}

/// Where the event came from (Cognito's `EventContextDataType`), with what threat
/// protection compares: the device's hash and the browser's family.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EventContext {
    pub ip: Option<String>,
    pub device_name: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
    pub timezone: Option<String>,
    /// Latitude and longitude, when a GeoIP database placed the address.
    #[serde(default)]
    pub location: Option<(f64, f64)>,
    /// SHA-256 of the device identifier.
    #[serde(default)]
    pub device: Option<String>,
    /// The browser's family and platform, as read from its user agent.
    #[serde(default)]
    pub agent_family: Option<String>,
}

/// What was said of the event (Cognito's `EventFeedbackType`): it was the user (`valid`),
/// or it was not.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventFeedback {
    pub valid: bool,
    /// `Admin` (AdminUpdateAuthEventFeedback) or `User` (the emailed link).
    pub provider: String,
    pub at: Timestamp,
}

/// One auth event of a user.
#[derive(Clone, Debug, PartialEq)]
pub struct AuthEvent {
    pub id: String,
    pub pool_id: PoolId,
    pub user_sub: Sub,
    pub kind: EventKind,
    pub created_at: Timestamp,
    pub response: EventResponse,
    pub risk: EventRisk,
    /// Each challenge and whether it was answered rightly.
    pub challenges: Vec<(ChallengeStep, bool)>,
    pub context: EventContext,
    pub feedback: Option<EventFeedback>,
    /// SHA-256 of the one-use token the notification email's links carry.
    pub feedback_token_hash: Option<String>,
}

/// A page of auth events: newest first, up to `limit`, after the event `after` names
/// (its creation time and id) when given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EventPage<'a> {
    pub after: Option<(Timestamp, &'a str)>,
    pub limit: u32,
}
