//! Time in the city: dates follow its calendar (UTC+8), whatever the server's zone.

use chrono::{NaiveDate, Utc};

pub fn city_today() -> NaiveDate {
    // Ages follow the city's calendar (UTC+8).
    (Utc::now() + chrono::Duration::hours(8)).date_naive()
}
