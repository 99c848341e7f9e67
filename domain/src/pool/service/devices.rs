//! Remembered devices (Cognito's device tracking): a new device's key given at a sign-in
//! through the API, ConfirmDevice with the device's SRP verifier, the device's own SRP
//! proof at later sign-ins (DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER) that lets a
//! remembered device skip the second factor, and the user's and administrators' views of
//! the devices (Get/List/Forget/UpdateDeviceStatus).

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::throttle::Subject;
use super::triggers::TokenSource;
use super::*;
use crate::pool::invalid::DeviceFault;
use crate::pool::seen;
use crate::pool::{Device, DeviceStep};

/// Cognito's longest device name.
const MAX_DEVICE_NAME: usize = 1024;
/// Cognito's most devices on one page of ListDevices.
pub const MAX_DEVICES_PAGE: u32 = 60;
/// How long an issued key waits for ConfirmDevice before it is forgotten.
pub const UNCONFIRMED_DEVICE_SECONDS: i64 = 24 * 3600;

/// Whose devices a request is about: the signed-in user's (their access token), or a
/// user an administrator names.
#[derive(Clone, Copy, Debug)]
pub enum DeviceOwner<'a> {
    Token(&'a str),
    Admin { pool_id: &'a str, username: &'a str },
}

/// DEVICE_PASSWORD_VERIFIER's challenge (Cognito's `ChallengeParameters`).
#[derive(Clone, Debug)]
pub struct DeviceChallenge {
    pub srp: SrpChallenge,
    pub device_key: String,
}

/// The device's answer (in Cognito's `ChallengeResponses`).
#[derive(Clone, Copy, Debug)]
pub struct DeviceClaim<'a> {
    pub username: &'a str,
    pub device_key: &'a str,
    pub secret_block: &'a str,
    pub signature: &'a str,
    pub timestamp: &'a str,
}

fn invalid<T>(fault: DeviceFault) -> Result<T, PoolError> {
    Err(PoolError::InvalidParameter(Invalid::Device(fault)))
}

/// Where a device step waits: by client, user and device, for clients that answer
/// DEVICE_SRP_AUTH without the session (pycognito does).
fn waiting_key(client: &AppClient, user: &Sub, device_key: &str) -> String {
    tokens::secret_hash(&format!("device\0{}\0{user}\0{device_key}", client.id))
}

impl UserPool {
    /// The user whose devices the request is about.
    async fn device_owner(&self, owner: DeviceOwner<'_>) -> Result<User, PoolError> {
        Ok(match owner {
            DeviceOwner::Token(access_token) => self.authenticate(access_token).await?.1,
            DeviceOwner::Admin { pool_id, username } => self.admin_user(pool_id, username).await?,
        })
    }

    /// The user's confirmed device with `key`: never another user's.
    async fn owned_device(&self, user: &User, key: &str) -> Result<Device, PoolError> {
        self.store
            .get_device(&user.sub, key)
            .await?
            .filter(Device::confirmed)
            .ok_or(PoolError::ResourceNotFound(Missing::Device))
    }

    /// A new device's key for `user`'s sign-in, where the pool tracks devices.
    pub(super) async fn issue_device(
        &self,
        pool: &PoolConfig,
        user: &User,
    ) -> Result<Option<NewDevice>, PoolError> {
        if pool.settings.devices.is_none() {
            return Ok(None);
        }
        let region = pool.id.as_str().split('_').next().unwrap_or("local");
        let group: [u8; 7] = rand::random();
        let now = self.clock.now();
        let device = Device {
            key: format!("{region}_{}", uuid::Uuid::new_v4()),
            pool_id: pool.id.clone(),
            user_sub: user.sub.clone(),
            group_key: format!("-{}", URL_SAFE_NO_PAD.encode(group)),
            verifier: None,
            name: None,
            remembered: false,
            last_ip: seen::current().ip.map(|ip| ip.to_string()),
            created_at: now,
            updated_at: now,
            last_authenticated_at: Some(now),
        };
        self.store.insert_device(&device).await?;
        Ok(Some(NewDevice {
            key: device.key,
            group_key: device.group_key,
        }))
    }

    /// Cognito ConfirmDevice: the device's SRP verifier for the key its sign-in was given;
    /// whether the user must still be asked to remember it (`UserConfirmationNecessary`).
    #[tracing::instrument(skip_all)]
    pub async fn confirm_device(
        &self,
        access_token: &str,
        key: &str,
        verifier: (&str, &str),
        name: Option<&str>,
    ) -> Result<bool, PoolError> {
        let user = self.device_owner(DeviceOwner::Token(access_token)).await?;
        let pool = self.describe_pool(user.pool_id.as_str()).await?;
        let mut device = self
            .store
            .get_device(&user.sub, key)
            .await?
            .ok_or(PoolError::ResourceNotFound(Missing::Device))?;
        if device.confirmed() {
            return invalid(DeviceFault::AlreadyConfirmed);
        }
        if name.is_some_and(|name| name.chars().count() > MAX_DEVICE_NAME) {
            return invalid(DeviceFault::Name);
        }
        let Some(verifier) = srp::Verifier::from_device(verifier.0, verifier.1) else {
            return invalid(DeviceFault::Verifier);
        };
        let prompt = pool
            .settings
            .devices
            .is_some_and(|devices| devices.device_only_remembered_on_user_prompt);
        device.verifier = Some(verifier);
        device.name = name.map(str::to_string);
        device.remembered = !prompt;
        device.updated_at = self.clock.now();
        self.store.update_device(&device).await?;
        tracing::info!(sub = %user.sub, remembered = device.remembered, "device confirmed");
        Ok(prompt)
    }

