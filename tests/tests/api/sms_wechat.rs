//! SMS and WeChat template messages through the real HTTP providers, against local stand-ins
//! that speak Tencent Cloud SMS (TC3-HMAC-SHA256, checked independently) and WeChat's
//! access-token and template-send calls: a sign-up reaches the volunteer's phone and WeChat
//! once; a gateway that fails twice delivers on the third attempt, each attempt logged; a
//! token WeChat expired is fetched again; a bad signature is refused and not retried.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use reqwest::StatusCode;
use serde_json::{Value, json};
use youai_api::outbox::worker::run_once;
use youai_db::schema::{
    deliveries, delivery_attempts, notification_preferences, notifications, users,
};
use youai_tests::standins::{self, SmsStandIn, WechatStandIn};
use youai_tests::world::world;
use youai_tests::{Backend, TestApp, json_of};
use youai_types::{Channel, DeliveryStatus, EventKind};

use crate::order_queues::with_db;

macro_rules! backend_tests {
    ($($name:ident),* $(,)?) => {
        mod on_sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name(youai_tests::Backend::Sqlite).await;
                }
            )*
        }
        mod on_postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name(youai_tests::Backend::Postgres).await;
                }
            )*
        }
    };
}

backend_tests!(
    a_sign_up_goes_by_signed_sms_and_wechat_once,
    gateways_failing_twice_deliver_on_the_third_attempt,
    an_expired_wechat_token_is_fetched_again,
    a_bad_signature_is_refused_and_not_retried,
);

const PHONE: &str = "13600001717";
const OPENID: &str = "oStandInOpenid0000000001";

/// A volunteer who wants `sign_up.accepted` by SMS too, bound to WeChat, signed up to an
/// activity; returns (user id, activity title).
async fn signed_up(app: &TestApp) -> (i64, String) {
    let w = world(app, 5).await;
    let (volunteer, token) = app.volunteer(PHONE, "短信甲", "金都社区", json!({})).await;
    let user_id = volunteer["user_id"].as_i64().unwrap();
    with_db(app, move |c| {
        diesel::update(users::table.find(user_id))
            .set(users::wechat_openid.eq(OPENID))
            .execute(c)
            .unwrap();
        diesel::insert_into(notification_preferences::table)
            .values((
                notification_preferences::user_id.eq(user_id),
                notification_preferences::kind.eq(EventKind::SignUpAccepted),
                notification_preferences::channel.eq(Channel::Sms),
                notification_preferences::enabled.eq(true),
            ))
            .execute(c)
            .unwrap();
    })
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
    assert_eq!(s["status"], "accepted");
    (user_id, w.activity["title"].as_str().unwrap().to_owned())
}

type Row = (Channel, DeliveryStatus, i32, chrono::NaiveDateTime);

/// The volunteer's SMS and WeChat deliveries: (channel, status, attempts, next attempt).
async fn outside_deliveries(app: &TestApp, user_id: i64) -> Vec<Row> {
    with_db(app, move |c| {
        deliveries::table
            .filter(deliveries::user_id.eq(user_id))
            .filter(deliveries::channel.eq_any([Channel::Sms, Channel::Wechat]))
            .order(deliveries::channel)
            .select((
                deliveries::channel,
                deliveries::status,
                deliveries::attempts,
                deliveries::next_attempt_at,
            ))
            .load(c)
            .unwrap()
    })
    .await
}

/// The logged attempts of the volunteer's deliveries on `channel`: (status code, error).
async fn attempts(
    app: &TestApp,
    user_id: i64,
    channel: Channel,
) -> Vec<(Option<i32>, Option<String>)> {
    with_db(app, move |c| {
        delivery_attempts::table
            .inner_join(deliveries::table)
            .filter(deliveries::user_id.eq(user_id))
            .filter(deliveries::channel.eq(channel))
            .order(delivery_attempts::id)
            .select((delivery_attempts::status_code, delivery_attempts::error))
            .load(c)
            .unwrap()
    })
    .await
}

/// The title and body of the volunteer's inbox line for the sign-up.
async fn inbox_text(app: &TestApp, user_id: i64) -> (String, String) {
    with_db(app, move |c| {
        notifications::table
            .filter(notifications::user_id.eq(user_id))
            .filter(notifications::kind.eq(EventKind::SignUpAccepted))
            .select((notifications::title, notifications::body))
            .first(c)
            .unwrap()
    })
    .await
}

