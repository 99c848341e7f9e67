//! Choice-based sign-in (Cognito's `USER_AUTH`): the first factor chosen among those the
//! pool allows — the password (sent, or proven by SRP), a passkey, or a code sent by
//! email — then, after a password, the second factor as configured; after a passkey or an
//! emailed code, none.
//!
//! Unknown users are not told apart: with PreventUserExistenceErrors, the choices offered
//! are the pool's, whoever asks; a passkey's request options list no credentials; an
//! emailed code is "sent" to a decoy (see `pretend_code_sent`); and the session they get is
//! a decoy's, marked in the throttle store, which counts its answers as a real session
//! counts its tries and fails them as a real one fails wrong answers.

use super::sign_in::Proven;
use super::throttle::Subject;
use super::triggers::{MessageFor, TokenSource};
use super::*;
use crate::pool::webauthn::CeremonyFault;
use crate::pool::{FirstFactor, MfaMode, PasskeyFactor};

/// A first factor as USER_AUTH's challenges name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FirstChallenge {
    /// The password, sent as is.
    Password,
    /// The password, proven by SRP.
    PasswordSrp,
    WebAuthn,
    EmailOtp,
}

impl FirstChallenge {
    /// Cognito's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Password => "PASSWORD",
            Self::PasswordSrp => "PASSWORD_SRP",
            Self::WebAuthn => "WEB_AUTHN",
            Self::EmailOtp => "EMAIL_OTP",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "PASSWORD" => Self::Password,
            "PASSWORD_SRP" => Self::PasswordSrp,
            "WEB_AUTHN" => Self::WebAuthn,
            "EMAIL_OTP" => Self::EmailOtp,
            _ => return None,
        })
    }
}

/// A first factor chosen, with what it needs at once.
#[derive(Clone, Copy, Debug)]
pub enum FirstFactorChoice<'a> {
    /// The password itself.
    Password(&'a str),
    /// SRP's `A`.
    PasswordSrp(&'a str),
    WebAuthn,
    EmailOtp,
}

impl FirstFactorChoice<'_> {
    fn challenge(&self) -> FirstChallenge {
        match self {
            Self::Password(_) => FirstChallenge::Password,
            Self::PasswordSrp(_) => FirstChallenge::PasswordSrp,
            Self::WebAuthn => FirstChallenge::WebAuthn,
            Self::EmailOtp => FirstChallenge::EmailOtp,
        }
    }
}

/// Who a choice-based sign-in is for: the name typed, and the user, where one answers to
/// it (and the session was theirs); and whether an unknown user is answered as a known one
/// (the client's PreventUserExistenceErrors; always, on the hosted pages).
pub(super) struct Signing<'a> {
    pub typed: &'a str,
    pub user: Option<User>,
    pub hide: bool,
}

impl UserPool {
    /// InitiateAuth (and AdminInitiateAuth) with USER_AUTH: the preferred first factor's
    /// step where the pool offers it, else SELECT_CHALLENGE with the factors offered.
    #[tracing::instrument(skip_all)]
    pub async fn choice_sign_in(
        &self,
        client_id: &str,
        username: &str,
        preferred: Option<FirstFactorChoice<'_>>,
        proof: ClientProof<'_>,
        client_metadata: &Attributes,
    ) -> Result<SignInStep, PoolError> {
        let (pool, client) = self.client(client_id).await?;
        client.check_flow(AuthFlow::UserAuth)?;
        proof.check(&client, &[username])?;
        let user = self
            .store
            .find_user(&pool.id, &users::lookup_key(username)?)
            .await?;
        if user.is_none() && !client.settings.prevent_user_existence_errors {
            return Err(PoolError::UserNotFound(UnknownUser::User));
        }
        let signing = Signing {
            typed: username,
            user,
            hide: client.settings.prevent_user_existence_errors,
        };
        let offered = self.offered(&pool, &client, signing.user.as_ref()).await?;
        if let Some(choice) = preferred.filter(|c| offered.contains(&c.challenge())) {
            return self
                .take_first_factor(&pool, &client, signing, choice, client_metadata)
                .await;
        }
        let session = tokens::new_refresh_token();
        match &signing.user {
            Some(user) => {
                let waiting = Challenge::SelectFirstFactor;
                self.keep_waiting(&session, &client, &user.sub, waiting, 1)
                    .await?;
            }
            None => self.issue_decoy(&session).await?,
        }
        Ok(SignInStep::SelectChallenge {
            session,
            available: offered,
        })
    }

