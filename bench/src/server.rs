//! The server under test: the release binary started on a fresh data directory, its
//! memory read from /proc, stopped with SIGTERM at the end.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::Fail;

/// The admin key pair the bench configures the server with (it signs the Cognito API's
/// admin calls); a fresh data directory holds nothing else of value.
pub const ADMIN_KEY_ID: &str = "BENCHADMINKEYID01";
pub const ADMIN_SECRET: &str = "BenchAdminSecretNotForProduction0001";

/// Which server to start: a name for its data directory, and its database (the SQLite
/// file in that directory when `None`).
pub struct Node<'a> {
    pub name: &'a str,
    pub database_url: Option<&'a str>,
    /// The issuer every node of one database shares (the load balancer's address).
    pub public_url: Option<&'a str>,
    /// The Lambda Invoke API its triggers are sent to (the bench's own functions).
    pub functions: Option<&'a str>,
}

impl<'a> Node<'a> {
    /// A server on its own SQLite file.
    pub fn alone(name: &'a str) -> Self {
        Self {
            name,
            database_url: None,
            public_url: None,
            functions: None,
        }
    }

    /// A server on the database `url`.
    pub fn on(name: &'a str, url: &'a str) -> Self {
        Self {
            name,
            database_url: Some(url),
            public_url: None,
            functions: None,
        }
    }

    /// With the bench's trigger functions at `url`.
    pub fn with_functions(mut self, url: &'a str) -> Self {
        self.functions = Some(url);
        self
    }
}

pub struct Server {
    child: Child,
    pub base: String,
    data_dir: PathBuf,
    database_url: Option<String>,
}

impl Server {
    /// Starts `binary` from `workdir` (where `target/site` is) on a free loopback port and
    /// waits up to 30 s for `/health`.
    pub async fn start(
        binary: &Path,
        workdir: &Path,
        http: &reqwest::Client,
        node: &Node<'_>,
    ) -> Result<Self, Fail> {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .map_err(|e| format!("no free port: {e}"))?
            .port();
        let data_dir = std::env::temp_dir().join(format!(
            "cognate-bench-{}-{}",
            std::process::id(),
            node.name
        ));
        let _ = std::fs::remove_dir_all(&data_dir);
        std::fs::create_dir_all(&data_dir).map_err(|e| format!("{}: {e}", data_dir.display()))?;
        let log = std::fs::File::create(data_dir.join("server.log"))
            .map_err(|e| format!("server log: {e}"))?;
        let mut command = Command::new(binary);
        if let Some(url) = node.database_url {
            command.env("COGNATE_DATABASE__URL", url);
        }
        if let Some(url) = node.public_url {
            command.env("COGNATE_SERVER__PUBLIC_URL", url);
        }
        if let Some(url) = node.functions {
            command
                .env("COGNATE_TRIGGERS__LAMBDA_ENDPOINT", url)
                .env(
                    "COGNATE_TRIGGERS__ACCESS_KEY_ID",
                    crate::triggers::LAMBDA_KEY_ID,
                )
                .env(
                    "COGNATE_TRIGGERS__SECRET_ACCESS_KEY",
                    crate::triggers::LAMBDA_SECRET,
                );
        }
        let child = command
            .current_dir(workdir)
            .env("COGNATE_DATA_DIR", &data_dir)
            .env("COGNATE_SERVER__BIND", format!("127.0.0.1:{port}"))
            // The load stands for many users, each with an address of their own
            // (X-Forwarded-For, believed from loopback as from a proxy in front).
            .env("COGNATE_SERVER__TRUSTED_PROXIES", "[\"127.0.0.1/32\"]")
            .env("COGNATE_ADMIN__ACCESS_KEY_ID", ADMIN_KEY_ID)
            .env("COGNATE_ADMIN__SECRET_ACCESS_KEY", ADMIN_SECRET)
            .stdin(Stdio::null())
            .stdout(log.try_clone().map_err(|e| format!("server log: {e}"))?)
            .stderr(log)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
        let mut server = Self {
            child,
            base: format!("http://127.0.0.1:{port}"),
            data_dir,
            database_url: node.database_url.map(str::to_string),
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let health = http.get(format!("{}/health", server.base)).send().await;
            if health.is_ok_and(|r| r.status().is_success()) {
                return Ok(server);
            }
            if let Ok(Some(status)) = server.child.try_wait() {
                let log = std::fs::read_to_string(server.log_path()).unwrap_or_default();
                let tail: Vec<&str> = log.lines().rev().take(5).collect();
                return Err(format!(
                    "the server exited ({status}): {}",
                    tail.into_iter().rev().collect::<Vec<_>>().join(" | ")
                )
                .into());
            }
            if Instant::now() > deadline {
                return Err("the server did not answer /health within 30 s".into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// `binary` (a subcommand to add) run from `workdir` on this server's data directory
    /// and database.
    pub fn command(&self, binary: &Path, workdir: &Path) -> Command {
        let mut command = Command::new(binary);
        command
            .current_dir(workdir)
            .env("COGNATE_DATA_DIR", &self.data_dir)
            .stdin(Stdio::null());
        if let Some(url) = &self.database_url {
            command.env("COGNATE_DATABASE__URL", url);
        }
        command
    }

    fn log_path(&self) -> PathBuf {
        self.data_dir.join("server.log")
    }

    /// Resident memory now, in bytes.
    pub fn rss(&self) -> u64 {
        status_kib(self.child.id(), "VmRSS:") * 1024
    }

    /// The most resident memory the process has had (the kernel's high-water mark), bytes.
    pub fn peak_rss(&self) -> u64 {
        status_kib(self.child.id(), "VmHWM:") * 1024
    }

    /// Samples resident memory every 20 ms until stopped; gives the highest seen.
    pub fn sample_peak(&self) -> Sampler {
        let pid = self.child.id();
        let (stop, mut stopped) = tokio::sync::oneshot::channel();
        let task = tokio::spawn(async move {
            let mut peak = 0;
            loop {
                peak = peak.max(status_kib(pid, "VmRSS:") * 1024);
                tokio::select! {
                    _ = &mut stopped => return peak,
                    () = tokio::time::sleep(Duration::from_millis(20)) => {}
                }
            }
        });
        Sampler { stop, task }
    }
}

/// A running memory sampler.
pub struct Sampler {
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<u64>,
}

impl Sampler {
    /// The highest resident memory seen, in bytes.
    pub async fn stop(self) -> u64 {
        let _ = self.stop.send(());
        self.task.await.unwrap_or(0)
    }
}

/// A `/proc/<pid>/status` field in KiB (0 if unreadable).
fn status_kib(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix(field))
                .and_then(|rest| rest.split_whitespace().next())
                .and_then(|kib| kib.parse().ok())
        })
        .unwrap_or(0)
}

/// SIGTERM, then up to 10 s for a clean exit; the data directory goes either way, also
/// when the bench fails half-way.
impl Drop for Server {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.data_dir);
    }
}
