//! Service projects (服务项目) and their release batches.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use serde::Deserialize;
use utoipa::IntoParams;
use youai_db::activities::{self as db, ProjectFields, ProjectFilter};
use youai_db::{DbConn, areas, teams};
use youai_domain::access::{Action, Target};
use youai_domain::validate::Errors;
use youai_types::{
    AreaLevel, NewProject, NewProjectBatch, NewProjectReview, Page, Project, ProjectBatch,
    ProjectStatus, TeamStatus,
};

use crate::auth::{AuthUser, authorize};
use crate::caller::optional_user;
use crate::convert::utc;
use crate::error::{ApiError, ApiResult};
use crate::listing::{ListSort, page_request, text_query};
use crate::services::projects as service;
use crate::state::AppState;
use youai_db::json::Json;
use youai_types::vocabulary::TARGET_GROUPS;

pub fn project(p: db::Project) -> Project {
    Project {
        id: p.id,
        title: p.title,
        description: p.description,
        category: p.category,
        target_groups: p.target_groups.0,
        level: p.level,
        area_id: p.area_id,
        owner_team_id: p.owner_team_id,
        owner_agency: p.owner_agency,
        owner_agency_id: p.owner_agency_id,
        status: p.status,
        batch_id: p.batch_id,
        review_reason: p.review_reason,
        published_at: p.published_at.map(utc),
        created_at: utc(p.created_at),
        updated_at: utc(p.updated_at),
    }
}

/// Release batches with how many published projects each holds.
#[utoipa::path(tag = "projects", responses((status = 200, description = "发布批次", body = Vec<ProjectBatch>)))]
#[get("/project-batches")]
pub async fn list_project_batches(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let items = crate::db::run(&state, |conn| {
        let counts: std::collections::HashMap<i64, i64> = db::batch_counts(conn)?
            .into_iter()
            .filter_map(|(b, n)| b.map(|b| (b, n)))
            .collect();
        Ok(db::batches(conn)?
            .into_iter()
            .map(|b| ProjectBatch {
                id: b.id,
                project_count: counts.get(&b.id).copied().unwrap_or(0),
                name: b.name,
                name_en: b.name_en,
                released_on: b.released_on,
            })
            .collect::<Vec<_>>())
    })
    .await?;
    Ok(HttpResponse::Ok().json(items))
}

/// Open a release batch (platform admins).
#[utoipa::path(tag = "projects", security(("bearer" = [])), request_body = NewProjectBatch, responses(
    (status = 201, description = "已创建", body = ProjectBatch),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 409, response = crate::docs::Conflict),
    (status = 413, response = crate::docs::PayloadTooLarge),
    (status = 415, response = crate::docs::UnsupportedMediaType),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/project-batches")]
pub async fn create_project_batch(
    state: web::Data<AppState>,
    user: AuthUser,
    body: crate::extract::Json<NewProjectBatch>,
) -> ApiResult<HttpResponse> {
    authorize(&user, Action::ReviewProjects, &Target::Platform)?;
    let n = body.into_inner();
    let mut e = Errors::default();
    e.text("name", &n.name, 2, 60);
    e.optional_text("name_en", n.name_en.as_deref(), 60);
    e.into_result().map_err(ApiError::validation)?;
    let b = crate::db::write(&state, move |conn| {
        if db::batches(conn)?.iter().any(|b| b.name == n.name.trim()) {
            return Err(crate::constraints::PROJECT_BATCHES_NAME.error());
        }
        let name_en = n.name_en.as_deref().map(str::trim);
        Ok(db::insert_batch(
            conn,
            n.name.trim(),
            name_en,
            n.released_on,
        )?)
    })
    .await?;
    let body = ProjectBatch {
        id: b.id,
        name: b.name,
        name_en: b.name_en,
        released_on: b.released_on,
        project_count: 0,
    };
    Ok(HttpResponse::Created()
        .insert_header((actix_web::http::header::LOCATION, "/api/v1/project-batches"))
        .json(body))
}

