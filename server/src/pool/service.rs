//! `UserPool`: every user-facing rule (sign-up, codes, sign-in, tokens, reset, sign-out),
//! called alike by the hosted pages, the Cognito API and OAuth.

use std::sync::Arc;

use app::policy::PasswordRule;

use super::codes::{self, NewCode, Purpose};
use super::error::PoolError;
use super::passwords::Passwords;
use super::users::{self, Attributes, Sub, User, UserStatus};
use super::{AppClient, ClientId, PoolConfig, PoolId, TokenFamily};
use crate::clock::{Clock, Timestamp};
use crate::mail::{Email, Mailer};
use crate::store::{CodeUse, Note, Store, StoreError};
use crate::tokens::{
    self, AccessClaims, Grant, IssuedTokens, KeyRing, PoolKeys, TokenError, USER_ADMIN_SCOPE,
};

/// The longest password accepted: Cognito's limit, and a bound on hashing work.
const MAX_PASSWORD_CHARS: usize = 256;
/// A hosted-page session lives one hour (the issue's 1 h).
const SESSION_SECONDS: i64 = 3600;

/// What a sign-up gives.
#[derive(Clone, Debug)]
pub struct SignUpInput {
    pub username: String,
    pub password: String,
    /// Attributes by Cognito name, `email` among them.
    pub attributes: Attributes,
}

/// Where a code went (Cognito's `CodeDeliveryDetails`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeDelivery {
    /// The masked address, `j***@e***`.
    pub destination: String,
    pub attribute: &'static str,
    pub medium: &'static str,
}

#[derive(Clone, Debug)]
pub struct SignUpOutcome {
    pub sub: Sub,
    pub confirmed: bool,
    pub delivery: CodeDelivery,
}

/// A successful password sign-in: the tokens and the new family's refresh token.
#[derive(Clone, Debug)]
pub struct SignedIn {
    pub tokens: IssuedTokens,
    pub refresh_token: String,
    pub family_id: String,
    pub user: User,
}

/// A live hosted-page session: who, and fresh tokens from its sign-in.
#[derive(Clone, Debug)]
pub struct SessionView {
    pub user: User,
    pub client_id: ClientId,
    pub tokens: IssuedTokens,
}

/// The user-pool domain, over a store, a mailer and the pools' keys.
pub struct UserPool {
    store: Arc<dyn Store>,
    mailer: Arc<dyn Mailer>,
    passwords: Passwords,
    keys: KeyRing,
    clock: Arc<dyn Clock>,
    public_url: String,
}

impl UserPool {
    pub fn new(
        store: Arc<dyn Store>,
        mailer: Arc<dyn Mailer>,
        passwords: Passwords,
        clock: Arc<dyn Clock>,
        public_url: String,
    ) -> Self {
        Self {
            keys: KeyRing::new(store.clone(), clock.clone()),
            store,
            mailer,
            passwords,
            clock,
            public_url,
        }
    }

    /// The pool's issuer, `<public URL>/<pool id>`.
    pub fn issuer(&self, pool: &PoolId) -> String {
        tokens::issuer(&self.public_url, pool)
    }

    /// The pool's JWKS document (generating its first key if needed).
    pub async fn jwks(&self, pool: &PoolId) -> Result<String, PoolError> {
        if self.store.get_pool(pool).await?.is_none() {
            return Err(PoolError::ResourceNotFound(format!(
                "User pool {pool} does not exist."
            )));
        }
        Ok(self.pool_keys(pool).await?.jwks_json.clone())
    }

    /// The pool and app client a request names.
    pub async fn client(&self, client_id: &str) -> Result<(PoolConfig, AppClient), PoolError> {
        let not_found =
            || PoolError::ResourceNotFound(format!("User pool client {client_id} does not exist."));
        let id = ClientId::parse(client_id).ok_or_else(not_found)?;
        let client = self.store.get_client(&id).await?.ok_or_else(not_found)?;
        let pool = self
            .store
            .get_pool(&client.pool_id)
            .await?
            .ok_or_else(not_found)?;
        Ok((pool, client))
    }

