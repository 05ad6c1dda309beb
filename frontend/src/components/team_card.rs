//! Teams in lists: a card per team, and a list that pages with "加载更多".

use leptos::prelude::*;
use youai_types::{Team, TeamStatus};

use crate::api::{ApiError, TeamFilter, use_api};
use crate::components::{ErrorMessage, Fetched, group_digits, when_loaded};
use crate::i18n::{team_kind_key, team_status_key, tr, tr_while};

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

/// The teams `filter` selects, a page at a time: the first page loads with the filter, and
/// "加载更多" appends the next while there is one.
#[component]
pub fn TeamList(
    #[prop(into)] filter: Signal<TeamFilter>,
    /// The catalogue key for "no team matches".
    empty: &'static str,
) -> impl IntoView {
    let api = use_api();
    let first = Fetched::new(move || {
        let f = filter.get();
        async move { api.teams(&f, None).await }
    });
    // Pages after the first, and the cursor after the last of them (`None`: only the first
    // page is shown, so its cursor counts).
    let more = RwSignal::new(Vec::<Team>::new());
    let more_next = RwSignal::new(None::<Option<String>>);
    Effect::new(move |_| {
        filter.track();
        more.set(Vec::new());
        more_next.set(None);
    });
    let load_more = Action::new_local(move |cursor: &String| {
        let f = filter.get_untracked();
        let cursor = cursor.clone();
        async move {
            let page = api.teams(&f, Some(&cursor)).await?;
            // The filter may have changed meanwhile: then this page belongs to no list.
            if filter.get_untracked() == f {
                more.update(|m| m.extend(page.items));
                more_next.set(Some(page.next_cursor));
            }
            Ok::<(), ApiError>(())
        }
    });
    let loading_more = load_more.pending();
    let retry = Callback::new(move |()| first.refetch());

    view! {
        {when_loaded(move || first.get(), move |value| match value {
                    Ok(page) if page.items.is_empty() => view! {
                        <p class="empty">{tr(empty)}</p>
                    }
                    .into_any(),
                    Ok(page) => {
                        let first_next = page.next_cursor;
                        let next = move || more_next.get().unwrap_or_else(|| first_next.clone());
                        view! {
                            <ul class="card-list">
                                {page.items.into_iter().map(|team| view! { <TeamCard team/> }).collect_view()}
                                <For each=move || more.get() key=|t| t.id let:team>
                                    <TeamCard team/>
                                </For>
                            </ul>
                            {move || load_more.value().get().and_then(Result::err).map(|error| view! { <ErrorMessage error/> })}
                            {move || next().map(|cursor| view! {
                                <p class="load-more">
                                    <button
                                        type="button"
                                        class="button button-secondary"
                                        disabled=move || loading_more.get()
                                        on:click=move |_| { load_more.dispatch_local(cursor.clone()); }
                                    >
                                        {tr_while(loading_more, "common.loading", "common.load_more")}
                                    </button>
                                </p>
                            })}
                        }
                        .into_any()
                    }
                    Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
                })}
    }
}
