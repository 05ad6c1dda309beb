//! Star level changes (星级): one row each time verified hours move a volunteer's level.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use youai_types::RecordStatus;

use crate::DbConn;
use crate::schema::{service_records, star_changes};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = star_changes)]
pub struct StarChange {
    pub id: i64,
    pub volunteer_id: i64,
    pub from_level: i32,
    pub to_level: i32,
    pub quarters: i64,
    pub record_id: Option<i64>,
    pub at: NaiveDateTime,
}

pub fn star_changes(conn: &mut DbConn, volunteer_id: i64) -> QueryResult<Vec<StarChange>> {
    star_changes::table
        .filter(star_changes::volunteer_id.eq(volunteer_id))
        .order(star_changes::id.asc())
        .select(StarChange::as_select())
        .load(conn)
}

/// A verified service record as (volunteer, record, the record it corrects, quarter hours).
pub type VerifiedQuarters = (i64, i64, Option<i64>, i32);

/// Every verified service record: what re-rating every volunteer at once reads, in one query.
pub fn verified_quarters_all(conn: &mut DbConn) -> QueryResult<Vec<VerifiedQuarters>> {
    service_records::table
        .filter(service_records::status.eq(RecordStatus::Verified))
        .select((
            service_records::volunteer_id,
            service_records::id,
            service_records::corrects_id,
            service_records::quarters,
        ))
        .load(conn)
}

/// Every volunteer's level after their latest change (those with none are at 0).
pub fn star_levels(conn: &mut DbConn) -> QueryResult<std::collections::BTreeMap<i64, i32>> {
    let rows: Vec<(i64, i32)> = star_changes::table
        .order(star_changes::id.asc())
        .select((star_changes::volunteer_id, star_changes::to_level))
        .load(conn)?;
    // Oldest first: the last one seen is the latest.
    Ok(rows.into_iter().collect())
}

/// The level after the latest change (0 before any).
pub fn star_level(conn: &mut DbConn, volunteer_id: i64) -> QueryResult<i32> {
    Ok(star_changes::table
        .filter(star_changes::volunteer_id.eq(volunteer_id))
        .order(star_changes::id.desc())
        .select(star_changes::to_level)
        .first(conn)
        .optional()?
        .unwrap_or(0))
}

pub fn insert_star_change(
    conn: &mut DbConn,
    volunteer_id: i64,
    from: i32,
    to: i32,
    quarters: i64,
    record_id: Option<i64>,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(star_changes::table)
        .values((
            star_changes::volunteer_id.eq(volunteer_id),
            star_changes::from_level.eq(from),
            star_changes::to_level.eq(to),
            star_changes::quarters.eq(quarters),
            star_changes::record_id.eq(record_id),
            star_changes::at.eq(at),
        ))
        .execute(conn)
}

/// A star level change written in bulk (the demo's history).
#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = star_changes)]
pub struct NewStarChange {
    pub volunteer_id: i64,
    pub from_level: i32,
    pub to_level: i32,
    pub quarters: i64,
    pub record_id: Option<i64>,
    pub at: NaiveDateTime,
}

/// Inserts many star level changes in multi-row inserts of 500.
pub fn insert_star_changes(conn: &mut DbConn, rows: &[NewStarChange]) -> QueryResult<usize> {
    let mut n = 0;
    for chunk in rows.chunks(500) {
        let query = diesel::insert_into(star_changes::table).values(chunk);
        n += crate::on_backend!(conn, |c| query.execute(c))?;
    }
    Ok(n)
}
