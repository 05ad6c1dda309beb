//! Check-in and check-out (QR token rotation and replay, by hand, self-service by distance),
//! hours from the overlap with the activity's window, and service records with verification
//! and corrections — on SQLite and PostgreSQL.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use diesel::prelude::*;
use reqwest::StatusCode;
use serde_json::{Value, json};
use youai_tests::world::{World, at_minutes, world};
use youai_tests::{ADMIN, RESIDENT, TEST_DATA_KEY, TestApp, db_tests, json_of, problem};

db_tests!(
    qr_tokens_rotate_and_cannot_be_replayed,
    six_digits_check_in_only_the_activitys_volunteers,
    a_kiosk_scan_checks_in_then_out,
    a_team_lists_its_own_drafts,
    self_check_in_within_the_radius,
    check_out_counts_the_overlap,
    records_verification_and_corrections,
    certificate_of_verified_hours,
    open_check_ins_are_closed_and_flagged,
    no_show_only_after_the_end,
    calendar_feed_and_stats,
);

async fn signed_up(app: &TestApp, w: &World, phone: &str, name: &str) -> (Value, String) {
    let (v, token) = app.volunteer(phone, name, "金都社区", json!({})).await;
    let s: Value = json_of(
        app.post(
            &format!("/api/v1/activities/{}/sign-ups", w.activity["id"]),
            Some(&token),
            &json!({}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(s["status"], "accepted");
    (v, token)
}

async fn qr_tokens_rotate_and_cannot_be_replayed(app: TestApp) {
    let w = world(&app, 5).await;
    let (v, token) = signed_up(&app, &w, "13100000002", "扫码甲").await;
    let t: Value = json_of(
        app.get("/api/v1/me/check-in-token", Some(&token)).await,
        StatusCode::OK,
    )
    .await;
    let rotates = t["rotates_in_seconds"].as_i64().unwrap();
    assert!(
        (1..=30).contains(&rotates) && t["valid_for_seconds"].as_i64().unwrap() == rotates + 30,
        "{t}"
    );
    let url = format!("/api/v1/activities/{}/check-ins", w.activity["id"]);
    let scan = |by: String, token: Value| {
        let (app, url) = (&app, url.clone());
        async move {
            app.post(&url, Some(&by), &json!({"method": "qr", "token": token}))
                .await
        }
    };
    // A resident cannot scan; a tampered token is refused; the real one checks in.
    let resident = app.login(RESIDENT).await;
    problem(
        scan(resident, t["token"].clone()).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let tampered = t["token"]
        .as_str()
        .unwrap()
        .replacen(&format!("v1.{}.", v["id"]), "v1.999.", 1);
    let body = problem(
        scan(w.leader.clone(), json!(tampered)).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body["errors"][0]["code"], "bad_signature");
    let s: Value = json_of(
        scan(w.leader.clone(), t["token"].clone()).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(s["status"], "checked_in");
    // Replaying the same token: refused.
    problem(
        scan(w.leader.clone(), t["token"].clone()).await,
        StatusCode::CONFLICT,
        "token_used",
    )
    .await;
    // A token from two windows ago has expired.
    let key = youai_api::crypto::DataKey::from_hex(TEST_DATA_KEY)
        .unwrap()
        .fingerprint("youai/check-in-token/v1")
        .unwrap();
    let old = youai_domain::checkin_token::issue(
        key.as_bytes(),
        v["id"].as_i64().unwrap(),
        chrono::Utc::now().timestamp() - 90,
    );
    let body = problem(
        scan(w.leader.clone(), json!(old)).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body["errors"][0]["code"], "token_expired");

    // The venue's kiosk may scan too.
    let (kiosk_id, kiosk) = app.new_user("13100000009", "金都实践站一体机").await;
    let admin = app.login(ADMIN).await;
    let g = app
        .post(
            "/api/v1/role-grants",
            Some(&admin),
            &json!({"user_id": kiosk_id, "role": "kiosk", "venue_id": w.venue["id"]}),
        )
        .await;
    assert_eq!(g.status(), StatusCode::CREATED);
    let (_, token2) = signed_up(&app, &w, "13100000003", "扫码乙").await;
    let t2: Value = json_of(
        app.get("/api/v1/me/check-in-token", Some(&token2)).await,
        StatusCode::OK,
    )
    .await;
    let s2: Value = json_of(scan(kiosk, t2["token"].clone()).await, StatusCode::OK).await;
    assert_eq!(s2["status"], "checked_in");
}

async fn six_digits_check_in_only_the_activitys_volunteers(app: TestApp) {
    let w = world(&app, 5).await;
    let (v, token) = signed_up(&app, &w, "13100000021", "数字甲").await;
    let (_, stranger_token) = app
        .volunteer("13100000022", "没报名", "金都社区", json!({}))
        .await;
    let t: Value = json_of(
        app.get("/api/v1/me/check-in-token", Some(&token)).await,
        StatusCode::OK,
    )
    .await;
    let digits = t["short_code"].as_str().unwrap().to_owned();
    // The domain's code for this volunteer, this window (or the one before, had it just turned).
    let key = youai_api::crypto::DataKey::from_hex(TEST_DATA_KEY)
        .unwrap()
        .fingerprint("youai/check-in-token/v1")
        .unwrap();
    let now = youai_domain::checkin_token::window_of(chrono::Utc::now().timestamp());
    let code_in = |window| {
        youai_domain::checkin_token::short_code(key.as_bytes(), v["id"].as_i64().unwrap(), window)
    };
    assert!(digits == code_in(now) || digits == code_in(now - 1), "{t}");

    let url = format!("/api/v1/activities/{}/check-ins", w.activity["id"]);
    let typed = |code: &str| json!({"method": "qr", "code": code});
    let field_error = |body: &Value| {
        (
            body["errors"][0]["field"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            body["errors"][0]["code"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
        )
    };
    // Not six digits; neither a token nor digits.
    for (body, field, code) in [
        (typed("12345"), "code", "malformed_token"),
        (json!({"method": "qr"}), "token", "required"),
    ] {
        let p = problem(
            app.post(&url, Some(&w.leader), &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert_eq!(field_error(&p), (field.to_owned(), code.to_owned()), "{p}");
    }
    // The digits of someone not signed up here name nobody.
    let theirs: Value = json_of(
        app.get("/api/v1/me/check-in-token", Some(&stranger_token))
            .await,
        StatusCode::OK,
    )
    .await;
    if theirs["short_code"] != digits {
        let p = problem(
            app.post(
                &url,
                Some(&w.leader),
                &typed(theirs["short_code"].as_str().unwrap()),
            )
            .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert_eq!(
            field_error(&p),
            ("code".to_owned(), "unknown_code".to_owned()),
            "{p}"
        );
    }

    // Hers, typed with a space as people read them out: she is checked in.
    let (head, tail) = digits.split_at(3);
    let s: Value = json_of(
        app.post(&url, Some(&w.leader), &typed(&format!("{head} {tail}")))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (s["volunteer_id"].clone(), s["status"].clone()),
        (v["id"].clone(), json!("checked_in"))
    );
    // Used up, like a scanned token.
    problem(
        app.post(&url, Some(&w.leader), &typed(&digits)).await,
        StatusCode::CONFLICT,
        "token_used",
    )
    .await;
}

async fn token_of(app: &TestApp, volunteer: &str) -> Value {
    json_of::<Value>(
        app.get("/api/v1/me/check-in-token", Some(volunteer)).await,
        StatusCode::OK,
    )
    .await["token"]
        .clone()
}

async fn a_kiosk_scan_checks_in_then_out(app: TestApp) {
    let w = world(&app, 5).await;
    let (v, token) = signed_up(&app, &w, "13100000011", "一体机甲").await;
    let (kiosk_id, kiosk) = app.new_user("13100000012", "金都实践站一体机").await;
    let admin = app.login(ADMIN).await;
    let g = app
        .post(
            "/api/v1/role-grants",
            Some(&admin),
            &json!({"user_id": kiosk_id, "role": "kiosk", "venue_id": w.venue["id"]}),
        )
        .await;
    assert_eq!(g.status(), StatusCode::CREATED);
    // My sign-ups list the activity.
    let mine: Value = json_of(
        app.get("/api/v1/me/sign-ups", Some(&token)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(mine[0]["activity_id"], w.activity["id"]);
    assert_eq!(
        (
            mine[0]["status"].as_str(),
            mine[0]["activity_title"].as_str()
        ),
        (Some("accepted"), Some("楼道清洁"))
    );
    // The venue's activities, by venue.
    let listed: Value = json_of(
        app.get(
            &format!("/api/v1/activities?venue_id={}", w.venue["id"]),
            None,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(listed["items"][0]["id"], w.activity["id"]);
    let by_project: Value = json_of(
        app.get(
            &format!("/api/v1/activities?project_id={}", w.activity["project_id"]),
            None,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(by_project["items"].as_array().unwrap().len(), 1);
    let none: Value = json_of(
        app.get("/api/v1/activities?project_id=999999", None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(none["items"], json!([]));

    let url = format!("/api/v1/venues/{}/scans", w.venue["id"]);
    // Only the venue's kiosk (or its area's staff) scans here.
    problem(
        app.post(
            &url,
            Some(&token),
            &json!({"token": token_of(&app, &token).await}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let scanned = token_of(&app, &token).await;
    let first: Value = json_of(
        app.post(&url, Some(&kiosk), &json!({"token": scanned}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (first["action"].as_str(), first["activity_id"].as_i64()),
        (Some("check_in"), w.activity["id"].as_i64())
    );
    assert_eq!(first["sign_up"]["status"], "checked_in");
    assert_eq!(first["volunteer_name"], "一体机甲");
    // The same token again: used.
    problem(
        app.post(&url, Some(&kiosk), &json!({"token": scanned}))
            .await,
        StatusCode::CONFLICT,
        "token_used",
    )
    .await;
    // Another valid token checks them out, with a record (0 h: the activity has not begun).
    let next = youai_tests::world::another_check_in_token(
        &app,
        &token,
        v["id"].as_i64().unwrap(),
        scanned.as_str().unwrap(),
    )
    .await;
    let second = app.post(&url, Some(&kiosk), &json!({"token": next})).await;
    let second: Value = json_of(second, StatusCode::OK).await;
    assert_eq!(second["action"], "check_out");
    assert_eq!(second["record"]["hours"], 0.0);
    assert_eq!(second["record"]["volunteer_name"], "一体机甲");
    // Nothing left to do here for them; someone with no sign-up here is told so.
    let (_, other) = app
        .volunteer("13100000013", "一体机乙", "金都社区", json!({}))
        .await;
    problem(
        app.post(
            &url,
            Some(&kiosk),
            &json!({"token": token_of(&app, &other).await}),
        )
        .await,
        StatusCode::NOT_FOUND,
        "no_sign_up_here",
    )
    .await;
}

async fn a_team_lists_its_own_drafts(app: TestApp) {
    let w = world(&app, 5).await;
    let team = w.activity["team_id"].as_i64().unwrap();
    // A draft activity and a draft project of the team.
    let draft: Value = json_of(
        app.post(
            "/api/v1/activities",
            Some(&w.leader),
            &json!({"project_id": w.activity["project_id"], "title": "草稿活动", "start_at": at_minutes(3000), "end_at": at_minutes(3060),
                "signup_deadline": at_minutes(2000), "venue_id": w.venue["id"], "quota": 3}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let jingang = app.area_id("金港镇").await;
    let project: Value = json_of(
        app.post(
            "/api/v1/projects",
            Some(&w.leader),
            &json!({"title": "草稿项目", "category": "邻里互助", "level": "town", "area_id": jingang, "owner_team_id": team}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let drafts_url = format!("/api/v1/activities?team_id={team}&status=draft");
    let mine: Value = json_of(app.get(&drafts_url, Some(&w.leader)).await, StatusCode::OK).await;
    assert_eq!(mine["items"][0]["id"], draft["id"]);
    assert_eq!(mine["items"].as_array().unwrap().len(), 1);
    // Drafts are not public, and not for other teams' people.
    problem(
        app.get(&drafts_url, None).await,
        StatusCode::UNAUTHORIZED,
        "missing_token",
    )
    .await;
    let resident = app.login(RESIDENT).await;
    problem(
        app.get(&drafts_url, Some(&resident)).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let body = problem(
        app.get("/api/v1/activities?status=draft", Some(&w.leader))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "team_id");
    // The public listing still shows no drafts.
    let public: Value = json_of(
        app.get(&format!("/api/v1/activities?team_id={team}"), None)
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(
        public["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["status"] != "draft")
    );
    // The team's draft projects, for the team.
    let url = format!("/api/v1/projects?status=draft&owner_team_id={team}");
    let projects: Value = json_of(app.get(&url, Some(&w.leader)).await, StatusCode::OK).await;
    assert_eq!(projects["items"][0]["id"], project["id"]);
    problem(
        app.get(&url, Some(&resident)).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
}

async fn self_check_in_within_the_radius(app: TestApp) {
    let w = world(&app, 5).await;
    let (_, token) = signed_up(&app, &w, "13100000004", "自助甲").await;
    let (lat, lng) = (
        w.venue["latitude"].as_f64().unwrap(),
        w.venue["longitude"].as_f64().unwrap(),
    );
    let url = format!("/api/v1/activities/{}/check-ins", w.activity["id"]);
    // About 1.1 km north: too far.
    let res = app
        .post(
            &url,
            Some(&token),
            &json!({"method": "self", "latitude": lat + 0.01, "longitude": lng}),
        )
        .await;
    let body = problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(body["errors"][0]["code"], "too_far");
    let s: Value = json_of(
        app.post(
            &url,
            Some(&token),
            &json!({"method": "self", "latitude": lat + 0.001, "longitude": lng}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(s["status"], "checked_in");
    problem(
        app.post(
            &url,
            Some(&token),
            &json!({"method": "self", "latitude": lat, "longitude": lng}),
        )
        .await,
        StatusCode::CONFLICT,
        "not_accepted",
    )
    .await;
    // Someone who did not sign up cannot self-check-in.
    let (_, stranger) = app
        .volunteer("13100000005", "未报名", "金都社区", json!({}))
        .await;
    problem(
        app.post(
            &url,
            Some(&stranger),
            &json!({"method": "self", "latitude": lat, "longitude": lng}),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}

async fn check_out_counts_the_overlap(app: TestApp) {
    let w = world(&app, 5).await;
    let (v, _) = signed_up(&app, &w, "13100000006", "签退甲").await;
    let checkin = format!("/api/v1/activities/{}/check-ins", w.activity["id"]);
    let checkout = format!("/api/v1/activities/{}/check-outs", w.activity["id"]);
    let by_hand = json!({"method": "leader", "volunteer_id": v["id"]});
    problem(
        app.post(&checkout, Some(&w.leader), &by_hand).await,
        StatusCode::CONFLICT,
        "not_checked_in",
    )
    .await;
    json_of::<Value>(
        app.post(&checkin, Some(&w.leader), &by_hand).await,
        StatusCode::OK,
    )
    .await;
    // Let time pass: the activity started an hour ago and the volunteer came 30 minutes early.
    let pool = app.pool.clone();
    let aid = w.activity["id"].as_i64().unwrap();
    tokio::task::spawn_blocking(move || {
        use youai_db::schema::{activities, sign_ups};
        let mut c = pool.get().unwrap();
        let now = youai_db::now();
        diesel::update(activities::table.find(aid))
            .set((
                activities::start_at.eq(now - chrono::Duration::minutes(60)),
                activities::end_at.eq(now + chrono::Duration::minutes(60)),
            ))
            .execute(&mut *c)
            .unwrap();
        diesel::update(sign_ups::table.filter(sign_ups::activity_id.eq(aid)))
            .set(sign_ups::checked_in_at.eq(now - chrono::Duration::minutes(90)))
            .execute(&mut *c)
            .unwrap();
    })
    .await
    .unwrap();
    let rec: Value = json_of(
        app.post(&checkout, Some(&w.leader), &by_hand).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        rec["hours"], 1.0,
        "the early half hour does not count: {rec}"
    );
    assert_eq!(
        (rec["source"].as_str(), rec["status"].as_str()),
        (Some("check_in"), Some("pending"))
    );
    problem(
        app.post(&checkout, Some(&w.leader), &by_hand).await,
        StatusCode::CONFLICT,
        "not_checked_in",
    )
    .await;
}

async fn records_verification_and_corrections(app: TestApp) {
    let w = world(&app, 5).await;
    let (v, v_token) = app
        .volunteer("13100000007", "记录甲", "金都社区", json!({}))
        .await;
    let enter = |hours: f64| {
        let (app, leader, body) = (
            &app,
            w.leader.clone(),
            json!({"volunteer_id": v["id"], "activity_id": w.activity["id"], "hours": hours}),
        );
        async move {
            app.post("/api/v1/service-records", Some(&leader), &body)
                .await
        }
    };
    let body = problem(
        enter(0.3).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body["errors"][0]["code"], "invalid_hours");
    let body = problem(
        enter(1.25).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(
        body["errors"][0]["code"], "exceeds_activity",
        "a one-hour activity"
    );
    let rec: Value = json_of(enter(0.75).await, StatusCode::CREATED).await;
    assert_eq!(
        (rec["hours"].as_f64(), rec["status"].as_str()),
        (Some(0.75), Some("pending"))
    );
    // Only the team verifies: not the volunteer, not another team's leader.
    let verify = format!("/api/v1/service-records/{}/verification", rec["id"]);
    problem(
        app.post(&verify, Some(&v_token), &json!({"status": "verified"}))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let queue: Value = json_of(
        app.get("/api/v1/service-records", Some(&w.leader)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(queue["items"][0]["id"], rec["id"]);
    assert_eq!(
        (
            queue["items"][0]["volunteer_name"].as_str(),
            queue["items"][0]["activity_title"].as_str()
        ),
        (Some("记录甲"), Some("楼道清洁"))
    );
    let ok: Value = json_of(
        app.post(&verify, Some(&w.leader), &json!({"status": "verified"}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(ok["status"], "verified");
    problem(
        app.post(&verify, Some(&w.leader), &json!({"status": "disputed"}))
            .await,
        StatusCode::CONFLICT,
        "already_decided",
    )
    .await;
    // A correction is a new record; the old one stops counting but is kept as it was.
    let correct = format!("/api/v1/service-records/{}/corrections", rec["id"]);
    problem(
        app.post(
            &correct,
            Some(&w.leader),
            &json!({"hours": 0.5, "reason": ""}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let fixed: Value = json_of(
        app.post(
            &correct,
            Some(&w.leader),
            &json!({"hours": 0.5, "reason": "提前离开"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(
        (fixed["corrects_id"].as_i64(), fixed["hours"].as_f64()),
        (rec["id"].as_i64(), Some(0.5))
    );
    problem(
        app.post(
            &correct,
            Some(&w.leader),
            &json!({"hours": 0.25, "reason": "再改"}),
        )
        .await,
        StatusCode::CONFLICT,
        "already_corrected",
    )
    .await;
    // The verified list, newest first, says which record the correction replaced.
    let verified: Value = json_of(
        app.get(
            "/api/v1/service-records?status=verified&sort=-id",
            Some(&w.leader),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(verified["items"][0]["id"], fixed["id"], "{verified}");
    assert_eq!(verified["items"][1]["id"], rec["id"], "{verified}");
    let body = problem(
        app.get("/api/v1/service-records?sort=name", Some(&w.leader))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "sort", "{body}");
    let listed = |id: &Value| {
        verified["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == *id)
            .map(|r| (r["superseded"].as_bool(), r["corrects_id"].as_i64()))
    };
    assert_eq!(listed(&rec["id"]), Some((Some(true), None)), "{verified}");
    assert_eq!(
        listed(&fixed["id"]),
        Some((Some(false), rec["id"].as_i64())),
        "{verified}"
    );
    // A second, pending record does not count until verified.
    json_of::<Value>(enter(1.0).await, StatusCode::CREATED).await;
    let history: Value = json_of(
        app.get(
            &format!("/api/v1/volunteers/{}/service-records", v["id"]),
            Some(&v_token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(history["total_hours"], 0.5, "{history}");
    assert_eq!(history["records"].as_array().unwrap().len(), 3);
    let original = history["records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == rec["id"])
        .unwrap();
    assert_eq!(
        (original["hours"].as_f64(), original["superseded"].as_bool()),
        (Some(0.75), Some(true))
    );
    assert_eq!(history["by_team"][0]["key"], "签到测试队");
    assert_eq!(history["records"][0]["activity_title"], "楼道清洁");
    assert_eq!(history["by_category"][0]["key"], "邻里互助");
    assert_eq!(history["by_year"][0]["hours"], 0.5);
    let resident = app.login(RESIDENT).await;
    problem(
        app.get(
            &format!("/api/v1/volunteers/{}/service-records", v["id"]),
            Some(&resident),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
}

/// Text of a PDF by poppler's `pdftotext` (installed by `make test`; required in CI).
fn pdf_text(pdf: &[u8]) -> Option<String> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let child = Command::new("pdftotext")
        .args(["-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) if std::env::var_os("CI").is_some() => panic!("pdftotext: {e}"),
        Err(e) => {
            eprintln!("skipped outside CI: pdftotext: {e}");
            return None;
        }
    };
    child.stdin.take().unwrap().write_all(pdf).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "pdftotext failed on our PDF");
    Some(String::from_utf8(out.stdout).unwrap())
}

async fn certificate_of_verified_hours(app: TestApp) {
    let w = world(&app, 5).await;
    let (v, v_token) = app
        .volunteer("13100000008", "证书甲", "金都社区", json!({}))
        .await;
    let verified = |hours: f64| {
        let (app, leader, body) = (
            &app,
            w.leader.clone(),
            json!({"volunteer_id": v["id"], "activity_id": w.activity["id"], "hours": hours}),
        );
        async move {
            let rec: Value = json_of(
                app.post("/api/v1/service-records", Some(&leader), &body)
                    .await,
                StatusCode::CREATED,
            )
            .await;
            let url = format!("/api/v1/service-records/{}/verification", rec["id"]);
            let ok = app
                .post(&url, Some(&leader), &json!({"status": "verified"}))
                .await;
            assert_eq!(ok.status(), StatusCode::OK);
        }
    };
    verified(0.75).await;
    let url = format!("/api/v1/volunteers/{}/certificate", v["id"]);
    let html_of = |token: String| {
        let (app, url) = (&app, url.clone());
        async move {
            let res = app.get(&url, Some(&token)).await;
            assert_eq!(res.status(), StatusCode::OK);
            assert!(
                res.headers()["content-type"]
                    .to_str()
                    .unwrap()
                    .starts_with("text/html")
            );
            assert_eq!(res.headers()["cache-control"], "private, no-store");
            res.text().await.unwrap()
        }
    };
    let page = html_of(v_token.clone()).await;
    assert!(page.contains("兹证明志愿者 证书甲"), "{page}");
    assert!(page.contains("累计志愿服务时长 0.75 小时"), "{page}");
    assert!(page.contains("签到测试队"), "{page}");
    let code_of = |page: &str| {
        let start = page.find("<code id=\"code\">").unwrap() + "<code id=\"code\">".len();
        page[start..start + 14].to_string()
    };
    let code = code_of(&page);
    assert!(page.contains(&format!("/verify/{code}")), "{page}");
    // The same totals on the same day: the same certificate, whoever asks for it.
    assert_eq!(code_of(&html_of(app.login(ADMIN).await).await), code);

    // Anyone can check the code, however typed; the name is masked.
    let check: Value = json_of(
        app.get(
            &format!(
                "/api/v1/certificates/{}",
                code.replace('-', "").to_lowercase()
            ),
            None,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(check["code"], code.as_str());
    assert_eq!(check["volunteer_name"], "证*甲");
    assert_eq!(check["total_hours"], 0.75);
    assert_eq!(check["records"], 1);
    assert_eq!(check["current"], true);
    problem(
        app.get("/api/v1/certificates/2222-3333-4444", None).await,
        StatusCode::NOT_FOUND,
        "certificate_not_found",
    )
    .await;
    problem(
        app.get("/api/v1/certificates/not-a-code", None).await,
        StatusCode::NOT_FOUND,
        "certificate_not_found",
    )
    .await;

    // The PDF, by query or by Accept, with its font embedded.
    for res in [
        app.get(&format!("{url}?format=pdf"), Some(&v_token)).await,
        app.request(reqwest::Method::GET, &url, Some(&v_token))
            .header("accept", "application/pdf")
            .send()
            .await
            .unwrap(),
    ] {
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()["content-type"], "application/pdf");
        let bytes = res.bytes().await.unwrap();
        assert!(bytes.starts_with(b"%PDF-"));
        assert!(
            bytes
                .windows(9)
                .any(|w| w == b"FontFile2" || w == b"FontFile3")
        );
        if let Some(text) = pdf_text(&bytes) {
            let flat: String = text.split_whitespace().collect();
            assert!(flat.contains("兹证明志愿者证书甲"), "{text}");
            assert!(flat.contains("累计志愿服务时长0.75小时"), "{text}");
            assert!(flat.contains(&code), "{text}");
        }
    }
    problem(
        app.get(&format!("{url}?format=docx"), Some(&v_token)).await,
        StatusCode::BAD_REQUEST,
        "invalid_query",
    )
    .await;

    // More verified hours: the old certificate is still genuine but no longer current.
    verified(1.0).await;
    let newer = code_of(&html_of(v_token.clone()).await);
    assert_ne!(newer, code);
    let check: Value = json_of(
        app.get(&format!("/api/v1/certificates/{code}"), None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (check["current"].as_bool(), check["total_hours"].as_f64()),
        (Some(false), Some(0.75))
    );

    // Outsiders cannot print someone's certificate.
    let resident = app.login(RESIDENT).await;
    problem(
        app.get(&url, Some(&resident)).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    problem(
        app.get(&url, None).await,
        StatusCode::UNAUTHORIZED,
        "missing_token",
    )
    .await;
}

/// Moves the activity into the past: it ran from `start_h` to `end_h` hours from now.
async fn shift(
    app: &TestApp,
    activity: &Value,
    start_h: i64,
    end_h: i64,
    checked_in_h: Option<i64>,
) {
    let pool = app.pool.clone();
    let aid = activity["id"].as_i64().unwrap();
    tokio::task::spawn_blocking(move || {
        use youai_db::schema::{activities, sign_ups};
        let mut c = pool.get().unwrap();
        let now = youai_db::now();
        diesel::update(activities::table.find(aid))
            .set((
                activities::start_at.eq(now + chrono::Duration::hours(start_h)),
                activities::end_at.eq(now + chrono::Duration::hours(end_h)),
            ))
            .execute(&mut *c)
            .unwrap();
        diesel::update(sign_ups::table.filter(sign_ups::activity_id.eq(aid)))
            .set((
                sign_ups::start_at.eq(now + chrono::Duration::hours(start_h)),
                sign_ups::end_at.eq(now + chrono::Duration::hours(end_h)),
            ))
            .execute(&mut *c)
            .unwrap();
        if let Some(h) = checked_in_h {
            diesel::update(
                sign_ups::table
                    .filter(sign_ups::activity_id.eq(aid))
                    .filter(sign_ups::status.eq("checked_in")),
            )
            .set(sign_ups::checked_in_at.eq(now + chrono::Duration::hours(h)))
            .execute(&mut *c)
            .unwrap();
        }
    })
    .await
    .unwrap();
}

async fn run_jobs(app: &TestApp) -> usize {
    let pool = app.pool.clone();
    tokio::task::spawn_blocking(move || {
        youai_api::jobs::close_open_check_ins(&mut pool.get().unwrap()).unwrap()
    })
    .await
    .unwrap()
}

async fn open_check_ins_are_closed_and_flagged(app: TestApp) {
    let w = world(&app, 5).await;
    let (v, v_token) = signed_up(&app, &w, "13100000011", "忘签退").await;
    let by_hand = json!({"method": "leader", "volunteer_id": v["id"]});
    json_of::<Value>(
        app.post(
            &format!("/api/v1/activities/{}/check-ins", w.activity["id"]),
            Some(&w.leader),
            &by_hand,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    // Ended 3 hours ago: not yet closed.
    shift(&app, &w.activity, -5, -3, Some(-6)).await;
    assert_eq!(run_jobs(&app).await, 0);
    // Ended 5 hours ago: closed at the end, two hours counted, flagged for the leader.
    shift(&app, &w.activity, -7, -5, Some(-8)).await;
    assert_eq!(run_jobs(&app).await, 1);
    assert_eq!(run_jobs(&app).await, 0, "closing twice does nothing");
    let sign_ups: Value = json_of(
        app.get(
            &format!("/api/v1/activities/{}/sign-ups", w.activity["id"]),
            Some(&w.leader),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(sign_ups["items"][0]["status"], "checked_out");
    let queue: Value = json_of(
        app.get("/api/v1/service-records", Some(&w.leader)).await,
        StatusCode::OK,
    )
    .await;
    let rec = &queue["items"][0];
    assert_eq!(
        (rec["hours"].as_f64(), rec["status"].as_str()),
        (Some(2.0), Some("pending")),
        "{rec}"
    );
    assert!(rec["reason"].as_str().unwrap().contains("自动签退"));
    let history: Value = json_of(
        app.get(
            &format!("/api/v1/volunteers/{}/service-records", v["id"]),
            Some(&v_token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(history["total_hours"], 0.0, "pending hours do not count");
}

async fn calendar_feed_and_stats(app: TestApp) {
    let w = world(&app, 5).await;
    let res = app
        .get(
            &format!(
                "/api/v1/calendars/activities.ics?team_id={}",
                w.activity["team_id"]
            ),
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    let ics = res.text().await.unwrap();
    assert!(
        ics.starts_with("BEGIN:VCALENDAR\r\n")
            && ics.contains("BEGIN:VEVENT")
            && ics.contains("SUMMARY:楼道清洁"),
        "{ics}"
    );
    assert!(ics.contains(&format!("UID:activity-{}@youai", w.activity["id"])));
    let jingang = app.area_id("金港镇").await;
    let by_area = app
        .get(
            &format!("/api/v1/calendars/activities.ics?within={jingang}"),
            None,
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(by_area.contains("SUMMARY:楼道清洁"));
    problem(
        app.get("/api/v1/calendars/activities.ics", None).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;

    // Stats: hours served count verified hours only; finished activities count as run.
    let (v, _) = signed_up(&app, &w, "13100000012", "统计甲").await;
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
    let before: Value = json_of(app.get("/api/v1/stats", None).await, StatusCode::OK).await;
    assert_eq!(before["hours_served"], 0.0);
    assert_eq!(before["projects_published"], 1);
    assert!(before["projects_per_day"].as_f64().unwrap() > 0.0);
    assert_eq!(before["activities_by_category"][0]["category"], "邻里互助");
    app.post(
        &format!("/api/v1/service-records/{}/verification", rec["id"]),
        Some(&w.leader),
        &json!({"status": "verified"}),
    )
    .await;
    let t = format!("/api/v1/activities/{}/transitions", w.activity["id"]);
    assert_eq!(
        app.post(&t, Some(&w.leader), &json!({"action": "start"}))
            .await
            .status(),
        StatusCode::OK
    );
    let finished: Value = json_of(
        app.post(&t, Some(&w.leader), &json!({"action": "finish"}))
            .await,
        StatusCode::OK,
    )
    .await;
    // Its empty places are gone with it.
    assert_eq!(
        (
            finished["status"].as_str(),
            finished["free_places"].as_i64()
        ),
        (Some("finished"), Some(0)),
        "{finished}"
    );
    let after: Value = json_of(app.get("/api/v1/stats", None).await, StatusCode::OK).await;
    assert_eq!(
        (
            after["hours_served"].as_f64(),
            after["activities_run"].as_i64()
        ),
        (Some(1.0), Some(1))
    );

    // Month by month: the hour, the activity, the volunteer and the team in their month;
    // the hour under the activity's town.
    let served_on = rec["served_on"].as_str().unwrap().to_owned();
    let sums = |m: &Value| {
        let months = m["months"].as_array().unwrap();
        let sum = |k: &str| -> f64 { months.iter().map(|x| x[k].as_f64().unwrap()).sum() };
        [
            sum("activities_run"),
            sum("hours_served"),
            sum("volunteers_served"),
            sum("teams_active"),
            sum("volunteers_rewarded"),
        ]
    };
    let m: Value = json_of(app.get("/api/v1/stats/monthly", None).await, StatusCode::OK).await;
    assert_eq!(sums(&m), [1.0, 1.0, 1.0, 1.0, 0.0], "{m}");
    let month = m["months"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["hours_served"] == 1.0)
        .unwrap();
    assert_eq!(month["month"].as_str(), served_on.get(..7), "{m}");
    assert_eq!(month["volunteers_served"], 1);
    assert_eq!(
        m["hours_by_town"],
        json!([{"town_id": app.area_id("金港镇").await, "town": "金港镇", "month": served_on[..7], "hours": 1.0}])
    );
    // An honour makes the volunteer one of the month's rewarded.
    let today = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive();
    let admin = app.login(ADMIN).await;
    assert_eq!(
        app.post(
            &format!("/api/v1/volunteers/{}/honours", v["id"]),
            Some(&admin),
            &json!({"title": "月度之星", "citation": "按时服务", "awarded_on": today.to_string()}),
        )
        .await
        .status(),
        StatusCode::CREATED
    );
    let m: Value = json_of(app.get("/api/v1/stats/monthly", None).await, StatusCode::OK).await;
    assert_eq!(sums(&m)[4], 1.0, "{m}");
    let this_month = today.format("%Y-%m").to_string();
    assert!(
        m["months"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["month"] == this_month.as_str() && x["volunteers_rewarded"] == 1),
        "{m}"
    );

    // The same figures as a workbook, for anyone (they are public already).
    let res = app.get("/api/v1/stats/report?months=3", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let disposition = res.headers()["content-disposition"].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"youai-report-")
            && disposition.ends_with(".xlsx\""),
        "{disposition}"
    );
    let bytes = res.bytes().await.unwrap();
    let mut book = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut read = |name: &str| {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut book.by_name(name).unwrap(), &mut text).unwrap();
        text
    };
    let workbook = read("xl/workbook.xml");
    for sheet in [
        "按月数据",
        "各镇按月服务时长",
        "活动类别",
        "礼遇类别",
        "队伍类别",
    ] {
        assert!(workbook.contains(sheet), "no sheet {sheet}: {workbook}");
    }
    let strings = read("xl/sharedStrings.xml");
    for text in [
        "金港镇",
        "邻里互助",
        "荣誉授予",
        "社会志愿服务团队",
        &this_month,
    ] {
        assert!(strings.contains(text), "no {text}: {strings}");
    }
    // The town's row: its one hour in its month, and the total.
    let towns = read("xl/worksheets/sheet2.xml");
    let row = towns
        .split("<row ")
        .find(|r| r.starts_with("r=\"2\""))
        .unwrap_or_default();
    let numbers: Vec<&str> = row
        .split("<c ")
        .filter(|c| !c.contains("t=\"s\""))
        .filter_map(|c| c.split("<v>").nth(1)?.split("</v>").next())
        .collect();
    assert_eq!(numbers.len(), 4, "three months and the total: {towns}");
    assert_eq!(numbers.iter().filter(|n| **n == "1").count(), 2, "{towns}");
    problem(
        app.get("/api/v1/stats/report?months=61", None).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
}

async fn no_show_only_after_the_end(app: TestApp) {
    let w = world(&app, 5).await;
    let (v, v_token) = signed_up(&app, &w, "13100000013", "没来的人").await;
    let list: Value = json_of(
        app.get(
            &format!("/api/v1/activities/{}/sign-ups", w.activity["id"]),
            Some(&w.leader),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let sid = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["volunteer_id"] == v["id"])
        .unwrap()["id"]
        .clone();
    let url = format!(
        "/api/v1/activities/{}/sign-ups/{sid}/status",
        w.activity["id"]
    );
    let body = problem(
        app.post(&url, Some(&w.leader), &json!({"status": "no_show"}))
            .await,
        StatusCode::CONFLICT,
        "invalid_transition",
    )
    .await;
    assert!(body["detail"].is_string());
    shift(&app, &w.activity, -3, -1, None).await;
    problem(
        app.post(&url, Some(&v_token), &json!({"status": "no_show"}))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let marked: Value = json_of(
        app.post(&url, Some(&w.leader), &json!({"status": "no_show"}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(marked["status"], "no_show");
    // Too late to cancel now.
    problem(
        app.post(&url, Some(&v_token), &json!({"status": "cancelled"}))
            .await,
        StatusCode::CONFLICT,
        "invalid_transition",
    )
    .await;
}
