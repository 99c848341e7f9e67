//! Threat protection's configuration: SetRiskConfiguration and DescribeRiskConfiguration,
//! in Cognito's shapes.

use super::pools::enum_member;
use super::prelude::*;
use super::wire::request;
use crate::clock::Timestamp;
use crate::pool::{
    AccountTakeover, AuthEvent, CompromisedCredentials, FeedbackFrom, LevelAction, MAX_EVENTS_PAGE,
    NotifyConfiguration, NotifyEmail, RiskAction, RiskConfiguration, RiskEvent, RiskInput,
};

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct CompromisedType {
    #[serde(default)]
    event_filter: Vec<String>,
    actions: CompromisedActionsType,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct CompromisedActionsType {
    event_action: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct TakeoverType {
    notify_configuration: Option<NotifyType>,
    actions: TakeoverActionsType,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct TakeoverActionsType {
    low_action: Option<LevelActionType>,
    medium_action: Option<LevelActionType>,
    high_action: Option<LevelActionType>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct LevelActionType {
    notify: bool,
    event_action: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct NotifyType {
    from: Option<String>,
    reply_to: Option<String>,
    source_arn: String,
    block_email: Option<NotifyEmailType>,
    no_action_email: Option<NotifyEmailType>,
    mfa_email: Option<NotifyEmailType>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct NotifyEmailType {
    subject: String,
    html_body: Option<String>,
    text_body: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct ExceptionsType {
    #[serde(rename = "BlockedIPRangeList", default)]
    blocked: Vec<String>,
    #[serde(rename = "SkippedIPRangeList", default)]
    skipped: Vec<String>,
}

request!(SetRiskConfigurationRequest {
    user_pool_id: String,
    client_id: Option<String>,
    compromised_credentials_risk_configuration: Option<CompromisedType>,
    account_takeover_risk_configuration: Option<TakeoverType>,
    risk_exception_configuration: Option<ExceptionsType>,
});

fn action(value: &str, member: &str) -> Result<RiskAction, ApiError> {
    enum_member(
        value,
        member,
        "[BLOCK, MFA_IF_CONFIGURED, MFA_REQUIRED, NO_ACTION]",
        RiskAction::parse,
    )
}

fn level(given: Option<LevelActionType>, member: &str) -> Result<Option<LevelAction>, ApiError> {
    given
        .map(|level| {
            Ok(LevelAction {
                notify: level.notify,
                action: action(&level.event_action, member)?,
            })
        })
        .transpose()
}

fn email(given: Option<NotifyEmailType>) -> Option<NotifyEmail> {
    given.map(|email| NotifyEmail {
        subject: email.subject,
        html_body: email.html_body,
        text_body: email.text_body,
    })
}

pub(super) async fn set_risk_configuration(
    pool: &UserPool,
    request: SetRiskConfigurationRequest,
) -> Answer {
    let compromised = match request.compromised_credentials_risk_configuration {
        None => None,
        Some(given) => Some(CompromisedCredentials {
            event_filter: given
                .event_filter
                .iter()
                .map(|event| {
                    enum_member(
                        event,
                        "compromisedCredentialsRiskConfiguration.eventFilter",
                        "[SIGN_IN, PASSWORD_CHANGE, SIGN_UP]",
                        RiskEvent::parse,
                    )
                })
                .collect::<Result<_, _>>()?,
            action: enum_member(
                &given.actions.event_action,
                "compromisedCredentialsRiskConfiguration.actions.eventAction",
                "[BLOCK, NO_ACTION]",
                RiskAction::parse,
            )?,
        }),
    };
    let account_takeover = match request.account_takeover_risk_configuration {
        None => None,
        Some(given) => Some(AccountTakeover {
            notify: given
                .notify_configuration
                .map(|notify| NotifyConfiguration {
                    from: notify.from,
                    reply_to: notify.reply_to,
                    source_arn: notify.source_arn,
                    block_email: email(notify.block_email),
                    no_action_email: email(notify.no_action_email),
                    mfa_email: email(notify.mfa_email),
                }),
            low: level(
                given.actions.low_action,
                "accountTakeoverRiskConfiguration.actions.lowAction.eventAction",
            )?,
            medium: level(
                given.actions.medium_action,
                "accountTakeoverRiskConfiguration.actions.mediumAction.eventAction",
            )?,
            high: level(
                given.actions.high_action,
                "accountTakeoverRiskConfiguration.actions.highAction.eventAction",
            )?,
        }),
    };
    let exceptions = request
        .risk_exception_configuration
        .map(|given| (given.blocked, given.skipped));
    let configuration = pool
        .set_risk_configuration(
            &request.user_pool_id,
            request.client_id.as_deref(),
            RiskInput {
                compromised,
                account_takeover,
                exceptions,
            },
        )
        .await?;
    Ok(json!({ "RiskConfiguration": risk_configuration_type(&configuration) }))
}

request!(DescribeRiskConfigurationRequest {
    user_pool_id: String,
    client_id: Option<String>,
});

pub(super) async fn describe_risk_configuration(
    pool: &UserPool,
    request: DescribeRiskConfigurationRequest,
) -> Answer {
    let configuration = pool
        .describe_risk_configuration(&request.user_pool_id, request.client_id.as_deref())
        .await?;
    let described = match configuration {
        Some(configuration) => risk_configuration_type(&configuration),
        // Nothing set: the pool (and client) asked about, as Cognito answers.
        None => {
            let mut empty = json!({ "UserPoolId": request.user_pool_id });
            if let Some(client) = request.client_id {
                empty["ClientId"] = Value::String(client);
            }
            empty
        }
    };
    Ok(json!({ "RiskConfiguration": described }))
}

fn email_type(email: &NotifyEmail) -> Value {
    json!({
        "Subject": email.subject,
        "HtmlBody": email.html_body,
        "TextBody": email.text_body,
    })
}

fn level_type(level: &LevelAction) -> Value {
    json!({ "Notify": level.notify, "EventAction": level.action.as_str() })
}

/// Cognito's `RiskConfigurationType`.
fn risk_configuration_type(configuration: &RiskConfiguration) -> Value {
    let settings = &configuration.settings;
    let mut described = json!({
        "UserPoolId": configuration.pool_id.as_str(),
        "LastModifiedDate": configuration.updated_at.0,
    });
    if let Some(client) = &configuration.client_id {
        described["ClientId"] = json!(client.as_str());
    }
    if let Some(compromised) = &settings.compromised {
        described["CompromisedCredentialsRiskConfiguration"] = json!({
            "EventFilter": compromised.event_filter.iter().map(|e| e.as_str()).collect::<Vec<_>>(),
            "Actions": { "EventAction": compromised.action.as_str() },
        });
    }
    if let Some(takeover) = &settings.account_takeover {
        let mut actions = json!({});
        for (name, level) in [
            ("LowAction", &takeover.low),
            ("MediumAction", &takeover.medium),
            ("HighAction", &takeover.high),
        ] {
            if let Some(level) = level {
                actions[name] = level_type(level);
            }
        }
        let mut type_ = json!({ "Actions": actions });
        if let Some(notify) = &takeover.notify {
            let mut notify_type = json!({ "SourceArn": notify.source_arn });
            for (name, value) in [("From", &notify.from), ("ReplyTo", &notify.reply_to)] {
                if let Some(value) = value {
                    notify_type[name] = json!(value);
                }
            }
            for (name, email) in [
                ("BlockEmail", &notify.block_email),
                ("NoActionEmail", &notify.no_action_email),
                ("MfaEmail", &notify.mfa_email),
            ] {
                if let Some(email) = email {
                    notify_type[name] = email_type(email);
                }
            }
            type_["NotifyConfiguration"] = notify_type;
        }
        described["AccountTakeoverRiskConfiguration"] = type_;
    }
    if let Some(exceptions) = &settings.exceptions {
        let text =
            |ranges: &[ipnet::IpNet]| ranges.iter().map(|r| r.to_string()).collect::<Vec<_>>();
        described["RiskExceptionConfiguration"] = json!({
            "BlockedIPRangeList": text(&exceptions.blocked),
            "SkippedIPRangeList": text(&exceptions.skipped),
        });
    }
    described
}

request!(ListAuthEventsRequest {
    user_pool_id: String,
    username: String,
    max_results: Option<i64>,
    next_token: Option<String>,
});

/// Cognito AdminListUserAuthEvents: the user's events, newest first.
pub(super) async fn admin_list_user_auth_events(
    pool: &UserPool,
    request: ListAuthEventsRequest,
) -> Answer {
    let limit = request.max_results.unwrap_or(i64::from(MAX_EVENTS_PAGE));
    if !(0..=i64::from(MAX_EVENTS_PAGE)).contains(&limit) {
        return Err(ApiError::invalid_parameter(format!(
            "1 validation error detected: Value '{limit}' at 'maxResults' failed to satisfy \
             constraint: Member must have value between 0 and {MAX_EVENTS_PAGE}"
        )));
    }
    let after = match &request.next_token {
        Some(token) => {
            let key = super::paging::decode(token)
                .ok_or_else(|| ApiError::invalid_parameter("The NextToken is not valid."))?;
            let (at, id) = key
                .split_once('/')
                .and_then(|(at, id)| Some((at.parse::<i64>().ok()?, id.to_string())))
                .ok_or_else(|| ApiError::invalid_parameter("The NextToken is not valid."))?;
            Some((Timestamp(at), id))
        }
        None => None,
    };
    let (events, more) = pool
        .list_user_auth_events(
            &request.user_pool_id,
            &request.username,
            u32::try_from(limit).unwrap_or(MAX_EVENTS_PAGE),
            after.as_ref().map(|(at, id)| (*at, id.as_str())),
        )
        .await?;
    let next = more
        .then(|| events.last())
        .flatten()
        .map(|last| super::paging::encode(&format!("{}/{}", last.created_at.0, last.id)));
    let mut answer =
        json!({ "AuthEvents": events.iter().map(auth_event_type).collect::<Vec<_>>() });
    if let Some(next) = next {
        answer["NextToken"] = Value::String(next);
    }
    Ok(answer)
}

/// Cognito's `AuthEventType`.
fn auth_event_type(event: &AuthEvent) -> Value {
    let mut risk = json!({
        "RiskDecision": event.risk.decision.as_str(),
        "CompromisedCredentialsDetected": event.risk.compromised,
    });
    if let Some(level) = event.risk.level {
        risk["RiskLevel"] = json!(level.as_str());
    }
    let context = &event.context;
    let mut context_data = serde_json::Map::new();
    for (name, value) in [
        ("IpAddress", &context.ip),
        ("DeviceName", &context.device_name),
        ("Timezone", &context.timezone),
        ("City", &context.city),
        ("Country", &context.country),
    ] {
        if let Some(value) = value {
            context_data.insert(name.into(), json!(value));
        }
    }
    let mut value = json!({
        "EventId": event.id,
        "EventType": event.kind.as_str(),
        "CreationDate": event.created_at.0,
        "EventResponse": event.response.as_str(),
        "EventRisk": risk,
        "ChallengeResponses": event.challenges.iter().map(|(step, passed)| json!({
            "ChallengeName": step.as_str(),
            "ChallengeResponse": if *passed { "Success" } else { "Failure" },
        })).collect::<Vec<_>>(),
        "EventContextData": context_data,
    });
    if let Some(feedback) = &event.feedback {
        value["EventFeedback"] = json!({
            "FeedbackValue": if feedback.valid { "Valid" } else { "Invalid" },
            "Provider": feedback.provider,
            "FeedbackDate": feedback.at.0,
        });
    }
    value
}

/// Cognito's `FeedbackValueType`: `Valid` (it was the user) or `Invalid`.
fn feedback_value(given: &str) -> Result<bool, ApiError> {
    enum_member(
        given,
        "feedbackValue",
        "[Valid, Invalid]",
        |value| match value {
            "Valid" => Some(true),
            "Invalid" => Some(false),
            _ => None,
        },
    )
}

request!(AdminFeedbackRequest {
    user_pool_id: String,
    username: String,
    event_id: String,
    feedback_value: String,
});

/// Cognito AdminUpdateAuthEventFeedback.
pub(super) async fn admin_update_auth_event_feedback(
    pool: &UserPool,
    request: AdminFeedbackRequest,
) -> Answer {
    let valid = feedback_value(&request.feedback_value)?;
    pool.update_auth_event_feedback(
        &request.user_pool_id,
        &request.username,
        &request.event_id,
        FeedbackFrom::Admin,
        None,
        valid,
    )
    .await?;
    Ok(json!({}))
}

request!(FeedbackRequest {
    user_pool_id: String,
    username: String,
    event_id: String,
    feedback_token: String,
    feedback_value: String,
});

/// Cognito UpdateAuthEventFeedback: the notice email's link, with its one-use token.
pub(super) async fn update_auth_event_feedback(
    pool: &UserPool,
    request: FeedbackRequest,
) -> Answer {
    let valid = feedback_value(&request.feedback_value)?;
    pool.update_auth_event_feedback(
        &request.user_pool_id,
        &request.username,
        &request.event_id,
        FeedbackFrom::User,
        Some(&request.feedback_token),
        valid,
    )
    .await?;
    Ok(json!({}))
}
