//! Phone codes: issuing one (throttled; for a password reset of an unknown phone, stored but
//! never sent, so the answer and the throttle look the same either way), checking a guess
//! (a wrong one counts, and is committed even though the request then fails), and the writes
//! of a reset by code. The code itself is never stored: only a keyed hash (HMAC-SHA256 with
//! the data key) of purpose, phone and code.

use actix_web::http::{StatusCode, header};
use chrono::NaiveDateTime;
use youai_db::phone_codes::{self as db, NewPhoneCode};
use youai_db::{DbConn, users};
use youai_domain::phone_codes::{self as rules, CodeFacts, CodeRefusal};
use youai_types::PhoneCodePurpose;

use crate::crypto::DataKey;
use crate::error::{ApiError, ApiResult};

/// What to do after a code was stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Issued {
    /// Send this code to the phone.
    Send(String),
    /// Send nothing (a password reset for a phone no account has); answer as if sent.
    Silent,
}

fn code_hash(
    key: &DataKey,
    phone: &str,
    purpose: PhoneCodePurpose,
    code: &str,
) -> ApiResult<String> {
    key.fingerprint(&format!("phone_code:{}:{phone}:{code}", purpose.as_str()))
        .map_err(ApiError::internal)
}

/// The field error for a refused code.
pub fn refusal(r: CodeRefusal) -> ApiError {
    ApiError::field("code", r.code(), &r.message())
}

/// Issues a code for `phone` asked from `ip` at `now`: 429 with `Retry-After` while the phone
/// or the address is over its limits; 409 for registering a phone an account already has.
pub fn issue(
    conn: &mut DbConn,
    key: &DataKey,
    phone: &str,
    purpose: PhoneCodePurpose,
    ip: &str,
    now: NaiveDateTime,
) -> ApiResult<Issued> {
    let (by_phone, by_ip) = db::sent_since(conn, phone, purpose, ip, now - rules::WINDOW)?;
    if let Some(wait) = rules::send_wait(now, &by_phone, &by_ip) {
        let secs = wait.num_seconds().max(1);
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_codes",
            format!("验证码发送过于频繁，请 {secs} 秒后再试"),
        )
        .with_header(header::RETRY_AFTER, secs.to_string()));
    }
    let known = users::find_by_phone(conn, phone)?.is_some();
    if purpose == PhoneCodePurpose::Register && known {
        return Err(crate::constraints::USERS_PHONE.error());
    }
    let code = rules::code_from(rand::random_range(0..1_000_000u32));
    let hash = code_hash(key, phone, purpose, &code)?;
    db::insert(
        conn,
        &NewPhoneCode {
            phone,
            purpose,
            code_hash: &hash,
            ip,
            expires_at: now + rules::CODE_TTL,
            created_at: now,
        },
    )?;
    let send = match purpose {
        PhoneCodePurpose::Register => true,
        PhoneCodePurpose::ResetPassword => known,
    };
    Ok(if send {
        Issued::Send(code)
    } else {
        Issued::Silent
    })
}

/// Checks a guess against the latest code for this phone and purpose, in its own transaction
/// so that a wrong guess is counted even though the request fails: the code's id when it
/// matched (the code is then spent), else why not.
pub fn guess(
    conn: &mut DbConn,
    key: &DataKey,
    phone: &str,
    purpose: PhoneCodePurpose,
    code: &str,
    now: NaiveDateTime,
) -> ApiResult<Result<i64, CodeRefusal>> {
    let latest = db::latest(conn, phone, purpose)?;
    let hash = code_hash(key, phone, purpose, code)?;
    let facts = latest.as_ref().map(|c| CodeFacts {
        expires_at: c.expires_at,
        used: c.used_at.is_some(),
        tries: c.tries,
    });
    let matches = latest.as_ref().is_some_and(|c| c.code_hash == hash);
    let (Some(row), verdict) = (latest, rules::check(facts, matches, now)) else {
        return Ok(Err(CodeRefusal::Missing));
    };
    match verdict {
        Ok(()) => {
            if db::mark_used(conn, row.id, now)? {
                Ok(Ok(row.id))
            } else {
                Ok(Err(CodeRefusal::Used))
            }
        }
        Err(r @ CodeRefusal::Wrong { .. }) => {
            db::add_try(conn, row.id)?;
            Ok(Err(r))
        }
        Err(r) => Ok(Err(r)),
    }
}

/// A password reset's writes, after the code was spent: the new hash, every login of the
/// account signed out, the phone marked verified. Nothing when no account has the phone (a
/// guessed code for an unknown phone): answered like a wrong code.
pub fn reset_password(
    conn: &mut DbConn,
    phone: &str,
    new_hash: &str,
    now: NaiveDateTime,
) -> ApiResult<usize> {
    let Some(user) = users::find_by_phone(conn, phone)? else {
        return Err(refusal(CodeRefusal::Wrong { tries_left: 0 }));
    };
    users::set_password(conn, user.id, new_hash)?;
    let signed_out = users::revoke_all_of_user(conn, user.id)?;
    db::mark_phone_verified(conn, user.id, now)?;
    users::clear_login_failures(conn, phone, now - chrono::Duration::days(1))?;
    Ok(signed_out)
}
