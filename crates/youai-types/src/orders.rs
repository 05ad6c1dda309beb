//! 两网 two-way ordering (供需对接): the menu agencies and teams offer (市级供单), and orders —
//! opened by a station for a team to take (基层开单、市级接单) or placed from the menu
//! (基层点单) — with their timeline.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

crate::string_enum!(
    /// Which way an order runs.
    OrderDirection {
        /// 基层开单: a station describes what it needs; an eligible team takes it (接单).
        Request = "request",
        /// 基层点单: a station orders a menu item for a date; its provider accepts it.
        Menu = "menu",
    }
);

crate::string_enum!(
    /// open → taken → scheduled → completed → evaluated; cancelled (with a reason) or expired
    /// from any state before completion.
    OrderStatus {
        /// Waiting to be taken (or, for a menu order, accepted by the provider).
        Open = "open",
        /// A team took it, or the provider accepted it.
        Taken = "taken",
        /// An activity is set for it.
        Scheduled = "scheduled",
        /// Its activity finished.
        Completed = "completed",
        /// The ordering station rated it (评单).
        Evaluated = "evaluated",
        Cancelled = "cancelled",
        /// Its date passed without it being served.
        Expired = "expired",
    }
);

crate::string_enum!(
    /// A move in an order's life, as its timeline records it.
    OrderAction {
        /// A station opened it (开单) or ordered from the menu (点单).
        Open = "open",
        /// An eligible team's leader took a request order (接单).
        Take = "take",
        /// An admin offered an open order to a team (派单).
        Dispatch = "dispatch",
        /// The team it was dispatched to, or a menu order's provider, accepts it.
        Accept = "accept",
        /// The team it was dispatched to declines (the order stays open), or a menu order's
        /// provider declines (it is cancelled); a reason is required.
        Decline = "decline",
        /// The serving side links or creates its activity.
        Schedule = "schedule",
        /// Its activity finished (follows the activity).
        Complete = "complete",
        /// The ordering station rates it (评单), once.
        Evaluate = "evaluate",
        /// The ordering station or an admin cancels it, with a reason.
        Cancel = "cancel",
        /// Untaken past its take-by time: the admins of the area above are told (the timer).
        Escalate = "escalate",
        /// Its date passed without service (the timer).
        Expire = "expire",
    }
);

crate::string_enum!(
    /// Whether a menu item can be ordered.
    MenuItemStatus {
        Active = "active",
        /// Off the menu: no new orders; those already placed go on.
        Withdrawn = "withdrawn",
    }
);

/// A service on the menu (供单): a published project an agency or team offers, the areas it
/// serves, how many orders it takes a month, and the notice it needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": 12, "project_id": 40, "title": "法律明白人培训进村居", "description": "律师讲解常用法律知识并现场答疑",
    "category": "法律服务", "target_groups": ["农村群众"],
    "provider_agency_id": 3, "provider_team_id": null, "provider_name": "张家港市司法局",
    "area_ids": [1], "capacity_per_month": 8, "lead_days": 7, "conditions": "需提供可容纳 50 人的场地",
    "status": "active", "month": "2026-12-01", "taken_this_month": 3, "remaining_this_month": 5,
    "created_at": "2026-11-20T08:00:00Z", "updated_at": "2026-11-20T08:00:00Z"
})))]
pub struct MenuItem {
    pub id: i64,
    pub project_id: i64,
    /// The project's title, description, category and target groups.
    pub title: String,
    pub description: Option<String>,
    pub category: String,
    pub target_groups: Vec<String>,
    /// Exactly one of the providing agency and team is set.
    pub provider_agency_id: Option<i64>,
    pub provider_team_id: Option<i64>,
    pub provider_name: String,
    /// The areas served, each with everything below it.
    pub area_ids: Vec<i64>,
    /// How many orders it accepts in a month.
    pub capacity_per_month: i32,
    /// An order's date must be at least this many days ahead.
    pub lead_days: i32,
    pub conditions: Option<String>,
    pub status: MenuItemStatus,
    /// The current month (China time): its first day, what is taken and what is left.
    pub month: NaiveDate,
    pub taken_this_month: i32,
    pub remaining_this_month: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Put a published project on the menu: its agency's operators or its team's leaders (or
/// admins of its area).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "project_id": 40, "provider_agency_id": 3, "area_ids": [1], "capacity_per_month": 8,
    "lead_days": 7, "conditions": "需提供可容纳 50 人的场地"
})))]
#[serde(deny_unknown_fields)]
pub struct NewMenuItem {
    pub project_id: i64,
    /// One of the providing agency and team (default: the project's owner).
    #[serde(default)]
    pub provider_agency_id: Option<i64>,
    #[serde(default)]
    pub provider_team_id: Option<i64>,
    /// 1–50 areas served (each with everything below it).
    pub area_ids: Vec<i64>,
    /// 1–1000.
    pub capacity_per_month: i32,
    /// 0–90 days.
    #[serde(default)]
    pub lead_days: i32,
    /// Up to 500 characters.
    #[serde(default)]
    pub conditions: Option<String>,
}

