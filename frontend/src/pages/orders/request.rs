//! `/console/orders/new` (基层开单): a station's admins describe what they need — what, which
//! kind, where, on which day, how many volunteers — and the order waits on the board for an
//! eligible team to take it (接单) or an admin to dispatch it.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use youai_types::{NewOrder, Order, OrderDirection};

use crate::api::{AreaFilter, use_api};
use crate::components::{AreaName, ErrorMessage, Fetched, Localized, Submission};
use crate::format::{date, parse_date, today};
use crate::i18n::{tr, tr_while};
use crate::session::{staff_areas, use_session};

const REQUEST_FIELDS: [&str; 9] = [
    "area_id",
    "title",
    "description",
    "category_id",
    "wanted_on",
    "volunteers_wanted",
    "address",
    "contact_name",
    "contact_phone",
];

/// The form; on success, the way to the new order.
#[component]
pub fn RequestOrderForm() -> impl IntoView {
    let api = use_api();
    let session = use_session();
    // The stations: each area the admin serves, then the areas just below it (a town's
    // villages), as a request order comes from a town's institute or a village's station.
    let stations = Fetched::new(move || {
        let me = session.me();
        async move {
            let Some(me) = me else {
                return Ok::<_, crate::api::ApiError>(Vec::new());
            };
            let mut out = Vec::new();
            for id in staff_areas(api, &me).await? {
                out.push(id);
                let below = AreaFilter {
                    level: None,
                    parent_id: Some(id),
                };
                out.extend(api.areas(&below, None).await?.items.iter().map(|a| a.id));
            }
            Ok(out)
        }
    });
    let categories = Fetched::new(move || api.need_categories());
    let area = RwSignal::new(None::<i64>);
    let title = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let category = RwSignal::new(None::<i64>);
    let earliest = today() + chrono::Duration::days(1);
    let day = RwSignal::new(date(earliest + chrono::Duration::days(6)));
    let volunteers = RwSignal::new("4".to_owned());
    let address = RwSignal::new(String::new());
    let contact = RwSignal::new(session.user_name().unwrap_or_default());
    let phone = RwSignal::new(String::new());
    let send = Submission::new(&REQUEST_FIELDS, move |order: &NewOrder| {
        let order = order.clone();
        async move { api.create_order(&order).await }
    });
    let pending = send.pending();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let chosen = area.get_untracked().or_else(|| {
            untrack(|| stations.get())
                .and_then(Result::ok)
                .and_then(|s| s.first().copied())
        });
        let wanted = parse_date(&day.get_untracked());
        let wanted_volunteers = volunteers
            .get_untracked()
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|n| (1..=1000).contains(n));
        let mut problems = Vec::new();
        if chosen.is_none() {
            problems.push(("area_id", "orders.station_needed"));
        }
        if title.get_untracked().trim().chars().count() < 2 {
            problems.push(("title", "orders.title_needed"));
        }
        if category.get_untracked().is_none() {
            problems.push(("category_id", "needs.category_needed"));
        }
        if wanted.is_none_or(|d| d < earliest) {
            problems.push(("wanted_on", "orders.request_date_needed"));
        }
        if wanted_volunteers.is_none() {
            problems.push(("volunteers_wanted", "orders.volunteers_needed"));
        }
        if !send.check(problems) {
            return;
        }
        let text = |s: RwSignal<String>| {
            let v = s.get_untracked().trim().to_owned();
            (!v.is_empty()).then_some(v)
        };
        if let (Some(area_id), Some(wanted_on), Some(category_id)) =
            (chosen, wanted, category.get_untracked())
        {
            send.submit(NewOrder {
                direction: OrderDirection::Request,
                area_id,
                venue_id: None,
                title: text(title),
                description: text(description),
                category_id: Some(category_id),
                menu_item_id: None,
                wanted_on,
                volunteers_wanted: wanted_volunteers,
                address: text(address),
                contact_name: text(contact),
                contact_phone: text(phone),
                take_by: None,
                need_ids: Vec::new(),
            });
        }
    };
    let err = move |f: &'static str| send.field_error(f);
    let invalid = move |f: &'static str| move || err(f)().is_some().to_string();
    view! {
        {move || send.done().map(|order| view! { <Opened order/> })}
        <form class="form request-order-form" novalidate node_ref=send.form on:submit=on_submit
            hidden=move || send.done().is_some()>
            <div class="field">
                <label for="request-area">{tr("orders.station")}</label>
                <select id="request-area" name="area_id"
                    on:change=move |ev| area.set(event_target_value(&ev).parse().ok())>
                    {move || stations.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|a| view! {
                        <option value=a.to_string() selected=move || area.get() == Some(a)><AreaName id=a/></option>
                    }).collect_view()}
                </select>
                {move || err("area_id")().map(|m| view! { <p class="field-error">{m}</p> })}
            </div>
            <div class="field">
                <label for="request-title">{tr("orders.what")}</label>
                <input id="request-title" name="title" type="text" maxlength="100" required
                    bind:value=title aria-invalid=invalid("title")/>
                {move || err("title")().map(|m| view! { <p class="field-error">{m}</p> })}
            </div>
            <div class="field">
                <label for="request-description">{tr("needs.description")}</label>
                <textarea id="request-description" name="description" maxlength="2000" rows="3"
                    bind:value=description></textarea>
                {move || err("description")().map(|m| view! { <p class="field-error">{m}</p> })}
            </div>
            <div class="field">
                <label for="request-category">{tr("needs.category")}</label>
                <select id="request-category" name="category_id" required
                    aria-invalid=invalid("category_id")
                    on:change=move |ev| category.set(event_target_value(&ev).parse().ok())>
                    <option value="">{tr("needs.choose")}</option>
                    {move || categories.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|c| view! {
                        <option value=c.id.to_string()><Localized name=c.name name_en=c.name_en/></option>
                    }).collect_view()}
                </select>
                {move || err("category_id")().map(|m| view! { <p class="field-error">{m}</p> })}
            </div>
            <div class="field">
                <label for="request-date">{tr("orders.wanted_on")}</label>
                <input id="request-date" name="wanted_on" type="date" required min=date(earliest)
                    bind:value=day aria-invalid=invalid("wanted_on")/>
                {move || err("wanted_on")().map(|m| view! { <p class="field-error">{m}</p> })}
            </div>
            <div class="field">
                <label for="request-volunteers">{tr("orders.volunteers")}</label>
                <input id="request-volunteers" name="volunteers_wanted" type="number" min="1" max="1000"
                    inputmode="numeric" required bind:value=volunteers
                    aria-invalid=invalid("volunteers_wanted")/>
                {move || err("volunteers_wanted")().map(|m| view! { <p class="field-error">{m}</p> })}
            </div>
            <div class="field">
                <label for="request-address">{tr("orders.address")}</label>
                <input id="request-address" name="address" type="text" maxlength="200" bind:value=address/>
                {move || err("address")().map(|m| view! { <p class="field-error">{m}</p> })}
            </div>
            <div class="field">
                <label for="request-contact">{tr("orders.contact")}</label>
                <input id="request-contact" name="contact_name" type="text" maxlength="50" bind:value=contact/>
                {move || err("contact_name")().map(|m| view! { <p class="field-error">{m}</p> })}
            </div>
            <div class="field">
                <label for="request-phone">{tr("orders.phone")}</label>
                <input id="request-phone" name="contact_phone" type="tel" maxlength="11"
                    inputmode="numeric" bind:value=phone/>
                {move || err("contact_phone")().map(|m| view! { <p class="field-error">{m}</p> })}
            </div>
            {move || send.form_error().map(|error| view! { <ErrorMessage error/> })}
            <div class="form-actions">
                <button type="submit" class="button" disabled=move || pending.get()>
                    {tr_while(pending, "orders.sending", "order_action.open")}
                </button>
            </div>
        </form>
    }
}

/// The order opened, with the way to follow it.
#[component]
fn Opened(order: Order) -> impl IntoView {
    view! {
        <div class="notice notice-success order-opened" role="status">
            <p><strong>{tr("orders.opened")}</strong></p>
            <p><a href=format!("/console/orders/{}", order.id)>{tr("orders.follow")}</a></p>
        </div>
    }
}
