//! ID and access tokens (RS256 JWTs with Cognito's claims), their verification, and the
//! opaque refresh tokens' format.

mod keys;

pub(crate) use keys::generate as generate_rsa_key;
pub use keys::{Jwk, KeyError, KeyRing, PoolKeys, SigningKey};

use std::collections::HashMap;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, Validation};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::clock::Timestamp;
use crate::pool::{AppClient, PoolId, User};

/// The scope of tokens from a password sign-in: they may call the user's own API
/// operations (Cognito's `aws.cognito.signin.user.admin`).
pub const USER_ADMIN_SCOPE: &str = "aws.cognito.signin.user.admin";

/// The issuer of a pool's tokens: `<public base URL>/<pool id>`, as Cognito's
/// `https://cognito-idp.<region>.amazonaws.com/<pool id>`.
pub fn issuer(public_url: &str, pool: &PoolId) -> String {
    format!("{}/{}", public_url.trim_end_matches('/'), pool)
}

/// What a refresh-token family contributes to every token it issues.
#[derive(Clone, Debug)]
pub struct Grant<'a> {
    pub issuer: &'a str,
    pub client: &'a AppClient,
    pub user: &'a User,
    pub groups: &'a [String],
    /// The IAM roles of the user's groups (`cognito:roles`), and the one of the group with
    /// the lowest precedence (`cognito:preferred_role`), which identity pools may use.
    pub roles: &'a [String],
    pub preferred_role: Option<&'a str>,
    /// The family id.
    pub origin_jti: &'a str,
    pub scope: &'a str,
    pub auth_time: Timestamp,
    pub nonce: Option<&'a str>,
    pub now: Timestamp,
    /// What the pre token generation trigger changed, if it ran.
    pub overrides: Option<&'a ClaimOverrides>,
    /// The remembered device the sign-in proved, if any (Cognito's `device_key` claim).
    pub device_key: Option<&'a str>,
}

/// A pre token generation trigger's changes: claims added, overridden or suppressed in
/// each token, scopes added to or taken from the access token, and the groups and roles
/// the tokens carry instead of the user's. The claims Cognito keeps for itself are refused
/// before this is built (see [`is_reserved_claim`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClaimOverrides {
    pub id_claims: Map<String, Value>,
    pub id_suppress: Vec<String>,
    pub access_claims: Map<String, Value>,
    pub access_suppress: Vec<String>,
    pub scopes_to_add: Vec<String>,
    pub scopes_to_suppress: Vec<String>,
    pub groups: Option<Vec<String>>,
    pub roles: Option<Vec<String>>,
    pub preferred_role: Option<String>,
}

/// Claims a trigger may not add, override or suppress: the ones that say what the token is,
/// who issued it, for whom, and when (Cognito's excluded claims), and Cognito's own
/// `cognito:` claims (groups and roles change through the group overrides).
pub fn is_reserved_claim(name: &str) -> bool {
    const RESERVED: &[&str] = &[
        "acr",
        "amr",
        "at_hash",
        "aud",
        "auth_time",
        "azp",
        "c_hash",
        "client_id",
        "event_id",
        "exp",
        "iat",
        "identities",
        "iss",
        "jti",
        "nbf",
        "nonce",
        "origin_jti",
        "scope",
        "sub",
        "token_use",
        "username",
    ];
    RESERVED.contains(&name) || name.starts_with("cognito:")
}

/// A signed ID and access token pair.
#[derive(Clone, Debug)]
pub struct IssuedTokens {
    pub id_token: String,
    pub access_token: String,
    /// The access token's lifetime in seconds (OAuth `expires_in`).
    pub expires_in: i64,
}

/// A user attribute as an ID-token or userinfo claim, typed as OIDC Core §5.1 says so a
/// strict relying party parses it: the `*_verified` flags are booleans, `address` is an
/// object (its `formatted` member, as Cognito gives it), `updated_at` is a number of
/// seconds (an attribute that is not one is left out rather than mistyped).
pub fn attribute_claim(name: &str, value: &str) -> Option<Value> {
    Some(match name {
        "email_verified" | "phone_number_verified" => Value::Bool(value == "true"),
        "address" => serde_json::json!({ "formatted": value }),
        "updated_at" => Value::from(value.parse::<i64>().ok()?),
        // Cognito's list of the user's external identities, kept as JSON text.
        "identities" => serde_json::from_str(value).ok()?,
        _ => Value::String(value.to_owned()),
    })
}

