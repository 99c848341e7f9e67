//! The signed operations on a pool and its configuration: Create/Describe/Update/Delete/
//! ListUserPools and its custom attributes. Its MFA and passkey configuration is
//! `pool_mfa.rs`, its app clients `clients.rs`, its resource servers `resource_servers.rs`.

use super::prelude::*;
use super::wire::request;
use crate::pool::{
    AdvancedSecurity, DeviceConfiguration, EmailConfiguration, MessageTemplate, SecurityMode,
    SignInPolicy,
};

#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub(super) struct PasswordPolicyType {
    minimum_length: Option<u8>,
    #[serde(default)]
    require_uppercase: bool,
    #[serde(default)]
    require_lowercase: bool,
    #[serde(default)]
    require_numbers: bool,
    #[serde(default)]
    require_symbols: bool,
    temporary_password_validity_days: Option<u32>,
    password_history_size: Option<u32>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub(super) struct PoliciesType {
    password_policy: Option<PasswordPolicyType>,
    sign_in_policy: Option<SignInPolicyType>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub(super) struct SignInPolicyType {
    allowed_first_auth_factors: Option<Vec<String>>,
}

request!(CreateUserPoolRequest {
    pool_name: String,
    policies: Option<PoliciesType>,
    mfa_configuration: Option<String>,
    schema: Option<Vec<SchemaAttributeType>>,
    #[serde(flatten)] sign_in: SignInAttributes,
    #[serde(flatten)] options: PoolOptionMembers,
});

/// The members CreateUserPool and UpdateUserPool share beyond sign-in and policies: left
/// out, each is Cognito's default (UpdateUserPool resets them too, as Cognito's does).
#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub(super) struct PoolOptionMembers {
    admin_create_user_config: Option<AdminCreateUserConfigType>,
    account_recovery_setting: Option<AccountRecoverySettingType>,
    deletion_protection: Option<String>,
    verification_message_template: Option<MessageTemplateType>,
    email_verification_message: Option<String>,
    email_verification_subject: Option<String>,
    user_pool_tags: Option<std::collections::BTreeMap<String, String>>,
    lambda_config: Option<serde_json::Map<String, Value>>,
    email_configuration: Option<EmailConfigurationType>,
    user_attribute_update_settings: Option<UserAttributeUpdateSettingsType>,
    user_pool_add_ons: Option<UserPoolAddOnsType>,
    device_configuration: Option<DeviceConfigurationType>,
}

/// Cognito's `DeviceConfigurationType`.
#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub(super) struct DeviceConfigurationType {
    #[serde(default)]
    challenge_required_on_new_device: bool,
    #[serde(default)]
    device_only_remembered_on_user_prompt: bool,
}

