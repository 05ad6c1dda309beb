//! The inbox (站内信) and each user's notification preferences: which kinds of event reach them
//! on which channel, and their quiet hours.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{Channel, EventKind};

/// One line in the signed-in user's inbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": 42, "kind": "sign_up.accepted", "title": "报名成功",
    "body": "您报名的活动「楼道清洁」报名已通过。",
    "link": "/activities/17", "read_at": null, "created_at": "2026-12-01T08:00:00Z"
})))]
pub struct Notification {
    pub id: i64,
    pub kind: EventKind,
    pub title: String,
    pub body: String,
    /// The SPA page it concerns, when there is one.
    pub link: Option<String>,
    /// When it was marked read; `null` while unread.
    pub read_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// How many lines of the inbox are unread (the bell's figure).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"unread": 3})))]
pub struct UnreadCount {
    pub unread: i64,
}

/// What marking every line read changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"marked": 3})))]
pub struct MarkedRead {
    /// The lines that were unread and now are read.
    pub marked: i64,
}

/// Quiet hours (免打扰时段) in city time: text messages and WeChat wait until they end, the
/// inbox does not. `from` later than `to` spans midnight (22:00–07:00).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"from": "22:00", "to": "07:00"})))]
#[serde(deny_unknown_fields)]
pub struct QuietHours {
    /// `HH:MM`, 00:00–23:59.
    pub from: String,
    /// `HH:MM`, 00:00–23:59, not equal to `from`.
    pub to: String,
}

/// Whether one kind of event reaches the user on one channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "kind": "activity.reminder", "channel": "sms", "enabled": false, "default": true
})))]
pub struct NotificationPreference {
    pub kind: EventKind,
    /// `inbox`, `sms` or `wechat`.
    pub channel: Channel,
    /// The user's choice, else the default.
    pub enabled: bool,
    /// What applies when the user has chosen nothing.
    pub default: bool,
}

/// Every kind of event the user can receive, on every channel, and the quiet hours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "preferences": [
        {"kind": "sign_up.accepted", "channel": "inbox", "enabled": true, "default": true},
        {"kind": "sign_up.accepted", "channel": "sms", "enabled": false, "default": false},
        {"kind": "sign_up.accepted", "channel": "wechat", "enabled": true, "default": true}
    ],
    "quiet_hours": {"from": "22:00", "to": "07:00"}
})))]
pub struct NotificationPreferences {
    /// One entry per kind and channel, kinds in a fixed order.
    pub preferences: Vec<NotificationPreference>,
    /// `null`: no quiet hours.
    pub quiet_hours: Option<QuietHours>,
}

/// One choice to store: a kind of event on a channel, on or off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"kind": "activity.reminder", "channel": "sms", "enabled": false})))]
#[serde(deny_unknown_fields)]
pub struct PreferenceChoice {
    /// An event kind the caller can receive (`webhook.disabled` only for platform admins).
    #[cfg_attr(feature = "openapi", schema(value_type = EventKind))]
    pub kind: String,
    /// `inbox`, `sms` or `wechat`.
    #[cfg_attr(feature = "openapi", schema(value_type = Channel))]
    pub channel: String,
    pub enabled: bool,
}

/// The user's preferences, replaced as a whole: the pairs listed are stored as chosen, those
/// left out go back to their default; `quiet_hours` absent or `null` removes them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "preferences": [
        {"kind": "activity.reminder", "channel": "sms", "enabled": false},
        {"kind": "star.reached", "channel": "wechat", "enabled": true}
    ],
    "quiet_hours": {"from": "22:00", "to": "07:00"}
})))]
#[serde(deny_unknown_fields)]
pub struct NotificationPreferencesUpdate {
    #[serde(default)]
    pub preferences: Vec<PreferenceChoice>,
    #[serde(default)]
    pub quiet_hours: Option<QuietHours>,
}

/// The channels a user chooses between (webhooks are integrators', not users').
pub const USER_CHANNELS: [Channel; 3] = [Channel::Inbox, Channel::Sms, Channel::Wechat];
