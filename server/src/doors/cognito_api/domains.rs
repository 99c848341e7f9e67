//! The signed user-pool domain operations: Create/Describe/Update/DeleteUserPoolDomain.

use super::prelude::*;
use super::wire::request;
use crate::pool::{DomainChange, PoolDomain};

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct CustomDomainConfigType {
    certificate_arn: String,
}

request!(DomainRequest {
    domain: String,
    user_pool_id: String,
    custom_domain_config: Option<CustomDomainConfigType>,
    managed_login_version: Option<i64>,
});

impl DomainRequest {
    fn change(&mut self) -> DomainChange {
        DomainChange {
            certificate_arn: self.custom_domain_config.take().map(|c| c.certificate_arn),
            managed_login_version: self.managed_login_version,
        }
    }
}

/// The host a custom domain's DNS points at (Cognito's CloudFront name): Cognate's own.
fn target(pool: &UserPool) -> String {
    url::Url::parse(pool.public_url())
        .ok()
        .and_then(|url| url.host_str().map(String::from))
        .unwrap_or_default()
}

/// Cognito's answer to Create and UpdateUserPoolDomain.
fn answer(pool: &UserPool, domain: &PoolDomain) -> Value {
    let mut answer = json!({ "ManagedLoginVersion": domain.managed_login_version });
    if domain.is_custom() {
        answer["CloudFrontDomain"] = json!(target(pool));
    }
    answer
}

pub(super) async fn create_user_pool_domain(pool: &UserPool, mut request: DomainRequest) -> Answer {
    let change = request.change();
    let created = pool
        .create_domain(&request.user_pool_id, &request.domain, change)
        .await?;
    Ok(answer(pool, &created))
}

pub(super) async fn update_user_pool_domain(pool: &UserPool, mut request: DomainRequest) -> Answer {
    let change = request.change();
    let updated = pool
        .update_domain(&request.user_pool_id, &request.domain, change)
        .await?;
    Ok(answer(pool, &updated))
}

request!(DeleteDomainRequest {
    domain: String,
    user_pool_id: String,
});

pub(super) async fn delete_user_pool_domain(
    pool: &UserPool,
    request: DeleteDomainRequest,
) -> Answer {
    pool.delete_domain(&request.user_pool_id, &request.domain)
        .await?;
    Ok(json!({}))
}

request!(DescribeDomainRequest { domain: String });

/// Cognito DescribeUserPoolDomain: a name no pool has is an empty description.
pub(super) async fn describe_user_pool_domain(
    pool: &UserPool,
    request: DescribeDomainRequest,
) -> Answer {
    let Some(found) = pool.describe_domain(&request.domain).await? else {
        return Ok(json!({ "DomainDescription": {} }));
    };
    let mut description = json!({
        "UserPoolId": found.pool_id.as_str(),
        "AWSAccountId": "000000000000",
        "Domain": found.domain,
        "CloudFrontDistribution": target(pool),
        "Version": found.updated_at.0.to_string(),
        "Status": "ACTIVE",
        "ManagedLoginVersion": found.managed_login_version,
    });
    if let Some(arn) = &found.certificate_arn {
        description["CustomDomainConfig"] = json!({ "CertificateArn": arn });
    }
    Ok(json!({ "DomainDescription": description }))
}
