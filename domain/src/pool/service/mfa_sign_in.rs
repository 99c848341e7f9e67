//! The second step of a sign-in: after the password, the factor the pool and the user call
//! for (an authenticator code, an emailed code, a choice between them, or an app to set up).

use super::code_mail::code_email;
use super::throttle::Subject;
use super::triggers::{MessageFor, TokenSource};
use super::*;
use crate::pool::ChallengeStep;
use crate::pool::{MfaFactor, MfaMode, totp};

/// What a sign-in asks for after the password.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MfaStep {
    /// A code from the user's authenticator app.
    SoftwareToken { device: Option<String> },
    /// A code that was just emailed.
    Email { delivery: CodeDelivery },
    /// Which of these factors to use (the user has both and prefers neither).
    Select(Vec<MfaFactor>),
    /// The pool requires MFA and the user has none: set up an authenticator app first.
    Setup,
}

/// A second-factor step's answer.
#[derive(Clone, Copy, Debug)]
pub enum MfaAnswer<'a> {
    /// The code the authenticator app shows.
    SoftwareToken(&'a str),
    /// The code that was emailed.
    EmailCode(&'a str),
    /// The factor chosen.
    Select(MfaFactor),
    /// The authenticator app was set up within this sign-in.
    SetUp,
}

impl MfaAnswer<'_> {
    /// The factor answered, for the log.
    fn factor(&self) -> &'static str {
        match self {
            Self::SoftwareToken(_) => "software token",
            Self::EmailCode(_) => "email",
            Self::Select(_) => "choice",
            Self::SetUp => "software token set up",
        }
    }

    /// Whether this is an answer to `challenge` at all.
    fn answers(&self, challenge: &Challenge) -> bool {
        matches!(
            (self, challenge),
            (Self::SoftwareToken(_), Challenge::SoftwareToken)
                | (Self::EmailCode(_), Challenge::EmailCode { .. })
                | (Self::Select(_), Challenge::SelectFactor)
                | (Self::SetUp, Challenge::FactorSetup)
        )
    }
}

/// Wrong codes one sign-in takes before it ends (Cognito's).
const MFA_TRIES: i64 = 5;

impl UserPool {
    /// After the right password: the second factor the pool and the user call for (or,
    /// `forced`, that threat protection calls for), or `None` when there is none to ask
    /// for.
    pub(super) async fn second_factor(
        &self,
        pool: &PoolConfig,
        client: &AppClient,
        user: &User,
        forced: bool,
    ) -> Result<Option<SignInStep>, PoolError> {
        let config = &pool.settings.mfa;
        if config.mode == MfaMode::Off {
            return Ok(None);
        }
        let mfa = self.store.get_mfa(&user.sub).await?;
        let email_possible = config.email.is_some() && user.verified_email().is_some();
        let usable = |factor: &MfaFactor| match factor {
            MfaFactor::SoftwareToken => config.software_token,
            MfaFactor::Email => email_possible,
        };
        let factors: Vec<MfaFactor> = mfa.enabled().into_iter().filter(usable).collect();
        let chosen = match (factors.as_slice(), mfa.preferred) {
            // Threat protection asks for a factor of a user who enabled none: an emailed
            // code where the pool sends them and the email is verified, or none at all.
            ([], _) if (config.mode == MfaMode::On || forced) && email_possible => {
                Some(MfaFactor::Email)
            }
            ([], _) if config.mode == MfaMode::On => None,
            ([], _) => return Ok(None),
            (_, Some(preferred)) if factors.contains(&preferred) => Some(preferred),
            ([only], _) => Some(*only),
            (_, _) => {
                let step = MfaStep::Select(factors.clone());
                let waiting = Challenge::SelectFactor;
                return self
                    .open_mfa_step(client, user, step, waiting)
                    .await
                    .map(Some);
            }
        };
        let step = match chosen {
            Some(factor) => self.challenge_with(pool, client, user, factor).await?,
            None => {
                let waiting = Challenge::FactorSetup;
                self.open_mfa_step(client, user, MfaStep::Setup, waiting)
                    .await?
            }
        };
        Ok(Some(step))
    }

