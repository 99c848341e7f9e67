//! Multi-factor authentication through the Cognito API, driven by the official AWS SDK.

use aws_sdk_cognitoidentityprovider::types::{
    EmailMfaConfigType, SmsMfaConfigType, SoftwareTokenMfaConfigType, UserPoolMfaType,
};

use crate::cognito_admin::{admin, code};
use crate::helpers::{TestApp, spawn_app};
use server::clock::Clock;

/// A server whose default pool has MFA `mode` with the authenticator app as its factor.
async fn app_with_authenticator_mfa(mode: UserPoolMfaType) -> TestApp {
    let app = spawn_app().await;
    admin(&app)
        .set_user_pool_mfa_config()
        .user_pool_id(app.default_pool.pool.id.as_str())
        .mfa_configuration(mode)
        .software_token_mfa_configuration(
            SoftwareTokenMfaConfigType::builder().enabled(true).build(),
        )
        .send()
        .await
        .unwrap();
    app
}

/// Jane, confirmed and signed in: her access token, and a new authenticator secret
/// associated with it (not yet verified).
async fn jane_with_a_secret(app: &TestApp) -> (String, String) {
    app.confirmed_user("jane").await;
    let access = app
        .sign_in("jane", crate::helpers::PASSWORD)
        .await
        .unwrap()
        .tokens
        .access_token;
    let secret = crate::cognito_public::cognito(app)
        .associate_software_token()
        .access_token(&access)
        .send()
        .await
        .unwrap()
        .secret_code()
        .unwrap()
        .to_string();
    (access, secret)
}

#[tokio::test]
async fn a_pools_mfa_configuration_is_set_read_back_and_checked() {
    let app = spawn_app().await;
    let admin = admin(&app);
    let pool_id = app.default_pool.pool.id.to_string();

    let read_config = || async {
        admin
            .get_user_pool_mfa_config()
            .user_pool_id(&pool_id)
            .send()
            .await
            .unwrap()
    };
    // Off, as every pool starts.
    let read = read_config().await;
    assert_eq!(read.mfa_configuration(), Some(&UserPoolMfaType::Off));

    let set = admin
        .set_user_pool_mfa_config()
        .user_pool_id(&pool_id)
        .mfa_configuration(UserPoolMfaType::Optional)
        .software_token_mfa_configuration(
            SoftwareTokenMfaConfigType::builder().enabled(true).build(),
        )
        .email_mfa_configuration(
            EmailMfaConfigType::builder()
                .message("Your sign-in code is {####}")
                .subject("Sign-in code")
                .build(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(set.mfa_configuration(), Some(&UserPoolMfaType::Optional));
    let read = read_config().await;
    assert_eq!(read.mfa_configuration(), Some(&UserPoolMfaType::Optional));
    assert!(read.software_token_mfa_configuration().unwrap().enabled());
    let email = read.email_mfa_configuration().unwrap();
    assert_eq!(email.message(), Some("Your sign-in code is {####}"));
    assert_eq!(email.subject(), Some("Sign-in code"));
    let described = admin
        .describe_user_pool()
        .user_pool_id(&pool_id)
        .send()
        .await
        .unwrap();
    assert_eq!(
        described.user_pool().unwrap().mfa_configuration(),
        Some(&UserPoolMfaType::Optional)
    );

    // UpdateUserPool names the mode; the factors stay.
    admin
        .update_user_pool()
        .user_pool_id(&pool_id)
        .mfa_configuration(UserPoolMfaType::On)
        .send()
        .await
        .unwrap();
    let read = read_config().await;
    assert_eq!(read.mfa_configuration(), Some(&UserPoolMfaType::On));
    assert!(read.software_token_mfa_configuration().unwrap().enabled());

    // Refused, and nothing changes: SMS, MFA on without a factor, a message without {####}.
    let sms = admin
        .set_user_pool_mfa_config()
        .user_pool_id(&pool_id)
        .mfa_configuration(UserPoolMfaType::On)
        .sms_mfa_configuration(
            SmsMfaConfigType::builder()
                .sms_authentication_message("{####}")
                .build(),
        )
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&sms), "InvalidParameterException");
    assert!(format!("{sms:?}").contains("SMS"));
    let no_factor = admin
        .set_user_pool_mfa_config()
        .user_pool_id(&pool_id)
        .mfa_configuration(UserPoolMfaType::On)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&no_factor), "InvalidParameterException");
    let no_placeholder = admin
        .set_user_pool_mfa_config()
        .user_pool_id(&pool_id)
        .mfa_configuration(UserPoolMfaType::Optional)
        .email_mfa_configuration(
            EmailMfaConfigType::builder()
                .message("no code here")
                .build(),
        )
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&no_placeholder), "InvalidParameterException");
    let read = read_config().await;
    assert_eq!(read.mfa_configuration(), Some(&UserPoolMfaType::On));

    // Off again; an unknown pool is not found.
    admin
        .set_user_pool_mfa_config()
        .user_pool_id(&pool_id)
        .mfa_configuration(UserPoolMfaType::Off)
        .send()
        .await
        .unwrap();
    let missing = admin
        .get_user_pool_mfa_config()
        .user_pool_id("local_aaaaaaaaa")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&missing), "ResourceNotFoundException");
}

