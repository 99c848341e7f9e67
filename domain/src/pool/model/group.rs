//! Groups of users and resource servers (custom OAuth scopes).

use serde::{Deserialize, Serialize};

use super::PoolId;
use crate::clock::Timestamp;

/// A group of a pool's users (Cognito's `GroupType`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub pool_id: PoolId,
    /// Case-sensitive, as Cognito's.
    pub name: String,
    pub description: Option<String>,
    /// Lower wins when groups disagree; groups without one come last.
    pub precedence: Option<i64>,
    pub role_arn: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// An API whose custom scopes app clients may be granted (Cognito's `ResourceServerType`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceServer {
    pub pool_id: PoolId,
    /// Usually the API's URL; scopes are `<identifier>/<scope name>`.
    pub identifier: String,
    pub name: String,
    pub scopes: Vec<ResourceScope>,
    pub created_at: Timestamp,
}

/// One custom scope of a resource server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceScope {
    pub name: String,
    pub description: String,
}

impl ResourceServer {
    /// Its scopes as clients name them: `<identifier>/<scope name>`.
    pub fn full_scopes(&self) -> impl Iterator<Item = String> + '_ {
        self.scopes
            .iter()
            .map(|scope| format!("{}/{}", self.identifier, scope.name))
    }
}

/// A user-pool domain (Cognito's `DomainDescriptionType`): a prefix domain names the pool
/// on Cognito's own host; a custom domain is the operator's, with its certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PoolDomain {
    pub domain: String,
    pub pool_id: PoolId,
    /// `Some` for a custom domain (Cognito's `CustomDomainConfig.CertificateArn`).
    pub certificate_arn: Option<String>,
    /// Cognito's `ManagedLoginVersion`: 1 (classic hosted UI) or 2 (managed login).
    pub managed_login_version: i64,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl PoolDomain {
    pub fn is_custom(&self) -> bool {
        self.certificate_arn.is_some()
    }
}
