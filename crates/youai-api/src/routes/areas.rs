//! Areas: public reads; writes by admins of the area's parent (or above).

use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use serde::Deserialize;
use utoipa::IntoParams;
use youai_db::areas::{self, AreaFilter};
use youai_domain::access::{Action, Target};
use youai_domain::validate;
use youai_types::{Area, AreaLevel, AreaNode, AreaPatch, NewArea, Page};

use crate::auth::{AuthUser, authorize};
use crate::convert;
use crate::error::{ApiError, ApiResult};
use crate::etag;
use crate::listing::{ListSort, page_request, text_query};
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AreaListQuery {
    /// Only the direct children of this area.
    pub parent_id: Option<i64>,
    /// Only areas at this level.
    pub level: Option<AreaLevel>,
    /// Only this area and everything below it (a subtree).
    pub within: Option<i64>,
    /// Text in the name (substring; 金港 finds 金港镇).
    pub q: Option<String>,
    /// Page size, 1–100 (default 20).
    pub limit: Option<i64>,
    /// `next_cursor` from the previous page.
    pub cursor: Option<String>,
    /// Order: `id` (default), `-id`, `name`, `-name`.
    pub sort: Option<ListSort>,
}

/// List areas, filtered by parent, level, subtree and name.
#[utoipa::path(tag = "areas", params(AreaListQuery), responses(
    (status = 200, description = "一页区域", body = Page<Area>),
    (status = 400, response = crate::docs::BadRequest),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[get("/areas")]
pub async fn list_areas(
    state: web::Data<AppState>,
    query: crate::extract::Query<AreaListQuery>,
) -> ApiResult<HttpResponse> {
    let query = query.into_inner();
    let page = page_request(query.limit, query.cursor.as_deref(), query.sort)?;
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
        let filter = AreaFilter {
            parent_id: query.parent_id,
            level: query.level,
            within_path,
            q,
        };
        Ok(areas::list(
            conn,
            &filter,
            req.sort,
            req.after.as_ref(),
            req.limit,
        )?)
    })
    .await?;
    let body = page.page(rows, |a| (a.id, a.name.as_str()), convert::area);
    Ok(HttpResponse::Ok().json(body))
}

/// One area.
#[utoipa::path(tag = "areas", params(("id" = i64, Path, description = "Area id")), responses(
    (status = 400, response = crate::docs::BadRequest),
    (status = 200, description = "区域", body = Area, headers(("ETag" = String, description = "Version tag"))),
    (status = 304, description = "未修改（If-None-Match 命中）"),
    (status = 404, response = crate::docs::NotFound),
))]
#[get("/areas/{id}")]
pub async fn get_area(
    state: web::Data<AppState>,
    http: HttpRequest,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let area = crate::db::run(&state, move |conn| {
        areas::find(conn, id)?.ok_or_else(|| ApiError::not_found("区域"))
    })
    .await?;
    Ok(etag::ok_with_etag(&http, &convert::area(area)))
}

/// An area and everything below it, as a tree.
#[utoipa::path(tag = "areas", params(("id" = i64, Path, description = "Area id")), responses(
    (status = 400, response = crate::docs::BadRequest),
    (status = 200, description = "区域树", body = AreaNode),
    (status = 404, response = crate::docs::NotFound),
))]
#[get("/areas/{id}/tree")]
pub async fn get_area_tree(
    state: web::Data<AppState>,
    http: HttpRequest,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let rows = crate::db::run(&state, move |conn| {
        let root = areas::find(conn, id)?.ok_or_else(|| ApiError::not_found("区域"))?;
        Ok(areas::subtree(conn, &root.path)?)
    })
    .await?;
    let tree = build_tree(rows, id).ok_or_else(|| ApiError::not_found("区域"))?;
    Ok(etag::ok_with_etag(&http, &tree))
}

