//! The courtesy catalogue: listing, reading, adding and changing courtesies, and redeeming one
//! into a voucher.

use actix_web::http::header;
use actix_web::{HttpResponse, get, patch, post, web};
use serde::Deserialize;
use utoipa::IntoParams;
use youai_db::rewards as db;
use youai_domain::access::{Action, Target};
use youai_types::{NewReward, Reward, RewardKind, RewardPatch, Voucher};

use crate::auth::{AuthUser, authorize};
use crate::error::{ApiError, ApiResult};
use crate::services::{catalogue, redemptions};
use crate::state::AppState;
use crate::views;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RewardListQuery {
    pub kind: Option<RewardKind>,
    /// Include withdrawn courtesies (default false).
    pub include_inactive: Option<bool>,
}

/// The courtesy catalogue (public).
#[utoipa::path(tag = "rewards", params(RewardListQuery), responses(
    (status = 200, description = "礼遇目录", body = Vec<Reward>),
    (status = 400, response = crate::docs::BadRequest),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[get("/rewards")]
pub async fn list_rewards(
    state: web::Data<AppState>,
    query: crate::extract::Query<RewardListQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.into_inner();
    let items = crate::db::run(&state, move |conn| {
        Ok(
            db::list_rewards(conn, q.kind, !q.include_inactive.unwrap_or(false))?
                .into_iter()
                .map(views::rewards::reward)
                .collect::<Vec<_>>(),
        )
    })
    .await?;
    Ok(HttpResponse::Ok().json(items))
}

/// A courtesy (public).
#[utoipa::path(tag = "rewards", params(("id" = i64, Path, description = "Courtesy id")), responses(
    (status = 200, description = "礼遇", body = Reward),
    (status = 400, response = crate::docs::BadRequest),
    (status = 404, response = crate::docs::NotFound),
))]
#[get("/rewards/{id}")]
pub async fn get_reward(state: web::Data<AppState>, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let r = crate::db::run(&state, move |conn| {
        db::find_reward(conn, id)?
            .map(views::rewards::reward)
            .ok_or_else(|| ApiError::not_found("礼遇"))
    })
    .await?;
    Ok(HttpResponse::Ok().json(r))
}

/// Adds a courtesy to the catalogue (platform admin).
#[utoipa::path(tag = "rewards", security(("bearer" = [])), request_body = NewReward, responses(
    (status = 201, description = "已添加", body = Reward, links(("get_reward" = (operation_id = "get_reward", parameters(("id" = "$response.body#/id")))), ("update_reward" = (operation_id = "update_reward", parameters(("id" = "$response.body#/id")))), ("redeem_reward" = (operation_id = "redeem_reward", parameters(("id" = "$response.body#/id")))))),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 413, response = crate::docs::PayloadTooLarge),
    (status = 415, response = crate::docs::UnsupportedMediaType),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/rewards")]
pub async fn create_reward(
    state: web::Data<AppState>,
    user: AuthUser,
    body: crate::extract::Json<NewReward>,
) -> ApiResult<HttpResponse> {
    authorize(&user, Action::ManageRewards, &Target::Platform)?;
    let new = body.into_inner();
    let r = crate::db::write(&state, move |conn| {
        catalogue::create(conn, &user, &new).map(views::rewards::reward)
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/api/v1/rewards/{}", r.id)))
        .json(r))
}

/// Changes a courtesy (platform admin); `stock_delta` restocks or withdraws stock atomically
/// (409 `out_of_stock` if it would go below zero).
#[utoipa::path(tag = "rewards", security(("bearer" = [])), request_body = RewardPatch,
    params(("id" = i64, Path, description = "Courtesy id")),
    responses(
        (status = 200, description = "已修改", body = Reward),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
        (status = 409, response = crate::docs::Conflict),
        (status = 413, response = crate::docs::PayloadTooLarge),
        (status = 415, response = crate::docs::UnsupportedMediaType),
        (status = 422, response = crate::docs::ValidationFailed),
))]
#[patch("/rewards/{id}")]
pub async fn update_reward(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: crate::extract::Json<RewardPatch>,
) -> ApiResult<HttpResponse> {
    authorize(&user, Action::ManageRewards, &Target::Platform)?;
    let id = id.into_inner();
    let p = body.into_inner();
    let r = crate::db::write(&state, move |conn| {
        catalogue::update(conn, &user, id, p).map(views::rewards::reward)
    })
    .await?;
    Ok(HttpResponse::Ok().json(r))
}

/// Redeems a courtesy for the caller: checks eligibility (422 naming the rule), then debits
/// the points and the stock and issues a voucher, all in one transaction. 409
/// `out_of_stock`, `insufficient_points`, `limit_reached` or `not_available` otherwise.
#[utoipa::path(tag = "rewards", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Courtesy id")),
    responses(
        (status = 201, description = "兑换券", body = Voucher, links(("get_voucher" = (operation_id = "get_voucher", parameters(("code" = "$response.body#/code")))), ("cancel_voucher" = (operation_id = "cancel_voucher", parameters(("code" = "$response.body#/code")))))),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 404, response = crate::docs::NotFound),
        (status = 409, response = crate::docs::Conflict),
        (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/rewards/{id}/redemptions")]
pub async fn redeem_reward(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let voucher = crate::db::write(&state, move |conn| {
        let issued = redemptions::redeem(conn, &user, id)?;
        Ok(views::rewards::voucher(issued.voucher, &issued.reward))
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            header::LOCATION,
            format!("/api/v1/vouchers/{}", voucher.code),
        ))
        .json(voucher))
}