    /// The challenge for `factor`: for email, a code is sent now (within the user's and the
    /// address's share of codes, as every code is).
    async fn challenge_with(
        &self,
        pool: &PoolConfig,
        client: &AppClient,
        user: &User,
        factor: MfaFactor,
    ) -> Result<SignInStep, PoolError> {
        match factor {
            MfaFactor::SoftwareToken => {
                let device = self.store.get_mfa(&user.sub).await?.totp_device;
                let step = MfaStep::SoftwareToken { device };
                self.open_mfa_step(client, user, step, Challenge::SoftwareToken)
                    .await
            }
            MfaFactor::Email => {
                let (delivery, code_hash) = self.send_sign_in_code(pool, user).await?;
                let step = MfaStep::Email { delivery };
                self.open_mfa_step(client, user, step, Challenge::EmailCode { code_hash })
                    .await
            }
        }
    }

    /// Emails `user` a sign-in code (a second factor, or a first one without a password),
    /// within the user's and the address's share of codes, as every code is: where it
    /// went, and the code's salted hash to keep.
    pub(super) async fn send_sign_in_code(
        &self,
        pool: &PoolConfig,
        user: &User,
    ) -> Result<(CodeDelivery, String), PoolError> {
        let Some(email) = user.verified_email() else {
            return Err(PoolError::InvalidParameter(Invalid::SignIn(
                SignInFault::NoVerifiedEmail,
            )));
        };
        self.count_code_sent(Subject::User(&user.sub), Some(email))
            .await?;
        let now = self.clock.now();
        let new = NewCode::generate(Purpose::SignIn, now);
        let message = mfa_email(pool, user, email, &new.code, &self.pages);
        let message = self
            .custom_message(pool, MessageFor::Authentication, user, &new.code, message)
            .await?;
        if let Err(error) = self.mailer.send(message).await {
            tracing::warn!(%error, sub = %user.sub, "cannot deliver a sign-in code");
            return Err(PoolError::CodeDeliveryFailure(Delivery::Code));
        }
        let delivery = CodeDelivery {
            destination: users::mask_email(email),
            attribute: "email",
            medium: "EMAIL",
        };
        Ok((delivery, new.stored.hash))
    }

    /// Stores the waiting step under a new session (3 minutes, five wrong codes).
    async fn open_mfa_step(
        &self,
        client: &AppClient,
        user: &User,
        step: MfaStep,
        waiting: Challenge,
    ) -> Result<SignInStep, PoolError> {
        let session = tokens::new_refresh_token();
        self.keep_waiting(&session, client, &user.sub, waiting, MFA_TRIES)
            .await?;
        Ok(SignInStep::Mfa {
            step,
            session,
            user: user.clone(),
        })
    }

