//! Register, log in, refresh, log out, who am I, and changing my password.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use youai_db::users;
use youai_types::{
    LoginRequest, Me, PasswordChange, RefreshRequest, RegisterRequest, TokenResponse, User,
};

use crate::auth::{
    AuthUser, dummy_hash, hash_password, issue_access_token, random_token, token_hash,
    verify_password,
};
use crate::convert;
use crate::error::{ApiError, ApiResult};
use crate::services::accounts::{self, Throttle};
use crate::services::phone_codes;
use crate::state::AppState;
use youai_types::PhoneCodePurpose;

/// Create an account. Every account is a resident; other roles are granted.
///
/// When the server sends text messages (`GET /api/v1/auth/phone-verification`), `code` is
/// required: the code sent to the phone by `POST /api/v1/auth/phone-codes` (purpose
/// `register`); a missing, wrong, expired, used or exhausted code is a 422 on `code`, and
/// the new account's phone is verified. Without a gateway the code is ignored and the phone
/// stays unverified.
#[utoipa::path(tag = "auth", request_body = RegisterRequest, responses(
    (status = 201, description = "已注册", body = User,
        headers(("Location" = String, description = "The new account"))),
    (status = 400, response = crate::docs::BadRequest),
    (status = 409, response = crate::docs::Conflict),
    (status = 413, response = crate::docs::PayloadTooLarge),
    (status = 415, response = crate::docs::UnsupportedMediaType),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/auth/register")]
pub async fn register(
    state: web::Data<AppState>,
    body: crate::extract::Json<RegisterRequest>,
) -> ApiResult<HttpResponse> {
    let mut req = body.into_inner();
    req.name = req.name.trim().to_owned();
    youai_domain::validate::register(&req).map_err(ApiError::validation)?;
    let phone = req.phone.clone();
    let taken = crate::db::run(&state, move |conn| {
        Ok(users::find_by_phone(conn, &phone)?.is_some())
    })
    .await?;
    if taken {
        return Err(crate::constraints::USERS_PHONE.error());
    }
    let verified = if state.outbox.providers.sms.is_some() {
        let code = req.code.clone().unwrap_or_default();
        if !youai_domain::phone_codes::is_code(&code) {
            return Err(ApiError::field(
                "code",
                "code_required",
                "请输入短信验证码（6 位数字）",
            ));
        }
        let (key, phone, now) = (state.data_key.clone(), req.phone.clone(), youai_db::now());
        crate::db::write(&state, move |conn| {
            phone_codes::guess(conn, &key, &phone, PhoneCodePurpose::Register, &code, now)
        })
        .await?
        .map_err(phone_codes::refusal)?;
        true
    } else {
        false
    };
    let password = req.password.clone();
    let hash = crate::db::blocking(move || hash_password(&password)).await?;
    let user = crate::db::write(&state, move |conn| {
        if users::find_by_phone(conn, &req.phone)?.is_some() {
            return Err(crate::constraints::USERS_PHONE.error());
        }
        let user = users::insert(conn, &req.phone, &req.name, &hash)?;
        if verified {
            youai_db::phone_codes::mark_phone_verified(conn, user.id, youai_db::now())?;
            return Ok(users::find(conn, user.id)?.unwrap_or(user));
        }
        Ok(user)
    })
    .await?;
    let user = convert::user(user);
    Ok(crate::etag::created(
        &user,
        format!("/api/v1/users/{}", user.id),
    ))
}