/// Signs the ID and access tokens of `grant` with `key` (RS256, the key's `kid` in the
/// header).
pub fn issue(key: &SigningKey, grant: &Grant<'_>) -> Result<IssuedTokens, KeyError> {
    let settings = &grant.client.settings;
    let now = grant.now.0;
    let overrides = grant.overrides;
    let groups = overrides
        .and_then(|o| o.groups.as_deref())
        .unwrap_or(grant.groups);
    let roles = overrides
        .and_then(|o| o.roles.as_deref())
        .unwrap_or(grant.roles);
    let preferred_role = match overrides.and_then(|o| o.preferred_role.as_deref()) {
        Some(role) => Some(role),
        None => grant.preferred_role,
    };
    let mut id = Map::new();
    id.insert("sub".into(), grant.user.sub.as_str().into());
    if !groups.is_empty() {
        id.insert("cognito:groups".into(), groups.into());
    }
    if !roles.is_empty() {
        id.insert("cognito:roles".into(), roles.into());
    }
    if let Some(role) = preferred_role {
        id.insert("cognito:preferred_role".into(), role.into());
    }
    for (name, value) in &grant.user.attributes {
        if !settings.reads(name) {
            continue;
        }
        if let Some(value) = attribute_claim(name, value) {
            id.insert(name.clone(), value);
        }
    }
    if let Some(overrides) = overrides {
        for name in &overrides.id_suppress {
            id.remove(name);
        }
        for (name, value) in &overrides.id_claims {
            id.insert(name.clone(), value.clone());
        }
    }
    id.insert("iss".into(), grant.issuer.into());
    id.insert(
        "cognito:username".into(),
        grant.user.username.as_str().into(),
    );
    if let Some(nonce) = grant.nonce {
        id.insert("nonce".into(), nonce.into());
    }
    id.insert("origin_jti".into(), grant.origin_jti.into());
    id.insert("aud".into(), grant.client.id.as_str().into());
    id.insert("token_use".into(), "id".into());
    id.insert("auth_time".into(), grant.auth_time.0.into());
    id.insert("exp".into(), (now + settings.id_token_validity).into());
    id.insert("iat".into(), now.into());
    id.insert("jti".into(), uuid::Uuid::new_v4().to_string().into());

    let scope = match overrides {
        Some(overrides) => override_scopes(grant.scope, overrides),
        None => grant.scope.to_string(),
    };
    let access = AccessClaims {
        sub: grant.user.sub.as_str().to_string(),
        groups: (!groups.is_empty()).then(|| groups.to_vec()),
        iss: grant.issuer.to_string(),
        client_id: grant.client.id.as_str().to_string(),
        origin_jti: Some(grant.origin_jti.to_string()),
        token_use: "access".to_string(),
        scope,
        auth_time: grant.auth_time.0,
        exp: now + settings.access_token_validity,
        iat: now,
        jti: uuid::Uuid::new_v4().to_string(),
        username: Some(grant.user.username.clone()),
        device_key: grant.device_key.map(str::to_string),
    };
    Ok(IssuedTokens {
        id_token: key.sign(&id)?,
        access_token: sign_access(key, &access, overrides)?,
        expires_in: settings.access_token_validity,
    })
}

/// The access token, with the trigger's claims where it ran.
fn sign_access(
    key: &SigningKey,
    access: &AccessClaims,
    overrides: Option<&ClaimOverrides>,
) -> Result<String, KeyError> {
    let Some(overrides) = overrides.filter(|o| !o.access_claims.is_empty()) else {
        return key.sign(access);
    };
    let mut claims = match serde_json::to_value(access) {
        Ok(Value::Object(claims)) => claims,
        _ => return key.sign(access),
    };
    for (name, value) in &overrides.access_claims {
        claims.insert(name.clone(), value.clone());
    }
    key.sign(&claims)
}

