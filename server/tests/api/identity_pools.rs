//! Identity pools' control plane through the official AWS SDK for Cognito Identity, pointed
//! at Cognate: the same port as the user-pool API, its own target and signing service.

use std::time::{Duration, UNIX_EPOCH};

use aws_sdk_cognitoidentity::Client;
use aws_sdk_cognitoidentity::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_cognitoidentity::error::ProvideErrorMetadata;
use aws_sdk_cognitoidentity::types::{
    AmbiguousRoleResolutionType, CognitoIdentityProvider, MappingRule, MappingRuleMatchType,
    RoleMapping, RoleMappingType, RulesConfigurationType,
};
use aws_smithy_async::time::StaticTimeSource;

use crate::cognito_admin::{admin_keys, raw_signed_for};
use crate::helpers::{PASSWORD, TEST_NOW, TestApp, spawn_app, spawn_app_with};

/// A Cognito Identity client signing with `key` and `secret`.
fn identity(app: &TestApp, key: &str, secret: &str) -> Client {
    let config = aws_sdk_cognitoidentity::Config::builder()
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

fn code<E: ProvideErrorMetadata>(error: &E) -> String {
    error.code().unwrap_or("<none>").to_string()
}

#[tokio::test]
async fn an_identity_pool_is_created_read_listed_updated_and_deleted_with_the_sdk() {
    let app = spawn_app().await;
    let (key, secret) = admin_keys(&app);
    let sdk = identity(&app, &key, &secret);
    let user_pool = app.default_pool.pool.id.to_string();
    let provider_name = format!("{}/{user_pool}", app.address.trim_start_matches("http://"));
    let provider = CognitoIdentityProvider::builder()
        .provider_name(&provider_name)
        .client_id(app.client_id())
        .build();
    let created = sdk
        .create_identity_pool()
        .identity_pool_name("Photos app")
        .allow_unauthenticated_identities(true)
        .cognito_identity_providers(provider.clone())
        .send()
        .await
        .unwrap();
    let id = created.identity_pool_id().to_string();
    assert!(id.starts_with("local:"), "{id}");
    assert!(created.allow_unauthenticated_identities());
    assert_eq!(
        created.cognito_identity_providers()[0].provider_name(),
        Some(provider_name.as_str())
    );

    let described = sdk
        .describe_identity_pool()
        .identity_pool_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(described.identity_pool_name(), "Photos app");
    let listed = sdk
        .list_identity_pools()
        .max_results(10)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.identity_pools().len(), 1);
    assert_eq!(
        listed.identity_pools()[0].identity_pool_id(),
        Some(id.as_str())
    );

    let updated = sdk
        .update_identity_pool()
        .identity_pool_id(&id)
        .identity_pool_name("Photos")
        .allow_unauthenticated_identities(false)
        .allow_classic_flow(true)
        .cognito_identity_providers(provider)
        .send()
        .await
        .unwrap();
    assert_eq!(updated.identity_pool_name(), "Photos");
    assert!(!updated.allow_unauthenticated_identities());
    assert_eq!(updated.allow_classic_flow(), Some(true));

    // A user pool of another server, or an unknown client, is refused with the reason.
    let foreign = sdk
        .create_identity_pool()
        .identity_pool_name("Other")
        .allow_unauthenticated_identities(false)
        .cognito_identity_providers(
            CognitoIdentityProvider::builder()
                .provider_name(format!("cognito-idp.eu-west-1.amazonaws.com/{user_pool}"))
                .client_id(app.client_id())
                .build(),
        )
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&foreign), "InvalidParameterException");

    sdk.delete_identity_pool()
        .identity_pool_id(&id)
        .send()
        .await
        .unwrap();
    let gone = sdk
        .describe_identity_pool()
        .identity_pool_id(&id)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&gone), "ResourceNotFoundException");
}

