//! How the app arrives: split at its routes (`/` fetches no route's code; a page fetches its
//! chunk once), compressed, cached for good by content-hashed name. And `first_load_report`
//! (`make spa-report`): the first load under a throttled phone-like profile.

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use youai_tests::ADMIN;
use youai_tests::browser::{Browser, spa_dir};

/// The route chunks the build wrote (`build-manifest.json`).
fn route_chunks() -> Vec<String> {
    let manifest = std::fs::read_to_string(spa_dir().join("build-manifest.json"))
        .expect("frontend/dist/build-manifest.json (make spa)");
    let manifest: Value = serde_json::from_str(&manifest).unwrap();
    let chunks: Vec<String> = manifest["route_chunks"]
        .as_object()
        .unwrap()
        .keys()
        .map(|k| format!("/{k}"))
        .collect();
    assert!(chunks.len() >= 20, "route chunks: {chunks:?}");
    chunks
}

async fn keep_all_timings(b: &Browser) {
    // The default buffer (250 entries) could drop the very entries a test counts.
    let _ = b
        .client
        .execute(
            "performance.setResourceTimingBufferSize(100000);",
            Vec::new(),
        )
        .await;
}

fn fetched(resources: &[(String, u64, u64, u64)], path: &str) -> usize {
    resources.iter().filter(|r| r.0 == path).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn home_fetches_no_route_code_and_a_page_fetches_its_chunk_once() {
    let Some(b) = Browser::start(1280).await else {
        return;
    };
    let chunks = route_chunks();
    let console = chunks
        .iter()
        .find(|c| c.to_lowercase().contains("console_route"))
        .expect("the console's chunk")
        .clone();

    b.open("/").await;
    keep_all_timings(&b).await;
    b.text_until(".stat-value", "the live figures", |t| !t.is_empty())
        .await;
    let home = b.resources().await;
    let loaded: Vec<&String> = home
        .iter()
        .map(|r| &r.0)
        .filter(|p| chunks.contains(p))
        .collect();
    if !loaded.is_empty() {
        b.fail(&format!("/ fetched route chunks: {loaded:?}")).await;
    }
    assert!(
        home.iter().any(|r| r.0.ends_with(".wasm")),
        "/ fetched no wasm: {home:?}"
    );

    b.sign_in_as(ADMIN, "/console").await;
    keep_all_timings(&b).await;
    b.find(".console-parts").await;
    // Away and back, through the header's links (client-side navigation, one document).
    b.click(".main-nav a[href='/activities']").await;
    b.find(".activity-card, .empty").await;
    b.click(".main-nav a[href='/console']").await;
    b.find(".console-parts").await;
    let after = b.resources().await;
    let times = fetched(&after, &console);
    if times != 1 {
        b.fail(&format!(
            "the console's chunk {console} was fetched {times} times: {after:?}"
        ))
        .await;
    }
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wasm_arrives_compressed_and_a_second_visit_fetches_none() {
    let Some(b) = Browser::start(1280).await else {
        return;
    };
    b.open("/").await;
    b.text_until(".stat-value", "the live figures", |t| !t.is_empty())
        .await;
    let first = b.resources().await;
    let wasm: Vec<_> = first.iter().filter(|r| r.0.ends_with(".wasm")).collect();
    assert!(!wasm.is_empty(), "no wasm fetched: {first:?}");
    // Every file compressed; together at least by half (a chunk of a few hundred bytes, such
    // as the charts' smallest, cannot shrink that much on its own).
    for (path, transferred, encoded, decoded) in &wasm {
        if *transferred == 0 || encoded >= decoded {
            b.fail(&format!(
                "{path} came {encoded} bytes for {decoded} (transferred {transferred}): not compressed"
            ))
            .await;
        }
    }
    let encoded: u64 = wasm.iter().map(|r| r.2).sum();
    let decoded: u64 = wasm.iter().map(|r| r.3).sum();
    if encoded * 2 > decoded {
        b.fail(&format!(
            "the wasm of / came {encoded} bytes for {decoded}: not compressed by half"
        ))
        .await;
    }

    // A new visit (a new document, not a client-side route): scripts and wasm from the cache.
    b.open("/").await;
    b.text_until(".stat-value", "the live figures", |t| !t.is_empty())
        .await;
    let second = b.resources().await;
    let from_network: Vec<_> = second
        .iter()
        .filter(|r| (r.0.ends_with(".wasm") || r.0.ends_with(".js")) && r.1 > 0)
        .collect();
    if !from_network.is_empty() {
        b.fail(&format!("the second visit fetched {from_network:?}"))
            .await;
    }
    b.close().await;
}

/// One first visit to `/` under Lighthouse's mobile profile (150 ms round trips, 1.6 Mbps down,
/// 750 kbps up, the CPU slowed 4×), in a fresh profile: the bytes transferred and the time to
/// the live figures. With `SPA_REPORT_BEFORE=DIR`, the build in DIR is measured in the same run.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a report, not a check: run by `make spa-report`"]
#[allow(clippy::print_stdout)] // the report is its output
async fn first_load_report() {
    let mut builds = vec![("this build".to_owned(), spa_dir())];
    if let Some(before) = std::env::var_os("SPA_REPORT_BEFORE") {
        builds.insert(0, ("before".to_owned(), before.into()));
    }
    let mut rows = Vec::new();
    for (label, dir) in builds {
        let Some(b) = Browser::start_serving(412, dir.clone()).await else {
            return;
        };
        b.cdp("Network.enable", json!({})).await;
        b.cdp(
            "Network.emulateNetworkConditions",
            json!({
                "offline": false,
                "latency": 150,
                "downloadThroughput": 1_600_000 / 8,
                "uploadThroughput": 750_000 / 8,
            }),
        )
        .await;
        b.cdp("Emulation.setCPUThrottlingRate", json!({ "rate": 4 }))
            .await;
        let started = Instant::now();
        b.open("/").await;
        let script = "const v = document.querySelector('.stat-value'); \
                      if (!v || !v.textContent.trim()) return null; \
                      const nav = performance.getEntriesByType('navigation')[0]; \
                      const res = performance.getEntriesByType('resource'); \
                      const wasm = res.filter(e => e.name.endsWith('.wasm')); \
                      return [performance.now(), nav.transferSize + res.reduce((a, e) => a + e.transferSize, 0), \
                              wasm.reduce((a, e) => a + e.transferSize, 0), res.length + 1];";
        let seen = loop {
            let v = b
                .client
                .execute(script, Vec::new())
                .await
                .unwrap_or(Value::Null);
            if !v.is_null() {
                break v;
            }
            if started.elapsed() > Duration::from_secs(120) {
                b.fail("the live figures never showed").await;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        rows.push((
            label,
            seen[0].as_f64().unwrap_or_default() / 1000.0,
            seen[1].as_f64().unwrap_or_default() / 1000.0,
            seen[2].as_f64().unwrap_or_default() / 1000.0,
            seen[3].as_u64().unwrap_or_default(),
        ));
        b.close().await;
    }
    println!("first visit to / (150 ms RTT, 1.6 Mbps down, 750 kbps up, CPU 4x slower):");
    println!(
        "  {:<12} {:>16} {:>16} {:>14} {:>9}",
        "build", "to live figures", "transferred", "of it wasm", "requests"
    );
    for (label, secs, kb, wasm_kb, requests) in &rows {
        println!("  {label:<12} {secs:>15.2}s {kb:>13.1} KB {wasm_kb:>11.1} KB {requests:>9}");
    }
    if let [before, after] = &rows[..] {
        println!(
            "  ratio        {:>15.2}x {:>15.2}x",
            before.1 / after.1,
            before.2 / after.2
        );
    }
}
