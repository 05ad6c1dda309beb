//! Why a call failed: a problem document (RFC 9457) with its field errors, no answer, or an
//! answer that is not the API's.

use std::fmt;

use youai_types::{FieldError, Problem};

/// Why a call failed.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The server answered with a problem document (RFC 9457). Boxed: it is large, and
    /// errors travel through every `Result`.
    Problem(Box<Problem>),
    /// No answer at all: offline, server down, request blocked.
    Network(String),
    /// An answer that is not what the API promises (a proxy's HTML error page, a body that
    /// does not parse).
    Unexpected { status: u16, message: String },
}

impl ApiError {
    /// The problem document, when the server sent one.
    pub fn problem(&self) -> Option<&Problem> {
        match self {
            ApiError::Problem(p) => Some(p),
            _ => None,
        }
    }

    /// The problem's stable `code` (`invalid_credentials`, `validation_failed`, …).
    pub fn code(&self) -> Option<&str> {
        self.problem().map(|p| p.code.as_str())
    }

    /// Field-level errors (empty unless the server sent some).
    pub fn field_errors(&self) -> &[FieldError] {
        self.problem().map_or(&[], |p| p.errors.as_slice())
    }

    /// The first message for one request field, e.g. `"phone"`.
    pub fn field_message(&self, field: &str) -> Option<&str> {
        self.field_error(field).map(|e| e.message.as_str())
    }

    /// The first error for one request field, e.g. `"phone"`.
    pub fn field_error(&self, field: &str) -> Option<&FieldError> {
        self.field_errors().iter().find(|e| e.field == field)
    }

    /// Whether the problem is `code`, or a field error with that code (`volunteer_profile_required`).
    pub fn is(&self, code: &str) -> bool {
        self.code() == Some(code) || self.field_errors().iter().any(|e| e.code == code)
    }

    /// The same error without the field errors for `fields` (those a form shows beside its
    /// inputs); `None` when nothing is left to say.
    pub fn without_fields(&self, fields: &[&str]) -> Option<ApiError> {
        match self {
            ApiError::Problem(p) if !p.errors.is_empty() => {
                let rest: Vec<FieldError> = p
                    .errors
                    .iter()
                    .filter(|e| !fields.contains(&e.field.as_str()))
                    .cloned()
                    .collect();
                if rest.is_empty() {
                    return None;
                }
                let mut p = p.clone();
                p.errors = rest;
                Some(ApiError::Problem(p))
            }
            other => Some(other.clone()),
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::Problem(p) => f.write_str(&p.detail),
            ApiError::Network(m) => write!(f, "network error: {m}"),
            ApiError::Unexpected { status, message } => {
                write!(f, "unexpected response ({status}): {message}")
            }
        }
    }
}

impl std::error::Error for ApiError {}

/// Parses a problem document; anything else (a proxy's HTML page) becomes `Unexpected`.
pub(super) fn error_from(status: u16, body: &str) -> ApiError {
    match serde_json::from_str::<Problem>(body) {
        Ok(problem) => ApiError::Problem(Box::new(problem)),
        Err(_) => ApiError::Unexpected {
            status,
            message: body.chars().take(200).collect(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problem_documents_become_typed_errors_with_field_errors() {
        let body = r#"{"type":"https://youai.example/problems/validation_failed","title":"请求内容有误",
            "status":422,"detail":"1 个字段未通过校验","code":"validation_failed",
            "errors":[{"field":"phone","code":"invalid_phone","message":"手机号须为 11 位中国大陆手机号"}]}"#;
        let e = error_from(422, body);
        assert_eq!(e.code(), Some("validation_failed"));
        assert_eq!(e.to_string(), "1 个字段未通过校验");
        assert_eq!(
            e.field_message("phone"),
            Some("手机号须为 11 位中国大陆手机号")
        );
        assert_eq!(e.field_message("password"), None);
    }

    #[test]
    fn forms_take_their_fields_and_leave_the_rest() {
        let body = r#"{"type":"t","title":"t","status":422,"detail":"2 处内容未通过校验","code":"validation_failed",
            "errors":[{"field":"real_name","code":"required","message":"不能为空"},
                      {"field":"availability","code":"bad","message":"时段无效"}]}"#;
        let e = error_from(422, body);
        let rest = e.without_fields(&["real_name"]).unwrap();
        assert_eq!(rest.field_errors().len(), 1);
        assert_eq!(rest.field_message("availability"), Some("时段无效"));
        assert!(e.without_fields(&["real_name", "availability"]).is_none());
        assert!(e.is("required") && e.is("validation_failed") && !e.is("conflict"));
        let network = ApiError::Network("offline".into());
        assert_eq!(
            network.without_fields(&["real_name"]),
            Some(network.clone())
        );
    }

    #[test]
    fn non_problem_bodies_are_unexpected() {
        let e = error_from(502, "<html>Bad Gateway</html>");
        assert!(matches!(e, ApiError::Unexpected { status: 502, .. }));
        assert!(e.field_errors().is_empty());
        assert_eq!(e.code(), None);
    }
}
