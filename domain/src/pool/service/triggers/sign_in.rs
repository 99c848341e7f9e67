//! The sign-in triggers: pre and post authentication, and inbound federation.

use super::*;

impl UserPool {
    /// The pre authentication trigger, before a sign-in's password (or SRP proof, or
    /// custom challenge) is checked. Where the client hides which users exist, a name no
    /// user has is sent too (`userNotFound`), so an unknown name costs the same call.
    pub(crate) async fn pre_authentication(
        &self,
        pool: &PoolConfig,
        client: &AppClient,
        typed: &str,
        user: Option<&User>,
        client_metadata: &Attributes,
    ) -> Result<(), PoolError> {
        if !Self::has_trigger(pool, Trigger::PreAuthentication)
            || (user.is_none() && !client.settings.prevent_user_existence_errors)
        {
            return Ok(());
        }
        let mut request = json!({
            "userAttributes": user.map_or_else(|| json!({}), user_attributes),
            "validationData": string_map(client_metadata),
        });
        if user.is_none() {
            request["userNotFound"] = json!(true);
        }
        let name = user.map_or(typed, |user| user.username.as_str());
        let event = TriggerEvent::new(
            Trigger::PreAuthentication,
            "PreAuthentication_Authentication",
            name,
        )
        .client(&client.id)
        .request(request);
        self.run_trigger::<NoAnswerExpected>(pool, event).await?;
        Ok(())
    }

    /// The post authentication trigger, once a sign-in has proven all it had to and
    /// before its tokens are made: it may still refuse the sign-in.
    pub(crate) async fn post_authentication(
        &self,
        pool: &PoolConfig,
        client: &AppClient,
        user: &User,
    ) -> Result<(), PoolError> {
        if !Self::has_trigger(pool, Trigger::PostAuthentication) {
            return Ok(());
        }
        let event = TriggerEvent::new(
            Trigger::PostAuthentication,
            "PostAuthentication_Authentication",
            &user.username,
        )
        .client(&client.id)
        .request(json!({
            "userAttributes": user_attributes(user),
            "newDeviceUsed": false,
            "clientMetadata": {},
        }));
        self.run_trigger::<NoAnswerExpected>(pool, event).await?;
        Ok(())
    }
}

/// The inbound federation trigger's answer.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct InboundFederationAnswer {
    user_attributes_to_map: Option<std::collections::BTreeMap<String, String>>,
}

impl UserPool {
    /// The inbound federation trigger, if the pool has one: the provider's user as the
    /// provider gave it (`idToken`, `userInfo`), and the attributes the user should have
    /// instead of the mapped ones. An empty answer keeps the mapped attributes.
    pub(crate) async fn inbound_federation(
        &self,
        pool: &PoolConfig,
        provider: &crate::pool::IdentityProvider,
        claims: &Map<String, Value>,
        user_name: &str,
    ) -> Result<Option<Attributes>, PoolError> {
        if !Self::has_trigger(pool, Trigger::InboundFederation) {
            return Ok(None);
        }
        let event = TriggerEvent::new(
            Trigger::InboundFederation,
            "InboundFederation_ExternalProvider",
            user_name,
        )
        .request(json!({
            "providerName": provider.name,
            "providerType": provider.kind.as_str(),
            // As Cognito: a SAML provider's user is its response's attributes.
            "attributes": if provider.kind == crate::pool::ProviderKind::Saml {
                json!({ "samlResponse": claims })
            } else {
                json!({
                    "tokenResponse": {},
                    "idToken": claims,
                    "userInfo": claims,
                })
            },
        }))
        .response(json!({ "userAttributesToMap": {} }));
        let answer = self
            .run_trigger::<InboundFederationAnswer>(pool, event)
            .await?;
        Ok(answer
            .and_then(|answer| answer.user_attributes_to_map)
            .filter(|attributes| !attributes.is_empty()))
    }
}
