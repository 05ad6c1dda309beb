//! A recruitment call (志愿者招募) as the public list and a leader's console both show it: its
//! title, whether it still takes applications, its places and its deadline.

use leptos::prelude::*;
use youai_types::{Recruitment, RecruitmentStatus};

use crate::api::use_api;
use crate::components::Fetched;
use crate::format::local_time;
use crate::i18n::tr;

/// Whether the call takes applications now (the server says `open` only then).
pub fn call_is_open(call: &Recruitment) -> bool {
    RecruitmentStatus::parse(&call.status) == Some(RecruitmentStatus::Open)
}

/// The call's facts under its title: open or closed, places taken of the quota, deadline.
#[component]
pub fn CallFacts(call: Recruitment) -> impl IntoView {
    let open = call_is_open(&call);
    view! {
        <p class="tags">
            {if open {
                view! { <span class="badge badge-approved call-status">{tr("corps.call_open")}</span> }.into_any()
            } else {
                view! { <span class="badge badge-rejected call-status">{tr("corps.call_closed")}</span> }.into_any()
            }}
        </p>
        <dl class="card-figures">
            <div>
                <dt>{tr("corps.call_places")}</dt>
                <dd class="call-places">{call.accepted} " / " {call.quota}</dd>
            </div>
            <div>
                <dt>{tr("corps.call_deadline")}</dt>
                <dd><time>{local_time(call.deadline)}</time></dd>
            </div>
        </dl>
        {call.description.map(|d| view! { <p class="muted">{d}</p> })}
    }
}

/// A team's name as a link to its page.
#[component]
pub fn TeamLink(id: i64) -> impl IntoView {
    let api = use_api();
    let team = Fetched::new(move || api.team(id));
    view! {
        <a href=format!("/teams/{id}")>
            {move || team.get().and_then(Result::ok).map_or_else(|| format!("#{id}"), |t| t.name)}
        </a>
    }
}
