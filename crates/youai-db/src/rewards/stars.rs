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

/// Every volunteer with a verified service record or a star level: those a new star ladder
/// may re-rate.
pub fn volunteers_to_rate(conn: &mut DbConn) -> QueryResult<Vec<i64>> {
    let mut ids: Vec<i64> = service_records::table
        .filter(service_records::status.eq(RecordStatus::Verified))
        .select(service_records::volunteer_id)
        .distinct()
        .load(conn)?;
    ids.extend(
        star_changes::table
            .select(star_changes::volunteer_id)
            .distinct()
            .load::<i64>(conn)?,
    );
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
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
