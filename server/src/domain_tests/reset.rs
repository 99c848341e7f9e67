use crate::pool::CodeFor;
use crate::pool::{PoolError, SignInStep, UserStatus};
use crate::testkit::refused_as;
use crate::testkit::{Kit, PASSWORD, denied, weak};

const NEW_PASSWORD: &str = "Another-Horse-2";

#[tokio::test]
async fn a_reset_sets_the_password_and_revokes_every_sign_in() {
    let (kit, before) = Kit::signed_in_as("jane").await;
    let delivery = kit.forgot("jane").await.unwrap();
    assert_eq!(delivery.destination, "j***@e***");
    let code = kit.last_code("jane@example.com");
    weak(kit.reset("jane", &code, "weak").await);
    kit.reset("jane", &code, NEW_PASSWORD).await.unwrap();
    assert!(!kit.accepts(&before.tokens.access_token).await);
    let refreshed = kit.refresh(&before.refresh_token).await;
    assert!(refreshed.is_err(), "the old sign-in is over");
    assert!(kit.sign_in("jane", PASSWORD).await.is_err());
    let step = kit.sign_in("jane", NEW_PASSWORD).await;
    assert!(matches!(step, Ok(SignInStep::Done(_))), "{step:?}");
    // The code is spent.
    refused_as(
        kit.reset("jane", &code, PASSWORD).await,
        PoolError::ExpiredCode,
    );
}

#[tokio::test]
async fn a_reset_code_lives_an_hour() {
    let kit = Kit::with_user("jane").await;
    kit.forgot("jane").await.unwrap();
    let code = kit.last_code("jane@example.com");
    kit.advance(3600);
    refused_as(
        kit.reset("jane", &code, NEW_PASSWORD).await,
        PoolError::ExpiredCode,
    );
}

#[tokio::test]
async fn an_unknown_user_gets_the_answer_a_known_one_gets() {
    let kit = Kit::new().await;
    let delivery = kit.forgot("nobody").await.unwrap();
    assert!(delivery.destination.contains("***"));
    refused_as(
        kit.reset("nobody", "123456", NEW_PASSWORD).await,
        PoolError::CodeMismatch(CodeFor::Emailed),
    );
}

#[tokio::test]
async fn a_reset_confirms_an_unconfirmed_user_and_a_disabled_one_gets_no_code() {
    let kit = Kit::new().await;
    let user = kit.sign_up("ann").await;
    kit.forgot("ann").await.unwrap();
    let code = kit.last_code("ann@example.com");
    kit.reset("ann", &code, NEW_PASSWORD).await.unwrap();
    assert_eq!(kit.user(&user.sub).await.status, UserStatus::Confirmed);

    kit.confirmed_user("jane").await;
    kit.pool
        .admin_set_enabled(kit.pool_id(), "jane", false)
        .await
        .unwrap();
    let sent = kit.mail.to("jane@example.com").len();
    // Where the client hides which users exist, the answer is an unknown name's; a
    // client that does not is told.
    let hidden = kit.forgot("jane").await.unwrap();
    assert_eq!(hidden, kit.forgot("JANE").await.unwrap());
    assert_eq!(kit.mail.to("jane@example.com").len(), sent, "no code");
    let open = kit.open_client().await;
    let told = kit
        .pool
        .forgot_password(open.id.as_str(), crate::testkit::TRUSTED, "jane")
        .await;
    denied(told);
}

#[tokio::test]
async fn a_password_change_needs_the_old_password_and_the_policy() {
    let kit = Kit::with_user("jane").await;
    let token = kit.signed_in("jane").await.tokens.access_token;
    denied(
        kit.pool
            .change_password(&token, "Not-the-password-1", NEW_PASSWORD)
            .await,
    );
    weak(kit.pool.change_password(&token, PASSWORD, "weak").await);
    kit.pool
        .change_password(&token, PASSWORD, NEW_PASSWORD)
        .await
        .unwrap();
    let step = kit.sign_in("jane", NEW_PASSWORD).await;
    assert!(matches!(step, Ok(SignInStep::Done(_))), "{step:?}");
}
