//! `/console/needs` (需求审议): the triage board of area and platform admins. The needs of
//! their area, queued by state; the review group present is named once and recorded with each
//! decision; a need is taken up, accepted or turned down (with a reason the submitter reads),
//! merged into a duplicate of the same village, and the accepted ones are ranked by urgency
//! with up and down buttons. Each need links to `/console/needs/{id}`, where matching
//! proposals and the trace live.

use leptos::prelude::*;
use youai_types::{Need, NeedReview, NeedReviewAction, NeedStatus};

use crate::api::{ApiError, use_api};
use crate::components::{
    ConsoleGate, ConsoleNav, ErrorMessage, Fetched, NeedSummary, need_channel_key, need_status_key,
    when_loaded,
};
use crate::i18n::{tr, use_i18n};
use crate::session::{Session, staff_areas, use_session};

/// The queues, in the order a need moves through them.
const QUEUES: [NeedStatus; 5] = [
    NeedStatus::Submitted,
    NeedStatus::UnderReview,
    NeedStatus::Accepted,
    NeedStatus::Rejected,
    NeedStatus::Merged,
];

/// `/console/needs`
#[component]
pub fn NeedsBoardPage() -> impl IntoView {
    view! {
        <section class="page-head">
            <h1>{tr("console.needs")}</h1>
            <p class="intro">{tr("console.needs_intro")}</p>
        </section>
        <ConsoleNav/>
        <ConsoleGate next="/console/needs" allowed=Session::is_staff>
            <Board/>
        </ConsoleGate>
    }
}

/// What a board button asks for.
#[derive(Clone)]
enum Op {
    Review(NeedReview),
    Merge(i64),
}

