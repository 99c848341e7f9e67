//! `AccountUi` over the user-pool domain: the account page's forms, each one of Cognito's
//! self-service operations with the hosted sign-in's access token.

use app::dto::{AccountView, AppSetupView, DeviceView, MfaView, PasskeyView, SignInView};
use app::error::{UiError, UiErrorKind};
use app::port::{ACCESS_TOKEN_COOKIE, AccountUi, ID_TOKEN_COOKIE, Next, SESSION_COOKIE};
use async_trait::async_trait;

use super::refused;
use super::{Hosted, app_setup_view, ui_error, words};
use crate::pool::{
    AuthEvent, Denied, Device, DeviceOwner, EventResponse, FactorPreference, MfaFactor, MfaMode,
    MfaPreference, Passkey, PoolError, RiskDecision,
};

/// Attributes the account page never offers to change.
fn shown_as_editable(name: &str) -> bool {
    name != "sub" && !name.ends_with("_verified")
}

impl Hosted {
    /// The account page again, with `done` saying what just happened.
    fn account_page(done: &str) -> Next {
        Next::to(format!("/account?done={done}"))
    }

    /// Cookies that end the browser's sign-in on this site.
    fn signed_out_cookies(&self) -> Vec<String> {
        [SESSION_COOKIE, ID_TOKEN_COOKIE, ACCESS_TOKEN_COOKIE]
            .into_iter()
            .map(|name| self.cookie(name, "", 0))
            .collect()
    }
}

/// What the account page says when a form fails: a token that no longer signs anyone in
/// means signing in again; a wrong password is said plainly.
fn account_error(error: PoolError) -> UiError {
    match error {
        PoolError::NotAuthorized(Denied::Token(..) | Denied::MissingScope) => {
            refused(UiErrorKind::NotAuthorized, words::SIGN_IN_ENDED)
        }
        PoolError::NotAuthorized(reason @ Denied::LockedOut) => {
            refused(UiErrorKind::NotAuthorized, words::refusal(&reason))
        }
        PoolError::NotAuthorized(_) => {
            refused(UiErrorKind::NotAuthorized, "That password is not right.")
        }
        PoolError::CodeMismatch(_) => refused(
            UiErrorKind::CodeMismatch,
            "That code is not right. Check it and try again.",
        ),
        other => ui_error(other),
    }
}

#[async_trait]
impl AccountUi for Hosted {
    async fn view(&self, access_token: &str) -> Result<Option<AccountView>, UiError> {
        let account = match self.pool.account(access_token).await {
            Ok(account) => account,
            Err(PoolError::NotAuthorized(_) | PoolError::UserNotFound(_)) => return Ok(None),
            Err(error) => return Err(ui_error(error)),
        };
        let user = &account.user;
        // By name already: the attributes are a sorted map.
        let attributes: Vec<(String, String)> = user
            .attributes
            .iter()
            .filter(|(name, _)| shown_as_editable(name))
            .map(|(name, value)| (name.clone(), value.clone()))
            .collect();
        let config = &account.pool_mfa;
        Ok(Some(AccountView {
            username: user.username.clone(),
            attributes,
            email: user.email().map(str::to_string),
            email_verified: user.email_verified(),
            mfa: MfaView {
                mode: config.mode.as_str().to_string(),
                app_offered: config.mode != MfaMode::Off && config.software_token,
                email_offered: config.mode != MfaMode::Off && config.email.is_some(),
                app_on: account.mfa.totp_verified,
                email_on: account.mfa.email_enabled,
                preferred: account.mfa.preferred.map(|factor| match factor {
                    MfaFactor::SoftwareToken => "app".to_string(),
                    MfaFactor::Email => "email".to_string(),
                }),
            },
            sign_ins: account
                .sign_ins
                .map(|events| events.iter().map(sign_in_view).collect()),
            devices: account
                .devices
                .map(|devices| devices.iter().map(device_view).collect()),
            passkeys: account
                .passkeys
                .map(|passkeys| passkeys.iter().map(passkey_view).collect()),
        }))
    }

    async fn set_attribute(
        &self,
        access_token: &str,
        name: &str,
        value: &str,
    ) -> Result<Next, UiError> {
        let changes = [(name.trim().to_string(), value.trim().to_string())]
            .into_iter()
            .collect();
        let delivery = self
            .pool
            .update_attributes(access_token, changes)
            .await
            .map_err(account_error)?;
        Ok(Self::account_page(match delivery {
            Some(_) => "email_code",
            None => "saved",
        }))
    }

    async fn send_email_code(&self, access_token: &str) -> Result<Next, UiError> {
        self.pool
            .send_verification_code(access_token, "email")
            .await
            .map_err(account_error)?;
        Ok(Self::account_page("email_code"))
    }

    async fn verify_email(&self, access_token: &str, code: &str) -> Result<Next, UiError> {
        self.pool
            .verify_attribute(access_token, "email", code.trim())
            .await
            .map_err(account_error)?;
        Ok(Self::account_page("email_verified"))
    }

    async fn change_password(
        &self,
        access_token: &str,
        old_password: &str,
        new_password: &str,
    ) -> Result<Next, UiError> {
        self.pool
            .change_password(access_token, old_password, new_password)
            .await
            .map_err(account_error)?;
        Ok(Self::account_page("password"))
    }

    async fn start_app(&self, access_token: &str) -> Result<AppSetupView, UiError> {
        let account = self
            .pool
            .account(access_token)
            .await
            .map_err(account_error)?;
        let secret = self
            .pool
            .software_token_to_set_up(access_token)
            .await
            .map_err(account_error)?;
        app_setup_view(&account.pool_name, &account.user.username, secret)
    }