    /// Cognito SignUp: creates an unconfirmed user and emails a confirmation code.
    #[tracing::instrument(skip_all, fields(client_id))]
    pub async fn sign_up(
        &self,
        client_id: &str,
        input: SignUpInput,
    ) -> Result<SignUpOutcome, PoolError> {
        let (pool, _client) = self.client(client_id).await?;
        users::check_username(&input.username)?;
        let mut attributes = Attributes::new();
        for (name, value) in input.attributes {
            check_attribute(&name, &value)?;
            attributes.insert(name, value);
        }
        for required in &pool.settings.required_attributes {
            if attributes.get(required).is_none_or(|v| v.trim().is_empty()) {
                return Err(PoolError::InvalidParameter(format!(
                    "Attributes did not conform to the schema: {required}: The attribute is required"
                )));
            }
        }
        if let Some(email) = attributes.get("email") {
            users::check_email(email)?;
        }
        // Only a code sent to the address can verify it.
        attributes.remove("email_verified");
        check_password(&pool, &input.password)?;

        let now = self.clock.now();
        let hash = self
            .passwords
            .hash(input.password)
            .await
            .map_err(PoolError::internal)?;
        let user = User {
            sub: Sub::generate(),
            pool_id: pool.id.clone(),
            username: input.username,
            status: UserStatus::Unconfirmed,
            enabled: true,
            password_hash: Some(hash),
            attributes,
            created_at: now,
            updated_at: now,
        };
        match self.store.insert_user(&user).await {
            Ok(()) => {}
            Err(StoreError::Conflict) => {
                return Err(PoolError::UsernameExists("User already exists".into()));
            }
            Err(e) => return Err(e.into()),
        }
        tracing::info!(pool_id = %pool.id, sub = %user.sub, "user signed up");
        let delivery = self.send_code(&user, Purpose::SignUp, now).await?;
        Ok(SignUpOutcome {
            sub: user.sub,
            confirmed: false,
            delivery,
        })
    }

    /// Cognito ConfirmSignUp: the code from the email confirms the user and verifies the
    /// email, which becomes a sign-in alias.
    #[tracing::instrument(skip_all)]
    pub async fn confirm_sign_up(
        &self,
        client_id: &str,
        username: &str,
        code: &str,
    ) -> Result<(), PoolError> {
        let (pool, client) = self.client(client_id).await?;
        let Some(mut user) = self
            .store
            .find_user(&pool.id, &users::fold(username))
            .await?
        else {
            return Err(self.hidden_user(&client, PoolError::CodeMismatch(CODE_MISMATCH.into())));
        };
        if user.status != UserStatus::Unconfirmed {
            return Err(PoolError::NotAuthorized(format!(
                "User cannot be confirmed. Current status is {}",
                user.status.as_str()
            )));
        }
        let code_hash = self.check_code(&user, Purpose::SignUp, code).await?;
        user.status = UserStatus::Confirmed;
        user.verify_email();
        user.updated_at = self.clock.now();
        self.use_code(Purpose::SignUp, &code_hash, &user, None)
            .await?;
        tracing::info!(sub = %user.sub, "user confirmed");
        Ok(())
    }

    /// Cognito ResendConfirmationCode: a fresh code; the previous one stops working.
    #[tracing::instrument(skip_all)]
    pub async fn resend_confirmation_code(
        &self,
        client_id: &str,
        username: &str,
    ) -> Result<CodeDelivery, PoolError> {
        let (pool, client) = self.client(client_id).await?;
        let user = self
            .store
            .find_user(&pool.id, &users::fold(username))
            .await?;
        match user {
            Some(user) if user.status == UserStatus::Unconfirmed => {
                self.send_code(&user, Purpose::SignUp, self.clock.now())
                    .await
            }
            Some(_) => Err(PoolError::InvalidParameter(
                "User is already confirmed.".into(),
            )),
            None if client.settings.prevent_user_existence_errors => Ok(fake_delivery(username)),
            None => Err(PoolError::UserNotFound(
                "Username/client id combination not found.".into(),
            )),
        }
    }

