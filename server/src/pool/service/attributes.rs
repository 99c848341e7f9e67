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
        let (_claims, mut user) = self.authenticate(access_token).await?;
        for (name, value) in &changes {
            if NOT_USER_WRITABLE.contains(&name.as_str()) {
                return Err(PoolError::InvalidParameter(format!(
                    "Cannot modify the non-mutable attribute {name}"
                )));
            }
            check_attribute(name, value)?;
            if name == "email" {
                users::check_email(value)?;
            }
        }
        let email_changed = changes
            .get("email")
            .is_some_and(|email| Some(email.as_str()) != user.email());
        user.attributes.extend(changes);
        if email_changed {
            user.attributes
                .insert("email_verified".into(), "false".into());
        }
        let now = self.clock.now();
        user.updated_at = now;
        self.store.update_user(&user).await?;
        if email_changed {
            return Ok(Some(
                self.send_code(&user, Purpose::VerifyEmail, now).await?,
            ));
        }
        Ok(None)
    }

    /// Cognito DeleteUserAttributes: the pool's required attributes stay.
    pub async fn delete_attributes(
        &self,
        access_token: &str,
        names: &[String],
    ) -> Result<(), PoolError> {
        let (_claims, mut user) = self.authenticate(access_token).await?;
        let pool = self.describe_pool(user.pool_id.as_str()).await?;
        for name in names {
            if pool.settings.required_attributes.contains(name) {
                return Err(PoolError::InvalidParameter(format!(
                    "Cannot delete the required attribute {name}"
                )));
            }
            if NOT_USER_WRITABLE.contains(&name.as_str()) {
                return Err(PoolError::InvalidParameter(format!(
                    "Cannot delete the non-mutable attribute {name}"
                )));
            }
            user.attributes.remove(name);
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
