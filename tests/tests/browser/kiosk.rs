//! Checking in by code: a venue's kiosk (its board, a check-in, a check-out with the hours, the
//! refusals in words) and a leader's scanner page with a typed code.

use youai_tests::browser::Browser;
use youai_tests::serde_json::json;

use crate::fixtures::{
    account, check_in_token, kiosk_account, short_code, sign_ups, signed_up_volunteer, world,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kiosk_lists_the_venue_activity_and_checks_a_volunteer_in() {
    let Some(b) = Browser::start(1280).await else {
        return;
    };
    // Starting in 20 minutes: check-in is open.
    let w = world(&b.app, "13600000071", "科普小课堂", 20, 5).await;
    let (_, v_token, s) = signed_up_volunteer(&b.app, &w.activity, "13600000072", "扫码丙").await;
    assert_eq!(s["status"], "accepted");
    kiosk_account(&b.app, "13600000079", &w.venue).await;

    // Anyone sees the board, full screen without the site's header.
    b.open(&format!("/kiosk/{}", w.venue["id"])).await;
    b.text_until(".kiosk-head h1", "the venue's name", |t| {
        t == w.venue["name"].as_str().unwrap()
    })
    .await;
    b.text_until("#kiosk-today + .kiosk-list", "today's activity", |t| {
        t.contains("科普小课堂")
    })
    .await;
    b.assert_absent(".site-header", "the kiosk shows the site's header")
        .await;

    // The kiosk account signs in once; a scanned code (typed, then Enter) checks the volunteer in.
    b.sign_in_kiosk(account("13600000079")).await;
    // Nothing a passer-by can use to sign the kiosk out.
    b.find(".kiosk-signed-in").await;
    b.assert_absent(".kiosk-signed-in button", "a sign-out button on the kiosk")
        .await;
    // On a portrait kiosk screen (1080×1920) the type is large.
    b.cdp(
        "Emulation.setDeviceMetricsOverride",
        json!({"width": 1080, "height": 1920, "deviceScaleFactor": 1, "mobile": false}),
    )
    .await;
    let size = b
        .client
        .execute(
            "return parseFloat(getComputedStyle(document.querySelector('#kiosk-token')).fontSize);",
            Vec::new(),
        )
        .await
        .unwrap();
    assert!(
        size.as_f64().unwrap_or_default() >= 28.0,
        "font size {size}"
    );
    let token = check_in_token(&b.app, &v_token).await;
    b.scan("#kiosk-token", &token).await;
    b.text_until(".kiosk-result", "the check-in", |t| {
        t.contains("扫码丙") && t.contains("签到成功") && t.contains("科普小课堂")
    })
    .await;
    // The same code again: refused, in words.
    b.scan("#kiosk-token", &token).await;
    b.text_until(".kiosk-error", "token_used in words", |t| {
        t.contains("已使用")
    })
    .await;
    let list = sign_ups(&b.app, &w.activity, &w.leader).await;
    assert_eq!(list["items"][0]["status"], "checked_in");
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kiosk_checks_in_then_out_by_venue_scans() {
    let Some(b) = Browser::start(1280).await else {
        return;
    };
    let w = world(&b.app, "13600000091", "垃圾分类宣传", 20, 5).await;
    let (v, v_token, s) = signed_up_volunteer(&b.app, &w.activity, "13600000092", "扫码丁").await;
    assert_eq!(s["status"], "accepted");
    kiosk_account(&b.app, "13600000099", &w.venue).await;

    b.open(&format!("/kiosk/{}", w.venue["id"])).await;
    b.text_until("#kiosk-today + .kiosk-list", "today's activity", |t| {
        t.contains("垃圾分类宣传")
    })
    .await;
    b.sign_in_kiosk(account("13600000099")).await;
    // The first scan checks in…
    let token = check_in_token(&b.app, &v_token).await;
    b.scan("#kiosk-token", &token).await;
    b.text_until(".kiosk-ok", "the check-in", |t| {
        t.contains("扫码丁") && t.contains("签到成功") && t.contains("垃圾分类宣传")
    })
    .await;
    // …a scan in another window checks out, with the hours served (none yet: it starts later).
    let next = youai_tests::world::another_check_in_token(
        &b.app,
        &v_token,
        v["id"].as_i64().unwrap(),
        &token,
    )
    .await;
    b.scan("#kiosk-token", &next).await;
    b.text_until(".kiosk-ok", "the check-out with its hours", |t| {
        t.contains("扫码丁") && t.contains("签退成功") && t.contains("本次服务 0 小时")
    })
    .await;
    // Someone with no sign-up here: refused in words.
    let (_, stranger) = b
        .app
        .volunteer("13600000093", "路人戊", "金都社区", json!({}))
        .await;
    b.scan("#kiosk-token", &check_in_token(&b.app, &stranger).await)
        .await;
    b.text_until(".kiosk-error", "no_sign_up_here in words", |t| {
        t.contains("没有找到该志愿者")
    })
    .await;
    let list = sign_ups(&b.app, &w.activity, &w.leader).await;
    assert_eq!(list["items"][0]["status"], "checked_out");
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scanner_checks_volunteers_in_by_a_typed_code_and_six_digits() {
    let Some(b) = Browser::start(375).await else {
        return;
    };
    // Starting in 20 minutes: check-in is open.
    let w = world(&b.app, "13600000131", "社区义诊", 20, 5).await;
    let (_, v_token, s) = signed_up_volunteer(&b.app, &w.activity, "13600000132", "扫码丁").await;
    assert_eq!(s["status"], "accepted");

    b.open_console_part(account("13600000131"), "scan").await;
    // Headless Chromium has no camera: the typed code is the way in, and always offered.
    b.select("#scan-activity", &w.activity["id"].to_string())
        .await;
    b.find("#scan-in").await;
    let token = check_in_token(&b.app, &v_token).await;
    b.scan("#scan-token", &token).await;
    b.text_until(".scan-result", "the check-in", |t| {
        t.contains("签到成功") && t.contains("扫码丁")
    })
    .await;
    let list = sign_ups(&b.app, &w.activity, &w.leader).await;
    assert_eq!(list["items"][0]["status"], "checked_in");
    // The same code again: refused, in words.
    b.scan("#scan-token", &token).await;
    b.text_until(".scan-error", "token_used in words", |t| {
        t.contains("已使用")
    })
    .await;

    // Another volunteer reads out the six digits under her QR code; the leader types them.
    let (_, other, _) = signed_up_volunteer(&b.app, &w.activity, "13600000133", "读数字").await;
    let digits = short_code(&b.app, &other).await;
    let (head, tail) = digits.split_at(3);
    b.scan("#scan-token", &format!("{head} {tail}")).await;
    b.text_until(".scan-result", "the check-in by digits", |t| {
        t.contains("签到成功") && t.contains("读数字")
    })
    .await;
    // Six digits that are nobody's here: said in words.
    let wrong = if digits == "000000" {
        "000001"
    } else {
        "000000"
    };
    b.scan("#scan-token", wrong).await;
    b.text_until(".scan-error", "unknown_code in words", |t| {
        t.contains("6 位数字")
    })
    .await;

    // Her screen shows the digits, never the raw token.
    b.switch_to(account("13600000133"), "/me").await;
    let shown = b
        .text_until(".qr-short-code strong", "the six digits", |t| {
            t.len() == 7 && t.chars().filter(char::is_ascii_digit).count() == 6
        })
        .await;
    assert!(!shown.contains("v1."), "{shown}");
    let page = b
        .text_until("main", "the volunteer centre", |t| !t.is_empty())
        .await;
    assert!(!page.contains("v1."), "no raw token on screen");
    b.close().await;
}
