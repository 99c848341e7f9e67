//! SAML federation against a real SAML 2.0 identity provider on loopback: PyPI's pysaml2
//! signing with Debian's xmlsec1 (scripts/saml-idp.sh, end2end/saml/idp.py), configured in
//! Cognate by its metadata URL, as a company's IdP is. A browser is played with plain
//! requests (no redirect followed), so each hop is checked; `cheats.rs` has the IdP forge
//! what an attacker would.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use aws_sdk_cognitoidentityprovider::types::{IdentityProviderTypeType, OAuthFlowType};
use reqwest::header::SET_COOKIE;
use serde_json::{Value, json};

use crate::cognito_admin::{admin, claims};
use crate::helpers::{TestApp, spawn_app};
use crate::hosted::{query_param as param, redirect_target as location};

mod cheats;
mod config;

const CALLBACK: &str = "http://localhost:9/callback";
const SIGNED_OUT: &str = "http://localhost:9/signed-out";
const EMAIL: &str = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress";
const GIVEN_NAME: &str = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname";

/// The identity provider of this test process: its base URL and state folder. It stops
/// once this process has ended.
fn idp() -> &'static (String, PathBuf) {
    static IDP: OnceLock<(String, PathBuf)> = OnceLock::new();
    IDP.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder").keep();
        let output =
            Command::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/saml-idp.sh"))
                .arg("start")
                .arg(&dir)
                .arg("0")
                .arg(std::process::id().to_string())
                .output()
                .expect("scripts/saml-idp.sh runs");
        assert!(
            output.status.success(),
            "the SAML IdP did not start: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let port = String::from_utf8(output.stdout).unwrap().trim().to_string();
        (format!("http://127.0.0.1:{port}"), dir)
    })
}

/// A pool with the SAML provider `Corp` (by its metadata URL, with `details` added), an
/// app client for it, and Cognate registered at the IdP as the pool's service provider.
pub(crate) struct Saml {
    pub(crate) pool: String,
    pub(crate) client: String,
    secret: String,
}

pub(crate) async fn setup(app: &TestApp, details: &[(&str, &str)]) -> Saml {
    setup_at(app, details, &app.address).await
}

/// `setup`, with the IdP told that the pool's URLs are under `public` (the nodes' shared
/// public URL, behind a load balancer).
pub(crate) async fn setup_at(app: &TestApp, details: &[(&str, &str)], public: &str) -> Saml {
    let (idp, _) = idp();
    let admin = admin(app);
    let pool = admin
        .create_user_pool()
        .pool_name("Saml")
        .send()
        .await
        .unwrap()
        .user_pool()
        .unwrap()
        .id()
        .unwrap()
        .to_string();
    let mut provider = admin
        .create_identity_provider()
        .user_pool_id(&pool)
        .provider_name("Corp")
        .provider_type(IdentityProviderTypeType::Saml)
        .provider_details("MetadataURL", format!("{idp}/metadata"))
        .attribute_mapping("email", EMAIL)
        .attribute_mapping("given_name", GIVEN_NAME)
        .idp_identifiers("corp.example");
    for (key, value) in details {
        provider = provider.provider_details(*key, *value);
    }
    provider.send().await.expect("the SAML provider is created");
    let client = admin
        .create_user_pool_client()
        .user_pool_id(&pool)
        .client_name("app")
        .generate_secret(true)
        .allowed_o_auth_flows_user_pool_client(true)
        .allowed_o_auth_flows(OAuthFlowType::Code)
        .allowed_o_auth_scopes("openid")
        .allowed_o_auth_scopes("email")
        .supported_identity_providers("Corp")
        .callback_urls(CALLBACK)
        .logout_urls(SIGNED_OUT)
        .send()
        .await
        .unwrap()
        .user_pool_client()
        .unwrap()
        .clone();
    let certificate = admin
        .get_signing_certificate()
        .user_pool_id(&pool)
        .send()
        .await
        .unwrap()
        .certificate()
        .unwrap()
        .to_string();
    // What the console shows an administrator to give the IdP: the encryption
    // certificate is among the provider's details when EncryptedResponses is on.
    let encryption_certificate = admin
        .describe_identity_provider()
        .user_pool_id(&pool)
        .provider_name("Corp")
        .send()
        .await
        .unwrap()
        .identity_provider()
        .and_then(|p| p.provider_details())
        .and_then(|d| d.get("ActiveEncryptionCertificate").cloned());
    let registered = app
        .http
        .post(format!("{idp}/sp"))
        .json(&json!({
            "entity_id": format!("urn:amazon:cognito:sp:{pool}"),
            "acs": format!("{public}/saml2/idpresponse"),
            "slo": format!("{public}/saml2/logout"),
            "certificate": certificate,
            "encryption_certificate": encryption_certificate,
        }))
        .send()
        .await
        .unwrap();
    assert!(
        registered.status().is_success(),
        "{}",
        registered.text().await.unwrap()
    );
    Saml {
        pool,
        client: client.client_id().unwrap().to_string(),
        secret: client.client_secret().unwrap().to_string(),
    }
}

