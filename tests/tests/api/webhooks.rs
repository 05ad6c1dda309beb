//! Webhooks end to end on both backends, against a local receiver (a small HTTP server on a
//! thread) that checks every signature with the documented scheme: a signed delivery arrives
//! once and its log shows 200 and a latency; a receiver failing twice gets it on the third
//! attempt at the backoff's times; one that always fails makes deliveries dead, and after
//! five the webhook is disabled and the platform admins are told; manual retry and replay;
//! the admins' outbox view; the README's Python receiver run against real deliveries;
//! permissions, validation and 404s.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use hmac::{Hmac, Mac};
use reqwest::StatusCode;
use serde_json::{Value, json};
use sha2::Sha256;
use youai_api::outbox::worker::{WEBHOOK_FAILURE_LIMIT, Worked, run_once};
use youai_api::outbox::{Subject, emit};
use youai_db::schema::{notifications, webhooks};
use youai_domain::outbox::MAX_ATTEMPTS;
use youai_tests::world::world;
use youai_tests::{ADMIN, JINGANG_ADMIN, RESIDENT, TestApp, db_tests, json_of, problem};
use youai_types::EventKind;

use crate::order_queues::with_db;

db_tests!(
    a_signed_delivery_arrives_once_and_is_logged,
    a_receiver_failing_twice_gets_the_third_attempt,
    a_receiver_always_failing_disables_the_webhook_and_tells_the_admins,
    the_documented_receiver_verifies_a_real_delivery,
    webhooks_are_for_platform_admins_and_validated,
    gone_is_dead_at_once_and_redirects_are_not_followed,
);

/// One request the receiver got.
#[derive(Debug, Clone)]
struct Received {
    id: String,
    event: String,
    timestamp: String,
    signature: String,
    content_type: String,
    body: String,
}

/// A local webhook receiver: records each request and answers from `plan` (then 200).
#[derive(Clone)]
struct Receiver {
    url: String,
    got: Arc<Mutex<Vec<Received>>>,
    plan: Arc<Mutex<VecDeque<u16>>>,
    otherwise: Arc<Mutex<u16>>,
}

impl Receiver {
    fn start() -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let r = Receiver {
            url: format!("http://{}/hook", listener.local_addr().unwrap()),
            got: Arc::default(),
            plan: Arc::default(),
            otherwise: Arc::new(Mutex::new(200)),
        };
        let me = r.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let me = me.clone();
                std::thread::spawn(move || me.serve(stream));
            }
        });
        r
    }

    fn serve(&self, stream: TcpStream) {
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut headers = Vec::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let line = line.trim_end().to_owned();
            if line.is_empty() {
                break;
            }
            headers.push(line);
        }
        let header = |name: &str| {
            headers
                .iter()
                .filter_map(|h| h.split_once(':'))
                .find(|(k, _)| k.trim().eq_ignore_ascii_case(name))
                .map(|(_, v)| v.trim().to_owned())
                .unwrap_or_default()
        };
        let len: usize = header("content-length").parse().unwrap_or(0);
        let mut body = vec![0; len];
        reader.read_exact(&mut body).unwrap();
        self.got.lock().unwrap().push(Received {
            id: header("youai-webhook-id"),
            event: header("youai-webhook-event"),
            timestamp: header("youai-webhook-timestamp"),
            signature: header("youai-webhook-signature"),
            content_type: header("content-type"),
            body: String::from_utf8(body).unwrap(),
        });
        let status = self
            .plan
            .lock()
            .unwrap()
            .pop_front()
            .unwrap_or(*self.otherwise.lock().unwrap());
        let mut stream = stream;
        let _ = write!(
            stream,
            "HTTP/1.1 {status} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        );
    }

    fn got(&self) -> Vec<Received> {
        self.got.lock().unwrap().clone()
    }
}

/// The documented check, written independently of the server's code: `v1=` and the hex
/// HMAC-SHA256 of `"{timestamp}.{body}"` keyed with the secret; the timestamp recent.
fn signature_valid(secret: &str, r: &Received) -> bool {
    let Ok(ts) = r.timestamp.parse::<i64>() else {
        return false;
    };
    if (Utc::now().timestamp() - ts).abs() > 300 {
        return false;
    }
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{}.{}", r.timestamp, r.body).as_bytes());
    let want = format!("v1={}", hex::encode(mac.finalize().into_bytes()));
    want == r.signature
}

