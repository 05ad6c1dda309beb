//! Activities (活动) and sign-ups (报名): quota held under concurrency, waiting lists,
//! overlapping commitments, age and skill rules.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::{DateTime, SubsecRound, Utc};
use serde::Deserialize;
use utoipa::IntoParams;
use youai_db::activities::{self as db, ActivityFields, ActivityFilter};
use youai_db::{DbConn, areas, skills, teams, venues};
use youai_domain::access::Action;
use youai_domain::activities::{ActivityRules, validate_schedule};
use youai_domain::geo;
use youai_domain::validate::Errors;
use youai_types::{
    Activity, ActivityAction, ActivityStatus, NewActivity, NewActivityTransition, Page,
    ProjectStatus, RiskLevel, SignUp, SignUpStatus, SignUpStatusChange,
};

use crate::auth::AuthUser;
use crate::caller::optional_user;
use crate::convert::utc;
use crate::error::{ApiError, ApiResult};
use crate::services::{activities, sign_ups};
use crate::state::AppState;
use crate::team_scope::authorize_team;
use crate::views;

pub const DEFAULT_RADIUS_M: i32 = 500;
pub const DEFAULT_MIN_AGE: i32 = 14;

fn view(a: db::Activity, category: Option<String>, distance_m: Option<f64>) -> Activity {
    Activity {
        id: a.id,
        project_id: a.project_id,
        team_id: a.team_id,
        title: a.title,
        description: a.description,
        start_at: utc(a.start_at),
        end_at: utc(a.end_at),
        signup_deadline: utc(a.signup_deadline),
        venue_id: a.venue_id,
        area_id: a.area_id,
        address: a.address,
        latitude: a.latitude,
        longitude: a.longitude,
        checkin_radius_m: a.checkin_radius_m,
        quota: a.quota,
        skill_ids: serde_json::from_str(&a.skill_ids).unwrap_or_default(),
        min_age: a.min_age,
        risk_level: a.risk_level,
        auto_accept: a.auto_accept != 0,
        auto_verify: a.auto_verify != 0,
        status: a.status,
        cancel_reason: a.cancel_reason,
        accepted: a.accepted_count,
        free_places: (a.quota - a.accepted_count).max(0),
        category,
        distance_m,
    }
}

fn category_of(conn: &mut DbConn, project_id: i64) -> ApiResult<Option<String>> {
    Ok(db::find_project(conn, project_id)?.map(|p| p.category))
}

/// Schedule an activity of a published project (its team's leaders, or admins of the area).
#[utoipa::path(tag = "activities", security(("bearer" = [])), request_body = NewActivity, responses(
    (status = 201, description = "已创建（草稿）", body = Activity, headers(("Location" = String)), links(("get_activity" = (operation_id = "get_activity", parameters(("id" = "$response.body#/id")))), ("create_activity_transition" = (operation_id = "create_activity_transition", parameters(("id" = "$response.body#/id")))), ("list_sign_ups" = (operation_id = "list_sign_ups", parameters(("id" = "$response.body#/id")))))),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 409, response = crate::docs::Conflict),
    (status = 413, response = crate::docs::PayloadTooLarge),
    (status = 415, response = crate::docs::UnsupportedMediaType),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/activities")]
