//! Figures by month for reports and charts over time: activities run, verified hours
//! (corrections applied), the volunteers and teams behind them, the volunteers rewarded,
//! hours by the activity's area, and orders opened, taken and completed. Months are `YYYY-MM`
//! of the day served (records), of the end (activities), of the issue (vouchers), of the
//! award (honours) or of the order's move; each backend spells the month its own way.

use chrono::NaiveDate;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date, Text};
use diesel::sqlite::Sqlite;

use youai_types::{ActivityStatus, RecordStatus, VoucherStatus};

use crate::DbConn;

#[derive(QueryableByName, Debug, Clone, PartialEq)]
pub struct MonthCount {
    #[diesel(sql_type = Text)]
    pub month: String,
    #[diesel(sql_type = BigInt)]
    pub n: i64,
}

#[derive(QueryableByName, Debug, Clone, PartialEq)]
pub struct AreaMonthQuarters {
    #[diesel(sql_type = BigInt)]
    pub area_id: i64,
    #[diesel(sql_type = Text)]
    pub month: String,
    #[diesel(sql_type = BigInt)]
    pub quarters: i64,
}

fn month_of(conn: &DbConn, column: &str) -> String {
    match conn {
        DbConn::Sqlite(_) => format!("substr({column}, 1, 7)"),
        DbConn::Postgres(_) => format!("to_char({column}, 'YYYY-MM')"),
    }
}

/// Runs `q` with `$1` bound to `since`. Timestamps compare with the date as with its midnight
/// on both backends (SQLite compares the ISO texts, PostgreSQL casts the date).
fn since<T>(conn: &mut DbConn, q: &str, since: NaiveDate) -> QueryResult<Vec<T>>
where
    T: QueryableByName<Sqlite> + QueryableByName<Pg> + 'static,
{
    match conn {
        // `?1`: SQLite's numbered parameter, usable more than once like PostgreSQL's `$1`.
        DbConn::Sqlite(c) => diesel::sql_query(q.replace("$1", "?1"))
            .bind::<Date, _>(since)
            .load(c),
        DbConn::Postgres(c) => diesel::sql_query(q).bind::<Date, _>(since).load(c),
    }
}

/// Verified records that count: not replaced by a verified correction.
/// (Statuses are spelled by their enums, so a renamed status cannot leave a stale literal.)
fn counting() -> String {
    let verified = RecordStatus::Verified.as_str();
    format!(
        "r.status = '{verified}' AND r.id NOT IN \
         (SELECT c.corrects_id FROM service_records c WHERE c.status = '{verified}' AND c.corrects_id IS NOT NULL)"
    )
}

/// Finished activities by the month they ended, from `from`.
pub fn activities_run(conn: &mut DbConn, from: NaiveDate) -> QueryResult<Vec<MonthCount>> {
    let month = month_of(conn, "a.end_at");
    let finished = ActivityStatus::Finished.as_str();
    let q = format!(
        "SELECT {month} AS month, COUNT(*) AS n FROM activities a \
         WHERE a.status = '{finished}' AND a.end_at >= $1 GROUP BY 1 ORDER BY 1"
    );
    since(conn, &q, from)
}

/// Teams that finished an activity, by the month it ended, from `from`.
pub fn teams_active(conn: &mut DbConn, from: NaiveDate) -> QueryResult<Vec<MonthCount>> {
    let month = month_of(conn, "a.end_at");
    let finished = ActivityStatus::Finished.as_str();
    let q = format!(
        "SELECT {month} AS month, COUNT(DISTINCT a.team_id) AS n FROM activities a \
         WHERE a.status = '{finished}' AND a.end_at >= $1 GROUP BY 1 ORDER BY 1"
    );
    since(conn, &q, from)
}

