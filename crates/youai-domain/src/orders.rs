//! 两网 two-way ordering: an order's state machine — one for both directions — with who may make
//! each move, which teams may take a request order, and its deadlines.
//!
//! open → taken → scheduled → completed → evaluated; cancelled or expired before completion.
//! A request order (基层开单) is taken by an eligible team's leader (接单), or dispatched by an
//! admin (派单) to a team that accepts or declines (declined, it is open again). A menu order
//! (基层点单) is accepted by its item's provider, or declined (then it is cancelled). The
//! serving side schedules it; it completes when its activity finishes; the ordering station
//! evaluates it once. The timer escalates an open order untaken past its take-by time (it stays
//! open, and the admins of the area above see it) and expires one whose day passed unserved.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use youai_types::{AreaLevel, OrderAction, OrderDirection, OrderStatus, TeamKind};

/// Who is making a move, as the order sees them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrderActor {
    /// Admins of the ordering station's area (or above).
    Station,
    /// The leader of a team eligible to take the order.
    EligibleTeam,
    /// The leader of the team the order was dispatched to.
    DispatchedTeam,
    /// The serving side: a request order's taker, a menu order's provider.
    Provider,
    /// Admins who may dispatch it (of the area above the station, or the platform).
    Admin,
    /// The server: activity hooks and the timer.
    System,
}

impl OrderActor {
    pub const ALL: [OrderActor; 6] = [
        OrderActor::Station,
        OrderActor::EligibleTeam,
        OrderActor::DispatchedTeam,
        OrderActor::Provider,
        OrderActor::Admin,
        OrderActor::System,
    ];
}

/// The state a move leads to, if `actor` may make it on an order of `direction` in `from`.
pub fn next(
    direction: OrderDirection,
    from: OrderStatus,
    action: OrderAction,
    actor: OrderActor,
) -> Option<OrderStatus> {
    use OrderAction as A;
    use OrderActor as W;
    use OrderDirection as D;
    use OrderStatus as S;
    match (direction, from, action, actor) {
        (D::Request, S::Open, A::Take, W::EligibleTeam) => Some(S::Taken),
        (D::Request, S::Open, A::Dispatch, W::Admin) => Some(S::Open),
        (D::Request, S::Open, A::Accept, W::DispatchedTeam) => Some(S::Taken),
        (D::Request, S::Open, A::Decline, W::DispatchedTeam) => Some(S::Open),
        (D::Menu, S::Open, A::Accept, W::Provider) => Some(S::Taken),
        (D::Menu, S::Open, A::Decline, W::Provider) => Some(S::Cancelled),
        (_, S::Taken, A::Schedule, W::Provider) => Some(S::Scheduled),
        (_, S::Scheduled, A::Complete, W::System) => Some(S::Completed),
        (_, S::Completed, A::Evaluate, W::Station) => Some(S::Evaluated),
        (_, S::Open | S::Taken | S::Scheduled, A::Cancel, W::Station | W::Admin) => {
            Some(S::Cancelled)
        }
        (_, S::Open, A::Escalate, W::System) => Some(S::Open),
        (_, S::Open | S::Taken | S::Scheduled, A::Expire, W::System) => Some(S::Expired),
        _ => None,
    }
}

/// What `actors` (everything the caller is to this order) may do to it now, in
/// [`OrderAction::ALL`] order.
pub fn allowed(
    direction: OrderDirection,
    from: OrderStatus,
    actors: &[OrderActor],
) -> Vec<OrderAction> {
    OrderAction::ALL
        .iter()
        .copied()
        .filter(|a| {
            actors
                .iter()
                .any(|w| next(direction, from, *a, *w).is_some())
        })
        .collect()
}

/// Every move some person could make in a state (not the system's), for the 409 body.
pub fn moves_from(direction: OrderDirection, from: OrderStatus) -> Vec<OrderAction> {
    let people: Vec<OrderActor> = OrderActor::ALL
        .into_iter()
        .filter(|w| *w != OrderActor::System)
        .collect();
    allowed(direction, from, &people)
}

/// A status's words for people.
pub fn status_label(s: OrderStatus) -> &'static str {
    match s {
        OrderStatus::Open => "待接单",
        OrderStatus::Taken => "已接单",
        OrderStatus::Scheduled => "已排期",
        OrderStatus::Completed => "已完成",
        OrderStatus::Evaluated => "已评单",
        OrderStatus::Cancelled => "已取消",
        OrderStatus::Expired => "已过期",
    }
}

/// A move's words for people ("不能{label}").
pub fn action_label(a: OrderAction) -> &'static str {
    match a {
        OrderAction::Open => "开单",
        OrderAction::Take => "接单",
        OrderAction::Dispatch => "派单",
        OrderAction::Accept => "接受",
        OrderAction::Decline => "拒绝",
        OrderAction::Schedule => "排期",
        OrderAction::Complete => "完成",
        OrderAction::Evaluate => "评单",
        OrderAction::Cancel => "取消",
        OrderAction::Escalate => "上报",
        OrderAction::Expire => "过期",
    }
}

/// A move the order's state does not allow: its state and the moves it does allow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IllegalMove {
    pub from: OrderStatus,
    pub attempted: OrderAction,
    pub allowed: Vec<OrderAction>,
}

