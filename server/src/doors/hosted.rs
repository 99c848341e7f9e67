//! The hosted pages' door: `HostedUi` over the user-pool domain, the one place where a
//! `PoolError` becomes a message on a page, plus `/logout` and the session cookie.

mod account;
mod federation;
mod look;
mod words;

pub use federation::{federate, idp_response, idp_response_form, saml_logout, saml_response};
pub use look::{branding_asset, client_stylesheet, dress, ui_logo};

use std::collections::HashMap;
use std::sync::Arc;

use app::dto::{AppSetupView, ClientView, PasskeyRequestView, TermsLink};
use app::error::{UiError, UiErrorKind};
use app::links;
use app::port::{
    ACCESS_TOKEN_COOKIE, CHALLENGE_COOKIE, Feedback, Flow, HostedUi, ID_TOKEN_COOKIE, Next,
    SESSION_COOKIE, session_cookie,
};
use async_trait::async_trait;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use subtle::ConstantTimeEq;

use crate::pool::mailer::EmailPages;
use crate::pool::secrets::ClientProof;
use crate::pool::{
    AuthorizeError, Authorized, ChosenProvider, ClientId, Federated, FederationError, FeedbackFrom,
    LogoutParams, MfaAnswer, MfaFactor, MfaStep, PoolError, SamlAnswer, SignInRule, SignInStep,
    SignUpInput, SignedIn, UserPool, Via, totp,
};

/// The pages of this door that emails link to, on the public URL: the domain fills in the
/// user.
pub fn email_pages(public_url: &str) -> EmailPages {
    let page = |path: &str| format!("{}{path}", public_url.trim_end_matches('/'));
    EmailPages {
        confirm_sign_up: page("/confirmUser"),
        reset_password: page("/confirmForgotPassword"),
        sign_in: page("/login"),
        feedback: page("/feedback"),
    }
}

/// How long the session cookie lives, as the session row does.
const SESSION_SECONDS: i64 = 3600;
/// How long the new-password step's cookie lives: the challenge's own three minutes.
const CHALLENGE_SECONDS: i64 = 180;

/// [`HostedUi`] over a [`UserPool`].
pub struct Hosted {
    pool: Arc<UserPool>,
    default_client: ClientId,
    /// `Secure` on the cookie when the public URL is https.
    secure: bool,
}

impl Hosted {
    pub fn new(pool: Arc<UserPool>, default_client: ClientId, public_url: &str) -> Self {
        Self {
            pool,
            default_client,
            secure: public_url.starts_with("https://"),
        }
    }

    /// The cookie that carries a sign-in's open step for its three minutes.
    fn challenge_cookie(&self, session: &str) -> String {
        self.cookie(CHALLENGE_COOKIE, session, CHALLENGE_SECONDS)
    }

    /// A finished sign-in's session and destination, or the page of the step it still
    /// needs (with that step's challenge cookie).
    async fn signed_in_or_next_step(
        &self,
        flow: &Flow,
        username: &str,
        step: SignInStep,
    ) -> Result<Next, UiError> {
        match step {
            SignInStep::Done(signed_in) => {
                let mut cookies = self.start_session(&signed_in).await?;
                cookies.push(self.cookie(CHALLENGE_COOKIE, "", 0));
                Ok(Next {
                    location: links::after_sign_in(&flow.next),
                    cookies,
                })
            }
            SignInStep::NewPasswordRequired { session, .. } => Ok(Next {
                location: flow_page(flow, "/newPassword", username, None),
                cookies: vec![self.challenge_cookie(&session)],
            }),
            SignInStep::Mfa { step, session, .. } => {
                Ok(self.second_factor_page(flow, username, &step, &session))
            }
            // An emailed code signs in as a second factor's does: the same page.
            SignInStep::SignInCode {
                session, delivery, ..
            } => {
                Ok(self.second_factor_page(flow, username, &MfaStep::Email { delivery }, &session))
            }
            // The pages never start a custom sign-in, nor name a device of the API's, nor
            // start a choice-based sign-in of the API's.
            SignInStep::Custom { .. }
            | SignInStep::Device { .. }
            | SignInStep::SelectChallenge { .. }
            | SignInStep::Passkey { .. }
            | SignInStep::PasswordVerifier { .. } => {
                Err(refused(UiErrorKind::InvalidInput, words::NOT_HERE))
            }
        }
    }

