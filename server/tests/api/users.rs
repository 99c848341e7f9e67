//! The user-pool rules: sign-up, codes, sign-in, reset and change of password.

use server::pool::secrets::ClientProof;
use server::pool::{Attributes, PoolError, SignUpInput};

use crate::helpers::{PASSWORD, cognito_words, email_of, spawn_app};

#[tokio::test]
async fn sign_up_emails_a_code_that_confirms_the_user_who_can_then_sign_in() {
    let app = spawn_app().await;
    let outcome = app.sign_up("Jane", PASSWORD).await.unwrap();
    assert!(!outcome.confirmed);
    assert_eq!(outcome.delivery.unwrap().destination, "j***@e***");

    let messages = app.emails_to("jane@example.com");
    assert_eq!(messages.len(), 1);
    assert!(messages[0].contains("Subject: Your Cognate verification code"));
    assert!(messages[0].contains("Hello Jane,"));
    assert!(
        messages[0].contains(&format!("{}/confirmUser?username=Jane", app.address)),
        "a link to the page that takes the code: {}",
        messages[0]
    );
    let code = app.last_code_for("jane@example.com");

    app.pool
        .confirm_sign_up(app.client_id(), ClientProof::Trusted, "jane", &code)
        .await
        .unwrap();
    // Usernames are case-insensitive; the verified email is an alias.
    for login in ["Jane", "JANE", "jane@example.com", "Jane@Example.COM"] {
        let signed_in = app.sign_in(login, PASSWORD).await.unwrap();
        assert_eq!(signed_in.user.username, "Jane");
        assert_eq!(signed_in.user.status.as_str(), "CONFIRMED");
    }
}

#[tokio::test]
async fn a_username_is_taken_whatever_its_case() {
    let app = spawn_app().await;
    app.sign_up("jane", PASSWORD).await.unwrap();
    let error = app.sign_up("JANE", PASSWORD).await.unwrap_err();
    assert!(matches!(error, PoolError::UsernameExists(_)), "{error:?}");
    assert_eq!(cognito_words(error), "User already exists");
}

#[tokio::test]
async fn each_password_rule_is_enforced_with_its_own_message() {
    let app = spawn_app().await;
    let cases = [
        ("Sh0rt!", "Password not long enough"),
        ("NO-LOWER-1", "Password must have lowercase characters"),
        ("no-upper-1", "Password must have uppercase characters"),
        ("No-Digits-Here", "Password must have numeric characters"),
        ("NoSymbols1", "Password must have symbol characters"),
    ];
    for (password, reason) in cases {
        let error = app.sign_up("jane", password).await.unwrap_err();
        assert!(matches!(error, PoolError::InvalidPassword(_)), "{error:?}");
        assert_eq!(
            cognito_words(error),
            format!("Password did not conform with policy: {reason}")
        );
    }
    // None of the refused sign-ups created the user.
    app.sign_up("jane", PASSWORD).await.unwrap();
}