#[tokio::test]
async fn a_user_sets_up_an_authenticator_and_an_administrator_turns_it_off() {
    use aws_sdk_cognitoidentityprovider::types::{
        SmsMfaSettingsType, SoftwareTokenMfaSettingsType, VerifySoftwareTokenResponseType,
    };
    let app = app_with_authenticator_mfa(UserPoolMfaType::Optional).await;
    let admin = admin(&app);
    let pool_id = app.default_pool.pool.id.to_string();
    let (access, secret) = jane_with_a_secret(&app).await;
    let sdk = crate::cognito_public::cognito(&app);
    assert_eq!(secret.len(), 32, "160 bits in base32");
    let first = server::pool::totp::code_at(&secret, app.clock.now()).unwrap();
    let wrong = if first == "000000" {
        "000001"
    } else {
        "000000"
    };
    let error = sdk
        .verify_software_token()
        .access_token(&access)
        .user_code(wrong)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "EnableSoftwareTokenMFAException");
    let verified = sdk
        .verify_software_token()
        .access_token(&access)
        .user_code(&first)
        .friendly_device_name("Phone")
        .send()
        .await
        .unwrap();
    assert_eq!(
        verified.status(),
        Some(&VerifySoftwareTokenResponseType::Success)
    );
    sdk.set_user_mfa_preference()
        .access_token(&access)
        .software_token_mfa_settings(
            SoftwareTokenMfaSettingsType::builder()
                .enabled(true)
                .preferred_mfa(true)
                .build(),
        )
        .send()
        .await
        .unwrap();
    let user = sdk.get_user().access_token(&access).send().await.unwrap();
    assert_eq!(user.user_mfa_setting_list(), ["SOFTWARE_TOKEN_MFA"]);
    assert_eq!(user.preferred_mfa_setting(), Some("SOFTWARE_TOKEN_MFA"));
    let got = admin
        .admin_get_user()
        .user_pool_id(&pool_id)
        .username("jane")
        .send()
        .await
        .unwrap();
    assert_eq!(got.user_mfa_setting_list(), ["SOFTWARE_TOKEN_MFA"]);

    // SMS cannot be turned on; an administrator turns the app off.
    let sms = sdk
        .set_user_mfa_preference()
        .access_token(&access)
        .sms_mfa_settings(SmsMfaSettingsType::builder().enabled(true).build())
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&sms), "InvalidParameterException");
    admin
        .admin_set_user_mfa_preference()
        .user_pool_id(&pool_id)
        .username("jane")
        .software_token_mfa_settings(
            SoftwareTokenMfaSettingsType::builder()
                .enabled(false)
                .build(),
        )
        .send()
        .await
        .unwrap();
    let user = sdk.get_user().access_token(&access).send().await.unwrap();
    assert!(user.user_mfa_setting_list().is_empty());
    assert_eq!(user.preferred_mfa_setting(), None);
}

