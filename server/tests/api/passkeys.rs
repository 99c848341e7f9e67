//! Passkeys and passwordless sign-in through the AWS SDK, with a software authenticator
//! and WebAuthn client (1Password's passkey-rs) in place of a browser: registration,
//! USER_AUTH with each first factor (a passkey, an emailed code, the password sent or
//! proven by SRP), and the attacks — another user's assertion, another origin or relying
//! party, a replayed assertion, a counter that goes back, a challenge used twice or too
//! late, a token without the admin scope, another user's passkey deleted, emailed codes
//! guessed, and an unknown user asking for one.

use std::collections::HashMap;

use aws_cognito_srp::{SrpClient, User, UserAuthenticationParameters};
use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata;
use aws_sdk_cognitoidentityprovider::operation::initiate_auth::InitiateAuthOutput;
use aws_sdk_cognitoidentityprovider::operation::respond_to_auth_challenge::RespondToAuthChallengeOutput;
use aws_sdk_cognitoidentityprovider::types::{
    AuthFactorType, AuthFlowType, ChallengeNameType, EmailMfaConfigType, ExplicitAuthFlowsType,
    PreventUserExistenceErrorTypes, SignInPolicyType, UserPoolMfaType, UserPoolPolicyType,
    UserVerificationType, VerifiedAttributeType, WebAuthnConfigurationType,
};
use aws_smithy_types::{Document, Number};
use passkey::authenticator::{Authenticator, UiHint, UserCheck, UserValidationMethod};
use passkey::client::{Client as WebAuthnClient, DefaultClientData};
use passkey::crypto::rust_crypto::RustCryptoBackend;
use passkey::types::Passkey;
use passkey::types::ctap2::{Aaguid, Ctap2Error};
use passkey::types::webauthn::{CredentialCreationOptions, CredentialRequestOptions};
use serde_json::{Value, json};
use url::Url;

use crate::cognito_admin::{admin, code};
use crate::cognito_public::cognito;
use crate::cognito_srp::verifier_responses;
use crate::helpers::{PASSWORD, TestApp, spawn_app};

/// The page origin the software authenticator's client says it signs in at.
const ORIGIN: &str = "https://localhost";

/// An authenticator's user check: present, and verified where it can verify.
struct Person {
    verifies: bool,
}

#[async_trait::async_trait]
impl UserValidationMethod for Person {
    type PasskeyItem = Passkey;

    async fn check_user<'a>(
        &self,
        _hint: UiHint<'a, Passkey>,
        presence: bool,
        verification: bool,
    ) -> Result<UserCheck, Ctap2Error> {
        Ok(UserCheck {
            presence,
            verification: verification && self.verifies,
        })
    }

    fn is_presence_enabled(&self) -> bool {
        true
    }

    fn is_verification_enabled(&self) -> Option<bool> {
        Some(self.verifies)
    }
}

type SoftClient =
    WebAuthnClient<Option<Passkey>, Person, RustCryptoBackend, public_suffix::PublicSuffixList, ()>;

/// A software authenticator holding one passkey, with the WebAuthn client a browser
/// would be, at `origin`.
struct SoftKey {
    client: SoftClient,
    origin: Url,
}

impl SoftKey {
    fn new() -> Self {
        Self::holding(None)
    }

    /// An authenticator holding `passkey` (a copy of another's: a clone).
    fn holding(passkey: Option<Passkey>) -> Self {
        let mut authenticator = Authenticator::new(
            Aaguid::new_empty(),
            passkey,
            Person { verifies: true },
            RustCryptoBackend,
        );
        authenticator.set_make_credentials_with_signature_counter(true);
        Self {
            client: WebAuthnClient::new(authenticator).allows_insecure_localhost(true),
            origin: Url::parse(ORIGIN).unwrap(),
        }
    }

    fn passkey(&self) -> Option<Passkey> {
        self.client.authenticator().store().clone()
    }

    /// The registration response to `options`, as a browser's JSON.
    async fn register(&mut self, options: Value) -> Value {
        let request = CredentialCreationOptions {
            public_key: serde_json::from_value(options).expect("creation options"),
        };
        let created = self
            .client
            .register(&self.origin, request, DefaultClientData)
            .await
            .expect("the authenticator makes a passkey");
        serde_json::to_value(created).unwrap()
    }

