use crate::pool::invalid::{Invalid, LogoutFault};
use crate::pool::{LogoutParams, PoolError};
use crate::testkit::Kit;
use crate::testkit::refused_as;

#[tokio::test]
async fn sign_out_returns_only_to_a_registered_url() {
    let kit = Kit::new().await;
    let none = kit
        .pool
        .logout_target(&LogoutParams::default())
        .await
        .unwrap();
    assert_eq!(none, None, "the sign-in page");
    let cognito = LogoutParams {
        client_id: Some(kit.client_id().into()),
        logout_uri: Some("http://localhost:8080/".into()),
        state: Some("ignored without post_logout_redirect_uri".into()),
        ..LogoutParams::default()
    };
    let target = kit.pool.logout_target(&cognito).await.unwrap();
    assert_eq!(target.as_deref(), Some("http://localhost:8080/"));
    let unregistered = LogoutParams {
        logout_uri: Some("https://evil.example/".into()),
        ..cognito.clone()
    };
    refused_as(
        kit.pool.logout_target(&unregistered).await,
        PoolError::InvalidParameter(Invalid::Logout(LogoutFault::NotRegistered)),
    );
    let anonymous = LogoutParams {
        client_id: None,
        ..cognito
    };
    assert!(kit.pool.logout_target(&anonymous).await.is_err());
}

#[tokio::test]
async fn an_id_token_hint_names_the_client_even_once_expired() {
    let kit = Kit::with_user("jane").await;
    let id_token = kit.signed_in("jane").await.tokens.id_token;
    kit.advance(2 * 3600);
    let oidc = LogoutParams {
        id_token_hint: Some(id_token.clone()),
        post_logout_redirect_uri: Some("http://127.0.0.1:3417/".into()),
        state: Some("s 1".into()),
        ..LogoutParams::default()
    };
    let target = kit.pool.logout_target(&oidc).await.unwrap();
    let back = Some("http://127.0.0.1:3417/?state=s+1");
    assert_eq!(target.as_deref(), back, "the state goes back with the user");
    let other_client = kit.client_with(false, Default::default()).await;
    let mismatch = LogoutParams {
        client_id: Some(other_client.id.to_string()),
        ..oidc.clone()
    };
    assert!(kit.pool.logout_target(&mismatch).await.is_err());
    let forged = LogoutParams {
        id_token_hint: Some(format!("{id_token}x")),
        ..oidc
    };
    assert!(kit.pool.logout_target(&forged).await.is_err());
}
