//! 两网 two-way ordering: orders, the needs they answer and their timeline (this module), and
//! the menu they are placed from (`menu`). Moves are conditional UPDATEs on the status read, so
//! of two concurrent moves on one order exactly one lands, on either backend.

pub mod demo;
pub mod menu;
pub mod queues;
pub mod stats;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use youai_types::{OrderAction, OrderDirection, OrderStatus};

use crate::DbConn;
use crate::schema::{order_events, order_needs, orders};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = orders)]
pub struct Order {
    pub id: i64,
    pub direction: OrderDirection,
    pub status: OrderStatus,
    pub area_id: i64,
    pub venue_id: Option<i64>,
    pub title: String,
    pub description: Option<String>,
    pub category_id: Option<i64>,
    pub menu_item_id: Option<i64>,
    pub wanted_on: NaiveDate,
    pub volunteers_wanted: Option<i32>,
    pub address: Option<String>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub take_by: NaiveDateTime,
    pub team_id: Option<i64>,
    pub dispatched_team_id: Option<i64>,
    pub activity_id: Option<i64>,
    pub escalated_to: Option<i64>,
    pub escalated_at: Option<NaiveDateTime>,
    pub rating: Option<i32>,
    pub comment: Option<String>,
    pub cancel_reason: Option<String>,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub taken_at: Option<NaiveDateTime>,
    pub scheduled_at: Option<NaiveDateTime>,
    pub completed_at: Option<NaiveDateTime>,
    pub evaluated_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = orders)]
