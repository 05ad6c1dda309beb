//! The resources list (社会资源清单): `/resources` finds what agencies and teams offer the
//! grassroots, by kind, topic, level and text, each with what remains of it this period.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use youai_types::vocabulary::RESOURCE_TOPICS;
use youai_types::{AreaLevel, ResourceKind};

use crate::api::{ResourceFilter, use_api};
use crate::components::{Localized, PagedList, ResourceCard, resource_kind_key};
use crate::i18n::{area_level_key, tr};

#[component]
pub fn ResourcesPage() -> impl IntoView {
    let api = use_api();
    let text = RwSignal::new(String::new());
    let kind = RwSignal::new(None::<ResourceKind>);
    let topic = RwSignal::new(String::new());
    let level = RwSignal::new(None::<AreaLevel>);
    let asked = RwSignal::new(ResourceFilter::default());
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let t = |s: String| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        asked.set(ResourceFilter {
            q: t(text.get_untracked()),
            kind: kind.get_untracked(),
            topic: t(topic.get_untracked()),
            level: level.get_untracked(),
            ..ResourceFilter::default()
        });
    };
    let fetch = move |f: ResourceFilter, cursor: Option<String>| async move {
        api.resources(&f, cursor.as_deref()).await
    };
    view! {
        <section class="page-head">
            <h1>{tr("resources.title")}</h1>
            <p class="intro">{tr("resources.intro")}</p>
            <p><a href="/agencies">{tr("agencies.title")}</a></p>
        </section>
        <form class="search-form" role="search" aria-label=tr("resources.title") on:submit=on_submit>
            <div class="field field-wide">
                <label for="resource-q">{tr("projects.q")}</label>
                <input id="resource-q" name="q" type="search" maxlength="100" bind:value=text/>
            </div>
            <div class="field">
                <label for="resource-kind">{tr("resources.kind")}</label>
                <select id="resource-kind" name="kind" on:change=move |ev| kind.set(ResourceKind::parse(&event_target_value(&ev)))>
                    <option value="">{tr("resources.any_kind")}</option>
                    {ResourceKind::ALL.iter().map(|k| view! { <option value=k.as_str()>{tr(resource_kind_key(*k))}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="resource-topic">{tr("resources.topic")}</label>
                <select id="resource-topic" name="topic" on:change=move |ev| topic.set(event_target_value(&ev))>
                    <option value="">{tr("resources.any_topic")}</option>
                    {RESOURCE_TOPICS.iter().map(|(t, _)| view! { <option value=*t><Localized name=*t/></option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="resource-level">{tr("projects.level")}</label>
                <select id="resource-level" name="level" on:change=move |ev| level.set(AreaLevel::parse(&event_target_value(&ev)))>
                    <option value="">{tr("projects.any_level")}</option>
                    {AreaLevel::ALL.iter().map(|l| view! { <option value=l.as_str()>{tr(area_level_key(*l))}</option> }).collect_view()}
                </select>
            </div>
            <div class="form-actions">
                <button type="submit" class="button">{tr("teams.submit")}</button>
            </div>
        </form>
        <section class="results">
            <PagedList
                filter=Signal::derive(move || asked.get())
                fetch
                card=|resource| view! { <ResourceCard resource/> }
                empty="resources.none"
                class="card-list resource-list"
            />
        </section>
    }
}
