//! Cognito's SRP-6a (USER_SRP_AUTH), server side: the verifier kept
//! with each password, the challenge (`SRP_B`) and the check of the client's
//! PASSWORD_CLAIM_SIGNATURE.
//!
//! Cognito's variant, as amazon-cognito-identity-js computes it: the 3072-bit group of
//! RFC 5054 with g = 2; byte strings are big-endian integers "padded" Cognito's way (one
//! zero byte in front when the top bit is set, never to a fixed length);
//! `k = H(0x00 ‖ N ‖ g)`, `u = H(pad A ‖ pad B)`,
//! `x = H(pad salt ‖ H(pool name ‖ user id ‖ ":" ‖ password))`, the shared secret `S`
//! derived through HKDF-SHA256 (salt `pad u`, info `"Caldera Derived Key"`, 16 bytes), and
//! the claim `HMAC(key, pool name ‖ user id ‖ secret block ‖ timestamp)`.
//! The pool name is the part of the pool id after `_`.

use std::sync::LazyLock;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{Hmac, Mac};
use num_bigint::BigUint;
use rand::RngCore;
use sha2::{Digest, Sha256};

type HmacSha256 = Hmac<Sha256>;

/// RFC 5054's 3072-bit prime, the one Cognito uses.
const N_HEX: &str = "\
FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A0879\
8E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B\
0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA4836\
1C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804\
F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6\
955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64\
ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D226\
1AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E2\
08E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF";

/// How many random bytes make the server's secret `b` (Cognito's clients use 128 for `a`).
const EPHEMERAL_BYTES: usize = 128;
/// Salt length in bytes.
const SALT_BYTES: usize = 16;
/// HKDF info: Cognito's constant.
const DERIVE_INFO: &[u8] = b"Caldera Derived Key";

struct Group {
    n: BigUint,
    g: BigUint,
    k: BigUint,
}

/// Parsed and hashed once.
static GROUP: LazyLock<Group> = LazyLock::new(|| {
    let n = BigUint::parse_bytes(N_HEX.as_bytes(), 16).expect("the SRP prime is valid hex");
    let g = BigUint::from(2u8);
    let k = hash_to_int(&[&[0u8], &n.to_bytes_be(), &g.to_bytes_be()]);
    Group { n, g, k }
});

/// What the server keeps with a password: the salt and `v = g^x mod N`, both hex. It is a
/// password equivalent for an attacker with the database (as for Cognito), and is never
/// shown.
#[derive(Clone, PartialEq, Eq)]
pub struct Verifier {
    pub salt: String,
    pub verifier: String,
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Verifier(…)")
    }
}

impl Verifier {
    /// The verifier of `password` for `user_id` (the USER_ID_FOR_SRP) in the pool. CPU work
    /// (one 3072-bit exponentiation): call it off the async runtime.
    pub fn new(pool_id: &str, user_id: &str, password: &str) -> Self {
        let mut salt = [0u8; SALT_BYTES];
        rand::rng().fill_bytes(&mut salt);
        // Clients read the salt as an integer: a leading zero byte would be lost on their
        // side and the hashes would differ.
        salt[0] |= 0x01;
        let x = x_value(pool_id, user_id, password, &salt);
        let v = GROUP.g.modpow(&x, &GROUP.n);
        Self {
            salt: hex(&salt),
            verifier: hex(&v.to_bytes_be()),
        }
    }

    /// The stored form, `salt:verifier`.
    pub fn encode(&self) -> String {
        format!("{}:{}", self.salt, self.verifier)
    }

    pub fn decode(stored: &str) -> Option<Self> {
        let (salt, verifier) = stored.split_once(':')?;
        (is_hex(salt) && is_hex(verifier)).then(|| Self {
            salt: salt.to_string(),
            verifier: verifier.to_string(),
        })
    }

