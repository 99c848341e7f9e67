//! Threat protection's configuration through the AWS SDK: the pool's mode
//! (UserPoolAddOns) and its risk configurations (SetRiskConfiguration,
//! DescribeRiskConfiguration), the pool's and an app client's own.

use aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata;
use aws_sdk_cognitoidentityprovider::types::{
    AccountTakeoverActionType, AccountTakeoverActionsType, AccountTakeoverEventActionType,
    AccountTakeoverRiskConfigurationType, AdvancedSecurityAdditionalFlowsType,
    AdvancedSecurityEnabledModeType, AdvancedSecurityModeType, CompromisedCredentialsActionsType,
    CompromisedCredentialsEventActionType, CompromisedCredentialsRiskConfigurationType,
    EventFilterType, NotifyConfigurationType, RiskExceptionConfigurationType, UserPoolAddOnsType,
};

use crate::cognito_admin::admin;
use crate::helpers::{TestApp, spawn_app};

/// A pool in `mode`, and an app client of it: their ids.
async fn pool_in(app: &TestApp, mode: AdvancedSecurityModeType) -> (String, String) {
    let pool = admin(app)
        .create_user_pool()
        .pool_name("Protected")
        .user_pool_add_ons(
            UserPoolAddOnsType::builder()
                .advanced_security_mode(mode)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap()
        .user_pool()
        .unwrap()
        .id()
        .unwrap()
        .to_string();
    let client = admin(app)
        .create_user_pool_client()
        .user_pool_id(&pool)
        .client_name("app")
        .send()
        .await
        .unwrap()
        .user_pool_client()
        .unwrap()
        .client_id()
        .unwrap()
        .to_string();
    (pool, client)
}

fn level(action: AccountTakeoverEventActionType, notify: bool) -> AccountTakeoverActionType {
    AccountTakeoverActionType::builder()
        .notify(notify)
        .event_action(action)
        .build()
        .unwrap()
}

fn takeover(notify: bool) -> AccountTakeoverRiskConfigurationType {
    let mut configuration = AccountTakeoverRiskConfigurationType::builder().actions(
        AccountTakeoverActionsType::builder()
            .low_action(level(AccountTakeoverEventActionType::NoAction, false))
            .medium_action(level(
                AccountTakeoverEventActionType::MfaIfConfigured,
                notify,
            ))
            .high_action(level(AccountTakeoverEventActionType::Block, notify))
            .build(),
    );
    if notify {
        configuration = configuration.notify_configuration(
            NotifyConfigurationType::builder()
                .source_arn("arn:aws:ses:us-east-1:123456789012:identity/security@corp.example")
                .from("security@corp.example")
                .build()
                .unwrap(),
        );
    }
    configuration.build()
}

fn compromised(
    action: CompromisedCredentialsEventActionType,
) -> CompromisedCredentialsRiskConfigurationType {
    CompromisedCredentialsRiskConfigurationType::builder()
        .event_filter(EventFilterType::SignUp)
        .event_filter(EventFilterType::PasswordChange)
        .actions(
            CompromisedCredentialsActionsType::builder()
                .event_action(action)
                .build()
                .unwrap(),
        )
        .build()
}

#[tokio::test]
async fn the_pools_mode_is_kept_shown_and_checked() {
    let app = spawn_app().await;
    let admin = admin(&app);
    let (pool, _) = pool_in(&app, AdvancedSecurityModeType::Enforced).await;
    let described = admin
        .describe_user_pool()
        .user_pool_id(&pool)
        .send()
        .await
        .unwrap();
    let add_ons = described.user_pool().unwrap().user_pool_add_ons().unwrap();
    assert_eq!(
        add_ons.advanced_security_mode(),
        &AdvancedSecurityModeType::Enforced
    );

    admin
        .update_user_pool()
        .user_pool_id(&pool)
        .user_pool_add_ons(
            UserPoolAddOnsType::builder()
                .advanced_security_mode(AdvancedSecurityModeType::Audit)
                .advanced_security_additional_flows(
                    AdvancedSecurityAdditionalFlowsType::builder()
                        .custom_auth_mode(AdvancedSecurityEnabledModeType::Enforced)
                        .build(),
                )
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let described = admin
        .describe_user_pool()
        .user_pool_id(&pool)
        .send()
        .await
        .unwrap();
    let add_ons = described.user_pool().unwrap().user_pool_add_ons().unwrap();
    assert_eq!(
        add_ons.advanced_security_mode(),
        &AdvancedSecurityModeType::Audit
    );
    assert_eq!(
        add_ons
            .advanced_security_additional_flows()
            .and_then(|flows| flows.custom_auth_mode()),
        Some(&AdvancedSecurityEnabledModeType::Enforced)
    );

    // A mode that is not one of Cognito's.
    let error = admin
        .update_user_pool()
        .user_pool_id(&pool)
        .user_pool_add_ons(
            UserPoolAddOnsType::builder()
                .advanced_security_mode(AdvancedSecurityModeType::from("PARANOID"))
                .build()
                .unwrap(),
        )
        .send()
        .await
        .expect_err("refused")
        .into_service_error();
    assert_eq!(error.code(), Some("InvalidParameterException"));
    assert!(
        error.message().unwrap().contains("[OFF, AUDIT, ENFORCED]"),
        "{error:?}"
    );
    // A pool made without add-ons is OFF.
    let plain = admin
        .create_user_pool()
        .pool_name("Plain")
        .send()
        .await
        .unwrap();
    let plain = plain.user_pool().unwrap();
    assert_eq!(
        plain.user_pool_add_ons().unwrap().advanced_security_mode(),
        &AdvancedSecurityModeType::Off
    );
}

#[tokio::test]
async fn risk_configurations_need_the_add_on() {
    let app = spawn_app().await;
    let (pool, _) = pool_in(&app, AdvancedSecurityModeType::Off).await;
    let error = admin(&app)
        .describe_risk_configuration()
        .user_pool_id(&pool)
        .send()
        .await
        .expect_err("refused")
        .into_service_error();
    assert_eq!(
        error.code(),
        Some("UserPoolAddOnNotEnabledException"),
        "{error:?}"
    );
    let error = admin(&app)
        .set_risk_configuration()
        .user_pool_id(&pool)
        .account_takeover_risk_configuration(takeover(false))
        .send()
        .await
        .expect_err("refused")
        .into_service_error();
    assert!(
        error.is_user_pool_add_on_not_enabled_exception(),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_pools_risk_configuration_applies_to_its_clients_until_one_has_its_own() {
    let app = spawn_app().await;
    let admin = admin(&app);
    let (pool, client) = pool_in(&app, AdvancedSecurityModeType::Enforced).await;
    // Nothing set yet: the pool, named.
    let empty = admin
        .describe_risk_configuration()
        .user_pool_id(&pool)
        .send()
        .await
        .unwrap();
    let empty = empty.risk_configuration().unwrap();
    assert_eq!(empty.user_pool_id(), Some(pool.as_str()));
    assert!(empty.account_takeover_risk_configuration().is_none());

    let set = admin
        .set_risk_configuration()
        .user_pool_id(&pool)
        .compromised_credentials_risk_configuration(compromised(
            CompromisedCredentialsEventActionType::Block,
        ))
        .account_takeover_risk_configuration(takeover(true))
        .risk_exception_configuration(
            RiskExceptionConfigurationType::builder()
                .blocked_ip_range_list("203.0.113.0/24")
                .skipped_ip_range_list("10.0.0.0/8")
                .skipped_ip_range_list("2001:db8::/32")
                .build(),
        )
        .send()
        .await
        .unwrap();
    let set = set.risk_configuration().unwrap();
    assert!(set.client_id().is_none());
    assert!(set.last_modified_date().is_some());
    let pool_level = admin
        .describe_risk_configuration()
        .user_pool_id(&pool)
        .client_id(&client)
        .send()
        .await
        .unwrap();
    let pool_level = pool_level.risk_configuration().unwrap();
    assert!(
        pool_level.client_id().is_none(),
        "the pool's, for its client"
    );
    let takeover_actions = pool_level
        .account_takeover_risk_configuration()
        .unwrap()
        .actions()
        .unwrap();
    assert_eq!(
        takeover_actions.high_action().unwrap().event_action(),
        &AccountTakeoverEventActionType::Block
    );
    assert!(takeover_actions.medium_action().unwrap().notify());
    let compromised_back = pool_level
        .compromised_credentials_risk_configuration()
        .unwrap();
    assert_eq!(
        compromised_back.event_filter(),
        &[EventFilterType::SignUp, EventFilterType::PasswordChange]
    );
    let exceptions = pool_level.risk_exception_configuration().unwrap();
    assert_eq!(
        exceptions.blocked_ip_range_list(),
        &["203.0.113.0/24".to_string()]
    );
    assert_eq!(
        exceptions.skipped_ip_range_list(),
        &["10.0.0.0/8".to_string(), "2001:db8::/32".to_string()]
    );

    // The client's own replaces the pool's for it, and only for it.
    admin
        .set_risk_configuration()
        .user_pool_id(&pool)
        .client_id(&client)
        .compromised_credentials_risk_configuration(compromised(
            CompromisedCredentialsEventActionType::NoAction,
        ))
        .send()
        .await
        .unwrap();
    let own = admin
        .describe_risk_configuration()
        .user_pool_id(&pool)
        .client_id(&client)
        .send()
        .await
        .unwrap();
    let own = own.risk_configuration().unwrap();
    assert_eq!(own.client_id(), Some(client.as_str()));
    assert!(own.account_takeover_risk_configuration().is_none());
    let pool_again = admin
        .describe_risk_configuration()
        .user_pool_id(&pool)
        .send()
        .await
        .unwrap();
    assert!(
        pool_again
            .risk_configuration()
            .unwrap()
            .account_takeover_risk_configuration()
            .is_some()
    );
}

#[tokio::test]
async fn bad_risk_configurations_are_refused_with_the_reason() {
    let app = spawn_app().await;
    let admin = admin(&app);
    let (pool, _) = pool_in(&app, AdvancedSecurityModeType::Audit).await;
    let (other_pool, other_client) = pool_in(&app, AdvancedSecurityModeType::Audit).await;
    assert_ne!(other_pool, pool);

    let refusal = |error: aws_sdk_cognitoidentityprovider::error::SdkError<_, _>| {
        let error: aws_sdk_cognitoidentityprovider::operation::set_risk_configuration::SetRiskConfigurationError =
            error.into_service_error();
        (
            error.code().unwrap_or_default().to_string(),
            error.message().unwrap_or_default().to_string(),
        )
    };
    let (code, message) = refusal(
        admin
            .set_risk_configuration()
            .user_pool_id(&pool)
            .risk_exception_configuration(
                RiskExceptionConfigurationType::builder()
                    .blocked_ip_range_list("203.0.113.300/24")
                    .build(),
            )
            .send()
            .await
            .expect_err("refused"),
    );
    assert_eq!(code, "InvalidParameterException");
    assert!(message.contains("203.0.113.300/24"), "{message}");

    let (code, message) = refusal(
        admin
            .set_risk_configuration()
            .user_pool_id(&pool)
            .compromised_credentials_risk_configuration(compromised(
                CompromisedCredentialsEventActionType::from("MFA_REQUIRED"),
            ))
            .send()
            .await
            .expect_err("refused"),
    );
    assert_eq!(code, "InvalidParameterException");
    assert!(message.contains("BLOCK"), "{message}");

    // Notifying needs somewhere to send from.
    let mut notifying = takeover(true);
    notifying.notify_configuration = None;
    let (code, message) = refusal(
        admin
            .set_risk_configuration()
            .user_pool_id(&pool)
            .account_takeover_risk_configuration(notifying)
            .send()
            .await
            .expect_err("refused"),
    );
    assert_eq!(code, "InvalidParameterException");
    assert!(message.contains("NotifyConfiguration"), "{message}");

    // Another pool's client.
    let (code, _) = refusal(
        admin
            .set_risk_configuration()
            .user_pool_id(&pool)
            .client_id(&other_client)
            .account_takeover_risk_configuration(takeover(false))
            .send()
            .await
            .expect_err("refused"),
    );
    assert_eq!(code, "ResourceNotFoundException");
}
