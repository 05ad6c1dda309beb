//! 两网 two-way ordering: what every order operation shares — who the caller is to an order
//! (its [`OrderActor`]s), the check that a move is legal and theirs to make, the timeline
//! entry and audit row each move writes, what an order gives back when it closes unserved, and
//! the order as the API shows it.

pub mod deadlines;
pub mod moves;
pub mod queues;

use std::collections::HashMap;

use chrono::NaiveDateTime;
use serde_json::json;
use youai_db::orders::{self as db, menu};
use youai_db::{DbConn, agencies, areas, needs, teams};
use youai_domain::access::{Action, Target};
use youai_domain::needs::{self as need_rules, NeedMove};
use youai_domain::orders::{self as rules, IllegalMove, OrderActor, TeamPlace};
use youai_types::{NeedEventKind, OrderAction, OrderDirection, OrderStatus, TeamStatus};

use crate::auth::{AuthUser, authorize};
use crate::convert::utc;
use crate::error::{ApiError, ApiResult};

impl From<IllegalMove> for ApiError {
    fn from(e: IllegalMove) -> Self {
        ApiError::invalid_transition(e.message(), e.from.as_str(), e.allowed_names())
    }
}

/// The order, or 404.
pub fn find(conn: &mut DbConn, id: i64) -> ApiResult<db::Order> {
    db::find(conn, id)?.ok_or_else(|| ApiError::not_found("订单"))
}

/// An area, or 404 naming it.
pub fn area(conn: &mut DbConn, id: i64) -> ApiResult<areas::Area> {
    areas::find(conn, id)?.ok_or_else(|| ApiError::not_found("区域"))
}

/// The path of the area above `a` (a city is its own).
pub fn parent_path(conn: &mut DbConn, a: &areas::Area) -> ApiResult<String> {
    match a.parent_id {
        Some(p) => Ok(area(conn, p)?.path),
        None => Ok(a.path.clone()),
    }
}

/// Where a team stands, for eligibility.
pub fn team_place(conn: &mut DbConn, t: &teams::Team) -> ApiResult<(areas::Area, bool)> {
    let a = area(conn, t.area_id)?;
    Ok((a, t.status == TeamStatus::Approved))
}

/// May this team take a request order from `order_area_path`? Approved, and eligible by kind
/// and level ([`rules::team_may_take`]).
pub fn team_eligible(conn: &mut DbConn, t: &teams::Team, order_area_path: &str) -> ApiResult<bool> {
    let (a, approved) = team_place(conn, t)?;
    Ok(approved
        && rules::team_may_take(
            TeamPlace {
                kind: t.kind,
                area_level: a.level,
                area_path: &a.path,
            },
            order_area_path,
        ))
}

/// Does the caller lead (or, as an admin, act for) `team_id`?
pub fn acts_for_team(conn: &mut DbConn, user: &AuthUser, team_id: i64) -> ApiResult<bool> {
    let Some(t) = teams::find(conn, team_id)? else {
        return Ok(false);
    };
    let a = area(conn, t.area_id)?;
    Ok(authorize(
        user,
        Action::TakeOrders,
        &Target::Team {
            area_path: &a.path,
            team_path: &t.path,
        },
    )
    .is_ok())
}

/// The teams the caller leads directly (the root of each team-leader grant).
fn led_teams(conn: &mut DbConn, user: &AuthUser) -> ApiResult<Vec<teams::Team>> {
    let mut out = Vec::new();
    for g in &user.grants {
        let Some(path) = g.team_path.as_deref() else {
            continue;
        };
        let id = path
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .and_then(|s| s.parse::<i64>().ok());
        if let Some(t) = id.map(|id| teams::find(conn, id)).transpose()?.flatten() {
            out.push(t);
        }
    }
    Ok(out)
}

/// Everything the caller is to this order.
pub fn actors(conn: &mut DbConn, user: &AuthUser, order: &db::Order) -> ApiResult<Vec<OrderActor>> {
    let mut out = Vec::new();
    let station = area(conn, order.area_id)?;
    if authorize(user, Action::OpenOrders, &Target::Area(&station.path)).is_ok() {
        out.push(OrderActor::Station);
    }
    let above = parent_path(conn, &station)?;
    if authorize(user, Action::DispatchOrders, &Target::Area(&above)).is_ok() {
        out.push(OrderActor::Admin);
    }
    if order.direction == OrderDirection::Request && order.status == OrderStatus::Open {
        for t in led_teams(conn, user)? {
            if team_eligible(conn, &t, &station.path)? {
                out.push(OrderActor::EligibleTeam);
                break;
            }
        }
    }
    if let Some(d) = order.dispatched_team_id
        && acts_for_team(conn, user, d)?
    {
        out.push(OrderActor::DispatchedTeam);
    }
    if is_provider(conn, user, order)? {
        out.push(OrderActor::Provider);
    }
    Ok(out)
}