    /// A device's verifier as an app confirms it (ConfirmDevice's
    /// `DeviceSecretVerifierConfig`: `PasswordVerifier` and `Salt`, base64): `None` unless
    /// the verifier is a number in the group, not 0 or 1, and the salt is 1–64 bytes.
    pub fn from_device(password_verifier_b64: &str, salt_b64: &str) -> Option<Self> {
        let verifier = BASE64.decode(password_verifier_b64.trim()).ok()?;
        let salt = BASE64.decode(salt_b64.trim()).ok()?;
        let value = BigUint::from_bytes_be(&verifier);
        if value <= BigUint::from(1u8) || value >= GROUP.n || salt.is_empty() || salt.len() > 64 {
            return None;
        }
        Some(Self {
            salt: hex(&salt),
            verifier: hex(&verifier),
        })
    }

    /// A verifier no password matches, for a user who does not exist (or has no verifier
    /// yet), so that the challenge looks like a real one. Its salt is the same for the same
    /// name while the process runs, as a real user's is.
    pub fn decoy(pool_id: &str, user_key: &str) -> Self {
        let mut mac =
            HmacSha256::new_from_slice(&DECOY_SECRET[..]).expect("HMAC takes any key length");
        mac.update(pool_id.as_bytes());
        mac.update(&[0]);
        mac.update(user_key.as_bytes());
        let mut salt = [0u8; SALT_BYTES];
        salt.copy_from_slice(&mac.finalize().into_bytes()[..SALT_BYTES]);
        salt[0] |= 0x01;
        let mut random = [0u8; 384];
        rand::rng().fill_bytes(&mut random);
        let v = BigUint::from_bytes_be(&random) % &GROUP.n;
        Self {
            salt: hex(&salt),
            verifier: hex(&v.to_bytes_be()),
        }
    }
}

/// Keys the decoy salts; new each start.
static DECOY_SECRET: LazyLock<[u8; 32]> = LazyLock::new(|| {
    let mut secret = [0u8; 32];
    rand::rng().fill_bytes(&mut secret);
    secret
});

/// A new SECRET_BLOCK: 64 random bytes, base64. Only its SHA-256 is stored.
pub fn secret_block() -> String {
    let mut block = [0u8; 64];
    rand::rng().fill_bytes(&mut block);
    BASE64.encode(block)
}

/// The bytes the claim signs, of a secret block the client quoted back.
pub fn decode_secret_block(block: &str) -> Option<Vec<u8>> {
    BASE64.decode(block).ok()
}

