//! Calling a pool's triggers: Cognito's event around each request, the answer's `response`
//! read back, and Cognito's three failures (the function refused, gave no answer, gave an
//! answer of the wrong shape). Each flow builds its own request and reads its own answer.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

use super::*;
use crate::pool::error::NoAnswer;
use crate::pool::triggers::{CallError, Trigger};

/// Cognito's `callerContext.clientId` where no app client is involved (AdminCreateUser).
const NO_CLIENT: &str = "CLIENT_ID_NOT_APPLICABLE";

/// One trigger's event, before the common fields are added.
pub(super) struct TriggerEvent<'a> {
    pub trigger: Trigger,
    /// Cognito's `triggerSource`, e.g. `PreSignUp_SignUp`.
    pub source: &'static str,
    /// The event's `version` (`1`; a pre token generation trigger's own version).
    pub version: &'static str,
    pub user_name: &'a str,
    pub client_id: Option<&'a ClientId>,
    pub request: Value,
    /// The `response` the function fills in, with Cognito's empty fields.
    pub response: Value,
}

impl<'a> TriggerEvent<'a> {
    pub fn new(trigger: Trigger, source: &'static str, user_name: &'a str) -> Self {
        Self {
            trigger,
            source,
            version: "1",
            user_name,
            client_id: None,
            request: json!({}),
            response: json!({}),
        }
    }

    pub fn client(mut self, client: &'a ClientId) -> Self {
        self.client_id = Some(client);
        self
    }

    pub fn request(mut self, request: Value) -> Self {
        self.request = request;
        self
    }

    pub fn response(mut self, response: Value) -> Self {
        self.response = response;
        self
    }
}

impl UserPool {
    /// Whether `pool` has a function for `trigger`.
    pub(super) fn has_trigger(pool: &PoolConfig, trigger: Trigger) -> bool {
        pool.settings.trigger(trigger).is_some()
    }

    /// Sends `event` to the pool's function for its trigger and reads the answer's
    /// `response` as `T`; `None` when the pool has no such trigger. A function that failed
    /// is [`PoolError::TriggerRefused`] with its message; no answer in time, or none at all,
    /// [`PoolError::TriggerFailed`]; an answer that is not the event with a `response` of
    /// `T`'s shape, [`PoolError::TriggerAnswer`].
    pub(super) async fn run_trigger<T: DeserializeOwned>(
        &self,
        pool: &PoolConfig,
        event: TriggerEvent<'_>,
    ) -> Result<Option<T>, PoolError> {
        let trigger = event.trigger;
        let Some(target) = pool.settings.trigger(trigger) else {
            return Ok(None);
        };
        let region = pool
            .id
            .as_str()
            .rsplit_once('_')
            .map_or("", |(region, _)| region);
        let body = json!({
            "version": event.version,
            "region": region,
            "userPoolId": pool.id.as_str(),
            "userName": event.user_name,
            "callerContext": {
                "awsSdkVersion": "aws-sdk-unknown-unknown",
                "clientId": event.client_id.map_or(NO_CLIENT, ClientId::as_str),
            },
            "triggerSource": event.source,
            "request": event.request,
            "response": event.response,
        });
        let body = serde_json::to_vec(&body).map_err(PoolError::internal)?;
        let answer = match self.functions.call(target, body).await {
            Ok(answer) => answer,
            Err(CallError::Failed(message)) => {
                tracing::info!(%trigger, source = event.source, "the trigger's function refused");
                return Err(PoolError::TriggerRefused { trigger, message });
            }
            Err(error) => {
                tracing::warn!(%trigger, source = event.source, %error, "the trigger's function did not answer");
                let cause = match error {
                    CallError::TimedOut => NoAnswer::TimedOut,
                    _ => NoAnswer::Unreachable,
                };
                return Err(PoolError::TriggerFailed { trigger, cause });
            }
        };
        let response = serde_json::from_slice::<Value>(&answer)
            .ok()
            .and_then(|answer| match answer {
                Value::Object(mut fields) => match fields.remove("response") {
                    None | Some(Value::Null) => Some(Value::Object(Map::new())),
                    Some(response @ Value::Object(_)) => Some(response),
                    Some(_) => None,
                },
                _ => None,
            })
            .and_then(|response| serde_json::from_value::<T>(without_nulls(response)).ok());
        match response {
            Some(response) => Ok(Some(response)),
            None => {
                tracing::warn!(%trigger, source = event.source, "the trigger's answer is not its shape");
                Err(PoolError::TriggerAnswer { trigger })
            }
        }
    }
}

