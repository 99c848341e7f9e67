//! The signed control plane through the AWS SDK (real SigV4 with the generated admin
//! keys), several pools at once, and clients with secrets (SECRET_HASH).

use std::time::{Duration, UNIX_EPOCH};

use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata;
use aws_sdk_cognitoidentityprovider::types::{
    AliasAttributeType, AttributeType, AuthFlowType, ExplicitAuthFlowsType, PasswordPolicyType,
    UserPoolPolicyType, VerifiedAttributeType,
};
use aws_smithy_async::time::StaticTimeSource;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest::StatusCode;
use serde_json::Value;
use server::pool::secrets::secret_hash;

use crate::helpers::{TEST_NOW, TestApp, spawn_app};

/// The admin keys the server generated into its data directory on first start.
pub(crate) fn admin_keys(app: &TestApp) -> (String, String) {
    let path = app.data_dir.path().join("admin-credentials.json");
    let stored: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    (
        stored["access_key_id"].as_str().unwrap().to_string(),
        stored["secret_access_key"].as_str().unwrap().to_string(),
    )
}

/// An SDK client signing with `key` and `secret`, its clock at the server's.
pub(crate) fn signed(app: &TestApp, key: &str, secret: &str) -> Client {
    let config = aws_sdk_cognitoidentityprovider::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("local"))
        .endpoint_url(&app.address)
        .credentials_provider(Credentials::new(key, secret, None, None, "test"))
        .time_source(StaticTimeSource::new(
            UNIX_EPOCH + Duration::from_secs(TEST_NOW.0 as u64),
        ))
        .build();
    Client::from_conf(config)
}

pub(crate) fn admin(app: &TestApp) -> Client {
    let (key, secret) = admin_keys(app);
    signed(app, &key, &secret)
}

/// A request signed by hand (the SDK's own signer) as of `at`, seconds since the epoch.
pub(crate) async fn raw_signed(
    app: &TestApp,
    operation: &str,
    body: &str,
    at: i64,
) -> (StatusCode, Value) {
    let target = format!("AWSCognitoIdentityProviderService.{operation}");
    raw_signed_for(app, "cognito-idp", &target, body, at).await
}

/// A request to `target` signed by hand for `service` as of `at`.
pub(crate) async fn raw_signed_for(
    app: &TestApp,
    service: &str,
    target: &str,
    body: &str,
    at: i64,
) -> (StatusCode, Value) {
    use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
    let (key, secret) = admin_keys(app);
    let identity = Credentials::new(&key, &secret, None, None, "test").into();
    let params = aws_sigv4::sign::v4::SigningParams::builder()
        .identity(&identity)
        .region("local")
        .name(service)
        .time(UNIX_EPOCH + Duration::from_secs(at as u64))
        .settings(SigningSettings::default())
        .build()
        .unwrap()
        .into();
    let host = app.address.trim_start_matches("http://").to_string();
    let headers = [
        ("host", host.as_str()),
        ("content-type", "application/x-amz-json-1.1"),
        ("x-amz-target", target),
    ];
    let signable = SignableRequest::new(
        "POST",
        "/",
        headers.iter().copied(),
        SignableBody::Bytes(body.as_bytes()),
    )
    .unwrap();
    let (instructions, _) = sign(signable, &params).unwrap().into_parts();
    let mut request = app
        .http
        .post(format!("{}/", app.address))
        .body(body.to_string());
    for (name, value) in headers.iter().skip(1) {
        request = request.header(*name, *value);
    }
    for (name, value) in instructions.headers() {
        request = request.header(name, value);
    }
    let response = request.send().await.unwrap();
    (response.status(), response.json().await.unwrap())
}

pub(crate) fn code<E: ProvideErrorMetadata>(error: &E) -> String {
    error.code().unwrap_or("<none>").to_string()
}

