//! The hosted pages as a browser without JavaScript uses them: GET a page, POST its form,
//! follow the redirect.

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, LOCATION, SET_COOKIE};

use crate::helpers::{PASSWORD, TestApp, browser_cookies, spawn_app};

/// Posts a form the way a browser does with JavaScript off: same-site, HTML accepted, the
/// page it was on as `Referer`.
pub(crate) async fn post_form(
    app: &TestApp,
    action: &str,
    page: &str,
    cookie: Option<&str>,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let mut request = app
        .http
        .post(format!("{}{action}", app.address))
        .header("accept", "text/html")
        .header("sec-fetch-site", "same-origin")
        .header("origin", &app.address)
        .header("referer", format!("{}{page}", app.address))
        .form(fields);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    request.send().await.unwrap()
}

/// The default client's login form posted as a browser without JavaScript posts it.
pub(crate) async fn post_sign_in(
    app: &TestApp,
    username: &str,
    password: &str,
) -> reqwest::Response {
    let fields = [
        ("client_id", ""),
        ("next", ""),
        ("username", username),
        ("password", password),
    ];
    post_form(app, "/api/sign_in", "/login", None, &fields).await
}

pub(crate) async fn get_page(app: &TestApp, path: &str, cookie: Option<&str>) -> reqwest::Response {
    let mut request = app
        .http
        .get(format!("{}{path}", app.address))
        .header("accept", "text/html");
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    request.send().await.unwrap()
}

/// Where a redirect points; a panic naming the status the answer had instead.
pub(crate) fn redirect_target(response: &reqwest::Response) -> String {
    response
        .headers()
        .get(LOCATION)
        .unwrap_or_else(|| panic!("a redirect, got {}", response.status()))
        .to_str()
        .unwrap()
        .to_string()
}

