//! The platform's live figures.

use std::collections::BTreeMap;

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use chrono::{Datelike, NaiveDate};
use youai_db::DbConn;
use youai_types::{AreaLevel, MonthFigures, MonthlyStats, RewardKind, Stats, TownMonthHours};

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use youai_certificate::exports::{Cell, Sheet, workbook};

mod lists;
mod orders;

/// The city's figures for the home page: areas, venues, accounts, teams, volunteers,
/// activities run, hours served, projects published, courtesies enjoyed and points moved, and
/// the needs and resources lists (needs by category, channel, state and town, the median
/// hours to a decision and to fulfilment, residents served, allocations by level and topic),
/// and the orders (开单、点单) by direction, state and town, the median hours to be taken, the
/// completion rate and the stations' average rating.
#[utoipa::path(tag = "stats", responses((status = 200, description = "平台实时数据", body = Stats)))]
#[get("/stats")]
pub async fn get_stats(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let stats = crate::db::run(&state, figures).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "public, max-age=30"))
        .json(stats))
}

/// The live figures, for `/stats` and the workbook.
fn figures(conn: &mut DbConn) -> ApiResult<Stats> {
    let figures =
        youai_db::activities::figures(conn, youai_db::now() - chrono::Duration::days(30))?;
    let youai_db::rewards::Enjoyed {
        by_kind,
        volunteers: holders,
    } = youai_db::rewards::enjoyed(conn)?;
    let (honoured, honours) = youai_db::rewards::honoured(conn)?;
    let mut rewarded_by_kind: Vec<youai_types::RewardKindCount> = by_kind
        .into_iter()
        .map(|(kind, count)| youai_types::RewardKindCount { kind, count })
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
    let rewarded: std::collections::BTreeSet<i64> = holders.into_iter().chain(honoured).collect();
    let redeem = youai_db::rewards::total_of_kind(conn, None, youai_types::PointsKind::Redeem)?;
    let refund = youai_db::rewards::total_of_kind(conn, None, youai_types::PointsKind::Refund)?;
    Ok(Stats {
        volunteers_rewarded: rewarded.len() as i64,
        courtesies_enjoyed: rewarded_by_kind.iter().map(|k| k.count).sum(),
        rewarded_by_kind,
        points_issued: youai_db::rewards::total_of_kind(conn, None, youai_types::PointsKind::Earn)?,
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
            .map(|(kind, count)| youai_types::KindCount { kind, count })
            .collect(),
        lists: lists::figures(conn)?,
        orders: orders::figures(conn)?,
    })
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MonthlyQuery {
    /// How many months back, this one included: 1–60 (default 12).
    pub months: Option<u32>,
}

impl MonthlyQuery {
    /// The first day of the range's first month (in the city's calendar) and the months in it.
    fn range(&self) -> ApiResult<(NaiveDate, u32)> {
        let months = self.months.unwrap_or(12);
        if !(1..=60).contains(&months) {
            return Err(ApiError::field(
                "months",
                "out_of_range",
                "months 须在 1 到 60 之间",
            ));
        }
        let today = crate::clock::city_today();
        let first = month_index(today) - i32::try_from(months).unwrap_or(12) + 1;
        Ok((month_start(first).unwrap_or(today), months))
    }
}

/// Months counted from year 0: `year * 12 + month0`.
fn month_index(day: NaiveDate) -> i32 {
    day.year() * 12 + i32::try_from(day.month0()).unwrap_or(0)
}

fn month_start(index: i32) -> Option<NaiveDate> {
    let month0 = u32::try_from(index.rem_euclid(12)).ok()?;
    NaiveDate::from_ymd_opt(index.div_euclid(12), month0 + 1, 1)
}

/// The figures of `months` months from `since` (the first of a month).
fn monthly(conn: &mut DbConn, since: NaiveDate, months: u32) -> ApiResult<MonthlyStats> {
    use youai_db::monthly;
    let by_month = |rows: Vec<monthly::MonthCount>| -> BTreeMap<String, i64> {
        rows.into_iter().map(|m| (m.month, m.n)).collect()
    };
    let run = by_month(monthly::activities_run(conn, since)?);
    let served = by_month(monthly::quarters_served(conn, since)?);
    let people = by_month(monthly::volunteers_served(conn, since)?);
    let teams = by_month(monthly::teams_active(conn, since)?);
    let rewarded = by_month(monthly::volunteers_rewarded(conn, since)?);
    let opened = by_month(monthly::orders_opened(conn, since)?);
    let taken = by_month(monthly::orders_taken(conn, since)?);
    let completed = by_month(monthly::orders_completed(conn, since)?);
    let first = month_index(since);
    let all = (first..first + i32::try_from(months).unwrap_or(0))
        .map(|k| {
            let month = format!("{:04}-{:02}", k.div_euclid(12), k.rem_euclid(12) + 1);
            let of = |m: &BTreeMap<String, i64>| m.get(&month).copied().unwrap_or(0);
            MonthFigures {
                activities_run: of(&run),
                hours_served: of(&served) as f64 / 4.0,
                volunteers_served: of(&people),
                teams_active: of(&teams),
                volunteers_rewarded: of(&rewarded),
                orders_opened: of(&opened),
                orders_taken: of(&taken),
                orders_completed: of(&completed),
                month,
            }
        })
        .collect();
    // Each area's town: itself, or its ancestor at the town level.
    let areas = youai_db::areas::all(conn)?;
    let towns: Vec<&youai_db::areas::Area> = areas
        .iter()
        .filter(|a| a.level == AreaLevel::Town)
        .collect();
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
    for row in monthly::quarters_by_area(conn, since)? {
        let (id, name) = match town_of(row.area_id) {
            Some(t) => (Some(t.id), t.name.clone()),
            None => (None, "市级".to_string()),
        };
        *by_town.entry((row.month, id, name)).or_insert(0) += row.quarters;
    }
    Ok(MonthlyStats {
        months: all,
        hours_by_town: by_town
            .into_iter()
            .map(|((month, town_id, town), q)| TownMonthHours {
                town_id,
                town,
                month,
                hours: q as f64 / 4.0,
            })
            .collect(),
    })
}

/// The city's figures month by month (activities run, verified hours, volunteers who served,
/// active teams, volunteers rewarded, orders opened, taken and completed) and hours by town and month, for charts over time and
/// reports.
#[utoipa::path(tag = "stats", params(MonthlyQuery), responses(
    (status = 200, description = "按月数据", body = MonthlyStats),
    (status = 400, response = crate::docs::BadRequest),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[get("/stats/monthly")]
pub async fn get_monthly_stats(
    state: web::Data<AppState>,
    query: crate::extract::Query<MonthlyQuery>,
) -> ApiResult<HttpResponse> {
    let (since, months) = query.range()?;
    let stats = crate::db::run(&state, move |conn| monthly(conn, since, months)).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "public, max-age=300"))
        .json(stats))
}

