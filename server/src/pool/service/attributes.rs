//! A signed-in user's own attributes: update, delete, verify a changed email, and delete the
//! account (Cognito's UpdateUserAttributes, DeleteUserAttributes,
//! GetUserAttributeVerificationCode, VerifyUserAttribute, DeleteUser).

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
                self.send_code(&user, Purpose::VerifyEmail, now).await?,
            ));
        }
        Ok(None)
    }

    /// Stores changed attributes: a verified email (or phone number) another user already
    /// signs in with is Cognito's AliasExistsException.
    async fn save_attributes(&self, user: &User, alias: &str) -> Result<(), PoolError> {
        match self.store.update_user(user).await {
            Ok(()) => Ok(()),
            Err(StoreError::Conflict) => Err(PoolError::AliasExists(format!(
                "An account with the given {alias} already exists."
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
                return Err(PoolError::InvalidParameter(format!(
                    "Cannot delete the required attribute {name}"
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
                return Err(PoolError::InvalidParameter(format!(
                    "Cannot delete the non-mutable attribute {name}"
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
            return Err(PoolError::InvalidParameter(format!(
                "Only email can be verified, not {attribute}."
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
                    now,
                    &email,
                    Some(email.clone()),
                )
                .await
            }
            None => self.send_code(&user, Purpose::VerifyEmail, now).await,
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
            return Err(PoolError::InvalidParameter(format!(
                "Only email can be verified, not {attribute}."
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

#[cfg(test)]
mod tests {
    use crate::pool::{Attributes, PoolError, SignInStep};
    use crate::testkit::{Kit, PASSWORD, refused, refused_with};

    fn attributes(pairs: &[(&str, &str)]) -> Attributes {
        pairs
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect()
    }

    #[tokio::test]
    async fn a_changed_email_signs_in_only_once_verified() {
        let kit = Kit::with_user("jane").await;
        let token = kit.signed_in("jane").await.tokens.access_token;
        let delivery = kit
            .pool
            .update_attributes(&token, attributes(&[("email", "jane@new.example")]))
            .await
            .unwrap();
        assert_eq!(
            delivery.map(|d| d.destination).as_deref(),
            Some("j***@n***")
        );
        let (_, user) = kit.pool.authenticate(&token).await.unwrap();
        assert!(!user.email_verified());
        assert!(kit.sign_in("jane@new.example", PASSWORD).await.is_err());
        let code = kit.last_code("jane@new.example");
        kit.pool
            .verify_attribute(&token, "email", &code)
            .await
            .unwrap();
        let step = kit.sign_in("jane@new.example", PASSWORD).await;
        assert!(matches!(step, Ok(SignInStep::Done(_))), "{step:?}");
    }

    #[tokio::test]
    async fn a_user_cannot_write_what_only_cognate_sets() {
        let kit = Kit::with_user("jane").await;
        let token = kit.signed_in("jane").await.tokens.access_token;
        for name in ["sub", "email_verified"] {
            refused(
                kit.pool
                    .update_attributes(&token, attributes(&[(name, "true")]))
                    .await,
                PoolError::InvalidParameter,
            );
        }
        refused_with(
            kit.pool
                .delete_attributes(&token, &["email".to_string()])
                .await,
            PoolError::InvalidParameter,
            "required",
        );
        kit.pool
            .update_attributes(&token, attributes(&[("custom:team", "blue")]))
            .await
            .unwrap();
        kit.pool
            .delete_attributes(&token, &["custom:team".to_string()])
            .await
            .unwrap();
        let (_, user) = kit.pool.authenticate(&token).await.unwrap();
        assert!(!user.attributes.contains_key("custom:team"));
        // An administrator may verify an email outright: no code goes out.
        let sent = kit.mail.to("jane@admin.example").len();
        let delivery = kit
            .pool
            .admin_update_attributes(
                kit.pool_id(),
                "jane",
                attributes(&[("email", "jane@admin.example"), ("email_verified", "true")]),
            )
            .await
            .unwrap();
        assert_eq!(delivery, None);
        assert_eq!(kit.mail.to("jane@admin.example").len(), sent);
        kit.pool
            .admin_delete_attributes(kit.pool_id(), "jane", &["email_verified".to_string()])
            .await
            .unwrap();
        let user = kit.pool.admin_user(kit.pool_id(), "jane").await.unwrap();
        assert!(!user.email_verified());
    }

    #[tokio::test]
    async fn a_verified_email_cannot_be_taken_by_another_user() {
        let kit = Kit::with_user("jane").await;
        kit.confirmed_user("joe").await;
        refused(
            kit.pool
                .admin_update_attributes(
                    kit.pool_id(),
                    "joe",
                    attributes(&[("email", "jane@example.com"), ("email_verified", "true")]),
                )
                .await,
            PoolError::AliasExists,
        );
    }

    #[tokio::test]
    async fn only_email_is_verified_and_by_its_own_code() {
        let kit = Kit::with_user("jane").await;
        let token = kit.signed_in("jane").await.tokens.access_token;
        refused(
            kit.pool
                .send_verification_code(&token, "phone_number")
                .await,
            PoolError::InvalidParameter,
        );
        kit.pool
            .send_verification_code(&token, "email")
            .await
            .unwrap();
        let code = kit.last_code("jane@example.com");
        let wrong = if code == "000000" { "111111" } else { "000000" };
        refused(
            kit.pool.verify_attribute(&token, "email", wrong).await,
            PoolError::CodeMismatch,
        );
        kit.pool
            .verify_attribute(&token, "email", &code)
            .await
            .unwrap();
    }

    #[tokio::test]
    async fn a_user_deletes_their_own_account() {
        let kit = Kit::with_user("jane").await;
        let token = kit.signed_in("jane").await.tokens.access_token;
        kit.pool.delete_self(&token).await.unwrap();
        assert!(!kit.accepts(&token).await);
        refused(
            kit.pool.admin_user(kit.pool_id(), "jane").await,
            PoolError::UserNotFound,
        );
    }
}
