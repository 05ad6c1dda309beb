//! Dates and times as the city reads them (UTC+8), without chrono's formatting machinery (it
//! would weigh on the bundle).

use chrono::{DateTime, Datelike, Duration, NaiveDate, Timelike, Utc};

/// The city's offset from UTC.
const CITY_OFFSET_HOURS: i64 = 8;

/// `2026-11-28 16:00`, in the city's time.
pub fn local_time(at: DateTime<Utc>) -> String {
    let t = (at + Duration::hours(CITY_OFFSET_HOURS)).naive_utc();
    format!("{} {:02}:{:02}", date(t.date()), t.hour(), t.minute())
}

/// `1990-05-01`
pub fn date(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// An `<input type=date>` value (`YYYY-MM-DD`) as a date; `None` when empty or invalid.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let mut parts = s.trim().splitn(3, '-');
    let y = parts.next()?.parse().ok()?;
    let m = parts.next()?.parse().ok()?;
    let d = parts.next()?.parse().ok()?;
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Today in the city, from the browser's clock.
pub fn today() -> NaiveDate {
    // The clock in milliseconds since the epoch: well inside i64.
    #[allow(clippy::cast_possible_truncation)]
    let now_ms = js_sys::Date::now() as i64;
    DateTime::from_timestamp_millis(now_ms)
        .map(|now| (now + Duration::hours(CITY_OFFSET_HOURS)).date_naive())
        .unwrap_or_default()
}

/// Whole years from `birth` to `on` (0 before the first birthday, or for a date in the future).
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> u32 {
    let mut years = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn times_show_in_the_city_offset() {
        let at = DateTime::parse_from_rfc3339("2026-11-28T20:05:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(local_time(at), "2026-11-29 04:05");
    }

    #[test]
    fn dates_parse_from_date_inputs() {
        assert_eq!(parse_date("1990-05-01"), Some(d(1990, 5, 1)));
        assert_eq!(parse_date(""), None);
        assert_eq!(parse_date("1990-02-30"), None);
        assert_eq!(parse_date("abc"), None);
        assert_eq!(date(d(2008, 1, 9)), "2008-01-09");
    }

    #[test]
    fn ages_count_whole_years() {
        assert_eq!(age_on(d(2008, 12, 1), d(2026, 11, 30)), 17);
        assert_eq!(age_on(d(2008, 12, 1), d(2026, 12, 1)), 18);
        assert_eq!(age_on(d(2030, 1, 1), d(2026, 12, 1)), 0);
    }
}
