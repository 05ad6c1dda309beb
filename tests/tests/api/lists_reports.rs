//! The needs and resources lists in `/stats` and the XLSX report: figures computed from needs,
//! allocations and activities this test writes itself (by category, channel, state and town,
//! the median hours to a decision and to fulfilment, residents served, allocations by level
//! and topic) — on SQLite and PostgreSQL.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use reqwest::StatusCode;
use serde_json::Value;
use youai_db::json::Json;
use youai_db::lists_demo::{self as db, NewAgency, NewAllocation, NewNeed, NewPeriod, NewResource};
use youai_tests::{TestApp, db_tests, json_of};
use youai_types::{
    AgencyKind, AreaLevel, NeedChannel, NeedStatus, ResourceKind, ResourcePeriod, ResourceStatus,
};

db_tests!(lists_figures_in_stats_and_the_report);

/// A need of `category` in `area`, decided and fulfilled `decided`/`fulfilled` hours after
/// its intake.
#[allow(clippy::too_many_arguments)]
fn need(
    code: &str,
    category_id: i64,
    area_id: i64,
    channel: NeedChannel,
    status: NeedStatus,
    supporters: i32,
    decided: Option<i64>,
    fulfilled: Option<i64>,
) -> NewNeed {
    let at = NaiveDateTime::parse_from_str("2026-11-02 08:00:00", "%Y-%m-%d %H:%M:%S").unwrap();
    NewNeed {
        code: code.to_owned(),
        title: format!("测试需求{code}"),
        description: None,
        category_id,
        area_id,
        people_affected: 10,
        target_group: None,
        channel,
        contact_name: None,
        contact_phone: None,
        submitted_by: None,
        recorded_by: None,
        status,
        merged_into: None,
        supporters,
        urgency_rank: (status == NeedStatus::Accepted).then_some(1),
        reject_reason: (status == NeedStatus::Rejected).then(|| "不在服务范围".to_owned()),
        decided_at: decided.map(|h| at + Duration::hours(h)),
        fulfilled_at: fulfilled.map(|h| at + Duration::hours(h)),
        rating: None,
        rating_comment: None,
        created_at: at,
        updated_at: at,
    }
}

fn resource(title: &str, level: AreaLevel, area_id: i64, topics: &[&str]) -> NewResource {
    let at = NaiveDateTime::parse_from_str("2026-01-01 00:00:00", "%Y-%m-%d %H:%M:%S").unwrap();
    NewResource {
        kind: ResourceKind::Talent,
        title: title.to_owned(),
        description: None,
        provider_agency_id: None,
        provider_team_id: None,
        level,
        area_id,
        topics: Json(topics.iter().map(|t| (*t).to_owned()).collect()),
        target_groups: Json(Vec::new()),
        capacity: 10,
        unit: "场".to_owned(),
        period: ResourcePeriod::Month,
        available_from: None,
        available_until: None,
        status: ResourceStatus::Active,
        created_by: None,
        created_at: at,
        updated_at: at,
    }
}

/// (name, count) pairs of a figure's list, by the field naming each row.
fn counts(v: &Value, field: &str) -> Vec<(String, i64)> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x[field].as_str().unwrap().to_owned(),
                x["count"].as_i64().unwrap(),
            )
        })
        .collect()
}

