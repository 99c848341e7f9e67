//! Triggers: a pool's Lambda functions, written the way the AWS documentation writes them
//! (end2end/triggers/functions, Node.js and Python), run by AWS's own runtime interface
//! clients behind a Lambda-compatible host on loopback (scripts/lambda-host.sh: the Invoke
//! API in front, checking each call's SigV4 signature; the Lambda Runtime API behind). The
//! apps are the official AWS SDK for Rust. Webhook triggers are answered by a handler in
//! this file that checks the Standard Webhooks signature.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use aws_cognito_srp::{SrpClient, User, UserAuthenticationParameters};
use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata;
use aws_sdk_cognitoidentityprovider::types::{
    AttributeDataType, AttributeType, AuthFlowType, ChallengeNameType, ExplicitAuthFlowsType,
    LambdaConfigType, PreTokenGenerationLambdaVersionType, PreTokenGenerationVersionConfigType,
    PreventUserExistenceErrorTypes, SchemaAttributeType, UsernameAttributeType,
    VerifiedAttributeType,
};
use serde_json::Value;
use server::plumbing::config::{Secret, Settings};

use crate::cognito_admin::{admin, claims};
use crate::cognito_public::cognito;
use crate::helpers::{PASSWORD, TestApp, spawn_app_with};

/// The pair the Lambda host checks signatures with (scripts/lambda-host.sh's default).
const LAMBDA_KEY: &str = "AKIDCOGNATETRIGGERTESTS";
const LAMBDA_SECRET: &str = "cognate-trigger-tests-secret";

/// The Lambda host of this test process: its Invoke API's URL and its state folder
/// (events.jsonl, the profiles and sign-in log the handlers write). It stops once this
/// process has ended.
fn lambda_host() -> &'static (String, PathBuf) {
    static HOST: OnceLock<(String, PathBuf)> = OnceLock::new();
    HOST.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder").keep();
        let output =
            Command::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/lambda-host.sh"))
                .arg("start")
                .arg(&dir)
                .arg("0")
                .arg(std::process::id().to_string())
                .output()
                .expect("scripts/lambda-host.sh runs");
        assert!(
            output.status.success(),
            "the Lambda host did not start: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let port = String::from_utf8(output.stdout).unwrap().trim().to_string();
        (format!("http://127.0.0.1:{port}"), dir)
    })
}

/// The ARN of one of end2end/triggers/functions.json's functions.
fn arn(function: &str) -> String {
    format!("arn:aws:lambda:us-east-1:123456789012:function:{function}")
}

/// A server whose Lambda calls go to the tests' host, signed with its key.
async fn app() -> TestApp {
    let (endpoint, _) = lambda_host();
    spawn_app_with(tempfile::tempdir().unwrap(), |settings: &mut Settings| {
        settings.triggers.lambda_endpoint = Some(endpoint.parse().unwrap());
        settings.triggers.access_key_id = Some(LAMBDA_KEY.into());
        settings.triggers.secret_access_key = Some(Secret::new(LAMBDA_SECRET.into()));
    })
    .await
}

/// A pool with `triggers` (and email auto-verified, a `custom:suspended` attribute), and a
/// client that may use every flow, hiding which users exist: their ids.
async fn pool_with(app: &TestApp, triggers: LambdaConfigType) -> (String, String) {
    pool_shaped(app, triggers, false).await
}

async fn pool_shaped(
    app: &TestApp,
    triggers: LambdaConfigType,
    email_is_username: bool,
) -> (String, String) {
    let admin = admin(app);
    let mut create = admin
        .create_user_pool()
        .pool_name("triggers")
        .lambda_config(triggers)
        .auto_verified_attributes(VerifiedAttributeType::Email)
        .schema(
            SchemaAttributeType::builder()
                .name("suspended")
                .attribute_data_type(AttributeDataType::String)
                .mutable(true)
                .build(),
        );
    if email_is_username {
        create = create.username_attributes(UsernameAttributeType::Email);
    }
    let pool = create.send().await.unwrap().user_pool.unwrap().id.unwrap();
    let client = admin
        .create_user_pool_client()
        .user_pool_id(&pool)
        .client_name("app")
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowUserPasswordAuth)
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowUserSrpAuth)
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowCustomAuth)
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowRefreshTokenAuth)
        .prevent_user_existence_errors(PreventUserExistenceErrorTypes::Enabled)
        .send()
        .await
        .unwrap()
        .user_pool_client
        .unwrap()
        .client_id
        .unwrap();
    (pool, client)
}

