//! The needs list (群众需求清单), the submitter's side and bad input: withdrawal and the
//! evaluation of a fulfilled need are the submitter's alone (once), and bad input is refused
//! with the right 4xx and a clear code, writing nothing — on SQLite and PostgreSQL.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use reqwest::StatusCode;
use serde_json::{Value, json};
use youai_tests::{JINGANG_ADMIN, RESIDENT, TestApp, db_tests, json_of, problem};
use youai_types::NeedStatus;

use crate::needs::{VILLAGE, category, force_status, get, staff, submit};
use crate::needs_triage::need_in;

db_tests!(
    withdrawal_and_evaluation_are_the_submitters,
    bad_input_writes_nothing,
);

/// How many needs the village has (as its town's admin sees them).
async fn count(app: &TestApp, village: i64, admin: &str) -> usize {
    let p: Value = json_of(
        app.get(
            &format!("/api/v1/needs?within={village}&limit=100"),
            Some(admin),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    p["items"].as_array().unwrap().len()
}

async fn withdrawal_and_evaluation_are_the_submitters(app: TestApp) {
    let village = app.area_id(VILLAGE).await;
    let resident = app.login(RESIDENT).await;
    let area_admin = app.login(JINGANG_ADMIN).await;
    let (_, other) = app.new_user("13100000431", "旁人").await;
    let id = need_in(&app, &resident, &area_admin, village, NeedStatus::Accepted).await;
    let withdraw = format!("/api/v1/needs/{id}/withdraw");
    problem(
        app.post(&withdraw, Some(&other), &json!({})).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    problem(
        app.post(&withdraw, Some(&area_admin), &json!({})).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let got: Value = json_of(
        app.post(&withdraw, Some(&resident), &json!({})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(got["status"], "withdrawn");
    let p = problem(
        app.post(&withdraw, Some(&resident), &json!({})).await,
        StatusCode::CONFLICT,
        "invalid_transition",
    )
    .await;
    assert_eq!(p["state"], "withdrawn");

    // Evaluation: only once fulfilled, by the submitter, once.
    let id = need_in(&app, &resident, &area_admin, village, NeedStatus::InService).await;
    let path = format!("/api/v1/needs/{id}/evaluation");
    let rate = json!({"rating": 5, "comment": "很快就解决了"});
    let p = problem(
        app.post(&path, Some(&resident), &rate).await,
        StatusCode::CONFLICT,
        "invalid_transition",
    )
    .await;
    assert_eq!(
        (p["state"].clone(), p["allowed"].clone()),
        (json!("in_service"), json!(["fulfil", "release"]))
    );
    force_status(&app, id.as_i64().unwrap(), NeedStatus::Fulfilled).await;
    problem(
        app.post(&path, Some(&other), &rate).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let p = problem(
        app.post(&path, Some(&resident), &json!({"rating": 6}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "rating");
    let got: Value = json_of(
        app.post(&path, Some(&resident), &rate).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (got["rating"].clone(), got["rating_comment"].clone()),
        (json!(5), json!("很快就解决了"))
    );
    problem(
        app.post(&path, Some(&resident), &rate).await,
        StatusCode::CONFLICT,
        "already_evaluated",
    )
    .await;
}

async fn bad_input_writes_nothing(app: TestApp) {
    let village = app.area_id(VILLAGE).await;
    let town = app.area_id("金港镇").await;
    let resident = app.login(RESIDENT).await;
    let area_admin = app.login(JINGANG_ADMIN).await;
    let cat = category(&app, "便民服务").await;
    let before = count(&app, village, &area_admin).await;
    let base = json!({"title": "正常的标题", "category_id": cat, "area_id": village});
    let cases = [
        (json!({"category_id": 99_999}), "category_id", "not_found"),
        (json!({"area_id": town}), "area_id", "not_village"),
        (json!({"area_id": 99_999_999}), "area_id", "not_found"),
        (
            json!({"people_affected": 0}),
            "people_affected",
            "out_of_range",
        ),
        (
            json!({"target_group": "外星人"}),
            "target_group",
            "unknown_target_group",
        ),
        (
            json!({"contact_phone": "12345"}),
            "contact_phone",
            "invalid_phone",
        ),
        (json!({"title": " "}), "title", "required"),
    ];
    for (patch, field, code) in cases {
        let mut body = base.clone();
        for (k, v) in patch.as_object().unwrap() {
            body[k] = v.clone();
        }
        let p = problem(
            app.post("/api/v1/needs", Some(&resident), &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert_eq!(
            (
                p["errors"][0]["field"].clone(),
                p["errors"][0]["code"].clone()
            ),
            (json!(field), json!(code)),
            "{p}"
        );
    }
    let mut unknown = base.clone();
    unknown["channel"] = json!("fax");
    assert_eq!(
        app.post("/api/v1/needs", Some(&resident), &unknown)
            .await
            .status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        count(&app, village, &area_admin).await,
        before,
        "no need was written"
    );

    // Reject without a reason: 422, still submitted, no event.
    let got = submit(&app, &resident, village, "要被拒绝的需求", json!({})).await["need"].clone();
    let review = format!("/api/v1/needs/{}/review", got["id"]);
    for reason in [json!(null), json!("  ")] {
        let p = problem(
            app.post(
                &review,
                Some(&area_admin),
                &json!({"action": "reject", "reason": reason}),
            )
            .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert_eq!(
            (
                p["errors"][0]["field"].clone(),
                p["errors"][0]["code"].clone()
            ),
            (json!("reason"), json!("required"))
        );
    }
    // Rank a need that is not accepted: 409, naming its state.
    let p = problem(
        app.post(
            &review,
            Some(&area_admin),
            &json!({"action": "rank", "rank": 1}),
        )
        .await,
        StatusCode::CONFLICT,
        "invalid_transition",
    )
    .await;
    assert_eq!(p["state"], "submitted");
    let now = get(&app, &got["id"], None).await;
    assert_eq!(
        (now["status"].clone(), now["urgency_rank"].clone()),
        (json!("submitted"), json!(null))
    );
    let f: Value = json_of(
        app.get(
            &format!("/api/v1/needs/by-code/{}", got["code"].as_str().unwrap()),
            None,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(f["steps"].as_array().unwrap().len(), 1, "only the intake");
    // Unknown needs are 404; a contact out of scope is not leaked by any of these answers.
    problem(
        app.post(
            "/api/v1/needs/99999999/review",
            Some(&area_admin),
            &json!({"action": "accept"}),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    problem(
        app.get("/api/v1/needs/99999999", None).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let yangshe = app.area_id("杨舍镇").await;
    let (_, outsider) = staff(&app, "13100000441", "外镇管理员", "area_admin", yangshe).await;
    let p = problem(
        app.post(&review, Some(&outsider), &json!({"action": "accept"}))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert!(!p.to_string().contains(RESIDENT.0));
}
