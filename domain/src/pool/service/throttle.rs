//! Attempt limits every door shares: Cognito's lockout after wrong passwords, a cap on
//! wrong codes per user across re-sent codes, and caps on codes sent per user and per
//! address. The counts live in the store, keyed by a hash of whom they count against.

use super::*;
use crate::pool::store::Counter;

/// A run of wrong passwords is remembered this long after its first failure.
const LOCKOUT_MEMORY_SECONDS: i64 = 86_400;

/// Whom an attempt counts against: a user, or, for a name no user answers to, that name.
/// An unknown name is locked out and capped exactly as a user is, so the limits tell
/// nobody which names exist.
#[derive(Clone, Copy, Debug)]
pub(super) enum Subject<'a> {
    User(&'a Sub),
    Name(&'a PoolId, &'a str),
}

impl<'a> Subject<'a> {
    /// The user, or else the name as typed (case-folded) in `pool`.
    pub(super) fn of(user: Option<&'a User>, pool: &'a PoolId, typed: &'a str) -> Self {
        match user {
            Some(user) => Self::User(&user.sub),
            None => Self::Name(pool, typed),
        }
    }

    fn key(self, counted: &str) -> String {
        let who = match self {
            Self::User(sub) => format!("user\0{sub}"),
            Self::Name(pool, typed) => format!("name\0{pool}\0{}", users::fold(typed)),
        };
        tokens::secret_hash(&format!("{counted}\0{who}"))
    }
}

/// Whether a user had wrong passwords to forget when the right one comes.
#[must_use]
pub(super) struct NotLocked {
    had_failures: bool,
}

impl UserPool {
    fn live(&self, counter: Option<Counter>) -> Option<Counter> {
        counter.filter(|counter| counter.window_end > self.clock.now())
    }

    /// Refuses every password attempt, without checking it, while `who` is locked out.
    pub(super) async fn ensure_not_locked(&self, who: Subject<'_>) -> Result<NotLocked, PoolError> {
        let counter = self.live(self.store.counter(&who.key("lockout")).await?);
        let Some(counter) = counter else {
            return Ok(NotLocked {
                had_failures: false,
            });
        };
        let locked_for = self.limits.lockout_seconds(counter.count);
        if self.clock.now().0 < counter.last_at.0.saturating_add(locked_for) {
            return Err(PoolError::NotAuthorized(Denied::LockedOut));
        }
        Ok(NotLocked { had_failures: true })
    }

    /// Counts a wrong password against `who`.
    pub(super) async fn password_failed(&self, who: Subject<'_>) -> Result<(), PoolError> {
        let counter = self
            .store
            .count_attempt(
                &who.key("lockout"),
                self.clock.now(),
                LOCKOUT_MEMORY_SECONDS,
            )
            .await?;
        if self.limits.lockout_seconds(counter.count) > 0 {
            tracing::info!(
                failures = counter.count,
                "sign-in locked out after wrong passwords"
            );
        }
        Ok(())
    }

    /// The right password ends a run of wrong ones.
    pub(super) async fn password_succeeded(
        &self,
        who: Subject<'_>,
        state: NotLocked,
    ) -> Result<(), PoolError> {
        if state.had_failures {
            self.store.reset_counter(&who.key("lockout")).await?;
        }
        Ok(())
    }

    /// Checks `password` for `user` (or spends a dummy verify for nobody) under the
    /// lockout: a locked subject gets no verify at all; a wrong password is counted.
    pub(super) async fn password_attempt(
        &self,
        who: Subject<'_>,
        user: Option<&User>,
        password: &str,
    ) -> Result<(), PoolError> {
        let state = self.ensure_not_locked(who).await?;
        self.password_checked(who, state, user, password).await
    }

    /// [`password_attempt`](Self::password_attempt) once the lockout was found open
    /// (`state`), for a caller with work of its own in between (a trigger).
    pub(super) async fn password_checked(
        &self,
        who: Subject<'_>,
        state: NotLocked,
        user: Option<&User>,
        password: &str,
    ) -> Result<(), PoolError> {
        let checked = match user {
            // Too long to be anyone's: no hash, for a user or for nobody.
            _ if password.chars().count() > MAX_PASSWORD_CHARS => {
                Err(PoolError::incorrect_credentials())
            }
            Some(user) => self.check_user_password(user, password).await,
            None => {
                self.passwords.verify_dummy(password.to_string()).await?;
                Err(PoolError::incorrect_credentials())
            }
        };
        match checked {
            Ok(()) => self.password_succeeded(who, state).await,
            Err(error @ PoolError::NotAuthorized(_)) => {
                self.password_failed(who).await?;
                Err(error)
            }
            Err(error) => Err(error),
        }
    }

    /// Refuses a code before it is compared once `who` has guessed wrong too often in
    /// this window, whichever codes the guesses were against.
    pub(super) async fn ensure_guesses_left(&self, who: Subject<'_>) -> Result<(), PoolError> {
        let counter = self.live(self.store.counter(&who.key("code-guess")).await?);
        if counter.is_some_and(|c| c.count >= i64::from(self.limits.code_guesses_per_window)) {
            return Err(PoolError::LimitExceeded);
        }
        Ok(())
    }

    /// Counts a wrong code against `who`.
    pub(super) async fn code_guess_failed(&self, who: Subject<'_>) -> Result<(), PoolError> {
        self.store
            .count_attempt(
                &who.key("code-guess"),
                self.clock.now(),
                self.limits.window_seconds,
            )
            .await?;
        Ok(())
    }

    /// Counts a code sent to `who` (and to `address`, when there is one); refuses when
    /// either has had its window's share.
    pub(super) async fn count_code_sent(
        &self,
        who: Subject<'_>,
        address: Option<&str>,
    ) -> Result<(), PoolError> {
        let (now, window) = (self.clock.now(), self.limits.window_seconds);
        let sent = self
            .store
            .count_attempt(&who.key("code-sent"), now, window)
            .await?;
        if sent.count > i64::from(self.limits.codes_per_user_per_window) {
            return Err(PoolError::LimitExceeded);
        }
        if let Some(address) = address {
            let key = address_key(address);
            let sent = self.store.count_attempt(&key, now, window).await?;
            if sent.count > i64::from(self.limits.codes_per_address_per_window) {
                tracing::info!("code refused: the address had its share this window");
                return Err(PoolError::LimitExceeded);
            }
        }
        Ok(())
    }

    /// Whether a code was sent to `who` (or pretended sent) in this window.
    pub(super) async fn code_was_sent(&self, who: Subject<'_>) -> Result<bool, PoolError> {
        Ok(self
            .live(self.store.counter(&who.key("code-sent")).await?)
            .is_some())
    }

    /// Refuses, before anything is stored, a sign-up whose address has had its share of
    /// codes this window.
    pub(super) async fn ensure_address_can_receive(&self, address: &str) -> Result<(), PoolError> {
        let counter = self.live(self.store.counter(&address_key(address)).await?);
        if counter.is_some_and(|c| c.count >= i64::from(self.limits.codes_per_address_per_window)) {
            return Err(PoolError::LimitExceeded);
        }
        Ok(())
    }
}

/// The counter of codes sent to an address, whichever user or pool asked.
fn address_key(address: &str) -> String {
    tokens::secret_hash(&format!("code-address\0{}", address.trim().to_lowercase()))
}
