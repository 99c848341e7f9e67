use crate::pool::CodeFor;
use crate::pool::Denied;
use crate::pool::{PoolError, SignInStep, SignUpInput};
use crate::testkit::refused_as;
use crate::testkit::{Kit, PASSWORD, TRUSTED, denied};

/// What the Cognito API says when too many codes were asked for or guessed.
const ATTEMPT_LIMIT: &str = "Attempt limit exceeded, please try after some time.";
const WRONG: &str = "Wrong-Horse-9";

fn signed_in(step: Result<SignInStep, PoolError>) -> bool {
    matches!(step, Ok(SignInStep::Done(_)))
}

#[tokio::test]
async fn five_wrong_passwords_lock_the_user_out_without_spending_a_hash() {
    let kit = Kit::with_user("jane").await;
    for _ in 0..5 {
        assert_eq!(
            denied(kit.sign_in("jane", WRONG).await),
            Denied::WrongCredentials
        );
    }
    let hashes = kit.passwords.jobs_accepted();
    // Locked: the right password is refused too, and nothing is verified.
    for password in [PASSWORD, WRONG, PASSWORD] {
        assert_eq!(
            denied(kit.sign_in("jane", password).await),
            Denied::LockedOut
        );
        assert_eq!(
            denied(kit.sign_in("JANE@example.com", password).await),
            Denied::LockedOut
        );
    }
    assert_eq!(
        kit.passwords.jobs_accepted(),
        hashes,
        "no hash while locked"
    );
    // One second after the fifth failure, the right password works and ends the run.
    kit.advance(1);
    assert!(signed_in(kit.sign_in("jane", PASSWORD).await));
    for _ in 0..4 {
        assert_eq!(
            denied(kit.sign_in("jane", WRONG).await),
            Denied::WrongCredentials
        );
    }
    assert!(signed_in(kit.sign_in("jane", PASSWORD).await), "4 is not 5");
}

#[tokio::test]
async fn each_further_failure_doubles_the_lockout() {
    let kit = Kit::with_user("jane").await;
    for _ in 0..5 {
        let _ = kit.sign_in("jane", WRONG).await;
    }
    kit.advance(1);
    let _ = kit.sign_in("jane", WRONG).await; // the sixth: two seconds
    kit.advance(1);
    assert_eq!(
        denied(kit.sign_in("jane", PASSWORD).await),
        Denied::LockedOut
    );
    kit.advance(1);
    let _ = kit.sign_in("jane", WRONG).await; // the seventh: four seconds
    kit.advance(3);
    assert_eq!(
        denied(kit.sign_in("jane", PASSWORD).await),
        Denied::LockedOut
    );
    kit.advance(1);
    assert!(signed_in(kit.sign_in("jane", PASSWORD).await));
}

#[tokio::test]
async fn an_unknown_name_locks_out_as_a_user_does() {
    let kit = Kit::with_user("jane").await;
    let answers = |name: &'static str| {
        let kit = &kit;
        async move {
            let mut seen = Vec::new();
            for _ in 0..7 {
                seen.push(format!("{:?}", kit.sign_in(name, WRONG).await.map(|_| ())));
            }
            seen
        }
    };
    let real = answers("jane").await;
    let unknown = answers("nobody").await;
    assert_eq!(real, unknown);
    let locked: Result<(), _> = Err(PoolError::NotAuthorized(Denied::LockedOut));
    assert_eq!(real[5], format!("{locked:?}"), "{real:?}");
}

#[tokio::test]
async fn the_srp_door_and_change_password_count_toward_the_lockout() {
    let (kit, signed_in) = Kit::signed_in_as("jane").await;
    let access = &signed_in.tokens.access_token;
    for _ in 0..5 {
        denied(
            kit.pool
                .change_password(access, WRONG, "Another-Horse-2")
                .await,
        );
    }
    assert_eq!(
        denied(
            kit.pool
                .change_password(access, PASSWORD, "Another-Horse-2")
                .await
        ),
        Denied::LockedOut
    );
    let srp = kit
        .pool
        .srp_start(kit.client_id(), "jane", "01", TRUSTED, &Default::default())
        .await;
    assert_eq!(denied(srp), Denied::LockedOut);
}

