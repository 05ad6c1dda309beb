//! A small world most activity tests start from: a volunteer-led team approved in 金港镇, a
//! published project, and a recruiting activity at a venue in 金都社区.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{ADMIN, TestApp, json_of};

pub struct World {
    /// The leader of the team running it.
    pub leader: String,
    pub activity: Value,
    pub venue: Value,
}

pub fn at_minutes(m: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::minutes(m)).to_rfc3339()
}

/// An activity starting in 20 minutes (check-in is already open) run by a volunteer-led team.
pub async fn world(app: &TestApp, quota: i32) -> World {
    let admin = app.login(ADMIN).await;
    let jingang = app.area_id("金港镇").await;
    let (_, leader) = app
        .volunteer("13100000001", "签到队长", "金都社区", json!({}))
        .await;
    let team = app
        .team(
            &leader,
            json!({"kind": "social_team", "name": "签到测试队", "area_id": jingang}),
        )
        .await;
    assert_eq!(
        app.post(
            &format!("/api/v1/teams/{}/decisions", team["id"]),
            Some(&admin),
            &json!({"decision": "approve"})
        )
        .await
        .status(),
        StatusCode::OK
    );
    let batch: Value = json_of(
        app.post(
            "/api/v1/project-batches",
            Some(&admin),
            &json!({"name": "测试批次", "released_on": "2026-12-01"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let project: Value = json_of(
        app.post("/api/v1/projects", Some(&leader), &json!({"title": "社区服务", "category": "邻里互助", "level": "town", "area_id": jingang, "owner_team_id": team["id"]})).await,
        StatusCode::CREATED,
    )
    .await;
    let reviews = format!("/api/v1/projects/{}/reviews", project["id"]);
    assert_eq!(
        app.post(&reviews, Some(&leader), &json!({"action": "submit"}))
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        app.post(
            &reviews,
            Some(&admin),
            &json!({"action": "approve", "batch_id": batch["id"]})
        )
        .await
        .status(),
        StatusCode::OK
    );
    let venue = app.venue_in(app.area_id("金都社区").await).await;
    let a: Value = json_of(
        app.post("/api/v1/activities", Some(&leader), &json!({"project_id": project["id"], "title": "楼道清洁", "start_at": at_minutes(20), "end_at": at_minutes(80),
            "signup_deadline": at_minutes(10), "venue_id": venue["id"], "quota": quota})).await,
        StatusCode::CREATED,
    )
    .await;
    let a: Value = json_of(
        app.post(
            &format!("/api/v1/activities/{}/transitions", a["id"]),
            Some(&leader),
            &json!({"action": "publish"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    World {
        leader,
        activity: a,
        venue,
    }
}

/// A valid check-in token for the volunteer other than `used` (tokens are good once): the
/// current one if the 30-second window has moved on since `used`, else the previous window's.
pub async fn another_check_in_token(
    app: &TestApp,
    volunteer_token: &str,
    volunteer_id: i64,
    used: &str,
) -> String {
    let current: Value = json_of(
        app.get("/api/v1/me/check-in-token", Some(volunteer_token))
            .await,
        StatusCode::OK,
    )
    .await;
    let current = current["token"].as_str().unwrap().to_owned();
    if current != used {
        return current;
    }
    let key = youai_api::crypto::DataKey::from_hex(crate::TEST_DATA_KEY)
        .unwrap()
        .fingerprint("youai/check-in-token/v1")
        .unwrap();
    youai_domain::checkin_token::issue(
        key.as_bytes(),
        volunteer_id,
        chrono::Utc::now().timestamp() - 30,
    )
}
