//! The service project list (服务项目清单): `/projects` finds published projects by category,
//! target group, level, release batch and text (the search lives in the URL, as on
//! `/activities`); `/projects/{id}` shows one.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use youai_types::{AreaLevel, Project, ProjectBatch};

use crate::api::{ApiError, ProjectFilter, Query, use_api};
use crate::components::{
    AreaName, CATEGORIES, ErrorMessage, Fetched, Localized, PagedList, TARGET_GROUPS, localized,
    when_loaded,
};
use crate::format::{date, local_date};
use crate::i18n::{Lang, area_level_key, tr, use_i18n};

#[derive(Debug, Clone, Default, PartialEq)]
struct Search {
    q: String,
    category: String,
    group: String,
    level: String,
    batch: String,
}

impl Search {
    fn filter(&self) -> ProjectFilter {
        let text = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        ProjectFilter {
            q: text(&self.q),
            category: text(&self.category),
            target_group: text(&self.group),
            level: AreaLevel::parse(&self.level),
            batch_id: self.batch.parse().ok(),
        }
    }
}

/// Options of a `<select>` bound to `value`, after "any" (`any_key`).
fn options(
    value: RwSignal<String>,
    any_key: &'static str,
    items: Vec<(String, String)>,
) -> impl IntoView {
    view! {
        <option value="" selected=move || value.with(String::is_empty)>{tr(any_key)}</option>
        {items.into_iter().map(|(v, label)| {
            let current = v.clone();
            view! { <option value=v selected=move || value.with(|x| *x == current)>{label}</option> }
        }).collect_view()}
    }
}

#[component]
pub fn ProjectsPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let navigate = use_navigate();
    let query = use_query_map();
    let search = Memo::new(move |_| {
        query.with(|q| {
            let get = |k: &str| q.get(k).unwrap_or_default();
            Search {
                q: get("q"),
                category: get("category"),
                group: get("group"),
                level: get("level"),
                batch: get("batch"),
            }
        })
    });

    let text = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let group = RwSignal::new(String::new());
    let level = RwSignal::new(String::new());
    let batch = RwSignal::new(String::new());
    Effect::new(move |_| {
        let s = search.get();
        text.set(s.q);
        category.set(s.category);
        group.set(s.group);
        level.set(s.level);
        batch.set(s.batch);
    });
    let batches = Fetched::new(move || api.project_batches());

    let on_submit = {
        let navigate = navigate.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            let query = Query::new()
                .opt("q", Some(text.get_untracked().trim()))
                .opt("category", Some(category.get_untracked().trim()))
                .opt("group", Some(group.get_untracked()))
                .opt("level", Some(level.get_untracked()))
                .opt("batch", Some(batch.get_untracked()))
                .finish();
            navigate(&format!("/projects{query}"), Default::default());
        }
    };
    let clear = move |_| navigate("/projects", Default::default());
    let searching = move || search.with(|s| *s != Search::default());
    let select = |signal: RwSignal<String>| move |ev| signal.set(event_target_value(&ev));

    view! {
        <section class="page-head">
            <h1>{tr("projects.title")}</h1>
            <p class="intro">{tr("projects.intro")}</p>
        </section>
        <form class="search-form" role="search" aria-label=tr("projects.search") on:submit=on_submit>
            <div class="field field-wide">
                <label for="project-q">{tr("projects.q")}</label>
                <input id="project-q" name="q" type="search" maxlength="100"
                    placeholder=tr("projects.q_hint") bind:value=text/>
            </div>
            <div class="field">
                <label for="project-category">{tr("activities.category")}</label>
                <input id="project-category" name="category" type="text" list="project-categories"
                    maxlength="50" placeholder=tr("activities.category_hint") bind:value=category/>
                <datalist id="project-categories">
                    {CATEGORIES.map(|(c, _)| view! { <option value=c><Localized name=c/></option> }).collect_view()}
                </datalist>
            </div>
            <div class="field">
                <label for="project-group">{tr("activities.group")}</label>
                <select id="project-group" name="group" on:change=select(group)>
                    {move || options(group, "activities.any_group",
                        TARGET_GROUPS.iter().map(|(g, _)| ((*g).to_owned(), localized(i18n.lang(), g, None))).collect())}
                </select>
            </div>
            <div class="field">
                <label for="project-level">{tr("projects.level")}</label>
                <select id="project-level" name="level" on:change=select(level)>
                    {move || options(level, "projects.any_level", AreaLevel::ALL.iter()
                        .map(|l| (l.as_str().to_owned(), i18n.t(area_level_key(*l)).to_owned())).collect())}
                </select>
            </div>
            <div class="field">
                <label for="project-batch">{tr("projects.batch")}</label>
                <select id="project-batch" name="batch" on:change=select(batch)>
                    {move || options(batch, "projects.any_batch", match batches.get() {
                        Some(Ok(list)) => list.into_iter().map(|b| {
                            (b.id.to_string(), localized(i18n.lang(), &b.name, b.name_en.as_deref()))
                        }).collect(),
                        _ => Vec::new(),
                    })}
                </select>
            </div>
            <div class="form-actions">
                <button type="submit" class="button">{tr("activities.submit")}</button>
                {move || searching().then(|| view! {
                    <button type="button" class="button button-secondary" on:click=clear.clone()>
                        {tr("teams.clear")}
                    </button>
                })}
            </div>
        </form>
        <section class="results" aria-labelledby="project-results">
            <h2 id="project-results" class="visually-hidden">{tr("projects.results")}</h2>
            <ProjectList filter=Signal::derive(move || search.with(Search::filter)) batches/>
        </section>
    }
}

