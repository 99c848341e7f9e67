//! What an attacker with one connection tries, through the real doors: password and code
//! guessing, email bombing, tokens used beyond their scope or their user, enumeration,
//! malformed signatures, and more requests than an address is allowed.

use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::config::retry::RetryConfig;
use aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata;
use aws_sdk_cognitoidentityprovider::types::{AttributeType, AuthFlowType};
use reqwest::StatusCode;

use crate::cognito_admin::admin;
use crate::helpers::{PASSWORD, TestApp, spawn_app, spawn_app_with};
use crate::hosted::post_sign_in;

const WRONG: &str = "Wrong-Horse-0";
const LOCKED: &str = "Password attempts exceeded";

/// The SDK without retries: it retries LimitExceeded and TooManyRequests (as throttling)
/// with back-off, and each refusal here is the answer under test.
fn cognito(app: &TestApp) -> Client {
    let config = crate::cognito_public::cognito(app)
        .config()
        .to_builder()
        .retry_config(RetryConfig::disabled())
        .build();
    Client::from_conf(config)
}

fn email(address: &str) -> AttributeType {
    AttributeType::builder()
        .name("email")
        .value(address)
        .build()
        .unwrap()
}

/// The exception name and message of an SDK error.
fn refusal<E: ProvideErrorMetadata>(error: &E) -> (String, String) {
    (
        error.code().unwrap_or("<none>").to_string(),
        error.message().unwrap_or("").to_string(),
    )
}

async fn password_sign_in(
    app: &TestApp,
    username: &str,
    password: &str,
) -> Result<(), (String, String)> {
    cognito(app)
        .initiate_auth()
        .client_id(app.client_id())
        .auth_flow(AuthFlowType::UserPasswordAuth)
        .auth_parameters("USERNAME", username)
        .auth_parameters("PASSWORD", password)
        .send()
        .await
        .map(|_| ())
        .map_err(|error| refusal(&error))
}

#[tokio::test]
async fn five_wrong_passwords_lock_the_account_and_the_lock_spends_no_hash() {
    let app = spawn_app().await;
    app.confirmed_user("jane").await;
    for _ in 0..5 {
        let (code, message) = password_sign_in(&app, "jane", WRONG).await.unwrap_err();
        assert_eq!(
            (code.as_str(), message.as_str()),
            ("NotAuthorizedException", "Incorrect username or password.")
        );
    }
    let hashes = app.passwords.jobs_accepted();
    for password in [PASSWORD, WRONG] {
        let (code, message) = password_sign_in(&app, "jane", password).await.unwrap_err();
        assert_eq!(
            (code.as_str(), message.as_str()),
            ("NotAuthorizedException", LOCKED)
        );
    }
    // The hosted form is the same door into the same lock.
    let form = post_sign_in(&app, "jane", PASSWORD).await;
    let location = form.headers()["location"].to_str().unwrap().to_string();
    assert!(location.contains("__err="), "{location}");
    assert!(
        form.headers().get("set-cookie").is_none(),
        "no session while locked"
    );
    assert_eq!(
        app.passwords.jobs_accepted(),
        hashes,
        "no hash while locked"
    );
    // The lock lasts one second, then the right password works.
    app.clock.advance(1);
    password_sign_in(&app, "jane", PASSWORD).await.unwrap();
}

#[tokio::test]
async fn reset_codes_cannot_be_guessed_past_the_users_allowance() {
    // An attacker with many client addresses: only the per-user cap is left.
    let app = spawn_app_with(tempfile::tempdir().unwrap(), |settings| {
        settings.limits.code_answers_per_address_per_minute = 1000;
    })
    .await;
    app.confirmed_user("jane").await;
    let client = cognito(&app);
    let confirm = |code: String| {
        let client = client.clone();
        let id = app.client_id().to_string();
        async move {
            client
                .confirm_forgot_password()
                .client_id(id)
                .username("jane")
                .confirmation_code(code)
                .password("Another-Horse-2")
                .send()
                .await
                .map(|_| ())
                .map_err(|error| refusal(&error).0)
        }
    };
    for _ in 0..2 {
        client
            .forgot_password()
            .client_id(app.client_id())
            .username("jane")
            .send()
            .await
            .unwrap();
        let code = app.last_code_about("jane@example.com", "password reset");
        let wrong = if code == "000000" { "000001" } else { "000000" };
        for _ in 0..5 {
            assert_eq!(
                confirm(wrong.into()).await.unwrap_err(),
                "CodeMismatchException"
            );
        }
    }
    // Ten wrong guesses this hour: a new code, even the right one, is refused unchecked.
    client
        .forgot_password()
        .client_id(app.client_id())
        .username("jane")
        .send()
        .await
        .unwrap();
    let code = app.last_code_about("jane@example.com", "password reset");
    assert_eq!(confirm(code).await.unwrap_err(), "LimitExceededException");
}

