//! Volunteers: the profile a user completes, and staff search within their scope.

use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use chrono::Datelike;
use serde::Deserialize;
use utoipa::IntoParams;
use youai_db::{areas, volunteers};
use youai_domain::access::Action;
use youai_types::{NewVolunteer, Page, Volunteer, VolunteerPatch};

use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::etag;
use crate::listing::{ListSort, page_request, text_query};
use crate::state::AppState;

/// Complete your volunteer profile: you become a volunteer and get a volunteer number. The
/// phone is your account's. Under 14 cannot register; 14–17 need a guardian.
#[utoipa::path(tag = "corps", security(("bearer" = [])), request_body = NewVolunteer, responses(
    (status = 201, description = "已成为志愿者", body = Volunteer, headers(("Location" = String), ("ETag" = String)), links(("get_volunteer" = (operation_id = "get_volunteer", parameters(("id" = "$response.body#/id")))), ("update_volunteer" = (operation_id = "update_volunteer", parameters(("id" = "$response.body#/id")))), ("get_service_history" = (operation_id = "get_service_history", parameters(("id" = "$response.body#/id")))), ("get_star" = (operation_id = "get_star", parameters(("id" = "$response.body#/id")))))),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 409, response = crate::docs::Conflict),
    (status = 413, response = crate::docs::PayloadTooLarge),
    (status = 415, response = crate::docs::UnsupportedMediaType),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/volunteers")]
pub async fn create_volunteer(
    state: web::Data<AppState>,
    user: AuthUser,
    body: crate::extract::Json<NewVolunteer>,
) -> ApiResult<HttpResponse> {
    let mut new = body.into_inner();
    new.real_name = new.real_name.trim().to_owned();
    new.skill_ids.sort_unstable();
    new.skill_ids.dedup();
    let st = state.clone();
    let created = crate::db::write(&state, move |conn| {
        let row = crate::services::volunteers::register(conn, &st, user.id, &new)?;
        let mut v = crate::views::volunteers::views(conn, &st, vec![row], |_| {
            crate::volunteer_scope::Sight::Full
        })?;
        v.pop()
            .ok_or_else(|| ApiError::internal("volunteer vanished"))
    })
    .await?;
    Ok(etag::created(
        &created,
        format!("/api/v1/volunteers/{}", created.id),
    ))
}

/// One volunteer: to themself, platform admins (whole ID number), and staff in scope (masked).
#[utoipa::path(tag = "corps", security(("bearer" = [])), params(("id" = i64, Path, description = "Volunteer id")), responses(
    (status = 200, description = "志愿者", body = Volunteer, headers(("ETag" = String))),
    (status = 304, description = "未修改（If-None-Match 命中）"),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 404, response = crate::docs::NotFound),
))]
#[get("/volunteers/{id}")]
pub async fn get_volunteer(
    state: web::Data<AppState>,
    http: HttpRequest,
    user: AuthUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let st = state.clone();
    let v = crate::db::run(&state, move |conn| {
        let row = volunteers::find(conn, id)?.ok_or_else(|| ApiError::not_found("志愿者"))?;
        let sight = crate::volunteer_scope::sight_of(conn, &user, &row)?;
        let mut v = crate::views::volunteers::views(conn, &st, vec![row], |_| sight)?;
        v.pop().ok_or_else(|| ApiError::not_found("志愿者"))
    })
    .await?;
    Ok(etag::ok_with_etag(&http, &v))
}

