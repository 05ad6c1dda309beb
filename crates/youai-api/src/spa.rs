//! Serving the single-page app: the files of its build (pre-compressed, content-hashed names
//! cached for a year), `index.html` for any other path (client-side routes), and the browser
//! security headers.

use std::path::{Path, PathBuf};

use actix_files::{NamedFile, file_extension_to_mime};
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::http::header::{self, ContentEncoding, HeaderMap, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse, web};

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
            let dir = web::Data::new(SpaDir(dir));
            cfg.app_data(dir)
                .default_service(web::route().to(serve_asset));
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

struct SpaDir(PathBuf);

/// A file of the build, in the encoding the browser asks for (the build writes `.br` and `.gz`
/// beside each file worth compressing); a missing asset is a 404; any other path is a client-side
/// route and gets `index.html`.
async fn serve_asset(req: HttpRequest, dir: web::Data<SpaDir>) -> actix_web::Result<HttpResponse> {
    if !matches!(*req.method(), Method::GET | Method::HEAD) {
        return Ok(HttpResponse::MethodNotAllowed()
            .insert_header((header::ALLOW, "GET, HEAD"))
            .finish());
    }
    let file = match asset_path(&dir.0, req.path()) {
        Some(path) if path.is_file() => path,
        // A chunk or stylesheet that is not there must not come back as the page: the browser
        // would report a MIME error instead of the missing file.
        _ if looks_like_asset(req.path()) => return Ok(HttpResponse::NotFound().finish()),
        _ => dir.0.join("index.html"),
    };
    let name = file
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_owned();
    let accepted = accepted_encodings(req.headers());
    let (body_path, encoding) = [(Encoding::Brotli, "br"), (Encoding::Gzip, "gz")]
        .into_iter()
        .filter(|(e, _)| accepted.contains(e))
        .map(|(e, ext)| (sibling(&file, ext), Some(e)))
        .find(|(p, _)| p.is_file())
        .unwrap_or((file.clone(), None));

    let mut named = NamedFile::open_async(&body_path)
        .await?
        .disable_content_disposition()
        .set_content_type(content_type(&name));
    if let Some(e) = encoding {
        named = named.set_content_encoding(e.header());
    }
    let mut res = named.into_response(&req);
    let h = res.headers_mut();
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(if is_hashed(&name) {
            // The name changes with the content: keep it for a year, never ask again.
            "public, max-age=31536000, immutable"
        } else {
            // index.html and the few fixed names: ask every time (an ETag makes that a 304),
            // so a release is picked up at once.
            "no-cache"
        }),
    );
    h.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    Ok(res)
}

/// The encodings assets are served in besides the identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    Brotli,
    Gzip,
}

impl Encoding {
    fn header(self) -> ContentEncoding {
        match self {
            Encoding::Brotli => ContentEncoding::Brotli,
            Encoding::Gzip => ContentEncoding::Gzip,
        }
    }

    /// The `Content-Encoding` token.
    pub(crate) fn token(self) -> &'static str {
        match self {
            Encoding::Brotli => "br",
            Encoding::Gzip => "gzip",
        }
    }
}