#[tokio::test]
async fn one_address_cannot_be_flooded_with_codes() {
    // An attacker with many client addresses: only the per-destination cap is left.
    let app = spawn_app_with(tempfile::tempdir().unwrap(), |settings| {
        settings.limits.sign_ups_per_address_per_minute = 1000;
        settings.limits.code_requests_per_address_per_minute = 1000;
    })
    .await;
    let client = cognito(&app);
    let mut refused = 0;
    // Twelve sign-ups naming the victim's address, then thirty resends.
    for n in 0..12 {
        let signed_up = client
            .sign_up()
            .client_id(app.client_id())
            .username(format!("spam{n}"))
            .password(PASSWORD)
            .user_attributes(email("victim@example.com"))
            .send()
            .await;
        if let Err(error) = signed_up {
            assert_eq!(refusal(&error).0, "LimitExceededException");
            refused += 1;
        }
    }
    assert_eq!(refused, 2);
    for n in 0..30 {
        let resent = client
            .resend_confirmation_code()
            .client_id(app.client_id())
            .username(format!("spam{}", n % 10))
            .send()
            .await
            .unwrap_err();
        assert_eq!(refusal(&resent).0, "LimitExceededException");
    }
    assert_eq!(app.emails_to("victim@example.com").len(), 10);
}

