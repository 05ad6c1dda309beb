//! `/console/reports`: the city's figures for staff, each chart's numbers as CSV, and all of
//! them as one XLSX workbook.

use leptos::prelude::*;

use crate::api::use_api;
use crate::components::{
    CHART_MONTHS, ChartSet, Charts, ConsoleGate, ConsoleNav, ErrorMessage, Fetched, when_loaded,
};
use crate::i18n::tr;
use crate::session::Session;

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
    view! {
        <p class="actions">
            // Every figure in it is public: a plain link downloads it.
            <a class="button" id="report-xlsx" href=format!("/api/v1/stats/report?months={CHART_MONTHS}") download="">
                {tr("reports.xlsx")}
            </a>
        </p>
        {when_loaded(
            move || stats.get(),
            move |answer| match answer {
                Ok(stats) => view! { <Charts set=ChartSet::City(stats) csv=true/> }.into_any(),
                Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
            },
        )}
        <h2 class="charts-heading" id="lists-heading">{tr("reports.lists")}</h2>
        <Charts set=ChartSet::Lists csv=true/>
        <h2 class="charts-heading">{tr("reports.over_time")}</h2>
        <Charts set=ChartSet::Monthly csv=true/>
    }
}
