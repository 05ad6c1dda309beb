//! Check-in and check-out (签到、签退): by the volunteer's rotating QR token (scanned by a
//! leader or the venue's kiosk), by a leader's hand, or by the volunteer within the activity's
//! radius; the same steps for the activity's endpoints and for a scan at a venue. And the
//! sweep that closes check-ins left open.

use chrono::Utc;
use youai_db::activities::{self as adb, Activity, SignUp};
use youai_db::records::{self, CheckEvent, CheckEventKind, NewRecord};
use youai_db::{DbConn, teams, venues, volunteers};
use youai_domain::access::{Action, Target};
use youai_domain::checkin_token;
use youai_domain::checkins::{
    AUTO_CLOSE_AFTER, AutoCloseFacts, CheckInFacts, CheckOutFacts, CheckRefusal, OpenSignUp,
    VenueScan, decide_auto_close, decide_check_in, decide_check_out, decide_self_check,
    decide_venue_scan,
};
use youai_types::{CheckInToken, CheckMethod, CheckRequest, RecordSource, RecordStatus, Role};

use super::service_records::{NamedRecord, named};
use super::sign_ups::SignUpOutcome;
use crate::auth::AuthUser;
use crate::caller::volunteer_profile;
use crate::convert::utc;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::team_scope::authorize_team;

impl From<CheckRefusal> for ApiError {
    fn from(r: CheckRefusal) -> Self {
        match r.field() {
            Some(field) => ApiError::field(field, r.code(), &r.message()),
            None => ApiError::conflict(r.code(), r.message()),
        }
    }
}

/// The HMAC key for check-in tokens, derived from the data key (shared by every server).
pub fn token_key(state: &AppState) -> ApiResult<Vec<u8>> {
    state
        .data_key
        .fingerprint("youai/check-in-token/v1")
        .map(String::into_bytes)
        .map_err(ApiError::internal)
}

/// The caller's current check-in token: it rotates every [`checkin_token::WINDOW_SECS`].
pub fn current_token(conn: &mut DbConn, key: &[u8], user: &AuthUser) -> ApiResult<CheckInToken> {
    let v = volunteer_profile(conn, user)?;
    let now = Utc::now().timestamp();
    let token = checkin_token::issue(key, v.id, now);
    let window = checkin_token::window_of(now);
    let window_end = (window + 1) * checkin_token::WINDOW_SECS;
    Ok(CheckInToken {
        token,
        short_code: checkin_token::short_code(key, v.id, window),
        valid_for_seconds: window_end + checkin_token::WINDOW_SECS - now,
        rotates_in_seconds: window_end - now,
    })
}

/// Checks in the volunteer a request is about at an activity.
pub fn check_in(
    conn: &mut DbConn,
    key: &[u8],
    user: &AuthUser,
    activity_id: i64,
    r: &CheckRequest,
) -> ApiResult<SignUpOutcome> {
    let a = adb::find_activity(conn, activity_id)?.ok_or_else(|| ApiError::not_found("活动"))?;
    check_in_at(conn, key, user, &a, r)
}

/// Checks out the volunteer a request is about at an activity, making their service record.
pub fn check_out(
    conn: &mut DbConn,
    key: &[u8],
    user: &AuthUser,
    activity_id: i64,
    r: &CheckRequest,
) -> ApiResult<NamedRecord> {
    let a = adb::find_activity(conn, activity_id)?.ok_or_else(|| ApiError::not_found("活动"))?;
    check_out_at(conn, key, user, &a, r)
}

/// What a scan at a venue did.
pub enum Scanned {
    CheckedIn(SignUpOutcome),
    CheckedOut(NamedRecord),
}

/// A scan at a venue, with the activity it was for and whose token it was.
pub struct ScanOutcome {
    pub activity: Activity,
    pub volunteer_name: String,
    pub scanned: Scanned,
}

