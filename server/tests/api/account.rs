//! `/account` as a browser without JavaScript uses it: each form posts, the page comes back
//! saying what happened, and the domain's rules hold (codes, password, second factors).

use aws_sdk_cognitoidentityprovider::types::{
    EmailMfaConfigType, SoftwareTokenMfaConfigType, UserPoolMfaType,
};
use reqwest::StatusCode;
use server::clock::Clock;
use server::pool::totp;

use crate::cognito_admin::admin;
use crate::helpers::{PASSWORD, TestApp, browser_cookies, spawn_app};
use crate::hosted::{between, get_page, local, location, post_form, post_sign_in};

/// Jane, confirmed and signed in on the hosted pages: the browser's cookies.
async fn jane_signed_in(app: &TestApp) -> String {
    app.confirmed_user("jane").await;
    let response = post_sign_in(app, "jane", PASSWORD).await;
    browser_cookies(response.headers())
}

/// Posts one of the account page's forms; the page it leads to.
async fn post(app: &TestApp, cookie: &str, action: &str, fields: &[(&str, &str)]) -> String {
    let response = post_form(app, action, "/account", Some(cookie), fields).await;
    assert_eq!(response.status(), StatusCode::FOUND, "{action}");
    local(app, &location(response.headers()))
}

async fn html(app: &TestApp, path: &str, cookie: &str) -> String {
    get_page(app, path, Some(cookie))
        .await
        .text()
        .await
        .unwrap()
}

#[tokio::test]
async fn without_a_sign_in_the_account_page_sends_to_sign_in() {
    let app = spawn_app().await;
    let page = get_page(&app, "/account", None).await;
    assert_eq!(location(page.headers()), "/login?next=%2Faccount");
    // A form posted without a sign-in changes nothing and goes the same way.
    let page = post(&app, "", "/api/account_mfa", &[("change", "email_on")]).await;
    assert_eq!(page, "/login?next=%2Faccount");
}

