//! The request extractors and their settings: bad JSON, wrong content type, oversized bodies
//! and bad query or path parameters all become problem+json with a precise status and code.
//!
//! [`Json`] and [`Query`] are where every client-supplied text is first seen, so they refuse
//! what no person types and PostgreSQL cannot store: a string (or key) holding U+0000 or any
//! other C0 or C1 control character, or DEL, is a 422 naming the field by its JSON path
//! (`citation`, `items[2].name`) or its query parameter. Tab, line feed and carriage return
//! are allowed everywhere: they are typed into multi-line text, and a single-line field trims
//! or refuses them by its own rules.

use std::fmt::Write as _;
use std::ops::Deref;

use actix_web::dev::Payload;
use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::http::StatusCode;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::{LocalBoxFuture, Ready, ready};
use serde::de::DeserializeOwned;
use serde_json::Value;
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
    web::QueryConfig::default().error_handler(|err, _req| query_error(&err).into())
}

fn query_error(err: &QueryPayloadError) -> ApiError {
    let detail = match err {
        QueryPayloadError::Deserialize(e) => e.to_string(),
        other => other.to_string(),
    };
    ApiError::bad_request("invalid_query", format!("查询参数有误：{detail}"))
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

/// A character no person types: C0 and C1 controls and DEL, but not tab, LF or CR.
pub fn is_forbidden_char(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

const CONTROL_MESSAGE: &str = "不能含有控制字符（如 U+0000）";

/// At most this many fields are named; the rest are the same mistake.
const MAX_FIELD_ERRORS: usize = 20;

/// Every string (and key) in `value` holding a forbidden character, by its JSON path.
pub fn control_character_errors(value: &Value) -> Vec<FieldError> {
    let mut errors = Vec::new();
    walk(value, &mut String::new(), &mut errors);
    errors
}

fn walk(value: &Value, path: &mut String, errors: &mut Vec<FieldError>) {
    if errors.len() >= MAX_FIELD_ERRORS {
        return;
    }
    let len = path.len();
    match value {
        Value::String(s) if s.chars().any(is_forbidden_char) => {
            let field = if path.is_empty() { "body" } else { path };
            errors.push(FieldError::new(field, "control_character", CONTROL_MESSAGE));
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let _ = write!(path, "[{i}]");
                walk(item, path, errors);
                path.truncate(len);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
                if key.chars().any(is_forbidden_char) {
                    errors.push(FieldError::new(
                        path.as_str(),
                        "control_character",
                        CONTROL_MESSAGE,
                    ));
                } else {
                    walk(item, path, errors);
                }
                path.truncate(len);
            }
        }
        _ => {}
    }
}

/// A JSON body, like `web::Json` (same limit, content type and errors), whose strings were
/// checked for control characters before it was deserialised into `T`.
#[derive(Debug)]
pub struct Json<T>(pub T);

impl<T> Json<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> Deref for Json<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let value = web::Json::<Value>::from_request(req, payload);
        Box::pin(async move {
            let value = value.await?.into_inner();
            let errors = control_character_errors(&value);
            if !errors.is_empty() {
                return Err(ApiError::validation(errors).into());
            }
            T::deserialize(value)
                .map(Json)
                .map_err(|e| data_error(&e).into())
        })
    }
}

/// Query parameters, like `web::Query` (same errors), whose values were checked for control
/// characters first: a parameter that reaches a `LIKE` reaches the database as text.
#[derive(Debug)]
pub struct Query<T>(pub T);

impl<T> Query<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> Deref for Query<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned> FromRequest for Query<T> {
    type Error = actix_web::Error;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(query(req.query_string()).map_err(Into::into))
    }
}

fn query<T: DeserializeOwned>(qs: &str) -> Result<Query<T>, ApiError> {
    let pairs = web::Query::<Vec<(String, String)>>::from_query(qs)
        .map_err(|e| query_error(&e))?
        .into_inner();
    let errors: Vec<FieldError> = pairs
        .iter()
        .filter(|(k, v)| k.chars().chain(v.chars()).any(is_forbidden_char))
        .take(MAX_FIELD_ERRORS)
        .map(|(k, _)| FieldError::new(k.as_str(), "control_character", CONTROL_MESSAGE))
        .collect();
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    web::Query::<T>::from_query(qs)
        .map(|q| Query(q.into_inner()))
        .map_err(|e| query_error(&e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fields(v: &Value) -> Vec<String> {
        control_character_errors(v)
            .into_iter()
            .map(|e| e.field)
            .collect()
    }

    #[test]
    fn control_characters_are_named_by_their_json_path() {
        assert_eq!(fields(&json!({"citation": "好\u{0}人"})), ["citation"]);
        assert_eq!(
            fields(&json!({"items": [{"name": "a"}, {"name": "b"}, {"name": "c\u{7}"}]})),
            ["items[2].name"]
        );
        assert_eq!(fields(&json!(["ok", "\u{85}"])), ["[1]"]);
        assert_eq!(fields(&json!("\u{1b}[31m")), ["body"]);
        assert_eq!(fields(&json!({"a": {"b\u{0}": 1}})), ["a.b\u{0}"]);
        assert_eq!(fields(&json!({"x": "\u{7f}", "y": "\u{1f}"})), ["x", "y"]);
    }

    #[test]
    fn what_people_type_passes() {
        let typed = json!({"citation": "第一行\n第二行\r\n\t缩进", "n": 1, "b": true, "z": null,
            "emoji": "志愿者 🙂", "zwj": "👩\u{200d}👩"});
        assert!(fields(&typed).is_empty());
    }

    #[test]
    fn query_values_and_keys_are_checked() {
        #[derive(serde::Deserialize)]
        struct Q {
            #[allow(dead_code)]
            q: Option<String>,
        }
        let err = query::<Q>("q=a%00b").err().map(|e| e.errors);
        assert_eq!(
            err.and_then(|e| e.first().map(|f| f.field.clone())),
            Some("q".to_owned())
        );
        assert!(query::<Q>("q=%E5%A5%BD%09").is_ok());
        let bad = query::<Q>("q=%ZZ&q=1").err().map(|e| e.code);
        assert_eq!(bad, Some("invalid_query"));
    }
}
