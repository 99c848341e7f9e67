//! How many attempts the domain allows: Cognito's password lockout, wrong codes, codes
//! sent. Operators set them under `[limits]`; the defaults are Cognito's where it has one.

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
        }
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
    use super::Limits;

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
}
