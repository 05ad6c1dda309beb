//! Accounts, for admins: find a user to grant a role to.

use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use youai_db::users;
use youai_domain::access::{Action, Target};
use youai_types::{Page, RoleGrant, User};

use crate::auth::{AuthUser, authorize};
use crate::convert;
use crate::error::{ApiError, ApiResult};
use crate::etag;
use crate::listing::{ListSort, page_request, text_query};
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserListQuery {
    /// Text in the name or phone.
    pub q: Option<String>,
    /// Page size, 1–100 (default 20).
    pub limit: Option<i64>,
    /// `next_cursor` from the previous page.
    pub cursor: Option<String>,
    /// Order: `id` (default), `-id`, `name`, `-name`.
    pub sort: Option<ListSort>,
}

/// List accounts (platform admins).
#[utoipa::path(tag = "users", security(("bearer" = [])), params(UserListQuery), responses(
    (status = 200, description = "一页账号", body = Page<User>),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[get("/users")]
pub async fn list_users(
    state: web::Data<AppState>,
    user: AuthUser,
    query: crate::extract::Query<UserListQuery>,
) -> ApiResult<HttpResponse> {
    authorize(&user, Action::ViewUsers, &Target::Platform)?;
    let query = query.into_inner();
    let page = page_request(query.limit, query.cursor.as_deref(), query.sort)?;
    let q = text_query(query.q.as_deref())?;
    let req = page.clone();
    let rows = crate::db::run(&state, move |conn| {
        Ok(users::list(
            conn,
            q.as_deref(),
            req.sort,
            req.after.as_ref(),
            req.limit,
        )?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(page.page(rows, |u| (u.id, u.name.as_str()), convert::user)))
}

/// An account with its role grants.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UserDetail {
    pub user: User,
    pub grants: Vec<RoleGrant>,
}

/// One account with its grants: the user themself, or a platform admin.
#[utoipa::path(tag = "users", security(("bearer" = [])), params(("id" = i64, Path, description = "User id")), responses(
    (status = 400, response = crate::docs::BadRequest),
    (status = 200, description = "账号", body = UserDetail, headers(("ETag" = String))),
    (status = 304, description = "未修改（If-None-Match 命中）"),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 404, response = crate::docs::NotFound),
))]
#[get("/users/{id}")]
pub async fn get_user(
    state: web::Data<AppState>,
    http: HttpRequest,
    user: AuthUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    if id != user.id {
        authorize(&user, Action::ViewUsers, &Target::Platform)?;
    }
    let detail = crate::db::run(&state, move |conn| {
        let u = users::find(conn, id)?.ok_or_else(|| ApiError::not_found("用户"))?;
        let grants = users::grants_of(conn, id)?
            .into_iter()
            .map(|(g, _)| convert::grant(g))
            .collect();
        Ok(UserDetail {
            user: convert::user(u),
            grants,
        })
    })
    .await?;
    Ok(etag::ok_with_etag(&http, &detail))
}
