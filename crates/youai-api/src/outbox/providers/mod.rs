//! Where deliveries leave the server: a text-message gateway, WeChat's template messages and
//! integrators' webhooks, each behind a trait so the worker does not care which gateway it is.
//! The real implementations speak HTTP with `reqwest` to a configurable base URL.

pub mod http;
pub mod sms;
pub mod wechat;

use std::sync::Arc;

use futures_util::future::BoxFuture;

/// How one attempt went, as the delivery log records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    /// The HTTP status of the gateway's answer.
    pub status_code: Option<u16>,
}

/// Why an attempt failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendError {
    /// The HTTP status of the answer, when there was one.
    pub status_code: Option<u16>,
    /// What went wrong, for the delivery log (never shown to recipients).
    pub message: String,
    /// False when trying again cannot help (the gateway refused the number for good): the
    /// delivery goes dead at once.
    pub retryable: bool,
}

impl SendError {
    pub fn retryable(status_code: Option<u16>, message: impl Into<String>) -> Self {
        SendError {
            status_code,
            message: message.into(),
            retryable: true,
        }
    }
}

/// A text-message gateway.
pub trait SmsProvider: Send + Sync {
    /// Sends `text` to the phone number `phone`.
    fn send<'a>(&'a self, phone: &'a str, text: &'a str) -> BoxFuture<'a, Result<Sent, SendError>>;
}

/// One WeChat template message.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateMessage {
    /// The recipient's openid.
    pub openid: String,
    pub title: String,
    pub body: String,
    /// Where tapping it leads (the SPA's page), when anywhere.
    pub link: Option<String>,
}

/// WeChat's template messages (模板消息).
pub trait WechatProvider: Send + Sync {
    fn send<'a>(&'a self, message: &'a TemplateMessage) -> BoxFuture<'a, Result<Sent, SendError>>;
}

/// One signed POST to an integrator.
#[derive(Debug, Clone, PartialEq)]
pub struct WebhookPost {
    pub url: String,
    /// The webhook's signing secret, in clear.
    pub secret: String,
    /// The delivery's id, sent so the receiver can drop a repeat.
    pub delivery_id: i64,
    pub kind: String,
    /// The JSON body.
    pub body: String,
}

/// Integrators' webhooks.
pub trait WebhookSender: Send + Sync {
    fn post<'a>(&'a self, post: &'a WebhookPost) -> BoxFuture<'a, Result<Sent, SendError>>;
}

/// The providers a server has; a channel without one is not fanned out to (`make run` has no
/// SMS gateway: the inbox still works).
#[derive(Clone, Default)]
pub struct Providers {
    pub sms: Option<Arc<dyn SmsProvider>>,
    pub wechat: Option<Arc<dyn WechatProvider>>,
    pub webhooks: Option<Arc<dyn WebhookSender>>,
}

impl std::fmt::Debug for Providers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Providers")
            .field("sms", &self.sms.is_some())
            .field("wechat", &self.wechat.is_some())
            .field("webhooks", &self.webhooks.is_some())
            .finish()
    }
}

pub mod webhook;
