//! The inbox in the browser: a volunteer's sign-up is fanned out by the worker, the header's
//! bell shows one unread, the inbox lists it standing out as unread; marking it read drops
//! the bell's count; a second notice is cleared with "mark all read"; the settings page saves
//! a channel switched off and quiet hours.

use std::time::{Duration, Instant};

use chrono::Utc;
use fantoccini::Locator;
use serde_json::{Value, json};
use youai_api::outbox::worker::run_once;
use youai_api::outbox::{Subject, emit};
use youai_tests::browser::Browser;
use youai_tests::json_of;
use youai_tests::reqwest::StatusCode;
use youai_types::EventKind;

use crate::fixtures::{account, signed_up_volunteer, world};

/// Waits (up to 15 s) until the page has no element `css`.
async fn until_gone(b: &Browser, css: &str, why: &str) {
    let started = Instant::now();
    while b.client.find(Locator::Css(css)).await.is_ok() {
        if started.elapsed() > Duration::from_secs(15) {
            b.fail(why).await;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_volunteer_reads_a_notice_and_the_bell_counts_down() {
    let Some(b) = Browser::start(1280).await else {
        return;
    };
    let app = &b.app;
    let w = world(app, "13600001901", "通知演练", 2 * 24 * 60, 5).await;
    let (_, token, sign_up) =
        signed_up_volunteer(app, &w.activity, "13600001902", "通知阅读者").await;
    assert_eq!(sign_up["status"], "accepted");
    run_once(&app.pool, &app.outbox, Utc::now()).await.unwrap();

    // The bell shows one unread; its link opens the inbox.
    b.sign_in_as(account("13600001902"), "/").await;
    b.text_until(".bell-count", "one unread", |t| t.trim() == "1")
        .await;
    let label = b.attr(".bell", "aria-label").await.unwrap_or_default();
    assert!(label.contains('1'), "{label}");
    b.click(".bell").await;
    let item = ".inbox-list .inbox-unread";
    let text = b
        .text_until(item, "the sign-up notice", |t| t.contains("通知演练"))
        .await;
    assert!(text.contains("报名成功"), "{text}");

    // Mark it read: it no longer stands out, and the bell has no count.
    b.click(&format!("{item} .inbox-read")).await;
    until_gone(&b, ".inbox-unread", "the notice still stands out as unread").await;
    until_gone(&b, ".bell-count", "the bell still counts after reading").await;
    b.find(".inbox-list .inbox-item").await;
    let unread: Value = json_of(
        app.get("/api/v1/me/notifications/unread-count", Some(&token))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(unread["unread"], 0);

    // Two more notices (the sign-up's event again): the bell counts them on the next
    // navigation, "mark all read" clears them.
    let sign_up_id = sign_up["id"].as_i64().unwrap();
    let activity = w.activity["id"].as_i64().unwrap();
    let pool = app.pool.clone();
    tokio::task::spawn_blocking(move || {
        let mut c = pool.get().unwrap();
        for _ in 0..2 {
            emit(
                &mut c,
                EventKind::SignUpPromoted,
                Subject::new("sign_up", sign_up_id),
                None,
                json!({"activity_id": activity, "activity_title": "通知演练"}),
            )
            .unwrap();
        }
    })
    .await
    .unwrap();
    run_once(&app.pool, &app.outbox, Utc::now()).await.unwrap();
    b.click("#notice-settings-link").await;
    b.text_until(".bell-count", "two unread", |t| t.trim() == "2")
        .await;
    b.find("#pref-sign_up-accepted-sms").await;
    // Switch the text messages for reminders off, set quiet hours, save: the API has them.
    b.click("#pref-activity-reminder-sms").await;
    b.click("#quiet-on").await;
    b.click("#notice-settings-save").await;
    b.find("#notice-settings-saved").await;
    let prefs = b
        .api_until(
            "/api/v1/me/notification-preferences",
            Some(&token),
            "the saved settings",
            |v| !v["quiet_hours"].is_null(),
        )
        .await;
    assert_eq!(
        prefs["quiet_hours"],
        json!({"from": "22:00", "to": "07:00"})
    );
    let reminder_sms = prefs["preferences"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["kind"] == "activity.reminder" && p["channel"] == "sms")
        .unwrap();
    assert_eq!(reminder_sms["enabled"], false);

    b.open("/me/notifications").await;
    assert_eq!(b.count(".inbox-list .inbox-unread").await, 2);
    b.click("#notices-read-all").await;
    until_gone(
        &b,
        ".inbox-unread",
        "notices still unread after 'mark all read'",
    )
    .await;
    until_gone(
        &b,
        ".bell-count",
        "the bell still counts after 'mark all read'",
    )
    .await;
    assert_eq!(b.count(".inbox-list .inbox-item").await, 3);
}
