//! What a notification says, from its event's kind and payload: a title, a line of text and
//! the SPA page it links to. zh-CN, as residents read it (the same words go by SMS and WeChat).

use serde_json::Value;
use youai_db::outbox::Event;
use youai_types::EventKind;

/// A notification's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub title: String,
    pub body: String,
    pub link: Option<String>,
}

/// The words for `event`.
pub fn of(event: &Event) -> Message {
    let payload: Value = serde_json::from_str(&event.payload).unwrap_or(Value::Null);
    let text = |key: &str| {
        payload
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    match event.kind {
        EventKind::SignUpAccepted | EventKind::SignUpPromoted | EventKind::SignUpWaitlisted => {
            let (title, what) = match event.kind {
                EventKind::SignUpAccepted => ("报名成功", "报名已通过"),
                EventKind::SignUpPromoted => ("候补转正", "已从候补转为正式报名"),
                _ => ("已进入候补", "名额已满，已进入候补名单"),
            };
            Message {
                title: title.into(),
                body: format!("您报名的活动「{}」{what}。", text("activity_title")),
                link: payload
                    .get("activity_id")
                    .and_then(Value::as_i64)
                    .map(|id| format!("/activities/{id}")),
            }
        }
        EventKind::WebhookDisabled => Message {
            title: "Webhook 已停用".into(),
            body: format!("{} 连续投递失败，已停用。", text("url")),
            link: Some("/console/webhooks".into()),
        },
        _ => Message {
            title: text("title"),
            body: text("body"),
            link: None,
        },
    }
}
