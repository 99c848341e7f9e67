//! Password sign-in: the password or SRP proof, the new-password step, and where each
//! sign-in goes next (tokens, a challenge). The tokens' life after that is `token_life.rs`.

use super::threat::Act;
use super::throttle::Subject;
use super::triggers::TokenSource;
use super::*;
use crate::pool::triggers::Trigger;
use crate::pool::{EventResponse, RiskEvent};

/// What a sign-in showed besides the user's name: the password itself (not an SRP proof),
/// which threat protection checks against the breached corpora, the device it names, and
/// whether its first factor was other than the password (a passkey, an emailed code),
/// after which no second factor is asked for unless threat protection asks.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Proven<'a> {
    pub password: Option<&'a str>,
    pub device_key: Option<&'a str>,
    pub passwordless: bool,
}

/// The door a password sign-in comes through, and what it has to show first.
#[derive(Clone, Copy, Debug)]
pub enum Via<'a> {
    /// The Cognito API: the flow the call names, and the client's proof.
    Api {
        flow: AuthFlow,
        proof: ClientProof<'a>,
        /// Cognito's `ClientMetadata`: the triggers' `validationData`.
        client_metadata: &'a Attributes,
        /// DEVICE_KEY: the remembered device the app signs in on, if any.
        device_key: Option<&'a str>,
    },
    /// The hosted pages, answering the app's authorization request if there is one.
    Pages { oauth_request: Option<&'a str> },
}

impl UserPool {
    /// Password sign-in, through either door: tokens (a new token family), or the
    /// new-password step for a temporary password. What the door must show first
    /// is `via`'s: the Cognito API's flow (in the client's ExplicitAuthFlows, checked first
    /// as Cognito does) and the SECRET_HASH of a client with a secret; the hosted pages'
    /// right to sign in for the client.
    #[tracing::instrument(skip_all)]
    pub async fn password_sign_in(
        &self,
        client_id: &str,
        username: &str,
        password: &str,
        via: Via<'_>,
    ) -> Result<SignInStep, PoolError> {
        let (pool, client) = self.client(client_id).await?;
        let no_metadata = Attributes::new();
        let (proof, source, metadata, device_key) = match via {
            Via::Api {
                flow,
                proof,
                client_metadata,
                device_key,
            } => {
                client.check_flow(flow)?;
                (
                    proof,
                    TokenSource::Authentication,
                    client_metadata,
                    device_key,
                )
            }
            Via::Pages { oauth_request } => {
                self.check_hosted_sign_in(&client, oauth_request).await?;
                (
                    ClientProof::Trusted,
                    TokenSource::HostedAuth,
                    &no_metadata,
                    None,
                )
            }
        };
        proof.check(&client, &[username])?;
        let step = async {
            let user = self
                .verified_user(&pool, &client, username, password, metadata)
                .await?;
            let proven = Proven {
                password: Some(password),
                device_key,
                passwordless: false,
            };
            self.password_proven(&pool, &client, user, source, proven)
                .await
        }
        .await;
        match step {
            // Where the pool sends no codes, only an administrator can confirm: the pages
            // say so (the API answers as Cognito does).
            Err(PoolError::UserNotConfirmed)
                if matches!(via, Via::Pages { .. }) && !pool.settings.verifies_email() =>
            {
                Err(PoolError::AwaitingConfirmation)
            }
            other => other,
        }
    }

