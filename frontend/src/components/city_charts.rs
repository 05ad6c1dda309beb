//! The city's figures as charts: on the home page, and at `/console/reports` for staff, where
//! each chart's numbers also download as CSV.

use leptos::prelude::*;
use youai_types::{ListsStats, MonthFigures, MonthlyStats, NeedChannel, NeedStatus, Stats};

use crate::api::use_api;
use crate::components::{
    Bar, CsvLink, ErrorMessage, Fetched, HeatRow, Loading, bar_chart, column_chart, esc, heat_map,
    when_loaded,
};
use crate::i18n::{area_level_key, reward_kind_key, team_kind_key, tr, use_i18n};

/// Which chart: its element id, title key, the header of its first CSV column, its file.
struct Chart {
    id: &'static str,
    title: &'static str,
    column: &'static str,
    file: &'static str,
    bars: fn(&Stats, crate::i18n::I18n) -> Vec<Bar>,
}

const CHARTS: [Chart; 3] = [
    Chart {
        id: "chart-activities",
        title: "reports.activities_by_category",
        column: "reports.category",
        file: "activities-by-category.csv",
        bars: |s, _| {
            s.activities_by_category
                .iter()
                .map(|c| (c.category.clone(), c.count))
                .collect()
        },
    },
    Chart {
        id: "chart-courtesies",
        title: "reports.courtesies_by_kind",
        column: "reports.kind",
        file: "courtesies-by-kind.csv",
        bars: |s, i18n| {
            s.rewarded_by_kind
                .iter()
                .map(|c| (i18n.t(reward_kind_key(c.kind)).to_owned(), c.count))
                .collect()
        },
    },
    Chart {
        id: "chart-teams",
        title: "reports.teams_by_kind",
        column: "reports.kind",
        file: "teams-by-kind.csv",
        bars: |s, i18n| {
            s.teams_by_kind
                .iter()
                .map(|c| (i18n.t(team_kind_key(c.kind)).to_owned(), c.count))
                .collect()
        },
    },
];

/// Which charts [`Charts`] draws.
#[derive(Clone)]
// Made once per page and moved into its component: the size of `Stats` costs nothing.
#[allow(clippy::large_enum_variant)]
pub enum ChartSet {
    /// The three charts of these figures, largest first.
    City(Stats),
    /// The last twelve months, fetched.
    Monthly,
    /// The needs and resources lists (三清单), fetched.
    Lists,
}

/// Charts, with a CSV link under each when `csv`. Their code (this module and `chart`) is a
/// chunk of its own, fetched alongside the figures they draw rather than in `/`'s first
/// download: the figures need a round trip anyway.
#[component]
pub fn Charts(set: ChartSet, csv: bool) -> impl IntoView {
    let set = StoredValue::new(set);
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(charts_view(set.get_value(), csv))}
        </Suspense>
    }
}

/// The split point of the charts' code.
#[leptos::lazy]
fn charts_view(set: ChartSet, csv: bool) -> AnyView {
    match set {
        ChartSet::City(stats) => view! { <CityCharts stats csv/> }.into_any(),
        ChartSet::Monthly => view! { <MonthlyCharts csv/> }.into_any(),
        ChartSet::Lists => view! { <FetchedLists csv/> }.into_any(),
    }
}

/// The three charts of `stats`, largest first; with a CSV link under each when `csv`.
#[component]
fn CityCharts(stats: Stats, csv: bool) -> impl IntoView {
    let i18n = use_i18n();
    let stats = StoredValue::new(stats);
    view! {
        <div class="chart-grid">
            {CHARTS.iter().map(|chart| {
                let make = chart.bars;
                let bars = move || {
                    let mut bars = stats.with_value(|s| make(s, i18n));
                    crate::sort::sort_by(&mut bars, |a, b| a.1 > b.1);
                    bars
                };
                let column = chart.column;
                view! {
                    <div class="chart-box">
                        {bar_chart(chart.id, chart.title, "reports.no_data", bars)}
                        {csv.then(|| view! {
                            <CsvLink file=chart.file rows=move || {
                                let mut rows = vec![vec![i18n.t(column).to_owned(), i18n.t("reports.count").to_owned()]];
                                rows.extend(bars().into_iter().map(|(label, n)| vec![label, n.to_string()]));
                                rows
                            }/>
                        })}
                    </div>
                }
            }).collect_view()}
        </div>
    }
}

