//! The demo's 两网 two-way ordering: the menu (供单) — about a hundred of the agencies' services
//! and the industry detachments' projects, each serving the city or a few towns, with a
//! monthly capacity and the notice it needs — and some 350 orders of both directions (基层开单
//! and 基层点单) over the last six months, in every state: open (some escalated to the town
//! above, some dispatched to a team), taken, scheduled with an upcoming activity of the serving
//! team, completed with a finished one, evaluated, cancelled with a reason, and expired. Each
//! order has its whole timeline with plausible actors (the station's admins, the teams'
//! leaders, the timer) and times; the menu's monthly counters equal the orders accepted each
//! month, within capacity; request orders answer accepted, matched or fulfilled needs of their
//! village as their state allows.
//!
//! Deterministic like the rest of the demo: a fixed seed, dates counted from the demo's day.
//! The plan is built in memory ([`plan`], pure), then written in one transaction
//! ([`load_orders`]). It needs the lists (the agencies' projects) and the activities.

mod load;
mod plan;
#[cfg(test)]
mod tests;

use chrono::{NaiveDate, NaiveDateTime};
use youai_db::orders::NewEvent;
use youai_db::orders::demo::DemoOrder;
use youai_types::{AreaLevel, MenuItemStatus, NeedStatus, TeamKind};

pub use load::{OrdersReport, load_orders};
pub use plan::plan;

const SEED: u64 = 0x0016_2026_1201_0350;

/// Days of orders before the demo's day.
pub const HISTORY_DAYS: i64 = 180;

/// An area: (id, parent, level, name, path).
pub type AreaIn = (i64, Option<i64>, AreaLevel, String, String);

/// An approved team as the plan sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamIn {
    pub id: i64,
    pub kind: TeamKind,
    pub area_id: i64,
    /// Its leader's account, if any (the demo's teams are led by volunteers without accounts
    /// but for the demo leader): a team's moves name the team, and the leader when known.
    pub leader: Option<i64>,
}

/// What the plan reads from the loaded demo.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    pub areas: Vec<AreaIn>,
    /// Need categories: (id, name).
    pub categories: Vec<(i64, String)>,
    pub teams: Vec<TeamIn>,
    /// Published projects of agencies and of industry detachments and squads: (id, title,
    /// owner team, owner agency, area).
    pub projects: Vec<youai_db::orders::demo::MenuProject>,
    /// Finished activities and those to come: (id, team, area, start, end), UTC.
    pub finished: Vec<youai_db::orders::demo::Run>,
    pub upcoming: Vec<youai_db::orders::demo::Run>,
    /// Activities an agency's service may take over (see `youai_db::orders::demo::movable_runs`).
    pub movable: std::collections::HashSet<i64>,
    /// Needs in no order yet: (id, area, state, category, title).
    pub needs: Vec<youai_db::orders::demo::OpenNeed>,
    /// Admins: (user, area granted or `None` for the platform's).
    pub admins: Vec<(i64, Option<i64>)>,
}

/// A service on the menu.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanMenuItem {
    pub project_id: i64,
    pub agency_id: Option<i64>,
    pub team_id: Option<i64>,
    /// The areas served (the city, or towns).
    pub area_ids: Vec<i64>,
    pub capacity: i32,
    pub lead_days: i32,
    pub conditions: Option<String>,
    pub status: MenuItemStatus,
    pub created_at: NaiveDateTime,
}

/// An order with its timeline and needs; `row.menu_item_id` is an index into
/// [`Plan::menu`] until it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanOrder {
    pub row: DemoOrder,
    pub menu_item: Option<usize>,
    pub needs: Vec<i64>,
    /// `order_id` is set when written.
    pub events: Vec<NewEvent>,
    /// Escalated, dispatched: what the demo shows off, for its report.
    pub escalated: bool,
    pub dispatched: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    pub menu: Vec<PlanMenuItem>,
    pub orders: Vec<PlanOrder>,
    /// Each menu item's accepted orders by month: (index into `menu`, month, orders).
    pub months: Vec<(usize, NaiveDate, i32)>,
    /// Moves the state machine refused (none, or the plan is wrong).
    pub refused: Vec<String>,
}

/// The state a need is in while its order is in `status`: needs move with their order
/// (taken: matched; scheduled: in service; completed: fulfilled).
pub(crate) fn need_state_for(status: youai_types::OrderStatus) -> &'static [NeedStatus] {
    use youai_types::OrderStatus as O;
    match status {
        O::Open => &[NeedStatus::Accepted],
        O::Taken => &[NeedStatus::Matched],
        O::Scheduled => &[NeedStatus::InService],
        O::Completed | O::Evaluated => &[NeedStatus::Fulfilled],
        O::Cancelled | O::Expired => &[],
    }
}
