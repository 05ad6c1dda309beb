//! Check-in and check-out (rotating QR token scanned by a leader or the venue's kiosk, by
//! hand, or self-service within the activity's radius), and service-hour records with their
//! verification and corrections: the HTTP side; the steps are in `services::checkins` and
//! `services::service_records`.

use actix_web::{HttpResponse, get, post, web};
use serde::Deserialize;
use utoipa::IntoParams;
use youai_types::{
    CheckInToken, CheckRequest, NewCorrection, NewServiceRecord, Page, RecordDecision,
    RecordStatus, ServiceHistory, ServiceRecord, SignUp as SignUpView, VenueScan, VenueScanResult,
};

use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::listing::ListSort;
use crate::services::{checkins, service_records};
use crate::state::AppState;
use crate::views;

/// Still here for `routes::rewards`, until it imports it from `services::service_records`.
pub use crate::services::service_records::ServiceTotals;

/// My current check-in token, to show as a QR code. It rotates every 30 seconds.
#[utoipa::path(tag = "activities", security(("bearer" = [])), responses(
    (status = 200, description = "当前签到码", body = CheckInToken),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[get("/me/check-in-token")]
pub async fn get_check_in_token(
    state: web::Data<AppState>,
    user: AuthUser,
) -> ApiResult<HttpResponse> {
    let key = checkins::token_key(&state)?;
    let body = crate::db::run(&state, move |conn| {
        checkins::current_token(conn, &key, &user)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(body))
}

/// Check a volunteer in: by QR token (a leader or the venue's kiosk scans it), by a leader's
/// hand, or by the volunteer within the activity's radius. From 30 minutes before the start.
#[utoipa::path(tag = "activities", security(("bearer" = [])), request_body = CheckRequest,
    params(("id" = i64, Path, description = "Activity id")),
    responses(
        (status = 200, description = "已签到", body = SignUpView),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
        (status = 409, response = crate::docs::Conflict),
        (status = 413, response = crate::docs::PayloadTooLarge),
        (status = 415, response = crate::docs::UnsupportedMediaType),
        (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/activities/{id}/check-ins")]
pub async fn create_check_in(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: crate::extract::Json<CheckRequest>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let r = body.into_inner();
    let key = checkins::token_key(&state)?;
    let s = crate::db::write(&state, move |conn| {
        checkins::check_in(conn, &key, &user, id, &r)
    })
    .await?;
    Ok(HttpResponse::Ok().json(views::sign_up(s.sign_up, s.volunteer_name)))
}

/// Check a volunteer out (the same three ways). The hours are the overlap of the stay with the
/// activity's window, to the quarter hour below; a service record is made (verified at once
/// when the activity says so, else pending for the leader).
#[utoipa::path(tag = "activities", security(("bearer" = [])), request_body = CheckRequest,
    params(("id" = i64, Path, description = "Activity id")),
    responses(
        (status = 200, description = "已签退，附服务记录", body = ServiceRecord),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
        (status = 409, response = crate::docs::Conflict),
        (status = 413, response = crate::docs::PayloadTooLarge),
        (status = 415, response = crate::docs::UnsupportedMediaType),
        (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/activities/{id}/check-outs")]
pub async fn create_check_out(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: crate::extract::Json<CheckRequest>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let r = body.into_inner();
    let key = checkins::token_key(&state)?;
    let rec = crate::db::write(&state, move |conn| {
        checkins::check_out(conn, &key, &user, id, &r)
    })
    .await?;
    Ok(HttpResponse::Ok().json(views::service_records::record(rec)))
}

/// Enter hours for a volunteer who served at an activity (its team's leaders): pending until verified.
#[utoipa::path(tag = "records", security(("bearer" = [])), request_body = NewServiceRecord, responses(
    (status = 201, description = "已登记（待审核）", body = ServiceRecord, links(("verify_service_record" = (operation_id = "verify_service_record", parameters(("id" = "$response.body#/id")))))),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 413, response = crate::docs::PayloadTooLarge),
    (status = 415, response = crate::docs::UnsupportedMediaType),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/service-records")]
pub async fn create_service_record(
    state: web::Data<AppState>,
    user: AuthUser,
    body: crate::extract::Json<NewServiceRecord>,
) -> ApiResult<HttpResponse> {
    let n = body.into_inner();
    let row = crate::db::write(&state, move |conn| service_records::enter(conn, &user, &n)).await?;
    Ok(HttpResponse::Created()
        .insert_header((
            actix_web::http::header::LOCATION,
            format!("/api/v1/service-records/{}", row.id),
        ))
        .json(views::service_records::bare(row)))
}

/// Verify or dispute a pending record (leaders of its team, or admins of its area).
#[utoipa::path(tag = "records", security(("bearer" = [])), request_body = RecordDecision,
    params(("id" = i64, Path, description = "Record id")),
    responses(
        (status = 200, description = "审核结果", body = ServiceRecord),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
        (status = 409, response = crate::docs::Conflict),
        (status = 413, response = crate::docs::PayloadTooLarge),
        (status = 415, response = crate::docs::UnsupportedMediaType),
        (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/service-records/{id}/verification")]
pub async fn verify_service_record(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: crate::extract::Json<RecordDecision>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let to = body.into_inner().status;
    let row = crate::db::write(&state, move |conn| {
        service_records::verify(conn, &user, id, to)
    })
    .await?;
    Ok(HttpResponse::Ok().json(views::service_records::bare(row)))
}

/// Correct a verified record: a new verified record pointing at it, with a reason; the old one
/// stops counting but is never changed.
#[utoipa::path(tag = "records", security(("bearer" = [])), request_body = NewCorrection,
    params(("id" = i64, Path, description = "Record id")),
    responses(
        (status = 201, description = "更正记录", body = ServiceRecord),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
        (status = 409, response = crate::docs::Conflict),
        (status = 413, response = crate::docs::PayloadTooLarge),
        (status = 415, response = crate::docs::UnsupportedMediaType),
        (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/service-records/{id}/corrections")]
pub async fn create_correction(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: crate::extract::Json<NewCorrection>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let c = body.into_inner();
    let row = crate::db::write(&state, move |conn| {
        service_records::correct(conn, &user, id, &c)
    })
    .await?;
    Ok(HttpResponse::Created().json(views::service_records::bare(row)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RecordQueueQuery {
    /// Default: pending (the verification queue).
    pub status: Option<RecordStatus>,
    /// Page size, 1–100 (default 20).
    pub limit: Option<i64>,
    /// `next_cursor` from the previous page.
    pub cursor: Option<String>,
    /// Order: `id` (default, oldest first: the queue) or `-id` (newest first: the records
    /// to correct).
    pub sort: Option<ListSort>,
}

/// Records of the teams the caller leads (or all, for platform admins): the verification queue.
#[utoipa::path(tag = "records", security(("bearer" = [])), params(RecordQueueQuery), responses(
    (status = 200, description = "一页服务记录", body = Page<ServiceRecord>),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[get("/service-records")]
pub async fn list_service_records(
    state: web::Data<AppState>,
    user: AuthUser,
    query: crate::extract::Query<RecordQueueQuery>,
) -> ApiResult<HttpResponse> {
    let query = query.into_inner();
    if matches!(query.sort, Some(ListSort::Name | ListSort::NameDesc)) {
        return Err(ApiError::field(
            "sort",
            "unsupported_sort",
            "服务记录只能按 id 或 -id 排序",
        ));
    }
    let page = crate::listing::page_request(query.limit, query.cursor.as_deref(), query.sort)?;
    let team_paths: Vec<String> = user
        .grants
        .iter()
        .filter_map(|g| g.team_path.clone())
        .collect();
    if !user.is_platform_admin() && team_paths.is_empty() {
        return Err(ApiError::forbidden());
    }
    let scope = (!user.is_platform_admin()).then_some(team_paths);
    let req = page.clone();
    let rows = crate::db::run(&state, move |conn| {
        service_records::queue(
            conn,
            scope.as_deref(),
            query.status.unwrap_or(RecordStatus::Pending),
            req.after.as_ref().map(|a| a.id),
            req.sort.descending,
            req.limit,
        )
    })
    .await?;
    let items = rows
        .into_iter()
        .map(views::service_records::record)
        .collect();
    Ok(HttpResponse::Ok().json(page.page(items, |r| (r.id, ""), |r| r)))
}

/// A volunteer's service records and verified totals by year, team and category (corrections
/// applied): to the volunteer and staff in scope.
#[utoipa::path(tag = "records", security(("bearer" = [])), params(("id" = i64, Path, description = "Volunteer id")), responses(
    (status = 200, description = "服务记录与合计", body = ServiceHistory),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 404, response = crate::docs::NotFound),
))]
#[get("/volunteers/{id}/service-records")]
pub async fn get_service_history(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let history = crate::db::run(&state, move |conn| {
        service_records::history(conn, &user, id)
    })
    .await?;
    Ok(HttpResponse::Ok().json(views::service_records::history(history)))
}

/// A scan at a venue's kiosk (or by staff of the venue's area): the volunteer's rotating
/// token checks them out of the activity here they are checked in to, or else into the one
/// whose check-in window is open. 404 `no_sign_up_here` when they have neither.
#[utoipa::path(tag = "activities", security(("bearer" = [])), request_body = VenueScan,
    params(("id" = i64, Path, description = "Venue id")),
    responses(
        (status = 200, description = "已签到或签退", body = VenueScanResult),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
        (status = 409, response = crate::docs::Conflict),
        (status = 413, response = crate::docs::PayloadTooLarge),
        (status = 415, response = crate::docs::UnsupportedMediaType),
        (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/venues/{id}/scans")]
pub async fn scan_at_venue(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: crate::extract::Json<VenueScan>,
) -> ApiResult<HttpResponse> {
    let venue_id = id.into_inner();
    let token = body.into_inner().token;
    let key = checkins::token_key(&state)?;
    let outcome = crate::db::write(&state, move |conn| {
        checkins::scan_at_venue(conn, &key, &user, venue_id, token)
    })
    .await?;
    Ok(HttpResponse::Ok().json(views::venue_scans::venue_scan(outcome)))
}
