//! AWS Signature Version 4 checks for the admin operations: the signature the caller sent
//! must be the one the AWS SDK's own signer computes with the configured secret.

use std::time::{Duration, UNIX_EPOCH};

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use axum::http::{HeaderMap, Method, Uri};
use subtle::ConstantTimeEq;

use super::ApiError;
use crate::clock::Timestamp;
use crate::plumbing::config::Secret;

/// How far a request's `X-Amz-Date` may be from now (AWS allows five minutes).
const MAX_SKEW_SECONDS: i64 = 300;

/// The admin credentials requests are signed with.
#[derive(Clone, Debug)]
pub struct AdminKey {
    pub access_key_id: String,
    pub secret_access_key: Secret,
}

/// Checks the request's `Authorization: AWS4-HMAC-SHA256 …` against `key`, for `service`
/// (the credential scope's fourth part: `cognito-idp`, or `cognito-identity`).
pub fn verify(
    key: &AdminKey,
    service: &str,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
    now: Timestamp,
) -> Result<(), ApiError> {
    let unrecognized = || {
        ApiError::new(
            "UnrecognizedClientException",
            "The security token included in the request is invalid.",
        )
    };
    let mismatch = || {
        ApiError::new(
            "InvalidSignatureException",
            "The request signature we calculated does not match the signature you provided.",
        )
    };
    let authorization = headers
        .get("authorization")
        .and_then(|value| value.to_str().ok())
        .ok_or_else(|| {
            ApiError::new(
                "UnrecognizedClientException",
                "This operation needs a request signed with the admin credentials (SigV4).",
            )
        })?;
    let parsed = Authorization::parse(authorization).ok_or_else(mismatch)?;
    let scope: Vec<&str> = parsed.credential.split('/').collect();
    let [access_key_id, date, region, scoped_service, "aws4_request"] = scope[..] else {
        return Err(mismatch());
    };
    if scoped_service != service {
        return Err(mismatch());
    }
    let signed_names = signed_header_names(parsed.signed_headers).ok_or_else(|| {
        ApiError::new(
            "InvalidSignatureException",
            "SignedHeaders must list host and x-amz-date, in lowercase and in order.",
        )
    })?;
    if !bool::from(access_key_id.as_bytes().ct_eq(key.access_key_id.as_bytes())) {
        return Err(unrecognized());
    }
    let amz_date = headers
        .get("x-amz-date")
        .and_then(|value| value.to_str().ok())
        .ok_or_else(mismatch)?;
    let signed_at = parse_amz_date(amz_date).ok_or_else(mismatch)?;
    if !amz_date.starts_with(date) {
        return Err(mismatch());
    }
    if (signed_at - now.0).abs() > MAX_SKEW_SECONDS {
        return Err(ApiError::new(
            "InvalidSignatureException",
            format!("Signature expired: {amz_date} is more than 5 minutes from the server's time."),
        ));
    }

    // Exactly the headers the caller signed, as it sent them.
    let mut signed = Vec::new();
    for name in signed_names {
        let value = headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .ok_or_else(mismatch)?;
        signed.push((name, value));
    }
    let path_and_query = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
    let request = SignableRequest::new(
        method.as_str(),
        path_and_query,
        signed.into_iter(),
        SignableBody::Bytes(body),
    )
    .map_err(|_| mismatch())?;
    let mut settings = SigningSettings::default();
    // Nothing is left out: the list above is exactly what the caller signed.
    settings.excluded_headers = Some(Vec::new());
    let identity = Credentials::new(
        &key.access_key_id,
        key.secret_access_key.expose(),
        None,
        None,
        "cognate-admin",
    )
    .into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name(service)
        .time(UNIX_EPOCH + Duration::from_secs(u64::try_from(signed_at).map_err(|_| mismatch())?))
        .settings(settings)
        .build()
        .map_err(|_| mismatch())?
        .into();
    // The signer is the AWS SDK's; should it ever panic on input that passed the checks
    // above, the caller gets a refusal, not a dropped connection.
    let signed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| sign(request, &params)));
    let expected = signed.map_err(|_| mismatch())?.map_err(|_| mismatch())?;
    let expected = expected.signature();
    if bool::from(expected.as_bytes().ct_eq(parsed.signature.as_bytes())) {
        Ok(())
    } else {
        Err(mismatch())
    }
}

/// The parts of `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`.
/// The user-pool door's service (the credential scope's fourth part).
pub const SERVICE: &str = "cognito-idp";
/// The identity-pool door's.
pub const IDENTITY_SERVICE: &str = "cognito-identity";

/// `SignedHeaders` as SigV4 defines it: lowercase names, sorted, without repeats, and
/// including `host` and `x-amz-date` (without them a signature could be moved to another
/// host or time; and the SDK's signer panics without `host`).
pub(crate) fn signed_header_names(list: &str) -> Option<Vec<&str>> {
    let names: Vec<&str> = list.split(';').collect();
    let well_formed = names.iter().all(|name| {
        !name.is_empty()
            && name.len() <= 128
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
    });
    let ordered = names.windows(2).all(|pair| pair[0] < pair[1]);
    let required = names.contains(&"host") && names.contains(&"x-amz-date");
    (well_formed && ordered && required && names.len() <= 64).then_some(names)
}

struct Authorization<'a> {
    credential: &'a str,
    signed_headers: &'a str,
    signature: &'a str,
}

