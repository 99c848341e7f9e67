//! Why a request's value is refused (Cognito's InvalidParameterException): the rule it
//! breaks, with the names and values a door may repeat back. Each door says it in its own
//! words (the Cognito API in Cognito's); the domain only decides which rule it is.

use super::AuthFlow;
pub use super::look::LookFault;

/// A value, or a request, that breaks one of the pool's rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Invalid {
    /// A username the pool's sign-in settings refuse.
    Username(UsernameFault),
    /// Not an email address (a sign-up's, an invitation's, a setting's).
    Email,
    /// A value no store can keep (a NUL character).
    Unstorable,
    /// An access token without the openid scope, where OpenID Connect needs it (userinfo).
    NoOpenidScope,
    /// Not an IAM role's ARN (a group's role, an identity pool's roles).
    RoleArn(String),
    /// A user's attributes: their names, their values, who may write them.
    Attribute(AttributeFault),
    /// The definition of a schema attribute.
    Schema(SchemaFault),
    /// A user pool's settings.
    Pool(PoolFault),
    /// An app client's settings, or a flow the client does not allow.
    Client(ClientFault),
    /// A pool's domain.
    Domain(DomainFault),
    /// A step of a sign-in, or of a code sent to a user.
    SignIn(SignInFault),
    /// A user's second factors.
    Mfa(MfaFault),
    Group(GroupFault),
    /// An identity provider's settings, or a link to one of its users.
    Provider(ProviderFault),
    ResourceServer(ResourceServerFault),
    /// An identity pool's settings, or a request of its flows.
    IdentityPool(IdentityPoolFault),
    /// A sign-out request (`/logout`).
    Logout(LogoutFault),
    /// A ListUsers filter.
    Filter(FilterFault),
    /// A risk configuration (threat protection).
    Risk(RiskFault),
    /// A remembered device, or a request about one.
    Device(DeviceFault),
    /// An app client's look: its branding style, UI customization or terms.
    Look(LookFault),
}

/// What is wrong with a request about a device.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeviceFault {
    /// ConfirmDevice's verifier or salt is not a valid SRP verifier.
    Verifier,
    /// The device was confirmed already.
    AlreadyConfirmed,
    /// A device name longer than Cognito's 1024 characters.
    Name,
}

/// What is wrong with a risk configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RiskFault {
    /// An IP range that is not CIDR notation.
    IpRange(String),
    /// More IP ranges than Cognito takes in one list (200).
    TooManyRanges,
    /// Compromised credentials take BLOCK or NO_ACTION only.
    CompromisedAction(&'static str),
    /// A level that notifies, without a notify configuration to send with.
    NotifyWithoutConfiguration,
    /// A notify configuration without its SourceArn.
    NoSourceArn,
    /// A custom authentication mode other than AUDIT or ENFORCED.
    CustomAuthMode,
}

/// What is wrong with a username.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UsernameFault {
    /// Phone numbers are the usernames and this is not one.
    NotPhone,
    /// Emails (or, with `or_phone`, phone numbers too) are the usernames and this is not one.
    NotEmail {
        or_phone: bool,
    },
    /// Phone numbers are aliases, so a username may not look like one.
    LooksLikePhone,
    /// Emails are aliases, so a username may not look like one.
    LooksLikeEmail,
    Empty,
    /// More characters than a username has (the most).
    TooLong(usize),
    Spaces,
    /// Invisible or formatting characters.
    Invisible,
}

/// What is wrong with a user's attributes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AttributeFault {
    /// An attribute the schema does not have.
    NotInSchema(String),
    /// An attribute that cannot change once set.
    NotMutable(String),
    /// A `dev:custom:` attribute, which only an administrator writes.
    DeveloperOnly(String),
    /// A required attribute missing.
    Required(String),
    /// A value its type or constraints refuse.
    Value { name: String, fault: ValueFault },
    /// A phone number that is not E.164.
    Phone,
    /// A required attribute cannot be deleted.
    DeleteRequired(String),
    /// An attribute that cannot change cannot be deleted either.
    DeleteNotMutable(String),
    /// Only email is verified with a code.
    NotVerifiable(String),
    /// An attribute the client may not read (client settings).
    Unreadable,
    /// An attribute the client may not write (client settings).
    Unwritable,
}

/// Why a value does not fit its attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueFault {
    Nul,
    /// More characters than the attribute takes (the most).
    TooLong(u32),
    /// Fewer characters than the attribute takes (the least).
    TooShort(u32),
    NotNumber,
    /// A number below the least.
    Below(i64),
    /// A number above the most.
    Above(i64),
    NotBoolean,
    NotDateTime,
    /// `updated_at` is a whole number of seconds.
    NotSeconds,
}

