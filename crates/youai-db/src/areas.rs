//! Areas: the city → town → village tree, stored with a materialised path.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::page::{After, Sort, fetch_limit};
use crate::schema::areas;
use crate::{DbConn, contains_pattern, keyset, now, subtree_pattern};
use youai_types::AreaLevel;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = areas)]
pub struct Area {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub level: AreaLevel,
    pub name: String,
    pub code: Option<String>,
    /// `/1/4/9/`: the ids from the root down, each followed by a slash.
    pub path: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Default, Clone)]
pub struct AreaFilter {
    pub parent_id: Option<i64>,
    pub level: Option<AreaLevel>,
    /// Only this area and those below it.
    pub within_path: Option<String>,
    /// Text in the name.
    pub q: Option<String>,
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<Area>> {
    areas::table
        .find(id)
        .select(Area::as_select())
        .first(conn)
        .optional()
}

pub fn list(
    conn: &mut DbConn,
    f: &AreaFilter,
    sort: Sort,
    after: Option<&After>,
    limit: i64,
) -> QueryResult<Vec<Area>> {
    let mut q = areas::table.select(Area::as_select()).into_boxed();
    if let Some(p) = f.parent_id {
        q = q.filter(areas::parent_id.eq(p));
    }
    if let Some(l) = &f.level {
        q = q.filter(areas::level.eq(*l));
    }
    if let Some(path) = &f.within_path {
        q = q.filter(areas::path.like(subtree_pattern(path)).escape('\\'));
    }
    if let Some(text) = &f.q {
        q = q.filter(areas::name.like(contains_pattern(text)).escape('\\'));
    }
    keyset!(q, areas, sort, after)
        .limit(fetch_limit(limit))
        .load(conn)
}

/// Every area in the subtree rooted at `path`, parents before children.
pub fn subtree(conn: &mut DbConn, path: &str) -> QueryResult<Vec<Area>> {
    areas::table
        .select(Area::as_select())
        .filter(areas::path.like(subtree_pattern(path)).escape('\\'))
        .order((areas::path.asc(), areas::id.asc()))
        .load(conn)
}

pub struct NewArea<'a> {
    pub parent: Option<&'a Area>,
    pub level: AreaLevel,
    pub name: &'a str,
    pub code: Option<&'a str>,
}

/// Inserts an area and sets its path (which needs the new id). Call inside a transaction.
pub fn insert(conn: &mut DbConn, a: &NewArea<'_>) -> QueryResult<Area> {
    let t = now();
    let id: i64 = diesel::insert_into(areas::table)
        .values((
            areas::parent_id.eq(a.parent.map(|p| p.id)),
            areas::level.eq(a.level),
            areas::name.eq(a.name),
            areas::code.eq(a.code),
            areas::path.eq(""),
            areas::created_at.eq(t),
            areas::updated_at.eq(t),
        ))
        .returning(areas::id)
        .get_result(conn)?;
    let path = format!("{}{id}/", a.parent.map_or("/", |p| p.path.as_str()));
    diesel::update(areas::table.find(id))
        .set(areas::path.eq(path))
        .execute(conn)?;
    areas::table.find(id).select(Area::as_select()).first(conn)
}

pub fn update(
    conn: &mut DbConn,
    id: i64,
    name: Option<&str>,
    code: Option<&str>,
) -> QueryResult<Area> {
    let t = now();
    if let Some(n) = name {
        diesel::update(areas::table.find(id))
            .set(areas::name.eq(n))
            .execute(conn)?;
    }
    if let Some(c) = code {
        diesel::update(areas::table.find(id))
            .set(areas::code.eq(c))
            .execute(conn)?;
    }
    diesel::update(areas::table.find(id))
        .set(areas::updated_at.eq(t))
        .execute(conn)?;
    areas::table.find(id).select(Area::as_select()).first(conn)
}

/// Is there a sibling with this name? (Names are unique among siblings.)
pub fn sibling_named(
    conn: &mut DbConn,
    parent_id: Option<i64>,
    name: &str,
    except: Option<i64>,
) -> QueryResult<bool> {
    let mut q = areas::table
        .filter(areas::name.eq(name))
        .select(areas::id)
        .into_boxed();
    q = match parent_id {
        Some(p) => q.filter(areas::parent_id.eq(p)),
        None => q.filter(areas::parent_id.is_null()),
    };
    if let Some(id) = except {
        q = q.filter(areas::id.ne(id));
    }
    Ok(q.first::<i64>(conn).optional()?.is_some())
}

pub fn count(conn: &mut DbConn) -> QueryResult<i64> {
    areas::table.count().get_result(conn)
}

pub fn find_by_name(
    conn: &mut DbConn,
    parent_id: Option<i64>,
    name: &str,
) -> QueryResult<Option<Area>> {
    let mut q = areas::table
        .select(Area::as_select())
        .filter(areas::name.eq(name))
        .into_boxed();
    q = match parent_id {
        Some(p) => q.filter(areas::parent_id.eq(p)),
        None => q.filter(areas::parent_id.is_null()),
    };
    q.first(conn).optional()
}

/// The ids of every area in any of these subtrees.
pub fn ids_within(conn: &mut DbConn, paths: &[String]) -> QueryResult<Vec<i64>> {
    let mut ids = Vec::new();
    for p in paths {
        ids.extend(
            areas::table
                .select(areas::id)
                .filter(areas::path.like(subtree_pattern(p)).escape('\\'))
                .load::<i64>(conn)?,
        );
    }
    Ok(ids)
}

/// Every area (a city has hundreds, not more).
pub fn all(conn: &mut DbConn) -> QueryResult<Vec<Area>> {
    areas::table
        .order(areas::id.asc())
        .select(Area::as_select())
        .load(conn)
}
