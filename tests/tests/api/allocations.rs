//! Allocations (下沉): never beyond a period's capacity — at the edge, beyond it (409, nothing
//! written), in a new period, outside the availability window, withdrawn, and under 20 real
//! parallel requests — on SQLite and PostgreSQL.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use chrono::Datelike;
use reqwest::StatusCode;
use serde_json::{Value, json};
use youai_tests::{ADMIN, TestApp, db_tests, json_of, problem};

use crate::resources::{agency, resource_body};

db_tests!(
    allocations_stay_within_capacity,
    racing_allocations_never_exceed_capacity,
);

fn next_month_first(today: chrono::NaiveDate) -> chrono::NaiveDate {
    let (y, m) = if today.month() == 12 {
        (today.year() + 1, 1)
    } else {
        (today.year(), today.month() + 1)
    };
    chrono::NaiveDate::from_ymd_opt(y, m, 1).unwrap()
}

async fn allocations_stay_within_capacity(app: TestApp) {
    let admin = app.login(ADMIN).await;
    let city = app.area_id("张家港市").await;
    let jindu = app.area_id("金都社区").await;
    let jingang = app.area_id("金港镇").await;
    let a = agency(
        &app,
        &admin,
        json!({"name": "测试市总工会", "kind": "social_org", "area_id": city}),
    )
    .await;
    let r: Value = json_of(
        app.post(
            "/api/v1/resources",
            Some(&admin),
            &resource_body(&a["id"], city, 5),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let path = format!("/api/v1/resources/{}/allocations", r["id"]);
    let remaining = || async {
        let got: Value = json_of(
            app.get(&format!("/api/v1/resources/{}", r["id"]), None)
                .await,
            StatusCode::OK,
        )
        .await;
        got["remaining"].as_i64().unwrap()
    };
    let count = || async {
        let page: Value = json_of(app.get(&path, None).await, StatusCode::OK).await;
        page["items"].as_array().unwrap().len()
    };

    let first: Value = json_of(
        app.post(
            &path,
            Some(&admin),
            &json!({"area_id": jindu, "quantity": 3, "note": "坐班"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(first["quantity"], 3);
    assert_eq!(remaining().await, 2);
    // Beyond capacity: 409 naming what remains, and nothing written.
    let over = problem(
        app.post(
            &path,
            Some(&admin),
            &json!({"area_id": jindu, "quantity": 3}),
        )
        .await,
        StatusCode::CONFLICT,
        "capacity_exceeded",
    )
    .await;
    assert!(
        over["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains(" 2 "),
        "{over}"
    );
    assert_eq!((remaining().await, count().await), (2, 1));
    // Exactly at the edge fits; one more does not.
    json_of::<Value>(
        app.post(
            &path,
            Some(&admin),
            &json!({"area_id": jingang, "quantity": 2}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(remaining().await, 0);
    problem(
        app.post(
            &path,
            Some(&admin),
            &json!({"area_id": jindu, "quantity": 1}),
        )
        .await,
        StatusCode::CONFLICT,
        "capacity_exceeded",
    )
    .await;
    // A new period starts fresh, counted from its first day.
    let today = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive();
    let next = next_month_first(today);
    let later: Value = json_of(
        app.post(
            &path,
            Some(&admin),
            &json!({"area_id": jindu, "quantity": 5, "date": next.with_day(20).unwrap()}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(later["period_start"], json!(next));
    assert_eq!(count().await, 3);

    // Bad input, each with its code.
    for (body, field, code) in [
        (
            json!({"area_id": city, "quantity": 1}),
            "area_id",
            "not_town_or_village",
        ),
        (
            json!({"area_id": jindu, "quantity": 0}),
            "quantity",
            "out_of_range",
        ),
        (
            json!({"area_id": 999999, "quantity": 1}),
            "area_id",
            "not_found",
        ),
        (
            json!({"area_id": jindu, "quantity": 1, "need_id": 999999}),
            "need_id",
            "not_found",
        ),
    ] {
        let e = problem(
            app.post(&path, Some(&admin), &body).await,
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
    problem(
        app.post(
            "/api/v1/resources/999999/allocations",
            Some(&admin),
            &json!({"area_id": jindu, "quantity": 1}),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    // A town resource goes down only inside its town.
    let town_a = agency(
        &app,
        &admin,
        json!({"name": "测试金港镇文体中心", "kind": "institution", "area_id": jingang}),
    )
    .await;
    let mut town_body = resource_body(&town_a["id"], jingang, 4);
    town_body["level"] = json!("town");
    let town_r: Value = json_of(
        app.post("/api/v1/resources", Some(&admin), &town_body)
            .await,
        StatusCode::CREATED,
    )
    .await;
    let e = problem(
        app.post(
            &format!("/api/v1/resources/{}/allocations", town_r["id"]),
            Some(&admin),
            &json!({"area_id": app.area_id("韩山村").await, "quantity": 1}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(e["errors"][0]["code"], "outside_resource_area");

    // Outside the availability window, and withdrawn: 409, nothing written.
    let window: Value = json_of(
        app.patch(
            &format!("/api/v1/resources/{}", r["id"]),
            Some(&admin),
            &json!({"available_from": next, "capacity": 9}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (window["capacity"].clone(), window["remaining"].clone()),
        (json!(9), json!(4))
    );
    problem(
        app.post(
            &path,
            Some(&admin),
            &json!({"area_id": jindu, "quantity": 1}),
        )
        .await,
        StatusCode::CONFLICT,
        "resource_unavailable",
    )
    .await;
    let withdrawn: Value = json_of(
        app.patch(
            &format!("/api/v1/resources/{}", r["id"]),
            Some(&admin),
            &json!({"status": "withdrawn"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(withdrawn["status"], "withdrawn");
    problem(
        app.post(
            &path,
            Some(&admin),
            &json!({"area_id": jindu, "quantity": 1, "date": next}),
        )
        .await,
        StatusCode::CONFLICT,
        "resource_withdrawn",
    )
    .await;
    assert_eq!(count().await, 3);
    let active: Value = json_of(
        app.get(
            &format!("/api/v1/resources?provider_agency_id={}", a["id"]),
            None,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        active["items"],
        json!([]),
        "withdrawn resources leave the list"
    );
    // The allocations and the withdrawal are audited.
    let audit: Value = json_of(
        app.get(
            &format!("/api/v1/audit?target_type=resource&target_id={}", r["id"]),
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
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for want in ["resource.create", "resource.allocate", "resource.withdraw"] {
        assert!(actions.contains(&want), "{want} in {actions:?}");
    }
    assert_eq!(
        actions
            .iter()
            .filter(|a| **a == "resource.allocate")
            .count(),
        3
    );
}

async fn racing_allocations_never_exceed_capacity(app: TestApp) {
    let admin = app.login(ADMIN).await;
    let city = app.area_id("张家港市").await;
    let jindu = app.area_id("金都社区").await;
    let a = agency(
        &app,
        &admin,
        json!({"name": "测试市卫健委", "kind": "government", "area_id": city}),
    )
    .await;
    let r: Value = json_of(
        app.post(
            "/api/v1/resources",
            Some(&admin),
            &resource_body(&a["id"], city, 7),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let url = app.url(&format!("/api/v1/resources/{}/allocations", r["id"]));
    // 20 requests at once, each on its own task.
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let (client, url, token) = (app.client.clone(), url.clone(), admin.clone());
            tokio::spawn(async move {
                let res = client
                    .post(&url)
                    .bearer_auth(token)
                    .json(&json!({"area_id": jindu, "quantity": 1}))
                    .send()
                    .await
                    .unwrap();
                let status = res.status();
                let body: Value = res.json().await.unwrap_or(Value::Null);
                (status, body)
            })
        })
        .collect();
    let mut created = 0;
    let mut refused = 0;
    for t in tasks {
        let (status, body) = t.await.unwrap();
        match status {
            StatusCode::CREATED => created += 1,
            StatusCode::CONFLICT => {
                assert_eq!(body["code"], "capacity_exceeded", "{body}");
                refused += 1;
            }
            other => panic!("unexpected {other}: {body}"),
        }
    }
    assert_eq!((created, refused), (7, 13));
    let got: Value = json_of(
        app.get(&format!("/api/v1/resources/{}", r["id"]), None)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (got["remaining"].clone(), got["usage"]["allocated"].clone()),
        (json!(0), json!(7))
    );
    let page: Value = json_of(
        app.get(
            &format!("/api/v1/resources/{}/allocations?limit=100", r["id"]),
            None,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let total: i64 = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["quantity"].as_i64().unwrap())
        .sum();
    assert_eq!(total, 7, "the rows agree with the counter");
}
