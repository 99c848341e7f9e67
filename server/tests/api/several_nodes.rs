//! Two Cognate nodes on one PostgreSQL database, as behind a load balancer without sticky
//! sessions: each node is a server of its own (its own connections, caches and keys in
//! memory; nothing shared but the database), and what one does the other sees.

use std::time::{Duration, Instant};

use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata;
use aws_sdk_cognitoidentityprovider::types::AuthFlowType;
use reqwest::StatusCode;
use server::adapters::store::postgres::STALE_AFTER;

use crate::cognito_admin::admin;
use crate::cognito_public::cognito;
use crate::helpers::{PASSWORD, TestApp, spawn_app_with};
use crate::oidc::{CALLBACK, VERIFIER, code, oauth_client, session_of, token};
use crate::postgres::fresh_database;
use server::plumbing::config::Settings;

/// Two nodes on one new PostgreSQL database, started at once.
async fn two_nodes() -> (TestApp, TestApp, String) {
    two_nodes_with(|_| {}).await
}

/// Two nodes started at once on one new PostgreSQL database, with `configure`'s changes
/// to both nodes' settings.
async fn two_nodes_with(configure: impl Fn(&mut Settings) + Copy) -> (TestApp, TestApp, String) {
    let url = fresh_database().await;
    let node = |url: String| {
        spawn_app_with(tempfile::tempdir().unwrap(), move |settings| {
            configure(settings);
            settings.database.url = Some(url);
            // The load balancer's address: one issuer whichever node signs.
            settings.server.public_url = Some("http://cognate.internal".parse().unwrap());
        })
    };
    // Started together: both find an empty database.
    let (a, b) = tokio::join!(node(url.clone()), node(url.clone()));
    (a, b, url)
}

/// The node's published keys for the default pool.
async fn jwks(node: &TestApp) -> String {
    let path = format!("/{}/.well-known/jwks.json", node.default_pool.pool.id);
    node.get(&path).await.text().await.unwrap()
}

/// Access and refresh tokens from a password sign-in on `node`.
async fn sign_in(node: &TestApp, username: &str) -> (String, String) {
    let answer = cognito(node)
        .initiate_auth()
        .client_id(node.client_id())
        .auth_flow(AuthFlowType::UserPasswordAuth)
        .auth_parameters("USERNAME", username)
        .auth_parameters("PASSWORD", PASSWORD)
        .send()
        .await
        .unwrap();
    let result = answer.authentication_result().unwrap();
    (
        result.access_token().unwrap().to_string(),
        result.refresh_token().unwrap().to_string(),
    )
}

/// Whether `client`'s node accepts the access token (GetUser).
async fn accepts(client: &Client, access_token: &str) -> bool {
    match client.get_user().access_token(access_token).send().await {
        Ok(_) => true,
        Err(error) => {
            let error = error.into_service_error();
            assert_eq!(error.code(), Some("NotAuthorizedException"), "{error:?}");
            false
        }
    }
}

