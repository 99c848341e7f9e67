//! The words for each `Invalid` reason (Cognito's InvalidParameterException): Cognito's
//! own sentences where Cognito has one, Cognate's where the rule is Cognate's. The Cognito
//! API says them; the hosted pages choose which of them a form shows (hosted/words.rs).
//! Also Cognito's sentences for a trigger's failures, which the Cognito API and OAuth say.

use crate::pool::invalid::{
    AttributeFault, ClientFault, DeviceFault, DomainFault, FilterFault, GroupFault,
    IdentityPoolFault, Invalid, LogoutFault, MfaFault, PoolFault, ProviderFault,
    ResourceServerFault, RiskFault, SchemaFault, SignInFault, UsernameFault, ValueFault,
};
use crate::pool::triggers::Trigger;

mod look;
use crate::pool::{AUTH_FLOWS, MAX_VALUE_CHARS, NoAnswer};
use look::look;

/// Cognito's UserLambdaValidationException: the trigger's function failed with `message`.
pub fn trigger_refused(trigger: Trigger, message: &str) -> String {
    format!("{trigger} failed with error {message}.")
}

/// Cognito's UnexpectedLambdaException: the trigger's function could not be called, or did
/// not answer in time.
pub fn trigger_failed(trigger: Trigger, cause: NoAnswer) -> String {
    let cause = match cause {
        NoAnswer::TimedOut => "Socket timeout while invoking Lambda function",
        NoAnswer::Unreachable => "the function could not be called",
    };
    format!("{trigger} invocation failed due to error {cause}.")
}

/// Cognito's InvalidLambdaResponseException: the answer is not the trigger's shape.
pub const TRIGGER_ANSWER: &str = "Unrecognizable lambda output";

/// UserPoolAddOnNotEnabledException's words (Cognito documents the exception, not them).
pub const ADD_ON_NOT_ENABLED: &str = "Advanced security features are not enabled for this \
                                      user pool: set UserPoolAddOns.AdvancedSecurityMode to \
                                      AUDIT or ENFORCED.";

/// The message of an InvalidParameterException for `invalid`.
pub fn invalid_words(invalid: &Invalid) -> String {
    match invalid {
        Invalid::Username(fault) => username(*fault),
        Invalid::Email => "Invalid email address format.".into(),
        Invalid::Unstorable => "A value contains a character that is not allowed (NUL).".into(),
        Invalid::NoOpenidScope => "The access token does not have the openid scope.".into(),
        Invalid::RoleArn(arn) => {
            format!("{arn} is not an IAM role ARN (arn:aws:iam::<account>:role/<name>).")
        }
        Invalid::Attribute(fault) => attribute(fault),
        Invalid::Schema(fault) => schema(fault),
        Invalid::Pool(fault) => pool(fault),
        Invalid::Client(fault) => client(fault),
        Invalid::Domain(fault) => domain(fault),
        Invalid::SignIn(fault) => sign_in(*fault).into(),
        Invalid::Mfa(fault) => mfa(*fault).into(),
        Invalid::Group(GroupFault::Precedence) => "Precedence must be 0 or more.".into(),
        Invalid::Group(GroupFault::Name) => "A group name has 1 to 128 characters.".into(),
        Invalid::Provider(fault) => provider(fault),
        Invalid::ResourceServer(fault) => resource_server(fault),
        Invalid::IdentityPool(fault) => identity_pool(fault),
        Invalid::Logout(fault) => logout(*fault).into(),
        Invalid::Risk(fault) => risk(fault),
        Invalid::Look(fault) => look(fault),
        Invalid::Device(fault) => device(*fault),
        Invalid::Filter(FilterFault::Syntax) => "Error while parsing filter.".into(),
        Invalid::Filter(FilterFault::Attribute(name)) => {
            format!("Invalid search attribute: {name}")
        }
    }
}

fn username(fault: UsernameFault) -> String {
    match fault {
        UsernameFault::NotPhone => "Invalid phone number format.".into(),
        UsernameFault::NotEmail { or_phone: true } => {
            "Username should be either an email or a phone number.".into()
        }
        UsernameFault::NotEmail { or_phone: false } => "Username should be an email.".into(),
        UsernameFault::LooksLikePhone => "Username cannot be of phone number format, since user \
                                          pool is configured for phone_number alias."
            .into(),
        UsernameFault::LooksLikeEmail => {
            "Username cannot be of email format, since user pool is configured for email alias."
                .into()
        }
        UsernameFault::Empty => "Username cannot be empty.".into(),
        UsernameFault::TooLong(most) => format!("Username must be at most {most} characters."),
        UsernameFault::Spaces => "Username cannot contain spaces.".into(),
        UsernameFault::Invisible => {
            "Username cannot contain invisible or formatting characters.".into()
        }
    }
}

