//! Checking in and out of an activity (签到、签退): when the window is open, the hours a stay
//! earns, and closing a check-in left open.
//!
//! All times are UTC instants; nothing here reads the clock, so the caller passes `now`.

use std::fmt;

use chrono::{DateTime, TimeDelta, Utc};
use youai_types::{RecordStatus, SignUpStatus};

use crate::geo;
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

// ---------------------------------------------------------------------------------------------
// Decisions over facts the caller loaded
// ---------------------------------------------------------------------------------------------

/// Why a check-in or check-out may not happen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CheckRefusal {
    /// A self-service check without the volunteer's position.
    PositionMissing,
    /// A self-service check at an activity without coordinates.
    NoLocation,
    /// A self-service check from further away than the activity's radius.
    TooFar { distance_m: f64, radius_m: i32 },
    /// Only an accepted sign-up may check in.
    NotAccepted(SignUpStatus),
    /// Outside the check-in window.
    Window(CheckInRefusal),
    /// Only a checked-in sign-up may check out.
    NotCheckedIn(SignUpStatus),
}

impl CheckRefusal {
    /// The stable snake_case code clients see.
    pub fn code(&self) -> &'static str {
        match self {
            CheckRefusal::PositionMissing => "required",
            CheckRefusal::NoLocation => "no_location",
            CheckRefusal::TooFar { .. } => "too_far",
            CheckRefusal::NotAccepted(_) => "not_accepted",
            CheckRefusal::Window(w) => w.code(),
            CheckRefusal::NotCheckedIn(_) => "not_checked_in",
        }
    }

    /// A message for the person.
    pub fn message(&self) -> String {
        match self {
            CheckRefusal::PositionMissing => "自助签到须提供当前位置".into(),
            CheckRefusal::NoLocation => "该活动没有坐标，不能自助签到".into(),
            CheckRefusal::TooFar {
                distance_m,
                radius_m,
            } => format!("距活动地点 {distance_m} 米，须在 {radius_m} 米以内"),
            CheckRefusal::NotAccepted(s) => format!("报名状态为 {}，不能签到", s.as_str()),
            CheckRefusal::Window(w) => w.message().into(),
            CheckRefusal::NotCheckedIn(s) => format!("报名状态为 {}，不能签退", s.as_str()),
        }
    }

    /// The request field the refusal is about (a 422), or None for the sign-up's or the
    /// activity's state (a 409).
    pub fn field(&self) -> Option<&'static str> {
        match self {
            CheckRefusal::PositionMissing | CheckRefusal::TooFar { .. } => Some("latitude"),
            _ => None,
        }
    }
}

/// Whether a volunteer checking themselves in or out is where the activity is: `here` is the
/// position they sent, `activity` the activity's coordinates.
pub fn decide_self_check(
    here: Option<(f64, f64)>,
    activity: Option<(f64, f64)>,
    radius_m: i32,
) -> Result<(), CheckRefusal> {
    let Some((lat, lng)) = here else {
        return Err(CheckRefusal::PositionMissing);
    };
    let Some((alat, alng)) = activity else {
        return Err(CheckRefusal::NoLocation);
    };
    if !geo::within(lat, lng, alat, alng, f64::from(radius_m)) {
        return Err(CheckRefusal::TooFar {
            distance_m: geo::distance_m(lat, lng, alat, alng).round(),
            radius_m,
        });
    }
    Ok(())
}

/// What is known when a volunteer is to be checked in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckInFacts {
    pub sign_up: SignUpStatus,
    pub now: DateTime<Utc>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// An accepted sign-up checks in while the window is open (see [`may_check_in`]).
pub fn decide_check_in(f: &CheckInFacts) -> Result<(), CheckRefusal> {
    if f.sign_up != SignUpStatus::Accepted {
        return Err(CheckRefusal::NotAccepted(f.sign_up));
    }
    may_check_in(f.now, f.start, f.end).map_err(CheckRefusal::Window)
}

/// What is known when a volunteer is to be checked out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckOutFacts {
    pub sign_up: SignUpStatus,
    pub checked_in_at: Option<DateTime<Utc>>,
    /// When they check out.
    pub at: DateTime<Utc>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// Whether the activity verifies its records at once.
    pub auto_verify: bool,
}

