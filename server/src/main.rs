//! The `cognate` binary: load settings, start logging, serve until SIGINT or SIGTERM.

use std::fmt::Display;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use server::config::{LogFormat, Settings};
use server::startup::{Application, shutdown_signal};
use server::telemetry;

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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = match Settings::load(cli.config.as_deref()) {
        Ok(settings) => settings,
        Err(error) => return fail(error),
    };
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

/// Prints one line naming the problem and returns a failing exit code.
fn fail(error: impl Display) -> ExitCode {
    let line = error.to_string().replace('\n', " ");
    eprintln!("cognate: {line}");
    ExitCode::FAILURE
}
