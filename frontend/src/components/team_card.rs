//! Teams in lists: a card per team, and a list that pages with "加载更多".

use leptos::prelude::*;
use youai_types::{Team, TeamStatus};

use crate::api::{TeamFilter, use_api};
use crate::components::{PagedList, group_digits};
use crate::i18n::{team_kind_key, team_status_key, tr};

/// One team: its name (a link to its page), kind, specialty and counts.
#[component]
pub fn TeamCard(team: Team) -> impl IntoView {
    let kind = team.kind;
    let status = team.status;
    view! {
        <li class="card team-card">
            <h3 class="card-title">
                <a href=format!("/teams/{}", team.id)>{team.name}</a>
            </h3>
            <p class="tags">
                <span class="tag">{tr(team_kind_key(kind))}</span>
                {team.specialty.map(|s| view! { <span class="tag tag-soft">{s}</span> })}
                {(status != TeamStatus::Approved).then(|| view! {
                    <span class=format!("badge badge-{}", status.as_str())>{tr(team_status_key(status))}</span>
                })}
            </p>
            <dl class="card-figures">
                <div>
                    <dt>{tr("team.members")}</dt>
                    <dd>{group_digits(team.member_count)}</dd>
                </div>
                <div>
                    <dt>{tr("team.sub_teams")}</dt>
                    <dd>{group_digits(team.sub_team_count)}</dd>
                </div>
            </dl>
        </li>
    }
}

/// The teams `filter` selects, a page at a time.
#[component]
pub fn TeamList(
    #[prop(into)] filter: Signal<TeamFilter>,
    /// The catalogue key for "no team matches".
    empty: &'static str,
) -> impl IntoView {
    let api = use_api();
    let fetch = move |f: TeamFilter, cursor: Option<String>| async move {
        api.teams(&f, cursor.as_deref()).await
    };
    view! {
        <PagedList
            filter
            fetch
            card=|team| view! { <TeamCard team/> }
            empty
        />
    }
}