#[tokio::test]
async fn the_control_plane_needs_the_admin_signature_for_cognito_identity() {
    let app = spawn_app().await;
    let (key, _) = admin_keys(&app);
    let forged = identity(&app, &key, "not-the-secret");
    let refused = forged
        .list_identity_pools()
        .max_results(10)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&refused), "InvalidSignatureException");

    // A signature for the user-pool service does not open this door, and the other way round.
    let body = r#"{"MaxResults": 10}"#;
    let target = "AWSCognitoIdentityService.ListIdentityPools";
    let (status, answer) = raw_signed_for(&app, "cognito-idp", target, body, TEST_NOW.0).await;
    assert_eq!(status, 400, "{answer}");
    assert_eq!(answer["__type"], "InvalidSignatureException");
    let (status, answer) = raw_signed_for(&app, "cognito-identity", target, body, TEST_NOW.0).await;
    assert_eq!(status, 200, "{answer}");
    let user_pools = "AWSCognitoIdentityProviderService.ListUserPools";
    let (status, answer) =
        raw_signed_for(&app, "cognito-identity", user_pools, body, TEST_NOW.0).await;
    assert_eq!(status, 400, "{answer}");
}

/// The `Logins` key of the test server's default user pool.
fn provider_of(app: &TestApp) -> String {
    let user_pool = app.default_pool.pool.id.to_string();
    format!("{}/{user_pool}", app.address.trim_start_matches("http://"))
}

/// An identity pool taking the default client's users, with roles set.
async fn identity_pool(app: &TestApp, sdk: &Client, guests: bool, classic: bool) -> String {
    let provider = CognitoIdentityProvider::builder()
        .provider_name(provider_of(app))
        .client_id(app.client_id())
        .build();
    let id = sdk
        .create_identity_pool()
        .identity_pool_name("Files")
        .allow_unauthenticated_identities(guests)
        .allow_classic_flow(classic)
        .cognito_identity_providers(provider)
        .send()
        .await
        .unwrap()
        .identity_pool_id()
        .to_string();
    sdk.set_identity_pool_roles()
        .identity_pool_id(&id)
        .roles("authenticated", "arn:aws:iam::role/User")
        .roles("unauthenticated", "arn:aws:iam::role/Guest")
        .send()
        .await
        .unwrap();
    id
}

/// The claims of an identity token, checked with the keys `/identity` publishes.
async fn identity_claims(app: &TestApp, token: &str) -> serde_json::Value {
    let discovery: serde_json::Value = app
        .get("/identity/.well-known/openid-configuration")
        .await
        .json()
        .await
        .unwrap();
    let issuer = format!("{}/identity", app.address);
    assert_eq!(discovery["issuer"], issuer.as_str());
    let jwks: jsonwebtoken::jwk::JwkSet = app
        .get("/identity/.well-known/jwks.json")
        .await
        .json()
        .await
        .unwrap();
    let header = jsonwebtoken::decode_header(token).unwrap();
    let jwk = jwks
        .find(&header.kid.unwrap())
        .expect("the token's key is published");
    let key = jsonwebtoken::DecodingKey::from_jwk(jwk).unwrap();
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
    validation.set_issuer(&[issuer]);
    validation.validate_aud = false;
    validation.validate_exp = false;
    jsonwebtoken::decode::<serde_json::Value>(token, &key, &validation)
        .expect("a token the /identity keys verify")
        .claims
}

