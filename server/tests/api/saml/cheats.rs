//! The IdP cheats, one way per test: each forged or misdirected response reaches the app as
//! `access_denied`, and the forged user (`mallory@corp.example`) never becomes a pool user.

use super::*;

/// That the forged name never became a user of the pool.
async fn no_forged_user(app: &TestApp, saml: &Saml) {
    let users = admin(app)
        .list_users()
        .user_pool_id(&saml.pool)
        .send()
        .await
        .unwrap();
    let names: Vec<&str> = users.users().iter().filter_map(|u| u.username()).collect();
    assert!(
        names.iter().all(|name| !name.contains("mallory")),
        "a forged user exists: {names:?}"
    );
}

#[tokio::test]
async fn wrapped_signatures_are_refused_in_every_published_form() {
    let app = spawn_app().await;
    let saml = setup(&app, &[]).await;
    for (cheat, sign) in [
        ("xsw-response-in-signature", "response"),
        ("xsw-response-sibling", "response"),
        ("xsw-assertion-before", "assertion"),
        ("xsw-assertion-wrapping", "assertion"),
        ("xsw-assertion-in-signature", "assertion"),
        ("xsw-assertion-in-extensions", "assertion"),
    ] {
        let back = sign_in(&app, &saml, "alice", &[("cheat", cheat), ("sign", sign)]).await;
        assert_denied(&back);
    }
    no_forged_user(&app, &saml).await;
}

#[tokio::test]
async fn unsigned_responses_and_assertions_changed_after_signing_are_refused() {
    let app = spawn_app().await;
    let saml = setup(&app, &[]).await;
    assert_denied(&sign_in(&app, &saml, "alice", &[("sign", "none")]).await);
    // Signed over the response, then its assertion's NameID changed.
    let back = sign_in(
        &app,
        &saml,
        "alice",
        &[("sign", "response"), ("cheat", "edited-after-signing")],
    )
    .await;
    assert_denied(&back);
    no_forged_user(&app, &saml).await;
}

#[tokio::test]
async fn a_comment_inside_the_name_id_cannot_shorten_it_to_another_users_name() {
    let app = spawn_app().await;
    let saml = setup(&app, &[]).await;
    // "alice<!---->@corp.example": signed as the whole name; read up to the comment it
    // would be "alice".
    let back = sign_in(&app, &saml, "alice", &[("cheat", "comment-in-name-id")]).await;
    assert_denied(&back);
    let users = admin(&app)
        .list_users()
        .user_pool_id(&saml.pool)
        .send()
        .await
        .unwrap();
    assert!(users.users().is_empty(), "no user was made");
}

#[tokio::test]
async fn responses_for_another_audience_or_recipient_or_expired_are_refused() {
    let app = spawn_app().await;
    let saml = setup(&app, &[]).await;
    let other = "urn:amazon:cognito:sp:local_otherpool";
    for knobs in [
        vec![("audience", other)],
        vec![("recipient", "http://127.0.0.1:9/saml2/idpresponse")],
        vec![("expired", "1")],
    ] {
        // The other audience must be an SP the IdP knows: the pool's own, registered again.
        if knobs[0].0 == "audience" {
            let (idp, _) = idp();
            let certificate = admin(&app)
                .get_signing_certificate()
                .user_pool_id(&saml.pool)
                .send()
                .await
                .unwrap()
                .certificate()
                .unwrap()
                .to_string();
            app.http
                .post(format!("{idp}/sp"))
                .json(&json!({
                    "entity_id": other,
                    "acs": format!("{}/saml2/idpresponse", app.address),
                    "slo": format!("{}/saml2/logout", app.address),
                    "certificate": certificate,
                }))
                .send()
                .await
                .unwrap();
        }
        let back = sign_in(&app, &saml, "alice", &knobs).await;
        assert_denied(&back);
    }
}

#[tokio::test]
async fn a_response_is_taken_once_and_only_from_the_browser_that_asked() {
    let app = spawn_app().await;
    let saml = setup(&app, &[]).await;
    let (sso, cookie) = authorize(&app, &saml, &[("identity_provider", "Corp")]).await;
    let relay_state = param(&sso, "RelayState").unwrap();
    let response = idp_response(&app, &sso, "alice", &[]).await;

    // Another browser (no cookie) posting it is refused, and does not spend the sign-in.
    let elsewhere = post_response(&app, &response, Some(&relay_state), None).await;
    assert_ne!(elsewhere.status(), reqwest::StatusCode::FOUND);
    assert!(
        elsewhere.status().is_client_error(),
        "{}",
        elsewhere.status()
    );

    let first = post_response(&app, &response, Some(&relay_state), cookie.as_deref()).await;
    id_claims(&app, &saml, &location(&first)).await;
    // Replayed: the sign-in is over.
    let again = post_response(&app, &response, Some(&relay_state), cookie.as_deref()).await;
    assert!(again.status().is_client_error(), "{}", again.status());
    let page = again.text().await.unwrap();
    assert!(page.contains("expired or was already used"), "{page}");
}

