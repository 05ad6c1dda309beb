//! Problems in the caller's language: zh-CN unless `Accept-Language` prefers English.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};
use youai_tests::{ADMIN, TestApp, db_tests, problem};

db_tests!(
    problems_follow_accept_language,
    field_and_row_messages_follow_accept_language,
    vocabularies_carry_english_names,
);

async fn wrong_login(app: &TestApp, accept_language: Option<&str>) -> Response {
    let mut req = app
        .request(Method::POST, "/api/v1/auth/login", None)
        .json(&json!({"phone": ADMIN.0, "password": "not-the-password"}));
    if let Some(lang) = accept_language {
        req = req.header("accept-language", lang);
    }
    req.send().await.unwrap()
}

fn content_language(res: &Response) -> String {
    res.headers()["content-language"]
        .to_str()
        .unwrap()
        .to_owned()
}

async fn problems_follow_accept_language(app: TestApp) {
    let res = wrong_login(&app, None).await;
    assert_eq!(content_language(&res), "zh-CN");
    let vary = res.headers()["vary"].to_str().unwrap().to_ascii_lowercase();
    assert!(vary.contains("accept-language"), "{vary}");
    let zh = problem(res, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
    assert_eq!(zh["detail"], "手机号或密码错误");
    assert_eq!(zh["title"], "未登录或登录已失效");

    let res = wrong_login(&app, Some("en-US,en;q=0.9")).await;
    assert_eq!(content_language(&res), "en");
    let en = problem(res, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
    assert_eq!(en["detail"], "Wrong phone number or password.");
    assert_eq!(en["title"], "Not signed in");
    assert_eq!(en["type"], zh["type"], "the code and type do not change");

    // Chinese first when the caller ranks it first; English when it is the only one named.
    let res = wrong_login(&app, Some("zh-CN,zh;q=0.9,en;q=0.8")).await;
    assert_eq!(content_language(&res), "zh-CN");
    let res = wrong_login(&app, Some("fr-FR, en;q=0.3")).await;
    assert_eq!(content_language(&res), "en");

    // Errors from outside the handlers (an unknown route) too.
    let res = app
        .request(Method::GET, "/api/v1/no-such-thing", None)
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    let body = problem(res, StatusCode::NOT_FOUND, "route_not_found").await;
    assert_eq!(body["detail"], "There is no such endpoint.");
}

async fn field_and_row_messages_follow_accept_language(app: TestApp) {
    let body = json!({"phone": "12345", "password": "短", "name": ""});
    let register = |lang: &'static str| {
        app.request(Method::POST, "/api/v1/auth/register", None)
            .header("accept-language", lang)
            .json(&body)
            .send()
    };
    let zh: Value = problem(
        register("zh-CN").await.unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let en: Value = problem(
        register("en").await.unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let fields = |p: &Value| -> Vec<(String, String)> {
        p["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["field"].as_str().unwrap().to_owned(),
                    e["code"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    assert_eq!(fields(&zh), fields(&en), "the same fields and codes");
    assert!(fields(&en).len() >= 3, "{en}");
    for e in en["errors"].as_array().unwrap() {
        let message = e["message"].as_str().unwrap();
        assert!(message.is_ascii() && !message.is_empty(), "{e}");
    }
    let count = fields(&en).len();
    assert_eq!(
        en["detail"],
        format!("Fields that failed validation: {count}.")
    );
    let password = en["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["field"] == "password")
        .unwrap();
    assert_eq!(password["code"], "too_short");
    assert_eq!(password["message"], "Too short: at least 8 characters.");

    // An import's bad cells, row by row.
    let token = app.login(ADMIN).await;
    let csv = "姓名,手机号,性别,出生日期,所属区域\n张三,123,男,1980-01-01,金港镇\n";
    let res = app
        .request(Method::POST, "/api/v1/imports/volunteers", Some(&token))
        .header("content-type", "text/csv")
        .header("accept-language", "en")
        .body(csv)
        .send()
        .await
        .unwrap();
    let rows = problem(res, StatusCode::UNPROCESSABLE_ENTITY, "import_rejected").await;
    let row_errors = rows["row_errors"].as_array().unwrap();
    assert!(!row_errors.is_empty(), "{rows}");
    for e in row_errors {
        assert!(e["message"].as_str().unwrap().is_ascii(), "{e}");
    }
}

async fn vocabularies_carry_english_names(app: TestApp) {
    let vocabularies: Value =
        youai_tests::json_of(app.get("/api/v1/vocabularies", None).await, StatusCode::OK).await;
    let groups = vocabularies["target_groups"].as_array().unwrap();
    assert_eq!(groups.len(), 6);
    assert!(groups.contains(&json!({"name": "老年人", "name_en": "Older people"})));
    let categories = vocabularies["categories"].as_array().unwrap();
    assert!(categories.contains(&json!({"name": "理论宣讲", "name_en": "Theory outreach"})));

    // The target groups are the ones a project accepts.
    let token = app.login(ADMIN).await;
    let area = app.area_id("金港镇").await;
    let project = |group: &str| {
        json!({"title": "英文名测试项目", "category": "理论宣讲", "target_groups": [group],
               "level": "town", "area_id": area, "owner_agency": "文明办"})
    };
    let res = app
        .post("/api/v1/projects", Some(&token), &project("Older people"))
        .await;
    let refused = problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(refused["errors"][0]["code"], "unknown_target_group");

    // Skills and release batches keep the English name they are given.
    let skill: Value = youai_tests::json_of(
        app.post(
            "/api/v1/skills",
            Some(&token),
            &json!({"code": "braille", "name": "盲文", "name_en": "Braille"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(skill["name_en"], "Braille");
    let all: Value =
        youai_tests::json_of(app.get("/api/v1/skills", None).await, StatusCode::OK).await;
    assert!(
        all.as_array()
            .unwrap()
            .iter()
            .any(|s| s["code"] == "braille" && s["name_en"] == "Braille")
    );
    let batch: Value = youai_tests::json_of(
        app.post(
            "/api/v1/project-batches",
            Some(&token),
            &json!({"name": "2026年12月 第九批", "name_en": " Batch 9, December 2026 ", "released_on": "2026-12-01"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(batch["name_en"], "Batch 9, December 2026", "trimmed");
    let too_long = "x".repeat(61);
    let res = app
        .post(
            "/api/v1/skills",
            Some(&token),
            &json!({"code": "long_name", "name": "长名", "name_en": too_long}),
        )
        .await;
    let refused = problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(refused["errors"][0]["field"], "name_en");
}
