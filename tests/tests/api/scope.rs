//! Scoped permissions: an area admin works inside their subtree and nowhere else.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use youai_tests::{ADMIN, JINGANG_ADMIN, RESIDENT, TestApp, db_tests, json_of, problem};

db_tests!(
    town_admin_edits_only_their_town,
    area_writes_need_the_parent_scope,
    grants_follow_scope,
    public_reads_need_no_login
);

async fn town_admin_edits_only_their_town(app: TestApp) {
    let token = app.login(JINGANG_ADMIN).await;
    let tangqiao = app.area_id("塘桥镇").await;
    let jingang = app.area_id("金港镇").await;
    let jindu = app.area_id("金都社区").await;
    let theirs = app.venue_in(tangqiao).await;
    let ours = app.venue_in(jingang).await;

    let res = app
        .patch(
            &format!("/api/v1/venues/{}", theirs["id"]),
            Some(&token),
            &json!({"capacity": 1}),
        )
        .await;
    problem(res, StatusCode::FORBIDDEN, "forbidden").await;
    let unchanged: Value = json_of(
        app.get(&format!("/api/v1/venues/{}", theirs["id"]), None)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(unchanged["capacity"], theirs["capacity"]);

    let res = app
        .patch(
            &format!("/api/v1/venues/{}", ours["id"]),
            Some(&token),
            &json!({"opening_hours": "周一至周日 08:00-20:00"}),
        )
        .await;
    let updated: Value = json_of(res, StatusCode::OK).await;
    assert_eq!(updated["opening_hours"], "周一至周日 08:00-20:00");

    // Creating below their town works; in another town it does not.
    let station = json!({"area_id": jindu, "kind": "point", "name": "金都社区睦邻点", "address": "金都社区 3 幢"});
    assert_eq!(
        app.post("/api/v1/venues", Some(&token), &station)
            .await
            .status(),
        StatusCode::CREATED
    );
    let elsewhere =
        json!({"area_id": tangqiao, "kind": "point", "name": "越权点", "address": "塘桥"});
    problem(
        app.post("/api/v1/venues", Some(&token), &elsewhere).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    // Moving our venue into another town is a write there too.
    let res = app
        .patch(
            &format!("/api/v1/venues/{}", ours["id"]),
            Some(&token),
            &json!({"area_id": tangqiao}),
        )
        .await;
    problem(res, StatusCode::FORBIDDEN, "forbidden").await;

    // A resident may do none of it; without a token it is 401.
    let resident = app.login(RESIDENT).await;
    problem(
        app.patch(
            &format!("/api/v1/venues/{}", ours["id"]),
            Some(&resident),
            &json!({"capacity": 2}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    problem(
        app.patch(
            &format!("/api/v1/venues/{}", ours["id"]),
            None,
            &json!({"capacity": 2}),
        )
        .await,
        StatusCode::UNAUTHORIZED,
        "missing_token",
    )
    .await;
}

async fn area_writes_need_the_parent_scope(app: TestApp) {
    let token = app.login(JINGANG_ADMIN).await;
    let jingang = app.area_id("金港镇").await;
    let tangqiao = app.area_id("塘桥镇").await;
    let ok = app
        .post(
            "/api/v1/areas",
            Some(&token),
            &json!({"parent_id": jingang, "level": "village", "name": "港丰社区"}),
        )
        .await;
    let created: Value = json_of(ok, StatusCode::CREATED).await;
    assert_eq!(created["parent_id"], jingang);
    let dup = app
        .post(
            "/api/v1/areas",
            Some(&token),
            &json!({"parent_id": jingang, "level": "village", "name": "港丰社区"}),
        )
        .await;
    problem(dup, StatusCode::CONFLICT, "area_name_taken").await;
    let no = app
        .post(
            "/api/v1/areas",
            Some(&token),
            &json!({"parent_id": tangqiao, "level": "village", "name": "越权村"}),
        )
        .await;
    problem(no, StatusCode::FORBIDDEN, "forbidden").await;
    let city = app
        .post(
            "/api/v1/areas",
            Some(&token),
            &json!({"level": "city", "name": "新城市"}),
        )
        .await;
    problem(city, StatusCode::FORBIDDEN, "forbidden").await;
    // Their own town may be renamed by them; the city above may not.
    let res = app
        .patch(
            &format!("/api/v1/areas/{jingang}"),
            Some(&token),
            &json!({"name": "金港街道"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    problem(
        app.patch("/api/v1/areas/1", Some(&token), &json!({"name": "改名"}))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    // Tree shape is enforced.
    let admin = app.login(ADMIN).await;
    let wrong = app
        .post(
            "/api/v1/areas",
            Some(&admin),
            &json!({"parent_id": 1, "level": "village", "name": "直属村"}),
        )
        .await;
    let body = problem(wrong, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(body["errors"][0]["code"], "wrong_parent_level");
}

async fn grants_follow_scope(app: TestApp) {
    let token = app.login(JINGANG_ADMIN).await;
    let (user_id, user_token) = app.new_user("13600000001", "赵六").await;
    let jindu = app.area_id("金都社区").await;
    let tangqiao = app.area_id("塘桥镇").await;
    let res = app
        .post(
            "/api/v1/role-grants",
            Some(&token),
            &json!({"user_id": user_id, "role": "area_admin", "area_id": jindu}),
        )
        .await;
    let grant: Value = json_of(res, StatusCode::CREATED).await;
    let res = app
        .post(
            "/api/v1/role-grants",
            Some(&token),
            &json!({"user_id": user_id, "role": "area_admin", "area_id": tangqiao}),
        )
        .await;
    problem(res, StatusCode::FORBIDDEN, "forbidden").await;
    let res = app
        .post(
            "/api/v1/role-grants",
            Some(&token),
            &json!({"user_id": user_id, "role": "platform_admin"}),
        )
        .await;
    problem(res, StatusCode::FORBIDDEN, "forbidden").await;
    let res = app
        .post(
            "/api/v1/role-grants",
            Some(&token),
            &json!({"user_id": user_id, "role": "area_admin"}),
        )
        .await;
    let body = problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(body["errors"][0]["field"], "area_id");

    // The new admin can now edit inside 金都社区 only.
    let station = app.venue_in(jindu).await;
    let res = app
        .patch(
            &format!("/api/v1/venues/{}", station["id"]),
            Some(&user_token),
            &json!({"capacity": 99}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let jingang_institute = app.venue_in(app.area_id("金港镇").await).await;
    let res = app
        .patch(
            &format!("/api/v1/venues/{}", jingang_institute["id"]),
            Some(&user_token),
            &json!({"capacity": 99}),
        )
        .await;
    problem(res, StatusCode::FORBIDDEN, "forbidden").await;

    // Revoking takes effect at once.
    let res = app
        .request(
            Method::DELETE,
            &format!("/api/v1/role-grants/{}", grant["id"]),
            Some(&token),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = app
        .patch(
            &format!("/api/v1/venues/{}", station["id"]),
            Some(&user_token),
            &json!({"capacity": 98}),
        )
        .await;
    problem(res, StatusCode::FORBIDDEN, "forbidden").await;
    // Only admins list accounts; a user may read their own.
    problem(
        app.get("/api/v1/users", Some(&user_token)).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_eq!(
        app.get(&format!("/api/v1/users/{user_id}"), Some(&user_token))
            .await
            .status(),
        StatusCode::OK
    );
    problem(
        app.get("/api/v1/users/1", Some(&user_token)).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
}

async fn public_reads_need_no_login(app: TestApp) {
    for path in [
        "/api/v1/areas",
        "/api/v1/venues",
        "/api/v1/areas/1",
        "/api/v1/venues/1",
        "/api/v1/areas/1/tree",
        "/api/v1/stats",
    ] {
        assert_eq!(app.get(path, None).await.status(), StatusCode::OK, "{path}");
    }
    let stats: Value = json_of(app.get("/api/v1/stats", None).await, StatusCode::OK).await;
    assert!(stats["areas"].as_i64().unwrap() > 50);
    assert!(stats["venues"].as_i64().unwrap() > 50);
    // The demo city's accounts: two admins, a resident and the kiosk.
    assert_eq!(stats["users"], 4);
}
