//! `/console/venues`: platform and area admins keep the venues (新时代文明实践阵地) of their
//! areas: add one, and edit its name, address, hours, capacity and phone.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use youai_types::{NewVenue, Venue, VenueKind, VenuePatch};

use crate::api::use_api;
use crate::components::{
    AreaName, AreaPicker, ConsoleGate, ConsoleNav, ErrorMessage, Fetched, Field, PagedList,
    Submission, described_by, when_loaded,
};
use crate::i18n::{tr, tr_while};
use crate::session::{Session, staff_areas, use_session};

fn venue_kind_key(kind: VenueKind) -> &'static str {
    match kind {
        VenueKind::Centre => "venue_kind.centre",
        VenueKind::Institute => "venue_kind.institute",
        VenueKind::Station => "venue_kind.station",
        VenueKind::Point => "venue_kind.point",
    }
}

/// The text of an optional field: `None` when blank.
fn text(s: RwSignal<String>) -> Option<String> {
    Some(s.get_untracked().trim().to_owned()).filter(|t| !t.is_empty())
}

#[component]
pub fn VenuesAdminPage() -> impl IntoView {
    view! {
        <section class="page-head">
            <h1>{tr("console.venues")}</h1>
            <p class="intro">{tr("console.venues_intro")}</p>
        </section>
        <ConsoleNav/>
        <ConsoleGate next="/console/venues" allowed=Session::is_staff>
            <Venues/>
        </ConsoleGate>
    }
}

#[component]
fn Venues() -> impl IntoView {
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
        <NewVenueForm changed/>
        {when_loaded(move || scopes.get(), move |value| match value {
            Ok(areas) => areas.into_iter().map(|area| {
                let filter = Signal::derive(move || (area, version.get()));
                let fetch = move |(area, _): (i64, u32), cursor: Option<String>| async move {
                    api.venues_page(area, cursor.as_deref()).await
                };
                let card = move |venue: Venue| view! { <VenueRow venue changed/> };
                view! {
                    <section class="section" aria-labelledby=format!("venues-in-{area}")>
                        <h2 id=format!("venues-in-{area}")>{tr("console.venues")} " · " <AreaName id=area/></h2>
                        <PagedList
                            filter
                            fetch
                            card
                            empty="corps.no_venues"
                            class="card-list card-list-single"
                        />
                    </section>
                }
            }).collect_view().into_any(),
            Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
        })}
    }
}

const VENUE_FIELDS: [&str; 7] = [
    "area_id",
    "kind",
    "name",
    "address",
    "opening_hours",
    "capacity",
    "phone",
];

