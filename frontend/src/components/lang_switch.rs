//! The 中文 / English switch.

use leptos::prelude::*;

use crate::i18n::{Lang, tr, use_i18n};

/// One toggle button per language; each is labelled in its own language.
#[component]
pub fn LangSwitch() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="lang-switch" role="group" aria-label=tr("lang.label")>
            {Lang::ALL
                .into_iter()
                .map(|lang| {
                    view! {
                        <button
                            type="button"
                            lang=lang.tag()
                            aria-pressed=move || (i18n.chosen() == lang).to_string()
                            on:click=move |_| i18n.set_lang(lang)
                        >
                            {lang.native_name()}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}
