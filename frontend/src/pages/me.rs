//! The volunteer centre's own parts (on `/me` and `/me/volunteer`): the rotating check-in QR
//! code, hours served with their totals, and the service certificate.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use youai_types::{CheckInToken, HoursBy, ServiceHistory, ServiceRecord};

use crate::api::{ApiError, revoke_object_url, use_api};
use crate::components::{ErrorMessage, Loading, QrCode, error_text};
use crate::format::{date, hours};
use crate::i18n::{record_status_key, use_i18n};

/// How often the code is fetched again: the token rotates every 30 s and is accepted for 60 s.
const TOKEN_REFRESH: Duration = Duration::from_secs(25);

/// Records shown before "显示全部".
const RECORDS_SHOWN: usize = 20;

/// My check-in QR code, fetched again every 25 s; a leader or the venue's kiosk scans it.
/// "全屏显示" shows it over the whole screen, for a scanner at arm's length.
#[component]
pub fn CheckInCode() -> impl IntoView {
    let i18n = use_i18n();
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
    let full_screen = RwSignal::new(false);
    let retry = Callback::new(move |()| {
        loading.set(true);
        fetch();
    });

    view! {
        <section class="section check-in-code" aria-labelledby="check-in-heading">
            <h2 id="check-in-heading">{move || i18n.t("me.check_in_code")}</h2>
            <p class="muted">{move || i18n.t("me.check_in_hint")}</p>
            {move || error.get().map(|error| view! { <ErrorMessage error on_retry=retry/> })}
            {move || {
                if token.with(Option::is_some) {
                    view! {
                        <div class="qr-box">
                            <QrCode text label=move || i18n.t("me.check_in_code")/>
                            <p class="qr-token"><code>{text}</code></p>
                            <button type="button" class="button button-secondary full-screen" on:click=move |_| full_screen.set(true)>
                                {move || i18n.t("me.full_screen")}
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
                    aria-label=move || i18n.t("me.check_in_code")
                    on:keydown=move |ev| if ev.key() == "Escape" { full_screen.set(false) }
                >
                    <QrCode text label=move || i18n.t("me.check_in_code")/>
                    <button type="button" class="button" autofocus on:click=move |_| full_screen.set(false)>
                        {move || i18n.t("me.close")}
                    </button>
                </div>
            })}
        </section>
    }
}

/// Hours served: verified totals (by year, team and category) and the records themselves.
#[component]
pub fn MyHours(volunteer_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let history = LocalResource::new(move || api.service_history(volunteer_id));
    let retry = Callback::new(move |()| history.refetch());
    view! {
        <section class="section my-hours" aria-labelledby="hours-heading">
            <h2 id="hours-heading">{move || i18n.t("me.hours")}</h2>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match history.await {
                        Ok(h) => view! { <History history=h/> }.into_any(),
                        Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn History(history: ServiceHistory) -> impl IntoView {
    let i18n = use_i18n();
    if history.records.is_empty() {
        return view! {
            <p class="muted no-records">
                {move || i18n.t("me.no_records")} " "
                <a href="/activities">{move || i18n.t("me.find_activities")}</a>
            </p>
        }
        .into_any();
    }
    let mut records = history.records;
    records.sort_by(|a, b| b.served_on.cmp(&a.served_on).then(b.id.cmp(&a.id)));
    let all = RwSignal::new(false);
    let count = records.len();
    let records = StoredValue::new(records);
    view! {
        <p class="total-hours">
            {move || i18n.t("me.total_hours")} " "
            <strong class="total-hours-value">{hours(history.total_hours)}</strong>
            " " {move || i18n.t("me.hours_unit")}
        </p>
        <div class="hours-by">
            <HoursTable caption="me.by_year" rows=history.by_year/>
            <HoursTable caption="me.by_team" rows=history.by_team/>
            <HoursTable caption="me.by_category" rows=history.by_category/>
        </div>
        <h3>{move || i18n.t("me.records")}</h3>
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
    let i18n = use_i18n();
    (!rows.is_empty()).then(|| {
        view! {
            <table class="hours-table">
                <caption>{move || i18n.t(caption)}</caption>
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
    let i18n = use_i18n();
    let status = record.status;
    view! {
        <li class="record">
            <time>{date(record.served_on)}</time>
            <strong>{hours(record.hours)} " " {move || i18n.t("me.hours_unit")}</strong>
            <span class=format!("badge badge-{}", status.as_str())>{move || i18n.t(record_status_key(status))}</span>
            {record.superseded.then(|| view! { <span class="badge">{move || i18n.t("me.superseded")}</span> })}
            {record.category.map(|c| view! { <span class="tag tag-soft">{c}</span> })}
            {record.activity_id.map(|id| view! {
                <a href=format!("/activities/{id}")>{move || i18n.t("me.activity")}</a>
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
            <h2 id="certificate-heading">{move || i18n.t("me.certificate")}</h2>
            <p class="muted">{move || i18n.t("me.certificate_hint")}</p>
            {move || error().map(|e| view! {
                <div class="notice notice-error" role="alert"><p>{move || error_text(i18n, &e)}</p></div>
            })}
            <div class="form-actions">
                <button type="button" class="button" disabled=move || pending.get() on:click=move |_| { open.dispatch_local(false); }>
                    {move || i18n.t("me.certificate_html")}
                </button>
                <button type="button" class="button button-secondary" disabled=move || pending.get() on:click=move |_| { open.dispatch_local(true); }>
                    {move || i18n.t("me.certificate_pdf")}
                </button>
            </div>
            {move || pending.get().then(|| view! { <Loading/> })}
            {move || made.get().map(|(url, pdf)| view! {
                <p class="muted">
                    {move || i18n.t("me.certificate_ready")} " "
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
