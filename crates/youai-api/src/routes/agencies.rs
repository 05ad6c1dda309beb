//! Agencies (机关企事业单位): public reads (agencies are public bodies, so their contact is
//! shown to everyone); registered and edited by platform admins and admins of their area.

use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use serde::Deserialize;
use utoipa::IntoParams;
use youai_db::agencies::{self as db, AgencyFilter};
use youai_db::areas;
use youai_types::{Agency, AgencyKind, AgencyPatch, NewAgency, Page};

use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::etag;
use crate::listing::{ListSort, page_request, text_query};
use crate::services::agencies as service;
use crate::state::AppState;
use crate::views::resources::agency;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AgencyListQuery {
    pub kind: Option<AgencyKind>,
    /// Only agencies in this area or anywhere below it.
    pub within: Option<i64>,
    /// Text in the name or description.
    pub q: Option<String>,
    /// Page size, 1–100 (default 20).
    pub limit: Option<i64>,
    /// `next_cursor` from the previous page.
    pub cursor: Option<String>,
    /// `id` (oldest first, default) or `-id` (newest first).
    pub sort: Option<ListSort>,
}

/// List agencies, filtered by kind, area subtree and text.
#[utoipa::path(tag = "resources", params(AgencyListQuery), responses(
    (status = 200, description = "一页机关企事业单位", body = Page<Agency>),
    (status = 400, response = crate::docs::BadRequest),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[get("/agencies")]
pub async fn list_agencies(
    state: web::Data<AppState>,
    query: crate::extract::Query<AgencyListQuery>,
) -> ApiResult<HttpResponse> {
    let query = query.into_inner();
    let sort = match query.sort {
        Some(ListSort::IdDesc | ListSort::NameDesc) => ListSort::IdDesc,
        _ => ListSort::Id,
    };
    let page = page_request(query.limit, query.cursor.as_deref(), Some(sort))?;
    let q = text_query(query.q.as_deref())?;
    let req = page.clone();
    let rows = crate::db::run(&state, move |conn| {
        let within_path = match query.within {
            Some(id) => Some(
                areas::find(conn, id)?
                    .ok_or_else(|| ApiError::field("within", "not_found", "区域不存在"))?
                    .path,
            ),
            None => None,
        };
        let filter = AgencyFilter {
            kind: query.kind,
            within_path,
            q,
        };
        Ok(db::list(
            conn,
            &filter,
            req.after.as_ref().map(|a| a.id),
            req.sort.descending,
            req.limit,
        )?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(page.page(rows, |a| (a.id, a.name.as_str()), agency)))
}

/// One agency.
#[utoipa::path(tag = "resources", params(("id" = i64, Path, description = "Agency id")), responses(
    (status = 200, description = "机关企事业单位", body = Agency, headers(("ETag" = String))),
    (status = 304, description = "未修改（If-None-Match 命中）"),
    (status = 400, response = crate::docs::BadRequest),
    (status = 404, response = crate::docs::NotFound),
))]
#[get("/agencies/{id}")]
pub async fn get_agency(
    state: web::Data<AppState>,
    http: HttpRequest,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let a = crate::db::run(&state, move |conn| {
        db::find(conn, id)?.ok_or_else(|| ApiError::not_found("机关单位"))
    })
    .await?;
    Ok(etag::ok_with_etag(&http, &agency(a)))
}

/// Register an agency (platform admins, or admins of its area). Its name is unique (409
/// `agency_name_taken`).
#[utoipa::path(tag = "resources", security(("bearer" = [])), request_body = NewAgency, responses(
    (status = 201, description = "已登记", body = Agency, headers(("Location" = String), ("ETag" = String)), links(("get_agency" = (operation_id = "get_agency", parameters(("id" = "$response.body#/id")))), ("update_agency" = (operation_id = "update_agency", parameters(("id" = "$response.body#/id")))))),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 409, response = crate::docs::Conflict),
    (status = 413, response = crate::docs::PayloadTooLarge),
    (status = 415, response = crate::docs::UnsupportedMediaType),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/agencies")]
pub async fn create_agency(
    state: web::Data<AppState>,
    user: AuthUser,
    body: crate::extract::Json<NewAgency>,
) -> ApiResult<HttpResponse> {
    let n = body.into_inner();
    let a = crate::db::write(&state, move |conn| service::create(conn, &user, n)).await?;
    let a = agency(a);
    Ok(etag::created(&a, format!("/api/v1/agencies/{}", a.id)))
}

/// Change an agency (admins of its area, and of the new area when moving it). An empty
/// contact or description clears it.
#[utoipa::path(tag = "resources", security(("bearer" = [])), request_body = AgencyPatch,
    params(("id" = i64, Path, description = "Agency id")),
    responses(
        (status = 200, description = "已更新", body = Agency, headers(("ETag" = String))),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
        (status = 409, response = crate::docs::Conflict),
        (status = 413, response = crate::docs::PayloadTooLarge),
        (status = 415, response = crate::docs::UnsupportedMediaType),
        (status = 422, response = crate::docs::ValidationFailed),
))]
#[patch("/agencies/{id}")]
pub async fn update_agency(
    state: web::Data<AppState>,
    http: HttpRequest,
    user: AuthUser,
    id: web::Path<i64>,
    body: crate::extract::Json<AgencyPatch>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let p = body.into_inner();
    let a = crate::db::write(&state, move |conn| service::update(conn, &user, id, p)).await?;
    Ok(etag::ok_with_etag(&http, &agency(a)))
}
