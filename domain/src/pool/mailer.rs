//! The domain's mail port: a plain-text message to one person, and what sends it. Adapters
//! (SMTP, the file outbox) are under `server/src/adapters/mailer/`.

use async_trait::async_trait;

/// A plain-text message to one person.
#[derive(Clone, PartialEq, Eq)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub body: String,
    /// The pool's `From` (Cognito's `EmailConfiguration.From`); `None`: the mailer's own.
    pub from: Option<String>,
    /// The pool's `Reply-To` (`EmailConfiguration.ReplyToEmailAddress`).
    pub reply_to: Option<String>,
}

impl Email {
    /// A message from the mailer's own address.
    pub fn new(to: &str, subject: impl Into<String>, body: impl Into<String>) -> Self {
        Self {
            to: to.to_string(),
            subject: subject.into(),
            body: body.into(),
            from: None,
            reply_to: None,
        }
    }
}

/// The body carries codes: debug output shows only its length.
impl std::fmt::Debug for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Email")
            .field("to", &self.to)
            .field("subject", &self.subject)
            .field("from", &self.from)
            .field("reply_to", &self.reply_to)
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// The hosted pages an email links to, as full URLs. The door that serves the pages names
/// them (the hosted pages door's `email_pages`); the domain only adds whose page it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmailPages {
    /// Where a sign-up code is entered.
    pub confirm_sign_up: String,
    /// Where a password-reset code is entered with the new password.
    pub reset_password: String,
    /// Where an invited user signs in.
    pub sign_in: String,
    /// Where a risk notice's "this was me / was not me" links lead.
    pub feedback: String,
}

impl EmailPages {
    /// `page` with `username` filled in.
    pub fn for_user(page: &str, username: &str) -> String {
        match url::Url::parse_with_params(page, [("username", username)]) {
            Ok(url) => url.into(),
            // A public URL that does not parse was refused at start-up; keep the bare page.
            Err(_) => page.to_string(),
        }
    }
}

/// Why a message was not sent.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("`{0}` is not a deliverable email address")]
    InvalidAddress(String),
    #[error("the message could not be built: {0}")]
    Build(String),
    #[error("the message could not be delivered: {0}")]
    Delivery(String),
}

/// Sends email.
#[async_trait]
pub trait Mailer: Send + Sync {
    async fn send(&self, email: Email) -> Result<(), MailError>;

    /// Does the work of sending `email` without delivering it: what a request about a name
    /// no user answers to does, so that its answer takes as long as a real one's.
    async fn rehearse(&self, email: Email) -> Result<(), MailError> {
        let _ = email;
        Ok(())
    }
}
