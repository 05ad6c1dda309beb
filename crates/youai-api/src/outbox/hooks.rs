//! The events services emit, one function per family, so each payload is written once. Each
//! runs inside the caller's transaction. A payload names only what every recipient of its
//! kind may read through the API: public facts of an activity, a person's own record, voucher
//! or need, a team's or an order's name and state — never a contact's phone, never an ID
//! number, never a voucher's code.

use chrono::{TimeDelta, Utc};
use serde_json::{Value, json};
use youai_db::DbConn;
use youai_db::activities::{Activity, SignUp};
use youai_db::outbox as db;
use youai_db::records::Record;
use youai_db::rewards::Voucher;
use youai_domain::outbox::REMINDERS;
use youai_domain::service_records::hours_of_quarters;
use youai_types::{
    ActivityStatus, EventKind, MembershipStatus, NeedStatus, OrderAction, OrderStatus,
    RecordStatus, SignUpStatus, TeamStatus,
};

use super::{Subject, emit, emit_at};
use crate::convert::utc;
use crate::error::ApiResult;

/// A sign-up reached `accepted` or `waitlisted` (`promoted`: it left the waiting list for a
/// place). The volunteer hears of it; an accepted volunteer's activity gets its reminders.
pub fn sign_up_moved(
    conn: &mut DbConn,
    activity: &Activity,
    sign_up: &SignUp,
    promoted: bool,
    actor: Option<i64>,
) -> ApiResult<()> {
    let kind = match (sign_up.status, promoted) {
        (SignUpStatus::Accepted, true) => EventKind::SignUpPromoted,
        (SignUpStatus::Accepted, false) => EventKind::SignUpAccepted,
        (SignUpStatus::Waitlisted, _) => EventKind::SignUpWaitlisted,
        _ => return Ok(()),
    };
    emit(
        conn,
        kind,
        Subject::new("sign_up", sign_up.id),
        actor,
        json!({
            "sign_up_id": sign_up.id,
            "activity_id": activity.id,
            "activity_title": activity.title,
            "start_at": utc(activity.start_at),
            "end_at": utc(activity.end_at),
            "address": activity.address,
            "status": sign_up.status.as_str(),
        }),
    )?;
    if sign_up.status == SignUpStatus::Accepted {
        schedule_reminders(conn, activity)?;
    }
    Ok(())
}

/// Which reminder an event is: its hours before the start, from its payload.
fn reminder_hours(e: &db::Event) -> Option<i64> {
    serde_json::from_str::<Value>(&e.payload)
        .ok()?
        .get("hours_before")?
        .as_i64()
}

/// Keeps an activity's reminders in step with it: one pending `activity.reminder` per offset
/// (24 h, 2 h before the start) still ahead; a pending one whose time moved is rescheduled, one
/// now past is dropped, one newly ahead is added. Only a published activity that has not
/// started has reminders; its accepted volunteers are found when one falls due.
pub fn schedule_reminders(conn: &mut DbConn, activity: &Activity) -> ApiResult<()> {
    let live = matches!(
        activity.status,
        ActivityStatus::Recruiting | ActivityStatus::Full
    );
    let now = Utc::now();
    let start = utc(activity.start_at);
    let pending = db::pending_events(conn, EventKind::ActivityReminder, "activity", activity.id)?;
    let mut kept: Vec<i64> = Vec::new();
    for e in pending {
        let hours = reminder_hours(&e);
        let due = hours.map(|h| start - TimeDelta::hours(h));
        match due {
            Some(due) if live && due > now && hours.is_some_and(|h| !kept.contains(&h)) => {
                if due.naive_utc() != e.due_at {
                    db::reschedule_event(conn, e.id, due.naive_utc())?;
                }
                kept.extend(hours);
            }
            _ => {
                db::drop_pending_event(conn, e.id)?;
            }
        }
    }
    if !live {
        return Ok(());
    }
    for before in REMINDERS {
        let hours = before.num_hours();
        let due = start - before;
        if due <= now || kept.contains(&hours) {
            continue;
        }
        emit_at(
            conn,
            EventKind::ActivityReminder,
            Subject::new("activity", activity.id),
            None,
            json!({
                "activity_id": activity.id,
                "activity_title": activity.title,
                "hours_before": hours,
            }),
            due,
        )?;
    }
    Ok(())
}

/// What volunteers may read of an activity (its public page).
fn activity_facts(a: &Activity) -> Value {
    json!({
        "activity_id": a.id,
        "activity_title": a.title,
        "start_at": utc(a.start_at),
        "end_at": utc(a.end_at),
        "address": a.address,
    })
}

