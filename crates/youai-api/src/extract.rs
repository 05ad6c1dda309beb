//! Extractor settings: bad JSON, wrong content type, oversized bodies and bad query or path
//! parameters all become problem+json with a precise status and code.

use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::http::StatusCode;
use actix_web::web;
use youai_types::FieldError;

use crate::error::ApiError;

pub const JSON_LIMIT: usize = 1024 * 1024;

pub fn json_config() -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(JSON_LIMIT)
        .error_handler(|err, _req| json_error(&err).into())
}

fn json_error(err: &JsonPayloadError) -> ApiError {
    match err {
        JsonPayloadError::ContentType => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "请求体须为 JSON（Content-Type: application/json）",
        ),
        JsonPayloadError::Overflow { .. } | JsonPayloadError::OverflowKnownLength { .. } => {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                "请求体超过 1 MiB",
            )
        }
        JsonPayloadError::Deserialize(e) if e.is_data() => data_error(e),
        JsonPayloadError::Deserialize(e) => ApiError::bad_request(
            "malformed_json",
            format!(
                "请求体不是合法的 JSON：第 {} 行第 {} 列",
                e.line(),
                e.column()
            ),
        ),
        other => ApiError::bad_request("bad_body", format!("无法读取请求体：{other}")),
    }
}

/// Well-formed JSON of the wrong shape: name the field when serde says which.
fn data_error(e: &serde_json::Error) -> ApiError {
    let msg = e.to_string();
    let quoted = |prefix: &str| {
        msg.split_once(prefix)
            .and_then(|(_, rest)| rest.strip_prefix('`'))
            .and_then(|r| r.split_once('`'))
            .map(|(f, _)| f.to_owned())
    };
    let (field, code, message) = if let Some(f) = quoted("missing field ") {
        (f, "required", "缺少必填字段".to_owned())
    } else if let Some(f) = quoted("unknown field ") {
        (f, "unknown_field", "不认识的字段".to_owned())
    } else {
        (
            "body".to_owned(),
            "invalid_type",
            format!("字段类型或取值不对：{msg}"),
        )
    };
    ApiError::validation(vec![FieldError::new(field, code, message)])
}

pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|err, _req| {
        let detail = match &err {
            QueryPayloadError::Deserialize(e) => e.to_string(),
            other => other.to_string(),
        };
        ApiError::bad_request("invalid_query", format!("查询参数有误：{detail}")).into()
    })
}

pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|err, _req| {
        let detail = match &err {
            PathError::Deserialize(e) => e.to_string(),
            other => other.to_string(),
        };
        ApiError::bad_request("invalid_path_parameter", format!("路径参数有误：{detail}")).into()
    })
}
