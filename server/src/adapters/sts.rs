//! The security token service port's HTTP adapter: STS `AssumeRoleWithWebIdentity` (the
//! query API: a form POST, an XML answer), as SeaweedFS's S3 gateway serves it. The call
//! carries no AWS signature (the identity token is the proof) and is bounded in time and
//! size.

use async_trait::async_trait;

use crate::pool::federation::LinkError;
use crate::pool::sts::{AssumeRole, SecurityTokenService, TemporaryCredentials};

/// The longest answer read from the STS.
const MAX_ANSWER_BYTES: usize = 64 * 1024;

/// [`SecurityTokenService`] at one URL.
pub struct HttpSts {
    http: reqwest::Client,
    endpoint: url::Url,
}

impl HttpSts {
    pub fn new(endpoint: url::Url) -> Result<Self, reqwest::Error> {
        let http = super::http_client()?;
        Ok(Self { http, endpoint })
    }
}

#[async_trait]
impl SecurityTokenService for HttpSts {
    async fn assume_role_with_web_identity(
        &self,
        request: &AssumeRole<'_>,
    ) -> Result<TemporaryCredentials, LinkError> {
        let duration = request.duration_seconds.to_string();
        let form = [
            ("Action", "AssumeRoleWithWebIdentity"),
            ("Version", "2011-06-15"),
            ("RoleArn", request.role_arn),
            ("RoleSessionName", request.session_name),
            ("WebIdentityToken", request.web_identity_token),
            ("DurationSeconds", duration.as_str()),
        ];
        let request = self.http.post(self.endpoint.clone()).form(&form);
        let (status, body) = super::bounded_answer(request, MAX_ANSWER_BYTES).await?;
        let text = String::from_utf8_lossy(&body);
        if status.is_client_error() {
            return Err(LinkError::Refused(
                error_of(&text).unwrap_or_else(|| status.to_string()),
            ));
        }
        if !status.is_success() {
            return Err(LinkError::Unreachable(status.to_string()));
        }
        credentials_of(&text)
            .ok_or_else(|| LinkError::Unreachable("an answer without credentials".into()))
    }
}

/// The first element named `name` under `node`, as text.
fn text_of<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> Option<&'a str> {
    node.descendants()
        .find(|child| child.has_tag_name(name))
        .and_then(|child| child.text())
        .map(str::trim)
}

/// The `<Credentials>` of an `AssumeRoleWithWebIdentityResponse`.
fn credentials_of(xml: &str) -> Option<TemporaryCredentials> {
    let document = roxmltree::Document::parse(xml).ok()?;
    let credentials = document
        .descendants()
        .find(|node| node.has_tag_name("Credentials"))?;
    let expiration = text_of(credentials, "Expiration")?;
    let expiration = iso8601_seconds(expiration)?;
    Some(TemporaryCredentials {
        access_key_id: text_of(credentials, "AccessKeyId")?.to_string(),
        secret_access_key: text_of(credentials, "SecretAccessKey")?.to_string(),
        session_token: text_of(credentials, "SessionToken")?.to_string(),
        expiration,
    })
}

/// An STS error's code and message, for the log.
fn error_of(xml: &str) -> Option<String> {
    let document = roxmltree::Document::parse(xml).ok()?;
    let root = document.root();
    let code = text_of(root, "Code")?;
    Some(format!(
        "{code}: {}",
        text_of(root, "Message").unwrap_or("")
    ))
}

/// An ISO 8601 UTC time (`2026-11-29T23:00:00Z`, fractions allowed) as epoch seconds.
fn iso8601_seconds(value: &str) -> Option<i64> {
    let (date, time) = value.strip_suffix('Z')?.split_once('T')?;
    let mut date = date.split('-').map(|part| part.parse::<i64>().ok());
    let (year, month, day) = (date.next()??, date.next()??, date.next()??);
    let whole = time.split('.').next()?;
    let mut time = whole.split(':').map(|part| part.parse::<i64>().ok());
    let (hour, minute, second) = (time.next()??, time.next()??, time.next()??);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    Some(crate::clock::Timestamp::from_utc(year, month, day, hour, minute, second).0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_an_sts_answer_and_its_errors() {
        let answer = r#"<?xml version="1.0" encoding="UTF-8"?>
<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleWithWebIdentityResult>
    <Credentials>
      <AccessKeyId>ASIAEXAMPLE</AccessKeyId>
      <SecretAccessKey>secret</SecretAccessKey>
      <SessionToken>session</SessionToken>
      <Expiration>2026-11-29T23:00:00.123Z</Expiration>
    </Credentials>
  </AssumeRoleWithWebIdentityResult>
</AssumeRoleWithWebIdentityResponse>"#;
        let credentials = credentials_of(answer).unwrap();
        assert_eq!(credentials.access_key_id, "ASIAEXAMPLE");
        assert_eq!(credentials.secret_access_key, "secret");
        assert_eq!(credentials.session_token, "session");
        assert_eq!(credentials.expiration, 1_795_993_200);
        assert_eq!(iso8601_seconds("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(iso8601_seconds("2000-03-01T00:00:01Z"), Some(951_868_801));
        assert_eq!(iso8601_seconds("yesterday"), None);
        assert!(credentials_of("<nope/>").is_none());
        assert!(credentials_of("not xml").is_none());

        let error = r#"<ErrorResponse><Error><Code>AccessDenied</Code><Message>trust policy</Message></Error></ErrorResponse>"#;
        assert_eq!(error_of(error).unwrap(), "AccessDenied: trust policy");
    }
}