/// What is wrong with a schema attribute's definition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SchemaFault {
    /// A data type that is not one of the four.
    DataTypeUnknown(String),
    /// No data type given for a new attribute.
    DataTypeMissing,
    /// A custom attribute's name: 1 to 20 characters, no spaces or colons.
    CustomName(String),
    /// Custom attributes cannot be required.
    RequiredCustom,
    /// A standard attribute's type or developer-only flag cannot change.
    StandardChanged(String),
    /// `sub` is always required and never changes.
    Sub,
    /// This standard attribute cannot be required.
    CannotBeRequired(String),
    /// A constraint (`member`) that is not a number of 0 or more.
    Constraint {
        member: String,
        name: String,
    },
    /// A string attribute longer than any value is kept.
    StringTooLong(String),
    MaxLengthBelowMin(String),
    MaxValueBelowMin(String),
    /// An attribute of that name exists.
    Exists(String),
    /// More custom attributes than a pool has (the most).
    TooMany(usize),
}

/// What is wrong with a user pool's settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PoolFault {
    /// `EmailConfiguration.From`, not an address (or `Name <address>`).
    EmailFrom(String),
    /// `EmailConfiguration.ReplyToEmailAddress`, not an address.
    ReplyTo(String),
    SourceArn,
    ConfigurationSet,
    /// A message template without `{####}`, or of the wrong length.
    Message,
    /// A subject template of the wrong length, or of more than one line.
    Subject,
    /// MFA on with no factor.
    MfaWithoutFactor,
    MfaMessage,
    MfaSubject,
    /// An attribute kept unverified until verified that is not auto-verified.
    VerifyBeforeUpdate(String),
    /// The invitation message must hold the username's and the code's places.
    InvitationMessage,
    /// A LambdaConfig entry that is not one of Cognito's, with a Lambda ARN (or a webhook
    /// URL) and a version its trigger has.
    Trigger(String),
    TemporaryPasswordDays,
    TooManyTags,
    PasswordLength,
    /// A sign-in list (`member`) holding a value Cognito does not take there.
    SignInValue {
        member: &'static str,
        value: String,
        allowed: &'static [&'static str],
    },
    /// Cognate sends no SMS, so `member` cannot hold phone_number.
    NoSms(&'static str),
    /// A value Cognito takes in `member` but Cognate does not.
    Unsupported {
        member: &'static str,
        value: String,
    },
    /// Aliases and username attributes both set.
    AliasesAndUsernames,
    /// An account-recovery mechanism that is not one.
    Recovery(String),
    RecoveryAdminOnly,
    /// Deletion protection is on.
    DeletionProtected,
    /// The installation's default pool or client (`what`), which stays.
    Default(&'static str),
    /// `AllowedFirstAuthFactors` naming a factor Cognate lacks (SMS_OTP) or none at all.
    FirstFactor(String),
    /// `AllowedFirstAuthFactors` without PASSWORD.
    FirstFactorsWithoutPassword,
    /// `WebAuthnConfiguration.RelyingPartyId` that is not a host name.
    RelyingPartyId,
}

/// What is wrong with an app client's settings, or with a flow it was asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientFault {
    /// An `ExplicitAuthFlows` value that is not one.
    UnknownAuthFlow(String),
    /// Legacy auth-flow names mixed with `ALLOW_` ones.
    MixedAuthFlows,
    /// A flow the client does not allow.
    FlowNotEnabled(AuthFlow),
    /// The implicit grant, which Cognate does not offer.
    Implicit,
    UnknownOAuthFlow(String),
    UnknownScope(String),
    UnknownProvider(String),
    /// OAuth on without flows and scopes.
    OAuthIncomplete,
    /// The code flow without a callback URL.
    NoCallback,
    CallbackUrl(String),
    /// A token validity (`member`) outside its range, in seconds.
    Validity {
        member: &'static str,
        least: i64,
        most: i64,
    },
    /// A client that does not use the hosted sign-in pages.
    NoHostedPages,
    /// A client whose users sign in only through other providers.
    ProvidersOnly,
    /// A client with a secret, which starts its sign-ins with its own link.
    OwnSignInLink,
    /// A client that allows no password sign-in (the hosted form has nothing to do).
    NoPasswordFlow,
}

/// What is wrong with a pool's domain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DomainFault {
    /// The domain is another pool's.
    OtherPools,
    /// The pool (named) has a domain already.
    PoolHasOne(String),
    /// A certificate given for a prefix domain.
    PrefixCertificate,
    /// A domain with dots given without a certificate.
    DotsWithoutCertificate,
    /// A prefix holding a reserved word.
    ReservedWord(&'static str),
    /// Not a host name.
    CustomName(String),
    /// Cognate's own host.
    OwnHost(String),
    CertificateArn,
    /// A managed-login version other than 1 and 2.
    ManagedLoginVersion(i64),
}