pub async fn create_activity(
    state: web::Data<AppState>,
    user: AuthUser,
    body: crate::extract::Json<NewActivity>,
) -> ApiResult<HttpResponse> {
    let mut n = body.into_inner();
    n.skill_ids.sort_unstable();
    n.skill_ids.dedup();
    let a = crate::db::write(&state, move |conn| {
        let p = db::find_project(conn, n.project_id)?
            .ok_or_else(|| ApiError::field("project_id", "not_found", "服务项目不存在"))?;
        let team_id = n
            .team_id
            .or(p.owner_team_id)
            .ok_or_else(|| ApiError::field("team_id", "required", "须指定承办队伍"))?;
        let t = teams::find(conn, team_id)?
            .ok_or_else(|| ApiError::field("team_id", "not_found", "队伍不存在"))?;
        authorize_team(conn, &user, Action::ManageTeam, &t)?;
        if p.status != ProjectStatus::Published {
            return Err(ApiError::conflict(
                "project_not_published",
                "服务项目尚未发布，不能安排活动",
            ));
        }
        let mut e = Errors::default();
        e.text("title", &n.title, 2, 100);
        e.optional_text("description", n.description.as_deref(), 5000);
        if let Err(errs) = validate_schedule(n.start_at, n.end_at, Some(n.signup_deadline), n.quota)
        {
            e.0.extend(errs);
        }
        if n.start_at <= Utc::now() {
            e.add("start_at", "in_the_past", "开始时间须在将来");
        }
        let min_age = n.min_age.unwrap_or(DEFAULT_MIN_AGE);
        if !(super::volunteers::MIN_AGE as i32..=100).contains(&min_age) {
            e.add("min_age", "out_of_range", "最低年龄须在 14 到 100 之间");
        }
        let radius = n.checkin_radius_m.unwrap_or(DEFAULT_RADIUS_M);
        if !(50..=5000).contains(&radius) {
            e.add(
                "checkin_radius_m",
                "out_of_range",
                "签到半径须在 50 到 5000 米之间",
            );
        }
        let known: Vec<i64> = skills::find_many(conn, &n.skill_ids)?
            .into_iter()
            .map(|s| s.id)
            .collect();
        for id in n.skill_ids.iter().filter(|id| !known.contains(id)) {
            e.add("skill_ids", "unknown_skill", format!("技能 {id} 不存在"));
        }
        // Where: a venue, or an area with an address.
        let (venue_id, area_id, address, lat, lng) = match n.venue_id {
            Some(v) => match venues::find(conn, v)? {
                Some(v) => (
                    Some(v.id),
                    v.area_id,
                    n.address.clone().unwrap_or(v.address),
                    n.latitude.or(v.latitude),
                    n.longitude.or(v.longitude),
                ),
                None => {
                    e.add("venue_id", "not_found", "阵地不存在");
                    (None, 0, String::new(), None, None)
                }
            },
            None => {
                let area = n.area_id.unwrap_or(0);
                if areas::find(conn, area)?.is_none() {
                    e.add("area_id", "required", "须指定阵地，或所属区域和地址");
                }
                let address = n.address.clone().unwrap_or_default();
                if address.trim().is_empty() {
                    e.add("address", "required", "须填写活动地址");
                }
                (None, area, address, n.latitude, n.longitude)
            }
        };
        if let (Some(la), Some(lo)) = (lat, lng)
            && !geo::valid_coordinates(la, lo)
        {
            e.add("latitude", "out_of_range", "经纬度无效");
        }
        e.into_result().map_err(ApiError::validation)?;
        let fields = ActivityFields {
            project_id: p.id,
            team_id,
            title: n.title.trim().to_owned(),
            description: n.description.clone(),
            // Microseconds, as both backends store them (and as cursors carry them).
            start_at: n.start_at.naive_utc().trunc_subsecs(6),
            end_at: n.end_at.naive_utc().trunc_subsecs(6),
            signup_deadline: n.signup_deadline.naive_utc().trunc_subsecs(6),
            venue_id,
            area_id,
            address: address.trim().to_owned(),
            latitude: lat,
            longitude: lng,
            checkin_radius_m: radius,
            quota: n.quota,
            skill_ids: serde_json::to_string(&n.skill_ids).unwrap_or_else(|_| "[]".into()),
            min_age,
            risk_level: n.risk_level.unwrap_or(RiskLevel::Low),
            auto_accept: i32::from(n.auto_accept.unwrap_or(true)),
            auto_verify: i32::from(n.auto_verify.unwrap_or(false)),
        };
        let a = db::insert_activity(conn, &fields, user.id)?;
        Ok(view(a, Some(p.category), None))
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            actix_web::http::header::LOCATION,
            format!("/api/v1/activities/{}", a.id),
        ))
        .json(a))
}

/// One activity.
#[utoipa::path(tag = "activities", params(("id" = i64, Path, description = "Activity id")), responses(
    (status = 200, description = "活动", body = Activity, headers(("ETag" = String))),
    (status = 304, description = "未修改（If-None-Match 命中）"),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 404, response = crate::docs::NotFound),
))]
#[get("/activities/{id}")]
pub async fn get_activity(
    state: web::Data<AppState>,
    http: HttpRequest,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let user = optional_user(&http).await?;
    let a = crate::db::run(&state, move |conn| {
        let a = activities::visible(conn, user.as_ref(), id)?;
        let c = category_of(conn, a.project_id)?;
        Ok(view(a, c, None))
    })
    .await?;
    Ok(crate::etag::ok_with_etag(&http, &a))
}