/// A published activity moved (time or place): its accepted volunteers hear of it, with where
/// and when it was before; its reminders move with it.
pub fn activity_moved(
    conn: &mut DbConn,
    before: &Activity,
    after: &Activity,
    actor: Option<i64>,
) -> ApiResult<()> {
    let moved = before.start_at != after.start_at
        || before.end_at != after.end_at
        || before.address != after.address;
    if !moved || after.status == ActivityStatus::Draft {
        return Ok(());
    }
    let mut payload = activity_facts(after);
    if let Some(p) = payload.as_object_mut() {
        p.insert(
            "before".into(),
            json!({
                "start_at": utc(before.start_at),
                "end_at": utc(before.end_at),
                "address": before.address,
            }),
        );
    }
    emit(
        conn,
        EventKind::ActivityChanged,
        Subject::new("activity", after.id),
        actor,
        payload,
    )?;
    schedule_reminders(conn, after)
}

/// An activity took a step: published, it gets its reminders; cancelled, its volunteers
/// (accepted and waiting) hear of it with the reason and its reminders are dropped.
pub fn activity_stepped(
    conn: &mut DbConn,
    from: ActivityStatus,
    after: &Activity,
    actor: Option<i64>,
) -> ApiResult<()> {
    if from == after.status {
        return Ok(());
    }
    if after.status == ActivityStatus::Cancelled {
        let mut payload = activity_facts(after);
        if let Some(p) = payload.as_object_mut() {
            p.insert("reason".into(), json!(after.cancel_reason));
        }
        emit(
            conn,
            EventKind::ActivityCancelled,
            Subject::new("activity", after.id),
            actor,
            payload,
        )?;
    }
    // Publishing adds the reminders; cancelling, starting or finishing drops what is left.
    schedule_reminders(conn, after)
}

/// A pending record was verified or disputed (by a leader, or verified at check-out): its
/// volunteer hears of it.
pub fn hours_decided(conn: &mut DbConn, record: &Record, actor: Option<i64>) -> ApiResult<()> {
    let kind = match record.status {
        RecordStatus::Verified => EventKind::HoursVerified,
        RecordStatus::Disputed => EventKind::HoursDisputed,
        RecordStatus::Pending => return Ok(()),
    };
    let title = match record.activity_id {
        Some(a) => youai_db::activities::find_activity(conn, a)?.map(|a| a.title),
        None => None,
    };
    emit(
        conn,
        kind,
        Subject::new("service_record", record.id),
        actor,
        json!({
            "record_id": record.id,
            "activity_id": record.activity_id,
            "activity_title": title,
            "hours": hours_of_quarters(i64::from(record.quarters)),
            "served_on": record.served_on,
            "status": record.status.as_str(),
        }),
    )?;
    Ok(())
}

/// A volunteer's verified hours reached a higher star level: they hear of it.
pub fn star_reached(
    conn: &mut DbConn,
    volunteer_id: i64,
    from: i32,
    to: i32,
    actor: Option<i64>,
) -> ApiResult<()> {
    if to <= from {
        return Ok(());
    }
    emit(
        conn,
        EventKind::StarReached,
        Subject::new("volunteer", volunteer_id),
        actor,
        json!({"volunteer_id": volunteer_id, "from_level": from, "level": to}),
    )?;
    Ok(())
}

fn voucher_facts(v: &Voucher, reward_name: &str) -> Value {
    json!({
        "voucher_id": v.id,
        "reward_id": v.reward_id,
        "reward_name": reward_name,
        "points": v.points,
        "expires_at": utc(v.expires_at),
    })
}

/// A voucher was issued (a redemption): its holder hears of it (the code is on their vouchers
/// page, not in the message).
pub fn voucher_issued(
    conn: &mut DbConn,
    v: &Voucher,
    reward_name: &str,
    actor: Option<i64>,
) -> ApiResult<()> {
    emit(
        conn,
        EventKind::VoucherIssued,
        Subject::new("voucher", v.id),
        actor,
        voucher_facts(v, reward_name),
    )?;
    Ok(())
}

/// How long before its expiry the holder of an unused voucher is told.
pub const VOUCHER_WARNING: TimeDelta = TimeDelta::days(3);

/// An issued voucher expires within [`VOUCHER_WARNING`]: its holder hears of it, once (the
/// voucher's row is locked, then checked for an earlier `voucher.expiring`). True when told.
pub fn voucher_expiring(conn: &mut DbConn, voucher_id: i64) -> ApiResult<bool> {
    youai_db::audience::lock_voucher(conn, voucher_id)?;
    if youai_db::audience::told(conn, EventKind::VoucherExpiring, "voucher", voucher_id)? {
        return Ok(false);
    }
    let Some(v) = youai_db::audience::voucher(conn, voucher_id)? else {
        return Ok(false);
    };
    let name = youai_db::rewards::find_reward(conn, v.reward_id)?
        .map(|r| r.name)
        .unwrap_or_default();
    emit(
        conn,
        EventKind::VoucherExpiring,
        Subject::new("voucher", v.id),
        None,
        voucher_facts(&v, &name),
    )?;
    Ok(true)
}

