//! `/console/resources`: staff and agency operators publish resources (社会资源清单), see
//! what remains of each this period, and allocate (下沉) them to a town or village, with the
//! server's refusals (beyond capacity, outside the window) beside the fields.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use youai_types::vocabulary::{RESOURCE_TOPICS, TARGET_GROUPS};
use youai_types::{
    AreaLevel, NewAllocation, NewResource, Resource, ResourceKind, ResourcePatch, ResourcePeriod,
    ResourceStatus, Role,
};

use crate::api::{AreaFilter, ResourceFilter, use_api};
use crate::components::{
    AgencyPicker, AreaName, AreaPicker, ConsoleGate, ConsoleNav, ErrorMessage, Fetched, Field,
    FieldSet, Localized, PagedList, ResourceCard, Submission, described_by, resource_kind_key,
    resource_period_key, when_loaded,
};
use crate::i18n::{tr, tr_while};
use crate::session::{Session, staff_areas, use_session};

/// The agencies the user operates for.
fn operated(s: &Session) -> Vec<i64> {
    s.me()
        .map(|m| {
            m.grants
                .iter()
                .filter(|g| g.role == Role::AgencyOperator)
                .filter_map(|g| g.agency_id)
                .collect()
        })
        .unwrap_or_default()
}

fn may_manage(s: &Session) -> bool {
    s.is_staff() || !operated(s).is_empty()
}

#[component]
pub fn ResourcesAdminPage() -> impl IntoView {
    view! {
        <section class="page-head">
            <h1>{tr("console.resources")}</h1>
            <p class="intro">{tr("console.resources_intro")}</p>
        </section>
        <ConsoleNav/>
        <ConsoleGate next="/console/resources" allowed=may_manage>
            <Resources/>
        </ConsoleGate>
    }
}

#[component]
fn Resources() -> impl IntoView {
    let api = use_api();
    let session = use_session();
    let version = RwSignal::new(0u32);
    let changed = Callback::new(move |()| version.update(|v| *v = v.wrapping_add(1)));
    // What the user manages: the resources within their areas, and their agencies'.
    let scopes = Fetched::new(move || {
        let me = session.me();
        let agencies = operated(&session);
        async move {
            let mut filters: Vec<ResourceFilter> = match me {
                Some(me) => staff_areas(api, &me)
                    .await?
                    .into_iter()
                    .map(|a| ResourceFilter {
                        within: Some(a),
                        ..ResourceFilter::default()
                    })
                    .collect(),
                None => Vec::new(),
            };
            filters.extend(agencies.into_iter().map(|a| ResourceFilter {
                provider_agency_id: Some(a),
                ..ResourceFilter::default()
            }));
            Ok::<_, crate::api::ApiError>(filters)
        }
    });
    let retry = Callback::new(move |()| scopes.refetch());
    let only = (!session.is_staff()).then(|| operated(&session));
    view! {
        <NewResourceForm changed only/>
        {when_loaded(move || scopes.get(), move |value| match value {
            Ok(filters) => filters.into_iter().map(|f| {
                let heading = match (f.within, f.provider_agency_id) {
                    (Some(a), _) => view! { <AreaName id=a/> }.into_any(),
                    (None, Some(a)) => view! { <a href=format!("/agencies/{a}")>{tr("corps.agency")} " #" {a}</a> }.into_any(),
                    _ => ().into_any(),
                };
                let filter = Signal::derive(move || (f.clone(), version.get()));
                let fetch = move |(f, _): (ResourceFilter, u32), cursor: Option<String>| async move {
                    api.resources(&f, cursor.as_deref()).await
                };
                let card = move |resource: Resource| view! { <ManagedResource resource changed/> };
                view! {
                    <section class="section">
                        <h2>{tr("console.resources")} " · " {heading}</h2>
                        <PagedList filter fetch card empty="resources.none" class="card-list card-list-single resource-admin-list"/>
                    </section>
                }
            }).collect_view().into_any(),
            Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
        })}
    }
}

const RESOURCE_FIELDS: [&str; 11] = [
    "kind",
    "title",
    "provider_agency_id",
    "area_id",
    "level",
    "topics",
    "target_groups",
    "capacity",
    "unit",
    "period",
    "available_until",
];

