//! The console (工作台), by role: `/console` lists its parts; team leaders run their teams'
//! activities at `/console/activities` (new activities and their steps — see
//! `components/activity_admin.rs` —, sign-ups waiting for a decision, the live check-in list)
//! and verify hours at `/console/records`; projects are drafted and reviewed at
//! `/console/projects` (`project_admin.rs`); a courtesy's provider or a platform admin redeems
//! vouchers at `/console/vouchers`. Team registrations are in `console.rs`.

use std::time::Duration;

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use youai_types::{
    Activity, RecordSource, RecordStatus, ServiceRecord, SignUp, SignUpStatus, Voucher,
};

use crate::api::{ActivityFilter, ApiClient, ApiError, use_api};
use crate::components::Localized;
use crate::components::{
    ActivitySteps, CONSOLE_PARTS, ConsoleGate, ConsoleNav, DraftActivities, ErrorMessage, Fetched,
    MyInsuredLists, NewActivityForm, Places, StatusBadge, error_text, when_loaded,
};
use crate::format::{clock, date, day_start, hours, local_time, now, time_range, today};
use crate::i18n::{tr, tr_while, use_i18n};
use crate::session::{Session, use_session};

/// How often an activity's sign-ups (and so its check-in list) are read again.
const LIVE_REFRESH: Duration = Duration::from_secs(15);

/// `/console`: what the console holds for this user.
#[component]
pub fn ConsolePage() -> impl IntoView {
    let session = use_session();
    view! {
        <section class="page-head">
            <h1>{tr("console.home")}</h1>
        </section>
        <ConsoleGate next="/console" allowed=Session::has_console>
            <ul class="card-list console-parts">
                {move || CONSOLE_PARTS.iter().filter(|p| (p.3)(&session)).map(|&(href, key, intro, _)| view! {
                    <li class="card">
                        <h2 class="card-title"><a href=href>{tr(key)}</a></h2>
                        <p class="muted">{tr(intro)}</p>
                    </li>
                }).collect_view()}
            </ul>
        </ConsoleGate>
    }
}

// ---- a leader's activities ------------------------------------------------------------

/// `/console/activities`: each team I lead, its activities from today on, each with the
/// sign-ups waiting for a decision and who is checked in.
#[component]
pub fn LeaderActivitiesPage() -> impl IntoView {
    let session = use_session();
    // Read again after a step on any activity of the page.
    let version = RwSignal::new(0u32);
    let changed = Callback::new(move |()| version.update(|v| *v = v.wrapping_add(1)));
    view! {
        <section class="page-head">
            <h1>{tr("console.activities")}</h1>
            <p class="intro">{tr("console.activities_intro")}</p>
        </section>
        <ConsoleNav/>
        <ConsoleGate next="/console/activities" allowed=Session::is_leader>
            <NewActivityForm changed/>
            <DraftActivities version changed/>
            {move || session.led_teams().into_iter().map(|(id, name)| view! {
                <section class="section team-desk" aria-labelledby=format!("team-desk-{id}")>
                    <h2 id=format!("team-desk-{id}")>{name}</h2>
                    <TeamActivities team_id=id version changed/>
                </section>
            }).collect_view()}
        </ConsoleGate>
    }
}

#[component]
fn TeamActivities(team_id: i64, version: RwSignal<u32>, changed: Callback<()>) -> impl IntoView {
    let api = use_api();
    let list = Fetched::new(move || {
        version.track();
        let filter = ActivityFilter {
            team_id: Some(team_id),
            from: Some(day_start(today())),
            limit: Some(50),
            ..ActivityFilter::default()
        };
        async move { api.activities(&filter, None).await }
    });
    let retry = Callback::new(move |()| list.refetch());
    view! {
        {when_loaded(move || list.get(), move |value| match value {
                    Ok(page) if page.items.is_empty() => view! {
                        <p class="empty">{tr("console.no_activities")}</p>
                    }
                    .into_any(),
                    Ok(page) => view! {
                        <ul class="card-list card-list-single">
                            {page.items.into_iter().map(|activity| view! { <ActivityDesk activity stepped=changed/> }).collect_view()}
                        </ul>
                    }
                    .into_any(),
                    Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
                })}
    }
}

