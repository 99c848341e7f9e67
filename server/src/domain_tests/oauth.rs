use crate::pool::invalid::{ClientFault, Invalid};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::pool::AppClient;
use crate::pool::secrets::ClientProof;
use crate::pool::{
    AuthorizeError, AuthorizeParams, Authorized, Callback, CallbackOutcome, ClientSettings,
    CodeFault, OAuthError, OAuthTokens, PkceFault, ResourceScope,
};
use crate::pool::{Denied, PoolError, TokenFault, TokenKind};
use crate::testkit::{Kit, PASSWORD};

const CALLBACK: &str = "http://localhost:8080/callback";
const VERIFIER: &str = "a-long-enough-verifier-of-forty-three-characters";
const OTHER_VERIFIER: &str = "another-verifier-that-is-long-enough-to-pass";
const OTHER_CALLBACK: &str = "http://localhost:9/callback";

fn challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

fn params(kit: &Kit) -> AuthorizeParams {
    AuthorizeParams {
        client_id: Some(kit.client_id().into()),
        redirect_uri: Some(CALLBACK.into()),
        response_type: Some("code".into()),
        scope: Some("openid email".into()),
        state: Some("xyz".into()),
        nonce: Some("n-0S6".into()),
        code_challenge: Some(challenge(VERIFIER)),
        code_challenge_method: Some("S256".into()),
        ..AuthorizeParams::default()
    }
}

fn code_of(callback: &Callback) -> String {
    assert_eq!(callback.redirect_uri, CALLBACK);
    assert_eq!(callback.state.as_deref(), Some("xyz"));
    match &callback.outcome {
        CallbackOutcome::Code { code, issuer } => {
            assert!(issuer.starts_with("https://id.example/local_"));
            code.clone()
        }
        CallbackOutcome::Refused(error) => panic!("refused: {error:?}"),
    }
}

fn refused(outcome: Result<Authorized, AuthorizeError>) -> OAuthError {
    match outcome {
        Err(AuthorizeError::Redirect(Callback {
            outcome: CallbackOutcome::Refused(error),
            ..
        })) => error,
        other => panic!("expected a refusal at the callback, got {other:?}"),
    }
}

/// Jane, confirmed, and a code from her sign-in for the default client.
async fn jane_with_a_code() -> (Kit, String) {
    let kit = Kit::with_user("jane").await;
    let code = code_for(&kit, "jane").await;
    (kit, code)
}

/// The code's exchange with the right redirect URI and verifier.
async fn exchange(kit: &Kit, code: &str) -> Result<OAuthTokens, OAuthError> {
    exchange_with(kit, code, Some(CALLBACK), Some(VERIFIER)).await
}

/// The code's exchange with `redirect_uri` and `verifier`.
async fn exchange_with(
    kit: &Kit,
    code: &str,
    redirect_uri: Option<&str>,
    verifier: Option<&str>,
) -> Result<OAuthTokens, OAuthError> {
    let proof = ClientProof::Trusted;
    let client = kit.client_id();
    kit.pool
        .exchange_code(client, proof, code, redirect_uri, verifier)
        .await
}

/// The user signs in on the hosted pages while the request waits; then the code.
async fn code_for(kit: &Kit, username: &str) -> String {
    let Authorized::SignIn { request, .. } =
        kit.pool.oauth_authorize(params(kit), None).await.unwrap()
    else {
        panic!("expected the sign-in first");
    };
    let signed_in = kit.signed_in(username).await;
    let session = kit.pool.start_session(&signed_in).await.unwrap();
    match kit
        .pool
        .oauth_continue(&request, Some(&session))
        .await
        .unwrap()
    {
        Authorized::Redirect(callback) => code_of(&callback),
        other => panic!("expected the code, got {other:?}"),
    }
}