/// The response's fields that the function set: Cognito's empty ones (null) are as if
/// absent, so a handler that leaves a field alone gives the default.
fn without_nulls(response: Value) -> Value {
    match response {
        Value::Object(fields) => Value::Object(
            fields
                .into_iter()
                .filter(|(_, value)| !value.is_null())
                .collect(),
        ),
        other => other,
    }
}

/// A user's attributes as a trigger's `request.userAttributes`: every attribute as text,
/// with `sub` and Cognito's `cognito:user_status` (and `cognito:email_alias` where the
/// email signs in as an alias).
pub(super) fn user_attributes(user: &User) -> Value {
    let mut attributes = Map::new();
    attributes.insert("sub".into(), user.sub.as_str().into());
    for (name, value) in &user.attributes {
        attributes.insert(name.clone(), value.as_str().into());
    }
    if let Some(email) = user.verified_email()
        && user.email_sign_in == SignInRule::WhenVerified
    {
        attributes.insert("cognito:email_alias".into(), email.into());
    }
    attributes.insert("cognito:user_status".into(), user.status.as_str().into());
    Value::Object(attributes)
}

/// Attributes (or validation data, client metadata) as a trigger's string map.
pub(super) fn string_map<'a>(pairs: impl IntoIterator<Item = (&'a String, &'a String)>) -> Value {
    Value::Object(
        pairs
            .into_iter()
            .map(|(name, value)| (name.clone(), Value::String(value.clone())))
            .collect(),
    )
}

/// The pre sign-up trigger's answer.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(super) struct PreSignUpAnswer {
    pub auto_confirm_user: bool,
    pub auto_verify_email: bool,
    pub auto_verify_phone: bool,
}

/// A trigger that answers nothing but may refuse (post confirmation, pre and post
/// authentication): whatever its `response` holds is ignored.
#[derive(Debug, Default, serde::Deserialize)]
pub(super) struct NoAnswerExpected {}

/// Where a new user comes from, for the pre sign-up trigger's `triggerSource`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SignUpSource {
    SignUp,
    AdminCreateUser,
    ExternalProvider,
}

impl UserPool {
    /// The pre sign-up trigger, for a user not yet stored: a refusal stores nothing.
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn pre_sign_up(
        &self,
        pool: &PoolConfig,
        source: SignUpSource,
        client: Option<&ClientId>,
        username: &str,
        attributes: &Attributes,
        validation_data: &Attributes,
        client_metadata: &Attributes,
    ) -> Result<PreSignUpAnswer, PoolError> {
        let source_name = match source {
            SignUpSource::SignUp => "PreSignUp_SignUp",
            SignUpSource::AdminCreateUser => "PreSignUp_AdminCreateUser",
            SignUpSource::ExternalProvider => "PreSignUp_ExternalProvider",
        };
        let mut event = TriggerEvent::new(Trigger::PreSignUp, source_name, username)
            .request(json!({
                "userAttributes": string_map(attributes),
                "validationData": string_map(validation_data),
                "clientMetadata": string_map(client_metadata),
            }))
            .response(json!({
                "autoConfirmUser": false,
                "autoVerifyEmail": false,
                "autoVerifyPhone": false,
            }));
        if let Some(client) = client {
            event = event.client(client);
        }
        let answer: PreSignUpAnswer = self.run_trigger(pool, event).await?.unwrap_or_default();
        // Cognito: an address can only be verified where there is one.
        if (answer.auto_verify_email && !attributes.contains_key("email"))
            || (answer.auto_verify_phone && !attributes.contains_key("phone_number"))
        {
            return Err(PoolError::TriggerAnswer {
                trigger: Trigger::PreSignUp,
            });
        }
        Ok(answer)
    }

