//! The Cognito JSON API door (SPEC §6): `POST /` with `X-Amz-Target:
//! AWSCognitoIdentityProviderService.<Operation>` and an `application/x-amz-json-1.1` body.
//! One function per operation, each translating Cognito's shapes to `UserPool` calls.

mod error;
mod public;
mod wire;

pub use error::ApiError;

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::pool::UserPool;

/// The media type of every request and answer.
pub const CONTENT_TYPE: &str = "application/x-amz-json-1.1";
const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService.";

/// `POST /`: reads the operation from `X-Amz-Target` and runs it.
pub async fn dispatch(
    State(pool): State<Arc<UserPool>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    match run(&pool, &headers, &body).await {
        Ok(answer) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, CONTENT_TYPE)],
            answer.to_string(),
        )
            .into_response(),
        Err(error) => error.into_response(),
    }
}

async fn run(pool: &UserPool, headers: &HeaderMap, body: &[u8]) -> Result<Value, ApiError> {
    let target = headers
        .get("x-amz-target")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let Some(operation) = target.strip_prefix(TARGET_PREFIX) else {
        return Err(ApiError::new(
            "UnknownOperationException",
            "Send the operation as X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>.",
        ));
    };
    // An empty body is an empty request, as the AWS SDKs send for operations without input.
    let input: Value = if body.iter().all(u8::is_ascii_whitespace) {
        Value::Object(Default::default())
    } else {
        serde_json::from_slice(body)
            .map_err(|_| ApiError::serialization("The request body is not valid JSON."))?
    };
    if !input.is_object() {
        return Err(ApiError::serialization(
            "The request body must be a JSON object.",
        ));
    }
    public::run(pool, operation, input)
        .await
        .unwrap_or_else(|| {
            Err(ApiError::new(
                "UnknownOperationException",
                format!("Unknown operation {operation}."),
            ))
        })
}
