//! The README's screenshots (not part of the suite).

use serde_json::{Value, json};
use youai_tests::browser::Browser;
use youai_tests::reqwest::StatusCode;
use youai_tests::{ADMIN, json_of};

use crate::fixtures::{
    account, check_in_token, kiosk_account, sign_up, signed_up_volunteer, verified_record, world,
};

/// The README's screenshots, against the whole demo (city, corps, history, courtesies): the
/// home page, a volunteer's centre and a venue kiosk that has just checked someone in, each at
/// 375 px and 1280 px. Not part of the suite: run it with
/// `YOUAI_SPA_DIR=$PWD/frontend/dist cargo test -p youai-tests --test browser -- --ignored readme_screenshots`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "writes docs/screenshots; run by hand"]
async fn readme_screenshots() {
    let Some(b) = Browser::start(1280).await else {
        return;
    };
    let pool = b.app.pool.clone();
    tokio::task::spawn_blocking(move || {
        let key = youai_api::crypto::DataKey::from_hex(youai_tests::TEST_DATA_KEY).unwrap();
        let mut conn = pool.get().unwrap();
        // As of today, so that the pages show the coming weeks' activities.
        let today = youai_demo::city_today();
        youai_demo::corps::load_corps(&mut conn, &key, today).unwrap();
        youai_demo::activities::load_activities(&mut conn, today).unwrap();
        youai_demo::rewards::load_rewards(&mut conn, today).unwrap();
    })
    .await
    .unwrap();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/screenshots");
    let shoot = |name: &'static str, height: u32, scroll_to: Option<&'static str>| {
        let dir = dir.clone();
        let b = &b;
        async move {
            for width in [375, 1280] {
                let path = dir.join(format!("{name}-{width}.png"));
                b.screenshot_at(width, height, scroll_to, &path).await;
            }
        }
    };

    b.open("/").await;
    b.find(".stat-value").await;
    shoot("home", 900, None).await;
    // The city month by month, further down the home page.
    b.find("#chart-rewarded-monthly svg rect").await;
    shoot("trends", 900, Some("#trends-heading")).await;
    // A visitor's way in.
    b.open("/register").await;
    b.find("#register-phone").await;
    shoot("register", 900, None).await;

    // The kiosk of a 金都社区 venue, with an activity today and a volunteer just checked in.
    let w = world(&b.app, "19900000001", "社区敬老助餐", 20, 10).await;
    let (_, v_token, _) = signed_up_volunteer(&b.app, &w.activity, "19900000002", "王思琪").await;
    kiosk_account(&b.app, "19900000009", &w.venue).await;

    // A demo volunteer (李晓雯, of 金都社区志愿服务队), signed up for today's activity, with
    // verified hours, points and an honour.
    let li_login = ("13800000004", "youai-demo-2026");
    let li = b.app.login(li_login).await;
    let me: Value = json_of(b.app.get("/api/v1/me", Some(&li)).await, StatusCode::OK).await;
    let li_id = me["volunteer_id"].clone();
    sign_up(&b.app, &w.activity, &li).await;
    verified_record(&b.app, &w.leader, &li_id, &w.activity, 1.0).await;
    let admin = b.app.login(ADMIN).await;
    let honour = b
        .app
        .post(
            &format!("/api/v1/volunteers/{li_id}/honours"),
            Some(&admin),
            &json!({"title": "金港镇优秀志愿者", "citation": "常年参与社区助老服务", "awarded_on": "2026-03-05"}),
        )
        .await;
    assert_eq!(honour.status(), StatusCode::CREATED);
    b.sign_in_as(li_login, "/me").await;
    b.find(".my-star .star-value").await;
    b.find(".points-balance-value").await;
    b.find(".honour-list").await;
    shoot("me", 1100, Some("#sign-ups-heading")).await;

    // The reports: hours by town and month.
    b.switch_to(ADMIN, "/console/reports").await;
    b.find("#chart-town-months svg rect").await;
    shoot("reports", 900, Some("#chart-town-months")).await;
    // The console's parts, in English.
    b.open("/console").await;
    b.click(".lang-switch button:last-child").await;
    b.text_until("main h1", "the console in English", |t| {
        t.is_ascii() && !t.is_empty()
    })
    .await;
    shoot("console-en", 900, None).await;
    b.click(".lang-switch button:first-child").await;
    b.text_until("main h1", "the console in Chinese", |t| !t.is_ascii())
        .await;
    b.sign_out().await;

    b.open(&format!("/kiosk/{}", w.venue["id"])).await;
    b.sign_in_kiosk(account("19900000009")).await;
    b.scan("#kiosk-token", &check_in_token(&b.app, &v_token).await)
        .await;
    b.text_until(".kiosk-ok", "the check-in", |t| t.contains("签到成功"))
        .await;
    b.text_until("#kiosk-today + .kiosk-list", "today's activity", |t| {
        t.contains("社区敬老助餐")
    })
    .await;
    shoot("kiosk", 900, None).await;
    b.close().await;
}
