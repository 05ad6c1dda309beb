//! Activities in lists: a card per activity (when, where, places left), and a list that pages
//! with "加载更多".

use leptos::prelude::*;
use youai_types::{Activity, ActivityStatus};

use crate::api::{ActivityFilter, ApiError, use_api};
use crate::components::{ErrorMessage, Fetched, when_loaded};
use crate::format::time_range;
use crate::i18n::{activity_status_key, tr, tr_while, use_i18n};

/// One activity: its title (a link to its page), time, address, category and places left.
#[component]
pub fn ActivityCard(activity: Activity) -> impl IntoView {
    let status = activity.status;
    view! {
        <li class="card activity-card">
            <h3 class="card-title">
                <a href=format!("/activities/{}", activity.id)>{activity.title}</a>
            </h3>
            <p class="tags">
                <StatusBadge status/>
                {activity.category.map(|c| view! { <span class="tag tag-soft">{c}</span> })}
            </p>
            <p class="activity-when">
                <span class="visually-hidden">{tr("activity.when")}</span>
                <time>{time_range(activity.start_at, activity.end_at)}</time>
            </p>
            <p class="muted">
                <span class="visually-hidden">{tr("activity.where")}</span>
                {activity.address}
            </p>
            <Places free=activity.free_places quota=activity.quota/>
        </li>
    }
}

/// The activity's status as a badge.
#[component]
pub fn StatusBadge(status: ActivityStatus) -> impl IntoView {
    view! {
        <span class=format!("badge badge-{}", status.as_str())>{tr(activity_status_key(status))}</span>
    }
}

/// "余 6 / 10 个名额", or "名额已满".
#[component]
pub fn Places(free: i32, quota: i32) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="places">
            {move || if free > 0 {
                format!("{} {free} / {quota} {}", i18n.t("activity.places_left"), i18n.t("activity.places_unit"))
            } else {
                i18n.t("activity.no_places").to_owned()
            }}
        </p>
    }
}

/// The activities `filter` selects, a page at a time (as [`crate::components::TeamList`]).
#[component]
pub fn ActivityList(
    #[prop(into)] filter: Signal<ActivityFilter>,
    /// The catalogue key for "no activity matches".
    empty: &'static str,
) -> impl IntoView {
    let api = use_api();
    let first = Fetched::new(move || {
        let f = filter.get();
        async move { api.activities(&f, None).await }
    });
    let more = RwSignal::new(Vec::<Activity>::new());
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
            let page = api.activities(&f, Some(&cursor)).await?;
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
                                {page.items.into_iter().map(|activity| view! { <ActivityCard activity/> }).collect_view()}
                                <For each=move || more.get() key=|a| a.id let:activity>
                                    <ActivityCard activity/>
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