/// One activity: its sign-ups, read again every 15 s.
#[component]
fn ActivityDesk(activity: Activity, stepped: Callback<()>) -> impl IntoView {
    let api = use_api();
    let id = activity.id;
    let steps = activity.clone();
    let sign_ups = Fetched::new(move || api.sign_ups(id, None));
    if let Ok(handle) = set_interval_with_handle(move || sign_ups.refetch(), LIVE_REFRESH) {
        on_cleanup(move || handle.clear());
    }
    let changed = Callback::new(move |()| sign_ups.refetch());
    let retry = changed;
    // After the end, whoever never came can be marked absent.
    let ended = activity.end_at < now();
    view! {
        <li class="card activity-desk" id=format!("activity-desk-{id}")>
            <h3 class="card-title"><a href=format!("/activities/{id}")>{activity.title}</a></h3>
            <p class="tags">
                <StatusBadge status=activity.status/>
                {(!activity.auto_accept).then(|| view! { <span class="tag tag-soft">{tr("console.needs_approval")}</span> })}
            </p>
            <p class="activity-when"><time>{time_range(activity.start_at, activity.end_at)}</time></p>
            <Places free=activity.free_places quota=activity.quota status=activity.status/>
            <ActivitySteps activity=steps changed=stepped/>
            {when_loaded(move || sign_ups.get(), move |value| match value {
                        Ok(page) => view! { <SignUpsDesk activity_id=id ended items=page.items changed/> }.into_any(),
                        Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
                    })}
        </li>
    }
}

#[component]
fn SignUpsDesk(
    activity_id: i64,
    ended: bool,
    items: Vec<SignUp>,
    changed: Callback<()>,
) -> impl IntoView {
    let waiting: Vec<SignUp> = items
        .iter()
        .filter(|s| s.status == SignUpStatus::Applied)
        .cloned()
        .collect();
    let present: Vec<SignUp> = items
        .iter()
        .filter(|s| matches!(s.status, SignUpStatus::CheckedIn | SignUpStatus::CheckedOut))
        .cloned()
        .collect();
    let roster: Vec<SignUp> = items
        .iter()
        .filter(|s| s.status == SignUpStatus::Accepted)
        .cloned()
        .collect();
    let accepted = roster.len();
    let checked_in = present
        .iter()
        .filter(|s| s.status == SignUpStatus::CheckedIn)
        .count();
    view! {
        <h4>{tr("console.waiting")} " (" {waiting.len()} ")"</h4>
        {if waiting.is_empty() {
            view! { <p class="muted">{tr("console.none_waiting")}</p> }.into_any()
        } else {
            view! {
                <ul class="desk-list waiting-list">
                    {waiting.into_iter().map(|s| view! { <WaitingSignUp activity_id sign_up=s changed/> }).collect_view()}
                </ul>
            }
            .into_any()
        }}
        <h4>{tr("console.roster")} " (" {accepted} ")"</h4>
        {if roster.is_empty() {
            view! { <p class="muted">{tr("console.none_on_roster")}</p> }.into_any()
        } else {
            view! {
                <ul class="desk-list roster-list">
                    {roster.into_iter().map(|s| {
                        let steps: &'static [HandStep] = if ended {
                            &[HandStep::CheckIn, HandStep::NoShow]
                        } else {
                            &[HandStep::CheckIn]
                        };
                        view! { <SignUpByHand activity_id sign_up=s steps changed/> }
                    }).collect_view()}
                </ul>
            }
            .into_any()
        }}
        <h4>{tr("console.present")} " (" {checked_in} ")"</h4>
        {if present.is_empty() {
            view! { <p class="muted">{tr("console.none_present")}</p> }.into_any()
        } else {
            view! {
                <ul class="desk-list present-list">
                    {present.into_iter().map(|s| {
                        let steps: &'static [HandStep] = if s.status == SignUpStatus::CheckedIn {
                            &[HandStep::CheckOut]
                        } else {
                            &[]
                        };
                        view! { <SignUpByHand activity_id sign_up=s steps changed/> }
                    }).collect_view()}
                </ul>
            }
            .into_any()
        }}
    }
}

/// What a leader does by hand for one volunteer at the activity.
#[derive(Debug, Clone, Copy, PartialEq)]
enum HandStep {
    /// Checks in someone without a phone to show a code.
    CheckIn,
    /// Checks out someone checked in (their hours are recorded).
    CheckOut,
    /// After the end: never came.
    NoShow,
}

