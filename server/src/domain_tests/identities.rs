use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::Value;

use crate::pool::federation::LinkError;
use crate::pool::{Denied, IdentityPoolSettings, LoginFault, Logins, PoolError, UserPool};

#[tokio::test]
async fn concurrent_first_requests_make_one_identity_key() {
    let kit = crate::testkit::Kit::new().await;
    let all = identity_jwks_at_once(&kit.pool).await;
    let first: Value = serde_json::from_str(&all[0]).unwrap();
    assert_eq!(first["keys"].as_array().unwrap().len(), 1, "one key");
    assert!(
        all.iter().all(|jwks| *jwks == all[0]),
        "the same key for all"
    );
}

/// Eight first requests for the identity issuer's keys, at once.
async fn identity_jwks_at_once(pool: &UserPool) -> Vec<String> {
    let calls = (0..8).map(|_| pool.identity_jwks());
    let mut all = Vec::new();
    for jwks in futures::future::join_all(calls).await {
        all.push(jwks.unwrap());
    }
    all
}

/// A guest identity pool with both roles, on a kit whose STS is fake, and a guest's
/// identity in it: the kit, the STS, the pool's id and the guest's.
async fn guest_pool() -> (
    crate::testkit::Kit,
    Arc<crate::testkit::FakeSts>,
    String,
    String,
) {
    let (kit, sts) = crate::testkit::Kit::with_sts().await;
    let settings = IdentityPoolSettings {
        allow_unauthenticated: true,
        ..Default::default()
    };
    let created = kit
        .pool
        .create_identity_pool("local", "Guests", settings)
        .await
        .unwrap();
    let roles = BTreeMap::from([
        (
            "authenticated".into(),
            "arn:aws:iam::000000000000:role/User".into(),
        ),
        (
            "unauthenticated".into(),
            "arn:aws:iam::000000000000:role/Guest".into(),
        ),
    ]);
    kit.pool
        .set_identity_pool_roles(&created.id, roles, BTreeMap::new())
        .await
        .unwrap();
    let guest = kit
        .pool
        .get_identity_id(&created.id, &Logins::new())
        .await
        .unwrap();
    (kit, sts, created.id, guest)
}

/// The claims of a JWT, read without checking it (the STS checks it; the test reads
/// what it was shown).
fn claims_of(token: &str) -> Value {
    use base64::Engine as _;
    let payload = token.split('.').nth(1).expect("a JWT");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .expect("base64url");
    serde_json::from_slice(&bytes).expect("JSON claims")
}

#[tokio::test]
async fn a_guest_gets_the_unauthenticated_roles_credentials_from_the_sts() {
    let (kit, sts, pool_id, guest) = guest_pool().await;
    let credentials = kit
        .pool
        .credentials_for_identity(&guest, &Logins::new(), None)
        .await
        .unwrap();
    assert_eq!(
        credentials.access_key_id,
        crate::testkit::FakeSts::ACCESS_KEY_ID
    );
    let asked = sts.asked();
    assert_eq!(asked.len(), 1);
    assert_eq!(asked[0].role_arn, "arn:aws:iam::000000000000:role/Guest");
    // The STS is shown Cognate's identity token for this identity of this pool.
    let claims = claims_of(&asked[0].web_identity_token);
    assert_eq!(claims["sub"], guest.as_str());
    assert_eq!(claims["aud"], pool_id.as_str());
    assert_eq!(
        claims["iss"],
        format!("{}/identity", crate::testkit::PUBLIC_URL)
    );
    // A guest's CustomRoleArn chooses nothing (it chooses among a token's roles): the
    // STS is asked for the guest role again.
    kit.pool
        .credentials_for_identity(
            &guest,
            &Logins::new(),
            Some("arn:aws:iam::000000000000:role/Admin"),
        )
        .await
        .unwrap();
    let asked = sts.asked();
    assert_eq!(asked.len(), 2);
    assert_eq!(asked[1].role_arn, "arn:aws:iam::000000000000:role/Guest");
}

#[tokio::test]
async fn an_sts_that_refuses_or_does_not_answer_is_told_apart() {
    let (kit, sts, _, guest) = guest_pool().await;
    sts.fail_with(LinkError::Refused("AccessDenied".into()));
    let refused = kit
        .pool
        .credentials_for_identity(&guest, &Logins::new(), None)
        .await;
    assert!(
        matches!(
            &refused,
            Err(PoolError::NotAuthorized(Denied::Login(
                LoginFault::RoleRefused
            )))
        ),
        "{refused:?}"
    );
    sts.fail_with(LinkError::Unreachable("timed out".into()));
    let silent = kit
        .pool
        .credentials_for_identity(&guest, &Logins::new(), None)
        .await;
    assert!(
        matches!(silent, Err(PoolError::ExternalService)),
        "{silent:?}"
    );
    // Either way nothing is handed out, and the next ask is answered again.
    let answered = kit
        .pool
        .credentials_for_identity(&guest, &Logins::new(), None)
        .await;
    assert!(answered.is_ok(), "{answered:?}");
}
