//! `/console/reports`: the city's figures for staff, each chart's numbers as CSV, and all of
//! them as one XLSX workbook; with the figures of 两网 two-way ordering (orders by state and
//! direction, by town, month by month; how fast they are taken, how many are served, how the
//! stations rate them).

use leptos::prelude::*;

use youai_types::{MonthlyStats, OrderDirection, OrderStatus, OrdersStats};

use crate::api::{ApiError, use_api};
use crate::components::{
    CHART_MONTHS, ChartSet, Charts, ConsoleGate, ConsoleNav, CsvLink, ErrorMessage, Fetched,
    bar_chart, column_chart, when_loaded,
};
use crate::i18n::{I18n, tr, use_i18n};
use crate::session::Session;

/// `/console/reports`: the charts, for staff, with their numbers as CSV.
#[component]
pub fn ReportsPage() -> impl IntoView {
    view! {
        <section class="page-head">
            <h1>{tr("console.reports")}</h1>
            <p class="intro">{tr("console.reports_intro")}</p>
        </section>
        <ConsoleNav/>
        <ConsoleGate next="/console/reports" allowed=Session::is_staff>
            <Reports/>
        </ConsoleGate>
    }
}

#[component]
fn Reports() -> impl IntoView {
    let api = use_api();
    let stats = Fetched::new(move || api.stats());
    let retry = Callback::new(move |()| stats.refetch());
    view! {
        <p class="actions">
            // Every figure in it is public: a plain link downloads it.
            <a class="button" id="report-xlsx" href=format!("/api/v1/stats/report?months={CHART_MONTHS}") download="">
                {tr("reports.xlsx")}
            </a>
        </p>
        {when_loaded(
            move || stats.get(),
            move |answer| match answer {
                Ok(stats) => view! { <Charts set=ChartSet::City(stats) csv=true/> }.into_any(),
                Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
            },
        )}
        <h2 class="charts-heading" id="lists-heading">{tr("reports.lists")}</h2>
        <Charts set=ChartSet::Lists csv=true/>
        <h2 class="charts-heading">{tr("reports.over_time")}</h2>
        <Charts set=ChartSet::Monthly csv=true/>
        <h2 class="charts-heading" id="orders-heading">{tr("reports.orders")}</h2>
        <OrdersFigures/>
    }
}

fn order_status_key(s: OrderStatus) -> &'static str {
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

fn order_direction_key(d: OrderDirection) -> &'static str {
    match d {
        OrderDirection::Request => "order_direction.request",
        OrderDirection::Menu => "order_direction.menu",
    }
}

/// A bar chart's bars from the orders' figures, in the reader's language.
type OrderBars = fn(&OrdersStats, I18n) -> Vec<(String, i64)>;

/// The orders' bar charts: (figure id, title, CSV column, CSV file, the bars).
const ORDER_CHARTS: [(&str, &str, &str, &str, OrderBars); 2] = [
    (
        "chart-orders-status",
        "reports.orders_by_status",
        "reports.orders_status_column",
        "orders-by-status.csv",
        |o, i18n| {
            o.by_status
                .iter()
                .map(|c| {
                    let label = format!(
                        "{} · {}",
                        i18n.t(order_direction_key(c.direction)),
                        i18n.t(order_status_key(c.status))
                    );
                    (label, c.count)
                })
                .collect()
        },
    ),
    (
        "chart-orders-town",
        "reports.orders_by_town",
        "reports.orders_town_column",
        "orders-by-town.csv",
        |o, i18n| {
            o.by_town
                .iter()
                .map(|t| {
                    let town = if t.town_id.is_some() {
                        t.town.clone()
                    } else {
                        i18n.t("reports.orders_city_level").to_owned()
                    };
                    (town, t.count)
                })
                .collect()
        },
    ),
];

/// The orders' figures: `/stats` (read for its orders alone) and `/stats/monthly`.
#[component]
fn OrdersFigures() -> impl IntoView {
    let api = use_api();
    let figures = Fetched::new(move || async move {
        let orders = api.orders_stats().await?.orders;
        let monthly = api.monthly_stats(CHART_MONTHS).await?;
        Ok::<_, ApiError>((orders, monthly))
    });
    let retry = Callback::new(move |()| figures.refetch());
    when_loaded(
        move || figures.get(),
        move |answer| match answer {
            Ok((orders, monthly)) => view! { <OrdersCharts orders monthly/> }.into_any(),
            Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
        },
    )
}

/// The headline figures, orders by direction and state and by town (each with its CSV), and
/// the orders opened and completed month by month.
#[component]
fn OrdersCharts(orders: OrdersStats, monthly: MonthlyStats) -> impl IntoView {
    let i18n = use_i18n();
    let dash = || "—".to_owned();
    let figures = [
        ("reports.orders_total", orders.orders.to_string()),
        ("reports.orders_request", orders.request_orders.to_string()),
        ("reports.orders_menu", orders.menu_orders.to_string()),
        (
            "reports.menu_items_active",
            orders.menu_items_active.to_string(),
        ),
        (
            "reports.hours_to_take",
            orders
                .median_hours_to_take
                .map_or_else(dash, crate::format::hours),
        ),
        (
            "reports.completion_rate",
            orders
                .completion_rate
                .map_or_else(dash, |r| format!("{:.1}%", r * 100.0)),
        ),
        (
            "reports.average_rating",
            orders
                .average_rating
                .map_or_else(dash, |r| format!("{r:.1}")),
        ),
    ];
    let orders = StoredValue::new(orders);
    let opened = monthly
        .months
        .iter()
        .map(|m| (m.month.clone(), m.orders_opened as f64))
        .collect();
    let completed = monthly
        .months
        .iter()
        .map(|m| (m.month.clone(), m.orders_completed as f64))
        .collect();
    view! {
        <dl class="details details-compact" id="orders-figures">
            {figures.into_iter().map(|(key, value)| view! {
                <dt>{tr(key)}</dt>
                <dd>{value}</dd>
            }).collect_view()}
        </dl>
        <div class="chart-grid">
            {ORDER_CHARTS.iter().map(|&(id, title, column, file, make)| {
                let bars = move || orders.with_value(|o| make(o, i18n));
                view! {
                    <div class="chart-box">
                        {bar_chart(id, title, "reports.no_data", bars)}
                        <CsvLink file=file rows=move || {
                            let mut rows = vec![vec![i18n.t(column).to_owned(), i18n.t("reports.count").to_owned()]];
                            rows.extend(bars().into_iter().map(|(label, n)| vec![label, n.to_string()]));
                            rows
                        }/>
                    </div>
                }
            }).collect_view()}
            <div class="chart-box">
                {column_chart("chart-orders-opened", "reports.orders_opened", opened)}
            </div>
            <div class="chart-box">
                {column_chart("chart-orders-completed", "reports.orders_completed", completed)}
            </div>
        </div>
    }
}
