//! The `cognate` binary as an operator runs it: bad settings stop it with one line that
//! names the problem; good ones serve until SIGTERM.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_cognate");

/// Runs `cognate` in `dir` with `env` added (and no other `COGNATE_` variables).
fn command(dir: &Path, env: &[(&str, &str)]) -> Command {
    let mut command = Command::new(BIN);
    command.current_dir(dir);
    for (key, _) in std::env::vars().filter(|(k, _)| k.starts_with("COGNATE_")) {
        command.env_remove(key);
    }
    command.envs(env.iter().copied());
    command.env("COGNATE_SERVER__BIND", "127.0.0.1:0");
    command
}

fn run_failing(dir: &Path, env: &[(&str, &str)]) -> String {
    let Output { status, stderr, .. } = command(dir, env).output().expect("cognate runs");
    assert!(!status.success(), "cognate must fail with {env:?}");
    let stderr = String::from_utf8(stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "one line, got: {stderr}");
    stderr
}

#[test]
fn an_unknown_key_stops_the_server_naming_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let line = run_failing(dir.path(), &[("COGNATE_SERVER__PORT", "80")]);
    assert!(
        line.starts_with("cognate: server.port: unknown key"),
        "{line}"
    );
    assert!(line.contains("COGNATE_SERVER__PORT"), "{line}");

    std::fs::write(
        dir.path().join("cognate.toml"),
        "[database]\nfile = \"x.db\"\n",
    )
    .unwrap();
    let line = run_failing(dir.path(), &[]);
    assert!(
        line.starts_with("cognate: database.file: unknown key"),
        "{line}"
    );
    assert!(line.contains("cognate.toml"), "{line}");
}

#[test]
fn an_unreachable_database_path_stops_the_server_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    // A directory cannot be made below a regular file.
    std::fs::write(dir.path().join("a-file"), "").unwrap();
    let url = format!("sqlite://{}/a-file/cognate.db", dir.path().display());
    let line = run_failing(dir.path(), &[("COGNATE_DATABASE__URL", &url)]);
    assert!(
        line.starts_with("cognate: database.url: cannot create the directory"),
        "{line}"
    );
    assert!(line.contains("a-file"), "{line}");
}

#[test]
fn a_malformed_url_stops_the_server_naming_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let line = run_failing(dir.path(), &[("COGNATE_SERVER__PUBLIC_URL", "not a url")]);
    assert!(line.starts_with("cognate: server.public_url:"), "{line}");
    let line = run_failing(
        dir.path(),
        &[("COGNATE_DATABASE__URL", "mysql://db/cognate")],
    );
    assert!(line.starts_with("cognate: database.url:"), "{line}");
    let line = run_failing(dir.path(), &[("COGNATE_MAIL__SMTP_URL", "ftp://relay")]);
    assert!(line.starts_with("cognate: mail.smtp_url:"), "{line}");
}

#[test]
fn a_missing_config_file_given_on_the_command_line_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let output = command(dir.path(), &[])
        .args(["--config", "missing.toml"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        stderr.trim_end(),
        "cognate: missing.toml: configuration file not found"
    );
}

/// Reads the child's log lines on a thread, so the test can wait for one with a deadline.
fn log_lines(child: &mut Child) -> mpsc::Receiver<String> {
    let stdout = child.stdout.take().expect("piped stdout");
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if send.send(line).is_err() {
                break;
            }
        }
    });
    receive
}

fn wait_for(lines: &mpsc::Receiver<String>, needle: &str) -> String {
    loop {
        match lines.recv_timeout(Duration::from_secs(30)) {
            Ok(line) if line.contains(needle) => return line,
            Ok(_) => {}
            Err(error) => panic!("no log line with {needle:?}: {error}"),
        }
    }
}