#[tokio::test]
async fn a_user_keeps_one_identity_and_gets_identity_tokens_from_the_identity_issuer() {
    let app = spawn_app().await;
    let (key, secret) = admin_keys(&app);
    let sdk = identity(&app, &key, &secret);
    let pool = identity_pool(&app, &sdk, true, true).await;
    app.confirmed_user("ada").await;
    let provider = provider_of(&app);
    let login = app.sign_in("ada", PASSWORD).await.unwrap().tokens.id_token;

    let first = sdk
        .get_id()
        .identity_pool_id(&pool)
        .logins(&provider, &login)
        .send()
        .await
        .unwrap();
    let again_login = app.sign_in("ada", PASSWORD).await.unwrap().tokens.id_token;
    let again = sdk
        .get_id()
        .identity_pool_id(&pool)
        .logins(&provider, &again_login)
        .send()
        .await
        .unwrap();
    let ada = first.identity_id().unwrap().to_string();
    assert_eq!(
        again.identity_id(),
        Some(ada.as_str()),
        "one identity per user"
    );
    assert!(ada.starts_with("local:"), "{ada}");

    let token = sdk
        .get_open_id_token()
        .identity_id(&ada)
        .logins(&provider, &login)
        .send()
        .await
        .unwrap();
    let claims = identity_claims(&app, token.token().unwrap()).await;
    assert_eq!(claims["sub"], ada.as_str());
    assert_eq!(
        claims["aud"],
        pool.as_str(),
        "aud is the identity pool id, a string"
    );
    let user_sub = app.sign_in("ada", PASSWORD).await.unwrap().user.sub;
    assert_eq!(
        claims["amr"],
        serde_json::json!([
            "authenticated",
            provider,
            format!("{provider}:CognitoSignIn:{}", user_sub.as_str())
        ])
    );
    let lifetime = claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap();
    assert_eq!(lifetime, 600);

    // Guests get a new identity each time, and tokens that say so.
    let guest = sdk.get_id().identity_pool_id(&pool).send().await.unwrap();
    let other_guest = sdk.get_id().identity_pool_id(&pool).send().await.unwrap();
    assert_ne!(guest.identity_id(), other_guest.identity_id());
    let guest_id = guest.identity_id().unwrap();
    let guest_token = sdk
        .get_open_id_token()
        .identity_id(guest_id)
        .send()
        .await
        .unwrap();
    let guest_claims = identity_claims(&app, guest_token.token().unwrap()).await;
    assert_eq!(guest_claims["amr"], serde_json::json!(["unauthenticated"]));

    // The administrator's view of the identities.
    let described = sdk
        .describe_identity()
        .identity_id(&ada)
        .send()
        .await
        .unwrap();
    assert_eq!(described.logins(), std::slice::from_ref(&provider));
    let listed = sdk
        .list_identities()
        .identity_pool_id(&pool)
        .max_results(2)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.identities().len(), 2);
    let next = listed
        .next_token()
        .expect("a third identity on the next page");
    let rest = sdk
        .list_identities()
        .identity_pool_id(&pool)
        .max_results(2)
        .next_token(next)
        .send()
        .await
        .unwrap();
    assert_eq!(rest.identities().len(), 1);
    assert_eq!(rest.next_token(), None);

    let unknown = "local:00000000-0000-0000-0000-000000000000";
    let deleted = sdk
        .delete_identities()
        .identity_ids_to_delete(guest_id)
        .identity_ids_to_delete(unknown)
        .send()
        .await
        .unwrap();
    let unprocessed: Vec<_> = deleted
        .unprocessed_identity_ids()
        .iter()
        .map(|u| u.identity_id().unwrap())
        .collect();
    assert_eq!(unprocessed, [unknown]);
    let gone = sdk
        .describe_identity()
        .identity_id(guest_id)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&gone), "ResourceNotFoundException");
}

#[tokio::test]
async fn identities_refuse_bad_logins_guests_and_the_classic_flow_where_not_allowed() {
    let app = spawn_app().await;
    let (key, secret) = admin_keys(&app);
    let sdk = identity(&app, &key, &secret);
    let strict = identity_pool(&app, &sdk, false, false).await;
    app.confirmed_user("ada").await;
    let provider = provider_of(&app);
    let signed_in = app.sign_in("ada", PASSWORD).await.unwrap();
    let login = signed_in.tokens.id_token.clone();

    let guests = sdk
        .get_id()
        .identity_pool_id(&strict)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&guests), "NotAuthorizedException");

    let mut tampered = login.clone();
    tampered.pop();
    tampered.push(if login.ends_with('A') { 'B' } else { 'A' });
    let forged = sdk
        .get_id()
        .identity_pool_id(&strict)
        .logins(&provider, &tampered)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&forged), "NotAuthorizedException");
    let access_token = sdk
        .get_id()
        .identity_pool_id(&strict)
        .logins(&provider, &signed_in.tokens.access_token)
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        code(&access_token),
        "NotAuthorizedException",
        "an ID token, not an access token"
    );
    let wrong_key = sdk
        .get_id()
        .identity_pool_id(&strict)
        .logins("accounts.example.com", &login)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&wrong_key), "NotAuthorizedException");

    let ada = sdk
        .get_id()
        .identity_pool_id(&strict)
        .logins(&provider, &login)
        .send()
        .await
        .unwrap()
        .identity_id()
        .unwrap()
        .to_string();
    let classic = sdk
        .get_open_id_token()
        .identity_id(&ada)
        .logins(&provider, &login)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&classic), "InvalidParameterException");
    let without_logins = sdk
        .get_credentials_for_identity()
        .identity_id(&ada)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&without_logins), "NotAuthorizedException");
    app.confirmed_user("bob").await;
    let bob = app.sign_in("bob", PASSWORD).await.unwrap().tokens.id_token;
    let someone_else = sdk
        .get_credentials_for_identity()
        .identity_id(&ada)
        .logins(&provider, &bob)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&someone_else), "NotAuthorizedException");

    // With good logins but no STS configured, the answer says what is missing.
    let no_sts = sdk
        .get_credentials_for_identity()
        .identity_id(&ada)
        .logins(&provider, &login)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&no_sts), "InvalidParameterException");
    assert!(
        no_sts
            .message()
            .unwrap_or_default()
            .contains("identity.sts_endpoint"),
        "{no_sts:?}"
    );

    // A revoked sign-in's ID token no longer opens the identity.
    app.pool
        .global_sign_out(&signed_in.tokens.access_token)
        .await
        .unwrap();
    let revoked = sdk
        .get_id()
        .identity_pool_id(&strict)
        .logins(&provider, &login)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&revoked), "NotAuthorizedException");
}