#[tokio::test]
async fn an_openid_token_reads_userinfo_but_not_the_cognito_user() {
    let app = spawn_app().await;
    let client = crate::oidc::oauth_client(&app, false).await;
    let client_id = client.client_id().unwrap();
    let session = crate::oidc::session_of(&app, "jane").await;
    let code = crate::oidc::code(&app, &session, client_id).await;
    let (status, tokens) = crate::oidc::token(
        &app,
        None,
        &[
            ("grant_type", "authorization_code"),
            ("client_id", client_id),
            ("code", &code),
            ("redirect_uri", crate::oidc::CALLBACK),
            ("code_verifier", crate::oidc::VERIFIER),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    let access = tokens["access_token"].as_str().unwrap();
    let info = app
        .http
        .get(format!("{}/oauth2/userInfo", app.address))
        .bearer_auth(access)
        .send()
        .await
        .unwrap();
    assert_eq!(info.status(), StatusCode::OK);
    let sdk = cognito(&app);
    let error = sdk
        .get_user()
        .access_token(access)
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        refusal(&error),
        (
            "NotAuthorizedException".into(),
            "Access Token does not have required scopes".into()
        )
    );
    let error = sdk
        .update_user_attributes()
        .access_token(access)
        .user_attributes(
            AttributeType::builder()
                .name("custom:role")
                .value("admin")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap_err();
    assert_eq!(refusal(&error).0, "NotAuthorizedException");
    let error = sdk
        .delete_user()
        .access_token(access)
        .send()
        .await
        .unwrap_err();
    assert_eq!(refusal(&error).0, "NotAuthorizedException");
    // Jane is still there.
    app.sign_in("jane", PASSWORD).await.unwrap();
}

#[tokio::test]
async fn a_disabled_users_token_opens_nothing() {
    let app = spawn_app().await;
    app.confirmed_user("jane").await;
    let signed_in = app.sign_in("jane", PASSWORD).await.unwrap();
    let access = signed_in.tokens.access_token.clone();
    let notes = |token: String| {
        let app = &app;
        async move {
            app.http
                .get(format!("{}/api/demo/notes", app.address))
                .bearer_auth(token)
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(notes(access.clone()).await, StatusCode::OK);
    admin(&app)
        .admin_disable_user()
        .user_pool_id(app.default_pool.pool.id.as_str())
        .username("jane")
        .send()
        .await
        .unwrap();
    assert_eq!(notes(access.clone()).await, StatusCode::UNAUTHORIZED);
    let info = app
        .http
        .get(format!("{}/oauth2/userInfo", app.address))
        .bearer_auth(&access)
        .send()
        .await
        .unwrap();
    assert_eq!(info.status(), StatusCode::UNAUTHORIZED);
    let error = cognito(&app)
        .get_user()
        .access_token(&access)
        .send()
        .await
        .unwrap_err();
    assert_eq!(refusal(&error).0, "NotAuthorizedException");
}

#[tokio::test]
async fn real_and_unknown_users_get_the_same_answers() {
    let app = spawn_app().await;
    app.confirmed_user("jane").await;
    let client = cognito(&app);
    let id = app.client_id().to_string();

    // ForgotPassword: same shape; the unknown one's destination comes from the name.
    let real = client
        .forgot_password()
        .client_id(&id)
        .username("jane")
        .send()
        .await
        .unwrap();
    let unknown = client
        .forgot_password()
        .client_id(&id)
        .username("jade")
        .send()
        .await
        .unwrap();
    let shape =
        |details: Option<&aws_sdk_cognitoidentityprovider::types::CodeDeliveryDetailsType>| {
            let details = details.unwrap();
            let destination = details.destination().unwrap().to_string();
            assert!(
                destination.len() == 9 && destination.contains("***@"),
                "{destination}"
            );
            (
                details.delivery_medium().unwrap().as_str().to_string(),
                details.attribute_name().unwrap().to_string(),
            )
        };
    assert_eq!(
        shape(real.code_delivery_details()),
        shape(unknown.code_delivery_details())
    );
    let again = client
        .forgot_password()
        .client_id(&id)
        .username("JADE")
        .send()
        .await
        .unwrap();
    assert_eq!(
        again.code_delivery_details().unwrap().destination(),
        unknown.code_delivery_details().unwrap().destination(),
        "the same name, the same destination"
    );

    // A confirmed user and an unknown name: resend and confirm answer alike.
    let resend = |name: &'static str| {
        let (client, id) = (client.clone(), id.clone());
        async move {
            client
                .resend_confirmation_code()
                .client_id(id)
                .username(name)
                .send()
                .await
                .map(|out| {
                    out.code_delivery_details()
                        .unwrap()
                        .delivery_medium()
                        .unwrap()
                        .as_str()
                        .to_string()
                })
                .map_err(|error| refusal(&error))
        }
    };
    assert_eq!(resend("jane").await, resend("nobody").await);
    let confirm = |name: &'static str| {
        let (client, id) = (client.clone(), id.clone());
        async move {
            client
                .confirm_sign_up()
                .client_id(id)
                .username(name)
                .confirmation_code("123456")
                .send()
                .await
                .map(|_| ())
                .map_err(|error| refusal(&error))
        }
    };
    assert_eq!(confirm("jane").await, confirm("nobody").await);

    // ConfirmForgotPassword: the policy is checked first, for everyone.
    let weak = |name: &'static str| {
        let (client, id) = (client.clone(), id.clone());
        async move {
            let error = client
                .confirm_forgot_password()
                .client_id(id)
                .username(name)
                .confirmation_code("123456")
                .password("weak")
                .send()
                .await
                .unwrap_err();
            refusal(&error)
        }
    };
    assert_eq!(weak("jane").await, weak("nobody").await);
    assert_eq!(weak("nobody").await.0, "InvalidPasswordException");

    // USER_ID_FOR_SRP is the name's canonical form for everyone.
    let srp_id = |name: &'static str| {
        let (client, id) = (client.clone(), id.clone());
        async move {
            let challenge = client
                .initiate_auth()
                .client_id(id)
                .auth_flow(AuthFlowType::UserSrpAuth)
                .auth_parameters("USERNAME", name)
                .auth_parameters("SRP_A", "02")
                .send()
                .await
                .unwrap();
            challenge.challenge_parameters().unwrap()["USER_ID_FOR_SRP"].clone()
        }
    };
    assert_eq!(srp_id("JANE").await, "jane");
    assert_eq!(srp_id("NOBODY").await, "nobody");
}

