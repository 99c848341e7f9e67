//! Account takeover risk: a sign-in's score from what Cognate can observe, compared with
//! the user's own history. The weights and thresholds are documented in the README
//! ("Threat protection"); the score is 0–100, its level LOW / MEDIUM / HIGH by threshold.

use std::net::IpAddr;

use super::{AuthEvent, EventContext, EventKind, EventResponse, RiskLevel};
use crate::clock::Timestamp;

/// A device this user never signed in from (needs a device signal: the hosted pages'
/// cookie, or an app's `UserContextData`).
pub const NEW_DEVICE: u32 = 30;
/// An address this user never signed in from, in no network (/24, /64) they did.
pub const NEW_ADDRESS: u32 = 25;
/// An address this user never signed in from, in a network they did.
pub const NEW_ADDRESS_KNOWN_NETWORK: u32 = 10;
/// A browser family and platform this user never signed in with.
pub const NEW_BROWSER: u32 = 15;
/// Many users seen from the address in the last hour (credential stuffing).
pub const CROWDED_ADDRESS: u32 = 25;
/// Users from one address in an hour that make it crowded.
pub const CROWD: i64 = 5;
/// Several failed sign-ins of this user in the last hour.
pub const RECENT_FAILURES: u32 = 15;
/// Failures in an hour that count.
pub const FAILURES: usize = 3;
/// A country this user never signed in from (with a GeoIP database).
pub const NEW_COUNTRY: u32 = 20;
/// Faster than an airliner since the last sign-in (with a GeoIP database).
pub const IMPOSSIBLE_TRAVEL: u32 = 40;
/// The address or device of an event the user said was not them.
pub const REPORTED: u32 = 40;

/// The least score of each level.
pub const LOW_FROM: u32 = 20;
pub const MEDIUM_FROM: u32 = 40;
pub const HIGH_FROM: u32 = 70;

/// Kilometres an hour no traveller exceeds.
const TRAVEL_KMH: f64 = 900.0;

/// A sign-in's score and the signals behind it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Score {
    pub points: u32,
    pub signals: Vec<String>,
}

impl Score {
    fn add(&mut self, points: u32, signal: &str) {
        self.points = (self.points + points).min(100);
        self.signals.push(signal.to_string());
    }

    /// The level the score reaches, if any.
    pub fn level(&self) -> Option<RiskLevel> {
        match self.points {
            points if points >= HIGH_FROM => Some(RiskLevel::High),
            points if points >= MEDIUM_FROM => Some(RiskLevel::Medium),
            points if points >= LOW_FROM => Some(RiskLevel::Low),
            _ => None,
        }
    }
}

/// What the score is computed from besides the sign-in's own context.
pub struct History<'a> {
    /// The user's recent events, newest first.
    pub events: &'a [AuthEvent],
    /// Users of the pool seen from the sign-in's address in the last hour, this one
    /// included.
    pub users_from_address: i64,
    pub now: Timestamp,
}

/// The score of a sign-in from `context`.
pub fn score(context: &EventContext, history: &History<'_>) -> Score {
    let mut score = Score::default();
    let sign_ins = || {
        history
            .events
            .iter()
            .filter(|event| event.kind == EventKind::SignIn)
    };
    // What the user's own sign-ins look like: those that passed or that the user said
    // were theirs, never one they said was not.
    let known: Vec<&EventContext> = sign_ins()
        .filter(|event| match &event.feedback {
            Some(feedback) => feedback.valid,
            None => event.response == EventResponse::Pass,
        })
        .map(|event| &event.context)
        .collect();
    let reported: Vec<&EventContext> = history
        .events
        .iter()
        .filter(|event| event.feedback.as_ref().is_some_and(|f| !f.valid))
        .map(|event| &event.context)
        .collect();
    if !known.is_empty() {
        if let Some(device) = &context.device
            && !known
                .iter()
                .any(|seen| seen.device.as_ref() == Some(device))
        {
            score.add(NEW_DEVICE, "new device");
        }
        if let Some(ip) = &context.ip
            && !known.iter().any(|seen| seen.ip.as_ref() == Some(ip))
        {
            let network = network_of(ip);
            let in_known_network = network.is_some()
                && known
                    .iter()
                    .any(|seen| seen.ip.as_deref().and_then(network_of) == network);
            if in_known_network {
                score.add(NEW_ADDRESS_KNOWN_NETWORK, "new address in a known network");
            } else {
                score.add(NEW_ADDRESS, "new address");
            }
        }
        if let Some(family) = &context.agent_family
            && known.iter().any(|seen| seen.agent_family.is_some())
            && !known
                .iter()
                .any(|seen| seen.agent_family.as_ref() == Some(family))
        {
            score.add(NEW_BROWSER, "new browser");
        }
        if let Some(country) = &context.country
            && known.iter().any(|seen| seen.country.is_some())
            && !known
                .iter()
                .any(|seen| seen.country.as_ref() == Some(country))
        {
            score.add(NEW_COUNTRY, "new country");
        }
        if impossible_travel(context, history) {
            score.add(IMPOSSIBLE_TRAVEL, "impossible travel");
        }
    }
    if history.users_from_address > CROWD {
        score.add(CROWDED_ADDRESS, "many users from this address");
    }
    let hour_ago = Timestamp(history.now.0 - 3600);
    let failures = sign_ins()
        .filter(|event| event.response == EventResponse::Fail && event.created_at >= hour_ago)
        .count();
    if failures >= FAILURES {
        score.add(RECENT_FAILURES, "recent failed sign-ins");
    }
    let same = |seen: &&EventContext| {
        (context.ip.is_some() && seen.ip == context.ip)
            || (context.device.is_some() && seen.device == context.device)
    };
    if reported.iter().any(same) {
        score.add(REPORTED, "address or device reported by the user");
    }
    score
}

