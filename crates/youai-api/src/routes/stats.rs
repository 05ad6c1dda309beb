//! The platform's live figures.

use actix_web::{HttpResponse, get, web};
use youai_types::Stats;

use crate::error::ApiResult;
use crate::state::AppState;

/// The city's figures for the home page: areas, venues, accounts, teams, volunteers,
/// activities run, hours served and projects published (rewards come later).
#[utoipa::path(tag = "stats", responses((status = 200, description = "平台实时数据", body = Stats)))]
#[get("/stats")]
pub async fn get_stats(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let stats = crate::db::run(&state, |conn| {
        let figures =
            youai_db::activities::figures(conn, youai_db::now() - chrono::Duration::days(30))?;
        Ok(Stats {
            activities_run: figures.run,
            hours_served: youai_db::records::verified_quarters(conn)? as f64 / 4.0,
            projects_published: figures.published,
            projects_per_day: figures.recent as f64 / 30.0,
            activities_by_category: figures
                .by_category
                .into_iter()
                .map(|(category, count)| youai_types::CategoryCount { category, count })
                .collect(),
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
