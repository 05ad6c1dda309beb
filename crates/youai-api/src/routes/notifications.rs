//! The signed-in user's inbox (站内信) — list, unread count, mark read — and their
//! notification preferences and quiet hours.

use actix_web::{HttpResponse, get, post, put, web};
use serde::Deserialize;
use utoipa::IntoParams;
use youai_types::{
    MarkedRead, Notification, NotificationPreferences, NotificationPreferencesUpdate, Page,
    UnreadCount,
};

use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::listing::{ListSort, page_request};
use crate::services::notifications as service;
use crate::state::AppState;
use crate::views::notifications::notification;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NotificationListQuery {
    /// `true`: only the unread lines.
    pub unread: Option<bool>,
    /// Page size, 1–100 (default 20).
    pub limit: Option<i64>,
    /// `next_cursor` from the previous page.
    pub cursor: Option<String>,
}

/// My inbox, newest first; `unread=true` for the unread lines only.
#[utoipa::path(tag = "notifications", security(("bearer" = [])), params(NotificationListQuery), responses(
    (status = 200, description = "一页通知，最新的在前", body = Page<Notification>),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[get("/me/notifications")]
pub async fn list_notifications(
    state: web::Data<AppState>,
    user: AuthUser,
    query: crate::extract::Query<NotificationListQuery>,
) -> ApiResult<HttpResponse> {
    let query = query.into_inner();
    let page = page_request(query.limit, query.cursor.as_deref(), Some(ListSort::IdDesc))?;
    let req = page.clone();
    let rows = crate::db::run(&state, move |conn| {
        service::inbox(
            conn,
            &user,
            query.unread.unwrap_or(false),
            req.after.as_ref().map(|a| a.id),
            req.limit,
        )
    })
    .await?;
    Ok(HttpResponse::Ok().json(page.page(rows, |n| (n.id, ""), notification)))
}

/// How many lines of my inbox are unread (cheap: the SPA's bell asks every minute).
#[utoipa::path(tag = "notifications", security(("bearer" = [])), responses(
    (status = 200, description = "未读条数", body = UnreadCount),
    (status = 401, response = crate::docs::Unauthorized),
))]
#[get("/me/notifications/unread-count")]
pub async fn count_unread_notifications(
    state: web::Data<AppState>,
    user: AuthUser,
) -> ApiResult<HttpResponse> {
    let unread = crate::db::run(&state, move |conn| service::unread(conn, &user)).await?;
    Ok(HttpResponse::Ok().json(UnreadCount { unread }))
}

/// Mark one line of my inbox read (again: no change). Another user's line is 404.
#[utoipa::path(tag = "notifications", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Notification id")),
    responses(
        (status = 200, description = "已读", body = Notification),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 404, response = crate::docs::NotFound),
    )
)]
#[post("/me/notifications/{id}/read")]
pub async fn read_notification(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let n = crate::db::write(&state, move |conn| {
        service::mark_read(conn, &user, id, youai_db::now())
    })
    .await?;
    Ok(HttpResponse::Ok().json(notification(n)))
}

/// Mark every line of my inbox read; answers how many were unread.
#[utoipa::path(tag = "notifications", security(("bearer" = [])), responses(
    (status = 200, description = "已全部标为已读", body = MarkedRead),
    (status = 401, response = crate::docs::Unauthorized),
))]
#[post("/me/notifications/read-all")]
pub async fn read_all_notifications(
    state: web::Data<AppState>,
    user: AuthUser,
) -> ApiResult<HttpResponse> {
    let marked = crate::db::write(&state, move |conn| {
        service::mark_all_read(conn, &user, youai_db::now())
    })
    .await?;
    Ok(HttpResponse::Ok().json(MarkedRead { marked }))
}

/// My notification preferences: for every kind of event I can receive and every channel
/// (`inbox`, `sms`, `wechat`), whether it reaches me (my choice, else the default), and my
/// quiet hours in city time.
#[utoipa::path(tag = "notifications", security(("bearer" = [])), responses(
    (status = 200, description = "通知设置", body = NotificationPreferences),
    (status = 401, response = crate::docs::Unauthorized),
))]
#[get("/me/notification-preferences")]
pub async fn get_notification_preferences(
    state: web::Data<AppState>,
    user: AuthUser,
) -> ApiResult<HttpResponse> {
    let p = crate::db::run(&state, move |conn| service::preferences(conn, &user)).await?;
    Ok(HttpResponse::Ok().json(p))
}

/// Replace my notification preferences: the pairs listed are stored as chosen, those left out
/// go back to their default; quiet hours (`HH:MM` to `HH:MM`, city time; `from` after `to`
/// spans midnight) hold text messages and WeChat until they end, never the inbox. A bad time,
/// an unknown kind or channel, or a pair listed twice is 422 naming the field.
#[utoipa::path(tag = "notifications", security(("bearer" = [])), request_body = NotificationPreferencesUpdate, responses(
    (status = 200, description = "已保存；现行的通知设置", body = NotificationPreferences),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 413, response = crate::docs::PayloadTooLarge),
    (status = 415, response = crate::docs::UnsupportedMediaType),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[put("/me/notification-preferences")]
pub async fn put_notification_preferences(
    state: web::Data<AppState>,
    user: AuthUser,
    body: crate::extract::Json<NotificationPreferencesUpdate>,
) -> ApiResult<HttpResponse> {
    let update = body.into_inner();
    let p = crate::db::write(&state, move |conn| {
        service::put_preferences(conn, &user, &update)
    })
    .await?;
    Ok(HttpResponse::Ok().json(p))
}
