//! Activities (活动) and sign-ups (报名): quota held under concurrency, waiting lists,
//! overlapping commitments, age and skill rules.

use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::IntoParams;
use youai_db::activities::{self as db, ActivityFilter};
use youai_db::{DbConn, areas, teams};
use youai_domain::geo;
use youai_types::{
    Activity, ActivityPatch, ActivityStatus, NewActivity, NewActivityTransition, Page,
};

use crate::auth::AuthUser;
use crate::caller::optional_user;
use crate::convert::utc;
use crate::error::{ApiError, ApiResult};
use crate::services::activities;
use crate::state::AppState;
use crate::views;

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
    let n = body.into_inner();
    let a = crate::db::write(&state, move |conn| {
        let (a, category) = activities::create(conn, &user, n)?;
        Ok(views::activities::activity(a, Some(category), None))
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
        Ok(views::activities::activity(a, c, None))
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
        let updated = activities::transition(conn, &user, id, t)?;
        let c = category_of(conn, updated.project_id)?;
        Ok(views::activities::activity(updated, c, None))
    })
    .await?;
    Ok(HttpResponse::Ok().json(a))
}

/// Move an activity that has not started — its time, its place or both (its team's leaders,
/// admins of its area). Its volunteers with a place hear of it and its reminders move with it.
/// Honours `If-Match`.
#[utoipa::path(tag = "activities", security(("bearer" = [])), request_body = ActivityPatch,
    params(("id" = i64, Path, description = "Activity id"),
        ("If-Match" = Option<String>, Header, description = "The ETag you read; 412 if it changed since")),
    responses(
        (status = 200, description = "已改期或改地点", body = Activity, headers(("ETag" = String))),
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
#[patch("/activities/{id}")]
pub async fn update_activity(
    state: web::Data<AppState>,
    http: HttpRequest,
    user: AuthUser,
    id: web::Path<i64>,
    body: crate::extract::Json<ActivityPatch>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let p = body.into_inner();
    let if_match = crate::etag::if_match(&http);
    let a = crate::db::write(&state, move |conn| {
        let moved = activities::move_activity(conn, &user, id, p, if_match.as_deref())?;
        let c = category_of(conn, moved.project_id)?;
        Ok(views::activities::activity(moved, c, None))
    })
    .await?;
    Ok(crate::etag::ok_with_etag(&http, &a))
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
                out.push(views::activities::activity(a, c, distance));
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
