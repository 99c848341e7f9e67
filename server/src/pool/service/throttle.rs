//! Attempt limits every door shares: Cognito's lockout after wrong passwords, a cap on
//! wrong codes per user across re-sent codes, and caps on codes sent per user and per
//! address. The counts live in the store, keyed by a hash of whom they count against.

use super::*;
use crate::pool::store::Counter;

/// Cognito's answer when too many codes were asked for or guessed.
pub(super) const ATTEMPT_LIMIT: &str = "Attempt limit exceeded, please try after some time.";
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
            return Err(PoolError::LimitExceeded(ATTEMPT_LIMIT.into()));
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
            return Err(PoolError::LimitExceeded(ATTEMPT_LIMIT.into()));
        }
        if let Some(address) = address {
            let key = address_key(address);
            let sent = self.store.count_attempt(&key, now, window).await?;
            if sent.count > i64::from(self.limits.codes_per_address_per_window) {
                tracing::info!("code refused: the address had its share this window");
                return Err(PoolError::LimitExceeded(ATTEMPT_LIMIT.into()));
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
            return Err(PoolError::LimitExceeded(ATTEMPT_LIMIT.into()));
        }
        Ok(())
    }
}

/// The counter of codes sent to an address, whichever user or pool asked.
fn address_key(address: &str) -> String {
    tokens::secret_hash(&format!("code-address\0{}", address.trim().to_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::ATTEMPT_LIMIT;
    use crate::pool::Denied;
    use crate::pool::{PoolError, SignInStep, SignUpInput};
    use crate::testkit::{Kit, PASSWORD, TRUSTED, denied, refused, refused_with};

    const WRONG: &str = "Wrong-Horse-9";

    fn signed_in(step: Result<SignInStep, PoolError>) -> bool {
        matches!(step, Ok(SignInStep::Done(_)))
    }

    #[tokio::test]
    async fn five_wrong_passwords_lock_the_user_out_without_spending_a_hash() {
        let kit = Kit::with_user("jane").await;
        for _ in 0..5 {
            assert_eq!(
                denied(kit.sign_in("jane", WRONG).await),
                Denied::WrongCredentials
            );
        }
        let hashes = kit.passwords.jobs_accepted();
        // Locked: the right password is refused too, and nothing is verified.
        for password in [PASSWORD, WRONG, PASSWORD] {
            assert_eq!(
                denied(kit.sign_in("jane", password).await),
                Denied::LockedOut
            );
            assert_eq!(
                denied(kit.sign_in("JANE@example.com", password).await),
                Denied::LockedOut
            );
        }
        assert_eq!(
            kit.passwords.jobs_accepted(),
            hashes,
            "no hash while locked"
        );
        // One second after the fifth failure, the right password works and ends the run.
        kit.advance(1);
        assert!(signed_in(kit.sign_in("jane", PASSWORD).await));
        for _ in 0..4 {
            assert_eq!(
                denied(kit.sign_in("jane", WRONG).await),
                Denied::WrongCredentials
            );
        }
        assert!(signed_in(kit.sign_in("jane", PASSWORD).await), "4 is not 5");
    }

    #[tokio::test]
    async fn each_further_failure_doubles_the_lockout() {
        let kit = Kit::with_user("jane").await;
        for _ in 0..5 {
            let _ = kit.sign_in("jane", WRONG).await;
        }
        kit.advance(1);
        let _ = kit.sign_in("jane", WRONG).await; // the sixth: two seconds
        kit.advance(1);
        assert_eq!(
            denied(kit.sign_in("jane", PASSWORD).await),
            Denied::LockedOut
        );
        kit.advance(1);
        let _ = kit.sign_in("jane", WRONG).await; // the seventh: four seconds
        kit.advance(3);
        assert_eq!(
            denied(kit.sign_in("jane", PASSWORD).await),
            Denied::LockedOut
        );
        kit.advance(1);
        assert!(signed_in(kit.sign_in("jane", PASSWORD).await));
    }

    #[tokio::test]
    async fn an_unknown_name_locks_out_as_a_user_does() {
        let kit = Kit::with_user("jane").await;
        let answers = |name: &'static str| {
            let kit = &kit;
            async move {
                let mut seen = Vec::new();
                for _ in 0..7 {
                    seen.push(format!("{:?}", kit.sign_in(name, WRONG).await.map(|_| ())));
                }
                seen
            }
        };
        let real = answers("jane").await;
        let unknown = answers("nobody").await;
        assert_eq!(real, unknown);
        let locked: Result<(), _> = Err(PoolError::NotAuthorized(Denied::LockedOut));
        assert_eq!(real[5], format!("{locked:?}"), "{real:?}");
    }

    #[tokio::test]
    async fn the_srp_door_and_change_password_count_toward_the_lockout() {
        let (kit, signed_in) = Kit::signed_in_as("jane").await;
        let access = &signed_in.tokens.access_token;
        for _ in 0..5 {
            denied(
                kit.pool
                    .change_password(access, WRONG, "Another-Horse-2")
                    .await,
            );
        }
        assert_eq!(
            denied(
                kit.pool
                    .change_password(access, PASSWORD, "Another-Horse-2")
                    .await
            ),
            Denied::LockedOut
        );
        let srp = kit
            .pool
            .srp_start(kit.client_id(), "jane", "01", TRUSTED)
            .await;
        assert_eq!(denied(srp), Denied::LockedOut);
    }

    #[tokio::test]
    async fn wrong_codes_are_capped_per_user_across_new_codes() {
        let kit = Kit::with_user("jane").await;
        let wrong = |code: &str| if code == "000000" { "000001" } else { "000000" }.to_string();
        for round in 0..2 {
            kit.forgot("jane").await.unwrap();
            let code = kit.last_code("jane@example.com");
            for _ in 0..5 {
                refused(
                    kit.reset("jane", &wrong(&code), "Another-Horse-2").await,
                    PoolError::CodeMismatch,
                );
            }
            if round == 0 {
                // Five wrong tries kill a code.
                let dead = kit.reset("jane", &code, "Another-Horse-2").await;
                refused(dead, PoolError::ExpiredCode);
            }
        }
        // Ten wrong guesses this hour: even a fresh code is refused before it is compared.
        kit.forgot("jane").await.unwrap();
        let code = kit.last_code("jane@example.com");
        refused_with(
            kit.reset("jane", &code, "Another-Horse-2").await,
            PoolError::LimitExceeded,
            ATTEMPT_LIMIT,
        );
        // The next window allows guesses again (the code itself lived an hour).
        kit.advance(3600);
        kit.forgot("jane").await.unwrap();
        let code = kit.last_code("jane@example.com");
        kit.reset("jane", &code, "Another-Horse-2").await.unwrap();
    }

    #[tokio::test]
    async fn concurrent_guesses_spend_one_try_each() {
        let kit = Kit::with_user("jane").await;
        kit.forgot("jane").await.unwrap();
        let code = kit.last_code("jane@example.com");
        let wrong = if code == "000000" { "000001" } else { "000000" };
        let guesses = (0..20).map(|_| kit.reset("jane", wrong, "Another-Horse-2"));
        let answers = futures::future::join_all(guesses).await;
        let compared = answers
            .iter()
            .filter(|answer| matches!(answer, Err(PoolError::CodeMismatch(_))))
            .count();
        assert_eq!(compared, 5, "{answers:?}");
    }

    #[tokio::test]
    async fn codes_sent_are_capped_per_user_and_per_address() {
        let kit = Kit::with_user("jane").await;
        // Jane's sign-up code was the first of her five this hour.
        for _ in 0..4 {
            kit.forgot("jane").await.unwrap();
        }
        for _ in 0..5 {
            kit.forgot("nobody").await.unwrap();
        }
        refused_with(
            kit.forgot("jane").await,
            PoolError::LimitExceeded,
            ATTEMPT_LIMIT,
        );
        refused_with(
            kit.forgot("nobody").await,
            PoolError::LimitExceeded,
            ATTEMPT_LIMIT,
        );
        assert_eq!(kit.mail.to("jane@example.com").len(), 5);

        // Sign-ups naming one victim's address: ten codes an hour, then refused before
        // any user is made.
        for n in 0..12 {
            let input = SignUpInput {
                username: format!("spam{n}"),
                password: PASSWORD.into(),
                attributes: [("email".to_string(), "victim@example.com".to_string())].into(),
            };
            let signed_up = kit.pool.sign_up(kit.client_id(), TRUSTED, input).await;
            if n < 10 {
                signed_up.unwrap();
            } else {
                refused_with(signed_up, PoolError::LimitExceeded, ATTEMPT_LIMIT);
            }
        }
        assert_eq!(kit.mail.to("victim@example.com").len(), 10);
        denied(kit.sign_in("spam11", PASSWORD).await);
        kit.advance(3600);
        kit.forgot("jane").await.unwrap();
    }
}
