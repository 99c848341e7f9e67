//! The adapters: the server's implementations of the domain's ports, each at the same path
//! as its port in the domain crate (`pool::store` → `store`, `pool::mailer` → `mailer`,
//! `pool::breached` → `breached`, `pool::federation` → `federation`, `pool::geo` → `geo`, `pool::saml` → `saml`, `pool::sts` → `sts`,
//! `pool::triggers` → `triggers`).

/// Breached-password corpora: Have I Been Pwned's file, searched in place.
pub mod breached;
/// The HTTP link to OpenID providers: discovery, keys, token and userinfo requests.
pub mod federation;
/// GeoIP: MaxMind's database format.
pub mod geo;
/// SMTP and the file outbox.
pub mod mailer;
/// XML security for SAML identity providers: libxmlsec1 through samael, and OpenSSL.
pub mod saml;
/// The store on SQLite or PostgreSQL: one SQL for both.
pub mod store;
/// The STS client: AssumeRoleWithWebIdentity against SeaweedFS or AWS.
pub mod sts;
/// The triggers' calls: AWS Lambda's Invoke API, or signed webhooks.
pub mod triggers;

use std::time::Duration;

use crate::pool::federation::LinkError;

/// The HTTP client of an adapter that calls out (identity providers, the STS): bounded in
/// time, following no redirect (each endpoint answers directly), naming itself.
fn http_client() -> Result<reqwest::Client, reqwest::Error> {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("Cognate/", env!("CARGO_PKG_VERSION")))
        .build()
}

/// The answer to `request`: its status and body, refused as unreachable once the body
/// passes `limit` bytes (never read whole), or when the service does not answer.
async fn bounded_answer(
    request: reqwest::RequestBuilder,
    limit: usize,
) -> Result<(reqwest::StatusCode, Vec<u8>), LinkError> {
    let unreachable = |error: reqwest::Error| LinkError::Unreachable(error.to_string());
    let mut response = request.send().await.map_err(unreachable)?;
    let status = response.status();
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(unreachable)? {
        if body.len() + chunk.len() > limit {
            return Err(LinkError::Unreachable("the answer is too large".into()));
        }
        body.extend_from_slice(&chunk);
    }
    Ok((status, body))
}
