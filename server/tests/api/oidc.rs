//! OpenID Connect with a relying party not written here (the `openidconnect` crate):
//! discovery, the authorization code flow with PKCE and a nonce through the hosted login
//! form, ID-token validation by the library, userinfo, refresh, and single sign-on.

use aws_sdk_cognitoidentityprovider::types::{OAuthFlowType, UserPoolClientType};
use chrono::{DateTime, Utc};
use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreProviderMetadata, CoreUserInfoClaims,
};
use openidconnect::{
    AuthorizationCode, ClientId, CsrfToken, IssuerUrl, Nonce, OAuth2TokenResponse,
    PkceCodeChallenge, RedirectUrl, Scope, TokenResponse,
};
use reqwest::StatusCode;
use reqwest::header::{LOCATION, SET_COOKIE};

use crate::cognito_admin::admin;
use crate::cognito_users::attribute;
use crate::helpers::{PASSWORD, TEST_NOW, TestApp, spawn_app};
use crate::hosted::{post_form, query_param as param, redirect_target as location};

pub(crate) const CALLBACK: &str = "http://localhost:8080/callback";
pub(crate) const SIGNED_OUT: &str = "http://localhost:8080/signed-out";

/// An OAuth client of the default pool as an app would register it: code flow, OIDC
/// scopes, a localhost callback; with a secret or without one (then PKCE is required).
pub(crate) async fn oauth_client(app: &TestApp, secret: bool) -> UserPoolClientType {
    admin(app)
        .create_user_pool_client()
        .user_pool_id(app.default_pool.pool.id.as_str())
        .client_name("web app")
        .generate_secret(secret)
        .allowed_o_auth_flows_user_pool_client(true)
        .allowed_o_auth_flows(OAuthFlowType::Code)
        .allowed_o_auth_scopes("openid")
        .allowed_o_auth_scopes("email")
        .allowed_o_auth_scopes("profile")
        .supported_identity_providers("COGNITO")
        .callback_urls(CALLBACK)
        .logout_urls(SIGNED_OUT)
        .send()
        .await
        .unwrap()
        .user_pool_client()
        .unwrap()
        .clone()
}

/// The test server's fixed clock, for the library's expiry checks.
fn server_time() -> DateTime<Utc> {
    DateTime::from_timestamp(TEST_NOW.0 + 1, 0).unwrap()
}

