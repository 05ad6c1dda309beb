//! WeChat Official Account template messages (模板消息) over HTTP, as WeChat speaks it:
//!
//! - `GET {base}/cgi-bin/token?grant_type=client_credential&appid=…&secret=…` answers
//!   `{"access_token": "…", "expires_in": 7200}` (or `{"errcode": …, "errmsg": …}`). The token
//!   is kept until five minutes before it expires (half its life when that is shorter).
//! - `POST {base}/cgi-bin/message/template/send?access_token=…` with
//!   `{"touser": openid, "template_id": …, "url": link, "data": {"first": {"value": title},
//!   "keyword1": {"value": body}}}` answers `{"errcode": 0, "errmsg": "ok", "msgid": …}`.
//!   The template is one with the fields `{{first.DATA}}` and `{{keyword1.DATA}}`.
//!
//! An errcode other than 0 is a failure. 40001, 40014 and 42001 (the token is invalid or
//! expired) drop the cached token and the send is tried once more with a fresh one. -1 (system
//! busy), 45009 and 45011 (frequency limits) are worth another try later; anything else (an
//! unknown openid, a user who unsubscribed, a bad template) is not.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use futures_util::future::BoxFuture;
use serde_json::{Value, json};

use super::http;
use super::{SendError, Sent, TemplateMessage, WechatProvider};

/// WeChat's API when no base URL is configured.
pub const DEFAULT_BASE_URL: &str = "https://api.weixin.qq.com";

/// Errcodes that mean the access token is no good: fetch another and send again.
pub const TOKEN_ERRCODES: [i64; 3] = [40001, 40014, 42001];

/// The settings (`YOUAI_WECHAT_*`).
#[derive(Clone)]
pub struct WechatConfig {
    pub base_url: String,
    pub app_id: String,
    pub app_secret: String,
    pub template_id: String,
    /// The SPA's public address: relative links become `{public_url}{link}`; without one,
    /// messages carry no link.
    pub public_url: Option<String>,
}

impl std::fmt::Debug for WechatConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WechatConfig")
            .field("base_url", &self.base_url)
            .field("app_id", &self.app_id)
            .field("template_id", &self.template_id)
            .field("public_url", &self.public_url)
            .finish_non_exhaustive()
    }
}

/// WeChat's template messages over HTTP, with the access token cached.
pub struct Wechat {
    config: WechatConfig,
    client: reqwest::Client,
    token: Mutex<Option<(String, Instant)>>,
}

/// Whether an errcode is worth another try later.
pub fn retryable_errcode(code: i64) -> bool {
    matches!(code, -1 | 45009 | 45011) || TOKEN_ERRCODES.contains(&code)
}

/// How long a token that WeChat says lives `expires_in` seconds is used.
pub fn keep_token_for(expires_in: u64) -> Duration {
    let margin = 300.min(expires_in / 2);
    Duration::from_secs(expires_in.saturating_sub(margin))
}

/// The link a message carries: absolute links as they are, relative ones under `public_url`.
pub fn absolute_link(public_url: Option<&str>, link: Option<&str>) -> Option<String> {
    let link = link?;
    if link.starts_with("https://") || link.starts_with("http://") {
        return Some(link.to_owned());
    }
    let base = public_url?.trim_end_matches('/');
    if link.starts_with('/') {
        Some(format!("{base}{link}"))
    } else {
        Some(format!("{base}/{link}"))
    }
}

fn errcode_of(v: &Value) -> i64 {
    v.get("errcode").and_then(Value::as_i64).unwrap_or(0)
}

fn refused(what: &str, status: u16, v: &Value) -> SendError {
    let code = errcode_of(v);
    SendError {
        status_code: Some(status),
        retryable: retryable_errcode(code),
        message: format!(
            "WeChat {what}: errcode {code}: {}",
            v.get("errmsg").and_then(Value::as_str).unwrap_or_default()
        ),
    }
}

impl Wechat {
    pub fn new(mut config: WechatConfig) -> Result<Self, String> {
        config.base_url = http::base_url("YOUAI_WECHAT_BASE_URL", &config.base_url)?;
        Ok(Wechat {
            config,
            client: http::client()?,
            token: Mutex::new(None),
        })
    }

    /// The template message's JSON body.
    pub fn body(&self, m: &TemplateMessage) -> Value {
        let mut body = json!({
            "touser": m.openid,
            "template_id": self.config.template_id,
            "data": {
                "first": {"value": m.title},
                "keyword1": {"value": m.body},
            },
        });
        if let Some(url) = absolute_link(self.config.public_url.as_deref(), m.link.as_deref())
            && let Some(o) = body.as_object_mut()
        {
            o.insert("url".into(), Value::String(url));
        }
        body
    }

    fn cached(&self) -> Option<String> {
        let guard = self.token.lock().ok()?;
        guard
            .as_ref()
            .filter(|(_, until)| Instant::now() < *until)
            .map(|(t, _)| t.clone())
    }

