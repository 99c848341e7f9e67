//! The load itself: each request a user or app makes, sent by a fixed number of
//! connections back to back (closed loop) or at a fixed rate (open loop). Every run stops
//! at its request limit or its time limit, whichever comes first.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use hdrhistogram::Histogram;
use serde::Serialize;
use serde_json::json;
use tokio::task::JoinSet;

use crate::cognito::{CONTENT_TYPE, target};

/// The password every bench user has; it meets the default password policy.
pub const PASSWORD: &str = "Bench-Passw0rd!";

/// What one request is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Request {
    /// Cognito `SignUp` of a new user (argon2id hash, SRP verifier, code email).
    SignUp,
    /// Cognito `InitiateAuth` USER_PASSWORD_AUTH.
    InitiateAuth,
    /// The hosted login form posted as a browser posts it (`/api/sign_in`).
    HostedLogin,
    /// Cognito `InitiateAuth` REFRESH_TOKEN_AUTH.
    RefreshApi,
    /// `/oauth2/token` with `grant_type=refresh_token`.
    RefreshOAuth,
    /// `GET /api/demo/notes` with a bearer access token (verified offline).
    Notes,
    /// `GET /health`, the reference for what the HTTP stack alone serves.
    Health,
    /// An attacker: `InitiateAuth` with a wrong password for a name no one has, all from
    /// one client address. Any answer counts (it is refused one way or another).
    Flood,
    /// `InitiateAuth` with the right password for a user who is locked out: answered
    /// "Password attempts exceeded" without a hash.
    LockedOut,
    /// A sign-in with an authenticator app: `InitiateAuth` (the password), then
    /// `RespondToAuthChallenge` `SOFTWARE_TOKEN_MFA` with the app's current code.
    TotpSignIn,
    /// A passkey sign-in: `InitiateAuth` USER_AUTH preferring `WEB_AUTHN`, the
    /// authenticator's ES256 assertion, `RespondToAuthChallenge` `WEB_AUTHN`.
    PasskeySignIn,
}

/// The code an authenticator app with `secret` (base32) shows `ahead` seconds from now.
pub fn totp_code(secret: &str, ahead: u64) -> Option<String> {
    let bytes = totp_rs::Secret::Encoded(secret.to_string())
        .to_bytes()
        .ok()?;
    let totp = totp_rs::TOTP::new_unchecked(totp_rs::Algorithm::SHA1, 6, 0, 30, bytes);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    Some(totp.generate(now + ahead))
}

/// The one client address the flood comes from.
pub const ATTACKER: &str = "203.0.113.66";

/// The client address of request `i` of a legitimate user: a new one per request (the
/// server believes `X-Forwarded-For` from loopback in the bench, as behind a proxy).
fn user_address(i: u64) -> String {
    format!("10.{}.{}.{}", (i >> 16) & 255, (i >> 8) & 255, i & 255)
}

/// What every request needs: the server, the app client and the seeded users' tokens.
pub struct Target {
    pub http: reqwest::Client,
    pub base: String,
    pub client_id: String,
    /// A tag that makes this run's sign-up usernames new.
    pub run: String,
    pub users: Vec<String>,
    pub refresh_tokens: Vec<String>,
    pub access_tokens: Vec<String>,
    /// A user kept locked out, for the lockout path's cost.
    pub locked: Option<String>,
    /// Users with an authenticator app, and its secret: each signs in once.
    pub totp_users: Vec<(String, String)>,
    /// Users with a passkey, held by a software authenticator, and the client that signs
    /// them in (USER_AUTH).
    pub passkey_users: Vec<(String, crate::passkeys::SoftKey)>,
    pub passkey_client: String,
    sign_ups: AtomicU64,
}

