//! `/`: the platform's name, what it is for, its live figures and charts of them.

use leptos::prelude::*;

use crate::api::use_api;
use crate::components::{CityCharts, ErrorMessage, Fetched, MonthlyCharts, StatCard, when_loaded};
use crate::i18n::tr;

#[component]
pub fn HomePage() -> impl IntoView {
    let api = use_api();
    let stats = Fetched::new(move || api.stats());
    let retry = Callback::new(move |()| stats.refetch());

    view! {
        <section class="hero">
            <h1>{tr("app.name")}</h1>
            <p class="intro">{tr("home.intro")}</p>
        </section>
        <section class="figures" aria-labelledby="figures-heading">
            <h2 id="figures-heading">{tr("home.figures")}</h2>
                {when_loaded(move || stats.get(), move |answer| match answer {
                        Ok(s) => view! {
                            <dl class="stat-grid">
                                <StatCard label=tr("stats.areas") value=s.areas/>
                                <StatCard label=tr("stats.venues") value=s.venues/>
                                <StatCard label=tr("stats.users") value=s.users/>
                                <StatCard label=tr("stats.teams") value=s.teams/>
                                <StatCard label=tr("stats.volunteers") value=s.volunteers/>
                                <StatCard label=tr("stats.activities_run") value=s.activities_run/>
                                // Whole hours: the figure is a total, not a record.
                                <StatCard label=tr("stats.hours") value=s.hours_served.round() as i64/>
                                <StatCard label=tr("stats.projects") value=s.projects_published/>
                                <StatCard label=tr("stats.rewarded") value=s.volunteers_rewarded/>
                                <StatCard label=tr("stats.enjoyed") value=s.courtesies_enjoyed/>
                            </dl>
                            <h2 class="charts-heading">{tr("home.charts")}</h2>
                            <CityCharts stats=s csv=false/>
                        }
                        .into_any(),
                        Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
                })}
            <h2 class="charts-heading" id="trends-heading">{tr("reports.over_time")}</h2>
            <MonthlyCharts csv=false/>
        </section>
    }
}
