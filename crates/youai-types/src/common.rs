//! Types every resource shares: pages of results and the platform's figures.

use serde::{Deserialize, Serialize};

/// One page of a list. Pass `next_cursor` back as `cursor` for the next page; `null` means the end.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Opaque; absent or `null` on the last page.
    pub next_cursor: Option<String>,
}

/// The platform's live figures (`GET /api/v1/stats`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "areas": 112, "venues": 120, "users": 3, "teams": 1084, "volunteers": 5200,
    "teams_by_kind": [{"kind": "city_corps", "count": 1}, {"kind": "industry_detachment", "count": 12}]
})))]
pub struct Stats {
    /// Administrative areas (city, towns, villages and communities).
    pub areas: i64,
    /// Practice venues (centre, institutes, stations, points).
    pub venues: i64,
    /// Registered accounts.
    pub users: i64,
    /// Approved teams.
    #[serde(default)]
    pub teams: i64,
    /// Volunteers.
    #[serde(default)]
    pub volunteers: i64,
    /// Approved teams by kind.
    #[serde(default)]
    pub teams_by_kind: Vec<KindCount>,
    /// Activities that took place (finished).
    #[serde(default)]
    pub activities_run: i64,
    /// Verified service hours, corrections applied.
    #[serde(default)]
    pub hours_served: f64,
    /// Service projects ever published.
    #[serde(default)]
    pub projects_published: i64,
    /// Service projects published and run per day over the last 30 days (the briefing's
    /// 平均每天发布、开展…项目): runs of projects (activities, neither drafts nor cancelled)
    /// put on the platform in that time, a day.
    #[serde(default)]
    pub projects_per_day: f64,
    /// Published activities by their project's category.
    #[serde(default)]
    pub activities_by_category: Vec<CategoryCount>,
    /// Volunteers who have enjoyed a courtesy (a voucher not cancelled, or an honour).
    #[serde(default)]
    pub volunteers_rewarded: i64,
    /// Courtesies enjoyed: vouchers not cancelled and honours.
    #[serde(default)]
    pub courtesies_enjoyed: i64,
    /// Courtesies enjoyed by kind of courtesy.
    #[serde(default)]
    pub rewarded_by_kind: Vec<crate::RewardKindCount>,
    /// Points ever credited for service.
    #[serde(default)]
    pub points_issued: i64,
    /// Points spent on courtesies (net of refunds).
    #[serde(default)]
    pub points_redeemed: i64,
    /// Items left in stock across courtesies with stock.
    #[serde(default)]
    pub stock_left: i64,
    /// The needs and resources lists (三清单) in figures.
    // The SPA reads them on the reports page only (as [`crate::StatsLists`]): decoding them
    // with every `Stats` would put that code in the home page's first download.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", serde(skip_deserializing))]
    pub lists: crate::ListsStats,
    /// 两网 two-way ordering (开单、点单) in figures.
    // Like `lists`: the reports page reads them as [`crate::StatsOrders`].
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", serde(skip_deserializing))]
    pub orders: crate::OrdersStats,
}

/// A count under a category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CategoryCount {
    pub category: String,
    pub count: i64,
}

/// A count of teams of one kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KindCount {
    pub kind: crate::TeamKind,
    pub count: i64,
}

/// Liveness and readiness answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"status": "ok"})))]
pub struct Health {
    /// `ok`, or `unavailable` when a dependency is down.
    pub status: String,
}

/// One row of the audit log: a state change by staff (or a personal-data export).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": 812, "at": "2026-11-29T03:00:00Z", "actor_id": 1,
    "request_id": "4f1c2d9a-4c7e-4c55-9d3a-1f2e3d4c5b6a", "action": "team.decide",
    "target_type": "team", "target_id": "1085",
    "before": {"status": "pending"}, "after": {"status": "approved"}
})))]
pub struct AuditEntry {
    pub id: i64,
    pub at: chrono::DateTime<chrono::Utc>,
    pub actor_id: Option<i64>,
    pub request_id: Option<String>,
    /// What was done, e.g. `team.decide`, `record.verify`, `points.adjust`, `insured.export`.
    pub action: String,
    pub target_type: String,
    pub target_id: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// One month's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthFigures {
    /// `YYYY-MM`.
    pub month: String,
    /// Activities that finished in the month.
    pub activities_run: i64,
    /// Verified hours served in the month, corrections applied.
    pub hours_served: f64,
    /// Volunteers with verified hours served in the month.
    pub volunteers_served: i64,
    /// Teams that finished an activity in the month.
    pub teams_active: i64,
    /// Volunteers given a courtesy (a voucher not cancelled) or an honour in the month.
    pub volunteers_rewarded: i64,
    /// Orders opened (开单) or placed (点单) in the month.
    #[serde(default)]
    pub orders_opened: i64,
    /// Orders taken (接单) or accepted by their provider in the month.
    #[serde(default)]
    pub orders_taken: i64,
    /// Orders completed in the month (their activity finished).
    #[serde(default)]
    pub orders_completed: i64,
}

/// Verified hours served in a town (镇/街道/区) in a month, by the activity's area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TownMonthHours {
    /// The town's area id; absent for activities held at city level.
    pub town_id: Option<i64>,
    pub town: String,
    pub month: String,
    pub hours: f64,
}

/// The city's figures month by month, for charts over time and reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "months": [{"month": "2026-10", "activities_run": 92, "hours_served": 1288.5,
                "volunteers_served": 410, "teams_active": 63, "volunteers_rewarded": 151,
                "orders_opened": 31, "orders_taken": 27, "orders_completed": 22},
               {"month": "2026-11", "activities_run": 87, "hours_served": 1190.25,
                "volunteers_served": 388, "teams_active": 60, "volunteers_rewarded": 140,
                "orders_opened": 35, "orders_taken": 30, "orders_completed": 25}],
    "hours_by_town": [{"town_id": 4, "town": "金港镇", "month": "2026-11", "hours": 210.5}]
})))]
pub struct MonthlyStats {
    /// Every month of the range, oldest first (zeros included).
    pub months: Vec<MonthFigures>,
    pub hours_by_town: Vec<TownMonthHours>,
}
