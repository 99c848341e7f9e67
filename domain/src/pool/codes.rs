//! One-time codes sent by email: generated, stored salted and hashed, checked in constant time.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use rand::Rng;
use sha2::Sha256;
use subtle::ConstantTimeEq;

use crate::clock::Timestamp;

/// What a code is for; a user has at most one live code per purpose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Confirms a sign-up (Cognito ConfirmSignUp): 24 hours.
    SignUp,
    /// Resets a forgotten password (Cognito ConfirmForgotPassword): 1 hour.
    ResetPassword,
    /// Verifies a changed email (Cognito VerifyUserAttribute): 24 hours.
    VerifyEmail,
    /// A sign-in's second factor by email: 3 minutes, kept with the sign-in's session
    /// rather than the user.
    SignIn,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SignUp => "sign_up",
            Self::ResetPassword => "reset_password",
            Self::VerifyEmail => "verify_email",
            Self::SignIn => "sign_in",
        }
    }

    /// How long a code lives: a day for sign-up and email codes, an hour for a reset, three
    /// minutes for a sign-in code (the sign-in step it belongs to lasts as long).
    pub fn lifetime_seconds(self) -> i64 {
        match self {
            Self::SignUp | Self::VerifyEmail => 24 * 3600,
            Self::ResetPassword => 3600,
            Self::SignIn => 180,
        }
    }
}

/// Wrong tries after which a code is dead, however many codes the user asks for.
pub const MAX_TRIES: i64 = 5;

/// A stored code: its hash, expiry and the tries it has left.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredCode {
    pub hash: String,
    pub expires_at: Timestamp,
    pub tries_left: i64,
    /// The value the code makes the user's once it comes back (a new email waiting for
    /// verification); `None` for the other codes.
    pub pending: Option<String>,
}

/// A fresh code and the hash to store for it.
pub struct NewCode {
    pub code: String,
    pub stored: StoredCode,
}

impl NewCode {
    pub fn generate(purpose: Purpose, now: Timestamp) -> Self {
        let code = format!("{:06}", rand::rng().random_range(0..1_000_000u32));
        let salt: [u8; 16] = rand::random();
        let hash = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(salt),
            URL_SAFE_NO_PAD.encode(mac(&salt, purpose, &code))
        );
        Self {
            code,
            stored: StoredCode {
                hash,
                expires_at: Timestamp(now.0 + purpose.lifetime_seconds()),
                tries_left: MAX_TRIES,
                pending: None,
            },
        }
    }
}

/// Whether `code` is the one `stored` was made from (not whether it is still valid).
pub fn matches(stored: &StoredCode, purpose: Purpose, code: &str) -> bool {
    let Some((salt, expected)) = stored.hash.split_once('.') else {
        return false;
    };
    let (Ok(salt), Ok(expected)) = (
        URL_SAFE_NO_PAD.decode(salt),
        URL_SAFE_NO_PAD.decode(expected),
    ) else {
        return false;
    };
    let actual = mac(&salt, purpose, code.trim());
    actual.ct_eq(&expected).into()
}

fn mac(salt: &[u8], purpose: Purpose, code: &str) -> Vec<u8> {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(salt).expect("HMAC takes any key length");
    mac.update(purpose.as_str().as_bytes());
    mac.update(b"\0");
    mac.update(code.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_six_digits_and_stored_hashed() {
        let new = NewCode::generate(Purpose::SignUp, Timestamp(100));
        assert_eq!(new.code.len(), 6);
        assert!(new.code.chars().all(|c| c.is_ascii_digit()));
        assert!(!new.stored.hash.contains(&new.code));
        assert_eq!(new.stored.expires_at, Timestamp(100 + 24 * 3600));
        assert_eq!(new.stored.tries_left, 5);
        assert!(matches(&new.stored, Purpose::SignUp, &new.code));
        assert!(matches(
            &new.stored,
            Purpose::SignUp,
            &format!(" {} ", new.code)
        ));
    }

    #[test]
    fn a_code_matches_only_itself_and_its_purpose() {
        let new = NewCode::generate(Purpose::ResetPassword, Timestamp(0));
        assert_eq!(new.stored.expires_at, Timestamp(3600));
        let wrong = if new.code == "000000" {
            "000001"
        } else {
            "000000"
        };
        assert!(!matches(&new.stored, Purpose::ResetPassword, wrong));
        assert!(!matches(&new.stored, Purpose::SignUp, &new.code));
        let mangled = StoredCode {
            hash: "garbage".into(),
            ..new.stored.clone()
        };
        assert!(!matches(&mangled, Purpose::ResetPassword, &new.code));
    }
}
