//! Check-in and check-out (rotating QR token scanned by a leader or the venue's kiosk, by
//! hand, or self-service within the activity's radius), and service-hour records with their
//! verification and corrections.

use std::collections::BTreeMap;

use actix_web::{HttpResponse, get, post, web};
use chrono::{Datelike, Utc};
use serde::Deserialize;
use utoipa::IntoParams;
use youai_db::activities::{self as adb, Activity};
use youai_db::records::{self, CheckEvent, NewRecord};
use youai_db::{DbConn, teams, volunteers};
use youai_domain::checkins::{may_check_in, service_hours};
use youai_domain::{checkin_token, geo};
use youai_types::{
    CheckInToken, CheckMethod, CheckRequest, HoursBy, NewCorrection, NewServiceRecord, Page,
    RecordDecision, RecordSource, RecordStatus, Role, ServiceHistory, ServiceRecord,
    SignUp as SignUpView, SignUpStatus, VenueScan, VenueScanResult,
};

use crate::auth::AuthUser;
use crate::convert::utc;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// The HMAC key for check-in tokens, derived from the data key (shared by every server).
fn token_key(state: &AppState) -> ApiResult<Vec<u8>> {
    state
        .data_key
        .fingerprint("youai/check-in-token/v1")
        .map(String::into_bytes)
        .map_err(ApiError::internal)
}

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
    let v = crate::db::run(&state, move |conn| {
        crate::caller::volunteer_profile(conn, &user)
    })
    .await?;
    let now = Utc::now().timestamp();
    let token = checkin_token::issue(&token_key(&state)?, v.id, now);
    let window_end = (checkin_token::window_of(now) + 1) * checkin_token::WINDOW_SECS;
    let body = CheckInToken {
        token,
        valid_for_seconds: window_end + checkin_token::WINDOW_SECS - now,
        rotates_in_seconds: window_end - now,
    };
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(body))
}

fn runs(conn: &mut DbConn, user: &AuthUser, a: &Activity) -> ApiResult<bool> {
    let t = teams::find(conn, a.team_id)?.ok_or_else(|| ApiError::not_found("队伍"))?;
    Ok(
        crate::team_scope::authorize_team(conn, user, youai_domain::access::Action::ManageTeam, &t)
            .is_ok(),
    )
}

/// Whose sign-up a check request is about, after checking the caller may make it.
fn resolve_volunteer(
    conn: &mut DbConn,
    state: &AppState,
    user: &AuthUser,
    a: &Activity,
    r: &CheckRequest,
) -> ApiResult<i64> {
    match r.method {
        CheckMethod::Qr => {
            let kiosk_here = a.venue_id.is_some()
                && user
                    .grants
                    .iter()
                    .any(|g| g.role == Role::Kiosk && g.venue_id == a.venue_id);
            if !kiosk_here && !runs(conn, user, a)? {
                return Err(ApiError::forbidden());
            }
            let token = r
                .token
                .as_deref()
                .ok_or_else(|| ApiError::field("token", "required", "请扫描志愿者的签到码"))?;
            let verified = checkin_token::verify(&token_key(state)?, token, Utc::now().timestamp())
                .map_err(|e| ApiError::field("token", e.code(), e.message()))?;
            if !records::use_token(conn, verified.volunteer_id, verified.window)? {
                return Err(ApiError::conflict(
                    "token_used",
                    "该签到码已使用过，请志愿者刷新后重试",
                ));
            }
            Ok(verified.volunteer_id)
        }
        CheckMethod::Leader => {
            if !runs(conn, user, a)? {
                return Err(ApiError::forbidden());
            }
            let id = r
                .volunteer_id
                .ok_or_else(|| ApiError::field("volunteer_id", "required", "请指定志愿者"))?;
            volunteers::find(conn, id)?
                .ok_or_else(|| ApiError::field("volunteer_id", "not_found", "志愿者不存在"))?;
            Ok(id)
        }
        CheckMethod::SelfService => {
            let v = crate::caller::volunteer_profile(conn, user)?;
            let (Some(lat), Some(lng)) = (r.latitude, r.longitude) else {
                return Err(ApiError::field(
                    "latitude",
                    "required",
                    "自助签到须提供当前位置",
                ));
            };
            let (Some(alat), Some(alng)) = (a.latitude, a.longitude) else {
                return Err(ApiError::conflict(
                    "no_location",
                    "该活动没有坐标，不能自助签到",
                ));
            };
            if !geo::within(lat, lng, alat, alng, f64::from(a.checkin_radius_m)) {
                let d = geo::distance_m(lat, lng, alat, alng).round();
                return Err(ApiError::field(
                    "latitude",
                    "too_far",
                    &format!("距活动地点 {d} 米，须在 {} 米以内", a.checkin_radius_m),
                ));
            }
            Ok(v.id)
        }
    }
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
    let st = state.clone();
    let s = crate::db::write(&state, move |conn| {
        let a = adb::find_activity(conn, id)?.ok_or_else(|| ApiError::not_found("活动"))?;
        check_in_at(conn, &st, &user, &a, &r)
    })
    .await?;
    Ok(HttpResponse::Ok().json(s))
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
    let st = state.clone();
    let rec = crate::db::write(&state, move |conn| {
        let a = adb::find_activity(conn, id)?.ok_or_else(|| ApiError::not_found("活动"))?;
        check_out_at(conn, &st, &user, &a, &r)
    })
    .await?;
    Ok(HttpResponse::Ok().json(rec))
}