#[tokio::test]
async fn roles_and_role_mappings_are_set_checked_and_read_back() {
    let app = spawn_app().await;
    let (key, secret) = admin_keys(&app);
    let sdk = identity(&app, &key, &secret);
    let pool = identity_pool(&app, &sdk, true, false).await;
    let mapping_key = format!("{}:{}", provider_of(&app), app.client_id());
    let rule = MappingRule::builder()
        .claim("cognito:groups")
        .match_type(MappingRuleMatchType::Contains)
        .value("editors")
        .role_arn("arn:aws:iam::role/Editor")
        .build()
        .unwrap();
    let mapping = RoleMapping::builder()
        .r#type(RoleMappingType::Rules)
        .ambiguous_role_resolution(AmbiguousRoleResolutionType::AuthenticatedRole)
        .rules_configuration(
            RulesConfigurationType::builder()
                .rules(rule)
                .build()
                .unwrap(),
        )
        .build()
        .unwrap();
    sdk.set_identity_pool_roles()
        .identity_pool_id(&pool)
        .roles("authenticated", "arn:aws:iam::role/User")
        .role_mappings(&mapping_key, mapping.clone())
        .send()
        .await
        .unwrap();
    let roles = sdk
        .get_identity_pool_roles()
        .identity_pool_id(&pool)
        .send()
        .await
        .unwrap();
    assert_eq!(
        roles
            .roles()
            .unwrap()
            .get("authenticated")
            .map(String::as_str),
        Some("arn:aws:iam::role/User")
    );
    assert_eq!(
        roles.role_mappings().unwrap().get(&mapping_key),
        Some(&mapping)
    );

    for (roles_key, arn, mapping_for) in [
        (
            "administrators",
            "arn:aws:iam::role/User",
            mapping_key.as_str(),
        ),
        ("authenticated", "not an arn", mapping_key.as_str()),
        (
            "authenticated",
            "arn:aws:iam::role/User",
            "accounts.example.com:client",
        ),
    ] {
        let refused = sdk
            .set_identity_pool_roles()
            .identity_pool_id(&pool)
            .roles(roles_key, arn)
            .role_mappings(mapping_for, mapping.clone())
            .send()
            .await
            .unwrap_err();
        assert_eq!(
            code(&refused),
            "InvalidParameterException",
            "{roles_key} {arn} {mapping_for}"
        );
    }
    // The roles survive an update of the pool's other settings.
    sdk.update_identity_pool()
        .identity_pool_id(&pool)
        .identity_pool_name("Renamed")
        .allow_unauthenticated_identities(true)
        .cognito_identity_providers(
            CognitoIdentityProvider::builder()
                .provider_name(provider_of(&app))
                .client_id(app.client_id())
                .build(),
        )
        .send()
        .await
        .unwrap();
    let kept = sdk
        .get_identity_pool_roles()
        .identity_pool_id(&pool)
        .send()
        .await
        .unwrap();
    assert_eq!(kept.role_mappings().unwrap().len(), 1);
}

