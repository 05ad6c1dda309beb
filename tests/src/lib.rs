//! The black-box test harness: each test gets a fresh database (a copy of a migrated SQLite
//! file, or a PostgreSQL database created from a migrated template), the demo city, and the
//! real server on a random port, driven over HTTP with reqwest.
//!
//! PostgreSQL tests run when `TEST_DATABASE_URL` is set. Outside CI they are skipped with a
//! message when it is not; in CI (`CI` set) a missing PostgreSQL fails the test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stdout
)]

pub mod browser;
pub mod standins;
pub mod world;

use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::OnceLock;

use actix_web::web;
use diesel::connection::SimpleConnection;
use diesel::{Connection, RunQueryDsl};
use reqwest::{Client, Method, RequestBuilder, Response, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use youai_db::DatabaseUrl;

pub use reqwest;
pub use serde_json;

/// The JWT secret tests run with, so they can forge tokens.
pub const TEST_SECRET: &str = "test-secret-test-secret-test-secret-0123456789";

/// The one browser origin the test server allows cross-site.
pub const TEST_ORIGIN: &str = "https://portal.example.cn";

/// The data key tests run with.
pub const TEST_DATA_KEY: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

/// The day the demo tests load the demo as of (its history ends the day before): the day the
/// demo's figures were first checked against.
pub fn demo_as_of() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 28).expect("a date")
}

pub const ADMIN: (&str, &str) = ("13800000000", "youai-admin-2026");
pub const JINGANG_ADMIN: (&str, &str) = ("13800000001", "youai-demo-2026");
pub const RESIDENT: (&str, &str) = ("13800000002", "youai-demo-2026");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub base: String,
    pub client: Client,
    pub database_url: String,
    pub pool: youai_db::Pool,
    /// The server's outbox: its providers, the data key, the lease. A test runs the worker
    /// itself with `youai_api::outbox::worker::run_once(&app.pool, &app.outbox, now)`.
    pub outbox: std::sync::Arc<youai_api::outbox::worker::Outbox>,
    /// Drops the database with the app.
    _cleanup: Cleanup,
}

pub enum Cleanup {
    Dir(PathBuf),
    PgDatabase { admin_url: String, name: String },
}

/// Removes a test database (its directory, or the PostgreSQL database) when dropped.
impl Drop for Cleanup {
    fn drop(&mut self) {
        match &*self {
            Cleanup::Dir(d) => {
                let _ = std::fs::remove_dir_all(d);
            }
            Cleanup::PgDatabase { admin_url, name } => {
                if let Ok(mut c) = diesel::PgConnection::establish(admin_url) {
                    let _ = c
                        .batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"));
                }
            }
        }
    }
}

/// `TEST_DATABASE_URL`, or `None` (with a note) outside CI; panics in CI without it.
pub fn postgres_url() -> Option<String> {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(u) if !u.is_empty() => Some(u),
        _ if std::env::var_os("CI").is_some() => panic!(
            "CI is set but TEST_DATABASE_URL is not: PostgreSQL tests cannot be skipped in CI"
        ),
        _ => {
            eprintln!(
                "SKIPPED (PostgreSQL): set TEST_DATABASE_URL=postgres://… to run this test on PostgreSQL"
            );
            None
        }
    }
}

/// A fresh database of the given backend; `None` when PostgreSQL is not configured (outside CI).
pub fn fresh_database(backend: Backend) -> Option<(String, Cleanup)> {
    let id = uuid::Uuid::new_v4().simple().to_string();
    match backend {
        Backend::Sqlite => {
            let dir = std::env::temp_dir().join(format!("youai-test-{id}"));
            std::fs::create_dir_all(&dir).unwrap();
            Some((
                format!("sqlite://{}", dir.join("youai.db").display()),
                Cleanup::Dir(dir),
            ))
        }
        Backend::Postgres => {
            let admin_url = postgres_url()?;
            let name = format!("youai_t_{id}");
            let mut c = diesel::PgConnection::establish(&admin_url)
                .unwrap_or_else(|e| panic!("cannot connect to TEST_DATABASE_URL: {e}"));
            c.batch_execute(&format!("CREATE DATABASE \"{name}\""))
                .unwrap();
            Some((
                with_database(&admin_url, &name),
                Cleanup::PgDatabase { admin_url, name },
            ))
        }
    }
}

/// A database every test of one process copies instead of migrating and seeding its own:
/// a SQLite file, or a PostgreSQL database used as `TEMPLATE`. Named after the process, so a
/// later run can remove what an earlier one (which cannot clean up after itself: statics are
/// never dropped) left behind.
struct Template {
    /// The template file (SQLite) or database name (PostgreSQL).
    name: String,
}

