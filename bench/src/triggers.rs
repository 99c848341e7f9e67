//! The trigger functions the bench's server calls, served by the bench itself over the
//! Lambda Invoke API (the server signs each call; nothing here checks it): `instant`, a
//! pre token generation function that adds a claim and answers at once, so what is
//! measured is Cognate's own cost of a trigger; and `dead`, which never answers, so what is
//! measured is what a dead function costs everyone else.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use serde_json::{Value, json};

use crate::Fail;
use crate::cognito::call;

/// The key pair the bench's server signs its Lambda calls with.
pub const LAMBDA_KEY_ID: &str = "BENCHLAMBDAKEYID01";
pub const LAMBDA_SECRET: &str = "BenchLambdaSecretNotForProduction01";

/// Calls the `instant` function answered: the sign-ins measured with it must each have
/// called it once.
static INSTANT_CALLS: AtomicU64 = AtomicU64::new(0);

pub fn instant_calls() -> u64 {
    INSTANT_CALLS.load(Ordering::Relaxed)
}

/// The ARN of the bench's function `name`.
pub fn arn(name: &str) -> String {
    format!("arn:aws:lambda:us-east-1:123456789012:function:{name}")
}

/// Starts the functions on a loopback port; their Invoke API's base URL.
pub async fn start() -> Result<String, Fail> {
    let router = axum::Router::new().route(
        "/2015-03-31/functions/{name}/invocations",
        axum::routing::post(invoke),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    tokio::spawn(async move { axum::serve(listener, router).await });
    Ok(format!("http://{address}"))
}

async fn invoke(
    axum::extract::Path(name): axum::extract::Path<String>,
    body: axum::body::Bytes,
) -> axum::Json<Value> {
    let mut event: Value = serde_json::from_slice(&body).unwrap_or_default();
    if name.ends_with(":dead") || name.ends_with("%3Adead") {
        tokio::time::sleep(Duration::from_secs(600)).await;
    } else {
        INSTANT_CALLS.fetch_add(1, Ordering::Relaxed);
    }
    event["response"] = json!({
        "claimsOverrideDetails": { "claimsToAddOrOverride": { "tier": "gold" } }
    });
    axum::Json(event)
}

/// Sets the pool's `LambdaConfig` (its email stays auto-verified, as the bench made it).
pub async fn set(
    http: &reqwest::Client,
    base: &str,
    pool_id: &str,
    lambda_config: Value,
) -> Result<(), Fail> {
    call(
        http,
        base,
        "UpdateUserPool",
        &json!({"UserPoolId": pool_id, "AutoVerifiedAttributes": ["email"],
                "LambdaConfig": lambda_config}),
        true,
    )
    .await?;
    Ok(())
}
