//! Proofs that a caller holds an app client's secret: Cognito's `SECRET_HASH` and the plain
//! `ClientSecret` of RevokeToken and GetTokensFromRefreshToken.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::{AppClient, Denied, PoolError};

/// How a caller shows it may act for an app client that has a secret.
#[derive(Clone, Copy, Debug)]
pub enum ClientProof<'a> {
    /// The caller is Cognate itself (the hosted pages), or a door that has already
    /// authenticated the client (the OAuth token endpoint).
    Trusted,
    /// Cognito's `SECRET_HASH` (`None` when the request had none).
    SecretHash(Option<&'a str>),
    /// The client secret itself (`None` when the request had none).
    Secret(Option<&'a str>),
}

impl ClientProof<'_> {
    /// Checks the proof for `client`; `usernames` are the names a `SECRET_HASH` may be
    /// computed over.
    pub fn check(self, client: &AppClient, usernames: &[&str]) -> Result<(), PoolError> {
        match self {
            Self::Trusted => Ok(()),
            Self::SecretHash(given) => check_secret_hash(client, usernames, given),
            Self::Secret(given) => check_client_secret(client, given),
        }
    }
}

/// Cognito's `SECRET_HASH`: Base64(HMAC-SHA256(client secret, username + client id)).
pub fn secret_hash(secret: &str, username: &str, client_id: &str) -> String {
    let mut mac =
        <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key");
    mac.update(username.as_bytes());
    mac.update(client_id.as_bytes());
    STANDARD.encode(mac.finalize().into_bytes())
}

/// For a client with a secret, `given` must be the `SECRET_HASH` of one of `usernames` (a
/// refresh may name the user by username or by `sub`); a client without one needs none.
pub fn check_secret_hash(
    client: &AppClient,
    usernames: &[&str],
    given: Option<&str>,
) -> Result<(), PoolError> {
    let Some(secret) = &client.secret else {
        return Ok(());
    };
    let Some(given) = given.filter(|given| !given.is_empty()) else {
        return Err(PoolError::NotAuthorized(Denied::SecretHashMissing(
            client.id.clone(),
        )));
    };
    let matches = usernames.iter().any(|username| {
        let expected = secret_hash(secret.expose(), username, client.id.as_str());
        bool::from(expected.as_bytes().ct_eq(given.as_bytes()))
    });
    if matches {
        Ok(())
    } else {
        Err(PoolError::NotAuthorized(Denied::SecretHashWrong(
            client.id.clone(),
        )))
    }
}

/// For a client with a secret, `given` must be that secret. Secrets are high-entropy, so
/// comparing their SHA-256 digests in constant time is enough (no slow hash needed).
pub fn check_client_secret(client: &AppClient, given: Option<&str>) -> Result<(), PoolError> {
    let Some(secret) = &client.secret else {
        return Ok(());
    };
    let given = given.unwrap_or_default();
    let same = Sha256::digest(secret.expose().as_bytes())
        .ct_eq(&Sha256::digest(given.as_bytes()))
        .into();
    if same {
        Ok(())
    } else {
        Err(PoolError::NotAuthorized(Denied::ClientSecretWrong(
            client.id.clone(),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::Timestamp;
    use crate::pool::{ClientId, ClientSecret, ClientSettings, PoolId};

    fn client(secret: Option<&str>) -> AppClient {
        AppClient {
            id: ClientId::parse("abcdefghijklmnopqrstuvwxyz").unwrap(),
            pool_id: PoolId::generate("local"),
            name: "App".into(),
            secret: secret.map(|s| ClientSecret::new(s.to_string())),
            settings: ClientSettings::default(),
            created_at: Timestamp(0),
            updated_at: Timestamp(0),
        }
    }

    #[test]
    fn the_secret_hash_is_cognitos() {
        // Computed independently: printf '%s' janeabcdefghijklmnopqrstuvwxyz |
        //   openssl dgst -sha256 -hmac s3cret -binary | base64
        assert_eq!(
            secret_hash("s3cret", "jane", "abcdefghijklmnopqrstuvwxyz"),
            "5YnmEfbbL2Cfrv+w5ma7aKfNdz4i70S/gNH2v2ol8w0="
        );
    }

    #[test]
    fn a_client_with_a_secret_needs_the_right_hash() {
        let with = client(Some("s3cret"));
        let good = secret_hash("s3cret", "jane", with.id.as_str());
        assert!(check_secret_hash(&with, &["jane"], Some(&good)).is_ok());
        assert!(check_secret_hash(&with, &["someone", "jane"], Some(&good)).is_ok());
        assert!(check_secret_hash(&with, &["joe"], Some(&good)).is_err());
        let missing = check_secret_hash(&with, &["jane"], None).unwrap_err();
        assert!(matches!(
            missing,
            PoolError::NotAuthorized(Denied::SecretHashMissing(id)) if id == with.id
        ));
        assert!(check_secret_hash(&client(None), &["jane"], None).is_ok());

        assert!(check_client_secret(&with, Some("s3cret")).is_ok());
        assert!(check_client_secret(&with, Some("s3creT")).is_err());
        assert!(check_client_secret(&with, None).is_err());
        assert!(check_client_secret(&client(None), None).is_ok());
    }
}