impl Target {
    pub fn new(http: reqwest::Client, base: String, client_id: String, run: String) -> Self {
        Self {
            http,
            base,
            client_id,
            run,
            users: Vec::new(),
            refresh_tokens: Vec::new(),
            access_tokens: Vec::new(),
            locked: None,
            totp_users: Vec::new(),
            passkey_users: Vec::new(),
            passkey_client: String::new(),
            sign_ups: AtomicU64::new(0),
        }
    }

    /// The username of the `n`th sign-up of this run.
    pub fn sign_up_name(&self, n: u64) -> String {
        format!("bench-{}-{n}", self.run)
    }

    /// How many sign-ups were sent (their usernames are `sign_up_name(0..n)`).
    pub fn sign_ups_sent(&self) -> u64 {
        self.sign_ups.load(Ordering::Relaxed)
    }

    /// A sign-in of the `i`th authenticator user: the password, then the code of the next
    /// time step (always newer than the one the set-up used, and within the server's skew).
    async fn totp_sign_in(&self, i: u64) -> bool {
        let Some((username, secret)) = self.totp_users.get(i as usize) else {
            return false;
        };
        let from = user_address(i);
        let call = |operation: &str, body: serde_json::Value| {
            self.http
                .post(format!("{}/", self.base))
                .header("content-type", CONTENT_TYPE)
                .header("x-amz-target", target(operation))
                .header("x-forwarded-for", from.clone())
                .body(body.to_string())
                .send()
        };
        let started = call(
            "InitiateAuth",
            json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": self.client_id,
                   "AuthParameters": {"USERNAME": username, "PASSWORD": PASSWORD}}),
        )
        .await;
        let Ok(started) = started else { return false };
        let Ok(started) = started.json::<serde_json::Value>().await else {
            return false;
        };
        let (Some(session), Some(code)) = (started["Session"].as_str(), totp_code(secret, 30))
        else {
            return false;
        };
        let answered = call(
            "RespondToAuthChallenge",
            json!({"ClientId": self.client_id, "ChallengeName": "SOFTWARE_TOKEN_MFA",
                   "Session": session,
                   "ChallengeResponses": {"USERNAME": username, "SOFTWARE_TOKEN_MFA_CODE": code}}),
        )
        .await;
        let Ok(answered) = answered else { return false };
        let ok = answered.status().is_success();
        answered.bytes().await.is_ok() && ok
    }

    async fn passkey_sign_in(&self, i: u64) -> bool {
        let Some((username, key)) = self
            .passkey_users
            .get(i as usize % self.passkey_users.len().max(1))
        else {
            return false;
        };
        let from = user_address(i);
        let call = |operation: &str, body: serde_json::Value| {
            self.http
                .post(format!("{}/", self.base))
                .header("content-type", CONTENT_TYPE)
                .header("x-amz-target", target(operation))
                .header("x-forwarded-for", from.clone())
                .body(body.to_string())
                .send()
        };
        let started = call(
            "InitiateAuth",
            json!({"AuthFlow": "USER_AUTH", "ClientId": self.passkey_client,
                   "AuthParameters": {"USERNAME": username, "PREFERRED_CHALLENGE": "WEB_AUTHN"}}),
        )
        .await;
        let Ok(started) = started else { return false };
        let Ok(started) = started.json::<serde_json::Value>().await else {
            return false;
        };
        let (Some(session), Some(options)) = (
            started["Session"].as_str(),
            started["ChallengeParameters"]["CREDENTIAL_REQUEST_OPTIONS"].as_str(),
        ) else {
            return false;
        };
        let Ok(options) = serde_json::from_str(options) else {
            return false;
        };
        let Some(credential) = key.assert(options).await else {
            return false;
        };
        let answered = call(
            "RespondToAuthChallenge",
            json!({"ClientId": self.passkey_client, "ChallengeName": "WEB_AUTHN",
                   "Session": session,
                   "ChallengeResponses": {"USERNAME": username,
                                          "CREDENTIAL": credential.to_string()}}),
        )
        .await;
        let Ok(answered) = answered else { return false };
        let ok = answered.status().is_success();
        answered.bytes().await.is_ok() && ok
    }

    /// Sends request `i` of `kind`; whether it succeeded as a user would see it.
    pub async fn send(&self, kind: Request, i: u64) -> bool {
        if kind == Request::TotpSignIn {
            return self.totp_sign_in(i).await;
        }
        if kind == Request::PasskeySignIn {
            return self.passkey_sign_in(i).await;
        }
        let pick = |list: &[String]| list[(i as usize) % list.len().max(1)].clone();
        let from = match kind {
            Request::Flood => ATTACKER.to_string(),
            _ => user_address(i),
        };
        let api = |operation: &str, body: serde_json::Value| {
            self.http
                .post(format!("{}/", self.base))
                .header("content-type", CONTENT_TYPE)
                .header("x-amz-target", target(operation))
                .body(body.to_string())
        };
        let request = match kind {
            Request::SignUp => {
                let n = self.sign_ups.fetch_add(1, Ordering::Relaxed);
                let name = self.sign_up_name(n);
                api(
                    "SignUp",
                    json!({"ClientId": self.client_id, "Username": name, "Password": PASSWORD,
                           "UserAttributes": [{"Name": "email", "Value": format!("{name}@example.com")}]}),
                )
            }
            Request::InitiateAuth => api(
                "InitiateAuth",
                json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": self.client_id,
                       "AuthParameters": {"USERNAME": pick(&self.users), "PASSWORD": PASSWORD}}),
            ),
            Request::RefreshApi => api(
                "InitiateAuth",
                json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": self.client_id,
                       "AuthParameters": {"REFRESH_TOKEN": pick(&self.refresh_tokens)}}),
            ),
            Request::HostedLogin => self
                .http
                .post(format!("{}/api/sign_in", self.base))
                .header("accept", "text/html")
                .header("origin", &self.base)
                .header("sec-fetch-site", "same-origin")
                .form(&[
                    ("client_id", self.client_id.as_str()),
                    ("username", pick(&self.users).as_str()),
                    ("password", PASSWORD),
                    ("next", "/demo"),
                ]),
            Request::RefreshOAuth => self
                .http
                .post(format!("{}/oauth2/token", self.base))
                .form(&[
                    ("grant_type", "refresh_token"),
                    ("client_id", self.client_id.as_str()),
                    ("refresh_token", pick(&self.refresh_tokens).as_str()),
                ]),
            Request::Notes => self
                .http
                .get(format!("{}/api/demo/notes", self.base))
                .bearer_auth(pick(&self.access_tokens)),
            Request::Health | Request::TotpSignIn | Request::PasskeySignIn => {
                self.http.get(format!("{}/health", self.base))
            }
            Request::Flood => api(
                "InitiateAuth",
                json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": self.client_id,
                       "AuthParameters": {"USERNAME": format!("intruder-{i}"), "PASSWORD": "Wrong-Pass-0"}}),
            ),
            Request::LockedOut => api(
                "InitiateAuth",
                json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": self.client_id,
                       "AuthParameters": {"USERNAME": self.locked.clone().unwrap_or_default(),
                                          "PASSWORD": PASSWORD}}),
            ),
        };
        let Ok(response) = request.header("x-forwarded-for", from).send().await else {
            return false;
        };
        let status = response.status();
        let session = response.headers().contains_key("set-cookie");
        // Read the body, as a client does, so the connection is reused.
        let body = response.bytes().await;
        match kind {
            // A signed-in browser is sent on with a session cookie; a failed sign-in shows
            // the form again.
            Request::HostedLogin => status.is_redirection() && session && body.is_ok(),
            // The attacker is answered, one way or another, and never let in.
            Request::Flood => status.is_client_error() && body.is_ok(),
            Request::LockedOut => {
                status.as_u16() == 400
                    && body.is_ok_and(|b| {
                        String::from_utf8_lossy(&b).contains("Password attempts exceeded")
                    })
            }
            _ => status.is_success() && body.is_ok(),
        }
    }
}

