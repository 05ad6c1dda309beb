//! axe-core (from npm, injected into the real Chromium) on every page, in both languages: no
//! serious or critical violation. One browser goes through all of them and the test reports
//! every violation at once.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use fantoccini::Locator;
use serde_json::{Value, json};
use youai_tests::browser::Browser;
use youai_tests::reqwest::StatusCode;
use youai_tests::{ADMIN, json_of};

use crate::fixtures::{project_of, world};

/// axe-core's script, to inject into a page.
pub fn axe_source() -> String {
    let path = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tools/npm/node_modules/axe-core/axe.min.js"
    ));
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "axe-core at {} ({e}): `make browser` installs it",
            path.display()
        )
    })
}

/// Opens `path` and waits until the page has settled: the app mounted, nothing loading.
async fn settle(b: &Browser, path: &str) {
    b.open(path).await;
    b.find("#main").await;
    let started = Instant::now();
    while b.client.find(Locator::Css(".loading, #boot")).await.is_ok() {
        if started.elapsed() > Duration::from_secs(10) {
            b.fail(&format!("{path} is still loading after 10 s")).await;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The serious and critical violations axe finds on the page shown, one line each.
pub async fn violations(b: &Browser, axe: &str) -> Vec<String> {
    let injected = b
        .client
        .execute(&format!("{axe}\nreturn typeof axe;"), Vec::new())
        .await;
    assert_eq!(
        injected.ok(),
        Some(json!("object")),
        "axe-core did not load"
    );
    let script = "const done = arguments[arguments.length - 1]; \
        axe.run(document, { resultTypes: ['violations'] }).then( \
          r => done(r.violations \
            .filter(v => v.impact === 'serious' || v.impact === 'critical') \
            .map(v => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3) \
              .map(n => n.target.join(' ')).join(' | ')}`)), \
          e => done([`axe failed: ${e}`]));";
    match b.client.execute_async(script, Vec::new()).await {
        Ok(Value::Array(found)) => found
            .into_iter()
            .map(|v| v.as_str().unwrap_or_default().to_owned())
            .collect(),
        other => b.fail(&format!("axe did not run: {other:?}")).await,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_serious_or_critical_violations_on_any_page_in_either_language() {
    let Some(b) = Browser::start(1280).await else {
        return;
    };
    let axe = axe_source();
    // A team's published activity at a venue, in a project: every page has something to show.
    let w = world(&b.app, "13600000141", "无障碍检查活动", 2 * 24 * 60, 5).await;
    let (project, _) = project_of(&b.app, &w.activity).await;
    let team = &w.activity["team_id"];
    let venue = &w.venue["id"];
    let activity = &w.activity["id"];
    // A certificate to open at its shareable address, and an insurance courtesy to edit.
    let (volunteer, token) = b
        .app
        .volunteer("13600000142", "无障碍证", "金都社区", json!({}))
        .await;
    let certificate: Value = json_of(
        b.app
            .post(
                &format!("/api/v1/volunteers/{}/certificates", volunteer["id"]),
                Some(&token),
                &json!({}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    let admin = b.app.login(ADMIN).await;
    let insurance: Value = json_of(
        b.app
            .post(
                "/api/v1/rewards",
                Some(&admin),
                &json!({"kind": "insurance", "name": "无障碍意外险", "provider": "港城保险"}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    let public = [
        "/".to_owned(),
        "/login".into(),
        "/register".into(),
        "/teams".into(),
        format!("/teams/{team}"),
        "/recruitments".into(),
        "/projects".into(),
        format!("/projects/{project}"),
        format!("/venues/{venue}"),
        "/activities".into(),
        format!("/activities/{activity}"),
        "/rewards".into(),
        "/resources".into(),
        "/menu".into(),
        "/agencies".into(),
        "/verify".into(),
        "/needs/follow".into(),
        format!(
            "/certificates/{}",
            certificate["code"].as_str().unwrap_or_default()
        ),
        format!("/kiosk/{venue}"),
        "/no-such-page".into(),
    ];
    let signed_in: [String; 35] = [
        "/me/volunteer".into(),
        "/me/account".into(),
        "/me/vouchers".into(),
        "/console".into(),
        "/console/registrations".into(),
        "/console/activities".into(),
        "/console/projects".into(),
        "/console/records".into(),
        "/console/vouchers".into(),
        "/console/scan".into(),
        "/console/members".into(),
        "/console/reports".into(),
        "/console/rewards".into(),
        format!("/console/rewards/{}", insurance["id"]),
        "/console/reward-rules".into(),
        "/console/volunteers".into(),
        "/console/hours".into(),
        "/console/batches".into(),
        "/teams/new".into(),
        "/console/recruitments".into(),
        "/console/imports".into(),
        "/console/areas".into(),
        "/console/venues".into(),
        "/console/grants".into(),
        "/console/audit".into(),
        "/needs/new".into(),
        "/console/needs".into(),
        "/console/resources".into(),
        "/console/agencies".into(),
        "/console/orders".into(),
        "/console/orders/takeable".into(),
        "/console/orders/escalated".into(),
        "/console/orders/new".into(),
        "/me/notifications".into(),
        "/me/notifications/settings".into(),
    ];

    // The check can fail: an image with no text alternative is a critical violation.
    settle(&b, "/").await;
    b.client
        .execute(
            "document.querySelector('#main').insertAdjacentHTML('beforeend', '<img src=\"/favicon.svg\">');",
            Vec::new(),
        )
        .await
        .unwrap();
    let planted = violations(&b, &axe).await;
    assert!(
        planted.iter().any(|v| v.contains("image-alt")),
        "axe missed a planted image without alt: {planted:?}"
    );

    let mut found = Vec::new();
    let mut checked = 0;
    for lang in ["zh-CN", "en"] {
        b.open("/").await;
        b.client
            .execute(
                "localStorage.clear(); localStorage.setItem('youai.lang', arguments[0]);",
                vec![json!(lang)],
            )
            .await
            .unwrap();
        for path in &public {
            settle(&b, path).await;
            let html_lang = b
                .client
                .execute("return document.documentElement.lang;", Vec::new())
                .await
                .unwrap();
            assert_eq!(html_lang, json!(lang), "{path}");
            found.extend(
                violations(&b, &axe)
                    .await
                    .into_iter()
                    .map(|v| format!("[{lang}] {path}: {v}")),
            );
            checked += 1;
        }
        b.sign_in_as(ADMIN, "/console").await;
        for path in &signed_in {
            settle(&b, path).await;
            found.extend(
                violations(&b, &axe)
                    .await
                    .into_iter()
                    .map(|v| format!("[{lang}] {path}: {v}")),
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 2 * (public.len() + signed_in.len()));
    if !found.is_empty() {
        b.fail(&format!(
            "{} serious or critical violations:\n{}",
            found.len(),
            found.join("\n")
        ))
        .await;
    }
    b.close().await;
}