pub(crate) fn claims(token: &str) -> Value {
    let payload = token.split('.').nth(1).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

#[tokio::test]
async fn admin_keys_are_generated_once_and_kept_private() {
    let app = spawn_app().await;
    let (key, secret) = admin_keys(&app);
    assert!(key.starts_with("AKIA") && key.len() == 20, "{key}");
    assert_eq!(secret.len(), 40);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(app.data_dir.path().join("admin-credentials.json"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let app = crate::helpers::spawn_app_in(app.stop().await).await;
    assert_eq!(
        admin_keys(&app),
        (key, secret),
        "the same keys after a restart"
    );
}

#[tokio::test]
async fn a_bad_or_missing_signature_never_reaches_the_data() {
    let app = spawn_app().await;
    let (key, secret) = admin_keys(&app);

    let error = signed(&app, &key, "not-the-secret-0000000000000000000000000")
        .list_user_pools()
        .max_results(10)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "InvalidSignatureException");
    let error = signed(&app, "AKIAUNKNOWNKEY000000", &secret)
        .list_user_pools()
        .max_results(10)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "UnrecognizedClientException");

    // Unsigned, as a raw request: refused before the body is even read.
    let response = app
        .http
        .post(format!("{}/", app.address))
        .header("content-type", "application/x-amz-json-1.1")
        .header(
            "x-amz-target",
            "AWSCognitoIdentityProviderService.CreateUserPool",
        )
        .body(r#"{"PoolName":"sneaky"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["__type"], "UnrecognizedClientException");

    // A signature from more than five minutes ago has expired; one from now passes.
    let list = r#"{"MaxResults":10}"#;
    let (status, body) = raw_signed(&app, "ListUserPools", list, TEST_NOW.0 - 301).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["__type"], "InvalidSignatureException");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("Signature expired")
    );
    let (status, _) = raw_signed(&app, "ListUserPools", list, TEST_NOW.0 - 60).await;
    assert_eq!(status, StatusCode::OK);

    let pools = admin(&app)
        .list_user_pools()
        .max_results(10)
        .send()
        .await
        .unwrap();
    assert_eq!(pools.user_pools().len(), 1, "nothing was created");
}

#[tokio::test]
async fn pools_and_clients_are_created_described_and_listed() {
    let app = spawn_app().await;
    let admin = admin(&app);
    let created = admin
        .create_user_pool()
        .pool_name("Second pool")
        .policies(
            UserPoolPolicyType::builder()
                .password_policy(
                    PasswordPolicyType::builder()
                        .minimum_length(6)
                        .require_numbers(true)
                        .build(),
                )
                .build(),
        )
        .send()
        .await
        .unwrap();
    let pool = created.user_pool().unwrap();
    let pool_id = pool.id().unwrap().to_string();
    assert!(pool_id.starts_with("local_"), "{pool_id}");
    assert_eq!(pool.name(), Some("Second pool"));
    let policy = pool.policies().unwrap().password_policy().unwrap();
    assert_eq!(policy.minimum_length(), Some(6));
    assert!(!policy.require_symbols());
    assert!(policy.require_numbers());

    let described = admin
        .describe_user_pool()
        .user_pool_id(&pool_id)
        .send()
        .await
        .unwrap();
    assert_eq!(described.user_pool().unwrap().id(), Some(pool_id.as_str()));
    let error = admin
        .describe_user_pool()
        .user_pool_id("local_NoSuchPool")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "ResourceNotFoundException");

    // Two pools, one per page.
    let first = admin.list_user_pools().max_results(1).send().await.unwrap();
    assert_eq!(first.user_pools().len(), 1);
    let token = first.next_token().expect("a second page").to_string();
    let second = admin
        .list_user_pools()
        .max_results(1)
        .next_token(token)
        .send()
        .await
        .unwrap();
    assert_eq!(second.user_pools().len(), 1);
    assert!(second.next_token().is_none());
    assert_ne!(first.user_pools()[0].id(), second.user_pools()[0].id());

    let client = admin
        .create_user_pool_client()
        .user_pool_id(&pool_id)
        .client_name("Backend")
        .generate_secret(true)
        .send()
        .await
        .unwrap();
    let client = client.user_pool_client().unwrap();
    let client_id = client.client_id().unwrap().to_string();
    assert_eq!(client_id.len(), 26);
    assert!(client.client_secret().is_some_and(|s| s.len() >= 40));
    assert_eq!(client.access_token_validity(), Some(1));
    assert_eq!(
        client
            .token_validity_units()
            .unwrap()
            .access_token()
            .unwrap()
            .as_str(),
        "hours"
    );
    assert_eq!(client.refresh_token_validity(), 30);
    // Created without ExplicitAuthFlows: Cognito's default, which has no password flow.
    let flows: Vec<&str> = client
        .explicit_auth_flows()
        .iter()
        .map(|f| f.as_str())
        .collect();
    assert_eq!(
        flows,
        [
            "ALLOW_REFRESH_TOKEN_AUTH",
            "ALLOW_USER_SRP_AUTH",
            "ALLOW_CUSTOM_AUTH"
        ]
    );
    let error = admin
        .initiate_auth()
        .client_id(&client_id)
        .auth_flow(AuthFlowType::UserPasswordAuth)
        .auth_parameters("USERNAME", "jane")
        .auth_parameters("PASSWORD", "whatever")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "InvalidParameterException");
    assert_eq!(
        error.message(),
        Some("USER_PASSWORD_AUTH flow not enabled for this client")
    );
    let described = admin
        .describe_user_pool_client()
        .user_pool_id(&pool_id)
        .client_id(&client_id)
        .send()
        .await
        .unwrap();
    assert_eq!(
        described.user_pool_client().unwrap().client_secret(),
        client.client_secret()
    );
    let listed = admin
        .list_user_pool_clients()
        .user_pool_id(&pool_id)
        .max_results(10)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.user_pool_clients().len(), 1);
    // Another pool's client is not found through this pool.
    let error = admin
        .describe_user_pool_client()
        .user_pool_id(app.default_pool.pool.id.as_str())
        .client_id(&client_id)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "ResourceNotFoundException");
}