    /// Whether the hosted pages may sign in for `client`, before anyone is looked up. Only
    /// a client with OAuth on has hosted pages. Answering the client's own authorization
    /// request, the tokens reach it through the code exchange, which authenticates a
    /// client with a secret; otherwise the pages hand the tokens to the browser, which only
    /// a client without a secret that allows password sign-in may have.
    pub(super) async fn check_hosted_sign_in(
        &self,
        client: &AppClient,
        oauth_request: Option<&str>,
    ) -> Result<(), PoolError> {
        let refused = |fault: ClientFault| Err(PoolError::InvalidParameter(Invalid::Client(fault)));
        if !client.settings.oauth_enabled {
            return refused(ClientFault::NoHostedPages);
        }
        // Only identity providers sign this client's users in (it lists them, not COGNITO).
        let providers = &client.settings.identity_providers;
        if !providers.is_empty() && !providers.iter().any(|p| p == "COGNITO") {
            return refused(ClientFault::ProvidersOnly);
        }
        let answering = match oauth_request {
            Some(request) => self
                .store
                .get_oauth_request(&tokens::secret_hash(request))
                .await?
                .is_some_and(|r| r.client_id == client.id && r.expires_at > self.clock.now()),
            None => false,
        };
        if answering {
            return Ok(());
        }
        if client.secret.is_some() {
            return refused(ClientFault::OwnSignInLink);
        }
        let password_flows = [AuthFlow::UserPassword, AuthFlow::UserSrp];
        if !password_flows
            .iter()
            .any(|flow| client.check_flow(*flow).is_ok())
        {
            return refused(ClientFault::NoPasswordFlow);
        }
        Ok(())
    }

    /// Cognito USER_SRP_AUTH, first step: the SRP challenge for the client's
    /// `SRP_A`. An unknown user (with PreventUserExistenceErrors) or one without a verifier
    /// yet gets a decoy challenge that no answer satisfies.
    #[tracing::instrument(skip_all)]
    pub async fn srp_start(
        &self,
        client_id: &str,
        username: &str,
        srp_a: &str,
        proof: ClientProof<'_>,
        client_metadata: &Attributes,
    ) -> Result<SrpChallenge, PoolError> {
        let (pool, client) = self.client(client_id).await?;
        client.check_flow(AuthFlow::UserSrp)?;
        proof.check(&client, &[username])?;
        self.srp_begin(&pool, &client, username, srp_a, client_metadata)
            .await
    }

    /// The SRP challenge for a client whose flow allows one (USER_SRP_AUTH, or USER_AUTH's
    /// PASSWORD_SRP).
    pub(super) async fn srp_begin(
        &self,
        pool: &PoolConfig,
        client: &AppClient,
        username: &str,
        srp_a: &str,
        client_metadata: &Attributes,
    ) -> Result<SrpChallenge, PoolError> {
        let key = users::lookup_key(username)?;
        let user = self.store.find_user(&pool.id, &key).await?;
        if user.is_none() && !client.settings.prevent_user_existence_errors {
            return Err(PoolError::UserNotFound(UnknownUser::User));
        }
        // A locked-out user gets no challenge (and costs no exponentiation).
        let _ = self
            .ensure_not_locked(Subject::of(user.as_ref(), &pool.id, username))
            .await?;
        self.pre_authentication(pool, client, username, user.as_ref(), client_metadata)
            .await?;
        let (user_id, known) = match user {
            Some(user) => match user.srp_verifier {
                Some(verifier) => (user.username, Some((user.sub, verifier))),
                None => (user.username, None),
            },
            None => (decoy_user_id(pool, &key), None),
        };
        let verifier = match &known {
            Some((_, verifier)) => verifier.clone(),
            None => Verifier::decoy(pool.id.as_str(), &key),
        };
        let salt = verifier.salt.clone();
        let challenge = self.srp_challenge(verifier, srp_a).await?;
        let secret_block = srp::secret_block();
        if let Some((sub, _)) = known {
            let srp_key = challenge.key.to_vec();
            let waiting = Challenge::PasswordVerifier { srp_key };
            self.keep_waiting(&secret_block, client, &sub, waiting, 1)
                .await?;
        }
        Ok(SrpChallenge {
            salt,
            srp_b: challenge.b_public,
            secret_block,
            user_id,
        })
    }

    /// The SRP challenge for the client's `srp_a` and `verifier`: two exponentiations, on
    /// the bounded hashing threads.
    pub(super) async fn srp_challenge(
        &self,
        verifier: Verifier,
        srp_a: &str,
    ) -> Result<srp::Challenge, PoolError> {
        let srp_a = srp_a.to_string();
        self.passwords
            .bounded(move || srp::challenge(&verifier, &srp_a))
            .await
            .map_err(PoolError::from)?
            .map_err(|error| match error {
                srp::SrpError::InvalidA => {
                    PoolError::InvalidParameter(Invalid::SignIn(SignInFault::SrpA))
                }
                srp::SrpError::BadVerifier => PoolError::Internal,
            })
    }