/// A scan at a venue's kiosk (or by staff of the venue's area): the volunteer's token checks
/// them out of the activity here they are checked in to, or else into the one whose check-in
/// window is open; 404 `no_sign_up_here` when there is neither.
pub fn scan_at_venue(
    conn: &mut DbConn,
    key: &[u8],
    user: &AuthUser,
    venue_id: i64,
    token: String,
) -> ApiResult<ScanOutcome> {
    let venue = venues::find(conn, venue_id)?.ok_or_else(|| ApiError::not_found("阵地"))?;
    if !kiosk_at(user, Some(venue_id)) {
        let area = youai_db::areas::find(conn, venue.area_id)?
            .map(|a| a.path)
            .unwrap_or_default();
        crate::auth::authorize(user, Action::ManageVenues, &Target::Area(&area))?;
    }
    // Whose token (checked again, and used up, by the check itself).
    let verified = checkin_token::verify(key, &token, Utc::now().timestamp())
        .map_err(|e| ApiError::field("token", e.code(), e.message()))?;
    let now = youai_db::now();
    let open = adb::open_sign_ups_at_venue(
        conn,
        verified.volunteer_id,
        venue_id,
        now - chrono::Duration::hours(12),
        now + chrono::Duration::minutes(30),
    )?;
    let volunteer_name = volunteers::find(conn, verified.volunteer_id)?
        .map(|v| v.real_name)
        .unwrap_or_default();
    let facts: Vec<OpenSignUp> = open
        .iter()
        .map(|(s, a)| OpenSignUp {
            status: s.status,
            start: utc(a.start_at),
            end: utc(a.end_at),
        })
        .collect();
    let request = CheckRequest {
        method: CheckMethod::Qr,
        token: Some(token),
        code: None,
        volunteer_id: None,
        latitude: None,
        longitude: None,
    };
    let decision = decide_venue_scan(Utc::now(), &facts);
    let Some((_, activity)) = decision.and_then(|d| match d {
        VenueScan::CheckOut(i) | VenueScan::CheckIn(i) => open.into_iter().nth(i),
    }) else {
        return Err(ApiError::new(
            actix_web::http::StatusCode::NOT_FOUND,
            "no_sign_up_here",
            format!("{volunteer_name} 此时在本阵地没有可签到或签退的活动"),
        ));
    };
    let scanned = match decision {
        Some(VenueScan::CheckOut(_)) => {
            Scanned::CheckedOut(check_out_at(conn, key, user, &activity, &request)?)
        }
        _ => Scanned::CheckedIn(check_in_at(conn, key, user, &activity, &request)?),
    };
    Ok(ScanOutcome {
        activity,
        volunteer_name,
        scanned,
    })
}

/// Whether the user is the kiosk of this venue.
fn kiosk_at(user: &AuthUser, venue_id: Option<i64>) -> bool {
    venue_id.is_some()
        && user
            .grants
            .iter()
            .any(|g| g.role == Role::Kiosk && g.venue_id == venue_id)
}

/// Whether the user runs the activity's team.
fn runs(conn: &mut DbConn, user: &AuthUser, a: &Activity) -> ApiResult<bool> {
    let t = teams::find(conn, a.team_id)?.ok_or_else(|| ApiError::not_found("队伍"))?;
    Ok(authorize_team(conn, user, Action::ManageTeam, &t).is_ok())
}

/// Whose sign-up a check request is about, after checking the caller may make it: a scanned
/// token (used up here, so it is never accepted twice), a volunteer named by the team, or the
/// caller where the activity is.
fn resolve_volunteer(
    conn: &mut DbConn,
    key: &[u8],
    user: &AuthUser,
    a: &Activity,
    r: &CheckRequest,
) -> ApiResult<i64> {
    match r.method {
        CheckMethod::Qr => {
            if !kiosk_at(user, a.venue_id) && !runs(conn, user, a)? {
                return Err(ApiError::forbidden());
            }
            let now = Utc::now().timestamp();
            let verified = match (r.token.as_deref(), r.code.as_deref()) {
                (Some(token), _) => checkin_token::verify(key, token, now)
                    .map_err(|e| ApiError::field("token", e.code(), e.message()))?,
                // Six digits name no one by themselves: only this activity's volunteers.
                (None, Some(code)) => {
                    let expected = adb::expected_volunteers(conn, a.id)?;
                    checkin_token::match_short_code(key, code, &expected, now)
                        .map_err(|e| ApiError::field("code", e.code(), e.message()))?
                }
                (None, None) => {
                    return Err(ApiError::field(
                        "token",
                        "required",
                        "请扫描志愿者的签到码，或输入其下方的 6 位数字",
                    ));
                }
            };
            if !records::use_token(conn, verified.volunteer_id, verified.window)? {
                return Err(ApiError::conflict(
                    "token_used",
                    "该签到码已使用过，请志愿者刷新后重试",
                ));
            }
            Ok(verified.volunteer_id)
        }
        CheckMethod::Leader => {
            if !runs(conn, user, a)? {
                return Err(ApiError::forbidden());
            }
            let id = r
                .volunteer_id
                .ok_or_else(|| ApiError::field("volunteer_id", "required", "请指定志愿者"))?;
            volunteers::find(conn, id)?
                .ok_or_else(|| ApiError::field("volunteer_id", "not_found", "志愿者不存在"))?;
            Ok(id)
        }
        CheckMethod::SelfService => {
            let v = volunteer_profile(conn, user)?;
            decide_self_check(
                r.latitude.zip(r.longitude),
                a.latitude.zip(a.longitude),
                a.checkin_radius_m,
            )?;
            Ok(v.id)
        }
    }
}

/// The sign-up of the volunteer a request is about, at activity `a`.
fn sign_up_for(
    conn: &mut DbConn,
    key: &[u8],
    user: &AuthUser,
    a: &Activity,
    r: &CheckRequest,
) -> ApiResult<SignUp> {
    let volunteer_id = resolve_volunteer(conn, key, user, a, r)?;
    adb::sign_up_of(conn, a.id, volunteer_id)?.ok_or_else(|| ApiError::not_found("报名"))
}

