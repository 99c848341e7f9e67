//! Signing in with each first factor, and what the pool and its users keep of them.

use std::collections::HashMap;

use aws_cognito_srp::{SrpClient, User, UserAuthenticationParameters};
use aws_sdk_cognitoidentityprovider::types::{
    AuthFactorType, AuthFlowType, ChallengeNameType, SignInPolicyType, UserPoolPolicyType,
    UserVerificationType, VerifiedAttributeType,
};
use serde_json::Value;

use super::*;
use crate::cognito_admin::{admin, code};
use crate::cognito_public::cognito;
use crate::cognito_srp::verifier_responses;
use crate::helpers::{PASSWORD, spawn_app};

#[tokio::test]
async fn a_passkey_registered_signs_in_without_a_password() {
    let app = spawn_app().await;
    let client_id = passwordless_pool(&app, UserVerificationType::Required).await;
    let sdk = cognito(&app);
    let token = password_token(&sdk, &client_id, "jane").await;
    let mut key = SoftKey::new();
    let id = register(&sdk, &token, &mut key).await;

    let listed = sdk
        .list_web_authn_credentials()
        .access_token(&token)
        .send()
        .await
        .unwrap();
    let credentials = listed.credentials();
    assert_eq!(credentials.len(), 1);
    assert_eq!(credentials[0].credential_id(), id);
    assert_eq!(credentials[0].relying_party_id(), "localhost");
    assert!(!credentials[0].authenticator_transports().is_empty());
    let factors = sdk
        .get_user_auth_factors()
        .access_token(&token)
        .send()
        .await
        .unwrap();
    let factors = factors.configured_user_auth_factors();
    for factor in [
        AuthFactorType::Password,
        AuthFactorType::EmailOtp,
        AuthFactorType::WebAuthn,
    ] {
        assert!(factors.contains(&factor), "{factor:?} in {factors:?}");
    }

    // No preference: the choices, then the passkey chosen.
    let chosen = start(&sdk, &client_id, "jane", None, &[]).await.unwrap();
    assert_eq!(
        chosen.challenge_name(),
        Some(&ChallengeNameType::SelectChallenge)
    );
    let available = chosen.available_challenges();
    for challenge in [
        ChallengeNameType::Password,
        ChallengeNameType::PasswordSrp,
        ChallengeNameType::WebAuthn,
        ChallengeNameType::EmailOtp,
    ] {
        assert!(available.contains(&challenge), "{challenge:?}");
    }
    let step = answer(
        &sdk,
        &client_id,
        ChallengeNameType::SelectChallenge,
        chosen.session().unwrap(),
        &[("USERNAME", "jane"), ("ANSWER", "WEB_AUTHN")],
    )
    .await
    .unwrap();
    assert_eq!(step.challenge_name(), Some(&ChallengeNameType::WebAuthn));
    let options: Value =
        serde_json::from_str(&step.challenge_parameters().unwrap()["CREDENTIAL_REQUEST_OPTIONS"])
            .unwrap();
    assert_eq!(options["rpId"], "localhost");
    assert_eq!(options["userVerification"], "required");
    let credential = key.assert(options).await;
    let signed_in = answer_passkey(
        &sdk,
        &client_id,
        "jane",
        step.session().unwrap(),
        &credential,
    )
    .await
    .unwrap();
    let access = signed_in
        .authentication_result()
        .and_then(|r| r.access_token())
        .expect("tokens, with no second factor asked for");
    let user = sdk.get_user().access_token(access).send().await.unwrap();
    assert_eq!(user.username(), "jane");

    // The passkey's use is kept; deleting it ends its sign-ins.
    let listed = sdk
        .list_web_authn_credentials()
        .access_token(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.credentials().len(), 1);
    sdk.delete_web_authn_credential()
        .access_token(&token)
        .credential_id(&id)
        .send()
        .await
        .unwrap();
    let (session, options) = passkey_step(&sdk, &client_id, "jane").await;
    let credential = key.assert(options).await;
    let refused = answer_passkey(&sdk, &client_id, "jane", &session, &credential).await;
    assert_eq!(refused.unwrap_err(), "NotAuthorizedException");
}

