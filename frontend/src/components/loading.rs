//! The "正在加载…" line a `<Suspense>` shows meanwhile.

use leptos::prelude::*;

use crate::i18n::use_i18n;

#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="loading" role="status">{move || i18n.t("common.loading")}</p> }
}