pub fn record_view(r: records::Record, superseded: bool) -> ServiceRecord {
    ServiceRecord {
        id: r.id,
        volunteer_id: r.volunteer_id,
        activity_id: r.activity_id,
        team_id: r.team_id,
        hours: f64::from(r.quarters) / 4.0,
        source: RecordSource::parse(&r.source).unwrap_or(RecordSource::LeaderEntry),
        status: RecordStatus::parse(&r.status).unwrap_or(RecordStatus::Pending),
        corrects_id: r.corrects_id,
        reason: r.reason,
        category: r.category,
        served_on: r.served_on,
        verified_at: r.verified_at.map(utc),
        created_at: utc(r.created_at),
        superseded,
        volunteer_name: None,
        activity_title: None,
    }
}

/// Fills in the volunteers' names and the activities' titles of records, two queries in all.
pub fn with_names(
    conn: &mut DbConn,
    mut views: Vec<ServiceRecord>,
) -> ApiResult<Vec<ServiceRecord>> {
    let mut vids: Vec<i64> = views.iter().map(|r| r.volunteer_id).collect();
    let mut aids: Vec<i64> = views.iter().filter_map(|r| r.activity_id).collect();
    vids.sort_unstable();
    vids.dedup();
    aids.sort_unstable();
    aids.dedup();
    let names: BTreeMap<i64, String> = volunteers::names(conn, &vids)?.into_iter().collect();
    let titles: BTreeMap<i64, String> = adb::titles(conn, &aids)?.into_iter().collect();
    for r in &mut views {
        r.volunteer_name = names.get(&r.volunteer_id).cloned();
        r.activity_title = r.activity_id.and_then(|a| titles.get(&a).cloned());
    }
    Ok(views)
}

/// Hours as quarter hours: a multiple of 0.25, from 0.25 up.
fn quarters_of(hours: f64) -> ApiResult<i32> {
    let q = hours * 4.0;
    if !q.is_finite() || !(1.0..=24.0 * 4.0 * 7.0).contains(&q) || (q - q.round()).abs() > 1e-9 {
        return Err(ApiError::field(
            "hours",
            "invalid_hours",
            "时长须为 0.25 小时的整数倍",
        ));
    }
    Ok(q.round() as i32)
}

