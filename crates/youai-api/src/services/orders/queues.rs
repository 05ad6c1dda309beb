//! The lists people work orders from: the orders in their scope ("my station's orders" for
//! area staff), the request orders their teams may take (nearest first), and the open orders
//! escalated to them (admins).

use std::collections::HashMap;

use youai_db::orders::queues::{self as db, OrderFilter, OrderScope};
use youai_db::orders::{self as orders_db};
use youai_db::page::After;
use youai_db::{DbConn, areas, teams};
use youai_domain::access::{Action, roles_for};
use youai_domain::orders::{TeamPlace, area_distance, team_may_take};
use youai_types::{Order, Role, TeamStatus};

use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::services::orders::{acts_for_team, views};

/// Area roots of the caller's grants whose role may do `action`.
fn area_roots(user: &AuthUser, action: Action) -> Vec<String> {
    let roles = roles_for(action);
    user.grants
        .iter()
        .filter(|g| g.role != Role::PlatformAdmin && roles.contains(&g.role))
        .filter_map(|g| g.area_path.clone())
        .collect()
}

/// The teams the caller leads: each team-leader grant's team and the teams below it.
pub fn led_team_ids(conn: &mut DbConn, user: &AuthUser) -> ApiResult<Vec<i64>> {
    let paths: Vec<String> = user
        .grants
        .iter()
        .filter(|g| g.role == Role::TeamLeader)
        .filter_map(|g| g.team_path.clone())
        .collect();
    Ok(db::team_ids_under(conn, &paths)?)
}

/// Which orders the caller may list: station staff (area admins) those of their areas; team
/// leaders those their teams serve or were dispatched; agency operators those placed from
/// their agencies' menu items; platform admins all.
pub fn scope_of(conn: &mut DbConn, user: &AuthUser) -> ApiResult<OrderScope> {
    if user.is_platform_admin() {
        return Ok(OrderScope {
            all: true,
            ..OrderScope::default()
        });
    }
    let area_ids = db::area_ids_under(conn, &area_roots(user, Action::OpenOrders))?;
    let team_ids = led_team_ids(conn, user)?;
    let agency_ids: Vec<i64> = user
        .grants
        .iter()
        .filter(|g| g.role == Role::AgencyOperator)
        .filter_map(|g| g.agency_id)
        .collect();
    let menu_item_ids = db::menu_item_ids_of(conn, &agency_ids, &team_ids)?;
    Ok(OrderScope {
        all: false,
        area_ids,
        team_ids,
        menu_item_ids,
    })
}

/// A page of the orders in the caller's scope, newest first (`limit + 1` rows).
pub fn list(
    conn: &mut DbConn,
    user: &AuthUser,
    f: &OrderFilter,
    before_id: Option<i64>,
    limit: i64,
) -> ApiResult<Vec<Order>> {
    let scope = scope_of(conn, user)?;
    let rows = db::list(conn, &scope, f, before_id, limit)?;
    views(conn, Some(user), rows)
}

/// A takeable order's place in the queue: nearest first, then the earliest take-by time.
fn queue_key(distance: usize, take_by_micros: i64) -> String {
    format!("{distance}|{take_by_micros}")
}

fn parse_key(a: &After) -> ApiResult<(usize, i64, i64)> {
    let bad = || ApiError::field("cursor", "invalid_cursor", "cursor 无效");
    let name = a.name.as_deref().ok_or_else(bad)?;
    let (d, t) = name.split_once('|').ok_or_else(bad)?;
    Ok((
        d.parse().map_err(|_| bad())?,
        t.parse().map_err(|_| bad())?,
        a.id,
    ))
}

