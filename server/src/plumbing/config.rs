//! Settings: built-in defaults, then an optional `cognate.toml`, then `COGNATE_…` variables.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use ipnet::IpNet;
use serde::{Deserialize, Serialize};
use url::Url;

use crate::pool::limits::Limits;

/// The file read when `--config` is not given; it is optional.
pub const DEFAULT_CONFIG_FILE: &str = "cognate.toml";
/// Environment variables with this prefix are settings: `COGNATE_SERVER__BIND` is `server.bind`.
pub const ENV_PREFIX: &str = "COGNATE_";

/// Everything an operator can set. Unknown keys are rejected at every level.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// Where the SQLite file, the mail outbox and generated credentials live.
    pub data_dir: PathBuf,
    pub server: ServerSettings,
    pub database: DatabaseSettings,
    pub log: LogSettings,
    pub mail: MailSettings,
    pub default_pool: DefaultPoolSettings,
    pub admin: AdminSettings,
    pub demo: DemoSettings,
    pub identity: IdentitySettings,
    /// Where user pools' triggers (Cognito's Lambda triggers) are sent (README, "Triggers").
    pub triggers: TriggerSettings,
    /// Attempt limits: lockout, wrong codes, codes sent (README, "Security").
    pub limits: Limits,
    /// Threat protection (README, "Threat protection").
    pub threat: ThreatSettings,
}

/// Threat protection: the corpora and databases it reads, and how long it keeps events.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ThreatSettings {
    /// A file of breached passwords in Have I Been Pwned's downloadable format
    /// (`SHA1:count` lines, sorted by hash), searched where it lies, beside the built-in
    /// corpus of the most common ones.
    pub breached_passwords_file: Option<PathBuf>,
    /// A GeoIP database in MaxMind's format (GeoLite2-City or GeoIP2-City `.mmdb`): city
    /// and country in auth events, and the new-country and impossible-travel signals.
    pub geoip_db: Option<PathBuf>,
    /// Days each auth event is kept.
    pub event_retention_days: u32,
}

impl Default for ThreatSettings {
    fn default() -> Self {
        Self {
            breached_passwords_file: None,
            geoip_db: None,
            event_retention_days: 90,
        }
    }
}

/// Identity pools (Cognito Identity).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct IdentitySettings {
    /// The STS whose `AssumeRoleWithWebIdentity` turns Cognate's identity tokens into
    /// credentials (SeaweedFS's S3 gateway, e.g. `http://127.0.0.1:8333`). Unset,
    /// GetCredentialsForIdentity says so; identities and tokens still work.
    pub sts_endpoint: Option<Url>,
}

/// User pools' triggers: a `LambdaConfig` entry that is a Lambda ARN is called through the
/// Lambda Invoke API; one that is a URL, as a webhook signed as Standard Webhooks sign.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TriggerSettings {
    /// The Lambda Invoke API's base URL (any Lambda-compatible endpoint); unset, AWS's
    /// regional endpoint for the ARN's region, `https://lambda.<region>.amazonaws.com`.
    pub lambda_endpoint: Option<Url>,
    /// The credentials Lambda calls are signed with (SigV4, service `lambda`); unset, the
    /// standard AWS environment variables (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
    /// `AWS_SESSION_TOKEN`).
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<Secret>,
    /// The Standard Webhooks secret (`whsec_<base64>`) webhook triggers are signed with;
    /// unset, webhook triggers fail as unreachable.
    pub webhook_secret: Option<Secret>,
    /// Seconds a function has to answer, waiting for a free slot included (Cognito's: 5).
    pub timeout_seconds: u64,
    /// Calls to functions at once, in all; more wait for a slot within their time.
    pub max_concurrent_calls: usize,
    /// Calls to one function at once: a slow function holds only its own slots.
    pub max_concurrent_calls_per_function: usize,
}

