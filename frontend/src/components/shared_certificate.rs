//! `/certificates/{code}`: a service certificate's shareable address. Anyone opens it without
//! signing in and sees what it certifies (the name masked), whether it is still current, and
//! who issued it; the page's own address is there to copy. Shown by the verify page's route
//! (one split point for both: the first download stays within its budget).

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use youai_types::CertificateCheck;

use crate::api::{ApiError, encode_segment, use_api};
use crate::components::{ErrorMessage, Fetched, copy_text, when_loaded};
use crate::format::{date, hours};
use crate::i18n::{tr, use_i18n};

/// The certificate whose code is the route's `code`.
#[component]
pub fn SharedCertificate() -> impl IntoView {
    let api = use_api();
    let params = use_params_map();
    let code = move || {
        params.with(|p| {
            p.get("code")
                .map(|c| c.trim().to_owned())
                .filter(|c| !c.is_empty())
        })
    };
    let check = Fetched::new(move || {
        let code = code();
        async move {
            match code {
                Some(code) => api.certificate_check(&code).await,
                None => Err(ApiError::Unexpected {
                    status: 404,
                    message: String::new(),
                }),
            }
        }
    });
    let retry = Callback::new(move |()| check.refetch());
    view! {
        {when_loaded(move || check.get(), move |answer| match answer {
            Ok(c) => view! { <Certificate check=c/> }.into_any(),
            Err(e) if e.is("certificate_not_found") || e.is("not_found") => view! {
                <section class="page-head">
                    <h1>{tr("me.certificate")}</h1>
                </section>
                <div class="notice notice-error certificate-not-found" role="alert">
                    <p><strong>{tr("verify.not_found")}</strong></p>
                    <p>{tr("verify.not_found_hint")}</p>
                </div>
            }
            .into_any(),
            Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
        })}
    }
}

/// This page's address, to share.
fn here() -> String {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &"location".into()).ok())
        .and_then(|l| js_sys::Reflect::get(&l, &"href".into()).ok())
        .and_then(|h| h.as_string())
        .unwrap_or_default()
}

#[component]
fn Certificate(check: CertificateCheck) -> impl IntoView {
    let i18n = use_i18n();
    let current = check.current;
    let copied = RwSignal::new(false);
    let address = here();
    let to_copy = address.clone();
    let range = match (check.first_served, check.last_served) {
        (Some(a), Some(b)) => format!("{} – {}", date(a), date(b)),
        _ => "—".to_owned(),
    };
    let verify = format!("/verify/{}", encode_segment(&check.code));
    view! {
        <article class="certificate-page" aria-labelledby="certificate-title">
            <header class="page-head">
                <h1 id="certificate-title">{tr("me.certificate")}</h1>
                <p class="intro">{check.issuer.clone()}</p>
            </header>
            <p class="certificate-statement">
                {tr("certificate.certifies")} " " <strong class="certificate-name">{check.volunteer_name}</strong>
                " " {tr("certificate.served")} " "
                <strong class="certificate-hours">{hours(check.total_hours)}</strong> " " {tr("me.hours_unit")}
            </p>
            <div class=if current { "notice notice-success certificate-status" } else { "notice certificate-status" } role="status">
                <p>{move || if current { i18n.t("verify.current") } else { i18n.t("verify.outdated") }}</p>
            </div>
            <dl class="details certificate-details">
                <div>
                    <dt>{tr("volunteer.number")}</dt>
                    <dd>{check.volunteer_number}</dd>
                </div>
                <div>
                    <dt>{tr("verify.records")}</dt>
                    <dd>{check.records}</dd>
                </div>
                <div>
                    <dt>{tr("verify.served")}</dt>
                    <dd>{range}</dd>
                </div>
                <div>
                    <dt>{tr("verify.issued_on")}</dt>
                    <dd>{date(check.issued_on)}</dd>
                </div>
                <div>
                    <dt>{tr("verify.code")}</dt>
                    <dd><a class="certificate-code" href=verify><code>{check.code}</code></a></dd>
                </div>
            </dl>
            <section class="section certificate-share" aria-labelledby="share-heading">
                <h2 id="share-heading">{tr("certificate.share")}</h2>
                <div class="field field-wide">
                    <label for="certificate-address">{tr("certificate.address")}</label>
                    <input id="certificate-address" type="url" readonly value=address/>
                </div>
                <div class="form-actions">
                    <button type="button" class="button button-secondary copy-address"
                        on:click=move |_| copied.set(copy_text(&to_copy))>
                        {tr("certificate.copy")}
                    </button>
                </div>
                <p class="muted" aria-live="polite">{move || copied.get().then(|| i18n.t("certificate.copied"))}</p>
            </section>
        </article>
    }
}
