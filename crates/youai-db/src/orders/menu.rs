//! The menu (供单): what agencies and teams offer, where, and how much of each month's capacity
//! accepted orders have taken.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use youai_types::MenuItemStatus;

use crate::DbConn;
use crate::schema::{menu_item_areas, menu_item_months, menu_items};

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