/// The encodings `Accept-Encoding` allows (a `q=0` refuses one).
pub(crate) fn accepted_encodings(headers: &HeaderMap) -> Vec<Encoding> {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|item| {
            let mut parts = item.split(';').map(str::trim);
            let name = parts.next()?.to_ascii_lowercase();
            let refused = parts.any(|p| {
                p.strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            if refused {
                return None;
            }
            match name.as_str() {
                "br" => Some(Encoding::Brotli),
                "gzip" => Some(Encoding::Gzip),
                _ => None,
            }
        })
        .collect()
}

/// The file under `dir` that a URL path names, or `None` for a path that could leave `dir` or
/// names a hidden file.
fn asset_path(dir: &Path, url_path: &str) -> Option<PathBuf> {
    let rel = url_path.trim_start_matches('/');
    if rel.is_empty() {
        return None;
    }
    let mut path = dir.to_path_buf();
    for segment in rel.split('/') {
        if segment.is_empty()
            || segment.starts_with('.')
            || segment.contains(['\\', '%', ':', '\0'])
        {
            return None;
        }
        path.push(segment);
    }
    Some(path)
}

/// The extensions the build writes; any other path is the app's.
const ASSET_EXTENSIONS: &[&str] = &[
    "js", "wasm", "css", "svg", "png", "ico", "json", "map", "txt", "woff2", "br", "gz",
];

fn looks_like_asset(url_path: &str) -> bool {
    let last = url_path.rsplit('/').next().unwrap_or_default();
    last.rsplit_once('.')
        .is_some_and(|(_, ext)| ASSET_EXTENSIONS.contains(&ext))
}

fn sibling(file: &Path, ext: &str) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".");
    name.push(ext);
    PathBuf::from(name)
}

fn content_type(name: &str) -> mime::Mime {
    match name.rsplit_once('.').map(|(_, ext)| ext) {
        Some("html") => mime::TEXT_HTML_UTF_8,
        Some("js") => mime::TEXT_JAVASCRIPT,
        Some(ext) => file_extension_to_mime(ext),
        None => mime::APPLICATION_OCTET_STREAM,
    }
}

/// A name the build gave a content hash: `stem-0123456789abcdef.ext` (16 hex digits).
fn is_hashed(name: &str) -> bool {
    let stem = name.split_once('.').map_or(name, |(stem, _)| stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        hash.len() == 16 && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    })
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn asset_paths_stay_inside_the_build() {
        let dir = Path::new("/srv/dist");
        assert_eq!(
            asset_path(dir, "/app-0123456789abcdef.wasm"),
            Some(PathBuf::from("/srv/dist/app-0123456789abcdef.wasm"))
        );
        assert_eq!(
            asset_path(dir, "/snippets/a/b.js"),
            Some(PathBuf::from("/srv/dist/snippets/a/b.js"))
        );
        for bad in [
            "/",
            "/../etc/passwd",
            "/a/../../b",
            "/.env",
            "/%2e%2e/x",
            "/a\\..\\b",
            "/c:/x",
        ] {
            assert_eq!(asset_path(dir, bad), None, "{bad}");
        }
    }

    #[test]
    fn client_routes_are_not_assets() {
        assert!(looks_like_asset("/youai_frontend-0123456789abcdef.wasm"));
        assert!(looks_like_asset("/style.css"));
        for route in [
            "/",
            "/teams/12",
            "/verify/ZJG-2026-0001",
            "/console/records",
        ] {
            assert!(!looks_like_asset(route), "{route}");
        }
    }

    #[test]
    fn hashed_names_are_recognised() {
        assert!(is_hashed("youai_frontend-0123456789abcdef.js"));
        assert!(is_hashed("youai_frontend_bg-00aa11bb22cc33dd.wasm"));
        assert!(!is_hashed("index.html"));
        assert!(!is_hashed("boot.js"));
        assert!(!is_hashed("youai_frontend-0123456789ABCDEF.js"));
        assert!(!is_hashed("chunk-0123456789abcde.js"));
    }

    #[test]
    fn accept_encoding_honours_refusals() {
        let h = |v: &'static str| {
            let mut m = HeaderMap::new();
            m.insert(header::ACCEPT_ENCODING, HeaderValue::from_static(v));
            accepted_encodings(&m)
        };
        assert_eq!(
            h("gzip, deflate, br, zstd"),
            [Encoding::Gzip, Encoding::Brotli]
        );
        assert_eq!(h("br;q=0, gzip;q=0.5"), [Encoding::Gzip]);
        assert_eq!(h("GZIP"), [Encoding::Gzip]);
        assert_eq!(h("identity"), []);
    }
}
