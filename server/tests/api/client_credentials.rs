//! Machine-to-machine: a resource server's custom scope, granted to a client with a secret
//! through client_credentials, and required by the demo notes API when so configured.

use aws_sdk_cognitoidentityprovider::types::{OAuthFlowType, ResourceServerScopeType};
use base64::Engine;
use reqwest::StatusCode;

use crate::cognito_admin::{admin, code};
use crate::helpers::{TestApp, spawn_app_with};

const SCOPE: &str = "notes/write";

fn claims(token: &str) -> serde_json::Value {
    let payload = token.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

async fn grant(
    app: &TestApp,
    id: &str,
    secret: &str,
    scope: Option<&str>,
) -> (StatusCode, serde_json::Value) {
    let mut form = vec![("grant_type", "client_credentials")];
    form.extend(scope.map(|s| ("scope", s)));
    let response = app
        .http
        .post(format!("{}/oauth2/token", app.address))
        .basic_auth(id, Some(secret))
        .form(&form)
        .send()
        .await
        .unwrap();
    (response.status(), response.json().await.unwrap())
}

async fn notes(app: &TestApp, token: &str) -> StatusCode {
    app.http
        .get(format!("{}/api/demo/notes", app.address))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn a_client_gets_a_custom_scope_that_the_notes_api_requires() {
    let data = tempfile::tempdir().unwrap();
    let app = spawn_app_with(data, |settings| {
        settings.demo.required_scope = Some(SCOPE.into());
    })
    .await;
    let admin = admin(&app);
    let pool_id = app.default_pool.pool.id.as_str();

    let created = admin
        .create_resource_server()
        .user_pool_id(pool_id)
        .identifier("notes")
        .name("Notes API")
        .scopes(
            ResourceServerScopeType::builder()
                .scope_name("write")
                .scope_description("Write notes")
                .build()
                .unwrap(),
        )
        .scopes(
            ResourceServerScopeType::builder()
                .scope_name("read")
                .scope_description("Read notes")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(
        created.resource_server().unwrap().identifier(),
        Some("notes")
    );
    let listed = admin
        .list_resource_servers()
        .user_pool_id(pool_id)
        .max_results(10)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.resource_servers().len(), 1);
    let described = admin
        .describe_resource_server()
        .user_pool_id(pool_id)
        .identifier("notes")
        .send()
        .await
        .unwrap();
    assert_eq!(described.resource_server().unwrap().scopes().len(), 2);

    // A client may be allowed only scopes that exist.
    let unknown = admin
        .create_user_pool_client()
        .user_pool_id(pool_id)
        .client_name("bad")
        .generate_secret(true)
        .allowed_o_auth_flows_user_pool_client(true)
        .allowed_o_auth_flows(OAuthFlowType::ClientCredentials)
        .allowed_o_auth_scopes("notes/delete")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&unknown), "InvalidParameterException");

    let client = admin
        .create_user_pool_client()
        .user_pool_id(pool_id)
        .client_name("worker")
        .generate_secret(true)
        .allowed_o_auth_flows_user_pool_client(true)
        .allowed_o_auth_flows(OAuthFlowType::ClientCredentials)
        .allowed_o_auth_scopes(SCOPE)
        .supported_identity_providers("COGNITO")
        .send()
        .await
        .unwrap();
    let client = client.user_pool_client().unwrap();
    let (id, secret) = (client.client_id().unwrap(), client.client_secret().unwrap());

    let (status, answer) = grant(&app, id, secret, Some(SCOPE)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert!(answer.get("refresh_token").is_none() && answer.get("id_token").is_none());
    let token = answer["access_token"].as_str().unwrap();
    let token_claims = claims(token);
    assert_eq!(token_claims["scope"], SCOPE);
    assert_eq!(token_claims["sub"], id);
    assert_eq!(token_claims["token_use"], "access");
    assert!(token_claims.get("username").is_none());
    assert_eq!(notes(&app, token).await, StatusCode::OK);

    // A user's token lacks the scope: valid, but not enough.
    app.confirmed_user("jane").await;
    let user = app.sign_in("jane", crate::helpers::PASSWORD).await.unwrap();
    assert_eq!(
        notes(&app, &user.tokens.access_token).await,
        StatusCode::FORBIDDEN
    );

    // Without naming one, every allowed scope; a scope not allowed, a wrong secret.
    let (_, all) = grant(&app, id, secret, None).await;
    assert_eq!(
        claims(all["access_token"].as_str().unwrap())["scope"],
        SCOPE
    );
    let (_, answer) = grant(&app, id, secret, Some("notes/read")).await;
    assert_eq!(answer["error"], "invalid_scope");
    let (status, answer) = grant(&app, id, "wrong", Some(SCOPE)).await;
    assert_eq!(
        (status, answer["error"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("invalid_client"))
    );

    // A client without a secret, or without the flow, may not.
    let (status, answer) = grant(&app, app.client_id(), "", Some(SCOPE)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert_eq!(answer["error"], "unauthorized_client");

    // Once the resource server is gone, its scopes are granted to no one.
    admin
        .delete_resource_server()
        .user_pool_id(pool_id)
        .identifier("notes")
        .send()
        .await
        .unwrap();
    let (_, answer) = grant(&app, id, secret, Some(SCOPE)).await;
    assert_eq!(answer["error"], "invalid_scope");
}
