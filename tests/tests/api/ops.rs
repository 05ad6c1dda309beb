//! Operations: probes, metrics, request ids, the docs UI and the spec endpoint.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use reqwest::StatusCode;
use serde_json::Value;
use youai_tests::{TestApp, db_tests, json_of};

db_tests!(probes_and_metrics, request_ids, docs_are_served_offline);

async fn probes_and_metrics(app: TestApp) {
    let h: Value = json_of(app.get("/healthz", None).await, StatusCode::OK).await;
    assert_eq!(h["status"], "ok");
    let r: Value = json_of(app.get("/readyz", None).await, StatusCode::OK).await;
    assert_eq!(r["status"], "ok");
    app.get("/api/v1/areas", None).await;
    app.get("/api/v1/areas/999999", None).await;
    let text = app.get("/metrics", None).await.text().await.unwrap();
    assert!(
        text.contains(
            r#"youai_http_requests_total{method="GET",route="/api/v1/areas",status="200"} 1"#
        ),
        "{text}"
    );
    assert!(
        text.contains(
            r#"youai_http_requests_total{method="GET",route="/api/v1/areas/{id}",status="404"} 1"#
        ),
        "{text}"
    );
    assert!(
        text.contains(
            r#"youai_http_request_duration_seconds_bucket{route="/api/v1/areas",le="+Inf"} 1"#
        ),
        "{text}"
    );
    assert!(text.contains(r#"youai_db_pool_connections{state="in_use"}"#));
}

async fn request_ids(app: TestApp) {
    let res = app.get("/api/v1/stats", None).await;
    let id = res.headers()["x-request-id"].to_str().unwrap();
    assert_eq!(id.len(), 36, "a UUID: {id}");
    let res = app
        .client
        .get(app.url("/api/v1/stats"))
        .header("X-Request-Id", "trace-abc-123")
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.headers()["x-request-id"],
        "trace-abc-123",
        "a caller's id is kept"
    );
    let res = app
        .client
        .get(app.url("/api/v1/stats"))
        .header("X-Request-Id", "bad id with spaces")
        .send()
        .await
        .unwrap();
    assert_ne!(res.headers()["x-request-id"], "bad id with spaces");
}

async fn docs_are_served_offline(app: TestApp) {
    let spec: Value = json_of(app.get("/api/openapi.json", None).await, StatusCode::OK).await;
    assert_eq!(spec["openapi"].as_str().unwrap().chars().next(), Some('3'));
    assert!(spec["paths"]["/api/v1/areas"].is_object());
    let page = app.get("/api/docs/", None).await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("swagger"), "the docs page is Swagger UI");
    assert!(!html.contains("https://"), "no assets from the internet");
    let js = app.get("/api/docs/swagger-ui-bundle.js", None).await;
    assert_eq!(js.status(), StatusCode::OK);
}

/// With its database gone, the server says it is not ready (and quickly), but stays alive.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readyz_is_503_without_the_database() {
    use diesel::Connection;
    use diesel::connection::SimpleConnection;
    let Some(app) = TestApp::spawn(youai_tests::Backend::Postgres).await else {
        return;
    };
    assert_eq!(app.get("/readyz", None).await.status(), StatusCode::OK);
    let admin_url = youai_tests::postgres_url().unwrap();
    let name = app.database_url.rsplit('/').next().unwrap().to_owned();
    let mut c = diesel::PgConnection::establish(&admin_url).unwrap();
    c.batch_execute(&format!("DROP DATABASE \"{name}\" WITH (FORCE)"))
        .unwrap();
    let started = std::time::Instant::now();
    let res = app.get("/readyz", None).await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(8),
        "answered in {:?}",
        started.elapsed()
    );
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["status"], "unavailable");
    assert_eq!(app.get("/healthz", None).await.status(), StatusCode::OK);
}
