//! Membership: volunteers apply (or answer a recruitment post), leaders decide; members leave or
//! are removed; leaders appoint leaders. And recruitment posts themselves.

use actix_web::{HttpResponse, get, patch, post, web};
use serde::Deserialize;
use utoipa::IntoParams;
use youai_types::{
    JoinRequest, Membership, MembershipPatch, MembershipStatus, MembershipStatusChange,
    NewRecruitment, Page, Recruitment,
};

use crate::auth::AuthUser;
use crate::caller::optional_user;
use crate::error::{ApiError, ApiResult};
use crate::listing::{ListSort, page_request};
use crate::services::members::{self as service, MembershipOutcome};
use crate::services::recruitments;
use crate::state::AppState;
use crate::views::members::recruitment;

fn membership(o: MembershipOutcome) -> Membership {
    crate::views::members::membership(o.member, o.team_name, o.volunteer_name)
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MemberListQuery {
    pub status: Option<MembershipStatus>,
    /// Page size, 1–100 (default 20).
    pub limit: Option<i64>,
    /// `next_cursor` from the previous page.
    pub cursor: Option<String>,
}

/// A team's members and join requests (its leaders and admins of its area).
#[utoipa::path(tag = "corps", security(("bearer" = [])), params(("id" = i64, Path, description = "Team id"), MemberListQuery), responses(
    (status = 200, description = "一页成员", body = Page<Membership>),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 404, response = crate::docs::NotFound),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[get("/teams/{id}/members")]
pub async fn list_team_members(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    query: crate::extract::Query<MemberListQuery>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let query = query.into_inner();
    let page = page_request(query.limit, query.cursor.as_deref(), Some(ListSort::Id))?;
    let req = page.clone();
    let items = crate::db::run(&state, move |conn| {
        let rows = service::list(
            conn,
            &user,
            id,
            query.status,
            req.after.as_ref().map(|a| a.id),
            req.limit,
        )?;
        Ok(rows.into_iter().map(membership).collect::<Vec<_>>())
    })
    .await?;
    Ok(HttpResponse::Ok().json(page.page(items, |m| (m.id, m.volunteer_name.as_str()), |m| m)))
}

/// Apply to join a team (as a volunteer), optionally answering one of its recruitment posts.
#[utoipa::path(tag = "corps", security(("bearer" = [])), request_body = JoinRequest,
    params(("id" = i64, Path, description = "Team id")),
    responses(
        (status = 201, description = "已申请", body = Membership),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 404, response = crate::docs::NotFound),
        (status = 409, response = crate::docs::Conflict),
        (status = 413, response = crate::docs::PayloadTooLarge),
        (status = 415, response = crate::docs::UnsupportedMediaType),
        (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/teams/{id}/members")]
pub async fn create_team_member(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: crate::extract::Json<JoinRequest>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let req = body.into_inner();
    let message = req
        .message
        .map(|m| m.trim().to_owned())
        .filter(|m| !m.is_empty());
    if message.as_ref().is_some_and(|m| m.chars().count() > 500) {
        return Err(ApiError::field(
            "message",
            "too_long",
            "留言最多 500 个字符",
        ));
    }
    let m = crate::db::write(&state, move |conn| {
        let o = service::join(conn, &user, id, req.recruitment_id, message.as_deref())?;
        Ok(membership(o))
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            actix_web::http::header::LOCATION,
            format!("/api/v1/teams/{}/members/{}", m.team_id, m.id),
        ))
        .json(m))
}

/// Move a membership on: a leader accepts (`active`), declines or removes; the volunteer leaves.
#[utoipa::path(tag = "corps", security(("bearer" = [])), request_body = MembershipStatusChange,
    params(("id" = i64, Path, description = "Team id"), ("member_id" = i64, Path, description = "Membership id")),
    responses(
        (status = 200, description = "成员的新状态", body = Membership),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
        (status = 409, response = crate::docs::Conflict),
        (status = 413, response = crate::docs::PayloadTooLarge),
        (status = 415, response = crate::docs::UnsupportedMediaType),
        (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/teams/{id}/members/{member_id}/status")]
pub async fn update_team_member_status(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(i64, i64)>,
    body: crate::extract::Json<MembershipStatusChange>,
) -> ApiResult<HttpResponse> {
    let (id, member_id) = path.into_inner();
    let to = body.into_inner().status;
    let m = crate::db::write(&state, move |conn| {
        let o = service::change_status(conn, &user, id, member_id, to)?;
        Ok(membership(o))
    })
    .await?;
    Ok(HttpResponse::Ok().json(m))
}

/// Make an active member a leader, or a leader a member (its leaders and admins of its area).
#[utoipa::path(tag = "corps", security(("bearer" = [])), request_body = MembershipPatch,
    params(("id" = i64, Path, description = "Team id"), ("member_id" = i64, Path, description = "Membership id")),
    responses(
        (status = 200, description = "已更新", body = Membership),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
        (status = 409, response = crate::docs::Conflict),
        (status = 413, response = crate::docs::PayloadTooLarge),
        (status = 415, response = crate::docs::UnsupportedMediaType),
        (status = 422, response = crate::docs::ValidationFailed),
))]
#[patch("/teams/{id}/members/{member_id}")]
pub async fn update_team_member(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(i64, i64)>,
    body: crate::extract::Json<MembershipPatch>,
) -> ApiResult<HttpResponse> {
    let (id, member_id) = path.into_inner();
    let role = body.into_inner().role;
    let m = crate::db::write(&state, move |conn| {
        let o = service::change_role(conn, &user, id, member_id, role)?;
        Ok(membership(o))
    })
    .await?;
    Ok(HttpResponse::Ok().json(m))
}

