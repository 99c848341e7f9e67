//! The outcomes of user-pool operations, with Cognito's meanings and no HTTP types.

use super::invalid::Invalid;
use super::passwords::HashError;
use super::triggers::Trigger;
use super::{ClientId, MfaFactor, UserStatus};

/// Why a user-pool operation did not succeed: each variant and its typed reason say which
/// rule, with the names and values a door may repeat. Each door gives it its own shape and
/// words (Cognito exception, OAuth error, form message); the `Display` text is for logs.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PoolError {
    /// The username (or the attribute that serves as one) is taken.
    #[error("username taken: {0:?}")]
    UsernameExists(NameTaken),
    /// An alias (email) or a provider's user already belongs to another user.
    #[error("alias taken: {0:?}")]
    AliasExists(AliasTaken),
    #[error("a group named {group} exists")]
    GroupExists { group: String },
    /// An identity provider of that name exists (Cognito's DuplicateProviderException).
    #[error("an identity provider named {provider} exists")]
    ProviderExists { provider: String },
    /// The app client has a branding style already (Cognito's
    /// ManagedLoginBrandingExistsException).
    #[error("the app client has a branding style")]
    BrandingExists,
    /// The app client has terms of that name already (Cognito's TermsExistsException).
    #[error("the app client has terms of that name")]
    TermsExists,
    #[error("no such user: {0:?}")]
    UserNotFound(UnknownUser),
    /// Wrong credentials, a disabled user, a revoked or expired token: `Denied` says which.
    #[error("not authorized: {0:?}")]
    NotAuthorized(Denied),
    /// Not confirmed: the user confirms with the code emailed at sign-up.
    #[error("the user is not confirmed")]
    UserNotConfirmed,
    /// Not confirmed, in a pool that sends no codes: only an administrator confirms.
    #[error("the user awaits an administrator's confirmation")]
    AwaitingConfirmation,
    /// The user must reset the password before signing in.
    #[error("the user must reset the password")]
    PasswordResetRequired,
    /// A wrong code (another try may follow); which code it was.
    #[error("wrong code: {0:?}")]
    CodeMismatch(CodeFor),
    /// The code expired, was used, was replaced, or died after too many wrong tries.
    #[error("the code is no longer valid")]
    ExpiredCode,
    /// A password the pool's policy refuses, and the first rule it breaks.
    #[error("{0:?}")]
    InvalidPassword(PasswordFault),
    /// AdminCreateUser's RESEND of a user who is not waiting on a temporary password.
    #[error("{username} is not waiting on a temporary password")]
    UnsupportedUserState { username: String },
    /// A value, or a request, that breaks one of the pool's rules: `Invalid` says which.
    #[error("invalid: {0:?}")]
    InvalidParameter(Invalid),
    /// A second factor chosen that the user has not set up.
    #[error("{0:?} is not one of the user's factors")]
    FactorNotSetUp(MfaFactor),
    /// A value outside the constraint the API's model sets for its member.
    #[error("{0:?}")]
    Constraint(Constraint),
    #[error("not found: {0:?}")]
    ResourceNotFound(Missing),
    /// Too many tries (wrong passwords or codes, codes sent) for now: wait and try again.
    #[error("attempt limit exceeded")]
    LimitExceeded,
    /// The email could not be sent.
    #[error("could not deliver the {0:?}")]
    CodeDeliveryFailure(Delivery),
    /// The server is at capacity (its password-hashing queue is full, or the caller's
    /// address made too many requests), or a provider is out of reach: try again shortly.
    #[error("too many requests: {0:?}")]
    TooManyRequests(Busy),
    /// An identity pool lacks the role of this kind (`authenticated`, `unauthenticated`).
    #[error("the identity pool has no {role} role")]
    InvalidIdentityPoolConfiguration { role: &'static str },
    /// The STS, which Cognate relies on for credentials, did not answer.
    #[error("the security token service did not answer")]
    ExternalService,
    /// A trigger's function refused: it failed, with a message of its own that the caller
    /// is shown (Cognito's UserLambdaValidationException).
    #[error("the {trigger} trigger refused")]
    TriggerRefused { trigger: Trigger, message: String },
    /// A trigger's function could not be called, or did not answer in time (Cognito's
    /// UnexpectedLambdaException).
    #[error("the {trigger} trigger did not answer: {cause:?}")]
    TriggerFailed { trigger: Trigger, cause: NoAnswer },
    /// A trigger's answer is not its trigger's shape (Cognito's
    /// InvalidLambdaResponseException).
    #[error("the {trigger} trigger's answer is not its trigger's shape")]
    TriggerAnswer { trigger: Trigger },
    /// Threat protection is off for the pool (Cognito's UserPoolAddOnNotEnabledException).
    #[error("the pool's advanced security is off")]
    AddOnNotEnabled,
    /// A passkey request refused for a reason Cognito has an exception of its own for.
    #[error("passkey refused: {0:?}")]
    WebAuthn(WebAuthnRefusal),
    /// A failure below the domain; the detail is logged, never returned.
    #[error("An internal error occurred.")]
    Internal,
}

