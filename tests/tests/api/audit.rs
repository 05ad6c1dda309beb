//! The audit log on SQLite and PostgreSQL: staff actions are recorded with actor, request id,
//! target and before/after; only platform admins read it; nobody can change it — not through
//! the API, and not even with SQL.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use diesel::connection::SimpleConnection;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use youai_tests::world::world;
use youai_tests::{ADMIN, JINGANG_ADMIN, TestApp, db_tests, json_of, problem};

db_tests!(staff_actions_are_audited_and_the_log_cannot_change);

async fn staff_actions_are_audited_and_the_log_cannot_change(app: TestApp) {
    let admin = app.login(ADMIN).await;
    let w = world(&app, 5).await;
    let (v, _) = app
        .volunteer("13100000071", "审计甲", "金都社区", json!({}))
        .await;

    // A leader enters and verifies hours; an admin adjusts points, under a request id we choose.
    let rec: Value = json_of(
        app.post(
            "/api/v1/service-records",
            Some(&w.leader),
            &json!({"volunteer_id": v["id"], "activity_id": w.activity["id"], "hours": 1.0}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let ok = app
        .post(
            &format!("/api/v1/service-records/{}/verification", rec["id"]),
            Some(&w.leader),
            &json!({"status": "verified"}),
        )
        .await;
    assert_eq!(ok.status(), StatusCode::OK);
    let res = app
        .request(
            Method::POST,
            &format!("/api/v1/volunteers/{}/points/adjustments", v["id"]),
            Some(&admin),
        )
        .header("x-request-id", "audit-test-0001")
        .json(&json!({"points": 5, "reason": "审计测试"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    // A refused action leaves no trace.
    problem(
        app.post(
            &format!("/api/v1/volunteers/{}/points/adjustments", v["id"]),
            Some(&admin),
            &json!({"points": -500, "reason": "扣光"}),
        )
        .await,
        StatusCode::CONFLICT,
        "insufficient_points",
    )
    .await;

    let log: Value = json_of(
        app.get("/api/v1/audit?limit=100", Some(&admin)).await,
        StatusCode::OK,
    )
    .await;
    let items = log["items"].as_array().unwrap();
    let actions: Vec<&str> = items
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for a in [
        "team.decide",
        "project.review",
        "activity.transition",
        "record.enter",
        "record.verify",
        "points.adjust",
    ] {
        assert!(actions.contains(&a), "{a} in {actions:?}");
    }
    assert_eq!(actions.iter().filter(|a| **a == "points.adjust").count(), 1);
    // Newest first, with the actor, the request id and the state before and after.
    assert_eq!(items[0]["action"], "points.adjust");
    assert_eq!(items[0]["request_id"], "audit-test-0001");
    assert_eq!(items[0]["target_id"], v["id"].to_string());
    assert_eq!(items[0]["before"]["balance"], 10);
    assert_eq!(items[0]["after"]["balance"], 15);
    let verify = items
        .iter()
        .find(|e| e["action"] == "record.verify")
        .unwrap();
    assert_eq!(
        (
            verify["before"]["status"].as_str(),
            verify["after"]["status"].as_str()
        ),
        (Some("pending"), Some("verified"))
    );
    assert!(verify["actor_id"].as_i64().is_some());

    // Filters.
    let only: Value = json_of(
        app.get(
            &format!(
                "/api/v1/audit?target_type=service_record&target_id={}",
                rec["id"]
            ),
            Some(&admin),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let only: Vec<&str> = only["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(only, ["record.verify", "record.enter"]);
    let page: Value = json_of(
        app.get("/api/v1/audit?limit=2", Some(&admin)).await,
        StatusCode::OK,
    )
    .await;
    let next: Value = json_of(
        app.get(
            &format!(
                "/api/v1/audit?limit=2&cursor={}",
                page["next_cursor"].as_str().unwrap()
            ),
            Some(&admin),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(next["items"][0]["id"].as_i64() < page["items"][1]["id"].as_i64());

    // Only platform admins read it; nothing can write to it through the API.
    problem(
        app.get("/api/v1/audit", Some(&app.login(JINGANG_ADMIN).await))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    problem(
        app.get("/api/v1/audit", None).await,
        StatusCode::UNAUTHORIZED,
        "missing_token",
    )
    .await;
    for method in [Method::POST, Method::PUT, Method::PATCH, Method::DELETE] {
        let res = app
            .request(method.clone(), "/api/v1/audit", Some(&admin))
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED, "{method}");
    }
    // And the database itself refuses to change or delete audit rows.
    let pool = app.pool.clone();
    let refused = tokio::task::spawn_blocking(move || {
        let mut c = pool.get().unwrap();
        let update = c.batch_execute("UPDATE audit_log SET action = 'nothing'");
        let delete = c.batch_execute("DELETE FROM audit_log");
        (update.is_err(), delete.is_err())
    })
    .await
    .unwrap();
    assert_eq!(refused, (true, true));
    let after: Value = json_of(
        app.get("/api/v1/audit?limit=100", Some(&admin)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(after["items"].as_array().unwrap().len(), items.len());
}
