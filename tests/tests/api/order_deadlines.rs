//! Order deadlines on an injected clock: an open order untaken past its take-by time escalates
//! once — to the town above a village, to the city above a town — with a timeline entry by no
//! one, and shows in the town admins' escalation queue but not the village admins'; two timers
//! at once escalate it once; orders whose day passed unserved expire, and a scheduled menu
//! order whose activity was cancelled expires and gives its month's place back — on SQLite
//! and PostgreSQL.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use chrono::{DateTime, Duration, SubsecRound, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};
use youai_api::services::orders::deadlines::{escalate_due, expire_due};
use youai_db::orders::{self as db, OrderChanges};
use youai_tests::world::world;
use youai_tests::{ADMIN, JINGANG_ADMIN, TestApp, db_tests, json_of};
use youai_types::{OrderAction, OrderStatus};

use crate::menu::{granted, ids};
use crate::order_queues::{city_today, elsewhere, force, insert_order, page, with_db};

db_tests!(
    untaken_orders_escalate_once_to_the_area_above,
    unserved_orders_expire_and_give_their_place_back,
);

async fn escalate_at(app: &TestApp, now: DateTime<Utc>) -> usize {
    with_db(app, move |c| escalate_due(c, now).unwrap()).await
}

async fn expire_at(app: &TestApp, now: DateTime<Utc>) -> usize {
    with_db(app, move |c| expire_due(c, now).unwrap()).await
}

async fn order(app: &TestApp, id: i64) -> db::Order {
    with_db(app, move |c| db::find(c, id).unwrap().unwrap()).await
}

async fn last_event(app: &TestApp, id: i64) -> db::Event {
    with_db(app, move |c| db::events(c, id).unwrap().pop().unwrap()).await
}

