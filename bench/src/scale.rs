//! The keyed calls on a pool of one user, then on the same pool with 100,000 more (copies of
//! that user, written by `cognate bench-seed` in batches rather than through 100,000
//! password hashes): each call's median after, as a ratio to its median before. A lookup
//! that reads the pool's users shows here as a ratio far above one.

use std::path::Path;
use std::time::Instant;

use serde::Serialize;
use serde_json::{Value, json};

use crate::Fail;
use crate::cognito;
use crate::load::PASSWORD;
use crate::server::Server;

/// Users added to the pool of one.
pub const ADDED: u32 = 100_000;
const USERNAME: &str = "scale-user";

/// One call's median before and after the pool grew.
#[derive(Clone, Debug, Serialize)]
pub struct ScaledCall {
    pub name: &'static str,
    pub calls: usize,
    pub p50_ms_one_user: f64,
    pub p50_ms_large_pool: f64,
    pub ratio: f64,
}

/// What the scale step found on one store.
#[derive(Clone, Debug, Serialize)]
pub struct Scale {
    pub users_after: u32,
    pub seed_seconds: f64,
    pub calls: Vec<ScaledCall>,
}

impl Scale {
    /// The highest ratio of the calls.
    pub fn worst(&self) -> f64 {
        self.calls.iter().map(|c| c.ratio).fold(0.0, f64::max)
    }
}

/// The calls measured, each with how many times.
struct Call {
    name: &'static str,
    calls: usize,
    operation: &'static str,
    signed: bool,
    body: Value,
}

fn calls(pool_id: &str, client_id: &str) -> Vec<Call> {
    vec![
        Call {
            name: "AdminGetUser",
            calls: 300,
            operation: "AdminGetUser",
            signed: true,
            body: json!({"UserPoolId": pool_id, "Username": USERNAME}),
        },
        Call {
            name: "InitiateAuth USER_PASSWORD_AUTH",
            calls: 60,
            operation: "InitiateAuth",
            signed: false,
            body: json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client_id,
                         "AuthParameters": {"USERNAME": USERNAME, "PASSWORD": PASSWORD}}),
        },
        Call {
            name: "ListUsers email ^=",
            calls: 300,
            operation: "ListUsers",
            signed: true,
            body: json!({"UserPoolId": pool_id, "Filter": format!("email ^= \"{USERNAME}@\"")}),
        },
    ]
}

/// A new pool with one user, its calls measured; then [`ADDED`] more users; the same calls
/// again.
pub async fn measure(
    http: &reqwest::Client,
    server: &Server,
    binary: &Path,
    workdir: &Path,
) -> Result<Scale, Fail> {
    let base = &server.base;
    let (pool_id, client_id) = crate::create_pool_and_client(http, base).await?;
    cognito::call(
        http,
        base,
        "AdminCreateUser",
        &json!({"UserPoolId": pool_id, "Username": USERNAME, "MessageAction": "SUPPRESS",
                "UserAttributes": [{"Name": "email", "Value": format!("{USERNAME}@example.com")},
                                   {"Name": "email_verified", "Value": "true"}]}),
        true,
    )
    .await?;
    cognito::call(
        http,
        base,
        "AdminSetUserPassword",
        &json!({"UserPoolId": pool_id, "Username": USERNAME, "Password": PASSWORD,
                "Permanent": true}),
        true,
    )
    .await?;
    let calls = calls(&pool_id, &client_id);
    let mut before = Vec::new();
    for call in &calls {
        before.push(median_ms(http, base, call).await?);
    }

    let started = Instant::now();
    let output = server
        .command(binary, workdir)
        .args(["bench-seed", "--pool", &pool_id, "--like", USERNAME])
        .args(["--count", &ADDED.to_string()])
        .output()
        .map_err(|e| format!("bench-seed: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "bench-seed failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        )
        .into());
    }
    let seed_seconds = started.elapsed().as_secs_f64();

    let mut measured = Vec::new();
    for (call, before) in calls.iter().zip(before) {
        let after = median_ms(http, base, call).await?;
        measured.push(ScaledCall {
            name: call.name,
            calls: call.calls,
            p50_ms_one_user: before,
            p50_ms_large_pool: after,
            ratio: after / before.max(1e-9),
        });
    }
    Ok(Scale {
        users_after: ADDED + 1,
        seed_seconds,
        calls: measured,
    })
}

/// The median of `call.calls` calls one after another (after five unmeasured), each from
/// an address of its own (the per-address limits are not what is measured).
async fn median_ms(http: &reqwest::Client, base: &str, call: &Call) -> Result<f64, Fail> {
    let mut samples = Vec::with_capacity(call.calls);
    for n in 0..call.calls + 5 {
        let from = format!("10.254.{}.{}", n / 256, n % 256);
        let started = Instant::now();
        let answer = cognito::call_from(
            http,
            base,
            call.operation,
            &call.body,
            call.signed,
            Some(&from),
        )
        .await?;
        let took = started.elapsed().as_secs_f64() * 1e3;
        if call.operation == "ListUsers" && answer["Users"].as_array().is_none_or(Vec::is_empty) {
            return Err("ListUsers did not find the user".into());
        }
        if n >= 5 {
            samples.push(took);
        }
    }
    samples.sort_by(f64::total_cmp);
    Ok(samples[samples.len() / 2])
}
