//! Service records (服务记录): hours in quarter hours, as people type and read them, and what a
//! leader may enter.
//!
//! Service hours are counted in quarter hours (`u32`, hours = quarters / 4) so that no
//! decimal type is needed: 2.75 hours is 11 quarters.

use chrono::{DateTime, Utc};

/// Seconds in the unit of service hours.
pub const QUARTER_SECS: i64 = 15 * 60;

/// Whether hours entered by a team leader are acceptable: at least a quarter hour and no more
/// than the activity's length.
pub fn leader_hours_ok(quarters: u32, start: DateTime<Utc>, end: DateTime<Utc>) -> bool {
    let length = end.signed_duration_since(start).num_seconds();
    quarters >= 1 && i64::from(quarters) * QUARTER_SECS <= length
}

/// Quarter hours as decimal hours without trailing zeros: 11 → `"2.75"`, 10 → `"2.5"`,
/// 8 → `"2"`, 0 → `"0"`.
pub fn quarters_to_hours_string(quarters: u32) -> String {
    let fraction = match quarters % 4 {
        1 => ".25",
        2 => ".5",
        3 => ".75",
        _ => "",
    };
    format!("{}{fraction}", quarters / 4)
}

/// Decimal hours as typed by a leader to quarter hours, the inverse of
/// [`quarters_to_hours_string`]: `"2.75"` → 11. Accepts whole hours and fractions `.25`,
/// `.5`, `.50`, `.75` (and `.0`, `.00`); anything else, such as `"2.3"`, `"-1"` or `"1e2"`,
/// is `None`.
pub fn hours_string_to_quarters(hours: &str) -> Option<u32> {
    let (whole, fraction) = match hours.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (hours, None),
    };
    if whole.is_empty() || whole.len() > 6 || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let extra = match fraction {
        None | Some("0" | "00") => 0,
        Some("25") => 1,
        Some("5" | "50") => 2,
        Some("75") => 3,
        Some(_) => return None,
    };
    whole
        .parse::<u32>()
        .ok()?
        .checked_mul(4)?
        .checked_add(extra)
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
    fn hours_strings() {
        let cases = [
            (0, "0"),
            (1, "0.25"),
            (2, "0.5"),
            (3, "0.75"),
            (4, "1"),
            (8, "2"),
            (10, "2.5"),
            (11, "2.75"),
            (673, "168.25"),
            (u32::MAX, "1073741823.75"),
        ];
        for (q, s) in cases {
            assert_eq!(quarters_to_hours_string(q), s);
            if q != u32::MAX {
                assert_eq!(hours_string_to_quarters(s), Some(q), "{s}");
            }
        }
        let parsed = [
            ("2.50", Some(10)),
            ("2.00", Some(8)),
            ("2.0", Some(8)),
            ("007", Some(28)),
            ("999999.75", Some(3_999_999)),
            ("2.3", None),
            ("2.", None),
            (".5", None),
            ("", None),
            ("-1", None),
            ("+1", None),
            ("1e2", None),
            (" 2", None),
            ("2.755", None),
            ("1000000", None),
            ("二", None),
        ];
        for (s, expected) in parsed {
            assert_eq!(hours_string_to_quarters(s), expected, "{s:?}");
        }
    }
}