/// What a check-out makes: a service record of these hours, in this status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckOut {
    pub quarters: u32,
    pub status: RecordStatus,
}

/// A checked-in sign-up checks out; the stay's overlap with the activity counts
/// ([`service_hours`]), verified at once where the activity says so, else pending.
pub fn decide_check_out(f: &CheckOutFacts) -> Result<CheckOut, CheckRefusal> {
    let Some(checked_in_at) = f
        .checked_in_at
        .filter(|_| f.sign_up == SignUpStatus::CheckedIn)
    else {
        return Err(CheckRefusal::NotCheckedIn(f.sign_up));
    };
    Ok(CheckOut {
        quarters: service_hours(checked_in_at, f.at, f.start, f.end),
        status: if f.auto_verify {
            RecordStatus::Verified
        } else {
            RecordStatus::Pending
        },
    })
}

/// One of a volunteer's open sign-ups at a venue (accepted or checked in), earliest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenSignUp {
    pub status: SignUpStatus,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// What a scan at a venue does, naming the sign-up by its place in the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VenueScan {
    CheckOut(usize),
    CheckIn(usize),
}

/// A scan checks the volunteer out of the activity they are checked in to, or else into the
/// first whose check-in window is open; None when there is neither.
pub fn decide_venue_scan(now: DateTime<Utc>, open: &[OpenSignUp]) -> Option<VenueScan> {
    if let Some(i) = open
        .iter()
        .position(|s| s.status == SignUpStatus::CheckedIn)
    {
        return Some(VenueScan::CheckOut(i));
    }
    open.iter()
        .position(|s| may_check_in(now, s.start, s.end).is_ok())
        .map(VenueScan::CheckIn)
}

/// What is known about a check-in the closing sweep found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AutoCloseFacts {
    pub now: DateTime<Utc>,
    pub sign_up: SignUpStatus,
    pub checked_in_at: Option<DateTime<Utc>>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// A check-in still open at [`auto_close_at`] is closed at the activity's end with
