//! `Idempotency-Key` on creating POSTs: the first request with a key runs and its response is
//! stored; a retry with the same key and the same body gets that response again (marked
//! `Idempotent-Replayed: true`); the same key with another body is 422. Keys belong to the
//! caller (the bearer's user, or anonymous) and expire after 24 hours.

use std::time::Duration;

use actix_web::body::{BoxBody, MessageBody, to_bytes};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, HttpResponse, web};
use sha2::{Digest, Sha256};
use youai_db::idempotency::{self, Claim};

use crate::error::ApiError;
use crate::state::AppState;

pub const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");
pub const REPLAYED: HeaderName = HeaderName::from_static("idempotent-replayed");
const KEEP_FOR: Duration = Duration::from_secs(24 * 3600);
/// The largest body read here: CSV imports may reach 8 MiB (JSON bodies stop at 1 MiB).
pub const MAX_BODY: usize = 8 * 1024 * 1024;

/// Session endpoints are excluded: replaying a login or a token rotation would hand out the
/// same credentials twice and defeat refresh-token reuse detection. So are the answers that
/// show a webhook's signing secret: it is shown once and never stored in clear.
fn excluded(path: &str) -> bool {
    matches!(
        path,
        "/api/v1/auth/login" | "/api/v1/auth/refresh" | "/api/v1/auth/logout"
    ) || path == "/api/v1/webhooks"
        || (path.starts_with("/api/v1/webhooks/") && path.ends_with("/secret"))
}

pub async fn idempotency(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    if req.method() != Method::POST || excluded(req.path()) {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body);
    }
    let Some(key) = req.headers().get(&IDEMPOTENCY_KEY).cloned() else {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body);
    };
    let key = match key.to_str() {
        Ok(k) if !k.is_empty() && k.len() <= 255 => k.to_owned(),
        _ => {
            return Err(ApiError::bad_request(
                "invalid_idempotency_key",
                "Idempotency-Key 须为 1 到 255 个可见 ASCII 字符",
            )
            .into());
        }
    };
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return Err(ApiError::internal("AppState missing").into());
    };

    // Read the body to hash it, then put it back for the handler.
    let body = read_body(&mut req).await?;
    req.set_payload(Payload::from(body.clone()));
    let principal = crate::auth::bearer_user_id(req.request(), &state.auth)
        .map_or_else(|| "anonymous".to_owned(), |id| format!("user:{id}"));
    let method = req.method().to_string();
    let path = req.path().to_owned();
    let mut hasher = Sha256::new();
    hasher.update(method.as_bytes());
    hasher.update(b" ");
    hasher.update(req.uri().to_string().as_bytes());
    hasher.update(b"\n");
    hasher.update(&body);
    let request_hash = hex::encode(hasher.finalize());

    let claim = {
        let (principal, key, method, path, request_hash) = (
            principal.clone(),
            key.clone(),
            method,
            path,
            request_hash.clone(),
        );
        let expire_before =
            youai_db::now() - chrono::Duration::from_std(KEEP_FOR).unwrap_or_default();
        crate::db::write(&state, move |conn| {
            Ok(idempotency::claim(
                conn,
                &principal,
                &key,
                &method,
                &path,
                &request_hash,
                expire_before,
            )?)
        })
        .await?
    };

    match claim {
        Claim::Existing(stored) => {
            if stored.request_hash != request_hash {
                return Err(ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "idempotency_key_reused",
                    "此 Idempotency-Key 已用于另一个请求：请为新请求使用新的键",
                )
                .into());
            }
            let Some(status) = stored.status else {
                return Err(ApiError::conflict(
                    "idempotency_request_in_progress",
                    "使用此 Idempotency-Key 的请求仍在处理中，请稍后重试",
                )
                .with_header(header::RETRY_AFTER, "1")
                .into());
            };
            let status = u16::try_from(status)
                .ok()
                .and_then(|s| StatusCode::from_u16(s).ok())
                .unwrap_or(StatusCode::OK);
            let mut res = HttpResponse::build(status);
            if let Some(ct) = stored.content_type {
                res.insert_header((header::CONTENT_TYPE, ct));
            }
            if let Some(loc) = stored.location {
                res.insert_header((header::LOCATION, loc));
            }
            res.insert_header((REPLAYED, HeaderValue::from_static("true")));
            Ok(req.into_response(res.body(stored.response_body.unwrap_or_default())))
        }
        Claim::Claimed(id) => {
            let res = next.call(req).await;
            let res = match res {
                Ok(r) => r.map_into_boxed_body(),
                Err(e) => {
                    release(&state, id).await;
                    return Err(e);
                }
            };
            if res.status().is_server_error() {
                // Our failure: let a retry run the request again.
                release(&state, id).await;
                return Ok(res);
            }
            let (http_req, response) = res.into_parts();
            let status = response.status();
            let headers = response.headers().clone();
            let bytes = to_bytes(response.into_body())
                .await
                .map_err(|e| ApiError::internal(format!("reading response: {e}")))?;
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let content_type = headers
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            let location = headers
                .get(header::LOCATION)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            let saved = crate::db::write(&state, move |conn| {
                Ok(idempotency::complete(
                    conn,
                    id,
                    i32::from(status.as_u16()),
                    content_type.as_deref(),
                    location.as_deref(),
                    &text,
                )?)
            })
            .await;
            if let Err(e) = saved {
                tracing::error!(error = %e, "could not store the idempotent response");
            }
            let mut rebuilt = HttpResponse::build(status);
            for (name, value) in &headers {
                rebuilt.append_header((name.clone(), value.clone()));
            }
            Ok(ServiceResponse::new(http_req, rebuilt.body(bytes)))
        }
    }
}

async fn release(state: &AppState, id: i64) {
    if let Err(e) = crate::db::write(state, move |conn| Ok(idempotency::release(conn, id)?)).await {
        tracing::error!(error = %e, "could not release an idempotency key");
    }
}

async fn read_body(req: &mut ServiceRequest) -> Result<web::Bytes, actix_web::Error> {
    use futures_util::StreamExt;
    let mut payload = req.take_payload();
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk =
            chunk.map_err(|e| ApiError::bad_request("bad_body", format!("读取请求体失败：{e}")))?;
        if body.len() + chunk.len() > MAX_BODY {
            return Err(ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                "请求体超过 8 MiB",
            )
            .into());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}
