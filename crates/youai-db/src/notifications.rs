//! The inbox (站内信) and each user's notification preferences and quiet hours.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use youai_types::{Channel, EventKind};

use crate::DbConn;
use crate::schema::{notification_preferences, notification_settings, notifications, users};

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

/// One line of a user's inbox.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = notifications)]
pub struct Notification {
    pub id: i64,
    pub user_id: i64,
    pub kind: EventKind,
    pub title: String,
    pub body: String,
    pub link: Option<String>,
    pub read_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

/// A page of a user's inbox, newest first: up to `limit + 1` lines before the line `before`
/// (the keyset), only the unread ones when `unread_only`.
pub fn inbox(
    conn: &mut DbConn,
    user_id: i64,
    unread_only: bool,
    before: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<Notification>> {
    let mut q = notifications::table
        .filter(notifications::user_id.eq(user_id))
        .into_boxed();
    if unread_only {
        q = q.filter(notifications::read_at.is_null());
    }
    if let Some(before) = before {
        q = q.filter(notifications::id.lt(before));
    }
    q.order(notifications::id.desc())
        .limit(crate::page::fetch_limit(limit))
        .select(Notification::as_select())
        .load(conn)
}

/// How many lines of a user's inbox are unread (one index range: user, unread).
pub fn unread_count(conn: &mut DbConn, user_id: i64) -> QueryResult<i64> {
    notifications::table
        .filter(notifications::user_id.eq(user_id))
        .filter(notifications::read_at.is_null())
        .count()
        .get_result(conn)
}

/// Marks one line of the user's inbox read (kept as it is when read already); `None` when the
/// user has no such line.
pub fn mark_read(
    conn: &mut DbConn,
    user_id: i64,
    id: i64,
    at: NaiveDateTime,
) -> QueryResult<Option<Notification>> {
    let mine = || {
        notifications::table
            .filter(notifications::id.eq(id))
            .filter(notifications::user_id.eq(user_id))
    };
    diesel::update(mine().filter(notifications::read_at.is_null()))
        .set(notifications::read_at.eq(at))
        .execute(conn)?;
    mine()
        .select(Notification::as_select())
        .first(conn)
        .optional()
}

/// Marks every unread line of the user's inbox read; how many there were.
pub fn mark_all_read(conn: &mut DbConn, user_id: i64, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        notifications::table
            .filter(notifications::user_id.eq(user_id))
            .filter(notifications::read_at.is_null()),
    )
    .set(notifications::read_at.eq(at))
    .execute(conn)
}

/// A user's explicit choices: (kind, channel, enabled). Rows of a kind or channel this build
/// does not know are an error, not skipped.
pub fn choices_of(conn: &mut DbConn, user_id: i64) -> QueryResult<Vec<(EventKind, Channel, bool)>> {
    notification_preferences::table
        .filter(notification_preferences::user_id.eq(user_id))
        .select((
            notification_preferences::kind,
            notification_preferences::channel,
            notification_preferences::enabled,
        ))
        .load(conn)
}

/// Replaces a user's choices with `choices`.
pub fn replace_choices(
    conn: &mut DbConn,
    user_id: i64,
    choices: &[(EventKind, Channel, bool)],
) -> QueryResult<()> {
    diesel::delete(
        notification_preferences::table.filter(notification_preferences::user_id.eq(user_id)),
    )
    .execute(conn)?;
    let rows: Vec<_> = choices
        .iter()
        .map(|(kind, channel, enabled)| {
            (
                notification_preferences::user_id.eq(user_id),
                notification_preferences::kind.eq(kind.as_str()),
                notification_preferences::channel.eq(channel.as_str()),
                notification_preferences::enabled.eq(*enabled),
            )
        })
        .collect();
    if !rows.is_empty() {
        crate::on_backend!(conn, |c| diesel::insert_into(
            notification_preferences::table
        )
        .values(&rows)
        .execute(c))?;
    }
    Ok(())
}

/// A user's quiet hours as minutes after midnight, city time, when set.
pub fn quiet_hours(conn: &mut DbConn, user_id: i64) -> QueryResult<Option<(i32, i32)>> {
    Ok(quiet_hours_of(conn, &[user_id])?
        .into_iter()
        .next()
        .map(|(_, from, to)| (from, to)))
}

/// Sets (or, with `None`, removes) a user's quiet hours.
pub fn set_quiet_hours(
    conn: &mut DbConn,
    user_id: i64,
    quiet: Option<(i32, i32)>,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::delete(notification_settings::table.filter(notification_settings::user_id.eq(user_id)))
        .execute(conn)?;
    if let Some((from, to)) = quiet {
        diesel::insert_into(notification_settings::table)
            .values((
                notification_settings::user_id.eq(user_id),
                notification_settings::quiet_from.eq(from),
                notification_settings::quiet_to.eq(to),
                notification_settings::updated_at.eq(at),
            ))
            .execute(conn)?;
    }
    Ok(())
}
