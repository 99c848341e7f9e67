//! Identity providers (Cognito's): an external OpenID Connect provider, or a social one
//! (Google, Facebook, Login with Amazon, Sign in with Apple) as a preset of the same flow,
//! or a SAML 2.0 identity provider, read from its metadata.

use std::collections::BTreeMap;

use super::PoolId;
use crate::clock::Timestamp;

/// Cognito's `ProviderType`s that Cognate signs in with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProviderKind {
    Oidc,
    Google,
    Facebook,
    LoginWithAmazon,
    SignInWithApple,
    Saml,
}

impl ProviderKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Oidc => "OIDC",
            Self::Google => "Google",
            Self::Facebook => "Facebook",
            Self::LoginWithAmazon => "LoginWithAmazon",
            Self::SignInWithApple => "SignInWithApple",
            Self::Saml => "SAML",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "OIDC" => Self::Oidc,
            "Google" => Self::Google,
            "Facebook" => Self::Facebook,
            "LoginWithAmazon" => Self::LoginWithAmazon,
            "SignInWithApple" => Self::SignInWithApple,
            "SAML" => Self::Saml,
            _ => return None,
        })
    }

    /// Whether the provider answers with an ID token (OpenID Connect); the others are
    /// OAuth 2.0, whose user is read from their attributes URL.
    pub fn is_oidc(self) -> bool {
        matches!(self, Self::Oidc | Self::Google | Self::SignInWithApple)
    }

    /// The `ProviderDetails` a provider of this kind must be given.
    pub fn required_details(self) -> &'static [&'static str] {
        match self {
            Self::Oidc => &["client_id", "authorize_scopes", "oidc_issuer"],
            // MetadataURL or MetadataFile: checked where the details are.
            Self::Saml => &[],
            Self::Google | Self::Facebook | Self::LoginWithAmazon => {
                &["client_id", "client_secret", "authorize_scopes"]
            }
            Self::SignInWithApple => &[
                "client_id",
                "team_id",
                "key_id",
                "private_key",
                "authorize_scopes",
            ],
        }
    }

    /// The endpoints a preset knows; each may be overridden in `ProviderDetails`.
    pub fn preset_details(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Self::Oidc | Self::Saml => &[],
            Self::Google => &[
                ("oidc_issuer", "https://accounts.google.com"),
                (
                    "authorize_url",
                    "https://accounts.google.com/o/oauth2/v2/auth",
                ),
                ("token_url", "https://www.googleapis.com/oauth2/v4/token"),
                (
                    "attributes_url",
                    "https://openidconnect.googleapis.com/v1/userinfo",
                ),
                ("jwks_uri", "https://www.googleapis.com/oauth2/v3/certs"),
            ],
            Self::SignInWithApple => &[
                ("oidc_issuer", "https://appleid.apple.com"),
                ("authorize_url", "https://appleid.apple.com/auth/authorize"),
                ("token_url", "https://appleid.apple.com/auth/token"),
                ("jwks_uri", "https://appleid.apple.com/auth/keys"),
            ],
            Self::Facebook => &[
                (
                    "authorize_url",
                    "https://www.facebook.com/v17.0/dialog/oauth",
                ),
                (
                    "token_url",
                    "https://graph.facebook.com/v17.0/oauth/access_token",
                ),
                (
                    "attributes_url",
                    "https://graph.facebook.com/v17.0/me?fields=id,email,name",
                ),
            ],
            Self::LoginWithAmazon => &[
                ("authorize_url", "https://www.amazon.com/ap/oa"),
                ("token_url", "https://api.amazon.com/auth/o2/token"),
                ("attributes_url", "https://api.amazon.com/user/profile"),
            ],
        }
    }

    /// The attribute of the provider's user that identifies them when no mapping of
    /// `username` says otherwise.
    pub fn default_subject(self) -> &'static str {
        match self {
            Self::LoginWithAmazon => "user_id",
            Self::Facebook => "id",
            Self::Saml => SAML_NAME_ID,
            _ => "sub",
        }
    }
}

/// Where a SAML assertion's `NameID` is among the provider's attributes: its user's name.
pub const SAML_NAME_ID: &str = "saml:NameID";

/// The SAML `ProviderDetails` Cognate keeps for itself (the fetched metadata and when it was
/// fetched): never shown.
pub const KEPT_DETAILS: &[&str] = &["cognate:metadata", "cognate:metadata_fetched_at"];

