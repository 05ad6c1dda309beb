//! Matching a need (需求对接) and tracing it: proposals ranked as their reasons say (a
//! same-village resource outranks a city one of equal fit; other towns' and unrelated ones are
//! not proposed), linking with its refusals, an activity run for the need carrying it to
//! fulfilment, and the trace — in full for staff, anonymised for the public — on SQLite and
//! PostgreSQL.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use reqwest::StatusCode;
use serde_json::{Value, json};
use youai_tests::world::at_minutes;
use youai_tests::{ADMIN, JINGANG_ADMIN, RESIDENT, TestApp, db_tests, json_of, problem};

db_tests!(a_need_is_matched_served_and_traced);

async fn category_id(app: &TestApp, name: &str) -> i64 {
    let list: Vec<Value> = json_of(
        app.get("/api/v1/need-categories", None).await,
        StatusCode::OK,
    )
    .await;
    list.iter()
        .find(|c| c["name"] == name)
        .and_then(|c| c["id"].as_i64())
        .unwrap()
}

async fn resource(app: &TestApp, token: &str, body: Value) -> i64 {
    let mut b = json!({"kind": "talent", "unit": "场", "period": "month", "capacity": 10, "target_groups": ["老年人"]});
    for (k, v) in body.as_object().unwrap() {
        b[k] = v.clone();
    }
    let r: Value = json_of(
        app.post("/api/v1/resources", Some(token), &b).await,
        StatusCode::CREATED,
    )
    .await;
    r["id"].as_i64().unwrap()
}

fn position(proposals: &[Value], kind: &str, id: i64) -> Option<usize> {
    proposals
        .iter()
        .position(|p| p["kind"] == kind && p["id"].as_i64() == Some(id))
}

