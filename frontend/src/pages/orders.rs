//! 两网 two-way ordering: the menu (`/menu`, in `orders/menu.rs`) and the orders in the console:
//! `/console/orders` (订单看板, tabs by state and
//! a filter by direction), `/console/orders/takeable` (a team leader's queue of request orders
//! their teams may take), `/console/orders/escalated` (an admin's escalation queue: orders
//! untaken past their take-by time), `/console/orders/new` (a station opens a request order,
//! 基层开单) and `/console/orders/{id}` (one order with its timeline).
//!
//! Each order shows exactly the moves the server says the caller may make
//! (`allowed_actions`): 接单 and 派单 with a team, 接受, 拒绝 and 取消 with a reason, 排期 (an
//! activity's id, or a new activity's start and end), 评单 (stars and a comment).

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use youai_types::{
    Order, OrderAction, OrderDirection, OrderEvaluation, OrderEvent, OrderNote, OrderReason,
    OrderSchedule, OrderStatus, OrderTeam, Page, ProjectStatus, Team,
};

use crate::api::{ApiError, OrderFilter, OrderMove, TeamFilter, use_api};
use crate::components::{
    ConsoleGate, ConsoleNav, ErrorMessage, Fetched, Loading, NotFoundMessage, when_loaded,
};
use crate::format::{date, local_time, parse_local_datetime};
use crate::i18n::{tr, use_i18n};
use crate::session::{Session, staff_areas, use_session};

/// `/menu`, in the same chunk as the orders it places.
mod menu;
/// `/console/orders/new` (基层开单).
mod request;

/// The board's tabs: every order, then each state in the order an order moves through them.
const TABS: [Option<OrderStatus>; 8] = [
    None,
    Some(OrderStatus::Open),
    Some(OrderStatus::Taken),
    Some(OrderStatus::Scheduled),
    Some(OrderStatus::Completed),
    Some(OrderStatus::Evaluated),
    Some(OrderStatus::Cancelled),
    Some(OrderStatus::Expired),
];

/// Who has orders to see: a station's admins, team leaders, agencies' operators.
fn may_order(s: &Session) -> bool {
    s.is_staff() || s.is_leader() || s.is_agency_operator()
}

fn status_key(s: OrderStatus) -> &'static str {
    match s {
        OrderStatus::Open => "order_status.open",
        OrderStatus::Taken => "order_status.taken",
        OrderStatus::Scheduled => "order_status.scheduled",
        OrderStatus::Completed => "order_status.completed",
        OrderStatus::Evaluated => "order_status.evaluated",
        OrderStatus::Cancelled => "order_status.cancelled",
        OrderStatus::Expired => "order_status.expired",
    }
}

fn action_key(a: OrderAction) -> &'static str {
    match a {
        OrderAction::Open => "order_action.open",
        OrderAction::Take => "order_action.take",
        OrderAction::Dispatch => "order_action.dispatch",
        OrderAction::Accept => "order_action.accept",
        OrderAction::Decline => "order_action.decline",
        OrderAction::Schedule => "order_action.schedule",
        OrderAction::Complete => "order_action.complete",
        OrderAction::Evaluate => "order_action.evaluate",
        OrderAction::Cancel => "order_action.cancel",
        OrderAction::Escalate => "order_action.escalate",
        OrderAction::Expire => "order_action.expire",
    }
}

fn direction_key(d: OrderDirection) -> &'static str {
    match d {
        OrderDirection::Request => "order_direction.request",
        OrderDirection::Menu => "order_direction.menu",
    }
}