#[tokio::test]
async fn a_signature_without_host_is_refused_not_a_dropped_connection() {
    let app = spawn_app().await;
    let date = "20231114T221320Z";
    for signed_headers in [
        "x-amz-date",
        "host",
        "x-amz-target;x-amz-date",
        "X-Amz-Date;host",
        "x-amz-date;host",
    ] {
        let authorization = format!(
            "AWS4-HMAC-SHA256 Credential={}/20231114/local/cognito-idp/aws4_request, \
             SignedHeaders={signed_headers}, Signature={}",
            crate::cognito_admin::admin_keys(&app).0,
            "0".repeat(64)
        );
        let response = app
            .http
            .post(&app.address)
            .header(
                "x-amz-target",
                "AWSCognitoIdentityProviderService.ListUserPools",
            )
            .header("content-type", "application/x-amz-json-1.1")
            .header("x-amz-date", date)
            .header("authorization", authorization)
            .body(r#"{"MaxResults": 10}"#)
            .send()
            .await
            .expect("an answer, not a dropped connection");
        assert_eq!(
            response.status(),
            StatusCode::BAD_REQUEST,
            "{signed_headers}"
        );
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(
            body["__type"], "InvalidSignatureException",
            "{signed_headers}"
        );
    }
}

#[tokio::test]
async fn an_address_over_its_limit_is_told_to_come_back_later() {
    let app = spawn_app_with(tempfile::tempdir().unwrap(), |settings| {
        settings.limits.sign_ins_per_address_per_minute = 3;
        settings.limits.sign_ups_per_address_per_minute = 2;
    })
    .await;
    app.confirmed_user("jane").await;
    for _ in 0..3 {
        password_sign_in(&app, "jane", PASSWORD).await.unwrap();
    }
    let (code, _) = password_sign_in(&app, "jane", PASSWORD).await.unwrap_err();
    assert_eq!(code, "TooManyRequestsException");
    let response = post_sign_in(&app, "jane", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    let wait: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    // Other operations from the address go on.
    let listed = admin(&app)
        .list_users()
        .user_pool_id(app.default_pool.pool.id.as_str())
        .send()
        .await
        .unwrap();
    assert_eq!(listed.users().len(), 1);
}

#[cfg(unix)]
#[tokio::test]
async fn the_data_directory_and_its_secrets_are_the_owners_alone() {
    use std::os::unix::fs::PermissionsExt;
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("fresh/data");
    let app = spawn_app_with(tempfile::tempdir().unwrap(), |settings| {
        settings.data_dir = data.clone();
    })
    .await;
    cognito(&app)
        .sign_up()
        .client_id(app.client_id())
        .username("jane")
        .password(PASSWORD)
        .user_attributes(email("jane@example.com"))
        .send()
        .await
        .unwrap();
    let mode =
        |path: &std::path::Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&data.join("cognate.db")), 0o600);
    assert_eq!(mode(&data.join("admin-credentials.json")), 0o600);
    assert_eq!(mode(&data.join("outbox")), 0o700);
    let messages: Vec<_> = std::fs::read_dir(data.join("outbox"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(messages.len(), 1);
    assert_eq!(mode(&messages[0]), 0o600);
}

#[tokio::test]
async fn five_hundred_idle_or_slow_connections_leave_room_for_a_real_request() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = spawn_app_with(tempfile::tempdir().unwrap(), |settings| {
        settings.server.header_read_timeout_seconds = 2;
    })
    .await;
    let address = app.address.trim_start_matches("http://").to_string();
    let mut held = Vec::new();
    for n in 0..500 {
        let mut stream = tokio::net::TcpStream::connect(&address).await.unwrap();
        if n % 2 == 0 {
            // Half send part of a request's headers and stop; half send nothing.
            stream
                .write_all(b"POST / HTTP/1.1\r\nHost: cognate\r\nX-Slow: ")
                .await
                .unwrap();
        }
        held.push(stream);
    }
    let fresh = reqwest::Client::new();
    let health = fresh
        .get(format!("{}/health", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    // The server lets go of them: each read ends (closed, or a 408) once the headers'
    // time is up, instead of waiting for ever.
    for stream in held.iter_mut().step_by(50) {
        let mut answer = Vec::new();
        let ended = tokio::time::timeout(
            std::time::Duration::from_secs(30),
            stream.read_to_end(&mut answer),
        )
        .await;
        assert!(
            ended.is_ok(),
            "a connection was held past the header timeout"
        );
    }
}

#[tokio::test]
async fn connections_over_the_cap_are_turned_away_at_once() {
    use tokio::io::AsyncReadExt;
    let app = spawn_app_with(tempfile::tempdir().unwrap(), |settings| {
        settings.server.max_connections = 20;
    })
    .await;
    let address = app.address.trim_start_matches("http://").to_string();
    let mut held = Vec::new();
    for _ in 0..20 {
        held.push(tokio::net::TcpStream::connect(&address).await.unwrap());
    }
    // Give the accept loop the twenty before the one too many.
    let health = reqwest::Client::new()
        .get(format!("{}/health", app.address))
        .send()
        .await;
    let refused = match health {
        Ok(response) => response.status() == StatusCode::SERVICE_UNAVAILABLE,
        Err(_) => true,
    };
    assert!(refused, "the 21st connection was served");
    let mut extra = tokio::net::TcpStream::connect(&address).await.unwrap();
    let mut answer = String::new();
    let _ = extra.read_to_string(&mut answer).await;
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    drop(held);
    // Once they are gone, requests are served again.
    let mut served = false;
    for _ in 0..50 {
        let response = reqwest::Client::new()
            .get(format!("{}/health", app.address))
            .send()
            .await;
        if response.is_ok_and(|r| r.status() == StatusCode::OK) {
            served = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(served);
}
