//! `HostedUi`: the pages' one door into the server, shaped like the pages. The server
//! implements it over the user-pool domain and provides it through Leptos context.

use async_trait::async_trait;

use crate::dto::{ClientView, DemoView, NoteView};
use crate::error::UiError;

/// The name of the hosted pages' session cookie.
pub const SESSION_COOKIE: &str = "cognate_session";

/// The session cookie's value from a request's headers, if any.
pub fn session_cookie(headers: &http::HeaderMap) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.to_string())
        .filter(|value| !value.is_empty())
}

#[async_trait]
pub trait HostedUi: Send + Sync {
    /// The named app client, or the default one when `client_id` is `None`.
    async fn client(&self, client_id: Option<&str>) -> Result<ClientView, UiError>;

    async fn sign_up(
        &self,
        client_id: &str,
        username: &str,
        email: &str,
        password: &str,
    ) -> Result<(), UiError>;

    async fn confirm_sign_up(
        &self,
        client_id: &str,
        username: &str,
        code: &str,
    ) -> Result<(), UiError>;

    async fn resend_code(&self, client_id: &str, username: &str) -> Result<(), UiError>;

    /// Signs in and starts a session; returns the `Set-Cookie` value that carries it.
    async fn sign_in(
        &self,
        client_id: &str,
        username: &str,
        password: &str,
    ) -> Result<String, UiError>;

    async fn forgot_password(&self, client_id: &str, username: &str) -> Result<(), UiError>;

    async fn confirm_forgot_password(
        &self,
        client_id: &str,
        username: &str,
        code: &str,
        password: &str,
    ) -> Result<(), UiError>;

    /// The demo page's view of the session with this cookie value, if it is live.
    async fn demo(&self, session: &str) -> Result<Option<DemoView>, UiError>;

    /// Adds a note for the session's user (the form's path without JavaScript).
    async fn add_note(&self, session: &str, body: &str) -> Result<NoteView, UiError>;
}