fn check_in_at(
    conn: &mut DbConn,
    key: &[u8],
    user: &AuthUser,
    a: &Activity,
    r: &CheckRequest,
) -> ApiResult<SignUpOutcome> {
    let s = sign_up_for(conn, key, user, a, r)?;
    decide_check_in(&CheckInFacts {
        sign_up: s.status,
        now: Utc::now(),
        start: utc(a.start_at),
        end: utc(a.end_at),
    })?;
    let at = youai_db::now();
    let row = records::check_in(conn, s.id, at)?;
    records::record_event(
        conn,
        &CheckEvent {
            sign_up_id: s.id,
            kind: CheckEventKind::CheckIn(r.method),
            actor_id: Some(user.id),
            latitude: r.latitude,
            longitude: r.longitude,
            at,
        },
    )?;
    let volunteer_name = volunteers::find(conn, s.volunteer_id)?
        .map(|v| v.real_name)
        .unwrap_or_default();
    Ok(SignUpOutcome {
        sign_up: row,
        volunteer_name,
    })
}

fn check_out_at(
    conn: &mut DbConn,
    key: &[u8],
    user: &AuthUser,
    a: &Activity,
    r: &CheckRequest,
) -> ApiResult<NamedRecord> {
    let s = sign_up_for(conn, key, user, a, r)?;
    let at = youai_db::now();
    let out = decide_check_out(&CheckOutFacts {
        sign_up: s.status,
        checked_in_at: s.checked_in_at.map(utc),
        at: utc(at),
        start: utc(a.start_at),
        end: utc(a.end_at),
        auto_verify: a.auto_verify,
    })?;
    records::check_out(conn, s.id, at, false)?;
    records::record_event(
        conn,
        &CheckEvent {
            sign_up_id: s.id,
            kind: CheckEventKind::CheckOut(r.method),
            actor_id: Some(user.id),
            latitude: r.latitude,
            longitude: r.longitude,
            at,
        },
    )?;
    let verified = out.status == RecordStatus::Verified;
    let pending = records::pending_for_activity(
        conn,
        a,
        s.volunteer_id,
        out.quarters,
        RecordSource::CheckIn,
        Some(user.id),
    )?;
    let row = records::insert_record(
        conn,
        &NewRecord {
            status: out.status,
            verified_at: verified.then_some(at),
            ..pending
        },
    )?;
    if verified {
        crate::ledger::after_verified(conn, &row, None, Some(user.id))?;
        crate::outbox::hooks::hours_decided(conn, &row, Some(user.id))?;
    }
    named(conn, vec![(row, false)])?
        .pop()
        .ok_or_else(|| ApiError::internal("record view missing"))
}

/// Closes check-ins left open [`AUTO_CLOSE_AFTER`] past their activity's end: checked out at
/// the activity's end, hours counted up to it, and a pending record for the leader to look at
/// (the sign-up is flagged `auto_closed`). Each in its own transaction, and only if it is still
/// open, so several servers may sweep at once. Returns how many were closed.
pub fn close_left_open(conn: &mut DbConn) -> ApiResult<usize> {
    let cutoff = (Utc::now() - AUTO_CLOSE_AFTER).naive_utc();
    let mut closed = 0;
    for s in records::open_check_ins_ended_before(conn, cutoff)? {
        if conn.write_transaction(|conn| close_one(conn, s.id))? {
            closed += 1;
        }
    }
    Ok(closed)
}

/// Closes one check-in if it is still open (another server may have closed it meanwhile).
fn close_one(conn: &mut DbConn, sign_up_id: i64) -> ApiResult<bool> {
    let Some(s) = adb::find_sign_up(conn, sign_up_id)? else {
        return Ok(false);
    };
    let Some(a) = adb::find_activity(conn, s.activity_id)? else {
        return Ok(false);
    };
    let Some(quarters) = decide_auto_close(&AutoCloseFacts {
        now: Utc::now(),
        sign_up: s.status,
        checked_in_at: s.checked_in_at.map(utc),
        start: utc(a.start_at),
        end: utc(a.end_at),
    }) else {
        return Ok(false);
    };
    records::check_out(conn, s.id, a.end_at, true)?;
    records::record_event(
        conn,
        &CheckEvent {
            sign_up_id: s.id,
            kind: CheckEventKind::AutoClose,
            actor_id: None,
            latitude: None,
            longitude: None,
            at: youai_db::now(),
        },
    )?;
    let pending = records::pending_for_activity(
        conn,
        &a,
        s.volunteer_id,
        quarters,
        RecordSource::CheckIn,
        None,
    )?;
    records::insert_record(
        conn,
        &NewRecord {
            reason: Some("未签退，系统在活动结束后自动签退，请负责人核实".into()),
            ..pending
        },
    )?;
    Ok(true)
}
