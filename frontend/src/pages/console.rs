//! `/console/registrations`: area and platform admins decide pending team registrations
//! (通过 / 驳回 with a reason) in their areas.

use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use youai_types::{NewTeamDecision, Team, TeamDecisionKind, TeamStatus};

use crate::api::{TeamFilter, use_api};
use crate::components::{
    AreaName, ConsoleNav, ErrorMessage, Fetched, Loading, SignInFirst, Submission, when_loaded,
};
use crate::format::local_time;
use crate::i18n::{team_kind_key, tr, tr_while};
use crate::session::{staff_areas, use_session};

/// Pending registrations shown at once; a decision refreshes the list and brings the next.
const PAGE: u32 = 50;

#[component]
pub fn RegistrationsPage() -> impl IntoView {
    let session = use_session();
    let body = move || {
        if !session.signed_in() {
            return view! { <SignInFirst next="/console/registrations"/> }.into_any();
        }
        if let Some(error) = session.me_error() {
            let retry = Callback::new(move |()| session.retry_me());
            return view! { <ErrorMessage error on_retry=retry/> }.into_any();
        }
        match session.me() {
            None => view! { <Loading/> }.into_any(),
            Some(_) if !session.is_staff() => view! {
                <p class="notice">{tr("console.staff_only")}</p>
            }
            .into_any(),
            Some(_) => view! { <Registrations/> }.into_any(),
        }
    };
    view! {
        <section class="page-head">
            <h1>{tr("console.title")}</h1>
            <p class="intro">{tr("console.intro")}</p>
        </section>
        <ConsoleNav/>
        {body}
    }
}

#[component]
fn Registrations() -> impl IntoView {
    let api = use_api();
    let session = use_session();
    let scopes = Fetched::new(move || {
        let me = session.me();
        async move {
            match me {
                Some(me) => staff_areas(api, &me).await,
                None => Ok(Vec::new()),
            }
        }
    });
    let retry = Callback::new(move |()| scopes.refetch());
    view! {
        {when_loaded(move || scopes.get(), move |value| match value {
                    Ok(areas) if areas.is_empty() => view! {
                        <p class="notice">{tr("console.staff_only")}</p>
                    }
                    .into_any(),
                    Ok(areas) => view! { <Pending areas/> }.into_any(),
                    Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
                })}
    }
}