    /// The assertion for `options`, as a browser's JSON.
    async fn assert(&mut self, options: Value) -> Value {
        let request = CredentialRequestOptions {
            public_key: serde_json::from_value(options).expect("request options"),
        };
        let asserted = self
            .client
            .authenticate(&self.origin, request, DefaultClientData)
            .await
            .expect("the authenticator signs");
        serde_json::to_value(asserted).unwrap()
    }
}

fn to_json(document: &Document) -> Value {
    match document {
        Document::Object(members) => Value::Object(
            members
                .iter()
                .map(|(name, value)| (name.clone(), to_json(value)))
                .collect(),
        ),
        Document::Array(items) => Value::Array(items.iter().map(to_json).collect()),
        Document::Number(Number::PosInt(n)) => json!(n),
        Document::Number(Number::NegInt(n)) => json!(n),
        Document::Number(Number::Float(n)) => json!(n),
        Document::String(text) => json!(text),
        Document::Bool(flag) => json!(flag),
        Document::Null => Value::Null,
    }
}

fn to_document(value: &Value) -> Document {
    match value {
        Value::Object(members) => Document::Object(
            members
                .iter()
                .map(|(name, value)| (name.clone(), to_document(value)))
                .collect(),
        ),
        Value::Array(items) => Document::Array(items.iter().map(to_document).collect()),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(n), _) => Document::Number(Number::PosInt(n)),
            (None, Some(n)) => Document::Number(Number::NegInt(n)),
            _ => Document::Number(Number::Float(n.as_f64().unwrap_or_default())),
        },
        Value::String(text) => Document::String(text.clone()),
        Value::Bool(flag) => Document::Bool(*flag),
        Value::Null => Document::Null,
    }
}

/// The default pool with every first factor, passkeys for `localhost` (user verification
/// `verification`), emailed codes; a client for choice-based sign-in that hides which
/// users exist; `jane` and `john` confirmed. The client's id.
async fn passwordless_pool(app: &TestApp, verification: UserVerificationType) -> String {
    let pool = app.default_pool.pool.id.to_string();
    let admin = admin(app);
    let factors = SignInPolicyType::builder()
        .allowed_first_auth_factors(AuthFactorType::Password)
        .allowed_first_auth_factors(AuthFactorType::WebAuthn)
        .allowed_first_auth_factors(AuthFactorType::EmailOtp)
        .build();
    admin
        .update_user_pool()
        .user_pool_id(&pool)
        .auto_verified_attributes(VerifiedAttributeType::Email)
        .policies(
            UserPoolPolicyType::builder()
                .sign_in_policy(factors)
                .build(),
        )
        .send()
        .await
        .unwrap();
    admin
        .set_user_pool_mfa_config()
        .user_pool_id(&pool)
        .mfa_configuration(UserPoolMfaType::Optional)
        .email_mfa_configuration(
            EmailMfaConfigType::builder()
                .message("Your sign-in code is {####}")
                .subject("Your sign-in code")
                .build(),
        )
        .web_authn_configuration(
            WebAuthnConfigurationType::builder()
                .relying_party_id("localhost")
                .user_verification(verification)
                .build(),
        )
        .send()
        .await
        .unwrap();
    for name in ["jane", "john"] {
        app.confirmed_user(name).await;
    }
    admin
        .create_user_pool_client()
        .user_pool_id(&pool)
        .client_name("choice")
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowUserAuth)
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowRefreshTokenAuth)
        .prevent_user_existence_errors(PreventUserExistenceErrorTypes::Enabled)
        .send()
        .await
        .unwrap()
        .user_pool_client
        .unwrap()
        .client_id
        .unwrap()
}

/// USER_AUTH for `username`, preferring `preferred` (with its `extra` parameters).
async fn start(
    sdk: &Client,
    client_id: &str,
    username: &str,
    preferred: Option<&str>,
    extra: &[(&str, &str)],
) -> Result<InitiateAuthOutput, String> {
    let mut call = sdk
        .initiate_auth()
        .client_id(client_id)
        .auth_flow(AuthFlowType::UserAuth)
        .auth_parameters("USERNAME", username);
    if let Some(preferred) = preferred {
        call = call.auth_parameters("PREFERRED_CHALLENGE", preferred);
    }
    for (name, value) in extra {
        call = call.auth_parameters(*name, *value);
    }
    call.send().await.map_err(|e| code(&e.into_service_error()))
}