    /// RespondToAuthChallenge with SELECT_CHALLENGE (or with a first factor's name and
    /// what it needs, as Cognito also takes): that factor's step.
    #[tracing::instrument(skip_all)]
    pub async fn choose_first_factor(
        &self,
        client_id: &str,
        proof: ClientProof<'_>,
        (session, username): (&str, &str),
        choice: FirstFactorChoice<'_>,
        client_metadata: &Attributes,
    ) -> Result<SignInStep, PoolError> {
        let (pool, client) = self.proven_client(client_id, proof, username).await?;
        let signing = self
            .waiting_for(&client, session, username, |challenge| {
                matches!(challenge, Challenge::SelectFirstFactor)
            })
            .await?;
        let offered = self.offered(&pool, &client, signing.user.as_ref()).await?;
        if !offered.contains(&choice.challenge()) {
            return Err(PoolError::InvalidParameter(Invalid::SignIn(
                SignInFault::NotOffered,
            )));
        }
        self.take_first_factor(&pool, &client, signing, choice, client_metadata)
            .await
    }

    /// The first factors offered: the pool's (those its MFA setting leaves), and, where
    /// the client does not hide which users exist, only those the user has.
    pub(super) async fn offered(
        &self,
        pool: &PoolConfig,
        client: &AppClient,
        user: Option<&User>,
    ) -> Result<Vec<FirstChallenge>, PoolError> {
        let policy = &pool.settings.sign_in;
        let reveal = !client.settings.prevent_user_existence_errors;
        let user = user.filter(|_| reveal);
        let mut offered = Vec::new();
        if user.is_none_or(|user| user.password_hash.is_some()) {
            offered.extend([FirstChallenge::Password, FirstChallenge::PasswordSrp]);
        }
        if Self::passkeys_sign_in(pool) {
            let has = match user {
                Some(user) => !self.store.list_passkeys(&user.sub).await?.is_empty(),
                None => true,
            };
            if has {
                offered.push(FirstChallenge::WebAuthn);
            }
        }
        let email_codes =
            policy.allows(FirstFactor::EmailOtp) && pool.settings.mfa.mode != MfaMode::On;
        if email_codes && user.is_none_or(|user| user.verified_email().is_some()) {
            offered.push(FirstChallenge::EmailOtp);
        }
        Ok(offered)
    }

    /// The step of the first factor chosen.
    pub(super) async fn take_first_factor(
        &self,
        pool: &PoolConfig,
        client: &AppClient,
        signing: Signing<'_>,
        choice: FirstFactorChoice<'_>,
        client_metadata: &Attributes,
    ) -> Result<SignInStep, PoolError> {
        let username = signing.typed;
        match choice {
            FirstFactorChoice::Password(password) => {
                let via = Via::Api {
                    flow: AuthFlow::UserAuth,
                    proof: ClientProof::Trusted,
                    client_metadata,
                    device_key: None,
                };
                self.password_sign_in(client.id.as_str(), username, password, via)
                    .await
            }
            FirstFactorChoice::PasswordSrp(srp_a) => {
                let challenge = self
                    .srp_begin(pool, client, username, srp_a, client_metadata)
                    .await?;
                Ok(SignInStep::PasswordVerifier {
                    session: tokens::new_refresh_token(),
                    challenge,
                })
            }
            FirstFactorChoice::WebAuthn => {
                let who = Subject::of(signing.user.as_ref(), &pool.id, username);
                let _ = self.ensure_not_locked(who).await?;
                let party = self.relying_party(pool)?;
                let (options, state) = party
                    .start_authentication()
                    .map_err(|_| PoolError::Internal)?;
                let session = tokens::new_refresh_token();
                match &signing.user {
                    Some(user) => {
                        let waiting = Challenge::Passkey { state };
                        self.keep_waiting(&session, client, &user.sub, waiting, 1)
                            .await?;
                    }
                    None => self.issue_decoy(&session).await?,
                }
                Ok(SignInStep::Passkey {
                    session,
                    options,
                    username: username.to_string(),
                })
            }
            FirstFactorChoice::EmailOtp => {
                let session = tokens::new_refresh_token();
                let user = signing.user.filter(|user| user.verified_email().is_some());
                let delivery = match &user {
                    Some(user) => {
                        let (delivery, code_hash) = self.send_sign_in_code(pool, user).await?;
                        let waiting = Challenge::SignInCode { code_hash };
                        self.keep_waiting(&session, client, &user.sub, waiting, MFA_TRIES)
                            .await?;
                        delivery
                    }
                    None if signing.hide => {
                        let delivery = self
                            .pretend_code_sent(
                                &pool.id,
                                Purpose::SignIn,
                                MessageFor::Authentication,
                                username,
                            )
                            .await?;
                        self.issue_decoy(&session).await?;
                        delivery
                    }
                    None => {
                        return Err(PoolError::InvalidParameter(Invalid::SignIn(
                            SignInFault::NoVerifiedEmail,
                        )));
                    }
                };
                Ok(SignInStep::SignInCode {
                    session,
                    delivery,
                    username: username.to_string(),
                })
            }
        }
    }

