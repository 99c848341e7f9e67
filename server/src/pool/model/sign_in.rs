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
}

/// A sign-in waiting for the answer to a challenge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthSession {
    pub client_id: ClientId,
    pub user_sub: Sub,
    pub challenge: String,
    /// PASSWORD_VERIFIER: the SRP key the client's claim must be signed with.
    pub srp_key: Option<Vec<u8>>,
    pub expires_at: Timestamp,
    /// Wrong answers it still takes (an MFA code); at none it ends.
    pub tries_left: i64,
    /// EMAIL_OTP: the salted hash of the code that was emailed.
    pub code_hash: Option<String>,
}