/// An answer to a choice-based step.
async fn answer(
    sdk: &Client,
    client_id: &str,
    challenge: ChallengeNameType,
    session: &str,
    responses: &[(&str, &str)],
) -> Result<RespondToAuthChallengeOutput, String> {
    let mut call = sdk
        .respond_to_auth_challenge()
        .client_id(client_id)
        .challenge_name(challenge)
        .session(session);
    for (name, value) in responses {
        call = call.challenge_responses(*name, *value);
    }
    call.send().await.map_err(|e| code(&e.into_service_error()))
}

/// `username` signed in with the password (USER_AUTH, PASSWORD preferred): the access
/// token.
async fn password_token(sdk: &Client, client_id: &str, username: &str) -> String {
    let out = start(
        sdk,
        client_id,
        username,
        Some("PASSWORD"),
        &[("PASSWORD", PASSWORD)],
    )
    .await
    .unwrap();
    out.authentication_result()
        .and_then(|r| r.access_token())
        .expect("tokens")
        .to_string()
}

/// A passkey registered for the access token's user with `key`: its credential ID.
async fn register(sdk: &Client, token: &str, key: &mut SoftKey) -> String {
    let options = sdk
        .start_web_authn_registration()
        .access_token(token)
        .send()
        .await
        .unwrap();
    let created = key
        .register(to_json(options.credential_creation_options()))
        .await;
    sdk.complete_web_authn_registration()
        .access_token(token)
        .credential(to_document(&created))
        .send()
        .await
        .unwrap();
    created["id"].as_str().unwrap().to_string()
}

/// The WEB_AUTHN step for `username` (USER_AUTH, WEB_AUTHN preferred): its session and
/// request options.
async fn passkey_step(sdk: &Client, client_id: &str, username: &str) -> (String, Value) {
    let out = start(sdk, client_id, username, Some("WEB_AUTHN"), &[])
        .await
        .unwrap();
    assert_eq!(out.challenge_name(), Some(&ChallengeNameType::WebAuthn));
    let options = &out.challenge_parameters().unwrap()["CREDENTIAL_REQUEST_OPTIONS"];
    (
        out.session().unwrap().to_string(),
        serde_json::from_str(options).unwrap(),
    )
}

/// The WEB_AUTHN step answered with `credential`.
async fn answer_passkey(
    sdk: &Client,
    client_id: &str,
    username: &str,
    session: &str,
    credential: &Value,
) -> Result<RespondToAuthChallengeOutput, String> {
    let credential = credential.to_string();
    answer(
        sdk,
        client_id,
        ChallengeNameType::WebAuthn,
        session,
        &[("USERNAME", username), ("CREDENTIAL", &credential)],
    )
    .await
}

#[tokio::test]
async fn a_passkey_registered_signs_in_without_a_password() {
    let app = spawn_app().await;
    let client_id = passwordless_pool(&app, UserVerificationType::Required).await;
    let sdk = cognito(&app);
    let token = password_token(&sdk, &client_id, "jane").await;
    let mut key = SoftKey::new();
    let id = register(&sdk, &token, &mut key).await;

    let listed = sdk
        .list_web_authn_credentials()
        .access_token(&token)
        .send()
        .await
        .unwrap();
    let credentials = listed.credentials();
    assert_eq!(credentials.len(), 1);
    assert_eq!(credentials[0].credential_id(), id);
    assert_eq!(credentials[0].relying_party_id(), "localhost");
    assert!(!credentials[0].authenticator_transports().is_empty());
    let factors = sdk
        .get_user_auth_factors()
        .access_token(&token)
        .send()
        .await
        .unwrap();
    let factors = factors.configured_user_auth_factors();
    for factor in [
        AuthFactorType::Password,
        AuthFactorType::EmailOtp,
        AuthFactorType::WebAuthn,
    ] {
        assert!(factors.contains(&factor), "{factor:?} in {factors:?}");
    }

    // No preference: the choices, then the passkey chosen.
    let chosen = start(&sdk, &client_id, "jane", None, &[]).await.unwrap();
    assert_eq!(
        chosen.challenge_name(),
        Some(&ChallengeNameType::SelectChallenge)
    );
    let available = chosen.available_challenges();
    for challenge in [
        ChallengeNameType::Password,
        ChallengeNameType::PasswordSrp,
        ChallengeNameType::WebAuthn,
        ChallengeNameType::EmailOtp,
    ] {
        assert!(available.contains(&challenge), "{challenge:?}");
    }
    let step = answer(
        &sdk,
        &client_id,
        ChallengeNameType::SelectChallenge,
        chosen.session().unwrap(),
        &[("USERNAME", "jane"), ("ANSWER", "WEB_AUTHN")],
    )
    .await
    .unwrap();
    assert_eq!(step.challenge_name(), Some(&ChallengeNameType::WebAuthn));
    let options: Value =
        serde_json::from_str(&step.challenge_parameters().unwrap()["CREDENTIAL_REQUEST_OPTIONS"])
            .unwrap();
    assert_eq!(options["rpId"], "localhost");
    assert_eq!(options["userVerification"], "required");
    let credential = key.assert(options).await;
    let signed_in = answer_passkey(
        &sdk,
        &client_id,
        "jane",
        step.session().unwrap(),
        &credential,
    )
    .await
    .unwrap();
    let access = signed_in
        .authentication_result()
        .and_then(|r| r.access_token())
        .expect("tokens, with no second factor asked for");
    let user = sdk.get_user().access_token(access).send().await.unwrap();
    assert_eq!(user.username(), "jane");

    // The passkey's use is kept; deleting it ends its sign-ins.
    let listed = sdk
        .list_web_authn_credentials()
        .access_token(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.credentials().len(), 1);
    sdk.delete_web_authn_credential()
        .access_token(&token)
        .credential_id(&id)
        .send()
        .await
        .unwrap();
    let (session, options) = passkey_step(&sdk, &client_id, "jane").await;
    let credential = key.assert(options).await;
    let refused = answer_passkey(&sdk, &client_id, "jane", &session, &credential).await;
    assert_eq!(refused.unwrap_err(), "NotAuthorizedException");
}

