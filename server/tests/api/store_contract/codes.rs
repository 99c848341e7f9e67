//! The store contract for emailed codes (replaced by a new one, tries counted, used once)
//! and for sign-ins waiting on a challenge (each kind kept whole, taken once).

use server::pool::{AuthSession, Challenge};

use super::*;

on_both_stores! {
    keeps_codes: codes_are_replaced_counted_and_used_once;
    keeps_waiting_sign_ins: every_waiting_step_comes_back_whole_and_once;
}

async fn every_waiting_step_comes_back_whole_and_once(store: &dyn Store, _: &Notes) {
    let (pool, client) = pool_with_client(store).await;
    let user = new_user(&pool, "jane", "jane@example.com", true);
    store.insert_user(&user).await.unwrap();
    let steps = [
        Challenge::PasswordVerifier {
            srp_key: vec![0, 7, 255, 1],
        },
        Challenge::NewPassword,
        Challenge::SoftwareToken,
        Challenge::EmailCode {
            code_hash: "salted-hash".into(),
        },
        Challenge::SelectFactor,
        Challenge::FactorSetup,
    ];
    for (n, challenge) in steps.into_iter().enumerate() {
        let waiting = AuthSession {
            client_id: client.id.clone(),
            user_sub: user.sub.clone(),
            challenge,
            expires_at: Timestamp(500 + n as i64),
            tries_left: 5 - n as i64,
            device_key: (n % 2 == 1).then(|| format!("local_device-{n}")),
        };
        let id = format!("session-{n}");
        store.insert_auth_session(&id, &waiting).await.unwrap();
        assert_eq!(
            store.take_auth_session(&id).await.unwrap(),
            Some(waiting),
            "step {n} comes back as it went in"
        );
        assert_eq!(
            store.take_auth_session(&id).await.unwrap(),
            None,
            "step {n} is taken once"
        );
    }
}

async fn codes_are_replaced_counted_and_used_once(store: &dyn Store, _: &Notes) {
    let (pool, client) = pool_with_client(store).await;
    let user = new_user(&pool, "jane", "jane@example.com", false);
    store.insert_user(&user).await.unwrap();
    let code = |hash: &str| StoredCode {
        hash: hash.to_string(),
        expires_at: Timestamp(100),
        tries_left: 5,
        pending: None,
    };
    assert_eq!(
        store.get_code(&user.sub, Purpose::SignUp).await.unwrap(),
        None
    );
    store
        .put_code(&user.sub, Purpose::SignUp, &code("old"), Timestamp(1))
        .await
        .unwrap();
    store
        .put_code(&user.sub, Purpose::SignUp, &code("new"), Timestamp(2))
        .await
        .unwrap();
    store
        .put_code(
            &user.sub,
            Purpose::ResetPassword,
            &code("reset"),
            Timestamp(2),
        )
        .await
        .unwrap();
    // A code that carries a value waiting for it keeps the value, and a new one replaces it.
    let pending = StoredCode {
        pending: Some("jane@new.example".into()),
        ..code("verify")
    };
    store
        .put_code(&user.sub, Purpose::VerifyEmail, &pending, Timestamp(2))
        .await
        .unwrap();
    assert_eq!(
        store
            .take_code_try(&user.sub, Purpose::VerifyEmail, Timestamp(2))
            .await
            .unwrap()
            .and_then(|c| c.pending)
            .as_deref(),
        Some("jane@new.example")
    );
    store
        .put_code(
            &user.sub,
            Purpose::VerifyEmail,
            &code("again"),
            Timestamp(3),
        )
        .await
        .unwrap();
    assert_eq!(
        store
            .get_code(&user.sub, Purpose::VerifyEmail)
            .await
            .unwrap()
            .unwrap()
            .pending,
        None
    );
    assert_eq!(
        store.get_code(&user.sub, Purpose::SignUp).await.unwrap(),
        Some(code("new"))
    );
    // A try is spent before the code is compared: the code comes back as it was.
    assert_eq!(
        store
            .take_code_try(&user.sub, Purpose::SignUp, Timestamp(2))
            .await
            .unwrap(),
        Some(code("new"))
    );
    assert_eq!(
        store
            .get_code(&user.sub, Purpose::SignUp)
            .await
            .unwrap()
            .unwrap()
            .tries_left,
        4
    );

    let family = new_family(&user, &client, "r1");
    store.insert_family(&family).await.unwrap();
    let mut confirmed = user.clone();
    confirmed.status = UserStatus::Confirmed;
    let use_code = |hash: &'static str, revoke: Option<Timestamp>| CodeUse {
        purpose: Purpose::SignUp,
        code_hash: hash,
        user: &confirmed,
        revoke_sessions_at: revoke,
    };
    // A replaced code cannot be used.
    assert!(!store.use_code(use_code("old", None)).await.unwrap());
    assert_eq!(store.get_user(&user.sub).await.unwrap(), Some(user.clone()));
    assert!(
        store
            .use_code(use_code("new", Some(Timestamp(50))))
            .await
            .unwrap()
    );
    assert!(
        !store.use_code(use_code("new", None)).await.unwrap(),
        "single use"
    );
    assert_eq!(
        store.get_code(&user.sub, Purpose::SignUp).await.unwrap(),
        None
    );
    assert_eq!(
        store.get_user(&user.sub).await.unwrap(),
        Some(confirmed.clone())
    );
    assert_eq!(
        store
            .get_family(&family.id)
            .await
            .unwrap()
            .unwrap()
            .revoked_at,
        Some(Timestamp(50))
    );
    // The other purpose's code is untouched.
    assert!(
        store
            .get_code(&user.sub, Purpose::ResetPassword)
            .await
            .unwrap()
            .is_some()
    );

    // Tries run out: no more compares. An expired code gives none either.
    for left in (1..=5).rev() {
        let taken = store
            .take_code_try(&user.sub, Purpose::ResetPassword, Timestamp(2))
            .await
            .unwrap();
        assert_eq!(taken.map(|code| code.tries_left), Some(left));
    }
    assert_eq!(
        store
            .take_code_try(&user.sub, Purpose::ResetPassword, Timestamp(2))
            .await
            .unwrap(),
        None
    );
    store
        .put_code(
            &user.sub,
            Purpose::ResetPassword,
            &code("again"),
            Timestamp(3),
        )
        .await
        .unwrap();
    assert_eq!(
        store
            .take_code_try(&user.sub, Purpose::ResetPassword, Timestamp(100))
            .await
            .unwrap(),
        None,
        "expired at 100"
    );
}