/// A page of the open request orders the caller's teams (or `team_id`, which the caller must
/// act for: 403 otherwise) may take, nearest the team first, then by take-by time
/// (`limit + 1` rows, each with its queue key for the cursor).
pub fn takeable(
    conn: &mut DbConn,
    user: &AuthUser,
    team_id: Option<i64>,
    after: Option<&After>,
    limit: i64,
) -> ApiResult<Vec<(String, Order)>> {
    let after = after.map(parse_key).transpose()?;
    let team_ids = match team_id {
        Some(t) => {
            if teams::find(conn, t)?.is_none() {
                return Err(ApiError::field("team_id", "not_found", "队伍不存在"));
            }
            if !acts_for_team(conn, user, t)? {
                return Err(ApiError::forbidden());
            }
            vec![t]
        }
        None => led_team_ids(conn, user)?,
    };
    if team_ids.is_empty() {
        return Ok(Vec::new());
    }
    // Each approved team's place, read once (eligibility as `team_eligible` decides it).
    let mut places = Vec::new();
    for t in teams::find_many(conn, &team_ids)? {
        if t.status == TeamStatus::Approved
            && let Some(a) = areas::find(conn, t.area_id)?
        {
            places.push((t.kind, a.level, a.path));
        }
    }
    let mut paths: HashMap<i64, String> = HashMap::new();
    let mut ranked = Vec::new();
    for o in db::open_requests(conn, None)? {
        let path = match paths.get(&o.area_id) {
            Some(p) => p.clone(),
            None => {
                let p = areas::find(conn, o.area_id)?
                    .map(|a| a.path)
                    .unwrap_or_default();
                paths.insert(o.area_id, p.clone());
                p
            }
        };
        let mut nearest: Option<usize> = None;
        for (kind, level, team_path) in &places {
            let place = TeamPlace {
                kind: *kind,
                area_level: *level,
                area_path: team_path,
            };
            if team_may_take(place, &path) {
                let d = area_distance(team_path, &path);
                nearest = Some(nearest.map_or(d, |n| n.min(d)));
            }
        }
        if let Some(d) = nearest {
            let key = (d, o.take_by.and_utc().timestamp_micros(), o.id);
            if after.is_none_or(|a| key > a) {
                ranked.push((key, o));
            }
        }
    }
    ranked.sort_by_key(|(k, _)| *k);
    let take = usize::try_from(youai_db::page::fetch_limit(limit)).unwrap_or(usize::MAX);
    ranked.truncate(take);
    let keys: Vec<String> = ranked
        .iter()
        .map(|((d, t, _), _)| queue_key(*d, *t))
        .collect();
    let rows: Vec<orders_db::Order> = ranked.into_iter().map(|(_, o)| o).collect();
    let shown = views(conn, Some(user), rows)?;
    Ok(keys.into_iter().zip(shown).collect())
}

/// A page of the open orders escalated to an area in the caller's scope (admins who may
/// dispatch), oldest escalation first (`limit + 1` rows, each with its cursor key).
pub fn escalated(
    conn: &mut DbConn,
    user: &AuthUser,
    after: Option<&After>,
    limit: i64,
) -> ApiResult<Vec<(String, Order)>> {
    let after = match after {
        Some(a) => {
            let micros: i64 = a
                .name
                .as_deref()
                .and_then(|n| n.parse().ok())
                .ok_or_else(|| ApiError::field("cursor", "invalid_cursor", "cursor 无效"))?;
            let at = chrono::DateTime::from_timestamp_micros(micros)
                .ok_or_else(|| ApiError::field("cursor", "invalid_cursor", "cursor 无效"))?;
            Some((at.naive_utc(), a.id))
        }
        None => None,
    };
    let rows = if user.is_platform_admin() {
        db::escalated(conn, None, after, limit)?
    } else {
        let ids = db::area_ids_under(conn, &area_roots(user, Action::DispatchOrders))?;
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        db::escalated(conn, Some(&ids), after, limit)?
    };
    let keys: Vec<String> = rows
        .iter()
        .map(|o| {
            o.escalated_at
                .map(|t| t.and_utc().timestamp_micros())
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    let shown = views(conn, Some(user), rows)?;
    Ok(keys.into_iter().zip(shown).collect())
}