#[tokio::test]
async fn a_client_with_a_secret_needs_secret_hash_and_its_pool_issues_its_own_tokens() {
    let app = spawn_app().await;
    let admin = admin(&app);
    let pool_id = admin
        .create_user_pool()
        .pool_name("Relaxed")
        .alias_attributes(AliasAttributeType::Email)
        .auto_verified_attributes(VerifiedAttributeType::Email)
        .policies(
            UserPoolPolicyType::builder()
                .password_policy(PasswordPolicyType::builder().minimum_length(6).build())
                .build(),
        )
        .send()
        .await
        .unwrap()
        .user_pool()
        .unwrap()
        .id()
        .unwrap()
        .to_string();
    let client = admin
        .create_user_pool_client()
        .user_pool_id(&pool_id)
        .client_name("Backend")
        .generate_secret(true)
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowUserPasswordAuth)
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowRefreshTokenAuth)
        .send()
        .await
        .unwrap();
    let client = client.user_pool_client().unwrap();
    let client_id = client.client_id().unwrap().to_string();
    let secret = client.client_secret().unwrap().to_string();
    let hash = |username: &str| secret_hash(&secret, username, &client_id);
    let public = admin; // public operations ignore the signature
    let email = AttributeType::builder()
        .name("email")
        .value("jane@example.com")
        .build()
        .unwrap();

    let error = public
        .sign_up()
        .client_id(&client_id)
        .username("jane")
        .password("simple")
        .user_attributes(email.clone())
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "NotAuthorizedException");
    assert!(
        error
            .message()
            .unwrap()
            .contains("SECRET_HASH was not received")
    );
    let error = public
        .sign_up()
        .client_id(&client_id)
        .secret_hash(hash("joe"))
        .username("jane")
        .password("simple")
        .user_attributes(email.clone())
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "NotAuthorizedException");
    assert!(
        error
            .message()
            .unwrap()
            .contains("Unable to verify secret hash")
    );

    // This pool's relaxed policy applies: six characters are enough.
    public
        .sign_up()
        .client_id(&client_id)
        .secret_hash(hash("jane"))
        .username("jane")
        .password("simple")
        .user_attributes(email)
        .send()
        .await
        .unwrap();
    let sent = app.last_code_for("jane@example.com");
    public
        .confirm_sign_up()
        .client_id(&client_id)
        .secret_hash(hash("jane"))
        .username("jane")
        .confirmation_code(sent)
        .send()
        .await
        .unwrap();
    let auth = public
        .initiate_auth()
        .client_id(&client_id)
        .auth_flow(AuthFlowType::UserPasswordAuth)
        .auth_parameters("USERNAME", "jane")
        .auth_parameters("PASSWORD", "simple")
        .auth_parameters("SECRET_HASH", hash("jane"))
        .send()
        .await
        .unwrap();
    // Every other operation that names the user wants the hash too.
    let missing = [
        public
            .resend_confirmation_code()
            .client_id(&client_id)
            .username("jane")
            .send()
            .await
            .map(|_| ())
            .map_err(|e| code(&e)),
        public
            .forgot_password()
            .client_id(&client_id)
            .username("jane")
            .send()
            .await
            .map(|_| ())
            .map_err(|e| code(&e)),
        public
            .confirm_forgot_password()
            .client_id(&client_id)
            .username("jane")
            .confirmation_code("123456")
            .password("another")
            .send()
            .await
            .map(|_| ())
            .map_err(|e| code(&e)),
    ];
    for answer in missing {
        assert_eq!(answer, Err("NotAuthorizedException".to_string()));
    }
    assert!(
        app.emails_to("jane@example.com").len() == 1,
        "no code went out without the hash"
    );
    let result = auth.authentication_result().unwrap();
    let id = claims(result.id_token().unwrap());
    assert_eq!(id["iss"], format!("{}/{pool_id}", app.address));
    assert_eq!(id["aud"], client_id);
    let refresh = result.refresh_token().unwrap().to_string();
    let sub = id["sub"].as_str().unwrap().to_string();

    // The other pool does not know this user.
    let error = public
        .initiate_auth()
        .client_id(app.client_id())
        .auth_flow(AuthFlowType::UserPasswordAuth)
        .auth_parameters("USERNAME", "jane")
        .auth_parameters("PASSWORD", "simple")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "NotAuthorizedException");

    // A refresh's SECRET_HASH may be over the username or the sub.
    for name in ["jane", sub.as_str()] {
        public
            .initiate_auth()
            .client_id(&client_id)
            .auth_flow(AuthFlowType::RefreshTokenAuth)
            .auth_parameters("REFRESH_TOKEN", &refresh)
            .auth_parameters("SECRET_HASH", hash(name))
            .send()
            .await
            .unwrap();
    }
    let error = public
        .get_tokens_from_refresh_token()
        .client_id(&client_id)
        .refresh_token(&refresh)
        .client_secret("wrong")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "NotAuthorizedException");
    public
        .get_tokens_from_refresh_token()
        .client_id(&client_id)
        .refresh_token(&refresh)
        .client_secret(&secret)
        .send()
        .await
        .unwrap();
    let error = public
        .revoke_token()
        .client_id(&client_id)
        .token(&refresh)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "NotAuthorizedException");
    public
        .revoke_token()
        .client_id(&client_id)
        .token(&refresh)
        .client_secret(&secret)
        .send()
        .await
        .unwrap();

    // Each pool publishes its own key.
    let jwks = |pool: String| {
        let app = &app;
        async move {
            let body: Value = app
                .get(&format!("/{pool}/.well-known/jwks.json"))
                .await
                .json()
                .await
                .unwrap();
            body["keys"][0]["kid"].as_str().unwrap().to_string()
        }
    };
    assert_ne!(
        jwks(pool_id.clone()).await,
        jwks(app.default_pool.pool.id.as_str().to_string()).await
    );
}

