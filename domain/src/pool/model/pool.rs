//! A user pool's definition and the rules on its settings.

use std::collections::BTreeMap;

use password_policy::PasswordPolicy;
use serde::{Deserialize, Serialize};

use super::schema::{NOT_USER_WRITABLE, SchemaAttribute, SchemaEntry, add_attribute, schema_from};
use super::{AppClient, PoolId, SignInRule, check_email};
use crate::clock::Timestamp;
use crate::pool::invalid::{AttributeFault, Invalid, PoolFault};
use crate::pool::{PoolError, Rule};

/// A user pool's stored definition (Cognito's `UserPoolType`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PoolConfig {
    pub id: PoolId,
    pub name: String,
    pub settings: PoolSettings,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// The pool's rules that users meet: stored as one document so new ones need no migration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PoolSettings {
    pub password_policy: PasswordPolicy,
    /// Attributes a sign-up must give (Cognito schema `Required`).
    pub required_attributes: Vec<String>,
    /// Cognito's `UsernameAttributes`: `[]` or `["email"]` (the email is the username).
    /// Fixed when the pool is created.
    pub username_attributes: Vec<String>,
    /// Cognito's `AliasAttributes`: `[]` or `["email"]` (a verified email signs in too).
    /// Fixed when the pool is created.
    pub alias_attributes: Vec<String>,
    /// Cognito's `AutoVerifiedAttributes`: `[]` or `["email"]` (sign-up and a changed email
    /// are verified by an emailed code; without it an administrator confirms users).
    pub auto_verified_attributes: Vec<String>,
    /// Multi-factor authentication: whether it is off, optional or required, and which
    /// factors users may use.
    pub mfa: MfaSettings,
    /// Cognito's `AdminCreateUserConfig.AllowAdminCreateUserOnly`: users do not sign up
    /// themselves; an administrator creates them.
    pub admin_create_user_only: bool,
    /// Cognito's `AccountRecoverySetting` naming `admin_only`: users cannot reset a
    /// forgotten password themselves.
    pub recovery_admin_only: bool,
    /// Cognito's `DeletionProtection` `ACTIVE`: the pool cannot be deleted.
    pub deletion_protection: bool,
    /// Cognito's `VerificationMessageTemplate` (or the older `EmailVerificationSubject` and
    /// `EmailVerificationMessage`): the email that carries a sign-up, verification or reset
    /// code, `{####}` standing for the code. `None`: Cognate's own messages.
    pub verification_email: Option<MessageTemplate>,
    /// Cognito's `UserPoolTags`.
    pub tags: BTreeMap<String, String>,
    /// Cognito's `PasswordPolicy.TemporaryPasswordValidityDays`: how long an administrator's
    /// temporary password signs in.
    pub temporary_password_days: u32,
    /// Cognito's `AdminCreateUserConfig.InviteMessageTemplate` email: `{username}` and
    /// `{####}` (the temporary password) in the message. `None`: Cognate's own invitation.
    pub invite_email: Option<MessageTemplate>,
    /// Cognito's `LambdaConfig`, kept as given: trigger name → Lambda ARN (or, beyond
    /// Cognito, a webhook URL), or the versioned objects (`PreTokenGenerationConfig`,
    /// `InboundFederation`, the custom senders). [`PoolSettings::trigger`] reads it.
    pub lambda_config: serde_json::Map<String, serde_json::Value>,
    /// Cognito's `Schema`: the standard attributes the pool's `Schema` named (with their
    /// `Mutable` and lengths) and its custom attributes, in the order they were added.
    /// Standard attributes not named here are as Cognito defines them.
    pub schema: Vec<SchemaAttribute>,
    /// Whether the pool was made by CreateUserPool, whose `Schema` it follows as Cognito
    /// does: a `custom:` attribute it does not declare is refused, and AdminCreateUser must
    /// give the required attributes. The installation's default pool (which has no `Schema`
    /// of its own) and pools stored before schemas existed keep Cognate's earlier rules: any
    /// `custom:` attribute is a string, and an administrator may create a user without them.
    pub declared_schema: bool,
    /// Cognito's `EmailConfiguration`: whom the pool's emails come from.
    pub email: EmailConfiguration,
    /// Cognito's `UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate`:
    /// `["email"]` keeps a user's email until the code sent to the new one comes back.
    pub verify_before_update: Vec<String>,
    /// Cognito's `UserPoolAddOns`: threat protection's mode (off unless set).
    pub advanced_security: super::AdvancedSecurity,
    /// Cognito's `DeviceConfiguration`: device tracking, off unless set.
    pub devices: Option<super::DeviceConfiguration>,
    /// Cognito's `PasswordPolicy.PasswordHistorySize`: a new password may not be any of
    /// the user's last this-many (0–24; 0, no history is kept).
    pub password_history_size: u32,
    /// Cognito's `Policies.SignInPolicy`: the first factors of choice-based sign-in.
    pub sign_in: super::SignInPolicy,
    /// Cognito's `WebAuthnConfiguration` (SetUserPoolMfaConfig): the passkeys' relying
    /// party.
    pub web_authn: super::WebAuthnSettings,
}

