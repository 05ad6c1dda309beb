//! The append-only points ledger (积分): the balance is the sum of a volunteer's entries, and
//! each event (`earn:record:9001`, `redeem:voucher:12`…) is in it at most once.

use chrono::NaiveDateTime;
use diesel::dsl::sum;
use diesel::prelude::*;
use youai_types::PointsKind;

use crate::schema::{points_entries, service_records};
use crate::{DbConn, now};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = points_entries)]
pub struct Entry {
    pub id: i64,
    pub volunteer_id: i64,
    pub kind: PointsKind,
    pub points: i32,
    pub event: String,
    pub reason: Option<String>,
    pub record_id: Option<i64>,
    pub voucher_id: Option<i64>,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = points_entries)]
pub struct NewEntry {
    pub volunteer_id: i64,
    pub kind: PointsKind,
    pub points: i32,
    pub event: String,
    pub reason: Option<String>,
    pub record_id: Option<i64>,
    pub voucher_id: Option<i64>,
    pub created_by: Option<i64>,
}

/// Appends an entry; `false` when its event is already in the ledger (it never counts twice).
pub fn append(conn: &mut DbConn, e: &NewEntry) -> QueryResult<bool> {
    // A savepoint, so a duplicate leaves the enclosing transaction usable on PostgreSQL.
    let inserted = conn.transaction(|c| {
        diesel::insert_into(points_entries::table)
            .values((e, points_entries::created_at.eq(now())))
            .execute(c)
    });
    match inserted {
        Ok(_) => Ok(true),
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Appends many entries, each with its time (the demo's history), in multi-row inserts of 500.
/// Unlike [`append`], a duplicate event fails the whole insert.
pub fn insert_entries_at(
    conn: &mut DbConn,
    rows: &[(NewEntry, NaiveDateTime)],
) -> QueryResult<usize> {
    let mut n = 0;
    for chunk in rows.chunks(500) {
        let values: Vec<_> = chunk
            .iter()
            .map(|(e, at)| (e, points_entries::created_at.eq(*at)))
            .collect();
        let query = diesel::insert_into(points_entries::table).values(values);
        n += crate::on_backend!(conn, |c| query.execute(c))?;
    }
    Ok(n)
}

pub fn balance(conn: &mut DbConn, volunteer_id: i64) -> QueryResult<i64> {
    let s: Option<i64> = points_entries::table
        .filter(points_entries::volunteer_id.eq(volunteer_id))
        .select(sum(points_entries::points))
        .first(conn)?;
    Ok(s.unwrap_or(0))
}

/// The sum of entries of `kind` (all volunteers when `volunteer_id` is None).
pub fn total_of_kind(
    conn: &mut DbConn,
    volunteer_id: Option<i64>,
    kind: PointsKind,
) -> QueryResult<i64> {
    let mut q = points_entries::table
        .filter(points_entries::kind.eq(kind))
        .select(sum(points_entries::points))
        .into_boxed();
    if let Some(v) = volunteer_id {
        q = q.filter(points_entries::volunteer_id.eq(v));
    }
    Ok(q.first::<Option<i64>>(conn)?.unwrap_or(0))
}

pub fn entries(conn: &mut DbConn, volunteer_id: i64, limit: i64) -> QueryResult<Vec<Entry>> {
    points_entries::table
        .filter(points_entries::volunteer_id.eq(volunteer_id))
        .order(points_entries::id.desc())
        .limit(limit)
        .select(Entry::as_select())
        .load(conn)
}

/// Net points the volunteer holds for their records at an activity (earned less taken back).
pub fn points_for_activity(
    conn: &mut DbConn,
    volunteer_id: i64,
    activity_id: i64,
) -> QueryResult<i64> {
    let record_ids: Vec<i64> = service_records::table
        .filter(service_records::volunteer_id.eq(volunteer_id))
        .filter(service_records::activity_id.eq(activity_id))
        .select(service_records::id)
        .load(conn)?;
    let s: Option<i64> = points_entries::table
        .filter(points_entries::record_id.eq_any(record_ids))
        .select(sum(points_entries::points))
        .first(conn)?;
    Ok(s.unwrap_or(0))
}

/// Net points an entry for this record moved (its earning and any taking back).
pub fn points_for_record(conn: &mut DbConn, record_id: i64) -> QueryResult<i64> {
    let s: Option<i64> = points_entries::table
        .filter(points_entries::record_id.eq(record_id))
        .select(sum(points_entries::points))
        .first(conn)?;
    Ok(s.unwrap_or(0))
}

/// For the yearly expiry: (credits before `before`, all debits as a positive number).
pub fn credits_and_debits(
    conn: &mut DbConn,
    volunteer_id: i64,
    before: NaiveDateTime,
) -> QueryResult<(i64, i64)> {
    let credits: Option<i64> = points_entries::table
        .filter(points_entries::volunteer_id.eq(volunteer_id))
        .filter(points_entries::points.gt(0))
        .filter(points_entries::created_at.lt(before))
        .select(sum(points_entries::points))
        .first(conn)?;
    let debits: Option<i64> = points_entries::table
        .filter(points_entries::volunteer_id.eq(volunteer_id))
        .filter(points_entries::points.lt(0))
        .select(sum(points_entries::points))
        .first(conn)?;
    Ok((credits.unwrap_or(0), -debits.unwrap_or(0)))
}

/// Volunteers with points credited before `before` (candidates for the yearly expiry).
pub fn volunteers_with_old_credits(
    conn: &mut DbConn,
    before: NaiveDateTime,
) -> QueryResult<Vec<i64>> {
    points_entries::table
        .filter(points_entries::points.gt(0))
        .filter(points_entries::created_at.lt(before))
        .select(points_entries::volunteer_id)
        .distinct()
        .order(points_entries::volunteer_id.asc())
        .load(conn)
}
