//! Agencies (机关企事业单位), the resources list (社会资源清单) and allocations (下沉): who may
//! register and publish what, in whose name; allocations never beyond a period's capacity,
//! also under real parallel requests — on SQLite and PostgreSQL.
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
    agencies_and_their_operators,
    resource_permissions_by_role_and_scope,
);

pub async fn agency(app: &TestApp, token: &str, body: Value) -> Value {
    json_of(
        app.post("/api/v1/agencies", Some(token), &body).await,
        StatusCode::CREATED,
    )
    .await
}

/// A new account holding agency_operator for `agency_id`; returns its token.
async fn operator(app: &TestApp, admin: &str, phone: &str, agency_id: &Value) -> String {
    let (uid, _) = app.new_user(phone, "单位操作员").await;
    let res = app
        .post(
            "/api/v1/role-grants",
            Some(admin),
            &json!({"user_id": uid, "role": "agency_operator", "agency_id": agency_id}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    app.login((phone, "password-123")).await
}

pub fn resource_body(agency_id: &Value, area: i64, capacity: i32) -> Value {
    json!({"kind": "talent", "title": "法律顾问进村居", "provider_agency_id": agency_id,
        "level": "city", "area_id": area, "topics": ["法律维权", "政策解读"],
        "target_groups": ["农村群众"], "capacity": capacity, "unit": "场", "period": "month"})
}

async fn agencies_and_their_operators(app: TestApp) {
    let admin = app.login(ADMIN).await;
    let jingang_admin = app.login(JINGANG_ADMIN).await;
    let city = app.area_id("张家港市").await;
    let jingang = app.area_id("金港镇").await;
    let tangqiao = app.area_id("塘桥镇").await;

    // Registering: by admins of the agency's area, names unique, contacts checked.
    let justice = agency(
        &app,
        &admin,
        json!({"name": "测试市司法局", "kind": "government", "area_id": city,
            "contact_name": "王科长", "contact_phone": "13800005555"}),
    )
    .await;
    assert_eq!(
        (justice["kind"].clone(), justice["contact_phone"].clone()),
        (json!("government"), json!("13800005555"))
    );
    let port = agency(
        &app,
        &jingang_admin,
        json!({"name": "测试金港港务公司", "kind": "enterprise", "area_id": jingang}),
    )
    .await;
    problem(
        app.post(
            "/api/v1/agencies",
            Some(&jingang_admin),
            &json!({"name": "测试塘桥医院", "kind": "institution", "area_id": tangqiao}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let taken = problem(
        app.post(
            "/api/v1/agencies",
            Some(&admin),
            &json!({"name": " 测试市司法局 ", "kind": "government", "area_id": city}),
        )
        .await,
        StatusCode::CONFLICT,
        "agency_name_taken",
    )
    .await;
    assert_eq!(taken["errors"][0]["field"], "name");
    let bad = problem(
        app.post(
            "/api/v1/agencies",
            Some(&admin),
            &json!({"name": "测", "kind": "government", "area_id": 999999, "contact_phone": "12345"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let fields: Vec<(Value, Value)> = bad["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["field"].clone(), e["code"].clone()))
        .collect();
    for want in [
        ("name", "too_short"),
        ("contact_phone", "invalid_phone"),
        ("area_id", "not_found"),
    ] {
        assert!(
            fields.contains(&(json!(want.0), json!(want.1))),
            "{want:?} in {bad}"
        );
    }

    // Reading is public, with filters; editing keeps names unique.
    let list: Value = json_of(
        app.get(
            &format!("/api/v1/agencies?within={jingang}&kind=enterprise"),
            None,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let ids: Vec<&Value> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| &a["id"])
        .collect();
    assert_eq!(ids, vec![&port["id"]]);
    let one: Value = json_of(
        app.get(&format!("/api/v1/agencies/{}", justice["id"]), None)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        one["contact_name"], "王科长",
        "an agency's contact is public"
    );
    let renamed: Value = json_of(
        app.patch(
            &format!("/api/v1/agencies/{}", port["id"]),
            Some(&jingang_admin),
            &json!({"contact_name": "李经理", "contact_phone": "13800006666"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(renamed["contact_name"], "李经理");
    problem(
        app.patch(
            &format!("/api/v1/agencies/{}", port["id"]),
            Some(&jingang_admin),
            &json!({"name": "测试市司法局"}),
        )
        .await,
        StatusCode::CONFLICT,
        "agency_name_taken",
    )
    .await;
    problem(
        app.patch(
            &format!("/api/v1/agencies/{}", justice["id"]),
            Some(&jingang_admin),
            &json!({"description": "不归金港镇管"}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;

    // Operators are granted per registered agency, by admins of the agency's area.
    let (uid, _) = app.new_user("13500000071", "无名单位").await;
    let missing = problem(
        app.post(
            "/api/v1/role-grants",
            Some(&admin),
            &json!({"user_id": uid, "role": "agency_operator", "agency_id": 999999}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(missing["errors"][0]["field"], "agency_id");
    problem(
        app.post(
            "/api/v1/role-grants",
            Some(&jingang_admin),
            &json!({"user_id": uid, "role": "agency_operator", "agency_id": justice["id"]}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let port_op = operator(&app, &jingang_admin, "13500000072", &port["id"]).await;
    let justice_op = operator(&app, &admin, "13500000073", &justice["id"]).await;

    // An operator drafts and submits a project in the agency's name; not in another's.
    let project: Value = json_of(
        app.post(
            "/api/v1/projects",
            Some(&justice_op),
            &json!({"title": "普法进村居", "category": "法律服务", "level": "city",
                "area_id": city, "owner_agency_id": justice["id"]}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(
        (
            project["owner_agency"].clone(),
            project["owner_agency_id"].clone()
        ),
        (json!("测试市司法局"), justice["id"].clone())
    );
    let submitted: Value = json_of(
        app.post(
            &format!("/api/v1/projects/{}/reviews", project["id"]),
            Some(&justice_op),
            &json!({"action": "submit"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(submitted["status"], "in_review");
    problem(
        app.post(
            &format!("/api/v1/projects/{}/reviews", project["id"]),
            Some(&justice_op),
            &json!({"action": "approve", "batch_id": 1}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let drafts: Value = json_of(
        app.get(
            &format!(
                "/api/v1/projects?status=in_review&owner_agency_id={}",
                justice["id"]
            ),
            Some(&justice_op),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(drafts["items"][0]["id"], project["id"]);
    problem(
        app.post(
            "/api/v1/projects",
            Some(&port_op),
            &json!({"title": "冒名项目", "category": "法律服务", "level": "city",
                "area_id": city, "owner_agency_id": justice["id"]}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;

    // And a resource in its agency's name; not another's; its level must be its area's.
    let r: Value = json_of(
        app.post(
            "/api/v1/resources",
            Some(&justice_op),
            &resource_body(&justice["id"], city, 8),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(
        (
            r["provider_name"].clone(),
            r["remaining"].clone(),
            r["status"].clone()
        ),
        (json!("测试市司法局"), json!(8), json!("active"))
    );
    problem(
        app.post(
            "/api/v1/resources",
            Some(&port_op),
            &resource_body(&justice["id"], city, 8),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let mut mismatch = resource_body(&port["id"], jingang, 3);
    mismatch["level"] = json!("city");
    let e = problem(
        app.post("/api/v1/resources", Some(&port_op), &mismatch)
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(
        (
            e["errors"][0]["field"].clone(),
            e["errors"][0]["code"].clone()
        ),
        (json!("level"), json!("level_mismatch"))
    );
    let mut both = resource_body(&port["id"], city, 3);
    both["provider_team_id"] = json!(1);
    both["topics"] = json!(["算命"]);
    both["capacity"] = json!(0);
    let e = problem(
        app.post("/api/v1/resources", Some(&admin), &both).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let codes: Vec<&str> = e["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    for want in ["unknown_topic", "out_of_range", "one_provider"] {
        assert!(codes.contains(&want), "{want} in {e}");
    }

    // Lists filter by provider and topic; the agency's projects are listed by its id.
    let listed: Value = json_of(
        app.get(
            &format!(
                "/api/v1/resources?provider_agency_id={}&topic=法律维权",
                justice["id"]
            ),
            None,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);
    let none: Value = json_of(
        app.get(
            &format!(
                "/api/v1/resources?provider_agency_id={}&topic=食品安全",
                justice["id"]
            ),
            None,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(none["items"], json!([]));
    let vocab: Value = json_of(app.get("/api/v1/vocabularies", None).await, StatusCode::OK).await;
    assert!(
        vocab["resource_topics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["name"] == "防范诈骗" && t["name_en"] == "Fraud prevention")
    );
}

/// Who may publish, change and allocate a resource, inside and outside their scope.
async fn resource_permissions_by_role_and_scope(app: TestApp) {
    let admin = app.login(ADMIN).await;
    let jingang_admin = app.login(JINGANG_ADMIN).await;
    let resident = app.login(RESIDENT).await;
    let jingang = app.area_id("金港镇").await;
    let tangqiao = app.area_id("塘桥镇").await;
    let jindu = app.area_id("金都社区").await;
    let mk = |name: &str, area: i64| json!({"name": name, "kind": "enterprise", "area_id": area});
    let inside = agency(&app, &admin, mk("测试金港企业", jingang)).await;
    let outside = agency(&app, &admin, mk("测试塘桥企业", tangqiao)).await;
    let op = operator(&app, &admin, "13500000081", &inside["id"]).await;
    let town = |agency: &Value, area: i64| {
        let mut b = resource_body(&agency["id"], area, 3);
        b["level"] = json!("town");
        b
    };
    // (caller, body, expected status)
    let cases: Vec<(&str, &str, Value, StatusCode)> = vec![
        (
            "platform admin",
            &admin,
            town(&outside, tangqiao),
            StatusCode::CREATED,
        ),
        (
            "area admin inside",
            &jingang_admin,
            town(&inside, jingang),
            StatusCode::CREATED,
        ),
        (
            "area admin outside",
            &jingang_admin,
            town(&outside, tangqiao),
            StatusCode::FORBIDDEN,
        ),
        (
            "operator, own agency",
            &op,
            town(&inside, jingang),
            StatusCode::CREATED,
        ),
        (
            "operator, own agency elsewhere",
            &op,
            town(&inside, tangqiao),
            StatusCode::CREATED,
        ),
        (
            "operator, other agency",
            &op,
            town(&outside, tangqiao),
            StatusCode::FORBIDDEN,
        ),
        (
            "resident",
            &resident,
            town(&inside, jingang),
            StatusCode::FORBIDDEN,
        ),
    ];
    let mut made = Vec::new();
    for (who, token, body, want) in cases {
        let res = app.post("/api/v1/resources", Some(token), &body).await;
        assert_eq!(res.status(), want, "{who}");
        if want == StatusCode::CREATED {
            let r: Value = res.json().await.unwrap();
            made.push(r);
        }
    }
    let (mine, theirs) = (&made[2], &made[0]);
    assert_eq!(mine["provider_agency_id"], inside["id"]);
    assert_eq!(theirs["provider_agency_id"], outside["id"]);
    // Allocating and changing follow the same rule; nobody signed in is 401.
    let alloc = |r: &Value| format!("/api/v1/resources/{}/allocations", r["id"]);
    let body = json!({"area_id": jindu, "quantity": 1});
    assert_eq!(
        app.post(&alloc(&made[1]), Some(&op), &body).await.status(),
        StatusCode::CREATED
    );
    assert_eq!(
        app.post(&alloc(theirs), Some(&op), &body).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.post(&alloc(theirs), Some(&jingang_admin), &body)
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.post(&alloc(theirs), None, &body).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.patch(
            &format!("/api/v1/resources/{}", theirs["id"]),
            Some(&op),
            &json!({"status": "withdrawn"})
        )
        .await
        .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.patch(
            &format!("/api/v1/resources/{}", mine["id"]),
            Some(&op),
            &json!({"status": "withdrawn"})
        )
        .await
        .status(),
        StatusCode::OK
    );
    // Operators do not register agencies (the gate: admins only).
    assert_eq!(
        app.post("/api/v1/agencies", Some(&op), &mk("测试自封单位", jingang))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
}
