//! Authenticator-app codes (TOTP, RFC 6238): SHA-1, 6 digits, 30-second steps, one step of
//! clock skew each way, computed by the `totp-rs` crate.

use totp_rs::{Algorithm, Secret, TOTP};

use crate::clock::Timestamp;

/// Seconds per time step.
const STEP: u64 = 30;

/// A new secret: 20 random bytes (160 bits, RFC 4226's recommendation), base32.
pub fn new_secret() -> String {
    let bytes: [u8; 20] = rand::random();
    match Secret::Raw(bytes.to_vec()).to_encoded() {
        Secret::Encoded(text) => text,
        Secret::Raw(_) => String::new(),
    }
}

fn totp(secret: &str) -> Option<TOTP> {
    let bytes = Secret::Encoded(secret.to_string()).to_bytes().ok()?;
    Some(TOTP::new_unchecked(Algorithm::SHA1, 6, 0, STEP, bytes))
}

/// The time step `code` belongs to, if it is the code of the step of `now` or of the one
/// before or after it.
pub fn matching_step(secret: &str, code: &str, now: Timestamp) -> Option<i64> {
    let totp = totp(secret)?;
    let code = code.trim();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let current = u64::try_from(now.0).ok()? / STEP;
    let mut matched = None;
    for step in [current.saturating_sub(1), current, current + 1] {
        let expected = totp.generate(step * STEP);
        // Every candidate is compared, so the time taken does not say which one matched.
        if subtle::ConstantTimeEq::ct_eq(expected.as_bytes(), code.as_bytes()).into() {
            matched = i64::try_from(step).ok();
        }
    }
    matched
}

/// The code of `secret` at `at` (what an authenticator app shows; tests use it).
pub fn code_at(secret: &str, at: Timestamp) -> Option<String> {
    Some(totp(secret)?.generate(u64::try_from(at.0).ok()?))
}

/// The `otpauth://` URI an authenticator app scans.
pub fn otpauth_uri(issuer: &str, account: &str, secret: &str) -> String {
    let label = url::form_urlencoded::byte_serialize(format!("{issuer}:{account}").as_bytes())
        .collect::<String>();
    let issuer = url::form_urlencoded::byte_serialize(issuer.as_bytes()).collect::<String>();
    format!(
        "otpauth://totp/{label}?secret={secret}&issuer={issuer}&algorithm=SHA1&digits=6&period=30"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 Appendix B's SHA-1 secret, "12345678901234567890", in base32.
    const RFC_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    #[test]
    fn codes_follow_rfc_6238() {
        // Appendix B: T = 59 → 94287082 (8 digits); 6 digits are its last six.
        assert_eq!(code_at(RFC_SECRET, Timestamp(59)).unwrap(), "287082");
        assert_eq!(
            code_at(RFC_SECRET, Timestamp(1_111_111_109)).unwrap(),
            "081804"
        );
    }

    #[test]
    fn a_code_counts_for_its_step_and_one_either_side() {
        let secret = new_secret();
        assert_eq!(secret.len(), 32);
        let now = Timestamp(1_700_000_000);
        let step = now.0 / 30;
        let code = code_at(&secret, now).unwrap();
        assert_eq!(matching_step(&secret, &code, now), Some(step));
        assert_eq!(
            matching_step(&secret, &code, Timestamp(now.0 + 30)),
            Some(step)
        );
        assert_eq!(
            matching_step(&secret, &code, Timestamp(now.0 - 30)),
            Some(step)
        );
        assert_eq!(matching_step(&secret, &code, Timestamp(now.0 + 60)), None);
        assert_eq!(matching_step(&secret, &code, Timestamp(now.0 - 60)), None);
        for junk in ["", "12345", "1234567", "abcdef", " 12 34 "] {
            assert_eq!(matching_step(&secret, junk, now), None);
        }
        assert_eq!(matching_step("not base32!", &code, now), None);
        let uri = otpauth_uri("Cognate", "jane", &secret);
        assert!(
            uri.starts_with("otpauth://totp/Cognate%3Ajane?secret="),
            "{uri}"
        );
    }
}
