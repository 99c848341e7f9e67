//! A small AWS Signature Version 4 signer for the demo page's S3 calls, made from the
//! browser with the identity pool's short-term credentials. Why this and not the AWS SDK
//! for JavaScript: the page is a Leptos WASM bundle with no JavaScript build step; the SDK
//! would add one (and ~100 KB of script) for two requests, while SigV4 for S3 is one HMAC
//! chain over `sha2` and `hmac`, which the server already builds with. SeaweedFS checking
//! the signature is what proves it (end2end/tests/identity-pools.spec.ts); the AWS
//! documentation's example is its unit test.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// Short-term credentials, as GetCredentialsForIdentity gives them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credentials {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: Option<String>,
}

/// A request to sign: `path` is already URI-encoded (each segment, `/` kept); the query
/// pairs are raw and are encoded here, in the order SigV4 wants.
pub struct Request<'a> {
    pub method: &'a str,
    /// `host[:port]`, as the request's `Host` header will be.
    pub host: &'a str,
    pub path: &'a str,
    pub query: &'a [(&'a str, &'a str)],
    pub payload: &'a [u8],
}

/// The signed request's query string and the headers to send with it (besides `Host`,
/// which the browser sets).
#[derive(Debug, PartialEq, Eq)]
pub struct Signed {
    pub query: String,
    pub headers: Vec<(String, String)>,
}

/// Signs `request` for `service` in `region` at `amz_date` (`YYYYMMDDTHHMMSSZ`).
pub fn sign(
    request: &Request<'_>,
    credentials: &Credentials,
    region: &str,
    service: &str,
    amz_date: &str,
) -> Signed {
    let date = &amz_date[..amz_date.len().min(8)];
    let payload_hash = hex(&Sha256::digest(request.payload));
    let mut query: Vec<(String, String)> = request
        .query
        .iter()
        .map(|(name, value)| (encode(name, false), encode(value, false)))
        .collect();
    query.sort();
    let query = query
        .iter()
        .map(|(name, value)| format!("{name}={value}"))
        .collect::<Vec<_>>()
        .join("&");
    let mut headers = vec![
        ("host".to_string(), request.host.to_string()),
        ("x-amz-content-sha256".to_string(), payload_hash.clone()),
        ("x-amz-date".to_string(), amz_date.to_string()),
    ];
    if let Some(token) = &credentials.session_token {
        headers.push(("x-amz-security-token".to_string(), token.clone()));
    }
    let signed_headers = headers
        .iter()
        .map(|(name, _)| name.as_str())
        .collect::<Vec<_>>()
        .join(";");
    let canonical_headers: String = headers
        .iter()
        .map(|(name, value)| format!("{name}:{}\n", value.trim()))
        .collect();
    let canonical_request = format!(
        "{}\n{}\n{query}\n{canonical_headers}\n{signed_headers}\n{payload_hash}",
        request.method, request.path
    );
    let scope = format!("{date}/{region}/{service}/aws4_request");
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}",
        hex(&Sha256::digest(canonical_request.as_bytes()))
    );
    let mut key = hmac(
        format!("AWS4{}", credentials.secret_access_key).as_bytes(),
        date.as_bytes(),
    );
    for part in [region, service, "aws4_request"] {
        key = hmac(&key, part.as_bytes());
    }
    let signature = hex(&hmac(&key, string_to_sign.as_bytes()));
    let authorization = format!(
        "AWS4-HMAC-SHA256 Credential={}/{scope}, SignedHeaders={signed_headers}, Signature={signature}",
        credentials.access_key_id
    );
    headers.remove(0);
    headers.push(("authorization".to_string(), authorization));
    Signed { query, headers }
}

/// RFC 3986 percent-encoding as SigV4 wants it: unreserved characters as they are, `/`
/// too when `keep_slash`, every other byte as `%XX`.
pub fn encode(value: &str, keep_slash: bool) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric()
            || matches!(byte, b'-' | b'_' | b'.' | b'~')
            || (keep_slash && byte == b'/')
        {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The keys of an S3 `ListObjectsV2` answer (`<Contents><Key>`), in its order.
pub fn listed_keys(xml: &str) -> Option<Vec<String>> {
    let document = roxmltree::Document::parse(xml).ok()?;
    Some(
        document
            .descendants()
            .filter(|node| node.has_tag_name("Contents"))
            .filter_map(|contents| {
                contents
                    .children()
                    .find(|child| child.has_tag_name("Key"))
                    .and_then(|key| key.text())
                    .map(str::to_string)
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// AWS's "GET Bucket (List Objects)" example of Signature Version 4 for S3.
    #[test]
    fn signs_the_aws_documentation_example() {
        let credentials = Credentials {
            access_key_id: "AKIAIOSFODNN7EXAMPLE".into(),
            secret_access_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".into(),
            session_token: None,
        };
        let request = Request {
            method: "GET",
            host: "examplebucket.s3.amazonaws.com",
            path: "/",
            query: &[("prefix", "J"), ("max-keys", "2")],
            payload: b"",
        };
        let signed = sign(
            &request,
            &credentials,
            "us-east-1",
            "s3",
            "20130524T000000Z",
        );
        assert_eq!(signed.query, "max-keys=2&prefix=J");
        let authorization = &signed.headers.last().unwrap().1;
        assert!(
            authorization.ends_with(
                "Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"
            ),
            "{authorization}"
        );
        assert!(authorization.contains(
            "Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, \
             SignedHeaders=host;x-amz-content-sha256;x-amz-date,"
        ));
    }

    #[test]
    fn a_session_token_is_signed_and_sent() {
        let credentials = Credentials {
            access_key_id: "ASIA".into(),
            secret_access_key: "secret".into(),
            session_token: Some("token".into()),
        };
        let request = Request {
            method: "PUT",
            host: "127.0.0.1:8333",
            path: "/files/private/a%3Ab/x.txt",
            query: &[],
            payload: b"hello",
        };
        let signed = sign(
            &request,
            &credentials,
            "us-east-1",
            "s3",
            "20261129T000000Z",
        );
        let names: Vec<&str> = signed.headers.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "x-amz-content-sha256",
                "x-amz-date",
                "x-amz-security-token",
                "authorization"
            ]
        );
        assert!(
            signed.headers[3].1.contains(
                "SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,"
            )
        );
        assert_eq!(encode("private/local:1 2/", true), "private/local%3A1%202/");
        assert_eq!(encode("a/b", false), "a%2Fb");
    }

    #[test]
    fn reads_the_keys_of_a_list() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>files</Name>
<Contents><Key>private/x/a.txt</Key><Size>1</Size></Contents>
<Contents><Key>private/x/b &amp; c.txt</Key></Contents></ListBucketResult>"#;
        assert_eq!(
            listed_keys(xml).unwrap(),
            ["private/x/a.txt", "private/x/b & c.txt"]
        );
        assert_eq!(
            listed_keys("<ListBucketResult/>").unwrap(),
            Vec::<String>::new()
        );
        assert!(listed_keys("not xml").is_none());
    }
}