#[tokio::test]
async fn a_code_is_exchanged_once_with_its_verifier() {
    let (kit, code) = jane_with_a_code().await;
    let wrong = exchange_with(&kit, &code, Some(CALLBACK), Some(OTHER_VERIFIER)).await;
    assert_eq!(wrong.unwrap_err(), OAuthError::Code(CodeFault::Verifier));

    let code = code_for(&kit, "jane").await;
    let tokens = exchange(&kit, &code).await.unwrap();
    assert!(tokens.openid && tokens.refresh_token.is_some());
    let id = kit.id_claims(&tokens.tokens.id_token).await;
    assert_eq!(id["nonce"], "n-0S6");
    // Again: refused, and what the first exchange gave is revoked (RFC 6749 §4.1.2).
    let replay = exchange(&kit, &code).await;
    assert_eq!(replay.unwrap_err(), OAuthError::Code(CodeFault::Used));
    assert!(!kit.accepts(&tokens.tokens.access_token).await);
}

#[tokio::test]
async fn a_code_expires_in_five_minutes_and_keeps_its_redirect_uri() {
    let (kit, code) = jane_with_a_code().await;
    let other_uri = exchange_with(&kit, &code, Some(OTHER_CALLBACK), Some(VERIFIER)).await;
    assert_eq!(
        other_uri.unwrap_err(),
        OAuthError::Code(CodeFault::RedirectUri)
    );
    let code = code_for(&kit, "jane").await;
    kit.advance(300);
    let late = exchange(&kit, &code).await;
    assert_eq!(late.unwrap_err(), OAuthError::Code(CodeFault::Expired));
}

#[tokio::test]
async fn bad_requests_go_back_to_the_app_with_their_code() {
    let kit = Kit::new().await;
    let changed = |change: fn(&mut AuthorizeParams)| {
        let mut asked = params(&kit);
        change(&mut asked);
        asked
    };
    let cases = [
        (
            changed(|p| p.code_challenge_method = Some("plain".into())),
            "plain PKCE",
        ),
        (changed(|p| p.code_challenge = None), "no PKCE"),
        (
            changed(|p| p.scope = Some("openid admin:all".into())),
            "a scope not allowed",
        ),
        (
            changed(|p| p.response_type = Some("token".into())),
            "the implicit flow",
        ),
        (
            changed(|p| p.prompt = Some("none".into())),
            "prompt=none, signed out",
        ),
    ];
    let expected = [
        OAuthError::Pkce(PkceFault::Method),
        OAuthError::Pkce(PkceFault::Required),
        OAuthError::ScopeNotAllowed,
        OAuthError::ResponseType,
        OAuthError::LoginRequired,
    ];
    for ((asked, case), expected) in cases.into_iter().zip(expected) {
        let outcome = kit.pool.oauth_authorize(asked, None).await;
        assert_eq!(refused(outcome), expected, "{case}");
    }
    // A redirect URI that is not registered is never followed.
    let elsewhere = AuthorizeParams {
        redirect_uri: Some("https://evil.example/callback".into()),
        ..params(&kit)
    };
    assert!(matches!(
        kit.pool.oauth_authorize(elsewhere, None).await,
        Err(AuthorizeError::NoRedirect(_))
    ));
}

#[tokio::test]
async fn a_live_session_answers_at_once_unless_the_app_asks_for_a_sign_in() {
    let (kit, signed_in) = Kit::signed_in_as("jane").await;
    let session = kit.pool.start_session(&signed_in).await.unwrap();
    let sso = kit
        .pool
        .oauth_authorize(params(&kit), Some(&session))
        .await
        .unwrap();
    assert!(matches!(sso, Authorized::Redirect(_)), "{sso:?}");
    let login = AuthorizeParams {
        prompt: Some("login".into()),
        ..params(&kit)
    };
    let fresh = kit
        .pool
        .oauth_authorize(login, Some(&session))
        .await
        .unwrap();
    assert!(matches!(fresh, Authorized::SignIn { .. }), "{fresh:?}");
    // Signed out, the session answers nothing.
    kit.pool.end_session(&session).await.unwrap();
    let after = kit
        .pool
        .oauth_authorize(params(&kit), Some(&session))
        .await
        .unwrap();
    assert!(matches!(after, Authorized::SignIn { .. }), "{after:?}");
    assert!(!kit.accepts(&signed_in.tokens.access_token).await);
}

