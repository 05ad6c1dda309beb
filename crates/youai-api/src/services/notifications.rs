//! The signed-in user's inbox (站内信) and notification preferences: reading and marking
//! their own lines (another user's line is not found), and their choices per kind and
//! channel with their quiet hours, each read or write in one transaction.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use youai_db::DbConn;
use youai_db::notifications::{self as db, Notification};
use youai_domain::notifications::{check_update, format_clock, receivable_kinds};
use youai_domain::outbox::on_by_default;
use youai_types::{
    Channel, EventKind, NotificationPreference, NotificationPreferences,
    NotificationPreferencesUpdate, QuietHours, USER_CHANNELS,
};

use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};

/// A page of the user's inbox, newest first (`limit + 1` lines at most, for the page).
pub fn inbox(
    conn: &mut DbConn,
    user: &AuthUser,
    unread_only: bool,
    before: Option<i64>,
    limit: i64,
) -> ApiResult<Vec<Notification>> {
    Ok(db::inbox(conn, user.id, unread_only, before, limit)?)
}

pub fn unread(conn: &mut DbConn, user: &AuthUser) -> ApiResult<i64> {
    Ok(db::unread_count(conn, user.id)?)
}

/// Marks one of the user's lines read; 404 for a line that is not theirs.
pub fn mark_read(
    conn: &mut DbConn,
    user: &AuthUser,
    id: i64,
    at: NaiveDateTime,
) -> ApiResult<Notification> {
    db::mark_read(conn, user.id, id, at)?.ok_or_else(|| ApiError::not_found("通知"))
}

/// Marks every unread line of the user's read; how many.
pub fn mark_all_read(conn: &mut DbConn, user: &AuthUser, at: NaiveDateTime) -> ApiResult<i64> {
    let n = db::mark_all_read(conn, user.id, at)?;
    Ok(i64::try_from(n).unwrap_or(i64::MAX))
}

/// Every kind the user can receive on every user channel: their choice, else the default;
/// and their quiet hours.
pub fn preferences(conn: &mut DbConn, user: &AuthUser) -> ApiResult<NotificationPreferences> {
    let chosen: HashMap<(EventKind, Channel), bool> = db::choices_of(conn, user.id)?
        .into_iter()
        .map(|(k, c, on)| ((k, c), on))
        .collect();
    let preferences = receivable_kinds(user.is_platform_admin())
        .flat_map(|kind| USER_CHANNELS.iter().map(move |channel| (kind, *channel)))
        .map(|(kind, channel)| {
            let default = on_by_default(kind, channel);
            NotificationPreference {
                kind,
                channel,
                enabled: chosen.get(&(kind, channel)).copied().unwrap_or(default),
                default,
            }
        })
        .collect();
    let quiet_hours = db::quiet_hours(conn, user.id)?.and_then(|(from, to)| {
        Some(QuietHours {
            from: format_clock(u32::try_from(from).ok()?),
            to: format_clock(u32::try_from(to).ok()?),
        })
    });
    Ok(NotificationPreferences {
        preferences,
        quiet_hours,
    })
}

/// Replaces the user's choices and quiet hours (422 naming each bad field), and answers
/// what now applies.
pub fn put_preferences(
    conn: &mut DbConn,
    user: &AuthUser,
    update: &NotificationPreferencesUpdate,
) -> ApiResult<NotificationPreferences> {
    let choices =
        check_update(update, user.is_platform_admin()).map_err(|e| ApiError::validation(e.0))?;
    db::replace_choices(conn, user.id, &choices.preferences)?;
    let quiet = choices
        .quiet_hours
        .and_then(|q| Some((i32::try_from(q.from).ok()?, i32::try_from(q.to).ok()?)));
    db::set_quiet_hours(conn, user.id, quiet, youai_db::now())?;
    preferences(conn, user)
}
