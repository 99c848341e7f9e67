//! Per-pool RS256 signing keys: generated on first use, kept in the database, parsed once.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rsa::{KeyPair, KeySize};
use aws_lc_rs::signature::{KeyPair as _, RSA_PKCS1_SHA256};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::DecodingKey;
use serde::Serialize;

use crate::clock::Clock;
use crate::pool::store::{KeyStore, StoreError};
use crate::pool::{PoolId, StoredSigningKey};

/// Why a key could not be made, read or used.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("cannot generate an RSA key")]
    Generate,
    #[error("stored signing key {kid} is unreadable: {reason}")]
    Unreadable { kid: String, reason: String },
    #[error("cannot sign")]
    Sign,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// One RSA key pair with everything derived from it computed once.
pub struct SigningKey {
    pub kid: String,
    pair: KeyPair,
    /// `base64url({"alg":"RS256","kid":…})`, the start of every token it signs.
    header_b64: String,
    pub(super) decoding: DecodingKey,
    jwk: Jwk,
}

/// A public key in JWKS form (RFC 7517), as Cognito publishes it.
#[derive(Clone, Debug, Serialize)]
pub struct Jwk {
    pub alg: &'static str,
    pub e: String,
    pub kid: String,
    pub kty: &'static str,
    pub n: String,
    #[serde(rename = "use")]
    pub use_: &'static str,
}

impl SigningKey {
    fn from_stored(stored: &StoredSigningKey) -> Result<Self, KeyError> {
        let unreadable = |reason: String| KeyError::Unreadable {
            kid: stored.kid.clone(),
            reason,
        };
        let pair =
            KeyPair::from_pkcs8(&stored.private_pkcs8).map_err(|e| unreadable(e.to_string()))?;
        let public = pair.public_key();
        let n = public.modulus().big_endian_without_leading_zero();
        let e = public.exponent().big_endian_without_leading_zero();
        let jwk = Jwk {
            alg: "RS256",
            e: URL_SAFE_NO_PAD.encode(e),
            kid: stored.kid.clone(),
            kty: "RSA",
            n: URL_SAFE_NO_PAD.encode(n),
            use_: "sig",
        };
        let header = serde_json::json!({ "kid": stored.kid, "alg": "RS256" });
        Ok(Self {
            kid: stored.kid.clone(),
            decoding: DecodingKey::from_rsa_raw_components(n, e),
            header_b64: URL_SAFE_NO_PAD.encode(header.to_string()),
            pair,
            jwk,
        })
    }

    /// A compact JWS (RS256) over `claims`.
    pub fn sign(&self, claims: &impl Serialize) -> Result<String, KeyError> {
        let payload = serde_json::to_vec(claims).map_err(|_| KeyError::Sign)?;
        let mut token = String::with_capacity(
            self.header_b64.len()
                + payload.len() * 4 / 3
                + 2
                + self.pair.public_modulus_len() * 4 / 3
                + 4,
        );
        token.push_str(&self.header_b64);
        token.push('.');
        URL_SAFE_NO_PAD.encode_string(&payload, &mut token);
        let mut signature = vec![0; self.pair.public_modulus_len()];
        self.pair
            .sign(
                &RSA_PKCS1_SHA256,
                &aws_lc_rs::rand::SystemRandom::new(),
                token.as_bytes(),
                &mut signature,
            )
            .map_err(|_| KeyError::Sign)?;
        token.push('.');
        URL_SAFE_NO_PAD.encode_string(&signature, &mut token);
        Ok(token)
    }
}

/// A pool's keys: the newest signs, all verify and are published.
pub struct PoolKeys {
    pub current: Arc<SigningKey>,
    by_kid: HashMap<String, Arc<SigningKey>>,
    /// The JWKS document, serialised once.
    pub jwks_json: String,
}

impl PoolKeys {
    pub fn get(&self, kid: &str) -> Option<&Arc<SigningKey>> {
        self.by_kid.get(kid)
    }

    fn from_stored(stored: &[StoredSigningKey]) -> Result<Option<Self>, KeyError> {
        let keys = stored
            .iter()
            .map(SigningKey::from_stored)
            .map(|key| key.map(Arc::new))
            .collect::<Result<Vec<_>, _>>()?;
        // The store lists oldest first: the last is the one that signs.
        let Some(current) = keys.last().cloned() else {
            return Ok(None);
        };
        let jwks = serde_json::json!({
            "keys": keys.iter().rev().map(|key| &key.jwk).collect::<Vec<_>>()
        });
        Ok(Some(Self {
            current,
            by_kid: keys.into_iter().map(|key| (key.kid.clone(), key)).collect(),
            jwks_json: jwks.to_string(),
        }))
    }
}