/// Checkboxes of a fixed vocabulary, bound to the chosen names.
fn checkboxes(
    prefix: &'static str,
    terms: &'static [(&'static str, &'static str)],
    chosen: RwSignal<Vec<String>>,
) -> impl IntoView {
    terms
        .iter()
        .map(|(name, _)| {
            let id = format!("{prefix}-{name}");
            let name = (*name).to_owned();
            let n = name.clone();
            let (value, shown, label_for) = (name.clone(), name.clone(), id.clone());
            view! {
                <label class="check" for=label_for>
                    <input id=id type="checkbox" value=value
                        prop:checked=move || chosen.with(|c| c.contains(&n))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            chosen.update(|c| {
                                c.retain(|x| *x != name);
                                if on { c.push(name.clone()); }
                            });
                        }/>
                    " " <Localized name=shown/>
                </label>
            }
        })
        .collect_view()
}

#[component]
fn NewResourceForm(changed: Callback<()>, only: Option<Vec<i64>>) -> impl IntoView {
    let api = use_api();
    let kind = RwSignal::new(ResourceKind::Talent);
    let title = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let agency = RwSignal::new(None::<i64>);
    let town = RwSignal::new(None::<i64>);
    let village = RwSignal::new(None::<i64>);
    let topics = RwSignal::new(Vec::<String>::new());
    let groups = RwSignal::new(Vec::<String>::new());
    let capacity = RwSignal::new(String::new());
    let unit = RwSignal::new("场".to_owned());
    let period = RwSignal::new(ResourcePeriod::Month);
    let until = RwSignal::new(String::new());
    // With neither town nor village chosen, the resource is the city's.
    let city = Fetched::new(move || async move {
        api.all_areas(AreaFilter {
            level: Some(AreaLevel::City),
            parent_id: None,
        })
        .await
        .ok()
        .and_then(|l| l.first().map(|a| a.id))
    });
    let add = Submission::new(&RESOURCE_FIELDS, move |r: &NewResource| {
        let r = r.clone();
        async move {
            let done = api.create_resource(&r).await;
            if done.is_ok() {
                changed.run(());
            }
            done
        }
    });
    let pending = add.pending();
    let field_error = move |field: &'static str| add.field_error(field);
    let area_error = move || field_error("area_id")().or_else(field_error("level"));
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let (area, level) = match (village.get_untracked(), town.get_untracked()) {
            (Some(v), _) => (Some(v), AreaLevel::Village),
            (None, Some(t)) => (Some(t), AreaLevel::Town),
            (None, None) => (untrack(move || city.get()).flatten(), AreaLevel::City),
        };
        let cap = capacity.get_untracked().trim().parse::<i32>();
        let mut problems = Vec::new();
        if agency.get_untracked().is_none() {
            problems.push(("provider_agency_id", "resources.choose_agency"));
        }
        if cap.is_err() {
            problems.push(("capacity", "manage.not_a_number"));
        }
        if !add.check(problems) {
            return;
        }
        let text = |s: RwSignal<String>| {
            Some(s.get_untracked().trim().to_owned()).filter(|t| !t.is_empty())
        };
        add.submit(NewResource {
            kind: kind.get_untracked(),
            title: title.get_untracked().trim().to_owned(),
            description: text(description),
            provider_agency_id: agency.get_untracked(),
            provider_team_id: None,
            level,
            area_id: area.unwrap_or_default(),
            topics: topics.get_untracked(),
            target_groups: groups.get_untracked(),
            capacity: cap.unwrap_or_default(),
            unit: unit.get_untracked().trim().to_owned(),
            period: period.get_untracked(),
            available_from: None,
            available_until: text(until).and_then(|d| d.parse().ok()),
        });
    };
    view! {
        <details class="form-card new-resource">
            <summary>{tr("resources.new")}</summary>
            <form class="form new-resource-form" novalidate node_ref=add.form on:submit=on_submit>
                <Field id="resource-kind" label=tr("resources.kind") error=field_error("kind")>
                    <select id="resource-kind" name="kind" on:change=move |ev| {
                        if let Some(k) = ResourceKind::parse(&event_target_value(&ev)) { kind.set(k); }
                    }>
                        {ResourceKind::ALL.iter().map(|k| {
                            let k = *k;
                            view! { <option value=k.as_str() selected=move || kind.get() == k>{tr(resource_kind_key(k))}</option> }
                        }).collect_view()}
                    </select>
                </Field>
                <Field id="resource-title" label=tr("resources.title_label") error=field_error("title")>
                    <input id="resource-title" name="title" type="text" maxlength="100" required
                        aria-describedby=described_by("resource-title", field_error("title")) bind:value=title/>
                </Field>
                <Field id="resource-description" label=tr("manage.description") error=field_error("description")>
                    <textarea id="resource-description" name="description" maxlength="5000" bind:value=description></textarea>
                </Field>
                <Field id="resource-agency" label=tr("resources.provider") error=field_error("provider_agency_id")>
                    <AgencyPicker id="resource-agency" value=agency only=only.clone()/>
                </Field>
                <AreaPicker town village legend="resources.area" error=area_error/>
                <FieldSet id="resource-topics" legend=tr("resources.topic") error=field_error("topics")>
                    <div class="checks">{checkboxes("topic", &RESOURCE_TOPICS, topics)}</div>
                </FieldSet>
                <FieldSet id="resource-groups" legend=tr("activities.group") error=field_error("target_groups")>
                    <div class="checks">{checkboxes("group", &TARGET_GROUPS, groups)}</div>
                </FieldSet>
                <div class="field-row">
                    <Field id="resource-capacity" label=tr("resources.capacity") error=field_error("capacity")>
                        <input id="resource-capacity" name="capacity" type="number" min="1" inputmode="numeric" required
                            aria-describedby=described_by("resource-capacity", field_error("capacity")) bind:value=capacity/>
                    </Field>
                    <Field id="resource-unit" label=tr("resources.unit") error=field_error("unit")>
                        <input id="resource-unit" name="unit" type="text" maxlength="10" list="resource-units" bind:value=unit/>
                        <datalist id="resource-units">
                            {["场", "人次", "元", "小时", "次"].into_iter().map(|u| view! { <option value=u/> }).collect_view()}
                        </datalist>
                    </Field>
                    <Field id="resource-period" label=tr("resources.period") error=field_error("period")>
                        <select id="resource-period" name="period" on:change=move |ev| {
                            if let Some(p) = ResourcePeriod::parse(&event_target_value(&ev)) { period.set(p); }
                        }>
                            {ResourcePeriod::ALL.iter().map(|p| {
                                let p = *p;
                                view! { <option value=p.as_str() selected=move || period.get() == p>{tr(resource_period_key(p))}</option> }
                            }).collect_view()}
                        </select>
                    </Field>
                </div>
                <Field id="resource-until" label=tr("resources.until") error=field_error("available_until")>
                    <input id="resource-until" name="available_until" type="date" bind:value=until/>
                </Field>
                {move || add.form_error().map(|error| view! { <ErrorMessage error/> })}
                <div class="form-actions">
                    <button type="submit" class="button" disabled=move || pending.get()>
                        {tr_while(pending, "corps.adding", "resources.publish")}
                    </button>
                </div>
                <div aria-live="polite">
                    {move || add.done().map(|r| view! {
                        <p class="notice notice-success resource-added" role="status">{tr("corps.added")} " " {r.title}</p>
                    })}
                </div>
            </form>
        </details>
    }
}

