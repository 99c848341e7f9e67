//! Sign-up, its emailed confirmation code, and the codes of every flow.

use super::throttle::Subject;
use super::*;
use crate::pool::codes::StoredCode;
use crate::pool::{EmailConfiguration, MessageTemplate};

impl UserPool {
    /// Cognito SignUp: creates an unconfirmed user and emails a confirmation code.
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

    /// The hosted sign-up form (a username, an email and a password): where the pool's
    /// email is the username, the form has no username of its own and the email signs up.
    #[tracing::instrument(skip_all)]
    pub async fn sign_up_form(
        &self,
        client_id: &str,
        username: &str,
        email: &str,
        password: &str,
    ) -> Result<SignUpOutcome, PoolError> {
        let (pool, client) = self.client(client_id).await?;
        client.settings.check_writes(["email".to_string()].iter())?;
        let username = match pool.settings.email_sign_in() {
            SignInRule::AsUsername => email,
            _ => username,
        };
        let input = SignUpInput {
            username: username.to_string(),
            password: password.to_string(),
            attributes: [("email".to_string(), email.to_string())].into(),
        };
        self.sign_up_in(&pool, input).await
    }

    async fn sign_up_in(
        &self,
        pool: &PoolConfig,
        input: SignUpInput,
    ) -> Result<SignUpOutcome, PoolError> {
        if pool.settings.admin_create_user_only {
            return Err(PoolError::NotAuthorized(
                "SignUp is not permitted for this user pool".into(),
            ));
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
                return Err(PoolError::NotAuthorized(format!(
                    "User cannot be confirmed. Current status is {}",
                    user.status.as_str()
                )));
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

    /// The pool, client and user a code is typed for: `None` for a name no user answers to
    /// (an error unless the client hides which users exist).
    pub(super) async fn code_user(
        &self,
        client_id: &str,
        proof: ClientProof<'_>,
        username: &str,
    ) -> Result<(PoolConfig, AppClient, Option<User>), PoolError> {
        let (pool, client) = self.proven_client(client_id, proof, username).await?;
        let user = self
            .store
            .find_user(&pool.id, &users::lookup_key(username)?)
            .await?;
        if user.is_none() && !client.settings.prevent_user_existence_errors {
            return Err(PoolError::UserNotFound(
                "Username/client id combination not found.".into(),
            ));
        }
        Ok((pool, client, user))
    }

    /// Emails a new code for `purpose`, replacing any earlier one, within the user's and
    /// the address's share of codes.
    pub(super) async fn send_code(
        &self,
        user: &User,
        purpose: Purpose,
        now: Timestamp,
    ) -> Result<CodeDelivery, PoolError> {
        let Some(email) = user.email() else {
            return Err(PoolError::InvalidParameter(
                "The user has no email to send a code to.".into(),
            ));
        };
        self.send_code_to(user, purpose, now, email, None).await
    }

    /// Emails a new code for `purpose` to `email`; `pending` is the value the code makes the
    /// user's when it comes back (a new email that waits for it).
    pub(super) async fn send_code_to(
        &self,
        user: &User,
        purpose: Purpose,
        now: Timestamp,
        email: &str,
        pending: Option<String>,
    ) -> Result<CodeDelivery, PoolError> {
        self.count_code_sent(Subject::User(&user.sub), Some(email))
            .await?;
        let mut new = NewCode::generate(purpose, now);
        new.stored.pending = pending;
        self.store
            .put_code(&user.sub, purpose, &new.stored, now)
            .await?;
        let (template, sender) = self.mail_settings(&user.pool_id).await?;
        let message = code_email(
            user.sign_in_name(),
            email,
            purpose,
            &new.code,
            &self.pages,
            template.as_ref(),
        );
        if let Err(error) = self.mailer.send(from_pool(message, &sender)).await {
            tracing::warn!(%error, sub = %user.sub, "cannot deliver a code");
            return Err(PoolError::CodeDeliveryFailure(
                "Unable to deliver the code. Try again later.".into(),
            ));
        }
        Ok(CodeDelivery {
            destination: users::mask_email(email),
            attribute: "email",
            medium: "EMAIL",
        })
    }

    /// The pool's own verification email, if its operator wrote one, and whom its emails
    /// come from.
    async fn mail_settings(
        &self,
        pool: &PoolId,
    ) -> Result<(Option<MessageTemplate>, EmailConfiguration), PoolError> {
        Ok(self
            .store
            .get_pool(pool)
            .await?
            .map(|pool| (pool.settings.verification_email, pool.settings.email))
            .unwrap_or_default())
    }

    /// What a name no user answers to gets where a code would be sent: the same counts, the
    /// same writes and a message built and written as a real one is, then thrown away (see
    /// [`Mailer::rehearse`]), so the answer takes as long; and a delivery that looks real
    /// (see [`fake_delivery`]).
    pub(super) async fn pretend_code_sent(
        &self,
        pool: &PoolId,
        purpose: Purpose,
        typed: &str,
    ) -> Result<CodeDelivery, PoolError> {
        let folded = users::fold(typed);
        let address = format!("{}@decoy.invalid", tokens::secret_hash(&folded));
        self.count_code_sent(Subject::Name(pool, typed), Some(&address))
            .await?;
        let now = self.clock.now();
        let new = NewCode::generate(purpose, now);
        // In place of storing the code: one write of the same size.
        self.store
            .count_attempt(&new.stored.hash, now, purpose.lifetime_seconds().min(60))
            .await?;
        // The same read and the same message as for a real user.
        let (template, sender) = self.mail_settings(pool).await?;
        let message = code_email(
            typed,
            &address,
            purpose,
            &new.code,
            &self.pages,
            template.as_ref(),
        );
        if let Err(error) = self.mailer.rehearse(from_pool(message, &sender)).await {
            tracing::debug!(%error, "a decoy message was not rehearsed");
        }
        Ok(fake_delivery(typed))
    }

    /// Checks `code` against the live code of `user` (or of nobody, for an unknown name),
    /// within the subject's wrong-code allowance; returns the code's stored hash when it
    /// matches. Each check spends one of the code's tries first, so concurrent guesses
    /// cannot share one.
    pub(super) async fn check_code(
        &self,
        pool: &PoolId,
        user: Option<&User>,
        typed: &str,
        purpose: Purpose,
        code: &str,
    ) -> Result<StoredCode, PoolError> {
        let who = Subject::of(user, pool, typed);
        self.ensure_guesses_left(who).await?;
        let now = self.clock.now();
        let Some(user) = user else {
            // Nobody's code: wrong if "sent" this window, as a real one would be, else gone.
            self.code_guess_failed(who).await?;
            return Err(if self.code_was_sent(who).await? {
                PoolError::CodeMismatch(CODE_MISMATCH.into())
            } else {
                PoolError::ExpiredCode(EXPIRED_CODE.into())
            });
        };
        let Some(stored) = self.store.take_code_try(&user.sub, purpose, now).await? else {
            return Err(PoolError::ExpiredCode(EXPIRED_CODE.into()));
        };
        if codes::matches(&stored, purpose, code) {
            return Ok(stored);
        }
        self.code_guess_failed(who).await?;
        tracing::info!(sub = %user.sub, tries_left = stored.tries_left - 1, "wrong code");
        Err(PoolError::CodeMismatch(CODE_MISMATCH.into()))
    }

    pub(super) async fn use_code(
        &self,
        purpose: Purpose,
        code_hash: &str,
        user: &User,
        revoke_sessions_at: Option<Timestamp>,
    ) -> Result<(), PoolError> {
        let used = self
            .store
            .use_code(CodeUse {
                purpose,
                code_hash,
                user,
                revoke_sessions_at,
            })
            .await;
        match used {
            Ok(true) => Ok(()),
            // Used a moment ago by a concurrent request, or replaced by a newer code.
            Ok(false) => Err(PoolError::ExpiredCode(EXPIRED_CODE.into())),
            Err(StoreError::Conflict) => Err(PoolError::AliasExists(
                "An account with the given email already exists.".into(),
            )),
            Err(e) => Err(e.into()),
        }
    }
}

/// Cognito's messages for a wrong code and for one that can no longer be used.
pub(super) const CODE_MISMATCH: &str = "Invalid verification code provided, please try again.";
const EXPIRED_CODE: &str = "Invalid code provided, please request a code again.";

/// What an unknown user gets instead of "not found": a delivery that looks real. Its
/// letters come from the name typed (an email's own letters, or the name's first and one
/// derived from a hash of it), so asking twice gives the same answer and no constant
/// gives it away.
pub(super) fn fake_delivery(typed: &str) -> CodeDelivery {
    let folded = users::fold(typed);
    let destination = match folded.split_once('@') {
        Some((local, domain)) if !local.is_empty() && !domain.is_empty() => {
            users::mask_email(&folded)
        }
        _ => {
            let first = folded.chars().next().unwrap_or('u');
            let hash = tokens::secret_hash(&format!("fake-delivery\0{folded}"));
            let letter = hash
                .bytes()
                .map(|b| char::from(b'a' + b % 26))
                .next()
                .unwrap_or('e');
            format!("{first}***@{letter}***")
        }
    };
    CodeDelivery {
        destination,
        attribute: "email",
        medium: "EMAIL",
    }
}

/// `email` from the pool's sender, where it names one.
pub(super) fn from_pool(mut email: Email, sender: &EmailConfiguration) -> Email {
    email.from.clone_from(&sender.from);
    email.reply_to.clone_from(&sender.reply_to);
    email
}

/// The email carrying a code: subject and body a person reads, with a link to the page
/// that takes the code.
pub(super) fn code_email(
    name: &str,
    to: &str,
    purpose: Purpose,
    code: &str,
    pages: &EmailPages,
    template: Option<&MessageTemplate>,
) -> Email {
    // The pool's own words, for the codes Cognito's VerificationMessageTemplate covers.
    if let Some(template) = template.filter(|_| purpose != Purpose::SignIn) {
        return Email::new(to, template.subject.clone(), template.with_code(code));
    }
    // The page that takes the code, with the username filled in.
    let page = |page: &str| EmailPages::for_user(page, name);
    // Lines under 76 characters keep the message plain 7-bit text, readable as is.
    let (subject, body) = match purpose {
        Purpose::SignUp => (
            "Your Cognate verification code".to_string(),
            format!(
                "Hello {name},\n\n\
                 Your verification code is {code}\n\n\
                 Enter it on the confirmation page to finish creating your account:\n\
                 {link}\n\n\
                 The code expires in 24 hours. If you did not sign up, you can\n\
                 ignore this message.\n",
                name = name,
                link = page(&pages.confirm_sign_up),
            ),
        ),
        Purpose::ResetPassword => (
            "Your Cognate password reset code".to_string(),
            format!(
                "Hello {name},\n\n\
                 Your password reset code is {code}\n\n\
                 Enter it with your new password on the reset page:\n\
                 {link}\n\n\
                 The code expires in 1 hour. If you did not ask to reset your\n\
                 password, you can ignore this message; it has not changed.\n",
                name = name,
                link = page(&pages.reset_password),
            ),
        ),
        Purpose::SignIn => (
            "Your Cognate sign-in code".to_string(),
            format!(
                "Hello {name},\n\n\
                 Your sign-in code is {code}\n\n\
                 Enter it where you are signing in. It expires in 3 minutes.\n\
                 If you did not try to sign in, change your password.\n",
            ),
        ),
        Purpose::VerifyEmail => (
            "Your Cognate email verification code".to_string(),
            format!(
                "Hello {name},\n\n\
                 Your verification code is {code}\n\n\
                 Enter it in the app where you changed your email address to\n\
                 confirm this address. The code expires in 24 hours.\n",
                name = name,
            ),
        ),
    };
    Email::new(to, subject, body)
}

#[cfg(test)]
mod tests {
    use crate::pool::secrets::ClientProof;
    use crate::pool::{ClientSettings, PoolError, PoolSettings, SignUpInput, UserStatus};
    use crate::testkit::{Kit, PASSWORD, email_of, refused, refused_with};

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
        refused(confirmed, PoolError::NotAuthorized);
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
        refused_with(
            kit.pool
                .sign_up(
                    kit.client_id(),
                    ClientProof::Trusted,
                    input("joe", "joe@example.com", "short"),
                )
                .await,
            PoolError::InvalidPassword,
            "long enough",
        );
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
        assert_eq!(hidden.destination, super::fake_delivery("jane").destination);
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
        refused(
            kit.pool
                .sign_up(
                    client.id.as_str(),
                    ClientProof::SecretHash(None),
                    input("jane", "jane@example.com", PASSWORD),
                )
                .await,
            PoolError::NotAuthorized,
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
    async fn where_the_email_is_the_username_the_form_signs_up_with_the_email() {
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
            .sign_up_form(client.id.as_str(), "", "Jane@Example.com", PASSWORD)
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
        // In the default pool the form's username is the username.
        let outcome = kit
            .pool
            .sign_up_form(kit.client_id(), "joe", &email_of("joe"), PASSWORD)
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
                .sign_in(client.id.as_str(), "jane", PASSWORD, None)
                .await,
            PoolError::AwaitingConfirmation,
        );
    }
}
