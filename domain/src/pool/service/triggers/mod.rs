//! Calling a pool's triggers: Cognito's event around each request, the answer's `response`
//! read back, and Cognito's three failures (the function refused, gave no answer, gave an
//! answer of the wrong shape). Each trigger's request and answer are in a file of its topic:
//! sign-up (pre sign-up, post confirmation, user migration), sign-in (pre and post
//! authentication, inbound federation), tokens (pre token generation) and messages.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

use super::*;
use crate::pool::error::NoAnswer;
use crate::pool::triggers::{CallError, Trigger};

mod messages;
mod sign_in;
mod sign_up;
mod token_claims;

pub(super) use messages::MessageFor;
pub(super) use sign_up::SignUpSource;
pub(super) use token_claims::{TokenGroups, TokenSource};

/// Cognito's `callerContext.clientId` where no app client is involved (AdminCreateUser).
const NO_CLIENT: &str = "CLIENT_ID_NOT_APPLICABLE";

/// One trigger's event, before the common fields are added.
pub(super) struct TriggerEvent<'a> {
    pub trigger: Trigger,
    /// Cognito's `triggerSource`, e.g. `PreSignUp_SignUp`.
    pub source: &'static str,
    /// The event's `version` (`1`; a pre token generation trigger's own version).
    pub version: &'static str,
    pub user_name: &'a str,
    pub client_id: Option<&'a ClientId>,
    pub request: Value,
    /// The `response` the function fills in, with Cognito's empty fields.
    pub response: Value,
}

impl<'a> TriggerEvent<'a> {
    pub fn new(trigger: Trigger, source: &'static str, user_name: &'a str) -> Self {
        Self {
            trigger,
            source,
            version: "1",
            user_name,
            client_id: None,
            request: json!({}),
            response: json!({}),
        }
    }

    pub fn client(mut self, client: &'a ClientId) -> Self {
        self.client_id = Some(client);
        self
    }

    pub fn request(mut self, request: Value) -> Self {
        self.request = request;
        self
    }

    pub fn response(mut self, response: Value) -> Self {
        self.response = response;
        self
    }
}

impl UserPool {
    /// Whether `pool` has a function for `trigger`.
    pub(super) fn has_trigger(pool: &PoolConfig, trigger: Trigger) -> bool {
        pool.settings.trigger(trigger).is_some()
    }

    /// Sends `event` to the pool's function for its trigger and reads the answer's
    /// `response` as `T`; `None` when the pool has no such trigger. A function that failed
    /// is [`PoolError::TriggerRefused`] with its message; no answer in time, or none at all,
    /// [`PoolError::TriggerFailed`]; an answer that is not the event with a `response` of
    /// `T`'s shape, [`PoolError::TriggerAnswer`].
    pub(super) async fn run_trigger<T: DeserializeOwned>(
        &self,
        pool: &PoolConfig,
        event: TriggerEvent<'_>,
    ) -> Result<Option<T>, PoolError> {
        let trigger = event.trigger;
        let Some(target) = pool.settings.trigger(trigger) else {
            return Ok(None);
        };
        let region = pool
            .id
            .as_str()
            .rsplit_once('_')
            .map_or("", |(region, _)| region);
        let body = json!({
            "version": event.version,
            "region": region,
            "userPoolId": pool.id.as_str(),
            "userName": event.user_name,
            "callerContext": {
                "awsSdkVersion": "aws-sdk-unknown-unknown",
                "clientId": event.client_id.map_or(NO_CLIENT, ClientId::as_str),
            },
            "triggerSource": event.source,
            "request": event.request,
            "response": event.response,
        });
        let body = serde_json::to_vec(&body).map_err(PoolError::internal)?;
        let answer = match self.functions.call(target, body).await {
            Ok(answer) => answer,
            Err(CallError::Failed(message)) => {
                tracing::info!(%trigger, source = event.source, "the trigger's function refused");
                return Err(PoolError::TriggerRefused { trigger, message });
            }
            Err(error) => {
                tracing::warn!(%trigger, source = event.source, %error, "the trigger's function did not answer");
                let cause = match error {
                    CallError::TimedOut => NoAnswer::TimedOut,
                    _ => NoAnswer::Unreachable,
                };
                return Err(PoolError::TriggerFailed { trigger, cause });
            }
        };
        let response = serde_json::from_slice::<Value>(&answer)
            .ok()
            .and_then(|answer| match answer {
                Value::Object(mut fields) => match fields.remove("response") {
                    None | Some(Value::Null) => Some(Value::Object(Map::new())),
                    Some(response @ Value::Object(_)) => Some(response),
                    Some(_) => None,
                },
                _ => None,
            })
            .and_then(|response| serde_json::from_value::<T>(without_nulls(response)).ok());
        match response {
            Some(response) => Ok(Some(response)),
            None => {
                tracing::warn!(%trigger, source = event.source, "the trigger's answer is not its shape");
                Err(PoolError::TriggerAnswer { trigger })
            }
        }
    }
}

/// The response's fields that the function set: Cognito's empty ones (null) are as if
/// absent, so a handler that leaves a field alone gives the default.
fn without_nulls(response: Value) -> Value {
    match response {
        Value::Object(fields) => Value::Object(
            fields
                .into_iter()
                .filter(|(_, value)| !value.is_null())
                .collect(),
        ),
        other => other,
    }
}

/// A user's attributes as a trigger's `request.userAttributes`: every attribute as text,
/// with `sub` and Cognito's `cognito:user_status` (and `cognito:email_alias` where the
/// email signs in as an alias).
pub(super) fn user_attributes(user: &User) -> Value {
    let mut attributes = Map::new();
    attributes.insert("sub".into(), user.sub.as_str().into());
    for (name, value) in &user.attributes {
        attributes.insert(name.clone(), value.as_str().into());
    }
    if let Some(email) = user.verified_email()
        && user.email_sign_in == SignInRule::WhenVerified
    {
        attributes.insert("cognito:email_alias".into(), email.into());
    }
    attributes.insert("cognito:user_status".into(), user.status.as_str().into());
    Value::Object(attributes)
}

/// Attributes (or validation data, client metadata) as a trigger's string map.
pub(super) fn string_map<'a>(pairs: impl IntoIterator<Item = (&'a String, &'a String)>) -> Value {
    Value::Object(
        pairs
            .into_iter()
            .map(|(name, value)| (name.clone(), Value::String(value.clone())))
            .collect(),
    )
}

/// A trigger that answers nothing but may refuse (post confirmation, pre and post
/// authentication): whatever its `response` holds is ignored.
#[derive(Debug, Default, serde::Deserialize)]
pub(super) struct NoAnswerExpected {}
