//! The whole auth flow: register, login, /me, token expiry and forgery, refresh rotation and
//! reuse detection, logout, login throttling, changing the password.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use reqwest::StatusCode;
use serde_json::{Value, json};
use youai_tests::{ADMIN, JINGANG_ADMIN, TEST_SECRET, TestApp, db_tests, json_of, problem};

db_tests!(
    register_login_me,
    register_validates_and_rejects_duplicates,
    access_token_claims_and_expiry,
    forged_tokens_are_refused,
    refresh_rotates_and_detects_reuse,
    logout_revokes_the_family,
    repeated_failures_are_throttled,
    me_lists_role_grants,
    a_password_change_signs_out_every_login,
);

async fn register_login_me(app: TestApp) {
    let res = app
        .post(
            "/api/v1/auth/register",
            None,
            &json!({"phone": "13912345678", "password": "长城长城长城长城", "name": "  李志愿  "}),
        )
        .await;
    assert!(
        res.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/api/v1/users/")
    );
    let user: Value = json_of(res, StatusCode::CREATED).await;
    assert_eq!(user["name"], "李志愿", "names are trimmed");
    assert!(user.get("password_hash").is_none() && !user.to_string().contains("argon2"));

    let tokens = app.login_tokens(("13912345678", "长城长城长城长城")).await;
    assert_eq!(tokens["token_type"], "Bearer");
    assert_eq!(tokens["expires_in"], 900);
    let access = tokens["access_token"].as_str().unwrap();
    let me: Value = json_of(app.get("/api/v1/me", Some(access)).await, StatusCode::OK).await;
    assert_eq!(me["user"]["id"], user["id"]);
    assert_eq!(me["user"]["phone"], "13912345678");
    assert_eq!(me["grants"], json!([]));

    problem(
        app.get("/api/v1/me", None).await,
        StatusCode::UNAUTHORIZED,
        "missing_token",
    )
    .await;
    let wrong = app
        .post(
            "/api/v1/auth/login",
            None,
            &json!({"phone": "13912345678", "password": "wrong-password"}),
        )
        .await;
    problem(wrong, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
    let unknown = app
        .post(
            "/api/v1/auth/login",
            None,
            &json!({"phone": "13900000009", "password": "whatever-123"}),
        )
        .await;
    problem(unknown, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
}

async fn register_validates_and_rejects_duplicates(app: TestApp) {
    let bad = app
        .post(
            "/api/v1/auth/register",
            None,
            &json!({"phone": "12345", "password": "short", "name": ""}),
        )
        .await;
    let body = problem(bad, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["phone", "password", "name"]);
    let dup = app
        .post(
            "/api/v1/auth/register",
            None,
            &json!({"phone": ADMIN.0, "password": "password-123", "name": "冒名"}),
        )
        .await;
    problem(dup, StatusCode::CONFLICT, "phone_taken").await;
    // Nothing was written by the failed attempts.
    let admin = app.login(ADMIN).await;
    let users: Value = json_of(
        app.get("/api/v1/users?limit=100", Some(&admin)).await,
        StatusCode::OK,
    )
    .await;
    // The demo city's four accounts (the admins, the resident and the kiosk).
    assert_eq!(users["items"].as_array().unwrap().len(), 4);
}

fn claims_of(token: &str) -> Value {
    use base64::Engine;
    let payload = token.split('.').nth(1).unwrap();
    serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .unwrap(),
    )
    .unwrap()
}

fn forge(claims: &Value, secret: &str, alg: Algorithm) -> String {
    encode(
        &Header::new(alg),
        claims,
        &EncodingKey::from_secret(secret.as_bytes()).unwrap(),
    )
    .unwrap()
}

async fn access_token_claims_and_expiry(app: TestApp) {
    let token = app.login(ADMIN).await;
    let c = claims_of(&token);
    assert_eq!(c["iss"], "youai");
    assert_eq!(c["aud"], "youai-api");
    assert_eq!(
        c["exp"].as_i64().unwrap() - c["iat"].as_i64().unwrap(),
        15 * 60
    );
    assert!(c["sub"].as_str().unwrap().parse::<i64>().is_ok());

    // The same claims, signed with the server's key but expired a minute ago.
    let now = chrono::Utc::now().timestamp();
    let expired = json!({"sub": c["sub"], "iat": now - 1000, "exp": now - 60, "iss": "youai", "aud": "youai-api"});
    let res = app
        .get(
            "/api/v1/me",
            Some(&forge(&expired, TEST_SECRET, Algorithm::HS256)),
        )
        .await;
    assert_eq!(res.headers()["www-authenticate"], "Bearer");
    problem(res, StatusCode::UNAUTHORIZED, "token_expired").await;
    // A valid one made the same way works, so the expiry is what failed above.
    let fresh =
        json!({"sub": c["sub"], "iat": now, "exp": now + 60, "iss": "youai", "aud": "youai-api"});
    assert_eq!(
        app.get(
            "/api/v1/me",
            Some(&forge(&fresh, TEST_SECRET, Algorithm::HS256))
        )
        .await
        .status(),
        StatusCode::OK
    );
}

async fn forged_tokens_are_refused(app: TestApp) {
    let now = chrono::Utc::now().timestamp();
    let claims =
        json!({"sub": "1", "iat": now, "exp": now + 600, "iss": "youai", "aud": "youai-api"});
    // Another key.
    let other = forge(
        &claims,
        "another-secret-another-secret-another-secret",
        Algorithm::HS256,
    );
    problem(
        app.get("/api/v1/me", Some(&other)).await,
        StatusCode::UNAUTHORIZED,
        "invalid_token",
    )
    .await;
    // Another algorithm with our key.
    let hs512 = forge(&claims, TEST_SECRET, Algorithm::HS512);
    problem(
        app.get("/api/v1/me", Some(&hs512)).await,
        StatusCode::UNAUTHORIZED,
        "invalid_token",
    )
    .await;
    // alg: none.
    use base64::Engine;
    let b64 = |v: &Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
    let none = format!(
        "{}.{}.",
        b64(&json!({"alg": "none", "typ": "JWT"})),
        b64(&claims)
    );
    problem(
        app.get("/api/v1/me", Some(&none)).await,
        StatusCode::UNAUTHORIZED,
        "invalid_token",
    )
    .await;
    // Wrong audience and issuer.
    for (k, v) in [("aud", "someone-else"), ("iss", "someone-else")] {
        let mut c = claims.clone();
        c[k] = json!(v);
        problem(
            app.get(
                "/api/v1/me",
                Some(&forge(&c, TEST_SECRET, Algorithm::HS256)),
            )
            .await,
            StatusCode::UNAUTHORIZED,
            "invalid_token",
        )
        .await;
    }
    problem(
        app.get("/api/v1/me", Some("not-a-jwt")).await,
        StatusCode::UNAUTHORIZED,
        "invalid_token",
    )
    .await;
}

async fn refresh_rotates_and_detects_reuse(app: TestApp) {
    let first = app.login_tokens(ADMIN).await;
    let r1 = first["refresh_token"].as_str().unwrap();
    let second: Value = json_of(
        app.post("/api/v1/auth/refresh", None, &json!({"refresh_token": r1}))
            .await,
        StatusCode::OK,
    )
    .await;
    let r2 = second["refresh_token"].as_str().unwrap();
    assert_ne!(r1, r2, "refresh tokens rotate");
    assert_eq!(
        app.get("/api/v1/me", second["access_token"].as_str())
            .await
            .status(),
        StatusCode::OK
    );

    // Presenting r1 again is reuse: refused, and r2 (same family) dies with it.
    problem(
        app.post("/api/v1/auth/refresh", None, &json!({"refresh_token": r1}))
            .await,
        StatusCode::UNAUTHORIZED,
        "refresh_token_reused",
    )
    .await;
    problem(
        app.post("/api/v1/auth/refresh", None, &json!({"refresh_token": r2}))
            .await,
        StatusCode::UNAUTHORIZED,
        "refresh_token_revoked",
    )
    .await;

    // Another login (another family) is unaffected.
    let other = app.login_tokens(ADMIN).await;
    let ok = app
        .post(
            "/api/v1/auth/refresh",
            None,
            &json!({"refresh_token": other["refresh_token"]}),
        )
        .await;
    assert_eq!(ok.status(), StatusCode::OK);
    problem(
        app.post(
            "/api/v1/auth/refresh",
            None,
            &json!({"refresh_token": "garbage"}),
        )
        .await,
        StatusCode::UNAUTHORIZED,
        "invalid_refresh_token",
    )
    .await;
}

async fn logout_revokes_the_family(app: TestApp) {
    let t = app.login_tokens(ADMIN).await;
    let r1 = t["refresh_token"].as_str().unwrap();
    let rotated: Value = json_of(
        app.post("/api/v1/auth/refresh", None, &json!({"refresh_token": r1}))
            .await,
        StatusCode::OK,
    )
    .await;
    let r2 = rotated["refresh_token"].as_str().unwrap();
    let res = app
        .post("/api/v1/auth/logout", None, &json!({"refresh_token": r2}))
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    problem(
        app.post("/api/v1/auth/refresh", None, &json!({"refresh_token": r2}))
            .await,
        StatusCode::UNAUTHORIZED,
        "refresh_token_revoked",
    )
    .await;
    // Logging out twice is harmless.
    assert_eq!(
        app.post("/api/v1/auth/logout", None, &json!({"refresh_token": r2}))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
}

async fn repeated_failures_are_throttled(app: TestApp) {
    let wrong = json!({"phone": JINGANG_ADMIN.0, "password": "not-the-password"});
    for _ in 0..5 {
        problem(
            app.post("/api/v1/auth/login", None, &wrong).await,
            StatusCode::UNAUTHORIZED,
            "invalid_credentials",
        )
        .await;
    }
    let res = app
        .post(
            "/api/v1/auth/login",
            None,
            &json!({"phone": JINGANG_ADMIN.0, "password": JINGANG_ADMIN.1}),
        )
        .await;
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=15 * 60).contains(&retry), "Retry-After {retry}");
    problem(
        res,
        StatusCode::TOO_MANY_REQUESTS,
        "too_many_login_failures",
    )
    .await;
    // Another phone from the same address is still let in (the per-IP limit is higher).
    app.login(ADMIN).await;
}