async fn create_webhook(app: &TestApp, admin: &str, url: &str, kinds: &[&str]) -> (i64, String) {
    let w: Value = json_of(
        app.post(
            "/api/v1/webhooks",
            Some(admin),
            &json!({"url": url, "kinds": kinds, "description": "测试接收端"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let secret = w["secret"].as_str().unwrap().to_owned();
    assert!(
        secret.starts_with("whsec_") && secret.len() == 6 + 64,
        "{w}"
    );
    (w["id"].as_i64().unwrap(), secret)
}

/// An event of `kind` written as a service would, due now.
async fn event(app: &TestApp, kind: EventKind, subject_id: i64) -> i64 {
    with_db(app, move |c| {
        emit(
            c,
            kind,
            Subject::new("activity", subject_id),
            None,
            json!({"activity_id": subject_id}),
        )
        .unwrap()
    })
    .await
}

async fn run(app: &TestApp, at: DateTime<Utc>) -> Worked {
    run_once(&app.pool, &app.outbox, at).await.unwrap()
}

async fn log(app: &TestApp, admin: &str, hook: i64) -> Vec<Value> {
    let page: Value = json_of(
        app.get(&format!("/api/v1/webhooks/{hook}/deliveries"), Some(admin))
            .await,
        StatusCode::OK,
    )
    .await;
    page["items"].as_array().unwrap().clone()
}

fn time_of(v: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(v.as_str().unwrap())
        .unwrap()
        .with_timezone(&Utc)
}

async fn a_signed_delivery_arrives_once_and_is_logged(app: TestApp) {
    let admin = app.login(ADMIN).await;
    let receiver = Receiver::start();
    let (hook, secret) = create_webhook(&app, &admin, &receiver.url, &["sign_up.accepted"]).await;
    // The secret is stored encrypted and never shown again.
    let stored: String = with_db(&app, move |c| {
        webhooks::table
            .find(hook)
            .select(webhooks::secret)
            .first(c)
            .unwrap()
    })
    .await;
    assert!(!stored.contains(&secret));
    let shown: Value = json_of(
        app.get(&format!("/api/v1/webhooks/{hook}"), Some(&admin))
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(shown.get("secret").is_none(), "{shown}");
    assert_eq!(shown["kinds"], json!(["sign_up.accepted"]));
    assert_eq!(shown["status"], "active");

    // A sign-up: its event goes to the webhook on the worker's next run.
    let w = world(&app, 5).await;
    let (_, token) = app
        .volunteer("13600001801", "推送甲", "金都社区", json!({}))
        .await;
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
    let worked = run(&app, Utc::now()).await;
    assert_eq!(worked.delivered, 1, "{worked:?}");
    let got = receiver.got();
    assert_eq!(got.len(), 1, "{got:?}");
    let r = &got[0];
    assert!(signature_valid(&secret, r), "signature: {r:?}");
    assert!(!signature_valid("whsec_wrong", r));
    assert_eq!(r.content_type, "application/json");
    assert_eq!(r.event, "sign_up.accepted");
    let body: Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(body["type"], "sign_up.accepted");
    assert_eq!(body["subject"], json!({"type": "sign_up", "id": s["id"]}));
    assert_eq!(body["data"]["activity_id"], w.activity["id"]);

    // The log: delivered at the first attempt, with the receiver's 200 and a latency.
    let items = log(&app, &admin, hook).await;
    assert_eq!(items.len(), 1);
    let d = &items[0];
    assert_eq!(
        d["id"].to_string(),
        r.id,
        "Youai-Webhook-Id is the delivery id"
    );
    assert_eq!(d["status"], "delivered");
    assert_eq!(d["kind"], "sign_up.accepted");
    assert_eq!(d["channel"], "webhook");
    assert_eq!(d["webhook_id"], hook);
    assert_eq!(d["user_id"], Value::Null);
    assert_eq!(d["attempts"], 1);
    assert_eq!(d["last_status"], 200);
    let attempts = d["attempt_log"].as_array().unwrap();
    assert_eq!(attempts.len(), 1);
    assert_eq!(attempts[0]["status_code"], 200);
    assert_eq!(attempts[0]["error"], Value::Null);
    assert!(attempts[0]["latency_ms"].as_i64().unwrap() >= 0);

    // Nothing more to send: received once.
    let again = run(&app, Utc::now() + Duration::hours(1)).await;
    assert!(again.is_idle(), "{again:?}");
    assert_eq!(receiver.got().len(), 1);

    // A replay sends it again, same id; while it is queued a second replay is refused.
    let delivery = d["id"].as_i64().unwrap();
    let replay = format!("/api/v1/webhooks/{hook}/deliveries/{delivery}/replay");
    let queued: Value = json_of(
        app.post(&replay, Some(&admin), &json!({})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(queued["status"], "pending");
    assert_eq!(queued["attempts"], 0);
    let twice = problem(
        app.post(&replay, Some(&admin), &json!({})).await,
        StatusCode::CONFLICT,
        "invalid_transition",
    )
    .await;
    assert_eq!(twice["state"], "pending");
    // A rotated secret signs from now on.
    let rotated: Value = json_of(
        app.post(
            &format!("/api/v1/webhooks/{hook}/secret"),
            Some(&admin),
            &json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let new_secret = rotated["secret"].as_str().unwrap().to_owned();
    assert_ne!(new_secret, secret);
    assert_eq!(run(&app, Utc::now()).await.delivered, 1);
    let got = receiver.got();
    assert_eq!(got.len(), 2);
    assert_eq!(got[1].id, got[0].id, "a replay keeps the delivery id");
    assert_eq!(got[1].body, got[0].body);
    assert!(signature_valid(&new_secret, &got[1]));
    assert!(!signature_valid(&secret, &got[1]));
    let items = log(&app, &admin, hook).await;
    assert_eq!(items[0]["status"], "delivered");
    assert_eq!(items[0]["attempt_log"].as_array().unwrap().len(), 2);

    // Removing the webhook keeps its deliveries as history in the admins' view.
    let res = app
        .request(
            reqwest::Method::DELETE,
            &format!("/api/v1/webhooks/{hook}"),
            Some(&admin),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    problem(
        app.get(&format!("/api/v1/webhooks/{hook}"), Some(&admin))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let all: Value = json_of(
        app.get("/api/v1/deliveries?channel=webhook", Some(&admin))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(all["items"][0]["id"], delivery);
    assert_eq!(all["items"][0]["attempt_log"], Value::Null);
}

async fn a_receiver_failing_twice_gets_the_third_attempt(app: TestApp) {
    let admin = app.login(ADMIN).await;
    let receiver = Receiver::start();
    receiver.plan.lock().unwrap().extend([500, 503]);
    let (hook, secret) = create_webhook(&app, &admin, &receiver.url, &["activity.changed"]).await;
    event(&app, EventKind::ActivityChanged, 7).await;
    let t0 = Utc::now();
    let w = run(&app, t0).await;
    assert_eq!((w.queued, w.retrying), (1, 1), "{w:?}");
    let d = log(&app, &admin, hook).await.remove(0);
    assert_eq!(d["status"], "failed");
    assert_eq!(d["last_status"], 500);
    // The first retry waits 30 s, give or take half.
    let next = time_of(&d["next_attempt_at"]);
    let wait = next - t0;
    assert!(
        wait >= Duration::seconds(14) && wait <= Duration::seconds(46),
        "{wait}"
    );
    // Not before its time.
    assert!(run(&app, next - Duration::seconds(1)).await.is_idle());
    assert_eq!(receiver.got().len(), 1);
    let w = run(&app, next).await;
    assert_eq!(w.retrying, 1, "{w:?}");
    let d = log(&app, &admin, hook).await.remove(0);
    assert_eq!(d["status"], "failed");
    assert_eq!(d["last_status"], 503);
    let next2 = time_of(&d["next_attempt_at"]);
    let wait = next2 - next;
    assert!(
        wait >= Duration::seconds(29) && wait <= Duration::seconds(91),
        "second wait doubles: {wait}"
    );
    let w = run(&app, next2).await;
    assert_eq!(w.delivered, 1, "{w:?}");
    let d = log(&app, &admin, hook).await.remove(0);
    assert_eq!(d["status"], "delivered");
    assert_eq!(d["attempts"], 3);
    let codes: Vec<Value> = d["attempt_log"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["status_code"].clone())
        .collect();
    assert_eq!(codes, vec![json!(500), json!(503), json!(200)]);
    assert_eq!(
        d["attempt_log"][0]["error"],
        "HTTP 500 Internal Server Error"
    );
    let got = receiver.got();
    assert_eq!(got.len(), 3);
    assert!(
        got.iter()
            .all(|r| r.id == got[0].id && signature_valid(&secret, r))
    );
    // A success resets the webhook's run of failures (there was none dead).
    let shown: Value = json_of(
        app.get(&format!("/api/v1/webhooks/{hook}"), Some(&admin))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(shown["consecutive_failures"], 0);
}

async fn a_receiver_always_failing_disables_the_webhook_and_tells_the_admins(app: TestApp) {
    let admin = app.login(ADMIN).await;
    let admin_id: i64 = json_of::<Value>(app.get("/api/v1/me", Some(&admin)).await, StatusCode::OK)
        .await["user"]["id"]
        .as_i64()
        .unwrap();
    let receiver = Receiver::start();
    *receiver.otherwise.lock().unwrap() = 500;
    let (hook, _) = create_webhook(&app, &admin, &receiver.url, &["activity.changed"]).await;
    let limit = usize::try_from(WEBHOOK_FAILURE_LIMIT).unwrap();
    for i in 0..WEBHOOK_FAILURE_LIMIT {
        event(&app, EventKind::ActivityChanged, i64::from(i) + 1).await;
    }
    // Every attempt fails; the clock moves past the longest wait (6 h and half again) each time.
    let mut t = Utc::now();
    let mut dead = 0;
    for round in 1..=MAX_ATTEMPTS {
        let w = run(&app, t).await;
        if round < MAX_ATTEMPTS {
            assert_eq!(w.retrying, limit, "round {round}: {w:?}");
        }
        dead += w.dead;
        t += Duration::hours(10);
    }
    assert_eq!(dead, limit);
    let attempts = usize::try_from(MAX_ATTEMPTS).unwrap() * limit;
    assert_eq!(receiver.got().len(), attempts);

    // The admins' view: dead webhook deliveries, by webhook id, with their last error.
    let page: Value = json_of(
        app.get(
            "/api/v1/deliveries?status=dead&channel=webhook&limit=2",
            Some(&admin),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let mut ids = Vec::new();
    let mut page = page;
    loop {
        for d in page["items"].as_array().unwrap() {
            assert_eq!(d["status"], "dead");
            assert_eq!(d["webhook_id"], hook);
            assert_eq!(d["user_id"], Value::Null);
            assert_eq!(d["kind"], "activity.changed");
            assert_eq!(d["attempts"], MAX_ATTEMPTS);
            assert_eq!(d["last_status"], 500);
            ids.push(d["id"].as_i64().unwrap());
        }
        let Some(cursor) = page["next_cursor"].as_str() else {
            break;
        };
        page = json_of(
            app.get(
                &format!("/api/v1/deliveries?status=dead&channel=webhook&limit=2&cursor={cursor}"),
                Some(&admin),
            )
            .await,
            StatusCode::OK,
        )
        .await;
    }
    assert_eq!(ids.len(), limit, "{ids:?}");
    assert!(ids.windows(2).all(|p| p[0] > p[1]), "newest first: {ids:?}");
    let none: Value = json_of(
        app.get(
            "/api/v1/deliveries?status=pending&channel=webhook",
            Some(&admin),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(none["items"], json!([]));

    // Disabled after five dead in a row, and the platform admins hear of it.
    let shown: Value = json_of(
        app.get(&format!("/api/v1/webhooks/{hook}"), Some(&admin))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(shown["status"], "disabled", "{shown}");
    assert_eq!(shown["consecutive_failures"], WEBHOOK_FAILURE_LIMIT);
    assert!(shown["disabled_reason"].is_string());
    run(&app, t).await;
    let told: Vec<(i64, EventKind)> = with_db(&app, |c| {
        notifications::table
            .filter(notifications::kind.eq(EventKind::WebhookDisabled))
            .select((notifications::user_id, notifications::kind))
            .load(c)
            .unwrap()
    })
    .await;
    assert!(
        told.contains(&(admin_id, EventKind::WebhookDisabled)),
        "{told:?}"
    );
    // A disabled webhook gets nothing new, and its deliveries cannot be replayed.
    event(&app, EventKind::ActivityChanged, 99).await;
    let w = run(&app, t).await;
    assert_eq!(w.queued, 0, "{w:?}");
    problem(
        app.post(
            &format!("/api/v1/webhooks/{hook}/deliveries/{}/replay", ids[0]),
            Some(&admin),
            &json!({}),
        )
        .await,
        StatusCode::CONFLICT,
        "webhook_disabled",
    )
    .await;

    // Enabled again (the count reset), the receiver mended: a manual retry delivers.
    let enabled: Value = json_of(
        app.patch(
            &format!("/api/v1/webhooks/{hook}"),
            Some(&admin),
            &json!({"status": "active"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(enabled["status"], "active");
    assert_eq!(enabled["consecutive_failures"], 0);
    assert_eq!(enabled["disabled_reason"], Value::Null);
    *receiver.otherwise.lock().unwrap() = 200;
    let retry = format!("/api/v1/deliveries/{}/retry", ids[0]);
    let queued: Value = json_of(
        app.post(&retry, Some(&admin), &json!({})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(queued["status"], "pending");
    assert_eq!(queued["attempts"], 0);
    let pending = problem(
        app.post(&retry, Some(&admin), &json!({})).await,
        StatusCode::CONFLICT,
        "invalid_transition",
    )
    .await;
    assert_eq!(pending["state"], "pending");
    let w = run(&app, Utc::now()).await;
    assert_eq!(w.delivered, 1, "{w:?}");
    assert_eq!(receiver.got().len(), attempts + 1);
    let delivered = problem(
        app.post(&retry, Some(&admin), &json!({})).await,
        StatusCode::CONFLICT,
        "invalid_transition",
    )
    .await;
    assert_eq!(delivered["state"], "delivered");
    problem(
        app.post("/api/v1/deliveries/999999/retry", Some(&admin), &json!({}))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}

/// The README's receiver block, run as written with python3.
async fn the_documented_receiver_verifies_a_real_delivery(app: TestApp) {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap();
    let (_, after) = readme
        .split_once("<!-- webhook-receiver-example -->\n```python\n")
        .expect("the README has the receiver example");
    let (code, _) = after.split_once("\n```").unwrap();
    let dir = std::env::temp_dir().join(format!("youai-webhook-doc-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let script = dir.join("receiver.py");
    std::fs::write(&script, code).unwrap();

    let admin = app.login(ADMIN).await;
    let (hook, secret) = create_webhook(
        &app,
        &admin,
        "http://127.0.0.1:9/not-yet",
        &["activity.changed"],
    )
    .await;
    let mut child = std::process::Command::new("python3")
        .arg(&script)
        .env("YOUAI_WEBHOOK_SECRET", &secret)
        .env("PORT", "0")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("python3 runs");
    let (lines_tx, lines_rx) = std::sync::mpsc::channel::<String>();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if lines_tx.send(line).is_err() {
                break;
            }
        }
    });
    let next_line = || {
        lines_rx
            .recv_timeout(std::time::Duration::from_secs(20))
            .expect("the receiver printed a line")
    };
    let first = next_line();
    let port = first.strip_prefix("listening ").expect(&first);
    let url = format!("http://127.0.0.1:{port}/youai");
    json_of::<Value>(
        app.patch(
            &format!("/api/v1/webhooks/{hook}"),
            Some(&admin),
            &json!({"url": url}),
        )
        .await,
        StatusCode::OK,
    )
    .await;

    let event_id = event(&app, EventKind::ActivityChanged, 5).await;
    let w = run(&app, Utc::now()).await;
    assert_eq!(
        w.delivered, 1,
        "the example answered 204 to a real delivery: {w:?}"
    );
    let d = log(&app, &admin, hook).await.remove(0);
    assert_eq!(d["last_status"], 204);
    assert_eq!(
        next_line(),
        format!("handled {} activity.changed {event_id}", d["id"])
    );
    // A replay carries the same id: accepted (204), handled once.
    let delivery = d["id"].as_i64().unwrap();
    json_of::<Value>(
        app.post(
            &format!("/api/v1/webhooks/{hook}/deliveries/{delivery}/replay"),
            Some(&admin),
            &json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(run(&app, Utc::now()).await.delivered, 1);
    // Forgeries are refused: a wrong signature, another secret, a stale timestamp.
    let client = reqwest::Client::new();
    let body = r#"{"id":1,"type":"activity.changed"}"#;
    let now = Utc::now().timestamp();
    let sign = |secret: &str, ts: i64| {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(format!("{ts}.{body}").as_bytes());
        format!("v1={}", hex::encode(mac.finalize().into_bytes()))
    };
    for (sig, ts, want) in [
        (sign(&secret, now), now, StatusCode::NO_CONTENT),
        ("v1=00".to_owned(), now, StatusCode::UNAUTHORIZED),
        (sign("whsec_other", now), now, StatusCode::UNAUTHORIZED),
        (
            sign(&secret, now - 3600),
            now - 3600,
            StatusCode::UNAUTHORIZED,
        ),
    ] {
        let res = client
            .post(&url)
            .header("Content-Type", "application/json")
            .header("Youai-Webhook-Id", "forged-1")
            .header("Youai-Webhook-Timestamp", ts.to_string())
            .header("Youai-Webhook-Signature", sig)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), want);
    }
    // The one genuine forged-id request was handled; the replay before it was not.
    assert_eq!(next_line(), "handled forged-1 activity.changed 1");
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
}

async fn webhooks_are_for_platform_admins_and_validated(app: TestApp) {
    let admin = app.login(ADMIN).await;
    for who in [JINGANG_ADMIN, RESIDENT] {
        let token = app.login(who).await;
        problem(
            app.get("/api/v1/webhooks", Some(&token)).await,
            StatusCode::FORBIDDEN,
            "forbidden",
        )
        .await;
        problem(
            app.post(
                "/api/v1/webhooks",
                Some(&token),
                &json!({"url": "https://example.com/h", "kinds": ["order.taken"]}),
            )
            .await,
            StatusCode::FORBIDDEN,
            "forbidden",
        )
        .await;
        problem(
            app.get("/api/v1/deliveries", Some(&token)).await,
            StatusCode::FORBIDDEN,
            "forbidden",
        )
        .await;
        problem(
            app.post("/api/v1/deliveries/1/retry", Some(&token), &json!({}))
                .await,
            StatusCode::FORBIDDEN,
            "forbidden",
        )
        .await;
    }
    assert_eq!(
        app.get("/api/v1/webhooks", None).await.status(),
        StatusCode::UNAUTHORIZED
    );

    // Validation: the URL, the kinds, the description, unknown fields.
    for (body, field, code) in [
        (
            json!({"url": "ftp://example.com/h", "kinds": ["order.taken"]}),
            "url",
            "invalid_url",
        ),
        (
            json!({"url": "example.com/h", "kinds": ["order.taken"]}),
            "url",
            "invalid_url",
        ),
        (
            json!({"url": "https://u:p@example.com/h", "kinds": ["order.taken"]}),
            "url",
            "invalid_url",
        ),
        (
            json!({"url": "", "kinds": ["order.taken"]}),
            "url",
            "required",
        ),
        (
            json!({"url": "https://example.com/h", "kinds": []}),
            "kinds",
            "required",
        ),
        (
            json!({"url": "https://example.com/h", "kinds": ["order.eaten"]}),
            "kinds",
            "unknown_event_kind",
        ),
        (
            json!({"url": "https://example.com/h", "kinds": ["order.taken"], "description": "长".repeat(201)}),
            "description",
            "too_long",
        ),
    ] {
        let p = problem(
            app.post("/api/v1/webhooks", Some(&admin), &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert_eq!(p["errors"][0]["field"], field, "{body}: {p}");
        assert_eq!(p["errors"][0]["code"], code, "{body}: {p}");
    }
    let p = app
        .post(
            "/api/v1/webhooks",
            Some(&admin),
            &json!({"url": "https://example.com/h", "kinds": ["order.taken"], "secret": "mine"}),
        )
        .await;
    assert_eq!(p.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // A page at a time, oldest first; repeated kinds are one.
    let mut made = Vec::new();
    for i in 0..3 {
        let w: Value = json_of(
            app.post(
                "/api/v1/webhooks",
                Some(&admin),
                &json!({"url": format!("https://example.com/h{i}"), "kinds": ["order.taken", "order.taken", "need.accepted"]}),
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
        assert_eq!(w["kinds"], json!(["order.taken", "need.accepted"]));
        made.push(w["id"].as_i64().unwrap());
    }
    let first: Value = json_of(
        app.get("/api/v1/webhooks?limit=2", Some(&admin)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(first["items"].as_array().unwrap().len(), 2);
    assert!(first["items"][0].get("secret").is_none());
    let cursor = first["next_cursor"].as_str().unwrap();
    let second: Value = json_of(
        app.get(
            &format!("/api/v1/webhooks?limit=2&cursor={cursor}"),
            Some(&admin),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(second["items"][0]["id"], made[2]);
    assert_eq!(second["next_cursor"], Value::Null);

    // PATCH validates too, and disabling by hand records why.
    let p = problem(
        app.patch(
            &format!("/api/v1/webhooks/{}", made[0]),
            Some(&admin),
            &json!({"url": "mailto:x@example.com"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(p["errors"][0]["code"], "invalid_url");
    let off: Value = json_of(
        app.patch(
            &format!("/api/v1/webhooks/{}", made[0]),
            Some(&admin),
            &json!({"status": "disabled", "kinds": ["webhook.disabled"], "description": ""}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(off["status"], "disabled");
    assert_eq!(off["kinds"], json!(["webhook.disabled"]));
    assert_eq!(off["description"], Value::Null);
    assert!(off["disabled_at"].is_string());

    // 404s.
    for path in [
        "/api/v1/webhooks/999999",
        "/api/v1/webhooks/999999/deliveries",
    ] {
        problem(
            app.get(path, Some(&admin)).await,
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
    }
    problem(
        app.patch("/api/v1/webhooks/999999", Some(&admin), &json!({}))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    problem(
        app.post("/api/v1/webhooks/999999/secret", Some(&admin), &json!({}))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let res = app
        .request(
            reqwest::Method::DELETE,
            "/api/v1/webhooks/999999",
            Some(&admin),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    problem(
        app.post(
            &format!("/api/v1/webhooks/{}/deliveries/999999/replay", made[1]),
            Some(&admin),
            &json!({}),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    // Bad filters are 4xx problems, not 500s.
    let res = app
        .get("/api/v1/deliveries?status=lost", Some(&admin))
        .await;
    assert!(res.status().is_client_error(), "{}", res.status());
}

async fn gone_is_dead_at_once_and_redirects_are_not_followed(app: TestApp) {
    let admin = app.login(ADMIN).await;
    let receiver = Receiver::start();
    receiver.plan.lock().unwrap().extend([302, 410]);
    let (hook, _) = create_webhook(&app, &admin, &receiver.url, &["order.taken"]).await;
    event(&app, EventKind::OrderTaken, 3).await;
    // A redirect is a failed attempt (not followed: the receiver saw one request).
    let t0 = Utc::now();
    let w = run(&app, t0).await;
    assert_eq!(w.retrying, 1, "{w:?}");
    assert_eq!(receiver.got().len(), 1);
    let d = log(&app, &admin, hook).await.remove(0);
    assert_eq!(d["status"], "failed");
    assert_eq!(d["last_status"], 302);
    // 410 Gone: dead at once, without waiting out the attempts.
    let w = run(&app, time_of(&d["next_attempt_at"])).await;
    assert_eq!(w.dead, 1, "{w:?}");
    let d = log(&app, &admin, hook).await.remove(0);
    assert_eq!(d["status"], "dead");
    assert_eq!(d["attempts"], 2);
    assert_eq!(d["last_status"], 410);
    assert_eq!(d["attempt_log"][1]["error"], "HTTP 410 Gone");
    // One dead delivery is one failure in a row, not yet the limit.
    let shown: Value = json_of(
        app.get(&format!("/api/v1/webhooks/{hook}"), Some(&admin))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(shown["status"], "active");
    assert_eq!(shown["consecutive_failures"], 1);
}
