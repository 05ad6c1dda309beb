//! `/activities/{id}`: an activity's details, its places left, and "我要报名" for a signed-in
//! volunteer, with the outcome (accepted, waitlisted, waiting for the team) or the problem in
//! words.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use youai_types::{Activity, ActivityStatus, SignUp, SignUpStatus};

use crate::api::use_api;
use crate::components::Localized;
use crate::components::{ErrorMessage, Fetched, NotFoundMessage, Places, StatusBadge, when_loaded};
use crate::format::{local_time, now, time_range};
use crate::i18n::{risk_level_key, sign_up_status_key, tr, tr_while, use_i18n};
use crate::session::use_session;

#[component]
pub fn ActivityPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok())));
    move || match id.get() {
        Some(id) => view! { <ActivityView id/> }.into_any(),
        None => view! { <NotFoundMessage/> }.into_any(),
    }
}

#[component]
fn ActivityView(id: i64) -> impl IntoView {
    let api = use_api();
    let activity = Fetched::new(move || api.activity(id));
    let retry = Callback::new(move |()| activity.refetch());
    // A sign-up changes the places left: read the activity again, keeping the page (a
    // transition) and the sign-up made (kept here, above the details drawn anew).
    let refresh = Callback::new(move |()| activity.refetch());
    let mine = RwSignal::new(None::<SignUp>);

    view! {
        {when_loaded(move || activity.get(), move |value| match value {
                    Ok(a) => view! { <ActivityDetails activity=a refresh mine/> }.into_any(),
                    Err(e) if e.code() == Some("not_found") => view! { <NotFoundMessage/> }.into_any(),
                    Err(error) => view! {
                        <h1>{tr("activity.title")}</h1>
                        <ErrorMessage error on_retry=retry/>
                    }
                    .into_any(),
                })}
    }
}

#[component]
fn ActivityDetails(
    activity: Activity,
    refresh: Callback<()>,
    mine: RwSignal<Option<SignUp>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let a = activity;
    let risk = a.risk_level;
    let team_id = a.team_id;
    // Full activities still take sign-ups, onto the waiting list.
    let open = matches!(a.status, ActivityStatus::Recruiting | ActivityStatus::Full)
        && now() < a.signup_deadline;
    view! {
        <nav class="breadcrumb" aria-label=tr("team.breadcrumb")>
            <a href="/activities">{tr("activities.title")}</a>
            <span aria-hidden="true">" / "</span>
            <span aria-current="page">{a.title.clone()}</span>
        </nav>
        <article class="activity-page">
            <header class="page-head">
                <h1>{a.title.clone()}</h1>
                <p class="tags">
                    <StatusBadge status=a.status/>
                    {a.category.clone().map(|c| view! { <span class="tag tag-soft"><Localized name=c/></span> })}
                </p>
                {a.description.clone().map(|d| view! { <p class="intro">{d}</p> })}
                {a.cancel_reason.clone().map(|r| view! {
                    <p class="reason">{tr("activity.cancel_reason")} {r}</p>
                })}
            </header>
            <dl class="details">
                <div>
                    <dt>{tr("activity.when")}</dt>
                    <dd><time>{time_range(a.start_at, a.end_at)}</time></dd>
                </div>
                <div>
                    <dt>{tr("activity.where")}</dt>
                    <dd>
                        {a.address.clone()}
                        {a.venue_id.map(|v| view! { " " <a class="venue-link" href=format!("/venues/{v}")>{tr("activity.venue")}</a> })}
                    </dd>
                </div>
                <div>
                    <dt>{tr("activity.places")}</dt>
                    <dd><Places free=a.free_places quota=a.quota status=a.status/></dd>
                </div>
                <div>
                    <dt>{tr("activity.deadline")}</dt>
                    <dd><time>{local_time(a.signup_deadline)}</time></dd>
                </div>
                <div>
                    <dt>{tr("activity.min_age")}</dt>
                    <dd>{a.min_age} " " {tr("volunteer.years")}</dd>
                </div>
                <div>
                    <dt>{tr("activity.risk")}</dt>
                    <dd>{tr(risk_level_key(risk))}</dd>
                </div>
                <div>
                    <dt>{tr("activity.team")}</dt>
                    <dd><a href=format!("/teams/{team_id}")>{tr("activity.team_link")}</a></dd>
                </div>
                <div>
                    <dt>{tr("activity.acceptance")}</dt>
                    <dd>{move || if a.auto_accept { i18n.t("activity.auto_accept") } else { i18n.t("activity.leader_decides") }}</dd>
                </div>
            </dl>
            <SignUpBox activity_id=a.id open status=a.status refresh mine/>
        </article>
    }
}

