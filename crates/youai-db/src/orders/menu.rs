//! The menu (供单): what agencies and teams offer, where, and how much of each month's capacity
//! accepted orders have taken.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use youai_types::MenuItemStatus;

use crate::activities::Project;
use crate::page::{After, Sort, fetch_limit};
use crate::schema::{menu_item_areas, menu_item_months, menu_items, projects};
use crate::{DbConn, contains_pattern};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = menu_items)]
pub struct MenuItem {
    pub id: i64,
    pub project_id: i64,
    pub provider_agency_id: Option<i64>,
    pub provider_team_id: Option<i64>,
    pub capacity_per_month: i32,
    pub lead_days: i32,
    pub conditions: Option<String>,
    pub status: MenuItemStatus,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = menu_items)]
pub struct NewMenuItemRow {
    pub project_id: i64,
    pub provider_agency_id: Option<i64>,
    pub provider_team_id: Option<i64>,
    pub capacity_per_month: i32,
    pub lead_days: i32,
    pub conditions: Option<String>,
    pub status: MenuItemStatus,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, row: &NewMenuItemRow, area_ids: &[i64]) -> QueryResult<MenuItem> {
    let item: MenuItem = diesel::insert_into(menu_items::table)
        .values(row)
        .get_result(conn)?;
    set_areas(conn, item.id, area_ids)?;
    Ok(item)
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<MenuItem>> {
    menu_items::table
        .find(id)
        .select(MenuItem::as_select())
        .first(conn)
        .optional()
}

/// Replaces the areas a menu item serves.
pub fn set_areas(conn: &mut DbConn, item_id: i64, area_ids: &[i64]) -> QueryResult<()> {
    diesel::delete(menu_item_areas::table.filter(menu_item_areas::menu_item_id.eq(item_id)))
        .execute(conn)?;
    for area_id in area_ids {
        diesel::insert_into(menu_item_areas::table)
            .values((
                menu_item_areas::menu_item_id.eq(item_id),
                menu_item_areas::area_id.eq(*area_id),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The areas each of `item_ids` serves: `(menu_item_id, area_id)`.
pub fn areas_of(conn: &mut DbConn, item_ids: &[i64]) -> QueryResult<Vec<(i64, i64)>> {
    if item_ids.is_empty() {
        return Ok(Vec::new());
    }
    menu_item_areas::table
        .filter(menu_item_areas::menu_item_id.eq_any(item_ids.to_vec()))
        .select((menu_item_areas::menu_item_id, menu_item_areas::area_id))
        .order((
            menu_item_areas::menu_item_id.asc(),
            menu_item_areas::area_id.asc(),
        ))
        .load(conn)
}

/// Takes one of an item's places in `month`, within `capacity`: makes the month's counter if
/// it is missing, then raises it in one conditional UPDATE, so concurrent accepts never exceed
/// the capacity on either backend. False: the month is full.
pub fn take(conn: &mut DbConn, item_id: i64, month: NaiveDate, capacity: i32) -> QueryResult<bool> {
    let row = (
        menu_item_months::menu_item_id.eq(item_id),
        menu_item_months::month.eq(month),
        menu_item_months::taken.eq(0),
    );
    crate::on_backend!(conn, |c| diesel::insert_into(menu_item_months::table)
        .values(row)
        .on_conflict_do_nothing()
        .execute(c))?;
    let n = diesel::update(
        menu_item_months::table
            .filter(menu_item_months::menu_item_id.eq(item_id))
            .filter(menu_item_months::month.eq(month))
            .filter((menu_item_months::taken + 1).le(capacity)),
    )
    .set(menu_item_months::taken.eq(menu_item_months::taken + 1))
    .execute(conn)?;
    Ok(n == 1)
}

/// Gives a place back (an accepted order was cancelled or expired).
pub fn release(conn: &mut DbConn, item_id: i64, month: NaiveDate) -> QueryResult<()> {
    diesel::update(
        menu_item_months::table
            .filter(menu_item_months::menu_item_id.eq(item_id))
            .filter(menu_item_months::month.eq(month))
            .filter(menu_item_months::taken.gt(0)),
    )
    .set(menu_item_months::taken.eq(menu_item_months::taken - 1))
    .execute(conn)?;
    Ok(())
}

/// What each of `item_ids` has taken in `month`: `(menu_item_id, taken)`.
pub fn taken_in(
    conn: &mut DbConn,
    item_ids: &[i64],
    month: NaiveDate,
) -> QueryResult<Vec<(i64, i32)>> {
    if item_ids.is_empty() {
        return Ok(Vec::new());
    }
    menu_item_months::table
        .filter(menu_item_months::menu_item_id.eq_any(item_ids.to_vec()))
        .filter(menu_item_months::month.eq(month))
        .select((menu_item_months::menu_item_id, menu_item_months::taken))
        .load(conn)
}

/// Holds the project's row until the transaction ends, so two requests putting it on the menu
/// at once check and insert one after the other: PostgreSQL locks the row; SQLite's write
/// transactions (`BEGIN IMMEDIATE`) are serialised already.
pub fn lock_project(conn: &mut DbConn, project_id: i64) -> QueryResult<()> {
    if let DbConn::Postgres(c) = conn {
        projects::table
            .find(project_id)
            .select(projects::id)
            .for_update()
            .first::<i64>(c)
            .optional()?;
    }
    Ok(())
}

/// The item a project is on the menu as, if any (a project is on the menu once).
pub fn find_by_project(conn: &mut DbConn, project_id: i64) -> QueryResult<Option<MenuItem>> {
    menu_items::table
        .filter(menu_items::project_id.eq(project_id))
        .select(MenuItem::as_select())
        .first(conn)
        .optional()
}

/// The editable fields, written whole (the service merges a patch into the stored row).
#[derive(Debug, Clone, PartialEq, AsChangeset)]
#[diesel(table_name = menu_items, treat_none_as_null = true)]
pub struct MenuItemChanges {
    pub capacity_per_month: i32,
    pub lead_days: i32,
    pub conditions: Option<String>,
    pub status: MenuItemStatus,
    pub updated_at: NaiveDateTime,
}

pub fn update(conn: &mut DbConn, id: i64, c: &MenuItemChanges) -> QueryResult<MenuItem> {
    diesel::update(menu_items::table.find(id))
        .set(c)
        .get_result(conn)
}

/// The projects behind a page of items (one query).
pub fn projects_of(conn: &mut DbConn, project_ids: &[i64]) -> QueryResult<Vec<Project>> {
    if project_ids.is_empty() {
        return Ok(Vec::new());
    }
    projects::table
        .filter(projects::id.eq_any(project_ids.to_vec()))
        .select(Project::as_select())
        .load(conn)
}

/// What a menu list may be narrowed by.
#[derive(Debug, Clone, Default)]
pub struct MenuFilter {
    pub status: Option<MenuItemStatus>,
    /// The project's category.
    pub category: Option<String>,
    /// A target group the project names (stored as a JSON array of strings).
    pub target_group: Option<String>,
    pub provider_agency_id: Option<i64>,
    pub provider_team_id: Option<i64>,
    /// Items serving one of these areas (an area and its ancestors: each served area covers
    /// everything below it).
    pub serving_any_of: Option<Vec<i64>>,
    /// Items with a place left in this month (its first day).
    pub capacity_in: Option<NaiveDate>,
    /// Text in the project's title.
    pub q: Option<String>,
}

/// A page of menu items with their project titles, in `sort` order after `after`
/// (`limit + 1` rows fetched).
pub fn list(
    conn: &mut DbConn,
    f: &MenuFilter,
    sort: Sort,
    after: Option<&After>,
    limit: i64,
) -> QueryResult<Vec<(MenuItem, String)>> {
    let full: Vec<i64> = match f.capacity_in {
        Some(month) => menu_item_months::table
            .inner_join(menu_items::table)
            .filter(menu_item_months::month.eq(month))
            .filter(menu_item_months::taken.ge(menu_items::capacity_per_month))
            .select(menu_item_months::menu_item_id)
            .load(conn)?,
        None => Vec::new(),
    };
    let mut q = menu_items::table
        .inner_join(projects::table)
        .select((MenuItem::as_select(), projects::title))
        .into_boxed();
    if let Some(s) = f.status {
        q = q.filter(menu_items::status.eq(s));
    }
    if let Some(c) = &f.category {
        q = q.filter(projects::category.eq(c.clone()));
    }
    if let Some(g) = &f.target_group {
        let quoted = serde_json::to_string(g).unwrap_or_default();
        q = q.filter(
            projects::target_groups
                .like(contains_pattern(&quoted))
                .escape('\\'),
        );
    }
    if let Some(a) = f.provider_agency_id {
        q = q.filter(menu_items::provider_agency_id.eq(a));
    }
    if let Some(t) = f.provider_team_id {
        q = q.filter(menu_items::provider_team_id.eq(t));
    }
    if let Some(areas) = &f.serving_any_of {
        let serving = menu_item_areas::table
            .select(menu_item_areas::menu_item_id)
            .filter(menu_item_areas::area_id.eq_any(areas.clone()));
        q = q.filter(menu_items::id.eq_any(serving));
    }
    if f.capacity_in.is_some() && !full.is_empty() {
        q = q.filter(menu_items::id.ne_all(full));
    }
    if let Some(text) = &f.q {
        q = q.filter(projects::title.like(contains_pattern(text)).escape('\\'));
    }
    let q = crate::keyset_by!(q, menu_items, projects::title, sort, after);
    q.limit(fetch_limit(limit)).load(conn)
}