    /// Password sign-in (Cognito USER_PASSWORD_AUTH): starts a token family.
    #[tracing::instrument(skip_all)]
    pub async fn sign_in(
        &self,
        client_id: &str,
        username: &str,
        password: &str,
    ) -> Result<SignedIn, PoolError> {
        let (pool, client) = self.client(client_id).await?;
        let user = self
            .verified_user(&pool, &client, username, password)
            .await?;
        match user.status {
            UserStatus::Confirmed => {}
            UserStatus::Unconfirmed => {
                return Err(PoolError::UserNotConfirmed("User is not confirmed.".into()));
            }
            UserStatus::ResetRequired => {
                return Err(PoolError::PasswordResetRequired(
                    "Password reset required for the user".into(),
                ));
            }
            UserStatus::ForceChangePassword => {
                return Err(PoolError::NotAuthorized(
                    "A new password is required: sign in through the Cognito API to set it.".into(),
                ));
            }
        }
        let now = self.clock.now();
        let refresh_token = tokens::new_refresh_token();
        let family = TokenFamily {
            id: uuid::Uuid::new_v4().to_string(),
            pool_id: pool.id.clone(),
            user_sub: user.sub.clone(),
            client_id: client.id.clone(),
            refresh_hash: tokens::secret_hash(&refresh_token),
            scope: USER_ADMIN_SCOPE.to_string(),
            auth_time: now,
            created_at: now,
            expires_at: Timestamp(now.0 + client.settings.refresh_token_validity),
            revoked_at: None,
        };
        self.store.insert_family(&family).await?;
        let tokens = self.issue(&client, &user, &family, None, now).await?;
        tracing::info!(sub = %user.sub, origin_jti = %family.id, "user signed in");
        Ok(SignedIn {
            tokens,
            refresh_token,
            family_id: family.id,
            user,
        })
    }

    /// Cognito REFRESH_TOKEN_AUTH: new ID and access tokens with the family's `auth_time`
    /// and `origin_jti`; the refresh token itself is kept (Cognito's default).
    #[tracing::instrument(skip_all)]
    pub async fn refresh(
        &self,
        client_id: &str,
        refresh_token: &str,
    ) -> Result<IssuedTokens, PoolError> {
        let (_pool, client) = self.client(client_id).await?;
        let invalid = || PoolError::NotAuthorized("Invalid Refresh Token".into());
        let family = self
            .store
            .find_family_by_refresh(&tokens::secret_hash(refresh_token))
            .await?
            .filter(|family| family.client_id == client.id)
            .ok_or_else(invalid)?;
        let now = self.clock.now();
        if family.revoked_at.is_some() {
            return Err(PoolError::NotAuthorized(
                "Refresh Token has been revoked".into(),
            ));
        }
        if family.expires_at <= now {
            return Err(PoolError::NotAuthorized("Refresh Token has expired".into()));
        }
        let user = self.usable_user(&family.user_sub).await?;
        self.issue(&client, &user, &family, None, now).await
    }

    /// Cognito RevokeToken (RFC 7009): ends the refresh token's family; an unknown token is
    /// not an error.
    #[tracing::instrument(skip_all)]
    pub async fn revoke_refresh_token(
        &self,
        client_id: &str,
        refresh_token: &str,
    ) -> Result<(), PoolError> {
        let (_pool, client) = self.client(client_id).await?;
        let family = self
            .store
            .find_family_by_refresh(&tokens::secret_hash(refresh_token))
            .await?;
        match family {
            Some(family) if family.client_id != client.id => Err(PoolError::NotAuthorized(
                "The refresh token was issued to another client.".into(),
            )),
            Some(family) => {
                self.store
                    .revoke_family(&family.id, self.clock.now())
                    .await?;
                tracing::info!(origin_jti = %family.id, "refresh token revoked");
                Ok(())
            }
            None => Ok(()),
        }
    }

    /// Cognito GlobalSignOut: revokes every token family of the access token's user.
    #[tracing::instrument(skip_all)]
    pub async fn global_sign_out(&self, access_token: &str) -> Result<(), PoolError> {
        let (_, user) = self.authenticate(access_token).await?;
        self.store
            .revoke_user_families(&user.sub, self.clock.now())
            .await?;
        tracing::info!(sub = %user.sub, "user signed out everywhere");
        Ok(())
    }

