//! List, cache and retry conventions: keyset pagination under concurrent inserts, filters,
//! ETag / If-None-Match / If-Match, Idempotency-Key.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::HashSet;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use youai_tests::{ADMIN, TestApp, db_tests, json_of, problem};

db_tests!(
    pages_never_repeat_while_rows_are_inserted,
    area_filters_and_subtree,
    venue_filters_and_chinese_search,
    etag_and_if_none_match,
    if_match_conflict,
    idempotency_key_replays_and_refuses_other_bodies,
);

/// Walks every page of `/api/v1/areas` in the given order, inserting a village between pages.
async fn walk(app: &TestApp, token: &str, sort: &str, town: i64, tag: &str) -> (Vec<i64>, usize) {
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut inserted = 0;
    loop {
        let mut path = format!("/api/v1/areas?limit=7&sort={sort}");
        if let Some(c) = &cursor {
            path.push_str(&format!("&cursor={c}"));
        }
        let page: Value = json_of(app.get(&path, None).await, StatusCode::OK).await;
        seen.extend(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a["id"].as_i64().unwrap()),
        );
        // Someone else adds areas while we page: before and after our position.
        for name in [
            format!("阿{tag}{inserted}村"),
            format!("鑫{tag}{inserted}村"),
        ] {
            let res = app
                .post(
                    "/api/v1/areas",
                    Some(token),
                    &json!({"parent_id": town, "level": "village", "name": name}),
                )
                .await;
            assert_eq!(res.status(), StatusCode::CREATED);
        }
        inserted += 2;
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    (seen, inserted)
}

