//! The pre token generation trigger: V1, V2 and V3 events, and the claims and scopes its
//! answer may change.

use super::*;

/// What a sign-in's tokens are for, as the pre token generation trigger's `triggerSource`
/// says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokenSource {
    /// The hosted pages' sign-in, or a federated one, and their code exchange.
    HostedAuth,
    /// The Cognito API's sign-in (a password, SRP, a second factor, a custom challenge).
    Authentication,
    /// The sign-in's new password, replacing a temporary one.
    NewPasswordChallenge,
    RefreshTokens,
    /// A client's own token (V3 only).
    ClientCredentials,
}

impl TokenSource {
    fn name(self) -> &'static str {
        match self {
            Self::HostedAuth => "TokenGeneration_HostedAuth",
            Self::Authentication => "TokenGeneration_Authentication",
            Self::NewPasswordChallenge => "TokenGeneration_NewPasswordChallenge",
            Self::RefreshTokens => "TokenGeneration_RefreshTokens",
            Self::ClientCredentials => "TokenGeneration_ClientCredentials",
        }
    }
}

/// A pre token generation trigger's answer, V1 and V2/V3 alike (each reads its own).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct TokenAnswer {
    claims_override_details: Option<ClaimsOverride>,
    claims_and_scope_override_details: Option<ClaimsAndScopeOverride>,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct ClaimsOverride {
    claims_to_add_or_override: Option<Map<String, Value>>,
    claims_to_suppress: Option<Vec<String>>,
    group_override_details: Option<GroupOverride>,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct ClaimsAndScopeOverride {
    id_token_generation: Option<TokenClaims>,
    access_token_generation: Option<TokenClaims>,
    group_override_details: Option<GroupOverride>,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct TokenClaims {
    claims_to_add_or_override: Option<Map<String, Value>>,
    claims_to_suppress: Option<Vec<String>>,
    scopes_to_add: Option<Vec<String>>,
    scopes_to_suppress: Option<Vec<String>>,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct GroupOverride {
    groups_to_override: Option<Vec<String>>,
    iam_roles_to_override: Option<Vec<String>>,
    preferred_role: Option<String>,
}

/// The groups a sign-in's tokens carry before any trigger: names, roles, preferred role.
pub(crate) struct TokenGroups<'a> {
    pub groups: &'a [String],
    pub roles: &'a [String],
    pub preferred_role: Option<&'a str>,
}

impl UserPool {
    /// The pre token generation trigger, if the pool has one: what it changes in the tokens
    /// about to be signed for `user` (none for a client's own token) with `scope`. A
    /// claim Cognito keeps for itself, or a scope that is not one word, is an answer of the
    /// wrong shape.
    pub(crate) async fn pre_token_generation(
        &self,
        pool: &PoolConfig,
        client: &AppClient,
        user: Option<&User>,
        source: TokenSource,
        groups: TokenGroups<'_>,
        scope: &str,
    ) -> Result<Option<tokens::ClaimOverrides>, PoolError> {
        use crate::pool::TokenTriggerVersion as Version;
        if !Self::has_trigger(pool, Trigger::PreTokenGeneration) {
            return Ok(None);
        }
        let version = pool.settings.token_trigger_version();
        // Machine-to-machine tokens go to V3 triggers only.
        if source == TokenSource::ClientCredentials && version != Version::V3 {
            return Ok(None);
        }
        let scopes: Vec<&str> = scope.split_whitespace().collect();
        let mut request = json!({
            "userAttributes": user.map_or_else(|| json!({}), user_attributes),
            "groupConfiguration": {
                "groupsToOverride": groups.groups,
                "iamRolesToOverride": groups.roles,
                "preferredRole": groups.preferred_role,
            },
            "clientMetadata": {},
        });
        let (event_version, response) = match version {
            Version::V1 => ("1", json!({ "claimsOverrideDetails": null })),
            Version::V2 => ("2", json!({ "claimsAndScopeOverrideDetails": null })),
            Version::V3 => ("3", json!({ "claimsAndScopeOverrideDetails": null })),
        };
        if version >= Version::V2 {
            request["scopes"] = json!(scopes);
        }
        let user_name = user.map_or(client.id.as_str(), |user| user.username.as_str());
        let mut event = TriggerEvent::new(Trigger::PreTokenGeneration, source.name(), user_name)
            .client(&client.id)
            .request(request)
            .response(response);
        event.version = event_version;
        let Some(answer) = self.run_trigger::<TokenAnswer>(pool, event).await? else {
            return Ok(None);
        };
        let mut overrides = tokens::ClaimOverrides::default();
        let group_override = match version {
            Version::V1 => answer.claims_override_details.map(|details| {
                overrides.id_claims = details.claims_to_add_or_override.unwrap_or_default();
                overrides.id_suppress = details.claims_to_suppress.unwrap_or_default();
                details.group_override_details
            }),
            Version::V2 | Version::V3 => answer.claims_and_scope_override_details.map(|details| {
                if let Some(id) = details.id_token_generation {
                    overrides.id_claims = id.claims_to_add_or_override.unwrap_or_default();
                    overrides.id_suppress = id.claims_to_suppress.unwrap_or_default();
                }
                if let Some(access) = details.access_token_generation {
                    overrides.access_claims = access.claims_to_add_or_override.unwrap_or_default();
                    overrides.access_suppress = access.claims_to_suppress.unwrap_or_default();
                    overrides.scopes_to_add = access.scopes_to_add.unwrap_or_default();
                    overrides.scopes_to_suppress = access.scopes_to_suppress.unwrap_or_default();
                }
                details.group_override_details
            }),
        }
        .flatten();
        if let Some(groups) = group_override {
            overrides.groups = groups.groups_to_override;
            overrides.roles = groups.iam_roles_to_override;
            overrides.preferred_role = groups.preferred_role;
        }
        let names = overrides
            .id_claims
            .keys()
            .chain(overrides.access_claims.keys())
            .chain(&overrides.id_suppress)
            .chain(&overrides.access_suppress);
        let scope_words = overrides
            .scopes_to_add
            .iter()
            .chain(&overrides.scopes_to_suppress);
        let reserved = names.clone().any(|name| tokens::is_reserved_claim(name));
        let bad_scope = scope_words
            .clone()
            .any(|scope| scope.is_empty() || scope.chars().any(char::is_whitespace));
        if reserved || bad_scope {
            tracing::warn!("the pre token generation trigger changed a claim Cognito keeps");
            return Err(PoolError::TriggerAnswer {
                trigger: Trigger::PreTokenGeneration,
            });
        }
        Ok(Some(overrides))
    }
}
