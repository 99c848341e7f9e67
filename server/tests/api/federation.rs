//! Federation between two pools of one Cognate: a "provider" pool is the OpenID Provider of
//! the default pool's identity provider `Corp`. A browser is played with plain requests
//! (no redirect followed), so each hop is checked.

use aws_sdk_cognitoidentityprovider::types::{
    AttributeType, IdentityProviderTypeType, MessageActionType, OAuthFlowType,
};
use reqwest::header::{LOCATION, SET_COOKIE};
use serde_json::Value;

use crate::cognito_admin::admin;
use crate::helpers::{PASSWORD, TestApp, spawn_app};
use crate::hosted::{post_form, query_param as param, redirect_target as location};

const CALLBACK: &str = "http://localhost:9/callback";

/// The provider pool, its client for Cognate, and the default pool's app client.
pub(crate) struct Setup {
    provider_pool: String,
    app_client: String,
    app_secret: String,
}

/// A GET as the browser that started the sign-in sends it: the provider's answer carries
/// the federation cookie that `/oauth2/authorize` set (its value is the sign-in's state).
pub(crate) async fn get(app: &TestApp, url: &str, cookie: Option<&str>) -> reqwest::Response {
    let url = if url.starts_with('/') {
        format!("{}{url}", app.address)
    } else {
        url.to_string()
    };
    let mut cookies: Vec<String> = cookie.map(str::to_string).into_iter().collect();
    if url.contains("/oauth2/idpresponse")
        && let Some(state) = param(&url, "state")
    {
        cookies.push(format!("cognate_federation={state}"));
    }
    let mut request = app.http.get(url);
    if !cookies.is_empty() {
        request = request.header("cookie", cookies.join("; "));
    }
    request.send().await.unwrap()
}

/// The session cookie a response sets.
fn session(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("cognate_session=") && !v.contains("Max-Age=0"))
        .map(|v| v.split(';').next().unwrap().to_string())
}

/// The provider pool's client for Cognate: its id and secret.
async fn provider_client(app: &TestApp, provider_pool: &str) -> (String, String) {
    let clients = admin(app)
        .list_user_pool_clients()
        .user_pool_id(provider_pool)
        .send()
        .await
        .unwrap();
    let id = clients.user_pool_clients()[0]
        .client_id()
        .unwrap()
        .to_string();
    let described = admin(app)
        .describe_user_pool_client()
        .user_pool_id(provider_pool)
        .client_id(&id)
        .send()
        .await
        .unwrap();
    let secret = described
        .user_pool_client()
        .unwrap()
        .client_secret()
        .unwrap()
        .to_string();
    (id, secret)
}

/// A second pool with a user, alice, and an OAuth client for Cognate's `idpresponse`; the
/// default pool's provider `Corp` pointing at it by its issuer (discovery); an app client
/// of the default pool that supports `Corp`.
pub(crate) async fn setup(app: &TestApp) -> Setup {
    let admin = admin(app);
    let provider_pool = admin
        .create_user_pool()
        .pool_name("Provider")
        .send()
        .await
        .unwrap()
        .user_pool()
        .unwrap()
        .id()
        .unwrap()
        .to_string();
    let idp_client = admin
        .create_user_pool_client()
        .user_pool_id(&provider_pool)
        .client_name("cognate")
        .generate_secret(true)
        .allowed_o_auth_flows_user_pool_client(true)
        .allowed_o_auth_flows(OAuthFlowType::Code)
        .allowed_o_auth_scopes("openid")
        .allowed_o_auth_scopes("email")
        .supported_identity_providers("COGNITO")
        .callback_urls(format!("{}/oauth2/idpresponse", app.address))
        .send()
        .await
        .unwrap()
        .user_pool_client()
        .unwrap()
        .clone();
    let attribute = |name: &str, value: &str| {
        AttributeType::builder()
            .name(name)
            .value(value)
            .build()
            .unwrap()
    };
    admin
        .admin_create_user()
        .user_pool_id(&provider_pool)
        .username("alice")
        .user_attributes(attribute("email", "alice@corp.example"))
        .user_attributes(attribute("email_verified", "true"))
        .message_action(MessageActionType::Suppress)
        .send()
        .await
        .unwrap();
    admin
        .admin_set_user_password()
        .user_pool_id(&provider_pool)
        .username("alice")
        .password(PASSWORD)
        .permanent(true)
        .send()
        .await
        .unwrap();

    let pool = app.default_pool.pool.id.to_string();
    admin
        .create_identity_provider()
        .user_pool_id(&pool)
        .provider_name("Corp")
        .provider_type(IdentityProviderTypeType::Oidc)
        .provider_details("client_id", idp_client.client_id().unwrap())
        .provider_details("client_secret", idp_client.client_secret().unwrap())
        .provider_details("authorize_scopes", "openid email")
        .provider_details("oidc_issuer", format!("{}/{provider_pool}", app.address))
        .attribute_mapping("email", "email")
        .idp_identifiers("corp.example")
        .send()
        .await
        .unwrap();
    let app_client = admin
        .create_user_pool_client()
        .user_pool_id(&pool)
        .client_name("federated app")
        .generate_secret(true)
        .allowed_o_auth_flows_user_pool_client(true)
        .allowed_o_auth_flows(OAuthFlowType::Code)
        .allowed_o_auth_scopes("openid")
        .allowed_o_auth_scopes("email")
        .supported_identity_providers("COGNITO")
        .supported_identity_providers("Corp")
        .callback_urls(CALLBACK)
        .send()
        .await
        .unwrap()
        .user_pool_client()
        .unwrap()
        .clone();
    Setup {
        provider_pool,
        app_client: app_client.client_id().unwrap().to_string(),
        app_secret: app_client.client_secret().unwrap().to_string(),
    }
}

