//! `/console/areas`: platform and area admins keep their area tree (city → towns → villages and
//! communities): rename an area or set its code, add a town or village under it.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use youai_types::{AreaLevel, AreaNode, AreaPatch, NewArea};

use crate::api::{ApiError, use_api};
use crate::components::{ConsoleGate, ConsoleNav, ErrorMessage, Fetched, when_loaded};
use crate::i18n::{area_level_key, tr, tr_while};
use crate::session::{Session, staff_areas, use_session};

#[component]
pub fn AreasAdminPage() -> impl IntoView {
    view! {
        <section class="page-head">
            <h1>{tr("console.areas")}</h1>
            <p class="intro">{tr("console.areas_intro")}</p>
        </section>
        <ConsoleNav/>
        <ConsoleGate next="/console/areas" allowed=Session::is_staff>
            <Trees/>
        </ConsoleGate>
    }
}

/// The tree of each area the admin manages, read again after a change.
#[component]
fn Trees() -> impl IntoView {
    let api = use_api();
    let session = use_session();
    let version = RwSignal::new(0u32);
    let changed = Callback::new(move |()| version.update(|v| *v = v.wrapping_add(1)));
    let trees = Fetched::new(move || {
        version.track();
        let me = session.me();
        async move {
            let Some(me) = me else {
                return Ok(Vec::new());
            };
            let mut trees = Vec::new();
            for id in staff_areas(api, &me).await? {
                trees.push(api.area_tree(id).await?);
            }
            Ok::<Vec<AreaNode>, ApiError>(trees)
        }
    });
    let retry = Callback::new(move |()| trees.refetch());
    // The areas unfolded, kept when the tree is read again after a change.
    let opened = RwSignal::new(Vec::<i64>::new());
    view! {
        {when_loaded(move || trees.get(), move |value| match value {
            Ok(trees) => view! {
                <ul class="area-tree">
                    {trees.into_iter().map(|node| view! { <Node node changed root=true opened/> }).collect_view()}
                </ul>
            }
            .into_any(),
            Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
        })}
    }
}

/// The level an area's children have: a city's are towns, a town's villages.
fn child_level(level: AreaLevel) -> Option<AreaLevel> {
    match level {
        AreaLevel::City => Some(AreaLevel::Town),
        AreaLevel::Town => Some(AreaLevel::Village),
        AreaLevel::Village => None,
    }
}

/// One area: its name and code, edit and add-below forms, and its children (folded).
#[component]
fn Node(node: AreaNode, changed: Callback<()>, root: bool, opened: RwSignal<Vec<i64>>) -> AnyView {
    // `AnyView`, not `impl IntoView`: a node's view holds its children's, of the same type.
    let id = node.id;
    let level = node.level;
    let editing = RwSignal::new(false);
    let children = node.children;
    let count = children.len();
    let name = node.name.clone();
    let code = node.code.clone();
    view! {
        <li class="area-node" id=format!("area-{id}")>
            <p class="area-line">
                <strong class="area-name">{node.name}</strong>
                " "
                <span class="tag tag-soft">{tr(area_level_key(level))}</span>
                {node.code.map(|c| view! { " " <code>{c}</code> })}
                " "
                <button type="button" class="button button-small button-secondary edit-area" on:click=move |_| editing.update(|e| *e = !*e)
                    aria-expanded=move || editing.get().to_string()>
                    {tr("corps.edit")}
                </button>
            </p>
            {move || editing.get().then(|| view! { <EditArea id name=name.clone() code=code.clone() changed editing/> })}
            {child_level(level).map(|below| view! {
                <details
                    class="area-children"
                    open=move || root || opened.with(|o| o.contains(&id))
                    on:toggle=move |ev| {
                        let open = ev
                            .target()
                            .and_then(|t| js_sys::Reflect::get(&t, &"open".into()).ok())
                            .and_then(|v| v.as_bool())
                            .unwrap_or(false);
                        opened.update(|o| {
                            o.retain(|x| *x != id);
                            if open {
                                o.push(id);
                            }
                        });
                    }
                >
                    <summary>{tr("corps.below")} " (" {count} ")"</summary>
                    <NewArea parent=id level=below changed/>
                    <ul>
                        {children.into_iter().map(|node| view! { <Node node changed root=false opened/> }).collect_view()}
                    </ul>
                </details>
            })}
        </li>
    }
    .into_any()
}

#[component]
fn EditArea(
    id: i64,
    name: String,
    code: Option<String>,
    changed: Callback<()>,
    editing: RwSignal<bool>,
) -> impl IntoView {
    let api = use_api();
    let name = RwSignal::new(name);
    let code = RwSignal::new(code.unwrap_or_default());
    let save = Action::new_local(move |patch: &AreaPatch| {
        let patch = patch.clone();
        async move {
            let done = api.update_area(id, &patch).await;
            if done.is_ok() {
                editing.set(false);
                changed.run(());
            }
            done
        }
    });
    let pending = save.pending();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        save.dispatch_local(AreaPatch {
            name: Some(name.get_untracked().trim().to_owned()),
            code: Some(code.get_untracked().trim().to_owned()).filter(|c| !c.is_empty()),
        });
    };
    let (name_id, code_id) = (format!("area-name-{id}"), format!("area-code-{id}"));
    view! {
        <form class="form form-inline edit-area-form" on:submit=on_submit>
            <div class="field">
                <label for=name_id.clone()>{tr("corps.area_name")}</label>
                <input id=name_id name="name" type="text" maxlength="50" required bind:value=name/>
            </div>
            <div class="field">
                <label for=code_id.clone()>{tr("corps.area_code")}</label>
                <input id=code_id name="code" type="text" maxlength="20" bind:value=code/>
            </div>
            <button type="submit" class="button" disabled=move || pending.get()>
                {tr_while(pending, "volunteer.saving", "volunteer.save_profile")}
            </button>
            {move || save.value().get().and_then(Result::err).map(|error| view! { <ErrorMessage error/> })}
        </form>
    }
}

#[component]
fn NewArea(parent: i64, level: AreaLevel, changed: Callback<()>) -> impl IntoView {
    let api = use_api();
    let name = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let add = Action::new_local(move |area: &NewArea| {
        let area = area.clone();
        async move {
            let done = api.create_area(&area).await;
            if done.is_ok() {
                changed.run(());
            }
            done
        }
    });
    let pending = add.pending();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        add.dispatch_local(NewArea {
            parent_id: Some(parent),
            level,
            name: name.get_untracked().trim().to_owned(),
            code: Some(code.get_untracked().trim().to_owned()).filter(|c| !c.is_empty()),
        });
    };
    let (name_id, code_id) = (
        format!("new-area-name-{parent}"),
        format!("new-area-code-{parent}"),
    );
    view! {
        <form class="form form-inline new-area-form" on:submit=on_submit>
            <div class="field">
                <label for=name_id.clone()>{tr("corps.new_area")} " (" {tr(area_level_key(level))} ")"</label>
                <input id=name_id name="name" type="text" maxlength="50" required bind:value=name/>
            </div>
            <div class="field">
                <label for=code_id.clone()>{tr("corps.area_code")}</label>
                <input id=code_id name="code" type="text" maxlength="20" bind:value=code/>
            </div>
            <button type="submit" class="button button-secondary" disabled=move || pending.get()>
                {tr_while(pending, "corps.adding", "corps.add")}
            </button>
            {move || add.value().get().and_then(Result::err).map(|error| view! { <ErrorMessage error/> })}
        </form>
    }
}