#[tokio::test]
async fn the_binary_prints_the_default_pool_serves_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = command(
        dir.path(),
        &[("NO_COLOR", "1"), ("COGNATE_LOG__FORMAT", "json")],
    )
    .stdout(Stdio::piped())
    .stderr(Stdio::null())
    .spawn()
    .unwrap();
    let lines = log_lines(&mut child);

    let created: serde_json::Value =
        serde_json::from_str(&wait_for(&lines, "default user pool")).unwrap();
    assert!(
        created["message"]
            .as_str()
            .unwrap()
            .starts_with("created the")
    );
    let pool_id = created["pool_id"].as_str().unwrap();
    let client_id = created["client_id"].as_str().unwrap();
    assert!(pool_id.starts_with("local_"), "{created}");
    assert_eq!(client_id.len(), 26, "{created}");
    assert!(
        created["login_url"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/login?client_id={client_id}")),
        "{created}"
    );
    assert!(dir.path().join("data/cognate.db").is_file());

    let listening: serde_json::Value =
        serde_json::from_str(&wait_for(&lines, "listening")).unwrap();
    let address = listening["address"].as_str().unwrap();
    let health = reqwest::get(format!("http://{address}/health"))
        .await
        .unwrap();
    assert_eq!(health.status(), 200);

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert!(status.success(), "a SIGTERM stop is a clean exit: {status}");
    wait_for(&lines, "shutting down");
}

/// Signs up users through a `cognate` process on `database_url` (its SQLite file when
/// `None`) from several connections at once, kills the process with SIGKILL mid-stream, and
/// checks that every sign-up it acknowledged with a 200 is in the database.
async fn acknowledged_sign_ups_survive_a_sigkill(database_url: Option<String>) {
    let dir = tempfile::tempdir().unwrap();
    let mut env = vec![
        ("NO_COLOR", "1".to_string()),
        ("COGNATE_LOG__FORMAT", "json".to_string()),
        // One test address signs everyone up.
        (
            "COGNATE_LIMITS__SIGN_UPS_PER_ADDRESS_PER_MINUTE",
            "100000".to_string(),
        ),
        (
            "COGNATE_LIMITS__CODE_REQUESTS_PER_ADDRESS_PER_MINUTE",
            "100000".to_string(),
        ),
    ];
    if let Some(url) = &database_url {
        env.push(("COGNATE_DATABASE__URL", url.clone()));
    }
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut child = command(dir.path(), &env)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let lines = log_lines(&mut child);
    let created: serde_json::Value =
        serde_json::from_str(&wait_for(&lines, "default user pool")).unwrap();
    let client_id = created["client_id"].as_str().unwrap().to_string();
    let listening: serde_json::Value =
        serde_json::from_str(&wait_for(&lines, "listening")).unwrap();
    let address = listening["address"].as_str().unwrap().to_string();

    let acknowledged = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let mut senders = Vec::new();
    for sender in 0..8 {
        let (acknowledged, address, client_id) =
            (acknowledged.clone(), address.clone(), client_id.clone());
        senders.push(tokio::spawn(async move {
            let http = reqwest::Client::new();
            for n in 0.. {
                let username = format!("user-{sender}-{n}");
                let body = serde_json::json!({
                    "ClientId": client_id,
                    "Username": username,
                    "Password": crate::helpers::PASSWORD,
                    "UserAttributes": [{"Name": "email", "Value": format!("{username}@example.com")}],
                });
                let sent = http
                    .post(format!("http://{address}/"))
                    .header("content-type", "application/x-amz-json-1.1")
                    .header("x-amz-target", "AWSCognitoIdentityProviderService.SignUp")
                    .body(body.to_string())
                    .send()
                    .await;
                match sent {
                    Ok(response) if response.status() == 200 => {
                        acknowledged.lock().unwrap().push(username)
                    }
                    Ok(_) => {}
                    // The process is gone.
                    Err(_) => return,
                }
            }
        }));
    }
    // Killed while the senders are still writing.
    while acknowledged.lock().unwrap().len() < 40 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    child.kill().expect("SIGKILL");
    child.wait().unwrap();
    for sender in senders {
        sender.await.unwrap();
    }

    let url = database_url
        .unwrap_or_else(|| format!("sqlite://{}", dir.path().join("data/cognate.db").display()));
    let database = server::adapters::store::Database::open(&url, 2)
        .await
        .unwrap();
    let store = database.store();
    let (pool, _) = store.default_pool().await.unwrap().unwrap();
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(acknowledged.len() >= 40, "{}", acknowledged.len());
    for username in &acknowledged {
        assert!(
            store.find_user(&pool.id, username).await.unwrap().is_some(),
            "{username} was acknowledged and is lost"
        );
    }
    database.close().await;
}

