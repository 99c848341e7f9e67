//! Choice-based sign-in (Cognito's `USER_AUTH`): the first factors a pool allows, its
//! WebAuthn relying party, and a user's passkeys as stored.

use serde::{Deserialize, Serialize};

use super::{PoolId, Sub};
use crate::clock::Timestamp;
use crate::pool::PoolError;
use crate::pool::invalid::{Invalid, PoolFault};

/// A way to begin a sign-in (Cognito's `AuthFactorType`, as a pool's
/// `AllowedFirstAuthFactors` and a user's `ConfiguredUserAuthFactors` name it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum FirstFactor {
    /// The password, sent (`PASSWORD`) or proven by SRP (`PASSWORD_SRP`).
    Password,
    /// A one-time code sent by email.
    EmailOtp,
    /// A passkey (WebAuthn).
    WebAuthn,
}

impl FirstFactor {
    /// Cognito's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Password => "PASSWORD",
            Self::EmailOtp => "EMAIL_OTP",
            Self::WebAuthn => "WEB_AUTHN",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "PASSWORD" => Self::Password,
            "EMAIL_OTP" => Self::EmailOtp,
            "WEB_AUTHN" => Self::WebAuthn,
            _ => return None,
        })
    }
}

/// Cognito's `Policies.SignInPolicy`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SignInPolicy {
    /// `AllowedFirstAuthFactors`, sorted and without repeats; always holds `Password`.
    pub allowed_first_factors: Vec<FirstFactor>,
}

impl Default for SignInPolicy {
    fn default() -> Self {
        Self {
            allowed_first_factors: vec![FirstFactor::Password],
        }
    }
}

impl SignInPolicy {
    /// The policy for `names` as a request gives them: Cognito's rule that `PASSWORD` is
    /// always among them; `SMS_OTP` is refused, as Cognate sends no text messages.
    pub fn from_names(names: &[String]) -> Result<Self, PoolError> {
        let mut factors = Vec::new();
        for name in names {
            let factor = FirstFactor::parse(name).ok_or_else(|| {
                PoolError::InvalidParameter(Invalid::Pool(PoolFault::FirstFactor(name.clone())))
            })?;
            factors.push(factor);
        }
        if !factors.contains(&FirstFactor::Password) {
            return Err(PoolError::InvalidParameter(Invalid::Pool(
                PoolFault::FirstFactorsWithoutPassword,
            )));
        }
        factors.sort();
        factors.dedup();
        Ok(Self {
            allowed_first_factors: factors,
        })
    }

    pub fn allows(&self, factor: FirstFactor) -> bool {
        self.allowed_first_factors.contains(&factor)
    }

    /// Whether a user may have no password at all (a factor other than it signs in).
    pub fn passwordless(&self) -> bool {
        self.allowed_first_factors
            .iter()
            .any(|factor| *factor != FirstFactor::Password)
    }
}

/// Cognito's `WebAuthnConfiguration.UserVerification`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum UserVerification {
    /// Only authenticators that verify the user (a PIN, a fingerprint) register and sign in.
    Required,
    /// Verification is asked for but not required.
    #[default]
    Preferred,
}

impl UserVerification {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Required => "required",
            Self::Preferred => "preferred",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "required" => Self::Required,
            "preferred" => Self::Preferred,
            _ => return None,
        })
    }
}

/// Cognito's `WebAuthnConfiguration.FactorConfiguration`: whether a passkey that verified
/// its user counts as two factors (so that it signs in where MFA is required).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum PasskeyFactor {
    #[default]
    SingleFactor,
    MultiFactorWithUserVerification,
}

impl PasskeyFactor {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SingleFactor => "SINGLE_FACTOR",
            Self::MultiFactorWithUserVerification => "MULTI_FACTOR_WITH_USER_VERIFICATION",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "SINGLE_FACTOR" => Self::SingleFactor,
            "MULTI_FACTOR_WITH_USER_VERIFICATION" => Self::MultiFactorWithUserVerification,
            _ => return None,
        })
    }
}

/// Cognito's `WebAuthnConfiguration`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WebAuthnSettings {
    /// The relying party's ID: a domain the pages' and the apps' origins are at or under.
    /// Unset: the host of the server's public URL.
    pub relying_party_id: Option<String>,
    pub user_verification: UserVerification,
    pub factor: PasskeyFactor,
}

/// Whether `id` can be a relying party ID: a host name (1–127 characters; letters, digits,
/// hyphens and dots; no scheme, port or path).
pub fn check_relying_party_id(id: &str) -> Result<(), PoolError> {
    let host_like = !id.is_empty()
        && id.len() <= 127
        && !id.starts_with('.')
        && !id.ends_with('.')
        && !id.contains("..")
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
    if host_like {
        Ok(())
    } else {
        Err(PoolError::InvalidParameter(Invalid::Pool(
            PoolFault::RelyingPartyId,
        )))
    }
}

/// A passkey sign-in that names no user yet (the browser's passkey autofill): the
/// ceremony's state, for the app client it signs in to, until it expires.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PasskeyChallenge {
    pub client_id: super::ClientId,
    pub state: String,
    pub expires_at: Timestamp,
}

/// A user's passkey as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Passkey {
    /// The credential ID, base64url without padding (as WebAuthn's JSON writes it).
    pub id: String,
    pub pool_id: PoolId,
    pub user_sub: Sub,
    /// The relying party it was made for.
    pub relying_party_id: String,
    /// The public key and what registration found (WebAuthn's credential record, as the
    /// ceremony library serialises it).
    pub public_key: String,
    /// The authenticator's signature counter at its last use (0: it keeps none).
    pub sign_count: u32,
    /// How the browser may reach it (`internal`, `hybrid`, `usb`, …).
    pub transports: Vec<String>,
    /// `platform` or `cross-platform`, where the browser said.
    pub attachment: Option<String>,
    pub name: Option<String>,
    pub created_at: Timestamp,
    pub last_used_at: Option<Timestamp>,
    /// Its counter went backwards once: a clone of it may exist, so it signs no one in.
    pub flagged: bool,
}