#[tokio::test]
async fn deleting_a_pool_removes_its_clients_users_and_tokens_but_the_default_stays() {
    let app = spawn_app().await;
    let admin = admin(&app);
    let pool_id = admin
        .create_user_pool()
        .pool_name("Short-lived")
        .alias_attributes(AliasAttributeType::Email)
        .auto_verified_attributes(VerifiedAttributeType::Email)
        .send()
        .await
        .unwrap()
        .user_pool()
        .unwrap()
        .id()
        .unwrap()
        .to_string();
    let client_id = admin
        .create_user_pool_client()
        .user_pool_id(&pool_id)
        .client_name("App")
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowUserPasswordAuth)
        .send()
        .await
        .unwrap()
        .user_pool_client()
        .unwrap()
        .client_id()
        .unwrap()
        .to_string();
    let email = AttributeType::builder()
        .name("email")
        .value("gone@example.com")
        .build()
        .unwrap();
    admin
        .sign_up()
        .client_id(&client_id)
        .username("gone")
        .password("Correct-Horse-9")
        .user_attributes(email)
        .send()
        .await
        .unwrap();
    admin
        .confirm_sign_up()
        .client_id(&client_id)
        .username("gone")
        .confirmation_code(app.last_code_for("gone@example.com"))
        .send()
        .await
        .unwrap();
    let signed_in = admin
        .initiate_auth()
        .client_id(&client_id)
        .auth_flow(AuthFlowType::UserPasswordAuth)
        .auth_parameters("USERNAME", "gone")
        .auth_parameters("PASSWORD", "Correct-Horse-9")
        .send()
        .await
        .unwrap();
    let tokens = signed_in.authentication_result().unwrap();
    let access = tokens.access_token().unwrap().to_string();
    // The client's ExplicitAuthFlows leave out ALLOW_REFRESH_TOKEN_AUTH: no refresh.
    let error = admin
        .initiate_auth()
        .client_id(&client_id)
        .auth_flow(AuthFlowType::RefreshTokenAuth)
        .auth_parameters("REFRESH_TOKEN", tokens.refresh_token().unwrap())
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "InvalidParameterException");

    admin
        .delete_user_pool_client()
        .user_pool_id(&pool_id)
        .client_id(&client_id)
        .send()
        .await
        .unwrap();
    let error = admin
        .describe_user_pool_client()
        .user_pool_id(&pool_id)
        .client_id(&client_id)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "ResourceNotFoundException");
    // Its sign-ins went with it.
    let error = admin
        .get_user()
        .access_token(&access)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "NotAuthorizedException");

    admin
        .delete_user_pool()
        .user_pool_id(&pool_id)
        .send()
        .await
        .unwrap();
    let error = admin
        .describe_user_pool()
        .user_pool_id(&pool_id)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "ResourceNotFoundException");
    let response = app.get(&format!("/{pool_id}/.well-known/jwks.json")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);

    let default = app.default_pool.pool.id.as_str();
    let error = admin
        .delete_user_pool()
        .user_pool_id(default)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "InvalidParameterException");
    let error = admin
        .delete_user_pool_client()
        .user_pool_id(default)
        .client_id(app.client_id())
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "InvalidParameterException");
    // And the server still starts on its data.
    let app = crate::helpers::spawn_app_in(app.stop().await).await;
    assert_eq!(app.get("/health").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn admin_user_operations_confirm_disable_sign_out_set_passwords_and_delete() {
    let app = spawn_app().await;
    let admin = admin(&app);
    let pool_id = app.default_pool.pool.id.as_str().to_string();
    let client_id = app.client_id().to_string();
    app.sign_up("jane", crate::helpers::PASSWORD).await.unwrap();
    let sign_in = |password: &'static str| {
        admin
            .initiate_auth()
            .client_id(&client_id)
            .auth_flow(AuthFlowType::UserPasswordAuth)
            .auth_parameters("USERNAME", "jane")
            .auth_parameters("PASSWORD", password)
            .send()
    };

    let user = admin
        .admin_get_user()
        .user_pool_id(&pool_id)
        .username("JANE")
        .send()
        .await
        .unwrap();
    assert_eq!(user.username(), "jane");
    assert_eq!(user.user_status().unwrap().as_str(), "UNCONFIRMED");
    assert!(user.enabled());
    let error = admin
        .admin_get_user()
        .user_pool_id(&pool_id)
        .username("nobody")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "UserNotFoundException");

    admin
        .admin_confirm_sign_up()
        .user_pool_id(&pool_id)
        .username("jane")
        .send()
        .await
        .unwrap();
    let tokens = sign_in(crate::helpers::PASSWORD).await.unwrap();
    let access = tokens
        .authentication_result()
        .unwrap()
        .access_token()
        .unwrap()
        .to_string();

    admin
        .admin_disable_user()
        .user_pool_id(&pool_id)
        .username("jane")
        .send()
        .await
        .unwrap();
    let error = sign_in(crate::helpers::PASSWORD).await.unwrap_err();
    assert_eq!(code(&error), "NotAuthorizedException");
    assert_eq!(error.message(), Some("User is disabled."));
    let error = admin
        .get_user()
        .access_token(&access)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "NotAuthorizedException");
    admin
        .admin_enable_user()
        .user_pool_id(&pool_id)
        .username("jane")
        .send()
        .await
        .unwrap();
    // Disabling revoked the token for good (as Cognito); a new sign-in gets a live one.
    let error = admin
        .get_user()
        .access_token(&access)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "NotAuthorizedException");
    let tokens = sign_in(crate::helpers::PASSWORD).await.unwrap();
    let access = tokens
        .authentication_result()
        .unwrap()
        .access_token()
        .unwrap()
        .to_string();
    admin.get_user().access_token(&access).send().await.unwrap();

    admin
        .admin_user_global_sign_out()
        .user_pool_id(&pool_id)
        .username("jane")
        .send()
        .await
        .unwrap();
    let error = admin
        .get_user()
        .access_token(&access)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "NotAuthorizedException");

    let error = admin
        .admin_set_user_password()
        .user_pool_id(&pool_id)
        .username("jane")
        .password("weak")
        .permanent(true)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "InvalidPasswordException");
    admin
        .admin_set_user_password()
        .user_pool_id(&pool_id)
        .username("jane")
        .password("Set-By-Admin-7")
        .permanent(true)
        .send()
        .await
        .unwrap();
    sign_in("Set-By-Admin-7").await.unwrap();
    admin
        .admin_set_user_password()
        .user_pool_id(&pool_id)
        .username("jane")
        .password("Temporary-Pass-8")
        .permanent(false)
        .send()
        .await
        .unwrap();
    let user = admin
        .admin_get_user()
        .user_pool_id(&pool_id)
        .username("jane")
        .send()
        .await
        .unwrap();
    assert_eq!(
        user.user_status().unwrap().as_str(),
        "FORCE_CHANGE_PASSWORD"
    );

    admin
        .admin_delete_user()
        .user_pool_id(&pool_id)
        .username("jane")
        .send()
        .await
        .unwrap();
    let error = admin
        .admin_get_user()
        .user_pool_id(&pool_id)
        .username("jane")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "UserNotFoundException");
    // The name is free again.
    app.sign_up("jane", crate::helpers::PASSWORD).await.unwrap();
}

