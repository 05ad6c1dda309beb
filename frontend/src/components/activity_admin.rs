//! A leader's activity steps at `/console/activities`: a new activity of a published project
//! (a draft), the drafts made in this browser, and publish / cancel (with a reason) / start /
//! finish on each activity.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use youai_types::{
    Activity, ActivityAction, ActivityStatus, NewActivity, NewActivityTransition, Project,
    ProjectStatus, RiskLevel,
};

use crate::api::{ApiClient, ApiError, use_api};
use crate::components::{
    ErrorMessage, Fetched, Field, StatusBadge, Submission, described_by, error_text, when_loaded,
};
use crate::format::{parse_local_datetime, time_range};
use crate::i18n::{risk_level_key, tr, tr_while, use_i18n};
use crate::session::use_session;

const ACTIVITY_FIELDS: [&str; 13] = [
    "project_id",
    "team_id",
    "title",
    "description",
    "start_at",
    "end_at",
    "signup_deadline",
    "venue_id",
    "area_id",
    "address",
    "quota",
    "min_age",
    "risk_level",
];

/// The published projects of the teams I lead.
async fn published_projects(api: ApiClient, teams: Vec<i64>) -> Result<Vec<Project>, ApiError> {
    let mut all = Vec::new();
    for team in teams {
        all.extend(
            api.projects_in(ProjectStatus::Published, None, Some(team))
                .await?
                .items,
        );
    }
    Ok(all)
}

