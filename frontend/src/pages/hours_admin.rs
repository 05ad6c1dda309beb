//! `/console/hours` (登记与更正): a team's leader enters hours for a volunteer who served at one
//! of the team's activities (a `leader_entry` record, pending until verified at
//! `/console/records`), and corrects a verified record with a reason (a new record replaces
//! it; the old one is kept, marked as corrected).

use chrono::Duration;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use youai_types::{
    Activity, NewCorrection, NewServiceRecord, RecordSource, ServiceRecord, SignUpStatus,
};

use crate::api::{ActivityFilter, ApiClient, ApiError, use_api};
use crate::components::{
    ConsoleGate, ConsoleNav, ErrorMessage, Fetched, Field, Submission, described_by,
    described_with_hint, when_loaded,
};
use crate::format::{date, day_start, hours, local_time, today};
use crate::i18n::{tr, tr_while, use_i18n};
use crate::session::{Session, use_session};

/// How far back the activities offered for entry go.
const ENTRY_DAYS_BACK: i64 = 60;

fn may_record(s: &Session) -> bool {
    s.is_leader() || s.is_platform_admin()
}

/// `/console/hours`
#[component]
pub fn HoursAdminPage() -> impl IntoView {
    let session = use_session();
    // Read the verified records again after a correction.
    let version = RwSignal::new(0u32);
    view! {
        <section class="page-head">
            <h1>{tr("console.hours")}</h1>
            <p class="intro">{tr("console.hours_intro")}</p>
        </section>
        <ConsoleNav/>
        <ConsoleGate next="/console/hours" allowed=may_record>
            {move || session.is_leader().then(|| view! { <EntryForm/> })}
            <VerifiedRecords version/>
        </ConsoleGate>
    }
}

// ---- entering hours -----------------------------------------------------------------------

/// The activities of the teams I lead from [`ENTRY_DAYS_BACK`] days ago on, latest first.
async fn my_activities(api: ApiClient, teams: Vec<i64>) -> Result<Vec<Activity>, ApiError> {
    let from = day_start(today() - Duration::days(ENTRY_DAYS_BACK));
    let mut all = Vec::new();
    for team in teams {
        let filter = ActivityFilter {
            team_id: Some(team),
            from: Some(from.clone()),
            limit: Some(100),
            ..ActivityFilter::default()
        };
        all.extend(api.activities(&filter, None).await?.items);
    }
    crate::sort::sort_by(&mut all, |a, b| a.start_at > b.start_at);
    Ok(all)
}

const ENTRY_FIELDS: [&str; 3] = ["activity_id", "volunteer_id", "hours"];

