//! `/activities`: find an activity to serve at, by town, dates, category, target group, free
//! places and text. The search lives in the URL (`/activities?area=17&from=2026-12-01&free=1`),
//! so it can be shared, and back works. Without a start date it lists what has not ended yet.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use youai_types::AreaLevel;

use crate::api::{ActivityFilter, AreaFilter, Query, use_api};
use crate::components::{
    ActivityList, CATEGORIES, Fetched, Localized, NearMe, TARGET_GROUPS, parse_near,
};
use crate::format::{date, day_start, parse_date, today};
use crate::i18n::{tr, use_i18n};

/// The search as the URL holds it: dates as `YYYY-MM-DD`, as the date inputs give them.
#[derive(Debug, Clone, Default, PartialEq)]
struct Search {
    q: String,
    area: String,
    from: String,
    to: String,
    category: String,
    group: String,
    free: bool,
    /// `latitude,longitude`, from 我附近的活动.
    near: String,
}

impl Search {
    fn filter(&self) -> ActivityFilter {
        let text = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        // `to` is a whole day: activities starting before the next midnight.
        let to = parse_date(&self.to)
            .and_then(|d| d.succ_opt())
            .map(day_start);
        ActivityFilter {
            q: text(&self.q),
            within: self.area.parse().ok(),
            from: Some(day_start(parse_date(&self.from).unwrap_or_else(today))),
            to,
            category: text(&self.category),
            target_group: text(&self.group),
            free: self.free,
            near: parse_near(&self.near).map(|(lat, lng)| format!("{lat},{lng}")),
            ..ActivityFilter::default()
        }
    }

    fn is_default(&self) -> bool {
        *self == Search::default()
    }
}

#[component]
pub fn ActivitiesPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let navigate = use_navigate();
    let query = use_query_map();

    let search = Memo::new(move |_| {
        query.with(|q| {
            let get = |k: &str| q.get(k).unwrap_or_default();
            Search {
                q: get("q"),
                area: get("area"),
                from: get("from"),
                to: get("to"),
                category: get("category"),
                group: get("group"),
                free: q.get("free").is_some_and(|v| v == "1"),
                near: get("near"),
            }
        })
    });
    let filter = Signal::derive(move || search.with(Search::filter));

    // The form, following the URL (back and forward, links).
    let text = RwSignal::new(String::new());
    let area = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let group = RwSignal::new(String::new());
    let free = RwSignal::new(false);
    Effect::new(move |_| {
        let s = search.get();
        text.set(s.q);
        area.set(s.area);
        from.set(s.from);
        to.set(s.to);
        category.set(s.category);
        group.set(s.group);
        free.set(s.free);
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
            let query = Query::new()
                .opt("q", Some(text.get_untracked().trim()))
                .opt("area", Some(area.get_untracked()))
                .opt("from", Some(from.get_untracked()))
                .opt("to", Some(to.get_untracked()))
                .opt("category", Some(category.get_untracked().trim()))
                .opt("group", Some(group.get_untracked()))
                .opt("free", free.get_untracked().then_some("1"))
                // The position found before stays until the search is cleared.
                .opt("near", search.with_untracked(|s| Some(s.near.clone())))
                .finish();
            navigate(&format!("/activities{query}"), Default::default());
        }
    };
    let clear = move |_| navigate("/activities", Default::default());
    let searching = move || !search.with(Search::is_default);

    view! {
        <section class="page-head">
            <h1>{tr("activities.title")}</h1>
            <p class="intro">{tr("activities.intro")}</p>
        </section>
        <form class="search-form" role="search" aria-label=tr("activities.search") on:submit=on_submit>
            <div class="field field-wide">
                <label for="activity-q">{tr("activities.q")}</label>
                <input
                    id="activity-q"
                    name="q"
                    type="search"
                    maxlength="100"
                    placeholder=tr("activities.q_hint")
                    bind:value=text
                />
            </div>
            <div class="field">
                <label for="activity-area">{tr("activities.area")}</label>
                <select id="activity-area" name="area" on:change=move |ev| area.set(event_target_value(&ev))>
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
                <label for="activity-from">{tr("activities.from")}</label>
                <input
                    id="activity-from"
                    name="from"
                    type="date"
                    aria-describedby="activity-from-hint"
                    bind:value=from
                />
                <p id="activity-from-hint" class="field-hint">{tr("activities.from_hint")}</p>
            </div>
            <div class="field">
                <label for="activity-to">{tr("activities.to")}</label>
                <input id="activity-to" name="to" type="date" min=move || from.get() bind:value=to/>
            </div>
            <div class="field">
                <label for="activity-category">{tr("activities.category")}</label>
                <input
                    id="activity-category"
                    name="category"
                    type="text"
                    list="activity-categories"
                    maxlength="50"
                    placeholder=tr("activities.category_hint")
                    bind:value=category
                />
                <datalist id="activity-categories">
                    {CATEGORIES.map(|(c, _)| view! { <option value=c><Localized name=c/></option> }).collect_view()}
                </datalist>
            </div>
            <div class="field">
                <label for="activity-group">{tr("activities.group")}</label>
                <select id="activity-group" name="group" on:change=move |ev| group.set(event_target_value(&ev))>
                    <option value="" selected=move || group.with(String::is_empty)>{tr("activities.any_group")}</option>
                    {TARGET_GROUPS.map(|(g, _)| view! {
                        <option value=g selected=move || group.with(|v| v == g)><Localized name=g/></option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field field-check">
                <label class="choice" for="activity-free">
                    <input id="activity-free" name="free" type="checkbox" bind:checked=free/>
                    {tr("activities.free")}
                </label>
            </div>
            <div class="form-actions">
                <button type="submit" class="button">{tr("activities.submit")}</button>
                <NearMe/>
                {move || searching().then(|| view! {
                    <button type="button" class="button button-secondary" on:click=clear.clone()>
                        {tr("teams.clear")}
                    </button>
                })}
            </div>
        </form>
        <section class="results" aria-labelledby="activity-results">
            <h2 id="activity-results" class="visually-hidden">{tr("activities.results")}</h2>
            <p class="muted">
                {move || {
                    let s = search.get();
                    let from = parse_date(&s.from).unwrap_or_else(today);
                    format!("{} {}", i18n.t("activities.showing_from"), date(from))
                }}
                {move || search.with(|s| parse_near(&s.near).is_some()).then(|| view! {
                    " · " {tr("activities.near_shown")}
                })}
            </p>
            <ActivityList filter=filter empty="activities.none"/>
        </section>
    }
}