/// Cognito's `EmailConfiguration`. `From` and `ReplyToEmailAddress` head the pool's emails;
/// the rest (Amazon SES's) is kept and read back.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EmailConfiguration {
    pub from: Option<String>,
    pub reply_to: Option<String>,
    pub sending_account: Option<String>,
    pub source_arn: Option<String>,
    pub configuration_set: Option<String>,
}

impl EmailConfiguration {
    /// A `From` a message can carry (`Name <address>` or an address, on one line), a
    /// `Reply-To` address, and Cognito's sending accounts.
    pub fn check(&self) -> Result<(), PoolError> {
        let one_line = |value: &str| value.len() <= 320 && !value.chars().any(char::is_control);
        if let Some(from) = &self.from
            && (!one_line(from) || from.parse::<lettre::message::Mailbox>().is_err())
        {
            return Err(invalid(PoolFault::EmailFrom(from.clone())));
        }
        if let Some(reply_to) = &self.reply_to
            && (!one_line(reply_to) || check_email(reply_to).is_err())
        {
            return Err(invalid(PoolFault::ReplyTo(reply_to.clone())));
        }
        if let Some(account) = &self.sending_account
            && account != "COGNITO_DEFAULT"
            && account != "DEVELOPER"
        {
            return Err(PoolError::constraint(
                "emailConfiguration.emailSendingAccount",
                Some(account),
                Rule::OneOf(&["COGNITO_DEFAULT", "DEVELOPER"]),
            ));
        }
        if let Some(arn) = &self.source_arn
            && !(arn.starts_with("arn:") && one_line(arn))
        {
            return Err(invalid(PoolFault::SourceArn));
        }
        if self
            .configuration_set
            .as_deref()
            .is_some_and(|set| !one_line(set) || set.len() > 64)
        {
            return Err(invalid(PoolFault::ConfigurationSet));
        }
        Ok(())
    }
}

/// Who writes an attribute, and when.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttributeWrite {
    /// A user signing up (the `_verified` attributes given are dropped afterwards).
    SignUp,
    /// An administrator creating a user.
    AdminCreate,
    /// A signed-in user changing their own.
    UserUpdate,
    /// An administrator changing a user's.
    AdminUpdate,
}

impl AttributeWrite {
    fn by_admin(self) -> bool {
        matches!(self, Self::AdminCreate | Self::AdminUpdate)
    }

    fn creates(self) -> bool {
        matches!(self, Self::SignUp | Self::AdminCreate)
    }
}

