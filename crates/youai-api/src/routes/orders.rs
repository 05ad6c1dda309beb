//! 两网 two-way ordering (供需对接): opening orders (基层开单, 基层点单), seeing one and its
//! timeline, and every move on it — take (接单), dispatch (派单), accept, decline, schedule,
//! evaluate (评单), cancel. Completion follows the order's activity (the activities API).

use actix_web::{HttpResponse, get, post, web};
use youai_types::{
    NewOrder, Order, OrderEvaluation, OrderEvent, OrderNote, OrderReason, OrderSchedule, OrderTeam,
};

use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::services::orders::{self as service, moves};
use crate::state::AppState;

/// Runs one move in a write transaction and answers the order as the caller now sees it.
async fn moved<F>(state: &AppState, user: AuthUser, f: F) -> ApiResult<HttpResponse>
where
    F: FnOnce(&mut youai_db::DbConn, &AuthUser) -> ApiResult<youai_db::orders::Order>
        + Send
        + 'static,
{
    let order = crate::db::write(state, move |conn| {
        let o = f(conn, &user)?;
        service::view(conn, Some(&user), o)
    })
    .await?;
    Ok(HttpResponse::Ok().json(order))
}

/// Open an order for a station (admins of its area; the area a village or a town): a request
/// (`direction: request` — 基层开单: `title`, `category_id`, `volunteers_wanted`, optionally
/// accepted `need_ids` of the area, which then move with the order) or a menu order
/// (`direction: menu` — 基层点单: an active `menu_item_id` serving the area, `wanted_on` at
/// least its lead days ahead; the title defaults to the project's). A need already in another
/// order is 409 `need_in_other_order`.
#[utoipa::path(tag = "orders", security(("bearer" = [])), request_body = NewOrder, responses(
    (status = 201, description = "已开单", body = Order, headers(("Location" = String))),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 409, response = crate::docs::Conflict),
    (status = 413, response = crate::docs::PayloadTooLarge),
    (status = 415, response = crate::docs::UnsupportedMediaType),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/orders")]
pub async fn create_order(
    state: web::Data<AppState>,
    user: AuthUser,
    body: crate::extract::Json<NewOrder>,
) -> ApiResult<HttpResponse> {
    let n = body.into_inner();
    let order = crate::db::write(&state, move |conn| {
        let o = moves::open(conn, &user, n)?;
        service::view(conn, Some(&user), o)
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            actix_web::http::header::LOCATION,
            format!("/api/v1/orders/{}", order.id),
        ))
        .json(order))
}

/// One order, for those it concerns: the station's staff and the admins above it, the
/// serving side (the taking team, the menu item's provider), the team it is dispatched to,
/// and — while a request order is open — leaders of teams eligible to take it. For anyone
/// else it does not exist (404). `allowed_actions` lists what the caller may do now.
#[utoipa::path(tag = "orders", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Order id")),
    responses(
        (status = 200, description = "订单", body = Order),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 404, response = crate::docs::NotFound),
))]
#[get("/orders/{id}")]
pub async fn get_order(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let order = crate::db::run(&state, move |conn| {
        let o = moves::visible(conn, &user, id)?;
        service::view(conn, Some(&user), o)
    })
    .await?;
    Ok(HttpResponse::Ok().json(order))
}

/// An order's timeline, oldest first: every move, who made it (none: the server's timer),
/// for which team, from what state to what, and its note. Visible as the order is.
#[utoipa::path(tag = "orders", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Order id")),
    responses(
        (status = 200, description = "订单时间线", body = Vec<OrderEvent>),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 404, response = crate::docs::NotFound),
))]
#[get("/orders/{id}/timeline")]
pub async fn list_order_events(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let events = crate::db::run(&state, move |conn| moves::timeline(conn, &user, id)).await?;
    Ok(HttpResponse::Ok().json(events))
}

