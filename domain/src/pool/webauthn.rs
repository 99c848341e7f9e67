//! WebAuthn ceremonies for passkeys, by the Kanidm project's `webauthn-rs-core` (the
//! ceremony layer of `webauthn-rs`): the options a browser (or an app) is given, and the
//! checks of what its authenticator answers — the challenge, the origin, the relying
//! party's ID hash, the signature, user verification where the pool requires it, and the
//! signature counter. Pure computation: the service keeps the states and the credentials.

use std::time::Duration;

use url::Url;
use webauthn_rs_core::WebauthnCore;
use webauthn_rs_core::error::WebauthnError;
use webauthn_rs_core::proto::{
    AuthenticationState, COSEAlgorithm, Credential, PublicKeyCredential,
    RegisterPublicKeyCredential, RegistrationState, UserVerificationPolicy,
};

use super::model::UserVerification;

/// How long a browser gives its user to answer (the options' `timeout`).
const CEREMONY_TIMEOUT: Duration = Duration::from_secs(180);

/// Why a ceremony's answer is refused (each door words it; the Cognito API by its
/// `WebAuthn…Exception`s).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CeremonyFault {
    /// The answer was made in a page of another origin than the relying party's.
    Origin,
    /// The authenticator signed for another relying party ID.
    RelyingParty,
    /// The answer is not to the challenge given (another, an old one).
    Challenge,
    /// Not a credential this ceremony takes: unreadable, unsigned, an unsupported key,
    /// or without the user verification the pool requires.
    Credential,
    /// The authenticator's signature counter did not move forward: it may be cloned.
    Counter,
}

impl From<WebauthnError> for CeremonyFault {
    fn from(error: WebauthnError) -> Self {
        match error {
            WebauthnError::InvalidRPOrigin => Self::Origin,
            WebauthnError::InvalidRPIDHash => Self::RelyingParty,
            WebauthnError::MismatchedChallenge | WebauthnError::ChallengeNotFound => {
                Self::Challenge
            }
            WebauthnError::CredentialPossibleCompromise => Self::Counter,
            _ => Self::Credential,
        }
    }
}

/// A pool's relying party: its ID, the origins it takes answers from, and how much it
/// asks of authenticators. Cheap to make (a hash of the ID).
pub struct RelyingParty {
    core: WebauthnCore,
    id: String,
    policy: UserVerificationPolicy,
}

/// A credential a registration made, ready to store.
#[derive(Debug)]
pub struct Registered {
    /// base64url, unpadded.
    pub id: String,
    /// The credential record (public key, flags), serialised.
    pub record: String,
    pub sign_count: u32,
    pub transports: Vec<String>,
}

/// What a sign-in's assertion proved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Asserted {
    pub id: String,
    pub sign_count: u32,
    pub user_verified: bool,
}

