//! The needs list (群众需求清单), triage side: every transition over state × action × actor
//! (409 bodies name the state and the moves allowed), urgency ranks kept contiguous, merging
//! duplicates (supporters add up; the merged need is closed), withdrawal and evaluation, and
//! bad input that writes nothing — on SQLite and PostgreSQL.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use reqwest::StatusCode;
use serde_json::{Value, json};
use youai_tests::{ADMIN, JINGANG_ADMIN, RESIDENT, TestApp, db_tests, json_of, problem};
use youai_types::NeedStatus;

use crate::needs::{OTHER_VILLAGE, VILLAGE, force_status, get, staff, submit};

db_tests!(
    every_transition_by_every_actor,
    ranks_stay_contiguous,
    merging_adds_supporters_and_closes_the_duplicate,
);

/// A need of the resident's in `state`, reached through the API where it can be (and through
/// the lead's status function for matched and beyond).
pub async fn need_in(
    app: &TestApp,
    resident: &str,
    admin: &str,
    village: i64,
    state: NeedStatus,
) -> Value {
    let got = submit(
        app,
        resident,
        village,
        &format!("处于 {} 的需求", state.as_str()),
        json!({}),
    )
    .await;
    let id = got["need"]["id"].clone();
    let review = |body: Value| {
        let path = format!("/api/v1/needs/{id}/review");
        async move { json_of::<Value>(app.post(&path, Some(admin), &body).await, StatusCode::OK).await }
    };
    match state {
        NeedStatus::Submitted => {}
        NeedStatus::UnderReview => {
            review(json!({"action": "start_review"})).await;
        }
        NeedStatus::Accepted => {
            review(json!({"action": "accept"})).await;
        }
        NeedStatus::Rejected => {
            review(json!({"action": "reject", "reason": "重复提交"})).await;
        }
        NeedStatus::Withdrawn => {
            json_of::<Value>(
                app.post(
                    &format!("/api/v1/needs/{id}/withdraw"),
                    Some(resident),
                    &json!({}),
                )
                .await,
                StatusCode::OK,
            )
            .await;
        }
        NeedStatus::Merged => {
            let into = submit(app, resident, village, "合并目标", json!({})).await;
            json_of::<Value>(
                app.post(
                    &format!("/api/v1/needs/{id}/merge"),
                    Some(admin),
                    &json!({"into": into["need"]["id"]}),
                )
                .await,
                StatusCode::OK,
            )
            .await;
        }
        NeedStatus::Matched | NeedStatus::InService | NeedStatus::Fulfilled => {
            review(json!({"action": "accept"})).await;
            let path = [
                NeedStatus::Matched,
                NeedStatus::InService,
                NeedStatus::Fulfilled,
            ];
            for s in path.iter().take_while(|s| **s != state) {
                force_status(app, id.as_i64().unwrap(), *s).await;
            }
            force_status(app, id.as_i64().unwrap(), state).await;
        }
    }
    assert_eq!(get(app, &id, None).await["status"], state.as_str());
    id
}

/// The moves each state allows (as the 409 body lists them).
fn allowed(state: NeedStatus) -> Vec<&'static str> {
    use NeedStatus as S;
    match state {
        S::Submitted => vec!["start_review", "accept", "reject", "withdraw", "merge"],
        S::UnderReview => vec!["accept", "reject", "withdraw", "merge"],
        S::Accepted => vec!["rank", "withdraw", "merge", "match"],
        S::Matched => vec!["start_service", "release"],
        S::InService => vec!["fulfil", "release"],
        S::Fulfilled => vec!["evaluate"],
        S::Rejected | S::Withdrawn | S::Merged => vec![],
    }
}

