//! Agencies (机关企事业单位): `/agencies` lists them by kind and text; `/agencies/{id}`
//! shows one with its contact (agencies are public bodies), its published projects and its
//! resources.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use youai_types::{Agency, AgencyKind};

use crate::api::{ApiError, ResourceFilter, use_api};
use crate::components::{
    AreaName, ErrorMessage, Fetched, PagedList, ResourceCard, agency_kind_key, when_loaded,
};
use crate::i18n::tr;

#[component]
pub fn AgenciesPage() -> impl IntoView {
    let api = use_api();
    let text = RwSignal::new(String::new());
    let kind = RwSignal::new(None::<AgencyKind>);
    let asked = RwSignal::new((String::new(), None::<AgencyKind>));
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        asked.set((text.get_untracked().trim().to_owned(), kind.get_untracked()));
    };
    let fetch = move |(q, kind): (String, Option<AgencyKind>), cursor: Option<String>| async move {
        let q = Some(q).filter(|q| !q.is_empty());
        api.agencies(q.as_deref(), kind, None, cursor.as_deref())
            .await
    };
    view! {
        <section class="page-head">
            <h1>{tr("agencies.title")}</h1>
            <p class="intro">{tr("agencies.intro")}</p>
        </section>
        <form class="search-form" role="search" aria-label=tr("agencies.title") on:submit=on_submit>
            <div class="field field-wide">
                <label for="agency-q">{tr("projects.q")}</label>
                <input id="agency-q" name="q" type="search" maxlength="100" bind:value=text/>
            </div>
            <div class="field">
                <label for="agency-kind">{tr("agencies.kind")}</label>
                <select id="agency-kind" name="kind" on:change=move |ev| kind.set(AgencyKind::parse(&event_target_value(&ev)))>
                    <option value="">{tr("resources.any_kind")}</option>
                    {AgencyKind::ALL.iter().map(|k| view! { <option value=k.as_str()>{tr(agency_kind_key(*k))}</option> }).collect_view()}
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
                card=|agency: Agency| view! { <AgencyCard agency/> }
                empty="agencies.none"
                class="card-list agency-list"
            />
        </section>
    }
}

#[component]
fn AgencyCard(agency: Agency) -> impl IntoView {
    view! {
        <li class="card agency-card">
            <h3 class="card-title"><a href=format!("/agencies/{}", agency.id)>{agency.name}</a></h3>
            <p class="tags">
                <span class="tag">{tr(agency_kind_key(agency.kind))}</span>
                <span class="tag tag-soft"><AreaName id=agency.area_id/></span>
            </p>
        </li>
    }
}

/// `/agencies/{id}`
#[component]
pub fn AgencyPage() -> impl IntoView {
    let api = use_api();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()));
    let agency = Fetched::new(move || {
        let id = id();
        async move {
            match id {
                Some(id) => api.agency(id).await,
                None => Err(ApiError::Unexpected {
                    status: 404,
                    message: String::new(),
                }),
            }
        }
    });
    let retry = Callback::new(move |()| agency.refetch());
    view! {
        <p class="back"><a href="/agencies">{tr("agencies.back")}</a></p>
        {when_loaded(move || agency.get(), move |value| match value {
            Ok(a) => view! { <AgencyDetail agency=a/> }.into_any(),
            Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
        })}
    }
}

#[component]
fn AgencyDetail(agency: Agency) -> impl IntoView {
    let api = use_api();
    let id = agency.id;
    let projects = Fetched::new(move || api.agency_projects(id));
    let filter = Signal::derive(move || ResourceFilter {
        provider_agency_id: Some(id),
        ..ResourceFilter::default()
    });
    let fetch = move |f: ResourceFilter, cursor: Option<String>| async move {
        api.resources(&f, cursor.as_deref()).await
    };
    view! {
        <article class="agency-detail">
            <section class="page-head">
                <h1>{agency.name}</h1>
                <p class="tags"><span class="tag">{tr(agency_kind_key(agency.kind))}</span></p>
            </section>
            {agency.description.map(|d| view! { <p class="description">{d}</p> })}
            <dl class="facts">
                <dt>{tr("projects.area")}</dt>
                <dd><AreaName id=agency.area_id/></dd>
                {agency.contact_name.map(|c| view! { <dt>{tr("agencies.contact")}</dt><dd>{c}</dd> })}
                {agency.contact_phone.map(|p| view! {
                    <dt>{tr("venue.phone")}</dt><dd><a href=format!("tel:{p}")>{p.clone()}</a></dd>
                })}
            </dl>
            <section class="section" aria-labelledby="agency-projects">
                <h2 id="agency-projects">{tr("agencies.projects")}</h2>
                {when_loaded(move || projects.get(), move |value| match value {
                    Ok(page) if page.items.is_empty() => view! { <p class="empty">{tr("projects.none")}</p> }.into_any(),
                    Ok(page) => view! {
                        <ul class="card-list project-list">
                            {page.items.into_iter().map(|p| view! {
                                <li class="card project-card">
                                    <h3 class="card-title"><a href=format!("/projects/{}", p.id)>{p.title}</a></h3>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <ErrorMessage error/> }.into_any(),
                })}
            </section>
            <section class="section" aria-labelledby="agency-resources">
                <h2 id="agency-resources">{tr("agencies.resources")}</h2>
                <PagedList
                    filter
                    fetch
                    card=|resource| view! { <ResourceCard resource/> }
                    empty="resources.none"
                    class="card-list resource-list"
                />
            </section>
        </article>
    }
}
