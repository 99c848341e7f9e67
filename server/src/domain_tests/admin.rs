use crate::pool::Missing;
use crate::pool::invalid::{Invalid, PoolFault};
use crate::pool::{ClientSettings, PoolError, PoolSettings, Rule};
use crate::testkit::Kit;
use crate::testkit::invalid_with;
use crate::testkit::refused_as;

#[tokio::test]
async fn pools_are_created_checked_updated_and_deleted() {
    let kit = Kit::new().await;
    let slash = kit
        .pool
        .create_pool("local", "no/slash", PoolSettings::default())
        .await;
    assert!(
        matches!(&slash, Err(PoolError::Constraint(broken))
            if broken.value.as_deref() == Some("no/slash")
                && matches!(broken.rule, Rule::Pattern(_))),
        "{slash:?}"
    );
    let refusals = [
        (
            "both",
            PoolSettings {
                username_attributes: vec!["email".into()],
                ..PoolSettings::default()
            },
            "Only one",
        ),
        (
            "sms",
            PoolSettings {
                auto_verified_attributes: vec!["phone_number".into()],
                ..PoolSettings::default()
            },
            "SMS",
        ),
    ];
    for (name, settings, words) in refusals {
        let outcome = kit.pool.create_pool("local", name, settings).await;
        invalid_with(outcome, words);
    }

    let pool = kit
        .pool
        .create_pool("eu-west-1", "Shop", PoolSettings::default())
        .await
        .unwrap();
    assert!(pool.id.as_str().starts_with("eu-west-1_"));
    assert!(kit.pool.jwks(&pool.id).await.unwrap().contains("RS256"));
    assert_eq!(kit.pool.list_pools().await.unwrap().len(), 2);

    // The sign-in attributes are fixed at creation; the rest may change.
    let mut settings = PoolSettings {
        alias_attributes: vec![],
        auto_verified_attributes: vec![],
        ..PoolSettings::default()
    };
    settings.password_policy.minimum_length = 12;
    let updated = kit
        .pool
        .update_pool(pool.id.as_str(), settings)
        .await
        .unwrap();
    assert_eq!(updated.settings.alias_attributes, ["email"]);
    assert!(!updated.settings.verifies_email());
    assert_eq!(updated.settings.password_policy.minimum_length, 12);

    let default = kit.pool_config.id.clone();
    refused_as(
        kit.pool.delete_pool(default.as_str(), &default).await,
        PoolError::InvalidParameter(Invalid::Pool(PoolFault::Default("user pool"))),
    );
    kit.pool
        .delete_pool(pool.id.as_str(), &default)
        .await
        .unwrap();
    refused_as(
        kit.pool.describe_pool(pool.id.as_str()).await,
        PoolError::ResourceNotFound(Missing::Pool(pool.id.to_string())),
    );
    assert!(matches!(
        kit.pool.jwks(&pool.id).await,
        Err(PoolError::ResourceNotFound(_))
    ));
}

#[tokio::test]
async fn clients_belong_to_their_pool_and_keep_validities_in_range() {
    let kit = Kit::new().await;
    let short_tokens = ClientSettings {
        access_token_validity: 60,
        ..ClientSettings::default()
    };
    let implicit = ClientSettings {
        allowed_oauth_flows: vec!["implicit".into()],
        ..ClientSettings::default()
    };
    for (settings, words) in [
        (short_tokens, "AccessTokenValidity"),
        (implicit, "implicit"),
    ] {
        let outcome = kit
            .pool
            .create_client(kit.pool_id(), "app", false, settings);
        invalid_with(outcome.await, words);
    }
    let client = kit
        .pool
        .create_client(kit.pool_id(), "app", true, ClientSettings::default())
        .await
        .unwrap();
    assert!(client.secret.is_some());
    assert_eq!(kit.pool.list_clients(kit.pool_id()).await.unwrap().len(), 2);

    let (other, _) = kit
        .other_pool(PoolSettings::default(), ClientSettings::default())
        .await;
    refused_as(
        kit.pool
            .describe_client(other.id.as_str(), client.id.as_str())
            .await,
        PoolError::ResourceNotFound(Missing::Client(client.id.to_string())),
    );
    let renamed = kit
        .pool
        .update_client(
            kit.pool_id(),
            client.id.as_str(),
            Some("renamed"),
            ClientSettings {
                callback_urls: vec!["http://app.example/cb".into()],
                ..ClientSettings::default()
            },
        )
        .await;
    assert!(
        matches!(renamed, Err(PoolError::InvalidParameter(_))),
        "http is for localhost only"
    );

    let default = kit.client.id.clone();
    refused_as(
        kit.pool
            .delete_client(kit.pool_id(), default.as_str(), &default)
            .await,
        PoolError::InvalidParameter(Invalid::Pool(PoolFault::Default("app client"))),
    );
    kit.pool
        .delete_client(kit.pool_id(), client.id.as_str(), &default)
        .await
        .unwrap();
    assert!(matches!(
        kit.pool.client(client.id.as_str()).await,
        Err(PoolError::ResourceNotFound(_))
    ));
}
