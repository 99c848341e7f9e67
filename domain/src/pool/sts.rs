//! The security token service port: an identity pool's credentials come from an STS
//! (`AssumeRoleWithWebIdentity`, e.g. SeaweedFS's S3 gateway) given Cognate's identity
//! token. The adapter (`server/src/adapters/sts.rs`) speaks the STS query API.

use async_trait::async_trait;

use super::federation::LinkError;

/// Short-term credentials for a role.
#[derive(Clone, PartialEq, Eq)]
pub struct TemporaryCredentials {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: String,
    /// When they expire, in seconds since the epoch.
    pub expiration: i64,
}

impl std::fmt::Debug for TemporaryCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TemporaryCredentials")
            .field("access_key_id", &self.access_key_id)
            .field("expiration", &self.expiration)
            .finish_non_exhaustive()
    }
}

/// What a role is assumed with.
#[derive(Clone)]
pub struct AssumeRole<'a> {
    pub role_arn: &'a str,
    pub session_name: &'a str,
    /// Cognate's identity token for the identity.
    pub web_identity_token: &'a str,
    pub duration_seconds: i64,
}

/// An STS that takes Cognate's identity tokens.
#[async_trait]
pub trait SecurityTokenService: Send + Sync {
    async fn assume_role_with_web_identity(
        &self,
        request: &AssumeRole<'_>,
    ) -> Result<TemporaryCredentials, LinkError>;
}