#[component]
fn Board() -> impl IntoView {
    let api = use_api();
    let session = use_session();
    let queue = RwSignal::new(NeedStatus::Submitted);
    let reviewers = RwSignal::new(String::new());
    let version = RwSignal::new(0u32);
    let list = Fetched::new(move || {
        version.track();
        let (status, me) = (queue.get(), session.me());
        async move {
            let Some(me) = me else {
                return Ok(Vec::new());
            };
            let within = staff_areas(api, &me).await?.first().copied();
            let mut items = api.needs(false, Some(status), within).await?.items;
            crate::sort::sort_by(&mut items, |a, b| {
                (a.area_id, a.urgency_rank, a.id) < (b.area_id, b.urgency_rank, b.id)
            });
            Ok::<_, ApiError>(items)
        }
    });
    let retry = Callback::new(move |()| list.refetch());
    let act = Action::new_local(move |(id, op): &(i64, Op)| {
        let (id, op) = (*id, op.clone());
        async move {
            let done = match op {
                Op::Review(r) => api.review_need(id, &r).await,
                Op::Merge(into) => api.merge_need(id, into).await,
            };
            if done.is_ok() {
                version.update(|v| *v = v.wrapping_add(1));
            }
            done
        }
    });
    view! {
        <section class="section needs-board" aria-labelledby="needs-board-heading">
            <h2 id="needs-board-heading">{tr("needs.board")}</h2>
            <div class="field field-wide">
                <label for="need-reviewers">{tr("needs.reviewers")}</label>
                <input id="need-reviewers" name="reviewers" type="text" maxlength="200"
                    placeholder=tr("needs.reviewers_hint") bind:value=reviewers/>
            </div>
            <div class="form-actions need-queues" role="group" aria-label=tr("needs.board")>
                {QUEUES.into_iter().map(|s| view! {
                    <button type="button" class=format!("button button-small need-queue-{}", s.as_str())
                        aria-pressed=move || (queue.get() == s).to_string()
                        on:click=move |_| queue.set(s)>{tr(need_status_key(s))}</button>
                }).collect_view()}
            </div>
            <div role="status" aria-live="polite">
                {move || act.value().get().and_then(Result::err).map(|error| view! { <ErrorMessage error/> })}
            </div>
            {when_loaded(move || list.get(), move |answer| match answer {
                Ok(items) if items.is_empty() => view! { <p class="empty">{tr("needs.queue_empty")}</p> }.into_any(),
                Ok(items) => {
                    let all = items.clone();
                    view! {
                        <ul class="card-list card-list-single need-board-list">
                            {items.into_iter().map(|need| {
                                let peers: Vec<(i64, String)> = all.iter()
                                    .filter(|o| o.id != need.id && o.area_id == need.area_id)
                                    .map(|o| (o.id, format!("{} · {}", o.code, o.title)))
                                    .collect();
                                view! { <BoardItem need peers reviewers act/> }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
                Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
            })}
        </section>
    }
}

fn names(text: &str) -> Vec<String> {
    text.split([',', '，', '、', ';', '；'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

#[component]
fn BoardItem(
    need: Need,
    peers: Vec<(i64, String)>,
    reviewers: RwSignal<String>,
    act: Action<(i64, Op), Result<Need, ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = need.id;
    let status = need.status;
    let rank = need.urgency_rank;
    let reason = RwSignal::new(String::new());
    let no_reason = RwSignal::new(false);
    let into = RwSignal::new(None::<i64>);
    let review = move |action: NeedReviewAction, rank: Option<i32>| {
        let reason = reason.get_untracked().trim().to_owned();
        if action == NeedReviewAction::Reject && reason.is_empty() {
            no_reason.set(true);
            return;
        }
        no_reason.set(false);
        act.dispatch_local((
            id,
            Op::Review(NeedReview {
                action,
                reason: (action == NeedReviewAction::Reject).then_some(reason),
                reviewers: names(&reviewers.get_untracked()),
                rank,
            }),
        ));
    };
    let open = matches!(
        status,
        NeedStatus::Submitted | NeedStatus::UnderReview | NeedStatus::Accepted
    );
    let undecided = matches!(status, NeedStatus::Submitted | NeedStatus::UnderReview);
    let contact = need.contact.clone();
    let channel = need.channel;
    view! {
        <li class="card need-card" id=format!("need-{id}")>
            {rank.map(|r| view! { <p class="need-rank">{tr("needs.rank")} " " <strong>{r}</strong></p> })}
            <NeedSummary need/>
            <p class="meta">
                {tr(need_channel_key(channel))}
                {contact.map(|c| view! {
                    " · " {tr("needs.contact")} " " {c.name.unwrap_or_default()} " " {c.phone.unwrap_or_default()}
                })}
            </p>
            // The lead's matching proposals and the trace live on the need's own page.
            <p><a class="need-detail-link" href=format!("/console/needs/{id}")>{tr("needs.detail")}</a></p>
            <div class="form-actions need-actions">
                {(status == NeedStatus::Submitted).then(|| view! {
                    <button type="button" class="button button-small button-secondary need-start"
                        on:click=move |_| review(NeedReviewAction::StartReview, None)>{tr("needs.start_review")}</button>
                })}
                {undecided.then(|| view! {
                    <button type="button" class="button button-small need-accept"
                        on:click=move |_| review(NeedReviewAction::Accept, None)>{tr("needs.accept")}</button>
                    <label class="visually-hidden" for=format!("need-reason-{id}")>{tr("needs.reason")}</label>
                    <input id=format!("need-reason-{id}") class="need-reason" type="text" maxlength="200"
                        placeholder=tr("needs.reason") bind:value=reason
                        aria-invalid=move || no_reason.get().to_string()/>
                    <button type="button" class="button button-small button-danger need-reject"
                        on:click=move |_| review(NeedReviewAction::Reject, None)>{tr("needs.reject")}</button>
                })}
                {move || no_reason.get().then(|| view! { <p class="field-error">{i18n.t("console.need_reason")}</p> })}
                {rank.map(|r| view! {
                    <button type="button" class="button button-small button-secondary need-up" disabled=r <= 1
                        aria-label=tr("needs.up")
                        on:click=move |_| review(NeedReviewAction::Rank, Some(r - 1))>"↑"</button>
                    <button type="button" class="button button-small button-secondary need-down"
                        aria-label=tr("needs.down")
                        on:click=move |_| review(NeedReviewAction::Rank, Some(r + 1))>"↓"</button>
                })}
                {(open && !peers.is_empty()).then(|| view! {
                    <label class="visually-hidden" for=format!("need-into-{id}")>{tr("needs.merge_into")}</label>
                    <select id=format!("need-into-{id}") class="need-into"
                        on:change=move |ev| into.set(event_target_value(&ev).parse().ok())>
                        <option value="">{tr("needs.merge_into")}</option>
                        {peers.into_iter().map(|(pid, label)| view! { <option value=pid.to_string()>{label}</option> }).collect_view()}
                    </select>
                    <button type="button" class="button button-small button-secondary need-merge"
                        disabled=move || into.get().is_none()
                        on:click=move |_| {
                            if let Some(t) = into.get_untracked() {
                                act.dispatch_local((id, Op::Merge(t)));
                            }
                        }
                    >{tr("needs.merge")}</button>
                })}
            </div>
        </li>
    }
}
