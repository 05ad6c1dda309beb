//! `/teams`: find a team by name, kind, town and specialty. The search lives in the URL
//! (`/teams?q=理论&kind=industry_detachment&area=17`), so it can be shared, and back works.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use youai_types::{AreaLevel, TeamKind};

use crate::api::{AreaFilter, Query, TeamFilter, use_api};
use crate::components::{Fetched, TeamList};
use crate::i18n::{team_kind_key, tr, use_i18n};

/// Specialties the corps uses (DOMAIN.md); offered as suggestions, any text may be searched.
const SPECIALTIES: [&str; 10] = [
    "理论宣讲",
    "科普宣传",
    "技能培训",
    "心理关爱",
    "法律援助",
    "医疗健康",
    "文化文艺",
    "生态环保",
    "应急救援",
    "助老助残",
];

#[component]
pub fn TeamsPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let navigate = use_navigate();
    let query = use_query_map();

    // What the URL asks for.
    let filter = Memo::new(move |_| {
        query.with(|q| TeamFilter {
            q: q.get("q").filter(|s| !s.trim().is_empty()),
            kind: q.get("kind").as_deref().and_then(TeamKind::parse),
            within: q.get("area").and_then(|a| a.parse().ok()),
            specialty: q.get("specialty").filter(|s| !s.trim().is_empty()),
            ..TeamFilter::default()
        })
    });

    // The form, following the URL (back and forward, links).
    let text = RwSignal::new(String::new());
    let kind = RwSignal::new(String::new());
    let area = RwSignal::new(String::new());
    let specialty = RwSignal::new(String::new());
    Effect::new(move |_| {
        let f = filter.get();
        text.set(f.q.unwrap_or_default());
        kind.set(f.kind.map(|k| k.as_str().to_owned()).unwrap_or_default());
        area.set(f.within.map(|a| a.to_string()).unwrap_or_default());
        specialty.set(f.specialty.unwrap_or_default());
    });

    let towns = Fetched::new(move || {
        api.all_areas(AreaFilter {
            level: Some(AreaLevel::Town),
            parent_id: None,
        })
    });

    let on_submit = {
        let navigate = navigate.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            let search = Query::new()
                .opt("q", Some(text.get_untracked().trim()))
                .opt("kind", Some(kind.get_untracked()))
                .opt("area", Some(area.get_untracked()))
                .opt("specialty", Some(specialty.get_untracked().trim()))
                .finish();
            navigate(&format!("/teams{search}"), Default::default());
        }
    };
    let clear = move |_| navigate("/teams", Default::default());
    let searching = move || filter.with(|f| *f != TeamFilter::default());

    view! {
        <section class="page-head">
            <h1>{tr("teams.title")}</h1>
            <p class="intro">{tr("teams.intro")}</p>
            <p class="page-actions">
                <a class="button" href="/recruitments?open=1">{tr("corps.recruitments")}</a>
                " "
                <a class="button button-secondary" href="/teams/new">{tr("corps.register_team")}</a>
            </p>
        </section>
        <form class="search-form" role="search" aria-label=tr("teams.search") on:submit=on_submit>
            <div class="field field-wide">
                <label for="team-q">{tr("teams.q")}</label>
                <input
                    id="team-q"
                    name="q"
                    type="search"
                    maxlength="100"
                    placeholder=tr("teams.q_hint")
                    bind:value=text
                />
            </div>
            <div class="field">
                <label for="team-kind">{tr("teams.kind")}</label>
                <select id="team-kind" name="kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                    <option value="" selected=move || kind.with(String::is_empty)>{tr("teams.any_kind")}</option>
                    {TeamKind::ALL.iter().map(|k| {
                        let value = k.as_str();
                        view! {
                            <option value=value selected=move || kind.with(|v| v == value)>
                                {move || i18n.t(team_kind_key(*k))}
                            </option>
                        }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="team-area">{tr("teams.area")}</label>
                <select id="team-area" name="area" on:change=move |ev| area.set(event_target_value(&ev))>
                    <option value="" selected=move || area.with(String::is_empty)>{tr("teams.any_area")}</option>
                    {move || match towns.get() {
                        Some(Ok(towns)) => towns.into_iter().map(|town| {
                            let value = town.id.to_string();
                            let current = value.clone();
                            view! {
                                <option value=value selected=move || area.with(|v| *v == current)>{town.name}</option>
                            }
                        }).collect_view().into_any(),
                        Some(Err(_)) => view! {
                            <option value="" disabled>{tr("teams.areas_failed")}</option>
                        }.into_any(),
                        None => view! {
                            <option value="" disabled>{tr("common.loading")}</option>
                        }.into_any(),
                    }}
                </select>
            </div>
            <div class="field">
                <label for="team-specialty">{tr("teams.specialty")}</label>
                <input
                    id="team-specialty"
                    name="specialty"
                    type="text"
                    list="team-specialties"
                    maxlength="50"
                    placeholder=tr("teams.specialty_hint")
                    bind:value=specialty
                />
                <datalist id="team-specialties">
                    {SPECIALTIES.map(|s| view! { <option value=s></option> }).collect_view()}
                </datalist>
            </div>
            <div class="form-actions">
                <button type="submit" class="button">{tr("teams.submit")}</button>
                {move || searching().then(|| view! {
                    <button type="button" class="button button-secondary" on:click=clear.clone()>
                        {tr("teams.clear")}
                    </button>
                })}
            </div>
        </form>
        <section class="results" aria-labelledby="team-results">
            <h2 id="team-results" class="visually-hidden">{tr("teams.results")}</h2>
            <TeamList filter=filter empty="teams.none"/>
        </section>
    }
}
