//! Confirming a phone by SMS code: sending a code, whether this server requires one, and
//! resetting a forgotten password with one. Codes go out through the SMS provider at once (not
//! through the outbox, which would store the text); without a provider there are no codes.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use youai_domain::phone_codes as rules;
use youai_types::{
    PasswordReset, PhoneCodePurpose, PhoneCodeRequest, PhoneCodeSent, PhoneVerification,
    is_mobile_phone,
};

use crate::auth::hash_password;
use crate::error::{ApiError, ApiResult};
use crate::services::phone_codes::{self, Issued};
use crate::state::AppState;

/// The caller's address, as the per-address limit counts it.
fn peer_ip(http: &HttpRequest) -> String {
    http.peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

/// Without a gateway there are no codes: 404, as for an operation this server does not offer.
fn not_configured() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "sms_not_configured",
        "本站未开通短信验证码",
    )
}

/// Send a 6-digit code by SMS, valid 5 minutes for 5 guesses. One code per phone per minute
/// and 5 per hour, 20 per address per hour (429 with `Retry-After`). For `reset_password` the
/// answer is the same whether or not an account has the phone; only an account's phone gets
/// the message. For `register`, a phone an account already has is refused (409, as
/// registration itself would). 404 when the server sends no text messages; 503 when the
/// gateway failed.
#[utoipa::path(tag = "auth", request_body = PhoneCodeRequest, responses(
    (status = 202, description = "验证码已发送", body = PhoneCodeSent),
    (status = 400, response = crate::docs::BadRequest),
    (status = 409, response = crate::docs::Conflict),
    (status = 413, response = crate::docs::PayloadTooLarge),
    (status = 415, response = crate::docs::UnsupportedMediaType),
    (status = 422, response = crate::docs::ValidationFailed),
    (status = 429, description = "发送过于频繁", body = youai_types::Problem, content_type = "application/problem+json",
        headers(("Retry-After" = u64, description = "Seconds to wait")),
        example = json!({"type": "urn:youai:problem:too_many_codes", "title": "请求过于频繁", "status": 429, "detail": "验证码发送过于频繁，请 42 秒后再试", "code": "too_many_codes"})),
    (status = 404, description = "本站未开通短信验证码", body = youai_types::Problem, content_type = "application/problem+json",
        example = json!({"type": "urn:youai:problem:sms_not_configured", "title": "未找到", "status": 404, "detail": "本站未开通短信验证码", "code": "sms_not_configured"})),
    (status = 503, description = "短信网关暂不可用", body = youai_types::Problem, content_type = "application/problem+json",
        example = json!({"type": "urn:youai:problem:sms_failed", "title": "服务暂不可用", "status": 503, "detail": "短信发送失败，请稍后再试", "code": "sms_failed"})),
))]
#[post("/auth/phone-codes")]
pub async fn send_phone_code(
    state: web::Data<AppState>,
    http: HttpRequest,
    body: crate::extract::Json<PhoneCodeRequest>,
) -> ApiResult<HttpResponse> {
    let PhoneCodeRequest { phone, purpose } = body.into_inner();
    if !is_mobile_phone(&phone) {
        return Err(ApiError::field(
            "phone",
            "invalid_phone",
            "手机号须为 11 位中国大陆手机号（1[3-9] 开头）",
        ));
    }
    let Some(sms) = state.outbox.providers.sms.clone() else {
        return Err(not_configured());
    };
    let (key, ip, p, now) = (
        state.data_key.clone(),
        peer_ip(&http),
        phone.clone(),
        youai_db::now(),
    );
    let issued = crate::db::write(&state, move |c| {
        phone_codes::issue(c, &key, &p, purpose, &ip, now)
    })
    .await?;
    if let Issued::Send(code) = issued {
        sms.send(&phone, &rules::text(&code)).await.map_err(|e| {
            tracing::warn!(status = ?e.status_code, error = %e.message, "phone code not sent");
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "sms_failed",
                "短信发送失败，请稍后再试",
            )
        })?;
    }
    Ok(HttpResponse::Accepted().json(PhoneCodeSent {
        expires_in: rules::CODE_TTL.num_seconds(),
        resend_after: rules::RESEND_AFTER.num_seconds(),
    }))
}

/// Whether registration needs an SMS code here (true when the server sends text messages),
/// and the codes' rules. Without a gateway (`make run`), registration works without a code
/// and the phone stays unverified.
#[utoipa::path(tag = "auth", responses(
    (status = 200, description = "短信验证码设置", body = PhoneVerification),
))]
#[get("/auth/phone-verification")]
pub async fn get_phone_verification(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(PhoneVerification {
        required: state.outbox.providers.sms.is_some(),
        code_length: i64::try_from(rules::CODE_LENGTH).unwrap_or(6),
        expires_in: rules::CODE_TTL.num_seconds(),
        resend_after: rules::RESEND_AFTER.num_seconds(),
        max_tries: i64::from(rules::MAX_TRIES),
    }))
}

/// Reset a forgotten password with a code sent to the phone (purpose `reset_password`).
/// A wrong, expired, used or exhausted code is a 422 on `code` (a wrong guess counts). The
/// phone is marked verified, and every login of the account is signed out (its refresh
/// tokens revoked): log in with the new password. 404 when the server sends no text
/// messages.
#[utoipa::path(tag = "auth", request_body = PasswordReset, responses(
    (status = 204, description = "密码已重置"),
    (status = 400, response = crate::docs::BadRequest),
    (status = 413, response = crate::docs::PayloadTooLarge),
    (status = 415, response = crate::docs::UnsupportedMediaType),
    (status = 422, response = crate::docs::ValidationFailed),
    (status = 404, description = "本站未开通短信验证码", body = youai_types::Problem, content_type = "application/problem+json"),
))]
#[post("/auth/password-reset")]
pub async fn reset_password(
    state: web::Data<AppState>,
    body: crate::extract::Json<PasswordReset>,
) -> ApiResult<HttpResponse> {
    let req = body.into_inner();
    if state.outbox.providers.sms.is_none() {
        return Err(not_configured());
    }
    youai_domain::validate::password_reset(&req).map_err(ApiError::validation)?;
    let (key, phone, code, now) = (
        state.data_key.clone(),
        req.phone.clone(),
        req.code.clone(),
        youai_db::now(),
    );
    crate::db::write(&state, move |c| {
        phone_codes::guess(c, &key, &phone, PhoneCodePurpose::ResetPassword, &code, now)
    })
    .await?
    .map_err(phone_codes::refusal)?;
    let new = req.new_password;
    let hash = crate::db::blocking(move || hash_password(&new)).await?;
    let phone = req.phone;
    crate::db::write(&state, move |c| {
        phone_codes::reset_password(c, &phone, &hash, youai_db::now())
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