    /// Answers the sign-in's open second-factor `challenge` (its session) with `answer`:
    /// signed in, or the next step's page.
    async fn answer_step(
        &self,
        flow: &Flow,
        session: &str,
        username: &str,
        answer: MfaAnswer<'_>,
    ) -> Result<Next, UiError> {
        let step = self
            .pool
            .respond_mfa(
                self.client_id(flow),
                ClientProof::Trusted,
                (session, username),
                answer,
            )
            .await
            .map_err(step_error)?;
        self.signed_in_or_next_step(flow, username, step).await
    }

    /// The `/mfa` page for `step`, its challenge in the cookie.
    fn second_factor_page(
        &self,
        flow: &Flow,
        username: &str,
        step: &MfaStep,
        session: &str,
    ) -> Next {
        let (kind, to) = match step {
            MfaStep::SoftwareToken { .. } => ("app", None),
            MfaStep::Email { delivery } => ("email", Some(delivery.destination.as_str())),
            MfaStep::Select(_) => ("select", None),
            MfaStep::Setup => ("setup", None),
        };
        let mut query = vec![
            ("client_id", flow.client_id.as_str()),
            ("username", username),
            ("step", kind),
        ];
        query.extend(to.map(|to| ("to", to)));
        query.push(("next", flow.next.as_str()));
        Next {
            location: links::page("/mfa", &query),
            cookies: vec![self.challenge_cookie(session)],
        }
    }

    fn cookie(&self, name: &str, value: &str, max_age: i64) -> String {
        let secure = if self.secure { "; Secure" } else { "" };
        format!("{name}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}")
    }

    /// The form's app client: the one it names, or the default.
    fn client_id<'a>(&'a self, flow: &'a Flow) -> &'a str {
        match flow.client_id.trim() {
            "" => self.default_client.as_str(),
            named => named,
        }
    }

    /// A hosted session for the sign-in, and its tokens for the demo page (the app on
    /// this site): their `Set-Cookie` values.
    async fn start_session(&self, signed_in: &SignedIn) -> Result<Vec<String>, UiError> {
        let session = self.pool.start_session(signed_in).await.map_err(ui_error)?;
        let tokens = &signed_in.tokens;
        let token_seconds = tokens.expires_in.min(SESSION_SECONDS);
        Ok(vec![
            self.cookie(SESSION_COOKIE, &session, SESSION_SECONDS),
            self.cookie(ID_TOKEN_COOKIE, &tokens.id_token, token_seconds),
            self.cookie(ACCESS_TOKEN_COOKIE, &tokens.access_token, token_seconds),
        ])
    }
}

#[async_trait]
impl HostedUi for Hosted {
    async fn client(&self, client_id: Option<&str>) -> Result<ClientView, UiError> {
        let id = client_id.unwrap_or(self.default_client.as_str());
        let (pool, client) = self.pool.client(id).await.map_err(ui_error)?;
        let (passkeys, email_codes) = self.pool.page_first_factors(id).await.map_err(ui_error)?;
        Ok(ClientView {
            client_id: client.id.as_str().to_string(),
            issuer: self.pool.issuer(&pool.id),
            email_is_username: pool.settings.email_sign_in() == SignInRule::AsUsername,
            verifies_email: pool.settings.verifies_email(),
            password_policy: pool.settings.password_policy,
            providers: self
                .pool
                .client_providers(&client)
                .await
                .map_err(ui_error)?,
            corporate_email: self
                .pool
                .client_takes_corporate_email(&client)
                .await
                .map_err(ui_error)?,
            passkeys,
            email_codes,
            terms: self
                .pool
                .terms_for_pages(&client.id)
                .await
                .map_err(ui_error)?
                .iter()
                .filter_map(|terms| {
                    Some(TermsLink {
                        name: terms.name.as_str().to_string(),
                        url: terms.link_for("en")?.to_string(),
                    })
                })
                .collect(),
        })
    }

    async fn signed_in_as(&self, id_token: &str) -> Option<String> {
        let claims = self.pool.id_token_claims(id_token).await.ok()?;
        claims
            .get("cognito:username")
            .and_then(|name| name.as_str())
            .map(str::to_string)
    }