async fn a_sign_up_goes_by_signed_sms_and_wechat_once(backend: Backend) {
    let (sms, wechat) = (SmsStandIn::start(0), WechatStandIn::start(0, false));
    let providers = standins::providers(Some(&sms), Some(&wechat));
    let Some(app) = TestApp::spawn_configured(backend, true, None, Some(providers)).await else {
        return;
    };
    let (user_id, activity) = signed_up(&app).await;
    let now = Utc::now();
    let worked = run_once(&app.pool, &app.outbox, now).await.unwrap();
    assert_eq!(worked.delivered, 2, "{worked:?}");

    let (title, body) = inbox_text(&app, user_id).await;
    assert!(body.contains(&activity), "{body}");
    // One text message, correctly signed (the stand-in refused none), to the phone.
    assert_eq!(sms.refused(), Vec::<String>::new());
    let texts = sms.accepted();
    assert_eq!(texts.len(), 1, "{texts:?}");
    assert_eq!(texts[0].phone, format!("+86{PHONE}"));
    assert_eq!(texts[0].text, format!("【友爱】{title}：{body}"));
    assert_eq!(texts[0].sign_name, standins::SMS_SIGN_NAME);
    assert_eq!(texts[0].template_id, standins::SMS_TEMPLATE_ID);
    // One template message to the openid, with the token WeChat issued.
    assert_eq!(wechat.refused(), Vec::<String>::new());
    let sent = wechat.accepted();
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].touser, OPENID);
    assert_eq!(sent[0].access_token, "ACCESS_TOKEN_1");
    assert_eq!(sent[0].data["first"]["value"], title.as_str());
    assert_eq!(sent[0].data["keyword1"]["value"], body.as_str());
    let url = sent[0].url.clone().unwrap_or_default();
    assert!(url.starts_with(standins::PUBLIC_URL), "{url}");
    assert_eq!(wechat.tokens_issued(), 1);

    let rows = outside_deliveries(&app, user_id).await;
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(
        rows.iter()
            .all(|r| r.1 == DeliveryStatus::Delivered && r.2 == 1),
        "{rows:?}"
    );
    assert_eq!(
        attempts(&app, user_id, Channel::Sms).await,
        vec![(Some(200), None)]
    );
    // Nothing more to send.
    let again = run_once(&app.pool, &app.outbox, now + chrono::Duration::hours(1))
        .await
        .unwrap();
    assert_eq!(again.delivered, 0, "{again:?}");
    assert_eq!(sms.accepted().len(), 1);
    assert_eq!(wechat.accepted().len(), 1);
}

async fn gateways_failing_twice_deliver_on_the_third_attempt(backend: Backend) {
    let (sms, wechat) = (SmsStandIn::start(2), WechatStandIn::start(2, false));
    let providers = standins::providers(Some(&sms), Some(&wechat));
    let Some(app) = TestApp::spawn_configured(backend, true, None, Some(providers)).await else {
        return;
    };
    let (user_id, _) = signed_up(&app).await;
    let mut now: DateTime<Utc> = Utc::now();
    for round in 1..=2 {
        let worked = run_once(&app.pool, &app.outbox, now).await.unwrap();
        assert_eq!(
            (worked.delivered, worked.retrying),
            (0, 2),
            "round {round}: {worked:?}"
        );
        let rows = outside_deliveries(&app, user_id).await;
        assert_eq!(rows.len(), 2);
        for r in &rows {
            assert_eq!((r.1, r.2), (DeliveryStatus::Failed, round), "{rows:?}");
            assert!(r.3 > now.naive_utc(), "a retry later: {rows:?}");
        }
        // Not due yet: a run just before the retry does nothing.
        let early = rows.iter().map(|r| r.3).min().unwrap();
        let idle = run_once(
            &app.pool,
            &app.outbox,
            early.and_utc() - chrono::Duration::seconds(1),
        )
        .await
        .unwrap();
        assert_eq!(idle.delivered + idle.retrying, 0, "{idle:?}");
        now = rows.iter().map(|r| r.3).max().unwrap().and_utc();
    }
    let worked = run_once(&app.pool, &app.outbox, now).await.unwrap();
    assert_eq!(worked.delivered, 2, "{worked:?}");
    let rows = outside_deliveries(&app, user_id).await;
    assert!(
        rows.iter()
            .all(|r| r.1 == DeliveryStatus::Delivered && r.2 == 3),
        "{rows:?}"
    );
    // Exactly one message each reached the gateways, after two failed requests each.
    assert_eq!(sms.accepted().len(), 1);
    assert_eq!(sms.requests(), 3);
    assert_eq!(wechat.accepted().len(), 1);
    assert_eq!(wechat.sends(), 3);
    // Every attempt is in the log with its status and error.
    let s = attempts(&app, user_id, Channel::Sms).await;
    assert_eq!(
        s.iter().map(|a| a.0).collect::<Vec<_>>(),
        [Some(500), Some(500), Some(200)]
    );
    assert!(s[0].1.as_deref().unwrap().contains("HTTP 500"), "{s:?}");
    assert_eq!(s[2].1, None);
    let w = attempts(&app, user_id, Channel::Wechat).await;
    assert_eq!(w.len(), 3, "{w:?}");
    assert!(w[0].1.as_deref().unwrap().contains("errcode -1"), "{w:?}");
    assert!(w[1].1.as_deref().unwrap().contains("errcode -1"), "{w:?}");
    assert_eq!(w[2], (Some(200), None));
    // Later runs send nothing more.
    run_once(&app.pool, &app.outbox, now + chrono::Duration::days(1))
        .await
        .unwrap();
    assert_eq!(sms.accepted().len(), 1);
    assert_eq!(wechat.accepted().len(), 1);
}

