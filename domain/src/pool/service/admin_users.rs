//! The signed user operations (Cognito's Admin*): an administrator acts on a user by name,
//! so these say plainly when a user does not exist.

use super::triggers::{MessageFor, SignUpSource};
use super::*;
use crate::pool::PoolSettings;
use crate::pool::filter::UserFilter;
use crate::pool::store::UserPage;

/// What AdminCreateUser gives.
#[derive(Default)]
pub struct NewUser {
    pub username: String,
    pub attributes: Attributes,
    /// `None`: one is generated that meets the pool's policy.
    pub temporary_password: Option<String>,
    /// Cognito's `MessageAction`.
    pub invitation: Invitation,
    /// Cognito's `ValidationData` and `ClientMetadata`: for the triggers only.
    pub validation_data: Attributes,
    pub client_metadata: Attributes,
}

/// Cognito AdminCreateUser's `MessageAction`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Invitation {
    /// Left out: a new user, invited by email.
    #[default]
    Send,
    /// `SUPPRESS`: a new user, no email.
    Suppress,
    /// `RESEND`: a user created before and not yet signed in gets a new temporary password
    /// and the invitation again.
    Resend,
}

impl UserPool {
    /// Cognito AdminCreateUser: a user with a temporary password (FORCE_CHANGE_PASSWORD),
    /// invited by email unless suppressed; the first sign-in must set a new password. In a
    /// pool whose first factors include one other than the password, a user created with
    /// neither a temporary password nor an invitation has no password at all: confirmed,
    /// they sign in with an emailed code (or a passkey they add).
    pub async fn admin_create_user(&self, pool_id: &str, new: NewUser) -> Result<User, PoolError> {
        if new.invitation == Invitation::Resend {
            return self.resend_invitation(pool_id, new).await;
        }
        let pool = self.describe_pool(pool_id).await?;
        let email_sign_in = pool.settings.email_sign_in();
        let (sub, username, attributes) = checked_identity(
            &pool.settings,
            new.username,
            new.attributes,
            AttributeWrite::AdminCreate,
        )?;
        let passwordless = new.temporary_password.is_none()
            && new.invitation == Invitation::Suppress
            && pool.settings.sign_in.passwordless();
        let password = match new.temporary_password {
            Some(password) => {
                check_password(&pool, &password)?;
                password
            }
            None => temporary_password(),
        };
        if pool.settings.declared_schema {
            pool.settings.check_required(&attributes)?;
        }
        let mut attributes = attributes;
        let answer = self
            .pre_sign_up(
                &pool,
                SignUpSource::AdminCreateUser,
                None,
                &username,
                &attributes,
                &new.validation_data,
                &new.client_metadata,
            )
            .await?;
        // The user waits on the temporary password whatever the answer; the addresses may
        // be verified.
        if answer.auto_verify_email {
            attributes.insert("email_verified".into(), "true".into());
        }
        if answer.auto_verify_phone {
            attributes.insert("phone_number_verified".into(), "true".into());
        }
        let (status, password_kept) = if passwordless {
            (UserStatus::Confirmed, None)
        } else {
            (UserStatus::ForceChangePassword, Some(password.as_str()))
        };
        let user = self
            .new_user(&pool, sub, username, status, attributes, password_kept)
            .await?;
        match self.store.insert_user(&user).await {
            Ok(()) => {}
            // The username or the verified email (a sign-in alias) is taken: tell which.
            Err(StoreError::Conflict)
                if email_sign_in != SignInRule::AsUsername
                    && self
                        .store
                        .find_user(&pool.id, &user.username_key())
                        .await?
                        .is_none() =>
            {
                return Err(PoolError::AliasExists(AliasTaken::Attribute(
                    "email".into(),
                )));
            }
            Err(StoreError::Conflict) => {
                return Err(PoolError::UsernameExists(NameTaken::Username));
            }
            Err(error) => return Err(error.into()),
        }
        tracing::info!(sub = %user.sub, "user created by an administrator");
        if new.invitation == Invitation::Send {
            self.invite(&pool, &user, &password).await?;
        }
        Ok(user)
    }