/// Waits, at most the stated staleness bound (and a second for the test's own calls), for
/// `client`'s node to refuse the access token.
async fn refused_within_the_bound(client: &Client, access_token: &str) {
    let deadline = Instant::now() + STALE_AFTER + Duration::from_secs(1);
    while accepts(client, access_token).await {
        assert!(
            Instant::now() < deadline,
            "still accepted after {STALE_AFTER:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn what_one_node_does_the_other_sees() {
    let (a, b, _) = two_nodes().await;
    assert_eq!(
        (&a.default_pool.pool, &a.default_pool.client),
        (&b.default_pool.pool, &b.default_pool.client),
        "one default pool"
    );
    assert!(
        a.default_pool.created != b.default_pool.created,
        "made once, by one of them"
    );
    assert_eq!(jwks(&a).await, jwks(&b).await, "one signing key, made once");
    a.confirmed_user("ann").await;
    let (on_a, on_b) = (cognito(&a), cognito(&b));

    // Signed in on A, refreshed on B; A has checked the token (and remembers its sign-in).
    let (access, refresh) = sign_in(&a, "ann").await;
    assert!(accepts(&on_a, &access).await);
    let refreshed = on_b
        .initiate_auth()
        .client_id(b.client_id())
        .auth_flow(AuthFlowType::RefreshTokenAuth)
        .auth_parameters("REFRESH_TOKEN", &refresh)
        .send()
        .await
        .unwrap();
    let refreshed_access = refreshed
        .authentication_result()
        .unwrap()
        .access_token()
        .unwrap()
        .to_string();
    assert!(accepts(&on_a, &refreshed_access).await, "B's token on A");

    // Revoked on B: A refuses both access tokens of that sign-in.
    on_b.revoke_token()
        .client_id(b.client_id())
        .token(&refresh)
        .send()
        .await
        .unwrap();
    refused_within_the_bound(&on_a, &access).await;
    assert!(!accepts(&on_a, &refreshed_access).await);

    // Signed out everywhere on A: B, which had checked the token, refuses it.
    let (access, _) = sign_in(&a, "ann").await;
    assert!(accepts(&on_b, &access).await);
    on_a.global_sign_out()
        .access_token(&access)
        .send()
        .await
        .unwrap();
    refused_within_the_bound(&on_b, &access).await;

    // Disabled on B: A refuses the tokens it had checked, and the password.
    let (access, _) = sign_in(&a, "ann").await;
    assert!(accepts(&on_a, &access).await);
    admin(&b)
        .admin_disable_user()
        .user_pool_id(b.default_pool.pool.id.as_str())
        .username("ann")
        .send()
        .await
        .unwrap();
    let error = on_a
        .initiate_auth()
        .client_id(a.client_id())
        .auth_flow(AuthFlowType::UserPasswordAuth)
        .auth_parameters("USERNAME", "ann")
        .auth_parameters("PASSWORD", PASSWORD)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(error.code(), Some("NotAuthorizedException"));
    assert_eq!(error.message(), Some("User is disabled."));
    refused_within_the_bound(&on_a, &access).await;
}

#[tokio::test]
async fn a_client_and_a_hosted_session_made_on_one_node_work_on_the_other() {
    let (a, b, _) = two_nodes().await;
    let client = oauth_client(&a, false).await;
    let client_id = client.client_id().unwrap();
    let session = session_of(&a, "bo").await;

    // B takes A's session (no sign-in page) for A's client, and A redeems B's code.
    let code = code(&b, &session, client_id).await;
    let (status, tokens) = token(
        &a,
        None,
        &[
            ("grant_type", "authorization_code"),
            ("client_id", client_id),
            ("code", &code),
            ("redirect_uri", CALLBACK),
            ("code_verifier", VERIFIER),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    assert!(tokens["id_token"].is_string());
}

#[tokio::test]
async fn of_two_nodes_redeeming_one_code_at_once_exactly_one_succeeds() {
    let (a, b, _) = two_nodes().await;
    let client = oauth_client(&a, false).await;
    let client_id = client.client_id().unwrap();
    let session = session_of(&a, "cy").await;
    for _ in 0..5 {
        let code = code(&a, &session, client_id).await;
        let form = [
            ("grant_type", "authorization_code"),
            ("client_id", client_id),
            ("code", code.as_str()),
            ("redirect_uri", CALLBACK),
            ("code_verifier", VERIFIER),
        ];
        let (on_a, on_b) = tokio::join!(token(&a, None, &form), token(&b, None, &form));
        let succeeded = [&on_a, &on_b]
            .iter()
            .filter(|(status, _)| *status == StatusCode::OK)
            .count();
        assert_eq!(succeeded, 1, "A: {on_a:?}, B: {on_b:?}");
        let (_, refused) = if on_a.0 == StatusCode::OK { on_b } else { on_a };
        assert_eq!(refused["error"], "invalid_grant");
    }
}

#[tokio::test]
async fn a_revocation_whose_notification_is_lost_is_seen_within_the_bound() {
    let (a, _b, url) = two_nodes().await;
    a.confirmed_user("di").await;
    let on_a = cognito(&a);
    let (access, _) = sign_in(&a, "di").await;
    assert!(accepts(&on_a, &access).await, "A remembers the sign-in");

    // Revoked behind every node's back: no notification goes out.
    let db = sqlx::PgPool::connect(&url).await.unwrap();
    let revoked = sqlx::query("UPDATE token_families SET revoked_at = 1 WHERE revoked_at IS NULL")
        .execute(&db)
        .await
        .unwrap()
        .rows_affected();
    assert_eq!(revoked, 1);
    refused_within_the_bound(&on_a, &access).await;
}

#[tokio::test]
async fn an_address_has_one_allowance_across_the_nodes() {
    let (a, b, _) = two_nodes_with(|settings| {
        settings.limits.sign_ups_per_address_per_minute = 4;
    })
    .await;
    let sign_up = |node: &TestApp, n: usize| {
        let (client, client_id) = (cognito(node), node.client_id().to_string());
        async move {
            client
                .sign_up()
                .client_id(client_id)
                .username(format!("user{n}"))
                .password(PASSWORD)
                .user_attributes(
                    aws_sdk_cognitoidentityprovider::types::AttributeType::builder()
                        .name("email")
                        .value(format!("user{n}@example.com"))
                        .build()
                        .unwrap(),
                )
                .send()
                .await
                .map(|_| ())
                .map_err(|error| error.into_service_error().code().unwrap_or("").to_string())
        }
    };
    // Two on each node: each node alone would allow four.
    for n in 0..4 {
        let node = if n % 2 == 0 { &a } else { &b };
        assert_eq!(sign_up(node, n).await, Ok(()), "sign-up {n}");
    }
    assert_eq!(
        sign_up(&a, 4).await,
        Err("TooManyRequestsException".to_string()),
        "the fifth from the address, on either node"
    );
    assert_eq!(
        sign_up(&b, 5).await,
        Err("TooManyRequestsException".to_string())
    );
}

#[tokio::test]
async fn text_postgres_cannot_store_is_refused_as_bad_input() {
    let (a, _b, _) = two_nodes().await;
    let error = cognito(&a)
        .sign_up()
        .client_id(a.client_id())
        .username("nul")
        .password(PASSWORD)
        .user_attributes(
            aws_sdk_cognitoidentityprovider::types::AttributeType::builder()
                .name("email")
                .value("nul@example.com")
                .build()
                .unwrap(),
        )
        .user_attributes(
            aws_sdk_cognitoidentityprovider::types::AttributeType::builder()
                .name("name")
                .value("a\u{0}b")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(error.code(), Some("InvalidParameterException"), "{error:?}");
    assert!(error.message().unwrap().contains("NUL"), "{error:?}");

    // Wherever else it is typed, the database's refusal is the caller's error too.
    let error = admin(&a)
        .create_group()
        .user_pool_id(a.default_pool.pool.id.as_str())
        .group_name("readers")
        .description("a\u{0}b")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(error.code(), Some("InvalidParameterException"), "{error:?}");
}

#[tokio::test]
async fn of_two_nodes_taking_one_reset_code_at_once_exactly_one_succeeds() {
    let (a, b, _) = two_nodes().await;
    a.confirmed_user("eve").await;
    let reset = |node: &TestApp, code: String, password: &'static str| {
        let (client, client_id) = (cognito(node), node.client_id().to_string());
        async move {
            client
                .confirm_forgot_password()
                .client_id(client_id)
                .username("eve")
                .confirmation_code(code)
                .password(password)
                .send()
                .await
                .map(|_| ())
                .map_err(|error| error.into_service_error().code().unwrap_or("").to_string())
        }
    };
    for _ in 0..3 {
        cognito(&a)
            .forgot_password()
            .client_id(a.client_id())
            .username("eve")
            .send()
            .await
            .unwrap();
        let code = a.last_code_about("eve@example.com", "reset");
        let (on_a, on_b) = tokio::join!(
            reset(&a, code.clone(), "Reset-On-Node-A-1"),
            reset(&b, code, "Reset-On-Node-B-1"),
        );
        assert_eq!(
            [&on_a, &on_b].iter().filter(|r| r.is_ok()).count(),
            1,
            "A: {on_a:?}, B: {on_b:?}"
        );
    }
}

#[tokio::test]
async fn a_saml_assertion_taken_by_one_node_is_refused_by_the_other() {
    use crate::hosted::{query_param, redirect_target};
    use crate::saml::{id_claims, post_response, setup_at, unsolicited_response};
    let (a, b, _) = two_nodes().await;
    // IdP-initiated, so no browser cookie ties the response to one node: only the shared
    // replay cache stands between a copied response and a second sign-in.
    let saml = setup_at(&a, &[("IDPInit", "true")], "http://cognate.internal").await;
    let (response, relay_state) = unsolicited_response(&a, &saml, "alice").await;
    let first = post_response(&a, &response, Some(&relay_state), None).await;
    let id = id_claims(&a, &saml, &redirect_target(&first)).await;
    assert_eq!(id["cognito:username"], "Corp_alice@corp.example");
    let replayed = post_response(&b, &response, Some(&relay_state), None).await;
    let to = redirect_target(&replayed);
    assert_eq!(
        query_param(&to, "error").as_deref(),
        Some("access_denied"),
        "{to}"
    );
}
