use crate::pool::Missing;
use crate::pool::invalid::{IdentityPoolFault, Invalid};
use crate::pool::{CognitoProviderRef, IdentityPoolSettings, PoolError};
use crate::testkit::Kit;
use crate::testkit::invalid;
use crate::testkit::refused_as;

#[tokio::test]
async fn an_identity_pool_takes_only_this_servers_user_pools_and_their_clients() {
    let kit = Kit::new().await;
    let pool_id = crate::pool::PoolId::parse(kit.pool_id()).unwrap();
    let provider = kit.pool.login_provider_name(&pool_id);
    assert!(!provider.contains("://") && provider.ends_with(kit.pool_id()));
    let settings = |provider_name: &str, client_id: &str| IdentityPoolSettings {
        allow_unauthenticated: true,
        providers: vec![CognitoProviderRef {
            provider_name: provider_name.to_string(),
            client_id: client_id.to_string(),
            server_side_token_check: false,
        }],
        ..Default::default()
    };
    let client = kit.client_id().to_string();
    let created = kit
        .pool
        .create_identity_pool("local", "Photos app", settings(&provider, &client))
        .await
        .unwrap();
    assert!(created.id.starts_with("local:"), "{}", created.id);
    assert_eq!(
        kit.pool.describe_identity_pool(&created.id).await.unwrap(),
        created
    );

    let foreign = format!("cognito-idp.eu-west-1.amazonaws.com/{pool_id}");
    assert!(matches!(
        invalid(
            kit.pool
                .create_identity_pool("local", "x", settings(&foreign, &client))
                .await
        ),
        Invalid::IdentityPool(IdentityPoolFault::ForeignPool { .. })
    ));
    assert!(matches!(
        invalid(
            kit.pool
                .create_identity_pool("local", "x", settings(&provider, "nosuchclient"))
                .await
        ),
        Invalid::IdentityPool(IdentityPoolFault::ForeignClient { .. })
    ));
    refused_as(
        kit.pool
            .create_identity_pool("local", "bad/name", IdentityPoolSettings::default())
            .await,
        PoolError::InvalidParameter(Invalid::IdentityPool(IdentityPoolFault::Name(
            "bad/name".into(),
        ))),
    );

    let renamed = kit
        .pool
        .update_identity_pool(&created.id, "Photos", IdentityPoolSettings::default())
        .await
        .unwrap();
    assert_eq!(renamed.name, "Photos");
    assert!(renamed.settings.providers.is_empty());
    assert_eq!(kit.pool.list_identity_pools().await.unwrap().len(), 1);
    kit.pool.delete_identity_pool(&created.id).await.unwrap();
    refused_as(
        kit.pool.describe_identity_pool(&created.id).await,
        PoolError::ResourceNotFound(Missing::IdentityPool(created.id.clone())),
    );
    refused_as(
        kit.pool.describe_identity_pool("not-an-id").await,
        PoolError::ResourceNotFound(Missing::IdentityPool("not-an-id".into())),
    );
}
