//! With an SMS gateway (the Tencent stand-in), the register page asks for a code: "send code"
//! texts one and counts down, and the code typed in registers a verified account. The login
//! page links to the forgotten-password page, which resets the password by code.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::time::{Duration, Instant};

use youai_tests::browser::Browser;
use youai_tests::standins::{self, SmsStandIn};

const PHONE: &str = "13700001888";

async fn code_for(b: &Browser, sms: &SmsStandIn, phone: &str, after: usize) -> String {
    let started = Instant::now();
    loop {
        if sms.accepted().len() > after
            && let Some(code) = sms.last_code_to(phone)
        {
            return code;
        }
        if started.elapsed() > Duration::from_secs(15) {
            b.fail("no code reached the SMS stand-in").await;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registering_with_an_sms_code_then_resetting_the_password() {
    let sms = SmsStandIn::start(0);
    let Some(b) = Browser::start_with_providers(375, standins::providers(Some(&sms), None)).await
    else {
        return;
    };
    b.open("/register").await;
    // The code field shows once the server says codes are required.
    b.find("#register-code").await;
    b.set_value("#register-phone", PHONE).await;
    b.click(".send-code button").await;
    let code = code_for(&b, &sms, PHONE, 0).await;
    // The button counts down and cannot be pressed again meanwhile.
    b.text_until(".send-code button", "a countdown", |t| {
        t.chars().any(|c| c.is_ascii_digit())
    })
    .await;
    assert_eq!(
        b.attr(".send-code button", "disabled").await.as_deref(),
        Some("true")
    );
    b.set_value("#register-code", &code).await;
    b.set_value("#register-password", "password-123").await;
    b.set_value("#register-name", "短信注册").await;
    b.submit("main form").await;
    // Registered and signed in: on to the volunteer form.
    let started = Instant::now();
    while !b.url().await.contains("/me/volunteer") {
        if started.elapsed() > Duration::from_secs(15) {
            b.fail("registration never went on to the volunteer form")
                .await;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let token = b.app.login((PHONE, "password-123")).await;
    let me: serde_json::Value = b
        .app
        .get("/api/v1/me", Some(&token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["user"]["phone_verified"], true);

    // Forgotten: from the login page to a new password by code.
    b.sign_out().await;
    b.open("/login").await;
    b.click("a[href='/forgot-password']").await;
    b.set_value("#forgot-phone", PHONE).await;
    b.click(".send-code button").await;
    let reset = code_for(&b, &sms, PHONE, 1).await;
    b.set_value("#forgot-code", &reset).await;
    b.set_value("#forgot-password", "password-456").await;
    b.submit("main form").await;
    b.text_until(".auth-card .notice", "the reset is done", |t| !t.is_empty())
        .await;
    b.app.login((PHONE, "password-456")).await;
    b.close().await;
}