#[component]
fn EntryForm() -> impl IntoView {
    let api = use_api();
    let session = use_session();
    let teams: Vec<i64> = session.led_teams().into_iter().map(|t| t.0).collect();
    let activities = Fetched::new(move || my_activities(api, teams.clone()));
    let activity = RwSignal::new(String::new());
    let volunteer = RwSignal::new(String::new());
    let amount = RwSignal::new(String::new());
    // Who signed up for the chosen activity (and so may have served).
    let people = Fetched::new(move || {
        let chosen = activity.get().parse::<i64>().ok();
        async move {
            match chosen {
                Some(id) => api.sign_ups(id, None).await.map(|p| {
                    p.items
                        .into_iter()
                        .filter(|s| {
                            matches!(
                                s.status,
                                SignUpStatus::Accepted
                                    | SignUpStatus::CheckedIn
                                    | SignUpStatus::CheckedOut
                                    | SignUpStatus::NoShow
                            )
                        })
                        .collect::<Vec<_>>()
                }),
                None => Ok(Vec::new()),
            }
        }
    });
    let enter = Submission::new(&ENTRY_FIELDS, move |record: &NewServiceRecord| {
        let record = record.clone();
        async move { api.enter_record(&record).await }
    });
    let pending = enter.pending();
    let field_error = move |field: &'static str| enter.field_error(field);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let activity_id = activity.get_untracked().parse::<i64>().ok();
        let volunteer_id = volunteer.get_untracked().parse::<i64>().ok();
        let h = amount.get_untracked().trim().parse::<f64>().ok();
        let mut problems = Vec::new();
        if activity_id.is_none() {
            problems.push(("activity_id", "hours_entry.choose_activity"));
        }
        if volunteer_id.is_none() {
            problems.push(("volunteer_id", "hours_entry.choose_volunteer"));
        }
        if h.is_none() {
            problems.push(("hours", "hours_entry.hours_needed"));
        }
        if !enter.check(problems) {
            return;
        }
        if let (Some(activity_id), Some(volunteer_id), Some(hours)) = (activity_id, volunteer_id, h)
        {
            enter.submit(NewServiceRecord {
                volunteer_id,
                activity_id,
                hours,
            });
        }
    };
    Effect::new(move |_| {
        if enter.done().is_some() {
            amount.set(String::new());
        }
    });
    let name_of = move |id: i64| {
        people
            .get()
            .and_then(Result::ok)
            .and_then(|list| list.into_iter().find(|s| s.volunteer_id == id))
            .map(|s| s.volunteer_name)
            .unwrap_or_else(|| format!("#{id}"))
    };
    view! {
        <section class="form-card" aria-labelledby="entry-heading">
            <h2 id="entry-heading">{tr("hours_entry.heading")}</h2>
            <p class="muted">{tr("hours_entry.intro")}</p>
            <form class="form hours-entry-form" novalidate node_ref=enter.form on:submit=on_submit>
                <Field id="entry-activity" label=tr("hours_entry.activity") error=field_error("activity_id")>
                    <select id="entry-activity" name="activity_id"
                        aria-describedby=described_by("entry-activity", field_error("activity_id"))
                        on:change=move |ev| {
                            activity.set(event_target_value(&ev));
                            volunteer.set(String::new());
                        }>
                        <option value="" selected=move || activity.with(String::is_empty)>{tr("pm.choose")}</option>
                        {move || activities.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|a| {
                            let v = a.id.to_string();
                            let current = v.clone();
                            view! {
                                <option value=v selected=move || activity.with(|x| *x == current)>
                                    {a.title} " · " {local_time(a.start_at)}
                                </option>
                            }
                        }).collect_view()}
                    </select>
                </Field>
                <Field id="entry-volunteer" label=tr("hours_entry.volunteer") error=field_error("volunteer_id")>
                    <select id="entry-volunteer" name="volunteer_id"
                        aria-describedby=described_by("entry-volunteer", field_error("volunteer_id"))
                        on:change=move |ev| volunteer.set(event_target_value(&ev))>
                        <option value="" selected=move || volunteer.with(String::is_empty)>{tr("pm.choose")}</option>
                        {move || people.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|s| {
                            let v = s.volunteer_id.to_string();
                            let current = v.clone();
                            view! { <option value=v selected=move || volunteer.with(|x| *x == current)>{s.volunteer_name}</option> }
                        }).collect_view()}
                    </select>
                </Field>
                <Field id="entry-hours" label=tr("hours_entry.hours") error=field_error("hours")
                    hint=tr("hours_entry.hours_hint")>
                    <input id="entry-hours" name="hours" type="text" inputmode="decimal" autocomplete="off"
                        aria-describedby=described_with_hint("entry-hours", field_error("hours"))
                        bind:value=amount/>
                </Field>
                {move || enter.form_error().map(|error| view! { <ErrorMessage error/> })}
                <div class="form-actions">
                    <button type="submit" class="button" disabled=move || pending.get()>
                        {tr_while(pending, "hours_entry.entering", "hours_entry.enter")}
                    </button>
                </div>
                <div aria-live="polite">
                    {move || enter.done().map(|r| view! {
                        <p class="notice notice-success hours-entered" role="status">
                            {tr("hours_entry.entered")} " " {name_of(r.volunteer_id)} " · " {hours(r.hours)} " " {tr("me.hours_unit")}
                            " " <a href="/console/records">{tr("hours_entry.to_queue")}</a>
                        </p>
                    })}
                </div>
            </form>
        </section>
    }
}

// ---- verified records and their corrections -----------------------------------------------

#[component]
fn VerifiedRecords(version: RwSignal<u32>) -> impl IntoView {
    let api = use_api();
    let list = Fetched::new(move || {
        version.track();
        async move { api.verified_records().await.map(|page| page.items) }
    });
    let retry = Callback::new(move |()| list.refetch());
    // The record whose correction form is open.
    let correcting = RwSignal::new(None::<i64>);
    // The last correction: (old hours, new hours).
    let done = RwSignal::new(None::<(f64, f64)>);
    let corrected = Callback::new(move |change: (f64, f64)| {
        correcting.set(None);
        done.set(Some(change));
        version.update(|v| *v = v.wrapping_add(1));
    });
    view! {
        <section class="section" aria-labelledby="verified-heading">
            <h2 id="verified-heading">{tr("hours_entry.verified")}</h2>
            <p class="muted">{tr("hours_entry.verified_intro")}</p>
            <div class="sr-status" role="status" aria-live="polite">
                {move || done.get().map(|(from, to)| view! {
                    <p class="notice notice-success record-corrected">
                        {tr("hours_entry.corrected")} " " {hours(from)} " → " {hours(to)} " " {tr("me.hours_unit")}
                    </p>
                })}
            </div>
            {when_loaded(move || list.get(), move |value| match value {
                Ok(items) if items.is_empty() => view! { <p class="empty">{tr("hours_entry.none_verified")}</p> }.into_any(),
                Ok(items) => view! {
                    <ul class="card-list card-list-single verified-records">
                        {items.into_iter().map(|record| view! { <VerifiedRecord record correcting corrected/> }).collect_view()}
                    </ul>
                }
                .into_any(),
                Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
            })}
        </section>
    }
}

