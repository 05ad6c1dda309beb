//! The lists of orders people work from — their own scope's orders, the orders their teams
//! may take, the orders escalated to them — and what the timer looks for: orders past their
//! take-by time, and orders whose day passed unserved.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use youai_types::{OrderDirection, OrderStatus};

use super::Order;
use crate::page::fetch_limit;
use crate::schema::{areas, menu_items, orders, teams};
use crate::{DbConn, subtree_pattern};

/// Which orders a caller may list: all of them, or those of these areas, served by or
/// dispatched to these teams, or placed from these menu items.
#[derive(Debug, Clone, Default)]
pub struct OrderScope {
    pub all: bool,
    pub area_ids: Vec<i64>,
    pub team_ids: Vec<i64>,
    pub menu_item_ids: Vec<i64>,
}

/// What an orders list may be narrowed by.
#[derive(Debug, Clone, Default)]
pub struct OrderFilter {
    pub direction: Option<OrderDirection>,
    pub status: Option<OrderStatus>,
    /// Orders of stations in this area's subtree.
    pub within_path: Option<String>,
    /// Orders this team serves or was dispatched.
    pub team_id: Option<i64>,
    /// Escalated (true) or not (false).
    pub escalated: Option<bool>,
    pub menu_item_id: Option<i64>,
}