impl RelyingParty {
    /// The relying party `id` for pages at `public_url` and apps at `https://` the ID or
    /// any of its subdomains (on `localhost`, on any port, over plain HTTP too).
    pub fn new(id: &str, public_url: &str, verification: UserVerification) -> Option<Self> {
        let mut origins = Vec::new();
        if let Ok(public) = Url::parse(public_url) {
            origins.push(public);
        }
        origins.push(Url::parse(&format!("https://{id}")).ok()?);
        let local = id == "localhost";
        if local {
            origins.push(Url::parse("http://localhost").ok()?);
        }
        let core = WebauthnCore::new_unsafe_experts_only(
            id,
            id,
            origins,
            CEREMONY_TIMEOUT,
            Some(true),
            Some(local),
        );
        let policy = match verification {
            UserVerification::Required => UserVerificationPolicy::Required,
            UserVerification::Preferred => UserVerificationPolicy::Preferred,
        };
        Some(Self {
            core,
            id: id.to_string(),
            policy,
        })
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    /// Registration's options (WebAuthn's `PublicKeyCredentialCreationOptions` as JSON)
    /// for the user whose handle is `handle`, leaving out the credentials they have; and
    /// the state to keep until the answer. A discoverable credential (a passkey) is asked
    /// for, so that it signs in without a name too.
    pub fn start_registration(
        &self,
        handle: &[u8],
        name: &str,
        display_name: &str,
        existing: Vec<Vec<u8>>,
    ) -> Result<(serde_json::Value, String), CeremonyFault> {
        let builder = self
            .core
            .new_challenge_register_builder(handle, name, display_name)?
            .user_verification_policy(self.policy)
            .exclude_credentials(Some(existing))
            .credential_algorithms(vec![COSEAlgorithm::ES256, COSEAlgorithm::RS256])
            .require_resident_key(true);
        let (options, state) = self.core.generate_challenge_register(builder)?;
        let options =
            serde_json::to_value(options.public_key).map_err(|_| CeremonyFault::Credential)?;
        let state = serde_json::to_string(&state).map_err(|_| CeremonyFault::Credential)?;
        Ok((options, state))
    }

    /// Checks a registration's answer (WebAuthn's `RegistrationResponseJSON`) against the
    /// state kept: the new credential.
    pub fn finish_registration(
        &self,
        answer: &str,
        state: &str,
    ) -> Result<Registered, CeremonyFault> {
        let answer: RegisterPublicKeyCredential =
            serde_json::from_str(answer).map_err(|error| {
                tracing::info!(%error, "a passkey's registration is unreadable");
                CeremonyFault::Credential
            })?;
        let state: RegistrationState =
            serde_json::from_str(state).map_err(|_| CeremonyFault::Challenge)?;
        let credential = self
            .core
            .register_credential(&answer, &state, None)
            .inspect_err(|error| tracing::info!(%error, "a passkey's registration was refused"))?;
        let transports = answer
            .response
            .transports
            .iter()
            .flatten()
            .filter_map(|transport| serde_json::to_value(transport).ok())
            .filter_map(|value| value.as_str().map(str::to_string))
            .filter(|name| name != "unknown")
            .collect();
        Ok(Registered {
            id: encode(&credential.cred_id),
            sign_count: credential.counter,
            record: serde_json::to_string(&credential).map_err(|_| CeremonyFault::Credential)?,
            transports,
        })
    }

    /// A sign-in's request options (WebAuthn's `PublicKeyCredentialRequestOptions` as
    /// JSON) and the state to keep. No credentials are listed, whoever signs in: passkeys
    /// are discoverable, and the options then tell nothing of who has one.
    pub fn start_authentication(&self) -> Result<(serde_json::Value, String), CeremonyFault> {
        let builder = self
            .core
            .new_challenge_authenticate_builder(Vec::new(), Some(self.policy))?;
        let (options, state) = self.core.generate_challenge_authenticate(builder)?;
        let options =
            serde_json::to_value(options.public_key).map_err(|_| CeremonyFault::Credential)?;
        let state = serde_json::to_string(&state).map_err(|_| CeremonyFault::Credential)?;
        Ok((options, state))
    }

    /// The credential ID and user handle an assertion names, before it is checked.
    pub fn claimed(answer: &str) -> Option<(String, Option<Vec<u8>>)> {
        let answer: PublicKeyCredential = serde_json::from_str(answer).ok()?;
        let handle = answer.get_user_unique_id().map(<[u8]>::to_vec);
        Some((encode(&answer.raw_id), handle))
    }

    /// Checks an assertion (WebAuthn's `AuthenticationResponseJSON`) against the state
    /// kept and the stored credential it names (`record`, with `sign_count` as last seen).
    pub fn finish_authentication(
        &self,
        answer: &str,
        state: &str,
        record: &str,
        sign_count: u32,
    ) -> Result<Asserted, CeremonyFault> {
        let answer: PublicKeyCredential =
            serde_json::from_str(answer).map_err(|_| CeremonyFault::Credential)?;
        let mut state: AuthenticationState =
            serde_json::from_str(state).map_err(|_| CeremonyFault::Challenge)?;
        let mut credential: Credential =
            serde_json::from_str(record).map_err(|_| CeremonyFault::Credential)?;
        credential.counter = sign_count;
        state.set_allowed_credentials(vec![credential.clone()]);
        let result = self
            .core
            .authenticate_credential(&answer, &state)
            .inspect_err(|error| tracing::info!(%error, "a passkey's assertion was refused"))?;
        Ok(Asserted {
            id: encode(result.cred_id()),
            sign_count: result.counter(),
            user_verified: result.user_verified(),
        })
    }
}

/// base64url without padding, as WebAuthn's JSON writes binary values.
pub fn encode(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The bytes of a base64url value (padded or not).
pub fn decode(text: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text.trim_end_matches('='))
        .ok()
}
