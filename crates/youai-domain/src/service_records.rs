//! Service records (服务记录): hours in quarter hours, and what a leader may enter, verify and
//! correct.
//!
//! Service hours are counted in quarter hours (`u32`, hours = quarters / 4) so that no
//! decimal type is needed: 2.75 hours is 11 quarters.

use chrono::{DateTime, Utc};
use youai_types::RecordStatus;

/// Seconds in the unit of service hours.
pub const QUARTER_SECS: i64 = 15 * 60;
/// The most hours one record may hold, in quarter hours: a week.
pub const MAX_RECORD_QUARTERS: u32 = 4 * 24 * 7;
/// The most characters a correction's reason may have.
pub const REASON_MAX_CHARS: usize = 500;

/// Quarter hours as the decimal hours of the wire (11 → 2.75).
pub fn hours_of_quarters(quarters: i64) -> f64 {
    quarters as f64 / 4.0
}

/// Hours sent as a number to quarter hours: a multiple of 0.25, from 0.25 up to
/// [`MAX_RECORD_QUARTERS`]; anything else (2.3, 0, -1, NaN) is None.
pub fn quarters_of_hours(hours: f64) -> Option<u32> {
    let q = hours * 4.0;
    if !q.is_finite()
        || !(1.0..=f64::from(MAX_RECORD_QUARTERS)).contains(&q)
        || (q - q.round()).abs() > 1e-9
    {
        return None;
    }
    // In range and whole, so the cast is exact.
    Some(q.round() as u32)
}

/// Whether hours entered by a team leader are acceptable: at least a quarter hour and no more
/// than the activity's length.
pub fn leader_hours_ok(quarters: u32, start: DateTime<Utc>, end: DateTime<Utc>) -> bool {
    let length = end.signed_duration_since(start).num_seconds();
    quarters >= 1 && i64::from(quarters) * QUARTER_SECS <= length
}

// ---------------------------------------------------------------------------------------------
// Entering, verifying and correcting records
// ---------------------------------------------------------------------------------------------

/// Why a record may not be entered, decided or corrected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordRefusal {
    /// The hours are not a multiple of 0.25 from 0.25 to a week.
    InvalidHours,
    /// More hours than the activity lasted (`correction`: in a correction).
    ExceedsActivity { correction: bool },
    /// A verification may only set `verified` or `disputed`.
    NotSettable,
    /// The record was decided before.
    AlreadyDecided(RecordStatus),
    /// A correction needs a reason of at most [`REASON_MAX_CHARS`] characters.
    ReasonRequired,
    /// Only a verified record is corrected; a pending one is decided instead.
    NotVerified,
    /// A verified correction already points at the record.
    AlreadyCorrected,
}

impl RecordRefusal {
    /// The stable snake_case code clients see.
    pub fn code(&self) -> &'static str {
        match self {
            RecordRefusal::InvalidHours => "invalid_hours",
            RecordRefusal::ExceedsActivity { .. } => "exceeds_activity",
            RecordRefusal::NotSettable => "not_settable",
            RecordRefusal::AlreadyDecided(_) => "already_decided",
            RecordRefusal::ReasonRequired => "required",
            RecordRefusal::NotVerified => "not_verified",
            RecordRefusal::AlreadyCorrected => "already_corrected",
        }
    }

    /// A message for the person.
    pub fn message(&self) -> String {
        match self {
            RecordRefusal::InvalidHours => "时长须为 0.25 小时的整数倍".into(),
            RecordRefusal::ExceedsActivity { correction: false } => {
                "登记时长不能超过活动时长".into()
            }
            RecordRefusal::ExceedsActivity { correction: true } => "时长不能超过活动时长".into(),
            RecordRefusal::NotSettable => "只能审核为 verified 或 disputed".into(),
            RecordRefusal::AlreadyDecided(s) => format!("该记录已是 {}", s.as_str()),
            RecordRefusal::ReasonRequired => "更正须说明理由（500 字以内）".into(),
            RecordRefusal::NotVerified => "只有已审核的记录需要更正；待审核的记录请直接审核".into(),
            RecordRefusal::AlreadyCorrected => "该记录已被更正，请更正最新的那条".into(),
        }
    }

    /// The request field the refusal is about (a 422), or None for the record's state (a 409).
    pub fn field(&self) -> Option<&'static str> {
        match self {
            RecordRefusal::InvalidHours | RecordRefusal::ExceedsActivity { .. } => Some("hours"),
            RecordRefusal::NotSettable => Some("status"),
            RecordRefusal::ReasonRequired => Some("reason"),
            RecordRefusal::AlreadyDecided(_)
            | RecordRefusal::NotVerified
            | RecordRefusal::AlreadyCorrected => None,
        }
    }
}