    /// Verifies an access token offline (signature, issuer, use, expiry) and checks that
    /// its family was not revoked: what Cognate's own endpoints accept.
    pub async fn authorize(&self, access_token: &str) -> Result<AccessClaims, PoolError> {
        let invalid = || PoolError::NotAuthorized("Invalid Access Token".into());
        let pool = tokens::unverified_pool(access_token, &self.public_url).ok_or_else(invalid)?;
        let keys = match self.store.get_pool(&pool).await? {
            Some(_) => self.pool_keys(&pool).await?,
            None => return Err(invalid()),
        };
        let issuer = self.issuer(&pool);
        let now = self.clock.now();
        let claims = match tokens::verify_access(&keys, &issuer, access_token, now) {
            // Another replica may have added a key since this one cached the pool's.
            Err(TokenError::UnknownKey) => {
                let keys = self.keys.reload(&pool).await.map_err(PoolError::internal)?;
                tokens::verify_access(&keys, &issuer, access_token, now)
            }
            other => other,
        };
        let claims = claims.map_err(|error| match error {
            TokenError::Expired => PoolError::NotAuthorized("Access Token has expired".into()),
            _ => invalid(),
        })?;
        let family = self.store.get_family(&claims.origin_jti).await?;
        match family {
            Some(family) if family.revoked_at.is_none() => Ok(claims),
            _ => Err(PoolError::NotAuthorized(
                "Access Token has been revoked".into(),
            )),
        }
    }

    /// [`authorize`](Self::authorize), then the token's user (Cognito GetUser).
    pub async fn authenticate(
        &self,
        access_token: &str,
    ) -> Result<(AccessClaims, User), PoolError> {
        let claims = self.authorize(access_token).await?;
        let sub = Sub::parse(&claims.sub)
            .ok_or_else(|| PoolError::NotAuthorized("Invalid Access Token".into()))?;
        let user = self.usable_user(&sub).await?;
        Ok((claims, user))
    }

    /// Cognito ForgotPassword: emails a reset code. With PreventUserExistenceErrors an
    /// unknown user gets the same answer as a known one.
    #[tracing::instrument(skip_all)]
    pub async fn forgot_password(
        &self,
        client_id: &str,
        username: &str,
    ) -> Result<CodeDelivery, PoolError> {
        let (pool, client) = self.client(client_id).await?;
        let user = self
            .store
            .find_user(&pool.id, &users::fold(username))
            .await?;
        let user = match user {
            Some(user) if user.enabled && user.email().is_some() => user,
            Some(user) if !user.enabled => {
                return Err(PoolError::NotAuthorized("User is disabled.".into()));
            }
            Some(_) => {
                return Err(PoolError::InvalidParameter(
                    "Cannot reset password for the user as there is no registered email.".into(),
                ));
            }
            None if client.settings.prevent_user_existence_errors => {
                return Ok(fake_delivery(username));
            }
            None => {
                return Err(PoolError::UserNotFound(
                    "Username/client id combination not found.".into(),
                ));
            }
        };
        self.send_code(&user, Purpose::ResetPassword, self.clock.now())
            .await
    }

    /// Cognito ConfirmForgotPassword: sets the new password, confirms the user (the code
    /// proved the email) and revokes every token family of the user.
    #[tracing::instrument(skip_all)]
    pub async fn confirm_forgot_password(
        &self,
        client_id: &str,
        username: &str,
        code: &str,
        new_password: &str,
    ) -> Result<(), PoolError> {
        let (pool, client) = self.client(client_id).await?;
        let Some(mut user) = self
            .store
            .find_user(&pool.id, &users::fold(username))
            .await?
        else {
            return Err(self.hidden_user(&client, PoolError::CodeMismatch(CODE_MISMATCH.into())));
        };
        check_password(&pool, new_password)?;
        let code_hash = self.check_code(&user, Purpose::ResetPassword, code).await?;
        let now = self.clock.now();
        user.password_hash = Some(
            self.passwords
                .hash(new_password.to_string())
                .await
                .map_err(PoolError::internal)?,
        );
        user.status = UserStatus::Confirmed;
        user.verify_email();
        user.updated_at = now;
        self.use_code(Purpose::ResetPassword, &code_hash, &user, Some(now))
            .await?;
        tracing::info!(sub = %user.sub, "password reset; every sign-in revoked");
        Ok(())
    }