/// The entries Cognito's `LambdaConfig` has, and the `LambdaVersion`s its versioned ones
/// take (none: the entry is an ARN alone).
const LAMBDA_CONFIG: &[(&str, &[&str])] = &[
    ("PreSignUp", &[]),
    ("CustomMessage", &[]),
    ("PostConfirmation", &[]),
    ("PreAuthentication", &[]),
    ("PostAuthentication", &[]),
    ("DefineAuthChallenge", &[]),
    ("CreateAuthChallenge", &[]),
    ("VerifyAuthChallengeResponse", &[]),
    ("PreTokenGeneration", &[]),
    ("UserMigration", &[]),
    ("PreTokenGenerationConfig", &["V1_0", "V2_0", "V3_0"]),
    ("CustomSMSSender", &["V1_0"]),
    ("CustomEmailSender", &["V1_0"]),
    ("KMSKeyID", &[]),
    ("InboundFederation", &["V1_0"]),
];

/// Which event a pre token generation trigger gets (`PreTokenGenerationConfig.LambdaVersion`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TokenTriggerVersion {
    /// `claimsOverrideDetails`: the ID token's claims and the groups.
    V1,
    /// `claimsAndScopeOverrideDetails`: the ID and access tokens' claims, and scopes.
    V2,
    /// As V2, and also called for machine-to-machine (client credentials) tokens.
    V3,
}

/// An email an operator wrote for a pool's users: `{####}` in the message is the code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageTemplate {
    pub subject: String,
    pub message: String,
}

impl MessageTemplate {
    /// Cognito's rules: a message of 6 to 20,000 characters that holds `{####}`, a subject
    /// of 1 to 140 on one line.
    pub fn check(&self) -> Result<(), PoolError> {
        let message = self.message.chars().count();
        if !(6..=20_000).contains(&message) || !self.message.contains("{####}") {
            return Err(invalid(PoolFault::Message));
        }
        // A line break in a subject would start a header of the operator's choosing.
        let subject_ok = (1..=140).contains(&self.subject.chars().count())
            && !self.subject.chars().any(char::is_control);
        if !subject_ok {
            return Err(invalid(PoolFault::Subject));
        }
        Ok(())
    }

    /// The message with `code` in place of `{####}`.
    pub fn with_code(&self, code: &str) -> String {
        self.message.replace("{####}", code)
    }

    /// An invitation: `{username}` and `{####}` (the temporary password) filled in.
    pub fn invitation(&self, username: &str, password: &str) -> String {
        self.message
            .replace("{username}", username)
            .replace("{####}", password)
    }
}

/// Cognito's `MfaConfiguration`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum MfaMode {
    /// No second factor is asked for.
    #[default]
    Off,
    /// Users who have set up a factor are asked for it.
    Optional,
    /// Every user must set up a factor and is asked for it.
    On,
}

impl MfaMode {
    /// Cognito's name: `OFF`, `OPTIONAL`, `ON`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Off => "OFF",
            Self::Optional => "OPTIONAL",
            Self::On => "ON",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "OFF" => Self::Off,
            "OPTIONAL" => Self::Optional,
            "ON" => Self::On,
            _ => return None,
        })
    }
}

/// Cognito's `EmailMfaConfiguration`: the message that carries a sign-in code.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EmailMfa {
    /// The body; `{####}` stands for the code. Unset, Cognate's own.
    pub message: Option<String>,
    /// The subject. Unset, Cognate's own.
    pub subject: Option<String>,
}

/// A pool's multi-factor authentication (Cognito's `SetUserPoolMfaConfig`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MfaSettings {
    pub mode: MfaMode,
    /// An authenticator app (TOTP, RFC 6238) may be a user's factor.
    pub software_token: bool,
    /// An emailed code may be a user's factor, with this message.
    pub email: Option<EmailMfa>,
}