impl Default for TriggerSettings {
    fn default() -> Self {
        Self {
            lambda_endpoint: None,
            access_key_id: None,
            secret_access_key: None,
            webhook_secret: None,
            timeout_seconds: 5,
            max_concurrent_calls: 256,
            max_concurrent_calls_per_function: 64,
        }
    }
}

/// The demo notes API (`/api/demo/notes`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DemoSettings {
    /// A scope every access token must hold, e.g. a resource server's `notes/write`
    /// granted through client_credentials; unset, any valid access token of a pool will do.
    pub required_scope: Option<String>,
    /// The S3 server the demo page's "Your files" calls from the browser; unset, the
    /// identity STS endpoint (SeaweedFS serves both). Unset both, the page has no files.
    pub files_url: Option<Url>,
    /// Its bucket (unset: `files`, what `make demo-s3` makes).
    pub files_bucket: Option<String>,
}

/// The AWS-style credentials that sign the Cognito API's admin operations (SigV4). Unset,
/// a pair is generated on first start into `<data_dir>/admin-credentials.json`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AdminSettings {
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<Secret>,
}

/// A string that never shows in debug output or logs.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: String) -> Self {
        Self(value)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ServerSettings {
    /// The address to listen on.
    pub bind: SocketAddr,
    /// The URL users and apps reach this server at; issuers and links are built from it.
    /// Defaults to `http://<bind>` (with `127.0.0.1` for an unspecified address).
    pub public_url: Option<Url>,
    /// Proxies (addresses or CIDR blocks) whose `X-Forwarded-For` names the client; from
    /// anyone else the header is ignored and the socket's peer is the client.
    pub trusted_proxies: Vec<IpNet>,
    /// Connections open at once; more are answered 503 and closed.
    pub max_connections: usize,
    /// Seconds a client has to send a request's headers (and an idle connection lives).
    pub header_read_timeout_seconds: u64,
    /// Seconds a client has to send a request's body.
    pub body_read_timeout_seconds: u64,
    /// Seconds a request may take in all before it is answered 408.
    pub request_timeout_seconds: u64,
    /// Password hashes that may wait for a hashing thread; more are refused at once
    /// (TooManyRequestsException) instead of making every sign-in slower.
    pub password_queue: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DatabaseSettings {
    /// `sqlite://<path>` (the default: `sqlite://<data_dir>/cognate.db`), or
    /// `postgres://…` for several nodes sharing one PostgreSQL database.
    pub url: Option<String>,
    pub max_connections: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LogSettings {
    pub format: LogFormat,
    /// A `tracing` filter such as `info` or `info,cognate=debug`; `RUST_LOG` overrides it.
    pub filter: String,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    #[default]
    Human,
    Json,
}

/// Where email goes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MailSettings {
    /// The sender, `Name <address>` or `address`.
    pub from: String,
    /// An SMTP relay, such as `smtp://user:password@relay.example.com:587?tls=required` or
    /// `smtps://…:465`; without it, messages go to `<data_dir>/outbox/*.eml`.
    pub smtp_url: Option<String>,
}

impl Default for MailSettings {
    fn default() -> Self {
        Self {
            from: "Cognate <no-reply@localhost>".to_string(),
            smtp_url: None,
        }
    }
}

/// The pool and app client created on first start.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DefaultPoolSettings {
    /// The prefix of pool ids, as Cognito's AWS region (`local_a1B2c3D4e`).
    pub region: String,
    pub name: String,
    pub client_name: String,
}

impl Default for ServerSettings {
    fn default() -> Self {
        Self {
            bind: SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 3000),
            public_url: None,
            trusted_proxies: Vec::new(),
            max_connections: 4096,
            header_read_timeout_seconds: 10,
            body_read_timeout_seconds: 10,
            request_timeout_seconds: 30,
            password_queue: 256,
        }
    }
}

impl Default for DatabaseSettings {
    fn default() -> Self {
        Self {
            url: None,
            max_connections: 8,
        }
    }
}

impl Default for LogSettings {
    fn default() -> Self {
        Self {
            format: LogFormat::Human,
            filter: "info".to_string(),
        }
    }
}

