//! Phone verification by SMS code (issue 17, point 7), through the real Tencent SMS provider
//! against its stand-in: registration needs a code only when a gateway is configured; codes
//! are stored hashed, live 5 minutes, take 5 guesses; resends are throttled per phone and per
//! address; a forgotten password is reset by code without revealing which phones have
//! accounts.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use chrono::Duration;
use diesel::prelude::*;
use reqwest::StatusCode;
use serde_json::{Value, json};
use youai_db::schema::phone_codes;
use youai_tests::standins::{self, SmsStandIn};
use youai_tests::{Backend, TestApp, db_tests, json_of};

use crate::order_queues::with_db;

macro_rules! sms_tests {
    ($($name:ident),* $(,)?) => {
        mod with_sms_on_sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::with_sms(youai_tests::Backend::Sqlite, super::$name).await;
                }
            )*
        }
        mod with_sms_on_postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::with_sms(youai_tests::Backend::Postgres, super::$name).await;
                }
            )*
        }
    };
}

sms_tests!(
    registration_with_a_code_verifies_the_phone,
    codes_take_five_tries_and_expire,
    resends_are_throttled_per_phone_and_address,
    a_forgotten_password_is_reset_by_code,
);

db_tests!(registration_without_a_gateway_needs_no_code);

async fn with_sms<F, Fut>(backend: Backend, test: F)
where
    F: FnOnce(TestApp, SmsStandIn) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let sms = SmsStandIn::start(0);
    let providers = standins::providers(Some(&sms), None);
    let Some(app) = TestApp::spawn_configured(backend, false, None, Some(providers)).await else {
        return;
    };
    test(app, sms).await;
}

const PHONE: &str = "13700001788";

async fn ask(app: &TestApp, phone: &str, purpose: &str) -> reqwest::Response {
    app.post(
        "/api/v1/auth/phone-codes",
        None,
        &json!({"phone": phone, "purpose": purpose}),
    )
    .await
}

async fn register(app: &TestApp, phone: &str, code: Option<&str>) -> reqwest::Response {
    let mut body = json!({"phone": phone, "password": "password-123", "name": "验证甲"});
    if let Some(c) = code {
        body["code"] = json!(c);
    }
    app.post("/api/v1/auth/register", None, &body).await
}

