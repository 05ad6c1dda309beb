//! The authorization table (`youai_api::gates::GATES`) against the running server: every
//! operation in the spec has exactly one row, and every operation is called as every kind of
//! caller — nobody, a resident, a volunteer, a team leader, an area admin, an agency operator,
//! a kiosk and a platform admin — with the answers checked against the row: refused callers
//! get 401 (not signed in) or 403, admitted ones get neither unless the row says the handler
//! checks scope. Scope itself (inside/outside an area or team) is walked in permissions.rs.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use youai_api::gates::{GATES, Gate, Scope, admits, gate_of};
use youai_tests::world::world;
use youai_tests::{ADMIN, Backend, JINGANG_ADMIN, RESIDENT, TestApp};
use youai_types::Role;

#[test]
fn every_operation_has_exactly_one_row() {
    let spec: Value = serde_json::from_str(&youai_api::openapi_json()).unwrap();
    let mut ops = Vec::new();
    for (_, item) in spec["paths"].as_object().unwrap() {
        for (_, op) in item.as_object().unwrap() {
            if let Some(id) = op["operationId"].as_str() {
                ops.push(id.to_owned());
            }
        }
    }
    for id in &ops {
        assert!(gate_of(id).is_some(), "operation {id} has no row in GATES");
    }
    for (id, ..) in GATES {
        assert!(
            ops.iter().any(|o| o == id),
            "GATES names {id}, which the spec does not have"
        );
    }
    assert_eq!(ops.len(), GATES.len());
}

struct Caller {
    name: &'static str,
    token: Option<String>,
    roles: Vec<Role>,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_answers_every_caller_as_the_table_says() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let admin = app.login(ADMIN).await;
    let w = world(&app, 5).await;
    let (_, volunteer) = app
        .volunteer("13100000091", "门禁甲", "金都社区", json!({}))
        .await;
    let grant = |body: Value| {
        let (app, admin) = (&app, admin.clone());
        async move {
            let res = app.post("/api/v1/role-grants", Some(&admin), &body).await;
            assert_eq!(res.status(), StatusCode::CREATED);
        }
    };
    let (kiosk_id, kiosk) = app.new_user("13100000092", "一体机").await;
    grant(json!({"user_id": kiosk_id, "role": "kiosk", "venue_id": w.venue["id"]})).await;
    // An agency operator's grant names a registered agency.
    let city = app.area_id("张家港市").await;
    let registered = app
        .post(
            "/api/v1/agencies",
            Some(&admin),
            &json!({"name": "门禁测试单位", "kind": "government", "area_id": city}),
        )
        .await;
    assert_eq!(registered.status(), StatusCode::CREATED);
    let registered: Value = registered.json().await.unwrap();
    let (agency_id, agency) = app.new_user("13100000093", "机关单位").await;
    grant(json!({"user_id": agency_id, "role": "agency_operator", "agency_id": registered["id"]}))
        .await;
    let callers = [
        Caller {
            name: "nobody",
            token: None,
            roles: vec![],
        },
        Caller {
            name: "resident",
            token: Some(app.login(RESIDENT).await),
            roles: vec![Role::Resident],
        },
        Caller {
            name: "volunteer",
            token: Some(volunteer),
            roles: vec![Role::Resident],
        },
        Caller {
            name: "team leader",
            token: Some(w.leader.clone()),
            roles: vec![Role::TeamLeader],
        },
        Caller {
            name: "area admin",
            token: Some(app.login(JINGANG_ADMIN).await),
            roles: vec![Role::AreaAdmin],
        },
        Caller {
            name: "agency operator",
            token: Some(agency),
            roles: vec![Role::AgencyOperator],
        },
        Caller {
            name: "kiosk",
            token: Some(kiosk),
            roles: vec![Role::Kiosk],
        },
        Caller {
            name: "platform admin",
            token: Some(admin.clone()),
            roles: vec![Role::PlatformAdmin],
        },
    ];

    let spec: Value = serde_json::from_str(&youai_api::openapi_json()).unwrap();
    let mut cells = 0;
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let Some(id) = op["operationId"].as_str() else {
                continue;
            };
            // Skip what would end the callers' own sessions or grants mid-walk.
            if matches!(id, "logout" | "delete_role_grant") {
                continue;
            }
            let (gate, scope) = gate_of(id).unwrap();
            // Placeholder ids that name nothing.
            let url = path
                .replace("{code}", "2222-3333-4444")
                .replace("{member_id}", "999999")
                .replace("{sign_up_id}", "999999")
                .replace("{id}", "999999");
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            // The spec's own example body, so handlers get past validation to their checks
            // (not for grants: an example grant could change a caller's roles mid-walk).
            let body = if id == "create_role_grant" {
                json!({})
            } else {
                example_body(&spec, op).unwrap_or_else(|| json!({}))
            };
            for c in &callers {
                let mut req = app.request(method.clone(), &url, c.token.as_deref());
                if method != Method::GET {
                    req = req.json(&body);
                }
                let status = req.send().await.unwrap().status();
                let signed_in = c.token.is_some();
                let admitted = admits(gate, signed_in.then_some(c.roles.as_slice()));
                cells += 1;
                if !admitted {
                    let want = if signed_in {
                        StatusCode::FORBIDDEN
                    } else {
                        StatusCode::UNAUTHORIZED
                    };
                    assert_eq!(status, want, "{id} as {}: the table refuses", c.name);
                } else {
                    // (A public operation may still say 401 for its own reasons: a wrong password.)
                    if gate != Gate::Public {
                        assert_ne!(status, StatusCode::UNAUTHORIZED, "{id} as {}", c.name);
                    }
                    if scope == Scope::None && gate != Gate::Public {
                        assert_ne!(
                            status,
                            StatusCode::FORBIDDEN,
                            "{id} as {}: the table admits",
                            c.name
                        );
                    }
                    assert!(status.as_u16() < 500, "{id} as {}: {status}", c.name);
                }
            }
        }
    }
    eprintln!(
        "authorization matrix: {cells} cells ({} operations × {} callers)",
        cells / callers.len(),
        callers.len()
    );
    assert!(cells >= 80 * callers.len());
}

/// The example of an operation's JSON request body, from the media type or its schema.
fn example_body(spec: &Value, op: &Value) -> Option<Value> {
    let media = &op["requestBody"]["content"]["application/json"];
    if !media["example"].is_null() {
        return Some(media["example"].clone());
    }
    let schema = &media["schema"];
    let schema = match schema["$ref"].as_str() {
        Some(r) => spec.pointer(r.trim_start_matches('#'))?,
        None => schema,
    };
    (!schema["example"].is_null()).then(|| schema["example"].clone())
}
