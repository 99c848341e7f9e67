use crate::pool::Missing;
use crate::pool::{PoolError, PoolId};
use crate::testkit::Kit;
use crate::testkit::refused_as;

#[tokio::test]
async fn a_request_names_a_client_that_exists() {
    let kit = Kit::new().await;
    let (pool, client) = kit.pool.client(kit.client_id()).await.unwrap();
    assert_eq!(pool.id, kit.pool_config.id);
    assert_eq!(client.id, kit.client.id);
    for unknown in ["", "not a client id", "aaaaaaaaaaaaaaaaaaaaaaaaaa"] {
        refused_as(
            kit.pool.client(unknown).await,
            PoolError::ResourceNotFound(Missing::Client(unknown.into())),
        );
    }
    assert_eq!(
        kit.pool.issuer(&pool.id),
        format!("https://id.example/{}", pool.id)
    );
    let missing = PoolId::parse("local_aaaaaaaaa").unwrap();
    assert!(matches!(
        kit.pool.jwks(&missing).await,
        Err(PoolError::ResourceNotFound(_))
    ));
}