/// Change a profile: the volunteer, or staff in scope. Honours `If-Match`.
#[utoipa::path(tag = "corps", security(("bearer" = [])), request_body = VolunteerPatch,
    params(("id" = i64, Path, description = "Volunteer id"),
        ("If-Match" = Option<String>, Header, description = "The ETag you read; 412 if it changed since")),
    responses(
        (status = 200, description = "已更新", body = Volunteer, headers(("ETag" = String))),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
        (status = 412, response = crate::docs::PreconditionFailed),
        (status = 413, response = crate::docs::PayloadTooLarge),
        (status = 415, response = crate::docs::UnsupportedMediaType),
        (status = 422, response = crate::docs::ValidationFailed),
))]
#[patch("/volunteers/{id}")]
pub async fn update_volunteer(
    state: web::Data<AppState>,
    http: HttpRequest,
    user: AuthUser,
    id: web::Path<i64>,
    body: crate::extract::Json<VolunteerPatch>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let mut p = body.into_inner();
    if let Some(s) = p.skill_ids.as_mut() {
        s.sort_unstable();
        s.dedup();
    }
    let if_match = etag::if_match(&http);
    let st = state.clone();
    let v = crate::db::write(&state, move |conn| {
        let row = volunteers::find(conn, id)?.ok_or_else(|| ApiError::not_found("志愿者"))?;
        let sight = crate::volunteer_scope::sight_of(conn, &user, &row)?;
        let current = crate::views::volunteers::views(conn, &st, vec![row.clone()], |_| sight)?;
        if let Some(first) = current.first() {
            etag::check_if_match(if_match.as_deref(), first)?;
        }
        let updated = crate::services::volunteers::update(conn, &row, &p)?;
        let mut v = crate::views::volunteers::views(conn, &st, vec![updated], |_| sight)?;
        v.pop().ok_or_else(|| ApiError::not_found("志愿者"))
    })
    .await?;
    Ok(etag::ok_with_etag(&http, &v))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VolunteerListQuery {
    /// Has this skill.
    pub skill_id: Option<i64>,
    /// Home area in this area's subtree.
    pub within: Option<i64>,
    /// An active member of this team.
    pub team_id: Option<i64>,
    /// Available on this weekday (1 = Monday … 7 = Sunday).
    pub weekday: Option<u8>,
    /// Aged at least this many years.
    pub age_min: Option<u32>,
    /// Aged at most this many years.
    pub age_max: Option<u32>,
    /// Text in the name, volunteer number or phone.
    pub q: Option<String>,
    /// Page size, 1–100 (default 20).
    pub limit: Option<i64>,
    /// `next_cursor` from the previous page.
    pub cursor: Option<String>,
    /// Order: `id` (default), `-id`, `name`, `-name`.
    pub sort: Option<ListSort>,
}

/// Search volunteers (staff): platform admins everywhere; area admins within their areas;
/// team leaders among their teams' members.
#[utoipa::path(tag = "corps", security(("bearer" = [])), params(VolunteerListQuery), responses(
    (status = 200, description = "一页志愿者", body = Page<Volunteer>),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[get("/volunteers")]
pub async fn list_volunteers(
    state: web::Data<AppState>,
    user: AuthUser,
    query: crate::extract::Query<VolunteerListQuery>,
) -> ApiResult<HttpResponse> {
    let query = query.into_inner();
    let roles = youai_domain::access::roles_for(Action::ViewVolunteers);
    if !user.grants.iter().any(|g| roles.contains(&g.role)) {
        return Err(ApiError::forbidden());
    }
    let page = page_request(query.limit, query.cursor.as_deref(), query.sort)?;
    let q = text_query(query.q.as_deref())?;
    if query.weekday.is_some_and(|w| !(1..=7).contains(&w)) {
        return Err(ApiError::field(
            "weekday",
            "out_of_range",
            "weekday 须在 1 到 7 之间",
        ));
    }
    let today = crate::clock::city_today();
    let born_before = query
        .age_min
        .map(|a| today.with_year(today.year() - a as i32).unwrap_or(today));
    let born_after = query.age_max.map(|a| {
        today
            .with_year(today.year() - a as i32 - 1)
            .unwrap_or(today)
    });
    let scope = if user.is_platform_admin() {
        None
    } else {
        Some(
            user.grants
                .iter()
                .filter(|g| g.role == youai_types::Role::AreaAdmin)
                .filter_map(|g| g.area_path.clone())
                .collect(),
        )
    };
    let team_paths: Vec<String> = user
        .grants
        .iter()
        .filter_map(|g| g.team_path.clone())
        .collect();
    let req = page.clone();
    let st = state.clone();
    let items = crate::db::run(&state, move |conn| {
        let within_path = match query.within {
            Some(id) => Some(
                areas::find(conn, id)?
                    .ok_or_else(|| ApiError::field("within", "not_found", "区域不存在"))?
                    .path,
            ),
            None => None,
        };
        let filter = volunteers::VolunteerFilter {
            scope_area_paths: scope,
            scope_team_paths: team_paths,
            within_path,
            skill_id: query.skill_id,
            team_id: query.team_id,
            born_after,
            born_before,
            weekday: query.weekday,
            q,
        };
        let rows = volunteers::list(conn, &filter, req.sort, req.after.as_ref(), req.limit)?;
        let admin = user.is_platform_admin();
        crate::views::volunteers::views(conn, &st, rows, |_| {
            if admin {
                crate::volunteer_scope::Sight::Full
            } else {
                crate::volunteer_scope::Sight::Staff
            }
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(page.page(items, |v| (v.id, v.real_name.as_str()), |v| v)))
}