/// Take an open request order for a team (接单): the caller leads the team, which must be
/// eligible — the city corps, an industry detachment or its squads, or a team of an area
/// above the station (422 `team_not_eligible` otherwise). Of teams taking at once, exactly
/// one wins; the others get 409 with the order's state.
#[utoipa::path(tag = "orders", security(("bearer" = [])), request_body = OrderTeam,
    params(("id" = i64, Path, description = "Order id")),
    responses(
        (status = 200, description = "已接单", body = Order),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
        (status = 409, response = crate::docs::Conflict),
        (status = 413, response = crate::docs::PayloadTooLarge),
        (status = 415, response = crate::docs::UnsupportedMediaType),
        (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/orders/{id}/take")]
pub async fn take_order(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: crate::extract::Json<OrderTeam>,
) -> ApiResult<HttpResponse> {
    let (id, t) = (id.into_inner(), body.into_inner());
    moved(&state, user, move |conn, u| moves::take(conn, u, id, t)).await
}

/// Dispatch an open request order to an eligible team (派单; admins above the station). The
/// team accepts or declines; dispatching again offers it to another team instead.
#[utoipa::path(tag = "orders", security(("bearer" = [])), request_body = OrderTeam,
    params(("id" = i64, Path, description = "Order id")),
    responses(
        (status = 200, description = "已派单", body = Order),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
        (status = 409, response = crate::docs::Conflict),
        (status = 413, response = crate::docs::PayloadTooLarge),
        (status = 415, response = crate::docs::UnsupportedMediaType),
        (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/orders/{id}/dispatch")]
pub async fn dispatch_order(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: crate::extract::Json<OrderTeam>,
) -> ApiResult<HttpResponse> {
    let (id, t) = (id.into_inner(), body.into_inner());
    moved(&state, user, move |conn, u| moves::dispatch(conn, u, id, t)).await
}

/// Accept an order: the team a request order was dispatched to takes it; a menu order's
/// provider accepts it, taking one of the item's places in the month of its date (409
/// `capacity_exceeded` when the month is full; 409 `not_dispatched` for a request order no
/// one dispatched).
#[utoipa::path(tag = "orders", security(("bearer" = [])), request_body = OrderNote,
    params(("id" = i64, Path, description = "Order id")),
    responses(
        (status = 200, description = "已接受", body = Order),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
        (status = 409, response = crate::docs::Conflict),
        (status = 413, response = crate::docs::PayloadTooLarge),
        (status = 415, response = crate::docs::UnsupportedMediaType),
        (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/orders/{id}/accept")]
pub async fn accept_order(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: crate::extract::Json<OrderNote>,
) -> ApiResult<HttpResponse> {
    let (id, n) = (id.into_inner(), body.into_inner());
    moved(&state, user, move |conn, u| moves::accept(conn, u, id, n)).await
}

/// Decline an order, with a reason: the team a request order was dispatched to (it is open
/// again), or a menu order's provider (it is cancelled).
#[utoipa::path(tag = "orders", security(("bearer" = [])), request_body = OrderReason,
    params(("id" = i64, Path, description = "Order id")),
    responses(
        (status = 200, description = "已拒绝", body = Order),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
        (status = 409, response = crate::docs::Conflict),
        (status = 413, response = crate::docs::PayloadTooLarge),
        (status = 415, response = crate::docs::UnsupportedMediaType),
        (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/orders/{id}/decline")]
pub async fn decline_order(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: crate::extract::Json<OrderReason>,
) -> ApiResult<HttpResponse> {
    let (id, r) = (id.into_inner(), body.into_inner());
    moved(&state, user, move |conn, u| moves::decline(conn, u, id, r)).await
}

/// Schedule a taken order (the serving side): link an activity it runs (`activity_id`), or
/// create one from `start_at`/`end_at` — a menu order's under its item's project, a request
/// order's under a published `project_id` (request orders have no project of their own). A new
/// activity is a draft for the team to publish. The order completes when the activity
/// finishes (at once, if it already has).
#[utoipa::path(tag = "orders", security(("bearer" = [])), request_body = OrderSchedule,
    params(("id" = i64, Path, description = "Order id")),
    responses(
        (status = 200, description = "已排期", body = Order),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
        (status = 409, response = crate::docs::Conflict),
        (status = 413, response = crate::docs::PayloadTooLarge),
        (status = 415, response = crate::docs::UnsupportedMediaType),
        (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/orders/{id}/schedule")]
pub async fn schedule_order(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: crate::extract::Json<OrderSchedule>,
) -> ApiResult<HttpResponse> {
    let (id, s) = (id.into_inner(), body.into_inner());
    moved(&state, user, move |conn, u| moves::schedule(conn, u, id, s)).await
}

/// Rate a completed order (评单: the ordering station, once; 1–5 stars and a comment). A
/// second rating is 409 `already_evaluated`.
#[utoipa::path(tag = "orders", security(("bearer" = [])), request_body = OrderEvaluation,
    params(("id" = i64, Path, description = "Order id")),
    responses(
        (status = 200, description = "已评单", body = Order),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
        (status = 409, response = crate::docs::Conflict),
        (status = 413, response = crate::docs::PayloadTooLarge),
        (status = 415, response = crate::docs::UnsupportedMediaType),
        (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/orders/{id}/evaluate")]
pub async fn evaluate_order(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: crate::extract::Json<OrderEvaluation>,
) -> ApiResult<HttpResponse> {
    let (id, ev) = (id.into_inner(), body.into_inner());
    moved(&state, user, move |conn, u| {
        moves::evaluate(conn, u, id, ev)
    })
    .await
}

/// Cancel an order not yet completed, with a reason (the ordering station, or admins above
/// it): a menu order gives its place back; a request order's needs go back to accepted.
#[utoipa::path(tag = "orders", security(("bearer" = [])), request_body = OrderReason,
    params(("id" = i64, Path, description = "Order id")),
    responses(
        (status = 200, description = "已取消", body = Order),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
        (status = 409, response = crate::docs::Conflict),
        (status = 413, response = crate::docs::PayloadTooLarge),
        (status = 415, response = crate::docs::UnsupportedMediaType),
        (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/orders/{id}/cancel")]
pub async fn cancel_order(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: crate::extract::Json<OrderReason>,
) -> ApiResult<HttpResponse> {
    let (id, r) = (id.into_inner(), body.into_inner());
    moved(&state, user, move |conn, u| moves::cancel(conn, u, id, r)).await
}
