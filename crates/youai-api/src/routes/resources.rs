//! The resources list (社会资源清单) and its allocations (下沉): public reads; agencies'
//! operators, providing teams' leaders and admins of the area publish, change, withdraw and
//! allocate (see `services::resources`).

use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use serde::Deserialize;
use utoipa::IntoParams;
use youai_db::resources::{self as db, ResourceFilter};
use youai_db::{DbConn, areas};
use youai_types::{
    Allocation, AreaLevel, NewAllocation, NewResource, Page, Resource, ResourceKind, ResourcePatch,
    ResourceStatus,
};

use crate::auth::AuthUser;
use crate::clock::city_today;
use crate::error::{ApiError, ApiResult};
use crate::etag;
use crate::listing::{ListSort, page_request, text_query};
use crate::services::resources as service;
use crate::state::AppState;
use crate::views::resources::{allocation, resources};

/// A resource as shown, with its usage this period.
fn one(conn: &mut DbConn, r: db::Resource) -> ApiResult<Resource> {
    resources(conn, vec![r], city_today())?
        .pop()
        .ok_or_else(|| ApiError::not_found("资源"))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ResourceListQuery {
    pub kind: Option<ResourceKind>,
    /// Default: active.
    pub status: Option<ResourceStatus>,
    /// A topic from the `resource_topics` vocabulary.
    pub topic: Option<String>,
    pub level: Option<AreaLevel>,
    /// Resources in this area's subtree.
    pub within: Option<i64>,
    pub provider_agency_id: Option<i64>,
    pub provider_team_id: Option<i64>,
    /// Text in the title or description.
    pub q: Option<String>,
    /// Page size, 1–100 (default 20).
    pub limit: Option<i64>,
    /// `next_cursor` from the previous page.
    pub cursor: Option<String>,
    /// `id` (oldest first, default) or `-id` (newest first).
    pub sort: Option<ListSort>,
}

/// List resources, each with what remains of it in the current period.
#[utoipa::path(tag = "resources", params(ResourceListQuery), responses(
    (status = 200, description = "一页社会资源", body = Page<Resource>),
    (status = 400, response = crate::docs::BadRequest),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[get("/resources")]
pub async fn list_resources(
    state: web::Data<AppState>,
    query: crate::extract::Query<ResourceListQuery>,
) -> ApiResult<HttpResponse> {
    let query = query.into_inner();
    let sort = match query.sort {
        Some(ListSort::IdDesc | ListSort::NameDesc) => ListSort::IdDesc,
        _ => ListSort::Id,
    };
    let page = page_request(query.limit, query.cursor.as_deref(), Some(sort))?;
    let q = text_query(query.q.as_deref())?;
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
        let filter = ResourceFilter {
            kind: query.kind,
            status: Some(query.status.unwrap_or(ResourceStatus::Active)),
            topic: query.topic.filter(|t| !t.is_empty()),
            level: query.level,
            within_path,
            provider_agency_id: query.provider_agency_id,
            provider_team_id: query.provider_team_id,
            q,
        };
        let rows = db::list(
            conn,
            &filter,
            req.after.as_ref().map(|a| a.id),
            req.sort.descending,
            req.limit,
        )?;
        resources(conn, rows, city_today())
    })
    .await?;
    Ok(HttpResponse::Ok().json(page.page(items, |r| (r.id, r.title.as_str()), |r| r)))
}

/// One resource, with what remains of it in the current period.
#[utoipa::path(tag = "resources", params(("id" = i64, Path, description = "Resource id")), responses(
    (status = 200, description = "社会资源", body = Resource, headers(("ETag" = String))),
    (status = 304, description = "未修改（If-None-Match 命中）"),
    (status = 400, response = crate::docs::BadRequest),
    (status = 404, response = crate::docs::NotFound),
))]
#[get("/resources/{id}")]
pub async fn get_resource(
    state: web::Data<AppState>,
    http: HttpRequest,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let r = crate::db::run(&state, move |conn| {
        let r = db::find(conn, id)?.ok_or_else(|| ApiError::not_found("资源"))?;
        one(conn, r)
    })
    .await?;
    Ok(etag::ok_with_etag(&http, &r))
}