    /// The post confirmation trigger, for a user just confirmed (by a code, by the pre
    /// sign-up trigger, or federated on first sign-in) or whose password reset was just
    /// confirmed.
    pub(super) async fn post_confirmation(
        &self,
        pool: &PoolConfig,
        reset: bool,
        client: Option<&ClientId>,
        user: &User,
        client_metadata: &Attributes,
    ) -> Result<(), PoolError> {
        let source = if reset {
            "PostConfirmation_ConfirmForgotPassword"
        } else {
            "PostConfirmation_ConfirmSignUp"
        };
        let mut event = TriggerEvent::new(Trigger::PostConfirmation, source, &user.username)
            .request(json!({
                "userAttributes": user_attributes(user),
                "clientMetadata": string_map(client_metadata),
            }));
        if let Some(client) = client {
            event = event.client(client);
        }
        self.run_trigger::<NoAnswerExpected>(pool, event).await?;
        Ok(())
    }
}

/// What a sign-in's tokens are for, as the pre token generation trigger's `triggerSource`
/// says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum TokenSource {
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
pub(super) struct TokenGroups<'a> {
    pub groups: &'a [String],
    pub roles: &'a [String],
    pub preferred_role: Option<&'a str>,
}

impl UserPool {
    /// The pre token generation trigger, if the pool has one: what it changes in the tokens
    /// about to be signed for `user` (none for a client's own token) with `scope`. A
    /// claim Cognito keeps for itself, or a scope that is not one word, is an answer of the
    /// wrong shape.
    pub(super) async fn pre_token_generation(
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

impl UserPool {
    /// The pre authentication trigger, before a sign-in's password (or SRP proof, or
    /// custom challenge) is checked. Where the client hides which users exist, a name no
    /// user has is sent too (`userNotFound`), so an unknown name costs the same call.
    pub(super) async fn pre_authentication(
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
    pub(super) async fn post_authentication(
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
    pub(super) async fn inbound_federation(
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
            "attributes": {
                "tokenResponse": {},
                "idToken": claims,
                "userInfo": claims,
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

/// What an email with a code is for, as the custom message trigger's `triggerSource` says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum MessageFor {
    SignUp,
    ResendCode,
    ForgotPassword,
    UpdateUserAttribute,
    VerifyUserAttribute,
    /// The invitation: the code is the temporary password.
    AdminCreateUser,
    /// A sign-in's code by email.
    Authentication,
}

impl MessageFor {
    fn source(self) -> &'static str {
        match self {
            Self::SignUp => "CustomMessage_SignUp",
            Self::ResendCode => "CustomMessage_ResendCode",
            Self::ForgotPassword => "CustomMessage_ForgotPassword",
            Self::UpdateUserAttribute => "CustomMessage_UpdateUserAttribute",
            Self::VerifyUserAttribute => "CustomMessage_VerifyUserAttribute",
            Self::AdminCreateUser => "CustomMessage_AdminCreateUser",
            Self::Authentication => "CustomMessage_Authentication",
        }
    }
}

/// The custom message trigger's answer.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct CustomMessageAnswer {
    email_message: Option<String>,
    email_subject: Option<String>,
}

/// Where the code goes in a custom message (Cognito's `codeParameter`), and the username
/// in an invitation (`usernameParameter`).
const CODE_PLACE: &str = "{####}";
const USERNAME_PLACE: &str = "{username}";

impl UserPool {
    /// The custom message trigger, if the pool has one: its subject and message replace
    /// `email`'s. The message must keep the code's place (`{####}`), as Cognito requires;
    /// the code (and in an invitation, the username) is put in only after the function
    /// answers, so it never sees them.
    pub(super) async fn custom_message(
        &self,
        pool: &PoolConfig,
        occasion: MessageFor,
        user: &User,
        code: &str,
        mut email: crate::pool::mailer::Email,
    ) -> Result<crate::pool::mailer::Email, PoolError> {
        if !Self::has_trigger(pool, Trigger::CustomMessage) {
            return Ok(email);
        }
        let invitation = occasion == MessageFor::AdminCreateUser;
        let event = TriggerEvent::new(Trigger::CustomMessage, occasion.source(), &user.username)
            .request(json!({
                "userAttributes": user_attributes(user),
                "codeParameter": CODE_PLACE,
                "usernameParameter": if invitation { Some(USERNAME_PLACE) } else { None },
                "linkParameter": "{##Click Here##}",
                "clientMetadata": {},
            }))
            .response(json!({
                "smsMessage": null,
                "emailMessage": null,
                "emailSubject": null,
            }));
        let Some(answer) = self.run_trigger::<CustomMessageAnswer>(pool, event).await? else {
            return Ok(email);
        };
        if let Some(message) = answer.email_message {
            if !message.contains(CODE_PLACE) {
                tracing::warn!("the custom message trigger's message lost the code's place");
                return Err(PoolError::TriggerAnswer {
                    trigger: Trigger::CustomMessage,
                });
            }
            let mut body = message.replace(CODE_PLACE, code);
            if invitation {
                body = body.replace(USERNAME_PLACE, user.sign_in_name());
            }
            email.body = body;
        }
        if let Some(subject) = answer.email_subject.filter(|s| !s.trim().is_empty()) {
            email.subject = subject;
        }
        Ok(email)
    }
}

/// The user migration trigger's answer.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct MigrationAnswer {
    user_attributes: Option<std::collections::BTreeMap<String, String>>,
    final_user_status: Option<String>,
    message_action: Option<String>,
}

impl UserPool {
    /// The user migration trigger, for a name the pool does not know: at a password
    /// sign-in (`password` given, so the next sign-in is local) or a forgotten password.
    /// The user the function describes is created, with the password just typed; `None`
    /// where the pool has no such trigger. A function that fails (the old system does not
    /// know the name, or the password is wrong) is [`PoolError::TriggerRefused`].
    pub(super) async fn migrate_user(
        &self,
        pool: &PoolConfig,
        client: &AppClient,
        typed: &str,
        password: Option<&str>,
        client_metadata: &Attributes,
    ) -> Result<Option<User>, PoolError> {
        if !Self::has_trigger(pool, Trigger::UserMigration) {
            return Ok(None);
        }
        let (source, mut request) = match password {
            Some(password) => (
                "UserMigration_Authentication",
                json!({ "password": password }),
            ),
            None => ("UserMigration_ForgotPassword", json!({})),
        };
        request["validationData"] = string_map(client_metadata);
        request["clientMetadata"] = string_map(client_metadata);
        let event = TriggerEvent::new(Trigger::UserMigration, source, typed)
            .client(&client.id)
            .request(request)
            .response(json!({
                "userAttributes": null,
                "finalUserStatus": null,
                "messageAction": null,
                "desiredDeliveryMediums": null,
                "forceAliasCreation": null,
                "enableSMSMFA": null,
            }));
        let Some(answer) = self.run_trigger::<MigrationAnswer>(pool, event).await? else {
            return Ok(None);
        };
        let wrong = || PoolError::TriggerAnswer {
            trigger: Trigger::UserMigration,
        };
        let status = match (answer.final_user_status.as_deref(), password) {
            (None | Some("CONFIRMED"), Some(_)) => UserStatus::Confirmed,
            (None | Some("RESET_REQUIRED"), _) => UserStatus::ResetRequired,
            _ => return Err(wrong()),
        };
        if answer
            .message_action
            .as_deref()
            .is_some_and(|action| action != "SUPPRESS")
        {
            return Err(wrong());
        }
        let attributes: Attributes = answer
            .user_attributes
            .unwrap_or_default()
            .into_iter()
            .filter(|(name, _)| {
                name != "username" && name != "sub" && !name.starts_with("cognito:")
            })
            .collect();
        let (sub, username, attributes) = checked_identity(
            &pool.settings,
            typed.to_string(),
            attributes,
            AttributeWrite::AdminCreate,
        )
        .map_err(|_| wrong())?;
        // A reset's user gets a password nobody knows until the reset sets one.
        let password = match password {
            Some(password) => password.to_string(),
            None => tokens::new_refresh_token(),
        };
        let user = self
            .new_user(pool, sub, username, status, attributes, &password)
            .await?;
        match self.store.insert_user(&user).await {
            Ok(()) => {}
            // Another user has the name or its alias: the old system's user stays there.
            Err(StoreError::Conflict) => {
                return Err(PoolError::AliasExists(AliasTaken::Attribute(
                    "email".into(),
                )));
            }
            Err(error) => return Err(error.into()),
        }
        tracing::info!(sub = %user.sub, source, "user migrated by the user migration trigger");
        Ok(Some(user))
    }
}
