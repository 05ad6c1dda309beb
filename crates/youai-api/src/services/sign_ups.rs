//! Sign-ups (报名): a volunteer signs up; a leader accepts, rejects or marks a no-show; the
//! volunteer cancels and the waiting list moves on.

use chrono::Utc;
use youai_db::activities::{self as db, Activity, SignUp};
use youai_db::{DbConn, skills, volunteers};
use youai_domain::activities::{SignUpEvent, SignUpRules};
use youai_domain::idcard::age_on;
use youai_domain::sign_ups::{SignUpFacts, SignUpRefusal, decide_sign_up};
use youai_types::SignUpStatus;

use super::activities::{authorize_runner, refresh_fullness, visible};
use crate::auth::AuthUser;
use crate::caller::volunteer_profile;
use crate::clock::city_today;
use crate::convert::utc;
use crate::error::{ApiError, ApiResult};

/// A sign-up as it stands after an operation, with its volunteer's name for the view.
pub struct SignUpOutcome {
    pub sign_up: SignUp,
    pub volunteer_name: String,
}

impl From<SignUpRefusal> for ApiError {
    fn from(r: SignUpRefusal) -> Self {
        if r.is_about_the_volunteer() {
            ApiError::field("volunteer", r.code(), &r.message())
        } else {
            ApiError::conflict(r.code(), r.message())
        }
    }
}

/// The caller signs up for an activity: accepted while places last and then waitlisted where
/// the activity accepts at once, otherwise `applied` for its leader.
pub fn sign_up(conn: &mut DbConn, user: &AuthUser, activity_id: i64) -> ApiResult<SignUpOutcome> {
    let v = volunteer_profile(conn, user)?;
    // One volunteer's sign-ups go one at a time (overlap checks stay true under concurrency).
    db::lock_volunteer(conn, v.id)?;
    let a = visible(conn, Some(user), activity_id)?;
    let wanted = a.skill_ids.0.clone();
    let (required_skills, volunteer_skills) = if wanted.is_empty() {
        (Vec::new(), Vec::new())
    } else {
        let required: Vec<(i64, String)> = skills::find_many(conn, &wanted)?
            .into_iter()
            .map(|s| (s.id, s.name))
            .collect();
        let have: Vec<i64> = skills::of_volunteers(conn, &[v.id])?
            .into_iter()
            .map(|(_, s)| s.id)
            .collect();
        (required, have)
    };
    let facts = SignUpFacts {
        activity_status: a.status,
        now: Utc::now(),
        signup_deadline: utc(a.signup_deadline),
        existing: db::sign_up_of(conn, activity_id, v.id)?.map(|s| s.status),
        age: age_on(v.birth_date, city_today()),
        min_age: a.min_age,
        required_skills: &required_skills,
        volunteer_skills: &volunteer_skills,
        auto_accept: a.auto_accept,
        overlapping_activity: db::overlapping(conn, v.id, a.start_at, a.end_at, a.id)?
            .map(|o| o.activity_id),
    };
    let decision = decide_sign_up(&facts)?;
    let place_taken = decision == youai_domain::sign_ups::SignUpDecision::TakePlaceOrWaitlist
        && db::take_place(conn, activity_id)?;
    let row = db::put_sign_up(conn, &a, v.id, decision.status(place_taken))?;
    refresh_fullness(conn, activity_id)?;
    crate::outbox::hooks::sign_up_moved(conn, &a, &row, false, Some(user.id))?;
    Ok(SignUpOutcome {
        sign_up: row,
        volunteer_name: v.real_name,
    })
}

/// Moves a sign-up on: the team accepts or rejects an application or marks a no-show after
/// the end; the volunteer cancels before the start, and a freed place goes to the first on
/// the waiting list.
pub fn change_status(
    conn: &mut DbConn,
    user: &AuthUser,
    activity_id: i64,
    sign_up_id: i64,
    to: SignUpStatus,
) -> ApiResult<SignUpOutcome> {
    let a = visible(conn, Some(user), activity_id)?;
    let s = db::find_sign_up(conn, sign_up_id)?
        .filter(|s| s.activity_id == activity_id)
        .ok_or_else(|| ApiError::not_found("报名"))?;
    let v = volunteers::find(conn, s.volunteer_id)?.ok_or_else(|| ApiError::not_found("志愿者"))?;
    let event = match to {
        SignUpStatus::Accepted => SignUpEvent::Accept,
        SignUpStatus::Rejected => SignUpEvent::Reject,
        SignUpStatus::Cancelled => SignUpEvent::Cancel,
        SignUpStatus::NoShow => SignUpEvent::MarkNoShow,
        other => {
            return Err(ApiError::field(
                "status",
                "not_settable",
                &format!("不能直接改为 {}", other.as_str()),
            ));
        }
    };
    if event == SignUpEvent::Cancel {
        if v.user_id != Some(user.id) {
            return Err(ApiError::forbidden());
        }
    } else {
        authorize_runner(conn, user, &a)?;
    }
    let from = s.status;
    let mut next = from
        .apply(event, Utc::now(), utc(a.start_at), utc(a.end_at))
        .map_err(|e| ApiError::conflict("invalid_transition", e.message()))?;
    if next == SignUpStatus::Accepted {
        db::lock_volunteer(conn, v.id)?;
        if let Some(other) = db::overlapping(conn, v.id, a.start_at, a.end_at, a.id)? {
            return Err(ApiError::conflict(
                "overlapping_sign_up",
                format!(
                    "该志愿者已确认的另一项活动（{}）时间重叠",
                    other.activity_id
                ),
            ));
        }
        if !db::take_place(conn, activity_id)? {
            next = SignUpStatus::Waitlisted;
        }
    }
    let row = db::set_sign_up_status(conn, sign_up_id, next)?;
    if from.counts_toward_quota() && next == SignUpStatus::Cancelled {
        db::release_place(conn, activity_id)?;
        promote_waitlisted(conn, &a)?;
    }
    refresh_fullness(conn, activity_id)?;
    if from != next {
        crate::outbox::hooks::sign_up_moved(conn, &a, &row, false, Some(user.id))?;
    }
    if event != SignUpEvent::Cancel {
        crate::audit::record(
            conn,
            user,
            "sign_up.decide",
            "sign_up",
            sign_up_id,
            Some(serde_json::json!({"status": from.as_str()})),
            Some(serde_json::json!({"status": next.as_str(), "activity_id": activity_id})),
        )?;
    }
    Ok(SignUpOutcome {
        sign_up: row,
        volunteer_name: v.real_name,
    })
}

/// Gives a freed place to the first waitlisted volunteer who has no overlapping commitment.
fn promote_waitlisted(conn: &mut DbConn, a: &Activity) -> ApiResult<()> {
    for w in db::waitlist(conn, a.id)? {
        if db::overlapping(conn, w.volunteer_id, a.start_at, a.end_at, a.id)?.is_some() {
            continue;
        }
        if let Some(promoted) = w.status.next(SignUpEvent::Promote)
            && db::take_place(conn, a.id)?
        {
            let row = db::set_sign_up_status(conn, w.id, promoted)?;
            crate::outbox::hooks::sign_up_moved(conn, a, &row, true, None)?;
        }
        break;
    }
    Ok(())
}
