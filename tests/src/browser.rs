//! A real headless Chromium, driven over WebDriver (chromedriver + fantoccini), against the
//! real server serving the built SPA. Failures save a screenshot under
//! `target/browser-screenshots/`, named after the test. The steps the journeys share are in
//! [`steps`].

mod steps;

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

use crate::{Backend, TestApp};

pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// The SPA build (`make spa`).
pub fn spa_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../frontend/dist"))
}

/// Whether the browser tests can run; in CI a missing piece is an error, elsewhere a skip.
pub fn available() -> bool {
    let missing: Vec<String> = [
        (
            spa_dir().join("index.html"),
            "the SPA build (run `make spa`)",
        ),
        (
            PathBuf::from(CHROMEDRIVER),
            "chromedriver (Debian package chromium-driver)",
        ),
        (PathBuf::from(CHROMIUM), "chromium"),
    ]
    .into_iter()
    .filter(|(p, _)| !p.exists())
    .map(|(p, what)| format!("{what} at {}", p.display()))
    .collect();
    if missing.is_empty() {
        return true;
    }
    if std::env::var_os("CI").is_some() {
        panic!(
            "browser tests cannot run in CI without: {}",
            missing.join(", ")
        );
    }
    eprintln!(
        "SKIPPED (browser): missing {}; `make test` installs and builds them",
        missing.join(", ")
    );
    false
}

pub struct Browser {
    pub app: TestApp,
    pub client: Client,
    driver: Child,
    /// chromedriver's address, for the commands fantoccini has no method for.
    driver_url: String,
    name: String,
    profile: PathBuf,
}

/// The running test's name, for its screenshot: libtest runs each test on a thread named after
/// it (`module::test`), and `#[tokio::test]` polls the test's body on that thread.
fn test_name() -> String {
    let thread = std::thread::current();
    let path = thread.name().unwrap_or("browser");
    path.rsplit("::").next().unwrap_or(path).to_owned()
}

impl Browser {
    /// The server (SQLite, demo city, the built SPA) and a fresh headless Chromium at `width`×900,
    /// for the test that calls it (its screenshot on failure is named after the test).
    pub async fn start(width: u32) -> Option<Browser> {
        Self::start_serving(width, spa_dir()).await
    }

    /// [`start`](Self::start), serving the SPA build in `dir` (e.g. an older one, to compare).
    pub async fn start_serving(width: u32, dir: PathBuf) -> Option<Browser> {
        Self::start_configured(width, dir, None).await
    }

    /// [`start`](Self::start) with the outbox's providers given (the stand-in SMS gateway).
    pub async fn start_with_providers(
        width: u32,
        providers: youai_api::outbox::Providers,
    ) -> Option<Browser> {
        Self::start_configured(width, spa_dir(), Some(providers)).await
    }

