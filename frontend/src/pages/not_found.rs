//! Any path no route matches.

use leptos::prelude::*;

use crate::i18n::use_i18n;

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="not-found">
            <h1>{move || i18n.t("not_found.title")}</h1>
            <p>{move || i18n.t("not_found.body")}</p>
            <p>
                <a class="button" href="/">{move || i18n.t("not_found.home")}</a>
            </p>
        </section>
    }
}
