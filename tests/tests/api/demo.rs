//! The demo city at the briefing's scale: 1,084 teams, thousands of volunteers, 7,406 past
//! activities, the same data every time; and, loaded as of today, a living calendar with the
//! demo logins' own histories.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use diesel::prelude::*;
use reqwest::StatusCode;
use serde_json::Value;
use youai_tests::{ADMIN, Backend, TEST_DATA_KEY, TestApp, db_tests, json_of};

db_tests!(demo_corps_at_scale, demo_lives_as_of_today);

/// Loads the corps into the test app's database.
async fn load(app: &TestApp) {
    let pool = app.pool.clone();
    tokio::task::spawn_blocking(move || {
        let key = youai_api::crypto::DataKey::from_hex(TEST_DATA_KEY).unwrap();
        let mut conn = pool.get().unwrap();
        youai_demo::corps::load_corps(&mut conn, &key, youai_tests::demo_as_of()).unwrap();
        youai_demo::activities::load_activities(&mut conn, youai_tests::demo_as_of()).unwrap();
        youai_demo::rewards::load_rewards(&mut conn, youai_tests::demo_as_of()).unwrap();
        youai_demo::lists::load_lists(&mut conn, youai_tests::demo_as_of()).unwrap();
        let started = std::time::Instant::now();
        let o = youai_demo::orders::load_orders(&mut conn, youai_tests::demo_as_of()).unwrap();
        if o.orders > 0 {
            eprintln!("loaded the demo orders in {:?}: {o:?}", started.elapsed());
        }
    })
    .await
    .unwrap();
}

/// Every team's name and parent's name, and every volunteer's name, phone and area, in id order.
async fn fingerprint(
    app: &TestApp,
) -> (
    Vec<(String, String, Option<i64>)>,
    Vec<(String, String, i64, String)>,
) {
    let pool = app.pool.clone();
    tokio::task::spawn_blocking(move || {
        let mut c = pool.get().unwrap();
        use youai_db::schema::{teams, volunteers};
        let t = teams::table
            .order(teams::id)
            .select((teams::name, teams::kind, teams::parent_id))
            .load(&mut *c)
            .unwrap();
        let v = volunteers::table
            .order(volunteers::id)
            .select((
                volunteers::real_name,
                volunteers::phone,
                volunteers::area_id,
                volunteers::availability,
            ))
            .load(&mut *c)
            .unwrap();
        (t, v)
    })
    .await
    .unwrap()
}