#[component]
fn NewVenueForm(changed: Callback<()>) -> impl IntoView {
    let api = use_api();
    let town = RwSignal::new(None::<i64>);
    let village = RwSignal::new(None::<i64>);
    let kind = RwSignal::new(VenueKind::Station);
    let name = RwSignal::new(String::new());
    let address = RwSignal::new(String::new());
    let hours = RwSignal::new(String::new());
    let capacity = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let add = Submission::new(&VENUE_FIELDS, move |venue: &NewVenue| {
        let venue = venue.clone();
        async move {
            let done = api.create_venue(&venue).await;
            if done.is_ok() {
                changed.run(());
            }
            done
        }
    });
    let pending = add.pending();
    let field_error = move |field: &'static str| add.field_error(field);
    Effect::new(move |_| {
        if add.done().is_some() {
            for s in [name, address, hours, capacity, phone] {
                s.set(String::new());
            }
        }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let mut problems = Vec::new();
        let area = village.get_untracked().or(town.get_untracked());
        if area.is_none() {
            problems.push(("area_id", "corps.area_required"));
        }
        let places = text(capacity).map(|c| c.parse::<i32>());
        if matches!(places, Some(Err(_))) {
            problems.push(("capacity", "manage.not_a_number"));
        }
        if !add.check(problems) {
            return;
        }
        add.submit(NewVenue {
            area_id: area.unwrap_or_default(),
            kind: kind.get_untracked(),
            name: name.get_untracked().trim().to_owned(),
            address: address.get_untracked().trim().to_owned(),
            latitude: None,
            longitude: None,
            opening_hours: text(hours),
            capacity: places.and_then(Result::ok),
            phone: text(phone),
            description: None,
        });
    };
    view! {
        <details class="form-card new-venue">
            <summary>{tr("corps.new_venue")}</summary>
            <form class="form new-venue-form" novalidate node_ref=add.form on:submit=on_submit>
                <AreaPicker town village legend="corps.area" error=field_error("area_id")/>
                <Field id="venue-kind" label=tr("corps.venue_kind") error=field_error("kind")>
                    <select id="venue-kind" name="kind" on:change=move |ev| {
                        if let Some(k) = VenueKind::parse(&event_target_value(&ev)) { kind.set(k); }
                    }>
                        {VenueKind::ALL.iter().map(|k| {
                            let k = *k;
                            view! { <option value=k.as_str() selected=move || kind.get() == k>{tr(venue_kind_key(k))}</option> }
                        }).collect_view()}
                    </select>
                </Field>
                <Field id="venue-name" label=tr("corps.venue_name") error=field_error("name")>
                    <input id="venue-name" name="name" type="text" maxlength="100" required
                        aria-describedby=described_by("venue-name", field_error("name")) bind:value=name/>
                </Field>
                <Field id="venue-address" label=tr("venue.address") error=field_error("address")>
                    <input id="venue-address" name="address" type="text" maxlength="200" required
                        aria-describedby=described_by("venue-address", field_error("address")) bind:value=address/>
                </Field>
                <Field id="venue-hours" label=tr("venue.hours") error=field_error("opening_hours")>
                    <input id="venue-hours" name="opening_hours" type="text" maxlength="100"
                        aria-describedby=described_by("venue-hours", field_error("opening_hours")) bind:value=hours/>
                </Field>
                <Field id="venue-capacity" label=tr("venue.capacity") error=field_error("capacity")>
                    <input id="venue-capacity" name="capacity" type="number" min="1" inputmode="numeric"
                        aria-describedby=described_by("venue-capacity", field_error("capacity")) bind:value=capacity/>
                </Field>
                <Field id="venue-phone" label=tr("venue.phone") error=field_error("phone")>
                    <input id="venue-phone" name="phone" type="tel" maxlength="20"
                        aria-describedby=described_by("venue-phone", field_error("phone")) bind:value=phone/>
                </Field>
                {move || add.form_error().map(|error| view! { <ErrorMessage error/> })}
                <div class="form-actions">
                    <button type="submit" class="button" disabled=move || pending.get()>
                        {tr_while(pending, "corps.adding", "corps.add")}
                    </button>
                </div>
                <div aria-live="polite">
                    {move || add.done().map(|v| view! {
                        <p class="notice notice-success venue-added" role="status">{tr("corps.added")} " " {v.name}</p>
                    })}
                </div>
            </form>
        </details>
    }
}

/// One venue: what it is, and an edit form.
#[component]
fn VenueRow(venue: Venue, changed: Callback<()>) -> impl IntoView {
    let api = use_api();
    let id = venue.id;
    let editing = RwSignal::new(false);
    let name = RwSignal::new(venue.name.clone());
    let address = RwSignal::new(venue.address.clone());
    let hours = RwSignal::new(venue.opening_hours.clone().unwrap_or_default());
    let phone = RwSignal::new(venue.phone.clone().unwrap_or_default());
    let save = Action::new_local(move |patch: &VenuePatch| {
        let patch = patch.clone();
        async move {
            let done = api.update_venue(id, &patch).await;
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
        save.dispatch_local(VenuePatch {
            name: text(name),
            address: text(address),
            opening_hours: text(hours),
            phone: text(phone),
            ..VenuePatch::default()
        });
    };
    let input_id = move |field: &str| format!("venue-{field}-{id}");
    let (name_id, address_id, hours_id, phone_id) = (
        input_id("name"),
        input_id("address"),
        input_id("hours"),
        input_id("phone"),
    );
    view! {
        <li class="card venue-row" id=format!("venue-row-{id}")>
            <h3 class="card-title"><a href=format!("/venues/{id}")>{venue.name.clone()}</a></h3>
            <p class="tags"><span class="tag">{tr(venue_kind_key(venue.kind))}</span></p>
            <p class="muted">{venue.address.clone()}</p>
            {venue.opening_hours.clone().map(|h| view! { <p class="muted">{tr("venue.hours")} ": " {h}</p> })}
            <button type="button" class="button button-small button-secondary edit-venue"
                aria-expanded=move || editing.get().to_string() on:click=move |_| editing.update(|e| *e = !*e)>
                {tr("corps.edit")}
            </button>
            {move || editing.get().then(|| view! {
                <form class="form edit-venue-form" on:submit=on_submit>
                    <div class="field">
                        <label for=name_id.clone()>{tr("corps.venue_name")}</label>
                        <input id=name_id.clone() name="name" type="text" maxlength="100" bind:value=name/>
                    </div>
                    <div class="field">
                        <label for=address_id.clone()>{tr("venue.address")}</label>
                        <input id=address_id.clone() name="address" type="text" maxlength="200" bind:value=address/>
                    </div>
                    <div class="field">
                        <label for=hours_id.clone()>{tr("venue.hours")}</label>
                        <input id=hours_id.clone() name="opening_hours" type="text" maxlength="100" bind:value=hours/>
                    </div>
                    <div class="field">
                        <label for=phone_id.clone()>{tr("venue.phone")}</label>
                        <input id=phone_id.clone() name="phone" type="tel" maxlength="20" bind:value=phone/>
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
