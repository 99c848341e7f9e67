//! Identity pools (Cognito Identity): who may exchange which sign-ins for short-term
//! credentials, and the roles they get. The pool's rules are one document, so new ones need
//! no migration.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::clock::Timestamp;

/// A user pool app client whose ID tokens an identity pool takes (Cognito's
/// `CognitoIdentityProvider`): `provider_name` is the user pool's issuer without its scheme.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CognitoProviderRef {
    pub provider_name: String,
    pub client_id: String,
    #[serde(default)]
    pub server_side_token_check: bool,
}

/// An identity pool's rules (Cognito's `IdentityPool` fields besides its id and name).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct IdentityPoolSettings {
    /// Guests get identities (and the unauthenticated role).
    pub allow_unauthenticated: bool,
    /// `GetOpenIdToken`, then STS directly, is allowed.
    pub allow_classic_flow: bool,
    pub providers: Vec<CognitoProviderRef>,
    pub developer_provider_name: Option<String>,
    pub supported_login_providers: BTreeMap<String, String>,
    pub open_id_connect_provider_arns: Vec<String>,
    pub tags: BTreeMap<String, String>,
}

/// An identity pool.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdentityPool {
    /// `<region>:<uuid>`, made by Cognate.
    pub id: String,
    pub name: String,
    pub settings: IdentityPoolSettings,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl IdentityPool {
    /// A new pool id in `region`.
    pub fn new_id(region: &str) -> String {
        format!("{region}:{}", uuid::Uuid::new_v4())
    }

    /// Whether `id` has the shape of an identity pool id (`<region>:<uuid>`).
    pub fn is_id(id: &str) -> bool {
        id.split_once(':').is_some_and(|(region, rest)| {
            !region.is_empty()
                && region.len() <= 25
                && region
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-')
                && uuid::Uuid::parse_str(rest).is_ok()
        })
    }
}
