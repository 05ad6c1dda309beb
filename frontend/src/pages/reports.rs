//! The city's figures as charts: on the home page, and at `/console/reports` for staff, where
//! each chart's numbers also download as CSV.

use leptos::prelude::*;
use youai_types::Stats;

use crate::api::use_api;
use crate::components::{Bar, BarChart, CsvLink, ErrorMessage, Fetched, when_loaded};
use crate::i18n::{reward_kind_key, team_kind_key, tr, use_i18n};
use crate::pages::{ConsoleGate, ConsoleNav};
use crate::session::Session;

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

/// The three charts of `stats`, largest first; with a CSV link under each when `csv`.
#[component]
pub fn CityCharts(stats: Stats, csv: bool) -> impl IntoView {
    let i18n = use_i18n();
    let stats = StoredValue::new(stats);
    view! {
        <div class="chart-grid">
            {CHARTS.iter().map(|chart| {
                let make = chart.bars;
                let bars = move || {
                    let mut bars = stats.with_value(|s| make(s, i18n));
                    bars.sort_by_key(|b| std::cmp::Reverse(b.1));
                    bars
                };
                let column = chart.column;
                view! {
                    <div class="chart-box">
                        <BarChart id=chart.id title=chart.title empty="reports.no_data" bars/>
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

/// `/console/reports`: the charts, for staff, with their numbers as CSV.
#[component]
pub fn ReportsPage() -> impl IntoView {
    view! {
        <section class="page-head">
            <h1>{tr("console.reports")}</h1>
            <p class="intro">{tr("console.reports_intro")}</p>
        </section>
        <ConsoleNav/>
        <ConsoleGate next="/console/reports" allowed=Session::is_staff>
            <Reports/>
        </ConsoleGate>
    }
}

#[component]
fn Reports() -> impl IntoView {
    let api = use_api();
    let stats = Fetched::new(move || api.stats());
    let retry = Callback::new(move |()| stats.refetch());
    when_loaded(
        move || stats.get(),
        move |answer| match answer {
            Ok(stats) => view! { <CityCharts stats csv=true/> }.into_any(),
            Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
        },
    )
}
