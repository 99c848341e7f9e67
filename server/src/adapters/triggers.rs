//! The triggers port's HTTP adapter. A Lambda ARN is called through AWS Lambda's Invoke
//! API (`POST /2015-03-31/functions/<ARN>/invocations`, SigV4 for service `lambda` in the
//! ARN's region) at the configured endpoint or AWS's regional one; a URL is called as a
//! webhook signed as Standard Webhooks sign (`webhook-id`, `webhook-timestamp`,
//! `webhook-signature`). Every call is bounded: in time (the settings' timeout covers the
//! wait for a slot, the call and the answer), in calls at once (in all and per function),
//! and in the size of the answer read. Events and answers are never logged: they may carry
//! a password (user migration) or codes.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use async_trait::async_trait;
use aws_credential_types::Credentials;
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::plumbing::config::TriggerSettings;
use crate::pool::triggers::{CallError, Functions, lambda_region_and_name};

/// The largest answer read from a function (Lambda's own limit for a synchronous answer is
/// 6 MB; a trigger's is far smaller).
const MAX_ANSWER_BYTES: usize = 1024 * 1024;

/// What a setting is wrong with, at start-up.
#[derive(Debug, thiserror::Error)]
pub enum TriggerSetupError {
    #[error("triggers.webhook_secret is not a Standard Webhooks secret (whsec_<base64>)")]
    WebhookSecret,
    #[error("the HTTP client for triggers: {0}")]
    Client(#[from] reqwest::Error),
}

/// [`Functions`] over HTTP: AWS Lambda (or a Lambda-compatible endpoint) and webhooks.
pub struct HttpFunctions {
    http: reqwest::Client,
    lambda_endpoint: Option<url::Url>,
    credentials: Option<Credentials>,
    webhook: Option<standardwebhooks::Webhook>,
    timeout: Duration,
    slots: Arc<Semaphore>,
    per_function: usize,
    function_slots: Mutex<HashMap<String, Arc<Semaphore>>>,
}

impl HttpFunctions {
    /// From the settings; the Lambda credentials are the settings' or, unset, the standard
    /// AWS environment variables (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
    /// `AWS_SESSION_TOKEN`), read once now.
    pub fn new(settings: &TriggerSettings) -> Result<Self, TriggerSetupError> {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(settings.timeout_seconds))
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("Cognate/", env!("CARGO_PKG_VERSION")))
            .build()?;
        let credentials = match (&settings.access_key_id, &settings.secret_access_key) {
            (Some(id), Some(secret)) => Some(Credentials::new(
                id,
                secret.expose(),
                None,
                None,
                "cognate-settings",
            )),
            _ => {
                let id = std::env::var("AWS_ACCESS_KEY_ID").ok();
                let secret = std::env::var("AWS_SECRET_ACCESS_KEY").ok();
                let token = std::env::var("AWS_SESSION_TOKEN").ok();
                id.zip(secret)
                    .map(|(id, secret)| Credentials::new(id, secret, token, None, "environment"))
            }
        };
        let webhook = match &settings.webhook_secret {
            Some(secret) => Some(
                standardwebhooks::Webhook::new(secret.expose())
                    .map_err(|_| TriggerSetupError::WebhookSecret)?,
            ),
            None => None,
        };
        Ok(Self {
            http,
            lambda_endpoint: settings.lambda_endpoint.clone(),
            credentials,
            webhook,
            timeout: Duration::from_secs(settings.timeout_seconds),
            slots: Arc::new(Semaphore::new(settings.max_concurrent_calls)),
            per_function: settings.max_concurrent_calls_per_function,
            function_slots: Mutex::new(HashMap::new()),
        })
    }

    /// A slot for a call to `target`: one of its own and one of all.
    async fn slots(
        &self,
        target: &str,
    ) -> Result<(OwnedSemaphorePermit, OwnedSemaphorePermit), CallError> {
        let own = {
            let mut slots = self
                .function_slots
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            slots
                .entry(target.to_string())
                .or_insert_with(|| Arc::new(Semaphore::new(self.per_function)))
                .clone()
        };
        let closed = |_| CallError::Unreachable("the function host is shutting down".into());
        let own = own.acquire_owned().await.map_err(closed)?;
        let all = self.slots.clone().acquire_owned().await.map_err(closed)?;
        Ok((own, all))
    }

    async fn call_lambda(&self, target: &str, event: Vec<u8>) -> Result<Vec<u8>, CallError> {
        let (region, _) = lambda_region_and_name(target)
            .ok_or_else(|| CallError::Unreachable("not a Lambda function's ARN".into()))?;
        let credentials = self
            .credentials
            .as_ref()
            .ok_or_else(|| CallError::Unreachable("no AWS credentials for Lambda".into()))?;
        let base = match &self.lambda_endpoint {
            Some(endpoint) => endpoint.as_str().trim_end_matches('/').to_string(),
            None => format!("https://lambda.{region}.amazonaws.com"),
        };
        let function: String = url::form_urlencoded::byte_serialize(target.as_bytes()).collect();
        let url = format!("{base}/2015-03-31/functions/{function}/invocations");
        let parsed = url::Url::parse(&url)
            .map_err(|_| CallError::Unreachable("the Lambda endpoint is not a URL".into()))?;
        let host = match parsed.port() {
            Some(port) => format!("{}:{port}", parsed.host_str().unwrap_or_default()),
            None => parsed.host_str().unwrap_or_default().to_string(),
        };
        // The path as sent, its ARN percent-encoded; the signer encodes it once more, as
        // AWS's SigV4 does for every service but S3.
        let path = parsed.path();
        let identity = credentials.clone().into();
        let params = aws_sigv4::sign::v4::SigningParams::builder()
            .identity(&identity)
            .region(region)
            .name("lambda")
            .time(SystemTime::now())
            .settings(SigningSettings::default())
            .build()
            .map_err(|error| CallError::Unreachable(error.to_string()))?
            .into();
        let headers = [
            ("host", host.as_str()),
            ("content-type", "application/json"),
            ("x-amz-invocation-type", "RequestResponse"),
        ];
        let signable = SignableRequest::new(
            "POST",
            path,
            headers.iter().copied(),
            SignableBody::Bytes(&event),
        )
        .map_err(|error| CallError::Unreachable(error.to_string()))?;
        let (instructions, _) = sign(signable, &params)
            .map_err(|error| CallError::Unreachable(error.to_string()))?
            .into_parts();
        let mut request = self.http.post(&url).body(event);
        for (name, value) in headers.iter().skip(1) {
            request = request.header(*name, *value);
        }
        for (name, value) in instructions.headers() {
            request = request.header(name, value);
        }
        let response = request.send().await.map_err(unreachable)?;
        let status = response.status();
        let function_error = response.headers().contains_key("x-amz-function-error");
        let service_error = response
            .headers()
            .get("x-amzn-errortype")
            .and_then(|value| value.to_str().ok())
            .map(str::to_string);
        let body = bounded_body(response).await?;
        if !status.is_success() {
            return Err(CallError::Unreachable(format!(
                "Lambda answered {status}: {}",
                service_error.unwrap_or_default()
            )));
        }
        if function_error {
            return Err(CallError::Failed(error_message(&body)));
        }
        Ok(body)
    }

    async fn call_webhook(&self, target: &str, event: Vec<u8>) -> Result<Vec<u8>, CallError> {
        let webhook = self.webhook.as_ref().ok_or_else(|| {
            CallError::Unreachable("no triggers.webhook_secret to sign with".into())
        })?;
        let id = format!("msg_{}", uuid::Uuid::new_v4().simple());
        let timestamp = std::time::UNIX_EPOCH
            .elapsed()
            .map(|since| since.as_secs() as i64)
            .unwrap_or_default();
        let signature = webhook
            .sign(&id, timestamp, &event)
            .map_err(|_| CallError::Unreachable("the event is not UTF-8".into()))?;
        let response = self
            .http
            .post(target)
            .header("content-type", "application/json")
            .header("webhook-id", id)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", signature)
            .body(event)
            .send()
            .await
            .map_err(unreachable)?;
        let status = response.status();
        let body = bounded_body(response).await?;
        if status.is_success() {
            return Ok(body);
        }
        // A handler's refusal is an error status with Lambda's error shape; any other
        // failure is the webhook's, not the function's.
        match serde_json::from_slice::<serde_json::Value>(&body)
            .ok()
            .and_then(|body| body.get("errorMessage")?.as_str().map(str::to_string))
        {
            Some(message) if status.is_client_error() || status.is_server_error() => {
                Err(CallError::Failed(message))
            }
            _ => Err(CallError::Unreachable(format!(
                "the webhook answered {status}"
            ))),
        }
    }
}