/// A confirmed user with `PASSWORD`, made by the administrator.
async fn user(app: &TestApp, pool: &str, username: &str, email: &str) {
    let admin = admin(app);
    admin
        .admin_create_user()
        .user_pool_id(pool)
        .username(username)
        .user_attributes(attribute("email", email))
        .user_attributes(attribute("email_verified", "true"))
        .message_action(aws_sdk_cognitoidentityprovider::types::MessageActionType::Suppress)
        .send()
        .await
        .unwrap();
    admin
        .admin_set_user_password()
        .user_pool_id(pool)
        .username(username)
        .password(PASSWORD)
        .permanent(true)
        .send()
        .await
        .unwrap();
}

fn attribute(name: &str, value: &str) -> AttributeType {
    AttributeType::builder()
        .name(name)
        .value(value)
        .build()
        .unwrap()
}

/// The exception an SDK call failed with, and its message.
fn failure<E: ProvideErrorMetadata>(error: &E) -> (String, String) {
    (
        error.code().unwrap_or("<none>").to_string(),
        error.message().unwrap_or("").to_string(),
    )
}

/// Every event the host received from `pool` through `source`, oldest first.
fn events(pool: &str, source: &str) -> Vec<Value> {
    let (_, dir) = lambda_host();
    let text = std::fs::read_to_string(dir.join("events.jsonl")).unwrap_or_default();
    text.lines()
        .map(|line| serde_json::from_str::<Value>(line).unwrap()["event"].clone())
        .filter(|event| event["userPoolId"] == pool && event["triggerSource"] == source)
        .collect()
}

/// The profile row the post confirmation handler wrote for `username`.
fn profile(username: &str) -> Option<Value> {
    let (_, dir) = lambda_host();
    let text = std::fs::read_to_string(dir.join("profiles").join(format!("{username}.json")));
    text.ok().map(|text| serde_json::from_str(&text).unwrap())
}

/// The six-digit code in `message`.
fn six_digits(message: &str) -> String {
    let digits: Vec<char> = message.chars().collect();
    digits
        .windows(6)
        .find(|w| w.iter().all(char::is_ascii_digit))
        .map(|w| w.iter().collect())
        .expect("a six-digit code")
}

