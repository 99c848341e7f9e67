//! What OAuth 2.0 keeps between requests: an authorization request while the user signs
//! in, and the code it gives.

use super::{ClientId, Sub};
use crate::clock::Timestamp;

/// What `/oauth2/authorize` was asked, kept while the user signs in (RFC 6749 §4.1.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OAuthRequest {
    pub client_id: ClientId,
    pub redirect_uri: String,
    /// Space-separated, as granted.
    pub scope: String,
    pub state: Option<String>,
    pub nonce: Option<String>,
    /// PKCE S256 challenge (RFC 7636).
    pub code_challenge: Option<String>,
    /// `prompt=login` or `max_age`: a sign-in older than this does not do.
    pub auth_after: Option<Timestamp>,
    pub expires_at: Timestamp,
}

/// An authorization code waiting for its exchange at `/oauth2/token`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OAuthCode {
    pub client_id: ClientId,
    pub user_sub: Sub,
    pub redirect_uri: String,
    pub scope: String,
    pub nonce: Option<String>,
    pub code_challenge: Option<String>,
    /// When the user signed in (the ID token's `auth_time`).
    pub auth_time: Timestamp,
    pub expires_at: Timestamp,
}

/// A code's redemption: first time, or a replay of one already exchanged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Redeemed {
    First(OAuthCode),
    /// Exchanged before: the token family it gave, if recorded, to revoke.
    Again {
        family_id: Option<String>,
    },
}
