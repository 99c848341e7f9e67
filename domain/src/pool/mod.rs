//! The user-pool domain: its entities (`model`), its storage port (`store`), and every
//! rule (`UserPool`, in `service`). It knows no HTTP, no HTML and no SQL.

pub mod breached;
pub mod codes;
mod defaults;
mod error;
pub mod federation;
pub mod filter;
pub mod geo;
mod ids;
pub mod invalid;
pub mod limits;
pub mod look;
pub mod mailer;
mod model;
pub mod passwords;
pub mod risk_score;
pub mod saml;
pub mod secrets;
pub mod seen;
mod service;
pub mod srp;
pub mod store;
pub mod sts;
pub mod totp;
pub mod triggers;
pub mod webauthn;

pub use defaults::{DefaultNames, ensure_default_pool};
pub use error::{
    AliasTaken, Busy, CodeFor, Constraint, Delivery, Denied, LoginFault, Missing, NameTaken,
    NoAnswer, PasswordFault, PoolError, Rule, TokenFault, TokenKind, UnknownUser, WebAuthnRefusal,
};
pub use invalid::Invalid;
pub use model::*;
pub use service::{
    Account, AuthFactors, AuthorizeError, AuthorizeParams, Authorized, BrandingInput, Callback,
    CallbackOutcome, ChosenProvider, CodeDelivery, CodeFault, CustomStep, DeviceChallenge,
    DeviceClaim, DeviceOwner, DomainChange, FactorPreference, Federated, FederationError,
    FeedbackFrom, FirstChallenge, FirstFactorChoice, GroupChange, Invitation, Logins, LogoutParams,
    MAX_DEVICES_PAGE, MAX_EVENTS_PAGE, MAX_IDENTITIES_PAGE, MAX_PASSKEYS, MAX_TERMS_PAGE,
    MfaAnswer, MfaPreference, MfaStep, NewDevice, NewProvider, NewUser, OAuthError, OAuthTokens,
    PageLook, PkceFault, ProviderChanges, RiskInput, SamlAnswer, SignInStep, SignUpInput,
    SignUpOutcome, SignedIn, SrpChallenge, SrpClaim, UNCONFIRMED_DEVICE_SECONDS, Untrusted,
    UserPool, Via, default_settings, fake_delivery, is_standard_scope, merged_settings,
};
