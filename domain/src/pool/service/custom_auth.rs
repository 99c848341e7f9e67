//! Custom authentication (Cognito's CUSTOM_AUTH): the pool's define auth challenge trigger
//! leads the sign-in, challenge by challenge; the create trigger makes each custom
//! challenge, the verify trigger judges each answer. The sign-in may start with SRP (the
//! define trigger then asks for PASSWORD_VERIFIER). Each step waits three minutes, a
//! sign-in takes at most [`MAX_CHALLENGES`] answers, and wrong answers count against the
//! user's (or the unknown name's) allowance of wrong codes in the window, whichever
//! challenge they were for.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::throttle::Subject;
use super::triggers::{TokenSource, TriggerEvent, string_map, user_attributes};
use super::*;
use crate::pool::triggers::Trigger;
use crate::pool::{ChallengeResult, CustomAuth};

/// Answered challenges (SRP's steps among them) one custom sign-in may go through; at
/// the last, it fails whatever the define trigger would say.
pub const MAX_CHALLENGES: usize = 8;

const CUSTOM_CHALLENGE: &str = "CUSTOM_CHALLENGE";
const PASSWORD_VERIFIER: &str = "PASSWORD_VERIFIER";
const SRP_A: &str = "SRP_A";

/// The define auth challenge trigger's answer.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct DefineAnswer {
    challenge_name: Option<String>,
    issue_tokens: Option<bool>,
    fail_authentication: Option<bool>,
}

/// The create auth challenge trigger's answer.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct CreateAnswer {
    public_challenge_parameters: Option<Map<String, Value>>,
    private_challenge_parameters: Option<Map<String, Value>>,
    challenge_metadata: Option<String>,
}

/// The verify auth challenge response trigger's answer.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct VerifyAnswer {
    answer_correct: Option<bool>,
}

/// A custom sign-in in a pool without its triggers.
fn no_triggers() -> PoolError {
    PoolError::InvalidParameter(Invalid::SignIn(SignInFault::NoCustomTriggers))
}

/// A challenge parameter as the Cognito API carries it: text.
fn as_text(value: Value) -> String {
    match value {
        Value::String(text) => text,
        other => other.to_string(),
    }
}

impl UserPool {
    /// CUSTOM_AUTH's first step (InitiateAuth and its Admin twin): the define trigger's
    /// first decision, with `srp_a` (the client's `SRP_A`, where it asked for
    /// `CHALLENGE_NAME=SRP_A`) as an answered challenge.
    #[tracing::instrument(skip_all)]
    pub async fn custom_start(
        &self,
        client_id: &str,
        username: &str,
        proof: ClientProof<'_>,
        srp_a: Option<&str>,
        client_metadata: &Attributes,
    ) -> Result<SignInStep, PoolError> {
        let (pool, client) = self.client(client_id).await?;
        client.check_flow(AuthFlow::Custom)?;
        proof.check(&client, &[username])?;
        if !Self::has_trigger(&pool, Trigger::DefineAuthChallenge) {
            return Err(no_triggers());
        }
        let user = self
            .store
            .find_user(&pool.id, &users::lookup_key(username)?)
            .await?;
        if user.is_none() && !client.settings.prevent_user_existence_errors {
            return Err(PoolError::UserNotFound(UnknownUser::User));
        }
        let who = Subject::of(user.as_ref(), &pool.id, username);
        let _ = self.ensure_not_locked(who).await?;
        if user.as_ref().is_some_and(|user| !user.enabled) {
            return Err(PoolError::NotAuthorized(Denied::Disabled));
        }
        self.pre_authentication(&pool, &client, username, user.as_ref(), client_metadata)
            .await?;
        let mut state = CustomAuth {
            typed: username.to_string(),
            user_not_found: user.is_none(),
            ..CustomAuth::default()
        };
        if srp_a.is_some() {
            state.history.push(ChallengeResult {
                challenge_name: SRP_A.into(),
                challenge_result: true,
                challenge_metadata: None,
            });
        }
        self.next_challenge(&pool, &client, user, state, srp_a, client_metadata)
            .await
    }

