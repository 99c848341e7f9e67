use crate::pool::PasswordFault;
use crate::pool::invalid::{Invalid, SignInFault};
use crate::pool::secrets::ClientProof;
use crate::pool::{ClientSettings, PoolError, PoolSettings, SignUpInput, UserStatus};
use crate::pool::{CodeFor, NameTaken, UnknownUser};
use crate::testkit::invalid_with;
use crate::testkit::refused_as;
use crate::testkit::{Kit, PASSWORD, denied, email_of, weak};
use password_policy::PasswordRule;

/// A sign-up through `client_id` (the door's proof already shown).
async fn sign_up_on(
    kit: &Kit,
    client_id: &str,
    input: SignUpInput,
) -> Result<crate::pool::SignUpOutcome, PoolError> {
    kit.pool
        .sign_up(client_id, ClientProof::Trusted, input)
        .await
}

fn input(username: &str, email: &str, password: &str) -> SignUpInput {
    SignUpInput {
        username: username.into(),
        password: password.into(),
        attributes: [("email".to_string(), email.to_string())].into(),
        ..SignUpInput::default()
    }
}

#[tokio::test]
async fn a_sign_up_is_unconfirmed_until_its_emailed_code_comes_back() {
    let kit = Kit::new().await;
    let user = kit.sign_up("jane").await;
    assert_eq!(user.status, UserStatus::Unconfirmed);
    assert!(!user.email_verified());
    let code = kit.last_code("jane@example.com");
    kit.confirm("JANE", &code).await.unwrap();
    let user = kit.user(&user.sub).await;
    assert_eq!(user.status, UserStatus::Confirmed);
    assert!(user.email_verified(), "the code proved the address");
    // Used once: the same code cannot confirm again. The client hides which users
    // exist, so a confirmed user answers as an unknown name does; a client that does
    // not is told the status.
    refused_as(kit.confirm("jane", &code).await, PoolError::ExpiredCode);
    refused_as(kit.confirm("nobody", &code).await, PoolError::ExpiredCode);
    let open = kit.open_client().await;
    let confirmed = kit
        .pool
        .confirm_sign_up(open.id.as_str(), ClientProof::Trusted, "jane", &code)
        .await;
    denied(confirmed);
}

#[tokio::test]
async fn a_taken_username_or_a_weak_password_is_refused() {
    let kit = Kit::new().await;
    kit.sign_up("jane").await;
    refused_as(
        sign_up_on(
            &kit,
            kit.client_id(),
            input("Jane", "other@example.com", PASSWORD),
        )
        .await,
        PoolError::UsernameExists(NameTaken::Username),
    );
    let short = sign_up_on(
        &kit,
        kit.client_id(),
        input("joe", "joe@example.com", "short"),
    )
    .await;
    assert!(matches!(
        weak(short),
        PasswordFault::Unmet(PasswordRule::MinimumLength(_))
    ));
    invalid_with(
        sign_up_on(
            &kit,
            kit.client_id(),
            SignUpInput {
                attributes: Default::default(),
                ..input("ann", "", PASSWORD)
            },
        )
        .await,
        "email",
    );
}

#[tokio::test]
async fn a_code_expires_after_a_day() {
    let kit = Kit::new().await;
    kit.sign_up("jane").await;
    let code = kit.last_code("jane@example.com");
    kit.advance(24 * 3600);
    refused_as(kit.confirm("jane", &code).await, PoolError::ExpiredCode);
}

#[tokio::test]
async fn five_wrong_tries_kill_the_code() {
    let kit = Kit::new().await;
    kit.sign_up("jane").await;
    let code = kit.last_code("jane@example.com");
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..5 {
        refused_as(
            kit.confirm("jane", wrong).await,
            PoolError::CodeMismatch(CodeFor::Emailed),
        );
    }
    refused_as(kit.confirm("jane", &code).await, PoolError::ExpiredCode);
}

