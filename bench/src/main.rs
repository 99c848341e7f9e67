//! `make bench`: measures Cognate against this machine's own limits in one run — the
//! password-hash bound, sign-ins, sign-ups, refreshes, the protected API and `/health`,
//! memory and the hydrate bundle's size — on SQLite and again on PostgreSQL, with how soon
//! one node sees another's sign-out, and writes a table, JSON and an SVG plot.
//!
//! The load comes from this separate process over loopback, on the same machine as the
//! server, so both share its cores; figures are ratios within the run, never absolutes.

mod cognito;
mod load;
mod passkeys;
mod postgres;
mod report;
mod scale;
mod server;
mod staleness;
mod triggers;

use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use clap::Parser;
use serde_json::{Value, json};

use crate::load::{Limit, Outcome, PASSWORD, Request, Target, closed_loop, open_loop};
use crate::report::{Machine, Phase, Results, StoreRun};
use crate::server::{Node, Server};

/// Any failure: said in one line, and the bench exits non-zero.
pub type Fail = Box<dyn std::error::Error + Send + Sync>;

#[derive(Parser)]
#[command(name = "cognate-bench", about)]
struct Cli {
    /// The release server binary
    #[arg(long, default_value = "target/release/cognate")]
    server: PathBuf,
    /// The built site (for the hydrate bundle's size)
    #[arg(long, default_value = "target/site")]
    site: PathBuf,
    /// Where the dated table, JSON and SVG go
    #[arg(long, default_value = "bench/results")]
    out: PathBuf,
    /// The README whose benchmark section is replaced with this run's table
    #[arg(long, default_value = "README.md")]
    readme: PathBuf,
    /// Seconds per measured step (each also stops at its request limit)
    #[arg(long, default_value_t = 5.0)]
    seconds: f64,
}

/// Concurrency levels of the hash-bound sign-ins.
pub const SIGN_IN_LEVELS: &[usize] = &[1, 2, 4, 8, 16];
/// Concurrency levels of the cheap requests.
pub const FAST_LEVELS: &[usize] = &[1, 8, 64];

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    match run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("bench: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), Fail> {
    let step =
        Duration::try_from_secs_f64(cli.seconds).map_err(|_| "--seconds must be positive")?;
    let machine = Machine::describe(&cli.server);
    say(&format!(
        "{} on {} ({} cores)",
        machine.cognate, machine.cpu, machine.cores
    ));

    // 1. The hash-bound limit, by the server binary itself, before anything else runs.
    let hash = bench_hash(&cli.server)?;
    let limit = hash["limit_per_second"]
        .as_f64()
        .ok_or("bench-hash gave no limit")?;
    let one_verify_ms = hash["one_verify_ms"]
        .as_f64()
        .ok_or("bench-hash gave no verify time")?;
    say(&format!(
        "hash-bound limit: {limit:.1} sign-ins/s ({} cores x 1 / {one_verify_ms:.1} ms)",
        machine.cores
    ));

    // The breached-password check, on a corpus of 100 million hashes written once.
    let corpus = std::env::current_dir()?.join("target/bench-data/pwned-100m.txt");
    if let Some(dir) = corpus.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let breached = bench_breached(&cli.server, &corpus)?;
    say(&format!(
        "breached-password check: p50 {} µs in {} lines",
        breached["file_p50_us"], breached["lines"]
    ));

    // 2–6. Every step on the default store, SQLite, then the same steps on PostgreSQL.
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(1024)
        .build()?;
    let workdir = std::env::current_dir()?;
    let functions = triggers::start().await?;
    say("— on SQLite (the default store)");
    let sqlite = measure(
        &cli,
        &machine,
        step,
        &http,
        &workdir,
        &Node::alone("sqlite").with_functions(&functions),
    )
    .await?;
    let cluster = postgres::Cluster::start(&workdir)?;
    say("— on PostgreSQL (scripts/postgres.sh, a unix socket)");
    let url = cluster.database(&workdir, "bench")?;
    let postgres = measure(
        &cli,
        &machine,
        step,
        &http,
        &workdir,
        &Node::on("postgres", &url).with_functions(&functions),
    )
    .await?;
    // How soon a sign-out made on one node is refused by another.
    let url = cluster.database(&workdir, "nodes")?;
    let staleness = staleness::measure(&cli.server, &workdir, &http, &url).await?;
    say(&format!(
        "sign-out seen by the other node: p50 {:.1} ms, max {:.1} ms over {} ({} s bound)",
        staleness.p50_ms, staleness.max_ms, staleness.samples, staleness.bound_seconds
    ));
    drop(cluster);

    // 7. The hydrate bundle as served, per group of pages.
    let bundles = report::bundles(&cli.site)?;

    let results = Results {
        machine,
        hash,
        limit_per_second: limit,
        one_verify_ms,
        idle_rss: sqlite.idle_rss,
        sign_in_peak_rss: sqlite.sign_in_peak_rss,
        peak_rss: sqlite.peak_rss,
        bundles,
        phases: sqlite.phases,
        scale: sqlite.scale,
        postgres,
        staleness,
        breached,
    };
    let written = report::write(&results, &cli.out, &cli.readme)?;
    for path in written {
        say(&format!("wrote {}", path.display()));
    }
    // A figure with failed requests in it measures something else: the run fails.
    let failed: Vec<String> = results
        .phases
        .iter()
        .chain(&results.postgres.phases)
        .filter_map(|phase| {
            let errors: u64 = phase.outcomes.iter().map(|o| o.errors).sum();
            (errors > 0).then(|| format!("{}: {errors}", phase.name))
        })
        .collect();
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("requests failed ({})", failed.join(", ")).into())
    }
}

