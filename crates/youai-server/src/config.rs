//! Configuration from flags and the environment, checked up front: a bad setting is reported
//! as one line naming it, and the process exits with code 2.

use std::net::SocketAddr;
use std::path::PathBuf;

use youai_db::DatabaseUrl;

#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: DatabaseUrl,
    pub bind: SocketAddr,
    pub jwt_secret: Option<String>,
    pub spa_dir: Option<PathBuf>,
    pub workers: usize,
    /// 64 hex characters; when absent the key is read from (or generated into) `data_key_file`.
    pub data_key: Option<String>,
    pub data_key_file: PathBuf,
    /// The Chinese font PDF certificates embed (`path` or `path#index`); found when unset.
    pub cert_font: Option<String>,
    /// The address people reach the SPA at, printed on certificates; else taken from the request.
    pub public_url: Option<String>,
    /// Browser origins allowed to call the API cross-site (`https://portal.example.cn`).
    pub cors_origins: Vec<String>,
    /// How often the outbox worker runs.
    pub outbox_every: std::time::Duration,
    /// How long a worker holds a delivery it claimed (another takes it after, if it died).
    pub outbox_lease: chrono::TimeDelta,
    /// The text-message gateway (Tencent Cloud SMS), when configured.
    pub sms: Option<youai_api::outbox::providers::sms::TencentSmsConfig>,
    /// WeChat template messages, when configured.
    pub wechat: Option<youai_api::outbox::providers::wechat::WechatConfig>,
}

/// The `YOUAI_SMS_*` settings as given: all of id, key, app id, sign name and template, or none.
#[derive(Debug, Clone, Default)]
pub struct SmsSettings {
    pub base_url: Option<String>,
    pub secret_id: Option<String>,
    pub secret_key: Option<String>,
    pub app_id: Option<String>,
    pub sign_name: Option<String>,
    pub template_id: Option<String>,
    pub region: Option<String>,
}

/// The `YOUAI_WECHAT_*` settings as given: all of app id, secret and template, or none.
#[derive(Debug, Clone, Default)]
pub struct WechatSettings {
    pub base_url: Option<String>,
    pub app_id: Option<String>,
    pub app_secret: Option<String>,
    pub template_id: Option<String>,
}

