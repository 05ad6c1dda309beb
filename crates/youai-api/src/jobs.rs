//! Periodic work, run by every server's timer and by `youai tick`. Each job is safe to run
//! on several servers at once: it only moves rows that are still in the state it looks for.

use chrono::{DateTime, NaiveDate, Utc};
use youai_db::DbConn;

use crate::error::ApiResult;
use crate::services;

/// Closes check-ins left open past their activity's end (see
/// [`crate::services::checkins::close_left_open`]). Returns how many were closed.
pub fn close_open_check_ins(conn: &mut DbConn) -> ApiResult<usize> {
    crate::services::checkins::close_left_open(conn)
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

/// Order deadlines at `now`: open orders untaken past their take-by time escalate to the
/// admins of the area above; orders whose day passed unserved expire. Returns (escalated,
/// expired).
pub fn order_deadlines(conn: &mut DbConn, now: DateTime<Utc>) -> ApiResult<(usize, usize)> {
    let escalated = services::orders::deadlines::escalate_due(conn, now)?;
    let expired = services::orders::deadlines::expire_due(conn, now)?;
    Ok((escalated, expired))
}

/// Tells the holders of issued vouchers expiring within
/// [`crate::outbox::hooks::VOUCHER_WARNING`] of `now`, once per voucher, each in its own write
/// transaction. Returns how many were told.
pub fn warn_expiring_vouchers(conn: &mut DbConn, now: DateTime<Utc>) -> ApiResult<usize> {
    let until = now + crate::outbox::hooks::VOUCHER_WARNING;
    let mut told = 0;
    for id in
        youai_db::audience::vouchers_expiring_untold(conn, now.naive_utc(), until.naive_utc())?
    {
        let once =
            conn.write_transaction(|conn| crate::outbox::hooks::voucher_expiring(conn, id))?;
        told += usize::from(once);
    }
    Ok(told)
}

/// What one run of the periodic jobs did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ticked {
    /// Check-ins left open that were closed.
    pub closed: usize,
    /// Volunteers whose old points lapsed at the yearly expiry.
    pub expired: usize,
    /// Open orders escalated to the area above (untaken past their take-by time).
    pub escalated: usize,
    /// Orders expired (their day passed unserved).
    pub expired_orders: usize,
    /// Holders of vouchers about to expire who were told.
    pub expiring_vouchers: usize,
}

impl Ticked {
    /// Did the run change nothing?
    pub fn is_idle(&self) -> bool {
        self.closed == 0
            && self.expired == 0
            && self.escalated == 0
            && self.expired_orders == 0
            && self.expiring_vouchers == 0
    }
}

/// Every periodic job once: closing check-ins left open, the yearly points expiry, the order
/// deadlines, then the warnings of vouchers about to expire.
pub fn tick(conn: &mut DbConn) -> Result<Ticked, String> {
    let closed = close_open_check_ins(conn).map_err(|e| e.to_string())?;
    let expired = expire_points(conn, crate::clock::city_today()).map_err(|e| e.to_string())?;
    let (escalated, expired_orders) =
        order_deadlines(conn, Utc::now()).map_err(|e| e.to_string())?;
    let expiring_vouchers = warn_expiring_vouchers(conn, Utc::now()).map_err(|e| e.to_string())?;
    Ok(Ticked {
        closed,
        expired,
        escalated,
        expired_orders,
        expiring_vouchers,
    })
}