/// The projects `filter` selects, a page at a time.
#[component]
fn ProjectList(
    filter: Signal<ProjectFilter>,
    batches: Fetched<Result<Vec<ProjectBatch>, ApiError>>,
) -> impl IntoView {
    let api = use_api();
    let batch_name = move |id: Option<i64>| {
        let id = id?;
        batches
            .get()
            .and_then(Result::ok)?
            .into_iter()
            .find(|b| b.id == id)
            .map(|b| (b.name, b.name_en))
    };
    let card = move |p: Project| view! { <ProjectCard batch=batch_name(p.batch_id) project=p/> };
    let fetch = move |f: ProjectFilter, cursor: Option<String>| async move {
        api.projects(&f, cursor.as_deref()).await
    };
    view! {
        <PagedList
            filter
            fetch
            card
            empty="projects.none"
            class="card-list project-list"
        />
    }
}

#[component]
fn ProjectCard(project: Project, batch: Option<(String, Option<String>)>) -> impl IntoView {
    view! {
        <li class="card project-card">
            <h3 class="card-title"><a href=format!("/projects/{}", project.id)>{project.title}</a></h3>
            <p class="tags">
                <span class="tag"><Localized name=project.category/></span>
                <span class="tag tag-soft">{tr(area_level_key(project.level))}</span>
                {batch.map(|(name, name_en)| view! { <span class="tag tag-soft"><Localized name name_en/></span> })}
            </p>
            {(!project.target_groups.is_empty()).then(|| view! {
                <p class="muted">{tr("projects.for")} " " <TargetGroups groups=project.target_groups.clone()/></p>
            })}
        </li>
    }
}

/// A project's target groups in the reader's language ("—" when none).
#[component]
fn TargetGroups(groups: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let lang = i18n.lang();
        if groups.is_empty() {
            return "—".to_owned();
        }
        let names: Vec<String> = groups.iter().map(|g| localized(lang, g, None)).collect();
        names.join(if lang == Lang::En { ", " } else { "、" })
    }
}

/// `/projects/{id}`
#[component]
pub fn ProjectPage() -> impl IntoView {
    let api = use_api();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()));
    let project = Fetched::new(move || {
        let id = id();
        async move {
            match id {
                Some(id) => {
                    let p = api.project(id).await?;
                    let batch = match p.batch_id {
                        Some(b) => api
                            .project_batches()
                            .await
                            .ok()
                            .and_then(|l| l.into_iter().find(|x| x.id == b)),
                        None => None,
                    };
                    Ok((p, batch))
                }
                None => Err(ApiError::Unexpected {
                    status: 404,
                    message: String::new(),
                }),
            }
        }
    });
    let retry = Callback::new(move |()| project.refetch());
    view! {
        <p class="back"><a href="/projects">{tr("projects.back")}</a></p>
        {when_loaded(move || project.get(), move |value| match value {
            Ok((p, batch)) => view! { <ProjectDetail project=p batch/> }.into_any(),
            Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
        })}
    }
}

#[component]
fn ProjectDetail(project: Project, batch: Option<ProjectBatch>) -> impl IntoView {
    let related = format!(
        "/activities{}",
        Query::new()
            .opt("category", Some(&project.category))
            .finish()
    );
    view! {
        <article class="project-detail">
            <section class="page-head">
                <h1>{project.title}</h1>
                <p class="tags">
                    <span class="tag"><Localized name=project.category/></span>
                    <span class="tag tag-soft">{tr(area_level_key(project.level))}</span>
                </p>
            </section>
            {project.description.map(|d| view! { <p class="description">{d}</p> })}
            <dl class="facts">
                <dt>{tr("projects.target_groups")}</dt>
                <dd><TargetGroups groups=project.target_groups/></dd>
                <dt>{tr("projects.area")}</dt>
                <dd><AreaName id=project.area_id/></dd>
                <dt>{tr("projects.owner")}</dt>
                <dd>
                    {project.owner_team_id.map(|t| view! { <a href=format!("/teams/{t}")>{tr("projects.owner_team")}</a> })}
                    {project.owner_agency}
                </dd>
                {batch.map(|b| view! {
                    <dt>{tr("projects.batch")}</dt>
                    <dd><Localized name=b.name name_en=b.name_en/> " (" {date(b.released_on)} ")"</dd>
                })}
                {project.published_at.map(|t| view! {
                    <dt>{tr("projects.published")}</dt>
                    <dd><time>{date(local_date(t))}</time></dd>
                })}
            </dl>
            <p><a class="button" href=related>{tr("projects.related")}</a></p>
        </article>
    }
}
