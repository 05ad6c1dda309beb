//! The platform's live figures.

use actix_web::{HttpResponse, get, web};
use youai_types::Stats;

use crate::error::ApiResult;
use crate::state::AppState;

/// The city's figures for the home page: areas, venues and accounts (later: teams,
/// volunteers, activities, hours, rewards).
#[utoipa::path(tag = "stats", responses((status = 200, description = "平台实时数据", body = Stats)))]
#[get("/stats")]
pub async fn get_stats(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let stats = crate::db::run(&state, |conn| {
        Ok(Stats {
            areas: youai_db::areas::count(conn)?,
            venues: youai_db::venues::count(conn)?,
            users: youai_db::users::count(conn)?,
        })
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "public, max-age=30"))
        .json(stats))
}
