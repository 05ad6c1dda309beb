//! The reward rules and a volunteer's star level under them.

use actix_web::{HttpResponse, get, put, web};
use youai_domain::access::{Action, Target};
use youai_types::{RewardRules, StarLevel};

use crate::auth::{AuthUser, authorize};
use crate::error::ApiResult;
use crate::services::reward_rules;
use crate::state::AppState;
use crate::views;

/// How stars and points are earned (public, so volunteers can see the rules).
#[utoipa::path(tag = "rewards", responses(
    (status = 200, description = "积分与星级规则", body = RewardRules),
))]
#[get("/reward-rules")]
pub async fn get_reward_rules(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let rules = crate::db::run(&state, crate::ledger::rules).await?;
    Ok(HttpResponse::Ok().json(rules))
}

/// Sets the reward rules (platform admin). A new star ladder re-rates every volunteer at once
/// (a lower threshold raises their star, a higher one lowers it); points follow the new rules
/// from the next verified record.
#[utoipa::path(tag = "rewards", security(("bearer" = [])), request_body = RewardRules, responses(
    (status = 200, description = "已保存", body = RewardRules),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 413, response = crate::docs::PayloadTooLarge),
    (status = 415, response = crate::docs::UnsupportedMediaType),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[put("/reward-rules")]
pub async fn put_reward_rules(
    state: web::Data<AppState>,
    user: AuthUser,
    body: crate::extract::Json<RewardRules>,
) -> ApiResult<HttpResponse> {
    authorize(&user, Action::ManageRewards, &Target::Platform)?;
    let rules = body.into_inner();
    let saved = rules.clone();
    crate::db::write(&state, move |conn| reward_rules::save(conn, &user, &saved)).await?;
    Ok(HttpResponse::Ok().json(rules))
}

/// A volunteer's star level: hours, the time each level held was reached, hours to the next,
/// and every change (a correction can lower it). To the volunteer and staff in scope.
#[utoipa::path(tag = "rewards", security(("bearer" = [])), params(("id" = i64, Path, description = "Volunteer id")), responses(
    (status = 200, description = "星级", body = StarLevel),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 404, response = crate::docs::NotFound),
))]
#[get("/volunteers/{id}/star")]
pub async fn get_star(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let star = crate::db::run(&state, move |conn| {
        let s = reward_rules::star(conn, &user, id)?;
        Ok(views::rewards::star_level(
            s.volunteer_id,
            &s.rules,
            s.quarters,
            s.changes,
        ))
    })
    .await?;
    Ok(HttpResponse::Ok().json(star))
}
