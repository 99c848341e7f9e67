//! The Cognito API's error shape: HTTP 400 (500 for our own failures) with
//! `{"__type": "<Name>Exception", "message": "…"}` and `x-amzn-ErrorType`, the one place a
//! `PoolError` becomes a Cognito exception.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use password_policy::PasswordRule;

use super::wire::factor_name;
use crate::doors::sentences::{self, invalid_words};
use crate::pool::{
    AliasTaken, Busy, CodeFor, Constraint, Delivery, Denied, LoginFault, Missing, NameTaken,
    PasswordFault, PoolError, Rule, TokenFault, TokenKind, UnknownUser, WebAuthnRefusal,
};

/// A Cognito exception: its name (without the service prefix) and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub name: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn new(name: &'static str, message: impl Into<String>) -> Self {
        Self {
            name,
            message: message.into(),
        }
    }

    pub fn invalid_parameter(message: impl Into<String>) -> Self {
        Self::new("InvalidParameterException", message)
    }

    pub fn serialization(message: impl Into<String>) -> Self {
        Self::new("SerializationException", message)
    }

    fn status(&self) -> StatusCode {
        match self.name {
            "InternalErrorException" => StatusCode::INTERNAL_SERVER_ERROR,
            _ => StatusCode::BAD_REQUEST,
        }
    }
}

impl From<PoolError> for ApiError {
    fn from(error: PoolError) -> Self {
        let (name, message) = match error {
            PoolError::UsernameExists(taken) => ("UsernameExistsException", name_taken(&taken)),
            PoolError::AliasExists(taken) => ("AliasExistsException", alias_taken(&taken)),
            PoolError::GroupExists { group } => (
                "GroupExistsException",
                format!("A group with the name {group} already exists."),
            ),
            PoolError::ProviderExists { provider } => (
                "DuplicateProviderException",
                format!("A provider with the name {provider} already exists in this user pool."),
            ),
            PoolError::BrandingExists => (
                "ManagedLoginBrandingExistsException",
                "The app client already has a managed login branding style.".to_string(),
            ),
            PoolError::TermsExists => (
                "TermsExistsException",
                "The app client already has terms of that name.".to_string(),
            ),
            PoolError::UserNotFound(unknown) => (
                "UserNotFoundException",
                match unknown {
                    UnknownUser::User => "User does not exist.",
                    UnknownUser::ForClient => "Username/client id combination not found.",
                }
                .to_string(),
            ),
            PoolError::NotAuthorized(reason) => ("NotAuthorizedException", denied(&reason)),
            PoolError::UserNotConfirmed => (
                "UserNotConfirmedException",
                "User is not confirmed.".to_string(),
            ),
            PoolError::AwaitingConfirmation => (
                "UserNotConfirmedException",
                "An administrator confirms this user.".to_string(),
            ),
            PoolError::PasswordResetRequired => (
                "PasswordResetRequiredException",
                "Password reset required for the user".to_string(),
            ),
            PoolError::CodeMismatch(code) => ("CodeMismatchException", mismatch_words(code).into()),
            PoolError::ExpiredCode => (
                "ExpiredCodeException",
                "Invalid code provided, please request a code again.".to_string(),
            ),
            PoolError::InvalidPassword(PasswordFault::Reused) => (
                "PasswordHistoryPolicyViolationException",
                "The password history policy was violated: the password was used recently."
                    .to_string(),
            ),
            PoolError::InvalidPassword(fault) => (
                "InvalidPasswordException",
                format!(
                    "Password did not conform with policy: {}",
                    password_words(fault)
                ),
            ),
            PoolError::UnsupportedUserState { username } => (
                "UnsupportedUserStateException",
                format!("Resend not possible. {username} status is not FORCE_CHANGE_PASSWORD"),
            ),
            PoolError::InvalidParameter(invalid) => {
                ("InvalidParameterException", invalid_words(&invalid))
            }
            PoolError::Constraint(broken) => ("InvalidParameterException", validation(&broken)),
            PoolError::FactorNotSetUp(factor) => (
                "InvalidParameterException",
                format!("{} is not one of the user's factors.", factor_name(factor)),
            ),
            PoolError::ResourceNotFound(missing) => {
                ("ResourceNotFoundException", missing_words(&missing))
            }
            PoolError::LimitExceeded => (
                "LimitExceededException",
                "Attempt limit exceeded, please try after some time.".to_string(),
            ),
            PoolError::CodeDeliveryFailure(delivery) => (
                "CodeDeliveryFailureException",
                match delivery {
                    Delivery::Invitation => "Unable to deliver the invitation. Try again later.",
                    Delivery::Code => "Unable to deliver the code. Try again later.",
                }
                .to_string(),
            ),
            PoolError::TooManyRequests(Busy::Server) => {
                ("TooManyRequestsException", "Too many requests.".to_string())
            }
            PoolError::TooManyRequests(Busy::Provider(provider)) => (
                "TooManyRequestsException",
                format!("{provider} cannot be reached right now. Try again later."),
            ),
            PoolError::InvalidIdentityPoolConfiguration { role } => (
                "InvalidIdentityPoolConfigurationException",
                format!(
                    "Invalid identity pool configuration: no {role} role is set \
                     (SetIdentityPoolRoles)."
                ),
            ),
            PoolError::ExternalService => (
                "ExternalServiceException",
                "The security token service did not answer.".to_string(),
            ),
            PoolError::TriggerRefused { trigger, message } => (
                "UserLambdaValidationException",
                sentences::trigger_refused(trigger, &message),
            ),
            PoolError::TriggerFailed { trigger, cause } => (
                "UnexpectedLambdaException",
                sentences::trigger_failed(trigger, cause),
            ),
            PoolError::TriggerAnswer { .. } => (
                "InvalidLambdaResponseException",
                sentences::TRIGGER_ANSWER.to_string(),
            ),
            PoolError::AddOnNotEnabled => (
                "UserPoolAddOnNotEnabledException",
                sentences::ADD_ON_NOT_ENABLED.to_string(),
            ),
            PoolError::WebAuthn(refusal) => web_authn_refusal(refusal),
            PoolError::Internal => (
                "InternalErrorException",
                "An internal error occurred.".to_string(),
            ),
        };
        Self::new(name, message)
    }
}

