//! The public pages, signed out: the live figures, the login form (with its errors), client-side
//! routes and the language switch, the projects list and a venue's page.

use serde_json::Value;
use youai_tests::browser::Browser;
use youai_tests::reqwest::StatusCode;
use youai_tests::{ADMIN, json_of};

use crate::fixtures::{project_of, world};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn home_shows_the_live_figures() {
    let Some(b) = Browser::start(1280).await else {
        return;
    };
    let stats: Value = json_of(b.app.get("/api/v1/stats", None).await, StatusCode::OK).await;
    b.open("/").await;
    let title = b.client.title().await.unwrap();
    assert!(title.contains("友爱"), "title {title}");
    let shown: Vec<String> = b
        .texts(".stat-value")
        .await
        .iter()
        .map(|v| v.replace([',', ' '], ""))
        .collect();
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
    for label in ["累计服务时长", "享受礼遇人次", "已开展活动"] {
        if !html.contains(label) {
            b.fail(&format!("the figure {label} is not on the page"))
                .await;
        }
    }
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_form_signs_in_and_reports_errors() {
    let Some(b) = Browser::start(375).await else {
        return;
    };
    b.open("/login").await;
    // A wrong password shows the server's message in words.
    b.submit_login((ADMIN.0, "wrong-password")).await;
    b.text_until(".notice-error", "the invalid-credentials message", |t| {
        t.contains("手机号或密码错误")
    })
    .await;
    // A malformed phone number gets its message beside the field (from the server's 422 or the form).
    b.open("/login").await;
    b.submit_login(("123", "x")).await;
    b.find("#login-phone-error, .notice-error").await;
    // The right password signs in and shows who is signed in.
    b.open("/login").await;
    b.submit_login(ADMIN).await;
    b.text_until(".account-name", "the signed-in user's name", |t| {
        t.contains("文明办管理员")
    })
    .await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_routes_and_language_switch() {
    let Some(b) = Browser::start(1280).await else {
        return;
    };
    // An unknown client-side path is served index.html and shows the app's not-found view.
    b.open("/no/such/page").await;
    b.find(".not-found").await;
    b.open("/").await;
    b.find(".stat-value").await;
    assert_eq!(b.attr("html", "lang").await.as_deref(), Some("zh-CN"));
    b.click(".lang-switch button:last-child").await;
    b.text_until("#figures-heading", "English", |t| {
        t.is_ascii() && !t.is_empty()
    })
    .await;
    b.close().await;
}

/// Whether a text has Chinese characters.
fn chinese(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// How far the page and the header reach past the window's width, in CSS pixels (0: they fit).
async fn overflow(b: &Browser) -> i64 {
    let script = "const w = window.innerWidth;
        const header = document.querySelector('.site-header');
        const right = Math.max(...[...header.querySelectorAll('*')]
            .map(e => e.getBoundingClientRect().right));
        return Math.ceil(Math.max(document.documentElement.scrollWidth, header.scrollWidth, right) - w);";
    b.client
        .execute(script, vec![])
        .await
        .unwrap()
        .as_i64()
        .unwrap()
}

/// A phone in English: the header fits 375 px in both languages, signed out and in; the API's
/// problems and the fixed vocabularies come in English.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn english_all_the_way_down_on_a_phone() {
    let Some(b) = Browser::start(375).await else {
        return;
    };
    world(&b.app, "13600000103", "敬老助餐", 2 * 24 * 60, 5).await;
    b.open("/").await;
    b.find(".stat-value").await;
    let zh_out = overflow(&b).await;
    b.click(".lang-switch button:last-child").await;
    b.text_until("#figures-heading", "English", |t| {
        t.is_ascii() && !t.is_empty()
    })
    .await;
    let en_out = overflow(&b).await;
    if zh_out > 0 || en_out > 0 {
        b.fail(&format!(
            "signed out, the header overflows 375 px: zh {zh_out} px, en {en_out} px"
        ))
        .await;
    }

    // A wrong password, in English, from the server's problem.
    b.open("/login").await;
    b.submit_login((ADMIN.0, "wrong-password")).await;
    b.text_until(
        ".notice-error",
        "the English invalid-credentials message",
        |t| t.contains("Wrong phone number or password"),
    )
    .await;
    // A field's rule, in English beside the field.
    b.open("/register").await;
    b.set_value("#register-phone", "12345").await;
    b.set_value("#register-password", "short").await;
    b.set_value("#register-name", "李志愿").await;
    b.submit("main form").await;
    b.text_until(".field-error", "an English field message", |t| {
        !t.is_empty() && !chinese(t)
    })
    .await;

    // Signed in (the longest header: console, account), still within the phone's width.
    b.sign_in_as(ADMIN, "/projects").await;
    b.text_until(".project-card .tag", "a category's English name", |t| {
        !t.is_empty() && !chinese(t)
    })
    .await;
    let en_in = overflow(&b).await;
    b.click(".lang-switch button:first-child").await;
    b.text_until(".project-card .tag", "the category in Chinese", |t| {
        !t.is_ascii()
    })
    .await;
    let zh_in = overflow(&b).await;
    if zh_in > 0 || en_in > 0 {
        b.fail(&format!(
            "signed in, the header overflows 375 px: zh {zh_in} px, en {en_in} px"
        ))
        .await;
    }
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn projects_list_filters_by_batch_and_opens_a_project() {
    let Some(b) = Browser::start(375).await else {
        return;
    };
    let first = world(&b.app, "13600000101", "敬老助餐", 2 * 24 * 60, 5).await;
    let _second = world(&b.app, "13600000102", "河道保洁", 2 * 24 * 60, 5).await;
    let (project, batch) = project_of(&b.app, &first.activity).await;

    b.open("/projects").await;
    b.text_until(".project-list", "both projects", |t| {
        t.contains("敬老助餐项目") && t.contains("河道保洁项目")
    })
    .await;
    // One batch, by the filter: the other project goes.
    b.select("#project-batch", &batch.to_string()).await;
    b.select("#project-group", "社区居民").await;
    b.submit(".search-form").await;
    b.text_until(".project-list", "only the first batch's project", |t| {
        t.contains("敬老助餐项目") && !t.contains("河道保洁项目") && t.contains("敬老助餐批次")
    })
    .await;
    let url = b.url().await;
    assert!(
        url.contains(&format!("batch={batch}")),
        "the search is not in the URL: {url}"
    );
    // Its page.
    b.click(&format!(".project-list a[href='/projects/{project}']"))
        .await;
    b.text_until(".project-detail", "the project's facts", |t| {
        t.contains("敬老助餐项目")
            && t.contains("邻里互助")
            && t.contains("社区居民")
            && t.contains("敬老助餐批次")
            && t.contains("金港镇")
    })
    .await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn venue_page_lists_its_activity() {
    let Some(b) = Browser::start(375).await else {
        return;
    };
    let w = world(&b.app, "13600000111", "书香阅读会", 2 * 24 * 60, 5).await;
    // From the activity's page to its venue.
    b.open(&format!("/activities/{}", w.activity["id"])).await;
    b.click(".venue-link").await;
    b.text_until(".venue-detail h1", "the venue's name", |t| {
        t == w.venue["name"].as_str().unwrap()
    })
    .await;
    b.text_until(".venue-detail .facts", "the venue's address", |t| {
        t.contains(w.venue["address"].as_str().unwrap())
    })
    .await;
    b.text_until("#venue-activities + .card-list", "its activity", |t| {
        t.contains("书香阅读会")
    })
    .await;
    b.close().await;
}
