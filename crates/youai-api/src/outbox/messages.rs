//! What a notification says, from its event's kind and payload: a title, a line of text and
//! the SPA page it links to. zh-CN, as residents read it (the same words go by SMS and WeChat).
//! Times are written in city time (UTC+8).

use chrono::{DateTime, FixedOffset, Utc};
use serde_json::Value;
use youai_db::outbox::Event;
use youai_types::EventKind as K;

/// A notification's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub title: String,
    pub body: String,
    pub link: Option<String>,
}

/// An RFC 3339 instant from the payload, as the city reads it: `12月5日 09:00`.
fn city_time(v: Option<&Value>) -> String {
    let Some(t) = v
        .and_then(Value::as_str)
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
    else {
        return String::new();
    };
    let Some(city) = FixedOffset::east_opt(8 * 3600) else {
        return String::new();
    };
    t.with_timezone(&Utc)
        .with_timezone(&city)
        .format("%-m月%-d日 %H:%M")
        .to_string()
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
    let number = |key: &str| payload.get(key).and_then(Value::as_i64);
    let link = |prefix: &str, key: &str| number(key).map(|id| format!("{prefix}{id}"));
    let msg = |title: &str, body: String, link: Option<String>| Message {
        title: title.into(),
        body,
        link,
    };
    let activity = text("activity_title");
    let activity_link = link("/activities/", "activity_id");
    match event.kind {
        K::SignUpAccepted => msg(
            "报名成功",
            format!("您报名的活动「{activity}」报名已通过。"),
            activity_link,
        ),
        K::SignUpPromoted => msg(
            "候补转正",
            format!("您报名的活动「{activity}」已从候补转为正式报名。"),
            activity_link,
        ),
        K::SignUpWaitlisted => msg(
            "已进入候补",
            format!("您报名的活动「{activity}」名额已满，已进入候补名单。"),
            activity_link,
        ),
        K::ActivityChanged => msg(
            "活动时间地点变更",
            format!(
                "活动「{activity}」改为 {} 开始，地点：{}。",
                city_time(payload.get("start_at")),
                text("address")
            ),
            activity_link,
        ),
        K::ActivityCancelled => {
            let reason = text("reason");
            let why = if reason.is_empty() {
                String::new()
            } else {
                format!("原因：{reason}。")
            };
            msg(
                "活动已取消",
                format!("您报名的活动「{activity}」已取消。{why}"),
                activity_link,
            )
        }
        K::ActivityReminder => msg(
            "活动提醒",
            format!(
                "您报名的活动「{activity}」将在 {} 小时后开始，请准时参加。",
                number("hours_before").unwrap_or_default()
            ),
            activity_link,
        ),
        K::HoursVerified | K::HoursDisputed => {
            let hours = payload
                .get("hours")
                .and_then(Value::as_f64)
                .unwrap_or_default();
            let what = if activity.is_empty() {
                "服务时长".to_owned()
            } else {
                format!("活动「{activity}」的服务时长")
            };
            if event.kind == K::HoursVerified {
                msg(
                    "服务时长已确认",
                    format!("您在{what} {hours} 小时已确认。"),
                    Some("/me/volunteer".into()),
                )
            } else {
                msg(
                    "服务时长有异议",
                    format!("您在{what} {hours} 小时被提出异议，请联系队伍负责人。"),
                    Some("/me/volunteer".into()),
                )
            }
        }
        K::StarReached => msg(
            "星级提升",
            format!(
                "恭喜！您已成为{}星志愿者。",
                number("level").unwrap_or_default()
            ),
            Some("/me/volunteer".into()),
        ),
        K::VoucherIssued => msg(
            "兑换成功",
            format!(
                "您已兑换「{}」，请在 {} 前使用。",
                text("reward_name"),
                city_time(payload.get("expires_at"))
            ),
            Some("/me/vouchers".into()),
        ),
        K::VoucherExpiring => msg(
            "兑换券即将过期",
            format!(
                "您兑换的「{}」将于 {} 过期，请尽快使用。",
                text("reward_name"),
                city_time(payload.get("expires_at"))
            ),
            Some("/me/vouchers".into()),
        ),
        K::TeamRegistrationDecided => {
            let team = text("team_name");
            let team_link = link("/teams/", "team_id");
            if text("status") == "approved" {
                msg(
                    "队伍注册已通过",
                    format!("队伍「{team}」的注册申请已通过。"),
                    team_link,
                )
            } else {
                msg(
                    "队伍注册未通过",
                    format!("队伍「{team}」的注册申请未通过。原因：{}。", text("reason")),
                    team_link,
                )
            }
        }
        K::TeamJoinDecided => {
            let team = text("team_name");
            let team_link = link("/teams/", "team_id");
            if text("status") == "active" {
                msg(
                    "入队申请已通过",
                    format!("您已加入队伍「{team}」。"),
                    team_link,
                )
            } else {
                msg(
                    "入队申请未通过",
                    format!("队伍「{team}」未通过您的入队申请。"),
                    team_link,
                )
            }
        }
        K::NeedAccepted | K::NeedRejected | K::NeedFulfilled => {
            let need = text("title");
            let code = text("code");
            let follow = Some(format!("/needs/follow/{code}"));
            match event.kind {
                K::NeedAccepted => msg(
                    "需求已受理",
                    format!("您提交的需求「{need}」（{code}）已受理，我们会尽快安排服务。"),
                    follow,
                ),
                K::NeedRejected => msg(
                    "需求未受理",
                    format!(
                        "您提交的需求「{need}」（{code}）不予受理。原因：{}。",
                        text("reason")
                    ),
                    follow,
                ),
                _ => msg(
                    "需求已办结",
                    format!("您提交的需求「{need}」（{code}）已办结，欢迎评价。"),
                    follow,
                ),
            }
        }
        K::OrderTaken | K::OrderScheduled | K::OrderCompleted | K::OrderEscalated => {
            let order = text("title");
            let team = text("team_name");
            let order_link = link("/console/orders/", "order_id");
            match event.kind {
                K::OrderTaken => msg(
                    "订单已被接单",
                    format!("订单「{order}」已由「{team}」接单。"),
                    order_link,
                ),
                K::OrderScheduled => msg(
                    "订单已排期",
                    format!("订单「{order}」已由「{team}」安排活动。"),
                    order_link,
                ),
                K::OrderCompleted => msg(
                    "订单已完成",
                    format!("订单「{order}」的服务已完成，请评价。"),
                    order_link,
                ),
                _ => msg(
                    "订单超时上报",
                    format!(
                        "订单「{order}」超过接单期限未被接单，已上报{}，请派单。",
                        text("escalated_to")
                    ),
                    order_link,
                ),
            }
        }
        K::WebhookDisabled => msg(
            "Webhook 已停用",
            format!("{} 连续投递失败，已停用。", text("url")),
            Some("/console/webhooks".into()),
        ),
    }
}