/// GET without following redirects, with the hosted session cookie if any.
async fn get(app: &TestApp, url: &str, cookie: Option<&str>) -> reqwest::Response {
    let mut request = app.http.get(url);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn an_oidc_library_signs_a_user_in_through_the_hosted_login_form() {
    let app = spawn_app().await;
    app.confirmed_user("jane").await;
    let pool_id = app.default_pool.pool.id.to_string();
    // Attributes whose OIDC claims are not strings: the library must parse them.
    admin(&app)
        .admin_update_user_attributes()
        .user_pool_id(&pool_id)
        .username("jane")
        .user_attributes(attribute("address", "1 Main St, Springfield"))
        .user_attributes(attribute("updated_at", "1700000000"))
        .send()
        .await
        .unwrap();
    let registered = oauth_client(&app, false).await;
    let client_id = registered.client_id().unwrap().to_string();
    let http = openidconnect::reqwest::ClientBuilder::new()
        .redirect(openidconnect::reqwest::redirect::Policy::none())
        .build()
        .unwrap();

    // Discovery: the issuer is exactly <base>/<pool id>.
    let issuer = IssuerUrl::new(format!("{}/{pool_id}", app.address)).unwrap();
    let document: serde_json::Value = http
        .get(format!(
            "{}/.well-known/openid-configuration",
            issuer.as_str()
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let revocation_endpoint = document["revocation_endpoint"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        document["end_session_endpoint"],
        format!("{}/logout", app.address)
    );
    let metadata = CoreProviderMetadata::discover_async(issuer, &http)
        .await
        .unwrap();
    let client =
        CoreClient::from_provider_metadata(metadata, ClientId::new(client_id.clone()), None)
            .set_redirect_uri(RedirectUrl::new(CALLBACK.to_string()).unwrap());

    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (authorize_url, csrf, nonce) = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .add_scope(Scope::new("email".into()))
        .add_scope(Scope::new("profile".into()))
        .set_pkce_challenge(challenge)
        .url();

    // Not signed in: to the hosted login page, which comes back to the request.
    let to_login = location(&get(&app, authorize_url.as_str(), None).await);
    assert!(to_login.starts_with("/login?"), "{to_login}");
    let next = param(&format!("{}{to_login}", app.address), "next").unwrap();
    assert!(next.starts_with("/oauth2/continue?request="), "{next}");
    let signed_in = post_form(
        &app,
        "/api/sign_in",
        &to_login,
        None,
        &[
            ("client_id", &client_id),
            ("next", &next),
            ("username", "jane"),
            ("password", PASSWORD),
        ],
    )
    .await;
    assert_eq!(location(&signed_in), next);
    let session = signed_in
        .headers()
        .get(SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let callback = location(&get(&app, &format!("{}{next}", app.address), Some(&session)).await);
    assert!(callback.starts_with(CALLBACK), "{callback}");
    assert_eq!(
        param(&callback, "state").as_deref(),
        Some(csrf.secret().as_str())
    );
    assert_eq!(
        param(&callback, "iss").as_deref(),
        Some(format!("{}/{pool_id}", app.address).as_str())
    );
    let code = param(&callback, "code").unwrap();

    // The library exchanges the code and validates the ID token (signature, issuer,
    // audience, expiry, nonce).
    let tokens = client
        .exchange_code(AuthorizationCode::new(code))
        .unwrap()
        .set_pkce_verifier(verifier)
        .request_async(&http)
        .await
        .unwrap();
    let id_token = tokens.id_token().expect("an ID token for the openid scope");
    let verifier = client.id_token_verifier().set_time_fn(server_time);
    let claims = id_token.claims(&verifier, &nonce).unwrap();
    assert_eq!(claims.email().map(|e| e.as_str()), Some("jane@example.com"));
    assert_eq!(claims.email_verified(), Some(true));
    assert_eq!(
        claims
            .address()
            .and_then(|address| address.formatted.as_ref())
            .map(|formatted| formatted.as_str()),
        Some("1 Main St, Springfield")
    );
    assert_eq!(
        claims.updated_at().map(|at| at.timestamp()),
        Some(1_700_000_000)
    );
    let sub = claims.subject().as_str().to_string();

    // Userinfo releases the email scope's claims.
    let info: CoreUserInfoClaims = client
        .user_info(tokens.access_token().clone(), None)
        .unwrap()
        .request_async(&http)
        .await
        .unwrap();
    assert_eq!(info.subject().as_str(), sub);
    assert_eq!(info.email().map(|e| e.as_str()), Some("jane@example.com"));
    assert_eq!(
        info.updated_at().map(|at| at.timestamp()),
        Some(1_700_000_000)
    );
    // The address scope was not asked for, so userinfo keeps the address.
    assert!(info.address().is_none());

    // The refresh token gives a new access token that still works.
    let refreshed = client
        .exchange_refresh_token(tokens.refresh_token().unwrap())
        .unwrap()
        .request_async(&http)
        .await
        .unwrap();
    assert_ne!(
        refreshed.access_token().secret(),
        tokens.access_token().secret()
    );
    let again: CoreUserInfoClaims = client
        .user_info(refreshed.access_token().clone(), None)
        .unwrap()
        .request_async(&http)
        .await
        .unwrap();
    assert_eq!(again.subject().as_str(), sub);

    // Single sign-on: the same browser authorizes again without the form...
    let (challenge, _verifier) = PkceCodeChallenge::new_random_sha256();
    let (second, _, _) = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .set_pkce_challenge(challenge)
        .url();
    let straight = location(&get(&app, second.as_str(), Some(&session)).await);
    assert!(straight.starts_with(CALLBACK), "{straight}");
    assert!(param(&straight, "code").is_some());
    // ...unless the app asks for a fresh sign-in.
    let fresh = format!("{second}&prompt=login");
    let to_login = location(&get(&app, &fresh, Some(&session)).await);
    assert!(to_login.starts_with("/login?"), "{to_login}");

    // Revocation (RFC 7009) ends the sign-in: no refresh, and its access token is refused.
    // The library sends revocations over https only (RFC 7009 §2); the test server is
    // plain http, so this one request is posted as the library would.
    let revoked = http
        .post(&revocation_endpoint)
        .form(&[
            ("token", tokens.refresh_token().unwrap().secret().as_str()),
            ("token_type_hint", "refresh_token"),
            ("client_id", client_id.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), StatusCode::OK);
    let refused = client
        .exchange_refresh_token(tokens.refresh_token().unwrap())
        .unwrap()
        .request_async(&http)
        .await
        .unwrap_err();
    assert!(
        refused.to_string().contains("invalid_grant")
            || format!("{refused:?}").contains("invalid_grant"),
        "{refused:?}"
    );
    let gone: Result<CoreUserInfoClaims, _> = client
        .user_info(refreshed.access_token().clone(), None)
        .unwrap()
        .request_async(&http)
        .await;
    assert!(gone.is_err(), "a revoked sign-in's access token is refused");

    // RP-initiated logout with the ID token as hint ends the hosted session and returns
    // to the registered sign-out URL with the app's state.
    let hint = id_token.to_string();
    let logout = format!(
        "{}/logout?id_token_hint={hint}&post_logout_redirect_uri={}&state=bye",
        app.address,
        url::form_urlencoded::byte_serialize(SIGNED_OUT.as_bytes()).collect::<String>()
    );
    let out = get(&app, &logout, Some(&session)).await;
    assert_eq!(location(&out), format!("{SIGNED_OUT}?state=bye"));
    let (challenge, _verifier) = PkceCodeChallenge::new_random_sha256();
    let (third, _, _) = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .set_pkce_challenge(challenge)
        .url();
    let to_login = location(&get(&app, third.as_str(), Some(&session)).await);
    assert!(to_login.starts_with("/login?"), "signed out: {to_login}");
}

#[tokio::test]
async fn logout_goes_only_to_a_registered_sign_out_url() {
    let app = spawn_app().await;
    let registered = oauth_client(&app, false).await;
    let client_id = registered.client_id().unwrap();
    let encode =
        |url: &str| url::form_urlencoded::byte_serialize(url.as_bytes()).collect::<String>();
    let cognito = format!(
        "{}/logout?client_id={client_id}&logout_uri={}",
        app.address,
        encode(SIGNED_OUT)
    );
    assert_eq!(location(&get(&app, &cognito, None).await), SIGNED_OUT);
    for (case, url) in [
        (
            "an unregistered logout_uri",
            format!(
                "{}/logout?client_id={client_id}&logout_uri={}",
                app.address,
                encode("https://evil.example/")
            ),
        ),
        (
            "a logout_uri without its client",
            format!("{}/logout?logout_uri={}", app.address, encode(SIGNED_OUT)),
        ),
        (
            "a forged id_token_hint",
            format!(
                "{}/logout?id_token_hint=e30.e30.AAAA&post_logout_redirect_uri={}",
                app.address,
                encode(SIGNED_OUT)
            ),
        ),
    ] {
        let response = get(&app, &url, None).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{case}");
        assert!(response.headers().get(LOCATION).is_none(), "{case}");
    }
    // Without a URL, the sign-in page.
    let plain = get(&app, &format!("{}/logout", app.address), None).await;
    assert_eq!(location(&plain), "/login?signed_out=1");
}

#[tokio::test]
async fn a_wrong_redirect_uri_or_an_unknown_client_gets_a_page_and_no_redirect() {
    let app = spawn_app().await;
    let registered = oauth_client(&app, false).await;
    let client_id = registered.client_id().unwrap();
    let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    for (case, client, redirect) in [
        (
            "an unregistered redirect URI",
            client_id,
            "https://evil.example/cb",
        ),
        ("no redirect URI", client_id, ""),
        ("an unknown client", "nosuchclient000000000000000", CALLBACK),
    ] {
        let url = format!(
            "{}/oauth2/authorize?response_type=code&client_id={client}&redirect_uri={}\
             &scope=openid&code_challenge={challenge}&code_challenge_method=S256",
            app.address,
            url::form_urlencoded::byte_serialize(redirect.as_bytes()).collect::<String>()
        );
        let response = get(&app, &url, None).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{case}");
        assert!(response.headers().get(LOCATION).is_none(), "{case}");
        let html = response.text().await.unwrap();
        assert!(html.contains("This sign-in cannot go on"), "{case}: {html}");
    }
}

pub(crate) const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

/// A hosted session for a confirmed `username`, as the login form gives it.
pub(crate) async fn session_of(app: &TestApp, username: &str) -> String {
    app.confirmed_user(username).await;
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
    response
        .headers()
        .get(SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string()
}

/// Where `/oauth2/authorize` sends a signed-in browser: a code request for `client_id`
/// with the RFC 7636 example challenge, `changes` replacing or adding parameters (an empty
/// value removes one).
async fn authorize(
    app: &TestApp,
    session: &str,
    client_id: &str,
    changes: &[(&str, &str)],
) -> String {
    let mut params = vec![
        ("response_type", "code"),
        ("client_id", client_id),
        ("redirect_uri", CALLBACK),
        ("scope", "openid email"),
        ("state", "s1"),
        ("code_challenge", CHALLENGE),
        ("code_challenge_method", "S256"),
    ];
    for (name, value) in changes {
        params.retain(|(n, _)| n != name);
        if !value.is_empty() {
            params.push((name, value));
        }
    }
    let query: String = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params)
        .finish();
    let url = format!("{}/oauth2/authorize?{query}", app.address);
    location(&get(app, &url, Some(session)).await)
}

/// A code for the session's user.
pub(crate) async fn code(app: &TestApp, session: &str, client_id: &str) -> String {
    let callback = authorize(app, session, client_id, &[]).await;
    param(&callback, "code").unwrap_or_else(|| panic!("a code: {callback}"))
}

/// POSTs a form to `/oauth2/token`; gives the status and the JSON answer.
pub(crate) async fn token(
    app: &TestApp,
    basic: Option<(&str, &str)>,
    form: &[(&str, &str)],
) -> (StatusCode, serde_json::Value) {
    let mut request = app
        .http
        .post(format!("{}/oauth2/token", app.address))
        .form(form);
    if let Some((id, secret)) = basic {
        request = request.basic_auth(id, Some(secret));
    }
    let response = request.send().await.unwrap();
    (response.status(), response.json().await.unwrap())
}

#[tokio::test]
async fn authorize_errors_go_back_to_the_app_with_the_rfc_code() {
    let app = spawn_app().await;
    let session = session_of(&app, "jane").await;
    let registered = oauth_client(&app, false).await;
    let client_id = registered.client_id().unwrap();
    for (case, changes, expected) in [
        (
            "no PKCE for a public client",
            &[("code_challenge", ""), ("code_challenge_method", "")][..],
            "invalid_request",
        ),
        (
            "PKCE plain",
            &[("code_challenge_method", "plain")],
            "invalid_request",
        ),
        (
            "a scope the client may not have",
            &[("scope", "openid phone")],
            "invalid_scope",
        ),
        (
            "a response type other than code",
            &[("response_type", "token")],
            "unsupported_response_type",
        ),
        (
            "a 3000-character state",
            &[("state", &*"s".repeat(3000))],
            "invalid_request",
        ),
    ] {
        let callback = authorize(&app, &session, client_id, changes).await;
        assert!(callback.starts_with(CALLBACK), "{case}: {callback}");
        assert_eq!(
            param(&callback, "error").as_deref(),
            Some(expected),
            "{case}"
        );
        assert!(param(&callback, "code").is_none(), "{case}");
    }

    // A client that may not use OAuth is told so at its (registered) callback.
    let off = admin(&app)
        .create_user_pool_client()
        .user_pool_id(app.default_pool.pool.id.as_str())
        .client_name("no oauth")
        .callback_urls(CALLBACK)
        .send()
        .await
        .unwrap();
    let callback = authorize(
        &app,
        &session,
        off.user_pool_client().unwrap().client_id().unwrap(),
        &[],
    )
    .await;
    assert_eq!(
        param(&callback, "error").as_deref(),
        Some("unauthorized_client")
    );
}

#[tokio::test]
async fn token_errors_carry_the_rfc_code_and_a_replayed_code_revokes_its_tokens() {
    let app = spawn_app().await;
    let session = session_of(&app, "jane").await;
    let public = oauth_client(&app, false).await;
    let public_id = public.client_id().unwrap();
    let secret_client = oauth_client(&app, true).await;
    let secret_id = secret_client.client_id().unwrap();
    let secret = secret_client.client_secret().unwrap();
    let exchange = |code: String, verifier: &'static str| {
        vec![
            ("grant_type", "authorization_code".to_string()),
            ("client_id", public_id.to_string()),
            ("code", code),
            ("redirect_uri", CALLBACK.to_string()),
            ("code_verifier", verifier.to_string()),
        ]
    };
    let send = |form: Vec<(&'static str, String)>| {
        let app = &app;
        async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            token(app, None, &form).await
        }
    };

    // PKCE: a wrong verifier, then none.
    let (status, answer) = send(exchange(
        code(&app, &session, public_id).await,
        "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXl",
    ))
    .await;
    assert_eq!(
        (status, answer["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_grant"))
    );
    let mut no_verifier = exchange(code(&app, &session, public_id).await, VERIFIER);
    no_verifier.pop();
    let (_, answer) = send(no_verifier).await;
    assert_eq!(answer["error"], "invalid_grant", "no verifier");

    // Another redirect URI than the code's.
    let mut elsewhere = exchange(code(&app, &session, public_id).await, VERIFIER);
    elsewhere[3].1 = "http://localhost:8080/other".into();
    let (_, answer) = send(elsewhere).await;
    assert_eq!(answer["error"], "invalid_grant", "another redirect_uri");

    // A code used twice: the second use fails and revokes what the first gave.
    let reused = code(&app, &session, public_id).await;
    let (status, first) = send(exchange(reused.clone(), VERIFIER)).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    let (_, second) = send(exchange(reused, VERIFIER)).await;
    assert_eq!(second["error"], "invalid_grant", "a replayed code");
    let (_, refresh) = send(vec![
        ("grant_type", "refresh_token".into()),
        ("client_id", public_id.to_string()),
        (
            "refresh_token",
            first["refresh_token"].as_str().unwrap().to_string(),
        ),
    ])
    .await;
    assert_eq!(
        refresh["error"], "invalid_grant",
        "the replay revoked the first tokens"
    );

    // An expired code (5 minutes).
    let late = code(&app, &session, public_id).await;
    app.clock.advance(301);
    let (_, answer) = send(exchange(late, VERIFIER)).await;
    assert_eq!(answer["error"], "invalid_grant", "an expired code");

    // Client authentication: wrong secret, no secret, unknown client — 401 invalid_client.
    let code_for_secret = code(&app, &session, secret_id).await;
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code_for_secret.as_str()),
        ("redirect_uri", CALLBACK),
        ("code_verifier", VERIFIER),
    ];
    for (case, basic, extra) in [
        ("a wrong secret", Some((secret_id, "not-the-secret")), None),
        ("no secret", None, Some(("client_id", secret_id))),
        (
            "an unknown client",
            Some(("nosuchclient000000000000000", secret)),
            None,
        ),
    ] {
        let mut fields: Vec<(&str, &str)> = form.to_vec();
        fields.extend(extra);
        let (status, answer) = token(&app, basic, &fields).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{case}: {answer}");
        assert_eq!(answer["error"], "invalid_client", "{case}");
    }
    // The code is still good for its own client, secret in the body (client_secret_post).
    let mut fields: Vec<(&str, &str)> = form.to_vec();
    fields.extend([("client_id", secret_id), ("client_secret", secret)]);
    let (status, answer) = token(&app, None, &fields).await;
    assert_eq!(status, StatusCode::OK, "client_secret_post: {answer}");

    // A code issued to one client is no good to another.
    let (_, answer) = token(
        &app,
        Some((secret_id, secret)),
        &[
            ("grant_type", "authorization_code"),
            ("code", code(&app, &session, public_id).await.as_str()),
            ("redirect_uri", CALLBACK),
            ("code_verifier", VERIFIER),
        ],
    )
    .await;
    assert_eq!(answer["error"], "invalid_grant", "another client's code");

    // Grants the endpoint does not know, and a parameter given twice.
    let (_, answer) = token(
        &app,
        None,
        &[("grant_type", "password"), ("client_id", public_id)],
    )
    .await;
    assert_eq!(answer["error"], "unsupported_grant_type");
    let (_, answer) = token(
        &app,
        None,
        &[
            ("grant_type", "authorization_code"),
            ("grant_type", "authorization_code"),
            ("client_id", public_id),
        ],
    )
    .await;
    assert_eq!(answer["error"], "invalid_request");
}
