//! The resources list in the console: staff publish a resource, allocate (下沉) it to a
//! village and see what remains drop; allocating beyond the capacity shows the refusal beside
//! the quantity. The public list shows the resource.

use reqwest::StatusCode;
use serde_json::{Value, json};
use youai_tests::browser::Browser;
use youai_tests::{ADMIN, json_of};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_publish_and_allocate_a_resource_within_its_capacity() {
    let Some(b) = Browser::start(1280).await else {
        return;
    };
    let admin = b.app.login(ADMIN).await;
    let city = b.app.area_id("张家港市").await;
    let jingang = b.app.area_id("金港镇").await;
    let jindu = b.app.area_id("金都社区").await;
    let agency: Value = json_of(
        b.app
            .post(
                "/api/v1/agencies",
                Some(&admin),
                &json!({"name": "浏览器测试司法局", "kind": "government", "area_id": city}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;

    // Publish: a city resource of 3 sessions a month.
    b.open_console_part(ADMIN, "resources").await;
    b.click(".new-resource summary").await;
    b.type_into("#resource-title", "律师进村居坐班").await;
    b.select("#resource-agency", &agency["id"].to_string())
        .await;
    b.click("#topic-法律维权").await;
    b.clear("#resource-capacity").await;
    b.type_into("#resource-capacity", "3").await;
    b.submit(".new-resource-form").await;
    b.text_until(".resource-added", "the resource published", |t| {
        t.contains("律师进村居坐班")
    })
    .await;
    let found = b
        .api_until(
            &format!("/api/v1/resources?provider_agency_id={}", agency["id"]),
            None,
            "the new resource",
            |v| v["items"][0]["title"] == "律师进村居坐班",
        )
        .await;
    let r = &found["items"][0];
    assert_eq!(
        (r["level"].clone(), r["capacity"].clone()),
        (json!("city"), json!(3))
    );
    let id = r["id"].as_i64().unwrap();
    let card = format!("#resource-{id}");
    b.text_until(&format!("{card} .resource-remaining"), "all 3 left", |t| {
        t == "3"
    })
    .await;

    // Allocate 2 to 金都社区: 1 left.
    let allocate = |quantity: &'static str| {
        let b = &b;
        async move {
            b.select(&format!("#alloc-town-{id}"), &jingang.to_string())
                .await;
            b.select(&format!("#alloc-village-{id}"), &jindu.to_string())
                .await;
            b.clear(&format!("#alloc-quantity-{id}")).await;
            b.type_into(&format!("#alloc-quantity-{id}"), quantity)
                .await;
            b.submit(&format!("#resource-{id} .allocate-form")).await;
        }
    };
    allocate("2").await;
    b.text_until(&format!("{card} .resource-remaining"), "1 left", |t| {
        t == "1"
    })
    .await;
    let page = b
        .api_until(
            &format!("/api/v1/resources/{id}/allocations"),
            None,
            "the allocation",
            |v| v["items"][0]["quantity"] == 2,
        )
        .await;
    assert_eq!(page["items"][0]["area_id"], jindu);

    // Beyond the capacity: the refusal beside the quantity, and nothing allocated.
    allocate("2").await;
    let error = b
        .text_until(
            &format!("{card} .allocation-error"),
            "the capacity refusal",
            |t| t.contains('1'),
        )
        .await;
    assert!(error.contains('1'), "{error}");
    let after: Value = json_of(
        b.app.get(&format!("/api/v1/resources/{id}"), None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(after["remaining"], 1);

    // The public list shows it with what remains.
    b.open("/resources").await;
    b.text_until(
        &format!("{card} .resource-remaining"),
        "the public card",
        |t| t == "1",
    )
    .await;
    b.close().await;
}