#[tokio::test]
async fn a_response_to_another_sign_in_is_refused() {
    let app = spawn_app().await;
    let saml = setup(&app, &[]).await;
    let (first_sso, _) = authorize(&app, &saml, &[("identity_provider", "Corp")]).await;
    let (second_sso, second_cookie) =
        authorize(&app, &saml, &[("identity_provider", "Corp")]).await;
    // The first request's response, brought back on the second sign-in.
    let response = idp_response(&app, &first_sso, "alice", &[]).await;
    let relay_state = param(&second_sso, "RelayState").unwrap();
    let back = post_response(
        &app,
        &response,
        Some(&relay_state),
        second_cookie.as_deref(),
    )
    .await;
    assert_denied(&back);
}

#[tokio::test]
async fn unsolicited_responses_are_refused_unless_the_provider_allows_idp_initiated_sign_in() {
    let app = spawn_app().await;
    let saml = setup(&app, &[]).await;
    let (response, relay_state) = unsolicited_response(&app, &saml, "alice").await;
    let back = post_response(&app, &response, Some(&relay_state), None).await;
    assert_denied(&back);

    admin(&app)
        .update_identity_provider()
        .user_pool_id(&saml.pool)
        .provider_name("Corp")
        .provider_details("IDPInit", "true")
        .send()
        .await
        .unwrap();
    let (response, _) = unsolicited_response(&app, &saml, "alice").await;
    let back = post_response(&app, &response, Some(&relay_state), None).await;
    let id = id_claims(&app, &saml, &location(&back)).await;
    assert_eq!(id["cognito:username"], "Corp_alice@corp.example");
    // The same assertion again: accepted once only.
    let replayed = post_response(&app, &response, Some(&relay_state), None).await;
    assert_denied(&replayed);
}

#[tokio::test]
async fn dtds_external_entities_and_oversized_responses_are_refused_unread() {
    let app = spawn_app().await;
    let saml = setup(&app, &[]).await;
    for cheat in ["xxe", "billion-laughs", "oversized"] {
        let back = sign_in(&app, &saml, "alice", &[("cheat", cheat)]).await;
        assert_denied(&back);
    }
    // Garbage in the form gets the same answer, never a 500.
    let (sso, cookie) = authorize(&app, &saml, &[("identity_provider", "Corp")]).await;
    let relay_state = param(&sso, "RelayState").unwrap();
    let back = post_response(
        &app,
        "not base64 at all!",
        Some(&relay_state),
        cookie.as_deref(),
    )
    .await;
    assert_denied(&back);
}

#[tokio::test]
async fn signatures_made_with_sha1_are_refused() {
    let app = spawn_app().await;
    let saml = setup(&app, &[]).await;
    assert_denied(&sign_in(&app, &saml, "alice", &[("alg", "sha1")]).await);
}

#[tokio::test]
async fn one_address_flooding_the_assertion_consumer_service_is_turned_away() {
    let app = crate::helpers::spawn_app_with(tempfile::tempdir().unwrap(), |settings| {
        settings.limits.sign_ins_per_address_per_minute = 5;
    })
    .await;
    let mut statuses = Vec::new();
    for _ in 0..8 {
        let answer = post_response(&app, "PHNhbWxwOlJlc3BvbnNlLz4=", Some("x"), None).await;
        statuses.push(answer.status().as_u16());
    }
    // Each response costs a signature check: past the address's sign-in allowance, the
    // door answers before any XML is read.
    assert!(statuses[..5].iter().all(|s| *s == 400), "{statuses:?}");
    assert!(statuses[5..].iter().all(|s| *s == 503), "{statuses:?}");
}

/// The `Assertion` element of a response document (the first one).
fn assertion_of(xml: &str) -> &str {
    let start = xml
        .find(":Assertion ")
        .map(|i| xml[..i].rfind('<').unwrap());
    let start = start.expect("an assertion");
    let close = xml[start..].find(":Assertion>").unwrap() + start + ":Assertion>".len();
    &xml[start..close]
}

#[tokio::test]
async fn an_assertion_moved_into_another_response_is_refused() {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD;
    let app = spawn_app().await;
    let saml = setup(&app, &[]).await;
    for sign in ["assertion", "response"] {
        // Two sign-ins; the first one's assertion is put into the second one's response.
        let (first_sso, _) = authorize(&app, &saml, &[("identity_provider", "Corp")]).await;
        let (second_sso, cookie) = authorize(&app, &saml, &[("identity_provider", "Corp")]).await;
        let first = idp_response(&app, &first_sso, "bob", &[("sign", sign)]).await;
        let second = idp_response(&app, &second_sso, "alice", &[("sign", sign)]).await;
        let first = String::from_utf8(b64.decode(first).unwrap()).unwrap();
        let second = String::from_utf8(b64.decode(second).unwrap()).unwrap();
        let moved = second.replace(assertion_of(&second), assertion_of(&first));
        assert_ne!(moved, second);
        let relay_state = param(&second_sso, "RelayState").unwrap();
        let back = post_response(
            &app,
            &b64.encode(moved),
            Some(&relay_state),
            cookie.as_deref(),
        )
        .await;
        // Signed alone, the assertion still answers the first request; inside a signed
        // response, it breaks that response's signature.
        assert_denied(&back);
    }
}
