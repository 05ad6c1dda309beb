//! Sign-ups (报名): a volunteer signs up for an activity, the team decides, the volunteer
//! cancels; the caller's own sign-ups; an activity's sign-ups for its team.

use actix_web::{HttpResponse, get, post, web};
use serde::Deserialize;
use utoipa::IntoParams;
use youai_db::activities as db;
use youai_types::{Page, SignUp, SignUpStatus, SignUpStatusChange};

use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::services::{activities, sign_ups};
use crate::state::AppState;
use crate::views;

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
            .map(|(s, a)| views::my_sign_up(s, a))
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