fn authorize_record_team(
    conn: &mut DbConn,
    user: &AuthUser,
    team_id: Option<i64>,
) -> ApiResult<()> {
    let t = team_id
        .and_then(|t| teams::find(conn, t).ok().flatten())
        .ok_or_else(ApiError::forbidden)?;
    crate::team_scope::authorize_team(conn, user, youai_domain::access::Action::ManageTeam, &t)
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
    let quarters = quarters_of(n.hours)?;
    let rec = crate::db::write(&state, move |conn| {
        let a = adb::find_activity(conn, n.activity_id)?
            .ok_or_else(|| ApiError::field("activity_id", "not_found", "活动不存在"))?;
        authorize_record_team(conn, &user, Some(a.team_id))?;
        volunteers::find(conn, n.volunteer_id)?
            .ok_or_else(|| ApiError::field("volunteer_id", "not_found", "志愿者不存在"))?;
        if !youai_domain::service_records::leader_hours_ok(
            quarters as u32,
            utc(a.start_at),
            utc(a.end_at),
        ) {
            return Err(ApiError::field(
                "hours",
                "exceeds_activity",
                "登记时长不能超过活动时长",
            ));
        }
        let pending = records::pending_for_activity(
            conn,
            &a,
            n.volunteer_id,
            quarters as u32,
            "leader_entry",
            Some(user.id),
        )?;
        let row = records::insert_record(conn, &pending)?;
        crate::audit::record(
            conn,
            &user,
            "record.enter",
            "service_record",
            row.id,
            None,
            Some(serde_json::json!({"volunteer_id": row.volunteer_id, "activity_id": row.activity_id, "hours": f64::from(row.quarters) / 4.0})),
        )?;
        Ok(record_view(row, false))
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            actix_web::http::header::LOCATION,
            format!("/api/v1/service-records/{}", rec.id),
        ))
        .json(rec))
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
    if to == RecordStatus::Pending {
        return Err(ApiError::field(
            "status",
            "not_settable",
            "只能审核为 verified 或 disputed",
        ));
    }
    let rec = crate::db::write(&state, move |conn| {
        let r = records::find_record(conn, id)?.ok_or_else(|| ApiError::not_found("服务记录"))?;
        authorize_record_team(conn, &user, r.team_id)?;
        if !records::decide_record(conn, id, to.as_str(), user.id)? {
            return Err(ApiError::conflict(
                "already_decided",
                format!("该记录已是 {}", r.status),
            ));
        }
        let r = records::find_record(conn, id)?.ok_or_else(|| ApiError::not_found("服务记录"))?;
        if to == RecordStatus::Verified {
            crate::ledger::after_verified(conn, &r, None, Some(user.id))?;
        }
        crate::audit::record(
            conn,
            &user,
            "record.verify",
            "service_record",
            id,
            Some(serde_json::json!({"status": "pending"})),
            Some(serde_json::json!({"status": to.as_str()})),
        )?;
        Ok(record_view(r, false))
    })
    .await?;
    Ok(HttpResponse::Ok().json(rec))
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
    let quarters = quarters_of(c.hours)?;
    let reason = c.reason.trim().to_owned();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(ApiError::field(
            "reason",
            "required",
            "更正须说明理由（500 字以内）",
        ));
    }
    let rec = crate::db::write(&state, move |conn| {
        let r = records::find_record(conn, id)?.ok_or_else(|| ApiError::not_found("服务记录"))?;
        authorize_record_team(conn, &user, r.team_id)?;
        if r.status != "verified" {
            return Err(ApiError::conflict(
                "not_verified",
                "只有已审核的记录需要更正；待审核的记录请直接审核",
            ));
        }
        if records::corrected(conn, id)? {
            return Err(ApiError::conflict(
                "already_corrected",
                "该记录已被更正，请更正最新的那条",
            ));
        }
        if let Some(aid) = r.activity_id
            && let Some(a) = adb::find_activity(conn, aid)?
            && !youai_domain::service_records::leader_hours_ok(
                quarters as u32,
                utc(a.start_at),
                utc(a.end_at),
            )
        {
            return Err(ApiError::field(
                "hours",
                "exceeds_activity",
                "时长不能超过活动时长",
            ));
        }
        let at = youai_db::now();
        let row = records::insert_record(
            conn,
            &NewRecord {
                volunteer_id: r.volunteer_id,
                activity_id: r.activity_id,
                team_id: r.team_id,
                quarters,
                source: r.source.clone(),
                status: "verified".into(),
                corrects_id: Some(r.id),
                reason: Some(reason),
                category: r.category.clone(),
                served_on: r.served_on,
                verified_by: Some(user.id),
                verified_at: Some(at),
                created_by: Some(user.id),
            },
        )?;
        crate::ledger::after_verified(conn, &row, Some(&r), Some(user.id))?;
        crate::audit::record(
            conn,
            &user,
            "record.correct",
            "service_record",
            r.id,
            Some(serde_json::json!({"hours": f64::from(r.quarters) / 4.0})),
            Some(serde_json::json!({"hours": f64::from(row.quarters) / 4.0, "correction_id": row.id, "reason": row.reason})),
        )?;
        Ok(record_view(row, false))
    })
    .await?;
    Ok(HttpResponse::Created().json(rec))
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
    let page = crate::listing::page_request(
        query.limit,
        query.cursor.as_deref(),
        Some(crate::listing::ListSort::Id),
    )?;
    let team_paths: Vec<String> = user
        .grants
        .iter()
        .filter_map(|g| g.team_path.clone())
        .collect();
    if !user.is_platform_admin() && team_paths.is_empty() {
        return Err(ApiError::forbidden());
    }
    let req = page.clone();
    let items = crate::db::run(&state, move |conn| {
        let ids = if user.is_platform_admin() {
            None
        } else {
            Some(teams::ids_within(conn, &team_paths)?)
        };
        let rows = records::records_of_teams(
            conn,
            ids.as_deref(),
            query.status.unwrap_or(RecordStatus::Pending).as_str(),
            req.after.as_ref().map(|a| a.id),
            req.limit,
        )?;
        with_names(
            conn,
            rows.into_iter().map(|r| record_view(r, false)).collect(),
        )
    })
    .await?;
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
        let v = volunteers::find(conn, id)?.ok_or_else(|| ApiError::not_found("志愿者"))?;
        super::volunteers::sight_of(conn, &user, &v)?;
        let t = ServiceTotals::of(conn, id)?;
        let hours = |m: BTreeMap<String, i64>| {
            m.into_iter()
                .map(|(key, q)| HoursBy {
                    key,
                    hours: q as f64 / 4.0,
                })
                .collect()
        };
        Ok(ServiceHistory {
            total_hours: t.quarters as f64 / 4.0,
            by_year: hours(t.by_year),
            by_team: hours(t.by_team),
            by_category: hours(t.by_category),
            records: with_names(
                conn,
                t.rows
                    .into_iter()
                    .map(|r| {
                        let superseded = t.corrected.contains(&r.id);
                        record_view(r, superseded)
                    })
                    .collect(),
            )?,
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(history))
}

