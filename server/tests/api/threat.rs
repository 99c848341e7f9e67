//! Threat protection at work, through the AWS SDK: breached passwords refused or recorded,
//! a sign-in's account takeover risk acted on (ENFORCED) or only recorded (AUDIT), the
//! blocked and skipped address ranges, each user's auth events, and the feedback on them
//! (an administrator's, and the user's through the notice email's one-use link).

use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata;
use aws_sdk_cognitoidentityprovider::types::{
    AccountTakeoverActionType, AccountTakeoverActionsType, AccountTakeoverEventActionType,
    AccountTakeoverRiskConfigurationType, AdvancedSecurityModeType, AuthEventType, AuthFlowType,
    ChallengeName, ChallengeNameType, ChallengeResponse, CompromisedCredentialsActionsType,
    CompromisedCredentialsEventActionType, CompromisedCredentialsRiskConfigurationType,
    ContextDataType, EmailMfaConfigType, EventResponseType, FeedbackValueType, HttpHeader,
    NotifyConfigurationType, RiskDecisionType, RiskExceptionConfigurationType, RiskLevelType,
    UserContextDataType, UserPoolAddOnsType, UserPoolMfaType, UserStatusType,
};

use crate::cognito_admin::admin;
use crate::cognito_public::cognito;
use crate::helpers::{PASSWORD, TestApp, spawn_app};

/// A breached password that meets the default policy (`p@ssw0rd`, capitalised).
const BREACHED: &str = "P@ssw0rd";

/// Where a user signs in from: an address, a device and a browser.
#[derive(Clone, Copy)]
struct From {
    ip: &'static str,
    device: &'static str,
    agent: &'static str,
}

const HOME: From = From {
    ip: "198.51.100.7",
    device: "laptop-1",
    agent: "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
};
/// A new device on a new network, same browser: MEDIUM.
const CAFE: From = From {
    ip: "203.0.113.9",
    device: "phone-7",
    agent: HOME.agent,
};
/// A new device, network and browser: HIGH.
const THIEF: From = From {
    ip: "192.0.2.66",
    device: "unknown-3",
    agent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) \
            Chrome/131.0.0.0 Safari/537.36",
};