    async fn finish_app(&self, access_token: &str, code: &str) -> Result<Next, UiError> {
        self.pool
            .verify_software_token(access_token, code.trim(), None)
            .await
            .map_err(account_error)?;
        // Set up to sign in with: the app is on and preferred.
        let on = Some(FactorPreference {
            enabled: true,
            preferred: true,
        });
        self.pool
            .set_mfa_preference(
                access_token,
                MfaPreference {
                    software_token: on,
                    email: None,
                },
            )
            .await
            .map_err(account_error)?;
        Ok(Self::account_page("app_on"))
    }

    async fn change_mfa(&self, access_token: &str, change: &str) -> Result<Next, UiError> {
        let set = |enabled, preferred| Some(FactorPreference { enabled, preferred });
        let (preference, done) = match change {
            "app_off" => (
                MfaPreference {
                    software_token: set(false, false),
                    email: None,
                },
                "app_off",
            ),
            "email_on" | "email_off" => (
                MfaPreference {
                    software_token: None,
                    email: set(change == "email_on", false),
                },
                "mfa",
            ),
            "prefer_app" => (
                MfaPreference {
                    software_token: set(true, true),
                    email: None,
                },
                "mfa",
            ),
            "prefer_email" => (
                MfaPreference {
                    software_token: None,
                    email: set(true, true),
                },
                "mfa",
            ),
            _ => {
                return Err(refused(
                    UiErrorKind::InvalidInput,
                    "Choose one of the options on the page.",
                ));
            }
        };
        self.pool
            .set_mfa_preference(access_token, preference)
            .await
            .map_err(account_error)?;
        Ok(Self::account_page(done))
    }

    async fn passkey_registration(&self, access_token: &str) -> Result<String, UiError> {
        let options = self
            .pool
            .start_passkey_registration(access_token)
            .await
            .map_err(account_error)?;
        Ok(options.to_string())
    }

    async fn add_passkey(&self, access_token: &str, credential: &str) -> Result<(), UiError> {
        self.pool
            .complete_passkey_registration(access_token, credential)
            .await
            .map_err(account_error)?;
        Ok(())
    }

    async fn delete_passkey(&self, access_token: &str, id: &str) -> Result<Next, UiError> {
        self.pool
            .delete_passkey(access_token, id.trim())
            .await
            .map_err(account_error)?;
        Ok(Self::account_page("passkey_deleted"))
    }

    async fn forget_device(&self, access_token: &str, device_key: &str) -> Result<Next, UiError> {
        self.pool
            .forget_device(DeviceOwner::Token(access_token), device_key.trim())
            .await
            .map_err(account_error)?;
        Ok(Self::account_page("device_forgotten"))
    }

    async fn sign_out_everywhere(
        &self,
        access_token: &str,
        session: Option<&str>,
    ) -> Result<Next, UiError> {
        self.pool
            .global_sign_out(access_token)
            .await
            .map_err(account_error)?;
        if let Some(session) = session
            && let Err(error) = self.pool.end_session(session).await
        {
            tracing::warn!(%error, "sign-out everywhere could not end the hosted session");
        }
        Ok(Next {
            location: "/login?signed_out=1".to_string(),
            cookies: self.signed_out_cookies(),
        })
    }

    async fn delete_account(&self, access_token: &str, password: &str) -> Result<Next, UiError> {
        self.pool
            .delete_self_with_password(access_token, password)
            .await
            .map_err(account_error)?;
        Ok(Next {
            location: "/login?deleted=1".to_string(),
            cookies: self.signed_out_cookies(),
        })
    }
}

/// A UTC time as the account page shows it, `2026-12-07 09:14`.
fn shown_time(at: crate::clock::Timestamp) -> String {
    chrono::DateTime::from_timestamp(at.0, 0)
        .map(|at| at.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

/// A device as the account page shows it.
fn device_view(device: &Device) -> DeviceView {
    DeviceView {
        key: device.key.clone(),
        name: device
            .name
            .clone()
            .unwrap_or_else(|| "Unnamed device".into()),
        last_used: device
            .last_authenticated_at
            .map(shown_time)
            .unwrap_or_default(),
        remembered: device.remembered,
    }
}

fn passkey_view(passkey: &Passkey) -> PasskeyView {
    PasskeyView {
        id: passkey.id.clone(),
        name: passkey.name.clone().unwrap_or_else(|| "Passkey".into()),
        created: shown_time(passkey.created_at),
        last_used: passkey.last_used_at.map(shown_time).unwrap_or_default(),
    }
}

/// An auth event as the account's history shows it.
fn sign_in_view(event: &AuthEvent) -> SignInView {
    let when = shown_time(event.created_at);
    let outcome = match (event.response, event.risk.decision) {
        (EventResponse::Pass, _) => "Signed in",
        (EventResponse::InProgress, _) => "Waiting for the second step",
        (EventResponse::Fail, RiskDecision::Block) => "Blocked",
        (EventResponse::Fail, _) => "Failed",
    };
    let context = &event.context;
    let located: Vec<&str> = [context.city.as_deref(), context.country.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    let address = context
        .ip
        .clone()
        .unwrap_or_else(|| "Unknown address".into());
    let place = if located.is_empty() {
        address
    } else {
        format!("{address} ({})", located.join(", "))
    };
    SignInView {
        when,
        outcome: outcome.to_string(),
        place,
        device: context
            .device_name
            .clone()
            .unwrap_or_else(|| "Unknown device".into()),
        risky: event.risk.level.is_some(),
    }
}