pub struct NewOrderRow {
    pub direction: OrderDirection,
    pub status: OrderStatus,
    pub area_id: i64,
    pub venue_id: Option<i64>,
    pub title: String,
    pub description: Option<String>,
    pub category_id: Option<i64>,
    pub menu_item_id: Option<i64>,
    pub wanted_on: NaiveDate,
    pub volunteers_wanted: Option<i32>,
    pub address: Option<String>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub take_by: NaiveDateTime,
    /// A menu order provided by a team names it here.
    pub team_id: Option<i64>,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, row: &NewOrderRow) -> QueryResult<Order> {
    diesel::insert_into(orders::table)
        .values(row)
        .get_result(conn)
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<Order>> {
    orders::table
        .find(id)
        .select(Order::as_select())
        .first(conn)
        .optional()
}

/// What a move writes besides the status; `None` leaves a column as it is.
#[derive(Debug, Clone, Default, PartialEq, AsChangeset)]
#[diesel(table_name = orders)]
pub struct OrderChanges {
    pub team_id: Option<Option<i64>>,
    pub dispatched_team_id: Option<Option<i64>>,
    pub activity_id: Option<Option<i64>>,
    pub escalated_to: Option<Option<i64>>,
    pub escalated_at: Option<Option<NaiveDateTime>>,
    pub rating: Option<Option<i32>>,
    pub comment: Option<Option<String>>,
    pub cancel_reason: Option<Option<String>>,
    pub taken_at: Option<Option<NaiveDateTime>>,
    pub scheduled_at: Option<Option<NaiveDateTime>>,
    pub completed_at: Option<Option<NaiveDateTime>>,
    pub evaluated_at: Option<Option<NaiveDateTime>>,
}

/// Moves an order from `from` to `to` with `changes`, only if it is still in `from` (and, when
/// `dispatched_to` is given, still dispatched to that team). False: someone else moved it
/// first — the caller answers 409 and rolls back.
pub fn advance(
    conn: &mut DbConn,
    id: i64,
    from: OrderStatus,
    dispatched_to: Option<Option<i64>>,
    to: OrderStatus,
    changes: &OrderChanges,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    let mut update = diesel::update(orders::table)
        .filter(orders::id.eq(id))
        .filter(orders::status.eq(from))
        .into_boxed();
    match dispatched_to {
        Some(Some(team)) => update = update.filter(orders::dispatched_team_id.eq(team)),
        Some(None) => update = update.filter(orders::dispatched_team_id.is_null()),
        None => {}
    }
    let n = update
        .set((orders::status.eq(to), orders::updated_at.eq(at), changes))
        .execute(conn)?;
    Ok(n == 1)
}

/// The needs an order answers.
pub fn need_ids(conn: &mut DbConn, order_id: i64) -> QueryResult<Vec<i64>> {
    order_needs::table
        .filter(order_needs::order_id.eq(order_id))
        .select(order_needs::need_id)
        .order(order_needs::need_id.asc())
        .load(conn)
}

/// The needs of many orders at once: `(order_id, need_id)`.
pub fn need_ids_of(conn: &mut DbConn, order_ids: &[i64]) -> QueryResult<Vec<(i64, i64)>> {
    if order_ids.is_empty() {
        return Ok(Vec::new());
    }
    order_needs::table
        .filter(order_needs::order_id.eq_any(order_ids.to_vec()))
        .select((order_needs::order_id, order_needs::need_id))
        .order((order_needs::order_id.asc(), order_needs::need_id.asc()))
        .load(conn)
}

/// Attaches needs to an order. A need already in another order violates
/// `order_needs_need_key`: check first and answer 409 rather than rely on it.
pub fn attach_needs(conn: &mut DbConn, order_id: i64, need_ids: &[i64]) -> QueryResult<()> {
    for need_id in need_ids {
        diesel::insert_into(order_needs::table)
            .values((
                order_needs::order_id.eq(order_id),
                order_needs::need_id.eq(*need_id),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Lets an order's needs go (it closed unserved), so they may join another order; returns
/// the needs let go.
pub fn detach_needs(conn: &mut DbConn, order_id: i64) -> QueryResult<Vec<i64>> {
    let ids = need_ids(conn, order_id)?;
    diesel::delete(order_needs::table.filter(order_needs::order_id.eq(order_id))).execute(conn)?;
    Ok(ids)
}

/// The order a need is already in, if any.
pub fn order_of_need(conn: &mut DbConn, need_id: i64) -> QueryResult<Option<i64>> {
    order_needs::table
        .filter(order_needs::need_id.eq(need_id))
        .select(order_needs::order_id)
        .first(conn)
        .optional()
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = order_events)]
pub struct Event {
    pub id: i64,
    pub order_id: i64,
    pub action: OrderAction,
    pub from_status: Option<OrderStatus>,
    pub to_status: OrderStatus,
    pub actor_id: Option<i64>,
    pub team_id: Option<i64>,
    pub note: Option<String>,
    pub at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = order_events)]
pub struct NewEvent {
    pub order_id: i64,
    pub action: OrderAction,
    pub from_status: Option<OrderStatus>,
    pub to_status: OrderStatus,
    /// None: the server (its timer, or an activity's hook with no person behind it).
    pub actor_id: Option<i64>,
    pub team_id: Option<i64>,
    pub note: Option<String>,
    pub at: NaiveDateTime,
}

pub fn insert_event(conn: &mut DbConn, e: &NewEvent) -> QueryResult<Event> {
    diesel::insert_into(order_events::table)
        .values(e)
        .get_result(conn)
}

/// An order's timeline, oldest first.
pub fn events(conn: &mut DbConn, order_id: i64) -> QueryResult<Vec<Event>> {
    order_events::table
        .filter(order_events::order_id.eq(order_id))
        .select(Event::as_select())
        .order(order_events::id.asc())
        .load(conn)
}

/// The orders scheduled with an activity (to follow it when it finishes or is cancelled).
pub fn for_activity(conn: &mut DbConn, activity_id: i64) -> QueryResult<Vec<Order>> {
    orders::table
        .filter(orders::activity_id.eq(activity_id))
        .select(Order::as_select())
        .order(orders::id.asc())
        .load(conn)
}