/// A resource with its allocation form, its latest allocations, and a withdraw button.
#[component]
fn ManagedResource(resource: Resource, changed: Callback<()>) -> impl IntoView {
    let api = use_api();
    let id = resource.id;
    let active = resource.status == ResourceStatus::Active;
    let withdraw = Action::new_local(move |(): &()| async move {
        let done = api
            .update_resource(
                id,
                &ResourcePatch {
                    status: Some(ResourceStatus::Withdrawn),
                    ..ResourcePatch::default()
                },
            )
            .await;
        if done.is_ok() {
            changed.run(());
        }
        done
    });
    let allocations = Fetched::new(move || api.allocations(id));
    let allocated = Callback::new(move |()| {
        allocations.refetch();
        changed.run(());
    });
    view! {
        <ResourceCard resource>
            {active.then(|| view! { <AllocateForm id changed=allocated/> })}
            {move || match allocations.get() {
                Some(Ok(page)) if !page.items.is_empty() => view! {
                    <details class="allocations">
                        <summary>{tr("resources.allocations")}</summary>
                        <ul class="allocation-list">
                            {page.items.into_iter().map(|a| view! {
                                <li><AreaName id=a.area_id/> " · " {a.quantity} " · " {a.period_start.to_string()}
                                    {a.note.map(|n| view! { " · " {n} })}</li>
                            }).collect_view()}
                        </ul>
                    </details>
                }.into_any(),
                _ => ().into_any(),
            }}
            {active.then(|| view! {
                <button type="button" class="button button-small button-secondary withdraw-resource"
                    disabled=move || withdraw.pending().get() on:click=move |_| { withdraw.dispatch_local(()); }>
                    {tr("resources.withdraw")}
                </button>
            })}
            {move || withdraw.value().get().and_then(Result::err).map(|error| view! { <ErrorMessage error/> })}
        </ResourceCard>
    }
}

