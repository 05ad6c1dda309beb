//! Storage: SQLite's pragmas, migrations that can be re-applied, all-or-nothing writes, on both backends.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

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
                level: "city",
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
        kind: "point".into(),
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
                level: "city",
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
