//! Junk at every door: each Cognito operation, each hosted form, each OAuth endpoint and
//! the notes API get malformed, mistyped, huge, deeply nested and non-UTF-8 input. Every
//! answer is a client error in the door's shape (never a 5xx), the server keeps serving,
//! and what was stored is unchanged.

use reqwest::StatusCode;
use server::doors::cognito_api::{IDENTITY_OPERATIONS, OPERATIONS};

use crate::cognito_admin::{admin, raw_signed};
use crate::helpers::{PASSWORD, TEST_NOW, TestApp, spawn_app_with};

/// What a user would check is still there: the users and their states, and that Jane
/// still signs in.
async fn stored(app: &TestApp) -> Vec<String> {
    let listed = admin(app)
        .list_users()
        .user_pool_id(app.default_pool.pool.id.as_str())
        .send()
        .await
        .unwrap();
    let mut users: Vec<String> = listed
        .users()
        .iter()
        .map(|user| {
            format!(
                "{} {:?} {}",
                user.username().unwrap_or_default(),
                user.user_status(),
                user.enabled()
            )
        })
        .collect();
    users.sort();
    users
}

fn junk_bodies() -> Vec<(&'static str, Vec<u8>)> {
    let nested = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let deep_object = format!("{}1{}", "{\"a\":".repeat(50_000), "}".repeat(50_000));
    let huge = format!("{{\"Username\": \"{}\"}}", "x".repeat(2 * 1024 * 1024));
    vec![
        ("empty", Vec::new()),
        ("truncated", b"{\"ClientId\": ".to_vec()),
        ("null", b"null".to_vec()),
        ("array", b"[1, 2, 3]".to_vec()),
        ("string", b"\"hello\"".to_vec()),
        (
            "wrong types",
            br#"{"ClientId": 5, "Username": [], "Password": {}, "UserPoolId": true, "AuthParameters": "x", "UserAttributes": {"a": 1}, "Limit": "many", "AccessToken": 7}"#
                .to_vec(),
        ),
        (
            "wrong values",
            br#"{"ClientId": "../../etc", "Username": "\u0000\u202e", "UserPoolId": "x_", "AuthFlow": "NOPE", "Filter": "username ^= \"", "Limit": -1, "AccessToken": "a.b.c"}"#
                .to_vec(),
        ),
        ("nested arrays", nested.into_bytes()),
        ("nested objects", deep_object.into_bytes()),
        ("huge", huge.into_bytes()),
        ("invalid utf-8", b"{\"Username\": \"\xff\xfe\xfd\"}".to_vec()),
        ("binary", vec![0, 159, 146, 150, 255, 0, 1]),
    ]
}

/// `Authorization` values an attacker might send with `scheme`: empty, truncated, not
/// base64, a token that is no JWT, bytes outside ASCII.
fn junk_authorizations(scheme: &str) -> Vec<reqwest::header::HeaderValue> {
    let texts = [
        scheme.to_string(),
        format!("{scheme} "),
        format!("{scheme} %%%"),
        format!("{scheme} OmZvbw=="),
        format!("{scheme} a.b.c"),
        format!("{scheme} {}", "A".repeat(8000)),
        "Digest x".to_string(),
    ];
    let mut values: Vec<_> = texts
        .iter()
        .map(|text| reqwest::header::HeaderValue::from_str(text).unwrap())
        .collect();
    values.push(reqwest::header::HeaderValue::from_bytes(b"Bearer \xe9\xff").unwrap());
    values
}

async fn status_of(request: reqwest::RequestBuilder) -> StatusCode {
    request.send().await.expect("an answer").status()
}

