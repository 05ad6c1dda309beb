//! Copying a whole deployment between databases, table by table, as JSON rows: SQLite to
//! PostgreSQL when a city outgrows one file, either way for backups (a backup is a SQLite
//! file, whatever the source), and back again to restore. Both sides must be migrated to the
//! same schema; the target must be empty.
//!
//! Rows travel as JSON objects: read with `json_object` (SQLite) or `row_to_json`
//! (PostgreSQL) and written with `json_each` + `json_extract` (SQLite) or
//! `json_populate_recordset` (PostgreSQL), so one generic path serves every table.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;

use crate::DbConn;

/// Every table, parents before children (the order the migrations create them in).
pub const TABLES: &[&str] = &[
    "server_settings",
    "areas",
    "venues",
    "users",
    "role_grants",
    "refresh_tokens",
    "login_failures",
    "idempotency_keys",
    "skills",
    "volunteers",
    "volunteer_skills",
    "teams",
    "team_decisions",
    "recruitments",
    "team_members",
    "project_batches",
    "agencies",
    "projects",
    "need_categories",
    "needs",
    "activities",
    "sign_ups",
    "check_events",
    "used_checkin_tokens",
    "service_records",
    "certificates",
    "star_changes",
    "points_entries",
    "rewards",
    "vouchers",
    "honours",
    "need_events",
    "resources",
    "resource_periods",
    "resource_allocations",
    "need_links",
    "menu_items",
    "menu_item_areas",
    "menu_item_months",
    "orders",
    "order_needs",
    "order_events",
    "events",
    "webhooks",
    "deliveries",
    "delivery_attempts",
    "notifications",
    "notification_preferences",
    "notification_settings",
    "phone_codes",
    "audit_log",
];

/// Tables whose rows the migrations themselves write (a default vocabulary): a freshly
/// migrated target holds them already, and the copy replaces them with the source's.
pub const SEEDED_BY_MIGRATIONS: &[&str] = &["need_categories"];

/// Rows written per statement.
const CHUNK: usize = 500;

#[derive(QueryableByName)]
struct JsonRow {
    #[diesel(sql_type = Text)]
    row: String,
}

#[derive(QueryableByName)]
struct TableName {
    #[diesel(sql_type = Text)]
    name: String,
}

