//! Activities on the ground and behind the desk: a volunteer checking in and out where the
//! activity is, with Chromium's position emulated (too far first, then there); a leader
//! entering hours by hand and correcting verified ones; the platform's admin opening a release
//! batch.

use serde_json::{Value, json};
use youai_tests::ADMIN;
use youai_tests::browser::Browser;
use youai_tests::reqwest::StatusCode;

use crate::accessibility::{axe_source, violations};
use crate::fixtures::{account, sign_ups, signed_up_volunteer, world, world_with};

/// Where the geolocated activity is (a point in 金港镇), and its radius.
const PLACE: (f64, f64) = (31.870, 120.550);
const RADIUS_M: i64 = 200;

/// The browser says it stands at `(latitude, longitude)` (the page asks with no cached answer).
async fn stand_at(b: &Browser, (latitude, longitude): (f64, f64)) {
    b.cdp(
        "Emulation.setGeolocationOverride",
        json!({"latitude": latitude, "longitude": longitude, "accuracy": 10}),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn volunteer_checks_in_and_out_where_the_activity_is() {
    let Some(b) = Browser::start(375).await else {
        return;
    };
    // Starting in 20 minutes (check-in is open), at a set point.
    let w = world_with(
        &b.app,
        "13600000171",
        "定位签到活动",
        20,
        5,
        json!({"latitude": PLACE.0, "longitude": PLACE.1, "checkin_radius_m": RADIUS_M}),
    )
    .await;
    let (volunteer, v_token, signed) =
        signed_up_volunteer(&b.app, &w.activity, "13600000172", "定位甲").await;
    assert_eq!(signed["status"], "accepted");
    let origin = b.app.url("");
    let origin = origin.trim_end_matches('/');
    let far = (PLACE.0 + 0.03, PLACE.1);
    stand_at(&b, far).await;

    // The site may not know where the browser is: said so, with what to do.
    b.cdp(
        "Browser.setPermission",
        json!({"permission": {"name": "geolocation"}, "setting": "denied", "origin": origin}),
    )
    .await;
    let page = format!("/activities/{}", w.activity["id"]);
    b.sign_in_as(account("13600000172"), &page).await;
    b.text_until(".self-check", "the check-in box", |t| {
        t.contains("现场签到") && t.contains("200")
    })
    .await;
    b.click(".self-check-in").await;
    b.text_until(".self-check-error", "location refused", |t| {
        t.contains("浏览器未允许") && t.contains("负责人")
    })
    .await;

    // Allowed, about 3.3 km north: refused, with how far and the radius.
    b.cdp(
        "Browser.grantPermissions",
        json!({"permissions": ["geolocation"], "origin": origin}),
    )
    .await;
    b.click(".self-check-in").await;
    #[allow(clippy::cast_possible_truncation)]
    let metres = youai_domain::geo::distance_m(far.0, far.1, PLACE.0, PLACE.1).round() as i64;
    assert!((3000..3600).contains(&metres), "{metres}");
    b.text_until(".self-check-error.too-far", "too far, in metres", |t| {
        t.contains(&format!("约 {metres} 米")) && t.contains("200 米以内")
    })
    .await;
    let list = sign_ups(&b.app, &w.activity, &w.leader).await;
    assert_eq!(list["items"][0]["status"], "accepted", "{list}");
    // The check-in box and its error pass axe (the accessibility test sees the page signed out).
    let found = violations(&b, &axe_source()).await;
    assert!(found.is_empty(), "{found:?}");

    // About 60 m from the place: checked in.
    stand_at(&b, (PLACE.0 + 0.0005, PLACE.1 + 0.0003)).await;
    b.click(".self-check-in").await;
    b.text_until(".self-check-done", "the check-in", |t| {
        t.contains("签到成功")
    })
    .await;
    b.assert_absent(".self-check-error", "the old error is gone")
        .await;
    b.api_until(
        &format!("/api/v1/activities/{}/sign-ups", w.activity["id"]),
        Some(&w.leader),
        "the volunteer checked in",
        |l| l["items"][0]["status"] == "checked_in",
    )
    .await;

    // Then out, from the same place: a service record is made.
    b.click(".self-check-out").await;
    b.text_until(".self-check-done", "the check-out", |t| {
        t.contains("签退成功")
    })
    .await;
    b.text_until(".self-check", "done for the day", |t| t.contains("已签退"))
        .await;
    let history: Value = b
        .api_until(
            &format!("/api/v1/volunteers/{}/service-records", volunteer["id"]),
            Some(&v_token),
            "the check-out's record",
            |h| h["records"].as_array().is_some_and(|r| r.len() == 1),
        )
        .await;
    assert_eq!(history["records"][0]["source"], "check_in", "{history}");
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leader_enters_hours_and_corrects_them() {
    let Some(b) = Browser::start(1280).await else {
        return;
    };
    // A one-hour activity in two days.
    let w = world(&b.app, "13600000181", "时长登记活动", 2 * 24 * 60, 5).await;
    let (volunteer, v_token, _) =
        signed_up_volunteer(&b.app, &w.activity, "13600000182", "登记乙").await;
    let (activity, vid) = (
        w.activity["id"].to_string(),
        volunteer["id"].as_i64().unwrap(),
    );

    b.open_console_part(account("13600000181"), "hours").await;
    b.select("#entry-activity", &activity).await;
    // The entry form passes axe (the accessibility test sees the page as an admin, without it).
    let found = violations(&b, &axe_source()).await;
    assert!(found.is_empty(), "{found:?}");
    b.select("#entry-volunteer", &vid.to_string()).await;
    // More than the activity lasts: the server's answer beside the hours.
    b.type_into("#entry-hours", "1.5").await;
    b.submit(".hours-entry-form").await;
    b.text_until("#entry-hours-error", "too many hours", |t| {
        t.contains("不能超过活动时长")
    })
    .await;
    b.clear("#entry-hours").await;
    b.type_into("#entry-hours", "0.75").await;
    b.submit(".hours-entry-form").await;
    b.text_until(".hours-entered", "the entry", |t| {
        t.contains("登记乙") && t.contains("0.75")
    })
    .await;
    let queue: Value = b
        .api_until(
            "/api/v1/service-records",
            Some(&w.leader),
            "the pending entry",
            |q| q["items"].as_array().is_some_and(|i| !i.is_empty()),
        )
        .await;
    let rec = &queue["items"][0];
    assert_eq!(
        (
            rec["source"].as_str(),
            rec["hours"].as_f64(),
            rec["volunteer_id"].as_i64()
        ),
        (Some("leader_entry"), Some(0.75), Some(vid)),
        "{queue}"
    );

    // It waits in the records list; the leader verifies it there.
    b.click(".hours-entered a[href='/console/records']").await;
    let card = format!("#queued-record-{}", rec["id"]);
    b.text_until(&card, "the entry in the queue", |t| {
        t.contains("登记乙") && t.contains("0.75") && t.contains("负责人登记")
    })
    .await;
    b.click(&format!("{card} .verify")).await;
    b.text_until(".sr-status", "the verification", |t| t.contains("已认证"))
        .await;

    // Corrected with a reason: first without one, then with hours not in quarters.
    b.open("/console/hours").await;
    let old = format!("#verified-record-{}", rec["id"]);
    b.text_until(&old, "the verified record", |t| t.contains("负责人登记"))
        .await;
    b.click(&format!("{old} .correct-record")).await;
    b.clear("#correction-hours").await;
    b.type_into("#correction-hours", "0.5").await;
    b.submit(".correction-form").await;
    b.text_until("#correction-reason-error", "the missing reason", |t| {
        t.contains("更正理由")
    })
    .await;
    b.type_into("#correction-reason", "提前离开").await;
    b.clear("#correction-hours").await;
    b.type_into("#correction-hours", "0.3").await;
    b.submit(".correction-form").await;
    b.text_until("#correction-hours-error", "hours not in quarters", |t| {
        t.contains("0.25")
    })
    .await;
    b.clear("#correction-hours").await;
    b.type_into("#correction-hours", "0.5").await;
    b.submit(".correction-form").await;
    b.text_until(".record-corrected", "the correction", |t| {
        t.contains("0.75 → 0.5")
    })
    .await;
    b.text_until(
        &format!("{old} .record-superseded"),
        "the old record corrected",
        |t| t.contains("已更正"),
    )
    .await;
    b.assert_absent(
        &format!("{old} .correct-record"),
        "a corrected record is not corrected again",
    )
    .await;
    let verified: Value = youai_tests::json_of(
        b.app
            .get("/api/v1/service-records?status=verified", Some(&w.leader))
            .await,
        StatusCode::OK,
    )
    .await;
    let fix = verified["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["corrects_id"] == rec["id"])
        .unwrap_or_else(|| panic!("no correction: {verified}"));
    b.text_until(
        &format!("#verified-record-{} .correction-note", fix["id"]),
        "the correction's reason",
        |t| t.contains("提前离开"),
    )
    .await;
    let history: Value = youai_tests::json_of(
        b.app
            .get(
                &format!("/api/v1/volunteers/{vid}/service-records"),
                Some(&v_token),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(history["total_hours"], 0.5, "{history}");
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_opens_a_release_batch_from_the_console() {
    let Some(b) = Browser::start(1280).await else {
        return;
    };
    b.open_console_part(ADMIN, "batches").await;
    b.text_until("main .empty", "no batches yet", |t| {
        t.contains("暂无发布批次")
    })
    .await;
    b.submit(".new-batch-form").await;
    b.text_until("#batch-name-error", "the missing name", |t| {
        t.contains("批次名称")
    })
    .await;
    b.type_into("#batch-name", "2026年12月 第九批").await;
    b.type_into("#batch-name-en", "Batch 9, December 2026")
        .await;
    b.set_value("#batch-released", "2026-12-15").await;
    b.submit(".new-batch-form").await;
    b.text_until(".batch-created", "the new batch", |t| {
        t.contains("2026年12月 第九批")
    })
    .await;
    let batches: Value = youai_tests::json_of(
        b.app.get("/api/v1/project-batches", None).await,
        StatusCode::OK,
    )
    .await;
    let made = batches
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["name"] == "2026年12月 第九批")
        .unwrap_or_else(|| panic!("not created: {batches}"));
    assert_eq!(
        (
            made["released_on"].as_str(),
            made["name_en"].as_str(),
            made["project_count"].as_i64()
        ),
        (Some("2026-12-15"), Some("Batch 9, December 2026"), Some(0))
    );
    b.text_until(&format!("#batch-{}", made["id"]), "the batch listed", |t| {
        t.contains("2026年12月 第九批") && t.contains("Batch 9") && t.contains("2026-12-15")
    })
    .await;
    assert_eq!(b.count(".batch-table tbody tr").await, 1);

    // The same name again: the server's answer beside the name.
    b.type_into("#batch-name", "2026年12月 第九批").await;
    b.submit(".new-batch-form").await;
    b.text_until("#batch-name-error", "the name taken", |t| {
        t.contains("同名批次")
    })
    .await;
    b.close().await;
}
