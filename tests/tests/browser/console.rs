//! The console (工作台) of staff: a town's admin reviewing team registrations and projects, a
//! leader accepting sign-ups, verifying hours, drafting a project and creating, running and
//! cancelling activities, the platform's admin adding a courtesy.

use serde_json::{Value, json};
use youai_tests::browser::Browser;
use youai_tests::reqwest::StatusCode;
use youai_tests::{ADMIN, JINGANG_ADMIN, json_of};

use crate::fixtures::{
    account, approved_team, batch, in_minutes, local_input, record, sign_ups, signed_up_volunteer,
    world, world_with,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn town_admin_approves_and_rejects_registrations() {
    let Some(b) = Browser::start(1280).await else {
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

    b.sign_in_as(JINGANG_ADMIN, "/console/registrations").await;
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leader_accepts_a_sign_up_in_the_console() {
    let Some(b) = Browser::start(1280).await else {
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
    let (_, _, s) = signed_up_volunteer(&b.app, &w.activity, "13600000082", "待审乙").await;
    assert_eq!(s["status"], "applied");

    b.sign_in_as(account("13600000081"), "/console").await;
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
    let list = sign_ups(&b.app, &w.activity, &w.leader).await;
    assert_eq!(list["items"][0]["status"], "accepted");
    // The volunteer's centre lists it among the upcoming ones, with a cancel button.
    b.switch_to(account("13600000082"), "/me").await;
    b.text_until(".my-sign-ups", "the accepted sign-up", |t| {
        t.contains("心理疏导讲座") && t.contains("已录取")
    })
    .await;
    b.find(&format!("#my-sign-up-{} .cancel-sign-up", s["id"]))
        .await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leader_checks_a_volunteer_in_and_out_by_hand() {
    let Some(b) = Browser::start(1280).await else {
        return;
    };
    // Starting in 20 minutes: check-in is open.
    let w = world(&b.app, "13600000091", "社区防诈宣传", 20, 5).await;
    let (_, _, s) = signed_up_volunteer(&b.app, &w.activity, "13600000092", "没手机").await;
    assert_eq!(s["status"], "accepted");

    b.sign_in_as(account("13600000091"), "/console/activities")
        .await;
    let row = format!("#sign-up-{}", s["id"]);
    b.text_until(
        &format!("#activity-desk-{} .roster-list", w.activity["id"]),
        "the roster",
        |t| t.contains("没手机"),
    )
    .await;
    b.click(&format!("{row} .hand-check-in")).await;
    b.text_until(&row, "checked in, with the time", |t| {
        t.contains("签到") && !t.contains("手动签到")
    })
    .await;
    b.click(&format!("{row} .hand-check-out")).await;
    b.text_until(&row, "checked out", |t| t.contains("已签退"))
        .await;
    let list = sign_ups(&b.app, &w.activity, &w.leader).await;
    assert_eq!(list["items"][0]["status"], "checked_out", "{list}");
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leader_verifies_hours_and_the_star_moves() {
    let Some(b) = Browser::start(375).await else {
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
    let (v, _, signed) = signed_up_volunteer(&b.app, &w.activity, "13600000102", "时长己").await;
    assert_eq!(signed["status"], "accepted");
    let rec = record(&b.app, &w.leader, &v["id"], &w.activity, 1.0).await;

    // Before: no star, no points.
    b.sign_in_as(account("13600000102"), "/me").await;
    b.text_until(".my-star", "no star yet", |t| {
        t.contains("尚未评星") && t.contains("还差")
    })
    .await;
    b.text_until(".points-balance-value", "no points", |t| t == "0")
        .await;

    // The leader verifies the hour in the queue.
    b.switch_to(account("13600000101"), "/console/records")
        .await;
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

    // After: ★1 with the bar towards ★2, and the points earned.
    b.switch_to(account("13600000102"), "/me").await;
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
async fn admin_adds_a_courtesy_with_a_field_error_beside_its_field() {
    let Some(b) = Browser::start(375).await else {
        return;
    };
    b.open_console_part(ADMIN, "rewards").await;
    b.select("#reward-kind", "goods").await;
    b.type_into("#reward-name", "志愿者保温杯").await;
    b.type_into("#reward-provider", "市志愿服务总队").await;
    b.type_into("#reward-cost", "150").await;
    // Goods without stock: the server's field error shows beside the stock field.
    b.submit(".new-reward-form").await;
    b.text_until("#reward-stock-error", "the stock error", |t| {
        t.contains("库存")
    })
    .await;
    let described = b.attr("#reward-stock", "aria-describedby").await;
    assert_eq!(described.as_deref(), Some("reward-stock-error"));
    b.type_into("#reward-stock", "20").await;
    b.submit(".new-reward-form").await;
    b.text_until(".reward-added", "the courtesy added", |t| {
        t.contains("志愿者保温杯")
    })
    .await;
    b.text_until(".reward-admin-list", "the courtesy listed", |t| {
        t.contains("志愿者保温杯")
    })
    .await;
    b.assert_absent("#reward-stock-error", "the stock error stayed")
        .await;
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
async fn leader_drafts_a_project_and_the_town_admin_publishes_it() {
    let Some(b) = Browser::start(1280).await else {
        return;
    };
    let app = &b.app;
    let admin = app.login(ADMIN).await;
    let jingang = app.area_id("金港镇").await;
    let (_, leader) = app
        .volunteer("13600000131", "项目队长", "金都社区", json!({}))
        .await;
    let team = approved_team(app, &admin, &leader, "读书会服务队").await;
    let batch = batch(app, &admin, "读书会批次").await;

    // The leader drafts it.
    b.open_console_part(account("13600000131"), "projects")
        .await;
    b.type_into("#project-title", "社区读书会").await;
    b.type_into("#project-category", "文化文艺").await;
    b.click("input[name=target_groups][value='社区居民']").await;
    b.select("#project-level", "town").await;
    b.select("#project-area", &jingang.to_string()).await;
    b.select("#project-owner", &team["id"].to_string()).await;
    b.submit(".new-project-form").await;
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
    let item = b.open_project_queue_as_town_admin(&project).await;
    // Approving needs a batch: the server's error shows beside the select.
    b.click(&format!("{item} .approve")).await;
    b.text_until(
        &format!("#review-batch-{}-error", project["id"]),
        "the missing batch",
        |t| t.contains("批次"),
    )
    .await;
    b.select(
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leader_creates_an_activity_fixes_its_end_and_publishes_it() {
    let Some(b) = Browser::start(375).await else {
        return;
    };
    let w = world(&b.app, "13600000141", "敬老院探访", 3 * 24 * 60, 5).await;
    let project = w.activity["project_id"].to_string();

    b.sign_in_as(account("13600000141"), "/console/activities")
        .await;
    b.select("#activity-project", &project).await;
    b.type_into("#activity-title", "敬老院陪伴下午").await;
    b.set_value("#activity-start", &local_input(5, 14)).await;
    b.set_value("#activity-end", &local_input(5, 12)).await;
    b.set_value("#activity-deadline", &local_input(4, 20)).await;
    // At the venue: the address field gives way to the venue's.
    b.select("#activity-venue", &w.venue["id"].to_string())
        .await;
    b.assert_absent("#activity-address", "no address at a venue")
        .await;
    b.type_into("#activity-quota", "8").await;
    b.submit(".new-activity-form").await;
    // The end before the start: said beside the end field.
    b.text_until("#activity-end-error", "the end error", |t| {
        t.contains("结束时间")
    })
    .await;
    let described = b.attr("#activity-end", "aria-describedby").await;
    assert_eq!(described.as_deref(), Some("activity-end-error"));
    b.set_value("#activity-end", &local_input(5, 16)).await;
    b.submit(".new-activity-form").await;
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

    // The public search finds it, at 14:00–16:00 city time, at the venue (its kiosk lists it).
    b.open("/activities?q=%E6%95%AC%E8%80%81%E9%99%A2%E9%99%AA%E4%BC%B4")
        .await;
    b.text_until(".card-list", "the activity found", |t| {
        t.contains("敬老院陪伴下午") && t.contains("14:00–16:00")
    })
    .await;
    let at_venue: Value = json_of(
        b.app
            .get(
                &format!("/api/v1/activities?venue_id={}", w.venue["id"]),
                None,
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(
        at_venue["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["title"] == "敬老院陪伴下午" && a["address"] == w.venue["address"]),
        "{at_venue}"
    );
    b.close().await;
}

/// The activity as the API reports it, once its status is `want` (waits up to 10 s).
async fn status_becomes(b: &Browser, activity: &Value, want: &str) -> Value {
    b.api_until(
        &format!("/api/v1/activities/{}", activity["id"]),
        None,
        &format!("the status {want}"),
        |a| a["status"] == want,
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leader_runs_and_cancels_activities_and_the_town_sends_a_project_back() {
    let Some(b) = Browser::start(375).await else {
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

    b.sign_in_as(account("13600000131"), "/console/activities")
        .await;
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
    let described = b.attr(&reason, "aria-describedby").await;
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
    let item = b.open_project_queue_as_town_admin(&project).await;
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
    let sent_back = b
        .api_until(
            &format!("/api/v1/projects/{}", project["id"]),
            Some(&w.leader),
            "the project sent back to draft",
            |p| p["status"] == "draft",
        )
        .await;
    assert_eq!(sent_back["review_reason"], "请补充巡护路线和安全预案");
    b.switch_to(account("13600000131"), "/console/projects")
        .await;
    b.text_until(".my-projects", "the reason, for the leader", |t| {
        t.contains("河道巡护") && t.contains("请补充巡护路线和安全预案")
    })
    .await;
    b.close().await;
}