#[tokio::test]
async fn updates_change_the_rules_users_meet() {
    let app = spawn_app().await;
    let admin = admin(&app);
    let pool_id = admin
        .create_user_pool()
        .pool_name("Evolving")
        .send()
        .await
        .unwrap()
        .user_pool()
        .unwrap()
        .id()
        .unwrap()
        .to_string();
    let client_id = admin
        .create_user_pool_client()
        .user_pool_id(&pool_id)
        .client_name("App")
        .send()
        .await
        .unwrap()
        .user_pool_client()
        .unwrap()
        .client_id()
        .unwrap()
        .to_string();
    let sign_up = |username: &'static str, password: &'static str| {
        admin
            .sign_up()
            .client_id(&client_id)
            .username(username)
            .password(password)
            .user_attributes(
                AttributeType::builder()
                    .name("email")
                    .value(format!("{username}@example.com"))
                    .build()
                    .unwrap(),
            )
            .send()
    };
    let error = sign_up("first", "lowercase").await.unwrap_err();
    assert_eq!(code(&error), "InvalidPasswordException");

    admin
        .update_user_pool()
        .user_pool_id(&pool_id)
        .policies(
            UserPoolPolicyType::builder()
                .password_policy(PasswordPolicyType::builder().minimum_length(6).build())
                .build(),
        )
        .send()
        .await
        .unwrap();
    sign_up("first", "lowercase").await.unwrap();

    // The password flow, then PreventUserExistenceErrors off (LEGACY): an unknown user is
    // now told so.
    let sign_in = |username: &'static str| {
        admin
            .initiate_auth()
            .client_id(&client_id)
            .auth_flow(AuthFlowType::UserPasswordAuth)
            .auth_parameters("USERNAME", username)
            .auth_parameters("PASSWORD", "whatever")
            .send()
    };
    assert_eq!(
        code(&sign_in("nobody").await.unwrap_err()),
        "InvalidParameterException"
    );
    let updated = admin
        .update_user_pool_client()
        .user_pool_id(&pool_id)
        .client_id(&client_id)
        .client_name("Renamed")
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowUserPasswordAuth)
        .send()
        .await
        .unwrap();
    assert_eq!(
        updated.user_pool_client().unwrap().client_name(),
        Some("Renamed")
    );
    assert_eq!(
        code(&sign_in("nobody").await.unwrap_err()),
        "NotAuthorizedException"
    );
    admin
        .update_user_pool_client()
        .user_pool_id(&pool_id)
        .client_id(&client_id)
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowUserPasswordAuth)
        .prevent_user_existence_errors(
            aws_sdk_cognitoidentityprovider::types::PreventUserExistenceErrorTypes::Legacy,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(
        code(&sign_in("nobody").await.unwrap_err()),
        "UserNotFoundException"
    );
}