/// A volunteer on the roster or present: name, times, and the steps the leader can take.
#[component]
fn SignUpByHand(
    activity_id: i64,
    sign_up: SignUp,
    steps: &'static [HandStep],
    changed: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let (id, volunteer) = (sign_up.id, sign_up.volunteer_id);
    let act = Action::new_local(move |step: &HandStep| {
        let step = *step;
        async move {
            let done = match step {
                HandStep::CheckIn => api.check_by_hand(activity_id, volunteer, false).await,
                HandStep::CheckOut => api.check_by_hand(activity_id, volunteer, true).await,
                HandStep::NoShow => api
                    .set_sign_up_status(activity_id, id, SignUpStatus::NoShow)
                    .await
                    .map(|_| ()),
            };
            if done.is_ok() || done.as_ref().is_err_and(|e| e.is("invalid_transition")) {
                changed.run(());
            }
            done
        }
    });
    let pending = act.pending();
    let error = move || {
        if pending.get() {
            None
        } else {
            act.value().get().and_then(Result::err)
        }
    };
    let name_id = format!("hand-{id}");
    let out = sign_up.status == SignUpStatus::CheckedOut;
    view! {
        <li class="present" id=format!("sign-up-{id}")>
            <strong id=name_id.clone()>{sign_up.volunteer_name}</strong>
            {sign_up.checked_in_at.map(|t| view! { " " {tr("console.in_at")} " " {clock(t)} })}
            {sign_up.checked_out_at.map(|t| view! { " · " {tr("console.out_at")} " " {clock(t)} })}
            {out.then(|| view! { " " <span class="badge badge-checked_out">{tr("sign_up_status.checked_out")}</span> })}
            <span class="desk-actions">
                {steps.iter().map(|step| {
                    let step = *step;
                    let (class, key) = match step {
                        HandStep::CheckIn => ("button button-small hand-check-in", "console.hand_check_in"),
                        HandStep::CheckOut => ("button button-small hand-check-out", "console.hand_check_out"),
                        HandStep::NoShow => ("button button-secondary button-small no-show", "console.no_show"),
                    };
                    view! {
                        <button type="button" class=class aria-describedby=name_id.clone()
                            disabled=move || pending.get() on:click=move |_| { act.dispatch_local(step); }>
                            {tr(key)}
                        </button>
                    }
                }).collect_view()}
            </span>
            {move || error().map(|e| view! { <span class="field-error" role="alert">{move || error_text(i18n, &e)}</span> })}
        </li>
    }
}

/// A sign-up waiting for the leader: 录用 or 不录用.
#[component]
fn WaitingSignUp(activity_id: i64, sign_up: SignUp, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let id = sign_up.id;
    let decide = Action::new_local(move |status: &SignUpStatus| {
        let status = *status;
        async move {
            let done = api.set_sign_up_status(activity_id, id, status).await;
            if done.is_ok() || done.as_ref().is_err_and(|e| e.is("invalid_transition")) {
                changed.run(());
            }
            done
        }
    });
    let pending = decide.pending();
    let error = move || {
        if pending.get() {
            None
        } else {
            decide.value().get().and_then(Result::err)
        }
    };
    let name_id = format!("waiting-{id}");
    view! {
        <li class="waiting" id=format!("sign-up-{id}")>
            <strong id=name_id.clone()>{sign_up.volunteer_name}</strong>
            " "
            <span class="muted">{tr("console.applied_at")} " " {local_time(sign_up.created_at)}</span>
            <span class="desk-actions">
                <button type="button" class="button button-small accept" aria-describedby=name_id.clone()
                    disabled=move || pending.get() on:click=move |_| { decide.dispatch_local(SignUpStatus::Accepted); }>
                    {tr("console.accept")}
                </button>
                <button type="button" class="button button-secondary button-small reject" aria-describedby=name_id
                    disabled=move || pending.get() on:click=move |_| { decide.dispatch_local(SignUpStatus::Rejected); }>
                    {tr("console.decline")}
                </button>
            </span>
            {move || error().map(|e| view! { <span class="field-error" role="alert">{move || error_text(i18n, &e)}</span> })}
        </li>
    }
}

// ---- the verification queue -----------------------------------------------------------

