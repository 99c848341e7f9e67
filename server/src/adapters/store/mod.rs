//! Adapters of the domain's storage port (`crate::pool::store`): SQLite by default,
//! PostgreSQL for several nodes on one database. Both run the same SQL (`sql/`).

// Each backend compiles the shared SQL (`sql/`) against its own database types.
#[allow(
    clippy::duplicate_mod,
    reason = "the shared SQL is compiled once per database, on purpose"
)]
pub mod postgres;
mod sqlite;

use std::path::PathBuf;
use std::sync::Arc;

use crate::doors::demo::Notes;
use crate::pool::store::Store;
pub use postgres::PgStore;
pub use sqlite::SqliteStore;

/// Whether `url` names a PostgreSQL database (`postgres://…` or `postgresql://…`).
pub fn is_postgres(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// The store `database.url` names: `postgres://…` (or `postgresql://…`) for PostgreSQL,
/// anything else for SQLite.
#[derive(Clone, Debug)]
pub enum Database {
    Sqlite(SqliteStore),
    Postgres(PgStore),
}

impl Database {
    /// Opens (and migrates) the database `url` names.
    pub async fn open(url: &str, max_connections: u32) -> Result<Self, OpenError> {
        if is_postgres(url) {
            Ok(Self::Postgres(PgStore::open(url, max_connections).await?))
        } else {
            Ok(Self::Sqlite(SqliteStore::open(url, max_connections).await?))
        }
    }

    /// The domain's port over it.
    pub fn store(&self) -> Arc<dyn Store> {
        match self {
            Self::Sqlite(store) => Arc::new(store.clone()),
            Self::Postgres(store) => Arc::new(store.clone()),
        }
    }

    /// The demo's notes, in the same database.
    pub fn notes(&self) -> Notes {
        match self {
            Self::Sqlite(store) => Notes::Sqlite(store.database()),
            Self::Postgres(store) => Notes::Postgres(store.database()),
        }
    }

    /// Closes every connection, waiting for those in use.
    pub async fn close(&self) {
        match self {
            Self::Sqlite(store) => store.close().await,
            Self::Postgres(store) => store.close().await,
        }
    }
}

/// The least text above every text that starts with `prefix`, in bytewise order (UTF-8's
/// bytes sort as its characters do): `prefix` with its last character raised by one, once
/// the trailing U+10FFFF, which cannot be raised, are dropped; `None` if nothing is left.
pub(crate) fn prefix_end(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        let raised = match last {
            '\u{D7FF}' => Some('\u{E000}'),
            other => char::from_u32(u32::from(other) + 1),
        };
        if let Some(raised) = raised {
            chars.push(raised);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

/// How the database would run one of the store's keyed statements
/// (`SqliteStore::query_plans`, `PgStore::query_plans`).
#[derive(Clone, Debug)]
pub struct QueryPlan {
    /// What the statement does, in words.
    pub statement: String,
    pub sql: String,
    /// The database's own words: SQLite's steps one a line, PostgreSQL's JSON.
    pub plan: String,
    /// Reading the pool's users in username order is the statement's purpose (ListUsers
    /// without a filter, a page at a time).
    pub pages_the_pool: bool,
}

/// Why the database could not be opened at start-up.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("`{url}` is not a valid SQLite URL: {source}")]
    Url {
        url: String,
        #[source]
        source: sqlx::Error,
    },
    #[error("cannot create the directory {}: {source}", path.display())]
    CreateDir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot open the database {}: {source}", path.display())]
    Connect {
        path: PathBuf,
        #[source]
        source: sqlx::Error,
    },
    #[error("cannot connect to the PostgreSQL database: {0}")]
    Postgres(#[source] sqlx::Error),
    #[error("cannot apply the database migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

#[cfg(test)]
mod tests {
    use super::prefix_end;

    /// Whether `value` falls in the range `[prefix, prefix_end(prefix))`, compared bytewise as
    /// both databases compare the range.
    fn in_range(prefix: &str, value: &str) -> bool {
        let end = prefix_end(prefix);
        value.as_bytes() >= prefix.as_bytes()
            && end.is_none_or(|end| value.as_bytes() < end.as_bytes())
    }

    #[test]
    fn a_prefix_range_holds_exactly_the_texts_that_start_with_it() {
        assert_eq!(prefix_end("jan").as_deref(), Some("jao"));
        assert_eq!(prefix_end("a\u{10FFFF}").as_deref(), Some("b"));
        assert_eq!(prefix_end("\u{D7FF}").as_deref(), Some("\u{E000}"));
        assert_eq!(prefix_end(""), None);
        assert_eq!(prefix_end("\u{10FFFF}\u{10FFFF}"), None);
        let prefixes = [
            "",
            "j",
            "jan",
            "jä",
            "z\u{10FFFF}",
            "\u{D7FF}",
            "日本",
            "\u{10FFFF}",
        ];
        let values = [
            "",
            "j",
            "ja",
            "jan",
            "jane",
            "jao",
            "jb",
            "jä",
            "jäger",
            "jå",
            "z",
            "z\u{10FFFF}",
            "z\u{10FFFF}x",
            "{",
            "\u{D7FF}",
            "\u{D7FF}a",
            "\u{E000}",
            "日本",
            "日本語",
            "日",
            "\u{10FFFF}",
            "\u{10FFFF}\u{10FFFF}",
        ];
        for prefix in prefixes {
            for value in values {
                assert_eq!(
                    in_range(prefix, value),
                    value.starts_with(prefix),
                    "{prefix:?} and {value:?}"
                );
            }
        }
    }
}
