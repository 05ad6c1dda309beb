//! `ApiError`: every failure a handler can return, mapped in one place to an RFC 9457
//! `application/problem+json` response. Internal causes are logged, never sent.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use youai_types::{FieldError, Problem};

use crate::context::Lang;

pub const PROBLEM_JSON: &str = "application/problem+json";

#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub detail: String,
    pub errors: Vec<FieldError>,
    /// For imports: every bad cell.
    pub row_errors: Box<[youai_types::RowError]>,
    pub headers: Vec<(HeaderName, String)>,
    /// What some problems carry besides (boxed, so the error stays small).
    pub more: Option<Box<More>>,
}

/// The particulars of a few kinds of problem.
#[derive(Debug, Clone)]
pub enum More {
    /// A stored value that could not be read: `db::run` names the rows holding it in the log.
    Unreadable(youai_types::UnreadableValue),
    /// An illegal transition: the state now and the moves it allows.
    Transition { state: String, allowed: Vec<String> },
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, detail: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            detail: detail.into(),
            errors: Vec::new(),
            row_errors: Box::default(),
            headers: Vec::new(),
            more: None,
        }
    }

    /// A 409 for a move the object's state does not allow, naming the state and the moves it
    /// does allow (`state` and `allowed` in the problem).
    pub fn invalid_transition(
        detail: impl Into<String>,
        state: &str,
        allowed: Vec<String>,
    ) -> Self {
        ApiError {
            more: Some(Box::new(More::Transition {
                state: state.to_owned(),
                allowed,
            })),
            ..Self::conflict("invalid_transition", detail)
        }
    }

    pub fn with_header(mut self, name: HeaderName, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    pub fn validation(errors: Vec<FieldError>) -> Self {
        let detail = format!("{} 处内容未通过校验", errors.len());
        ApiError {
            errors,
            ..Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation_failed",
                detail,
            )
        }
    }

    pub fn field(field: &str, code: &str, message: &str) -> Self {
        Self::validation(vec![FieldError::new(field, code, message)])
    }

    pub fn bad_request(code: &'static str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, detail)
    }

    pub fn unauthorized(code: &'static str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, code, detail)
            .with_header(header::WWW_AUTHENTICATE, "Bearer")
    }

    pub fn forbidden() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "你没有在此范围内执行该操作的权限",
        )
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", format!("{what}不存在"))
    }

    pub fn conflict(code: &'static str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, code, detail)
    }

    pub fn precondition_failed() -> Self {
        Self::new(
            StatusCode::PRECONDITION_FAILED,
            "precondition_failed",
            "资源已被他人修改：请重新读取后再提交（If-Match 不符）",
        )
    }

    /// A failure on our side. The cause is logged with the request id; the client learns nothing of it.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(cause = %cause, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            "服务器内部错误，请稍后重试；如持续出现请提供请求编号",
        )
    }

    pub fn unavailable(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "service_unavailable",
            detail,
        )
    }

    /// The state and the allowed moves of an illegal transition.
    pub fn transition(&self) -> Option<(&str, &[String])> {
        match self.more.as_deref() {
            Some(More::Transition { state, allowed }) => Some((state, allowed)),
            _ => None,
        }
    }

    /// The problem as the caller reads it: in English when its `Accept-Language` prefers that
    /// (the words chosen by each code; see `english`), else as written, in Chinese.
    pub fn to_problem(&self) -> Problem {
        let mut problem = Problem {
            type_uri: format!("urn:youai:problem:{}", self.code),
            title: title(self.status).to_owned(),
            status: self.status.as_u16(),
            detail: self.detail.clone(),
            code: self.code.to_owned(),
            errors: self.errors.clone(),
            row_errors: self.row_errors.to_vec(),
            state: self.transition().map(|t| t.0.to_owned()),
            allowed: self.transition().map(|t| t.1.to_vec()),
            request_id: crate::context::current_request_id(),
        };
        if crate::context::current_lang() == Lang::En {
            let status = problem.status;
            let english = |code: &str, words: &str| {
                crate::english::message(code, words)
                    .unwrap_or_else(|| crate::english::title(status).to_owned())
            };
            problem.detail = english(&problem.code, &problem.detail);
            for f in &mut problem.errors {
                f.message = english(&f.code, &f.message);
            }
            for r in &mut problem.row_errors {
                r.message = english(&r.code, &r.message);
            }
            problem.title = crate::english::title(problem.status).to_owned();
        }
        problem
    }
}

/// A short summary per status, the problem's `title`.
pub fn title(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "请求格式有误",
        401 => "未登录或登录已失效",
        403 => "无权执行此操作",
        404 => "未找到",
        405 => "不支持该请求方法",
        409 => "与现有数据冲突",
        412 => "前提条件不成立",
        413 => "请求体过大",
        415 => "不支持的内容类型",
        422 => "请求内容有误",
        429 => "请求过于频繁",
        503 => "服务暂不可用",
        s if s >= 500 => "服务器内部错误",
        _ => "请求失败",
    }
}

/// The stable code for a status when nothing more specific is known.
pub fn default_code(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "bad_request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        406 => "not_acceptable",
        409 => "conflict",
        412 => "precondition_failed",
        413 => "payload_too_large",
        415 => "unsupported_media_type",
        422 => "validation_failed",
        429 => "too_many_requests",
        503 => "service_unavailable",
        s if s >= 500 => "internal_error",
        _ => "client_error",
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}: {}", self.status.as_u16(), self.code, self.detail)
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        let mut res = HttpResponse::build(self.status);
        res.insert_header((header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON)));
        res.insert_header((
            header::CONTENT_LANGUAGE,
            HeaderValue::from_static(crate::context::current_lang().tag()),
        ));
        res.insert_header((header::VARY, HeaderValue::from_static("Accept-Language")));
        for (name, value) in &self.headers {
            if let Ok(v) = HeaderValue::from_str(value) {
                res.insert_header((name.clone(), v));
            }
        }
        let body = serde_json::to_string(&self.to_problem()).unwrap_or_else(|_| "{}".to_owned());
        res.body(body)
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(e: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match e {
            Error::NotFound => ApiError::not_found("资源"),
            Error::DatabaseError(DatabaseErrorKind::SerializationFailure, _) => {
                ApiError::unavailable("数据库繁忙，请重试").with_header(header::RETRY_AFTER, "1")
            }
            // Handlers check uniqueness and references first; the constraint table is the
            // race-loser's answer (and a forgotten check's), by constraint name.
            Error::DatabaseError(kind, info) => crate::constraints::violation(&kind, info.as_ref())
                .unwrap_or_else(|| ApiError::internal(Error::DatabaseError(kind, info))),
            other => {
                let more = youai_db::unreadable::unreadable(&other)
                    .cloned()
                    .map(|u| Box::new(More::Unreadable(u)));
                ApiError {
                    more,
                    ..ApiError::internal(other)
                }
            }
        }
    }
}

impl From<r2d2::Error> for ApiError {
    fn from(e: r2d2::Error) -> Self {
        tracing::error!(cause = %e, "database pool exhausted or unreachable");
        ApiError::unavailable("数据库暂不可用，请稍后重试").with_header(header::RETRY_AFTER, "2")
    }
}
