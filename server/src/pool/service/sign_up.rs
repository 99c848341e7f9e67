//! Sign-up and its emailed confirmation code.

use super::*;

impl UserPool {
    /// Sign-up, through either door (Cognito's SignUp, the hosted sign-up form): creates an
    /// unconfirmed user and emails a confirmation code. The client's proof is the door's:
    /// a SECRET_HASH for the API, none for the pages.
    #[tracing::instrument(skip_all, fields(client_id))]
    pub async fn sign_up(
        &self,
        client_id: &str,
        proof: ClientProof<'_>,
        input: SignUpInput,
    ) -> Result<SignUpOutcome, PoolError> {
        let (pool, client) = self
            .proven_client(client_id, proof, &input.username)
            .await?;
        client.settings.check_writes(input.attributes.keys())?;
        self.sign_up_in(&pool, input).await
    }

    async fn sign_up_in(
        &self,
        pool: &PoolConfig,
        input: SignUpInput,
    ) -> Result<SignUpOutcome, PoolError> {
        if pool.settings.admin_create_user_only {
            return Err(PoolError::NotAuthorized(Denied::SignUpNotAllowed));
        }
        let (sub, username, mut attributes) = checked_identity(
            &pool.settings,
            input.username,
            input.attributes,
            AttributeWrite::SignUp,
        )?;
        // As Cognito: a weak password is the answer whatever else is wrong.
        check_password(pool, &input.password)?;
        pool.settings.check_required(&attributes)?;
        if let Some(email) = attributes.get("email")
            && pool.settings.verifies_email()
        {
            self.ensure_address_can_receive(email).await?;
        }
        // Only a code sent to the address can verify it, and only an administrator a phone
        // number (Cognate sends no SMS): neither is the user's to claim.
        attributes.remove("email_verified");
        attributes.remove("phone_number_verified");

        let user = self
            .new_user(
                pool,
                sub,
                username,
                UserStatus::Unconfirmed,
                attributes,
                &input.password,
            )
            .await?;
        let now = user.created_at;
        match self.store.insert_user(&user).await {
            Ok(()) => {}
            Err(StoreError::Conflict) if user.sign_in_name() != user.username => {
                let attribute = if Some(user.sign_in_name()) == user.phone() {
                    "phone_number"
                } else {
                    "email"
                };
                return Err(PoolError::UsernameExists(format!(
                    "An account with the given {attribute} already exists."
                )));
            }
            Err(StoreError::Conflict) => {
                return Err(PoolError::UsernameExists("User already exists".into()));
            }
            Err(e) => return Err(e.into()),
        }
        tracing::info!(pool_id = %pool.id, sub = %user.sub, "user signed up");
        // Without auto-verification, or without an email to send to, no code is sent: an
        // administrator confirms the user.
        let delivery = if pool.settings.verifies_email() && user.attributes.contains_key("email") {
            Some(self.send_code(&user, Purpose::SignUp, now).await?)
        } else {
            None
        };
        Ok(SignUpOutcome {
            sign_in_name: user.sign_in_name().to_string(),
            sub: user.sub,
            confirmed: false,
            delivery,
        })
    }

    /// Cognito ConfirmSignUp: the code from the email confirms the user and verifies the
    /// email, which becomes a sign-in alias. Where the client hides which users exist, a
    /// user who is not waiting for confirmation answers as an unknown name does.
    #[tracing::instrument(skip_all)]
    pub async fn confirm_sign_up(
        &self,
        client_id: &str,
        proof: ClientProof<'_>,
        username: &str,
        code: &str,
    ) -> Result<(), PoolError> {
        let (pool, client, user) = self.code_user(client_id, proof, username).await?;
        let hiding = client.settings.prevent_user_existence_errors;
        let user = match user {
            Some(user) if user.status != UserStatus::Unconfirmed && !hiding => {
                return Err(PoolError::NotAuthorized(Denied::CannotConfirm(user.status)));
            }
            Some(user) if user.status != UserStatus::Unconfirmed => None,
            other => other,
        };
        let code_hash = self
            .check_code(&pool.id, user.as_ref(), username, Purpose::SignUp, code)
            .await?
            .hash;
        let Some(mut user) = user else {
            return Err(PoolError::Internal);
        };
        user.status = UserStatus::Confirmed;
        user.verify_email();
        user.updated_at = self.clock.now();
        self.use_code(Purpose::SignUp, &code_hash, &user, None)
            .await?;
        tracing::info!(sub = %user.sub, "user confirmed");
        Ok(())
    }

