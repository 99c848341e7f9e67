//! The triggers port: a pool's functions (Cognito's Lambda triggers), called with Cognito's
//! events at each step of sign-up and sign-in. The domain builds the events and reads the
//! answers; the adapter (`server/src/adapters/triggers.rs`) delivers them, to AWS Lambda's
//! Invoke API or to a signed webhook, bounded in time and in calls at once.

use async_trait::async_trait;

/// A trigger, by its name in Cognito's `LambdaConfig` (which is also how Cognito's messages
/// name it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Trigger {
    PreSignUp,
    CustomMessage,
    PostConfirmation,
    PreAuthentication,
    PostAuthentication,
    DefineAuthChallenge,
    CreateAuthChallenge,
    VerifyAuthChallengeResponse,
    PreTokenGeneration,
    UserMigration,
    InboundFederation,
}

impl Trigger {
    pub const ALL: [Trigger; 11] = [
        Self::PreSignUp,
        Self::CustomMessage,
        Self::PostConfirmation,
        Self::PreAuthentication,
        Self::PostAuthentication,
        Self::DefineAuthChallenge,
        Self::CreateAuthChallenge,
        Self::VerifyAuthChallengeResponse,
        Self::PreTokenGeneration,
        Self::UserMigration,
        Self::InboundFederation,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::PreSignUp => "PreSignUp",
            Self::CustomMessage => "CustomMessage",
            Self::PostConfirmation => "PostConfirmation",
            Self::PreAuthentication => "PreAuthentication",
            Self::PostAuthentication => "PostAuthentication",
            Self::DefineAuthChallenge => "DefineAuthChallenge",
            Self::CreateAuthChallenge => "CreateAuthChallenge",
            Self::VerifyAuthChallengeResponse => "VerifyAuthChallengeResponse",
            Self::PreTokenGeneration => "PreTokenGeneration",
            Self::UserMigration => "UserMigration",
            Self::InboundFederation => "InboundFederation",
        }
    }
}

impl std::fmt::Display for Trigger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Whether `target` is somewhere a trigger can be sent: a Lambda function's ARN
/// (`arn:aws:lambda:<region>:<account>:function:<name>`), or, beyond Cognito, a webhook's
/// `https://` URL (`http://` only on loopback).
pub fn is_target(target: &str) -> bool {
    if let Some(arn) = target.strip_prefix("arn:") {
        return lambda_parts(arn).is_some();
    }
    let Ok(url) = url::Url::parse(target) else {
        return false;
    };
    match url.scheme() {
        "https" => url.host().is_some(),
        "http" => match url.host() {
            Some(url::Host::Domain(name)) => name == "localhost",
            Some(url::Host::Ipv4(address)) => address.is_loopback(),
            Some(url::Host::Ipv6(address)) => address.is_loopback(),
            None => false,
        },
        _ => false,
    }
}

/// A Lambda ARN's region and function name (with its qualifier, if any).
pub fn lambda_region_and_name(target: &str) -> Option<(&str, &str)> {
    lambda_parts(target.strip_prefix("arn:")?)
}

/// `<partition>:lambda:<region>:<account>:function:<name>[:<qualifier>]`.
fn lambda_parts(arn: &str) -> Option<(&str, &str)> {
    let mut parts = arn.splitn(6, ':');
    let (_partition, service, region, _account, kind, name) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    let region_ok = !region.is_empty()
        && region
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    let name_ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '$'));
    (service == "lambda" && kind == "function" && region_ok && name_ok).then_some((region, name))
}

/// Why a call to a function gave no usable answer. The texts are for the log.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CallError {
    /// The function ran and failed (it threw, or returned an error): its own message, which
    /// Cognito repeats to the caller.
    #[error("the function failed")]
    Failed(String),
    /// No answer in time.
    #[error("the function did not answer in time")]
    TimedOut,
    /// The function could not be called: refused, unreachable, too many calls at once, or
    /// an answer too large to read.
    #[error("the function could not be called: {0}")]
    Unreachable(String),
}

/// Where triggers are delivered. Each call is bounded in time (Cognito's five seconds) and
/// in number at once; a slow function holds nothing but its own caller.
#[async_trait]
pub trait Functions: Send + Sync {
    /// Calls the function at `target` (a Lambda ARN or a webhook URL, as [`is_target`]
    /// accepts) with `event` (JSON); its answer, JSON as the function gave it.
    async fn call(&self, target: &str, event: Vec<u8>) -> Result<Vec<u8>, CallError>;
}

/// No functions can be reached: every trigger configured fails as unreachable.
pub struct NoFunctions;

#[async_trait]
impl Functions for NoFunctions {
    async fn call(&self, _: &str, _: Vec<u8>) -> Result<Vec<u8>, CallError> {
        Err(CallError::Unreachable(
            "no function host is configured".into(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_lambda_arns_or_webhooks() {
        let arn = "arn:aws:lambda:eu-west-1:123456789012:function:pre-sign-up";
        assert!(is_target(arn));
        assert_eq!(
            lambda_region_and_name(arn),
            Some(("eu-west-1", "pre-sign-up"))
        );
        assert_eq!(
            lambda_region_and_name(&format!("{arn}:live")),
            Some(("eu-west-1", "pre-sign-up:live"))
        );
        assert!(is_target("https://hooks.example.com/cognito"));
        assert!(is_target("http://127.0.0.1:9000/hook"));
        assert!(is_target("http://localhost:9000/hook"));
        assert!(!is_target("http://hooks.example.com/cognito"));
        assert!(!is_target("arn:aws:sns:eu-west-1:123456789012:topic"));
        assert!(!is_target("arn:aws:lambda:EU:1:function:x"));
        assert!(!is_target("ftp://example.com/x"));
        assert!(!is_target("not a target"));
    }
}
