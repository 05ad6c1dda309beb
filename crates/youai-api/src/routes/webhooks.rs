//! Webhooks (platform admins): subscriptions of a URL to event kinds, each delivery signed
//! with the webhook's secret (`Youai-Webhook-Signature`, see README § Webhooks), its delivery
//! log with every attempt's status and latency, and replaying a delivery by hand.

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use serde::Deserialize;
use utoipa::IntoParams;
use youai_db::page::fetch_limit;
use youai_types::{
    DeliveryStatus, DeliveryView, NewWebhook, Page, Webhook, WebhookPatch, WebhookWithSecret,
};

use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::etag;
use crate::listing::{ListSort, page_request};
use crate::services::webhooks as service;
use crate::state::AppState;
use crate::views::webhooks::{deliveries, delivery, webhook};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WebhookListQuery {
    /// Page size, 1–100 (default 20).
    pub limit: Option<i64>,
    /// `next_cursor` from the previous page.
    pub cursor: Option<String>,
}

/// List webhooks, oldest first.
#[utoipa::path(tag = "webhooks", security(("bearer" = [])), params(WebhookListQuery), responses(
    (status = 200, description = "一页 webhook", body = Page<Webhook>),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[get("/webhooks")]
pub async fn list_webhooks(
    state: web::Data<AppState>,
    query: crate::extract::Query<WebhookListQuery>,
) -> ApiResult<HttpResponse> {
    let query = query.into_inner();
    let page = page_request(query.limit, query.cursor.as_deref(), Some(ListSort::Id))?;
    let req = page.clone();
    let rows = crate::db::run(&state, move |conn| {
        Ok(youai_db::webhooks::list(
            conn,
            req.after.as_ref().map(|a| a.id),
            fetch_limit(req.limit),
        )?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(page.page(rows, |w| (w.id, ""), webhook)))
}

/// Subscribe a URL to event kinds. The answer carries the signing secret, shown this once
/// (it is stored encrypted); rotate it with `POST /webhooks/{id}/secret`.
#[utoipa::path(tag = "webhooks", security(("bearer" = [])), request_body = NewWebhook, responses(
    (status = 201, description = "已创建（secret 仅此一次显示）", body = WebhookWithSecret, headers(("Location" = String))),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 413, response = crate::docs::PayloadTooLarge),
    (status = 415, response = crate::docs::UnsupportedMediaType),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/webhooks")]
pub async fn create_webhook(
    state: web::Data<AppState>,
    user: AuthUser,
    body: crate::extract::Json<NewWebhook>,
) -> ApiResult<HttpResponse> {
    let n = body.into_inner();
    let key = state.data_key.clone();
    let (w, secret) =
        crate::db::write(&state, move |conn| service::create(conn, &user, &key, n)).await?;
    let out = WebhookWithSecret {
        webhook: webhook(w),
        secret,
    };
    let location = format!("/api/v1/webhooks/{}", out.webhook.id);
    Ok(HttpResponse::Created()
        .insert_header((actix_web::http::header::LOCATION, location))
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(out))
}

/// One webhook (without its secret).
#[utoipa::path(tag = "webhooks", security(("bearer" = [])), params(("id" = i64, Path, description = "Webhook id")), responses(
    (status = 200, description = "webhook", body = Webhook, headers(("ETag" = String))),
    (status = 304, description = "未修改（If-None-Match 命中）"),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 404, response = crate::docs::NotFound),
))]
#[get("/webhooks/{id}")]
pub async fn get_webhook(
    state: web::Data<AppState>,
    http: HttpRequest,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let w = crate::db::run(&state, move |conn| {
        youai_db::webhooks::find(conn, id)?.ok_or_else(|| ApiError::not_found("webhook"))
    })
    .await?;
    Ok(etag::ok_with_etag(&http, &webhook(w)))
}

/// Change a webhook's URL, kinds, description or status. `status: active` on a disabled one
/// enables it again and resets its failure count.
#[utoipa::path(tag = "webhooks", security(("bearer" = [])), request_body = WebhookPatch,
    params(("id" = i64, Path, description = "Webhook id")),
    responses(
        (status = 200, description = "已更新", body = Webhook, headers(("ETag" = String))),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
        (status = 413, response = crate::docs::PayloadTooLarge),
        (status = 415, response = crate::docs::UnsupportedMediaType),
        (status = 422, response = crate::docs::ValidationFailed),
))]
#[patch("/webhooks/{id}")]
pub async fn update_webhook(
    state: web::Data<AppState>,
    http: HttpRequest,
    user: AuthUser,
    id: web::Path<i64>,
    body: crate::extract::Json<WebhookPatch>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let p = body.into_inner();
    let w = crate::db::write(&state, move |conn| service::update(conn, &user, id, p)).await?;
    Ok(etag::ok_with_etag(&http, &webhook(w)))
}