#[tokio::test]
async fn the_sdk_signs_in_with_a_password_then_an_authenticator_code() {
    use aws_sdk_cognitoidentityprovider::types::{AuthFlowType, ChallengeNameType};
    let app = app_with_authenticator_mfa(UserPoolMfaType::Optional).await;
    let (access, secret) = jane_with_a_secret(&app).await;
    let sdk = crate::cognito_public::cognito(&app);
    let first = server::pool::totp::code_at(&secret, app.clock.now()).unwrap();
    sdk.verify_software_token()
        .access_token(&access)
        .user_code(&first)
        .send()
        .await
        .unwrap();
    app.clock.advance(30);

    let started = sdk
        .initiate_auth()
        .client_id(app.client_id())
        .auth_flow(AuthFlowType::UserPasswordAuth)
        .auth_parameters("USERNAME", "jane")
        .auth_parameters("PASSWORD", crate::helpers::PASSWORD)
        .send()
        .await
        .unwrap();
    assert_eq!(
        started.challenge_name(),
        Some(&ChallengeNameType::SoftwareTokenMfa)
    );
    assert!(
        started.authentication_result().is_none(),
        "no tokens before the code"
    );
    let session = started.session().unwrap().to_string();
    let respond = |code: String| {
        let (sdk, session, client) = (sdk.clone(), session.clone(), app.client_id().to_string());
        async move {
            sdk.respond_to_auth_challenge()
                .client_id(client)
                .challenge_name(ChallengeNameType::SoftwareTokenMfa)
                .session(session)
                .challenge_responses("USERNAME", "jane")
                .challenge_responses("SOFTWARE_TOKEN_MFA_CODE", code)
                .send()
                .await
        }
    };
    let error = respond(first.clone()).await.unwrap_err();
    assert_eq!(
        code(&error),
        "CodeMismatchException",
        "the set-up's code is spent"
    );
    let now = server::pool::totp::code_at(&secret, app.clock.now()).unwrap();
    let signed_in = respond(now).await.unwrap();
    let tokens = signed_in.authentication_result().unwrap();
    assert!(tokens.access_token().is_some() && tokens.refresh_token().is_some());

    // The hosted form never signs this user in on the password alone: the code's page next.
    let form = crate::hosted::post_sign_in(&app, "jane", crate::helpers::PASSWORD).await;
    let cookies = crate::helpers::browser_cookies(form.headers());
    assert!(!cookies.contains("cognate_session="), "{cookies}");
    let location = form.headers()["location"].to_str().unwrap().to_string();
    assert!(location.starts_with("/mfa?"), "{location}");
}

#[tokio::test]
async fn mfa_on_makes_a_user_set_up_an_authenticator_while_signing_in() {
    use aws_sdk_cognitoidentityprovider::types::{AuthFlowType, ChallengeNameType};
    let app = app_with_authenticator_mfa(UserPoolMfaType::On).await;
    app.confirmed_user("jane").await;
    let sdk = crate::cognito_public::cognito(&app);
    let started = sdk
        .initiate_auth()
        .client_id(app.client_id())
        .auth_flow(AuthFlowType::UserPasswordAuth)
        .auth_parameters("USERNAME", "jane")
        .auth_parameters("PASSWORD", crate::helpers::PASSWORD)
        .send()
        .await
        .unwrap();
    assert_eq!(started.challenge_name(), Some(&ChallengeNameType::MfaSetup));
    assert_eq!(
        started.challenge_parameters().unwrap()["MFAS_CAN_SETUP"],
        "[\"SOFTWARE_TOKEN_MFA\"]"
    );
    let associated = sdk
        .associate_software_token()
        .session(started.session().unwrap())
        .send()
        .await
        .unwrap();
    let secret = associated.secret_code().unwrap();
    let code_now = server::pool::totp::code_at(secret, app.clock.now()).unwrap();
    let verified = sdk
        .verify_software_token()
        .session(associated.session().unwrap())
        .user_code(code_now)
        .send()
        .await
        .unwrap();
    // The first session was spent on the set-up; the last one finishes the sign-in.
    let stale = sdk
        .respond_to_auth_challenge()
        .client_id(app.client_id())
        .challenge_name(ChallengeNameType::MfaSetup)
        .session(started.session().unwrap())
        .challenge_responses("USERNAME", "jane")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&stale), "NotAuthorizedException");
    let signed_in = sdk
        .respond_to_auth_challenge()
        .client_id(app.client_id())
        .challenge_name(ChallengeNameType::MfaSetup)
        .session(verified.session().unwrap())
        .challenge_responses("USERNAME", "jane")
        .send()
        .await
        .unwrap();
    assert!(
        signed_in
            .authentication_result()
            .unwrap()
            .access_token()
            .is_some()
    );
    let user = sdk
        .get_user()
        .access_token(
            signed_in
                .authentication_result()
                .unwrap()
                .access_token()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(user.preferred_mfa_setting(), Some("SOFTWARE_TOKEN_MFA"));
}

