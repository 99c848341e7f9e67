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
    /// SetIdentityPoolRoles: `authenticated` and `unauthenticated` role ARNs.
    pub roles: BTreeMap<String, String>,
    /// SetIdentityPoolRoles: per provider (`<host>/<pool id>:<client id>`), how its users'
    /// roles are chosen.
    pub role_mappings: BTreeMap<String, RoleMapping>,
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

/// How an identity pool picks the role of a user signed in with one provider (Cognito
/// Identity's `RoleMapping`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleMapping {
    pub kind: RoleMappingType,
    pub ambiguous: AmbiguousRoleResolution,
    /// For [`RoleMappingType::Rules`]: the first that matches gives the role.
    #[serde(default)]
    pub rules: Vec<MappingRule>,
}

/// Where the role comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RoleMappingType {
    /// The ID token's `cognito:preferred_role` (or a requested role among `cognito:roles`).
    Token,
    /// The rules, over the ID token's claims.
    Rules,
}

/// What happens when no rule matches (or the token names no role).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AmbiguousRoleResolution {
    /// The pool's authenticated role.
    AuthenticatedRole,
    /// No credentials.
    Deny,
}

/// One rule: the claim, how it is compared, the value, the role it gives.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MappingRule {
    pub claim: String,
    pub match_type: MatchType,
    pub value: String,
    pub role_arn: String,
}

/// A rule's comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MatchType {
    Equals,
    Contains,
    StartsWith,
    NotEqual,
}

impl MappingRule {
    /// Whether the claim (a string, or each member of a list such as `cognito:groups`)
    /// matches.
    pub fn matches(&self, claims: &serde_json::Map<String, serde_json::Value>) -> bool {
        let values: Vec<&str> = match claims.get(&self.claim) {
            Some(serde_json::Value::String(value)) => vec![value.as_str()],
            Some(serde_json::Value::Array(items)) => {
                items.iter().filter_map(serde_json::Value::as_str).collect()
            }
            _ => Vec::new(),
        };
        let one = |value: &str| match self.match_type {
            MatchType::Equals => value == self.value,
            MatchType::Contains => value.contains(&self.value),
            MatchType::StartsWith => value.starts_with(&self.value),
            MatchType::NotEqual => value != self.value,
        };
        match self.match_type {
            // A list claim is "not equal" when no member equals the value.
            MatchType::NotEqual => values.iter().all(|value| one(value)),
            _ => values.iter().any(|value| one(value)),
        }
    }
}

/// An identity of an identity pool: a guest's, or one user's of one provider.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    /// `<region>:<uuid>`, made by Cognate.
    pub id: String,
    pub pool_id: String,
    /// The provider (`Logins` key) and the user's `sub` there; none for a guest.
    pub login: Option<(String, String)>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}
