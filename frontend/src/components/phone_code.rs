//! "Send code": asks the server to text a 6-digit code to the phone being typed, then counts
//! down until another may be asked. What went wrong (a bad number, too many codes) shows
//! beside the button.

use leptos::prelude::*;
use leptos::task::spawn_local;
use youai_types::{PhoneCodePurpose, PhoneCodeRequest, is_mobile_phone};

use crate::api::use_api;
use crate::components::error_text;
use crate::i18n::use_i18n;

#[component]
pub fn SendCodeButton(
    /// The phone field's value.
    phone: RwSignal<String>,
    purpose: PhoneCodePurpose,
) -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    let left = RwSignal::new(0_i64);
    let sending = RwSignal::new(false);
    let message = RwSignal::new(None::<String>);
    if let Ok(handle) = set_interval_with_handle(
        move || {
            if left.get_untracked() > 0 {
                left.update(|l| *l -= 1);
            }
        },
        std::time::Duration::from_secs(1),
    ) {
        on_cleanup(move || handle.clear());
    }
    let send = move |_| {
        let number = phone.get_untracked().trim().to_owned();
        if !is_mobile_phone(&number) {
            message.set(Some(i18n.t("phone_code.phone_rule").to_owned()));
            return;
        }
        sending.set(true);
        message.set(None);
        spawn_local(async move {
            let request = PhoneCodeRequest {
                phone: number,
                purpose,
            };
            match api.send_phone_code(&request).await {
                Ok(sent) => {
                    left.set(sent.resend_after);
                    message.set(Some(i18n.t("phone_code.sent").to_owned()));
                }
                Err(e) => message.set(Some(error_text(i18n, &e))),
            }
            sending.set(false);
        });
    };
    let waiting = move || sending.get() || left.get() > 0;
    let label = move || {
        let n = left.get();
        if n > 0 {
            i18n.t("phone_code.resend_in")
                .replace("{n}", &n.to_string())
        } else {
            i18n.t("phone_code.send").to_owned()
        }
    };
    view! {
        <div class="send-code">
            <button
                type="button"
                class="button button-secondary"
                disabled=waiting
                on:click=send
            >
                {label}
            </button>
            <p class="muted" role="status" aria-live="polite">
                {move || message.get()}
            </p>
        </div>
    }
}
