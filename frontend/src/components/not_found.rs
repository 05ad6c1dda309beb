//! "页面不存在": for a path no route matches, and for an id that names nothing.

use leptos::prelude::*;

use crate::i18n::tr;

#[component]
pub fn NotFoundMessage() -> impl IntoView {
    view! {
        <section class="not-found">
            <h1>{tr("not_found.title")}</h1>
            <p>{tr("not_found.body")}</p>
            <p>
                <a class="button" href="/">{tr("not_found.home")}</a>
            </p>
        </section>
    }
}