#[tokio::test]
async fn pre_sign_up_confirms_refuses_and_post_confirmation_writes_the_profile() {
    let app = app().await;
    let triggers = LambdaConfigType::builder()
        .pre_sign_up(arn("pre-sign-up"))
        .post_confirmation(arn("post-confirmation"))
        .custom_message(arn("custom-message"))
        .build();
    let (pool, client) = pool_with(&app, triggers).await;
    let cognito = cognito(&app);

    // The company's own domain: confirmed and verified by the function, no code sent.
    let signed_up = cognito
        .sign_up()
        .client_id(&client)
        .username("ann")
        .password(PASSWORD)
        .user_attributes(attribute("email", "ann@company.example"))
        .validation_data(attribute("invite", "spring"))
        .client_metadata("app", "web")
        .send()
        .await
        .unwrap();
    assert!(signed_up.user_confirmed());
    assert!(signed_up.code_delivery_details().is_none());
    let ann = admin(&app)
        .admin_get_user()
        .user_pool_id(&pool)
        .username("ann")
        .send()
        .await
        .unwrap();
    assert_eq!(ann.user_status().unwrap().as_str(), "CONFIRMED");
    let verified = ann
        .user_attributes()
        .iter()
        .find(|a| a.name() == "email_verified")
        .and_then(|a| a.value());
    assert_eq!(verified, Some("true"));
    let row = profile("ann").expect("the post confirmation trigger wrote ann's profile");
    assert_eq!(row["source"], "PostConfirmation_ConfirmSignUp");
    assert_eq!(row["email"], "ann@company.example");
    assert_eq!(row["client"], client.as_str());

    // Cognito's event, as the function got it.
    let event = events(&pool, "PreSignUp_SignUp").pop().unwrap();
    assert_eq!(event["version"], "1");
    assert_eq!(event["region"], pool.split('_').next().unwrap());
    assert_eq!(event["userName"], "ann");
    assert_eq!(event["callerContext"]["clientId"], client.as_str());
    assert_eq!(
        event["request"]["userAttributes"]["email"],
        "ann@company.example"
    );
    assert_eq!(event["request"]["validationData"]["invite"], "spring");
    assert_eq!(event["request"]["clientMetadata"]["app"], "web");

    // The function refuses a domain: its words reach the app, and nothing is stored.
    let refused = cognito
        .sign_up()
        .client_id(&client)
        .username("bob")
        .password(PASSWORD)
        .user_attributes(attribute("email", "bob@blocked.example"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        failure(&refused),
        (
            "UserLambdaValidationException".into(),
            "PreSignUp failed with error Sign-ups from blocked.example are not allowed..".into()
        )
    );
    let bob = admin(&app)
        .admin_get_user()
        .user_pool_id(&pool)
        .username("bob")
        .send()
        .await
        .unwrap_err();
    assert_eq!(failure(&bob).0, "UserNotFoundException");

    // Anyone else confirms by the code, in the custom message's words.
    let carl = cognito
        .sign_up()
        .client_id(&client)
        .username("carl")
        .password(PASSWORD)
        .user_attributes(attribute("email", "carl@else.example"))
        .send()
        .await
        .unwrap();
    assert!(!carl.user_confirmed());
    let message = app.emails_to("carl@else.example").pop().unwrap();
    assert!(
        message.contains("Subject: Welcome to the service"),
        "{message}"
    );
    assert!(message.contains("is your verification code"), "{message}");
    assert!(profile("carl").is_none());
    let code = six_digits(message.split("Thank you for signing up.").nth(1).unwrap());
    cognito
        .confirm_sign_up()
        .client_id(&client)
        .username("carl")
        .confirmation_code(code)
        .send()
        .await
        .unwrap();
    assert_eq!(
        profile("carl").unwrap()["source"],
        "PostConfirmation_ConfirmSignUp"
    );
}

/// USER_PASSWORD_AUTH for `username`, with `metadata` as ClientMetadata.
async fn password_sign_in(
    cognito: &Client,
    client: &str,
    username: &str,
    metadata: &[(&str, &str)],
) -> Result<aws_sdk_cognitoidentityprovider::types::AuthenticationResultType, (String, String)> {
    let mut call = cognito
        .initiate_auth()
        .client_id(client)
        .auth_flow(AuthFlowType::UserPasswordAuth)
        .auth_parameters("USERNAME", username)
        .auth_parameters("PASSWORD", PASSWORD);
    for (key, value) in metadata {
        call = call.client_metadata(*key, *value);
    }
    call.send()
        .await
        .map(|out| out.authentication_result.unwrap())
        .map_err(|error| failure(&error))
}

#[tokio::test]
async fn sign_ins_go_through_pre_and_post_authentication_and_pre_token_generation() {
    let app = app().await;
    let triggers = LambdaConfigType::builder()
        .pre_authentication(arn("pre-authentication"))
        .post_authentication(arn("post-authentication"))
        .pre_token_generation(arn("pre-token-v1"))
        .build();
    let (pool, client) = pool_with(&app, triggers).await;
    user(&app, &pool, "dora", "dora@example.com").await;
    let cognito = cognito(&app);

    let tokens = password_sign_in(&cognito, &client, "dora", &[])
        .await
        .unwrap();
    let id = claims(tokens.id_token().unwrap());
    assert_eq!(id["tier"], "gold");
    assert_eq!(id["my_first_attribute"], "first_value");
    assert!(
        id.get("email").is_none(),
        "the trigger suppressed email: {id}"
    );
    assert_eq!(
        id["cognito:groups"],
        serde_json::json!(["readers", "writers"])
    );
    let access = claims(tokens.access_token().unwrap());
    assert_eq!(
        access["cognito:groups"],
        serde_json::json!(["readers", "writers"])
    );
    let log = std::fs::read_to_string(lambda_host().1.join("sign-ins.jsonl")).unwrap();
    assert!(
        log.lines()
            .any(|line| line.contains("\"dora\"")
                && line.contains("PostAuthentication_Authentication")),
        "{log}"
    );
    let token_event = events(&pool, "TokenGeneration_Authentication")
        .pop()
        .unwrap();
    assert_eq!(
        token_event["request"]["userAttributes"]["email"],
        "dora@example.com"
    );

    // Refreshed tokens are made again by the trigger.
    let refreshed = cognito
        .initiate_auth()
        .client_id(&client)
        .auth_flow(AuthFlowType::RefreshTokenAuth)
        .auth_parameters("REFRESH_TOKEN", tokens.refresh_token().unwrap())
        .send()
        .await
        .unwrap()
        .authentication_result
        .unwrap();
    assert_eq!(claims(refreshed.id_token().unwrap())["tier"], "gold");
    assert_eq!(events(&pool, "TokenGeneration_RefreshTokens").len(), 1);

    // SRP goes through the same triggers.
    let before = events(&pool, "PreAuthentication_Authentication").len();
    let srp = crate::cognito_srp::srp_sign_in_to(&app, (&pool, &client), "dora", PASSWORD)
        .await
        .0
        .unwrap();
    let id = claims(srp.authentication_result().unwrap().id_token().unwrap());
    assert_eq!(id["tier"], "gold");
    assert_eq!(
        events(&pool, "PreAuthentication_Authentication").len(),
        before + 1
    );

    // ClientMetadata reaches pre authentication as validationData; its refusal is the app's.
    let paused = password_sign_in(&cognito, &client, "dora", &[("maintenance", "true")]).await;
    assert_eq!(
        paused.unwrap_err(),
        (
            "UserLambdaValidationException".into(),
            "PreAuthentication failed with error Sign-in is paused for maintenance..".into()
        )
    );
    admin(&app)
        .admin_update_user_attributes()
        .user_pool_id(&pool)
        .username("dora")
        .user_attributes(attribute("custom:suspended", "yes"))
        .send()
        .await
        .unwrap();
    let suspended = password_sign_in(&cognito, &client, "dora", &[]).await;
    assert_eq!(
        suspended.unwrap_err().1,
        "PreAuthentication failed with error This account is suspended.."
    );

    // A name nobody has still goes to pre authentication (the client hides which users
    // exist), and the answer is the one a wrong password gets.
    let ghost = password_sign_in(&cognito, &client, "ghost", &[]).await;
    assert_eq!(ghost.unwrap_err().0, "NotAuthorizedException");
    let unknown = events(&pool, "PreAuthentication_Authentication")
        .into_iter()
        .find(|event| event["userName"] == "ghost")
        .expect("an event for the unknown name");
    assert_eq!(unknown["request"]["userNotFound"], true);
}

#[tokio::test]
async fn pre_token_generation_v2_changes_both_tokens_and_a_reserved_claim_is_refused() {
    let app = app().await;
    let v2 = LambdaConfigType::builder()
        .pre_token_generation_config(
            PreTokenGenerationVersionConfigType::builder()
                .lambda_version(PreTokenGenerationLambdaVersionType::V20)
                .lambda_arn(arn("pre-token-v2"))
                .build()
                .unwrap(),
        )
        .build();
    let (pool, client) = pool_with(&app, v2).await;
    user(&app, &pool, "erin", "erin@example.com").await;
    let cognito = cognito(&app);
    let tokens = password_sign_in(&cognito, &client, "erin", &[])
        .await
        .unwrap();
    let id = claims(tokens.id_token().unwrap());
    assert_eq!(id["family_name"], "Override");
    assert_eq!(id["source"], "TokenGeneration_Authentication");
    let access = claims(tokens.access_token().unwrap());
    assert_eq!(
        access["tenant"],
        serde_json::json!({ "id": "t-42", "plan": "pro" })
    );
    assert_eq!(access["scope"], "notes/read");
    let event = events(&pool, "TokenGeneration_Authentication")
        .pop()
        .unwrap();
    assert_eq!(event["version"], "2");
    assert_eq!(
        event["request"]["scopes"],
        serde_json::json!(["aws.cognito.signin.user.admin"])
    );

    let reserved = LambdaConfigType::builder()
        .pre_token_generation(arn("pre-token-reserved"))
        .build();
    let (pool, client) = pool_with(&app, reserved).await;
    user(&app, &pool, "finn", "finn@example.com").await;
    let refused = password_sign_in(&cognito, &client, "finn", &[]).await;
    assert_eq!(
        refused.unwrap_err(),
        (
            "InvalidLambdaResponseException".into(),
            "Unrecognizable lambda output".into()
        )
    );
}

#[tokio::test]
async fn user_migration_moves_users_at_sign_in_and_at_a_reset() {
    let app = app().await;
    let triggers = LambdaConfigType::builder()
        .user_migration(arn("user-migration"))
        .build();
    let (pool, client) = pool_shaped(&app, triggers, true).await;
    let cognito = cognito(&app);
    let old = "legacy.user@old.example";

    let signed_in = cognito
        .initiate_auth()
        .client_id(&client)
        .auth_flow(AuthFlowType::UserPasswordAuth)
        .auth_parameters("USERNAME", old)
        .auth_parameters("PASSWORD", "Old-System-Pass-1")
        .send()
        .await
        .unwrap();
    let id = claims(
        signed_in
            .authentication_result()
            .unwrap()
            .id_token()
            .unwrap(),
    );
    assert_eq!(id["email"], old);
    assert_eq!(id["name"], "Legacy User");
    let migrated = events(&pool, "UserMigration_Authentication");
    assert_eq!(migrated.len(), 1);
    assert_eq!(migrated[0]["userName"], old);

    // The next sign-in is local: the function is not asked again.
    cognito
        .initiate_auth()
        .client_id(&client)
        .auth_flow(AuthFlowType::UserPasswordAuth)
        .auth_parameters("USERNAME", old)
        .auth_parameters("PASSWORD", "Old-System-Pass-1")
        .send()
        .await
        .unwrap();
    assert_eq!(events(&pool, "UserMigration_Authentication").len(), 1);

    // The old system refuses a wrong password: the app hears what any wrong password gets.
    let wrong = cognito
        .initiate_auth()
        .client_id(&client)
        .auth_flow(AuthFlowType::UserPasswordAuth)
        .auth_parameters("USERNAME", "second.user@old.example")
        .auth_parameters("PASSWORD", "Not-The-Password-1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(failure(&wrong).0, "NotAuthorizedException");

    // A forgotten password of a user the pool does not know yet: migrated, then reset.
    let second = "second.user@old.example";
    cognito
        .forgot_password()
        .client_id(&client)
        .username(second)
        .send()
        .await
        .unwrap();
    let status = admin(&app)
        .admin_get_user()
        .user_pool_id(&pool)
        .username(second)
        .send()
        .await
        .unwrap();
    assert_eq!(status.user_status().unwrap().as_str(), "RESET_REQUIRED");
    let code = app.last_code_for(second);
    cognito
        .confirm_forgot_password()
        .client_id(&client)
        .username(second)
        .confirmation_code(code)
        .password(PASSWORD)
        .send()
        .await
        .unwrap();
    password_sign_in(&cognito, &client, second, &[])
        .await
        .unwrap();
    assert_eq!(events(&pool, "UserMigration_ForgotPassword").len(), 1);
}

/// CUSTOM_AUTH's answer to the question on `session`.
async fn answer(
    cognito: &Client,
    client: &str,
    session: &str,
    username: &str,
    answer: &str,
) -> Result<
    aws_sdk_cognitoidentityprovider::operation::respond_to_auth_challenge::RespondToAuthChallengeOutput,
    (String, String),
>{
    cognito
        .respond_to_auth_challenge()
        .client_id(client)
        .challenge_name(ChallengeNameType::CustomChallenge)
        .session(session)
        .challenge_responses("USERNAME", username)
        .challenge_responses("ANSWER", answer)
        .send()
        .await
        .map_err(|error| failure(&error))
}

#[tokio::test]
async fn custom_authentication_runs_srp_then_a_question() {
    let app = app().await;
    let triggers = LambdaConfigType::builder()
        .define_auth_challenge(arn("define-auth-challenge"))
        .create_auth_challenge(arn("create-auth-challenge"))
        .verify_auth_challenge_response(arn("verify-auth-challenge"))
        .build();
    let (pool, client) = pool_with(&app, triggers).await;
    user(&app, &pool, "gale", "gale@example.com").await;
    let cognito = cognito(&app);

    // SRP first, as the AWS documentation's example does it.
    let srp = SrpClient::new(User::new(&pool, "gale", PASSWORD), &client, None);
    let UserAuthenticationParameters { a, username } = srp.get_auth_parameters();
    let started = cognito
        .initiate_auth()
        .client_id(&client)
        .auth_flow(AuthFlowType::CustomAuth)
        .auth_parameters("USERNAME", &username)
        .auth_parameters("SRP_A", a)
        .auth_parameters("CHALLENGE_NAME", "SRP_A")
        .send()
        .await
        .unwrap();
    assert_eq!(
        started.challenge_name(),
        Some(&ChallengeNameType::PasswordVerifier)
    );
    let parameters = started.challenge_parameters().unwrap();
    let responses = crate::cognito_srp::verifier_responses(&srp, parameters, "gale");
    let question = cognito
        .respond_to_auth_challenge()
        .client_id(&client)
        .challenge_name(ChallengeNameType::PasswordVerifier)
        .set_session(started.session().map(str::to_string))
        .set_challenge_responses(Some(responses))
        .send()
        .await
        .unwrap();
    assert_eq!(
        question.challenge_name(),
        Some(&ChallengeNameType::CustomChallenge)
    );
    assert_eq!(
        question.challenge_parameters().unwrap()["question"],
        "What is 6 x 7?"
    );
    assert!(
        !question
            .challenge_parameters()
            .unwrap()
            .contains_key("answer")
    );

    // A wrong answer: asked again; the right one: tokens.
    let again = answer(&cognito, &client, question.session().unwrap(), "gale", "41")
        .await
        .unwrap();
    assert_eq!(
        again.challenge_name(),
        Some(&ChallengeNameType::CustomChallenge)
    );
    let done = answer(&cognito, &client, again.session().unwrap(), "gale", "42")
        .await
        .unwrap();
    let id = claims(done.authentication_result().unwrap().id_token().unwrap());
    assert_eq!(id["cognito:username"], "gale");
    let history = events(&pool, "DefineAuthChallenge_Authentication")
        .pop()
        .unwrap()["request"]["session"]
        .clone();
    let names: Vec<(&str, bool)> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["challengeName"].as_str().unwrap(),
                s["challengeResult"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            ("SRP_A", true),
            ("PASSWORD_VERIFIER", true),
            ("CUSTOM_CHALLENGE", false),
            ("CUSTOM_CHALLENGE", true)
        ]
    );

    // Without SRP, three wrong answers end the sign-in; a used session answers once.
    let started = cognito
        .initiate_auth()
        .client_id(&client)
        .auth_flow(AuthFlowType::CustomAuth)
        .auth_parameters("USERNAME", "gale")
        .send()
        .await
        .unwrap();
    let mut session = started.session().unwrap().to_string();
    let replayed = session.clone();
    for _ in 0..2 {
        let next = answer(&cognito, &client, &session, "gale", "wrong")
            .await
            .unwrap();
        session = next.session().unwrap().to_string();
    }
    let ended = answer(&cognito, &client, &session, "gale", "wrong").await;
    assert_eq!(ended.unwrap_err().0, "NotAuthorizedException");
    let replay = answer(&cognito, &client, &replayed, "gale", "42").await;
    assert_eq!(replay.unwrap_err().0, "NotAuthorizedException");
}

#[tokio::test]
async fn a_function_that_fails_never_answers_or_answers_garbage_fails_as_cognito_says() {
    let app = app().await;
    let cognito = cognito(&app);
    let sign_up = |client: String, name: &'static str| {
        let cognito = cognito.clone();
        async move {
            cognito
                .sign_up()
                .client_id(client)
                .username(name)
                .password(PASSWORD)
                .user_attributes(attribute("email", &format!("{name}@example.com")))
                .send()
                .await
                .map_err(|error| failure(&error))
        }
    };
    let with = |function: &str| {
        LambdaConfigType::builder()
            .pre_sign_up(arn(function))
            .build()
    };

    let (_, fails) = pool_with(&app, with("fails")).await;
    assert_eq!(
        sign_up(fails, "hana").await.unwrap_err(),
        (
            "UserLambdaValidationException".into(),
            "PreSignUp failed with error Nobody may do this today..".into()
        )
    );
    let (_, garbage) = pool_with(&app, with("garbage")).await;
    assert_eq!(
        sign_up(garbage, "ivan").await.unwrap_err(),
        (
            "InvalidLambdaResponseException".into(),
            "Unrecognizable lambda output".into()
        )
    );
    let (_, missing) = pool_with(&app, with("no-such-function")).await;
    assert_eq!(
        sign_up(missing, "jody").await.unwrap_err().0,
        "UnexpectedLambdaException"
    );

    // A function that never answers: the call gives up after its time, and meanwhile the
    // rest of the server answers (other pools' sign-ups all finish first).
    let (_, slow) = pool_with(&app, with("never-answers")).await;
    let (_, other) = pool_with(&app, LambdaConfigType::builder().build()).await;
    let waiting = tokio::spawn(sign_up(slow, "kim"));
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    for name in ["lee", "max", "ned"] {
        sign_up(other.clone(), name).await.unwrap();
    }
    assert!(!waiting.is_finished(), "the slow function answered early");
    assert_eq!(
        waiting.await.unwrap().unwrap_err(),
        (
            "UnexpectedLambdaException".into(),
            "PreSignUp invocation failed due to error Socket timeout while invoking Lambda function."
                .into()
        )
    );
}