    /// The answer to the SRP challenge: the client's
    /// PASSWORD_CLAIM_SIGNATURE proves the password; then as a password sign-in.
    #[tracing::instrument(skip_all)]
    pub async fn srp_verify(
        &self,
        client_id: &str,
        claim: &SrpClaim<'_>,
        proof: ClientProof<'_>,
        client_metadata: &Attributes,
    ) -> Result<SignInStep, PoolError> {
        let (pool, client) = self.client(client_id).await?;
        proof.check(&client, &[claim.username])?;
        if !srp::timestamp_is_valid(claim.timestamp) {
            return Err(PoolError::InvalidParameter(Invalid::SignIn(
                SignInFault::Timestamp,
            )));
        }
        let stored = self
            .store
            .take_auth_session(&tokens::secret_hash(claim.secret_block))
            .await?;
        let stored = match stored {
            // The password step of a custom sign-in (CUSTOM_AUTH with SRP_A).
            Some(stored) if matches!(stored.challenge, Challenge::CustomPassword { .. }) => {
                return self
                    .custom_password(&pool, &client, stored, claim, client_metadata)
                    .await;
            }
            other => other,
        };
        let stored = stored.filter(|stored| {
            stored.client_id == client.id
                && matches!(stored.challenge, Challenge::PasswordVerifier { .. })
        });
        if stored
            .as_ref()
            .is_some_and(|stored| stored.expires_at <= self.clock.now())
        {
            return Err(PoolError::NotAuthorized(Denied::SessionExpired));
        }
        let user = match &stored {
            Some(stored) => self
                .store
                .get_user(&stored.user_sub)
                .await?
                .filter(|user| user.answers_to(claim.username)),
            None => None,
        };
        // A decoy challenge (an unknown user) has no session: its answers count against
        // the name, so an unknown user is locked out as a real one is.
        let who = Subject::of(user.as_ref(), &pool.id, claim.username);
        let state = self.ensure_not_locked(who).await?;
        let proven = match (&stored, &user) {
            (Some(stored), Some(user)) => {
                let srp_key = match &stored.challenge {
                    Challenge::PasswordVerifier { srp_key } => srp_key.as_slice(),
                    _ => &[],
                };
                srp::decode_secret_block(claim.secret_block).is_some_and(|block| {
                    srp::claim_matches(
                        srp_key,
                        pool.id.as_str(),
                        &user.username,
                        &block,
                        claim.timestamp,
                        claim.signature,
                    )
                })
            }
            _ => false,
        };
        if !proven {
            if let Some(user) = &user {
                self.record_failed_sign_in(&pool, &client, user).await;
            }
            self.password_failed(who).await?;
            return Err(PoolError::incorrect_credentials());
        }
        self.password_succeeded(who, state).await?;
        let Some(user) = user else {
            return Err(PoolError::incorrect_credentials());
        };
        if !user.enabled {
            return Err(PoolError::NotAuthorized(Denied::Disabled));
        }
        // An SRP proof shows no password to check against the breached corpora (as in
        // Cognito, which checks only sign-ins that send the password).
        let proven = Proven {
            password: None,
            device_key: claim.device_key,
            passwordless: false,
        };
        self.password_proven(&pool, &client, user, TokenSource::Authentication, proven)
            .await
    }