/// A pending team's registration was approved or rejected: whoever registered it and its
/// leaders hear of it (with the reason).
pub fn team_registration_decided(
    conn: &mut DbConn,
    from: TeamStatus,
    team: &youai_db::teams::Team,
    reason: Option<&str>,
    actor: Option<i64>,
) -> ApiResult<()> {
    if from != TeamStatus::Pending
        || !matches!(team.status, TeamStatus::Approved | TeamStatus::Rejected)
    {
        return Ok(());
    }
    emit(
        conn,
        EventKind::TeamRegistrationDecided,
        Subject::new("team", team.id),
        actor,
        json!({
            "team_id": team.id,
            "team_name": team.name,
            "status": team.status.as_str(),
            "reason": reason,
        }),
    )?;
    Ok(())
}

/// A request to join a team was accepted or declined: the volunteer who asked hears of it.
pub fn join_decided(
    conn: &mut DbConn,
    from: MembershipStatus,
    member: &youai_db::teams::Member,
    team_name: &str,
    actor: Option<i64>,
) -> ApiResult<()> {
    if from != MembershipStatus::Applied
        || !matches!(
            member.status,
            MembershipStatus::Active | MembershipStatus::Declined
        )
    {
        return Ok(());
    }
    emit(
        conn,
        EventKind::TeamJoinDecided,
        Subject::new("membership", member.id),
        actor,
        json!({
            "membership_id": member.id,
            "team_id": member.team_id,
            "team_name": team_name,
            "status": member.status.as_str(),
        }),
    )?;
    Ok(())
}

/// A need moved to `accepted`, `rejected` (with the reason) or `fulfilled`: the resident who
/// submitted it hears of it. Called after the move, so the need is read as it now stands.
pub fn need_moved(
    conn: &mut DbConn,
    need_id: i64,
    from: NeedStatus,
    actor: Option<i64>,
) -> ApiResult<()> {
    let Some(need) = youai_db::needs::find(conn, need_id)? else {
        return Ok(());
    };
    if need.status == from {
        return Ok(());
    }
    let kind = match need.status {
        NeedStatus::Accepted => EventKind::NeedAccepted,
        NeedStatus::Rejected => EventKind::NeedRejected,
        NeedStatus::Fulfilled => EventKind::NeedFulfilled,
        _ => return Ok(()),
    };
    emit(
        conn,
        kind,
        Subject::new("need", need.id),
        actor,
        json!({
            "need_id": need.id,
            "code": need.code,
            "title": need.title,
            "status": need.status.as_str(),
            "reason": (need.status == NeedStatus::Rejected).then_some(need.reject_reason),
        }),
    )?;
    Ok(())
}

/// An order was taken (接单, or accepted by its provider), scheduled, completed or escalated:
/// the station that opened it hears of it, and the admins above for an escalation. Called
/// after the move, so the order is read as it now stands; its contact and address stay out.
pub fn order_moved(
    conn: &mut DbConn,
    order_id: i64,
    action: OrderAction,
    to: OrderStatus,
    actor: Option<i64>,
) -> ApiResult<()> {
    let kind = match (action, to) {
        (OrderAction::Take | OrderAction::Accept, OrderStatus::Taken) => EventKind::OrderTaken,
        (OrderAction::Schedule, OrderStatus::Scheduled) => EventKind::OrderScheduled,
        (OrderAction::Complete, OrderStatus::Completed) => EventKind::OrderCompleted,
        (OrderAction::Escalate, _) => EventKind::OrderEscalated,
        _ => return Ok(()),
    };
    let Some(order) = youai_db::orders::find(conn, order_id)? else {
        return Ok(());
    };
    let team = match order.team_id {
        Some(t) => youai_db::teams::find(conn, t)?.map(|t| t.name),
        None => None,
    };
    let escalated_to = match order.escalated_to {
        Some(a) if kind == EventKind::OrderEscalated => {
            youai_db::areas::find(conn, a)?.map(|a| a.name)
        }
        _ => None,
    };
    emit(
        conn,
        kind,
        Subject::new("order", order.id),
        actor,
        json!({
            "order_id": order.id,
            "title": order.title,
            "direction": order.direction.as_str(),
            "status": order.status.as_str(),
            "wanted_on": order.wanted_on,
            "team_id": order.team_id,
            "team_name": team,
            "activity_id": order.activity_id,
            "escalated_to": escalated_to,
        }),
    )?;
    Ok(())
}
