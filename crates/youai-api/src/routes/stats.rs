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
            teams: youai_db::teams::count(conn)?,
            volunteers: youai_db::volunteers::count(conn)?,
            teams_by_kind: youai_db::teams::counts_by_kind(conn)?
                .into_iter()
                .filter_map(|(k, count)| {
                    Some(youai_types::KindCount {
                        kind: youai_types::TeamKind::parse(&k)?,
                        count,
                    })
                })
                .collect(),
        })
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "public, max-age=30"))
        .json(stats))
}
