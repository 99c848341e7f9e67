//! Cognito's failure rules (a function that fails, never answers, answers garbage or
//! loses the code), and webhook triggers with their signature.

use super::*;

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
