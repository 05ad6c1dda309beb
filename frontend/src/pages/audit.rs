//! `/console/audit`: the audit log for platform admins, newest first, a page at a time, with the
//! API's filters: who acted (account id), what was done, on what (type and id), and between
//! which days. The filters live in the URL, so a view can be shared and back works.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use youai_types::AuditEntry;

use crate::api::{AuditFilter, Query, use_api};
use crate::components::{ConsoleGate, ConsoleNav, PagedList};
use crate::format::{day_start, local_time, parse_date};
use crate::i18n::tr;
use crate::session::Session;

/// The actions the API records, offered as suggestions (any text may be searched).
const ACTIONS: [&str; 23] = [
    "activity.transition",
    "grant.create",
    "grant.revoke",
    "honour.award",
    "import.teams",
    "import.volunteers",
    "insured.export",
    "member.decide",
    "member.role",
    "points.adjust",
    "project.review",
    "record.correct",
    "record.enter",
    "record.verify",
    "recruitment.close",
    "reward.create",
    "reward.update",
    "rewards.rules",
    "sign_up.decide",
    "team.decide",
    "voucher.cancel",
    "voucher.issue",
    "voucher.redeem",
];

#[component]
pub fn AuditPage() -> impl IntoView {
    view! {
        <section class="page-head">
            <h1>{tr("console.audit")}</h1>
            <p class="intro">{tr("console.audit_intro")}</p>
        </section>
        <ConsoleNav/>
        <ConsoleGate next="/console/audit" allowed=Session::is_platform_admin>
            <AuditLog/>
        </ConsoleGate>
    }
}

#[component]
fn AuditLog() -> impl IntoView {
    let api = use_api();
    let query = use_query_map();
    let navigate = use_navigate();
    let blank = |s: Option<String>| s.filter(|v| !v.trim().is_empty());
    // The URL's filter: days as `YYYY-MM-DD`, sent as the city's midnights.
    let filter = Memo::new(move |_| {
        query.with(|q| AuditFilter {
            actor_id: q.get("actor").and_then(|a| a.trim().parse().ok()),
            action: blank(q.get("action")),
            target_type: blank(q.get("type")),
            target_id: blank(q.get("target")),
            from: q.get("from").as_deref().and_then(parse_date).map(day_start),
            to: q
                .get("to")
                .as_deref()
                .and_then(parse_date)
                .and_then(|d| d.succ_opt())
                .map(day_start),
        })
    });
    let actor = RwSignal::new(String::new());
    let action = RwSignal::new(String::new());
    let target_type = RwSignal::new(String::new());
    let target_id = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    Effect::new(move |_| {
        query.with(|q| {
            for (key, s) in [
                ("actor", actor),
                ("action", action),
                ("type", target_type),
                ("target", target_id),
                ("from", from),
                ("to", to),
            ] {
                s.set(q.get(key).unwrap_or_default());
            }
        });
    });
    let on_submit = {
        let navigate = navigate.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            let search = Query::new()
                .opt("actor", Some(actor.get_untracked().trim()))
                .opt("action", Some(action.get_untracked().trim()))
                .opt("type", Some(target_type.get_untracked().trim()))
                .opt("target", Some(target_id.get_untracked().trim()))
                .opt("from", Some(from.get_untracked()))
                .opt("to", Some(to.get_untracked()))
                .finish();
            navigate(&format!("/console/audit{search}"), Default::default());
        }
    };
    let clear = move |_| navigate("/console/audit", Default::default());
    let fetch = move |f: AuditFilter, cursor: Option<String>| async move {
        api.audit(&f, cursor.as_deref()).await
    };
    view! {
        <form class="search-form audit-filter" role="search" aria-label=tr("corps.audit_filter") on:submit=on_submit>
            <div class="field">
                <label for="audit-actor">{tr("corps.audit_actor")}</label>
                <input id="audit-actor" name="actor" type="number" min="1" inputmode="numeric" bind:value=actor/>
            </div>
            <div class="field">
                <label for="audit-action">{tr("corps.audit_action")}</label>
                <input id="audit-action" name="action" type="text" list="audit-actions" maxlength="50" bind:value=action/>
                <datalist id="audit-actions">
                    {ACTIONS.map(|a| view! { <option value=a></option> }).collect_view()}
                </datalist>
            </div>
            <div class="field">
                <label for="audit-type">{tr("corps.audit_type")}</label>
                <input id="audit-type" name="type" type="text" maxlength="50" bind:value=target_type/>
            </div>
            <div class="field">
                <label for="audit-target">{tr("corps.audit_target")}</label>
                <input id="audit-target" name="target" type="text" maxlength="50" bind:value=target_id/>
            </div>
            <div class="field">
                <label for="audit-from">{tr("corps.audit_from")}</label>
                <input id="audit-from" name="from" type="date" bind:value=from/>
            </div>
            <div class="field">
                <label for="audit-to">{tr("corps.audit_to")}</label>
                <input id="audit-to" name="to" type="date" bind:value=to/>
            </div>
            <div class="form-actions">
                <button type="submit" class="button">{tr("teams.submit")}</button>
                <button type="button" class="button button-secondary" on:click=clear>{tr("teams.clear")}</button>
            </div>
        </form>
        <section class="results" aria-labelledby="audit-results">
            <h2 id="audit-results" class="visually-hidden">{tr("console.audit")}</h2>
            <PagedList
                filter=Signal::from(filter)
                fetch
                card=|entry: AuditEntry| view! { <Entry entry/> }
                empty="corps.audit_none"
                class="card-list card-list-single audit-list"
            />
        </section>
    }
}

/// One entry: when, who, what on what, and the state before and after.
#[component]
fn Entry(entry: AuditEntry) -> impl IntoView {
    let state = |v: Option<serde_json::Value>| v.map(|v| v.to_string()).unwrap_or_default();
    let (before, after) = (state(entry.before), state(entry.after));
    view! {
        <li class="card audit-entry" id=format!("audit-{}", entry.id)>
            <p>
                <time>{local_time(entry.at)}</time>
                " · "
                <code class="audit-action">{entry.action}</code>
                " · "
                <span class="audit-target">{entry.target_type} " #" {entry.target_id}</span>
                {entry.actor_id.map(|a| view! { " · " {tr("corps.audit_by")} " #" <span class="audit-actor">{a}</span> })}
            </p>
            {(!before.is_empty() || !after.is_empty()).then(|| view! {
                <dl class="audit-states">
                    {(!before.is_empty()).then(|| view! {
                        <div><dt>{tr("corps.audit_before")}</dt><dd><code>{before.clone()}</code></dd></div>
                    })}
                    {(!after.is_empty()).then(|| view! {
                        <div><dt>{tr("corps.audit_after")}</dt><dd><code>{after.clone()}</code></dd></div>
                    })}
                </dl>
            })}
        </li>
    }
}
