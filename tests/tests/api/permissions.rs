//! The permission matrix of the corps: role × action × inside/outside scope, as one table that
//! is checked against the real server. "Allowed" means authorization passed (the answer may
//! still be a 2xx or a state conflict); "denied" is 403 (or, for imports, a per-row
//! `out_of_scope`); anonymous callers get 401.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use youai_tests::{ADMIN, JINGANG_ADMIN, RESIDENT, TestApp, db_tests, json_of};

db_tests!(corps_permission_matrix);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    PlatformAdmin,
    JingangAdmin,
    Leader,
    Volunteer,
    Resident,
    Anonymous,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Act {
    CreateOfficialTeam,
    DecideRegistration,
    EditTeam,
    ListMembers,
    PostRecruitment,
    ImportVolunteers,
    ViewVolunteer,
    CreateSkill,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Want {
    Allowed,
    Denied,
    Unauthenticated,
}

use Act::*;
use Want::*;
use Who::*;

/// (who, action, expected inside scope, expected outside scope)
const MATRIX: &[(Who, Act, Want, Want)] = &[
    (PlatformAdmin, CreateOfficialTeam, Allowed, Allowed),
    (PlatformAdmin, DecideRegistration, Allowed, Allowed),
    (PlatformAdmin, EditTeam, Allowed, Allowed),
    (PlatformAdmin, ListMembers, Allowed, Allowed),
    (PlatformAdmin, PostRecruitment, Allowed, Allowed),
    (PlatformAdmin, ImportVolunteers, Allowed, Allowed),
    (PlatformAdmin, ViewVolunteer, Allowed, Allowed),
    (PlatformAdmin, CreateSkill, Allowed, Allowed),
    (JingangAdmin, CreateOfficialTeam, Allowed, Denied),
    (JingangAdmin, DecideRegistration, Allowed, Denied),
    (JingangAdmin, EditTeam, Allowed, Denied),
    (JingangAdmin, ListMembers, Allowed, Denied),
    (JingangAdmin, PostRecruitment, Allowed, Denied),
    (JingangAdmin, ImportVolunteers, Allowed, Denied),
    (JingangAdmin, ViewVolunteer, Allowed, Denied),
    (JingangAdmin, CreateSkill, Denied, Denied),
    (Leader, CreateOfficialTeam, Denied, Denied),
    (Leader, DecideRegistration, Denied, Denied),
    (Leader, EditTeam, Allowed, Denied),
    (Leader, ListMembers, Allowed, Denied),
    (Leader, PostRecruitment, Allowed, Denied),
    (Leader, ImportVolunteers, Denied, Denied),
    (Leader, ViewVolunteer, Allowed, Denied),
    (Leader, CreateSkill, Denied, Denied),
    (Volunteer, CreateOfficialTeam, Denied, Denied),
    (Volunteer, DecideRegistration, Denied, Denied),
    (Volunteer, EditTeam, Denied, Denied),
    (Volunteer, ListMembers, Denied, Denied),
    (Volunteer, PostRecruitment, Denied, Denied),
    (Volunteer, ImportVolunteers, Denied, Denied),
    (Volunteer, ViewVolunteer, Denied, Denied),
    (Volunteer, CreateSkill, Denied, Denied),
    (Resident, CreateOfficialTeam, Denied, Denied),
    (Resident, DecideRegistration, Denied, Denied),
    (Resident, EditTeam, Denied, Denied),
    (Resident, ListMembers, Denied, Denied),
    (Resident, PostRecruitment, Denied, Denied),
    (Resident, ImportVolunteers, Denied, Denied),
    (Resident, ViewVolunteer, Denied, Denied),
    (Resident, CreateSkill, Denied, Denied),
    (
        Anonymous,
        CreateOfficialTeam,
        Unauthenticated,
        Unauthenticated,
    ),
    (
        Anonymous,
        DecideRegistration,
        Unauthenticated,
        Unauthenticated,
    ),
    (Anonymous, EditTeam, Unauthenticated, Unauthenticated),
    (Anonymous, ListMembers, Unauthenticated, Unauthenticated),
    (Anonymous, PostRecruitment, Unauthenticated, Unauthenticated),
    (
        Anonymous,
        ImportVolunteers,
        Unauthenticated,
        Unauthenticated,
    ),
    (Anonymous, ViewVolunteer, Unauthenticated, Unauthenticated),
    (Anonymous, CreateSkill, Unauthenticated, Unauthenticated),
];

/// Teams and people: an approved social team in 金港镇 led by `Leader`, with a member; and a
/// team in 塘桥镇 with a member of its own.
struct World {
    tokens: Vec<(Who, Option<String>)>,
    detachment: [Value; 2],
    team: [Value; 2],
    member: [Value; 2],
    area: [i64; 2],
}

async fn world(app: &TestApp) -> World {
    let admin = app.login(ADMIN).await;
    let city = app.area_id("张家港市").await;
    let (jingang, tangqiao) = (app.area_id("金港镇").await, app.area_id("塘桥镇").await);
    let corps = app
        .team(
            &admin,
            json!({"kind": "city_corps", "name": "总队", "area_id": city}),
        )
        .await;
    let mut detachment = Vec::new();
    let mut team = Vec::new();
    let mut member = Vec::new();
    let (_, leader) = app
        .volunteer("13400000001", "队长甲", "金都社区", json!({}))
        .await;
    let (_, volunteer) = app
        .volunteer("13400000002", "队员乙", "金都社区", json!({}))
        .await;
    for (i, (area, village)) in [(jingang, "长江村"), (tangqiao, "韩山村")]
        .into_iter()
        .enumerate()
    {
        let d = app.team(&admin, json!({"kind": "town_detachment", "name": format!("支队{i}"), "area_id": area, "parent_id": corps["id"]})).await;
        // The first social team is registered by the leader (who leads it), the second by an admin.
        let registrant = if i == 0 { &leader } else { &admin };
        let t = app
            .team(
                registrant,
                json!({"kind": "social_team", "name": format!("社会团队{i}"), "area_id": area}),
            )
            .await;
        if t["status"] == "pending" {
            let res = app
                .post(
                    &format!("/api/v1/teams/{}/decisions", t["id"]),
                    Some(&admin),
                    &json!({"decision": "approve"}),
                )
                .await;
            assert_eq!(res.status(), StatusCode::OK);
        }
        let (m, m_token) = app
            .volunteer(
                &format!("1340000001{i}"),
                &format!("成员{i}"),
                village,
                json!({}),
            )
            .await;
        let joined: Value = json_of(
            app.post(
                &format!("/api/v1/teams/{}/members", t["id"]),
                Some(&m_token),
                &json!({}),
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
        let res = app
            .post(
                &format!("/api/v1/teams/{}/members/{}/status", t["id"], joined["id"]),
                Some(&admin),
                &json!({"status": "active"}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        detachment.push(d);
        team.push(t);
        member.push(m);
    }
    let tokens = vec![
        (PlatformAdmin, Some(admin)),
        (JingangAdmin, Some(app.login(JINGANG_ADMIN).await)),
        (Leader, Some(leader)),
        (Volunteer, Some(volunteer)),
        (Resident, Some(app.login(RESIDENT).await)),
        (Anonymous, None),
    ];
    let [d0, d1] = <[Value; 2]>::try_from(detachment).unwrap();
    let [t0, t1] = <[Value; 2]>::try_from(team).unwrap();
    let [m0, m1] = <[Value; 2]>::try_from(member).unwrap();
    World {
        tokens,
        detachment: [d0, d1],
        team: [t0, t1],
        member: [m0, m1],
        area: [jingang, tangqiao],
    }
}

async fn attempt(
    app: &TestApp,
    w: &World,
    token: Option<&str>,
    act: Act,
    side: usize,
    n: usize,
) -> (StatusCode, Value) {
    let team = &w.team[side];
    let deadline = (chrono::Utc::now() + chrono::Duration::days(3)).to_rfc3339();
    let (method, path, body): (Method, String, Option<Value>) = match act {
        CreateOfficialTeam => (
            Method::POST,
            "/api/v1/teams".into(),
            Some(
                json!({"kind": "point_team", "name": format!("实践点服务队{side}-{n}"), "area_id": w.area[side], "parent_id": w.detachment[side]["id"]}),
            ),
        ),
        DecideRegistration => {
            // Alternate suspend and reinstate so every allowed attempt is a real transition.
            let decision = if n.is_multiple_of(2) {
                json!({"decision": "suspend", "reason": "检查"})
            } else {
                json!({"decision": "reinstate"})
            };
            (
                Method::POST,
                format!("/api/v1/teams/{}/decisions", w.detachment[side]["id"]),
                Some(decision),
            )
        }
        EditTeam => (
            Method::PATCH,
            format!("/api/v1/teams/{}", team["id"]),
            Some(json!({"description": format!("第{n}次修改")})),
        ),
        ListMembers => (
            Method::GET,
            format!("/api/v1/teams/{}/members", team["id"]),
            None,
        ),
        PostRecruitment => (
            Method::POST,
            "/api/v1/recruitments".into(),
            Some(
                json!({"team_id": team["id"], "title": "招募志愿者", "quota": 5, "deadline": deadline}),
            ),
        ),
        ImportVolunteers => {
            let village = if side == 0 {
                "金都社区"
            } else {
                "韩山村"
            };
            let csv = format!(
                "姓名,手机号,性别,出生日期,所属区域\n导入{n},133{side}{n:07},男,1980-01-01,{village}\n"
            );
            let mut rb = app
                .client
                .post(app.url("/api/v1/imports/volunteers"))
                .header("content-type", "text/csv")
                .body(csv);
            if let Some(t) = token {
                rb = rb.bearer_auth(t);
            }
            let res = rb.send().await.unwrap();
            let status = res.status();
            return (status, res.json().await.unwrap_or(Value::Null));
        }
        ViewVolunteer => (
            Method::GET,
            format!("/api/v1/volunteers/{}", w.member[side]["id"]),
            None,
        ),
        CreateSkill => (
            Method::POST,
            "/api/v1/skills".into(),
            Some(json!({"code": format!("skill_{side}_{n}"), "name": format!("技能{side}-{n}")})),
        ),
    };
    let mut rb = app.request(method, &path, token);
    if let Some(b) = body {
        rb = rb.json(&b);
    }
    let res = rb.send().await.unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

fn classify(status: StatusCode, body: &Value) -> Want {
    match status {
        StatusCode::UNAUTHORIZED => Unauthenticated,
        StatusCode::FORBIDDEN => Denied,
        StatusCode::UNPROCESSABLE_ENTITY
            if body["row_errors"]
                .as_array()
                .is_some_and(|e| e.iter().any(|e| e["code"] == "out_of_scope")) =>
        {
            Denied
        }
        _ => Allowed,
    }
}

async fn corps_permission_matrix(app: TestApp) {
    let w = world(&app).await;
    let mut failures = Vec::new();
    let mut checked = 0;
    for (n, (who, act, inside, outside)) in MATRIX.iter().enumerate() {
        let token = w
            .tokens
            .iter()
            .find(|(t, _)| t == who)
            .and_then(|(_, t)| t.clone());
        for (side, want) in [(0, inside), (1, outside)] {
            let (status, body) = attempt(&app, &w, token.as_deref(), *act, side, n).await;
            assert!(
                !status.is_server_error(),
                "{who:?} {act:?} side {side}: {status} {body}"
            );
            let got = classify(status, &body);
            checked += 1;
            if got != *want {
                failures.push(format!(
                    "{who:?} {act:?} {}: wanted {want:?}, got {status} {}",
                    if side == 0 { "inside" } else { "outside" },
                    body["code"]
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} cells differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(checked, MATRIX.len() * 2);
    // Every role meets every action.
    for who in [
        PlatformAdmin,
        JingangAdmin,
        Leader,
        Volunteer,
        Resident,
        Anonymous,
    ] {
        for act in [
            CreateOfficialTeam,
            DecideRegistration,
            EditTeam,
            ListMembers,
            PostRecruitment,
            ImportVolunteers,
            ViewVolunteer,
            CreateSkill,
        ] {
            assert!(
                MATRIX.iter().any(|(w, a, _, _)| *w == who && *a == act),
                "no row for {who:?} {act:?}"
            );
        }
    }
}
