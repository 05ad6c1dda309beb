//! The order queues (两网): each caller's orders in scope (station staff their areas, team
//! leaders their teams' orders, agency operators their menu items' orders, platform admins
//! all), every filter, the orders a leader's teams can take (eligible only, nearest first) and
//! the orders escalated to an admin's areas (oldest first) — paginated, on SQLite and
//! PostgreSQL. Orders are written straight to the database (opening them is another module's).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use chrono::{DateTime, Duration, NaiveDate, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};
use youai_db::DbConn;
use youai_db::orders::{self as db, OrderChanges};
use youai_tests::world::world;
use youai_tests::{ADMIN, JINGANG_ADMIN, TestApp, db_tests, json_of, problem};
use youai_types::{OrderAction, OrderDirection, OrderStatus};

use crate::menu::{agency, granted, ids, project};

db_tests!(
    each_caller_lists_the_orders_in_scope,
    leaders_see_the_orders_their_teams_can_take_nearest_first,
    admins_see_what_was_escalated_to_their_areas,
);

/// A city-level industry detachment (under the city corps, made if missing) and its new
/// leader's token.
pub async fn detachment_leader(app: &TestApp, phone: &str) -> (i64, String) {
    let admin = app.login(ADMIN).await;
    let city = app.area_id("张家港市").await;
    let corps: Value = json_of(
        app.get("/api/v1/teams?kind=city_corps&status=approved", None)
            .await,
        StatusCode::OK,
    )
    .await;
    let corps_id = match corps["items"].as_array().unwrap().first() {
        Some(c) => c["id"].clone(),
        None => app
            .team(
                &admin,
                json!({"kind": "city_corps", "name": "测试市级总队", "area_id": city}),
            )
            .await["id"]
            .clone(),
    };
    let team = app
        .team(
            &admin,
            json!({"kind": "industry_detachment", "name": "测试理论宣讲支队", "area_id": city,
                "parent_id": corps_id}),
        )
        .await;
    let (_, token) = granted(
        app,
        &admin,
        phone,
        json!({"role": "team_leader", "team_id": team["id"]}),
    )
    .await;
    (team["id"].as_i64().unwrap(), token)
}

/// Runs database work off the async runtime.
pub async fn with_db<T: Send + 'static>(
    app: &TestApp,
    f: impl FnOnce(&mut DbConn) -> T + Send + 'static,
) -> T {
    let pool = app.pool.clone();
    tokio::task::spawn_blocking(move || {
        let mut c = pool.get().unwrap();
        f(&mut c)
    })
    .await
    .unwrap()
}

/// The day it is in the city.
pub fn city_today() -> NaiveDate {
    (Utc::now() + Duration::hours(8)).date_naive()
}

/// An open order (with its opening timeline entry), as `POST /orders` would leave it.
pub async fn insert_order(
    app: &TestApp,
    area_id: i64,
    menu_item_id: Option<i64>,
    take_by: DateTime<Utc>,
    wanted_on: NaiveDate,
) -> i64 {
    with_db(app, move |c| {
        let now = youai_db::now();
        let o = db::insert(
            c,
            &db::NewOrderRow {
                direction: if menu_item_id.is_some() {
                    OrderDirection::Menu
                } else {
                    OrderDirection::Request
                },
                status: OrderStatus::Open,
                area_id,
                venue_id: None,
                title: "测试订单".to_owned(),
                description: None,
                category_id: None,
                menu_item_id,
                wanted_on,
                volunteers_wanted: menu_item_id.is_none().then_some(3),
                address: None,
                contact_name: Some("陈站长".to_owned()),
                contact_phone: Some("13800001234".to_owned()),
                take_by: take_by.naive_utc(),
                team_id: None,
                created_by: None,
                created_at: now,
                updated_at: now,
            },
        )
        .unwrap();
        db::insert_event(
            c,
            &db::NewEvent {
                order_id: o.id,
                action: OrderAction::Open,
                from_status: None,
                to_status: OrderStatus::Open,
                actor_id: None,
                team_id: None,
                note: None,
                at: now,
            },
        )
        .unwrap();
        o.id
    })
    .await
}

