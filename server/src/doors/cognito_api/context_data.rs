//! What an app tells Cognate about its user's request (Cognito's `UserContextData` on the
//! public operations, `ContextData` on the Admin ones), read into the request's signals for
//! threat protection.
//!
//! `EncodedData` is read in two shapes: what Cognito's advanced security library for
//! browsers produces (base64 of `{"payload": "<JSON>", "signature", "version"}`, the
//! payload's `contextData` holding `DeviceId` and `UserAgent`), and plain JSON, or base64
//! of it, with `DeviceId`, `DeviceName` and `UserAgent` for apps without that library.
//! Anything else is ignored.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde_json::Value;

use crate::pool::seen::{self, Seen};

/// The longest `EncodedData` read.
const MAX_ENCODED: usize = 8 * 1024;

/// Amends the request's signals from the operation's input. `signed`: the caller holds
/// the admin key, so the address it names is taken as the user's; a public caller's
/// address is kept as claimed, for the domain to take only from a client that may send it.
pub(super) fn read(input: &Value, signed: bool) {
    // A remembered device's key names the device better than anything else.
    let device_key = ["AuthParameters", "ChallengeResponses"]
        .iter()
        .find_map(|member| input.get(member)?.get("DEVICE_KEY")?.as_str())
        .and_then(Seen::clean);
    if let Some(key) = device_key {
        seen::amend(|seen| seen.device = Some(key));
    }
    let context = match (input.get("ContextData"), input.get("UserContextData")) {
        (Some(context), _) if signed => context,
        (_, Some(context)) => context,
        _ => return,
    };
    let ip = context
        .get("IpAddress")
        .and_then(Value::as_str)
        .and_then(|ip| ip.trim().parse().ok());
    let encoded = context
        .get("EncodedData")
        .and_then(Value::as_str)
        .filter(|data| data.len() <= MAX_ENCODED)
        .and_then(decode);
    let agent = context
        .get("HttpHeaders")
        .and_then(Value::as_array)
        .and_then(|headers| {
            headers.iter().find(|header| {
                header
                    .get("headerName")
                    .and_then(Value::as_str)
                    .is_some_and(|name| name.eq_ignore_ascii_case("user-agent"))
            })
        })
        .and_then(|header| header.get("headerValue").and_then(Value::as_str))
        .and_then(Seen::clean);
    seen::amend(|seen| {
        if let Some(ip) = ip {
            if signed {
                seen.ip = Some(ip);
            } else {
                seen.claimed_ip = Some(ip);
            }
        }
        if let Some(agent) = agent.or_else(|| encoded.as_ref().and_then(|e| e.user_agent.clone())) {
            seen.user_agent = Some(agent);
        }
        if let Some(encoded) = encoded {
            if encoded.device.is_some() && seen.device.is_none() {
                seen.device = encoded.device;
            }
            if encoded.device_name.is_some() {
                seen.device_name = encoded.device_name;
            }
        }
    });
}

/// What `EncodedData` says.
#[derive(Debug, Default, PartialEq)]
struct Encoded {
    device: Option<String>,
    device_name: Option<String>,
    user_agent: Option<String>,
}

fn decode(data: &str) -> Option<Encoded> {
    let data = data.trim();
    let json: Value = serde_json::from_str(data).ok().or_else(|| {
        let bytes = STANDARD
            .decode(data)
            .or_else(|_| URL_SAFE_NO_PAD.decode(data.trim_end_matches('=')))
            .ok()?;
        serde_json::from_slice(&bytes).ok()
    })?;
    // The browser library's envelope: its payload is JSON in a string.
    let inner = match json.get("payload").and_then(Value::as_str) {
        Some(payload) => serde_json::from_str::<Value>(payload).ok()?,
        None => json,
    };
    let fields = inner.get("contextData").unwrap_or(&inner);
    let text = |name: &str| {
        fields
            .get(name)
            .and_then(Value::as_str)
            .and_then(Seen::clean)
    };
    let found = Encoded {
        device: text("DeviceId"),
        device_name: text("DeviceName"),
        user_agent: text("UserAgent"),
    };
    (found != Encoded::default()).then_some(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoded_data_is_read_in_either_shape() {
        let plain = r#"{"DeviceId":"phone-1","DeviceName":"Ana's phone"}"#;
        let found = decode(plain).unwrap();
        assert_eq!(found.device.as_deref(), Some("phone-1"));
        assert_eq!(found.device_name.as_deref(), Some("Ana's phone"));
        assert_eq!(decode(&STANDARD.encode(plain)), Some(found));
        let payload = serde_json::json!({
            "contextData": {"DeviceId": "abc", "UserAgent": "Mozilla/5.0 Firefox/128.0"},
            "username": "ana",
        })
        .to_string();
        let envelope =
            serde_json::json!({"payload": payload, "signature": "x", "version": "JS20171115"});
        let found = decode(&STANDARD.encode(envelope.to_string())).unwrap();
        assert_eq!(found.device.as_deref(), Some("abc"));
        assert_eq!(
            found.user_agent.as_deref(),
            Some("Mozilla/5.0 Firefox/128.0")
        );
        assert_eq!(decode("not anything"), None);
        assert_eq!(decode("{}"), None);
    }
}
