//! Email: the file outbox by default, a real SMTP conversation when a relay is configured.

use std::path::Path;

use server::adapters::mailer::{self, Email, MailError};
use server::plumbing::config::MailSettings;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

fn email(to: &str) -> Email {
    Email::new(
        to,
        "Your verification code",
        "Your code is 123456. It expires in 24 hours.",
    )
}

fn outbox(dir: &Path) -> Vec<String> {
    let mut messages: Vec<String> = std::fs::read_dir(dir.join("outbox"))
        .map(|entries| {
            entries
                .map(|entry| entry.unwrap().path())
                .filter(|path| path.extension().is_some_and(|ext| ext == "eml"))
                .map(|path| std::fs::read_to_string(path).unwrap())
                .collect()
        })
        .unwrap_or_default();
    messages.sort();
    messages
}

#[tokio::test]
async fn without_a_relay_each_message_is_a_readable_eml_file_in_the_outbox() {
    let dir = tempfile::tempdir().unwrap();
    let mailer = mailer::from_settings(&MailSettings::default(), dir.path()).unwrap();
    mailer.send(email("jane@example.com")).await.unwrap();
    mailer.send(email("joe@example.com")).await.unwrap();

    let messages = outbox(dir.path());
    assert_eq!(messages.len(), 2);
    let jane = messages
        .iter()
        .find(|m| m.contains("To: jane@example.com"))
        .expect("a message to jane");
    assert!(
        jane.contains("From: Cognate <no-reply@localhost>"),
        "{jane}"
    );
    assert!(jane.contains("Subject: Your verification code"), "{jane}");
    assert!(jane.contains("Your code is 123456."), "{jane}");
}

#[tokio::test]
async fn an_undeliverable_address_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let mailer = mailer::from_settings(&MailSettings::default(), dir.path()).unwrap();
    let result = mailer.send(email("not an address")).await;
    assert!(matches!(result, Err(MailError::InvalidAddress(_))));
    assert!(outbox(dir.path()).is_empty());
}

#[test]
fn bad_mail_settings_name_their_key() {
    let dir = tempfile::tempdir().unwrap();
    let from = MailSettings {
        from: "nobody".to_string(),
        ..MailSettings::default()
    };
    let Err(error) = mailer::from_settings(&from, dir.path()) else {
        panic!("`nobody` is not a sender");
    };
    assert_eq!(error.key, "mail.from");
    let relay = MailSettings {
        smtp_url: Some("ftp://relay".to_string()),
        ..MailSettings::default()
    };
    let Err(error) = mailer::from_settings(&relay, dir.path()) else {
        panic!("ftp is not SMTP");
    };
    assert_eq!(error.key, "mail.smtp_url");
}

/// A one-connection SMTP server (RFC 5321's happy path) that hands back what it received.
async fn smtp_sink(listener: TcpListener) -> (Vec<String>, String) {
    let (stream, _) = listener.accept().await.unwrap();
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read).lines();
    let mut commands = Vec::new();
    let mut data = String::new();
    write.write_all(b"220 sink ESMTP\r\n").await.unwrap();
    while let Some(line) = lines.next_line().await.unwrap() {
        let verb = line.split(' ').next().unwrap_or("").to_ascii_uppercase();
        commands.push(line.clone());
        let reply: &[u8] = match verb.as_str() {
            "EHLO" => b"250-sink\r\n250 8BITMIME\r\n",
            "DATA" => {
                write.write_all(b"354 go ahead\r\n").await.unwrap();
                while let Some(line) = lines.next_line().await.unwrap() {
                    if line == "." {
                        break;
                    }
                    data.push_str(&line);
                    data.push('\n');
                }
                b"250 queued\r\n"
            }
            "QUIT" => {
                write.write_all(b"221 bye\r\n").await.unwrap();
                break;
            }
            _ => b"250 ok\r\n",
        };
        write.write_all(reply).await.unwrap();
    }
    (commands, data)
}

#[tokio::test]
async fn with_a_relay_messages_go_through_smtp_and_not_to_the_outbox() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let sink = tokio::spawn(smtp_sink(listener));

    let dir = tempfile::tempdir().unwrap();
    let settings = MailSettings {
        from: "Cognate <auth@example.com>".to_string(),
        smtp_url: Some(format!("smtp://127.0.0.1:{port}")),
    };
    let mailer = mailer::from_settings(&settings, dir.path()).unwrap();
    mailer.send(email("jane@example.com")).await.unwrap();
    drop(mailer);

    let (commands, data) = sink.await.unwrap();
    assert!(
        commands
            .iter()
            .any(|c| c.starts_with("MAIL FROM:<auth@example.com>")),
        "{commands:?}"
    );
    assert!(
        commands
            .iter()
            .any(|c| c.starts_with("RCPT TO:<jane@example.com>")),
        "{commands:?}"
    );
    assert!(data.contains("Subject: Your verification code"), "{data}");
    assert!(data.contains("Your code is 123456."), "{data}");
    assert!(outbox(dir.path()).is_empty());
}