/// `scope` with the trigger's scopes added and suppressed, in order, each once.
fn override_scopes(scope: &str, overrides: &ClaimOverrides) -> String {
    let mut scopes: Vec<&str> = scope.split_whitespace().collect();
    for added in &overrides.scopes_to_add {
        if !scopes.contains(&added.as_str()) {
            scopes.push(added);
        }
    }
    scopes.retain(|scope| !overrides.scopes_to_suppress.iter().any(|s| s == scope));
    scopes.join(" ")
}

/// An access token's claims (Cognito's: `client_id` names the client, there is no `aud`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessClaims {
    pub sub: String,
    #[serde(
        rename = "cognito:groups",
        skip_serializing_if = "Option::is_none",
        default
    )]
    pub groups: Option<Vec<String>>,
    pub iss: String,
    pub client_id: String,
    /// The sign-in's token family; none for a client's own token (client_credentials).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub origin_jti: Option<String>,
    pub token_use: String,
    pub scope: String,
    pub auth_time: i64,
    pub exp: i64,
    pub iat: i64,
    pub jti: String,
    /// The user's; none for a client's own token.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub username: Option<String>,
    /// The device the sign-in was tracked on (Cognito's device tracking).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub device_key: Option<String>,
}

/// Signs a client's own access token (client_credentials): `sub` is the client id, no user
/// and no sign-in family, as Cognito's.
pub fn issue_for_client(
    key: &SigningKey,
    issuer: &str,
    client: &AppClient,
    scope: &str,
    now: Timestamp,
    overrides: Option<&ClaimOverrides>,
) -> Result<(String, i64), KeyError> {
    let validity = client.settings.access_token_validity;
    let claims = AccessClaims {
        sub: client.id.as_str().to_string(),
        groups: None,
        iss: issuer.to_string(),
        client_id: client.id.as_str().to_string(),
        origin_jti: None,
        token_use: "access".to_string(),
        scope: match overrides {
            Some(overrides) => override_scopes(scope, overrides),
            None => scope.to_string(),
        },
        auth_time: now.0,
        exp: now.0 + validity,
        iat: now.0,
        jti: uuid::Uuid::new_v4().to_string(),
        username: None,
        device_key: None,
    };
    Ok((sign_access(key, &claims, overrides)?, validity))
}

/// Why a presented token is not accepted.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TokenError {
    #[error("the token is malformed")]
    Malformed,
    #[error("the token is signed by an unknown key")]
    UnknownKey,
    #[error("the token's signature or claims are invalid")]
    Invalid,
    #[error("the token has expired")]
    Expired,
    #[error("the token is not an access token")]
    WrongUse,
}

/// The one place a token's signature is checked: RS256 only (the algorithm is pinned,
/// never taken from the token), a `kid` among `keys`, the issuer `issuer`. Audience and
/// expiry are the callers' (an expired ID token is still a good logout hint).
fn decode<T: DeserializeOwned>(
    keys: &PoolKeys,
    issuer: &str,
    token: &str,
) -> Result<T, TokenError> {
    let header = jsonwebtoken::decode_header(token).map_err(|_| TokenError::Malformed)?;
    if header.alg != Algorithm::RS256 {
        return Err(TokenError::Invalid);
    }
    let kid = header.kid.ok_or(TokenError::UnknownKey)?;
    let key = keys.get(&kid).ok_or(TokenError::UnknownKey)?;
    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_issuer(&[issuer]);
    validation.validate_aud = false;
    // Expiry is checked by the callers against Cognate's clock, not jsonwebtoken's.
    validation.validate_exp = false;
    validation.required_spec_claims.clear();
    jsonwebtoken::decode::<T>(token, &key.decoding, &validation)
        .map(|data| data.claims)
        .map_err(|_| TokenError::Invalid)
}

/// Checks an access token's signature against `keys`, its issuer, its use, and its expiry
/// at `now`.
pub fn verify_access(
    keys: &PoolKeys,
    issuer: &str,
    token: &str,
    now: Timestamp,
) -> Result<AccessClaims, TokenError> {
    let claims: AccessClaims = decode(keys, issuer, token)?;
    if claims.token_use != "access" {
        return Err(TokenError::WrongUse);
    }
    if claims.exp <= now.0 {
        return Err(TokenError::Expired);
    }
    Ok(claims)
}

