//! The outcomes of user-pool operations, with Cognito's meanings and no HTTP types.

use super::passwords::HashError;

/// Why a user-pool operation did not succeed. The message is safe to show the caller; each
/// door maps the variant to its own shape (Cognito exception, OAuth error, form message).
#[derive(Debug, thiserror::Error)]
pub enum PoolError {
    #[error("{0}")]
    UsernameExists(String),
    #[error("{0}")]
    AliasExists(String),
    #[error("{0}")]
    GroupExists(String),
    /// An identity provider of that name exists (Cognito's DuplicateProviderException).
    #[error("{0}")]
    ProviderExists(String),
    #[error("{0}")]
    UserNotFound(String),
    /// Wrong credentials, a disabled user, a revoked or expired token.
    #[error("{0}")]
    NotAuthorized(String),
    #[error("{0}")]
    UserNotConfirmed(String),
    /// Not confirmed, in a pool that sends no codes: only an administrator confirms.
    #[error("{0}")]
    AwaitingConfirmation(String),
    #[error("{0}")]
    PasswordResetRequired(String),
    #[error("{0}")]
    CodeMismatch(String),
    /// The code expired, was used, was replaced, or died after too many wrong tries.
    #[error("{0}")]
    ExpiredCode(String),
    #[error("{0}")]
    InvalidPassword(String),
    /// The user is not in the state the operation needs (AdminCreateUser's RESEND of a user
    /// who has set a password).
    #[error("{0}")]
    UnsupportedUserState(String),
    #[error("{0}")]
    InvalidParameter(String),
    #[error("{0}")]
    ResourceNotFound(String),
    #[error("{0}")]
    LimitExceeded(String),
    #[error("{0}")]
    CodeDeliveryFailure(String),
    /// The server is at capacity (its password-hashing queue is full, or the caller's
    /// address made too many requests): try again shortly.
    #[error("{0}")]
    TooManyRequests(String),
    /// An identity pool lacks what the request needs (a role).
    #[error("{0}")]
    InvalidIdentityPoolConfiguration(String),
    /// A service Cognate relies on (the STS) did not answer.
    #[error("{0}")]
    ExternalService(String),
    /// A failure below the domain; the detail is logged, never returned.
    #[error("An internal error occurred.")]
    Internal,
}

impl PoolError {
    /// The message every door shows for a wrong password and, with
    /// PreventUserExistenceErrors, for an unknown user: the two must not differ.
    pub fn incorrect_credentials() -> Self {
        Self::NotAuthorized("Incorrect username or password.".into())
    }

    /// Cognito's answer when too many requests arrive at once.
    pub fn busy() -> Self {
        Self::TooManyRequests("Too many requests.".into())
    }

    /// Logs `error` (which may hold internals) and returns the opaque `Internal`.
    pub fn internal(error: impl std::fmt::Display) -> Self {
        tracing::error!(%error, "user pool operation failed");
        Self::Internal
    }
}

impl From<HashError> for PoolError {
    fn from(error: HashError) -> Self {
        match error {
            HashError::Busy => Self::busy(),
            other => Self::internal(other),
        }
    }
}