/// Cognito's WebAuthn exceptions (their messages are Cognate's: Cognito documents only
/// the names).
fn web_authn_refusal(refusal: WebAuthnRefusal) -> (&'static str, String) {
    let (name, message) = match refusal {
        WebAuthnRefusal::NotEnabled => (
            "WebAuthnNotEnabledException",
            "Passkeys are not enabled for this user pool: add WEB_AUTHN to \
             Policies.SignInPolicy.AllowedFirstAuthFactors.",
        ),
        WebAuthnRefusal::ChallengeNotFound => (
            "WebAuthnChallengeNotFoundException",
            "No passkey registration is waiting: call StartWebAuthnRegistration again.",
        ),
        WebAuthnRefusal::RelyingPartyMismatch => (
            "WebAuthnRelyingPartyMismatchException",
            "The credential was made for another relying party ID.",
        ),
        WebAuthnRefusal::OriginNotAllowed => (
            "WebAuthnOriginNotAllowedException",
            "The credential was made in a page of an origin this user pool does not allow.",
        ),
        WebAuthnRefusal::CredentialNotSupported => (
            "WebAuthnCredentialNotSupportedException",
            "The credential is not supported: it could not be verified, is already \
             registered, or lacks the user verification the user pool requires.",
        ),
        WebAuthnRefusal::ClientMismatch => (
            "WebAuthnClientMismatchException",
            "The registration was started by another app client.",
        ),
    };
    (name, message.to_string())
}

