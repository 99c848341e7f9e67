//! Remembered devices (Cognito's device tracking): the pool's `DeviceConfiguration`, and a
//! user's devices, each with its SRP verifier once the app confirmed it.

use serde::{Deserialize, Serialize};

use super::{PoolId, Sub};
use crate::clock::Timestamp;
use crate::pool::srp::Verifier;

/// Cognito's `DeviceConfigurationType`: with it set, sign-ins through the API get a new
/// device's key (`NewDeviceMetadata`) for the app to confirm.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceConfiguration {
    /// A remembered device signs in with its own SRP proof instead of the second factor.
    pub challenge_required_on_new_device: bool,
    /// A confirmed device is remembered only when the user says so (UpdateDeviceStatus).
    pub device_only_remembered_on_user_prompt: bool,
}

/// One of a user's devices.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Device {
    /// `DeviceKey`: `<region>_<uuid>`.
    pub key: String,
    pub pool_id: PoolId,
    pub user_sub: Sub,
    /// `DeviceGroupKey`, part of what the device's password hashes.
    pub group_key: String,
    /// The device's SRP verifier, from ConfirmDevice; until then the key is only issued.
    pub verifier: Option<Verifier>,
    pub name: Option<String>,
    /// `device_status`: `remembered` or `not_remembered`.
    pub remembered: bool,
    /// `last_ip_used`.
    pub last_ip: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub last_authenticated_at: Option<Timestamp>,
}

impl Device {
    /// Whether the app confirmed it (ConfirmDevice gave its verifier).
    pub fn confirmed(&self) -> bool {
        self.verifier.is_some()
    }
}