impl MfaSettings {
    /// Cognito's rules: MFA on (or optional) needs a factor; an email message must hold the
    /// code's place `{####}`; lengths as Cognito's.
    pub fn check(&self) -> Result<(), PoolError> {
        if self.mode != MfaMode::Off && !self.software_token && self.email.is_none() {
            return Err(invalid(PoolFault::MfaWithoutFactor));
        }
        if let Some(email) = &self.email {
            let message_ok = email
                .message
                .as_ref()
                .is_none_or(|m| m.contains("{####}") && m.chars().count() <= 20_000);
            if !message_ok {
                return Err(invalid(PoolFault::MfaMessage));
            }
            let subject_ok = email
                .subject
                .as_ref()
                .is_none_or(|s| !s.trim().is_empty() && s.chars().count() <= 140);
            if !subject_ok {
                return Err(invalid(PoolFault::MfaSubject));
            }
        }
        Ok(())
    }
}

/// Cognate's own pools (the default pool, and every pool stored before these settings
/// existed): a verified email is an alias, and sign-up emails a code.
impl Default for PoolSettings {
    fn default() -> Self {
        Self {
            password_policy: PasswordPolicy::default(),
            required_attributes: vec!["email".to_string()],
            username_attributes: Vec::new(),
            alias_attributes: vec!["email".to_string()],
            auto_verified_attributes: vec!["email".to_string()],
            mfa: MfaSettings::default(),
            admin_create_user_only: false,
            recovery_admin_only: false,
            deletion_protection: false,
            verification_email: None,
            tags: BTreeMap::new(),
            temporary_password_days: 7,
            invite_email: None,
            lambda_config: serde_json::Map::new(),
            schema: Vec::new(),
            declared_schema: false,
            email: EmailConfiguration::default(),
            verify_before_update: Vec::new(),
            advanced_security: super::AdvancedSecurity::default(),
            devices: None,
            password_history_size: 0,
            sign_in: super::SignInPolicy::default(),
            web_authn: super::WebAuthnSettings::default(),
        }
    }
}

impl PoolSettings {
    /// Cognito's rules on a pool's settings: its sign-in attributes (see
    /// [`check_sign_in`](Self::check_sign_in)) and a password length of 6 to 99.
    pub fn check(&self) -> Result<(), PoolError> {
        self.check_sign_in()?;
        self.mfa.check()?;
        self.email.check()?;
        if let Some(name) = self
            .verify_before_update
            .iter()
            .find(|name| !self.auto_verified_attributes.contains(name))
        {
            return Err(invalid(PoolFault::VerifyBeforeUpdate(name.clone())));
        }
        if let Some(template) = &self.verification_email {
            template.check()?;
        }
        if let Some(template) = &self.invite_email {
            template.check()?;
            if !template.message.contains("{username}") {
                return Err(invalid(PoolFault::InvitationMessage));
            }
        }
        self.check_lambda_config()?;
        if self.temporary_password_days > 365 {
            return Err(invalid(PoolFault::TemporaryPasswordDays));
        }
        if self.tags.len() > 50 {
            return Err(invalid(PoolFault::TooManyTags));
        }
        if !(6..=99).contains(&self.password_policy.minimum_length) {
            return Err(invalid(PoolFault::PasswordLength));
        }
        if self.password_history_size > 24 {
            return Err(PoolError::constraint(
                "policies.passwordPolicy.passwordHistorySize",
                Some(&self.password_history_size.to_string()),
                Rule::Between(0, 24),
            ));
        }
        Ok(())
    }