fn attribute(fault: &AttributeFault) -> String {
    match fault {
        AttributeFault::NotInSchema(name) => {
            format!("Attribute does not exist in the schema: {name}")
        }
        AttributeFault::NotMutable(name) => {
            format!("Cannot modify the non-mutable attribute {name}")
        }
        AttributeFault::DeveloperOnly(name) => format!(
            "Cannot modify the developer-only attribute {name}: only an administrator writes it."
        ),
        AttributeFault::Required(name) => {
            format!("Attributes did not conform to the schema: {name}: The attribute is required")
        }
        AttributeFault::Value { name, fault } => format!(
            "Attributes did not conform to the schema: {name}: {}",
            value(*fault)
        ),
        AttributeFault::Phone => {
            "Invalid phone number format. A phone number is + and 1 to 15 digits (E.164).".into()
        }
        AttributeFault::DeleteRequired(name) => {
            format!("Cannot delete the required attribute {name}")
        }
        AttributeFault::DeleteNotMutable(name) => {
            format!("Cannot delete the non-mutable attribute {name}")
        }
        AttributeFault::NotVerifiable(name) => {
            format!("Only email can be verified, not {name}.")
        }
        AttributeFault::Unreadable => {
            "Invalid read attributes specified while creating a client".into()
        }
        AttributeFault::Unwritable => {
            "Invalid write attributes specified while creating a client".into()
        }
    }
}

fn value(fault: ValueFault) -> String {
    match fault {
        ValueFault::Nul => "The value contains a NUL character.".into(),
        ValueFault::TooLong(most) => format!("String must be no longer than {most} characters"),
        ValueFault::TooShort(least) => {
            format!("String must be no shorter than {least} characters")
        }
        ValueFault::NotNumber => "Number must be a decimal number".into(),
        ValueFault::Below(least) => format!("Number must be no less than {least}"),
        ValueFault::Above(most) => format!("Number must be no greater than {most}"),
        ValueFault::NotBoolean => "Boolean must be true or false".into(),
        ValueFault::NotDateTime => "DateTime must be an ISO 8601 date (2026-11-30) or date and \
                                    time (2026-11-30T12:00:00Z)"
            .into(),
        ValueFault::NotSeconds => "updated_at is a whole number of seconds since 1970".into(),
    }
}

fn schema(fault: &SchemaFault) -> String {
    match fault {
        SchemaFault::DataTypeUnknown(given) => format!(
            "Validation error detected: Value '{given}' failed to satisfy constraint: Member must \
             satisfy enum value set: [Boolean, Number, String, DateTime]"
        ),
        SchemaFault::DataTypeMissing => "Invalid AttributeDataType input, consider using the \
                                         provided AttributeDataType enum."
            .into(),
        SchemaFault::CustomName(name) => format!(
            "Invalid custom attribute name {name:?}: 1 to 20 characters, no spaces or colons."
        ),
        SchemaFault::RequiredCustom => {
            "Required custom attributes are not supported currently.".into()
        }
        SchemaFault::StandardChanged(name) => format!(
            "You can not change AttributeDataType or set developerOnlyAttribute for standard \
             schema attribute {name}"
        ),
        SchemaFault::Sub => "sub is always required and cannot be changed.".into(),
        SchemaFault::CannotBeRequired(name) => format!("{name} cannot be required."),
        SchemaFault::Constraint { member, name } => {
            format!("Invalid {member} for schema attribute {name}")
        }
        SchemaFault::StringTooLong(name) => format!(
            "user.{name}: String attributes cannot have a length of more than {MAX_VALUE_CHARS}"
        ),
        SchemaFault::MaxLengthBelowMin(name) => {
            format!("user.{name}: Max length cannot be less than min length.")
        }
        SchemaFault::MaxValueBelowMin(name) => {
            format!("user.{name}: Max value cannot be less than min value.")
        }
        SchemaFault::Exists(name) => format!("Existing attribute already has name {name}."),
        SchemaFault::TooMany(most) => {
            format!("A user pool can have at most {most} custom attributes.")
        }
    }
}