#[tokio::test]
async fn an_emailed_code_signs_in_and_unknown_users_get_the_same_answer() {
    let app = spawn_app().await;
    let client_id = passwordless_pool(&app, UserVerificationType::Preferred).await;
    let sdk = cognito(&app);
    let known = start(&sdk, &client_id, "jane", Some("EMAIL_OTP"), &[])
        .await
        .unwrap();
    assert_eq!(known.challenge_name(), Some(&ChallengeNameType::EmailOtp));
    let parameters = known.challenge_parameters().unwrap();
    assert_eq!(parameters["CODE_DELIVERY_DELIVERY_MEDIUM"], "EMAIL");
    let code_sent = app.last_code_about("jane@example.com", "Your sign-in code");
    let signed_in = answer(
        &sdk,
        &client_id,
        ChallengeNameType::EmailOtp,
        known.session().unwrap(),
        &[("USERNAME", "jane"), ("EMAIL_OTP_CODE", &code_sent)],
    )
    .await
    .unwrap();
    assert!(signed_in.authentication_result().is_some());

    // Nobody is named "nobody": the answer has the same shape, and a code is "sent".
    let unknown = start(&sdk, &client_id, "nobody", Some("EMAIL_OTP"), &[])
        .await
        .unwrap();
    assert_eq!(unknown.challenge_name(), Some(&ChallengeNameType::EmailOtp));
    let decoy = unknown.challenge_parameters().unwrap();
    let mut keys: Vec<_> = decoy.keys().collect();
    let mut known_keys: Vec<_> = parameters.keys().collect();
    keys.sort();
    known_keys.sort();
    assert_eq!(keys, known_keys);
    assert!(unknown.session().is_some());
    let wrong = answer(
        &sdk,
        &client_id,
        ChallengeNameType::EmailOtp,
        unknown.session().unwrap(),
        &[("USERNAME", "nobody"), ("EMAIL_OTP_CODE", "123456")],
    )
    .await;
    let real_wrong = {
        let step = start(&sdk, &client_id, "john", Some("EMAIL_OTP"), &[])
            .await
            .unwrap();
        answer(
            &sdk,
            &client_id,
            ChallengeNameType::EmailOtp,
            step.session().unwrap(),
            &[("USERNAME", "john"), ("EMAIL_OTP_CODE", "000000")],
        )
        .await
    };
    assert_eq!(wrong.unwrap_err(), real_wrong.unwrap_err());

    // The choices offered do not depend on the user either.
    let for_unknown = start(&sdk, &client_id, "nobody", None, &[]).await.unwrap();
    let for_known = start(&sdk, &client_id, "john", None, &[]).await.unwrap();
    assert_eq!(
        for_unknown.available_challenges(),
        for_known.available_challenges()
    );
}

