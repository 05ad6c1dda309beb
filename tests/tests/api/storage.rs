//! Storage: SQLite's pragmas, migrations that can be re-applied, all-or-nothing writes, on both backends.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use youai_db::{DatabaseUrl, DbConn};
use youai_tests::{Backend, fresh_database};

#[derive(QueryableByName)]
struct Mode {
    #[diesel(sql_type = Text)]
    journal_mode: String,
}

#[derive(QueryableByName)]
struct Flag {
    #[diesel(sql_type = BigInt)]
    foreign_keys: i64,
}

#[derive(QueryableByName)]
struct Timeout {
    #[diesel(sql_type = BigInt)]
    timeout: i64,
}

#[test]
fn sqlite_runs_in_wal_with_foreign_keys_and_a_busy_timeout() {
    let (url, _cleanup) = fresh_database(Backend::Sqlite).unwrap();
    let pool = youai_server::open_database(&DatabaseUrl::parse(&url).unwrap()).unwrap();
    let mut conn = pool.get().unwrap();
    let DbConn::Sqlite(c) = &mut *conn else {
        panic!("expected SQLite")
    };
    let mode: Mode = diesel::sql_query("PRAGMA journal_mode")
        .get_result(c)
        .unwrap();
    assert_eq!(mode.journal_mode, "wal");
    let fk: Flag = diesel::sql_query("PRAGMA foreign_keys")
        .get_result(c)
        .unwrap();
    assert_eq!(fk.foreign_keys, 1);
    let t: Timeout = diesel::sql_query("PRAGMA busy_timeout")
        .get_result(c)
        .unwrap();
    assert!(t.timeout >= 5000, "busy_timeout {}", t.timeout);
}

fn migrations_and_transactions(backend: Backend) {
    let Some((url, _cleanup)) = fresh_database(backend) else {
        return;
    };
    let url = DatabaseUrl::parse(&url).unwrap();
    let pool = youai_server::open_database(&url).unwrap();
    // Opening again finds nothing to apply.
    let mut conn = pool.get().unwrap();
    assert_eq!(
        youai_db::migrations::run(&mut conn).unwrap(),
        Vec::<String>::new()
    );

    // A failing write transaction leaves nothing behind.
    let result: Result<(), diesel::result::Error> = conn.write_transaction(|c| {
        youai_db::areas::insert(
            c,
            &youai_db::areas::NewArea {
                parent: None,
                level: youai_types::AreaLevel::City,
                name: "回滚市",
                code: None,
            },
        )?;
        Err(diesel::result::Error::RollbackTransaction)
    });
    assert!(result.is_err());
    assert_eq!(youai_db::areas::count(&mut conn).unwrap(), 0);
    // Foreign keys hold: a venue in a missing area is refused by the database itself.
    let orphan = youai_db::venues::VenueFields {
        area_id: 424242,
        kind: youai_types::VenueKind::Point,
        name: "孤儿".into(),
        address: "无".into(),
        latitude: None,
        longitude: None,
        opening_hours: None,
        capacity: None,
        phone: None,
        description: None,
    };
    assert!(youai_db::venues::insert(&mut conn, &orphan).is_err());
    // A committed one stays.
    let ok: Result<_, diesel::result::Error> = conn.write_transaction(|c| {
        youai_db::areas::insert(
            c,
            &youai_db::areas::NewArea {
                parent: None,
                level: youai_types::AreaLevel::City,
                name: "张家港市",
                code: None,
            },
        )
    });
    let city = ok.unwrap();
    assert_eq!(city.path, format!("/{}/", city.id));
    assert_eq!(youai_db::areas::count(&mut conn).unwrap(), 1);
}

#[test]
fn migrations_and_transactions_on_sqlite() {
    migrations_and_transactions(Backend::Sqlite);
}

#[test]
fn migrations_and_transactions_on_postgres() {
    migrations_and_transactions(Backend::Postgres);
}

youai_tests::db_tests!(a_stored_value_naming_no_variant_is_an_error_not_a_default);

/// A level this build does not know (written by a newer one, or by hand) makes reading the
/// row fail with an opaque 500 — never a silent default such as `village`.
async fn a_stored_value_naming_no_variant_is_an_error_not_a_default(app: youai_tests::TestApp) {
    let id = app.area_id("金港镇").await;
    let ok = app.get(&format!("/api/v1/areas/{id}"), None).await;
    assert_eq!(ok.status(), reqwest::StatusCode::OK);
    let pool = app.pool.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        // Around the CHECK constraint that keeps such values out in normal operation.
        let bypass = match &mut *conn {
            DbConn::Sqlite(_) => "PRAGMA ignore_check_constraints = ON",
            DbConn::Postgres(_) => "ALTER TABLE areas DROP CONSTRAINT areas_level_check",
        };
        conn.batch_execute(bypass).unwrap();
        diesel::sql_query(format!("UPDATE areas SET level = 'hamlet' WHERE id = {id}"))
            .execute(&mut *conn)
            .unwrap();
    })
    .await
    .unwrap();
    for path in [
        format!("/api/v1/areas/{id}"),
        "/api/v1/areas?limit=100".into(),
    ] {
        let res = app.get(&path, None).await;
        let body = youai_tests::problem(
            res,
            reqwest::StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
        )
        .await;
        assert!(
            !body.to_string().contains("hamlet"),
            "{path}: the cause stays in the log: {body}"
        );
    }
    // The log names the rows: the error's type and value lead back to the table and the id.
    let pool = app.pool.clone();
    let rows = tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        let read = youai_db::areas::find(&mut conn, id).unwrap_err();
        let bad = youai_db::unreadable::unreadable(&read)
            .expect("an unreadable-value error")
            .clone();
        assert_eq!((bad.type_name, bad.value.as_str()), ("AreaLevel", "hamlet"));
        youai_db::unreadable::rows_holding(&mut conn, &bad).unwrap()
    })
    .await
    .unwrap();
    assert_eq!(rows, vec![("areas", vec![id])]);
}