async fn me_lists_role_grants(app: TestApp) {
    let token = app.login(JINGANG_ADMIN).await;
    let me: Value = json_of(app.get("/api/v1/me", Some(&token)).await, StatusCode::OK).await;
    let jingang = app.area_id("金港镇").await;
    assert_eq!(me["grants"].as_array().unwrap().len(), 1);
    assert_eq!(me["grants"][0]["role"], "area_admin");
    assert_eq!(me["grants"][0]["area_id"], jingang);
}

async fn a_password_change_signs_out_every_login(app: TestApp) {
    let phone = "13912340001";
    app.post(
        "/api/v1/auth/register",
        None,
        &json!({"phone": phone, "password": "旧密码旧密码旧密码", "name": "王改密"}),
    )
    .await;
    let here = app.login_tokens((phone, "旧密码旧密码旧密码")).await;
    let elsewhere = app.login_tokens((phone, "旧密码旧密码旧密码")).await;
    let token = here["access_token"].as_str().unwrap();
    let change =
        |current: &str, new: &str| json!({"current_password": current, "new_password": new});

    // Each mistake beside its field; nothing changes.
    for (body, field, code) in [
        (
            change("不是这个密码啊", "新密码新密码新密码"),
            "current_password",
            "wrong_password",
        ),
        (
            change("旧密码旧密码旧密码", "旧密码旧密码旧密码"),
            "new_password",
            "same_password",
        ),
        (
            change("旧密码旧密码旧密码", "短密码"),
            "new_password",
            "too_short",
        ),
    ] {
        let p = problem(
            app.post("/api/v1/me/password", Some(token), &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert_eq!(p["errors"][0]["field"], field, "{p}");
        assert_eq!(p["errors"][0]["code"], code, "{p}");
    }
    problem(
        app.post("/api/v1/me/password", None, &change("a", "b"))
            .await,
        StatusCode::UNAUTHORIZED,
        "missing_token",
    )
    .await;

    let fresh: Value = json_of(
        app.post(
            "/api/v1/me/password",
            Some(token),
            &change("旧密码旧密码旧密码", "新密码新密码新密码"),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    // Every earlier login is signed out; the fresh pair works.
    for old in [&here, &elsewhere] {
        problem(
            app.post(
                "/api/v1/auth/refresh",
                None,
                &json!({"refresh_token": old["refresh_token"]}),
            )
            .await,
            StatusCode::UNAUTHORIZED,
            "refresh_token_revoked",
        )
        .await;
    }
    let rotated = app
        .post(
            "/api/v1/auth/refresh",
            None,
            &json!({"refresh_token": fresh["refresh_token"]}),
        )
        .await;
    assert_eq!(rotated.status(), StatusCode::OK);
    problem(
        app.post(
            "/api/v1/auth/login",
            None,
            &json!({"phone": phone, "password": "旧密码旧密码旧密码"}),
        )
        .await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;
    let token = app.login((phone, "新密码新密码新密码")).await;

    // Two changes from the same current password at once: exactly one wins.
    let (first, second) = (
        change("新密码新密码新密码", "第三个密码甲甲甲"),
        change("新密码新密码新密码", "第三个密码乙乙乙"),
    );
    let (a, b) = tokio::join!(
        app.post("/api/v1/me/password", Some(&token), &first),
        app.post("/api/v1/me/password", Some(&token), &second),
    );
    let mut statuses = [a.status(), b.status()];
    statuses.sort();
    assert_eq!(statuses[0], StatusCode::OK, "{statuses:?}");
    assert!(
        [StatusCode::CONFLICT, StatusCode::UNPROCESSABLE_ENTITY].contains(&statuses[1]),
        "{statuses:?}"
    );
    let winner = if a.status() == StatusCode::OK {
        "第三个密码甲甲甲"
    } else {
        "第三个密码乙乙乙"
    };
    let token = app.login((phone, winner)).await;

    // Guessing the current password is throttled like logging in.
    for _ in 0..5 {
        app.post(
            "/api/v1/me/password",
            Some(&token),
            &change("猜一猜猜一猜猜", "第四个密码丙丙丙"),
        )
        .await;
    }
    let res = app
        .post(
            "/api/v1/me/password",
            Some(&token),
            &change(winner, "第四个密码丙丙丙"),
        )
        .await;
    assert!(res.headers().contains_key("retry-after"));
    problem(
        res,
        StatusCode::TOO_MANY_REQUESTS,
        "too_many_login_failures",
    )
    .await;

    // The change is in the audit log, without any password in it.
    let admin = app.login(ADMIN).await;
    let audit = app
        .get("/api/v1/audit?action=change_password", Some(&admin))
        .await
        .text()
        .await
        .unwrap();
    assert!(audit.contains("change_password"), "{audit}");
    assert!(
        !audit.contains("新密码") && !audit.contains("argon2"),
        "{audit}"
    );
}