#[tokio::test]
async fn the_sdk_signs_in_with_an_emailed_code() {
    use aws_sdk_cognitoidentityprovider::types::{AuthFlowType, ChallengeNameType};
    let app = spawn_app().await;
    admin(&app)
        .set_user_pool_mfa_config()
        .user_pool_id(app.default_pool.pool.id.as_str())
        .mfa_configuration(UserPoolMfaType::On)
        .email_mfa_configuration(
            EmailMfaConfigType::builder()
                .message("Your sign-in code is {####}")
                .subject("Your sign-in code")
                .build(),
        )
        .send()
        .await
        .unwrap();
    app.confirmed_user("jane").await;
    let sdk = crate::cognito_public::cognito(&app);
    let started = sdk
        .initiate_auth()
        .client_id(app.client_id())
        .auth_flow(AuthFlowType::UserPasswordAuth)
        .auth_parameters("USERNAME", "jane")
        .auth_parameters("PASSWORD", crate::helpers::PASSWORD)
        .send()
        .await
        .unwrap();
    assert_eq!(started.challenge_name(), Some(&ChallengeNameType::EmailOtp));
    let parameters = started.challenge_parameters().unwrap();
    assert_eq!(parameters["CODE_DELIVERY_DELIVERY_MEDIUM"], "EMAIL");
    assert_eq!(parameters["CODE_DELIVERY_DESTINATION"], "j***@e***");
    let emailed = app.last_code_about("jane@example.com", "Your sign-in code");
    let signed_in = sdk
        .respond_to_auth_challenge()
        .client_id(app.client_id())
        .challenge_name(ChallengeNameType::EmailOtp)
        .session(started.session().unwrap())
        .challenge_responses("USERNAME", "jane")
        .challenge_responses("EMAIL_OTP_CODE", emailed)
        .send()
        .await
        .unwrap();
    assert!(
        signed_in
            .authentication_result()
            .unwrap()
            .refresh_token()
            .is_some()
    );
}

#[tokio::test]
async fn an_srp_sign_in_asks_for_the_second_factor_too() {
    use aws_sdk_cognitoidentityprovider::types::{ChallengeNameType, EmailMfaSettingsType};
    let app = spawn_app().await;
    let pool_id = app.default_pool.pool.id.to_string();
    admin(&app)
        .set_user_pool_mfa_config()
        .user_pool_id(&pool_id)
        .mfa_configuration(UserPoolMfaType::Optional)
        .email_mfa_configuration(EmailMfaConfigType::builder().build())
        .send()
        .await
        .unwrap();
    app.confirmed_user("jane").await;
    admin(&app)
        .admin_set_user_mfa_preference()
        .user_pool_id(&pool_id)
        .username("jane")
        .email_mfa_settings(EmailMfaSettingsType::builder().enabled(true).build())
        .send()
        .await
        .unwrap();
    let (answer, _) = crate::cognito_srp::srp_sign_in_to(
        &app,
        (&pool_id, app.client_id()),
        "jane",
        crate::helpers::PASSWORD,
    )
    .await;
    let answer = answer.unwrap();
    assert_eq!(answer.challenge_name(), Some(&ChallengeNameType::EmailOtp));
    assert!(answer.authentication_result().is_none());
    let emailed = app.last_code_about("jane@example.com", "sign-in code");
    let signed_in = crate::cognito_public::cognito(&app)
        .respond_to_auth_challenge()
        .client_id(app.client_id())
        .challenge_name(ChallengeNameType::EmailOtp)
        .session(answer.session().unwrap())
        .challenge_responses("USERNAME", "jane")
        .challenge_responses("EMAIL_OTP_CODE", emailed)
        .send()
        .await
        .unwrap();
    assert!(signed_in.authentication_result().is_some());
}

