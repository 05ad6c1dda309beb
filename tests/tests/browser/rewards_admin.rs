//! 礼遇 from the console and the volunteer's side: the platform's admin changes the reward
//! rules and a volunteer's star moves; edits a courtesy and downloads an insurer's list; staff
//! award an honour and adjust points that the volunteer then sees; the catalogue says who
//! qualifies before 兑换; a certificate opens at its shareable address, signed out.

use serde_json::{Value, json};
use youai_tests::browser::Browser;
use youai_tests::reqwest::StatusCode;
use youai_tests::{ADMIN, json_of};

use crate::fixtures::{account, in_minutes, verified_record, world, world_with};

/// What an input holds now (its `value` property, which `bind:value` sets).
async fn value_of(b: &Browser, css: &str) -> String {
    let input = b.find(css).await;
    match input.prop("value").await {
        Ok(v) => v.unwrap_or_default(),
        Err(e) => {
            b.fail(&format!("cannot read the value of `{css}`: {e}"))
                .await
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_lowers_a_threshold_and_the_volunteers_star_rises() {
    let Some(b) = Browser::start(1280).await else {
        return;
    };
    // Three hours long, so two hours can be entered.
    let w = world_with(
        &b.app,
        "13600000511",
        "规则调整活动",
        20,
        5,
        json!({"end_at": in_minutes(20 + 180)}),
    )
    .await;
    let (v, _) = b
        .app
        .volunteer("13600000512", "星级丁", "金都社区", json!({}))
        .await;
    verified_record(&b.app, &w.leader, &v["id"], &w.activity, 2.0).await;

    // Under the default ladder (★1 at 100 h) two hours earn no star.
    b.sign_in_as(account("13600000512"), "/me").await;
    b.text_until(".my-star .star-value", "no star yet", |t| {
        t.contains("尚未评星")
    })
    .await;

    // The admin's console: the rules as they stand, then a ladder that does not rise.
    b.switch_to(ADMIN, "/console").await;
    b.click(".console-parts a[href='/console/reward-rules']")
        .await;
    let first = value_of(&b, "#rules-star-1").await;
    assert_eq!(first, "100");
    for (level, hours) in [(1, "5"), (2, "3"), (3, "6"), (4, "8"), (5, "10")] {
        let field = format!("#rules-star-{level}");
        b.clear(&field).await;
        b.type_into(&field, hours).await;
    }
    b.submit(".reward-rules-form").await;
    b.text_until("#rules-ladder-error", "the ladder's error beside it", |t| {
        t.contains("递增")
    })
    .await;
    let unchanged: Value = json_of(
        b.app.get("/api/v1/reward-rules", None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(unchanged["star_thresholds_hours"][0], 100);

    // A rising ladder: ★1 at 1 h, ★2 at 2 h.
    for (level, hours) in [(1, "1"), (2, "2")] {
        let field = format!("#rules-star-{level}");
        b.clear(&field).await;
        b.type_into(&field, hours).await;
    }
    b.clear("#rules-per-hour").await;
    b.type_into("#rules-per-hour", "12").await;
    b.submit(".reward-rules-form").await;
    b.text_until(".rules-saved", "saved", |t| t.contains("已保存"))
        .await;
    b.assert_absent("#rules-ladder-error", "the ladder's error stayed")
        .await;
    let rules: Value = json_of(
        b.app.get("/api/v1/reward-rules", None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(rules["star_thresholds_hours"], json!([1, 2, 6, 8, 10]));
    assert_eq!(rules["points_per_hour"], 12);

    // The volunteer's centre now shows ★2.
    b.switch_to(account("13600000512"), "/me").await;
    b.text_until(".my-star .star-value", "two stars", |t| t.starts_with('2'))
        .await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_edits_a_courtesy_and_the_catalogue_says_who_qualifies() {
    let Some(b) = Browser::start(1280).await else {
        return;
    };
    let admin = b.app.login(ADMIN).await;
    let park: Value = json_of(
        b.app
            .post(
                "/api/v1/rewards",
                Some(&admin),
                &json!({"kind": "service", "name": "公园年卡", "provider": "港城公园", "cost_points": 30}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    let (insurer_id, _) = b.app.new_user("13600000529", "港城保险").await;
    let insurance: Value = json_of(
        b.app
            .post(
                "/api/v1/rewards",
                Some(&admin),
                &json!({"kind": "insurance", "name": "志愿者意外险", "provider": "港城保险", "cost_points": 0, "provider_user_id": insurer_id,
                    "valid_from": "2026-01-01", "valid_until": "2026-12-31", "per_person_limit": 1}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    let (v, v_token) = b
        .app
        .volunteer(
            "13600000521",
            "礼遇戊",
            "金都社区",
            json!({"id_number": youai_tests::id_number("19900501", 22)}),
        )
        .await;
    let enrolled = b
        .app
        .post(
            &format!("/api/v1/rewards/{}/redemptions", insurance["id"]),
            Some(&v_token),
            &json!({}),
        )
        .await;
    assert_eq!(enrolled.status(), StatusCode::CREATED);

    // The console's catalogue links to the edit page.
    b.open_console_part(ADMIN, "rewards").await;
    let row = format!("#reward-row-{}", park["id"]);
    b.click(&format!("{row} .edit-reward")).await;
    b.text_until("#edit-reward-heading", "the courtesy", |t| {
        t.contains("公园年卡")
    })
    .await;
    // A bad value: its error beside its field, nothing saved.
    b.clear("#edit-days").await;
    b.type_into("#edit-days", "0").await;
    b.submit(".edit-reward-form").await;
    b.text_until("#edit-days-error", "the voucher days' error", |t| {
        t.contains("3660")
    })
    .await;
    // Renamed, described, and for ★1 and up.
    b.clear("#edit-days").await;
    b.type_into("#edit-days", "60").await;
    b.clear("#edit-name").await;
    b.type_into("#edit-name", "公园年卡（新版）").await;
    b.type_into("#edit-description", "凭券到公园东门领取").await;
    b.select("#edit-star", "1").await;
    b.submit(".edit-reward-form").await;
    b.text_until(".reward-saved", "saved", |t| t.contains("公园年卡（新版）"))
        .await;
    let saved: Value = json_of(
        b.app
            .get(&format!("/api/v1/rewards/{}", park["id"]), None)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (
            &saved["name"],
            &saved["min_star"],
            &saved["voucher_days"],
            &saved["description"]
        ),
        (
            &json!("公园年卡（新版）"),
            &json!(1),
            &json!(60),
            &json!("凭券到公园东门领取")
        )
    );

    // The insurance courtesy's list: as CSV for the admin, on its edit page…
    b.open(&format!("/console/rewards/{}", insurance["id"]))
        .await;
    b.click(".insured-csv").await;
    let csv = b
        .downloaded(&format!("insured-{}.csv", insurance["id"]))
        .await;
    let csv = String::from_utf8_lossy(&csv);
    assert!(csv.contains("身份证号") && csv.contains("礼遇戊"), "{csv}");
    // …and as an Excel workbook for the insurer, on its voucher desk.
    b.switch_to(account("13600000529"), "/console/vouchers")
        .await;
    b.text_until(".my-insured", "the insurer's courtesy", |t| {
        t.contains("志愿者意外险")
    })
    .await;
    b.click(".my-insured .insured-xlsx").await;
    let xlsx = b
        .downloaded(&format!("insured-{}.xlsx", insurance["id"]))
        .await;
    assert!(xlsx.starts_with(b"PK"), "not a workbook");

    // The volunteer's catalogue: no star and no points, so 兑换 is disabled with the reason.
    b.switch_to(account("13600000521"), "/rewards").await;
    let card = format!("#reward-card-{}", park["id"]);
    let hint = b
        .text_until(&format!("{card} .qualify-no"), "why not", |t| {
            t.contains("需要 ★") && t.contains("尚未评星")
        })
        .await;
    assert!(!hint.is_empty());
    let button = b.find(&format!("{card} .redeem")).await;
    assert!(!button.is_enabled().await.unwrap(), "兑换 is enabled");
    let described = b.attr(&format!("{card} .redeem"), "aria-describedby").await;
    assert_eq!(described, Some(format!("reward-why-{}", park["id"])));
    assert!(v["id"].is_i64());
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_award_an_honour_and_adjust_points_that_the_volunteer_sees() {
    let Some(b) = Browser::start(1280).await else {
        return;
    };
    let admin = b.app.login(ADMIN).await;
    let tea: Value = json_of(
        b.app
            .post(
                "/api/v1/rewards",
                Some(&admin),
                &json!({"kind": "goods", "name": "志愿者茶杯", "provider": "市志愿服务总队", "cost_points": 40, "stock": 5}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    b.app
        .volunteer("13600000531", "荣誉己", "金都社区", json!({}))
        .await;

    // Before: the catalogue says how many points are missing.
    b.sign_in_as(account("13600000531"), "/rewards").await;
    let card = format!("#reward-card-{}", tea["id"]);
    b.text_until(&format!("{card} .qualify-no"), "points missing", |t| {
        t.contains("所需积分 40") && t.contains("0 积分")
    })
    .await;

    // The admin finds the volunteer and awards an honour.
    b.switch_to(ADMIN, "/console").await;
    b.click(".console-parts a[href='/console/volunteers']")
        .await;
    b.type_into("#desk-q", "荣誉己").await;
    b.submit(".volunteer-search").await;
    b.click(".found-volunteer .choose").await;
    b.text_until("#chosen-heading", "the volunteer chosen", |t| {
        t.contains("荣誉己")
    })
    .await;
    b.type_into("#honour-title", "港城优秀志愿者").await;
    b.type_into("#honour-citation", "常年坚持社区服务").await;
    b.submit(".honour-form").await;
    b.text_until(".honour-awarded", "awarded", |t| {
        t.contains("港城优秀志愿者")
    })
    .await;
    b.text_until(".chosen-honours", "the honour listed", |t| {
        t.contains("港城优秀志愿者")
    })
    .await;
    // Points without a reason: the error beside the reason; then with one.
    b.type_into("#adjust-points", "50").await;
    b.submit(".adjust-form").await;
    b.text_until("#adjust-reason-error", "the reason's error", |t| {
        t.contains("理由")
    })
    .await;
    b.type_into("#adjust-reason", "社区表彰奖励").await;
    b.submit(".adjust-form").await;
    b.text_until(".points-adjusted", "adjusted", |t| t.contains("+50"))
        .await;
    b.text_until(".chosen-balance", "the new balance", |t| t == "50")
        .await;

    // The volunteer sees the honour, the points with the reason, and now qualifies.
    b.switch_to(account("13600000531"), "/me").await;
    b.text_until(".my-honours", "the honour", |t| {
        t.contains("港城优秀志愿者") && t.contains("常年坚持社区服务")
    })
    .await;
    b.text_until(".points-balance-value", "fifty points", |t| t == "50")
        .await;
    b.text_until(".ledger", "the reason", |t| {
        t.contains("社区表彰奖励") && t.contains("+50")
    })
    .await;
    b.open("/rewards").await;
    b.text_until(&format!("{card} .qualify-yes"), "qualifies", |t| {
        t.contains("符合")
    })
    .await;
    let button = b.find(&format!("{card} .redeem")).await;
    assert!(button.is_enabled().await.unwrap(), "兑换 is disabled");
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_certificate_opens_at_its_shareable_address_signed_out() {
    let Some(b) = Browser::start(375).await else {
        return;
    };
    let w = world(&b.app, "13600000541", "证明分享活动", 20, 5).await;
    let (v, _) = b
        .app
        .volunteer("13600000542", "分享庚", "金都社区", json!({}))
        .await;
    verified_record(&b.app, &w.leader, &v["id"], &w.activity, 0.75).await;

    b.sign_in_as(account("13600000542"), "/me").await;
    b.click(".certificate-link .make-link").await;
    let address = value_of(&b, "#certificate-share-address").await;
    assert!(address.contains("/certificates/"), "{address}");
    let path = address
        .find("/certificates/")
        .map(|at| address[at..].to_owned())
        .unwrap();

    // Another person, signed out, opens the address.
    b.sign_out().await;
    b.client.delete_all_cookies().await.unwrap();
    b.open(&path).await;
    b.text_until(
        ".certificate-statement",
        "the masked name and the hours",
        |t| t.contains("分*庚") && t.contains("0.75"),
    )
    .await;
    b.text_until(".certificate-status", "current", |t| t.contains("一致"))
        .await;
    b.assert_absent(".account-name", "someone is signed in")
        .await;
    let code = path.trim_start_matches("/certificates/");
    let verify = b.attr(".certificate-code", "href").await;
    assert_eq!(verify, Some(format!("/verify/{code}")));
    b.close().await;
}
