//! 两网 two-way ordering in `/stats`, `/stats/monthly` and the XLSX report: figures computed
//! from orders this test writes itself with known times (counts by direction, state and town,
//! the median hours to be taken, the completion rate, the average rating, the menu, and the
//! orders opened, taken and completed by month) — on SQLite and PostgreSQL.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDateTime, Timelike};
use reqwest::StatusCode;
use serde_json::{Value, json};
use youai_db::orders::demo::{self as db, DemoOrder};
use youai_db::orders::menu::NewMenuItemRow;
use youai_tests::{TestApp, db_tests, json_of};
use youai_types::{MenuItemStatus, OrderDirection, OrderStatus};

db_tests!(orders_figures_in_stats_and_the_report);

/// An order of `area` opened at `t0`, moved on at the hours after it given.
#[allow(clippy::too_many_arguments)]
fn order(
    direction: OrderDirection,
    status: OrderStatus,
    area_id: i64,
    menu_item_id: Option<i64>,
    t0: NaiveDateTime,
    taken: Option<i64>,
    completed: Option<i64>,
    rating: Option<i32>,
) -> DemoOrder {
    let h = |n: i64| t0 + Duration::hours(n);
    DemoOrder {
        direction,
        status,
        area_id,
        venue_id: None,
        title: "测试订单".into(),
        description: None,
        category_id: None,
        menu_item_id,
        wanted_on: (t0 + Duration::days(10)).date(),
        volunteers_wanted: Some(3),
        address: None,
        contact_name: None,
        contact_phone: None,
        take_by: h(72),
        team_id: None,
        dispatched_team_id: None,
        activity_id: None,
        escalated_to: None,
        escalated_at: None,
        rating,
        comment: None,
        cancel_reason: (status == OrderStatus::Cancelled).then(|| "测试取消".to_owned()),
        created_by: None,
        created_at: t0,
        updated_at: t0,
        taken_at: taken.map(h),
        scheduled_at: taken.map(|t| h(t + 1)),
        completed_at: completed.map(h),
        evaluated_at: rating.and(completed).map(|c| h(c + 24)),
    }
}

fn counts(v: &Value) -> Vec<(String, String, i64)> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["direction"].as_str().unwrap().to_owned(),
                x["status"].as_str().unwrap().to_owned(),
                x["count"].as_i64().unwrap(),
            )
        })
        .collect()
}

