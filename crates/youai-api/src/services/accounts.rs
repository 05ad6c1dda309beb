//! Accounts: the throttle on failed password checks, and the writes of a password change.
//! (The password checks themselves, argon2, run outside any transaction: they take their time.)

use actix_web::http::StatusCode;
use actix_web::http::header;
use chrono::NaiveDateTime;
use youai_db::{DbConn, users};

use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// Failed password checks (logins and password changes alike) allowed per phone and per
/// address within a window.
#[derive(Clone, Copy)]
pub struct Throttle {
    window: chrono::Duration,
    max_phone: usize,
    max_ip: usize,
}

impl Throttle {
    pub fn of(state: &AppState) -> Self {
        Throttle {
            window: chrono::Duration::from_std(state.auth.login_window).unwrap_or_default(),
            max_phone: state.auth.max_failures_per_phone,
            max_ip: state.auth.max_failures_per_ip,
        }
    }

    /// 429 with `Retry-After` while this phone or this address is over its limit.
    pub fn check(self, conn: &mut DbConn, phone: &str, ip: &str) -> ApiResult<()> {
        let now = youai_db::now();
        let (by_phone, by_ip) = users::login_failures_since(conn, phone, ip, now - self.window)?;
        // Wait until the oldest failure that keeps the count at the limit leaves the window.
        let blocked_until = [(by_phone, self.max_phone), (by_ip, self.max_ip)]
            .into_iter()
            .filter(|(f, max)| f.len() >= *max)
            .filter_map(|(f, max)| f.get(f.len() - max).map(|t| *t + self.window))
            .max();
        match blocked_until {
            None => Ok(()),
            Some(until) => {
                let secs = (until - now).num_seconds().max(1);
                Err(ApiError::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    "too_many_login_failures",
                    format!("密码错误次数过多，请 {secs} 秒后再试"),
                )
                .with_header(header::RETRY_AFTER, secs.to_string()))
            }
        }
    }
}

/// A password change's writes, in the caller's transaction: the new hash, only over the one
/// that was checked (of two changes at once, one wins: 409 `password_changed`); every refresh
/// token of the account revoked; this client's new login (`family`, `token_hash`, `expires`);
/// the audit row.
pub fn replace_password(
    conn: &mut DbConn,
    user: &AuthUser,
    old_hash: &str,
    new_hash: &str,
    family: &str,
    token_hash: &str,
    expires: NaiveDateTime,
) -> ApiResult<()> {
    if !users::set_password_if(conn, user.id, old_hash, new_hash)? {
        return Err(ApiError::conflict(
            "password_changed",
            "密码刚刚已被修改，请重新输入当前密码",
        ));
    }
    let signed_out = users::revoke_all_of_user(conn, user.id)?;
    users::insert_refresh_token(conn, user.id, family, token_hash, expires)?;
    crate::audit::record(
        conn,
        user,
        "change_password",
        "user",
        user.id,
        None,
        Some(serde_json::json!({ "refresh_tokens_revoked": signed_out })),
    )
}