    /// Cognito GetDevice and AdminGetDevice.
    pub async fn device(&self, owner: DeviceOwner<'_>, key: &str) -> Result<Device, PoolError> {
        let user = self.device_owner(owner).await?;
        self.owned_device(&user, key).await
    }

    /// Cognito ListDevices and AdminListDevices: the user's confirmed devices, `limit` at
    /// most (1–60), after the key `after`; and whether more follow.
    pub async fn devices(
        &self,
        owner: DeviceOwner<'_>,
        limit: u32,
        after: Option<&str>,
    ) -> Result<(Vec<Device>, bool), PoolError> {
        let user = self.device_owner(owner).await?;
        let limit = limit.clamp(1, MAX_DEVICES_PAGE);
        let mut devices = self.store.list_devices(&user.sub, after, limit + 1).await?;
        let more = devices.len() > limit as usize;
        devices.truncate(limit as usize);
        Ok((devices, more))
    }

    /// Cognito ForgetDevice and AdminForgetDevice: the device signs in as a new one again,
    /// and the refresh tokens issued on it stop working.
    pub async fn forget_device(&self, owner: DeviceOwner<'_>, key: &str) -> Result<(), PoolError> {
        let user = self.device_owner(owner).await?;
        if !self.store.delete_device(&user.sub, key).await? {
            return Err(PoolError::ResourceNotFound(Missing::Device));
        }
        tracing::info!(sub = %user.sub, "device forgotten");
        Ok(())
    }

    /// Cognito UpdateDeviceStatus and AdminUpdateDeviceStatus: remembered or not.
    pub async fn update_device_status(
        &self,
        owner: DeviceOwner<'_>,
        key: &str,
        remembered: bool,
    ) -> Result<(), PoolError> {
        let user = self.device_owner(owner).await?;
        let mut device = self.owned_device(&user, key).await?;
        device.remembered = remembered;
        device.updated_at = self.clock.now();
        self.store.update_device(&device).await?;
        Ok(())
    }

    /// The confirmed device a sign-in names (its DEVICE_KEY), in a pool that tracks
    /// devices: the user's own or none.
    pub(super) async fn signing_in_device(
        &self,
        pool: &PoolConfig,
        user: &User,
        key: Option<&str>,
    ) -> Result<Option<Device>, PoolError> {
        let (Some(_), Some(key)) = (pool.settings.devices, key) else {
            return Ok(None);
        };
        Ok(self
            .store
            .get_device(&user.sub, key)
            .await?
            .filter(Device::confirmed))
    }

    /// The password was right and the sign-in names the user's confirmed device: its own
    /// proof is asked for next (DEVICE_SRP_AUTH).
    pub(super) async fn ask_for_device(
        &self,
        client: &AppClient,
        user: &User,
        device: &Device,
        forced_mfa: bool,
    ) -> Result<SignInStep, PoolError> {
        let session = tokens::new_refresh_token();
        let step = DeviceStep {
            device_key: device.key.clone(),
            session_hash: tokens::secret_hash(&session),
            forced_mfa,
        };
        let key = waiting_key(client, &user.sub, &device.key);
        // A newer password step replaces one that was never answered.
        let _ = self.store.take_auth_session(&key).await?;
        self.keep_waiting_under(
            &key,
            client,
            &user.sub,
            Challenge::Device(Box::new(step)),
            1,
        )
        .await?;
        Ok(SignInStep::Device {
            session,
            username: user.username.clone(),
        })
    }

    /// The device step waiting for `username`'s `device_key` through the client, taken
    /// (it is answered once): the session, where the client sends it, must be its own.
    async fn take_device_step(
        &self,
        pool: &PoolConfig,
        client: &AppClient,
        username: &str,
        device_key: &str,
        session: Option<&str>,
    ) -> Result<(User, AuthSession), PoolError> {
        let invalid = || PoolError::NotAuthorized(Denied::SessionInvalid);
        let user = self
            .store
            .find_user(&pool.id, &users::lookup_key(username)?)
            .await?
            .ok_or_else(invalid)?;
        let stored = self
            .store
            .take_auth_session(&waiting_key(client, &user.sub, device_key))
            .await?
            .filter(|stored| stored.client_id == client.id && stored.user_sub == user.sub)
            .ok_or_else(invalid)?;
        if stored.expires_at <= self.clock.now() {
            return Err(PoolError::NotAuthorized(Denied::SessionExpired));
        }
        let step = match &stored.challenge {
            Challenge::Device(step) | Challenge::DevicePassword { step, .. } => step,
            _ => return Err(invalid()),
        };
        if session.is_some_and(|session| tokens::secret_hash(session) != step.session_hash) {
            return Err(invalid());
        }
        Ok((user, stored))
    }

