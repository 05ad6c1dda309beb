//! Venues (阵地) and their areas.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::page::{After, Sort, fetch_limit};
use crate::schema::{areas, venues};
use crate::{DbConn, contains_pattern, keyset, now, subtree_pattern};
use youai_types::VenueKind;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = venues)]
pub struct Venue {
    pub id: i64,
    pub area_id: i64,
    pub kind: VenueKind,
    pub name: String,
    pub address: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub opening_hours: Option<String>,
    pub capacity: Option<i32>,
    pub phone: Option<String>,
    pub description: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// The writable fields of a venue, for insert and for a full update after a patch is applied.
#[derive(Debug, Clone, PartialEq, Insertable, AsChangeset)]
#[diesel(table_name = venues, treat_none_as_null = true)]
pub struct VenueFields {
    pub area_id: i64,
    pub kind: VenueKind,
    pub name: String,
    pub address: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub opening_hours: Option<String>,
    pub capacity: Option<i32>,
    pub phone: Option<String>,
    pub description: Option<String>,
}

impl From<&Venue> for VenueFields {
    fn from(v: &Venue) -> Self {
        VenueFields {
            area_id: v.area_id,
            kind: v.kind,
            name: v.name.clone(),
            address: v.address.clone(),
            latitude: v.latitude,
            longitude: v.longitude,
            opening_hours: v.opening_hours.clone(),
            capacity: v.capacity,
            phone: v.phone.clone(),
            description: v.description.clone(),
        }
    }
}

#[derive(Debug, Default, Clone)]
pub struct VenueFilter {
    pub area_id: Option<i64>,
    /// Only venues in this area or below it.
    pub within_path: Option<String>,
    pub kind: Option<VenueKind>,
    /// Text in the name or address.
    pub q: Option<String>,
}

/// Every venue, in id order (a city has hundreds, not more).
pub fn all(conn: &mut DbConn) -> QueryResult<Vec<Venue>> {
    venues::table
        .order(venues::id.asc())
        .select(Venue::as_select())
        .load(conn)
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<Venue>> {
    venues::table
        .find(id)
        .select(Venue::as_select())
        .first(conn)
        .optional()
}

pub fn list(
    conn: &mut DbConn,
    f: &VenueFilter,
    sort: Sort,
    after: Option<&After>,
    limit: i64,
) -> QueryResult<Vec<Venue>> {
    let mut q = venues::table.select(Venue::as_select()).into_boxed();
    if let Some(a) = f.area_id {
        q = q.filter(venues::area_id.eq(a));
    }
    if let Some(path) = &f.within_path {
        let inside = areas::table
            .select(areas::id)
            .filter(areas::path.like(subtree_pattern(path)).escape('\\'));
        q = q.filter(venues::area_id.eq_any(inside));
    }
    if let Some(k) = &f.kind {
        q = q.filter(venues::kind.eq(*k));
    }
    if let Some(text) = &f.q {
        let p = contains_pattern(text);
        q = q.filter(
            venues::name
                .like(p.clone())
                .escape('\\')
                .or(venues::address.like(p).escape('\\')),
        );
    }
    keyset!(q, venues, sort, after)
        .limit(fetch_limit(limit))
        .load(conn)
}

pub fn insert(conn: &mut DbConn, v: &VenueFields) -> QueryResult<Venue> {
    let t = now();
    diesel::insert_into(venues::table)
        .values((v, venues::created_at.eq(t), venues::updated_at.eq(t)))
        .get_result(conn)
}

pub fn update(conn: &mut DbConn, id: i64, v: &VenueFields) -> QueryResult<Venue> {
    diesel::update(venues::table.find(id))
        .set((v, venues::updated_at.eq(now())))
        .get_result(conn)
}

pub fn count(conn: &mut DbConn) -> QueryResult<i64> {
    venues::table.count().get_result(conn)
}
