//! A signed-in user's own attributes: update, delete, verify a changed email, and delete the
//! account (Cognito's UpdateUserAttributes, DeleteUserAttributes,
//! GetUserAttributeVerificationCode, VerifyUserAttribute, DeleteUser).

use super::*;

/// Attributes only Cognate (or an administrator) sets.
const NOT_USER_WRITABLE: &[&str] = &["sub", "email_verified", "phone_number_verified"];

impl UserPool {
    /// Cognito UpdateUserAttributes. A new email is unverified until its emailed code comes
    /// back (VerifyUserAttribute); until then it is no sign-in alias.
    pub async fn update_attributes(
        &self,
        access_token: &str,
        changes: Attributes,
    ) -> Result<Option<CodeDelivery>, PoolError> {
        let (_claims, user) = self.authenticate(access_token).await?;
        self.change_attributes(user, changes, false).await
    }

    /// Cognito AdminUpdateUserAttributes: as the user's own update, but an administrator
    /// may also set `email_verified` (a changed email with `email_verified=true` is
    /// verified at once and no code is sent).
    pub async fn admin_update_attributes(
        &self,
        pool_id: &str,
        username: &str,
        changes: Attributes,
    ) -> Result<Option<CodeDelivery>, PoolError> {
        let user = self.admin_user(pool_id, username).await?;
        self.change_attributes(user, changes, true).await
    }

    async fn change_attributes(
        &self,
        mut user: User,
        mut changes: Attributes,
        by_admin: bool,
    ) -> Result<Option<CodeDelivery>, PoolError> {
        for (name, value) in &changes {
            let writable = !NOT_USER_WRITABLE.contains(&name.as_str())
                || (by_admin && name == "email_verified");
            if !writable {
                return Err(PoolError::InvalidParameter(format!(
                    "Cannot modify the non-mutable attribute {name}"
                )));
            }
            check_attribute(name, value)?;
            match name.as_str() {
                "email" => users::check_email(value)?,
                "email_verified" if value != "true" && value != "false" => {
                    return Err(PoolError::InvalidParameter(
                        "email_verified is true or false.".into(),
                    ));
                }
                _ => {}
            }
        }
        let email_changed = changes
            .get("email")
            .is_some_and(|email| Some(email.as_str()) != user.email());
        if email_changed && !changes.contains_key("email_verified") {
            changes.insert("email_verified".into(), "false".into());
        }
        user.attributes.extend(changes);
        let now = self.clock.now();
        user.updated_at = now;
        self.save_attributes(&user).await?;
        // A code goes out only where the pool auto-verifies email (Cognito's rule);
        // elsewhere GetUserAttributeVerificationCode asks for one.
        let pool = self.describe_pool(user.pool_id.as_str()).await?;
        if email_changed && !user.email_verified() && pool.settings.verifies_email() {
            return Ok(Some(
                self.send_code(&user, Purpose::VerifyEmail, now).await?,
            ));
        }
        Ok(None)
    }

    /// Stores changed attributes: a verified email another user already signs in with is
    /// Cognito's AliasExistsException.
    async fn save_attributes(&self, user: &User) -> Result<(), PoolError> {
        match self.store.update_user(user).await {
            Ok(()) => Ok(()),
            Err(StoreError::Conflict) => Err(PoolError::AliasExists(
                "An account with the given email already exists.".into(),
            )),
            Err(error) => Err(error.into()),
        }
    }

    /// Cognito DeleteUserAttributes: the pool's required attributes stay.
    pub async fn delete_attributes(
        &self,
        access_token: &str,
        names: &[String],
    ) -> Result<(), PoolError> {
        let (_claims, user) = self.authenticate(access_token).await?;
        self.remove_attributes(user, names, false).await
    }

    /// Cognito AdminDeleteUserAttributes: as the user's own, but `email_verified` may go.
    pub async fn admin_delete_attributes(
        &self,
        pool_id: &str,
        username: &str,
        names: &[String],
    ) -> Result<(), PoolError> {
        let user = self.admin_user(pool_id, username).await?;
        self.remove_attributes(user, names, true).await
    }

    async fn remove_attributes(
        &self,
        mut user: User,
        names: &[String],
        by_admin: bool,
    ) -> Result<(), PoolError> {
        let pool = self.describe_pool(user.pool_id.as_str()).await?;
        for name in names {
            let is_username = name == "email" && user.email_sign_in == EmailSignIn::AsUsername;
            if is_username || pool.settings.required_attributes.contains(name) {
                return Err(PoolError::InvalidParameter(format!(
                    "Cannot delete the required attribute {name}"
                )));
            }
            let deletable = !NOT_USER_WRITABLE.contains(&name.as_str())
                || (by_admin && name == "email_verified");
            if !deletable {
                return Err(PoolError::InvalidParameter(format!(
                    "Cannot delete the non-mutable attribute {name}"
                )));
            }
            user.attributes.remove(name);
            if name == "email" {
                user.attributes.remove("email_verified");
            }
        }
        user.updated_at = self.clock.now();
        self.store.update_user(&user).await?;
        Ok(())
    }

    /// Cognito GetUserAttributeVerificationCode (email only: Cognate sends no SMS).
    pub async fn send_verification_code(
        &self,
        access_token: &str,
        attribute: &str,
    ) -> Result<CodeDelivery, PoolError> {
        let (_claims, user) = self.authenticate(access_token).await?;
        if attribute != "email" {
            return Err(PoolError::InvalidParameter(format!(
                "Only email can be verified, not {attribute}."
            )));
        }
        self.send_code(&user, Purpose::VerifyEmail, self.clock.now())
            .await
    }

    /// Cognito VerifyUserAttribute: the emailed code marks the email verified, which makes
    /// it a sign-in alias (unless another user's verified email already is).
    pub async fn verify_attribute(
        &self,
        access_token: &str,
        attribute: &str,
        code: &str,
    ) -> Result<(), PoolError> {
        let (_claims, mut user) = self.authenticate(access_token).await?;
        if attribute != "email" {
            return Err(PoolError::InvalidParameter(format!(
                "Only email can be verified, not {attribute}."
            )));
        }
        let code_hash = self.check_code(&user, Purpose::VerifyEmail, code).await?;
        user.verify_email();
        user.updated_at = self.clock.now();
        self.use_code(Purpose::VerifyEmail, &code_hash, &user, None)
            .await
    }

    /// Cognito DeleteUser: the signed-in user deletes their own account.
    pub async fn delete_self(&self, access_token: &str) -> Result<(), PoolError> {
        let (_claims, user) = self.authenticate(access_token).await?;
        self.store.delete_user(&user.sub).await?;
        tracing::info!(sub = %user.sub, "user deleted their account");
        Ok(())
    }
}
