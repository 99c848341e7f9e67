//! Bad input at the Cognito endpoint, table-driven: malformed bodies, wrong types, missing
//! and oversized members, unknown operations. Each gets Cognito's own exception name as
//! HTTP 400 with `x-amzn-ErrorType`, never a 5xx, and nothing stored is lost.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::cognito_admin::raw_signed;
use crate::helpers::{PASSWORD, TEST_NOW, TestApp, spawn_app};

/// Sends `body` as operation `operation` (no target header for `None`); the status, the
/// `x-amzn-ErrorType` header and the JSON answer.
async fn raw(app: &TestApp, operation: Option<&str>, body: &str) -> (StatusCode, String, Value) {
    let mut request = app
        .http
        .post(format!("{}/", app.address))
        .header("content-type", "application/x-amz-json-1.1")
        .body(body.to_string());
    if let Some(operation) = operation {
        request = request.header(
            "x-amz-target",
            format!("AWSCognitoIdentityProviderService.{operation}"),
        );
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let error_type = response
        .headers()
        .get("x-amzn-errortype")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let text = response.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"));
    (status, error_type, body)
}

#[tokio::test]
async fn every_bad_request_gets_a_cognito_error_name_and_never_a_5xx() {
    let app = spawn_app().await;
    app.confirmed_user("jane").await;
    app.sign_up("ann", PASSWORD).await.unwrap();
    let client = app.client_id().to_string();
    let pool = app.default_pool.pool.id.to_string();
    let long = "x".repeat(10_000);
    let huge = "y".repeat(300 * 1024);

    let public: Vec<(&str, Option<&str>, String, &str)> = vec![
        // Unknown operations, or none named.
        (
            "unknown operation",
            Some("NoSuchThing"),
            "{}".into(),
            "UnknownOperationException",
        ),
        (
            "no target header",
            None,
            "{}".into(),
            "UnknownOperationException",
        ),
        (
            "an unsupported flow",
            Some("InitiateAuth"),
            json!({"ClientId": client, "AuthFlow": "MAGIC", "AuthParameters": {}}).to_string(),
            "InvalidParameterException",
        ),
        // Malformed bodies.
        (
            "broken JSON",
            Some("SignUp"),
            "{not json".into(),
            "SerializationException",
        ),
        (
            "an array body",
            Some("SignUp"),
            "[1, 2]".into(),
            "SerializationException",
        ),
        (
            "a string body",
            Some("InitiateAuth"),
            "\"text\"".into(),
            "SerializationException",
        ),
        (
            "a number body",
            Some("GetUser"),
            "42".into(),
            "SerializationException",
        ),
        (
            "unterminated JSON",
            Some("SignUp"),
            "{\"Username\": \"\u{FFFD}\"".into(),
            "SerializationException",
        ),
        // Wrong types.
        (
            "a number username",
            Some("SignUp"),
            json!({"ClientId": client, "Username": 42, "Password": PASSWORD}).to_string(),
            "SerializationException",
        ),
        (
            "attributes as an object",
            Some("SignUp"),
            json!({"ClientId": client, "Username": "x", "Password": PASSWORD,
                   "UserAttributes": {"email": "x@example.com"}})
            .to_string(),
            "SerializationException",
        ),
        (
            "auth parameters as a list",
            Some("InitiateAuth"),
            json!({"ClientId": client, "AuthFlow": "USER_PASSWORD_AUTH",
                   "AuthParameters": ["USERNAME"]})
            .to_string(),
            "SerializationException",
        ),
        (
            "a boolean token",
            Some("GetUser"),
            json!({"AccessToken": true}).to_string(),
            "SerializationException",
        ),
        // Missing members.
        (
            "no username",
            Some("SignUp"),
            json!({"ClientId": client, "Password": PASSWORD}).to_string(),
            "InvalidParameterException",
        ),
        (
            "no client id",
            Some("InitiateAuth"),
            json!({"AuthFlow": "USER_PASSWORD_AUTH"}).to_string(),
            "InvalidParameterException",
        ),
        (
            "no password parameter",
            Some("InitiateAuth"),
            json!({"ClientId": client, "AuthFlow": "USER_PASSWORD_AUTH",
                   "AuthParameters": {"USERNAME": "jane"}})
            .to_string(),
            "InvalidParameterException",
        ),
        (
            "no code",
            Some("ConfirmSignUp"),
            json!({"ClientId": client, "Username": "jane"}).to_string(),
            "InvalidParameterException",
        ),
        // Oversized members.
        (
            "a 10,000-character username",
            Some("SignUp"),
            json!({"ClientId": client, "Username": long, "Password": PASSWORD,
                   "UserAttributes": [{"Name": "email", "Value": "a@example.com"}]})
            .to_string(),
            "InvalidParameterException",
        ),
        (
            "a 10,000-character password",
            Some("SignUp"),
            json!({"ClientId": client, "Username": "longpw", "Password": long,
                   "UserAttributes": [{"Name": "email", "Value": "a@example.com"}]})
            .to_string(),
            "InvalidPasswordException",
        ),
        (
            "a 10,000-character attribute",
            Some("SignUp"),
            json!({"ClientId": client, "Username": "longattr", "Password": PASSWORD,
                   "UserAttributes": [{"Name": "email", "Value": "a@example.com"},
                                      {"Name": "name", "Value": long}]})
            .to_string(),
            "InvalidParameterException",
        ),
        (
            "a 10,000-character password at sign-in",
            Some("InitiateAuth"),
            json!({"ClientId": client, "AuthFlow": "USER_PASSWORD_AUTH",
                   "AuthParameters": {"USERNAME": "jane", "PASSWORD": long}})
            .to_string(),
            "NotAuthorizedException",
        ),
        (
            "a 10,000-character client id",
            Some("InitiateAuth"),
            json!({"ClientId": long, "AuthFlow": "USER_PASSWORD_AUTH",
                   "AuthParameters": {"USERNAME": "jane", "PASSWORD": PASSWORD}})
            .to_string(),
            "ResourceNotFoundException",
        ),
        (
            "a 10,000-character SRP_A",
            Some("InitiateAuth"),
            json!({"ClientId": client, "AuthFlow": "USER_SRP_AUTH",
                   "AuthParameters": {"USERNAME": "jane", "SRP_A": "f".repeat(10_000)}})
            .to_string(),
            "InvalidParameterException",
        ),
        (
            "a 10,000-character code",
            Some("ConfirmSignUp"),
            json!({"ClientId": client, "Username": "ann", "ConfirmationCode": long}).to_string(),
            "CodeMismatchException",
        ),
        (
            "a 300 KB body",
            Some("SignUp"),
            json!({"ClientId": client, "Username": "big", "Password": huge}).to_string(),
            "InvalidParameterException",
        ),
        (
            "a garbage token",
            Some("GetUser"),
            json!({"AccessToken": long}).to_string(),
            "NotAuthorizedException",
        ),
    ];
    for (case, operation, body, expected) in &public {
        let (status, error_type, answer) = raw(&app, *operation, body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{case}: {answer}");
        assert_eq!(answer["__type"], *expected, "{case}: {answer}");
        assert!(
            error_type.starts_with(expected),
            "{case}: header {error_type}"
        );
        assert!(answer["message"].is_string(), "{case}: {answer}");
    }

    // The signed operations read their input only after the signature checks out.
    let signed: Vec<(&str, &str, String, &str)> = vec![
        (
            "unknown admin operation",
            "AdminDoMagic",
            "{}".into(),
            "UnknownOperationException",
        ),
        (
            "a number pool id",
            "DescribeUserPool",
            json!({"UserPoolId": 7}).to_string(),
            "SerializationException",
        ),
        (
            "no pool id",
            "AdminGetUser",
            json!({"Username": "jane"}).to_string(),
            "InvalidParameterException",
        ),
        (
            "an unknown pool",
            "AdminGetUser",
            json!({"UserPoolId": "local_nothere", "Username": "jane"}).to_string(),
            "ResourceNotFoundException",
        ),
        (
            "a malformed filter",
            "ListUsers",
            json!({"UserPoolId": pool, "Filter": "email == x"}).to_string(),
            "InvalidParameterException",
        ),
        (
            "a 10,000-character filter",
            "ListUsers",
            json!({"UserPoolId": pool, "Filter": format!("email = \"{long}\"")}).to_string(),
            "InvalidParameterException",
        ),
        (
            "a forged pagination token",
            "ListUsers",
            json!({"UserPoolId": pool, "PaginationToken": "AAAA"}).to_string(),
            "InvalidParameterException",
        ),
        (
            "a negative limit",
            "ListUsers",
            json!({"UserPoolId": pool, "Limit": -1}).to_string(),
            "InvalidParameterException",
        ),
        (
            "a 10,000-character group name",
            "CreateGroup",
            json!({"UserPoolId": pool, "GroupName": long}).to_string(),
            "InvalidParameterException",
        ),
        (
            "a 10,000-character username",
            "AdminCreateUser",
            json!({"UserPoolId": pool, "Username": long}).to_string(),
            "InvalidParameterException",
        ),
        (
            "an unknown attribute",
            "AdminUpdateUserAttributes",
            json!({"UserPoolId": pool, "Username": "jane",
                   "UserAttributes": [{"Name": "shoe_size", "Value": "9"}]})
            .to_string(),
            "InvalidParameterException",
        ),
        (
            "updated_at that is not a number",
            "AdminUpdateUserAttributes",
            json!({"UserPoolId": pool, "Username": "jane",
                   "UserAttributes": [{"Name": "updated_at", "Value": "yesterday"}]})
            .to_string(),
            "InvalidParameterException",
        ),
        (
            "phone_number verified by SMS (Cognate sends none)",
            "CreateUserPool",
            json!({"PoolName": "p", "AutoVerifiedAttributes": ["phone_number"]}).to_string(),
            "InvalidParameterException",
        ),
        (
            "both username and alias attributes",
            "CreateUserPool",
            json!({"PoolName": "p", "UsernameAttributes": ["email"],
                   "AliasAttributes": ["email"]})
            .to_string(),
            "InvalidParameterException",
        ),
        (
            "an alias Cognito does not know",
            "CreateUserPool",
            json!({"PoolName": "p", "AliasAttributes": ["shoe_size"]}).to_string(),
            "InvalidParameterException",
        ),
        (
            "auto-verified attributes of the wrong type",
            "UpdateUserPool",
            json!({"UserPoolId": pool, "AutoVerifiedAttributes": "email"}).to_string(),
            "SerializationException",
        ),
        (
            "malformed JSON",
            "AdminGetUser",
            "{".into(),
            "SerializationException",
        ),
    ];
    for (case, operation, body, expected) in &signed {
        let (status, answer) = raw_signed(&app, operation, body, TEST_NOW.0).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{case}: {answer}");
        assert_eq!(answer["__type"], *expected, "{case}: {answer}");
    }

    // Nothing stored was lost on the way: jane still signs in.
    app.sign_in("jane", PASSWORD).await.unwrap();
}