fn pool(fault: &PoolFault) -> String {
    match fault {
        PoolFault::EmailFrom(from) => {
            format!("EmailConfiguration.From {from:?} is not an email address (or Name <address>).")
        }
        PoolFault::ReplyTo(reply_to) => {
            format!("EmailConfiguration.ReplyToEmailAddress {reply_to:?} is not an email address.")
        }
        PoolFault::SourceArn => "EmailConfiguration.SourceArn must be an ARN.".into(),
        PoolFault::ConfigurationSet => {
            "EmailConfiguration.ConfigurationSet must have at most 64 characters.".into()
        }
        PoolFault::Message => {
            "An email message must have 6 to 20000 characters and contain {####}.".into()
        }
        PoolFault::Subject => "An email subject must have 1 to 140 characters on one line.".into(),
        PoolFault::FirstFactor(name) => format!(
            "AllowedFirstAuthFactors may hold PASSWORD, EMAIL_OTP and WEB_AUTHN, not {name} \
             (Cognate sends no text messages)."
        ),
        PoolFault::FirstFactorsWithoutPassword => {
            "AllowedFirstAuthFactors must include PASSWORD.".into()
        }
        PoolFault::RelyingPartyId => "WebAuthnConfiguration.RelyingPartyId must be a domain \
                                      name of 1 to 127 characters (no scheme, port or path)."
            .into(),
        PoolFault::MfaWithoutFactor => {
            "Invalid MFA configuration given, can't turn on MFA and disable all factors".into()
        }
        PoolFault::MfaMessage => "EmailMfaConfiguration Message must contain {####} and be at \
                                  most 20000 characters."
            .into(),
        PoolFault::MfaSubject => {
            "EmailMfaConfiguration Subject must be 1 to 140 characters.".into()
        }
        PoolFault::VerifyBeforeUpdate(name) => format!(
            "AttributesRequireVerificationBeforeUpdate may name only attributes in \
             AutoVerifiedAttributes; {name} is not one."
        ),
        PoolFault::InvitationMessage => {
            "The invitation email message must contain {username} and {####}.".into()
        }
        PoolFault::Trigger(trigger) => {
            format!(
                "LambdaConfig.{trigger} must be one of Cognito's triggers with a Lambda ARN (or an https:// webhook URL) and a LambdaVersion it has."
            )
        }
        PoolFault::TemporaryPasswordDays => {
            "TemporaryPasswordValidityDays must be between 0 and 365.".into()
        }
        PoolFault::TooManyTags => "A user pool has at most 50 tags.".into(),
        PoolFault::PasswordLength => {
            "The password policy's minimum length must be between 6 and 99.".into()
        }
        PoolFault::SignInValue {
            member,
            value,
            allowed,
        } => format!(
            "{member} may hold only {}; {value:?} is not one.",
            allowed.join(", ")
        ),
        PoolFault::NoSms(member) => {
            format!("Cognate sends email, not SMS: {member} cannot hold phone_number.")
        }
        PoolFault::Unsupported { member, value } => {
            format!("Cognate does not support {value} in {member}; email is supported.")
        }
        PoolFault::AliasesAndUsernames => {
            "Only one of AliasAttributes or UsernameAttributes can be set in a User Pool.".into()
        }
        PoolFault::Recovery(unknown) => format!(
            "'{unknown}' is not a recovery mechanism: use verified_email, verified_phone_number \
             or admin_only."
        ),
        PoolFault::RecoveryAdminOnly => {
            "admin_only cannot be combined with other recovery mechanisms.".into()
        }
        PoolFault::DeletionProtected => {
            "The user pool cannot be deleted because deletion protection is activated.".into()
        }
        PoolFault::Default(what) => {
            format!("This is the installation's default {what}, which cannot be deleted.")
        }
    }
}

