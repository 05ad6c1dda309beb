//! Granting and revoking roles. A platform admin grants anything; an area admin grants
//! area-admin and kiosk roles inside their own subtree.

use actix_web::{HttpResponse, delete, post, web};
use youai_types::{NewRoleGrant, RoleGrant};

use crate::auth::AuthUser;
use crate::convert;
use crate::error::ApiResult;
use crate::state::AppState;

/// Grant a role to a user.
#[utoipa::path(tag = "users", security(("bearer" = [])), request_body = NewRoleGrant, responses(
    (status = 201, description = "已授权", body = RoleGrant, headers(("Location" = String), ("ETag" = String))),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 409, response = crate::docs::Conflict),
    (status = 413, response = crate::docs::PayloadTooLarge),
    (status = 415, response = crate::docs::UnsupportedMediaType),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/role-grants")]
pub async fn create_role_grant(
    state: web::Data<AppState>,
    user: AuthUser,
    body: crate::extract::Json<NewRoleGrant>,
) -> ApiResult<HttpResponse> {
    let g = body.into_inner();
    let grant = crate::db::write(&state, move |conn| {
        crate::services::grants::grant(conn, &user, &g)
    })
    .await?;
    let grant = convert::grant(grant);
    Ok(crate::etag::created(
        &grant,
        format!("/api/v1/users/{}", grant.user_id),
    ))
}

/// Revoke a role grant (by whoever could have granted it).
#[utoipa::path(tag = "users", security(("bearer" = [])), params(("id" = i64, Path, description = "Grant id")), responses(
    (status = 400, response = crate::docs::BadRequest),
    (status = 204, description = "已撤销"),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 404, response = crate::docs::NotFound),
))]
#[delete("/role-grants/{id}")]
pub async fn delete_role_grant(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    crate::db::write(&state, move |conn| {
        crate::services::grants::revoke(conn, &user, id)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