/// The pending registrations in one of `areas` (a select when there are several).
#[component]
fn Pending(areas: Vec<i64>) -> impl IntoView {
    let api = use_api();
    let first = areas.first().copied().unwrap_or_default();
    let scope = RwSignal::new(first);
    // Bumped after each decision: the list is asked for again.
    let version = RwSignal::new(0u32);
    // What was last decided (catalogue key, team name), announced politely.
    let done = RwSignal::new(None::<(&'static str, String)>);
    let list = Fetched::new(move || {
        version.track();
        let filter = TeamFilter {
            status: Some(TeamStatus::Pending),
            within: Some(scope.get()),
            limit: Some(PAGE),
            ..TeamFilter::default()
        };
        async move { api.teams(&filter, None).await }
    });
    let on_decided = Callback::new(move |outcome: (&'static str, String)| {
        done.set(Some(outcome));
        version.update(|v| *v += 1);
    });
    let retry = Callback::new(move |()| list.refetch());
    let several = areas.len() > 1;

    view! {
        {several.then(|| view! {
            <div class="field scope-select">
                <label for="console-scope">{tr("console.scope")}</label>
                <select id="console-scope" on:change=move |ev| {
                    if let Ok(id) = event_target_value(&ev).parse() {
                        done.set(None);
                        scope.set(id);
                    }
                }>
                    {areas.iter().map(|id| {
                        let id = *id;
                        view! { <option value=id.to_string() selected=move || scope.get() == id><AreaName id/></option> }
                    }).collect_view()}
                </select>
            </div>
        })}
        <div class="sr-status" role="status" aria-live="polite">
            {move || done.get().map(|(key, name)| view! {
                <p class=if key == "console.stale" { "notice" } else { "notice notice-success" }>
                    {tr(key)} " 「" {name} "」"
                </p>
            })}
        </div>
        <section aria-labelledby="pending-heading">
            <h2 id="pending-heading">
                {tr("console.pending_in")} " "
                {move || { let id = scope.get(); view! { <AreaName id/> } }}
            </h2>
            {when_loaded(move || list.get(), move |value| match value {
                        Ok(page) if page.items.is_empty() => view! {
                            <p class="empty">{tr("console.none")}</p>
                        }
                        .into_any(),
                        Ok(page) => {
                            let more = page.next_cursor.is_some();
                            view! {
                                <ul class="card-list card-list-single">
                                    {page.items.into_iter().map(|team| view! { <PendingTeam team on_decided/> }).collect_view()}
                                </ul>
                                {more.then(|| view! { <p class="muted">{tr("console.more_after")}</p> })}
                            }
                            .into_any()
                        }
                        Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
                    })}
        </section>
    }
}

/// One pending registration with 通过 and 驳回 (which asks for a reason first). A decision,
/// or finding that someone else has decided meanwhile, reports (what happened, team name).
#[component]
fn PendingTeam(team: Team, on_decided: Callback<(&'static str, String)>) -> impl IntoView {
    let api = use_api();
    let id = team.id;
    let kind = team.kind;
    let name = team.name.clone();
    let rejecting = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let reason_input = NodeRef::<html::Textarea>::new();
    let decide = Submission::new(&["reason"], move |decision: &NewTeamDecision| {
        let decision = decision.clone();
        let name = name.clone();
        async move {
            let result = api.decide_team(id, &decision).await;
            match &result {
                Ok(_) if decision.decision == TeamDecisionKind::Approve => {
                    on_decided.run(("console.approved", name));
                }
                Ok(_) => on_decided.run(("console.rejected", name)),
                // No longer pending: the list is stale.
                Err(e) if e.code() == Some("invalid_transition") => {
                    on_decided.run(("console.stale", name));
                }
                Err(_) => {}
            }
            result.map(|_| ())
        }
    });
    let pending = decide.pending();
    let reason_error = decide.field_error("reason");
    // The reason box takes the focus when it opens.
    Effect::new(move |_| {
        if rejecting.get()
            && let Some(input) = reason_input.get()
        {
            let _ = input.focus();
        }
    });

    let approve = move |_| {
        decide.submit(NewTeamDecision {
            decision: TeamDecisionKind::Approve,
            reason: None,
        });
    };
    let reject = move |ev: SubmitEvent| {
        ev.prevent_default();
        // "请填写驳回理由", found before sending.
        let blank = reason.with_untracked(|r| r.trim().is_empty());
        if decide.check(if blank {
            vec![("reason", "console.need_reason")]
        } else {
            Vec::new()
        }) {
            decide.submit(NewTeamDecision {
                decision: TeamDecisionKind::Reject,
                reason: Some(reason.get_untracked().trim().to_owned()),
            });
        }
    };
    let reason_id = format!("reject-reason-{id}");
    // The buttons name their team to assistive technology: "通过" alone is one of many.
    let heading_id = format!("pending-{id}");
    let described = heading_id.clone();

    view! {
        <li class="card pending-card" id=format!("pending-team-{id}")>
            <h3 class="card-title" id=heading_id>
                <a href=format!("/teams/{id}")>{team.name.clone()}</a>
            </h3>
            <p class="tags">
                <span class="tag">{tr(team_kind_key(kind))}</span>
                {team.specialty.map(|s| view! { <span class="tag tag-soft">{s}</span> })}
            </p>
            {team.description.map(|d| view! { <p>{d}</p> })}
            <dl class="details details-compact">
                <div>
                    <dt>{tr("team.area")}</dt>
                    <dd><AreaName id=team.area_id/></dd>
                </div>
                {team.contact_name.map(|c| view! {
                    <div>
                        <dt>{tr("team.contact")}</dt>
                        <dd>{c} " " {team.contact_phone}</dd>
                    </div>
                })}
                <div>
                    <dt>{tr("console.applied_at")}</dt>
                    <dd>{local_time(team.created_at)}</dd>
                </div>
            </dl>
            {move || decide.form_error().map(|error| view! { <ErrorMessage error/> })}
            {
                let reason_id = reason_id.clone();
                move || if rejecting.get() {
                    let reason_id = reason_id.clone();
                    view! {
                        <form class="form reject-form" novalidate node_ref=decide.form on:submit=reject>
                            <div class="field">
                                <label for=reason_id.clone()>{tr("console.reason")}</label>
                                <textarea
                                    id=reason_id.clone()
                                    node_ref=reason_input
                                    name="reason"
                                    rows="2"
                                    maxlength="500"
                                    required
                                    aria-invalid=move || reason_error().is_some().to_string()
                                    aria-describedby={
                                        let reason_id = reason_id.clone();
                                        move || reason_error().map(|_| format!("{reason_id}-error"))
                                    }
                                    bind:value=reason
                                ></textarea>
                                {
                                    let reason_id = reason_id.clone();
                                    move || reason_error().map(|m| view! { <p id=format!("{reason_id}-error") class="field-error">{m}</p> })
                                }
                            </div>
                            <div class="form-actions">
                                <button type="submit" class="button button-danger confirm-reject" disabled=move || pending.get()>
                                    {tr("console.confirm_reject")}
                                </button>
                                <button type="button" class="button button-secondary" on:click=move |_| {
                                        rejecting.set(false);
                                        decide.reset();
                                    }>
                                    {tr("console.cancel")}
                                </button>
                            </div>
                        </form>
                    }
                    .into_any()
                } else {
                    view! {
                        <div class="form-actions">
                            <button
                                type="button"
                                class="button approve"
                                aria-describedby=described.clone()
                                disabled=move || pending.get()
                                on:click=approve
                            >
                                {tr_while(pending, "console.deciding", "console.approve")}
                            </button>
                            <button
                                type="button"
                                class="button button-secondary reject"
                                aria-describedby=described.clone()
                                disabled=move || pending.get()
                                on:click=move |_| rejecting.set(true)
                            >
                                {tr("console.reject")}
                            </button>
                        </div>
                    }
                    .into_any()
                }
            }
        </li>
    }
}