#[tokio::test]
async fn emailed_codes_are_guessed_only_within_the_caps() {
    let app = spawn_app().await;
    let client_id = passwordless_pool(&app, UserVerificationType::Preferred).await;
    let sdk = cognito(&app);
    // One sign-in takes five wrong codes, then ends; an unknown user's the same.
    let mut seen = Vec::new();
    for name in ["jane", "nobody"] {
        let step = start(&sdk, &client_id, name, Some("EMAIL_OTP"), &[])
            .await
            .unwrap();
        let session = step.session().unwrap();
        let mut answers = Vec::new();
        for _ in 0..6 {
            let refused = sdk
                .respond_to_auth_challenge()
                .client_id(&client_id)
                .challenge_name(ChallengeNameType::EmailOtp)
                .session(session)
                .challenge_responses("USERNAME", name)
                .challenge_responses("EMAIL_OTP_CODE", "000000")
                .send()
                .await
                .unwrap_err()
                .into_service_error();
            answers.push(format!(
                "{}: {}",
                code(&refused),
                refused.message().unwrap_or("")
            ));
        }
        assert!(answers[0].starts_with("CodeMismatchException"));
        assert!(
            answers[4..]
                .iter()
                .all(|a| a.starts_with("NotAuthorizedException")),
            "{answers:?}"
        );
        seen.push(answers);
    }
    assert_eq!(
        seen[0], seen[1],
        "an unknown user's answers are a real user's"
    );
    // New sign-ins cannot go on guessing for the user: the user's allowance runs out,
    // and then even the right code is refused for a while.
    let mut limited = false;
    for _ in 0..6 {
        let step = start(&sdk, &client_id, "jane", Some("EMAIL_OTP"), &[]).await;
        let Ok(step) = step else {
            // The user's sending allowance, or the address's (a machine that runs the
            // tests in parallel may reach that first).
            let refused = step.unwrap_err();
            assert!(
                ["LimitExceededException", "TooManyRequestsException"].contains(&refused.as_str()),
                "{refused}"
            );
            limited = true;
            break;
        };
        let wrong = answer(
            &sdk,
            &client_id,
            ChallengeNameType::EmailOtp,
            step.session().unwrap(),
            &[("USERNAME", "jane"), ("EMAIL_OTP_CODE", "000000")],
        )
        .await
        .unwrap_err();
        if wrong == "LimitExceededException" {
            limited = true;
            let right = app.last_code_about("jane@example.com", "Your sign-in code");
            let refused = answer(
                &sdk,
                &client_id,
                ChallengeNameType::EmailOtp,
                step.session().unwrap(),
                &[("USERNAME", "jane"), ("EMAIL_OTP_CODE", &right)],
            )
            .await;
            assert!(refused.is_err());
            break;
        }
    }
    assert!(limited, "the user's wrong codes are capped");
}

#[tokio::test]
async fn the_password_signs_in_through_user_auth_sent_or_by_srp() {
    let app = spawn_app().await;
    let client_id = passwordless_pool(&app, UserVerificationType::Preferred).await;
    let sdk = cognito(&app);
    assert!(!password_token(&sdk, &client_id, "jane").await.is_empty());
    let wrong = start(
        &sdk,
        &client_id,
        "jane",
        Some("PASSWORD"),
        &[("PASSWORD", "Wrong-Horse-9")],
    )
    .await;
    assert_eq!(wrong.unwrap_err(), "NotAuthorizedException");

    let pool_id = app.default_pool.pool.id.to_string();
    let srp = SrpClient::new(User::new(&pool_id, "jane", PASSWORD), &client_id, None);
    let UserAuthenticationParameters { a, username } = srp.get_auth_parameters();
    let chosen = start(&sdk, &client_id, &username, None, &[]).await.unwrap();
    let step = answer(
        &sdk,
        &client_id,
        ChallengeNameType::SelectChallenge,
        chosen.session().unwrap(),
        &[
            ("USERNAME", &username),
            ("ANSWER", "PASSWORD_SRP"),
            ("SRP_A", &a),
        ],
    )
    .await
    .unwrap();
    assert_eq!(
        step.challenge_name(),
        Some(&ChallengeNameType::PasswordVerifier)
    );
    let parameters: HashMap<String, String> = step.challenge_parameters().unwrap().clone();
    let responses = verifier_responses(&srp, &parameters, &username);
    let responses: Vec<(&str, &str)> = responses
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let done = answer(
        &sdk,
        &client_id,
        ChallengeNameType::PasswordVerifier,
        step.session().unwrap(),
        &responses,
    )
    .await
    .unwrap();
    assert!(done.authentication_result().is_some());
}

