//! The volunteer centre's own parts (on `/me` and `/me/volunteer`): the rotating check-in QR
//! code, my sign-ups, hours served with their totals, and the service certificate.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use youai_types::{CheckInToken, HoursBy, MySignUp, ServiceHistory, ServiceRecord, SignUpStatus};

use crate::api::{ApiError, revoke_object_url, use_api};
use crate::components::Localized;
use crate::components::{
    ErrorMessage, Fetched, Loading, QrCode, SignUpCalendar, error_text, when_loaded,
};
use crate::format::{date, hours, now, time_range};
use crate::i18n::{record_status_key, sign_up_status_key, tr, use_i18n};

/// How often the code is fetched again: the token rotates every 30 s and is accepted for 60 s.
const TOKEN_REFRESH: Duration = Duration::from_secs(25);

/// Records shown before "显示全部".
const RECORDS_SHOWN: usize = 20;

/// My check-in QR code, fetched again every 25 s; a leader or the venue's kiosk scans it.
/// "全屏显示" shows it over the whole screen, for a scanner at arm's length.
#[component]
pub fn CheckInCode() -> impl IntoView {
    let api = use_api();
    // The last token, kept on screen while the next one loads; and why the last fetch failed.
    let token = RwSignal::new(None::<CheckInToken>);
    let error = RwSignal::new(None::<ApiError>);
    let loading = RwSignal::new(true);
    let fetch = move || {
        spawn_local(async move {
            match api.check_in_token().await {
                Ok(t) => {
                    token.set(Some(t));
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
            loading.set(false);
        });
    };
    fetch();
    if let Ok(handle) = set_interval_with_handle(fetch, TOKEN_REFRESH) {
        on_cleanup(move || handle.clear());
    }
    let text = Signal::derive(move || {
        token.with(|t| t.as_ref().map(|t| t.token.clone()).unwrap_or_default())
    });
    // "016 141": two groups of three, as people read digits out.
    let short_code = move || {
        token.with(|t| {
            t.as_ref()
                .map(|t| {
                    let (head, tail) = t.short_code.split_at(t.short_code.len().min(3));
                    format!("{head} {tail}")
                })
                .unwrap_or_default()
        })
    };
    let full_screen = RwSignal::new(false);
    let retry = Callback::new(move |()| {
        loading.set(true);
        fetch();
    });

    view! {
        <section class="section check-in-code" aria-labelledby="check-in-heading">
            <h2 id="check-in-heading">{tr("me.check_in_code")}</h2>
            <p class="muted">{tr("me.check_in_hint")}</p>
            {move || error.get().map(|error| view! { <ErrorMessage error on_retry=retry/> })}
            {move || {
                if token.with(Option::is_some) {
                    view! {
                        <div class="qr-box">
                            <QrCode text label=tr("me.check_in_code")/>
                            // The digits to type where the QR code cannot be scanned (the token itself
                            // is too long to read out).
                            <p class="qr-short-code">
                                <span class="muted">{tr("me.short_code")}</span> " "
                                <strong>{short_code}</strong>
                            </p>
                            <button type="button" class="button button-secondary full-screen" on:click=move |_| full_screen.set(true)>
                                {tr("me.full_screen")}
                            </button>
                        </div>
                    }
                    .into_any()
                } else if loading.get() {
                    view! { <Loading/> }.into_any()
                } else {
                    ().into_any()
                }
            }}
            {move || full_screen.get().then(|| view! {
                <div
                    class="qr-overlay"
                    role="dialog"
                    aria-modal="true"
                    aria-label=tr("me.check_in_code")
                    on:keydown=move |ev| if ev.key() == "Escape" { full_screen.set(false) }
                >
                    <QrCode text label=tr("me.check_in_code")/>
                    <p class="qr-short-code"><strong>{short_code}</strong></p>
                    <button type="button" class="button" autofocus on:click=move |_| full_screen.set(false)>
                        {tr("me.close")}
                    </button>
                </div>
            })}
        </section>
    }
}

/// Hours served: verified totals (by year, team and category) and the records themselves.
#[component]
pub fn MyHours(volunteer_id: i64) -> impl IntoView {
    let api = use_api();
    let history = Fetched::new(move || api.service_history(volunteer_id));
    let retry = Callback::new(move |()| history.refetch());
    view! {
        <section class="section my-hours" aria-labelledby="hours-heading">
            <h2 id="hours-heading">{tr("me.hours")}</h2>
            {when_loaded(move || history.get(), move |value| match value {
                        Ok(h) => view! { <History history=h/> }.into_any(),
                        Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
                    })}
        </section>
    }
}

#[component]
fn History(history: ServiceHistory) -> impl IntoView {
    let i18n = use_i18n();
    if history.records.is_empty() {
        return view! {
            <p class="muted no-records">
                {tr("me.no_records")} " "
                <a href="/activities">{tr("me.find_activities")}</a>
            </p>
        }
        .into_any();
    }
    let mut records = history.records;
    crate::sort::sort_by(&mut records, |a, b| {
        (a.served_on, a.id) > (b.served_on, b.id)
    });
    let all = RwSignal::new(false);
    let count = records.len();
    let records = StoredValue::new(records);
    view! {
        <p class="total-hours">
            {tr("me.total_hours")} " "
            <strong class="total-hours-value">{hours(history.total_hours)}</strong>
            " " {tr("me.hours_unit")}
        </p>
        <div class="hours-by">
            <HoursTable caption="me.by_year" rows=history.by_year/>
            <HoursTable caption="me.by_team" rows=history.by_team/>
            <HoursTable caption="me.by_category" rows=history.by_category/>
        </div>
        <h3>{tr("me.records")}</h3>
        <ul class="record-list">
            {move || {
                let shown = if all.get() { count } else { RECORDS_SHOWN };
                records.with_value(|r| r.iter().take(shown).cloned().map(|record| view! { <Record record/> }).collect_view())
            }}
        </ul>
        {move || (count > RECORDS_SHOWN && !all.get()).then(|| view! {
            <p class="load-more">
                <button type="button" class="button button-secondary" on:click=move |_| all.set(true)>
                    {move || format!("{} ({count})", i18n.t("me.show_all"))}
                </button>
            </p>
        })}
    }
    .into_any()
}

#[component]
fn HoursTable(caption: &'static str, rows: Vec<HoursBy>) -> impl IntoView {
    (!rows.is_empty()).then(|| {
        view! {
            <table class="hours-table">
                <caption>{tr(caption)}</caption>
                <tbody>
                    {rows.into_iter().map(|r| view! {
                        <tr><th scope="row">{r.key}</th><td>{hours(r.hours)}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        }
    })
}

#[component]
fn Record(record: ServiceRecord) -> impl IntoView {
    let status = record.status;
    view! {
        <li class="record">
            <time>{date(record.served_on)}</time>
            <strong>{hours(record.hours)} " " {tr("me.hours_unit")}</strong>
            <span class=format!("badge badge-{}", status.as_str())>{tr(record_status_key(status))}</span>
            {record.superseded.then(|| view! { <span class="badge">{tr("me.superseded")}</span> })}
            {record.category.map(|c| view! { <span class="tag tag-soft"><Localized name=c/></span> })}
            {record.activity_id.map(|id| view! {
                <a href=format!("/activities/{id}")>{tr("me.activity")}</a>
            })}
        </li>
    }
}

/// The service certificate: fetched with the bearer token and opened as a `blob:` URL, as a
/// printable page or a PDF.
#[component]
pub fn MyCertificate(volunteer_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    // The last URL made, and whether it is the PDF: a link to it in case no tab opened.
    let made = RwSignal::new(None::<(String, bool)>);
    let open = Action::new_local(move |pdf: &bool| {
        let pdf = *pdf;
        async move {
            let url = api.certificate_url(volunteer_id, pdf).await?;
            if let Some((old, _)) = made.get_untracked() {
                revoke_object_url(&old);
            }
            made.set(Some((url.clone(), pdf)));
            if let Some(w) = web_sys::window() {
                let _ = w.open_with_url_and_target(&url, "_blank");
            }
            Ok::<(), ApiError>(())
        }
    });
    let pending = open.pending();
    let error = move || {
        if pending.get() {
            None
        } else {
            open.value().get().and_then(Result::err)
        }
    };
    view! {
        <section class="section certificate" aria-labelledby="certificate-heading">
            <h2 id="certificate-heading">{tr("me.certificate")}</h2>
            <p class="muted">{tr("me.certificate_hint")}</p>
            {move || error().map(|e| view! {
                <div class="notice notice-error" role="alert"><p>{move || error_text(i18n, &e)}</p></div>
            })}
            <div class="form-actions">
                <button type="button" class="button" disabled=move || pending.get() on:click=move |_| { open.dispatch_local(false); }>
                    {tr("me.certificate_html")}
                </button>
                <button type="button" class="button button-secondary" disabled=move || pending.get() on:click=move |_| { open.dispatch_local(true); }>
                    {tr("me.certificate_pdf")}
                </button>
            </div>
            {move || pending.get().then(|| view! { <Loading/> })}
            {move || made.get().map(|(url, pdf)| view! {
                <p class="muted">
                    {tr("me.certificate_ready")} " "
                    <a
                        href=url
                        target="_blank"
                        rel="noopener"
                        download=pdf.then_some("certificate.pdf")
                    >
                        {move || if pdf { i18n.t("me.certificate_pdf") } else { i18n.t("me.certificate_html") }}
                    </a>
                </p>
            })}
        </section>
    }
}

/// My sign-ups: the upcoming ones (cancellable while they stand) and the past ones.
#[component]
pub fn MySignUps() -> impl IntoView {
    let api = use_api();
    let version = RwSignal::new(0u32);
    let list = Fetched::new(move || {
        version.track();
        api.my_sign_ups()
    });
    let retry = Callback::new(move |()| list.refetch());
    let changed = Callback::new(move |()| version.update(|v| *v += 1));
    view! {
        <section class="section my-sign-ups" aria-labelledby="sign-ups-heading">
            <h2 id="sign-ups-heading">{tr("me.sign_ups")}</h2>
            {when_loaded(move || list.get(), move |value| match value {
                        Ok(all) => {
                            let calendar = all.clone();
                            let at = now();
                            // The server sends the latest start first; upcoming reads soonest first.
                            let (mut upcoming, past): (Vec<MySignUp>, Vec<MySignUp>) =
                                all.into_iter().partition(|s| s.end_at > at);
                            upcoming.reverse();
                            view! {
                                <SignUpCalendar items=calendar/>
                                <h3>{tr("me.upcoming")}</h3>
                                <SignUpList items=upcoming empty="me.no_upcoming" changed/>
                                <h3>{tr("me.past")}</h3>
                                <SignUpList items=past empty="me.no_past" changed/>
                            }
                            .into_any()
                        }
                        Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
                    })}
        </section>
    }
}

#[component]
fn SignUpList(items: Vec<MySignUp>, empty: &'static str, changed: Callback<()>) -> impl IntoView {
    if items.is_empty() {
        return view! {
            <p class="empty">
                {tr(empty)} " "
                <a href="/activities">{tr("me.find_activities")}</a>
            </p>
        }
        .into_any();
    }
    view! {
        <ul class="record-list sign-up-list">
            {items.into_iter().map(|s| view! { <MySignUpItem sign_up=s changed/> }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn MySignUpItem(sign_up: MySignUp, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let (activity_id, id, status) = (sign_up.activity_id, sign_up.id, sign_up.status);
    let cancellable = sign_up.start_at > now()
        && matches!(
            status,
            SignUpStatus::Applied | SignUpStatus::Accepted | SignUpStatus::Waitlisted
        );
    let cancel = Action::new_local(move |(): &()| async move {
        let done = api.cancel_sign_up(activity_id, id).await;
        if done.is_ok() {
            changed.run(());
        }
        done
    });
    let pending = cancel.pending();
    let error = move || {
        if pending.get() {
            None
        } else {
            cancel.value().get().and_then(Result::err)
        }
    };
    view! {
        <li class="record my-sign-up" id=format!("my-sign-up-{id}")>
            <time>{time_range(sign_up.start_at, sign_up.end_at)}</time>
            <a href=format!("/activities/{activity_id}")>{sign_up.activity_title}</a>
            <span class=format!("badge badge-{}", status.as_str())>{tr(sign_up_status_key(status))}</span>
            <span class="muted">{sign_up.address}</span>
            {cancellable.then(|| view! {
                <button type="button" class="button button-secondary button-small cancel-sign-up"
                    disabled=move || pending.get() on:click=move |_| { cancel.dispatch_local(()); }>
                    {tr("activity.cancel_sign_up")}
                </button>
            })}
            {move || error().map(|e| view! { <span class="field-error" role="alert">{move || error_text(i18n, &e)}</span> })}
        </li>
    }
}
