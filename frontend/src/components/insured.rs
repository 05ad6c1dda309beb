//! The insurer's list (参保名单) of an insurance courtesy, downloaded as CSV or an Excel
//! workbook: on the courtesy's edit page for the platform's admin, and on the voucher desk for
//! the insurer that provides it.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::{ApiError, revoke_object_url, use_api};
use crate::components::{ErrorMessage, Fetched, error_text, when_loaded};
use crate::i18n::{tr, use_i18n};
use crate::session::use_session;

/// Downloads `url` as `file` through a link the page clicks for the user.
fn download(url: &str, file: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(link) = document.create_element("a") else {
        return;
    };
    let _ = link.set_attribute("href", url);
    let _ = link.set_attribute("download", file);
    if let Ok(link) = link.dyn_into::<web_sys::HtmlElement>() {
        link.click();
    }
}

/// The two download buttons of one courtesy's list; under its own heading when `heading`.
#[component]
pub fn InsuredList(id: i64, heading: bool) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let last = RwSignal::new(None::<String>);
    let fetch = Action::new_local(move |xlsx: &bool| {
        let xlsx = *xlsx;
        async move {
            let url = api.insured_url(id, xlsx).await?;
            if let Some(old) = last.get_untracked() {
                revoke_object_url(&old);
            }
            last.set(Some(url.clone()));
            let file = format!("insured-{id}.{}", if xlsx { "xlsx" } else { "csv" });
            download(&url, &file);
            Ok::<(), ApiError>(())
        }
    });
    let pending = fetch.pending();
    let error = move || {
        if pending.get() {
            None
        } else {
            fetch.value().get().and_then(Result::err)
        }
    };
    view! {
        <section class="section insured-list" aria-labelledby=format!("insured-heading-{id}")>
            {heading.then(|| view! { <h2 id=format!("insured-heading-{id}")>{tr("insured.title")}</h2> })}
            <p class="muted">{tr("insured.hint")}</p>
            <div class="form-actions">
                <button type="button" class="button insured-csv" disabled=move || pending.get()
                    on:click=move |_| { fetch.dispatch_local(false); }>
                    {tr("insured.csv")}
                </button>
                <button type="button" class="button button-secondary insured-xlsx" disabled=move || pending.get()
                    on:click=move |_| { fetch.dispatch_local(true); }>
                    {tr("insured.xlsx")}
                </button>
            </div>
            {move || error().map(|e| view! { <p class="field-error" role="alert">{move || error_text(i18n, &e)}</p> })}
        </section>
    }
}

/// The insurance courtesies the signed-in user provides, each with its list to download.
#[component]
pub fn MyInsuredLists() -> impl IntoView {
    let api = use_api();
    let session = use_session();
    let mine = Fetched::new(move || {
        let me = session.me().map(|m| m.user.id);
        async move {
            let all = api.rewards().await?;
            Ok::<_, ApiError>(
                all.into_iter()
                    .filter(|r| {
                        r.kind == youai_types::RewardKind::Insurance
                            && me.is_some()
                            && r.provider_user_id == me
                    })
                    .collect::<Vec<_>>(),
            )
        }
    });
    let retry = Callback::new(move |()| mine.refetch());
    when_loaded(
        move || mine.get(),
        move |value| match value {
            Ok(list) if list.is_empty() => ().into_any(),
            Ok(list) => view! {
                <section class="section my-insured" aria-labelledby="my-insured-heading">
                    <h2 id="my-insured-heading">{tr("insured.title")}</h2>
                    {list.into_iter().map(|r| view! {
                        <h3 id=format!("insured-heading-{}", r.id)>{r.name}</h3>
                        <InsuredList id=r.id heading=false/>
                    }).collect_view()}
                </section>
            }
            .into_any(),
            Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
        },
    )
}
