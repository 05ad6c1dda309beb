//! Embedded migrations, one set per backend (their dialects differ in identity columns).

use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::DbConn;

const SQLITE: EmbeddedMigrations = embed_migrations!("../../migrations/sqlite");
const POSTGRES: EmbeddedMigrations = embed_migrations!("../../migrations/postgresql");

/// Applies every pending migration; returns the versions applied.
pub fn run(conn: &mut DbConn) -> Result<Vec<String>, String> {
    let applied = match conn {
        DbConn::Sqlite(c) => c
            .run_pending_migrations(SQLITE)
            .map(|v| v.iter().map(ToString::to_string).collect()),
        DbConn::Postgres(c) => c
            .run_pending_migrations(POSTGRES)
            .map(|v| v.iter().map(ToString::to_string).collect()),
    };
    applied.map_err(|e| format!("migration failed: {e}"))
}
