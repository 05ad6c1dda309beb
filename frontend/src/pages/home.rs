//! `/`: the platform's name, what it is for, and its live figures.

use leptos::prelude::*;

use crate::api::use_api;
use crate::components::{ErrorMessage, Fetched, StatCard, when_loaded};
use crate::i18n::tr;

#[component]
pub fn HomePage() -> impl IntoView {
    let api = use_api();
    let stats = Fetched::new(move || api.stats());
    let retry = Callback::new(move |()| stats.refetch());

    view! {
        <section class="hero">
            <h1>{tr("app.name")}</h1>
            <p class="intro">{tr("home.intro")}</p>
        </section>
        <section class="figures" aria-labelledby="figures-heading">
            <h2 id="figures-heading">{tr("home.figures")}</h2>
                {when_loaded(move || stats.get(), move |answer| match answer {
                        Ok(s) => view! {
                            <dl class="stat-grid">
                                <StatCard label=tr("stats.areas") value=s.areas/>
                                <StatCard label=tr("stats.venues") value=s.venues/>
                                <StatCard label=tr("stats.users") value=s.users/>
                            </dl>
                        }
                        .into_any(),
                        Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
                })}
        </section>
    }
}