/// [`auto_close_hours`] (from the start when the check-in time is missing); None when it is no
/// longer open or not yet due.
pub fn decide_auto_close(f: &AutoCloseFacts) -> Option<u32> {
    (f.sign_up == SignUpStatus::CheckedIn && f.now >= auto_close_at(f.end))
        .then(|| auto_close_hours(f.checked_in_at.unwrap_or(f.start), f.start, f.end))
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

    #[test]
    fn check_ins_and_outs_are_decided() {
        use SignUpStatus as S;
        let (start, end) = (at(9, 0), at(12, 0));
        let check_in = |sign_up, now| {
            decide_check_in(&CheckInFacts {
                sign_up,
                now,
                start,
                end,
            })
            .map_err(|r| r.code())
        };
        let cases = [
            (S::Accepted, at(8, 30), Ok(())),
            (S::Accepted, at(8, 0), Err("check_in_not_open")),
            (S::Accepted, at(12, 0), Err("activity_ended")),
            (S::Applied, at(9, 0), Err("not_accepted")),
            (S::CheckedIn, at(9, 0), Err("not_accepted")),
            // The sign-up's state before the window.
            (S::Waitlisted, at(7, 0), Err("not_accepted")),
        ];
        for (status, now, expected) in cases {
            assert_eq!(check_in(status, now), expected, "{status:?} at {now}");
        }

        let check_out = |sign_up, checked_in_at, auto_verify| {
            decide_check_out(&CheckOutFacts {
                sign_up,
                checked_in_at,
                at: at(11, 50),
                start,
                end,
                auto_verify,
            })
            .map_err(|r| r.code())
        };
        let pending = |quarters| {
            Ok(CheckOut {
                quarters,
                status: RecordStatus::Pending,
            })
        };
        assert_eq!(check_out(S::CheckedIn, Some(at(9, 5)), false), pending(11));
        assert_eq!(check_out(S::CheckedIn, Some(at(8, 0)), false), pending(11));
        assert_eq!(
            check_out(S::CheckedIn, Some(at(9, 0)), true),
            Ok(CheckOut {
                quarters: 11,
                status: RecordStatus::Verified
            })
        );
        assert_eq!(check_out(S::CheckedIn, None, false), Err("not_checked_in"));
        assert_eq!(
            check_out(S::Accepted, Some(at(9, 0)), false),
            Err("not_checked_in")
        );
        assert_eq!(
            check_out(S::CheckedOut, Some(at(9, 0)), false),
            Err("not_checked_in")
        );
        let refusal = decide_check_out(&CheckOutFacts {
            sign_up: S::Accepted,
            checked_in_at: None,
            at: end,
            start,
            end,
            auto_verify: false,
        })
        .unwrap_err();
        assert_eq!(refusal.message(), "报名状态为 accepted，不能签退");
        assert_eq!(refusal.field(), None);
    }

    #[test]
    fn self_service_needs_to_be_there() {
        let site = Some((22.5, 113.9));
        let cases = [
            (None, site, Err("required")),
            (Some((22.5, 113.9)), None, Err("no_location")),
            (None, None, Err("required")),
            (Some((22.5, 113.9)), site, Ok(())),
            (Some((22.5005, 113.9)), site, Ok(())), // about 56 m
            (Some((22.51, 113.9)), site, Err("too_far")),
        ];
        for (here, activity, expected) in cases {
            assert_eq!(
                decide_self_check(here, activity, 100).map_err(|r| r.code()),
                expected,
                "{here:?} at {activity:?}"
            );
        }
        let far = decide_self_check(Some((22.51, 113.9)), site, 100).unwrap_err();
        assert_eq!(far.field(), Some("latitude"));
        assert!(
            far.message().ends_with("须在 100 米以内"),
            "{}",
            far.message()
        );
        assert_eq!(
            decide_self_check(None, site, 100).unwrap_err().field(),
            Some("latitude")
        );
        assert_eq!(
            decide_self_check(site, None, 100).unwrap_err().field(),
            None
        );
    }

    #[test]
    fn a_venue_scan_checks_out_first_then_in() {
        use SignUpStatus as S;
        let open = |status, start, end| OpenSignUp { status, start, end };
        let morning = open(S::Accepted, at(9, 0), at(12, 0));
        let afternoon = open(S::Accepted, at(14, 0), at(17, 0));
        let inside = open(S::CheckedIn, at(9, 0), at(12, 0));
        type Case = (
            &'static str,
            DateTime<Utc>,
            Vec<OpenSignUp>,
            Option<VenueScan>,
        );
        let cases: [Case; 6] = [
            ("nothing", at(9, 0), vec![], None),
            (
                "in the window",
                at(8, 45),
                vec![morning, afternoon],
                Some(VenueScan::CheckIn(0)),
            ),
            (
                "the later one",
                at(13, 40),
                vec![morning, afternoon],
                Some(VenueScan::CheckIn(1)),
            ),
            (
                "too early for both",
                at(7, 0),
                vec![morning, afternoon],
                None,
            ),
            (
                "out before in",
                at(13, 40),
                vec![afternoon, inside],
                Some(VenueScan::CheckOut(1)),
            ),
            (
                "out even after the end",
                at(18, 0),
                vec![inside],
                Some(VenueScan::CheckOut(0)),
            ),
        ];
        for (name, now, list, expected) in cases {
            assert_eq!(decide_venue_scan(now, &list), expected, "{name}");
        }
    }

    #[test]
    fn only_open_check_ins_are_closed() {
        let (start, end) = (at(9, 0), at(12, 0));
        let facts = |sign_up, checked_in_at| AutoCloseFacts {
            now: at(16, 0),
            sign_up,
            checked_in_at,
            start,
            end,
        };
        assert_eq!(
            decide_auto_close(&facts(SignUpStatus::CheckedIn, Some(at(9, 20)))),
            Some(10)
        );
        assert_eq!(
            decide_auto_close(&facts(SignUpStatus::CheckedIn, None)),
            Some(12)
        );
        assert_eq!(
            decide_auto_close(&facts(SignUpStatus::CheckedOut, Some(at(9, 20)))),
            None
        );
        let not_yet = AutoCloseFacts {
            now: at(15, 59),
            ..facts(SignUpStatus::CheckedIn, Some(at(9, 20)))
        };
        assert_eq!(decide_auto_close(&not_yet), None);
    }
}