/// "我要报名" and what came of it; after a sign-up, "取消报名".
#[component]
fn SignUpBox(
    activity_id: i64,
    /// Recruiting (or full: the waiting list) and before the deadline.
    open: bool,
    status: ActivityStatus,
    refresh: Callback<()>,
    /// The sign-up made on this visit (the API has no "my sign-ups" to read it back later).
    mine: RwSignal<Option<SignUp>>,
) -> impl IntoView {
    let api = use_api();
    let session = use_session();
    let sign_up = Action::new_local(move |(): &()| async move {
        let result = api.sign_up(activity_id).await;
        if let Ok(s) = &result {
            mine.set(Some(s.clone()));
            refresh.run(());
        }
        result
    });
    let cancel = Action::new_local(move |sign_up_id: &i64| {
        let sign_up_id = *sign_up_id;
        async move {
            let result = api.cancel_sign_up(activity_id, sign_up_id).await;
            if let Ok(s) = &result {
                mine.set(Some(s.clone()));
                refresh.run(());
            }
            result
        }
    });
    let pending = Signal::derive(move || sign_up.pending().get() || cancel.pending().get());
    let error = move || {
        if pending.get() {
            return None;
        }
        cancel
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| sign_up.value().get().and_then(Result::err))
    };

    let body = move || {
        if let Some(s) = mine.get() {
            return view! { <SignedUp sign_up=s cancel pending/> }.into_any();
        }
        if !open {
            let key = if status == ActivityStatus::Finished || status == ActivityStatus::Cancelled {
                "activity.over"
            } else {
                "activity.not_open"
            };
            return view! { <p class="muted">{tr(key)}</p> }.into_any();
        }
        if !session.signed_in() {
            return view! {
                <p class="sign-in-choices">
                    <a class="button" href=format!("/login?next=/activities/{activity_id}")>{tr("activity.login_to_sign_up")}</a>
                    " "
                    <a class="button button-secondary" href=format!("/register?next=/activities/{activity_id}")>{tr("activity.register_to_sign_up")}</a>
                </p>
            }
            .into_any();
        }
        let needs_profile = move || error().is_some_and(|e| e.is("volunteer_profile_required"));
        view! {
            {move || error().map(|error| view! { <ErrorMessage error/> })}
            {move || needs_profile().then(|| view! {
                <p><a class="button button-secondary" href=format!("/me/volunteer?next=/activities/{activity_id}")>{tr("team.complete_profile")}</a></p>
            })}
            <p>
                <button
                    type="button"
                    class="button sign-up"
                    disabled=move || pending.get()
                    on:click=move |_| { sign_up.dispatch_local(()); }
                >
                    {tr_while(pending, "activity.signing_up", "activity.sign_up")}
                </button>
            </p>
        }
        .into_any()
    };
    view! {
        <section class="section join-box sign-up-box" aria-labelledby="sign-up-heading">
            <h2 id="sign-up-heading">{tr("activity.sign_up_heading")}</h2>
            {body}
        </section>
    }
}

/// The outcome of a sign-up in words, with "取消报名" while it still stands.
#[component]
fn SignedUp(
    sign_up: SignUp,
    cancel: Action<i64, Result<SignUp, crate::api::ApiError>>,
    pending: Signal<bool>,
) -> impl IntoView {
    let status = sign_up.status;
    let id = sign_up.id;
    let message = match status {
        SignUpStatus::Accepted => "activity.signed_up_accepted",
        SignUpStatus::Waitlisted => "activity.signed_up_waitlisted",
        SignUpStatus::Applied => "activity.signed_up_applied",
        SignUpStatus::Cancelled => "activity.signed_up_cancelled",
        _ => "activity.signed_up_other",
    };
    let cancellable = matches!(
        status,
        SignUpStatus::Accepted | SignUpStatus::Waitlisted | SignUpStatus::Applied
    );
    view! {
        <p class="notice notice-success sign-up-result" role="status">
            <span class=format!("badge badge-{}", status.as_str())>{tr(sign_up_status_key(status))}</span>
            " "
            {tr(message)}
        </p>
        {cancellable.then(|| view! {
            <p>
                <button
                    type="button"
                    class="button button-secondary cancel-sign-up"
                    disabled=move || pending.get()
                    on:click=move |_| { cancel.dispatch_local(id); }
                >
                    {tr("activity.cancel_sign_up")}
                </button>
            </p>
        })}
    }
}
