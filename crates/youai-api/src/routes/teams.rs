//! Teams: the corps tree, registration of civil-society teams and its decisions.

use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use serde::Deserialize;
use utoipa::IntoParams;
use youai_domain::teams::publicly_visible;
use youai_types::{
    NewTeam, NewTeamDecision, Page, Team, TeamDecision, TeamKind, TeamPatch, TeamStatus,
};

use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::etag;
use crate::listing::{ListSort, page_request, text_query};
use crate::services::teams::{self as service, TeamQuery};
use crate::state::AppState;
use crate::views::teams::{view, view_for, views_for};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TeamListQuery {
    pub kind: Option<TeamKind>,
    /// Default: approved. Other statuses need `within` an area you administer.
    pub status: Option<TeamStatus>,
    /// Direct sub-teams of this team.
    pub parent_id: Option<i64>,
    /// Teams in this area's subtree.
    pub within: Option<i64>,
    /// This team and every team below it.
    pub under: Option<i64>,
    /// Exact specialty, e.g. 理论宣讲.
    pub specialty: Option<String>,
    /// Text in the name or description (理论 finds 理论宣讲行业支队).
    pub q: Option<String>,
    /// Page size, 1–100 (default 20).
    pub limit: Option<i64>,
    /// `next_cursor` from the previous page.
    pub cursor: Option<String>,
    /// Order: `id` (default), `-id`, `name`, `-name`.
    pub sort: Option<ListSort>,
}

/// List teams with member and sub-team counts.
#[utoipa::path(tag = "corps", params(TeamListQuery), responses(
    (status = 200, description = "一页队伍", body = Page<Team>),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[get("/teams")]
pub async fn list_teams(
    state: web::Data<AppState>,
    http: HttpRequest,
    query: crate::extract::Query<TeamListQuery>,
) -> ApiResult<HttpResponse> {
    let query = query.into_inner();
    let page = page_request(query.limit, query.cursor.as_deref(), query.sort)?;
    let q = text_query(query.q.as_deref())?;
    let status = query.status.unwrap_or(TeamStatus::Approved);
    let user = if publicly_visible(status) {
        None
    } else {
        crate::caller::optional_user(&http).await?
    };
    let req = page.clone();
    let items = crate::db::run(&state, move |conn| {
        let tq = TeamQuery {
            kind: query.kind,
            status,
            parent_id: query.parent_id,
            within: query.within,
            under: query.under,
            specialty: query.specialty,
            q,
        };
        let rows = service::list(
            conn,
            user.as_ref(),
            tq,
            req.sort,
            req.after.as_ref(),
            req.limit,
        )?;
        views_for(conn, user.as_ref(), rows)
    })
    .await?;
    Ok(HttpResponse::Ok().json(page.page(items, |t| (t.id, t.name.as_str()), |t| t)))
}

/// One team.
#[utoipa::path(tag = "corps", params(("id" = i64, Path, description = "Team id")), responses(
    (status = 200, description = "队伍", body = Team, headers(("ETag" = String))),
    (status = 304, description = "未修改（If-None-Match 命中）"),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 404, response = crate::docs::NotFound),
))]
#[get("/teams/{id}")]
pub async fn get_team(
    state: web::Data<AppState>,
    http: HttpRequest,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let user = crate::caller::optional_user(&http).await?;
    let team = crate::db::run(&state, move |conn| {
        let t = crate::team_scope::visible_team(conn, user.as_ref(), id)?;
        view_for(conn, user.as_ref(), t)
    })
    .await?;
    Ok(etag::ok_with_etag(&http, &team))
}

/// Create a team. Admins of the team's area create official teams directly (approved); anyone
/// signed in may apply to register a `social_team`, which waits for approval. A volunteer who
/// registers a team becomes its first leader.
#[utoipa::path(tag = "corps", security(("bearer" = [])), request_body = NewTeam, responses(
    (status = 201, description = "已创建或已提交注册申请", body = Team, headers(("Location" = String), ("ETag" = String)), links(("get_team" = (operation_id = "get_team", parameters(("id" = "$response.body#/id")))), ("update_team" = (operation_id = "update_team", parameters(("id" = "$response.body#/id")))), ("create_team_decision" = (operation_id = "create_team_decision", parameters(("id" = "$response.body#/id")))))),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 409, response = crate::docs::Conflict),
    (status = 413, response = crate::docs::PayloadTooLarge),
    (status = 415, response = crate::docs::UnsupportedMediaType),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/teams")]
