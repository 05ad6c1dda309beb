//! `/teams/{id}`: a team's details, its parent and sub-teams, its registration history, and
//! "申请加入" for a signed-in volunteer.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use youai_types::{JoinRequest, Team, TeamDecision, TeamStatus};

use crate::api::{ApiError, TeamFilter, use_api};
use crate::components::{
    AreaName, ErrorMessage, Fetched, NotFoundMessage, TeamList, group_digits, when_loaded,
};
use crate::format::local_time;
use crate::i18n::{team_action_key, team_kind_key, team_status_key, tr, tr_while, use_i18n};
use crate::session::use_session;

#[component]
pub fn TeamPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok())));
    move || match id.get() {
        Some(id) => view! { <TeamView id/> }.into_any(),
        None => view! { <NotFoundMessage/> }.into_any(),
    }
}

#[component]
fn TeamView(id: i64) -> impl IntoView {
    let api = use_api();
    let session = use_session();
    // Pending and rejected teams are visible to their applicant and the admins: ask again
    // when the login changes.
    let team = Fetched::new(move || {
        session.signed_in();
        api.team(id)
    });
    let retry = Callback::new(move |()| team.refetch());

    view! {
        {when_loaded(move || team.get(), move |value| match value {
                    Ok(t) => view! { <TeamDetails team=t/> }.into_any(),
                    Err(e) if e.code() == Some("not_found") => view! { <NotFoundMessage/> }.into_any(),
                    Err(error) => view! {
                        <h1>{tr("team.title")}</h1>
                        <ErrorMessage error on_retry=retry/>
                    }
                    .into_any(),
                })}
    }
}

#[component]
fn TeamDetails(team: Team) -> impl IntoView {
    let id = team.id;
    let kind = team.kind;
    let status = team.status;
    let sub_teams = Signal::stored(TeamFilter {
        parent_id: Some(id),
        limit: Some(50),
        ..TeamFilter::default()
    });
    view! {
        <nav class="breadcrumb" aria-label=tr("team.breadcrumb")>
            <a href="/teams">{tr("teams.title")}</a>
            <span aria-hidden="true">" / "</span>
            <span aria-current="page">{team.name.clone()}</span>
        </nav>
        <article class="team-page">
            <header class="page-head">
                <h1>{team.name.clone()}</h1>
                <p class="tags">
                    <span class="tag">{tr(team_kind_key(kind))}</span>
                    {team.specialty.clone().map(|s| view! { <span class="tag tag-soft">{s}</span> })}
                    <span class=format!("badge badge-{}", status.as_str())>{tr(team_status_key(status))}</span>
                </p>
                {team.description.clone().map(|d| view! { <p class="intro">{d}</p> })}
            </header>
            <dl class="details">
                <div>
                    <dt>{tr("team.area")}</dt>
                    <dd><AreaName id=team.area_id/></dd>
                </div>
                {team.parent_id.map(|parent| view! {
                    <div>
                        <dt>{tr("team.parent")}</dt>
                        <dd><ParentLink id=parent/></dd>
                    </div>
                })}
                <div>
                    <dt>{tr("team.members")}</dt>
                    <dd>{group_digits(team.member_count)}</dd>
                </div>
                <div>
                    <dt>{tr("team.sub_teams")}</dt>
                    <dd>{group_digits(team.sub_team_count)}</dd>
                </div>
                {team.contact_name.clone().map(|c| view! {
                    <div>
                        <dt>{tr("team.contact")}</dt>
                        <dd>{c}</dd>
                    </div>
                })}
                {team.contact_phone.clone().map(|p| view! {
                    <div>
                        <dt>{tr("team.phone")}</dt>
                        <dd><a href=format!("tel:{p}")>{p.clone()}</a></dd>
                    </div>
                })}
            </dl>
            <JoinTeam team_id=id status/>
            {(status == TeamStatus::Approved).then(|| view! {
                <p><a class="team-calls" href=format!("/recruitments?team={id}")>{tr("corps.team_calls")}</a></p>
            })}
            <section class="section" aria-labelledby="sub-teams-heading">
                <h2 id="sub-teams-heading">{tr("team.sub_teams")}</h2>
                {if team.sub_team_count > 0 {
                    view! { <TeamList filter=sub_teams empty="team.no_sub_teams"/> }.into_any()
                } else {
                    view! { <p class="empty">{tr("team.no_sub_teams")}</p> }.into_any()
                }}
            </section>
            <section class="section" aria-labelledby="history-heading">
                <h2 id="history-heading">{tr("team.history")}</h2>
                <History id/>
            </section>
        </article>
    }
}