#[tokio::test]
async fn group_members_carry_their_groups_in_their_tokens() {
    let app = spawn_app().await;
    let admin = admin(&app);
    let pool_id = app.default_pool.pool.id.as_str().to_string();
    app.confirmed_user("jane").await;
    app.confirmed_user("joe").await;
    for (name, precedence) in [("readers", 5), ("admins", 1)] {
        let created = admin
            .create_group()
            .user_pool_id(&pool_id)
            .group_name(name)
            .description(format!("The {name}"))
            .precedence(precedence)
            .send()
            .await
            .unwrap();
        assert_eq!(created.group().unwrap().group_name(), Some(name));
    }
    let error = admin
        .create_group()
        .user_pool_id(&pool_id)
        .group_name("admins")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "GroupExistsException");
    let error = admin
        .get_group()
        .user_pool_id(&pool_id)
        .group_name("nobody")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "ResourceNotFoundException");

    for group in ["readers", "admins"] {
        admin
            .admin_add_user_to_group()
            .user_pool_id(&pool_id)
            .username("jane")
            .group_name(group)
            .send()
            .await
            .unwrap();
    }
    // Adding twice changes nothing.
    admin
        .admin_add_user_to_group()
        .user_pool_id(&pool_id)
        .username("jane")
        .group_name("admins")
        .send()
        .await
        .unwrap();
    let groups = admin
        .admin_list_groups_for_user()
        .user_pool_id(&pool_id)
        .username("jane")
        .send()
        .await
        .unwrap();
    let names: Vec<&str> = groups
        .groups()
        .iter()
        .filter_map(|g| g.group_name())
        .collect();
    assert_eq!(names, ["admins", "readers"], "by precedence");
    let members = admin
        .list_users_in_group()
        .user_pool_id(&pool_id)
        .group_name("admins")
        .send()
        .await
        .unwrap();
    let users: Vec<&str> = members
        .users()
        .iter()
        .filter_map(|u| u.username())
        .collect();
    assert_eq!(users, ["jane"]);
    let listed = admin
        .list_groups()
        .user_pool_id(&pool_id)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.groups().len(), 2);

    let jane = app.sign_in("jane", crate::helpers::PASSWORD).await.unwrap();
    let joe = app.sign_in("joe", crate::helpers::PASSWORD).await.unwrap();
    for token in [&jane.tokens.id_token, &jane.tokens.access_token] {
        assert_eq!(
            claims(token)["cognito:groups"],
            serde_json::json!(["admins", "readers"])
        );
    }
    assert!(claims(&joe.tokens.id_token).get("cognito:groups").is_none());

    admin
        .admin_remove_user_from_group()
        .user_pool_id(&pool_id)
        .username("jane")
        .group_name("admins")
        .send()
        .await
        .unwrap();
    admin
        .delete_group()
        .user_pool_id(&pool_id)
        .group_name("readers")
        .send()
        .await
        .unwrap();
    // The next tokens of the same sign-in follow.
    let refreshed = app
        .pool
        .refresh(
            app.client_id(),
            &jane.refresh_token,
            server::pool::secrets::ClientProof::Trusted,
        )
        .await
        .unwrap();
    assert!(claims(&refreshed.id_token).get("cognito:groups").is_none());
}

