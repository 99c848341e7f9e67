//! Identifiers with Cognito's shapes, generated from the operating system's randomness.

use std::fmt;

use rand::Rng;
use rand::distr::{Alphanumeric, SampleString};

const LOWER_ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";

fn lower_alnum(len: usize) -> String {
    let mut rng = rand::rng();
    (0..len)
        .map(|_| char::from(LOWER_ALNUM[rng.random_range(0..LOWER_ALNUM.len())]))
        .collect()
}

/// A user pool id, `<region>_<9 letters or digits>` (`local_a1B2c3D4e`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PoolId(String);

impl PoolId {
    /// A new random id in `region`.
    pub fn generate(region: &str) -> Self {
        let suffix = Alphanumeric.sample_string(&mut rand::rng(), 9);
        Self(format!("{region}_{suffix}"))
    }

    /// Accepts Cognito's pattern `[\w-]+_[0-9a-zA-Z]+`, at most 55 characters.
    pub fn parse(value: &str) -> Option<Self> {
        let (region, suffix) = value.rsplit_once('_')?;
        let valid = value.len() <= 55
            && !region.is_empty()
            && region
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            && !suffix.is_empty()
            && suffix.chars().all(|c| c.is_ascii_alphanumeric());
        valid.then(|| Self(value.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An app client id: 26 lowercase letters and digits, as Cognito generates them.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClientId(String);

impl ClientId {
    pub fn generate() -> Self {
        Self(lower_alnum(26))
    }

    /// Accepts Cognito's pattern `[\w+]+`, at most 128 characters.
    pub fn parse(value: &str) -> Option<Self> {
        let valid = !value.is_empty()
            && value.len() <= 128
            && value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '+');
        valid.then(|| Self(value.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An app client secret. Its `Debug` hides it so that it never reaches a log.
#[derive(Clone, PartialEq, Eq)]
pub struct ClientSecret(String);

impl ClientSecret {
    /// 52 lowercase letters and digits (≈ 268 bits), the shape of Cognito's secrets.
    pub fn generate() -> Self {
        Self(lower_alnum(52))
    }

    pub fn new(value: String) -> Self {
        Self(value)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ClientSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ClientSecret(…)")
    }
}

impl fmt::Display for PoolId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for ClientId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_ids_have_cognitos_shape() {
        let pool = PoolId::generate("local");
        let (region, suffix) = pool.as_str().split_once('_').unwrap();
        assert_eq!(region, "local");
        assert_eq!(suffix.len(), 9);
        assert_eq!(PoolId::parse(pool.as_str()), Some(pool.clone()));

        let client = ClientId::generate();
        assert_eq!(client.as_str().len(), 26);
        assert!(
            client
                .as_str()
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        );
        assert_eq!(ClientSecret::generate().expose().len(), 52);
    }

    #[test]
    fn generated_ids_differ() {
        assert_ne!(PoolId::generate("local"), PoolId::generate("local"));
        assert_ne!(ClientId::generate(), ClientId::generate());
    }

    #[test]
    fn malformed_ids_are_refused() {
        for bad in ["", "local", "_abc", "local_", "local_ab c", "local_ab/c"] {
            assert_eq!(PoolId::parse(bad), None, "{bad:?}");
        }
        assert!(PoolId::parse("us-east-1_AbCdEfGhI").is_some());
        assert_eq!(ClientId::parse(""), None);
        assert_eq!(ClientId::parse("a b"), None);
        assert_eq!(ClientId::parse(&"a".repeat(129)), None);
    }

    #[test]
    fn a_secret_never_shows_in_debug_output() {
        let secret = ClientSecret::new("hunter2hunter2".to_string());
        assert_eq!(format!("{secret:?}"), "ClientSecret(…)");
    }
}
