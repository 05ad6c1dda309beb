//! `/console/projects`: team leaders draft service projects for their teams and submit them
//! for review; area and platform admins see the projects of their area by status and decide
//! the review queue (approve into a release batch, or reject with a reason).

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use youai_types::{
    AreaLevel, NewProject, NewProjectReview, Project, ProjectAction, ProjectBatch, ProjectStatus,
};

use crate::api::{ApiClient, ApiError, AreaFilter, use_api};
use crate::components::{
    AreaName, CATEGORIES, ConsoleGate, ConsoleNav, ErrorMessage, Fetched, Field, FieldSet,
    Localized, Submission, TARGET_GROUPS, described_by, error_text, when_loaded,
};
use crate::i18n::{I18n, area_level_key, tr, tr_while, use_i18n};
use crate::session::{Session, staff_areas, use_session};

/// The catalogue key of a project's status.
fn project_status_key(status: ProjectStatus) -> &'static str {
    match status {
        ProjectStatus::Draft => "project_status.draft",
        ProjectStatus::InReview => "project_status.in_review",
        ProjectStatus::Published => "project_status.published",
        ProjectStatus::Closed => "project_status.closed",
    }
}

fn may_manage_projects(s: &Session) -> bool {
    s.is_leader() || s.is_staff()
}

/// `/console/projects`
#[component]
pub fn ProjectsAdminPage() -> impl IntoView {
    let session = use_session();
    // Read again after any change on the page.
    let version = RwSignal::new(0u32);
    let changed = Callback::new(move |()| version.update(|v| *v = v.wrapping_add(1)));
    view! {
        <section class="page-head">
            <h1>{tr("console.projects")}</h1>
            <p class="intro">{tr("console.projects_intro")}</p>
        </section>
        <ConsoleNav/>
        <ConsoleGate next="/console/projects" allowed=may_manage_projects>
            {move || session.is_staff().then(|| view! { <ReviewQueue version changed/> })}
            <NewProjectForm changed/>
            <MyProjects version changed/>
        </ConsoleGate>
    }
}

// ---- drafting ---------------------------------------------------------------------------

const PROJECT_FIELDS: [&str; 8] = [
    "title",
    "description",
    "category",
    "target_groups",
    "level",
    "area_id",
    "owner_team_id",
    "owner_agency",
];

