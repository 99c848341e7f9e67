use crate::pool::invalid::{AttributeFault, Invalid};
use crate::pool::{AliasTaken, CodeFor, UnknownUser};
use crate::pool::{Attributes, PoolError, SignInStep};
use crate::testkit::invalid;
use crate::testkit::invalid_with;
use crate::testkit::refused_as;
use crate::testkit::{Kit, PASSWORD};

fn attributes(pairs: &[(&str, &str)]) -> Attributes {
    pairs
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect()
}

#[tokio::test]
async fn a_changed_email_signs_in_only_once_verified() {
    let kit = Kit::with_user("jane").await;
    let token = kit.signed_in("jane").await.tokens.access_token;
    let delivery = kit
        .pool
        .update_attributes(&token, attributes(&[("email", "jane@new.example")]))
        .await
        .unwrap();
    assert_eq!(
        delivery.map(|d| d.destination).as_deref(),
        Some("j***@n***")
    );
    let (_, user) = kit.pool.authenticate(&token).await.unwrap();
    assert!(!user.email_verified());
    assert!(kit.sign_in("jane@new.example", PASSWORD).await.is_err());
    let code = kit.last_code("jane@new.example");
    kit.pool
        .verify_attribute(&token, "email", &code)
        .await
        .unwrap();
    let step = kit.sign_in("jane@new.example", PASSWORD).await;
    assert!(matches!(step, Ok(SignInStep::Done(_))), "{step:?}");
}

#[tokio::test]
async fn a_user_cannot_write_what_only_cognate_sets() {
    let kit = Kit::with_user("jane").await;
    let token = kit.signed_in("jane").await.tokens.access_token;
    for name in ["sub", "email_verified"] {
        assert!(matches!(
            invalid(
                kit.pool
                    .update_attributes(&token, attributes(&[(name, "true")]))
                    .await
            ),
            Invalid::Attribute(_)
        ));
    }
    invalid_with(
        kit.pool
            .delete_attributes(&token, &["email".to_string()])
            .await,
        "required",
    );
    kit.pool
        .update_attributes(&token, attributes(&[("custom:team", "blue")]))
        .await
        .unwrap();
    kit.pool
        .delete_attributes(&token, &["custom:team".to_string()])
        .await
        .unwrap();
    let (_, user) = kit.pool.authenticate(&token).await.unwrap();
    assert!(!user.attributes.contains_key("custom:team"));
    // An administrator may verify an email outright: no code goes out.
    let sent = kit.mail.to("jane@admin.example").len();
    let delivery = kit
        .pool
        .admin_update_attributes(
            kit.pool_id(),
            "jane",
            attributes(&[("email", "jane@admin.example"), ("email_verified", "true")]),
        )
        .await
        .unwrap();
    assert_eq!(delivery, None);
    assert_eq!(kit.mail.to("jane@admin.example").len(), sent);
    kit.pool
        .admin_delete_attributes(kit.pool_id(), "jane", &["email_verified".to_string()])
        .await
        .unwrap();
    let user = kit.pool.admin_user(kit.pool_id(), "jane").await.unwrap();
    assert!(!user.email_verified());
}

#[tokio::test]
async fn a_verified_email_cannot_be_taken_by_another_user() {
    let kit = Kit::with_user("jane").await;
    kit.confirmed_user("joe").await;
    refused_as(
        kit.pool
            .admin_update_attributes(
                kit.pool_id(),
                "joe",
                attributes(&[("email", "jane@example.com"), ("email_verified", "true")]),
            )
            .await,
        PoolError::AliasExists(AliasTaken::Attribute("email".into())),
    );
}

#[tokio::test]
async fn only_email_is_verified_and_by_its_own_code() {
    let kit = Kit::with_user("jane").await;
    let token = kit.signed_in("jane").await.tokens.access_token;
    refused_as(
        kit.pool
            .send_verification_code(&token, "phone_number")
            .await,
        PoolError::InvalidParameter(Invalid::Attribute(AttributeFault::NotVerifiable(
            "phone_number".into(),
        ))),
    );
    kit.pool
        .send_verification_code(&token, "email")
        .await
        .unwrap();
    let code = kit.last_code("jane@example.com");
    let wrong = if code == "000000" { "111111" } else { "000000" };
    refused_as(
        kit.pool.verify_attribute(&token, "email", wrong).await,
        PoolError::CodeMismatch(CodeFor::Emailed),
    );
    kit.pool
        .verify_attribute(&token, "email", &code)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_user_deletes_their_own_account() {
    let kit = Kit::with_user("jane").await;
    let token = kit.signed_in("jane").await.tokens.access_token;
    kit.pool.delete_self(&token).await.unwrap();
    assert!(!kit.accepts(&token).await);
    refused_as(
        kit.pool.admin_user(kit.pool_id(), "jane").await,
        PoolError::UserNotFound(UnknownUser::User),
    );
}
