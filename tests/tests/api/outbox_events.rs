//! Who hears of what (issue 17), on both backends: every domain event, emitted with its change,
//! reaches exactly the people it concerns and no one else — driven through the real API, then
//! the outbox worker on an injected clock, reading each inbox from the `notifications` table.
//! Reminders reach the volunteers with a place 24 h and 2 h before, move with the activity and
//! go with its cancellation; and no payload says what its reader could not read through the API.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use youai_api::outbox::worker::run_once;
use youai_db::schema::{events, notifications};
use youai_tests::world::{World, world};
use youai_tests::{ADMIN, RESIDENT, TestApp, db_tests, id_number, json_of, problem};
use youai_types::EventKind as K;

use crate::needs::{OTHER_VILLAGE, staff, submit};
use crate::order_queues::with_db;
use crate::orders::{project, request_order, setup};

db_tests!(
    sign_up_decisions_and_promotions_reach_the_volunteer,
    activity_events_reach_its_volunteers_only,
    reminders_reach_volunteers_with_a_place_and_follow_the_activity,
    hours_stars_and_vouchers_reach_the_volunteer,
    team_decisions_reach_the_registrant_and_the_applicant,
    needs_and_orders_reach_the_resident_and_the_stations,
    payloads_reveal_nothing_their_readers_could_not_read,
);

/// One inbox line: (user, kind, title, body, link).
type Line = (i64, K, String, String, Option<String>);

/// Every inbox line, oldest first.
async fn lines(app: &TestApp) -> Vec<Line> {
    with_db(app, |c| {
        notifications::table
            .order(notifications::id)
            .select((
                notifications::user_id,
                notifications::kind,
                notifications::title,
                notifications::body,
                notifications::link,
            ))
            .load(c)
            .unwrap()
    })
    .await
}

/// Who heard of `kind`, in id order (once each line).
fn heard(lines: &[Line], kind: K) -> Vec<i64> {
    let mut users: Vec<i64> = lines.iter().filter(|l| l.1 == kind).map(|l| l.0).collect();
    users.sort_unstable();
    users
}

fn sorted(mut v: Vec<i64>) -> Vec<i64> {
    v.sort_unstable();
    v
}

/// The one line of `kind` that `user` has.
fn line_of(lines: &[Line], user: i64, kind: K) -> Line {
    let mine: Vec<&Line> = lines
        .iter()
        .filter(|l| l.0 == user && l.1 == kind)
        .collect();
    assert_eq!(mine.len(), 1, "{kind:?} for {user}: {lines:?}");
    mine[0].clone()
}

/// Runs the outbox worker once at `at`.
async fn work(app: &TestApp, at: DateTime<Utc>) {
    run_once(&app.pool, &app.outbox, at).await.unwrap();
}

async fn user_id(app: &TestApp, token: &str) -> i64 {
    let me: Value = json_of(app.get("/api/v1/me", Some(token)).await, StatusCode::OK).await;
    me["user"]["id"].as_i64().unwrap()
}

fn at_hours(h: i64) -> String {
    (Utc::now() + Duration::hours(h)).to_rfc3339()
}

fn instant(v: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(v.as_str().unwrap())
        .unwrap()
        .with_timezone(&Utc)
}

