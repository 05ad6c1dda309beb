//! The SPA in a real headless Chromium: the live figures, the login form (with its errors),
//! client-side routes and the language switch; team search and pages, becoming a volunteer and
//! applying to a team, and the registration console; finding an activity and signing up, the
//! volunteer centre's hours and certificate, checking a certificate's code, and the venue kiosk
//! checking a volunteer in by QR token; a leader drafting a project that the town's admin
//! publishes, and a leader creating and publishing an activity.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use chrono::Datelike;
use serde_json::{Value, json};
use youai_tests::browser::Browser;
use youai_tests::reqwest::StatusCode;
use youai_tests::{ADMIN, JINGANG_ADMIN, TestApp, json_of};

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

/// Sets an input's value as typing would (for `<input type=date>`, whose typed form depends on
/// the browser's locale).
async fn set_value(b: &Browser, css: &str, value: &str) {
    b.find(css).await;
    let script = "const e = document.querySelector(arguments[0]); e.value = arguments[1]; \
                  e.dispatchEvent(new Event('input', { bubbles: true }));";
    if let Err(e) = b
        .client
        .execute(script, vec![Value::from(css), Value::from(value)])
        .await
    {
        b.fail(&format!("cannot set `{css}`: {e}")).await;
    }
}

/// Chooses the option with this value once the select has it.
async fn select(b: &Browser, css: &str, value: &str) {
    b.find(&format!("{css} option[value='{value}']")).await;
    if let Err(e) = b.find(css).await.select_by_value(value).await {
        b.fail(&format!("cannot choose {value} in `{css}`: {e}"))
            .await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn teams_search_page_and_becoming_a_volunteer_who_applies() {
    let Some(b) = Browser::start(
        "teams_search_page_and_becoming_a_volunteer_who_applies",
        375,
    )
    .await
    else {
        return;
    };
    let admin = b.app.login(ADMIN).await;
    let city = b.app.area_id("张家港市").await;
    let jingang = b.app.area_id("金港镇").await;
    let jindu = b.app.area_id("金都社区").await;
    let first_aid = b.app.skill("first_aid", "应急救护").await;
    let corps = b
        .app
        .team(
            &admin,
            json!({"kind": "city_corps", "name": "张家港市志愿服务总队", "area_id": city}),
        )
        .await;
    let theory = b
        .app
        .team(
            &admin,
            json!({"kind": "industry_detachment", "name": "理论宣讲行业支队", "area_id": city,
            "parent_id": corps["id"], "specialty": "理论宣讲", "description": "宣讲党的创新理论"}),
        )
        .await;
    b.app
        .team(
            &admin,
            json!({"kind": "squad", "name": "百姓名嘴小分队", "area_id": city,
            "parent_id": theory["id"], "specialty": "理论宣讲"}),
        )
        .await;
    b.app.new_user("13600000021", "林小雨").await;

    // Search by text and kind: the URL keeps the search, the list shows the one match.
    b.open("/teams").await;
    b.text_until(".card-list", "every team", |t| t.contains("百姓名嘴小分队"))
        .await;
    b.type_into("#team-q", "理论").await;
    select(&b, "#team-kind", "industry_detachment").await;
    b.click(".search-form button[type=submit]").await;
    b.text_until(".card-list", "only the industry detachment", |t| {
        t.contains("理论宣讲行业支队") && !t.contains("百姓名嘴小分队")
    })
    .await;
    let url = b.client.current_url().await.unwrap();
    assert!(url.as_str().contains("kind=industry_detachment"), "{url}");

    // The team page: kind, parent, sub-team and history.
    b.click(".team-card .card-title a").await;
    b.text_until(".team-page h1", "the team's name", |t| {
        t == "理论宣讲行业支队"
    })
    .await;
    b.text_until(".team-page .tags", "the kind", |t| t.contains("行业支队"))
        .await;
    b.text_until(".details", "the parent team", |t| {
        t.contains("张家港市志愿服务总队")
    })
    .await;
    b.text_until(".team-page .card-list", "the sub-team", |t| {
        t.contains("百姓名嘴小分队")
    })
    .await;
    b.text_until(".timeline", "the registration history", |t| {
        t.contains("创建")
    })
    .await;

    // Signed out, "申请加入" goes through the login and comes back.
    b.click(".join-box a.button").await;
    b.type_into("#login-phone", "13600000021").await;
    b.type_into("#login-password", "password-123").await;
    b.click("form button[type=submit]").await;
    b.click(".join-form button[type=submit]").await;
    b.text_until(
        ".join-box .notice-error",
        "volunteer_profile_required in words",
        |t| t.contains("志愿者资料"),
    )
    .await;

    // Becoming a volunteer: the form's own checks, then the server's, beside the fields.
    b.click(".join-box a[href='/me/volunteer']").await;
    b.click(".form-card button[type=submit]").await;
    b.text_until("#vol-real-name-error", "the name is required", |t| {
        !t.is_empty()
    })
    .await;
    b.find("#vol-area-error").await;
    b.type_into("#vol-real-name", "林").await;
    b.click("#vol-gender-female").await;
    let fifteen = format!("{}-03-15", chrono::Utc::now().year() - 15);
    set_value(&b, "#vol-birth-date", &fifteen).await;
    // Under 18: the guardian fields appear.
    b.find("#vol-guardian-name").await;
    select(&b, "#vol-town", &jingang.to_string()).await;
    select(&b, "#vol-village", &jindu.to_string()).await;
    b.click(&format!("#vol-skill-{first_aid}")).await;
    b.click(".form-card button[type=submit]").await;
    b.text_until("#vol-real-name-error", "the server's length rule", |t| {
        t.contains('2')
    })
    .await;
    b.text_until("#vol-guardian-name-error", "the guardian rule", |t| {
        t.contains("监护人")
    })
    .await;
    b.client
        .find(fantoccini::Locator::Css("#vol-real-name"))
        .await
        .unwrap()
        .clear()
        .await
        .unwrap();
    b.type_into("#vol-real-name", "林小雨").await;
    set_value(&b, "#vol-birth-date", "1995-06-20").await;
    b.click(".form-card button[type=submit]").await;
    b.text_until(".volunteer-number", "the volunteer number", |t| {
        !t.is_empty()
    })
    .await;
    b.text_until(".details", "the profile", |t| {
        t.contains("林小雨") && t.contains("应急救护") && t.contains("金都社区")
    })
    .await;
    b.text_until("#my-teams-heading + .empty", "no team yet", |t| {
        t.contains("还没有加入")
    })
    .await;

    // Applying, then applying again.
    let team_page = format!("/teams/{}", theory["id"]);
    b.open(&team_page).await;
    b.type_into("#join-message", "周末有空").await;
    b.click(".join-form button[type=submit]").await;
    b.text_until(".join-box .notice-success", "the application", |t| {
        t.contains("已提交申请")
    })
    .await;
    b.open(&team_page).await;
    b.click(".join-form button[type=submit]").await;
    b.text_until(".join-box .notice-error", "already_member in words", |t| {
        t.contains("已申请")
    })
    .await;
    b.open("/me/volunteer").await;
    b.text_until(
        "#my-teams-heading + ul",
        "the application among my teams",
        |t| t.contains("理论宣讲行业支队") && t.contains("已申请"),
    )
    .await;

    // Not staff: no 工作台 in the header, and the console says so.
    let nav = b.find(".main-nav").await.text().await.unwrap();
    assert!(nav.contains("我的志愿") && !nav.contains("工作台"), "{nav}");
    b.open("/console/registrations").await;
    b.text_until("main .notice", "staff only", |t| t.contains("管理员"))
        .await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn town_admin_approves_and_rejects_registrations() {
    let Some(b) = Browser::start("town_admin_approves_and_rejects_registrations", 1280).await
    else {
        return;
    };
    let jingang = b.app.area_id("金港镇").await;
    let (_, applicant) = b.app.new_user("13600000031", "刘队长").await;
    let rescue = b
        .app
        .team(
            &applicant,
            json!({"kind": "social_team", "name": "港城蓝天救援队", "area_id": jingang,
            "specialty": "应急救援", "contact_name": "刘队长", "contact_phone": "13600000031"}),
        )
        .await;
    let charity = b
        .app
        .team(
            &applicant,
            json!({"kind": "social_team", "name": "爱心义工协会", "area_id": jingang}),
        )
        .await;
    assert_eq!(rescue["status"], "pending");

    b.open("/login?next=/console/registrations").await;
    b.type_into("#login-phone", JINGANG_ADMIN.0).await;
    b.type_into("#login-password", JINGANG_ADMIN.1).await;
    b.click("form button[type=submit]").await;
    b.text_until("#pending-heading", "the admin's town", |t| {
        t.contains("金港镇")
    })
    .await;
    b.text_until(".main-nav", "the console link", |t| t.contains("工作台"))
        .await;
    b.text_until(".card-list", "both registrations", |t| {
        t.contains("港城蓝天救援队") && t.contains("爱心义工协会")
    })
    .await;

    // Rejecting asks for a reason first.
    let rescue_card = format!("#pending-team-{}", rescue["id"]);
    b.click(&format!("{rescue_card} .reject")).await;
    b.click(&format!("{rescue_card} .confirm-reject")).await;
    b.text_until(
        &format!("{rescue_card} .field-error"),
        "the missing reason",
        |t| t.contains("理由"),
    )
    .await;
    b.type_into(
        &format!("{rescue_card} textarea"),
        "材料不全：缺少负责人身份证明",
    )
    .await;
    b.click(&format!("{rescue_card} .confirm-reject")).await;
    b.text_until(".sr-status", "the rejection", |t| {
        t.contains("已驳回") && t.contains("港城蓝天救援队")
    })
    .await;
    b.text_until(".card-list", "the list without it", |t| {
        !t.contains("港城蓝天救援队") && t.contains("爱心义工协会")
    })
    .await;

    // Approving refreshes the list too.
    b.click(&format!("#pending-team-{} .approve", charity["id"]))
        .await;
    b.text_until(".sr-status", "the approval", |t| t.contains("已通过"))
        .await;
    b.text_until("main .empty", "nothing left", |t| t.contains("没有待审核"))
        .await;

    // The history keeps the reason.
    b.open(&format!("/teams/{}", rescue["id"])).await;
    b.text_until(".timeline", "the rejection and its reason", |t| {
        t.contains("驳回") && t.contains("缺少负责人身份证明")
    })
    .await;
    b.close().await;
}

/// An activity run by a volunteer-led team at a venue of 金都社区, published (recruiting).
struct World {
    leader: String,
    activity: Value,
    venue: Value,
}

fn in_minutes(m: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::minutes(m)).to_rfc3339()
}

/// A team led by a new volunteer (`leader_phone`), its published project (邻里互助, serving
/// 社区居民) and an activity `title` starting in `start_in` minutes for an hour.
async fn world(app: &TestApp, leader_phone: &str, title: &str, start_in: i64, quota: i32) -> World {
    world_with(app, leader_phone, title, start_in, quota, json!({})).await
}

/// [`world`], with more fields for the new activity (`auto_accept`…).
async fn world_with(
    app: &TestApp,
    leader_phone: &str,
    title: &str,
    start_in: i64,
    quota: i32,
    extra: Value,
) -> World {
    let admin = app.login(ADMIN).await;
    let jingang = app.area_id("金港镇").await;
    let (_, leader) = app
        .volunteer(leader_phone, "活动队长", "金都社区", json!({}))
        .await;
    let team = app
        .team(
            &leader,
            json!({"kind": "social_team", "name": format!("{title}服务队"), "area_id": jingang}),
        )
        .await;
    let approve = app
        .post(
            &format!("/api/v1/teams/{}/decisions", team["id"]),
            Some(&admin),
            &json!({"decision": "approve"}),
        )
        .await;
    assert_eq!(approve.status(), StatusCode::OK);
    let batch: Value = json_of(
        app.post(
            "/api/v1/project-batches",
            Some(&admin),
            &json!({"name": format!("{title}批次"), "released_on": "2026-12-01"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let project: Value = json_of(
        app.post(
            "/api/v1/projects",
            Some(&leader),
            &json!({"title": format!("{title}项目"), "category": "邻里互助", "target_groups": ["社区居民"],
                "level": "town", "area_id": jingang, "owner_team_id": team["id"]}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let reviews = format!("/api/v1/projects/{}/reviews", project["id"]);
    for (who, body) in [
        (&leader, json!({"action": "submit"})),
        (
            &admin,
            json!({"action": "approve", "batch_id": batch["id"]}),
        ),
    ] {
        assert_eq!(
            app.post(&reviews, Some(who), &body).await.status(),
            StatusCode::OK
        );
    }
    let venue = app.venue_in(app.area_id("金都社区").await).await;
    let mut body = json!({"project_id": project["id"], "title": title, "start_at": in_minutes(start_in),
        "end_at": in_minutes(start_in + 60), "signup_deadline": in_minutes(start_in - 10),
        "venue_id": venue["id"], "quota": quota});
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    let a: Value = json_of(
        app.post("/api/v1/activities", Some(&leader), &body).await,
        StatusCode::CREATED,
    )
    .await;
    let activity: Value = json_of(
        app.post(
            &format!("/api/v1/activities/{}/transitions", a["id"]),
            Some(&leader),
            &json!({"action": "publish"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(activity["status"], "recruiting");
    World {
        leader,
        activity,
        venue,
    }
}

/// Signs in through the login form, which then goes to `next`.
async fn sign_in(b: &Browser, phone: &str, password: &str, next: &str) {
    b.open(&format!("/login?next={next}")).await;
    b.type_into("#login-phone", phone).await;
    b.type_into("#login-password", password).await;
    b.click("form button[type=submit]").await;
    b.text_until(".account-name", "who is signed in", |t| !t.is_empty())
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn volunteer_finds_an_activity_and_signs_up() {
    let Some(b) = Browser::start("volunteer_finds_an_activity_and_signs_up", 375).await else {
        return;
    };
    // Two days ahead, one place.
    let w = world(&b.app, "13600000051", "楼道清洁日", 2 * 24 * 60, 1).await;
    let jingang = b.app.area_id("金港镇").await;
    b.app
        .volunteer("13600000052", "周志愿", "金都社区", json!({}))
        .await;
    sign_in(&b, "13600000052", "password-123", "/activities").await;

    // The search: text, town, target group and "free places only"; the URL keeps it.
    b.text_until("#activity-results + p", "from today", |t| !t.is_empty())
        .await;
    b.type_into("#activity-q", "楼道").await;
    select(&b, "#activity-area", &jingang.to_string()).await;
    select(&b, "#activity-group", "社区居民").await;
    b.click("#activity-free").await;
    b.click(".search-form button[type=submit]").await;
    b.text_until(".card-list", "the activity", |t| {
        t.contains("楼道清洁日") && t.contains("1 / 1")
    })
    .await;
    let url = b.client.current_url().await.unwrap();
    assert!(
        url.as_str().contains(&format!("area={jingang}")) && url.as_str().contains("free=1"),
        "{url}"
    );
    // A category nobody uses: the empty state.
    b.open("/activities?category=%E6%97%A0%E6%AD%A4%E7%B1%BB%E5%88%AB")
        .await;
    b.text_until("main .empty", "no match", |t| t.contains("没有符合条件"))
        .await;

    // Someone else takes the only place meanwhile: signing up puts this volunteer on the waiting list.
    let (_, other) = b
        .app
        .volunteer("13600000053", "吴志愿", "金都社区", json!({}))
        .await;
    let sign_ups = format!("/api/v1/activities/{}/sign-ups", w.activity["id"]);
    let s: Value = json_of(
        b.app.post(&sign_ups, Some(&other), &json!({})).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(s["status"], "accepted");
    let page = format!("/activities/{}", w.activity["id"]);
    b.open(&page).await;
    b.text_until(".activity-page h1", "the title", |t| t == "楼道清洁日")
        .await;
    b.text_until(".details", "no place left", |t| t.contains("名额已满"))
        .await;
    b.click(".sign-up-box button.sign-up").await;
    b.text_until(".sign-up-result", "waitlisted", |t| t.contains("候补"))
        .await;
    // Signing up again: the 409 in words.
    b.open(&page).await;
    b.click(".sign-up-box button.sign-up").await;
    b.text_until(
        ".sign-up-box .notice-error",
        "already_signed_up in words",
        |t| t.contains("已报名"),
    )
    .await;

    // An activity with places: accepted at once, the places follow, and cancelling works.
    let w2 = world(&b.app, "13600000054", "社区义诊", 3 * 24 * 60, 5).await;
    b.open(&format!("/activities/{}", w2.activity["id"])).await;
    b.text_until(".details", "five places", |t| t.contains("5 / 5"))
        .await;
    b.click(".sign-up-box button.sign-up").await;
    b.text_until(".sign-up-result", "accepted", |t| t.contains("已录取"))
        .await;
    b.text_until(".details", "one place taken", |t| t.contains("4 / 5"))
        .await;
    b.click(".sign-up-box .cancel-sign-up").await;
    b.text_until(".sign-up-result", "cancelled", |t| t.contains("已取消"))
        .await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn certificate_check_page_and_volunteer_centre() {
    let Some(b) = Browser::start("certificate_check_page_and_volunteer_centre", 375).await else {
        return;
    };
    let w = world(&b.app, "13600000061", "敬老院慰问", 20, 5).await;
    let (v, v_token) = b
        .app
        .volunteer("13600000062", "证书甲", "金都社区", json!({}))
        .await;
    let rec: Value = json_of(
        b.app
            .post(
                "/api/v1/service-records",
                Some(&w.leader),
                &json!({"volunteer_id": v["id"], "activity_id": w.activity["id"], "hours": 0.75}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    let verified = b
        .app
        .post(
            &format!("/api/v1/service-records/{}/verification", rec["id"]),
            Some(&w.leader),
            &json!({"status": "verified"}),
        )
        .await;
    assert_eq!(verified.status(), StatusCode::OK);
    let page = b
        .app
        .get(
            &format!("/api/v1/volunteers/{}/certificate", v["id"]),
            Some(&v_token),
        )
        .await
        .text()
        .await
        .unwrap();
    let start = page.find("<code id=\"code\">").unwrap() + "<code id=\"code\">".len();
    let code = page[start..start + 14].to_string();

    // The URL printed on the certificate, opened directly, without a login.
    b.open(&format!("/verify/{code}")).await;
    b.text_until(".verify-ok", "genuine", |t| t.contains("证明属实"))
        .await;
    b.text_until(".verify-details", "the masked name and the hours", |t| {
        t.contains("证*甲") && t.contains("0.75") && t.contains(&code)
    })
    .await;
    // A code typed into the form that no certificate has.
    b.open("/verify").await;
    b.type_into("#verify-code", "2222-3333-4444").await;
    b.click(".verify-form button[type=submit]").await;
    b.text_until(".verify-not-found", "not found", |t| {
        t.contains("未找到") && t.contains("2222-3333-4444")
    })
    .await;
    let url = b.client.current_url().await.unwrap();
    assert!(url.as_str().ends_with("/verify/2222-3333-4444"), "{url}");

    // The volunteer centre: the QR code, the hours and the certificate as a blob URL.
    sign_in(&b, "13600000062", "password-123", "/me").await;
    b.find(".check-in-code svg.qr-code path").await;
    b.text_until(".my-hours .total-hours-value", "the verified hours", |t| {
        t == "0.75"
    })
    .await;
    b.text_until(".record-list", "the record", |t| {
        t.contains("已认证") && t.contains("邻里互助")
    })
    .await;
    b.click(".certificate .button").await;
    let link = b.find(".certificate a[href^='blob:']").await;
    assert!(
        link.attr("href")
            .await
            .unwrap()
            .unwrap()
            .starts_with("blob:")
    );
    // Full screen and back.
    b.click(".check-in-code .full-screen").await;
    b.click(".qr-overlay button").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kiosk_lists_the_venue_activity_and_checks_a_volunteer_in() {
    let Some(b) = Browser::start(
        "kiosk_lists_the_venue_activity_and_checks_a_volunteer_in",
        1280,
    )
    .await
    else {
        return;
    };
    // Starting in 20 minutes: check-in is open.
    let w = world(&b.app, "13600000071", "科普小课堂", 20, 5).await;
    let (_, v_token) = b
        .app
        .volunteer("13600000072", "扫码丙", "金都社区", json!({}))
        .await;
    let s: Value = json_of(
        b.app
            .post(
                &format!("/api/v1/activities/{}/sign-ups", w.activity["id"]),
                Some(&v_token),
                &json!({}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(s["status"], "accepted");
    let (kiosk_id, _) = b.app.new_user("13600000079", "金都实践站一体机").await;
    let admin = b.app.login(ADMIN).await;
    let grant = b
        .app
        .post(
            "/api/v1/role-grants",
            Some(&admin),
            &json!({"user_id": kiosk_id, "role": "kiosk", "venue_id": w.venue["id"]}),
        )
        .await;
    assert_eq!(grant.status(), StatusCode::CREATED);

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
    assert!(
        b.client
            .find(fantoccini::Locator::Css(".site-header"))
            .await
            .is_err(),
        "the kiosk shows the site's header"
    );

    // The kiosk account signs in once; a scanned code (typed, then Enter) checks the volunteer in.
    b.type_into("#kiosk-phone", "13600000079").await;
    b.type_into("#kiosk-password", "password-123").await;
    b.click(".kiosk-login button[type=submit]").await;
    let t: Value = json_of(
        b.app.get("/api/v1/me/check-in-token", Some(&v_token)).await,
        StatusCode::OK,
    )
    .await;
    let token = t["token"].as_str().unwrap();
    let enter = char::from(fantoccini::key::Key::Enter);
    b.type_into("#kiosk-token", &format!("{token}{enter}"))
        .await;
    b.text_until(".kiosk-result", "the check-in", |t| {
        t.contains("扫码丙") && t.contains("签到成功") && t.contains("科普小课堂")
    })
    .await;
    // The same code again: refused, in words.
    b.type_into("#kiosk-token", &format!("{token}{enter}"))
        .await;
    b.text_until(".kiosk-error", "token_used in words", |t| {
        t.contains("已使用")
    })
    .await;
    let sign_ups: Value = json_of(
        b.app
            .get(
                &format!("/api/v1/activities/{}/sign-ups", w.activity["id"]),
                Some(&w.leader),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(sign_ups["items"][0]["status"], "checked_in");
    b.close().await;
}

/// Forgets the login kept in the browser (as another person would sit down at it).
async fn sign_out(b: &Browser) {
    if let Err(e) = b.client.execute("localStorage.clear();", Vec::new()).await {
        b.fail(&format!("cannot clear the login: {e}")).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leader_accepts_a_sign_up_in_the_console() {
    let Some(b) = Browser::start("leader_accepts_a_sign_up_in_the_console", 1280).await else {
        return;
    };
    // Sign-ups wait for the leader.
    let w = world_with(
        &b.app,
        "13600000081",
        "心理疏导讲座",
        2 * 24 * 60,
        5,
        json!({"auto_accept": false}),
    )
    .await;
    let (_, v_token) = b
        .app
        .volunteer("13600000082", "待审乙", "金都社区", json!({}))
        .await;
    let sign_ups = format!("/api/v1/activities/{}/sign-ups", w.activity["id"]);
    let s: Value = json_of(
        b.app.post(&sign_ups, Some(&v_token), &json!({})).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(s["status"], "applied");

    sign_in(&b, "13600000081", "password-123", "/console").await;
    b.text_until(".console-parts", "the leader's parts", |t| {
        t.contains("活动管理") && t.contains("时长认证") && !t.contains("队伍注册审核")
    })
    .await;
    b.click(".console-parts a[href='/console/activities']")
        .await;
    let desk = format!("#activity-desk-{}", w.activity["id"]);
    b.text_until(&desk, "the sign-up waiting", |t| {
        t.contains("心理疏导讲座") && t.contains("报名需审核") && t.contains("待审乙")
    })
    .await;
    b.click(&format!("#sign-up-{} .accept", s["id"])).await;
    b.text_until(&desk, "nothing left waiting", |t| {
        t.contains("没有待审核的报名")
    })
    .await;
    let list: Value = json_of(b.app.get(&sign_ups, Some(&w.leader)).await, StatusCode::OK).await;
    assert_eq!(list["items"][0]["status"], "accepted");
    // The volunteer's centre lists it among the upcoming ones, with a cancel button.
    sign_out(&b).await;
    sign_in(&b, "13600000082", "password-123", "/me").await;
    b.text_until(".my-sign-ups", "the accepted sign-up", |t| {
        t.contains("心理疏导讲座") && t.contains("已录取")
    })
    .await;
    b.find(&format!("#my-sign-up-{} .cancel-sign-up", s["id"]))
        .await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kiosk_checks_in_then_out_by_venue_scans() {
    let Some(b) = Browser::start("kiosk_checks_in_then_out_by_venue_scans", 1280).await else {
        return;
    };
    let w = world(&b.app, "13600000091", "垃圾分类宣传", 20, 5).await;
    let (v, v_token) = b
        .app
        .volunteer("13600000092", "扫码丁", "金都社区", json!({}))
        .await;
    let s: Value = json_of(
        b.app
            .post(
                &format!("/api/v1/activities/{}/sign-ups", w.activity["id"]),
                Some(&v_token),
                &json!({}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(s["status"], "accepted");
    let (kiosk_id, _) = b.app.new_user("13600000099", "金都实践站一体机").await;
    let admin = b.app.login(ADMIN).await;
    let grant = b
        .app
        .post(
            "/api/v1/role-grants",
            Some(&admin),
            &json!({"user_id": kiosk_id, "role": "kiosk", "venue_id": w.venue["id"]}),
        )
        .await;
    assert_eq!(grant.status(), StatusCode::CREATED);

    b.open(&format!("/kiosk/{}", w.venue["id"])).await;
    b.text_until("#kiosk-today + .kiosk-list", "today's activity", |t| {
        t.contains("垃圾分类宣传")
    })
    .await;
    b.type_into("#kiosk-phone", "13600000099").await;
    b.type_into("#kiosk-password", "password-123").await;
    b.click(".kiosk-login button[type=submit]").await;
    let enter = char::from(fantoccini::key::Key::Enter);
    // The first scan checks in…
    let t: Value = json_of(
        b.app.get("/api/v1/me/check-in-token", Some(&v_token)).await,
        StatusCode::OK,
    )
    .await;
    b.type_into(
        "#kiosk-token",
        &format!("{}{enter}", t["token"].as_str().unwrap()),
    )
    .await;
    b.text_until(".kiosk-ok", "the check-in", |t| {
        t.contains("扫码丁") && t.contains("签到成功") && t.contains("垃圾分类宣传")
    })
    .await;
    // …a scan in another window checks out, with the hours served (none yet: it starts later).
    let next = youai_tests::world::another_check_in_token(
        &b.app,
        &v_token,
        v["id"].as_i64().unwrap(),
        t["token"].as_str().unwrap(),
    )
    .await;
    b.type_into("#kiosk-token", &format!("{next}{enter}")).await;
    b.text_until(".kiosk-ok", "the check-out with its hours", |t| {
        t.contains("扫码丁") && t.contains("签退成功") && t.contains("本次服务 0 小时")
    })
    .await;
    // Someone with no sign-up here: refused in words.
    let (_, stranger) = b
        .app
        .volunteer("13600000093", "路人戊", "金都社区", json!({}))
        .await;
    let t: Value = json_of(
        b.app
            .get("/api/v1/me/check-in-token", Some(&stranger))
            .await,
        StatusCode::OK,
    )
    .await;
    b.type_into(
        "#kiosk-token",
        &format!("{}{enter}", t["token"].as_str().unwrap()),
    )
    .await;
    b.text_until(".kiosk-error", "no_sign_up_here in words", |t| {
        t.contains("没有找到该志愿者")
    })
    .await;
    let list: Value = json_of(
        b.app
            .get(
                &format!("/api/v1/activities/{}/sign-ups", w.activity["id"]),
                Some(&w.leader),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(list["items"][0]["status"], "checked_out");
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leader_verifies_hours_and_the_star_moves() {
    let Some(b) = Browser::start("leader_verifies_hours_and_the_star_moves", 375).await else {
        return;
    };
    let admin = b.app.login(ADMIN).await;
    let rules = b
        .app
        .request(
            youai_tests::reqwest::Method::PUT,
            "/api/v1/reward-rules",
            Some(&admin),
        )
        .json(
            &json!({"star_thresholds_hours": [1, 2, 3, 4, 5], "points_per_hour": 10,
            "cap_per_activity": null, "leader_entry_earns": true, "expire_on": null}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(rules.status(), StatusCode::OK);
    let w = world(&b.app, "13600000101", "关爱留守儿童", 20, 5).await;
    let (v, v_token) = b
        .app
        .volunteer("13600000102", "时长己", "金都社区", json!({}))
        .await;
    let signed: Value = json_of(
        b.app
            .post(
                &format!("/api/v1/activities/{}/sign-ups", w.activity["id"]),
                Some(&v_token),
                &json!({}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(signed["status"], "accepted");
    let rec: Value = json_of(
        b.app
            .post(
                "/api/v1/service-records",
                Some(&w.leader),
                &json!({"volunteer_id": v["id"], "activity_id": w.activity["id"], "hours": 1.0}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;

    // Before: no star, no points.
    sign_in(&b, "13600000102", "password-123", "/me").await;
    b.text_until(".my-star", "no star yet", |t| {
        t.contains("尚未评星") && t.contains("还差")
    })
    .await;
    b.text_until(".points-balance-value", "no points", |t| t == "0")
        .await;
    sign_out(&b).await;

    // The leader verifies the hour in the queue.
    sign_in(&b, "13600000101", "password-123", "/console/records").await;
    let card = format!("#queued-record-{}", rec["id"]);
    b.text_until(&card, "the record with the volunteer's name", |t| {
        t.contains("时长己") && t.contains("关爱留守儿童") && t.contains('1')
    })
    .await;
    b.click(&format!("{card} .verify")).await;
    b.text_until(".sr-status", "the verification", |t| t.contains("已认证"))
        .await;
    b.text_until("main .empty", "an empty queue", |t| {
        t.contains("没有待认证")
    })
    .await;
    sign_out(&b).await;

    // After: ★1 with the bar towards ★2, and the points earned.
    sign_in(&b, "13600000102", "password-123", "/me").await;
    b.text_until(".my-star .star-value", "one star", |t| t.starts_with('1'))
        .await;
    b.text_until(".star-hours-value", "one hour", |t| t == "1")
        .await;
    b.text_until(".star-to-next", "the way to the next level", |t| {
        t.contains("★★") && t.contains("还差 1 小时")
    })
    .await;
    b.text_until(".points-balance-value", "ten points", |t| t == "10")
        .await;
    b.text_until(".ledger", "the ledger entry", |t| {
        t.contains("服务获得") && t.contains("+10")
    })
    .await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn volunteer_redeems_a_courtesy_and_the_provider_redeems_the_voucher() {
    let Some(b) = Browser::start(
        "volunteer_redeems_a_courtesy_and_the_provider_redeems_the_voucher",
        1280,
    )
    .await
    else {
        return;
    };
    let admin = b.app.login(ADMIN).await;
    let (provider_id, _) = b.app.new_user("13600000119", "港城图书馆").await;
    let reward: Value = json_of(
        b.app
            .post(
                "/api/v1/rewards",
                Some(&admin),
                &json!({"kind": "goods", "name": "志愿者文化衫", "provider": "港城图书馆",
                    "provider_user_id": provider_id, "cost_points": 30, "per_person_limit": 1, "stock": 5}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    let (v, _) = b
        .app
        .volunteer("13600000111", "积分庚", "金都社区", json!({}))
        .await;
    let adjusted = b
        .app
        .post(
            &format!("/api/v1/volunteers/{}/points/adjustments", v["id"]),
            Some(&admin),
            &json!({"points": 50, "reason": "测试"}),
        )
        .await;
    assert_eq!(adjusted.status(), StatusCode::CREATED);

    // The catalogue: cost, stock and the limit; redeeming spends the points.
    sign_in(&b, "13600000111", "password-123", "/rewards").await;
    let card = format!("#reward-card-{}", reward["id"]);
    b.text_until(&card, "the courtesy", |t| {
        t.contains("志愿者文化衫")
            && t.contains("港城图书馆")
            && t.contains("30 积分")
            && t.contains("每人限兑 1")
    })
    .await;
    b.text_until(".balance-value", "50 points", |t| t == "50")
        .await;
    b.click(&format!("{card} .redeem")).await;
    b.text_until(&format!("{card} .redeemed"), "the voucher", |t| {
        t.contains("兑换成功")
    })
    .await;
    let code = b
        .find(&format!("{card} .redeemed code"))
        .await
        .text()
        .await
        .unwrap();
    b.text_until(".balance-value", "20 points left", |t| t == "20")
        .await;
    // A second one: over the limit, in words.
    b.click(&format!("{card} .redeem")).await;
    b.text_until(
        &format!("{card} .notice-error"),
        "limit_reached in words",
        |t| t.contains("每人兑换上限"),
    )
    .await;

    // My vouchers: the QR code and the code.
    b.click(".balance a[href='/me/vouchers']").await;
    b.text_until(".voucher-list", "the voucher", |t| {
        t.contains("志愿者文化衫") && t.contains(&code) && t.contains("待使用")
    })
    .await;
    b.find(".voucher-card svg.qr-code path").await;
    b.find(".voucher-card .cancel-voucher").await;
    sign_out(&b).await;

    // The provider redeems it once; a second time is refused.
    sign_in(&b, "13600000119", "password-123", "/console/vouchers").await;
    b.text_until(".main-nav", "the console link", |t| t.contains("工作台"))
        .await;
    let enter = char::from(fantoccini::key::Key::Enter);
    b.type_into("#voucher-code", &format!("{code}{enter}"))
        .await;
    b.text_until(".redeem-ok", "the redemption", |t| {
        t.contains("核销成功") && t.contains("志愿者文化衫")
    })
    .await;
    b.type_into("#voucher-code", &format!("{code}{enter}"))
        .await;
    b.text_until(".redeem-error", "voucher_redeemed in words", |t| {
        t.contains("已核销过")
    })
    .await;
    b.close().await;
}

/// The README's screenshots, against the whole demo (city, corps, history, courtesies): the
/// home page, a volunteer's centre and a venue kiosk that has just checked someone in, each at
/// 375 px and 1280 px. Not part of the suite: run it with
/// `YOUAI_SPA_DIR=$PWD/frontend/dist cargo test -p youai-tests --test browser -- --ignored readme_screenshots`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "writes docs/screenshots; run by hand"]
async fn readme_screenshots() {
    let Some(b) = Browser::start("readme_screenshots", 1280).await else {
        return;
    };
    let pool = b.app.pool.clone();
    tokio::task::spawn_blocking(move || {
        let key = youai_api::crypto::DataKey::from_hex(youai_tests::TEST_DATA_KEY).unwrap();
        let mut conn = pool.get().unwrap();
        youai_demo::corps::load_corps(&mut conn, &key).unwrap();
        youai_demo::activities::load_activities(&mut conn).unwrap();
        youai_demo::rewards::load_rewards(&mut conn).unwrap();
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

    // The kiosk of a 金都社区 venue, with an activity today and a volunteer just checked in.
    let w = world(&b.app, "19900000001", "社区敬老助餐", 20, 10).await;
    let (_, v_token) = b
        .app
        .volunteer("19900000002", "王思琪", "金都社区", json!({}))
        .await;
    let sign_ups = format!("/api/v1/activities/{}/sign-ups", w.activity["id"]);
    let signed = b.app.post(&sign_ups, Some(&v_token), &json!({})).await;
    assert_eq!(signed.status(), StatusCode::CREATED);
    let (kiosk_id, _) = b.app.new_user("19900000009", "金都实践站一体机").await;
    let admin = b.app.login(ADMIN).await;
    let grant = b
        .app
        .post(
            "/api/v1/role-grants",
            Some(&admin),
            &json!({"user_id": kiosk_id, "role": "kiosk", "venue_id": w.venue["id"]}),
        )
        .await;
    assert_eq!(grant.status(), StatusCode::CREATED);

    // A demo volunteer (李晓雯, of 金都社区志愿服务队), signed up for today's activity, with
    // verified hours, points and an honour.
    let li = b.app.login(("13800000004", "youai-demo-2026")).await;
    let me: Value = json_of(b.app.get("/api/v1/me", Some(&li)).await, StatusCode::OK).await;
    let li_id = me["volunteer_id"].clone();
    let signed = b.app.post(&sign_ups, Some(&li), &json!({})).await;
    assert_eq!(signed.status(), StatusCode::CREATED);
    let rec: Value = json_of(
        b.app
            .post(
                "/api/v1/service-records",
                Some(&w.leader),
                &json!({"volunteer_id": li_id, "activity_id": w.activity["id"], "hours": 1.0}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    let verified = b
        .app
        .post(
            &format!("/api/v1/service-records/{}/verification", rec["id"]),
            Some(&w.leader),
            &json!({"status": "verified"}),
        )
        .await;
    assert_eq!(verified.status(), StatusCode::OK);
    let honour = b
        .app
        .post(
            &format!("/api/v1/volunteers/{li_id}/honours"),
            Some(&admin),
            &json!({"title": "金港镇优秀志愿者", "citation": "常年参与社区助老服务", "awarded_on": "2026-03-05"}),
        )
        .await;
    assert_eq!(honour.status(), StatusCode::CREATED);
    sign_in(&b, "13800000004", "youai-demo-2026", "/me").await;
    b.find(".my-star .star-value").await;
    b.find(".points-balance-value").await;
    b.find(".honour-list").await;
    shoot("me", 1100, Some("#sign-ups-heading")).await;
    sign_out(&b).await;

    // The reports: hours by town and month.
    sign_in(&b, ADMIN.0, ADMIN.1, "/console/reports").await;
    b.find("#chart-town-months svg rect").await;
    shoot("reports", 900, Some("#chart-town-months")).await;
    sign_out(&b).await;

    b.open(&format!("/kiosk/{}", w.venue["id"])).await;
    b.type_into("#kiosk-phone", "19900000009").await;
    b.type_into("#kiosk-password", "password-123").await;
    b.click(".kiosk-login button[type=submit]").await;
    let t: Value = json_of(
        b.app.get("/api/v1/me/check-in-token", Some(&v_token)).await,
        StatusCode::OK,
    )
    .await;
    let enter = char::from(fantoccini::key::Key::Enter);
    b.type_into(
        "#kiosk-token",
        &format!("{}{enter}", t["token"].as_str().unwrap()),
    )
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

/// The activity's project is published in a batch of its own: `(project id, batch id)`.
async fn project_of(app: &TestApp, activity: &Value) -> (i64, i64) {
    let project: Value = json_of(
        app.get(
            &format!("/api/v1/projects/{}", activity["project_id"]),
            None,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    (
        project["id"].as_i64().unwrap(),
        project["batch_id"].as_i64().unwrap(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn projects_list_filters_by_batch_and_opens_a_project() {
    let Some(b) = Browser::start("projects_list_filters_by_batch_and_opens_a_project", 375).await
    else {
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
    select(&b, "#project-batch", &batch.to_string()).await;
    select(&b, "#project-group", "社区居民").await;
    b.click(".search-form button[type=submit]").await;
    b.text_until(".project-list", "only the first batch's project", |t| {
        t.contains("敬老助餐项目") && !t.contains("河道保洁项目") && t.contains("敬老助餐批次")
    })
    .await;
    let url = b.client.current_url().await.unwrap();
    assert!(
        url.as_str().contains(&format!("batch={batch}")),
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
    let Some(b) = Browser::start("venue_page_lists_its_activity", 375).await else {
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_adds_a_courtesy_with_a_field_error_beside_its_field() {
    let Some(b) = Browser::start(
        "admin_adds_a_courtesy_with_a_field_error_beside_its_field",
        375,
    )
    .await
    else {
        return;
    };
    sign_in(&b, ADMIN.0, ADMIN.1, "/console").await;
    b.click(".console-parts a[href='/console/rewards']").await;
    select(&b, "#reward-kind", "goods").await;
    b.type_into("#reward-name", "志愿者保温杯").await;
    b.type_into("#reward-provider", "市志愿服务总队").await;
    b.type_into("#reward-cost", "150").await;
    // Goods without stock: the server's field error shows beside the stock field.
    b.click(".new-reward-form button[type=submit]").await;
    b.text_until("#reward-stock-error", "the stock error", |t| {
        t.contains("库存")
    })
    .await;
    let described = b
        .find("#reward-stock")
        .await
        .attr("aria-describedby")
        .await
        .unwrap();
    assert_eq!(described.as_deref(), Some("reward-stock-error"));
    b.type_into("#reward-stock", "20").await;
    b.click(".new-reward-form button[type=submit]").await;
    b.text_until(".reward-added", "the courtesy added", |t| {
        t.contains("志愿者保温杯")
    })
    .await;
    b.text_until(".reward-admin-list", "the courtesy listed", |t| {
        t.contains("志愿者保温杯")
    })
    .await;
    assert!(
        b.client
            .find(fantoccini::Locator::Css("#reward-stock-error"))
            .await
            .is_err(),
        "the stock error stayed"
    );
    let all: Value = json_of(
        b.app
            .get("/api/v1/rewards?include_inactive=true", None)
            .await,
        StatusCode::OK,
    )
    .await;
    let added = all
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "志愿者保温杯")
        .unwrap();
    assert_eq!(added["stock"], 20);
    assert_eq!(added["cost_points"], 150);
    // Restock by 5, then take it off sale.
    let row = format!("#reward-row-{}", added["id"]);
    b.type_into(&format!("#restock-{}", added["id"]), "5").await;
    b.click(&format!("{row} .inline-form button")).await;
    b.text_until(&row, "the new stock", |t| t.contains("25"))
        .await;
    b.click(&format!("{row} .toggle-sale")).await;
    b.text_until(&row, "off sale", |t| t.contains("已下架"))
        .await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reports_page_shows_charts_and_offers_their_csv() {
    let Some(b) = Browser::start("reports_page_shows_charts_and_offers_their_csv", 1280).await
    else {
        return;
    };
    // An activity today with three verified quarters of an hour, in 金港镇.
    let w = world(&b.app, "13600000121", "垃圾分类宣传", 20, 5).await;
    let (v, v_token) = b
        .app
        .volunteer("13600000122", "报表甲", "金都社区", json!({}))
        .await;
    let sign_ups = format!("/api/v1/activities/{}/sign-ups", w.activity["id"]);
    let res = b.app.post(&sign_ups, Some(&v_token), &json!({})).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let rec: Value = json_of(
        b.app
            .post(
                "/api/v1/service-records",
                Some(&w.leader),
                &json!({"volunteer_id": v["id"], "activity_id": w.activity["id"], "hours": 0.75}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    let verification = format!("/api/v1/service-records/{}/verification", rec["id"]);
    let res = b
        .app
        .post(
            &verification,
            Some(&w.leader),
            &json!({"status": "verified"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    sign_in(&b, JINGANG_ADMIN.0, JINGANG_ADMIN.1, "/console").await;
    b.click(".console-parts a[href='/console/reports']").await;
    b.find("#chart-activities svg rect").await;
    b.text_until("#chart-activities", "the category's bar", |t| {
        t.contains("活动类别分布") && t.contains("邻里互助")
    })
    .await;
    b.find("#chart-teams svg rect").await;
    let link = b.find("#chart-activities + .csv-link").await;
    assert_eq!(
        link.attr("download").await.unwrap().as_deref(),
        Some("activities-by-category.csv")
    );
    // The file is made when the link is clicked: UTF-8 with a byte-order mark, a header and
    // the category's row.
    b.click("#chart-activities + .csv-link").await;
    let href = link.attr("href").await.unwrap().unwrap_or_default();
    assert!(href.starts_with("blob:"), "the CSV is not a blob: {href}");
    // (The page's CSP keeps scripts from reading `blob:` URLs: the download itself is read.)
    let bytes = b.downloaded("activities-by-category.csv").await;
    assert_eq!(bytes.get(..3), Some(&[0xEF, 0xBB, 0xBF][..]), "no BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.starts_with("类别,数量\r\n"), "header: {text}");
    assert!(
        text.lines().any(|l| l.starts_with("邻里互助,")),
        "no row for the category: {text}"
    );

    // Over time: five charts of the last twelve months (the demo city has hours in each).
    for id in MONTHLY_CHARTS {
        b.find(&format!("#{id} svg rect")).await;
        let columns = b
            .client
            .find_all(fantoccini::Locator::Css(&format!("#{id} svg rect")))
            .await
            .unwrap();
        assert_eq!(columns.len(), 12, "{id}: a column a month");
    }
    // Hours by town and month: a heat map, a row per town, and its table and CSV.
    b.text_until("#chart-town-months", "the towns' rows", |t| {
        t.contains("各镇按月服务时长") && t.contains("金港镇")
    })
    .await;
    b.click(".town-hours summary").await;
    b.text_until("#town-months-table", "the table", |t| {
        t.contains("镇（街道）") && t.contains("金港镇")
    })
    .await;
    b.click(".town-hours .csv-link").await;
    let bytes = b.downloaded("hours-by-town-and-month.csv").await;
    let text = String::from_utf8(bytes.get(3..).unwrap_or_default().to_vec()).unwrap();
    let this_month = (chrono::Utc::now() + chrono::Duration::hours(8))
        .format("%Y-%m")
        .to_string();
    let header = text.lines().next().unwrap_or_default();
    assert!(
        header.starts_with("镇（街道）,") && header.ends_with(&this_month),
        "header: {text}"
    );
    assert_eq!(header.split(',').count(), 13, "a column a month: {header}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("金港镇,") && l.ends_with(",0.75")),
        "no row for 金港镇 with this month's 0.75 h: {text}"
    );
    // The whole report as one Excel workbook, from a plain link.
    let xlsx = b.find("#report-xlsx").await;
    let href = xlsx.attr("href").await.unwrap().unwrap_or_default();
    assert_eq!(href, "/api/v1/stats/report?months=12");
    b.click("#report-xlsx").await;
    let today = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive();
    let book = b.downloaded(&format!("youai-report-{today}.xlsx")).await;
    let mut book = zip::ZipArchive::new(std::io::Cursor::new(book)).unwrap();
    let mut sheets = String::new();
    std::io::Read::read_to_string(&mut book.by_name("xl/workbook.xml").unwrap(), &mut sheets)
        .unwrap();
    assert!(sheets.contains("各镇按月服务时长"), "{sheets}");

    // The home page draws the same charts, and those over time, for everyone.
    b.open("/").await;
    b.find("#chart-activities svg rect").await;
    for id in MONTHLY_CHARTS {
        b.find(&format!("#{id} svg rect")).await;
    }
    b.close().await;
}

/// The charts over time, on the home and reports pages.
const MONTHLY_CHARTS: [&str; 5] = [
    "chart-hours-monthly",
    "chart-activities-monthly",
    "chart-volunteers-monthly",
    "chart-teams-monthly",
    "chart-rewarded-monthly",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scanner_checks_a_volunteer_in_by_a_typed_code() {
    let Some(b) = Browser::start("scanner_checks_a_volunteer_in_by_a_typed_code", 375).await else {
        return;
    };
    // Starting in 20 minutes: check-in is open.
    let w = world(&b.app, "13600000131", "社区义诊", 20, 5).await;
    let (_, v_token) = b
        .app
        .volunteer("13600000132", "扫码丁", "金都社区", json!({}))
        .await;
    let sign_ups = format!("/api/v1/activities/{}/sign-ups", w.activity["id"]);
    let s: Value = json_of(
        b.app.post(&sign_ups, Some(&v_token), &json!({})).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(s["status"], "accepted");

    sign_in(&b, "13600000131", "password-123", "/console").await;
    b.click(".console-parts a[href='/console/scan']").await;
    // Headless Chromium has no camera: the typed code is the way in, and always offered.
    select(&b, "#scan-activity", &w.activity["id"].to_string()).await;
    b.find("#scan-in").await;
    let t: Value = json_of(
        b.app.get("/api/v1/me/check-in-token", Some(&v_token)).await,
        StatusCode::OK,
    )
    .await;
    let enter = char::from(fantoccini::key::Key::Enter);
    b.type_into(
        "#scan-token",
        &format!("{}{enter}", t["token"].as_str().unwrap()),
    )
    .await;
    b.text_until(".scan-result", "the check-in", |t| {
        t.contains("签到成功") && t.contains("扫码丁")
    })
    .await;
    let list: Value = json_of(b.app.get(&sign_ups, Some(&w.leader)).await, StatusCode::OK).await;
    assert_eq!(list["items"][0]["status"], "checked_in");
    // The same code again: refused, in words.
    b.type_into(
        "#scan-token",
        &format!("{}{enter}", t["token"].as_str().unwrap()),
    )
    .await;
    b.text_until(".scan-error", "token_used in words", |t| {
        t.contains("已使用")
    })
    .await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leader_drafts_a_project_and_the_town_admin_publishes_it() {
    let Some(b) = Browser::start(
        "leader_drafts_a_project_and_the_town_admin_publishes_it",
        1280,
    )
    .await
    else {
        return;
    };
    let app = &b.app;
    let admin = app.login(ADMIN).await;
    let jingang = app.area_id("金港镇").await;
    let (_, leader) = app
        .volunteer("13600000131", "项目队长", "金都社区", json!({}))
        .await;
    let team = app
        .team(
            &leader,
            json!({"kind": "social_team", "name": "读书会服务队", "area_id": jingang}),
        )
        .await;
    assert_eq!(
        app.post(
            &format!("/api/v1/teams/{}/decisions", team["id"]),
            Some(&admin),
            &json!({"decision": "approve"}),
        )
        .await
        .status(),
        StatusCode::OK
    );
    let batch: Value = json_of(
        app.post(
            "/api/v1/project-batches",
            Some(&admin),
            &json!({"name": "读书会批次", "released_on": "2026-12-01"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;

    // The leader drafts it.
    sign_in(&b, "13600000131", "password-123", "/console").await;
    b.click(".console-parts a[href='/console/projects']").await;
    b.type_into("#project-title", "社区读书会").await;
    b.type_into("#project-category", "文化文艺").await;
    b.click("input[name=target_groups][value='社区居民']").await;
    select(&b, "#project-level", "town").await;
    select(&b, "#project-area", &jingang.to_string()).await;
    select(&b, "#project-owner", &team["id"].to_string()).await;
    b.click(".new-project-form button[type=submit]").await;
    b.text_until(".project-created", "the draft created", |t| {
        t.contains("社区读书会")
    })
    .await;
    b.text_until(".my-projects", "the draft listed", |t| {
        t.contains("社区读书会") && t.contains("草稿")
    })
    .await;
    let drafts: Value = json_of(
        app.get(
            &format!("/api/v1/projects?status=draft&within={jingang}"),
            Some(&admin),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let project = drafts["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["title"] == "社区读书会")
        .unwrap()
        .clone();
    assert_eq!(project["owner_team_id"], team["id"]);
    assert_eq!(project["target_groups"], json!(["社区居民"]));
    // Submitted, it moves to "in review".
    b.click(&format!("#project-row-{} .submit-project", project["id"]))
        .await;
    b.text_until("main .empty", "no draft left", |t| t.contains("没有该状态"))
        .await;
    b.click(".project-status-tabs .status-in_review").await;
    b.text_until(".my-projects", "the project in review", |t| {
        t.contains("社区读书会") && t.contains("审核中")
    })
    .await;

    // The town's admin approves it into the batch.
    sign_out(&b).await;
    sign_in(&b, JINGANG_ADMIN.0, JINGANG_ADMIN.1, "/console/projects").await;
    let item = format!("#review-project-{}", project["id"]);
    b.text_until(&item, "the project in the queue", |t| {
        t.contains("社区读书会")
    })
    .await;
    // Approving needs a batch: the server's error shows beside the select.
    b.click(&format!("{item} .approve")).await;
    b.text_until(
        &format!("#review-batch-{}-error", project["id"]),
        "the missing batch",
        |t| t.contains("批次"),
    )
    .await;
    select(
        &b,
        &format!("#review-batch-{}", project["id"]),
        &batch["id"].to_string(),
    )
    .await;
    b.click(&format!("{item} .approve")).await;
    b.text_until(".sr-status", "the approval", |t| {
        t.contains("已发布") && t.contains("社区读书会")
    })
    .await;
    b.text_until(".review-queue, main .empty", "the queue without it", |t| {
        !t.contains("社区读书会")
    })
    .await;

    // The public list has it.
    b.open("/projects").await;
    b.text_until(".project-list", "the published project", |t| {
        t.contains("社区读书会")
    })
    .await;
    b.close().await;
}

/// `YYYY-MM-DDTHH:MM` in the city's time, `days` from today at `hour`.
fn local_input(days: i64, hour: u32) -> String {
    let day = (chrono::Utc::now() + chrono::Duration::hours(8) + chrono::Duration::days(days))
        .date_naive();
    format!(
        "{:04}-{:02}-{:02}T{hour:02}:00",
        day.year(),
        day.month(),
        day.day()
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leader_creates_an_activity_fixes_its_end_and_publishes_it() {
    let Some(b) = Browser::start(
        "leader_creates_an_activity_fixes_its_end_and_publishes_it",
        375,
    )
    .await
    else {
        return;
    };
    let w = world(&b.app, "13600000141", "敬老院探访", 3 * 24 * 60, 5).await;
    let project = w.activity["project_id"].to_string();

    sign_in(&b, "13600000141", "password-123", "/console/activities").await;
    select(&b, "#activity-project", &project).await;
    b.type_into("#activity-title", "敬老院陪伴下午").await;
    set_value(&b, "#activity-start", &local_input(5, 14)).await;
    set_value(&b, "#activity-end", &local_input(5, 12)).await;
    set_value(&b, "#activity-deadline", &local_input(4, 20)).await;
    b.type_into("#activity-address", "金港镇敬老院").await;
    b.type_into("#activity-quota", "8").await;
    b.click(".new-activity-form button[type=submit]").await;
    // The end before the start: said beside the end field.
    b.text_until("#activity-end-error", "the end error", |t| {
        t.contains("结束时间")
    })
    .await;
    let described = b
        .find("#activity-end")
        .await
        .attr("aria-describedby")
        .await
        .unwrap();
    assert_eq!(described.as_deref(), Some("activity-end-error"));
    set_value(&b, "#activity-end", &local_input(5, 16)).await;
    b.click(".new-activity-form button[type=submit]").await;
    b.text_until(".activity-created", "the draft created", |t| {
        t.contains("敬老院陪伴下午")
    })
    .await;
    b.text_until(".draft-activities", "the draft listed", |t| {
        t.contains("敬老院陪伴下午") && t.contains("草稿")
    })
    .await;
    b.click(".draft-activities .step-publish").await;
    b.text_until(".team-desk", "the published activity", |t| {
        t.contains("敬老院陪伴下午") && t.contains("招募中")
    })
    .await;

    // The public search finds it, at 14:00–16:00 city time.
    b.open("/activities?q=%E6%95%AC%E8%80%81%E9%99%A2%E9%99%AA%E4%BC%B4")
        .await;
    b.text_until(".card-list", "the activity found", |t| {
        t.contains("敬老院陪伴下午") && t.contains("14:00–16:00")
    })
    .await;
    b.close().await;
}

/// The activity's status as the API reports it, once it is `want` (waits up to 10 s).
async fn status_becomes(b: &Browser, activity: &Value, want: &str) -> Value {
    let path = format!("/api/v1/activities/{}", activity["id"]);
    let started = std::time::Instant::now();
    loop {
        let a: Value = json_of(b.app.get(&path, None).await, StatusCode::OK).await;
        if a["status"] == want {
            return a;
        }
        if started.elapsed() > std::time::Duration::from_secs(10) {
            b.fail(&format!(
                "activity {} is {}, not {want}",
                a["id"], a["status"]
            ))
            .await;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leader_runs_and_cancels_activities_and_the_town_sends_a_project_back() {
    let Some(b) = Browser::start(
        "leader_runs_and_cancels_activities_and_the_town_sends_a_project_back",
        375,
    )
    .await
    else {
        return;
    };
    let w = world(&b.app, "13600000131", "河道清洁", 20, 5).await;
    // A second activity of the same project, in two days: the one to cancel.
    let day = 24 * 60;
    let other: Value = json_of(
        b.app
            .post(
                "/api/v1/activities",
                Some(&w.leader),
                &json!({"project_id": w.activity["project_id"], "title": "河道清洁（周末场）",
                    "start_at": in_minutes(2 * day), "end_at": in_minutes(2 * day + 60),
                    "signup_deadline": in_minutes(2 * day - 60), "venue_id": w.venue["id"], "quota": 5}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    let publish = b
        .app
        .post(
            &format!("/api/v1/activities/{}/transitions", other["id"]),
            Some(&w.leader),
            &json!({"action": "publish"}),
        )
        .await;
    assert_eq!(publish.status(), StatusCode::OK);

    sign_in(&b, "13600000131", "password-123", "/console/activities").await;
    // Today's activity: start it, then finish it.
    let first = format!("#activity-desk-{}", w.activity["id"]);
    b.text_until(&first, "the recruiting activity", |t| {
        t.contains("河道清洁") && t.contains("招募中")
    })
    .await;
    b.click(&format!("{first} .step-start")).await;
    b.text_until(&first, "the activity under way", |t| t.contains("进行中"))
        .await;
    status_becomes(&b, &w.activity, "ongoing").await;
    b.click(&format!("{first} .step-finish")).await;
    b.text_until(&first, "the finished activity", |t| t.contains("已结束"))
        .await;
    status_becomes(&b, &w.activity, "finished").await;

    // The weekend's: cancelling asks for a reason, said beside its field.
    let second = format!("#activity-desk-{}", other["id"]);
    b.click(&format!("{second} .step-cancel")).await;
    b.click(&format!("{second} .confirm-cancel")).await;
    let error = format!("#cancel-reason-{}-error", other["id"]);
    b.text_until(&error, "the missing reason", |t| {
        t.contains("请填写取消原因")
    })
    .await;
    let reason = format!("#cancel-reason-{}", other["id"]);
    let described = b
        .find(&reason)
        .await
        .attr("aria-describedby")
        .await
        .unwrap();
    assert_eq!(described.as_deref(), Some(&error[1..]));
    assert_eq!(
        json_of::<Value>(
            b.app
                .get(&format!("/api/v1/activities/{}", other["id"]), None)
                .await,
            StatusCode::OK
        )
        .await["status"],
        "recruiting",
        "nothing changed without a reason"
    );
    b.type_into(&reason, "暴雨预警，改期举行").await;
    b.click(&format!("{second} .confirm-cancel")).await;
    status_becomes(&b, &other, "cancelled").await;

    // A project the town's admin sends back: the reason is asked for, then the project is a
    // draft again and its leader reads why.
    let project: Value = json_of(
        b.app
            .post(
                "/api/v1/projects",
                Some(&w.leader),
                &json!({"title": "河道巡护", "category": "生态环保", "level": "town",
                    "area_id": b.app.area_id("金港镇").await, "owner_team_id": w.activity["team_id"]}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    let reviews = format!("/api/v1/projects/{}/reviews", project["id"]);
    let submit = b
        .app
        .post(&reviews, Some(&w.leader), &json!({"action": "submit"}))
        .await;
    assert_eq!(submit.status(), StatusCode::OK);
    sign_out(&b).await;
    sign_in(&b, JINGANG_ADMIN.0, JINGANG_ADMIN.1, "/console/projects").await;
    let item = format!("#review-project-{}", project["id"]);
    b.text_until(&item, "the project in the queue", |t| {
        t.contains("河道巡护")
    })
    .await;
    b.click(&format!("{item} .reject")).await;
    b.text_until(
        &format!("#review-reason-{}-error", project["id"]),
        "the missing reason",
        |t| t.contains("请填写驳回理由"),
    )
    .await;
    b.type_into(
        &format!("#review-reason-{}", project["id"]),
        "请补充巡护路线和安全预案",
    )
    .await;
    b.click(&format!("{item} .reject")).await;
    let path = format!("/api/v1/projects/{}", project["id"]);
    let started = std::time::Instant::now();
    loop {
        let p: Value = json_of(b.app.get(&path, Some(&w.leader)).await, StatusCode::OK).await;
        if p["status"] == "draft" {
            assert_eq!(p["review_reason"], "请补充巡护路线和安全预案");
            break;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "not sent back: {p}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    sign_out(&b).await;
    sign_in(&b, "13600000131", "password-123", "/console/projects").await;
    b.text_until(".my-projects", "the reason, for the leader", |t| {
        t.contains("河道巡护") && t.contains("请补充巡护路线和安全预案")
    })
    .await;
    b.close().await;
}