#[component]
fn NewProjectForm(changed: Callback<()>) -> impl IntoView {
    let api = use_api();
    let session = use_session();
    let teams = session.led_teams();
    let staff = session.is_staff();
    let title = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let groups = RwSignal::new(Vec::<&'static str>::new());
    let level = RwSignal::new(AreaLevel::Town.as_str().to_owned());
    let area = RwSignal::new(String::new());
    let owner = RwSignal::new(teams.first().map(|t| t.0.to_string()).unwrap_or_default());
    let agency = RwSignal::new(String::new());
    let areas = Fetched::new(move || {
        let filter = AreaFilter {
            level: AreaLevel::parse(&level.get()),
            parent_id: None,
        };
        async move { api.all_areas(filter).await }
    });

    let create = Submission::new(&PROJECT_FIELDS, move |project: &NewProject| {
        let project = project.clone();
        async move {
            let done = api.create_project(&project).await;
            if done.is_ok() {
                changed.run(());
            }
            done
        }
    });
    let pending = create.pending();
    let field_error = move |field: &'static str| create.field_error(field);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let text = |s: RwSignal<String>| {
            Some(s.get_untracked().trim().to_owned()).filter(|t| !t.is_empty())
        };
        let project = NewProject {
            title: title.get_untracked().trim().to_owned(),
            description: text(description),
            category: category.get_untracked().trim().to_owned(),
            target_groups: groups
                .get_untracked()
                .into_iter()
                .map(str::to_owned)
                .collect(),
            level: AreaLevel::parse(&level.get_untracked()).unwrap_or(AreaLevel::Town),
            area_id: area.get_untracked().parse().unwrap_or(0),
            owner_team_id: owner.get_untracked().parse().ok(),
            owner_agency: text(agency),
            owner_agency_id: None,
        };
        create.submit(project);
    };
    Effect::new(move |_| {
        if create.done().is_some() {
            for s in [title, description, category] {
                s.set(String::new());
            }
            groups.set(Vec::new());
        }
    });

    view! {
        <section class="form-card" aria-labelledby="new-project-heading">
            <h2 id="new-project-heading">{tr("pm.new_project")}</h2>
            <form class="form new-project-form" novalidate node_ref=create.form on:submit=on_submit>
                <Field id="project-title" label=tr("pm.title") error=field_error("title")>
                    <input id="project-title" name="title" type="text" maxlength="100" required
                        aria-describedby=described_by("project-title", field_error("title")) bind:value=title/>
                </Field>
                <Field id="project-description" label=tr("manage.description") error=field_error("description")>
                    <textarea id="project-description" name="description" rows="3" maxlength="5000"
                        prop:value=move || description.get()
                        on:input=move |ev| description.set(event_target_value(&ev))></textarea>
                </Field>
                <Field id="project-category" label=tr("pm.category") error=field_error("category")>
                    <input id="project-category" name="category" type="text" maxlength="30" required list="project-categories"
                        aria-describedby=described_by("project-category", field_error("category")) bind:value=category/>
                    <datalist id="project-categories">
                        {CATEGORIES.map(|(c, _)| view! { <option value=c><Localized name=c/></option> }).collect_view()}
                    </datalist>
                </Field>
                <FieldSet id="project-groups" legend=tr("projects.target_groups")
                    error=field_error("target_groups")>
                    {TARGET_GROUPS.map(|(g, _)| view! {
                        <label class="check">
                            <input type="checkbox" name="target_groups" value=g
                                prop:checked=move || groups.with(|l| l.contains(&g))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    groups.update(|l| {
                                        l.retain(|x| *x != g);
                                        if on { l.push(g); }
                                    });
                                }/>
                            " " <Localized name=g/>
                        </label>
                    }).collect_view()}
                </FieldSet>
                <Field id="project-level" label=tr("projects.level") error=field_error("level")>
                    <select id="project-level" name="level" on:change=move |ev| {
                        level.set(event_target_value(&ev));
                        area.set(String::new());
                    }>
                        {AreaLevel::ALL.iter().map(|l| {
                            let v = l.as_str();
                            view! { <option value=v selected=move || level.with(|x| x == v)>{tr(area_level_key(*l))}</option> }
                        }).collect_view()}
                    </select>
                </Field>
                <Field id="project-area" label=tr("projects.area") error=field_error("area_id")>
                    <select id="project-area" name="area_id"
                        aria-describedby=described_by("project-area", field_error("area_id"))
                        on:change=move |ev| area.set(event_target_value(&ev))>
                        <option value="" selected=move || area.with(String::is_empty)>{tr("pm.choose")}</option>
                        {move || areas.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|a| {
                            let v = a.id.to_string();
                            let current = v.clone();
                            view! { <option value=v selected=move || area.with(|x| *x == current)>{a.name}</option> }
                        }).collect_view()}
                    </select>
                </Field>
                <Field id="project-owner" label=tr("projects.owner_team") error=field_error("owner_team_id")>
                    <select id="project-owner" name="owner_team_id"
                        aria-describedby=described_by("project-owner", field_error("owner_team_id"))
                        on:change=move |ev| owner.set(event_target_value(&ev))>
                        {staff.then(|| view! {
                            <option value="" selected=move || owner.with(String::is_empty)>{tr("pm.no_team")}</option>
                        })}
                        {teams.into_iter().map(|(id, name)| {
                            let v = id.to_string();
                            let current = v.clone();
                            view! { <option value=v selected=move || owner.with(|x| *x == current)>{name}</option> }
                        }).collect_view()}
                    </select>
                </Field>
                {staff.then(|| view! {
                    <Field id="project-agency" label=tr("pm.agency") error=field_error("owner_agency")>
                        <input id="project-agency" name="owner_agency" type="text" maxlength="100" bind:value=agency/>
                    </Field>
                })}
                {move || create.form_error().map(|error| view! { <ErrorMessage error/> })}
                <div class="form-actions">
                    <button type="submit" class="button" disabled=move || pending.get()>
                        {tr_while(pending, "pm.creating", "pm.create")}
                    </button>
                </div>
                <div aria-live="polite">
                    {move || create.done().map(|p| view! {
                        <p class="notice notice-success project-created" role="status">{tr("pm.created")} " " {p.title}</p>
                    })}
                </div>
            </form>
        </section>
    }
}

