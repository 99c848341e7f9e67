//! The Cognito API's public operations, driven by the official AWS SDK for Rust with only
//! its endpoint changed, and by raw requests for what an SDK never sends.

use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::config::{BehaviorVersion, Region};
use aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata;
use aws_sdk_cognitoidentityprovider::types::{AttributeType, AuthFlowType};

use crate::helpers::{PASSWORD, TestApp, spawn_app};

pub(crate) fn cognito(app: &TestApp) -> Client {
    let config = aws_sdk_cognitoidentityprovider::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("local"))
        .endpoint_url(&app.address)
        .build();
    Client::from_conf(config)
}

fn email(name: &str) -> AttributeType {
    AttributeType::builder()
        .name("email")
        .value(format!("{name}@example.com"))
        .build()
        .unwrap()
}

/// The exception name of an SDK error, e.g. `NotAuthorizedException`.
fn code<E: ProvideErrorMetadata>(error: &E) -> String {
    error.code().unwrap_or("<none>").to_string()
}

#[tokio::test]
async fn the_sdk_signs_up_confirms_signs_in_refreshes_and_signs_out() {
    let app = spawn_app().await;
    let client = cognito(&app);
    let client_id = app.client_id().to_string();

    let signed_up = client
        .sign_up()
        .client_id(&client_id)
        .username("jane")
        .password(PASSWORD)
        .user_attributes(email("jane"))
        .send()
        .await
        .unwrap();
    assert!(!signed_up.user_confirmed());
    let delivery = signed_up.code_delivery_details().unwrap();
    assert_eq!(delivery.destination(), Some("j***@e***"));
    assert_eq!(delivery.delivery_medium().unwrap().as_str(), "EMAIL");
    assert_eq!(delivery.attribute_name(), Some("email"));

    let error = client
        .sign_up()
        .client_id(&client_id)
        .username("JANE")
        .password(PASSWORD)
        .user_attributes(email("other"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "UsernameExistsException");
    let error = client
        .sign_up()
        .client_id(&client_id)
        .username("weak")
        .password("weakpass")
        .user_attributes(email("weak"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "InvalidPasswordException");

    let error = client
        .initiate_auth()
        .client_id(&client_id)
        .auth_flow(AuthFlowType::UserPasswordAuth)
        .auth_parameters("USERNAME", "jane")
        .auth_parameters("PASSWORD", PASSWORD)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "UserNotConfirmedException");

    let error = client
        .confirm_sign_up()
        .client_id(&client_id)
        .username("jane")
        .confirmation_code("000000x")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "CodeMismatchException");
    let code_sent = app.last_code_for("jane@example.com");
    client
        .confirm_sign_up()
        .client_id(&client_id)
        .username("jane")
        .confirmation_code(&code_sent)
        .send()
        .await
        .unwrap();

    let error = client
        .initiate_auth()
        .client_id(&client_id)
        .auth_flow(AuthFlowType::UserPasswordAuth)
        .auth_parameters("USERNAME", "jane")
        .auth_parameters("PASSWORD", "Wrong-Password-1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "NotAuthorizedException");
    assert_eq!(error.message(), Some("Incorrect username or password."));

    let auth = client
        .initiate_auth()
        .client_id(&client_id)
        .auth_flow(AuthFlowType::UserPasswordAuth)
        .auth_parameters("USERNAME", "jane@example.com")
        .auth_parameters("PASSWORD", PASSWORD)
        .send()
        .await
        .unwrap();
    let result = auth.authentication_result().unwrap();
    assert_eq!(result.token_type(), Some("Bearer"));
    assert_eq!(result.expires_in(), 3600);
    let access = result.access_token().unwrap().to_string();
    let refresh = result.refresh_token().unwrap().to_string();
    assert!(result.id_token().is_some());

    let user = client
        .get_user()
        .access_token(&access)
        .send()
        .await
        .unwrap();
    assert_eq!(user.username(), "jane");
    let attribute = |name: &str| {
        user.user_attributes()
            .iter()
            .find(|a| a.name() == name)
            .and_then(|a| a.value())
            .map(str::to_string)
    };
    assert_eq!(attribute("email").as_deref(), Some("jane@example.com"));
    assert_eq!(attribute("email_verified").as_deref(), Some("true"));
    assert!(attribute("sub").is_some());

    let refreshed = client
        .initiate_auth()
        .client_id(&client_id)
        .auth_flow(AuthFlowType::RefreshTokenAuth)
        .auth_parameters("REFRESH_TOKEN", &refresh)
        .send()
        .await
        .unwrap();
    let result = refreshed.authentication_result().unwrap();
    assert!(
        result.refresh_token().is_none(),
        "Cognito keeps the refresh token"
    );
    let refreshed_access = result.access_token().unwrap().to_string();
    let from_refresh = client
        .get_tokens_from_refresh_token()
        .client_id(&client_id)
        .refresh_token(&refresh)
        .send()
        .await
        .unwrap();
    assert!(
        from_refresh
            .authentication_result()
            .unwrap()
            .id_token()
            .is_some()
    );

    client
        .change_password()
        .access_token(&refreshed_access)
        .previous_password(PASSWORD)
        .proposed_password("New-Password-2")
        .send()
        .await
        .unwrap();

    client
        .revoke_token()
        .client_id(&client_id)
        .token(&refresh)
        .send()
        .await
        .unwrap();
    let error = client
        .initiate_auth()
        .client_id(&client_id)
        .auth_flow(AuthFlowType::RefreshTokenAuth)
        .auth_parameters("REFRESH_TOKEN", &refresh)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "NotAuthorizedException");
    let error = client
        .get_user()
        .access_token(&access)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "NotAuthorizedException");

    let auth = client
        .initiate_auth()
        .client_id(&client_id)
        .auth_flow(AuthFlowType::UserPasswordAuth)
        .auth_parameters("USERNAME", "jane")
        .auth_parameters("PASSWORD", "New-Password-2")
        .send()
        .await
        .unwrap();
    let access = auth
        .authentication_result()
        .unwrap()
        .access_token()
        .unwrap();
    client
        .global_sign_out()
        .access_token(access)
        .send()
        .await
        .unwrap();
    let error = client
        .get_user()
        .access_token(access)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "NotAuthorizedException");
}

