//! The corps (一队): volunteers and their ID numbers, the team tree, registration, membership,
//! recruitment and search — on SQLite and PostgreSQL.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use chrono::Datelike;
use diesel::prelude::*;
use reqwest::StatusCode;
use serde_json::{Value, json};
use youai_tests::{ADMIN, JINGANG_ADMIN, RESIDENT, TestApp, db_tests, id_number, json_of, problem};

db_tests!(
    volunteer_profile_protects_the_id_number,
    volunteer_profile_rules,
    team_tree_shapes_and_search,
    social_team_registration_and_history,
    membership_and_recruitment,
    volunteer_search_within_scope,
    stats_count_the_corps,
);

async fn volunteer_profile_protects_the_id_number(app: TestApp) {
    let skill = app.skill("first_aid", "应急救护").await;
    let idn = id_number("19900501", 124);
    let (v, token) = app
        .volunteer(
            "13500000001",
            "陈志愿",
            "金都社区",
            json!({"id_number": idn, "skill_ids": [skill],
        "availability": [{"weekday": 6, "start": "09:00", "end": "12:00"}]}),
        )
        .await;
    assert!(
        v["number"].as_str().unwrap().starts_with("ZJG"),
        "a volunteer number is issued: {v}"
    );
    assert_eq!(
        v["id_number"],
        idn.as_str(),
        "the owner sees the whole number"
    );
    assert_eq!(v["skills"][0]["name"], "应急救护");
    assert_eq!(v["phone"], "13500000001");
    let path = format!("/api/v1/volunteers/{}", v["id"]);

    // Staff in scope see it masked; platform admins whole; others not at all.
    let jingang = app.login(JINGANG_ADMIN).await;
    let seen: Value = json_of(app.get(&path, Some(&jingang)).await, StatusCode::OK).await;
    let masked = seen["id_number"].as_str().unwrap();
    assert_eq!(masked, format!("{}**********{}", &idn[..4], &idn[14..]));
    let admin = app.login(ADMIN).await;
    let seen: Value = json_of(app.get(&path, Some(&admin)).await, StatusCode::OK).await;
    assert_eq!(seen["id_number"], idn.as_str());
    let resident = app.login(RESIDENT).await;
    problem(
        app.get(&path, Some(&resident)).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    problem(
        app.get(&path, None).await,
        StatusCode::UNAUTHORIZED,
        "missing_token",
    )
    .await;
    let me: Value = json_of(app.get("/api/v1/me", Some(&token)).await, StatusCode::OK).await;
    assert_eq!(me["volunteer_id"], v["id"]);

    // A dump of the database alone does not reveal the number.
    let pool = app.pool.clone();
    let (enc, hash, mask): (Option<String>, Option<String>, Option<String>) =
        tokio::task::spawn_blocking(move || {
            use youai_db::schema::volunteers::dsl::*;
            let mut c = pool.get().unwrap();
            volunteers
                .select((id_number_enc, id_number_hash, id_number_mask))
                .first(&mut *c)
                .unwrap()
        })
        .await
        .unwrap();
    let (enc, hash, mask) = (enc.unwrap(), hash.unwrap(), mask.unwrap());
    for stored in [&enc, &hash, &mask] {
        assert!(
            !stored.contains(&idn[6..14]),
            "the birth-date digits are not stored in clear: {stored}"
        );
    }
    assert_eq!(mask, masked);
}

fn years_ago(years: i32, days: i64) -> String {
    let today = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive();
    let d = today.with_year(today.year() - years).unwrap() + chrono::Duration::days(days);
    d.format("%Y-%m-%d").to_string()
}

async fn volunteer_profile_rules(app: TestApp) {
    let area = app.area_id("金都社区").await;
    let (_, token) = app.new_user("13500000002", "林一").await;
    let post = |body: Value| {
        let (app, token) = (&app, token.clone());
        async move { app.post("/api/v1/volunteers", Some(&token), &body).await }
    };
    let base =
        json!({"real_name": "林一", "gender": "male", "birth_date": "1990-05-01", "area_id": area});
    let with = |k: &str, v: Value| {
        let mut b = base.clone();
        b[k] = v;
        b
    };
    let field_code = |body: &Value| {
        (
            body["errors"][0]["field"].as_str().unwrap().to_owned(),
            body["errors"][0]["code"].as_str().unwrap().to_owned(),
        )
    };

    let mut bad_checksum = id_number("19900501", 123);
    bad_checksum.pop();
    bad_checksum.push(if id_number("19900501", 123).ends_with('0') {
        '1'
    } else {
        '0'
    });
    let body = problem(
        post(with("id_number", json!(bad_checksum))).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(
        field_code(&body),
        ("id_number".into(), "bad_checksum".into())
    );
    // The number says 1991-05-01; the form says 1990-05-01.
    let body = problem(
        post(with("id_number", json!(id_number("19910501", 123)))).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(
        field_code(&body),
        ("birth_date".into(), "id_number_mismatch".into())
    );
    // Even sequence digit: female; the form says male.
    let body = problem(
        post(with("id_number", json!(id_number("19900501", 124)))).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(
        field_code(&body),
        ("gender".into(), "id_number_mismatch".into())
    );
    // Under 14: refused. 14–17: a guardian is required.
    let body = problem(
        post(with("birth_date", json!(years_ago(14, 1)))).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(field_code(&body), ("birth_date".into(), "too_young".into()));
    let teen = with("birth_date", json!(years_ago(15, 0)));
    let body = problem(
        post(teen.clone()).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(
        field_code(&body),
        ("guardian_name".into(), "guardian_required".into())
    );
    let bad_slot = with(
        "availability",
        json!([{"weekday": 8, "start": "09:00", "end": "08:00"}]),
    );
    problem(
        post(bad_slot).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    problem(
        post(with("skill_ids", json!([999]))).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    // Nothing was stored by the refusals.
    let me: Value = json_of(app.get("/api/v1/me", Some(&token)).await, StatusCode::OK).await;
    assert_eq!(me["volunteer_id"], Value::Null);

    let mut ok = teen.clone();
    ok["guardian_name"] = json!("林父");
    ok["guardian_phone"] = json!("13600009999");
    ok["id_number"] = json!(id_number(&years_ago(15, 0).replace('-', ""), 123));
    let v: Value = json_of(post(ok.clone()).await, StatusCode::CREATED).await;
    assert_eq!(v["guardian_name"], "林父");
    assert_eq!(v["age"], 15);
    problem(
        post(ok.clone()).await,
        StatusCode::CONFLICT,
        "volunteer_exists",
    )
    .await;
    // The same ID number for another person is refused.
    let (_, other) = app.new_user("13500000003", "林二").await;
    let res = app.post("/api/v1/volunteers", Some(&other), &ok).await;
    problem(res, StatusCode::CONFLICT, "id_number_taken").await;
}

/// The city corps, a town detachment and an industry detachment with a squad.
async fn corps_skeleton(app: &TestApp, admin: &str) -> (Value, Value, Value, Value) {
    let city = app.area_id("张家港市").await;
    let jingang = app.area_id("金港镇").await;
    let corps = app
        .team(
            admin,
            json!({"kind": "city_corps", "name": "张家港市志愿服务总队", "area_id": city}),
        )
        .await;
    let town = app
        .team(admin, json!({"kind": "town_detachment", "name": "金港镇志愿服务支队", "area_id": jingang, "parent_id": corps["id"]}))
        .await;
    let theory = app
        .team(admin, json!({"kind": "industry_detachment", "name": "理论宣讲行业支队", "area_id": city, "parent_id": corps["id"],
            "specialty": "理论宣讲", "description": "宣讲党的创新理论"}))
        .await;
    let squad = app
        .team(admin, json!({"kind": "squad", "name": "百姓名嘴小分队", "area_id": city, "parent_id": theory["id"], "specialty": "理论宣讲"}))
        .await;
    (corps, town, theory, squad)
}

async fn team_tree_shapes_and_search(app: TestApp) {
    let admin = app.login(ADMIN).await;
    let (corps, town, theory, squad) = corps_skeleton(&app, &admin).await;
    let city = app.area_id("张家港市").await;
    // A squad only under an industry detachment.
    let res = app.post("/api/v1/teams", Some(&admin), &json!({"kind": "squad", "name": "错位小分队", "area_id": city, "parent_id": town["id"]})).await;
    let body = problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(body["errors"][0]["code"], "wrong_parent_kind");
    // A town detachment under the city corps, not at the root.
    let res = app
        .post(
            "/api/v1/teams",
            Some(&admin),
            &json!({"kind": "town_detachment", "name": "无上级支队", "area_id": city}),
        )
        .await;
    let body = problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(body["errors"][0]["code"], "parent_required");
    // No cycles: the detachment cannot move under its own squad.
    let res = app
        .patch(
            &format!("/api/v1/teams/{}", theory["id"]),
            Some(&admin),
            &json!({"parent_id": squad["id"]}),
        )
        .await;
    let body = problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(body["errors"][0]["code"], "cycle");
    let dup = app.post("/api/v1/teams", Some(&admin), &json!({"kind": "squad", "name": "百姓名嘴小分队", "area_id": city, "parent_id": theory["id"]})).await;
    problem(dup, StatusCode::CONFLICT, "team_name_taken").await;

    // Counts come with the listing.
    let listed: Value = json_of(
        app.get(&format!("/api/v1/teams?parent_id={}", corps["id"]), None)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(listed["items"].as_array().unwrap().len(), 2);
    let top: Value = json_of(
        app.get(&format!("/api/v1/teams/{}", corps["id"]), None)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(top["sub_team_count"], 2);
    // Chinese substring search in name or description.
    let found: Value = json_of(app.get("/api/v1/teams?q=理论", None).await, StatusCode::OK).await;
    let names: Vec<&str> = found["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"理论宣讲行业支队"), "{names:?}");
    let by_desc: Value = json_of(
        app.get("/api/v1/teams?q=创新理论", None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(by_desc["items"][0]["name"], "理论宣讲行业支队");
    let squads: Value = json_of(
        app.get("/api/v1/teams?kind=squad", None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(squads["items"].as_array().unwrap().len(), 1);
    let spec: Value = json_of(
        app.get("/api/v1/teams?specialty=理论宣讲", None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(spec["items"].as_array().unwrap().len(), 2);
    let jingang = app.area_id("金港镇").await;
    let inside: Value = json_of(
        app.get(&format!("/api/v1/teams?within={jingang}"), None)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(inside["items"].as_array().unwrap().len(), 1);
    let under: Value = json_of(
        app.get(&format!("/api/v1/teams?under={}", theory["id"]), None)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(under["items"].as_array().unwrap().len(), 2);
}

async fn social_team_registration_and_history(app: TestApp) {
    let jingang = app.area_id("金港镇").await;
    let (_, leader_token) = app
        .volunteer("13500000011", "刘队长", "金都社区", json!({}))
        .await;
    let body = json!({"kind": "social_team", "name": "港城蓝天救援队", "area_id": jingang, "specialty": "应急救援",
        "contact_name": "刘队长", "contact_phone": "13500000011"});
    let team = app.team(&leader_token, body).await;
    assert_eq!(team["status"], "pending");
    assert_eq!(
        team["member_count"], 1,
        "the registering volunteer leads it"
    );
    let path = format!("/api/v1/teams/{}", team["id"]);
    // Not public until approved; its applicant sees it.
    problem(
        app.get(&path, None).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_eq!(
        app.get(&path, Some(&leader_token)).await.status(),
        StatusCode::OK
    );
    let public: Value = json_of(app.get("/api/v1/teams?q=蓝天", None).await, StatusCode::OK).await;
    assert_eq!(public["items"], json!([]));
    // Residents may not create official teams.
    let official = json!({"kind": "town_detachment", "name": "冒名支队", "area_id": jingang});
    problem(
        app.post("/api/v1/teams", Some(&leader_token), &official)
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;

    let decide = |token: String, decision: &'static str, reason: Option<&'static str>| {
        let body = json!({"decision": decision, "reason": reason});
        let url = format!("{path}/decisions");
        let app = &app;
        async move { app.post(&url, Some(&token), &body).await }
    };
    // Only admins of the team's area (or above) decide.
    let (tangqiao_admin_id, tangqiao_admin) = app.new_user("13500000012", "塘桥管理员").await;
    let admin = app.login(ADMIN).await;
    let tangqiao = app.area_id("塘桥镇").await;
    let g = app
        .post(
            "/api/v1/role-grants",
            Some(&admin),
            &json!({"user_id": tangqiao_admin_id, "role": "area_admin", "area_id": tangqiao}),
        )
        .await;
    assert_eq!(g.status(), StatusCode::CREATED);
    // A pending registration outside one's area does not exist for that admin.
    problem(
        decide(tangqiao_admin.clone(), "approve", None).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    problem(
        decide(leader_token.clone(), "approve", None).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let jingang_admin = app.login(JINGANG_ADMIN).await;
    let pending: Value = json_of(
        app.get(
            &format!("/api/v1/teams?status=pending&within={jingang}"),
            Some(&jingang_admin),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        pending["items"][0]["id"], team["id"],
        "area admins list registrations waiting in their area"
    );
    problem(
        app.get("/api/v1/teams?status=pending", Some(&leader_token))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    // Reject needs a reason.
    let body = problem(
        decide(jingang_admin.clone(), "reject", None).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "reason");
    let rejected: Value = json_of(
        decide(jingang_admin.clone(), "reject", Some("材料不全")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(rejected["status"], "rejected");
    // Deciding again: 409 naming the current state.
    let body = problem(
        decide(jingang_admin.clone(), "approve", None).await,
        StatusCode::CONFLICT,
        "invalid_transition",
    )
    .await;
    assert!(body["detail"].as_str().unwrap().contains("rejected"));

    // A second registration goes the whole way: approve, suspend, reinstate.
    let second = app
        .team(
            &leader_token,
            json!({"kind": "social_team", "name": "爱心义工协会", "area_id": jingang}),
        )
        .await;
    let p2 = format!("/api/v1/teams/{}/decisions", second["id"]);
    for (d, reason, status) in [
        ("approve", None, "approved"),
        ("suspend", Some("年检未通过"), "suspended"),
        ("reinstate", None, "approved"),
    ] {
        let res = app
            .post(
                &p2,
                Some(&jingang_admin),
                &json!({"decision": d, "reason": reason}),
            )
            .await;
        let t: Value = json_of(res, StatusCode::OK).await;
        assert_eq!(t["status"], status);
    }
    problem(
        app.post(&p2, Some(&jingang_admin), &json!({"decision": "suspend"}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    // An approved team is public, and an admin of another town may not decide on it.
    let res = app
        .post(
            &p2,
            Some(&tangqiao_admin),
            &json!({"decision": "suspend", "reason": "越权"}),
        )
        .await;
    problem(res, StatusCode::FORBIDDEN, "forbidden").await;
    let history: Value = json_of(app.get(&p2, None).await, StatusCode::OK).await;
    let steps: Vec<(String, String)> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["action"].as_str().unwrap().into(),
                d["to_status"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            ("apply".into(), "pending".into()),
            ("approve".into(), "approved".into()),
            ("suspend".into(), "suspended".into()),
            ("reinstate".into(), "approved".into())
        ]
    );
    assert_eq!(history[2]["reason"], "年检未通过");
    assert_eq!(history[2]["actor_name"], "金港镇管理员");
    assert!(history[2]["at"].is_string());
}

async fn membership_and_recruitment(app: TestApp) {
    let admin = app.login(ADMIN).await;
    let (_corps, _town, theory, squad) = corps_skeleton(&app, &admin).await;
    let skill = app.skill("lecture", "理论宣讲").await;
    // Appoint a leader of the industry detachment: they apply, the admin accepts and promotes.
    let (lead, lead_token) = app
        .volunteer(
            "13500000021",
            "王队长",
            "金都社区",
            json!({"skill_ids": [skill]}),
        )
        .await;
    let members_url = format!("/api/v1/teams/{}/members", theory["id"]);
    let m: Value = json_of(
        app.post(
            &members_url,
            Some(&lead_token),
            &json!({"message": "我来带队"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let status_url = |team: &Value, m: &Value| {
        format!("/api/v1/teams/{}/members/{}/status", team["id"], m["id"])
    };
    json_of::<Value>(
        app.post(
            &status_url(&theory, &m),
            Some(&admin),
            &json!({"status": "active"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let promoted: Value = json_of(
        app.patch(
            &format!("{members_url}/{}", m["id"]),
            Some(&admin),
            &json!({"role": "leader"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(promoted["role"], "leader");
    assert_eq!(promoted["volunteer_id"], lead["id"]);

    // The leader posts a call for one volunteer who can lecture.
    let deadline = (chrono::Utc::now() + chrono::Duration::days(7)).to_rfc3339();
    let r: Value = json_of(
        app.post("/api/v1/recruitments", Some(&lead_token), &json!({"team_id": theory["id"], "title": "招募宣讲员", "quota": 1, "skill_ids": [skill], "deadline": deadline})).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(r["status"], "open");
    // Without the skill: refused, naming the rule.
    let (_, novice) = app
        .volunteer("13500000022", "新手", "金都社区", json!({}))
        .await;
    let res = app
        .post(
            &members_url,
            Some(&novice),
            &json!({"recruitment_id": r["id"]}),
        )
        .await;
    let body = problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(body["errors"][0]["code"], "missing_skill");
    // With it: applied, then accepted by the leader; the quota is then full.
    let (_, a_token) = app
        .volunteer(
            "13500000023",
            "甲一",
            "金都社区",
            json!({"skill_ids": [skill]}),
        )
        .await;
    let (_, b_token) = app
        .volunteer(
            "13500000024",
            "乙二",
            "金都社区",
            json!({"skill_ids": [skill]}),
        )
        .await;
    let a: Value = json_of(
        app.post(
            &members_url,
            Some(&a_token),
            &json!({"recruitment_id": r["id"]}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let b: Value = json_of(
        app.post(
            &members_url,
            Some(&b_token),
            &json!({"recruitment_id": r["id"]}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    problem(
        app.post(&members_url, Some(&a_token), &json!({})).await,
        StatusCode::CONFLICT,
        "already_member",
    )
    .await;
    let accepted: Value = json_of(
        app.post(
            &status_url(&theory, &a),
            Some(&lead_token),
            &json!({"status": "active"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(accepted["status"], "active");
    problem(
        app.post(
            &status_url(&theory, &b),
            Some(&lead_token),
            &json!({"status": "active"}),
        )
        .await,
        StatusCode::CONFLICT,
        "recruitment_full",
    )
    .await;
    let closed: Value = json_of(
        app.get(&format!("/api/v1/recruitments/{}", r["id"]), None)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (closed["status"].as_str(), closed["accepted"].as_i64()),
        (Some("closed"), Some(1))
    );
    // Declined, then the member leaves and may come back later.
    json_of::<Value>(
        app.post(
            &status_url(&theory, &b),
            Some(&lead_token),
            &json!({"status": "declined"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    problem(
        app.post(
            &status_url(&theory, &a),
            Some(&b_token),
            &json!({"status": "left"}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    json_of::<Value>(
        app.post(
            &status_url(&theory, &a),
            Some(&a_token),
            &json!({"status": "left"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    problem(
        app.post(
            &status_url(&theory, &a),
            Some(&lead_token),
            &json!({"status": "removed"}),
        )
        .await,
        StatusCode::CONFLICT,
        "invalid_transition",
    )
    .await;

    // A volunteer may belong to several teams; the leader manages the squad below theirs…
    let squad_url = format!("/api/v1/teams/{}/members", squad["id"]);
    let s: Value = json_of(
        app.post(&squad_url, Some(&a_token), &json!({})).await,
        StatusCode::CREATED,
    )
    .await;
    json_of::<Value>(
        app.post(
            &status_url(&squad, &s),
            Some(&lead_token),
            &json!({"status": "active"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let mine: Value = json_of(
        app.get("/api/v1/me/memberships", Some(&a_token)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(mine.as_array().unwrap().len(), 2);
    // …but not a team elsewhere in the tree.
    let jingang = app.area_id("金港镇").await;
    let other = app
        .team(
            &admin,
            json!({"kind": "social_team", "name": "别的队伍", "area_id": jingang}),
        )
        .await;
    let o: Value = json_of(
        app.post(
            &format!("/api/v1/teams/{}/members", other["id"]),
            Some(&a_token),
            &json!({}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    problem(
        app.post(
            &status_url(&other, &o),
            Some(&lead_token),
            &json!({"status": "active"}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    problem(
        app.get(
            &format!("/api/v1/teams/{}/members", other["id"]),
            Some(&lead_token),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let list: Value = json_of(
        app.get(&format!("{members_url}?status=active"), Some(&lead_token))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        list["items"].as_array().unwrap().len(),
        1,
        "only the leader is active now"
    );
}

async fn volunteer_search_within_scope(app: TestApp) {
    let first_aid = app.skill("first_aid", "应急救护").await;
    let sat = json!([{"weekday": 6, "start": "09:00", "end": "12:00"}]);
    app.volunteer(
        "13500000031",
        "金港甲",
        "金都社区",
        json!({"skill_ids": [first_aid], "availability": sat, "birth_date": "1960-01-01"}),
    )
    .await;
    app.volunteer(
        "13500000032",
        "金港乙",
        "长江村",
        json!({"birth_date": "2000-01-01"}),
    )
    .await;
    app.volunteer(
        "13500000033",
        "塘桥丙",
        "韩山村",
        json!({"skill_ids": [first_aid]}),
    )
    .await;
    let names = |page: &Value| {
        let mut n: Vec<String> = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["real_name"].as_str().unwrap().to_owned())
            .collect();
        n.sort();
        n
    };
    let jingang = app.login(JINGANG_ADMIN).await;
    let all: Value = json_of(
        app.get("/api/v1/volunteers", Some(&jingang)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        names(&all),
        ["金港乙", "金港甲"],
        "an area admin sees their own area only"
    );
    let skilled: Value = json_of(
        app.get(
            &format!("/api/v1/volunteers?skill_id={first_aid}"),
            Some(&jingang),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(names(&skilled), ["金港甲"]);
    let older: Value = json_of(
        app.get("/api/v1/volunteers?age_min=60", Some(&jingang))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(names(&older), ["金港甲"]);
    let younger: Value = json_of(
        app.get("/api/v1/volunteers?age_max=30", Some(&jingang))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(names(&younger), ["金港乙"]);
    let saturday: Value = json_of(
        app.get("/api/v1/volunteers?weekday=6", Some(&jingang))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(names(&saturday), ["金港甲"]);
    let admin = app.login(ADMIN).await;
    let everyone: Value = json_of(
        app.get(
            &format!("/api/v1/volunteers?skill_id={first_aid}"),
            Some(&admin),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(names(&everyone), ["塘桥丙", "金港甲"]);
    let tangqiao = app.area_id("塘桥镇").await;
    let within: Value = json_of(
        app.get(
            &format!("/api/v1/volunteers?within={tangqiao}"),
            Some(&admin),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(names(&within), ["塘桥丙"]);
    let resident = app.login(RESIDENT).await;
    problem(
        app.get("/api/v1/volunteers", Some(&resident)).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
}

async fn stats_count_the_corps(app: TestApp) {
    let admin = app.login(ADMIN).await;
    corps_skeleton(&app, &admin).await;
    app.volunteer("13500000041", "统计", "金都社区", json!({}))
        .await;
    let stats: Value = json_of(app.get("/api/v1/stats", None).await, StatusCode::OK).await;
    assert_eq!(stats["teams"], 4);
    assert_eq!(stats["volunteers"], 1);
    let kinds: Vec<(String, i64)> = stats["teams_by_kind"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| {
            (
                k["kind"].as_str().unwrap().into(),
                k["count"].as_i64().unwrap(),
            )
        })
        .collect();
    assert!(
        kinds.contains(&("squad".into(), 1)) && kinds.contains(&("city_corps".into(), 1)),
        "{kinds:?}"
    );
}
