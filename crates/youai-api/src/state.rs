//! What every handler shares: the pool, the token keys and settings, metrics.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use jsonwebtoken::{DecodingKey, EncodingKey};
use youai_db::Pool;

#[derive(Clone)]
pub struct AppState {
    pub pool: Pool,
    pub auth: Arc<AuthSettings>,
    /// Encrypts personal data at rest (resident ID numbers).
    pub data_key: Arc<crate::crypto::DataKey>,
    pub metrics: Arc<Metrics>,
    /// The built SPA (index.html and the wasm bundle), when found.
    pub spa_dir: Option<PathBuf>,
    /// Origins allowed to call the API from a browser on another site (CORS).
    pub cors_origins: Vec<String>,
    /// The certificate font (loaded on first use) and the public address printed on them.
    pub certificates: Arc<crate::certificate_settings::Settings>,
    /// The documented routes, to tell 405 (known path, other method) from 404.
    pub routes: Arc<crate::route_table::RouteTable>,
    /// The outbox's providers (SMS, WeChat, webhooks) and settings: the worker sends through
    /// them, and phone codes go out by the SMS provider at once.
    pub outbox: Arc<crate::outbox::worker::Outbox>,
}

pub struct AuthSettings {
    pub encoding: EncodingKey,
    pub decoding: DecodingKey,
    pub issuer: String,
    pub audience: String,
    pub access_ttl: Duration,
    pub refresh_ttl: Duration,
    /// Failed logins for one phone within `login_window` before 429.
    pub max_failures_per_phone: usize,
    /// Failed logins from one IP within `login_window` before 429.
    pub max_failures_per_ip: usize,
    pub login_window: Duration,
}

impl AuthSettings {
    pub const ISSUER: &'static str = "youai";
    pub const AUDIENCE: &'static str = "youai-api";

    /// Defaults from the spec of issue #2: 15-minute access tokens, 30-day refresh tokens.
    pub fn new(secret: &[u8]) -> Result<Self, String> {
        let key_error = |e: jsonwebtoken::errors::Error| format!("unusable JWT secret: {e}");
        Ok(AuthSettings {
            encoding: EncodingKey::from_secret(secret).map_err(key_error)?,
            decoding: DecodingKey::from_secret(secret).map_err(key_error)?,
            issuer: Self::ISSUER.to_owned(),
            audience: Self::AUDIENCE.to_owned(),
            access_ttl: Duration::from_secs(15 * 60),
            refresh_ttl: Duration::from_secs(30 * 24 * 3600),
            max_failures_per_phone: 5,
            max_failures_per_ip: 50,
            login_window: Duration::from_secs(15 * 60),
        })
    }
}

/// Prometheus counters and a latency histogram, kept in memory per process.
#[derive(Default)]
pub struct Metrics {
    inner: Mutex<MetricsInner>,
}

#[derive(Default)]
struct MetricsInner {
    requests: HashMap<(String, String, u16), u64>,
    latency: HashMap<String, Histogram>,
}

#[derive(Default, Clone)]
struct Histogram {
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

const BUCKETS: [f64; 11] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
];

impl Metrics {
    pub fn observe(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        let Ok(mut m) = self.inner.lock() else { return };
        *m.requests
            .entry((method.to_owned(), route.to_owned(), status))
            .or_default() += 1;
        let h = m.latency.entry(route.to_owned()).or_default();
        let secs = elapsed.as_secs_f64();
        for (slot, bound) in h.buckets.iter_mut().zip(BUCKETS) {
            if secs <= bound {
                *slot += 1;
            }
        }
        h.count += 1;
        h.sum += secs;
    }

    /// The Prometheus text exposition.
    pub fn render(&self, pool_in_use: u32, pool_idle: u32, pool_max: u32) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        let Ok(m) = self.inner.lock() else { return out };
        let _ = writeln!(
            out,
            "# HELP youai_http_requests_total HTTP requests by method, route and status."
        );
        let _ = writeln!(out, "# TYPE youai_http_requests_total counter");
        let mut rows: Vec<_> = m.requests.iter().collect();
        rows.sort();
        for ((method, route, status), n) in rows {
            let _ = writeln!(
                out,
                "youai_http_requests_total{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {n}",
                escape(route)
            );
        }
        let _ = writeln!(
            out,
            "# HELP youai_http_request_duration_seconds Time to answer a request, by route."
        );
        let _ = writeln!(out, "# TYPE youai_http_request_duration_seconds histogram");
        let mut hs: Vec<_> = m.latency.iter().collect();
        hs.sort_by(|a, b| a.0.cmp(b.0));
        for (route, h) in hs {
            let r = escape(route);
            for (bound, n) in BUCKETS.iter().zip(h.buckets) {
                let _ = writeln!(
                    out,
                    "youai_http_request_duration_seconds_bucket{{route=\"{r}\",le=\"{bound}\"}} {n}"
                );
            }
            let _ = writeln!(
                out,
                "youai_http_request_duration_seconds_bucket{{route=\"{r}\",le=\"+Inf\"}} {}",
                h.count
            );
            let _ = writeln!(
                out,
                "youai_http_request_duration_seconds_sum{{route=\"{r}\"}} {}",
                h.sum
            );
            let _ = writeln!(
                out,
                "youai_http_request_duration_seconds_count{{route=\"{r}\"}} {}",
                h.count
            );
        }
        let _ = writeln!(
            out,
            "# HELP youai_db_pool_connections Database pool connections by state."
        );
        let _ = writeln!(out, "# TYPE youai_db_pool_connections gauge");
        let _ = writeln!(
            out,
            "youai_db_pool_connections{{state=\"in_use\"}} {pool_in_use}"
        );
        let _ = writeln!(
            out,
            "youai_db_pool_connections{{state=\"idle\"}} {pool_idle}"
        );
        let _ = writeln!(out, "youai_db_pool_connections{{state=\"max\"}} {pool_max}");
        out
    }
}

fn escape(label: &str) -> String {
    label
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}