fn context(from: From) -> ContextDataType {
    ContextDataType::builder()
        .ip_address(from.ip)
        .server_name("app.example")
        .server_path("/login")
        .http_headers(
            HttpHeader::builder()
                .header_name("User-Agent")
                .header_value(from.agent)
                .build(),
        )
        .encoded_data(format!(r#"{{"DeviceId":"{}"}}"#, from.device))
        .build()
        .unwrap()
}

fn email(name: &str) -> aws_sdk_cognitoidentityprovider::types::AttributeType {
    aws_sdk_cognitoidentityprovider::types::AttributeType::builder()
        .name("email")
        .value(format!("{name}@example.com"))
        .build()
        .unwrap()
}

fn level(action: AccountTakeoverEventActionType, notify: bool) -> AccountTakeoverActionType {
    AccountTakeoverActionType::builder()
        .notify(notify)
        .event_action(action)
        .build()
        .unwrap()
}

/// The default pool in `mode`, with optional emailed MFA codes, and the account takeover
/// actions MEDIUM → MFA_IF_CONFIGURED, HIGH → BLOCK (with a notice when `notify`).
async fn protect(app: &TestApp, mode: AdvancedSecurityModeType, notify: bool) -> String {
    let pool = app.default_pool.pool.id.to_string();
    let admin = admin(app);
    admin
        .update_user_pool()
        .user_pool_id(&pool)
        .user_pool_add_ons(
            UserPoolAddOnsType::builder()
                .advanced_security_mode(mode)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    admin
        .set_user_pool_mfa_config()
        .user_pool_id(&pool)
        .mfa_configuration(UserPoolMfaType::Optional)
        .email_mfa_configuration(
            EmailMfaConfigType::builder()
                .message("Your sign-in code is {####}")
                .subject("Your sign-in code")
                .build(),
        )
        .send()
        .await
        .unwrap();
    let mut takeover = AccountTakeoverRiskConfigurationType::builder().actions(
        AccountTakeoverActionsType::builder()
            .low_action(level(AccountTakeoverEventActionType::NoAction, false))
            .medium_action(level(
                AccountTakeoverEventActionType::MfaIfConfigured,
                false,
            ))
            .high_action(level(AccountTakeoverEventActionType::Block, notify))
            .build(),
    );
    if notify {
        takeover = takeover.notify_configuration(
            NotifyConfigurationType::builder()
                .source_arn("arn:aws:ses:us-east-1:123456789012:identity/security@corp.example")
                .build()
                .unwrap(),
        );
    }
    admin
        .set_risk_configuration()
        .user_pool_id(&pool)
        .account_takeover_risk_configuration(takeover.build())
        .compromised_credentials_risk_configuration(
            CompromisedCredentialsRiskConfigurationType::builder()
                .actions(
                    CompromisedCredentialsActionsType::builder()
                        .event_action(CompromisedCredentialsEventActionType::Block)
                        .build()
                        .unwrap(),
                )
                .build(),
        )
        .send()
        .await
        .unwrap();
    pool
}

/// An administrator's password sign-in from `from`: its challenge, or its refusal's code.
async fn sign_in_from(
    app: &TestApp,
    username: &str,
    password: &str,
    from: From,
) -> Result<
    aws_sdk_cognitoidentityprovider::operation::admin_initiate_auth::AdminInitiateAuthOutput,
    String,
> {
    admin(app)
        .admin_initiate_auth()
        .user_pool_id(app.default_pool.pool.id.as_str())
        .client_id(app.client_id())
        .auth_flow(AuthFlowType::AdminUserPasswordAuth)
        .auth_parameters("USERNAME", username)
        .auth_parameters("PASSWORD", password)
        .context_data(context(from))
        .send()
        .await
        .map_err(|error| {
            let service = error.into_service_error();
            format!(
                "{}: {}",
                service.code().unwrap_or_default(),
                service.message().unwrap_or_default()
            )
        })
}

async fn events(app: &TestApp, username: &str) -> Vec<AuthEventType> {
    admin(app)
        .admin_list_user_auth_events()
        .user_pool_id(app.default_pool.pool.id.as_str())
        .username(username)
        .send()
        .await
        .unwrap()
        .auth_events
        .unwrap_or_default()
}

fn signed_in(
    answer: &aws_sdk_cognitoidentityprovider::operation::admin_initiate_auth::AdminInitiateAuthOutput,
) -> bool {
    answer
        .authentication_result()
        .is_some_and(|result| result.access_token().is_some())
}

fn risk_of(event: &AuthEventType) -> (Option<&RiskDecisionType>, Option<&RiskLevelType>) {
    let risk = event.event_risk().unwrap();
    (risk.risk_decision(), risk.risk_level())
}

#[tokio::test]
async fn a_breached_password_is_refused_when_enforced_and_recorded_when_audited() {
    let app = spawn_app().await;
    let sdk = cognito(&app);
    protect(&app, AdvancedSecurityModeType::Enforced, false).await;
    let refused = sdk
        .sign_up()
        .client_id(app.client_id())
        .username("ana")
        .password(BREACHED)
        .user_attributes(email("ana"))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(refused.code(), Some("InvalidPasswordException"));
    assert!(refused.message().unwrap().contains("data breach"));

    protect(&app, AdvancedSecurityModeType::Audit, false).await;
    sdk.sign_up()
        .client_id(app.client_id())
        .username("ana")
        .password(BREACHED)
        .user_attributes(email("ana"))
        .send()
        .await
        .unwrap();
    let recorded = events(&app, "ana").await;
    assert_eq!(recorded.len(), 1);
    assert_eq!(
        recorded[0].event_type(),
        Some(&aws_sdk_cognitoidentityprovider::types::EventType::SignUp)
    );
    assert!(
        recorded[0]
            .event_risk()
            .unwrap()
            .compromised_credentials_detected()
            .unwrap()
    );
}

#[tokio::test]
async fn a_breached_password_at_sign_in_requires_a_reset_when_enforced() {
    let app = spawn_app().await;
    app.confirmed_user("ana").await;
    let pool = protect(&app, AdvancedSecurityModeType::Enforced, false).await;
    // An administrator's password is not screened (as in Cognito).
    admin(&app)
        .admin_set_user_password()
        .user_pool_id(&pool)
        .username("ana")
        .password(BREACHED)
        .permanent(true)
        .send()
        .await
        .unwrap();
    let refused = sign_in_from(&app, "ana", BREACHED, HOME).await.unwrap_err();
    assert!(
        refused.starts_with("PasswordResetRequiredException"),
        "{refused}"
    );
    let user = admin(&app)
        .admin_get_user()
        .user_pool_id(&pool)
        .username("ana")
        .send()
        .await
        .unwrap();
    assert_eq!(user.user_status(), Some(&UserStatusType::ResetRequired));
    let recorded = events(&app, "ana").await;
    assert_eq!(recorded[0].event_response(), Some(&EventResponseType::Fail));
    assert_eq!(risk_of(&recorded[0]).0, Some(&RiskDecisionType::Block));
    assert!(
        recorded[0]
            .event_risk()
            .unwrap()
            .compromised_credentials_detected()
            .unwrap()
    );
}

#[tokio::test]
async fn an_enforced_pool_asks_a_risky_sign_in_for_a_code_and_blocks_a_riskier_one() {
    let app = spawn_app().await;
    app.confirmed_user("jane").await;
    protect(&app, AdvancedSecurityModeType::Enforced, false).await;
    // The first sign-in is the baseline; the same place again carries no risk.
    assert!(signed_in(
        &sign_in_from(&app, "jane", PASSWORD, HOME).await.unwrap()
    ));
    assert!(signed_in(
        &sign_in_from(&app, "jane", PASSWORD, HOME).await.unwrap()
    ));

    // A new device on a new network: MEDIUM, so the emailed code is asked for.
    let challenged = sign_in_from(&app, "jane", PASSWORD, CAFE).await.unwrap();
    assert_eq!(
        challenged.challenge_name(),
        Some(&ChallengeNameType::EmailOtp)
    );
    let recorded = events(&app, "jane").await;
    assert_eq!(
        recorded[0].event_response(),
        Some(&EventResponseType::InProgress)
    );
    assert_eq!(
        risk_of(&recorded[0]),
        (
            Some(&RiskDecisionType::AccountTakeover),
            Some(&RiskLevelType::Medium)
        )
    );
    let code = app.last_code_about("jane@example.com", "Your sign-in code");
    let answered = admin(&app)
        .admin_respond_to_auth_challenge()
        .user_pool_id(app.default_pool.pool.id.as_str())
        .client_id(app.client_id())
        .challenge_name(ChallengeNameType::EmailOtp)
        .session(challenged.session().unwrap())
        .challenge_responses("USERNAME", "jane")
        .challenge_responses("EMAIL_OTP_CODE", code)
        .send()
        .await
        .unwrap();
    assert!(answered.authentication_result().is_some());
    let recorded = events(&app, "jane").await;
    assert_eq!(recorded[0].event_response(), Some(&EventResponseType::Pass));
    let steps: Vec<(&ChallengeName, &ChallengeResponse)> = recorded[0]
        .challenge_responses()
        .iter()
        .map(|step| {
            (
                step.challenge_name().unwrap(),
                step.challenge_response().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            (&ChallengeName::Password, &ChallengeResponse::Success),
            (&ChallengeName::Mfa, &ChallengeResponse::Success)
        ]
    );
    let context = recorded[0].event_context_data().unwrap();
    assert_eq!(context.ip_address(), Some(CAFE.ip));
    assert_eq!(context.device_name(), Some("Firefox on Linux"));

    // A new device, network and browser: HIGH, blocked.
    let refused = sign_in_from(&app, "jane", PASSWORD, THIEF)
        .await
        .unwrap_err();
    assert_eq!(
        refused,
        "NotAuthorizedException: Unable to login because of security reasons."
    );
    let recorded = events(&app, "jane").await;
    assert_eq!(recorded[0].event_response(), Some(&EventResponseType::Fail));
    assert_eq!(
        risk_of(&recorded[0]),
        (Some(&RiskDecisionType::Block), Some(&RiskLevelType::High))
    );
    // A wrong password is an event too.
    assert!(
        sign_in_from(&app, "jane", "Wrong-Horse-9", HOME)
            .await
            .is_err()
    );
    let recorded = events(&app, "jane").await;
    assert_eq!(recorded[0].event_response(), Some(&EventResponseType::Fail));
    assert_eq!(
        recorded[0].challenge_responses()[0].challenge_response(),
        Some(&ChallengeResponse::Failure)
    );
    assert_eq!(recorded.len(), 5);
}

#[tokio::test]
async fn an_audited_pool_records_the_risk_and_changes_nothing() {
    let app = spawn_app().await;
    app.confirmed_user("jane").await;
    protect(&app, AdvancedSecurityModeType::Audit, false).await;
    assert!(signed_in(
        &sign_in_from(&app, "jane", PASSWORD, HOME).await.unwrap()
    ));
    assert!(signed_in(
        &sign_in_from(&app, "jane", PASSWORD, THIEF).await.unwrap()
    ));
    let recorded = events(&app, "jane").await;
    assert_eq!(recorded[0].event_response(), Some(&EventResponseType::Pass));
    assert_eq!(
        risk_of(&recorded[0]),
        (
            Some(&RiskDecisionType::AccountTakeover),
            Some(&RiskLevelType::High)
        )
    );
}

#[tokio::test]
async fn blocked_and_skipped_ranges_come_before_the_score() {
    let app = spawn_app().await;
    app.confirmed_user("jane").await;
    let pool = protect(&app, AdvancedSecurityModeType::Enforced, false).await;
    assert!(signed_in(
        &sign_in_from(&app, "jane", PASSWORD, HOME).await.unwrap()
    ));
    admin(&app)
        .set_risk_configuration()
        .user_pool_id(&pool)
        .account_takeover_risk_configuration(
            AccountTakeoverRiskConfigurationType::builder()
                .actions(
                    AccountTakeoverActionsType::builder()
                        .high_action(level(AccountTakeoverEventActionType::Block, false))
                        .build(),
                )
                .build(),
        )
        .risk_exception_configuration(
            RiskExceptionConfigurationType::builder()
                .skipped_ip_range_list("192.0.2.0/24")
                .blocked_ip_range_list("203.0.113.0/24")
                .build(),
        )
        .send()
        .await
        .unwrap();
    // THIEF's range is skipped: never evaluated.
    assert!(signed_in(
        &sign_in_from(&app, "jane", PASSWORD, THIEF).await.unwrap()
    ));
    let recorded = events(&app, "jane").await;
    assert_eq!(
        risk_of(&recorded[0]),
        (Some(&RiskDecisionType::NoRisk), None)
    );
    // CAFE's is blocked, even with the right password and whatever the score.
    let refused = sign_in_from(&app, "jane", PASSWORD, CAFE)
        .await
        .unwrap_err();
    assert!(refused.starts_with("NotAuthorizedException"), "{refused}");
    assert_eq!(
        risk_of(&events(&app, "jane").await[0]).0,
        Some(&RiskDecisionType::Block)
    );
}

#[tokio::test]
async fn the_user_says_not_me_through_the_notice_link_once() {
    let app = spawn_app().await;
    app.confirmed_user("jane").await;
    let pool = protect(&app, AdvancedSecurityModeType::Enforced, true).await;
    assert!(signed_in(
        &sign_in_from(&app, "jane", PASSWORD, HOME).await.unwrap()
    ));
    assert!(sign_in_from(&app, "jane", PASSWORD, THIEF).await.is_err());
    let notice = app
        .readable_emails_to("jane@example.com")
        .into_iter()
        .find(|mail| mail.contains("Blocked sign-in attempt"))
        .expect("a notice was sent");
    assert!(notice.contains(THIEF.ip), "{notice}");
    let link = notice
        .split_whitespace()
        .find(|word| word.contains("feedback_value=invalid"))
        .unwrap_or_else(|| panic!("a not-me link in {notice}"));
    let link = url::Url::parse(link).unwrap();
    let query: std::collections::HashMap<String, String> =
        link.query_pairs().into_owned().collect();
    assert_eq!(query["pool_id"], pool);
    let send = |token: &str| {
        cognito(&app)
            .update_auth_event_feedback()
            .user_pool_id(&pool)
            .username("jane")
            .event_id(&query["event_id"])
            .feedback_token(token)
            .feedback_value(FeedbackValueType::Invalid)
            .send()
    };
    let wrong = send("not-the-token")
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(wrong.code(), Some("NotAuthorizedException"));
    send(&query["feedback_token"]).await.unwrap();
    // The token is used once.
    let again = send(&query["feedback_token"])
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(again.code(), Some("NotAuthorizedException"));
    let recorded = events(&app, "jane").await;
    let feedback = recorded[0].event_feedback().unwrap();
    assert_eq!(feedback.feedback_value(), &FeedbackValueType::Invalid);
    assert_eq!(feedback.provider(), "User");

    // An administrator may say it too, of any event.
    admin(&app)
        .admin_update_auth_event_feedback()
        .user_pool_id(&pool)
        .username("jane")
        .event_id(recorded[1].event_id().unwrap())
        .feedback_value(FeedbackValueType::Valid)
        .send()
        .await
        .unwrap();
    let recorded = events(&app, "jane").await;
    assert_eq!(recorded[1].event_feedback().unwrap().provider(), "Admin");
}

#[tokio::test]
async fn events_are_paged_newest_first_and_only_with_protection_on() {
    let app = spawn_app().await;
    app.confirmed_user("jane").await;
    let pool = app.default_pool.pool.id.to_string();
    let off = admin(&app)
        .admin_list_user_auth_events()
        .user_pool_id(&pool)
        .username("jane")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(off.code(), Some("UserPoolAddOnNotEnabledException"));
    protect(&app, AdvancedSecurityModeType::Audit, false).await;
    for _ in 0..5 {
        sign_in_from(&app, "jane", PASSWORD, HOME).await.unwrap();
        app.clock.advance(60);
    }
    let mut seen = Vec::new();
    let mut token = None;
    loop {
        let page = admin(&app)
            .admin_list_user_auth_events()
            .user_pool_id(&pool)
            .username("jane")
            .max_results(2)
            .set_next_token(token)
            .send()
            .await
            .unwrap();
        seen.extend(
            page.auth_events()
                .iter()
                .map(|e| e.creation_date().unwrap().secs()),
        );
        token = page.next_token().map(str::to_string);
        if token.is_none() {
            break;
        }
    }
    assert_eq!(seen.len(), 5);
    assert!(seen.windows(2).all(|pair| pair[0] > pair[1]), "{seen:?}");
    let unknown = admin(&app)
        .admin_list_user_auth_events()
        .user_pool_id(&pool)
        .username("nobody")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(unknown.code(), Some("UserNotFoundException"));
}

/// A public client's own claim of its user's address is not believed: only a client with
/// a secret that may propagate it is (Cognito's EnablePropagateAdditionalUserContextData).
#[tokio::test]
async fn a_public_client_cannot_choose_the_address_it_is_judged_by() {
    let app = spawn_app().await;
    app.confirmed_user("jane").await;
    protect(&app, AdvancedSecurityModeType::Audit, false).await;
    let sdk: Client = cognito(&app);
    sdk.initiate_auth()
        .client_id(app.client_id())
        .auth_flow(AuthFlowType::UserPasswordAuth)
        .auth_parameters("USERNAME", "jane")
        .auth_parameters("PASSWORD", PASSWORD)
        .user_context_data(
            UserContextDataType::builder()
                .ip_address("198.51.100.200")
                .encoded_data(r#"{"DeviceId":"tablet"}"#)
                .build(),
        )
        .send()
        .await
        .unwrap();
    let recorded = events(&app, "jane").await;
    let context = recorded[0].event_context_data().unwrap();
    assert_eq!(context.ip_address(), Some("127.0.0.1"));
}

/// Sydney, in the test GeoIP database, on the same device and browser as HOME (Paris).
const SYDNEY: From = From {
    ip: "203.0.113.50",
    device: HOME.device,
    agent: HOME.agent,
};

#[tokio::test]
async fn a_geoip_database_places_sign_ins_and_spots_impossible_travel() {
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/geoip-test.mmdb");
    let app = crate::helpers::spawn_app_with(tempfile::tempdir().unwrap(), |settings| {
        settings.threat.geoip_db = Some(fixture);
    })
    .await;
    app.confirmed_user("jane").await;
    protect(&app, AdvancedSecurityModeType::Audit, false).await;
    sign_in_from(&app, "jane", PASSWORD, HOME).await.unwrap();
    let recorded = events(&app, "jane").await;
    let context = recorded[0].event_context_data().unwrap();
    assert_eq!(
        (context.city(), context.country()),
        (Some("Paris"), Some("FR"))
    );
    assert_eq!(context.timezone(), Some("Europe/Paris"));
    // Ten minutes later, from the other side of the world.
    app.clock.advance(600);
    sign_in_from(&app, "jane", PASSWORD, SYDNEY).await.unwrap();
    let recorded = events(&app, "jane").await;
    let context = recorded[0].event_context_data().unwrap();
    assert_eq!(
        (context.city(), context.country()),
        (Some("Sydney"), Some("AU"))
    );
    assert_eq!(risk_of(&recorded[0]).1, Some(&RiskLevelType::High));
}

#[tokio::test]
async fn an_operators_breached_password_file_is_searched_too() {
    let data = tempfile::tempdir().unwrap();
    let corpus = data.path().join("pwned.txt");
    let mut lines: Vec<String> = ["Tr0ub4dor&3-Horse", "Blue-Whale-42!"]
        .iter()
        .map(|password| format!("{}:12", server::pool::breached::sha1_hex(password)))
        .collect();
    lines.sort();
    std::fs::write(&corpus, lines.join("\r\n")).unwrap();
    let app = crate::helpers::spawn_app_with(tempfile::tempdir().unwrap(), |settings| {
        settings.threat.breached_passwords_file = Some(corpus.clone());
    })
    .await;
    protect(&app, AdvancedSecurityModeType::Enforced, false).await;
    let sign_up = |username: &str, password: &str| {
        cognito(&app)
            .sign_up()
            .client_id(app.client_id())
            .username(username)
            .password(password)
            .user_attributes(email(username))
            .send()
    };
    let refused = sign_up("ana", "Tr0ub4dor&3-Horse")
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(refused.code(), Some("InvalidPasswordException"));
    sign_up("ana", PASSWORD).await.unwrap();

    // A file that is not in the format stops the start, naming the key.
    std::fs::write(&corpus, "password123\n").unwrap();
    let mut settings = crate::helpers::test_settings(&data);
    settings.threat.breached_passwords_file = Some(corpus);
    let failed = server::plumbing::startup::Application::build(settings)
        .await
        .err()
        .expect("a refused corpus");
    assert!(failed.to_string().starts_with("threat: "), "{failed}");
}

#[tokio::test]
async fn a_password_used_recently_is_refused_by_the_history_policy() {
    let app = spawn_app().await;
    app.confirmed_user("jane").await;
    let pool = app.default_pool.pool.id.to_string();
    admin(&app)
        .update_user_pool()
        .user_pool_id(&pool)
        .auto_verified_attributes(
            aws_sdk_cognitoidentityprovider::types::VerifiedAttributeType::Email,
        )
        .policies(
            aws_sdk_cognitoidentityprovider::types::UserPoolPolicyType::builder()
                .password_policy(
                    aws_sdk_cognitoidentityprovider::types::PasswordPolicyType::builder()
                        .minimum_length(8)
                        .password_history_size(2)
                        .build(),
                )
                .build(),
        )
        .send()
        .await
        .unwrap();
    let described = admin(&app)
        .describe_user_pool()
        .user_pool_id(&pool)
        .send()
        .await
        .unwrap();
    let policy = described
        .user_pool()
        .unwrap()
        .policies()
        .unwrap()
        .password_policy()
        .unwrap();
    assert_eq!(policy.password_history_size(), Some(2));
    let sdk = cognito(&app);
    let mut current = PASSWORD.to_string();
    let change = |old: String, new: &'static str| {
        let sdk = sdk.clone();
        let client = app.client_id().to_string();
        async move {
            let signed_in = sdk
                .initiate_auth()
                .client_id(&client)
                .auth_flow(AuthFlowType::UserPasswordAuth)
                .auth_parameters("USERNAME", "jane")
                .auth_parameters("PASSWORD", &old)
                .send()
                .await
                .unwrap();
            let token = signed_in
                .authentication_result()
                .unwrap()
                .access_token()
                .unwrap()
                .to_string();
            sdk.change_password()
                .access_token(token)
                .previous_password(old)
                .proposed_password(new)
                .send()
                .await
                .map_err(|e| {
                    e.into_service_error()
                        .code()
                        .unwrap_or_default()
                        .to_string()
                })
        }
    };
    // The current password is one of the last two.
    assert_eq!(
        change(current.clone(), "Correct-Horse-9")
            .await
            .unwrap_err(),
        "PasswordHistoryPolicyViolationException"
    );
    change(current.clone(), "second-password").await.unwrap();
    current = "second-password".into();
    // The first is now the one before: still remembered.
    assert_eq!(
        change(current.clone(), "Correct-Horse-9")
            .await
            .unwrap_err(),
        "PasswordHistoryPolicyViolationException"
    );
    change(current.clone(), "third-password").await.unwrap();
    current = "third-password".into();
    // Two changes later, the first is forgotten.
    change(current, "Correct-Horse-9").await.unwrap();
}
