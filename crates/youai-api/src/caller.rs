//! Who is calling: the signed-in user of a public endpoint, and the caller's own volunteer
//! profile.

use actix_web::HttpRequest;
use youai_db::{DbConn, volunteers};

use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};

/// The optional signed-in user of a public endpoint.
pub async fn optional_user(http: &HttpRequest) -> ApiResult<Option<AuthUser>> {
    use actix_web::FromRequest;
    if http
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .is_none()
    {
        return Ok(None);
    }
    AuthUser::extract(http).await.map(Some)
}

/// The caller's own volunteer profile, or 422 `volunteer_profile_required`.
pub fn volunteer_profile(conn: &mut DbConn, user: &AuthUser) -> ApiResult<volunteers::Volunteer> {
    volunteers::find_by_user(conn, user.id)?.ok_or_else(|| {
        ApiError::field(
            "volunteer",
            "volunteer_profile_required",
            "请先完善志愿者资料（POST /api/v1/volunteers）",
        )
    })
}
