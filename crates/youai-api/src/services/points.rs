//! Points (积分) by hand and by the calendar: a volunteer's account, an admin's adjustment
//! with a reason, and the yearly expiry. Each runs in the caller's transaction with the
//! volunteer's row locked, so a balance never goes below zero.

use chrono::NaiveDate;
use youai_db::rewards::{self as db, Entry, NewEntry};
use youai_db::{DbConn, activities as adb, areas, volunteers};
use youai_domain::access::{Action, Target};
use youai_domain::rewards::points::{
    AdjustmentFacts, AdjustmentRefusal, ExpiryFacts, decide_adjustment, decide_expiry,
};
use youai_types::PointsKind;

use crate::auth::{AuthUser, authorize};
use crate::error::{ApiError, ApiResult};

impl From<AdjustmentRefusal> for ApiError {
    fn from(r: AdjustmentRefusal) -> Self {
        ApiError::conflict(r.code(), r.message())
    }
}

/// The volunteer, if `user` may take `action` in the volunteer's area (else 403; 404 if none).
pub fn volunteer_in_scope(
    conn: &mut DbConn,
    user: &AuthUser,
    id: i64,
    action: Action,
) -> ApiResult<volunteers::Volunteer> {
    let v = volunteers::find(conn, id)?.ok_or_else(|| ApiError::not_found("志愿者"))?;
    let area = areas::find(conn, v.area_id)?
        .map(|a| a.path)
        .unwrap_or_default();
    authorize(user, action, &Target::Area(&area))?;
    Ok(v)
}

/// The volunteer, if the caller may see them (themself, staff in scope, their team's
/// leaders): else 403; 404 if none.
pub fn volunteer_in_sight(
    conn: &mut DbConn,
    user: &AuthUser,
    id: i64,
) -> ApiResult<volunteers::Volunteer> {
    let v = volunteers::find(conn, id)?.ok_or_else(|| ApiError::not_found("志愿者"))?;
    // Who may see a volunteer is the volunteers' rule; it still lives in their handler file.
    crate::volunteer_scope::sight_of(conn, user, &v)?;
    Ok(v)
}

/// A volunteer's points: the balance, what service earned, the newest 200 entries.
pub struct Account {
    pub volunteer_id: i64,
    pub balance: i64,
    pub earned: i64,
    pub entries: Vec<Entry>,
}

pub fn account(conn: &mut DbConn, volunteer_id: i64) -> ApiResult<Account> {
    Ok(Account {
        volunteer_id,
        balance: db::balance(conn, volunteer_id)?,
        earned: db::total_of_kind(conn, Some(volunteer_id), PointsKind::Earn)?,
        entries: db::entries(conn, volunteer_id, 200)?,
    })
}

/// An admin adjusts a volunteer's points with a reason (already checked): 409
/// `insufficient_points` if the balance would go below zero.
pub fn adjust(
    conn: &mut DbConn,
    user: &AuthUser,
    volunteer_id: i64,
    points: i64,
    reason: &str,
) -> ApiResult<Entry> {
    volunteer_in_scope(conn, user, volunteer_id, Action::AdjustPoints)?;
    adb::lock_volunteer(conn, volunteer_id)?;
    let balance = db::balance(conn, volunteer_id)?;
    let after = decide_adjustment(&AdjustmentFacts { balance, points })?;
    let event = format!("adjust:{}", uuid::Uuid::new_v4());
    crate::audit::record(
        conn,
        user,
        "points.adjust",
        "volunteer",
        volunteer_id,
        Some(serde_json::json!({"balance": balance})),
        Some(serde_json::json!({"balance": after, "points": points, "reason": reason})),
    )?;
    db::append(
        conn,
        &NewEntry {
            volunteer_id,
            kind: PointsKind::Adjust,
            points: i32::try_from(points).map_err(ApiError::internal)?,
            event: event.clone(),
            reason: Some(reason.to_owned()),
            record_id: None,
            voucher_id: None,
            created_by: Some(user.id),
        },
    )?;
    db::entries(conn, volunteer_id, 1)?
        .into_iter()
        .find(|e| e.event == event)
        .ok_or_else(|| ApiError::internal("adjustment not found after insert"))
}

/// The yearly expiry for one volunteer: what is left of the points credited before `before`
/// (the year's beginning) lapses, once per year (the event `expire:{year}:{id}`). Whether any
/// lapsed.
pub fn expire(
    conn: &mut DbConn,
    volunteer_id: i64,
    year: i32,
    before: chrono::NaiveDateTime,
) -> ApiResult<bool> {
    adb::lock_volunteer(conn, volunteer_id)?;
    let (old_credits, debits) = db::credits_and_debits(conn, volunteer_id, before)?;
    let facts = ExpiryFacts {
        old_credits,
        debits,
        balance: db::balance(conn, volunteer_id)?,
    };
    let Some(amount) = decide_expiry(&facts) else {
        return Ok(false);
    };
    Ok(db::append(
        conn,
        &NewEntry {
            volunteer_id,
            kind: PointsKind::Expire,
            points: -i32::try_from(amount).map_err(ApiError::internal)?,
            event: format!("expire:{year}:{volunteer_id}"),
            reason: Some(format!("{year}年以前获得的积分到期")),
            record_id: None,
            voucher_id: None,
            created_by: None,
        },
    )?)
}

/// Whether the yearly expiry is due on `today` under the rules, and if so its year and the
/// moment before which credits are old.
pub fn expiry_due(
    conn: &mut DbConn,
    today: NaiveDate,
) -> ApiResult<Option<(i32, chrono::NaiveDateTime)>> {
    let rules = crate::ledger::rules(conn)?;
    Ok(
        youai_domain::rewards::expiry_due(rules.expire_on.as_deref(), today).and_then(|year| {
            youai_domain::rewards::points::expiry_cutoff(year).map(|before| (year, before))
        }),
    )
}