/// `/oauth2/authorize` for the app, with `extra`: where it sends the browser, and the SAML
/// cookie it sets (`name=value`), if any.
pub(crate) async fn authorize(
    app: &TestApp,
    saml: &Saml,
    extra: &[(&str, &str)],
) -> (String, Option<String>) {
    let mut params = vec![
        ("response_type", "code"),
        ("client_id", saml.client.as_str()),
        ("redirect_uri", CALLBACK),
        ("scope", "openid email"),
        ("state", "app-state"),
    ];
    params.extend_from_slice(extra);
    let query: String = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params)
        .finish();
    let answer = app
        .http
        .get(format!("{}/oauth2/authorize?{query}", app.address))
        .send()
        .await
        .unwrap();
    let cookie = cookie_set(&answer, "cognate_saml");
    (location(&answer), cookie)
}

/// The IdP's response (base64) to the AuthnRequest at `sso`, for `user`, shaped by `knobs`.
pub(crate) async fn idp_response(
    app: &TestApp,
    sso: &str,
    user: &str,
    knobs: &[(&str, &str)],
) -> String {
    let mut url = url::Url::parse(sso).unwrap();
    url.query_pairs_mut()
        .append_pair("as", user)
        .append_pair("raw", "1")
        .extend_pairs(knobs);
    let answer = app.http.get(url).send().await.unwrap();
    let status = answer.status();
    let body = answer.text().await.unwrap();
    assert!(status.is_success(), "the IdP answered {status}: {body}");
    body
}

/// The response posted to the ACS as the browser would, with its RelayState and cookie:
/// where Cognate sends the browser next.
pub(crate) async fn post_response(
    app: &TestApp,
    response: &str,
    relay_state: Option<&str>,
    cookie: Option<&str>,
) -> reqwest::Response {
    let mut form = vec![("SAMLResponse", response)];
    if let Some(relay_state) = relay_state {
        form.push(("RelayState", relay_state));
    }
    let mut request = app
        .http
        .post(format!("{}/saml2/idpresponse", app.address))
        .form(&form);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    request.send().await.unwrap()
}

/// An unsolicited (IdP-initiated) response for `user`, and the RelayState that names the
/// app's authorization request, as an IdP set up for it sends them.
pub(crate) async fn unsolicited_response(
    app: &TestApp,
    saml: &Saml,
    user: &str,
) -> (String, String) {
    let (idp, _) = idp();
    let relay_state: String = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("client_id", saml.client.as_str()),
            ("redirect_uri", CALLBACK),
            ("response_type", "code"),
            ("scope", "openid"),
            ("state", "app-state"),
            ("identity_provider", "Corp"),
        ])
        .finish();
    let response = app
        .http
        .get(format!("{idp}/init"))
        .query(&[
            ("as", user),
            ("sp", &format!("urn:amazon:cognito:sp:{}", saml.pool)),
            ("raw", "1"),
        ])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    (response, relay_state)
}

/// A whole SP-initiated sign-in of `user` with the IdP shaped by `knobs`: where the
/// browser ends up.
pub(crate) async fn sign_in(
    app: &TestApp,
    saml: &Saml,
    user: &str,
    knobs: &[(&str, &str)],
) -> reqwest::Response {
    let (sso, cookie) = authorize(app, saml, &[("identity_provider", "Corp")]).await;
    let response = idp_response(app, &sso, user, knobs).await;
    let relay_state = param(&sso, "RelayState").expect("a RelayState");
    post_response(app, &response, Some(&relay_state), cookie.as_deref()).await
}

/// The ID token's claims for the app's callback `callback` (with its code).
pub(crate) async fn id_claims(app: &TestApp, saml: &Saml, callback: &str) -> Value {
    assert!(callback.starts_with(CALLBACK), "{callback}");
    assert_eq!(param(callback, "state").as_deref(), Some("app-state"));
    let code = param(callback, "code").unwrap_or_else(|| panic!("a code: {callback}"));
    let answer: Value = app
        .http
        .post(format!("{}/oauth2/token", app.address))
        .basic_auth(&saml.client, Some(&saml.secret))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", CALLBACK),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    claims(answer["id_token"].as_str().expect("an ID token"))
}