/// Publish a resource: for an agency (its operators, or admins of the area) or a team (its
/// leaders, or admins of the area). Its level must be its area's.
#[utoipa::path(tag = "resources", security(("bearer" = [])), request_body = NewResource, responses(
    (status = 201, description = "已发布", body = Resource, headers(("Location" = String), ("ETag" = String)), links(("get_resource" = (operation_id = "get_resource", parameters(("id" = "$response.body#/id")))), ("create_resource_allocation" = (operation_id = "create_resource_allocation", parameters(("id" = "$response.body#/id")))))),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 413, response = crate::docs::PayloadTooLarge),
    (status = 415, response = crate::docs::UnsupportedMediaType),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/resources")]
pub async fn create_resource(
    state: web::Data<AppState>,
    user: AuthUser,
    body: crate::extract::Json<NewResource>,
) -> ApiResult<HttpResponse> {
    let n = body.into_inner();
    let r = crate::db::write(&state, move |conn| {
        let r = service::create(conn, &user, n)?;
        one(conn, r)
    })
    .await?;
    Ok(etag::created(&r, format!("/api/v1/resources/{}", r.id)))
}

/// Change a resource, or withdraw it with `status: withdrawn` (those who manage it).
#[utoipa::path(tag = "resources", security(("bearer" = [])), request_body = ResourcePatch,
    params(("id" = i64, Path, description = "Resource id")),
    responses(
        (status = 200, description = "已更新", body = Resource, headers(("ETag" = String))),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
        (status = 413, response = crate::docs::PayloadTooLarge),
        (status = 415, response = crate::docs::UnsupportedMediaType),
        (status = 422, response = crate::docs::ValidationFailed),
))]
#[patch("/resources/{id}")]
pub async fn update_resource(
    state: web::Data<AppState>,
    http: HttpRequest,
    user: AuthUser,
    id: web::Path<i64>,
    body: crate::extract::Json<ResourcePatch>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let p = body.into_inner();
    let r = crate::db::write(&state, move |conn| {
        let r = service::update(conn, &user, id, p)?;
        one(conn, r)
    })
    .await?;
    Ok(etag::ok_with_etag(&http, &r))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AllocationListQuery {
    /// Page size, 1–100 (default 20).
    pub limit: Option<i64>,
    /// `next_cursor` from the previous page.
    pub cursor: Option<String>,
}

/// A resource's allocations (下沉), newest first. Public, as the resources list is.
#[utoipa::path(tag = "resources", params(("id" = i64, Path, description = "Resource id"), AllocationListQuery), responses(
    (status = 200, description = "一页下沉记录", body = Page<Allocation>),
    (status = 400, response = crate::docs::BadRequest),
    (status = 404, response = crate::docs::NotFound),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[get("/resources/{id}/allocations")]
pub async fn list_resource_allocations(
    state: web::Data<AppState>,
    id: web::Path<i64>,
    query: crate::extract::Query<AllocationListQuery>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let query = query.into_inner();
    let page = page_request(query.limit, query.cursor.as_deref(), Some(ListSort::IdDesc))?;
    let req = page.clone();
    let rows = crate::db::run(&state, move |conn| {
        db::find(conn, id)?.ok_or_else(|| ApiError::not_found("资源"))?;
        Ok(db::allocations(
            conn,
            id,
            req.after.as_ref().map(|a| a.id),
            req.limit,
        )?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(page.page(rows, |a| (a.id, ""), allocation)))
}

/// Allocate (下沉) a quantity to a town or village for the period a day falls in (default
/// today). Never beyond the period's capacity: 409 `capacity_exceeded` with what remains;
/// 409 `resource_withdrawn` or `resource_unavailable` outside its availability window.
#[utoipa::path(tag = "resources", security(("bearer" = [])), request_body = NewAllocation,
    params(("id" = i64, Path, description = "Resource id")),
    responses(
        (status = 201, description = "已下沉", body = Allocation, headers(("Location" = String))),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
        (status = 409, response = crate::docs::Conflict),
        (status = 413, response = crate::docs::PayloadTooLarge),
        (status = 415, response = crate::docs::UnsupportedMediaType),
        (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/resources/{id}/allocations")]
pub async fn create_resource_allocation(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: crate::extract::Json<NewAllocation>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let n = body.into_inner();
    let a = crate::db::write(&state, move |conn| {
        service::allocate(conn, &user, id, n, city_today())
    })
    .await?;
    let a = allocation(a);
    Ok(HttpResponse::Created()
        .insert_header((
            actix_web::http::header::LOCATION,
            format!("/api/v1/resources/{id}/allocations"),
        ))
        .json(a))
}
