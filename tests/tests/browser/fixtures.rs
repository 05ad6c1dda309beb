//! What the journeys set up through the API before (or while) the browser is used: a team's
//! published activity, sign-ups, verified hours, a kiosk account, check-in tokens.

use chrono::Datelike;
use serde_json::{Value, json};
use youai_tests::reqwest::StatusCode;
use youai_tests::{ADMIN, TestApp, json_of};

/// The password of every account the tests register ([`TestApp::new_user`]).
pub const PASSWORD: &str = "password-123";

/// The login of an account the tests registered with this phone number.
pub fn account(phone: &str) -> (&str, &str) {
    (phone, PASSWORD)
}

/// An activity run by a volunteer-led team at a venue of 金都社区, published (recruiting).
pub struct World {
    pub leader: String,
    pub activity: Value,
    pub venue: Value,
}

pub fn in_minutes(m: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::minutes(m)).to_rfc3339()
}

/// `YYYY-MM-DDTHH:MM` in the city's time, `days` from today at `hour`.
pub fn local_input(days: i64, hour: u32) -> String {
    let day = (chrono::Utc::now() + chrono::Duration::hours(8) + chrono::Duration::days(days))
        .date_naive();
    format!(
        "{:04}-{:02}-{:02}T{hour:02}:00",
        day.year(),
        day.month(),
        day.day()
    )
}

/// A team of 金港镇 that `leader` registers and the platform's admin approves.
pub async fn approved_team(app: &TestApp, admin: &str, leader: &str, name: &str) -> Value {
    let jingang = app.area_id("金港镇").await;
    let team = app
        .team(
            leader,
            json!({"kind": "social_team", "name": name, "area_id": jingang}),
        )
        .await;
    let approve = app
        .post(
            &format!("/api/v1/teams/{}/decisions", team["id"]),
            Some(admin),
            &json!({"decision": "approve"}),
        )
        .await;
    assert_eq!(approve.status(), StatusCode::OK);
    team
}

