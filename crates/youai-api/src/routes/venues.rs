//! Venues: public reads; writes by admins of the venue's area (or above).

use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use serde::Deserialize;
use utoipa::IntoParams;
use youai_db::areas;
use youai_db::venues::{self, VenueFields, VenueFilter};
use youai_domain::access::{Action, Target};
use youai_domain::validate;
use youai_types::{NewVenue, Page, Venue, VenueKind, VenuePatch};

use crate::auth::{AuthUser, authorize};
use crate::convert;
use crate::error::{ApiError, ApiResult};
use crate::etag;
use crate::listing::{ListSort, page_request, text_query};
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VenueListQuery {
    /// Only venues directly in this area.
    pub area_id: Option<i64>,
    /// Only venues in this area or anywhere below it.
    pub within: Option<i64>,
    pub kind: Option<VenueKind>,
    /// Text in the name or address.
    pub q: Option<String>,
    /// Page size, 1–100 (default 20).
    pub limit: Option<i64>,
    /// `next_cursor` from the previous page.
    pub cursor: Option<String>,
    /// Order: `id` (default), `-id`, `name`, `-name`.
    pub sort: Option<ListSort>,
}

/// List venues, filtered by area, subtree, kind and text.
#[utoipa::path(tag = "venues", params(VenueListQuery), responses(
    (status = 200, description = "一页阵地", body = Page<Venue>),
    (status = 400, response = crate::docs::BadRequest),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[get("/venues")]
pub async fn list_venues(
    state: web::Data<AppState>,
    query: crate::extract::Query<VenueListQuery>,
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
        let filter = VenueFilter {
            area_id: query.area_id,
            within_path,
            kind: query.kind,
            q,
        };
        Ok(venues::list(
            conn,
            &filter,
            req.sort,
            req.after.as_ref(),
            req.limit,
        )?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(page.page(rows, |v| (v.id, v.name.as_str()), convert::venue)))
}

/// One venue.
#[utoipa::path(tag = "venues", params(("id" = i64, Path, description = "Venue id")), responses(
    (status = 400, response = crate::docs::BadRequest),
    (status = 200, description = "阵地", body = Venue, headers(("ETag" = String, description = "Version tag"))),
    (status = 304, description = "未修改（If-None-Match 命中）"),
    (status = 404, response = crate::docs::NotFound),
))]
#[get("/venues/{id}")]
pub async fn get_venue(
    state: web::Data<AppState>,
    http: HttpRequest,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let venue = crate::db::run(&state, move |conn| {
        venues::find(conn, id)?.ok_or_else(|| ApiError::not_found("阵地"))
    })
    .await?;
    Ok(etag::ok_with_etag(&http, &convert::venue(venue)))
}

/// Checks a venue's fields against its area, and the caller's scope in that area.
fn check_venue(
    conn: &mut youai_db::DbConn,
    user: &AuthUser,
    fields: &VenueFields,
) -> ApiResult<()> {
    let area = areas::find(conn, fields.area_id)?;
    if let Some(a) = &area {
        authorize(user, Action::ManageVenues, &Target::Area(&a.path))?;
    } else if !user
        .grants
        .iter()
        .any(|g| youai_domain::access::roles_for(Action::ManageVenues).contains(&g.role))
    {
        return Err(ApiError::forbidden());
    }
    let kind = fields.kind;
    let v = validate::VenueFields {
        kind,
        name: &fields.name,
        address: &fields.address,
        latitude: fields.latitude,
        longitude: fields.longitude,
        opening_hours: fields.opening_hours.as_deref(),
        capacity: fields.capacity,
        phone: fields.phone.as_deref(),
        description: fields.description.as_deref(),
    };
    validate::venue(&v, area.as_ref().map(|a| a.level)).map_err(ApiError::validation)
}

/// Create a venue, as an admin of its area (or above).
#[utoipa::path(tag = "venues", security(("bearer" = [])), request_body = NewVenue, responses(
    (status = 201, description = "已创建", body = Venue, headers(("Location" = String), ("ETag" = String)), links(("get_venue" = (operation_id = "get_venue", parameters(("id" = "$response.body#/id")))), ("update_venue" = (operation_id = "update_venue", parameters(("id" = "$response.body#/id")))))),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 409, response = crate::docs::Conflict),
    (status = 413, response = crate::docs::PayloadTooLarge),
    (status = 415, response = crate::docs::UnsupportedMediaType),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/venues")]
pub async fn create_venue(
    state: web::Data<AppState>,
    user: AuthUser,
    body: crate::extract::Json<NewVenue>,
) -> ApiResult<HttpResponse> {
    let v = body.into_inner();
    let fields = VenueFields {
        area_id: v.area_id,
        kind: v.kind,
        name: v.name.trim().to_owned(),
        address: v.address.trim().to_owned(),
        latitude: v.latitude,
        longitude: v.longitude,
        opening_hours: v.opening_hours,
        capacity: v.capacity,
        phone: v.phone,
        description: v.description,
    };
    let venue = crate::db::write(&state, move |conn| {
        check_venue(conn, &user, &fields)?;
        Ok(venues::insert(conn, &fields)?)
    })
    .await?;
    let venue = convert::venue(venue);
    Ok(etag::created(
        &venue,
        format!("/api/v1/venues/{}", venue.id),
    ))
}

/// Change a venue, as an admin of its area (and of the new area, when moving it). Honours `If-Match`.
#[utoipa::path(tag = "venues", security(("bearer" = [])), request_body = VenuePatch,
    params(("id" = i64, Path, description = "Venue id"),
        ("If-Match" = Option<String>, Header, description = "The ETag you read; 412 if the venue changed since")),
    responses(
        (status = 200, description = "已更新", body = Venue, headers(("ETag" = String))),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
        (status = 412, response = crate::docs::PreconditionFailed),
        (status = 413, response = crate::docs::PayloadTooLarge),
        (status = 415, response = crate::docs::UnsupportedMediaType),
        (status = 422, response = crate::docs::ValidationFailed),
))]
#[patch("/venues/{id}")]
pub async fn update_venue(
    state: web::Data<AppState>,
    http: HttpRequest,
    user: AuthUser,
    id: web::Path<i64>,
    body: crate::extract::Json<VenuePatch>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let p = body.into_inner();
    let if_match = etag::if_match(&http);
    let venue = crate::db::write(&state, move |conn| {
        let current = venues::find(conn, id)?.ok_or_else(|| ApiError::not_found("阵地"))?;
        let area =
            areas::find(conn, current.area_id)?.ok_or_else(|| ApiError::not_found("区域"))?;
        authorize(&user, Action::ManageVenues, &Target::Area(&area.path))?;
        etag::check_if_match(if_match.as_deref(), &convert::venue(current.clone()))?;
        let mut f = VenueFields::from(&current);
        f.area_id = p.area_id.unwrap_or(f.area_id);
        f.kind = p.kind.unwrap_or(f.kind);
        f.name = p.name.map_or(f.name, |n| n.trim().to_owned());
        f.address = p.address.map_or(f.address, |a| a.trim().to_owned());
        f.latitude = p.latitude.or(f.latitude);
        f.longitude = p.longitude.or(f.longitude);
        f.opening_hours = p.opening_hours.or(f.opening_hours);
        f.capacity = p.capacity.or(f.capacity);
        f.phone = p.phone.or(f.phone);
        f.description = p.description.or(f.description);
        check_venue(conn, &user, &f)?;
        Ok(venues::update(conn, id, &f)?)
    })
    .await?;
    Ok(etag::ok_with_etag(&http, &convert::venue(venue)))
}
