//! A sign-in's records: its refresh-token family, the hosted session on it, a challenge
//! waiting for its answer, and the pools' signing keys.

use super::{ClientId, PoolId, Sub};
use crate::clock::Timestamp;

/// One sign-in's refresh-token family (its id is the tokens' `origin_jti`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenFamily {
    pub id: String,
    pub pool_id: PoolId,
    pub user_sub: Sub,
    pub client_id: ClientId,
    /// SHA-256 of the refresh token.
    pub refresh_hash: String,
    pub scope: String,
    pub auth_time: Timestamp,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    pub revoked_at: Option<Timestamp>,
    /// The device it was issued to (Cognito's device tracking): refreshing needs its
    /// DEVICE_KEY.
    pub device_key: Option<String>,
}

/// A pool's signing key as stored: the PKCS#8 DER of the RSA private key.
#[derive(Clone)]
pub struct StoredSigningKey {
    pub kid: String,
    pub private_pkcs8: Vec<u8>,
    pub created_at: Timestamp,
}

/// A hosted-page session: which sign-in it belongs to and until when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredSession {
    pub family_id: String,
    pub expires_at: Timestamp,
    /// Who a SAML provider said signed in, when the session began there: signing out asks
    /// that provider to sign them out too (IDPSignout).
    pub saml: Option<SamlSession>,
}

/// A SAML provider's user as its assertion named them, for its single logout.
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SamlSession {
    pub provider_name: String,
    pub name_id: String,
    pub name_id_format: Option<String>,
    pub session_index: Option<String>,
}

impl std::fmt::Debug for SamlSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SamlSession")
            .field("provider_name", &self.provider_name)
            .finish_non_exhaustive()
    }
}

/// A sign-in waiting for the answer to a challenge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthSession {
    pub client_id: ClientId,
    pub user_sub: Sub,
    pub challenge: Challenge,
    pub expires_at: Timestamp,
    /// Wrong answers it still takes (an MFA code); at none it ends.
    pub tries_left: i64,
    /// The remembered device the sign-in proved before this step, whose key its tokens
    /// will carry.
    pub device_key: Option<String>,
}

/// What a waiting sign-in asks for, with what checking the answer needs. Each door names
/// the steps in its own words (the Cognito API by its challenge names).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Challenge {
    /// The SRP proof of the password: the client's claim must be signed with `srp_key`.
    PasswordVerifier { srp_key: Vec<u8> },
    /// A temporary password to replace with the user's own.
    NewPassword,
    /// A code from the user's authenticator app.
    SoftwareToken,
    /// The code that was emailed, kept as its salted hash.
    EmailCode { code_hash: String },
    /// Which of the user's second factors to use.
    SelectFactor,
    /// An authenticator app to set up before the sign-in goes on.
    FactorSetup,
    /// A custom challenge (Cognito's CUSTOM_CHALLENGE) the pool's triggers set.
    Custom(Box<CustomAuth>),
    /// The SRP proof of the password within a custom sign-in (after `SRP_A`).
    CustomPassword {
        srp_key: Vec<u8>,
        state: Box<CustomAuth>,
    },
    /// A remembered device's `SRP_A` (DEVICE_SRP_AUTH), after the password.
    Device(Box<DeviceStep>),
    /// The device's SRP proof (DEVICE_PASSWORD_VERIFIER): signed with `srp_key`.
    DevicePassword {
        srp_key: Vec<u8>,
        step: Box<DeviceStep>,
    },
    /// A choice-based sign-in (USER_AUTH) waiting for the first factor to be chosen.
    SelectFirstFactor,
    /// A passkey's assertion, checked against the ceremony's kept `state`.
    Passkey { state: String },
    /// The code emailed for a sign-in without a password (a first factor), as its salted
    /// hash.
    SignInCode { code_hash: String },
    /// A passkey's registration (StartWebAuthnRegistration), kept until its answer.
    PasskeyRegistration { state: String },
}

/// A sign-in's device step: which device, the session it was given (some clients answer
/// without it, so the step is also found by the user and device), and whether threat
/// protection asked for a second factor all the same.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DeviceStep {
    pub device_key: String,
    pub session_hash: String,
    pub forced_mfa: bool,
}

/// Where a custom sign-in stands: the challenges answered so far (what the define auth
/// challenge trigger reads as `session`) and the one waiting for its answer.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CustomAuth {
    pub history: Vec<ChallengeResult>,
    /// The waiting challenge's private parameters (for the verify trigger only).
    pub private: serde_json::Map<String, serde_json::Value>,
    /// The waiting challenge's `challengeMetadata`.
    pub metadata: Option<String>,
    /// The name as the user typed it.
    pub typed: String,
    /// No user has the name (the client hides which users exist, so the sign-in goes on
    /// as for a real one, and can only fail).
    pub user_not_found: bool,
}

/// One answered challenge, as Cognito's `session` lists it to the triggers.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChallengeResult {
    pub challenge_name: String,
    pub challenge_result: bool,
    pub challenge_metadata: Option<String>,
}