#[tokio::test]
async fn passkey_attacks_are_refused() {
    let app = spawn_app().await;
    let client_id = passwordless_pool(&app, UserVerificationType::Required).await;
    let sdk = cognito(&app);
    let jane = password_token(&sdk, &client_id, "jane").await;
    let john = password_token(&sdk, &client_id, "john").await;
    let mut janes = SoftKey::new();
    let janes_id = register(&sdk, &jane, &mut janes).await;

    // Jane's passkey offered for John's sign-in.
    let (session, options) = passkey_step(&sdk, &client_id, "john").await;
    let credential = janes.assert(options).await;
    let refused = answer_passkey(&sdk, &client_id, "john", &session, &credential).await;
    assert_eq!(refused.unwrap_err(), "NotAuthorizedException");

    // A replayed assertion: to the session it answered, and to a new one.
    let (session, options) = passkey_step(&sdk, &client_id, "jane").await;
    let credential = janes.assert(options).await;
    answer_passkey(&sdk, &client_id, "jane", &session, &credential)
        .await
        .unwrap();
    let again = answer_passkey(&sdk, &client_id, "jane", &session, &credential).await;
    assert_eq!(again.unwrap_err(), "NotAuthorizedException");
    let (fresh, _) = passkey_step(&sdk, &client_id, "jane").await;
    let replayed = answer_passkey(&sdk, &client_id, "jane", &fresh, &credential).await;
    assert_eq!(replayed.unwrap_err(), "NotAuthorizedException");

    // A challenge answered too late.
    let (session, options) = passkey_step(&sdk, &client_id, "jane").await;
    let credential = janes.assert(options).await;
    app.clock.advance(4 * 60);
    let late = answer_passkey(&sdk, &client_id, "jane", &session, &credential).await;
    assert_eq!(late.unwrap_err(), "NotAuthorizedException");

    // Deleting another user's passkey.
    let deleted = sdk
        .delete_web_authn_credential()
        .access_token(&john)
        .credential_id(&janes_id)
        .send()
        .await;
    assert_eq!(
        code(&deleted.unwrap_err().into_service_error()),
        "ResourceNotFoundException"
    );

    // A clone of the authenticator: its counter goes back, and the passkey is flagged.
    let jane = password_token(&sdk, &client_id, "jane").await;
    let before = janes.passkey();
    let (session, options) = passkey_step(&sdk, &client_id, "jane").await;
    let credential = janes.assert(options).await;
    answer_passkey(&sdk, &client_id, "jane", &session, &credential)
        .await
        .unwrap();
    let mut clone = SoftKey::holding(before);
    let (session, options) = passkey_step(&sdk, &client_id, "jane").await;
    let cloned = clone.assert(options).await;
    let refused = answer_passkey(&sdk, &client_id, "jane", &session, &cloned).await;
    assert_eq!(refused.unwrap_err(), "NotAuthorizedException");
    let (session, options) = passkey_step(&sdk, &client_id, "jane").await;
    let genuine = janes.assert(options).await;
    let flagged = answer_passkey(&sdk, &client_id, "jane", &session, &genuine).await;
    assert_eq!(
        flagged.unwrap_err(),
        "NotAuthorizedException",
        "a flagged passkey signs no one in"
    );
    assert!(!jane.is_empty());
}