    /// The answer to a second-factor step (an authenticator or emailed code, a choice, a
    /// finished set-up). A wrong code keeps the session for another try, five in all, and
    /// counts toward the user's wrong-code allowance; an authenticator code that was
    /// accepted once is never accepted again.
    #[tracing::instrument(skip_all)]
    pub async fn respond_mfa(
        &self,
        client_id: &str,
        proof: ClientProof<'_>,
        (session, username): (&str, &str),
        answer: MfaAnswer<'_>,
    ) -> Result<SignInStep, PoolError> {
        let (pool, client) = self.proven_client(client_id, proof, username).await?;
        let invalid = || PoolError::NotAuthorized(Denied::SessionInvalid);
        let id_hash = tokens::secret_hash(session);
        let stored = self
            .store
            .take_auth_session(&id_hash)
            .await?
            .filter(|stored| stored.client_id == client.id && answer.answers(&stored.challenge))
            .ok_or_else(invalid)?;
        if stored.expires_at <= self.clock.now() {
            return Err(PoolError::NotAuthorized(Denied::SessionExpired));
        }
        let user = self.usable_user(&stored.user_sub).await?;
        if !user.answers_to(username) {
            return Err(invalid());
        }
        let who = Subject::User(&user.sub);
        let device = stored.device_key.clone();
        let right = match answer {
            MfaAnswer::Select(factor) => {
                let mfa = self.store.get_mfa(&user.sub).await?;
                if !mfa.enabled().contains(&factor) {
                    return Err(PoolError::FactorNotSetUp(factor));
                }
                let step = self.challenge_with(&pool, &client, &user, factor).await?;
                return self.carry_device(step, device.as_deref()).await;
            }
            MfaAnswer::SoftwareToken(code) => {
                self.ensure_guesses_left(who).await?;
                let mfa = self.store.get_mfa(&user.sub).await?;
                let step = mfa
                    .totp_secret
                    .filter(|_| mfa.totp_verified)
                    .and_then(|secret| totp::matching_step(&secret, code, self.clock.now()));
                match step {
                    Some(step) => self.store.use_totp_step(&user.sub, step).await?,
                    None => false,
                }
            }
            MfaAnswer::EmailCode(code) => {
                self.ensure_guesses_left(who).await?;
                let Challenge::EmailCode { code_hash } = &stored.challenge else {
                    return Err(invalid());
                };
                let sent = codes::StoredCode {
                    hash: code_hash.clone(),
                    expires_at: stored.expires_at,
                    tries_left: stored.tries_left,
                    pending: None,
                };
                codes::matches(&sent, Purpose::SignIn, code)
            }
            // The app was set up within this sign-in (AssociateSoftwareToken and
            // VerifySoftwareToken with its Session): the set-up's code was the factor.
            MfaAnswer::SetUp => {
                if !self.store.get_mfa(&user.sub).await?.totp_verified {
                    self.store.insert_auth_session(&id_hash, &stored).await?;
                    return Err(PoolError::InvalidParameter(Invalid::Mfa(
                        MfaFault::SetUpFirst,
                    )));
                }
                true
            }
        };
        if right {
            tracing::info!(sub = %user.sub, factor = answer.factor(), "second factor accepted");
            let source = TokenSource::Authentication;
            let signed_in = self
                .finish_sign_in_on(&pool, &client, user.clone(), source, device.as_deref())
                .await;
            self.close_sign_in_event(&pool, &user, Some(ChallengeStep::Mfa), signed_in.is_ok())
                .await;
            return Ok(SignInStep::Done(signed_in?));
        }
        self.code_guess_failed(who).await?;
        let retried = self.retry_or_end(&id_hash, stored, CodeFor::SignIn).await;
        if matches!(retried, Err(PoolError::NotAuthorized(_))) {
            self.close_sign_in_event(&pool, &user, Some(ChallengeStep::Mfa), false)
                .await;
        }
        retried
    }

    /// After a wrong code: the session back with one try fewer and `CodeMismatch`, or, with
    /// none left, the end of the sign-in.
    pub(super) async fn retry_or_end<T>(
        &self,
        id_hash: &str,
        stored: AuthSession,
        mismatch: CodeFor,
    ) -> Result<T, PoolError> {
        if stored.tries_left > 1 {
            let again = AuthSession {
                tries_left: stored.tries_left - 1,
                ..stored
            };
            self.store.insert_auth_session(id_hash, &again).await?;
            return Err(PoolError::CodeMismatch(mismatch));
        }
        Err(PoolError::NotAuthorized(Denied::SessionTriesUsed))
    }
}

impl UserPool {
    /// Cognito AssociateSoftwareToken with the `Session` of a set-up step: a new
    /// authenticator secret for the signing-in user, and the session to go on with.
    #[tracing::instrument(skip_all)]
    pub async fn associate_software_token_in_sign_in(
        &self,
        session: &str,
    ) -> Result<(String, String), PoolError> {
        let (stored, user) = self.take_setup_session(session).await?;
        let secret = self.new_pending_token(&user).await?;
        let next = self.reopen(stored).await?;
        Ok((secret, next))
    }

