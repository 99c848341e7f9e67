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
    AttributeDataType, AuthFlowType, ChallengeNameType, ExplicitAuthFlowsType, LambdaConfigType,
    PreTokenGenerationLambdaVersionType, PreTokenGenerationVersionConfigType,
    PreventUserExistenceErrorTypes, SchemaAttributeType, UsernameAttributeType,
    VerifiedAttributeType,
};
use serde_json::Value;
use server::plumbing::config::{Secret, Settings};

use crate::cognito_admin::{admin, claims};
use crate::cognito_public::cognito;
use crate::cognito_users::attribute;
use crate::helpers::{PASSWORD, TestApp, spawn_app_with};

mod failures;
mod sign_in;
mod sign_up;

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