/// The problem's field error on `code`.
async fn code_error(res: reqwest::Response) -> String {
    let p: Value = json_of(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(p["errors"][0]["field"], "code", "{p}");
    p["errors"][0]["code"].as_str().unwrap().to_owned()
}

/// Moves every code of `phone` `by` into the past (as if asked earlier).
async fn age_codes(app: &TestApp, phone: &str, by: Duration) {
    let phone = phone.to_owned();
    with_db(app, move |c| {
        let rows: Vec<(i64, chrono::NaiveDateTime, chrono::NaiveDateTime)> = phone_codes::table
            .filter(phone_codes::phone.eq(&phone))
            .select((
                phone_codes::id,
                phone_codes::created_at,
                phone_codes::expires_at,
            ))
            .load(c)
            .unwrap();
        for (id, created, expires) in rows {
            diesel::update(phone_codes::table.find(id))
                .set((
                    phone_codes::created_at.eq(created - by),
                    phone_codes::expires_at.eq(expires - by),
                ))
                .execute(c)
                .unwrap();
        }
    })
    .await;
}

async fn registration_with_a_code_verifies_the_phone(app: TestApp, sms: SmsStandIn) {
    let v: Value = json_of(
        app.get("/api/v1/auth/phone-verification", None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        v,
        json!({"required": true, "code_length": 6, "expires_in": 300, "resend_after": 60, "max_tries": 5})
    );
    // A code is required.
    assert_eq!(
        code_error(register(&app, PHONE, None).await).await,
        "code_required"
    );
    assert_eq!(
        code_error(register(&app, PHONE, Some("12345")).await).await,
        "code_required"
    );
    // None was sent yet.
    assert_eq!(
        code_error(register(&app, PHONE, Some("123456")).await).await,
        "code_not_sent"
    );

    let sent: Value = json_of(ask(&app, PHONE, "register").await, StatusCode::ACCEPTED).await;
    assert_eq!(sent, json!({"expires_in": 300, "resend_after": 60}));
    let texts = sms.accepted();
    assert_eq!(texts.len(), 1);
    assert_eq!(texts[0].phone, format!("+86{PHONE}"));
    let code = sms.last_code_to(PHONE).unwrap();
    assert!(texts[0].text.contains("5 分钟内有效"), "{texts:?}");
    // Only a hash is stored.
    let stored: Vec<String> = with_db(&app, |c| {
        phone_codes::table
            .select(phone_codes::code_hash)
            .load(c)
            .unwrap()
    })
    .await;
    assert_eq!(stored.len(), 1);
    assert!(
        !stored[0].contains(&code) && stored[0].len() == 64,
        "{stored:?}"
    );

    let wrong = if code == "000000" { "111111" } else { "000000" };
    assert_eq!(
        code_error(register(&app, PHONE, Some(wrong)).await).await,
        "code_wrong"
    );
    let user: Value = json_of(
        register(&app, PHONE, Some(&code)).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(user["phone_verified"], true);
    let token = app.login((PHONE, "password-123")).await;
    let me: Value = json_of(app.get("/api/v1/me", Some(&token)).await, StatusCode::OK).await;
    assert_eq!(me["user"]["phone_verified"], true);
    // The code is spent; the phone is taken (asking a register code for it is refused too,
    // once the minute is over).
    assert_eq!(
        ask(&app, PHONE, "register").await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    age_codes(&app, PHONE, Duration::seconds(61)).await;
    assert_eq!(
        ask(&app, PHONE, "register").await.status(),
        StatusCode::CONFLICT
    );
    assert_eq!(
        code_error(register(&app, "13700001789", Some(&code)).await).await,
        "code_not_sent"
    );
}

async fn registration_without_a_gateway_needs_no_code(app: TestApp) {
    let v: Value = json_of(
        app.get("/api/v1/auth/phone-verification", None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(v["required"], false);
    let user: Value = json_of(register(&app, PHONE, None).await, StatusCode::CREATED).await;
    assert_eq!(user["phone_verified"], false);
    // A code given anyway is ignored.
    let other: Value = json_of(
        register(&app, "13700001790", Some("123456")).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(other["phone_verified"], false);
    // No codes to send, no resets by code.
    let res = ask(&app, "13700001791", "register").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let p: Value = res.json().await.unwrap();
    assert_eq!(p["code"], "sms_not_configured");
    let res = app
        .post(
            "/api/v1/auth/password-reset",
            None,
            &json!({"phone": PHONE, "code": "123456", "new_password": "password-456"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

async fn codes_take_five_tries_and_expire(app: TestApp, sms: SmsStandIn) {
    assert_eq!(
        ask(&app, PHONE, "register").await.status(),
        StatusCode::ACCEPTED
    );
    let code = sms.last_code_to(PHONE).unwrap();
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for left in (0..5).rev() {
        let res = register(&app, PHONE, Some(wrong)).await;
        let p: Value = json_of(res, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(p["errors"][0]["code"], "code_wrong");
        let msg = p["errors"][0]["message"].as_str().unwrap();
        assert!(msg.contains(&format!("还可以再试 {left} 次")), "{msg}");
    }
    // Five wrong guesses spend the code: even the right one no longer works.
    assert_eq!(
        code_error(register(&app, PHONE, Some(&code)).await).await,
        "code_too_many_tries"
    );
    let tries: Vec<i32> = with_db(&app, |c| {
        phone_codes::table
            .select(phone_codes::tries)
            .load(c)
            .unwrap()
    })
    .await;
    assert_eq!(tries, [5]);

    // A new code (a minute later) replaces it; once five minutes old it has expired.
    age_codes(&app, PHONE, Duration::seconds(61)).await;
    assert_eq!(
        ask(&app, PHONE, "register").await.status(),
        StatusCode::ACCEPTED
    );
    let fresh = sms.last_code_to(PHONE).unwrap();
    age_codes(&app, PHONE, Duration::minutes(5)).await;
    assert_eq!(
        code_error(register(&app, PHONE, Some(&fresh)).await).await,
        "code_expired"
    );
    // A code just inside its five minutes works.
    age_codes(&app, PHONE, Duration::seconds(61)).await;
    assert_eq!(
        ask(&app, PHONE, "register").await.status(),
        StatusCode::ACCEPTED
    );
    let last = sms.last_code_to(PHONE).unwrap();
    age_codes(&app, PHONE, Duration::seconds(290)).await;
    let user: Value = json_of(
        register(&app, PHONE, Some(&last)).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(user["phone_verified"], true);
    assert_eq!(sms.accepted().len(), 3);
}

async fn too_many(res: reqwest::Response) -> i64 {
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        res.headers()["content-type"].to_str().unwrap(),
        "application/problem+json"
    );
    let wait: i64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let p: Value = res.json().await.unwrap();
    assert_eq!(p["code"], "too_many_codes");
    assert_eq!(p["status"], 429);
    wait
}

async fn resends_are_throttled_per_phone_and_address(app: TestApp, sms: SmsStandIn) {
    assert_eq!(
        ask(&app, PHONE, "register").await.status(),
        StatusCode::ACCEPTED
    );
    // Again at once: wait out the minute.
    let wait = too_many(ask(&app, PHONE, "register").await).await;
    assert!((55..=60).contains(&wait), "{wait}");
    assert_eq!(sms.accepted().len(), 1);
    // A minute later it may be sent again, up to five in an hour.
    for _ in 0..4 {
        age_codes(&app, PHONE, Duration::seconds(61)).await;
        assert_eq!(
            ask(&app, PHONE, "register").await.status(),
            StatusCode::ACCEPTED
        );
    }
    age_codes(&app, PHONE, Duration::seconds(61)).await;
    // Five in the last hour (the first asked 5 × 61 s ago): wait until it is an hour old.
    let wait = too_many(ask(&app, PHONE, "register").await).await;
    assert!(
        (3600 - 5 * 61 - 5..=3600 - 5 * 61).contains(&wait),
        "{wait}"
    );
    assert_eq!(sms.accepted().len(), 5);
    // An hour on, the phone may have codes again.
    age_codes(&app, PHONE, Duration::hours(1)).await;
    assert_eq!(
        ask(&app, PHONE, "register").await.status(),
        StatusCode::ACCEPTED
    );

    // Per address: twenty codes in an hour from one address, whatever the phones.
    let ip_total: i64 = with_db(&app, |c| {
        phone_codes::table
            .filter(phone_codes::created_at.gt(youai_db::now() - Duration::hours(1)))
            .count()
            .get_result(c)
            .unwrap()
    })
    .await;
    assert_eq!(ip_total, 1);
    for i in 0..19 {
        let phone = format!("1370000{:04}", 2000 + i);
        assert_eq!(
            ask(&app, &phone, "register").await.status(),
            StatusCode::ACCEPTED,
            "{phone}"
        );
    }
    let wait = too_many(ask(&app, "13700003000", "register").await).await;
    assert!(wait > 3000, "{wait}");
    assert_eq!(sms.accepted().len(), 6 + 19);
}

async fn a_forgotten_password_is_reset_by_code(app: TestApp, sms: SmsStandIn) {
    // An account (made with a code), logged in.
    assert_eq!(
        ask(&app, PHONE, "register").await.status(),
        StatusCode::ACCEPTED
    );
    let code = sms.last_code_to(PHONE).unwrap();
    assert_eq!(
        register(&app, PHONE, Some(&code)).await.status(),
        StatusCode::CREATED
    );
    let tokens = app.login_tokens((PHONE, "password-123")).await;
    let refresh = tokens["refresh_token"].as_str().unwrap().to_owned();

    // A known and an unknown phone get the same answer; only the known one gets a message.
    let unknown = "13700009999";
    let known: Value = json_of(
        ask(&app, PHONE, "reset_password").await,
        StatusCode::ACCEPTED,
    )
    .await;
    let other: Value = json_of(
        ask(&app, unknown, "reset_password").await,
        StatusCode::ACCEPTED,
    )
    .await;
    assert_eq!(known, other);
    assert_eq!(sms.last_code_to(unknown), None);
    assert_eq!(sms.accepted().len(), 2);
    // Throttled alike.
    too_many(ask(&app, PHONE, "reset_password").await).await;
    too_many(ask(&app, unknown, "reset_password").await).await;
    let reset = |phone: &str, code: &str, password: &str| {
        let body = json!({"phone": phone, "code": code, "new_password": password});
        let app = &app;
        async move { app.post("/api/v1/auth/password-reset", None, &body).await }
    };
    // Guessing for the unknown phone reads exactly like a wrong code for a known one.
    let a = reset(unknown, "123456", "password-456").await;
    let b = reset(
        PHONE,
        if code == "123456" { "654321" } else { "123456" },
        "password-456",
    )
    .await;
    let (a, b): (Value, Value) = (
        json_of(a, StatusCode::UNPROCESSABLE_ENTITY).await,
        json_of(b, StatusCode::UNPROCESSABLE_ENTITY).await,
    );
    assert_eq!(a["errors"], b["errors"]);
    // The register code does not reset a password; a reset code does not fix a bad password.
    let reset_code = sms.last_code_to(PHONE).unwrap();
    assert_ne!(reset_code, code);
    assert_eq!(
        code_error(reset(PHONE, &code, "password-456").await).await,
        "code_wrong"
    );
    let p: Value = json_of(
        reset(PHONE, &reset_code, "short").await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "new_password", "{p}");
    // Right code: the password changes and every login is signed out.
    let res = reset(PHONE, &reset_code, "password-456").await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = app
        .post(
            "/api/v1/auth/refresh",
            None,
            &json!({"refresh_token": refresh}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = app
        .post(
            "/api/v1/auth/login",
            None,
            &json!({"phone": PHONE, "password": "password-123"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let token = app.login((PHONE, "password-456")).await;
    let me: Value = json_of(app.get("/api/v1/me", Some(&token)).await, StatusCode::OK).await;
    assert_eq!(me["user"]["phone_verified"], true);
    // The code is spent.
    assert_eq!(
        code_error(reset(PHONE, &reset_code, "password-789").await).await,
        "code_used"
    );
}