/// `/oauth2/authorize` of the app client with `extra` parameters: where it sends the browser.
pub(crate) async fn authorize(app: &TestApp, setup: &Setup, extra: &[(&str, &str)]) -> String {
    let mut params = vec![
        ("response_type", "code"),
        ("client_id", setup.app_client.as_str()),
        ("redirect_uri", CALLBACK),
        ("scope", "openid email"),
        ("state", "app-state"),
        ("nonce", "app-nonce"),
    ];
    params.extend_from_slice(extra);
    let query: String = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params)
        .finish();
    let response = get(app, &format!("/oauth2/authorize?{query}"), None).await;
    let to = location(&response);
    if to.starts_with(&app.address) {
        remembers_the_state(&response, &to);
    }
    to
}

/// A redirect to a provider leaves the browser the cookie that holds its `state`.
fn remembers_the_state(response: &reqwest::Response, to_provider: &str) {
    let state = param(to_provider, "state").expect("a state for the provider");
    let cookie = response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("cognate_federation="))
        .expect("the federation cookie");
    assert!(
        cookie.starts_with(&format!("cognate_federation={state};")),
        "{cookie}"
    );
    assert!(cookie.contains("HttpOnly") && cookie.contains("Path=/oauth2/idpresponse"));
}

/// Signs alice in at the provider pool's hosted page from its authorize URL; the provider's
/// answer to Cognate (the idpresponse URL) and the provider session.
pub(crate) async fn at_the_provider(app: &TestApp, provider_authorize: &str) -> (String, String) {
    let to_login = location(&get(app, provider_authorize, None).await);
    assert!(to_login.starts_with("/login?"), "{to_login}");
    let next = param(&format!("{}{to_login}", app.address), "next").unwrap();
    let client_id = param(&format!("{}{to_login}", app.address), "client_id").unwrap();
    let signed_in = post_form(
        app,
        "/api/sign_in",
        &to_login,
        None,
        &[
            ("client_id", &client_id),
            ("next", &next),
            ("username", "alice"),
            ("password", PASSWORD),
        ],
    )
    .await;
    assert_eq!(location(&signed_in), next);
    let provider_session = session(&signed_in).expect("a session at the provider");
    let answer = location(&get(app, &next, Some(&provider_session)).await);
    (answer, provider_session)
}

