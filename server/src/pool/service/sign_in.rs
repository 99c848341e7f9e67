//! Password sign-in: the password or SRP proof, the new-password step, and where each
//! sign-in goes next (tokens, a challenge). The tokens' life after that is `token_life.rs`.

use super::throttle::Subject;
use super::*;

/// The door a password sign-in comes through, and what it has to show first.
#[derive(Clone, Copy, Debug)]
pub enum Via<'a> {
    /// The Cognito API: the flow the call names, and the client's proof.
    Api {
        flow: AuthFlow,
        proof: ClientProof<'a>,
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
        let proof = match via {
            Via::Api { flow, proof } => {
                client.check_flow(flow)?;
                proof
            }
            Via::Pages { oauth_request } => {
                self.check_hosted_sign_in(&client, oauth_request).await?;
                ClientProof::Trusted
            }
        };
        proof.check(&client, &[username])?;
        let step = async {
            let user = self
                .verified_user(&pool, &client, username, password)
                .await?;
            self.password_proven(&pool, &client, user).await
        }
        .await;
        match step {
            // Where the pool sends no codes, only an administrator can confirm: the pages
            // say so (the API answers as Cognito does).
            Err(PoolError::UserNotConfirmed(_))
                if matches!(via, Via::Pages { .. }) && !pool.settings.verifies_email() =>
            {
                Err(PoolError::AwaitingConfirmation(
                    "An administrator confirms this user.".into(),
                ))
            }
            other => other,
        }
    }

    /// Whether the hosted pages may sign in for `client`, before anyone is looked up. Only
    /// a client with OAuth on has hosted pages. Answering the client's own authorization
    /// request, the tokens reach it through the code exchange, which authenticates a
    /// client with a secret; otherwise the pages hand the tokens to the browser, which only
    /// a client without a secret that allows password sign-in may have.
    async fn check_hosted_sign_in(
        &self,
        client: &AppClient,
        oauth_request: Option<&str>,
    ) -> Result<(), PoolError> {
        let refused = |why: &str| Err(PoolError::InvalidParameter(why.into()));
        if !client.settings.oauth_enabled {
            return refused("This app client does not use the hosted sign-in pages.");
        }
        // Only identity providers sign this client's users in (it lists them, not COGNITO).
        let providers = &client.settings.identity_providers;
        if !providers.is_empty() && !providers.iter().any(|p| p == "COGNITO") {
            return refused("This app signs its users in through another provider.");
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
            return refused("This app signs its users in through its own sign-in link.");
        }
        let password_flows = [AuthFlow::UserPassword, AuthFlow::UserSrp];
        if !password_flows
            .iter()
            .any(|flow| client.check_flow(*flow).is_ok())
        {
            return refused("This app client does not allow password sign-in.");
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
    ) -> Result<SrpChallenge, PoolError> {
        let (pool, client) = self.client(client_id).await?;
        client.check_flow(AuthFlow::UserSrp)?;
        proof.check(&client, &[username])?;
        let key = users::lookup_key(username)?;
        let user = self.store.find_user(&pool.id, &key).await?;
        if user.is_none() && !client.settings.prevent_user_existence_errors {
            return Err(PoolError::UserNotFound("User does not exist.".into()));
        }
        // A locked-out user gets no challenge (and costs no exponentiation).
        let _ = self
            .ensure_not_locked(Subject::of(user.as_ref(), &pool.id, username))
            .await?;
        let (user_id, known) = match user {
            Some(user) => match user.srp_verifier {
                Some(verifier) => (user.username, Some((user.sub, verifier))),
                None => (user.username, None),
            },
            None => (decoy_user_id(&pool, &key), None),
        };
        let verifier = match &known {
            Some((_, verifier)) => verifier.clone(),
            None => Verifier::decoy(pool.id.as_str(), &key),
        };
        let salt = verifier.salt.clone();
        let srp_a = srp_a.to_string();
        let challenge = self
            .passwords
            .bounded(move || srp::challenge(&verifier, &srp_a))
            .await
            .map_err(PoolError::from)?
            .map_err(|error| match error {
                srp::SrpError::InvalidA => PoolError::InvalidParameter("SRP_A is invalid.".into()),
                srp::SrpError::BadVerifier => PoolError::Internal,
            })?;
        let secret_block = srp::secret_block();
        if let Some((sub, _)) = known {
            self.store
                .insert_auth_session(
                    &tokens::secret_hash(&secret_block),
                    &AuthSession {
                        client_id: client.id.clone(),
                        user_sub: sub,
                        challenge: Challenge::PasswordVerifier {
                            srp_key: challenge.key.to_vec(),
                        },
                        expires_at: Timestamp(self.clock.now().0 + AUTH_SESSION_SECONDS),
                        tries_left: 1,
                    },
                )
                .await?;
        }
        Ok(SrpChallenge {
            salt,
            srp_b: challenge.b_public,
            secret_block,
            user_id,
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
    ) -> Result<SignInStep, PoolError> {
        let (pool, client) = self.client(client_id).await?;
        proof.check(&client, &[claim.username])?;
        if !srp::timestamp_is_valid(claim.timestamp) {
            return Err(PoolError::InvalidParameter(
                "TIMESTAMP format is invalid.".into(),
            ));
        }
        let stored = self
            .store
            .take_auth_session(&tokens::secret_hash(claim.secret_block))
            .await?
            .filter(|stored| {
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
        self.password_proven(&pool, &client, user).await
    }

    /// The password is right: what the user's status makes of the sign-in.
    async fn password_proven(
        &self,
        pool: &PoolConfig,
        client: &AppClient,
        user: User,
    ) -> Result<SignInStep, PoolError> {
        match user.status {
            UserStatus::Confirmed => {}
            // No password of theirs exists; the check above never passes for them.
            UserStatus::ExternalProvider => return Err(PoolError::incorrect_credentials()),
            UserStatus::Unconfirmed => {
                return Err(PoolError::UserNotConfirmed("User is not confirmed.".into()));
            }
            UserStatus::ResetRequired => {
                return Err(PoolError::PasswordResetRequired(
                    "Password reset required for the user".into(),
                ));
            }
            UserStatus::ForceChangePassword => {
                let now = self.clock.now();
                let valid = i64::from(pool.settings.temporary_password_days) * 86_400;
                if user.updated_at.0 + valid <= now.0 {
                    return Err(PoolError::NotAuthorized(Denied::TemporaryPasswordExpired));
                }
                let session = tokens::new_refresh_token();
                self.store
                    .insert_auth_session(
                        &tokens::secret_hash(&session),
                        &AuthSession {
                            client_id: client.id.clone(),
                            user_sub: user.sub.clone(),
                            challenge: Challenge::NewPassword,
                            expires_at: Timestamp(now.0 + AUTH_SESSION_SECONDS),
                            tries_left: 1,
                        },
                    )
                    .await?;
                return Ok(SignInStep::NewPasswordRequired { session, user });
            }
        }
        if let Some(step) = self.second_factor(pool, client, &user).await? {
            return Ok(step);
        }
        Ok(SignInStep::Done(self.start_family(client, user).await?))
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
        check_password(&pool, new_password)?;
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
        self.set_password(&mut user, new_password).await?;
        user.status = UserStatus::Confirmed;
        user.updated_at = self.clock.now();
        self.store.update_user(&user).await?;
        tracing::info!(sub = %user.sub, "temporary password replaced");
        // The new password counts as the password step: a second factor may follow.
        if let Some(step) = self.second_factor(&pool, &client, &user).await? {
            return Ok(step);
        }
        Ok(SignInStep::Done(self.start_family(&client, user).await?))
    }

    /// The user behind `username` whose password is `password`; every failure looks
    /// alike unless the client opted out of PreventUserExistenceErrors.
    async fn verified_user(
        &self,
        pool: &PoolConfig,
        client: &AppClient,
        username: &str,
        password: &str,
    ) -> Result<User, PoolError> {
        let user = self
            .store
            .find_user(&pool.id, &users::lookup_key(username)?)
            .await?;
        let who = Subject::of(user.as_ref(), &pool.id, username);
        let attempt = self.password_attempt(who, user.as_ref(), password).await;
        let Some(mut user) = user else {
            let refusal = attempt
                .err()
                .unwrap_or_else(PoolError::incorrect_credentials);
            return Err(self.hidden_user(client, refusal));
        };
        attempt?;
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

#[cfg(test)]
mod tests {
    use aws_cognito_srp::{SrpClient, User as SrpUser, VerificationParameters};

    use crate::pool::Denied;
    use crate::pool::secrets::ClientProof;
    use crate::pool::{
        AuthFlow, ClientSettings, NewUser, PoolError, PoolSettings, SignInStep, SrpClaim,
    };
    use crate::pool::{Invitation, Via};
    use crate::testkit::{Kit, PASSWORD, denied, refused, weak};

    /// An SRP client for `username` and `password`, and the challenge to its `SRP_A` for
    /// the name it was typed as.
    async fn srp_challenge(
        kit: &Kit,
        username: &str,
        typed: &str,
        password: &str,
    ) -> (SrpClient<SrpUser>, crate::pool::SrpChallenge) {
        let user = SrpUser::new(kit.pool_id(), username, password);
        let client = SrpClient::new(user, kit.client_id(), None);
        let a = client.get_auth_parameters().a;
        let proof = ClientProof::Trusted;
        let challenge = kit.pool.srp_start(kit.client_id(), typed, &a, proof).await;
        (client, challenge.unwrap())
    }

    /// The hosted pages, answering no app's request.
    const PAGES: Via<'static> = Via::Pages {
        oauth_request: None,
    };

    /// USER_PASSWORD_AUTH through the Cognito API, for a client without a secret.
    fn api_password() -> Via<'static> {
        Via::Api {
            flow: AuthFlow::UserPassword,
            proof: ClientProof::SecretHash(None),
        }
    }

    fn incorrect(result: &Result<SignInStep, PoolError>) -> bool {
        matches!(
            result,
            Err(PoolError::NotAuthorized(Denied::WrongCredentials))
        )
    }

    #[tokio::test]
    async fn a_wrong_password_and_an_unknown_user_get_the_same_answer() {
        let kit = Kit::with_user("jane").await;
        let wrong = kit.sign_in("jane", "Wrong-pass-1").await;
        let unknown = kit.sign_in("nobody", PASSWORD).await;
        assert!(incorrect(&wrong), "{wrong:?}");
        assert!(incorrect(&unknown), "{unknown:?}");
        // A client that opts out of PreventUserExistenceErrors is told the truth.
        let open = kit.open_client().await;
        refused(
            kit.pool
                .password_sign_in(open.id.as_str(), "nobody", PASSWORD, PAGES)
                .await,
            PoolError::UserNotFound,
        );
    }

    #[tokio::test]
    async fn an_unconfirmed_or_disabled_user_cannot_sign_in() {
        let kit = Kit::new().await;
        kit.sign_up("ann").await;
        refused(
            kit.sign_in("ann", PASSWORD).await,
            PoolError::UserNotConfirmed,
        );
        kit.confirmed_user("jane").await;
        kit.pool
            .admin_set_enabled(kit.pool_id(), "jane", false)
            .await
            .unwrap();
        assert_eq!(
            denied(kit.sign_in("jane", PASSWORD).await),
            Denied::Disabled
        );
    }

    #[tokio::test]
    async fn a_verified_email_is_an_alias_where_the_pool_says_so() {
        let kit = Kit::new().await;
        // The default pool: AliasAttributes=[email], the email verified by the sign-up code.
        kit.confirmed_user("jane").await;
        let by_email = kit.sign_in("JANE@example.com", PASSWORD).await;
        assert!(matches!(by_email, Ok(SignInStep::Done(_))), "{by_email:?}");
        // An unconfirmed user's email is not yet an alias.
        kit.sign_up("ann").await;
        let unverified = kit.sign_in("ann@example.com", PASSWORD).await;
        assert!(incorrect(&unverified), "{unverified:?}");

        // Without the alias only the username signs in.
        let (_, client) = kit
            .pool_with(PoolSettings {
                alias_attributes: vec![],
                ..PoolSettings::default()
            })
            .await;
        let user = kit
            .pool
            .admin_create_user(
                &client.pool_id.to_string(),
                NewUser {
                    username: "joe".into(),
                    attributes: [
                        ("email".to_string(), "joe@example.com".to_string()),
                        ("email_verified".to_string(), "true".to_string()),
                    ]
                    .into(),
                    temporary_password: None,
                    invitation: Invitation::Suppress,
                },
            )
            .await
            .unwrap();
        kit.pool
            .admin_set_password(user.pool_id.as_str(), "joe", PASSWORD, true)
            .await
            .unwrap();
        let by_email = kit
            .pool
            .password_sign_in(client.id.as_str(), "joe@example.com", PASSWORD, PAGES)
            .await;
        assert!(incorrect(&by_email), "{by_email:?}");
        let by_name = kit
            .pool
            .password_sign_in(client.id.as_str(), "joe", PASSWORD, PAGES)
            .await;
        assert!(matches!(by_name, Ok(SignInStep::Done(_))), "{by_name:?}");
    }

    #[tokio::test]
    async fn the_api_flows_must_be_allowed_for_the_client() {
        let kit = Kit::with_user("jane").await;
        let srp_only = kit
            .client_with(
                false,
                ClientSettings {
                    explicit_auth_flows: vec!["ALLOW_USER_SRP_AUTH".into()],
                    ..ClientSettings::default()
                },
            )
            .await;
        let refused = kit
            .pool
            .password_sign_in(srp_only.id.as_str(), "jane", PASSWORD, api_password())
            .await;
        assert!(
            matches!(&refused, Err(PoolError::InvalidParameter(m)) if m == "USER_PASSWORD_AUTH flow not enabled for this client"),
            "{refused:?}"
        );
        let allowed = kit
            .pool
            .password_sign_in(kit.client_id(), "jane", PASSWORD, api_password())
            .await;
        assert!(matches!(allowed, Ok(SignInStep::Done(_))), "{allowed:?}");
    }

    #[tokio::test]
    async fn a_temporary_password_must_be_replaced_within_its_session() {
        let kit = Kit::new().await;
        kit.pool
            .admin_create_user(
                kit.pool_id(),
                NewUser {
                    username: "invited".into(),
                    attributes: [("email".to_string(), "invited@example.com".to_string())].into(),
                    temporary_password: Some("Temporary-1".into()),
                    invitation: Invitation::Suppress,
                },
            )
            .await
            .unwrap();
        let step = kit.sign_in("invited", "Temporary-1").await.unwrap();
        let SignInStep::NewPasswordRequired { session, .. } = step else {
            panic!("expected the new-password step, got {step:?}");
        };
        weak(kit.new_password((&session, "invited"), "weak").await);
        // The policy's refusal leaves the session for another try; another user's name does not.
        denied(kit.new_password((&session, "jane"), PASSWORD).await);

        let step = kit.sign_in("invited", "Temporary-1").await.unwrap();
        let SignInStep::NewPasswordRequired { session, .. } = step else {
            panic!("expected the new-password step");
        };
        kit.advance(181);
        assert_eq!(
            denied(kit.new_password((&session, "invited"), PASSWORD).await),
            Denied::SessionExpired
        );

        let step = kit.sign_in("invited", "Temporary-1").await.unwrap();
        let SignInStep::NewPasswordRequired { session, .. } = step else {
            panic!("expected the new-password step");
        };
        let signed_in = kit
            .new_password((&session, "invited"), PASSWORD)
            .await
            .unwrap();
        assert!(kit.accepts(&signed_in.tokens.access_token).await);
        assert!(incorrect(&kit.sign_in("invited", "Temporary-1").await));
        // A temporary password not used within seven days must be reset by an administrator.
        kit.pool
            .admin_set_password(kit.pool_id(), "invited", "Temporary-2", false)
            .await
            .unwrap();
        kit.advance(7 * 86_400);
        assert_eq!(
            denied(kit.sign_in("invited", "Temporary-2").await),
            Denied::TemporaryPasswordExpired
        );
    }

    #[tokio::test]
    async fn srp_proves_the_password_without_sending_it() {
        let kit = Kit::with_user("jane").await;
        for (password, succeeds) in [("Wrong-pass-1", false), (PASSWORD, true)] {
            let (client, challenge) = srp_challenge(&kit, "jane", "Jane", password).await;
            assert_eq!(challenge.user_id, "jane", "the stored username");
            let VerificationParameters {
                password_claim_secret_block,
                password_claim_signature,
                timestamp,
            } = client
                .verify(
                    &challenge.secret_block,
                    &challenge.user_id,
                    &challenge.salt,
                    &challenge.srp_b,
                )
                .unwrap();
            let claim = SrpClaim {
                username: &challenge.user_id,
                secret_block: &password_claim_secret_block,
                signature: &password_claim_signature,
                timestamp: &timestamp,
            };
            let answer = kit
                .pool
                .srp_verify(kit.client_id(), &claim, ClientProof::Trusted)
                .await;
            assert_eq!(answer.is_ok(), succeeds, "{password}: {answer:?}");
            // The challenge answers once.
            let replay = kit
                .pool
                .srp_verify(kit.client_id(), &claim, ClientProof::Trusted)
                .await;
            assert!(replay.is_err());
        }
    }

    #[tokio::test]
    async fn srp_for_an_unknown_user_is_a_decoy_that_nothing_answers() {
        let kit = Kit::new().await;
        let (client, challenge) = srp_challenge(&kit, "ghost", "ghost", PASSWORD).await;
        let (_, again) = srp_challenge(&kit, "ghost", "ghost", PASSWORD).await;
        assert_eq!(challenge.salt, again.salt, "a decoy's salt is stable");
        let proof = client
            .verify(
                &challenge.secret_block,
                "ghost",
                &challenge.salt,
                &challenge.srp_b,
            )
            .unwrap();
        let claim = SrpClaim {
            username: "ghost",
            secret_block: &proof.password_claim_secret_block,
            signature: &proof.password_claim_signature,
            timestamp: &proof.timestamp,
        };
        denied(
            kit.pool
                .srp_verify(kit.client_id(), &claim, ClientProof::Trusted)
                .await,
        );
        refused(
            kit.pool
                .srp_start(kit.client_id(), "ghost", "00", ClientProof::Trusted)
                .await,
            PoolError::InvalidParameter,
        );
    }
}
