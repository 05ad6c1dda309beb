//! 两网 two-way ordering: orders end to end in both directions — a request (开单 → 接单 →
//! scheduled → its activity finishes → completed → 评单) with the needs it answers moving along,
//! a menu order (点单 → accepted within capacity → scheduled → completed → evaluated), dispatch
//! (派单) declined and accepted, illegal moves (409 with the state and the moves allowed),
//! ineligible teams, evaluating twice or someone else's order, cancelling (the place and the
//! needs given back), and bad input that writes nothing — on SQLite and PostgreSQL.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use chrono::NaiveDate;
use diesel::prelude::*;
use reqwest::{Response, StatusCode};
use serde_json::{Value, json};
use youai_tests::world::world;
use youai_tests::{ADMIN, JINGANG_ADMIN, RESIDENT, TestApp, db_tests, json_of, problem};

use crate::needs::{VILLAGE, category, submit};

db_tests!(
    a_request_order_end_to_end,
    a_menu_order_end_to_end,
    dispatch_declined_then_accepted,
    illegal_moves_answer_the_state_and_the_moves_allowed,
    only_eligible_teams_take,
    evaluation_is_the_stations_and_once,
    cancelling_gives_back_the_place_and_the_needs,
    bad_input_writes_nothing,
    scheduling_links_or_creates_the_activity,
);

/// A day in the city's calendar, `offset` days from today.
pub fn day(offset: i64) -> NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive() + chrono::Duration::days(offset)
}

pub fn at_hours(h: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::hours(h)).to_rfc3339()
}

/// A new account leading `team_id`; returns its token.
pub async fn leader(
    app: &TestApp,
    admin: &str,
    team_id: &Value,
    phone: &str,
    name: &str,
) -> String {
    let (uid, _) = app.new_user(phone, name).await;
    let res = app
        .post(
            "/api/v1/role-grants",
            Some(admin),
            &json!({"user_id": uid, "role": "team_leader", "team_id": team_id}),
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::CREATED,
        "{}",
        res.text().await.unwrap()
    );
    app.login((phone, "password-123")).await
}

/// The teams most tests use: the city corps with an industry detachment, the town detachment
/// of 金港镇 and a community team of the village 长江村 (which may not take its own village's
/// orders), each with a leader; and the admins.
pub struct Setup {
    pub admin: String,
    /// The admin of 金港镇: staff of the village's station, and an admin above it.
    pub station: String,
    pub village: i64,
    pub jingang: i64,
    pub city: i64,
    pub corps: Value,
    pub detachment: Value,
    pub detachment_leader: String,
    pub town: Value,
    pub town_leader: String,
    pub community: Value,
    pub community_leader: String,
    pub batch: Value,
}

