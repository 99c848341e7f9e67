use crate::testkit::{Kit, PASSWORD, denied};

#[tokio::test]
async fn deleting_the_account_takes_the_password() {
    let (kit, signed_in) = Kit::signed_in_as("jane").await;
    let access = signed_in.tokens.access_token;
    denied(
        kit.pool
            .delete_self_with_password(&access, "Wrong-Horse-1")
            .await,
    );
    assert!(kit.pool.account(&access).await.is_ok(), "still there");
    kit.pool
        .delete_self_with_password(&access, PASSWORD)
        .await
        .unwrap();
    assert!(kit.pool.account(&access).await.is_err(), "gone");
}