/// How many months the charts over time cover.
pub const CHART_MONTHS: u32 = 12;

/// A figure over time: its chart's id, its title key, its value in a month.
type Series = (&'static str, &'static str, fn(&MonthFigures) -> f64);

const SERIES: [Series; 5] = [
    ("chart-hours-monthly", "reports.hours_monthly", |m| {
        m.hours_served
    }),
    (
        "chart-activities-monthly",
        "reports.activities_monthly",
        |m| m.activities_run as f64,
    ),
    (
        "chart-volunteers-monthly",
        "reports.volunteers_monthly",
        |m| m.volunteers_served as f64,
    ),
    ("chart-teams-monthly", "reports.teams_monthly", |m| {
        m.teams_active as f64
    }),
    ("chart-rewarded-monthly", "reports.rewarded_monthly", |m| {
        m.volunteers_rewarded as f64
    }),
];

/// The last twelve months: a column chart per figure; with `csv`, the hours by town and month
/// too (a heat map and its table), each with its CSV.
#[component]
fn MonthlyCharts(csv: bool) -> impl IntoView {
    let api = use_api();
    let monthly = Fetched::new(move || api.monthly_stats(CHART_MONTHS));
    let retry = Callback::new(move |()| monthly.refetch());
    when_loaded(
        move || monthly.get(),
        move |answer| match answer {
            Ok(m) => view! { <Monthly m csv/> }.into_any(),
            Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
        },
    )
}

#[component]
fn Monthly(m: MonthlyStats, csv: bool) -> impl IntoView {
    let i18n = use_i18n();
    let charts = SERIES
        .iter()
        .map(|&(id, title, value)| {
            let columns = m
                .months
                .iter()
                .map(|x| (x.month.clone(), value(x)))
                .collect();
            view! { <div class="chart-box">{column_chart(id, title, columns)}</div> }
        })
        .collect_view();
    let months: Vec<String> = m.months.iter().map(|x| x.month.clone()).collect();
    let towns = town_rows(&m);
    let table = StoredValue::new((months.clone(), towns.clone(), m.months));
    let monthly_csv = move || {
        table.with_value(|(_, _, figures)| {
            let head = std::iter::once("reports.month").chain(SERIES.iter().map(|s| s.1));
            let mut rows = vec![head.map(|k| i18n.t(k).to_owned()).collect::<Vec<_>>()];
            rows.extend(figures.iter().map(|x| {
                let mut row = vec![x.month.clone()];
                row.extend(SERIES.iter().map(|s| crate::format::hours(s.2(x))));
                row
            }));
            rows
        })
    };
    let towns_csv = move || {
        table.with_value(|(months, towns, _)| {
            let mut head = vec![i18n.t("reports.town").to_owned()];
            head.extend(months.iter().cloned());
            let mut rows = vec![head];
            rows.extend(towns.iter().map(|(town, hours)| {
                let mut row = vec![town.clone()];
                row.extend(hours.iter().map(|h| crate::format::hours(*h)));
                row
            }));
            rows
        })
    };
    view! {
        <div class="chart-grid">{charts}</div>
        {csv.then(|| view! {
            <p><CsvLink file="monthly-figures.csv" rows=monthly_csv/></p>
            <div class="chart-box town-hours">
                {heat_map("chart-town-months", "reports.hours_by_town", months.clone(), towns.clone())}
                <details>
                    <summary>{tr("reports.table")}</summary>
                    <div class="table-scroll" inner_html=move || table.with_value(|(months, towns, _)| town_table(i18n.t("reports.town"), months, towns))></div>
                </details>
                <CsvLink file="hours-by-town-and-month.csv" rows=towns_csv/>
            </div>
        })}
    }
}

