//! Needs coming in and read back: insert, the filtered list, a village's open needs (for
//! duplicates), the names a need is shown with, and new categories.

use std::collections::HashMap;

use diesel::prelude::*;
use youai_types::{NeedChannel, NeedStatus};

use super::{Category, Need};
use crate::json::Json;
use crate::page::fetch_limit;
use crate::schema::{areas, need_categories, needs};
use crate::{DbConn, contains_pattern, now, subtree_pattern};

/// A need to insert.
#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = needs)]
pub struct NewNeedRow {
    pub code: String,
    pub title: String,
    pub description: Option<String>,
    pub category_id: i64,
    pub area_id: i64,
    pub people_affected: i32,
    pub target_group: Option<String>,
    pub channel: NeedChannel,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub submitted_by: Option<i64>,
    pub recorded_by: Option<i64>,
    pub status: NeedStatus,
    pub supporters: i32,
}

pub fn insert(conn: &mut DbConn, n: &NewNeedRow) -> QueryResult<Need> {
    let t = now();
    diesel::insert_into(needs::table)
        .values((n, needs::created_at.eq(t), needs::updated_at.eq(t)))
        .get_result(conn)
}

pub fn code_taken(conn: &mut DbConn, code: &str) -> QueryResult<bool> {
    let n: i64 = needs::table
        .filter(needs::code.eq(code))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

#[derive(Debug, Default, Clone)]
pub struct NeedFilter {
    pub statuses: Vec<NeedStatus>,
    pub category_id: Option<i64>,
    pub channel: Option<NeedChannel>,
    /// Needs in this area's subtree (its materialised path).
    pub within_path: Option<String>,
    pub submitted_by: Option<i64>,
    /// Text in the title or description.
    pub q: Option<String>,
}

/// A page of needs, keyset-paginated by id.
pub fn list(
    conn: &mut DbConn,
    f: &NeedFilter,
    after_id: Option<i64>,
    descending: bool,
    limit: i64,
) -> QueryResult<Vec<Need>> {
    let mut q = needs::table.select(Need::as_select()).into_boxed();
    if !f.statuses.is_empty() {
        q = q.filter(needs::status.eq_any(f.statuses.clone()));
    }
    if let Some(c) = f.category_id {
        q = q.filter(needs::category_id.eq(c));
    }
    if let Some(c) = f.channel {
        q = q.filter(needs::channel.eq(c));
    }
    if let Some(path) = &f.within_path {
        let inside = areas::table
            .select(areas::id)
            .filter(areas::path.like(subtree_pattern(path)).escape('\\'));
        q = q.filter(needs::area_id.eq_any(inside));
    }
    if let Some(u) = f.submitted_by {
        q = q.filter(needs::submitted_by.eq(u));
    }
    if let Some(text) = &f.q {
        let p = contains_pattern(text);
        q = q.filter(
            needs::title
                .like(p.clone())
                .escape('\\')
                .or(needs::description.like(p).escape('\\')),
        );
    }
    q = match (after_id, descending) {
        (Some(a), false) => q.filter(needs::id.gt(a)),
        (Some(a), true) => q.filter(needs::id.lt(a)),
        (None, _) => q,
    };
    q = if descending {
        q.order(needs::id.desc())
    } else {
        q.order(needs::id.asc())
    };
    q.limit(fetch_limit(limit)).load(conn)
}

/// A village's open needs (submitted, under review, accepted), oldest first.
pub fn open_in_area(conn: &mut DbConn, area_id: i64) -> QueryResult<Vec<Need>> {
    needs::table
        .filter(needs::area_id.eq(area_id))
        .filter(needs::status.eq_any([
            NeedStatus::Submitted,
            NeedStatus::UnderReview,
            NeedStatus::Accepted,
        ]))
        .select(Need::as_select())
        .order(needs::id.asc())
        .load(conn)
}

/// The names needs are shown with: every category, and the areas of these needs.
#[derive(Debug, Default, Clone)]
pub struct Names {
    pub categories: HashMap<i64, (String, Option<String>)>,
    pub areas: HashMap<i64, (String, String)>,
}

/// One query per relation for a page of needs.
pub fn names(conn: &mut DbConn, rows: &[Need]) -> QueryResult<Names> {
    let categories = super::categories(conn)?
        .into_iter()
        .map(|c| (c.id, (c.name, c.name_en)))
        .collect();
    let mut ids: Vec<i64> = rows.iter().map(|n| n.area_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let areas = areas::table
        .filter(areas::id.eq_any(ids))
        .select((areas::id, areas::name, areas::path))
        .load::<(i64, String, String)>(conn)?
        .into_iter()
        .map(|(id, name, path)| (id, (name, path)))
        .collect();
    Ok(Names { categories, areas })
}

pub fn category_named(conn: &mut DbConn, name: &str) -> QueryResult<Option<Category>> {
    need_categories::table
        .filter(need_categories::name.eq(name))
        .select(Category::as_select())
        .first(conn)
        .optional()
}

pub fn insert_category(
    conn: &mut DbConn,
    name: &str,
    name_en: Option<&str>,
    serves: &[String],
    sort_order: Option<i32>,
) -> QueryResult<Category> {
    let sort_order = match sort_order {
        Some(s) => s,
        None => {
            need_categories::table
                .select(need_categories::sort_order)
                .order(need_categories::sort_order.desc())
                .first::<i32>(conn)
                .optional()?
                .unwrap_or(0)
                + 1
        }
    };
    diesel::insert_into(need_categories::table)
        .values((
            need_categories::name.eq(name),
            need_categories::name_en.eq(name_en),
            need_categories::serves.eq(Json(serves.to_vec())),
            need_categories::sort_order.eq(sort_order),
            need_categories::created_at.eq(now()),
        ))
        .get_result(conn)
}
