//! `/console/recruitments`: a team leader's calls for volunteers. For each team they lead: a
//! new call (title, places, deadline, description), and the team's calls with the volunteers
//! who answered each (录用 accepts one) and "结束招募" to close a call early.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use youai_types::{Membership, MembershipStatus, NewRecruitment, Recruitment};

use crate::api::{ApiError, use_api};
use crate::components::{
    CallFacts, ConsoleGate, ConsoleNav, ErrorMessage, Fetched, Submission, call_is_open,
    when_loaded,
};
use crate::format::{local_time, parse_local_datetime};
use crate::i18n::{membership_status_key, tr, tr_while};
use crate::session::{Session, use_session};

#[component]
pub fn RecruitAdminPage() -> impl IntoView {
    let session = use_session();
    view! {
        <section class="page-head">
            <h1>{tr("console.recruitments")}</h1>
            <p class="intro">{tr("console.recruitments_intro")}</p>
        </section>
        <ConsoleNav/>
        <ConsoleGate next="/console/recruitments" allowed=Session::is_leader>
            {move || session.led_teams().into_iter().map(|(id, name)| view! {
                <section class="section team-desk" aria-labelledby=format!("calls-team-{id}")>
                    <h2 id=format!("calls-team-{id}")>{name}</h2>
                    <TeamCalls team_id=id/>
                </section>
            }).collect_view()}
        </ConsoleGate>
    }
}

/// One team's new-call form and its calls with their answers.
#[component]
fn TeamCalls(team_id: i64) -> impl IntoView {
    let api = use_api();
    let version = RwSignal::new(0u32);
    let changed = Callback::new(move |()| version.update(|v| *v = v.wrapping_add(1)));
    let calls = Fetched::new(move || {
        version.track();
        api.recruitments(Some(team_id), false, None)
    });
    // Who answered a call: the team's applicants and members that name one.
    let answers = Fetched::new(move || {
        version.track();
        async move {
            let mut all = api
                .team_members(team_id, MembershipStatus::Applied)
                .await?
                .items;
            all.extend(
                api.team_members(team_id, MembershipStatus::Active)
                    .await?
                    .items,
            );
            Ok::<Vec<Membership>, ApiError>(all)
        }
    });
    let retry = Callback::new(move |()| calls.refetch());
    view! {
        <NewCallForm team_id changed/>
        {when_loaded(move || calls.get(), move |value| match value {
            Ok(page) if page.items.is_empty() => view! { <p class="empty">{tr("corps.no_calls")}</p> }.into_any(),
            Ok(page) => view! {
                <ul class="card-list card-list-single">
                    {page.items.into_iter().map(|call| view! { <CallDesk call answers changed/> }).collect_view()}
                </ul>
            }
            .into_any(),
            Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
        })}
    }
}

const CALL_FIELDS: [&str; 4] = ["title", "quota", "deadline", "description"];