/// Assembles the nested tree from rows ordered parents first.
fn build_tree(rows: Vec<areas::Area>, root: i64) -> Option<AreaNode> {
    use std::collections::HashMap;
    let mut children: HashMap<Option<i64>, Vec<areas::Area>> = HashMap::new();
    let mut root_row = None;
    for r in rows {
        if r.id == root {
            root_row = Some(r);
        } else {
            children.entry(r.parent_id).or_default().push(r);
        }
    }
    fn node(a: areas::Area, children: &mut HashMap<Option<i64>, Vec<areas::Area>>) -> AreaNode {
        let kids = children.remove(&Some(a.id)).unwrap_or_default();
        let a = convert::area(a);
        AreaNode {
            id: a.id,
            parent_id: a.parent_id,
            level: a.level,
            name: a.name,
            code: a.code,
            children: kids.into_iter().map(|k| node(k, children)).collect(),
        }
    }
    root_row.map(|r| node(r, &mut children))
}

/// Create an area. A city needs a platform admin; a town or village, an admin of its parent
/// area (or above).
#[utoipa::path(tag = "areas", security(("bearer" = [])), request_body = NewArea, responses(
    (status = 201, description = "已创建", body = Area, headers(("Location" = String), ("ETag" = String)), links(("get_area" = (operation_id = "get_area", parameters(("id" = "$response.body#/id")))), ("update_area" = (operation_id = "update_area", parameters(("id" = "$response.body#/id")))))),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 409, response = crate::docs::Conflict),
    (status = 413, response = crate::docs::PayloadTooLarge),
    (status = 415, response = crate::docs::UnsupportedMediaType),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/areas")]
pub async fn create_area(
    state: web::Data<AppState>,
    user: AuthUser,
    body: crate::extract::Json<NewArea>,
) -> ApiResult<HttpResponse> {
    let mut new = body.into_inner();
    new.name = new.name.trim().to_owned();
    let area = crate::db::write(&state, move |conn| {
        let parent = match new.parent_id {
            Some(id) => areas::find(conn, id)?,
            None => None,
        };
        match &parent {
            Some(p) => authorize(&user, Action::ManageAreas, &Target::Area(&p.path))?,
            None => authorize(&user, Action::ManageAreas, &Target::Platform)?,
        }
        let parent_level = parent.as_ref().map(|p| p.level);
        validate::new_area(&new, parent_level).map_err(ApiError::validation)?;
        if areas::sibling_named(conn, new.parent_id, &new.name, None)? {
            return Err(crate::constraints::AREAS_PARENT_NAME
                .error_with(format!("同一上级下已有名为「{}」的区域", new.name)));
        }
        let row = areas::insert(
            conn,
            &areas::NewArea {
                parent: parent.as_ref(),
                level: new.level,
                name: &new.name,
                code: new.code.as_deref(),
            },
        )?;
        Ok(row)
    })
    .await?;
    let area = convert::area(area);
    Ok(etag::created(&area, format!("/api/v1/areas/{}", area.id)))
}

/// Rename an area or set its code, as an admin of the area (or above). Honours `If-Match`.
#[utoipa::path(tag = "areas", security(("bearer" = [])), request_body = AreaPatch,
    params(("id" = i64, Path, description = "Area id"),
        ("If-Match" = Option<String>, Header, description = "The ETag you read; 412 if the area changed since")),
    responses(
        (status = 200, description = "已更新", body = Area, headers(("ETag" = String))),
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
#[patch("/areas/{id}")]
pub async fn update_area(
    state: web::Data<AppState>,
    http: HttpRequest,
    user: AuthUser,
    id: web::Path<i64>,
    body: crate::extract::Json<AreaPatch>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let mut patch = body.into_inner();
    patch.name = patch.name.map(|n| n.trim().to_owned());
    let if_match = etag::if_match(&http);
    let area = crate::db::write(&state, move |conn| {
        let current = areas::find(conn, id)?.ok_or_else(|| ApiError::not_found("区域"))?;
        authorize(&user, Action::ManageAreas, &Target::Area(&current.path))?;
        etag::check_if_match(if_match.as_deref(), &convert::area(current.clone()))?;
        validate::area_patch(patch.name.as_deref(), patch.code.as_deref())
            .map_err(ApiError::validation)?;
        if let Some(name) = &patch.name
            && areas::sibling_named(conn, current.parent_id, name, Some(id))?
        {
            return Err(crate::constraints::AREAS_PARENT_NAME
                .error_with(format!("同一上级下已有名为「{name}」的区域")));
        }
        Ok(areas::update(
            conn,
            id,
            patch.name.as_deref(),
            patch.code.as_deref(),
        )?)
    })
    .await?;
    Ok(etag::ok_with_etag(&http, &convert::area(area)))
}