    /// AdminCreateUser with `MessageAction=RESEND`: the user must exist and not have set a
    /// password yet (Cognito's UnsupportedUserStateException otherwise); a new temporary
    /// password replaces the old one, and the invitation is sent again.
    async fn resend_invitation(&self, pool_id: &str, new: NewUser) -> Result<User, PoolError> {
        let pool = self.describe_pool(pool_id).await?;
        let mut user = self.admin_user(pool_id, &new.username).await?;
        if user.status != UserStatus::ForceChangePassword {
            return Err(PoolError::UnsupportedUserState {
                username: new.username,
            });
        }
        let password = match new.temporary_password {
            Some(password) => {
                check_password(&pool, &password)?;
                password
            }
            None => temporary_password(),
        };
        self.set_password(&mut user, &password).await?;
        user.updated_at = self.clock.now();
        self.store.update_user(&user).await?;
        tracing::info!(sub = %user.sub, "invitation sent again with a new temporary password");
        self.invite(&pool, &user, &password).await?;
        Ok(user)
    }

    /// Emails the user their invitation with `password`, if they have an email.
    async fn invite(
        &self,
        pool: &PoolConfig,
        user: &User,
        password: &str,
    ) -> Result<(), PoolError> {
        let Some(email) = user.email() else {
            return Ok(());
        };
        let message = invitation_email(user, email, password, &self.pages, &pool.settings);
        let message = self
            .custom_message(pool, MessageFor::AdminCreateUser, user, password, message)
            .await?;
        if let Err(error) = self.mailer.send(message).await {
            tracing::warn!(%error, sub = %user.sub, "cannot deliver an invitation");
            return Err(PoolError::CodeDeliveryFailure(Delivery::Invitation));
        }
        Ok(())
    }

    /// Cognito ListUsers: up to `limit` of the pool's users matching `filter` (Cognito's
    /// syntax), by username, after the cursor `after`; and the next page's cursor.
    pub async fn list_users(
        &self,
        pool_id: &str,
        filter: &str,
        limit: u32,
        after: Option<&str>,
    ) -> Result<(Vec<User>, Option<String>), PoolError> {
        let pool = self.describe_pool(pool_id).await?;
        let filter = UserFilter::parse(filter)?;
        // One more than asked: whether there is a next page.
        let page = UserPage {
            after: after.unwrap_or(""),
            limit: limit + 1,
        };
        let mut users = self
            .store
            .list_users(&pool.id, filter.as_ref(), page)
            .await?;
        let more = users.len() > limit as usize;
        users.truncate(limit as usize);
        let next = more.then(|| users.last().map(User::username_key)).flatten();
        Ok((users, next))
    }

    /// The user of `pool_id` named `username` (or by verified email).
    pub async fn admin_user(&self, pool_id: &str, username: &str) -> Result<User, PoolError> {
        let pool = self.describe_pool(pool_id).await?;
        self.store
            .find_user(&pool.id, &users::lookup_key(username)?)
            .await?
            .ok_or(PoolError::UserNotFound(UnknownUser::User))
    }

    /// Cognito AdminConfirmSignUp: confirms without a code (the email stays unverified).
    pub async fn admin_confirm_sign_up(
        &self,
        pool_id: &str,
        username: &str,
    ) -> Result<(), PoolError> {
        let mut user = self.admin_user(pool_id, username).await?;
        if user.status != UserStatus::Unconfirmed {
            return Err(PoolError::NotAuthorized(Denied::CannotConfirm(user.status)));
        }
        user.status = UserStatus::Confirmed;
        user.updated_at = self.clock.now();
        self.store.update_user(&user).await?;
        tracing::info!(sub = %user.sub, "user confirmed by an administrator");
        Ok(())
    }

    /// Cognito AdminSetUserPassword: permanent (CONFIRMED) or temporary
    /// (FORCE_CHANGE_PASSWORD, to be replaced at the next sign-in).
    pub async fn admin_set_password(
        &self,
        pool_id: &str,
        username: &str,
        password: &str,
        permanent: bool,
    ) -> Result<(), PoolError> {
        let mut user = self.admin_user(pool_id, username).await?;
        let pool = self.describe_pool(pool_id).await?;
        check_password(&pool, password)?;
        self.set_password(&mut user, password).await?;
        user.status = if permanent {
            UserStatus::Confirmed
        } else {
            UserStatus::ForceChangePassword
        };
        user.updated_at = self.clock.now();
        self.store.update_user(&user).await?;
        tracing::info!(sub = %user.sub, permanent, "password set by an administrator");
        Ok(())
    }

