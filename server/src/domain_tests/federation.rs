use std::collections::BTreeMap;

use crate::pool::{ChosenProvider, Federated, FederationError, OAuthError};

const ISSUER: &str = "https://corp.example";

/// A kit whose pool federates with a fake OpenID provider `Corp` (email mapped), and
/// an app client that offers it; gives the kit, the provider and the client's id.
async fn federating() -> (
    crate::testkit::Kit,
    std::sync::Arc<crate::testkit::FakeIdp>,
    String,
) {
    let (kit, idp) = crate::testkit::Kit::with_idp(ISSUER).await;
    let details = BTreeMap::from([
        ("client_id".to_string(), "cognate".to_string()),
        ("client_secret".to_string(), "provider-secret".to_string()),
        ("authorize_scopes".to_string(), "openid email".to_string()),
        ("oidc_issuer".to_string(), ISSUER.to_string()),
    ]);
    kit.pool
        .create_identity_provider(
            kit.pool_id(),
            crate::pool::NewProvider {
                name: "Corp".into(),
                kind: "OIDC".into(),
                details,
                attribute_mapping: BTreeMap::from([("email".into(), "email".into())]),
                identifiers: Vec::new(),
            },
        )
        .await
        .unwrap();
    let settings = crate::pool::ClientSettings {
        oauth_enabled: true,
        allowed_oauth_flows: vec!["code".into()],
        allowed_oauth_scopes: vec!["openid".into(), "email".into()],
        identity_providers: vec!["Corp".into()],
        callback_urls: vec!["https://app.example/cb".into()],
        ..Default::default()
    };
    let client = kit.client_with(false, settings).await;
    (kit, idp, client.id.as_str().to_string())
}

/// A federated sign-in started from the pages for `client_id`: its `state` and `nonce`,
/// read from the provider's authorization URL once it is checked.
async fn started(kit: &crate::testkit::Kit, client_id: &str) -> (String, String) {
    let url = kit
        .pool
        .federate_from_pages(client_id, ChosenProvider::Named("Corp"), None, "/demo")
        .await
        .unwrap();
    state_and_nonce(&url)
}

/// The provider's authorization URL's `state` and `nonce`, after checking where it
/// sends the browser.
fn state_and_nonce(url: &str) -> (String, String) {
    assert!(url.starts_with("https://corp.example/authorize?"), "{url}");
    let parsed = url::Url::parse(url).unwrap();
    let param = |name: &str| {
        parsed
            .query_pairs()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.into_owned())
            .unwrap_or_else(|| panic!("no {name} in {url}"))
    };
    assert_eq!(param("client_id"), "cognate");
    assert_eq!(param("code_challenge_method"), "S256");
    assert_eq!(
        param("redirect_uri"),
        "https://id.example/oauth2/idpresponse"
    );
    (param("state"), param("nonce"))
}

#[tokio::test]
async fn a_provider_s_user_signs_in_as_a_pool_user_once_its_id_token_checks_out() {
    let (kit, idp, client_id) = federating().await;
    let (state, nonce) = started(&kit, &client_id).await;
    idp.will_sign_in(serde_json::json!({
        "sub": "u-1", "aud": "cognate", "nonce": nonce, "email": "jane@corp.example",
    }));
    let Ok(Federated::Pages { next, signed_in }) =
        kit.pool.finish_federation(&state, Ok("a-code")).await
    else {
        panic!("not signed in");
    };
    assert_eq!(next, "/demo");
    let user = signed_in.user;
    assert_eq!(user.username, "Corp_u-1");
    assert_eq!(user.status, crate::pool::UserStatus::ExternalProvider);
    assert_eq!(user.email(), Some("jane@corp.example"));
    // The state is spent: the same answer again finds nothing.
    let again = kit.pool.finish_federation(&state, Ok("a-code")).await;
    assert!(
        matches!(
            &again,
            Err(FederationError::Page(OAuthError::FederationGone))
        ),
        "{again:?}"
    );
    // The same provider user later is the same pool user.
    let (state, nonce) = started(&kit, &client_id).await;
    idp.will_sign_in(serde_json::json!({"sub": "u-1", "aud": "cognate", "nonce": nonce}));
    let Ok(Federated::Pages { signed_in, .. }) =
        kit.pool.finish_federation(&state, Ok("a-code")).await
    else {
        panic!("not signed in the second time");
    };
    assert_eq!(signed_in.user.sub, user.sub);
}

#[tokio::test]
async fn an_id_token_that_does_not_check_out_signs_no_one_in() {
    let (kit, idp, client_id) = federating().await;
    let refused = |answer: Result<Federated, FederationError>| {
        matches!(
            &answer,
            Err(FederationError::Page(OAuthError::ProviderUntrusted(_)))
        )
    };
    // Signed with a key the provider does not publish (the pool's own).
    let (state, nonce) = started(&kit, &client_id).await;
    let forged = crate::tokens::KeyRing::new(kit.store.clone(), kit.clock.clone())
        .for_pool(&kit.pool_config.id)
        .await
        .unwrap();
    idp.forge_with(forged);
    idp.will_sign_in(serde_json::json!({"sub": "u-2", "aud": "cognate", "nonce": nonce}));
    assert!(refused(kit.pool.finish_federation(&state, Ok("c")).await));
    // Another sign-in's nonce, another client's audience, another issuer.
    for claims in [
        serde_json::json!({"sub": "u-2", "aud": "cognate", "nonce": "someone-else's"}),
        serde_json::json!({"sub": "u-2", "aud": "another-app", "nonce": "NONCE"}),
        serde_json::json!({"sub": "u-2", "aud": "cognate", "nonce": "NONCE",
                           "iss": "https://evil.example"}),
    ] {
        let (state, nonce) = started(&kit, &client_id).await;
        let text = claims.to_string().replace("NONCE", &nonce);
        idp.will_sign_in(serde_json::from_str(&text).unwrap());
        assert!(
            refused(kit.pool.finish_federation(&state, Ok("c")).await),
            "{text}"
        );
    }
    // None of them made a user.
    let made = kit
        .store
        .find_user(&kit.pool_config.id, &crate::pool::fold("Corp_u-2"))
        .await
        .unwrap();
    assert_eq!(made, None);
}