/// When a run stops.
#[derive(Clone, Copy, Debug)]
pub struct Limit {
    pub requests: u64,
    pub time: Duration,
}

/// One run's figures.
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    pub concurrency: usize,
    pub requests: u64,
    pub errors: u64,
    pub seconds: f64,
    pub per_second: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

fn histogram() -> Histogram<u64> {
    // Microseconds from 1 µs to 10 minutes, 3 significant digits.
    Histogram::new_with_bounds(1, 600_000_000, 3).expect("valid histogram bounds")
}

fn micros(elapsed: Duration) -> u64 {
    u64::try_from(elapsed.as_micros())
        .unwrap_or(u64::MAX)
        .max(1)
}

fn outcome(concurrency: usize, latencies: &Histogram<u64>, errors: u64, took: Duration) -> Outcome {
    let requests = latencies.len();
    let seconds = took.as_secs_f64();
    Outcome {
        concurrency,
        requests,
        errors,
        seconds,
        per_second: (requests - errors) as f64 / seconds.max(1e-9),
        p50_ms: latencies.value_at_quantile(0.50) as f64 / 1e3,
        p99_ms: latencies.value_at_quantile(0.99) as f64 / 1e3,
    }
}

/// `concurrency` connections, each sending its next request as soon as the last answers.
pub async fn closed_loop(
    target: &Arc<Target>,
    kind: Request,
    concurrency: usize,
    limit: Limit,
) -> Outcome {
    let issued = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let mut workers = JoinSet::new();
    for _ in 0..concurrency {
        let target = Arc::clone(target);
        let issued = Arc::clone(&issued);
        workers.spawn(async move {
            let mut latencies = histogram();
            let mut errors = 0;
            loop {
                let i = issued.fetch_add(1, Ordering::Relaxed);
                if i >= limit.requests || start.elapsed() >= limit.time {
                    break;
                }
                let sent = Instant::now();
                if !target.send(kind, i).await {
                    errors += 1;
                }
                let _ = latencies.record(micros(sent.elapsed()));
            }
            (latencies, errors)
        });
    }
    let mut latencies = histogram();
    let mut errors = 0;
    while let Some(done) = workers.join_next().await {
        if let Ok((worker, worker_errors)) = done {
            let _ = latencies.add(&worker);
            errors += worker_errors;
        }
    }
    outcome(concurrency, &latencies, errors, start.elapsed())
}