async fn pages_never_repeat_while_rows_are_inserted(app: TestApp) {
    let token = app.login(ADMIN).await;
    let town = app.area_id("大新镇").await;
    let before: Value = json_of(
        app.get("/api/v1/areas?limit=100", None).await,
        StatusCode::OK,
    )
    .await;
    let original: HashSet<i64> = before["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_i64().unwrap())
        .collect();
    assert!(original.len() > 50, "the demo city has many areas");
    for (sort, tag) in [("id", "a"), ("-id", "b"), ("name", "c"), ("-name", "d")] {
        let (seen, inserted) = walk(&app, &token, sort, town, tag).await;
        let unique: HashSet<i64> = seen.iter().copied().collect();
        assert_eq!(
            unique.len(),
            seen.len(),
            "sort={sort}: a row was returned twice"
        );
        assert!(
            original.is_subset(&unique),
            "sort={sort}: a row present from the start was skipped"
        );
        assert!(inserted > 0);
    }
}

async fn area_filters_and_subtree(app: TestApp) {
    let towns: Value = json_of(
        app.get("/api/v1/areas?level=town&limit=100", None).await,
        StatusCode::OK,
    )
    .await;
    let names: Vec<&str> = towns["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    for t in [
        "杨舍镇",
        "塘桥镇",
        "金港镇",
        "锦丰镇",
        "乐余镇",
        "凤凰镇",
        "南丰镇",
        "大新镇",
    ] {
        assert!(names.contains(&t), "{t} in {names:?}");
    }
    let jingang = app.area_id("金港镇").await;
    let children: Value = json_of(
        app.get(
            &format!("/api/v1/areas?parent_id={jingang}&limit=100"),
            None,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let kids = children["items"].as_array().unwrap();
    assert!(kids.iter().any(|a| a["name"] == "金都社区"));
    assert!(
        kids.iter()
            .all(|a| a["parent_id"] == jingang && a["level"] == "village")
    );

    let within: Value = json_of(
        app.get(&format!("/api/v1/areas?within={jingang}&limit=100"), None)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        within["items"].as_array().unwrap().len(),
        kids.len() + 1,
        "the subtree is the town and its villages"
    );

    let tree: Value = json_of(
        app.get(&format!("/api/v1/areas/{jingang}/tree"), None)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(tree["name"], "金港镇");
    assert_eq!(tree["children"].as_array().unwrap().len(), kids.len());
    let city: Value = json_of(
        app.get("/api/v1/areas?level=city", None).await,
        StatusCode::OK,
    )
    .await;
    let city_id = city["items"][0]["id"].as_i64().unwrap();
    let whole: Value = json_of(
        app.get(&format!("/api/v1/areas/{city_id}/tree"), None)
            .await,
        StatusCode::OK,
    )
    .await;
    let jg = whole["children"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "金港镇")
        .unwrap();
    assert!(
        jg["children"]
            .as_array()
            .unwrap()
            .iter()
            .any(|v| v["name"] == "金都社区")
    );

    // Chinese substring search.
    let found: Value = json_of(app.get("/api/v1/areas?q=金都", None).await, StatusCode::OK).await;
    assert_eq!(found["items"].as_array().unwrap().len(), 1);
    // LIKE wildcards in the query are literal.
    let none: Value = json_of(app.get("/api/v1/areas?q=%25", None).await, StatusCode::OK).await;
    assert_eq!(none["items"], json!([]));
}

async fn venue_filters_and_chinese_search(app: TestApp) {
    let centres: Value = json_of(
        app.get("/api/v1/venues?kind=centre", None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(centres["items"].as_array().unwrap().len(), 1);
    assert_eq!(centres["items"][0]["name"], "张家港市新时代文明实践中心");
    let institutes: Value = json_of(
        app.get("/api/v1/venues?kind=institute&limit=100", None)
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(institutes["items"].as_array().unwrap().len() >= 8);
    let jingang = app.area_id("金港镇").await;
    let inside: Value = json_of(
        app.get(&format!("/api/v1/venues?within={jingang}&limit=100"), None)
            .await,
        StatusCode::OK,
    )
    .await;
    let items = inside["items"].as_array().unwrap();
    assert!(
        items
            .iter()
            .any(|v| v["name"] == "金都社区新时代文明实践站")
    );
    assert!(items.iter().any(|v| v["kind"] == "institute"));
    assert!(
        items
            .iter()
            .all(|v| v["name"].as_str().unwrap().contains("金港")
                || v["address"].as_str().unwrap().contains("金港"))
    );
    let search: Value = json_of(
        app.get("/api/v1/venues?q=实践站&limit=5", None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(search["items"].as_array().unwrap().len(), 5);
    assert!(search["next_cursor"].is_string());
}

async fn etag_and_if_none_match(app: TestApp) {
    let res = app.get("/api/v1/areas/1", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let etag = res.headers()["etag"].to_str().unwrap().to_owned();
    assert!(etag.starts_with('"') && etag.ends_with('"'));
    let res = app
        .request(Method::GET, "/api/v1/areas/1", None)
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(res.headers()["etag"].to_str().unwrap(), etag);
    assert!(res.text().await.unwrap().is_empty());
    let res = app
        .request(Method::GET, "/api/v1/areas/1", None)
        .header("If-None-Match", "\"other\"")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let venue_res = app.get("/api/v1/venues/1", None).await;
    assert!(venue_res.headers().contains_key("etag"));
}

async fn if_match_conflict(app: TestApp) {
    let token = app.login(ADMIN).await;
    let res = app.get("/api/v1/venues/1", None).await;
    let etag = res.headers()["etag"].to_str().unwrap().to_owned();
    // Someone else changes the venue first.
    let res = app
        .request(Method::PATCH, "/api/v1/venues/1", Some(&token))
        .header("If-Match", &etag)
        .json(&json!({"capacity": 900}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let new_etag = res.headers()["etag"].to_str().unwrap().to_owned();
    assert_ne!(new_etag, etag);
    // A write based on the old version is refused and changes nothing.
    let res = app
        .request(Method::PATCH, "/api/v1/venues/1", Some(&token))
        .header("If-Match", &etag)
        .json(&json!({"capacity": 5}))
        .send()
        .await
        .unwrap();
    problem(res, StatusCode::PRECONDITION_FAILED, "precondition_failed").await;
    let now: Value = json_of(app.get("/api/v1/venues/1", None).await, StatusCode::OK).await;
    assert_eq!(now["capacity"], 900);
    // Same for areas.
    let res = app
        .request(Method::PATCH, "/api/v1/areas/1", Some(&token))
        .header("If-Match", "\"stale\"")
        .json(&json!({"name": "张家港"}))
        .send()
        .await
        .unwrap();
    problem(res, StatusCode::PRECONDITION_FAILED, "precondition_failed").await;
}

async fn idempotency_key_replays_and_refuses_other_bodies(app: TestApp) {
    let token = app.login(ADMIN).await;
    let town = app.area_id("凤凰镇").await;
    let body = json!({"parent_id": town, "level": "village", "name": "幂等村"});
    let send = |b: Value, key: &'static str| {
        app.request(Method::POST, "/api/v1/areas", Some(&token))
            .header("Idempotency-Key", key)
            .json(&b)
            .send()
    };
    let first = send(body.clone(), "k-1").await.unwrap();
    assert_eq!(first.status(), StatusCode::CREATED);
    assert!(first.headers().get("idempotent-replayed").is_none());
    let location = first.headers()["location"].to_str().unwrap().to_owned();
    let created: Value = first.json().await.unwrap();

    let again = send(body.clone(), "k-1").await.unwrap();
    assert_eq!(again.status(), StatusCode::CREATED);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(again.headers()["location"].to_str().unwrap(), location);
    let replayed: Value = again.json().await.unwrap();
    assert_eq!(replayed, created);

    let other = send(
        json!({"parent_id": town, "level": "village", "name": "另一个村"}),
        "k-1",
    )
    .await
    .unwrap();
    problem(
        other,
        StatusCode::UNPROCESSABLE_ENTITY,
        "idempotency_key_reused",
    )
    .await;

    // Exactly one row was written.
    let found: Value = json_of(
        app.get("/api/v1/areas?q=幂等村", None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(found["items"].as_array().unwrap().len(), 1);
    let none: Value = json_of(
        app.get("/api/v1/areas?q=另一个村", None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(none["items"], json!([]));

    // Keys belong to their caller: another user's same key is a fresh request.
    let (_, other_token) = app.new_user("13700000001", "王五").await;
    let res = app
        .request(Method::POST, "/api/v1/areas", Some(&other_token))
        .header("Idempotency-Key", "k-1")
        .json(&body)
        .send()
        .await
        .unwrap();
    problem(res, StatusCode::FORBIDDEN, "forbidden").await;
}
