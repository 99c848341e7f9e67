//! `HostedUi`: the pages' one door into the server, shaped like the pages. The server
//! implements it over the user-pool domain and provides it through Leptos context.

use async_trait::async_trait;

use crate::dto::{AccountView, AppSetupView, ClientView, DemoView, NoteView, PasskeyRequestView};
use crate::error::UiError;

/// The name of the hosted pages' session cookie.
pub const SESSION_COOKIE: &str = "cognate_session";
/// The cookie that carries a sign-in's open challenge (a temporary password's
/// NEW_PASSWORD_REQUIRED, a second factor) from the sign-in page to the step's page (never
/// in the URL).
pub const CHALLENGE_COOKIE: &str = "cognate_challenge";

/// The cookies that hold a hosted sign-in's ID and access tokens for the demo page, the
/// app on this site: it renders from them and calls the notes API with the access token.
pub const ID_TOKEN_COOKIE: &str = "cognate_id_token";
pub const ACCESS_TOKEN_COOKIE: &str = "cognate_access_token";

/// What every hosted form carries through its flow (sign-up → confirm → sign-in → back).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Flow {
    /// The app client, as the page was opened with it; empty for the default client.
    pub client_id: String,
    /// Where to go once signed in (kept only if it is a path on this site).
    pub next: String,
}

/// Where a form sends the browser next, and the cookies it sets on the way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Next {
    pub location: String,
    /// `Set-Cookie` values.
    pub cookies: Vec<String>,
}

impl Next {
    /// To `location`, setting nothing.
    pub fn to(location: impl Into<String>) -> Self {
        Self {
            location: location.into(),
            cookies: Vec::new(),
        }
    }
}

/// The session cookie's value from a request's headers, if any.
pub fn session_cookie(headers: &http::HeaderMap) -> Option<String> {
    cookie(headers, SESSION_COOKIE)
}

/// The value of the cookie `wanted` from a request's headers, if any.
pub fn cookie(headers: &http::HeaderMap, wanted: &str) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == wanted)
        .map(|(_, value)| value.to_string())
        .filter(|value| !value.is_empty())
}

/// What a risk notice's link carries, and the user's answer.
#[derive(Clone, Debug)]
pub struct Feedback {
    pub pool_id: String,
    pub username: String,
    pub event_id: String,
    /// The one-use token from the email.
    pub token: String,
    pub valid: bool,
}

/// The hosted forms' door: each takes what its form posted and answers with where the
/// browser goes next (the flow's next page, or the signed-in destination with cookies).
#[async_trait]
pub trait HostedUi: Send + Sync {
    /// The named app client, or the default one when `client_id` is `None`.
    async fn client(&self, client_id: Option<&str>) -> Result<ClientView, UiError>;

    /// The username the browser's sign-in on this site names (its ID token, checked
    /// offline), for the header; `None` when it names no one.
    async fn signed_in_as(&self, id_token: &str) -> Option<String>;

    /// Signs up; next, the code's page (or, where no code is sent, the sign-in page).
    async fn sign_up(
        &self,
        flow: &Flow,
        username: &str,
        email: &str,
        password: &str,
    ) -> Result<Next, UiError>;

    async fn confirm_sign_up(
        &self,
        flow: &Flow,
        username: &str,
        code: &str,
    ) -> Result<Next, UiError>;

    async fn resend_code(&self, flow: &Flow, username: &str) -> Result<Next, UiError>;

    /// Signs in and starts a session (its cookie and the sign-in's token cookies), or, for
    /// a temporary password, starts the new-password step (its challenge cookie).
    async fn sign_in(&self, flow: &Flow, username: &str, password: &str) -> Result<Next, UiError>;

    /// Answers the new-password step that `challenge` (the challenge cookie) started: sets
    /// the password, starts a session and removes the spent challenge's cookie.
    async fn set_new_password(
        &self,
        flow: &Flow,
        challenge: Option<&str>,
        username: &str,
        password: &str,
    ) -> Result<Next, UiError>;

    /// Answers the second-factor step that `challenge` started (`step` is the `/mfa`
    /// page's: `app` or `email`) with its code: a session, or the page again with a
    /// fresh challenge.
    async fn answer_second_factor(
        &self,
        flow: &Flow,
        challenge: Option<&str>,
        username: &str,
        step: &str,
        code: &str,
    ) -> Result<Next, UiError>;

    /// Chooses the factor (`app` or `email`) for a user who has both and prefers neither.
    async fn choose_second_factor(
        &self,
        flow: &Flow,
        challenge: Option<&str>,
        username: &str,
        factor: &str,
    ) -> Result<Next, UiError>;