/// My memberships, with each team's name.
#[utoipa::path(tag = "corps", security(("bearer" = [])), responses(
    (status = 200, description = "我加入或申请的队伍", body = Vec<Membership>),
    (status = 401, response = crate::docs::Unauthorized),
))]
#[get("/me/memberships")]
pub async fn list_my_memberships(
    state: web::Data<AppState>,
    user: AuthUser,
) -> ApiResult<HttpResponse> {
    let items: Vec<Membership> = crate::db::run(&state, move |conn| {
        Ok(service::mine(conn, &user)?
            .into_iter()
            .map(membership)
            .collect())
    })
    .await?;
    Ok(HttpResponse::Ok().json(items))
}

/// Post a recruitment call for a team (its leaders and admins of its area).
#[utoipa::path(tag = "corps", security(("bearer" = [])), request_body = NewRecruitment, responses(
    (status = 201, description = "已发布", body = Recruitment, headers(("Location" = String))),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 404, response = crate::docs::NotFound),
    (status = 409, response = crate::docs::Conflict),
    (status = 413, response = crate::docs::PayloadTooLarge),
    (status = 415, response = crate::docs::UnsupportedMediaType),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/recruitments")]
pub async fn create_recruitment(
    state: web::Data<AppState>,
    user: AuthUser,
    body: crate::extract::Json<NewRecruitment>,
) -> ApiResult<HttpResponse> {
    let n = body.into_inner();
    let r = crate::db::write(&state, move |conn| {
        let row = recruitments::create(conn, &user, n)?;
        recruitment(row, 0)
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            actix_web::http::header::LOCATION,
            format!("/api/v1/recruitments/{}", r.id),
        ))
        .json(r))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RecruitmentListQuery {
    pub team_id: Option<i64>,
    /// Only calls still taking applications.
    pub open: Option<bool>,
    /// Page size, 1–100 (default 20).
    pub limit: Option<i64>,
    /// `next_cursor` from the previous page.
    pub cursor: Option<String>,
}

/// Recruitment calls, newest first.
#[utoipa::path(tag = "corps", params(RecruitmentListQuery), responses(
    (status = 200, description = "一页招募", body = Page<Recruitment>),
    (status = 400, response = crate::docs::BadRequest),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[get("/recruitments")]
pub async fn list_recruitments(
    state: web::Data<AppState>,
    query: crate::extract::Query<RecruitmentListQuery>,
) -> ApiResult<HttpResponse> {
    let query = query.into_inner();
    let page = page_request(query.limit, query.cursor.as_deref(), Some(ListSort::IdDesc))?;
    let req = page.clone();
    let items = crate::db::run(&state, move |conn| {
        recruitments::list(
            conn,
            query.team_id,
            query.open.unwrap_or(false),
            req.after.as_ref().map(|a| a.id),
            req.limit,
        )?
        .into_iter()
        .map(|(r, n)| recruitment(r, n))
        .collect::<ApiResult<Vec<_>>>()
    })
    .await?;
    Ok(HttpResponse::Ok().json(page.page(items, |r| (r.id, r.title.as_str()), |r| r)))
}

/// One recruitment call.
#[utoipa::path(tag = "corps", params(("id" = i64, Path, description = "Recruitment id")), responses(
    (status = 200, description = "招募", body = Recruitment),
    (status = 400, response = crate::docs::BadRequest),
    (status = 404, response = crate::docs::NotFound),
))]
#[get("/recruitments/{id}")]
pub async fn get_recruitment(
    state: web::Data<AppState>,
    http: actix_web::HttpRequest,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let user = optional_user(&http).await?;
    let r = crate::db::run(&state, move |conn| {
        let (r, n) = recruitments::get(conn, user.as_ref(), id)?;
        recruitment(r, n)
    })
    .await?;
    Ok(crate::etag::ok_with_etag(&http, &r))
}

/// Close a recruitment call early: it takes no more applications (its team's leaders and
/// admins of its area). Closing a closed call answers it as it is.
#[utoipa::path(tag = "corps", security(("bearer" = [])), params(("id" = i64, Path, description = "Recruitment id")), responses(
    (status = 200, description = "已结束招募", body = Recruitment),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 404, response = crate::docs::NotFound),
))]
#[post("/recruitments/{id}/close")]
pub async fn close_recruitment(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let r = crate::db::write(&state, move |conn| {
        let (r, n) = recruitments::close(conn, &user, id)?;
        recruitment(r, n)
    })
    .await?;
    Ok(HttpResponse::Ok().json(r))
}