/// The serving side: a request order's taking team; a menu order's provider (its agency's
/// operators, its team's leaders, or admins of the item's project area).
pub fn is_provider(conn: &mut DbConn, user: &AuthUser, order: &db::Order) -> ApiResult<bool> {
    match order.direction {
        OrderDirection::Request => match order.team_id {
            Some(t) => acts_for_team(conn, user, t),
            None => Ok(false),
        },
        OrderDirection::Menu => {
            let Some(item) = order
                .menu_item_id
                .map(|id| menu::find(conn, id))
                .transpose()?
                .flatten()
            else {
                return Ok(false);
            };
            if let Some(a) = item.provider_agency_id
                && authorize(user, Action::ManageMenu, &Target::Agency(a)).is_ok()
            {
                return Ok(true);
            }
            if let Some(t) = item.provider_team_id {
                return acts_for_team(conn, user, t);
            }
            Ok(user.is_platform_admin())
        }
    }
}

/// The state `action` leads to, if the order's state allows it (409 with the state and the
/// moves allowed, otherwise) and the caller is someone who may make it (403 otherwise).
pub fn require(
    conn: &mut DbConn,
    user: &AuthUser,
    order: &db::Order,
    action: OrderAction,
) -> ApiResult<(OrderStatus, OrderActor)> {
    rules::check_state(order.direction, order.status, action)?;
    for w in actors(conn, user, order)? {
        if let Some(to) = rules::next(order.direction, order.status, action, w) {
            return Ok((to, w));
        }
    }
    Err(ApiError::forbidden())
}

/// Someone else moved the order between our read and our write: 409 with where it is now.
pub fn lost_race(conn: &mut DbConn, id: i64, action: OrderAction) -> ApiResult<ApiError> {
    let now = find(conn, id)?;
    Ok(IllegalMove {
        from: now.status,
        attempted: action,
        allowed: rules::moves_from(now.direction, now.status),
    }
    .into())
}

/// One timeline entry, and — for a person's move — its audit row.
#[allow(clippy::too_many_arguments)]
pub fn record(
    conn: &mut DbConn,
    order: &db::Order,
    action: OrderAction,
    to: OrderStatus,
    by: Option<&AuthUser>,
    team_id: Option<i64>,
    note: Option<String>,
    at: NaiveDateTime,
) -> ApiResult<()> {
    let from = (action != OrderAction::Open).then_some(order.status);
    db::insert_event(
        conn,
        &db::NewEvent {
            order_id: order.id,
            action,
            from_status: from,
            to_status: to,
            actor_id: by.map(|u| u.id),
            team_id,
            note: note.clone(),
            at,
        },
    )?;
    crate::outbox::hooks::order_moved(conn, order.id, action, to, by.map(|u| u.id))?;
    if let Some(user) = by {
        crate::audit::record(
            conn,
            user,
            &format!("order.{}", action.as_str()),
            "order",
            order.id,
            from.map(|s| json!({"status": s.as_str()})),
            Some(json!({"status": to.as_str(), "team_id": team_id, "note": note})),
        )?;
    }
    Ok(())
}

/// What an order gives back when it closes unserved (cancelled, declined, expired): a menu
/// order's place in its month, once accepted; a request order's needs, free to join another
/// order, and — matched or in service with it — back to accepted. `order` is the order as it
/// was before it closed. The timer's moves record no one.
pub fn release(conn: &mut DbConn, order: &db::Order) -> ApiResult<()> {
    release_by(conn, order, None)
}

/// [`release`], naming who closed the order in the needs' events.
pub fn release_by(conn: &mut DbConn, order: &db::Order, by: Option<i64>) -> ApiResult<()> {
    if order.direction == OrderDirection::Menu
        && matches!(order.status, OrderStatus::Taken | OrderStatus::Scheduled)
        && let Some(item) = order.menu_item_id
    {
        menu::release(conn, item, rules::month_of(order.wanted_on))?;
    }
    for need_id in db::detach_needs(conn, order.id)? {
        let Some(need) = needs::find(conn, need_id)? else {
            continue;
        };
        // Accepted needs (the order was never taken) only leave the order.
        let Some(to) = need_rules::next(need.status, NeedMove::Release) else {
            continue;
        };
        needs::set_status(conn, need_id, to)?;
        // The needs vocabulary has no event of its own for this: it is the undoing of the
        // order's link, so it is recorded as a link event that says so.
        needs::insert_event(
            conn,
            &needs::NewEvent {
                need_id,
                kind: NeedEventKind::Link,
                from_status: Some(need.status),
                to_status: Some(to),
                actor_id: by,
                note: Some("订单未能服务，需求退回待对接".to_owned()),
                details: Some(youai_db::json::Json(
                    json!({"order_id": order.id, "order_title": order.title, "released": true}),
                )),
            },
        )?;
    }
    Ok(())
}