/// Remove a webhook. Its deliveries stay in the outbox as history (`GET /deliveries`); one
/// still queued goes dead.
#[utoipa::path(tag = "webhooks", security(("bearer" = [])), params(("id" = i64, Path, description = "Webhook id")), responses(
    (status = 204, description = "已删除"),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 404, response = crate::docs::NotFound),
))]
#[delete("/webhooks/{id}")]
pub async fn delete_webhook(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    crate::db::write(&state, move |conn| service::delete(conn, &user, id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Replace a webhook's signing secret. The answer carries the new secret, shown this once;
/// the old one stops signing at once.
#[utoipa::path(tag = "webhooks", security(("bearer" = [])), params(("id" = i64, Path, description = "Webhook id")), responses(
    (status = 200, description = "新 secret（仅此一次显示）", body = WebhookWithSecret),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 404, response = crate::docs::NotFound),
))]
#[post("/webhooks/{id}/secret")]
pub async fn rotate_webhook_secret(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let key = state.data_key.clone();
    let (w, secret) = crate::db::write(&state, move |conn| {
        service::rotate_secret(conn, &user, &key, id)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(WebhookWithSecret {
            webhook: webhook(w),
            secret,
        }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeliveryLogQuery {
    /// Only deliveries in this state.
    pub status: Option<DeliveryStatus>,
    /// Page size, 1–100 (default 20).
    pub limit: Option<i64>,
    /// `next_cursor` from the previous page.
    pub cursor: Option<String>,
}

/// A webhook's delivery log, newest first: each delivery's status and every attempt's HTTP
/// status, error and latency.
#[utoipa::path(tag = "webhooks", security(("bearer" = [])), params(("id" = i64, Path, description = "Webhook id"), DeliveryLogQuery), responses(
    (status = 200, description = "一页投递记录", body = Page<DeliveryView>),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 404, response = crate::docs::NotFound),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[get("/webhooks/{id}/deliveries")]
pub async fn list_webhook_deliveries(
    state: web::Data<AppState>,
    id: web::Path<i64>,
    query: crate::extract::Query<DeliveryLogQuery>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let query = query.into_inner();
    let page = page_request(query.limit, query.cursor.as_deref(), Some(ListSort::IdDesc))?;
    let req = page.clone();
    let rows = crate::db::run(&state, move |conn| {
        if youai_db::webhooks::find(conn, id)?.is_none() {
            return Err(ApiError::not_found("webhook"));
        }
        let rows = youai_db::outbox::list_deliveries(
            conn,
            query.status,
            None,
            Some(id),
            req.after.as_ref().map(|a| a.id),
            fetch_limit(req.limit),
        )?;
        Ok(deliveries(conn, rows, true)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(page.page(
        rows,
        |r| (r.0.id, ""),
        |(d, k, log)| delivery(d, k, log),
    )))
}

/// Send one of a webhook's deliveries again, now — even one already delivered — with the same
/// `Youai-Webhook-Id` (receivers that dedupe by it see a repeat). 409 while it is queued or
/// being sent, or when the webhook is disabled.
#[utoipa::path(tag = "webhooks", security(("bearer" = [])), params(
        ("id" = i64, Path, description = "Webhook id"),
        ("delivery_id" = i64, Path, description = "Delivery id")),
    responses(
        (status = 200, description = "已重新排队", body = DeliveryView),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
        (status = 409, response = crate::docs::Conflict),
))]
#[post("/webhooks/{id}/deliveries/{delivery_id}/replay")]
pub async fn replay_webhook_delivery(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(i64, i64)>,
) -> ApiResult<HttpResponse> {
    let (id, delivery_id) = path.into_inner();
    let out = crate::db::write(&state, move |conn| {
        let d = service::replay(conn, &user, id, delivery_id)?;
        Ok(deliveries(conn, vec![d], true)?)
    })
    .await?;
    let (d, k, log) = out
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::not_found("delivery"))?;
    Ok(HttpResponse::Ok().json(delivery(d, k, log)))
}
