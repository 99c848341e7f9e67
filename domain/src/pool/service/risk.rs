//! Threat protection's configuration (Cognito's SetRiskConfiguration and
//! DescribeRiskConfiguration): what a pool, or one of its app clients, does about
//! compromised credentials and account takeover risk, and which addresses are always
//! blocked or never evaluated.

use super::*;
use crate::pool::invalid::RiskFault;
use crate::pool::{
    AccountTakeover, CompromisedCredentials, RiskAction, RiskConfiguration, RiskExceptions,
    RiskSettings, SecurityMode,
};

/// Cognito's limit on each IP range list.
const MAX_RANGES: usize = 200;

/// What SetRiskConfiguration is given: each part replaces the stored one, and a part left
/// out is cleared (as Cognito's operation does).
#[derive(Clone, Debug, Default)]
pub struct RiskInput {
    pub compromised: Option<CompromisedCredentials>,
    pub account_takeover: Option<AccountTakeover>,
    /// `BlockedIPRangeList` and `SkippedIPRangeList`, as given (CIDR).
    pub exceptions: Option<(Vec<String>, Vec<String>)>,
}

fn invalid<T>(fault: RiskFault) -> Result<T, PoolError> {
    Err(PoolError::InvalidParameter(Invalid::Risk(fault)))
}

/// IP ranges in CIDR notation.
fn ranges(given: &[String]) -> Result<Vec<ipnet::IpNet>, PoolError> {
    if given.len() > MAX_RANGES {
        return invalid(RiskFault::TooManyRanges);
    }
    given
        .iter()
        .map(|range| {
            range.trim().parse::<ipnet::IpNet>().map_err(|_| {
                PoolError::InvalidParameter(Invalid::Risk(RiskFault::IpRange(range.clone())))
            })
        })
        .collect()
}

impl UserPool {
    /// The pool, with threat protection on; and the client, when one is named, checked to
    /// be the pool's.
    async fn protected_pool(
        &self,
        pool_id: &str,
        client_id: Option<&str>,
    ) -> Result<(PoolConfig, Option<ClientId>), PoolError> {
        let pool = self.describe_pool(pool_id).await?;
        if pool.settings.advanced_security.mode == SecurityMode::Off {
            return Err(PoolError::AddOnNotEnabled);
        }
        let client = match client_id {
            Some(id) => {
                let (_, client) = self.client(id).await?;
                if client.pool_id != pool.id {
                    return Err(PoolError::ResourceNotFound(Missing::Client(id.to_string())));
                }
                Some(client.id)
            }
            None => None,
        };
        Ok((pool, client))
    }

    /// Cognito SetRiskConfiguration.
    #[tracing::instrument(skip_all)]
    pub async fn set_risk_configuration(
        &self,
        pool_id: &str,
        client_id: Option<&str>,
        given: RiskInput,
    ) -> Result<RiskConfiguration, PoolError> {
        let (pool, client_id) = self.protected_pool(pool_id, client_id).await?;
        if let Some(compromised) = &given.compromised
            && !matches!(compromised.action, RiskAction::Block | RiskAction::NoAction)
        {
            return invalid(RiskFault::CompromisedAction(compromised.action.as_str()));
        }
        if let Some(takeover) = &given.account_takeover {
            let notifies = [takeover.low, takeover.medium, takeover.high]
                .iter()
                .flatten()
                .any(|level| level.notify);
            match &takeover.notify {
                None if notifies => return invalid(RiskFault::NotifyWithoutConfiguration),
                Some(notify) if notify.source_arn.trim().is_empty() => {
                    return invalid(RiskFault::NoSourceArn);
                }
                _ => {}
            }
        }
        let exceptions = match &given.exceptions {
            Some((blocked, skipped)) => Some(RiskExceptions {
                blocked: ranges(blocked)?,
                skipped: ranges(skipped)?,
            }),
            None => None,
        };
        let configuration = RiskConfiguration {
            pool_id: pool.id,
            client_id,
            settings: RiskSettings {
                compromised: given.compromised,
                account_takeover: given.account_takeover,
                exceptions,
            },
            updated_at: self.clock.now(),
        };
        self.store.put_risk_configuration(&configuration).await?;
        tracing::info!(
            client = configuration.client_id.is_some(),
            "risk configuration set"
        );
        Ok(configuration)
    }

    /// Cognito DescribeRiskConfiguration: the client's own configuration, else the pool's;
    /// `None` when neither was set.
    pub async fn describe_risk_configuration(
        &self,
        pool_id: &str,
        client_id: Option<&str>,
    ) -> Result<Option<RiskConfiguration>, PoolError> {
        let (pool, client_id) = self.protected_pool(pool_id, client_id).await?;
        if let Some(client) = &client_id
            && let Some(own) = self
                .store
                .risk_configuration(&pool.id, Some(client))
                .await?
        {
            return Ok(Some(own));
        }
        Ok(self.store.risk_configuration(&pool.id, None).await?)
    }
}
