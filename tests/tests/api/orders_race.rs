//! 两网 two-way ordering under real parallel requests: ten eligible teams taking one order at
//! once (exactly one wins, the others get 409), and a provider accepting twelve menu orders at
//! once against a capacity of three (exactly three are accepted) — on SQLite and PostgreSQL.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use reqwest::StatusCode;
use serde_json::{Value, json};
use youai_tests::world::world;
use youai_tests::{TestApp, db_tests, json_of};

use crate::orders::{day, get, leader, menu_item, request_order, setup, taken, timeline};

db_tests!(
    ten_teams_take_one_order_at_once,
    accepts_race_for_the_last_places
);

/// Posts `(url, token, body)` requests all at once, each on its own task; answers the
/// statuses and bodies in order.
async fn all_at_once(
    app: &TestApp,
    calls: Vec<(String, String, Value)>,
) -> Vec<(StatusCode, Value)> {
    let tasks: Vec<_> = calls
        .into_iter()
        .map(|(url, token, body)| {
            let client = app.client.clone();
            let url = app.url(&url);
            tokio::spawn(async move {
                let res = client
                    .post(&url)
                    .bearer_auth(token)
                    .json(&body)
                    .send()
                    .await
                    .unwrap();
                let status = res.status();
                let body: Value = res.json().await.unwrap_or(Value::Null);
                (status, body)
            })
        })
        .collect();
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}

async fn ten_teams_take_one_order_at_once(app: TestApp) {
    let s = setup(&app).await;
    let order = request_order(&app, &s, json!({})).await;
    let id = order["id"].clone();
    // Ten industry detachments, each with its own leader.
    let mut calls = Vec::new();
    for i in 0..10 {
        let team = app
            .team(
                &s.admin,
                json!({"kind": "industry_detachment", "name": format!("测试抢单支队{i}"), "area_id": s.city, "parent_id": s.corps["id"]}),
            )
            .await;
        let token = leader(
            &app,
            &s.admin,
            &team["id"],
            &format!("131000006{i:02}"),
            &format!("抢单队长{i}"),
        )
        .await;
        calls.push((
            format!("/api/v1/orders/{id}/take"),
            token,
            json!({"team_id": team["id"]}),
        ));
    }
    let results = all_at_once(&app, calls).await;
    let mut winners = Vec::new();
    let mut losers = 0;
    for (status, body) in &results {
        match *status {
            StatusCode::OK => winners.push(body["team_id"].clone()),
            StatusCode::CONFLICT => {
                assert_eq!(body["code"], "invalid_transition", "{body}");
                assert_eq!(body["state"], "taken", "{body}");
                losers += 1;
            }
            other => panic!("unexpected {other}: {body}"),
        }
    }
    assert_eq!((winners.len(), losers), (1, 9));
    let got = get(&app, &s.station, &id).await;
    assert_eq!(
        (got["status"].clone(), got["team_id"].clone()),
        (json!("taken"), winners[0].clone())
    );
    let takes = timeline(&app, &s.station, &id)
        .await
        .into_iter()
        .filter(|e| e["action"] == "take")
        .count();
    assert_eq!(takes, 1, "one take on the timeline");
}

async fn accepts_race_for_the_last_places(app: TestApp) {
    let s = setup(&app).await;
    let w = world(&app, 5).await;
    let item = menu_item(
        &app,
        w.activity["project_id"].as_i64().unwrap(),
        w.activity["team_id"].as_i64().unwrap(),
        3,
        0,
        vec![s.jingang],
    )
    .await;
    let wanted = day(6);
    let mut calls = Vec::new();
    for _ in 0..12 {
        let o: Value = json_of(
            app.post(
                "/api/v1/orders",
                Some(&s.station),
                &json!({"direction": "menu", "area_id": s.village, "menu_item_id": item, "wanted_on": wanted}),
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
        calls.push((
            format!("/api/v1/orders/{}/accept", o["id"]),
            w.leader.clone(),
            json!({}),
        ));
    }
    let ids: Vec<String> = calls.iter().map(|(u, ..)| u.clone()).collect();
    let results = all_at_once(&app, calls).await;
    let mut accepted = 0;
    let mut refused = 0;
    for (status, body) in &results {
        match *status {
            StatusCode::OK => accepted += 1,
            StatusCode::CONFLICT => {
                assert_eq!(body["code"], "capacity_exceeded", "{body}");
                refused += 1;
            }
            other => panic!("unexpected {other}: {body}"),
        }
    }
    assert_eq!((accepted, refused), (3, 9));
    assert_eq!(taken(&app, item, wanted).await, 3);
    // The orders agree with the counter: three taken, nine still open.
    let mut statuses = Vec::new();
    for url in ids {
        let id = url
            .trim_start_matches("/api/v1/orders/")
            .trim_end_matches("/accept")
            .to_owned();
        statuses.push(
            get(&app, &s.station, &json!(id.parse::<i64>().unwrap())).await["status"].clone(),
        );
    }
    assert_eq!(statuses.iter().filter(|s| **s == "taken").count(), 3);
    assert_eq!(statuses.iter().filter(|s| **s == "open").count(), 9);
}
