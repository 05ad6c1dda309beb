//! `/console/needs/{id}`: one need for the staff who triage it — what it is, who to call, and
//! its steps, with the way to its proposals (`/console/needs/{id}/match`, once accepted) and
//! its full trace (`/needs/{id}/trace`).

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use youai_types::NeedStatus;

use crate::api::{ApiError, use_api};
use crate::components::{
    ConsoleGate, ConsoleNav, ErrorMessage, Fetched, NeedSummary, NeedTimeline, need_channel_key,
    when_loaded,
};
use crate::i18n::tr;
use crate::session::Session;

/// `/console/needs/{id}`
#[component]
pub fn NeedDetailPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok())));
    view! {
        <section class="page-head">
            <h1>{tr("needs.detail")}</h1>
            <p><a href="/console/needs">{tr("console.needs")}</a></p>
        </section>
        <ConsoleNav/>
        <ConsoleGate next="/console/needs" allowed=Session::is_staff>
            {move || id.get().map(|id| view! { <Detail id/> })}
        </ConsoleGate>
    }
}

#[component]
fn Detail(id: i64) -> impl IntoView {
    let api = use_api();
    let need = Fetched::new(move || async move {
        let need = api.need(id).await?;
        let follow = api.need_by_code(&need.code).await?;
        Ok::<_, ApiError>((need, follow.steps))
    });
    let retry = Callback::new(move |()| need.refetch());
    view! {
        {when_loaded(move || need.get(), move |answer| match answer {
            Ok((need, steps)) => {
                let channel = need.channel;
                let contact = need.contact.clone();
                let matchable = matches!(
                    need.status,
                    NeedStatus::Accepted | NeedStatus::Matched | NeedStatus::InService
                );
                view! {
                    <section class="section need-detail">
                        <NeedSummary need/>
                        <p class="meta">
                            {tr(need_channel_key(channel))}
                            {contact.map(|c| view! {
                                " · " {tr("needs.contact")} " " {c.name.unwrap_or_default()} " " {c.phone.unwrap_or_default()}
                            })}
                        </p>
                    </section>
                    <p class="form-actions need-next">
                        {matchable.then(|| view! {
                            <a class="button need-match-link" href=format!("/console/needs/{id}/match")>{tr("match.title")}</a>
                        })}
                        " " <a class="button button-secondary need-trace-link" href=format!("/needs/{id}/trace")>{tr("match.trace")}</a>
                    </p>
                    <section class="section">
                        <h2>{tr("needs.steps")}</h2>
                        <NeedTimeline steps/>
                    </section>
                }.into_any()
            }
            Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
        })}
    }
}