/// Why a passkey's registration (or the pool's passkey settings) is refused: Cognito's
/// `WebAuthn…Exception`s.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WebAuthnRefusal {
    /// The pool does not allow passkeys (WEB_AUTHN is not among its first factors).
    NotEnabled,
    /// No registration was started, or it expired, or was used.
    ChallengeNotFound,
    /// The authenticator made the credential for another relying party ID.
    RelyingPartyMismatch,
    /// The credential was made in a page of an origin the relying party does not take.
    OriginNotAllowed,
    /// Not a credential Cognate takes: unreadable, badly signed, an unsupported key, one
    /// already registered, or without the user verification the pool requires.
    CredentialNotSupported,
    /// The registration was started by another app client than the one completing it.
    ClientMismatch,
}

/// Why a trigger's function gave no answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoAnswer {
    /// None within the time allowed (Cognito's five seconds).
    TimedOut,
    /// It could not be called: refused, out of reach, or too many calls at once.
    Unreachable,
}

/// Whose name a new user would take.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NameTaken {
    /// A user of that username exists (SignUp; AdminCreateUser says it its own way).
    Username,
    /// A pool whose usernames are emails (or phone numbers) has a user with this one; the
    /// attribute's name.
    Attribute(String),
}

/// What another user already holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AliasTaken {
    /// Another user has this attribute (`email`) verified as an alias.
    Attribute(String),
    /// The provider's user is linked to another user of the pool.
    ProviderUserLinked,
    /// A federated user's email is another user's sign-in email.
    FederatedEmail,
}

/// Which user lookup found nobody.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnknownUser {
    /// No user of that name in the pool.
    User,
    /// No user of that name for the app client that asked (a code-sending operation).
    ForClient,
}

/// Which code was wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeFor {
    /// An emailed code (sign-up confirmation, password reset, attribute verification).
    Emailed,
    /// A second factor's code answering a sign-in challenge.
    SignIn,
    /// An authenticator's code while it is being set up.
    SoftwareTokenSetup,
}

/// What could not be found, named as the caller named it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Missing {
    Pool(String),
    Client(String),
    Group,
    /// An identity provider, by name.
    Provider(String),
    /// An identity provider, by one of its identifiers.
    ProviderIdentifier(String),
    /// No user is linked to the provider's user.
    LinkedUser,
    ResourceServer(String),
    IdentityPool(String),
    Identity(String),
    Domain {
        pool: String,
        domain: String,
    },
    /// A user's auth event, by id.
    AuthEvent(String),
    /// A user's device, by key.
    Device,
    /// A user's passkey, by credential ID.
    Passkey,
    /// A branding style, by its id.
    Branding(String),
    /// Terms, by their id.
    Terms(String),
}

/// Which email could not be sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delivery {
    Invitation,
    Code,
}

/// Why the caller should come back shortly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Busy {
    /// Cognate's own capacity (the hashing queue, the caller's address).
    Server,
    /// The named identity provider cannot be reached right now.
    Provider(String),
}