    /// Cognito's rules on `LambdaConfig`: known entries, each a Lambda ARN (or a webhook
    /// URL), versioned ones with a version their trigger has, and `PreTokenGeneration` the
    /// same function as `PreTokenGenerationConfig`'s where both are given.
    fn check_lambda_config(&self) -> Result<(), PoolError> {
        use serde_json::Value;
        let target = |v: &Value| v.as_str().is_some_and(crate::pool::triggers::is_target);
        for (entry, value) in &self.lambda_config {
            let refused = || invalid(PoolFault::Trigger(entry.clone()));
            let Some((_, versions)) = LAMBDA_CONFIG.iter().find(|(name, _)| name == entry) else {
                return Err(refused());
            };
            let valid = match value {
                // The KMS key is an ARN of another service.
                Value::String(key) if entry == "KMSKeyID" => key.starts_with("arn:"),
                Value::String(_) => versions.is_empty() && target(value),
                Value::Object(fields) => {
                    !versions.is_empty()
                        && fields
                            .keys()
                            .all(|k| k == "LambdaArn" || k == "LambdaVersion")
                        && fields.get("LambdaArn").is_some_and(target)
                        && fields
                            .get("LambdaVersion")
                            .and_then(Value::as_str)
                            .is_some_and(|v| versions.contains(&v))
                }
                _ => false,
            };
            if !valid {
                return Err(refused());
            }
        }
        let legacy = self.lambda_config.get("PreTokenGeneration");
        let versioned = self
            .lambda_config
            .get("PreTokenGenerationConfig")
            .and_then(|config| config.get("LambdaArn"));
        if let (Some(legacy), Some(versioned)) = (legacy, versioned)
            && legacy != versioned
        {
            return Err(invalid(PoolFault::Trigger(
                "PreTokenGeneration".to_string(),
            )));
        }
        Ok(())
    }

    /// Where the pool sends `trigger` (a Lambda ARN or a webhook URL), if it has one.
    pub fn trigger(&self, trigger: crate::pool::triggers::Trigger) -> Option<&str> {
        use crate::pool::triggers::Trigger;
        let config = &self.lambda_config;
        let versioned = |entry: &str| config.get(entry)?.get("LambdaArn")?.as_str();
        match trigger {
            Trigger::PreTokenGeneration => versioned("PreTokenGenerationConfig")
                .or_else(|| config.get("PreTokenGeneration")?.as_str()),
            Trigger::InboundFederation => versioned("InboundFederation"),
            other => config.get(other.name())?.as_str(),
        }
    }

    /// The event the pre token generation trigger takes: `PreTokenGenerationConfig`'s
    /// version, V1 when only the legacy `PreTokenGeneration` is set.
    pub fn token_trigger_version(&self) -> TokenTriggerVersion {
        let version = self
            .lambda_config
            .get("PreTokenGenerationConfig")
            .and_then(|config| config.get("LambdaVersion"))
            .and_then(serde_json::Value::as_str);
        match version {
            Some("V2_0") => TokenTriggerVersion::V2,
            Some("V3_0") => TokenTriggerVersion::V3,
            _ => TokenTriggerVersion::V1,
        }
    }

    /// Cognito's rules on the sign-in attributes, and what Cognate can deliver: it sends
    /// email, never SMS, so `phone_number` signs in (an administrator verifies it) but is
    /// not auto-verified.
    pub fn check_sign_in(&self) -> Result<(), PoolError> {
        let lists = [
            (
                "UsernameAttributes",
                &self.username_attributes,
                &["email", "phone_number"][..],
            ),
            (
                "AliasAttributes",
                &self.alias_attributes,
                &["email", "phone_number", "preferred_username"],
            ),
            (
                "AutoVerifiedAttributes",
                &self.auto_verified_attributes,
                &["email", "phone_number"],
            ),
        ];
        for (member, list, cognito_values) in lists {
            for value in list {
                if !cognito_values.contains(&value.as_str()) {
                    return Err(invalid(PoolFault::SignInValue {
                        member,
                        value: value.clone(),
                        allowed: cognito_values,
                    }));
                }
                match value.as_str() {
                    "email" => {}
                    "phone_number" if member != "AutoVerifiedAttributes" => {}
                    "phone_number" => {
                        return Err(invalid(PoolFault::NoSms(member)));
                    }
                    _ => {
                        return Err(invalid(PoolFault::Unsupported {
                            member,
                            value: value.clone(),
                        }));
                    }
                }
            }
        }
        if !self.username_attributes.is_empty() && !self.alias_attributes.is_empty() {
            return Err(invalid(PoolFault::AliasesAndUsernames));
        }
        Ok(())
    }

