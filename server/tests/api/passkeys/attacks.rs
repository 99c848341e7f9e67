//! The attacks on passkeys and emailed codes, each refused.

use aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata;
use aws_sdk_cognitoidentityprovider::types::{ChallengeNameType, UserVerificationType};
use serde_json::{Value, json};
use url::Url;

use super::*;
use crate::cognito_admin::code;
use crate::cognito_public::cognito;
use crate::helpers::spawn_app;

#[tokio::test]
async fn emailed_codes_are_guessed_only_within_the_caps() {
    let app = spawn_app().await;
    let client_id = passwordless_pool(&app, UserVerificationType::Preferred).await;
    let sdk = cognito(&app);
    // One sign-in takes five wrong codes, then ends; an unknown user's the same.
    let mut seen = Vec::new();
    for name in ["jane", "nobody"] {
        let step = start(&sdk, &client_id, name, Some("EMAIL_OTP"), &[])
            .await
            .unwrap();
        let session = step.session().unwrap();
        let mut answers = Vec::new();
        for _ in 0..6 {
            let refused = sdk
                .respond_to_auth_challenge()
                .client_id(&client_id)
                .challenge_name(ChallengeNameType::EmailOtp)
                .session(session)
                .challenge_responses("USERNAME", name)
                .challenge_responses("EMAIL_OTP_CODE", "000000")
                .send()
                .await
                .unwrap_err()
                .into_service_error();
            answers.push(format!(
                "{}: {}",
                code(&refused),
                refused.message().unwrap_or("")
            ));
        }
        assert!(answers[0].starts_with("CodeMismatchException"));
        assert!(
            answers[4..]
                .iter()
                .all(|a| a.starts_with("NotAuthorizedException")),
            "{answers:?}"
        );
        seen.push(answers);
    }
    assert_eq!(
        seen[0], seen[1],
        "an unknown user's answers are a real user's"
    );
    // New sign-ins cannot go on guessing for the user: the user's allowance runs out,
    // and then even the right code is refused for a while.
    let mut limited = false;
    for _ in 0..6 {
        let step = start(&sdk, &client_id, "jane", Some("EMAIL_OTP"), &[]).await;
        let Ok(step) = step else {
            // The user's sending allowance, or the address's (a machine that runs the
            // tests in parallel may reach that first).
            let refused = step.unwrap_err();
            assert!(
                ["LimitExceededException", "TooManyRequestsException"].contains(&refused.as_str()),
                "{refused}"
            );
            limited = true;
            break;
        };
        let wrong = answer(
            &sdk,
            &client_id,
            ChallengeNameType::EmailOtp,
            step.session().unwrap(),
            &[("USERNAME", "jane"), ("EMAIL_OTP_CODE", "000000")],
        )
        .await
        .unwrap_err();
        if wrong == "LimitExceededException" {
            limited = true;
            let right = app.last_code_about("jane@example.com", "Your sign-in code");
            let refused = answer(
                &sdk,
                &client_id,
                ChallengeNameType::EmailOtp,
                step.session().unwrap(),
                &[("USERNAME", "jane"), ("EMAIL_OTP_CODE", &right)],
            )
            .await;
            assert!(refused.is_err());
            break;
        }
    }
    assert!(limited, "the user's wrong codes are capped");
}

#[tokio::test]
async fn passkey_attacks_are_refused() {
    let app = spawn_app().await;
    let client_id = passwordless_pool(&app, UserVerificationType::Required).await;
    let sdk = cognito(&app);
    let jane = password_token(&sdk, &client_id, "jane").await;
    let john = password_token(&sdk, &client_id, "john").await;
    let mut janes = SoftKey::new();
    let janes_id = register(&sdk, &jane, &mut janes).await;

    // Jane's passkey offered for John's sign-in.
    let (session, options) = passkey_step(&sdk, &client_id, "john").await;
    let credential = janes.assert(options).await;
    let refused = answer_passkey(&sdk, &client_id, "john", &session, &credential).await;
    assert_eq!(refused.unwrap_err(), "NotAuthorizedException");

    // A replayed assertion: to the session it answered, and to a new one.
    let (session, options) = passkey_step(&sdk, &client_id, "jane").await;
    let credential = janes.assert(options).await;
    answer_passkey(&sdk, &client_id, "jane", &session, &credential)
        .await
        .unwrap();
    let again = answer_passkey(&sdk, &client_id, "jane", &session, &credential).await;
    assert_eq!(again.unwrap_err(), "NotAuthorizedException");
    let (fresh, _) = passkey_step(&sdk, &client_id, "jane").await;
    let replayed = answer_passkey(&sdk, &client_id, "jane", &fresh, &credential).await;
    assert_eq!(replayed.unwrap_err(), "NotAuthorizedException");

    // A challenge answered too late.
    let (session, options) = passkey_step(&sdk, &client_id, "jane").await;
    let credential = janes.assert(options).await;
    app.clock.advance(4 * 60);
    let late = answer_passkey(&sdk, &client_id, "jane", &session, &credential).await;
    assert_eq!(late.unwrap_err(), "NotAuthorizedException");

    // Deleting another user's passkey.
    let deleted = sdk
        .delete_web_authn_credential()
        .access_token(&john)
        .credential_id(&janes_id)
        .send()
        .await;
    assert_eq!(
        code(&deleted.unwrap_err().into_service_error()),
        "ResourceNotFoundException"
    );

    // A clone of the authenticator: its counter goes back, and the passkey is flagged.
    let jane = password_token(&sdk, &client_id, "jane").await;
    let before = janes.passkey();
    let (session, options) = passkey_step(&sdk, &client_id, "jane").await;
    let credential = janes.assert(options).await;
    answer_passkey(&sdk, &client_id, "jane", &session, &credential)
        .await
        .unwrap();
    let mut clone = SoftKey::holding(before);
    let (session, options) = passkey_step(&sdk, &client_id, "jane").await;
    let cloned = clone.assert(options).await;
    let refused = answer_passkey(&sdk, &client_id, "jane", &session, &cloned).await;
    assert_eq!(refused.unwrap_err(), "NotAuthorizedException");
    let (session, options) = passkey_step(&sdk, &client_id, "jane").await;
    let genuine = janes.assert(options).await;
    let flagged = answer_passkey(&sdk, &client_id, "jane", &session, &genuine).await;
    assert_eq!(
        flagged.unwrap_err(),
        "NotAuthorizedException",
        "a flagged passkey signs no one in"
    );
    assert!(!jane.is_empty());
}

