//! How many attempts the domain allows: Cognito's password lockout, wrong codes, codes
//! sent, and requests per client address. Operators set them under `[limits]`; the
//! defaults are Cognito's where it has one.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};
use serde::{Deserialize, Serialize};

/// Attempt limits, counted in the store so that every node sees one count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Consecutive wrong passwords after which a user is locked out (Cognito: 5).
    pub lockout_after_failures: u32,
    /// The longest lockout; it starts at one second and doubles per further failure
    /// (Cognito: about 15 minutes).
    pub lockout_max_seconds: i64,
    /// Wrong codes a user may type in one window, across every code they are sent.
    pub code_guesses_per_window: u32,
    /// Codes sent to one user in one window (sign-up, resend, reset, verification).
    pub codes_per_user_per_window: u32,
    /// Codes sent to one address in one window, whoever asks.
    pub codes_per_address_per_window: u32,
    /// The window the three counts above are kept over.
    pub window_seconds: i64,
    /// Password sign-ins (and challenge answers) one client address may start a minute.
    pub sign_ins_per_address_per_minute: u32,
    /// Sign-ups one client address may make a minute.
    pub sign_ups_per_address_per_minute: u32,
    /// Codes one client address may ask to be sent a minute.
    pub code_requests_per_address_per_minute: u32,
    /// Codes one client address may type a minute.
    pub code_answers_per_address_per_minute: u32,
    /// Identity pool calls (GetId, GetOpenIdToken, GetCredentialsForIdentity) one client
    /// address may make a minute: a guest's GetId makes an identity, the others sign a
    /// token and may call the STS.
    pub identity_calls_per_address_per_minute: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            lockout_after_failures: 5,
            lockout_max_seconds: 900,
            code_guesses_per_window: 10,
            codes_per_user_per_window: 5,
            codes_per_address_per_window: 10,
            window_seconds: 3600,
            sign_ins_per_address_per_minute: 120,
            sign_ups_per_address_per_minute: 20,
            code_requests_per_address_per_minute: 20,
            code_answers_per_address_per_minute: 60,
            identity_calls_per_address_per_minute: 120,
        }
    }
}

/// What a client address is doing, for the per-address limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attempt {
    SignIn,
    SignUp,
    CodeRequest,
    CodeAnswer,
    IdentityCall,
}

/// Per-address request limits (GCRA, in memory: a flood is turned away before it reaches
/// the store or the hashing threads). IPv6 addresses count by their /64, which one host
/// usually holds whole.
pub struct AddressLimits {
    sign_ins: DefaultKeyedRateLimiter<IpAddr>,
    sign_ups: DefaultKeyedRateLimiter<IpAddr>,
    code_requests: DefaultKeyedRateLimiter<IpAddr>,
    code_answers: DefaultKeyedRateLimiter<IpAddr>,
    identity_calls: DefaultKeyedRateLimiter<IpAddr>,
    clock: DefaultClock,
}

impl AddressLimits {
    pub fn new(limits: &Limits) -> Self {
        // A minute's allowance, replenished evenly; at once, ten seconds' worth (at least
        // ten): enough for people behind one address, little for a flood's first burst.
        let per_minute = |n: u32| {
            let rate = NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN);
            let burst = NonZeroU32::new((n / 6).max(10).min(n)).unwrap_or(NonZeroU32::MIN);
            DefaultKeyedRateLimiter::keyed(Quota::per_minute(rate).allow_burst(burst))
        };
        Self {
            sign_ins: per_minute(limits.sign_ins_per_address_per_minute),
            sign_ups: per_minute(limits.sign_ups_per_address_per_minute),
            code_requests: per_minute(limits.code_requests_per_address_per_minute),
            code_answers: per_minute(limits.code_answers_per_address_per_minute),
            identity_calls: per_minute(limits.identity_calls_per_address_per_minute),
            clock: DefaultClock::default(),
        }
    }

    /// Counts `attempt` from `address`; over the limit, how long until the next is allowed.
    pub fn admit(&self, address: IpAddr, attempt: Attempt) -> Result<(), Duration> {
        let limiter = match attempt {
            Attempt::SignIn => &self.sign_ins,
            Attempt::SignUp => &self.sign_ups,
            Attempt::CodeRequest => &self.code_requests,
            Attempt::CodeAnswer => &self.code_answers,
            Attempt::IdentityCall => &self.identity_calls,
        };
        limiter
            .check_key(&counted(address))
            .map_err(|not_until| not_until.wait_time_from(self.clock.now()))
    }

    /// Forgets addresses whose allowance is full again, so memory follows recent traffic.
    pub fn forget_idle(&self) {
        for limiter in [
            &self.sign_ins,
            &self.sign_ups,
            &self.code_requests,
            &self.code_answers,
            &self.identity_calls,
        ] {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    }
}