/// The hours by town and month as an HTML table (a row per town, a column per month).
fn town_table(corner: &str, months: &[String], towns: &[HeatRow]) -> String {
    let mut out = format!(
        "<table class=\"data-table\" id=\"town-months-table\"><thead><tr><th scope=\"col\">{}</th>",
        esc(corner)
    );
    for m in months {
        out += &format!("<th scope=\"col\">{m}</th>");
    }
    out += "</tr></thead><tbody>";
    for (town, hours) in towns {
        out += &format!("<tr><th scope=\"row\">{}</th>", esc(town));
        for h in hours {
            out += &format!("<td>{}</td>", crate::format::hours(*h));
        }
        out += "</tr>";
    }
    out + "</tbody></table>"
}

/// Hours by town as rows (most hours first), a value per month of the range.
fn town_rows(m: &MonthlyStats) -> Vec<HeatRow> {
    let mut rows: Vec<(HeatRow, f64)> = Vec::new();
    for cell in &m.hours_by_town {
        let Some(col) = m.months.iter().position(|x| x.month == cell.month) else {
            continue;
        };
        let i = match rows.iter().position(|r| r.0.0 == cell.town) {
            Some(i) => i,
            None => {
                rows.push(((cell.town.clone(), vec![0.0; m.months.len()]), 0.0));
                rows.len() - 1
            }
        };
        if let Some(((_, hours), total)) = rows.get_mut(i) {
            if let Some(h) = hours.get_mut(col) {
                *h += cell.hours;
            }
            *total += cell.hours;
        }
    }
    crate::sort::sort_by(&mut rows, |a, b| a.1 > b.1);
    rows.into_iter().map(|r| r.0).collect()
}

/// The lists' charts: a chart of `ListsStats`, its title key, the header key of its first CSV
/// column, its file.
type ListChart = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    fn(&ListsStats, crate::i18n::I18n) -> Vec<Bar>,
);

const LIST_CHARTS: [ListChart; 6] = [
    (
        "chart-needs-category",
        "reports.needs_by_category",
        "reports.category",
        "needs-by-category.csv",
        |l, _| {
            l.needs_by_category
                .iter()
                .map(|c| (c.category.clone(), c.count))
                .collect()
        },
    ),
    (
        "chart-needs-channel",
        "reports.needs_by_channel",
        "reports.kind",
        "needs-by-channel.csv",
        |l, i18n| {
            l.needs_by_channel
                .iter()
                .map(|c| (i18n.t(channel_key(c.channel)).to_owned(), c.count))
                .collect()
        },
    ),
    (
        "chart-needs-status",
        "reports.needs_by_status",
        "reports.kind",
        "needs-by-state.csv",
        |l, i18n| {
            l.needs_by_status
                .iter()
                .map(|c| (i18n.t(need_status_key(c.status)).to_owned(), c.count))
                .collect()
        },
    ),
    (
        "chart-needs-town",
        "reports.needs_by_town",
        "reports.town",
        "needs-by-town.csv",
        |l, _| {
            l.needs_by_town
                .iter()
                .map(|c| (c.town.clone(), c.count))
                .collect()
        },
    ),
    (
        "chart-allocations-level",
        "reports.allocations_by_level",
        "reports.kind",
        "allocations-by-level.csv",
        |l, i18n| {
            l.allocations_by_level
                .iter()
                .map(|c| (i18n.t(area_level_key(c.level)).to_owned(), c.allocations))
                .collect()
        },
    ),
    (
        "chart-allocations-topic",
        "reports.allocations_by_topic",
        "reports.category",
        "allocations-by-topic.csv",
        |l, _| {
            l.allocations_by_topic
                .iter()
                .map(|c| (c.topic.clone(), c.allocations))
                .collect()
        },
    ),
];