    async fn start_configured(
        width: u32,
        dir: PathBuf,
        providers: Option<youai_api::outbox::Providers>,
    ) -> Option<Browser> {
        let name = test_name();
        if !available() {
            return None;
        }
        let app = TestApp::spawn_configured(Backend::Sqlite, true, Some(dir), providers).await?;
        let port = TcpListener::bind("127.0.0.1:0")
            .ok()?
            .local_addr()
            .ok()?
            .port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let profile =
            std::env::temp_dir().join(format!("youai-chrome-{}", uuid::Uuid::new_v4().simple()));
        let caps = json!({
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    format!("--window-size={width},900"), format!("--user-data-dir={}", profile.display()),
                ],
                // Downloads land in the profile, where `downloaded` reads them.
                "prefs": {
                    "download.default_directory": profile.join("downloads").display().to_string(),
                    "download.prompt_for_download": false,
                }
            }
        });
        let caps = caps.as_object().cloned().unwrap_or_default();
        let url = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        let client = loop {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector)
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(c) => break c,
                Err(e) if started.elapsed() > Duration::from_secs(20) => {
                    panic!("cannot start a browser session: {e}")
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        };
        Some(Browser {
            app,
            client,
            driver,
            driver_url: url,
            name,
            profile,
        })
    }

    pub async fn open(&self, path: &str) {
        if let Err(e) = self.client.goto(&self.app.url(path)).await {
            self.fail(&format!("cannot open {path}: {e}")).await;
        }
    }

    /// Waits (up to 15 s) for an element.
    pub async fn find(&self, css: &str) -> fantoccini::elements::Element {
        match self
            .client
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::Css(css))
            .await
        {
            Ok(e) => e,
            Err(e) => self.fail(&format!("no element `{css}`: {e}")).await,
        }
    }

    /// Waits (up to 15 s) until the element's text satisfies `ok`; returns the text.
    pub async fn text_until(&self, css: &str, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        loop {
            if let Ok(e) = self.client.find(Locator::Css(css)).await
                && let Ok(t) = e.text().await
                && ok(&t)
            {
                return t;
            }
            if started.elapsed() > Duration::from_secs(15) {
                let text = match self.client.find(Locator::Css(css)).await {
                    Ok(e) => e.text().await.unwrap_or_default(),
                    Err(_) => "(no such element)".into(),
                };
                self.fail(&format!("`{css}` never showed {what}; it shows: {text}"))
                    .await;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn type_into(&self, css: &str, text: &str) {
        let e = self.find(css).await;
        if let Err(err) = e.send_keys(text).await {
            self.fail(&format!("cannot type into `{css}`: {err}")).await;
        }
    }

    pub async fn click(&self, css: &str) {
        let e = self.find(css).await;
        if let Err(err) = e.click().await {
            self.fail(&format!("cannot click `{css}`: {err}")).await;
        }
    }

    /// The bytes of a file the page downloaded, once it is complete (waits up to 15 s).
    pub async fn downloaded(&self, file: &str) -> Vec<u8> {
        let path = self.profile.join("downloads").join(file);
        let started = Instant::now();
        let partial = self
            .profile
            .join("downloads")
            .join(format!("{file}.crdownload"));
        let mut last: Option<Vec<u8>> = None;
        loop {
            // Chromium may create the file before it has written it: take it once it is not
            // empty, no longer partial, and the same on two reads in a row.
            if let Ok(bytes) = std::fs::read(&path)
                && !bytes.is_empty()
                && !partial.exists()
            {
                if last.as_ref() == Some(&bytes) {
                    return bytes;
                }
                last = Some(bytes);
            }
            if started.elapsed() > Duration::from_secs(15) {
                self.fail(&format!("no download {}", path.display())).await;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Resizes the window to `width`×`height`, scrolls the element `scroll_to` (if any) to the
    /// top, and saves what the window shows as a PNG at `path`.
    pub async fn screenshot_at(
        &self,
        width: u32,
        height: u32,
        scroll_to: Option<&str>,
        path: &std::path::Path,
    ) {
        if let Err(e) = self.client.set_window_size(width, height).await {
            self.fail(&format!("cannot resize to {width}×{height}: {e}"))
                .await;
        }
        // Let the layout settle at the new width.
        tokio::time::sleep(Duration::from_millis(600)).await;
        let script = "const e = arguments[0] && document.querySelector(arguments[0]); \
                      if (e) { e.scrollIntoView(); } else { window.scrollTo(0, 0); }";
        let _ = self.client.execute(script, vec![json!(scroll_to)]).await;
        tokio::time::sleep(Duration::from_millis(200)).await;
        match self.client.screenshot().await {
            Ok(png) => {
                if let Some(dir) = path.parent() {
                    let _ = std::fs::create_dir_all(dir);
                }
                std::fs::write(path, png).expect("write the screenshot");
            }
            Err(e) => self.fail(&format!("cannot take a screenshot: {e}")).await,
        }
    }

    /// Runs a Chrome DevTools Protocol command through chromedriver (network and CPU
    /// throttling); returns its result.
    pub async fn cdp(&self, cmd: &str, params: serde_json::Value) -> serde_json::Value {
        let session = match self.client.session_id().await {
            Ok(Some(id)) => id,
            other => self.fail(&format!("no WebDriver session: {other:?}")).await,
        };
        let res = reqwest::Client::new()
            .post(format!(
                "{}/session/{session}/goog/cdp/execute",
                self.driver_url
            ))
            .json(&json!({ "cmd": cmd, "params": params }))
            .send()
            .await;
        match res {
            Ok(r) if r.status().is_success() => r.json().await.unwrap_or_default(),
            Ok(r) => {
                let body = r.text().await.unwrap_or_default();
                self.fail(&format!("{cmd} refused: {body}")).await
            }
            Err(e) => self.fail(&format!("{cmd} failed: {e}")).await,
        }
    }

    /// What the page has fetched so far, from the Resource Timing API: `(path, transferred
    /// bytes, encoded body bytes, decoded body bytes)` per request; a transfer of 0 is the cache.
    pub async fn resources(&self) -> Vec<(String, u64, u64, u64)> {
        let script = "return performance.getEntriesByType('resource').map(e => \
                      [new URL(e.name).pathname, e.transferSize, e.encodedBodySize, e.decodedBodySize]);";
        let value = match self.client.execute(script, Vec::new()).await {
            Ok(v) => v,
            Err(e) => {
                self.fail(&format!("cannot read the resource timings: {e}"))
                    .await
            }
        };
        let n = |v: &serde_json::Value| v.as_f64().unwrap_or_default() as u64;
        value
            .as_array()
            .map(|rows| {
                rows.iter()
                    .map(|r| {
                        (
                            r[0].as_str().unwrap_or_default().to_owned(),
                            n(&r[1]),
                            n(&r[2]),
                            n(&r[3]),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Saves a screenshot, then fails the test.
    pub async fn fail(&self, message: &str) -> ! {
        let dir = PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../target/browser-screenshots"
        ));
        let _ = std::fs::create_dir_all(&dir);
        let path = dir.join(format!("{}.png", self.name));
        if let Ok(png) = self.client.screenshot().await {
            let _ = std::fs::write(&path, png);
        }
        panic!("{message} (screenshot: {})", path.display());
    }

    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
    }
}
