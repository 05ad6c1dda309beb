//! Bulk import: CSV in UTF-8 (with or without BOM) or GBK, all rows or none, per-row errors,
//! scope, and the 10,000-row case.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::panic,
    clippy::indexing_slicing
)]

use reqwest::StatusCode;
use serde_json::Value;
use youai_tests::{ADMIN, JINGANG_ADMIN, RESIDENT, TestApp, db_tests, id_number, json_of, problem};

db_tests!(
    volunteers_import_all_or_nothing,
    volunteers_import_gbk_and_bom,
    volunteers_import_respects_scope,
    teams_import_with_parents_in_the_file,
    ten_thousand_volunteers,
);

async fn upload(app: &TestApp, token: &str, what: &str, body: Vec<u8>) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/api/v1/imports/{what}")))
        .bearer_auth(token)
        .header("content-type", "text/csv")
        .body(body)
        .send()
        .await
        .unwrap()
}

async fn volunteer_count(app: &TestApp) -> i64 {
    let stats: Value = json_of(app.get("/api/v1/stats", None).await, StatusCode::OK).await;
    stats["volunteers"].as_i64().unwrap()
}

async fn volunteers_import_all_or_nothing(app: TestApp) {
    app.skill("first_aid", "应急救护").await;
    let admin = app.login(ADMIN).await;
    let good = format!(
        "姓名,手机号,性别,出生日期,所属区域,技能,身份证号\n\
         陈一,13700000001,女,1990-05-01,金都社区,应急救护,{}\n\
         陈二,13700000002,男,1985/3/7,长江村,,\n\
         陈三,13700000003,女,19990909,韩山村,,\n",
        id_number("19900501", 124)
    );
    // One bad row among good ones: nothing is written, and every bad cell is reported.
    let bad = format!(
        "{good}陈四,1370000000,男,1990-13-01,不存在村,飞行,\n陈五,13700000001,女,1990-01-01,金都社区,,\n"
    );
    let res = upload(&app, &admin, "volunteers", bad.into_bytes()).await;
    let body = problem(res, StatusCode::UNPROCESSABLE_ENTITY, "import_rejected").await;
    let errors: Vec<(u64, String, String)> = body["row_errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["row"].as_u64().unwrap(),
                e["column"].as_str().unwrap().to_owned(),
                e["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    for want in [
        (5, "手机号", "invalid_phone"),
        (5, "出生日期", "invalid_date"),
        (5, "所属区域", "not_found"),
        (5, "技能", "unknown_skill"),
        (6, "手机号", "duplicate_in_file"),
    ] {
        assert!(
            errors.contains(&(want.0, want.1.into(), want.2.into())),
            "{want:?} in {errors:?}"
        );
    }
    assert_eq!(volunteer_count(&app).await, 0, "nothing was imported");

    let report: Value = json_of(
        upload(&app, &admin, "volunteers", good.clone().into_bytes()).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(report["imported"], 3);
    assert_eq!(volunteer_count(&app).await, 3);
    let found: Value = json_of(
        app.get("/api/v1/volunteers?q=陈一", Some(&admin)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(found["items"][0]["skills"][0]["name"], "应急救护");
    assert!(
        found["items"][0]["number"]
            .as_str()
            .unwrap()
            .starts_with("ZJG")
    );
    assert_eq!(
        found["items"][0]["id_number"],
        id_number("19900501", 124).as_str()
    );
    // Someone imported cannot complete a second profile under the same phone: 409.
    let (_, token) = app.new_user("13700000002", "陈二").await;
    let area = app.area_id("长江村").await;
    let res = app
        .post("/api/v1/volunteers", Some(&token), &serde_json::json!({"real_name": "陈二", "gender": "male", "birth_date": "1985-03-07", "area_id": area}))
        .await;
    problem(res, StatusCode::CONFLICT, "phone_taken").await;
    // Importing the same people again is refused: their phones are taken.
    let body = problem(
        upload(&app, &admin, "volunteers", good.into_bytes()).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "import_rejected",
    )
    .await;
    assert_eq!(body["row_errors"][0]["code"], "phone_taken");
    assert_eq!(volunteer_count(&app).await, 3);
    // Not CSV, no rows, missing columns.
    let res = app
        .client
        .post(app.url("/api/v1/imports/volunteers"))
        .bearer_auth(&admin)
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    problem(
        res,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    )
    .await;
    problem(
        upload(&app, &admin, "volunteers", "姓名,手机号\n".into()).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "empty_file",
    )
    .await;
    let body = problem(
        upload(&app, &admin, "volunteers", "姓名\n张三\n".into()).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "import_rejected",
    )
    .await;
    assert_eq!(body["row_errors"][0]["code"], "missing_column");
}

async fn volunteers_import_gbk_and_bom(app: TestApp) {
    let admin = app.login(ADMIN).await;
    let text = "姓名,手机号,性别,出生日期,所属区域\n王国庆,13700000011,男,1970-10-01,金都社区\n";
    let (gbk, _, lossy) = encoding_rs::GBK.encode(text);
    assert!(!lossy);
    assert!(std::str::from_utf8(&gbk).is_err(), "really GBK, not UTF-8");
    let report: Value = json_of(
        upload(&app, &admin, "volunteers", gbk.into_owned()).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(report["imported"], 1);
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend(
        "姓名,手机号,性别,出生日期,所属区域\n李建华,13700000012,女,1972-02-02,长江村\n".as_bytes(),
    );
    let report: Value = json_of(
        upload(&app, &admin, "volunteers", bom).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(report["imported"], 1);
    let found: Value = json_of(
        app.get("/api/v1/volunteers?q=王国庆", Some(&admin)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        found["items"][0]["real_name"], "王国庆",
        "GBK decoded to the right characters"
    );
    assert_eq!(found["items"][0]["gender"], "male");
}

async fn volunteers_import_respects_scope(app: TestApp) {
    let jingang = app.login(JINGANG_ADMIN).await;
    let csv = "姓名,手机号,性别,出生日期,所属区域\n本镇人,13700000021,男,1980-01-01,金都社区\n外镇人,13700000022,女,1980-01-01,韩山村\n";
    let body = problem(
        upload(&app, &jingang, "volunteers", csv.into()).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "import_rejected",
    )
    .await;
    assert_eq!(body["row_errors"][0]["row"], 3);
    assert_eq!(body["row_errors"][0]["code"], "out_of_scope");
    assert_eq!(volunteer_count(&app).await, 0);
    let resident = app.login(RESIDENT).await;
    problem(
        upload(&app, &resident, "volunteers", csv.into()).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
}

async fn teams_import_with_parents_in_the_file(app: TestApp) {
    let admin = app.login(ADMIN).await;
    let csv = "名称,类型,上级队伍,所属区域,专长,联系电话\n\
               张家港市志愿服务总队,市级总队,,张家港市,,\n\
               金港镇志愿服务支队,镇级支队,张家港市志愿服务总队,金港镇,,0512-58000000\n\
               金都社区志愿服务队,村（社区）服务队,金港镇志愿服务支队,金都社区,邻里互助,13700000031\n";
    // A wrong kind in the last row rolls back the rows before it.
    let bad = format!("{csv}错层小分队,小分队,金港镇志愿服务支队,金港镇,,\n");
    let body = problem(
        upload(&app, &admin, "teams", bad.into_bytes()).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "import_rejected",
    )
    .await;
    assert_eq!(body["row_errors"][0]["row"], 5);
    assert_eq!(body["row_errors"][0]["code"], "wrong_parent_kind");
    let none: Value = json_of(app.get("/api/v1/teams", None).await, StatusCode::OK).await;
    assert_eq!(none["items"], serde_json::json!([]), "nothing was imported");
    let report: Value = json_of(
        upload(&app, &admin, "teams", csv.into()).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(report["imported"], 3);
    let found: Value = json_of(app.get("/api/v1/teams?q=金都", None).await, StatusCode::OK).await;
    assert_eq!(found["items"][0]["kind"], "community_team");
    assert_eq!(found["items"][0]["status"], "approved");
}

async fn ten_thousand_volunteers(app: TestApp) {
    let admin = app.login(ADMIN).await;
    let mut csv = String::from("姓名,手机号,性别,出生日期,所属区域\n");
    let villages = ["金都社区", "长江村", "韩山村", "善港村", "永联村"];
    for i in 0..10_000 {
        let gender = if i % 2 == 0 { "男" } else { "女" };
        csv.push_str(&format!(
            "志愿者{i},1880000{i:04},{gender},19{:02}-0{}-1{},{}\n",
            50 + i % 50,
            1 + i % 9,
            i % 10,
            villages[i % villages.len()]
        ));
    }
    let started = std::time::Instant::now();
    let report: Value = json_of(
        upload(&app, &admin, "volunteers", csv.into_bytes()).await,
        StatusCode::CREATED,
    )
    .await;
    let elapsed = started.elapsed();
    assert_eq!(report["imported"], 10_000);
    assert_eq!(volunteer_count(&app).await, 10_000);
    // Reported, not asserted: speed goals live in benchmarks (`make bench`).
    println!("imported 10,000 volunteers in {elapsed:?}");
}
