//! 两网 two-way ordering: the menu (供单), orders (开单, 点单) and their moves and timeline.

use youai_types::{
    MenuItem, NewOrder, Order, OrderDirection, OrderEvaluation, OrderEvent, OrderNote, OrderReason,
    OrderSchedule, OrderStatus, OrderTeam, Page,
};

use super::{ApiClient, ApiError, Query, Verb, to_json};

/// Which menu items to list; `None` leaves a criterion out.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MenuFilter {
    /// Text in the title or description.
    pub q: Option<String>,
    pub category: Option<String>,
    pub target_group: Option<String>,
    /// Only items serving this area.
    pub serves_area_id: Option<i64>,
    /// Only items with places left this month.
    pub has_capacity: bool,
}

/// Which orders to list; `None` leaves a criterion out.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct OrderFilter {
    pub direction: Option<OrderDirection>,
    pub status: Option<OrderStatus>,
}

/// A move on an order, with what it carries.
#[derive(Debug, Clone, PartialEq)]
pub enum OrderMove {
    Take(OrderTeam),
    Dispatch(OrderTeam),
    Accept(OrderNote),
    Decline(OrderReason),
    Schedule(OrderSchedule),
    Evaluate(OrderEvaluation),
    Cancel(OrderReason),
}

impl ApiClient {
    /// `GET /menu-items`: up to 100 items on the menu, the newest first.
    pub async fn menu_items(self, filter: &MenuFilter) -> Result<Page<MenuItem>, ApiError> {
        let path = format!(
            "/menu-items{}",
            Query::new()
                .opt("q", filter.q.as_deref())
                .opt("category", filter.category.as_deref())
                .opt("target_group", filter.target_group.as_deref())
                .opt("serves_area_id", filter.serves_area_id)
                .opt("has_capacity", filter.has_capacity.then_some(true))
                .opt("sort", Some("-id"))
                .opt("limit", Some(100))
                .finish()
        );
        self.json(Verb::Get, &path, None).await
    }

    /// `POST /orders`: a station opens an order or orders from the menu.
    pub async fn create_order(self, order: &NewOrder) -> Result<Order, ApiError> {
        let body = Some(to_json(order)?);
        self.json(Verb::Post, "/orders", body).await
    }

    /// `GET /orders?…`: up to 100 orders the caller may see, newest first.
    pub async fn orders(self, filter: OrderFilter) -> Result<Page<Order>, ApiError> {
        let path = format!(
            "/orders{}",
            Query::new()
                .opt("direction", filter.direction.map(OrderDirection::as_str))
                .opt("status", filter.status.map(OrderStatus::as_str))
                .opt("limit", Some(100))
                .finish()
        );
        self.json(Verb::Get, &path, None).await
    }

    /// `GET /orders/takeable`: the open request orders the caller's teams may take.
    pub async fn takeable_orders(self) -> Result<Page<Order>, ApiError> {
        self.json(Verb::Get, "/orders/takeable?limit=100", None)
            .await
    }

    /// `GET /orders/escalated`: the orders escalated to the caller's areas.
    pub async fn escalated_orders(self) -> Result<Page<Order>, ApiError> {
        self.json(Verb::Get, "/orders/escalated?limit=100", None)
            .await
    }

    /// `GET /orders/{id}`
    pub async fn order(self, id: i64) -> Result<Order, ApiError> {
        self.json(Verb::Get, &format!("/orders/{id}"), None).await
    }

    /// `GET /orders/{id}/timeline`: its moves, oldest first.
    pub async fn order_timeline(self, id: i64) -> Result<Vec<OrderEvent>, ApiError> {
        self.json(Verb::Get, &format!("/orders/{id}/timeline"), None)
            .await
    }

    /// `POST /orders/{id}/{take|dispatch|accept|decline|schedule|evaluate|cancel}`
    pub async fn move_order(self, id: i64, step: &OrderMove) -> Result<Order, ApiError> {
        let path = match step {
            OrderMove::Take(_) => format!("/orders/{id}/take"),
            OrderMove::Dispatch(_) => format!("/orders/{id}/dispatch"),
            OrderMove::Accept(_) => format!("/orders/{id}/accept"),
            OrderMove::Decline(_) => format!("/orders/{id}/decline"),
            OrderMove::Schedule(_) => format!("/orders/{id}/schedule"),
            OrderMove::Evaluate(_) => format!("/orders/{id}/evaluate"),
            OrderMove::Cancel(_) => format!("/orders/{id}/cancel"),
        };
        let body = match step {
            OrderMove::Take(b) | OrderMove::Dispatch(b) => to_json(b)?,
            OrderMove::Accept(b) => to_json(b)?,
            OrderMove::Decline(b) | OrderMove::Cancel(b) => to_json(b)?,
            OrderMove::Schedule(b) => to_json(b)?,
            OrderMove::Evaluate(b) => to_json(b)?,
        };
        self.json(Verb::Post, &path, Some(body)).await
    }
}