/// Checks an ID token's signature against `keys`, its issuer, its use and its expiry at
/// `now`; its claims, as signed.
pub fn verify_id(
    keys: &PoolKeys,
    issuer: &str,
    token: &str,
    now: Timestamp,
) -> Result<Map<String, Value>, TokenError> {
    let claims: Map<String, Value> = decode(keys, issuer, token)?;
    if claims.get("token_use").and_then(Value::as_str) != Some("id") {
        return Err(TokenError::WrongUse);
    }
    match claims.get("exp").and_then(Value::as_i64) {
        Some(exp) if exp > now.0 => Ok(claims),
        Some(_) => Err(TokenError::Expired),
        None => Err(TokenError::Invalid),
    }
}

/// Access tokens whose signature and claims have been checked once, with their pool: an
/// API called again with the same token skips decoding and RSA verification. Expiry is
/// still the caller's check each time, and so is revocation (never cached). Keyed by the
/// token's SHA-256; bounded by emptying it when full.
#[derive(Default)]
pub struct VerifiedTokens {
    entries: std::sync::Mutex<HashMap<[u8; 32], (PoolId, AccessClaims)>>,
}

/// Entries kept before the cache starts over (a few MB at most).
const VERIFIED_CAPACITY: usize = 10_000;

impl VerifiedTokens {
    /// The pool and claims of `token`, if it passed [`verify_access`] before.
    pub fn get(&self, token: &str) -> Option<(PoolId, AccessClaims)> {
        let digest: [u8; 32] = Sha256::digest(token.as_bytes()).into();
        self.entries.lock().ok()?.get(&digest).cloned()
    }

    /// Remembers a token that passed [`verify_access`].
    pub fn insert(&self, token: &str, pool: &PoolId, claims: &AccessClaims) {
        let digest: [u8; 32] = Sha256::digest(token.as_bytes()).into();
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= VERIFIED_CAPACITY {
                entries.clear();
            }
            entries.insert(digest, (pool.clone(), claims.clone()));
        }
    }
}

/// The audience (client id) and subject of an ID token signed with `keys` for `issuer`,
/// expired or not: OIDC RP-Initiated Logout's `id_token_hint` names who signs out where.
pub fn verify_id_hint(
    keys: &PoolKeys,
    issuer: &str,
    token: &str,
) -> Result<(String, String), TokenError> {
    #[derive(Deserialize)]
    struct Hint {
        aud: String,
        sub: String,
        token_use: String,
    }
    let hint: Hint = decode(keys, issuer, token)?;
    if hint.token_use != "id" {
        return Err(TokenError::WrongUse);
    }
    Ok((hint.aud, hint.sub))
}

/// Reads the pool id from an access token's issuer without verifying anything; the
/// caller then verifies with that pool's keys and issuer.
pub fn unverified_pool(token: &str, public_url: &str) -> Option<PoolId> {
    #[derive(Deserialize)]
    struct Iss {
        iss: String,
    }
    let payload = token.split('.').nth(1)?;
    let bytes = URL_SAFE_NO_PAD.decode(payload).ok()?;
    let Iss { iss } = serde_json::from_slice(&bytes).ok()?;
    let pool = iss
        .strip_prefix(public_url.trim_end_matches('/'))?
        .strip_prefix('/')?;
    PoolId::parse(pool)
}

/// A new opaque refresh token: 256 random bits.
pub fn new_refresh_token() -> String {
    let bytes: [u8; 32] = rand::random();
    URL_SAFE_NO_PAD.encode(bytes)
}

/// RFC 7636's S256 challenge of a PKCE verifier: BASE64URL(SHA-256(verifier)).
pub fn pkce_challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// What the store keeps of a refresh token or session id: high-entropy secrets need no
/// salt or slow hash, only one that cannot be reversed.
pub fn secret_hash(secret: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(secret.as_bytes()))
}