/// The /24 (IPv4) or /64 (IPv6) an address is in.
fn network_of(ip: &str) -> Option<String> {
    match ip.parse::<IpAddr>().ok()? {
        IpAddr::V4(v4) => {
            let [a, b, c, _] = v4.octets();
            Some(format!("{a}.{b}.{c}.0/24"))
        }
        IpAddr::V6(v6) => {
            let segments = v6.segments();
            Some(format!(
                "{:x}:{:x}:{:x}:{:x}::/64",
                segments[0], segments[1], segments[2], segments[3]
            ))
        }
    }
}

/// Whether getting here from the last placed sign-in that passed would take more than an
/// airliner's speed.
fn impossible_travel(context: &EventContext, history: &History<'_>) -> bool {
    let Some(here) = context.location else {
        return false;
    };
    let last = history.events.iter().find(|event| {
        event.kind == EventKind::SignIn
            && event.response == EventResponse::Pass
            && event.context.location.is_some()
    });
    let Some(last) = last else {
        return false;
    };
    let Some(there) = last.context.location else {
        return false;
    };
    let km = distance_km(here, there);
    // A city's fix moves by tens of kilometres between databases' guesses.
    if km < 500.0 {
        return false;
    }
    let hours = ((history.now.0 - last.created_at.0).max(60)) as f64 / 3600.0;
    km / hours > TRAVEL_KMH
}