impl Default for DefaultPoolSettings {
    fn default() -> Self {
        Self {
            region: "local".to_string(),
            name: "Default pool".to_string(),
            client_name: "Default app client".to_string(),
        }
    }
}

/// A setting that could not be read or makes no sense; names the key.
#[derive(Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// The dotted key (`server.public_url`), or the file that could not be read.
    pub key: String,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.key, self.message)
    }
}

impl std::error::Error for ConfigError {}

impl ConfigError {
    pub fn new(key: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            key: key.into(),
            message: message.into(),
        }
    }
}

impl Settings {
    /// Loads the layers: defaults, then `file` (which must exist when given) or an
    /// optional `cognate.toml`, then the process environment.
    pub fn load(file: Option<&Path>) -> Result<Self, ConfigError> {
        let file = match file {
            Some(path) if !path.is_file() => {
                return Err(ConfigError::new(
                    path.display().to_string(),
                    "configuration file not found",
                ));
            }
            Some(path) => Some(path),
            None => Some(Path::new(DEFAULT_CONFIG_FILE)).filter(|path| path.is_file()),
        };
        let mut figment = Figment::from(Serialized::defaults(Settings::default()));
        if let Some(path) = file {
            // `file_exact`: figment's `file` would also search the parent directories.
            figment = figment.merge(Toml::file_exact(path));
        }
        Self::from_figment(figment.merge(Env::prefixed(ENV_PREFIX).split("__")))
    }

