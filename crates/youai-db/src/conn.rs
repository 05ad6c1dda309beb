//! Connections and the pool: one code base over embedded SQLite or PostgreSQL, picked by URL.

use std::path::{Path, PathBuf};
use std::time::Duration;

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::prelude::*;
use diesel::{PgConnection, SqliteConnection};

/// A connection to either backend. Queries written against it run on both.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Postgres(PgConnection),
    Sqlite(SqliteConnection),
}

pub type Pool = r2d2::Pool<Manager>;
pub type PooledConn = r2d2::PooledConnection<Manager>;

/// Where the database is, parsed from `DATABASE_URL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// A SQLite file (`sqlite://data/youai.db`, `sqlite:///abs/path.db`).
    Sqlite(PathBuf),
    /// A PostgreSQL server (`postgres://…` or `postgresql://…`).
    Postgres(String),
}

impl DatabaseUrl {
    /// Parses a URL; the error says what is wrong in a few words.
    pub fn parse(url: &str) -> Result<Self, String> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(DatabaseUrl::Postgres(url.to_owned()));
        }
        let path = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
            .ok_or_else(|| {
                format!("unsupported database URL '{url}': use sqlite://PATH or postgres://…")
            })?;
        if path.is_empty() {
            return Err("the sqlite URL names no file: use sqlite://PATH".into());
        }
        Ok(DatabaseUrl::Sqlite(PathBuf::from(path)))
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, DatabaseUrl::Postgres(_))
    }

    /// Creates the directory a SQLite file lives in.
    pub fn prepare(&self) -> std::io::Result<()> {
        if let DatabaseUrl::Sqlite(path) = self
            && let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        {
            std::fs::create_dir_all(dir)?;
        }
        Ok(())
    }

    /// A printable form with any password hidden.
    pub fn redacted(&self) -> String {
        match self {
            DatabaseUrl::Sqlite(p) => format!("sqlite://{}", p.display()),
            DatabaseUrl::Postgres(url) => match (url.find("://"), url.rfind('@')) {
                (Some(s), Some(at)) if at > s => {
                    let creds = url.get(s + 3..at).unwrap_or_default();
                    let user = creds.split(':').next().unwrap_or_default();
                    format!(
                        "{}{}:***{}",
                        url.get(..s + 3).unwrap_or_default(),
                        user,
                        url.get(at..).unwrap_or_default()
                    )
                }
                _ => url.clone(),
            },
        }
    }
}

/// Opens one connection, with SQLite's pragmas set.
pub fn establish(url: &DatabaseUrl) -> ConnectionResult<DbConn> {
    match url {
        DatabaseUrl::Postgres(u) => PgConnection::establish(u).map(DbConn::Postgres),
        DatabaseUrl::Sqlite(path) => {
            let mut c = SqliteConnection::establish(&sqlite_path(path))?;
            // One batch: sql_query would run only the first statement.
            c.batch_execute(
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                 PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;",
            )
            .map_err(ConnectionError::CouldntSetupConfiguration)?;
            Ok(DbConn::Sqlite(c))
        }
    }
}

fn sqlite_path(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// r2d2's connection manager. Picks the backend from the URL and reports the real connection
/// error at once (diesel's generic manager hides it behind the pool's timeout).
#[derive(Debug, Clone)]
pub struct Manager {
    url: DatabaseUrl,
}

impl Manager {
    pub fn new(url: DatabaseUrl) -> Self {
        Manager { url }
    }
}

impl r2d2::ManageConnection for Manager {
    type Connection = DbConn;
    type Error = ConnectionError;

    fn connect(&self) -> Result<DbConn, ConnectionError> {
        establish(&self.url)
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), ConnectionError> {
        conn.batch_execute("SELECT 1")
            .map_err(ConnectionError::CouldntSetupConfiguration)
    }

    fn has_broken(&self, _conn: &mut DbConn) -> bool {
        false
    }
}

/// Builds the pool, failing fast when the database cannot be reached.
pub fn pool(url: &DatabaseUrl, max_size: u32) -> Result<Pool, String> {
    url.prepare()
        .map_err(|e| format!("cannot create the database directory: {e}"))?;
    // Connect once first so a bad URL or a down server is reported as it is.
    establish(url).map_err(|e| format!("cannot connect to {}: {e}", url.redacted()))?;
    r2d2::Pool::builder()
        .max_size(max_size)
        .connection_timeout(Duration::from_secs(10))
        .test_on_check_out(false)
        .build(Manager::new(url.clone()))
        .map_err(|e| format!("cannot open the connection pool: {e}"))
}

impl DbConn {
    pub fn is_sqlite(&self) -> bool {
        matches!(self, DbConn::Sqlite(_))
    }

    /// Runs `f` in a transaction that takes the write lock up front. On SQLite a deferred
    /// transaction that reads and then writes fails with "database is locked" when another
    /// writer got in between; `BEGIN IMMEDIATE` waits (busy_timeout) instead.
    pub fn write_transaction<T, E, F>(&mut self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConn) -> Result<T, E>,
        E: From<diesel::result::Error>,
    {
        let DbConn::Sqlite(c) = self else {
            return self.transaction(f);
        };
        // Begin through diesel's own transaction manager so its bookkeeping stays right;
        // commit and rollback below go through the same manager (the derive delegates to it).
        AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?;
        match f(self) {
            Ok(value) => {
                <DbConn as Connection>::TransactionManager::commit_transaction(self)?;
                Ok(value)
            }
            Err(user_error) => {
                match <DbConn as Connection>::TransactionManager::rollback_transaction(self) {
                    Ok(()) | Err(diesel::result::Error::BrokenTransactionManager) => {
                        Err(user_error)
                    }
                    Err(rollback_error) => Err(rollback_error.into()),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_urls() {
        assert_eq!(
            DatabaseUrl::parse("sqlite://data/youai.db"),
            Ok(DatabaseUrl::Sqlite("data/youai.db".into()))
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite:///tmp/x.db"),
            Ok(DatabaseUrl::Sqlite("/tmp/x.db".into()))
        );
        assert!(DatabaseUrl::parse("postgres://u:p@h/db").is_ok_and(|u| u.is_postgres()));
        assert!(DatabaseUrl::parse("mysql://x").is_err());
        assert!(DatabaseUrl::parse("sqlite://").is_err());
    }

    #[test]
    fn hides_passwords() {
        let u = DatabaseUrl::parse("postgres://youai:s3cret@db:5432/youai")
            .unwrap_or(DatabaseUrl::Sqlite("x".into()));
        assert_eq!(u.redacted(), "postgres://youai:***@db:5432/youai");
    }
}
