//! Checking in and out of an activity (签到、签退): when the window is open, the hours a stay
//! earns, and closing a check-in left open.
//!
//! All times are UTC instants; nothing here reads the clock, so the caller passes `now`.

use std::fmt;

use chrono::{DateTime, TimeDelta, Utc};

use crate::service_records::QUARTER_SECS;

/// How long before the start check-in opens.
pub const CHECK_IN_OPENS_BEFORE: TimeDelta = TimeDelta::minutes(30);
/// How long after the end check-ins still open are closed automatically.
pub const AUTO_CLOSE_AFTER: TimeDelta = TimeDelta::hours(4);
/// Why a volunteer may not check in now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckInRefusal {
    /// Check-in opens at `opens_at`.
    TooEarly { opens_at: DateTime<Utc> },
    /// The activity has ended.
    Ended,
}

impl CheckInRefusal {
    /// A stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            CheckInRefusal::TooEarly { .. } => "check_in_not_open",
            CheckInRefusal::Ended => "activity_ended",
        }
    }

    /// A Chinese message for people.
    pub fn message(&self) -> &'static str {
        match self {
            CheckInRefusal::TooEarly { .. } => "签到尚未开始：活动开始前 30 分钟开放签到",
            CheckInRefusal::Ended => "活动已结束，不能再签到",
        }
    }
}

impl fmt::Display for CheckInRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for CheckInRefusal {}

/// When check-in opens: [`CHECK_IN_OPENS_BEFORE`] before the start.
pub fn check_in_window_opens(start: DateTime<Utc>) -> DateTime<Utc> {
    start
        .checked_sub_signed(CHECK_IN_OPENS_BEFORE)
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// Whether a volunteer may check in at `now`: from [`check_in_window_opens`] (inclusive) until
/// the end (exclusive).
pub fn may_check_in(
    now: DateTime<Utc>,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<(), CheckInRefusal> {
    let opens_at = check_in_window_opens(start);
    if now < opens_at {
        Err(CheckInRefusal::TooEarly { opens_at })
    } else if now >= end {
        Err(CheckInRefusal::Ended)
    } else {
        Ok(())
    }
}

/// Service hours, in quarter hours, for a volunteer present from `check_in` to `check_out`
/// at an activity running from `start` to `end`: the overlap of the two, rounded down to the
/// quarter hour; 0 when they do not overlap. Arriving early or staying late earns nothing.
pub fn service_hours(
    check_in: DateTime<Utc>,
    check_out: DateTime<Utc>,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> u32 {
    let from = check_in.max(start);
    let to = check_out.min(end);
    if to <= from {
        return 0;
    }
    let quarters = to.signed_duration_since(from).num_seconds() / QUARTER_SECS;
    u32::try_from(quarters).unwrap_or(u32::MAX)
}

/// When a check-in still open is closed automatically: [`AUTO_CLOSE_AFTER`] after the end.
/// The sign-up then becomes `checked_out` with [`auto_close_hours`], and the service record is
/// flagged as closed automatically, for the leader to review.
pub fn auto_close_at(end: DateTime<Utc>) -> DateTime<Utc> {
    end.checked_add_signed(AUTO_CLOSE_AFTER)
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// Service hours, in quarter hours, for a check-in closed automatically: counted up to the
/// activity's end.
pub fn auto_close_hours(check_in: DateTime<Utc>, start: DateTime<Utc>, end: DateTime<Utc>) -> u32 {
    service_hours(check_in, end, start, end)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use chrono::TimeZone;

    /// 2025-06-07 (a Saturday) at `h:m` UTC.
    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 6, 7, h, m, 0).unwrap()
    }

    fn hm(h: u32, m: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 6, 7, h, m, s).unwrap()
    }

    #[test]
    fn check_in_window() {
        let (start, end) = (at(9, 0), at(12, 0));
        assert_eq!(check_in_window_opens(start), at(8, 30));
        let cases = [
            (at(8, 0), Err("check_in_not_open")),
            (hm(8, 29, 59), Err("check_in_not_open")),
            (at(8, 30), Ok(())),
            (at(9, 0), Ok(())),
            (hm(11, 59, 59), Ok(())),
            (at(12, 0), Err("activity_ended")),
            (at(18, 0), Err("activity_ended")),
        ];
        for (now, expected) in cases {
            assert_eq!(
                may_check_in(now, start, end).map_err(|r| r.code()),
                expected,
                "{now}"
            );
        }
        assert_eq!(
            may_check_in(at(7, 0), start, end),
            Err(CheckInRefusal::TooEarly {
                opens_at: at(8, 30)
            })
        );
        assert!(CheckInRefusal::Ended.message().contains("已结束"));
        // Saturates instead of overflowing.
        assert_eq!(
            check_in_window_opens(DateTime::<Utc>::MIN_UTC),
            DateTime::<Utc>::MIN_UTC
        );
    }

    #[test]
    fn hours_from_check_in_and_out() {
        let (start, end) = (at(9, 0), at(12, 0));
        let cases = [
            // (check in, check out, quarters)
            (at(9, 0), at(12, 0), 12),
            (at(8, 30), at(12, 30), 12), // capped by the activity's window
            (at(9, 5), at(11, 50), 11),  // 2 h 45 min
            (at(9, 5), at(11, 45), 10),  // 2 h 40 min, rounded down
            (at(9, 0), hm(11, 44, 59), 10),
            (at(9, 0), at(11, 45), 11),
            (at(9, 0), hm(9, 14, 59), 0),
            (at(9, 0), at(9, 15), 1),
            (at(10, 0), at(10, 0), 0),
            (at(7, 0), at(8, 0), 0),   // before the activity
            (at(12, 0), at(13, 0), 0), // after it
            (at(8, 0), at(9, 0), 0),   // touching is not overlapping
            (at(11, 0), at(10, 0), 0), // inverted
        ];
        for (check_in, check_out, expected) in cases {
            assert_eq!(
                service_hours(check_in, check_out, start, end),
                expected,
                "{check_in} → {check_out}"
            );
        }
    }

    #[test]
    fn auto_close() {
        let (start, end) = (at(9, 0), at(12, 0));
        assert_eq!(auto_close_at(end), at(16, 0));
        assert_eq!(auto_close_hours(at(9, 20), start, end), 10);
        assert_eq!(auto_close_hours(at(8, 40), start, end), 12);
        assert_eq!(auto_close_hours(hm(11, 50, 0), start, end), 0);
        assert_eq!(
            auto_close_at(DateTime::<Utc>::MAX_UTC),
            DateTime::<Utc>::MAX_UTC
        );
    }
}