    /// The answer to DEVICE_SRP_AUTH: the device's `SRP_A` gets the SRP challenge for the
    /// device's verifier (DEVICE_PASSWORD_VERIFIER).
    #[tracing::instrument(skip_all)]
    pub async fn device_srp_start(
        &self,
        client_id: &str,
        proof: ClientProof<'_>,
        (username, device_key, srp_a): (&str, &str, &str),
        session: Option<&str>,
    ) -> Result<DeviceChallenge, PoolError> {
        let (pool, client) = self.proven_client(client_id, proof, username).await?;
        let (user, stored) = self
            .take_device_step(&pool, &client, username, device_key, session)
            .await?;
        let Challenge::Device(step) = stored.challenge else {
            return Err(PoolError::NotAuthorized(Denied::SessionInvalid));
        };
        let device = self.owned_device(&user, device_key).await?;
        let verifier = device.verifier.clone().ok_or(PoolError::Internal)?;
        let salt = verifier.salt.clone();
        let challenge = self.srp_challenge(verifier, srp_a).await?;
        let secret_block = srp::secret_block();
        let waiting = Challenge::DevicePassword {
            srp_key: challenge.key.to_vec(),
            step,
        };
        let key = waiting_key(&client, &user.sub, device_key);
        self.keep_waiting_under(&key, &client, &user.sub, waiting, 1)
            .await?;
        Ok(DeviceChallenge {
            srp: SrpChallenge {
                salt,
                srp_b: challenge.b_public,
                secret_block,
                user_id: user.username,
            },
            device_key: device.key,
        })
    }

    /// The answer to DEVICE_PASSWORD_VERIFIER: the device's proof. A remembered device
    /// skips the second factor where the pool says so (ChallengeRequiredOnNewDevice) and
    /// threat protection did not ask for one; the tokens are the device's.
    #[tracing::instrument(skip_all)]
    pub async fn device_srp_verify(
        &self,
        client_id: &str,
        proof: ClientProof<'_>,
        claim: DeviceClaim<'_>,
        session: Option<&str>,
    ) -> Result<SignInStep, PoolError> {
        let (pool, client) = self.proven_client(client_id, proof, claim.username).await?;
        if !srp::timestamp_is_valid(claim.timestamp) {
            return Err(PoolError::InvalidParameter(Invalid::SignIn(
                SignInFault::Timestamp,
            )));
        }
        let (user, stored) = self
            .take_device_step(&pool, &client, claim.username, claim.device_key, session)
            .await?;
        let Challenge::DevicePassword { srp_key, step } = stored.challenge else {
            return Err(PoolError::NotAuthorized(Denied::SessionInvalid));
        };
        let who = Subject::User(&user.sub);
        let state = self.ensure_not_locked(who).await?;
        let mut device = self.owned_device(&user, claim.device_key).await?;
        let proven = srp::decode_secret_block(claim.secret_block).is_some_and(|block| {
            srp::device_claim_matches(
                &srp_key,
                &device.group_key,
                &device.key,
                &block,
                claim.timestamp,
                claim.signature,
            )
        });
        if !proven {
            self.record_failed_sign_in(&pool, &client, &user).await;
            self.password_failed(who).await?;
            return Err(PoolError::incorrect_credentials());
        }
        self.password_succeeded(who, state).await?;
        let user = self.usable_user(&user.sub).await?;
        let now = self.clock.now();
        device.last_authenticated_at = Some(now);
        device.last_ip = seen::current().ip.map(|ip| ip.to_string());
        device.updated_at = now;
        self.store.update_device(&device).await?;
        let skips_mfa = device.remembered
            && !step.forced_mfa
            && pool
                .settings
                .devices
                .is_some_and(|devices| devices.challenge_required_on_new_device);
        let outcome = if skips_mfa {
            None
        } else {
            self.second_factor(&pool, &client, &user, step.forced_mfa)
                .await?
        };
        let result = match outcome {
            Some(step) => self.carry_device(step, Some(&device.key)).await,
            None => self
                .finish_sign_in_on(
                    &pool,
                    &client,
                    user.clone(),
                    TokenSource::Authentication,
                    Some(&device.key),
                )
                .await
                .map(SignInStep::Done),
        };
        if let Ok(SignInStep::Done(_)) | Err(_) = &result {
            self.close_sign_in_event(&pool, &user, None, result.is_ok())
                .await;
        }
        result
    }
}
