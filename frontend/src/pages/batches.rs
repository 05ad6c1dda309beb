//! `/console/batches` (发布批次): the platform's admins open a release batch (a name and the
//! day it is released) and see the batches with how many published projects each holds.
//! Projects join a batch when a reviewer approves them (`/console/projects`).

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use youai_types::{NewProjectBatch, ProjectBatch};

use crate::api::{ApiError, use_api};
use crate::components::{
    ConsoleGate, ConsoleNav, ErrorMessage, Fetched, Field, Submission, described_by, when_loaded,
};
use crate::format::{date, parse_date, today};
use crate::i18n::{tr, tr_while};
use crate::session::Session;

/// `/console/batches`
#[component]
pub fn BatchesPage() -> impl IntoView {
    let api = use_api();
    let list = Fetched::new(move || api.project_batches());
    let created = Callback::new(move |()| list.refetch());
    view! {
        <section class="page-head">
            <h1>{tr("console.batches")}</h1>
            <p class="intro">{tr("console.batches_intro")}</p>
        </section>
        <ConsoleNav/>
        <ConsoleGate next="/console/batches" allowed=Session::is_platform_admin>
            <NewBatchForm created/>
            <section class="section" aria-labelledby="batches-heading">
                <h2 id="batches-heading">{tr("batches.list")}</h2>
                <BatchList list/>
            </section>
        </ConsoleGate>
    }
}

const BATCH_FIELDS: [&str; 3] = ["name", "name_en", "released_on"];

#[component]
fn NewBatchForm(created: Callback<()>) -> impl IntoView {
    let api = use_api();
    let name = RwSignal::new(String::new());
    let name_en = RwSignal::new(String::new());
    let released = RwSignal::new(date(today()));
    let create = Submission::new(&BATCH_FIELDS, move |batch: &NewProjectBatch| {
        let batch = batch.clone();
        async move {
            let done = api.create_project_batch(&batch).await;
            if done.is_ok() {
                created.run(());
            }
            done
        }
    });
    let pending = create.pending();
    let field_error = move |field: &'static str| create.field_error(field);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let n = name.get_untracked().trim().to_owned();
        let day = parse_date(&released.get_untracked());
        let mut problems = Vec::new();
        if n.is_empty() {
            problems.push(("name", "batches.name_needed"));
        }
        if day.is_none() {
            problems.push(("released_on", "batches.date_needed"));
        }
        if !create.check(problems) {
            return;
        }
        if let Some(released_on) = day {
            let en = name_en.get_untracked().trim().to_owned();
            create.submit(NewProjectBatch {
                name: n,
                name_en: (!en.is_empty()).then_some(en),
                released_on,
            });
        }
    };
    Effect::new(move |_| {
        if create.done().is_some() {
            name.set(String::new());
            name_en.set(String::new());
        }
    });
    view! {
        <section class="form-card" aria-labelledby="new-batch-heading">
            <h2 id="new-batch-heading">{tr("batches.new")}</h2>
            <form class="form new-batch-form" novalidate node_ref=create.form on:submit=on_submit>
                <Field id="batch-name" label=tr("batches.name") error=field_error("name")>
                    <input id="batch-name" name="name" type="text" maxlength="60" required
                        placeholder=tr("batches.name_example")
                        aria-describedby=described_by("batch-name", field_error("name")) bind:value=name/>
                </Field>
                <Field id="batch-name-en" label=tr("batches.name_en") error=field_error("name_en")>
                    <input id="batch-name-en" name="name_en" type="text" maxlength="60" lang="en"
                        aria-describedby=described_by("batch-name-en", field_error("name_en")) bind:value=name_en/>
                </Field>
                <Field id="batch-released" label=tr("batches.released_on") error=field_error("released_on")>
                    <input id="batch-released" name="released_on" type="date" required
                        aria-describedby=described_by("batch-released", field_error("released_on"))
                        bind:value=released/>
                </Field>
                {move || create.form_error().map(|error| view! { <ErrorMessage error/> })}
                <div class="form-actions">
                    <button type="submit" class="button" disabled=move || pending.get()>
                        {tr_while(pending, "batches.creating", "batches.create")}
                    </button>
                </div>
                <div aria-live="polite">
                    {move || create.done().map(|b| view! {
                        <p class="notice notice-success batch-created" role="status">{tr("batches.created")} " " {b.name}</p>
                    })}
                </div>
            </form>
        </section>
    }
}

/// The batches, latest release first.
#[component]
fn BatchList(list: Fetched<Result<Vec<ProjectBatch>, ApiError>>) -> impl IntoView {
    let retry = Callback::new(move |()| list.refetch());
    when_loaded(
        move || list.get(),
        move |value| match value {
            Ok(items) if items.is_empty() => {
                view! { <p class="empty">{tr("batches.none")}</p> }.into_any()
            }
            Ok(mut items) => {
                crate::sort::sort_by(&mut items, |a, b| {
                    (a.released_on, a.id) > (b.released_on, b.id)
                });
                view! {
                    <table class="data-table batch-table">
                        <thead>
                            <tr>
                                <th scope="col">{tr("batches.name")}</th>
                                <th scope="col">{tr("batches.released_on")}</th>
                                <th scope="col">{tr("batches.projects")}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {items.into_iter().map(|b| view! {
                                <tr id=format!("batch-{}", b.id)>
                                    <th scope="row" class="batch-name">
                                        {b.name}
                                        {b.name_en.map(|en| view! { <br/><span class="muted" lang="en">{en}</span> })}
                                    </th>
                                    <td><time>{date(b.released_on)}</time></td>
                                    <td class="num">{b.project_count}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }
                .into_any()
            }
            Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
        },
    )
}
