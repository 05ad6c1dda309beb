//! 两网 two-way ordering in the browser: a station (金港镇's admins) orders a team's service from
//! the menu and the team's leader accepts it on the orders board; the station opens a request
//! order on its form (基层开单), a team's leader takes it from their queue and schedules it,
//! and after the activity the station evaluates it on the order's page, whose timeline shows
//! every move; an order left untaken
//! past its take-by time appears in the escalation queue of the admins above.

use serde_json::{Value, json};
use youai_tests::browser::Browser;
use youai_tests::reqwest::StatusCode;
use youai_tests::{ADMIN, JINGANG_ADMIN, TestApp, json_of};

use crate::fixtures::{account, world};

/// The world's team (of 金港镇) and its published project: `(team id, project id)`.
async fn team_and_project(app: &TestApp, activity: &Value) -> (i64, i64) {
    let project: Value = json_of(
        app.get(
            &format!("/api/v1/projects/{}", activity["project_id"]),
            None,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    (
        activity["team_id"].as_i64().unwrap(),
        project["id"].as_i64().unwrap(),
    )
}

/// `days` from today in the city, `YYYY-MM-DD`.
fn day_in(days: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::hours(8) + chrono::Duration::days(days))
        .date_naive()
        .to_string()
}

/// A request order 金港镇's admins open for 金都社区.
async fn request_order(app: &TestApp, staff: &str, title: &str, extra: Value) -> Value {
    let jindu = app.area_id("金都社区").await;
    let categories: Vec<Value> = json_of(
        app.get("/api/v1/need-categories", None).await,
        StatusCode::OK,
    )
    .await;
    let category = categories[0]["id"].clone();
    let mut body = json!({"direction": "request", "area_id": jindu, "title": title,
        "category_id": category, "wanted_on": day_in(5), "volunteers_wanted": 3,
        "contact_name": "陈站长", "contact_phone": "13800001234"});
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    json_of(
        app.post("/api/v1/orders", Some(staff), &body).await,
        StatusCode::CREATED,
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_station_orders_from_the_menu_and_the_provider_accepts() {
    let Some(b) = Browser::start(1280).await else {
        return;
    };
    let app = &b.app;
    let admin = app.login(ADMIN).await;
    let jingang = app.area_id("金港镇").await;
    let w = world(app, "13600000901", "法律明白人讲座", 60 * 24, 10).await;
    let (team, project) = team_and_project(app, &w.activity).await;
    let item: Value = json_of(
        app.post(
            "/api/v1/menu-items",
            Some(&admin),
            &json!({"project_id": project, "provider_team_id": team, "area_ids": [jingang],
                "capacity_per_month": 3, "lead_days": 2, "conditions": "需提供场地"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let card = format!("#menu-item-{}", item["id"]);

    // The station's admin finds it on the menu and orders it for a day.
    b.sign_in_as(JINGANG_ADMIN, "/menu").await;
    b.type_into("#menu-q", "法律明白人").await;
    b.text_until(&format!("{card} .menu-remaining"), "the places left", |t| {
        t.contains('3')
    })
    .await;
    b.click(&format!("{card} .menu-order")).await;
    b.select(&format!("{card} .order-area"), &jingang.to_string())
        .await;
    b.set_value(&format!("{card} .order-date"), &day_in(6))
        .await;
    b.clear(&format!("{card} .order-contact")).await;
    b.type_into(&format!("{card} .order-contact"), "陈站长")
        .await;
    b.type_into(&format!("{card} .order-phone"), "13800001234")
        .await;
    b.submit(&format!("{card} .menu-order-form")).await;
    b.find(&format!("{card} .order-placed")).await;
    let staff = app.login(JINGANG_ADMIN).await;
    let list = b
        .api_until(
            "/api/v1/orders?direction=menu",
            Some(&staff),
            "the menu order",
            |v| {
                v["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|o| o["menu_item_id"] == item["id"])
            },
        )
        .await;
    let order = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["menu_item_id"] == item["id"])
        .unwrap()
        .clone();
    assert_eq!(order["status"], "open");
    assert_eq!(order["area_id"], jingang);
    assert_eq!(order["wanted_on"], day_in(6));
    assert_eq!(order["contact_name"], "陈站长");

    // The provider's leader sees it on the board, open, with 接受 and 拒绝, and accepts.
    b.switch_to(account("13600000901"), "/console/orders").await;
    let on_board = format!("#order-{}", order["id"]);
    b.click(".order-tab-open").await;
    b.text_until(&format!("{on_board} .order-status"), "open", |t| {
        t.contains("待接单")
    })
    .await;
    b.find(&format!("{on_board} .order-do-decline")).await;
    b.assert_absent(
        &format!("{on_board} .order-do-take"),
        "a menu order is accepted, not taken",
    )
    .await;
    b.click(&format!("{on_board} .order-do-accept")).await;
    let path = format!("/api/v1/orders/{}", order["id"]);
    b.api_until(&path, Some(&staff), "accepted", |o| o["status"] == "taken")
        .await;
    // Its page tells who accepted it.
    b.open(&format!("/console/orders/{}", order["id"])).await;
    b.text_until(".order-timeline", "the acceptance", |t| {
        t.contains("接受") && t.contains("已接单")
    })
    .await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_team_takes_schedules_and_the_station_evaluates() {
    let Some(b) = Browser::start(1280).await else {
        return;
    };
    let app = &b.app;
    let staff = app.login(JINGANG_ADMIN).await;
    let w = world(app, "13600000902", "独居老人家电维修", 30, 5).await;
    // The station opens the request order (基层开单) on its form, for 金都社区.
    let jindu = app.area_id("金都社区").await;
    let categories: Vec<Value> = json_of(
        app.get("/api/v1/need-categories", None).await,
        StatusCode::OK,
    )
    .await;
    b.sign_in_as(JINGANG_ADMIN, "/console/orders/new").await;
    b.select("#request-area", &jindu.to_string()).await;
    b.type_into("#request-title", "独居老人家电需检修").await;
    b.select("#request-category", &categories[0]["id"].to_string())
        .await;
    b.type_into("#request-phone", "13800001234").await;
    b.submit("form.request-order-form").await;
    b.text_until(".order-opened", "the order opened", |t| {
        t.contains("已开单")
    })
    .await;
    let mine: Value = json_of(
        app.get("/api/v1/orders?direction=request", Some(&staff))
            .await,
        StatusCode::OK,
    )
    .await;
    let order = mine["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["title"] == "独居老人家电需检修")
        .expect("the order opened on the form")
        .clone();
    assert_eq!(order["area_id"], jindu);
    assert_eq!(order["status"], "open");
    assert_eq!(order["volunteers_wanted"], 4);
    assert_eq!(order["contact_phone"], "13800001234");
    let id = order["id"].as_i64().unwrap();
    let card = format!("#order-{id}");
    let path = format!("/api/v1/orders/{id}");

    // The leader takes it from the queue of orders their team may take.
    b.switch_to(account("13600000902"), "/console/orders/takeable")
        .await;
    b.text_until(&format!("{card} .order-title"), "the order", |t| {
        t.contains("独居老人家电需检修")
    })
    .await;
    b.click(&format!("{card} .order-do-take")).await;
    b.select(
        &format!("{card} .order-team"),
        &w.activity["team_id"].to_string(),
    )
    .await;
    b.type_into(&format!("{card} .order-text"), "我队有家电维修志愿者")
        .await;
    b.submit(&format!("{card} .order-form-take")).await;
    b.api_until(&path, Some(&staff), "taken", |o| o["status"] == "taken")
        .await;

    // It is scheduled with the team's activity, on the board.
    b.open("/console/orders").await;
    b.click(".order-tab-taken").await;
    b.click(&format!("{card} .order-do-schedule")).await;
    b.type_into(
        &format!("{card} .order-activity"),
        &w.activity["id"].to_string(),
    )
    .await;
    b.submit(&format!("{card} .order-form-schedule")).await;
    let scheduled = b
        .api_until(&path, Some(&staff), "scheduled", |o| {
            o["status"] == "scheduled"
        })
        .await;
    assert_eq!(scheduled["activity_id"], w.activity["id"]);

    // The activity runs and finishes: the order is completed.
    let steps = format!("/api/v1/activities/{}/transitions", w.activity["id"]);
    for step in [
        json!({"action": "start"}),
        json!({"action": "finish", "residents_served": 12}),
    ] {
        json_of::<Value>(
            app.post(&steps, Some(&w.leader), &step).await,
            StatusCode::OK,
        )
        .await;
    }
    b.api_until(&path, Some(&staff), "completed", |o| {
        o["status"] == "completed"
    })
    .await;

    // The station rates it on the order's page; the timeline shows every move.
    b.switch_to(JINGANG_ADMIN, &format!("/console/orders/{id}"))
        .await;
    b.click(&format!("{card} .order-do-evaluate")).await;
    b.click(&format!("{card} .order-star-5 input")).await;
    b.type_into(&format!("{card} .order-text"), "志愿者准时到场，老人很满意")
        .await;
    b.submit(&format!("{card} .order-form-evaluate")).await;
    let rated = b
        .api_until(&path, Some(&staff), "evaluated", |o| {
            o["status"] == "evaluated"
        })
        .await;
    assert_eq!(rated["rating"], 5);
    assert_eq!(rated["comment"], "志愿者准时到场，老人很满意");
    b.text_until(".order-timeline", "every move", |t| {
        ["开单", "接单", "排期", "完成", "评单"]
            .iter()
            .all(|w| t.contains(w))
    })
    .await;
    b.text_until(".order-event-take", "the taker's note", |t| {
        t.contains("我队有家电维修志愿者") && t.contains("待接单") && t.contains("已接单")
    })
    .await;
    b.assert_absent(
        &format!("{card} .order-do-evaluate"),
        "an order is evaluated once",
    )
    .await;
    // The reports count it: the orders' figures and their charts.
    b.open("/console/reports").await;
    b.text_until("#orders-figures", "the orders' figures", |t| {
        t.contains("订单总数") && t.contains("平均评分")
    })
    .await;
    b.text_until("#chart-orders-status", "orders by state", |t| {
        t.contains("开单 · 已评单")
    })
    .await;
    b.find("#chart-orders-opened svg").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_escalated_order_appears_in_the_towns_queue() {
    let Some(b) = Browser::start(1280).await else {
        return;
    };
    let app = &b.app;
    let staff = app.login(JINGANG_ADMIN).await;
    let w = world(app, "13600000903", "防汛应急搬运", 60 * 24, 10).await;
    let order = request_order(app, &staff, "社区防汛沙袋搬运", json!({})).await;
    let id = order["id"].as_i64().unwrap();
    // The timer runs past its take-by time (three days on by default).
    escalate_due(app, chrono::Utc::now() + chrono::Duration::days(4)).await;
    let path = format!("/api/v1/orders/{id}");
    let escalated = b
        .api_until(&path, Some(&staff), "escalated", |o| {
            !o["escalated_at"].is_null()
        })
        .await;
    assert_eq!(escalated["status"], "open");

    b.sign_in_as(JINGANG_ADMIN, "/console/orders/escalated")
        .await;
    let card = format!("#order-{id}");
    b.text_until(
        &format!("{card} .order-title"),
        "the escalated order",
        |t| t.contains("社区防汛沙袋搬运"),
    )
    .await;
    b.find(&format!("{card} .order-escalated-note")).await;

    // The town's admin dispatches it to a team of the town (派单), found by its name.
    let team = w.activity["team_id"].clone();
    b.click(&format!("{card} .order-do-dispatch")).await;
    b.type_into(&format!("{card} .order-team-q"), "防汛应急搬运")
        .await;
    b.select(&format!("{card} .order-team"), &team.to_string())
        .await;
    b.submit(&format!("{card} .order-form-dispatch")).await;
    let dispatched = b
        .api_until(&path, Some(&staff), "dispatched", |o| {
            o["dispatched_team_id"] == team
        })
        .await;
    assert_eq!(dispatched["status"], "open");
    // The team's leader accepts it from the board; the timeline tells the escalation, the
    // dispatch and the acceptance.
    b.switch_to(account("13600000903"), &format!("/console/orders/{id}"))
        .await;
    b.click(&format!("{card} .order-do-accept")).await;
    b.api_until(&path, Some(&staff), "accepted", |o| o["status"] == "taken")
        .await;
    b.text_until(".order-timeline", "the escalation and the dispatch", |t| {
        ["上报", "派单", "接受"].iter().all(|w| t.contains(w))
    })
    .await;
    b.close().await;
}

/// Escalates the orders due at `now`, as the server's timer would then.
async fn escalate_due(app: &TestApp, now: chrono::DateTime<chrono::Utc>) {
    let pool = app.pool.clone();
    tokio::task::spawn_blocking(move || {
        youai_api::services::orders::deadlines::escalate_due(&mut pool.get().unwrap(), now).unwrap()
    })
    .await
    .unwrap();
}