// ---- my projects, by status -------------------------------------------------------------

/// The projects in `status` the user runs or reviews: within their first area for a
/// reviewer, else those their teams own.
async fn my_projects(
    api: ApiClient,
    status: ProjectStatus,
    area: Option<i64>,
    teams: Vec<i64>,
) -> Result<Vec<Project>, ApiError> {
    let mut all: Vec<Project> = Vec::new();
    if let Some(area) = area {
        all = api.projects_in(status, Some(area), None).await?.items;
    } else {
        for team in teams {
            all.extend(api.projects_in(status, None, Some(team)).await?.items);
        }
    }
    crate::sort::sort_by(&mut all, |a, b| a.id > b.id);
    Ok(all)
}

#[component]
fn MyProjects(version: RwSignal<u32>, changed: Callback<()>) -> impl IntoView {
    let api = use_api();
    let session = use_session();
    let status = RwSignal::new(ProjectStatus::Draft);
    let list = Fetched::new(move || {
        version.track();
        let status = status.get();
        let me = session.me();
        let teams: Vec<i64> = session.led_teams().into_iter().map(|t| t.0).collect();
        async move {
            let area = match me {
                Some(me) => staff_areas(api, &me).await?.first().copied(),
                None => None,
            };
            my_projects(api, status, area, teams).await
        }
    });
    let retry = Callback::new(move |()| list.refetch());
    view! {
        <section class="section" aria-labelledby="my-projects-heading">
            <h2 id="my-projects-heading">{tr("pm.my_projects")}</h2>
            <div class="tabs project-status-tabs" role="group" aria-label=tr("pm.by_status")>
                {ProjectStatus::ALL.iter().map(|s| {
                    let s = *s;
                    view! {
                        <button type="button" class=format!("button button-small button-secondary status-{}", s.as_str())
                            aria-pressed=move || (status.get() == s).to_string()
                            on:click=move |_| status.set(s)>
                            {tr(project_status_key(s))}
                        </button>
                    }
                }).collect_view()}
            </div>
            {when_loaded(move || list.get(), move |value| match value {
                Ok(items) if items.is_empty() => view! { <p class="empty">{tr("pm.none")}</p> }.into_any(),
                Ok(items) => view! {
                    <ul class="card-list card-list-single my-projects">
                        {items.into_iter().map(|project| view! { <ProjectRow project changed/> }).collect_view()}
                    </ul>
                }
                .into_any(),
                Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
            })}
        </section>
    }
}

/// A project's card: what and where, its status, and what its owner may do next.
#[component]
fn ProjectSummary(project: Project) -> impl IntoView {
    view! {
        <h3 class="card-title">{project.title}</h3>
        <p class="tags">
            <span class=format!("badge badge-project-{}", project.status.as_str())>{tr(project_status_key(project.status))}</span>
            <span class="tag"><Localized name=project.category/></span>
            <span class="tag tag-soft">{tr(area_level_key(project.level))}</span>
            {project.target_groups.into_iter().map(|g| view! { <span class="tag tag-soft"><Localized name=g/></span> }).collect_view()}
        </p>
        <p class="muted">{tr("projects.area")} " " <AreaName id=project.area_id/></p>
        {project.description.map(|d| view! { <p>{d}</p> })}
        {project.review_reason.map(|r| view! {
            <p class="notice review-reason">{tr("pm.returned")} " " {r}</p>
        })}
    }
}