/// Keeps `username` locked out: a wrong password whenever the lock has run out, so each
/// lock is twice the last (Cognito's doubling), until the task is stopped.
/// Steps 2–6 on one server (`node` names its database): its memory idle and under load, and
/// every phase measured.
async fn measure(
    cli: &Cli,
    machine: &Machine,
    step: Duration,
    http: &reqwest::Client,
    workdir: &std::path::Path,
    node: &Node<'_>,
) -> Result<StoreRun, Fail> {
    // 2. The server on a fresh data directory; its memory before any load.
    let server = Server::start(&cli.server, workdir, http, node).await?;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let idle_rss = server.rss();
    say(&format!(
        "server up at {}; idle RSS {} MB",
        server.base,
        mb(idle_rss)
    ));

    // 3. A pool and app client of the bench's own, through the signed admin API.
    let (pool_id, client_id) = create_pool_and_client(http, &server.base).await?;
    let run_tag = format!("{}", std::process::id());
    let mut target = Target::new(
        http.clone(),
        server.base.clone(),
        client_id,
        run_tag.clone(),
    );

    let mut phases = Vec::new();

    // 4. Sign-ups: each hashes a password, makes the SRP verifier and writes a code email.
    let shared = Arc::new(target);
    let sign_ups = closed_loop(
        &shared,
        Request::SignUp,
        2 * machine.cores,
        Limit {
            requests: 3_000,
            time: step * 2,
        },
    )
    .await;
    say(&line("sign-ups", &sign_ups));
    phases.push(Phase::new("sign_up", "SignUp", vec![sign_ups]));
    let sent = shared.sign_ups_sent();
    target = Arc::try_unwrap(shared).map_err(|_| "the sign-up load still runs")?;

    // The users just made are confirmed by the administrator, as seeding.
    let users = confirm_all(http, &server.base, &pool_id, &target, sent).await;
    if users.is_empty() {
        return Err("no sign-up succeeded; see the server log".into());
    }
    say(&format!("{} users confirmed", users.len()));
    target.users = users;
    let (refresh_tokens, access_tokens) = sign_in_some(http, &target, 32).await?;
    target.refresh_tokens = refresh_tokens;
    target.access_tokens = access_tokens;
    // One user is kept locked out from now on (its lock doubles while the sweeps run),
    // and signs in no more.
    target.locked = target.users.pop();
    let keeper = tokio::spawn(keep_locked(
        http.clone(),
        server.base.clone(),
        target.client_id.clone(),
        target.locked.clone().unwrap_or_default(),
    ));
    let target = Arc::new(target);

    // 5. Sign-ins, over the concurrency sweep, with memory sampled throughout.
    let sampler = server.sample_peak();
    let initiate = sweep(&target, Request::InitiateAuth, SIGN_IN_LEVELS, step, 2_000).await;
    let hosted = sweep(&target, Request::HostedLogin, SIGN_IN_LEVELS, step, 2_000).await;
    // p99 at half the best sign-in load, offered at a steady rate (open loop).
    let best = best_of(&initiate).per_second;
    let half = open_loop(
        &target,
        Request::InitiateAuth,
        best / 2.0,
        Limit {
            requests: 2_000,
            time: step * 2,
        },
        4_096,
    )
    .await;
    say(&format!(
        "InitiateAuth at half load ({:.1}/s offered): {}",
        best / 2.0,
        line("", &half)
    ));
    let sign_in_peak_rss = sampler.stop().await.max(idle_rss);
    phases.push(Phase::new(
        "initiate_auth",
        "InitiateAuth USER_PASSWORD_AUTH",
        initiate,
    ));
    phases.push(Phase::new("hosted_login", "hosted login POST", hosted));
    phases.push(Phase::new(
        "initiate_auth_half_load",
        "InitiateAuth at half load",
        vec![half],
    ));

    // 5b. Legitimate sign-ins while one address floods wrong passwords, against the same
    // sign-ins alone at the same concurrency.
    let level = machine.cores.max(2);
    let measured = Limit {
        requests: 2_000,
        time: step,
    };
    let alone = closed_loop(&target, Request::InitiateAuth, level, measured).await;
    let flood_limit = Limit {
        requests: 1_000_000,
        time: step,
    };
    let (under_flood, flood) = tokio::join!(
        closed_loop(&target, Request::InitiateAuth, level, measured),
        closed_loop(&target, Request::Flood, 64, flood_limit),
    );
    say(&line("sign-ins alone", &alone));
    say(&line("sign-ins under a flood", &under_flood));
    say(&line("the flood", &flood));
    phases.push(Phase::new(
        "sign_in_alone",
        "InitiateAuth, no flood (same concurrency)",
        vec![alone],
    ));
    phases.push(Phase::new(
        "sign_in_under_flood",
        "InitiateAuth while one address floods",
        vec![under_flood],
    ));
    phases.push(Phase::new(
        "flood",
        "the flood: wrong passwords, one address",
        vec![flood],
    ));

    // 5c. Triggers, back to back at the same concurrency: sign-ins without a trigger, with
    // an instant pre token generation function, and beside another pool whose pre
    // authentication function never answers (its sign-ins, 64 at once, each wait out the
    // trigger's time and fail; they are not a phase of their own).
    let without = closed_loop(&target, Request::InitiateAuth, level, measured).await;
    let instant = json!({"PreTokenGeneration": triggers::arn("instant")});
    triggers::set(http, &server.base, &pool_id, instant).await?;
    let calls_before = triggers::instant_calls();
    let with_trigger = closed_loop(&target, Request::InitiateAuth, level, measured).await;
    triggers::set(http, &server.base, &pool_id, json!({})).await?;
    // Every sign-in measured with the trigger called it: else the row measures nothing.
    let called = triggers::instant_calls() - calls_before;
    let signed_in = with_trigger.requests - with_trigger.errors;
    if called < signed_in {
        return Err(format!("the trigger answered {called} calls for {signed_in} sign-ins").into());
    }
    let (dead_pool, dead_client) = create_pool_and_client(http, &server.base).await?;
    let dead = json!({"PreAuthentication": triggers::arn("dead")});
    triggers::set(http, &server.base, &dead_pool, dead).await?;
    let mut stuck = Target::new(
        http.clone(),
        server.base.clone(),
        dead_client,
        run_tag.clone(),
    );
    stuck.users = (0..64).map(|n| format!("someone-{n}")).collect();
    let stuck = Arc::new(stuck);
    let (beside_dead, _) = tokio::join!(
        closed_loop(&target, Request::InitiateAuth, level, measured),
        closed_loop(
            &stuck,
            Request::InitiateAuth,
            64,
            Limit {
                requests: 1_000_000,
                time: step,
            },
        ),
    );
    say(&line("sign-ins without a trigger", &without));
    say(&line("sign-ins with an instant trigger", &with_trigger));
    say(&line("sign-ins beside a dead function", &beside_dead));
    phases.push(Phase::new(
        "sign_in_without_trigger",
        "InitiateAuth, no trigger (same concurrency)",
        vec![without],
    ));
    phases.push(Phase::new(
        "sign_in_with_trigger",
        "InitiateAuth with an instant PreTokenGeneration function",
        vec![with_trigger],
    ));
    phases.push(Phase::new(
        "sign_in_beside_dead_function",
        "InitiateAuth while another pool's function never answers",
        vec![beside_dead],
    ));

    // 5d. The lockout path: every attempt on a locked user is refused without a hash.
    keeper.abort();
    let locked = sweep(&target, Request::LockedOut, FAST_LEVELS, step, 500_000).await;
    phases.push(Phase::new(
        "locked_out",
        "InitiateAuth of a locked-out user",
        locked,
    ));

    // 6. Refreshes and the protected API, with /health as the reference.
    for (key, name, kind) in [
        ("refresh_api", "REFRESH_TOKEN_AUTH", Request::RefreshApi),
        (
            "refresh_oauth",
            "/oauth2/token refresh_token",
            Request::RefreshOAuth,
        ),
        ("notes_api", "GET /api/demo/notes (bearer)", Request::Notes),
        ("health", "GET /health", Request::Health),
    ] {
        let outcomes = sweep(&target, kind, FAST_LEVELS, step, 500_000).await;
        phases.push(Phase::new(key, name, outcomes));
    }
    // 7. Sign-ins with an authenticator app (last: from here on these users need it).
    let mut target = Arc::try_unwrap(target).map_err(|_| "a load still runs")?;
    target.totp_users = with_authenticators(http, &server.base, &pool_id, &target, 600).await?;
    say(&format!(
        "{} users set up an authenticator",
        target.totp_users.len()
    ));
    let target = Arc::new(target);
    let totp = closed_loop(
        &target,
        Request::TotpSignIn,
        machine.cores.max(2) * 2,
        Limit {
            requests: target.totp_users.len() as u64,
            time: step,
        },
    )
    .await;
    say(&line("sign-ins with an authenticator code", &totp));
    phases.push(Phase::new(
        "totp_sign_in",
        "InitiateAuth + SOFTWARE_TOKEN_MFA",
        vec![totp],
    ));
    // 7b. Passkey sign-ins: no password hash, an ES256 signature checked instead.
    let mut target = Arc::try_unwrap(target).map_err(|_| "a load still runs")?;
    let (passkey_client, passkey_users) =
        passkeys::with_passkeys(http, &server.base, &pool_id, &target, 64).await?;
    target.passkey_client = passkey_client;
    target.passkey_users = passkey_users;
    say(&format!(
        "{} users added a passkey",
        target.passkey_users.len()
    ));
    let target = Arc::new(target);
    let passkey = sweep(
        &target,
        Request::PasskeySignIn,
        SIGN_IN_LEVELS,
        step,
        20_000,
    )
    .await;
    say(&line("sign-ins with a passkey", best_of(&passkey)));
    phases.push(Phase::new(
        "passkey_sign_in",
        "USER_AUTH + WEB_AUTHN (ES256)",
        passkey,
    ));
    // 8. Keyed calls on a pool of one user, then of 100,001.
    let scale = scale::measure(http, &server, &cli.server, workdir).await?;
    for call in &scale.calls {
        say(&format!(
            "{} at {} users: p50 {:.2} ms, at 1 user {:.2} ms: {:.2}x",
            call.name, scale.users_after, call.p50_ms_large_pool, call.p50_ms_one_user, call.ratio
        ));
    }
    let peak_rss = server.peak_rss();
    drop(server);
    Ok(StoreRun {
        idle_rss,
        sign_in_peak_rss,
        peak_rss,
        phases,
        scale,
    })
}

