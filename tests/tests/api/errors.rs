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