const ALLOCATION_FIELDS: [&str; 4] = ["area_id", "quantity", "date", "note"];

/// Allocate (下沉) some of resource `id` to a town or village.
#[component]
fn AllocateForm(id: i64, changed: Callback<()>) -> impl IntoView {
    let api = use_api();
    let town = RwSignal::new(None::<i64>);
    let village = RwSignal::new(None::<i64>);
    let quantity = RwSignal::new("1".to_owned());
    let date = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let towns = Fetched::new(move || {
        api.all_areas(AreaFilter {
            level: Some(AreaLevel::Town),
            parent_id: None,
        })
    });
    let villages = Fetched::new(move || {
        let town = town.get();
        async move {
            match town {
                Some(t) => {
                    api.all_areas(AreaFilter {
                        level: None,
                        parent_id: Some(t),
                    })
                    .await
                }
                None => Ok(Vec::new()),
            }
        }
    });
    let send = Submission::new(&ALLOCATION_FIELDS, move |a: &NewAllocation| {
        let a = a.clone();
        async move {
            let done = api.allocate(id, &a).await;
            if done.is_ok() {
                changed.run(());
            }
            done
        }
    });
    let pending = send.pending();
    let field_error = move |field: &'static str| send.field_error(field);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let area = village.get_untracked().or(town.get_untracked());
        let q = quantity.get_untracked().trim().parse::<i32>();
        let mut problems = Vec::new();
        if area.is_none() {
            problems.push(("area_id", "corps.area_required"));
        }
        if q.is_err() {
            problems.push(("quantity", "manage.not_a_number"));
        }
        if !send.check(problems) {
            return;
        }
        let text = |s: RwSignal<String>| {
            Some(s.get_untracked().trim().to_owned()).filter(|t| !t.is_empty())
        };
        send.submit(NewAllocation {
            area_id: area.unwrap_or_default(),
            quantity: q.unwrap_or_default(),
            date: text(date).and_then(|d| d.parse().ok()),
            note: text(note),
            need_id: None,
        });
    };
    let fid = move |f: &str| format!("alloc-{f}-{id}");
    let option = |a: youai_types::Area, chosen: RwSignal<Option<i64>>| {
        let aid = a.id;
        view! { <option value=aid.to_string() selected=move || chosen.get() == Some(aid)>{a.name}</option> }
    };
    view! {
        <form class="form allocate-form" novalidate node_ref=send.form on:submit=on_submit>
            <div class="field-row">
                <div class="field">
                    <label for=fid("town")>{tr("volunteer.town")}</label>
                    <select id=fid("town") name="town" on:change=move |ev| {
                        town.set(event_target_value(&ev).parse().ok());
                        village.set(None);
                    }>
                        <option value="">{tr("volunteer.choose_town")}</option>
                        {move || towns.get().and_then(Result::ok).unwrap_or_default().into_iter()
                            .map(|a| option(a, town)).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for=fid("village")>{tr("volunteer.village")}</label>
                    <select id=fid("village") name="village" disabled=move || town.get().is_none()
                        on:change=move |ev| village.set(event_target_value(&ev).parse().ok())>
                        <option value="">{tr("volunteer.whole_town")}</option>
                        {move || villages.get().and_then(Result::ok).unwrap_or_default().into_iter()
                            .map(|a| option(a, village)).collect_view()}
                    </select>
                    {move || field_error("area_id")().map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
                <div class="field">
                    <label for=fid("quantity")>{tr("resources.quantity")}</label>
                    <input id=fid("quantity") name="quantity" type="number" min="1" inputmode="numeric"
                        aria-invalid=move || field_error("quantity")().is_some().to_string() bind:value=quantity/>
                    {move || field_error("quantity")().map(|m| view! { <p class="field-error allocation-error">{m}</p> })}
                </div>
                <div class="field">
                    <label for=fid("date")>{tr("resources.date")}</label>
                    <input id=fid("date") name="date" type="date" bind:value=date/>
                    {move || field_error("date")().map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
            </div>
            <div class="field">
                <label for=fid("note")>{tr("resources.note")}</label>
                <input id=fid("note") name="note" type="text" maxlength="500" bind:value=note/>
                {move || field_error("note")().map(|m| view! { <p class="field-error">{m}</p> })}
            </div>
            {move || send.form_error().map(|error| view! { <ErrorMessage error/> })}
            <div class="form-actions">
                <button type="submit" class="button button-small allocate" disabled=move || pending.get()>
                    {tr_while(pending, "resources.allocate", "resources.allocate")}
                </button>
            </div>
        </form>
    }
}
