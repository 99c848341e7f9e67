//! One user pool behind two doors: a user made through the Cognito API signs in on the
//! hosted pages, and one who signed up on the pages signs in through the API.

use aws_sdk_cognitoidentityprovider::types::{AttributeType, AuthFlowType, ChallengeNameType};
use reqwest::StatusCode;
use reqwest::header::SET_COOKIE;

use crate::cognito_admin::admin;
use crate::helpers::{PASSWORD, TestApp, browser_cookies, spawn_app};
use crate::hosted::{get_page, location, post_form};

/// Signs in on `/login` as a browser without JavaScript: the session cookie, or the page
/// the form sent the browser back to.
async fn page_sign_in(app: &TestApp, username: &str, password: &str) -> Result<String, String> {
    let response = post_form(
        app,
        "/api/sign_in",
        "/login",
        None,
        &[
            ("client_id", ""),
            ("next", "/demo"),
            ("username", username),
            ("password", password),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::FOUND);
    match response.headers().get(SET_COOKIE) {
        Some(_) => {
            assert_eq!(location(response.headers()), "/demo");
            // The session and the sign-in's tokens, as a browser keeps them.
            Ok(browser_cookies(response.headers()))
        }
        None => Err(location(response.headers())),
    }
}

#[tokio::test]
async fn an_invited_user_made_through_the_api_signs_in_on_the_hosted_pages() {
    let app = spawn_app().await;
    let admin = admin(&app);
    admin
        .admin_create_user()
        .user_pool_id(app.default_pool.pool.id.as_str())
        .username("newbie")
        .user_attributes(
            AttributeType::builder()
                .name("email")
                .value("newbie@example.com")
                .build()
                .unwrap(),
        )
        .user_attributes(
            AttributeType::builder()
                .name("email_verified")
                .value("true")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    // The temporary password from the invitation email.
    let invitation = app.emails_to("newbie@example.com").pop().unwrap();
    let temporary = invitation
        .split("temporary password is ")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();

    // The app the user was invited to has them choose their own password.
    let started = admin
        .initiate_auth()
        .client_id(app.client_id())
        .auth_flow(AuthFlowType::UserPasswordAuth)
        .auth_parameters("USERNAME", "newbie")
        .auth_parameters("PASSWORD", &temporary)
        .send()
        .await
        .unwrap();
    assert_eq!(
        started.challenge_name(),
        Some(&ChallengeNameType::NewPasswordRequired)
    );
    admin
        .respond_to_auth_challenge()
        .client_id(app.client_id())
        .challenge_name(ChallengeNameType::NewPasswordRequired)
        .session(started.session().unwrap())
        .challenge_responses("USERNAME", "newbie")
        .challenge_responses("NEW_PASSWORD", PASSWORD)
        .send()
        .await
        .unwrap();

    // The hosted pages: by username and by the verified email, then the protected page.
    page_sign_in(&app, "newbie", PASSWORD).await.unwrap();
    let cookie = page_sign_in(&app, "newbie@example.com", PASSWORD)
        .await
        .unwrap();
    let demo = get_page(&app, "/demo", Some(&cookie)).await;
    assert_eq!(demo.status(), StatusCode::OK);
    let html = demo.text().await.unwrap();
    assert!(html.contains("newbie@example.com"), "{html}");
    // The temporary password is spent.
    let refused = page_sign_in(&app, "newbie", &temporary).await.unwrap_err();
    let back = refused.strip_prefix(&app.address).unwrap_or(&refused);
    assert!(back.starts_with("/login?"), "back to the form: {refused}");
}

#[tokio::test]
async fn a_user_who_signed_up_on_the_pages_signs_in_through_the_api() {
    let app = spawn_app().await;
    let client_id = app.client_id().to_string();
    let response = post_form(
        &app,
        "/api/sign_up",
        "/signup",
        None,
        &[
            ("client_id", &client_id),
            ("next", ""),
            ("username", "jane"),
            ("email", "jane@example.com"),
            ("password", PASSWORD),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::FOUND);
    let code = app.last_code_for("jane@example.com");
    post_form(
        &app,
        "/api/confirm_sign_up",
        "/confirmUser",
        None,
        &[
            ("client_id", &client_id),
            ("next", ""),
            ("username", "jane"),
            ("code", &code),
        ],
    )
    .await;

    let cognito = admin(&app);
    let signed_in = cognito
        .initiate_auth()
        .client_id(&client_id)
        .auth_flow(AuthFlowType::UserPasswordAuth)
        .auth_parameters("USERNAME", "jane@example.com")
        .auth_parameters("PASSWORD", PASSWORD)
        .send()
        .await
        .unwrap();
    let access = signed_in
        .authentication_result()
        .unwrap()
        .access_token()
        .unwrap();
    let me = cognito
        .get_user()
        .access_token(access)
        .send()
        .await
        .unwrap();
    assert_eq!(me.username(), "jane");
    let verified = me
        .user_attributes()
        .iter()
        .find(|a| a.name() == "email_verified")
        .and_then(|a| a.value());
    assert_eq!(
        verified,
        Some("true"),
        "the emailed code verified the email"
    );
}
