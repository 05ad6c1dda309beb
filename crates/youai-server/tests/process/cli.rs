//! The `youai` binary: settings errors, subcommands, and `serve` end to end on SQLite.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::Duration;

fn youai(dir: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_youai"));
    c.current_dir(dir)
        .env_remove("DATABASE_URL")
        .env_remove("YOUAI_BIND")
        .env_remove("YOUAI_JWT_SECRET")
        .env_remove("YOUAI_SPA_DIR")
        .env("RUST_LOG", "warn");
    c
}

fn temp_dir() -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!(
        "youai-cli-{}",
        std::process::id() as u64 * 1000 + rand_suffix()
    ));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn rand_suffix() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos() as u64
        % 1000
}

#[test]
fn bad_settings_exit_2_with_one_line() {
    let dir = temp_dir();
    for (var, value, names) in [
        ("YOUAI_BIND", "not-an-address", "YOUAI_BIND"),
        ("DATABASE_URL", "mysql://localhost/x", "DATABASE_URL"),
        ("YOUAI_JWT_SECRET", "short", "YOUAI_JWT_SECRET"),
        ("RUST_LOG", "info,[[[", "RUST_LOG"),
    ] {
        let out = youai(&dir).env(var, value).arg("migrate").output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{var}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{var}: one line: {err}");
        assert!(err.contains(names), "{var}: names the setting: {err}");
        assert!(
            !err.contains("panicked") && !err.contains("backtrace"),
            "{err}"
        );
    }
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn openapi_prints_the_spec() {
    let dir = temp_dir();
    let out = youai(&dir).arg("openapi").output().unwrap();
    assert!(out.status.success());
    let spec: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(spec["paths"]["/api/v1/auth/login"]["post"].is_object());
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn migrate_seed_and_create_admin_on_the_default_database() {
    let dir = temp_dir();
    // The default database is sqlite://data/youai.db: its directory is created.
    let out = youai(&dir).arg("migrate").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.join("data/youai.db").is_file());

    // A day that is not one: clap's usage error, nothing loaded.
    let out = youai(&dir)
        .args(["seed-demo", "--as-of", "2026-13-01"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--as-of"));
    let out = youai(&dir)
        .args(["seed-demo", "--if-empty", "--as-of", "2026-11-28"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success()
            && text.contains("demo city loaded")
            && text.contains("as of 2026-11-28"),
        "{text}"
    );
    let out = youai(&dir)
        .args(["seed-demo", "--if-empty"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("not loaded"),
        "the second load is skipped"
    );

    let out = youai(&dir)
        .args([
            "create-admin",
            "--phone",
            "13911112222",
            "--password",
            "admin-password-1",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("created a platform admin"));
    let out = youai(&dir).arg("tick").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("closed 0 check-ins"));
    // The demo is as of an earlier day: its open orders may be overdue by now, and the first
    // run escalates or expires them; a second run finds nothing left to do.
    assert!(String::from_utf8_lossy(&out.stdout).contains("orders escalated;"));
    let out = youai(&dir).arg("tick").output().unwrap();
    assert!(out.status.success());
    let again = String::from_utf8_lossy(&out.stdout);
    assert!(
        again.contains("closed 0 check-ins")
            && again.contains("0 orders escalated; 0 orders expired"),
        "{again}"
    );
    let out = youai(&dir)
        .args(["create-admin", "--phone", "123", "--password", "x"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("phone"));
    std::fs::remove_dir_all(dir).ok();
}

fn http_get(addr: &str, path: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

#[test]
fn serve_migrates_seeds_serves_and_stops_on_sigterm() {
    let dir = temp_dir();
    let mut child = youai(&dir)
        .env("YOUAI_BIND", "127.0.0.1:0")
        .args(["serve", "--demo"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let url = first
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {first:?}"))
        .to_owned();
    let logins: Vec<String> = lines.by_ref().take(4).map(Result::unwrap).collect();
    assert!(
        logins.iter().any(|l| l.contains("13800000000")),
        "demo logins printed: {logins:?}"
    );
    let addr = url.trim_start_matches("http://");
    let health = http_get(addr, "/healthz");
    assert!(
        health.starts_with("HTTP/1.0 200") || health.starts_with("HTTP/1.1 200"),
        "{health}"
    );
    let stats = http_get(addr, "/api/v1/stats");
    assert!(stats.contains("\"areas\":"), "{stats}");
    let page = http_get(addr, "/some/client/route");
    assert!(
        page.contains("200 OK") && page.contains("友爱"),
        "client routes get the SPA (or its placeholder): {page}"
    );

    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let status = child.wait().unwrap();
    assert!(status.success(), "graceful exit on SIGTERM: {status:?}");
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(
        err.contains("YOUAI_JWT_SECRET is not set"),
        "the generated-secret warning is logged: {err}"
    );
    std::fs::remove_dir_all(dir).ok();
}

/// `youai backup`, `restore` and `export` as an operator types them.
#[test]
fn backup_restore_and_export_commands() {
    let dir = temp_dir();
    let run = |args: &[&str]| {
        let out = youai(&dir).args(args).output().unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.code(), text)
    };
    let (code, text) = run(&["--database-url", "sqlite://live.db", "seed-demo"]);
    assert_eq!(code, Some(0), "{text}");
    let (code, text) = run(&["--database-url", "sqlite://live.db", "backup", "b.db"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(
        text.contains("backed up sqlite://live.db to b.db"),
        "{text}"
    );
    let (code, text) = run(&["--database-url", "sqlite://live.db", "backup", "b.db"]);
    assert_eq!(code, Some(1), "refuses to overwrite: {text}");
    assert!(text.contains("already exists"), "{text}");
    let (code, text) = run(&["--database-url", "sqlite://restored.db", "restore", "b.db"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(
        text.contains("restored b.db into sqlite://restored.db"),
        "{text}"
    );
    let (code, text) = run(&["--database-url", "sqlite://restored.db", "restore", "b.db"]);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("not empty"), "{text}");
    let (code, text) = run(&[
        "--database-url",
        "sqlite://live.db",
        "export",
        "--to",
        "sqlite://copy.db",
    ]);
    assert_eq!(code, Some(0), "{text}");
    // The same number of rows arrived each time.
    let rows = |t: &str| {
        t.split(": ")
            .last()
            .and_then(|s| s.split(' ').next())
            .and_then(|n| n.parse::<u64>().ok())
            .unwrap()
    };
    let (_, backed) = run(&["--database-url", "sqlite://copy.db", "backup", "c.db"]);
    assert_eq!(rows(backed.trim()), rows(text.trim()), "{backed} / {text}");
    let _ = std::fs::remove_dir_all(&dir);
}
