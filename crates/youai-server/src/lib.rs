//! The `youai` server: configuration, start-up and admin accounts (the demo city is
//! `youai-demo`). The binary (`main.rs`) is a thin CLI over this, and the black-box tests start
//! the same server.

pub mod admin;
pub mod backup;
pub mod config;

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::HttpServer;
use youai_api::crypto::DataKey;
use youai_api::outbox::Providers;
use youai_api::outbox::worker::{Outbox, run_once};
use youai_api::{AppState, AuthSettings, Metrics};
use youai_db::{DatabaseUrl, Pool};

pub use config::{Config, ConfigError};

/// Opens the pool and applies pending migrations.
pub fn open_database(url: &DatabaseUrl) -> anyhow::Result<Pool> {
    let max = if url.is_postgres() { 16 } else { 8 };
    let pool = youai_db::conn::pool(url, max).map_err(anyhow::Error::msg)?;
    let mut conn = pool.get()?;
    let applied = youai_db::migrations::run(&mut conn).map_err(anyhow::Error::msg)?;
    for v in &applied {
        tracing::info!(version = %v, "applied migration");
    }
    Ok(pool)
}

/// The JWT secret: from configuration, or generated once and kept in the database so every
/// server sharing the database signs and checks with the same key.
pub fn jwt_secret(pool: &Pool, configured: Option<&str>) -> anyhow::Result<Vec<u8>> {
    if let Some(s) = configured {
        return Ok(s.as_bytes().to_vec());
    }
    let mut conn = pool.get()?;
    let fresh = {
        use rand::RngCore;
        let mut b = [0u8; 32];
        rand::rng().fill_bytes(&mut b);
        hex::encode(b)
    };
    let (secret, created) = youai_db::settings::get_or_insert(&mut conn, "jwt_secret", &fresh)?;
    if created {
        tracing::warn!(
            "YOUAI_JWT_SECRET is not set: generated a secret and stored it in the database; set YOUAI_JWT_SECRET in production"
        );
    } else {
        tracing::warn!(
            "YOUAI_JWT_SECRET is not set: using the generated secret stored in the database"
        );
    }
    Ok(secret.into_bytes())
}

/// The key that encrypts personal data at rest: from `YOUAI_DATA_KEY`, else from the key file,
/// else generated into the key file (readable by its owner only) with a warning. Never in the
/// database, so a dump of the database alone reveals no ID numbers.
pub fn data_key(config: &Config) -> anyhow::Result<DataKey> {
    if let Some(hex) = &config.data_key {
        return DataKey::from_hex(hex).map_err(|e| anyhow::anyhow!("YOUAI_DATA_KEY: {e}"));
    }
    let path = &config.data_key_file;
    if let Ok(text) = std::fs::read_to_string(path) {
        return DataKey::from_hex(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()));
    }
    let key = DataKey::generate();
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    write_private(path, &key.to_hex())?;
    tracing::warn!(file = %path.display(), "YOUAI_DATA_KEY is not set: generated a data key into a file; back it up, and set YOUAI_DATA_KEY when several servers share a database");
    Ok(key)
}

#[cfg(unix)]
fn write_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(text.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)
}

/// Everything the handlers share, from a ready pool.
pub fn app_state(
    pool: Pool,
    secret: &[u8],
    key: DataKey,
    config: &Config,
) -> anyhow::Result<AppState> {
    let data_key = Arc::new(key);
    Ok(AppState {
        outbox: Arc::new(outbox(config, data_key.clone())),
        pool,
        data_key,
        auth: Arc::new(AuthSettings::new(secret).map_err(anyhow::Error::msg)?),
        metrics: Arc::new(Metrics::default()),
        spa_dir: youai_api::spa::find_dir(config.spa_dir.as_deref()),
        cors_origins: config.cors_origins.clone(),
        certificates: Arc::new(youai_api::certificate_settings::Settings::new(
            config.cert_font.clone(),
            config.public_url.clone(),
        )),
        routes: Arc::new(youai_api::route_table::RouteTable::from_spec(
            &youai_api::openapi(),
        )),
    })
}

/// The HTTP server on an already bound listener. SIGTERM and Ctrl-C stop it gracefully:
/// in-flight requests get up to 30 seconds to finish.
pub fn server(
    state: AppState,
    listener: TcpListener,
    workers: usize,
) -> std::io::Result<actix_web::dev::Server> {
    Ok(HttpServer::new(move || youai_api::app(state.clone()))
        .workers(workers)
        .shutdown_timeout(30)
        .listen(listener)?
        .run())
}

/// The outbox worker's providers and settings from the configuration. Webhooks are always
/// on (they need no gateway: each subscription names its URL).
pub fn outbox(config: &Config, data_key: Arc<DataKey>) -> Outbox {
    use youai_api::outbox::providers::{sms::TencentSms, wechat::Wechat};
    let mut providers = Providers::default();
    match youai_api::outbox::providers::webhook::HttpWebhookSender::new() {
        Ok(sender) => providers.webhooks = Some(Arc::new(sender)),
        Err(e) => tracing::error!(error = %e, "webhooks are off"),
    }
    match config.sms.clone().map(TencentSms::new) {
        Some(Ok(p)) => providers.sms = Some(Arc::new(p)),
        Some(Err(e)) => tracing::error!("SMS gateway not usable: {e}"),
        None => {}
    }
    match config.wechat.clone().map(Wechat::new) {
        Some(Ok(p)) => providers.wechat = Some(Arc::new(p)),
        Some(Err(e)) => tracing::error!("WeChat not usable: {e}"),
        None => {}
    }
    let mut outbox = Outbox::new(providers, data_key);
    outbox.lease = config.outbox_lease;
    outbox
}

/// Runs the outbox worker every `every` on a background thread for the life of the process:
/// due events fanned out, due deliveries sent.
pub fn start_outbox(pool: Pool, outbox: Arc<Outbox>, every: std::time::Duration) {
    std::thread::spawn(move || {
        let runtime = match tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        {
            Ok(r) => r,
            Err(e) => {
                tracing::error!(error = %e, "cannot start the outbox worker");
                return;
            }
        };
        runtime.block_on(async move {
            loop {
                tokio::time::sleep(every).await;
                match run_once(&pool, &outbox, chrono::Utc::now()).await {
                    Ok(w) if w.is_idle() => {}
                    Ok(w) => tracing::info!(
                        events = w.events,
                        inbox = w.inbox,
                        queued = w.queued,
                        delivered = w.delivered,
                        retrying = w.retrying,
                        dead = w.dead,
                        "outbox"
                    ),
                    Err(e) => tracing::error!(error = %e, "the outbox worker failed"),
                }
            }
        });
    });
}

/// Runs the periodic jobs every 10 minutes on a background thread for the life of the process.
pub fn start_timer(pool: Pool) {
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(std::time::Duration::from_secs(600));
            let ticked = pool
                .get()
                .map_err(|e| e.to_string())
                .and_then(|mut c| youai_api::jobs::tick(&mut c));
            match ticked {
                Ok(t) if t.is_idle() => {}
                Ok(t) => tracing::info!(
                    closed = t.closed,
                    expired = t.expired,
                    escalated = t.escalated,
                    expired_orders = t.expired_orders,
                    expiring_vouchers = t.expiring_vouchers,
                    "closed check-ins left open; expired points; escalated and expired orders; told of vouchers about to expire"
                ),
                Err(e) => tracing::error!(error = %e, "periodic jobs failed"),
            }
        }
    });
}
