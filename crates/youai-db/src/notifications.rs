//! The inbox (站内信) and each user's notification preferences and quiet hours.

use diesel::prelude::*;
use youai_types::{Channel, EventKind};

use crate::DbConn;
use crate::schema::{notification_preferences, notification_settings, users};

/// Users' explicit choices for one kind of event: (user, channel, enabled). Absent: default.
pub fn choices_for(
    conn: &mut DbConn,
    user_ids: &[i64],
    kind: EventKind,
) -> QueryResult<Vec<(i64, Channel, bool)>> {
    notification_preferences::table
        .filter(notification_preferences::user_id.eq_any(user_ids))
        .filter(notification_preferences::kind.eq(kind.as_str()))
        .select((
            notification_preferences::user_id,
            notification_preferences::channel,
            notification_preferences::enabled,
        ))
        .load(conn)
}

/// Users' quiet hours: (user, from, to) in minutes after midnight, city time.
pub fn quiet_hours_of(conn: &mut DbConn, user_ids: &[i64]) -> QueryResult<Vec<(i64, i32, i32)>> {
    let rows: Vec<(i64, Option<i32>, Option<i32>)> = notification_settings::table
        .filter(notification_settings::user_id.eq_any(user_ids))
        .select((
            notification_settings::user_id,
            notification_settings::quiet_from,
            notification_settings::quiet_to,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(u, f, t)| Some((u, f?, t?)))
        .collect())
}

/// How to reach users outside the app: (user, phone, WeChat openid).
pub fn contacts(
    conn: &mut DbConn,
    user_ids: &[i64],
) -> QueryResult<Vec<(i64, String, Option<String>)>> {
    users::table
        .filter(users::id.eq_any(user_ids))
        .select((users::id, users::phone, users::wechat_openid))
        .load(conn)
}