#[tokio::test]
async fn sign_up_input_is_checked() {
    let app = spawn_app().await;
    let sign_up = |username: &str, attributes: &[(&str, &str)]| {
        let attributes: Attributes = attributes
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        app.pool.sign_up(
            app.client_id(),
            ClientProof::Trusted,
            SignUpInput {
                username: username.to_string(),
                password: PASSWORD.to_string(),
                attributes,
                ..SignUpInput::default()
            },
        )
    };
    let error = sign_up("jane", &[]).await.unwrap_err();
    assert!(cognito_words(error).contains("email: The attribute is required"));
    let error = sign_up("jane", &[("email", "not-an-email")])
        .await
        .unwrap_err();
    assert_eq!(cognito_words(error), "Invalid email address format.");
    let error = sign_up("jane@example.com", &[("email", "jane@example.com")])
        .await
        .unwrap_err();
    assert!(cognito_words(error).contains("cannot be of email format"));
    let error = sign_up("jane doe", &[("email", "jane@example.com")])
        .await
        .unwrap_err();
    assert!(matches!(error, PoolError::InvalidParameter(_)));
    let error = sign_up("jane", &[("email", "jane@example.com"), ("shoe_size", "9")])
        .await
        .unwrap_err();
    assert!(cognito_words(error).contains("Attribute does not exist"));
    let error = app
        .pool
        .sign_up(
            "nosuchclient00000000000000",
            ClientProof::Trusted,
            SignUpInput {
                username: "jane".into(),
                password: PASSWORD.into(),
                attributes: Attributes::new(),
                ..SignUpInput::default()
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(error, PoolError::ResourceNotFound(_)));
}

#[tokio::test]
async fn a_claimed_email_verified_unverified_cannot_be_confirmed_by_a_second_account() {
    let app = spawn_app().await;
    app.confirmed_user("jane").await;
    let attributes: Attributes = [("email".to_string(), email_of("jane"))].into();
    app.pool
        .sign_up(
            app.client_id(),
            ClientProof::Trusted,
            SignUpInput {
                username: "impostor".into(),
                password: PASSWORD.into(),
                attributes,
                ..SignUpInput::default()
            },
        )
        .await
        .unwrap();
    let code = app.last_code_for(&email_of("jane"));
    let error = app
        .pool
        .confirm_sign_up(app.client_id(), ClientProof::Trusted, "impostor", &code)
        .await
        .unwrap_err();
    assert!(matches!(error, PoolError::AliasExists(_)), "{error:?}");
    // Jane's alias still signs Jane in.
    let signed_in = app.sign_in(&email_of("jane"), PASSWORD).await.unwrap();
    assert_eq!(signed_in.user.username, "jane");
}

#[tokio::test]
async fn a_wrong_code_is_refused_and_the_user_stays_unconfirmed() {
    let app = spawn_app().await;
    app.sign_up("jane", PASSWORD).await.unwrap();
    let code = app.last_code_for("jane@example.com");
    let wrong = if code == "111111" { "222222" } else { "111111" };
    let error = app
        .pool
        .confirm_sign_up(app.client_id(), ClientProof::Trusted, "jane", wrong)
        .await
        .unwrap_err();
    assert!(matches!(error, PoolError::CodeMismatch(_)), "{error:?}");
    let error = app.sign_in("jane", PASSWORD).await.unwrap_err();
    assert!(matches!(error, PoolError::UserNotConfirmed), "{error:?}");
    // The right code still works after one wrong try.
    app.pool
        .confirm_sign_up(app.client_id(), ClientProof::Trusted, "jane", &code)
        .await
        .unwrap();
    // And only once: the client hides which users exist, so a confirmed user's answer is
    // an unknown name's (no live code), not "already confirmed".
    let error = app
        .pool
        .confirm_sign_up(app.client_id(), ClientProof::Trusted, "jane", &code)
        .await
        .unwrap_err();
    assert!(matches!(error, PoolError::ExpiredCode), "{error:?}");
}

#[tokio::test]
async fn a_sign_up_code_expires_after_24_hours() {
    let app = spawn_app().await;
    app.sign_up("jane", PASSWORD).await.unwrap();
    let code = app.last_code_for("jane@example.com");
    app.clock.advance(24 * 3600);
    let error = app
        .pool
        .confirm_sign_up(app.client_id(), ClientProof::Trusted, "jane", &code)
        .await
        .unwrap_err();
    assert!(matches!(error, PoolError::ExpiredCode), "{error:?}");
    assert_eq!(
        cognito_words(error),
        "Invalid code provided, please request a code again."
    );
}

#[tokio::test]
async fn five_wrong_tries_kill_the_code() {
    let app = spawn_app().await;
    app.sign_up("jane", PASSWORD).await.unwrap();
    let code = app.last_code_for("jane@example.com");
    let wrong = if code == "111111" { "222222" } else { "111111" };
    for _ in 0..5 {
        let error = app
            .pool
            .confirm_sign_up(app.client_id(), ClientProof::Trusted, "jane", wrong)
            .await
            .unwrap_err();
        assert!(matches!(error, PoolError::CodeMismatch(_)), "{error:?}");
    }
    let error = app
        .pool
        .confirm_sign_up(app.client_id(), ClientProof::Trusted, "jane", &code)
        .await
        .unwrap_err();
    assert!(matches!(error, PoolError::ExpiredCode), "{error:?}");
}

#[tokio::test]
async fn resending_sends_a_fresh_code_and_kills_the_old_one() {
    let app = spawn_app().await;
    app.sign_up("jane", PASSWORD).await.unwrap();
    let old = app.last_code_for("jane@example.com");
    // Resend until the new code differs (1 in a million it does not).
    let mut new = old.clone();
    while new == old {
        app.pool
            .resend_confirmation_code(app.client_id(), ClientProof::Trusted, "jane")
            .await
            .unwrap();
        new = app.last_code_for("jane@example.com");
    }
    assert!(app.emails_to("jane@example.com").len() >= 2);
    let error = app
        .pool
        .confirm_sign_up(app.client_id(), ClientProof::Trusted, "jane", &old)
        .await
        .unwrap_err();
    assert!(matches!(error, PoolError::CodeMismatch(_)), "{error:?}");
    app.pool
        .confirm_sign_up(app.client_id(), ClientProof::Trusted, "jane", &new)
        .await
        .unwrap();
}

#[tokio::test]
async fn an_unconfirmed_user_must_confirm_but_only_with_the_right_password() {
    let app = spawn_app().await;
    app.sign_up("jane", PASSWORD).await.unwrap();
    let error = app.sign_in("jane", PASSWORD).await.unwrap_err();
    assert!(matches!(error, PoolError::UserNotConfirmed), "{error:?}");
    let error = app.sign_in("jane", "Wrong-Password-1").await.unwrap_err();
    assert!(matches!(error, PoolError::NotAuthorized(_)), "{error:?}");
}

#[tokio::test]
async fn an_unknown_user_and_a_wrong_password_are_indistinguishable() {
    let app = spawn_app().await;
    app.confirmed_user("jane").await;
    let wrong_password = app.sign_in("jane", "Wrong-Password-1").await.unwrap_err();
    let unknown_user = app.sign_in("nobody", "Wrong-Password-1").await.unwrap_err();
    assert!(matches!(wrong_password, PoolError::NotAuthorized(_)));
    assert!(matches!(unknown_user, PoolError::NotAuthorized(_)));
    let wrong_password = cognito_words(wrong_password);
    assert_eq!(wrong_password, "Incorrect username or password.");
    assert_eq!(cognito_words(unknown_user), wrong_password);

    // Forgot-password and resend for an unknown user look like success.
    let delivery = app
        .pool
        .forgot_password(app.client_id(), ClientProof::Trusted, "nobody")
        .await
        .unwrap();
    assert_eq!(delivery.medium, "EMAIL");
    app.pool
        .resend_confirmation_code(app.client_id(), ClientProof::Trusted, "nobody")
        .await
        .unwrap();
    assert!(app.emails_to("nobody@example.com").is_empty());
}

#[tokio::test]
async fn a_forgotten_password_is_reset_with_the_emailed_code() {
    let app = spawn_app().await;
    app.confirmed_user("jane").await;
    let delivery = app
        .pool
        .forgot_password(app.client_id(), ClientProof::Trusted, "jane")
        .await
        .unwrap();
    assert_eq!(delivery.destination, "j***@e***");
    let message = app.emails_to("jane@example.com").pop().unwrap();
    assert!(message.contains("Subject: Your Cognate password reset code"));
    let code = app.last_code_for("jane@example.com");

    let weak = app
        .pool
        .confirm_forgot_password(app.client_id(), ClientProof::Trusted, "jane", &code, "weak")
        .await
        .unwrap_err();
    assert!(matches!(weak, PoolError::InvalidPassword(_)), "{weak:?}");
    app.pool
        .confirm_forgot_password(
            app.client_id(),
            ClientProof::Trusted,
            "jane",
            &code,
            "New-Password-2",
        )
        .await
        .unwrap();
    let old = app.sign_in("jane", PASSWORD).await.unwrap_err();
    assert!(matches!(old, PoolError::NotAuthorized(_)), "{old:?}");
    app.sign_in("jane", "New-Password-2").await.unwrap();
    // The code was single-use.
    let again = app
        .pool
        .confirm_forgot_password(
            app.client_id(),
            ClientProof::Trusted,
            "jane",
            &code,
            "Other-Password-3",
        )
        .await
        .unwrap_err();
    assert!(matches!(again, PoolError::ExpiredCode), "{again:?}");
}

#[tokio::test]
async fn a_reset_code_expires_after_an_hour() {
    let app = spawn_app().await;
    app.confirmed_user("jane").await;
    app.pool
        .forgot_password(app.client_id(), ClientProof::Trusted, "jane")
        .await
        .unwrap();
    let code = app.last_code_for("jane@example.com");
    app.clock.advance(3600);
    let error = app
        .pool
        .confirm_forgot_password(
            app.client_id(),
            ClientProof::Trusted,
            "jane",
            &code,
            "New-Password-2",
        )
        .await
        .unwrap_err();
    assert!(matches!(error, PoolError::ExpiredCode), "{error:?}");
    app.sign_in("jane", PASSWORD).await.unwrap();
}

#[tokio::test]
async fn resetting_confirms_an_unconfirmed_user() {
    let app = spawn_app().await;
    app.sign_up("jane", PASSWORD).await.unwrap();
    app.pool
        .forgot_password(app.client_id(), ClientProof::Trusted, "jane")
        .await
        .unwrap();
    // The sign-up's code went to the same address moments before.
    let code = app.last_code_about("jane@example.com", "password reset");
    app.pool
        .confirm_forgot_password(
            app.client_id(),
            ClientProof::Trusted,
            "jane",
            &code,
            "New-Password-2",
        )
        .await
        .unwrap();
    let signed_in = app
        .sign_in("jane@example.com", "New-Password-2")
        .await
        .unwrap();
    assert_eq!(signed_in.user.status.as_str(), "CONFIRMED");
}

#[tokio::test]
async fn a_signed_in_user_changes_their_password_by_giving_the_old_one() {
    let app = spawn_app().await;
    app.confirmed_user("jane").await;
    let signed_in = app.sign_in("jane", PASSWORD).await.unwrap();
    let access = &signed_in.tokens.access_token;
    let error = app
        .pool
        .change_password(access, "Not-The-Old-1", "New-Password-2")
        .await
        .unwrap_err();
    assert!(matches!(error, PoolError::NotAuthorized(_)), "{error:?}");
    let error = app
        .pool
        .change_password(access, PASSWORD, "weak")
        .await
        .unwrap_err();
    assert!(matches!(error, PoolError::InvalidPassword(_)), "{error:?}");
    app.pool
        .change_password(access, PASSWORD, "New-Password-2")
        .await
        .unwrap();
    assert!(app.sign_in("jane", PASSWORD).await.is_err());
    app.sign_in("jane", "New-Password-2").await.unwrap();
}
