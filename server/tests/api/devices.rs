//! Remembered devices through the AWS SDK, with `aws-cognito-srp`'s device SRP (a client
//! library that implements Cognito's): a new device's key at sign-in, ConfirmDevice, the
//! device's own proof skipping the emailed code, refresh bound to the device, and the
//! attacks: another user's key, a device proof without the password, a wrong device
//! password, a forgotten device.

use aws_cognito_srp::{SrpClient, TrackedDevice, UntrackedDevice};
use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata;
use aws_sdk_cognitoidentityprovider::types::{
    AuthFlowType, AuthenticationResultType, ChallengeNameType, DeviceConfigurationType,
    DeviceRememberedStatusType, DeviceSecretVerifierConfigType, EmailMfaConfigType,
    EmailMfaSettingsType, UserPoolMfaType, VerifiedAttributeType,
};

use crate::cognito_admin::admin;
use crate::cognito_public::cognito;
use crate::helpers::{PASSWORD, TestApp, spawn_app};

/// The default pool tracking devices (a remembered one skips the second factor), with
/// emailed codes as every user's second factor; `jane` and `john` signed up.
async fn tracking(app: &TestApp, remember_on_prompt: bool) -> String {
    let pool = app.default_pool.pool.id.to_string();
    let admin = admin(app);
    admin
        .update_user_pool()
        .user_pool_id(&pool)
        .auto_verified_attributes(VerifiedAttributeType::Email)
        .device_configuration(
            DeviceConfigurationType::builder()
                .challenge_required_on_new_device(true)
                .device_only_remembered_on_user_prompt(remember_on_prompt)
                .build(),
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
    for name in ["jane", "john"] {
        app.confirmed_user(name).await;
        admin
            .admin_set_user_mfa_preference()
            .user_pool_id(&pool)
            .username(name)
            .email_mfa_settings(EmailMfaSettingsType::builder().enabled(true).build())
            .send()
            .await
            .unwrap();
    }
    pool
}

/// A password sign-in naming `device_key`: the answer's challenge name, session and
/// parameters, or its tokens.
async fn password_step(
    sdk: &Client,
    app: &TestApp,
    username: &str,
    device_key: Option<&str>,
) -> aws_sdk_cognitoidentityprovider::operation::initiate_auth::InitiateAuthOutput {
    let mut call = sdk
        .initiate_auth()
        .client_id(app.client_id())
        .auth_flow(AuthFlowType::UserPasswordAuth)
        .auth_parameters("USERNAME", username)
        .auth_parameters("PASSWORD", PASSWORD);
    if let Some(key) = device_key {
        call = call.auth_parameters("DEVICE_KEY", key);
    }
    call.send().await.unwrap()
}

/// The emailed code answered: the tokens.
async fn email_code(
    sdk: &Client,
    app: &TestApp,
    username: &str,
    session: &str,
) -> AuthenticationResultType {
    let code = app.last_code_about(&format!("{username}@example.com"), "Your sign-in code");
    sdk.respond_to_auth_challenge()
        .client_id(app.client_id())
        .challenge_name(ChallengeNameType::EmailOtp)
        .session(session)
        .challenge_responses("USERNAME", username)
        .challenge_responses("EMAIL_OTP_CODE", code)
        .send()
        .await
        .unwrap()
        .authentication_result
        .unwrap()
}

/// The device's two steps (DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER) answered with
/// `device`'s password: the final answer, or its error code.
async fn device_steps(
    sdk: &Client,
    app: &TestApp,
    username: &str,
    device: &TrackedDevice,
    device_key: &str,
    session: Option<&str>,
) -> Result<aws_sdk_cognitoidentityprovider::operation::respond_to_auth_challenge::RespondToAuthChallengeOutput, String>
{
    let srp = SrpClient::new(device.clone(), app.client_id(), None);
    let started = sdk
        .respond_to_auth_challenge()
        .client_id(app.client_id())
        .challenge_name(ChallengeNameType::DeviceSrpAuth)
        .set_session(session.map(str::to_string))
        .challenge_responses("USERNAME", username)
        .challenge_responses("DEVICE_KEY", device_key)
        .challenge_responses("SRP_A", srp.get_auth_parameters().a)
        .send()
        .await
        .map_err(|e| {
            e.into_service_error()
                .code()
                .unwrap_or_default()
                .to_string()
        })?;
    assert_eq!(
        started.challenge_name(),
        Some(&ChallengeNameType::DevicePasswordVerifier)
    );
    let parameters = started.challenge_parameters().unwrap();
    let verified = srp
        .verify(
            &parameters["SECRET_BLOCK"],
            &parameters["SALT"],
            &parameters["SRP_B"],
        )
        .unwrap();
    sdk.respond_to_auth_challenge()
        .client_id(app.client_id())
        .challenge_name(ChallengeNameType::DevicePasswordVerifier)
        .set_session(started.session().map(str::to_string))
        .challenge_responses("USERNAME", &parameters["USERNAME"])
        .challenge_responses("DEVICE_KEY", device_key)
        .challenge_responses(
            "PASSWORD_CLAIM_SECRET_BLOCK",
            verified.password_claim_secret_block,
        )
        .challenge_responses(
            "PASSWORD_CLAIM_SIGNATURE",
            verified.password_claim_signature,
        )
        .challenge_responses("TIMESTAMP", verified.timestamp)
        .send()
        .await
        .map_err(|e| {
            e.into_service_error()
                .code()
                .unwrap_or_default()
                .to_string()
        })
}

/// Signs `username` in with the emailed code and confirms the device the sign-in was
/// given: its key and the tracked device (with its password).
async fn remember_device(
    sdk: &Client,
    app: &TestApp,
    pool: &str,
    username: &str,
) -> (String, TrackedDevice, AuthenticationResultType) {
    let started = password_step(sdk, app, username, None).await;
    assert_eq!(started.challenge_name(), Some(&ChallengeNameType::EmailOtp));
    let tokens = email_code(sdk, app, username, started.session().unwrap()).await;
    let metadata = tokens.new_device_metadata().expect("a new device's key");
    let key = metadata.device_key().unwrap().to_string();
    let group = metadata.device_group_key().unwrap().to_string();
    let untracked = UntrackedDevice::new(pool, &group, &key);
    let verifier = SrpClient::new(untracked.clone(), app.client_id(), None).get_password_verifier();
    let confirmed = sdk
        .confirm_device()
        .access_token(tokens.access_token().unwrap())
        .device_key(&key)
        .device_name("Jane's laptop")
        .device_secret_verifier_config(
            DeviceSecretVerifierConfigType::builder()
                .password_verifier(&verifier.verifier)
                .salt(&verifier.salt)
                .build(),
        )
        .send()
        .await
        .unwrap();
    assert!(!confirmed.user_confirmation_necessary());
    (key, untracked.into_tracked(&verifier.password), tokens)
}

fn claims_of(access_token: &str) -> serde_json::Value {
    use base64::Engine as _;
    let payload = access_token.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

#[tokio::test]
async fn a_remembered_device_proves_itself_instead_of_the_emailed_code() {
    let app = spawn_app().await;
    let pool = tracking(&app, false).await;
    let sdk = cognito(&app);
    let (key, device, first) = remember_device(&sdk, &app, &pool, "jane").await;

    let listed = sdk
        .list_devices()
        .access_token(first.access_token().unwrap())
        .send()
        .await
        .unwrap();
    let devices = listed.devices();
    assert_eq!(devices.len(), 1);
    let attributes: Vec<(&str, &str)> = devices[0]
        .device_attributes()
        .iter()
        .map(|a| (a.name(), a.value().unwrap_or_default()))
        .collect();
    assert!(attributes.contains(&("device_status", "remembered")));
    assert!(attributes.contains(&("device_name", "Jane's laptop")));

    // The password, then the device's own proof: no code is emailed.
    let started = password_step(&sdk, &app, "jane", Some(&key)).await;
    assert_eq!(
        started.challenge_name(),
        Some(&ChallengeNameType::DeviceSrpAuth)
    );
    let codes_before = app.emails_to("jane@example.com").len();
    let signed_in = device_steps(&sdk, &app, "jane", &device, &key, started.session())
        .await
        .unwrap();
    let tokens = signed_in
        .authentication_result()
        .expect("tokens, no second factor");
    assert_eq!(app.emails_to("jane@example.com").len(), codes_before);
    assert_eq!(claims_of(tokens.access_token().unwrap())["device_key"], key);
    assert!(tokens.new_device_metadata().is_none());

    // Its refresh token refreshes on this device only.
    let refresh = |device_key: Option<&str>| {
        let mut call = sdk
            .initiate_auth()
            .client_id(app.client_id())
            .auth_flow(AuthFlowType::RefreshTokenAuth)
            .auth_parameters("REFRESH_TOKEN", tokens.refresh_token().unwrap());
        if let Some(key) = device_key {
            call = call.auth_parameters("DEVICE_KEY", key);
        }
        call.send()
    };
    let refused = refresh(None).await.unwrap_err().into_service_error();
    assert_eq!(refused.code(), Some("NotAuthorizedException"));
    assert!(refresh(Some(&key)).await.is_ok());

    // Forgotten, the device is a new one again, and its refresh token stops working.
    sdk.forget_device()
        .access_token(tokens.access_token().unwrap())
        .device_key(&key)
        .send()
        .await
        .unwrap();
    let again = password_step(&sdk, &app, "jane", Some(&key)).await;
    assert_eq!(again.challenge_name(), Some(&ChallengeNameType::EmailOtp));
    let refused = refresh(Some(&key)).await.unwrap_err().into_service_error();
    assert_eq!(refused.code(), Some("NotAuthorizedException"));
}

#[tokio::test]
async fn a_device_key_never_works_for_another_user_or_without_the_password() {
    let app = spawn_app().await;
    let pool = tracking(&app, false).await;
    let sdk = cognito(&app);
    let (key, device, _) = remember_device(&sdk, &app, &pool, "jane").await;

    // John names Jane's device: it is not his, so he gets his own second factor.
    let john = password_step(&sdk, &app, "john", Some(&key)).await;
    assert_eq!(john.challenge_name(), Some(&ChallengeNameType::EmailOtp));
    // The device's proof alone, with no password step before it, is refused.
    let alone = device_steps(&sdk, &app, "jane", &device, &key, None).await;
    assert_eq!(alone.unwrap_err(), "NotAuthorizedException");
    let as_john = device_steps(&sdk, &app, "john", &device, &key, None).await;
    assert_eq!(as_john.unwrap_err(), "NotAuthorizedException");

    // A wrong device password is a failed sign-in.
    let started = password_step(&sdk, &app, "jane", Some(&key)).await;
    let impostor = TrackedDevice::new(&pool, "-wrong", &key, "not-the-password");
    let wrong = device_steps(&sdk, &app, "jane", &impostor, &key, started.session()).await;
    assert_eq!(wrong.unwrap_err(), "NotAuthorizedException");

    // Another client's session (or a made-up one) is not the step's.
    let started = password_step(&sdk, &app, "jane", Some(&key)).await;
    assert!(started.session().is_some());
    let forged = device_steps(&sdk, &app, "jane", &device, &key, Some("forged")).await;
    assert_eq!(forged.unwrap_err(), "NotAuthorizedException");
}

#[tokio::test]
async fn a_device_waits_for_the_user_where_the_pool_asks_them() {
    let app = spawn_app().await;
    let pool = tracking(&app, true).await;
    let sdk = cognito(&app);
    let started = password_step(&sdk, &app, "jane", None).await;
    let tokens = email_code(&sdk, &app, "jane", started.session().unwrap()).await;
    let metadata = tokens.new_device_metadata().unwrap();
    let key = metadata.device_key().unwrap().to_string();
    let untracked = UntrackedDevice::new(&pool, metadata.device_group_key().unwrap(), &key);
    let verifier = SrpClient::new(untracked.clone(), app.client_id(), None).get_password_verifier();
    let confirmed = sdk
        .confirm_device()
        .access_token(tokens.access_token().unwrap())
        .device_key(&key)
        .device_secret_verifier_config(
            DeviceSecretVerifierConfigType::builder()
                .password_verifier(&verifier.verifier)
                .salt(&verifier.salt)
                .build(),
        )
        .send()
        .await
        .unwrap();
    assert!(confirmed.user_confirmation_necessary());
    let device = untracked.into_tracked(&verifier.password);
    // Not remembered yet: the device proves itself, then the code is still asked for.
    let started = password_step(&sdk, &app, "jane", Some(&key)).await;
    let answered = device_steps(&sdk, &app, "jane", &device, &key, started.session())
        .await
        .unwrap();
    assert_eq!(
        answered.challenge_name(),
        Some(&ChallengeNameType::EmailOtp)
    );
    // The code answered, the tokens are still the device's: no new device's key.
    let after_code = email_code(&sdk, &app, "jane", answered.session().unwrap()).await;
    assert_eq!(
        claims_of(after_code.access_token().unwrap())["device_key"],
        key
    );
    assert!(after_code.new_device_metadata().is_none());
    // The user remembers it with their token, and it skips the code; an administrator
    // may forget it again.
    let status = |device: &aws_sdk_cognitoidentityprovider::types::DeviceType| {
        device
            .device_attributes()
            .iter()
            .find(|attribute| attribute.name() == "device_status")
            .and_then(|attribute| attribute.value().map(str::to_string))
    };
    sdk.update_device_status()
        .access_token(tokens.access_token().unwrap())
        .device_key(&key)
        .device_remembered_status(DeviceRememberedStatusType::Remembered)
        .send()
        .await
        .unwrap();
    let own = sdk
        .get_device()
        .access_token(tokens.access_token().unwrap())
        .device_key(&key)
        .send()
        .await
        .unwrap();
    assert_eq!(status(own.device().unwrap()).as_deref(), Some("remembered"));
    let bad_status = sdk
        .update_device_status()
        .access_token(tokens.access_token().unwrap())
        .device_key(&key)
        .device_remembered_status(DeviceRememberedStatusType::from("forever"))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(bad_status.code(), Some("InvalidParameterException"));
    let started = password_step(&sdk, &app, "jane", Some(&key)).await;
    let answered = device_steps(&sdk, &app, "jane", &device, &key, started.session())
        .await
        .unwrap();
    assert!(answered.authentication_result().is_some());
    let got = admin(&app)
        .admin_get_device()
        .user_pool_id(&pool)
        .username("jane")
        .device_key(&key)
        .send()
        .await
        .unwrap();
    assert_eq!(got.device().unwrap().device_key(), Some(key.as_str()));
    let listed = admin(&app)
        .admin_list_devices()
        .user_pool_id(&pool)
        .username("jane")
        .send()
        .await
        .unwrap();
    assert_eq!(listed.devices().len(), 1);
    admin(&app)
        .admin_forget_device()
        .user_pool_id(&pool)
        .username("jane")
        .device_key(&key)
        .send()
        .await
        .unwrap();
    let gone = sdk
        .get_device()
        .access_token(tokens.access_token().unwrap())
        .device_key(&key)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(gone.code(), Some("ResourceNotFoundException"));
    // Another user's device is not found through theirs.
    let missing = admin(&app)
        .admin_get_device()
        .user_pool_id(&pool)
        .username("john")
        .device_key(&key)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(missing.code(), Some("ResourceNotFoundException"));
    // A verifier that is no SRP verifier is refused.
    let started = password_step(&sdk, &app, "john", None).await;
    let tokens = email_code(&sdk, &app, "john", started.session().unwrap()).await;
    let bad = sdk
        .confirm_device()
        .access_token(tokens.access_token().unwrap())
        .device_key(tokens.new_device_metadata().unwrap().device_key().unwrap())
        .device_secret_verifier_config(
            DeviceSecretVerifierConfigType::builder()
                .password_verifier("AA==")
                .salt("AA==")
                .build(),
        )
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(bad.code(), Some("InvalidParameterException"));
}
