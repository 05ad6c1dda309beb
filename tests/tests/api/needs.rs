//! The needs list (群众需求清单), intake side: every channel and who may use it (a resident
//! claiming a visit or group channel is refused with 403: those are recorded by staff or grid
//! workers of the village), contact privacy by role, following a need by its public code,
//! similar-need proposals, and the categories — on SQLite and PostgreSQL.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use reqwest::StatusCode;
use serde_json::{Value, json};
use youai_tests::{ADMIN, JINGANG_ADMIN, RESIDENT, TestApp, db_tests, json_of, problem};

db_tests!(
    intake_from_each_channel,
    contacts_are_seen_only_in_scope,
    a_need_is_followed_by_its_code,
    similar_open_needs_of_the_village_are_proposed,
    categories_are_a_managed_vocabulary,
);

/// The village most tests use (金港镇, where the demo's area admin works) and one elsewhere.
pub const VILLAGE: &str = "长江村";
pub const OTHER_VILLAGE: &str = "城北社区";

pub async fn category(app: &TestApp, name: &str) -> i64 {
    let all: Value = json_of(
        app.get("/api/v1/need-categories", None).await,
        StatusCode::OK,
    )
    .await;
    all.as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no category {name}"))["id"]
        .as_i64()
        .unwrap()
}

/// Submits a need (201 expected); returns the intake (`need` and `similar`).
pub async fn submit(app: &TestApp, token: &str, area: i64, title: &str, extra: Value) -> Value {
    let mut body =
        json!({"title": title, "category_id": category(app, "便民服务").await, "area_id": area});
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    json_of(
        app.post("/api/v1/needs", Some(token), &body).await,
        StatusCode::CREATED,
    )
    .await
}

/// A new account holding `role` in `area`; returns (user id, token).
pub async fn staff(app: &TestApp, phone: &str, name: &str, role: &str, area: i64) -> (i64, String) {
    let admin = app.login(ADMIN).await;
    let (id, _) = app.new_user(phone, name).await;
    let res = app
        .post(
            "/api/v1/role-grants",
            Some(&admin),
            &json!({"user_id": id, "role": role, "area_id": area}),
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::CREATED,
        "{}",
        res.text().await.unwrap()
    );
    // Log in again so the token carries the grant.
    (id, app.login((phone, "password-123")).await)
}

/// Moves a need straight to a state only the lead's matching and service code reaches.
pub async fn force_status(app: &TestApp, id: i64, status: youai_types::NeedStatus) {
    let pool = app.pool.clone();
    tokio::task::spawn_blocking(move || {
        let mut c = pool.get().unwrap();
        youai_db::needs::set_status(&mut c, id, status).unwrap();
    })
    .await
    .unwrap();
}

pub async fn get(app: &TestApp, id: &Value, token: Option<&str>) -> Value {
    json_of(
        app.get(&format!("/api/v1/needs/{id}"), token).await,
        StatusCode::OK,
    )
    .await
}