/// Cognito's `UserPoolAddOnsType`.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct UserPoolAddOnsType {
    advanced_security_mode: String,
    advanced_security_additional_flows: Option<AdditionalFlowsType>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct AdditionalFlowsType {
    custom_auth_mode: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub(super) struct UserAttributeUpdateSettingsType {
    #[serde(default)]
    attributes_require_verification_before_update: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub(super) struct EmailConfigurationType {
    source_arn: Option<String>,
    reply_to_email_address: Option<String>,
    email_sending_account: Option<String>,
    from: Option<String>,
    configuration_set: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub(super) struct AdminCreateUserConfigType {
    #[serde(default)]
    allow_admin_create_user_only: bool,
    invite_message_template: Option<MessageTemplateType>,
}

/// The email parts of Cognito's `MessageTemplateType` and `VerificationMessageTemplateType`.
#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub(super) struct MessageTemplateType {
    email_message: Option<String>,
    email_subject: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub(super) struct AccountRecoverySettingType {
    #[serde(default)]
    recovery_mechanisms: Vec<RecoveryOptionType>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct RecoveryOptionType {
    name: String,
}

/// Cognito's default verification email, for a template that gives only one of its parts.
const DEFAULT_VERIFICATION_MESSAGE: &str = "Your verification code is {####}.";
const DEFAULT_VERIFICATION_SUBJECT: &str = "Your verification code";
/// Cognito's default invitation, likewise.
const DEFAULT_INVITE_MESSAGE: &str =
    "Your username is {username} and temporary password is {####}.";
const DEFAULT_INVITE_SUBJECT: &str = "Your temporary password";

impl PoolOptionMembers {
    /// Writes these members into `settings`.
    fn apply(self, settings: &mut PoolSettings) -> Result<(), ApiError> {
        let admin_create = self.admin_create_user_config.unwrap_or_default();
        settings.admin_create_user_only = admin_create.allow_admin_create_user_only;
        let invite = admin_create.invite_message_template.unwrap_or_default();
        settings.invite_email = (invite.email_message.is_some() || invite.email_subject.is_some())
            .then(|| MessageTemplate {
                subject: invite
                    .email_subject
                    .unwrap_or_else(|| DEFAULT_INVITE_SUBJECT.into()),
                message: invite
                    .email_message
                    .unwrap_or_else(|| DEFAULT_INVITE_MESSAGE.into()),
            });
        let mechanisms: Vec<String> = self
            .account_recovery_setting
            .map(|setting| {
                setting
                    .recovery_mechanisms
                    .into_iter()
                    .map(|m| m.name)
                    .collect()
            })
            .unwrap_or_default();
        settings.set_recovery(&mechanisms)?;
        settings.deletion_protection = match self.deletion_protection.as_deref() {
            None | Some("INACTIVE") => false,
            Some("ACTIVE") => true,
            Some(other) => {
                return Err(ApiError::invalid_parameter(format!(
                    "1 validation error detected: Value '{other}' at 'deletionProtection' \
                     failed to satisfy constraint: Member must satisfy enum value set: \
                     [ACTIVE, INACTIVE]"
                )));
            }
        };
        // The template wins over the older members, as in Cognito.
        let template = self.verification_message_template.unwrap_or_default();
        let message = template.email_message.or(self.email_verification_message);
        let subject = template.email_subject.or(self.email_verification_subject);
        settings.verification_email =
            (message.is_some() || subject.is_some()).then(|| MessageTemplate {
                subject: subject.unwrap_or_else(|| DEFAULT_VERIFICATION_SUBJECT.into()),
                message: message.unwrap_or_else(|| DEFAULT_VERIFICATION_MESSAGE.into()),
            });
        let email = self.email_configuration.unwrap_or_default();
        settings.email = EmailConfiguration {
            from: email.from,
            reply_to: email.reply_to_email_address,
            sending_account: email.email_sending_account,
            source_arn: email.source_arn,
            configuration_set: email.configuration_set,
        };
        settings.verify_before_update = self
            .user_attribute_update_settings
            .unwrap_or_default()
            .attributes_require_verification_before_update;
        settings.advanced_security = match self.user_pool_add_ons {
            None => AdvancedSecurity::default(),
            Some(add_ons) => AdvancedSecurity {
                mode: enum_member(
                    &add_ons.advanced_security_mode,
                    "userPoolAddOns.advancedSecurityMode",
                    "[OFF, AUDIT, ENFORCED]",
                    SecurityMode::parse,
                )?,
                custom_auth_mode: match add_ons
                    .advanced_security_additional_flows
                    .and_then(|flows| flows.custom_auth_mode)
                {
                    None => None,
                    Some(mode) => Some(enum_member(
                        &mode,
                        "userPoolAddOns.advancedSecurityAdditionalFlows.customAuthMode",
                        "[AUDIT, ENFORCED]",
                        |m| SecurityMode::parse(m).filter(|m| *m != SecurityMode::Off),
                    )?),
                },
            },
        };
        settings.devices = self
            .device_configuration
            .map(|devices| DeviceConfiguration {
                challenge_required_on_new_device: devices.challenge_required_on_new_device,
                device_only_remembered_on_user_prompt: devices
                    .device_only_remembered_on_user_prompt,
            });
        settings.tags = self.user_pool_tags.unwrap_or_default();
        settings.lambda_config = self.lambda_config.unwrap_or_default();
        Ok(())
    }
}

/// A member that is one of an enum's values, or Cognito's validation error naming the set.
pub(super) fn enum_member<T>(
    value: &str,
    member: &str,
    set: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<T, ApiError> {
    parse(value).ok_or_else(|| {
        ApiError::invalid_parameter(format!(
            "1 validation error detected: Value '{value}' at '{member}' failed to satisfy \
             constraint: Member must satisfy enum value set: {set}"
        ))
    })
}

/// Cognito's `UserPoolAddOnsType` of a pool.
fn user_pool_add_ons(security: &AdvancedSecurity) -> Value {
    let mut add_ons = json!({ "AdvancedSecurityMode": security.mode.as_str() });
    if let Some(mode) = security.custom_auth_mode {
        add_ons["AdvancedSecurityAdditionalFlows"] = json!({ "CustomAuthMode": mode.as_str() });
    }
    add_ons
}

/// One entry of `CreateUserPool`'s `Schema` or `AddCustomAttributes`' `CustomAttributes`.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct SchemaAttributeType {
    #[serde(default)]
    name: String,
    attribute_data_type: Option<String>,
    developer_only_attribute: Option<bool>,
    mutable: Option<bool>,
    required: Option<bool>,
    string_attribute_constraints: Option<StringConstraintsType>,
    number_attribute_constraints: Option<NumberConstraintsType>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct StringConstraintsType {
    min_length: Option<Value>,
    max_length: Option<Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct NumberConstraintsType {
    min_value: Option<Value>,
    max_value: Option<Value>,
}

/// A constraint as the domain reads it: Cognito's wire has strings; a bare number is taken
/// too, and anything else is passed on to be refused by name.
fn constraint(value: Option<Value>) -> Option<String> {
    match value? {
        Value::String(text) => Some(text),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

impl SchemaAttributeType {
    fn entry(self) -> SchemaEntry {
        SchemaEntry {
            name: self.name,
            data_type: self.attribute_data_type,
            mutable: self.mutable,
            required: self.required,
            developer_only: self.developer_only_attribute,
            string_constraints: self
                .string_attribute_constraints
                .map(|c| (constraint(c.min_length), constraint(c.max_length))),
            number_constraints: self
                .number_attribute_constraints
                .map(|c| (constraint(c.min_value), constraint(c.max_value))),
        }
    }
}

/// Cognito's `SchemaAttributeType` of one attribute.
fn schema_attribute_type(attribute: &SchemaAttribute) -> Value {
    let mut answer = json!({
        "Name": attribute.name,
        "AttributeDataType": attribute.data_type.as_str(),
        "DeveloperOnlyAttribute": attribute.developer_only,
        "Mutable": attribute.mutable,
        "Required": attribute.required,
    });
    let text = |n: Option<i64>| n.map(|n| n.to_string());
    if let Some(lengths) = &attribute.lengths {
        let mut constraints = serde_json::Map::new();
        if let Some(min) = text(lengths.min.map(i64::from)) {
            constraints.insert("MinLength".into(), min.into());
        }
        if let Some(max) = text(lengths.max.map(i64::from)) {
            constraints.insert("MaxLength".into(), max.into());
        }
        answer["StringAttributeConstraints"] = Value::Object(constraints);
    }
    if let Some(bounds) = &attribute.bounds {
        let mut constraints = serde_json::Map::new();
        if let Some(min) = text(bounds.min) {
            constraints.insert("MinValue".into(), min.into());
        }
        if let Some(max) = text(bounds.max) {
            constraints.insert("MaxValue".into(), max.into());
        }
        answer["NumberAttributeConstraints"] = Value::Object(constraints);
    }
    answer
}

request!(AddCustomAttributesRequest {
    user_pool_id: String,
    custom_attributes: Vec<SchemaAttributeType>,
});

/// Cognito AddCustomAttributes: 1 to 25 custom attributes at a time.
pub(super) async fn add_custom_attributes(
    pool: &UserPool,
    request: AddCustomAttributesRequest,
) -> Answer {
    if !(1..=25).contains(&request.custom_attributes.len()) {
        return Err(ApiError::invalid_parameter(
            "1 validation error detected: Value at 'customAttributes' failed to satisfy \
             constraint: Member must have length between 1 and 25",
        ));
    }
    let entries: Vec<SchemaEntry> = request
        .custom_attributes
        .into_iter()
        .map(SchemaAttributeType::entry)
        .collect();
    pool.add_custom_attributes(&request.user_pool_id, &entries)
        .await?;
    Ok(json!({}))
}

/// Cognito's `MfaConfiguration` member: `OFF` when left out.
pub(super) fn mfa_mode(given: Option<&str>) -> Result<MfaMode, ApiError> {
    match given {
        None => Ok(MfaMode::Off),
        Some(name) => MfaMode::parse(name).ok_or_else(|| {
            ApiError::invalid_parameter(format!(
                "1 validation error detected: Value '{name}' at 'mfaConfiguration' failed to \
                 satisfy constraint: Member must satisfy enum value set: [OFF, ON, OPTIONAL]"
            ))
        }),
    }
}

/// How users sign in and what is verified. Left out, each is empty, as in Cognito's API.
#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub(super) struct SignInAttributes {
    username_attributes: Option<Vec<String>>,
    alias_attributes: Option<Vec<String>>,
    auto_verified_attributes: Option<Vec<String>>,
}

pub(super) async fn create_user_pool(
    pool: &UserPool,
    region: &str,
    request: CreateUserPoolRequest,
) -> Answer {
    let mut settings = pool_settings(request.policies, request.sign_in)?;
    settings.mfa.mode = mfa_mode(request.mfa_configuration.as_deref())?;
    request.options.apply(&mut settings)?;
    let entries: Vec<SchemaEntry> = request
        .schema
        .unwrap_or_default()
        .into_iter()
        .map(SchemaAttributeType::entry)
        .collect();
    settings.set_schema(&entries)?;
    let created = pool
        .create_pool(region, &request.pool_name, settings)
        .await?;
    Ok(json!({ "UserPool": user_pool_type(&created, region, 0) }))
}

/// A pool's settings from the request. As Cognito: without a PasswordPolicy the default (8,
/// all four classes) applies; with one, a requirement not named is off; sign-in attributes
/// left out are empty.
pub(super) fn pool_settings(
    policies: Option<PoliciesType>,
    sign_in: SignInAttributes,
) -> Result<PoolSettings, ApiError> {
    let mut settings = PoolSettings {
        username_attributes: sign_in.username_attributes.unwrap_or_default(),
        alias_attributes: sign_in.alias_attributes.unwrap_or_default(),
        auto_verified_attributes: sign_in.auto_verified_attributes.unwrap_or_default(),
        ..PoolSettings::default()
    };
    let policies = policies.unwrap_or_default();
    if let Some(factors) = policies
        .sign_in_policy
        .and_then(|policy| policy.allowed_first_auth_factors)
    {
        settings.sign_in = SignInPolicy::from_names(&factors)?;
    }
    if let Some(policy) = policies.password_policy {
        settings.password_policy = app::policy::PasswordPolicy {
            minimum_length: policy.minimum_length.unwrap_or(8),
            require_uppercase: policy.require_uppercase,
            require_lowercase: policy.require_lowercase,
            require_numbers: policy.require_numbers,
            require_symbols: policy.require_symbols,
        };
        settings.temporary_password_days = policy.temporary_password_validity_days.unwrap_or(7);
        settings.password_history_size = policy.password_history_size.unwrap_or(0);
    }
    Ok(settings)
}

request!(PoolIdRequest {
    pub user_pool_id: String
});

pub(super) async fn describe_user_pool(pool: &UserPool, request: PoolIdRequest) -> Answer {
    let found = pool.describe_pool(&request.user_pool_id).await?;
    let region = region_of(&found);
    let users = pool.user_count(&found).await?;
    let mut answer = user_pool_type(&found, &region, users);
    for domain in pool.pool_domains(&found.id).await? {
        let member = if domain.is_custom() {
            "CustomDomain"
        } else {
            "Domain"
        };
        answer[member] = json!(domain.domain);
    }
    Ok(json!({ "UserPool": answer }))
}

pub(super) async fn delete_user_pool(
    pool: &UserPool,
    default: &PoolId,
    request: PoolIdRequest,
) -> Answer {
    pool.delete_pool(&request.user_pool_id, default).await?;
    Ok(json!({}))
}

pub(super) async fn list_user_pools(pool: &UserPool, request: ListRequest) -> Answer {
    let (pools, next) = page(pool.list_pools().await?, &request, 60, |p| {
        by_age(p.created_at, p.id.as_str())
    })?;
    let pools: Vec<Value> = pools
        .iter()
        .map(|p| {
            json!({
                "Id": p.id.as_str(),
                "Name": p.name,
                "CreationDate": p.created_at.0,
                "LastModifiedDate": p.updated_at.0,
            })
        })
        .collect();
    Ok(json!({ "UserPools": pools, "NextToken": next }))
}

request!(UpdateUserPoolRequest {
    user_pool_id: String,
    policies: Option<PoliciesType>,
    mfa_configuration: Option<String>,
    #[serde(flatten)] sign_in: SignInAttributes,
    #[serde(flatten)] options: PoolOptionMembers,
});

pub(super) async fn update_user_pool(pool: &UserPool, request: UpdateUserPoolRequest) -> Answer {
    let mut settings = pool_settings(request.policies, request.sign_in)?;
    settings.mfa.mode = mfa_mode(request.mfa_configuration.as_deref())?;
    request.options.apply(&mut settings)?;
    pool.update_pool(&request.user_pool_id, settings).await?;
    Ok(json!({}))
}

/// The region a pool id starts with (`local_…`).
pub(super) fn region_of(pool: &PoolConfig) -> String {
    pool.id
        .as_str()
        .rsplit_once('_')
        .map(|(region, _)| region.to_string())
        .unwrap_or_default()
}

/// Cognito's `UserPoolType` for what Cognate keeps of a pool, with its number of users.
pub(super) fn user_pool_type(pool: &PoolConfig, region: &str, users: i64) -> Value {
    let policy = &pool.settings.password_policy;
    let settings = &pool.settings;
    let template = settings.verification_email.as_ref();
    let message = template.map_or(DEFAULT_VERIFICATION_MESSAGE, |t| t.message.as_str());
    let subject = template.map_or(DEFAULT_VERIFICATION_SUBJECT, |t| t.subject.as_str());
    let recovery = if settings.recovery_admin_only {
        json!([{ "Name": "admin_only", "Priority": 1 }])
    } else {
        json!([{ "Name": "verified_email", "Priority": 1 }])
    };
    json!({
        "EstimatedNumberOfUsers": users,
        "AdminCreateUserConfig": {
            "AllowAdminCreateUserOnly": settings.admin_create_user_only,
            "UnusedAccountValidityDays": settings.temporary_password_days,
            "InviteMessageTemplate": {
                "EmailMessage": settings
                    .invite_email
                    .as_ref()
                    .map_or(DEFAULT_INVITE_MESSAGE, |t| t.message.as_str()),
                "EmailSubject": settings
                    .invite_email
                    .as_ref()
                    .map_or(DEFAULT_INVITE_SUBJECT, |t| t.subject.as_str()),
            },
        },
        "AccountRecoverySetting": { "RecoveryMechanisms": recovery },
        "DeletionProtection": if settings.deletion_protection { "ACTIVE" } else { "INACTIVE" },
        "VerificationMessageTemplate": {
            "EmailMessage": message,
            "EmailSubject": subject,
            "DefaultEmailOption": "CONFIRM_WITH_CODE",
        },
        "EmailVerificationMessage": message,
        "EmailVerificationSubject": subject,
        "SchemaAttributes": settings
            .schema_attributes()
            .iter()
            .map(schema_attribute_type)
            .collect::<Vec<_>>(),
        "EmailConfiguration": {
            "EmailSendingAccount": settings
                .email
                .sending_account
                .as_deref()
                .unwrap_or("COGNITO_DEFAULT"),
            "From": settings.email.from,
            "ReplyToEmailAddress": settings.email.reply_to,
            "SourceArn": settings.email.source_arn,
            "ConfigurationSet": settings.email.configuration_set,
        },
        "UserAttributeUpdateSettings": {
            "AttributesRequireVerificationBeforeUpdate": settings.verify_before_update,
        },
        "UserPoolAddOns": user_pool_add_ons(&settings.advanced_security),
        "DeviceConfiguration": settings.devices.map(|devices| json!({
            "ChallengeRequiredOnNewDevice": devices.challenge_required_on_new_device,
            "DeviceOnlyRememberedOnUserPrompt": devices.device_only_remembered_on_user_prompt,
        })),
        "UserPoolTags": settings.tags,
        "LambdaConfig": settings.lambda_config,
        "Id": pool.id.as_str(),
        "Name": pool.name,
        "Arn": format!("arn:aws:cognito-idp:{region}:000000000000:userpool/{}", pool.id),
        "Policies": { "PasswordPolicy": {
            "MinimumLength": policy.minimum_length,
            "RequireUppercase": policy.require_uppercase,
            "RequireLowercase": policy.require_lowercase,
            "RequireNumbers": policy.require_numbers,
            "RequireSymbols": policy.require_symbols,
            "TemporaryPasswordValidityDays": pool.settings.temporary_password_days,
            "PasswordHistorySize": pool.settings.password_history_size,
        }, "SignInPolicy": {
            "AllowedFirstAuthFactors": pool
                .settings
                .sign_in
                .allowed_first_factors
                .iter()
                .map(|factor| factor.as_str())
                .collect::<Vec<_>>(),
        }},
        "UsernameAttributes": pool.settings.username_attributes,
        "AliasAttributes": pool.settings.alias_attributes,
        "AutoVerifiedAttributes": pool.settings.auto_verified_attributes,
        "UsernameConfiguration": { "CaseSensitive": false },
        "MfaConfiguration": pool.settings.mfa.mode.as_str(),
        "CreationDate": pool.created_at.0,
        "LastModifiedDate": pool.updated_at.0,
    })
}
