//! A user's second factors (Cognito's user MFA settings).

/// A second factor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MfaFactor {
    /// An authenticator app (TOTP).
    SoftwareToken,
    /// A code by email.
    Email,
}

/// What a user has set up. The TOTP secret is never logged and never shown again after
/// its set-up.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct UserMfa {
    /// The authenticator app's secret, base32; pending until `totp_verified`.
    pub totp_secret: Option<String>,
    pub totp_verified: bool,
    /// The last TOTP time step a code was accepted for.
    pub totp_last_step: i64,
    pub totp_device: Option<String>,
    pub email_enabled: bool,
    pub preferred: Option<MfaFactor>,
}

impl std::fmt::Debug for UserMfa {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserMfa")
            .field("totp_secret", &self.totp_secret.as_ref().map(|_| "***"))
            .field("totp_verified", &self.totp_verified)
            .field("totp_last_step", &self.totp_last_step)
            .field("email_enabled", &self.email_enabled)
            .field("preferred", &self.preferred)
            .finish()
    }
}

impl UserMfa {
    /// The factors in use (Cognito's `UserMFASettingList`).
    pub fn enabled(&self) -> Vec<MfaFactor> {
        let mut factors = Vec::new();
        if self.totp_verified {
            factors.push(MfaFactor::SoftwareToken);
        }
        if self.email_enabled {
            factors.push(MfaFactor::Email);
        }
        factors
    }
}
