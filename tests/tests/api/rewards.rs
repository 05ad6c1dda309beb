//! 礼遇 over HTTP on SQLite and PostgreSQL: star levels and points from verified hours (a
//! correction can lower both), the catalogue, redemption into vouchers and every refusal,
//! honours, the insurer's list, the yearly expiry, and the two concurrency cases followed by a
//! full ledger audit.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use diesel::prelude::*;
use futures_util::future::join_all;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use youai_tests::world::world;
use youai_tests::{ADMIN, JINGANG_ADMIN, RESIDENT, TestApp, db_tests, json_of, problem};

db_tests!(
    stars_and_points_follow_verified_hours,
    catalogue_redemption_and_vouchers,
    honours_and_the_insurers_list,
    points_expire_once_a_year,
    a_hundred_volunteers_race_for_ten_items,
    one_volunteer_races_against_their_balance,
    a_courtesys_qualification_is_edited_and_lifted,
    a_volunteer_issues_a_shareable_certificate,
    a_new_star_ladder_rerates_volunteers_at_once,
);

async fn put_rules(app: &TestApp, admin: &str, rules: Value) {
    let res = app
        .request(Method::PUT, "/api/v1/reward-rules", Some(admin))
        .json(&rules)
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );
}

/// Enters `hours` for the volunteer at the world's activity and verifies them; the record.
async fn verified(
    app: &TestApp,
    leader: &str,
    activity: &Value,
    volunteer: &Value,
    hours: f64,
) -> Value {
    let rec: Value = json_of(
        app.post(
            "/api/v1/service-records",
            Some(leader),
            &json!({"volunteer_id": volunteer["id"], "activity_id": activity["id"], "hours": hours}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    json_of(
        app.post(
            &format!("/api/v1/service-records/{}/verification", rec["id"]),
            Some(leader),
            &json!({"status": "verified"}),
        )
        .await,
        StatusCode::OK,
    )
    .await
}

async fn star(app: &TestApp, token: &str, v: &Value) -> Value {
    json_of(
        app.get(&format!("/api/v1/volunteers/{}/star", v["id"]), Some(token))
            .await,
        StatusCode::OK,
    )
    .await
}

async fn points(app: &TestApp, token: &str) -> Value {
    json_of(
        app.get("/api/v1/me/points", Some(token)).await,
        StatusCode::OK,
    )
    .await
}

async fn stars_and_points_follow_verified_hours(app: TestApp) {
    let admin = app.login(ADMIN).await;
    // Bad rules are refused field by field.
    let res = app
        .request(Method::PUT, "/api/v1/reward-rules", Some(&admin))
        .json(&json!({"star_thresholds_hours": [3, 1], "points_per_hour": 10, "cap_per_activity": null, "leader_entry_earns": true, "expire_on": "02-30"}))
        .send()
        .await
        .unwrap();
    let body = problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["star_thresholds_hours", "expire_on"]);
    let resident = app.login(RESIDENT).await;
    let res = app
        .request(Method::PUT, "/api/v1/reward-rules", Some(&resident))
        .json(&json!({"star_thresholds_hours": [1], "points_per_hour": 1, "cap_per_activity": null, "leader_entry_earns": true, "expire_on": null}))
        .send()
        .await
        .unwrap();
    problem(res, StatusCode::FORBIDDEN, "forbidden").await;
    // Small thresholds so a test can climb them: ★1 at 1 h, ★2 at 2 h.
    put_rules(
        &app,
        &admin,
        json!({"star_thresholds_hours": [1, 2, 3, 4, 5], "points_per_hour": 10, "cap_per_activity": 15, "leader_entry_earns": true, "expire_on": null}),
    )
    .await;
    let rules: Value = json_of(app.get("/api/v1/reward-rules", None).await, StatusCode::OK).await;
    assert_eq!(rules["cap_per_activity"], 15);

    let w = world(&app, 5).await;
    let (v, token) = app
        .volunteer("13100000021", "星级甲", "金都社区", json!({}))
        .await;
    let s = star(&app, &token, &v).await;
    assert_eq!(
        (s["level"].as_u64(), s["next_level"].as_u64()),
        (Some(0), Some(1))
    );
    assert_eq!(s["hours_to_next"], 1.0);

    let first = verified(&app, &w.leader, &w.activity, &v, 1.0).await;
    let s = star(&app, &token, &v).await;
    assert_eq!(
        (s["level"].as_u64(), s["hours"].as_f64()),
        (Some(1), Some(1.0))
    );
    assert_eq!(s["reached"][0]["level"], 1);
    let p = points(&app, &token).await;
    assert_eq!(
        (p["balance"].as_i64(), p["earned"].as_i64()),
        (Some(10), Some(10))
    );
    assert_eq!(p["entries"][0]["kind"], "earn");
    assert_eq!(
        p["entries"][0]["event"],
        format!("earn:record:{}", first["id"])
    );

    // A second record at the same activity earns only up to the cap of 15.
    verified(&app, &w.leader, &w.activity, &v, 1.0).await;
    let s = star(&app, &token, &v).await;
    assert_eq!(
        (s["level"].as_u64(), s["hours_to_next"].as_f64()),
        (Some(2), Some(1.0))
    );
    assert_eq!(points(&app, &token).await["balance"], 15);

    // Correcting the first record down to 0.25 h: its 10 points are taken back, the new
    // record earns what the cap leaves (5 already held → 10 more allowed, 2 earned), and the
    // level falls back to ★1 — the history shows the fall.
    let fixed: Value = json_of(
        app.post(
            &format!("/api/v1/service-records/{}/corrections", first["id"]),
            Some(&w.leader),
            &json!({"hours": 0.25, "reason": "只服务了一刻钟"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let p = points(&app, &token).await;
    let kinds: Vec<(&str, i64)> = p["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["kind"].as_str().unwrap(), e["points"].as_i64().unwrap()))
        .collect();
    assert_eq!(
        kinds,
        [("earn", 2), ("adjust", -10), ("earn", 5), ("earn", 10)]
    );
    assert_eq!(p["balance"], 7);
    assert_eq!(p["entries"][0]["record_id"], fixed["id"]);
    let s = star(&app, &token, &v).await;
    assert_eq!(
        (s["level"].as_u64(), s["hours"].as_f64()),
        (Some(1), Some(1.25))
    );
    let history: Vec<(u64, u64)> = s["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["from_level"].as_u64().unwrap(),
                c["to_level"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(history, [(0, 1), (1, 2), (2, 1)]);

    // Staff in scope see the points; a stranger does not.
    let staff: Value = json_of(
        app.get(
            &format!("/api/v1/volunteers/{}/points", v["id"]),
            Some(&admin),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(staff["balance"], 7);
    problem(
        app.get(
            &format!("/api/v1/volunteers/{}/points", v["id"]),
            Some(&resident),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    problem(
        app.get(
            &format!("/api/v1/volunteers/{}/star", v["id"]),
            Some(&resident),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;

    // Adjustments need a reason and never take the balance below zero.
    let adjust = format!("/api/v1/volunteers/{}/points/adjustments", v["id"]);
    let body = problem(
        app.post(&adjust, Some(&admin), &json!({"points": 5, "reason": " "}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "reason");
    // The extremes of the number range are refused, not overflowed (found by the fuzzer).
    let body = problem(
        app.post(
            &adjust,
            Some(&admin),
            &json!({"points": i64::MIN, "reason": "溢出"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "points");
    problem(
        app.post(
            &adjust,
            Some(&admin),
            &json!({"points": -8, "reason": "多记"}),
        )
        .await,
        StatusCode::CONFLICT,
        "insufficient_points",
    )
    .await;
    problem(
        app.post(
            &adjust,
            Some(&resident),
            &json!({"points": 100, "reason": "送分"}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let e: Value = json_of(
        app.post(
            &adjust,
            Some(&admin),
            &json!({"points": -7, "reason": "重复登记"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(
        (e["kind"].as_str(), e["points"].as_i64()),
        (Some("adjust"), Some(-7))
    );
    assert_eq!(points(&app, &token).await["balance"], 0);
}

async fn new_reward(app: &TestApp, admin: &str, body: Value) -> Value {
    json_of(
        app.post("/api/v1/rewards", Some(admin), &body).await,
        StatusCode::CREATED,
    )
    .await
}

async fn give_points(app: &TestApp, admin: &str, v: &Value, n: i64) {
    let res = app
        .post(
            &format!("/api/v1/volunteers/{}/points/adjustments", v["id"]),
            Some(admin),
            &json!({"points": n, "reason": "测试积分"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
}

async fn catalogue_redemption_and_vouchers(app: TestApp) {
    let admin = app.login(ADMIN).await;
    let (provider_id, provider) = app.new_user("13100000031", "文化衫发放点").await;
    let (_, other_provider) = app.new_user("13100000032", "图书馆").await;
    // Bad courtesies are refused field by field.
    let body = problem(
        app.post(
            "/api/v1/rewards",
            Some(&admin),
            &json!({"kind": "goods", "name": "", "provider": "总队", "cost_points": -1, "min_star": 9, "valid_from": "2026-12-01", "valid_until": "2026-11-01"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        ["name", "cost_points", "stock", "min_star", "valid_until"]
    );
    problem(
        app.post(
            "/api/v1/rewards",
            Some(&app.login(JINGANG_ADMIN).await),
            &json!({"kind": "service", "name": "免费游园", "provider": "公园"}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;

    let shirt = new_reward(
        &app,
        &admin,
        json!({"kind": "goods", "name": "志愿者文化衫", "provider": "文化衫发放点", "provider_user_id": provider_id, "cost_points": 10, "per_person_limit": 1, "stock": 2}),
    )
    .await;
    let elite = new_reward(
        &app,
        &admin,
        json!({"kind": "service", "name": "五星志愿者疗休养", "provider": "总队", "min_star": 3}),
    )
    .await;
    let adults = new_reward(
        &app,
        &admin,
        json!({"kind": "training", "name": "急救员培训", "provider": "红十字会", "min_age": 18, "team_kind": "industry_detachment"}),
    )
    .await;
    let list: Value = json_of(app.get("/api/v1/rewards", None).await, StatusCode::OK).await;
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .any(|r| r["name"] == "志愿者文化衫")
    );
    let goods: Value = json_of(
        app.get("/api/v1/rewards?kind=goods", None).await,
        StatusCode::OK,
    )
    .await;
    assert!(
        goods
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["kind"] == "goods")
    );

    let (a, a_token) = app
        .volunteer("13100000033", "兑换甲", "金都社区", json!({}))
        .await;
    let (b, b_token) = app
        .volunteer("13100000034", "兑换乙", "金都社区", json!({"birth_date": "2010-01-01", "guardian_name": "兑换乙家长", "guardian_phone": "13100000099"}))
        .await;
    let redeem = |r: &Value| format!("/api/v1/rewards/{}/redemptions", r["id"]);

    // Eligibility: the rule that fails is named; nothing is written.
    let body = problem(
        app.post(&redeem(&elite), Some(&a_token), &json!({})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body["errors"][0]["code"], "star_too_low");
    let body = problem(
        app.post(&redeem(&adults), Some(&b_token), &json!({})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body["errors"][0]["code"], "team_kind_required");
    // No points yet.
    problem(
        app.post(&redeem(&shirt), Some(&a_token), &json!({})).await,
        StatusCode::CONFLICT,
        "insufficient_points",
    )
    .await;
    // Without a volunteer profile.
    let resident = app.login(RESIDENT).await;
    let body = problem(
        app.post(&redeem(&shirt), Some(&resident), &json!({})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body["errors"][0]["code"], "volunteer_profile_required");

    give_points(&app, &admin, &a, 25).await;
    give_points(&app, &admin, &b, 10).await;
    let voucher: Value = json_of(
        app.post(&redeem(&shirt), Some(&a_token), &json!({})).await,
        StatusCode::CREATED,
    )
    .await;
    let code = voucher["code"].as_str().unwrap().to_owned();
    assert_eq!(voucher["status"], "issued");
    assert_eq!(voucher["qr_text"], format!("youai:voucher:{code}"));
    assert_eq!(points(&app, &a_token).await["balance"], 15);
    let now: Value = json_of(
        app.get(&format!("/api/v1/rewards/{}", shirt["id"]), None)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(now["stock"], 1);
    // One per person.
    problem(
        app.post(&redeem(&shirt), Some(&a_token), &json!({})).await,
        StatusCode::CONFLICT,
        "limit_reached",
    )
    .await;
    let mine: Value = json_of(
        app.get("/api/v1/vouchers", Some(&a_token)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(mine.as_array().unwrap().len(), 1);

    // Only the holder, the provider and admins see it; only the provider redeems it, once.
    let at = format!("/api/v1/vouchers/{code}");
    problem(
        app.get(&at, Some(&b_token)).await,
        StatusCode::FORBIDDEN,
        "foreign_voucher",
    )
    .await;
    problem(
        app.post(&format!("{at}/redeem"), Some(&other_provider), &json!({}))
            .await,
        StatusCode::FORBIDDEN,
        "foreign_voucher",
    )
    .await;
    problem(
        app.post(&format!("{at}/redeem"), Some(&a_token), &json!({}))
            .await,
        StatusCode::FORBIDDEN,
        "foreign_voucher",
    )
    .await;
    let done: Value = json_of(
        app.post(
            &format!(
                "/api/v1/vouchers/{}/redeem",
                code.to_lowercase().replace('-', "")
            ),
            Some(&provider),
            &json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(done["status"], "redeemed");
    problem(
        app.post(&format!("{at}/redeem"), Some(&provider), &json!({}))
            .await,
        StatusCode::CONFLICT,
        "voucher_redeemed",
    )
    .await;
    problem(
        app.post(&format!("{at}/cancel"), Some(&a_token), &json!({}))
            .await,
        StatusCode::CONFLICT,
        "voucher_redeemed",
    )
    .await;
    let of_reward: Value = json_of(
        app.get(
            &format!("/api/v1/vouchers?reward_id={}", shirt["id"]),
            Some(&provider),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(of_reward[0]["code"], code.as_str());
    problem(
        app.get(
            &format!("/api/v1/vouchers?reward_id={}", shirt["id"]),
            Some(&other_provider),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    problem(
        app.get("/api/v1/vouchers/2222-3333-4444", Some(&a_token))
            .await,
        StatusCode::NOT_FOUND,
        "voucher_not_found",
    )
    .await;

    // B takes the last shirt, then cancels: points and stock come back; a second cancel is refused.
    let vb: Value = json_of(
        app.post(&redeem(&shirt), Some(&b_token), &json!({})).await,
        StatusCode::CREATED,
    )
    .await;
    let (c, c_token) = app
        .volunteer("13100000035", "兑换丙", "金都社区", json!({}))
        .await;
    give_points(&app, &admin, &c, 10).await;
    problem(
        app.post(&redeem(&shirt), Some(&c_token), &json!({})).await,
        StatusCode::CONFLICT,
        "out_of_stock",
    )
    .await;
    assert_eq!(
        points(&app, &c_token).await["balance"],
        10,
        "a refusal writes nothing"
    );
    let cancel = format!("/api/v1/vouchers/{}/cancel", vb["code"].as_str().unwrap());
    problem(
        app.post(&cancel, Some(&a_token), &json!({})).await,
        StatusCode::FORBIDDEN,
        "foreign_voucher",
    )
    .await;
    let cancelled: Value = json_of(
        app.post(&cancel, Some(&b_token), &json!({})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(cancelled["status"], "cancelled");
    problem(
        app.post(&cancel, Some(&b_token), &json!({})).await,
        StatusCode::CONFLICT,
        "voucher_cancelled",
    )
    .await;
    let p = points(&app, &b_token).await;
    assert_eq!(p["balance"], 10);
    assert_eq!(p["entries"][0]["kind"], "refund");
    let now: Value = json_of(
        app.get(&format!("/api/v1/rewards/{}", shirt["id"]), None)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(now["stock"], 1);

    // An expired voucher can be neither redeemed nor cancelled.
    let vc: Value = json_of(
        app.post(&redeem(&shirt), Some(&c_token), &json!({})).await,
        StatusCode::CREATED,
    )
    .await;
    {
        use youai_db::schema::vouchers;
        let mut conn = app.pool.get().unwrap();
        diesel::update(vouchers::table.filter(vouchers::code.eq(vc["code"].as_str().unwrap())))
            .set(vouchers::expires_at.eq(youai_db::now() - chrono::Duration::hours(1)))
            .execute(&mut *conn)
            .unwrap();
    }
    let vcode = vc["code"].as_str().unwrap();
    let seen: Value = json_of(
        app.get(&format!("/api/v1/vouchers/{vcode}"), Some(&c_token))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(seen["status"], "expired");
    problem(
        app.post(
            &format!("/api/v1/vouchers/{vcode}/redeem"),
            Some(&provider),
            &json!({}),
        )
        .await,
        StatusCode::CONFLICT,
        "voucher_expired",
    )
    .await;
    problem(
        app.post(
            &format!("/api/v1/vouchers/{vcode}/cancel"),
            Some(&c_token),
            &json!({}),
        )
        .await,
        StatusCode::CONFLICT,
        "voucher_expired",
    )
    .await;

    // Restock atomically; withdrawing more than is left is refused.
    let url = format!("/api/v1/rewards/{}", shirt["id"]);
    problem(
        app.patch(&url, Some(&admin), &json!({"stock_delta": -5}))
            .await,
        StatusCode::CONFLICT,
        "out_of_stock",
    )
    .await;
    let r: Value = json_of(
        app.patch(&url, Some(&admin), &json!({"stock_delta": 5}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(r["stock"], 5);
    // Withdrawn courtesies cannot be redeemed and leave the public list.
    let r: Value = json_of(
        app.patch(&url, Some(&admin), &json!({"active": false}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(r["active"], false);
    give_points(&app, &admin, &b, 10).await;
    problem(
        app.post(&redeem(&shirt), Some(&b_token), &json!({})).await,
        StatusCode::CONFLICT,
        "not_available",
    )
    .await;
    let list: Value = json_of(app.get("/api/v1/rewards", None).await, StatusCode::OK).await;
    assert!(
        !list
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == shirt["id"])
    );

    // The stats count the courtesies enjoyed (cancelled vouchers do not count).
    let stats: Value = json_of(app.get("/api/v1/stats", None).await, StatusCode::OK).await;
    assert!(stats["points_redeemed"].as_i64().unwrap() >= 20, "{stats}");
    assert!(
        stats["courtesies_enjoyed"].as_i64().unwrap() >= 2,
        "{stats}"
    );
}

async fn honours_and_the_insurers_list(app: TestApp) {
    let admin = app.login(ADMIN).await;
    let (insurer_id, insurer) = app.new_user("13100000041", "保险公司").await;
    let (v, token) = app
        .volunteer(
            "13100000042",
            "荣誉甲",
            "金都社区",
            json!({"id_number": youai_tests::id_number("19900501", 22)}),
        )
        .await;
    let url = format!("/api/v1/volunteers/{}/honours", v["id"]);
    let body = problem(
        app.post(
            &url,
            Some(&admin),
            &json!({"title": "", "citation": "x", "awarded_on": "2099-01-01"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body["errors"].as_array().unwrap().len(), 2);
    problem(
        app.post(
            &url,
            Some(&token),
            &json!({"title": "自封", "citation": "自己", "awarded_on": "2026-01-01"}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let h: Value = json_of(
        app.post(&url, Some(&app.login(JINGANG_ADMIN).await), &json!({"title": "金港镇优秀志愿者", "citation": "常年坚持社区服务", "awarded_on": "2026-03-05"}))
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(h["title"], "金港镇优秀志愿者");
    let listed: Value = json_of(app.get(&url, None).await, StatusCode::OK).await;
    assert_eq!(listed[0]["citation"], "常年坚持社区服务");

    // Free accident insurance: enrolling is redeeming (0 points); the insurer exports the list.
    let ins = new_reward(
        &app,
        &admin,
        json!({"kind": "insurance", "name": "志愿者意外险", "provider": "保险公司", "provider_user_id": insurer_id, "valid_from": "2026-01-01", "valid_until": "2026-12-31", "voucher_days": 365, "per_person_limit": 1}),
    )
    .await;
    json_of::<Value>(
        app.post(
            &format!("/api/v1/rewards/{}/redemptions", ins["id"]),
            Some(&token),
            &json!({}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let export = format!("/api/v1/rewards/{}/insured", ins["id"]);
    problem(
        app.get(&export, Some(&token)).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let res = app.get(&export, Some(&insurer)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = res.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 2, "{csv}");
    assert!(lines[0].starts_with("\u{feff}志愿者编号,姓名"), "{csv}");
    assert!(lines[1].contains(",荣誉甲,女,1990-05-01,"), "{csv}");
    assert!(
        lines[1].contains(&youai_tests::id_number("19900501", 22)),
        "the insurer needs the full ID number: {csv}"
    );
    assert!(lines[1].ends_with(",2026-01-01,2026-12-31"), "{csv}");
    // The same list as a workbook: every cell text, so ID numbers stay whole.
    let res = app
        .get(&format!("{export}?format=xlsx"), Some(&insurer))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let bytes = res.bytes().await.unwrap();
    let mut book = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut strings = String::new();
    std::io::Read::read_to_string(
        &mut book.by_name("xl/sharedStrings.xml").unwrap(),
        &mut strings,
    )
    .unwrap();
    assert!(strings.contains("荣誉甲"), "{strings}");
    assert!(
        strings.contains(&youai_tests::id_number("19900501", 22)),
        "{strings}"
    );
    problem(
        app.get(&format!("{export}?format=pdf"), Some(&insurer))
            .await,
        StatusCode::BAD_REQUEST,
        "invalid_query",
    )
    .await;
    problem(
        app.get(
            &format!(
                "/api/v1/rewards/{}/insured",
                new_reward(
                    &app,
                    &admin,
                    json!({"kind": "service", "name": "图书馆优先借阅", "provider": "图书馆"})
                )
                .await["id"]
            ),
            Some(&admin),
        )
        .await,
        StatusCode::CONFLICT,
        "not_insurance",
    )
    .await;
    let stats: Value = json_of(app.get("/api/v1/stats", None).await, StatusCode::OK).await;
    let kinds: Vec<&str> = stats["rewarded_by_kind"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"honour") && kinds.contains(&"insurance"),
        "{stats}"
    );
}

async fn points_expire_once_a_year(app: TestApp) {
    let admin = app.login(ADMIN).await;
    let (v, token) = app
        .volunteer("13100000051", "到期甲", "金都社区", json!({}))
        .await;
    give_points(&app, &admin, &v, 100).await;
    // The 100 points were credited last year; 30 were spent since.
    {
        use youai_db::schema::points_entries as pe;
        let mut conn = app.pool.get().unwrap();
        diesel::update(pe::table.filter(pe::volunteer_id.eq(v["id"].as_i64().unwrap())))
            .set(pe::created_at.eq(youai_db::now() - chrono::Duration::days(400)))
            .execute(&mut *conn)
            .unwrap();
    }
    let adjust = format!("/api/v1/volunteers/{}/points/adjustments", v["id"]);
    json_of::<Value>(
        app.post(
            &adjust,
            Some(&admin),
            &json!({"points": -30, "reason": "兑换线下礼品"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    json_of::<Value>(
        app.post(
            &adjust,
            Some(&admin),
            &json!({"points": 20, "reason": "今年的奖励"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let tick = |app: &TestApp| {
        let pool = app.pool.clone();
        tokio::task::spawn_blocking(move || {
            youai_api::jobs::tick(&mut pool.get().unwrap()).unwrap()
        })
    };
    // No expiry configured: nothing lapses.
    assert_eq!(tick(&app).await.unwrap().expired, 0);
    // Expiry on 1 January: due every day of the year, once.
    put_rules(&app, &admin, json!({"star_thresholds_hours": [100, 300, 600, 1000, 1500], "points_per_hour": 10, "cap_per_activity": null, "leader_entry_earns": true, "expire_on": "01-01"})).await;
    assert_eq!(tick(&app).await.unwrap().expired, 1);
    assert_eq!(tick(&app).await.unwrap().expired, 0, "once a year");
    let p = points(&app, &token).await;
    assert_eq!(p["entries"][0]["kind"], "expire");
    assert_eq!(
        p["entries"][0]["points"], -70,
        "last year's 100 less the 30 spent"
    );
    assert_eq!(p["balance"], 20, "this year's points stay");
}

/// Sums every volunteer's ledger and checks it against the balances the API reports, and the
/// courtesy's stock against its live vouchers.
async fn audit(app: &TestApp, people: &[(Value, String)], reward: &Value, initial_stock: i64) {
    use youai_db::schema::{points_entries as pe, vouchers};
    let pool = app.pool.clone();
    let rid = reward["id"].as_i64().unwrap();
    let (sums, live): (Vec<(i64, Option<i64>)>, i64) = tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        let sums: Vec<(i64, Option<i64>)> = pe::table
            .group_by(pe::volunteer_id)
            .select((pe::volunteer_id, diesel::dsl::sum(pe::points)))
            .load(&mut *conn)
            .unwrap();
        let live: i64 = vouchers::table
            .filter(vouchers::reward_id.eq(rid))
            .filter(vouchers::status.ne("cancelled"))
            .count()
            .get_result(&mut *conn)
            .unwrap();
        (sums, live)
    })
    .await
    .unwrap();
    for (v, token) in people {
        let api = points(app, token).await;
        let ledger = sums
            .iter()
            .find(|(id, _)| Some(*id) == v["id"].as_i64())
            .and_then(|(_, s)| *s)
            .unwrap_or(0);
        assert_eq!(
            api["balance"].as_i64(),
            Some(ledger),
            "balance = sum of entries"
        );
        assert!(ledger >= 0, "never negative");
    }
    let now: Value = json_of(
        app.get(&format!("/api/v1/rewards/{rid}"), None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        now["stock"].as_i64(),
        Some(initial_stock - live),
        "stock = initial − live vouchers"
    );
}

async fn a_hundred_volunteers_race_for_ten_items(app: TestApp) {
    let admin = app.login(ADMIN).await;
    let item = new_reward(
        &app,
        &admin,
        json!({"kind": "goods", "name": "限量保温杯", "provider": "总队", "cost_points": 50, "per_person_limit": 1, "stock": 10}),
    )
    .await;
    // A hundred volunteers (set up 20 at a time: argon2 in a debug build is slow)…
    let mut people = Vec::new();
    for batch in 0..5 {
        people.extend(
            join_all((batch * 20..batch * 20 + 20).map(|i| {
                let app = &app;
                async move {
                    app.volunteer(
                        &format!("1330000{i:04}"),
                        &format!("抢兑{i}"),
                        "金都社区",
                        json!({}),
                    )
                    .await
                }
            }))
            .await,
        );
    }
    join_all(people.iter().map(|(v, _)| give_points(&app, &admin, v, 80))).await;
    // …redeem at the same moment.
    let url = format!("/api/v1/rewards/{}/redemptions", item["id"]);
    let answers = join_all(people.iter().map(|(_, t)| {
        let (app, url) = (&app, url.clone());
        async move {
            let res = app.post(&url, Some(t), &json!({})).await;
            let status = res.status();
            let body: Value = res.json().await.unwrap();
            (status, body)
        }
    }))
    .await;
    let won = answers
        .iter()
        .filter(|(s, _)| *s == StatusCode::CREATED)
        .count();
    let refused: Vec<&Value> = answers
        .iter()
        .filter(|(s, _)| *s != StatusCode::CREATED)
        .map(|(s, b)| {
            assert_eq!(*s, StatusCode::CONFLICT, "{b}");
            b
        })
        .collect();
    assert_eq!(won, 10);
    assert_eq!(refused.len(), 90);
    assert!(refused.iter().all(|b| b["code"] == "out_of_stock"));
    let now: Value = json_of(
        app.get(&format!("/api/v1/rewards/{}", item["id"]), None)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(now["stock"], 0);
    let spent = {
        let mut n = 0;
        for (_, t) in &people {
            if points(&app, t).await["balance"] == 30 {
                n += 1;
            }
        }
        n
    };
    assert_eq!(spent, 10, "exactly the ten winners paid");
    audit(&app, &people, &item, 10).await;
}

async fn one_volunteer_races_against_their_balance(app: TestApp) {
    let admin = app.login(ADMIN).await;
    let item = new_reward(
        &app,
        &admin,
        json!({"kind": "service", "name": "景区门票", "provider": "景区", "cost_points": 40, "stock": 100}),
    )
    .await;
    let (v, token) = app
        .volunteer("13100000061", "连点甲", "金都社区", json!({}))
        .await;
    give_points(&app, &admin, &v, 120).await;
    let url = format!("/api/v1/rewards/{}/redemptions", item["id"]);
    let answers = join_all((0..10).map(|_| {
        let (app, url, token) = (&app, url.clone(), token.clone());
        async move {
            let res = app.post(&url, Some(&token), &json!({})).await;
            let status = res.status();
            let body: Value = res.json().await.unwrap();
            (status, body)
        }
    }))
    .await;
    let won = answers
        .iter()
        .filter(|(s, _)| *s == StatusCode::CREATED)
        .count();
    assert_eq!(won, 3, "points for exactly three");
    for (s, b) in answers.iter().filter(|(s, _)| *s != StatusCode::CREATED) {
        assert_eq!(
            (*s, b["code"].as_str()),
            (StatusCode::CONFLICT, Some("insufficient_points")),
            "{b}"
        );
    }
    assert_eq!(points(&app, &token).await["balance"], 0);
    audit(&app, &[(v, token)], &item, 100).await;
}

/// `PATCH /rewards/{id}` changes the qualification (star, recent hours, age) and the voucher
/// days; 0 lifts a requirement; a bad value is refused beside its field; redemption follows.
async fn a_courtesys_qualification_is_edited_and_lifted(app: TestApp) {
    let admin = app.login(ADMIN).await;
    let ticket = new_reward(
        &app,
        &admin,
        json!({"kind": "service", "name": "博物馆门票", "provider": "市博物馆", "cost_points": 5}),
    )
    .await;
    let path = format!("/api/v1/rewards/{}", ticket["id"]);
    assert_eq!(ticket["min_star"], Value::Null);
    let edited: Value = json_of(
        app.patch(
            &path,
            Some(&admin),
            &json!({"min_star": 2, "min_recent_hours": 10, "min_age": 18, "voucher_days": 7, "description": "凭券入馆"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (
            &edited["min_star"],
            &edited["min_recent_hours"],
            &edited["min_age"],
            &edited["voucher_days"],
            &edited["description"]
        ),
        (
            &json!(2),
            &json!(10),
            &json!(18),
            &json!(7),
            &json!("凭券入馆")
        )
    );
    // What is not sent stays.
    let renamed: Value = json_of(
        app.patch(&path, Some(&admin), &json!({"name": "博物馆年票"}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (&renamed["name"], &renamed["min_star"]),
        (&json!("博物馆年票"), &json!(2))
    );

    // A volunteer with no star is refused by the star rule.
    let (v, token) = app
        .volunteer("13100000091", "资格甲", "金都社区", json!({}))
        .await;
    give_points(&app, &admin, &v, 20).await;
    let redeem = format!("/api/v1/rewards/{}/redemptions", ticket["id"]);
    let refused = problem(
        app.post(&redeem, Some(&token), &json!({})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(refused["errors"][0]["code"], "star_too_low", "{refused}");

    // Out of range: beside its field, and nothing changes.
    let bad = problem(
        app.patch(
            &path,
            Some(&admin),
            &json!({"min_star": 6, "voucher_days": 0}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let fields: Vec<&str> = bad["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["min_star", "voucher_days"]);
    let kept: Value = json_of(app.get(&path, None).await, StatusCode::OK).await;
    assert_eq!(
        (&kept["min_star"], &kept["voucher_days"]),
        (&json!(2), &json!(7))
    );

    // 0 lifts each requirement; then the volunteer redeems it, the voucher valid 7 days.
    let lifted: Value = json_of(
        app.patch(
            &path,
            Some(&admin),
            &json!({"min_star": 0, "min_recent_hours": 0, "min_age": 0}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (
            &lifted["min_star"],
            &lifted["min_recent_hours"],
            &lifted["min_age"]
        ),
        (&Value::Null, &Value::Null, &Value::Null)
    );
    let voucher: Value = json_of(
        app.post(&redeem, Some(&token), &json!({})).await,
        StatusCode::CREATED,
    )
    .await;
    let issued =
        chrono::DateTime::parse_from_rfc3339(voucher["created_at"].as_str().unwrap()).unwrap();
    let expires =
        chrono::DateTime::parse_from_rfc3339(voucher["expires_at"].as_str().unwrap()).unwrap();
    let days = (expires - issued).num_days();
    assert!((6..=8).contains(&days), "{voucher}");

    // Only the platform's admin edits.
    problem(
        app.patch(
            &path,
            Some(&app.login(JINGANG_ADMIN).await),
            &json!({"min_star": 1}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
}

/// `POST /volunteers/{id}/certificates`: the volunteer's certificate as of today, with the code
/// its public page is opened by; the same totals the same day give the same code; only the
/// volunteer and staff in scope may issue it.
async fn a_volunteer_issues_a_shareable_certificate(app: TestApp) {
    let w = world(&app, 5).await;
    let (v, token) = app
        .volunteer("13100000092", "证明乙", "金都社区", json!({}))
        .await;
    verified(&app, &w.leader, &w.activity, &v, 0.75).await;
    let path = format!("/api/v1/volunteers/{}/certificates", v["id"]);
    let res = app.post(&path, Some(&token), &json!({})).await;
    let location = res
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .map(ToOwned::to_owned);
    let issued: Value = json_of(res, StatusCode::CREATED).await;
    let code = issued["code"].as_str().unwrap();
    assert_eq!(
        location.as_deref(),
        Some(format!("/api/v1/certificates/{code}").as_str())
    );
    assert_eq!(
        (
            &issued["total_hours"],
            &issued["records"],
            &issued["volunteer_name"],
            &issued["current"]
        ),
        (&json!(0.75), &json!(1), &json!("证*乙"), &json!(true))
    );
    // The public page's check answers the same, signed out.
    let public: Value = json_of(
        app.get(&format!("/api/v1/certificates/{code}"), None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(public, issued);
    // Again today, the same totals: the same code.
    let again: Value = json_of(
        app.post(&path, Some(&token), &json!({})).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(again["code"], issued["code"]);
    // Not someone else's; not signed out.
    let (_, stranger) = app
        .volunteer("13100000093", "路人丙", "金都社区", json!({}))
        .await;
    problem(
        app.post(&path, Some(&stranger), &json!({})).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_eq!(
        app.post(&path, None, &json!({})).await.status(),
        StatusCode::UNAUTHORIZED
    );
    problem(
        app.post(
            "/api/v1/volunteers/999999/certificates",
            Some(&app.login(ADMIN).await),
            &json!({}),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}

/// A new star ladder re-rates volunteers when it is saved, not at their next record: a lower
/// threshold raises a star at once, a higher one lowers it; each change is in the history
/// with no record as its cause; points are untouched.
async fn a_new_star_ladder_rerates_volunteers_at_once(app: TestApp) {
    let admin = app.login(ADMIN).await;
    let w = world(&app, 5).await;
    let (v, token) = app
        .volunteer("13100000094", "星级丙", "金都社区", json!({}))
        .await;
    verified(&app, &w.leader, &w.activity, &v, 1.0).await;
    let before = star(&app, &token, &v).await;
    assert_eq!(before["level"], 0, "{before}");
    let balance = points(&app, &token).await["balance"].clone();

    put_rules(
        &app,
        &admin,
        json!({"star_thresholds_hours": [1, 2, 3, 4, 5], "points_per_hour": 10, "cap_per_activity": null, "leader_entry_earns": true, "expire_on": null}),
    )
    .await;
    let raised = star(&app, &token, &v).await;
    assert_eq!(
        (
            &raised["level"],
            &raised["next_level"],
            &raised["hours_to_next"]
        ),
        (&json!(1), &json!(2), &json!(1.0)),
        "{raised}"
    );
    let last = raised["history"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(
        (&last["from_level"], &last["to_level"], &last["record_id"]),
        (&json!(0), &json!(1), &Value::Null)
    );
    assert_eq!(points(&app, &token).await["balance"], balance);

    // The same ladder again changes nothing; a higher one lowers the star.
    put_rules(
        &app,
        &admin,
        json!({"star_thresholds_hours": [1, 2, 3, 4, 5], "points_per_hour": 20, "cap_per_activity": null, "leader_entry_earns": true, "expire_on": null}),
    )
    .await;
    assert_eq!(
        star(&app, &token, &v).await["history"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    put_rules(
        &app,
        &admin,
        json!({"star_thresholds_hours": [100, 300, 600, 1000, 1500], "points_per_hour": 10, "cap_per_activity": null, "leader_entry_earns": true, "expire_on": null}),
    )
    .await;
    let lowered = star(&app, &token, &v).await;
    assert_eq!(lowered["level"], 0, "{lowered}");
    assert_eq!(lowered["history"].as_array().unwrap().len(), 2);
}
