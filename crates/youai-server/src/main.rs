//! `youai`: the server and its administration commands.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use youai_server::Config;

#[derive(Parser)]
#[command(
    name = "youai",
    version,
    about = "友爱 youai — 城市志愿服务平台 (serve is the default command)"
)]
struct Cli {
    /// sqlite://PATH (default) or postgres://USER@HOST/DB
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/youai.db",
        global = true
    )]
    database_url: String,
    /// Address and port to listen on.
    #[arg(
        long,
        env = "YOUAI_BIND",
        default_value = "127.0.0.1:8080",
        global = true
    )]
    bind: String,
    /// Secret for signing access tokens (≥ 32 bytes). When absent, one is generated and kept in the database.
    #[arg(long, env = "YOUAI_JWT_SECRET", global = true, hide_env_values = true)]
    jwt_secret: Option<String>,
    /// Where the built SPA is; found automatically when unset.
    #[arg(long, env = "YOUAI_SPA_DIR", global = true)]
    spa_dir: Option<PathBuf>,
    /// Key for personal data at rest (64 hex characters). When absent, one is generated into --data-key-file.
    #[arg(long, env = "YOUAI_DATA_KEY", global = true, hide_env_values = true)]
    data_key: Option<String>,
    /// Where a generated data key is kept.
    #[arg(long, env = "YOUAI_DATA_KEY_FILE", global = true)]
    data_key_file: Option<PathBuf>,
    /// The Chinese font PDF certificates embed (`path` or `path#index` of a collection); a system font when unset.
    #[arg(long, env = "YOUAI_CERT_FONT", global = true)]
    cert_font: Option<String>,
    /// The public address of the site (e.g. https://youai.example.cn), printed on certificates.
    #[arg(long, env = "YOUAI_PUBLIC_URL", global = true)]
    public_url: Option<String>,
    /// Browser origins allowed to call the API from other sites, comma-separated (default: none).
    #[arg(long, env = "YOUAI_CORS_ORIGINS", global = true)]
    cors_origins: Option<String>,
    /// HTTP worker threads (default: one per core).
    #[arg(long, env = "YOUAI_WORKERS", global = true)]
    workers: Option<usize>,
    /// How often the outbox worker looks for notifications and webhooks to send, in
    /// milliseconds (default: 2000).
    #[arg(long, env = "YOUAI_OUTBOX_INTERVAL_MS", global = true)]
    outbox_interval_ms: Option<u64>,
    /// How long the outbox worker holds a delivery it took, in seconds (default: 60); a server
    /// that dies mid-delivery leaves it to another after this.
    #[arg(long, env = "YOUAI_OUTBOX_LEASE_SECS", global = true)]
    outbox_lease_secs: Option<u64>,
    /// Tencent Cloud SMS (SendSms, TC3-HMAC-SHA256): the API's base URL (default https://sms.tencentcloudapi.com).
    #[arg(long, env = "YOUAI_SMS_BASE_URL", global = true)]
    sms_base_url: Option<String>,
    /// Tencent Cloud SMS: the SecretId. Set it with the key, app id, sign name and template to send text messages and require a code at registration.
    #[arg(long, env = "YOUAI_SMS_SECRET_ID", global = true)]
    sms_secret_id: Option<String>,
    /// Tencent Cloud SMS: the SecretKey.
    #[arg(
        long,
        env = "YOUAI_SMS_SECRET_KEY",
        global = true,
        hide_env_values = true
    )]
    sms_secret_key: Option<String>,
    /// Tencent Cloud SMS: the SmsSdkAppId.
    #[arg(long, env = "YOUAI_SMS_APP_ID", global = true)]
    sms_app_id: Option<String>,
    /// Tencent Cloud SMS: the approved signature (签名).
    #[arg(long, env = "YOUAI_SMS_SIGN_NAME", global = true)]
    sms_sign_name: Option<String>,
    /// Tencent Cloud SMS: the approved template, whose one parameter {1} carries the text.
    #[arg(long, env = "YOUAI_SMS_TEMPLATE_ID", global = true)]
    sms_template_id: Option<String>,
    /// Tencent Cloud SMS: the region (default ap-guangzhou).
    #[arg(long, env = "YOUAI_SMS_REGION", global = true)]
    sms_region: Option<String>,
    /// WeChat template messages: the API's base URL (default https://api.weixin.qq.com).
    #[arg(long, env = "YOUAI_WECHAT_BASE_URL", global = true)]
    wechat_base_url: Option<String>,
    /// WeChat: the official account's AppID. Set it with the secret and template to send template messages.
    #[arg(long, env = "YOUAI_WECHAT_APP_ID", global = true)]
    wechat_app_id: Option<String>,
    /// WeChat: the AppSecret.
    #[arg(
        long,
        env = "YOUAI_WECHAT_APP_SECRET",
        global = true,
        hide_env_values = true
    )]
    wechat_app_secret: Option<String>,
    /// WeChat: the template (fields first and keyword1); links point at --public-url.
    #[arg(long, env = "YOUAI_WECHAT_TEMPLATE_ID", global = true)]
    wechat_template_id: Option<String>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Migrate the database and serve the API and the SPA.
    Serve {
        /// Load the demo city first when the database has no areas.
        #[arg(long)]
        demo: bool,
        /// With --demo: the day the demo is loaded as of, YYYY-MM-DD (its history ends the day
        /// before, its calendar starts that day); default today in China time.
        #[arg(long, requires = "demo")]
        as_of: Option<NaiveDate>,
    },
    /// Apply pending database migrations.
    Migrate,
    /// Load the demo city (Zhangjiagang) and demo accounts; safe to run again.
    SeedDemo {
        /// Do nothing when the database already has areas.
        #[arg(long)]
        if_empty: bool,
        /// The day the demo is loaded as of, YYYY-MM-DD (its history ends the day before, its
        /// calendar starts that day); default today in China time.
        #[arg(long)]
        as_of: Option<NaiveDate>,
    },
    /// Create a platform admin (or make an existing account one).
    CreateAdmin {
        #[arg(long)]
        phone: String,
        #[arg(long, env = "YOUAI_ADMIN_PASSWORD", hide_env_values = true)]
        password: String,
        #[arg(long, default_value = "平台管理员")]
        name: String,
    },
    /// Print the OpenAPI document.
    Openapi,
    /// Run the periodic jobs once (closing check-ins left open, the yearly points expiry, order
    /// deadlines: escalating untaken orders and expiring unserved ones);
    /// `serve` runs them every 10 minutes.
    Tick,
    /// Write a consistent backup of the database, while it serves, to a new SQLite file.
    Backup {
        /// The backup file to create.
        file: PathBuf,
    },
    /// Restore a backup file into the (empty) database named by DATABASE_URL.
    Restore {
        /// A file written by `youai backup`.
        file: PathBuf,
    },
    /// Copy the whole database into another, empty one (e.g. from SQLite to PostgreSQL).
    Export {
        /// The target database, e.g. postgres://user@host/youai.
        #[arg(long)]
        to: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Err(e) = init_tracing() {
        eprintln!("error: RUST_LOG: {e}");
        return ExitCode::from(2);
    }
    let config = match Config::parse(
        &cli.database_url,
        &cli.bind,
        cli.jwt_secret.clone(),
        cli.spa_dir.clone(),
        cli.workers,
    )
    .and_then(|c| c.with_data_key(cli.data_key.clone(), cli.data_key_file.clone()))
    .and_then(|c| c.with_certificates(cli.cert_font.clone(), cli.public_url.clone()))
    .and_then(|c| c.with_cors(cli.cors_origins.clone()))
    .and_then(|c| c.with_outbox_interval(cli.outbox_interval_ms))
    .and_then(|c| c.with_outbox_lease(cli.outbox_lease_secs))
    .and_then(|c| {
        c.with_sms(youai_server::config::SmsSettings {
            base_url: cli.sms_base_url.clone(),
            secret_id: cli.sms_secret_id.clone(),
            secret_key: cli.sms_secret_key.clone(),
            app_id: cli.sms_app_id.clone(),
            sign_name: cli.sms_sign_name.clone(),
            template_id: cli.sms_template_id.clone(),
            region: cli.sms_region.clone(),
        })
    })
    .and_then(|c| {
        c.with_wechat(youai_server::config::WechatSettings {
            base_url: cli.wechat_base_url.clone(),
            app_id: cli.wechat_app_id.clone(),
            app_secret: cli.wechat_app_secret.clone(),
            template_id: cli.wechat_template_id.clone(),
        })
    }) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    match run(
        cli.command.unwrap_or(Command::Serve {
            demo: false,
            as_of: None,
        }),
        &config,
    ) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_tracing() -> Result<(), String> {
    use tracing_subscriber::EnvFilter;
    let filter = match std::env::var("RUST_LOG") {
        Ok(v) if !v.is_empty() => {
            EnvFilter::try_new(&v).map_err(|e| format!("'{v}' is not a valid filter: {e}"))?
        }
        _ => EnvFilter::new("info,actix_server=warn"),
    };
    use std::io::IsTerminal;
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    Ok(())
}

#[allow(clippy::print_stdout)]
fn run(command: Command, config: &Config) -> anyhow::Result<()> {
    match command {
        Command::Tick => {
            let pool = youai_server::open_database(&config.database_url)?;
            let t = youai_api::jobs::tick(&mut *pool.get()?).map_err(anyhow::Error::msg)?;
            println!(
                "closed {} check-ins left open; points expired for {} volunteers; {} orders escalated; {} orders expired; {} vouchers about to expire told",
                t.closed, t.expired, t.escalated, t.expired_orders, t.expiring_vouchers
            );
            let key = youai_server::data_key(config)?;
            let outbox = youai_server::outbox(config, std::sync::Arc::new(key));
            let w = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?
                .block_on(youai_api::outbox::worker::run_once(
                    &pool,
                    &outbox,
                    chrono::Utc::now(),
                ))
                .map_err(|e| anyhow::anyhow!("outbox: {e}"))?;
            println!(
                "outbox: {} events fanned out ({} inbox notifications, {} deliveries queued); {} delivered, {} to retry, {} dead",
                w.events, w.inbox, w.queued, w.delivered, w.retrying, w.dead
            );
            Ok(())
        }
        Command::Backup { file } => {
            let copied = youai_server::backup::backup(&config.database_url, &file)?;
            println!(
                "backed up {} to {}: {}",
                config.database_url.redacted(),
                file.display(),
                summary(&copied)
            );
            Ok(())
        }
        Command::Restore { file } => {
            let copied = youai_server::backup::restore(&file, &config.database_url)?;
            println!(
                "restored {} into {}: {}",
                file.display(),
                config.database_url.redacted(),
                summary(&copied)
            );
            Ok(())
        }
        Command::Export { to } => {
            let target = youai_db::DatabaseUrl::parse(&to).map_err(anyhow::Error::msg)?;
            let copied = youai_server::backup::copy(&config.database_url, &target)?;
            println!(
                "exported {} to {}: {}",
                config.database_url.redacted(),
                target.redacted(),
                summary(&copied)
            );
            Ok(())
        }
        Command::Openapi => {
            print!("{}", youai_api::openapi_json());
            Ok(())
        }
        Command::Migrate => {
            youai_server::open_database(&config.database_url)?;
            println!("database is up to date: {}", config.database_url.redacted());
            Ok(())
        }
        Command::SeedDemo { if_empty, as_of } => {
            let as_of = as_of.unwrap_or_else(youai_demo::city_today);
            let pool = youai_server::open_database(&config.database_url)?;
            let mut conn = pool.get()?;
            if if_empty && youai_db::areas::count(&mut conn)? > 0 {
                println!("the database already has areas: demo not loaded");
                return Ok(());
            }
            // Step by step (rather than `youai_demo::load`) to report each as it finishes.
            let r = youai_demo::city::load(&mut conn)?;
            println!(
                "demo city loaded: {} areas, {} venues, {} accounts added",
                r.areas, r.venues, r.users
            );
            let key = youai_server::data_key(config)?;
            let c = youai_demo::corps::load_corps(&mut conn, &key, as_of)?;
            if c.teams == 0 {
                println!("the database already has teams: demo corps not loaded");
            } else {
                let kinds: Vec<String> =
                    c.by_kind.iter().map(|(k, n)| format!("{k} {n}")).collect();
                println!(
                    "demo corps loaded: {} skills, {} teams ({} approved: {}; {} pending), {} volunteers, {} memberships, {} join requests",
                    c.skills,
                    c.teams,
                    c.teams - c.pending,
                    kinds.join(", "),
                    c.pending,
                    c.volunteers,
                    c.memberships,
                    c.applications
                );
            }
            let a = youai_demo::activities::load_activities(&mut conn, as_of)?;
            if a.activities == 0 {
                println!("the database already has activities: demo history not loaded");
            } else {
                println!(
                    "demo history loaded as of {as_of}: {} batches, {} projects, {} finished activities, {} sign-ups, {} records ({} hours verified, {} records waiting), {} activities in the next four weeks with {} sign-ups",
                    a.batches,
                    a.projects,
                    a.activities,
                    a.sign_ups,
                    a.records,
                    a.quarters as f64 / 4.0,
                    a.pending,
                    a.upcoming,
                    a.upcoming_sign_ups
                );
            }
            let w = youai_demo::rewards::load_rewards(&mut conn, as_of)?;
            if w.courtesies == 0 {
                println!("the database already has courtesies: demo rewards not loaded");
            } else {
                println!(
                    "demo rewards loaded: {} courtesies, {} star level changes, {} points entries, {} vouchers, {} honours",
                    w.courtesies, w.star_changes, w.points_entries, w.vouchers, w.honours
                );
            }
            let l = youai_demo::lists::load_lists(&mut conn, as_of)?;
            if l.agencies == 0 {
                println!("the database already has agencies: demo lists not loaded");
            } else {
                println!(
                    "demo lists loaded: {} agencies with {} projects on their menus, {} resources, {} allocations, {} needs ({} events, {} links), {} lecture sessions, residents served recorded on {} activities",
                    l.agencies,
                    l.agency_projects,
                    l.resources,
                    l.allocations,
                    l.needs,
                    l.need_events,
                    l.need_links,
                    l.lecture_sessions,
                    l.residents_recorded
                );
            }
            let o = youai_demo::orders::load_orders(&mut conn, as_of)?;
            if o.menu_items == 0 {
                println!("the database already has a menu: demo orders not loaded");
            } else {
                let states: Vec<String> = o
                    .by_status
                    .iter()
                    .map(|(s, n)| format!("{} {n}", s.as_str()))
                    .collect();
                println!(
                    "demo orders loaded: {} menu items, {} orders ({} request, {} menu; {}; {} escalated, {} dispatched), {} timeline entries, {} needs answered",
                    o.menu_items,
                    o.orders,
                    o.request_orders,
                    o.menu_orders,
                    states.join(", "),
                    o.escalated,
                    o.dispatched,
                    o.events,
                    o.needs
                );
            }
            Ok(())
        }
        Command::CreateAdmin {
            phone,
            password,
            name,
        } => {
            let pool = youai_server::open_database(&config.database_url)?;
            let mut conn = pool.get()?;
            let outcome = youai_server::admin::create_admin(&mut conn, &phone, &password, &name)?;
            println!("{outcome}: {phone}");
            Ok(())
        }
        Command::Serve { demo, as_of } => serve(
            config,
            demo.then(|| as_of.unwrap_or_else(youai_demo::city_today)),
        ),
    }
}

/// "N rows in M tables".
fn summary(copied: &[(String, usize)]) -> String {
    let rows: usize = copied.iter().map(|(_, n)| n).sum();
    format!("{rows} rows in {} tables", copied.len())
}

/// Serves; with `demo` (the day it is loaded as of), loads the demo city into an empty database
/// first.
#[allow(clippy::print_stdout)]
fn serve(config: &Config, demo: Option<NaiveDate>) -> anyhow::Result<()> {
    let pool = youai_server::open_database(&config.database_url)?;
    let key = youai_server::data_key(config)?;
    let mut kiosk = None;
    if let Some(as_of) = demo {
        let mut conn = pool.get()?;
        if youai_db::areas::count(&mut conn)? == 0 {
            let d = youai_demo::load(&mut conn, &key, as_of)?;
            tracing::info!(
                areas = d.city.areas,
                venues = d.city.venues,
                "loaded the demo city"
            );
            tracing::info!(
                teams = d.corps.teams,
                volunteers = d.corps.volunteers,
                memberships = d.corps.memberships,
                "loaded the demo corps"
            );
            tracing::info!(
                %as_of,
                projects = d.activities.projects,
                activities = d.activities.activities,
                upcoming = d.activities.upcoming,
                sign_ups = d.activities.sign_ups,
                records = d.activities.records,
                "loaded the demo history"
            );
            tracing::info!(
                courtesies = d.rewards.courtesies,
                vouchers = d.rewards.vouchers,
                honours = d.rewards.honours,
                "loaded the demo rewards"
            );
            tracing::info!(
                menu_items = d.orders.menu_items,
                orders = d.orders.orders,
                events = d.orders.events,
                "loaded the demo orders"
            );
        }
        kiosk = youai_demo::kiosk_venue_id(&mut conn)?;
    }
    let secret = youai_server::jwt_secret(&pool, config.jwt_secret.as_deref())?;
    youai_server::start_timer(pool.clone());
    let state = youai_server::app_state(pool, &secret, key, config)?;
    youai_server::start_outbox(
        state.pool.clone(),
        state.outbox.clone(),
        config.outbox_every,
    );
    match &state.spa_dir {
        Some(d) => tracing::info!(dir = %d.display(), "serving the SPA"),
        None => tracing::warn!("the SPA is not built (run `make build`): serving the API only"),
    }
    let listener = std::net::TcpListener::bind(config.bind)
        .map_err(|e| anyhow::anyhow!("YOUAI_BIND: cannot listen on {}: {e}", config.bind))?;
    let url = format!("http://{}", listener.local_addr()?);
    println!("youai is serving on {url}  (API docs: {url}/api/docs/)");
    if demo.is_some() {
        println!("demo logins:");
        for d in youai_demo::DEMO_LOGINS {
            println!("  {:<12} {:<18} {}", d.phone, d.password, d.what);
        }
        if let Some(venue) = kiosk {
            println!("demo kiosk: {url}/kiosk/{venue}");
        }
    }
    let workers = config.workers;
    actix_web::rt::System::new()
        .block_on(async move { youai_server::server(state, listener, workers)?.await })?;
    Ok(())
}