    fn from_figment(figment: Figment) -> Result<Self, ConfigError> {
        let settings: Settings = figment.extract().map_err(first_error)?;
        settings.validate()?;
        Ok(settings)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        match (&self.admin.access_key_id, &self.admin.secret_access_key) {
            (None, None) => {}
            (Some(id), Some(secret)) => {
                if id.len() < 16 || id.len() > 128 || !id.chars().all(|c| c.is_ascii_alphanumeric())
                {
                    return Err(ConfigError::new(
                        "admin.access_key_id",
                        "must be 16 to 128 letters and digits",
                    ));
                }
                if secret.expose().len() < 16 {
                    return Err(ConfigError::new(
                        "admin.secret_access_key",
                        "must have at least 16 characters",
                    ));
                }
            }
            (Some(_), None) => {
                return Err(ConfigError::new(
                    "admin.secret_access_key",
                    "is required with admin.access_key_id",
                ));
            }
            (None, Some(_)) => {
                return Err(ConfigError::new(
                    "admin.access_key_id",
                    "is required with admin.secret_access_key",
                ));
            }
        }
        let server = &self.server;
        for (key, value) in [
            ("server.max_connections", server.max_connections as u64),
            (
                "server.header_read_timeout_seconds",
                server.header_read_timeout_seconds,
            ),
            (
                "server.body_read_timeout_seconds",
                server.body_read_timeout_seconds,
            ),
            (
                "server.request_timeout_seconds",
                server.request_timeout_seconds,
            ),
            ("server.password_queue", server.password_queue as u64),
            ("triggers.timeout_seconds", self.triggers.timeout_seconds),
            (
                "triggers.max_concurrent_calls",
                self.triggers.max_concurrent_calls as u64,
            ),
            (
                "triggers.max_concurrent_calls_per_function",
                self.triggers.max_concurrent_calls_per_function as u64,
            ),
            (
                "threat.event_retention_days",
                u64::from(self.threat.event_retention_days),
            ),
        ] {
            if value == 0 {
                return Err(ConfigError::new(key, "must be at least 1"));
            }
        }
        let limits = &self.limits;
        for (key, value) in [
            (
                "limits.lockout_after_failures",
                limits.lockout_after_failures,
            ),
            (
                "limits.code_guesses_per_window",
                limits.code_guesses_per_window,
            ),
            (
                "limits.codes_per_user_per_window",
                limits.codes_per_user_per_window,
            ),
            (
                "limits.codes_per_address_per_window",
                limits.codes_per_address_per_window,
            ),
            (
                "limits.sign_ins_per_address_per_minute",
                limits.sign_ins_per_address_per_minute,
            ),
            (
                "limits.sign_ups_per_address_per_minute",
                limits.sign_ups_per_address_per_minute,
            ),
            (
                "limits.code_requests_per_address_per_minute",
                limits.code_requests_per_address_per_minute,
            ),
            (
                "limits.code_answers_per_address_per_minute",
                limits.code_answers_per_address_per_minute,
            ),
            (
                "limits.identity_calls_per_address_per_minute",
                limits.identity_calls_per_address_per_minute,
            ),
        ] {
            if value == 0 {
                return Err(ConfigError::new(key, "must be at least 1"));
            }
        }
        for (key, value) in [
            ("limits.lockout_max_seconds", limits.lockout_max_seconds),
            ("limits.window_seconds", limits.window_seconds),
        ] {
            if value < 1 {
                return Err(ConfigError::new(key, "must be at least 1 second"));
            }
        }
        let region = &self.default_pool.region;
        if region.is_empty()
            || !region
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return Err(ConfigError::new(
                "default_pool.region",
                format!(
                    "`{region}` must be lowercase letters, digits and dashes, like `local` or `eu-west-1`"
                ),
            ));
        }
        if let Some(url) = &self.server.public_url {
            if !matches!(url.scheme(), "http" | "https") {
                return Err(ConfigError::new(
                    "server.public_url",
                    format!("`{url}` must be an http or https URL"),
                ));
            }
            if url.query().is_some() || url.fragment().is_some() {
                return Err(ConfigError::new(
                    "server.public_url",
                    format!("`{url}` must not have a query or a fragment"),
                ));
            }
        }
        let database_url = self.database_url();
        if !database_url.starts_with("sqlite:")
            && !crate::adapters::store::is_postgres(&database_url)
        {
            // Only the scheme: the rest may hold a password.
            let scheme = database_url.split(':').next().unwrap_or_default();
            return Err(ConfigError::new(
                "database.url",
                format!(
                    "`{scheme}:` is not supported: use sqlite://<path> or postgres://<user>@<host>/<database>"
                ),
            ));
        }
        if let Err(error) = tracing_subscriber::EnvFilter::try_new(&self.log.filter) {
            return Err(ConfigError::new(
                "log.filter",
                format!("`{}` is not a valid filter: {error}", self.log.filter),
            ));
        }
        if self.database.max_connections == 0 {
            return Err(ConfigError::new(
                "database.max_connections",
                "must be at least 1",
            ));
        }
        Ok(())
    }

    /// The database URL in force: the configured one or the SQLite file in `data_dir`.
    pub fn database_url(&self) -> String {
        match &self.database.url {
            Some(url) => url.clone(),
            None => format!("sqlite://{}", self.data_dir.join("cognate.db").display()),
        }
    }

    /// The public base URL, without a trailing slash.
    pub fn public_url(&self) -> String {
        match &self.server.public_url {
            Some(url) => url.as_str().trim_end_matches('/').to_string(),
            None => {
                let mut addr = self.server.bind;
                if addr.ip().is_unspecified() {
                    addr.set_ip(IpAddr::V4(Ipv4Addr::LOCALHOST));
                }
                format!("http://{addr}")
            }
        }
    }

    /// The demo page's S3 server for "Your files": `demo.files_url`, else the identity STS
    /// endpoint; none when neither is set.
    pub fn demo_files(&self) -> Option<crate::doors::demo::FilesServer> {
        let url = self
            .demo
            .files_url
            .as_ref()
            .or(self.identity.sts_endpoint.as_ref())?;
        Some(crate::doors::demo::FilesServer {
            endpoint: url.as_str().trim_end_matches('/').to_string(),
            bucket: self
                .demo
                .files_bucket
                .clone()
                .filter(|bucket| !bucket.trim().is_empty())
                .unwrap_or_else(|| "files".to_string()),
        })
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            data_dir: PathBuf::from("data"),
            server: ServerSettings::default(),
            database: DatabaseSettings::default(),
            log: LogSettings::default(),
            mail: MailSettings::default(),
            default_pool: DefaultPoolSettings::default(),
            admin: AdminSettings::default(),
            demo: DemoSettings::default(),
            identity: IdentitySettings::default(),
            triggers: TriggerSettings::default(),
            limits: Limits::default(),
            threat: ThreatSettings::default(),
        }
    }
}