    /// A new authenticator secret for the user whom a pool with MFA required signs in
    /// without one; the `Set-Cookie` values that carry the step on.
    async fn start_app_setup(
        &self,
        flow: &Flow,
        challenge: Option<&str>,
        username: &str,
    ) -> Result<(AppSetupView, Vec<String>), UiError>;

    /// The set-up's first code: the app is the user's, and the sign-in is done.
    async fn finish_app_setup(
        &self,
        flow: &Flow,
        challenge: Option<&str>,
        username: &str,
        code: &str,
    ) -> Result<Next, UiError>;

    /// Back from signing in for an app (OAuth): the app's callback with a code, or the
    /// sign-in page if `session` signs no one in.
    async fn continue_authorization(
        &self,
        request: &str,
        session: Option<&str>,
    ) -> Result<Next, UiError>;

    async fn forgot_password(&self, flow: &Flow, username: &str) -> Result<Next, UiError>;

    /// A passkey sign-in's request: options naming no user, and the session answering them.
    async fn passkey_options(&self, flow: &Flow) -> Result<PasskeyRequestView, UiError>;

    /// The passkey's answer (WebAuthn's JSON): a session, as a password sign-in gives.
    async fn passkey_sign_in(
        &self,
        flow: &Flow,
        session: &str,
        credential: &str,
    ) -> Result<Next, UiError>;

    /// "Email me a code": the code's page next (its challenge cookie set), whoever asked.
    async fn email_sign_in_code(&self, flow: &Flow, username: &str) -> Result<Next, UiError>;

    /// A risk notice's link answered: whether the sign-in was the user.
    async fn auth_event_feedback(&self, said: &Feedback) -> Result<Next, UiError>;

    async fn confirm_forgot_password(
        &self,
        flow: &Flow,
        username: &str,
        code: &str,
        password: &str,
    ) -> Result<Next, UiError>;
}

/// The demo page's door into the demo resource server: the same offline token check as
/// its API, never the user-pool session.
#[async_trait]
pub trait DemoUi: Send + Sync {
    /// The signed-in user's claims and notes from the sign-in's tokens (their cookies);
    /// `None` when they are missing, expired or revoked.
    async fn view(&self, id_token: &str, access_token: &str) -> Result<Option<DemoView>, UiError>;

    /// Adds a note with the access token (the form's path without JavaScript).
    async fn add_note(&self, access_token: &str, body: &str) -> Result<NoteView, UiError>;
}

/// The account page's door: each call names the signed-in user by the access token of the
/// hosted sign-in (its cookie), as an app calls Cognito's self-service operations.
#[async_trait]
pub trait AccountUi: Send + Sync {
    /// The user's account; `None` when the token is missing, expired or revoked.
    async fn view(&self, access_token: &str) -> Result<Option<AccountView>, UiError>;

    /// Sets one attribute; a changed email is emailed a code and counts once verified.
    async fn set_attribute(
        &self,
        access_token: &str,
        name: &str,
        value: &str,
    ) -> Result<Next, UiError>;

    /// Emails a code to the unverified email.
    async fn send_email_code(&self, access_token: &str) -> Result<Next, UiError>;

    async fn verify_email(&self, access_token: &str, code: &str) -> Result<Next, UiError>;

    async fn change_password(
        &self,
        access_token: &str,
        old_password: &str,
        new_password: &str,
    ) -> Result<Next, UiError>;

    /// A new authenticator secret (it replaces one not yet proven).
    async fn start_app(&self, access_token: &str) -> Result<AppSetupView, UiError>;

    /// The new app's first code: the app is on, and preferred.
    async fn finish_app(&self, access_token: &str, code: &str) -> Result<Next, UiError>;

    /// `app_off`, `email_on`, `email_off`, `prefer_app` or `prefer_email`.
    async fn change_mfa(&self, access_token: &str, change: &str) -> Result<Next, UiError>;

    /// A new passkey's creation options (WebAuthn's JSON).
    async fn passkey_registration(&self, access_token: &str) -> Result<String, UiError>;

    /// The authenticator's new passkey (WebAuthn's JSON) becomes the user's.
    async fn add_passkey(&self, access_token: &str, credential: &str) -> Result<(), UiError>;

    /// Deletes one of the user's passkeys.
    async fn delete_passkey(&self, access_token: &str, id: &str) -> Result<Next, UiError>;

    /// Forgets one of the user's devices (Cognito ForgetDevice).
    async fn forget_device(&self, access_token: &str, device_key: &str) -> Result<Next, UiError>;

    /// Signs the user out of every device and app (Cognito GlobalSignOut).
    async fn sign_out_everywhere(
        &self,
        access_token: &str,
        session: Option<&str>,
    ) -> Result<Next, UiError>;

    /// Deletes the account once the password is typed again.
    async fn delete_account(&self, access_token: &str, password: &str) -> Result<Next, UiError>;
}
