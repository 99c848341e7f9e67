//! A signed-in user's own attributes: update, delete, verify a changed email, and delete the
//! account (Cognito's UpdateUserAttributes, DeleteUserAttributes,
//! GetUserAttributeVerificationCode, VerifyUserAttribute, DeleteUser).

use super::triggers::MessageFor;
use super::*;

impl UserPool {
    /// Cognito UpdateUserAttributes. A new email is unverified until its emailed code comes
    /// back (VerifyUserAttribute); until then it is no sign-in alias.
    pub async fn update_attributes(
        &self,
        access_token: &str,
        changes: Attributes,
    ) -> Result<Option<CodeDelivery>, PoolError> {
        let (claims, user) = self.authenticate(access_token).await?;
        let client = self.access_token_client(&claims.client_id).await?;
        client.settings.check_writes(changes.keys())?;
        self.change_attributes(user, changes, false).await
    }

    /// Cognito GetUser: the signed-in user, with the attributes their client reads.
    pub async fn own_user(&self, access_token: &str) -> Result<User, PoolError> {
        let (claims, mut user) = self.authenticate(access_token).await?;
        let client = self.access_token_client(&claims.client_id).await?;
        user.attributes
            .retain(|name, _| client.settings.reads(name));
        Ok(user)
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
        let pool = self.describe_pool(user.pool_id.as_str()).await?;
        let write = if by_admin {
            AttributeWrite::AdminUpdate
        } else {
            AttributeWrite::UserUpdate
        };
        for (name, value) in &changes {
            pool.settings.check_attribute(name, value, write)?;
        }
        let email_changed = changes
            .get("email")
            .is_some_and(|email| Some(email.as_str()) != user.email());
        // Where the pool says so, a new email waits for its code: the old one stays (and
        // still signs in) until then — unless an administrator verifies the new one outright.
        let verified_outright =
            by_admin && changes.get("email_verified").map(String::as_str) == Some("true");
        let waiting = match changes.remove("email") {
            Some(email)
                if email_changed
                    && pool.settings.email_waits_for_verification()
                    && !verified_outright =>
            {
                changes.remove("email_verified");
                Some(email)
            }
            Some(email) => {
                changes.insert("email".into(), email);
                None
            }
            None => None,
        };
        if email_changed && waiting.is_none() && !changes.contains_key("email_verified") {
            changes.insert("email_verified".into(), "false".into());
        }
        // A changed phone number is unverified until an administrator verifies it (Cognate
        // sends no SMS); until then it is no sign-in alias.
        let phone_changed = changes
            .get("phone_number")
            .is_some_and(|phone| Some(phone.as_str()) != user.phone());
        if phone_changed && !changes.contains_key("phone_number_verified") {
            changes.insert("phone_number_verified".into(), "false".into());
        }
        user.attributes.extend(changes);
        let now = self.clock.now();
        user.updated_at = now;
        let alias = if phone_changed && !email_changed {
            "phone_number"
        } else {
            "email"
        };
        self.save_attributes(&user, alias).await?;
        if let Some(email) = waiting {
            let delivery = self
                .send_code_to(
                    &user,
                    Purpose::VerifyEmail,
                    MessageFor::UpdateUserAttribute,
                    now,
                    &email,
                    Some(email.clone()),
                )
                .await?;
            return Ok(Some(delivery));
        }
        // A code goes out only where the pool auto-verifies email (Cognito's rule);
        // elsewhere GetUserAttributeVerificationCode asks for one.
        if email_changed && !user.email_verified() && pool.settings.verifies_email() {
            return Ok(Some(
                self.send_code(
                    &user,
                    Purpose::VerifyEmail,
                    MessageFor::UpdateUserAttribute,
                    now,
                )
                .await?,
            ));
        }
        Ok(None)
    }

    /// Stores changed attributes: a verified email (or phone number) another user already
    /// signs in with is Cognito's AliasExistsException.
    async fn save_attributes(&self, user: &User, alias: &str) -> Result<(), PoolError> {
        match self.store.update_user(user).await {
            Ok(()) => Ok(()),
            Err(StoreError::Conflict) => Err(PoolError::AliasExists(AliasTaken::Attribute(
                alias.to_string(),
            ))),
            Err(error) => Err(error.into()),
        }
    }

    /// Cognito DeleteUserAttributes: the pool's required attributes stay.
    pub async fn delete_attributes(
        &self,
        access_token: &str,
        names: &[String],
    ) -> Result<(), PoolError> {
        let (claims, user) = self.authenticate(access_token).await?;
        let client = self.access_token_client(&claims.client_id).await?;
        client.settings.check_writes(names.iter())?;
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
            let is_username = (name == "email" && user.email_sign_in == SignInRule::AsUsername)
                || (name == "phone_number" && user.phone_sign_in == SignInRule::AsUsername);
            if is_username || pool.settings.required_attributes.contains(name) {
                return Err(PoolError::InvalidParameter(Invalid::Attribute(
                    AttributeFault::DeleteRequired(name.clone()),
                )));
            }
            let verified_flag = name == "email_verified" || name == "phone_number_verified";
            let deletable = match pool.settings.attribute(name) {
                // Deleting is writing: the same rules, except that a value need not fit.
                Some(attribute) => {
                    let only_cognate = crate::pool::NOT_USER_WRITABLE.contains(&name.as_str());
                    (attribute.mutable && !only_cognate && (by_admin || !attribute.developer_only))
                        || (by_admin && verified_flag)
                }
                None => true,
            };
            if !deletable {
                return Err(PoolError::InvalidParameter(Invalid::Attribute(
                    AttributeFault::DeleteNotMutable(name.clone()),
                )));
            }
            user.attributes.remove(name);
            if name == "email" {
                user.attributes.remove("email_verified");
            }
            if name == "phone_number" {
                user.attributes.remove("phone_number_verified");
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
            return Err(PoolError::InvalidParameter(Invalid::Attribute(
                AttributeFault::NotVerifiable(attribute.to_string()),
            )));
        }
        let now = self.clock.now();
        // A new email still waiting for its code gets a new code (and keeps waiting).
        let waiting = self
            .store
            .get_code(&user.sub, Purpose::VerifyEmail)
            .await?
            .filter(|code| code.expires_at > now)
            .and_then(|code| code.pending);
        match waiting {
            Some(email) => {
                self.send_code_to(
                    &user,
                    Purpose::VerifyEmail,
                    MessageFor::VerifyUserAttribute,
                    now,
                    &email,
                    Some(email.clone()),
                )
                .await
            }
            None => {
                self.send_code(
                    &user,
                    Purpose::VerifyEmail,
                    MessageFor::VerifyUserAttribute,
                    now,
                )
                .await
            }
        }
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
            return Err(PoolError::InvalidParameter(Invalid::Attribute(
                AttributeFault::NotVerifiable(attribute.to_string()),
            )));
        }
        let stored = self
            .check_code(
                &user.pool_id,
                Some(&user),
                &user.username,
                Purpose::VerifyEmail,
                code,
            )
            .await?;
        // The code of a new email that waited for it makes that email the user's.
        if let Some(email) = stored.pending {
            user.attributes.insert("email".into(), email);
        }
        user.verify_email();
        user.updated_at = self.clock.now();
        self.use_code(Purpose::VerifyEmail, &stored.hash, &user, None)
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