    fn forget(&self) {
        if let Ok(mut g) = self.token.lock() {
            *g = None;
        }
    }

    async fn get_json(&self, request: reqwest::RequestBuilder) -> Result<(u16, Value), SendError> {
        let response = request
            .send()
            .await
            .map_err(|e| http::transport("WeChat", &e))?;
        let status = response.status().as_u16();
        let text = response
            .text()
            .await
            .map_err(|e| http::transport("WeChat", &e))?;
        if !(200..300).contains(&status) {
            return Err(http::status("WeChat", status, &text));
        }
        let v = serde_json::from_str(&text).map_err(|_| {
            SendError::retryable(
                Some(status),
                format!(
                    "WeChat: not JSON: {}",
                    text.chars().take(200).collect::<String>()
                ),
            )
        })?;
        Ok((status, v))
    }

    /// The cached access token, or a fresh one.
    async fn token(&self) -> Result<String, SendError> {
        if let Some(t) = self.cached() {
            return Ok(t);
        }
        let mut url = reqwest::Url::parse(&format!("{}/cgi-bin/token", self.config.base_url))
            .map_err(|e| SendError::retryable(None, format!("WeChat token URL: {e}")))?;
        url.query_pairs_mut()
            .append_pair("grant_type", "client_credential")
            .append_pair("appid", &self.config.app_id)
            .append_pair("secret", &self.config.app_secret);
        let (status, v) = self.get_json(self.client.get(url)).await?;
        let Some(token) = v
            .get("access_token")
            .and_then(Value::as_str)
            .filter(|t| !t.is_empty())
        else {
            return Err(refused("token", status, &v));
        };
        let keep = keep_token_for(v.get("expires_in").and_then(Value::as_u64).unwrap_or(7200));
        if let Ok(mut g) = self.token.lock() {
            *g = Some((token.to_owned(), Instant::now() + keep));
        }
        Ok(token.to_owned())
    }

    async fn send_with(&self, token: &str, body: &Value) -> Result<Sent, SendError> {
        let mut url = reqwest::Url::parse(&format!(
            "{}/cgi-bin/message/template/send",
            self.config.base_url
        ))
        .map_err(|e| SendError::retryable(None, format!("WeChat send URL: {e}")))?;
        url.query_pairs_mut().append_pair("access_token", token);
        let request = self
            .client
            .post(url)
            .header("Content-Type", "application/json")
            .body(body.to_string());
        let (status, v) = self.get_json(request).await?;
        if errcode_of(&v) == 0 {
            Ok(Sent {
                status_code: Some(status),
            })
        } else {
            Err(refused("template send", status, &v))
        }
    }

    async fn call(&self, m: &TemplateMessage) -> Result<Sent, SendError> {
        let body = self.body(m);
        let token = self.token().await?;
        match self.send_with(&token, &body).await {
            Err(e) if is_token_error(&e) => {
                self.forget();
                let token = self.token().await?;
                self.send_with(&token, &body).await
            }
            other => other,
        }
    }
}

fn is_token_error(e: &SendError) -> bool {
    TOKEN_ERRCODES
        .iter()
        .any(|c| e.message.contains(&format!("errcode {c}:")))
}

impl WechatProvider for Wechat {
    fn send<'a>(&'a self, message: &'a TemplateMessage) -> BoxFuture<'a, Result<Sent, SendError>> {
        Box::pin(self.call(message))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errcodes() {
        assert!(retryable_errcode(-1));
        assert!(retryable_errcode(45009));
        assert!(retryable_errcode(42001));
        assert!(!retryable_errcode(40003));
        assert!(!retryable_errcode(43004));
        assert!(!retryable_errcode(40037));
    }

    #[test]
    fn token_lifetime() {
        assert_eq!(keep_token_for(7200), Duration::from_secs(6900));
        assert_eq!(keep_token_for(60), Duration::from_secs(30));
        assert_eq!(keep_token_for(0), Duration::ZERO);
    }

    #[test]
    fn links() {
        let base = Some("https://youai.example.cn/");
        assert_eq!(
            absolute_link(base, Some("/activities/3")).as_deref(),
            Some("https://youai.example.cn/activities/3")
        );
        assert_eq!(
            absolute_link(None, Some("https://x.cn/a")).as_deref(),
            Some("https://x.cn/a")
        );
        assert_eq!(absolute_link(None, Some("/a")), None);
        assert_eq!(absolute_link(base, None), None);
    }

    #[test]
    fn token_errors_are_recognised() {
        let v = json!({"errcode": 42001, "errmsg": "access_token expired"});
        assert!(is_token_error(&refused("template send", 200, &v)));
        let v = json!({"errcode": 43004, "errmsg": "require subscribe"});
        let e = refused("template send", 200, &v);
        assert!(!is_token_error(&e));
        assert!(!e.retryable);
    }
}
