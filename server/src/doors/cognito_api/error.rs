//! The Cognito API's error shape: HTTP 400 (500 for our own failures) with
//! `{"__type": "<Name>Exception", "message": "…"}` and `x-amzn-ErrorType`, the one place a
//! `PoolError` becomes a Cognito exception.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use password_policy::PasswordRule;

use super::wire::factor_name;
use crate::pool::{
    Constraint, Denied, LoginFault, PasswordFault, PoolError, Rule, TokenFault, TokenKind,
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
            PoolError::UsernameExists(m) => ("UsernameExistsException", m),
            PoolError::AliasExists(m) => ("AliasExistsException", m),
            PoolError::GroupExists(m) => ("GroupExistsException", m),
            PoolError::ProviderExists(m) => ("DuplicateProviderException", m),
            PoolError::UserNotFound(m) => ("UserNotFoundException", m),
            PoolError::NotAuthorized(reason) => ("NotAuthorizedException", denied(&reason)),
            PoolError::UserNotConfirmed(m) | PoolError::AwaitingConfirmation(m) => {
                ("UserNotConfirmedException", m)
            }
            PoolError::PasswordResetRequired(m) => ("PasswordResetRequiredException", m),
            PoolError::CodeMismatch(m) => ("CodeMismatchException", m),
            PoolError::ExpiredCode(m) => ("ExpiredCodeException", m),
            PoolError::InvalidPassword(fault) => (
                "InvalidPasswordException",
                format!(
                    "Password did not conform with policy: {}",
                    password_words(fault)
                ),
            ),
            PoolError::UnsupportedUserState(m) => ("UnsupportedUserStateException", m),
            PoolError::InvalidParameter(m) => ("InvalidParameterException", m),
            PoolError::Constraint(broken) => ("InvalidParameterException", validation(&broken)),
            PoolError::FactorNotSetUp(factor) => (
                "InvalidParameterException",
                format!("{} is not one of the user's factors.", factor_name(factor)),
            ),
            PoolError::ResourceNotFound(m) => ("ResourceNotFoundException", m),
            PoolError::LimitExceeded(m) => ("LimitExceededException", m),
            PoolError::CodeDeliveryFailure(m) => ("CodeDeliveryFailureException", m),
            PoolError::TooManyRequests(m) => ("TooManyRequestsException", m),
            PoolError::InvalidIdentityPoolConfiguration(m) => {
                ("InvalidIdentityPoolConfigurationException", m)
            }
            PoolError::ExternalService(m) => ("ExternalServiceException", m),
            PoolError::Internal => (
                "InternalErrorException",
                "An internal error occurred.".to_string(),
            ),
        };
        Self::new(name, message)
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