/// A pending record with what the queue shows of it: the activity's title and the
/// volunteer's name, when they can be found.
#[derive(Debug, Clone)]
struct QueuedRecord {
    record: ServiceRecord,
    activity: Option<String>,
    volunteer: Option<String>,
}

/// The pending records, with titles and names from their activities (one read of each).
async fn queue(api: ApiClient) -> Result<(Vec<QueuedRecord>, bool), ApiError> {
    let page = api.service_records(RecordStatus::Pending, None).await?;
    // (activity, title) and (volunteer, name): a queue page is short, a scan is enough.
    let mut titles: Vec<(i64, String)> = Vec::new();
    let mut names: Vec<(i64, String)> = Vec::new();
    for record in &page.items {
        let Some(a) = record.activity_id else {
            continue;
        };
        if titles.iter().any(|(id, _)| *id == a) {
            continue;
        }
        let title = api.activity(a).await.map(|x| x.title).unwrap_or_default();
        titles.push((a, title));
        if let Ok(list) = api.sign_ups(a, None).await {
            names.extend(
                list.items
                    .into_iter()
                    .map(|s| (s.volunteer_id, s.volunteer_name)),
            );
        }
    }
    let find = |list: &[(i64, String)], id: i64| {
        list.iter()
            .find(|(k, v)| *k == id && !v.is_empty())
            .map(|(_, v)| v.clone())
    };
    let items = page
        .items
        .into_iter()
        .map(|record| QueuedRecord {
            activity: record.activity_id.and_then(|a| find(&titles, a)),
            volunteer: find(&names, record.volunteer_id),
            record,
        })
        .collect();
    Ok((items, page.next_cursor.is_some()))
}

/// `/console/records`: hours waiting for verification, each verified or disputed.
#[component]
pub fn RecordsPage() -> impl IntoView {
    view! {
        <section class="page-head">
            <h1>{tr("console.records")}</h1>
            <p class="intro">{tr("console.records_intro")}</p>
        </section>
        <ConsoleNav/>
        <ConsoleGate next="/console/records" allowed=|s: &Session| s.is_leader() || s.is_platform_admin()>
            <RecordQueue/>
        </ConsoleGate>
    }
}