    /// Cognito ChangePassword: the signed-in user replaces their password, giving the old.
    #[tracing::instrument(skip_all)]
    pub async fn change_password(
        &self,
        access_token: &str,
        old_password: &str,
        new_password: &str,
    ) -> Result<(), PoolError> {
        let (_claims, mut user) = self.authenticate(access_token).await?;
        let pool = self
            .store
            .get_pool(&user.pool_id)
            .await?
            .ok_or(PoolError::Internal)?;
        let stored = user.password_hash.clone().unwrap_or_default();
        let matches = old_password.chars().count() <= MAX_PASSWORD_CHARS
            && self
                .passwords
                .verify(old_password.to_string(), stored)
                .await
                .map_err(PoolError::internal)?;
        if !matches {
            return Err(PoolError::incorrect_credentials());
        }
        check_password(&pool, new_password)?;
        user.password_hash = Some(
            self.passwords
                .hash(new_password.to_string())
                .await
                .map_err(PoolError::internal)?,
        );
        user.updated_at = self.clock.now();
        self.store.update_user(&user).await?;
        tracing::info!(sub = %user.sub, "password changed");
        Ok(())
    }

    /// Starts a hosted-page session for a sign-in; returns the cookie's secret value.
    pub async fn start_session(&self, family_id: &str) -> Result<String, PoolError> {
        let id = tokens::new_refresh_token();
        let now = self.clock.now();
        self.store
            .insert_session(
                &tokens::secret_hash(&id),
                family_id,
                now,
                Timestamp(now.0 + SESSION_SECONDS),
            )
            .await?;
        Ok(id)
    }

    /// The live session with this cookie value, with fresh tokens from its sign-in; `None`
    /// once it expired, was signed out, or its sign-in was revoked.
    pub async fn session(&self, session_id: &str) -> Result<Option<SessionView>, PoolError> {
        let id_hash = tokens::secret_hash(session_id);
        let Some(session) = self.store.get_session(&id_hash).await? else {
            return Ok(None);
        };
        let now = self.clock.now();
        if session.expires_at <= now {
            self.store.delete_session(&id_hash).await?;
            return Ok(None);
        }
        let Some(family) = self.store.get_family(&session.family_id).await? else {
            return Ok(None);
        };
        if family.revoked_at.is_some() || family.expires_at <= now {
            return Ok(None);
        }
        let Ok(user) = self.usable_user(&family.user_sub).await else {
            return Ok(None);
        };
        let Some(client) = self.store.get_client(&family.client_id).await? else {
            return Ok(None);
        };
        let tokens = self.issue(&client, &user, &family, None, now).await?;
        Ok(Some(SessionView {
            user,
            client_id: client.id,
            tokens,
        }))
    }

    /// Signs out of the hosted pages: ends the session and revokes its sign-in's tokens.
    pub async fn end_session(&self, session_id: &str) -> Result<(), PoolError> {
        let id_hash = tokens::secret_hash(session_id);
        if let Some(session) = self.store.get_session(&id_hash).await? {
            self.store
                .revoke_family(&session.family_id, self.clock.now())
                .await?;
            self.store.delete_session(&id_hash).await?;
            tracing::info!(origin_jti = %session.family_id, "signed out of the hosted pages");
        }
        Ok(())
    }

    /// The demo API: the caller's notes (owner = the token's `sub`).
    pub async fn list_notes(&self, claims: &AccessClaims) -> Result<Vec<Note>, PoolError> {
        let pool = self.claims_pool(claims)?;
        Ok(self.store.list_notes(&pool, &claims.sub, 100).await?)
    }

    /// The demo API: adds a note owned by the token's `sub`.
    pub async fn add_note(&self, claims: &AccessClaims, body: &str) -> Result<Note, PoolError> {
        let body = body.trim();
        if body.is_empty() || body.chars().count() > 500 {
            return Err(PoolError::InvalidParameter(
                "A note must have 1 to 500 characters.".into(),
            ));
        }
        let pool = self.claims_pool(claims)?;
        Ok(self
            .store
            .insert_note(&pool, &claims.sub, body, self.clock.now())
            .await?)
    }