/// The reports as one workbook (XLSX): the figures by month, verified hours by town and month
/// (a town a row, a month a column), activities by category, courtesies by kind and teams by
/// kind, and the needs and resources lists (a summary, needs by category, channel, state and
/// town, allocations by level and topic), and the orders (a summary, by state and direction,
/// by town, by month). Every number in it is public already (`/stats`, `/stats/monthly`); this is the
/// spreadsheet form a report is filed in.
#[utoipa::path(tag = "stats", params(MonthlyQuery), responses(
    (status = 200, description = "报表工作簿", content(
        (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    )),
    (status = 400, response = crate::docs::BadRequest),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[get("/stats/report")]
pub async fn get_stats_report(
    state: web::Data<AppState>,
    query: crate::extract::Query<MonthlyQuery>,
) -> ApiResult<HttpResponse> {
    let (since, months) = query.range()?;
    let (stats, by_month) = crate::db::run(&state, move |conn| {
        Ok((figures(conn)?, monthly(conn, since, months)?))
    })
    .await?;
    let bytes = crate::db::blocking(move || {
        workbook(&report_sheets(&stats, &by_month)).map_err(ApiError::internal)
    })
    .await?;
    let today = crate::clock::city_today().format("%Y-%m-%d");
    Ok(HttpResponse::Ok()
        .content_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .insert_header(("Cache-Control", "public, max-age=300"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"youai-report-{today}.xlsx\""),
        ))
        .body(bytes))
}