#[tokio::test]
async fn a_custom_message_that_loses_the_code_is_refused() {
    let app = app().await;
    let triggers = LambdaConfigType::builder()
        .custom_message(arn("custom-message-without-code"))
        .build();
    let (pool, client) = pool_with(&app, triggers).await;
    user(&app, &pool, "olga", "olga@example.com").await;
    let refused = cognito(&app)
        .forgot_password()
        .client_id(&client)
        .username("olga")
        .send()
        .await
        .unwrap_err();
    assert_eq!(failure(&refused).0, "InvalidLambdaResponseException");
    assert!(app.emails_to("olga@example.com").is_empty());
}

#[tokio::test]
async fn a_federated_first_sign_in_goes_through_its_triggers() {
    use crate::federation::{at_the_provider, authorize, get, id_claims, setup};
    use crate::hosted::redirect_target as location;
    let app = app().await;
    let setup = setup(&app).await;
    let pool = app.default_pool.pool.id.to_string();
    let triggers = LambdaConfigType::builder()
        .pre_sign_up(arn("pre-sign-up"))
        .post_confirmation(arn("post-confirmation"))
        .pre_authentication(arn("pre-authentication"))
        .post_authentication(arn("post-authentication"))
        .inbound_federation(
            aws_sdk_cognitoidentityprovider::types::InboundFederationLambdaType::builder()
                .lambda_version(
                    aws_sdk_cognitoidentityprovider::types::InboundFederationLambdaVersionType::V10,
                )
                .lambda_arn(arn("inbound-federation"))
                .build()
                .unwrap(),
        )
        .build();
    admin(&app)
        .update_user_pool()
        .user_pool_id(&pool)
        .lambda_config(triggers)
        .send()
        .await
        .unwrap();

    let to_provider = authorize(&app, &setup, &[("identity_provider", "Corp")]).await;
    let (answer, provider_session) = at_the_provider(&app, &to_provider).await;
    let back = get(&app, &answer, None).await;
    let claims = id_claims(&app, &setup, &location(&back)).await;
    // The inbound federation trigger chose the attributes.
    assert_eq!(claims["name"], "ALICE");
    assert_eq!(claims["email"], "alice@corp.example");
    let username = claims["cognito:username"].as_str().unwrap().to_string();
    let inbound = events(&pool, "InboundFederation_ExternalProvider")
        .pop()
        .unwrap();
    assert_eq!(inbound["request"]["providerName"], "Corp");
    assert_eq!(inbound["request"]["providerType"], "OIDC");
    assert_eq!(
        inbound["request"]["attributes"]["idToken"]["email"],
        "alice@corp.example"
    );
    // A first sign-in is a sign-up and a confirmation, as Cognito has it.
    let signed_up = events(&pool, "PreSignUp_ExternalProvider");
    assert_eq!(signed_up.len(), 1);
    assert_eq!(signed_up[0]["userName"], username.as_str());
    assert_eq!(
        profile(&username).unwrap()["source"],
        "PostConfirmation_ConfirmSignUp"
    );
    assert_eq!(events(&pool, "PreAuthentication_Authentication").len(), 1);
    assert_eq!(events(&pool, "PostAuthentication_Authentication").len(), 1);

    // The next sign-in is a sign-in only.
    let to_provider = authorize(&app, &setup, &[("identity_provider", "Corp")]).await;
    let answer = location(&get(&app, &to_provider, Some(&provider_session)).await);
    let back = get(&app, &answer, None).await;
    id_claims(&app, &setup, &location(&back)).await;
    assert_eq!(events(&pool, "PreSignUp_ExternalProvider").len(), 1);
    assert_eq!(events(&pool, "PostConfirmation_ConfirmSignUp").len(), 1);
    assert_eq!(events(&pool, "PostAuthentication_Authentication").len(), 2);
}