/// Hours a leader enters (or corrects to), as quarter hours.
pub fn entered_quarters(hours: f64) -> Result<u32, RecordRefusal> {
    quarters_of_hours(hours).ok_or(RecordRefusal::InvalidHours)
}

/// Hours a leader enters for an activity running from `start` to `end`.
pub fn decide_entry(
    quarters: u32,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<(), RecordRefusal> {
    if leader_hours_ok(quarters, start, end) {
        Ok(())
    } else {
        Err(RecordRefusal::ExceedsActivity { correction: false })
    }
}

/// The status a verification asks for: `verified` or `disputed`, never back to `pending`.
pub fn verification_target(to: RecordStatus) -> Result<RecordStatus, RecordRefusal> {
    match to {
        RecordStatus::Pending => Err(RecordRefusal::NotSettable),
        RecordStatus::Verified | RecordStatus::Disputed => Ok(to),
    }
}

/// A record in `current` is decided `to`: pending → verified | disputed, once.
pub fn decide_verification(
    current: RecordStatus,
    to: RecordStatus,
) -> Result<RecordStatus, RecordRefusal> {
    let to = verification_target(to)?;
    if current != RecordStatus::Pending {
        return Err(RecordRefusal::AlreadyDecided(current));
    }
    Ok(to)
}

/// A correction's reason, trimmed: present and at most [`REASON_MAX_CHARS`] characters.
pub fn correction_reason(reason: &str) -> Result<String, RecordRefusal> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > REASON_MAX_CHARS {
        return Err(RecordRefusal::ReasonRequired);
    }
    Ok(reason.to_owned())
}

/// What is known when a verified record is to be corrected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CorrectionFacts {
    /// The status of the record to correct.
    pub status: RecordStatus,
    /// Whether a verified correction already points at it.
    pub already_corrected: bool,
    /// The corrected hours.
    pub quarters: u32,
    /// The activity's window, when the record is of one.
    pub activity: Option<(DateTime<Utc>, DateTime<Utc>)>,
}

/// A verified record not yet corrected gets a correction (a new verified record pointing at
/// it; the old one is never edited), of no more hours than its activity lasted.
pub fn decide_correction(f: &CorrectionFacts) -> Result<(), RecordRefusal> {
    if f.status != RecordStatus::Verified {
        return Err(RecordRefusal::NotVerified);
    }
    if f.already_corrected {
        return Err(RecordRefusal::AlreadyCorrected);
    }
    if let Some((start, end)) = f.activity
        && !leader_hours_ok(f.quarters, start, end)
    {
        return Err(RecordRefusal::ExceedsActivity { correction: true });
    }
    Ok(())
}

