//! `/`: the platform's name, what it is for, and its live figures.

use leptos::prelude::*;

use crate::api::use_api;
use crate::components::{ErrorMessage, StatCard};
use crate::i18n::use_i18n;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let stats = LocalResource::new(move || api.stats());
    let retry = Callback::new(move |()| stats.refetch());

    view! {
        <section class="hero">
            <h1>{move || i18n.t("app.name")}</h1>
            <p class="intro">{move || i18n.t("home.intro")}</p>
        </section>
        <section class="figures" aria-labelledby="figures-heading">
            <h2 id="figures-heading">{move || i18n.t("home.figures")}</h2>
            <Suspense fallback=move || {
                view! { <p class="loading" role="status">{move || i18n.t("common.loading")}</p> }
            }>
                {move || Suspend::new(async move {
                    match stats.await {
                        Ok(s) => view! {
                            <dl class="stat-grid">
                                <StatCard label=move || i18n.t("stats.areas") value=s.areas/>
                                <StatCard label=move || i18n.t("stats.venues") value=s.venues/>
                                <StatCard label=move || i18n.t("stats.users") value=s.users/>
                            </dl>
                        }
                        .into_any(),
                        Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