    /// The password (or another first factor) is right: what the user's status makes of
    /// the sign-in, then what threat protection finds in it (`password`, where the password itself was sent, is
    /// checked against the breached corpora), then the second factor or the tokens.
    pub(super) async fn password_proven(
        &self,
        pool: &PoolConfig,
        client: &AppClient,
        mut user: User,
        source: TokenSource,
        proven: Proven<'_>,
    ) -> Result<SignInStep, PoolError> {
        match user.status {
            UserStatus::Confirmed => {}
            // No password of theirs exists; the check above never passes for them.
            UserStatus::ExternalProvider => return Err(PoolError::incorrect_credentials()),
            UserStatus::Unconfirmed => {
                return Err(PoolError::UserNotConfirmed);
            }
            UserStatus::ResetRequired => {
                return Err(PoolError::PasswordResetRequired);
            }
            UserStatus::ForceChangePassword => {
                let now = self.clock.now();
                let valid = i64::from(pool.settings.temporary_password_days) * 86_400;
                if user.updated_at.0 + valid <= now.0 {
                    return Err(PoolError::NotAuthorized(Denied::TemporaryPasswordExpired));
                }
                let session = tokens::new_refresh_token();
                self.keep_waiting(&session, client, &user.sub, Challenge::NewPassword, 1)
                    .await?;
                return Ok(SignInStep::NewPasswordRequired { session, user });
            }
        }
        let device = self
            .signing_in_device(pool, &user, proven.device_key)
            .await?;
        let verdict = self
            .assess_sign_in(pool, client, &user, proven.password)
            .await?;
        let act = verdict.as_ref().map_or(Act::Allow, |verdict| verdict.act);
        let outcome = match (act, &device) {
            // A remembered device proves itself next, before any second factor.
            (Act::Allow | Act::Mfa { .. }, Some(device)) => {
                let forced = matches!(act, Act::Mfa { .. });
                self.ask_for_device(client, &user, device, forced).await
            }
            (Act::Allow, None) if proven.passwordless => self
                .finish_sign_in(pool, client, user.clone(), source)
                .await
                .map(SignInStep::Done),
            (Act::Allow, None) => {
                self.second_factor_or_tokens(pool, client, user.clone(), source)
                    .await
            }
            (Act::Mfa { required }, None) => {
                match self.second_factor(pool, client, &user, true).await {
                    Ok(Some(step)) => Ok(step),
                    // No factor to ask for: MFA_REQUIRED blocks, MFA_IF_CONFIGURED lets
                    // the sign-in through.
                    Ok(None) if required => Err(PoolError::NotAuthorized(Denied::RiskBlocked)),
                    Ok(None) => {
                        self.second_factor_or_tokens(pool, client, user.clone(), source)
                            .await
                    }
                    Err(error) => Err(error),
                }
            }
            (Act::Block, _) => Err(PoolError::NotAuthorized(Denied::RiskBlocked)),
            (Act::ResetPassword, _) => {
                user.status = UserStatus::ResetRequired;
                user.updated_at = self.clock.now();
                self.store.update_user(&user).await?;
                tracing::info!(sub = %user.sub, "breached password: a reset is required");
                Err(PoolError::PasswordResetRequired)
            }
        };
        if let Some(verdict) = verdict {
            let response = match &outcome {
                Ok(SignInStep::Done(_)) => EventResponse::Pass,
                Ok(_) => EventResponse::InProgress,
                Err(_) => EventResponse::Fail,
            };
            self.settle(pool, &user, verdict, response).await;
        }
        outcome
    }

    /// The second factor's step where the pool and the user call for one, or else the
    /// tokens.
    async fn second_factor_or_tokens(
        &self,
        pool: &PoolConfig,
        client: &AppClient,
        user: User,
        source: TokenSource,
    ) -> Result<SignInStep, PoolError> {
        if let Some(step) = self.second_factor(pool, client, &user, false).await? {
            return Ok(step);
        }
        Ok(SignInStep::Done(
            self.finish_sign_in(pool, client, user, source).await?,
        ))
    }