    async fn sign_up(
        &self,
        flow: &Flow,
        username: &str,
        email: &str,
        password: &str,
    ) -> Result<Next, UiError> {
        let client_id = self.client_id(flow);
        let (pool, _) = self.pool.client(client_id).await.map_err(ui_error)?;
        let email = email.trim();
        let username = pool.settings.sign_up_name(username.trim(), email);
        let input = SignUpInput {
            username: username.to_string(),
            password: password.to_string(),
            attributes: [("email".to_string(), email.to_string())].into(),
            ..SignUpInput::default()
        };
        let outcome = self
            .pool
            .sign_up(client_id, ClientProof::Trusted, input)
            .await
            .map_err(ui_error)?;
        let name = outcome.sign_in_name.as_str();
        // No code was sent where the pool does not verify email: an administrator confirms.
        Ok(Next::to(match outcome.delivery {
            Some(_) => flow_page(flow, "/confirmUser", name, None),
            None => flow_page(flow, "/login", name, Some(("awaiting", "1"))),
        }))
    }

    async fn confirm_sign_up(
        &self,
        flow: &Flow,
        username: &str,
        code: &str,
    ) -> Result<Next, UiError> {
        let username = username.trim();
        self.pool
            .confirm_sign_up(
                self.client_id(flow),
                ClientProof::Trusted,
                username,
                code.trim(),
            )
            .await
            .map_err(ui_error)?;
        Ok(Next::to(flow_page(
            flow,
            "/login",
            username,
            Some(("confirmed", "1")),
        )))
    }

    async fn resend_code(&self, flow: &Flow, username: &str) -> Result<Next, UiError> {
        let username = username.trim();
        self.pool
            .resend_confirmation_code(self.client_id(flow), ClientProof::Trusted, username)
            .await
            .map_err(ui_error)?;
        Ok(Next::to(flow_page(
            flow,
            "/confirmUser",
            username,
            Some(("resent", "1")),
        )))
    }

    async fn sign_in(&self, flow: &Flow, username: &str, password: &str) -> Result<Next, UiError> {
        let username = username.trim();
        let request = crate::doors::oidc::request_of(&flow.next);
        let step = self
            .pool
            .password_sign_in(
                self.client_id(flow),
                username,
                password,
                Via::Pages {
                    oauth_request: request,
                },
            )
            .await
            .map_err(ui_error)?;
        // Where the pool allows passkeys and the user has none, one is offered first.
        let offer = match &step {
            SignInStep::Done(signed_in) => self
                .pool
                .offers_passkey(&signed_in.user)
                .await
                .unwrap_or(false),
            _ => false,
        };
        // A temporary password, or a second factor: the step's page next.
        let mut next = self.signed_in_or_next_step(flow, username, step).await?;
        if offer {
            next.location = links::page("/passkey", &[("next", &next.location)]);
        }
        Ok(next)
    }

    async fn set_new_password(
        &self,
        flow: &Flow,
        challenge: Option<&str>,
        username: &str,
        password: &str,
    ) -> Result<Next, UiError> {
        // The step's three minutes are over, or its cookie is not this user's.
        let expired = || {
            refused(
                UiErrorKind::NotAuthorized,
                "This step has expired. Sign in again with your temporary password.",
            )
        };
        let challenge = challenge.ok_or_else(expired)?;
        let step = self
            .pool
            .respond_new_password(
                self.client_id(flow),
                ClientProof::Trusted,
                challenge,
                username.trim(),
                password,
            )
            .await
            .map_err(|error| match error {
                PoolError::NotAuthorized(_) => expired(),
                other => ui_error(other),
            })?;
        self.signed_in_or_next_step(flow, username.trim(), step)
            .await
    }

    async fn answer_second_factor(
        &self,
        flow: &Flow,
        challenge: Option<&str>,
        username: &str,
        step: &str,
        code: &str,
    ) -> Result<Next, UiError> {
        let challenge = challenge.ok_or_else(step_expired)?;
        let answer = match step {
            "app" => MfaAnswer::SoftwareToken(code.trim()),
            // An emailed code: a second factor's, or a sign-in's without a password.
            "email" => {
                let step = self
                    .pool
                    .answer_emailed_code(
                        self.client_id(flow),
                        ClientProof::Trusted,
                        (challenge, username.trim()),
                        code.trim(),
                    )
                    .await
                    .map_err(step_error)?;
                return self
                    .signed_in_or_next_step(flow, username.trim(), step)
                    .await;
            }
            _ => return Err(step_expired()),
        };
        self.answer_step(flow, challenge, username.trim(), answer)
            .await
    }