/// A project batch the platform's admin adds.
pub async fn batch(app: &TestApp, admin: &str, name: &str) -> Value {
    json_of(
        app.post(
            "/api/v1/project-batches",
            Some(admin),
            &json!({"name": name, "released_on": "2026-12-01"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await
}

/// A team led by a new volunteer (`leader_phone`), its published project (邻里互助, serving
/// 社区居民) and an activity `title` starting in `start_in` minutes for an hour.
pub async fn world(
    app: &TestApp,
    leader_phone: &str,
    title: &str,
    start_in: i64,
    quota: i32,
) -> World {
    world_with(app, leader_phone, title, start_in, quota, json!({})).await
}

/// [`world`], with more fields for the new activity (`auto_accept`…).
pub async fn world_with(
    app: &TestApp,
    leader_phone: &str,
    title: &str,
    start_in: i64,
    quota: i32,
    extra: Value,
) -> World {
    let admin = app.login(ADMIN).await;
    let jingang = app.area_id("金港镇").await;
    let (_, leader) = app
        .volunteer(leader_phone, "活动队长", "金都社区", json!({}))
        .await;
    let team = approved_team(app, &admin, &leader, &format!("{title}服务队")).await;
    let batch = batch(app, &admin, &format!("{title}批次")).await;
    let project: Value = json_of(
        app.post(
            "/api/v1/projects",
            Some(&leader),
            &json!({"title": format!("{title}项目"), "category": "邻里互助", "target_groups": ["社区居民"],
                "level": "town", "area_id": jingang, "owner_team_id": team["id"]}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let reviews = format!("/api/v1/projects/{}/reviews", project["id"]);
    for (who, body) in [
        (&leader, json!({"action": "submit"})),
        (
            &admin,
            json!({"action": "approve", "batch_id": batch["id"]}),
        ),
    ] {
        assert_eq!(
            app.post(&reviews, Some(who), &body).await.status(),
            StatusCode::OK
        );
    }
    let venue = app.venue_in(app.area_id("金都社区").await).await;
    let mut body = json!({"project_id": project["id"], "title": title, "start_at": in_minutes(start_in),
        "end_at": in_minutes(start_in + 60), "signup_deadline": in_minutes(start_in - 10),
        "venue_id": venue["id"], "quota": quota});
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    let a: Value = json_of(
        app.post("/api/v1/activities", Some(&leader), &body).await,
        StatusCode::CREATED,
    )
    .await;
    let activity: Value = json_of(
        app.post(
            &format!("/api/v1/activities/{}/transitions", a["id"]),
            Some(&leader),
            &json!({"action": "publish"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(activity["status"], "recruiting");
    World {
        leader,
        activity,
        venue,
    }
}

/// The activity's project is published in a batch of its own: `(project id, batch id)`.
pub async fn project_of(app: &TestApp, activity: &Value) -> (i64, i64) {
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
        project["id"].as_i64().unwrap(),
        project["batch_id"].as_i64().unwrap(),
    )
}

/// Signs whoever `token` is up for the activity (201); returns the sign-up.
pub async fn sign_up(app: &TestApp, activity: &Value, token: &str) -> Value {
    json_of(
        app.post(
            &format!("/api/v1/activities/{}/sign-ups", activity["id"]),
            Some(token),
            &json!({}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await
}

/// A new volunteer of 金都社区 (`phone`, `name`) who signs up for the activity:
/// `(volunteer, token, sign-up)`.
pub async fn signed_up_volunteer(
    app: &TestApp,
    activity: &Value,
    phone: &str,
    name: &str,
) -> (Value, String, Value) {
    let (volunteer, token) = app.volunteer(phone, name, "金都社区", json!({})).await;
    let signed = sign_up(app, activity, &token).await;
    (volunteer, token, signed)
}

/// The activity's sign-ups, as its leader sees them.
pub async fn sign_ups(app: &TestApp, activity: &Value, leader: &str) -> Value {
    json_of(
        app.get(
            &format!("/api/v1/activities/{}/sign-ups", activity["id"]),
            Some(leader),
        )
        .await,
        StatusCode::OK,
    )
    .await
}

/// The leader records `hours` of the activity for the volunteer (unverified); returns the record.
pub async fn record(
    app: &TestApp,
    leader: &str,
    volunteer_id: &Value,
    activity: &Value,
    hours: f64,
) -> Value {
    json_of(
        app.post(
            "/api/v1/service-records",
            Some(leader),
            &json!({"volunteer_id": volunteer_id, "activity_id": activity["id"], "hours": hours}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await
}

/// [`record`], then the leader verifies it.
pub async fn verified_record(
    app: &TestApp,
    leader: &str,
    volunteer_id: &Value,
    activity: &Value,
    hours: f64,
) -> Value {
    let rec = record(app, leader, volunteer_id, activity, hours).await;
    let verified = app
        .post(
            &format!("/api/v1/service-records/{}/verification", rec["id"]),
            Some(leader),
            &json!({"status": "verified"}),
        )
        .await;
    assert_eq!(verified.status(), StatusCode::OK);
    rec
}

/// A new account (`phone`, password [`PASSWORD`]) that the platform's admin makes the kiosk of
/// `venue`.
pub async fn kiosk_account(app: &TestApp, phone: &str, venue: &Value) {
    let (kiosk_id, _) = app.new_user(phone, "金都实践站一体机").await;
    let admin = app.login(ADMIN).await;
    let grant = app
        .post(
            "/api/v1/role-grants",
            Some(&admin),
            &json!({"user_id": kiosk_id, "role": "kiosk", "venue_id": venue["id"]}),
        )
        .await;
    assert_eq!(grant.status(), StatusCode::CREATED);
}

/// The check-in code the volunteer's centre shows now (what a scanner reads).
pub async fn check_in_token(app: &TestApp, token: &str) -> String {
    let t: Value = json_of(
        app.get("/api/v1/me/check-in-token", Some(token)).await,
        StatusCode::OK,
    )
    .await;
    t["token"].as_str().unwrap().to_owned()
}

/// The six digits under the volunteer's QR code now (`token` is their login).
pub async fn short_code(app: &TestApp, token: &str) -> String {
    let t: Value = json_of(
        app.get("/api/v1/me/check-in-token", Some(token)).await,
        StatusCode::OK,
    )
    .await;
    t["short_code"].as_str().unwrap().to_owned()
}