    /// The answer to the new-password step: the session from the
    /// sign-in and a new password that meets the policy give the tokens (or the second
    /// factor's step, where one applies).
    #[tracing::instrument(skip_all)]
    pub async fn respond_new_password(
        &self,
        client_id: &str,
        proof: ClientProof<'_>,
        session: &str,
        username: &str,
        new_password: &str,
    ) -> Result<SignInStep, PoolError> {
        let (pool, client) = self.proven_client(client_id, proof, username).await?;
        // A password the policy refuses leaves the session for another try.
        let compromised = self
            .check_new_password(&pool, &client, new_password, RiskEvent::PasswordChange)
            .await?;
        let invalid = || PoolError::NotAuthorized(Denied::SessionInvalid);
        let stored = self
            .store
            .take_auth_session(&tokens::secret_hash(session))
            .await?
            .ok_or_else(invalid)?;
        if stored.expires_at <= self.clock.now() {
            return Err(PoolError::NotAuthorized(Denied::SessionExpired));
        }
        if stored.client_id != client.id || stored.challenge != Challenge::NewPassword {
            return Err(invalid());
        }
        let mut user = self.usable_user(&stored.user_sub).await?;
        if !user.answers_to(username) {
            return Err(invalid());
        }
        self.replace_password(&pool, &mut user, new_password)
            .await?;
        user.status = UserStatus::Confirmed;
        user.updated_at = self.clock.now();
        self.store.update_user(&user).await?;
        tracing::info!(sub = %user.sub, "temporary password replaced");
        self.record_password_change(&pool, &client, &user, compromised)
            .await;
        // The new password counts as the password step: a second factor may follow.
        if let Some(step) = self.second_factor(&pool, &client, &user, false).await? {
            return Ok(step);
        }
        let source = TokenSource::NewPasswordChallenge;
        Ok(SignInStep::Done(
            self.finish_sign_in(&pool, &client, user, source).await?,
        ))
    }

    /// The user behind `username` whose password is `password`; every failure looks
    /// alike unless the client opted out of PreventUserExistenceErrors.
    async fn verified_user(
        &self,
        pool: &PoolConfig,
        client: &AppClient,
        username: &str,
        password: &str,
        client_metadata: &Attributes,
    ) -> Result<User, PoolError> {
        let mut user = self
            .store
            .find_user(&pool.id, &users::lookup_key(username)?)
            .await?;
        if user.is_none() && Self::has_trigger(pool, Trigger::UserMigration) {
            // The name's lockout holds before the old system is asked.
            let name = Subject::of(None, &pool.id, username);
            let _ = self.ensure_not_locked(name).await?;
            user = match self
                .migrate_user(pool, client, username, Some(password), client_metadata)
                .await
            {
                Ok(migrated) => migrated,
                // The old system does not know the name, or the password is wrong: as
                // for any unknown name (Cognito: "Exception migrating user").
                Err(PoolError::TriggerRefused { .. }) => {
                    self.password_failed(name).await?;
                    return Err(
                        self.hidden_user(client, PoolError::UserNotFound(UnknownUser::User))
                    );
                }
                Err(error) => return Err(error),
            };
        }
        let who = Subject::of(user.as_ref(), &pool.id, username);
        let attempt = async {
            let state = self.ensure_not_locked(who).await?;
            // After the lockout's check: a locked-out name costs no call.
            self.pre_authentication(pool, client, username, user.as_ref(), client_metadata)
                .await?;
            self.password_checked(who, state, user.as_ref(), password)
                .await
        }
        .await;
        let Some(mut user) = user else {
            let refusal = attempt
                .err()
                .unwrap_or_else(PoolError::incorrect_credentials);
            return Err(self.hidden_user(client, refusal));
        };
        if let Err(refusal) = attempt {
            self.record_failed_sign_in(pool, client, &user).await;
            return Err(refusal);
        }
        if !user.enabled {
            return Err(PoolError::NotAuthorized(Denied::Disabled));
        }
        if user.srp_verifier.is_none() {
            user.srp_verifier = Some(self.srp_verifier(&user, password).await?);
            self.store.update_user(&user).await?;
        }
        Ok(user)
    }
}

/// USER_ID_FOR_SRP for a name no user answers to: what a user's would look like, from the
/// name alone (the same each time): its folded form, or, where the email is the username
/// and a user's id is their `sub`, a UUID derived from it.
fn decoy_user_id(pool: &PoolConfig, key: &str) -> String {
    let by_sub = pool.settings.email_sign_in() == SignInRule::AsUsername
        || pool.settings.phone_sign_in() == SignInRule::AsUsername;
    if !by_sub {
        return key.to_string();
    }
    use sha2::Digest;
    let digest = sha2::Sha256::digest(format!("srp-decoy\0{}\0{key}", pool.id));
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .to_string()
}