/// Log in with phone and password. Repeated failures for one phone or from one address are
/// refused with 429 and `Retry-After` for a while.
#[utoipa::path(tag = "auth", request_body = LoginRequest, responses(
    (status = 200, description = "已登录", body = TokenResponse),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 413, response = crate::docs::PayloadTooLarge),
    (status = 415, response = crate::docs::UnsupportedMediaType),
    (status = 422, response = crate::docs::ValidationFailed),
    (status = 429, description = "登录失败次数过多", body = youai_types::Problem, content_type = "application/problem+json",
        headers(("Retry-After" = u64, description = "Seconds to wait"))),
))]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    http: HttpRequest,
    body: crate::extract::Json<LoginRequest>,
) -> ApiResult<HttpResponse> {
    let LoginRequest { phone, password } = body.into_inner();
    if phone.is_empty() || phone.len() > 32 || password.is_empty() || password.len() > 1024 {
        return Err(ApiError::field("phone", "required", "请输入手机号和密码"));
    }
    let ip = peer_ip(&http);
    let throttle = Throttle::of(&state);
    let (p, i) = (phone.clone(), ip.clone());
    let user = crate::db::run(&state, move |conn| {
        throttle.check(conn, &p, &i)?;
        Ok(users::find_by_phone(conn, &p)?)
    })
    .await?;

    let hash = user
        .as_ref()
        .map_or_else(|| dummy_hash().to_owned(), |u| u.password_hash.clone());
    let ok = crate::db::blocking(move || Ok(verify_password(&password, &hash))).await?;
    let Some(user) = user.filter(|_| ok) else {
        crate::db::write(&state, move |conn| {
            Ok(users::record_login_failure(conn, &phone, &ip)?)
        })
        .await?;
        return Err(ApiError::unauthorized(
            "invalid_credentials",
            "手机号或密码错误",
        ));
    };

    let refresh_token = random_token();
    let (hash, family, user_id) = (token_hash(&refresh_token), random_token(), user.id);
    let expires =
        youai_db::now() + chrono::Duration::from_std(state.auth.refresh_ttl).unwrap_or_default();
    crate::db::write(&state, move |conn| {
        users::clear_login_failures(conn, &phone, youai_db::now() - chrono::Duration::days(1))?;
        users::insert_refresh_token(conn, user_id, &family, &hash, expires)?;
        Ok(())
    })
    .await?;
    tokens(&state, user.id, refresh_token)
}

/// Change my password. The current password must be given, and wrong guesses count as failed
/// logins of the account (429 after as many). Every login of the account is signed out (its
/// refresh tokens revoked) and this client gets a fresh pair; access tokens already issued
/// elsewhere stay valid until they expire (at most 15 minutes).
#[utoipa::path(tag = "auth", security(("bearer" = [])), request_body = PasswordChange, responses(
    (status = 200, description = "密码已修改：本设备的新令牌", body = TokenResponse),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 409, response = crate::docs::Conflict),
    (status = 413, response = crate::docs::PayloadTooLarge),
    (status = 415, response = crate::docs::UnsupportedMediaType),
    (status = 422, response = crate::docs::ValidationFailed),
    (status = 429, description = "密码错误次数过多", body = youai_types::Problem, content_type = "application/problem+json",
        headers(("Retry-After" = u64, description = "Seconds to wait"))),
))]
#[post("/me/password")]
pub async fn change_password(
    state: web::Data<AppState>,
    http: HttpRequest,
    user: AuthUser,
    body: crate::extract::Json<PasswordChange>,
) -> ApiResult<HttpResponse> {
    let req = body.into_inner();
    youai_domain::validate::password_change(&req).map_err(ApiError::validation)?;
    let (id, ip, throttle) = (user.id, peer_ip(&http), Throttle::of(&state));
    let account = crate::db::run(&state, move |conn| {
        let u = users::find(conn, id)?.ok_or_else(|| ApiError::not_found("用户"))?;
        throttle.check(conn, &u.phone, &ip)?;
        Ok(u)
    })
    .await?;

    let (current, old_hash) = (req.current_password, account.password_hash.clone());
    let ok = crate::db::blocking(move || Ok(verify_password(&current, &old_hash))).await?;
    if !ok {
        let (phone, ip) = (account.phone, peer_ip(&http));
        crate::db::write(&state, move |conn| {
            Ok(users::record_login_failure(conn, &phone, &ip)?)
        })
        .await?;
        return Err(ApiError::field(
            "current_password",
            "wrong_password",
            "当前密码不正确",
        ));
    }

    let new = req.new_password;
    let new_hash = crate::db::blocking(move || hash_password(&new)).await?;
    let refresh_token = random_token();
    let (hash, family) = (token_hash(&refresh_token), random_token());
    let expires =
        youai_db::now() + chrono::Duration::from_std(state.auth.refresh_ttl).unwrap_or_default();
    let old_hash = account.password_hash;
    crate::db::write(&state, move |conn| {
        accounts::replace_password(conn, &user, &old_hash, &new_hash, &family, &hash, expires)
    })
    .await?;
    tokens(&state, id, refresh_token)
}

/// The caller's address, as failed-login records keep it.
fn peer_ip(http: &HttpRequest) -> String {
    http.peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

fn tokens(state: &AppState, user_id: i64, refresh_token: String) -> ApiResult<HttpResponse> {
    let body = TokenResponse {
        access_token: issue_access_token(&state.auth, user_id)?,
        refresh_token,
        token_type: "Bearer".into(),
        expires_in: i64::try_from(state.auth.access_ttl.as_secs()).unwrap_or(900),
    };
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(body))
}