/// Names looked up once per page.
#[derive(Default)]
struct Names {
    areas: HashMap<i64, String>,
    teams: HashMap<i64, String>,
    providers: HashMap<i64, Option<String>>,
}

impl Names {
    fn area(&mut self, conn: &mut DbConn, id: i64) -> ApiResult<String> {
        if let Some(n) = self.areas.get(&id) {
            return Ok(n.clone());
        }
        let n = areas::find(conn, id)?.map(|a| a.name).unwrap_or_default();
        self.areas.insert(id, n.clone());
        Ok(n)
    }

    fn team(&mut self, conn: &mut DbConn, id: i64) -> ApiResult<String> {
        if let Some(n) = self.teams.get(&id) {
            return Ok(n.clone());
        }
        let n = teams::find(conn, id)?.map(|t| t.name).unwrap_or_default();
        self.teams.insert(id, n.clone());
        Ok(n)
    }

    fn provider(&mut self, conn: &mut DbConn, item_id: i64) -> ApiResult<Option<String>> {
        if let Some(n) = self.providers.get(&item_id) {
            return Ok(n.clone());
        }
        let n = match menu::find(conn, item_id)? {
            Some(item) => match (item.provider_agency_id, item.provider_team_id) {
                (Some(a), _) => agencies::find(conn, a)?.map(|a| a.name),
                (None, Some(t)) => Some(self.team(conn, t)?),
                (None, None) => None,
            },
            None => None,
        };
        self.providers.insert(item_id, n.clone());
        Ok(n)
    }
}

/// Orders as the API shows them to `user` (None: no one signed in): names resolved, the needs
/// each answers, the moves the caller may make, and the station's contact only for those it
/// concerns (the station's staff, admins above, the serving side).
pub fn views(
    conn: &mut DbConn,
    user: Option<&AuthUser>,
    orders: Vec<db::Order>,
) -> ApiResult<Vec<youai_types::Order>> {
    let ids: Vec<i64> = orders.iter().map(|o| o.id).collect();
    let mut needs: HashMap<i64, Vec<i64>> = HashMap::new();
    for (order_id, need_id) in db::need_ids_of(conn, &ids)? {
        needs.entry(order_id).or_default().push(need_id);
    }
    let mut names = Names::default();
    let mut out = Vec::with_capacity(orders.len());
    for o in orders {
        let who = match user {
            Some(u) => actors(conn, u, &o)?,
            None => Vec::new(),
        };
        let sees_contact = who.iter().any(|w| {
            matches!(
                w,
                OrderActor::Station
                    | OrderActor::Admin
                    | OrderActor::Provider
                    | OrderActor::DispatchedTeam
            )
        });
        let allowed_actions = rules::allowed(o.direction, o.status, &who);
        let area_name = names.area(conn, o.area_id)?;
        let team_name = o.team_id.map(|t| names.team(conn, t)).transpose()?;
        let provider_name = match o.menu_item_id {
            Some(item) => names.provider(conn, item)?,
            None => None,
        };
        out.push(youai_types::Order {
            id: o.id,
            direction: o.direction,
            status: o.status,
            area_id: o.area_id,
            area_name,
            venue_id: o.venue_id,
            title: o.title,
            description: o.description,
            category_id: o.category_id,
            menu_item_id: o.menu_item_id,
            wanted_on: o.wanted_on,
            volunteers_wanted: o.volunteers_wanted,
            address: o.address,
            contact_name: o.contact_name.filter(|_| sees_contact),
            contact_phone: o.contact_phone.filter(|_| sees_contact),
            take_by: utc(o.take_by),
            team_id: o.team_id,
            team_name,
            provider_name,
            dispatched_team_id: o.dispatched_team_id,
            activity_id: o.activity_id,
            escalated_to: o.escalated_to,
            escalated_at: o.escalated_at.map(utc),
            rating: o.rating,
            comment: o.comment,
            cancel_reason: o.cancel_reason,
            need_ids: needs.remove(&o.id).unwrap_or_default(),
            allowed_actions,
            created_at: utc(o.created_at),
            updated_at: utc(o.updated_at),
            taken_at: o.taken_at.map(utc),
            scheduled_at: o.scheduled_at.map(utc),
            completed_at: o.completed_at.map(utc),
            evaluated_at: o.evaluated_at.map(utc),
        });
    }
    Ok(out)
}

/// One order as the API shows it to `user`.
pub fn view(
    conn: &mut DbConn,
    user: Option<&AuthUser>,
    order: db::Order,
) -> ApiResult<youai_types::Order> {
    views(conn, user, vec![order])?
        .pop()
        .ok_or_else(|| ApiError::internal("an order went missing while it was shown"))
}
