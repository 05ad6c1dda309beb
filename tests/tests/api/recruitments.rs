//! Closing a recruitment call early: by its team's leader (or an admin of its area), not by
//! anyone else; a closed call takes no applications and the closing is audited — on SQLite
//! and PostgreSQL.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use reqwest::StatusCode;
use serde_json::{Value, json};
use youai_tests::{ADMIN, JINGANG_ADMIN, TestApp, db_tests, json_of, problem};

db_tests!(leaders_close_their_calls);

async fn leaders_close_their_calls(app: TestApp) {
    let jingang = app.area_id("金港镇").await;
    // A volunteer registers a civil-society team and leads it once approved.
    let (_, leader) = app
        .volunteer("13500000031", "刘队长", "金都社区", json!({}))
        .await;
    let team = app
        .team(
            &leader,
            json!({"kind": "social_team", "name": "港城蓝天救援队", "area_id": jingang}),
        )
        .await;
    let area_admin = app.login(JINGANG_ADMIN).await;
    json_of::<Value>(
        app.post(
            &format!("/api/v1/teams/{}/decisions", team["id"]),
            Some(&area_admin),
            &json!({"decision": "approve"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let deadline = (chrono::Utc::now() + chrono::Duration::days(7)).to_rfc3339();
    let call: Value = json_of(
        app.post(
            "/api/v1/recruitments",
            Some(&leader),
            &json!({"team_id": team["id"], "title": "招募救援队员", "quota": 5, "deadline": deadline}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(call["status"], "open");
    let close = format!("/api/v1/recruitments/{}/close", call["id"]);

    // Another volunteer may answer it, but not close it.
    let (_, other) = app
        .volunteer("13500000032", "甲一", "金都社区", json!({}))
        .await;
    problem(
        app.post(&close, Some(&other), &json!({})).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    problem(
        app.post(
            "/api/v1/recruitments/999999/close",
            Some(&leader),
            &json!({}),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;

    // The leader closes it: closed at once, and again closing changes nothing.
    let closed: Value = json_of(
        app.post(&close, Some(&leader), &json!({})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (closed["id"].clone(), closed["status"].clone()),
        (call["id"].clone(), json!("closed"))
    );
    let again: Value = json_of(
        app.post(&close, Some(&area_admin), &json!({})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(again["status"], "closed");
    let open: Value = json_of(
        app.get(
            &format!("/api/v1/recruitments?open=true&team_id={}", team["id"]),
            None,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        open["items"],
        json!([]),
        "a closed call is not listed as open"
    );

    // A closed call takes no applications.
    problem(
        app.post(
            &format!("/api/v1/teams/{}/members", team["id"]),
            Some(&other),
            &json!({"recruitment_id": call["id"]}),
        )
        .await,
        StatusCode::CONFLICT,
        "recruitment_closed",
    )
    .await;

    // The closing is in the audit log, once.
    let admin = app.login(ADMIN).await;
    let log: Value = json_of(
        app.get("/api/v1/audit?action=recruitment.close", Some(&admin))
            .await,
        StatusCode::OK,
    )
    .await;
    let items = log["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{log}");
    assert_eq!(items[0]["target_id"], call["id"].to_string());
    assert_eq!(items[0]["after"]["status"], "closed");
}