/// The page's heading, the console's links and the orders' own links.
#[component]
fn OrdersFrame(
    title: &'static str,
    next: &'static str,
    allowed: fn(&Session) -> bool,
    children: ChildrenFn,
) -> impl IntoView {
    let session = use_session();
    view! {
        <section class="page-head">
            <h1>{tr(title)}</h1>
            <p class="intro">{tr("console.orders_intro")}</p>
        </section>
        <ConsoleNav/>
        <nav class="order-nav form-actions" aria-label=tr("orders.queues")>
            <a class="button button-small button-secondary" href="/console/orders">{tr("console.orders")}</a>
            {move || session.is_staff().then(|| view! {
                <a class="button button-small button-secondary order-nav-new" href="/console/orders/new">{tr("orders.new")}</a>
            })}
            {move || session.is_leader().then(|| view! {
                <a class="button button-small button-secondary order-nav-takeable" href="/console/orders/takeable">{tr("orders.takeable")}</a>
            })}
            {move || session.is_staff().then(|| view! {
                <a class="button button-small button-secondary order-nav-escalated" href="/console/orders/escalated">{tr("orders.escalated")}</a>
            })}
            <a class="button button-small button-secondary" href="/menu">{tr("nav.menu")}</a>
        </nav>
        <ConsoleGate next allowed>
            {children()}
        </ConsoleGate>
    }
}

/// `/menu`, `/console/orders`, `/console/orders/takeable`, `/console/orders/escalated` and
/// `/console/orders/{id}`: one split point, so what they share is one chunk.
#[component]
pub fn OrdersPage() -> impl IntoView {
    let location = use_location();
    move || {
        let path = location.pathname.get();
        match path
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or_default()
        {
            "menu" => view! { <menu::MenuPage/> }.into_any(),
            "orders" => view! { <OrdersBoardPage/> }.into_any(),
            "new" => view! { <RequestOrderPage/> }.into_any(),
            "takeable" => view! { <TakeableOrdersPage/> }.into_any(),
            "escalated" => view! { <EscalatedOrdersPage/> }.into_any(),
            id => match id.parse::<i64>() {
                Ok(id) => view! { <OrderDetailPage id/> }.into_any(),
                Err(_) => view! { <NotFoundMessage/> }.into_any(),
            },
        }
    }
}

/// `/console/orders/new`: a station's admins open a request order (基层开单).
#[component]
fn RequestOrderPage() -> impl IntoView {
    view! {
        <OrdersFrame title="orders.new" next="/console/orders/new" allowed=|s| s.is_staff()>
            <p class="intro">{tr("orders.new_intro")}</p>
            <request::RequestOrderForm/>
        </OrdersFrame>
    }
}

/// `/console/orders`
#[component]
fn OrdersBoardPage() -> impl IntoView {
    view! {
        <OrdersFrame title="console.orders" next="/console/orders" allowed=may_order>
            <Board/>
        </OrdersFrame>
    }
}

#[component]
fn Board() -> impl IntoView {
    let api = use_api();
    let status = RwSignal::new(None::<OrderStatus>);
    let direction = RwSignal::new(None::<OrderDirection>);
    let list = Fetched::new(move || {
        let filter = OrderFilter {
            direction: direction.get(),
            status: status.get(),
        };
        async move { api.orders(filter).await }
    });
    view! {
        <section class="section orders-board" aria-labelledby="orders-heading">
            <h2 id="orders-heading" class="visually-hidden">{tr("console.orders")}</h2>
            <div class="form-actions order-tabs" role="group" aria-label=tr("orders.by_state")>
                {TABS.into_iter().map(|s| view! {
                    <button type="button"
                        class=format!("button button-small order-tab-{}", s.map_or("all", OrderStatus::as_str))
                        aria-pressed=move || (status.get() == s).to_string()
                        on:click=move |_| status.set(s)>
                        {tr(s.map_or("orders.all", status_key))}
                    </button>
                }).collect_view()}
            </div>
            <div class="field">
                <label for="order-direction">{tr("orders.direction")}</label>
                <select id="order-direction" on:change=move |ev| {
                    direction.set(OrderDirection::parse(&event_target_value(&ev)));
                }>
                    <option value="">{tr("orders.all")}</option>
                    {OrderDirection::ALL.iter().map(|d| view! {
                        <option value=d.as_str()>{tr(direction_key(*d))}</option>
                    }).collect_view()}
                </select>
            </div>
            <OrderList list empty="orders.none"/>
        </section>
    }
}

/// `/console/orders/takeable`: the request orders the leader's teams may take.
#[component]
fn TakeableOrdersPage() -> impl IntoView {
    view! {
        <OrdersFrame title="orders.takeable" next="/console/orders/takeable" allowed=Session::is_leader>
            <Takeable/>
        </OrdersFrame>
    }
}

