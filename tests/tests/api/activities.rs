//! 友爱港城: project review, activity scheduling, sign-ups under concurrency, waiting lists
//! and the sign-up rules — on SQLite and PostgreSQL.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use futures_util::future::join_all;
use reqwest::StatusCode;
use serde_json::{Value, json};
use youai_tests::{ADMIN, TestApp, db_tests, json_of, problem};

db_tests!(
    project_review_and_listing,
    activity_schedule_rules,
    quota_holds_under_concurrency,
    sign_up_rules_and_leader_approval,
    activity_listing_filters
);

/// A team led by a volunteer, a published project of it in batch 1, and the leader's token.
struct Setup {
    admin: String,
    leader: String,
    team: Value,
    project: Value,
}

async fn setup(app: &TestApp) -> Setup {
    let admin = app.login(ADMIN).await;
    let jingang = app.area_id("金港镇").await;
    let (_, leader) = app
        .volunteer("13300000001", "项目队长", "金都社区", json!({}))
        .await;
    let team = app.team(&leader, json!({"kind": "social_team", "name": "金港宣讲队", "area_id": jingang, "specialty": "理论宣讲"})).await;
    let res = app
        .post(
            &format!("/api/v1/teams/{}/decisions", team["id"]),
            Some(&admin),
            &json!({"decision": "approve"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let batch: Value = json_of(
        app.post(
            "/api/v1/project-batches",
            Some(&admin),
            &json!({"name": "2026年12月 第一批", "released_on": "2026-12-01"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let project: Value = json_of(
        app.post("/api/v1/projects", Some(&leader), &json!({"title": "百姓名嘴进村宣讲", "category": "理论宣讲", "target_groups": ["农村群众", "老年人"],
            "level": "town", "area_id": jingang, "owner_team_id": team["id"]})).await,
        StatusCode::CREATED,
    )
    .await;
    let review = |body: Value| {
        let url = format!("/api/v1/projects/{}/reviews", project["id"]);
        let (app, admin, leader) = (app, admin.clone(), leader.clone());
        async move {
            let token = if body["action"] == "submit" {
                leader
            } else {
                admin
            };
            app.post(&url, Some(&token), &body).await
        }
    };
    assert_eq!(
        review(json!({"action": "submit"})).await.status(),
        StatusCode::OK
    );
    let published: Value = json_of(
        review(json!({"action": "approve", "batch_id": batch["id"]})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(published["status"], "published");
    Setup {
        admin,
        leader,
        team,
        project: published,
    }
}

fn at(hours_from_now: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::hours(hours_from_now)).to_rfc3339()
}

async fn activity(app: &TestApp, s: &Setup, extra: Value) -> Value {
    let venue = app.venue_in(app.area_id("金都社区").await).await;
    let mut body = json!({"project_id": s.project["id"], "title": "金都社区政策宣讲", "start_at": at(48), "end_at": at(50),
        "signup_deadline": at(47), "venue_id": venue["id"], "quota": 10});
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    let a: Value = json_of(
        app.post("/api/v1/activities", Some(&s.leader), &body).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(a["status"], "draft");
    let published: Value = json_of(
        app.post(
            &format!("/api/v1/activities/{}/transitions", a["id"]),
            Some(&s.leader),
            &json!({"action": "publish"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(published["status"], "recruiting");
    published
}

async fn project_review_and_listing(app: TestApp) {
    let s = setup(&app).await;
    let jingang = app.area_id("金港镇").await;
    // A second project goes through rejection.
    let draft: Value = json_of(
        app.post("/api/v1/projects", Some(&s.leader), &json!({"title": "青少年普法课堂", "category": "法律服务", "target_groups": ["未成年人"],
            "level": "town", "area_id": jingang, "owner_team_id": s.team["id"]})).await,
        StatusCode::CREATED,
    )
    .await;
    let url = format!("/api/v1/projects/{}", draft["id"]);
    problem(
        app.get(&url, None).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_eq!(
        app.get(&url, Some(&s.leader)).await.status(),
        StatusCode::OK
    );
    let reviews = format!("{url}/reviews");
    problem(
        app.post(
            &reviews,
            Some(&s.admin),
            &json!({"action": "approve", "batch_id": 1}),
        )
        .await,
        StatusCode::CONFLICT,
        "invalid_transition",
    )
    .await;
    assert_eq!(
        app.post(&reviews, Some(&s.leader), &json!({"action": "submit"}))
            .await
            .status(),
        StatusCode::OK
    );
    problem(
        app.post(
            &reviews,
            Some(&s.leader),
            &json!({"action": "approve", "batch_id": 1}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let body = problem(
        app.post(&reviews, Some(&s.admin), &json!({"action": "reject"}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "reason");
    let back: Value = json_of(
        app.post(
            &reviews,
            Some(&s.admin),
            &json!({"action": "reject", "reason": "请补充课程安排"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (back["status"].as_str(), back["review_reason"].as_str()),
        (Some("draft"), Some("请补充课程安排"))
    );
    let bad = app.post("/api/v1/projects", Some(&s.leader), &json!({"title": "x", "category": "法律服务", "target_groups": ["外星人"], "level": "city", "area_id": jingang, "owner_team_id": s.team["id"]})).await;
    let body = problem(bad, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert!(
        fields.contains(&"title")
            && fields.contains(&"target_groups[0]")
            && fields.contains(&"level"),
        "{fields:?}"
    );

    // The public list: published only, with filters.
    let all: Value = json_of(app.get("/api/v1/projects", None).await, StatusCode::OK).await;
    assert_eq!(all["items"].as_array().unwrap().len(), 1);
    for (query, n) in [
        ("category=理论宣讲", 1),
        ("category=法律服务", 0),
        ("target_group=老年人", 1),
        ("target_group=未成年人", 0),
        ("q=名嘴", 1),
        ("batch_id=1", 1),
        (&format!("within={jingang}") as &str, 1),
        ("level=city", 0),
    ] {
        let page: Value = json_of(
            app.get(&format!("/api/v1/projects?{query}"), None).await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(page["items"].as_array().unwrap().len(), n, "{query}");
    }
    let batches: Value = json_of(
        app.get("/api/v1/project-batches", None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(batches[0]["project_count"], 1);
    problem(
        app.get("/api/v1/projects?status=in_review", None).await,
        StatusCode::UNAUTHORIZED,
        "missing_token",
    )
    .await;
}

async fn activity_schedule_rules(app: TestApp) {
    let s = setup(&app).await;
    let post = |body: Value| {
        let (app, leader) = (&app, s.leader.clone());
        async move { app.post("/api/v1/activities", Some(&leader), &body).await }
    };
    let venue = app.venue_in(app.area_id("金都社区").await).await;
    let base = json!({"project_id": s.project["id"], "title": "规则检查", "start_at": at(48), "end_at": at(50), "signup_deadline": at(47), "venue_id": venue["id"], "quota": 10});
    let with = |k: &str, v: Value| {
        let mut b = base.clone();
        b[k] = v;
        b
    };
    for (body, field, code) in [
        (with("end_at", json!(at(47))), "end_at", "end_before_start"),
        (with("quota", json!(0)), "quota", "out_of_range"),
        (
            with("signup_deadline", json!(at(49))),
            "signup_deadline",
            "after_start",
        ),
        (with("min_age", json!(10)), "min_age", "out_of_range"),
    ] {
        let res = problem(
            post(body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        let pairs: Vec<(String, String)> = res["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["field"].as_str().unwrap().into(),
                    e["code"].as_str().unwrap().into(),
                )
            })
            .collect();
        assert!(
            pairs.contains(&(field.into(), code.into())),
            "{field}/{code} in {pairs:?}"
        );
    }
    // Cancelling needs a reason; a cancelled activity takes no sign-ups.
    let a = activity(&app, &s, json!({})).await;
    let url = format!("/api/v1/activities/{}/transitions", a["id"]);
    problem(
        app.post(&url, Some(&s.leader), &json!({"action": "cancel"}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let cancelled: Value = json_of(
        app.post(
            &url,
            Some(&s.leader),
            &json!({"action": "cancel", "reason": "台风预警"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (
            cancelled["status"].as_str(),
            cancelled["cancel_reason"].as_str()
        ),
        (Some("cancelled"), Some("台风预警"))
    );
    problem(
        app.post(&url, Some(&s.leader), &json!({"action": "publish"}))
            .await,
        StatusCode::CONFLICT,
        "invalid_transition",
    )
    .await;
    let (_, v) = app
        .volunteer("13300000002", "报名者", "金都社区", json!({}))
        .await;
    problem(
        app.post(
            &format!("/api/v1/activities/{}/sign-ups", a["id"]),
            Some(&v),
            &json!({}),
        )
        .await,
        StatusCode::CONFLICT,
        "activity_not_recruiting",
    )
    .await;
    // Someone else's team may not schedule on this project.
    problem(
        post(with("team_id", json!(999_999))).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
}

async fn quota_holds_under_concurrency(app: TestApp) {
    let s = setup(&app).await;
    let a = activity(&app, &s, json!({"quota": 10})).await;
    // Fifty volunteers…
    let people = join_all((0..50).map(|i| {
        let app = &app;
        async move {
            app.volunteer(
                &format!("1320000{i:04}"),
                &format!("志愿者{i}"),
                "金都社区",
                json!({}),
            )
            .await
            .1
        }
    }))
    .await;
    // …sign up at the same moment.
    let url = format!("/api/v1/activities/{}/sign-ups", a["id"]);
    let answers = join_all(people.iter().map(|t| {
        let (app, url) = (&app, url.clone());
        async move {
            let res = app.post(&url, Some(t), &json!({})).await;
            let status = res.status();
            let body: Value = res.json().await.unwrap();
            (status, body)
        }
    }))
    .await;
    let statuses: Vec<String> = answers
        .iter()
        .map(|(code, b)| {
            assert_eq!(*code, StatusCode::CREATED, "{b}");
            b["status"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(statuses.iter().filter(|s| *s == "accepted").count(), 10);
    assert_eq!(statuses.iter().filter(|s| *s == "waitlisted").count(), 40);
    let now: Value = json_of(
        app.get(&format!("/api/v1/activities/{}", a["id"]), None)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (
            now["status"].as_str(),
            now["accepted"].as_i64(),
            now["free_places"].as_i64()
        ),
        (Some("full"), Some(10), Some(0))
    );

    // A cancellation promotes the first on the waiting list.
    let list: Value = json_of(
        app.get(
            &format!("{url}?status=waitlisted&limit=100"),
            Some(&s.leader),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let first_waiting = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .min_by_key(|x| {
            (
                x["created_at"].as_str().unwrap().to_owned(),
                x["id"].as_i64().unwrap(),
            )
        })
        .unwrap()
        .clone();
    let (i, (_, accepted)) = answers
        .iter()
        .enumerate()
        .find(|(_, (_, b))| b["status"] == "accepted")
        .unwrap();
    let res = app
        .post(
            &format!("{url}/{}/status", accepted["id"]),
            Some(&people[i]),
            &json!({"status": "cancelled"}),
        )
        .await;
    let cancelled: Value = json_of(res, StatusCode::OK).await;
    assert_eq!(cancelled["status"], "cancelled");
    let promoted: Value = json_of(
        app.get(&format!("{url}?status=accepted&limit=100"), Some(&s.leader))
            .await,
        StatusCode::OK,
    )
    .await;
    let ids: Vec<i64> = promoted["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids.len(), 10, "still exactly full");
    assert!(
        ids.contains(&first_waiting["id"].as_i64().unwrap()),
        "the first waitlisted was promoted"
    );
    let still: Value = json_of(
        app.get(&format!("/api/v1/activities/{}", a["id"]), None)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(still["accepted"], 10);
}

async fn sign_up_rules_and_leader_approval(app: TestApp) {
    let s = setup(&app).await;
    let skill = app.skill("first_aid", "应急救护").await;
    let first = activity(&app, &s, json!({"start_at": at(48), "end_at": at(50)})).await;
    let overlapping = activity(&app, &s, json!({"title": "重叠的活动", "start_at": at(49), "end_at": at(51), "signup_deadline": at(47)})).await;
    let skilled = activity(&app, &s, json!({"title": "需要急救技能", "start_at": at(60), "end_at": at(61), "signup_deadline": at(59), "skill_ids": [skill]})).await;
    let adults = activity(&app, &s, json!({"title": "成人活动", "start_at": at(70), "end_at": at(71), "signup_deadline": at(69), "min_age": 18})).await;
    let approval = activity(&app, &s, json!({"title": "需审核", "start_at": at(80), "end_at": at(81), "signup_deadline": at(79), "auto_accept": false})).await;
    let (_, v) = app
        .volunteer("13300000003", "规则甲", "金都社区", json!({}))
        .await;
    let teen_birth = {
        let today = chrono::Utc::now().date_naive();
        format!("{}-01-01", chrono::Datelike::year(&today) - 16)
    };
    let (_, teen) = app.volunteer("13300000004", "少年乙", "金都社区", json!({"birth_date": teen_birth, "guardian_name": "家长", "guardian_phone": "13300009999"})).await;
    let sign = |a: &Value, t: &str| {
        let (app, url, t) = (
            &app,
            format!("/api/v1/activities/{}/sign-ups", a["id"]),
            t.to_owned(),
        );
        async move { app.post(&url, Some(&t), &json!({})).await }
    };
    let ok: Value = json_of(sign(&first, &v).await, StatusCode::CREATED).await;
    assert_eq!(ok["status"], "accepted");
    problem(
        sign(&first, &v).await,
        StatusCode::CONFLICT,
        "already_signed_up",
    )
    .await;
    problem(
        sign(&overlapping, &v).await,
        StatusCode::CONFLICT,
        "overlapping_sign_up",
    )
    .await;
    let body = problem(
        sign(&skilled, &v).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body["errors"][0]["code"], "missing_skill");
    let body = problem(
        sign(&adults, &teen).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body["errors"][0]["code"], "below_min_age");
    // Cancelling frees the slot for the overlapping one.
    let url = format!(
        "/api/v1/activities/{}/sign-ups/{}/status",
        first["id"], ok["id"]
    );
    problem(
        app.post(&url, Some(&s.leader), &json!({"status": "cancelled"}))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    json_of::<Value>(
        app.post(&url, Some(&v), &json!({"status": "cancelled"}))
            .await,
        StatusCode::OK,
    )
    .await;
    let now_ok: Value = json_of(sign(&overlapping, &v).await, StatusCode::CREATED).await;
    assert_eq!(now_ok["status"], "accepted");
    // Leader approval: applied, then the leader decides; the volunteer cannot accept themself.
    let applied: Value = json_of(sign(&approval, &teen).await, StatusCode::CREATED).await;
    assert_eq!(applied["status"], "applied");
    let url = format!(
        "/api/v1/activities/{}/sign-ups/{}/status",
        approval["id"], applied["id"]
    );
    problem(
        app.post(&url, Some(&teen), &json!({"status": "accepted"}))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let accepted: Value = json_of(
        app.post(&url, Some(&s.leader), &json!({"status": "accepted"}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(accepted["status"], "accepted");
    problem(
        app.post(&url, Some(&s.leader), &json!({"status": "rejected"}))
            .await,
        StatusCode::CONFLICT,
        "invalid_transition",
    )
    .await;
    problem(
        app.post(&url, Some(&s.leader), &json!({"status": "checked_out"}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    // Without a volunteer profile.
    let (_, plain) = app.new_user("13300000005", "普通居民").await;
    let body = problem(
        sign(&first, &plain).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body["errors"][0]["code"], "volunteer_profile_required");
    let _ = &s.team;
}

async fn activity_listing_filters(app: TestApp) {
    let s = setup(&app).await;
    let near_venue = app.venue_in(app.area_id("金都社区").await).await;
    let far_venue = app.venue_in(app.area_id("韩山村").await).await;
    let a = activity(
        &app,
        &s,
        json!({"title": "近处的活动", "venue_id": near_venue["id"], "quota": 1}),
    )
    .await;
    activity(&app, &s, json!({"title": "远处的活动", "venue_id": far_venue["id"], "start_at": at(72), "end_at": at(73), "signup_deadline": at(71)})).await;
    let (lat, lng) = (
        near_venue["latitude"].as_f64().unwrap(),
        near_venue["longitude"].as_f64().unwrap(),
    );
    let near: Value = json_of(
        app.get(
            &format!("/api/v1/activities?near={lat},{lng}&radius_m=1000"),
            None,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let titles: Vec<&str> = near["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["近处的活动"]);
    assert!(near["items"][0]["distance_m"].as_f64().unwrap() < 1.0);
    let all: Value = json_of(app.get("/api/v1/activities", None).await, StatusCode::OK).await;
    assert_eq!(all["items"].as_array().unwrap().len(), 2);
    assert_eq!(all["items"][0]["title"], "近处的活动", "in start order");
    let text: Value = json_of(
        app.get("/api/v1/activities?q=远处", None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(text["items"].as_array().unwrap().len(), 1);
    let window: Value = json_of(
        app.get(
            &format!("/api/v1/activities?to={}", urlencode(&at(60))),
            None,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(window["items"].as_array().unwrap().len(), 1);
    let category: Value = json_of(
        app.get(
            "/api/v1/activities?category=理论宣讲&target_group=老年人",
            None,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(category["items"].as_array().unwrap().len(), 2);
    // Fill the one place: it drops out of the free-places listing.
    let (_, v) = app
        .volunteer("13300000006", "占位者", "金都社区", json!({}))
        .await;
    json_of::<Value>(
        app.post(
            &format!("/api/v1/activities/{}/sign-ups", a["id"]),
            Some(&v),
            &json!({}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let free: Value = json_of(
        app.get("/api/v1/activities?free=true", None).await,
        StatusCode::OK,
    )
    .await;
    let titles: Vec<&str> = free["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["远处的活动"]);
    let paged: Value = json_of(
        app.get("/api/v1/activities?limit=1", None).await,
        StatusCode::OK,
    )
    .await;
    let next = paged["next_cursor"].as_str().unwrap();
    let second: Value = json_of(
        app.get(&format!("/api/v1/activities?limit=1&cursor={next}"), None)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(second["items"][0]["title"], "远处的活动");
    problem(
        app.get("/api/v1/activities?near=abc", None).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
}

fn urlencode(s: &str) -> String {
    s.replace('+', "%2B").replace(':', "%3A")
}