#[tokio::test]
async fn registrations_from_elsewhere_or_used_twice_are_refused() {
    let app = spawn_app().await;
    let client_id = passwordless_pool(&app, UserVerificationType::Required).await;
    let sdk = cognito(&app);
    let token = password_token(&sdk, &client_id, "jane").await;
    let start_registration = || async {
        to_json(
            sdk.start_web_authn_registration()
                .access_token(&token)
                .send()
                .await
                .unwrap()
                .credential_creation_options(),
        )
    };
    let complete = |credential: Value| {
        let sdk = sdk.clone();
        let token = token.clone();
        async move {
            sdk.complete_web_authn_registration()
                .access_token(token)
                .credential(to_document(&credential))
                .send()
                .await
                .map_err(|e| code(&e.into_service_error()))
        }
    };

    // Made in a page of another origin (the client data says where).
    let options = start_registration().await;
    let created = SoftKey::new().register(options).await;
    let elsewhere = with_client_data(&created, |data| {
        data["origin"] = json!("https://evil.example");
    });
    assert_eq!(
        complete(elsewhere).await.unwrap_err(),
        "WebAuthnOriginNotAllowedException"
    );

    // Made for another relying party ID (at an origin of its own, told as ours).
    let mut options = start_registration().await;
    options["rp"]["id"] = json!("other.test");
    let mut other = SoftKey::new();
    other.origin = Url::parse("https://other.test").unwrap();
    let created = other.register(options).await;
    let told_as_ours = with_client_data(&created, |data| {
        data["origin"] = json!(ORIGIN);
    });
    assert_eq!(
        complete(told_as_ours).await.unwrap_err(),
        "WebAuthnRelyingPartyMismatchException"
    );

    // One challenge answered twice.
    let options = start_registration().await;
    let created = SoftKey::new().register(options).await;
    complete(created.clone()).await.unwrap();
    assert_eq!(
        complete(created).await.unwrap_err(),
        "WebAuthnChallengeNotFoundException"
    );

    // Another user's token cannot complete this user's registration.
    let john = password_token(&sdk, &client_id, "john").await;
    let options = start_registration().await;
    let created = SoftKey::new().register(options).await;
    let by_john = sdk
        .complete_web_authn_registration()
        .access_token(&john)
        .credential(to_document(&created))
        .send()
        .await;
    assert_eq!(
        code(&by_john.unwrap_err().into_service_error()),
        "WebAuthnChallengeNotFoundException"
    );
}

/// `credential` with its client data changed by `change` (a registration's client data
/// is not signed under "none" attestation: only the server's checks stand in the way).
fn with_client_data(credential: &Value, change: impl FnOnce(&mut Value)) -> Value {
    use base64::Engine;
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let encoded = credential["response"]["clientDataJSON"].as_str().unwrap();
    let mut data: Value = serde_json::from_slice(&engine.decode(encoded).unwrap()).unwrap();
    change(&mut data);
    let mut changed = credential.clone();
    changed["response"]["clientDataJSON"] = json!(engine.encode(data.to_string()));
    changed
}

#[tokio::test]
async fn a_token_without_the_admin_scope_registers_no_passkey() {
    let app = spawn_app().await;
    passwordless_pool(&app, UserVerificationType::Preferred).await;
    let client = crate::oidc::oauth_client(&app, false).await;
    let client_id = client.client_id().unwrap();
    let session = crate::oidc::session_of(&app, "mia").await;
    let grant = crate::oidc::code(&app, &session, client_id).await;
    let (_, tokens) = crate::oidc::token(
        &app,
        None,
        &[
            ("grant_type", "authorization_code"),
            ("client_id", client_id),
            ("code", &grant),
            ("redirect_uri", crate::oidc::CALLBACK),
            ("code_verifier", crate::oidc::VERIFIER),
        ],
    )
    .await;
    let access = tokens["access_token"].as_str().expect("an access token");
    let sdk = cognito(&app);
    let started = sdk
        .start_web_authn_registration()
        .access_token(access)
        .send()
        .await;
    assert_eq!(
        code(&started.unwrap_err().into_service_error()),
        "NotAuthorizedException"
    );
    let listed = sdk
        .list_web_authn_credentials()
        .access_token(access)
        .send()
        .await;
    assert_eq!(
        code(&listed.unwrap_err().into_service_error()),
        "NotAuthorizedException"
    );
}