#[component]
fn Takeable() -> impl IntoView {
    let api = use_api();
    let list = Fetched::new(move || api.takeable_orders());
    view! {
        <p class="muted">{tr("orders.takeable_intro")}</p>
        <OrderList list empty="orders.none_takeable"/>
    }
}

/// `/console/orders/escalated`: the orders escalated to the admin's areas.
#[component]
fn EscalatedOrdersPage() -> impl IntoView {
    view! {
        <OrdersFrame title="orders.escalated" next="/console/orders/escalated" allowed=Session::is_staff>
            <Escalated/>
        </OrdersFrame>
    }
}

#[component]
fn Escalated() -> impl IntoView {
    let api = use_api();
    let list = Fetched::new(move || api.escalated_orders());
    view! {
        <p class="muted">{tr("orders.escalated_intro")}</p>
        <OrderList list empty="orders.none_escalated"/>
    }
}

/// A list of orders, each with its moves; a move made reads the list again. Keyed by the
/// order and its last change: an order unchanged by a new answer (another tab, a refresh) keeps
/// its card, and a form open in it.
#[component]
fn OrderList(list: Fetched<Result<Page<Order>, ApiError>>, empty: &'static str) -> impl IntoView {
    let retry = Callback::new(move |()| list.refetch());
    let moved = Callback::new(move |()| list.refetch());
    let orders = move || {
        list.get()
            .and_then(Result::ok)
            .map(|p| p.items)
            .unwrap_or_default()
    };
    view! {
        {move || match list.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Ok(page)) if page.items.is_empty() => view! { <p class="empty">{tr(empty)}</p> }.into_any(),
            Some(Ok(_)) => ().into_any(),
            Some(Err(error)) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
        }}
        <ul class="card-list card-list-single order-list">
            <For each=orders key=|o| (o.id, o.updated_at) let:order>
                <OrderCard order moved/>
            </For>
        </ul>
    }
}

/// An order's state as a badge (`order-status-{state}`).
#[component]
fn OrderStatusBadge(status: OrderStatus) -> impl IntoView {
    view! {
        <span class=format!("badge order-status order-status-{}", status.as_str())>{tr(status_key(status))}</span>
    }
}

/// One order on a board: what, where, when, its state and its moves.
#[component]
fn OrderCard(order: Order, moved: Callback<()>) -> impl IntoView {
    let id = order.id;
    let class = format!("card order-card order-{}", order.status.as_str());
    view! {
        <li class=class id=format!("order-{id}")>
            <h3 class="card-title order-title"><a href=format!("/console/orders/{id}")>{order.title.clone()}</a></h3>
            <OrderFacts order=order.clone()/>
            <OrderActions order moved/>
        </li>
    }
}

/// The order's state, direction, station, day, serving side and escalation.
#[component]
fn OrderFacts(order: Order) -> impl IntoView {
    let serving = order.team_name.clone().or(order.provider_name.clone());
    view! {
        <p class="meta">
            <OrderStatusBadge status=order.status/>
            " " <span class="tag">{tr(direction_key(order.direction))}</span>
            " · " <span class="order-station">{order.area_name.clone()}</span>
            " · " {tr("orders.wanted_on")} " " <span class="order-date">{date(order.wanted_on)}</span>
            {serving.map(|s| view! { " · " {tr("orders.serving")} " " <span class="order-serving">{s}</span> })}
        </p>
        {order.escalated_at.map(|at| view! {
            <p class="notice order-escalated-note">{tr("orders.escalated_at")} " " {local_time(at)}</p>
        })}
        {order.rating.map(|r| view! {
            <p class="order-rating">{tr("orders.rating")} " " <span aria-hidden="true">{"★".repeat(usize::try_from(r).unwrap_or(0))}</span>
                <span class="visually-hidden">{r}</span>
                {order.comment.clone().map(|c| view! { " " {c} })}
            </p>
        })}
        {order.cancel_reason.clone().map(|r| view! {
            <p class="notice notice-error order-cancel-reason">{tr("orders.reason")} " " {r}</p>
        })}
    }
}

