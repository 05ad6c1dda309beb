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

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MonthlyQuery {
    /// How many months back, this one included: 1–60 (default 12).
    pub months: Option<u32>,
}

/// The city's figures month by month (activities run, verified hours) and hours by town and
/// month, for charts over time and reports.
#[utoipa::path(tag = "stats", params(MonthlyQuery), responses(
    (status = 200, description = "按月数据", body = youai_types::MonthlyStats),
    (status = 400, response = crate::docs::BadRequest),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[get("/stats/monthly")]
pub async fn get_monthly_stats(
    state: web::Data<AppState>,
    query: web::Query<MonthlyQuery>,
) -> ApiResult<HttpResponse> {
    use chrono::{Datelike, NaiveDate};
    use std::collections::BTreeMap;
    let months = query.months.unwrap_or(12);
    if !(1..=60).contains(&months) {
        return Err(crate::error::ApiError::field(
            "months",
            "out_of_range",
            "months 须在 1 到 60 之间",
        ));
    }
    // The first day of the first month, in the city's calendar.
    let today = super::volunteers::today();
    let back = i32::try_from(months).unwrap_or(12) - 1;
    let index = today.year() * 12 + i32::try_from(today.month0()).unwrap_or(0) - back;
    let since = NaiveDate::from_ymd_opt(index.div_euclid(12), index.rem_euclid(12) as u32 + 1, 1)
        .unwrap_or(today);
    let stats = crate::db::run(&state, move |conn| {
        let run: BTreeMap<String, i64> = youai_db::monthly::activities_run(conn, since)?
            .into_iter()
            .map(|m| (m.month, m.n))
            .collect();
        let served: BTreeMap<String, i64> = youai_db::monthly::quarters_served(conn, since)?
            .into_iter()
            .map(|m| (m.month, m.n))
            .collect();
        let mut all = Vec::new();
        for i in 0..=back {
            let k = index + i;
            let month = format!("{:04}-{:02}", k.div_euclid(12), k.rem_euclid(12) + 1);
            all.push(youai_types::MonthFigures {
                activities_run: run.get(&month).copied().unwrap_or(0),
                hours_served: served.get(&month).copied().unwrap_or(0) as f64 / 4.0,
                month,
            });
        }
        // Each area's town: itself, or its ancestor at the town level.
        let areas = youai_db::areas::all(conn)?;
        let towns: Vec<&youai_db::areas::Area> =
            areas.iter().filter(|a| a.level == "town").collect();
        let town_of = |area_id: i64| {
            let path = areas
                .iter()
                .find(|a| a.id == area_id)
                .map(|a| a.path.as_str())?;
            towns
                .iter()
                .find(|t| path.starts_with(t.path.as_str()))
                .copied()
        };
        let mut by_town: BTreeMap<(String, Option<i64>, String), i64> = BTreeMap::new();
        for row in youai_db::monthly::quarters_by_area(conn, since)? {
            let (id, name) = match town_of(row.area_id) {
                Some(t) => (Some(t.id), t.name.clone()),
                None => (None, "市级".to_string()),
            };
            *by_town.entry((row.month, id, name)).or_insert(0) += row.quarters;
        }
        Ok(youai_types::MonthlyStats {
            months: all,
            hours_by_town: by_town
                .into_iter()
                .map(|((month, town_id, town), q)| youai_types::TownMonthHours {
                    town_id,
                    town,
                    month,
                    hours: q as f64 / 4.0,
                })
                .collect(),
        })
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "public, max-age=300"))
        .json(stats))
}