#[tokio::test]
async fn registrations_from_elsewhere_or_used_twice_are_refused() {
    let app = spawn_app().await;
    let client_id = passwordless_pool(&app, UserVerificationType::Required).await;
    let sdk = cognito(&app);
    let token = password_token(&sdk, &client_id, "jane").await;
    let start_registration = || async {
        to_json(
            sdk.start_web_authn_registration()
                .access_token(&token)
                .send()
                .await
                .unwrap()
                .credential_creation_options(),
        )
    };
    let complete = |credential: Value| {
        let sdk = sdk.clone();
        let token = token.clone();
        async move {
            sdk.complete_web_authn_registration()
                .access_token(token)
                .credential(to_document(&credential))
                .send()
                .await
                .map_err(|e| code(&e.into_service_error()))
        }
    };

    // Made in a page of another origin (the client data says where).
    let options = start_registration().await;
    let created = SoftKey::new().register(options).await;
    let elsewhere = with_client_data(&created, |data| {
        data["origin"] = json!("https://evil.example");
    });
    assert_eq!(
        complete(elsewhere).await.unwrap_err(),
        "WebAuthnOriginNotAllowedException"
    );

    // Made for another relying party ID (at an origin of its own, told as ours).
    let mut options = start_registration().await;
    options["rp"]["id"] = json!("other.test");
    let mut other = SoftKey::new();
    other.origin = Url::parse("https://other.test").unwrap();
    let created = other.register(options).await;
    let told_as_ours = with_client_data(&created, |data| {
        data["origin"] = json!(ORIGIN);
    });
    assert_eq!(
        complete(told_as_ours).await.unwrap_err(),
        "WebAuthnRelyingPartyMismatchException"
    );

    // One challenge answered twice.
    let options = start_registration().await;
    let created = SoftKey::new().register(options).await;
    complete(created.clone()).await.unwrap();
    assert_eq!(
        complete(created).await.unwrap_err(),
        "WebAuthnChallengeNotFoundException"
    );

    // Another user's token cannot complete this user's registration.
    let john = password_token(&sdk, &client_id, "john").await;
    let options = start_registration().await;
    let created = SoftKey::new().register(options).await;
    let by_john = sdk
        .complete_web_authn_registration()
        .access_token(&john)
        .credential(to_document(&created))
        .send()
        .await;
    assert_eq!(
        code(&by_john.unwrap_err().into_service_error()),
        "WebAuthnChallengeNotFoundException"
    );
}

#[tokio::test]
async fn a_token_without_the_admin_scope_registers_no_passkey() {
    let app = spawn_app().await;
    passwordless_pool(&app, UserVerificationType::Preferred).await;
    let client = crate::oidc::oauth_client(&app, false).await;
    let client_id = client.client_id().unwrap();
    let session = crate::oidc::session_of(&app, "mia").await;
    let grant = crate::oidc::code(&app, &session, client_id).await;
    let (_, tokens) = crate::oidc::token(
        &app,
        None,
        &[
            ("grant_type", "authorization_code"),
            ("client_id", client_id),
            ("code", &grant),
            ("redirect_uri", crate::oidc::CALLBACK),
            ("code_verifier", crate::oidc::VERIFIER),
        ],
    )
    .await;
    let access = tokens["access_token"].as_str().expect("an access token");
    let sdk = cognito(&app);
    let started = sdk
        .start_web_authn_registration()
        .access_token(access)
        .send()
        .await;
    assert_eq!(
        code(&started.unwrap_err().into_service_error()),
        "NotAuthorizedException"
    );
    let listed = sdk
        .list_web_authn_credentials()
        .access_token(access)
        .send()
        .await;
    assert_eq!(
        code(&listed.unwrap_err().into_service_error()),
        "NotAuthorizedException"
    );
}
