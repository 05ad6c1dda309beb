//! Serving the single-page app: static files from its build directory, `index.html` for any
//! other path (client-side routes), and the browser security headers.

use std::path::{Path, PathBuf};

use actix_files::{Files, NamedFile};
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse, fn_service};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpResponse, web};

/// Finds the built SPA without configuration: `YOUAI_SPA_DIR` if set, else `frontend/dist`
/// under the working directory, else next to the binary's checkout (`target/*/youai`).
pub fn find_dir(explicit: Option<&Path>) -> Option<PathBuf> {
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Some(p) = explicit {
        candidates.push(p.to_path_buf());
    }
    candidates.push(PathBuf::from("frontend/dist"));
    if let Ok(exe) = std::env::current_exe() {
        for up in exe.ancestors().skip(1).take(4) {
            candidates.push(up.join("frontend/dist"));
        }
    }
    candidates
        .into_iter()
        .find(|d| d.join("index.html").is_file())
}

pub fn configure(cfg: &mut web::ServiceConfig, dir: Option<PathBuf>) {
    match dir {
        Some(dir) => {
            let index = dir.join("index.html");
            cfg.service(
                Files::new("/", dir)
                    .index_file("index.html")
                    .default_handler(fn_service(move |req: ServiceRequest| {
                        let index = index.clone();
                        async move {
                            let (req, _) = req.into_parts();
                            let res = NamedFile::open_async(&index).await?.into_response(&req);
                            Ok(ServiceResponse::new(req, res))
                        }
                    })),
            );
        }
        None => {
            cfg.default_service(web::to(|| async {
                HttpResponse::Ok()
                    .content_type("text/html; charset=utf-8")
                    .body(NOT_BUILT)
            }));
        }
    }
}

const NOT_BUILT: &str = "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>友爱 youai</title>\
<h1>友爱 youai</h1><p>网页端尚未构建：请运行 <code>make build</code>（或 <code>make run</code>）。\
接口文档见 <a href=\"/api/docs/\">/api/docs/</a>。</p></html>";

/// The wasm bundle needs `wasm-unsafe-eval`; everything else comes from this origin.
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; \
img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

pub async fn security_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    // Swagger UI ships inline scripts of its own; it gets the other headers but not our CSP.
    let is_docs = req.path().starts_with("/api/docs");
    let mut res = next.call(req).await?;
    let h = res.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if !is_docs {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        );
    }
    h.insert(
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
    Ok(res)
}