/// The values of a group of settings that go together: all present (`Some`), all absent
/// (`None`), or an error naming the first missing one.
fn all_or_none<const N: usize>(
    group: [(&'static str, Option<String>); N],
) -> Result<Option<[String; N]>, ConfigError> {
    let given = group
        .iter()
        .filter(|(_, v)| v.as_deref().is_some_and(|v| !v.trim().is_empty()))
        .count();
    if given == 0 {
        return Ok(None);
    }
    let mut missing = None;
    let values = group.map(|(name, v)| match v.filter(|v| !v.trim().is_empty()) {
        Some(v) => v.trim().to_owned(),
        None => {
            missing.get_or_insert(name);
            String::new()
        }
    });
    match missing {
        Some(setting) => Err(ConfigError {
            setting,
            problem: "missing: the other settings of this gateway are set".into(),
        }),
        None => Ok(Some(values)),
    }
}

/// A setting that cannot be used, and why.
#[derive(Debug, thiserror::Error)]
#[error("{setting}: {problem}")]
pub struct ConfigError {
    pub setting: &'static str,
    pub problem: String,
}

/// Where a generated data key is kept when `YOUAI_DATA_KEY` is not set.
pub const DEFAULT_KEY_FILE: &str = "data/youai.key";

/// The minimum length of a configured JWT secret (HS256 wants at least 256 bits).
pub const MIN_SECRET_LEN: usize = 32;

impl Config {
    pub fn parse(
        database_url: &str,
        bind: &str,
        jwt_secret: Option<String>,
        spa_dir: Option<PathBuf>,
        workers: Option<usize>,
    ) -> Result<Config, ConfigError> {
        let database_url = DatabaseUrl::parse(database_url).map_err(|problem| ConfigError {
            setting: "DATABASE_URL",
            problem,
        })?;
        let bind = bind.parse().map_err(|_| ConfigError {
            setting: "YOUAI_BIND",
            problem: format!("'{bind}' is not an address and port such as 127.0.0.1:8080"),
        })?;
        if let Some(s) = &jwt_secret
            && s.len() < MIN_SECRET_LEN
        {
            return Err(ConfigError {
                setting: "YOUAI_JWT_SECRET",
                problem: format!(
                    "too short ({} bytes): use at least {MIN_SECRET_LEN} random bytes",
                    s.len()
                ),
            });
        }
        let workers = match workers {
            Some(0) => {
                return Err(ConfigError {
                    setting: "YOUAI_WORKERS",
                    problem: "must be at least 1".into(),
                });
            }
            Some(n) => n,
            None => std::thread::available_parallelism().map_or(2, usize::from),
        };
        Ok(Config {
            database_url,
            bind,
            jwt_secret,
            spa_dir,
            workers,
            data_key: None,
            data_key_file: PathBuf::from(DEFAULT_KEY_FILE),
            cert_font: None,
            public_url: None,
            cors_origins: Vec::new(),
            outbox_every: std::time::Duration::from_secs(2),
            outbox_lease: youai_domain::outbox::LEASE,
            sms: None,
            wechat: None,
        })
    }

    /// Sets the data key settings, checking the key's form.
    pub fn with_data_key(
        mut self,
        key: Option<String>,
        file: Option<PathBuf>,
    ) -> Result<Config, ConfigError> {
        if let Some(k) = &key {
            youai_api::crypto::DataKey::from_hex(k).map_err(|problem| ConfigError {
                setting: "YOUAI_DATA_KEY",
                problem,
            })?;
        }
        self.data_key = key;
        if let Some(f) = file {
            self.data_key_file = f;
        }
        Ok(self)
    }
}

impl Config {
    /// Sets how often the outbox worker runs, in milliseconds (at least 50).
    pub fn with_outbox_interval(mut self, ms: Option<u64>) -> Result<Config, ConfigError> {
        match ms {
            Some(ms) if ms < 50 => Err(ConfigError {
                setting: "YOUAI_OUTBOX_INTERVAL_MS",
                problem: format!("{ms} is too often: use at least 50"),
            }),
            Some(ms) => {
                self.outbox_every = std::time::Duration::from_millis(ms);
                Ok(self)
            }
            None => Ok(self),
        }
    }

    /// Sets the origins allowed cross-site: comma-separated `scheme://host[:port]`.
    pub fn with_cors(mut self, origins: Option<String>) -> Result<Config, ConfigError> {
        let mut list = Vec::new();
        for o in origins.iter().flat_map(|s| s.split(',')).map(str::trim) {
            if o.is_empty() {
                continue;
            }
            let (scheme, rest) = o.split_once("://").unwrap_or(("", ""));
            if !matches!(scheme, "http" | "https") || rest.is_empty() || rest.contains('/') {
                return Err(ConfigError {
                    setting: "YOUAI_CORS_ORIGINS",
                    problem: format!("'{o}' is not an origin such as https://portal.example.cn"),
                });
            }
            list.push(o.to_string());
        }
        self.cors_origins = list;
        Ok(self)
    }

    /// Sets what certificates need: the font and the public address.
    pub fn with_certificates(
        mut self,
        font: Option<String>,
        public_url: Option<String>,
    ) -> Result<Config, ConfigError> {
        if let Some(u) = &public_url
            && !(u.starts_with("https://") || u.starts_with("http://"))
        {
            return Err(ConfigError {
                setting: "YOUAI_PUBLIC_URL",
                problem: format!("'{u}' is not an http(s):// address"),
            });
        }
        self.cert_font = font.filter(|f| !f.is_empty());
        self.public_url = public_url.map(|u| u.trim_end_matches('/').to_string());
        Ok(self)
    }
}

impl Config {
    /// Sets how long a worker holds a claimed delivery, in seconds (1 to 3600; default 60).
    /// Longer than a webhook's timeout (10 s), or a slow receiver gets the delivery twice.
    pub fn with_outbox_lease(mut self, secs: Option<u64>) -> Result<Config, ConfigError> {
        match secs {
            Some(s) if !(1..=3600).contains(&s) => Err(ConfigError {
                setting: "YOUAI_OUTBOX_LEASE_SECS",
                problem: format!("{s} is out of range: use 1 to 3600 seconds"),
            }),
            Some(s) => {
                self.outbox_lease = chrono::TimeDelta::seconds(i64::try_from(s).unwrap_or(60));
                Ok(self)
            }
            None => Ok(self),
        }
    }

    /// Sets the SMS gateway: none when no `YOUAI_SMS_*` is set, an error when only some are.
    pub fn with_sms(mut self, s: SmsSettings) -> Result<Config, ConfigError> {
        use youai_api::outbox::providers::sms;
        let Some([secret_id, secret_key, sdk_app_id, sign_name, template_id]) = all_or_none([
            ("YOUAI_SMS_SECRET_ID", s.secret_id),
            ("YOUAI_SMS_SECRET_KEY", s.secret_key),
            ("YOUAI_SMS_APP_ID", s.app_id),
            ("YOUAI_SMS_SIGN_NAME", s.sign_name),
            ("YOUAI_SMS_TEMPLATE_ID", s.template_id),
        ])?
        else {
            self.sms = None;
            return Ok(self);
        };
        let base = s.base_url.unwrap_or_else(|| sms::DEFAULT_BASE_URL.into());
        let base_url = youai_api::outbox::providers::http::base_url("YOUAI_SMS_BASE_URL", &base)
            .map_err(|problem| ConfigError {
                setting: "YOUAI_SMS_BASE_URL",
                problem,
            })?;
        self.sms = Some(sms::TencentSmsConfig {
            base_url,
            secret_id,
            secret_key,
            sdk_app_id,
            sign_name,
            template_id,
            region: s
                .region
                .filter(|r| !r.is_empty())
                .unwrap_or_else(|| sms::DEFAULT_REGION.into()),
        });
        Ok(self)
    }

    /// Sets WeChat template messages: none when no `YOUAI_WECHAT_*` is set, an error when only
    /// some are. Links point at `YOUAI_PUBLIC_URL` (set it first).
    pub fn with_wechat(mut self, w: WechatSettings) -> Result<Config, ConfigError> {
        use youai_api::outbox::providers::wechat;
        let Some([app_id, app_secret, template_id]) = all_or_none([
            ("YOUAI_WECHAT_APP_ID", w.app_id),
            ("YOUAI_WECHAT_APP_SECRET", w.app_secret),
            ("YOUAI_WECHAT_TEMPLATE_ID", w.template_id),
        ])?
        else {
            self.wechat = None;
            return Ok(self);
        };
        let base = w
            .base_url
            .unwrap_or_else(|| wechat::DEFAULT_BASE_URL.into());
        let base_url = youai_api::outbox::providers::http::base_url("YOUAI_WECHAT_BASE_URL", &base)
            .map_err(|problem| ConfigError {
                setting: "YOUAI_WECHAT_BASE_URL",
                problem,
            })?;
        self.wechat = Some(wechat::WechatConfig {
            base_url,
            app_id,
            app_secret,
            template_id,
            public_url: self.public_url.clone(),
        });
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_bad_setting() {
        let e = Config::parse("sqlite://x.db", "nonsense", None, None, None)
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            e.as_deref(),
            Some("YOUAI_BIND: 'nonsense' is not an address and port such as 127.0.0.1:8080")
        );
        let e = Config::parse("mysql://x", "127.0.0.1:1", None, None, None)
            .err()
            .map(|e| e.setting);
        assert_eq!(e, Some("DATABASE_URL"));
        let e = Config::parse(
            "sqlite://x.db",
            "127.0.0.1:1",
            Some("short".into()),
            None,
            None,
        )
        .err()
        .map(|e| e.setting);
        assert_eq!(e, Some("YOUAI_JWT_SECRET"));
        assert!(Config::parse("sqlite://x.db", "127.0.0.1:0", None, None, Some(1)).is_ok());
    }

    #[test]
    #[allow(clippy::unwrap_used)]
    fn gateways_are_all_or_nothing() {
        let c = Config::parse("sqlite://x.db", "127.0.0.1:0", None, None, Some(1)).unwrap();
        let none = c.clone().with_sms(SmsSettings::default()).unwrap();
        assert!(none.sms.is_none());
        let partial = SmsSettings {
            secret_id: Some("AKID".into()),
            ..SmsSettings::default()
        };
        let e = c.clone().with_sms(partial).err().map(|e| e.setting);
        assert_eq!(e, Some("YOUAI_SMS_SECRET_KEY"));
        let full = SmsSettings {
            secret_id: Some("AKID".into()),
            secret_key: Some("k".into()),
            app_id: Some("1400".into()),
            sign_name: Some("友爱".into()),
            template_id: Some("1".into()),
            ..SmsSettings::default()
        };
        let sms = c.clone().with_sms(full).unwrap().sms.unwrap();
        assert_eq!(sms.base_url, "https://sms.tencentcloudapi.com");
        assert_eq!(sms.region, "ap-guangzhou");
        let w = WechatSettings {
            app_id: Some("wx1".into()),
            ..WechatSettings::default()
        };
        let e = c.clone().with_wechat(w).err().map(|e| e.setting);
        assert_eq!(e, Some("YOUAI_WECHAT_APP_SECRET"));
        assert!(
            c.with_wechat(WechatSettings::default())
                .unwrap()
                .wechat
                .is_none()
        );
    }
}