/// A step in an activity's life (its team): publish, cancel (with a reason), start, finish.
#[utoipa::path(tag = "activities", security(("bearer" = [])), request_body = NewActivityTransition,
    params(("id" = i64, Path, description = "Activity id")),
    responses(
        (status = 200, description = "活动的新状态", body = Activity),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
        (status = 409, response = crate::docs::Conflict),
        (status = 413, response = crate::docs::PayloadTooLarge),
        (status = 415, response = crate::docs::UnsupportedMediaType),
        (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/activities/{id}/transitions")]
pub async fn create_activity_transition(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: crate::extract::Json<NewActivityTransition>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let t = body.into_inner();
    let a = crate::db::write(&state, move |conn| {
        let a = activities::visible(conn, Some(&user), id)?;
        activities::authorize_runner(conn, &user, &a)?;
        let from = a.status;
        let mut to =
            from.apply(t.action, t.reason.as_deref())
                .map_err(|e| match e.to_field_error() {
                    Some(fe) => ApiError::validation(vec![fe]),
                    None => ApiError::conflict("invalid_transition", e.message()),
                })?;
        if t.action == ActivityAction::Publish {
            to = youai_domain::activities::recompute_fullness(
                to,
                i64::from(a.accepted_count),
                a.quota,
            );
        }
        let reason = (t.action == ActivityAction::Cancel)
            .then(|| t.reason.as_deref().map(str::trim))
            .flatten();
        let updated = db::set_activity_status(conn, id, to, reason)?;
        crate::audit::record(
            conn,
            &user,
            "activity.transition",
            "activity",
            id,
            Some(serde_json::json!({"status": from.as_str()})),
            Some(serde_json::json!({"status": to.as_str(), "action": t.action.as_str(), "reason": reason})),
        )?;
        let c = category_of(conn, updated.project_id)?;
        Ok(view(updated, c, None))
    })
    .await?;
    Ok(HttpResponse::Ok().json(a))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActivityListQuery {
    /// Activities in this area's subtree.
    pub within: Option<i64>,
    pub team_id: Option<i64>,
    /// Activities at this venue.
    pub venue_id: Option<i64>,
    /// Runs of this project.
    pub project_id: Option<i64>,
    /// One status only. Drafts and cancelled runs need `team_id` of a team you run.
    pub status: Option<ActivityStatus>,
    /// Not ended before this instant (RFC 3339).
    pub from: Option<DateTime<Utc>>,
    /// Starting before this instant (RFC 3339).
    pub to: Option<DateTime<Utc>>,
    /// The project's category.
    pub category: Option<String>,
    /// A target group of the project.
    pub target_group: Option<String>,
    /// Only activities with free places.
    pub free: Option<bool>,
    /// Near this point: `latitude,longitude`.
    pub near: Option<String>,
    /// With `near`: the radius in metres (default 5000).
    pub radius_m: Option<f64>,
    /// Text in the title or address.
    pub q: Option<String>,
    /// Page size, 1–100 (default 20).
    pub limit: Option<i64>,
    /// `next_cursor` from the previous page.
    pub cursor: Option<String>,
}

/// Public listing in start order: recruiting, full, ongoing and finished activities (or one
/// `status`); a team's drafts and cancelled runs for those who run it.
#[utoipa::path(tag = "activities", params(ActivityListQuery), responses(
    (status = 200, description = "一页活动", body = Page<Activity>),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[get("/activities")]
pub async fn list_activities(
    state: web::Data<AppState>,
    http: actix_web::HttpRequest,
    query: crate::extract::Query<ActivityListQuery>,
) -> ApiResult<HttpResponse> {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let query = query.into_inner();
    let limit = query.limit.unwrap_or(20);
    if !(1..=100).contains(&limit) {
        return Err(ApiError::field(
            "limit",
            "out_of_range",
            "limit 须在 1 到 100 之间",
        ));
    }
    // The cursor is the last row's (start, id).
    let after = match query.cursor.as_deref().filter(|c| !c.is_empty()) {
        None => None,
        Some(c) => {
            let decoded = URL_SAFE_NO_PAD
                .decode(c)
                .ok()
                .and_then(|b| serde_json::from_slice::<(i64, i64)>(&b).ok());
            let (micros, id) = decoded
                .ok_or_else(|| ApiError::field("cursor", "invalid_cursor", "cursor 无效"))?;
            let start = DateTime::from_timestamp_micros(micros)
                .ok_or_else(|| ApiError::field("cursor", "invalid_cursor", "cursor 无效"))?;
            Some((start.naive_utc(), id))
        }
    };
    let near = match query.near.as_deref() {
        None => None,
        Some(s) => {
            let parsed = s.split_once(',').and_then(|(a, b)| {
                Some((a.trim().parse::<f64>().ok()?, b.trim().parse::<f64>().ok()?))
            });
            match parsed {
                Some((la, lo)) if geo::valid_coordinates(la, lo) => Some((la, lo)),
                _ => {
                    return Err(ApiError::field(
                        "near",
                        "invalid_point",
                        "near 须为“纬度,经度”",
                    ));
                }
            }
        }
    };
    let radius = query.radius_m.unwrap_or(5000.0);
    if !(1.0..=200_000.0).contains(&radius) {
        return Err(ApiError::field(
            "radius_m",
            "out_of_range",
            "radius_m 须在 1 到 200000 之间",
        ));
    }
    let q = crate::listing::text_query(query.q.as_deref())?;
    let private = matches!(
        query.status,
        Some(ActivityStatus::Draft | ActivityStatus::Cancelled)
    );
    let user = if private {
        Some(crate::caller::optional_user(&http).await?.ok_or_else(|| {
            ApiError::unauthorized("missing_token", "查看草稿或已取消的活动须先登录")
        })?)
    } else {
        None
    };
    let items = crate::db::run(&state, move |conn| {
        if let Some(user) = &user {
            let team = match query.team_id {
                Some(t) => youai_db::teams::find(conn, t)?,
                None => None,
            }
            .ok_or_else(|| {
                ApiError::field(
                    "team_id",
                    "required",
                    "查看草稿或已取消的活动须指定自己的队伍",
                )
            })?;
            crate::team_scope::authorize_team(
                conn,
                user,
                youai_domain::access::Action::ManageTeam,
                &team,
            )?;
        }
        let within_path = match query.within {
            Some(id) => Some(
                areas::find(conn, id)?
                    .ok_or_else(|| ApiError::field("within", "not_found", "区域不存在"))?
                    .path,
            ),
            None => None,
        };
        let filter = ActivityFilter {
            statuses: match query.status {
                Some(s) => vec![s],
                None => vec![
                    ActivityStatus::Recruiting,
                    ActivityStatus::Full,
                    ActivityStatus::Ongoing,
                    ActivityStatus::Finished,
                ],
            },
            within_path,
            team_id: query.team_id,
            venue_id: query.venue_id,
            project_id: query.project_id,
            from: query.from.map(|d| d.naive_utc()),
            to: query.to.map(|d| d.naive_utc()),
            category: query.category.filter(|c| !c.is_empty()),
            target_group: query.target_group.filter(|g| !g.is_empty()),
            free_only: query.free.unwrap_or(false),
            bbox: near.map(|(la, lo)| geo::bbox(la, lo, radius)),
            q,
        };
        let mut out = Vec::new();
        let mut position = after;
        // The box may hold a few rows outside the circle: keep reading until the page is full.
        loop {
            let rows = db::list_activities(conn, &filter, position, limit + 1)?;
            let exhausted = rows.len() as i64 <= limit;
            for a in rows {
                position = Some((a.start_at, a.id));
                let distance = near
                    .and_then(|(la, lo)| Some(geo::distance_m(la, lo, a.latitude?, a.longitude?)));
                if near.is_some() && distance.is_none_or(|d| d > radius) {
                    continue;
                }
                let c = category_of(conn, a.project_id)?;
                out.push(view(a, c, distance));
                if out.len() as i64 > limit {
                    break;
                }
            }
            if exhausted || out.len() as i64 > limit {
                break;
            }
        }
        Ok(out)
    })
    .await?;
    let more = items.len() as i64 > limit;
    let mut items = items;
    items.truncate(limit as usize);
    let next_cursor = if more {
        items.last().map(|a| {
            URL_SAFE_NO_PAD.encode(
                serde_json::to_vec(&(a.start_at.timestamp_micros(), a.id)).unwrap_or_default(),
            )
        })
    } else {
        None
    };
    Ok(HttpResponse::Ok().json(Page { items, next_cursor }))
}

/// My sign-ups with their activities, latest start first (up to 200).
#[utoipa::path(tag = "activities", security(("bearer" = [])), responses(
    (status = 200, description = "我的报名", body = Vec<youai_types::MySignUp>),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[get("/me/sign-ups")]
pub async fn list_my_sign_ups(
    state: web::Data<AppState>,
    user: crate::auth::AuthUser,
) -> ApiResult<HttpResponse> {
    let items = crate::db::run(&state, move |conn| {
        let v = crate::caller::volunteer_profile(conn, &user)?;
        Ok(db::sign_ups_of_volunteer(conn, v.id, 200)?
            .into_iter()
            .map(|(s, a)| youai_types::MySignUp {
                id: s.id,
                activity_id: a.id,
                activity_title: a.title,
                activity_status: a.status,
                start_at: utc(a.start_at),
                end_at: utc(a.end_at),
                address: a.address,
                venue_id: a.venue_id,
                status: s.status,
                checked_in_at: s.checked_in_at.map(utc),
                checked_out_at: s.checked_out_at.map(utc),
                created_at: utc(s.created_at),
            })
            .collect::<Vec<_>>())
    })
    .await?;
    Ok(HttpResponse::Ok().json(items))
}

/// Sign up for an activity (as a volunteer). Auto-accepting activities accept while places
/// last and then waitlist; others wait for a leader. Refused when the activity is not
/// recruiting or past its deadline (409), when it overlaps another accepted commitment (409),
/// below the minimum age or without a required skill (422 naming the rule).
#[utoipa::path(tag = "activities", security(("bearer" = [])), params(("id" = i64, Path, description = "Activity id")), responses(
    (status = 201, description = "已报名（状态见 status）", body = SignUp, headers(("Location" = String))),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 404, response = crate::docs::NotFound),
    (status = 409, response = crate::docs::Conflict),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/activities/{id}/sign-ups")]
pub async fn create_sign_up(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let s = crate::db::write(&state, move |conn| {
        let o = sign_ups::sign_up(conn, &user, id)?;
        Ok(views::sign_up(o.sign_up, o.volunteer_name))
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            actix_web::http::header::LOCATION,
            format!("/api/v1/activities/{}/sign-ups/{}", s.activity_id, s.id),
        ))
        .json(s))
}

/// Move a sign-up on: the team accepts or rejects an application; the volunteer cancels
/// before the start (a freed place goes to the first on the waiting list); after the end the
/// team marks an accepted volunteer who never came `no_show`.
#[utoipa::path(tag = "activities", security(("bearer" = [])), request_body = SignUpStatusChange,
    params(("id" = i64, Path, description = "Activity id"), ("sign_up_id" = i64, Path, description = "Sign-up id")),
    responses(
        (status = 200, description = "报名的新状态", body = SignUp),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
        (status = 409, response = crate::docs::Conflict),
        (status = 413, response = crate::docs::PayloadTooLarge),
        (status = 415, response = crate::docs::UnsupportedMediaType),
        (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/activities/{id}/sign-ups/{sign_up_id}/status")]
pub async fn update_sign_up_status(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(i64, i64)>,
    body: crate::extract::Json<SignUpStatusChange>,
) -> ApiResult<HttpResponse> {
    let (id, sign_up_id) = path.into_inner();
    let to = body.into_inner().status;
    let s = crate::db::write(&state, move |conn| {
        let o = sign_ups::change_status(conn, &user, id, sign_up_id, to)?;
        Ok(views::sign_up(o.sign_up, o.volunteer_name))
    })
    .await?;
    Ok(HttpResponse::Ok().json(s))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SignUpListQuery {
    pub status: Option<SignUpStatus>,
    /// Page size, 1–100 (default 20).
    pub limit: Option<i64>,
    /// `next_cursor` from the previous page.
    pub cursor: Option<String>,
}

/// An activity's sign-ups (its team).
#[utoipa::path(tag = "activities", security(("bearer" = [])), params(("id" = i64, Path, description = "Activity id"), SignUpListQuery), responses(
    (status = 200, description = "一页报名", body = Page<SignUp>),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 404, response = crate::docs::NotFound),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[get("/activities/{id}/sign-ups")]
pub async fn list_sign_ups(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    query: crate::extract::Query<SignUpListQuery>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let query = query.into_inner();
    let page = crate::listing::page_request(
        query.limit,
        query.cursor.as_deref(),
        Some(crate::listing::ListSort::Id),
    )?;
    let req = page.clone();
    let items = crate::db::run(&state, move |conn| {
        let a = activities::visible(conn, Some(&user), id)?;
        activities::authorize_runner(conn, &user, &a)?;
        let rows = db::sign_ups_of(
            conn,
            id,
            query.status,
            req.after.as_ref().map(|a| a.id),
            req.limit,
        )?;
        Ok(rows
            .into_iter()
            .map(|(s, n)| views::sign_up(s, n))
            .collect::<Vec<_>>())
    })
    .await?;
    Ok(HttpResponse::Ok().json(page.page(items, |s| (s.id, s.volunteer_name.as_str()), |s| s)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CalendarQuery {
    /// An area: its subtree's activities.
    pub within: Option<i64>,
    /// A team: its activities.
    pub team_id: Option<i64>,
}

/// An iCalendar feed (RFC 5545) of an area's or a team's activities, from 30 days back, for
/// subscribing in calendar apps. Cancelled activities stay in the feed marked cancelled.
#[utoipa::path(tag = "activities", params(CalendarQuery), responses(
    (status = 200, description = "iCalendar", body = String, content_type = "text/calendar"),
    (status = 400, response = crate::docs::BadRequest),
    (status = 404, response = crate::docs::NotFound),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[get("/calendars/activities.ics")]
pub async fn get_activity_calendar(
    state: web::Data<AppState>,
    query: crate::extract::Query<CalendarQuery>,
) -> ApiResult<HttpResponse> {
    let query = query.into_inner();
    if query.within.is_none() == query.team_id.is_none() {
        return Err(ApiError::field(
            "within",
            "one_required",
            "须指定 within（区域）或 team_id（队伍）之一",
        ));
    }
    let (name, rows) = crate::db::run(&state, move |conn| {
        let (name, within_path) = match query.within {
            Some(id) => {
                let a = areas::find(conn, id)?.ok_or_else(|| ApiError::not_found("区域"))?;
                (format!("{}志愿服务活动", a.name), Some(a.path))
            }
            None => (String::new(), None),
        };
        let name = match query.team_id {
            Some(t) => format!(
                "{}的活动",
                teams::find(conn, t)?
                    .filter(|t| t.status == youai_types::TeamStatus::Approved)
                    .ok_or_else(|| ApiError::not_found("队伍"))?
                    .name
            ),
            None => name,
        };
        let filter = ActivityFilter {
            statuses: vec![
                ActivityStatus::Recruiting,
                ActivityStatus::Full,
                ActivityStatus::Ongoing,
                ActivityStatus::Finished,
                ActivityStatus::Cancelled,
            ],
            within_path,
            team_id: query.team_id,
            from: Some(youai_db::now() - chrono::Duration::days(30)),
            ..ActivityFilter::default()
        };
        Ok((name, db::list_activities(conn, &filter, None, 999)?))
    })
    .await?;
    let events: Vec<youai_domain::ical::Event> = rows
        .into_iter()
        .map(|a| youai_domain::ical::Event {
            id: a.id,
            summary: a.title,
            start: utc(a.start_at),
            end: utc(a.end_at),
            location: a.address,
            description: a.description.unwrap_or_default(),
            geo: a.latitude.zip(a.longitude),
            url: None,
            cancelled: a.status == ActivityStatus::Cancelled,
            updated_at: utc(a.updated_at),
        })
        .collect();
    Ok(HttpResponse::Ok()
        .content_type(youai_domain::ical::CONTENT_TYPE)
        .body(youai_domain::ical::calendar(&name, &events)))
}
