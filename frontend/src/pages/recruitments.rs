//! `/recruitments`: the teams' calls for volunteers (志愿者招募), newest first, all or only those
//! still open (`?open=1`), of every team or one (`?team=14`). A signed-in volunteer answers an
//! open call (应征): a join request naming the call, which the team's leaders decide.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use youai_types::{JoinRequest, Recruitment};

use crate::api::{ApiError, use_api};
use crate::components::{CallFacts, ErrorMessage, PagedList, TeamLink, call_is_open};
use crate::i18n::{tr, tr_while};
use crate::session::use_session;

/// What the URL asks for: (team, only open calls).
type CallFilter = (Option<i64>, bool);

#[component]
pub fn RecruitmentsPage() -> impl IntoView {
    let api = use_api();
    let query = use_query_map();
    let navigate = use_navigate();
    let filter = Memo::new(move |_| {
        query.with(|q| {
            (
                q.get("team").and_then(|t| t.parse::<i64>().ok()),
                q.get("open").is_some_and(|o| o == "1"),
            )
        })
    });
    let toggle = move |ev: leptos::ev::Event| {
        let (team, _) = filter.get_untracked();
        let open = event_target_checked(&ev);
        let mut path = String::from("/recruitments");
        let mut sep = '?';
        if let Some(t) = team {
            path.push_str(&format!("{sep}team={t}"));
            sep = '&';
        }
        if open {
            path.push_str(&format!("{sep}open=1"));
        }
        navigate(&path, Default::default());
    };
    let fetch = move |(team, open): CallFilter, cursor: Option<String>| async move {
        api.recruitments(team, open, cursor.as_deref()).await
    };
    view! {
        <nav class="breadcrumb" aria-label=tr("team.breadcrumb")>
            <a href="/teams">{tr("teams.title")}</a>
            <span aria-hidden="true">" / "</span>
            <span aria-current="page">{tr("corps.recruitments")}</span>
        </nav>
        <section class="page-head">
            <h1>{tr("corps.recruitments")}</h1>
            <p class="intro">{tr("corps.recruitments_intro")}</p>
            {move || filter.get().0.map(|team| view! {
                <p>{tr("corps.calls_of")} " " <TeamLink id=team/> " · " <a href="/recruitments">{tr("corps.all_calls")}</a></p>
            })}
        </section>
        <div class="field field-check">
            <label class="choice" for="calls-open">
                <input id="calls-open" type="checkbox" prop:checked=move || filter.get().1 on:change=toggle/>
                {tr("corps.only_open")}
            </label>
        </div>
        <section class="results" aria-labelledby="calls-heading">
            <h2 id="calls-heading" class="visually-hidden">{tr("corps.recruitments")}</h2>
            <PagedList
                filter=Signal::from(filter)
                fetch
                card=|call: Recruitment| view! { <CallCard call/> }
                empty="corps.no_calls"
                class="card-list card-list-single"
            />
        </section>
    }
}

/// One call, with "应征" while it is open.
#[component]
fn CallCard(call: Recruitment) -> impl IntoView {
    let id = call.id;
    let team_id = call.team_id;
    let open = call_is_open(&call);
    view! {
        <li class="card call-card" id=format!("call-{id}")>
            <h3 class="card-title">{call.title.clone()}</h3>
            <p class="muted">{tr("corps.call_team")} " " <TeamLink id=team_id/></p>
            <CallFacts call/>
            {open.then(|| view! { <Answer call_id=id team_id/> })}
        </li>
    }
}

/// 应征: for a signed-in volunteer, a message and the button; the outcome in words.
#[component]
fn Answer(call_id: i64, team_id: i64) -> impl IntoView {
    let api = use_api();
    let session = use_session();
    let message = RwSignal::new(String::new());
    let answer = Action::new_local(move |text: &String| {
        let request = JoinRequest {
            message: Some(text.trim().to_owned()).filter(|m| !m.is_empty()),
            recruitment_id: Some(call_id),
        };
        async move { api.join_team(team_id, &request).await }
    });
    let pending = answer.pending();
    let outcome = move || {
        if pending.get() {
            None
        } else {
            answer.value().get()
        }
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if !pending.get_untracked() {
            answer.dispatch_local(message.get_untracked());
        }
    };
    let message_id = format!("answer-message-{call_id}");
    move || {
        if !session.signed_in() {
            return view! {
                <p><a class="button button-secondary" href="/login?next=/recruitments">{tr("corps.login_to_answer")}</a></p>
            }
            .into_any();
        }
        match outcome() {
            Some(Ok(_)) => view! {
                <p class="notice notice-success answered" role="status">{tr("corps.answered")}</p>
            }
            .into_any(),
            failed => {
                let error: Option<ApiError> = failed.and_then(Result::err);
                let needs_profile = error
                    .as_ref()
                    .is_some_and(|e| e.is("volunteer_profile_required"));
                let message_id = message_id.clone();
                view! {
                    {error.map(|error| view! { <ErrorMessage error/> })}
                    {needs_profile.then(|| view! {
                        <p><a class="button button-secondary" href="/me/volunteer">{tr("team.complete_profile")}</a></p>
                    })}
                    <form class="form answer-form" on:submit=on_submit>
                        <div class="field">
                            <label for=message_id.clone()>{tr("team.join_message")}</label>
                            <textarea id=message_id name="message" rows="2" maxlength="500" bind:value=message></textarea>
                        </div>
                        <div>
                            <button type="submit" class="button" disabled=move || pending.get()>
                                {tr_while(pending, "corps.answering", "corps.answer")}
                            </button>
                        </div>
                    </form>
                }
                .into_any()
            }
        }
    }
}
