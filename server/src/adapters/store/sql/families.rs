//! Live token families this process has read, so the check every protected request makes
//! ("is this sign-in revoked?") does not go to the database each time.
//!
//! Every change to a family goes through the store, which calls [`LiveFamilies::forget`]
//! after the change commits; a read that started before a change is never remembered after
//! it (the generation it saw has moved on). With SQLite that is exact: the file belongs to
//! this one process. With PostgreSQL the other nodes' changes arrive as notifications, which
//! can be lost, so there entries also expire after a maximum age.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::pool::TokenFamily;

/// Entries kept before the cache starts over.
const CAPACITY: usize = 10_000;

#[derive(Clone, Debug, Default)]
pub(super) struct LiveFamilies {
    state: Arc<Mutex<State>>,
    /// How long an entry is trusted; `None`: until a change is seen.
    max_age: Option<Duration>,
}

#[derive(Debug, Default)]
struct State {
    generation: u64,
    families: HashMap<String, (TokenFamily, Instant)>,
}

impl LiveFamilies {
    /// A cache whose entries are read again once they are `max_age` old.
    #[allow(dead_code)] // SQLite's store does not use it.
    pub(super) fn with_max_age(max_age: Duration) -> Self {
        Self {
            max_age: Some(max_age),
            ..Self::default()
        }
    }

    /// The family if it is remembered, and the generation to pass to [`Self::remember`]
    /// after reading it from the database otherwise.
    pub(super) fn get(&self, id: &str) -> Result<TokenFamily, u64> {
        let Ok(state) = self.state.lock() else {
            return Err(u64::MAX);
        };
        match state.families.get(id) {
            Some((family, at)) if self.max_age.is_none_or(|age| at.elapsed() < age) => {
                Ok(family.clone())
            }
            _ => Err(state.generation),
        }
    }

    /// Keeps a live family read at `generation`, unless a change came in between.
    pub(super) fn remember(&self, family: &TokenFamily, generation: u64) {
        if family.revoked_at.is_some() {
            return;
        }
        if let Ok(mut state) = self.state.lock()
            && state.generation == generation
        {
            if state.families.len() >= CAPACITY {
                state.families.clear();
            }
            state
                .families
                .insert(family.id.clone(), (family.clone(), Instant::now()));
        }
    }

    /// Forgets every family: one was revoked or deleted (rare: sign-outs, resets, deletions).
    pub(super) fn forget(&self) {
        if let Ok(mut state) = self.state.lock() {
            state.generation += 1;
            state.families.clear();
        }
    }
}