/// What is wrong with a step of a sign-in or with a code's request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignInFault {
    /// SRP's A is not a valid public value.
    SrpA,
    /// The TIMESTAMP of a password verifier is not Cognito's format.
    Timestamp,
    /// A federated sign-in of a user who signs in with a password.
    UsePassword,
    /// A reset or code needs an email and the user has none.
    NoEmail,
    /// The user has an email, but no verified one.
    NoVerifiedEmail,
    /// A reset by an administrator needs an email the user does not have.
    NoRegisteredEmail,
    /// The pool verifies no attribute, so there is no code to resend.
    NoAutoVerification,
    AlreadyConfirmed,
    /// CUSTOM_AUTH in a pool without its three auth challenge triggers.
    NoCustomTriggers,
    /// A first factor chosen that the sign-in did not offer.
    NotOffered,
}

/// What is wrong with a request about second factors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MfaFault {
    SoftwareTokenOff,
    EmailOff,
    /// The authenticator was never verified.
    SoftwareTokenUnverified,
    /// VerifySoftwareToken before AssociateSoftwareToken.
    AssociateFirst,
    /// A sign-in that must set up an authenticator first.
    SetUpFirst,
    /// Email codes chosen by a user without a verified email.
    NoVerifiedEmail,
}

/// What is wrong with a group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupFault {
    Precedence,
    Name,
}

/// What is wrong with an identity provider's settings or a link to its users.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProviderFault {
    /// A provider not enabled for the client that asked.
    NotEnabled(String),
    /// A link's source user without the provider's user id.
    SourceUser,
    /// A corporate email without a domain.
    CorporateEmail,
    /// A SAML provider given neither MetadataURL nor MetadataFile.
    SamlNoMetadata,
    /// A SAML provider given both MetadataURL and MetadataFile.
    SamlBothMetadata,
    /// Metadata that is not a SAML IdP's (the reason says what is missing or wrong).
    SamlMetadata(String),
    /// A MetadataURL that could not be read.
    SamlMetadataUnreachable(String),
    /// A flag (IDPSignout, IDPInit, EncryptedResponses) that is not true or false.
    SamlFlag {
        key: String,
        value: String,
    },
    /// A RequestSigningAlgorithm other than rsa-sha256.
    SigningAlgorithm(String),
    /// A provider type that is not one.
    Kind(String),
    Name(String),
    /// COGNITO names the pool's own users.
    Cognito,
    TooManyIdentifiers,
    Identifier(String),
    /// An identifier another provider has.
    IdentifierTaken(String),
    /// A ProviderDetails key Cognate does not read.
    UnknownDetail(String),
    /// A ProviderDetails key this kind of provider needs.
    MissingDetail {
        kind: &'static str,
        key: String,
    },
    /// A ProviderDetails URL that is not https (or http on the loopback).
    DetailUrl {
        key: String,
        value: String,
    },
    /// An OIDC provider's scopes without openid.
    NoOpenid,
    /// attributes_request_method other than GET and POST.
    RequestMethod(String),
    /// Apple's key that is not an ES256 key in PEM.
    AppleKey,
    /// An attribute a provider cannot set.
    MappedAttribute(String),
    /// A mapping that names no provider attribute.
    EmptyMapping(String),
}

/// What is wrong with a resource server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResourceServerFault {
    Identifier(String),
    Name,
    TooManyScopes,
    ScopeName(String),
    ScopeDescription,
    /// A resource server of that identifier exists.
    Exists(String),
}

/// What is wrong with an identity pool's settings or a request of its flows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IdentityPoolFault {
    /// A user pool provider without its name or client.
    ProviderIncomplete,
    /// A user pool that is not this server's; the host its names start with.
    ForeignPool {
        provider: String,
        host: String,
    },
    /// A client that is not the user pool's.
    ForeignClient {
        client: String,
        provider: String,
    },
    DeveloperProviderName,
    Name(String),
    /// A role kind other than authenticated and unauthenticated.
    RoleKind(String),
    /// A role mapping for a provider the pool does not have.
    MappingKey(String),
    RuleCount,
    /// A Token mapping with rules.
    TokenRules,
    RuleLength,
    /// Logins with more than one provider's token.
    OneLogin,
    /// The basic flow is off.
    BasicFlowOff,
    NoDeveloperProvider,
    /// Logins must hold exactly the developer provider's user id.
    DeveloperLogins(String),
    /// The developer user has another identity.
    DeveloperUserTaken,
    /// No STS is configured: no credentials to hand out.
    NoSts,
}

/// What is wrong with a sign-out request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogoutFault {
    /// client_id is not the ID token's audience.
    NotAudience,
    NoClient,
    /// The URL is not one of the client's sign-out URLs.
    NotRegistered,
    /// The id_token_hint does not verify.
    Hint,
}

/// What is wrong with a ListUsers filter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FilterFault {
    Syntax,
    /// An attribute ListUsers does not search by.
    Attribute(String),
}
