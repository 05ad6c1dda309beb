//! Honours (荣誉) awarded to volunteers.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::count_star;
use diesel::prelude::*;

use crate::schema::honours;
use crate::{DbConn, now};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = honours)]
pub struct Honour {
    pub id: i64,
    pub volunteer_id: i64,
    pub title: String,
    pub citation: String,
    pub awarded_on: NaiveDate,
    pub awarded_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

pub fn insert_honour(
    conn: &mut DbConn,
    volunteer_id: i64,
    title: &str,
    citation: &str,
    awarded_on: NaiveDate,
    by: Option<i64>,
) -> QueryResult<Honour> {
    diesel::insert_into(honours::table)
        .values((
            honours::volunteer_id.eq(volunteer_id),
            honours::title.eq(title),
            honours::citation.eq(citation),
            honours::awarded_on.eq(awarded_on),
            honours::awarded_by.eq(by),
            honours::created_at.eq(now()),
        ))
        .get_result(conn)
}

/// An honour written in bulk with its time given (the demo's history).
#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = honours)]
pub struct NewHonour {
    pub volunteer_id: i64,
    pub title: String,
    pub citation: String,
    pub awarded_on: NaiveDate,
    pub awarded_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

/// Inserts many honours in multi-row inserts of 500.
pub fn insert_honours(conn: &mut DbConn, rows: &[NewHonour]) -> QueryResult<usize> {
    let mut n = 0;
    for chunk in rows.chunks(500) {
        let query = diesel::insert_into(honours::table).values(chunk);
        n += crate::on_backend!(conn, |c| query.execute(c))?;
    }
    Ok(n)
}

pub fn honours_of(conn: &mut DbConn, volunteer_id: i64) -> QueryResult<Vec<Honour>> {
    honours::table
        .filter(honours::volunteer_id.eq(volunteer_id))
        .order((honours::awarded_on.desc(), honours::id.desc()))
        .select(Honour::as_select())
        .load(conn)
}

/// Distinct volunteers with honours, and how many honours there are.
pub fn honoured(conn: &mut DbConn) -> QueryResult<(Vec<i64>, i64)> {
    let who: Vec<i64> = honours::table
        .select(honours::volunteer_id)
        .distinct()
        .load(conn)?;
    let n: i64 = honours::table.select(count_star()).first(conn)?;
    Ok((who, n))
}