fn client(fault: &ClientFault) -> String {
    match fault {
        ClientFault::UnknownAuthFlow(unknown) => format!(
            "'{unknown}' is not an explicit auth flow: use {}.",
            AUTH_FLOWS.join(", ")
        ),
        ClientFault::MixedAuthFlows => "ExplicitAuthFlows cannot mix legacy values \
                                        (ADMIN_NO_SRP_AUTH, CUSTOM_AUTH_FLOW_ONLY, \
                                        USER_PASSWORD_AUTH) with ALLOW_ values."
            .into(),
        ClientFault::FlowNotEnabled(flow) => {
            format!("{} flow not enabled for this client", flow.name())
        }
        ClientFault::Implicit => "The implicit flow is not supported: use code with PKCE.".into(),
        ClientFault::UnknownOAuthFlow(flow) => format!("'{flow}' is not an OAuth flow."),
        ClientFault::UnknownScope(scope) => format!("'{scope}' is not a scope this pool knows."),
        ClientFault::UnknownProvider(provider) => {
            format!("The provider {provider} does not exist for this user pool.")
        }
        ClientFault::OAuthIncomplete => "AllowedOAuthFlows and AllowedOAuthScopes are required \
                                         when AllowedOAuthFlowsUserPoolClient is true."
            .into(),
        ClientFault::NoCallback => "The code flow needs at least one callback URL.".into(),
        ClientFault::CallbackUrl(url) => format!(
            "'{url}' is not a valid callback URL: https (http only for localhost), no fragment."
        ),
        ClientFault::Validity {
            member,
            least,
            most,
        } => format!("{member} must be between {least} and {most} seconds."),
        ClientFault::NoHostedPages => {
            "This app client does not use the hosted sign-in pages.".into()
        }
        ClientFault::ProvidersOnly => {
            "This app signs its users in through another provider.".into()
        }
        ClientFault::OwnSignInLink => {
            "This app signs its users in through its own sign-in link.".into()
        }
        ClientFault::NoPasswordFlow => "This app client does not allow password sign-in.".into(),
    }
}

fn domain(fault: &DomainFault) -> String {
    match fault {
        DomainFault::OtherPools => "Domain already associated with another user pool.".into(),
        DomainFault::PoolHasOne(pool) => {
            format!("User pool {pool} already has a domain configured.")
        }
        DomainFault::PrefixCertificate => "A prefix domain has no certificate: \
                                           CustomDomainConfig is for custom domains."
            .into(),
        DomainFault::DotsWithoutCertificate => "A domain with dots is a custom domain: give \
                                                CustomDomainConfig with its CertificateArn."
            .into(),
        DomainFault::ReservedWord(word) => format!("Domain cannot contain reserved word: {word}"),
        DomainFault::CustomName(domain) => format!(
            "'{domain}' is not a custom domain: a host name such as auth.example.com, in \
             lowercase."
        ),
        DomainFault::OwnHost(domain) => {
            format!("{domain} is Cognate's own host; a custom domain is another name for it.")
        }
        DomainFault::CertificateArn => {
            "CustomDomainConfig.CertificateArn must be a certificate's ARN.".into()
        }
        DomainFault::ManagedLoginVersion(version) => {
            format!("ManagedLoginVersion must be 1 (the classic hosted UI) or 2, not {version}.")
        }
    }
}

fn sign_in(fault: SignInFault) -> &'static str {
    match fault {
        SignInFault::SrpA => "SRP_A is invalid.",
        SignInFault::Timestamp => "TIMESTAMP format is invalid.",
        SignInFault::UsePassword => "Sign in with your password.",
        SignInFault::NoEmail => "The user has no email to send a code to.",
        SignInFault::NoVerifiedEmail => "The user has no verified email to send a code to.",
        SignInFault::NoRegisteredEmail => {
            "Cannot reset password for the user as there is no registered email."
        }
        SignInFault::NoAutoVerification => "Cannot resend codes. Auto verification not turned on.",
        SignInFault::AlreadyConfirmed => "User is already confirmed.",
        SignInFault::NoCustomTriggers => {
            "Custom auth lambda trigger is not configured for the user pool."
        }
        SignInFault::NotOffered => "The challenge chosen is not one of AvailableChallenges.",
    }
}

fn mfa(fault: MfaFault) -> &'static str {
    match fault {
        MfaFault::SoftwareTokenOff => "Software token MFA is not enabled for this user pool.",
        MfaFault::EmailOff => "Email MFA is not enabled for this user pool.",
        MfaFault::SoftwareTokenUnverified => "User has not verified software token mfa",
        MfaFault::AssociateFirst => "Associate a software token (AssociateSoftwareToken) first.",
        MfaFault::SetUpFirst => {
            "Set up a software token first: AssociateSoftwareToken and \
                                 VerifySoftwareToken with this Session."
        }
        MfaFault::NoVerifiedEmail => "The user has no verified email to send codes to.",
    }
}