async fn keep_locked(http: reqwest::Client, base: String, client_id: String, username: String) {
    let body = json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client_id,
                      "AuthParameters": {"USERNAME": username, "PASSWORD": "Wrong-Pass-0"}});
    loop {
        let _ = http
            .post(format!("{base}/"))
            .header("content-type", cognito::CONTENT_TYPE)
            .header("x-amz-target", cognito::target("InitiateAuth"))
            .header("x-forwarded-for", "198.51.100.7")
            .body(body.to_string())
            .send()
            .await;
        // Under the per-address limit of sign-ins.
        tokio::time::sleep(Duration::from_millis(700)).await;
    }
}

fn say(text: &str) {
    println!("bench: {text}");
}

fn mb(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / 1_048_576.0)
}

fn line(name: &str, outcome: &Outcome) -> String {
    format!(
        "{name} c={} {:.1}/s p50 {:.1} ms p99 {:.1} ms ({} requests, {} errors)",
        outcome.concurrency,
        outcome.per_second,
        outcome.p50_ms,
        outcome.p99_ms,
        outcome.requests,
        outcome.errors
    )
}

/// The outcome with the highest throughput.
pub fn best_of(outcomes: &[Outcome]) -> &Outcome {
    outcomes
        .iter()
        .max_by(|a, b| a.per_second.total_cmp(&b.per_second))
        .expect("a sweep has at least one level")
}

