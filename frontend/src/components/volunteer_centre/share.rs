//! The shareable address of my service certificate (on `/me/volunteer`): issued as of today,
//! opened at `/certificates/{code}` by anyone, signed in or not.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::{encode_segment, use_api};
use crate::components::error_text;
use crate::i18n::{tr, tr_while, use_i18n};

/// The site's origin (`https://…`), for an address to share.
fn origin() -> String {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &"location".into()).ok())
        .and_then(|l| js_sys::Reflect::get(&l, &"origin".into()).ok())
        .and_then(|o| o.as_string())
        .unwrap_or_default()
}

/// Puts `text` on the clipboard, where the browser allows it; answers whether it asked.
pub fn copy_text(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let navigator = window.navigator();
    let Ok(clipboard) = js_sys::Reflect::get(&navigator, &"clipboard".into()) else {
        return false;
    };
    if clipboard.is_undefined() {
        return false;
    }
    let Ok(write) = js_sys::Reflect::get(&clipboard, &"writeText".into()) else {
        return false;
    };
    let Ok(write) = write.dyn_into::<js_sys::Function>() else {
        return false;
    };
    write.call1(&clipboard, &text.into()).is_ok()
}

/// "分享证明": makes the certificate's public address, to copy or open.
#[component]
pub fn CertificateLink(volunteer_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let issue =
        Action::new_local(move |(): &()| async move { api.issue_certificate(volunteer_id).await });
    let pending = issue.pending();
    view! {
        <section class="section certificate-link" aria-labelledby="share-certificate-heading">
            <h2 id="share-certificate-heading">{tr("certificate.share")}</h2>
            <p class="muted">{tr("certificate.share_hint")}</p>
            <div class="form-actions">
                <button type="button" class="button button-secondary make-link" disabled=move || pending.get()
                    on:click=move |_| { issue.dispatch_local(()); }>
                    {tr_while(pending, "volunteer.saving", "certificate.make")}
                </button>
            </div>
            {move || match issue.value().get() {
                Some(Ok(c)) if !pending.get() => {
                    let path = format!("/certificates/{}", encode_segment(&c.code));
                    let address = format!("{}{path}", origin());
                    let to_copy = address.clone();
                    let copied = RwSignal::new(false);
                    Some(view! {
                        <div class="field field-wide">
                            <label for="certificate-share-address">{tr("certificate.address")}</label>
                            <input id="certificate-share-address" type="url" readonly value=address/>
                        </div>
                        <p class="form-actions">
                            <button type="button" class="button button-secondary copy-address"
                                on:click=move |_| copied.set(copy_text(&to_copy))>
                                {tr("certificate.copy")}
                            </button>
                            <a class="certificate-share-link" href=path target="_blank" rel="noopener">{tr("certificate.open")}</a>
                        </p>
                        <p class="muted" aria-live="polite">{move || copied.get().then(|| i18n.t("certificate.copied"))}</p>
                    }
                    .into_any())
                }
                Some(Err(e)) if !pending.get() => Some(view! {
                    <p class="field-error" role="alert">{move || error_text(i18n, &e)}</p>
                }
                .into_any()),
                _ => None,
            }}
        </section>
    }
}
