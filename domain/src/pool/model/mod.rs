//! The domain's entities: what a pool, a client, a user, a sign-in and an OAuth grant are.
//! The storage port (`super::store`) passes exactly these.

mod auth_event;
mod branding;
mod client;
mod device;
mod group;
mod identity;
mod mfa;
mod oauth;
mod passkey;
mod pool;
mod provider;
mod risk;
mod schema;
mod sign_in;
mod user;

pub use super::ids::{ClientId, ClientSecret, PoolId};
pub use auth_event::{
    AuthEvent, ChallengeStep, EventContext, EventFeedback, EventKind, EventPage, EventResponse,
    EventRisk, RiskDecision, RiskLevel,
};
pub use branding::{
    Asset, AssetCategory, AssetExtension, AssetInfo, Branding, ColorMode, MAX_ASSET_BYTES,
    MAX_ASSETS, MAX_UI_CSS, MAX_UI_IMAGE, Terms, TermsLanguage, TermsName, UiCustomization,
    digest_of,
};
pub use client::{
    AUTH_FLOWS, AppClient, AuthFlow, COGNITO_DEFAULT_FLOWS, ClientSettings, LEGACY_AUTH_FLOWS,
    LOCAL_CALLBACKS, LOCAL_SIGN_OUTS, STANDARD_SCOPES, check_auth_flows, redirect_matches,
};
pub use device::{Device, DeviceConfiguration};
pub use group::{Group, PoolDomain, ResourceScope, ResourceServer};
pub use identity::{
    AmbiguousRoleResolution, CognitoProviderRef, Identity, IdentityPool, IdentityPoolSettings,
    MappingRule, MatchType, RoleMapping, RoleMappingType,
};
pub use mfa::{MfaFactor, UserMfa};
pub use oauth::{OAuthCode, OAuthRequest, Redeemed};
pub use passkey::{
    FirstFactor, Passkey, PasskeyChallenge, PasskeyFactor, SignInPolicy, UserVerification,
    WebAuthnSettings, check_relying_party_id,
};
pub use pool::{
    AttributeWrite, DefaultPool, EmailConfiguration, EmailMfa, MessageTemplate, MfaMode,
    MfaSettings, PoolConfig, PoolSettings, TokenTriggerVersion,
};
pub use provider::{
    FederationState, IdentityProvider, KEPT_DETAILS, LinkedIdentity, ProviderKind, SAML_NAME_ID,
    SECRET_DETAILS,
};
pub use risk::{
    AccountTakeover, AdvancedSecurity, CompromisedCredentials, LevelAction, NotifyConfiguration,
    NotifyEmail, RiskAction, RiskConfiguration, RiskEvent, RiskExceptions, RiskSettings,
    SecurityMode,
};
pub use schema::{
    Bounds, DataType, Lengths, MAX_VALUE_CHARS, NOT_USER_WRITABLE, SchemaAttribute, SchemaEntry,
    add_attribute, is_e164, is_standard, schema_from,
};
pub use sign_in::{
    AuthSession, Challenge, ChallengeResult, CustomAuth, DeviceStep, SamlSession, StoredSession,
    StoredSigningKey, TokenFamily,
};
pub use user::{
    Attributes, SignInRule, Sub, User, UserStatus, check_email, check_username, fold, lookup_key,
    mask_email, normalized,
};
