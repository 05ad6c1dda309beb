//! Storage: the diesel schema, row models and query functions over SQLite or PostgreSQL, the
//! r2d2 pool and the embedded migrations. Query functions return `QueryResult` and know
//! nothing of HTTP.

pub mod activities;
pub mod agencies;
pub mod areas;
pub mod audience;
pub mod audit;
pub mod certificates;
pub mod conn;
pub mod delivery_log;
pub mod idempotency;
pub mod json;
pub mod lists_demo;
pub mod lists_stats;
pub mod migrations;
pub mod monthly;
pub mod needs;
pub mod notifications;
pub mod orders;
pub mod outbox;
pub mod page;
pub mod phone_codes;
pub mod records;
pub mod resources;
pub mod rewards;
pub mod schema;
pub mod settings;
pub mod skills;
pub mod teams;
pub mod transfer;
pub mod unreadable;
pub mod users;
pub mod venues;
pub mod volunteers;
pub mod webhooks;

pub use conn::{DatabaseUrl, DbConn, Pool, PooledConn};
pub use diesel::QueryResult;
pub use diesel::result::Error as DbError;

/// The current time as stored: UTC, truncated to microseconds so SQLite (which would keep
/// nanoseconds) and PostgreSQL hold the same value.
pub fn now() -> chrono::NaiveDateTime {
    use chrono::{SubsecRound, Utc};
    Utc::now().naive_utc().trunc_subsecs(6)
}

/// Runs a query on the concrete connection inside a [`DbConn`], for the few statements the
/// multi-backend cannot express (multi-row inserts): `on_backend!(conn, |c| query.execute(c))`.
#[macro_export]
macro_rules! on_backend {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::DbConn::Sqlite($c) => $body,
            $crate::DbConn::Postgres($c) => $body,
        }
    };
}

/// A `LIKE` pattern that matches `q` anywhere, with `%`, `_` and `\` in `q` taken literally.
pub fn contains_pattern(q: &str) -> String {
    let mut p = String::with_capacity(q.len() + 2);
    p.push('%');
    for ch in q.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(ch);
    }
    p.push('%');
    p
}

/// A `LIKE` pattern for every path below (and including) `path`.
pub fn subtree_pattern(path: &str) -> String {
    let mut p = contains_pattern(path);
    p.remove(0);
    p
}