    /// The answer to a CUSTOM_CHALLENGE: the verify trigger judges it, then the define
    /// trigger decides what comes next.
    #[tracing::instrument(skip_all)]
    pub async fn custom_answer(
        &self,
        client_id: &str,
        proof: ClientProof<'_>,
        (session, username): (&str, &str),
        answer: &str,
        client_metadata: &Attributes,
    ) -> Result<SignInStep, PoolError> {
        let (pool, client) = self.proven_client(client_id, proof, username).await?;
        let id_hash = tokens::secret_hash(session);
        let stored = self
            .store
            .take_auth_session(&id_hash)
            .await?
            .ok_or(PoolError::NotAuthorized(Denied::SessionInvalid))?;
        let user = self.custom_user(&client, &stored, username).await?;
        let typed = match &stored.challenge {
            Challenge::Custom(state) => state.typed.clone(),
            _ => return Err(PoolError::NotAuthorized(Denied::SessionInvalid)),
        };
        let who = Subject::of(user.as_ref(), &pool.id, &typed);
        if let Err(error) = self.ensure_guesses_left(who).await {
            // Out of guesses for now: the challenge stays, so an SDK that retries (it takes
            // LimitExceededException for throttling) hears the same answer.
            self.store.insert_auth_session(&id_hash, &stored).await?;
            return Err(error);
        }
        let Challenge::Custom(mut state) = stored.challenge else {
            return Err(PoolError::NotAuthorized(Denied::SessionInvalid));
        };
        let name = user.as_ref().map_or(state.typed.as_str(), |u| &u.username);
        let verify = TriggerEvent::new(
            Trigger::VerifyAuthChallengeResponse,
            "VerifyAuthChallengeResponse_Authentication",
            name,
        )
        .client(&client.id)
        .request(json!({
            "userAttributes": user.as_ref().map_or_else(|| json!({}), user_attributes),
            "privateChallengeParameters": state.private,
            "challengeAnswer": answer,
            "clientMetadata": string_map(client_metadata),
            "userNotFound": state.user_not_found,
        }))
        .response(json!({ "answerCorrect": null }));
        let correct = self
            .run_trigger::<VerifyAnswer>(&pool, verify)
            .await?
            .ok_or_else(no_triggers)?
            .answer_correct
            .unwrap_or(false);
        if !correct {
            self.code_guess_failed(who).await?;
        }
        state.history.push(ChallengeResult {
            challenge_name: CUSTOM_CHALLENGE.into(),
            challenge_result: correct,
            challenge_metadata: state.metadata.take(),
        });
        state.private.clear();
        self.next_challenge(&pool, &client, user, *state, None, client_metadata)
            .await
    }

    /// The answer to PASSWORD_VERIFIER within a custom sign-in (`stored`, found by its
    /// secret block as USER_SRP_AUTH's is): the SRP proof's result, counted as a password
    /// attempt, goes to the define trigger.
    pub(super) async fn custom_password(
        &self,
        pool: &PoolConfig,
        client: &AppClient,
        stored: AuthSession,
        claim: &SrpClaim<'_>,
        client_metadata: &Attributes,
    ) -> Result<SignInStep, PoolError> {
        let user = self.custom_user(client, &stored, claim.username).await?;
        let Challenge::CustomPassword { srp_key, mut state } = stored.challenge else {
            return Err(PoolError::NotAuthorized(Denied::SessionInvalid));
        };
        let who = Subject::of(user.as_ref(), &pool.id, &state.typed);
        let lock = self.ensure_not_locked(who).await?;
        let proven = user.as_ref().is_some_and(|user| {
            srp::decode_secret_block(claim.secret_block).is_some_and(|block| {
                srp::claim_matches(
                    &srp_key,
                    pool.id.as_str(),
                    &user.username,
                    &block,
                    claim.timestamp,
                    claim.signature,
                )
            })
        });
        if proven {
            self.password_succeeded(who, lock).await?;
        } else {
            self.password_failed(who).await?;
        }
        state.history.push(ChallengeResult {
            challenge_name: PASSWORD_VERIFIER.into(),
            challenge_result: proven,
            challenge_metadata: None,
        });
        self.next_challenge(pool, client, user, *state, None, client_metadata)
            .await
    }

    /// The user of a custom sign-in that was waiting (`stored`) for `client` (none for a
    /// name no user has), once it is checked to be live and answered with the name it
    /// started with.
    async fn custom_user(
        &self,
        client: &AppClient,
        stored: &AuthSession,
        username: &str,
    ) -> Result<Option<User>, PoolError> {
        let invalid = || PoolError::NotAuthorized(Denied::SessionInvalid);
        if stored.expires_at <= self.clock.now() {
            return Err(PoolError::NotAuthorized(Denied::SessionExpired));
        }
        let state = match &stored.challenge {
            Challenge::Custom(state) | Challenge::CustomPassword { state, .. } => state,
            _ => return Err(invalid()),
        };
        if stored.client_id != client.id {
            return Err(invalid());
        }
        let same_name = users::fold(&state.typed) == users::fold(username);
        if state.user_not_found {
            return if same_name { Ok(None) } else { Err(invalid()) };
        }
        let user = self.usable_user(&stored.user_sub).await?;
        if !user.answers_to(username) && !same_name {
            return Err(invalid());
        }
        Ok(Some(user))
    }