/// Cognito's words for a name a new user cannot take (SignUp's; AdminCreateUser words
/// `NameTaken::Username` its own way, in `users.rs`).
fn name_taken(taken: &NameTaken) -> String {
    match taken {
        NameTaken::Username => "User already exists".to_string(),
        NameTaken::Attribute(name) => format!("An account with the given {name} already exists."),
    }
}

fn alias_taken(taken: &AliasTaken) -> String {
    match taken {
        AliasTaken::Attribute(name) => format!("An account with the given {name} already exists."),
        AliasTaken::ProviderUserLinked => {
            "This provider's user is already linked to another user of the pool.".to_string()
        }
        AliasTaken::FederatedEmail => {
            "Another user of this pool already signs in with this email.".to_string()
        }
    }
}

/// Cognito's words for a wrong code, which differ by the code.
pub(crate) fn mismatch_words(code: CodeFor) -> &'static str {
    match code {
        CodeFor::Emailed => "Invalid verification code provided, please try again.",
        CodeFor::SignIn => "Invalid code received for user",
        CodeFor::SoftwareTokenSetup => "Code mismatch",
    }
}

/// What was not found, as Cognito says it.
fn missing_words(missing: &Missing) -> String {
    match missing {
        Missing::Pool(pool) => format!("User pool {pool} does not exist."),
        Missing::Client(client) => format!("User pool client {client} does not exist."),
        Missing::Group => "Group not found.".to_string(),
        Missing::Provider(name) => format!("Identity provider {name} does not exist."),
        Missing::ProviderIdentifier(identifier) => {
            format!("No identity provider has the identifier {identifier}.")
        }
        Missing::LinkedUser => "No user is linked to this provider's user.".to_string(),
        Missing::ResourceServer(identifier) => {
            format!("Resource server {identifier} does not exist.")
        }
        Missing::IdentityPool(id) => format!("IdentityPool '{id}' not found."),
        Missing::Identity(id) => format!("Identity '{id}' not found."),
        Missing::Domain { pool, domain } => format!("User pool {pool} has no domain {domain}."),
        Missing::AuthEvent(id) => format!("Auth event {id} does not exist."),
        Missing::Device => "Device does not exist.".to_string(),
        Missing::Passkey => "WebAuthn credential does not exist.".to_string(),
        Missing::Branding(id) => format!("Managed login branding {id} does not exist."),
        Missing::Terms(id) => format!("Terms {id} do not exist."),
    }
}

/// AWS's words for a broken constraint: "1 validation error detected: Value 'x' at 'member'
/// failed to satisfy constraint: Member must …" (the value left out where it is not given).
pub(crate) fn validation(broken: &Constraint) -> String {
    let value = match &broken.value {
        Some(value) => format!(" '{value}'"),
        None => String::new(),
    };
    let rule = match &broken.rule {
        Rule::MaxLength(most) => format!("have length less than or equal to {most}"),
        Rule::Pattern(pattern) => format!("satisfy regular expression pattern: {pattern}"),
        Rule::OneOf(values) => format!("satisfy enum value set: [{}]", values.join(", ")),
        Rule::Between(low, high) => format!("have value between {low} and {high}"),
    };
    format!(
        "1 validation error detected: Value{value} at '{}' failed to satisfy constraint: \
         Member must {rule}",
        broken.member
    )
}

/// Cognito's words for the rule a new password breaks.
fn password_words(fault: PasswordFault) -> &'static str {
    match fault {
        PasswordFault::TooLong => "Password is too long",
        PasswordFault::Breached => "Password has appeared in a data breach; it cannot be used",
        PasswordFault::Reused => "Password was used recently",
        PasswordFault::Unmet(PasswordRule::MinimumLength(_)) => "Password not long enough",
        PasswordFault::Unmet(PasswordRule::Lowercase) => "Password must have lowercase characters",
        PasswordFault::Unmet(PasswordRule::Uppercase) => "Password must have uppercase characters",
        PasswordFault::Unmet(PasswordRule::Number) => "Password must have numeric characters",
        PasswordFault::Unmet(PasswordRule::Symbol) => "Password must have symbol characters",
    }
}

