//! Periodic work, run by every server's timer and by `youai tick`. Each job is safe to run
//! on several servers at once: it only moves rows that are still in the state it looks for.

use chrono::{NaiveDate, Utc};
use youai_db::activities as adb;
use youai_db::records::{self, CheckEvent, NewRecord};
use youai_db::{DbConn, QueryResult};
use youai_domain::activities::{AUTO_CLOSE_AFTER, auto_close_hours};
use youai_types::SignUpStatus;

use crate::convert::utc;
use crate::error::ApiResult;
use crate::services;

/// Closes check-ins left open [`AUTO_CLOSE_AFTER`] past their activity's end: checked out at
/// the activity's end, hours counted up to it, and a pending record for the leader to look at
/// (the sign-up is flagged `auto_closed`). Returns how many were closed.
pub fn close_open_check_ins(conn: &mut DbConn) -> QueryResult<usize> {
    let cutoff = (Utc::now() - AUTO_CLOSE_AFTER).naive_utc();
    let open = records::open_check_ins_ended_before(conn, cutoff)?;
    let mut closed = 0;
    for s in open {
        conn.write_transaction(|conn| -> QueryResult<()> {
            // Still open? Another server may have closed it meanwhile.
            let Some(s) =
                adb::find_sign_up(conn, s.id)?.filter(|s| s.status == SignUpStatus::CheckedIn)
            else {
                return Ok(());
            };
            let Some(a) = adb::find_activity(conn, s.activity_id)? else {
                return Ok(());
            };
            let checked_in = s.checked_in_at.unwrap_or(a.start_at);
            records::check_out(conn, s.id, a.end_at, true)?;
            records::record_event(
                conn,
                &CheckEvent {
                    sign_up_id: s.id,
                    kind: "auto_close",
                    method: "system",
                    actor_id: None,
                    latitude: None,
                    longitude: None,
                    at: youai_db::now(),
                },
            )?;
            let quarters = auto_close_hours(utc(checked_in), utc(a.start_at), utc(a.end_at));
            let pending = records::pending_for_activity(
                conn,
                &a,
                s.volunteer_id,
                quarters,
                "check_in",
                None,
            )?;
            records::insert_record(
                conn,
                &NewRecord {
                    reason: Some("未签退，系统在活动结束后自动签退，请负责人核实".into()),
                    ..pending
                },
            )?;
            closed += 1;
            Ok(())
        })?;
    }
    Ok(closed)
}

/// The yearly expiry, when the rules have one and its day has come: for each volunteer with
/// points credited before this year, what is left of them lapses, once per year, each in its
/// own transaction. Returns how many volunteers lost points.
pub fn expire_points(conn: &mut DbConn, today: NaiveDate) -> ApiResult<usize> {
    let Some((year, before)) = services::points::expiry_due(conn, today)? else {
        return Ok(0);
    };
    let mut expired = 0;
    for vid in youai_db::rewards::volunteers_with_old_credits(conn, before)? {
        let lapsed =
            conn.write_transaction(|conn| services::points::expire(conn, vid, year, before))?;
        expired += usize::from(lapsed);
    }
    Ok(expired)
}

/// What one run of the periodic jobs did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ticked {
    /// Check-ins left open that were closed.
    pub closed: usize,
    /// Volunteers whose old points lapsed at the yearly expiry.
    pub expired: usize,
}

/// Every periodic job once: closing check-ins left open, then the yearly points expiry.
pub fn tick(conn: &mut DbConn) -> Result<Ticked, String> {
    let closed = close_open_check_ins(conn).map_err(|e| e.to_string())?;
    let expired = expire_points(conn, crate::clock::city_today()).map_err(|e| e.to_string())?;
    Ok(Ticked { closed, expired })
}