/// The form for a new activity; `changed` runs once one is created.
#[component]
pub fn NewActivityForm(changed: Callback<()>) -> impl IntoView {
    let api = use_api();
    let session = use_session();
    let projects = Fetched::new(move || {
        let teams: Vec<i64> = session.led_teams().into_iter().map(|t| t.0).collect();
        published_projects(api, teams)
    });
    let project = RwSignal::new(String::new());
    let title = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let start = RwSignal::new(String::new());
    let end = RwSignal::new(String::new());
    let deadline = RwSignal::new(String::new());
    let venue = RwSignal::new(String::new());
    let address = RwSignal::new(String::new());
    let quota = RwSignal::new(String::new());
    let min_age = RwSignal::new(String::new());
    let risk = RwSignal::new(RiskLevel::Low.as_str().to_owned());
    let auto_accept = RwSignal::new(true);
    let auto_verify = RwSignal::new(false);
    // The venues in the chosen project's area (a kiosk there lists the activity).
    let project_area = move || {
        let chosen: Option<i64> = project.get().parse().ok();
        projects.get().and_then(Result::ok).and_then(|list| {
            list.iter()
                .find(|p| Some(p.id) == chosen)
                .map(|p| p.area_id)
        })
    };
    let venues = Fetched::new(move || {
        let area = project_area();
        async move {
            match area {
                Some(a) => api.venues_within(a).await,
                None => Ok(Vec::new()),
            }
        }
    });
    let at_venue = move || !venue.with(String::is_empty);
    let create = Submission::new(&ACTIVITY_FIELDS, move |activity: &NewActivity| {
        let activity = activity.clone();
        async move {
            let done = api.create_activity(&activity).await;
            if done.is_ok() {
                changed.run(());
            }
            done
        }
    });
    let pending = create.pending();
    let field_error = move |field: &'static str| create.field_error(field);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        // Fields the browser could not read: said before asking the server.
        let mut bad = Vec::new();
        let mut when = |field: &'static str, s: RwSignal<String>| {
            let at = parse_local_datetime(&s.get_untracked());
            if at.is_none() {
                bad.push((field, "am.need_time"));
            }
            at
        };
        let start_at = when("start_at", start);
        let end_at = when("end_at", end);
        let deadline_at = when("signup_deadline", deadline);
        let project_id: Option<i64> = project.get_untracked().parse().ok();
        if project_id.is_none() {
            bad.push(("project_id", "am.need_project"));
        }
        let quota_n: Option<i32> = quota.get_untracked().trim().parse().ok();
        if quota_n.is_none() {
            bad.push(("quota", "manage.not_a_number"));
        }
        let age = min_age.get_untracked();
        let age_n: Option<i32> = age.trim().parse().ok();
        if !age.trim().is_empty() && age_n.is_none() {
            bad.push(("min_age", "manage.not_a_number"));
        }
        if !create.check(bad) {
            return;
        }
        let (Some(project_id), Some(start_at), Some(end_at), Some(deadline_at), Some(quota_n)) =
            (project_id, start_at, end_at, deadline_at, quota_n)
        else {
            return;
        };
        let area_id = projects
            .get()
            .and_then(Result::ok)
            .and_then(|list| list.iter().find(|p| p.id == project_id).map(|p| p.area_id));
        let text = |s: RwSignal<String>| {
            Some(s.get_untracked().trim().to_owned()).filter(|t| !t.is_empty())
        };
        create.submit(NewActivity {
            project_id,
            team_id: None,
            title: title.get_untracked().trim().to_owned(),
            description: text(description),
            start_at,
            end_at,
            signup_deadline: deadline_at,
            venue_id: venue.get_untracked().parse().ok(),
            area_id,
            // At a venue, the venue's address (and position, for check-in) is the activity's.
            address: text(address).filter(|_| venue.with_untracked(String::is_empty)),
            latitude: None,
            longitude: None,
            checkin_radius_m: None,
            quota: quota_n,
            skill_ids: Vec::new(),
            min_age: age_n,
            risk_level: RiskLevel::parse(&risk.get_untracked()),
            auto_accept: Some(auto_accept.get_untracked()),
            auto_verify: Some(auto_verify.get_untracked()),
            need_id: None,
        });
    };
    Effect::new(move |_| {
        if create.done().is_some() {
            for s in [
                title,
                description,
                start,
                end,
                deadline,
                venue,
                address,
                quota,
                min_age,
            ] {
                s.set(String::new());
            }
        }
    });

    let time_input = move |id: &'static str, field: &'static str, value: RwSignal<String>| {
        view! {
            <input id=id name=field type="datetime-local" required
                aria-describedby=described_by(id, field_error(field))
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                on:change=move |ev| value.set(event_target_value(&ev))/>
        }
    };

    view! {
        <section class="form-card" aria-labelledby="new-activity-heading">
            <h2 id="new-activity-heading">{tr("am.new_activity")}</h2>
            <form class="form new-activity-form" novalidate node_ref=create.form on:submit=on_submit>
                <Field id="activity-project" label=tr("am.project") error=field_error("project_id")>
                    <select id="activity-project" name="project_id"
                        aria-describedby=described_by("activity-project", field_error("project_id"))
                        on:change=move |ev| project.set(event_target_value(&ev))>
                        <option value="" selected=move || project.with(String::is_empty)>{tr("pm.choose")}</option>
                        {move || projects.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|p| {
                            let v = p.id.to_string();
                            let current = v.clone();
                            view! { <option value=v selected=move || project.with(|x| *x == current)>{p.title}</option> }
                        }).collect_view()}
                    </select>
                </Field>
                {move || projects.get().and_then(Result::err).map(|error| view! { <ErrorMessage error/> })}
                <Field id="activity-title" label=tr("pm.title") error=field_error("title")>
                    <input id="activity-title" name="title" type="text" maxlength="100" required
                        aria-describedby=described_by("activity-title", field_error("title")) bind:value=title/>
                </Field>
                <Field id="activity-description" label=tr("manage.description") error=field_error("description")>
                    <textarea id="activity-description" name="description" rows="2" maxlength="5000"
                        prop:value=move || description.get()
                        on:input=move |ev| description.set(event_target_value(&ev))></textarea>
                </Field>
                <Field id="activity-start" label=tr("am.start") error=field_error("start_at")>
                    {time_input("activity-start", "start_at", start)}
                </Field>
                <Field id="activity-end" label=tr("am.end") error=field_error("end_at")>
                    {time_input("activity-end", "end_at", end)}
                </Field>
                <Field id="activity-deadline" label=tr("am.deadline") error=field_error("signup_deadline")>
                    {time_input("activity-deadline", "signup_deadline", deadline)}
                </Field>
                <Field id="activity-venue" label=tr("am.venue") error=field_error("venue_id") hint=tr("am.venue_hint")>
                    <select id="activity-venue" name="venue_id"
                        aria-describedby=move || match field_error("venue_id")() {
                            Some(_) => "activity-venue-hint activity-venue-error",
                            None => "activity-venue-hint",
                        }
                        on:change=move |ev| venue.set(event_target_value(&ev))>
                        <option value="" selected=move || venue.with(String::is_empty)>{tr("am.no_venue")}</option>
                        {move || venues.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|v| {
                            let value = v.id.to_string();
                            let current = value.clone();
                            view! { <option value=value selected=move || venue.with(|x| *x == current)>{v.name}</option> }
                        }).collect_view()}
                    </select>
                </Field>
                {move || (!at_venue()).then(|| view! {
                    <Field id="activity-address" label=tr("am.address") error=move || field_error("address")().or_else(field_error("area_id"))
                        hint=tr("am.address_hint")>
                        <input id="activity-address" name="address" type="text" maxlength="200" required
                            aria-describedby=described_by("activity-address", move || field_error("address")().or_else(field_error("area_id")))
                            bind:value=address/>
                    </Field>
                })}
                <Field id="activity-quota" label=tr("am.quota") error=field_error("quota")>
                    <input id="activity-quota" name="quota" type="number" min="1" inputmode="numeric" required
                        aria-describedby=described_by("activity-quota", field_error("quota")) bind:value=quota/>
                </Field>
                <Field id="activity-min-age" label=tr("am.min_age") error=field_error("min_age") hint=tr("am.min_age_hint")>
                    <input id="activity-min-age" name="min_age" type="number" min="14" max="100" inputmode="numeric"
                        aria-describedby=described_by("activity-min-age", field_error("min_age")) bind:value=min_age/>
                </Field>
                <Field id="activity-risk" label=tr("am.risk") error=field_error("risk_level")>
                    <select id="activity-risk" name="risk_level" on:change=move |ev| risk.set(event_target_value(&ev))>
                        {RiskLevel::ALL.iter().map(|r| {
                            let v = r.as_str();
                            view! { <option value=v selected=move || risk.with(|x| x == v)>{tr(risk_level_key(*r))}</option> }
                        }).collect_view()}
                    </select>
                </Field>
                <div class="field">
                    <label class="check">
                        <input id="activity-auto-accept" type="checkbox" bind:checked=auto_accept/>
                        " " {tr("am.auto_accept")}
                    </label>
                    <label class="check">
                        <input id="activity-auto-verify" type="checkbox" bind:checked=auto_verify/>
                        " " {tr("am.auto_verify")}
                    </label>
                </div>
                {move || create.form_error().map(|error| view! { <ErrorMessage error/> })}
                <div class="form-actions">
                    <button type="submit" class="button" disabled=move || pending.get()>
                        {tr_while(pending, "pm.creating", "am.create")}
                    </button>
                </div>
                <div aria-live="polite">
                    {move || create.done().map(|a| view! {
                        <p class="notice notice-success activity-created" role="status">{tr("am.created")} " " {a.title}</p>
                    })}
                </div>
            </form>
        </section>
    }
}