fn provider(fault: &ProviderFault) -> String {
    match fault {
        ProviderFault::NotEnabled(asked) => {
            format!("The identity provider {asked} is not enabled for this app client.")
        }
        ProviderFault::SourceUser => {
            "SourceUser needs the provider's user id as ProviderAttributeValue.".into()
        }
        ProviderFault::CorporateEmail => "Enter your corporate email address.".into(),
        ProviderFault::SamlNoMetadata => {
            "At least one of the MetadataURL or MetadataFile should be provided.".into()
        }
        ProviderFault::SamlBothMetadata => {
            "Only one of the MetadataURL or MetadataFile should be provided.".into()
        }
        ProviderFault::SamlMetadata(reason) => format!("Invalid SAML metadata: {reason}."),
        ProviderFault::SamlMetadataUnreachable(url) => {
            format!("Unable to retrieve the SAML metadata from {url}.")
        }
        ProviderFault::SamlFlag { key, value } => {
            format!("{key} must be true or false, not '{value}'.")
        }
        ProviderFault::SigningAlgorithm(value) => {
            format!("RequestSigningAlgorithm must be rsa-sha256, not '{value}'.")
        }
        ProviderFault::Kind(name) => format!("{name} is not a supported ProviderType."),
        ProviderFault::Name(name) => format!(
            "'{name}' is not a valid provider name: 1 to 32 characters, not starting with _ or a \
             space."
        ),
        ProviderFault::Cognito => {
            "COGNITO names the pool's own users and cannot name a provider.".into()
        }
        ProviderFault::TooManyIdentifiers => "A provider has at most 50 IdpIdentifiers.".into(),
        ProviderFault::Identifier(identifier) => {
            format!("'{identifier}' is not a valid IdpIdentifier.")
        }
        ProviderFault::IdentifierTaken(identifier) => {
            format!("The IdpIdentifier {identifier} is already another provider's.")
        }
        ProviderFault::UnknownDetail(key) => {
            format!("{key} is not a ProviderDetails key Cognate reads.")
        }
        ProviderFault::MissingDetail { kind, key } => {
            format!("{kind} providers need {key} in ProviderDetails.")
        }
        ProviderFault::DetailUrl { key, value } => {
            format!("{key} must be an https URL (or http on this machine): {value}")
        }
        ProviderFault::NoOpenid => {
            "authorize_scopes must include openid for an OpenID Connect provider.".into()
        }
        ProviderFault::RequestMethod(other) => {
            format!("attributes_request_method is GET or POST, not {other}.")
        }
        ProviderFault::AppleKey => "private_key must be Apple's ES256 key in PEM (PKCS #8).".into(),
        ProviderFault::MappedAttribute(attribute) => {
            format!("{attribute} is not an attribute a provider can set.")
        }
        ProviderFault::EmptyMapping(attribute) => {
            format!("The mapping of {attribute} names no attribute.")
        }
    }
}

fn risk(fault: &RiskFault) -> String {
    match fault {
        RiskFault::IpRange(range) => format!("{range} is not an IP range in CIDR notation."),
        RiskFault::TooManyRanges => "An IP range list has at most 200 ranges.".into(),
        RiskFault::CompromisedAction(action) => format!(
            "Compromised credentials take the EventAction BLOCK or NO_ACTION, not {action}."
        ),
        RiskFault::NotifyWithoutConfiguration => {
            "A risk level that notifies needs a NotifyConfiguration.".into()
        }
        RiskFault::NoSourceArn => "NotifyConfiguration needs its SourceArn.".into(),
        RiskFault::CustomAuthMode => "CustomAuthMode must be AUDIT or ENFORCED.".into(),
    }
}

fn resource_server(fault: &ResourceServerFault) -> String {
    match fault {
        ResourceServerFault::Identifier(identifier) => {
            format!("'{identifier}' is not a valid resource server identifier.")
        }
        ResourceServerFault::Name => {
            "The resource server's name must have 1 to 256 characters.".into()
        }
        ResourceServerFault::TooManyScopes => "A resource server has at most 100 scopes.".into(),
        ResourceServerFault::ScopeName(name) => format!("'{name}' is not a valid scope name."),
        ResourceServerFault::ScopeDescription => {
            "A scope's description must have 1 to 256 characters.".into()
        }
        ResourceServerFault::Exists(identifier) => {
            format!("A resource server with the identifier {identifier} already exists.")
        }
    }
}