    async fn choose_second_factor(
        &self,
        flow: &Flow,
        challenge: Option<&str>,
        username: &str,
        factor: &str,
    ) -> Result<Next, UiError> {
        let factor = match factor {
            "app" => MfaFactor::SoftwareToken,
            "email" => MfaFactor::Email,
            _ => return Err(step_expired()),
        };
        let challenge = challenge.ok_or_else(step_expired)?;
        let answer = MfaAnswer::Select(factor);
        self.answer_step(flow, challenge, username.trim(), answer)
            .await
    }

    async fn start_app_setup(
        &self,
        flow: &Flow,
        challenge: Option<&str>,
        username: &str,
    ) -> Result<(AppSetupView, Vec<String>), UiError> {
        let (pool, _) = self
            .pool
            .client(self.client_id(flow))
            .await
            .map_err(ui_error)?;
        let (secret, session) = self
            .pool
            .software_token_to_set_up_in_sign_in(challenge.ok_or_else(step_expired)?)
            .await
            .map_err(step_error)?;
        let view = app_setup_view(&pool.name, username.trim(), secret)?;
        Ok((view, vec![self.challenge_cookie(&session)]))
    }

    async fn finish_app_setup(
        &self,
        flow: &Flow,
        challenge: Option<&str>,
        username: &str,
        code: &str,
    ) -> Result<Next, UiError> {
        let username = username.trim();
        let session = self
            .pool
            .verify_software_token_in_sign_in(
                challenge.ok_or_else(step_expired)?,
                code.trim(),
                None,
            )
            .await
            .map_err(step_error)?;
        self.answer_step(flow, &session, username, MfaAnswer::SetUp)
            .await
    }

    async fn continue_authorization(
        &self,
        request: &str,
        session: Option<&str>,
    ) -> Result<Next, UiError> {
        match self.pool.oauth_continue(request, session).await {
            Ok(Authorized::Redirect(to)) | Err(AuthorizeError::Redirect(to)) => {
                Ok(Next::to(crate::doors::oidc::callback_location(&to)))
            }
            Ok(Authorized::SignIn { request, client_id }) => Ok(Next::to(
                crate::doors::oidc::sign_in_location(&request, &client_id),
            )),
            Ok(Authorized::External(to)) => Ok(Next::to(to)),
            Err(AuthorizeError::NoRedirect(why)) => Err(refused(
                UiErrorKind::InvalidInput,
                crate::doors::oidc::untrusted_words(why),
            )),
        }
    }

    async fn forgot_password(&self, flow: &Flow, username: &str) -> Result<Next, UiError> {
        let username = username.trim();
        self.pool
            .forgot_password(self.client_id(flow), ClientProof::Trusted, username)
            .await
            .map_err(ui_error)?;
        Ok(Next::to(flow_page(
            flow,
            "/confirmForgotPassword",
            username,
            None,
        )))
    }

    async fn passkey_options(&self, flow: &Flow) -> Result<PasskeyRequestView, UiError> {
        let request = crate::doors::oidc::request_of(&flow.next);
        let (session, options) = self
            .pool
            .page_passkey_options(self.client_id(flow), request)
            .await
            .map_err(ui_error)?;
        Ok(PasskeyRequestView {
            session,
            options: options.to_string(),
        })
    }

    async fn passkey_sign_in(
        &self,
        flow: &Flow,
        session: &str,
        credential: &str,
    ) -> Result<Next, UiError> {
        let step = self
            .pool
            .page_passkey_sign_in(self.client_id(flow), session, credential)
            .await
            .map_err(ui_error)?;
        let username = match &step {
            SignInStep::Done(signed_in) => signed_in.user.username.clone(),
            _ => String::new(),
        };
        self.signed_in_or_next_step(flow, &username, step).await
    }

    async fn email_sign_in_code(&self, flow: &Flow, username: &str) -> Result<Next, UiError> {
        let username = username.trim();
        let request = crate::doors::oidc::request_of(&flow.next);
        let step = self
            .pool
            .page_email_code(self.client_id(flow), request, username)
            .await
            .map_err(ui_error)?;
        self.signed_in_or_next_step(flow, username, step).await
    }