    /// The name a sign-up with this username and email goes by: the email where the email
    /// is the username (the sign-up form then asks for no username), the username otherwise.
    pub fn sign_up_name<'a>(&self, username: &'a str, email: &'a str) -> &'a str {
        match self.email_sign_in() {
            SignInRule::AsUsername => email,
            _ => username,
        }
    }

    /// Whether (and when) a user's email signs them in.
    pub fn email_sign_in(&self) -> SignInRule {
        let email = |list: &[String]| list.iter().any(|a| a == "email");
        if email(&self.username_attributes) {
            SignInRule::AsUsername
        } else if email(&self.alias_attributes) {
            SignInRule::WhenVerified
        } else {
            SignInRule::No
        }
    }

    /// A client's `ReadAttributes` and `WriteAttributes` name attributes of this pool's
    /// schema; a client writes only what users may write (not `sub`, the `_verified` flags,
    /// `identities` or developer-only attributes).
    pub fn check_client_attributes(&self, client: &super::ClientSettings) -> Result<(), PoolError> {
        if client
            .read_attributes
            .iter()
            .any(|name| self.attribute(name).is_none())
        {
            return Err(PoolError::InvalidParameter(Invalid::Attribute(
                AttributeFault::Unreadable,
            )));
        }
        let writable = |name: &String| {
            self.attribute(name)
                .is_some_and(|a| !a.developer_only && !NOT_USER_WRITABLE.contains(&name.as_str()))
        };
        if !client.write_attributes.iter().all(writable) {
            return Err(PoolError::InvalidParameter(Invalid::Attribute(
                AttributeFault::Unwritable,
            )));
        }
        Ok(())
    }

    /// Cognito's `AccountRecoverySetting` by mechanism names: `admin_only` alone means users
    /// cannot reset a forgotten password themselves; it cannot be combined.
    pub fn set_recovery(&mut self, mechanisms: &[String]) -> Result<(), PoolError> {
        if let Some(unknown) = mechanisms.iter().find(|name| {
            !matches!(
                name.as_str(),
                "verified_email" | "verified_phone_number" | "admin_only"
            )
        }) {
            return Err(invalid(PoolFault::Recovery(unknown.to_string())));
        }
        if mechanisms.iter().any(|name| name == "admin_only") && mechanisms.len() > 1 {
            return Err(invalid(PoolFault::RecoveryAdminOnly));
        }
        self.recovery_admin_only = mechanisms == ["admin_only"];
        Ok(())
    }

    /// A new pool's schema from CreateUserPool's `Schema`: as Cognito, an attribute is
    /// required only where an entry says so, and a custom attribute must be declared.
    pub fn set_schema(&mut self, entries: &[SchemaEntry]) -> Result<(), PoolError> {
        let schema = schema_from(entries)?;
        self.required_attributes = schema
            .iter()
            .filter(|a| a.required && a.name != "sub")
            .map(|a| a.name.clone())
            .collect();
        self.schema = schema;
        self.declared_schema = true;
        Ok(())
    }

    /// Cognito AddCustomAttributes: each entry is a custom attribute, named once.
    pub fn add_custom_attributes(&mut self, entries: &[SchemaEntry]) -> Result<(), PoolError> {
        let mut schema = self.schema.clone();
        for entry in entries {
            add_attribute(&mut schema, entry.attribute(false)?)?;
        }
        self.schema = schema;
        Ok(())
    }

