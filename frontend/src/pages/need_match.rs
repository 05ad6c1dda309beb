//! `/console/needs/{id}/match`: for an accepted need, the resources and published projects
//! that could answer it, best first, each with the reasons behind its score; a reviewer links
//! one and the need becomes matched (linking a resource makes the need's service project).

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use youai_types::{NewNeedLink, Proposal, ProposalKind, ProposalReason, ReasonCode};

use crate::api::use_api;
use crate::components::{ConsoleGate, ConsoleNav, ErrorMessage, Fetched, error_text, when_loaded};
use crate::i18n::{Lang, tr, tr_while, use_i18n};
use crate::session::Session;

#[component]
pub fn NeedMatchPage() -> impl IntoView {
    view! {
        <section class="page-head">
            <h1>{tr("match.title")}</h1>
            <p class="intro">{tr("match.intro")}</p>
        </section>
        <ConsoleNav/>
        <ConsoleGate next="/console/needs" allowed=Session::is_staff>
            <Proposals/>
        </ConsoleGate>
    }
}

#[component]
fn Proposals() -> impl IntoView {
    let params = use_params_map();
    let id = params
        .with_untracked(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()))
        .unwrap_or(0);
    let api = use_api();
    let list = Fetched::new(move || async move { api.need_proposals(id).await });
    let retry = Callback::new(move |()| list.refetch());
    let linked = RwSignal::new(None::<i64>);
    view! {
        <p><a href=format!("/console/needs/{id}")>{tr("match.back")}</a> " · "
           <a href=format!("/needs/{id}/trace")>{tr("match.trace")}</a></p>
        {move || linked.get().map(|project| view! {
            <div class="notice notice-success match-linked" role="status">
                <p>{tr("match.linked")} " "
                    <a href=format!("/projects/{project}")>{tr("match.project")}</a> " · "
                    <a href=format!("/needs/{id}/trace")>{tr("match.trace")}</a>
                </p>
            </div>
        })}
        {when_loaded(move || list.get(), move |answer| match answer {
            Ok(items) if items.is_empty() => view! { <p class="empty">{tr("match.none")}</p> }.into_any(),
            Ok(items) => view! {
                <ol class="card-list proposals">
                    {items.into_iter().map(|p| view! { <ProposalCard need=id proposal=p linked/> }).collect_view()}
                </ol>
            }.into_any(),
            Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
        })}
    }
}

/// One reason in the reader's language: the server's Chinese, or the English template.
fn reason_text(lang: Lang, english: &'static str, r: &ProposalReason) -> String {
    match lang {
        Lang::Zh => r.text.clone(),
        Lang::En => english.replace("{}", r.value.as_deref().unwrap_or("")),
    }
}

fn reason_key(code: ReasonCode) -> &'static str {
    match code {
        ReasonCode::Fits => "match.reason.fits",
        ReasonCode::TargetGroup => "match.reason.target_group",
        ReasonCode::AnyGroup => "match.reason.any_group",
        ReasonCode::SameVillage => "match.reason.same_village",
        ReasonCode::SameTown => "match.reason.same_town",
        ReasonCode::CityLevel => "match.reason.city_level",
        ReasonCode::Capacity => "match.reason.capacity",
        ReasonCode::Rated => "match.reason.rated",
    }
}

#[component]
fn ProposalCard(need: i64, proposal: Proposal, linked: RwSignal<Option<i64>>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let kind = proposal.kind;
    let target = proposal.id;
    let link = Action::new_local(move |(): &()| async move {
        let body = match kind {
            ProposalKind::Resource => NewNeedLink {
                project_id: None,
                resource_id: Some(target),
                note: None,
            },
            ProposalKind::Project => NewNeedLink {
                project_id: Some(target),
                resource_id: None,
                note: None,
            },
        };
        let done = api.link_need(need, &body).await;
        if let Ok(l) = &done {
            linked.set(l.project_id);
        }
        done
    });
    let pending = link.pending();
    let kind_key = match kind {
        ProposalKind::Resource => "match.kind.resource",
        ProposalKind::Project => "match.kind.project",
    };
    let reasons = proposal.reasons.clone();
    view! {
        <li class=format!("card proposal proposal-{}", kind.as_str()) id=format!("proposal-{}-{target}", kind.as_str())>
            <h3>
                <span class="badge">{tr(kind_key)}</span> " " {proposal.title.clone()}
            </h3>
            <p class="meta">
                {proposal.area_name.clone()}
                {proposal.provider.clone().map(|p| view! { " · " {p} })}
                " · " {tr("match.score")} " " <strong class="proposal-score">{proposal.score}</strong>
            </p>
            <ul class="proposal-reasons">
                {reasons.into_iter().map(|r| {
                    let key = reason_key(r.code);
                    let class = format!("reason reason-{}", r.code.as_str());
                    let points = format!("+{}", r.points);
                    view! {
                        <li class=class>
                            {move || reason_text(i18n.lang(), i18n.t(key), &r)}
                            " " <span class="reason-points">{points}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <div class="form-actions">
                <button type="button" class="button button-small link-proposal"
                    disabled=move || pending.get() || linked.get().is_some()
                    on:click=move |_| { link.dispatch_local(()); }>
                    {tr_while(pending, "match.linking", "match.link")}
                </button>
            </div>
            {move || link.value().get().and_then(Result::err).map(|e| view! {
                <p class="field-error" role="alert">{error_text(i18n, &e)}</p>
            })}
        </li>
    }
}