impl<'a> Authorization<'a> {
    fn parse(value: &'a str) -> Option<Self> {
        let rest = value.strip_prefix("AWS4-HMAC-SHA256")?.trim_start();
        let mut credential = None;
        let mut signed_headers = None;
        let mut signature = None;
        for part in rest.split(',') {
            let (name, value) = part.trim().split_once('=')?;
            match name {
                "Credential" => credential = Some(value),
                "SignedHeaders" => signed_headers = Some(value),
                "Signature" => signature = Some(value),
                _ => {}
            }
        }
        Some(Self {
            credential: credential?,
            signed_headers: signed_headers?,
            signature: signature?,
        })
    }
}

/// `20261122T070934Z` as seconds since the epoch.
fn parse_amz_date(value: &str) -> Option<i64> {
    let bytes = value.as_bytes();
    if bytes.len() != 16 || bytes[8] != b'T' || bytes[15] != b'Z' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| value.get(range)?.parse::<i64>().ok();
    let (year, month, day) = (number(0..4)?, number(4..6)?, number(6..8)?);
    let (hour, minute, second) = (number(9..11)?, number(11..13)?, number(13..15)?);
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    Some(crate::clock::Timestamp::from_utc(year, month, day, hour, minute, second).0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amz_dates_are_read_as_utc_seconds() {
        assert_eq!(parse_amz_date("19700101T000000Z"), Some(0));
        assert_eq!(parse_amz_date("20231114T221320Z"), Some(1_700_000_000));
        assert_eq!(parse_amz_date("20240229T120000Z"), Some(1_709_208_000));
        assert_eq!(parse_amz_date("2023-11-14T22:13:20Z"), None);
        assert_eq!(parse_amz_date("20231314T221320Z"), None);
    }

    #[test]
    fn the_authorization_header_is_split_into_its_parts() {
        let parsed = Authorization::parse(
            "AWS4-HMAC-SHA256 Credential=AKID/20231114/local/cognito-idp/aws4_request, \
             SignedHeaders=host;x-amz-date, Signature=abc123",
        )
        .unwrap();
        assert_eq!(
            parsed.credential,
            "AKID/20231114/local/cognito-idp/aws4_request"
        );
        assert_eq!(parsed.signed_headers, "host;x-amz-date");
        assert_eq!(parsed.signature, "abc123");
        assert!(Authorization::parse("Bearer x").is_none());
    }

    mod properties {
        use axum::http::HeaderValue;
        use proptest::prelude::*;

        use super::super::*;
        use crate::plumbing::config::Secret;

        fn key() -> AdminKey {
            AdminKey {
                access_key_id: "AKIDEXAMPLE0000000".into(),
                secret_access_key: Secret::new("a-secret-of-forty-characters-0000000000".into()),
            }
        }

        /// An `Authorization` value: well-formed in shape, with arbitrary parts.
        fn authorization() -> impl Strategy<Value = String> {
            let name = "(host|x-amz-date|x-amz-target|content-type|Host|X-Amz-Date|[a-z-]{0,8})";
            (
                "(AKIDEXAMPLE0000000|[A-Z0-9]{0,20})",
                "(20231114|[0-9]{0,9})",
                "(local|[a-z0-9-]{0,10})",
                "(cognito-idp|s3|[a-z-]{0,10})",
                prop::collection::vec(name, 0..6),
                "[0-9a-f]{0,70}",
                "( |,|, |)",
            )
                .prop_map(|(id, date, region, service, names, signature, separator)| {
                    format!(
                        "AWS4-HMAC-SHA256 Credential={id}/{date}/{region}/{service}/aws4_request{separator}\
                         SignedHeaders={}{separator}Signature={signature}",
                        names.join(";")
                    )
                })
        }

        proptest! {
            #[test]
            fn any_signature_is_refused_with_a_cognito_error_and_never_a_panic(
                authorization in prop_oneof![authorization(), ".{0,200}"],
                date in prop_oneof![Just("20231114T221320Z".to_string()), "[0-9TZ]{0,18}"],
                host in prop::option::of("[a-z0-9.:]{0,20}"),
                body in prop::collection::vec(any::<u8>(), 0..64),
            ) {
                let mut headers = HeaderMap::new();
                if let Ok(value) = HeaderValue::from_str(&authorization) {
                    headers.insert("authorization", value);
                }
                if let Ok(value) = HeaderValue::from_str(&date) {
                    headers.insert("x-amz-date", value);
                }
                if let Some(host) = host.and_then(|h| HeaderValue::from_str(&h).ok()) {
                    headers.insert("host", host);
                }
                let uri: Uri = "/".parse().unwrap();
                let verified = verify(&key(), SERVICE, &Method::POST, &uri, &headers, &body, Timestamp(1_700_000_000));
                let error = verified.expect_err("a made-up signature never matches");
                prop_assert!(
                    matches!(error.name, "InvalidSignatureException" | "UnrecognizedClientException"),
                    "{}", error.name
                );
            }

            #[test]
            fn signed_headers_are_accepted_only_in_order_with_host_and_date(
                names in prop::collection::vec("(host|x-amz-date|x-amz-target|content-type|[a-zA-Z-]{0,6})", 0..8)
            ) {
                let list = names.join(";");
                if let Some(accepted) = signed_header_names(&list) {
                    prop_assert!(accepted.contains(&"host") && accepted.contains(&"x-amz-date"));
                    prop_assert!(accepted.windows(2).all(|pair| pair[0] < pair[1]));
                    prop_assert!(accepted.iter().all(|name| !name.is_empty() && name.bytes().all(|b| !b.is_ascii_uppercase())));
                }
            }
        }
    }
}
