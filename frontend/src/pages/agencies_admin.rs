//! `/console/agencies`: platform and area admins register the agencies (机关企事业单位) of
//! their areas and keep their contacts; operators are then granted per agency.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use youai_types::{Agency, AgencyKind, AgencyPatch, NewAgency};

use crate::api::use_api;
use crate::components::{
    AreaName, AreaPicker, ConsoleGate, ConsoleNav, ErrorMessage, Fetched, Field, PagedList,
    Submission, agency_kind_key, described_by, when_loaded,
};
use crate::i18n::{tr, tr_while};
use crate::session::{Session, staff_areas, use_session};

fn text(s: RwSignal<String>) -> Option<String> {
    Some(s.get_untracked().trim().to_owned()).filter(|t| !t.is_empty())
}

#[component]
pub fn AgenciesAdminPage() -> impl IntoView {
    view! {
        <section class="page-head">
            <h1>{tr("agencies.title")}</h1>
            <p class="intro">{tr("console.agencies_intro")}</p>
        </section>
        <ConsoleNav/>
        <ConsoleGate next="/console/agencies" allowed=Session::is_staff>
            <Agencies/>
        </ConsoleGate>
    }
}

#[component]
fn Agencies() -> impl IntoView {
    let api = use_api();
    let session = use_session();
    let version = RwSignal::new(0u32);
    let changed = Callback::new(move |()| version.update(|v| *v = v.wrapping_add(1)));
    let scopes = Fetched::new(move || {
        let me = session.me();
        async move {
            match me {
                Some(me) => staff_areas(api, &me).await,
                None => Ok(Vec::new()),
            }
        }
    });
    let retry = Callback::new(move |()| scopes.refetch());
    view! {
        <NewAgencyForm changed/>
        {when_loaded(move || scopes.get(), move |value| match value {
            Ok(areas) => areas.into_iter().map(|area| {
                let filter = Signal::derive(move || (area, version.get()));
                let fetch = move |(area, _): (i64, u32), cursor: Option<String>| async move {
                    api.agencies(None, None, Some(area), cursor.as_deref()).await
                };
                let card = move |agency: Agency| view! { <AgencyRow agency changed/> };
                view! {
                    <section class="section">
                        <h2>{tr("agencies.title")} " · " <AreaName id=area/></h2>
                        <PagedList filter fetch card empty="agencies.none" class="card-list card-list-single"/>
                    </section>
                }
            }).collect_view().into_any(),
            Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
        })}
    }
}

const AGENCY_FIELDS: [&str; 5] = ["name", "kind", "area_id", "contact_name", "contact_phone"];

#[component]
fn NewAgencyForm(changed: Callback<()>) -> impl IntoView {
    let api = use_api();
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new(AgencyKind::Government);
    let town = RwSignal::new(None::<i64>);
    let village = RwSignal::new(None::<i64>);
    let contact = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let city = Fetched::new(move || async move {
        api.all_areas(crate::api::AreaFilter {
            level: Some(youai_types::AreaLevel::City),
            parent_id: None,
        })
        .await
        .ok()
        .and_then(|l| l.first().map(|a| a.id))
    });
    let add = Submission::new(&AGENCY_FIELDS, move |a: &NewAgency| {
        let a = a.clone();
        async move {
            let done = api.create_agency(&a).await;
            if done.is_ok() {
                changed.run(());
            }
            done
        }
    });
    let pending = add.pending();
    let field_error = move |field: &'static str| add.field_error(field);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let area = village
            .get_untracked()
            .or(town.get_untracked())
            .or(untrack(move || city.get()).flatten());
        add.submit(NewAgency {
            name: name.get_untracked().trim().to_owned(),
            kind: kind.get_untracked(),
            area_id: area.unwrap_or_default(),
            contact_name: text(contact),
            contact_phone: text(phone),
            description: text(description),
        });
    };
    view! {
        <details class="form-card new-agency">
            <summary>{tr("agencies.new")}</summary>
            <form class="form new-agency-form" novalidate node_ref=add.form on:submit=on_submit>
                <Field id="agency-name" label=tr("agencies.name") error=field_error("name")>
                    <input id="agency-name" name="name" type="text" maxlength="60" required
                        aria-describedby=described_by("agency-name", field_error("name")) bind:value=name/>
                </Field>
                <Field id="agency-kind" label=tr("agencies.kind") error=field_error("kind")>
                    <select id="agency-kind" name="kind" on:change=move |ev| {
                        if let Some(k) = AgencyKind::parse(&event_target_value(&ev)) { kind.set(k); }
                    }>
                        {AgencyKind::ALL.iter().map(|k| {
                            let k = *k;
                            view! { <option value=k.as_str() selected=move || kind.get() == k>{tr(agency_kind_key(k))}</option> }
                        }).collect_view()}
                    </select>
                </Field>
                <AreaPicker town village legend="corps.area" error=field_error("area_id")/>
                <Field id="agency-contact" label=tr("agencies.contact") error=field_error("contact_name")>
                    <input id="agency-contact" name="contact_name" type="text" maxlength="30" bind:value=contact/>
                </Field>
                <Field id="agency-phone" label=tr("venue.phone") error=field_error("contact_phone")>
                    <input id="agency-phone" name="contact_phone" type="tel" maxlength="20"
                        aria-describedby=described_by("agency-phone", field_error("contact_phone")) bind:value=phone/>
                </Field>
                <Field id="agency-description" label=tr("manage.description") error=field_error("description")>
                    <textarea id="agency-description" name="description" maxlength="2000" bind:value=description></textarea>
                </Field>
                {move || add.form_error().map(|error| view! { <ErrorMessage error/> })}
                <div class="form-actions">
                    <button type="submit" class="button" disabled=move || pending.get()>
                        {tr_while(pending, "corps.adding", "corps.add")}
                    </button>
                </div>
                <div aria-live="polite">
                    {move || add.done().map(|a| view! {
                        <p class="notice notice-success agency-added" role="status">{tr("corps.added")} " " {a.name}</p>
                    })}
                </div>
            </form>
        </details>
    }
}

