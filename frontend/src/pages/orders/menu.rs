//! `/menu` (服务菜单, 基层点单): the services agencies and teams offer, with the areas they serve and
//! the places left this month. Anyone may browse it; a station's admins order an item for a
//! date (点单), and the order then waits for its provider to accept it on the orders board.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use youai_types::{MenuItem, NewOrder, Order, OrderDirection};

use crate::api::{MenuFilter, use_api};
use crate::components::{
    AreaName, CATEGORIES, ErrorMessage, Fetched, Loading, Localized, Submission, TARGET_GROUPS,
};
use crate::format::{date, parse_date, today};
use crate::i18n::{tr, tr_while};
use crate::session::{staff_areas, use_session};

/// `/menu`
#[component]
pub fn MenuPage() -> impl IntoView {
    let api = use_api();
    let q = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let group = RwSignal::new(String::new());
    let open_only = RwSignal::new(false);
    let filter = Memo::new(move |_| MenuFilter {
        q: Some(q.get().trim().to_owned()).filter(|s| !s.is_empty()),
        category: Some(category.get()).filter(|s| !s.is_empty()),
        target_group: Some(group.get()).filter(|s| !s.is_empty()),
        serves_area_id: None,
        has_capacity: open_only.get(),
    });
    let items = Fetched::new(move || {
        let filter = filter.get();
        async move { api.menu_items(&filter).await }
    });
    let retry = Callback::new(move |()| items.refetch());
    let listed = move || {
        items
            .get()
            .and_then(Result::ok)
            .map(|p| p.items)
            .unwrap_or_default()
    };
    view! {
        <section class="page-head">
            <h1>{tr("menu.title")}</h1>
            <p class="intro">{tr("menu.intro")}</p>
        </section>
        <form class="filters menu-filters" role="search" on:submit=|ev: SubmitEvent| ev.prevent_default()>
            <div class="field">
                <label for="menu-q">{tr("menu.search")}</label>
                <input id="menu-q" type="search" maxlength="50" bind:value=q/>
            </div>
            <div class="field">
                <label for="menu-category">{tr("menu.category")}</label>
                <select id="menu-category" on:change=move |ev| category.set(event_target_value(&ev))>
                    <option value="">{tr("menu.any")}</option>
                    {CATEGORIES.iter().map(|(zh, en)| view! {
                        <option value=*zh><Localized name=*zh name_en=Some((*en).to_owned())/></option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="menu-group">{tr("menu.group")}</label>
                <select id="menu-group" on:change=move |ev| group.set(event_target_value(&ev))>
                    <option value="">{tr("menu.any")}</option>
                    {TARGET_GROUPS.iter().map(|(zh, en)| view! {
                        <option value=*zh><Localized name=*zh name_en=Some((*en).to_owned())/></option>
                    }).collect_view()}
                </select>
            </div>
            <label class="check">
                <input id="menu-open" type="checkbox" bind:checked=open_only/>
                " " {tr("menu.has_capacity")}
            </label>
        </form>
        {move || match items.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Ok(page)) if page.items.is_empty() => view! { <p class="empty">{tr("menu.empty")}</p> }.into_any(),
            Some(Ok(_)) => ().into_any(),
            Some(Err(error)) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
        }}
        // Keyed: a card a new answer keeps (the search narrowed) keeps its order form open.
        <ul class="card-list menu-list">
            <For each=listed key=|i| (i.id, i.remaining_this_month, i.updated_at) let:item>
                <MenuCard item/>
            </For>
        </ul>
    }
}

/// One item: what it is, who provides it, what is left this month, and 点单 for staff.
#[component]
fn MenuCard(item: MenuItem) -> impl IntoView {
    let session = use_session();
    let ordering = RwSignal::new(false);
    let id = item.id;
    let full = item.remaining_this_month <= 0;
    let lead_days = item.lead_days;
    let title = item.title.clone();
    view! {
        <li class="card menu-card" id=format!("menu-item-{id}")>
            <h2 class="card-title menu-title">{item.title.clone()}</h2>
            <p class="tags">
                <span class="tag"><Localized name=item.category.clone()/></span>
                {item.target_groups.iter().map(|g| view! {
                    <span class="tag tag-soft"><Localized name=g.clone()/></span>
                }).collect_view()}
            </p>
            {item.description.clone().map(|d| view! { <p>{d}</p> })}
            <dl class="details details-compact">
                <div>
                    <dt>{tr("menu.provider")}</dt>
                    <dd class="menu-provider">{item.provider_name.clone()}</dd>
                </div>
                <div>
                    <dt>{tr("menu.serves")}</dt>
                    <dd>{item.area_ids.iter().map(|a| view! { <span class="menu-area"><AreaName id=*a/>" "</span> }).collect_view()}</dd>
                </div>
                <div>
                    <dt>{tr("menu.this_month")}</dt>
                    <dd class="menu-remaining">
                        {tr("menu.remaining")} " " <strong>{item.remaining_this_month}</strong>
                        " / " {item.capacity_per_month}
                    </dd>
                </div>
                <div>
                    <dt>{tr("menu.lead_days")}</dt>
                    <dd>{lead_days} " " {tr("menu.days")}</dd>
                </div>
                {item.conditions.clone().map(|c| view! {
                    <div>
                        <dt>{tr("menu.conditions")}</dt>
                        <dd>{c}</dd>
                    </div>
                })}
            </dl>
            {move || (session.is_staff() && !ordering.get()).then(|| view! {
                <p class="form-actions">
                    <button type="button" class="button menu-order" disabled=full
                        on:click=move |_| ordering.set(true)>
                        {tr(if full { "menu.full" } else { "menu.order" })}
                    </button>
                </p>
            })}
            {
                let title = title.clone();
                move || ordering.get().then(|| view! { <OrderForm id lead_days title=title.clone() ordering/> })
            }
        </li>
    }
}

const ORDER_FIELDS: [&str; 4] = ["area_id", "wanted_on", "contact_name", "contact_phone"];

/// 点单: the station (one of the areas the admin serves), the day, and who to call.
#[component]
fn OrderForm(id: i64, lead_days: i32, title: String, ordering: RwSignal<bool>) -> impl IntoView {
    let api = use_api();
    let session = use_session();
    let stations = Fetched::new(move || {
        let me = session.me();
        async move {
            match me {
                Some(me) => staff_areas(api, &me).await,
                None => Ok(Vec::new()),
            }
        }
    });
    let area = RwSignal::new(None::<i64>);
    let earliest = today() + chrono::Duration::days(i64::from(lead_days.max(0)));
    let day = RwSignal::new(date(earliest));
    let contact = RwSignal::new(session.user_name().unwrap_or_default());
    let phone = RwSignal::new(String::new());
    let send = Submission::new(&ORDER_FIELDS, move |order: &NewOrder| {
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
        let mut problems = Vec::new();
        if chosen.is_none() {
            problems.push(("area_id", "orders.station_needed"));
        }
        if wanted.is_none_or(|d| d < earliest) {
            problems.push(("wanted_on", "orders.date_needed"));
        }
        if !send.check(problems) {
            return;
        }
        let text = |s: RwSignal<String>| {
            let v = s.get_untracked().trim().to_owned();
            (!v.is_empty()).then_some(v)
        };
        if let (Some(area_id), Some(wanted_on)) = (chosen, wanted) {
            send.submit(NewOrder {
                direction: OrderDirection::Menu,
                area_id,
                venue_id: None,
                title: None,
                description: None,
                category_id: None,
                menu_item_id: Some(id),
                wanted_on,
                volunteers_wanted: None,
                address: None,
                contact_name: text(contact),
                contact_phone: text(phone),
                take_by: None,
                need_ids: Vec::new(),
            });
        }
    };
    let (area_id, date_id, contact_id, phone_id) = (
        format!("order-area-{id}"),
        format!("order-date-{id}"),
        format!("order-contact-{id}"),
        format!("order-phone-{id}"),
    );
    let err = move |f: &'static str| send.field_error(f);
    view! {
        {move || send.done().map(|order| view! { <Placed order/> })}
        <form class="form menu-order-form" novalidate node_ref=send.form on:submit=on_submit
            hidden=move || send.done().is_some()>
            <h3>{tr("menu.order")} " 「" {title} "」"</h3>
            <div class="field">
                <label for=area_id.clone()>{tr("orders.station")}</label>
                <select id=area_id.clone() class="order-area" name="area_id"
                    on:change=move |ev| area.set(event_target_value(&ev).parse().ok())>
                    {move || stations.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|a| view! {
                        <option value=a.to_string() selected=move || area.get() == Some(a)><AreaName id=a/></option>
                    }).collect_view()}
                </select>
                {move || err("area_id")().map(|m| view! { <p class="field-error">{m}</p> })}
            </div>
            <div class="field">
                <label for=date_id.clone()>{tr("orders.wanted_on")}</label>
                <input id=date_id.clone() class="order-date" name="wanted_on" type="date" required
                    min=date(earliest) bind:value=day
                    aria-invalid=move || err("wanted_on")().is_some().to_string()/>
                {move || err("wanted_on")().map(|m| view! { <p class="field-error">{m}</p> })}
            </div>
            <div class="field">
                <label for=contact_id.clone()>{tr("orders.contact")}</label>
                <input id=contact_id.clone() class="order-contact" name="contact_name" type="text" maxlength="50"
                    bind:value=contact/>
                {move || err("contact_name")().map(|m| view! { <p class="field-error">{m}</p> })}
            </div>
            <div class="field">
                <label for=phone_id.clone()>{tr("orders.phone")}</label>
                <input id=phone_id.clone() class="order-phone" name="contact_phone" type="tel" maxlength="11"
                    inputmode="numeric" bind:value=phone/>
                {move || err("contact_phone")().map(|m| view! { <p class="field-error">{m}</p> })}
            </div>
            {move || send.form_error().map(|error| view! { <ErrorMessage error/> })}
            <div class="form-actions">
                <button type="submit" class="button" disabled=move || pending.get()>
                    {tr_while(pending, "orders.sending", "menu.order")}
                </button>
                <button type="button" class="button button-secondary" on:click=move |_| {
                    send.reset();
                    ordering.set(false);
                }>{tr("orders.close")}</button>
            </div>
        </form>
    }
}

/// The order placed, with the way to follow it.
#[component]
fn Placed(order: Order) -> impl IntoView {
    view! {
        <div class="notice notice-success order-placed" role="status">
            <p><strong>{tr("menu.ordered")}</strong></p>
            <p><a href=format!("/console/orders/{}", order.id)>{tr("orders.follow")}</a></p>
        </div>
    }
}