/// The report's sheets: headers in Chinese, numbers as numbers.
fn report_sheets(stats: &Stats, monthly: &MonthlyStats) -> Vec<Sheet> {
    let text = |s: &str| Cell::Text(s.to_owned());
    let num = |n: f64| Cell::Number(n);
    let titles = |t: &[&str]| t.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let mut sheets = vec![Sheet {
        name: "按月数据".into(),
        columns: titles(&[
            "月份",
            "开展活动",
            "服务时长（小时）",
            "服务志愿者",
            "活跃队伍",
            "获礼遇志愿者",
        ]),
        rows: monthly
            .months
            .iter()
            .map(|m| {
                vec![
                    text(&m.month),
                    num(m.activities_run as f64),
                    num(m.hours_served),
                    num(m.volunteers_served as f64),
                    num(m.teams_active as f64),
                    num(m.volunteers_rewarded as f64),
                ]
            })
            .collect(),
    }];
    // A town a row, a month a column, the towns in the order of their total hours.
    let mut columns = vec!["镇（街道）".to_owned()];
    columns.extend(monthly.months.iter().map(|m| m.month.clone()));
    columns.push("合计".into());
    sheets.push(Sheet {
        name: "各镇按月服务时长".into(),
        columns,
        rows: town_rows(monthly)
            .into_iter()
            .map(|town| {
                let mut row = vec![text(&town.name)];
                row.extend(town.hours.iter().map(|h| num(*h)));
                row.push(num(town.total));
                row
            })
            .collect(),
    });
    let tables: [(&str, Vec<Counted>); 3] = [
        (
            "活动类别",
            stats
                .activities_by_category
                .iter()
                .map(|c| (c.category.clone(), c.count))
                .collect(),
        ),
        (
            "礼遇类别",
            stats
                .rewarded_by_kind
                .iter()
                .map(|c| (reward_kind_name(c.kind).to_owned(), c.count))
                .collect(),
        ),
        (
            "队伍类别",
            stats
                .teams_by_kind
                .iter()
                .map(|c| (youai_domain::teams::kind_name(c.kind).to_owned(), c.count))
                .collect(),
        ),
    ];
    for (name, mut rows) in tables {
        rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        sheets.push(Sheet {
            name: name.into(),
            columns: titles(&["类别", "数量"]),
            rows: rows
                .into_iter()
                .map(|(label, n)| vec![Cell::Text(label), num(n as f64)])
                .collect(),
        });
    }
    sheets.extend(lists::sheets(&stats.lists));
    sheets.extend(orders::sheets(&stats.orders, monthly));
    sheets
}

/// A label and its count, a row of the small tables.
type Counted = (String, i64);

/// One town's hours in every month of the range, and their total.
struct TownRow {
    name: String,
    hours: Vec<f64>,
    total: f64,
}

/// `hours_by_town` as a table: a row per town (most hours first), a column per month.
fn town_rows(monthly: &MonthlyStats) -> Vec<TownRow> {
    let mut by_name: BTreeMap<&str, TownRow> = BTreeMap::new();
    for cell in &monthly.hours_by_town {
        let Some(col) = monthly.months.iter().position(|m| m.month == cell.month) else {
            continue;
        };
        let row = by_name.entry(&cell.town).or_insert_with(|| TownRow {
            name: cell.town.clone(),
            hours: vec![0.0; monthly.months.len()],
            total: 0.0,
        });
        if let Some(h) = row.hours.get_mut(col) {
            *h += cell.hours;
        }
        row.total += cell.hours;
    }
    let mut rows: Vec<TownRow> = by_name.into_values().collect();
    rows.sort_by(|a, b| {
        b.total
            .total_cmp(&a.total)
            .then_with(|| a.name.cmp(&b.name))
    });
    rows
}

/// A courtesy kind's name in the workbook.
fn reward_kind_name(kind: RewardKind) -> &'static str {
    match kind {
        RewardKind::Recognition => "星级认定",
        RewardKind::Honour => "荣誉授予",
        RewardKind::Insurance => "免费保险",
        RewardKind::Service => "享受服务",
        RewardKind::Goods => "兑换物资",
        RewardKind::Training => "培训",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(m: &str) -> MonthFigures {
        MonthFigures {
            month: m.to_owned(),
            activities_run: 0,
            hours_served: 0.0,
            volunteers_served: 0,
            teams_active: 0,
            volunteers_rewarded: 0,
            orders_opened: 0,
            orders_taken: 0,
            orders_completed: 0,
        }
    }

    fn cell(town: &str, m: &str, hours: f64) -> TownMonthHours {
        TownMonthHours {
            town_id: None,
            town: town.to_owned(),
            month: m.to_owned(),
            hours,
        }
    }

    #[test]
    fn town_rows_put_a_town_a_row_and_a_month_a_column_most_hours_first() {
        let monthly = MonthlyStats {
            months: vec![month("2026-10"), month("2026-11")],
            hours_by_town: vec![
                cell("杨舍镇", "2026-10", 2.0),
                cell("金港镇", "2026-10", 1.5),
                cell("金港镇", "2026-11", 4.0),
                // Outside the range: left out.
                cell("杨舍镇", "2026-09", 9.0),
            ],
        };
        let rows = town_rows(&monthly);
        let got: Vec<(&str, &[f64], f64)> = rows
            .iter()
            .map(|r| (r.name.as_str(), r.hours.as_slice(), r.total))
            .collect();
        assert_eq!(
            got,
            vec![
                ("金港镇", &[1.5, 4.0][..], 5.5),
                ("杨舍镇", &[2.0, 0.0][..], 2.0)
            ]
        );
    }

    #[test]
    fn month_indices_round_trip_across_years() {
        let jan = NaiveDate::from_ymd_opt(2027, 1, 15).unwrap();
        assert_eq!(
            month_start(month_index(jan) - 1),
            NaiveDate::from_ymd_opt(2026, 12, 1)
        );
        assert_eq!(
            month_start(month_index(jan) - 13),
            NaiveDate::from_ymd_opt(2025, 12, 1)
        );
    }
}
