//! Writing the ordering plan in one transaction: the menu with its areas, the orders with
//! their needs and timelines, and the menu's monthly counters.

use chrono::NaiveDate;
use youai_db::orders::demo as db;
use youai_db::orders::menu::NewMenuItemRow;
use youai_db::{DbConn, areas, needs, teams};
use youai_types::{ActivityStatus, OrderDirection, OrderStatus};

use super::{Inputs, TeamIn, plan};

/// What [`load_orders`] added.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct OrdersReport {
    pub menu_items: usize,
    pub orders: usize,
    pub request_orders: usize,
    pub menu_orders: usize,
    /// Orders by state, in the states' order: (state, orders).
    pub by_status: Vec<(OrderStatus, usize)>,
    /// Open orders escalated to the area above, and dispatched to a team.
    pub escalated: usize,
    pub dispatched: usize,
    pub events: usize,
    pub needs: usize,
}

fn inputs(conn: &mut DbConn, as_of: NaiveDate) -> anyhow::Result<Inputs> {
    let leaders: std::collections::HashMap<i64, i64> = db::leaders(conn)?.into_iter().collect();
    let start = youai_domain::orders::city_midnight(as_of).naive_utc();
    Ok(Inputs {
        areas: areas::all(conn)?
            .into_iter()
            .map(|a| (a.id, a.parent_id, a.level, a.name, a.path))
            .collect(),
        categories: needs::categories(conn)?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect(),
        teams: teams::all_approved(conn)?
            .into_iter()
            .map(|t| TeamIn {
                id: t.id,
                kind: t.kind,
                area_id: t.area_id,
                leader: leaders.get(&t.id).copied(),
            })
            .collect(),
        projects: db::menu_projects(conn)?,
        finished: db::runs(conn, &[ActivityStatus::Finished])?,
        upcoming: db::runs(conn, &[ActivityStatus::Recruiting, ActivityStatus::Full])?
            .into_iter()
            .filter(|r| r.3 >= start)
            .collect(),
        movable: db::movable_runs(conn)?.into_iter().collect(),
        needs: db::needs_for_orders(conn)?,
        admins: db::admins(conn)?,
    })
}

/// Adds the menu and the orders as of `as_of` to a database with the demo's lists and
/// activities; does nothing (and reports zeros) when any menu item exists. One transaction.
pub fn load_orders(conn: &mut DbConn, as_of: NaiveDate) -> anyhow::Result<OrdersReport> {
    conn.write_transaction(|conn| {
        if db::count_menu_items(conn)? > 0 {
            return Ok(OrdersReport::default());
        }
        let input = inputs(conn, as_of)?;
        let plan = plan(&input, as_of);
        if let Some(first) = plan.refused.first() {
            anyhow::bail!("the demo's orders plan made a move the state machine refuses: {first}");
        }
        let mut report = OrdersReport::default();
        let item_ids = db::insert_menu_items(
            conn,
            &plan
                .menu
                .iter()
                .map(|m| NewMenuItemRow {
                    project_id: m.project_id,
                    provider_agency_id: m.agency_id,
                    provider_team_id: m.team_id,
                    capacity_per_month: m.capacity,
                    lead_days: m.lead_days,
                    conditions: m.conditions.clone(),
                    status: m.status,
                    created_by: None,
                    created_at: m.created_at,
                    updated_at: m.created_at,
                })
                .collect::<Vec<_>>(),
        )?;
        report.menu_items = item_ids.len();
        let item_id = |i: usize| item_ids.get(i).copied();
        let areas: Vec<(i64, i64)> = plan
            .menu
            .iter()
            .enumerate()
            .filter_map(|(i, m)| Some((item_id(i)?, m)))
            .flat_map(|(id, m)| m.area_ids.iter().map(move |a| (id, *a)))
            .collect();
        db::insert_menu_item_areas(conn, &areas)?;

        let rows: Vec<db::DemoOrder> = plan
            .orders
            .iter()
            .map(|o| {
                let mut row = o.row.clone();
                row.menu_item_id = o.menu_item.and_then(item_id);
                row
            })
            .collect();
        let order_ids = db::insert_orders(conn, &rows)?;
        // An agency's service runs as an activity of its project.
        for o in &plan.orders {
            if let (Some(m), Some(activity)) = (
                o.menu_item.and_then(|i| plan.menu.get(i)),
                o.row.activity_id,
            ) && m.agency_id.is_some()
            {
                db::move_activity(conn, activity, m.project_id)?;
            }
        }
        report.orders = order_ids.len();
        let mut events = Vec::new();
        let mut needs = Vec::new();
        for (o, id) in plan.orders.iter().zip(&order_ids) {
            for e in &o.events {
                let mut e = e.clone();
                e.order_id = *id;
                events.push(e);
            }
            needs.extend(o.needs.iter().map(|n| (*id, *n)));
        }
        events.sort_by_key(|e| (e.at, e.order_id));
        report.events = db::insert_order_events(conn, &events)?;
        report.needs = db::insert_order_needs(conn, &needs)?;
        db::insert_menu_item_months(
            conn,
            &plan
                .months
                .iter()
                .filter_map(|(i, month, n)| Some((item_id(*i)?, *month, *n)))
                .collect::<Vec<_>>(),
        )?;
        report.request_orders = plan
            .orders
            .iter()
            .filter(|o| o.row.direction == OrderDirection::Request)
            .count();
        report.menu_orders = report.orders - report.request_orders;
        report.by_status = OrderStatus::ALL
            .iter()
            .map(|s| {
                (
                    *s,
                    plan.orders.iter().filter(|o| o.row.status == *s).count(),
                )
            })
            .collect();
        report.escalated = plan.orders.iter().filter(|o| o.escalated).count();
        report.dispatched = plan.orders.iter().filter(|o| o.dispatched).count();
        Ok(report)
    })
}
