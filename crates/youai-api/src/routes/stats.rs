//! The platform's live figures.

use actix_web::{HttpResponse, get, web};
use youai_types::Stats;

use crate::error::ApiResult;
use crate::state::AppState;

/// The city's figures for the home page: areas, venues, accounts, teams, volunteers,
/// activities run, hours served, projects published, and courtesies enjoyed and points moved.
#[utoipa::path(tag = "stats", responses((status = 200, description = "平台实时数据", body = Stats)))]
#[get("/stats")]
pub async fn get_stats(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let stats = crate::db::run(&state, |conn| {
        let figures =
            youai_db::activities::figures(conn, youai_db::now() - chrono::Duration::days(30))?;
        let youai_db::rewards::Enjoyed {
            by_kind,
            volunteers: holders,
        } = youai_db::rewards::enjoyed(conn)?;
        let (honoured, honours) = youai_db::rewards::honoured(conn)?;
        let mut rewarded_by_kind: Vec<youai_types::RewardKindCount> = by_kind
            .into_iter()
            .filter_map(|(k, count)| {
                Some(youai_types::RewardKindCount {
                    kind: youai_types::RewardKind::parse(&k)?,
                    count,
                })
            })
            .collect();
        if honours > 0 {
            match rewarded_by_kind
                .iter_mut()
                .find(|k| k.kind == youai_types::RewardKind::Honour)
            {
                Some(k) => k.count += honours,
                None => rewarded_by_kind.push(youai_types::RewardKindCount {
                    kind: youai_types::RewardKind::Honour,
                    count: honours,
                }),
            }
        }
        let rewarded: std::collections::BTreeSet<i64> =
            holders.into_iter().chain(honoured).collect();
        let redeem = youai_db::rewards::total_of_kind(conn, None, "redeem")?;
        let refund = youai_db::rewards::total_of_kind(conn, None, "refund")?;
        Ok(Stats {
            volunteers_rewarded: rewarded.len() as i64,
            courtesies_enjoyed: rewarded_by_kind.iter().map(|k| k.count).sum(),
            rewarded_by_kind,
            points_issued: youai_db::rewards::total_of_kind(conn, None, "earn")?,
            points_redeemed: -(redeem + refund),
            stock_left: youai_db::rewards::stock_left(conn)?,
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