/// The first of figment's errors, as the key it concerns and what is wrong with it.
fn first_error(errors: figment::Error) -> ConfigError {
    let Some(error) = errors.into_iter().next() else {
        return ConfigError::new("configuration", "could not be read");
    };
    // For an unknown field, figment's path already ends with the field's name.
    let path = &error.path;
    let message = match &error.kind {
        figment::error::Kind::UnknownField(..) => "unknown key".to_string(),
        kind => kind.to_string(),
    };
    let key = if path.is_empty() {
        "configuration".to_string()
    } else {
        path.join(".")
    };
    let from = error
        .metadata
        .as_ref()
        .map(|meta| match &meta.source {
            Some(source) => format!(" (in {source})"),
            None if meta.name.contains("environment") => {
                format!(" (from the {} variable)", env_name(path))
            }
            None => format!(" (in {})", meta.name),
        })
        .unwrap_or_default();
    // Parser errors span several lines (with a snippet); an operator gets one.
    let message = format!("{message}{from}")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    ConfigError::new(key, message)
}

/// The environment variable that sets the key at `path`.
fn env_name(path: &[String]) -> String {
    format!("{ENV_PREFIX}{}", path.join("__").to_uppercase())
}

#[cfg(test)]
// figment's `Jail` closures must return its (large) `figment::Error`.
#[allow(clippy::result_large_err)]
mod tests {
    use super::*;
    use figment::Jail;

    #[test]
    fn defaults_need_no_file_and_no_environment() {
        Jail::expect_with(|_| {
            let settings = Settings::load(None).expect("defaults load");
            assert_eq!(settings, Settings::default());
            assert_eq!(settings.database_url(), "sqlite://data/cognate.db");
            assert_eq!(settings.public_url(), "http://127.0.0.1:3000");
            Ok(())
        });
    }

    #[test]
    fn environment_overrides_file_which_overrides_defaults() {
        Jail::expect_with(|jail| {
            jail.create_file(
                DEFAULT_CONFIG_FILE,
                "data_dir = \"/var/lib/cognate\"\n[server]\nbind = \"0.0.0.0:8080\"\n[log]\nformat = \"json\"\n",
            )?;
            jail.set_env("COGNATE_SERVER__BIND", "127.0.0.1:9000");
            let settings = Settings::load(None).expect("settings load");
            assert_eq!(settings.server.bind, "127.0.0.1:9000".parse().unwrap());
            assert_eq!(settings.log.format, LogFormat::Json);
            assert_eq!(
                settings.database_url(),
                "sqlite:///var/lib/cognate/cognate.db"
            );
            Ok(())
        });
    }

    #[test]
    fn unknown_keys_are_rejected_with_their_name() {
        Jail::expect_with(|jail| {
            jail.create_file(DEFAULT_CONFIG_FILE, "[server]\nport = 80\n")?;
            let error = Settings::load(None).unwrap_err();
            assert_eq!(error.key, "server.port");
            assert!(error.message.starts_with("unknown key"), "{error}");
            Ok(())
        });
        Jail::expect_with(|jail| {
            jail.set_env("COGNATE_LOGGING__LEVEL", "debug");
            let error = Settings::load(None).unwrap_err();
            assert_eq!(error.key, "logging");
            assert!(error.message.contains("COGNATE_LOGGING"), "{error}");
            Ok(())
        });
    }