    /// The set-up step's secret on the hosted page: as AssociateSoftwareToken with the
    /// session, but the pending secret again where there is one (the page shown again).
    #[tracing::instrument(skip_all)]
    pub async fn software_token_to_set_up_in_sign_in(
        &self,
        session: &str,
    ) -> Result<(String, String), PoolError> {
        let (stored, user) = self.take_setup_session(session).await?;
        let secret = self.pending_or_new_token(&user).await?;
        let next = self.reopen(stored).await?;
        Ok((secret, next))
    }

    /// Cognito VerifySoftwareToken with the `Session` of a set-up step: the first code
    /// proves the new app; the returned session then answers the step. A wrong code
    /// keeps the session (five in all) and counts toward the user's wrong-code allowance.
    #[tracing::instrument(skip_all)]
    pub async fn verify_software_token_in_sign_in(
        &self,
        session: &str,
        code: &str,
        device_name: Option<&str>,
    ) -> Result<String, PoolError> {
        let (stored, user) = self.take_setup_session(session).await?;
        if self.prove_pending_token(&user, code, device_name).await? {
            // Set up to sign in with: the app is the user's preferred factor.
            let mut mfa = self.store.get_mfa(&user.sub).await?;
            mfa.preferred = Some(MfaFactor::SoftwareToken);
            self.store.put_mfa(&user.sub, &mfa).await?;
            return self.reopen(stored).await;
        }
        self.retry_or_end(
            &tokens::secret_hash(session),
            stored,
            CodeFor::SoftwareTokenSetup,
        )
        .await
    }

    /// Takes a set-up step's session out, with its user.
    async fn take_setup_session(&self, session: &str) -> Result<(AuthSession, User), PoolError> {
        let invalid = || PoolError::NotAuthorized(Denied::SessionInvalid);
        let stored = self
            .store
            .take_auth_session(&tokens::secret_hash(session))
            .await?
            .filter(|stored| stored.challenge == Challenge::FactorSetup)
            .ok_or_else(invalid)?;
        if stored.expires_at <= self.clock.now() {
            return Err(PoolError::NotAuthorized(Denied::SessionExpired));
        }
        let user = self.usable_user(&stored.user_sub).await?;
        Ok((stored, user))
    }

    /// The same waiting step under a new session value (each is used once).
    /// A second factor's step, waiting with the device the sign-in proved before it (so
    /// that the tokens it ends with are the device's).
    pub(super) async fn carry_device(
        &self,
        step: SignInStep,
        device_key: Option<&str>,
    ) -> Result<SignInStep, PoolError> {
        let (SignInStep::Mfa { session, .. }, Some(key)) = (&step, device_key) else {
            return Ok(step);
        };
        let id_hash = tokens::secret_hash(session);
        if let Some(mut waiting) = self.store.take_auth_session(&id_hash).await? {
            waiting.device_key = Some(key.to_string());
            self.store.insert_auth_session(&id_hash, &waiting).await?;
        }
        Ok(step)
    }

    async fn reopen(&self, stored: AuthSession) -> Result<String, PoolError> {
        let session = tokens::new_refresh_token();
        self.store
            .insert_auth_session(&tokens::secret_hash(&session), &stored)
            .await?;
        Ok(session)
    }
}

/// The email that carries a sign-in code: the pool's `EmailMfaConfiguration` message and
/// subject where it has them (`{####}` is the code), Cognate's own otherwise.
fn mfa_email(pool: &PoolConfig, user: &User, to: &str, code: &str, pages: &EmailPages) -> Email {
    let mut email = code_email(user.sign_in_name(), to, Purpose::SignIn, code, pages, None);
    if let Some(custom) = &pool.settings.mfa.email {
        if let Some(message) = &custom.message {
            email.body = message.replace("{####}", code);
        }
        if let Some(subject) = &custom.subject {
            email.subject = subject.clone();
        }
    }
    super::code_mail::from_pool(email, &pool.settings.email)
}