async fn sweep(
    target: &Arc<Target>,
    kind: Request,
    levels: &[usize],
    step: Duration,
    max_requests: u64,
) -> Vec<Outcome> {
    // A short unmeasured run first, so connections and caches are warm.
    closed_loop(
        target,
        kind,
        levels[0],
        Limit {
            requests: 200,
            time: step / 5,
        },
    )
    .await;
    let mut outcomes = Vec::new();
    for &concurrency in levels {
        let outcome = closed_loop(
            target,
            kind,
            concurrency,
            Limit {
                requests: max_requests,
                time: step,
            },
        )
        .await;
        say(&line(&format!("{kind:?}"), &outcome));
        outcomes.push(outcome);
    }
    outcomes
}

fn bench_hash(binary: &std::path::Path) -> Result<Value, Fail> {
    let output = Command::new(binary)
        .args(["bench-hash", "--seconds", "3"])
        .output()
        .map_err(|e| format!("{} bench-hash: {e}", binary.display()))?;
    if !output.status.success() {
        return Err(format!(
            "bench-hash failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        )
        .into());
    }
    Ok(serde_json::from_slice(&output.stdout)?)
}

/// `cognate bench-breached` on the corpus at `corpus` (written on the first run, about
/// 5 GB, then reused).
fn bench_breached(binary: &std::path::Path, corpus: &std::path::Path) -> Result<Value, Fail> {
    let output = Command::new(binary)
        .arg("bench-breached")
        .arg("--file")
        .arg(corpus)
        .output()
        .map_err(|e| format!("{} bench-breached: {e}", binary.display()))?;
    if !output.status.success() {
        return Err(format!(
            "bench-breached failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        )
        .into());
    }
    Ok(serde_json::from_slice(&output.stdout)?)
}

/// A pool whose users sign up with a verified email and an app client allowed the
/// password, refresh and OAuth code flows; gives the pool id and the client id.
pub async fn create_pool_and_client(
    http: &reqwest::Client,
    base: &str,
) -> Result<(String, String), Fail> {
    let pool = cognito::call(
        http,
        base,
        "CreateUserPool",
        &json!({"PoolName": "bench", "AutoVerifiedAttributes": ["email"]}),
        true,
    )
    .await?;
    let pool_id = pool["UserPool"]["Id"]
        .as_str()
        .ok_or("CreateUserPool gave no id")?;
    let client = cognito::call(
        http,
        base,
        "CreateUserPoolClient",
        &json!({
            "UserPoolId": pool_id,
            "ClientName": "bench",
            "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            "AllowedOAuthFlowsUserPoolClient": true,
            "AllowedOAuthFlows": ["code"],
            "AllowedOAuthScopes": ["openid", "email"],
            "CallbackURLs": ["http://localhost/callback"],
            "SupportedIdentityProviders": ["COGNITO"],
        }),
        true,
    )
    .await?;
    let client_id = client["UserPoolClient"]["ClientId"]
        .as_str()
        .ok_or("CreateUserPoolClient gave no id")?;
    Ok((pool_id.to_string(), client_id.to_string()))
}

/// AdminConfirmSignUp for the first `sent` sign-ups; gives those that exist (a sign-up the
/// load counted as failed made no user).
async fn confirm_all(
    http: &reqwest::Client,
    base: &str,
    pool_id: &str,
    target: &Target,
    sent: u64,
) -> Vec<String> {
    let mut confirmed = Vec::new();
    for name in (0..sent).map(|n| target.sign_up_name(n)) {
        let body = json!({"UserPoolId": pool_id, "Username": name});
        // Cheap (no hashing), so one at a time.
        if cognito::call(http, base, "AdminConfirmSignUp", &body, true)
            .await
            .is_ok()
        {
            confirmed.push(name);
        }
    }
    confirmed
}

/// Turns on authenticator MFA for the pool (optional) and sets up an app for up to `count`
/// seeded users, 8 at a time: each signs in, associates a token and verifies a first code.
/// Gives each user with the app's secret.
async fn with_authenticators(
    http: &reqwest::Client,
    base: &str,
    pool_id: &str,
    target: &Target,
    count: usize,
) -> Result<Vec<(String, String)>, Fail> {
    let config = json!({"UserPoolId": pool_id, "MfaConfiguration": "OPTIONAL",
                        "SoftwareTokenMfaConfiguration": {"Enabled": true}});
    cognito::call(http, base, "SetUserPoolMfaConfig", &config, true).await?;
    let users: Vec<(usize, String)> = target
        .users
        .iter()
        .take(count)
        .cloned()
        .enumerate()
        .collect();
    let mut ready = Vec::new();
    for chunk in users.chunks(8) {
        let set_ups = chunk.iter().map(|(n, username)| async move {
            let from = format!("10.254.{}.{}", n / 256, n % 256);
            let signed_in = cognito::call_from(
                http,
                base,
                "InitiateAuth",
                &json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": target.client_id,
                        "AuthParameters": {"USERNAME": username, "PASSWORD": PASSWORD}}),
                false,
                Some(&from),
            )
            .await?;
            let access = signed_in["AuthenticationResult"]["AccessToken"]
                .as_str()
                .ok_or("no access token")?
                .to_string();
            let associated = cognito::call_from(
                http,
                base,
                "AssociateSoftwareToken",
                &json!({"AccessToken": access}),
                false,
                Some(&from),
            )
            .await?;
            let secret = associated["SecretCode"]
                .as_str()
                .ok_or("no secret")?
                .to_string();
            let code = load::totp_code(&secret, 0).ok_or("no code")?;
            cognito::call_from(
                http,
                base,
                "VerifySoftwareToken",
                &json!({"AccessToken": access, "UserCode": code}),
                false,
                Some(&from),
            )
            .await?;
            Ok::<_, Fail>((username.clone(), secret))
        });
        for outcome in futures::future::join_all(set_ups).await {
            ready.push(outcome?);
        }
    }
    Ok(ready)
}

/// Signs `count` users in through the API; gives their refresh and access tokens.
async fn sign_in_some(
    http: &reqwest::Client,
    target: &Target,
    count: usize,
) -> Result<(Vec<String>, Vec<String>), Fail> {
    let mut refresh = Vec::new();
    let mut access = Vec::new();
    for (n, username) in target.users.iter().take(count).enumerate() {
        let from = format!("10.255.{}.{}", n / 256, n % 256);
        let answer = cognito::call_from(
            http,
            &target.base,
            "InitiateAuth",
            &json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": target.client_id,
                    "AuthParameters": {"USERNAME": username, "PASSWORD": PASSWORD}}),
            false,
            Some(&from),
        )
        .await?;
        let result = &answer["AuthenticationResult"];
        refresh.push(
            result["RefreshToken"]
                .as_str()
                .ok_or("no refresh token")?
                .to_string(),
        );
        access.push(
            result["AccessToken"]
                .as_str()
                .ok_or("no access token")?
                .to_string(),
        );
    }
    Ok((refresh, access))
}