/// Requests started at a steady `rate` per second, whether or not earlier ones have
/// answered; latency counts from when each was due, so a server that falls behind shows
/// it (no coordinated omission). At most `max_in_flight` are outstanding.
pub async fn open_loop(
    target: &Arc<Target>,
    kind: Request,
    rate: f64,
    limit: Limit,
    max_in_flight: usize,
) -> Outcome {
    let start = Instant::now();
    let interval = Duration::from_secs_f64(1.0 / rate.max(0.1));
    let mut running = JoinSet::new();
    let mut latencies = histogram();
    let mut errors = 0;
    let mut collect = |done: Result<(bool, Duration), tokio::task::JoinError>| {
        if let Ok((ok, took)) = done {
            let _ = latencies.record(micros(took));
            if !ok {
                errors += 1;
            }
        }
    };
    let mut i = 0;
    while i < limit.requests {
        let due = start + interval * u32::try_from(i).unwrap_or(u32::MAX);
        if due.duration_since(start) >= limit.time {
            break;
        }
        tokio::time::sleep_until(due.into()).await;
        while running.len() >= max_in_flight {
            if let Some(done) = running.join_next().await {
                collect(done);
            }
        }
        let target = Arc::clone(target);
        running.spawn(async move {
            let ok = target.send(kind, i).await;
            (ok, due.elapsed())
        });
        i += 1;
    }
    while let Some(done) = running.join_next().await {
        collect(done);
    }
    outcome(0, &latencies, errors, start.elapsed())
}