async fn every_transition_by_every_actor(app: TestApp) {
    let village = app.area_id(VILLAGE).await;
    let resident = app.login(RESIDENT).await;
    let area_admin = app.login(JINGANG_ADMIN).await;
    let admin = app.login(ADMIN).await;
    let (_, grid) = staff(&app, "13100000411", "网格员", "grid_worker", village).await;
    let yangshe = app.area_id("杨舍镇").await;
    let (_, outsider) = staff(&app, "13100000412", "外镇管理员", "area_admin", yangshe).await;
    let actions = [
        (
            "start_review",
            json!({"action": "start_review", "reviewers": ["李书记"]}),
        ),
        (
            "accept",
            json!({"action": "accept", "reviewers": ["李书记", "居民代表"]}),
        ),
        (
            "reject",
            json!({"action": "reject", "reason": "不属于服务范围"}),
        ),
        ("rank", json!({"action": "rank", "rank": 1})),
    ];
    let to = |action: &str| match action {
        "start_review" => "under_review",
        "accept" | "rank" => "accepted",
        _ => "rejected",
    };
    for state in NeedStatus::ALL {
        for (action, body) in &actions {
            // Refused callers: 401 unsigned, 403 for the resident, a grid worker (records,
            // does not review) and another town's admin; the need is unchanged.
            let id = need_in(&app, &resident, &area_admin, village, *state).await;
            let path = format!("/api/v1/needs/{id}/review");
            assert_eq!(
                app.post(&path, None, body).await.status(),
                StatusCode::UNAUTHORIZED
            );
            for token in [&resident, &grid, &outsider] {
                problem(
                    app.post(&path, Some(token), body).await,
                    StatusCode::FORBIDDEN,
                    "forbidden",
                )
                .await;
            }
            assert_eq!(get(&app, &id, None).await["status"], state.as_str());
            // Reviewers: the town's admin, and the platform admin above it.
            for token in [&area_admin, &admin] {
                let id = need_in(&app, &resident, &area_admin, village, *state).await;
                let path = format!("/api/v1/needs/{id}/review");
                let res = app.post(&path, Some(token), body).await;
                let legal = allowed(*state).contains(action);
                if legal {
                    let got: Value = json_of(res, StatusCode::OK).await;
                    assert_eq!(got["status"], to(action), "{state:?} {action}");
                } else {
                    let p = problem(res, StatusCode::CONFLICT, "invalid_transition").await;
                    assert_eq!(p["state"], state.as_str(), "{p}");
                    assert_eq!(p["allowed"], json!(allowed(*state)), "{state:?}");
                    assert_eq!(get(&app, &id, None).await["status"], state.as_str());
                }
            }
        }
    }
    // Each review is audited with the reviewers present, and recorded on the need.
    let log: Value = json_of(
        app.get("/api/v1/audit?action=need.review&limit=100", Some(&admin))
            .await,
        StatusCode::OK,
    )
    .await;
    let items = log["items"].as_array().unwrap();
    assert!(
        items.iter().any(|e| e["after"]["action"] == "accept"
            && e["after"]["reviewers"] == json!(["李书记", "居民代表"])),
        "{log}"
    );
    assert!(
        items
            .iter()
            .all(|e| e["before"]["status"].is_string() && e["after"]["status"].is_string())
    );
}

/// The accepted needs of the village, from rank 1 down.
async fn ranked(app: &TestApp, village: i64) -> Vec<(i64, i64)> {
    let page: Value = json_of(
        app.get(
            &format!("/api/v1/needs?within={village}&status=accepted&limit=100"),
            None,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let mut rows: Vec<(i64, i64)> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["urgency_rank"].as_i64().unwrap(),
                n["id"].as_i64().unwrap(),
            )
        })
        .collect();
    rows.sort_unstable();
    let ranks: Vec<i64> = rows.iter().map(|(r, _)| *r).collect();
    let want: Vec<i64> = (1..=i64::try_from(rows.len()).unwrap()).collect();
    assert_eq!(ranks, want, "ranks are 1..n");
    rows
}

fn ids(rows: &[(i64, i64)]) -> Vec<i64> {
    rows.iter().map(|(_, id)| *id).collect()
}