#[tokio::test]
async fn a_user_sees_and_edits_attributes_and_verifies_a_new_email_by_code() {
    let app = spawn_app().await;
    let cookie = jane_signed_in(&app).await;
    let page = get_page(&app, "/account", Some(&cookie)).await;
    assert_eq!(page.headers()["cache-control"], "no-store");
    let page = page.text().await.unwrap();
    assert!(
        page.contains("Signed in as <strong>jane</strong>"),
        "{page}"
    );
    assert!(page.contains("jane@example.com"));
    assert!(
        page.contains(r#"data-testid="nav-account""#),
        "the header names her"
    );

    let done = post(
        &app,
        &cookie,
        "/api/account_attribute",
        &[("name", "name"), ("value", "Jane Doe")],
    )
    .await;
    assert_eq!(done, "/account?done=saved");
    assert!(html(&app, &done, &cookie).await.contains("Jane Doe"));

    let done = post(
        &app,
        &cookie,
        "/api/account_attribute",
        &[("name", "email"), ("value", "jane@example.org")],
    )
    .await;
    assert_eq!(done, "/account?done=email_code");
    assert!(
        html(&app, &done, &cookie)
            .await
            .contains("not verified yet")
    );
    // Not yet hers to sign in with.
    assert!(app.sign_in("jane@example.org", PASSWORD).await.is_err());
    let wrong = post(
        &app,
        &cookie,
        "/api/account_verify_email",
        &[("code", "000000")],
    )
    .await;
    assert_eq!(
        error_of(&app, &wrong, &cookie).await,
        "That code is not right. Check it and try again."
    );
    let code = app.last_code_for("jane@example.org");
    let done = post(
        &app,
        &cookie,
        "/api/account_verify_email",
        &[("code", &code)],
    )
    .await;
    assert_eq!(done, "/account?done=email_verified");
    assert!(
        !html(&app, &done, &cookie)
            .await
            .contains("not verified yet")
    );

    // Cognate's own attributes are not hers to set.
    let refused = post(
        &app,
        &cookie,
        "/api/account_attribute",
        &[("name", "email_verified"), ("value", "true")],
    )
    .await;
    assert!(refused.contains("__err="), "{refused}");
}

#[tokio::test]
async fn changing_the_password_takes_the_current_one() {
    let app = spawn_app().await;
    let cookie = jane_signed_in(&app).await;
    let wrong = post(
        &app,
        &cookie,
        "/api/account_password",
        &[
            ("old_password", "Wrong-Horse-1"),
            ("password", "Another-Horse-2"),
        ],
    )
    .await;
    assert_eq!(
        error_of(&app, &wrong, &cookie).await,
        "That password is not right."
    );
    let weak = post(
        &app,
        &cookie,
        "/api/account_password",
        &[("old_password", PASSWORD), ("password", "short")],
    )
    .await;
    assert!(
        error_of(&app, &weak, &cookie).await.contains("Password"),
        "the policy's reason"
    );
    let done = post(
        &app,
        &cookie,
        "/api/account_password",
        &[("old_password", PASSWORD), ("password", "Another-Horse-2")],
    )
    .await;
    assert_eq!(done, "/account?done=password");
    assert!(app.sign_in("jane", "Another-Horse-2").await.is_ok());
}

#[tokio::test]
async fn a_user_adds_an_app_prefers_it_over_email_codes_and_removes_it() {
    let app = spawn_app().await;
    admin(&app)
        .set_user_pool_mfa_config()
        .user_pool_id(app.default_pool.pool.id.as_str())
        .mfa_configuration(UserPoolMfaType::Optional)
        .software_token_mfa_configuration(
            SoftwareTokenMfaConfigType::builder().enabled(true).build(),
        )
        .email_mfa_configuration(EmailMfaConfigType::builder().build())
        .send()
        .await
        .unwrap();
    let cookie = jane_signed_in(&app).await;
    let page = html(&app, "/account", &cookie).await;
    assert!(page.contains("Authenticator app: off") && page.contains("Email codes: off"));

    let page = get_page(&app, "/account?add_app=1", Some(&cookie)).await;
    assert_eq!(page.headers()["cache-control"], "no-store");
    let page = page.text().await.unwrap();
    let secret = between(&page, "data-testid=\"mfa-secret\">", "<").expect("the key as text");
    assert!(page.contains("data:image/svg+xml;base64,"), "the QR code");
    // Posted from the add-an-app page, as a browser does.
    let wrong = post_form(
        &app,
        "/api/account_app",
        "/account?add_app=1",
        Some(&cookie),
        &[("code", "000000")],
    )
    .await;
    let wrong = local(&app, &location(wrong.headers()));
    assert!(wrong.contains("__err="), "{wrong}");
    // The page again (after the wrong code, without JavaScript) shows the same key.
    assert!(wrong.contains("add_app=1"), "{wrong}");
    let again = html(&app, &wrong, &cookie).await;
    assert_eq!(
        between(&again, "data-testid=\"mfa-secret\">", "<").as_deref(),
        Some(secret.as_str())
    );
    let code = totp::code_at(&secret, app.clock.now()).unwrap();
    let done = post(&app, &cookie, "/api/account_app", &[("code", &code)]).await;
    assert_eq!(done, "/account?done=app_on");
    let page = html(&app, &done, &cookie).await;
    assert!(page.contains("Authenticator app: on"), "{page}");
    assert!(page.contains("(used first)"), "{page}");

    // Email codes too, then first: the next sign-in emails a code.
    post(&app, &cookie, "/api/account_mfa", &[("change", "email_on")]).await;
    post(
        &app,
        &cookie,
        "/api/account_mfa",
        &[("change", "prefer_email")],
    )
    .await;
    let signing_in = post_sign_in(&app, "jane", PASSWORD).await;
    assert!(location(signing_in.headers()).contains("step=email"));

    // The app removed and email codes off: the password is enough again.
    post(&app, &cookie, "/api/account_mfa", &[("change", "app_off")]).await;
    let done = post(
        &app,
        &cookie,
        "/api/account_mfa",
        &[("change", "email_off")],
    )
    .await;
    assert_eq!(done, "/account?done=mfa");
    let page = html(&app, &done, &cookie).await;
    assert!(page.contains("Authenticator app: off") && page.contains("Email codes: off"));
    assert!(app.sign_in("jane", PASSWORD).await.is_ok());
}

#[tokio::test]
async fn signing_out_everywhere_ends_every_sign_in() {
    let app = spawn_app().await;
    let cookie = jane_signed_in(&app).await;
    let elsewhere = app.sign_in("jane", PASSWORD).await.unwrap();
    let response = post_form(
        &app,
        "/api/account_sign_out",
        "/account",
        Some(&cookie),
        &[],
    )
    .await;
    assert_eq!(location(response.headers()), "/login?signed_out=1");
    let cleared = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter(|value| value.to_str().unwrap().contains("Max-Age=0"))
        .count();
    assert!(cleared >= 3, "the session and token cookies are cleared");
    // The other device's tokens no longer work, nor do this browser's.
    assert!(
        app.pool
            .account(&elsewhere.tokens.access_token)
            .await
            .is_err()
    );
    let page = get_page(&app, "/account", Some(&cookie)).await;
    assert_eq!(location(page.headers()), "/login?next=%2Faccount");
}

#[tokio::test]
async fn deleting_the_account_takes_the_password() {
    let app = spawn_app().await;
    let cookie = jane_signed_in(&app).await;
    let wrong = post(
        &app,
        &cookie,
        "/api/account_delete",
        &[("password", "Wrong-Horse-1")],
    )
    .await;
    assert_eq!(
        error_of(&app, &wrong, &cookie).await,
        "That password is not right."
    );
    assert!(app.sign_in("jane", PASSWORD).await.is_ok(), "still there");

    // Guessing the password here locks the account as guessing at sign-in does.
    for _ in 0..5 {
        post(
            &app,
            &cookie,
            "/api/account_delete",
            &[("password", "Wrong-Horse-1")],
        )
        .await;
    }
    let locked = post(
        &app,
        &cookie,
        "/api/account_delete",
        &[("password", PASSWORD)],
    )
    .await;
    assert_eq!(
        error_of(&app, &locked, &cookie).await,
        "Password attempts exceeded"
    );
    // Once the lock has run out, the password works.
    app.clock.advance(60);
    let response = post_form(
        &app,
        "/api/account_delete",
        "/account",
        Some(&cookie),
        &[("password", PASSWORD)],
    )
    .await;
    assert_eq!(location(response.headers()), "/login?deleted=1");
    assert!(app.sign_in("jane", PASSWORD).await.is_err(), "gone");
}

/// The page's one error line (the failed form's; the others are empty).
async fn error_of(app: &TestApp, path: &str, cookie: &str) -> String {
    let page = html(app, path, cookie).await;
    let lines: Vec<String> = page
        .match_indices("data-testid=\"form-error\"")
        .filter_map(|(at, _)| {
            let region = &page[at..];
            let inside = &region[region.find('>')? + 1..];
            between(inside.strip_prefix("<p>")?, "", "</p>")
        })
        .collect();
    assert_eq!(lines.len(), 1, "one error line on {path}: {lines:?}");
    lines[0].clone()
}