#[tokio::test]
async fn a_sigkilled_node_loses_no_acknowledged_sign_up_on_sqlite() {
    acknowledged_sign_ups_survive_a_sigkill(None).await;
}

#[tokio::test]
async fn a_sigkilled_node_loses_no_acknowledged_sign_up_on_postgres() {
    acknowledged_sign_ups_survive_a_sigkill(Some(crate::postgres::fresh_database().await)).await;
}

/// `cognate bench-seed`, as `make bench` runs it beside a server: copies of one user under
/// other names, in the configured database, with nothing hashed.
async fn bench_seed_copies_a_user_under_other_names(database_url: Option<String>) {
    use server::adapters::store::Database;
    use server::clock::Timestamp;
    use server::pool::{
        Attributes, PoolConfig, PoolId, PoolSettings, SignInRule, Sub, User, UserStatus,
    };

    let dir = tempfile::tempdir().unwrap();
    let url = database_url
        .clone()
        .unwrap_or_else(|| format!("sqlite://{}", dir.path().join("cognate.db").display()));
    let database = Database::open(&url, 2).await.unwrap();
    let store = database.store();
    let pool = PoolConfig {
        id: PoolId::generate("local"),
        name: "Seeded".into(),
        settings: PoolSettings::default(),
        created_at: Timestamp(1),
        updated_at: Timestamp(1),
    };
    store.insert_pool(&pool).await.unwrap();
    let mut attributes = Attributes::new();
    attributes.insert("email".into(), "jane@example.org".into());
    attributes.insert("email_verified".into(), "true".into());
    let jane = User {
        sub: Sub::generate(),
        pool_id: pool.id.clone(),
        username: "jane".into(),
        status: UserStatus::Confirmed,
        enabled: true,
        password_hash: Some("$argon2id$stand-in".into()),
        srp_verifier: None,
        email_sign_in: SignInRule::WhenVerified,
        phone_sign_in: SignInRule::No,
        attributes,
        created_at: Timestamp(5),
        updated_at: Timestamp(5),
    };
    store.insert_user(&jane).await.unwrap();

    let data_dir = dir.path().to_string_lossy().to_string();
    let mut env = vec![("COGNATE_DATA_DIR", data_dir.as_str())];
    if let Some(url) = &database_url {
        env.push(("COGNATE_DATABASE__URL", url.as_str()));
    }
    let seed = |like: &str| {
        command(dir.path(), &env)
            .args(["bench-seed", "--pool", pool.id.as_str(), "--like", like])
            .args(["--count", "1200"])
            .output()
            .expect("cognate runs")
    };
    let seeded = seed("JANE");
    assert!(seeded.status.success(), "{seeded:?}");
    assert_eq!(
        String::from_utf8_lossy(&seeded.stdout).trim(),
        r#"{"seeded":1200}"#
    );

    assert_eq!(store.count_users(&pool.id).await.unwrap(), 1201);
    let copy = store
        .find_user(&pool.id, "jane-copy-1199@example.org")
        .await
        .unwrap()
        .expect("a copy signs in by its own email");
    assert_eq!(copy.username, "jane-copy-1199");
    assert_ne!(copy.sub, jane.sub);
    assert_eq!(copy.password_hash, jane.password_hash);
    assert_eq!(copy.status, UserStatus::Confirmed);

    // No such user: one line saying so, and nothing written.
    let refused = seed("nobody");
    assert!(!refused.status.success());
    let stderr = String::from_utf8(refused.stderr).unwrap();
    assert_eq!(
        stderr.trim(),
        "cognate: bench-seed: --like names no user of that pool"
    );
    assert_eq!(store.count_users(&pool.id).await.unwrap(), 1201);
    database.close().await;
}

#[tokio::test]
async fn bench_seed_copies_a_user_on_sqlite() {
    bench_seed_copies_a_user_under_other_names(None).await;
}

#[tokio::test]
async fn bench_seed_copies_a_user_on_postgres() {
    let url = crate::postgres::fresh_database().await;
    bench_seed_copies_a_user_under_other_names(Some(url)).await;
}
