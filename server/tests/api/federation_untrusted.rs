//! A provider that does not play fair: a small OpenID Provider written here, which signs
//! ID tokens with whatever audience, nonce, key or expiry the test asks for. Run honestly it
//! signs a user in (so its refusals below mean something); each way of cheating is refused
//! and reaches the app as `access_denied`, never a server error or a sign-in.

use std::sync::{Arc, Mutex};

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::{KeyPair, KeySize};
use aws_lc_rs::signature::{KeyPair as _, RSA_PKCS1_SHA256};
use aws_sdk_cognitoidentityprovider::types::{IdentityProviderTypeType, OAuthFlowType};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use std::collections::HashMap;

use crate::cognito_admin::admin;
use crate::helpers::{TEST_NOW, TestApp, spawn_app};
use crate::hosted::redirect_target;

const CALLBACK: &str = "http://localhost:9/callback";

/// How the provider cheats on its next ID token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cheat {
    None,
    Audience,
    Nonce,
    Signature,
    Expired,
}

struct Provider {
    base: String,
    key: KeyPair,
    /// Another key, published nowhere, for forged signatures.
    stranger: KeyPair,
    cheat: Mutex<Cheat>,
    /// The nonce Cognate sent with the last authorization request.
    nonce: Mutex<String>,
}

fn jwk(key: &KeyPair) -> Value {
    let public = key.public_key();
    json!({
        "kty": "RSA", "alg": "RS256", "use": "sig", "kid": "k1",
        "n": URL_SAFE_NO_PAD.encode(public.modulus().big_endian_without_leading_zero()),
        "e": URL_SAFE_NO_PAD.encode(public.exponent().big_endian_without_leading_zero()),
    })
}

fn sign(key: &KeyPair, claims: &Value) -> String {
    let header = URL_SAFE_NO_PAD.encode(json!({"alg": "RS256", "kid": "k1"}).to_string());
    let payload = URL_SAFE_NO_PAD.encode(claims.to_string());
    let input = format!("{header}.{payload}");
    let mut signature = vec![0; key.public_modulus_len()];
    key.sign(
        &RSA_PKCS1_SHA256,
        &SystemRandom::new(),
        input.as_bytes(),
        &mut signature,
    )
    .unwrap();
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature))
}

async fn discovery(State(p): State<Arc<Provider>>) -> Json<Value> {
    Json(json!({
        "issuer": p.base,
        "authorization_endpoint": format!("{}/authorize", p.base),
        "token_endpoint": format!("{}/token", p.base),
        "jwks_uri": format!("{}/jwks", p.base),
    }))
}

async fn jwks(State(p): State<Arc<Provider>>) -> Json<Value> {
    Json(json!({ "keys": [jwk(&p.key)] }))
}

/// Signs "mallory" in at once: back to Cognate with a code and Cognate's state.
async fn authorize(
    State(p): State<Arc<Provider>>,
    Query(query): Query<HashMap<String, String>>,
) -> impl IntoResponse {
    *p.nonce.lock().unwrap() = query.get("nonce").cloned().unwrap_or_default();
    Redirect::to(&format!(
        "{}?code=provider-code&state={}",
        query["redirect_uri"], query["state"]
    ))
}

async fn token(State(p): State<Arc<Provider>>) -> Json<Value> {
    let cheat = *p.cheat.lock().unwrap();
    let nonce = p.nonce.lock().unwrap().clone();
    let claims = json!({
        "iss": p.base,
        "sub": "mallory",
        "aud": if cheat == Cheat::Audience { "another-client" } else { "cognate" },
        "nonce": if cheat == Cheat::Nonce { "another-nonce".to_string() } else { nonce },
        "exp": if cheat == Cheat::Expired { TEST_NOW.0 - 3600 } else { TEST_NOW.0 + 600 },
        "iat": TEST_NOW.0,
        "email": "mallory@evil.example",
    });
    let key = if cheat == Cheat::Signature {
        &p.stranger
    } else {
        &p.key
    };
    Json(json!({
        "access_token": "opaque",
        "token_type": "Bearer",
        "id_token": sign(key, &claims),
    }))
}