#[tokio::test]
async fn refresh_userinfo_and_revocation_follow_the_grant() {
    let (kit, code) = jane_with_a_code().await;
    let tokens = exchange(&kit, &code).await.unwrap();
    let info = kit
        .pool
        .userinfo(&tokens.tokens.access_token)
        .await
        .unwrap();
    assert_eq!(info["email"], "jane@example.com");
    assert!(info.get("custom:team").is_none());
    let refresh = tokens.refresh_token.unwrap();
    let refreshed = kit
        .pool
        .refresh(kit.client_id(), &refresh, ClientProof::Trusted)
        .await
        .unwrap();
    assert_ne!(
        refreshed.access_token, tokens.tokens.access_token,
        "a new access token, the refresh token kept"
    );
    kit.pool
        .revoke_refresh_token(kit.client_id(), &refresh, ClientProof::Trusted)
        .await
        .unwrap();
    let after = kit
        .pool
        .refresh(kit.client_id(), &refresh, ClientProof::Trusted)
        .await;
    assert!(
        matches!(
            after,
            Err(PoolError::NotAuthorized(Denied::Token(
                TokenKind::Refresh,
                TokenFault::Revoked
            )))
        ),
        "{after:?}"
    );
    // A token signed in with a password (no openid scope) reads no userinfo.
    let password = kit.signed_in("jane").await;
    let info = kit.pool.userinfo(&password.tokens.access_token).await;
    assert!(info.is_err());
}