/// A published activity of the world's project and team, starting in `hours` for an hour
/// (sign-ups close 4 hours before), with `quota` places.
async fn activity(app: &TestApp, w: &World, title: &str, hours: i64, quota: i32) -> Value {
    let a: Value = json_of(
        app.post(
            "/api/v1/activities",
            Some(&w.leader),
            &json!({"project_id": w.activity["project_id"], "title": title,
                "start_at": at_hours(hours), "end_at": at_hours(hours + 1),
                "signup_deadline": at_hours(hours - 4), "venue_id": w.venue["id"], "quota": quota}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    step(app, &w.leader, &a["id"], json!({"action": "publish"})).await
}

async fn step(app: &TestApp, token: &str, activity: &Value, body: Value) -> Value {
    let res = app
        .post(
            &format!("/api/v1/activities/{activity}/transitions"),
            Some(token),
            &body,
        )
        .await;
    let status = res.status();
    let v: Value = res.json().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{body}: {v}");
    v
}

async fn move_to(app: &TestApp, token: &str, activity: &Value, body: Value) -> Value {
    let res = app
        .patch(
            &format!("/api/v1/activities/{activity}"),
            Some(token),
            &body,
        )
        .await;
    let status = res.status();
    let v: Value = res.json().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{body}: {v}");
    v
}

async fn sign_up(app: &TestApp, token: &str, activity: &Value) -> String {
    let s: Value = json_of(
        app.post(
            &format!("/api/v1/activities/{activity}/sign-ups"),
            Some(token),
            &json!({}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    s["status"].as_str().unwrap().to_owned()
}

/// Runs the job that tells of vouchers about to expire; how many holders it told.
async fn warn(app: &TestApp) -> usize {
    with_db(app, |c| {
        youai_api::jobs::warn_expiring_vouchers(c, Utc::now()).unwrap()
    })
    .await
}

/// The times of an activity's pending reminders, soonest first.
async fn reminders(app: &TestApp, activity: &Value) -> Vec<DateTime<Utc>> {
    let id = activity.as_i64().unwrap();
    with_db(app, move |c| {
        youai_db::outbox::pending_events(c, K::ActivityReminder, "activity", id)
            .unwrap()
            .into_iter()
            .map(|e| e.due_at.and_utc())
            .collect()
    })
    .await
}

async fn sign_up_decisions_and_promotions_reach_the_volunteer(app: TestApp) {
    let w = world(&app, 5).await;
    let leader = user_id(&app, &w.leader).await;
    // One place, and the leader decides.
    let a: Value = json_of(
        app.post(
            "/api/v1/activities",
            Some(&w.leader),
            &json!({"project_id": w.activity["project_id"], "title": "社区义诊",
                "start_at": at_hours(48), "end_at": at_hours(49), "signup_deadline": at_hours(40),
                "venue_id": w.venue["id"], "quota": 1, "auto_accept": false}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let id = a["id"].clone();
    step(&app, &w.leader, &id, json!({"action": "publish"})).await;
    let (_, t1) = app
        .volunteer("13600001861", "申请甲", "金都社区", json!({}))
        .await;
    let (_, t2) = app
        .volunteer("13600001862", "申请乙", "金都社区", json!({}))
        .await;
    let (u1, u2) = (user_id(&app, &t1).await, user_id(&app, &t2).await);
    let status = |sign_up: &Value| format!("/api/v1/activities/{id}/sign-ups/{sign_up}/status");
    let mut applied = Vec::new();
    for token in [&t1, &t2] {
        let s: Value = json_of(
            app.post(
                &format!("/api/v1/activities/{id}/sign-ups"),
                Some(token),
                &json!({}),
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
        assert_eq!(s["status"], "applied");
        applied.push(s["id"].clone());
    }
    // Applying tells no one.
    work(&app, Utc::now()).await;
    assert!(lines(&app).await.iter().all(|l| l.0 == leader));
    // The leader accepts both: the first takes the place, the second waits.
    for (sign_up, want) in [(&applied[0], "accepted"), (&applied[1], "waitlisted")] {
        let s: Value = json_of(
            app.post(
                &status(sign_up),
                Some(&w.leader),
                &json!({"status": "accepted"}),
            )
            .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(s["status"], want);
    }
    // The first cancels: the second is promoted.
    json_of::<Value>(
        app.post(
            &status(&applied[0]),
            Some(&t1),
            &json!({"status": "cancelled"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    work(&app, Utc::now()).await;
    let l = lines(&app).await;
    assert_eq!(heard(&l, K::SignUpAccepted), [u1]);
    assert_eq!(heard(&l, K::SignUpWaitlisted), [u2]);
    assert_eq!(heard(&l, K::SignUpPromoted), [u2]);
    let promoted = line_of(&l, u2, K::SignUpPromoted);
    assert!(promoted.3.contains("社区义诊"), "{promoted:?}");
    assert_eq!(promoted.4, Some(format!("/activities/{id}")));
    // Its reminders exist once, for whoever holds the place when they fall due.
    assert_eq!(reminders(&app, &id).await.len(), 2);
    assert_eq!(l.len(), 4, "{l:?}");
}

async fn activity_events_reach_its_volunteers_only(app: TestApp) {
    let w = world(&app, 5).await;
    let leader = user_id(&app, &w.leader).await;
    let a = activity(&app, &w, "邻里议事", 48, 1).await;
    let id = a["id"].clone();
    let (_, t1) = app
        .volunteer("13600001801", "变更甲", "金都社区", json!({}))
        .await;
    let (_, t2) = app
        .volunteer("13600001802", "变更乙", "金都社区", json!({}))
        .await;
    let (_, t3) = app
        .volunteer("13600001803", "旁观丙", "金都社区", json!({}))
        .await;
    let (u1, u2, u3) = (
        user_id(&app, &t1).await,
        user_id(&app, &t2).await,
        user_id(&app, &t3).await,
    );
    assert_eq!(sign_up(&app, &t1, &id).await, "accepted");
    assert_eq!(sign_up(&app, &t2, &id).await, "waitlisted");
    work(&app, Utc::now()).await;
    let l = lines(&app).await;
    assert_eq!(heard(&l, K::SignUpAccepted), [u1]);
    assert_eq!(heard(&l, K::SignUpWaitlisted), [u2]);
    // The world's team was approved: whoever registered it hears, nobody else.
    assert_eq!(heard(&l, K::TeamRegistrationDecided), [leader]);
    assert_eq!(l.len(), 3, "{l:?}");

    // A volunteer may not move it; moving it to the past is refused field by field.
    problem(
        app.patch(
            &format!("/api/v1/activities/{id}"),
            Some(&t1),
            &json!({"address": "别处"}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    problem(
        app.patch(
            &format!("/api/v1/activities/{id}"),
            Some(&w.leader),
            &json!({"start_at": at_hours(-1), "end_at": at_hours(1), "signup_deadline": at_hours(-2)}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    // Moved: the volunteer with a place hears of it, with the new place; the waiting one not.
    let moved = move_to(
        &app,
        &w.leader,
        &id,
        json!({"start_at": at_hours(72), "end_at": at_hours(74), "address": "金都社区党群服务中心二楼"}),
    )
    .await;
    assert_eq!(moved["address"], "金都社区党群服务中心二楼");
    // The same place again is no change: no event.
    move_to(
        &app,
        &w.leader,
        &id,
        json!({"address": "金都社区党群服务中心二楼"}),
    )
    .await;
    work(&app, Utc::now()).await;
    let l = lines(&app).await;
    assert_eq!(heard(&l, K::ActivityChanged), [u1]);
    let changed = line_of(&l, u1, K::ActivityChanged);
    assert!(changed.3.contains("二楼"), "{changed:?}");
    assert_eq!(changed.4, Some(format!("/activities/{id}")));

    // Cancelled: those with a place and those waiting hear of it, with the reason.
    step(
        &app,
        &w.leader,
        &id,
        json!({"action": "cancel", "reason": "暴雨预警"}),
    )
    .await;
    work(&app, Utc::now()).await;
    let l = lines(&app).await;
    assert_eq!(heard(&l, K::ActivityCancelled), sorted(vec![u1, u2]));
    assert!(line_of(&l, u2, K::ActivityCancelled).3.contains("暴雨预警"));
    // The bystander heard nothing at all; every line is accounted for.
    assert!(l.iter().all(|x| x.0 != u3), "{l:?}");
    assert_eq!(l.len(), 6, "{l:?}");
    // A second run adds nothing.
    work(&app, Utc::now()).await;
    assert_eq!(lines(&app).await.len(), 6);
}

async fn reminders_reach_volunteers_with_a_place_and_follow_the_activity(app: TestApp) {
    let w = world(&app, 5).await;
    // Published two days ahead: one reminder 24 h before, one 2 h before, still to come.
    let a = activity(&app, &w, "敬老院探访", 48, 1).await;
    let id = a["id"].clone();
    let start = instant(&a["start_at"]);
    assert_eq!(
        reminders(&app, &id).await,
        [start - Duration::hours(24), start - Duration::hours(2)]
    );
    let (_, t1) = app
        .volunteer("13600001811", "提醒甲", "金都社区", json!({}))
        .await;
    let (_, t2) = app
        .volunteer("13600001812", "候补乙", "金都社区", json!({}))
        .await;
    let (u1, u2) = (user_id(&app, &t1).await, user_id(&app, &t2).await);
    assert_eq!(sign_up(&app, &t1, &id).await, "accepted");
    assert_eq!(sign_up(&app, &t2, &id).await, "waitlisted");
    // Accepting a volunteer never doubles them: one pending event per reminder.
    assert_eq!(reminders(&app, &id).await.len(), 2);

    // Moved 12 hours later: both move with it.
    let moved = move_to(
        &app,
        &w.leader,
        &id,
        json!({"start_at": at_hours(60), "end_at": at_hours(61)}),
    )
    .await;
    let start = instant(&moved["start_at"]);
    assert_eq!(
        reminders(&app, &id).await,
        [start - Duration::hours(24), start - Duration::hours(2)]
    );
    let reminded = |l: &[Line]| -> Vec<Line> {
        l.iter()
            .filter(|x| x.1 == K::ActivityReminder)
            .cloned()
            .collect()
    };
    // Nothing is due yet; at the old time of the 24-hour reminder, still nothing.
    work(&app, Utc::now()).await;
    work(&app, Utc::now() + Duration::hours(25)).await;
    assert!(reminded(&lines(&app).await).is_empty());
    // 24 hours before: the volunteer with a place hears, the waiting one does not.
    work(&app, start - Duration::hours(24) + Duration::minutes(1)).await;
    let l = reminded(&lines(&app).await);
    assert_eq!(heard(&l, K::ActivityReminder), [u1], "{l:?}");
    assert!(l[0].3.contains("24 小时"), "{l:?}");
    assert_eq!(l[0].4, Some(format!("/activities/{id}")));
    assert_eq!(reminders(&app, &id).await, [start - Duration::hours(2)]);
    // 2 hours before: the second.
    work(&app, start - Duration::hours(2) + Duration::minutes(1)).await;
    let l = reminded(&lines(&app).await);
    assert_eq!(l.len(), 2, "{l:?}");
    assert!(l.iter().all(|x| x.0 == u1 && x.0 != u2));
    assert!(l[1].3.contains("2 小时"), "{l:?}");
    assert!(reminders(&app, &id).await.is_empty());

    // Moved nearer than 24 hours: the reminder now past is dropped, the other moves; moved
    // back, the 24-hour one is there again.
    let b = activity(&app, &w, "垃圾分类宣传", 48, 5).await;
    let bid = b["id"].clone();
    let near = move_to(
        &app,
        &w.leader,
        &bid,
        json!({"start_at": at_hours(10), "end_at": at_hours(11), "signup_deadline": at_hours(9)}),
    )
    .await;
    assert_eq!(
        reminders(&app, &bid).await,
        [instant(&near["start_at"]) - Duration::hours(2)]
    );
    let far = move_to(
        &app,
        &w.leader,
        &bid,
        json!({"start_at": at_hours(50), "end_at": at_hours(51)}),
    )
    .await;
    let far_start = instant(&far["start_at"]);
    assert_eq!(
        reminders(&app, &bid).await,
        [
            far_start - Duration::hours(24),
            far_start - Duration::hours(2)
        ]
    );
    // Cancelled: its reminders are gone, and nobody is reminded of it.
    assert_eq!(sign_up(&app, &t1, &bid).await, "accepted");
    assert_eq!(reminders(&app, &bid).await.len(), 2);
    step(
        &app,
        &w.leader,
        &bid,
        json!({"action": "cancel", "reason": "场地冲突"}),
    )
    .await;
    assert!(reminders(&app, &bid).await.is_empty());
    work(&app, Utc::now() + Duration::hours(100)).await;
    let l = reminded(&lines(&app).await);
    assert_eq!(l.len(), 2, "only the first activity's two: {l:?}");
    assert!(l.iter().all(|x| x.4 == Some(format!("/activities/{id}"))));
}

async fn hours_stars_and_vouchers_reach_the_volunteer(app: TestApp) {
    let admin = app.login(ADMIN).await;
    // ★1 at 1 hour.
    let res = app
        .request(Method::PUT, "/api/v1/reward-rules", Some(&admin))
        .json(&json!({"star_thresholds_hours": [1, 2, 3, 4, 5], "points_per_hour": 10, "cap_per_activity": null, "leader_entry_earns": true, "expire_on": null}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let w = world(&app, 5).await;
    let leader = user_id(&app, &w.leader).await;
    let (v, token) = app
        .volunteer("13600001821", "时长甲", "金都社区", json!({}))
        .await;
    let (d, dtoken) = app
        .volunteer("13600001822", "异议乙", "金都社区", json!({}))
        .await;
    let (_, btoken) = app
        .volunteer("13600001823", "旁观丙", "金都社区", json!({}))
        .await;
    let (u, ud, ub) = (
        user_id(&app, &token).await,
        user_id(&app, &dtoken).await,
        user_id(&app, &btoken).await,
    );
    let record = |who: &Value, hours: f64| json!({"volunteer_id": who["id"], "activity_id": w.activity["id"], "hours": hours});
    for (who, status) in [(&v, "verified"), (&d, "disputed")] {
        let rec: Value = json_of(
            app.post(
                "/api/v1/service-records",
                Some(&w.leader),
                &record(who, 1.0),
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
        json_of::<Value>(
            app.post(
                &format!("/api/v1/service-records/{}/verification", rec["id"]),
                Some(&w.leader),
                &json!({"status": status}),
            )
            .await,
            StatusCode::OK,
        )
        .await;
    }
    // A courtesy redeemed: the voucher is issued, and it expires within the warning.
    assert_eq!(
        app.post(
            &format!("/api/v1/volunteers/{}/points/adjustments", v["id"]),
            Some(&admin),
            &json!({"points": 50, "reason": "测试积分"}),
        )
        .await
        .status(),
        StatusCode::CREATED
    );
    let shirt: Value = json_of(
        app.post(
            "/api/v1/rewards",
            Some(&admin),
            &json!({"kind": "goods", "name": "志愿者文化衫", "provider": "总队", "cost_points": 10, "stock": 5, "voucher_days": 2}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let voucher: Value = json_of(
        app.post(
            &format!("/api/v1/rewards/{}/redemptions", shirt["id"]),
            Some(&token),
            &json!({}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    // The job tells of it once, however often it runs.
    assert_eq!(warn(&app).await, 1);
    assert_eq!(warn(&app).await, 0);
    work(&app, Utc::now()).await;
    assert_eq!(warn(&app).await, 0, "still once after it went out");
    let l = lines(&app).await;
    for kind in [
        K::HoursVerified,
        K::StarReached,
        K::VoucherIssued,
        K::VoucherExpiring,
    ] {
        assert_eq!(heard(&l, kind), [u], "{kind:?}: {l:?}");
    }
    assert_eq!(heard(&l, K::HoursDisputed), [ud]);
    assert!(line_of(&l, u, K::StarReached).3.contains("1星"));
    let issued = line_of(&l, u, K::VoucherIssued);
    assert!(issued.3.contains("志愿者文化衫"), "{issued:?}");
    assert_eq!(issued.4.as_deref(), Some("/me/vouchers"));
    let code = voucher["code"].as_str().unwrap().to_owned();
    assert!(
        l.iter().all(|x| !x.3.contains(&code)),
        "the code stays on the vouchers page"
    );
    // The leader heard only of the team; the bystander of nothing.
    assert!(
        l.iter()
            .filter(|x| x.0 == leader)
            .all(|x| x.1 == K::TeamRegistrationDecided)
    );
    assert!(l.iter().all(|x| x.0 != ub), "{l:?}");
    assert_eq!(l.len(), 6, "{l:?}");
}

async fn team_decisions_reach_the_registrant_and_the_applicant(app: TestApp) {
    let admin = app.login(ADMIN).await;
    let jingang = app.area_id("金港镇").await;
    let w = world(&app, 5).await;
    let leader = user_id(&app, &w.leader).await;
    let (_, founder) = app
        .volunteer("13600001831", "创队甲", "金都社区", json!({}))
        .await;
    let t = app
        .team(
            &founder,
            json!({"kind": "social_team", "name": "未获批测试队", "area_id": jingang}),
        )
        .await;
    json_of::<Value>(
        app.post(
            &format!("/api/v1/teams/{}/decisions", t["id"]),
            Some(&admin),
            &json!({"decision": "reject", "reason": "材料不全"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let team = w.activity["team_id"].clone();
    let (_, tin) = app
        .volunteer("13600001832", "入队乙", "金都社区", json!({}))
        .await;
    let (_, tout) = app
        .volunteer("13600001833", "入队丙", "金都社区", json!({}))
        .await;
    let (_, tleft) = app
        .volunteer("13600001834", "自退丁", "金都社区", json!({}))
        .await;
    let mut asked = Vec::new();
    for token in [&tin, &tout, &tleft] {
        let m: Value = json_of(
            app.post(
                &format!("/api/v1/teams/{team}/members"),
                Some(token),
                &json!({}),
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
        asked.push(m["id"].clone());
    }
    for (m, token, status) in [
        (&asked[0], &w.leader, "active"),
        (&asked[1], &w.leader, "declined"),
        (&asked[2], &tleft, "left"),
    ] {
        json_of::<Value>(
            app.post(
                &format!("/api/v1/teams/{team}/members/{m}/status"),
                Some(token),
                &json!({"status": status}),
            )
            .await,
            StatusCode::OK,
        )
        .await;
    }
    work(&app, Utc::now()).await;
    let l = lines(&app).await;
    let (uf, uin, uout, uleft) = (
        user_id(&app, &founder).await,
        user_id(&app, &tin).await,
        user_id(&app, &tout).await,
        user_id(&app, &tleft).await,
    );
    assert_eq!(
        heard(&l, K::TeamRegistrationDecided),
        sorted(vec![leader, uf])
    );
    let rejected = line_of(&l, uf, K::TeamRegistrationDecided);
    assert!(
        rejected.2.contains("未通过") && rejected.3.contains("材料不全"),
        "{rejected:?}"
    );
    assert_eq!(heard(&l, K::TeamJoinDecided), sorted(vec![uin, uout]));
    assert!(line_of(&l, uin, K::TeamJoinDecided).3.contains("已加入"));
    assert!(line_of(&l, uout, K::TeamJoinDecided).2.contains("未通过"));
    // Leaving by oneself tells no one.
    assert!(l.iter().all(|x| x.0 != uleft), "{l:?}");
    assert_eq!(l.len(), 4, "{l:?}");
}

async fn needs_and_orders_reach_the_resident_and_the_stations(app: TestApp) {
    let s = setup(&app).await;
    let resident = app.login(RESIDENT).await;
    let uresident = user_id(&app, &resident).await;
    let station = user_id(&app, &s.station).await;
    // An admin of the village the orders are for, and one of another village.
    let (village_admin, village_token) =
        staff(&app, "13600001841", "村管理员", "area_admin", s.village).await;
    let other = app.area_id(OTHER_VILLAGE).await;
    let (far_admin, _) = staff(&app, "13600001842", "外村管理员", "area_admin", other).await;
    let review = |id: Value, body: Value| {
        let app = &app;
        let station = s.station.clone();
        async move {
            json_of::<Value>(
                app.post(&format!("/api/v1/needs/{id}/review"), Some(&station), &body)
                    .await,
                StatusCode::OK,
            )
            .await
        }
    };
    let n1 = submit(
        &app,
        &resident,
        s.village,
        "独居老人家里的电视坏了",
        json!({}),
    )
    .await["need"]["id"]
        .clone();
    review(n1.clone(), json!({"action": "accept"})).await;
    let n2 =
        submit(&app, &resident, s.village, "楼道灯不亮", json!({})).await["need"]["id"].clone();
    review(n2, json!({"action": "reject", "reason": "已由物业处理"})).await;
    // Recorded on a resident's behalf: no account to tell.
    let n3 = submit(
        &app,
        &s.station,
        s.village,
        "代登记：老人需要助浴",
        json!({"on_behalf": true, "contact_name": "李大爷", "contact_phone": "13912340000"}),
    )
    .await["need"]["id"]
        .clone();
    review(n3, json!({"action": "accept"})).await;

    // An order for the first need: taken, scheduled, its activity finishes.
    let order = request_order(&app, &s, json!({"need_ids": [n1]})).await;
    let id = order["id"].clone();
    crate::orders::ok(
        &app,
        &s.detachment_leader,
        &id,
        "take",
        json!({"team_id": s.detachment["id"]}),
    )
    .await;
    let p = project(&app, &s, &s.detachment["id"], "家电维修进村").await;
    let scheduled = crate::orders::ok(
        &app,
        &s.detachment_leader,
        &id,
        "schedule",
        json!({"project_id": p["id"], "start_at": at_hours(24), "end_at": at_hours(27)}),
    )
    .await;
    for action in ["publish", "start", "finish"] {
        step(
            &app,
            &s.detachment_leader,
            &scheduled["activity_id"],
            json!({"action": action}),
        )
        .await;
    }
    // Another, untaken past its take-by time, escalates to the town above the village.
    let late = request_order(&app, &s, json!({"title": "村口路灯维修"})).await;
    let escalated = with_db(&app, |c| {
        youai_api::services::orders::deadlines::escalate_due(c, Utc::now() + Duration::days(10))
            .unwrap()
    })
    .await;
    assert_eq!(escalated, 1);
    work(&app, Utc::now()).await;
    let l = lines(&app).await;

    assert_eq!(heard(&l, K::NeedAccepted), [uresident], "{l:?}");
    assert_eq!(heard(&l, K::NeedRejected), [uresident]);
    assert!(
        line_of(&l, uresident, K::NeedRejected)
            .3
            .contains("已由物业处理")
    );
    assert_eq!(heard(&l, K::NeedFulfilled), [uresident]);
    let fulfilled = line_of(&l, uresident, K::NeedFulfilled);
    assert!(
        fulfilled
            .4
            .as_deref()
            .unwrap()
            .starts_with("/needs/follow/"),
        "{fulfilled:?}"
    );
    let station_side = sorted(vec![station, village_admin]);
    for kind in [K::OrderTaken, K::OrderScheduled, K::OrderCompleted] {
        assert_eq!(heard(&l, kind), station_side, "{kind:?}: {l:?}");
    }
    assert_eq!(
        line_of(&l, station, K::OrderTaken).4,
        Some(format!("/console/orders/{id}"))
    );
    // The escalation goes to the town's admins only.
    assert_eq!(heard(&l, K::OrderEscalated), [station], "{l:?}");
    let up = line_of(&l, station, K::OrderEscalated);
    assert!(
        up.3.contains("金港镇") && up.4 == Some(format!("/console/orders/{}", late["id"])),
        "{up:?}"
    );
    // Each who heard of an order may read it.
    for (token, order) in [
        (&s.station, &id),
        (&village_token, &id),
        (&s.station, &late["id"]),
    ] {
        assert_eq!(
            app.get(&format!("/api/v1/orders/{order}"), Some(token))
                .await
                .status(),
            StatusCode::OK
        );
    }
    // The serving side, the other village and the resident hear of no order.
    let detachment_leader = user_id(&app, &s.detachment_leader).await;
    assert!(
        l.iter()
            .all(|x| x.0 != far_admin && x.0 != detachment_leader),
        "{l:?}"
    );
    assert_eq!(l.len(), 3 + 2 * 3 + 1, "{l:?}");
}

async fn payloads_reveal_nothing_their_readers_could_not_read(app: TestApp) {
    let s = setup(&app).await;
    let w = world(&app, 5).await;
    let resident = app.login(RESIDENT).await;
    let uresident = user_id(&app, &resident).await;
    // A volunteer with an ID number, accepted, with hours verified.
    let idn = id_number("19900501", 2);
    let (v, token) = app
        .volunteer(
            "13600001851",
            "隐私甲",
            "金都社区",
            json!({"id_number": idn}),
        )
        .await;
    assert_eq!(sign_up(&app, &token, &w.activity["id"]).await, "accepted");
    let rec: Value = json_of(
        app.post(
            "/api/v1/service-records",
            Some(&w.leader),
            &json!({"volunteer_id": v["id"], "activity_id": w.activity["id"], "hours": 1.0}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    json_of::<Value>(
        app.post(
            &format!("/api/v1/service-records/{}/verification", rec["id"]),
            Some(&w.leader),
            &json!({"status": "verified"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    // The resident's need and another resident's, recorded on their behalf, in one order with
    // its station's contact; the order is taken, scheduled and served.
    let accept = |id: Value| {
        let app = &app;
        let station = s.station.clone();
        async move {
            json_of::<Value>(
                app.post(
                    &format!("/api/v1/needs/{id}/review"),
                    Some(&station),
                    &json!({"action": "accept"}),
                )
                .await,
                StatusCode::OK,
            )
            .await
        }
    };
    let mine =
        submit(&app, &resident, s.village, "家里水管漏水", json!({})).await["need"]["id"].clone();
    accept(mine.clone()).await;
    let theirs = submit(
        &app,
        &s.station,
        s.village,
        "代登记：水管漏水",
        json!({"on_behalf": true, "contact_name": "李大爷", "contact_phone": "13912340000"}),
    )
    .await["need"]["id"]
        .clone();
    accept(theirs.clone()).await;
    let order = request_order(&app, &s, json!({"need_ids": [mine, theirs]})).await;
    let id = order["id"].clone();
    crate::orders::ok(
        &app,
        &s.detachment_leader,
        &id,
        "take",
        json!({"team_id": s.detachment["id"]}),
    )
    .await;
    let p = project(&app, &s, &s.detachment["id"], "水管维修进村").await;
    let scheduled = crate::orders::ok(
        &app,
        &s.detachment_leader,
        &id,
        "schedule",
        json!({"project_id": p["id"], "start_at": at_hours(24), "end_at": at_hours(27)}),
    )
    .await;
    for action in ["publish", "start", "finish"] {
        step(
            &app,
            &s.detachment_leader,
            &scheduled["activity_id"],
            json!({"action": action}),
        )
        .await;
    }
    work(&app, Utc::now()).await;

    // No event's payload and no inbox line carries an ID number, a contact's name or phone,
    // or anyone's phone.
    let secrets = [
        idn.as_str(),
        "13600001851",
        "13800001234",
        "陈站长",
        "13912340000",
        "李大爷",
        RESIDENT.0,
    ];
    let payloads: Vec<(K, String)> = with_db(&app, |c| {
        events::table
            .select((events::kind, events::payload))
            .load(c)
            .unwrap()
    })
    .await;
    let l = lines(&app).await;
    assert!(payloads.len() >= 8, "{payloads:?}");
    for (kind, payload) in &payloads {
        for secret in secrets {
            assert!(
                !payload.contains(secret),
                "{kind:?} says {secret}: {payload}"
            );
        }
    }
    for line in &l {
        for secret in secrets {
            assert!(
                !line.2.contains(secret) && !line.3.contains(secret),
                "{line:?} says {secret}"
            );
        }
    }
    // What each reader was told, they may read: the resident their need (and only theirs
    // reached them), the station its order.
    let told_resident: Vec<&Line> = l.iter().filter(|x| x.0 == uresident).collect();
    assert_eq!(
        told_resident.iter().map(|x| x.1).collect::<Vec<_>>(),
        [K::NeedAccepted, K::NeedFulfilled],
        "{told_resident:?}"
    );
    for line in told_resident {
        let code = line
            .4
            .as_deref()
            .unwrap()
            .trim_start_matches("/needs/follow/");
        let n: Value = json_of(
            app.get(&format!("/api/v1/needs/by-code/{code}"), Some(&resident))
                .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(n["need"]["id"], mine);
    }
    let station = user_id(&app, &s.station).await;
    for line in l.iter().filter(|x| x.0 == station) {
        let path = line.4.as_deref().unwrap().replace("/console", "/api/v1");
        assert_eq!(
            app.get(&path, Some(&s.station)).await.status(),
            StatusCode::OK,
            "{line:?}"
        );
    }
}