    fn claims_pool(&self, claims: &AccessClaims) -> Result<PoolId, PoolError> {
        claims
            .iss
            .rsplit_once('/')
            .and_then(|(_, pool)| PoolId::parse(pool))
            .ok_or_else(|| PoolError::NotAuthorized("Invalid Access Token".into()))
    }

    async fn pool_keys(&self, pool: &PoolId) -> Result<Arc<PoolKeys>, PoolError> {
        self.keys.for_pool(pool).await.map_err(PoolError::internal)
    }

    async fn issue(
        &self,
        client: &AppClient,
        user: &User,
        family: &TokenFamily,
        nonce: Option<&str>,
        now: Timestamp,
    ) -> Result<IssuedTokens, PoolError> {
        let keys = self.pool_keys(&client.pool_id).await?;
        let issuer = self.issuer(&client.pool_id);
        let grant = Grant {
            issuer: &issuer,
            client,
            user,
            groups: &[],
            origin_jti: &family.id,
            scope: &family.scope,
            auth_time: family.auth_time,
            nonce,
            now,
        };
        tokens::issue(&keys.current, &grant).map_err(PoolError::internal)
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
        if password.chars().count() > MAX_PASSWORD_CHARS {
            return Err(PoolError::incorrect_credentials());
        }
        let user = self
            .store
            .find_user(&pool.id, &users::fold(username))
            .await?;
        let Some(user) = user else {
            // The same work as a real verify, so the timing does not tell.
            self.passwords
                .verify_dummy(password.to_string())
                .await
                .map_err(PoolError::internal)?;
            return Err(self.hidden_user(
                client,
                PoolError::UserNotFound("User does not exist.".into()),
            ));
        };
        let Some(stored) = user.password_hash.clone() else {
            self.passwords
                .verify_dummy(password.to_string())
                .await
                .map_err(PoolError::internal)?;
            return Err(PoolError::incorrect_credentials());
        };
        let matches = self
            .passwords
            .verify(password.to_string(), stored)
            .await
            .map_err(PoolError::internal)?;
        if !matches {
            return Err(PoolError::incorrect_credentials());
        }
        if !user.enabled {
            return Err(PoolError::NotAuthorized("User is disabled.".into()));
        }
        Ok(user)
    }

    /// With PreventUserExistenceErrors on, an unknown user looks like a wrong password (or,
    /// for codes, a wrong code); off, `error` says the user does not exist.
    fn hidden_user(&self, client: &AppClient, error: PoolError) -> PoolError {
        if !client.settings.prevent_user_existence_errors {
            return PoolError::UserNotFound("User does not exist.".into());
        }
        match error {
            PoolError::UserNotFound(_) => PoolError::incorrect_credentials(),
            other => other,
        }
    }

    async fn usable_user(&self, sub: &Sub) -> Result<User, PoolError> {
        match self.store.get_user(sub).await? {
            Some(user) if user.enabled => Ok(user),
            Some(_) => Err(PoolError::NotAuthorized("User is disabled.".into())),
            None => Err(PoolError::NotAuthorized("User does not exist.".into())),
        }
    }