    async fn auth_event_feedback(&self, said: &Feedback) -> Result<Next, UiError> {
        self.pool
            .update_auth_event_feedback(
                said.pool_id.trim(),
                said.username.trim(),
                said.event_id.trim(),
                FeedbackFrom::User,
                Some(&said.token),
                said.valid,
            )
            .await
            .map_err(ui_error)?;
        let done = if said.valid { "valid" } else { "invalid" };
        Ok(Next::to(format!("/feedback?done={done}")))
    }

    async fn confirm_forgot_password(
        &self,
        flow: &Flow,
        username: &str,
        code: &str,
        password: &str,
    ) -> Result<Next, UiError> {
        let username = username.trim();
        self.pool
            .confirm_forgot_password(
                self.client_id(flow),
                ClientProof::Trusted,
                username,
                code.trim(),
                password,
            )
            .await
            .map_err(ui_error)?;
        Ok(Next::to(flow_page(
            flow,
            "/login",
            username,
            Some(("reset", "1")),
        )))
    }
}

/// The flow's next page, carrying the app client, the username and `next` (and a notice).
fn flow_page(flow: &Flow, path: &str, username: &str, notice: Option<(&str, &str)>) -> String {
    let mut query = vec![
        ("client_id", flow.client_id.as_str()),
        ("username", username),
    ];
    query.extend(notice);
    query.push(("next", flow.next.as_str()));
    links::page(path, &query)
}

/// A sign-in step whose three minutes are over, whose tries are spent, or whose cookie is
/// not this user's: start again.
fn step_expired() -> UiError {
    refused(
        UiErrorKind::NotAuthorized,
        "This sign-in has expired. Sign in again.",
    )
}

/// What a page says when a second-factor step fails: a wrong code is worth another try;
/// an ended step means signing in again.
fn step_error(error: PoolError) -> UiError {
    match error {
        PoolError::CodeMismatch(_) => refused(
            UiErrorKind::CodeMismatch,
            "That code is not right. Check it and try again.",
        ),
        PoolError::NotAuthorized(_) => step_expired(),
        other => ui_error(other),
    }
}

/// A new authenticator secret as the set-up page shows it: the text and a QR code of its
/// `otpauth://` URI, drawn here as SVG.
fn app_setup_view(issuer: &str, username: &str, secret: String) -> Result<AppSetupView, UiError> {
    use base64::Engine;
    let uri = totp::otpauth_uri(issuer, username, &secret);
    let code = qrcode::QrCode::new(uri.as_bytes()).map_err(|error| {
        tracing::error!(%error, "the authenticator set-up's QR code cannot be drawn");
        UiError::unavailable()
    })?;
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build();
    Ok(AppSetupView {
        secret,
        qr_code: format!(
            "data:image/svg+xml;base64,{}",
            base64::engine::general_purpose::STANDARD.encode(svg)
        ),
    })
}

/// A refusal in the page's language: the English sentence given, said in the request's
/// language where it is one of the pages' messages (`app/locales/*/errors.ftl`).
pub(super) fn refused(kind: UiErrorKind, english: impl AsRef<str>) -> UiError {
    UiError::new(kind, app::i18n::say(english.as_ref()))
}

