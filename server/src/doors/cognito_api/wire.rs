//! Cognito's request and response shapes (PascalCase on the wire), and reading a request
//! with Cognito's errors for a wrong type or a missing member.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::ApiError;
use crate::pool::{Attributes, CodeDelivery, MfaFactor};
use crate::tokens::IssuedTokens;

/// Declares an operation's request: its members, read from Cognito's PascalCase JSON.
macro_rules! request {
    ($(#[$meta:meta])* $name:ident { $($(#[$field_meta:meta])* $vis:vis $field:ident: $type:ty),* $(,)? }) => {
        $(#[$meta])*
        #[derive(serde::Deserialize)]
        #[serde(rename_all = "PascalCase")]
        pub(super) struct $name {
            $($(#[$field_meta])* $vis $field: $type),*
        }
    };
}
pub(super) use request;

/// Reads `input` as `T`: a member of the wrong type is a `SerializationException`, a
/// missing required member an `InvalidParameterException`, as Cognito answers them.
pub fn parse<T: DeserializeOwned>(input: Value) -> Result<T, ApiError> {
    serde_json::from_value(input).map_err(|error| {
        let text = error.to_string();
        match text.strip_prefix("missing field `") {
            Some(rest) => {
                let member = rest.split('`').next().unwrap_or_default();
                ApiError::invalid_parameter(format!(
                    "1 validation error detected: Value null at '{}' failed to satisfy \
                     constraint: Member must not be null",
                    lower_first(member)
                ))
            }
            None => {
                ApiError::serialization(format!("The request does not match its shape: {text}"))
            }
        }
    })
}

fn lower_first(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|first| first.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Cognito's `AttributeType`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttributeType {
    pub name: String,
    #[serde(default)]
    pub value: Option<String>,
}

pub fn attributes_from(list: Vec<AttributeType>) -> Attributes {
    list.into_iter()
        .map(|attribute| (attribute.name, attribute.value.unwrap_or_default()))
        .collect()
}

pub fn attributes_to(attributes: &Attributes, sub: &str) -> Vec<AttributeType> {
    let mut list = vec![AttributeType {
        name: "sub".to_string(),
        value: Some(sub.to_string()),
    }];
    list.extend(attributes.iter().map(|(name, value)| AttributeType {
        name: name.clone(),
        value: Some(value.clone()),
    }));
    list
}

/// Cognito's `CodeDeliveryDetailsType`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CodeDeliveryDetails {
    pub destination: String,
    pub delivery_medium: &'static str,
    pub attribute_name: &'static str,
}

impl From<CodeDelivery> for CodeDeliveryDetails {
    fn from(delivery: CodeDelivery) -> Self {
        Self {
            destination: delivery.destination,
            delivery_medium: delivery.medium,
            attribute_name: delivery.attribute,
        }
    }
}

/// Cognito's `AuthenticationResultType`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AuthenticationResult {
    pub access_token: String,
    pub expires_in: i64,
    pub token_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    pub id_token: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_device_metadata: Option<NewDeviceMetadata>,
}

/// Cognito's `NewDeviceMetadataType`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NewDeviceMetadata {
    pub device_key: String,
    pub device_group_key: String,
}

impl AuthenticationResult {
    pub fn new(tokens: IssuedTokens, refresh_token: Option<String>) -> Self {
        Self {
            access_token: tokens.access_token,
            expires_in: tokens.expires_in,
            token_type: "Bearer",
            refresh_token,
            id_token: tokens.id_token,
            new_device_metadata: None,
        }
    }
}

/// A second factor by Cognito's name (`UserMFASettingList`, `MFAS_CAN_CHOOSE`, the
/// SELECT_MFA_TYPE answer).
pub(crate) fn factor_name(factor: MfaFactor) -> &'static str {
    match factor {
        MfaFactor::SoftwareToken => "SOFTWARE_TOKEN_MFA",
        MfaFactor::Email => "EMAIL_OTP",
    }
}

/// The factor Cognito calls `name`.
pub(crate) fn factor_named(name: &str) -> Option<MfaFactor> {
    [MfaFactor::SoftwareToken, MfaFactor::Email]
        .into_iter()
        .find(|factor| factor_name(*factor) == name)
}
