//! The inbox and notification preferences on both backends: a sign-up's notice reaches its
//! volunteer's inbox (and nobody else's) once the worker runs; lines are marked read one by
//! one or all at once, only by their owner; preferences read back as saved, with defaults for
//! what was never chosen, and refuse bad input field by field; an inbox switched off for a
//! kind gets no line; quiet hours hold the text message until they end, not the inbox line.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, NaiveDateTime, Timelike, Utc};
use diesel::prelude::*;
use futures_util::future::BoxFuture;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use youai_api::outbox::providers::{SendError, Sent, SmsProvider};
use youai_api::outbox::worker::run_once;
use youai_api::outbox::{Providers, Subject, emit};
use youai_db::schema::deliveries;
use youai_tests::world::world;
use youai_tests::{Backend, TestApp, db_tests, json_of, problem};
use youai_types::{Channel, DeliveryStatus, EventKind};

use crate::order_queues::with_db;

db_tests!(
    a_sign_up_notice_reaches_only_its_volunteer_and_is_marked_read,
    preferences_read_back_with_defaults_and_refuse_bad_input,
    an_inbox_switched_off_for_a_kind_gets_no_line,
);

/// Signs a new volunteer up for the world's activity; returns (user id, token).
async fn signed_up(app: &TestApp, activity: &Value, phone: &str, name: &str) -> (i64, String) {
    let (volunteer, token) = app.volunteer(phone, name, "金都社区", json!({})).await;
    let s: Value = json_of(
        app.post(
            &format!("/api/v1/activities/{}/sign-ups", activity["id"]),
            Some(&token),
            &json!({}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(s["status"], "accepted");
    (volunteer["user_id"].as_i64().unwrap(), token)
}

async fn unread(app: &TestApp, token: &str) -> i64 {
    let v: Value = json_of(
        app.get("/api/v1/me/notifications/unread-count", Some(token))
            .await,
        StatusCode::OK,
    )
    .await;
    v["unread"].as_i64().unwrap()
}

async fn inbox(app: &TestApp, token: &str, query: &str) -> Value {
    json_of(
        app.get(&format!("/api/v1/me/notifications{query}"), Some(token))
            .await,
        StatusCode::OK,
    )
    .await
}

async fn put_preferences(app: &TestApp, token: &str, body: &Value) -> reqwest::Response {
    app.request(
        Method::PUT,
        "/api/v1/me/notification-preferences",
        Some(token),
    )
    .json(body)
    .send()
    .await
    .unwrap()
}

async fn a_sign_up_notice_reaches_only_its_volunteer_and_is_marked_read(app: TestApp) {
    let w = world(&app, 5).await;
    let (_, token) = signed_up(&app, &w.activity, "13600001801", "通知甲").await;
    let mine: Value = json_of(
        app.get("/api/v1/me/sign-ups", Some(&token)).await,
        StatusCode::OK,
    )
    .await;
    let sign_up = mine.as_array().unwrap()[0]["id"].as_i64().unwrap();
    let (_, other) = app
        .volunteer("13600001802", "通知乙", "金都社区", json!({}))
        .await;
    // Nothing before the worker runs.
    assert_eq!(unread(&app, &token).await, 0);
    assert!(
        inbox(&app, &token, "").await["items"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    run_once(&app.pool, &app.outbox, Utc::now()).await.unwrap();

    assert_eq!(unread(&app, &token).await, 1);
    let page = inbox(&app, &token, "").await;
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{page}");
    let line = &items[0];
    assert_eq!(line["kind"], "sign_up.accepted");
    assert!(line["title"].as_str().is_some_and(|t| !t.is_empty()));
    assert!(
        line["body"].as_str().unwrap().contains("楼道清洁"),
        "{line}"
    );
    assert!(line["read_at"].is_null());
    assert!(line["created_at"].is_string());
    assert!(page["next_cursor"].is_null());
    // The other volunteer heard nothing; the leader heard only that their team was approved.
    assert_eq!(unread(&app, &other).await, 0);
    let leader_heard = inbox(&app, &w.leader, "").await;
    let kinds: Vec<&str> = leader_heard["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["team.registration_decided"], "{leader_heard}");
    assert!(
        inbox(&app, &other, "").await["items"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    // Someone else's line is not found, and stays unread.
    let id = line["id"].as_i64().unwrap();
    let read = format!("/api/v1/me/notifications/{id}/read");
    problem(
        app.post(&read, Some(&other), &json!({})).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    problem(
        app.post(
            "/api/v1/me/notifications/999999/read",
            Some(&token),
            &json!({}),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_eq!(unread(&app, &token).await, 1);
    // Signed out: 401.
    problem(
        app.get("/api/v1/me/notifications/unread-count", None).await,
        StatusCode::UNAUTHORIZED,
        "missing_token",
    )
    .await;

    // Mark it read: the count drops; marking it again keeps its time.
    let marked: Value = json_of(
        app.post(&read, Some(&token), &json!({})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(marked["id"], id);
    assert!(marked["read_at"].is_string());
    assert_eq!(unread(&app, &token).await, 0);
    let again: Value = json_of(
        app.post(&read, Some(&token), &json!({})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(again["read_at"], marked["read_at"]);
    assert!(
        inbox(&app, &token, "?unread=true").await["items"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        inbox(&app, &token, "").await["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // Three more lines for paging and read-all: the sign-up's event again (as the worker
    // sees it, each event is a line of its own).
    let (sign_up, activity) = (sign_up, w.activity["id"].as_i64().unwrap());
    with_db(&app, move |c| {
        for _ in 0..3 {
            emit(
                c,
                EventKind::SignUpPromoted,
                Subject::new("sign_up", sign_up),
                None,
                json!({"activity_id": activity, "activity_title": "楼道清洁"}),
            )
            .unwrap();
        }
    })
    .await;
    run_once(&app.pool, &app.outbox, Utc::now()).await.unwrap();
    let unread_now = unread(&app, &token).await;
    assert_eq!(unread_now, 3);
    // Newest first, a page at a time, every line once.
    let first = inbox(&app, &token, "?limit=2").await;
    let ids: Vec<i64> = first["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids.len(), 2);
    assert!(ids[0] > ids[1]);
    let cursor = first["next_cursor"].as_str().unwrap();
    let rest = inbox(&app, &token, &format!("?limit=100&cursor={cursor}")).await;
    let rest: Vec<i64> = rest["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_i64().unwrap())
        .collect();
    assert!(rest.iter().all(|r| *r < ids[1]), "{rest:?}");
    assert!(rest.contains(&id));
    problem(
        app.get("/api/v1/me/notifications?limit=0", Some(&token))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;

    // Read all: says how many, and the count is 0; the other's inbox is untouched.
    let all: Value = json_of(
        app.post(
            "/api/v1/me/notifications/read-all",
            Some(&token),
            &json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(all["marked"].as_i64().unwrap(), unread_now);
    assert_eq!(unread(&app, &token).await, 0);
    let none: Value = json_of(
        app.post(
            "/api/v1/me/notifications/read-all",
            Some(&token),
            &json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(none["marked"], 0);
}

async fn preferences_read_back_with_defaults_and_refuse_bad_input(app: TestApp) {
    let (_, token) = app.new_user("13600001811", "设置甲").await;
    let url = "/api/v1/me/notification-preferences";
    let find = |p: &Value, kind: &str, channel: &str| -> Value {
        p["preferences"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["kind"] == kind && e["channel"] == channel)
            .unwrap_or_else(|| panic!("no {kind}/{channel} in {p}"))
            .clone()
    };
    // The defaults: every kind but the webhook notice, on three channels.
    let p: Value = json_of(app.get(url, Some(&token)).await, StatusCode::OK).await;
    let kinds = youai_types::EventKind::ALL.len() - 1;
    assert_eq!(p["preferences"].as_array().unwrap().len(), kinds * 3);
    assert!(p["quiet_hours"].is_null());
    assert!(
        !p["preferences"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "webhook.disabled" || e["channel"] == "webhook")
    );
    let reminder_sms = find(&p, "activity.reminder", "sms");
    assert_eq!(reminder_sms["enabled"], true);
    assert_eq!(reminder_sms["default"], true);
    assert_eq!(find(&p, "star.reached", "sms")["enabled"], false);
    assert_eq!(find(&p, "star.reached", "inbox")["enabled"], true);
    // A platform admin also chooses about the webhook notice.
    let admin = app.login(youai_tests::ADMIN).await;
    let a: Value = json_of(app.get(url, Some(&admin)).await, StatusCode::OK).await;
    assert_eq!(a["preferences"].as_array().unwrap().len(), (kinds + 1) * 3);

    // Saved choices read back; what was left out is the default again.
    let saved: Value = json_of(
        put_preferences(
            &app,
            &token,
            &json!({"preferences": [
                {"kind": "activity.reminder", "channel": "sms", "enabled": false},
                {"kind": "star.reached", "channel": "wechat", "enabled": true},
            ], "quiet_hours": {"from": "22:30", "to": "07:00"}}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let p: Value = json_of(app.get(url, Some(&token)).await, StatusCode::OK).await;
    assert_eq!(saved, p);
    let reminder_sms = find(&p, "activity.reminder", "sms");
    assert_eq!(reminder_sms["enabled"], false);
    assert_eq!(reminder_sms["default"], true);
    assert_eq!(find(&p, "star.reached", "wechat")["enabled"], true);
    assert_eq!(p["quiet_hours"], json!({"from": "22:30", "to": "07:00"}));
    let p: Value = json_of(
        put_preferences(
            &app,
            &token,
            &json!({"preferences": [{"kind": "star.reached", "channel": "inbox", "enabled": false}]}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(find(&p, "activity.reminder", "sms")["enabled"], true);
    assert_eq!(find(&p, "star.reached", "inbox")["enabled"], false);
    assert!(p["quiet_hours"].is_null());
    // Another user's preferences are theirs alone.
    let (_, other) = app.new_user("13600001812", "设置乙").await;
    let o: Value = json_of(app.get(url, Some(&other)).await, StatusCode::OK).await;
    assert_eq!(find(&o, "star.reached", "inbox")["enabled"], true);

    // Bad input: each mistake named by its field, nothing saved.
    let body = problem(
        put_preferences(
            &app,
            &token,
            &json!({"preferences": [
                {"kind": "no.such", "channel": "sms", "enabled": true},
                {"kind": "star.reached", "channel": "webhook", "enabled": true},
                {"kind": "webhook.disabled", "channel": "inbox", "enabled": true},
                {"kind": "star.reached", "channel": "pigeon", "enabled": true},
                {"kind": "hours.verified", "channel": "sms", "enabled": true},
                {"kind": "hours.verified", "channel": "sms", "enabled": false},
            ], "quiet_hours": {"from": "24:00", "to": "7:00"}}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let fields: Vec<(String, String)> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().to_owned(),
                e["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let want = [
        ("preferences[0].kind", "unknown_event_kind"),
        ("preferences[1].channel", "unknown_channel"),
        ("preferences[2].kind", "unknown_event_kind"),
        ("preferences[3].channel", "unknown_channel"),
        ("preferences[5]", "duplicate_preference"),
        ("quiet_hours.from", "invalid_clock_time"),
        ("quiet_hours.to", "invalid_clock_time"),
    ];
    assert_eq!(
        fields,
        want.map(|(f, c)| (f.to_owned(), c.to_owned())).to_vec(),
        "{body}"
    );
    let body = problem(
        put_preferences(
            &app,
            &token,
            &json!({"quiet_hours": {"from": "08:00", "to": "08:00"}}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "quiet_hours.to");
    assert_eq!(body["errors"][0]["code"], "empty_quiet_hours");
    let body = problem(
        put_preferences(&app, &token, &json!({"quiet_hours": {"from": "08:00"}})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "to");
    assert_eq!(body["errors"][0]["code"], "required");
    let p: Value = json_of(app.get(url, Some(&token)).await, StatusCode::OK).await;
    assert_eq!(find(&p, "star.reached", "inbox")["enabled"], false);
    assert!(p["quiet_hours"].is_null());
    // Signed out: 401.
    problem(
        app.get(url, None).await,
        StatusCode::UNAUTHORIZED,
        "missing_token",
    )
    .await;
}

async fn an_inbox_switched_off_for_a_kind_gets_no_line(app: TestApp) {
    let w = world(&app, 5).await;
    let (volunteer, token) = app
        .volunteer("13600001821", "静音甲", "金都社区", json!({}))
        .await;
    json_of::<Value>(
        put_preferences(
            &app,
            &token,
            &json!({"preferences": [
                {"kind": "sign_up.accepted", "channel": "inbox", "enabled": false},
            ]}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    json_of::<Value>(
        app.post(
            &format!("/api/v1/activities/{}/sign-ups", w.activity["id"]),
            Some(&token),
            &json!({}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    // Another volunteer who chose nothing gets the line: the event was fanned out.
    let (_, other) = signed_up(&app, &w.activity, "13600001822", "静音乙").await;
    let worked = run_once(&app.pool, &app.outbox, Utc::now()).await.unwrap();
    assert!(worked.events >= 2, "{worked:?}");
    assert_eq!(unread(&app, &other).await, 1);
    assert_eq!(unread(&app, &token).await, 0);
    assert!(
        inbox(&app, &token, "").await["items"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert!(volunteer["user_id"].is_i64());
}

/// A text-message gateway that keeps what it was asked to send.
#[derive(Default)]
struct RecordingSms {
    sent: Mutex<Vec<(String, String)>>,
}

impl SmsProvider for RecordingSms {
    fn send<'a>(&'a self, phone: &'a str, text: &'a str) -> BoxFuture<'a, Result<Sent, SendError>> {
        self.sent
            .lock()
            .unwrap()
            .push((phone.to_owned(), text.to_owned()));
        Box::pin(async {
            Ok(Sent {
                status_code: Some(200),
            })
        })
    }
}

/// The next moment after `after` that is 23:30 in the city (15:30 UTC).
fn next_city_half_past_eleven(after: DateTime<Utc>) -> DateTime<Utc> {
    let today = after.date_naive().and_hms_opt(15, 30, 0).unwrap().and_utc();
    if today > after {
        today
    } else {
        today + Duration::days(1)
    }
}

async fn quiet_hours_hold_the_text_message_but_not_the_inbox(backend: Backend) {
    let sms = Arc::new(RecordingSms::default());
    let providers = Providers {
        sms: Some(sms.clone()),
        ..Providers::default()
    };
    let Some(app) = TestApp::spawn_configured(backend, true, None, Some(providers)).await else {
        return;
    };
    let w = world(&app, 5).await;
    let (volunteer, token) = app
        .volunteer("13600001831", "夜静甲", "金都社区", json!({}))
        .await;
    let user_id = volunteer["user_id"].as_i64().unwrap();
    // Texts for accepted sign-ups (off by default), and quiet from 22:00 to 07:00.
    json_of::<Value>(
        put_preferences(
            &app,
            &token,
            &json!({"preferences": [
                {"kind": "sign_up.accepted", "channel": "sms", "enabled": true},
            ], "quiet_hours": {"from": "22:00", "to": "07:00"}}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    json_of::<Value>(
        app.post(
            &format!("/api/v1/activities/{}/sign-ups", w.activity["id"]),
            Some(&token),
            &json!({}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    // The worker runs at 23:30 city time.
    let night = next_city_half_past_eleven(Utc::now());
    assert_eq!((night + Duration::hours(8)).hour(), 23);
    run_once(&app.pool, &app.outbox, night).await.unwrap();
    // The inbox line is there at once.
    assert_eq!(unread(&app, &token).await, 1);
    // The text waits for 07:00 city time (23:00 UTC), unsent.
    let held = move |c: &mut youai_db::DbConn| -> Vec<(DeliveryStatus, NaiveDateTime)> {
        deliveries::table
            .filter(deliveries::user_id.eq(user_id))
            .filter(deliveries::channel.eq(Channel::Sms.as_str()))
            .select((deliveries::status, deliveries::next_attempt_at))
            .load(c)
            .unwrap()
    };
    let rows = with_db(&app, held).await;
    let release = night + Duration::minutes(7 * 60 + 30);
    assert_eq!(rows, vec![(DeliveryStatus::Pending, release.naive_utc())]);
    assert!(sms.sent.lock().unwrap().is_empty());
    // A minute before it ends, still nothing; at 07:00 the text goes out.
    run_once(&app.pool, &app.outbox, release - Duration::minutes(1))
        .await
        .unwrap();
    assert!(sms.sent.lock().unwrap().is_empty());
    run_once(&app.pool, &app.outbox, release).await.unwrap();
    let sent = sms.sent.lock().unwrap().clone();
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].0, "13600001831");
    assert!(sent[0].1.contains("楼道清洁"), "{sent:?}");
    assert_eq!(with_db(&app, held).await[0].0, DeliveryStatus::Delivered);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quiet_hours_hold_the_text_message_but_not_the_inbox_on_sqlite() {
    quiet_hours_hold_the_text_message_but_not_the_inbox(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quiet_hours_hold_the_text_message_but_not_the_inbox_on_postgres() {
    quiet_hours_hold_the_text_message_but_not_the_inbox(Backend::Postgres).await;
}
