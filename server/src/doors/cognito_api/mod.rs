//! The Cognito JSON API door: `POST /` with `X-Amz-Target:
//! AWSCognitoIdentityProviderService.<Operation>` and an `application/x-amz-json-1.1` body.
//! One function per operation, each translating Cognito's shapes to `UserPool` calls; the
//! operations and who may call them are listed once, in `operations`.

mod auth;
mod clients;
mod context_data;
mod credentials;
mod devices;
mod domains;
mod error;
mod identity;
pub mod looks;
mod mfa;
mod operations;
mod paging;
mod passkeys;
mod pool_mfa;
mod pools;
mod providers;
mod public;
mod resource_servers;
mod risk;
mod sigv4;
mod users;
mod wire;

/// What every operation module reads and answers with.
mod prelude {
    pub(super) use serde::Deserialize;
    pub(super) use serde_json::{Value, json};

    pub(super) use super::paging::{ListRequest, by_age, page};
    pub(super) use super::wire::{
        AttributeType, AuthenticationResult, CodeDeliveryDetails, attributes_from, attributes_to,
        factor_name,
    };
    pub(super) use super::{Answer, ApiError};
    pub(super) use crate::pool::secrets::ClientProof;
    pub(super) use crate::pool::{
        AppClient, Attributes, AuthFlow, COGNITO_DEFAULT_FLOWS, ClientId, ClientSettings,
        CustomStep, Group, MfaAnswer, MfaMode, MfaStep, NewUser, PoolConfig, PoolId, PoolSettings,
        ResourceScope, ResourceServer, SchemaAttribute, SchemaEntry, SignInStep, SignUpInput,
        SrpClaim, User, UserPool, check_auth_flows,
    };
}

pub use credentials::{CredentialsError, credentials_path, load_or_create};
pub use error::ApiError;
pub use identity::NAMES as IDENTITY_OPERATIONS;
pub use operations::NAMES as OPERATIONS;
pub use sigv4::AdminKey;

use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::clock::Clock;
use crate::pool::{ClientId, PoolId, UserPool};

/// What the Cognito API door needs: the domain, the admin key, the clock for signatures,
/// and the region new pools get.
pub struct CognitoApi {
    pub pool: Arc<UserPool>,
    pub admin: AdminKey,
    pub clock: Arc<dyn Clock>,
    pub region: String,
    /// The installation's default pool and client, which stay.
    pub default_pool: PoolId,
    pub default_client: ClientId,
}

/// What an operation answers: its JSON output, or Cognito's error.
type Answer = Result<Value, ApiError>;

/// The media type of every request and answer.
pub const CONTENT_TYPE: &str = "application/x-amz-json-1.1";
const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService.";

/// The largest request body read: far above any Cognito request, far below what would
/// cost memory.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// The largest body of a branding style's request, which carries image files: Cognito's
/// 2 MB, and the base64 around them.
pub const MAX_BRANDING_BODY_BYTES: usize = 2_800 * 1024;

/// How much of a request's body is read for `target` (its `X-Amz-Target`): only the
/// branding operations, signed and carrying images, may send more than [`MAX_BODY_BYTES`].
fn body_limit(target: &str) -> usize {
    match target.strip_prefix(TARGET_PREFIX) {
        Some("CreateManagedLoginBranding" | "UpdateManagedLoginBranding") => {
            MAX_BRANDING_BODY_BYTES
        }
        _ => MAX_BODY_BYTES,
    }
}

/// `POST /`: reads the operation from `X-Amz-Target` and runs it.
pub async fn dispatch(
    State(api): State<Arc<CognitoApi>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let target = headers
        .get("x-amz-target")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let answer = match axum::body::to_bytes(body, body_limit(target)).await {
        Ok(body) => run(&api, &method, &uri, &headers, &body).await,
        // Too large, or a body that could not be read: Cognito's shape all the same.
        Err(_) => Err(ApiError::invalid_parameter(format!(
            "The request body could not be read: it is larger than {} bytes, or broken.",
            body_limit(target)
        ))),
    };
    match answer {
        Ok(answer) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, CONTENT_TYPE)],
            answer.to_string(),
        )
            .into_response(),
        Err(error) => error.into_response(),
    }
}

async fn run(
    api: &CognitoApi,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Value, ApiError> {
    let target = headers
        .get("x-amz-target")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let identity_door = target.strip_prefix(identity::TARGET_PREFIX);
    let Some(operation) = target.strip_prefix(TARGET_PREFIX).or(identity_door) else {
        return Err(ApiError::new(
            "UnknownOperationException",
            "Send the operation as X-Amz-Target: AWSCognitoIdentityProviderService.<Operation> \
             (user pools) or AWSCognitoIdentityService.<Operation> (identity pools).",
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
    // Each door's own table says whether it answers the operation and who may call it.
    let (access, service) = match identity_door {
        Some(_) => (identity::access(operation), sigv4::IDENTITY_SERVICE),
        None => (operations::access(operation), sigv4::SERVICE),
    };
    let Some(access) = access else {
        return Err(ApiError::new(
            "UnknownOperationException",
            format!("Unknown operation {operation}."),
        ));
    };
    if access == operations::Access::Signed {
        // A wrong or missing signature stops the request before it reads any data.
        sigv4::verify(
            &api.admin,
            service,
            method,
            uri,
            headers,
            body,
            api.clock.now(),
        )?;
    }
    match identity_door {
        Some(_) => identity::run(api, operation, input).await,
        None => {
            context_data::read(&input, access == operations::Access::Signed);
            operations::run(api, operation, input).await
        }
    }
}
