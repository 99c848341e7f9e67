use crate::clock::Clock;
use crate::pool::CodeFor;
use crate::pool::Denied;
use crate::pool::Invitation;
use crate::pool::secrets::ClientProof;
use crate::pool::{
    EmailMfa, FactorPreference, MfaFactor, MfaMode, MfaPreference, MfaSettings, PoolError,
    SignInStep, totp,
};
use crate::pool::{MfaAnswer, MfaStep};
use crate::testkit::refused_as;
use crate::testkit::{Kit, PASSWORD, denied};

const ON: Option<FactorPreference> = Some(FactorPreference {
    enabled: true,
    preferred: false,
});

/// Jane in a pool with both factors on `mode`, her authenticator set up (its secret
/// returned) if `app`, email codes on if `email`.
async fn jane(mode: MfaMode, app: bool, email: bool) -> (Kit, Option<String>) {
    let (kit, signed_in) = Kit::signed_in_as("jane").await;
    let config = MfaSettings {
        mode,
        software_token: true,
        email: Some(EmailMfa {
            message: Some("Your code: {####}".into()),
            subject: Some("Sign-in code".into()),
        }),
    };
    kit.pool
        .set_mfa_config(kit.pool_id(), config)
        .await
        .unwrap();
    let access = signed_in.tokens.access_token;
    let mut secret = None;
    if app {
        let new = kit.pool.associate_software_token(&access).await.unwrap();
        let code = totp::code_at(&new, kit.clock.now()).unwrap();
        kit.pool
            .verify_software_token(&access, &code, Some("Phone"))
            .await
            .unwrap();
        secret = Some(new);
        // The set-up's code is spent: the sign-ins below start a step later.
        kit.advance(30);
    }
    if email {
        let preference = MfaPreference {
            software_token: None,
            email: ON,
        };
        kit.pool
            .set_mfa_preference(&access, preference)
            .await
            .unwrap();
    }
    (kit, secret)
}

async fn answer(kit: &Kit, session: &str, answer: MfaAnswer<'_>) -> Result<SignInStep, PoolError> {
    kit.pool
        .respond_mfa(
            kit.client_id(),
            ClientProof::Trusted,
            (session, "jane"),
            answer,
        )
        .await
}

fn session_of(step: Result<SignInStep, PoolError>) -> (MfaStep, String) {
    match step {
        Ok(SignInStep::Mfa { step, session, .. }) => (step, session),
        other => panic!("expected a second factor, got {other:?}"),
    }
}

#[tokio::test]
async fn an_authenticator_code_finishes_the_sign_in_once() {
    let (kit, secret) = jane(MfaMode::Optional, true, false).await;
    let secret = secret.unwrap();
    let (step, session) = session_of(kit.sign_in("jane", PASSWORD).await);
    assert_eq!(
        step,
        MfaStep::SoftwareToken {
            device: Some("Phone".into())
        }
    );
    let code = totp::code_at(&secret, kit.clock.now()).unwrap();
    let wrong = if code == "000000" { "000001" } else { "000000" };
    refused_as(
        answer(&kit, &session, MfaAnswer::SoftwareToken(wrong)).await,
        PoolError::CodeMismatch(CodeFor::SignIn),
    );
    let done = answer(&kit, &session, MfaAnswer::SoftwareToken(&code)).await;
    assert!(matches!(done, Ok(SignInStep::Done(_))), "{done:?}");
    // The session is spent, and the code never works again, even in a new sign-in.
    denied(answer(&kit, &session, MfaAnswer::SoftwareToken(&code)).await);
    let (_, again) = session_of(kit.sign_in("jane", PASSWORD).await);
    refused_as(
        answer(&kit, &again, MfaAnswer::SoftwareToken(&code)).await,
        PoolError::CodeMismatch(CodeFor::SignIn),
    );
    kit.advance(30);
    let next = totp::code_at(&secret, kit.clock.now()).unwrap();
    let done = answer(&kit, &again, MfaAnswer::SoftwareToken(&next)).await;
    assert!(matches!(done, Ok(SignInStep::Done(_))), "{done:?}");
}

#[tokio::test]
async fn five_wrong_codes_or_three_minutes_end_the_session() {
    let (kit, secret) = jane(MfaMode::Optional, true, false).await;
    let secret = secret.unwrap();
    let (_, session) = session_of(kit.sign_in("jane", PASSWORD).await);
    let code = totp::code_at(&secret, kit.clock.now()).unwrap();
    let wrong = if code == "000000" { "000001" } else { "000000" };
    for _ in 0..4 {
        refused_as(
            answer(&kit, &session, MfaAnswer::SoftwareToken(wrong)).await,
            PoolError::CodeMismatch(CodeFor::SignIn),
        );
    }
    assert_eq!(
        denied(answer(&kit, &session, MfaAnswer::SoftwareToken(wrong)).await),
        Denied::SessionTriesUsed
    );
    denied(answer(&kit, &session, MfaAnswer::SoftwareToken(&code)).await);
    let (_, late) = session_of(kit.sign_in("jane", PASSWORD).await);
    kit.advance(181);
    let code = totp::code_at(&secret, kit.clock.now()).unwrap();
    assert_eq!(
        denied(answer(&kit, &late, MfaAnswer::SoftwareToken(&code)).await),
        Denied::SessionExpired
    );
}