    /// Emails a new code for `purpose`, replacing any earlier one.
    async fn send_code(
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
        let new = NewCode::generate(purpose, now);
        self.store
            .put_code(&user.sub, purpose, &new.stored, now)
            .await?;
        let message = code_email(user, email, purpose, &new.code, &self.public_url);
        if let Err(error) = self.mailer.send(message).await {
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

    /// Checks `code` against the user's live code; returns its stored hash when it
    /// matches, counts a wrong try when it does not.
    async fn check_code(
        &self,
        user: &User,
        purpose: Purpose,
        code: &str,
    ) -> Result<String, PoolError> {
        let stored = self.store.get_code(&user.sub, purpose).await?;
        let now = self.clock.now();
        let Some(stored) = stored.filter(|c| c.expires_at > now && c.tries_left > 0) else {
            return Err(PoolError::ExpiredCode(EXPIRED_CODE.into()));
        };
        if codes::matches(&stored, purpose, code) {
            return Ok(stored.hash);
        }
        let left = self.store.record_wrong_code(&user.sub, purpose).await?;
        tracing::info!(sub = %user.sub, tries_left = left, "wrong code");
        Err(PoolError::CodeMismatch(CODE_MISMATCH.into()))
    }

    async fn use_code(
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
const CODE_MISMATCH: &str = "Invalid verification code provided, please try again.";
const EXPIRED_CODE: &str = "Invalid code provided, please request a code again.";

/// What an unknown user gets instead of "not found": a delivery that looks real.
fn fake_delivery(username: &str) -> CodeDelivery {
    let first = username
        .chars()
        .next()
        .map(|c| c.to_lowercase().to_string())
        .unwrap_or_else(|| "u".into());
    CodeDelivery {
        destination: format!("{first}***@e***"),
        attribute: "email",
        medium: "EMAIL",
    }
}

/// The pool's password policy applied to `password`, with Cognito's messages.
fn check_password(pool: &PoolConfig, password: &str) -> Result<(), PoolError> {
    if password.chars().count() > MAX_PASSWORD_CHARS {
        return Err(PoolError::InvalidPassword(
            "Password did not conform with policy: Password is too long".into(),
        ));
    }
    let Some(rule) = pool
        .settings
        .password_policy
        .unmet(password)
        .into_iter()
        .next()
    else {
        return Ok(());
    };
    let reason = match rule {
        PasswordRule::MinimumLength(_) => "Password not long enough",
        PasswordRule::Lowercase => "Password must have lowercase characters",
        PasswordRule::Uppercase => "Password must have uppercase characters",
        PasswordRule::Number => "Password must have numeric characters",
        PasswordRule::Symbol => "Password must have symbol characters",
    };
    Err(PoolError::InvalidPassword(format!(
        "Password did not conform with policy: {reason}"
    )))
}

/// Cognito's standard attributes that a user may set, plus `custom:*`.
const STANDARD_ATTRIBUTES: &[&str] = &[
    "address",
    "birthdate",
    "email",
    "family_name",
    "gender",
    "given_name",
    "locale",
    "middle_name",
    "name",
    "nickname",
    "phone_number",
    "picture",
    "preferred_username",
    "profile",
    "website",
    "zoneinfo",
    "email_verified",
];

fn check_attribute(name: &str, value: &str) -> Result<(), PoolError> {
    let known = STANDARD_ATTRIBUTES.contains(&name)
        || name
            .strip_prefix("custom:")
            .is_some_and(|rest| !rest.is_empty() && rest.len() <= 20);
    if !known {
        return Err(PoolError::InvalidParameter(format!(
            "Attribute does not exist in the schema: {name}"
        )));
    }
    if value.chars().count() > 2048 {
        return Err(PoolError::InvalidParameter(format!(
            "The value of {name} is longer than 2048 characters."
        )));
    }
    Ok(())
}

/// The email carrying a code: subject and body a person reads, with a link to the page
/// that takes the code.
fn code_email(user: &User, to: &str, purpose: Purpose, code: &str, public_url: &str) -> Email {
    let base = public_url.trim_end_matches('/');
    let (subject, body) = match purpose {
        Purpose::SignUp => (
            "Your Cognate verification code".to_string(),
            format!(
                "Hello {name},\n\nYour verification code is {code}\n\nEnter it on the \
                 confirmation page ({base}/confirmUser) to finish creating your account. \
                 The code expires in 24 hours.\n\nIf you did not sign up, you can ignore \
                 this message.\n",
                name = user.username
            ),
        ),
        Purpose::ResetPassword => (
            "Your Cognate password reset code".to_string(),
            format!(
                "Hello {name},\n\nYour password reset code is {code}\n\nEnter it on the \
                 reset page ({base}/confirmForgotPassword) with your new password. The code \
                 expires in 1 hour.\n\nIf you did not ask to reset your password, you can \
                 ignore this message; your password has not changed.\n",
                name = user.username
            ),
        ),
    };
    Email {
        to: to.to_string(),
        subject,
        body,
    }
}