/// Checks a new project; gives its area and, when it names a registered agency, the agency's
/// name (which becomes `owner_agency`).
fn check_fields(conn: &mut DbConn, n: &NewProject) -> ApiResult<(areas::Area, Option<String>)> {
    let mut e = Errors::default();
    e.text("title", &n.title, 2, 100);
    e.text("category", &n.category, 1, 30);
    e.optional_text("description", n.description.as_deref(), 5000);
    for (i, g) in n.target_groups.iter().enumerate() {
        if !TARGET_GROUPS.iter().any(|(name, _)| name == g) {
            e.add(
                &format!("target_groups[{i}]"),
                "unknown_target_group",
                format!(
                    "服务对象须为：{}",
                    TARGET_GROUPS.map(|(name, _)| name).join("、")
                ),
            );
        }
    }
    if n.owner_team_id.is_none()
        && n.owner_agency_id.is_none()
        && n.owner_agency
            .as_deref()
            .is_none_or(|a| a.trim().is_empty())
    {
        e.add("owner_team_id", "required", "须指定承办队伍或机关单位");
    }
    let area = areas::find(conn, n.area_id)?;
    match &area {
        None => e.add("area_id", "not_found", "所属区域不存在"),
        Some(a) if a.level != n.level => {
            e.add("level", "level_mismatch", "项目层级须与所属区域的层级一致")
        }
        Some(_) => {}
    }
    if let Some(t) = n.owner_team_id
        && teams::find(conn, t)?.is_none_or(|t| t.status != TeamStatus::Approved)
    {
        e.add("owner_team_id", "not_found", "承办队伍不存在或未通过审核");
    }
    let agency = match n.owner_agency_id {
        Some(a) => {
            let found = youai_db::agencies::find(conn, a)?;
            if found.is_none() {
                e.add("owner_agency_id", "not_found", "机关单位不存在");
            }
            found.map(|a| a.name)
        }
        None => None,
    };
    e.into_result().map_err(ApiError::validation)?;
    let area = area.ok_or_else(|| ApiError::field("area_id", "not_found", "所属区域不存在"))?;
    Ok((area, agency))
}

/// Draft a project (leaders of the owning team, or admins of the area). It is published after review.
#[utoipa::path(tag = "projects", security(("bearer" = [])), request_body = NewProject, responses(
    (status = 201, description = "已创建草稿", body = Project, headers(("Location" = String)), links(("get_project" = (operation_id = "get_project", parameters(("id" = "$response.body#/id")))), ("create_project_review" = (operation_id = "create_project_review", parameters(("id" = "$response.body#/id")))))),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 413, response = crate::docs::PayloadTooLarge),
    (status = 415, response = crate::docs::UnsupportedMediaType),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/projects")]
pub async fn create_project(
    state: web::Data<AppState>,
    user: AuthUser,
    body: crate::extract::Json<NewProject>,
) -> ApiResult<HttpResponse> {
    let mut n = body.into_inner();
    n.title = n.title.trim().to_owned();
    n.target_groups.sort();
    n.target_groups.dedup();
    let p = crate::db::write(&state, move |conn| {
        let (area, agency_name) = check_fields(conn, &n)?;
        let fields = ProjectFields {
            title: n.title.clone(),
            description: n.description.clone(),
            category: n.category.trim().to_owned(),
            target_groups: Json(n.target_groups.clone()),
            level: n.level,
            area_id: area.id,
            owner_team_id: n.owner_team_id,
            owner_agency: agency_name
                .or_else(|| n.owner_agency.clone().filter(|a| !a.trim().is_empty())),
            owner_agency_id: n.owner_agency_id,
        };
        service::authorize_owner(conn, &user, n.owner_team_id, n.owner_agency_id, area.id)?;
        Ok(db::insert_project(conn, &fields, user.id)?)
    })
    .await?;
    let p = project(p);
    Ok(HttpResponse::Created()
        .insert_header((
            actix_web::http::header::LOCATION,
            format!("/api/v1/projects/{}", p.id),
        ))
        .json(p))
}

/// One project.
#[utoipa::path(tag = "projects", params(("id" = i64, Path, description = "Project id")), responses(
    (status = 200, description = "服务项目", body = Project, headers(("ETag" = String))),
    (status = 304, description = "未修改（If-None-Match 命中）"),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 404, response = crate::docs::NotFound),
))]
#[get("/projects/{id}")]
pub async fn get_project(
    state: web::Data<AppState>,
    http: HttpRequest,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let user = optional_user(&http).await?;
    let p = crate::db::run(&state, move |conn| {
        service::visible(conn, user.as_ref(), id)
    })
    .await?;
    Ok(crate::etag::ok_with_etag(&http, &project(p)))
}

