//! The second factor on the hosted pages, as a browser without JavaScript uses them: the
//! password form leads to `/mfa`, whose forms finish the sign-in.

use aws_sdk_cognitoidentityprovider::types::{
    EmailMfaConfigType, SoftwareTokenMfaConfigType, UserPoolMfaType,
};
use server::clock::Clock;
use server::pool::totp;

use crate::cognito_admin::admin;
use crate::helpers::{PASSWORD, TestApp, browser_cookies, spawn_app};
use crate::hosted::{between, error_line, get_page, local, location, post_form, post_sign_in};

/// A server whose default pool has MFA `mode`, with the app as a factor and, where
/// `email`, email codes.
async fn app_with_mfa(mode: UserPoolMfaType, email: bool) -> TestApp {
    let app = spawn_app().await;
    let mut config = admin(&app)
        .set_user_pool_mfa_config()
        .user_pool_id(app.default_pool.pool.id.as_str())
        .mfa_configuration(mode)
        .software_token_mfa_configuration(
            SoftwareTokenMfaConfigType::builder().enabled(true).build(),
        );
    if email {
        config = config.email_mfa_configuration(EmailMfaConfigType::builder().build());
    }
    config.send().await.unwrap();
    app
}

/// Jane, confirmed, with a verified authenticator app: its secret.
async fn jane_with_an_app(app: &TestApp) -> String {
    app.confirmed_user("jane").await;
    let access = app
        .sign_in("jane", PASSWORD)
        .await
        .unwrap()
        .tokens
        .access_token;
    let secret = app.pool.associate_software_token(&access).await.unwrap();
    let code = totp::code_at(&secret, app.clock.now()).unwrap();
    app.pool
        .verify_software_token(&access, &code, None)
        .await
        .unwrap();
    // The set-up's code is spent: sign-ins use the next one.
    app.clock.advance(30);
    secret
}

/// Whether the response starts a hosted session.
fn signs_in(response: &reqwest::Response) -> bool {
    browser_cookies(response.headers()).contains("cognate_session=")
}

/// Posts the `/mfa` page's code form with the step's cookie.
async fn post_code(app: &TestApp, cookie: &str, step: &str, code: &str) -> reqwest::Response {
    let fields = [
        ("client_id", ""),
        ("next", ""),
        ("username", "jane"),
        ("step", step),
        ("code", code),
    ];
    post_form(app, "/api/mfa_code", "/mfa", Some(cookie), &fields).await
}

#[tokio::test]
async fn the_password_leads_to_the_app_code_which_signs_in_once() {
    let app = app_with_mfa(UserPoolMfaType::Optional, true).await;
    let secret = jane_with_an_app(&app).await;

    let password = post_sign_in(&app, "jane", PASSWORD).await;
    assert!(
        !signs_in(&password),
        "never a session on the password alone"
    );
    let page = local(&app, &location(password.headers()));
    assert!(page.starts_with("/mfa?"), "{page}");
    assert!(page.contains("step=app"), "{page}");
    let cookie = browser_cookies(password.headers());
    assert!(cookie.starts_with("cognate_challenge="), "{cookie}");
    let html = get_page(&app, &page, Some(&cookie))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Enter your authentication code"), "{html}");

    // A wrong code: the page again, with its error, and the step still open.
    let wrong = post_code(&app, &cookie, "app", "000000").await;
    assert!(!signs_in(&wrong));
    let again = local(&app, &location(wrong.headers()));
    assert_eq!(
        error_line(&app, &again).await,
        "That code is not right. Check it and try again."
    );

    let code = totp::code_at(&secret, app.clock.now()).unwrap();
    let right = post_code(&app, &cookie, "app", &code).await;
    assert!(signs_in(&right));
    assert_eq!(location(right.headers()), "/demo");

    // The same code never signs in again, even in a new sign-in within its window.
    let password = post_sign_in(&app, "jane", PASSWORD).await;
    let cookie = browser_cookies(password.headers());
    let reused = post_code(&app, &cookie, "app", &code).await;
    assert!(!signs_in(&reused));
}

#[tokio::test]
async fn five_wrong_codes_end_the_step() {
    let app = app_with_mfa(UserPoolMfaType::Optional, true).await;
    let secret = jane_with_an_app(&app).await;
    let password = post_sign_in(&app, "jane", PASSWORD).await;
    let cookie = browser_cookies(password.headers());
    for _ in 0..5 {
        let wrong = post_code(&app, &cookie, "app", "000000").await;
        assert!(!signs_in(&wrong));
    }
    let code = totp::code_at(&secret, app.clock.now()).unwrap();
    let late = post_code(&app, &cookie, "app", &code).await;
    assert!(!signs_in(&late), "the right code after five wrong ones");
    let page = local(&app, &location(late.headers()));
    assert_eq!(
        error_line(&app, &page).await,
        "This sign-in has expired. Sign in again."
    );
    // Nor does a cookie from another step, or none, or a step the sign-in is not at.
    assert!(!signs_in(&post_code(&app, "", "app", &code).await));
    let password = post_sign_in(&app, "jane", PASSWORD).await;
    let cookie = browser_cookies(password.headers());
    assert!(!signs_in(&post_code(&app, &cookie, "email", &code).await));
}