#[async_trait]
impl Functions for HttpFunctions {
    async fn call(&self, target: &str, event: Vec<u8>) -> Result<Vec<u8>, CallError> {
        let call = async {
            let _slots = self.slots(target).await?;
            if target.starts_with("arn:") {
                self.call_lambda(target, event).await
            } else {
                self.call_webhook(target, event).await
            }
        };
        tokio::time::timeout(self.timeout, call)
            .await
            .unwrap_or(Err(CallError::TimedOut))
    }
}

fn unreachable(error: reqwest::Error) -> CallError {
    if error.is_timeout() {
        CallError::TimedOut
    } else {
        CallError::Unreachable(error.without_url().to_string())
    }
}

/// The answer's body, read up to [`MAX_ANSWER_BYTES`].
async fn bounded_body(mut response: reqwest::Response) -> Result<Vec<u8>, CallError> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(unreachable)? {
        if body.len() + chunk.len() > MAX_ANSWER_BYTES {
            return Err(CallError::Unreachable("the answer is too large".into()));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// A failed function's message, from Lambda's error payload (`errorMessage`).
fn error_message(payload: &[u8]) -> String {
    serde_json::from_slice::<serde_json::Value>(payload)
        .ok()
        .and_then(|body| body.get("errorMessage")?.as_str().map(str::to_string))
        .unwrap_or_else(|| "Unhandled".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_functions_message_is_its_error_message() {
        let payload = br#"{"errorType":"Error","errorMessage":"Sign-up is closed.","trace":[]}"#;
        assert_eq!(error_message(payload), "Sign-up is closed.");
        assert_eq!(error_message(b"not json"), "Unhandled");
    }
}
