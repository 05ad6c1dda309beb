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

/// `2026-12-05 09:00–11:00`, or both full times when the end is on another day (city time).
pub fn time_range(start: DateTime<Utc>, end: DateTime<Utc>) -> String {
    let from = local_time(start);
    let to = local_time(end);
    match (from.split_once(' '), to.split_once(' ')) {
        (Some((d1, _)), Some((d2, t2))) if d1 == d2 => format!("{from}–{t2}"),
        _ => format!("{from} – {to}"),
    }
}

/// `09:00`, in the city's time.
pub fn clock(at: DateTime<Utc>) -> String {
    let t = (at + Duration::hours(CITY_OFFSET_HOURS)).naive_utc();
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// The city's date of an instant.
pub fn local_date(at: DateTime<Utc>) -> NaiveDate {
    (at + Duration::hours(CITY_OFFSET_HOURS)).date_naive()
}

/// Midnight at the start of `d` in the city, as RFC 3339 (for the API's `from`/`to`).
pub fn day_start(d: NaiveDate) -> String {
    format!("{}T00:00:00+{CITY_OFFSET_HOURS:02}:00", date(d))
}

/// Hours in quarter hours, without trailing zeros: `1.75`, `2.5`, `3`.
pub fn hours(h: f64) -> String {
    // Whole quarters, without core's float formatting (it would weigh on the bundle). Hours
    // are a multiple of 0.25 far inside i64.
    #[allow(clippy::cast_possible_truncation)]
    let quarters = (h * 4.0).round() as i64;
    let sign = if quarters < 0 { "-" } else { "" };
    let q = quarters.unsigned_abs();
    let fraction = match q % 4 {
        1 => ".25",
        2 => ".5",
        3 => ".75",
        _ => "",
    };
    format!("{sign}{}{fraction}", q / 4)
}

/// Now, from the browser's clock.
pub fn now() -> DateTime<Utc> {
    // The clock in milliseconds since the epoch: well inside i64.
    #[allow(clippy::cast_possible_truncation)]
    let now_ms = js_sys::Date::now() as i64;
    DateTime::from_timestamp_millis(now_ms).unwrap_or_default()
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
    local_date(now())
}

/// Whole years from `birth` to `on` (0 before the first birthday, or for a date in the future).
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> u32 {
    let mut years = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}

/// An `<input type=datetime-local>` value (`YYYY-MM-DDTHH:MM`, city time, i.e. +08:00) as an
/// instant; `None` when empty or invalid.
pub fn parse_local_datetime(s: &str) -> Option<DateTime<Utc>> {
    let (d, t) = s.trim().split_once('T')?;
    let day = parse_date(d)?;
    let mut parts = t.splitn(3, ':');
    let h: u32 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let local = day.and_hms_opt(h, m, 0)?;
    Some(local.and_utc() - Duration::hours(CITY_OFFSET_HOURS))
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
    fn ranges_days_and_hours() {
        let t = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        assert_eq!(
            time_range(t("2026-12-05T01:00:00Z"), t("2026-12-05T03:30:00Z")),
            "2026-12-05 09:00–11:30"
        );
        assert_eq!(
            time_range(t("2026-12-05T15:00:00Z"), t("2026-12-05T17:00:00Z")),
            "2026-12-05 23:00 – 2026-12-06 01:00"
        );
        assert_eq!(day_start(d(2026, 12, 5)), "2026-12-05T00:00:00+08:00");
        assert_eq!(clock(t("2026-12-05T01:05:00Z")), "09:05");
        assert_eq!(hours(1.75), "1.75");
        assert_eq!(hours(2.5), "2.5");
        assert_eq!(hours(3.0), "3");
        assert_eq!(hours(0.0), "0");
        assert_eq!(hours(123.25), "123.25");
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

    #[test]
    fn local_datetime_is_city_time() {
        let at = parse_local_datetime("2026-12-05T09:30").unwrap();
        assert_eq!(at.to_rfc3339(), "2026-12-05T01:30:00+00:00");
        assert_eq!(parse_local_datetime(""), None);
        assert_eq!(parse_local_datetime("2026-12-05T25:00"), None);
    }
}
