//! Integrators' webhooks and the delivery log: subscriptions to event kinds, their signed
//! deliveries, each attempt's answer, and the admins' view of the outbox.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{Channel, DeliveryStatus, EventKind, WebhookStatus};

/// A webhook subscription. Its signing secret is shown once, when it is created or rotated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": 3, "url": "https://hooks.example.cn/youai", "kinds": ["sign_up.accepted", "order.taken"],
    "description": "区志愿服务数据中台", "status": "active", "consecutive_failures": 0,
    "disabled_at": null, "disabled_reason": null, "created_by": 1,
    "created_at": "2026-12-01T08:00:00Z", "updated_at": "2026-12-01T08:00:00Z"
})))]
pub struct Webhook {
    pub id: i64,
    /// Where deliveries are POSTed (http or https).
    pub url: String,
    /// The event kinds it receives (wire names such as `sign_up.accepted`).
    pub kinds: Vec<EventKind>,
    pub description: Option<String>,
    pub status: WebhookStatus,
    /// Deliveries that went dead in a row; at 5 the webhook is disabled.
    pub consecutive_failures: i32,
    pub disabled_at: Option<DateTime<Utc>>,
    pub disabled_reason: Option<String>,
    pub created_by: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A webhook with its signing secret: the answer to creating one or rotating its secret, the
/// only time the secret is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": 3, "url": "https://hooks.example.cn/youai", "kinds": ["sign_up.accepted"],
    "description": null, "status": "active", "consecutive_failures": 0,
    "disabled_at": null, "disabled_reason": null, "created_by": 1,
    "created_at": "2026-12-01T08:00:00Z", "updated_at": "2026-12-01T08:00:00Z",
    "secret": "whsec_9b1f0c3e5d7a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e2f4a6b8c0d2e4f6a8b0c"
})))]
pub struct WebhookWithSecret {
    #[serde(flatten)]
    pub webhook: Webhook,
    /// `whsec_` and 64 hex digits (32 random bytes). The key of the HMAC is this whole string.
    pub secret: String,
}

/// A new webhook (platform admins).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "url": "https://hooks.example.cn/youai", "kinds": ["sign_up.accepted", "order.taken"],
    "description": "区志愿服务数据中台"
})))]
#[serde(deny_unknown_fields)]
pub struct NewWebhook {
    /// An absolute http or https URL, at most 2000 characters.
    pub url: String,
    /// At least one event kind.
    pub kinds: Vec<String>,
    #[serde(default)]
    pub description: Option<String>,
}

/// Changes to a webhook; an absent field stays. Setting `status` to `active` again resets its
/// failure count; an empty description clears it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"status": "active"})))]
#[serde(deny_unknown_fields)]
pub struct WebhookPatch {
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub kinds: Option<Vec<String>>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub status: Option<WebhookStatus>,
}

/// One attempt of a delivery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeliveryAttempt {
    pub at: DateTime<Utc>,
    /// The receiver's HTTP status, when it answered.
    pub status_code: Option<i32>,
    /// Why it failed, when it did.
    pub error: Option<String>,
    pub latency_ms: i32,
}

/// One delivery of one event to one recipient: a user (SMS, WeChat) or a webhook. Never a
/// phone number or an openid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": 41, "event_id": 17, "kind": "sign_up.accepted", "channel": "webhook",
    "user_id": null, "webhook_id": 3, "status": "failed", "attempts": 2,
    "next_attempt_at": "2026-12-01T08:02:00Z", "last_status": 503,
    "last_error": "HTTP 503 Service Unavailable", "last_latency_ms": 35,
    "delivered_at": null, "created_at": "2026-12-01T08:00:00Z", "updated_at": "2026-12-01T08:01:00Z",
    "attempt_log": null
})))]
pub struct DeliveryView {
    pub id: i64,
    pub event_id: i64,
    pub kind: EventKind,
    pub channel: Channel,
    pub user_id: Option<i64>,
    pub webhook_id: Option<i64>,
    pub status: DeliveryStatus,
    /// Attempts since it was queued (or last retried by hand).
    pub attempts: i32,
    /// When it is tried next (pending and failed ones).
    pub next_attempt_at: DateTime<Utc>,
    pub last_status: Option<i32>,
    pub last_error: Option<String>,
    pub last_latency_ms: Option<i32>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Every attempt, oldest first (a webhook's delivery log); absent in the admins' list.
    pub attempt_log: Option<Vec<DeliveryAttempt>>,
}
