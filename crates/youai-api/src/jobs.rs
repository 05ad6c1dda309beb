//! Periodic work, run by every server's timer and by `youai tick`. Each job is safe to run
//! on several servers at once: it only moves rows that are still in the state it looks for.

use youai_db::DbConn;

use crate::error::ApiResult;

/// Closes check-ins left open past their activity's end (see
/// [`crate::services::checkins::close_left_open`]). Returns how many were closed.
pub fn close_open_check_ins(conn: &mut DbConn) -> ApiResult<usize> {
    crate::services::checkins::close_left_open(conn)
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
    let expired = crate::ledger::expire_points(conn, crate::clock::city_today())
        .map_err(|e| e.to_string())?;
    Ok(Ticked { closed, expired })
}