/// Cognito's words for each refusal (NotAuthorizedException's message).
fn denied(reason: &Denied) -> String {
    let words = match reason {
        Denied::WrongCredentials => "Incorrect username or password.",
        Denied::PasskeyRefused => "The passkey did not sign in.",
        Denied::Disabled => "User is disabled.",
        Denied::LockedOut => "Password attempts exceeded",
        Denied::SecretHashMissing(client) => {
            return format!(
                "Client {client} is configured with secret but SECRET_HASH was not received"
            );
        }
        Denied::SecretHashWrong(client) => {
            return format!("Unable to verify secret hash for client {client}");
        }
        Denied::ClientSecretWrong(client) => {
            return format!(
                "Client {client} is configured with a secret, which was missing or wrong."
            );
        }
        Denied::CannotConfirm(status) => {
            return format!(
                "User cannot be confirmed. Current status is {}",
                status.as_str()
            );
        }
        Denied::AttributeNotWritable => "A client attempted to write unauthorized attribute",
        Denied::SessionInvalid => "Invalid session for the user.",
        Denied::SessionExpired => "Invalid session for the user, session is expired.",
        Denied::SessionTriesUsed => "Invalid session for the user, too many failed attempts.",
        Denied::TemporaryPasswordExpired => {
            "Temporary password has expired and must be reset by an administrator."
        }
        Denied::Token(kind, fault) => return token_words(*kind, *fault),
        Denied::RefreshTokenOtherClient => "The refresh token was issued to another client.",
        Denied::MissingScope => "Access Token does not have required scopes",
        Denied::ClientGone => "The token's app client no longer exists.",
        Denied::UserGone => "User does not exist.",
        Denied::ResetByAdministrator => {
            "Password reset is done by an administrator in this user pool."
        }
        Denied::ResetNotAllowed => "User password cannot be reset in the current state.",
        Denied::SignUpNotAllowed => "SignUp is not permitted for this user pool",
        Denied::FederationExpired => {
            "This sign-in has expired. Go back to the app and sign in again."
        }
        Denied::ProviderNamedNoUser => "The identity provider named no user.",
        Denied::LinkedUserGone => "The linked user no longer exists.",
        Denied::ProviderNameTaken => "A user with this provider's name already exists.",
        Denied::Login(fault) => login_words(*fault),
        Denied::DeviceKeyMismatch => "Invalid Refresh Token",
        Denied::FeedbackTokenInvalid => "The feedback token is not valid.",
        Denied::RiskBlocked => "Unable to login because of security reasons.",
    };
    words.to_string()
}

/// "Invalid Access Token", "Refresh Token has expired", …: Cognito's token refusals.
pub(crate) fn token_words(kind: TokenKind, fault: TokenFault) -> String {
    let token = match kind {
        TokenKind::Access => "Access Token",
        TokenKind::Id => "ID Token",
        TokenKind::Refresh => "Refresh Token",
    };
    match fault {
        TokenFault::Invalid => format!("Invalid {token}"),
        TokenFault::Expired => format!("{token} has expired"),
        TokenFault::Revoked => format!("{token} has been revoked"),
    }
}

