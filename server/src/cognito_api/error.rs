//! The Cognito API's error shape: HTTP 400 (500 for our own failures) with
//! `{"__type": "<Name>Exception", "message": "…"}` and `x-amzn-ErrorType`, the one place a
//! `PoolError` becomes a Cognito exception.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::pool::PoolError;

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
            PoolError::NotAuthorized(m) => ("NotAuthorizedException", m),
            PoolError::UserNotConfirmed(m) | PoolError::AwaitingConfirmation(m) => {
                ("UserNotConfirmedException", m)
            }
            PoolError::PasswordResetRequired(m) => ("PasswordResetRequiredException", m),
            PoolError::CodeMismatch(m) => ("CodeMismatchException", m),
            PoolError::ExpiredCode(m) => ("ExpiredCodeException", m),
            PoolError::InvalidPassword(m) => ("InvalidPasswordException", m),
            PoolError::UnsupportedUserState(m) => ("UnsupportedUserStateException", m),
            PoolError::InvalidParameter(m) => ("InvalidParameterException", m),
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
