//! Honours: a volunteer's, and awarding one.

use actix_web::{HttpResponse, get, post, web};
use youai_domain::rewards::checks;
use youai_types::{Honour, NewHonour};

use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::services::honours;
use crate::state::AppState;
use crate::views;

/// A volunteer's honours, newest first (public: they are shown on the profile).
#[utoipa::path(tag = "rewards", params(("id" = i64, Path, description = "Volunteer id")), responses(
    (status = 200, description = "荣誉", body = Vec<Honour>),
    (status = 400, response = crate::docs::BadRequest),
    (status = 404, response = crate::docs::NotFound),
))]
#[get("/volunteers/{id}/honours")]
pub async fn list_honours(
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let items = crate::db::run(&state, move |conn| {
        Ok(honours::of(conn, id)?
            .into_iter()
            .map(views::rewards::honour)
            .collect::<Vec<_>>())
    })
    .await?;
    Ok(HttpResponse::Ok().json(items))
}

/// Awards an honour with a citation (platform admin, or an area admin of the volunteer's area).
#[utoipa::path(tag = "rewards", security(("bearer" = [])), request_body = NewHonour,
    params(("id" = i64, Path, description = "Volunteer id")),
    responses(
        (status = 201, description = "已授予", body = Honour),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
        (status = 413, response = crate::docs::PayloadTooLarge),
        (status = 415, response = crate::docs::UnsupportedMediaType),
        (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/volunteers/{id}/honours")]
pub async fn award_honour(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: crate::extract::Json<NewHonour>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let h = body.into_inner();
    checks::honour(
        &h.title,
        &h.citation,
        h.awarded_on,
        crate::clock::city_today(),
    )
    .map_err(ApiError::validation)?;
    let honour = crate::db::write(&state, move |conn| {
        honours::award(conn, &user, id, &h).map(views::rewards::honour)
    })
    .await?;
    Ok(HttpResponse::Created().json(honour))
}