    /// The definition of the attribute `name` in this pool, if it has one.
    pub fn attribute(&self, name: &str) -> Option<SchemaAttribute> {
        let mut attribute = self
            .schema
            .iter()
            .find(|a| a.name == name)
            .cloned()
            .or_else(|| SchemaAttribute::standard(name))
            .or_else(|| {
                // An open pool takes any well-formed custom attribute as a string.
                let base = name.strip_prefix("custom:")?;
                let open = !self.declared_schema
                    && (1..=20).contains(&base.chars().count())
                    && !base.contains(':');
                open.then(|| SchemaAttribute {
                    name: name.to_string(),
                    data_type: super::DataType::String,
                    mutable: true,
                    required: false,
                    developer_only: false,
                    lengths: Some(Default::default()),
                    bounds: None,
                })
            })?;
        if self.required_attributes.iter().any(|r| r == name) {
            attribute.required = true;
        }
        Some(attribute)
    }

    /// Cognito's `SchemaAttributes`: every standard attribute, then the custom ones.
    pub fn schema_attributes(&self) -> Vec<SchemaAttribute> {
        SchemaAttribute::standards()
            .filter_map(|standard| self.attribute(&standard.name))
            .chain(
                self.schema
                    .iter()
                    .filter(|a| a.is_custom())
                    .filter_map(|a| self.attribute(&a.name)),
            )
            .collect()
    }

    /// Whether `write` may set `name` to `value`: the attribute exists, the writer may
    /// write it, and the value fits its type and constraints.
    pub fn check_attribute(
        &self,
        name: &str,
        value: &str,
        write: AttributeWrite,
    ) -> Result<(), PoolError> {
        let Some(attribute) = self.attribute(name) else {
            return Err(bad_attribute(AttributeFault::NotInSchema(name.to_string())));
        };
        let verified_flag = name == "email_verified" || name == "phone_number_verified";
        let writable = if NOT_USER_WRITABLE.contains(&name) {
            verified_flag && (write.by_admin() || write.creates())
        } else {
            attribute.mutable || write.creates()
        };
        if !writable {
            return Err(bad_attribute(AttributeFault::NotMutable(name.to_string())));
        }
        if attribute.developer_only && !write.by_admin() {
            return Err(bad_attribute(AttributeFault::DeveloperOnly(
                name.to_string(),
            )));
        }
        attribute.check_value(value)?;
        if name == "email" {
            check_email(value)?;
        }
        Ok(())
    }

    /// The pool's required attributes that `attributes` lacks (or leaves blank): Cognito's
    /// message for the first.
    pub fn check_required(&self, attributes: &super::Attributes) -> Result<(), PoolError> {
        for required in &self.required_attributes {
            if attributes.get(required).is_none_or(|v| v.trim().is_empty()) {
                return Err(bad_attribute(AttributeFault::Required(required.clone())));
            }
        }
        Ok(())
    }

    /// Whether a changed email waits for its code before it replaces the old one.
    pub fn email_waits_for_verification(&self) -> bool {
        self.verify_before_update.iter().any(|a| a == "email")
    }

    /// Whether (and when) a user's phone number signs them in.
    pub fn phone_sign_in(&self) -> SignInRule {
        let phone = |list: &[String]| list.iter().any(|a| a == "phone_number");
        if phone(&self.username_attributes) {
            SignInRule::AsUsername
        } else if phone(&self.alias_attributes) {
            SignInRule::WhenVerified
        } else {
            SignInRule::No
        }
    }

    /// Whether emails are verified by a code sent at sign-up and on change.
    pub fn verifies_email(&self) -> bool {
        self.auto_verified_attributes.iter().any(|a| a == "email")
    }
}

/// The pool and client the hosted pages use when a request names none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DefaultPool {
    pub pool: PoolConfig,
    pub client: AppClient,
    /// Whether this start created them.
    pub created: bool,
}

fn invalid(fault: PoolFault) -> PoolError {
    PoolError::InvalidParameter(Invalid::Pool(fault))
}

fn bad_attribute(fault: AttributeFault) -> PoolError {
    PoolError::InvalidParameter(Invalid::Attribute(fault))
}

#[cfg(test)]
#[path = "pool_tests.rs"]
mod tests;
