//! A volunteer's journeys: a visitor who registers from the home page, becomes a volunteer and
//! signs up (and finds activities near her, and changes her password); finding a team and becoming a volunteer who applies to it, finding an
//! activity and signing up, the volunteer centre's hours and certificate (and checking a
//! certificate's code), and redeeming a courtesy whose provider then redeems the voucher.

use chrono::Datelike;
use serde_json::{Value, json};
use youai_tests::browser::Browser;
use youai_tests::reqwest::StatusCode;
use youai_tests::{ADMIN, json_of};

use crate::fixtures::{account, sign_up, verified_record, world};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn teams_search_page_and_becoming_a_volunteer_who_applies() {
    let Some(b) = Browser::start(375).await else {
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
    b.select("#team-kind", "industry_detachment").await;
    b.submit(".search-form").await;
    b.text_until(".card-list", "only the industry detachment", |t| {
        t.contains("理论宣讲行业支队") && !t.contains("百姓名嘴小分队")
    })
    .await;
    let url = b.url().await;
    assert!(url.contains("kind=industry_detachment"), "{url}");

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
    b.submit_login(account("13600000021")).await;
    b.submit(".join-form").await;
    b.text_until(
        ".join-box .notice-error",
        "volunteer_profile_required in words",
        |t| t.contains("志愿者资料"),
    )
    .await;

    // Becoming a volunteer: the form's own checks, then the server's, beside the fields.
    b.click(".join-box a[href='/me/volunteer']").await;
    b.submit(".form-card").await;
    b.text_until("#vol-real-name-error", "the name is required", |t| {
        !t.is_empty()
    })
    .await;
    b.find("#vol-area-error").await;
    b.type_into("#vol-real-name", "林").await;
    b.click("#vol-gender-female").await;
    let fifteen = format!("{}-03-15", chrono::Utc::now().year() - 15);
    b.set_value("#vol-birth-date", &fifteen).await;
    // Under 18: the guardian fields appear.
    b.find("#vol-guardian-name").await;
    b.select("#vol-town", &jingang.to_string()).await;
    b.select("#vol-village", &jindu.to_string()).await;
    b.click(&format!("#vol-skill-{first_aid}")).await;
    b.submit(".form-card").await;
    b.text_until("#vol-real-name-error", "the server's length rule", |t| {
        t.contains('2')
    })
    .await;
    b.text_until("#vol-guardian-name-error", "the guardian rule", |t| {
        t.contains("监护人")
    })
    .await;
    b.clear("#vol-real-name").await;
    b.type_into("#vol-real-name", "林小雨").await;
    b.set_value("#vol-birth-date", "1995-06-20").await;
    b.submit(".form-card").await;
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
    b.submit(".join-form").await;
    b.text_until(".join-box .notice-success", "the application", |t| {
        t.contains("已提交申请")
    })
    .await;
    b.open(&team_page).await;
    b.submit(".join-form").await;
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
async fn volunteer_finds_an_activity_and_signs_up() {
    let Some(b) = Browser::start(375).await else {
        return;
    };
    // Two days ahead, one place.
    let w = world(&b.app, "13600000051", "楼道清洁日", 2 * 24 * 60, 1).await;
    let jingang = b.app.area_id("金港镇").await;
    b.app
        .volunteer("13600000052", "周志愿", "金都社区", json!({}))
        .await;
    b.sign_in_as(account("13600000052"), "/activities").await;

    // The search: text, town, target group and "free places only"; the URL keeps it.
    b.text_until("#activity-results + p", "from today", |t| !t.is_empty())
        .await;
    b.type_into("#activity-q", "楼道").await;
    b.select("#activity-area", &jingang.to_string()).await;
    b.select("#activity-group", "社区居民").await;
    b.click("#activity-free").await;
    b.submit(".search-form").await;
    b.text_until(".card-list", "the activity", |t| {
        t.contains("楼道清洁日") && t.contains("1 / 1")
    })
    .await;
    let url = b.url().await;
    assert!(
        url.contains(&format!("area={jingang}")) && url.contains("free=1"),
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
    let s = sign_up(&b.app, &w.activity, &other).await;
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
    // Back on the page: the sign-up made, not a second 我要报名.
    b.open(&page).await;
    b.text_until(".sign-up-result", "still waitlisted", |t| {
        t.contains("候补")
    })
    .await;
    b.assert_absent(".sign-up-box button.sign-up", "a second sign-up")
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
    let Some(b) = Browser::start(375).await else {
        return;
    };
    let w = world(&b.app, "13600000061", "敬老院慰问", 20, 5).await;
    let (v, v_token) = b
        .app
        .volunteer("13600000062", "证书甲", "金都社区", json!({}))
        .await;
    verified_record(&b.app, &w.leader, &v["id"], &w.activity, 0.75).await;
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
    b.submit(".verify-form").await;
    b.text_until(".verify-not-found", "not found", |t| {
        t.contains("未找到") && t.contains("2222-3333-4444")
    })
    .await;
    let url = b.url().await;
    assert!(url.ends_with("/verify/2222-3333-4444"), "{url}");

    // The volunteer centre: the QR code, the hours and the certificate as a blob URL.
    b.sign_in_as(account("13600000062"), "/me").await;
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
    let link = b.attr(".certificate a[href^='blob:']", "href").await;
    assert!(link.unwrap().starts_with("blob:"));
    // Full screen and back.
    b.click(".check-in-code .full-screen").await;
    b.click(".qr-overlay button").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn volunteer_redeems_a_courtesy_and_the_provider_redeems_the_voucher() {
    let Some(b) = Browser::start(1280).await else {
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
            &json!({"points": 100, "reason": "测试"}),
        )
        .await;
    assert_eq!(adjusted.status(), StatusCode::CREATED);

    // The catalogue: cost, stock and the limit; redeeming spends the points.
    b.sign_in_as(account("13600000111"), "/rewards").await;
    let card = format!("#reward-card-{}", reward["id"]);
    b.text_until(&card, "the courtesy", |t| {
        t.contains("志愿者文化衫")
            && t.contains("港城图书馆")
            && t.contains("30 积分")
            && t.contains("每人限兑 1")
    })
    .await;
    b.text_until(".balance-value", "100 points", |t| t == "100")
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
    b.text_until(".balance-value", "70 points left", |t| t == "70")
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

    // The provider redeems it once; a second time is refused.
    b.switch_to(account("13600000119"), "/console/vouchers")
        .await;
    b.text_until(".main-nav", "the console link", |t| t.contains("工作台"))
        .await;
    b.scan("#voucher-code", &code).await;
    b.text_until(".redeem-ok", "the redemption", |t| {
        t.contains("核销成功") && t.contains("志愿者文化衫")
    })
    .await;
    b.scan("#voucher-code", &code).await;
    b.text_until(".redeem-error", "voucher_redeemed in words", |t| {
        t.contains("已核销过")
    })
    .await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_visitor_registers_becomes_a_volunteer_and_signs_up() {
    let Some(b) = Browser::start(375).await else {
        return;
    };
    // Two days ahead, at a venue of 金都社区, five places.
    let w = world(&b.app, "13600000071", "周末助老", 2 * 24 * 60, 5).await;
    let jingang = b.app.area_id("金港镇").await;
    let jindu = b.app.area_id("金都社区").await;
    let first_aid = b.app.skill("first_aid", "应急救护").await;
    let activity = format!("/activities/{}", w.activity["id"]);

    // The home page invites: this week's activity is there, and so is registering.
    b.open("/").await;
    b.text_until(".this-week", "this week's activity", |t| {
        t.contains("周末助老")
    })
    .await;
    b.find(".hero-actions a[href='/register']").await;
    b.click(&format!(".this-week a[href='{activity}']")).await;
    b.click(&format!(".sign-up-box a[href='/register?next={activity}']"))
        .await;

    // The form's own checks first, beside each field; then the server's.
    b.text_until(".auth-card h1", "the register page", |t| t == "注册账号")
        .await;
    b.submit(".auth-card form").await;
    for field in ["phone", "password", "name"] {
        b.text_until(&format!("#register-{field}-error"), field, |t| {
            !t.is_empty()
        })
        .await;
    }
    b.type_into("#register-phone", "13600000072").await;
    b.type_into("#register-password", "七个字的密码了").await;
    b.type_into("#register-name", "  新朋友  ").await;
    b.submit(".auth-card form").await;
    b.text_until(
        "#register-password-error",
        "eight characters at least",
        |t| t.contains('8'),
    )
    .await;
    b.type_into("#register-password", "吧").await;
    b.submit(".auth-card form").await;

    // Signed in at once, on to the volunteer form, which sends her back to the activity.
    b.text_until(".account-name", "signed in as the new account", |t| {
        t.contains("新朋友")
    })
    .await;
    b.type_into("#vol-real-name", "辛朋友").await;
    b.click("#vol-gender-female").await;
    b.set_value("#vol-birth-date", "1990-05-04").await;
    b.select("#vol-town", &jingang.to_string()).await;
    b.select("#vol-village", &jindu.to_string()).await;
    b.submit(".form-card").await;
    b.text_until(".volunteer-number", "the volunteer number", |t| {
        !t.is_empty()
    })
    .await;
    b.click(&format!(".notice-success a[href='{activity}']"))
        .await;
    b.click(".sign-up-box button.sign-up").await;
    b.text_until(".sign-up-result", "accepted", |t| t.contains("已录取"))
        .await;

    // Her profile: she adds a skill.
    b.open("/me/volunteer").await;
    b.click(".edit-profile").await;
    b.click(&format!("#vol-skill-{first_aid}")).await;
    b.submit(".edit-profile-form").await;
    b.text_until("#profile-heading ~ .notice-success", "saved", |t| {
        t.contains("已保存")
    })
    .await;
    b.text_until(".details", "the new skill and the same area", |t| {
        t.contains("应急救护") && t.contains("金都社区")
    })
    .await;

    // Activities near me: Chromium's emulated position at the venue finds it.
    let (lat, lng) = (w.venue["latitude"].as_f64(), w.venue["longitude"].as_f64());
    let (lat, lng) = (lat.expect("the venue has a position"), lng.unwrap());
    b.cdp(
        "Browser.grantPermissions",
        json!({"permissions": ["geolocation"]}),
    )
    .await;
    b.cdp(
        "Emulation.setGeolocationOverride",
        json!({"latitude": lat, "longitude": lng, "accuracy": 20}),
    )
    .await;
    b.open("/").await;
    b.click(".hero-actions button").await;
    b.text_until(".card-list", "the activity near the venue", |t| {
        t.contains("周末助老")
    })
    .await;
    let url = b.url().await;
    assert!(url.contains("near="), "{url}");
    // Far away (Beijing), nothing of this city is near.
    b.cdp(
        "Emulation.setGeolocationOverride",
        json!({"latitude": 39.9, "longitude": 116.4, "accuracy": 20}),
    )
    .await;
    b.open("/activities").await;
    b.click(".search-form .form-actions button[type=button]")
        .await;
    b.text_until("main .empty", "nothing near Beijing", |t| {
        t.contains("没有符合条件")
    })
    .await;

    // Changing the password: the wrong current one is named beside its field, then it works.
    b.open("/me/account").await;
    b.type_into("#current-password", "不是这个密码呀").await;
    b.type_into("#new-password", "换一个新的密码吧").await;
    b.submit("main form").await;
    b.text_until("#current-password-error", "the wrong password", |t| {
        t.contains("不正确")
    })
    .await;
    b.clear("#current-password").await;
    b.type_into("#current-password", "七个字的密码了吧").await;
    b.submit("main form").await;
    b.text_until(".notice-success", "changed", |t| t.contains("已修改"))
        .await;
    // Still signed in here, with the new password working and the old one not.
    b.open("/me/volunteer").await;
    b.text_until(".volunteer-number", "still signed in", |t| !t.is_empty())
        .await;
    b.app.login(("13600000072", "换一个新的密码吧")).await;
    b.close().await;
}