/// The provider, listening on loopback, and an app client of the default pool that
/// signs in through it ("Evil").
async fn setup(app: &TestApp) -> (Arc<Provider>, String, String) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
    let provider = Arc::new(Provider {
        base: base.clone(),
        key: KeyPair::generate(KeySize::Rsa2048).unwrap(),
        stranger: KeyPair::generate(KeySize::Rsa2048).unwrap(),
        cheat: Mutex::new(Cheat::None),
        nonce: Mutex::new(String::new()),
    });
    let router = Router::new()
        .route("/.well-known/openid-configuration", get(discovery))
        .route("/jwks", get(jwks))
        .route("/authorize", get(authorize))
        .route("/token", post(token))
        .with_state(provider.clone());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });

    let pool = app.default_pool.pool.id.to_string();
    admin(app)
        .create_identity_provider()
        .user_pool_id(&pool)
        .provider_name("Evil")
        .provider_type(IdentityProviderTypeType::Oidc)
        .provider_details("client_id", "cognate")
        .provider_details("client_secret", "secret")
        .provider_details("authorize_scopes", "openid email")
        .provider_details("oidc_issuer", &base)
        .attribute_mapping("email", "email")
        .send()
        .await
        .unwrap();
    let client = admin(app)
        .create_user_pool_client()
        .user_pool_id(&pool)
        .client_name("app")
        .generate_secret(true)
        .allowed_o_auth_flows_user_pool_client(true)
        .allowed_o_auth_flows(OAuthFlowType::Code)
        .allowed_o_auth_scopes("openid")
        .supported_identity_providers("Evil")
        .callback_urls(CALLBACK)
        .send()
        .await
        .unwrap()
        .user_pool_client()
        .unwrap()
        .clone();
    (
        provider,
        client.client_id().unwrap().to_string(),
        client.client_secret().unwrap().to_string(),
    )
}

/// A whole sign-in through the provider: where the app is sent back to.
async fn sign_in(app: &TestApp, client_id: &str) -> String {
    let follow = |response: reqwest::Response| redirect_target(&response);
    let query: String = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("response_type", "code"),
            ("client_id", client_id),
            ("redirect_uri", CALLBACK),
            ("scope", "openid"),
            ("state", "app-state"),
            ("identity_provider", "Evil"),
        ])
        .finish();
    let authorize = format!("{}/oauth2/authorize?{query}", app.address);
    let to_provider = follow(app.http.get(authorize).send().await.unwrap());
    let to_cognate = follow(app.http.get(to_provider).send().await.unwrap());
    let state = url::Url::parse(&to_cognate)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "state")
        .map(|(_, v)| v.into_owned())
        .unwrap();
    // As the browser that started the sign-in: with its federation cookie.
    let back = app
        .http
        .get(to_cognate)
        .header("cookie", format!("cognate_federation={state}"))
        .send()
        .await
        .unwrap();
    assert!(
        !back.status().is_server_error(),
        "never a server error: {}",
        back.status()
    );
    follow(back)
}

/// The callback's query parameter `name`.
fn param_of(callback: &str, name: &str) -> Option<String> {
    url::Url::parse(callback)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

fn error_of(callback: &str) -> Option<String> {
    param_of(callback, "error")
}

#[tokio::test]
async fn a_provider_s_wrong_audience_nonce_signature_or_expiry_is_refused() {
    let app = spawn_app().await;
    let (provider, client_id, _secret) = setup(&app).await;

    // Played fair, the provider signs mallory in: a code for the app.
    let fair = sign_in(&app, &client_id).await;
    assert!(fair.starts_with(CALLBACK), "{fair}");
    assert_eq!(error_of(&fair), None, "{fair}");
    assert!(fair.contains("code="), "{fair}");

    for cheat in [
        Cheat::Audience,
        Cheat::Nonce,
        Cheat::Signature,
        Cheat::Expired,
    ] {
        *provider.cheat.lock().unwrap() = cheat;
        let refused = sign_in(&app, &client_id).await;
        assert!(refused.starts_with(CALLBACK), "{cheat:?}: {refused}");
        assert_eq!(
            error_of(&refused).as_deref(),
            Some("access_denied"),
            "{cheat:?}: {refused}"
        );
        assert!(!refused.contains("code="), "{cheat:?}: no code: {refused}");
    }
}

#[tokio::test]
async fn a_disabled_federated_user_is_refused_in_words_the_app_can_show() {
    let app = spawn_app().await;
    let (_provider, client_id, _secret) = setup(&app).await;
    let fair = sign_in(&app, &client_id).await;
    assert!(fair.contains("code="), "{fair}");
    admin(&app)
        .admin_disable_user()
        .user_pool_id(app.default_pool.pool.id.to_string())
        .username("Evil_mallory")
        .send()
        .await
        .unwrap();

    let refused = sign_in(&app, &client_id).await;
    assert!(refused.starts_with(CALLBACK), "{refused}");
    assert_eq!(error_of(&refused).as_deref(), Some("access_denied"));
    assert_eq!(
        param_of(&refused, "error_description").as_deref(),
        Some("User is disabled."),
        "{refused}"
    );
    assert!(!refused.contains("code="), "no code: {refused}");
}