#[tokio::test]
async fn the_pool_keeps_its_first_factors_and_creates_users_without_a_password() {
    let app = spawn_app().await;
    let client_id = passwordless_pool(&app, UserVerificationType::Required).await;
    let pool = app.default_pool.pool.id.to_string();
    let admin = admin(&app);
    let described = admin
        .describe_user_pool()
        .user_pool_id(&pool)
        .send()
        .await
        .unwrap();
    let factors = described
        .user_pool()
        .and_then(|p| p.policies())
        .and_then(|p| p.sign_in_policy())
        .map(|p| p.allowed_first_auth_factors().to_vec())
        .unwrap_or_default();
    assert_eq!(
        factors,
        [
            AuthFactorType::Password,
            AuthFactorType::EmailOtp,
            AuthFactorType::WebAuthn
        ]
    );
    let config = admin
        .get_user_pool_mfa_config()
        .user_pool_id(&pool)
        .send()
        .await
        .unwrap();
    let web_authn = config.web_authn_configuration().unwrap();
    assert_eq!(web_authn.relying_party_id(), Some("localhost"));
    assert_eq!(
        web_authn.user_verification(),
        Some(&UserVerificationType::Required)
    );

    // Cognate sends no text messages; PASSWORD is always among the factors.
    for refused in [
        vec![AuthFactorType::Password, AuthFactorType::SmsOtp],
        vec![AuthFactorType::EmailOtp],
    ] {
        let policy = SignInPolicyType::builder()
            .set_allowed_first_auth_factors(Some(refused))
            .build();
        let answer = admin
            .update_user_pool()
            .user_pool_id(&pool)
            .auto_verified_attributes(VerifiedAttributeType::Email)
            .policies(UserPoolPolicyType::builder().sign_in_policy(policy).build())
            .send()
            .await;
        assert_eq!(
            code(&answer.unwrap_err().into_service_error()),
            "InvalidParameterException"
        );
    }

    // A user created with neither a temporary password nor an invitation has none: they
    // sign in with an emailed code, never with a password.
    let created = admin
        .admin_create_user()
        .user_pool_id(&pool)
        .username("ann")
        .user_attributes(
            aws_sdk_cognitoidentityprovider::types::AttributeType::builder()
                .name("email")
                .value("ann@example.com")
                .build()
                .unwrap(),
        )
        .user_attributes(
            aws_sdk_cognitoidentityprovider::types::AttributeType::builder()
                .name("email_verified")
                .value("true")
                .build()
                .unwrap(),
        )
        .message_action(aws_sdk_cognitoidentityprovider::types::MessageActionType::Suppress)
        .send()
        .await
        .unwrap();
    assert_eq!(
        created.user().and_then(|u| u.user_status()),
        Some(&aws_sdk_cognitoidentityprovider::types::UserStatusType::Confirmed)
    );
    let factors = admin
        .admin_get_user_auth_factors()
        .user_pool_id(&pool)
        .username("ann")
        .send()
        .await
        .unwrap();
    assert_eq!(
        factors.configured_user_auth_factors(),
        [AuthFactorType::EmailOtp]
    );
    let sdk = cognito(&app);
    let by_password = start(
        &sdk,
        &client_id,
        "ann",
        Some("PASSWORD"),
        &[("PASSWORD", PASSWORD)],
    )
    .await;
    assert_eq!(by_password.unwrap_err(), "NotAuthorizedException");
    let step = start(&sdk, &client_id, "ann", Some("EMAIL_OTP"), &[])
        .await
        .unwrap();
    let sent = app.last_code_about("ann@example.com", "Your sign-in code");
    let signed_in = answer(
        &sdk,
        &client_id,
        ChallengeNameType::EmailOtp,
        step.session().unwrap(),
        &[("USERNAME", "ann"), ("EMAIL_OTP_CODE", &sent)],
    )
    .await
    .unwrap();
    assert!(signed_in.authentication_result().is_some());
}

#[tokio::test]
async fn a_second_factor_follows_the_password_but_not_a_passkey() {
    let app = spawn_app().await;
    let client_id = passwordless_pool(&app, UserVerificationType::Required).await;
    let pool = app.default_pool.pool.id.to_string();
    let sdk = cognito(&app);
    let token = password_token(&sdk, &client_id, "jane").await;
    let mut key = SoftKey::new();
    register(&sdk, &token, &mut key).await;
    let admin = admin(&app);
    admin
        .admin_set_user_mfa_preference()
        .user_pool_id(&pool)
        .username("jane")
        .email_mfa_settings(
            aws_sdk_cognitoidentityprovider::types::EmailMfaSettingsType::builder()
                .enabled(true)
                .build(),
        )
        .send()
        .await
        .unwrap();

    // The password (here through AdminInitiateAuth): the emailed second factor next.
    let by_password = admin
        .admin_initiate_auth()
        .user_pool_id(&pool)
        .client_id(&client_id)
        .auth_flow(AuthFlowType::UserAuth)
        .auth_parameters("USERNAME", "jane")
        .auth_parameters("PREFERRED_CHALLENGE", "PASSWORD")
        .auth_parameters("PASSWORD", PASSWORD)
        .send()
        .await
        .unwrap();
    assert_eq!(
        by_password.challenge_name(),
        Some(&ChallengeNameType::EmailOtp)
    );
    assert!(by_password.authentication_result().is_none());

    // The passkey, which verified its user: the tokens at once.
    let (session, options) = passkey_step(&sdk, &client_id, "jane").await;
    let credential = key.assert(options).await;
    let signed_in = answer_passkey(&sdk, &client_id, "jane", &session, &credential)
        .await
        .unwrap();
    assert!(signed_in.authentication_result().is_some());
}