#[tokio::test]
async fn a_flood_of_guest_identities_from_one_address_is_turned_away() {
    let app = spawn_app_with(tempfile::tempdir().unwrap(), |settings| {
        settings.limits.identity_calls_per_address_per_minute = 3;
    })
    .await;
    let (key, secret) = admin_keys(&app);
    let sdk = identity(&app, &key, &secret);
    let config = sdk
        .config()
        .to_builder()
        .retry_config(aws_sdk_cognitoidentity::config::retry::RetryConfig::disabled())
        .build();
    let sdk = Client::from_conf(config);
    let pool = identity_pool(&app, &sdk, true, false).await;
    let mut refused = None;
    for _ in 0..20 {
        if let Err(error) = sdk.get_id().identity_pool_id(&pool).send().await {
            refused = Some(code(&error));
            break;
        }
    }
    assert_eq!(refused.as_deref(), Some("TooManyRequestsException"));
    let listed = sdk
        .list_identities()
        .identity_pool_id(&pool)
        .max_results(60)
        .send()
        .await
        .unwrap();
    assert!(
        listed.identities().len() <= 3,
        "{}",
        listed.identities().len()
    );
}

#[tokio::test]
async fn the_demo_page_offers_your_files_once_an_identity_pool_takes_its_client() {
    let app = spawn_app_with(tempfile::tempdir().unwrap(), |settings| {
        settings.identity.sts_endpoint = Some("http://127.0.0.1:9/".parse().unwrap());
    })
    .await;
    app.confirmed_user("ada").await;
    let signed_in = crate::hosted::post_form(
        &app,
        "/api/sign_in",
        "/login",
        None,
        &[
            ("client_id", ""),
            ("next", "/demo"),
            ("username", "ada"),
            ("password", PASSWORD),
        ],
    )
    .await;
    let cookie = crate::helpers::browser_cookies(signed_in.headers());

    let before = crate::hosted::get_page(&app, "/demo", Some(&cookie)).await;
    // The page's scripts may call the S3 server, and only it besides this site.
    let policy = before.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        policy.contains("connect-src 'self' http://127.0.0.1:9;"),
        "{policy}"
    );
    let html = before.text().await.unwrap();
    assert!(html.contains("No identity pool serves files"), "{html}");

    let (key, secret) = admin_keys(&app);
    let pool = identity_pool(&app, &identity(&app, &key, &secret), false, false).await;
    let html = crate::hosted::get_page(&app, "/demo", Some(&cookie))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains(&pool),
        "the page names the identity pool: {html}"
    );
    assert!(html.contains("needs JavaScript"), "{html}");
}

#[tokio::test]
async fn a_developer_provider_gets_tokens_for_its_users_only_through_the_admin_call() {
    let app = spawn_app().await;
    let (key, secret) = admin_keys(&app);
    let sdk = identity(&app, &key, &secret);
    let pool = sdk
        .create_identity_pool()
        .identity_pool_name("Backend")
        .allow_unauthenticated_identities(false)
        .developer_provider_name("login.example.com")
        .send()
        .await
        .unwrap()
        .identity_pool_id()
        .to_string();
    let first = sdk
        .get_open_id_token_for_developer_identity()
        .identity_pool_id(&pool)
        .logins("login.example.com", "user-17")
        .send()
        .await
        .unwrap();
    let again = sdk
        .get_open_id_token_for_developer_identity()
        .identity_pool_id(&pool)
        .logins("login.example.com", "user-17")
        .send()
        .await
        .unwrap();
    assert_eq!(
        first.identity_id(),
        again.identity_id(),
        "one identity per user"
    );
    let claims = identity_claims(&app, first.token().unwrap()).await;
    assert_eq!(claims["sub"], first.identity_id().unwrap());
    assert_eq!(claims["amr"][0], "authenticated");

    // The developer's user ids are not tokens anyone may present themselves.
    let unsigned = sdk
        .get_id()
        .identity_pool_id(&pool)
        .logins("login.example.com", "user-17")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&unsigned), "NotAuthorizedException");
    let forged = identity(&app, &key, "not-the-secret")
        .get_open_id_token_for_developer_identity()
        .identity_pool_id(&pool)
        .logins("login.example.com", "user-17")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&forged), "InvalidSignatureException");
    let other_provider = sdk
        .get_open_id_token_for_developer_identity()
        .identity_pool_id(&pool)
        .logins("elsewhere.example.com", "user-17")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&other_provider), "InvalidParameterException");
}
