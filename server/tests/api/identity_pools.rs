//! Identity pools' control plane through the official AWS SDK for Cognito Identity, pointed
//! at Cognate: the same port as the user-pool API, its own target and signing service.

use std::time::{Duration, UNIX_EPOCH};

use aws_sdk_cognitoidentity::Client;
use aws_sdk_cognitoidentity::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_cognitoidentity::error::ProvideErrorMetadata;
use aws_sdk_cognitoidentity::types::CognitoIdentityProvider;
use aws_smithy_async::time::StaticTimeSource;

use crate::cognito_admin::{admin_keys, raw_signed_for};
use crate::helpers::{TEST_NOW, TestApp, spawn_app};

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
