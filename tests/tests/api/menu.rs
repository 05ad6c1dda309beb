//! The menu (市级供单：服务菜单): putting published projects on it (once), who may (the
//! providing agency's operators, the providing team's leaders, admins of the project's area —
//! not another agency's operators, not volunteers), every list filter (each one excludes
//! something), changes and withdrawal, bad input with its field codes and hostile queries
//! answered without a 500 — on SQLite and PostgreSQL.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use reqwest::StatusCode;
use serde_json::{Value, json};
use youai_tests::world::world;
use youai_tests::{ADMIN, JINGANG_ADMIN, TestApp, db_tests, json_of, problem};

db_tests!(
    menu_items_are_put_on_the_menu_once_by_their_providers,
    every_menu_filter_narrows_the_list,
    menu_input_is_checked_field_by_field,
    racing_requests_put_a_project_on_the_menu_once,
);

pub async fn agency(app: &TestApp, admin: &str, name: &str, area: i64) -> Value {
    json_of(
        app.post(
            "/api/v1/agencies",
            Some(admin),
            &json!({"name": name, "kind": "institution", "area_id": area}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await
}

/// A new account holding a role; returns (user id, token).
pub async fn granted(app: &TestApp, admin: &str, phone: &str, grant: Value) -> (i64, String) {
    let (uid, _) = app.new_user(phone, "测试员").await;
    let mut body = grant;
    body["user_id"] = json!(uid);
    let res = app.post("/api/v1/role-grants", Some(admin), &body).await;
    assert_eq!(res.status(), StatusCode::CREATED, "{body}");
    (uid, app.login((phone, "password-123")).await)
}

/// A project made by `admin` from `body` and published in a new batch (or left a draft).
pub async fn project(app: &TestApp, admin: &str, body: Value, publish: bool) -> Value {
    let p: Value = json_of(
        app.post("/api/v1/projects", Some(admin), &body).await,
        StatusCode::CREATED,
    )
    .await;
    if publish {
        let name = format!("供单批次{}", p["id"]);
        let batch: Value = json_of(
            app.post(
                "/api/v1/project-batches",
                Some(admin),
                &json!({"name": name, "released_on": "2026-12-01"}),
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
        let reviews = format!("/api/v1/projects/{}/reviews", p["id"]);
        for step in [
            json!({"action": "submit"}),
            json!({"action": "approve", "batch_id": batch["id"]}),
        ] {
            json_of::<Value>(app.post(&reviews, Some(admin), &step).await, StatusCode::OK).await;
        }
    }
    p
}

/// The ids on a page.
pub fn ids(page: &Value) -> Vec<i64> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect()
}

/// Takes `n` places of an item in the current month (as accepted orders would).
pub async fn take_places(app: &TestApp, item: i64, month: chrono::NaiveDate, n: usize) {
    let pool = app.pool.clone();
    tokio::task::spawn_blocking(move || {
        let mut c = pool.get().unwrap();
        for _ in 0..n {
            assert!(youai_db::orders::menu::take(&mut c, item, month, 1000).unwrap());
        }
    })
    .await
    .unwrap();
}

async fn menu_items_are_put_on_the_menu_once_by_their_providers(app: TestApp) {
    let admin = app.login(ADMIN).await;
    let city = app.area_id("张家港市").await;
    let jingang = app.area_id("金港镇").await;
    let a = agency(&app, &admin, "测试司法所", city).await;
    let b = agency(&app, &admin, "测试文化馆", city).await;
    let (_, op_a) = granted(
        &app,
        &admin,
        "13900000101",
        json!({"role": "agency_operator", "agency_id": a["id"]}),
    )
    .await;
    let (_, op_b) = granted(
        &app,
        &admin,
        "13900000102",
        json!({"role": "agency_operator", "agency_id": b["id"]}),
    )
    .await;
    let (_, volunteer) = app
        .volunteer("13900000103", "普通志愿者", "金都社区", json!({}))
        .await;
    let p = project(
        &app,
        &admin,
        json!({"title": "法律明白人培训", "category": "法律服务", "target_groups": ["农村群众"],
            "level": "city", "area_id": city, "owner_agency_id": a["id"]}),
        true,
    )
    .await;
    let body = json!({"project_id": p["id"], "area_ids": [jingang], "capacity_per_month": 2,
        "lead_days": 7, "conditions": "需提供可容纳 50 人的场地"});

    // Nobody signed in, a volunteer, another agency's operator: refused.
    problem(
        app.post("/api/v1/menu-items", None, &body).await,
        StatusCode::UNAUTHORIZED,
        "missing_token",
    )
    .await;
    problem(
        app.post("/api/v1/menu-items", Some(&volunteer), &body)
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    problem(
        app.post("/api/v1/menu-items", Some(&op_b), &body).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    // The providing agency's operator: on the menu, the provider the project's owner.
    let res = app.post("/api/v1/menu-items", Some(&op_a), &body).await;
    let location = res
        .headers()
        .get("location")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    let item: Value = json_of(res, StatusCode::CREATED).await;
    assert_eq!(location, format!("/api/v1/menu-items/{}", item["id"]));
    assert_eq!(item["provider_agency_id"], a["id"]);
    assert_eq!(item["provider_team_id"], Value::Null);
    assert_eq!(item["provider_name"], "测试司法所");
    assert_eq!(item["title"], "法律明白人培训");
    assert_eq!(item["category"], "法律服务");
    assert_eq!(item["target_groups"], json!(["农村群众"]));
    assert_eq!(item["area_ids"], json!([jingang]));
    assert_eq!(item["status"], "active");
    assert_eq!(
        (
            &item["taken_this_month"],
            &item["remaining_this_month"],
            &item["capacity_per_month"]
        ),
        (&json!(0), &json!(2), &json!(2))
    );
    // Once: a second time is 409, whoever asks.
    problem(
        app.post("/api/v1/menu-items", Some(&op_a), &body).await,
        StatusCode::CONFLICT,
        "already_on_menu",
    )
    .await;
    problem(
        app.post("/api/v1/menu-items", Some(&admin), &body).await,
        StatusCode::CONFLICT,
        "already_on_menu",
    )
    .await;
    // Read by anyone.
    let path = format!("/api/v1/menu-items/{}", item["id"]);
    let got: Value = json_of(app.get(&path, None).await, StatusCode::OK).await;
    assert_eq!(got, item);
    problem(
        app.get("/api/v1/menu-items/999999", None).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;

    // Changes: the provider yes, another agency and a volunteer no.
    problem(
        app.patch(&path, Some(&op_b), &json!({"lead_days": 3}))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    problem(
        app.patch(&path, Some(&volunteer), &json!({"lead_days": 3}))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    problem(
        app.patch(
            "/api/v1/menu-items/999999",
            Some(&op_a),
            &json!({"lead_days": 3}),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let month =
        chrono::NaiveDate::parse_from_str(item["month"].as_str().unwrap(), "%Y-%m-%d").unwrap();
    take_places(&app, item["id"].as_i64().unwrap(), month, 2).await;
    // Lowering the capacity below what this month took is allowed; nothing is left.
    let changed: Value = json_of(
        app.patch(
            &path,
            Some(&op_a),
            &json!({"capacity_per_month": 1, "lead_days": 3, "conditions": "", "area_ids": [city, jingang, city]}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (
            &changed["capacity_per_month"],
            &changed["taken_this_month"],
            &changed["remaining_this_month"],
            &changed["lead_days"],
            &changed["conditions"],
        ),
        (&json!(1), &json!(2), &json!(0), &json!(3), &Value::Null)
    );
    let mut both = vec![city, jingang];
    both.sort_unstable();
    assert_eq!(changed["area_ids"], json!(both));
    // Withdrawn by an admin of the project's area; restored by its operator.
    let withdrawn: Value = json_of(
        app.patch(&path, Some(&admin), &json!({"status": "withdrawn"}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(withdrawn["status"], "withdrawn");
    let restored: Value = json_of(
        app.patch(&path, Some(&op_a), &json!({"status": "active"}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(restored["status"], "active");

    // A team's project: its leader puts it on the menu; the provider is the team. The 金港镇
    // admin may too (the project's area), an operator of an agency may not.
    let w = world(&app, 5).await;
    let team_project = w.activity["project_id"].clone();
    let team_body =
        json!({"project_id": team_project, "area_ids": [jingang], "capacity_per_month": 5});
    problem(
        app.post("/api/v1/menu-items", Some(&op_a), &team_body)
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let team_item: Value = json_of(
        app.post("/api/v1/menu-items", Some(&w.leader), &team_body)
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(team_item["provider_team_id"], w.activity["team_id"]);
    assert_eq!(team_item["provider_agency_id"], Value::Null);
    assert_eq!(team_item["lead_days"], 0);
    let jingang_admin = app.login(JINGANG_ADMIN).await;
    json_of::<Value>(
        app.patch(
            &format!("/api/v1/menu-items/{}", team_item["id"]),
            Some(&jingang_admin),
            &json!({"capacity_per_month": 6}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    // The audit log has each write.
    let audit: Value = json_of(
        app.get(
            "/api/v1/audit?target_type=menu_item&limit=100",
            Some(&admin),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let actions: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["action"].as_str())
        .filter(|a| a.starts_with("menu_item."))
        .collect();
    assert!(actions.contains(&"menu_item.create"), "{audit}");
    assert!(actions.contains(&"menu_item.update"), "{audit}");
}

async fn every_menu_filter_narrows_the_list(app: TestApp) {
    let admin = app.login(ADMIN).await;
    let city = app.area_id("张家港市").await;
    let jingang = app.area_id("金港镇").await;
    let jindu = app.area_id("金都社区").await;
    let towns: Value = json_of(
        app.get("/api/v1/areas?level=town&limit=100", None).await,
        StatusCode::OK,
    )
    .await;
    let other_town = towns["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] != json!(jingang))
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let a = agency(&app, &admin, "测试律师协会", city).await;
    let law = project(
        &app,
        &admin,
        json!({"title": "法律明白人培训", "category": "法律服务", "target_groups": ["农村群众"],
            "level": "city", "area_id": city, "owner_agency_id": a["id"]}),
        true,
    )
    .await;
    let w = world(&app, 5).await;
    let team_id = w.activity["team_id"].as_i64().unwrap();
    let health = project(
        &app,
        &admin,
        json!({"title": "健康讲座进社区", "category": "卫生健康", "target_groups": ["老年人"],
            "level": "town", "area_id": jingang, "owner_team_id": team_id}),
        true,
    )
    .await;
    let law_item: Value = json_of(
        app.post(
            "/api/v1/menu-items",
            Some(&admin),
            &json!({"project_id": law["id"], "area_ids": [jingang], "capacity_per_month": 1}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let health_item: Value = json_of(
        app.post(
            "/api/v1/menu-items",
            Some(&w.leader),
            &json!({"project_id": health["id"], "area_ids": [city], "capacity_per_month": 3}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let (l, h) = (
        law_item["id"].as_i64().unwrap(),
        health_item["id"].as_i64().unwrap(),
    );
    let list = |query: String| {
        let app = &app;
        async move {
            let page: Value = json_of(
                app.get(&format!("/api/v1/menu-items?limit=100{query}"), None)
                    .await,
                StatusCode::OK,
            )
            .await;
            ids(&page)
        }
    };
    let everything = list(String::new()).await;
    assert!(everything.contains(&l) && everything.contains(&h));
    // Each filter keeps one and drops the other.
    for (query, keeps, drops) in [
        ("&category=法律服务".to_owned(), l, h),
        ("&category=卫生健康".to_owned(), h, l),
        ("&target_group=老年人".to_owned(), h, l),
        ("&target_group=农村群众".to_owned(), l, h),
        (format!("&provider_agency_id={}", a["id"]), l, h),
        (format!("&provider_team_id={team_id}"), h, l),
        ("&q=健康".to_owned(), h, l),
        ("&q=明白人".to_owned(), l, h),
        // Serving a village of 金港镇: both (金港镇 and the city are above it); another town:
        // only the city-wide item.
        (format!("&serves_area_id={other_town}"), h, l),
    ] {
        let got = list(query.clone()).await;
        assert!(got.contains(&keeps), "{query} should keep {keeps}: {got:?}");
        assert!(
            !got.contains(&drops),
            "{query} should drop {drops}: {got:?}"
        );
    }
    let in_jindu = list(format!("&serves_area_id={jindu}")).await;
    assert!(in_jindu.contains(&l) && in_jindu.contains(&h));
    // Capacity left this month: the law item's one place taken, it drops out.
    let month =
        chrono::NaiveDate::parse_from_str(law_item["month"].as_str().unwrap(), "%Y-%m-%d").unwrap();
    assert!(list("&has_capacity=true".to_owned()).await.contains(&l));
    take_places(&app, l, month, 1).await;
    let with_room = list("&has_capacity=true".to_owned()).await;
    assert!(
        with_room.contains(&h) && !with_room.contains(&l),
        "{with_room:?}"
    );
    assert!(list("&has_capacity=false".to_owned()).await.contains(&l));
    // Status: withdrawn items leave the default list and show under status=withdrawn.
    json_of::<Value>(
        app.patch(
            &format!("/api/v1/menu-items/{h}"),
            Some(&w.leader),
            &json!({"status": "withdrawn"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let active = list(String::new()).await;
    assert!(active.contains(&l) && !active.contains(&h));
    let withdrawn = list("&status=withdrawn".to_owned()).await;
    assert!(withdrawn.contains(&h) && !withdrawn.contains(&l));
    // Sorted by title (code-point order), walked a page at a time without repeats.
    json_of::<Value>(
        app.patch(
            &format!("/api/v1/menu-items/{h}"),
            Some(&w.leader),
            &json!({"status": "active"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let mut seen = Vec::new();
    let mut titles = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let url = match &cursor {
            Some(c) => format!("/api/v1/menu-items?limit=1&sort=name&cursor={c}"),
            None => "/api/v1/menu-items?limit=1&sort=name".to_owned(),
        };
        let page: Value = json_of(app.get(&url, None).await, StatusCode::OK).await;
        for i in page["items"].as_array().unwrap() {
            seen.push(i["id"].as_i64().unwrap());
            titles.push(i["title"].as_str().unwrap().to_owned());
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert!(seen.contains(&l) && seen.contains(&h));
    let mut sorted = titles.clone();
    sorted.sort();
    assert_eq!(titles, sorted);
    let mut unique = seen.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), seen.len());
}

async fn menu_input_is_checked_field_by_field(app: TestApp) {
    let admin = app.login(ADMIN).await;
    let city = app.area_id("张家港市").await;
    let a = agency(&app, &admin, "测试科协", city).await;
    let draft = project(
        &app,
        &admin,
        json!({"title": "科普进校园", "category": "科普宣传", "level": "city", "area_id": city,
            "owner_agency_id": a["id"]}),
        false,
    )
    .await;
    let published = project(
        &app,
        &admin,
        json!({"title": "科普大篷车", "category": "科普宣传", "level": "city", "area_id": city,
            "owner_agency_id": a["id"]}),
        true,
    )
    .await;
    let good = json!({"project_id": published["id"], "area_ids": [city], "capacity_per_month": 10});
    let with = |k: &str, v: Value| {
        let mut b = good.clone();
        b[k] = v;
        b
    };
    for (body, field, code) in [
        (
            with("project_id", draft["id"].clone()),
            "project_id",
            "project_not_published",
        ),
        (with("project_id", json!(999999)), "project_id", "not_found"),
        (with("area_ids", json!([])), "area_ids", "required"),
        (
            with("area_ids", json!((1..=51).collect::<Vec<i64>>())),
            "area_ids",
            "too_many",
        ),
        (
            with("area_ids", json!([999999])),
            "area_ids[0]",
            "not_found",
        ),
        (
            with("capacity_per_month", json!(0)),
            "capacity_per_month",
            "out_of_range",
        ),
        (
            with("capacity_per_month", json!(1001)),
            "capacity_per_month",
            "out_of_range",
        ),
        (with("lead_days", json!(-1)), "lead_days", "out_of_range"),
        (with("lead_days", json!(91)), "lead_days", "out_of_range"),
        (
            with("conditions", json!("条".repeat(501))),
            "conditions",
            "too_long",
        ),
        (
            with("conditions", json!("有\u{0}控制字符")),
            "conditions",
            "control_character",
        ),
        (
            {
                let mut b = with("provider_team_id", json!(999999));
                b["provider_agency_id"] = a["id"].clone();
                b
            },
            "provider_team_id",
            "one_provider",
        ),
        (
            {
                let mut b = with("provider_agency_id", json!(999999));
                b["project_id"] = published["id"].clone();
                b
            },
            "provider_agency_id",
            "not_found",
        ),
    ] {
        let e = problem(
            app.post("/api/v1/menu-items", Some(&admin), &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        let pairs: Vec<(Value, Value)> = e["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| (x["field"].clone(), x["code"].clone()))
            .collect();
        assert!(pairs.contains(&(json!(field), json!(code))), "{body}: {e}");
    }
    // Malformed bodies: 400 or 422, never 500.
    for body in [
        json!({"project_id": "x", "area_ids": [city], "capacity_per_month": 1}),
        json!({"project_id": published["id"], "area_ids": [city], "capacity_per_month": 99999999999_i64}),
        json!({"project_id": published["id"], "area_ids": [city], "capacity_per_month": 1, "extra": 1}),
        json!([]),
    ] {
        let s = app
            .post("/api/v1/menu-items", Some(&admin), &body)
            .await
            .status();
        assert!(
            s == StatusCode::BAD_REQUEST || s == StatusCode::UNPROCESSABLE_ENTITY,
            "{body}: {s}"
        );
    }
    let item: Value = json_of(
        app.post("/api/v1/menu-items", Some(&admin), &good).await,
        StatusCode::CREATED,
    )
    .await;
    let path = format!("/api/v1/menu-items/{}", item["id"]);
    for (body, field, code) in [
        (
            json!({"capacity_per_month": 0}),
            "capacity_per_month",
            "out_of_range",
        ),
        (json!({"lead_days": 100}), "lead_days", "out_of_range"),
        (json!({"area_ids": []}), "area_ids", "required"),
        (json!({"area_ids": [999999]}), "area_ids[0]", "not_found"),
        (
            json!({"conditions": "条".repeat(501)}),
            "conditions",
            "too_long",
        ),
    ] {
        let e = problem(
            app.patch(&path, Some(&admin), &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert_eq!(
            (
                e["errors"][0]["field"].clone(),
                e["errors"][0]["code"].clone()
            ),
            (json!(field), json!(code)),
            "{body}"
        );
    }
    let s = app
        .patch(&path, Some(&admin), &json!({"status": "gone"}))
        .await
        .status();
    assert!(s == StatusCode::BAD_REQUEST || s == StatusCode::UNPROCESSABLE_ENTITY);
    // Hostile queries: a clear 400 or 422, never a 500, and wildcards are only text.
    for q in [
        "q=%25".to_owned(),
        "q=_".to_owned(),
        "q=%5C".to_owned(),
        "target_group=%22%5C%25".to_owned(),
        "category=%27%3B%20DROP%20TABLE%20menu_items%3B--".to_owned(),
        format!("q={}", "长".repeat(101)),
        "serves_area_id=abc".to_owned(),
        "serves_area_id=999999".to_owned(),
        "serves_area_id=-1".to_owned(),
        "provider_agency_id=99999999999999999999".to_owned(),
        "has_capacity=maybe".to_owned(),
        "status=gone".to_owned(),
        "limit=0".to_owned(),
        "limit=1000".to_owned(),
        "cursor=%%%".to_owned(),
        "cursor=eyJzIjoiaWQiLCJpZCI6MX0".to_owned(),
        "sort=title".to_owned(),
        "q=%00".to_owned(),
    ] {
        let res = app.get(&format!("/api/v1/menu-items?{q}"), None).await;
        let s = res.status();
        assert!(
            s == StatusCode::OK
                || s == StatusCode::BAD_REQUEST
                || s == StatusCode::UNPROCESSABLE_ENTITY,
            "{q}: {s}"
        );
        if s == StatusCode::OK {
            let page: Value = res.json().await.unwrap();
            assert!(
                q.starts_with("serves_area_id=-1")
                    || q.starts_with("provider_agency_id")
                    || page["items"].as_array().unwrap().is_empty()
                    || q.starts_with("cursor"),
                "{q}: {page}"
            );
        }
    }
    for path in [
        "/api/v1/menu-items/abc",
        "/api/v1/menu-items/99999999999999999999",
    ] {
        let s = app.get(path, None).await.status();
        assert!(
            s == StatusCode::BAD_REQUEST || s == StatusCode::NOT_FOUND,
            "{path}: {s}"
        );
    }
}

async fn racing_requests_put_a_project_on_the_menu_once(app: TestApp) {
    let admin = app.login(ADMIN).await;
    let city = app.area_id("张家港市").await;
    let a = agency(&app, &admin, "测试并发单位", city).await;
    let p = project(
        &app,
        &admin,
        json!({"title": "并发上架项目", "category": "法律服务", "level": "city", "area_id": city,
            "owner_agency_id": a["id"]}),
        true,
    )
    .await;
    let body = json!({"project_id": p["id"], "area_ids": [city], "capacity_per_month": 3});
    let sends: Vec<_> = (0..12)
        .map(|_| app.post("/api/v1/menu-items", Some(&admin), &body))
        .collect();
    let mut statuses = Vec::new();
    for res in futures_util::future::join_all(sends).await {
        statuses.push(res.status());
    }
    let created = statuses
        .iter()
        .filter(|s| **s == StatusCode::CREATED)
        .count();
    let refused = statuses
        .iter()
        .filter(|s| **s == StatusCode::CONFLICT)
        .count();
    assert_eq!((created, refused), (1, 11), "{statuses:?}");
    let listed: Value = json_of(
        app.get(
            &format!("/api/v1/menu-items?provider_agency_id={}", a["id"]),
            None,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(ids(&listed).len(), 1);
}
