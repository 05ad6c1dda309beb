//! The outermost middleware: gives every request an id (`X-Request-Id`) and a tracing span,
//! catches handler panics, turns any error response that is not yet problem+json into one,
//! logs the outcome and records metrics.

use std::panic::AssertUnwindSafe;
use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{ResponseError, web};
use futures_util::FutureExt;
use tracing::Instrument;

use crate::error::{ApiError, PROBLEM_JSON, default_code};
use crate::state::AppState;

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

tokio::task_local! {
    static CURRENT_REQUEST_ID: String;
    static CURRENT_LANG: Lang;
}

/// The language problems are worded in: zh-CN, unless the caller's `Accept-Language`
/// prefers English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// The `Content-Language` of a problem in this language.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// The caller's choice between the two by `Accept-Language` (RFC 9110 §12.5.4): the
    /// highest `q` among `zh…` and `en…` ranges, the earlier on a tie; zh-CN when neither is
    /// named, the header is missing or unreadable.
    pub fn preferred(accept_language: Option<&str>) -> Lang {
        let mut best: Option<(Lang, f32)> = None;
        for range in accept_language.unwrap_or_default().split(',') {
            let mut parts = range.split(';');
            let tag = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or_default();
            let lang = match primary {
                "en" => Lang::En,
                "zh" => Lang::Zh,
                _ => continue,
            };
            if q > 0.0 && best.is_none_or(|(_, b)| q > b) {
                best = Some((lang, q));
            }
        }
        best.map_or(Lang::Zh, |(lang, _)| lang)
    }
}

/// The language of the request being handled (zh-CN outside a request).
pub fn current_lang() -> Lang {
    CURRENT_LANG.try_with(|l| *l).unwrap_or(Lang::Zh)
}

/// The id of the request being handled, for problem bodies and logs.
pub fn current_request_id() -> Option<String> {
    CURRENT_REQUEST_ID.try_with(Clone::clone).ok()
}

/// Accepts a caller's request id when it is short and plain, else makes one.
fn request_id(req: &ServiceRequest) -> String {
    req.headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty()
                && v.len() <= 64
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        .map_or_else(|| uuid::Uuid::new_v4().to_string(), str::to_owned)
}

pub async fn request_context(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let id = request_id(&req);
    let lang = Lang::preferred(
        req.headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    );
    let method = req.method().to_string();
    let path = req.path().to_owned();
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let span = tracing::info_span!("request", request_id = %id, method = %method, path = %path);
    let started = Instant::now();

    let outcome = CURRENT_REQUEST_ID
        .scope(
            id.clone(),
            CURRENT_LANG.scope(lang, AssertUnwindSafe(next.call(req)).catch_unwind()),
        )
        .instrument(span.clone())
        .await;

    let mut res = CURRENT_REQUEST_ID.sync_scope(id.clone(), || {
        CURRENT_LANG.sync_scope(lang, || {
            let _enter = span.enter();
            match outcome {
                Ok(Ok(res)) => normalize(res.map_into_boxed_body()),
                Ok(Err(err)) => {
                    // No request is at hand here (it went into the service), so answer on a blank one.
                    normalize(ServiceResponse::new(blank_request(), err.error_response()))
                }
                Err(panic) => {
                    let what = panic
                        .downcast_ref::<&str>()
                        .map(|s| (*s).to_owned())
                        .or_else(|| panic.downcast_ref::<String>().cloned())
                        .unwrap_or_default();
                    let api = ApiError::internal(format!("handler panicked: {what}"));
                    ServiceResponse::new(blank_request(), api.error_response())
                }
            }
        })
    });

    if let Ok(v) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(REQUEST_ID, v);
    }
    let status = res.status().as_u16();
    let route = res
        .request()
        .match_pattern()
        .unwrap_or_else(|| "unmatched".to_owned());
    let elapsed = started.elapsed();
    if let Some(state) = state {
        state.metrics.observe(&method, &route, status, elapsed);
    }
    span.in_scope(|| {
        if status >= 500 {
            tracing::error!(
                status,
                elapsed_ms = elapsed.as_millis() as u64,
                "request failed"
            );
        } else {
            tracing::info!(status, elapsed_ms = elapsed.as_millis() as u64, "request");
        }
    });
    Ok(res)
}

/// A stand-in request for responses made after the real one was consumed: actix forbids
/// holding a clone of the request while it is routed.
fn blank_request() -> actix_web::HttpRequest {
    actix_web::test::TestRequest::default().to_http_request()
}

/// Gives errors from outside our handlers (actix's own 404/405/413…) the problem+json shape.
fn normalize(res: ServiceResponse<BoxBody>) -> ServiceResponse<BoxBody> {
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    // Our handlers answer in JSON (problems, or a deliberate JSON body such as /readyz's);
    // actix's own errors come as text.
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with(PROBLEM_JSON) || v.starts_with("application/json"));
    if is_json {
        return res;
    }
    let api = ApiError::new(status, default_code(status), crate::error::title(status));
    let mut fresh = api.error_response();
    // Keep headers that matter to clients (Allow, Retry-After, WWW-Authenticate).
    for name in [header::ALLOW, header::RETRY_AFTER, header::WWW_AUTHENTICATE] {
        if let Some(v) = res.headers().get(&name) {
            fresh.headers_mut().insert(name, v.clone());
        }
    }
    res.into_response(fresh)
}

/// Runs `f` with the request id set, for work moved onto another thread (the language is not
/// needed there: problems are worded when the response is made, back on the request's task).
pub fn with_request_id<T>(id: String, f: impl FnOnce() -> T) -> T {
    CURRENT_REQUEST_ID.sync_scope(id, f)
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn accept_language_picks_the_preferred_of_chinese_and_english() {
        assert_eq!(Lang::preferred(None), Lang::Zh);
        assert_eq!(Lang::preferred(Some("")), Lang::Zh);
        assert_eq!(Lang::preferred(Some("en")), Lang::En);
        assert_eq!(Lang::preferred(Some("en-US,en;q=0.9")), Lang::En);
        assert_eq!(Lang::preferred(Some("zh-CN,zh;q=0.9,en;q=0.8")), Lang::Zh);
        assert_eq!(Lang::preferred(Some("fr, en;q=0.5, zh;q=0.4")), Lang::En);
        assert_eq!(Lang::preferred(Some("en;q=0, zh-TW")), Lang::Zh);
        assert_eq!(Lang::preferred(Some("de-DE, *")), Lang::Zh);
        assert_eq!(Lang::preferred(Some("EN-gb;q=0.7,ZH;q=0.7")), Lang::En);
    }
}
