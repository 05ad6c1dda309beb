//! Backup, restore and export: the demo city (areas to vouchers, with an audit trail)
//! round-trips SQLite → backup file → a new SQLite database, SQLite → PostgreSQL (export),
//! and PostgreSQL → backup file, and every table compares equal each time.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeMap;

use diesel::connection::SimpleConnection;
use serde_json::Value;
use youai_db::{DatabaseUrl, transfer};
use youai_tests::{Backend, TEST_DATA_KEY, fresh_database};

/// Every table's rows, normalised so the two backends' spellings of the same value agree
/// (timestamps with 'T' or ' ', with or without trailing zero fractions), sorted.
fn snapshot(url: &str) -> BTreeMap<String, Vec<String>> {
    let pool = youai_server::open_database(&DatabaseUrl::parse(url).unwrap()).unwrap();
    let mut c = pool.get().unwrap();
    let mut all = BTreeMap::new();
    for table in transfer::TABLES {
        let mut rows: Vec<String> = transfer::read_rows(&mut c, table)
            .unwrap()
            .into_iter()
            .map(|r| {
                let v: Value = serde_json::from_str(&r).unwrap();
                normalise(v).to_string()
            })
            .collect();
        rows.sort();
        all.insert(table.to_string(), rows);
    }
    all
}

fn normalise(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(m.into_iter().map(|(k, v)| (k, normalise(v))).collect()),
        Value::String(s) => {
            let t = s.replacen('T', " ", 1);
            match chrono::NaiveDateTime::parse_from_str(&t, "%Y-%m-%d %H:%M:%S%.f") {
                Ok(d) if s.len() >= 19 => {
                    Value::String(d.format("%Y-%m-%d %H:%M:%S%.6f").to_string())
                }
                _ => Value::String(s),
            }
        }
        Value::Number(n) => match n.as_i64() {
            Some(i) => Value::from(i),
            None => Value::String(format!("{:.9}", n.as_f64().unwrap_or(0.0))),
        },
        // SQLite keeps flags as 0 and 1, PostgreSQL as booleans: the same fact.
        Value::Bool(b) => Value::from(i64::from(b)),
        other => other,
    }
}

fn assert_same(a: &BTreeMap<String, Vec<String>>, b: &BTreeMap<String, Vec<String>>, what: &str) {
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (table, rows) in a {
        let other = &b[table];
        assert_eq!(rows.len(), other.len(), "{what}: {table} row count");
        for (x, y) in rows.iter().zip(other) {
            assert_eq!(x, y, "{what}: {table}");
        }
    }
}

fn load_demo(url: &str) {
    let pool = youai_server::open_database(&DatabaseUrl::parse(url).unwrap()).unwrap();
    let key = youai_api::crypto::DataKey::from_hex(TEST_DATA_KEY).unwrap();
    let mut c = pool.get().unwrap();
    youai_demo::city::load(&mut c).unwrap();
    youai_demo::corps::load_corps(&mut c, &key, youai_tests::demo_as_of()).unwrap();
    youai_demo::activities::load_activities(&mut c, youai_tests::demo_as_of()).unwrap();
    youai_demo::rewards::load_rewards(&mut c, youai_tests::demo_as_of()).unwrap();
    // Something in the append-only audit log too.
    youai_db::audit::append(
        &mut c,
        &youai_db::audit::NewEntry {
            actor_id: None,
            request_id: Some("backup-test".into()),
            action: "test.note".into(),
            target_type: "test".into(),
            target_id: "1".into(),
            before_state: None,
            after_state: Some("{\"ok\":true}".into()),
        },
    )
    .unwrap();
}

#[test]
fn the_demo_city_round_trips_through_backup_restore_and_export() {
    let (source, _s) = fresh_database(Backend::Sqlite).unwrap();
    load_demo(&source);
    let original = snapshot(&source);
    assert!(
        original["vouchers"].len() > 5000,
        "the demo's vouchers are there"
    );
    assert_eq!(original["audit_log"].len(), 1);

    // Every table the database has is one the copy knows (a new table must join TABLES).
    {
        let pool = youai_server::open_database(&DatabaseUrl::parse(&source).unwrap()).unwrap();
        let mut known: Vec<String> = transfer::TABLES.iter().map(|t| t.to_string()).collect();
        known.sort();
        assert_eq!(
            transfer::existing_tables(&mut pool.get().unwrap()).unwrap(),
            known
        );
    }

    // SQLite → backup file (online VACUUM INTO) → restored into a new SQLite database.
    let dir = tempdir();
    let file = dir.join("youai-backup.db");
    let source_url = DatabaseUrl::parse(&source).unwrap();
    let copied = youai_server::backup::backup(&source_url, &file).unwrap();
    assert_eq!(
        copied.iter().find(|(t, _)| t == "volunteers").unwrap().1,
        5000
    );
    assert!(
        youai_server::backup::backup(&source_url, &file).is_err(),
        "never overwrites"
    );
    let (restored, _r) = fresh_database(Backend::Sqlite).unwrap();
    youai_server::backup::restore(&file, &DatabaseUrl::parse(&restored).unwrap()).unwrap();
    assert_same(&original, &snapshot(&restored), "sqlite backup → restore");
    // Restoring into a database that has data is refused, and changes nothing.
    let err = youai_server::backup::restore(&file, &DatabaseUrl::parse(&restored).unwrap())
        .unwrap_err()
        .to_string();
    assert!(err.contains("not empty"), "{err}");

    // SQLite → PostgreSQL (export), then PostgreSQL → backup file.
    let Some((pg, _p)) = fresh_database(Backend::Postgres) else {
        let _ = std::fs::remove_dir_all(&dir);
        return;
    };
    let pg_url = DatabaseUrl::parse(&pg).unwrap();
    youai_server::backup::copy(&source_url, &pg_url).unwrap();
    assert_same(&original, &snapshot(&pg), "sqlite → postgres export");
    // New rows continue after the copied ids.
    {
        let pool = youai_server::open_database(&pg_url).unwrap();
        let mut c = pool.get().unwrap();
        c.batch_execute(
            "DO $$ BEGIN IF nextval(pg_get_serial_sequence('vouchers', 'id')) <= (SELECT MAX(id) FROM vouchers) \
             THEN RAISE EXCEPTION 'sequence behind'; END IF; END $$",
        )
        .unwrap();
    }
    let file2 = dir.join("from-postgres.db");
    youai_server::backup::backup(&pg_url, &file2).unwrap();
    assert_same(
        &original,
        &snapshot(&format!("sqlite://{}", file2.display())),
        "postgres → backup",
    );
}

fn tempdir() -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("youai-backup-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&d).unwrap();
    d
}