pub async fn setup(app: &TestApp) -> Setup {
    let admin = app.login(ADMIN).await;
    let station = app.login(JINGANG_ADMIN).await;
    let city = app.area_id("张家港市").await;
    let jingang = app.area_id("金港镇").await;
    let village = app.area_id(VILLAGE).await;
    let corps = app
        .team(
            &admin,
            json!({"kind": "city_corps", "name": "测试志愿服务总队", "area_id": city}),
        )
        .await;
    let detachment = app
        .team(
            &admin,
            json!({"kind": "industry_detachment", "name": "测试技能培训支队", "area_id": city, "parent_id": corps["id"]}),
        )
        .await;
    let town = app
        .team(
            &admin,
            json!({"kind": "town_detachment", "name": "测试金港镇支队", "area_id": jingang, "parent_id": corps["id"]}),
        )
        .await;
    let community = app
        .team(
            &admin,
            json!({"kind": "community_team", "name": "测试长江村服务队", "area_id": village, "parent_id": town["id"]}),
        )
        .await;
    let detachment_leader =
        leader(app, &admin, &detachment["id"], "13100000501", "技能支队长").await;
    let town_leader = leader(app, &admin, &town["id"], "13100000502", "金港支队长").await;
    let community_leader = leader(app, &admin, &community["id"], "13100000503", "长江村队长").await;
    let batch: Value = json_of(
        app.post(
            "/api/v1/project-batches",
            Some(&admin),
            &json!({"name": "订单测试批次", "released_on": "2026-12-01"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    Setup {
        admin,
        station,
        village,
        jingang,
        city,
        corps,
        detachment,
        detachment_leader,
        town,
        town_leader,
        community,
        community_leader,
        batch,
    }
}

/// A published project owned by `team_id` (made and approved by the platform admin).
pub async fn project(app: &TestApp, s: &Setup, team_id: &Value, title: &str) -> Value {
    let p: Value = json_of(
        app.post(
            "/api/v1/projects",
            Some(&s.admin),
            &json!({"title": title, "category": "技能培训", "level": "city", "area_id": s.city, "owner_team_id": team_id}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let reviews = format!("/api/v1/projects/{}/reviews", p["id"]);
    for body in [
        json!({"action": "submit"}),
        json!({"action": "approve", "batch_id": s.batch["id"]}),
    ] {
        let res = app.post(&reviews, Some(&s.admin), &body).await;
        assert_eq!(
            res.status(),
            StatusCode::OK,
            "{}",
            res.text().await.unwrap()
        );
    }
    p
}

/// Opens a request order for the village (201 expected), with `extra` fields over the usual.
pub async fn request_order(app: &TestApp, s: &Setup, extra: Value) -> Value {
    let mut body = json!({
        "direction": "request", "area_id": s.village, "title": "独居老人家电维修",
        "description": "村里 12 户独居老人家电需检修", "category_id": category(app, "便民服务").await,
        "wanted_on": day(10), "volunteers_wanted": 4, "address": "长江村党群服务中心",
        "contact_name": "陈站长", "contact_phone": "13800001234"
    });
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    json_of(
        app.post("/api/v1/orders", Some(&s.station), &body).await,
        StatusCode::CREATED,
    )
    .await
}

/// POST /orders/{id}/{action}.
pub async fn act(app: &TestApp, token: &str, id: &Value, action: &str, body: Value) -> Response {
    app.post(&format!("/api/v1/orders/{id}/{action}"), Some(token), &body)
        .await
}

/// A move expected to succeed; answers the order.
pub async fn ok(app: &TestApp, token: &str, id: &Value, action: &str, body: Value) -> Value {
    json_of(act(app, token, id, action, body).await, StatusCode::OK).await
}

pub async fn get(app: &TestApp, token: &str, id: &Value) -> Value {
    json_of(
        app.get(&format!("/api/v1/orders/{id}"), Some(token)).await,
        StatusCode::OK,
    )
    .await
}

pub async fn timeline(app: &TestApp, token: &str, id: &Value) -> Vec<Value> {
    let t: Value = json_of(
        app.get(&format!("/api/v1/orders/{id}/timeline"), Some(token))
            .await,
        StatusCode::OK,
    )
    .await;
    t.as_array().unwrap().clone()
}

/// Puts a project on the menu directly (the menu API is built alongside); returns the item id.
pub async fn menu_item(
    app: &TestApp,
    project_id: i64,
    team_id: i64,
    capacity: i32,
    lead_days: i32,
    area_ids: Vec<i64>,
) -> i64 {
    let pool = app.pool.clone();
    tokio::task::spawn_blocking(move || {
        let mut c = pool.get().unwrap();
        let now = youai_db::now();
        youai_db::orders::menu::insert(
            &mut c,
            &youai_db::orders::menu::NewMenuItemRow {
                project_id,
                provider_agency_id: None,
                provider_team_id: Some(team_id),
                capacity_per_month: capacity,
                lead_days,
                conditions: None,
                status: youai_types::MenuItemStatus::Active,
                created_by: None,
                created_at: now,
                updated_at: now,
            },
            &area_ids,
        )
        .unwrap()
        .id
    })
    .await
    .unwrap()
}

/// The places an item has taken in the month of `d`.
pub async fn taken(app: &TestApp, item: i64, d: NaiveDate) -> i32 {
    let pool = app.pool.clone();
    tokio::task::spawn_blocking(move || {
        let mut c = pool.get().unwrap();
        let month = youai_domain::orders::month_of(d);
        youai_db::orders::menu::taken_in(&mut c, &[item], month)
            .unwrap()
            .first()
            .map_or(0, |(_, n)| *n)
    })
    .await
    .unwrap()
}

/// How many orders and timeline entries exist.
pub async fn written(app: &TestApp) -> (i64, i64) {
    let pool = app.pool.clone();
    tokio::task::spawn_blocking(move || {
        use youai_db::schema::{order_events, orders};
        let mut c = pool.get().unwrap();
        let o: i64 = orders::table.count().get_result(&mut *c).unwrap();
        let e: i64 = order_events::table.count().get_result(&mut *c).unwrap();
        (o, e)
    })
    .await
    .unwrap()
}

async fn need_status(app: &TestApp, id: &Value) -> String {
    let n: Value = json_of(
        app.get(&format!("/api/v1/needs/{id}"), None).await,
        StatusCode::OK,
    )
    .await;
    n["status"].as_str().unwrap().to_owned()
}

/// A need of the village, accepted by its review group; returns its id.
async fn accepted_need(app: &TestApp, s: &Setup, title: &str) -> Value {
    let resident = app.login(RESIDENT).await;
    let got = submit(app, &resident, s.village, title, json!({})).await;
    let id = got["need"]["id"].clone();
    json_of::<Value>(
        app.post(
            &format!("/api/v1/needs/{id}/review"),
            Some(&s.station),
            &json!({"action": "accept"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    id
}

async fn transition(app: &TestApp, token: &str, activity: &Value, action: &str) {
    let res = app
        .post(
            &format!("/api/v1/activities/{activity}/transitions"),
            Some(token),
            &json!({"action": action}),
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{action}: {}",
        res.text().await.unwrap()
    );
}

async fn audit_count(app: &TestApp, admin: &str, action: &str, id: &Value) -> usize {
    let log: Value = json_of(
        app.get(
            &format!("/api/v1/audit?action={action}&target_type=order&target_id={id}&limit=100"),
            Some(admin),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    log["items"].as_array().unwrap().len()
}

async fn a_request_order_end_to_end(app: TestApp) {
    let s = setup(&app).await;
    let need = accepted_need(&app, &s, "独居老人家里的电视坏了").await;
    let order = request_order(&app, &s, json!({"need_ids": [need]})).await;
    let id = order["id"].clone();
    assert_eq!(
        (order["status"].clone(), order["need_ids"].clone()),
        (json!("open"), json!([need]))
    );
    assert_eq!(
        order["contact_phone"], "13800001234",
        "the station sees its contact"
    );
    // The station may dispatch or cancel; an eligible team's leader sees it and may take it.
    assert_eq!(order["allowed_actions"], json!(["dispatch", "cancel"]));
    let seen = get(&app, &s.detachment_leader, &id).await;
    assert_eq!(seen["allowed_actions"], json!(["take"]));
    assert!(seen["contact_phone"].is_null(), "not the serving side yet");
    // Someone it does not concern: 404.
    let resident = app.login(RESIDENT).await;
    problem(
        app.get(&format!("/api/v1/orders/{id}"), Some(&resident))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;

    // 接单: the needs become matched.
    let taken = ok(
        &app,
        &s.detachment_leader,
        &id,
        "take",
        json!({"team_id": s.detachment["id"], "note": "我队有家电维修志愿者"}),
    )
    .await;
    assert_eq!(
        (
            taken["status"].clone(),
            taken["team_id"].clone(),
            taken["team_name"].clone()
        ),
        (
            json!("taken"),
            s.detachment["id"].clone(),
            json!("测试技能培训支队")
        )
    );
    assert_eq!(
        taken["contact_phone"], "13800001234",
        "the serving side sees the contact"
    );
    assert_eq!(need_status(&app, &need).await, "matched");

    // Scheduling a request order makes its activity under a project the team runs.
    problem(
        act(
            &app,
            &s.detachment_leader,
            &id,
            "schedule",
            json!({"start_at": at_hours(24), "end_at": at_hours(26)}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let p = project(&app, &s, &s.detachment["id"], "家电维修进村").await;
    let scheduled = ok(
        &app,
        &s.detachment_leader,
        &id,
        "schedule",
        json!({"project_id": p["id"], "start_at": at_hours(24), "end_at": at_hours(27)}),
    )
    .await;
    assert_eq!(scheduled["status"], "scheduled");
    let activity = scheduled["activity_id"].clone();
    let a: Value = json_of(
        app.get(
            &format!("/api/v1/activities/{activity}"),
            Some(&s.detachment_leader),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (
            a["status"].clone(),
            a["quota"].clone(),
            a["team_id"].clone()
        ),
        (json!("draft"), json!(4), s.detachment["id"].clone())
    );
    assert_eq!(need_status(&app, &need).await, "in_service");

    // The activity runs and finishes: the order completes, the need is fulfilled.
    for step in ["publish", "start", "finish"] {
        transition(&app, &s.detachment_leader, &activity, step).await;
    }
    let done = get(&app, &s.station, &id).await;
    assert_eq!(done["status"], "completed");
    assert!(done["completed_at"].is_string());
    assert_eq!(done["allowed_actions"], json!(["evaluate"]));
    assert_eq!(need_status(&app, &need).await, "fulfilled");

    // 评单 by the station.
    let rated = ok(
        &app,
        &s.station,
        &id,
        "evaluate",
        json!({"rating": 5, "comment": "志愿者准时到场，老人很满意"}),
    )
    .await;
    assert_eq!(
        (
            rated["status"].clone(),
            rated["rating"].clone(),
            rated["comment"].clone()
        ),
        (
            json!("evaluated"),
            json!(5),
            json!("志愿者准时到场，老人很满意")
        )
    );

    // The timeline has every step, who made it, for which team.
    let t = timeline(&app, &s.station, &id).await;
    let steps: Vec<(String, Value, String)> = t
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap().to_owned(),
                e["from_status"].clone(),
                e["to_status"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        steps,
        vec![
            ("open".into(), Value::Null, "open".into()),
            ("take".into(), json!("open"), "taken".into()),
            ("schedule".into(), json!("taken"), "scheduled".into()),
            ("complete".into(), json!("scheduled"), "completed".into()),
            ("evaluate".into(), json!("completed"), "evaluated".into()),
        ]
    );
    let names: Vec<&str> = t
        .iter()
        .map(|e| e["actor_name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        vec![
            "金港镇管理员",
            "技能支队长",
            "技能支队长",
            "技能支队长",
            "金港镇管理员"
        ],
        "{t:?}"
    );
    assert_eq!(t[1]["team_name"], "测试技能培训支队");
    assert_eq!(t[1]["note"], "我队有家电维修志愿者");
    // The serving side sees the timeline too; strangers do not.
    assert_eq!(timeline(&app, &s.detachment_leader, &id).await.len(), 5);
    problem(
        app.get(&format!("/api/v1/orders/{id}/timeline"), Some(&resident))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    // Every person's move is audited.
    for action in [
        "order.open",
        "order.take",
        "order.schedule",
        "order.complete",
        "order.evaluate",
    ] {
        assert_eq!(
            audit_count(&app, &s.admin, action, &id).await,
            1,
            "{action}"
        );
    }
}

async fn a_menu_order_end_to_end(app: TestApp) {
    let s = setup(&app).await;
    let w = world(&app, 5).await;
    let jindu = app.area_id("金都社区").await;
    let team = w.activity["team_id"].as_i64().unwrap();
    let project_id = w.activity["project_id"].as_i64().unwrap();
    let item = menu_item(&app, project_id, team, 3, 2, vec![s.jingang]).await;
    let wanted = day(5);
    let body = json!({"direction": "menu", "area_id": jindu, "menu_item_id": item, "wanted_on": wanted,
        "address": "金都社区党群服务中心"});
    let order: Value = json_of(
        app.post("/api/v1/orders", Some(&s.station), &body).await,
        StatusCode::CREATED,
    )
    .await;
    let id = order["id"].clone();
    assert_eq!(
        (
            order["status"].clone(),
            order["title"].clone(),
            order["team_id"].clone(),
            order["provider_name"].clone()
        ),
        (
            json!("open"),
            json!("社区服务"),
            json!(team),
            json!("签到测试队")
        )
    );
    // The provider sees it and may accept or decline it.
    let seen = get(&app, &w.leader, &id).await;
    assert_eq!(seen["allowed_actions"], json!(["accept", "decline"]));
    // Accepting takes a place of the month.
    let accepted = ok(
        &app,
        &w.leader,
        &id,
        "accept",
        json!({"note": "当天上午到场"}),
    )
    .await;
    assert_eq!(accepted["status"], "taken");
    assert_eq!(taken(&app, item, wanted).await, 1);
    // Scheduled with the team's own activity; the order completes as it finishes.
    let scheduled = ok(
        &app,
        &w.leader,
        &id,
        "schedule",
        json!({"activity_id": w.activity["id"]}),
    )
    .await;
    assert_eq!(
        (
            scheduled["status"].clone(),
            scheduled["activity_id"].clone()
        ),
        (json!("scheduled"), w.activity["id"].clone())
    );
    for step in ["start", "finish"] {
        transition(&app, &w.leader, &w.activity["id"], step).await;
    }
    assert_eq!(get(&app, &s.station, &id).await["status"], "completed");
    let rated = ok(&app, &s.station, &id, "evaluate", json!({"rating": 4})).await;
    assert_eq!(
        (rated["status"].clone(), rated["rating"].clone()),
        (json!("evaluated"), json!(4))
    );
    let steps: Vec<String> = timeline(&app, &w.leader, &id)
        .await
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        steps,
        ["open", "accept", "schedule", "complete", "evaluate"]
    );

    // Beyond the item's notice, outside its areas: 422 with the field's code, nothing written.
    let before = written(&app).await;
    let soon = problem(
        app.post(
            "/api/v1/orders",
            Some(&s.station),
            &json!({"direction": "menu", "area_id": jindu, "menu_item_id": item, "wanted_on": day(1)}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(soon["errors"][0]["code"], "too_soon", "{soon}");
    let yangshe_village = app.area_id("城北社区").await;
    let outside = problem(
        app.post(
            "/api/v1/orders",
            Some(&s.admin),
            &json!({"direction": "menu", "area_id": yangshe_village, "menu_item_id": item, "wanted_on": wanted}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(outside["errors"][0]["code"], "not_served", "{outside}");
    assert_eq!(written(&app).await, before);

    // The provider declines another: it is cancelled with the reason, no place taken.
    let other: Value = json_of(
        app.post("/api/v1/orders", Some(&s.station), &body).await,
        StatusCode::CREATED,
    )
    .await;
    let declined = ok(
        &app,
        &w.leader,
        &other["id"],
        "decline",
        json!({"reason": "当日队员均有任务"}),
    )
    .await;
    assert_eq!(
        (
            declined["status"].clone(),
            declined["cancel_reason"].clone()
        ),
        (json!("cancelled"), json!("当日队员均有任务"))
    );
    assert_eq!(taken(&app, item, wanted).await, 1);
}

async fn dispatch_declined_then_accepted(app: TestApp) {
    let s = setup(&app).await;
    let order = request_order(&app, &s, json!({})).await;
    let id = order["id"].clone();
    // Accepting what no one dispatched: 409.
    problem(
        act(&app, &s.detachment_leader, &id, "accept", json!({})).await,
        StatusCode::CONFLICT,
        "not_dispatched",
    )
    .await;
    // Only admins dispatch; only to an eligible team.
    problem(
        act(
            &app,
            &s.detachment_leader,
            &id,
            "dispatch",
            json!({"team_id": s.detachment["id"]}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    problem(
        act(
            &app,
            &s.station,
            &id,
            "dispatch",
            json!({"team_id": s.community["id"]}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "team_not_eligible",
    )
    .await;
    let sent = ok(
        &app,
        &s.station,
        &id,
        "dispatch",
        json!({"team_id": s.detachment["id"], "note": "请支援"}),
    )
    .await;
    assert_eq!(
        (sent["status"].clone(), sent["dispatched_team_id"].clone()),
        (json!("open"), s.detachment["id"].clone())
    );
    assert_eq!(
        get(&app, &s.detachment_leader, &id).await["allowed_actions"],
        json!(["take", "accept", "decline"])
    );
    // Another team cannot decline for it; a reason is required.
    problem(
        act(
            &app,
            &s.town_leader,
            &id,
            "decline",
            json!({"reason": "无"}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    problem(
        act(
            &app,
            &s.detachment_leader,
            &id,
            "decline",
            json!({"reason": "  "}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let back = ok(
        &app,
        &s.detachment_leader,
        &id,
        "decline",
        json!({"reason": "当日队员均有任务"}),
    )
    .await;
    assert_eq!(
        (back["status"].clone(), back["dispatched_team_id"].clone()),
        (json!("open"), Value::Null)
    );
    ok(
        &app,
        &s.station,
        &id,
        "dispatch",
        json!({"team_id": s.town["id"]}),
    )
    .await;
    let accepted = ok(
        &app,
        &s.town_leader,
        &id,
        "accept",
        json!({"note": "明早到"}),
    )
    .await;
    assert_eq!(
        (
            accepted["status"].clone(),
            accepted["team_id"].clone(),
            accepted["dispatched_team_id"].clone()
        ),
        (json!("taken"), s.town["id"].clone(), Value::Null)
    );
    let t = timeline(&app, &s.station, &id).await;
    let steps: Vec<(&str, &str, Option<&str>)> = t
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap(),
                e["team_name"].as_str().unwrap_or(""),
                e["note"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        steps,
        vec![
            ("open", "", None),
            ("dispatch", "测试技能培训支队", Some("请支援")),
            ("decline", "测试技能培训支队", Some("当日队员均有任务")),
            ("dispatch", "测试金港镇支队", None),
            ("accept", "测试金港镇支队", Some("明早到")),
        ]
    );
    assert_eq!(audit_count(&app, &s.admin, "order.decline", &id).await, 1);
}

async fn illegal_moves_answer_the_state_and_the_moves_allowed(app: TestApp) {
    let s = setup(&app).await;
    let order = request_order(&app, &s, json!({})).await;
    let id = order["id"].clone();
    let p = problem(
        act(&app, &s.station, &id, "evaluate", json!({"rating": 5})).await,
        StatusCode::CONFLICT,
        "invalid_transition",
    )
    .await;
    assert_eq!(
        (p["state"].clone(), p["allowed"].clone()),
        (
            json!("open"),
            json!(["take", "dispatch", "accept", "decline", "cancel"])
        )
    );
    ok(
        &app,
        &s.detachment_leader,
        &id,
        "take",
        json!({"team_id": s.detachment["id"]}),
    )
    .await;
    for (action, body) in [
        ("take", json!({"team_id": s.town["id"]})),
        ("dispatch", json!({"team_id": s.town["id"]})),
        ("accept", json!({})),
    ] {
        let token = if action == "dispatch" {
            &s.station
        } else {
            &s.town_leader
        };
        let p = problem(
            act(&app, token, &id, action, body).await,
            StatusCode::CONFLICT,
            "invalid_transition",
        )
        .await;
        assert_eq!(
            (p["state"].clone(), p["allowed"].clone()),
            (json!("taken"), json!(["schedule", "cancel"])),
            "{action}"
        );
    }
    // A menu order is never taken, only accepted.
    let w = world(&app, 5).await;
    let item = menu_item(
        &app,
        w.activity["project_id"].as_i64().unwrap(),
        w.activity["team_id"].as_i64().unwrap(),
        2,
        0,
        vec![s.jingang],
    )
    .await;
    let m: Value = json_of(
        app.post(
            "/api/v1/orders",
            Some(&s.station),
            &json!({"direction": "menu", "area_id": s.village, "menu_item_id": item, "wanted_on": day(3)}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let p = problem(
        act(
            &app,
            &s.detachment_leader,
            &m["id"],
            "take",
            json!({"team_id": s.detachment["id"]}),
        )
        .await,
        StatusCode::CONFLICT,
        "invalid_transition",
    )
    .await;
    assert_eq!(
        (p["state"].clone(), p["allowed"].clone()),
        (json!("open"), json!(["accept", "decline", "cancel"]))
    );
    // Cancelled is the end.
    ok(
        &app,
        &s.station,
        &m["id"],
        "cancel",
        json!({"reason": "活动改期"}),
    )
    .await;
    let p = problem(
        act(&app, &w.leader, &m["id"], "accept", json!({})).await,
        StatusCode::CONFLICT,
        "invalid_transition",
    )
    .await;
    assert_eq!(
        (p["state"].clone(), p["allowed"].clone()),
        (json!("cancelled"), json!([]))
    );
}

async fn only_eligible_teams_take(app: TestApp) {
    let s = setup(&app).await;
    let order = request_order(&app, &s, json!({})).await;
    let id = order["id"].clone();
    // The village's own community team: led by the caller, but not eligible.
    let refused = problem(
        act(
            &app,
            &s.community_leader,
            &id,
            "take",
            json!({"team_id": s.community["id"]}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "team_not_eligible",
    )
    .await;
    assert_eq!(refused["errors"][0]["field"], "team_id");
    // A team the caller does not lead: 403; a team that does not exist: 422.
    problem(
        act(
            &app,
            &s.community_leader,
            &id,
            "take",
            json!({"team_id": s.town["id"]}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    problem(
        act(
            &app,
            &s.detachment_leader,
            &id,
            "take",
            json!({"team_id": 999_999}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    // The community team's leader does not even see the order.
    problem(
        app.get(&format!("/api/v1/orders/{id}"), Some(&s.community_leader))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    // Another town's detachment is not eligible for this village either.
    let yangshe = app.area_id("杨舍镇").await;
    let other_town = app
        .team(
            &s.admin,
            json!({"kind": "town_detachment", "name": "测试杨舍镇支队", "area_id": yangshe, "parent_id": s.corps["id"]}),
        )
        .await;
    let other_leader = leader(
        &app,
        &s.admin,
        &other_town["id"],
        "13100000511",
        "杨舍支队长",
    )
    .await;
    problem(
        act(
            &app,
            &other_leader,
            &id,
            "take",
            json!({"team_id": other_town["id"]}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "team_not_eligible",
    )
    .await;
    assert_eq!(get(&app, &s.station, &id).await["status"], "open");
    // The town's own detachment is.
    let taken = ok(
        &app,
        &s.town_leader,
        &id,
        "take",
        json!({"team_id": s.town["id"]}),
    )
    .await;
    assert_eq!(taken["team_id"], s.town["id"]);
}

async fn evaluation_is_the_stations_and_once(app: TestApp) {
    let s = setup(&app).await;
    let order = request_order(&app, &s, json!({})).await;
    let id = order["id"].clone();
    ok(
        &app,
        &s.detachment_leader,
        &id,
        "take",
        json!({"team_id": s.detachment["id"]}),
    )
    .await;
    let p = project(&app, &s, &s.detachment["id"], "家电维修进村").await;
    let scheduled = ok(
        &app,
        &s.detachment_leader,
        &id,
        "schedule",
        json!({"project_id": p["id"], "start_at": at_hours(24), "end_at": at_hours(25), "quota": 6}),
    )
    .await;
    for step in ["publish", "start", "finish"] {
        transition(&app, &s.detachment_leader, &scheduled["activity_id"], step).await;
    }
    // The serving team and another town's admin may not rate it.
    let yangshe = app.area_id("杨舍镇").await;
    let (_, outsider) =
        crate::needs::staff(&app, "13100000521", "杨舍镇管理员", "area_admin", yangshe).await;
    for token in [&s.detachment_leader, &outsider] {
        problem(
            act(&app, token, &id, "evaluate", json!({"rating": 1})).await,
            StatusCode::FORBIDDEN,
            "forbidden",
        )
        .await;
    }
    ok(
        &app,
        &s.station,
        &id,
        "evaluate",
        json!({"rating": 5, "comment": "很好"}),
    )
    .await;
    let again = problem(
        act(&app, &s.station, &id, "evaluate", json!({"rating": 3})).await,
        StatusCode::CONFLICT,
        "already_evaluated",
    )
    .await;
    assert_eq!(
        (again["state"].clone(), again["allowed"].clone()),
        (json!("evaluated"), json!([]))
    );
    let got = get(&app, &s.station, &id).await;
    assert_eq!(
        (got["rating"].clone(), got["comment"].clone()),
        (json!(5), json!("很好"))
    );
    assert_eq!(audit_count(&app, &s.admin, "order.evaluate", &id).await, 1);
}

async fn cancelling_gives_back_the_place_and_the_needs(app: TestApp) {
    let s = setup(&app).await;
    // A menu order accepted, then cancelled by the station: its place is free again.
    let w = world(&app, 5).await;
    let item = menu_item(
        &app,
        w.activity["project_id"].as_i64().unwrap(),
        w.activity["team_id"].as_i64().unwrap(),
        1,
        0,
        vec![s.jingang],
    )
    .await;
    let wanted = day(4);
    let body = json!({"direction": "menu", "area_id": s.village, "menu_item_id": item, "wanted_on": wanted});
    let first: Value = json_of(
        app.post("/api/v1/orders", Some(&s.station), &body).await,
        StatusCode::CREATED,
    )
    .await;
    let second: Value = json_of(
        app.post("/api/v1/orders", Some(&s.station), &body).await,
        StatusCode::CREATED,
    )
    .await;
    ok(&app, &w.leader, &first["id"], "accept", json!({})).await;
    assert_eq!(taken(&app, item, wanted).await, 1);
    // The month is full: 409, and the order stays open.
    problem(
        act(&app, &w.leader, &second["id"], "accept", json!({})).await,
        StatusCode::CONFLICT,
        "capacity_exceeded",
    )
    .await;
    assert_eq!(get(&app, &s.station, &second["id"]).await["status"], "open");
    // Only the station (or an admin) cancels, with a reason.
    problem(
        act(
            &app,
            &w.leader,
            &first["id"],
            "cancel",
            json!({"reason": "不去了"}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let cancelled = ok(
        &app,
        &s.station,
        &first["id"],
        "cancel",
        json!({"reason": "村里活动改期"}),
    )
    .await;
    assert_eq!(
        (
            cancelled["status"].clone(),
            cancelled["cancel_reason"].clone()
        ),
        (json!("cancelled"), json!("村里活动改期"))
    );
    assert_eq!(taken(&app, item, wanted).await, 0);
    ok(&app, &w.leader, &second["id"], "accept", json!({})).await;
    assert_eq!(taken(&app, item, wanted).await, 1);

    // A request order taken with its needs, then cancelled: the needs are accepted again and
    // free to join another order.
    let need = accepted_need(&app, &s, "村口路灯不亮").await;
    let order = request_order(&app, &s, json!({"need_ids": [need]})).await;
    let clash = problem(
        app.post(
            "/api/v1/orders",
            Some(&s.station),
            &json!({"direction": "request", "area_id": s.village, "title": "路灯维修", "category_id": category(&app, "便民服务").await,
                "wanted_on": day(8), "volunteers_wanted": 2, "need_ids": [need]}),
        )
        .await,
        StatusCode::CONFLICT,
        "need_in_other_order",
    )
    .await;
    assert_eq!(clash["errors"][0]["field"], "need_ids");
    ok(
        &app,
        &s.detachment_leader,
        &order["id"],
        "take",
        json!({"team_id": s.detachment["id"]}),
    )
    .await;
    assert_eq!(need_status(&app, &need).await, "matched");
    let closed = ok(
        &app,
        &s.station,
        &order["id"],
        "cancel",
        json!({"reason": "已由村里自行解决"}),
    )
    .await;
    assert_eq!(
        (closed["status"].clone(), closed["need_ids"].clone()),
        (json!("cancelled"), json!([]))
    );
    assert_eq!(need_status(&app, &need).await, "accepted");
    let again = request_order(&app, &s, json!({"need_ids": [need]})).await;
    assert_eq!(again["need_ids"], json!([need]));
    assert_eq!(
        audit_count(&app, &s.admin, "order.cancel", &order["id"]).await,
        1
    );
}

async fn bad_input_writes_nothing(app: TestApp) {
    let s = setup(&app).await;
    let cat = category(&app, "便民服务").await;
    let good = json!({"direction": "request", "area_id": s.village, "title": "独居老人家电维修",
        "category_id": cat, "wanted_on": day(10), "volunteers_wanted": 4});
    let with = |k: &str, v: Value| {
        let mut b = good.clone();
        b[k] = v;
        b
    };
    let before = written(&app).await;
    for (body, field, code) in [
        (with("title", json!("长".repeat(300))), "title", "too_long"),
        (
            with("title", json!("维修\u{0}家电")),
            "title",
            "control_character",
        ),
        (
            with("description", json!("坏了\u{0}")),
            "description",
            "control_character",
        ),
        (
            with("wanted_on", json!(day(-1))),
            "wanted_on",
            "in_the_past",
        ),
        (
            with("wanted_on", json!(day(400))),
            "wanted_on",
            "too_far_ahead",
        ),
        (
            with("volunteers_wanted", json!(0)),
            "volunteers_wanted",
            "out_of_range",
        ),
        (
            with("volunteers_wanted", Value::Null),
            "volunteers_wanted",
            "required",
        ),
        (
            with("category_id", json!(999_999)),
            "category_id",
            "not_found",
        ),
        (
            with("contact_phone", json!("12345")),
            "contact_phone",
            "invalid_phone",
        ),
        (with("need_ids", json!([999_999])), "need_ids", "not_found"),
        (
            with("menu_item_id", json!(1)),
            "menu_item_id",
            "not_allowed",
        ),
        (with("area_id", json!(s.city)), "area_id", "not_station"),
        (
            with("take_by", json!(at_hours(-1))),
            "take_by",
            "out_of_range",
        ),
    ] {
        let p = problem(
            app.post("/api/v1/orders", Some(&s.admin), &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert!(
            p["errors"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["field"] == field && e["code"] == code),
            "{field} {code}: {p}"
        );
    }
    // A need not accepted cannot join an order.
    let resident = app.login(RESIDENT).await;
    let fresh = submit(&app, &resident, s.village, "刚提交的需求", json!({})).await;
    let p = problem(
        app.post(
            "/api/v1/orders",
            Some(&s.station),
            &with("need_ids", json!([fresh["need"]["id"]])),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(p["errors"][0]["code"], "need_not_accepted", "{p}");
    // Opening for an area one does not administer: 403.
    let yangshe_village = app.area_id("城北社区").await;
    problem(
        app.post(
            "/api/v1/orders",
            Some(&s.station),
            &with("area_id", json!(yangshe_village)),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    // Unknown fields and malformed bodies are refused before anything.
    let res = app
        .post(
            "/api/v1/orders",
            Some(&s.station),
            &with("colour", json!("red")),
        )
        .await;
    assert!(res.status().is_client_error(), "{}", res.status());
    assert_eq!(written(&app).await, before, "nothing was written");

    // Bad move bodies: 422, and the order unchanged.
    let order = request_order(&app, &s, json!({})).await;
    let id = order["id"].clone();
    let before = written(&app).await;
    for (action, body, field) in [
        (
            "take",
            json!({"team_id": s.detachment["id"], "note": "长".repeat(201)}),
            "note",
        ),
        (
            "take",
            json!({"team_id": s.detachment["id"], "note": "a\u{0}b"}),
            "note",
        ),
        ("cancel", json!({"reason": ""}), "reason"),
        ("cancel", json!({"reason": "原因\u{0}"}), "reason"),
        ("evaluate", json!({"rating": 9}), "rating"),
        (
            "evaluate",
            json!({"rating": 5, "comment": "长".repeat(501)}),
            "comment",
        ),
    ] {
        let token = if action == "take" {
            &s.detachment_leader
        } else {
            &s.station
        };
        let p = problem(
            act(&app, token, &id, action, body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert_eq!(p["errors"][0]["field"], field, "{action}: {p}");
    }
    assert_eq!(written(&app).await, before);
    assert_eq!(get(&app, &s.station, &id).await["status"], "open");
    // Anonymous callers: 401.
    assert_eq!(
        app.post(
            &format!("/api/v1/orders/{id}/take"),
            None,
            &json!({"team_id": 1})
        )
        .await
        .status(),
        StatusCode::UNAUTHORIZED
    );
}

async fn scheduling_links_or_creates_the_activity(app: TestApp) {
    let s = setup(&app).await;
    let w = world(&app, 5).await;
    let p = project(&app, &s, &s.detachment["id"], "家电维修进村").await;
    let take = json!({"team_id": s.detachment["id"]});
    // A request order's new activity: under the project given, run by the taking team.
    let first = request_order(&app, &s, json!({})).await;
    ok(
        &app,
        &s.detachment_leader,
        &first["id"],
        "take",
        take.clone(),
    )
    .await;
    let first = ok(
        &app,
        &s.detachment_leader,
        &first["id"],
        "schedule",
        json!({"project_id": p["id"], "start_at": at_hours(30), "end_at": at_hours(32)}),
    )
    .await;
    let ours = first["activity_id"].clone();

    // A menu order links only an activity of its provider (or of its item's project).
    let team = w.activity["team_id"].as_i64().unwrap();
    let project_id = w.activity["project_id"].as_i64().unwrap();
    let item = menu_item(&app, project_id, team, 5, 0, vec![s.jingang]).await;
    let m: Value = json_of(
        app.post(
            "/api/v1/orders",
            Some(&s.station),
            &json!({"direction": "menu", "area_id": s.village, "menu_item_id": item, "wanted_on": day(3), "address": "长江村村委会"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    ok(&app, &w.leader, &m["id"], "accept", json!({})).await;
    let p2 = problem(
        act(
            &app,
            &w.leader,
            &m["id"],
            "schedule",
            json!({"activity_id": ours}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(p2["errors"][0]["code"], "activity_not_serving", "{p2}");
    // Its new activity is made under the item's project, for the provider's team.
    let m = ok(
        &app,
        &w.leader,
        &m["id"],
        "schedule",
        json!({"start_at": at_hours(50), "end_at": at_hours(52), "quota": 3}),
    )
    .await;
    let a: Value = json_of(
        app.get(
            &format!("/api/v1/activities/{}", m["activity_id"]),
            Some(&w.leader),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (
            a["project_id"].clone(),
            a["team_id"].clone(),
            a["quota"].clone(),
            a["status"].clone()
        ),
        (json!(project_id), json!(team), json!(3), json!("draft"))
    );

    // Linking an activity that already finished completes the order at once, and its needs.
    for step in ["publish", "start", "finish"] {
        transition(&app, &s.detachment_leader, &ours, step).await;
    }
    assert_eq!(
        get(&app, &s.station, &first["id"]).await["status"],
        "completed"
    );
    let need = accepted_need(&app, &s, "老人家中水管漏水").await;
    let late = request_order(&app, &s, json!({"need_ids": [need]})).await;
    ok(
        &app,
        &s.detachment_leader,
        &late["id"],
        "take",
        take.clone(),
    )
    .await;
    let done = ok(
        &app,
        &s.detachment_leader,
        &late["id"],
        "schedule",
        json!({"activity_id": ours}),
    )
    .await;
    assert_eq!(done["status"], "completed");
    assert_eq!(need_status(&app, &need).await, "fulfilled");
    let steps: Vec<String> = timeline(&app, &s.station, &late["id"])
        .await
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(steps, ["open", "take", "schedule", "complete"]);

    // A cancelled activity cannot be linked.
    let third = request_order(&app, &s, json!({})).await;
    ok(
        &app,
        &s.detachment_leader,
        &third["id"],
        "take",
        take.clone(),
    )
    .await;
    let third = ok(
        &app,
        &s.detachment_leader,
        &third["id"],
        "schedule",
        json!({"project_id": p["id"], "start_at": at_hours(40), "end_at": at_hours(41)}),
    )
    .await;
    let res = app
        .post(
            &format!("/api/v1/activities/{}/transitions", third["activity_id"]),
            Some(&s.detachment_leader),
            &json!({"action": "cancel", "reason": "天气原因"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let fourth = request_order(&app, &s, json!({})).await;
    ok(&app, &s.detachment_leader, &fourth["id"], "take", take).await;
    let p3 = problem(
        act(
            &app,
            &s.detachment_leader,
            &fourth["id"],
            "schedule",
            json!({"activity_id": third["activity_id"]}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(p3["errors"][0]["code"], "activity_cancelled", "{p3}");
    // Scheduling is the serving side's: the station may not.
    problem(
        act(
            &app,
            &s.station,
            &fourth["id"],
            "schedule",
            json!({"activity_id": ours}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
}