/// Why the caller is not authorized. Each door says it in its own words (the Cognito API in
/// Cognito's); the domain only decides which it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Denied {
    /// A wrong password or, with PreventUserExistenceErrors, an unknown user: the two must
    /// not differ.
    WrongCredentials,
    Disabled,
    /// Too many wrong passwords in a row: the user is locked out for a while.
    LockedOut,
    /// A client with a secret called without its SECRET_HASH.
    SecretHashMissing(ClientId),
    /// A SECRET_HASH that does not match.
    SecretHashWrong(ClientId),
    /// A client with a secret whose secret (Basic or `client_secret`) was missing or wrong.
    ClientSecretWrong(ClientId),
    /// Only an unconfirmed user is confirmed; the user's status is this.
    CannotConfirm(UserStatus),
    /// The app client may not write an attribute it named.
    AttributeNotWritable,
    /// A waiting sign-in's session that is unknown, used or for another step.
    SessionInvalid,
    /// A passkey that named its own user did not sign them in (the pages' passkey
    /// sign-in, which has no username to be wrong).
    PasskeyRefused,
    SessionExpired,
    /// A waiting sign-in ended by too many wrong codes.
    SessionTriesUsed,
    TemporaryPasswordExpired,
    /// A token that is not one (or not this pool's), has expired or was revoked.
    Token(TokenKind, TokenFault),
    /// A refresh token used by another client than its own.
    RefreshTokenOtherClient,
    /// An access token without the scope the operation needs.
    MissingScope,
    /// The app client a token was issued to has been deleted.
    ClientGone,
    /// The user a token or session names no longer exists.
    UserGone,
    /// Password reset is the administrator's in this pool (no recovery method).
    ResetByAdministrator,
    /// The user's status allows no password reset.
    ResetNotAllowed,
    /// Only administrators create users in this pool.
    SignUpNotAllowed,
    /// A federated sign-in that waited too long for the provider's answer.
    FederationExpired,
    /// The identity provider's answer named no user.
    ProviderNamedNoUser,
    /// The user a federated identity is linked to no longer exists.
    LinkedUserGone,
    /// A native user already has the name the provider's user would get.
    ProviderNameTaken,
    /// An identity pool's login that is refused.
    Login(LoginFault),
    /// A refresh token issued on a remembered device, refreshed without its DEVICE_KEY (or
    /// after the device was forgotten).
    DeviceKeyMismatch,
    /// A feedback link's token that is wrong or used, or names no event of the user.
    FeedbackTokenInvalid,
    /// Threat protection blocked the sign-in (a blocked address, or a risk level whose
    /// action is to block).
    RiskBlocked,
}

/// A request member's value that breaks the member's constraint (each door words it: the
/// Cognito API as AWS's "validation error").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Constraint {
    /// The member, as the API's model names it (`username`, `emailConfiguration.…`).
    pub member: String,
    /// The value, where it may be repeated back (never a secret, never an unbounded one).
    pub value: Option<String>,
    pub rule: Rule,
}

/// What a member's value must satisfy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rule {
    /// At most this many characters.
    MaxLength(usize),
    /// A regular expression, as the model writes it.
    Pattern(&'static str),
    /// One of these values.
    OneOf(&'static [&'static str]),
    /// A number from the first to the second.
    Between(i64, i64),
}

impl PoolError {
    /// `member`'s value breaks `rule`; `value` is repeated back where that is safe.
    pub fn constraint(member: impl Into<String>, value: Option<&str>, rule: Rule) -> Self {
        Self::Constraint(Constraint {
            member: member.into(),
            value: value.map(str::to_string),
            rule,
        })
    }
}

/// What is wrong with a new password.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasswordFault {
    /// Longer than any password is kept.
    TooLong,
    /// A rule of the pool's policy that it does not meet.
    Unmet(password_policy::PasswordRule),
    /// It is one of the user's last passwords (PasswordPolicy.PasswordHistorySize).
    Reused,
    /// It appears in a corpus of breached passwords (threat protection's compromised
    /// credentials check).
    Breached,
}

/// Which token a `Denied::Token` is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    Access,
    Id,
    Refresh,
}

/// What is wrong with a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenFault {
    Invalid,
    Expired,
    Revoked,
}

/// Why an identity pool refuses a login.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoginFault {
    /// A developer provider's users get tokens from the developer operation only.
    DeveloperOnly,
    WrongAudience,
    WrongIssuer,
    NotAnIdToken,
    ProviderNotInPool,
    UserUnusable,
    /// An authenticated identity asked for without its logins.
    LoginsRequired,
    Expired,
    Revoked,
    /// Logins that are not the identity's.
    LoginsMismatch,
    /// No role matches and the role mapping denies the rest.
    NoRole,
    /// A CustomRoleArn that is not one of the user's roles.
    RoleNotTheUsers,
    /// The identity pool allows no unauthenticated identities.
    NoGuests,
    /// The STS refused the role for this identity (its trust policy).
    RoleRefused,
}

impl PoolError {
    /// The refusal every door shows for a wrong password and, with
    /// PreventUserExistenceErrors, for an unknown user: the two must not differ.
    pub fn incorrect_credentials() -> Self {
        Self::NotAuthorized(Denied::WrongCredentials)
    }

    /// Cognito's answer when too many requests arrive at once.
    pub fn busy() -> Self {
        Self::TooManyRequests(Busy::Server)
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