#[tokio::test]
async fn an_administrators_sign_in_lets_the_user_choose_and_ends_after_five_wrong_codes_or_three_minutes()
 {
    use aws_sdk_cognitoidentityprovider::types::{
        AuthFlowType, ChallengeNameType, EmailMfaSettingsType, SoftwareTokenMfaSettingsType,
    };
    let app = app_with_authenticator_mfa(UserPoolMfaType::Optional).await;
    let pool_id = app.default_pool.pool.id.to_string();
    let admin = admin(&app);
    admin
        .set_user_pool_mfa_config()
        .user_pool_id(&pool_id)
        .mfa_configuration(UserPoolMfaType::Optional)
        .software_token_mfa_configuration(
            SoftwareTokenMfaConfigType::builder().enabled(true).build(),
        )
        .email_mfa_configuration(EmailMfaConfigType::builder().build())
        .send()
        .await
        .unwrap();
    let (access, secret) = jane_with_a_secret(&app).await;
    let sdk = crate::cognito_public::cognito(&app);
    let first = server::pool::totp::code_at(&secret, app.clock.now()).unwrap();
    sdk.verify_software_token()
        .access_token(&access)
        .user_code(first)
        .send()
        .await
        .unwrap();
    app.clock.advance(30);
    // Both factors on, neither preferred.
    admin
        .admin_set_user_mfa_preference()
        .user_pool_id(&pool_id)
        .username("jane")
        .software_token_mfa_settings(
            SoftwareTokenMfaSettingsType::builder()
                .enabled(true)
                .preferred_mfa(false)
                .build(),
        )
        .email_mfa_settings(
            EmailMfaSettingsType::builder()
                .enabled(true)
                .preferred_mfa(false)
                .build(),
        )
        .send()
        .await
        .unwrap();

    let start = || {
        admin
            .admin_initiate_auth()
            .user_pool_id(&pool_id)
            .client_id(app.client_id())
            .auth_flow(AuthFlowType::AdminUserPasswordAuth)
            .auth_parameters("USERNAME", "jane")
            .auth_parameters("PASSWORD", crate::helpers::PASSWORD)
            .send()
    };
    let respond = |challenge: ChallengeNameType, session: String, name: &str, value: String| {
        admin
            .admin_respond_to_auth_challenge()
            .user_pool_id(&pool_id)
            .client_id(app.client_id())
            .challenge_name(challenge)
            .session(session)
            .challenge_responses("USERNAME", "jane")
            .challenge_responses(name, value)
            .send()
    };
    let started = start().await.unwrap();
    assert_eq!(
        started.challenge_name(),
        Some(&ChallengeNameType::SelectMfaType)
    );
    let chosen = respond(
        ChallengeNameType::SelectMfaType,
        started.session().unwrap().to_string(),
        "ANSWER",
        "SOFTWARE_TOKEN_MFA".to_string(),
    )
    .await
    .unwrap();
    assert_eq!(
        chosen.challenge_name(),
        Some(&ChallengeNameType::SoftwareTokenMfa)
    );
    let session = chosen.session().unwrap().to_string();
    let mut answers = Vec::new();
    for _ in 0..5 {
        let wrong = respond(
            ChallengeNameType::SoftwareTokenMfa,
            session.clone(),
            "SOFTWARE_TOKEN_MFA_CODE",
            "000000".to_string(),
        )
        .await
        .unwrap_err();
        answers.push(code(&wrong).to_string());
    }
    assert_eq!(
        answers,
        [
            "CodeMismatchException",
            "CodeMismatchException",
            "CodeMismatchException",
            "CodeMismatchException",
            "NotAuthorizedException"
        ]
    );
    let now = server::pool::totp::code_at(&secret, app.clock.now()).unwrap();
    let late = respond(
        ChallengeNameType::SoftwareTokenMfa,
        session,
        "SOFTWARE_TOKEN_MFA_CODE",
        now.clone(),
    )
    .await
    .unwrap_err();
    assert_eq!(
        code(&late),
        "NotAuthorizedException",
        "the session has ended"
    );

    // A session lasts three minutes.
    let started = start().await.unwrap();
    let chosen = respond(
        ChallengeNameType::SelectMfaType,
        started.session().unwrap().to_string(),
        "ANSWER",
        "SOFTWARE_TOKEN_MFA".to_string(),
    )
    .await
    .unwrap();
    app.clock.advance(181);
    let now = server::pool::totp::code_at(&secret, app.clock.now()).unwrap();
    let expired = respond(
        ChallengeNameType::SoftwareTokenMfa,
        chosen.session().unwrap().to_string(),
        "SOFTWARE_TOKEN_MFA_CODE",
        now,
    )
    .await
    .unwrap_err();
    assert_eq!(code(&expired), "NotAuthorizedException");
    assert!(format!("{expired:?}").contains("expired"), "{expired:?}");
}