/// A volunteer's records and what counts of them: verified records not corrected by a later
/// one, summed by year, team and category (in quarter hours).
pub struct ServiceTotals {
    pub rows: Vec<records::Record>,
    /// Ids of records a verified correction replaced.
    pub corrected: Vec<i64>,
    pub quarters: i64,
    /// How many records count.
    pub counted: i64,
    pub first_served: Option<chrono::NaiveDate>,
    pub last_served: Option<chrono::NaiveDate>,
    pub by_year: BTreeMap<String, i64>,
    pub by_team: BTreeMap<String, i64>,
    pub by_category: BTreeMap<String, i64>,
}

impl ServiceTotals {
    pub fn of(conn: &mut DbConn, volunteer_id: i64) -> ApiResult<ServiceTotals> {
        let rows = records::records_of_volunteer(conn, volunteer_id)?;
        let corrected: Vec<i64> = rows
            .iter()
            .filter(|r| r.status == "verified")
            .filter_map(|r| r.corrects_id)
            .collect();
        let team_names: BTreeMap<i64, String> = {
            let ids: Vec<i64> = rows.iter().filter_map(|r| r.team_id).collect();
            teams::find_many(conn, &ids)?
                .into_iter()
                .map(|t| (t.id, t.name))
                .collect()
        };
        let mut t = ServiceTotals {
            rows: Vec::new(),
            corrected: Vec::new(),
            quarters: 0,
            counted: 0,
            first_served: None,
            last_served: None,
            by_year: BTreeMap::new(),
            by_team: BTreeMap::new(),
            by_category: BTreeMap::new(),
        };
        for r in rows
            .iter()
            .filter(|r| r.status == "verified" && !corrected.contains(&r.id))
        {
            let q = i64::from(r.quarters);
            t.quarters += q;
            t.counted += 1;
            t.first_served = Some(t.first_served.map_or(r.served_on, |d| d.min(r.served_on)));
            t.last_served = Some(t.last_served.map_or(r.served_on, |d| d.max(r.served_on)));
            *t.by_year.entry(r.served_on.year().to_string()).or_insert(0) += q;
            let team = r
                .team_id
                .and_then(|id| team_names.get(&id).cloned())
                .unwrap_or_else(|| "其他".into());
            *t.by_team.entry(team).or_insert(0) += q;
            *t.by_category
                .entry(r.category.clone().unwrap_or_else(|| "其他".into()))
                .or_insert(0) += q;
        }
        t.rows = rows;
        t.corrected = corrected;
        Ok(t)
    }
}