#[tokio::test]
async fn a_resent_code_kills_the_old_one() {
    let kit = Kit::new().await;
    kit.sign_up("jane").await;
    let old = kit.last_code("jane@example.com");
    let delivery = kit.resend("jane").await.unwrap();
    assert_eq!(delivery.destination, "j***@e***");
    let new = kit.last_code("jane@example.com");
    assert_eq!(kit.mail.to("jane@example.com").len(), 2);
    if old != new {
        let stale = kit.confirm("jane", &old).await;
        assert!(stale.is_err(), "the old code is dead");
    }
    kit.confirm("jane", &new).await.unwrap();
    // Confirmed users get no more codes; where the client hides which users exist,
    // the answer is an unknown name's.
    let sent = kit.mail.to("jane@example.com").len();
    let hidden = kit.resend("jane").await.unwrap();
    assert_eq!(
        hidden.destination,
        crate::pool::fake_delivery("jane").destination
    );
    assert_eq!(kit.mail.to("jane@example.com").len(), sent, "no email");
    let open = kit.open_client().await;
    let told = kit
        .pool
        .resend_confirmation_code(open.id.as_str(), ClientProof::Trusted, "jane")
        .await;
    refused_as(
        told,
        PoolError::InvalidParameter(Invalid::SignIn(SignInFault::AlreadyConfirmed)),
    );
}

#[tokio::test]
async fn unknown_users_look_like_known_ones_unless_the_client_opts_out() {
    let kit = Kit::new().await;
    // PreventUserExistenceErrors (the default): a made-up delivery, a code mismatch.
    let resent = kit.resend("nobody").await.unwrap();
    assert!(resent.destination.contains("***"));
    assert!(kit.mail.to("nobody@example.com").is_empty());
    refused_as(
        kit.confirm("nobody", "123456").await,
        PoolError::CodeMismatch(CodeFor::Emailed),
    );

    let open = kit.open_client().await;
    refused_as(
        kit.pool
            .resend_confirmation_code(open.id.as_str(), ClientProof::Trusted, "nobody")
            .await,
        PoolError::UserNotFound(UnknownUser::ForClient),
    );
}

#[tokio::test]
async fn a_client_with_a_secret_needs_the_secret_hash() {
    let kit = Kit::new().await;
    let client = kit.client_with(true, ClientSettings::default()).await;
    denied(
        kit.pool
            .sign_up(
                client.id.as_str(),
                ClientProof::SecretHash(None),
                input("jane", "jane@example.com", PASSWORD),
            )
            .await,
    );
    let hash = crate::pool::secrets::secret_hash(
        client.secret.as_ref().unwrap().expose(),
        "jane",
        client.id.as_str(),
    );
    kit.pool
        .sign_up(
            client.id.as_str(),
            ClientProof::SecretHash(Some(&hash)),
            input("jane", "jane@example.com", PASSWORD),
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn where_the_email_is_the_username_the_email_signs_up_and_the_sub_is_stored() {
    let kit = Kit::new().await;
    let (_, client) = kit
        .pool_with(PoolSettings {
            username_attributes: vec!["email".into()],
            alias_attributes: vec![],
            ..PoolSettings::default()
        })
        .await;
    let outcome = sign_up_on(
        &kit,
        client.id.as_str(),
        input("Jane@Example.com", "Jane@Example.com", PASSWORD),
    )
    .await
    .unwrap();
    assert_eq!(outcome.sign_in_name, "Jane@Example.com");
    assert!(outcome.delivery.is_some());
    let user = kit.user(&outcome.sub).await;
    assert_eq!(
        user.username,
        user.sub.as_str(),
        "the stored username is the sub"
    );
    // In the default pool the username is the username.
    let outcome = sign_up_on(
        &kit,
        kit.client_id(),
        input("joe", &email_of("joe"), PASSWORD),
    )
    .await
    .unwrap();
    assert_eq!(outcome.sign_in_name, "joe");
}

#[tokio::test]
async fn a_pool_without_auto_verification_sends_no_code() {
    let kit = Kit::new().await;
    let (_, client) = kit
        .pool_with(PoolSettings {
            auto_verified_attributes: vec![],
            ..PoolSettings::default()
        })
        .await;
    let outcome = sign_up_on(
        &kit,
        client.id.as_str(),
        input("jane", "jane@example.com", PASSWORD),
    )
    .await
    .unwrap();
    assert_eq!(outcome.delivery, None);
    assert!(kit.mail.to("jane@example.com").is_empty());
    refused_as(
        kit.pool
            .resend_confirmation_code(client.id.as_str(), ClientProof::Trusted, "jane")
            .await,
        PoolError::InvalidParameter(Invalid::SignIn(SignInFault::NoAutoVerification)),
    );
    // The hosted sign-in says an administrator confirms, not "enter the code".
    refused_as(
        kit.pool
            .password_sign_in(
                client.id.as_str(),
                "jane",
                PASSWORD,
                crate::pool::Via::Pages {
                    oauth_request: None,
                },
            )
            .await,
        PoolError::AwaitingConfirmation,
    );
}