    /// RespondToAuthChallenge with WEB_AUTHN: the passkey's assertion (`CREDENTIAL`). It
    /// must be one of the named user's passkeys, answer this session's challenge, come
    /// from the relying party's origin and move the authenticator's counter forward; a
    /// counter that goes back flags the passkey, which then signs no one in. A wrong
    /// answer counts toward the user's lockout, as a wrong password does.
    #[tracing::instrument(skip_all)]
    pub async fn answer_passkey(
        &self,
        client_id: &str,
        proof: ClientProof<'_>,
        (session, username): (&str, &str),
        credential: &str,
    ) -> Result<SignInStep, PoolError> {
        let (pool, client) = self.proven_client(client_id, proof, username).await?;
        let mut state = None;
        let signing = self
            .waiting_for(&client, session, username, |challenge| match challenge {
                Challenge::Passkey { state: kept } => {
                    state = Some(kept.clone());
                    true
                }
                _ => false,
            })
            .await?;
        let who = Subject::of(signing.user.as_ref(), &pool.id, username);
        let lock = self.ensure_not_locked(who).await?;
        let asserted = match (&signing.user, &state) {
            (Some(user), Some(state)) => {
                self.check_assertion(&pool, user, state, credential).await?
            }
            _ => None,
        };
        let Some(user_verified) = asserted else {
            if let Some(user) = &signing.user {
                self.record_failed_sign_in(&pool, &client, user).await;
            }
            self.password_failed(who).await?;
            return Err(PoolError::incorrect_credentials());
        };
        self.password_succeeded(who, lock).await?;
        let user = signing.user.ok_or_else(PoolError::incorrect_credentials)?;
        self.passkey_proven(&pool, &client, user, user_verified, source_of(proof))
            .await
    }

