//! Secrets and personal data at the edge: CORS only for registered origins, team contact
//! phones masked outside the team's scope, and no password hash or signing secret in any
//! response.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use youai_tests::{ADMIN, Backend, TEST_ORIGIN, TEST_SECRET, TestApp, json_of};

#[tokio::test]
async fn cors_answers_registered_origins_only() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let ours = app
        .request(Method::GET, "/api/v1/stats", None)
        .header("origin", TEST_ORIGIN)
        .send()
        .await
        .unwrap();
    assert_eq!(ours.status(), StatusCode::OK);
    assert_eq!(ours.headers()["access-control-allow-origin"], TEST_ORIGIN);
    let exposed = ours.headers()["access-control-expose-headers"]
        .to_str()
        .unwrap()
        .to_lowercase();
    assert!(
        exposed.contains("etag") && exposed.contains("x-request-id"),
        "{exposed}"
    );
    let theirs = app
        .request(Method::GET, "/api/v1/stats", None)
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert!(
        theirs
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );
    // Preflight: allowed for ours, with the methods and headers the API uses; refused for others.
    let pre = app
        .request(Method::OPTIONS, "/api/v1/rewards", None)
        .header("origin", TEST_ORIGIN)
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "authorization, content-type, idempotency-key",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(pre.status(), StatusCode::OK);
    assert_eq!(pre.headers()["access-control-allow-origin"], TEST_ORIGIN);
    assert!(
        pre.headers()["access-control-allow-methods"]
            .to_str()
            .unwrap()
            .contains("POST")
    );
    let pre = app
        .request(Method::OPTIONS, "/api/v1/rewards", None)
        .header("origin", "https://evil.example")
        .header("access-control-request-method", "POST")
        .send()
        .await
        .unwrap();
    assert!(pre.status().is_client_error(), "{}", pre.status());
    assert!(pre.headers().get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn contact_phones_are_masked_outside_the_team() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let admin = app.login(ADMIN).await;
    let jingang = app.area_id("金港镇").await;
    let (_, leader) = app
        .volunteer("13500000041", "联系人甲", "金都社区", json!({}))
        .await;
    let team = app
        .team(
            &leader,
            json!({"kind": "social_team", "name": "号码测试队", "area_id": jingang, "contact_name": "联系人甲", "contact_phone": "13500000041"}),
        )
        .await;
    let res = app
        .post(
            &format!("/api/v1/teams/{}/decisions", team["id"]),
            Some(&admin),
            &json!({"decision": "approve"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let path = format!("/api/v1/teams/{}", team["id"]);
    let public: Value = json_of(app.get(&path, None).await, StatusCode::OK).await;
    assert_eq!(public["contact_phone"], "135****0041");
    let (_, stranger) = app.new_user("13500000042", "路人").await;
    let seen: Value = json_of(app.get(&path, Some(&stranger)).await, StatusCode::OK).await;
    assert_eq!(seen["contact_phone"], "135****0041");
    let listed: Value = json_of(
        app.get("/api/v1/teams?q=号码测试", None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(listed["items"][0]["contact_phone"], "135****0041");
    // The team's leader and the area's admins see the number.
    let own: Value = json_of(app.get(&path, Some(&leader)).await, StatusCode::OK).await;
    assert_eq!(own["contact_phone"], "13500000041");
    let staff: Value = json_of(app.get(&path, Some(&admin)).await, StatusCode::OK).await;
    assert_eq!(staff["contact_phone"], "13500000041");
}

#[tokio::test]
async fn no_password_hash_or_secret_in_responses() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let register = app
        .post(
            "/api/v1/auth/register",
            None,
            &json!({"phone": "13500000051", "password": "password-123", "name": "秘密"}),
        )
        .await
        .text()
        .await
        .unwrap();
    let login = app
        .post(
            "/api/v1/auth/login",
            None,
            &json!({"phone": "13500000051", "password": "password-123"}),
        )
        .await
        .text()
        .await
        .unwrap();
    let token: Value = serde_json::from_str(&login).unwrap();
    let me = app.get("/api/v1/me", token["access_token"].as_str()).await;
    assert_eq!(me.status(), StatusCode::OK);
    let me = me.text().await.unwrap();
    assert!(me.contains("13500000051"), "{me}");
    let admin = app.login(ADMIN).await;
    let users = app
        .get("/api/v1/users?q=秘密", Some(&admin))
        .await
        .text()
        .await
        .unwrap();
    let spec = app
        .get("/api/openapi.json", None)
        .await
        .text()
        .await
        .unwrap();
    for (what, body) in [
        ("register", &register),
        ("login", &login),
        ("me", &me),
        ("users", &users),
        ("spec", &spec),
    ] {
        assert!(
            !body.contains("$argon2"),
            "{what} shows a password hash: {body}"
        );
        assert!(!body.contains("password-123"), "{what} echoes the password");
        assert!(
            !body.contains(TEST_SECRET),
            "{what} shows the signing secret"
        );
    }
    assert!(
        users.contains("13500000051"),
        "the admin's user list was read: {users}"
    );
}
