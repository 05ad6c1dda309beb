//! Vouchers: listing and reading them, the provider's redemption, the holder's cancellation.

use actix_web::{HttpResponse, get, post, web};
use serde::Deserialize;
use utoipa::IntoParams;
use youai_types::Voucher;

use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::services::vouchers::{self, VoucherOf};
use crate::state::AppState;
use crate::views;

fn view(o: VoucherOf) -> Voucher {
    views::rewards::voucher(o.voucher, &o.reward)
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VoucherListQuery {
    /// A courtesy's vouchers (its provider or a platform admin); else the caller's own.
    pub reward_id: Option<i64>,
}

/// My vouchers, newest first; or, for a provider, the vouchers of one of its courtesies.
#[utoipa::path(tag = "rewards", security(("bearer" = [])), params(VoucherListQuery), responses(
    (status = 200, description = "兑换券", body = Vec<Voucher>),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 404, response = crate::docs::NotFound),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[get("/vouchers")]
pub async fn list_vouchers(
    state: web::Data<AppState>,
    user: AuthUser,
    query: crate::extract::Query<VoucherListQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.into_inner();
    let items = crate::db::run(&state, move |conn| {
        Ok(vouchers::list(conn, &user, q.reward_id)?
            .into_iter()
            .map(view)
            .collect::<Vec<_>>())
    })
    .await?;
    Ok(HttpResponse::Ok().json(items))
}

/// A voucher, to its holder, the provider and platform admins (others: 403 `foreign_voucher`).
#[utoipa::path(tag = "rewards", security(("bearer" = [])),
    params(("code" = String, Path, description = "Voucher code")),
    responses(
        (status = 200, description = "兑换券", body = Voucher),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
))]
#[get("/vouchers/{code}")]
pub async fn get_voucher(
    state: web::Data<AppState>,
    user: AuthUser,
    code: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let v = crate::db::run(&state, move |conn| {
        vouchers::find(conn, &user, &code).map(view)
    })
    .await?;
    Ok(HttpResponse::Ok().json(v))
}

/// The provider redeems a voucher, once (again → 409 `voucher_redeemed`; expired → 409
/// `voucher_expired`; another provider's → 403 `foreign_voucher`).
#[utoipa::path(tag = "rewards", security(("bearer" = [])),
    params(("code" = String, Path, description = "Voucher code")),
    responses(
        (status = 200, description = "已核销", body = Voucher),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
        (status = 409, response = crate::docs::Conflict),
))]
#[post("/vouchers/{code}/redeem")]
pub async fn redeem_voucher(
    state: web::Data<AppState>,
    user: AuthUser,
    code: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let v = crate::db::write(&state, move |conn| {
        vouchers::redeem(conn, &user, &code).map(view)
    })
    .await?;
    Ok(HttpResponse::Ok().json(v))
}

/// The holder cancels an unredeemed, unexpired voucher: its points and stock come back.
#[utoipa::path(tag = "rewards", security(("bearer" = [])),
    params(("code" = String, Path, description = "Voucher code")),
    responses(
        (status = 200, description = "已取消，积分与库存已退回", body = Voucher),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
        (status = 409, response = crate::docs::Conflict),
))]
#[post("/vouchers/{code}/cancel")]
pub async fn cancel_voucher(
    state: web::Data<AppState>,
    user: AuthUser,
    code: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let v = crate::db::write(&state, move |conn| {
        vouchers::cancel(conn, &user, &code).map(view)
    })
    .await?;
    Ok(HttpResponse::Ok().json(v))
}