/// The ids of the records that verified corrections replaced: they no longer count.
pub fn superseded(records: impl IntoIterator<Item = (RecordStatus, Option<i64>)>) -> Vec<i64> {
    records
        .into_iter()
        .filter(|(status, _)| *status == RecordStatus::Verified)
        .filter_map(|(_, corrects)| corrects)
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use chrono::{TimeDelta, TimeZone};

    /// 2025-06-07 (a Saturday) at `h:m` UTC.
    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 6, 7, h, m, 0).unwrap()
    }

    fn hm(h: u32, m: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 6, 7, h, m, s).unwrap()
    }

    #[test]
    fn leader_hours() {
        let (start, end) = (at(9, 0), hm(11, 10, 0)); // 2 h 10 min
        let cases = [
            (0, false),
            (1, true),
            (8, true),
            (9, false), // 2 h 15 min > 2 h 10 min
            (u32::MAX, false),
        ];
        for (quarters, expected) in cases {
            assert_eq!(
                leader_hours_ok(quarters, start, end),
                expected,
                "{quarters}"
            );
        }
        assert!(!leader_hours_ok(1, end, start), "inverted window");
        assert!(leader_hours_ok(
            4 * 24 * 7,
            start,
            start + TimeDelta::days(7)
        ));
    }

    #[test]
    fn hours_as_numbers() {
        let cases = [
            (0.25, Some(1)),
            (2.0, Some(8)),
            (2.75, Some(11)),
            (168.0, Some(672)),
            (168.25, None),
            (0.0, None),
            (-1.0, None),
            (2.3, None),
            (f64::NAN, None),
            (f64::INFINITY, None),
        ];
        for (hours, expected) in cases {
            assert_eq!(quarters_of_hours(hours), expected, "{hours}");
        }
        assert_eq!(hours_of_quarters(11), 2.75);
        assert_eq!(hours_of_quarters(0), 0.0);
        assert_eq!(entered_quarters(2.3), Err(RecordRefusal::InvalidHours));
    }

    #[test]
    fn records_are_decided_once() {
        use RecordStatus as R;
        let cases = [
            (R::Pending, R::Verified, Ok(R::Verified)),
            (R::Pending, R::Disputed, Ok(R::Disputed)),
            (R::Pending, R::Pending, Err("not_settable")),
            (R::Verified, R::Disputed, Err("already_decided")),
            (R::Disputed, R::Verified, Err("already_decided")),
            // Asking for pending is wrong whatever the record's state.
            (R::Verified, R::Pending, Err("not_settable")),
        ];
        for (current, to, expected) in cases {
            assert_eq!(
                decide_verification(current, to).map_err(|r| r.code()),
                expected,
                "{current:?} → {to:?}"
            );
        }
        let done = decide_verification(R::Disputed, R::Verified).unwrap_err();
        assert_eq!(done.message(), "该记录已是 disputed");
        assert_eq!(done.field(), None);
        assert_eq!(
            verification_target(R::Pending).unwrap_err().field(),
            Some("status")
        );
    }

    #[test]
    fn corrections_point_at_a_verified_record() {
        let (start, end) = (at(9, 0), at(12, 0));
        let facts = CorrectionFacts {
            status: RecordStatus::Verified,
            already_corrected: false,
            quarters: 12,
            activity: Some((start, end)),
        };
        type Change = fn(&mut CorrectionFacts);
        let cases: &[(&str, Change, Result<(), &str>)] = &[
            ("verified", |_| {}, Ok(())),
            (
                "without an activity",
                |f| {
                    f.activity = None;
                    f.quarters = 600;
                },
                Ok(()),
            ),
            (
                "pending",
                |f| f.status = RecordStatus::Pending,
                Err("not_verified"),
            ),
            (
                "disputed",
                |f| f.status = RecordStatus::Disputed,
                Err("not_verified"),
            ),
            (
                "corrected before",
                |f| f.already_corrected = true,
                Err("already_corrected"),
            ),
            (
                "longer than the activity",
                |f| f.quarters = 13,
                Err("exceeds_activity"),
            ),
            // The record's state comes before the hours.
            (
                "pending and too long",
                |f| {
                    f.status = RecordStatus::Pending;
                    f.quarters = 13;
                },
                Err("not_verified"),
            ),
        ];
        for (name, change, expected) in cases {
            let mut f = facts;
            change(&mut f);
            assert_eq!(
                decide_correction(&f).map_err(|r| r.code()),
                *expected,
                "{name}"
            );
        }
        assert_eq!(
            correction_reason("  签退时间有误 "),
            Ok("签退时间有误".to_owned())
        );
        assert_eq!(correction_reason("   "), Err(RecordRefusal::ReasonRequired));
        assert_eq!(
            correction_reason(&"字".repeat(501)),
            Err(RecordRefusal::ReasonRequired)
        );
        assert!(correction_reason(&"字".repeat(500)).is_ok());
        assert_eq!(decide_entry(12, start, end), Ok(()));
        assert_eq!(
            decide_entry(13, start, end).map_err(|r| r.message()),
            Err("登记时长不能超过活动时长".to_owned())
        );
    }

    #[test]
    fn verified_corrections_supersede() {
        use RecordStatus as R;
        let records = [
            (R::Verified, None),
            (R::Verified, Some(1)),
            (R::Pending, Some(2)),
            (R::Disputed, Some(3)),
            (R::Verified, Some(4)),
        ];
        assert_eq!(superseded(records), vec![1, 4]);
    }
}
