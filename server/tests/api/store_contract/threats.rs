//! Threat protection's records in both stores: auth events (paged newest first, updated,
//! counted by address, purged by age), devices (a user's own only, confirmed ones listed,
//! unconfirmed ones purged), a token family's device, and previous passwords.

use server::pool::store::Store;
use server::pool::{
    AuthEvent, ChallengeStep, Device, EventContext, EventFeedback, EventKind, EventPage,
    EventResponse, EventRisk, RiskDecision, RiskLevel,
};

use super::*;

fn event(user: &User, id: &str, at: i64, ip: &str) -> AuthEvent {
    AuthEvent {
        id: id.to_string(),
        pool_id: user.pool_id.clone(),
        user_sub: user.sub.clone(),
        kind: EventKind::SignIn,
        created_at: Timestamp(at),
        response: EventResponse::InProgress,
        risk: EventRisk {
            decision: RiskDecision::AccountTakeover,
            level: Some(RiskLevel::Medium),
            compromised: false,
            score: 55,
            signals: vec!["new device".into()],
        },
        challenges: vec![(ChallengeStep::Password, true)],
        context: EventContext {
            ip: Some(ip.to_string()),
            location: Some((48.85, 2.35)),
            ..EventContext::default()
        },
        feedback: None,
        feedback_token_hash: Some("hash".into()),
    }
}

fn device(user: &User, key: &str, confirmed: bool) -> Device {
    Device {
        key: key.to_string(),
        pool_id: user.pool_id.clone(),
        user_sub: user.sub.clone(),
        group_key: "-group".into(),
        verifier: confirmed.then(|| Verifier {
            salt: "0a0b".into(),
            verifier: "0c0d".into(),
        }),
        name: None,
        remembered: false,
        last_ip: None,
        created_at: Timestamp(100),
        updated_at: Timestamp(100),
        last_authenticated_at: None,
    }
}

pub(super) async fn auth_events_devices_and_password_history(store: &dyn Store, _: &Notes) {
    let (pool, client) = pool_with_client(store).await;
    let jane = new_user(&pool, "jane", "jane@example.com", true);
    let john = new_user(&pool, "john", "john@example.com", true);
    store.insert_user(&jane).await.unwrap();
    store.insert_user(&john).await.unwrap();

    // Events: newest first, the same second ordered by id, paged after the last shown.
    for (id, at) in [("e1", 10), ("e2", 20), ("e3", 20), ("e4", 30)] {
        store
            .insert_auth_event(&event(&jane, id, at, "203.0.113.9"))
            .await
            .unwrap();
    }
    store
        .insert_auth_event(&event(&john, "j1", 25, "203.0.113.9"))
        .await
        .unwrap();
    let page = |after, limit| EventPage { after, limit };
    let first = store
        .list_auth_events(&jane.sub, page(None, 2))
        .await
        .unwrap();
    let ids: Vec<&str> = first.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["e4", "e3"]);
    let rest = store
        .list_auth_events(&jane.sub, page(Some((Timestamp(20), "e3")), 10))
        .await
        .unwrap();
    let ids: Vec<&str> = rest.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["e2", "e1"]);
    assert_eq!(first[0], event(&jane, "e4", 30, "203.0.113.9"));

    let mut updated = first[0].clone();
    updated.response = EventResponse::Pass;
    updated.feedback = Some(EventFeedback {
        valid: false,
        provider: "User".into(),
        at: Timestamp(40),
    });
    updated.feedback_token_hash = None;
    store.update_auth_event(&updated).await.unwrap();
    assert_eq!(
        store.get_auth_event(&jane.sub, "e4").await.unwrap(),
        Some(updated)
    );
    // Another user's event is not found through Jane.
    assert_eq!(store.get_auth_event(&jane.sub, "j1").await.unwrap(), None);
    assert_eq!(
        store
            .users_from_address(&pool.id, "203.0.113.9", Timestamp(15))
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        store
            .users_from_address(&pool.id, "203.0.113.9", Timestamp(26))
            .await
            .unwrap(),
        1
    );
    assert_eq!(store.purge_auth_events(Timestamp(20)).await.unwrap(), 1);
    assert_eq!(
        store
            .list_auth_events(&jane.sub, page(None, 10))
            .await
            .unwrap()
            .len(),
        3
    );

    // Devices: a user's own only; only confirmed ones listed; unconfirmed ones purged.
    store
        .insert_device(&device(&jane, "local_a", true))
        .await
        .unwrap();
    store
        .insert_device(&device(&jane, "local_b", false))
        .await
        .unwrap();
    store
        .insert_device(&device(&john, "local_c", true))
        .await
        .unwrap();
    assert!(
        store
            .get_device(&john.sub, "local_a")
            .await
            .unwrap()
            .is_none()
    );
    let mut a = store
        .get_device(&jane.sub, "local_a")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a, device(&jane, "local_a", true));
    let listed = store.list_devices(&jane.sub, None, 10).await.unwrap();
    assert_eq!(listed.len(), 1);
    a.remembered = true;
    a.name = Some("Jane's laptop".into());
    a.last_ip = Some("198.51.100.7".into());
    a.last_authenticated_at = Some(Timestamp(200));
    store.update_device(&a).await.unwrap();
    assert_eq!(
        store.get_device(&jane.sub, "local_a").await.unwrap(),
        Some(a)
    );
    assert_eq!(
        store
            .purge_unconfirmed_devices(Timestamp(101))
            .await
            .unwrap(),
        1
    );
    assert!(
        store
            .get_device(&jane.sub, "local_b")
            .await
            .unwrap()
            .is_none()
    );
    assert!(!store.delete_device(&john.sub, "local_a").await.unwrap());
    assert!(store.delete_device(&jane.sub, "local_a").await.unwrap());

    // A family keeps the device it was issued on.
    let family = TokenFamily {
        device_key: Some("local_c".into()),
        ..new_family(&john, &client, "device-bound")
    };
    store.insert_family(&family).await.unwrap();
    assert_eq!(
        store
            .get_family(&family.id)
            .await
            .unwrap()
            .unwrap()
            .device_key,
        Some("local_c".into())
    );

    // Previous passwords: the newest kept, newest first.
    for (n, hash) in ["h1", "h2", "h3"].iter().enumerate() {
        store
            .remember_password(&jane.sub, hash, Timestamp(n as i64), 2)
            .await
            .unwrap();
    }
    assert_eq!(
        store.password_history(&jane.sub, 10).await.unwrap(),
        ["h3", "h2"]
    );

    // A deleted user takes their events, devices and history with them.
    store.delete_user(&jane.sub).await.unwrap();
    assert!(
        store
            .list_auth_events(&jane.sub, page(None, 10))
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .password_history(&jane.sub, 10)
            .await
            .unwrap()
            .is_empty()
    );
}