/// The server's half of one exchange.
pub struct Challenge {
    /// `SRP_B`, hex.
    pub b_public: String,
    /// The 16-byte key both sides derive; it signs the client's claim.
    pub key: [u8; 16],
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum SrpError {
    #[error("SRP_A is not a valid value")]
    InvalidA,
    #[error("the stored verifier is malformed")]
    BadVerifier,
}

/// Answers the client's `SRP_A` for the user with `verifier`: `B` to send and the key the
/// claim must be signed with. CPU work (two exponentiations): call it off the runtime.
pub fn challenge(verifier: &Verifier, a_hex: &str) -> Result<Challenge, SrpError> {
    let group = &*GROUP;
    let a_public = parse_hex(a_hex).ok_or(SrpError::InvalidA)?;
    if (&a_public % &group.n) == BigUint::ZERO {
        return Err(SrpError::InvalidA);
    }
    let v = parse_hex(&verifier.verifier).ok_or(SrpError::BadVerifier)?;
    loop {
        let mut secret = [0u8; EPHEMERAL_BYTES];
        rand::rng().fill_bytes(&mut secret);
        let b = BigUint::from_bytes_be(&secret);
        let b_public = (&group.k * &v + group.g.modpow(&b, &group.n)) % &group.n;
        if b_public == BigUint::ZERO {
            continue;
        }
        let u = hash_to_int(&[&pad(&a_public), &pad(&b_public)]);
        if u == BigUint::ZERO {
            continue;
        }
        let shared = (&a_public * v.modpow(&u, &group.n)).modpow(&b, &group.n);
        return Ok(Challenge {
            b_public: hex(&b_public.to_bytes_be()),
            key: derive_key(&shared, &u),
        });
    }
}

/// The client's claim: `PASSWORD_CLAIM_SIGNATURE` (base64) over the pool name, the user
/// id, the secret block and the timestamp, checked in constant time.
pub fn claim_matches(
    key: &[u8],
    pool_id: &str,
    user_id: &str,
    secret_block: &[u8],
    timestamp: &str,
    signature_b64: &str,
) -> bool {
    let Ok(signature) = BASE64.decode(signature_b64.trim()) else {
        return false;
    };
    let Ok(mut mac) = HmacSha256::new_from_slice(key) else {
        return false;
    };
    mac.update(pool_name(pool_id).as_bytes());
    mac.update(user_id.as_bytes());
    mac.update(secret_block);
    mac.update(timestamp.as_bytes());
    mac.verify_slice(&signature).is_ok()
}

/// A device's claim (DEVICE_PASSWORD_VERIFIER): the signature over the device group key,
/// the device key, the secret block and the timestamp, checked in constant time.
pub fn device_claim_matches(
    key: &[u8],
    group_key: &str,
    device_key: &str,
    secret_block: &[u8],
    timestamp: &str,
    signature_b64: &str,
) -> bool {
    let Ok(signature) = BASE64.decode(signature_b64.trim()) else {
        return false;
    };
    let Ok(mut mac) = HmacSha256::new_from_slice(key) else {
        return false;
    };
    mac.update(group_key.as_bytes());
    mac.update(device_key.as_bytes());
    mac.update(secret_block);
    mac.update(timestamp.as_bytes());
    mac.verify_slice(&signature).is_ok()
}

/// Whether `timestamp` has Cognito's shape, `Tue Nov 3 09:05:07 UTC 2026` (the day may
/// also be zero-padded, as some clients send it).
pub fn timestamp_is_valid(timestamp: &str) -> bool {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let parts: Vec<&str> = timestamp.split(' ').collect();
    let [weekday, month, day, time, zone, year] = parts.as_slice() else {
        return false;
    };
    let number = |s: &str, len: std::ops::RangeInclusive<usize>, max: u32| {
        len.contains(&s.len())
            && s.bytes().all(|b| b.is_ascii_digit())
            && s.parse::<u32>().is_ok_and(|n| n <= max)
    };
    let clock: Vec<&str> = time.split(':').collect();
    DAYS.contains(weekday)
        && MONTHS.contains(month)
        && number(day, 1..=2, 31)
        && day.parse::<u32>().is_ok_and(|d| d >= 1)
        && matches!(clock.as_slice(), [h, m, s] if number(h, 2..=2, 23) && number(m, 2..=2, 59) && number(s, 2..=2, 60))
        && *zone == "UTC"
        && number(year, 4..=4, 9999)
}

/// The part of a pool id after the region: `eu-west-1_AbC` → `AbC`.
fn pool_name(pool_id: &str) -> &str {
    pool_id.split_once('_').map_or(pool_id, |(_, name)| name)
}

fn x_value(pool_id: &str, user_id: &str, password: &str, salt: &[u8]) -> BigUint {
    let identity = Sha256::new()
        .chain_update(pool_name(pool_id))
        .chain_update(user_id)
        .chain_update(":")
        .chain_update(password)
        .finalize();
    hash_to_int(&[&pad(&BigUint::from_bytes_be(salt)), &identity])
}

fn derive_key(shared: &BigUint, u: &BigUint) -> [u8; 16] {
    let mut extract = HmacSha256::new_from_slice(&pad(u)).expect("HMAC takes any key length");
    extract.update(&pad(shared));
    let prk = extract.finalize().into_bytes();
    let mut expand = HmacSha256::new_from_slice(&prk).expect("HMAC takes any key length");
    expand.update(DERIVE_INFO);
    expand.update(&[1]);
    let okm = expand.finalize().into_bytes();
    let mut key = [0u8; 16];
    key.copy_from_slice(&okm[..16]);
    key
}

/// Cognito's padding: big-endian bytes, with a zero byte in front when the top bit is set.
fn pad(value: &BigUint) -> Vec<u8> {
    let bytes = value.to_bytes_be();
    if bytes.first().is_some_and(|b| b & 0x80 != 0) {
        let mut padded = Vec::with_capacity(bytes.len() + 1);
        padded.push(0);
        padded.extend_from_slice(&bytes);
        padded
    } else {
        bytes
    }
}

fn hash_to_int(parts: &[&[u8]]) -> BigUint {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part);
    }
    BigUint::from_bytes_be(&hasher.finalize())
}