/// A review step: the owner submits; an admin of the area approves into a batch or rejects
/// with a reason; the owner or an admin closes a published project.
#[utoipa::path(tag = "projects", security(("bearer" = [])), request_body = NewProjectReview,
    params(("id" = i64, Path, description = "Project id")),
    responses(
        (status = 200, description = "项目的新状态", body = Project),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
        (status = 409, response = crate::docs::Conflict),
        (status = 413, response = crate::docs::PayloadTooLarge),
        (status = 415, response = crate::docs::UnsupportedMediaType),
        (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/projects/{id}/reviews")]
pub async fn create_project_review(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: crate::extract::Json<NewProjectReview>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let r = body.into_inner();
    let p = crate::db::write(&state, move |conn| service::review(conn, &user, id, r)).await?;
    Ok(HttpResponse::Ok().json(project(p)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProjectListQuery {
    /// Default: published. Others need `within` an area you review, or `owner_team_id` of a
    /// team you run.
    pub status: Option<ProjectStatus>,
    pub category: Option<String>,
    /// 农村群众, 企业职工, 社区居民, 新市民, 老年人 or 未成年人.
    pub target_group: Option<String>,
    pub level: Option<AreaLevel>,
    /// Projects in this area's subtree.
    pub within: Option<i64>,
    pub owner_team_id: Option<i64>,
    /// Projects in an agency's name; its operators see their own drafts with it.
    pub owner_agency_id: Option<i64>,
    pub batch_id: Option<i64>,
    /// Text in the title or description.
    pub q: Option<String>,
    /// Page size, 1–100 (default 20).
    pub limit: Option<i64>,
    /// `next_cursor` from the previous page.
    pub cursor: Option<String>,
    /// `id` (oldest first, default) or `-id` (newest first).
    pub sort: Option<ListSort>,
}

/// List projects.
#[utoipa::path(tag = "projects", params(ProjectListQuery), responses(
    (status = 200, description = "一页服务项目", body = Page<Project>),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[get("/projects")]
pub async fn list_projects(
    state: web::Data<AppState>,
    http: HttpRequest,
    query: crate::extract::Query<ProjectListQuery>,
) -> ApiResult<HttpResponse> {
    let query = query.into_inner();
    let sort = match query.sort {
        Some(ListSort::IdDesc | ListSort::NameDesc) => ListSort::IdDesc,
        _ => ListSort::Id,
    };
    let page = page_request(query.limit, query.cursor.as_deref(), Some(sort))?;
    let q = text_query(query.q.as_deref())?;
    let status = query.status.unwrap_or(ProjectStatus::Published);
    let public = matches!(status, ProjectStatus::Published | ProjectStatus::Closed);
    let user = if public {
        None
    } else {
        optional_user(&http).await?
    };
    let req = page.clone();
    let items = crate::db::run(&state, move |conn| {
        let within_path = match query.within {
            Some(id) => Some(
                areas::find(conn, id)?
                    .ok_or_else(|| ApiError::field("within", "not_found", "区域不存在"))?
                    .path,
            ),
            None => None,
        };
        if !public {
            let user = user.as_ref().ok_or_else(|| {
                ApiError::unauthorized("missing_token", "查看未发布的项目须先登录")
            })?;
            // A team's own drafts are for those who run it; the rest for reviewers.
            let runs_owner = match query.owner_team_id {
                Some(t) => match youai_db::teams::find(conn, t)? {
                    Some(team) => {
                        crate::team_scope::authorize_team(conn, user, Action::ManageTeam, &team)
                            .is_ok()
                    }
                    None => false,
                },
                None => query.owner_agency_id.is_some_and(|a| {
                    authorize(user, Action::ManageResources, &Target::Agency(a)).is_ok()
                }),
            };
            if !runs_owner {
                let target = within_path
                    .as_deref()
                    .map_or(Target::Platform, Target::Area);
                authorize(user, Action::ReviewProjects, &target)?;
            }
        }
        let filter = ProjectFilter {
            statuses: vec![status],
            category: query.category.filter(|c| !c.is_empty()),
            target_group: query.target_group.filter(|g| !g.is_empty()),
            level: query.level.map(|l| l.as_str().to_owned()),
            within_path,
            owner_team_id: query.owner_team_id,
            owner_agency_id: query.owner_agency_id,
            batch_id: query.batch_id,
            q,
        };
        let rows = db::list_projects(
            conn,
            &filter,
            req.after.as_ref().map(|a| a.id),
            req.sort.descending,
            req.limit,
        )?;
        Ok(rows.into_iter().map(project).collect::<Vec<_>>())
    })
    .await?;
    Ok(HttpResponse::Ok().json(page.page(items, |p| (p.id, p.title.as_str()), |p| p)))
}
