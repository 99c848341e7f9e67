//! Emailed codes of every flow (sign-up, reset, email verification, sign-in): whom a code
//! is typed for, sending one within the limits, checking and spending it, and the messages
//! that carry codes.

use super::throttle::Subject;
use super::triggers::MessageFor;
use super::*;
use crate::pool::codes::StoredCode;
use crate::pool::triggers::Trigger;
use crate::pool::{EmailConfiguration, MessageTemplate};

impl UserPool {
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
            return Err(PoolError::UserNotFound(UnknownUser::ForClient));
        }
        Ok((pool, client, user))
    }

    /// Emails a new code for `purpose`, replacing any earlier one, within the user's and
    /// the address's share of codes.
    pub(super) async fn send_code(
        &self,
        user: &User,
        purpose: Purpose,
        occasion: MessageFor,
        now: Timestamp,
    ) -> Result<CodeDelivery, PoolError> {
        let Some(email) = user.email() else {
            return Err(PoolError::InvalidParameter(Invalid::SignIn(
                SignInFault::NoEmail,
            )));
        };
        self.send_code_to(user, purpose, occasion, now, email, None)
            .await
    }

    /// Emails a new code for `purpose` to `email`; `pending` is the value the code makes the
    /// user's when it comes back (a new email that waits for it).
    pub(super) async fn send_code_to(
        &self,
        user: &User,
        purpose: Purpose,
        occasion: MessageFor,
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
        let pool = self.store.get_pool(&user.pool_id).await?;
        let (template, sender) = mail_settings(pool.as_ref());
        let mut message = code_email(
            user.sign_in_name(),
            email,
            purpose,
            &new.code,
            &self.pages,
            template.as_ref(),
        );
        if let Some(pool) = &pool {
            message = self
                .custom_message(pool, occasion, user, &new.code, message)
                .await?;
        }
        if let Err(error) = self.mailer.send(from_pool(message, &sender)).await {
            tracing::warn!(%error, sub = %user.sub, "cannot deliver a code");
            return Err(PoolError::CodeDeliveryFailure(Delivery::Code));
        }
        Ok(CodeDelivery {
            destination: users::mask_email(email),
            attribute: "email",
            medium: "EMAIL",
        })
    }

    /// What a name no user answers to gets where a code would be sent: the same counts, the
    /// same writes and a message built and written as a real one is (through the pool's
    /// custom message trigger too, for a user of the typed name and the decoy address),
    /// then thrown away (see [`Mailer::rehearse`]), so the answer takes as long; and a
    /// delivery that looks real (see [`fake_delivery`]).
    pub(super) async fn pretend_code_sent(
        &self,
        pool: &PoolId,
        purpose: Purpose,
        occasion: MessageFor,
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
        let config = self.store.get_pool(pool).await?;
        let (template, sender) = mail_settings(config.as_ref());
        let mut message = code_email(
            typed,
            &address,
            purpose,
            &new.code,
            &self.pages,
            template.as_ref(),
        );
        if let Some(config) = config.filter(|c| Self::has_trigger(c, Trigger::CustomMessage)) {
            let decoy = User {
                sub: Sub::generate(),
                pool_id: pool.clone(),
                username: typed.to_string(),
                status: UserStatus::Confirmed,
                enabled: true,
                password_hash: None,
                srp_verifier: None,
                email_sign_in: SignInRule::No,
                phone_sign_in: SignInRule::No,
                attributes: [("email".to_string(), address.clone())].into(),
                created_at: now,
                updated_at: now,
            };
            match self
                .custom_message(&config, occasion, &decoy, &new.code, message.clone())
                .await
            {
                Ok(custom) => message = custom,
                Err(error) => tracing::debug!(%error, "a decoy message's trigger failed"),
            }
        }
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
                PoolError::CodeMismatch(CodeFor::Emailed)
            } else {
                PoolError::ExpiredCode
            });
        };
        let Some(stored) = self.store.take_code_try(&user.sub, purpose, now).await? else {
            return Err(PoolError::ExpiredCode);
        };
        if codes::matches(&stored, purpose, code) {
            return Ok(stored);
        }
        self.code_guess_failed(who).await?;
        tracing::info!(sub = %user.sub, tries_left = stored.tries_left - 1, "wrong code");
        Err(PoolError::CodeMismatch(CodeFor::Emailed))
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
            Ok(false) => Err(PoolError::ExpiredCode),
            Err(StoreError::Conflict) => Err(PoolError::AliasExists(AliasTaken::Attribute(
                "email".into(),
            ))),
            Err(e) => Err(e.into()),
        }
    }
}

/// What an unknown user gets instead of "not found": a delivery that looks real. Its
/// letters come from the name typed (an email's own letters, or the name's first and one
/// derived from a hash of it), so asking twice gives the same answer and no constant
/// gives it away.
pub fn fake_delivery(typed: &str) -> CodeDelivery {
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

/// The pool's own verification email, if its operator wrote one, and whom its emails come
/// from.
fn mail_settings(pool: Option<&PoolConfig>) -> (Option<MessageTemplate>, EmailConfiguration) {
    pool.map(|pool| {
        (
            pool.settings.verification_email.clone(),
            pool.settings.email.clone(),
        )
    })
    .unwrap_or_default()
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
