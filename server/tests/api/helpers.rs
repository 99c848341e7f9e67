//! `spawn_app()` and the `TestApp` handle the tests drive.

use std::sync::Arc;

use server::clock::{FixedClock, Timestamp};
use server::plumbing::config::Settings;
use server::plumbing::startup::Application;
use server::pool::secrets::ClientProof;
use server::pool::{
    Attributes, DefaultPool, PoolError, SignInStep, SignUpInput, SignUpOutcome, SignedIn, UserPool,
};
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
    /// The domain the server's doors call, for flows whose door arrives later.
    pub pool: Arc<UserPool>,
    /// The server's clock: tests move it to expire codes and tokens.
    pub clock: Arc<FixedClock>,
    /// The server's hashing threads, to count the hashes a request spent.
    pub passwords: server::pool::passwords::Passwords,
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
    spawn_app_with(data_dir, |_| {}).await
}

/// Starts a server on `data_dir` with `configure`'s changes to the test settings.
pub async fn spawn_app_with(data_dir: TempDir, configure: impl FnOnce(&mut Settings)) -> TestApp {
    let clock = Arc::new(FixedClock::new(TEST_NOW));
    let mut settings = test_settings(&data_dir);
    configure(&mut settings);
    let app = Application::build_with_clock(settings, clock.clone())
        .await
        .expect("the server starts");
    let address = format!("http://{}", app.local_addr());
    let default_pool = app.default_pool().clone();
    let pool = app.user_pool();
    let passwords = app.passwords();
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
        pool,
        clock,
        passwords,
        stop: Some(stop),
        served: Some(served),
    }
}

/// A password that meets the default policy.
pub const PASSWORD: &str = "Correct-Horse-9";

impl TestApp {
    pub fn client_id(&self) -> &str {
        self.default_pool.client.id.as_str()
    }

    /// Signs up `username` with `<username>@example.com` through the domain.
    pub async fn sign_up(
        &self,
        username: &str,
        password: &str,
    ) -> Result<SignUpOutcome, PoolError> {
        let attributes: Attributes = [("email".to_string(), email_of(username))]
            .into_iter()
            .collect();
        self.pool
            .sign_up(
                self.client_id(),
                ClientProof::Trusted,
                SignUpInput {
                    username: username.to_string(),
                    password: password.to_string(),
                    attributes,
                    ..SignUpInput::default()
                },
            )
            .await
    }

    /// Signs up and confirms `username` with [`PASSWORD`].
    pub async fn confirmed_user(&self, username: &str) {
        self.sign_up(username, PASSWORD)
            .await
            .expect("sign-up works");
        let code = self.last_code_for(&email_of(username));
        self.pool
            .confirm_sign_up(self.client_id(), ClientProof::Trusted, username, &code)
            .await
            .expect("the emailed code confirms");
    }

    pub async fn sign_in(&self, username: &str, password: &str) -> Result<SignedIn, PoolError> {
        match self
            .pool
            .password_sign_in(
                self.client_id(),
                username,
                password,
                server::pool::Via::Pages {
                    oauth_request: None,
                },
            )
            .await?
        {
            SignInStep::Done(signed_in) => Ok(signed_in),
            SignInStep::NewPasswordRequired { .. } => panic!("{username}'s password is temporary"),
            SignInStep::Mfa { .. } => panic!("{username} signs in with a second factor"),
            SignInStep::Custom { .. }
            | SignInStep::Device { .. }
            | SignInStep::SelectChallenge { .. }
            | SignInStep::Passkey { .. }
            | SignInStep::SignInCode { .. }
            | SignInStep::PasswordVerifier { .. } => {
                panic!("the pages never start a custom, device or choice-based sign-in")
            }
        }
    }

    /// Every message in the outbox to `to`, oldest first.
    pub fn emails_to(&self, to: &str) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(self.data_dir.path().join("outbox")) else {
            return Vec::new();
        };
        let mut messages: Vec<(std::time::SystemTime, String)> = entries
            .map(|entry| entry.expect("a readable outbox").path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "eml"))
            .map(|path| {
                let modified = std::fs::metadata(&path)
                    .and_then(|m| m.modified())
                    .expect("a file time");
                (
                    modified,
                    std::fs::read_to_string(&path).expect("a readable message"),
                )
            })
            .filter(|(_, message)| {
                message
                    .lines()
                    .any(|line| line.eq_ignore_ascii_case(&format!("To: {to}")))
            })
            .collect();
        messages.sort();
        messages.into_iter().map(|(_, message)| message).collect()
    }

    /// Every message in the outbox to `to`, oldest first, bodies decoded.
    pub fn readable_emails_to(&self, to: &str) -> Vec<String> {
        self.emails_to(to).iter().map(|m| readable(m)).collect()
    }

    /// The code in the newest message to `to`.
    pub fn last_code_for(&self, to: &str) -> String {
        let messages = self.emails_to(to);
        let message = messages.last().expect("a message with a code");
        code_in(message).expect("the message holds a six-digit code")
    }

    /// The code in the newest message to `to` whose subject holds `subject`: two messages
    /// written within the file system's time resolution have no order of their own.
    pub fn last_code_about(&self, to: &str, subject: &str) -> String {
        let messages = self.emails_to(to);
        let message = messages
            .iter()
            .rev()
            .find(|message| {
                message
                    .lines()
                    .any(|line| line.starts_with("Subject: ") && line.contains(subject))
            })
            .expect("a message with that subject");
        code_in(message).expect("the message holds a six-digit code")
    }

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

pub fn email_of(username: &str) -> String {
    format!("{}@example.com", username.to_lowercase())
}

/// The six-digit code in an email body ("... code is 123456").
pub fn code_in(message: &str) -> Option<String> {
    let start = message.find("code is ")? + "code is ".len();
    let code: String = message[start..].chars().take(6).collect();
    (code.len() == 6 && code.chars().all(|c| c.is_ascii_digit())).then_some(code)
}

/// What a browser sends back after a response's `Set-Cookie` headers: each cookie's
/// `name=value` (removals left out), as one `Cookie` header value.
pub fn browser_cookies(headers: &reqwest::header::HeaderMap) -> String {
    headers
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .filter(|value| !value.contains("Max-Age=0"))
        .filter_map(|value| value.split(';').next())
        .collect::<Vec<_>>()
        .join("; ")
}

/// The message the Cognito API gives for a domain refusal: the words a caller reads.
pub fn cognito_words(error: server::pool::PoolError) -> String {
    server::doors::cognito_api::ApiError::from(error).message
}

/// A message's body as its reader sees it: a quoted-printable body (what the mailer sends
/// for lines longer than mail allows, such as links) decoded.
pub fn readable(message: &str) -> String {
    if !message.contains("Content-Transfer-Encoding: quoted-printable") {
        return message.to_string();
    }
    let unfolded = message.replace("=\r\n", "").replace("=\n", "");
    let bytes = unfolded.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let hex = bytes
            .get(at + 1..at + 3)
            .and_then(|pair| std::str::from_utf8(pair).ok())
            .and_then(|pair| u8::from_str_radix(pair, 16).ok());
        match (bytes[at], hex) {
            (b'=', Some(byte)) => {
                out.push(byte);
                at += 3;
            }
            (byte, _) => {
                out.push(byte);
                at += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
