//! Breached passwords: whether a password appears in a corpus of passwords seen in public
//! breaches. The built-in corpus (the ~49,000 most common, from the npm package
//! `@zxcvbn-ts/language-common`, built by `scripts/common-passwords.mjs`) is compiled in;
//! an operator's larger corpus (Have I Been Pwned's downloadable file) is an adapter of
//! the `Corpus` port, searched in place.

use sha1::{Digest, Sha1};

/// A corpus of breached passwords.
pub trait Corpus: Send + Sync {
    /// Whether `password` is in it.
    fn contains(&self, password: &str) -> bool;
}

/// The built-in corpus: the first 8 bytes of the SHA-1 of each password (lower-cased),
/// big-endian, sorted.
static COMMON: &[u8] = include_bytes!("../../data/common-passwords.bin");

/// The built-in corpus. Its passwords are lower-case, so a password is looked up as
/// typed and lower-cased: `P@ssw0rd` is `p@ssw0rd`, a composition rule's capital letter
/// does not make a common password safe.
#[derive(Clone, Copy, Debug, Default)]
pub struct CommonPasswords;

impl CommonPasswords {
    /// How many passwords it holds.
    pub fn len(&self) -> usize {
        COMMON.len() / 8
    }

    pub fn is_empty(&self) -> bool {
        COMMON.is_empty()
    }

    fn prefix(password: &str) -> u64 {
        let digest = Sha1::digest(password.as_bytes());
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        u64::from_be_bytes(first)
    }

    fn holds(prefix: u64) -> bool {
        let (mut low, mut high) = (0, COMMON.len() / 8);
        while low < high {
            let middle = low + (high - low) / 2;
            let mut bytes = [0u8; 8];
            bytes.copy_from_slice(&COMMON[middle * 8..middle * 8 + 8]);
            match u64::from_be_bytes(bytes).cmp(&prefix) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return true,
            }
        }
        false
    }
}

impl Corpus for CommonPasswords {
    fn contains(&self, password: &str) -> bool {
        let lower = password.to_lowercase();
        Self::holds(Self::prefix(&lower))
    }
}

/// The SHA-1 of `password`, in upper-case hex (Have I Been Pwned's form).
pub fn sha1_hex(password: &str) -> String {
    Sha1::digest(password.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02X}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_corpus_holds_common_passwords_in_any_case() {
        let corpus = CommonPasswords;
        assert!(corpus.len() > 40_000, "{} passwords", corpus.len());
        for common in [
            "123456", "password", "P@ssw0rd", "Qwerty", "1qaz!QAZ", "iloveyou",
        ] {
            assert!(corpus.contains(common), "{common} should be known");
        }
        for rare in ["correct horse battery staple 7", "Zq8#vL2!pW", ""] {
            assert!(!corpus.contains(rare), "{rare} should not be known");
        }
        // Sorted, so the binary search finds everything in it.
        let values: Vec<u64> = COMMON
            .chunks_exact(8)
            .map(|chunk| u64::from_be_bytes(chunk.try_into().unwrap()))
            .collect();
        assert!(values.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(values.iter().all(|value| CommonPasswords::holds(*value)));
    }

    #[test]
    fn sha1_is_upper_case_hex() {
        assert_eq!(
            sha1_hex("password"),
            "5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8"
        );
    }
}