async fn untaken_orders_escalate_once_to_the_area_above(app: TestApp) {
    let admin = app.login(ADMIN).await;
    let jingang_admin = app.login(JINGANG_ADMIN).await;
    let city = app.area_id("张家港市").await;
    let jingang = app.area_id("金港镇").await;
    let jindu = app.area_id("金都社区").await;
    let (far_town, _) = elsewhere(&app).await;
    let (_, village_admin) = granted(
        &app,
        &admin,
        "13900000501",
        json!({"role": "area_admin", "area_id": jindu}),
    )
    .await;
    let t0 = Utc::now() + Duration::hours(1);
    let day = city_today() + Duration::days(10);
    let village = insert_order(&app, jindu, None, t0, day).await;
    let town = insert_order(&app, far_town, None, t0, day).await;
    let taken = insert_order(&app, jindu, None, t0, day).await;
    force(
        &app,
        taken,
        OrderStatus::Open,
        OrderStatus::Taken,
        OrderChanges::default(),
    )
    .await;
    let later = insert_order(&app, jindu, None, t0 + Duration::days(1), day).await;

    // Before the take-by time: nothing.
    assert_eq!(escalate_at(&app, t0 - Duration::minutes(1)).await, 0);
    assert_eq!(order(&app, village).await.escalated_to, None);
    // Past it: the village's order to its town, the town's to the city; not the taken one,
    // not the one due tomorrow.
    let at = t0 + Duration::minutes(1);
    assert_eq!(escalate_at(&app, at).await, 2);
    let v = order(&app, village).await;
    assert_eq!(
        (v.status, v.escalated_to, v.escalated_at),
        (
            OrderStatus::Open,
            Some(jingang),
            Some(at.naive_utc().trunc_subsecs(6))
        )
    );
    assert_eq!(order(&app, town).await.escalated_to, Some(city));
    assert_eq!(order(&app, taken).await.escalated_to, None);
    assert_eq!(order(&app, later).await.escalated_to, None);
    let e = last_event(&app, village).await;
    assert_eq!(
        (e.action, e.from_status, e.to_status, e.actor_id),
        (
            OrderAction::Escalate,
            Some(OrderStatus::Open),
            OrderStatus::Open,
            None
        )
    );
    assert_eq!(
        e.note.as_deref(),
        Some("超过接单期限未被接单，已上报金港镇")
    );
    // Again: nothing more, and one timeline entry each.
    assert_eq!(escalate_at(&app, at + Duration::minutes(10)).await, 0);
    let escalations = with_db(&app, move |c| {
        db::events(c, village)
            .unwrap()
            .into_iter()
            .filter(|e| e.action == OrderAction::Escalate)
            .count()
    })
    .await;
    assert_eq!(escalations, 1);

    // Over HTTP: the town admins' queue has it, the village admins' does not.
    let mine = [village, town, taken, later];
    let town_queue = page(&app, "/api/v1/orders/escalated?limit=100", &jingang_admin).await;
    let got: Vec<i64> = ids(&town_queue)
        .into_iter()
        .filter(|i| mine.contains(i))
        .collect();
    assert_eq!(got, vec![village]);
    let village_queue = page(&app, "/api/v1/orders/escalated?limit=100", &village_admin).await;
    assert!(!ids(&village_queue).contains(&village));
    let flagged = page(
        &app,
        "/api/v1/orders?escalated=true&limit=100",
        &jingang_admin,
    )
    .await;
    assert!(ids(&flagged).contains(&village));
    let shown = flagged["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == json!(village))
        .unwrap();
    assert_eq!(shown["escalated_to"], json!(jingang));
    let all = page(&app, "/api/v1/orders/escalated?limit=100", &admin).await;
    assert!(ids(&all).contains(&town) && ids(&all).contains(&village));

    // Two timers at once escalate an order once.
    let t1 = t0 + Duration::days(2);
    let raced = insert_order(&app, jindu, None, t1, day).await;
    let runs: Vec<_> = (0..4)
        .map(|_| {
            let pool = app.pool.clone();
            tokio::task::spawn_blocking(move || {
                let mut c = pool.get().unwrap();
                escalate_due(&mut c, t1 + Duration::minutes(1)).unwrap()
            })
        })
        .collect();
    let mut total = 0;
    for r in runs {
        total += r.await.unwrap();
    }
    // `later` is due by then too.
    assert_eq!(total, 2);
    let escalations = with_db(&app, move |c| {
        db::events(c, raced)
            .unwrap()
            .into_iter()
            .filter(|e| e.action == OrderAction::Escalate)
            .count()
    })
    .await;
    assert_eq!(escalations, 1);
    // The periodic job runs it too (nothing is due at the real time now).
    let ticked = with_db(&app, |c| youai_api::jobs::tick(c).unwrap()).await;
    assert_eq!((ticked.escalated, ticked.expired_orders), (0, 0));
}

async fn unserved_orders_expire_and_give_their_place_back(app: TestApp) {
    let jindu = app.area_id("金都社区").await;
    let jingang = app.area_id("金港镇").await;
    let w = world(&app, 5).await;
    let activity = w.activity["id"].as_i64().unwrap();
    let today = city_today();
    let now = Utc::now();
    let yesterday = insert_order(
        &app,
        jindu,
        None,
        now - Duration::days(3),
        today - Duration::days(1),
    )
    .await;
    let tomorrow = insert_order(&app, jindu, None, now, today + Duration::days(1)).await;
    let taken_past = insert_order(
        &app,
        jindu,
        None,
        now - Duration::days(3),
        today - Duration::days(2),
    )
    .await;
    force(
        &app,
        taken_past,
        OrderStatus::Open,
        OrderStatus::Taken,
        OrderChanges::default(),
    )
    .await;
    // A menu order for today, accepted (its place taken) and scheduled with the activity.
    let item: Value = json_of(
        app.post(
            "/api/v1/menu-items",
            Some(&w.leader),
            &json!({"project_id": w.activity["project_id"], "area_ids": [jingang], "capacity_per_month": 3}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let item_id = item["id"].as_i64().unwrap();
    let scheduled = insert_order(&app, jindu, Some(item_id), now, today).await;
    let month = youai_domain::orders::month_of(today);
    with_db(&app, move |c| {
        assert!(youai_db::orders::menu::take(c, item_id, month, 3).unwrap());
    })
    .await;
    force(
        &app,
        scheduled,
        OrderStatus::Open,
        OrderStatus::Taken,
        OrderChanges::default(),
    )
    .await;
    force(
        &app,
        scheduled,
        OrderStatus::Taken,
        OrderStatus::Scheduled,
        OrderChanges {
            activity_id: Some(Some(activity)),
            ..OrderChanges::default()
        },
    )
    .await;
    let item_path = format!("/api/v1/menu-items/{item_id}");
    let remaining = || async {
        let i: Value = json_of(app.get(&item_path, None).await, StatusCode::OK).await;
        i["remaining_this_month"].as_i64().unwrap()
    };
    assert_eq!(remaining().await, 2);

    // Now: yesterday's open order and the taken one from before expire; tomorrow's does not;
    // the scheduled one waits for its activity (it ends within the hour).
    assert_eq!(expire_at(&app, now).await, 2);
    assert_eq!(order(&app, yesterday).await.status, OrderStatus::Expired);
    assert_eq!(order(&app, taken_past).await.status, OrderStatus::Expired);
    assert_eq!(order(&app, tomorrow).await.status, OrderStatus::Open);
    assert_eq!(order(&app, scheduled).await.status, OrderStatus::Scheduled);
    let e = last_event(&app, yesterday).await;
    assert_eq!(
        (e.action, e.from_status, e.to_status, e.actor_id),
        (
            OrderAction::Expire,
            Some(OrderStatus::Open),
            OrderStatus::Expired,
            None
        )
    );
    assert_eq!(expire_at(&app, now).await, 0);
    // The activity is cancelled: the scheduled order expires and its place returns.
    json_of::<Value>(
        app.post(
            &format!("/api/v1/activities/{activity}/transitions"),
            Some(&w.leader),
            &json!({"action": "cancel", "reason": "天气原因取消"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(expire_at(&app, now).await, 1);
    let s = order(&app, scheduled).await;
    assert_eq!(s.status, OrderStatus::Expired);
    let e = last_event(&app, scheduled).await;
    assert_eq!(
        (e.action, e.from_status, e.actor_id, e.note.as_deref()),
        (
            OrderAction::Expire,
            Some(OrderStatus::Scheduled),
            None,
            Some("活动已取消，订单已过期")
        )
    );
    assert_eq!(remaining().await, 3);
    // Two days on, tomorrow's order has expired too; then nothing is left to expire.
    assert_eq!(expire_at(&app, now + Duration::days(2)).await, 1);
    assert_eq!(order(&app, tomorrow).await.status, OrderStatus::Expired);
    assert_eq!(expire_at(&app, now + Duration::days(3)).await, 0);
    assert_eq!(remaining().await, 3);
    // Expired orders are not escalated later.
    assert_eq!(escalate_at(&app, now + Duration::days(5)).await, 0);
}
