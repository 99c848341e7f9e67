//! Tokens: their claims and lifetimes, JWKS verification, refresh, revocation, sign-out,
//! and the demo API that trusts only a valid, unrevoked access token.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use reqwest::StatusCode;
use serde_json::{Value, json};
use server::pool::PoolError;
use server::pool::secrets::ClientProof;

use crate::helpers::{PASSWORD, TEST_NOW, TestApp, cognito_words, spawn_app};

/// Verifies `token` as a relying party would: the pool's JWKS fetched over HTTP, RS256.
async fn verify(app: &TestApp, token: &str) -> Value {
    let issuer = format!("{}/{}", app.address, app.default_pool.pool.id);
    let jwks: JwkSet = app
        .get(&format!(
            "/{}/.well-known/jwks.json",
            app.default_pool.pool.id
        ))
        .await
        .json()
        .await
        .unwrap();
    let header = jsonwebtoken::decode_header(token).unwrap();
    assert_eq!(header.alg, Algorithm::RS256);
    let kid = header.kid.expect("a kid in the header");
    let jwk = jwks.find(&kid).expect("the kid is published");
    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_issuer(&[issuer]);
    validation.validate_aud = false;
    // The server's clock is fixed in the past: check `exp` by hand below.
    validation.validate_exp = false;
    validation.required_spec_claims.clear();
    jsonwebtoken::decode::<Value>(token, &DecodingKey::from_jwk(jwk).unwrap(), &validation)
        .unwrap()
        .claims
}