/// Cognito Identity's words for a refused login.
fn login_words(fault: LoginFault) -> &'static str {
    match fault {
        LoginFault::DeveloperOnly => {
            "A developer provider's users get tokens from GetOpenIdTokenForDeveloperIdentity."
        }
        LoginFault::WrongAudience => "Invalid login token. Incorrect token audience.",
        LoginFault::WrongIssuer => "Invalid login token. Issuer doesn't match providerName.",
        LoginFault::NotAnIdToken => "Invalid login token. Not a valid ID token.",
        LoginFault::ProviderNotInPool => {
            "Invalid login token. The provider is not one of this identity pool's."
        }
        LoginFault::UserUnusable => "Invalid login token. The user is disabled or deleted.",
        LoginFault::LoginsRequired => {
            "Invalid login token. This identity is authenticated: give its Logins."
        }
        LoginFault::Expired => "Invalid login token. Token expired.",
        LoginFault::Revoked => "Invalid login token. Token has been revoked.",
        LoginFault::LoginsMismatch => "Logins don't match the identity's.",
        LoginFault::NoRole => {
            "No role matches this user and the identity pool's role mapping denies the rest."
        }
        LoginFault::RoleNotTheUsers => {
            "The CustomRoleArn is not one of the user's roles (cognito:roles)."
        }
        LoginFault::NoGuests => "Unauthenticated access is not supported for this identity pool.",
        LoginFault::RoleRefused => {
            "The security token service refused the role for this identity; check the role's \
             trust policy."
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({ "__type": self.name, "message": self.message }).to_string();
        let mut response = (
            self.status(),
            [(header::CONTENT_TYPE, super::CONTENT_TYPE)],
            body,
        )
            .into_response();
        if let Ok(value) = HeaderValue::from_str(&format!("{}:", self.name)) {
            response.headers_mut().insert("x-amzn-errortype", value);
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(error: PoolError) -> String {
        ApiError::from(error).message
    }

    #[test]
    fn broken_constraints_read_as_aws_writes_them() {
        assert_eq!(
            words(PoolError::constraint(
                "username",
                None,
                Rule::MaxLength(128)
            )),
            "1 validation error detected: Value at 'username' failed to satisfy constraint: \
             Member must have length less than or equal to 128"
        );
        assert_eq!(
            words(PoolError::constraint(
                "emailConfiguration.emailSendingAccount",
                Some("SES"),
                Rule::OneOf(&["COGNITO_DEFAULT", "DEVELOPER"]),
            )),
            "1 validation error detected: Value 'SES' at 'emailConfiguration.emailSendingAccount' \
             failed to satisfy constraint: Member must satisfy enum value set: \
             [COGNITO_DEFAULT, DEVELOPER]"
        );
        assert_eq!(
            words(PoolError::constraint(
                "groupName",
                Some("a/b"),
                Rule::Pattern("[\\w\\s+=,.@-]+")
            )),
            "1 validation error detected: Value 'a/b' at 'groupName' failed to satisfy \
             constraint: Member must satisfy regular expression pattern: [\\w\\s+=,.@-]+"
        );
    }

    #[test]
    fn a_refused_password_reads_as_cognito_writes_it() {
        let words = |fault| words(PoolError::InvalidPassword(fault));
        assert_eq!(
            words(PasswordFault::Unmet(PasswordRule::MinimumLength(8))),
            "Password did not conform with policy: Password not long enough"
        );
        assert_eq!(
            words(PasswordFault::Unmet(PasswordRule::Uppercase)),
            "Password did not conform with policy: Password must have uppercase characters"
        );
        assert_eq!(
            words(PasswordFault::TooLong),
            "Password did not conform with policy: Password is too long"
        );
    }

    #[test]
    fn a_factor_not_set_up_is_named_as_cognito_names_it() {
        assert_eq!(
            words(PoolError::FactorNotSetUp(crate::pool::MfaFactor::Email)),
            "EMAIL_OTP is not one of the user's factors."
        );
    }

    #[test]
    fn refusals_read_as_cognito_writes_them() {
        let words = |reason| words(PoolError::NotAuthorized(reason));
        assert_eq!(
            words(Denied::WrongCredentials),
            "Incorrect username or password."
        );
        assert_eq!(words(Denied::LockedOut), "Password attempts exceeded");
        assert_eq!(
            words(Denied::Token(TokenKind::Refresh, TokenFault::Revoked)),
            "Refresh Token has been revoked"
        );
        assert_eq!(
            words(Denied::Token(TokenKind::Id, TokenFault::Invalid)),
            "Invalid ID Token"
        );
    }
}