static TEMPLATES: [[OnceLock<Template>; 2]; 2] =
    [const { [const { OnceLock::new() }, const { OnceLock::new() }] }; 2];

/// The migrated template of a backend, with or without the demo city, made on first use.
fn template(backend: Backend, demo: bool) -> &'static Template {
    let slot = &TEMPLATES[backend as usize][usize::from(demo)];
    slot.get_or_init(|| {
        let tag = if demo { "demo" } else { "empty" };
        let pid = std::process::id();
        let (url, name) = match backend {
            Backend::Sqlite => {
                remove_stale_sqlite_templates();
                let dir = std::env::temp_dir().join(format!("youai-template-{pid}"));
                std::fs::create_dir_all(&dir).unwrap();
                let file = dir.join(format!("{tag}.db"));
                let _ = std::fs::remove_file(&file);
                (
                    format!("sqlite://{}", file.display()),
                    file.display().to_string(),
                )
            }
            Backend::Postgres => {
                let admin_url = postgres_url().expect("PostgreSQL is configured");
                let mut c = diesel::PgConnection::establish(&admin_url).unwrap();
                remove_stale_pg_templates(&mut c);
                let name = format!("youai_tpl_{pid}_{tag}");
                // Two statements: PostgreSQL runs a batch in one transaction, which these refuse.
                c.batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\""))
                    .unwrap();
                c.batch_execute(&format!("CREATE DATABASE \"{name}\""))
                    .unwrap();
                (with_database(&admin_url, &name), name)
            }
        };
        {
            let pool = youai_server::open_database(&DatabaseUrl::parse(&url).unwrap()).unwrap();
            let mut conn = pool.get().unwrap();
            if demo {
                youai_demo::city::load(&mut conn).unwrap();
            }
            if backend == Backend::Sqlite {
                // Everything into the main file, so a copy of that file is the whole database.
                conn.batch_execute("PRAGMA wal_checkpoint(TRUNCATE)")
                    .unwrap();
            }
        } // The pool's connections close here: PostgreSQL copies only an unused template.
        Template { name }
    })
}

/// `postgres://…/test` with the database name replaced.
fn with_database(url: &str, name: &str) -> String {
    let (base, _) = url
        .rsplit_once('/')
        .expect("TEST_DATABASE_URL names a database");
    format!("{base}/{name}")
}

/// Is the process that made a template gone?
fn process_gone(pid: &str) -> bool {
    pid.parse::<u32>().is_ok_and(|p| p != std::process::id())
        && !std::path::Path::new(&format!("/proc/{pid}")).exists()
}

fn remove_stale_sqlite_templates() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if let Some(pid) = name.strip_prefix("youai-template-")
            && process_gone(pid)
        {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

fn remove_stale_pg_templates(c: &mut diesel::PgConnection) {
    #[derive(diesel::QueryableByName)]
    struct Db {
        #[diesel(sql_type = diesel::sql_types::Text)]
        datname: String,
    }
    let stale: Vec<Db> =
        diesel::sql_query("SELECT datname FROM pg_database WHERE datname LIKE 'youai\\_tpl\\_%'")
            .load(c)
            .unwrap_or_default();
    for db in stale {
        let pid = db.datname.split('_').nth(2).unwrap_or_default();
        if process_gone(pid) {
            let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS \"{}\"", db.datname));
        }
    }
}

/// A fresh database copied from the migrated template (with the demo city when `demo`);
/// `None` when PostgreSQL is not configured (outside CI).
pub fn database_from_template(backend: Backend, demo: bool) -> Option<(String, Cleanup)> {
    if backend == Backend::Postgres {
        postgres_url()?;
    }
    let source = template(backend, demo);
    let id = uuid::Uuid::new_v4().simple().to_string();
    match backend {
        Backend::Sqlite => {
            let dir = std::env::temp_dir().join(format!("youai-test-{id}"));
            std::fs::create_dir_all(&dir).unwrap();
            let file = dir.join("youai.db");
            std::fs::copy(&source.name, &file).unwrap();
            Some((format!("sqlite://{}", file.display()), Cleanup::Dir(dir)))
        }
        Backend::Postgres => {
            let admin_url = postgres_url()?;
            let name = format!("youai_t_{id}");
            let mut c = diesel::PgConnection::establish(&admin_url)
                .unwrap_or_else(|e| panic!("cannot connect to TEST_DATABASE_URL: {e}"));
            c.batch_execute(&format!(
                "CREATE DATABASE \"{name}\" TEMPLATE \"{}\"",
                source.name
            ))
            .unwrap();
            Some((
                with_database(&admin_url, &name),
                Cleanup::PgDatabase { admin_url, name },
            ))
        }
    }
}

