//! Who hears of an event: the people it concerns, resolved when it is fanned out (so a
//! reminder reaches the volunteers accepted at that moment). Every recipient may read what
//! the event's payload says through the API.

use youai_db::DbConn;
use youai_db::audience as who;
use youai_db::outbox::Event;
use youai_types::{EventKind as K, SignUpStatus};

use crate::error::ApiResult;

/// The users who hear of `event`, each once.
pub fn of(conn: &mut DbConn, event: &Event) -> ApiResult<Vec<i64>> {
    let id = event.subject_id;
    let mut users: Vec<i64> = match event.kind {
        // The volunteer themselves.
        K::SignUpAccepted | K::SignUpWaitlisted | K::SignUpPromoted => sign_up_volunteer(conn, id)?,
        K::HoursVerified | K::HoursDisputed => who::record_volunteer(conn, id)?,
        K::StarReached => who::volunteer_user(conn, id)?,
        K::VoucherIssued | K::VoucherExpiring => who::voucher_volunteer(conn, id)?,
        // An activity's volunteers: those with a place; for a cancellation, the waiting list
        // too (they were waiting for it).
        K::ActivityChanged | K::ActivityReminder => {
            who::activity_volunteers(conn, id, &[SignUpStatus::Accepted])?
        }
        K::ActivityCancelled => who::activity_volunteers(
            conn,
            id,
            &[SignUpStatus::Accepted, SignUpStatus::Waitlisted],
        )?,
        K::TeamRegistrationDecided => who::team_leaders(conn, id)?,
        K::TeamJoinDecided => who::member_volunteer(conn, id)?,
        // A need's resident, when they submitted it themselves.
        K::NeedAccepted | K::NeedRejected | K::NeedFulfilled => who::need_submitter(conn, id)?,
        // An order's station: whoever opened it and the admins of its area; an escalation goes
        // to the admins of the area it went up to.
        K::OrderTaken | K::OrderScheduled | K::OrderCompleted => {
            match who::order_sides(conn, id)? {
                Some((opened_by, station, _)) => {
                    let mut users = who::area_admins(conn, station)?;
                    users.extend(opened_by);
                    users
                }
                None => Vec::new(),
            }
        }
        K::OrderEscalated => match who::order_sides(conn, id)? {
            Some((_, _, Some(above))) => who::area_admins(conn, above)?,
            _ => Vec::new(),
        },
        K::WebhookDisabled => who::platform_admins(conn)?,
    };
    users.sort_unstable();
    users.dedup();
    Ok(users)
}

/// The account of the volunteer who holds a sign-up.
fn sign_up_volunteer(conn: &mut DbConn, sign_up_id: i64) -> ApiResult<Vec<i64>> {
    let Some(s) = youai_db::activities::find_sign_up(conn, sign_up_id)? else {
        return Ok(Vec::new());
    };
    Ok(who::volunteer_user(conn, s.volunteer_id)?)
}