#[tokio::test]
async fn wrong_codes_are_capped_per_user_across_new_codes() {
    let kit = Kit::with_user("jane").await;
    let wrong = |code: &str| if code == "000000" { "000001" } else { "000000" }.to_string();
    for round in 0..2 {
        kit.forgot("jane").await.unwrap();
        let code = kit.last_code("jane@example.com");
        for _ in 0..5 {
            refused_as(
                kit.reset("jane", &wrong(&code), "Another-Horse-2").await,
                PoolError::CodeMismatch(CodeFor::Emailed),
            );
        }
        if round == 0 {
            // Five wrong tries kill a code.
            let dead = kit.reset("jane", &code, "Another-Horse-2").await;
            refused_as(dead, PoolError::ExpiredCode);
        }
    }
    // Ten wrong guesses this hour: even a fresh code is refused before it is compared.
    kit.forgot("jane").await.unwrap();
    let code = kit.last_code("jane@example.com");
    assert_eq!(
        refused_as(
            kit.reset("jane", &code, "Another-Horse-2").await,
            PoolError::LimitExceeded
        ),
        ATTEMPT_LIMIT
    );
    // The next window allows guesses again (the code itself lived an hour).
    kit.advance(3600);
    kit.forgot("jane").await.unwrap();
    let code = kit.last_code("jane@example.com");
    kit.reset("jane", &code, "Another-Horse-2").await.unwrap();
}

#[tokio::test]
async fn concurrent_guesses_spend_one_try_each() {
    let kit = Kit::with_user("jane").await;
    kit.forgot("jane").await.unwrap();
    let code = kit.last_code("jane@example.com");
    let wrong = if code == "000000" { "000001" } else { "000000" };
    let guesses = (0..20).map(|_| kit.reset("jane", wrong, "Another-Horse-2"));
    let answers = futures::future::join_all(guesses).await;
    let compared = answers
        .iter()
        .filter(|answer| matches!(answer, Err(PoolError::CodeMismatch(_))))
        .count();
    assert_eq!(compared, 5, "{answers:?}");
}

#[tokio::test]
async fn codes_sent_are_capped_per_user_and_per_address() {
    let kit = Kit::with_user("jane").await;
    // Jane's sign-up code was the first of her five this hour.
    for _ in 0..4 {
        kit.forgot("jane").await.unwrap();
    }
    for _ in 0..5 {
        kit.forgot("nobody").await.unwrap();
    }
    assert_eq!(
        refused_as(kit.forgot("jane").await, PoolError::LimitExceeded),
        ATTEMPT_LIMIT
    );
    assert_eq!(
        refused_as(kit.forgot("nobody").await, PoolError::LimitExceeded),
        ATTEMPT_LIMIT
    );
    assert_eq!(kit.mail.to("jane@example.com").len(), 5);

    // Sign-ups naming one victim's address: ten codes an hour, then refused before
    // any user is made.
    for n in 0..12 {
        let input = SignUpInput {
            username: format!("spam{n}"),
            password: PASSWORD.into(),
            attributes: [("email".to_string(), "victim@example.com".to_string())].into(),
            ..SignUpInput::default()
        };
        let signed_up = kit.pool.sign_up(kit.client_id(), TRUSTED, input).await;
        if n < 10 {
            signed_up.unwrap();
        } else {
            assert_eq!(
                refused_as(signed_up, PoolError::LimitExceeded),
                ATTEMPT_LIMIT
            );
        }
    }
    assert_eq!(kit.mail.to("victim@example.com").len(), 10);
    denied(kit.sign_in("spam11", PASSWORD).await);
    kit.advance(3600);
    kit.forgot("jane").await.unwrap();
}