async fn ranks_stay_contiguous(app: TestApp) {
    let village = app.area_id(VILLAGE).await;
    let resident = app.login(RESIDENT).await;
    let area_admin = app.login(JINGANG_ADMIN).await;
    let before = ids(&ranked(&app, village).await);
    let mut mine = Vec::new();
    for i in 0..4 {
        let id = need_in(&app, &resident, &area_admin, village, NeedStatus::Accepted).await;
        mine.push(id.as_i64().unwrap());
        // Each accepted need joins at the bottom.
        let now = ranked(&app, village).await;
        assert_eq!(now.len(), before.len() + i + 1);
        assert_eq!(ids(&now).last(), mine.last());
    }
    let review = |id: i64, body: Value| {
        let (app, area_admin) = (&app, area_admin.clone());
        async move {
            app.post(
                &format!("/api/v1/needs/{id}/review"),
                Some(&area_admin),
                &body,
            )
            .await
        }
    };
    // The last to the top: everyone else moves down one.
    let got: Value = json_of(
        review(mine[3], json!({"action": "rank", "rank": 1})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(got["urgency_rank"], 1);
    let mut want = vec![mine[3]];
    want.extend(&before);
    want.extend(&mine[..3]);
    assert_eq!(ids(&ranked(&app, village).await), want);
    // Down to the bottom.
    let n = i64::try_from(want.len()).unwrap();
    json_of::<Value>(
        review(mine[3], json!({"action": "rank", "rank": n})).await,
        StatusCode::OK,
    )
    .await;
    let mut want: Vec<i64> = before.clone();
    want.extend(&mine);
    assert_eq!(ids(&ranked(&app, village).await), want);
    // Past the end or below 1: 422, nothing moves.
    for bad in [0, n + 1] {
        let p = problem(
            review(mine[0], json!({"action": "rank", "rank": bad})).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert_eq!(p["errors"][0]["code"], "out_of_range");
    }
    assert_eq!(ids(&ranked(&app, village).await), want);
    // Accepting at a rank inserts there.
    let id = need_in(
        &app,
        &resident,
        &area_admin,
        village,
        NeedStatus::UnderReview,
    )
    .await;
    let got: Value = json_of(
        review(id.as_i64().unwrap(), json!({"action": "accept", "rank": 1})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(got["urgency_rank"], 1);
    want.insert(0, id.as_i64().unwrap());
    assert_eq!(ids(&ranked(&app, village).await), want);
    // Leaving the list (withdrawn, merged, matched) closes the gap.
    json_of::<Value>(
        app.post(
            &format!("/api/v1/needs/{}/withdraw", mine[1]),
            Some(&resident),
            &json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    want.retain(|x| *x != mine[1]);
    assert_eq!(ids(&ranked(&app, village).await), want);
    json_of::<Value>(
        app.post(
            &format!("/api/v1/needs/{}/merge", mine[2]),
            Some(&area_admin),
            &json!({"into": mine[0]}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    want.retain(|x| *x != mine[2]);
    assert_eq!(ids(&ranked(&app, village).await), want);
    assert!(get(&app, &json!(mine[2]), None).await["urgency_rank"].is_null());
}

async fn merging_adds_supporters_and_closes_the_duplicate(app: TestApp) {
    let village = app.area_id(VILLAGE).await;
    let resident = app.login(RESIDENT).await;
    let area_admin = app.login(JINGANG_ADMIN).await;
    let target =
        submit(&app, &resident, village, "小区门口缺少公交站", json!({})).await["need"].clone();
    let (_, neighbour) = app.new_user("13100000421", "邻居甲").await;
    let dup1 =
        submit(&app, &neighbour, village, "小区门口没有公交站", json!({})).await["need"].clone();
    let dup2 =
        submit(&app, &neighbour, village, "门口希望设公交站", json!({})).await["need"].clone();
    let merge = |from: &Value, into: &Value, token: &str| {
        let (path, body) = (
            format!("/api/v1/needs/{}/merge", from["id"]),
            json!({"into": into["id"]}),
        );
        let (app, token) = (&app, token.to_owned());
        async move { app.post(&path, Some(&token), &body).await }
    };
    // Residents may not merge.
    problem(
        merge(&dup1, &target, &neighbour).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let got: Value = json_of(merge(&dup1, &target, &area_admin).await, StatusCode::OK).await;
    assert_eq!(
        (got["id"].clone(), got["supporters"].clone()),
        (target["id"].clone(), json!(2))
    );
    // A need that already absorbed others carries them along.
    let got: Value = json_of(merge(&target, &dup2, &area_admin).await, StatusCode::OK).await;
    assert_eq!(got["supporters"], 3);
    let merged = get(&app, &target["id"], None).await;
    assert_eq!(
        (merged["status"].clone(), merged["merged_into"].clone()),
        (json!("merged"), dup2["id"].clone())
    );
    // The merged need is read-only: no review, no merge, no withdrawal.
    let p = problem(
        app.post(
            &format!("/api/v1/needs/{}/review", dup1["id"]),
            Some(&area_admin),
            &json!({"action": "accept"}),
        )
        .await,
        StatusCode::CONFLICT,
        "invalid_transition",
    )
    .await;
    assert_eq!(
        (p["state"].clone(), p["allowed"].clone()),
        (json!("merged"), json!([]))
    );
    problem(
        merge(&dup1, &dup2, &area_admin).await,
        StatusCode::CONFLICT,
        "invalid_transition",
    )
    .await;
    problem(
        merge(&dup2, &dup1, &area_admin).await,
        StatusCode::CONFLICT,
        "invalid_transition",
    )
    .await;
    problem(
        app.post(
            &format!("/api/v1/needs/{}/withdraw", dup1["id"]),
            Some(&neighbour),
            &json!({}),
        )
        .await,
        StatusCode::CONFLICT,
        "invalid_transition",
    )
    .await;
    // Not into itself, nor across villages, nor into what does not exist.
    let p = problem(
        merge(&dup2, &dup2, &area_admin).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(p["errors"][0]["code"], "same_need");
    let elsewhere = submit(
        &app,
        &resident,
        app.area_id(OTHER_VILLAGE).await,
        "小区门口缺少公交站",
        json!({}),
    )
    .await["need"]
        .clone();
    let admin = app.login(ADMIN).await;
    let p = problem(
        merge(&elsewhere, &dup2, &admin).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(p["errors"][0]["code"], "different_area");
    let p = problem(
        merge(&dup2, &json!({"id": 99_999_999}), &area_admin).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(p["errors"][0]["code"], "not_found");
    assert_eq!(
        get(&app, &dup2["id"], None).await["supporters"],
        3,
        "nothing changed"
    );
    // Both needs record the merge.
    let steps = |code: Value| {
        let app = &app;
        async move {
            let f: Value = json_of(
                app.get(
                    &format!("/api/v1/needs/by-code/{}", code.as_str().unwrap()),
                    None,
                )
                .await,
                StatusCode::OK,
            )
            .await;
            f["steps"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["kind"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(steps(dup1["code"].clone()).await, ["intake", "merged"]);
    assert_eq!(steps(dup2["code"].clone()).await, ["intake", "absorbed"]);
    assert_eq!(
        steps(target["code"].clone()).await,
        ["intake", "absorbed", "merged"]
    );
}