/// Changes to a menu item; absent fields stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"capacity_per_month": 10, "status": "active"})))]
#[serde(deny_unknown_fields)]
pub struct MenuItemPatch {
    #[serde(default)]
    pub area_ids: Option<Vec<i64>>,
    #[serde(default)]
    pub capacity_per_month: Option<i32>,
    #[serde(default)]
    pub lead_days: Option<i32>,
    #[serde(default)]
    pub conditions: Option<String>,
    #[serde(default)]
    pub status: Option<MenuItemStatus>,
}

/// An order (开单 or 点单) and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": 31, "direction": "request", "status": "open", "area_id": 9, "area_name": "金都社区",
    "venue_id": 12, "title": "独居老人家电维修", "description": "社区 12 户独居老人家电需检修",
    "category_id": 4, "menu_item_id": null, "wanted_on": "2026-12-12", "volunteers_wanted": 4,
    "address": "金都社区党群服务中心", "contact_name": "陈站长", "contact_phone": "13800001234",
    "take_by": "2026-12-05T10:00:00Z", "team_id": null, "team_name": null, "provider_name": null,
    "dispatched_team_id": null, "activity_id": null, "escalated_to": null, "escalated_at": null,
    "rating": null, "comment": null, "cancel_reason": null, "need_ids": [88, 91],
    "allowed_actions": ["take"],
    "created_at": "2026-12-01T02:00:00Z", "updated_at": "2026-12-01T02:00:00Z",
    "taken_at": null, "scheduled_at": null, "completed_at": null, "evaluated_at": null
})))]
pub struct Order {
    pub id: i64,
    pub direction: OrderDirection,
    pub status: OrderStatus,
    /// The ordering station's area (a village or a town).
    pub area_id: i64,
    pub area_name: String,
    pub venue_id: Option<i64>,
    pub title: String,
    pub description: Option<String>,
    /// A request order's category (the needs vocabulary).
    pub category_id: Option<i64>,
    /// A menu order's item.
    pub menu_item_id: Option<i64>,
    /// The day the service is wanted.
    pub wanted_on: NaiveDate,
    pub volunteers_wanted: Option<i32>,
    pub address: Option<String>,
    /// The station's contact: shown to staff in scope and to the serving side.
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    /// Untaken by then, an open order escalates to the admins of the area above.
    pub take_by: DateTime<Utc>,
    /// The team serving a request order (its taker), or a team providing a menu item.
    pub team_id: Option<i64>,
    pub team_name: Option<String>,
    /// A menu order's provider (agency or team).
    pub provider_name: Option<String>,
    /// The team an admin offered it to, until it accepts or declines.
    pub dispatched_team_id: Option<i64>,
    pub activity_id: Option<i64>,
    /// The area whose admins it was escalated to.
    pub escalated_to: Option<i64>,
    pub escalated_at: Option<DateTime<Utc>>,
    /// The station's rating (1–5) and comment.
    pub rating: Option<i32>,
    pub comment: Option<String>,
    pub cancel_reason: Option<String>,
    /// The accepted needs it was opened from.
    pub need_ids: Vec<i64>,
    /// What the caller may do to it now.
    pub allowed_actions: Vec<OrderAction>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub taken_at: Option<DateTime<Utc>>,
    pub scheduled_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
    pub evaluated_at: Option<DateTime<Utc>>,
}

