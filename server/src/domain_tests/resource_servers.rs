use crate::pool::Missing;
use crate::pool::invalid::{ClientFault, Invalid};
use crate::pool::{ClientSettings, PoolError, ResourceScope};
use crate::testkit::Kit;
use crate::testkit::refused_as;

fn scope(name: &str) -> ResourceScope {
    ResourceScope {
        name: name.into(),
        description: format!("{name} things"),
    }
}

#[tokio::test]
async fn a_resource_servers_scopes_become_grantable() {
    let kit = Kit::new().await;
    let pool = kit.pool_id();
    let wants = || ClientSettings {
        allowed_oauth_scopes: vec!["api/read".into()],
        ..ClientSettings::default()
    };
    refused_as(
        kit.pool.create_client(pool, "app", true, wants()).await,
        PoolError::InvalidParameter(Invalid::Client(ClientFault::UnknownScope(
            "api/read".into(),
        ))),
    );
    let server = kit
        .pool
        .create_resource_server(pool, "api", "API", vec![scope("read"), scope("write")])
        .await
        .unwrap();
    assert_eq!(
        server.full_scopes().collect::<Vec<_>>(),
        ["api/read", "api/write"]
    );
    let twice = kit
        .pool
        .create_resource_server(pool, "api", "API", vec![])
        .await;
    assert!(twice.is_err());
    kit.client_with(true, wants()).await;
    assert_eq!(kit.pool.list_resource_servers(pool).await.unwrap().len(), 1);
    assert_eq!(
        kit.pool
            .describe_resource_server(pool, "api")
            .await
            .unwrap()
            .name,
        "API"
    );
    kit.pool.delete_resource_server(pool, "api").await.unwrap();
    refused_as(
        kit.pool.describe_resource_server(pool, "api").await,
        PoolError::ResourceNotFound(Missing::ResourceServer("api".into())),
    );
}