/// That `answer` sends the app `access_denied`.
pub(crate) fn assert_denied(answer: &reqwest::Response) {
    let to = location(answer);
    assert!(to.starts_with(CALLBACK), "{to}");
    assert_eq!(
        param(&to, "error").as_deref(),
        Some("access_denied"),
        "{to}"
    );
    assert_eq!(param(&to, "state").as_deref(), Some("app-state"), "{to}");
}

/// The requests the IdP has received (its log), of `kind`.
async fn idp_log(app: &TestApp, kind: &str) -> Vec<Value> {
    let (idp, _) = idp();
    let text = app
        .http
        .get(format!("{idp}/log"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    text.lines()
        .map(|line| serde_json::from_str::<Value>(line).unwrap())
        .filter(|entry| entry["kind"] == kind)
        .collect()
}

#[tokio::test]
async fn a_company_user_signs_in_through_saml_and_comes_back_as_a_pool_user() {
    let app = spawn_app().await;
    let saml = setup(&app, &[]).await;

    let (sso, cookie) = authorize(&app, &saml, &[("identity_provider", "Corp")]).await;
    let (idp, _) = idp();
    assert!(sso.starts_with(&format!("{idp}/sso?SAMLRequest=")), "{sso}");
    assert!(cookie.is_some(), "the sign-in is tied to this browser");
    let relay_state = param(&sso, "RelayState").unwrap();

    // The IdP read an AuthnRequest from the pool's entity ID, answered at the ACS URL.
    let response = idp_response(&app, &sso, "alice", &[]).await;
    let request = idp_log(&app, "AuthnRequest")
        .await
        .into_iter()
        .find(|r| r["relay_state"] == relay_state.as_str())
        .expect("the IdP saw the request");
    assert_eq!(
        request["issuer"],
        format!("urn:amazon:cognito:sp:{}", saml.pool)
    );
    assert_eq!(request["acs"], format!("{}/saml2/idpresponse", app.address));
    assert_eq!(request["signed"], false, "unsigned unless asked");

    let back = post_response(&app, &response, Some(&relay_state), cookie.as_deref()).await;
    let callback = location(&back);
    let id = id_claims(&app, &saml, &callback).await;
    assert_eq!(id["cognito:username"], "Corp_alice@corp.example");
    assert_eq!(id["email"], "alice@corp.example");
    assert_eq!(id["given_name"], "Alice");
    assert_eq!(
        id["cognito:groups"],
        json!([format!("{}_Corp", saml.pool)]),
        "the provider's automatic group"
    );
    let identities = &id["identities"];
    assert_eq!(identities[0]["providerName"], "Corp");
    assert_eq!(identities[0]["providerType"], "SAML");
    assert_eq!(identities[0]["userId"], "alice@corp.example");

    // The user is the pool's, as any federated user.
    let user = admin(&app)
        .admin_get_user()
        .user_pool_id(&saml.pool)
        .username("Corp_alice@corp.example")
        .send()
        .await
        .unwrap();
    assert_eq!(user.user_status().unwrap().as_str(), "EXTERNAL_PROVIDER");
}

#[tokio::test]
async fn a_signature_over_the_response_or_over_the_assertion_is_enough() {
    let app = spawn_app().await;
    let saml = setup(&app, &[]).await;
    for sign in ["response", "assertion"] {
        let back = sign_in(&app, &saml, "bob", &[("sign", sign)]).await;
        let id = id_claims(&app, &saml, &location(&back)).await;
        assert_eq!(id["email"], "bob@corp.example", "signed {sign}");
    }
}

#[tokio::test]
async fn encrypted_assertions_are_decrypted_with_the_pools_key() {
    let app = spawn_app().await;
    let saml = setup(&app, &[("EncryptedResponses", "true")]).await;
    // Signed over the response (around the encrypted assertion), or only inside it.
    for sign in ["both", "assertion"] {
        let back = sign_in(&app, &saml, "alice", &[("encrypt", "1"), ("sign", sign)]).await;
        let id = id_claims(&app, &saml, &location(&back)).await;
        assert_eq!(id["email"], "alice@corp.example", "signed {sign}");
    }
    // Encryption is not a signature: anyone can encrypt to the pool's certificate.
    assert_denied(&sign_in(&app, &saml, "alice", &[("encrypt", "1"), ("sign", "none")]).await);
    // Triple DES is not accepted.
    assert_denied(&sign_in(&app, &saml, "alice", &[("encrypt", "1"), ("enc", "3des")]).await);
}

#[tokio::test]
async fn an_encrypted_assertion_is_refused_where_none_was_asked_for() {
    let app = spawn_app().await;
    let saml = setup(&app, &[]).await;
    assert_denied(&sign_in(&app, &saml, "alice", &[("encrypt", "1")]).await);
}

#[tokio::test]
async fn an_email_domain_named_by_idp_identifier_goes_to_its_provider_with_a_signed_request() {
    let app = spawn_app().await;
    let saml = setup(&app, &[("RequestSigningAlgorithm", "rsa-sha256")]).await;
    let (sso, _) = authorize(&app, &saml, &[("idp_identifier", "corp.example")]).await;
    let (idp, _) = idp();
    assert!(sso.starts_with(&format!("{idp}/sso?")), "{sso}");
    assert_eq!(
        param(&sso, "SigAlg").as_deref(),
        Some("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256")
    );
    // pysaml2 checks the signature with the certificate GetSigningCertificate gave.
    let _ = idp_response(&app, &sso, "alice", &[]).await;
    let relay_state = param(&sso, "RelayState").unwrap();
    let request = idp_log(&app, "AuthnRequest")
        .await
        .into_iter()
        .find(|r| r["relay_state"] == relay_state.as_str())
        .unwrap();
    assert_eq!(request["signed"], true);
}

#[tokio::test]
async fn a_linked_company_user_signs_in_as_the_existing_pool_user() {
    let app = spawn_app().await;
    let saml = setup(&app, &[]).await;
    let admin = admin(&app);
    admin
        .admin_create_user()
        .user_pool_id(&saml.pool)
        .username("alice.existing")
        .send()
        .await
        .unwrap();
    admin
        .admin_link_provider_for_user()
        .user_pool_id(&saml.pool)
        .destination_user(
            aws_sdk_cognitoidentityprovider::types::ProviderUserIdentifierType::builder()
                .provider_name("Cognito")
                .provider_attribute_value("alice.existing")
                .build(),
        )
        .source_user(
            aws_sdk_cognitoidentityprovider::types::ProviderUserIdentifierType::builder()
                .provider_name("Corp")
                .provider_attribute_name("Cognito_Subject")
                .provider_attribute_value("alice@corp.example")
                .build(),
        )
        .send()
        .await
        .unwrap();
    let back = sign_in(&app, &saml, "alice", &[]).await;
    let id = id_claims(&app, &saml, &location(&back)).await;
    assert_eq!(id["cognito:username"], "alice.existing");
    assert_eq!(
        id["email"], "alice@corp.example",
        "mapped onto the linked user"
    );
}

#[tokio::test]
async fn the_provider_is_described_as_cognito_describes_a_saml_provider() {
    let app = spawn_app().await;
    let saml = setup(&app, &[("IDPSignout", "true")]).await;
    let (idp, _) = idp();
    let described = admin(&app)
        .describe_identity_provider()
        .user_pool_id(&saml.pool)
        .provider_name("Corp")
        .send()
        .await
        .unwrap();
    let provider = described.identity_provider().unwrap();
    assert_eq!(provider.provider_type().unwrap().as_str(), "SAML");
    let details = provider.provider_details().unwrap();
    assert_eq!(details["MetadataURL"], format!("{idp}/metadata"));
    assert_eq!(details["IDPSignout"], "true");
    assert_eq!(details["SSORedirectBindingURI"], format!("{idp}/sso"));
    assert_eq!(details["SLORedirectBindingURI"], format!("{idp}/slo"));
    assert!(
        details.keys().all(|key| !key.starts_with("cognate:")),
        "what Cognate keeps for itself is not shown: {details:?}"
    );
    // The signing certificate is the pool's, the same on every call.
    let certificate = || async {
        admin(&app)
            .get_signing_certificate()
            .user_pool_id(&saml.pool)
            .send()
            .await
            .unwrap()
            .certificate()
            .unwrap()
            .to_string()
    };
    let first = certificate().await;
    assert_eq!(first, certificate().await);
    use base64::Engine;
    let der = base64::engine::general_purpose::STANDARD
        .decode(&first)
        .unwrap();
    assert_eq!(der[0], 0x30, "a DER certificate");
}

/// The cookie `name` a response sets (`name=value`), if it sets one.
fn cookie_set(response: &reqwest::Response, name: &str) -> Option<String> {
    let prefix = format!("{name}=");
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&prefix) && !v.contains("Max-Age=0"))
        .map(|v| v.split(';').next().unwrap().to_string())
}

