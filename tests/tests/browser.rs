//! The SPA's first page in a real headless Chromium: the live figures, the login form (with
//! its errors), client-side routes and the language switch.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use serde_json::Value;
use youai_tests::browser::Browser;
use youai_tests::{ADMIN, json_of};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn home_shows_the_live_figures() {
    let Some(b) = Browser::start("home_shows_the_live_figures", 1280).await else {
        return;
    };
    let stats: Value = json_of(
        b.app.get("/api/v1/stats", None).await,
        reqwest::StatusCode::OK,
    )
    .await;
    b.open("/").await;
    let title = b.client.title().await.unwrap();
    assert!(title.contains("友爱"), "title {title}");
    b.find(".stat-value").await;
    let values = b
        .client
        .find_all(fantoccini::Locator::Css(".stat-value"))
        .await
        .unwrap();
    let mut shown = Vec::new();
    for v in values {
        shown.push(v.text().await.unwrap().replace([',', ' '], ""));
    }
    for key in ["areas", "venues", "users"] {
        let want = stats[key].as_i64().unwrap().to_string();
        if !shown.contains(&want) {
            b.fail(&format!(
                "{key} = {want} not among the figures shown: {shown:?}"
            ))
            .await;
        }
    }
    let html = b.client.source().await.unwrap();
    if !html.contains("友爱") {
        b.fail("the platform's Chinese name is not on the page")
            .await;
    }
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_form_signs_in_and_reports_errors() {
    let Some(b) = Browser::start("login_form_signs_in_and_reports_errors", 375).await else {
        return;
    };
    b.open("/login").await;
    // A wrong password shows the server's message in words.
    b.type_into("#login-phone", ADMIN.0).await;
    b.type_into("#login-password", "wrong-password").await;
    b.click("form button[type=submit]").await;
    b.text_until(".notice-error", "the invalid-credentials message", |t| {
        t.contains("手机号或密码错误")
    })
    .await;
    // A malformed phone number gets its message beside the field (from the server's 422 or the form).
    b.open("/login").await;
    b.type_into("#login-phone", "123").await;
    b.type_into("#login-password", "x").await;
    b.click("form button[type=submit]").await;
    b.find("#login-phone-error, .notice-error").await;
    // The right password signs in and shows who is signed in.
    b.open("/login").await;
    b.type_into("#login-phone", ADMIN.0).await;
    b.type_into("#login-password", ADMIN.1).await;
    b.click("form button[type=submit]").await;
    b.text_until(".account-name", "the signed-in user's name", |t| {
        t.contains("文明办管理员")
    })
    .await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_routes_and_language_switch() {
    let Some(b) = Browser::start("client_routes_and_language_switch", 1280).await else {
        return;
    };
    // An unknown client-side path is served index.html and shows the app's not-found view.
    b.open("/no/such/page").await;
    b.find(".not-found").await;
    b.open("/").await;
    b.find(".stat-value").await;
    let lang = b
        .client
        .find(fantoccini::Locator::Css("html"))
        .await
        .unwrap()
        .attr("lang")
        .await
        .unwrap();
    assert_eq!(lang.as_deref(), Some("zh-CN"));
    b.click(".lang-switch button:last-child").await;
    b.text_until("#figures-heading", "English", |t| {
        t.is_ascii() && !t.is_empty()
    })
    .await;
    b.close().await;
}
