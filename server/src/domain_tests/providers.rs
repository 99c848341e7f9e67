use crate::pool::Missing;
use crate::testkit::refused_as;
use std::collections::BTreeMap;

use crate::pool::PoolError;
use crate::pool::{NewProvider, ProviderChanges};
use crate::testkit::Kit;

fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn corp() -> NewProvider {
    NewProvider {
        name: "Corp".into(),
        kind: "OIDC".into(),
        details: map(&[
            ("client_id", "cognate"),
            ("client_secret", "s3cret"),
            ("authorize_scopes", "openid email"),
            ("oidc_issuer", "https://id.corp.example"),
        ]),
        attribute_mapping: map(&[("email", "email")]),
        identifiers: vec!["corp.example".into()],
    }
}

#[tokio::test]
async fn a_provider_is_checked_stored_found_by_identifier_updated_and_deleted() {
    let kit = Kit::new().await;
    let pool = kit.pool_id().to_string();
    let created = kit
        .pool
        .create_identity_provider(&pool, corp())
        .await
        .unwrap();
    assert_eq!(created.detail("attributes_request_method"), Some("GET"));
    refused_as(
        kit.pool.create_identity_provider(&pool, corp()).await,
        PoolError::ProviderExists {
            provider: "Corp".into(),
        },
    );
    let found = kit
        .pool
        .identity_provider_by_identifier(&pool, "corp.example")
        .await
        .unwrap();
    assert_eq!(found.name, "Corp");

    // A detail left out of an update keeps its value.
    let updated = kit
        .pool
        .update_identity_provider(
            &pool,
            "Corp",
            ProviderChanges {
                details: Some(map(&[("authorize_scopes", "openid profile")])),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(updated.detail("client_secret"), Some("s3cret"));
    assert_eq!(updated.detail("authorize_scopes"), Some("openid profile"));

    kit.pool
        .delete_identity_provider(&pool, "Corp")
        .await
        .unwrap();
    refused_as(
        kit.pool.describe_identity_provider(&pool, "Corp").await,
        PoolError::ResourceNotFound(Missing::Provider("Corp".into())),
    );
}

#[tokio::test]
async fn bad_providers_are_refused_with_the_reason() {
    let kit = Kit::new().await;
    let pool = kit.pool_id().to_string();
    let cases: Vec<(NewProvider, &str)> = vec![
        (
            NewProvider {
                kind: "SAML".into(),
                details: map(&[("IDPSignout", "true")]),
                ..corp()
            },
            "MetadataURL or MetadataFile",
        ),
        (
            NewProvider {
                name: "COGNITO".into(),
                ..corp()
            },
            "COGNITO",
        ),
        (
            NewProvider {
                name: "_corp".into(),
                ..corp()
            },
            "not a valid provider name",
        ),
        (
            NewProvider {
                details: map(&[("client_id", "x"), ("authorize_scopes", "openid")]),
                ..corp()
            },
            "oidc_issuer",
        ),
        (
            NewProvider {
                details: map(&[
                    ("client_id", "x"),
                    ("authorize_scopes", "email"),
                    ("oidc_issuer", "https://id.corp.example"),
                ]),
                ..corp()
            },
            "openid",
        ),
        (
            NewProvider {
                details: map(&[
                    ("client_id", "x"),
                    ("authorize_scopes", "openid"),
                    ("oidc_issuer", "http://id.corp.example"),
                ]),
                ..corp()
            },
            "https",
        ),
        (
            NewProvider {
                details: map(&[("client_id", "x"), ("client_secret", "y")]),
                kind: "Google".into(),
                ..corp()
            },
            "authorize_scopes",
        ),
        (
            NewProvider {
                attribute_mapping: map(&[("sub", "sub")]),
                ..corp()
            },
            "sub",
        ),
    ];
    for (provider, reason) in cases {
        match kit.pool.create_identity_provider(&pool, provider).await {
            Err(error @ PoolError::InvalidParameter(_)) => {
                let message = crate::doors::cognito_api::ApiError::from(error).message;
                assert!(message.contains(reason), "{message} lacks {reason}");
            }
            other => panic!("expected a refusal naming {reason}, got {other:?}"),
        }
    }
    // A preset fills in its endpoints.
    let google = kit
        .pool
        .create_identity_provider(
            &pool,
            NewProvider {
                name: "Google".into(),
                kind: "Google".into(),
                details: map(&[
                    ("client_id", "x"),
                    ("client_secret", "y"),
                    ("authorize_scopes", "openid email"),
                ]),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        google.detail("oidc_issuer"),
        Some("https://accounts.google.com")
    );
}