async fn intake_from_each_channel(app: TestApp) {
    let village = app.area_id(VILLAGE).await;
    let other = app.area_id(OTHER_VILLAGE).await;
    let resident = app.login(RESIDENT).await;

    // A resident submits their own through every self-service channel; the contact defaults
    // to their account, and the need is theirs.
    for channel in ["web", "app", "wechat_oa", "kiosk"] {
        let got = submit(
            &app,
            &resident,
            village,
            &format!("{channel} 渠道的需求"),
            json!({"channel": channel}),
        )
        .await;
        let need = &got["need"];
        assert_eq!(need["channel"], channel);
        assert_eq!(need["status"], "submitted");
        assert_eq!(need["supporters"], 1);
        assert_eq!(need["mine"], true);
        assert_eq!(need["contact"]["phone"], RESIDENT.0);
        assert_eq!(need["area"], VILLAGE);
        assert_eq!(need["category"], "便民服务");
        assert!(need["code"].as_str().unwrap().starts_with("XQ"));
    }
    // No channel means the website.
    let plain = submit(
        &app,
        &resident,
        village,
        "默认渠道",
        json!({"contact_phone": "13912345678"}),
    )
    .await;
    assert_eq!(plain["need"]["channel"], "web");
    assert_eq!(plain["need"]["contact"]["phone"], "13912345678");

    // A resident may not claim a visit or a group chat, nor record for someone else: 403.
    for channel in [
        "cadre_visit",
        "volunteer_visit",
        "grid_worker",
        "wechat_group",
        "qq_group",
    ] {
        problem(
            app.post(
                "/api/v1/needs",
                Some(&resident),
                &json!({"title": "冒充走访", "category_id": category(&app, "便民服务").await, "area_id": village, "channel": channel, "contact_name": "某人"}),
            )
            .await,
            StatusCode::FORBIDDEN,
            "forbidden",
        )
        .await;
    }
    problem(
        app.post(
            "/api/v1/needs",
            Some(&resident),
            &json!({"title": "代人登记", "category_id": category(&app, "便民服务").await, "area_id": village, "on_behalf": true, "contact_name": "某人"}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;

    // Staff of the town record visits and group chats on a resident's behalf.
    let area_admin = app.login(JINGANG_ADMIN).await;
    for channel in ["cadre_visit", "volunteer_visit", "wechat_group", "qq_group"] {
        let got = submit(
            &app,
            &area_admin,
            village,
            &format!("{channel} 收集"),
            json!({"channel": channel, "contact_name": "王阿姨", "contact_phone": "13911112222"}),
        )
        .await;
        assert_eq!(got["need"]["channel"], channel);
        assert_eq!(got["need"]["mine"], false, "recorded, not submitted");
        assert_eq!(got["need"]["contact"]["name"], "王阿姨");
    }
    // On someone's behalf the resident's name is required.
    let body = problem(
        app.post(
            "/api/v1/needs",
            Some(&area_admin),
            &json!({"title": "走访记录", "category_id": category(&app, "便民服务").await, "area_id": village, "channel": "cadre_visit"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "contact_name");

    // A grid worker records in their own village, and a kiosk entry on someone's behalf.
    let (_, grid) = staff(&app, "13100000401", "网格员小周", "grid_worker", village).await;
    let got = submit(
        &app,
        &grid,
        village,
        "网格巡查发现",
        json!({"channel": "grid_worker", "contact_name": "李大爷"}),
    )
    .await;
    assert_eq!(got["need"]["channel"], "grid_worker");
    let got = submit(
        &app,
        &grid,
        village,
        "一体机留言转录",
        json!({"channel": "kiosk", "on_behalf": true, "contact_name": "赵女士"}),
    )
    .await;
    assert_eq!(
        (got["need"]["channel"].clone(), got["need"]["mine"].clone()),
        (json!("kiosk"), json!(false))
    );
    // …but not in another village, nor does the town's admin reach another town.
    for token in [&grid, &area_admin] {
        problem(
            app.post(
                "/api/v1/needs",
                Some(token),
                &json!({"title": "越界登记", "category_id": category(&app, "便民服务").await, "area_id": other, "channel": "grid_worker", "contact_name": "某人"}),
            )
            .await,
            StatusCode::FORBIDDEN,
            "forbidden",
        )
        .await;
    }
    // Signing in is required.
    let res = app
        .post(
            "/api/v1/needs",
            None,
            &json!({"title": "匿名", "category_id": 1, "area_id": village}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

    // Intake is audited, and is the first step of the need's history.
    let admin = app.login(ADMIN).await;
    let log: Value = json_of(
        app.get("/api/v1/audit?action=need.create&limit=100", Some(&admin))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(log["items"].as_array().unwrap().len(), 5 + 4 + 2);
    let code = got["need"]["code"].as_str().unwrap();
    let follow: Value = json_of(
        app.get(&format!("/api/v1/needs/by-code/{code}"), None)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(follow["steps"][0]["kind"], "intake");
}

async fn contacts_are_seen_only_in_scope(app: TestApp) {
    let village = app.area_id(VILLAGE).await;
    let other = app.area_id(OTHER_VILLAGE).await;
    let resident = app.login(RESIDENT).await;
    let got = submit(
        &app,
        &resident,
        village,
        "楼道灯不亮",
        json!({"contact_name": "陈先生", "contact_phone": "13900001111"}),
    )
    .await;
    let id = got["need"]["id"].clone();

    let (_, other_resident) = app.new_user("13100000402", "邻居").await;
    let (_, grid_here) = staff(&app, "13100000403", "本村网格员", "grid_worker", village).await;
    let (_, grid_there) = staff(&app, "13100000404", "外村网格员", "grid_worker", other).await;
    let yangshe = app.area_id("杨舍镇").await;
    let (_, admin_there) = staff(&app, "13100000405", "杨舍镇管理员", "area_admin", yangshe).await;
    let area_admin = app.login(JINGANG_ADMIN).await;
    let admin = app.login(ADMIN).await;

    let callers: [(&str, Option<&str>, bool); 8] = [
        ("public", None, false),
        ("another resident", Some(&other_resident), false),
        ("the submitter", Some(&resident), true),
        ("the town's admin", Some(&area_admin), true),
        ("the platform admin", Some(&admin), true),
        ("another town's admin", Some(&admin_there), false),
        ("the village's grid worker", Some(&grid_here), true),
        ("another village's grid worker", Some(&grid_there), false),
    ];
    for (who, token, sees) in callers {
        let need = get(&app, &id, token).await;
        assert_eq!(need["contact"].is_object(), sees, "{who}: {need}");
        if !sees {
            assert!(
                !need.to_string().contains("13900001111"),
                "{who} reads the phone"
            );
        }
        let page: Value = json_of(
            app.get(&format!("/api/v1/needs?within={village}&limit=100"), token)
                .await,
            StatusCode::OK,
        )
        .await;
        let row = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["id"] == id)
            .cloned()
            .unwrap();
        assert_eq!(row["contact"].is_object(), sees, "{who} in the list");
        assert!(
            !page.to_string().contains("submitted_by"),
            "no submitter on the wire"
        );
    }
    // The code page is anonymised even for the submitter.
    let code = got["need"]["code"].as_str().unwrap();
    let follow: Value = json_of(
        app.get(&format!("/api/v1/needs/by-code/{code}"), Some(&resident))
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(follow["need"]["contact"].is_null());
    assert!(!follow.to_string().contains("13900001111"));

    // `mine` lists one's own only, and needs a sign-in.
    let mine: Value = json_of(
        app.get("/api/v1/needs?mine=true", Some(&resident)).await,
        StatusCode::OK,
    )
    .await;
    assert!(
        mine["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| n["mine"] == true)
    );
    assert!(
        mine["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["id"] == id)
    );
    let theirs: Value = json_of(
        app.get("/api/v1/needs?mine=true", Some(&other_resident))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(theirs["items"], json!([]));
    problem(
        app.get("/api/v1/needs?mine=true", None).await,
        StatusCode::UNAUTHORIZED,
        "missing_token",
    )
    .await;
}

async fn a_need_is_followed_by_its_code(app: TestApp) {
    let village = app.area_id(VILLAGE).await;
    let resident = app.login(RESIDENT).await;
    let got = submit(&app, &resident, village, "希望村里修一个篮球场", json!({})).await;
    let code = got["need"]["code"].as_str().unwrap().to_owned();
    assert_eq!(code.len(), 8);
    assert!(
        code.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    );
    let area_admin = app.login(JINGANG_ADMIN).await;
    json_of::<Value>(
        app.post(
            &format!("/api/v1/needs/{}/review", got["need"]["id"]),
            Some(&area_admin),
            &json!({"action": "reject", "reason": "村里没有合适的场地", "reviewers": ["张书记", "居民代表王大爷"]}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    // Typed in lower case with spaces, by anyone.
    let follow: Value = json_of(
        app.get(
            &format!("/api/v1/needs/by-code/%20{}%20", code.to_lowercase()),
            None,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(follow["need"]["status"], "rejected");
    assert_eq!(follow["need"]["reject_reason"], "村里没有合适的场地");
    let kinds: Vec<&str> = follow["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["intake", "review"]);
    assert_eq!(follow["steps"][1]["to_status"], "rejected");
    assert_eq!(follow["steps"][1]["note"], "村里没有合适的场地");
    assert!(
        !follow.to_string().contains("张书记"),
        "the reviewers are not public"
    );
    for bad in ["XQ000000", "nothing", "XQ2345678"] {
        problem(
            app.get(&format!("/api/v1/needs/by-code/{bad}"), None).await,
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
    }
}

async fn similar_open_needs_of_the_village_are_proposed(app: TestApp) {
    let village = app.area_id(VILLAGE).await;
    let other = app.area_id(OTHER_VILLAGE).await;
    let resident = app.login(RESIDENT).await;
    let first = submit(
        &app,
        &resident,
        village,
        "3号楼前路灯不亮需要维修",
        json!({"description": "晚上出门不方便"}),
    )
    .await;
    assert!(
        first["similar"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["id"] != first["need"]["id"])
    );
    let elsewhere = submit(&app, &resident, other, "3号楼前路灯不亮需要维修", json!({})).await;
    let unrelated = submit(
        &app,
        &resident,
        village,
        "希望开展防范电信诈骗讲座",
        json!({}),
    )
    .await;

    // Before submitting, the form asks.
    let q = "/api/v1/needs/similar?area_id={v}&title=3号楼前的路灯不亮了&description=需要维修";
    let found: Value = json_of(
        app.get(&q.replace("{v}", &village.to_string()), None).await,
        StatusCode::OK,
    )
    .await;
    let ids: Vec<&Value> = found.as_array().unwrap().iter().map(|s| &s["id"]).collect();
    assert!(ids.contains(&&first["need"]["id"]), "{found}");
    assert!(
        !ids.contains(&&elsewhere["need"]["id"]),
        "another village's need is not proposed"
    );
    assert!(
        !ids.contains(&&unrelated["need"]["id"]),
        "an unrelated need is not proposed"
    );
    let hit = found
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == first["need"]["id"])
        .unwrap();
    assert!(hit["similarity"].as_u64().unwrap() >= 40, "{hit}");
    assert_eq!(hit["code"], first["need"]["code"]);

    // On intake, the same proposal comes back with the new need.
    let second = submit(
        &app,
        &resident,
        village,
        "3号楼前的路灯不亮了",
        json!({"description": "需要维修"}),
    )
    .await;
    let proposed: Vec<&Value> = second["similar"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| &s["id"])
        .collect();
    assert!(proposed.contains(&&first["need"]["id"]));
    assert!(!proposed.contains(&&elsewhere["need"]["id"]));

    // A closed need is no longer proposed.
    json_of::<Value>(
        app.post(
            &format!("/api/v1/needs/{}/withdraw", first["need"]["id"]),
            Some(&resident),
            &json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let found: Value = json_of(
        app.get(&q.replace("{v}", &village.to_string()), None).await,
        StatusCode::OK,
    )
    .await;
    assert!(
        found
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["id"] != first["need"]["id"])
    );
    problem(
        app.get("/api/v1/needs/similar?area_id=1&title=", None)
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
}

async fn categories_are_a_managed_vocabulary(app: TestApp) {
    let all: Value = json_of(
        app.get("/api/v1/need-categories", None).await,
        StatusCode::OK,
    )
    .await;
    let names: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "文艺演出",
            "文体活动",
            "知识讲座",
            "便民服务",
            "急难愁盼",
            "脱贫致富",
            "就学就业",
            "看病就医",
            "住房养老"
        ]
    );
    assert_eq!(all[7]["name_en"], "Medical care");
    let admin = app.login(ADMIN).await;
    let body = json!({"name": "环境整治", "name_en": "Environment", "serves": ["生态环保"]});
    let made: Value = json_of(
        app.post("/api/v1/need-categories", Some(&admin), &body)
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(
        (made["name"].clone(), made["sort_order"].clone()),
        (json!("环境整治"), json!(10))
    );
    problem(
        app.post("/api/v1/need-categories", Some(&admin), &body)
            .await,
        StatusCode::CONFLICT,
        "need_category_taken",
    )
    .await;
    let area_admin = app.login(JINGANG_ADMIN).await;
    problem(
        app.post(
            "/api/v1/need-categories",
            Some(&area_admin),
            &json!({"name": "其他"}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    // A need names a category of the vocabulary.
    let resident = app.login(RESIDENT).await;
    let village = app.area_id(VILLAGE).await;
    let got = submit(
        &app,
        &resident,
        village,
        "河道垃圾多",
        json!({"category_id": made["id"]}),
    )
    .await;
    assert_eq!(got["need"]["category"], "环境整治");
}
