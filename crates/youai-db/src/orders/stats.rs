//! The orders' figures for `/stats`, the monthly figures and the report: orders counted by
//! direction, state and area, the times they waited to be taken, the ratings they were given,
//! and the menu behind them. Grouped queries both backends run alike; medians and rates are
//! computed by the caller.

use chrono::NaiveDateTime;
use diesel::dsl::count_star;
use diesel::prelude::*;
use youai_types::{MenuItemStatus, OrderDirection, OrderStatus};

use crate::DbConn;
use crate::schema::{menu_items, orders};

/// Orders by direction and state: (direction, state, orders).
pub fn by_status(conn: &mut DbConn) -> QueryResult<Vec<(OrderDirection, OrderStatus, i64)>> {
    orders::table
        .group_by((orders::direction, orders::status))
        .select((orders::direction, orders::status, count_star()))
        .order((orders::direction.asc(), orders::status.asc()))
        .load(conn)
}

/// Orders by the ordering station's area: (area id, orders).
pub fn by_area(conn: &mut DbConn) -> QueryResult<Vec<(i64, i64)>> {
    orders::table
        .group_by(orders::area_id)
        .select((orders::area_id, count_star()))
        .order(orders::area_id.asc())
        .load(conn)
}

/// (opened, taken) of every order that was taken, whatever became of it later.
pub fn take_times(conn: &mut DbConn) -> QueryResult<Vec<(NaiveDateTime, NaiveDateTime)>> {
    orders::table
        .filter(orders::taken_at.is_not_null())
        .select((orders::created_at, orders::taken_at.assume_not_null()))
        .order(orders::id.asc())
        .load(conn)
}

/// The ratings of the evaluated orders.
pub fn ratings(conn: &mut DbConn) -> QueryResult<Vec<i32>> {
    orders::table
        .filter(orders::status.eq(OrderStatus::Evaluated))
        .filter(orders::rating.is_not_null())
        .select(orders::rating.assume_not_null())
        .load(conn)
}

/// Menu items ever put on the menu, and those active.
pub fn menu_items(conn: &mut DbConn) -> QueryResult<(i64, i64)> {
    let all: i64 = menu_items::table.select(count_star()).first(conn)?;
    let active: i64 = menu_items::table
        .filter(menu_items::status.eq(MenuItemStatus::Active))
        .select(count_star())
        .first(conn)?;
    Ok((all, active))
}