#[tokio::test]
async fn an_emailed_code_uses_the_pools_message_and_works_once() {
    let (kit, _) = jane(MfaMode::Optional, false, true).await;
    let (step, session) = session_of(kit.sign_in("jane", PASSWORD).await);
    let MfaStep::Email { delivery } = step else {
        panic!("expected an emailed code, got {step:?}");
    };
    assert_eq!(delivery.destination, "j***@e***");
    let sent = kit.mail.to("jane@example.com");
    let message = sent.last().unwrap();
    assert_eq!(message.subject, "Sign-in code");
    assert!(message.body.starts_with("Your code: "), "{}", message.body);
    let code = kit.last_code("jane@example.com");
    let done = answer(&kit, &session, MfaAnswer::EmailCode(&code)).await;
    assert!(matches!(done, Ok(SignInStep::Done(_))), "{done:?}");
    denied(answer(&kit, &session, MfaAnswer::EmailCode(&code)).await);
}

#[tokio::test]
async fn a_changed_email_gets_no_sign_in_codes_until_it_is_verified() {
    let (kit, _) = jane(MfaMode::Optional, false, true).await;
    let (_, session) = session_of(kit.sign_in("jane", PASSWORD).await);
    let code = kit.last_code("jane@example.com");
    let access = match answer(&kit, &session, MfaAnswer::EmailCode(&code)).await {
        Ok(SignInStep::Done(signed_in)) => signed_in.tokens.access_token,
        other => panic!("expected tokens, got {other:?}"),
    };
    let changes = [("email".to_string(), "mallory@example.com".to_string())]
        .into_iter()
        .collect();
    kit.pool.update_attributes(&access, changes).await.unwrap();
    let before = kit.mail.to("mallory@example.com").len();
    // Email codes are her only factor: with no verified address, the pool (MFA
    // optional) lets the password do, and nothing goes to the new address.
    assert!(matches!(
        kit.sign_in("jane", PASSWORD).await,
        Ok(SignInStep::Done(_))
    ));
    // Only the verification code went there, never a sign-in code.
    assert_eq!(kit.mail.to("mallory@example.com").len(), before);
}

#[tokio::test]
async fn two_factors_and_no_preference_ask_which() {
    let (kit, _) = jane(MfaMode::Optional, true, true).await;
    let (step, session) = session_of(kit.sign_in("jane", PASSWORD).await);
    assert_eq!(
        step,
        MfaStep::Select(vec![MfaFactor::SoftwareToken, MfaFactor::Email])
    );
    let (step, _) = session_of(answer(&kit, &session, MfaAnswer::Select(MfaFactor::Email)).await);
    assert!(matches!(step, MfaStep::Email { .. }), "{step:?}");
}

#[tokio::test]
async fn the_pools_mode_decides_who_is_asked() {
    // Optional, no factor: the password is enough.
    let (kit, _) = jane(MfaMode::Optional, false, false).await;
    assert!(matches!(
        kit.sign_in("jane", PASSWORD).await,
        Ok(SignInStep::Done(_))
    ));
    // On, no factor: the email is asked for, the user having one.
    let (kit, _) = jane(MfaMode::On, false, false).await;
    let (step, _) = session_of(kit.sign_in("jane", PASSWORD).await);
    assert!(matches!(step, MfaStep::Email { .. }), "{step:?}");
    // Off: nothing, whatever the user set up.
    let (kit, _) = jane(MfaMode::Optional, true, true).await;
    kit.pool
        .set_mfa_config(kit.pool_id(), MfaSettings::default())
        .await
        .unwrap();
    assert!(matches!(
        kit.sign_in("jane", PASSWORD).await,
        Ok(SignInStep::Done(_))
    ));
}

#[tokio::test]
async fn a_new_password_is_followed_by_the_second_factor() {
    let (kit, _) = jane(MfaMode::On, false, false).await;
    let invited = crate::pool::NewUser {
        username: "invited".into(),
        attributes: [
            ("email".to_string(), "invited@example.com".to_string()),
            ("email_verified".to_string(), "true".to_string()),
        ]
        .into(),
        temporary_password: Some("Temporary-Pass-1".into()),
        invitation: Invitation::Suppress,
        ..Default::default()
    };
    kit.pool
        .admin_create_user(kit.pool_id(), invited)
        .await
        .unwrap();
    let Ok(SignInStep::NewPasswordRequired { session, .. }) =
        kit.sign_in("invited", "Temporary-Pass-1").await
    else {
        panic!("expected the new-password step");
    };
    let step = kit
        .pool
        .respond_new_password(
            kit.client_id(),
            ClientProof::Trusted,
            &session,
            "invited",
            PASSWORD,
        )
        .await;
    let (step, _) = session_of(step);
    assert!(matches!(step, MfaStep::Email { .. }), "{step:?}");
}