async fn lists_figures_in_stats_and_the_report(app: TestApp) {
    // Before anything: zeros, no medians.
    let empty: Value = json_of(app.get("/api/v1/stats", None).await, StatusCode::OK).await;
    let l = &empty["lists"];
    assert_eq!(l["needs"], 0, "{l}");
    assert!(l["median_hours_to_decision"].is_null(), "{l}");
    assert!(l["median_hours_to_fulfilment"].is_null(), "{l}");
    assert_eq!(l["allocations_by_level"], serde_json::json!([]));

    let city = app.area_id("张家港市").await;
    let jindu = app.area_id("金都社区").await;
    let daxin = app.area_id("大新社区").await;
    let jingang = app.area_id("金港镇").await;
    // A finished activity that served 45 residents, 40 of them for a need.
    let w = youai_tests::world::world(&app, 10).await;
    let activity = w.activity["id"].as_i64().unwrap();

    let pool = app.pool.clone();
    tokio::task::spawn_blocking(move || {
        use youai_db::schema::{activities as a, need_categories as c};
        let mut conn = pool.get().unwrap();
        let cat = |conn: &mut youai_db::DbConn, name: &str| -> i64 {
            c::table
                .filter(c::name.eq(name))
                .select(c::id)
                .first(conn)
                .unwrap()
        };
        let (talk, medical, service) = (
            cat(&mut conn, "知识讲座"),
            cat(&mut conn, "看病就医"),
            cat(&mut conn, "便民服务"),
        );
        use NeedChannel as C;
        use NeedStatus as S;
        let ids = db::insert_needs(
            &mut conn,
            &[
                need("T0000001", talk, jindu, C::Web, S::Submitted, 2, None, None),
                need(
                    "T0000002",
                    talk,
                    jindu,
                    C::Web,
                    S::Accepted,
                    1,
                    Some(10),
                    None,
                ),
                need(
                    "T0000003",
                    medical,
                    jindu,
                    C::Kiosk,
                    S::Rejected,
                    1,
                    Some(30),
                    None,
                ),
                need(
                    "T0000004",
                    service,
                    daxin,
                    C::CadreVisit,
                    S::Fulfilled,
                    3,
                    Some(20),
                    Some(100),
                ),
            ],
        )
        .unwrap();
        let mut merged = need("T0000005", talk, jindu, C::App, S::Merged, 4, None, None);
        merged.merged_into = Some(ids[0]);
        db::insert_needs(&mut conn, &[merged]).unwrap();
        let agency = db::insert_agencies(
            &mut conn,
            &[NewAgency {
                name: "测试司法所".into(),
                kind: AgencyKind::Government,
                area_id: jingang,
                contact_name: None,
                contact_phone: None,
                description: None,
                created_at: chrono::Utc::now().naive_utc(),
                updated_at: chrono::Utc::now().naive_utc(),
            }],
        )
        .unwrap();
        let mut lawyers = resource(
            "普法讲师团",
            AreaLevel::City,
            city,
            &["政策解读", "法律维权"],
        );
        lawyers.provider_agency_id = agency.first().copied();
        let res = db::insert_resources(
            &mut conn,
            &[
                lawyers,
                resource("金都社区活动室", AreaLevel::Village, jindu, &["健康"]),
            ],
        )
        .unwrap();
        let month = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        let alloc = |resource_id: i64, area_id: i64, quantity: i32| NewAllocation {
            resource_id,
            area_id,
            quantity,
            period_start: month,
            need_id: None,
            note: None,
            allocated_by: None,
            created_at: chrono::Utc::now().naive_utc(),
        };
        db::insert_allocations(
            &mut conn,
            &[
                alloc(res[0], jingang, 3),
                alloc(res[0], jindu, 2),
                alloc(res[1], jindu, 4),
            ],
        )
        .unwrap();
        db::insert_periods(
            &mut conn,
            &[
                NewPeriod {
                    resource_id: res[0],
                    period_start: month,
                    allocated: 5,
                },
                NewPeriod {
                    resource_id: res[1],
                    period_start: month,
                    allocated: 4,
                },
            ],
        )
        .unwrap();
        diesel::update(a::table.find(activity))
            .set((
                a::status.eq(youai_types::ActivityStatus::Finished),
                a::residents_served.eq(45),
                a::need_id.eq(ids[3]),
            ))
            .execute(&mut *conn)
            .unwrap();
    })
    .await
    .unwrap();

    let stats: Value = json_of(app.get("/api/v1/stats", None).await, StatusCode::OK).await;
    let l = &stats["lists"];
    assert_eq!(l["needs"], 5, "{l}");
    // The merged need's 4 supporters count in the need it joined (2 + 1 + 1 + 3).
    assert_eq!(l["supporters"], 7, "{l}");
    assert_eq!(
        counts(&l["needs_by_category"], "category"),
        [
            ("知识讲座".into(), 3),
            ("便民服务".into(), 1),
            ("看病就医".into(), 1)
        ],
        "in the vocabulary's order: {l}"
    );
    let mut channels = counts(&l["needs_by_channel"], "channel");
    channels.sort();
    assert_eq!(
        channels,
        [
            ("app".into(), 1),
            ("cadre_visit".into(), 1),
            ("kiosk".into(), 1),
            ("web".into(), 2)
        ]
    );
    let mut states = counts(&l["needs_by_status"], "status");
    states.sort();
    assert_eq!(
        states,
        [
            ("accepted".into(), 1),
            ("fulfilled".into(), 1),
            ("merged".into(), 1),
            ("rejected".into(), 1),
            ("submitted".into(), 1)
        ]
    );
    assert_eq!(
        counts(&l["needs_by_town"], "town"),
        [("金港镇".into(), 4), ("大新镇".into(), 1)],
        "{l}"
    );
    assert_eq!(l["needs_by_town"][0]["town_id"], jingang);
    // Decisions after 10, 20 and 30 hours; one fulfilment after 100.
    assert_eq!(l["median_hours_to_decision"], 20.0, "{l}");
    assert_eq!(l["median_hours_to_fulfilment"], 100.0, "{l}");
    assert_eq!(l["residents_served"], 45, "{l}");
    assert_eq!(l["residents_served_for_needs"], 45, "{l}");
    assert_eq!(
        l["allocations_by_level"],
        serde_json::json!([
            {"level": "city", "allocations": 2, "quantity": 5},
            {"level": "village", "allocations": 1, "quantity": 4}
        ])
    );
    assert_eq!(
        l["allocations_by_topic"],
        serde_json::json!([
            {"topic": "政策解读", "allocations": 2, "quantity": 5},
            {"topic": "法律维权", "allocations": 2, "quantity": 5},
            {"topic": "健康", "allocations": 1, "quantity": 4}
        ])
    );

    // The workbook has the lists' sheets with the same figures.
    let res = app.get("/api/v1/stats/report?months=3", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let bytes = res.bytes().await.unwrap();
    let mut book = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut read = |name: &str| {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut book.by_name(name).unwrap(), &mut text).unwrap();
        text
    };
    let workbook = read("xl/workbook.xml");
    for sheet in [
        "需求清单概况",
        "需求类别",
        "需求渠道",
        "需求状态",
        "各镇需求",
        "资源下沉层级",
        "资源下沉主题",
    ] {
        assert!(workbook.contains(sheet), "no sheet {sheet}: {workbook}");
    }
    let strings = read("xl/sharedStrings.xml");
    for text in [
        "受理决定用时中位数（小时）",
        "网站",
        "已合并",
        "村（社区）级",
        "法律维权",
    ] {
        assert!(strings.contains(text), "no {text}: {strings}");
    }
    // The summary (the sixth sheet, after the five of before): needs, supporters, the two
    // medians, residents served and those for needs.
    let summary = read("xl/worksheets/sheet6.xml");
    let numbers: Vec<&str> = summary
        .split("<c ")
        .filter(|c| !c.contains("t=\"s\""))
        .filter_map(|c| c.split("<v>").nth(1)?.split("</v>").next())
        .collect();
    assert_eq!(numbers, ["5", "7", "20", "100", "45", "45"], "{summary}");
}
