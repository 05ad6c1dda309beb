//! The admins' view of the outbox: every queued, failed and dead delivery (SMS, WeChat,
//! webhooks), who it is for (a user id or a webhook id, never a phone number), and a manual
//! retry.

use actix_web::{HttpResponse, get, post, web};
use serde::Deserialize;
use utoipa::IntoParams;
use youai_db::page::fetch_limit;
use youai_types::{Channel, DeliveryStatus, DeliveryView, Page};

use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::listing::{ListSort, page_request};
use crate::state::AppState;
use crate::views::webhooks::{deliveries, delivery};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeliveryListQuery {
    /// Only deliveries in this state (`pending`, `failed`, `dead` …); all when absent.
    pub status: Option<DeliveryStatus>,
    /// Only this channel (`sms`, `wechat`, `webhook`).
    pub channel: Option<Channel>,
    /// Page size, 1–100 (default 20).
    pub limit: Option<i64>,
    /// `next_cursor` from the previous page.
    pub cursor: Option<String>,
}

/// The outbox's deliveries, newest first: event kind, channel, recipient, attempts, next
/// attempt, last error and status.
#[utoipa::path(tag = "webhooks", security(("bearer" = [])), params(DeliveryListQuery), responses(
    (status = 200, description = "一页投递", body = Page<DeliveryView>),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[get("/deliveries")]
pub async fn list_deliveries(
    state: web::Data<AppState>,
    query: crate::extract::Query<DeliveryListQuery>,
) -> ApiResult<HttpResponse> {
    let query = query.into_inner();
    let page = page_request(query.limit, query.cursor.as_deref(), Some(ListSort::IdDesc))?;
    let req = page.clone();
    let rows = crate::db::run(&state, move |conn| {
        let rows = youai_db::outbox::list_deliveries(
            conn,
            query.status,
            query.channel,
            None,
            req.after.as_ref().map(|a| a.id),
            fetch_limit(req.limit),
        )?;
        Ok(deliveries(conn, rows, false)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(page.page(
        rows,
        |r| (r.0.id, ""),
        |(d, k, log)| delivery(d, k, log),
    )))
}

/// Retry a failed or dead delivery now (pending, with a fresh attempt count). Any other is a
/// 409 `invalid_transition` whose `state` is its status.
#[utoipa::path(tag = "webhooks", security(("bearer" = [])), params(("id" = i64, Path, description = "Delivery id")), responses(
    (status = 200, description = "已重新排队", body = DeliveryView),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 404, response = crate::docs::NotFound),
    (status = 409, response = crate::docs::Conflict),
))]
#[post("/deliveries/{id}/retry")]
pub async fn retry_delivery(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let out = crate::db::write(&state, move |conn| {
        let d = crate::services::webhooks::retry(conn, &user, id)?;
        Ok(deliveries(conn, vec![d], true)?)
    })
    .await?;
    let (d, k, log) = out
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::not_found("delivery"))?;
    Ok(HttpResponse::Ok().json(delivery(d, k, log)))
}
