//! Adapters of the domain's storage port (`crate::pool::store`): SQLite by default.

mod sqlite;

pub use sqlite::{OpenError, SqliteStore};