#[tokio::test]
async fn an_invited_user_sets_a_new_password_at_the_first_sign_in() {
    let app = spawn_app().await;
    let admin = admin(&app);
    let pool_id = app.default_pool.pool.id.as_str().to_string();
    let client_id = app.client_id().to_string();
    let created = admin
        .admin_create_user()
        .user_pool_id(&pool_id)
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
    assert_eq!(
        created.user().unwrap().user_status().unwrap().as_str(),
        "FORCE_CHANGE_PASSWORD"
    );
    let invitation = app
        .emails_to("newbie@example.com")
        .pop()
        .expect("an invitation");
    assert!(invitation.contains("Subject: Your Cognate account"));
    let temporary = invitation
        .split("temporary password is ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("the temporary password")
        .to_string();
    let error = admin
        .admin_create_user()
        .user_pool_id(&pool_id)
        .username("NEWBIE")
        .message_action(aws_sdk_cognitoidentityprovider::types::MessageActionType::Suppress)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "UsernameExistsException");

    let started = admin
        .initiate_auth()
        .client_id(&client_id)
        .auth_flow(AuthFlowType::UserPasswordAuth)
        .auth_parameters("USERNAME", "newbie")
        .auth_parameters("PASSWORD", &temporary)
        .send()
        .await
        .unwrap();
    assert!(started.authentication_result().is_none());
    assert_eq!(
        started.challenge_name().unwrap().as_str(),
        "NEW_PASSWORD_REQUIRED"
    );
    assert_eq!(
        started
            .challenge_parameters()
            .unwrap()
            .get("USER_ID_FOR_SRP")
            .map(String::as_str),
        Some("newbie")
    );
    let session = started.session().unwrap().to_string();
    let respond = |session: &str, password: &str| {
        admin
            .respond_to_auth_challenge()
            .client_id(&client_id)
            .challenge_name(
                aws_sdk_cognitoidentityprovider::types::ChallengeNameType::NewPasswordRequired,
            )
            .session(session)
            .challenge_responses("USERNAME", "newbie")
            .challenge_responses("NEW_PASSWORD", password)
            .send()
    };
    let error = respond(&session, "weak").await.unwrap_err();
    assert_eq!(code(&error), "InvalidPasswordException");
    let error = respond("not-the-session", "Chosen-Password-5")
        .await
        .unwrap_err();
    assert_eq!(code(&error), "NotAuthorizedException");
    let done = respond(&session, "Chosen-Password-5").await.unwrap();
    assert!(
        done.authentication_result()
            .unwrap()
            .access_token()
            .is_some()
    );
    // The session answered once.
    let error = respond(&session, "Chosen-Password-6").await.unwrap_err();
    assert_eq!(code(&error), "NotAuthorizedException");

    let again = admin
        .admin_initiate_auth()
        .user_pool_id(&pool_id)
        .client_id(&client_id)
        .auth_flow(AuthFlowType::AdminUserPasswordAuth)
        .auth_parameters("USERNAME", "newbie@example.com")
        .auth_parameters("PASSWORD", "Chosen-Password-5")
        .send()
        .await
        .unwrap();
    assert!(again.authentication_result().unwrap().id_token().is_some());

    // A temporary password is good for 7 days.
    admin
        .admin_set_user_password()
        .user_pool_id(&pool_id)
        .username("newbie")
        .password("Temporary-Pass-8")
        .permanent(false)
        .send()
        .await
        .unwrap();
    app.clock.advance(7 * 86_400);
    // The SDK corrects its clock from the server's Date header and retries, so the signed
    // call below works though the server's clock jumped.
    let error = admin
        .admin_initiate_auth()
        .user_pool_id(&pool_id)
        .client_id(&client_id)
        .auth_flow(AuthFlowType::AdminUserPasswordAuth)
        .auth_parameters("USERNAME", "newbie")
        .auth_parameters("PASSWORD", "Temporary-Pass-8")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "NotAuthorizedException");
    assert!(
        error
            .message()
            .unwrap()
            .contains("Temporary password has expired")
    );
}

