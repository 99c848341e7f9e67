//! `UiError`: what a hosted page shows when an action fails, the same with or without
//! JavaScript (it travels as JSON to the hydrated page, or in the URL after a plain POST).

use std::fmt;

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// The kinds of failure a page reacts to differently (a link to confirm, to resend…).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum UiErrorKind {
    /// Wrong username or password, or an unknown user: deliberately one kind.
    NotAuthorized,
    UserNotConfirmed,
    PasswordResetRequired,
    UsernameExists,
    AliasExists,
    CodeMismatch,
    ExpiredCode,
    InvalidPassword,
    InvalidInput,
    /// The link names an app client that does not exist.
    UnknownClient,
    /// The form was posted from another site.
    CrossSite,
    /// A failure on the server's side; the detail is in the server's log.
    Unavailable,
}

/// A failure with a message for the person at the page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UiError {
    pub kind: UiErrorKind,
    pub message: String,
}

impl UiError {
    pub fn new(kind: UiErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    pub fn unavailable() -> Self {
        Self::new(
            UiErrorKind::Unavailable,
            crate::i18n::t("error-unavailable"),
        )
    }

    /// The HTTP status a script caller gets (a plain form post is redirected instead).
    pub fn status(&self) -> u16 {
        match self.kind {
            UiErrorKind::NotAuthorized => 401,
            UiErrorKind::CrossSite => 403,
            UiErrorKind::Unavailable => 503,
            _ => 400,
        }
    }
}

impl fmt::Display for UiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for UiError {}

impl FromServerFnError for UiError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // A form posted without one of its fields.
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::Deserialization(_) => Self::new(
                UiErrorKind::InvalidInput,
                crate::i18n::t("error-missing-field"),
            ),
            _ => Self::unavailable(),
        }
    }
}