impl Attempt {
    /// The per-minute allowance `limits` gives one address for this kind of attempt.
    pub fn per_minute(self, limits: &Limits) -> u32 {
        match self {
            Self::SignIn => limits.sign_ins_per_address_per_minute,
            Self::SignUp => limits.sign_ups_per_address_per_minute,
            Self::CodeRequest => limits.code_requests_per_address_per_minute,
            Self::CodeAnswer => limits.code_answers_per_address_per_minute,
            Self::IdentityCall => limits.identity_calls_per_address_per_minute,
        }
    }

    /// The store key of this attempt's count for `address`, when nodes share the count.
    pub fn shared_key(self, address: IpAddr) -> String {
        format!("address:{self:?}:{}", counted(address))
    }
}

/// The key an address counts under: itself, or its /64 for IPv6.
fn counted(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V4(_) => address,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let prefix = u128::from(v6) & !((1u128 << 64) - 1);
                IpAddr::V6(prefix.into())
            }
        },
    }
}

impl Limits {
    /// How long a user with `failures` consecutive wrong passwords is locked after the
    /// last one: nothing before the threshold, then 1 s doubling to the maximum.
    pub fn lockout_seconds(&self, failures: i64) -> i64 {
        let after = i64::from(self.lockout_after_failures.max(1));
        if failures < after {
            return 0;
        }
        let doublings = u32::try_from(failures - after).unwrap_or(u32::MAX).min(30);
        (1i64 << doublings).min(self.lockout_max_seconds.max(1))
    }
}

#[cfg(test)]
mod tests {
    use super::{AddressLimits, Attempt, Limits};

    #[test]
    fn lockout_starts_at_one_second_and_doubles_to_the_maximum() {
        let limits = Limits::default();
        let delays: Vec<i64> = (0..=16).map(|n| limits.lockout_seconds(n)).collect();
        assert_eq!(&delays[..5], &[0, 0, 0, 0, 0]);
        assert_eq!(&delays[5..10], &[1, 2, 4, 8, 16]);
        assert_eq!(delays[14], 512);
        assert_eq!(delays[15], 900);
        assert_eq!(limits.lockout_seconds(i64::MAX), 900);
    }

    #[test]
    fn an_address_is_limited_per_attempt_kind_and_an_ipv6_host_by_its_64() {
        let limits = Limits {
            sign_ups_per_address_per_minute: 2,
            ..Limits::default()
        };
        let per_address = AddressLimits::new(&limits);
        let one: std::net::IpAddr = "203.0.113.7".parse().unwrap();
        let other: std::net::IpAddr = "203.0.113.8".parse().unwrap();
        assert!(per_address.admit(one, Attempt::SignUp).is_ok());
        assert!(per_address.admit(one, Attempt::SignUp).is_ok());
        let wait = per_address.admit(one, Attempt::SignUp).unwrap_err();
        assert!(wait.as_secs() <= 30, "{wait:?}");
        assert!(
            per_address.admit(one, Attempt::SignIn).is_ok(),
            "another kind"
        );
        assert!(
            per_address.admit(other, Attempt::SignUp).is_ok(),
            "another address"
        );
        let a: std::net::IpAddr = "2001:db8:1:2::1".parse().unwrap();
        let b: std::net::IpAddr = "2001:db8:1:2:ffff::9".parse().unwrap();
        assert!(per_address.admit(a, Attempt::SignUp).is_ok());
        assert!(per_address.admit(b, Attempt::SignUp).is_ok());
        assert!(per_address.admit(a, Attempt::SignUp).is_err(), "one /64");
        per_address.forget_idle();
        // By default a flood's first burst is ten seconds' worth of sign-ins: 20, not 120.
        let defaults = AddressLimits::new(&Limits::default());
        let flooder: std::net::IpAddr = "198.51.100.9".parse().unwrap();
        let admitted = (0..120)
            .take_while(|_| defaults.admit(flooder, Attempt::SignIn).is_ok())
            .count();
        assert_eq!(admitted, 20);
    }
}
