//! The lists people work orders from (两网): the orders in the caller's scope, the request
//! orders the caller's teams may take (接单 queue, nearest first) and the open orders escalated
//! to the caller's areas (admins). See `services::orders::queues`.
//!
//! Registered before `GET /orders/{id}` so `takeable` and `escalated` are not read as ids.

use actix_web::{HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;
use youai_db::areas;
use youai_db::orders::queues::OrderFilter;
use youai_types::{Order, OrderDirection, OrderStatus, Page};

use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::listing::{ListSort, page_request};
use crate::services::orders::queues as service;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrderListQuery {
    pub direction: Option<OrderDirection>,
    pub status: Option<OrderStatus>,
    /// Orders of stations in this area's subtree (within the caller's scope).
    pub area_id: Option<i64>,
    /// Orders this team serves or was dispatched.
    pub team_id: Option<i64>,
    /// `true`: only escalated orders; `false`: only those not escalated.
    pub escalated: Option<bool>,
    pub menu_item_id: Option<i64>,
    /// Page size, 1–100 (default 20).
    pub limit: Option<i64>,
    /// `next_cursor` from the previous page.
    pub cursor: Option<String>,
}

/// The orders in the caller's scope, newest first: station staff see their areas' orders (my
/// station's orders), team leaders those their teams serve or were dispatched, agency
/// operators those placed from their menu items, platform admins all. Anyone else: an empty
/// page.
#[utoipa::path(tag = "orders", security(("bearer" = [])), params(OrderListQuery), responses(
    (status = 200, description = "一页订单", body = Page<Order>),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[get("/orders")]
pub async fn list_orders(
    state: web::Data<AppState>,
    user: AuthUser,
    query: crate::extract::Query<OrderListQuery>,
) -> ApiResult<HttpResponse> {
    let query = query.into_inner();
    let page = page_request(query.limit, query.cursor.as_deref(), Some(ListSort::IdDesc))?;
    let req = page.clone();
    let items = crate::db::run(&state, move |conn| {
        let within_path = match query.area_id {
            Some(id) => Some(
                areas::find(conn, id)?
                    .ok_or_else(|| ApiError::field("area_id", "not_found", "区域不存在"))?
                    .path,
            ),
            None => None,
        };
        let filter = OrderFilter {
            direction: query.direction,
            status: query.status,
            within_path,
            team_id: query.team_id,
            escalated: query.escalated,
            menu_item_id: query.menu_item_id,
        };
        service::list(
            conn,
            &user,
            &filter,
            req.after.as_ref().map(|a| a.id),
            req.limit,
        )
    })
    .await?;
    Ok(HttpResponse::Ok().json(page.page(items, |o| (o.id, ""), |o| o)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TakeableQuery {
    /// One team the caller leads (default: all of them).
    pub team_id: Option<i64>,
    /// Page size, 1–100 (default 20).
    pub limit: Option<i64>,
    /// `next_cursor` from the previous page.
    pub cursor: Option<String>,
}

/// Orders I can take (接单): open request orders the caller's teams are eligible for, nearest
/// the team first (steps up the area tree), then the earliest take-by time. 403 for a
/// `team_id` the caller does not lead.
#[utoipa::path(tag = "orders", security(("bearer" = [])), params(TakeableQuery), responses(
    (status = 200, description = "一页可接订单", body = Page<Order>),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[get("/orders/takeable")]
pub async fn list_takeable_orders(
    state: web::Data<AppState>,
    user: AuthUser,
    query: crate::extract::Query<TakeableQuery>,
) -> ApiResult<HttpResponse> {
    let query = query.into_inner();
    // The cursor carries the queue position (distance, take-by) as its "name".
    let page = page_request(query.limit, query.cursor.as_deref(), Some(ListSort::Name))?;
    let req = page.clone();
    let rows = crate::db::run(&state, move |conn| {
        service::takeable(conn, &user, query.team_id, req.after.as_ref(), req.limit)
    })
    .await?;
    Ok(HttpResponse::Ok().json(page.page(rows, |(k, o)| (o.id, k.as_str()), |(_, o)| o)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EscalatedQuery {
    /// Page size, 1–100 (default 20).
    pub limit: Option<i64>,
    /// `next_cursor` from the previous page.
    pub cursor: Option<String>,
}

/// Escalated to me: open orders escalated to an area in the caller's scope (admins who
/// dispatch), oldest escalation first.
#[utoipa::path(tag = "orders", security(("bearer" = [])), params(EscalatedQuery), responses(
    (status = 200, description = "一页上报订单", body = Page<Order>),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[get("/orders/escalated")]
pub async fn list_escalated_orders(
    state: web::Data<AppState>,
    user: AuthUser,
    query: crate::extract::Query<EscalatedQuery>,
) -> ApiResult<HttpResponse> {
    let query = query.into_inner();
    let page = page_request(query.limit, query.cursor.as_deref(), Some(ListSort::Name))?;
    let req = page.clone();
    let rows = crate::db::run(&state, move |conn| {
        service::escalated(conn, &user, req.after.as_ref(), req.limit)
    })
    .await?;
    Ok(HttpResponse::Ok().json(page.page(rows, |(k, o)| (o.id, k.as_str()), |(_, o)| o)))
}
