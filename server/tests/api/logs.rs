//! Nothing the server logs holds a password, a code, a token or a session id.

use server::pool::secrets::ClientProof;
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use reqwest::StatusCode;
use tracing_subscriber::fmt::MakeWriter;

use crate::helpers::spawn_app;

/// Every log line of this test binary, at every level, from every crate.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

fn capture() -> Captured {
    static CAPTURED: OnceLock<Captured> = OnceLock::new();
    CAPTURED
        .get_or_init(|| {
            let captured = Captured::default();
            tracing_subscriber::fmt()
                .with_max_level(tracing::Level::TRACE)
                .with_ansi(false)
                // No timestamps: their digits could look like a six-digit code.
                .without_time()
                .with_writer(captured.clone())
                .init();
            captured
        })
        .clone()
}

#[tokio::test]
async fn a_whole_journey_logs_no_password_code_token_or_session() {
    let logs = capture();
    let app = spawn_app().await;
    let secrets_password = "Secret-Passw0rd!";
    let new_password = "Other-Secret-9!";

    // Sign up and confirm through the pages, as a browser without JavaScript.
    let form = |path: &str, fields: Vec<(&str, String)>| {
        app.http
            .post(format!("{}{path}", app.address))
            .header("accept", "text/html")
            .header("sec-fetch-site", "same-origin")
            .header("referer", format!("{}/login", app.address))
            .form(&fields)
            .send()
    };
    let blank = || vec![("client_id", String::new()), ("next", String::new())];
    let mut fields = blank();
    fields.extend([
        ("username", "logjane".to_string()),
        ("email", "logjane@example.com".to_string()),
        ("password", secrets_password.to_string()),
    ]);
    assert_eq!(
        form("/api/sign_up", fields).await.unwrap().status(),
        StatusCode::FOUND
    );
    let signup_code = app.last_code_for("logjane@example.com");
    let mut fields = blank();
    fields.extend([
        ("username", "logjane".to_string()),
        ("code", signup_code.clone()),
    ]);
    form("/api/confirm_sign_up", fields).await.unwrap();
    let mut fields = blank();
    fields.extend([
        ("username", "logjane".to_string()),
        ("password", secrets_password.to_string()),
    ]);
    let response = form("/api/sign_in", fields).await.unwrap();
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_string();
    let session = cookie
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("cognate_session=")
        .to_string();
    let demo = app
        .http
        .get(format!("{}/demo", app.address))
        .header("cookie", format!("cognate_session={session}"))
        .send()
        .await
        .unwrap();
    assert_eq!(demo.status(), StatusCode::OK);

    // Tokens through the domain, used on the notes API, refreshed and revoked.
    let signed_in = app.sign_in("logjane", secrets_password).await.unwrap();
    app.http
        .get(format!(
            "{}/api/demo/notes?token={}",
            app.address, signed_in.tokens.access_token
        ))
        .bearer_auth(&signed_in.tokens.access_token)
        .send()
        .await
        .unwrap();
    let refreshed = app
        .pool
        .refresh(
            app.client_id(),
            &signed_in.refresh_token,
            ClientProof::Trusted,
        )
        .await
        .unwrap();
    // A wrong password and a wrong code are logged as events, not as values.
    assert!(app.sign_in("logjane", "Wrong-Guess-1!").await.is_err());
    app.pool
        .forgot_password(app.client_id(), ClientProof::Trusted, "logjane")
        .await
        .unwrap();
    let reset_code = app.last_code_for("logjane@example.com");
    let _ = app
        .pool
        .confirm_forgot_password(
            app.client_id(),
            ClientProof::Trusted,
            "logjane",
            "000000",
            new_password,
        )
        .await;
    app.pool
        .confirm_forgot_password(
            app.client_id(),
            ClientProof::Trusted,
            "logjane",
            &reset_code,
            new_password,
        )
        .await
        .unwrap();
    app.pool
        .revoke_refresh_token(
            app.client_id(),
            &signed_in.refresh_token,
            ClientProof::Trusted,
        )
        .await
        .unwrap();

    let text = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(
        text.contains("user signed in"),
        "the capture works: {} bytes",
        text.len()
    );
    let secrets = [
        ("password", secrets_password),
        ("new password", new_password),
        ("wrong password", "Wrong-Guess-1!"),
        ("sign-up code", signup_code.as_str()),
        ("reset code", reset_code.as_str()),
        ("session id", session.as_str()),
        ("access token", signed_in.tokens.access_token.as_str()),
        ("id token", signed_in.tokens.id_token.as_str()),
        ("refreshed access token", refreshed.access_token.as_str()),
        ("refresh token", signed_in.refresh_token.as_str()),
    ];
    for (what, secret) in secrets {
        // A JWT's signature part alone would betray it too.
        let needle = secret.rsplit('.').next().unwrap_or(secret);
        assert!(!contains_word(&text, needle), "the log holds the {what}");
    }
}

/// Whether `needle` occurs in `text` not as part of a longer run of letters or digits (a
/// six-digit code may well occur inside some longer number).
fn contains_word(text: &str, needle: &str) -> bool {
    text.match_indices(needle).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + needle.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_alphanumeric())
            && !after.is_some_and(|c| c.is_ascii_alphanumeric())
    })
}
