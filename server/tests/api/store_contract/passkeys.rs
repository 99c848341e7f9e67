//! Passkeys in both stores: one ID per pool, a user's own only, listed oldest first, a use
//! written only over the counter it read, deleted by their user alone, and the waiting
//! steps of a choice-based sign-in.

use server::pool::store::Store;
use server::pool::{AuthSession, Challenge, Passkey};

use super::*;

fn passkey(user: &User, id: &str, at: i64) -> Passkey {
    Passkey {
        id: id.to_string(),
        pool_id: user.pool_id.clone(),
        user_sub: user.sub.clone(),
        relying_party_id: "localhost".into(),
        public_key: "{\"key\":1}".into(),
        sign_count: 3,
        transports: vec!["internal".into(), "hybrid".into()],
        attachment: Some("platform".into()),
        name: Some("Chrome on Linux".into()),
        created_at: Timestamp(at),
        last_used_at: None,
        flagged: false,
    }
}

pub(super) async fn passkeys_and_choice_steps(store: &dyn Store, _: &Notes) {
    let (pool, client) = pool_with_client(store).await;
    let jane = new_user(&pool, "jane", "jane@example.com", true);
    let john = new_user(&pool, "john", "john@example.com", true);
    store.insert_user(&jane).await.unwrap();
    store.insert_user(&john).await.unwrap();

    let first = passkey(&jane, "cred-b", 20);
    assert!(store.insert_passkey(&first).await.unwrap());
    assert!(
        store
            .insert_passkey(&passkey(&jane, "cred-a", 30))
            .await
            .unwrap()
    );
    // The same ID again, even for another user: refused, nothing written.
    assert!(
        !store
            .insert_passkey(&passkey(&john, "cred-b", 40))
            .await
            .unwrap()
    );
    let listed = store.list_passkeys(&jane.sub).await.unwrap();
    let ids: Vec<&str> = listed.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["cred-b", "cred-a"]);
    assert_eq!(listed[0], first);
    assert!(store.list_passkeys(&john.sub).await.unwrap().is_empty());
    assert!(
        store
            .get_passkey(&john.sub, "cred-b")
            .await
            .unwrap()
            .is_none()
    );

    // A use is written only over the counter it read.
    let mut used = first.clone();
    used.sign_count = 4;
    used.last_used_at = Some(Timestamp(50));
    assert!(store.record_passkey_use(&used, 3).await.unwrap());
    assert!(!store.record_passkey_use(&used, 3).await.unwrap());
    let mut flagged = used.clone();
    flagged.flagged = true;
    assert!(store.record_passkey_use(&flagged, 4).await.unwrap());
    assert_eq!(
        store.get_passkey(&jane.sub, "cred-b").await.unwrap(),
        Some(flagged)
    );

    // Deleted by their user only.
    assert!(!store.delete_passkey(&john.sub, "cred-a").await.unwrap());
    assert!(store.delete_passkey(&jane.sub, "cred-a").await.unwrap());
    assert!(!store.delete_passkey(&jane.sub, "cred-a").await.unwrap());

    // Choice-based sign-in's steps come back as they were kept.
    for (key, challenge) in [
        ("select", Challenge::SelectFirstFactor),
        (
            "passkey",
            Challenge::Passkey {
                state: "{\"s\":1}".into(),
            },
        ),
        (
            "code",
            Challenge::SignInCode {
                code_hash: "h".into(),
            },
        ),
        (
            "register",
            Challenge::PasskeyRegistration {
                state: "{\"r\":2}".into(),
            },
        ),
    ] {
        let waiting = AuthSession {
            client_id: client.id.clone(),
            user_sub: jane.sub.clone(),
            challenge,
            expires_at: Timestamp(500),
            tries_left: 5,
            device_key: None,
        };
        store.insert_auth_session(key, &waiting).await.unwrap();
        assert_eq!(store.take_auth_session(key).await.unwrap(), Some(waiting));
    }

    // A deleted user's passkeys go with them.
    store.delete_user(&jane.sub).await.unwrap();
    assert!(store.list_passkeys(&jane.sub).await.unwrap().is_empty());
}
