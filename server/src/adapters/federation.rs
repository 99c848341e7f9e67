//! The federation port's HTTP adapter: discovery documents, key sets, the token endpoint
//! and the userinfo (attributes) URL of identity providers, each call bounded in time and
//! size. Discovery and keys are kept a few minutes, so a sign-in does not fetch them again.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use jsonwebtoken::jwk::JwkSet;
use serde_json::{Map, Value};

use crate::pool::federation::{ClientAuth, Discovery, LinkError, ProviderLink, ProviderTokens};

/// The longest answer read from a provider.
const MAX_ANSWER_BYTES: usize = 256 * 1024;
/// How long discovery documents and key sets are kept.
const KEEP: Duration = Duration::from_secs(300);

/// [`ProviderLink`] over HTTPS (or HTTP on this machine, as provider URLs are checked).
pub struct HttpProviderLink {
    http: reqwest::Client,
    discovered: Mutex<HashMap<String, (Instant, Discovery)>>,
    keys: Mutex<HashMap<String, (Instant, JwkSet)>>,
}

impl HttpProviderLink {
    pub fn new() -> Result<Self, reqwest::Error> {
        let http = super::http_client()?;
        Ok(Self {
            http,
            discovered: Mutex::new(HashMap::new()),
            keys: Mutex::new(HashMap::new()),
        })
    }

    /// The answer's JSON, if it is a success within the size bound.
    async fn json(&self, request: reqwest::RequestBuilder) -> Result<Value, LinkError> {
        let (status, body) = super::bounded_answer(request, MAX_ANSWER_BYTES).await?;
        let value: Value = serde_json::from_slice(&body).map_err(|_| {
            LinkError::Unreachable(format!("{status} with a body that is not JSON"))
        })?;
        if status.is_success() {
            Ok(value)
        } else {
            let error = value
                .get("error")
                .and_then(Value::as_str)
                .unwrap_or("unknown");
            Err(LinkError::Refused(format!("{status}: {error}")))
        }
    }
}

fn text(value: &Value, key: &str) -> Option<String> {
    value.get(key).and_then(Value::as_str).map(str::to_string)
}

fn kept<T: Clone>(cache: &Mutex<HashMap<String, (Instant, T)>>, key: &str) -> Option<T> {
    let cache = cache.lock().ok()?;
    cache
        .get(key)
        .filter(|(at, _)| at.elapsed() < KEEP)
        .map(|(_, value)| value.clone())
}

fn keep<T>(cache: &Mutex<HashMap<String, (Instant, T)>>, key: &str, value: T) {
    if let Ok(mut cache) = cache.lock() {
        // Bounded: providers are few; stale entries go when the map grows.
        if cache.len() > 256 {
            cache.retain(|_, (at, _)| at.elapsed() < KEEP);
        }
        cache.insert(key.to_string(), (Instant::now(), value));
    }
}

#[async_trait]
impl ProviderLink for HttpProviderLink {
    async fn discover(&self, issuer: &str) -> Result<Discovery, LinkError> {
        if let Some(found) = kept(&self.discovered, issuer) {
            return Ok(found);
        }
        let url = format!(
            "{}/.well-known/openid-configuration",
            issuer.trim_end_matches('/')
        );
        let document = self.json(self.http.get(url)).await?;
        let required = |key: &str| {
            text(&document, key)
                .ok_or_else(|| LinkError::Unreachable(format!("discovery has no {key}")))
        };
        let found = Discovery {
            issuer: required("issuer")?,
            authorization_endpoint: required("authorization_endpoint")?,
            token_endpoint: required("token_endpoint")?,
            userinfo_endpoint: text(&document, "userinfo_endpoint"),
            jwks_uri: required("jwks_uri")?,
        };
        keep(&self.discovered, issuer, found.clone());
        Ok(found)
    }

    async fn keys(&self, jwks_uri: &str) -> Result<JwkSet, LinkError> {
        if let Some(found) = kept(&self.keys, jwks_uri) {
            return Ok(found);
        }
        let document = self.json(self.http.get(jwks_uri)).await?;
        let found: JwkSet = serde_json::from_value(document)
            .map_err(|_| LinkError::Unreachable("the key set cannot be read".into()))?;
        keep(&self.keys, jwks_uri, found.clone());
        Ok(found)
    }

    async fn redeem(
        &self,
        token_url: &str,
        auth: &ClientAuth,
        form: &[(&str, &str)],
    ) -> Result<ProviderTokens, LinkError> {
        let mut fields: Vec<(&str, &str)> = form.to_vec();
        let mut request = self
            .http
            .post(token_url)
            .header(reqwest::header::ACCEPT, "application/json");
        match auth {
            ClientAuth::Basic { id, secret } => {
                // RFC 6749 §2.3.1: each part form-encoded, then Basic.
                let encode = |part: &str| {
                    url::form_urlencoded::byte_serialize(part.as_bytes()).collect::<String>()
                };
                request = request.basic_auth(encode(id), Some(encode(secret)));
            }
            ClientAuth::Post { id, secret } => {
                fields.push(("client_id", id));
                if let Some(secret) = secret {
                    fields.push(("client_secret", secret));
                }
            }
        }
        let answer = self.json(request.form(&fields)).await?;
        Ok(ProviderTokens {
            id_token: text(&answer, "id_token"),
            access_token: text(&answer, "access_token"),
        })
    }

    async fn attributes(
        &self,
        url: &str,
        access_token: &str,
        post: bool,
    ) -> Result<Map<String, Value>, LinkError> {
        let request = if post {
            self.http.post(url)
        } else {
            self.http.get(url)
        };
        match self.json(request.bearer_auth(access_token)).await? {
            Value::Object(attributes) => Ok(attributes),
            _ => Err(LinkError::Unreachable(
                "the attributes are not an object".into(),
            )),
        }
    }
}