#[derive(QueryableByName)]
struct Column {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    #[diesel(column_name = "type")]
    kind: String,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// The tables that exist in the database (besides diesel's bookkeeping), sorted.
pub fn existing_tables(conn: &mut DbConn) -> QueryResult<Vec<String>> {
    let rows: Vec<TableName> = match conn {
        DbConn::Sqlite(c) => diesel::sql_query(
            "SELECT name FROM sqlite_master WHERE type = 'table' \
             AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__diesel%' ORDER BY name",
        )
        .load(c)?,
        DbConn::Postgres(c) => diesel::sql_query(
            "SELECT table_name::text AS name FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' \
             AND table_name NOT LIKE '__diesel%' ORDER BY table_name",
        )
        .load(c)?,
    };
    Ok(rows.into_iter().map(|r| r.name).collect())
}

/// A SQLite table's columns: (name, declared type).
fn sqlite_columns(
    c: &mut diesel::SqliteConnection,
    table: &str,
) -> QueryResult<Vec<(String, String)>> {
    let cols: Vec<Column> = diesel::sql_query(format!("PRAGMA table_info({table})")).load(c)?;
    Ok(cols.into_iter().map(|c| (c.name, c.kind)).collect())
}

/// A table's rows as JSON objects, in id (else insertion) order.
pub fn read_rows(conn: &mut DbConn, table: &str) -> QueryResult<Vec<String>> {
    check_table(table)?;
    let rows: Vec<JsonRow> = match conn {
        DbConn::Sqlite(c) => {
            let cols = sqlite_columns(c, table)?;
            let pairs: Vec<String> = cols
                .iter()
                .map(|(name, _)| format!("'{name}', \"{name}\""))
                .collect();
            diesel::sql_query(format!(
                "SELECT json_object({}) AS row FROM {table} ORDER BY rowid",
                pairs.join(", ")
            ))
            .load(c)?
        }
        DbConn::Postgres(c) => {
            let order = if has_id(table) { "ORDER BY t.id" } else { "" };
            diesel::sql_query(format!(
                "SELECT row_to_json(t)::text AS row FROM {table} t {order}"
            ))
            .load(c)?
        }
    };
    Ok(rows.into_iter().map(|r| r.row).collect())
}

/// Tables keyed by an `id` identity column (the rest have composite or natural keys).
fn has_id(table: &str) -> bool {
    !matches!(
        table,
        "server_settings"
            | "login_failures"
            | "idempotency_keys"
            | "volunteer_skills"
            | "used_checkin_tokens"
            | "resource_periods"
            | "menu_item_areas"
            | "menu_item_months"
            | "order_needs"
            | "notification_preferences"
            | "notification_settings"
    )
}

fn check_table(table: &str) -> QueryResult<()> {
    if TABLES.contains(&table) {
        Ok(())
    } else {
        Err(diesel::result::Error::QueryBuilderError(
            format!("unknown table {table}").into(),
        ))
    }
}

/// Writes JSON rows (as `read_rows` gives them) into a table.
pub fn write_rows(conn: &mut DbConn, table: &str, rows: &[String]) -> QueryResult<usize> {
    check_table(table)?;
    let mut written = 0;
    for chunk in rows.chunks(CHUNK) {
        let array = format!("[{}]", chunk.join(","));
        written += match conn {
            DbConn::Sqlite(c) => {
                let cols = sqlite_columns(c, table)?;
                let names: Vec<String> = cols.iter().map(|(n, _)| format!("\"{n}\"")).collect();
                let values: Vec<String> = cols
                    .iter()
                    .map(|(n, kind)| {
                        let v = format!("json_extract(value, '$.{n}')");
                        // PostgreSQL writes timestamps with a 'T'; keep SQLite's own form.
                        if kind.eq_ignore_ascii_case("TIMESTAMP") {
                            format!("replace({v}, 'T', ' ')")
                        } else {
                            v
                        }
                    })
                    .collect();
                diesel::sql_query(format!(
                    "INSERT INTO {table} ({}) SELECT {} FROM json_each(?)",
                    names.join(", "),
                    values.join(", ")
                ))
                .bind::<Text, _>(&array)
                .execute(c)?
            }
            DbConn::Postgres(c) => diesel::sql_query(format!(
                "INSERT INTO {table} SELECT * FROM json_populate_recordset(NULL::{table}, $1::json)"
            ))
            .bind::<Text, _>(&array)
            .execute(c)?,
        };
    }
    Ok(written)
}

/// Rows in a table.
pub fn count_rows(conn: &mut DbConn, table: &str) -> QueryResult<i64> {
    check_table(table)?;
    let q = format!("SELECT COUNT(*) AS n FROM {table}");
    let counts: Vec<Count> = match conn {
        DbConn::Sqlite(c) => diesel::sql_query(q).load(c)?,
        DbConn::Postgres(c) => diesel::sql_query(q).load(c)?,
    };
    Ok(counts.first().map_or(0, |c| c.n))
}

/// Copies every table from `from` into the empty, migrated `to`, in one transaction on the
/// target (a failure leaves it empty) and one consistent snapshot of the source. Returns the
/// rows copied per table.
pub fn copy_all(from: &mut DbConn, to: &mut DbConn) -> Result<Vec<(String, usize)>, String> {
    let expected: Vec<String> = {
        let mut t: Vec<String> = TABLES.iter().map(|t| t.to_string()).collect();
        t.sort();
        t
    };
    for (side, conn) in [("source", &mut *from), ("target", &mut *to)] {
        let found = existing_tables(conn).map_err(|e| e.to_string())?;
        if found != expected {
            return Err(format!(
                "the {side} database's tables are not this version's (migrate both first): {found:?}"
            ));
        }
    }
    for table in TABLES.iter().filter(|t| !SEEDED_BY_MIGRATIONS.contains(t)) {
        let n = count_rows(to, table).map_err(|e| e.to_string())?;
        if n > 0 {
            return Err(format!(
                "the target database is not empty ({table} has {n} rows)"
            ));
        }
    }
    // One snapshot of the source while it may still be serving.
    if let DbConn::Postgres(c) = from {
        c.batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .map_err(|e| e.to_string())?;
    } else if let DbConn::Sqlite(c) = from {
        c.batch_execute("BEGIN").map_err(|e| e.to_string())?;
    }
    let copied = to.transaction(|to| -> QueryResult<Vec<(String, usize)>> {
        let mut copied = Vec::with_capacity(TABLES.len());
        // Children first: no row of the target refers to the seeded rows yet, but be exact.
        for table in SEEDED_BY_MIGRATIONS.iter().rev() {
            check_table(table)?;
            to.batch_execute(&format!("DELETE FROM {table}"))?;
        }
        for table in TABLES {
            let rows = read_rows(from, table)?;
            let n = write_rows(to, table, &rows)?;
            copied.push((table.to_string(), n));
        }
        if let DbConn::Postgres(c) = to {
            // Identity columns continue after the copied ids.
            for table in TABLES.iter().filter(|t| has_id(t)) {
                c.batch_execute(&format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                     COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
                ))?;
            }
        }
        Ok(copied)
    });
    let end = match from {
        DbConn::Postgres(c) => c.batch_execute("COMMIT"),
        DbConn::Sqlite(c) => c.batch_execute("COMMIT"),
    };
    let copied = copied.map_err(|e| e.to_string())?;
    end.map_err(|e| e.to_string())?;
    Ok(copied)
}