fn identity_pool(fault: &IdentityPoolFault) -> String {
    match fault {
        IdentityPoolFault::ProviderIncomplete => {
            "A CognitoIdentityProvider needs a ProviderName and a ClientId.".into()
        }
        IdentityPoolFault::ForeignPool { provider, host } => {
            format!("{provider} is not a user pool of this server: use {host}/<user pool id>.")
        }
        IdentityPoolFault::ForeignClient { client, provider } => {
            format!("The app client {client} is not one of {provider}'s.")
        }
        IdentityPoolFault::DeveloperProviderName => {
            "DeveloperProviderName has 1 to 128 characters.".into()
        }
        IdentityPoolFault::Name(name) => format!(
            "'{name}' is not a valid IdentityPoolName: 1 to 128 letters, digits, spaces or +=,.@-_"
        ),
        IdentityPoolFault::RoleKind(kind) => {
            format!("Roles takes 'authenticated' and 'unauthenticated', not '{kind}'.")
        }
        IdentityPoolFault::MappingKey(provider) => format!(
            "The role mapping's key {provider} is not one of the identity pool's providers \
             (<provider name>:<client id>)."
        ),
        IdentityPoolFault::RuleCount => "A Rules role mapping needs 1 to 25 rules.".into(),
        IdentityPoolFault::TokenRules => "A Token role mapping takes no rules.".into(),
        IdentityPoolFault::RuleLength => {
            "A rule's Claim and Value have 1 to 128 characters.".into()
        }
        IdentityPoolFault::OneLogin => "Logins takes one provider's token.".into(),
        IdentityPoolFault::BasicFlowOff => "Basic (classic) flow is not enabled for this \
                                            identity pool: use GetCredentialsForIdentity."
            .into(),
        IdentityPoolFault::NoDeveloperProvider => {
            "The identity pool has no DeveloperProviderName.".into()
        }
        IdentityPoolFault::DeveloperLogins(developer) => {
            format!("Logins must hold one entry, the developer provider {developer}'s user id.")
        }
        IdentityPoolFault::DeveloperUserTaken => "That developer user has another identity.".into(),
        IdentityPoolFault::NoSts => "No security token service is configured \
                                     (identity.sts_endpoint): this server hands out identities \
                                     and tokens, not credentials."
            .into(),
    }
}

fn logout(fault: LogoutFault) -> &'static str {
    match fault {
        LogoutFault::NotAudience => "client_id is not the ID token's audience.",
        LogoutFault::NoClient => "A sign-out URL needs the client_id.",
        LogoutFault::NotRegistered => "The URL is not one of the app client's sign-out URLs.",
        LogoutFault::Hint => "The id_token_hint is not valid.",
    }
}

fn device(fault: DeviceFault) -> String {
    match fault {
        DeviceFault::Verifier => {
            "DeviceSecretVerifierConfig is not a valid SRP verifier and salt.".into()
        }
        DeviceFault::AlreadyConfirmed => "The device was confirmed already.".into(),
        DeviceFault::Name => "DeviceName can have at most 1024 characters.".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema_words(fault: SchemaFault) -> String {
        invalid_words(&Invalid::Schema(fault))
    }

    #[test]
    fn schema_refusals_are_said_in_cognito_s_words() {
        let cases = [
            (
                SchemaFault::DataTypeUnknown("Text".into()),
                "enum value set",
            ),
            (SchemaFault::DataTypeMissing, "AttributeDataType"),
            (SchemaFault::RequiredCustom, "Required custom attributes"),
            (SchemaFault::StandardChanged("email".into()), "standard"),
            (
                SchemaFault::StringTooLong("custom:team".into()),
                "more than 2048",
            ),
            (
                SchemaFault::MaxLengthBelowMin("custom:team".into()),
                "Max length",
            ),
            (
                SchemaFault::Constraint {
                    member: "NumberAttributeConstraints".into(),
                    name: "custom:age".into(),
                },
                "NumberAttributeConstraints",
            ),
            (SchemaFault::CustomName("x".repeat(21)), "name"),
        ];
        for (fault, words) in cases {
            let said = schema_words(fault);
            assert!(said.contains(words), "{said:?} lacks {words:?}");
        }
    }

    #[test]
    fn a_value_s_refusal_names_the_attribute_and_the_rule() {
        let said = invalid_words(&Invalid::Attribute(AttributeFault::Value {
            name: "custom:team".into(),
            fault: ValueFault::TooLong(4),
        }));
        assert_eq!(
            said,
            "Attributes did not conform to the schema: custom:team: String must be no longer \
             than 4 characters"
        );
        assert_eq!(
            username(UsernameFault::TooLong(128)),
            "Username must be at most 128 characters."
        );
    }
}