async fn orders_figures_in_stats_and_the_report(app: TestApp) {
    // Before anything: zeros and no figures to divide.
    let empty: Value = json_of(app.get("/api/v1/stats", None).await, StatusCode::OK).await;
    let o = &empty["orders"];
    assert_eq!(o["orders"], 0, "{o}");
    assert!(o["median_hours_to_take"].is_null(), "{o}");
    assert!(o["completion_rate"].is_null(), "{o}");
    assert!(o["average_rating"].is_null(), "{o}");
    assert_eq!(o["by_status"], json!([]));

    let jindu = app.area_id("金都社区").await;
    let daxin = app.area_id("大新社区").await;
    let jingang = app.area_id("金港镇").await;
    let w = youai_tests::world::world(&app, 10).await;
    let project = w.activity["project_id"].as_i64().unwrap();
    // Thirty days ago, on the hour (UTC, as stored).
    let now = chrono::Utc::now().naive_utc();
    let t0 = (now - Duration::days(30))
        .with_minute(0)
        .and_then(|t| t.with_second(0))
        .and_then(|t| t.with_nanosecond(0))
        .unwrap();

    let pool = app.pool.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        let item = |status| NewMenuItemRow {
            project_id: project,
            provider_agency_id: None,
            provider_team_id: Some(w.activity["team_id"].as_i64().unwrap()),
            capacity_per_month: 5,
            lead_days: 3,
            conditions: None,
            status,
            created_by: None,
            created_at: t0,
            updated_at: t0,
        };
        let items = db::insert_menu_items(
            &mut conn,
            &[
                item(MenuItemStatus::Active),
                item(MenuItemStatus::Withdrawn),
            ],
        )
        .unwrap();
        let menu = Some(items[0]);
        use OrderDirection::{Menu as M, Request as R};
        use OrderStatus as S;
        db::insert_orders(
            &mut conn,
            &[
                order(
                    R,
                    S::Evaluated,
                    jindu,
                    None,
                    t0,
                    Some(10),
                    Some(120),
                    Some(5),
                ),
                order(R, S::Completed, jindu, None, t0, Some(20), Some(96), None),
                order(R, S::Expired, jindu, None, t0, Some(30), None, None),
                order(R, S::Open, daxin, None, t0, None, None, None),
                order(
                    M,
                    S::Evaluated,
                    daxin,
                    menu,
                    t0,
                    Some(40),
                    Some(120),
                    Some(4),
                ),
                order(M, S::Cancelled, jindu, menu, t0, None, None, None),
                order(R, S::Cancelled, jindu, None, t0, Some(50), None, None),
                order(M, S::Scheduled, jindu, menu, t0, Some(2), None, None),
            ],
        )
        .unwrap();
    })
    .await
    .unwrap();

    let stats: Value = json_of(app.get("/api/v1/stats", None).await, StatusCode::OK).await;
    let o = &stats["orders"];
    assert_eq!(o["orders"], 8, "{o}");
    assert_eq!(o["request_orders"], 5, "{o}");
    assert_eq!(o["menu_orders"], 3, "{o}");
    assert_eq!(o["menu_items"], 2, "{o}");
    assert_eq!(o["menu_items_active"], 1, "{o}");
    let s = |d: &str, st: &str, n: i64| (d.to_owned(), st.to_owned(), n);
    assert_eq!(
        counts(&o["by_status"]),
        [
            s("request", "open", 1),
            s("request", "completed", 1),
            s("request", "evaluated", 1),
            s("request", "cancelled", 1),
            s("request", "expired", 1),
            s("menu", "scheduled", 1),
            s("menu", "evaluated", 1),
            s("menu", "cancelled", 1),
        ],
        "request orders first, states in their life's order: {o}"
    );
    assert_eq!(
        o["by_town"],
        json!([
            {"town_id": jingang, "town": "金港镇", "count": 6},
            {"town_id": app.area_id("大新镇").await, "town": "大新镇", "count": 2}
        ])
    );
    // Taken after 2, 10, 20, 30, 40 and 50 hours (the cancelled and expired ones too).
    assert_eq!(o["median_hours_to_take"], 25.0, "{o}");
    // Served: two evaluated, one completed; ended: those, two cancelled and one expired.
    assert_eq!(o["completed"], 3, "{o}");
    assert_eq!(o["concluded"], 6, "{o}");
    assert_eq!(o["completion_rate"], 0.5, "{o}");
    assert_eq!(o["evaluated"], 2, "{o}");
    assert_eq!(o["average_rating"], 4.5, "{o}");

    // By month, as stored (UTC): all opened at t0; taken and completed at their hours.
    let month = |t: NaiveDateTime| t.format("%Y-%m").to_string();
    let mut want: BTreeMap<String, (i64, i64, i64)> = BTreeMap::new();
    want.entry(month(t0)).or_default().0 += 8;
    for h in [10, 20, 30, 40, 50, 2] {
        want.entry(month(t0 + Duration::hours(h))).or_default().1 += 1;
    }
    for h in [120, 96, 120] {
        want.entry(month(t0 + Duration::hours(h))).or_default().2 += 1;
    }
    let m: Value = json_of(
        app.get("/api/v1/stats/monthly?months=3", None).await,
        StatusCode::OK,
    )
    .await;
    let got: BTreeMap<String, (i64, i64, i64)> = m["months"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| {
            x["orders_opened"].as_i64().unwrap()
                + x["orders_taken"].as_i64().unwrap()
                + x["orders_completed"].as_i64().unwrap()
                > 0
        })
        .map(|x| {
            (
                x["month"].as_str().unwrap().to_owned(),
                (
                    x["orders_opened"].as_i64().unwrap(),
                    x["orders_taken"].as_i64().unwrap(),
                    x["orders_completed"].as_i64().unwrap(),
                ),
            )
        })
        .collect();
    assert_eq!(got, want, "{m}");

    // The workbook has the orders' sheets with the same figures.
    let res = app.get("/api/v1/stats/report?months=3", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let bytes = res.bytes().await.unwrap();
    let mut book = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut read = |name: &str| {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut book.by_name(name).unwrap(), &mut text).unwrap();
        text
    };
    let workbook = read("xl/workbook.xml");
    for sheet in ["订单概况", "订单状态", "各镇订单", "按月订单"] {
        assert!(workbook.contains(sheet), "no sheet {sheet}: {workbook}");
    }
    let strings = read("xl/sharedStrings.xml");
    for text in [
        "接单用时中位数（小时）",
        "完成率（%）",
        "基层开单",
        "基层点单",
        "已评单",
        "已过期",
    ] {
        assert!(strings.contains(text), "no {text}: {strings}");
    }
    let numbers = |xml: &str| -> Vec<String> {
        xml.split("<c ")
            .filter(|c| !c.contains("t=\"s\""))
            .filter_map(|c| Some(c.split("<v>").nth(1)?.split("</v>").next()?.to_owned()))
            .collect()
    };
    // The summary: after the five sheets of before and the lists' seven.
    assert_eq!(
        numbers(&read("xl/worksheets/sheet13.xml")),
        ["8", "5", "3", "2", "25", "3", "6", "50", "2", "4.5"]
    );
    // By state: a row per state (open … expired), request, menu and their sum.
    assert_eq!(
        numbers(&read("xl/worksheets/sheet14.xml")),
        [
            "1", "0", "1", // open
            "0", "0", "0", // taken
            "0", "1", "1", // scheduled
            "1", "0", "1", // completed
            "1", "1", "2", // evaluated
            "1", "1", "2", // cancelled
            "1", "0", "1", // expired
        ]
    );
    assert_eq!(numbers(&read("xl/worksheets/sheet15.xml")), ["6", "2"]);
    let monthly: i64 = numbers(&read("xl/worksheets/sheet16.xml"))
        .iter()
        .map(|n| n.parse::<i64>().unwrap())
        .sum();
    assert_eq!(monthly, 8 + 6 + 3);
}