fn channel_key(c: NeedChannel) -> &'static str {
    match c {
        NeedChannel::CadreVisit => "reports.channel.cadre_visit",
        NeedChannel::VolunteerVisit => "reports.channel.volunteer_visit",
        NeedChannel::GridWorker => "reports.channel.grid_worker",
        NeedChannel::WechatGroup => "reports.channel.wechat_group",
        NeedChannel::QqGroup => "reports.channel.qq_group",
        NeedChannel::App => "reports.channel.app",
        NeedChannel::WechatOa => "reports.channel.wechat_oa",
        NeedChannel::Kiosk => "reports.channel.kiosk",
        NeedChannel::Web => "reports.channel.web",
    }
}

fn need_status_key(s: NeedStatus) -> &'static str {
    match s {
        NeedStatus::Submitted => "reports.need_status.submitted",
        NeedStatus::UnderReview => "reports.need_status.under_review",
        NeedStatus::Accepted => "reports.need_status.accepted",
        NeedStatus::Rejected => "reports.need_status.rejected",
        NeedStatus::Matched => "reports.need_status.matched",
        NeedStatus::InService => "reports.need_status.in_service",
        NeedStatus::Fulfilled => "reports.need_status.fulfilled",
        NeedStatus::Withdrawn => "reports.need_status.withdrawn",
        NeedStatus::Merged => "reports.need_status.merged",
    }
}

/// The lists' figures, fetched (`/stats`, read for them alone).
#[component]
fn FetchedLists(csv: bool) -> impl IntoView {
    let api = use_api();
    let stats = Fetched::new(move || api.lists_stats());
    let retry = Callback::new(move |()| stats.refetch());
    when_loaded(
        move || stats.get(),
        move |answer| match answer {
            Ok(s) => view! { <ListsCharts lists=s.lists csv/> }.into_any(),
            Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
        },
    )
}

/// The needs list and the resources list: the headline figures, then a chart each of needs by
/// category, channel, state and town and of allocations by level and topic (largest first),
/// each with its CSV when `csv`.
#[component]
fn ListsCharts(lists: ListsStats, csv: bool) -> impl IntoView {
    let i18n = use_i18n();
    let hours = |h: Option<f64>| h.map_or_else(|| "—".to_owned(), crate::format::hours);
    let figures = [
        ("reports.needs_total", lists.needs.to_string()),
        ("reports.supporters", lists.supporters.to_string()),
        (
            "reports.hours_to_decision",
            hours(lists.median_hours_to_decision),
        ),
        (
            "reports.hours_to_fulfilment",
            hours(lists.median_hours_to_fulfilment),
        ),
        (
            "reports.residents_served",
            lists.residents_served.to_string(),
        ),
    ];
    let lists = StoredValue::new(lists);
    view! {
        <dl class="details details-compact" id="lists-figures">
            {figures.into_iter().map(|(key, value)| view! {
                <dt>{tr(key)}</dt>
                <dd>{value}</dd>
            }).collect_view()}
        </dl>
        <div class="chart-grid">
            {LIST_CHARTS.iter().map(|&(id, title, column, file, make)| {
                let bars = move || {
                    let mut bars = lists.with_value(|l| make(l, i18n));
                    crate::sort::sort_by(&mut bars, |a, b| a.1 > b.1);
                    bars
                };
                view! {
                    <div class="chart-box">
                        {bar_chart(id, title, "reports.no_data", bars)}
                        {csv.then(|| view! {
                            <CsvLink file=file rows=move || {
                                let mut rows = vec![vec![i18n.t(column).to_owned(), i18n.t("reports.count").to_owned()]];
                                rows.extend(bars().into_iter().map(|(label, n)| vec![label, n.to_string()]));
                                rows
                            }/>
                        })}
                    </div>
                }
            }).collect_view()}
        </div>
    }
}
