//! The passkey sign-in row's users: each gets a passkey from a software authenticator
//! (1Password's passkey-rs), registered through the API as an app does.

use passkey::authenticator::{Authenticator, UiHint, UserCheck, UserValidationMethod};
use passkey::client::{Client, DefaultClientData};
use passkey::crypto::rust_crypto::RustCryptoBackend;
use passkey::types::Passkey;
use passkey::types::ctap2::{Aaguid, Ctap2Error};
use passkey::types::webauthn::{CredentialCreationOptions, CredentialRequestOptions};
use serde_json::{Value, json};
use tokio::sync::Mutex;

use crate::Fail;
use crate::cognito;
use crate::load::{PASSWORD, Target};

/// A user present and verified at every request.
struct Present;

#[async_trait::async_trait]
impl UserValidationMethod for Present {
    type PasskeyItem = Passkey;

    async fn check_user<'a>(
        &self,
        _hint: UiHint<'a, Passkey>,
        presence: bool,
        verification: bool,
    ) -> Result<UserCheck, Ctap2Error> {
        Ok(UserCheck {
            presence,
            verification,
        })
    }

    fn is_presence_enabled(&self) -> bool {
        true
    }

    fn is_verification_enabled(&self) -> Option<bool> {
        Some(true)
    }
}

type SoftClient =
    Client<Option<Passkey>, Present, RustCryptoBackend, public_suffix::PublicSuffixList, ()>;

/// One user's authenticator (no signature counter, as a synced passkey), used by one
/// request at a time.
pub struct SoftKey(Mutex<SoftClient>);

const ORIGIN: &str = "https://localhost";

impl SoftKey {
    fn new() -> Self {
        let authenticator =
            Authenticator::new(Aaguid::new_empty(), None, Present, RustCryptoBackend);
        Self(Mutex::new(
            Client::new(authenticator).allows_insecure_localhost(true),
        ))
    }

    async fn register(&self, options: Value) -> Option<Value> {
        let request = CredentialCreationOptions {
            public_key: serde_json::from_value(options).ok()?,
        };
        let origin = url::Url::parse(ORIGIN).ok()?;
        let created = self
            .0
            .lock()
            .await
            .register(&origin, request, DefaultClientData)
            .await
            .ok()?;
        serde_json::to_value(created).ok()
    }

    /// The assertion for `options`, as a browser's JSON.
    pub async fn assert(&self, options: Value) -> Option<Value> {
        let request = CredentialRequestOptions {
            public_key: serde_json::from_value(options).ok()?,
        };
        let origin = url::Url::parse(ORIGIN).ok()?;
        let asserted = self
            .0
            .lock()
            .await
            .authenticate(&origin, request, DefaultClientData)
            .await
            .ok()?;
        serde_json::to_value(asserted).ok()
    }
}

/// Lets the pool's users sign in with passkeys for `localhost` (USER_AUTH), on a client of
/// its own, and gives up to `count` of the seeded users a passkey, 8 at a time. Gives the
/// client and the users with their authenticators.
pub async fn with_passkeys(
    http: &reqwest::Client,
    base: &str,
    pool_id: &str,
    target: &Target,
    count: usize,
) -> Result<(String, Vec<(String, SoftKey)>), Fail> {
    let policy = json!({"UserPoolId": pool_id, "AutoVerifiedAttributes": ["email"],
        "Policies": {"SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD", "WEB_AUTHN"]}}});
    cognito::call(http, base, "UpdateUserPool", &policy, true).await?;
    let config = json!({"UserPoolId": pool_id, "MfaConfiguration": "OPTIONAL",
        "SoftwareTokenMfaConfiguration": {"Enabled": true},
        "WebAuthnConfiguration": {"RelyingPartyId": "localhost", "UserVerification": "preferred"}});
    cognito::call(http, base, "SetUserPoolMfaConfig", &config, true).await?;
    let client = cognito::call(
        http,
        base,
        "CreateUserPoolClient",
        &json!({"UserPoolId": pool_id, "ClientName": "bench passkeys",
                "ExplicitAuthFlows": ["ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}),
        true,
    )
    .await?;
    let client_id = client["UserPoolClient"]["ClientId"]
        .as_str()
        .ok_or("CreateUserPoolClient gave no id")?
        .to_string();
    // The users the TOTP row did not take: from the end of the list.
    let users: Vec<(usize, String)> = target
        .users
        .iter()
        .rev()
        .take(count)
        .cloned()
        .enumerate()
        .collect();
    let mut ready = Vec::new();
    for chunk in users.chunks(8) {
        let set_ups = chunk.iter().map(|(n, username)| {
            let client_id = client_id.clone();
            async move {
                let from = format!("10.253.{}.{}", n / 256, n % 256);
                let signed_in = cognito::call_from(
                    http,
                    base,
                    "InitiateAuth",
                    &json!({"AuthFlow": "USER_AUTH", "ClientId": client_id,
                            "AuthParameters": {"USERNAME": username, "PREFERRED_CHALLENGE": "PASSWORD",
                                               "PASSWORD": PASSWORD}}),
                    false,
                    Some(&from),
                )
                .await?;
                let access = signed_in["AuthenticationResult"]["AccessToken"]
                    .as_str()
                    .ok_or("no access token")?
                    .to_string();
                let started = cognito::call_from(
                    http,
                    base,
                    "StartWebAuthnRegistration",
                    &json!({"AccessToken": access}),
                    false,
                    Some(&from),
                )
                .await?;
                let key = SoftKey::new();
                let created = key
                    .register(started["CredentialCreationOptions"].clone())
                    .await
                    .ok_or("the authenticator made no passkey")?;
                cognito::call_from(
                    http,
                    base,
                    "CompleteWebAuthnRegistration",
                    &json!({"AccessToken": access, "Credential": created}),
                    false,
                    Some(&from),
                )
                .await?;
                Ok::<_, Fail>((username.clone(), key))
            }
        });
        for outcome in futures::future::join_all(set_ups).await {
            ready.push(outcome?);
        }
    }
    Ok((client_id, ready))
}