/// The parent team's name as a link to it.
#[component]
fn ParentLink(id: i64) -> impl IntoView {
    let api = use_api();
    let parent = Fetched::new(move || api.team(id));
    view! {
        <a href=format!("/teams/{id}")>
            {move || parent.get().and_then(Result::ok).map_or_else(|| format!("#{id}"), |t| t.name)}
        </a>
    }
}

/// "申请加入": for a signed-in user (the server checks the volunteer profile); the outcome,
/// or the problem, in words.
#[component]
fn JoinTeam(team_id: i64, status: TeamStatus) -> impl IntoView {
    let api = use_api();
    let session = use_session();
    let message = RwSignal::new(String::new());
    let join = Action::new_local(move |text: &String| {
        let request = JoinRequest {
            message: Some(text.trim().to_owned()).filter(|m| !m.is_empty()),
            recruitment_id: None,
        };
        async move { api.join_team(team_id, &request).await }
    });
    let pending = join.pending();
    let outcome = move || {
        if pending.get() {
            None
        } else {
            join.value().get()
        }
    };

    let body = move || {
        if status != TeamStatus::Approved {
            return view! { <p class="muted">{tr("team.not_open")}</p> }.into_any();
        }
        if !session.signed_in() {
            return view! {
                <p>
                    <a class="button" href=format!("/login?next=/teams/{team_id}")>{tr("team.login_to_join")}</a>
                </p>
            }
            .into_any();
        }
        match outcome() {
            Some(Ok(_)) => view! {
                <p class="notice notice-success" role="status">{tr("team.applied")}</p>
            }
            .into_any(),
            failed => {
                let error: Option<ApiError> = failed.and_then(Result::err);
                let needs_profile = error
                    .as_ref()
                    .is_some_and(|e| e.is("volunteer_profile_required"));
                view! {
                    {error.map(|error| view! { <ErrorMessage error/> })}
                    {needs_profile.then(|| view! {
                        <p><a class="button button-secondary" href="/me/volunteer">{tr("team.complete_profile")}</a></p>
                    })}
                    <form class="form join-form" on:submit=move |ev| {
                        ev.prevent_default();
                        if !pending.get_untracked() {
                            join.dispatch_local(message.get_untracked());
                        }
                    }>
                        <div class="field">
                            <label for="join-message">{tr("team.join_message")}</label>
                            <textarea id="join-message" name="message" rows="2" maxlength="500" bind:value=message></textarea>
                        </div>
                        <div>
                            <button type="submit" class="button" disabled=move || pending.get()>
                                {tr_while(pending, "team.joining", "team.join")}
                            </button>
                        </div>
                    </form>
                }
                .into_any()
            }
        }
    };
    view! {
        <section class="section join-box" aria-labelledby="join-heading">
            <h2 id="join-heading">{tr("team.join_heading")}</h2>
            {body}
        </section>
    }
}

/// The registration history, oldest first.
#[component]
fn History(id: i64) -> impl IntoView {
    let api = use_api();
    let history = Fetched::new(move || api.team_decisions(id));
    let retry = Callback::new(move |()| history.refetch());
    view! {
        {when_loaded(move || history.get(), move |value| match value {
                    Ok(items) if items.is_empty() => view! {
                        <p class="empty">{tr("team.no_history")}</p>
                    }
                    .into_any(),
                    Ok(items) => view! {
                        <ol class="timeline">
                            {items.into_iter().map(|d| view! { <Decision decision=d/> }).collect_view()}
                        </ol>
                    }
                    .into_any(),
                    Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
                })}
    }
}

#[component]
fn Decision(decision: TeamDecision) -> impl IntoView {
    let i18n = use_i18n();
    let action = decision.action;
    let to = decision.to_status;
    view! {
        <li>
            <p class="timeline-head">
                <time>{local_time(decision.at)}</time>
                " "
                <strong>{move || i18n.t(team_action_key(action))}</strong>
                " → "
                <span class=format!("badge badge-{}", to.as_str())>{tr(team_status_key(to))}</span>
            </p>
            {decision.actor_name.map(|name| view! {
                <p class="muted">{tr("team.by")} {name}</p>
            })}
            {decision.reason.map(|reason| view! {
                <p class="reason">{tr("team.reason")} {reason}</p>
            })}
        </li>
    }
}