/// The `name` query parameter of an absolute URL.
pub(crate) fn query_param(url: &str, name: &str) -> Option<String> {
    url::Url::parse(url)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

pub(crate) fn location(headers: &HeaderMap) -> String {
    headers
        .get(LOCATION)
        .expect("a redirect")
        .to_str()
        .unwrap()
        .to_string()
}

/// The path and query of a redirect, whether absolute or not.
pub(crate) fn local(app: &TestApp, location: &str) -> String {
    location
        .strip_prefix(&app.address)
        .unwrap_or(location)
        .to_string()
}

/// The text between `start` and the next `end` in `html`.
pub(crate) fn between(html: &str, start: &str, end: &str) -> Option<String> {
    let from = html.find(start)? + start.len();
    let rest = &html[from..];
    Some(rest[..rest.find(end)?].to_string())
}

/// The text of the page's error line.
pub(crate) async fn error_line(app: &TestApp, path: &str) -> String {
    error_line_with(app, path, None).await
}

/// The text of the error line of a page the browser with `cookie` sees.
pub(crate) async fn error_line_with(app: &TestApp, path: &str, cookie: Option<&str>) -> String {
    let response = get_page(app, path, cookie).await;
    let status = response.status();
    let html = response.text().await.unwrap();
    let start = html
        .find("data-testid=\"form-error\"")
        .unwrap_or_else(|| panic!("an error region at {path} ({status}): {html}"));
    let rest = &html[start..];
    let text = &rest[rest.find("<p>").map(|i| i + 3).unwrap_or(0)..];
    text[..text.find("</p>").unwrap_or(0)].to_string()
}

async fn sign_in_cookie(app: &TestApp, username: &str) -> String {
    let response = post_form(
        app,
        "/api/sign_in",
        "/login",
        None,
        &[
            ("client_id", ""),
            ("next", ""),
            ("username", username),
            ("password", PASSWORD),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::FOUND);
    let cookie = response.headers()[SET_COOKIE].to_str().unwrap().to_string();
    cookie.split(';').next().unwrap().to_string()
}

#[tokio::test]
async fn without_javascript_a_user_signs_up_confirms_signs_in_and_reaches_the_demo() {
    let app = spawn_app().await;
    let client_id = app.client_id().to_string();

    let page = get_page(&app, &format!("/signup?client_id={client_id}"), None).await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains(r#"action="/api/sign_up""#), "{html}");
    assert!(html.contains(&format!(r#"name="client_id" value="{client_id}""#)));
    assert!(
        html.contains("At least 8 characters"),
        "the policy is listed"
    );

    let response = post_form(
        &app,
        "/api/sign_up",
        &format!("/signup?client_id={client_id}&next=%2Fdemo"),
        None,
        &[
            ("client_id", &client_id),
            ("next", "/demo"),
            ("username", "jane"),
            ("email", "jane@example.com"),
            ("password", PASSWORD),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::FOUND);
    let confirm = location(response.headers());
    assert_eq!(
        confirm,
        format!("/confirmUser?client_id={client_id}&username=jane&next=%2Fdemo")
    );
    let html = get_page(&app, &confirm, None).await.text().await.unwrap();
    assert!(html.contains(r#"name="username""#) && html.contains(r#"value="jane""#));

    let code = app.last_code_for("jane@example.com");
    let response = post_form(
        &app,
        "/api/confirm_sign_up",
        &confirm,
        None,
        &[
            ("client_id", &client_id),
            ("next", "/demo"),
            ("username", "jane"),
            ("code", &code),
        ],
    )
    .await;
    let login = location(response.headers());
    assert_eq!(
        login,
        format!("/login?client_id={client_id}&username=jane&confirmed=1&next=%2Fdemo")
    );
    let html = get_page(&app, &login, None).await.text().await.unwrap();
    assert!(html.contains("Your account is confirmed."));
    assert!(
        html.contains(r#"value="jane""#),
        "the username is filled in"
    );

    let response = post_form(
        &app,
        "/api/sign_in",
        &login,
        None,
        &[
            ("client_id", &client_id),
            ("next", "/demo"),
            ("username", "jane"),
            ("password", PASSWORD),
        ],
    )
    .await;
    assert_eq!(
        location(response.headers()),
        "/demo",
        "the page they came for"
    );
    let set_cookie = response.headers()[SET_COOKIE].to_str().unwrap().to_string();
    assert!(set_cookie.starts_with("cognate_session="));
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=3600"] {
        assert!(
            set_cookie.contains(attribute),
            "{set_cookie} lacks {attribute}"
        );
    }
    // The session, and the sign-in's tokens that the demo page (an app) renders from.
    let cookies = browser_cookies(response.headers());
    assert!(cookies.contains("cognate_id_token=") && cookies.contains("cognate_access_token="));
    let cookie = cookies.as_str();

    let demo = get_page(&app, "/demo", Some(cookie)).await;
    assert_eq!(demo.status(), StatusCode::OK);
    assert_eq!(demo.headers()["cache-control"], "no-store");
    let html = demo.text().await.unwrap();
    assert!(html.contains(r#"data-claim="cognito:username""#));
    assert!(html.contains("jane@example.com"));

    let response = post_form(
        &app,
        "/api/add_note",
        "/demo",
        Some(cookie),
        &[("body", "written without JavaScript")],
    )
    .await;
    assert_eq!(location(response.headers()), "/demo");
    let html = get_page(&app, "/demo", Some(cookie))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("written without JavaScript"));

    let response = get_page(&app, "/logout", Some(cookie)).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(response.headers()), "/login?signed_out=1");
    // The session's cookie and the sign-in's token cookies are all cleared.
    let cleared: Vec<&str> = response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|value| value.to_str().unwrap())
        .filter(|value| value.contains("Max-Age=0"))
        .collect();
    for name in [
        "cognate_session=;",
        "cognate_id_token=;",
        "cognate_access_token=;",
    ] {
        assert!(
            cleared.iter().any(|cookie| cookie.starts_with(name)),
            "{name} not cleared: {cleared:?}"
        );
    }
    // The old cookie no longer opens the page.
    let response = get_page(&app, "/demo", Some(cookie)).await;
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(location(response.headers()), "/login?next=%2Fdemo");
}

#[tokio::test]
async fn the_demo_page_sends_visitors_without_a_session_to_sign_in() {
    let app = spawn_app().await;
    for cookie in [None, Some("cognate_session=forged")] {
        let response = get_page(&app, "/demo", cookie).await;
        assert_eq!(response.status(), StatusCode::FOUND);
        assert_eq!(location(response.headers()), "/login?next=%2Fdemo");
    }
}

#[tokio::test]
async fn an_unknown_user_and_a_wrong_password_get_the_same_page() {
    let app = spawn_app().await;
    app.confirmed_user("jane").await;
    let mut answers = Vec::new();
    for username in ["jane", "nobody"] {
        let response = post_sign_in(&app, username, "Wrong-Password-1").await;
        let status = response.status();
        let target = local(&app, &location(response.headers()));
        let message = error_line(&app, &target).await;
        answers.push((status, target, message));
    }
    assert_eq!(answers[0], answers[1]);
    assert_eq!(answers[0].0, StatusCode::FOUND);
    assert_eq!(answers[0].2, "Incorrect username or password.");

    // And for a script (the hydrated page): the same status and body.
    let mut bodies = Vec::new();
    for username in ["jane", "nobody"] {
        let response = app
            .http
            .post(format!("{}/api/sign_in", app.address))
            .header("accept", "application/json")
            .header("sec-fetch-site", "same-origin")
            .form(&[
                ("client_id", ""),
                ("next", ""),
                ("username", username),
                ("password", "Wrong-Password-1"),
            ])
            .send()
            .await
            .unwrap();
        bodies.push((response.status(), response.text().await.unwrap()));
    }
    assert_eq!(bodies[0], bodies[1]);
    assert_eq!(bodies[0].0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn forgot_password_for_an_unknown_user_looks_like_success() {
    let app = spawn_app().await;
    app.confirmed_user("jane").await;
    let mut targets = Vec::new();
    for username in ["jane", "nobody"] {
        let response = post_form(
            &app,
            "/api/forgot_password",
            "/forgotPassword",
            None,
            &[("client_id", ""), ("next", ""), ("username", username)],
        )
        .await;
        assert_eq!(response.status(), StatusCode::FOUND);
        targets.push(location(response.headers()));
    }
    assert_eq!(targets[0], "/confirmForgotPassword?username=jane");
    assert_eq!(targets[1], "/confirmForgotPassword?username=nobody");
}

#[tokio::test]
async fn form_errors_are_specific_where_that_is_safe() {
    let app = spawn_app().await;
    let response = post_form(
        &app,
        "/api/sign_up",
        "/signup",
        None,
        &[
            ("client_id", ""),
            ("next", ""),
            ("username", "jane"),
            ("email", "jane@example.com"),
            ("password", "NoSymbolsHere1"),
        ],
    )
    .await;
    let page = local(&app, &location(response.headers()));
    assert!(page.starts_with("/signup?"), "{page}");
    assert_eq!(
        error_line(&app, &page).await,
        "Password must have symbol characters."
    );

    // A form missing a field is told so, not failed.
    let response = post_form(&app, "/api/sign_up", "/signup", None, &[("username", "x")]).await;
    let page = local(&app, &location(response.headers()));
    assert_eq!(
        error_line(&app, &page).await,
        "Please fill in every field of the form."
    );

    // An unknown app client in the link.
    let response = post_form(
        &app,
        "/api/sign_in",
        "/login",
        None,
        &[
            ("client_id", "nosuchclient"),
            ("next", ""),
            ("username", "jane"),
            ("password", PASSWORD),
        ],
    )
    .await;
    let page = local(&app, &location(response.headers()));
    assert!(
        error_line(&app, &page)
            .await
            .contains("app client that does not exist")
    );
}

#[tokio::test]
async fn a_form_posted_from_another_site_is_refused() {
    let app = spawn_app().await;
    app.confirmed_user("jane").await;
    let fields = [
        ("client_id", ""),
        ("next", ""),
        ("username", "jane"),
        ("password", PASSWORD),
    ];
    let cross_site = [
        vec![("sec-fetch-site", "cross-site")],
        vec![("sec-fetch-site", "same-site")],
        vec![("origin", "http://evil.example")],
        vec![("origin", "null")],
    ];
    for headers in cross_site {
        let mut request = app
            .http
            .post(format!("{}/api/sign_in", app.address))
            .header("accept", "text/html")
            .form(&fields);
        for (name, value) in &headers {
            request = request.header(*name, *value);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{headers:?}");
        assert!(response.headers().get(SET_COOKIE).is_none());
    }
    // The same form from this site signs in.
    sign_in_cookie(&app, "jane").await;
}

#[tokio::test]
async fn every_page_carries_the_security_headers() {
    let app = spawn_app().await;
    for path in ["/", "/login", "/signup", "/health", "/no-such-page"] {
        let response = get_page(&app, path, None).await;
        let headers = response.headers();
        assert!(
            headers["content-security-policy"]
                .to_str()
                .unwrap()
                .contains("frame-ancestors 'none'"),
            "{path}"
        );
        assert_eq!(headers["x-frame-options"], "DENY");
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(headers["referrer-policy"], "same-origin");
    }
}

#[tokio::test]
async fn pages_allow_only_their_own_nonced_scripts() {
    let app = spawn_app().await;
    let response = get_page(&app, "/login", None).await;
    let policy = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    let html = response.text().await.unwrap();
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a script nonce in the policy");
    assert!(nonce.len() >= 16, "{nonce}");
    assert!(policy.contains("'wasm-unsafe-eval'"), "{policy}");
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    // Every script the page carries has this response's nonce.
    let scripts = html.matches("<script").count();
    assert!(scripts > 0);
    assert_eq!(
        html.matches(&format!("nonce=\"{nonce}\"")).count(),
        scripts,
        "{html}"
    );
    // Each response gets its own.
    let again = get_page(&app, "/login", None).await;
    assert_ne!(
        again.headers()["content-security-policy"].to_str().unwrap(),
        policy
    );
}

#[tokio::test]
async fn a_next_parameter_never_leads_off_the_site() {
    let app = spawn_app().await;
    app.confirmed_user("jane").await;
    let response = post_form(
        &app,
        "/api/sign_in",
        "/login",
        None,
        &[
            ("client_id", ""),
            ("next", "https://evil.example/"),
            ("username", "jane"),
            ("password", PASSWORD),
        ],
    )
    .await;
    assert_eq!(location(response.headers()), "/demo");
}

/// A pool made through the API with `configure`'s sign-in attributes, and a client of it.
async fn api_pool(
    app: &TestApp,
    configure: impl FnOnce(
        aws_sdk_cognitoidentityprovider::operation::create_user_pool::builders::CreateUserPoolFluentBuilder,
    ) -> aws_sdk_cognitoidentityprovider::operation::create_user_pool::builders::CreateUserPoolFluentBuilder,
) -> String {
    let admin = crate::cognito_admin::admin(app);
    let created = configure(admin.create_user_pool().pool_name("Pages"))
        .send()
        .await
        .unwrap();
    let pool_id = created.user_pool().unwrap().id().unwrap();
    admin
        .create_user_pool_client()
        .user_pool_id(pool_id)
        .client_name("pages")
        // The hosted pages serve clients with OAuth on.
        .allowed_o_auth_flows_user_pool_client(true)
        .allowed_o_auth_flows(aws_sdk_cognitoidentityprovider::types::OAuthFlowType::Code)
        .allowed_o_auth_scopes("openid")
        .callback_urls("http://localhost/callback")
        .send()
        .await
        .unwrap()
        .user_pool_client()
        .unwrap()
        .client_id()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn the_sign_up_page_follows_the_pool_s_sign_in_attributes() {
    use aws_sdk_cognitoidentityprovider::types::{UsernameAttributeType, VerifiedAttributeType};
    let app = spawn_app().await;

    // Email as the username: no username field; the email signs up, confirms and signs in.
    let client_id = api_pool(&app, |pool| {
        pool.username_attributes(UsernameAttributeType::Email)
            .auto_verified_attributes(VerifiedAttributeType::Email)
    })
    .await;
    let signup = format!("/signup?client_id={client_id}");
    let html = get_page(&app, &signup, None).await.text().await.unwrap();
    assert!(!html.contains(r#"id="username""#), "{html}");
    assert!(html.contains(r#"id="email""#));
    let response = post_form(
        &app,
        "/api/sign_up",
        &signup,
        None,
        &[
            ("client_id", &client_id),
            ("next", ""),
            ("username", ""),
            ("email", "ada@example.com"),
            ("password", PASSWORD),
        ],
    )
    .await;
    let confirm = location(response.headers());
    assert_eq!(
        confirm,
        format!("/confirmUser?client_id={client_id}&username=ada%40example.com")
    );
    let response = post_form(
        &app,
        "/api/confirm_sign_up",
        &confirm,
        None,
        &[
            ("client_id", &client_id),
            ("next", ""),
            ("username", "ada@example.com"),
            ("code", &app.last_code_for("ada@example.com")),
        ],
    )
    .await;
    assert!(location(response.headers()).contains("confirmed=1"));
    let response = post_form(
        &app,
        "/api/sign_in",
        "/login",
        None,
        &[
            ("client_id", &client_id),
            ("next", ""),
            ("username", "Ada@Example.com"),
            ("password", PASSWORD),
        ],
    )
    .await;
    assert_eq!(location(response.headers()), "/demo");
    assert!(response.headers().get(SET_COOKIE).is_some());

    // No auto-verification: no code, and the page says an administrator confirms.
    let client_id = api_pool(&app, |pool| pool).await;
    let signup = format!("/signup?client_id={client_id}");
    let html = get_page(&app, &signup, None).await.text().await.unwrap();
    assert!(html.contains(r#"id="username""#), "{html}");
    let response = post_form(
        &app,
        "/api/sign_up",
        &signup,
        None,
        &[
            ("client_id", &client_id),
            ("next", ""),
            ("username", "bob"),
            ("email", "bob@example.com"),
            ("password", PASSWORD),
        ],
    )
    .await;
    let login = location(response.headers());
    assert_eq!(
        login,
        format!("/login?client_id={client_id}&username=bob&awaiting=1")
    );
    assert!(app.emails_to("bob@example.com").is_empty());
    let html = get_page(&app, &login, None).await.text().await.unwrap();
    assert!(html.contains("An administrator will confirm it"), "{html}");
    // Signing in before then says so, rather than asking for a code never sent.
    let response = post_form(
        &app,
        "/api/sign_in",
        &login,
        None,
        &[
            ("client_id", &client_id),
            ("next", ""),
            ("username", "bob"),
            ("password", PASSWORD),
        ],
    )
    .await;
    let back = local(&app, &location(response.headers()));
    let error = error_line(&app, &back).await;
    assert!(
        error.contains("An administrator will confirm it"),
        "{error}"
    );
}

#[tokio::test]
async fn an_invited_user_chooses_a_new_password_on_the_pages_and_reaches_the_demo() {
    let app = spawn_app().await;
    let admin = crate::cognito_admin::admin(&app);
    admin
        .admin_create_user()
        .user_pool_id(app.default_pool.pool.id.as_str())
        .username("invited")
        .user_attributes(
            aws_sdk_cognitoidentityprovider::types::AttributeType::builder()
                .name("email")
                .value("invited@example.com")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let invitation = app.emails_to("invited@example.com").pop().unwrap();
    assert!(
        invitation.contains("/login?username=invited"),
        "the invitation links to the sign-in page: {invitation}"
    );
    let temporary = invitation
        .split("temporary password is ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap()
        .to_string();

    let response = post_form(
        &app,
        "/api/sign_in",
        "/login",
        None,
        &[
            ("client_id", ""),
            ("next", ""),
            ("username", "invited"),
            ("password", &temporary),
        ],
    )
    .await;
    let step = location(response.headers());
    assert_eq!(step, "/newPassword?username=invited");
    let set_cookie = response
        .headers()
        .get(SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap();
    assert!(set_cookie.starts_with("cognate_challenge="), "{set_cookie}");
    assert!(set_cookie.contains("HttpOnly") && set_cookie.contains("Max-Age=180"));
    let challenge = set_cookie.split(';').next().unwrap().to_string();
    let html = get_page(&app, &step, None).await.text().await.unwrap();
    assert!(html.contains("Your password is temporary."), "{html}");
    assert!(html.contains(r#"action="/api/new_password""#));

    // A password the policy refuses keeps the step open for another try.
    let response = post_form(
        &app,
        "/api/new_password",
        &step,
        Some(&challenge),
        &[
            ("client_id", ""),
            ("next", ""),
            ("username", "invited"),
            ("password", "short"),
        ],
    )
    .await;
    let back = local(&app, &location(response.headers()));
    assert!(back.starts_with("/newPassword"), "{back}");
    assert!(error_line(&app, &back).await.contains("not long enough"));

    // Without the step's cookie there is nothing to answer.
    let response = post_form(
        &app,
        "/api/new_password",
        &step,
        None,
        &[
            ("client_id", ""),
            ("next", ""),
            ("username", "invited"),
            ("password", PASSWORD),
        ],
    )
    .await;
    let back = local(&app, &location(response.headers()));
    assert!(error_line(&app, &back).await.contains("Sign in again"));

    let response = post_form(
        &app,
        "/api/new_password",
        &step,
        Some(&challenge),
        &[
            ("client_id", ""),
            ("next", ""),
            ("username", "invited"),
            ("password", PASSWORD),
        ],
    )
    .await;
    assert_eq!(location(response.headers()), "/demo");
    let cookies: Vec<&str> = response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    assert!(
        cookies.iter().any(|c| c.starts_with("cognate_session=")),
        "a session"
    );
    let session = browser_cookies(response.headers());
    assert!(
        cookies
            .iter()
            .any(|c| c.starts_with("cognate_challenge=;") && c.contains("Max-Age=0")),
        "the spent step's cookie is removed: {cookies:?}"
    );
    let demo = get_page(&app, "/demo", Some(&session)).await;
    assert_eq!(demo.status(), StatusCode::OK);
    assert!(demo.text().await.unwrap().contains("invited"));

    // The temporary password is spent; the new one signs in.
    app.sign_in("invited", PASSWORD).await.unwrap();
    assert!(app.sign_in("invited", &temporary).await.is_err());
}