#[component]
fn NewCallForm(team_id: i64, changed: Callback<()>) -> impl IntoView {
    let api = use_api();
    let title = RwSignal::new(String::new());
    let quota = RwSignal::new(String::new());
    let deadline = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let post = Submission::new(&CALL_FIELDS, move |call: &NewRecruitment| {
        let call = call.clone();
        async move {
            let done = api.create_recruitment(&call).await;
            if done.is_ok() {
                changed.run(());
            }
            done
        }
    });
    let pending = post.pending();
    let field_error = move |field: &'static str| post.field_error(field);
    Effect::new(move |_| {
        if post.done().is_some() {
            for s in [title, quota, deadline, description] {
                s.set(String::new());
            }
        }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let mut problems = Vec::new();
        let places = quota.get_untracked().trim().parse::<i32>().ok();
        if places.is_none() {
            problems.push(("quota", "manage.not_a_number"));
        }
        let until = parse_local_datetime(&deadline.get_untracked());
        if until.is_none() {
            problems.push(("deadline", "corps.deadline_required"));
        }
        if !post.check(problems) {
            return;
        }
        let (Some(quota), Some(deadline)) = (places, until) else {
            return;
        };
        let text = description.get_untracked().trim().to_owned();
        post.submit(NewRecruitment {
            team_id,
            title: title.get_untracked().trim().to_owned(),
            description: Some(text).filter(|t| !t.is_empty()),
            quota,
            skill_ids: Vec::new(),
            deadline,
        });
    };
    // Ids unique on the page: a leader may lead several teams.
    let id = move |name: &str| format!("call-{name}-{team_id}");
    let (title_id, quota_id, deadline_id, description_id) =
        (id("title"), id("quota"), id("deadline"), id("description"));
    view! {
        <details class="form-card new-call">
            <summary>{tr("corps.new_call")}</summary>
            <form class="form new-call-form" novalidate node_ref=post.form on:submit=on_submit>
                <div class="field">
                    <label for=title_id.clone()>{tr("corps.call_title")}</label>
                    <input id=title_id name="title" type="text" maxlength="100" required bind:value=title/>
                    {move || field_error("title")().map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
                <div class="field">
                    <label for=quota_id.clone()>{tr("corps.call_quota")}</label>
                    <input id=quota_id name="quota" type="number" min="1" max="1000" inputmode="numeric" required bind:value=quota/>
                    {move || field_error("quota")().map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
                <div class="field">
                    <label for=deadline_id.clone()>{tr("corps.call_deadline")}</label>
                    <input id=deadline_id name="deadline" type="datetime-local" required bind:value=deadline/>
                    {move || field_error("deadline")().map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
                <div class="field">
                    <label for=description_id.clone()>{tr("manage.description")}</label>
                    <textarea id=description_id name="description" rows="2" maxlength="2000"
                        prop:value=move || description.get()
                        on:input=move |ev| description.set(event_target_value(&ev))></textarea>
                    {move || field_error("description")().map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
                {move || post.form_error().map(|error| view! { <ErrorMessage error/> })}
                <div class="form-actions">
                    <button type="submit" class="button" disabled=move || pending.get()>
                        {tr_while(pending, "corps.posting", "corps.post_call")}
                    </button>
                </div>
            </form>
        </details>
    }
}

/// One call: its facts, who answered it, and "结束招募" while it is open.
#[component]
fn CallDesk(
    call: Recruitment,
    answers: Fetched<Result<Vec<Membership>, ApiError>>,
    changed: Callback<()>,
) -> impl IntoView {
    let api = use_api();
    let id = call.id;
    let open = call_is_open(&call);
    let close = Action::new_local(move |(): &()| async move {
        let done = api.close_recruitment(id).await;
        if done.is_ok() {
            changed.run(());
        }
        done
    });
    let closing = close.pending();
    let mine = move || {
        answers.get().map(|r| {
            r.map(|all| {
                all.into_iter()
                    .filter(|m| m.recruitment_id == Some(id))
                    .collect::<Vec<_>>()
            })
        })
    };
    view! {
        <li class="card call-desk" id=format!("call-desk-{id}")>
            <h3 class="card-title"><a href=format!("/recruitments?team={}", call.team_id)>{call.title.clone()}</a></h3>
            <CallFacts call/>
            <h4>{tr("corps.answers")}</h4>
            {move || match mine() {
                None => view! { <p class="loading">{tr("common.loading")}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p class="empty">{tr("corps.no_answers")}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="answers">
                        {list.into_iter().map(|m| view! { <AnswerRow member=m changed/> }).collect_view()}
                    </ul>
                }
                .into_any(),
                Some(Err(error)) => view! { <ErrorMessage error/> }.into_any(),
            }}
            {move || close.value().get().and_then(Result::err).map(|error| view! { <ErrorMessage error/> })}
            {open.then(|| view! {
                <p>
                    <button type="button" class="button button-secondary close-call" disabled=move || closing.get()
                        on:click=move |_| { close.dispatch_local(()); }>
                        {tr_while(closing, "corps.closing", "corps.close_call")}
                    </button>
                </p>
            })}
        </li>
    }
}

/// One volunteer who answered: name, status, message, and 录用 while applied.
#[component]
fn AnswerRow(member: Membership, changed: Callback<()>) -> impl IntoView {
    let api = use_api();
    let (team_id, member_id) = (member.team_id, member.id);
    let accept = Action::new_local(move |(): &()| async move {
        let done = api
            .set_member_status(team_id, member_id, MembershipStatus::Active)
            .await;
        if done.is_ok() {
            changed.run(());
        }
        done
    });
    let accepting = accept.pending();
    let status = member.status;
    view! {
        <li class="answer">
            <strong>{member.volunteer_name}</strong>
            " "
            <span class=format!("badge badge-{}", status.as_str())>{tr(membership_status_key(status))}</span>
            " "
            <time class="muted">{local_time(member.applied_at)}</time>
            {member.message.map(|m| view! { <p class="muted">{m}</p> })}
            {(status == MembershipStatus::Applied).then(|| view! {
                <button type="button" class="button accept-answer" disabled=move || accepting.get()
                    on:click=move |_| { accept.dispatch_local(()); }>
                    {tr("corps.accept")}
                </button>
            })}
            {move || accept.value().get().and_then(Result::err).map(|error| view! { <ErrorMessage error/> })}
        </li>
    }
}