/// The draft activities of the teams the user leads, each with publish and cancel.
#[component]
pub fn DraftActivities(version: RwSignal<u32>, changed: Callback<()>) -> impl IntoView {
    let api = use_api();
    let session = use_session();
    let list = Fetched::new(move || {
        version.track();
        let teams: Vec<i64> = session.led_teams().into_iter().map(|t| t.0).collect();
        async move {
            let mut drafts = Vec::new();
            for team in teams {
                if let Ok(page) = api.team_drafts(team).await {
                    drafts.extend(page.items);
                }
            }
            drafts
        }
    });
    view! {
        <section class="section" aria-labelledby="drafts-heading">
            <h2 id="drafts-heading">{tr("am.drafts")}</h2>
            {when_loaded(move || list.get(), move |items| if items.is_empty() {
                view! { <p class="empty">{tr("am.no_drafts")}</p> }.into_any()
            } else {
                view! {
                    <ul class="card-list card-list-single draft-activities">
                        {items.into_iter().map(|activity| {
                            let id = activity.id;
                            view! {
                                <li class="card activity-draft" id=format!("activity-draft-{id}")>
                                    <h3 class="card-title">{activity.title.clone()}</h3>
                                    <p class="tags"><StatusBadge status=activity.status/></p>
                                    <p class="activity-when"><time>{time_range(activity.start_at, activity.end_at)}</time></p>
                                    <p class="muted">{activity.address.clone()}</p>
                                    <ActivitySteps activity changed/>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            })}
        </section>
    }
}

/// The steps an activity's team may take from its status: publish, start, finish, or cancel
/// with a reason.
#[component]
pub fn ActivitySteps(activity: Activity, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let id = activity.id;
    let status = activity.status;
    let reason = RwSignal::new(String::new());
    // 参与群众人次, given when finishing; blank records nothing.
    let served = RwSignal::new(String::new());
    let asking = RwSignal::new(false);
    let no_reason = RwSignal::new(false);
    let step = Action::new_local(move |t: &NewActivityTransition| {
        let t = t.clone();
        async move {
            let done = api.activity_step(id, &t).await;
            if done.is_ok() || done.as_ref().is_err_and(|e| e.is("invalid_transition")) {
                changed.run(());
            }
            done
        }
    });
    let pending = step.pending();
    let failed = move || {
        if pending.get() {
            None
        } else {
            step.value().get().and_then(Result::err)
        }
    };
    let go = move |action: ActivityAction| {
        let residents_served = (action == ActivityAction::Finish)
            .then(|| served.get_untracked().trim().parse().ok())
            .flatten();
        step.dispatch_local(NewActivityTransition {
            action,
            reason: None,
            residents_served,
        });
    };
    let nexts: Vec<(ActivityAction, &'static str, &'static str)> = match status {
        ActivityStatus::Draft => vec![(ActivityAction::Publish, "am.publish", "publish")],
        ActivityStatus::Recruiting | ActivityStatus::Full => {
            vec![(ActivityAction::Start, "am.start_now", "start")]
        }
        ActivityStatus::Ongoing => vec![(ActivityAction::Finish, "am.finish", "finish")],
        _ => Vec::new(),
    };
    let cancellable = matches!(
        status,
        ActivityStatus::Draft | ActivityStatus::Recruiting | ActivityStatus::Full
    );
    let reason_id = format!("cancel-reason-{id}");
    let reason_error = move || {
        if no_reason.get() {
            return Some(i18n.t("am.need_reason").to_owned());
        }
        failed().and_then(|e| {
            e.field_error("reason")
                .map(|f| i18n.problem(&f.code, &f.message))
        })
    };
    let confirm_cancel = move |_| {
        let r = reason.get_untracked().trim().to_owned();
        no_reason.set(r.is_empty());
        if !r.is_empty() {
            step.dispatch_local(NewActivityTransition {
                action: ActivityAction::Cancel,
                reason: Some(r),
                residents_served: None,
            });
        }
    };
    let served_id = format!("served-{id}");
    view! {
        {(status == ActivityStatus::Ongoing).then(|| view! {
            <div class="field field-inline">
                <label for=served_id.clone()>{tr("am.residents_served")}</label>
                <input id=served_id.clone() class="residents-served" type="number" min="0" max="100000" inputmode="numeric"
                    prop:value=move || served.get()
                    on:input=move |ev| served.set(event_target_value(&ev))/>
            </div>
        })}
        <div class="form-actions activity-steps">
            {nexts.into_iter().map(|(action, key, class)| view! {
                <button type="button" class=format!("button button-small step-{class}") disabled=move || pending.get()
                    on:click=move |_| go(action)>
                    {tr_while(pending, "console.deciding", key)}
                </button>
            }).collect_view()}
            {cancellable.then(|| view! {
                <button type="button" class="button button-small button-secondary step-cancel"
                    on:click=move |_| asking.update(|a| *a = !*a)>
                    {tr("am.cancel")}
                </button>
            })}
        </div>
        {move || asking.get().then(|| view! {
            <div class="field">
                <label for=reason_id.clone()>{tr("am.cancel_reason")}</label>
                <textarea id=reason_id.clone() class="cancel-reason" rows="2" maxlength="500"
                    aria-describedby=move || reason_error().map(|_| format!("cancel-reason-{id}-error"))
                    prop:value=move || reason.get()
                    on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                {move || reason_error().map(|m| view! { <p id=format!("cancel-reason-{id}-error") class="field-error">{m}</p> })}
                <button type="button" class="button button-small confirm-cancel" disabled=move || pending.get() on:click=confirm_cancel>
                    {tr("am.confirm_cancel")}
                </button>
            </div>
        })}
        {move || failed().filter(|e| e.field_error("reason").is_none())
            .map(|e| view! { <p class="field-error" role="alert">{move || error_text(i18n, &e)}</p> })}
    }
}