impl IllegalMove {
    pub fn message(&self) -> String {
        format!(
            "订单当前状态为“{}”，不能{}",
            status_label(self.from),
            action_label(self.attempted)
        )
    }

    pub fn allowed_names(&self) -> Vec<String> {
        self.allowed.iter().map(|a| a.as_str().to_owned()).collect()
    }
}

/// Is the move possible in this state for anyone at all? Callers check this first (409 with
/// the moves allowed), then whether this caller is someone who may make it (403).
pub fn check_state(
    direction: OrderDirection,
    from: OrderStatus,
    action: OrderAction,
) -> Result<(), IllegalMove> {
    if OrderActor::ALL
        .iter()
        .any(|w| next(direction, from, action, *w).is_some())
    {
        Ok(())
    } else {
        Err(IllegalMove {
            from,
            attempted: action,
            allowed: moves_from(direction, from),
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Who may take a request order
// ---------------------------------------------------------------------------------------------

/// A team as eligibility sees it.
#[derive(Debug, Clone, Copy)]
pub struct TeamPlace<'a> {
    pub kind: TeamKind,
    pub area_level: AreaLevel,
    pub area_path: &'a str,
}

/// May this (approved) team take a request order from a station in `order_area_path`? The city
/// corps, industry detachments and their squads serve the whole city (市级接单); any other team
/// only an area strictly below its own (a town detachment for its villages), never its peers.
pub fn team_may_take(team: TeamPlace<'_>, order_area_path: &str) -> bool {
    match team.kind {
        TeamKind::CityCorps | TeamKind::IndustryDetachment | TeamKind::Squad => true,
        _ => {
            team.area_level != AreaLevel::Village
                && order_area_path.starts_with(team.area_path)
                && order_area_path != team.area_path
        }
    }
}

/// How far a team is from an order, in steps up the area tree from the order's area to the
/// nearest area that holds the team's (0: the same area). Orders nearest first.
pub fn area_distance(team_area_path: &str, order_area_path: &str) -> usize {
    let team: Vec<&str> = team_area_path
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    let order: Vec<&str> = order_area_path
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    let shared = team.iter().zip(&order).take_while(|(a, b)| a == b).count();
    (order.len() - shared) + (team.len() - shared)
}

// ---------------------------------------------------------------------------------------------
// Deadlines
// ---------------------------------------------------------------------------------------------

/// Days an open order waits to be taken before escalating, unless the station says otherwise.
pub const DEFAULT_TAKE_DAYS: i64 = 3;
/// The furthest ahead an order may be placed.
pub const MAX_DAYS_AHEAD: i64 = 366;

/// The start of a day in the city (UTC+8), as UTC.
pub fn city_midnight(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc() - Duration::hours(8)
}

/// The day it is in the city (UTC+8) at `at`.
pub fn city_day(at: DateTime<Utc>) -> NaiveDate {
    (at + Duration::hours(8)).date_naive()
}

/// The default take-by time: three days after opening, but no later than the start of the day
/// before the wanted day (city time), and never before opening.
pub fn default_take_by(opened: DateTime<Utc>, wanted_on: NaiveDate) -> DateTime<Utc> {
    let latest = city_midnight(wanted_on) - Duration::days(1);
    (opened + Duration::days(DEFAULT_TAKE_DAYS))
        .min(latest)
        .max(opened)
}

/// Escalate now? An open order, past its take-by time, not yet escalated.
pub fn escalation_due(
    status: OrderStatus,
    take_by: DateTime<Utc>,
    escalated: bool,
    now: DateTime<Utc>,
) -> bool {
    status == OrderStatus::Open && !escalated && now >= take_by
}

/// How long after its activity was due to end a scheduled order waits for it to finish.
pub const FINISH_GRACE_DAYS: i64 = 1;

/// What the timer knows of a scheduled order's activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActivityFacts {
    pub end_at: DateTime<Utc>,
    pub cancelled: bool,
}

/// Expire now? An open or taken order whose wanted day has ended (city time); a scheduled one
/// whose activity never happened: cancelled, or unfinished a day after it was due to end.
pub fn expiry_due(
    status: OrderStatus,
    wanted_on: NaiveDate,
    activity: Option<ActivityFacts>,
    now: DateTime<Utc>,
) -> bool {
    let day_over = city_midnight(wanted_on) + Duration::days(1);
    match status {
        OrderStatus::Open | OrderStatus::Taken => now >= day_over,
        OrderStatus::Scheduled => match activity {
            Some(a) if a.cancelled => true,
            Some(a) => now >= a.end_at + Duration::days(FINISH_GRACE_DAYS),
            None => now >= day_over + Duration::days(FINISH_GRACE_DAYS),
        },
        _ => false,
    }
}

/// The first day of the month `day` is in: the period a menu item's capacity counts.
pub fn month_of(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

/// Is a menu order's date far enough ahead for the item's notice, and not too far?
pub fn menu_date_ok(today: NaiveDate, wanted_on: NaiveDate, lead_days: i32) -> bool {
    let ahead = (wanted_on - today).num_days();
    ahead >= i64::from(lead_days) && ahead <= MAX_DAYS_AHEAD
}

/// Capacity left: never below 0.
pub fn remaining(capacity: i32, taken: i32) -> i32 {
    (capacity - taken).max(0)
}

#[cfg(test)]
#[path = "orders_tests.rs"]
mod tests;
