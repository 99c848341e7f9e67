//! Passkeys and passwordless sign-in through the AWS SDK, with a software authenticator
//! and WebAuthn client (1Password's passkey-rs) in place of a browser: registration,
//! USER_AUTH with each first factor (a passkey, an emailed code, the password sent or
//! proven by SRP), and the attacks — another user's assertion, another origin or relying
//! party, a replayed assertion, a counter that goes back, a challenge used twice or too
//! late, a token without the admin scope, another user's passkey deleted, emailed codes
//! guessed, and an unknown user asking for one.

use aws_sdk_cognitoidentityprovider::Client;
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
use crate::helpers::{PASSWORD, TestApp};

/// The page origin the software authenticator's client says it signs in at.
pub(super) const ORIGIN: &str = "https://localhost";

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
pub(super) struct SoftKey {
    client: SoftClient,
    pub(super) origin: Url,
}

impl SoftKey {
    pub(super) fn new() -> Self {
        Self::holding(None)
    }

    /// An authenticator holding `passkey` (a copy of another's: a clone).
    pub(super) fn holding(passkey: Option<Passkey>) -> Self {
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

    pub(super) fn passkey(&self) -> Option<Passkey> {
        self.client.authenticator().store().clone()
    }

    /// The registration response to `options`, as a browser's JSON.
    pub(super) async fn register(&mut self, options: Value) -> Value {
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
    pub(super) async fn assert(&mut self, options: Value) -> Value {
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

pub(crate) fn to_json(document: &Document) -> Value {
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

pub(crate) fn to_document(value: &Value) -> Document {
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
pub(super) async fn passwordless_pool(app: &TestApp, verification: UserVerificationType) -> String {
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
pub(super) async fn start(
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
pub(super) async fn answer(
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
pub(super) async fn password_token(sdk: &Client, client_id: &str, username: &str) -> String {
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
pub(super) async fn register(sdk: &Client, token: &str, key: &mut SoftKey) -> String {
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
pub(super) async fn passkey_step(sdk: &Client, client_id: &str, username: &str) -> (String, Value) {
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
pub(super) async fn answer_passkey(
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

/// `credential` with its client data changed by `change` (a registration's client data
/// is not signed under "none" attestation: only the server's checks stand in the way).
pub(super) fn with_client_data(credential: &Value, change: impl FnOnce(&mut Value)) -> Value {
    use base64::Engine;
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let encoded = credential["response"]["clientDataJSON"].as_str().unwrap();
    let mut data: Value = serde_json::from_slice(&engine.decode(encoded).unwrap()).unwrap();
    change(&mut data);
    let mut changed = credential.clone();
    changed["response"]["clientDataJSON"] = json!(engine.encode(data.to_string()));
    changed
}

mod attacks;
mod sign_in;
