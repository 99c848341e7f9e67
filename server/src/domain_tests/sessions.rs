use crate::testkit::Kit;

#[tokio::test]
async fn a_session_lives_an_hour_and_ends_its_sign_in() {
    let (kit, signed_in) = Kit::signed_in_as("jane").await;
    let session = kit.pool.start_session(&signed_in).await.unwrap();
    let (user, family) = kit.pool.session_sign_in(&session).await.unwrap().unwrap();
    assert_eq!(user.username, "jane");
    assert_eq!(family.id, signed_in.family_id);
    assert!(kit.pool.session_sign_in("forged").await.unwrap().is_none());
    kit.advance(3600);
    assert!(kit.pool.session_sign_in(&session).await.unwrap().is_none());

    let signed_in = kit.signed_in("jane").await;
    let session = kit.pool.start_session(&signed_in).await.unwrap();
    kit.pool.end_session(&session).await.unwrap();
    assert!(kit.pool.session_sign_in(&session).await.unwrap().is_none());
    assert!(!kit.accepts(&signed_in.tokens.access_token).await);
    // Ending an unknown session is not an error.
    kit.pool.end_session("never-was").await.unwrap();
}

#[tokio::test]
async fn a_session_ends_with_its_users_access() {
    let (kit, signed_in) = Kit::signed_in_as("jane").await;
    let session = kit.pool.start_session(&signed_in).await.unwrap();
    kit.pool
        .admin_set_enabled(kit.pool_id(), "jane", false)
        .await
        .unwrap();
    assert!(kit.pool.session_sign_in(&session).await.unwrap().is_none());
}
