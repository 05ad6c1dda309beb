//! The figures of 两网 two-way ordering (开单、点单) in `GET /api/v1/stats`.

use serde::{Deserialize, Serialize};

use crate::{OrderDirection, OrderStatus, TownCount};

/// Orders in figures: how many there are by direction and state and by town, how long they
/// wait to be taken, how many of those that ended were served, and how the stations rated
/// them; with the menu (供单) behind the menu orders.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "orders": 9, "request_orders": 6, "menu_orders": 3,
    "menu_items": 96, "menu_items_active": 94,
    "by_status": [
        {"direction": "request", "status": "open", "count": 2},
        {"direction": "request", "status": "completed", "count": 2},
        {"direction": "request", "status": "expired", "count": 2},
        {"direction": "menu", "status": "evaluated", "count": 2},
        {"direction": "menu", "status": "cancelled", "count": 1}
    ],
    "by_town": [{"town_id": 17, "town": "金港镇", "count": 7}, {"town_id": 4, "town": "大新镇", "count": 2}],
    "median_hours_to_take": 20.0,
    "completed": 4, "concluded": 7, "completion_rate": 0.571,
    "evaluated": 2, "average_rating": 4.5
})))]
pub struct OrdersStats {
    /// Orders ever opened (开单) or placed (点单), in any state.
    pub orders: i64,
    /// …of them opened by a station for a team to take (开单).
    pub request_orders: i64,
    /// …of them placed from the menu (点单).
    pub menu_orders: i64,
    /// Services ever put on the menu (供单), and those still on it.
    pub menu_items: i64,
    pub menu_items_active: i64,
    /// Orders by direction and state: request orders first, states in their life's order;
    /// pairs with no orders are left out.
    pub by_status: Vec<OrderStatusCount>,
    /// Orders by the town (镇 / 街道) of the ordering station, most first (`town_id` null:
    /// orders placed above the town level, as 市级).
    pub by_town: Vec<TownCount>,
    /// Median hours from opening to being taken (接单, or the provider's acceptance) over
    /// every order that was taken, whatever became of it later; `null` before any.
    pub median_hours_to_take: Option<f64>,
    /// Orders served: completed or evaluated.
    pub completed: i64,
    /// Orders that reached an end: served (completed or evaluated), cancelled or expired.
    /// Orders still open, taken or scheduled are not counted.
    pub concluded: i64,
    /// `completed / concluded`, to three decimals (0.571 = 57.1 %); `null` while no order
    /// has ended.
    pub completion_rate: Option<f64>,
    /// Orders the station rated (评单).
    pub evaluated: i64,
    /// Their average rating (1–5), to one decimal; `null` before any.
    pub average_rating: Option<f64>,
}

/// How many orders of one direction are in one state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderStatusCount {
    pub direction: OrderDirection,
    pub status: OrderStatus,
    pub count: i64,
}

/// `GET /api/v1/stats` read for its orders only (the SPA's reports page).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct StatsOrders {
    #[serde(default)]
    pub orders: OrdersStats,
}
