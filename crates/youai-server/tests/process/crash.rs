//! Crash safety: the real `youai serve` under a write load (points adjustments and
//! redemptions) is killed with SIGKILL mid-load and restarted on the same database. Every
//! request it acknowledged must be there, and the ledgers must balance: each volunteer's
//! balance is the sum of their entries, never negative, and the courtesy's stock is its
//! initial stock less its live vouchers. On SQLite, and on PostgreSQL when
//! `TEST_DATABASE_URL` is set (required in CI).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stderr
)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use futures_util::future::join_all;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

const STOCK: i64 = 100_000;
const VOLUNTEERS: usize = 8;

fn temp_dir() -> std::path::PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let d = std::env::temp_dir().join(format!("youai-crash-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Starts `youai serve` on the database; returns the child and its base URL.
fn serve(dir: &std::path::Path, database_url: &str, demo: bool) -> (Child, String) {
    serve_logging(dir, database_url, demo, None)
}

/// `serve`, with its log at `log_level` written to `dir/server.log` when given.
fn serve_logging(
    dir: &std::path::Path,
    database_url: &str,
    demo: bool,
    log_level: Option<&str>,
) -> (Child, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_youai"));
    cmd.current_dir(dir)
        .env("DATABASE_URL", database_url)
        .env("YOUAI_BIND", "127.0.0.1:0")
        .env(
            "YOUAI_JWT_SECRET",
            "crash-test-secret-crash-test-secret-0123",
        )
        .env(
            "YOUAI_DATA_KEY",
            "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
        )
        .env_remove("YOUAI_SPA_DIR")
        .env("RUST_LOG", log_level.unwrap_or("error"))
        .arg("serve")
        .stdout(Stdio::piped())
        .stderr(match log_level {
            Some(_) => Stdio::from(std::fs::File::create(dir.join("server.log")).unwrap()),
            None => Stdio::null(),
        });
    if demo {
        cmd.arg("--demo");
    }
    let mut child = cmd.spawn().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let url = first
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {first:?}"))
        .to_owned();
    // Keep draining stdout so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (child, url)
}

async fn json_post(c: &Client, url: &str, token: Option<&str>, body: Value) -> (StatusCode, Value) {
    let mut r = c.post(url).json(&body);
    if let Some(t) = token {
        r = r.bearer_auth(t);
    }
    match r.send().await {
        Ok(res) => {
            let s = res.status();
            (s, res.json().await.unwrap_or(Value::Null))
        }
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, Value::Null),
    }
}

async fn login(c: &Client, base: &str, phone: &str, password: &str) -> String {
    let (s, b) = json_post(
        c,
        &format!("{base}/api/v1/auth/login"),
        None,
        json!({"phone": phone, "password": password}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    b["access_token"].as_str().unwrap().to_owned()
}

/// What the server acknowledged (2xx) before it died.
#[derive(Default)]
struct Acknowledged {
    adjustments: Vec<String>,
    vouchers: Vec<String>,
}

async fn crash_and_check(database_url: &str, label: &str) {
    let dir = temp_dir();
    let (mut child, base) = serve(&dir, database_url, true);
    let c = Client::new();
    let admin = login(&c, &base, "13800000000", "youai-admin-2026").await;
    let (s, reward) = json_post(
        &c,
        &format!("{base}/api/v1/rewards"),
        Some(&admin),
        json!({"kind": "goods", "name": "压测物资", "provider": "测试", "cost_points": 1, "stock": STOCK}),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{reward}");
    let reward_id = reward["id"].as_i64().unwrap();
    let area: Value = c
        .get(format!("{base}/api/v1/areas?q=金都社区"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let area_id = area["items"][0]["id"].as_i64().unwrap();
    let mut people = Vec::new();
    for i in 0..VOLUNTEERS {
        let phone = format!("1370000{i:04}");
        let (s, b) = json_post(
            &c,
            &format!("{base}/api/v1/auth/register"),
            None,
            json!({"phone": phone, "password": "password-123", "name": format!("压测{i}")}),
        )
        .await;
        assert_eq!(s, StatusCode::CREATED, "{b}");
        let token = login(&c, &base, &phone, "password-123").await;
        let (s, v) = json_post(
            &c,
            &format!("{base}/api/v1/volunteers"),
            Some(&token),
            json!({"real_name": format!("压测{i}"), "gender": "female", "birth_date": "1990-05-01", "area_id": area_id}),
        )
        .await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        let id = v["id"].as_i64().unwrap();
        let (s, b) = json_post(
            &c,
            &format!("{base}/api/v1/volunteers/{id}/points/adjustments"),
            Some(&admin),
            json!({"points": 1000, "reason": "起始积分"}),
        )
        .await;
        assert_eq!(s, StatusCode::CREATED, "{b}");
        people.push((id, token));
    }

    // The load: adjustments by the admin and redemptions by every volunteer, until the server
    // stops answering.
    let acked = Arc::new(Mutex::new(Acknowledged::default()));
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut workers = Vec::new();
    for (w, (vid, token)) in people.iter().enumerate() {
        let (c, base, admin, token, acked) = (
            c.clone(),
            base.clone(),
            admin.clone(),
            token.clone(),
            acked.clone(),
        );
        let vid = *vid;
        workers.push(async move {
            let mut failures = 0;
            for n in 0.. {
                if Instant::now() > deadline || failures > 20 {
                    break;
                }
                let reason = format!("crash-{w}-{n}");
                let (s, _) = json_post(
                    &c,
                    &format!("{base}/api/v1/volunteers/{vid}/points/adjustments"),
                    Some(&admin),
                    json!({"points": 1, "reason": reason}),
                )
                .await;
                if s == StatusCode::CREATED {
                    acked.lock().unwrap().adjustments.push(reason);
                } else {
                    failures += 1;
                }
                let (s, v) = json_post(
                    &c,
                    &format!("{base}/api/v1/rewards/{reward_id}/redemptions"),
                    Some(&token),
                    json!({}),
                )
                .await;
                if s == StatusCode::CREATED {
                    acked
                        .lock()
                        .unwrap()
                        .vouchers
                        .push(v["code"].as_str().unwrap().to_owned());
                } else {
                    failures += 1;
                }
            }
        });
    }
    let killer = async {
        // Let the load run, then pull the plug mid-flight.
        loop {
            tokio::time::sleep(Duration::from_millis(100)).await;
            let a = acked.lock().unwrap();
            if a.adjustments.len() >= 60 && a.vouchers.len() >= 60 {
                break;
            }
        }
        let status = Command::new("kill")
            .args(["-KILL", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    };
    futures_util::join!(join_all(workers), killer);
    child.wait().unwrap();
    let (adjustments, vouchers) = {
        let a = acked.lock().unwrap();
        (a.adjustments.clone(), a.vouchers.clone())
    };
    eprintln!(
        "{label}: killed after {} acknowledged adjustments and {} acknowledged redemptions",
        adjustments.len(),
        vouchers.len()
    );

    // Restart on the same database: it comes up, and everything acknowledged is there.
    let (mut child, base) = serve(&dir, database_url, false);
    let health = c.get(format!("{base}/readyz")).send().await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    let url = youai_db::DatabaseUrl::parse(database_url).unwrap();
    let pool = youai_db::conn::pool(&url, 2).unwrap();
    let mut conn = pool.get().unwrap();
    use youai_db::schema::{points_entries as pe, rewards as r, vouchers as v};
    let present: Vec<String> = pe::table
        .filter(pe::reason.eq_any(&adjustments))
        .select(pe::reason.assume_not_null())
        .load(&mut conn)
        .unwrap();
    assert_eq!(
        present.len(),
        adjustments.len(),
        "{label}: every acknowledged adjustment survived"
    );
    let codes: Vec<String> = v::table
        .filter(v::code.eq_any(&vouchers))
        .select(v::code)
        .load(&mut conn)
        .unwrap();
    assert_eq!(
        codes.len(),
        vouchers.len(),
        "{label}: every acknowledged voucher survived"
    );
    // Ledgers balance: each redemption has its debit, balances are sums and never negative.
    for (vid, _) in &people {
        let entries: Vec<(String, i32, Option<i64>)> = pe::table
            .filter(pe::volunteer_id.eq(vid))
            .select((pe::kind, pe::points, pe::voucher_id))
            .load(&mut conn)
            .unwrap();
        let balance: i64 = entries.iter().map(|e| i64::from(e.1)).sum();
        let held: i64 = v::table
            .filter(v::volunteer_id.eq(vid))
            .filter(v::status.ne("cancelled"))
            .count()
            .get_result(&mut conn)
            .unwrap();
        let debits = entries.iter().filter(|e| e.0 == "redeem").count() as i64;
        assert_eq!(debits, held, "{label}: one debit per voucher for {vid}");
        assert!(balance >= 0, "{label}: balance {balance} for {vid}");
    }
    let stock: Option<i32> = r::table
        .find(reward_id)
        .select(r::stock)
        .first(&mut conn)
        .unwrap();
    let live: i64 = v::table
        .filter(v::reward_id.eq(reward_id))
        .filter(v::status.ne("cancelled"))
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(
        i64::from(stock.unwrap()),
        STOCK - live,
        "{label}: stock = initial − live vouchers"
    );
    // And it still works.
    let (s, _) = json_post(
        &c,
        &format!("{base}/api/v1/rewards/{reward_id}/redemptions"),
        Some(&people[0].1),
        json!({}),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
    drop(conn);
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_writes_survive_sigkill_on_sqlite() {
    let dir = temp_dir();
    let url = format!("sqlite://{}", dir.join("youai.db").display());
    crash_and_check(&url, "sqlite").await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_writes_survive_sigkill_on_postgres() {
    let admin_url = match std::env::var("TEST_DATABASE_URL") {
        Ok(u) if !u.is_empty() => u,
        _ if std::env::var_os("CI").is_some() => {
            panic!(
                "CI is set but TEST_DATABASE_URL is not: PostgreSQL tests cannot be skipped in CI"
            )
        }
        _ => {
            eprintln!(
                "SKIPPED (PostgreSQL): set TEST_DATABASE_URL to run the crash test on PostgreSQL"
            );
            return;
        }
    };
    let name = format!("youai_crash_{}", std::process::id());
    let mut admin = diesel::PgConnection::establish(&admin_url).unwrap();
    admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
        .unwrap();
    admin
        .batch_execute(&format!("CREATE DATABASE \"{name}\""))
        .unwrap();
    let (base, _) = admin_url.rsplit_once('/').unwrap();
    crash_and_check(&format!("{base}/{name}"), "postgres").await;
    let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"));
}

/// SIGTERM drains: requests already being served finish with their answers before the
/// server exits, and it exits cleanly.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigterm_lets_requests_in_flight_finish() {
    let dir = temp_dir();
    let url = format!("sqlite://{}", dir.join("youai.db").display());
    let (mut child, base) = serve_logging(&dir, &url, true, Some("debug"));
    let c = Client::new();
    // Serving already (not just listening).
    let ready = c.get(format!("{base}/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::OK);
    // Password hashing makes logins slow enough to be caught in flight.
    let started = Instant::now();
    let logins = (0..4).map(|_| {
        let (c, base) = (c.clone(), base.clone());
        tokio::spawn(async move {
            json_post(
                &c,
                &format!("{base}/api/v1/auth/login"),
                None,
                json!({"phone": "13800000000", "password": "youai-admin-2026"}),
            )
            .await
        })
    });
    let logins: Vec<_> = logins.collect();
    tokio::time::sleep(Duration::from_millis(150)).await;
    let term = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    for l in logins {
        let (status, body) = l.await.unwrap();
        assert_eq!(status, StatusCode::OK, "answered despite SIGTERM: {body}");
        assert!(body["access_token"].is_string());
    }
    let exit = child.wait().unwrap();
    assert!(exit.success(), "clean exit: {exit:?}");
    eprintln!(
        "4 logins in flight finished after SIGTERM ({:?})",
        started.elapsed()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