#[tokio::test]
async fn an_openid_token_cannot_read_or_change_the_user_through_the_cognito_api() {
    let (kit, code) = jane_with_a_code().await;
    let tokens = exchange(&kit, &code).await.unwrap();
    let access = &tokens.tokens.access_token;
    assert!(
        kit.pool.userinfo(access).await.is_ok(),
        "openid reads userinfo"
    );
    assert_eq!(
        crate::testkit::denied(kit.pool.authenticate(access).await),
        Denied::MissingScope
    );
    let role = [("custom:role".to_string(), "admin".to_string())].into();
    assert_eq!(
        crate::testkit::denied(kit.pool.update_attributes(access, role).await),
        Denied::MissingScope
    );
    assert_eq!(
        crate::testkit::denied(kit.pool.delete_self(access).await),
        Denied::MissingScope
    );
    assert_eq!(
        crate::testkit::denied(kit.pool.global_sign_out(access).await),
        Denied::MissingScope
    );
    // The hosted pages' own sign-in holds the scope.
    let password = kit.signed_in("jane").await;
    assert!(
        kit.pool
            .authenticate(&password.tokens.access_token)
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn the_hosted_sign_in_honours_the_clients_settings() {
    let kit = Kit::with_user("jane").await;
    let hosted = |client: &AppClient, request: Option<String>| {
        let (kit, id) = (&kit, client.id.to_string());
        async move {
            kit.pool
                .password_sign_in(
                    &id,
                    "jane",
                    PASSWORD,
                    crate::pool::Via::Pages {
                        oauth_request: request.as_deref(),
                    },
                )
                .await
        }
    };
    let request_of = |client: &AppClient| {
        let (kit, id) = (&kit, client.id.to_string());
        async move {
            let params = AuthorizeParams {
                client_id: Some(id),
                ..params(kit)
            };
            match kit.pool.oauth_authorize(params, None).await {
                Ok(Authorized::SignIn { request, .. }) => request,
                other => panic!("expected the sign-in step, got {other:?}"),
            }
        }
    };
    // A client with a secret: only while answering its own authorization request.
    let secret = kit.client_with(true, ClientSettings::default()).await;
    assert_eq!(
        crate::testkit::invalid(hosted(&secret, None).await),
        Invalid::Client(ClientFault::OwnSignInLink)
    );
    let other_request = request_of(&kit.client).await;
    assert!(hosted(&secret, Some(other_request.clone())).await.is_err());
    assert!(hosted(&secret, Some("made-up".into())).await.is_err());
    let own_request = request_of(&secret).await;
    assert!(hosted(&secret, Some(own_request)).await.is_ok());
    // OAuth off: no hosted sign-in at all.
    let off = ClientSettings {
        oauth_enabled: false,
        allowed_oauth_flows: vec![],
        allowed_oauth_scopes: vec![],
        ..ClientSettings::default()
    };
    let off = kit.client_with(false, off).await;
    assert_eq!(
        crate::testkit::invalid(hosted(&off, None).await),
        Invalid::Client(ClientFault::NoHostedPages)
    );
    // No password flow in ExplicitAuthFlows: none outside an authorization request.
    let refresh_only = ClientSettings {
        explicit_auth_flows: vec!["ALLOW_REFRESH_TOKEN_AUTH".into()],
        ..ClientSettings::default()
    };
    let refresh_only = kit.client_with(false, refresh_only).await;
    assert_eq!(
        crate::testkit::invalid(hosted(&refresh_only, None).await),
        Invalid::Client(ClientFault::NoPasswordFlow)
    );
    let request = request_of(&refresh_only).await;
    assert!(hosted(&refresh_only, Some(request)).await.is_ok());
    // The default client (public, password flows, OAuth on) signs in as before.
    assert!(hosted(&kit.client, Some(other_request)).await.is_ok());
    assert!(hosted(&kit.client, None).await.is_ok());
}

#[tokio::test]
async fn a_disabled_users_tokens_are_refused_everywhere() {
    let (kit, code) = jane_with_a_code().await;
    let oauth = exchange(&kit, &code).await.unwrap();
    let password = kit.signed_in("jane").await;
    kit.pool
        .admin_set_enabled(kit.pool_id(), "jane", false)
        .await
        .unwrap();
    for token in [&oauth.tokens.access_token, &password.tokens.access_token] {
        assert!(!kit.accepts(token).await, "authorize (the notes API)");
        assert!(kit.pool.userinfo(token).await.is_err());
        assert!(kit.pool.authenticate(token).await.is_err());
    }
    // Enabled again, the old tokens stay revoked; a new sign-in works.
    kit.pool
        .admin_set_enabled(kit.pool_id(), "jane", true)
        .await
        .unwrap();
    assert!(!kit.accepts(&password.tokens.access_token).await);
    let again = kit.signed_in("jane").await;
    assert!(kit.accepts(&again.tokens.access_token).await);
}

#[tokio::test]
async fn a_client_gets_its_own_token_for_a_resource_servers_scope() {
    let kit = Kit::new().await;
    kit.pool
        .create_resource_server(
            kit.pool_id(),
            "notes",
            "Notes",
            vec![ResourceScope {
                name: "read".into(),
                description: "Read".into(),
            }],
        )
        .await
        .unwrap();
    let machine = kit
        .client_with(
            true,
            ClientSettings {
                allowed_oauth_flows: vec!["client_credentials".into()],
                allowed_oauth_scopes: vec!["notes/read".into()],
                callback_urls: vec![],
                ..ClientSettings::default()
            },
        )
        .await;
    let secret = machine.secret.as_ref().unwrap().expose().to_string();
    let wrong = kit
        .pool
        .client_credentials(machine.id.as_str(), ClientProof::Secret(Some("nope")), None)
        .await;
    assert_eq!(wrong.unwrap_err(), OAuthError::ClientAuthentication);
    let other_scope = kit
        .pool
        .client_credentials(
            machine.id.as_str(),
            ClientProof::Secret(Some(&secret)),
            Some("openid"),
        )
        .await;
    assert_eq!(other_scope.unwrap_err(), OAuthError::ScopeNotResourceServer);
    let granted = kit
        .pool
        .client_credentials(
            machine.id.as_str(),
            ClientProof::Secret(Some(&secret)),
            None,
        )
        .await
        .unwrap();
    let claims = kit
        .pool
        .authorize(&granted.tokens.access_token)
        .await
        .unwrap();
    assert_eq!(claims.scope, "notes/read");
    assert_eq!(claims.sub, machine.id.as_str());
    assert!(granted.refresh_token.is_none() && !granted.openid);
    // The code flow's client may not use it.
    let public = kit
        .pool
        .client_credentials(kit.client_id(), ClientProof::Trusted, None)
        .await;
    assert_eq!(public.unwrap_err(), OAuthError::NoClientCredentials);
    // Its token lives as long as the client does.
    kit.pool
        .delete_client(kit.pool_id(), machine.id.as_str(), &kit.client.id)
        .await
        .unwrap();
    assert!(!kit.accepts(&granted.tokens.access_token).await);
}