#[component]
fn ProjectRow(project: Project, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let id = project.id;
    let status = project.status;
    let step = Action::new_local(move |review: &NewProjectReview| {
        let review = review.clone();
        async move {
            let done = api.review_project(id, &review).await;
            if done.is_ok() || done.as_ref().is_err_and(|e| e.is("invalid_transition")) {
                changed.run(());
            }
            done
        }
    });
    let pending = step.pending();
    let error = move || {
        if pending.get() {
            None
        } else {
            step.value().get().and_then(Result::err)
        }
    };
    let go = move |action: ProjectAction| {
        step.dispatch_local(NewProjectReview {
            action,
            reason: None,
            batch_id: None,
        });
    };
    view! {
        <li class="card project-row" id=format!("project-row-{id}")>
            <ProjectSummary project/>
            <div class="form-actions">
                {(status == ProjectStatus::Draft).then(|| view! {
                    <button type="button" class="button button-small submit-project" disabled=move || pending.get()
                        on:click=move |_| go(ProjectAction::Submit)>
                        {tr_while(pending, "console.deciding", "pm.submit")}
                    </button>
                })}
                {(status == ProjectStatus::Published).then(|| view! {
                    <a class="button button-small button-secondary" href=format!("/projects/{id}")>{tr("pm.view")}</a>
                    <button type="button" class="button button-small button-secondary close-project" disabled=move || pending.get()
                        on:click=move |_| go(ProjectAction::Close)>
                        {tr("pm.close")}
                    </button>
                })}
            </div>
            {move || error().map(|e| view! { <p class="field-error" role="alert">{move || error_text(i18n, &e)}</p> })}
        </li>
    }
}

// ---- the review queue -------------------------------------------------------------------

/// The projects in review in the reviewer's areas.
async fn review_queue(api: ApiClient, me: youai_types::Me) -> Result<Vec<Project>, ApiError> {
    let mut all: Vec<Project> = Vec::new();
    for area in staff_areas(api, &me).await? {
        for p in api
            .projects_in(ProjectStatus::InReview, Some(area), None)
            .await?
            .items
        {
            if !all.iter().any(|x| x.id == p.id) {
                all.push(p);
            }
        }
    }
    Ok(all)
}