    /// Cognito AdminResetUserPassword: the password stops working (RESET_REQUIRED: a sign-in
    /// gets PasswordResetRequiredException) and a reset code is emailed, which
    /// ConfirmForgotPassword takes with the new password.
    pub async fn admin_reset_password(
        &self,
        pool_id: &str,
        username: &str,
    ) -> Result<CodeDelivery, PoolError> {
        let mut user = self.admin_user(pool_id, username).await?;
        if !user.enabled {
            return Err(PoolError::NotAuthorized(Denied::Disabled));
        }
        if user.email().is_none() {
            return Err(PoolError::InvalidParameter(Invalid::SignIn(
                SignInFault::NoRegisteredEmail,
            )));
        }
        let now = self.clock.now();
        user.status = UserStatus::ResetRequired;
        user.updated_at = now;
        self.store.update_user(&user).await?;
        tracing::info!(sub = %user.sub, "password reset by an administrator");
        self.send_code(
            &user,
            Purpose::ResetPassword,
            MessageFor::ForgotPassword,
            now,
        )
        .await
    }

    /// Cognito AdminDisableUser / AdminEnableUser. A disabled user cannot sign in or
    /// refresh, and disabling revokes every token they hold, wherever it is checked.
    pub async fn admin_set_enabled(
        &self,
        pool_id: &str,
        username: &str,
        enabled: bool,
    ) -> Result<(), PoolError> {
        let mut user = self.admin_user(pool_id, username).await?;
        let now = self.clock.now();
        if !enabled {
            // As Cognito's AdminDisableUser: every token the user holds stops working
            // (revoked first, so a failure leaves no live token of a disabled user).
            self.store.revoke_user_families(&user.sub, now).await?;
        }
        user.enabled = enabled;
        user.updated_at = now;
        self.store.update_user(&user).await?;
        tracing::info!(sub = %user.sub, enabled, "user enabled flag set by an administrator");
        Ok(())
    }

    /// Cognito AdminUserGlobalSignOut: revokes every sign-in of the user.
    pub async fn admin_global_sign_out(
        &self,
        pool_id: &str,
        username: &str,
    ) -> Result<(), PoolError> {
        let user = self.admin_user(pool_id, username).await?;
        self.store
            .revoke_user_families(&user.sub, self.clock.now())
            .await?;
        tracing::info!(sub = %user.sub, "user signed out everywhere by an administrator");
        Ok(())
    }

    /// Cognito AdminDeleteUser: the user and everything of theirs.
    pub async fn admin_delete_user(&self, pool_id: &str, username: &str) -> Result<(), PoolError> {
        let user = self.admin_user(pool_id, username).await?;
        self.store.delete_user(&user.sub).await?;
        tracing::info!(sub = %user.sub, "user deleted by an administrator");
        Ok(())
    }
}

/// A temporary password that meets any policy Cognate accepts: 16 random letters and
/// digits with an upper, a lower, a digit and a symbol.
fn temporary_password() -> String {
    use rand::distr::{Alphanumeric, SampleString};
    format!("{}aA1!", Alphanumeric.sample_string(&mut rand::rng(), 12))
}

/// The invitation with the temporary password, readable by a person.
fn invitation_email(
    user: &User,
    to: &str,
    password: &str,
    pages: &EmailPages,
    settings: &PoolSettings,
) -> Email {
    // The pool's own words (Cognito's InviteMessageTemplate), if it has them.
    if let Some(template) = &settings.invite_email {
        return super::code_mail::from_pool(
            Email::new(
                to,
                template.subject.clone(),
                template.invitation(user.sign_in_name(), password),
            ),
            &settings.email,
        );
    }
    let email = Email::new(
        to,
        "Your Cognate account",
        format!(
            "Hello {name},\n\n\
             An account was created for you.\n\n\
             Your username is {name}\n\
             Your temporary password is {password}\n\n\
             Sign in within {days} days; you will be asked to choose a new password:\n\
             {login}\n",
            name = user.sign_in_name(),
            days = settings.temporary_password_days,
            login = EmailPages::for_user(&pages.sign_in, user.sign_in_name()),
        ),
    );
    super::code_mail::from_pool(email, &settings.email)
}