enum Rotation {
    Rotated(i64),
    Reused,
    Revoked,
    Expired,
    Unknown,
}

/// Exchange a refresh token for a new pair. Each refresh token works once: presenting one
/// that was already used revokes every token descended from the same login.
#[utoipa::path(tag = "auth", request_body = RefreshRequest, responses(
    (status = 200, description = "新的令牌", body = TokenResponse),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 413, response = crate::docs::PayloadTooLarge),
    (status = 415, response = crate::docs::UnsupportedMediaType),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/auth/refresh")]
pub async fn refresh(
    state: web::Data<AppState>,
    body: crate::extract::Json<RefreshRequest>,
) -> ApiResult<HttpResponse> {
    let presented = token_hash(&body.refresh_token);
    let next = random_token();
    let next_hash = token_hash(&next);
    let expires =
        youai_db::now() + chrono::Duration::from_std(state.auth.refresh_ttl).unwrap_or_default();
    let outcome = crate::db::write(&state, move |conn| {
        let Some(t) = users::find_refresh_token(conn, &presented)? else {
            return Ok(Rotation::Unknown);
        };
        if t.revoked_at.is_some() {
            return Ok(Rotation::Revoked);
        }
        if t.used_at.is_some() || !users::mark_refresh_token_used(conn, t.id)? {
            users::revoke_family(conn, &t.family)?;
            return Ok(Rotation::Reused);
        }
        if t.expires_at <= youai_db::now() {
            return Ok(Rotation::Expired);
        }
        users::insert_refresh_token(conn, t.user_id, &t.family, &next_hash, expires)?;
        Ok(Rotation::Rotated(t.user_id))
    })
    .await?;
    match outcome {
        Rotation::Rotated(user_id) => tokens(&state, user_id, next),
        Rotation::Reused => {
            tracing::warn!("refresh token reused: token family revoked");
            Err(ApiError::unauthorized(
                "refresh_token_reused",
                "刷新令牌已被使用过：为安全起见，此次登录的所有令牌均已作废，请重新登录",
            ))
        }
        Rotation::Revoked => Err(ApiError::unauthorized(
            "refresh_token_revoked",
            "刷新令牌已作废，请重新登录",
        )),
        Rotation::Expired => Err(ApiError::unauthorized(
            "refresh_token_expired",
            "刷新令牌已过期，请重新登录",
        )),
        Rotation::Unknown => Err(ApiError::unauthorized(
            "invalid_refresh_token",
            "刷新令牌无效",
        )),
    }
}

/// Log out: revokes the refresh token and every token of the same login. Access tokens
/// already issued stay valid until they expire (at most 15 minutes).
#[utoipa::path(tag = "auth", request_body = RefreshRequest, responses(
    (status = 204, description = "已退出"),
    (status = 400, response = crate::docs::BadRequest),
    (status = 413, response = crate::docs::PayloadTooLarge),
    (status = 415, response = crate::docs::UnsupportedMediaType),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/auth/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    body: crate::extract::Json<RefreshRequest>,
) -> ApiResult<HttpResponse> {
    let presented = token_hash(&body.refresh_token);
    crate::db::write(&state, move |conn| {
        if let Some(t) = users::find_refresh_token(conn, &presented)? {
            users::revoke_family(conn, &t.family)?;
        }
        Ok(())
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The signed-in user and their role grants.
#[utoipa::path(tag = "auth", security(("bearer" = [])), responses(
    (status = 200, description = "当前用户", body = Me),
    (status = 401, response = crate::docs::Unauthorized),
))]
#[get("/me")]
pub async fn get_me(
    state: web::Data<AppState>,
    http: HttpRequest,
    user: AuthUser,
) -> ApiResult<HttpResponse> {
    let id = user.id;
    let me = crate::db::run(&state, move |conn| {
        let u = users::find(conn, id)?.ok_or_else(|| ApiError::not_found("用户"))?;
        let grants = users::grants_of(conn, id)?
            .into_iter()
            .map(|(g, _)| convert::grant(g))
            .collect();
        let volunteer_id = youai_db::volunteers::find_by_user(conn, id)?.map(|v| v.id);
        Ok(Me {
            user: convert::user(u),
            grants,
            volunteer_id,
        })
    })
    .await?;
    Ok(crate::etag::ok_with_etag(&http, &me))
}