/// What a page says for each domain outcome: specific where that is safe, the same
/// message for an unknown user and a wrong password.
fn ui_error(error: PoolError) -> UiError {
    use UiErrorKind as Kind;
    match error {
        PoolError::NotAuthorized(reason) => refused(Kind::NotAuthorized, words::refusal(&reason)),
        PoolError::UserNotFound(unknown) => {
            refused(Kind::NotAuthorized, words::unknown_user(unknown))
        }
        PoolError::UserNotConfirmed => refused(
            Kind::UserNotConfirmed,
            "Your account is not confirmed yet. Enter the code we emailed you.",
        ),
        PoolError::AwaitingConfirmation => refused(
            Kind::NotAuthorized,
            "Your account is not confirmed yet. An administrator will confirm it.",
        ),
        PoolError::PasswordResetRequired => refused(
            Kind::PasswordResetRequired,
            "You need to reset your password before signing in.",
        ),
        PoolError::UsernameExists(_) => refused(
            Kind::UsernameExists,
            "That username is taken. Choose another.",
        ),
        PoolError::AliasExists(_) => refused(
            Kind::AliasExists,
            "An account with this email already exists. Sign in, or reset its password.",
        ),
        PoolError::CodeMismatch(_) => refused(
            Kind::CodeMismatch,
            "That code is not right. Check the email and try again.",
        ),
        PoolError::ExpiredCode => refused(
            Kind::ExpiredCode,
            "This code has expired or was replaced. Send a new one.",
        ),
        PoolError::InvalidPassword(fault) => {
            refused(Kind::InvalidPassword, words::weak_password(fault))
        }
        PoolError::Constraint(broken) => refused(Kind::InvalidInput, words::broken(&broken)),
        PoolError::FactorNotSetUp(_) => refused(
            Kind::InvalidInput,
            "That sign-in method is not set up for your account. Choose another.",
        ),
        PoolError::InvalidParameter(invalid) => {
            refused(Kind::InvalidInput, words::invalid(&invalid))
        }
        PoolError::LimitExceeded => refused(Kind::InvalidInput, words::ATTEMPT_LIMIT),
        PoolError::WebAuthn(refusal) => refused(Kind::InvalidInput, words::passkey(refusal)),
        // Administrators' refusals: no page leads to them.
        PoolError::UnsupportedUserState { .. }
        | PoolError::GroupExists { .. }
        | PoolError::ProviderExists { .. }
        | PoolError::BrandingExists
        | PoolError::TermsExists => refused(Kind::InvalidInput, words::NOT_HERE),
        PoolError::ResourceNotFound(_) => refused(
            Kind::UnknownClient,
            "This sign-in link names an app client that does not exist.",
        ),
        PoolError::TooManyRequests(_) => refused(
            Kind::Unavailable,
            "Too many attempts at once right now. Wait a moment and try again.",
        ),
        PoolError::CodeDeliveryFailure(_) => refused(
            Kind::Unavailable,
            "We could not send the email. Please try again later.",
        ),
        // The function's own message is for the user (Cognito's hosted UI shows it too).
        PoolError::TriggerRefused { message, .. } => refused(Kind::InvalidInput, message),
        PoolError::Internal
        | PoolError::AddOnNotEnabled
        | PoolError::InvalidIdentityPoolConfiguration { .. }
        | PoolError::ExternalService
        | PoolError::TriggerFailed { .. }
        | PoolError::TriggerAnswer { .. } => UiError::unavailable(),
    }
}

/// `GET /logout`: ends the hosted session, revokes its sign-in's tokens, clears the
/// cookie, and lands on the app's registered sign-out URL (Cognito's `client_id` +
/// `logout_uri`, or OIDC's `id_token_hint` / `client_id` + `post_logout_redirect_uri` +
/// `state`) or else the sign-in page. An unregistered URL is shown as an error, never
/// followed.
pub async fn logout(
    State(hosted): State<Arc<Hosted>>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let given = |name: &str| query.get(name).filter(|v| !v.is_empty()).cloned();
    let params = LogoutParams {
        client_id: given("client_id"),
        logout_uri: given("logout_uri"),
        id_token_hint: given("id_token_hint"),
        post_logout_redirect_uri: given("post_logout_redirect_uri"),
        state: given("state"),
    };
    let target = match hosted.pool.logout_target(&params).await {
        Ok(target) => target,
        Err(error) => return crate::doors::oidc::logout_error(error),
    };
    let ended = match session_cookie(&headers) {
        Some(session) => match hosted.pool.end_session(&session).await {
            Ok(ended) => ended,
            Err(error) => {
                tracing::warn!(%error, "sign-out could not end the session");
                None
            }
        },
        None => None,
    };
    let mut location = target.unwrap_or_else(|| "/login?signed_out=1".to_string());
    // A session a SAML provider began (with IDPSignout): the provider signs the user out
    // too, then sends them on to where this sign-out goes.
    if let Some(session) = &ended {
        match hosted.pool.saml_sign_out(session, &location).await {
            Ok(Some(to_provider)) => location = to_provider,
            Ok(None) => {}
            Err(error) => tracing::warn!(%error, "the SAML provider is not told of the sign-out"),
        }
    }
    let mut response = (
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, location),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
    )
        .into_response();
    // Each cookie is its own Set-Cookie header: appended, not replaced.
    for name in [SESSION_COOKIE, ID_TOKEN_COOKIE, ACCESS_TOKEN_COOKIE] {
        if let Ok(value) = HeaderValue::from_str(&hosted.cookie(name, "", 0)) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

/// A redirect that also sets `cookies`.
fn redirect_setting(location: &str, cookies: &[String]) -> Response {
    let mut response = crate::doors::oidc::found(location);
    for cookie in cookies {
        if let Ok(value) = HeaderValue::from_str(cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}