/// A Standard Webhooks secret, `whsec_` and base64.
const WEBHOOK_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/// A webhook trigger on loopback, written as any HTTP handler: it checks the Standard
/// Webhooks signature with `secret` (401 when it does not match), then, as a pre sign-up
/// trigger, confirms users of company.example and refuses blocked.example in Lambda's
/// error shape. Its URL.
async fn webhook(secret: &'static str) -> String {
    use axum::http::{HeaderMap, StatusCode};
    let handler = move |headers: HeaderMap, body: axum::body::Bytes| async move {
        let webhook = standardwebhooks::Webhook::new(secret).unwrap();
        if webhook.verify(&body, &headers).is_err() {
            return (StatusCode::UNAUTHORIZED, axum::Json(serde_json::json!({})));
        }
        let mut event: Value = serde_json::from_slice(&body).unwrap();
        let email = event["request"]["userAttributes"]["email"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        if email.ends_with("@blocked.example") {
            let refusal = serde_json::json!({ "errorMessage": "Not from there." });
            return (StatusCode::BAD_REQUEST, axum::Json(refusal));
        }
        if email.ends_with("@company.example") {
            event["response"]["autoConfirmUser"] = true.into();
        }
        (StatusCode::OK, axum::Json(event))
    };
    let router = axum::Router::new().route("/hook", axum::routing::post(handler));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    format!("http://{address}/hook")
}

#[tokio::test]
async fn a_webhook_trigger_is_signed_and_a_wrong_secret_is_refused() {
    let app = spawn_app_with(tempfile::tempdir().unwrap(), |settings: &mut Settings| {
        settings.triggers.webhook_secret = Some(Secret::new(WEBHOOK_SECRET.into()));
    })
    .await;
    let cognito = cognito(&app);
    let right = webhook(WEBHOOK_SECRET).await;
    let (_, client) = pool_with(
        &app,
        LambdaConfigType::builder().pre_sign_up(&right).build(),
    )
    .await;
    let sign_up = |name: &str, email: &str| {
        cognito
            .sign_up()
            .client_id(&client)
            .username(name)
            .password(PASSWORD)
            .user_attributes(attribute("email", email))
            .send()
    };
    assert!(
        sign_up("pat", "pat@company.example")
            .await
            .unwrap()
            .user_confirmed()
    );
    let refused = sign_up("quin", "quin@blocked.example").await.unwrap_err();
    assert_eq!(
        failure(&refused),
        (
            "UserLambdaValidationException".into(),
            "PreSignUp failed with error Not from there..".into()
        )
    );

    // A webhook that holds another secret refuses Cognate's signature: the call fails.
    let other = webhook("whsec_c2VjcmV0LW9mLWFub3RoZXItaW5zdGFsbGF0aW9u").await;
    let (_, client) = pool_with(
        &app,
        LambdaConfigType::builder().pre_sign_up(&other).build(),
    )
    .await;
    let unsigned = cognito
        .sign_up()
        .client_id(&client)
        .username("ruth")
        .password(PASSWORD)
        .user_attributes(attribute("email", "ruth@company.example"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(failure(&unsigned).0, "UnexpectedLambdaException");

    // A webhook on a host that is not loopback must be https.
    let plain = admin(&app)
        .create_user_pool()
        .pool_name("plain")
        .lambda_config(
            LambdaConfigType::builder()
                .pre_sign_up("http://hooks.example.com/cognito")
                .build(),
        )
        .send()
        .await
        .unwrap_err();
    assert_eq!(failure(&plain).0, "InvalidParameterException");
}

#[tokio::test]
async fn machine_tokens_go_to_a_version_3_trigger_and_invitations_to_the_custom_message() {
    use aws_sdk_cognitoidentityprovider::types::{OAuthFlowType, ResourceServerScopeType};
    let app = app().await;
    let triggers = LambdaConfigType::builder()
        .pre_token_generation_config(
            PreTokenGenerationVersionConfigType::builder()
                .lambda_version(PreTokenGenerationLambdaVersionType::V30)
                .lambda_arn(arn("pre-token-v3"))
                .build()
                .unwrap(),
        )
        .custom_message(arn("custom-message"))
        .build();
    let (pool, app_client) = pool_with(&app, triggers).await;
    let admin = admin(&app);
    admin
        .create_resource_server()
        .user_pool_id(&pool)
        .identifier("notes")
        .name("Notes")
        .scopes(
            ResourceServerScopeType::builder()
                .scope_name("read")
                .scope_description("read notes")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let machine = admin
        .create_user_pool_client()
        .user_pool_id(&pool)
        .client_name("machine")
        .generate_secret(true)
        .allowed_o_auth_flows_user_pool_client(true)
        .allowed_o_auth_flows(OAuthFlowType::ClientCredentials)
        .allowed_o_auth_scopes("notes/read")
        .supported_identity_providers("COGNITO")
        .send()
        .await
        .unwrap()
        .user_pool_client
        .unwrap();
    let id = machine.client_id().unwrap();
    let answer: Value = app
        .http
        .post(format!("{}/oauth2/token", app.address))
        .basic_auth(id, machine.client_secret())
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let access = claims(answer["access_token"].as_str().expect("an access token"));
    assert_eq!(access["machine"], id);
    assert_eq!(access["source"], "TokenGeneration_ClientCredentials");
    assert_eq!(access["scope"], "notes/read");

    // An invitation in the custom message's words, the password and name put in after.
    admin
        .admin_create_user()
        .user_pool_id(&pool)
        .username("sam")
        .user_attributes(attribute("email", "sam@example.com"))
        .temporary_password("Temporary-Pass-1")
        .send()
        .await
        .unwrap();
    let invitation = app.emails_to("sam@example.com").pop().unwrap();
    assert!(
        invitation.contains("Subject: Your new account"),
        "{invitation}"
    );
    assert!(
        invitation.contains("Welcome sam. Your temporary password is Temporary-Pass-1"),
        "{invitation}"
    );
    let event = events(&pool, "CustomMessage_AdminCreateUser")
        .pop()
        .unwrap();
    assert_eq!(event["request"]["codeParameter"], "{####}");
    assert_eq!(event["request"]["usernameParameter"], "{username}");

    // A reset for a name nobody has costs the same call (the client hides which users
    // exist), and sends nothing.
    let delivery = cognito(&app)
        .forgot_password()
        .client_id(&app_client)
        .username("nobody-here")
        .send()
        .await
        .unwrap();
    assert!(delivery.code_delivery_details().is_some());
    let decoy = events(&pool, "CustomMessage_ForgotPassword").pop().unwrap();
    assert_eq!(decoy["userName"], "nobody-here");
}