/// The buttons of the moves the caller may make, each opening its form when it needs one.
#[component]
fn OrderActions(order: Order, moved: Callback<()>) -> impl IntoView {
    let api = use_api();
    let id = order.id;
    let open = RwSignal::new(None::<OrderAction>);
    let act = Action::new_local(move |step: &OrderMove| {
        let step = step.clone();
        async move {
            let done = api.move_order(id, &step).await;
            if done.is_ok() {
                open.try_set(None);
                moved.run(());
            }
            done
        }
    });
    let pending = act.pending();
    let refresh = Callback::new(move |()| {
        if let Some(Err(_)) = act.value().get_untracked() {
            act.value().set(None);
        }
        moved.run(());
    });
    let actions: Vec<OrderAction> = order
        .allowed_actions
        .iter()
        .copied()
        .filter(|a| *a != OrderAction::Open)
        .collect();
    let direction = order.direction;
    let serving_team = order.team_id;
    view! {
        {(!actions.is_empty()).then(|| view! {
            <div class="form-actions order-actions">
                {actions.into_iter().map(|a| {
                    let class = format!(
                        "button button-small order-do order-do-{}{}",
                        a.as_str(),
                        if matches!(a, OrderAction::Decline | OrderAction::Cancel) { " button-secondary" } else { "" }
                    );
                    view! {
                        <button type="button" class=class disabled=move || pending.get()
                            aria-pressed=move || (open.get() == Some(a)).to_string()
                            on:click=move |_| {
                                if a == OrderAction::Accept {
                                    act.dispatch_local(OrderMove::Accept(OrderNote::default()));
                                } else {
                                    open.set(Some(a));
                                }
                            }>
                            {tr(action_key(a))}
                        </button>
                    }
                }).collect_view()}
            </div>
        })}
        <div role="status" aria-live="polite">
            {move || act.value().get().and_then(Result::err).map(|error| view! { <ErrorMessage error on_retry=refresh/> })}
        </div>
        {move || open.get().map(|a| view! { <MoveForm id action=a direction serving_team act open/> })}
    }
}

/// What a move's form holds, as typed.
#[derive(Debug, Clone, Default)]
struct MoveInputs {
    team: String,
    text: String,
    activity: String,
    start: String,
    end: String,
    quota: String,
    /// The project a new activity runs under (a request order's; a menu order's is its item's).
    project: String,
    needs_project: bool,
    rating: i32,
}

impl MoveInputs {
    /// The move to send, or the catalogue key of what is missing.
    fn step(self, action: OrderAction) -> Result<OrderMove, &'static str> {
        let words = self.text.trim().to_owned();
        let note = (!words.is_empty()).then_some(words.clone());
        let team_id = self.team.trim().parse::<i64>().ok();
        let number = |s: &str| s.trim().parse::<i64>().ok();
        match action {
            OrderAction::Take | OrderAction::Dispatch => {
                let team_id = team_id.ok_or("orders.team_needed")?;
                let body = OrderTeam { team_id, note };
                Ok(if action == OrderAction::Take {
                    OrderMove::Take(body)
                } else {
                    OrderMove::Dispatch(body)
                })
            }
            OrderAction::Decline | OrderAction::Cancel if words.is_empty() => {
                Err("orders.reason_needed")
            }
            OrderAction::Decline => Ok(OrderMove::Decline(OrderReason { reason: words })),
            OrderAction::Cancel => Ok(OrderMove::Cancel(OrderReason { reason: words })),
            OrderAction::Accept => Ok(OrderMove::Accept(OrderNote { note })),
            OrderAction::Schedule => {
                let from = parse_local_datetime(&self.start);
                let to = parse_local_datetime(&self.end);
                match (number(&self.activity), from, to) {
                    (Some(activity_id), _, _) => Ok(OrderMove::Schedule(OrderSchedule {
                        activity_id: Some(activity_id),
                        ..OrderSchedule::default()
                    })),
                    (None, Some(_), Some(_))
                        if self.needs_project && number(&self.project).is_none() =>
                    {
                        Err("orders.project_needed")
                    }
                    (None, Some(from), Some(to)) if from < to => {
                        Ok(OrderMove::Schedule(OrderSchedule {
                            project_id: number(&self.project),
                            start_at: Some(from),
                            end_at: Some(to),
                            team_id,
                            quota: number(&self.quota).and_then(|q| i32::try_from(q).ok()),
                            ..OrderSchedule::default()
                        }))
                    }
                    _ => Err("orders.schedule_needed"),
                }
            }
            OrderAction::Evaluate => match self.rating {
                r @ 1..=5 => Ok(OrderMove::Evaluate(OrderEvaluation {
                    rating: r,
                    comment: note,
                })),
                _ => Err("orders.rating_needed"),
            },
            _ => Err("orders.unknown"),
        }
    }
}

