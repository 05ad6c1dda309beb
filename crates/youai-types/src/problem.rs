//! RFC 9457 problem details, the body of every error response.

use serde::{Deserialize, Serialize};

/// An error response (`application/problem+json`, RFC 9457).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "type": "urn:youai:problem:validation_failed",
    "title": "请求内容有误",
    "status": 422,
    "detail": "1 处内容未通过校验",
    "code": "validation_failed",
    "errors": [{"field": "phone", "code": "invalid_phone", "message": "手机号须为 11 位中国大陆手机号"}],
    "request_id": "4f1c2d9a-4c7e-4c55-9d3a-1f2e3d4c5b6a"
})))]
pub struct Problem {
    /// A URI naming the kind of problem; stable, one per `code`.
    #[serde(rename = "type")]
    pub type_uri: String,
    /// A short human summary of the kind of problem.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// A human explanation of this occurrence.
    pub detail: String,
    /// A stable snake_case code that clients can branch on.
    pub code: String,
    /// Field-level details (validation errors).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// Row-level details (imports): every bad cell of the file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub row_errors: Vec<crate::RowError>,
    /// For an illegal state transition (409 `invalid_transition`): the object's state now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// For an illegal state transition: the moves its state allows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed: Option<Vec<String>>,
    /// The request id (also in the `X-Request-Id` header), for support.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// One field that failed validation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The JSON field (dotted path for nested fields).
    pub field: String,
    /// A stable snake_case code, e.g. `required`, `too_short`, `invalid_phone`.
    pub code: String,
    /// A human message.
    pub message: String,
}

impl FieldError {
    pub fn new(
        field: impl Into<String>,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            field: field.into(),
            code: code.into(),
            message: message.into(),
        }
    }
}
