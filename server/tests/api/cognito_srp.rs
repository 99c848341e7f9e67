//! USER_SRP_AUTH, proved with an SRP client not written here (the `aws-cognito-srp`
//! crate) through the official AWS SDK: the way Amplify and amazon-cognito-identity-js sign
//! in by default.

use std::collections::HashMap;

use aws_cognito_srp::{SrpClient, User, UserAuthenticationParameters, VerificationParameters};
use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::config::{BehaviorVersion, Region};
use aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata;
use aws_sdk_cognitoidentityprovider::operation::respond_to_auth_challenge::RespondToAuthChallengeOutput;
use aws_sdk_cognitoidentityprovider::types::{AuthFlowType, ChallengeNameType};

use crate::helpers::{PASSWORD, TestApp, spawn_app};

fn cognito(app: &TestApp) -> Client {
    let config = aws_sdk_cognitoidentityprovider::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("local"))
        .endpoint_url(&app.address)
        .build();
    Client::from_conf(config)
}

fn code<E: ProvideErrorMetadata>(error: &E) -> String {
    error.code().unwrap_or("<none>").to_string()
}

/// The PASSWORD_VERIFIER answer the SRP client computes from the challenge's `parameters`,
/// given as `username`.
pub(crate) fn verifier_responses(
    srp: &SrpClient<User>,
    parameters: &HashMap<String, String>,
    username: &str,
) -> HashMap<String, String> {
    let VerificationParameters {
        password_claim_secret_block,
        password_claim_signature,
        timestamp,
    } = srp
        .verify(
            &parameters["SECRET_BLOCK"],
            &parameters["USER_ID_FOR_SRP"],
            &parameters["SALT"],
            &parameters["SRP_B"],
        )
        .unwrap();
    [
        ("USERNAME", username),
        ("PASSWORD_CLAIM_SECRET_BLOCK", &password_claim_secret_block),
        ("PASSWORD_CLAIM_SIGNATURE", &password_claim_signature),
        ("TIMESTAMP", &timestamp),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

/// One USER_SRP_AUTH sign-in as an app does it: InitiateAuth with `SRP_A`, then the
/// PASSWORD_VERIFIER answer the SRP client computes from the challenge. Gives the answer,
/// and the challenge responses sent (to replay them).
async fn srp_sign_in(
    app: &TestApp,
    username: &str,
    password: &str,
) -> (
    Result<RespondToAuthChallengeOutput, String>,
    HashMap<String, String>,
) {
    let pool_id = app.default_pool.pool.id.to_string();
    srp_sign_in_to(app, (&pool_id, app.client_id()), username, password).await
}

/// [`srp_sign_in`] to the pool and client `to` names.
pub(crate) async fn srp_sign_in_to(
    app: &TestApp,
    (pool_id, client_id): (&str, &str),
    username: &str,
    password: &str,
) -> (
    Result<RespondToAuthChallengeOutput, String>,
    HashMap<String, String>,
) {
    let cognito = cognito(app);
    let srp = SrpClient::new(User::new(pool_id, username, password), client_id, None);
    let UserAuthenticationParameters { a, username } = srp.get_auth_parameters();
    let started = cognito
        .initiate_auth()
        .auth_flow(AuthFlowType::UserSrpAuth)
        .client_id(client_id)
        .auth_parameters("USERNAME", &username)
        .auth_parameters("SRP_A", a)
        .send()
        .await
        .unwrap();
    assert_eq!(
        started.challenge_name(),
        Some(&ChallengeNameType::PasswordVerifier)
    );
    let parameters = started.challenge_parameters().unwrap();
    let responses = verifier_responses(&srp, parameters, &parameters["USER_ID_FOR_SRP"]);
    let answer = cognito
        .respond_to_auth_challenge()
        .client_id(client_id)
        .challenge_name(ChallengeNameType::PasswordVerifier)
        .set_challenge_responses(Some(responses.clone()))
        .send()
        .await
        .map_err(|error| code(&error));
    (answer, responses)
}

#[tokio::test]
async fn an_srp_client_signs_in_with_the_right_password_only() {
    let app = spawn_app().await;
    app.confirmed_user("jane").await;

    // The username as typed differently: USER_ID_FOR_SRP gives the stored one.
    let (answer, used) = srp_sign_in(&app, "Jane", PASSWORD).await;
    let result = answer.unwrap();
    let tokens = result.authentication_result().unwrap();
    assert!(tokens.refresh_token().is_some());
    let me = cognito(&app)
        .get_user()
        .access_token(tokens.access_token().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(me.username(), "jane");

    // The same answer again: its secret block was used up.
    let replay = cognito(&app)
        .respond_to_auth_challenge()
        .client_id(app.client_id())
        .challenge_name(ChallengeNameType::PasswordVerifier)
        .set_challenge_responses(Some(used))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&replay), "NotAuthorizedException");

    let (wrong, _) = srp_sign_in(&app, "jane", "Correct-Horse-8").await;
    assert_eq!(wrong.unwrap_err(), "NotAuthorizedException");

    // A user who does not exist gets a challenge too, and the same refusal.
    let (unknown, _) = srp_sign_in(&app, "nobody", PASSWORD).await;
    assert_eq!(unknown.unwrap_err(), "NotAuthorizedException");
}

#[tokio::test]
async fn srp_follows_password_changes_and_user_status() {
    let app = spawn_app().await;
    app.sign_up("ann", PASSWORD).await.unwrap();
    let (unconfirmed, _) = srp_sign_in(&app, "ann", PASSWORD).await;
    assert_eq!(unconfirmed.unwrap_err(), "UserNotConfirmedException");

    app.confirmed_user("bob").await;
    let signed_in = app.sign_in("bob", PASSWORD).await.unwrap();
    cognito(&app)
        .change_password()
        .access_token(&signed_in.tokens.access_token)
        .previous_password(PASSWORD)
        .proposed_password("Battery-Staple-7")
        .send()
        .await
        .unwrap();
    let (old, _) = srp_sign_in(&app, "bob", PASSWORD).await;
    assert_eq!(old.unwrap_err(), "NotAuthorizedException");
    let (new, _) = srp_sign_in(&app, "bob", "Battery-Staple-7").await;
    assert!(new.unwrap().authentication_result().is_some());
}

#[tokio::test]
async fn a_malformed_srp_a_or_timestamp_is_an_invalid_parameter() {
    let app = spawn_app().await;
    app.confirmed_user("jane").await;
    let cognito = cognito(&app);
    for bad in ["0", "not-hex"] {
        let error = cognito
            .initiate_auth()
            .auth_flow(AuthFlowType::UserSrpAuth)
            .client_id(app.client_id())
            .auth_parameters("USERNAME", "jane")
            .auth_parameters("SRP_A", bad)
            .send()
            .await
            .unwrap_err();
        assert_eq!(code(&error), "InvalidParameterException", "SRP_A {bad}");
    }
    let error = cognito
        .respond_to_auth_challenge()
        .client_id(app.client_id())
        .challenge_name(ChallengeNameType::PasswordVerifier)
        .challenge_responses("USERNAME", "jane")
        .challenge_responses("PASSWORD_CLAIM_SECRET_BLOCK", "AAAA")
        .challenge_responses("PASSWORD_CLAIM_SIGNATURE", "AAAA")
        .challenge_responses("TIMESTAMP", "2026-11-22T10:00:00Z")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "InvalidParameterException");
}