/// The app's code exchanged: the ID token's claims.
pub(crate) async fn id_claims(
    app: &TestApp,
    setup: &Setup,
    callback: &str,
) -> serde_json::Map<String, Value> {
    assert!(callback.starts_with(CALLBACK), "{callback}");
    assert_eq!(param(callback, "state").as_deref(), Some("app-state"));
    let code = param(callback, "code").expect("a code for the app");
    let answer: Value = app
        .http
        .post(format!("{}/oauth2/token", app.address))
        .basic_auth(&setup.app_client, Some(&setup.app_secret))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", CALLBACK),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id_token = answer["id_token"].as_str().expect("an ID token");
    let payload = id_token.split('.').nth(1).unwrap();
    use base64::Engine;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

#[tokio::test]
async fn a_user_of_another_pool_signs_in_through_oidc_and_comes_back_as_a_pool_user() {
    let app = spawn_app().await;
    let setup = setup(&app).await;

    // Straight to the provider: its authorize URL from its discovery document.
    let to_provider = authorize(&app, &setup, &[("identity_provider", "Corp")]).await;
    let provider_base = format!("{}/oauth2/authorize?", app.address);
    assert!(to_provider.starts_with(&provider_base), "{to_provider}");
    assert_eq!(
        param(&to_provider, "redirect_uri"),
        Some(format!("{}/oauth2/idpresponse", app.address))
    );
    assert_eq!(
        param(&to_provider, "code_challenge_method").as_deref(),
        Some("S256")
    );
    assert!(param(&to_provider, "nonce").is_some() && param(&to_provider, "state").is_some());

    let (answer, provider_session) = at_the_provider(&app, &to_provider).await;
    assert!(
        answer.starts_with(&format!("{}/oauth2/idpresponse?", app.address)),
        "{answer}"
    );
    // Another browser (one without the sign-in's cookie) cannot finish it: login CSRF.
    let elsewhere = app.http.get(&answer).send().await.unwrap();
    assert!(elsewhere.headers().get(LOCATION).is_none());
    assert!(
        elsewhere
            .text()
            .await
            .unwrap()
            .contains("not started in this browser")
    );
    // The browser that started it still can.
    let back = get(&app, &answer, None).await;
    assert!(session(&back).is_some(), "a hosted session at Cognate too");
    let claims = id_claims(&app, &setup, &location(&back)).await;
    let username = claims["cognito:username"].as_str().unwrap().to_string();
    assert!(username.starts_with("Corp_"), "{username}");
    assert_eq!(claims["email"], "alice@corp.example");
    let groups = claims["cognito:groups"].as_array().unwrap();
    assert!(
        groups
            .iter()
            .any(|g| g == &format!("{}_Corp", app.default_pool.pool.id)),
        "{groups:?}"
    );
    let identities = claims["identities"].as_array().expect("identities");
    assert_eq!(identities[0]["providerName"], "Corp");
    assert_eq!(identities[0]["providerType"], "OIDC");
    assert_eq!(identities[0]["primary"], "true");

    // The provider's answer cannot be used twice.
    let replayed = get(&app, &answer, None).await;
    assert!(replayed.headers().get(LOCATION).is_none());
    assert!(
        replayed
            .text()
            .await
            .unwrap()
            .contains("expired or was already used"),
        "a replayed answer is refused"
    );

    // A second sign-in (by identifier this time) reuses the user.
    let to_provider = authorize(&app, &setup, &[("idp_identifier", "corp.example")]).await;
    let answer = location(&get(&app, &to_provider, Some(&provider_session)).await);
    let back = get(&app, &answer, None).await;
    let again = id_claims(&app, &setup, &location(&back)).await;
    assert_eq!(again["cognito:username"], username.as_str());
    assert_eq!(again["sub"], claims["sub"]);

    // Such a user has no password to sign in with.
    let user = admin(&app)
        .admin_get_user()
        .user_pool_id(app.default_pool.pool.id.as_str())
        .username(&username)
        .send()
        .await
        .unwrap();
    assert_eq!(
        user.user_status().map(|s| s.as_str()),
        Some("EXTERNAL_PROVIDER")
    );
    assert!(app.sign_in(&username, PASSWORD).await.is_err());
    // Nor a password to reset: no code goes to the provider's email.
    let _ = app
        .pool
        .forgot_password(
            &setup.app_client,
            server::pool::secrets::ClientProof::Trusted,
            &username,
        )
        .await;
    assert!(app.emails_to("alice@corp.example").is_empty());
    let _ = setup.provider_pool;
}

#[tokio::test]
async fn the_sign_in_page_offers_each_provider_the_app_supports() {
    let app = spawn_app().await;
    let setup = setup(&app).await;
    // Without identity_provider: the hosted sign-in page, with a button for Corp.
    let to_login = authorize(&app, &setup, &[]).await;
    assert!(to_login.starts_with("/login?"), "{to_login}");
    let page = get(&app, &to_login, None).await.text().await.unwrap();
    let start = page
        .find("/oauth2/federate?")
        .expect("a Continue with Corp button");
    let href = page[start..page[start..].find('"').unwrap() + start].replace("&amp;", "&");
    assert!(page.contains("Continue with Corp"), "{page}");
    let federate = get(&app, &href, None).await;
    let to_provider = location(&federate);
    remembers_the_state(&federate, &to_provider);
    assert!(
        to_provider.starts_with(&format!("{}/oauth2/authorize?", app.address)),
        "{to_provider}"
    );
    let (answer, _) = at_the_provider(&app, &to_provider).await;
    let back = get(&app, &answer, None).await;
    let claims = id_claims(&app, &setup, &location(&back)).await;
    assert!(
        claims["cognito:username"]
            .as_str()
            .unwrap()
            .starts_with("Corp_")
    );

    // Without the app's request, a client with a secret gets no tokens in the browser.
    let direct = get(
        &app,
        &format!(
            "/oauth2/federate?client_id={}&provider=Corp",
            setup.app_client
        ),
        None,
    )
    .await;
    assert!(direct.headers().get(LOCATION).is_none());
    assert!(direct.status().is_client_error(), "{}", direct.status());

    // The default client supports only COGNITO: no button.
    let page = get(&app, "/login", None).await.text().await.unwrap();
    assert!(!page.contains("/oauth2/federate?"));
}

#[tokio::test]
async fn refusals_and_failures_come_back_to_the_app_never_as_a_server_error() {
    let app = spawn_app().await;
    let setup = setup(&app).await;

    // A provider the client does not support.
    let refused = authorize(&app, &setup, &[("identity_provider", "Nobody")]).await;
    assert!(refused.starts_with(CALLBACK), "{refused}");
    assert_eq!(param(&refused, "error").as_deref(), Some("invalid_request"));

    // The provider refuses: access_denied at the app, with its state.
    let to_provider = authorize(&app, &setup, &[("identity_provider", "Corp")]).await;
    let state = param(&to_provider, "state").unwrap();
    let denied = location(
        &get(
            &app,
            &format!("/oauth2/idpresponse?error=access_denied&state={state}"),
            None,
        )
        .await,
    );
    assert!(denied.starts_with(CALLBACK), "{denied}");
    assert_eq!(param(&denied, "error").as_deref(), Some("access_denied"));
    assert_eq!(param(&denied, "state").as_deref(), Some("app-state"));

    // The same answer as a form post (Sign in with Apple's response_mode=form_post).
    let to_provider = authorize(&app, &setup, &[("identity_provider", "Corp")]).await;
    let state = param(&to_provider, "state").unwrap();
    let posted = app
        .http
        .post(format!("{}/oauth2/idpresponse", app.address))
        .header("cookie", format!("cognate_federation={state}"))
        .form(&[("error", "access_denied"), ("state", state.as_str())])
        .send()
        .await
        .unwrap();
    let denied = location(&posted);
    assert_eq!(param(&denied, "error").as_deref(), Some("access_denied"));

    // An unknown state, or none: a page, no redirect.
    for url in [
        "/oauth2/idpresponse?code=x&state=forged",
        "/oauth2/idpresponse?code=x",
    ] {
        let page = get(&app, url, None).await;
        assert!(page.status().is_client_error(), "{url}: {}", page.status());
        assert!(page.headers().get(LOCATION).is_none());
    }

    // A provider whose keys are not the ones that signed: its answer is not trusted.
    let pool = app.default_pool.pool.id.to_string();
    admin(&app)
        .update_identity_provider()
        .user_pool_id(&pool)
        .provider_name("Corp")
        .provider_details(
            "jwks_uri",
            format!("{}/{pool}/.well-known/jwks.json", app.address),
        )
        .send()
        .await
        .unwrap();
    let to_provider = authorize(&app, &setup, &[("identity_provider", "Corp")]).await;
    let (answer, _) = at_the_provider(&app, &to_provider).await;
    let untrusted = location(&get(&app, &answer, None).await);
    assert_eq!(
        param(&untrusted, "error").as_deref(),
        Some("access_denied"),
        "{untrusted}"
    );

    // A provider that cannot be reached.
    admin(&app)
        .update_identity_provider()
        .user_pool_id(&pool)
        .provider_name("Corp")
        .provider_details("oidc_issuer", "http://127.0.0.1:9/down")
        .provider_details("jwks_uri", "http://127.0.0.1:9/down/jwks")
        .send()
        .await
        .unwrap();
    let down = authorize(&app, &setup, &[("identity_provider", "Corp")]).await;
    assert!(down.starts_with(CALLBACK), "{down}");
    assert_eq!(
        param(&down, "error").as_deref(),
        Some("temporarily_unavailable")
    );
}

#[tokio::test]
async fn the_google_preset_signs_in_with_its_endpoints_overridden_to_a_local_provider() {
    let app = spawn_app().await;
    let mut setup = setup(&app).await;
    let (client_id, client_secret) = provider_client(&app, &setup.provider_pool).await;
    let pool = app.default_pool.pool.id.to_string();
    let base = &app.address;
    let issuer = format!("{base}/{}", setup.provider_pool);
    admin(&app)
        .create_identity_provider()
        .user_pool_id(&pool)
        .provider_name("Google")
        .provider_type(IdentityProviderTypeType::Google)
        .provider_details("client_id", client_id)
        .provider_details("client_secret", client_secret)
        .provider_details("authorize_scopes", "openid email")
        .provider_details("oidc_issuer", &issuer)
        .provider_details("authorize_url", format!("{base}/oauth2/authorize"))
        .provider_details("token_url", format!("{base}/oauth2/token"))
        .provider_details("attributes_url", format!("{base}/oauth2/userInfo"))
        .provider_details("jwks_uri", format!("{issuer}/.well-known/jwks.json"))
        .attribute_mapping("email", "email")
        .send()
        .await
        .unwrap();
    let client = admin(&app)
        .create_user_pool_client()
        .user_pool_id(&pool)
        .client_name("google app")
        .generate_secret(true)
        .allowed_o_auth_flows_user_pool_client(true)
        .allowed_o_auth_flows(OAuthFlowType::Code)
        .allowed_o_auth_scopes("openid")
        .allowed_o_auth_scopes("email")
        .supported_identity_providers("Google")
        .callback_urls(CALLBACK)
        .send()
        .await
        .unwrap()
        .user_pool_client()
        .unwrap()
        .clone();
    setup.app_client = client.client_id().unwrap().to_string();
    setup.app_secret = client.client_secret().unwrap().to_string();

    let to_provider = authorize(&app, &setup, &[("identity_provider", "Google")]).await;
    assert!(
        to_provider.starts_with(&format!("{base}/oauth2/authorize?")),
        "{to_provider}"
    );
    let (answer, _) = at_the_provider(&app, &to_provider).await;
    let back = get(&app, &answer, None).await;
    let claims = id_claims(&app, &setup, &location(&back)).await;
    assert!(
        claims["cognito:username"]
            .as_str()
            .unwrap()
            .starts_with("Google_")
    );
    assert_eq!(claims["email"], "alice@corp.example");
    assert_eq!(claims["identities"][0]["providerType"], "Google");
}

#[tokio::test]
async fn an_administrator_links_a_provider_user_to_an_existing_user_and_cuts_it_off() {
    use aws_sdk_cognitoidentityprovider::types::ProviderUserIdentifierType;
    let app = spawn_app().await;
    let setup = setup(&app).await;
    app.confirmed_user("jane").await;
    let alice = admin(&app)
        .admin_get_user()
        .user_pool_id(&setup.provider_pool)
        .username("alice")
        .send()
        .await
        .unwrap();
    let alice_sub = alice
        .user_attributes()
        .iter()
        .find(|a| a.name() == "sub")
        .and_then(|a| a.value())
        .unwrap()
        .to_string();
    let pool = app.default_pool.pool.id.to_string();
    let corp_user = || {
        ProviderUserIdentifierType::builder()
            .provider_name("Corp")
            .provider_attribute_name("Cognito_Subject")
            .provider_attribute_value(&alice_sub)
            .build()
    };
    admin(&app)
        .admin_link_provider_for_user()
        .user_pool_id(&pool)
        .destination_user(
            ProviderUserIdentifierType::builder()
                .provider_name("Cognito")
                .provider_attribute_value("jane")
                .build(),
        )
        .source_user(corp_user())
        .send()
        .await
        .unwrap();

    // Alice at Corp now signs in as jane.
    let to_provider = authorize(&app, &setup, &[("identity_provider", "Corp")]).await;
    let (answer, provider_session) = at_the_provider(&app, &to_provider).await;
    let back = get(&app, &answer, None).await;
    let claims = id_claims(&app, &setup, &location(&back)).await;
    assert_eq!(claims["cognito:username"], "jane");
    assert_eq!(claims["identities"][0]["userId"], alice_sub.as_str());
    // Jane keeps her password.
    assert!(app.sign_in("jane", PASSWORD).await.is_ok());

    // Cut off: alice's next sign-in through Corp is no longer jane.
    admin(&app)
        .admin_disable_provider_for_user()
        .user_pool_id(&pool)
        .user(corp_user())
        .send()
        .await
        .unwrap();
    let to_provider = authorize(&app, &setup, &[("identity_provider", "Corp")]).await;
    let answer = location(&get(&app, &to_provider, Some(&provider_session)).await);
    let back = get(&app, &answer, None).await;
    let claims = id_claims(&app, &setup, &location(&back)).await;
    assert_ne!(claims["cognito:username"], "jane");
    let again = admin(&app)
        .admin_disable_provider_for_user()
        .user_pool_id(&pool)
        .user(
            ProviderUserIdentifierType::builder()
                .provider_name("Corp")
                .provider_attribute_value("nobody")
                .build(),
        )
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        crate::cognito_admin::code(&again),
        "ResourceNotFoundException"
    );
}