#[tokio::test]
async fn the_sdk_resets_a_forgotten_password() {
    let app = spawn_app().await;
    let client = cognito(&app);
    app.confirmed_user("jane").await;
    let sent = client
        .forgot_password()
        .client_id(app.client_id())
        .username("jane")
        .send()
        .await
        .unwrap();
    assert_eq!(
        sent.code_delivery_details().unwrap().destination(),
        Some("j***@e***")
    );
    let reset_code = app.last_code_for("jane@example.com");
    let error = client
        .confirm_forgot_password()
        .client_id(app.client_id())
        .username("jane")
        .confirmation_code("999999x")
        .password("New-Password-2")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "CodeMismatchException");
    client
        .confirm_forgot_password()
        .client_id(app.client_id())
        .username("jane")
        .confirmation_code(&reset_code)
        .password("New-Password-2")
        .send()
        .await
        .unwrap();
    app.sign_in("jane", "New-Password-2").await.unwrap();

    // An unknown user's request looks like a real one.
    let sent = client
        .forgot_password()
        .client_id(app.client_id())
        .username("nobody")
        .send()
        .await
        .unwrap();
    assert!(sent.code_delivery_details().is_some());
}

#[tokio::test]
async fn an_expired_code_is_expired_code_exception() {
    let app = spawn_app().await;
    let client = cognito(&app);
    app.sign_up("jane", PASSWORD).await.unwrap();
    let sent = app.last_code_for("jane@example.com");
    app.clock.advance(24 * 3600);
    let error = client
        .confirm_sign_up()
        .client_id(app.client_id())
        .username("jane")
        .confirmation_code(&sent)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "ExpiredCodeException");
    let resent = client
        .resend_confirmation_code()
        .client_id(app.client_id())
        .username("jane")
        .send()
        .await
        .unwrap();
    assert!(resent.code_delivery_details().is_some());
}

#[tokio::test]
async fn a_user_changes_and_verifies_their_email_and_deletes_their_account() {
    let app = spawn_app().await;
    let client = cognito(&app);
    app.confirmed_user("jane").await;
    let access = app
        .sign_in("jane", PASSWORD)
        .await
        .unwrap()
        .tokens
        .access_token;
    let attribute = |name: &str, value: &str| {
        AttributeType::builder()
            .name(name)
            .value(value)
            .build()
            .unwrap()
    };

    let updated = client
        .update_user_attributes()
        .access_token(&access)
        .user_attributes(attribute("email", "jane.new@example.com"))
        .user_attributes(attribute("given_name", "Jane"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        updated.code_delivery_details_list()[0].destination(),
        Some("j***@e***")
    );
    let user = client
        .get_user()
        .access_token(&access)
        .send()
        .await
        .unwrap();
    let value = |name: &str| {
        user.user_attributes()
            .iter()
            .find(|a| a.name() == name)
            .and_then(|a| a.value())
            .map(str::to_string)
    };
    assert_eq!(value("email").as_deref(), Some("jane.new@example.com"));
    assert_eq!(value("email_verified").as_deref(), Some("false"));
    assert_eq!(value("given_name").as_deref(), Some("Jane"));
    // Unverified, the new address is no sign-in alias; the old one no longer is either.
    assert!(app.sign_in("jane.new@example.com", PASSWORD).await.is_err());
    assert!(app.sign_in("jane@example.com", PASSWORD).await.is_err());

    let error = client
        .update_user_attributes()
        .access_token(&access)
        .user_attributes(attribute("email_verified", "true"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "InvalidParameterException");
    let error = client
        .verify_user_attribute()
        .access_token(&access)
        .attribute_name("email")
        .code("000000x")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "CodeMismatchException");
    let sent = app.last_code_for("jane.new@example.com");
    client
        .verify_user_attribute()
        .access_token(&access)
        .attribute_name("email")
        .code(sent)
        .send()
        .await
        .unwrap();
    app.sign_in("jane.new@example.com", PASSWORD).await.unwrap();

    let error = client
        .delete_user_attributes()
        .access_token(&access)
        .user_attribute_names("email")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "InvalidParameterException");
    client
        .delete_user_attributes()
        .access_token(&access)
        .user_attribute_names("given_name")
        .send()
        .await
        .unwrap();

    client
        .get_user_attribute_verification_code()
        .access_token(&access)
        .attribute_name("email")
        .send()
        .await
        .unwrap();
    assert_eq!(app.emails_to("jane.new@example.com").len(), 2);

    client
        .delete_user()
        .access_token(&access)
        .send()
        .await
        .unwrap();
    let error = client
        .get_user()
        .access_token(&access)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "NotAuthorizedException");
    assert!(app.sign_in("jane", PASSWORD).await.is_err());
}