async fn demo_corps_at_scale(app: TestApp) {
    let started = std::time::Instant::now();
    load(&app).await;
    let took = started.elapsed();
    let stats: Value = json_of(app.get("/api/v1/stats", None).await, StatusCode::OK).await;
    assert_eq!(stats["teams"], 1084, "{stats}");
    assert_eq!(stats["activities_run"], 7406, "{stats}");
    assert!(stats["hours_served"].as_f64().unwrap() > 0.0, "{stats}");
    let volunteers = stats["volunteers"].as_i64().unwrap();
    assert!(
        (3000..=10_000).contains(&volunteers),
        "several thousand volunteers: {volunteers}"
    );
    let kinds: Vec<(String, i64)> = stats["teams_by_kind"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| {
            (
                k["kind"].as_str().unwrap().to_owned(),
                k["count"].as_i64().unwrap(),
            )
        })
        .collect();
    for (kind, at_least) in [
        ("city_corps", 1),
        ("town_detachment", 8),
        ("industry_detachment", 12),
        ("squad", 12),
        ("community_team", 40),
        ("point_team", 1),
        ("social_team", 1),
    ] {
        let n = kinds.iter().find(|(k, _)| k == kind).map_or(0, |(_, n)| *n);
        assert!(n >= at_least, "{kind}: {n} in {kinds:?}");
    }
    assert_eq!(
        kinds
            .iter()
            .find(|(k, _)| k == "industry_detachment")
            .map(|(_, n)| *n),
        Some(12)
    );
    let theory: Value = json_of(app.get("/api/v1/teams?q=理论", None).await, StatusCode::OK).await;
    assert!(
        theory["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["name"] == "理论宣讲行业支队"),
        "{theory}"
    );
    // Registrations waiting for the demo's approval flow.
    let admin = app.login(ADMIN).await;
    let pending: Value = json_of(
        app.get("/api/v1/teams?status=pending", Some(&admin)).await,
        StatusCode::OK,
    )
    .await;
    assert!(!pending["items"].as_array().unwrap().is_empty());
    // The demo leader leads 理论宣讲行业支队.
    let leader = app.login(("13800000003", "youai-demo-2026")).await;
    let tid = theory["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "理论宣讲行业支队")
        .unwrap()["id"]
        .clone();
    let members = app
        .get(&format!("/api/v1/teams/{tid}/members"), Some(&leader))
        .await;
    assert_eq!(members.status(), StatusCode::OK);
    // Loading again adds nothing.
    load(&app).await;
    let again: Value = json_of(app.get("/api/v1/stats", None).await, StatusCode::OK).await;
    assert_eq!(again["teams"], 1084);
    assert_eq!(again["volunteers"].as_i64(), Some(volunteers));
    assert_eq!(again["activities_run"], 7406);
    assert_eq!(again["hours_served"], stats["hours_served"]);
    assert_eq!(again["courtesies_enjoyed"], stats["courtesies_enjoyed"]);
    assert_eq!(again["points_issued"], stats["points_issued"]);
    demo_rewards(&app, &stats).await;
    demo_months(&app).await;
    crate::demo_lists::check(&app).await;
    crate::demo_orders::check(&app).await;
    eprintln!("loaded the demo corps and history in {took:?}");

    // Deterministic: a second database gets the same corps.
    let other = TestApp::spawn(if app.database_url.starts_with("postgres") {
        Backend::Postgres
    } else {
        Backend::Sqlite
    })
    .await
    .unwrap();
    load(&other).await;
    assert_eq!(fingerprint(&app).await, fingerprint(&other).await);
    assert_eq!(
        crate::demo_orders::fingerprint(&app).await,
        crate::demo_orders::fingerprint(&other).await
    );
}

/// The ten courtesies, 5,306 enjoyed, and a ledger that balances.
async fn demo_rewards(app: &TestApp, stats: &Value) {
    let catalogue: Value = json_of(app.get("/api/v1/rewards", None).await, StatusCode::OK).await;
    assert_eq!(catalogue.as_array().unwrap().len(), 10);
    let kinds: std::collections::BTreeSet<&str> = catalogue
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        [
            "goods",
            "honour",
            "insurance",
            "recognition",
            "service",
            "training"
        ]
    );
    assert_eq!(stats["courtesies_enjoyed"], 5306, "{stats}");
    let rewarded = stats["volunteers_rewarded"].as_i64().unwrap();
    assert!((1000..=5000).contains(&rewarded), "{rewarded}");
    // Points issued are the verified hours at 10 a hour, record by record.
    let hours = stats["hours_served"].as_f64().unwrap();
    let issued = stats["points_issued"].as_i64().unwrap();
    assert!(
        issued as f64 <= hours * 10.0 && issued as f64 > hours * 9.0,
        "{issued} for {hours} h"
    );
    assert!(stats["points_redeemed"].as_i64().unwrap() > 0);
    let pool = app.pool.clone();
    let (negative, stock_ok) = tokio::task::spawn_blocking(move || {
        use youai_db::schema::{points_entries as pe, rewards as r, vouchers as v};
        let mut c = pool.get().unwrap();
        let sums: Vec<(i64, Option<i64>)> = pe::table
            .group_by(pe::volunteer_id)
            .select((pe::volunteer_id, diesel::dsl::sum(pe::points)))
            .load(&mut *c)
            .unwrap();
        let negative = sums.iter().filter(|(_, s)| s.unwrap_or(0) < 0).count();
        let goods: Vec<(i64, String, Option<i32>)> = r::table
            .filter(r::kind.eq("goods"))
            .select((r::id, r::name, r::stock))
            .load(&mut *c)
            .unwrap();
        // Stock left = initial − vouchers not cancelled, and some were taken.
        let mut stock_ok = !goods.is_empty();
        for (id, name, stock) in goods {
            let live: i64 = v::table
                .filter(v::reward_id.eq(id))
                .filter(v::status.ne("cancelled"))
                .count()
                .get_result(&mut *c)
                .unwrap();
            let initial = youai_demo::rewards::COURTESIES
                .iter()
                .find(|c| c.name == name)
                .and_then(|c| c.stock)
                .unwrap();
            stock_ok &= live > 0 && i64::from(stock.unwrap()) == i64::from(initial) - live;
        }
        (negative, stock_ok)
    })
    .await
    .unwrap();
    assert_eq!(negative, 0, "no balance below zero");
    assert!(stock_ok, "goods were redeemed from stock");
    // The demo member (13800000004) sees their star level and points.
    let member = app.login(("13800000004", "youai-demo-2026")).await;
    let p: Value = json_of(
        app.get("/api/v1/me/points", Some(&member)).await,
        StatusCode::OK,
    )
    .await;
    assert!(p["balance"].as_i64().unwrap() >= 0);
}

/// Month by month: twelve months, hours that add up across towns, the towns by name.
async fn demo_months(app: &TestApp) {
    let m: Value = json_of(app.get("/api/v1/stats/monthly", None).await, StatusCode::OK).await;
    let months = m["months"].as_array().unwrap();
    assert_eq!(months.len(), 12);
    let total: f64 = months
        .iter()
        .map(|x| x["hours_served"].as_f64().unwrap())
        .sum();
    let run: i64 = months
        .iter()
        .map(|x| x["activities_run"].as_i64().unwrap())
        .sum();
    assert!(
        total > 100.0 && run > 10,
        "the demo's last year: {total} h, {run} activities"
    );
    let by_town: f64 = m["hours_by_town"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["hours"].as_f64().unwrap())
        .sum();
    assert!(
        (by_town - total).abs() < 0.01,
        "{by_town} by town vs {total}"
    );
    assert!(
        m["hours_by_town"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["town"] == "金港镇"),
        "{m}"
    );
    // Who served, which teams ran activities, who was rewarded: every month of the demo's
    // year has some, and never more than the city has.
    let stats: Value = json_of(app.get("/api/v1/stats", None).await, StatusCode::OK).await;
    for x in months {
        let (people, teams, rewarded) = (
            x["volunteers_served"].as_i64().unwrap(),
            x["teams_active"].as_i64().unwrap(),
            x["volunteers_rewarded"].as_i64().unwrap(),
        );
        assert!(
            people <= stats["volunteers"].as_i64().unwrap()
                && teams <= stats["teams"].as_i64().unwrap()
                && rewarded <= stats["volunteers_rewarded"].as_i64().unwrap(),
            "{x} vs {stats}"
        );
        if x["hours_served"].as_f64().unwrap() > 0.0 {
            assert!(people > 0, "hours without volunteers: {x}");
        }
        if x["activities_run"].as_i64().unwrap() > 0 {
            assert!(teams > 0, "activities without teams: {x}");
        }
    }
    assert!(
        months
            .iter()
            .filter(|x| x["volunteers_rewarded"].as_i64().unwrap() > 0)
            .count()
            >= 6,
        "courtesies spread over the year: {m}"
    );
    let res = app.get("/api/v1/stats/monthly?months=0", None).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let two: Value = json_of(
        app.get("/api/v1/stats/monthly?months=2", None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(two["months"].as_array().unwrap().len(), 2);
}

/// Loaded as of today (China time): the coming weeks' activities are listed and open, the demo
/// member signs up for one, she and the leader have hours, a star, points and vouchers, the
/// leader has records to verify, and the city publishes and runs about 56 activities a day.
async fn demo_lives_as_of_today(app: TestApp) {
    let today = youai_demo::city_today();
    let pool = app.pool.clone();
    tokio::task::spawn_blocking(move || {
        let key = youai_api::crypto::DataKey::from_hex(TEST_DATA_KEY).unwrap();
        let mut conn = pool.get().unwrap();
        youai_demo::load(&mut conn, &key, today).unwrap();
    })
    .await
    .unwrap();
    let member = app.login(("13800000004", "youai-demo-2026")).await;
    let leader = app.login(("13800000003", "youai-demo-2026")).await;

    // The default listing, from now on: upcoming, recruiting, places left, in several towns.
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let listed: Value = json_of(
        app.get(
            &format!(
                "/api/v1/activities?from={}&limit=100",
                now.replace('+', "%2B")
            ),
            Some(&member),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let items = listed["items"].as_array().unwrap();
    assert_eq!(items.len(), 100, "a full page of what is coming");
    assert!(
        items.iter().all(|a| a["status"] == "recruiting"),
        "{listed}"
    );
    let areas: std::collections::BTreeSet<i64> = items
        .iter()
        .map(|a| a["area_id"].as_i64().unwrap())
        .collect();
    assert!(areas.len() > 9, "{areas:?}");

    // The kiosk's venue has an activity every day; the member is signed up for one of them and
    // signs up for another (her place is taken: 201, accepted).
    let kiosk = app.login(("13800000005", "youai-demo-2026")).await;
    let me: Value = json_of(app.get("/api/v1/me", Some(&kiosk)).await, StatusCode::OK).await;
    let grant = &me["grants"][0];
    assert_eq!(grant["role"], "kiosk", "{me}");
    let venue = grant["venue_id"].as_i64().unwrap();
    let at_kiosk: Value = json_of(
        app.get(
            &format!(
                "/api/v1/activities?venue_id={venue}&from={}&limit=100",
                now.replace('+', "%2B")
            ),
            None,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let at_kiosk = at_kiosk["items"].as_array().unwrap();
    assert!(at_kiosk.len() >= 20, "{}", at_kiosk.len());
    let mine: Value = json_of(
        app.get("/api/v1/me/sign-ups", Some(&member)).await,
        StatusCode::OK,
    )
    .await;
    let signed: Vec<i64> = mine
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["status"] == "accepted")
        .map(|s| s["activity_id"].as_i64().unwrap())
        .collect();
    assert_eq!(signed.len(), 1, "{mine}");
    let open = at_kiosk
        .iter()
        .rev()
        .find(|a| !signed.contains(&a["id"].as_i64().unwrap()))
        .unwrap();
    let res = app
        .post(
            &format!("/api/v1/activities/{}/sign-ups", open["id"]),
            Some(&member),
            &serde_json::json!({}),
        )
        .await;
    let body: Value = json_of(res, StatusCode::CREATED).await;
    assert_eq!(body["status"], "accepted", "{body}");

    // Her history and the leader's: verified hours, a star, points, vouchers.
    for (token, star) in [(&member, 1), (&leader, 2)] {
        let me: Value = json_of(app.get("/api/v1/me", Some(token)).await, StatusCode::OK).await;
        let id = me["volunteer_id"].as_i64().unwrap();
        let s: Value = json_of(
            app.get(&format!("/api/v1/volunteers/{id}/star"), Some(token))
                .await,
            StatusCode::OK,
        )
        .await;
        assert!(s["level"].as_i64().unwrap() >= star, "{s}");
        let hours = s["hours"].as_f64().unwrap();
        let p: Value = json_of(
            app.get("/api/v1/me/points", Some(token)).await,
            StatusCode::OK,
        )
        .await;
        // 10 a verified hour, record by record (a quarter hour's 2.5 rounded down).
        let earned = p["earned"].as_f64().unwrap();
        assert!(
            earned <= hours * 10.0 && earned > hours * 9.0,
            "{p} for {hours} h"
        );
        assert!(p["balance"].as_i64().unwrap() > 0, "{p}");
        let v: Value = json_of(
            app.get("/api/v1/vouchers", Some(token)).await,
            StatusCode::OK,
        )
        .await;
        assert!(!v.as_array().unwrap().is_empty(), "{v}");
        let h: Value = json_of(
            app.get(
                &format!("/api/v1/volunteers/{id}/service-records"),
                Some(token),
            )
            .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(h["total_hours"].as_f64().unwrap(), hours);
        assert!(
            h["records"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["status"] == "pending"),
            "records waiting to be verified"
        );
    }

    // The leader's verification queue: his detachment's last two days, waiting.
    let queue: Value = json_of(
        app.get("/api/v1/service-records", Some(&leader)).await,
        StatusCode::OK,
    )
    .await;
    let waiting = queue["items"].as_array().unwrap();
    assert!(waiting.len() >= 6, "{queue}");
    assert!(waiting.iter().all(|r| r["status"] == "pending"));

    // Published and run a day over the last 30 days, as the briefing's 56.
    let stats: Value = json_of(app.get("/api/v1/stats", None).await, StatusCode::OK).await;
    let per_day = stats["projects_per_day"].as_f64().unwrap();
    assert!((40.0..=70.0).contains(&per_day), "{per_day} a day: {stats}");
    assert_eq!(stats["activities_run"], 7406, "{stats}");
}