/// The form of one move: its inputs, checked before sending.
#[component]
fn MoveForm(
    id: i64,
    action: OrderAction,
    direction: OrderDirection,
    /// The team serving the order, whose projects a new activity may run under.
    serving_team: Option<i64>,
    act: Action<OrderMove, Result<Order, ApiError>>,
    open: RwSignal<Option<OrderAction>>,
) -> impl IntoView {
    let api = use_api();
    let session = use_session();
    let i18n = use_i18n();
    let team = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let activity = RwSignal::new(String::new());
    let start = RwSignal::new(String::new());
    let end = RwSignal::new(String::new());
    let quota = RwSignal::new(String::new());
    let project = RwSignal::new(String::new());
    let rating = RwSignal::new(0i32);
    let problem = RwSignal::new(None::<&'static str>);
    let led = session.led_teams();
    // 派单 offers the approved teams of the admin's area.
    let team_q = RwSignal::new(String::new());
    let teams = Fetched::new(move || {
        let me = session.me();
        let q = team_q.get().trim().to_owned();
        async move {
            if action != OrderAction::Dispatch {
                return Ok(Vec::new());
            }
            let Some(me) = me else {
                return Ok(Vec::new());
            };
            let within = staff_areas(api, &me).await?.first().copied();
            let filter = TeamFilter {
                q: (!q.is_empty()).then_some(q),
                within,
                limit: Some(100),
                ..TeamFilter::default()
            };
            Ok::<Vec<Team>, ApiError>(api.teams(&filter, None).await?.items)
        }
    });
    // A request order's new activity runs under a published project of the serving team.
    let projects = Fetched::new(move || async move {
        match serving_team {
            Some(team)
                if action == OrderAction::Schedule && direction == OrderDirection::Request =>
            {
                api.projects_in(ProjectStatus::Published, None, Some(team))
                    .await
                    .map(|p| p.items)
            }
            _ => Ok(Vec::new()),
        }
    });
    let first_led = led.first().map(|(t, _)| t.to_string()).unwrap_or_default();
    if action == OrderAction::Take {
        team.set(first_led);
    }
    let pending = act.pending();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let inputs = MoveInputs {
            team: team.get_untracked(),
            text: text.get_untracked(),
            activity: activity.get_untracked(),
            start: start.get_untracked(),
            end: end.get_untracked(),
            quota: quota.get_untracked(),
            project: project.get_untracked(),
            needs_project: direction == OrderDirection::Request,
            rating: rating.get_untracked(),
        };
        let step = inputs.step(action);
        match step {
            Ok(step) => {
                problem.set(None);
                act.dispatch_local(step);
            }
            Err(key) => problem.set(Some(key)),
        }
    };
    let led_options = move || {
        led.iter()
            .map(|(t, name)| view! { <option value=t.to_string()>{name.clone()}</option> })
            .collect_view()
    };
    let body = match action {
        OrderAction::Take => view! {
            <div class="field">
                <label for=format!("order-team-{id}")>{tr("orders.team")}</label>
                <select id=format!("order-team-{id}") class="order-team" on:change=move |ev| team.set(event_target_value(&ev))>
                    {led_options()}
                </select>
            </div>
            <NoteField id text label="orders.note"/>
        }
        .into_any(),
        OrderAction::Dispatch => view! {
            <div class="field">
                <label for=format!("order-team-q-{id}")>{tr("orders.find_team")}</label>
                <input id=format!("order-team-q-{id}") class="order-team-q" type="search" maxlength="50"
                    bind:value=team_q/>
            </div>
            <div class="field">
                <label for=format!("order-team-{id}")>{tr("orders.team")}</label>
                <select id=format!("order-team-{id}") class="order-team" on:change=move |ev| team.set(event_target_value(&ev))>
                    <option value="">{tr("orders.choose_team")}</option>
                    {move || teams.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|t| view! {
                        <option value=t.id.to_string()>{t.name}</option>
                    }).collect_view()}
                </select>
            </div>
            <NoteField id text label="orders.note"/>
        }
        .into_any(),
        OrderAction::Decline | OrderAction::Cancel => view! {
            <NoteField id text label="orders.reason"/>
        }
        .into_any(),
        OrderAction::Schedule => {
            // A menu item an agency provides needs the team that runs the activity.
            let pick_team = direction == OrderDirection::Menu && !session.led_teams().is_empty();
            view! {
                <p class="muted">{tr("orders.schedule_hint")}</p>
                <div class="field">
                    <label for=format!("order-activity-{id}")>{tr("orders.activity_id")}</label>
                    <input id=format!("order-activity-{id}") class="order-activity" type="number" min="1" bind:value=activity/>
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for=format!("order-start-{id}")>{tr("orders.start")}</label>
                        <input id=format!("order-start-{id}") class="order-start" type="datetime-local" bind:value=start/>
                    </div>
                    <div class="field">
                        <label for=format!("order-end-{id}")>{tr("orders.end")}</label>
                        <input id=format!("order-end-{id}") class="order-end" type="datetime-local" bind:value=end/>
                    </div>
                    {(direction == OrderDirection::Request).then(|| view! {
                        <div class="field">
                            <label for=format!("order-project-{id}")>{tr("orders.project")}</label>
                            <select id=format!("order-project-{id}") class="order-project"
                                on:change=move |ev| project.set(event_target_value(&ev))>
                                <option value="">{tr("orders.choose_project")}</option>
                                {move || projects.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|p| view! {
                                    <option value=p.id.to_string()>{p.title}</option>
                                }).collect_view()}
                            </select>
                        </div>
                    })}
                    <div class="field">
                        <label for=format!("order-quota-{id}")>{tr("orders.quota")}</label>
                        <input id=format!("order-quota-{id}") class="order-quota" type="number" min="1" bind:value=quota/>
                    </div>
                </div>
                {pick_team.then(|| view! {
                    <div class="field">
                        <label for=format!("order-team-{id}")>{tr("orders.team")}</label>
                        <select id=format!("order-team-{id}") class="order-team" on:change=move |ev| team.set(event_target_value(&ev))>
                            <option value="">{tr("orders.default_team")}</option>
                            {led_options()}
                        </select>
                    </div>
                })}
            }
            .into_any()
        }
        OrderAction::Evaluate => view! {
            <fieldset class="field fieldset order-stars">
                <legend>{tr("orders.rating")}</legend>
                {(1..=5).map(|n| view! {
                    <label class=format!("order-star order-star-{n}")>
                        <input type="radio" name=format!("order-rating-{id}") value=n.to_string()
                            on:change=move |_| rating.set(n)/>
                        " " {"★".repeat(usize::try_from(n).unwrap_or(0))}
                    </label>
                }).collect_view()}
            </fieldset>
            <NoteField id text label="orders.comment"/>
        }
        .into_any(),
        _ => ().into_any(),
    };
    view! {
        <form class=format!("form order-form order-form-{}", action.as_str()) novalidate on:submit=on_submit>
            {body}
            {move || problem.get().map(|key| view! { <p class="field-error">{i18n.t(key)}</p> })}
            <div class="form-actions">
                <button type="submit" class="button button-small" disabled=move || pending.get()>
                    {tr(action_key(action))}
                </button>
                <button type="button" class="button button-small button-secondary" on:click=move |_| open.set(None)>
                    {tr("orders.close")}
                </button>
            </div>
        </form>
    }
}

