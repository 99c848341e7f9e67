//! The `cognate` binary: load settings, start logging, serve until SIGINT or SIGTERM.

use std::fmt::Display;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use server::adapters::store::Database;
use server::plumbing::config::{LogFormat, Settings};
use server::plumbing::startup::{Application, shutdown_signal};
use server::plumbing::telemetry;
use server::pool::passwords::{self, OWASP};
use server::pool::{PoolId, Sub, User, fold};

/// A self-hosted Amazon Cognito user pool.
#[derive(Parser)]
#[command(name = "cognate", version, about)]
struct Cli {
    /// Configuration file [default: ./cognate.toml, if present]
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Log one JSON object per line (the same as `log.format = "json"`)
    #[arg(long)]
    log_json: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
#[allow(
    clippy::enum_variant_names,
    reason = "the subcommands are named as typed: bench-hash, bench-breached, bench-seed"
)]
enum Command {
    /// Measure this machine's password-verify rate with the server's own argon2id
    /// settings and print it as JSON (the sign-in limit `make bench` reports against)
    BenchHash {
        /// Stop each measurement after this many seconds...
        #[arg(long, default_value_t = 3.0)]
        seconds: f64,
        /// ...or this many verifies per thread, whichever comes first
        #[arg(long, default_value_t = 300)]
        max_verifies: u32,
    },
    /// Time a breached-password check in the built-in corpus and in a generated file of
    /// LINES hashes in Have I Been Pwned's format (written to FILE once, reused after), and
    /// print it as JSON
    BenchBreached {
        /// Where the generated corpus is kept
        #[arg(long)]
        file: PathBuf,
        /// How many hashes it holds
        #[arg(long, default_value_t = 100_000_000)]
        lines: u64,
        /// How many checks are timed
        #[arg(long, default_value_t = 100_000)]
        checks: u32,
    },
    /// Copy one user of a pool under other names, in batches without hashing (the large
    /// pool `make bench` measures lookups in); uses the configured database
    BenchSeed {
        /// The user pool's id
        #[arg(long)]
        pool: String,
        /// The username of the user to copy (password, status and attributes)
        #[arg(long)]
        like: String,
        /// How many copies
        #[arg(long)]
        count: u32,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(Command::BenchHash {
        seconds,
        max_verifies,
    }) = cli.command
    {
        return bench_hash(seconds, max_verifies);
    }
    if let Some(Command::BenchBreached {
        file,
        lines,
        checks,
    }) = &cli.command
    {
        return match server::adapters::breached::bench_corpus(file, *lines, *checks) {
            Ok(measured) => {
                println!("{}", serde_json::json!(measured));
                ExitCode::SUCCESS
            }
            Err(error) => fail(format_args!("bench-breached: {error}")),
        };
    }
    let settings = match Settings::load(cli.config.as_deref()) {
        Ok(settings) => settings,
        Err(error) => return fail(error),
    };
    if let Some(Command::BenchSeed { pool, like, count }) = &cli.command {
        return bench_seed(&settings, pool, like, *count);
    }
    let format = if cli.log_json {
        LogFormat::Json
    } else {
        settings.log.format
    };
    telemetry::init(&settings.log, format);

    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => return fail(format_args!("cannot start the async runtime: {error}")),
    };
    runtime.block_on(async {
        let app = match Application::build(settings).await {
            Ok(app) => app,
            Err(error) => return fail(error),
        };
        let defaults = app.default_pool();
        tracing::info!(
            pool_id = %defaults.pool.id,
            client_id = %defaults.client.id,
            login_url = %app.login_url(),
            "{} default user pool and app client",
            if defaults.created { "created the" } else { "using the" },
        );
        tracing::info!(address = %app.local_addr(), "listening");
        match app.run_until_stopped(shutdown_signal()).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => fail(format_args!("server stopped: {error}")),
        }
    })
}

fn bench_hash(seconds: f64, max_verifies: u32) -> ExitCode {
    let Ok(budget) = std::time::Duration::try_from_secs_f64(seconds) else {
        return fail("--seconds must be a positive number");
    };
    match passwords::measure_verify_rate(OWASP, budget, max_verifies) {
        Ok(rate) => {
            let one = rate.one_verify.as_secs_f64();
            let report = serde_json::json!({
                "algorithm": "argon2id",
                "memory_kib": OWASP.memory_kib,
                "iterations": OWASP.iterations,
                "parallelism": OWASP.parallelism,
                "cores": rate.cores,
                "one_verify_ms": one * 1e3,
                "one_core_per_second": 1.0 / one,
                "limit_per_second": rate.cores as f64 / one,
                "all_cores_measured_per_second": rate.all_cores_per_second,
            });
            println!("{report}");
            ExitCode::SUCCESS
        }
        Err(error) => fail(format_args!("bench-hash: {error}")),
    }
}

fn bench_seed(settings: &Settings, pool: &str, like: &str, count: u32) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => return fail(format_args!("cannot start the async runtime: {error}")),
    };
    let seeded = runtime.block_on(async {
        let url = settings.database_url();
        // More than one: on PostgreSQL the store's listener holds a connection of its own.
        let database = Database::open(&url, 4).await.map_err(|e| e.to_string())?;
        let store = database.store();
        let pool = PoolId::parse(pool).ok_or("--pool is not a user pool id")?;
        let template = store
            .find_user(&pool, &fold(like))
            .await
            .map_err(|e| e.to_string())?
            .ok_or("--like names no user of that pool")?;
        let copies: Vec<User> = (0..count).map(|n| copy_of(&template, n)).collect();
        store
            .insert_users(&copies)
            .await
            .map_err(|e| format!("the copies were not stored: {e}"))?;
        database.close().await;
        Ok::<_, String>(copies.len())
    });
    match seeded {
        Ok(n) => {
            println!("{{\"seeded\":{n}}}");
            ExitCode::SUCCESS
        }
        Err(error) => fail(format_args!("bench-seed: {error}")),
    }
}

/// The `n`th copy of `template`: a new `sub`, username and email (the domain part kept),
/// no phone number (it would have to be unique).
fn copy_of(template: &User, n: u32) -> User {
    let mut user = template.clone();
    user.sub = Sub::generate();
    user.username = format!("{}-copy-{n}", template.username);
    if let Some(email) = template.email() {
        let domain = email.rsplit_once('@').map_or("example.com", |(_, d)| d);
        user.attributes
            .insert("email".into(), format!("{}@{domain}", user.username));
    }
    user.attributes.remove("phone_number");
    user.attributes.remove("phone_number_verified");
    user
}

/// Prints one line naming the problem and returns a failing exit code.
fn fail(error: impl Display) -> ExitCode {
    let line = error.to_string().replace('\n', " ");
    eprintln!("cognate: {line}");
    ExitCode::FAILURE
}
