//! `/needs/{id}/trace`: one need from intake to the hours served — every step, the projects
//! and resources chosen, the activities run for it with their volunteers and verified hours,
//! the residents served and the resident's rating. Staff of the need's area see names; everyone
//! else sees the same story anonymised.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use youai_types::{NeedTrace, TraceActivity, TraceEvent};

use crate::api::use_api;
use crate::components::{
    ErrorMessage, Fetched, NeedStatusBadge, StatCard, need_status_key, need_step_key, when_loaded,
};
use crate::format::{hours, local_time, time_range};
use crate::i18n::{tr, use_i18n};

#[component]
pub fn NeedTracePage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok())));
    let api = use_api();
    let trace = Fetched::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => api.need_trace(id).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let retry = Callback::new(move |()| trace.refetch());
    view! {
        <section class="page-head">
            <h1>{tr("trace.title")}</h1>
            <p class="intro">{tr("trace.intro")}</p>
        </section>
        {when_loaded(move || trace.get(), move |t| match t {
            Ok(Some(t)) => view! { <Trace trace=t/> }.into_any(),
            Ok(None) => view! { <p class="notice">{tr("trace.not_found")}</p> }.into_any(),
            Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
        })}
    }
}

#[component]
fn Trace(trace: NeedTrace) -> impl IntoView {
    let i18n = use_i18n();
    let t = trace.totals.clone();
    view! {
        <section class="section need-trace">
            <h2 class="need-title">{trace.title.clone()}</h2>
            <p class="meta">
                <NeedStatusBadge status=trace.status/>
                " " <code class="need-code">{trace.code.clone()}</code>
                {(!trace.full).then(|| view! { " · " <span class="trace-public">{tr("trace.public")}</span> })}
            </p>
            <dl class="stat-cards trace-totals">
                <StatCard label=move || i18n.t("trace.activities") value=t.activities/>
                <StatCard label=move || i18n.t("trace.volunteers") value=t.volunteers/>
                <StatCard label=move || i18n.t("trace.residents") value=t.residents_served/>
            </dl>
            <p class="trace-hours">{tr("trace.hours")} " " <strong>{hours(t.verified_hours)}</strong></p>
            {trace.rating.map(|r| view! {
                <p class="trace-rating">
                    {tr("trace.rating")} " " <strong>{"★".repeat(usize::try_from(r).unwrap_or(0))}</strong>
                    {trace.rating_comment.clone().map(|c| view! { " " <q>{c}</q> })}
                </p>
            })}
        </section>
        <section class="section">
            <h2>{tr("trace.steps")}</h2>
            <ol class="timeline trace-timeline">
                {trace.events.into_iter().map(|e| view! { <Step event=e/> }).collect_view()}
            </ol>
        </section>
        {(!trace.links.is_empty()).then(|| view! {
            <section class="section">
                <h2>{tr("trace.links")}</h2>
                <ul class="trace-links">
                    {trace.links.into_iter().map(|l| view! {
                        <li>
                            {l.project_id.map(|p| view! {
                                <a href=format!("/projects/{p}")>{l.project_title.clone().unwrap_or_default()}</a>
                            })}
                            " · " {tr("match.score")} " " {l.score}
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        {(!trace.allocations.is_empty()).then(|| view! {
            <section class="section">
                <h2>{tr("trace.allocations")}</h2>
                <ul class="trace-allocations">
                    {trace.allocations.into_iter().map(|a| view! {
                        <li>{a.resource_title} " · " {a.quantity} {a.unit} " · " {local_time(a.at)}</li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        <section class="section">
            <h2>{tr("trace.runs")}</h2>
            {if trace.activities.is_empty() {
                view! { <p class="empty">{tr("trace.no_runs")}</p> }.into_any()
            } else {
                view! {
                    <ul class="card-list trace-activities">
                        {trace.activities.into_iter().map(|a| view! { <Run activity=a/> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

/// One event: what happened, when, by whom (staff only), and its particulars.
#[component]
fn Step(event: TraceEvent) -> impl IntoView {
    let d = event.details.unwrap_or_default();
    let text = |k: &str| d.get(k).and_then(|v| v.as_str()).map(str::to_owned);
    let reviewers = d.get("reviewers").and_then(|v| v.as_array()).map(|names| {
        names
            .iter()
            .filter_map(|n| n.as_str())
            .collect::<Vec<_>>()
            .join("、")
    });
    let reviewer_count = d.get("reviewer_count").and_then(serde_json::Value::as_u64);
    let particular = text("project_title").or_else(|| text("activity_title"));
    view! {
        <li class=format!("trace-step trace-step-{}", event.kind.as_str())>
            <time>{local_time(event.at)}</time> " "
            <strong>{tr(need_step_key(event.kind))}</strong>
            {event.to.map(|to| view! { " → " <span class="trace-to">{tr(need_status_key(to))}</span> })}
            {event.actor.map(|a| view! { <span class="trace-actor">" · " {a}</span> })}
            {particular.map(|p| view! { <span class="trace-particular">" · " {p}</span> })}
            {reviewers.filter(|r| !r.is_empty()).map(|r| view! {
                <span class="trace-reviewers">" · " {tr("trace.reviewers")} " " {r}</span>
            })}
            {reviewer_count.map(|n| view! {
                <span class="trace-reviewers">" · " {tr("trace.reviewer_count")} " " {n}</span>
            })}
            {event.note.map(|n| view! { <span class="trace-note">" · " {n}</span> })}
        </li>
    }
}

/// An activity run for the need, with its hours (and, for staff, who served).
#[component]
fn Run(activity: TraceActivity) -> impl IntoView {
    view! {
        <li class="card trace-activity">
            <h3><a href=format!("/activities/{}", activity.id)>{activity.title}</a></h3>
            <p class="meta">{time_range(activity.start_at, activity.end_at)}</p>
            <p>
                {tr("trace.volunteers")} " " <span class="trace-volunteer-count">{activity.volunteer_count}</span>
                " · " {tr("trace.hours")} " " <span class="trace-activity-hours">{hours(activity.verified_hours)}</span>
                " · " {tr("trace.residents")} " "
                <span class="trace-residents">{activity.residents_served.map_or_else(|| "—".to_owned(), |n| n.to_string())}</span>
            </p>
            {(!activity.volunteers.is_empty()).then(|| view! {
                <ul class="trace-volunteers">
                    {activity.volunteers.into_iter().map(|v| view! {
                        <li>{v.name} " " {hours(v.hours)}</li>
                    }).collect_view()}
                </ul>
            })}
        </li>
    }
}