#[tokio::test]
async fn an_emailed_code_signs_in_where_the_user_prefers_email() {
    let app = app_with_mfa(UserPoolMfaType::On, true).await;
    app.confirmed_user("jane").await;

    let password = post_sign_in(&app, "jane", PASSWORD).await;
    let page = local(&app, &location(password.headers()));
    assert!(page.contains("step=email"), "{page}");
    let cookie = browser_cookies(password.headers());
    let html = get_page(&app, &page, Some(&cookie))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Check your email"), "{html}");
    assert!(html.contains("j***@e***"), "the masked address: {html}");
    let emailed = app.last_code_for("jane@example.com");
    let right = post_code(&app, &cookie, "email", &emailed).await;
    assert!(signs_in(&right));
}

#[tokio::test]
async fn a_user_with_both_factors_chooses_one() {
    let app = app_with_mfa(UserPoolMfaType::Optional, true).await;
    jane_with_an_app(&app).await;
    let enabled = |on| {
        aws_sdk_cognitoidentityprovider::types::EmailMfaSettingsType::builder()
            .enabled(on)
            .preferred_mfa(false)
            .build()
    };
    admin(&app)
        .admin_set_user_mfa_preference()
        .user_pool_id(app.default_pool.pool.id.as_str())
        .username("jane")
        .email_mfa_settings(enabled(true))
        .software_token_mfa_settings(
            aws_sdk_cognitoidentityprovider::types::SoftwareTokenMfaSettingsType::builder()
                .enabled(true)
                .preferred_mfa(false)
                .build(),
        )
        .send()
        .await
        .unwrap();
    let password = post_sign_in(&app, "jane", PASSWORD).await;
    let page = local(&app, &location(password.headers()));
    assert!(page.contains("step=select"), "{page}");
    let cookie = browser_cookies(password.headers());
    let html = get_page(&app, &page, Some(&cookie))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Email me a code"), "{html}");

    let chosen = post_form(
        &app,
        "/api/mfa_choose",
        "/mfa",
        Some(&cookie),
        &[
            ("client_id", ""),
            ("next", ""),
            ("username", "jane"),
            ("factor", "email"),
        ],
    )
    .await;
    let page = local(&app, &location(chosen.headers()));
    assert!(page.contains("step=email"), "{page}");
    let cookie = browser_cookies(chosen.headers());
    let emailed = app.last_code_for("jane@example.com");
    assert!(signs_in(&post_code(&app, &cookie, "email", &emailed).await));
}

#[tokio::test]
async fn mfa_on_sets_up_an_app_from_the_page_then_signs_in() {
    // No email codes: the app must be set up.
    let app = app_with_mfa(UserPoolMfaType::On, false).await;
    app.confirmed_user("jane").await;

    let password = post_sign_in(&app, "jane", PASSWORD).await;
    let page = local(&app, &location(password.headers()));
    assert!(page.contains("step=setup"), "{page}");
    let cookie = browser_cookies(password.headers());
    let shown = get_page(&app, &page, Some(&cookie)).await;
    assert_eq!(
        shown.headers()["cache-control"].to_str().unwrap(),
        "no-store",
        "a page with a secret is never cached"
    );
    // Showing the secret moves the step on: its cookie changes.
    let cookie = browser_cookies(shown.headers());
    assert!(cookie.starts_with("cognate_challenge="), "{cookie}");
    let html = shown.text().await.unwrap();
    let secret = between(&html, "data-testid=\"mfa-secret\">", "<").expect("the secret's text");
    assert!(html.contains("data:image/svg+xml;base64,"), "the QR code");
    // Shown again (reloaded, or after a wrong code), the page shows the same key.
    let shown = get_page(&app, &page, Some(&cookie)).await;
    let cookie = browser_cookies(shown.headers());
    let html = shown.text().await.unwrap();
    assert_eq!(
        between(&html, "data-testid=\"mfa-secret\">", "<").as_deref(),
        Some(secret.as_str())
    );

    let wrong = post_form(
        &app,
        "/api/mfa_setup",
        "/mfa",
        Some(&cookie),
        &[
            ("client_id", ""),
            ("next", ""),
            ("username", "jane"),
            ("code", "000000"),
        ],
    )
    .await;
    assert!(!signs_in(&wrong));
    let code = totp::code_at(&secret, app.clock.now()).unwrap();
    let right = post_form(
        &app,
        "/api/mfa_setup",
        "/mfa",
        Some(&cookie),
        &[
            ("client_id", ""),
            ("next", ""),
            ("username", "jane"),
            ("code", &code),
        ],
    )
    .await;
    assert!(signs_in(&right));

    // The app is hers now: the next sign-in asks for its code.
    app.clock.advance(30);
    let password = post_sign_in(&app, "jane", PASSWORD).await;
    assert!(location(password.headers()).contains("step=app"));
}
