//! Agencies (机关企事业单位): the bodies that publish projects and resources in their name.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use youai_types::AgencyKind;

use crate::page::fetch_limit;
use crate::schema::{agencies, areas};
use crate::{DbConn, contains_pattern, now, subtree_pattern};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = agencies)]
pub struct Agency {
    pub id: i64,
    pub name: String,
    pub kind: AgencyKind,
    pub area_id: i64,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub description: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// An agency's fields, for insert and (whole-row) update.
#[derive(Debug, Clone, PartialEq, Insertable, AsChangeset)]
#[diesel(table_name = agencies, treat_none_as_null = true)]
pub struct AgencyFields {
    pub name: String,
    pub kind: AgencyKind,
    pub area_id: i64,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub description: Option<String>,
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<Agency>> {
    agencies::table
        .find(id)
        .select(Agency::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_name(conn: &mut DbConn, name: &str) -> QueryResult<Option<Agency>> {
    agencies::table
        .filter(agencies::name.eq(name))
        .select(Agency::as_select())
        .first(conn)
        .optional()
}

/// The agencies with these ids (for names beside resources and projects).
pub fn by_ids(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<Agency>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    agencies::table
        .filter(agencies::id.eq_any(ids.to_vec()))
        .select(Agency::as_select())
        .load(conn)
}

pub fn insert(conn: &mut DbConn, f: &AgencyFields) -> QueryResult<Agency> {
    let t = now();
    diesel::insert_into(agencies::table)
        .values((f, agencies::created_at.eq(t), agencies::updated_at.eq(t)))
        .get_result(conn)
}

pub fn update(conn: &mut DbConn, id: i64, f: &AgencyFields) -> QueryResult<Agency> {
    diesel::update(agencies::table.find(id))
        .set((f, agencies::updated_at.eq(now())))
        .get_result(conn)
}

#[derive(Debug, Clone, Default)]
pub struct AgencyFilter {
    pub kind: Option<AgencyKind>,
    /// Agencies in this area's subtree.
    pub within_path: Option<String>,
    /// Text in the name or description.
    pub q: Option<String>,
}

/// A page of agencies after `after_id`, in id order (`limit + 1` rows fetched).
pub fn list(
    conn: &mut DbConn,
    f: &AgencyFilter,
    after_id: Option<i64>,
    descending: bool,
    limit: i64,
) -> QueryResult<Vec<Agency>> {
    let mut q = agencies::table.select(Agency::as_select()).into_boxed();
    if let Some(k) = f.kind {
        q = q.filter(agencies::kind.eq(k));
    }
    if let Some(path) = &f.within_path {
        let inside = areas::table
            .select(areas::id)
            .filter(areas::path.like(subtree_pattern(path)).escape('\\'));
        q = q.filter(agencies::area_id.eq_any(inside));
    }
    if let Some(text) = &f.q {
        let p = contains_pattern(text);
        q = q.filter(
            agencies::name
                .like(p.clone())
                .escape('\\')
                .or(agencies::description.like(p).escape('\\')),
        );
    }
    q = match (after_id, descending) {
        (Some(a), false) => q.filter(agencies::id.gt(a)),
        (Some(a), true) => q.filter(agencies::id.lt(a)),
        (None, _) => q,
    };
    q = if descending {
        q.order(agencies::id.desc())
    } else {
        q.order(agencies::id.asc())
    };
    q.limit(fetch_limit(limit)).load(conn)
}