/// Verified quarter hours by the month served, from `from`.
pub fn quarters_served(conn: &mut DbConn, from: NaiveDate) -> QueryResult<Vec<MonthCount>> {
    let month = month_of(conn, "r.served_on");
    let counting = counting();
    let q = format!(
        "SELECT {month} AS month, CAST(SUM(r.quarters) AS BIGINT) AS n FROM service_records r \
         WHERE {counting} AND r.served_on >= $1 GROUP BY 1 ORDER BY 1"
    );
    since(conn, &q, from)
}

/// Volunteers with verified hours, by the month served, from `from`.
pub fn volunteers_served(conn: &mut DbConn, from: NaiveDate) -> QueryResult<Vec<MonthCount>> {
    let month = month_of(conn, "r.served_on");
    let counting = counting();
    let q = format!(
        "SELECT {month} AS month, COUNT(DISTINCT r.volunteer_id) AS n FROM service_records r \
         WHERE {counting} AND r.served_on >= $1 GROUP BY 1 ORDER BY 1"
    );
    since(conn, &q, from)
}

/// Volunteers who were given a courtesy (a voucher not cancelled) or an honour, by the month
/// it was issued or awarded, from `from`: the home page's "volunteers rewarded" over time.
pub fn volunteers_rewarded(conn: &mut DbConn, from: NaiveDate) -> QueryResult<Vec<MonthCount>> {
    let issued = month_of(conn, "v.created_at");
    let awarded = month_of(conn, "h.awarded_on");
    let cancelled = VoucherStatus::Cancelled.as_str();
    let q = format!(
        "SELECT month, COUNT(DISTINCT who) AS n FROM ( \
           SELECT {issued} AS month, v.volunteer_id AS who FROM vouchers v \
             WHERE v.status <> '{cancelled}' AND v.created_at >= $1 \
           UNION ALL \
           SELECT {awarded} AS month, h.volunteer_id AS who FROM honours h WHERE h.awarded_on >= $1 \
         ) given GROUP BY month ORDER BY month"
    );
    since(conn, &q, from)
}

/// Verified quarter hours by the activity's area and the month served, from `from`.
pub fn quarters_by_area(conn: &mut DbConn, from: NaiveDate) -> QueryResult<Vec<AreaMonthQuarters>> {
    let month = month_of(conn, "r.served_on");
    let counting = counting();
    let q = format!(
        "SELECT a.area_id AS area_id, {month} AS month, CAST(SUM(r.quarters) AS BIGINT) AS quarters \
         FROM service_records r JOIN activities a ON a.id = r.activity_id \
         WHERE {counting} AND r.served_on >= $1 GROUP BY 1, 2 ORDER BY 2, 1"
    );
    since(conn, &q, from)
}

/// Orders (开单 and 点单) by the month of `column` — `created_at` (opened), `taken_at` or
/// `completed_at` — from `from`.
fn orders_by(conn: &mut DbConn, column: &str, from: NaiveDate) -> QueryResult<Vec<MonthCount>> {
    let month = month_of(conn, &format!("o.{column}"));
    let q = format!(
        "SELECT {month} AS month, COUNT(*) AS n FROM orders o \
         WHERE o.{column} IS NOT NULL AND o.{column} >= $1 GROUP BY 1 ORDER BY 1"
    );
    since(conn, &q, from)
}

/// Orders opened (开单) or placed (点单), by the month they were, from `from`.
pub fn orders_opened(conn: &mut DbConn, from: NaiveDate) -> QueryResult<Vec<MonthCount>> {
    orders_by(conn, "created_at", from)
}

/// Orders taken (or accepted by their provider), by the month they were, from `from`.
pub fn orders_taken(conn: &mut DbConn, from: NaiveDate) -> QueryResult<Vec<MonthCount>> {
    orders_by(conn, "taken_at", from)
}

/// Orders completed, by the month their activity finished, from `from`.
pub fn orders_completed(conn: &mut DbConn, from: NaiveDate) -> QueryResult<Vec<MonthCount>> {
    orders_by(conn, "completed_at", from)
}
