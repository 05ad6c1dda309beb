//! `/`: the way in — find an activity (near me, or in my area), what is on this week, join a
//! team, register — then the city's live figures and charts of them.

use leptos::prelude::*;

use crate::api::{ActivityFilter, use_api};
use crate::components::{
    ActivityList, ChartSet, Charts, ErrorMessage, Fetched, NearMe, StatCard, when_loaded,
};
use crate::format::{date, day_start, today};
use crate::i18n::tr;
use crate::session::use_session;

/// The activities of this week shown on the home page, before "all of them".
const THIS_WEEK: u32 = 6;

#[component]
pub fn HomePage() -> impl IntoView {
    let api = use_api();
    let stats = Fetched::new(move || api.stats());
    let retry = Callback::new(move |()| stats.refetch());

    view! {
        <section class="hero">
            <h1>{tr("app.name")}</h1>
            <p class="intro">{tr("home.intro")}</p>
            <Invitations/>
        </section>
        <ThisWeek/>
        <section class="invite" aria-labelledby="join-heading">
            <h2 id="join-heading">{tr("home.join_team")}</h2>
            <p>{tr("home.join_team_intro")}</p>
            <a class="button button-secondary" href="/teams">{tr("home.browse_teams")}</a>
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
                            <Charts set=ChartSet::City(s) csv=false/>
                        }
                        .into_any(),
                        Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
                })}
            <h2 class="charts-heading" id="trends-heading">{tr("reports.over_time")}</h2>
            <Charts set=ChartSet::Monthly csv=false/>
        </section>
    }
}

/// The first steps, by who is looking: a visitor registers; an account without a volunteer
/// profile completes it; a volunteer finds activities in their own area.
#[component]
fn Invitations() -> impl IntoView {
    let api = use_api();
    let session = use_session();
    // My area, for a volunteer: activities there are one click away.
    let my_area = Fetched::new(move || {
        let volunteer = session.me().and_then(|me| me.volunteer_id);
        async move {
            match volunteer {
                Some(id) => api.volunteer_area(id).await.map(Some),
                None => Ok(None),
            }
        }
    });
    view! {
        <div class="hero-actions">
            <a class="button" href="/activities">{tr("home.find_activity")}</a>
            <NearMe/>
            {move || match my_area.get() {
                Some(Ok(Some(area))) => Some(view! {
                    <a class="button button-secondary" href=format!("/activities?area={area}&free=1")>
                        {tr("home.my_area")}
                    </a>
                }.into_any()),
                _ if !session.signed_in() => Some(view! {
                    <a class="button button-secondary" href="/register">{tr("home.register")}</a>
                }.into_any()),
                _ if session.me().is_some_and(|me| me.volunteer_id.is_none()) => Some(view! {
                    <a class="button button-secondary" href="/me/volunteer">{tr("home.become_volunteer")}</a>
                }.into_any()),
                _ => None,
            }}
        </div>
    }
}

/// What is on over the next seven days, with free places.
#[component]
fn ThisWeek() -> impl IntoView {
    let from = today();
    let to = from + chrono::Duration::days(7);
    let filter = Signal::stored(ActivityFilter {
        from: Some(day_start(from)),
        to: Some(day_start(to)),
        free: true,
        limit: Some(THIS_WEEK),
        ..ActivityFilter::default()
    });
    let all = format!(
        "/activities?from={}&to={}&free=1",
        date(from),
        date(to - chrono::Duration::days(1))
    );
    view! {
        <section class="this-week" aria-labelledby="week-heading">
            <h2 id="week-heading">{tr("home.this_week")}</h2>
            <ActivityList filter empty="home.this_week_none"/>
            <p><a href=all>{tr("home.this_week_all")}</a></p>
        </section>
    }
}