impl TestApp {
    /// The real server on a fresh database with the demo city; `None` for PostgreSQL when it is
    /// not configured outside CI.
    pub async fn spawn(backend: Backend) -> Option<TestApp> {
        Self::spawn_with(backend, true).await
    }

    pub async fn spawn_with(backend: Backend, demo: bool) -> Option<TestApp> {
        Self::spawn_full(backend, demo, None).await
    }

    /// The server with the built SPA at `spa_dir` served at `/`.
    pub async fn spawn_full(
        backend: Backend,
        demo: bool,
        spa_dir: Option<PathBuf>,
    ) -> Option<TestApp> {
        Self::spawn_configured(backend, demo, spa_dir, None).await
    }

    /// The server with the outbox's providers given (stand-in SMS and WeChat gateways), else
    /// those the configuration gives.
    pub async fn spawn_configured(
        backend: Backend,
        demo: bool,
        spa_dir: Option<PathBuf>,
        providers: Option<youai_api::outbox::Providers>,
    ) -> Option<TestApp> {
        let (database_url, cleanup) =
            tokio::task::spawn_blocking(move || database_from_template(backend, demo))
                .await
                .unwrap()?;
        let url = DatabaseUrl::parse(&database_url).unwrap();
        let pool = tokio::task::spawn_blocking(move || youai_server::open_database(&url).unwrap())
            .await
            .unwrap();
        let config = youai_server::Config::parse(
            &database_url,
            "127.0.0.1:0",
            Some(TEST_SECRET.into()),
            Some(PathBuf::from("/nonexistent")),
            Some(2),
        )
        .and_then(|c| c.with_cors(Some(TEST_ORIGIN.into())))
        .unwrap();
        let key = youai_api::crypto::DataKey::from_hex(TEST_DATA_KEY).unwrap();
        let mut state =
            youai_server::app_state(pool.clone(), TEST_SECRET.as_bytes(), key, &config).unwrap();
        state.spa_dir = spa_dir;
        if let Some(p) = providers {
            state.outbox = std::sync::Arc::new(youai_api::outbox::worker::Outbox::new(
                p,
                state.data_key.clone(),
            ));
        }
        let outbox = state.outbox.clone();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = actix_web::HttpServer::new(move || {
            youai_api::app(state.clone())
                // A route that panics, to prove panics become a 500 problem.
                .route("/__test/panic", web::get().to(panic_handler))
        })
        .workers(2)
        .disable_signals()
        .listen(listener)
        .unwrap()
        .run();
        tokio::spawn(server);
        let client = Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            // Never reuse a connection the server may be closing (actix keeps idle ones 5 s):
            // under load, a request sent on one as it closes failed with "connection closed
            // before message completed".
            .pool_idle_timeout(std::time::Duration::from_secs(2))
            .build()
            .unwrap();
        Some(TestApp {
            base: format!("http://127.0.0.1:{port}"),
            client,
            database_url,
            pool,
            outbox,
            _cleanup: cleanup,
        })
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn request(&self, method: Method, path: &str, token: Option<&str>) -> RequestBuilder {
        let rb = self.client.request(method, self.url(path));
        match token {
            Some(t) => rb.bearer_auth(t),
            None => rb,
        }
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Response {
        self.request(Method::GET, path, token).send().await.unwrap()
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: &Value) -> Response {
        self.request(Method::POST, path, token)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn patch(&self, path: &str, token: Option<&str>, body: &Value) -> Response {
        self.request(Method::PATCH, path, token)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// Logs in and returns the token response.
    pub async fn login_tokens(&self, (phone, password): (&str, &str)) -> Value {
        let res = self
            .post(
                "/api/v1/auth/login",
                None,
                &json!({"phone": phone, "password": password}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK, "login as {phone}");
        res.json().await.unwrap()
    }

    /// Logs in and returns the access token.
    pub async fn login(&self, who: (&str, &str)) -> String {
        self.login_tokens(who).await["access_token"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// Registers a new account and logs in; returns (user id, access token). When the server
    /// has an SMS gateway (registration then needs a code), the account is made in the
    /// database instead, as a registration with a code would.
    pub async fn new_user(&self, phone: &str, name: &str) -> (i64, String) {
        if self.outbox.providers.sms.is_some() {
            let (pool, p, n) = (self.pool.clone(), phone.to_owned(), name.to_owned());
            let id = tokio::task::spawn_blocking(move || {
                let hash = youai_api::auth::hash_password("password-123").unwrap();
                let mut c = pool.get().unwrap();
                let u = youai_db::users::insert(&mut c, &p, &n, &hash).unwrap();
                youai_db::phone_codes::mark_phone_verified(&mut c, u.id, youai_db::now()).unwrap();
                u.id
            })
            .await
            .unwrap();
            return (id, self.login((phone, "password-123")).await);
        }
        let res = self
            .post(
                "/api/v1/auth/register",
                None,
                &json!({"phone": phone, "password": "password-123", "name": name}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        let user: Value = res.json().await.unwrap();
        (
            user["id"].as_i64().unwrap(),
            self.login((phone, "password-123")).await,
        )
    }

    /// The id of the area with this name (first match).
    pub async fn area_id(&self, name: &str) -> i64 {
        let page: Value = self
            .get(&format!("/api/v1/areas?q={name}&limit=100"), None)
            .await
            .json()
            .await
            .unwrap();
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["name"] == name)
            .unwrap_or_else(|| panic!("no area {name}"))["id"]
            .as_i64()
            .unwrap()
    }

    /// The first venue in an area.
    pub async fn venue_in(&self, area_id: i64) -> Value {
        let page: Value = self
            .get(&format!("/api/v1/venues?area_id={area_id}"), None)
            .await
            .json()
            .await
            .unwrap();
        page["items"][0].clone()
    }
}

async fn panic_handler() -> &'static str {
    panic!("deliberate test panic")
}

/// Reads a body as JSON, checking the status first with a helpful message.
pub async fn json_of<T: DeserializeOwned>(res: Response, want: StatusCode) -> T {
    let status = res.status();
    let text = res.text().await.unwrap();
    assert_eq!(status, want, "unexpected status; body: {text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("bad JSON ({e}): {text}"))
}

/// Checks a problem+json response: status, content type and code; returns the body.
pub async fn problem(res: Response, status: StatusCode, code: &str) -> Value {
    let ct = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let got = res.status();
    let body: Value = res.json().await.unwrap_or(Value::Null);
    assert_eq!(got, status, "status; body: {body}");
    assert_eq!(ct, "application/problem+json", "content type; body: {body}");
    assert_eq!(body["code"], code, "code; body: {body}");
    assert_eq!(
        body["status"],
        status.as_u16(),
        "status field; body: {body}"
    );
    for key in ["type", "title", "detail"] {
        assert!(body[key].is_string(), "problem lacks {key}: {body}");
    }
    body
}

/// Declares async tests `async fn name(app: TestApp)` and runs each on SQLite and PostgreSQL.
#[macro_export]
macro_rules! db_tests {
    ($($name:ident),* $(,)?) => {
        mod on_sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let app = $crate::TestApp::spawn($crate::Backend::Sqlite).await.unwrap();
                    super::$name(app).await;
                }
            )*
        }
        mod on_postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let Some(app) = $crate::TestApp::spawn($crate::Backend::Postgres).await else { return };
                    super::$name(app).await;
                }
            )*
        }
    };
}

/// A valid 18-character resident ID number (GB 11643) for a birth date (`YYYYMMDD`) and a
/// 3-digit sequence whose parity gives the gender (odd = male).
pub fn id_number(birth: &str, seq: u16) -> String {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let first17 = format!("320582{birth}{seq:03}");
    let sum: u32 = first17
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{first17}{check}")
}

impl TestApp {
    /// Adds a skill as the platform admin; returns its id.
    pub async fn skill(&self, code: &str, name: &str) -> i64 {
        let admin = self.login(ADMIN).await;
        let res = self
            .post(
                "/api/v1/skills",
                Some(&admin),
                &json!({"code": code, "name": name}),
            )
            .await;
        let s: Value = json_of(res, StatusCode::CREATED).await;
        s["id"].as_i64().unwrap()
    }

    /// A new account that completes a volunteer profile in `area`; returns (volunteer, token).
    pub async fn volunteer(
        &self,
        phone: &str,
        name: &str,
        area: &str,
        extra: Value,
    ) -> (Value, String) {
        let (_, token) = self.new_user(phone, name).await;
        let area_id = self.area_id(area).await;
        let mut body = json!({"real_name": name, "gender": "female", "birth_date": "1990-05-01", "area_id": area_id});
        if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
            for (k, v) in e {
                b.insert(k.clone(), v.clone());
            }
        }
        let v: Value = json_of(
            self.post("/api/v1/volunteers", Some(&token), &body).await,
            StatusCode::CREATED,
        )
        .await;
        (v, token)
    }

    /// Creates a team (as whoever `token` is); returns it.
    pub async fn team(&self, token: &str, body: Value) -> Value {
        json_of(
            self.post("/api/v1/teams", Some(token), &body).await,
            StatusCode::CREATED,
        )
        .await
    }
}
