//! Calls to the Cognito JSON API as an AWS SDK makes them: public operations as they are,
//! admin ones signed with SigV4 by the AWS SDK's own signer (`aws-sigv4`).

use std::time::SystemTime;

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use serde_json::Value;

use crate::Fail;
use crate::server::{ADMIN_KEY_ID, ADMIN_SECRET};

pub const CONTENT_TYPE: &str = "application/x-amz-json-1.1";
const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService.";

/// The `X-Amz-Target` of `operation`.
pub fn target(operation: &str) -> String {
    format!("{TARGET_PREFIX}{operation}")
}

/// One call; `signed` for admin operations. Gives the answer or the Cognito error.
pub async fn call(
    http: &reqwest::Client,
    base: &str,
    operation: &str,
    body: &Value,
    signed: bool,
) -> Result<Value, Fail> {
    call_from(http, base, operation, body, signed, None).await
}

/// [`call`] from client address `from` (`X-Forwarded-For`, which the bench's server
/// believes from loopback), as one of many users rather than all from one address.
pub async fn call_from(
    http: &reqwest::Client,
    base: &str,
    operation: &str,
    body: &Value,
    signed: bool,
    from: Option<&str>,
) -> Result<Value, Fail> {
    let body = body.to_string();
    let url = format!("{base}/");
    let target = target(operation);
    let mut request = http
        .post(&url)
        .header("content-type", CONTENT_TYPE)
        .header("x-amz-target", &target);
    if signed {
        let host = base.trim_start_matches("http://");
        for (name, value) in sign_headers(&url, host, &target, &body)? {
            request = request.header(name, value);
        }
    }
    if let Some(from) = from {
        request = request.header("x-forwarded-for", from);
    }
    let response = request
        .body(body)
        .send()
        .await
        .map_err(|e| format!("{operation}: {e}"))?;
    let status = response.status();
    let answer: Value = response
        .json()
        .await
        .map_err(|e| format!("{operation}: unreadable answer: {e}"))?;
    if status.is_success() {
        Ok(answer)
    } else {
        Err(format!("{operation}: {status} {answer}").into())
    }
}

fn sign_headers(
    url: &str,
    host: &str,
    target: &str,
    body: &str,
) -> Result<Vec<(String, String)>, Fail> {
    let headers = [
        ("host", host),
        ("content-type", CONTENT_TYPE),
        ("x-amz-target", target),
    ];
    let request = SignableRequest::new(
        "POST",
        url,
        headers.into_iter(),
        SignableBody::Bytes(body.as_bytes()),
    )
    .map_err(|e| format!("sigv4: {e}"))?;
    let identity = Credentials::new(ADMIN_KEY_ID, ADMIN_SECRET, None, None, "bench").into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region("us-east-1")
        .name("cognito-idp")
        .time(SystemTime::now())
        .settings(SigningSettings::default())
        .build()
        .map_err(|e| format!("sigv4: {e}"))?
        .into();
    let (instructions, _signature) = sign(request, &params)
        .map_err(|e| format!("sigv4: {e}"))?
        .into_parts();
    Ok(instructions
        .headers()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect())
}
