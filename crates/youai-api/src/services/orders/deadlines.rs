//! The timer's part in an order's life: an open order untaken by its take-by time escalates
//! to the admins of the area above its station (it stays open, now in their queue); an order
//! whose day passed unserved — or whose activity was cancelled or never finished — expires and
//! gives back its menu place. Each order moves in its own write transaction, conditionally, so
//! two servers' timers never move one twice. `now` is injected: tests pass their own clock.

use chrono::{DateTime, SubsecRound, Utc};
use youai_db::orders::queues as db;
use youai_db::orders::{self as orders_db};
use youai_db::{DbConn, activities};
use youai_domain::orders::{ActivityFacts, city_day, escalation_due, expiry_due};
use youai_types::{ActivityStatus, OrderAction, OrderStatus};

use crate::convert::utc;
use crate::error::ApiResult;
use crate::services::orders::{area, find, record, release};

/// Escalates every open order past its take-by time that is not escalated yet: to the area
/// above its station (a village's to its town, a town's to the city; a city keeps its own),
/// with a timeline entry by no one. Returns how many were escalated.
pub fn escalate_due(conn: &mut DbConn, now: DateTime<Utc>) -> ApiResult<usize> {
    let at = now.naive_utc().trunc_subsecs(6);
    let mut escalated = 0;
    for candidate in db::due_for_escalation(conn, at)? {
        let moved = conn.write_transaction(|conn| escalate_one(conn, candidate.id, now))?;
        escalated += usize::from(moved);
    }
    Ok(escalated)
}

fn escalate_one(conn: &mut DbConn, id: i64, now: DateTime<Utc>) -> ApiResult<bool> {
    let order = find(conn, id)?;
    if !escalation_due(
        order.status,
        utc(order.take_by),
        order.escalated_to.is_some(),
        now,
    ) {
        return Ok(false);
    }
    let station = area(conn, order.area_id)?;
    let above = match station.parent_id {
        Some(p) => area(conn, p)?,
        None => station,
    };
    // Stored to the microsecond on both backends.
    let at = now.naive_utc().trunc_subsecs(6);
    if !db::escalate(conn, order.id, above.id, at)? {
        return Ok(false);
    }
    record(
        conn,
        &order,
        OrderAction::Escalate,
        OrderStatus::Open,
        None,
        None,
        Some(format!("超过接单期限未被接单，已上报{}", above.name)),
        at,
    )?;
    Ok(true)
}

/// Expires every open, taken or scheduled order whose time has passed unserved (see
/// [`expiry_due`]), giving a menu order's place back. Returns how many expired.
pub fn expire_due(conn: &mut DbConn, now: DateTime<Utc>) -> ApiResult<usize> {
    let mut expired = 0;
    for candidate in db::expiry_candidates(conn, city_day(now))? {
        let moved = conn.write_transaction(|conn| expire_one(conn, candidate.id, now))?;
        expired += usize::from(moved);
    }
    Ok(expired)
}

fn expire_one(conn: &mut DbConn, id: i64, now: DateTime<Utc>) -> ApiResult<bool> {
    let order = find(conn, id)?;
    let activity = match order.activity_id {
        Some(a) => activities::find_activity(conn, a)?.map(|a| ActivityFacts {
            end_at: utc(a.end_at),
            cancelled: a.status == ActivityStatus::Cancelled,
        }),
        None => None,
    };
    if !expiry_due(order.status, order.wanted_on, activity, now) {
        return Ok(false);
    }
    let at = now.naive_utc().trunc_subsecs(6);
    if !orders_db::advance(
        conn,
        order.id,
        order.status,
        None,
        OrderStatus::Expired,
        &orders_db::OrderChanges::default(),
        at,
    )? {
        return Ok(false);
    }
    let note = match activity {
        Some(a) if a.cancelled => "活动已取消，订单已过期",
        Some(_) => "活动未按时完成，订单已过期",
        None => "服务日期已过仍未完成服务，订单已过期",
    };
    record(
        conn,
        &order,
        OrderAction::Expire,
        OrderStatus::Expired,
        None,
        None,
        Some(note.to_owned()),
        at,
    )?;
    release(conn, &order)?;
    Ok(true)
}
