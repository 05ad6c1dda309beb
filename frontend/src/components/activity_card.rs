//! Activities in lists: a card per activity (when, where, places left), and a list that pages
//! with "加载更多".

use leptos::prelude::*;
use youai_types::{Activity, ActivityStatus};

use crate::api::{ActivityFilter, use_api};
use crate::components::Localized;
use crate::components::PagedList;
use crate::format::time_range;
use crate::i18n::{activity_status_key, tr, use_i18n};

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
                {activity.category.map(|c| view! { <span class="tag tag-soft"><Localized name=c/></span> })}
            </p>
            <p class="activity-when">
                <span class="visually-hidden">{tr("activity.when")}</span>
                <time>{time_range(activity.start_at, activity.end_at)}</time>
            </p>
            <p class="muted">
                <span class="visually-hidden">{tr("activity.where")}</span>
                {activity.address}
            </p>
            <Places free=activity.free_places quota=activity.quota status=activity.status/>
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

/// "余 6 / 10 个名额", "名额已满", or "报名已结束" once the activity is under way or over.
#[component]
pub fn Places(free: i32, quota: i32, status: ActivityStatus) -> impl IntoView {
    let i18n = use_i18n();
    let over = matches!(
        status,
        ActivityStatus::Ongoing | ActivityStatus::Finished | ActivityStatus::Cancelled
    );
    view! {
        <p class="places">
            {move || if over {
                i18n.t("activity.sign_up_over").to_owned()
            } else if free > 0 {
                format!("{} {free} / {quota} {}", i18n.t("activity.places_left"), i18n.t("activity.places_unit"))
            } else {
                i18n.t("activity.no_places").to_owned()
            }}
        </p>
    }
}

/// The activities `filter` selects, a page at a time.
#[component]
pub fn ActivityList(
    #[prop(into)] filter: Signal<ActivityFilter>,
    /// The catalogue key for "no activity matches".
    empty: &'static str,
) -> impl IntoView {
    let api = use_api();
    let fetch = move |f: ActivityFilter, cursor: Option<String>| async move {
        api.activities(&f, cursor.as_deref()).await
    };
    view! {
        <PagedList
            filter
            fetch
            card=|activity| view! { <ActivityCard activity/> }
            empty
        />
    }
}