/// Great-circle distance (haversine) between two latitude/longitude points.
fn distance_km((lat1, lon1): (f64, f64), (lat2, lon2): (f64, f64)) -> f64 {
    let (phi1, phi2) = (lat1.to_radians(), lat2.to_radians());
    let (dphi, dlambda) = ((lat2 - lat1).to_radians(), (lon2 - lon1).to_radians());
    let a = (dphi / 2.0).sin().powi(2) + phi1.cos() * phi2.cos() * (dlambda / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().asin()
}

/// A browser's family and platform from its user agent (`Firefox on Linux`), coarse on
/// purpose: a browser's update changes its version, not this.
pub fn agent_family(user_agent: &str) -> Option<String> {
    let ua = user_agent.to_ascii_lowercase();
    if ua.trim().is_empty() {
        return None;
    }
    let browser = [
        ("edg/", "Edge"),
        ("opr/", "Opera"),
        ("firefox/", "Firefox"),
        ("chromium/", "Chromium"),
        ("chrome/", "Chrome"),
        ("safari/", "Safari"),
        ("curl/", "curl"),
        ("python", "Python"),
        ("aws-sdk", "AWS SDK"),
        ("node", "Node.js"),
    ]
    .iter()
    .find(|(needle, _)| ua.contains(needle))
    .map_or("Other", |(_, name)| name);
    let platform = [
        ("android", "Android"),
        ("iphone", "iOS"),
        ("ipad", "iOS"),
        ("windows", "Windows"),
        ("mac os", "macOS"),
        ("cros", "ChromeOS"),
        ("linux", "Linux"),
    ]
    .iter()
    .find(|(needle, _)| ua.contains(needle))
    .map_or("other", |(_, name)| name);
    Some(format!("{browser} on {platform}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pool::{EventFeedback, EventRisk, PoolId, Sub};

    fn context(ip: &str, device: &str, agent: &str) -> EventContext {
        EventContext {
            ip: Some(ip.into()),
            device: Some(device.into()),
            agent_family: Some(agent.into()),
            ..EventContext::default()
        }
    }

    fn event(at: i64, response: EventResponse, context: EventContext) -> AuthEvent {
        AuthEvent {
            id: format!("e{at}"),
            pool_id: PoolId::generate("local"),
            user_sub: Sub::generate(),
            kind: EventKind::SignIn,
            created_at: Timestamp(at),
            response,
            risk: EventRisk::default(),
            challenges: Vec::new(),
            context,
            feedback: None,
            feedback_token_hash: None,
        }
    }

    fn history(events: &[AuthEvent]) -> History<'_> {
        History {
            events,
            users_from_address: 1,
            now: Timestamp(100_000),
        }
    }

    #[test]
    fn a_first_sign_in_and_a_familiar_one_carry_no_risk() {
        let home = context("198.51.100.7", "phone", "Firefox on Linux");
        assert_eq!(score(&home, &history(&[])).level(), None);
        let past = [event(90_000, EventResponse::Pass, home.clone())];
        assert_eq!(score(&home, &history(&past)).points, 0);
    }

    #[test]
    fn new_device_and_address_is_medium_and_a_new_browser_makes_it_high() {
        let past = [event(
            90_000,
            EventResponse::Pass,
            context("198.51.100.7", "phone", "Firefox on Linux"),
        )];
        let stranger = context("203.0.113.9", "laptop", "Firefox on Linux");
        let found = score(&stranger, &history(&past));
        assert_eq!(found.points, NEW_DEVICE + NEW_ADDRESS);
        assert_eq!(found.level(), Some(RiskLevel::Medium));
        let stranger = context("203.0.113.9", "laptop", "Chrome on Windows");
        assert_eq!(
            score(&stranger, &history(&past)).level(),
            Some(RiskLevel::High)
        );
        // The same /24 as before weighs less than a new network.
        let neighbour = context("198.51.100.99", "phone", "Firefox on Linux");
        let found = score(&neighbour, &history(&past));
        assert_eq!(found.points, NEW_ADDRESS_KNOWN_NETWORK);
        assert_eq!(found.level(), None);
    }

    #[test]
    fn feedback_teaches_the_score() {
        let home = context("198.51.100.7", "phone", "Firefox on Linux");
        let away = context("203.0.113.9", "laptop", "Firefox on Linux");
        // A blocked sign-in the user said was theirs counts as known.
        let mut blocked = event(95_000, EventResponse::Fail, away.clone());
        blocked.feedback = Some(EventFeedback {
            valid: true,
            provider: "User".into(),
            at: Timestamp(96_000),
        });
        let past = [blocked, event(90_000, EventResponse::Pass, home.clone())];
        assert_eq!(score(&away, &history(&past)).points, 0);
        // One they said was not theirs is reported: its address and device weigh more.
        let mut stolen = event(95_000, EventResponse::Pass, away.clone());
        stolen.feedback = Some(EventFeedback {
            valid: false,
            provider: "User".into(),
            at: Timestamp(96_000),
        });
        let past = [stolen, event(90_000, EventResponse::Pass, home)];
        let found = score(&away, &history(&past));
        assert_eq!(found.points, NEW_DEVICE + NEW_ADDRESS + REPORTED);
        assert_eq!(found.level(), Some(RiskLevel::High));
    }

    #[test]
    fn crowds_failures_and_travel_add_up() {
        let home = context("198.51.100.7", "phone", "Firefox on Linux");
        let mut past: Vec<AuthEvent> = (0..3)
            .map(|n| event(99_000 + n, EventResponse::Fail, home.clone()))
            .collect();
        let mut paris = home.clone();
        paris.location = Some((48.85, 2.35));
        past.push(event(99_000, EventResponse::Pass, paris));
        let mut crowded = history(&past);
        crowded.users_from_address = 9;
        let mut sydney = home.clone();
        sydney.location = Some((-33.87, 151.21));
        let found = score(&sydney, &crowded);
        assert_eq!(
            found.points,
            CROWDED_ADDRESS + RECENT_FAILURES + IMPOSSIBLE_TRAVEL
        );
        assert!(found.signals.contains(&"impossible travel".to_string()));
    }

    #[test]
    fn user_agents_fold_to_a_family_and_platform() {
        let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
        assert_eq!(agent_family(firefox).as_deref(), Some("Firefox on Linux"));
        let chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 \
                      (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
        assert_eq!(agent_family(chrome).as_deref(), Some("Chrome on Windows"));
        let safari = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) \
                      AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
        assert_eq!(agent_family(safari).as_deref(), Some("Safari on iOS"));
        assert_eq!(agent_family("  "), None);
    }
}