/// A short text: a note, a reason or a comment.
#[component]
fn NoteField(id: i64, text: RwSignal<String>, label: &'static str) -> impl IntoView {
    let input = format!("order-text-{id}");
    view! {
        <div class="field">
            <label for=input.clone()>{tr(label)}</label>
            <textarea id=input class="order-text" rows="2" maxlength="500" bind:value=text></textarea>
        </div>
    }
}

/// `/console/orders/{id}`
#[component]
fn OrderDetailPage(id: i64) -> impl IntoView {
    view! {
        <OrdersFrame title="orders.detail" next="/console/orders" allowed=may_order>
            <Detail id/>
        </OrdersFrame>
    }
}

#[component]
fn Detail(id: i64) -> impl IntoView {
    let api = use_api();
    let found = Fetched::new(move || async move {
        let order = api.order(id).await?;
        let events = api.order_timeline(id).await?;
        Ok::<_, ApiError>((order, events))
    });
    let retry = Callback::new(move |()| found.refetch());
    let moved = Callback::new(move |()| found.refetch());
    when_loaded(
        move || found.get(),
        move |answer| match answer {
            Ok((order, events)) => {
                let contact = order
                    .contact_name
                    .clone()
                    .into_iter()
                    .chain(order.contact_phone.clone())
                    .collect::<Vec<_>>()
                    .join(" ");
                let class = format!("section order-detail order-{}", order.status.as_str());
                view! {
                <section class=class id=format!("order-{id}")>
                    <h2 class="order-title">{order.title.clone()}</h2>
                    <OrderFacts order=order.clone()/>
                    {order.description.clone().map(|d| view! { <p>{d}</p> })}
                    <dl class="details details-compact">
                        {(!contact.is_empty()).then(|| view! {
                            <div><dt>{tr("orders.contact")}</dt><dd class="order-contact">{contact}</dd></div>
                        })}
                        {order.address.clone().map(|a| view! {
                            <div><dt>{tr("orders.address")}</dt><dd>{a}</dd></div>
                        })}
                        {order.volunteers_wanted.map(|n| view! {
                            <div><dt>{tr("orders.volunteers")}</dt><dd>{n}</dd></div>
                        })}
                        <div><dt>{tr("orders.take_by")}</dt><dd>{local_time(order.take_by)}</dd></div>
                        {order.activity_id.map(|a| view! {
                            <div><dt>{tr("orders.activity")}</dt>
                                <dd><a class="order-activity-link" href=format!("/activities/{a}")>{format!("#{a}")}</a></dd></div>
                        })}
                    </dl>
                    <OrderActions order moved/>
                </section>
                <section class="section">
                    <h2>{tr("orders.timeline")}</h2>
                    <Timeline events/>
                </section>
            }
            .into_any()
            }
            Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
        },
    )
}