/// A page of orders in scope, newest first, after `before_id` (`limit + 1` rows fetched).
pub fn list(
    conn: &mut DbConn,
    scope: &OrderScope,
    f: &OrderFilter,
    before_id: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<Order>> {
    let mut q = orders::table.select(Order::as_select()).into_boxed();
    if !scope.all {
        q = q.filter(
            orders::area_id
                .eq_any(scope.area_ids.clone())
                .nullable()
                .or(orders::team_id.eq_any(scope.team_ids.clone()))
                .or(orders::dispatched_team_id.eq_any(scope.team_ids.clone()))
                .or(orders::menu_item_id.eq_any(scope.menu_item_ids.clone())),
        );
    }
    if let Some(d) = f.direction {
        q = q.filter(orders::direction.eq(d));
    }
    if let Some(s) = f.status {
        q = q.filter(orders::status.eq(s));
    }
    if let Some(path) = &f.within_path {
        let inside = areas::table
            .select(areas::id)
            .filter(areas::path.like(subtree_pattern(path)).escape('\\'));
        q = q.filter(orders::area_id.eq_any(inside));
    }
    if let Some(t) = f.team_id {
        q = q.filter(orders::team_id.eq(t).or(orders::dispatched_team_id.eq(t)));
    }
    match f.escalated {
        Some(true) => q = q.filter(orders::escalated_to.is_not_null()),
        Some(false) => q = q.filter(orders::escalated_to.is_null()),
        None => {}
    }
    if let Some(m) = f.menu_item_id {
        q = q.filter(orders::menu_item_id.eq(m));
    }
    if let Some(b) = before_id {
        q = q.filter(orders::id.lt(b));
    }
    q.order(orders::id.desc())
        .limit(fetch_limit(limit))
        .load(conn)
}

/// The ids of the areas in the subtrees of `paths`.
pub fn area_ids_under(conn: &mut DbConn, paths: &[String]) -> QueryResult<Vec<i64>> {
    let mut out = Vec::new();
    for p in paths {
        out.extend(
            areas::table
                .filter(areas::path.like(subtree_pattern(p)).escape('\\'))
                .select(areas::id)
                .load::<i64>(conn)?,
        );
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// The ids of the teams in the subtrees of `team_paths` (a leader's teams and their squads).
pub fn team_ids_under(conn: &mut DbConn, team_paths: &[String]) -> QueryResult<Vec<i64>> {
    let mut out = Vec::new();
    for p in team_paths {
        out.extend(
            teams::table
                .filter(teams::path.like(subtree_pattern(p)).escape('\\'))
                .select(teams::id)
                .load::<i64>(conn)?,
        );
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// The menu items these agencies or teams provide.
pub fn menu_item_ids_of(
    conn: &mut DbConn,
    agency_ids: &[i64],
    team_ids: &[i64],
) -> QueryResult<Vec<i64>> {
    if agency_ids.is_empty() && team_ids.is_empty() {
        return Ok(Vec::new());
    }
    menu_items::table
        .filter(
            menu_items::provider_agency_id
                .eq_any(agency_ids.to_vec())
                .or(menu_items::provider_team_id.eq_any(team_ids.to_vec())),
        )
        .select(menu_items::id)
        .order(menu_items::id.asc())
        .load(conn)
}

/// Every open request order (the teams' queue ranks them; a city has hundreds, not millions),
/// only those of stations in `area_ids` when given.
pub fn open_requests(conn: &mut DbConn, area_ids: Option<&[i64]>) -> QueryResult<Vec<Order>> {
    let mut q = orders::table
        .filter(orders::direction.eq(OrderDirection::Request))
        .filter(orders::status.eq(OrderStatus::Open))
        .select(Order::as_select())
        .into_boxed();
    if let Some(ids) = area_ids {
        q = q.filter(orders::area_id.eq_any(ids.to_vec()));
    }
    q.order(orders::id.asc()).load(conn)
}

/// A page of open orders escalated to one of `to_area_ids` (all escalated ones when `None`),
/// oldest escalation first, after `after` (`limit + 1` rows fetched).
pub fn escalated(
    conn: &mut DbConn,
    to_area_ids: Option<&[i64]>,
    after: Option<(NaiveDateTime, i64)>,
    limit: i64,
) -> QueryResult<Vec<Order>> {
    let mut q = orders::table
        .filter(orders::status.eq(OrderStatus::Open))
        .filter(orders::escalated_to.is_not_null())
        .select(Order::as_select())
        .into_boxed();
    if let Some(ids) = to_area_ids {
        q = q.filter(orders::escalated_to.eq_any(ids.to_vec()));
    }
    if let Some((at, id)) = after {
        q = q.filter(
            orders::escalated_at
                .gt(at)
                .or(orders::escalated_at.eq(at).and(orders::id.gt(id))),
        );
    }
    q.order((orders::escalated_at.asc(), orders::id.asc()))
        .limit(fetch_limit(limit))
        .load(conn)
}

/// Open orders not yet escalated whose take-by time is `now` or before.
pub fn due_for_escalation(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<Vec<Order>> {
    orders::table
        .filter(orders::status.eq(OrderStatus::Open))
        .filter(orders::escalated_to.is_null())
        .filter(orders::take_by.le(now))
        .select(Order::as_select())
        .order(orders::id.asc())
        .load(conn)
}

/// Escalates an order to `to`, only if it is still open and not yet escalated: of two
/// servers' timers, exactly one lands. False: it moved, or was escalated, first.
pub fn escalate(conn: &mut DbConn, id: i64, to: i64, at: NaiveDateTime) -> QueryResult<bool> {
    let n = diesel::update(orders::table)
        .filter(orders::id.eq(id))
        .filter(orders::status.eq(OrderStatus::Open))
        .filter(orders::escalated_to.is_null())
        .set((
            orders::escalated_to.eq(to),
            orders::escalated_at.eq(at),
            orders::updated_at.eq(at),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

/// Orders that may have expired by `today` (city time): open or taken ones wanted before it,
/// and every scheduled one (whether it expired depends on its activity).
pub fn expiry_candidates(conn: &mut DbConn, today: NaiveDate) -> QueryResult<Vec<Order>> {
    orders::table
        .filter(
            orders::status
                .eq_any([OrderStatus::Open, OrderStatus::Taken])
                .and(orders::wanted_on.lt(today))
                .or(orders::status.eq(OrderStatus::Scheduled)),
        )
        .select(Order::as_select())
        .order(orders::id.asc())
        .load(conn)
}
