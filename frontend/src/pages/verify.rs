//! `/verify` and `/verify/{code}`: anyone checks a service certificate's verification code (the
//! certificate prints `{site}/verify/{code}`), without signing in; `/certificates/{code}`, a
//! certificate's shareable address, is served by the same route.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_params_map};
use youai_types::CertificateCheck;

use crate::api::{encode_segment, use_api};
use crate::components::{ErrorMessage, Fetched, SharedCertificate, when_loaded};
use crate::format::{date, hours};
use crate::i18n::{tr, use_i18n};

#[component]
pub fn VerifyPage() -> impl IntoView {
    let location = use_location();
    move || {
        if location.pathname.with(|p| p.starts_with("/certificates/")) {
            view! { <SharedCertificate/> }.into_any()
        } else {
            view! { <CheckCode/> }.into_any()
        }
    }
}

/// The form for a code, and what the code certifies.
#[component]
fn CheckCode() -> impl IntoView {
    let params = use_params_map();
    let navigate = use_navigate();
    let code = Memo::new(move |_| {
        params.with(|p| {
            p.get("code")
                .map(|c| c.trim().to_owned())
                .filter(|c| !c.is_empty())
        })
    });
    let typed = RwSignal::new(String::new());
    Effect::new(move |_| typed.set(code.get().unwrap_or_default()));
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let c = typed.get_untracked().trim().to_owned();
        if !c.is_empty() {
            navigate(
                &format!("/verify/{}", encode_segment(&c)),
                Default::default(),
            );
        }
    };
    view! {
        <section class="page-head">
            <h1>{tr("verify.title")}</h1>
            <p class="intro">{tr("verify.intro")}</p>
        </section>
        <form class="search-form verify-form" role="search" aria-label=tr("verify.title") on:submit=on_submit>
            <div class="field field-wide">
                <label for="verify-code">{tr("verify.code")}</label>
                <input
                    id="verify-code"
                    name="code"
                    type="text"
                    autocapitalize="characters"
                    autocomplete="off"
                    spellcheck="false"
                    maxlength="40"
                    required
                    placeholder="7KQ3-MX9P-T2WD"
                    bind:value=typed
                />
            </div>
            <div class="form-actions">
                <button type="submit" class="button">{tr("verify.submit")}</button>
            </div>
        </form>
        {move || code.get().map(|c| view! { <Check code=c/> })}
    }
}

#[component]
fn Check(code: String) -> impl IntoView {
    let api = use_api();
    let asked = code.clone();
    let check = Fetched::new(move || {
        let code = asked.clone();
        async move { api.certificate_check(&code).await }
    });
    let retry = Callback::new(move |()| check.refetch());
    view! {
        <section class="section verify-result" aria-live="polite">
            {when_loaded(move || check.get(), move |answer| {
                        match answer {
                            Ok(c) => view! { <Checked check=c/> }.into_any(),
                            Err(e) if e.code() == Some("certificate_not_found") || e.code() == Some("not_found") => view! {
                                <div class="notice notice-error verify-not-found" role="alert">
                                    <p><strong>{tr("verify.not_found")}</strong></p>
                                    <p>{tr("verify.not_found_hint")} " " <code>{code.clone()}</code></p>
                                </div>
                            }
                            .into_any(),
                            Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
                        }
            })}
        </section>
    }
}

#[component]
fn Checked(check: CertificateCheck) -> impl IntoView {
    let i18n = use_i18n();
    let current = check.current;
    let range = match (check.first_served, check.last_served) {
        (Some(a), Some(b)) => format!("{} – {}", date(a), date(b)),
        _ => "—".to_owned(),
    };
    view! {
        <div class="notice notice-success verify-ok" role="status">
            <p><strong>{tr("verify.genuine")}</strong></p>
            <p>{move || if current { i18n.t("verify.current") } else { i18n.t("verify.outdated") }}</p>
        </div>
        <dl class="details verify-details">
            <div>
                <dt>{tr("verify.code")}</dt>
                <dd><code>{check.code}</code></dd>
            </div>
            <div>
                <dt>{tr("verify.volunteer")}</dt>
                <dd>{check.volunteer_name}</dd>
            </div>
            <div>
                <dt>{tr("volunteer.number")}</dt>
                <dd>{check.volunteer_number}</dd>
            </div>
            <div>
                <dt>{tr("verify.total_hours")}</dt>
                <dd class="verify-hours">{hours(check.total_hours)} " " {tr("me.hours_unit")}</dd>
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
                <dt>{tr("verify.issuer")}</dt>
                <dd>{check.issuer}</dd>
            </div>
        </dl>
    }
}