    #[test]
    fn malformed_values_name_their_key_and_source() {
        Jail::expect_with(|jail| {
            jail.set_env("COGNATE_SERVER__PUBLIC_URL", "not a url");
            let error = Settings::load(None).unwrap_err();
            assert_eq!(error.key, "server.public_url");
            assert!(
                error.message.contains("COGNATE_SERVER__PUBLIC_URL"),
                "{error}"
            );
            Ok(())
        });
        Jail::expect_with(|jail| {
            jail.set_env("COGNATE_SERVER__PUBLIC_URL", "ftp://example.com");
            let error = Settings::load(None).unwrap_err();
            assert_eq!(error.key, "server.public_url");
            Ok(())
        });
        Jail::expect_with(|jail| {
            jail.set_env("COGNATE_DATABASE__URL", "mysql://localhost/cognate");
            let error = Settings::load(None).unwrap_err();
            assert_eq!(error.key, "database.url");
            Ok(())
        });
        Jail::expect_with(|jail| {
            jail.set_env("COGNATE_DEFAULT_POOL__REGION", "Local_1");
            let error = Settings::load(None).unwrap_err();
            assert_eq!(error.key, "default_pool.region");
            Ok(())
        });
    }

    #[test]
    fn a_syntax_error_in_the_file_is_one_line_naming_the_file() {
        Jail::expect_with(|jail| {
            jail.create_file(DEFAULT_CONFIG_FILE, "[server\nbind = \"x\"\n")?;
            let error = Settings::load(None).unwrap_err();
            assert!(!error.to_string().contains('\n'), "{error}");
            assert!(error.message.contains(DEFAULT_CONFIG_FILE), "{error}");
            Ok(())
        });
    }

    #[test]
    fn only_the_working_directory_s_cognate_toml_is_read() {
        Jail::expect_with(|jail| {
            jail.create_file(DEFAULT_CONFIG_FILE, "bogus = 1\n")?;
            jail.create_dir("below")?;
            jail.change_dir("below")?;
            assert_eq!(Settings::load(None), Ok(Settings::default()));
            Ok(())
        });
    }

    /// Every key of the settings, `section.key`, as serde writes them (the README's and the
    /// developer page's names).
    fn keys(value: &serde_json::Value, prefix: &str, out: &mut Vec<String>) {
        if let serde_json::Value::Object(members) = value {
            for (name, member) in members {
                let key = if prefix.is_empty() {
                    name.clone()
                } else {
                    format!("{prefix}.{name}")
                };
                if member.is_object() {
                    keys(member, &key, out);
                } else {
                    out.push(key);
                }
            }
        }
    }

    #[test]
    fn the_developer_page_and_the_readme_name_every_key() {
        let page = include_str!("../../../app/src/pages/docs.rs");
        let readme = include_str!("../../../README.md");
        let mut all = Vec::new();
        keys(
            &serde_json::to_value(Settings::default()).unwrap(),
            "",
            &mut all,
        );
        assert!(all.len() > 20, "{all:?}");
        for key in all {
            // The attempt limits are one row on the page (`limits.*`), each in the README.
            let on_page = [
                format!("\"{key}\""),
                format!("\"{key},"),
                format!(", {key}\""),
            ]
            .iter()
            .any(|named| page.contains(named.as_str()))
                || key.starts_with("limits.") && page.contains("\"limits.*\"");
            assert!(on_page, "the developer page (docs.rs) does not name {key}");
            let in_readme = readme.contains(&format!("`{key}`"))
                || key.starts_with("limits.") && readme.contains(&format!("{}`", &key[7..]));
            assert!(in_readme, "the README does not name {key}");
        }
    }

    #[test]
    fn an_explicit_config_file_must_exist() {
        let error = Settings::load(Some(Path::new("/nonexistent/cognate.toml"))).unwrap_err();
        assert_eq!(error.key, "/nonexistent/cognate.toml");
        assert_eq!(error.message, "configuration file not found");
    }
}