fn parse_hex(value: &str) -> Option<BigUint> {
    (is_hex(value) && value.len() <= 2 * 1024)
        .then(|| BigUint::parse_bytes(value.as_bytes(), 16))?
}

fn is_hex(value: &str) -> bool {
    !value.is_empty() && value.bytes().all(|b| b.is_ascii_hexdigit())
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut out, b| {
            let _ = write!(out, "{b:02x}");
            out
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A client computed as amazon-cognito-identity-js does, for the round trip.
    fn client_key(
        pool_id: &str,
        user: &str,
        password: &str,
        v: &Verifier,
        a: &BigUint,
        b_hex: &str,
    ) -> [u8; 16] {
        let group = &*GROUP;
        let a_public = group.g.modpow(a, &group.n);
        let b_public = parse_hex(b_hex).unwrap();
        let u = hash_to_int(&[&pad(&a_public), &pad(&b_public)]);
        let salt = parse_hex(&v.salt).unwrap().to_bytes_be();
        let x = x_value(pool_id, user, password, &salt);
        let gx = group.g.modpow(&x, &group.n);
        let base = (&b_public + &group.n * &group.k - (&group.k * gx) % &group.n) % &group.n;
        let shared = base.modpow(&(a + &u * &x), &group.n);
        derive_key(&shared, &u)
    }

    #[test]
    fn client_and_server_derive_the_same_key_only_with_the_right_password() {
        let verifier = Verifier::new("local_Pool1", "alice", "Correct-horse1");
        let a = BigUint::from_bytes_be(&[7u8; 128]);
        let a_hex = hex(&GROUP.g.modpow(&a, &GROUP.n).to_bytes_be());
        let server = challenge(&verifier, &a_hex).unwrap();
        let right = client_key(
            "local_Pool1",
            "alice",
            "Correct-horse1",
            &verifier,
            &a,
            &server.b_public,
        );
        let wrong = client_key(
            "local_Pool1",
            "alice",
            "Correct-horse2",
            &verifier,
            &a,
            &server.b_public,
        );
        assert_eq!(right, server.key);
        assert_ne!(wrong, server.key);
    }

    #[test]
    fn a_zero_or_malformed_a_is_refused() {
        let verifier = Verifier::new("local_Pool1", "alice", "pw");
        assert_eq!(challenge(&verifier, "0").err(), Some(SrpError::InvalidA));
        assert_eq!(challenge(&verifier, N_HEX).err(), Some(SrpError::InvalidA));
        assert_eq!(challenge(&verifier, "xyz").err(), Some(SrpError::InvalidA));
        assert_eq!(challenge(&verifier, "").err(), Some(SrpError::InvalidA));
    }

    #[test]
    fn verifiers_round_trip_and_never_print() {
        let verifier = Verifier::new("local_Pool1", "alice", "pw");
        assert_eq!(Verifier::decode(&verifier.encode()), Some(verifier.clone()));
        assert_eq!(format!("{verifier:?}"), "Verifier(…)");
        assert_eq!(Verifier::decode("nothex:12"), None);
    }

    #[test]
    fn cognito_timestamps_are_recognised() {
        assert!(timestamp_is_valid("Tue Nov 3 09:05:07 UTC 2026"));
        assert!(timestamp_is_valid("Sun Nov 22 19:05:07 UTC 2026"));
        assert!(timestamp_is_valid("Tue Nov 03 09:05:07 UTC 2026"));
        assert!(!timestamp_is_valid("2026-11-03T09:05:07Z"));
        assert!(!timestamp_is_valid("Tue Nov 3 9:05:07 UTC 2026"));
        assert!(!timestamp_is_valid("Tue Nov 3 09:05:07 GMT 2026"));
        assert!(!timestamp_is_valid("Tue Nov 0 09:05:07 UTC 2026"));
        assert!(!timestamp_is_valid(""));
    }
}