/// The `ProviderDetails` keys that hold secrets: never logged.
pub const SECRET_DETAILS: &[&str] = &["client_secret", "private_key"];

/// An identity provider of a pool.
#[derive(Clone, PartialEq, Eq)]
pub struct IdentityProvider {
    pub pool_id: PoolId,
    /// Cognito's `ProviderName`: what app clients list and `identity_provider=` names.
    pub name: String,
    pub kind: ProviderKind,
    /// Cognito's `ProviderDetails`, with the preset's endpoints filled in.
    pub details: BTreeMap<String, String>,
    /// Cognito's `AttributeMapping`: pool attribute → the provider's attribute.
    pub attribute_mapping: BTreeMap<String, String>,
    /// Cognito's `IdpIdentifiers`: other names `idp_identifier=` may use.
    pub identifiers: Vec<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl IdentityProvider {
    pub fn detail(&self, key: &str) -> Option<&str> {
        self.details
            .get(key)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    /// The details a caller is shown: all but those Cognate keeps for itself.
    pub fn shown_details(&self) -> BTreeMap<String, String> {
        self.details
            .iter()
            .filter(|(key, _)| !KEPT_DETAILS.contains(&key.as_str()))
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect()
    }

    /// Whether a SAML detail that is a flag (`IDPSignout`, `IDPInit`, `EncryptedResponses`)
    /// is on.
    pub fn flag(&self, key: &str) -> bool {
        self.detail(key) == Some("true")
    }

    /// The provider's attribute that names its user (`username` in the mapping, or the
    /// kind's default).
    pub fn subject_attribute(&self) -> &str {
        self.attribute_mapping
            .get("username")
            .map(String::as_str)
            .unwrap_or(self.kind.default_subject())
    }

    /// The pool's automatic group for this provider's users: `<pool id>_<provider name>`.
    pub fn group_name(&self) -> String {
        format!("{}_{}", self.pool_id, self.name)
    }
}

impl std::fmt::Debug for IdentityProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let details: BTreeMap<&str, &str> = self
            .details
            .iter()
            .map(|(key, value)| {
                let shown = if SECRET_DETAILS.contains(&key.as_str()) {
                    "***"
                } else if KEPT_DETAILS.contains(&key.as_str()) {
                    "…"
                } else {
                    value.as_str()
                };
                (key.as_str(), shown)
            })
            .collect();
        f.debug_struct("IdentityProvider")
            .field("pool_id", &self.pool_id)
            .field("name", &self.name)
            .field("kind", &self.kind)
            .field("details", &details)
            .field("attribute_mapping", &self.attribute_mapping)
            .field("identifiers", &self.identifiers)
            .finish()
    }
}

/// An external identity linked to a pool user: who a provider's user signs in as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkedIdentity {
    pub provider_name: String,
    pub provider_user_id: String,
    pub created_at: Timestamp,
}

/// A federated sign-in waiting for the provider's answer, kept under its `state`'s hash.
#[derive(Clone, PartialEq, Eq)]
pub struct FederationState {
    pub pool_id: PoolId,
    /// The app client the user signs in to.
    pub client_id: super::ClientId,
    pub provider_name: String,
    /// The `nonce` sent, which the provider's ID token must carry.
    pub nonce: String,
    /// The PKCE verifier of the challenge sent.
    pub verifier: String,
    /// The app's authorization request it answers (its id's hash), if an app asked.
    pub request_hash: Option<String>,
    /// Where the hosted pages go once signed in, if no app asked.
    pub next: Option<String>,
    pub expires_at: Timestamp,
}

impl std::fmt::Debug for FederationState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FederationState")
            .field("client_id", &self.client_id)
            .field("provider_name", &self.provider_name)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_show_in_debug_output() {
        let provider = IdentityProvider {
            pool_id: PoolId::parse("local_abcdefghi").unwrap(),
            name: "Corp".into(),
            kind: ProviderKind::Oidc,
            details: [
                ("client_id".to_string(), "cognate".to_string()),
                ("client_secret".to_string(), "s3cr3t-value".to_string()),
            ]
            .into_iter()
            .collect(),
            attribute_mapping: BTreeMap::new(),
            identifiers: vec![],
            created_at: Timestamp(0),
            updated_at: Timestamp(0),
        };
        let shown = format!("{provider:?}");
        assert!(
            shown.contains("cognate") && !shown.contains("s3cr3t-value"),
            "{shown}"
        );
    }
}
