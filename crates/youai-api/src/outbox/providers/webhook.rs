//! Integrators' webhooks over HTTP: one signed POST per delivery.
//!
//! Each request carries
//! - `Content-Type: application/json` and the event's JSON envelope as the body,
//! - `Youai-Webhook-Id`: the delivery's id — the same on every retry and replay of it, so a
//!   receiver drops a repeat by it (delivery is at least once),
//! - `Youai-Webhook-Event`: the event kind (`sign_up.accepted` …),
//! - `Youai-Webhook-Timestamp`: when it was signed, Unix seconds,
//! - `Youai-Webhook-Signature: v1=<hex HMAC-SHA256(secret, "{timestamp}.{body}")>`
//!   ([`youai_domain::webhooks::signature`]).
//!
//! A 2xx answer is delivered; anything else — another status, a timeout (10 s), a refused
//! connection — is an attempt that failed and is retried with backoff, except `410 Gone`,
//! which means the receiver is gone for good: the delivery is dead at once. Redirects are not
//! followed (a 3xx is a failure): the signature was made for the URL registered.

use std::time::Duration;

use futures_util::future::BoxFuture;
use reqwest::header::{CONTENT_TYPE, HeaderValue};

use super::{SendError, Sent, WebhookPost, WebhookSender};

/// How long one attempt may take, connection to last byte.
pub const TIMEOUT: Duration = Duration::from_secs(10);

pub const ID_HEADER: &str = "Youai-Webhook-Id";
pub const EVENT_HEADER: &str = "Youai-Webhook-Event";
pub const TIMESTAMP_HEADER: &str = "Youai-Webhook-Timestamp";
pub const SIGNATURE_HEADER: &str = "Youai-Webhook-Signature";

/// The real sender: `reqwest`, no redirects, a 10-second timeout.
#[derive(Debug, Clone)]
pub struct HttpWebhookSender {
    client: reqwest::Client,
}

impl HttpWebhookSender {
    pub fn new() -> Result<Self, String> {
        Self::with_timeout(TIMEOUT)
    }

    pub fn with_timeout(timeout: Duration) -> Result<Self, String> {
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("youai-webhooks/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| format!("cannot build the webhook client: {e}"))?;
        Ok(HttpWebhookSender { client })
    }

    async fn send(&self, post: &WebhookPost) -> Result<Sent, SendError> {
        let timestamp = chrono::Utc::now().timestamp();
        let signature = youai_domain::webhooks::signature(&post.secret, timestamp, &post.body);
        let res = self
            .client
            .post(&post.url)
            .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
            .header(ID_HEADER, post.delivery_id.to_string())
            .header(EVENT_HEADER, &post.kind)
            .header(TIMESTAMP_HEADER, timestamp.to_string())
            .header(SIGNATURE_HEADER, signature)
            .body(post.body.clone())
            .send()
            .await
            .map_err(|e| {
                let what = if e.is_timeout() {
                    "timed out"
                } else if e.is_connect() {
                    "could not connect"
                } else {
                    "request failed"
                };
                SendError::retryable(None, format!("{what}: {e}"))
            })?;
        let status = res.status();
        if status.is_success() {
            return Ok(Sent {
                status_code: Some(status.as_u16()),
            });
        }
        Err(SendError {
            status_code: Some(status.as_u16()),
            message: format!("HTTP {status}"),
            retryable: status != reqwest::StatusCode::GONE,
        })
    }
}

impl WebhookSender for HttpWebhookSender {
    fn post<'a>(&'a self, post: &'a WebhookPost) -> BoxFuture<'a, Result<Sent, SendError>> {
        Box::pin(self.send(post))
    }
}