pub async fn create_team(
    state: web::Data<AppState>,
    user: AuthUser,
    body: crate::extract::Json<NewTeam>,
) -> ApiResult<HttpResponse> {
    let n = body.into_inner();
    let team = crate::db::write(&state, move |conn| {
        let t = service::create(conn, &user, n)?;
        view(conn, t)
    })
    .await?;
    Ok(etag::created(&team, format!("/api/v1/teams/{}", team.id)))
}

/// Change a team: its leaders (and leaders above it) or admins of its area. Moving it re-checks
/// the tree. Honours `If-Match`.
#[utoipa::path(tag = "corps", security(("bearer" = [])), request_body = TeamPatch,
    params(("id" = i64, Path, description = "Team id"),
        ("If-Match" = Option<String>, Header, description = "The ETag you read; 412 if it changed since")),
    responses(
        (status = 200, description = "已更新", body = Team, headers(("ETag" = String))),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
        (status = 409, response = crate::docs::Conflict),
        (status = 412, response = crate::docs::PreconditionFailed),
        (status = 413, response = crate::docs::PayloadTooLarge),
        (status = 415, response = crate::docs::UnsupportedMediaType),
        (status = 422, response = crate::docs::ValidationFailed),
))]
#[patch("/teams/{id}")]
pub async fn update_team(
    state: web::Data<AppState>,
    http: HttpRequest,
    user: AuthUser,
    id: web::Path<i64>,
    body: crate::extract::Json<TeamPatch>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let p = body.into_inner();
    let if_match = etag::if_match(&http);
    let team = crate::db::write(&state, move |conn| {
        let t = service::update(conn, &user, id, p, if_match.as_deref())?;
        view(conn, t)
    })
    .await?;
    Ok(etag::ok_with_etag(&http, &team))
}

/// Decide a team's registration: approve or reject a pending one, suspend or reinstate an
/// approved one. By admins of the team's area or above; recorded in the team's history.
#[utoipa::path(tag = "corps", security(("bearer" = [])), request_body = NewTeamDecision,
    params(("id" = i64, Path, description = "Team id")),
    responses(
        (status = 200, description = "队伍的新状态", body = Team),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
        (status = 409, response = crate::docs::Conflict),
        (status = 413, response = crate::docs::PayloadTooLarge),
        (status = 415, response = crate::docs::UnsupportedMediaType),
        (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/teams/{id}/decisions")]
pub async fn create_team_decision(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: crate::extract::Json<NewTeamDecision>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let NewTeamDecision { decision, reason } = body.into_inner();
    let team = crate::db::write(&state, move |conn| {
        let t = service::decide(conn, &user, id, decision, reason.as_deref())?;
        view(conn, t)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::ETAG, etag::etag_of(&team)))
        .json(team))
}

/// A team's history: who decided what, when and why.
#[utoipa::path(tag = "corps", params(("id" = i64, Path, description = "Team id")), responses(
    (status = 200, description = "审核记录（由早到晚）", body = Vec<TeamDecision>),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 404, response = crate::docs::NotFound),
))]
#[get("/teams/{id}/decisions")]
pub async fn list_team_decisions(
    state: web::Data<AppState>,
    http: HttpRequest,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let user = crate::caller::optional_user(&http).await?;
    let items: Vec<TeamDecision> = crate::db::run(&state, move |conn| {
        Ok(service::history(conn, user.as_ref(), id)?
            .into_iter()
            .map(|(d, actor)| crate::views::teams::decision(d, actor))
            .collect())
    })
    .await?;
    Ok(HttpResponse::Ok().json(items))
}
