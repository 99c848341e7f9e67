//! What a request shows of where it comes from — the client's address, its browser, the
//! device it says it is — as the door saw it. The door sets it once for the request's
//! task (`scope`); threat protection reads it (`current`) when it records an auth event
//! or weighs a sign-in's risk, so that no rule takes it as an argument it does not use.

use std::cell::RefCell;
use std::future::Future;
use std::net::IpAddr;

/// The longest user agent or device name kept.
const MAX_TEXT: usize = 256;

/// A request's signals.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Seen {
    /// The client's address (after the trusted proxies), or the one an app's back end
    /// passed on for its user (`UserContextData.IpAddress`, where the client may).
    pub ip: Option<IpAddr>,
    /// The address an app's public call says its user has (`UserContextData.IpAddress`):
    /// taken only from a client with a secret that may propagate it.
    pub claimed_ip: Option<IpAddr>,
    /// The browser's `User-Agent`.
    pub user_agent: Option<String>,
    /// A stable identifier of the device: the hosted pages' device cookie, or the one an
    /// app's `UserContextData.EncodedData` carries. Only its hash is kept.
    pub device: Option<String>,
    /// A name the app gave the device (else the history names it by its browser).
    pub device_name: Option<String>,
}

impl Seen {
    /// `text` as kept: trimmed, control characters dropped, at most 256 characters.
    pub fn clean(text: &str) -> Option<String> {
        let cleaned: String = text
            .trim()
            .chars()
            .filter(|c| !c.is_control())
            .take(MAX_TEXT)
            .collect();
        (!cleaned.is_empty()).then_some(cleaned)
    }
}

tokio::task_local! {
    static SEEN: RefCell<Seen>;
}

/// Runs `work` with `seen` as its request's signals.
pub async fn scope<F: Future>(seen: Seen, work: F) -> F::Output {
    SEEN.scope(RefCell::new(seen), work).await
}

/// The current request's signals (none outside a request: a test calling the domain, a
/// background job).
pub fn current() -> Seen {
    SEEN.try_with(|seen| seen.borrow().clone())
        .unwrap_or_default()
}

/// Changes the current request's signals (a door that reads more of the request than
/// the layer that set them, such as the Cognito API's `UserContextData`). Outside a
/// request, nothing.
pub fn amend(change: impl FnOnce(&mut Seen)) {
    let _ = SEEN.try_with(|seen| change(&mut seen.borrow_mut()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn signals_are_the_requests_own() {
        assert_eq!(current(), Seen::default());
        let seen = Seen {
            ip: Some("203.0.113.7".parse().unwrap()),
            ..Seen::default()
        };
        let inside = scope(seen.clone(), async {
            amend(|seen| seen.device = Some("phone".into()));
            current()
        })
        .await;
        assert_eq!(inside.ip, seen.ip);
        assert_eq!(inside.device.as_deref(), Some("phone"));
        // Nothing leaks to what runs after.
        assert_eq!(current(), Seen::default());
        assert_eq!(Seen::clean("  a\u{7}b  "), Some("ab".into()));
        assert_eq!(Seen::clean(" \n"), None);
    }
}