#[tokio::test]
async fn the_facebook_preset_signs_in_over_oauth_2_with_the_attributes_url() {
    let app = spawn_app().await;
    let mut setup = setup(&app).await;
    let (client_id, client_secret) = provider_client(&app, &setup.provider_pool).await;
    let pool = app.default_pool.pool.id.to_string();
    let base = &app.address;
    // OAuth 2.0 without an ID token: the user is read from the attributes URL.
    admin(&app)
        .create_identity_provider()
        .user_pool_id(&pool)
        .provider_name("Facebook")
        .provider_type(IdentityProviderTypeType::Facebook)
        .provider_details("client_id", client_id)
        .provider_details("client_secret", client_secret)
        .provider_details("authorize_scopes", "openid email")
        .provider_details("authorize_url", format!("{base}/oauth2/authorize"))
        .provider_details("token_url", format!("{base}/oauth2/token"))
        .provider_details("attributes_url", format!("{base}/oauth2/userInfo"))
        .attribute_mapping("username", "sub")
        .attribute_mapping("email", "email")
        .send()
        .await
        .unwrap();
    let client = admin(&app)
        .create_user_pool_client()
        .user_pool_id(&pool)
        .client_name("facebook app")
        .generate_secret(true)
        .allowed_o_auth_flows_user_pool_client(true)
        .allowed_o_auth_flows(OAuthFlowType::Code)
        .allowed_o_auth_scopes("openid")
        .allowed_o_auth_scopes("email")
        .supported_identity_providers("Facebook")
        .callback_urls(CALLBACK)
        .send()
        .await
        .unwrap()
        .user_pool_client()
        .unwrap()
        .clone();
    setup.app_client = client.client_id().unwrap().to_string();
    setup.app_secret = client.client_secret().unwrap().to_string();

    let to_provider = authorize(&app, &setup, &[("identity_provider", "Facebook")]).await;
    assert_eq!(param(&to_provider, "nonce"), None, "no nonce for OAuth 2.0");
    let (answer, _) = at_the_provider(&app, &to_provider).await;
    let back = get(&app, &answer, None).await;
    let claims = id_claims(&app, &setup, &location(&back)).await;
    assert!(
        claims["cognito:username"]
            .as_str()
            .unwrap()
            .starts_with("Facebook_")
    );
    assert_eq!(claims["email"], "alice@corp.example");
    assert_eq!(claims["identities"][0]["providerType"], "Facebook");
}