#[component]
fn ReviewQueue(version: RwSignal<u32>, changed: Callback<()>) -> impl IntoView {
    let api = use_api();
    let session = use_session();
    let list = Fetched::new(move || {
        version.track();
        let me = session.me();
        async move {
            match me {
                Some(me) => review_queue(api, me).await,
                None => Ok(Vec::new()),
            }
        }
    });
    let batches = Fetched::new(move || api.project_batches());
    let retry = Callback::new(move |()| list.refetch());
    // The last decision (catalogue key, project title), announced politely.
    let done = RwSignal::new(None::<(&'static str, String)>);
    let decided = Callback::new(move |outcome: (&'static str, String)| {
        done.set(Some(outcome));
        changed.run(());
    });
    view! {
        <section class="section" aria-labelledby="review-queue-heading">
            <h2 id="review-queue-heading">{tr("pm.review_queue")}</h2>
            <div class="sr-status" role="status" aria-live="polite">
                {move || done.get().map(|(key, title)| view! {
                    <p class="notice notice-success">{tr(key)} " " {title}</p>
                })}
            </div>
            {when_loaded(move || list.get(), move |value| match value {
                Ok(items) if items.is_empty() => view! { <p class="empty">{tr("pm.queue_empty")}</p> }.into_any(),
                Ok(items) => view! {
                    <ul class="card-list card-list-single review-queue">
                        {items.into_iter().map(|project| view! { <ReviewItem project batches decided/> }).collect_view()}
                    </ul>
                }
                .into_any(),
                Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
            })}
        </section>
    }
}

fn field_text(i18n: I18n, e: &ApiError, field: &str) -> Option<String> {
    e.field_error(field)
        .map(|f| i18n.problem(&f.code, &f.message))
}

#[component]
fn ReviewItem(
    project: Project,
    batches: Fetched<Result<Vec<ProjectBatch>, ApiError>>,
    decided: Callback<(&'static str, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let id = project.id;
    let title = project.title.clone();
    let batch = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    // A reason is asked for before the server is.
    let no_reason = RwSignal::new(false);
    let decide = Action::new_local(move |review: &NewProjectReview| {
        let review = review.clone();
        let title = title.clone();
        async move {
            let done = api.review_project(id, &review).await;
            match &done {
                Ok(p) if p.status == ProjectStatus::Published => {
                    decided.run(("pm.approved", title));
                }
                Ok(_) => decided.run(("pm.rejected", title)),
                Err(e) if e.is("invalid_transition") => decided.run(("console.stale", title)),
                Err(_) => {}
            }
            done
        }
    });
    let pending = decide.pending();
    let failed = move || {
        if pending.get() {
            None
        } else {
            decide.value().get().and_then(Result::err)
        }
    };
    let batch_error = move || failed().and_then(|e| field_text(i18n, &e, "batch_id"));
    let reason_error = move || {
        if no_reason.get() {
            return Some(i18n.t("console.need_reason").to_owned());
        }
        failed().and_then(|e| field_text(i18n, &e, "reason"))
    };
    let batch_id = format!("review-batch-{id}");
    let reason_id = format!("review-reason-{id}");
    let approve = move |_| {
        no_reason.set(false);
        decide.dispatch_local(NewProjectReview {
            action: ProjectAction::Approve,
            reason: None,
            batch_id: batch.get_untracked().parse().ok(),
        });
    };
    let reject = move |_| {
        let r = reason.get_untracked().trim().to_owned();
        no_reason.set(r.is_empty());
        if r.is_empty() {
            return;
        }
        decide.dispatch_local(NewProjectReview {
            action: ProjectAction::Reject,
            reason: Some(r),
            batch_id: None,
        });
    };
    view! {
        <li class="card review-item" id=format!("review-project-{id}")>
            <ProjectSummary project/>
            <div class="field">
                <label for=batch_id.clone()>{tr("projects.batch")}</label>
                <select id=batch_id.clone() class="review-batch"
                    aria-describedby=move || batch_error().map(|_| format!("review-batch-{id}-error"))
                    on:change=move |ev| batch.set(event_target_value(&ev))>
                    <option value="" selected=move || batch.with(String::is_empty)>{tr("pm.choose")}</option>
                    {move || batches.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|b| {
                        let v = b.id.to_string();
                        let current = v.clone();
                        view! { <option value=v selected=move || batch.with(|x| *x == current)>{b.name}</option> }
                    }).collect_view()}
                </select>
                {move || batch_error().map(|m| view! { <p id=format!("review-batch-{id}-error") class="field-error">{m}</p> })}
            </div>
            <div class="form-actions">
                <button type="button" class="button approve" disabled=move || pending.get() on:click=approve>
                    {tr_while(pending, "console.deciding", "pm.approve")}
                </button>
            </div>
            <div class="field">
                <label for=reason_id.clone()>{tr("console.reason")}</label>
                <textarea id=reason_id class="review-reason-input" rows="2" maxlength="500"
                    aria-describedby=move || reason_error().map(|_| format!("review-reason-{id}-error"))
                    prop:value=move || reason.get()
                    on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                {move || reason_error().map(|m| view! { <p id=format!("review-reason-{id}-error") class="field-error">{m}</p> })}
            </div>
            <div class="form-actions">
                <button type="button" class="button button-secondary reject" disabled=move || pending.get() on:click=reject>
                    {tr("console.reject")}
                </button>
            </div>
            {move || failed().and_then(|e| e.without_fields(&["batch_id", "reason"])).map(|error| view! { <ErrorMessage error/> })}
        </li>
    }
}
