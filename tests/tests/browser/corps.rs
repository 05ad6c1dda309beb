//! The corps in the browser: a civil-society team registered and seen pending, a recruitment
//! call posted, answered, accepted and closed, a CSV import with a bad row, and the admin
//! screens (areas, venues, role grants, the audit log with its filters).

use serde_json::{Value, json};
use youai_tests::browser::Browser;
use youai_tests::reqwest::StatusCode;
use youai_tests::{ADMIN, json_of};

use crate::fixtures::{account, approved_team, local_input};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_registers_a_team_and_sees_it_pending() {
    let Some(b) = Browser::start(1280).await else {
        return;
    };
    let jingang = b.app.area_id("金港镇").await;
    // A volunteer: the team's founder becomes its first leader.
    let (_, token) = b
        .app
        .volunteer("13600000201", "周发起", "金都社区", json!({}))
        .await;

    b.sign_in_as(account("13600000201"), "/teams").await;
    b.click("a[href='/teams/new']").await;
    // The form says what is missing before sending.
    b.submit(".team-register-form").await;
    b.text_until(
        ".team-register-form .field-error",
        "the missing name",
        |t| t.contains("名称"),
    )
    .await;
    b.type_into("#team-name", "港城绿洲环保社").await;
    b.select("#vol-town", &jingang.to_string()).await;
    b.type_into("#team-specialty", "生态环保").await;
    b.type_into("#team-contact", "周发起").await;
    b.type_into("#team-phone", "13600000201").await;
    b.submit(".team-register-form").await;

    // Its page: the name and 待审核.
    b.text_until("main h1", "the team's page", |t| {
        t.contains("港城绿洲环保社")
    })
    .await;
    b.text_until(".team-page .badge", "its pending status", |t| {
        t.contains("待审核")
    })
    .await;
    assert!(b.url().await.contains("/teams/"));
    let mine: Value = json_of(
        b.app.get("/api/v1/me/memberships", Some(&token)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(mine[0]["team_name"], "港城绿洲环保社");
    assert_eq!(mine[0]["role"], "leader", "the founder leads it: {mine}");
    let team: Value = json_of(
        b.app
            .get(
                &format!("/api/v1/teams/{}", mine[0]["team_id"]),
                Some(&token),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (
            team["status"].as_str(),
            team["kind"].as_str(),
            team["area_id"].as_i64()
        ),
        (Some("pending"), Some("social_team"), Some(jingang))
    );
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_is_posted_answered_accepted_and_closed() {
    let Some(b) = Browser::start(1280).await else {
        return;
    };
    let admin = b.app.login(ADMIN).await;
    let (_, leader) = b
        .app
        .volunteer("13600000211", "吴队长", "金都社区", json!({}))
        .await;
    let team = approved_team(&b.app, &admin, &leader, "港城蓝天救援队").await;
    b.app
        .volunteer("13600000212", "郑志愿", "金都社区", json!({}))
        .await;

    // The leader posts a call from the console.
    b.open_console_part(account("13600000211"), "recruitments")
        .await;
    b.click(".new-call summary").await;
    let form = ".new-call-form";
    b.type_into(&format!("#call-title-{}", team["id"]), "招募水上救援队员")
        .await;
    b.type_into(&format!("#call-quota-{}", team["id"]), "3")
        .await;
    b.set_value(
        &format!("#call-deadline-{}", team["id"]),
        &local_input(7, 18),
    )
    .await;
    b.submit(form).await;
    let calls = b
        .api_until(
            &format!("/api/v1/recruitments?team_id={}", team["id"]),
            None,
            "the new call",
            |v| v["items"][0]["title"] == "招募水上救援队员",
        )
        .await;
    let call = calls["items"][0].clone();
    let desk = format!("#call-desk-{}", call["id"]);
    b.text_until(&desk, "the call on the desk", |t| {
        t.contains("招募水上救援队员") && t.contains("招募中") && t.contains("还没有人应征")
    })
    .await;

    // A volunteer finds it from the teams page and answers it.
    b.switch_to(account("13600000212"), "/teams").await;
    b.click("a[href='/recruitments?open=1']").await;
    let card = format!("#call-{}", call["id"]);
    b.text_until(&card, "the open call", |t| {
        t.contains("招募水上救援队员") && t.contains("港城蓝天救援队") && t.contains("0 / 3")
    })
    .await;
    b.type_into(
        &format!("#answer-message-{}", call["id"]),
        "会游泳，持救生员证",
    )
    .await;
    b.submit(&format!("{card} .answer-form")).await;
    b.text_until(&format!("{card} .answered"), "the answer sent", |t| {
        t.contains("已应征")
    })
    .await;

    // The leader sees who answered, accepts them, then closes the call.
    b.switch_to(account("13600000211"), "/console/recruitments")
        .await;
    b.text_until(&desk, "the answer", |t| {
        t.contains("郑志愿") && t.contains("会游泳，持救生员证") && t.contains("已申请")
    })
    .await;
    b.click(&format!("{desk} .accept-answer")).await;
    b.text_until(&desk, "the volunteer accepted", |t| {
        t.contains("郑志愿") && t.contains("在队") && t.contains("1 / 3")
    })
    .await;
    b.click(&format!("{desk} .close-call")).await;
    b.text_until(&format!("{desk} .call-status"), "the call closed", |t| {
        t.contains("已结束")
    })
    .await;
    b.assert_absent(
        &format!("{desk} .close-call"),
        "a closed call offers no close",
    )
    .await;
    let closed: Value = json_of(
        b.app
            .get(&format!("/api/v1/recruitments/{}", call["id"]), None)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (closed["status"].as_str(), closed["accepted"].as_i64()),
        (Some("closed"), Some(1))
    );
    // The public list no longer offers to answer it.
    b.open("/recruitments").await;
    b.text_until(&card, "the closed call", |t| t.contains("已结束"))
        .await;
    b.assert_absent(
        &format!("{card} .answer-form"),
        "a closed call takes no answer",
    )
    .await;
    b.close().await;
}

/// Writes `text` to a temporary CSV file; returns its path.
fn csv_file(name: &str, text: &str) -> String {
    let path = std::env::temp_dir().join(format!(
        "youai-import-{}-{name}",
        uuid::Uuid::new_v4().simple()
    ));
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_with_a_bad_row_shows_the_row_then_imports_when_fixed() {
    let Some(b) = Browser::start(1280).await else {
        return;
    };
    let header = "姓名,手机号,性别,出生日期,所属区域\n";
    let good =
        "王导入,13600000221,男,1985-03-02,金都社区\n李导入,13600000222,女,1990-07-15,金都社区\n";
    let bad = csv_file(
        "bad.csv",
        &format!("{header}{good}赵导入,12345,女,1992-01-01,金都社区\n"),
    );
    // The fixed file as a Chinese spreadsheet program saves it: GBK.
    let fixed_text = format!("{header}{good}赵导入,13600000223,女,1992-01-01,金都社区\n");
    let (gbk, _, _) = encoding_rs::GBK.encode(&fixed_text);
    let fixed = csv_file("fixed.csv", "");
    std::fs::write(&fixed, &gbk).unwrap();

    b.open_console_part(ADMIN, "imports").await;
    b.select("#import-kind", "volunteers").await;
    b.type_into("#import-file", &bad).await;
    b.submit(".import-form").await;
    // Row 4 (the header is row 1) has the bad phone; the two others were fine.
    let row = b
        .text_until(".row-errors .row-4", "the bad row", |t| !t.is_empty())
        .await;
    assert!(row.contains("手机号"), "the column is named: {row}");
    assert_eq!(b.count(".row-errors tbody tr").await, 1);
    b.text_until(".rows-good", "the good rows", |t| t == "2")
        .await;
    b.text_until(".rows-total", "the rows", |t| t == "3").await;
    b.text_until(".import-rejected", "nothing imported", |t| {
        t.contains("未导入")
    })
    .await;
    let admin = b.app.login(ADMIN).await;
    let none: Value = json_of(
        b.app.get("/api/v1/volunteers?q=导入", Some(&admin)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(none["items"], json!([]), "all or nothing: {none}");

    // The fixed file (in GBK) goes in whole, names intact.
    b.type_into("#import-file", &fixed).await;
    b.submit(".import-form").await;
    b.text_until(".import-count", "the count", |t| t == "3")
        .await;
    b.assert_absent(".row-errors", "no errors after the fix")
        .await;
    let all: Value = json_of(
        b.app.get("/api/v1/volunteers?q=导入", Some(&admin)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(all["items"].as_array().map(Vec::len), Some(3), "{all}");
    assert!(
        all["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|v| v["real_name"] == "赵导入"),
        "GBK names arrive whole: {all}"
    );
    let _ = std::fs::remove_file(bad);
    let _ = std::fs::remove_file(fixed);
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_keeps_areas_venues_grants_and_filters_the_audit_log() {
    let Some(b) = Browser::start(1280).await else {
        return;
    };
    let admin = b.app.login(ADMIN).await;
    let jingang = b.app.area_id("金港镇").await;

    // Areas: a new village under 金港镇, then renamed.
    b.open_console_part(ADMIN, "areas").await;
    let town = format!("#area-{jingang}");
    b.click(&format!("{town} > details > summary")).await;
    b.type_into(&format!("#new-area-name-{jingang}"), "港城新村")
        .await;
    b.submit(&format!("{town} > details > .new-area-form"))
        .await;
    let found = b
        .api_until(
            &format!("/api/v1/areas?parent_id={jingang}&q=港城新村"),
            None,
            "the new village",
            |v| v["items"][0]["name"] == "港城新村",
        )
        .await;
    let village = found["items"][0]["id"].as_i64().unwrap();
    assert_eq!(found["items"][0]["level"], "village");
    // The town stays unfolded after the tree is read again.
    let line = format!("#area-{village} .edit-area");
    b.click(&line).await;
    b.clear(&format!("#area-name-{village}")).await;
    b.type_into(&format!("#area-name-{village}"), "港城新社区")
        .await;
    b.submit(&format!("#area-{village} .edit-area-form")).await;
    b.text_until(
        &format!("#area-{village} .area-name"),
        "the new name",
        |t| t == "港城新社区",
    )
    .await;

    // Venues: one added in 金港镇; the first one's hours edited.
    b.click(".console-nav a[href='/console/venues']").await;
    b.click(".new-venue summary").await;
    b.select("#vol-town", &jingang.to_string()).await;
    b.select("#venue-kind", "point").await;
    b.type_into("#venue-name", "港城新村实践点").await;
    b.type_into("#venue-address", "金港镇港城新村 1 号").await;
    b.submit(".new-venue-form").await;
    b.text_until(".venue-added", "the venue added", |t| {
        t.contains("港城新村实践点")
    })
    .await;
    let venues = b
        .api_until(
            &format!("/api/v1/venues?within={jingang}&q=港城新村实践点"),
            None,
            "the new venue",
            |v| v["items"][0]["kind"] == "point",
        )
        .await;
    assert_eq!(venues["items"][0]["address"], "金港镇港城新村 1 号");
    let first = b.attr(".venue-row", "id").await.unwrap();
    let first_id = first.trim_start_matches("venue-row-").to_owned();
    b.click(&format!("#{first} .edit-venue")).await;
    b.clear(&format!("#venue-hours-{first_id}")).await;
    b.type_into(
        &format!("#venue-hours-{first_id}"),
        "周一至周日 07:00-21:00",
    )
    .await;
    b.submit(&format!("#{first} .edit-venue-form")).await;
    b.api_until(
        &format!("/api/v1/venues/{first_id}"),
        None,
        "the new hours",
        |v| v["opening_hours"] == "周一至周日 07:00-21:00",
    )
    .await;

    // Role grants: a new account made 金港镇's admin, then revoked.
    let (user, _) = b.app.new_user("13600000231", "钱管理").await;
    b.click(".console-nav a[href='/console/grants']").await;
    b.type_into("#user-q", "13600000231").await;
    b.submit(".user-search").await;
    b.click(&format!("#choose-user-{user}")).await;
    b.text_until(".user-grants", "no roles yet", |t| {
        t.contains("没有任何角色")
    })
    .await;
    b.select("#grant-role", "area_admin").await;
    b.select("#vol-town", &jingang.to_string()).await;
    b.submit(".grant-form").await;
    b.text_until(".grant-list", "the grant", |t| {
        t.contains("区域管理员") && t.contains("金港镇")
    })
    .await;
    let detail: Value = json_of(
        b.app
            .get(&format!("/api/v1/users/{user}"), Some(&admin))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(detail["grants"][0]["area_id"], jingang);
    b.click(".grant-row .revoke-grant").await;
    b.text_until(".user-grants .empty", "the grant revoked", |t| {
        t.contains("没有任何角色")
    })
    .await;

    // The audit log, filtered by action: only grants, then only revocations.
    b.click(".console-nav a[href='/console/audit']").await;
    b.find(".audit-list").await;
    b.type_into("#audit-action", "grant.create").await;
    b.submit(".audit-filter").await;
    b.text_until(".audit-list", "the grant", |t| t.contains("grant.create"))
        .await;
    let actions = b.texts(".audit-list .audit-action").await;
    assert!(
        !actions.is_empty() && actions.iter().all(|a| a == "grant.create"),
        "{actions:?}"
    );
    assert!(b.url().await.contains("action=grant.create"));
    b.clear("#audit-action").await;
    b.type_into("#audit-action", "grant.revoke").await;
    b.submit(".audit-filter").await;
    b.text_until(".audit-list", "the revocation", |t| {
        t.contains("grant.revoke") && !t.contains("grant.create")
    })
    .await;
    // A day with nothing in it.
    b.set_value("#audit-to", "2020-01-01").await;
    b.submit(".audit-filter").await;
    b.text_until("main .empty", "nothing before 2020", |t| {
        t.contains("没有符合条件")
    })
    .await;
    b.close().await;
}
