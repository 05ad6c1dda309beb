//! Matching needs to resources and projects (需求对接), and a need's trace.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use youai_types::{NeedLink, NeedTrace, NewNeedLink, Proposal};

use crate::auth::AuthUser;
use crate::caller::optional_user;
use crate::error::ApiResult;
use crate::services::{matching as service, trace};
use crate::state::AppState;

/// Proposals for an accepted need: resources and published projects that answer its category
/// and reach its village, ranked by score, each with the reasons that make its score (fit,
/// target group, distance — same village > same town > city —, capacity left, past ratings).
/// Reviewers of the need's area.
#[utoipa::path(tag = "needs", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Need id")),
    responses(
        (status = 200, description = "按得分排序的对接建议（至多 20 条）", body = Vec<Proposal>),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
        (status = 409, response = crate::docs::Conflict),
))]
#[get("/needs/{id}/proposals")]
pub async fn list_need_proposals(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let items = crate::db::run(&state, move |conn| service::proposals(conn, &user, id)).await?;
    Ok(HttpResponse::Ok().json(items))
}

/// Link a proposal to a need: a published project, or a resource (which becomes a published
/// service project for the need, owned by the resource's provider). An accepted need becomes
/// matched and leaves the ranked list. Reviewers of the need's area.
#[utoipa::path(tag = "needs", security(("bearer" = [])), request_body = NewNeedLink,
    params(("id" = i64, Path, description = "Need id")),
    responses(
        (status = 201, description = "已对接", body = NeedLink),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
        (status = 409, response = crate::docs::Conflict),
        (status = 413, response = crate::docs::PayloadTooLarge),
        (status = 415, response = crate::docs::UnsupportedMediaType),
        (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/needs/{id}/links")]
pub async fn create_need_link(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: crate::extract::Json<NewNeedLink>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let n = body.into_inner();
    let l = crate::db::write(&state, move |conn| service::link(conn, &user, id, n)).await?;
    Ok(HttpResponse::Created()
        .insert_header((
            actix_web::http::header::LOCATION,
            format!("/api/v1/needs/{id}/trace"),
        ))
        .json(l))
}

/// A need's trace: intake, merges, reviews, the proposals chosen, the projects, allocations,
/// activities, volunteers and verified hours, residents served and the resident's rating. In
/// full for staff of the need's area; anonymised for everyone else.
#[utoipa::path(tag = "needs",
    params(("id" = i64, Path, description = "Need id")),
    responses(
        (status = 200, description = "需求的全程追踪", body = NeedTrace),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 404, response = crate::docs::NotFound),
))]
#[get("/needs/{id}/trace")]
pub async fn get_need_trace(
    state: web::Data<AppState>,
    http: HttpRequest,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let user = optional_user(&http).await?;
    let t = crate::db::run(&state, move |conn| trace::trace(conn, user.as_ref(), id)).await?;
    Ok(HttpResponse::Ok().json(t))
}