#[tokio::test]
async fn an_emailed_code_signs_in_and_unknown_users_get_the_same_answer() {
    let app = spawn_app().await;
    let client_id = passwordless_pool(&app, UserVerificationType::Preferred).await;
    let sdk = cognito(&app);
    let known = start(&sdk, &client_id, "jane", Some("EMAIL_OTP"), &[])
        .await
        .unwrap();
    assert_eq!(known.challenge_name(), Some(&ChallengeNameType::EmailOtp));
    let parameters = known.challenge_parameters().unwrap();
    assert_eq!(parameters["CODE_DELIVERY_DELIVERY_MEDIUM"], "EMAIL");
    let code_sent = app.last_code_about("jane@example.com", "Your sign-in code");
    let signed_in = answer(
        &sdk,
        &client_id,
        ChallengeNameType::EmailOtp,
        known.session().unwrap(),
        &[("USERNAME", "jane"), ("EMAIL_OTP_CODE", &code_sent)],
    )
    .await
    .unwrap();
    assert!(signed_in.authentication_result().is_some());

    // Nobody is named "nobody": the answer has the same shape, and a code is "sent".
    let unknown = start(&sdk, &client_id, "nobody", Some("EMAIL_OTP"), &[])
        .await
        .unwrap();
    assert_eq!(unknown.challenge_name(), Some(&ChallengeNameType::EmailOtp));
    let decoy = unknown.challenge_parameters().unwrap();
    let mut keys: Vec<_> = decoy.keys().collect();
    let mut known_keys: Vec<_> = parameters.keys().collect();
    keys.sort();
    known_keys.sort();
    assert_eq!(keys, known_keys);
    assert!(unknown.session().is_some());
    let wrong = answer(
        &sdk,
        &client_id,
        ChallengeNameType::EmailOtp,
        unknown.session().unwrap(),
        &[("USERNAME", "nobody"), ("EMAIL_OTP_CODE", "123456")],
    )
    .await;
    let real_wrong = {
        let step = start(&sdk, &client_id, "john", Some("EMAIL_OTP"), &[])
            .await
            .unwrap();
        answer(
            &sdk,
            &client_id,
            ChallengeNameType::EmailOtp,
            step.session().unwrap(),
            &[("USERNAME", "john"), ("EMAIL_OTP_CODE", "000000")],
        )
        .await
    };
    assert_eq!(wrong.unwrap_err(), real_wrong.unwrap_err());

    // The choices offered do not depend on the user either.
    let for_unknown = start(&sdk, &client_id, "nobody", None, &[]).await.unwrap();
    let for_known = start(&sdk, &client_id, "john", None, &[]).await.unwrap();
    assert_eq!(
        for_unknown.available_challenges(),
        for_known.available_challenges()
    );
}

#[tokio::test]
async fn the_password_signs_in_through_user_auth_sent_or_by_srp() {
    let app = spawn_app().await;
    let client_id = passwordless_pool(&app, UserVerificationType::Preferred).await;
    let sdk = cognito(&app);
    assert!(!password_token(&sdk, &client_id, "jane").await.is_empty());
    let wrong = start(
        &sdk,
        &client_id,
        "jane",
        Some("PASSWORD"),
        &[("PASSWORD", "Wrong-Horse-9")],
    )
    .await;
    assert_eq!(wrong.unwrap_err(), "NotAuthorizedException");

    let pool_id = app.default_pool.pool.id.to_string();
    let srp = SrpClient::new(User::new(&pool_id, "jane", PASSWORD), &client_id, None);
    let UserAuthenticationParameters { a, username } = srp.get_auth_parameters();
    let chosen = start(&sdk, &client_id, &username, None, &[]).await.unwrap();
    let step = answer(
        &sdk,
        &client_id,
        ChallengeNameType::SelectChallenge,
        chosen.session().unwrap(),
        &[
            ("USERNAME", &username),
            ("ANSWER", "PASSWORD_SRP"),
            ("SRP_A", &a),
        ],
    )
    .await
    .unwrap();
    assert_eq!(
        step.challenge_name(),
        Some(&ChallengeNameType::PasswordVerifier)
    );
    let parameters: HashMap<String, String> = step.challenge_parameters().unwrap().clone();
    let responses = verifier_responses(&srp, &parameters, &username);
    let responses: Vec<(&str, &str)> = responses
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let done = answer(
        &sdk,
        &client_id,
        ChallengeNameType::PasswordVerifier,
        step.session().unwrap(),
        &responses,
    )
    .await
    .unwrap();
    assert!(done.authentication_result().is_some());
}

