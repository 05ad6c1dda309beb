//! How the server delivers the SPA's build and the Swagger UI: the encoding the browser asks for
//! from the pre-compressed siblings, a year's cache for content-hashed names, revalidation for
//! the rest, a 404 for a missing asset and `index.html` for client-side routes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::PathBuf;

use youai_tests::reqwest::{Method, StatusCode, header};
use youai_tests::{Backend, TestApp};

const HASHED: &str = "/youai_frontend-0123456789abcdef.js";

/// A build folder as `make spa` leaves it, with each variant's body telling which it is.
fn fake_build() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("youai-dist-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let files: [(&str, &str); 6] = [
        ("index.html", "<!doctype html><title>友爱</title>"),
        ("youai_frontend-0123456789abcdef.js", "identity js"),
        ("youai_frontend-0123456789abcdef.js.br", "brotli js"),
        ("youai_frontend-0123456789abcdef.js.gz", "gzip js"),
        ("style.css", "body{}"),
        (".secret", "not for the web"),
    ];
    for (name, body) in files {
        std::fs::write(dir.join(name), body).unwrap();
    }
    dir
}

async fn fetch(
    app: &TestApp,
    path: &str,
    accept: Option<&str>,
) -> (StatusCode, header::HeaderMap, String) {
    let mut req = app.request(Method::GET, path, None);
    if let Some(a) = accept {
        req = req.header(header::ACCEPT_ENCODING, a);
    }
    let res = req.send().await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    (status, headers, res.text().await.unwrap_or_default())
}

#[tokio::test]
async fn assets_come_compressed_as_asked_and_cached_by_name() {
    let dir = fake_build();
    let app = TestApp::spawn_full(Backend::Sqlite, false, Some(dir.clone()))
        .await
        .unwrap();

    for (accept, encoding, body) in [
        (Some("gzip, deflate, br, zstd"), Some("br"), "brotli js"),
        (Some("gzip"), Some("gzip"), "gzip js"),
        (Some("br;q=0, gzip;q=0.8"), Some("gzip"), "gzip js"),
        (None, None, "identity js"),
    ] {
        let (status, h, text) = fetch(&app, HASHED, accept).await;
        assert_eq!(status, StatusCode::OK, "{accept:?}");
        assert_eq!(text, body, "{accept:?}");
        assert_eq!(
            h.get(header::CONTENT_ENCODING)
                .and_then(|v| v.to_str().ok()),
            encoding,
            "{accept:?}"
        );
        assert!(
            h[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .contains("javascript")
        );
        assert_eq!(
            h[header::CACHE_CONTROL],
            "public, max-age=31536000, immutable"
        );
        assert!(
            h[header::VARY]
                .to_str()
                .unwrap()
                .contains("Accept-Encoding")
        );
    }

    // index.html and unhashed names: asked again on every visit, a 304 when unchanged.
    let (status, h, text) = fetch(&app, "/", Some("br")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(text.contains("友爱"));
    assert_eq!(h[header::CACHE_CONTROL], "no-cache");
    assert!(
        h[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let etag = h[header::ETAG].clone();
    let again = app
        .request(Method::GET, "/index.html", None)
        .header(header::IF_NONE_MATCH, etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    let (_, h, _) = fetch(&app, "/style.css", None).await;
    assert_eq!(h[header::CACHE_CONTROL], "no-cache");

    // Client-side routes get the page; a missing asset is a 404, not the page.
    for route in ["/teams/3", "/console/records", "/verify/ZJG-2026-0001"] {
        let (status, h, text) = fetch(&app, route, None).await;
        assert_eq!(status, StatusCode::OK, "{route}");
        assert!(text.contains("<title>友爱"), "{route}");
        assert_eq!(h[header::CACHE_CONTROL], "no-cache", "{route}");
    }
    for missing in [
        "/youai_frontend-ffffffffffffffff.js",
        "/chunk.wasm",
        "/.secret",
        "/%2e%2e/Cargo.toml",
    ] {
        let (status, _, text) = fetch(&app, missing, None).await;
        assert!(!text.contains("not for the web"), "{missing}");
        // A hidden or escaping name is never served; it is just another path of the app.
        if missing.ends_with(".js") || missing.ends_with(".wasm") {
            assert_eq!(status, StatusCode::NOT_FOUND, "{missing}");
        }
    }
    let post = app.request(Method::POST, "/", None).send().await.unwrap();
    assert_eq!(post.status(), StatusCode::METHOD_NOT_ALLOWED);
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn swagger_ui_comes_compressed_and_revalidated() {
    let app = TestApp::spawn_with(Backend::Sqlite, false).await.unwrap();
    let (status, plain_h, plain) = fetch(&app, "/api/docs/swagger-ui-bundle.js", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(plain_h.get(header::CONTENT_ENCODING).is_none());
    assert!(plain.len() > 500_000, "the bundle is {} bytes", plain.len());

    let res = app
        .request(Method::GET, "/api/docs/swagger-ui-bundle.js", None)
        .header(header::ACCEPT_ENCODING, "gzip, br")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let h = res.headers().clone();
    assert_eq!(h[header::CONTENT_ENCODING], "br");
    assert_eq!(h[header::CACHE_CONTROL], "no-cache");
    assert!(
        h[header::VARY]
            .to_str()
            .unwrap()
            .contains("Accept-Encoding")
    );
    assert!(
        h[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .contains("javascript")
    );
    let compressed = res.bytes().await.unwrap();
    assert!(
        compressed.len() * 3 < plain.len(),
        "brotli {} bytes against {} plain",
        compressed.len(),
        plain.len()
    );
    assert_eq!(plain_h[header::ETAG], h[header::ETAG]);

    let again = app
        .request(Method::GET, "/api/docs/swagger-ui-bundle.js", None)
        .header(header::ACCEPT_ENCODING, "gzip")
        .header(header::IF_NONE_MATCH, h[header::ETAG].clone())
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert!(again.bytes().await.unwrap().is_empty());

    // The page itself, and a name the UI does not have.
    let (status, _, page) = fetch(&app, "/api/docs/", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("swagger"), "{page}");
    let (status, _, _) = fetch(&app, "/api/docs/no-such-file.js", Some("br")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
