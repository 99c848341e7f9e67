//! Adapters of the domain's storage port (`crate::pool::store`): SQLite by default;
//! PostgreSQL under way.

pub mod postgres;
mod sqlite;

pub use sqlite::{OpenError, SqliteStore};
