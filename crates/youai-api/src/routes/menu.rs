//! The menu (市级供单：服务菜单): published projects agencies and teams offer the grassroots,
//! with the areas they serve, their monthly capacity, notice and conditions. Reading it is
//! public (the menu is a public offer); putting a project on it and changing it is for those
//! who manage the item (see `services::menu`).

use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use serde::Deserialize;
use utoipa::IntoParams;
use youai_db::areas;
use youai_db::orders::menu::MenuFilter;
use youai_domain::menu::path_ids;
use youai_domain::orders::month_of;
use youai_types::{MenuItem, MenuItemPatch, MenuItemStatus, NewMenuItem, Page};

use crate::auth::AuthUser;
use crate::clock::city_today;
use crate::error::{ApiError, ApiResult};
use crate::etag;
use crate::listing::{ListSort, page_request, text_query};
use crate::services::menu as service;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MenuListQuery {
    /// The project's category (`projects.category`).
    pub category: Option<String>,
    /// A target group the project serves.
    pub target_group: Option<String>,
    pub provider_agency_id: Option<i64>,
    pub provider_team_id: Option<i64>,
    /// `true`: only items with a place left this month (China time).
    pub has_capacity: Option<bool>,
    /// Items serving this area: those whose served areas include it or an area above it.
    pub serves_area_id: Option<i64>,
    /// Text in the title.
    pub q: Option<String>,
    /// Default: active.
    pub status: Option<MenuItemStatus>,
    /// Page size, 1–100 (default 20).
    pub limit: Option<i64>,
    /// `next_cursor` from the previous page.
    pub cursor: Option<String>,
    /// `id` (oldest first, default), `-id`, `name` (by title, code-point order) or `-name`.
    pub sort: Option<ListSort>,
}

/// The menu, each item with what is taken and left of this month. Public.
#[utoipa::path(tag = "menu", params(MenuListQuery), responses(
    (status = 200, description = "一页服务菜单", body = Page<MenuItem>),
    (status = 400, response = crate::docs::BadRequest),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[get("/menu-items")]
pub async fn list_menu_items(
    state: web::Data<AppState>,
    query: crate::extract::Query<MenuListQuery>,
) -> ApiResult<HttpResponse> {
    let query = query.into_inner();
    let page = page_request(query.limit, query.cursor.as_deref(), query.sort)?;
    let q = text_query(query.q.as_deref())?;
    let req = page.clone();
    let today = city_today();
    let items = crate::db::run(&state, move |conn| {
        let serving_any_of = match query.serves_area_id {
            Some(id) => Some(path_ids(
                &areas::find(conn, id)?
                    .ok_or_else(|| ApiError::field("serves_area_id", "not_found", "区域不存在"))?
                    .path,
            )),
            None => None,
        };
        let filter = MenuFilter {
            status: Some(query.status.unwrap_or(MenuItemStatus::Active)),
            category: query.category.filter(|c| !c.trim().is_empty()),
            target_group: query.target_group.filter(|g| !g.trim().is_empty()),
            provider_agency_id: query.provider_agency_id,
            provider_team_id: query.provider_team_id,
            serving_any_of,
            capacity_in: query.has_capacity.filter(|h| *h).map(|_| month_of(today)),
            q,
        };
        service::list(
            conn,
            &filter,
            req.sort,
            req.after.as_ref(),
            req.limit,
            today,
        )
    })
    .await?;
    Ok(HttpResponse::Ok().json(page.page(items, |i| (i.id, i.title.as_str()), |i| i)))
}

/// One menu item, with what is taken and left of this month. Public.
#[utoipa::path(tag = "menu", params(("id" = i64, Path, description = "Menu item id")), responses(
    (status = 200, description = "服务菜单项", body = MenuItem, headers(("ETag" = String))),
    (status = 304, description = "未修改（If-None-Match 命中）"),
    (status = 400, response = crate::docs::BadRequest),
    (status = 404, response = crate::docs::NotFound),
))]
#[get("/menu-items/{id}")]
pub async fn get_menu_item(
    state: web::Data<AppState>,
    http: HttpRequest,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let item = crate::db::run(&state, move |conn| {
        let i = service::find(conn, id)?;
        service::view(conn, i, city_today())
    })
    .await?;
    Ok(etag::ok_with_etag(&http, &item))
}

/// Put a published project on the menu (供单), once: its agency's operators, its team's
/// leaders, or admins of its area. The provider defaults to the project's owner. 422
/// `project_not_published` (field `project_id`); 409 `already_on_menu`.
#[utoipa::path(tag = "menu", security(("bearer" = [])), request_body = NewMenuItem, responses(
    (status = 201, description = "已上架", body = MenuItem, headers(("Location" = String), ("ETag" = String)), links(("get_menu_item" = (operation_id = "get_menu_item", parameters(("id" = "$response.body#/id")))))),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 409, response = crate::docs::Conflict),
    (status = 413, response = crate::docs::PayloadTooLarge),
    (status = 415, response = crate::docs::UnsupportedMediaType),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/menu-items")]
pub async fn create_menu_item(
    state: web::Data<AppState>,
    user: AuthUser,
    body: crate::extract::Json<NewMenuItem>,
) -> ApiResult<HttpResponse> {
    let n = body.into_inner();
    let item = crate::db::write(&state, move |conn| {
        let i = service::create(conn, &user, n)?;
        service::view(conn, i, city_today())
    })
    .await?;
    Ok(etag::created(
        &item,
        format!("/api/v1/menu-items/{}", item.id),
    ))
}

/// Change a menu item, or withdraw it with `status: withdrawn` (those who manage it). A
/// capacity below what this month has already taken is allowed: accepted orders stand and
/// `remaining_this_month` shows 0.
#[utoipa::path(tag = "menu", security(("bearer" = [])), request_body = MenuItemPatch,
    params(("id" = i64, Path, description = "Menu item id")),
    responses(
        (status = 200, description = "已更新", body = MenuItem, headers(("ETag" = String))),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
        (status = 413, response = crate::docs::PayloadTooLarge),
        (status = 415, response = crate::docs::UnsupportedMediaType),
        (status = 422, response = crate::docs::ValidationFailed),
))]
#[patch("/menu-items/{id}")]
pub async fn update_menu_item(
    state: web::Data<AppState>,
    http: HttpRequest,
    user: AuthUser,
    id: web::Path<i64>,
    body: crate::extract::Json<MenuItemPatch>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let p = body.into_inner();
    let item = crate::db::write(&state, move |conn| {
        let i = service::update(conn, &user, id, p)?;
        service::view(conn, i, city_today())
    })
    .await?;
    Ok(etag::ok_with_etag(&http, &item))
}