#[component]
fn RecordQueue() -> impl IntoView {
    let api = use_api();
    let version = RwSignal::new(0u32);
    let list = Fetched::new(move || {
        version.track();
        queue(api)
    });
    let retry = Callback::new(move |()| list.refetch());
    // The last decision (catalogue key, hours), announced politely.
    let done = RwSignal::new(None::<(&'static str, f64)>);
    let decided = Callback::new(move |outcome: (&'static str, f64)| {
        done.set(Some(outcome));
        version.update(|v| *v += 1);
    });
    view! {
        <div class="sr-status" role="status" aria-live="polite">
            {move || done.get().map(|(key, h)| view! {
                <p class="notice notice-success">{tr(key)} " " {hours(h)} " " {tr("me.hours_unit")}</p>
            })}
        </div>
        {when_loaded(move || list.get(), move |value| match value {
                    Ok((items, _)) if items.is_empty() => view! {
                        <p class="empty">{tr("console.no_records")}</p>
                    }
                    .into_any(),
                    Ok((items, more)) => view! {
                        <ul class="card-list card-list-single record-queue">
                            {items.into_iter().map(|item| view! { <QueueItem item decided/> }).collect_view()}
                        </ul>
                        {more.then(|| view! { <p class="muted">{tr("console.more_after")}</p> })}
                    }
                    .into_any(),
                    Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
                })}
    }
}

#[component]
fn QueueItem(item: QueuedRecord, decided: Callback<(&'static str, f64)>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let record = item.record;
    let id = record.id;
    let h = record.hours;
    let decide = Action::new_local(move |status: &RecordStatus| {
        let status = *status;
        async move {
            let done = api.verify_record(id, status).await;
            match &done {
                Ok(r) if r.status == RecordStatus::Verified => decided.run(("console.verified", h)),
                Ok(_) => decided.run(("console.disputed", h)),
                Err(e) if e.is("invalid_transition") => decided.run(("console.stale_record", h)),
                Err(_) => {}
            }
            done
        }
    });
    let pending = decide.pending();
    let error = move || {
        if pending.get() {
            None
        } else {
            decide.value().get().and_then(Result::err)
        }
    };
    let who_id = format!("record-who-{id}");
    let volunteer_id = record.volunteer_id;
    view! {
        <li class="card queued-record" id=format!("queued-record-{id}")>
            <h3 class="card-title" id=who_id.clone()>
                {item.volunteer.unwrap_or_else(|| format!("#{volunteer_id}"))}
                " · " <strong class="queued-hours">{hours(h)}</strong> " " {tr("me.hours_unit")}
            </h3>
            <p>
                <time>{date(record.served_on)}</time>
                {record.category.map(|c| view! { " " <span class="tag tag-soft"><Localized name=c/></span> })}
                {(record.source == RecordSource::LeaderEntry).then(|| view! { " " <span class="tag tag-soft">{tr("hours_entry.source_leader")}</span> })}
                {record.activity_id.map(|a| view! {
                    " " <a href=format!("/activities/{a}")>{item.activity.unwrap_or_else(|| i18n.t("me.activity").to_owned())}</a>
                })}
            </p>
            {move || error().map(|error| view! { <ErrorMessage error/> })}
            <div class="form-actions">
                <button type="button" class="button verify" aria-describedby=who_id.clone()
                    disabled=move || pending.get() on:click=move |_| { decide.dispatch_local(RecordStatus::Verified); }>
                    {tr("console.verify")}
                </button>
                <button type="button" class="button button-secondary dispute" aria-describedby=who_id
                    disabled=move || pending.get() on:click=move |_| { decide.dispatch_local(RecordStatus::Disputed); }>
                    {tr("console.dispute")}
                </button>
            </div>
        </li>
    }
}

// ---- voucher redemption ---------------------------------------------------------------

/// `/console/vouchers`: the provider types (or scans) a voucher's code and redeems it.
#[component]
pub fn RedeemPage() -> impl IntoView {
    view! {
        <section class="page-head">
            <h1>{tr("console.vouchers")}</h1>
            <p class="intro">{tr("console.vouchers_intro")}</p>
        </section>
        <ConsoleNav/>
        <ConsoleGate next="/console/vouchers" allowed=Session::redeems_vouchers>
            <RedeemForm/>
            <MyInsuredLists/>
        </ConsoleGate>
    }
}

#[component]
fn RedeemForm() -> impl IntoView {
    let api = use_api();
    let code = RwSignal::new(String::new());
    let redeem = Action::new_local(move |c: &String| {
        let c = c.clone();
        async move { api.voucher_step(&c, true).await }
    });
    let pending = redeem.pending();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let c = code.get_untracked().trim().to_owned();
        // A scanner reads the QR text, `youai:voucher:<code>`: keep the code.
        let c = c.rsplit(':').next().unwrap_or_default().to_owned();
        if !c.is_empty() && !pending.get_untracked() {
            redeem.dispatch_local(c);
            code.set(String::new());
        }
    };
    view! {
        <form class="form redeem-form" on:submit=on_submit>
            <div class="field">
                <label for="voucher-code">{tr("vouchers.code")}</label>
                <input id="voucher-code" name="code" type="text" autocomplete="off" autocapitalize="characters"
                    spellcheck="false" required aria-describedby="voucher-code-hint" bind:value=code/>
                <p id="voucher-code-hint" class="field-hint">{tr("console.code_hint")}</p>
            </div>
            <button type="submit" class="button" disabled=move || pending.get()>
                {tr_while(pending, "console.redeeming", "console.redeem")}
            </button>
        </form>
        <div class="redeem-result" aria-live="polite">
            {move || if pending.get() {
                None
            } else {
                redeem.value().get().map(|outcome| view! { <RedeemOutcome outcome/> })
            }}
        </div>
    }
}

#[component]
fn RedeemOutcome(outcome: Result<Voucher, ApiError>) -> impl IntoView {
    let i18n = use_i18n();
    match outcome {
        Ok(v) => view! {
            <div class="notice notice-success redeem-ok" role="status">
                <p><strong>{tr("console.redeemed")}</strong> " " {v.reward_name}</p>
                <p><code>{v.code}</code> " · " {v.provider} " · " {v.redeemed_at.map(local_time)}</p>
            </div>
        }
        .into_any(),
        Err(e) => view! {
            <div class="notice notice-error redeem-error" role="alert">
                <p>{move || error_text(i18n, &e)}</p>
            </div>
        }
        .into_any(),
    }
}
