//! Pieces the needs pages share: a need's status and channel in words, its steps as a
//! timeline, and a need's summary card.

use leptos::prelude::*;
use youai_types::{Need, NeedChannel, NeedEventKind, NeedStatus, NeedStep};

use crate::components::Localized;
use crate::format::local_time;
use crate::i18n::tr;

pub fn need_status_key(s: NeedStatus) -> &'static str {
    match s {
        NeedStatus::Submitted => "need_status.submitted",
        NeedStatus::UnderReview => "need_status.under_review",
        NeedStatus::Accepted => "need_status.accepted",
        NeedStatus::Rejected => "need_status.rejected",
        NeedStatus::Matched => "need_status.matched",
        NeedStatus::InService => "need_status.in_service",
        NeedStatus::Fulfilled => "need_status.fulfilled",
        NeedStatus::Withdrawn => "need_status.withdrawn",
        NeedStatus::Merged => "need_status.merged",
    }
}

pub fn need_channel_key(c: NeedChannel) -> &'static str {
    match c {
        NeedChannel::CadreVisit => "need_channel.cadre_visit",
        NeedChannel::VolunteerVisit => "need_channel.volunteer_visit",
        NeedChannel::GridWorker => "need_channel.grid_worker",
        NeedChannel::WechatGroup => "need_channel.wechat_group",
        NeedChannel::QqGroup => "need_channel.qq_group",
        NeedChannel::App => "need_channel.app",
        NeedChannel::WechatOa => "need_channel.wechat_oa",
        NeedChannel::Kiosk => "need_channel.kiosk",
        NeedChannel::Web => "need_channel.web",
    }
}

pub fn need_step_key(k: NeedEventKind) -> &'static str {
    match k {
        NeedEventKind::Intake => "need_step.intake",
        NeedEventKind::Merged => "need_status.merged",
        NeedEventKind::Absorbed => "need_step.absorbed",
        NeedEventKind::Review => "need_step.review",
        NeedEventKind::Rank => "needs.rank",
        NeedEventKind::Link => "need_status.matched",
        NeedEventKind::InService => "need_status.in_service",
        NeedEventKind::Fulfilled => "need_status.fulfilled",
        NeedEventKind::Withdraw => "needs.withdraw",
        NeedEventKind::Evaluate => "need_step.evaluate",
    }
}

/// A status badge (`need-status-{status}`).
#[component]
pub fn NeedStatusBadge(status: NeedStatus) -> impl IntoView {
    view! {
        <span class=format!("badge need-status need-status-{}", status.as_str())>
            {tr(need_status_key(status))}
        </span>
    }
}

/// What a need is: its title, code, status, village, category and supporters.
#[component]
pub fn NeedSummary(need: Need) -> impl IntoView {
    view! {
        <div class="need-summary">
            <h3 class="need-title">{need.title.clone()}</h3>
            <p class="meta">
                <NeedStatusBadge status=need.status/>
                " " <code class="need-code">{need.code.clone()}</code>
                " · " {need.area.clone()}
                " · " <Localized name=need.category.clone() name_en=need.category_en.clone()/>
                " · " {tr("needs.supporters")} " " <span class="need-supporters">{need.supporters}</span>
            </p>
            {need.description.clone().map(|d| view! { <p>{d}</p> })}
            {need.reject_reason.clone().map(|r| view! {
                <p class="notice notice-error need-reject-reason">{tr("needs.reject_reason")} " " {r}</p>
            })}
        </div>
    }
}

/// A need's steps, oldest first.
#[component]
pub fn NeedTimeline(steps: Vec<NeedStep>) -> impl IntoView {
    view! {
        <ol class="timeline need-timeline">
            {steps.into_iter().map(|s| view! {
                <li class=format!("need-step need-step-{}", s.kind.as_str())>
                    <time>{local_time(s.created_at)}</time> " "
                    <strong>{tr(need_step_key(s.kind))}</strong>
                    {s.to_status.map(|to| view! { " → " <NeedStatusBadge status=to/> })}
                    {s.note.map(|n| view! { <span class="need-step-note">" " {n}</span> })}
                </li>
            }).collect_view()}
        </ol>
    }
}