#[tokio::test]
async fn hostile_input_at_every_door_gets_no_5xx_and_changes_nothing() {
    // One client sends it all: the per-address limits are not what is under test here.
    let app = spawn_app_with(tempfile::tempdir().unwrap(), |settings| {
        settings.limits.sign_ins_per_address_per_minute = 100_000;
        settings.limits.sign_ups_per_address_per_minute = 100_000;
        settings.limits.code_requests_per_address_per_minute = 100_000;
        settings.limits.code_answers_per_address_per_minute = 100_000;
    })
    .await;
    app.confirmed_user("jane").await;
    app.sign_up("ann", PASSWORD).await.unwrap();
    let before = stored(&app).await;
    let mut failures = Vec::new();
    let mut check = |door: String, status: StatusCode| {
        if status.is_server_error() {
            failures.push(format!("{door}: {status}"));
        }
    };

    // The Cognito API and the Cognito Identity API: every operation, unsigned, with every
    // kind of junk.
    let doors = [
        ("AWSCognitoIdentityProviderService", OPERATIONS),
        ("AWSCognitoIdentityService", IDENTITY_OPERATIONS),
    ];
    for (service, operations) in doors {
        for operation in operations {
            for (name, body) in junk_bodies() {
                let request = app
                    .http
                    .post(&app.address)
                    .header("content-type", "application/x-amz-json-1.1")
                    .header("x-amz-target", format!("{service}.{operation}"))
                    .body(body);
                check(format!("{operation} {name}"), status_of(request).await);
            }
        }
    }
    // ...and signed, so the junk reaches the admin operations' parsers too.
    for operation in OPERATIONS {
        for (name, body) in junk_bodies() {
            let Ok(text) = String::from_utf8(body) else {
                continue;
            };
            if text.len() > 64 * 1024 {
                continue;
            }
            let (status, _) = raw_signed(&app, operation, &text, TEST_NOW.0).await;
            check(format!("signed {operation} {name}"), status);
        }
    }

    // The hosted pages' server functions: missing, oversized and junk fields.
    let big = "z".repeat(200 * 1024);
    for function in [
        "client",
        "sign_up",
        "confirm_sign_up",
        "resend_code",
        "sign_in",
        "new_password",
        "continue_sign_in",
        "forgot_password",
        "confirm_forgot_password",
        "demo",
        "add_note",
    ] {
        let url = format!("{}/api/{function}", app.address);
        let forms: Vec<Vec<(&str, &str)>> = vec![
            vec![],
            vec![("client_id", "")],
            vec![
                ("client_id", big.as_str()),
                ("next", big.as_str()),
                ("username", big.as_str()),
                ("email", big.as_str()),
                ("password", big.as_str()),
                ("code", big.as_str()),
                ("request", big.as_str()),
                ("text", big.as_str()),
            ],
            vec![
                ("client_id", "\u{0}\u{202e}"),
                ("next", "javascript:alert(1)"),
                ("username", "ja\u{200b}ne"),
                ("email", "@@"),
                ("password", ""),
                ("code", "-1"),
            ],
        ];
        for (n, form) in forms.into_iter().enumerate() {
            for accept in ["text/html", "application/json"] {
                let request = app
                    .http
                    .post(&url)
                    .header("accept", accept)
                    .header("origin", &app.address)
                    .form(&form);
                check(
                    format!("/api/{function} form {n} {accept}"),
                    status_of(request).await,
                );
            }
        }
        for (name, body) in junk_bodies() {
            let request = app
                .http
                .post(&url)
                .header("origin", &app.address)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body);
            check(format!("/api/{function} {name}"), status_of(request).await);
        }
    }

    // OAuth 2.0 / OpenID Connect.
    let long = "q".repeat(6000);
    for query in [
        String::new(),
        "client_id=&redirect_uri=&response_type=".into(),
        "client_id=%00%ff&redirect_uri=javascript:x&response_type=token&scope=%ff".into(),
        format!("client_id={long}&state={long}"),
        "response_type=code&client_id=x&redirect_uri=http://localhost:8080/callback&code_challenge_method=plain".into(),
    ] {
        let request = app.http.get(format!("{}/oauth2/authorize?{query}", app.address));
        check(format!("authorize {query:.40}"), status_of(request).await);
        let request = app.http.get(format!("{}/logout?{query}", app.address));
        check(format!("logout {query:.40}"), status_of(request).await);
    }
    for endpoint in ["/oauth2/token", "/oauth2/revoke"] {
        for (name, body) in junk_bodies() {
            let request = app
                .http
                .post(format!("{}{endpoint}", app.address))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body);
            check(format!("{endpoint} {name}"), status_of(request).await);
        }
        for authorization in junk_authorizations("Basic") {
            let request = app
                .http
                .post(format!("{}{endpoint}", app.address))
                .header("authorization", authorization.clone())
                .form(&[
                    ("grant_type", "authorization_code"),
                    ("code", "x"),
                    ("token", "y"),
                ]);
            check(
                format!("{endpoint} {authorization:?}"),
                status_of(request).await,
            );
        }
    }
    for path in [
        "/oauth2/userInfo",
        "/api/demo/notes",
        "/local_nope/.well-known/jwks.json",
        "/%ff%00/.well-known/openid-configuration",
    ] {
        for authorization in junk_authorizations("Bearer") {
            let request = app
                .http
                .get(format!("{}{path}", app.address))
                .header("authorization", authorization.clone());
            check(
                format!("GET {path} {authorization:?}"),
                status_of(request).await,
            );
        }
    }
    for (name, body) in junk_bodies() {
        let request = app
            .http
            .post(format!("{}/api/demo/notes", app.address))
            .header("authorization", "Bearer junk")
            .header("content-type", "application/json")
            .body(body);
        check(format!("POST notes {name}"), status_of(request).await);
    }

    assert!(failures.is_empty(), "server errors: {failures:#?}");
    let health = app
        .http
        .get(format!("{}/health", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), StatusCode::OK, "the server is alive");
    assert_eq!(stored(&app).await, before, "nothing stored changed");
    app.sign_in("jane", PASSWORD).await.unwrap();
}