    /// The define trigger's decision on the challenges answered so far: tokens (as a
    /// password sign-in's, a second factor included), a failure, or the next challenge.
    async fn next_challenge(
        &self,
        pool: &PoolConfig,
        client: &AppClient,
        user: Option<User>,
        mut state: CustomAuth,
        srp_a: Option<&str>,
        client_metadata: &Attributes,
    ) -> Result<SignInStep, PoolError> {
        if state.history.len() >= MAX_CHALLENGES {
            tracing::info!("a custom sign-in ran out of challenges");
            return Err(PoolError::incorrect_credentials());
        }
        let attributes = user.as_ref().map_or_else(|| json!({}), user_attributes);
        let name = user
            .as_ref()
            .map_or(state.typed.clone(), |u| u.username.clone());
        let define = TriggerEvent::new(
            Trigger::DefineAuthChallenge,
            "DefineAuthChallenge_Authentication",
            &name,
        )
        .client(&client.id)
        .request(json!({
            "userAttributes": attributes,
            "session": state.history,
            "clientMetadata": string_map(client_metadata),
            "userNotFound": state.user_not_found,
        }))
        .response(json!({
            "challengeName": null,
            "issueTokens": null,
            "failAuthentication": null,
        }));
        let decision = self
            .run_trigger::<DefineAnswer>(pool, define)
            .await?
            .ok_or_else(no_triggers)?;
        if decision.fail_authentication == Some(true) {
            return Err(PoolError::incorrect_credentials());
        }
        if decision.issue_tokens == Some(true) {
            // A name no user has never gets tokens, whatever the trigger says.
            let Some(user) = user else {
                return Err(PoolError::incorrect_credentials());
            };
            return self
                .password_proven(
                    pool,
                    client,
                    user,
                    TokenSource::Authentication,
                    super::sign_in::Proven::default(),
                )
                .await;
        }
        let wrong = || PoolError::TriggerAnswer {
            trigger: Trigger::DefineAuthChallenge,
        };
        let sub = user.as_ref().map_or_else(Sub::generate, |u| u.sub.clone());
        match decision.challenge_name.as_deref() {
            Some(CUSTOM_CHALLENGE) => {
                let create = TriggerEvent::new(
                    Trigger::CreateAuthChallenge,
                    "CreateAuthChallenge_Authentication",
                    &name,
                )
                .client(&client.id)
                .request(json!({
                    "userAttributes": attributes,
                    "challengeName": CUSTOM_CHALLENGE,
                    "session": state.history,
                    "clientMetadata": string_map(client_metadata),
                    "userNotFound": state.user_not_found,
                }))
                .response(json!({
                    "publicChallengeParameters": null,
                    "privateChallengeParameters": null,
                    "challengeMetadata": null,
                }));
                let created = self
                    .run_trigger::<CreateAnswer>(pool, create)
                    .await?
                    .ok_or_else(no_triggers)?;
                let mut public: BTreeMap<String, String> = created
                    .public_challenge_parameters
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(key, value)| (key, as_text(value)))
                    .collect();
                public.insert("USERNAME".into(), name.clone());
                state.private = created.private_challenge_parameters.unwrap_or_default();
                state.metadata = created.challenge_metadata;
                let session = tokens::new_refresh_token();
                self.keep_waiting(
                    &session,
                    client,
                    &sub,
                    Challenge::Custom(Box::new(state)),
                    1,
                )
                .await?;
                Ok(SignInStep::Custom {
                    challenge: CustomStep::Challenge(public),
                    session,
                    username: name,
                })
            }
            Some(PASSWORD_VERIFIER) => {
                let srp_a = srp_a.ok_or_else(wrong)?;
                let key = users::lookup_key(&state.typed)?;
                let verifier = match user.as_ref().and_then(|u| u.srp_verifier.clone()) {
                    Some(verifier) => verifier,
                    None => Verifier::decoy(pool.id.as_str(), &key),
                };
                let salt = verifier.salt.clone();
                let challenge = self.srp_challenge(verifier, srp_a).await?;
                let waiting = Challenge::CustomPassword {
                    srp_key: challenge.key.to_vec(),
                    state: Box::new(state),
                };
                // Kept under its secret block, as USER_SRP_AUTH's: the answer finds it
                // with or without the Session.
                let secret_block = srp::secret_block();
                self.keep_waiting(&secret_block, client, &sub, waiting, 1)
                    .await?;
                Ok(SignInStep::Custom {
                    challenge: CustomStep::Password(SrpChallenge {
                        salt,
                        srp_b: challenge.b_public,
                        secret_block: secret_block.clone(),
                        user_id: name.clone(),
                    }),
                    session: secret_block,
                    username: name,
                })
            }
            _ => Err(wrong()),
        }
    }
}
