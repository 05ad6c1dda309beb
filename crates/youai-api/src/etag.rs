//! Entity tags: a strong ETag is a hash of the representation, so any change to what a client
//! sees changes it. `If-None-Match` gives 304; `If-Match` on writes gives 412 when stale.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderMap};
use actix_web::{HttpRequest, HttpResponse};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::{ApiError, ApiResult};

pub fn etag_of<T: Serialize>(value: &T) -> String {
    let bytes = serde_json::to_vec(value).unwrap_or_default();
    let digest = Sha256::digest(&bytes);
    format!("\"{}\"", hex::encode(digest.get(..16).unwrap_or_default()))
}

/// Does a list header (`If-None-Match`, `If-Match`) name this tag (or `*`)?
fn header_matches(
    headers: &HeaderMap,
    name: header::HeaderName,
    etag: &str,
    weak_ok: bool,
) -> Option<bool> {
    let mut seen = false;
    for value in headers.get_all(name) {
        seen = true;
        let Ok(v) = value.to_str() else { continue };
        for tag in v.split(',').map(str::trim) {
            let tag = if weak_ok {
                tag.strip_prefix("W/").unwrap_or(tag)
            } else {
                tag
            };
            if tag == "*" || tag == etag {
                return Some(true);
            }
        }
    }
    seen.then_some(false)
}

/// 200 with the body and its ETag, or 304 when the client already has it.
pub fn ok_with_etag<T: Serialize>(req: &HttpRequest, value: &T) -> HttpResponse {
    respond(req, StatusCode::OK, value)
}

pub fn respond<T: Serialize>(req: &HttpRequest, status: StatusCode, value: &T) -> HttpResponse {
    let etag = etag_of(value);
    if status == StatusCode::OK
        && header_matches(req.headers(), header::IF_NONE_MATCH, &etag, true) == Some(true)
    {
        return HttpResponse::NotModified()
            .insert_header((header::ETAG, etag))
            .finish();
    }
    HttpResponse::build(status)
        .insert_header((header::ETAG, etag))
        .json(value)
}

/// 201 with the body, its ETag and its `Location`.
pub fn created<T: Serialize>(value: &T, location: String) -> HttpResponse {
    HttpResponse::Created()
        .insert_header((header::ETAG, etag_of(value)))
        .insert_header((header::LOCATION, location))
        .json(value)
}

/// The `If-Match` header, joined, to carry into a transaction.
pub fn if_match(req: &HttpRequest) -> Option<String> {
    let values: Vec<&str> = req
        .headers()
        .get_all(header::IF_MATCH)
        .filter_map(|v| v.to_str().ok())
        .collect();
    (!values.is_empty()).then(|| values.join(","))
}

/// Fails with 412 when `If-Match` was sent and names another version (strong comparison).
pub fn check_if_match<T: Serialize>(if_match: Option<&str>, current: &T) -> ApiResult<()> {
    let Some(list) = if_match else { return Ok(()) };
    let etag = etag_of(current);
    if list
        .split(',')
        .map(str::trim)
        .any(|t| t == "*" || t == etag)
    {
        Ok(())
    } else {
        Err(ApiError::precondition_failed())
    }
}