/// Checks in the volunteer a request is about at activity `a` (inside the caller's transaction).
pub fn check_in_at(
    conn: &mut DbConn,
    st: &AppState,
    user: &AuthUser,
    a: &Activity,
    r: &CheckRequest,
) -> ApiResult<SignUpView> {
    let id = a.id;
    let volunteer_id = resolve_volunteer(conn, st, user, a, r)?;
    let s = adb::sign_up_of(conn, id, volunteer_id)?.ok_or_else(|| ApiError::not_found("报名"))?;
    if s.status != SignUpStatus::Accepted {
        return Err(ApiError::conflict(
            "not_accepted",
            format!("报名状态为 {}，不能签到", s.status.as_str()),
        ));
    }
    let now = Utc::now();
    may_check_in(now, utc(a.start_at), utc(a.end_at))
        .map_err(|e| ApiError::conflict(e.code(), e.message()))?;
    let at = youai_db::now();
    let row = records::check_in(conn, s.id, at)?;
    records::record_event(
        conn,
        &CheckEvent {
            sign_up_id: s.id,
            kind: "check_in",
            method: r.method.as_str(),
            actor_id: Some(user.id),
            latitude: r.latitude,
            longitude: r.longitude,
            at,
        },
    )?;
    let name = volunteers::find(conn, volunteer_id)?
        .map(|v| v.real_name)
        .unwrap_or_default();
    Ok(crate::views::sign_up(row, name))
}

