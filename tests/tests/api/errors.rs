//! Each error class of the API conventions: status, `application/problem+json`, stable code.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use youai_tests::{ADMIN, TestApp, db_tests, problem};

db_tests!(
    malformed_json_is_400,
    wrong_content_type_is_415,
    oversized_body_is_413,
    unknown_route_is_404,
    wrong_method_is_405_with_allow,
    validation_is_422_with_field_errors,
    bad_parameters_are_4xx,
    missing_resource_is_404,
    panics_become_an_opaque_500,
    unknown_references_are_422_naming_the_field,
    duplicates_get_their_specific_code,
    control_characters_are_refused_naming_the_field,
);

async fn malformed_json_is_400(app: TestApp) {
    let res = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "application/json")
        .body("{\"phone\": ")
        .send()
        .await
        .unwrap();
    problem(res, StatusCode::BAD_REQUEST, "malformed_json").await;
}

async fn wrong_content_type_is_415(app: TestApp) {
    let res = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "text/plain")
        .body("phone=1")
        .send()
        .await
        .unwrap();
    problem(
        res,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    )
    .await;
}

async fn oversized_body_is_413(app: TestApp) {
    let token = app.login(ADMIN).await;
    let huge = json!({"parent_id": 1, "level": "town", "name": "x".repeat(1024 * 1024 + 10)});
    let res = app
        .request(Method::POST, "/api/v1/areas", Some(&token))
        .json(&huge)
        .send()
        .await
        .unwrap();
    problem(res, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
    // Also through the idempotency layer, which reads the body itself.
    let res = app
        .request(Method::POST, "/api/v1/areas", Some(&token))
        .header("Idempotency-Key", "big-1")
        .json(&huge)
        .send()
        .await
        .unwrap();
    problem(res, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
}

async fn unknown_route_is_404(app: TestApp) {
    problem(
        app.get("/api/v1/no-such-thing", None).await,
        StatusCode::NOT_FOUND,
        "route_not_found",
    )
    .await;
    problem(
        app.get("/api/v2/areas", None).await,
        StatusCode::NOT_FOUND,
        "route_not_found",
    )
    .await;
}

async fn wrong_method_is_405_with_allow(app: TestApp) {
    let res = app
        .request(Method::DELETE, "/api/v1/areas", None)
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["allow"], "GET, POST");
    problem(res, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed").await;
    let res = app
        .request(Method::PUT, "/api/v1/areas/1", None)
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["allow"], "GET, PATCH");
    problem(res, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed").await;
}

async fn validation_is_422_with_field_errors(app: TestApp) {
    let token = app.login(ADMIN).await;
    let jingang = app.area_id("金港镇").await;
    let res = app
        .post("/api/v1/venues", Some(&token), &json!({"area_id": jingang, "kind": "station", "name": "", "address": "某地", "latitude": 95.0, "longitude": 120.0}))
        .await;
    let body = problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let got: Vec<(String, String)> = body["errors"]
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
    for want in [
        ("name", "required"),
        ("latitude", "out_of_range"),
        ("kind", "wrong_area_level"),
    ] {
        assert!(
            got.contains(&(want.0.into(), want.1.into())),
            "{want:?} in {got:?}"
        );
    }
    // Well-formed JSON of the wrong shape names the field.
    let res = app
        .post("/api/v1/auth/login", None, &json!({"phone": "13800000000"}))
        .await;
    let body = problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(body["errors"][0]["field"], "password");
    assert_eq!(body["errors"][0]["code"], "required");
    let res = app
        .post(
            "/api/v1/auth/login",
            None,
            &json!({"phone": "13800000000", "password": "x", "extra": 1}),
        )
        .await;
    let body = problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(body["errors"][0]["code"], "unknown_field");
}

async fn bad_parameters_are_4xx(app: TestApp) {
    problem(
        app.get("/api/v1/areas/abc", None).await,
        StatusCode::BAD_REQUEST,
        "invalid_path_parameter",
    )
    .await;
    problem(
        app.get("/api/v1/areas?level=planet", None).await,
        StatusCode::BAD_REQUEST,
        "invalid_query",
    )
    .await;
    problem(
        app.get("/api/v1/areas?sort=colour", None).await,
        StatusCode::BAD_REQUEST,
        "invalid_query",
    )
    .await;
    let body = problem(
        app.get("/api/v1/areas?limit=1000", None).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "limit");
    let body = problem(
        app.get("/api/v1/areas?cursor=%%%", None).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body["errors"][0]["code"], "invalid_cursor");
    problem(
        app.get("/api/v1/areas/99999999999999999999", None).await,
        StatusCode::BAD_REQUEST,
        "invalid_path_parameter",
    )
    .await;
}

async fn missing_resource_is_404(app: TestApp) {
    problem(
        app.get("/api/v1/areas/999999", None).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    problem(
        app.get("/api/v1/venues/999999", None).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    problem(
        app.get("/api/v1/areas/999999/tree", None).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}

async fn panics_become_an_opaque_500(app: TestApp) {
    let res = app.get("/__test/panic", None).await;
    let request_id = res.headers()["x-request-id"].to_str().unwrap().to_owned();
    let body: Value = problem(res, StatusCode::INTERNAL_SERVER_ERROR, "internal_error").await;
    assert_eq!(body["request_id"], request_id.as_str());
    assert!(
        !body.to_string().contains("deliberate"),
        "the panic message must not leak: {body}"
    );
    // The server is still serving.
    assert_eq!(app.get("/healthz", None).await.status(), StatusCode::OK);
}

/// An id no row has, for every foreign-key field a client can send.
const NO_SUCH_ID: i64 = 987_654_321;

/// Asserts a 422 naming `field`; returns a description of the mismatch instead of panicking,
/// so one run lists every endpoint that answers otherwise.
async fn names_the_field(res: reqwest::Response, what: &str, field: &str) -> Option<String> {
    let status = res.status();
    let body: Value = res.json().await.unwrap_or(Value::Null);
    let named = body["errors"]
        .as_array()
        .is_some_and(|es| es.iter().any(|e| e["field"] == field));
    (status != StatusCode::UNPROCESSABLE_ENTITY || body["code"] != "validation_failed" || !named)
        .then(|| format!("{what}: {status} {body}"))
}

async fn unknown_references_are_422_naming_the_field(app: TestApp) {
    let admin = app.login(ADMIN).await;
    let w = youai_tests::world::world(&app, 5).await;
    let jingang = app.area_id("金港镇").await;
    let (team_id, project_id, activity_id) = (
        w.activity["team_id"].as_i64().unwrap(),
        w.activity["project_id"].as_i64().unwrap(),
        w.activity["id"].as_i64().unwrap(),
    );
    let (volunteer, vtoken) = app
        .volunteer("13100000077", "查无此号", "金都社区", json!({}))
        .await;
    let (user_id, _) = app.new_user("13100000078", "无名").await;
    let reward: Value = youai_tests::json_of(
        app.post("/api/v1/rewards", Some(&admin), &json!({"kind": "goods", "name": "文化衫", "provider": "某馆", "cost_points": 10, "stock": 5})).await,
        StatusCode::CREATED,
    )
    .await;
    let reward_id = reward["id"].as_i64().unwrap();
    let draft: Value = youai_tests::json_of(
        app.post("/api/v1/projects", Some(&w.leader), &json!({"title": "草稿", "category": "邻里互助", "level": "town", "area_id": jingang, "owner_team_id": team_id})).await,
        StatusCode::CREATED,
    )
    .await;
    let submitted = app
        .post(
            &format!("/api/v1/projects/{}/reviews", draft["id"]),
            Some(&w.leader),
            &json!({"action": "submit"}),
        )
        .await;
    assert_eq!(submitted.status(), StatusCode::OK);
    let at = youai_tests::world::at_minutes;
    let activity = |extra: Value| {
        let mut b = json!({"project_id": project_id, "title": "外键检查", "start_at": at(48 * 60), "end_at": at(49 * 60), "signup_deadline": at(47 * 60), "venue_id": w.venue["id"], "quota": 3});
        for (k, v) in extra.as_object().unwrap() {
            b[k] = v.clone();
        }
        b
    };
    let deadline = at(7 * 24 * 60);
    let x = NO_SUCH_ID;
    let cases: Vec<(Method, String, &str, Value, &str)> = vec![
        (
            Method::POST,
            "/api/v1/rewards".into(),
            &admin,
            json!({"kind": "goods", "name": "外键礼遇", "provider": "某馆", "provider_user_id": x, "cost_points": 10, "stock": 5}),
            "provider_user_id",
        ),
        (
            Method::PATCH,
            format!("/api/v1/rewards/{reward_id}"),
            &admin,
            json!({"provider_user_id": x}),
            "provider_user_id",
        ),
        (
            Method::POST,
            "/api/v1/role-grants".into(),
            &admin,
            json!({"user_id": x, "role": "kiosk", "venue_id": w.venue["id"]}),
            "user_id",
        ),
        (
            Method::POST,
            "/api/v1/role-grants".into(),
            &admin,
            json!({"user_id": user_id, "role": "kiosk", "venue_id": x}),
            "venue_id",
        ),
        (
            Method::POST,
            "/api/v1/role-grants".into(),
            &admin,
            json!({"user_id": user_id, "role": "area_admin", "area_id": x}),
            "area_id",
        ),
        (
            Method::POST,
            "/api/v1/role-grants".into(),
            &admin,
            json!({"user_id": user_id, "role": "team_leader", "team_id": x}),
            "team_id",
        ),
        (
            Method::POST,
            "/api/v1/areas".into(),
            &admin,
            json!({"parent_id": x, "level": "village", "name": "无根村"}),
            "parent_id",
        ),
        (
            Method::POST,
            "/api/v1/venues".into(),
            &admin,
            json!({"area_id": x, "kind": "station", "name": "无地站", "address": "某地"}),
            "area_id",
        ),
        (
            Method::POST,
            "/api/v1/teams".into(),
            &admin,
            json!({"kind": "social_team", "name": "无地队", "area_id": x}),
            "area_id",
        ),
        (
            Method::POST,
            "/api/v1/teams".into(),
            &admin,
            json!({"kind": "social_team", "name": "无父队", "area_id": jingang, "parent_id": x}),
            "parent_id",
        ),
        (
            Method::PATCH,
            format!("/api/v1/teams/{team_id}"),
            &admin,
            json!({"parent_id": x}),
            "parent_id",
        ),
        (
            Method::PATCH,
            format!("/api/v1/volunteers/{}", volunteer["id"]),
            &vtoken,
            json!({"area_id": x}),
            "area_id",
        ),
        (
            Method::PATCH,
            format!("/api/v1/volunteers/{}", volunteer["id"]),
            &vtoken,
            json!({"skill_ids": [x]}),
            "skill_ids",
        ),
        (
            Method::POST,
            "/api/v1/projects".into(),
            &admin,
            json!({"title": "无地项目", "category": "邻里互助", "level": "town", "area_id": x}),
            "area_id",
        ),
        (
            Method::POST,
            "/api/v1/projects".into(),
            &admin,
            json!({"title": "无队项目", "category": "邻里互助", "level": "town", "area_id": jingang, "owner_team_id": x}),
            "owner_team_id",
        ),
        (
            Method::POST,
            format!("/api/v1/projects/{}/reviews", draft["id"]),
            &admin,
            json!({"action": "approve", "batch_id": x}),
            "batch_id",
        ),
        (
            Method::POST,
            "/api/v1/activities".into(),
            &admin,
            activity(json!({"project_id": x})),
            "project_id",
        ),
        (
            Method::POST,
            "/api/v1/activities".into(),
            &admin,
            activity(json!({"team_id": x})),
            "team_id",
        ),
        (
            Method::POST,
            "/api/v1/activities".into(),
            &admin,
            activity(json!({"venue_id": x})),
            "venue_id",
        ),
        (
            Method::POST,
            "/api/v1/activities".into(),
            &admin,
            activity(json!({"venue_id": null, "area_id": x, "address": "某地"})),
            "area_id",
        ),
        (
            Method::POST,
            "/api/v1/activities".into(),
            &admin,
            activity(json!({"skill_ids": [x]})),
            "skill_ids",
        ),
        (
            Method::POST,
            "/api/v1/recruitments".into(),
            &admin,
            json!({"team_id": x, "title": "无队招募", "quota": 1, "deadline": deadline}),
            "team_id",
        ),
        (
            Method::POST,
            "/api/v1/recruitments".into(),
            &admin,
            json!({"team_id": team_id, "title": "无技能招募", "quota": 1, "skill_ids": [x], "deadline": deadline}),
            "skill_ids",
        ),
        (
            Method::POST,
            format!("/api/v1/teams/{team_id}/members"),
            &vtoken,
            json!({"recruitment_id": x}),
            "recruitment_id",
        ),
        (
            Method::POST,
            "/api/v1/service-records".into(),
            &admin,
            json!({"volunteer_id": x, "activity_id": activity_id, "hours": 1.0}),
            "volunteer_id",
        ),
        (
            Method::POST,
            "/api/v1/service-records".into(),
            &admin,
            json!({"volunteer_id": volunteer["id"], "activity_id": x, "hours": 1.0}),
            "activity_id",
        ),
        (
            Method::POST,
            format!("/api/v1/activities/{activity_id}/check-ins"),
            &w.leader,
            json!({"method": "leader", "volunteer_id": x}),
            "volunteer_id",
        ),
    ];
    let mut wrong = Vec::new();
    for (method, path, token, body, field) in cases {
        let res = app
            .request(method.clone(), &path, Some(token))
            .json(&body)
            .send()
            .await
            .unwrap();
        wrong.extend(names_the_field(res, &format!("{method} {path} {field}"), field).await);
    }
    // A new volunteer profile naming an unknown area or skill.
    let (_, token) = app.new_user("13100000079", "新人").await;
    for (extra, field) in [
        (json!({"area_id": x}), "area_id"),
        (json!({"skill_ids": [x]}), "skill_ids"),
    ] {
        let mut body = json!({"real_name": "新人", "gender": "male", "birth_date": "1990-01-01", "area_id": jingang});
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        let res = app.post("/api/v1/volunteers", Some(&token), &body).await;
        wrong
            .extend(names_the_field(res, &format!("POST /api/v1/volunteers {field}"), field).await);
    }
    assert!(
        wrong.is_empty(),
        "not a 422 naming the field:\n{}",
        wrong.join("\n")
    );
}

async fn duplicates_get_their_specific_code(app: TestApp) {
    let admin = app.login(ADMIN).await;
    let jingang = app.area_id("金港镇").await;
    // The handlers' own checks.
    let res = app
        .post(
            "/api/v1/auth/register",
            None,
            &json!({"phone": ADMIN.0, "password": "password-123", "name": "重号"}),
        )
        .await;
    let body = problem(res, StatusCode::CONFLICT, "phone_taken").await;
    assert_eq!(body["errors"][0]["field"], "phone", "{body}");
    let (_, leader) = app
        .volunteer("13100000091", "重名队长", "金都社区", json!({}))
        .await;
    let team = json!({"kind": "social_team", "name": "重名队", "area_id": jingang});
    app.team(&leader, team.clone()).await;
    let other = app
        .team(
            &leader,
            json!({"kind": "social_team", "name": "另一队", "area_id": jingang}),
        )
        .await;
    let body = problem(
        app.post("/api/v1/teams", Some(&leader), &team).await,
        StatusCode::CONFLICT,
        "team_name_taken",
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "name", "{body}");
    let body = problem(
        app.post(
            "/api/v1/areas",
            Some(&admin),
            &json!({"parent_id": app.area_id("金港镇").await, "level": "village", "name": "金都社区"}),
        )
        .await,
        StatusCode::CONFLICT,
        "area_name_taken",
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "name", "{body}");
    let reward: Value = youai_tests::json_of(
        app.post("/api/v1/rewards", Some(&admin), &json!({"kind": "goods", "name": "文化衫", "provider": "某馆", "cost_points": 10, "stock": 5})).await,
        StatusCode::CREATED,
    )
    .await;

    // Past the handlers' checks (what a race's loser meets): the database's own refusal, on
    // this backend, maps through the constraint table to the same answers.
    let statements = vec![
        (
            "UPDATE users SET phone = '13800000001' WHERE phone = '13800000000'".to_owned(),
            (409, "phone_taken", "phone"),
        ),
        (
            format!(
                "UPDATE teams SET name = '重名队' WHERE id = {}",
                other["id"]
            ),
            (409, "team_name_taken", "name"),
        ),
        (
            format!(
                "UPDATE areas SET name = '金都社区' WHERE parent_id = {jingang} AND name <> '金都社区'"
            ),
            (409, "area_name_taken", "name"),
        ),
        (
            format!(
                "UPDATE rewards SET provider_user_id = {NO_SUCH_ID} WHERE id = {}",
                reward["id"]
            ),
            (422, "validation_failed", "provider_user_id"),
        ),
    ];
    let pool = app.pool.clone();
    let got = tokio::task::spawn_blocking(move || {
        use diesel::RunQueryDsl;
        let mut c = pool.get().unwrap();
        statements
            .into_iter()
            .map(|(sql, want)| {
                let q = diesel::sql_query(sql.clone());
                let (sqlite, res) = match &mut *c {
                    youai_db::DbConn::Sqlite(c) => (true, q.execute(c)),
                    youai_db::DbConn::Postgres(c) => (false, q.execute(c)),
                };
                let e = youai_api::error::ApiError::from(res.expect_err(&sql));
                let field = e
                    .errors
                    .first()
                    .map(|f| f.field.clone())
                    .unwrap_or_default();
                (sqlite, sql, (e.status.as_u16(), e.code, field), want)
            })
            .collect::<Vec<_>>()
    })
    .await
    .unwrap();
    for (sqlite, sql, (status, code, field), (want_status, want_code, want_field)) in got {
        // SQLite names no column when a foreign key fails: the handlers check references first,
        // and a reference nobody checked is still a 422, on the body.
        let want_field = if sqlite && want_status == 422 {
            "body"
        } else {
            want_field
        };
        assert_eq!(
            (status, code, field.as_str()),
            (want_status, want_code, want_field),
            "{sql}"
        );
    }
}

async fn control_characters_are_refused_naming_the_field(app: TestApp) {
    let admin = app.login(ADMIN).await;
    let (v, _) = app
        .volunteer("13100000092", "控制字符", "金都社区", json!({}))
        .await;
    let honours = format!("/api/v1/volunteers/{}/honours", v["id"]);
    let body = problem(
        app.post(&honours, Some(&admin), &json!({"title": "优秀志愿者", "citation": "热心\u{0}服务", "awarded_on": "2026-01-01"})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "citation", "{body}");
    assert_eq!(body["errors"][0]["code"], "control_character", "{body}");
    // Escape sequences and C1 controls too, each field named; nothing was stored.
    let body = problem(
        app.post(
            &honours,
            Some(&admin),
            &json!({"title": "\u{1b}[31m红", "citation": "x\u{85}", "awarded_on": "2026-01-01"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["citation", "title"], "{body}");
    let stored: Value =
        youai_tests::json_of(app.get(&honours, Some(&admin)).await, StatusCode::OK).await;
    assert_eq!(stored.as_array().unwrap().len(), 0, "{stored}");
    // Tabs and line breaks are typed into multi-line text: kept.
    let citation = "第一行\n第二行\r\n\t缩进";
    let h: Value = youai_tests::json_of(
        app.post(
            &honours,
            Some(&admin),
            &json!({"title": "优秀志愿者", "citation": citation, "awarded_on": "2026-01-01"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(h["citation"], citation);
    // Nested fields are named by their JSON path.
    let (_, token) = app.new_user("13100000093", "排班").await;
    let body = problem(
        app.post("/api/v1/volunteers", Some(&token), &json!({"real_name": "排班", "gender": "male", "birth_date": "1990-01-01",
            "area_id": app.area_id("金都社区").await,
            "availability": [{"weekday": 1, "start": "09:00", "end": "12:00"}, {"weekday": 2, "start": "09:00\u{0}", "end": "12:00"}]})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(
        body["errors"][0]["field"], "availability[1].start",
        "{body}"
    );
    // Uploaded cells too (a NUL already makes the file "not CSV"; other controls are named by
    // row and column); nothing is imported.
    let csv = "姓名,手机号,性别,出生日期,所属区域\n陈\u{1b}一,13700000001,女,1990-05-01,金都社区\n";
    let res = app
        .client
        .post(app.url("/api/v1/imports/volunteers"))
        .bearer_auth(&admin)
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap();
    let body = problem(res, StatusCode::UNPROCESSABLE_ENTITY, "import_rejected").await;
    assert_eq!(
        (
            &body["row_errors"][0]["row"],
            &body["row_errors"][0]["column"],
            &body["row_errors"][0]["code"]
        ),
        (&json!(2), &json!("姓名"), &json!("control_character")),
        "{body}"
    );
    // And query parameters, which reach a LIKE as text.
    let body = problem(
        app.get("/api/v1/areas?q=%E9%87%91%00", None).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "q", "{body}");
    assert_eq!(body["errors"][0]["code"], "control_character", "{body}");
    let page: Value = youai_tests::json_of(
        app.get("/api/v1/areas?q=%E9%87%91", None).await,
        StatusCode::OK,
    )
    .await;
    assert!(!page["items"].as_array().unwrap().is_empty());
}
