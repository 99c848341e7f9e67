//! Sign-up and its emailed confirmation code.

use super::triggers::{MessageFor, SignUpSource};
use super::*;
use crate::pool::{EventKind, EventResponse, RiskEvent};

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
        self.sign_up_in(&pool, &client, input).await
    }

    async fn sign_up_in(
        &self,
        pool: &PoolConfig,
        client: &AppClient,
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
        let compromised = self
            .check_new_password(pool, client, &input.password, RiskEvent::SignUp)
            .await?;
        pool.settings.check_required(&attributes)?;
        // Only a code sent to the address can verify it, and only an administrator a phone
        // number (Cognate sends no SMS): neither is the user's to claim. The pre sign-up
        // trigger may verify either.
        attributes.remove("email_verified");
        attributes.remove("phone_number_verified");
        let answer = self
            .pre_sign_up(
                pool,
                SignUpSource::SignUp,
                Some(&client.id),
                &username,
                &attributes,
                &input.validation_data,
                &input.client_metadata,
            )
            .await?;
        let sends_code = pool.settings.verifies_email()
            && attributes.contains_key("email")
            && !answer.auto_confirm_user
            && !answer.auto_verify_email;
        if let Some(email) = attributes.get("email")
            && sends_code
        {
            self.ensure_address_can_receive(email).await?;
        }
        if answer.auto_verify_email {
            attributes.insert("email_verified".into(), "true".into());
        }
        if answer.auto_verify_phone {
            attributes.insert("phone_number_verified".into(), "true".into());
        }
        let status = if answer.auto_confirm_user {
            UserStatus::Confirmed
        } else {
            UserStatus::Unconfirmed
        };
        let user = self
            .new_user(
                pool,
                sub,
                username,
                status,
                attributes,
                Some(&input.password),
            )
            .await?;
        let now = user.created_at;
        match self.store.insert_user(&user).await {
            Ok(()) => {}
            // An email the pre sign-up trigger verified that another user signs in with.
            Err(StoreError::Conflict)
                if answer.auto_verify_email
                    && user.sign_in_name() == user.username
                    && self
                        .store
                        .find_user(&pool.id, &user.username_key())
                        .await?
                        .is_none_or(|other| other.username_key() != user.username_key()) =>
            {
                return Err(PoolError::AliasExists(AliasTaken::Attribute(
                    "email".into(),
                )));
            }
            Err(StoreError::Conflict) if user.sign_in_name() != user.username => {
                let attribute = if Some(user.sign_in_name()) == user.phone() {
                    "phone_number"
                } else {
                    "email"
                };
                return Err(PoolError::UsernameExists(NameTaken::Attribute(
                    attribute.to_string(),
                )));
            }
            Err(StoreError::Conflict) => {
                return Err(PoolError::UsernameExists(NameTaken::Username));
            }
            Err(e) => return Err(e.into()),
        }
        tracing::info!(pool_id = %pool.id, sub = %user.sub, "user signed up");
        self.record_event(
            pool,
            Some(client),
            &user,
            EventKind::SignUp,
            EventResponse::Pass,
            compromised,
        )
        .await;
        if answer.auto_confirm_user {
            // As Cognito, the user confirmed by the pre sign-up trigger is announced.
            self.post_confirmation(pool, false, Some(&client.id), &user, &input.client_metadata)
                .await?;
        }
        // Without auto-verification, or without an email to send to, no code is sent: an
        // administrator confirms the user (or the pre sign-up trigger did).
        let delivery = if sends_code {
            Some(
                self.send_code(&user, Purpose::SignUp, MessageFor::SignUp, now)
                    .await?,
            )
        } else {
            None
        };
        Ok(SignUpOutcome {
            sign_in_name: user.sign_in_name().to_string(),
            sub: user.sub,
            confirmed: answer.auto_confirm_user,
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
        self.post_confirmation(&pool, false, Some(&client.id), &user, &Attributes::new())
            .await
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
            return Err(PoolError::InvalidParameter(Invalid::SignIn(
                SignInFault::NoAutoVerification,
            )));
        }
        let user = self
            .store
            .find_user(&pool.id, &users::lookup_key(username)?)
            .await?;
        let hiding = client.settings.prevent_user_existence_errors;
        match user {
            Some(user) if user.status == UserStatus::Unconfirmed => {
                let delivery = self
                    .send_code(
                        &user,
                        Purpose::SignUp,
                        MessageFor::ResendCode,
                        self.clock.now(),
                    )
                    .await?;
                let kind = EventKind::ResendCode;
                self.record_event(
                    &pool,
                    Some(&client),
                    &user,
                    kind,
                    EventResponse::Pass,
                    false,
                )
                .await;
                Ok(delivery)
            }
            Some(_) if !hiding => Err(PoolError::InvalidParameter(Invalid::SignIn(
                SignInFault::AlreadyConfirmed,
            ))),
            _ if hiding => {
                self.pretend_code_sent(&pool.id, Purpose::SignUp, MessageFor::ResendCode, username)
                    .await
            }
            _ => Err(PoolError::UserNotFound(UnknownUser::ForClient)),
        }
    }
}
