//! User-pool domains (Cognito's Create/Describe/Update/DeleteUserPoolDomain) and which pool a
//! request's host name serves.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use super::*;
use crate::pool::PoolDomain;

/// How long a node trusts its map of custom domains before reading it again: another node's
/// change is seen within this.
const HOSTS_FRESH_FOR: Duration = Duration::from_secs(5);

/// Cognito's reserved words, which no prefix domain may contain.
const RESERVED_WORDS: &[&str] = &["aws", "amazon", "cognito"];

/// Custom domain → pool, as read at that instant.
type ReadHosts = (Instant, Arc<HashMap<String, PoolId>>);

/// Custom domain → pool, cached.
#[derive(Default)]
pub(super) struct HostMap {
    cached: tokio::sync::RwLock<Option<ReadHosts>>,
}

/// What CreateUserPoolDomain and UpdateUserPoolDomain give.
#[derive(Clone, Debug, Default)]
pub struct DomainChange {
    /// `CustomDomainConfig.CertificateArn`: given, the domain is a custom one.
    pub certificate_arn: Option<String>,
    /// `ManagedLoginVersion`: 1 or 2; left out, 1 (or, on update, as it was).
    pub managed_login_version: Option<i64>,
}

impl UserPool {
    /// Cognito CreateUserPoolDomain: a prefix domain (a DNS label) or, with a certificate, a
    /// custom domain (a host name); one of each per pool, each name in one pool.
    pub async fn create_domain(
        &self,
        pool_id: &str,
        domain: &str,
        change: DomainChange,
    ) -> Result<PoolDomain, PoolError> {
        let pool = self.describe_pool(pool_id).await?;
        check_domain(domain, change.certificate_arn.as_deref(), &self.public_url)?;
        let now = self.clock.now();
        let created = PoolDomain {
            domain: domain.to_string(),
            pool_id: pool.id.clone(),
            certificate_arn: change.certificate_arn,
            managed_login_version: check_version(change.managed_login_version)?.unwrap_or(1),
            created_at: now,
            updated_at: now,
        };
        match self.store.insert_domain(&created).await {
            Ok(()) => {}
            Err(StoreError::Conflict) => {
                return Err(PoolError::InvalidParameter(Invalid::Domain(
                    if self.store.get_domain(domain).await?.is_some() {
                        DomainFault::OtherPools
                    } else {
                        DomainFault::PoolHasOne(pool.id.to_string())
                    },
                )));
            }
            Err(error) => return Err(error.into()),
        }
        self.forget_hosts().await;
        tracing::info!(pool_id = %pool.id, domain, custom = created.is_custom(), "domain created");
        Ok(created)
    }

    /// Cognito DescribeUserPoolDomain: `None` when no pool has it (Cognito answers an empty
    /// description).
    pub async fn describe_domain(&self, domain: &str) -> Result<Option<PoolDomain>, PoolError> {
        if domain.len() > 253 {
            return Ok(None);
        }
        Ok(self.store.get_domain(domain).await?)
    }

    /// A pool's domains, for DescribeUserPool's `Domain` and `CustomDomain`.
    pub async fn pool_domains(&self, pool: &PoolId) -> Result<Vec<PoolDomain>, PoolError> {
        Ok(self.store.pool_domains(pool).await?)
    }

    /// Cognito UpdateUserPoolDomain: a custom domain's certificate, and either kind's
    /// managed-login version.
    pub async fn update_domain(
        &self,
        pool_id: &str,
        domain: &str,
        change: DomainChange,
    ) -> Result<PoolDomain, PoolError> {
        let mut found = self.own_domain(pool_id, domain).await?;
        if let Some(arn) = change.certificate_arn {
            if !found.is_custom() {
                return Err(invalid(DomainFault::PrefixCertificate));
            }
            check_certificate(&arn)?;
            found.certificate_arn = Some(arn);
        }
        if let Some(version) = check_version(change.managed_login_version)? {
            found.managed_login_version = version;
        }
        found.updated_at = self.clock.now();
        self.store.update_domain(&found).await?;
        tracing::info!(pool_id = %found.pool_id, domain, "domain updated");
        Ok(found)
    }

    /// Cognito DeleteUserPoolDomain.
    pub async fn delete_domain(&self, pool_id: &str, domain: &str) -> Result<(), PoolError> {
        let found = self.own_domain(pool_id, domain).await?;
        self.store.delete_domain(&found.pool_id, domain).await?;
        self.forget_hosts().await;
        tracing::info!(pool_id = %found.pool_id, domain, "domain deleted");
        Ok(())
    }

    /// The pool whose custom domain `host` (a request's `Host`, port and case aside) is.
    pub async fn pool_of_host(&self, host: &str) -> Result<Option<PoolId>, PoolError> {
        let name = host_name(host);
        {
            let cached = self.hosts.cached.read().await;
            if let Some((read_at, map)) = cached.as_ref()
                && read_at.elapsed() < HOSTS_FRESH_FOR
            {
                return Ok(map.get(&name).cloned());
            }
        }
        let mut cached = self.hosts.cached.write().await;
        // Another request may have read it meanwhile.
        if let Some((read_at, map)) = cached.as_ref()
            && read_at.elapsed() < HOSTS_FRESH_FOR
        {
            return Ok(map.get(&name).cloned());
        }
        let map: HashMap<String, PoolId> = self
            .store
            .list_domains()
            .await?
            .into_iter()
            .filter(PoolDomain::is_custom)
            .map(|d| (d.domain, d.pool_id))
            .collect();
        let map = Arc::new(map);
        *cached = Some((Instant::now(), map.clone()));
        Ok(map.get(&name).cloned())
    }