/// `/logout` for the app, back to its sign-out URL, in the browser holding `session`.
async fn sign_out(app: &TestApp, saml: &Saml, session: &str) -> reqwest::Response {
    let query: String = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("client_id", saml.client.as_str()),
            ("logout_uri", SIGNED_OUT),
        ])
        .finish();
    app.http
        .get(format!("{}/logout?{query}", app.address))
        .header("cookie", session)
        .send()
        .await
        .unwrap()
}

/// The IdP's metadata document.
pub(crate) async fn idp_metadata(app: &TestApp) -> String {
    let (idp, _) = idp();
    app.http
        .get(format!("{idp}/metadata"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

#[tokio::test]
async fn signing_out_signs_out_at_the_provider_too_when_it_asks_to_hear_of_it() {
    let app = spawn_app().await;
    let saml = setup(&app, &[("IDPSignout", "true")]).await;
    let back = sign_in(&app, &saml, "alice", &[]).await;
    let session = cookie_set(&back, "cognate_session").expect("a hosted session");
    id_claims(&app, &saml, &location(&back)).await;

    let signed_out = sign_out(&app, &saml, &session).await;
    let to_idp = location(&signed_out);
    let (idp, _) = idp();
    assert!(
        to_idp.starts_with(&format!("{idp}/slo?SAMLRequest=")),
        "{to_idp}"
    );
    assert!(
        param(&to_idp, "Signature").is_some(),
        "logout requests are signed"
    );

    // The IdP signs alice out and answers at /saml2/logout, which goes on to the app.
    let answered = app.http.get(&to_idp).send().await.unwrap();
    let to_cognate = location(&answered);
    assert!(
        to_cognate.starts_with(&format!("{}/saml2/logout?", app.address)),
        "{to_cognate}: {}",
        answered.text().await.unwrap_or_default()
    );
    let logged = idp_log(&app, "LogoutRequest").await;
    let request = logged
        .iter()
        .find(|r| r["issuer"] == format!("urn:amazon:cognito:sp:{}", saml.pool))
        .expect("the IdP saw the sign-out");
    assert_eq!(request["name_id"], "alice@corp.example");
    assert_eq!(request["signed"], true);
    let finished = app.http.get(&to_cognate).send().await.unwrap();
    assert_eq!(location(&finished), SIGNED_OUT);
    // The same answer again finds nothing to finish.
    let again = app.http.get(&to_cognate).send().await.unwrap();
    assert!(again.status().is_client_error(), "{}", again.status());
}

#[tokio::test]
async fn without_idp_signout_signing_out_stays_with_cognate() {
    let app = spawn_app().await;
    let saml = setup(&app, &[]).await;
    let back = sign_in(&app, &saml, "alice", &[]).await;
    let session = cookie_set(&back, "cognate_session").expect("a hosted session");
    let signed_out = sign_out(&app, &saml, &session).await;
    assert_eq!(location(&signed_out), SIGNED_OUT);
}

#[tokio::test]
async fn the_sign_in_page_sends_a_corporate_email_to_the_provider_of_its_domain() {
    let app = spawn_app().await;
    let saml = setup(&app, &[]).await;
    // Without identity_provider: the hosted sign-in page, asking for a corporate email.
    let (to_login, _) = authorize(&app, &saml, &[]).await;
    assert!(to_login.starts_with("/login?"), "{to_login}");
    let page = app
        .http
        .get(format!("{}{to_login}", app.address))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Sign in with your corporate ID"), "{page}");
    let login = format!("{}{to_login}", app.address);
    let next = param(&login, "next").unwrap();

    // The form's GET, as a browser sends it without JavaScript.
    let federate = |email: &'static str| {
        let query: String = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs([
                ("client_id", saml.client.as_str()),
                ("next", next.as_str()),
                ("email", email),
            ])
            .finish();
        app.http
            .get(format!("{}/oauth2/federate?{query}", app.address))
            .send()
    };
    let unknown = federate("jo@elsewhere.example").await.unwrap();
    assert!(unknown.status().is_client_error(), "{}", unknown.status());
    let to_idp = federate("alice@Corp.Example").await.unwrap();
    let sso = location(&to_idp);
    let (idp, _) = idp();
    assert!(sso.starts_with(&format!("{idp}/sso?")), "{sso}");
    let cookie = cookie_set(&to_idp, "cognate_saml");
    let response = idp_response(&app, &sso, "alice", &[]).await;
    let relay_state = param(&sso, "RelayState").unwrap();
    let back = post_response(&app, &response, Some(&relay_state), cookie.as_deref()).await;
    let id = id_claims(&app, &saml, &location(&back)).await;
    assert_eq!(id["email"], "alice@corp.example");
}