    /// RespondToAuthChallenge with EMAIL_OTP: the code that was emailed, for a sign-in
    /// without a password (after USER_AUTH) or as a second factor. A wrong code keeps the
    /// session for another try (five in all) and counts toward the user's wrong-code
    /// allowance, as every code does.
    #[tracing::instrument(skip_all)]
    pub async fn answer_emailed_code(
        &self,
        client_id: &str,
        proof: ClientProof<'_>,
        (session, username): (&str, &str),
        code: &str,
    ) -> Result<SignInStep, PoolError> {
        let (pool, client) = self.proven_client(client_id, proof, username).await?;
        let id_hash = tokens::secret_hash(session);
        let stored = self
            .store
            .take_auth_session(&id_hash)
            .await?
            .filter(|stored| stored.client_id == client.id);
        let stored = match stored {
            // A second factor's code: that step's answer.
            Some(stored) if matches!(stored.challenge, Challenge::EmailCode { .. }) => {
                self.store.insert_auth_session(&id_hash, &stored).await?;
                let answer = MfaAnswer::EmailCode(code);
                return self
                    .respond_mfa(client_id, proof, (session, username), answer)
                    .await;
            }
            Some(stored) if matches!(stored.challenge, Challenge::SignInCode { .. }) => {
                Some(stored)
            }
            Some(_) => return Err(PoolError::NotAuthorized(Denied::SessionInvalid)),
            None => None,
        };
        let Some(stored) = stored else {
            // A decoy's code (an unknown user's): wrong, as a wrong one of a real user's
            // is, within the name's wrong-code allowance and the session's five tries.
            let answers = self.decoy_answer(session).await?;
            if answers == 0 {
                return Err(PoolError::NotAuthorized(Denied::SessionInvalid));
            }
            let who = Subject::Name(&pool.id, username);
            self.ensure_guesses_left(who).await?;
            self.code_guess_failed(who).await?;
            return Err(match answers {
                n if n < MFA_TRIES => PoolError::CodeMismatch(CodeFor::SignIn),
                n if n == MFA_TRIES => PoolError::NotAuthorized(Denied::SessionTriesUsed),
                _ => PoolError::NotAuthorized(Denied::SessionInvalid),
            });
        };
        if stored.expires_at <= self.clock.now() {
            return Err(PoolError::NotAuthorized(Denied::SessionExpired));
        }
        let user = self.usable_user(&stored.user_sub).await?;
        if !user.answers_to(username) {
            return Err(PoolError::NotAuthorized(Denied::SessionInvalid));
        }
        let who = Subject::User(&user.sub);
        self.ensure_guesses_left(who).await?;
        let Challenge::SignInCode { code_hash } = &stored.challenge else {
            return Err(PoolError::NotAuthorized(Denied::SessionInvalid));
        };
        let sent = codes::StoredCode {
            hash: code_hash.clone(),
            expires_at: stored.expires_at,
            tries_left: stored.tries_left,
            pending: None,
        };
        if codes::matches(&sent, Purpose::SignIn, code) {
            tracing::info!(sub = %user.sub, "emailed sign-in code accepted");
            return self
                .passwordless_proven(&pool, &client, user, source_of(proof))
                .await;
        }
        self.code_guess_failed(who).await?;
        self.retry_or_end(&id_hash, stored, CodeFor::SignIn).await
    }

    /// A first factor other than the password is proven: as after a password (the user's
    /// status, threat protection, a remembered device), but no second factor follows
    /// unless threat protection asks for one.
    async fn passwordless_proven(
        &self,
        pool: &PoolConfig,
        client: &AppClient,
        user: User,
        source: TokenSource,
    ) -> Result<SignInStep, PoolError> {
        let proven = Proven {
            password: None,
            device_key: None,
            passwordless: true,
        };
        self.password_proven(pool, client, user, source, proven)
            .await
    }

    /// A passkey's assertion held: where MFA is required, only one that verified its
    /// user stands for both factors; then as every first factor without a password.
    pub(super) async fn passkey_proven(
        &self,
        pool: &PoolConfig,
        client: &AppClient,
        user: User,
        user_verified: bool,
        source: TokenSource,
    ) -> Result<SignInStep, PoolError> {
        let two_factors = user_verified
            && pool.settings.web_authn.factor == PasskeyFactor::MultiFactorWithUserVerification;
        if pool.settings.mfa.mode == MfaMode::On && !two_factors {
            return Err(PoolError::NotAuthorized(Denied::WrongCredentials));
        }
        tracing::info!(sub = %user.sub, "passkey accepted");
        self.passwordless_proven(pool, client, user, source).await
    }

