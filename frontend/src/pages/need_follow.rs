//! `/needs/follow` and `/needs/follow/{code}` (跟踪需求): anyone follows a need by its public
//! code — its status, the steps so far and, if it was turned down, why. A signed-in resident
//! also sees their own needs here and may withdraw one that is still open.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use youai_types::{Need, NeedStatus};

use crate::api::{encode_segment, use_api};
use crate::components::{
    ErrorMessage, Fetched, NeedStatusBadge, NeedSummary, NeedTimeline, when_loaded,
};
use crate::i18n::tr;
use crate::session::use_session;

/// `/needs/follow`
#[component]
pub fn NeedFollowPage() -> impl IntoView {
    let params = use_params_map();
    let navigate = use_navigate();
    let session = use_session();
    let code = Memo::new(move |_| {
        params.with(|p| {
            p.get("code")
                .map(|c| c.trim().to_owned())
                .filter(|c| !c.is_empty())
        })
    });
    let typed = RwSignal::new(String::new());
    Effect::new(move |_| typed.set(code.get().unwrap_or_default()));
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let c = typed.get_untracked().trim().to_uppercase();
        if !c.is_empty() {
            navigate(
                &format!("/needs/follow/{}", encode_segment(&c)),
                Default::default(),
            );
        }
    };
    view! {
        <section class="page-head">
            <h1>{tr("needs.follow")}</h1>
            <p class="intro">{tr("needs.follow_intro")}</p>
            <p><a href="/needs/new">{tr("needs.new")}</a></p>
        </section>
        <form class="search-form need-follow-form" role="search" aria-label=tr("needs.follow") on:submit=on_submit>
            <div class="field field-wide">
                <label for="need-code">{tr("needs.code")}</label>
                <input id="need-code" name="code" type="text" autocapitalize="characters"
                    autocomplete="off" spellcheck="false" maxlength="12" required
                    placeholder="XQ7K3M9P" bind:value=typed/>
            </div>
            <div class="form-actions">
                <button type="submit" class="button">{tr("needs.look_up")}</button>
            </div>
        </form>
        {move || code.get().map(|c| view! { <Followed code=c/> })}
        {move || session.signed_in().then(|| view! { <MyNeeds/> })}
    }
}

#[component]
fn Followed(code: String) -> impl IntoView {
    let api = use_api();
    let asked = code.clone();
    let follow = Fetched::new(move || {
        let code = asked.clone();
        async move { api.need_by_code(&code).await }
    });
    let retry = Callback::new(move |()| follow.refetch());
    view! {
        <section class="section need-followed" aria-live="polite">
            {when_loaded(move || follow.get(), move |answer| match answer {
                Ok(f) => view! {
                    <NeedSummary need=f.need/>
                    <h2>{tr("needs.steps")}</h2>
                    <NeedTimeline steps=f.steps/>
                }.into_any(),
                Err(e) if e.code() == Some("not_found") => view! {
                    <p class="notice notice-error need-not-found" role="alert">{tr("needs.not_found")}</p>
                }.into_any(),
                Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
            })}
        </section>
    }
}

/// The signed-in resident's own needs, newest first.
#[component]
fn MyNeeds() -> impl IntoView {
    let api = use_api();
    let list = Fetched::new(move || api.needs(true, None, None));
    let retry = Callback::new(move |()| list.refetch());
    let withdraw = Action::new_local(move |id: &i64| {
        let id = *id;
        async move {
            let done = api.withdraw_need(id).await;
            if done.is_ok() {
                list.refetch();
            }
            done
        }
    });
    view! {
        <section class="section my-needs" aria-labelledby="my-needs-heading">
            <h2 id="my-needs-heading">{tr("needs.mine")}</h2>
            {move || withdraw.value().get().and_then(Result::err).map(|error| view! { <ErrorMessage error/> })}
            {when_loaded(move || list.get(), move |answer| match answer {
                Ok(page) if page.items.is_empty() => view! { <p class="empty">{tr("needs.none")}</p> }.into_any(),
                Ok(page) => view! {
                    <ul class="need-list">
                        {page.items.into_iter().map(|n| view! { <MyNeed need=n withdraw/> }).collect_view()}
                    </ul>
                }.into_any(),
                Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
            })}
        </section>
    }
}

#[component]
fn MyNeed(need: Need, withdraw: Action<i64, Result<Need, crate::api::ApiError>>) -> impl IntoView {
    let id = need.id;
    let open = matches!(
        need.status,
        NeedStatus::Submitted | NeedStatus::UnderReview | NeedStatus::Accepted
    );
    view! {
        <li class="need-item" id=format!("my-need-{id}")>
            <a href=format!("/needs/follow/{}", encode_segment(&need.code))>{need.title.clone()}</a>
            " " <NeedStatusBadge status=need.status/>
            " " <code class="need-code">{need.code.clone()}</code>
            {open.then(|| view! {
                " " <button type="button" class="button button-small button-secondary"
                    on:click=move |_| { withdraw.dispatch_local(id); }>{tr("needs.withdraw")}</button>
            })}
        </li>
    }
}
