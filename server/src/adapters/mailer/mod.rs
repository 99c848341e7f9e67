//! Email delivery: through an SMTP relay (lettre) when one is configured, otherwise into
//! a file outbox (one `.eml` per message) so the embedded default needs nothing else. The
//! port they implement is the domain's (`crate::pool::mailer`).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use async_trait::async_trait;
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use crate::plumbing::config::{ConfigError, MailSettings};

pub use crate::pool::mailer::{Email, MailError, Mailer};

/// The mailer the settings ask for: SMTP when `mail.smtp_url` is set, else the outbox.
pub fn from_settings(
    settings: &MailSettings,
    data_dir: &Path,
) -> Result<Arc<dyn Mailer>, ConfigError> {
    let from: Mailbox = settings.from.parse().map_err(|e| {
        ConfigError::new(
            "mail.from",
            format!("`{}` is not an address: {e}", settings.from),
        )
    })?;
    match &settings.smtp_url {
        Some(url) => {
            let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                .map_err(|e| ConfigError::new("mail.smtp_url", e.to_string()))?
                .build();
            Ok(Arc::new(Smtp { transport, from }))
        }
        None => Ok(Arc::new(FileOutbox::new(data_dir.join("outbox"), from))),
    }
}

fn build(from: &Mailbox, email: Email) -> Result<Message, MailError> {
    let to: Mailbox = email
        .to
        .parse()
        .map_err(|_| MailError::InvalidAddress(email.to.clone()))?;
    // The pool's own sender where it has one (checked when it was set).
    let from = match &email.from {
        Some(pool_from) => pool_from
            .parse()
            .map_err(|_| MailError::InvalidAddress(pool_from.clone()))?,
        None => from.clone(),
    };
    let mut builder = Message::builder().from(from);
    if let Some(reply_to) = &email.reply_to {
        builder = builder.reply_to(
            reply_to
                .parse()
                .map_err(|_| MailError::InvalidAddress(reply_to.clone()))?,
        );
    }
    builder
        .to(to)
        .subject(email.subject)
        .header(ContentType::TEXT_PLAIN)
        .body(email.body)
        .map_err(|e| MailError::Build(e.to_string()))
}

/// Writes each message as `<outbox>/<uuid>.eml`, owner-only (it holds codes), whole: it is
/// written under a temporary name and renamed, so a reader never sees half a message.
pub struct FileOutbox {
    dir: PathBuf,
    from: Mailbox,
}

impl FileOutbox {
    pub fn new(dir: PathBuf, from: Mailbox) -> Self {
        Self { dir, from }
    }

    /// Writes and syncs a message as [`write`](Self::write) does, then deletes it unseen.
    fn write_and_discard(&self, id: &str, bytes: &[u8]) -> std::io::Result<()> {
        use std::io::Write;
        crate::plumbing::files::private_dir(&self.dir)?;
        let partial = self.dir.join(format!("{id}.eml.partial"));
        let mut file = crate::plumbing::files::create_private(&partial)?;
        let written = file.write_all(bytes).and_then(|()| file.sync_data());
        std::fs::remove_file(&partial)?;
        written
    }

    fn write(&self, id: &str, bytes: &[u8]) -> std::io::Result<PathBuf> {
        use std::io::Write;
        crate::plumbing::files::private_dir(&self.dir)?;
        let partial = self.dir.join(format!("{id}.eml.partial"));
        let done = self.dir.join(format!("{id}.eml"));
        let mut file = crate::plumbing::files::create_private(&partial)?;
        file.write_all(bytes)?;
        file.sync_data()?;
        std::fs::rename(&partial, &done)?;
        Ok(done)
    }
}

#[async_trait]
impl Mailer for FileOutbox {
    async fn send(&self, email: Email) -> Result<(), MailError> {
        let subject = email.subject.clone();
        let bytes = build(&self.from, email)?.formatted();
        let id = uuid::Uuid::new_v4().to_string();
        let outbox = Self {
            dir: self.dir.clone(),
            from: self.from.clone(),
        };
        let written = tokio::task::spawn_blocking(move || outbox.write(&id, &bytes))
            .await
            .map_err(|e| MailError::Delivery(e.to_string()))?
            .map_err(|e| MailError::Delivery(format!("{}: {e}", self.dir.display())))?;
        // The path and subject only: the body holds codes.
        tracing::info!(%subject, file = %written.display(), "email written to the outbox");
        Ok(())
    }

    async fn rehearse(&self, email: Email) -> Result<(), MailError> {
        let bytes = build(&self.from, email)?.formatted();
        let id = uuid::Uuid::new_v4().to_string();
        let outbox = Self {
            dir: self.dir.clone(),
            from: self.from.clone(),
        };
        tokio::task::spawn_blocking(move || outbox.write_and_discard(&id, &bytes))
            .await
            .map_err(|e| MailError::Delivery(e.to_string()))?
            .map_err(|e| MailError::Delivery(e.to_string()))
    }
}

/// Sends through an SMTP relay.
pub struct Smtp {
    from: Mailbox,
    transport: AsyncSmtpTransport<Tokio1Executor>,
}

#[async_trait]
impl Mailer for Smtp {
    async fn send(&self, email: Email) -> Result<(), MailError> {
        let subject = email.subject.clone();
        let message = build(&self.from, email)?;
        self.transport
            .send(message)
            .await
            .map_err(|e| MailError::Delivery(e.to_string()))?;
        tracing::info!(%subject, "email sent through SMTP");
        Ok(())
    }

    async fn rehearse(&self, email: Email) -> Result<(), MailError> {
        // The message is built; the relay's round trip cannot be rehearsed without sending.
        build(&self.from, email).map(|_| ())
    }
}
