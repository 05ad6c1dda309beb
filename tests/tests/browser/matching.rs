//! 需求对接 in the browser: staff of 金港镇 open an accepted need's proposals, see why each is
//! proposed, and link the village's resource; once an activity has been run for the need and
//! its hours verified, its public trace shows the activity, the hours and the residents served.

use serde_json::{Value, json};
use youai_tests::browser::Browser;
use youai_tests::reqwest::StatusCode;
use youai_tests::{ADMIN, JINGANG_ADMIN, RESIDENT, json_of};

use crate::fixtures::{approved_team, in_minutes, verified_record};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_link_a_proposal_and_the_trace_shows_the_service() {
    let Some(b) = Browser::start(1280).await else {
        return;
    };
    let app = &b.app;
    let admin = app.login(ADMIN).await;
    let staff = app.login(JINGANG_ADMIN).await;
    let resident = app.login(RESIDENT).await;
    let jindu = app.area_id("金都社区").await;
    let jingang = app.area_id("金港镇").await;
    let categories: Vec<Value> = json_of(
        app.get("/api/v1/need-categories", None).await,
        StatusCode::OK,
    )
    .await;
    let knowledge = categories.iter().find(|c| c["name"] == "知识讲座").unwrap()["id"].clone();
    let intake: Value = json_of(
        app.post(
            "/api/v1/needs",
            Some(&resident),
            &json!({"title": "想听听防范养老诈骗", "category_id": knowledge,
            "area_id": jindu, "people_affected": 20, "target_group": "老年人", "channel": "web"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let need = intake["need"]["id"].as_i64().unwrap();
    for step in [
        json!({"action": "start_review"}),
        json!({"action": "accept", "reviewers": ["王书记"]}),
    ] {
        json_of::<Value>(
            app.post(&format!("/api/v1/needs/{need}/review"), Some(&staff), &step)
                .await,
            StatusCode::OK,
        )
        .await;
    }
    let agency: Value = json_of(
        app.post(
            "/api/v1/agencies",
            Some(&admin),
            &json!({"name": "金港镇反诈联络站", "kind": "government", "area_id": jingang}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let resource: Value = json_of(
        app.post("/api/v1/resources", Some(&admin), &json!({"kind": "talent", "title": "金都防诈讲师团", "provider_agency_id": agency["id"],
            "level": "village", "area_id": jindu, "topics": ["防范诈骗"], "target_groups": ["老年人"], "capacity": 4, "unit": "场", "period": "month"})).await,
        StatusCode::CREATED,
    )
    .await;

    // Staff see the proposal with its reasons, and link it.
    b.sign_in_as(JINGANG_ADMIN, &format!("/console/needs/{need}/match"))
        .await;
    let card = format!("#proposal-resource-{}", resource["id"]);
    b.text_until(&format!("{card} .proposal-reasons"), "the reasons", |t| {
        t.contains("就在本村")
    })
    .await;
    b.text_until(&format!("{card} .proposal-score"), "its score", |t| {
        t == "100"
    })
    .await;
    b.click(&format!("{card} .link-proposal")).await;
    b.text_until(".match-linked", "linked", |t| t.contains("已对接"))
        .await;
    let matched: Value = json_of(
        app.get(&format!("/api/v1/needs/{need}"), Some(&staff))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(matched["status"], "matched");
    let trace: Value = json_of(
        app.get(&format!("/api/v1/needs/{need}/trace"), Some(&staff))
            .await,
        StatusCode::OK,
    )
    .await;
    let project = trace["links"][0]["project_id"].clone();

    // A team runs an activity for it; hours are verified.
    let (volunteer, leader) = app
        .volunteer("13600000801", "防诈讲师甲", "金都社区", json!({}))
        .await;
    let team = approved_team(app, &admin, &leader, "金都防诈宣讲队").await;
    let a: Value = json_of(
        app.post("/api/v1/activities", Some(&leader), &json!({"project_id": project, "team_id": team["id"], "need_id": need,
            "title": "防范养老诈骗讲座", "start_at": in_minutes(20), "end_at": in_minutes(140), "signup_deadline": in_minutes(10),
            "area_id": jindu, "address": "金都社区新时代文明实践站", "quota": 5})).await,
        StatusCode::CREATED,
    )
    .await;
    let steps = format!("/api/v1/activities/{}/transitions", a["id"]);
    for step in [
        json!({"action": "publish"}),
        json!({"action": "start"}),
        json!({"action": "finish", "residents_served": 38}),
    ] {
        json_of::<Value>(app.post(&steps, Some(&leader), &step).await, StatusCode::OK).await;
    }
    verified_record(app, &leader, &volunteer["id"], &a, 2.0).await;

    // Anyone follows it: the activity, its hours and the residents served; no names.
    b.sign_out().await;
    b.open(&format!("/needs/{need}/trace")).await;
    b.text_until(".trace-activity h3", "the activity", |t| {
        t.contains("防范养老诈骗讲座")
    })
    .await;
    b.text_until(".trace-activity-hours", "the hours", |t| t == "2")
        .await;
    b.text_until(".trace-residents", "the residents served", |t| t == "38")
        .await;
    b.text_until(".trace-timeline", "every step", |t| {
        t.contains("受理") || t.contains("审议")
    })
    .await;
    b.assert_absent(".trace-volunteers", "the public trace names no volunteer")
        .await;
    b.close().await;
}