/// A new order from a station (admins of its area): a request (`category_id`,
/// `volunteers_wanted`, optionally `need_ids`) or a menu order (`menu_item_id`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "direction": "request", "area_id": 9, "venue_id": 12, "title": "独居老人家电维修",
    "description": "社区 12 户独居老人家电需检修", "category_id": 4, "wanted_on": "2026-12-12",
    "volunteers_wanted": 4, "address": "金都社区党群服务中心", "contact_name": "陈站长",
    "contact_phone": "13800001234", "need_ids": [88, 91]
})))]
#[serde(deny_unknown_fields)]
pub struct NewOrder {
    pub direction: OrderDirection,
    /// The ordering station's area: a village or a town.
    pub area_id: i64,
    #[serde(default)]
    pub venue_id: Option<i64>,
    /// 2–100 characters; a menu order defaults to its item's title.
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// Required for a request order.
    #[serde(default)]
    pub category_id: Option<i64>,
    /// Required for a menu order.
    #[serde(default)]
    pub menu_item_id: Option<i64>,
    /// Not in the past; a menu order's at least its item's lead days ahead.
    pub wanted_on: NaiveDate,
    /// Required for a request order: 1–1000.
    #[serde(default)]
    pub volunteers_wanted: Option<i32>,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub contact_name: Option<String>,
    #[serde(default)]
    pub contact_phone: Option<String>,
    /// When it escalates if untaken (default: three days on, and no later than the day before
    /// `wanted_on`).
    #[serde(default)]
    pub take_by: Option<DateTime<Utc>>,
    /// Accepted needs of the area this order answers (request orders): they move with it.
    #[serde(default)]
    pub need_ids: Vec<i64>,
}

/// Take a request order for a team (its leader), or dispatch one to a team (an admin).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"team_id": 14, "note": "我队有家电维修专业志愿者"})))]
#[serde(deny_unknown_fields)]
pub struct OrderTeam {
    pub team_id: i64,
    #[serde(default)]
    pub note: Option<String>,
}

/// A note with a move (accepting); up to 200 characters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"note": "12 月 12 日上午到场"})))]
#[serde(deny_unknown_fields)]
pub struct OrderNote {
    #[serde(default)]
    pub note: Option<String>,
}

/// Declining or cancelling: the reason is required (1–200 characters).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"reason": "当日队员均有任务，无法安排"})))]
#[serde(deny_unknown_fields)]
pub struct OrderReason {
    pub reason: String,
}

/// Scheduling: link an existing activity of the serving team (`activity_id`), or create one
/// from `start_at`/`end_at` (and optionally the team, quota and place) — for a menu order
/// under its item's project; for a request order, which has no project of its own, under a
/// published `project_id` the serving team runs. A new activity starts as a draft: the team
/// publishes it through the activities API.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "start_at": "2026-12-12T01:00:00Z", "end_at": "2026-12-12T04:00:00Z", "quota": 4
})))]
#[serde(deny_unknown_fields)]
pub struct OrderSchedule {
    #[serde(default)]
    pub activity_id: Option<i64>,
    /// The project a new activity of a request order runs under (required then; a menu
    /// order's is its item's).
    #[serde(default)]
    pub project_id: Option<i64>,
    #[serde(default)]
    pub start_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub end_at: Option<DateTime<Utc>>,
    /// The team that runs the new activity (default: the serving team; required for a menu
    /// item an agency provides).
    #[serde(default)]
    pub team_id: Option<i64>,
    /// Places for volunteers (default: the volunteers wanted, else 10).
    #[serde(default)]
    pub quota: Option<i32>,
    #[serde(default)]
    pub venue_id: Option<i64>,
    #[serde(default)]
    pub address: Option<String>,
}

/// The ordering station's rating of a completed order (评单), once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"rating": 5, "comment": "志愿者准时到场，老人很满意"})))]
#[serde(deny_unknown_fields)]
pub struct OrderEvaluation {
    /// 1–5.
    pub rating: i32,
    /// Up to 500 characters.
    #[serde(default)]
    pub comment: Option<String>,
}

/// One entry in an order's timeline: who moved it, when, from what to what, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": 301, "action": "take", "from_status": "open", "to_status": "taken",
    "actor_id": 57, "actor_name": "张队长", "team_id": 14, "team_name": "家电维修小分队",
    "note": null, "at": "2026-12-02T03:00:00Z"
})))]
pub struct OrderEvent {
    pub id: i64,
    pub action: OrderAction,
    /// None for the opening entry.
    pub from_status: Option<OrderStatus>,
    pub to_status: OrderStatus,
    /// None when the server's timer moved it.
    pub actor_id: Option<i64>,
    pub actor_name: Option<String>,
    pub team_id: Option<i64>,
    pub team_name: Option<String>,
    pub note: Option<String>,
    pub at: DateTime<Utc>,
}