/// The order's moves, oldest first: when, who, what, from which state to which, and why.
#[component]
fn Timeline(events: Vec<OrderEvent>) -> impl IntoView {
    view! {
        <ol class="timeline order-timeline">
            {events.into_iter().map(|e| view! {
                <li class=format!("order-event order-event-{}", e.action.as_str())>
                    <time>{local_time(e.at)}</time> " "
                    <span class="order-actor">{match e.actor_name {
                        Some(name) => view! { {name} }.into_any(),
                        None => view! { {tr("orders.system")} }.into_any(),
                    }}</span> " "
                    <strong>{tr(action_key(e.action))}</strong> " "
                    {e.from_status.map(|from| view! { <OrderStatusBadge status=from/> " → " })}
                    <OrderStatusBadge status=e.to_status/>
                    {e.team_name.map(|t| view! { " · " <span class="order-event-team">{t}</span> })}
                    {e.note.map(|n| view! { <span class="order-event-note">" " {n}</span> })}
                </li>
            }).collect_view()}
        </ol>
    }
}

#[cfg(test)]
mod tests {
    use youai_types::{OrderAction, OrderDirection, OrderStatus};

    use super::{MoveInputs, action_key, direction_key, status_key};
    use crate::api::OrderMove;
    use crate::i18n::{Lang, lookup};