async fn an_expired_wechat_token_is_fetched_again(backend: Backend) {
    // Each token works for one message: the second message meets 42001, the provider fetches
    // a new token and sends again within the same attempt.
    let wechat = WechatStandIn::start(0, true);
    let providers = standins::providers(None, Some(&wechat));
    let Some(app) = TestApp::spawn_configured(backend, true, None, Some(providers)).await else {
        return;
    };
    let (user_id, _) = signed_up(&app).await;
    let now = Utc::now();
    assert_eq!(
        run_once(&app.pool, &app.outbox, now)
            .await
            .unwrap()
            .delivered,
        1
    );
    // A second message to the same openid: the first token is spent.
    let m = youai_api::outbox::providers::TemplateMessage {
        openid: OPENID.into(),
        title: "活动变更".into(),
        body: "时间有变".into(),
        link: Some("/activities/1".into()),
    };
    app.outbox
        .providers
        .wechat
        .clone()
        .unwrap()
        .send(&m)
        .await
        .unwrap();
    let sent = wechat.accepted();
    assert_eq!(sent.len(), 2, "{sent:?}");
    assert_eq!(sent[0].access_token, "ACCESS_TOKEN_1");
    assert_eq!(sent[1].access_token, "ACCESS_TOKEN_2");
    assert_eq!(
        sent[1].url.as_deref(),
        Some("https://youai.example.cn/activities/1")
    );
    assert_eq!(wechat.tokens_issued(), 2);
    assert_eq!(
        wechat.refused(),
        vec!["stale token ACCESS_TOKEN_1".to_owned()]
    );
    let rows = outside_deliveries(&app, user_id).await;
    assert!(
        rows.iter().all(|r| r.1 == DeliveryStatus::Delivered),
        "{rows:?}"
    );
}

async fn a_bad_signature_is_refused_and_not_retried(backend: Backend) {
    let sms = SmsStandIn::start(0);
    let providers = youai_api::outbox::Providers {
        sms: Some(sms.provider_with_wrong_key()),
        ..Default::default()
    };
    let Some(app) = TestApp::spawn_configured(backend, true, None, Some(providers)).await else {
        return;
    };
    let (user_id, _) = signed_up(&app).await;
    let worked = run_once(&app.pool, &app.outbox, Utc::now()).await.unwrap();
    assert_eq!(worked.dead, 1, "{worked:?}");
    assert_eq!(sms.accepted(), vec![]);
    assert_eq!(
        sms.refused(),
        vec!["AuthFailure.SignatureFailure: signature mismatch".to_owned()]
    );
    let rows = outside_deliveries(&app, user_id).await;
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].1, rows[0].2), (DeliveryStatus::Dead, 1));
    let a = attempts(&app, user_id, Channel::Sms).await;
    assert!(
        a[0].1
            .as_deref()
            .unwrap()
            .contains("AuthFailure.SignatureFailure"),
        "{a:?}"
    );
}