    /// Whether a custom domain of `domain_pool` serves the app client `client_id`: only its
    /// own pool's, as Cognito's domain serves one pool. An unknown client is left to the
    /// endpoint, which answers it as it always does.
    pub async fn domain_serves(&self, domain_pool: &PoolId, client_id: &str) -> bool {
        match self.access_token_client(client_id).await {
            Ok(client) => &client.pool_id == domain_pool,
            Err(_) => true,
        }
    }

    /// Makes this node read the custom domains again at the next request.
    pub(super) async fn forget_hosts(&self) {
        *self.hosts.cached.write().await = None;
    }

    async fn own_domain(&self, pool_id: &str, domain: &str) -> Result<PoolDomain, PoolError> {
        let pool = self.describe_pool(pool_id).await?;
        match self.describe_domain(domain).await? {
            Some(found) if found.pool_id == pool.id => Ok(found),
            _ => Err(PoolError::ResourceNotFound(Missing::Domain {
                pool: pool.id.to_string(),
                domain: domain.to_string(),
            })),
        }
    }
}

/// A host name as the map keys it: lowercase, without a port.
fn host_name(host: &str) -> String {
    let host = host.trim();
    let without_port = match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    };
    without_port.trim_end_matches('.').to_ascii_lowercase()
}

/// One DNS label as Cognito's `DomainType` allows it: lowercase letters, digits and inner
/// hyphens, 1 to 63 characters.
fn is_label(label: &str) -> bool {
    let bytes = label.as_bytes();
    (1..=63).contains(&bytes.len())
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
        && bytes.first() != Some(&b'-')
        && bytes.last() != Some(&b'-')
}

fn check_domain(
    domain: &str,
    certificate: Option<&str>,
    public_url: &str,
) -> Result<(), PoolError> {
    match certificate {
        None => {
            if domain.contains('.') {
                return Err(invalid(DomainFault::DotsWithoutCertificate));
            }
            if !is_label(domain) {
                return Err(PoolError::constraint(
                    "domain",
                    Some(domain),
                    Rule::Pattern("^[a-z0-9](?:[a-z0-9\\-]{0,61}[a-z0-9])?$"),
                ));
            }
            if let Some(word) = RESERVED_WORDS.iter().find(|word| domain.contains(*word)) {
                return Err(invalid(DomainFault::ReservedWord(word)));
            }
        }
        Some(arn) => {
            check_certificate(arn)?;
            let labels: Vec<&str> = domain.split('.').collect();
            if domain.len() > 253 || labels.len() < 2 || !labels.iter().all(|l| is_label(l)) {
                return Err(invalid(DomainFault::CustomName(domain.to_string())));
            }
            let own = url::Url::parse(public_url)
                .ok()
                .and_then(|url| url.host_str().map(str::to_ascii_lowercase));
            if own.as_deref() == Some(domain) {
                return Err(invalid(DomainFault::OwnHost(domain.to_string())));
            }
        }
    }
    Ok(())
}

fn check_certificate(arn: &str) -> Result<(), PoolError> {
    if arn.starts_with("arn:") && arn.len() <= 2048 && !arn.chars().any(char::is_whitespace) {
        Ok(())
    } else {
        Err(invalid(DomainFault::CertificateArn))
    }
}

fn check_version(version: Option<i64>) -> Result<Option<i64>, PoolError> {
    match version {
        None | Some(1 | 2) => Ok(version),
        Some(other) => Err(invalid(DomainFault::ManagedLoginVersion(other))),
    }
}

fn invalid(fault: DomainFault) -> PoolError {
    PoolError::InvalidParameter(Invalid::Domain(fault))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_are_checked_as_cognito_checks_them() {
        let own = "https://cognate.example.com";
        assert!(check_domain("my-app", None, own).is_ok());
        for bad in ["My-App", "-app", "app-", "a_b", "", &"a".repeat(64)] {
            assert!(check_domain(bad, None, own).is_err(), "{bad:?}");
        }
        assert!(
            check_domain("my-cognito-app", None, own).is_err(),
            "reserved"
        );
        assert!(
            check_domain("auth.example.com", None, own).is_err(),
            "needs a certificate"
        );
        let arn = Some("arn:aws:acm:us-east-1:000000000000:certificate/abc");
        assert!(check_domain("auth.example.com", arn, own).is_ok());
        assert!(
            check_domain("cognate.example.com", arn, own).is_err(),
            "our own host"
        );
        assert!(check_domain("localhost", arn, own).is_err(), "one label");
        assert!(check_domain("auth.example.com", Some("certificate"), own).is_err());
        assert_eq!(host_name("Auth.Example.COM:8443"), "auth.example.com");
        assert_eq!(host_name("auth.example.com."), "auth.example.com");
    }
}
