//! Points: a volunteer's account and an admin's adjustment.

use actix_web::{HttpResponse, get, post, web};
use youai_domain::rewards::checks;
use youai_types::{NewPointsAdjustment, PointsAccount, PointsEntry};

use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::services::points;
use crate::state::AppState;
use crate::views;

fn account_view(a: points::Account) -> PointsAccount {
    views::rewards::points_account(a.volunteer_id, a.balance, a.earned, a.entries)
}

/// My points: the balance (the sum of the ledger) and the newest entries.
#[utoipa::path(tag = "rewards", security(("bearer" = [])), responses(
    (status = 200, description = "我的积分", body = PointsAccount),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[get("/me/points")]
pub async fn get_my_points(state: web::Data<AppState>, user: AuthUser) -> ApiResult<HttpResponse> {
    let account = crate::db::run(&state, move |conn| {
        let v = crate::caller::volunteer_profile(conn, &user)?;
        points::account(conn, v.id).map(account_view)
    })
    .await?;
    Ok(HttpResponse::Ok().json(account))
}

/// A volunteer's points, for the volunteer and staff in scope.
#[utoipa::path(tag = "rewards", security(("bearer" = [])), params(("id" = i64, Path, description = "Volunteer id")), responses(
    (status = 200, description = "积分", body = PointsAccount),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 404, response = crate::docs::NotFound),
))]
#[get("/volunteers/{id}/points")]
pub async fn get_points(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let account = crate::db::run(&state, move |conn| {
        points::volunteer_in_sight(conn, &user, id)?;
        points::account(conn, id).map(account_view)
    })
    .await?;
    Ok(HttpResponse::Ok().json(account))
}

/// Adjusts a volunteer's points with a reason (platform admin, or an area admin of the
/// volunteer's area). The balance may not go below zero (409 `insufficient_points`).
#[utoipa::path(tag = "rewards", security(("bearer" = [])), request_body = NewPointsAdjustment,
    params(("id" = i64, Path, description = "Volunteer id")),
    responses(
        (status = 201, description = "已调整", body = PointsEntry),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
        (status = 409, response = crate::docs::Conflict),
        (status = 413, response = crate::docs::PayloadTooLarge),
        (status = 415, response = crate::docs::UnsupportedMediaType),
        (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/volunteers/{id}/points/adjustments")]
pub async fn adjust_points(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: crate::extract::Json<NewPointsAdjustment>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let a = body.into_inner();
    checks::adjustment(a.points, &a.reason).map_err(ApiError::validation)?;
    let entry = crate::db::write(&state, move |conn| {
        points::adjust(conn, &user, id, a.points, a.reason.trim()).map(views::rewards::points_entry)
    })
    .await?;
    Ok(HttpResponse::Created().json(entry))
}