#[tokio::test]
async fn list_pages_skip_nothing_when_items_are_deleted_between_pages() {
    let app = spawn_app().await;
    let admin = admin(&app);
    let pool_id = app.default_pool.pool.id.as_str().to_string();
    for name in ["a", "b", "c", "d", "e"] {
        admin
            .create_group()
            .user_pool_id(&pool_id)
            .group_name(name)
            .send()
            .await
            .unwrap();
    }
    let names =
        |out: &aws_sdk_cognitoidentityprovider::operation::list_groups::ListGroupsOutput| {
            out.groups()
                .iter()
                .filter_map(|g| g.group_name())
                .map(String::from)
                .collect::<Vec<_>>()
        };
    let first = admin
        .list_groups()
        .user_pool_id(&pool_id)
        .limit(2)
        .send()
        .await
        .unwrap();
    assert_eq!(names(&first), ["a", "b"]);
    // A group already shown goes before the next page is asked for.
    admin
        .delete_group()
        .user_pool_id(&pool_id)
        .group_name("a")
        .send()
        .await
        .unwrap();
    let second = admin
        .list_groups()
        .user_pool_id(&pool_id)
        .limit(2)
        .next_token(first.next_token().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(names(&second), ["c", "d"]);
    let third = admin
        .list_groups()
        .user_pool_id(&pool_id)
        .limit(2)
        .next_token(second.next_token().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(names(&third), ["e"]);
    assert_eq!(third.next_token(), None);

    let error = admin
        .list_groups()
        .user_pool_id(&pool_id)
        .next_token("2")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&error), "InvalidParameterException");
}
