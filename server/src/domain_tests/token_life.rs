use crate::pool::ClientSettings;
use crate::pool::secrets::ClientProof;
use crate::pool::{Denied, TokenFault, TokenKind};
use crate::testkit::{Kit, denied};

#[tokio::test]
async fn a_refresh_keeps_the_sign_in_until_its_family_is_revoked() {
    let (kit, signed_in) = Kit::signed_in_as("jane").await;
    let claims = kit
        .pool
        .authorize(&signed_in.tokens.access_token)
        .await
        .unwrap();
    assert_eq!(
        claims.origin_jti.as_deref(),
        Some(signed_in.family_id.as_str())
    );

    kit.advance(600);
    let refreshed = kit.refresh(&signed_in.refresh_token).await.unwrap();
    let again = kit.pool.authorize(&refreshed.access_token).await.unwrap();
    assert_eq!(again.origin_jti, claims.origin_jti, "the same family");
    assert_eq!(again.auth_time, claims.auth_time, "auth_time is kept");

    kit.pool
        .revoke_refresh_token(
            kit.client_id(),
            &signed_in.refresh_token,
            ClientProof::Trusted,
        )
        .await
        .unwrap();
    for token in [&signed_in.tokens.access_token, &refreshed.access_token] {
        let refused = kit.pool.authorize(token).await;
        assert_eq!(
            denied(refused),
            Denied::Token(TokenKind::Access, TokenFault::Revoked)
        );
    }
    assert_eq!(
        denied(kit.refresh(&signed_in.refresh_token).await),
        Denied::Token(TokenKind::Refresh, TokenFault::Revoked)
    );
}

#[tokio::test]
async fn tokens_expire_and_refresh_tokens_belong_to_their_client() {
    let (kit, signed_in) = Kit::signed_in_as("jane").await;
    let other = kit.client_with(false, ClientSettings::default()).await;
    denied(
        kit.pool
            .refresh(
                other.id.as_str(),
                &signed_in.refresh_token,
                ClientProof::Trusted,
            )
            .await,
    );
    kit.advance(3600);
    let expired = kit.pool.authorize(&signed_in.tokens.access_token).await;
    assert_eq!(
        denied(expired),
        Denied::Token(TokenKind::Access, TokenFault::Expired)
    );
    assert_eq!(
        denied(kit.pool.id_token_claims(&signed_in.tokens.id_token).await),
        Denied::Token(TokenKind::Id, TokenFault::Expired)
    );
    kit.advance(30 * 86_400);
    assert_eq!(
        denied(kit.refresh(&signed_in.refresh_token).await),
        Denied::Token(TokenKind::Refresh, TokenFault::Expired)
    );
}

#[tokio::test]
async fn a_global_sign_out_ends_every_sign_in_of_the_user_only() {
    let kit = Kit::with_user("jane").await;
    kit.confirmed_user("joe").await;
    let first = kit.signed_in("jane").await;
    let second = kit.signed_in("jane").await;
    let joe = kit.signed_in("joe").await;
    kit.pool
        .global_sign_out(&first.tokens.access_token)
        .await
        .unwrap();
    for token in [&first.tokens.access_token, &second.tokens.access_token] {
        assert!(!kit.accepts(token).await);
    }
    assert!(kit.accepts(&joe.tokens.access_token).await);
    // A signed-out token cannot sign out again.
    let again = kit.pool.global_sign_out(&first.tokens.access_token).await;
    assert!(again.is_err());
}

#[tokio::test]
async fn a_token_of_a_disabled_user_reads_no_user() {
    let (kit, signed_in) = Kit::signed_in_as("jane").await;
    let (claims, user) = kit
        .pool
        .authenticate(&signed_in.tokens.access_token)
        .await
        .unwrap();
    assert_eq!(claims.sub, user.sub.as_str());
    kit.pool
        .admin_set_enabled(kit.pool_id(), "jane", false)
        .await
        .unwrap();
    denied(kit.pool.authenticate(&signed_in.tokens.access_token).await);
}

#[tokio::test]
async fn a_forged_or_foreign_token_is_refused() {
    let (kit, signed_in) = Kit::signed_in_as("jane").await;
    let access = &signed_in.tokens.access_token;
    let mut parts: Vec<String> = access.split('.').map(str::to_string).collect();
    parts[2] = parts[2].chars().rev().collect();
    for token in [parts.join("."), "not.a.token".to_string(), String::new()] {
        denied(kit.pool.authorize(&token).await);
    }
    // An ID token is not an access token, nor the other way round.
    assert!(!kit.accepts(&signed_in.tokens.id_token).await);
    assert!(kit.pool.id_token_claims(access).await.is_err());
    let claims = kit.id_claims(&signed_in.tokens.id_token).await;
    assert_eq!(claims["cognito:username"], "jane");
    assert_eq!(claims["email_verified"], true);
}