fn unverified_claims(token: &str) -> Value {
    let payload = token.split('.').nth(1).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

async fn notes(app: &TestApp, token: &str) -> reqwest::Response {
    app.http
        .get(format!("{}/api/demo/notes", app.address))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

async fn add_note(app: &TestApp, token: &str, body: &str) -> reqwest::Response {
    app.http
        .post(format!("{}/api/demo/notes", app.address))
        .bearer_auth(token)
        .json(&json!({ "body": body }))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn id_and_access_tokens_carry_cognitos_claims_and_verify_against_the_jwks() {
    let app = spawn_app().await;
    app.confirmed_user("Jane").await;
    let signed_in = app.sign_in("jane", PASSWORD).await.unwrap();
    let sub = signed_in.user.sub.to_string();
    let client_id = app.client_id().to_string();
    let issuer = format!("{}/{}", app.address, app.default_pool.pool.id);
    let now = TEST_NOW.0;

    let id = verify(&app, &signed_in.tokens.id_token).await;
    assert_eq!(id["sub"], sub);
    assert_eq!(id["aud"], client_id);
    assert_eq!(id["iss"], issuer);
    assert_eq!(id["token_use"], "id");
    assert_eq!(id["auth_time"], now);
    assert_eq!(id["iat"], now);
    assert_eq!(id["exp"], now + 3600);
    assert_eq!(id["cognito:username"], "Jane");
    assert_eq!(id["email"], "jane@example.com");
    assert_eq!(id["email_verified"], true);
    assert_eq!(id["origin_jti"], signed_in.family_id);
    assert!(id["jti"].as_str().is_some_and(|jti| !jti.is_empty()));
    assert!(id.get("cognito:groups").is_none(), "no groups yet: {id}");
    assert!(id.get("nonce").is_none());

    let access = verify(&app, &signed_in.tokens.access_token).await;
    assert_eq!(access["sub"], sub);
    assert!(access.get("aud").is_none(), "{access}");
    assert_eq!(access["client_id"], client_id);
    assert_eq!(access["iss"], issuer);
    assert_eq!(access["token_use"], "access");
    assert_eq!(access["scope"], "aws.cognito.signin.user.admin");
    assert_eq!(access["auth_time"], now);
    assert_eq!(access["iat"], now);
    assert_eq!(access["exp"], now + 3600);
    assert_eq!(access["username"], "Jane");
    assert_eq!(access["origin_jti"], signed_in.family_id);
    assert_ne!(access["jti"], id["jti"]);
    assert_eq!(signed_in.tokens.expires_in, 3600);

    // The refresh token is opaque and lives 30 days.
    assert_eq!(signed_in.refresh_token.split('.').count(), 1);
    app.clock.advance(30 * 24 * 3600 - 1);
    app.pool
        .refresh(&client_id, &signed_in.refresh_token, ClientProof::Trusted)
        .await
        .unwrap();
    app.clock.advance(1);
    let error = app
        .pool
        .refresh(&client_id, &signed_in.refresh_token, ClientProof::Trusted)
        .await
        .unwrap_err();
    assert_eq!(cognito_words(error), "Refresh Token has expired");
}

#[tokio::test]
async fn the_jwks_publishes_only_public_rsa_keys_and_unknown_pools_get_404() {
    let app = spawn_app().await;
    let response = app
        .get(&format!(
            "/{}/.well-known/jwks.json",
            app.default_pool.pool.id
        ))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let jwks: Value = response.json().await.unwrap();
    let keys = jwks["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 1);
    let key = keys[0].as_object().unwrap();
    let mut names: Vec<&str> = key.keys().map(String::as_str).collect();
    names.sort_unstable();
    assert_eq!(names, ["alg", "e", "kid", "kty", "n", "use"]);
    assert_eq!(key["alg"], "RS256");
    assert_eq!(key["kty"], "RSA");
    assert_eq!(key["use"], "sig");
    assert_eq!(key["e"], "AQAB");
    // 2048-bit modulus: 256 bytes, 342 base64url characters.
    assert_eq!(key["n"].as_str().unwrap().len(), 342);

    let response = app.get("/local_NoSuchPool/.well-known/jwks.json").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], "not_found");
}

#[tokio::test]
async fn the_signing_key_survives_a_restart() {
    let app = spawn_app().await;
    app.confirmed_user("jane").await;
    let token = app
        .sign_in("jane", PASSWORD)
        .await
        .unwrap()
        .tokens
        .access_token;
    let app = crate::helpers::spawn_app_in(app.stop().await).await;
    // Same key, same issuer path: the old token is still good on the restarted server,
    // apart from its issuer's port, which only a configured public URL keeps.
    let kid = jsonwebtoken::decode_header(&token).unwrap().kid.unwrap();
    let jwks: JwkSet = app
        .get(&format!(
            "/{}/.well-known/jwks.json",
            app.default_pool.pool.id
        ))
        .await
        .json()
        .await
        .unwrap();
    assert!(jwks.find(&kid).is_some());
}

#[tokio::test]
async fn refreshing_keeps_auth_time_and_origin_jti_and_gives_fresh_tokens() {
    let app = spawn_app().await;
    app.confirmed_user("jane").await;
    let signed_in = app.sign_in("jane", PASSWORD).await.unwrap();
    app.clock.advance(600);
    let refreshed = app
        .pool
        .refresh(
            app.client_id(),
            &signed_in.refresh_token,
            ClientProof::Trusted,
        )
        .await
        .unwrap();
    let before = unverified_claims(&signed_in.tokens.id_token);
    let id = verify(&app, &refreshed.id_token).await;
    let access = verify(&app, &refreshed.access_token).await;
    for claims in [&id, &access] {
        assert_eq!(claims["auth_time"], TEST_NOW.0);
        assert_eq!(claims["iat"], TEST_NOW.0 + 600);
        assert_eq!(claims["exp"], TEST_NOW.0 + 600 + 3600);
        assert_eq!(claims["origin_jti"], signed_in.family_id);
    }
    assert_ne!(id["jti"], before["jti"]);
    assert_eq!(
        notes(&app, &refreshed.access_token).await.status(),
        StatusCode::OK
    );

    // A refresh token is bound to its client and is not a bearer token elsewhere.
    let error = app
        .pool
        .refresh(app.client_id(), "not-a-refresh-token", ClientProof::Trusted)
        .await
        .unwrap_err();
    assert_eq!(cognito_words(error), "Invalid Refresh Token");
}

#[tokio::test]
async fn a_revoked_refresh_token_ends_its_family_and_only_its_family() {
    let app = spawn_app().await;
    app.confirmed_user("jane").await;
    let first = app.sign_in("jane", PASSWORD).await.unwrap();
    let second = app.sign_in("jane", PASSWORD).await.unwrap();
    let refreshed = app
        .pool
        .refresh(app.client_id(), &first.refresh_token, ClientProof::Trusted)
        .await
        .unwrap();

    app.pool
        .revoke_refresh_token(app.client_id(), &first.refresh_token, ClientProof::Trusted)
        .await
        .unwrap();
    let error = app
        .pool
        .refresh(app.client_id(), &first.refresh_token, ClientProof::Trusted)
        .await
        .unwrap_err();
    assert_eq!(cognito_words(error), "Refresh Token has been revoked");
    // Every access token of the family is refused, though its signature still verifies.
    for token in [&first.tokens.access_token, &refreshed.access_token] {
        verify(&app, token).await;
        let response = notes(&app, token).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        let error = app.pool.authenticate(token).await.unwrap_err();
        assert_eq!(cognito_words(error), "Access Token has been revoked");
    }
    // The other sign-in goes on.
    assert_eq!(
        notes(&app, &second.tokens.access_token).await.status(),
        StatusCode::OK
    );
    app.pool
        .refresh(app.client_id(), &second.refresh_token, ClientProof::Trusted)
        .await
        .unwrap();
    // Revoking an unknown token is not an error (RFC 7009 §2.2).
    app.pool
        .revoke_refresh_token(app.client_id(), "unknown", ClientProof::Trusted)
        .await
        .unwrap();
}

#[tokio::test]
async fn global_sign_out_revokes_every_sign_in_of_the_user_only() {
    let app = spawn_app().await;
    app.confirmed_user("jane").await;
    app.confirmed_user("joe").await;
    let first = app.sign_in("jane", PASSWORD).await.unwrap();
    let second = app.sign_in("jane@example.com", PASSWORD).await.unwrap();
    let joe = app.sign_in("joe", PASSWORD).await.unwrap();

    app.pool
        .global_sign_out(&first.tokens.access_token)
        .await
        .unwrap();
    for signed_in in [&first, &second] {
        assert_eq!(
            notes(&app, &signed_in.tokens.access_token).await.status(),
            StatusCode::UNAUTHORIZED
        );
        let error = app
            .pool
            .refresh(
                app.client_id(),
                &signed_in.refresh_token,
                ClientProof::Trusted,
            )
            .await
            .unwrap_err();
        assert!(matches!(error, PoolError::NotAuthorized(_)));
    }
    assert_eq!(
        notes(&app, &joe.tokens.access_token).await.status(),
        StatusCode::OK
    );
    // Signing in again starts afresh.
    let again = app.sign_in("jane", PASSWORD).await.unwrap();
    assert_eq!(
        notes(&app, &again.tokens.access_token).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_password_reset_revokes_every_sign_in() {
    let app = spawn_app().await;
    app.confirmed_user("jane").await;
    let signed_in = app.sign_in("jane", PASSWORD).await.unwrap();
    app.pool
        .forgot_password(app.client_id(), ClientProof::Trusted, "jane")
        .await
        .unwrap();
    let code = app.last_code_for("jane@example.com");
    app.pool
        .confirm_forgot_password(
            app.client_id(),
            ClientProof::Trusted,
            "jane",
            &code,
            "New-Password-2",
        )
        .await
        .unwrap();
    assert_eq!(
        notes(&app, &signed_in.tokens.access_token).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let error = app
        .pool
        .refresh(
            app.client_id(),
            &signed_in.refresh_token,
            ClientProof::Trusted,
        )
        .await
        .unwrap_err();
    assert_eq!(cognito_words(error), "Refresh Token has been revoked");
}

#[tokio::test]
async fn the_notes_api_serves_each_user_only_their_own_notes() {
    let app = spawn_app().await;
    app.confirmed_user("jane").await;
    app.confirmed_user("joe").await;
    let jane = app
        .sign_in("jane", PASSWORD)
        .await
        .unwrap()
        .tokens
        .access_token;
    let joe = app
        .sign_in("joe", PASSWORD)
        .await
        .unwrap()
        .tokens
        .access_token;

    let response = add_note(&app, &jane, "  Jane's first note ").await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let note: Value = response.json().await.unwrap();
    assert_eq!(note["body"], "Jane's first note");
    assert_eq!(
        add_note(&app, &jane, "Jane's second").await.status(),
        StatusCode::CREATED
    );
    assert_eq!(
        add_note(&app, &joe, "Joe's note").await.status(),
        StatusCode::CREATED
    );

    let response = notes(&app, &jane).await;
    assert_eq!(response.headers()["cache-control"], "no-store");
    let body: Value = response.json().await.unwrap();
    let bodies: Vec<&str> = body["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["body"].as_str().unwrap())
        .collect();
    assert_eq!(bodies, ["Jane's second", "Jane's first note"]);
    let body: Value = notes(&app, &joe).await.json().await.unwrap();
    assert_eq!(body["notes"].as_array().unwrap().len(), 1);
    assert_eq!(body["notes"][0]["body"], "Joe's note");

    // Bad bodies are the caller's mistake, said in JSON.
    let response = add_note(&app, &jane, "   ").await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], "invalid_request");
    let response = app
        .http
        .post(format!("{}/api/demo/notes", app.address))
        .bearer_auth(&jane)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_notes_api_rejects_missing_tampered_forged_and_expired_tokens_with_401() {
    let app = spawn_app().await;
    app.confirmed_user("jane").await;
    let signed_in = app.sign_in("jane", PASSWORD).await.unwrap();
    let token = signed_in.tokens.access_token.clone();

    let response = app.get("/api/demo/notes").await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(response.headers()["www-authenticate"], "Bearer");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], "missing_token");

    // Another user's sub swapped into the payload: the signature no longer matches.
    let parts: Vec<&str> = token.split('.').collect();
    let mut claims = unverified_claims(&token);
    claims["sub"] = json!("00000000-0000-4000-8000-000000000000");
    let tampered = format!(
        "{}.{}.{}",
        parts[0],
        URL_SAFE_NO_PAD.encode(claims.to_string()),
        parts[2]
    );
    // `alg: none` and an HS256 token keyed with the public key must both fail.
    let none = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#),
        parts[1]
    );
    let jwks: Value = app
        .get(&format!(
            "/{}/.well-known/jwks.json",
            app.default_pool.pool.id
        ))
        .await
        .json()
        .await
        .unwrap();
    let hs256 = jsonwebtoken::encode(
        &jsonwebtoken::Header {
            kid: jwks["keys"][0]["kid"].as_str().map(String::from),
            ..jsonwebtoken::Header::new(Algorithm::HS256)
        },
        &unverified_claims(&token),
        &jsonwebtoken::EncodingKey::from_secret(jwks["keys"][0]["n"].as_str().unwrap().as_bytes()),
    )
    .unwrap();
    // An ID token is not an access token.
    let id_token = signed_in.tokens.id_token.clone();
    for bad in [
        tampered.as_str(),
        &none,
        &hs256,
        &id_token,
        "garbage",
        "a.b.c",
    ] {
        let response = notes(&app, bad).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{bad}");
        assert_eq!(
            response.headers()["www-authenticate"],
            "Bearer error=\"invalid_token\""
        );
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"], "invalid_token");
    }

    assert_eq!(notes(&app, &token).await.status(), StatusCode::OK);
    // Once the real token has been accepted (and remembered as verified), a tampered copy
    // is still checked on its own.
    assert_eq!(
        notes(&app, &tampered).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(notes(&app, &token).await.status(), StatusCode::OK);
    app.clock.advance(3600);
    let response = notes(&app, &token).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["message"], "Access Token has expired");
}