    #[test]
    fn every_state_move_and_direction_has_words_in_both_languages() {
        let keys = OrderStatus::ALL
            .iter()
            .map(|s| status_key(*s))
            .chain(OrderAction::ALL.iter().map(|a| action_key(*a)))
            .chain(OrderDirection::ALL.iter().map(|d| direction_key(*d)));
        for key in keys {
            for lang in Lang::ALL {
                assert_ne!(lookup(lang, key), key, "{}: {key}", lang.tag());
            }
        }
    }

    fn inputs() -> MoveInputs {
        MoveInputs::default()
    }

    #[test]
    fn a_team_is_needed_to_take_or_dispatch() {
        assert_eq!(inputs().step(OrderAction::Take), Err("orders.team_needed"));
        let take = MoveInputs {
            team: "14".into(),
            text: " 我队有专业志愿者 ".into(),
            ..inputs()
        };
        match take.clone().step(OrderAction::Take) {
            Ok(OrderMove::Take(t)) => {
                assert_eq!(
                    (t.team_id, t.note.as_deref()),
                    (14, Some("我队有专业志愿者"))
                );
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            take.step(OrderAction::Dispatch),
            Ok(OrderMove::Dispatch(_))
        ));
    }

    #[test]
    fn declining_and_cancelling_need_a_reason() {
        let blank = MoveInputs {
            text: "  ".into(),
            ..inputs()
        };
        assert_eq!(
            blank.clone().step(OrderAction::Decline),
            Err("orders.reason_needed")
        );
        assert_eq!(blank.step(OrderAction::Cancel), Err("orders.reason_needed"));
        let why = MoveInputs {
            text: "当日无法安排".into(),
            ..inputs()
        };
        match why.step(OrderAction::Cancel) {
            Ok(OrderMove::Cancel(r)) => assert_eq!(r.reason, "当日无法安排"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn scheduling_links_an_activity_or_creates_one_from_start_to_end() {
        let link = MoveInputs {
            activity: "40".into(),
            ..inputs()
        };
        match link.step(OrderAction::Schedule) {
            Ok(OrderMove::Schedule(s)) => {
                assert_eq!((s.activity_id, s.start_at), (Some(40), None));
            }
            other => panic!("{other:?}"),
        }
        let create = MoveInputs {
            project: "7".into(),
            needs_project: true,
            start: "2026-12-12T09:00".into(),
            end: "2026-12-12T12:00".into(),
            quota: "4".into(),
            ..inputs()
        };
        match create.clone().step(OrderAction::Schedule) {
            Ok(OrderMove::Schedule(s)) => {
                assert_eq!(
                    s.start_at.map(|t| t.to_rfc3339()).as_deref(),
                    Some("2026-12-12T01:00:00+00:00")
                );
                assert_eq!(
                    (s.quota, s.activity_id, s.team_id, s.project_id),
                    (Some(4), None, None, Some(7))
                );
            }
            other => panic!("{other:?}"),
        }
        let no_project = MoveInputs {
            project: String::new(),
            ..create.clone()
        };
        assert_eq!(
            no_project.step(OrderAction::Schedule),
            Err("orders.project_needed")
        );
        let backwards = MoveInputs {
            start: create.end.clone(),
            end: create.start.clone(),
            ..inputs()
        };
        assert_eq!(
            backwards.step(OrderAction::Schedule),
            Err("orders.schedule_needed")
        );
        assert_eq!(
            inputs().step(OrderAction::Schedule),
            Err("orders.schedule_needed")
        );
    }

    #[test]
    fn an_evaluation_is_one_to_five_stars() {
        assert_eq!(
            inputs().step(OrderAction::Evaluate),
            Err("orders.rating_needed")
        );
        let rated = MoveInputs {
            rating: 5,
            text: "很满意".into(),
            ..inputs()
        };
        match rated.step(OrderAction::Evaluate) {
            Ok(OrderMove::Evaluate(e)) => {
                assert_eq!((e.rating, e.comment.as_deref()), (5, Some("很满意")));
            }
            other => panic!("{other:?}"),
        }
    }
}
