//! `spawn_app()` and the `TestApp` handle the tests drive.

use std::sync::Arc;

use server::clock::{FixedClock, Timestamp};
use server::config::Settings;
use server::pool::DefaultPool;
use server::startup::Application;
use tempfile::TempDir;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// 2023-11-14T22:13:20Z: tests read time from this fixed clock.
pub const TEST_NOW: Timestamp = Timestamp(1_700_000_000);

pub struct TestApp {
    pub address: String,
    pub http: reqwest::Client,
    pub default_pool: DefaultPool,
    pub data_dir: TempDir,
    stop: Option<oneshot::Sender<()>>,
    served: Option<JoinHandle<std::io::Result<()>>>,
}

/// Settings for a server on a free port with its data in `dir`.
pub fn test_settings(dir: &TempDir) -> Settings {
    let mut settings = Settings {
        data_dir: dir.path().to_path_buf(),
        ..Settings::default()
    };
    settings.server.bind = "127.0.0.1:0".parse().expect("a valid address");
    settings
}

/// Starts a server on a fresh data directory.
pub async fn spawn_app() -> TestApp {
    spawn_app_in(tempfile::tempdir().expect("a temporary directory")).await
}

/// Starts a server on `data_dir`, which may hold an earlier server's database.
pub async fn spawn_app_in(data_dir: TempDir) -> TestApp {
    let app = Application::build_with_clock(
        test_settings(&data_dir),
        Arc::new(FixedClock::new(TEST_NOW)),
    )
    .await
    .expect("the server starts");
    let address = format!("http://{}", app.local_addr());
    let default_pool = app.default_pool().clone();
    let (stop, stopped) = oneshot::channel::<()>();
    let served = tokio::spawn(app.run_until_stopped(async {
        let _ = stopped.await;
    }));
    TestApp {
        address,
        http: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("an HTTP client"),
        default_pool,
        data_dir,
        stop: Some(stop),
        served: Some(served),
    }
}

impl TestApp {
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("the server answers")
    }

    /// Asks the server to stop, waits until it has, and hands back its data directory.
    pub async fn stop(mut self) -> TempDir {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(served) = self.served.take() {
            served
                .await
                .expect("the server task does not panic")
                .expect("the server stops cleanly");
        }
        self.data_dir
    }
}
