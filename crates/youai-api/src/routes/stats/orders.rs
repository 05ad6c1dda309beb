//! 两网 two-way ordering's figures for `/stats` and the report's sheets.

use youai_certificate::exports::{Cell, Sheet};
use youai_db::DbConn;
use youai_db::orders::stats as q;
use youai_domain::list_reports::median_hours;
use youai_domain::order_reports::{average_rating, completion, rate};
use youai_domain::orders::status_label;
use youai_types::{MonthlyStats, OrderDirection, OrderStatus, OrderStatusCount, OrdersStats};

use crate::error::ApiResult;

/// The orders' figures: a few grouped queries; the median, rate and average in Rust (the same
/// on both backends).
pub(super) fn figures(conn: &mut DbConn) -> ApiResult<OrdersStats> {
    let mut by_status: Vec<OrderStatusCount> = q::by_status(conn)?
        .into_iter()
        .map(|(direction, status, count)| OrderStatusCount {
            direction,
            status,
            count,
        })
        .collect();
    by_status.sort_by_key(|c| {
        (
            position(OrderDirection::ALL, c.direction),
            position(OrderStatus::ALL, c.status),
        )
    });
    let of = |pred: &dyn Fn(&OrderStatusCount) -> bool| -> i64 {
        by_status.iter().filter(|c| pred(c)).map(|c| c.count).sum()
    };
    let (completed, concluded) = completion(
        &by_status
            .iter()
            .map(|c| (c.status, c.count))
            .collect::<Vec<_>>(),
    );
    let ratings = q::ratings(conn)?;
    let (menu_items, menu_items_active) = q::menu_items(conn)?;
    let by_area = q::by_area(conn)?;
    Ok(OrdersStats {
        orders: of(&|_| true),
        request_orders: of(&|c| c.direction == OrderDirection::Request),
        menu_orders: of(&|c| c.direction == OrderDirection::Menu),
        menu_items,
        menu_items_active,
        by_town: super::lists::by_town(conn, by_area)?,
        median_hours_to_take: median_hours(&q::take_times(conn)?),
        completion_rate: rate(completed, concluded),
        completed,
        concluded,
        evaluated: ratings.len() as i64,
        average_rating: average_rating(&ratings),
        by_status,
    })
}

fn position<T: PartialEq>(all: &[T], x: T) -> usize {
    all.iter().position(|y| *y == x).unwrap_or(all.len())
}

fn direction_name(d: OrderDirection) -> &'static str {
    match d {
        OrderDirection::Request => "基层开单",
        OrderDirection::Menu => "基层点单",
    }
}

/// The report's sheets of the orders: a summary, orders by state (a direction a column), by
/// town, and by month.
pub(super) fn sheets(o: &OrdersStats, monthly: &MonthlyStats) -> Vec<Sheet> {
    let text = |s: &str| Cell::Text(s.to_owned());
    let num = |n: f64| Cell::Number(n);
    let titles = |t: &[&str]| t.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let maybe = |h: Option<f64>| h.map_or_else(|| text("—"), num);
    let summary = vec![
        vec![text("订单总数"), num(o.orders as f64)],
        vec![text("基层开单"), num(o.request_orders as f64)],
        vec![text("基层点单"), num(o.menu_orders as f64)],
        vec![text("供单项目"), num(o.menu_items as f64)],
        vec![
            text("接单用时中位数（小时）"),
            maybe(o.median_hours_to_take),
        ],
        vec![text("已完成订单"), num(o.completed as f64)],
        vec![text("已结束订单"), num(o.concluded as f64)],
        vec![
            text("完成率（%）"),
            maybe(o.completion_rate.map(|r| (r * 1000.0).round() / 10.0)),
        ],
        vec![text("已评单"), num(o.evaluated as f64)],
        vec![text("平均评价"), maybe(o.average_rating)],
    ];
    let count = |d: OrderDirection, s: OrderStatus| -> i64 {
        o.by_status
            .iter()
            .filter(|c| c.direction == d && c.status == s)
            .map(|c| c.count)
            .sum()
    };
    let states = OrderStatus::ALL
        .iter()
        .map(|s| {
            let request = count(OrderDirection::Request, *s);
            let menu = count(OrderDirection::Menu, *s);
            vec![
                text(status_label(*s)),
                num(request as f64),
                num(menu as f64),
                num((request + menu) as f64),
            ]
        })
        .collect();
    vec![
        Sheet {
            name: "订单概况".into(),
            columns: titles(&["指标", "数值"]),
            rows: summary,
        },
        Sheet {
            name: "订单状态".into(),
            columns: titles(&[
                "状态",
                direction_name(OrderDirection::Request),
                direction_name(OrderDirection::Menu),
                "合计",
            ]),
            rows: states,
        },
        Sheet {
            name: "各镇订单".into(),
            columns: titles(&["镇（街道）", "订单数"]),
            rows: o
                .by_town
                .iter()
                .map(|t| vec![text(&t.town), num(t.count as f64)])
                .collect(),
        },
        Sheet {
            name: "按月订单".into(),
            columns: titles(&["月份", "开单（点单）", "接单", "完成"]),
            rows: monthly
                .months
                .iter()
                .map(|m| {
                    vec![
                        text(&m.month),
                        num(m.orders_opened as f64),
                        num(m.orders_taken as f64),
                        num(m.orders_completed as f64),
                    ]
                })
                .collect(),
        },
    ]
}