    /// Takes the waiting session a choice-based step answers: its user, where it is a
    /// session of this client's for `challenge` naming `username`. A session never stored
    /// is, where the client hides which users exist, a decoy's (an unknown user's, who can
    /// only fail later); otherwise it is refused.
    async fn waiting_for<'a>(
        &self,
        client: &AppClient,
        session: &str,
        username: &'a str,
        mut challenge: impl FnMut(&Challenge) -> bool,
    ) -> Result<Signing<'a>, PoolError> {
        let invalid = || PoolError::NotAuthorized(Denied::SessionInvalid);
        let stored = self
            .store
            .take_auth_session(&tokens::secret_hash(session))
            .await?;
        let Some(stored) = stored else {
            // A decoy's session takes one answer, as a real one does.
            if self.decoy_answer(session).await? == 1 {
                return Ok(Signing {
                    typed: username,
                    user: None,
                    hide: true,
                });
            }
            return Err(invalid());
        };
        if stored.client_id != client.id || !challenge(&stored.challenge) {
            return Err(invalid());
        }
        if stored.expires_at <= self.clock.now() {
            return Err(PoolError::NotAuthorized(Denied::SessionExpired));
        }
        let user = self.usable_user(&stored.user_sub).await?;
        if !user.answers_to(username) {
            return Err(invalid());
        }
        Ok(Signing {
            typed: username,
            user: Some(user),
            hide: client.settings.prevent_user_existence_errors,
        })
    }

    /// Checks a passkey's assertion for `user`: `Some(user verified)` when it holds.
    pub(super) async fn check_assertion(
        &self,
        pool: &PoolConfig,
        user: &User,
        state: &str,
        credential: &str,
    ) -> Result<Option<bool>, PoolError> {
        use crate::pool::webauthn::RelyingParty;
        let Some((id, handle)) = RelyingParty::claimed(credential) else {
            return Ok(None);
        };
        // The authenticator's user handle, where it gives one, must be this user's.
        if handle.is_some_and(|handle| handle != user.sub.as_str().as_bytes()) {
            return Ok(None);
        }
        let Some(mut passkey) = self.store.get_passkey(&user.sub, &id).await? else {
            return Ok(None);
        };
        let party = self.relying_party(pool)?;
        if passkey.flagged || passkey.relying_party_id != party.id() {
            return Ok(None);
        }
        let seen_count = passkey.sign_count;
        let checked =
            party.finish_authentication(credential, state, &passkey.public_key, seen_count);
        let now = self.clock.now();
        match checked {
            Ok(asserted) => {
                passkey.sign_count = asserted.sign_count;
                passkey.last_used_at = Some(now);
                // Two sign-ins with one counter value: only the first stands.
                if !self.store.record_passkey_use(&passkey, seen_count).await? {
                    return Ok(None);
                }
                Ok(Some(asserted.user_verified))
            }
            Err(CeremonyFault::Counter) => {
                tracing::warn!(sub = %user.sub, "a passkey's counter went back: flagged");
                passkey.flagged = true;
                self.store.record_passkey_use(&passkey, seen_count).await?;
                Ok(None)
            }
            Err(fault) => {
                tracing::info!(sub = %user.sub, ?fault, "a passkey's assertion was refused");
                Ok(None)
            }
        }
    }
}

impl UserPool {
    /// Marks `session` as an unknown user's: it lives as long as a real one.
    pub(super) async fn issue_decoy(&self, session: &str) -> Result<(), PoolError> {
        self.store
            .count_attempt(&decoy_key(session), self.clock.now(), AUTH_SESSION_SECONDS)
            .await?;
        Ok(())
    }

    /// Counts an answer to `session` if it is a decoy's: the answers it has had, this one
    /// included (0: it is no decoy's). One that has expired is refused as a real one is.
    async fn decoy_answer(&self, session: &str) -> Result<i64, PoolError> {
        let key = decoy_key(session);
        let Some(counter) = self.store.counter(&key).await? else {
            return Ok(0);
        };
        let now = self.clock.now();
        if counter.window_end <= now {
            return Err(PoolError::NotAuthorized(Denied::SessionExpired));
        }
        let counted = self
            .store
            .count_attempt(&key, now, AUTH_SESSION_SECONDS)
            .await?;
        Ok(counted.count - 1)
    }
}

/// The trigger source of a sign-in answered with `proof`: the hosted pages' (which
/// answer as Cognate itself), or an app's.
fn source_of(proof: ClientProof<'_>) -> TokenSource {
    match proof {
        ClientProof::Trusted => TokenSource::HostedAuth,
        _ => TokenSource::Authentication,
    }
}

/// Where a decoy session is marked.
fn decoy_key(session: &str) -> String {
    format!("decoy-session:{}", tokens::secret_hash(session))
}

/// Wrong codes one emailed sign-in takes before it ends (as a second factor's).
const MFA_TRIES: i64 = 5;
