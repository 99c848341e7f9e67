//! Cross-node invalidation: a node that revokes or deletes a token family sends a
//! notification on one channel; every node listens on it and forgets the families it
//! remembers. A notification can be missed (the listening connection drops): the listener
//! then forgets everything when it reconnects, and no family is remembered longer than
//! [`STALE_AFTER`] in any case, so that is the longest a node can trust a revoked sign-in.

use std::time::Duration;

use sqlx::postgres::{PgListener, PgPool};

use super::OpenError;
use super::families::LiveFamilies;

/// The channel every node listens on.
const CHANNEL: &str = "cognate_families";

/// The longest a node remembers a live token family: the bound on how long a revocation
/// made on another node can go unseen here when its notification is lost.
pub const STALE_AFTER: Duration = Duration::from_secs(5);

/// The task that listens for other nodes' changes.
#[derive(Debug)]
pub(super) struct Listener {
    task: tokio::task::JoinHandle<()>,
}

impl Listener {
    /// Listens on a connection of its own (connected now, so that a database that refuses
    /// it fails the start-up rather than later).
    pub(super) async fn start(db: &PgPool, families: LiveFamilies) -> Result<Self, OpenError> {
        let mut listener = PgListener::connect_with(db)
            .await
            .map_err(OpenError::Postgres)?;
        listener
            .listen(CHANNEL)
            .await
            .map_err(OpenError::Postgres)?;
        let task = tokio::spawn(async move {
            loop {
                match listener.try_recv().await {
                    // A change on some node (this one too).
                    Ok(Some(_)) => families.forget(),
                    // The connection dropped; notifications may have been missed. The
                    // next call reconnects and listens again.
                    Ok(None) => families.forget(),
                    Err(error) => {
                        families.forget();
                        tracing::warn!(%error, "listening for other nodes' changes failed; retrying");
                        tokio::time::sleep(Duration::from_secs(1)).await;
                    }
                }
            }
        });
        Ok(Self { task })
    }

    pub(super) fn stop(&self) {
        self.task.abort();
    }
}

/// Tells every node (this one included) that token families changed. A failure is logged,
/// not returned: the change itself has committed, and the other nodes stop trusting what
/// they remember within [`STALE_AFTER`] anyway.
pub(super) async fn tell_others(db: &PgPool) {
    if let Err(error) = sqlx::query("SELECT pg_notify($1, '')")
        .bind(CHANNEL)
        .execute(db)
        .await
    {
        tracing::warn!(%error, "could not notify the other nodes of a revocation");
    }
}