#[tokio::test]
async fn the_pool_keeps_its_first_factors_and_creates_users_without_a_password() {
    let app = spawn_app().await;
    let client_id = passwordless_pool(&app, UserVerificationType::Required).await;
    let pool = app.default_pool.pool.id.to_string();
    let admin = admin(&app);
    let described = admin
        .describe_user_pool()
        .user_pool_id(&pool)
        .send()
        .await
        .unwrap();
    let factors = described
        .user_pool()
        .and_then(|p| p.policies())
        .and_then(|p| p.sign_in_policy())
        .map(|p| p.allowed_first_auth_factors().to_vec())
        .unwrap_or_default();
    assert_eq!(
        factors,
        [
            AuthFactorType::Password,
            AuthFactorType::EmailOtp,
            AuthFactorType::WebAuthn
        ]
    );
    let config = admin
        .get_user_pool_mfa_config()
        .user_pool_id(&pool)
        .send()
        .await
        .unwrap();
    let web_authn = config.web_authn_configuration().unwrap();
    assert_eq!(web_authn.relying_party_id(), Some("localhost"));
    assert_eq!(
        web_authn.user_verification(),
        Some(&UserVerificationType::Required)
    );

    // Cognate sends no text messages; PASSWORD is always among the factors.
    for refused in [
        vec![AuthFactorType::Password, AuthFactorType::SmsOtp],
        vec![AuthFactorType::EmailOtp],
    ] {
        let policy = SignInPolicyType::builder()
            .set_allowed_first_auth_factors(Some(refused))
            .build();
        let answer = admin
            .update_user_pool()
            .user_pool_id(&pool)
            .auto_verified_attributes(VerifiedAttributeType::Email)
            .policies(UserPoolPolicyType::builder().sign_in_policy(policy).build())
            .send()
            .await;
        assert_eq!(
            code(&answer.unwrap_err().into_service_error()),
            "InvalidParameterException"
        );
    }

    // A user created with neither a temporary password nor an invitation has none: they
    // sign in with an emailed code, never with a password.
    let created = admin
        .admin_create_user()
        .user_pool_id(&pool)
        .username("ann")
        .user_attributes(
            aws_sdk_cognitoidentityprovider::types::AttributeType::builder()
                .name("email")
                .value("ann@example.com")
                .build()
                .unwrap(),
        )
        .user_attributes(
            aws_sdk_cognitoidentityprovider::types::AttributeType::builder()
                .name("email_verified")
                .value("true")
                .build()
                .unwrap(),
        )
        .message_action(aws_sdk_cognitoidentityprovider::types::MessageActionType::Suppress)
        .send()
        .await
        .unwrap();
    assert_eq!(
        created.user().and_then(|u| u.user_status()),
        Some(&aws_sdk_cognitoidentityprovider::types::UserStatusType::Confirmed)
    );
    let factors = admin
        .admin_get_user_auth_factors()
        .user_pool_id(&pool)
        .username("ann")
        .send()
        .await
        .unwrap();
    assert_eq!(
        factors.configured_user_auth_factors(),
        [AuthFactorType::EmailOtp]
    );
    let sdk = cognito(&app);
    let by_password = start(
        &sdk,
        &client_id,
        "ann",
        Some("PASSWORD"),
        &[("PASSWORD", PASSWORD)],
    )
    .await;
    assert_eq!(by_password.unwrap_err(), "NotAuthorizedException");
    let step = start(&sdk, &client_id, "ann", Some("EMAIL_OTP"), &[])
        .await
        .unwrap();
    let sent = app.last_code_about("ann@example.com", "Your sign-in code");
    let signed_in = answer(
        &sdk,
        &client_id,
        ChallengeNameType::EmailOtp,
        step.session().unwrap(),
        &[("USERNAME", "ann"), ("EMAIL_OTP_CODE", &sent)],
    )
    .await
    .unwrap();
    assert!(signed_in.authentication_result().is_some());
}

#[tokio::test]
async fn a_second_factor_follows_the_password_but_not_a_passkey() {
    let app = spawn_app().await;
    let client_id = passwordless_pool(&app, UserVerificationType::Required).await;
    let pool = app.default_pool.pool.id.to_string();
    let sdk = cognito(&app);
    let token = password_token(&sdk, &client_id, "jane").await;
    let mut key = SoftKey::new();
    register(&sdk, &token, &mut key).await;
    let admin = admin(&app);
    admin
        .admin_set_user_mfa_preference()
        .user_pool_id(&pool)
        .username("jane")
        .email_mfa_settings(
            aws_sdk_cognitoidentityprovider::types::EmailMfaSettingsType::builder()
                .enabled(true)
                .build(),
        )
        .send()
        .await
        .unwrap();

    // The password (here through AdminInitiateAuth): the emailed second factor next.
    let by_password = admin
        .admin_initiate_auth()
        .user_pool_id(&pool)
        .client_id(&client_id)
        .auth_flow(AuthFlowType::UserAuth)
        .auth_parameters("USERNAME", "jane")
        .auth_parameters("PREFERRED_CHALLENGE", "PASSWORD")
        .auth_parameters("PASSWORD", PASSWORD)
        .send()
        .await
        .unwrap();
    assert_eq!(
        by_password.challenge_name(),
        Some(&ChallengeNameType::EmailOtp)
    );
    assert!(by_password.authentication_result().is_none());

    // The passkey, which verified its user: the tokens at once.
    let (session, options) = passkey_step(&sdk, &client_id, "jane").await;
    let credential = key.assert(options).await;
    let signed_in = answer_passkey(&sdk, &client_id, "jane", &session, &credential)
        .await
        .unwrap();
    assert!(signed_in.authentication_result().is_some());
}