/// Checks out the volunteer a request is about at activity `a`, making their service record
/// (inside the caller's transaction).
pub fn check_out_at(
    conn: &mut DbConn,
    st: &AppState,
    user: &AuthUser,
    a: &Activity,
    r: &CheckRequest,
) -> ApiResult<ServiceRecord> {
    let id = a.id;
    let volunteer_id = resolve_volunteer(conn, st, user, a, r)?;
    let s = adb::sign_up_of(conn, id, volunteer_id)?.ok_or_else(|| ApiError::not_found("报名"))?;
    let Some(checked_in_at) = s
        .checked_in_at
        .filter(|_| s.status == SignUpStatus::CheckedIn)
    else {
        return Err(ApiError::conflict(
            "not_checked_in",
            format!("报名状态为 {}，不能签退", s.status.as_str()),
        ));
    };
    let at = youai_db::now();
    records::check_out(conn, s.id, at, false)?;
    records::record_event(
        conn,
        &CheckEvent {
            sign_up_id: s.id,
            kind: "check_out",
            method: r.method.as_str(),
            actor_id: Some(user.id),
            latitude: r.latitude,
            longitude: r.longitude,
            at,
        },
    )?;
    let quarters = service_hours(utc(checked_in_at), utc(at), utc(a.start_at), utc(a.end_at));
    let verified = a.auto_verify != 0;
    let pending =
        records::pending_for_activity(conn, a, volunteer_id, quarters, "check_in", Some(user.id))?;
    let row = records::insert_record(
        conn,
        &NewRecord {
            status: if verified { "verified" } else { "pending" }.into(),
            verified_at: verified.then_some(at),
            ..pending
        },
    )?;
    if verified {
        crate::ledger::after_verified(conn, &row, None, Some(user.id))?;
    }
    let mut named = with_names(conn, vec![record_view(row, false)])?;
    named
        .pop()
        .ok_or_else(|| ApiError::internal("record view missing"))
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
    let st = state.clone();
    let result = crate::db::write(&state, move |conn| {
        let venue =
            youai_db::venues::find(conn, venue_id)?.ok_or_else(|| ApiError::not_found("阵地"))?;
        let kiosk_here = user
            .grants
            .iter()
            .any(|g| g.role == Role::Kiosk && g.venue_id == Some(venue_id));
        if !kiosk_here {
            let area = youai_db::areas::find(conn, venue.area_id)?
                .map(|a| a.path)
                .unwrap_or_default();
            crate::auth::authorize(
                &user,
                youai_domain::access::Action::ManageVenues,
                &youai_domain::access::Target::Area(&area),
            )?;
        }
        // Whose token (checked again, and used up, by the check itself).
        let verified = checkin_token::verify(&token_key(&st)?, &token, Utc::now().timestamp())
            .map_err(|e| ApiError::field("token", e.code(), e.message()))?;
        let now = youai_db::now();
        let open = adb::open_sign_ups_at_venue(
            conn,
            verified.volunteer_id,
            venue_id,
            now - chrono::Duration::hours(12),
            now + chrono::Duration::minutes(30),
        )?;
        let request = CheckRequest {
            method: CheckMethod::Qr,
            token: Some(token),
            volunteer_id: None,
            latitude: None,
            longitude: None,
        };
        let name = volunteers::find(conn, verified.volunteer_id)?
            .map(|v| v.real_name)
            .unwrap_or_default();
        if let Some((_, a)) = open
            .iter()
            .find(|(s, _)| s.status == SignUpStatus::CheckedIn)
        {
            let record = check_out_at(conn, &st, &user, a, &request)?;
            return Ok(VenueScanResult {
                action: "check_out".into(),
                activity_id: a.id,
                activity_title: a.title.clone(),
                volunteer_name: name,
                sign_up: None,
                record: Some(record),
            });
        }
        let now_utc = Utc::now();
        let Some((_, a)) = open
            .iter()
            .find(|(_, a)| may_check_in(now_utc, utc(a.start_at), utc(a.end_at)).is_ok())
        else {
            return Err(ApiError::new(
                actix_web::http::StatusCode::NOT_FOUND,
                "no_sign_up_here",
                format!("{name} 此时在本阵地没有可签到或签退的活动"),
            ));
        };
        let sign_up = check_in_at(conn, &st, &user, a, &request)?;
        Ok(VenueScanResult {
            action: "check_in".into(),
            activity_id: a.id,
            activity_title: a.title.clone(),
            volunteer_name: name,
            sign_up: Some(sign_up),
            record: None,
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(result))
}