#[component]
fn VerifiedRecord(
    record: ServiceRecord,
    correcting: RwSignal<Option<i64>>,
    corrected: Callback<(f64, f64)>,
) -> impl IntoView {
    let id = record.id;
    let who_id = format!("verified-who-{id}");
    let name = record
        .volunteer_name
        .clone()
        .unwrap_or_else(|| format!("#{}", record.volunteer_id));
    let source = match record.source {
        RecordSource::CheckIn => "hours_entry.source_check_in",
        RecordSource::LeaderEntry => "hours_entry.source_leader",
        RecordSource::Import => "hours_entry.source_import",
    };
    let open = move || correcting.get() == Some(id);
    let superseded = record.superseded;
    let h = record.hours;
    view! {
        <li class="card verified-record" id=format!("verified-record-{id}")>
            <h3 class="card-title" id=who_id.clone()>
                {name} " · " <strong class="record-hours">{hours(h)}</strong> " " {tr("me.hours_unit")}
            </h3>
            <p>
                <time>{date(record.served_on)}</time>
                {record.activity_title.clone().map(|t| view! { " · " {t} })}
                " " <span class="tag tag-soft">{tr(source)}</span>
                {superseded.then(|| view! { " " <span class="badge record-superseded">{tr("hours_entry.superseded")}</span> })}
            </p>
            {record.corrects_id.map(|old| view! {
                <p class="correction-note">
                    {tr("hours_entry.corrects")} " #" {old} {record.reason.clone().map(|r| view! { ": " {r} })}
                </p>
            })}
            {(!superseded).then(|| view! {
                <p>
                    <button type="button" class="button button-secondary button-small correct-record"
                        aria-describedby=who_id.clone() aria-expanded=move || open().to_string()
                        on:click=move |_| correcting.set(if open() { None } else { Some(id) })>
                        {tr("hours_entry.correct")}
                    </button>
                </p>
            })}
            {move || open().then(|| view! { <CorrectionForm id hours=h corrected/> })}
        </li>
    }
}

const CORRECTION_FIELDS: [&str; 2] = ["hours", "reason"];

/// New hours and the reason for a verified record (one form open at a time: its ids are fixed).
#[component]
fn CorrectionForm(id: i64, hours: f64, corrected: Callback<(f64, f64)>) -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    let old = hours;
    let amount = RwSignal::new(crate::format::hours(hours));
    let reason = RwSignal::new(String::new());
    let correct = Submission::new(&CORRECTION_FIELDS, move |c: &NewCorrection| {
        let c = c.clone();
        async move {
            let done = api.correct_record(id, &c).await;
            if let Ok(r) = &done {
                corrected.run((old, r.hours));
            }
            done
        }
    });
    let pending = correct.pending();
    let field_error = move |field: &'static str| correct.field_error(field);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let h = amount.get_untracked().trim().parse::<f64>().ok();
        let why = reason.get_untracked().trim().to_owned();
        let mut problems = Vec::new();
        if h.is_none() {
            problems.push(("hours", "hours_entry.hours_needed"));
        }
        if why.is_empty() {
            problems.push(("reason", "hours_entry.reason_needed"));
        }
        if !correct.check(problems) {
            return;
        }
        if let Some(hours) = h {
            correct.submit(NewCorrection { hours, reason: why });
        }
    };
    view! {
        <form class="form correction-form" novalidate node_ref=correct.form on:submit=on_submit
            aria-label=move || i18n.t("hours_entry.correct")>
            <Field id="correction-hours" label=tr("hours_entry.new_hours") error=field_error("hours")>
                <input id="correction-hours" name="hours" type="text" inputmode="decimal" autocomplete="off"
                    aria-describedby=described_by("correction-hours", field_error("hours")) bind:value=amount/>
            </Field>
            <Field id="correction-reason" label=tr("hours_entry.reason") error=field_error("reason")>
                <textarea id="correction-reason" name="reason" rows="2" maxlength="500"
                    aria-describedby=described_by("correction-reason", field_error("reason"))
                    prop:value=move || reason.get()
                    on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
            </Field>
            {move || correct.form_error().map(|error| view! { <ErrorMessage error/> })}
            <div class="form-actions">
                <button type="submit" class="button" disabled=move || pending.get()>
                    {tr_while(pending, "hours_entry.correcting", "hours_entry.save_correction")}
                </button>
            </div>
        </form>
    }
}
