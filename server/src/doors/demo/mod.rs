//! The demo resource server: an API outside the user-pool core that trusts nothing but a
//! bearer access token, checked offline by the domain's one entry point
//! ([`UserPool::authorize`]) as an API gateway's JWT authorizer would, and serves each
//! `sub` its own notes. The demo page (`/demo`) is its app: it holds the tokens of the
//! hosted sign-in in cookies and calls the same check.

pub mod api;
mod notes;
mod page;

pub use notes::{Note, Notes};

use std::sync::Arc;

use crate::clock::Clock;
use crate::pool::{Denied, PoolError, PoolId, TokenFault, UserPool};
use crate::tokens::AccessClaims;

/// The most notes a list shows.
const LIST_LIMIT: u32 = 100;
/// The longest note, in characters.
const MAX_NOTE_CHARS: usize = 500;

/// Why the demo refused a request.
#[derive(Debug, PartialEq, Eq)]
pub enum DemoError {
    /// No token, or one the domain does not accept (RFC 6750 `invalid_token`).
    Unauthorized(String),
    /// A valid token without the configured scope (RFC 6750 `insufficient_scope`).
    InsufficientScope(Arc<str>),
    /// A note that is empty or too long.
    InvalidNote,
    /// Logged where it happened; never shown.
    Internal,
}

/// The demo API: the domain's token check, a required scope if configured, and the notes.
pub struct Demo {
    pool: Arc<UserPool>,
    notes: Notes,
    clock: Arc<dyn Clock>,
    required_scope: Option<Arc<str>>,
    files: Option<FilesServer>,
}

/// The S3 server and bucket of the demo page's "Your files".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilesServer {
    /// Its URL without a trailing slash, as the browser reaches it.
    pub endpoint: String,
    pub bucket: String,
}

impl Demo {
    /// `required_scope` (`demo.required_scope`) is a scope every token must hold.
    pub fn new(
        pool: Arc<UserPool>,
        notes: Notes,
        clock: Arc<dyn Clock>,
        required_scope: Option<String>,
    ) -> Self {
        Self {
            pool,
            notes,
            clock,
            required_scope: required_scope
                .filter(|s| !s.trim().is_empty())
                .map(|s| Arc::from(s.trim())),
            files: None,
        }
    }

    /// The origin (`scheme://host[:port]`) of the S3 server of "Your files", if any.
    pub fn files_origin(&self) -> Option<std::sync::Arc<str>> {
        self.files
            .as_ref()
            .map(|files| crate::plumbing::guard::origin_of(&files.endpoint))
    }

    /// With "Your files" served from this S3 server.
    pub fn with_files(mut self, files: Option<FilesServer>) -> Self {
        self.files = files;
        self
    }

    /// The bearer token's claims, if the domain accepts it and it holds the required scope.
    pub async fn authorize(&self, token: &str) -> Result<AccessClaims, DemoError> {
        let claims = self
            .pool
            .authorize(token)
            .await
            .map_err(|error| match error {
                PoolError::NotAuthorized(reason) => {
                    DemoError::Unauthorized(bearer_refusal(&reason))
                }
                _ => DemoError::Internal,
            })?;
        match &self.required_scope {
            Some(scope) if !claims.scope.split_whitespace().any(|s| s == &**scope) => {
                Err(DemoError::InsufficientScope(scope.clone()))
            }
            _ => Ok(claims),
        }
    }

    /// The caller's notes, newest first.
    pub async fn list(&self, claims: &AccessClaims) -> Result<Vec<Note>, DemoError> {
        let pool = claims_pool(claims)?;
        self.notes
            .list(&pool, &claims.sub, LIST_LIMIT)
            .await
            .map_err(internal)
    }

    /// Adds a note (1 to 500 characters once trimmed) owned by the caller.
    pub async fn add(&self, claims: &AccessClaims, body: &str) -> Result<Note, DemoError> {
        let body = body.trim();
        if body.is_empty() || body.chars().count() > MAX_NOTE_CHARS {
            return Err(DemoError::InvalidNote);
        }
        let pool = claims_pool(claims)?;
        self.notes
            .insert(&pool, &claims.sub, body, self.clock.now())
            .await
            .map_err(internal)
    }
}

/// The pool whose user (or client) owns the token: the last part of its issuer.
fn claims_pool(claims: &AccessClaims) -> Result<PoolId, DemoError> {
    claims
        .iss
        .rsplit_once('/')
        .and_then(|(_, pool)| PoolId::parse(pool))
        .ok_or_else(|| DemoError::Unauthorized("Invalid Access Token".into()))
}

fn internal(error: sqlx::Error) -> DemoError {
    tracing::error!(%error, "the demo's notes table failed");
    DemoError::Internal
}

/// Why a bearer token was refused, in the words of the notes API's `error_description`.
fn bearer_refusal(reason: &Denied) -> String {
    match reason {
        Denied::Token(_, TokenFault::Expired) => "Access Token has expired",
        Denied::Token(_, TokenFault::Revoked) => "Access Token has been revoked",
        Denied::Disabled => "User is disabled.",
        Denied::UserGone => "User does not exist.",
        Denied::ClientGone => "The token's app client no longer exists.",
        _ => "Invalid Access Token",
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::{Demo, DemoError, Notes};
    use crate::testkit::Kit;

    fn demo(kit: &Kit, scope: Option<&str>) -> Demo {
        Demo::new(
            kit.pool.clone(),
            Notes::Sqlite(kit.sqlite.database()),
            kit.clock.clone(),
            scope.map(str::to_string),
        )
    }

    #[tokio::test]
    async fn each_token_sees_only_its_owners_notes() {
        let kit = Kit::with_user("jane").await;
        kit.confirmed_user("joe").await;
        let demo = demo(&kit, None);
        let jane = demo
            .authorize(&kit.signed_in("jane").await.tokens.access_token)
            .await
            .unwrap();
        let joe = demo
            .authorize(&kit.signed_in("joe").await.tokens.access_token)
            .await
            .unwrap();
        demo.add(&jane, "  first  ").await.unwrap();
        demo.add(&jane, "second").await.unwrap();
        let notes: Vec<_> = demo
            .list(&jane)
            .await
            .unwrap()
            .into_iter()
            .map(|n| n.body)
            .collect();
        assert_eq!(notes, ["second", "first"], "newest first, trimmed");
        assert!(demo.list(&joe).await.unwrap().is_empty());
        assert_eq!(demo.add(&joe, " ").await, Err(DemoError::InvalidNote));
        assert_eq!(
            demo.add(&joe, &"x".repeat(501)).await,
            Err(DemoError::InvalidNote)
        );
    }

    #[tokio::test]
    async fn a_revoked_or_unscoped_token_reads_nothing() {
        let (kit, signed_in) = Kit::signed_in_as("jane").await;
        let token = &signed_in.tokens.access_token;
        let scoped = demo(&kit, Some("notes/read"));
        assert_eq!(
            scoped.authorize(token).await.unwrap_err(),
            DemoError::InsufficientScope("notes/read".into())
        );
        let open = demo(&kit, None);
        assert!(open.authorize(token).await.is_ok());
        kit.pool.global_sign_out(token).await.unwrap();
        assert!(matches!(
            open.authorize(token).await,
            Err(DemoError::Unauthorized(_))
        ));
        assert!(matches!(
            open.authorize("garbage").await,
            Err(DemoError::Unauthorized(_))
        ));
    }
}
