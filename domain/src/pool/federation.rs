//! The federation port: what the domain needs of an identity provider over the network.
//! The adapter (`server/src/adapters/federation.rs`) speaks HTTP; the domain decides what the
//! answers mean (it checks the ID token itself).

use async_trait::async_trait;
use jsonwebtoken::jwk::JwkSet;
use serde_json::{Map, Value};

/// An OpenID Provider's metadata (its discovery document), as far as a sign-in reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Discovery {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    pub userinfo_endpoint: Option<String>,
    pub jwks_uri: String,
}

/// The provider's token endpoint's answer to a code.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ProviderTokens {
    pub id_token: Option<String>,
    pub access_token: Option<String>,
}

impl std::fmt::Debug for ProviderTokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProviderTokens")
            .field("id_token", &self.id_token.as_ref().map(|_| "***"))
            .field("access_token", &self.access_token.as_ref().map(|_| "***"))
            .finish()
    }
}

/// What went wrong talking to a provider. The text is for the log; callers are told less.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    /// No answer in time, a refused connection, an unreadable answer.
    #[error("the provider is unreachable: {0}")]
    Unreachable(String),
    /// The provider answered with an error (a refused code, a bad client secret).
    #[error("the provider refused: {0}")]
    Refused(String),
}

/// How a client authenticates at the provider's token endpoint.
#[derive(Clone, PartialEq, Eq)]
pub enum ClientAuth {
    /// `client_secret_basic` (RFC 6749 §2.3.1).
    Basic { id: String, secret: String },
    /// `client_secret_post`, or a public client (`client_id` only) when `secret` is `None`;
    /// Sign in with Apple's secret is a JWT sent this way.
    Post { id: String, secret: Option<String> },
}

impl std::fmt::Debug for ClientAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Basic { id, .. } => write!(f, "Basic({id}, ***)"),
            Self::Post { id, .. } => write!(f, "Post({id}, ***)"),
        }
    }
}

/// The network side of a federated sign-in. Every call is bounded in time and size.
#[async_trait]
pub trait ProviderLink: Send + Sync {
    /// `<issuer>/.well-known/openid-configuration`.
    async fn discover(&self, issuer: &str) -> Result<Discovery, LinkError>;

    /// The provider's signing keys.
    async fn keys(&self, jwks_uri: &str) -> Result<JwkSet, LinkError>;

    /// The code (with its PKCE verifier) redeemed at the token endpoint.
    async fn redeem(
        &self,
        token_url: &str,
        auth: &ClientAuth,
        form: &[(&str, &str)],
    ) -> Result<ProviderTokens, LinkError>;

    /// The user's attributes from the userinfo (attributes) URL, with the access token.
    async fn attributes(
        &self,
        url: &str,
        access_token: &str,
        post: bool,
    ) -> Result<Map<String, Value>, LinkError>;
}
