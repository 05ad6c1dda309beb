//! The needs list in the browser: a resident submits a need on `/needs/new` (seeing a similar
//! one of the village while typing) and follows it by its code; the town's admin, on the triage
//! board, merges a duplicate, accepts the need with the review group named, and ranks it up.

use serde_json::{Value, json};
use youai_tests::browser::Browser;
use youai_tests::reqwest::StatusCode;
use youai_tests::{ADMIN, JINGANG_ADMIN, RESIDENT, TestApp, json_of};

async fn category(app: &TestApp, name: &str) -> i64 {
    let all: Value = json_of(
        app.get("/api/v1/need-categories", None).await,
        StatusCode::OK,
    )
    .await;
    all.as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap()["id"]
        .as_i64()
        .unwrap()
}

async fn submit(app: &TestApp, token: &str, area: i64, title: &str) -> Value {
    let body =
        json!({"title": title, "category_id": category(app, "便民服务").await, "area_id": area});
    let got: Value = json_of(
        app.post("/api/v1/needs", Some(token), &body).await,
        StatusCode::CREATED,
    )
    .await;
    got["need"].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resident_submits_a_need_and_follows_it() {
    let Some(b) = Browser::start(375).await else {
        return;
    };
    let town = b.app.area_id("金港镇").await;
    let village = b.app.area_id("长江村").await;
    let neighbour = b.app.login(ADMIN).await;
    let earlier = submit(&b.app, &neighbour, village, "村口路灯坏了需要维修").await;

    b.sign_in_as(RESIDENT, "/needs/new").await;
    b.select("#vol-town", &town.to_string()).await;
    b.select("#vol-village", &village.to_string()).await;
    b.type_into("#need-title", "村口的路灯坏了").await;
    // The village's similar open need is shown while typing; one may still submit.
    b.text_until(".similar-needs", "the similar need", |t| {
        t.contains("村口路灯坏了需要维修")
    })
    .await;
    b.select(
        "#need-category",
        &category(&b.app, "便民服务").await.to_string(),
    )
    .await;
    b.submit("form.need-form").await;
    let code = b
        .text_until(".need-submitted .need-code", "the need's code", |t| {
            t.starts_with("XQ")
        })
        .await;
    if code == earlier["code"] {
        b.fail("the new need got the earlier one's code").await;
    }
    let resident = b.app.login(RESIDENT).await;
    let mine = b
        .api_until(
            "/api/v1/needs?mine=true",
            Some(&resident),
            "the new need",
            |v| {
                v["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|n| n["code"] == code.as_str())
            },
        )
        .await;
    let need = mine["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["code"] == code.as_str())
        .unwrap()
        .clone();
    assert_eq!(
        (need["channel"].clone(), need["status"].clone()),
        (json!("web"), json!("submitted"))
    );
    assert_eq!(need["area_id"], village);

    // Following the link shows its state and first step; so does typing the code.
    b.click(".need-submitted a.button").await;
    b.text_until(".need-followed .need-status", "its state", |t| {
        t.contains("已提交")
    })
    .await;
    b.find(".need-followed .need-step-intake").await;
    b.sign_out().await;
    b.open("/needs/follow").await;
    b.type_into("#need-code", &code.to_lowercase()).await;
    b.submit("form.need-follow-form").await;
    b.text_until(".need-followed .need-title", "the need's title", |t| {
        t.contains("村口的路灯坏了")
    })
    .await;
    // A turned-down need shows why.
    let admin = b.app.login(JINGANG_ADMIN).await;
    json_of::<Value>(
        b.app
            .post(
                &format!("/api/v1/needs/{}/review", need["id"]),
                Some(&admin),
                &json!({"action": "reject", "reason": "已由供电所排期维修"}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    b.open(&format!("/needs/follow/{code}")).await;
    b.text_until(".need-reject-reason", "the reason", |t| {
        t.contains("已由供电所排期维修")
    })
    .await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_merge_accept_and_rank_on_the_board() {
    let Some(b) = Browser::start(1280).await else {
        return;
    };
    let village = b.app.area_id("长江村").await;
    let resident = b.app.login(RESIDENT).await;
    let admin = b.app.login(JINGANG_ADMIN).await;
    let first = submit(&b.app, &resident, village, "希望村里开设老年食堂").await;
    let duplicate = submit(&b.app, &admin, village, "村里老人想要一个食堂").await;
    // Another need accepted before, so the new one joins below it.
    let other = submit(&b.app, &resident, village, "小学门口需要护学岗").await;
    json_of::<Value>(
        b.app
            .post(
                &format!("/api/v1/needs/{}/review", other["id"]),
                Some(&admin),
                &json!({"action": "accept"}),
            )
            .await,
        StatusCode::OK,
    )
    .await;

    b.open_console_part(JINGANG_ADMIN, "needs").await;
    b.type_into("#need-reviewers", "李书记，居民代表王大爷")
        .await;
    let dup = format!("#need-{}", duplicate["id"]);
    b.find(&dup).await;
    b.select(&format!("{dup} .need-into"), &first["id"].to_string())
        .await;
    b.click(&format!("{dup} .need-merge")).await;
    let path = format!("/api/v1/needs/{}", first["id"]);
    b.api_until(&path, None, "two supporters", |n| n["supporters"] == 2)
        .await;
    let merged: Value = json_of(
        b.app
            .get(&format!("/api/v1/needs/{}", duplicate["id"]), None)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(merged["status"], "merged");

    let item = format!("#need-{}", first["id"]);
    b.text_until(&format!("{item} .need-supporters"), "the supporters", |t| {
        t == "2"
    })
    .await;
    b.click(&format!("{item} .need-accept")).await;
    let accepted = b
        .api_until(&path, None, "accepted", |n| n["status"] == "accepted")
        .await;
    let rank = accepted["urgency_rank"].as_i64().unwrap();
    assert!(
        rank >= 2,
        "joined below the need accepted before: {accepted}"
    );

    b.click(".need-queue-accepted").await;
    b.text_until(&format!("{item} .need-rank"), "its rank", |t| {
        t.contains(&rank.to_string())
    })
    .await;
    b.click(&format!("{item} .need-up")).await;
    b.api_until(&path, None, "ranked up", |n| n["urgency_rank"] == rank - 1)
        .await;

    // The review group typed once is recorded with the decision.
    let target = first["id"].to_string();
    let platform = b.app.login(ADMIN).await;
    let log = b
        .api_until(
            "/api/v1/audit?action=need.review&limit=100",
            Some(&platform),
            "the acceptance",
            |v| {
                v["items"].as_array().unwrap().iter().any(|e| {
                    e["target_id"].as_str() == Some(target.as_str())
                        && e["after"]["action"] == "accept"
                })
            },
        )
        .await;
    let entry = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| {
            e["target_id"].as_str() == Some(target.as_str()) && e["after"]["action"] == "accept"
        })
        .unwrap();
    assert_eq!(
        entry["after"]["reviewers"],
        json!(["李书记", "居民代表王大爷"])
    );
    b.close().await;
}
