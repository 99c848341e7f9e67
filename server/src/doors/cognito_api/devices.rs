//! Remembered devices in Cognito's shapes: ConfirmDevice, Get/List/Forget/
//! UpdateDeviceStatus with the user's access token, and their Admin twins.

use super::prelude::*;
use super::wire::request;
use crate::pool::{Device, DeviceOwner, MAX_DEVICES_PAGE};

/// Cognito's `DeviceType`.
fn device_type(device: &Device) -> Value {
    let mut attributes = vec![json!({
        "Name": "device_status",
        "Value": if device.remembered { "remembered" } else { "not_remembered" },
    })];
    if let Some(name) = &device.name {
        attributes.push(json!({ "Name": "device_name", "Value": name }));
    }
    if let Some(ip) = &device.last_ip {
        attributes.push(json!({ "Name": "last_ip_used", "Value": ip }));
    }
    let mut value = json!({
        "DeviceKey": device.key,
        "DeviceAttributes": attributes,
        "DeviceCreateDate": device.created_at.0,
        "DeviceLastModifiedDate": device.updated_at.0,
    });
    if let Some(at) = device.last_authenticated_at {
        value["DeviceLastAuthenticatedDate"] = json!(at.0);
    }
    value
}

/// Cognito's `DeviceRememberedStatusType`.
fn remembered(status: &str) -> Result<bool, ApiError> {
    super::pools::enum_member(
        status,
        "deviceRememberedStatus",
        "[remembered, not_remembered]",
        |value| match value {
            "remembered" => Some(true),
            "not_remembered" => Some(false),
            _ => None,
        },
    )
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct VerifierConfig {
    password_verifier: String,
    salt: String,
}

request!(ConfirmDeviceRequest {
    access_token: String,
    device_key: String,
    device_secret_verifier_config: Option<VerifierConfig>,
    device_name: Option<String>,
});

/// Cognito ConfirmDevice.
pub(super) async fn confirm_device(pool: &UserPool, request: ConfirmDeviceRequest) -> Answer {
    let config = request.device_secret_verifier_config.ok_or_else(|| {
        ApiError::invalid_parameter("Missing required parameter DeviceSecretVerifierConfig")
    })?;
    let necessary = pool
        .confirm_device(
            &request.access_token,
            &request.device_key,
            (&config.password_verifier, &config.salt),
            request.device_name.as_deref(),
        )
        .await?;
    Ok(json!({ "UserConfirmationNecessary": necessary }))
}

request!(DeviceRequest {
    access_token: Option<String>,
    user_pool_id: Option<String>,
    username: Option<String>,
    device_key: String,
    device_remembered_status: Option<String>,
});

impl DeviceRequest {
    /// Whose device: the access token's user, or the user an administrator names.
    fn owner(&self, admin: bool) -> Result<DeviceOwner<'_>, ApiError> {
        let missing =
            |name: &str| ApiError::invalid_parameter(format!("Missing required parameter {name}"));
        if admin {
            Ok(DeviceOwner::Admin {
                pool_id: self
                    .user_pool_id
                    .as_deref()
                    .ok_or_else(|| missing("UserPoolId"))?,
                username: self
                    .username
                    .as_deref()
                    .ok_or_else(|| missing("Username"))?,
            })
        } else {
            Ok(DeviceOwner::Token(
                self.access_token
                    .as_deref()
                    .ok_or_else(|| missing("AccessToken"))?,
            ))
        }
    }
}

/// Cognito GetDevice (`admin`: AdminGetDevice).
pub(super) async fn get_device(pool: &UserPool, request: DeviceRequest, admin: bool) -> Answer {
    let device = pool
        .device(request.owner(admin)?, &request.device_key)
        .await?;
    Ok(json!({ "Device": device_type(&device) }))
}

/// Cognito ForgetDevice (`admin`: AdminForgetDevice).
pub(super) async fn forget_device(pool: &UserPool, request: DeviceRequest, admin: bool) -> Answer {
    pool.forget_device(request.owner(admin)?, &request.device_key)
        .await?;
    Ok(json!({}))
}

/// Cognito UpdateDeviceStatus (`admin`: AdminUpdateDeviceStatus).
pub(super) async fn update_device_status(
    pool: &UserPool,
    request: DeviceRequest,
    admin: bool,
) -> Answer {
    let status = request.device_remembered_status.as_deref().unwrap_or("");
    let remembered = remembered(status)?;
    pool.update_device_status(request.owner(admin)?, &request.device_key, remembered)
        .await?;
    Ok(json!({}))
}

request!(ListDevicesRequest {
    access_token: Option<String>,
    user_pool_id: Option<String>,
    username: Option<String>,
    limit: Option<i64>,
    pagination_token: Option<String>,
});

/// Cognito ListDevices (`admin`: AdminListDevices): confirmed devices, by key.
pub(super) async fn list_devices(
    pool: &UserPool,
    request: ListDevicesRequest,
    admin: bool,
) -> Answer {
    let limit = request.limit.unwrap_or(i64::from(MAX_DEVICES_PAGE));
    if !(0..=i64::from(MAX_DEVICES_PAGE)).contains(&limit) {
        return Err(ApiError::invalid_parameter(format!(
            "1 validation error detected: Value '{limit}' at 'limit' failed to satisfy \
             constraint: Member must have value between 0 and {MAX_DEVICES_PAGE}"
        )));
    }
    let after = match &request.pagination_token {
        Some(token) => Some(
            super::paging::decode(token)
                .ok_or_else(|| ApiError::invalid_parameter("The PaginationToken is not valid."))?,
        ),
        None => None,
    };
    let owner = DeviceRequest {
        access_token: request.access_token,
        user_pool_id: request.user_pool_id,
        username: request.username,
        device_key: String::new(),
        device_remembered_status: None,
    };
    let (devices, more) = pool
        .devices(
            owner.owner(admin)?,
            u32::try_from(limit).unwrap_or(MAX_DEVICES_PAGE),
            after.as_deref(),
        )
        .await?;
    let mut answer = json!({ "Devices": devices.iter().map(device_type).collect::<Vec<_>>() });
    if more && let Some(last) = devices.last() {
        answer["PaginationToken"] = json!(super::paging::encode(&last.key));
    }
    Ok(answer)
}