async fn a_need_is_matched_served_and_traced(app: TestApp) {
    let admin = app.login(ADMIN).await;
    let staff = app.login(JINGANG_ADMIN).await;
    let resident = app.login(RESIDENT).await;
    let city = app.area_id("张家港市").await;
    let jingang = app.area_id("金港镇").await;
    let jindu = app.area_id("金都社区").await;
    let tangqiao = app.area_id("塘桥镇").await;
    let knowledge = category_id(&app, "知识讲座").await;

    // A resident asks; staff of 金港镇 take it up and accept it.
    let intake: Value = json_of(
        app.post("/api/v1/needs", Some(&resident), &json!({
            "title": "老人想学防范电信诈骗", "description": "小区里好几位老人接到诈骗电话，希望有人来讲讲",
            "category_id": knowledge, "area_id": jindu, "people_affected": 30, "target_group": "老年人",
            "channel": "web", "contact_phone": "13800000002"})).await,
        StatusCode::CREATED,
    )
    .await;
    let need = intake["need"]["id"].as_i64().unwrap();
    let review = format!("/api/v1/needs/{need}/review");
    let proposals = format!("/api/v1/needs/{need}/proposals");
    let links = format!("/api/v1/needs/{need}/links");
    // Not accepted yet: nothing to propose.
    problem(
        app.get(&proposals, Some(&staff)).await,
        StatusCode::CONFLICT,
        "need_not_accepted",
    )
    .await;
    for step in [
        json!({"action": "start_review"}),
        json!({"action": "accept", "reviewers": ["王书记", "居民代表李阿姨"]}),
    ] {
        json_of::<Value>(app.post(&review, Some(&staff), &step).await, StatusCode::OK).await;
    }

    // What agencies push down: one in the village, one city-wide (equal fit), one in another
    // town, one on an unrelated topic.
    let agency: Value = json_of(
        app.post(
            "/api/v1/agencies",
            Some(&admin),
            &json!({"name": "测试反诈中心", "kind": "government", "area_id": city}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let by = |area: i64, level: &str, topic: &str, title: &str| json!({"title": title, "provider_agency_id": agency["id"], "level": level, "area_id": area, "topics": [topic]});
    let village = resource(
        &app,
        &admin,
        by(jindu, "village", "防范诈骗", "金都反诈课堂"),
    )
    .await;
    let citywide = resource(&app, &admin, by(city, "city", "防范诈骗", "全市反诈宣讲团")).await;
    let elsewhere = resource(
        &app,
        &admin,
        by(tangqiao, "town", "防范诈骗", "塘桥反诈讲座"),
    )
    .await;
    let unrelated = resource(&app, &admin, by(city, "city", "健康", "全市义诊")).await;

    let list: Vec<Value> = json_of(app.get(&proposals, Some(&staff)).await, StatusCode::OK).await;
    let v = position(&list, "resource", village).expect("the village's resource is proposed");
    let c = position(&list, "resource", citywide).expect("the city's resource is proposed");
    assert!(v < c, "same village outranks city: {list:#?}");
    assert_eq!(position(&list, "resource", elsewhere), None);
    assert_eq!(position(&list, "resource", unrelated), None);
    // Each score is the sum of its reasons, and the reasons say why.
    for p in &list {
        let sum: i64 = p["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["points"].as_i64().unwrap())
            .sum();
        assert_eq!(p["score"].as_i64(), Some(sum), "{p}");
    }
    let codes = |i: usize| -> Vec<String> {
        list[i]["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["code"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        codes(v),
        ["fits", "same_village", "target_group", "capacity"]
    );
    assert_eq!(codes(c), ["fits", "city_level", "target_group", "capacity"]);
    assert_eq!(list[v]["score"], 100);
    assert_eq!(list[c]["score"], 80);
    assert_eq!(list[v]["remaining"], 10);
    // Residents and other areas' staff may not see proposals.
    problem(
        app.get(&proposals, Some(&resident)).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;

    // Bad links: both or neither; a closed project; nothing is written.
    problem(
        app.post(
            &links,
            Some(&staff),
            &json!({"project_id": 1, "resource_id": village}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let closed: Value = json_of(
        app.post("/api/v1/projects", Some(&staff), &json!({"title": "已结束的反诈项目", "category": "理论宣讲", "level": "town", "area_id": jingang, "owner_agency": "测试反诈中心"})).await,
        StatusCode::CREATED,
    )
    .await;
    let batch: Value = json_of(
        app.post(
            "/api/v1/project-batches",
            Some(&admin),
            &json!({"name": "对接测试批次", "released_on": "2026-12-01"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let reviews = format!("/api/v1/projects/{}/reviews", closed["id"]);
    for step in [
        json!({"action": "submit"}),
        json!({"action": "approve", "batch_id": batch["id"]}),
        json!({"action": "close"}),
    ] {
        json_of::<Value>(
            app.post(&reviews, Some(&staff), &step).await,
            StatusCode::OK,
        )
        .await;
    }
    problem(
        app.post(&links, Some(&staff), &json!({"project_id": closed["id"]}))
            .await,
        StatusCode::CONFLICT,
        "project_closed",
    )
    .await;
    let still: Value = json_of(
        app.get(&format!("/api/v1/needs/{need}"), Some(&staff))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(still["status"], "accepted");

    // Linking the village's resource makes the need's project; the need is matched.
    let link: Value = json_of(
        app.post(
            &links,
            Some(&staff),
            &json!({"resource_id": village, "note": "村委会协调场地"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(link["score"], 100);
    let project = link["project_id"].as_i64().unwrap();
    let p: Value = json_of(
        app.get(&format!("/api/v1/projects/{project}"), None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(p["status"], "published");
    assert_eq!(p["area_id"], jindu);
    let matched: Value = json_of(
        app.get(&format!("/api/v1/needs/{need}"), Some(&staff))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(matched["status"], "matched");
    assert_eq!(matched["urgency_rank"], Value::Null);

    // A team runs an activity for the need: published → in service; finished → fulfilled.
    let (volunteer, leader) = app
        .volunteer("13500000071", "反诈讲师", "金都社区", json!({}))
        .await;
    let team = app
        .team(
            &leader,
            json!({"kind": "social_team", "name": "反诈宣讲队", "area_id": jingang}),
        )
        .await;
    json_of::<Value>(
        app.post(
            &format!("/api/v1/teams/{}/decisions", team["id"]),
            Some(&admin),
            &json!({"decision": "approve"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let activity = json!({"project_id": project, "team_id": team["id"], "title": "金都反诈课堂第一讲",
        "start_at": at_minutes(20), "end_at": at_minutes(80), "signup_deadline": at_minutes(10),
        "area_id": jindu, "address": "金都社区新时代文明实践站", "quota": 5});
    // Only for a need linked to the project.
    let mut wrong = activity.clone();
    wrong["need_id"] = json!(999_999);
    problem(
        app.post("/api/v1/activities", Some(&leader), &wrong).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let mut for_need = activity.clone();
    for_need["need_id"] = json!(need);
    let a: Value = json_of(
        app.post("/api/v1/activities", Some(&leader), &for_need)
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(a["need_id"], need);
    let steps = format!("/api/v1/activities/{}/transitions", a["id"]);
    json_of::<Value>(
        app.post(&steps, Some(&leader), &json!({"action": "publish"}))
            .await,
        StatusCode::OK,
    )
    .await;
    let serving: Value = json_of(
        app.get(&format!("/api/v1/needs/{need}"), Some(&staff))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(serving["status"], "in_service");
    json_of::<Value>(
        app.post(&steps, Some(&leader), &json!({"action": "start"}))
            .await,
        StatusCode::OK,
    )
    .await;
    // Residents served only at the finish, and within range.
    problem(
        app.post(
            &steps,
            Some(&leader),
            &json!({"action": "start", "residents_served": 3}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    problem(
        app.post(
            &steps,
            Some(&leader),
            &json!({"action": "finish", "residents_served": -1}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let done: Value = json_of(
        app.post(
            &steps,
            Some(&leader),
            &json!({"action": "finish", "residents_served": 45}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(done["residents_served"], 45);
    let record: Value = json_of(
        app.post(
            "/api/v1/service-records",
            Some(&leader),
            &json!({"volunteer_id": volunteer["id"], "activity_id": a["id"], "hours": 1.0}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    json_of::<Value>(
        app.post(
            &format!("/api/v1/service-records/{}/verification", record["id"]),
            Some(&leader),
            &json!({"status": "verified"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    json_of::<Value>(
        app.post(
            &format!("/api/v1/needs/{need}/evaluation"),
            Some(&resident),
            &json!({"rating": 5, "comment": "讲得很实用"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;

    // The trace, for staff: every step, names, the activity, the hours and the rating.
    let trace = format!("/api/v1/needs/{need}/trace");
    let full: Value = json_of(app.get(&trace, Some(&staff)).await, StatusCode::OK).await;
    assert_eq!(full["full"], true);
    assert_eq!(full["status"], "fulfilled");
    let kinds: Vec<&str> = full["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    for k in [
        "intake",
        "review",
        "link",
        "in_service",
        "fulfilled",
        "evaluate",
    ] {
        assert!(kinds.contains(&k), "{k} in {kinds:?}");
    }
    assert_eq!(full["links"][0]["resource_id"], village);
    assert_eq!(full["activities"][0]["id"], a["id"]);
    assert_eq!(full["activities"][0]["residents_served"], 45);
    assert_eq!(full["activities"][0]["volunteers"][0]["name"], "反诈讲师");
    assert_eq!(
        full["totals"],
        json!({"activities": 1, "volunteers": 1, "verified_hours": 1.0, "residents_served": 45})
    );
    assert_eq!(full["rating"], 5);
    let accepted = full["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["to"] == "accepted")
        .unwrap();
    assert_eq!(
        accepted["details"]["reviewers"],
        json!(["王书记", "居民代表李阿姨"])
    );
    assert!(accepted["actor"].is_string());

    // For the public: the same story without people's names.
    let public: Value = json_of(app.get(&trace, None).await, StatusCode::OK).await;
    assert_eq!(public["full"], false);
    assert_eq!(public["totals"], full["totals"]);
    assert_eq!(public["activities"][0]["volunteers"], json!([]));
    let accepted = public["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["to"] == "accepted")
        .unwrap();
    assert_eq!(accepted["actor"], Value::Null);
    assert_eq!(accepted["details"]["reviewer_count"], 2);
    assert!(accepted["details"].get("reviewers").is_none());
    assert!(!public.to_string().contains("13800000002"));
    problem(
        app.get("/api/v1/needs/999999/trace", None).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}