/// Moves an order as a move would (no timeline entry: these tests only read the queues).
pub async fn force(
    app: &TestApp,
    id: i64,
    from: OrderStatus,
    to: OrderStatus,
    changes: OrderChanges,
) {
    with_db(app, move |c| {
        assert!(db::advance(c, id, from, None, to, &changes, youai_db::now()).unwrap());
    })
    .await;
}

pub async fn page(app: &TestApp, path: &str, token: &str) -> Value {
    json_of(app.get(path, Some(token)).await, StatusCode::OK).await
}

/// Of `mine`, those on the page, in the page's order.
fn of(page: &Value, mine: &[i64]) -> Vec<i64> {
    ids(page).into_iter().filter(|i| mine.contains(i)).collect()
}

/// Another town than 金港镇, and a village in it.
pub async fn elsewhere(app: &TestApp) -> (i64, i64) {
    let jingang = app.area_id("金港镇").await;
    let towns: Value = json_of(
        app.get("/api/v1/areas?level=town&limit=100", None).await,
        StatusCode::OK,
    )
    .await;
    let town = towns["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] != json!(jingang))
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let villages: Value = json_of(
        app.get(&format!("/api/v1/areas?parent_id={town}&limit=1"), None)
            .await,
        StatusCode::OK,
    )
    .await;
    (town, villages["items"][0]["id"].as_i64().unwrap())
}

async fn each_caller_lists_the_orders_in_scope(app: TestApp) {
    let admin = app.login(ADMIN).await;
    let jingang_admin = app.login(JINGANG_ADMIN).await;
    let city = app.area_id("张家港市").await;
    let jingang = app.area_id("金港镇").await;
    let jindu = app.area_id("金都社区").await;
    let (_, far_village) = elsewhere(&app).await;
    let w = world(&app, 5).await;
    let team = w.activity["team_id"].as_i64().unwrap();
    let a = agency(&app, &admin, "测试供单单位", city).await;
    let (_, operator) = granted(
        &app,
        &admin,
        "13900000201",
        json!({"role": "agency_operator", "agency_id": a["id"]}),
    )
    .await;
    let p = project(
        &app,
        &admin,
        json!({"title": "普法讲座", "category": "法律服务", "level": "city", "area_id": city,
            "owner_agency_id": a["id"]}),
        true,
    )
    .await;
    let item: Value = json_of(
        app.post(
            "/api/v1/menu-items",
            Some(&operator),
            &json!({"project_id": p["id"], "area_ids": [city], "capacity_per_month": 5}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let item_id = item["id"].as_i64().unwrap();
    let (_, volunteer) = app
        .volunteer("13900000202", "旁观志愿者", "金都社区", json!({}))
        .await;

    let soon = Utc::now() + Duration::days(2);
    let day = city_today() + Duration::days(10);
    let village = insert_order(&app, jindu, None, soon, day).await;
    let town = insert_order(&app, jingang, None, soon, day).await;
    let far = insert_order(&app, far_village, None, soon, day).await;
    let taken = insert_order(&app, jindu, None, soon, day).await;
    force(
        &app,
        taken,
        OrderStatus::Open,
        OrderStatus::Taken,
        OrderChanges {
            team_id: Some(Some(team)),
            ..OrderChanges::default()
        },
    )
    .await;
    let dispatched = insert_order(&app, jindu, None, soon, day).await;
    force(
        &app,
        dispatched,
        OrderStatus::Open,
        OrderStatus::Open,
        OrderChanges {
            dispatched_team_id: Some(Some(team)),
            ..OrderChanges::default()
        },
    )
    .await;
    let menu = insert_order(&app, jindu, Some(item_id), soon, day).await;
    let escalated = insert_order(&app, jindu, None, soon, day).await;
    with_db(&app, move |c| {
        assert!(
            youai_db::orders::queues::escalate(c, escalated, jingang, youai_db::now()).unwrap()
        );
    })
    .await;
    let mine = [village, town, far, taken, dispatched, menu, escalated];

    // Anyone signed in may ask; each sees their scope.
    problem(
        app.get("/api/v1/orders", None).await,
        StatusCode::UNAUTHORIZED,
        "missing_token",
    )
    .await;
    let all = page(&app, "/api/v1/orders?limit=100", &admin).await;
    let mut newest_first = mine.to_vec();
    newest_first.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(of(&all, &mine), newest_first);
    let station = page(&app, "/api/v1/orders?limit=100", &jingang_admin).await;
    let mut want: Vec<i64> = newest_first.iter().copied().filter(|i| *i != far).collect();
    assert_eq!(of(&station, &mine), want);
    // The station staff see the contact; a team leader outside the station does not.
    let shown = station["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == json!(village))
        .unwrap();
    assert_eq!(shown["contact_phone"], "13800001234");
    let led = page(&app, "/api/v1/orders?limit=100", &w.leader).await;
    want = vec![dispatched, taken];
    want.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(of(&led, &mine), want);
    let provided = page(&app, "/api/v1/orders?limit=100", &operator).await;
    assert_eq!(of(&provided, &mine), vec![menu]);
    let none = page(&app, "/api/v1/orders?limit=100", &volunteer).await;
    assert!(of(&none, &mine).is_empty());

    // Each filter keeps some and drops others.
    for (query, keeps, drops) in [
        ("direction=menu".to_owned(), menu, village),
        ("direction=request".to_owned(), village, menu),
        ("status=taken".to_owned(), taken, village),
        ("status=open".to_owned(), village, taken),
        (format!("area_id={jindu}"), village, town),
        (format!("area_id={jingang}"), town, far),
        (format!("team_id={team}"), dispatched, village),
        (format!("team_id={team}"), taken, village),
        ("escalated=true".to_owned(), escalated, village),
        ("escalated=false".to_owned(), village, escalated),
        (format!("menu_item_id={item_id}"), menu, village),
    ] {
        let got = of(
            &page(&app, &format!("/api/v1/orders?limit=100&{query}"), &admin).await,
            &mine,
        );
        assert!(got.contains(&keeps), "{query} keeps {keeps}: {got:?}");
        assert!(!got.contains(&drops), "{query} drops {drops}: {got:?}");
    }
    // A filter never widens the scope.
    let outside = of(
        &page(
            &app,
            &format!("/api/v1/orders?limit=100&area_id={far_village}"),
            &jingang_admin,
        )
        .await,
        &mine,
    );
    assert!(outside.is_empty());

    // Walked two at a time: newest first, no repeats.
    let mut walked = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let url = match &cursor {
            Some(c) => format!("/api/v1/orders?limit=2&cursor={c}"),
            None => "/api/v1/orders?limit=2".to_owned(),
        };
        let p = page(&app, &url, &admin).await;
        walked.extend(ids(&p));
        match p["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    let walked_mine: Vec<i64> = walked
        .iter()
        .copied()
        .filter(|i| mine.contains(i))
        .collect();
    assert_eq!(walked_mine, newest_first);

    // Hostile queries: never a 500.
    for q in [
        "direction=sideways",
        "status=gone",
        "area_id=abc",
        "area_id=999999",
        "team_id=99999999999999999999",
        "escalated=maybe",
        "limit=0",
        "limit=101",
        "cursor=%%%",
        "cursor=bm9wZQ",
    ] {
        let s = app
            .get(&format!("/api/v1/orders?{q}"), Some(&admin))
            .await
            .status();
        assert!(
            s == StatusCode::BAD_REQUEST || s == StatusCode::UNPROCESSABLE_ENTITY,
            "{q}: {s}"
        );
    }
}

async fn leaders_see_the_orders_their_teams_can_take_nearest_first(app: TestApp) {
    let admin = app.login(ADMIN).await;
    let jingang = app.area_id("金港镇").await;
    let jindu = app.area_id("金都社区").await;
    let (_, far_village) = elsewhere(&app).await;
    let w = world(&app, 5).await;
    let town_team = w.activity["team_id"].as_i64().unwrap();
    let (_, detachment_leader) = detachment_leader(&app, "13900000302").await;
    let now = Utc::now();
    let day = city_today() + Duration::days(10);
    // A village order due first, a town order due last, a village elsewhere in between.
    let village = insert_order(&app, jindu, None, now + Duration::days(2), day).await;
    let town = insert_order(&app, jingang, None, now + Duration::days(5), day).await;
    let far = insert_order(&app, far_village, None, now + Duration::days(1), day).await;
    let later = insert_order(&app, jindu, None, now + Duration::days(3), day).await;
    let taken = insert_order(&app, jindu, None, now + Duration::hours(1), day).await;
    force(
        &app,
        taken,
        OrderStatus::Open,
        OrderStatus::Taken,
        OrderChanges {
            team_id: Some(Some(town_team)),
            ..OrderChanges::default()
        },
    )
    .await;
    let mine = [village, town, far, later, taken];

    // The city-level detachment may take any of them: the town (one step away) first, then
    // the villages (two steps) by take-by time. Never a taken one.
    let all = page(
        &app,
        "/api/v1/orders/takeable?limit=100",
        &detachment_leader,
    )
    .await;
    assert_eq!(of(&all, &mine), vec![town, far, village, later]);
    // Walked a page at a time, the same order.
    let mut walked = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let url = match &cursor {
            Some(c) => format!("/api/v1/orders/takeable?limit=1&cursor={c}"),
            None => "/api/v1/orders/takeable?limit=1".to_owned(),
        };
        let p = page(&app, &url, &detachment_leader).await;
        assert!(ids(&p).len() <= 1);
        walked.extend(ids(&p));
        match p["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(
        walked
            .iter()
            .copied()
            .filter(|i| mine.contains(i))
            .collect::<Vec<_>>(),
        vec![town, far, village, later]
    );
    // A town team: only the villages below its town, never its own town's order or another
    // town's.
    let town_queue = page(&app, "/api/v1/orders/takeable?limit=100", &w.leader).await;
    assert_eq!(of(&town_queue, &mine), vec![village, later]);
    let by_team = page(
        &app,
        &format!("/api/v1/orders/takeable?limit=100&team_id={town_team}"),
        &w.leader,
    )
    .await;
    assert_eq!(of(&by_team, &mine), vec![village, later]);
    // Someone else's team: 403; no such team: 422; an admin without teams: nothing.
    let detachment = all["items"][0].clone();
    assert!(detachment.is_object());
    problem(
        app.get(
            &format!("/api/v1/orders/takeable?team_id={town_team}"),
            Some(&detachment_leader),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    problem(
        app.get("/api/v1/orders/takeable?team_id=999999", Some(&w.leader))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let jingang_admin = app.login(JINGANG_ADMIN).await;
    let nothing = page(&app, "/api/v1/orders/takeable", &jingang_admin).await;
    assert!(of(&nothing, &mine).is_empty());
    // The platform admin for a team: as its leader would see it.
    let for_team = page(
        &app,
        &format!("/api/v1/orders/takeable?limit=100&team_id={town_team}"),
        &admin,
    )
    .await;
    assert_eq!(of(&for_team, &mine), vec![village, later]);
    // Volunteers and residents are refused; nobody signed in is 401.
    let (_, volunteer) = app
        .volunteer("13900000301", "旁观志愿者", "金都社区", json!({}))
        .await;
    problem(
        app.get("/api/v1/orders/takeable", Some(&volunteer)).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    problem(
        app.get("/api/v1/orders/takeable", None).await,
        StatusCode::UNAUTHORIZED,
        "missing_token",
    )
    .await;
    for q in [
        "team_id=abc",
        "limit=0",
        "cursor=%%%",
        "cursor=bm9wZQ",
        "cursor=eyJzIjoibmFtZSIsImlkIjoxLCJuIjoieCJ9",
    ] {
        let s = app
            .get(
                &format!("/api/v1/orders/takeable?{q}"),
                Some(&detachment_leader),
            )
            .await
            .status();
        assert!(
            s == StatusCode::BAD_REQUEST || s == StatusCode::UNPROCESSABLE_ENTITY,
            "{q}: {s}"
        );
    }
}

async fn admins_see_what_was_escalated_to_their_areas(app: TestApp) {
    let admin = app.login(ADMIN).await;
    let jingang_admin = app.login(JINGANG_ADMIN).await;
    let city = app.area_id("张家港市").await;
    let jingang = app.area_id("金港镇").await;
    let jindu = app.area_id("金都社区").await;
    let (far_town, _) = elsewhere(&app).await;
    let (_, village_admin) = granted(
        &app,
        &admin,
        "13900000401",
        json!({"role": "area_admin", "area_id": jindu}),
    )
    .await;
    let now = Utc::now();
    let day = city_today() + Duration::days(10);
    let to_town = insert_order(&app, jindu, None, now, day).await;
    let to_city = insert_order(&app, far_town, None, now, day).await;
    let second = insert_order(&app, jindu, None, now, day).await;
    let not_escalated = insert_order(&app, jindu, None, now, day).await;
    let t0 = youai_db::now();
    with_db(&app, move |c| {
        use youai_db::orders::queues::escalate;
        assert!(escalate(c, to_city, city, t0 - Duration::minutes(30)).unwrap());
        assert!(escalate(c, second, jingang, t0 - Duration::minutes(10)).unwrap());
        assert!(escalate(c, to_town, jingang, t0 - Duration::minutes(20)).unwrap());
        // Once only.
        assert!(!escalate(c, to_town, city, t0).unwrap());
    })
    .await;
    let mine = [to_town, to_city, second, not_escalated];
    // Oldest escalation first.
    let all = page(&app, "/api/v1/orders/escalated?limit=100", &admin).await;
    assert_eq!(of(&all, &mine), vec![to_city, to_town, second]);
    let town_queue = page(&app, "/api/v1/orders/escalated?limit=100", &jingang_admin).await;
    assert_eq!(of(&town_queue, &mine), vec![to_town, second]);
    let shown = &town_queue["items"][0];
    assert_eq!(shown["escalated_to"], json!(jingang));
    assert!(shown["escalated_at"].is_string());
    let village_queue = page(&app, "/api/v1/orders/escalated?limit=100", &village_admin).await;
    assert!(of(&village_queue, &mine).is_empty());
    // A page at a time.
    let first = page(&app, "/api/v1/orders/escalated?limit=1", &jingang_admin).await;
    assert_eq!(ids(&first), vec![to_town]);
    let next = page(
        &app,
        &format!(
            "/api/v1/orders/escalated?limit=1&cursor={}",
            first["next_cursor"].as_str().unwrap()
        ),
        &jingang_admin,
    )
    .await;
    assert_eq!(ids(&next), vec![second]);
    assert!(next["next_cursor"].is_null());
    // Taken, it leaves the queue.
    force(
        &app,
        second,
        OrderStatus::Open,
        OrderStatus::Taken,
        OrderChanges::default(),
    )
    .await;
    let after = page(&app, "/api/v1/orders/escalated?limit=100", &jingang_admin).await;
    assert_eq!(of(&after, &mine), vec![to_town]);
    // Team leaders and volunteers are refused.
    let (_, leader) = detachment_leader(&app, "13900000402").await;
    problem(
        app.get("/api/v1/orders/escalated", Some(&leader)).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    for q in [
        "limit=0",
        "cursor=%%%",
        "cursor=bm9wZQ",
        "cursor=eyJzIjoibmFtZSIsImlkIjoxLCJuIjoieCJ9",
    ] {
        let s = app
            .get(&format!("/api/v1/orders/escalated?{q}"), Some(&admin))
            .await
            .status();
        assert!(
            s == StatusCode::BAD_REQUEST || s == StatusCode::UNPROCESSABLE_ENTITY,
            "{q}: {s}"
        );
    }
}