    /// Cognito ResendConfirmationCode: a fresh code; the previous one stops working. Where
    /// the client hides which users exist, a confirmed user and an unknown name get the
    /// answer a real delivery gets.
    #[tracing::instrument(skip_all)]
    pub async fn resend_confirmation_code(
        &self,
        client_id: &str,
        proof: ClientProof<'_>,
        username: &str,
    ) -> Result<CodeDelivery, PoolError> {
        let (pool, client) = self.proven_client(client_id, proof, username).await?;
        if !pool.settings.verifies_email() {
            return Err(PoolError::InvalidParameter(
                "Cannot resend codes. Auto verification not turned on.".into(),
            ));
        }
        let user = self
            .store
            .find_user(&pool.id, &users::lookup_key(username)?)
            .await?;
        let hiding = client.settings.prevent_user_existence_errors;
        match user {
            Some(user) if user.status == UserStatus::Unconfirmed => {
                self.send_code(&user, Purpose::SignUp, self.clock.now())
                    .await
            }
            Some(_) if !hiding => Err(PoolError::InvalidParameter(
                "User is already confirmed.".into(),
            )),
            _ if hiding => {
                self.pretend_code_sent(&pool.id, Purpose::SignUp, username)
                    .await
            }
            _ => Err(PoolError::UserNotFound(
                "Username/client id combination not found.".into(),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::pool::PasswordFault;
    use crate::pool::secrets::ClientProof;
    use crate::pool::{ClientSettings, PoolError, PoolSettings, SignUpInput, UserStatus};
    use crate::testkit::{Kit, PASSWORD, denied, email_of, refused, refused_with, weak};
    use password_policy::PasswordRule;

    fn input(username: &str, email: &str, password: &str) -> SignUpInput {
        SignUpInput {
            username: username.into(),
            password: password.into(),
            attributes: [("email".to_string(), email.to_string())].into(),
        }
    }

    #[tokio::test]
    async fn a_sign_up_is_unconfirmed_until_its_emailed_code_comes_back() {
        let kit = Kit::new().await;
        let user = kit.sign_up("jane").await;
        assert_eq!(user.status, UserStatus::Unconfirmed);
        assert!(!user.email_verified());
        let code = kit.last_code("jane@example.com");
        kit.confirm("JANE", &code).await.unwrap();
        let user = kit.user(&user.sub).await;
        assert_eq!(user.status, UserStatus::Confirmed);
        assert!(user.email_verified(), "the code proved the address");
        // Used once: the same code cannot confirm again. The client hides which users
        // exist, so a confirmed user answers as an unknown name does; a client that does
        // not is told the status.
        refused(kit.confirm("jane", &code).await, PoolError::ExpiredCode);
        refused(kit.confirm("nobody", &code).await, PoolError::ExpiredCode);
        let open = kit.open_client().await;
        let confirmed = kit
            .pool
            .confirm_sign_up(open.id.as_str(), ClientProof::Trusted, "jane", &code)
            .await;
        denied(confirmed);
    }

    #[tokio::test]
    async fn a_taken_username_or_a_weak_password_is_refused() {
        let kit = Kit::new().await;
        kit.sign_up("jane").await;
        refused(
            kit.pool
                .sign_up(
                    kit.client_id(),
                    ClientProof::Trusted,
                    input("Jane", "other@example.com", PASSWORD),
                )
                .await,
            PoolError::UsernameExists,
        );
        let short = kit
            .pool
            .sign_up(
                kit.client_id(),
                ClientProof::Trusted,
                input("joe", "joe@example.com", "short"),
            )
            .await;
        assert!(matches!(
            weak(short),
            PasswordFault::Unmet(PasswordRule::MinimumLength(_))
        ));
        refused_with(
            kit.pool
                .sign_up(
                    kit.client_id(),
                    ClientProof::Trusted,
                    SignUpInput {
                        attributes: Default::default(),
                        ..input("ann", "", PASSWORD)
                    },
                )
                .await,
            PoolError::InvalidParameter,
            "email",
        );
    }

    #[tokio::test]
    async fn a_code_expires_after_a_day() {
        let kit = Kit::new().await;
        kit.sign_up("jane").await;
        let code = kit.last_code("jane@example.com");
        kit.advance(24 * 3600);
        refused(kit.confirm("jane", &code).await, PoolError::ExpiredCode);
    }

    #[tokio::test]
    async fn five_wrong_tries_kill_the_code() {
        let kit = Kit::new().await;
        kit.sign_up("jane").await;
        let code = kit.last_code("jane@example.com");
        let wrong = if code == "000000" { "111111" } else { "000000" };
        for _ in 0..5 {
            refused(kit.confirm("jane", wrong).await, PoolError::CodeMismatch);
        }
        refused(kit.confirm("jane", &code).await, PoolError::ExpiredCode);
    }

    #[tokio::test]
    async fn a_resent_code_kills_the_old_one() {
        let kit = Kit::new().await;
        kit.sign_up("jane").await;
        let old = kit.last_code("jane@example.com");
        let delivery = kit.resend("jane").await.unwrap();
        assert_eq!(delivery.destination, "j***@e***");
        let new = kit.last_code("jane@example.com");
        assert_eq!(kit.mail.to("jane@example.com").len(), 2);
        if old != new {
            let stale = kit.confirm("jane", &old).await;
            assert!(stale.is_err(), "the old code is dead");
        }
        kit.confirm("jane", &new).await.unwrap();
        // Confirmed users get no more codes; where the client hides which users exist,
        // the answer is an unknown name's.
        let sent = kit.mail.to("jane@example.com").len();
        let hidden = kit.resend("jane").await.unwrap();
        assert_eq!(
            hidden.destination,
            super::super::code_mail::fake_delivery("jane").destination
        );
        assert_eq!(kit.mail.to("jane@example.com").len(), sent, "no email");
        let open = kit.open_client().await;
        let told = kit
            .pool
            .resend_confirmation_code(open.id.as_str(), ClientProof::Trusted, "jane")
            .await;
        refused(told, PoolError::InvalidParameter);
    }

    #[tokio::test]
    async fn unknown_users_look_like_known_ones_unless_the_client_opts_out() {
        let kit = Kit::new().await;
        // PreventUserExistenceErrors (the default): a made-up delivery, a code mismatch.
        let resent = kit.resend("nobody").await.unwrap();
        assert!(resent.destination.contains("***"));
        assert!(kit.mail.to("nobody@example.com").is_empty());
        refused(
            kit.confirm("nobody", "123456").await,
            PoolError::CodeMismatch,
        );

        let open = kit.open_client().await;
        refused(
            kit.pool
                .resend_confirmation_code(open.id.as_str(), ClientProof::Trusted, "nobody")
                .await,
            PoolError::UserNotFound,
        );
    }

    #[tokio::test]
    async fn a_client_with_a_secret_needs_the_secret_hash() {
        let kit = Kit::new().await;
        let client = kit.client_with(true, ClientSettings::default()).await;
        denied(
            kit.pool
                .sign_up(
                    client.id.as_str(),
                    ClientProof::SecretHash(None),
                    input("jane", "jane@example.com", PASSWORD),
                )
                .await,
        );
        let hash = crate::pool::secrets::secret_hash(
            client.secret.as_ref().unwrap().expose(),
            "jane",
            client.id.as_str(),
        );
        kit.pool
            .sign_up(
                client.id.as_str(),
                ClientProof::SecretHash(Some(&hash)),
                input("jane", "jane@example.com", PASSWORD),
            )
            .await
            .unwrap();
    }

    #[tokio::test]
    async fn where_the_email_is_the_username_the_email_signs_up_and_the_sub_is_stored() {
        let kit = Kit::new().await;
        let (_, client) = kit
            .pool_with(PoolSettings {
                username_attributes: vec!["email".into()],
                alias_attributes: vec![],
                ..PoolSettings::default()
            })
            .await;
        let outcome = kit
            .pool
            .sign_up(
                client.id.as_str(),
                ClientProof::Trusted,
                input("Jane@Example.com", "Jane@Example.com", PASSWORD),
            )
            .await
            .unwrap();
        assert_eq!(outcome.sign_in_name, "Jane@Example.com");
        assert!(outcome.delivery.is_some());
        let user = kit.user(&outcome.sub).await;
        assert_eq!(
            user.username,
            user.sub.as_str(),
            "the stored username is the sub"
        );
        // In the default pool the username is the username.
        let outcome = kit
            .pool
            .sign_up(
                kit.client_id(),
                ClientProof::Trusted,
                input("joe", &email_of("joe"), PASSWORD),
            )
            .await
            .unwrap();
        assert_eq!(outcome.sign_in_name, "joe");
    }

    #[tokio::test]
    async fn a_pool_without_auto_verification_sends_no_code() {
        let kit = Kit::new().await;
        let (_, client) = kit
            .pool_with(PoolSettings {
                auto_verified_attributes: vec![],
                ..PoolSettings::default()
            })
            .await;
        let outcome = kit
            .pool
            .sign_up(
                client.id.as_str(),
                ClientProof::Trusted,
                input("jane", "jane@example.com", PASSWORD),
            )
            .await
            .unwrap();
        assert_eq!(outcome.delivery, None);
        assert!(kit.mail.to("jane@example.com").is_empty());
        refused(
            kit.pool
                .resend_confirmation_code(client.id.as_str(), ClientProof::Trusted, "jane")
                .await,
            PoolError::InvalidParameter,
        );
        // The hosted sign-in says an administrator confirms, not "enter the code".
        refused(
            kit.pool
                .password_sign_in(
                    client.id.as_str(),
                    "jane",
                    PASSWORD,
                    crate::pool::Via::Pages {
                        oauth_request: None,
                    },
                )
                .await,
            PoolError::AwaitingConfirmation,
        );
    }
}