/// Every pool's keys, loaded from the store on first use and cached.
pub struct KeyRing {
    store: Arc<dyn KeyStore>,
    clock: Arc<dyn Clock>,
    cache: RwLock<HashMap<PoolId, Arc<PoolKeys>>>,
    /// The identity token issuer's keys (`<public_url>/identity`).
    identity: RwLock<Option<Arc<PoolKeys>>>,
    /// Held while the identity keys are first loaded, so concurrent first requests make
    /// one key, not one each.
    identity_loading: tokio::sync::Mutex<()>,
}

impl KeyRing {
    pub fn new(store: Arc<dyn KeyStore>, clock: Arc<dyn Clock>) -> Self {
        Self {
            store,
            clock,
            cache: RwLock::new(HashMap::new()),
            identity: RwLock::new(None),
            identity_loading: tokio::sync::Mutex::new(()),
        }
    }

    /// The pool's keys, generating its first key if it has none.
    pub async fn for_pool(&self, pool: &PoolId) -> Result<Arc<PoolKeys>, KeyError> {
        if let Some(keys) = self.cached(pool) {
            return Ok(keys);
        }
        self.reload(pool).await
    }

    /// Reads the pool's keys from the store again: another replica may have added one.
    pub async fn reload(&self, pool: &PoolId) -> Result<Arc<PoolKeys>, KeyError> {
        let mut stored = self.store.list_signing_keys(pool).await?;
        if stored.is_empty() {
            let key = self.new_key(first_kid(pool.as_str())).await?;
            if first_insert(self.store.insert_signing_key(pool, &key).await)? {
                tracing::info!(pool_id = %pool, kid = %key.kid, "generated a signing key");
            }
            stored = self.store.list_signing_keys(pool).await?;
        }
        let keys = Arc::new(PoolKeys::from_stored(&stored)?.ok_or(KeyError::Generate)?);
        if let Ok(mut cache) = self.cache.write() {
            cache.insert(pool.clone(), keys.clone());
        }
        Ok(keys)
    }

    /// The identity token issuer's keys, generating its first key if it has none.
    pub async fn for_identity(&self) -> Result<Arc<PoolKeys>, KeyError> {
        let cached = || self.identity.read().ok().and_then(|keys| keys.clone());
        if let Some(keys) = cached() {
            return Ok(keys);
        }
        let _loading = self.identity_loading.lock().await;
        if let Some(keys) = cached() {
            return Ok(keys);
        }
        let mut stored = self.store.list_identity_signing_keys().await?;
        if stored.is_empty() {
            let key = self.new_key(first_kid("identity")).await?;
            if first_insert(self.store.insert_identity_signing_key(&key).await)? {
                tracing::info!(kid = %key.kid, "generated the identity token signing key");
            }
            stored = self.store.list_identity_signing_keys().await?;
        }
        let keys = Arc::new(PoolKeys::from_stored(&stored)?.ok_or(KeyError::Generate)?);
        if let Ok(mut cached) = self.identity.write() {
            *cached = Some(keys.clone());
        }
        Ok(keys)
    }

    /// A new RSA key named `kid`, made off the async runtime.
    async fn new_key(&self, kid: String) -> Result<StoredSigningKey, KeyError> {
        let key = tokio::task::spawn_blocking(generate)
            .await
            .map_err(|_| KeyError::Generate)??;
        Ok(StoredSigningKey {
            kid,
            private_pkcs8: key,
            created_at: self.clock.now(),
        })
    }

    /// The pool's keys if this process has loaded them, without touching the store.
    pub fn cached(&self, pool: &PoolId) -> Option<Arc<PoolKeys>> {
        self.cache.read().ok()?.get(pool).cloned()
    }
}

/// The id of an issuer's first key, the same on every node: nodes sharing a database that
/// start together each make a key, and the one whose insert lands first is everyone's (the
/// others' inserts conflict on the id and are dropped).
fn first_kid(issuer: &str) -> String {
    uuid::Uuid::new_v5(&FIRST_KEY_NAMESPACE, issuer.as_bytes()).to_string()
}

/// The namespace of [`first_kid`]'s name-based UUIDs.
const FIRST_KEY_NAMESPACE: uuid::Uuid =
    uuid::Uuid::from_u128(0x6b1d_4d4e_8a53_4b8e_9f0c_2c4a_7e21_0f17);

/// Whether a first key's insert landed: a conflict means another node's did.
fn first_insert(inserted: Result<(), StoreError>) -> Result<bool, KeyError> {
    match inserted {
        Ok(()) => Ok(true),
        Err(StoreError::Conflict) => Ok(false),
        Err(error) => Err(error.into()),
    }
}

/// A new RSA-2048 key as PKCS #8 DER (slow: call it off the async runtime).
pub(crate) fn generate() -> Result<Vec<u8>, KeyError> {
    let pair = KeyPair::generate(KeySize::Rsa2048).map_err(|_| KeyError::Generate)?;
    let der = pair.as_der().map_err(|_| KeyError::Generate)?;
    Ok(der.as_ref().to_vec())
}