/// One agency, with a form to change its name and contact.
#[component]
fn AgencyRow(agency: Agency, changed: Callback<()>) -> impl IntoView {
    let api = use_api();
    let id = agency.id;
    let editing = RwSignal::new(false);
    let name = RwSignal::new(agency.name.clone());
    let contact = RwSignal::new(agency.contact_name.clone().unwrap_or_default());
    let phone = RwSignal::new(agency.contact_phone.clone().unwrap_or_default());
    let save = Action::new_local(move |patch: &AgencyPatch| {
        let patch = patch.clone();
        async move {
            let done = api.update_agency(id, &patch).await;
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
        save.dispatch_local(AgencyPatch {
            name: text(name),
            contact_name: Some(contact.get_untracked().trim().to_owned()),
            contact_phone: Some(phone.get_untracked().trim().to_owned()),
            ..AgencyPatch::default()
        });
    };
    let (name_id, contact_id, phone_id) = (
        format!("agency-name-{id}"),
        format!("agency-contact-{id}"),
        format!("agency-phone-{id}"),
    );
    view! {
        <li class="card agency-row" id=format!("agency-row-{id}")>
            <h3 class="card-title"><a href=format!("/agencies/{id}")>{agency.name.clone()}</a></h3>
            <p class="tags"><span class="tag">{tr(agency_kind_key(agency.kind))}</span></p>
            <p class="muted">{agency.contact_name.clone()} " " {agency.contact_phone.clone()}</p>
            <button type="button" class="button button-small button-secondary edit-agency"
                aria-expanded=move || editing.get().to_string() on:click=move |_| editing.update(|e| *e = !*e)>
                {tr("corps.edit")}
            </button>
            {move || editing.get().then(|| view! {
                <form class="form edit-agency-form" on:submit=on_submit>
                    <div class="field">
                        <label for=name_id.clone()>{tr("agencies.name")}</label>
                        <input id=name_id.clone() name="name" type="text" maxlength="60" bind:value=name/>
                    </div>
                    <div class="field">
                        <label for=contact_id.clone()>{tr("agencies.contact")}</label>
                        <input id=contact_id.clone() name="contact_name" type="text" maxlength="30" bind:value=contact/>
                    </div>
                    <div class="field">
                        <label for=phone_id.clone()>{tr("venue.phone")}</label>
                        <input id=phone_id.clone() name="contact_phone" type="tel" maxlength="20" bind:value=phone/>
                    </div>
                    <button type="submit" class="button" disabled=move || pending.get()>
                        {tr_while(pending, "volunteer.saving", "volunteer.save_profile")}
                    </button>
                    {move || save.value().get().and_then(Result::err).map(|error| view! { <ErrorMessage error/> })}
                </form>
            })}
        </li>
    }
}