#[tokio::test]
async fn a_backend_signs_a_user_in_with_srp_through_admin_initiate_auth() {
    let app = spawn_app().await;
    app.confirmed_user("jane").await;
    let admin = crate::cognito_admin::admin(&app);
    let pool_id = app.default_pool.pool.id.to_string();
    let client_id = app.client_id().to_string();
    let sign_in = |password: &'static str| {
        let (admin, pool_id, client_id) = (admin.clone(), pool_id.clone(), client_id.clone());
        async move {
            let srp = SrpClient::new(User::new(&pool_id, "jane", password), &client_id, None);
            let UserAuthenticationParameters { a, username } = srp.get_auth_parameters();
            let started = admin
                .admin_initiate_auth()
                .user_pool_id(&pool_id)
                .client_id(&client_id)
                .auth_flow(AuthFlowType::UserSrpAuth)
                .auth_parameters("USERNAME", username)
                .auth_parameters("SRP_A", a)
                .send()
                .await
                .unwrap();
            assert_eq!(
                started.challenge_name(),
                Some(&ChallengeNameType::PasswordVerifier)
            );
            let parameters = started.challenge_parameters().unwrap();
            let responses = verifier_responses(&srp, parameters, &parameters["USER_ID_FOR_SRP"]);
            admin
                .admin_respond_to_auth_challenge()
                .user_pool_id(&pool_id)
                .client_id(&client_id)
                .challenge_name(ChallengeNameType::PasswordVerifier)
                .set_challenge_responses(Some(responses))
                .send()
                .await
                .map_err(|error| code(&error))
        }
    };
    let answer = sign_in(PASSWORD).await.unwrap();
    let access = answer
        .authentication_result()
        .unwrap()
        .access_token()
        .unwrap();
    let me = cognito(&app).get_user().access_token(access).send().await;
    assert_eq!(me.unwrap().username(), "jane");
    assert_eq!(
        sign_in("Correct-Horse-8").await.unwrap_err(),
        "NotAuthorizedException"
    );
}
