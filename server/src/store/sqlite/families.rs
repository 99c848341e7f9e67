//! Live token families this process has read, so the check every protected request makes
//! ("is this sign-in revoked?") does not go to the file each time.
//!
//! Exact, not a time-to-live guess: the SQLite file belongs to this one process, so every
//! change to a family goes through [`super::SqliteStore`], which calls [`LiveFamilies::forget`]
//! after each such change commits. A read that started before a change is never
//! remembered after it: the generation it saw has moved on.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::pool::TokenFamily;

/// Entries kept before the cache starts over.
const CAPACITY: usize = 10_000;

#[derive(Clone, Debug, Default)]
pub(super) struct LiveFamilies {
    state: Arc<Mutex<State>>,
}

#[derive(Debug, Default)]
struct State {
    generation: u64,
    families: HashMap<String, TokenFamily>,
}

impl LiveFamilies {
    /// The family if it is remembered, and the generation to pass to [`Self::remember`]
    /// after reading it from the file otherwise.
    pub(super) fn get(&self, id: &str) -> Result<TokenFamily, u64> {
        let Ok(state) = self.state.lock() else {
            return Err(u64::MAX);
        };
        state.families.get(id).cloned().ok_or(state.generation)
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
            state.families.insert(family.id.clone(), family.clone());
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
