//! Steps over an activity that several operations share: finding it as the caller may see
//! it, checking the caller runs it, keeping `recruiting` and `full` in step with its places.

use youai_db::activities::{self as db, Activity};
use youai_db::{DbConn, teams};
use youai_domain::access::Action;
use youai_domain::activities::recompute_fullness;
use youai_types::ActivityStatus;

use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::team_scope::authorize_team;

/// 403 unless the user runs the activity's team (its leaders, leaders above, admins of its area).
pub fn authorize_runner(conn: &mut DbConn, user: &AuthUser, a: &Activity) -> ApiResult<()> {
    let t = teams::find(conn, a.team_id)?.ok_or_else(|| ApiError::not_found("队伍"))?;
    authorize_team(conn, user, Action::ManageTeam, &t)
}

/// The activity, as the caller may see it: drafts are for their team; everything else is
/// public. Otherwise 404.
pub fn visible(conn: &mut DbConn, user: Option<&AuthUser>, id: i64) -> ApiResult<Activity> {
    let a = db::find_activity(conn, id)?.ok_or_else(|| ApiError::not_found("活动"))?;
    if a.status != ActivityStatus::Draft {
        return Ok(a);
    }
    match user {
        Some(u) if authorize_runner(conn, u, &a).is_ok() => Ok(a),
        _ => Err(ApiError::not_found("活动")),
    }
}

/// Keeps `recruiting` and `full` in step with the places taken.
pub fn refresh_fullness(conn: &mut DbConn, id: i64) -> ApiResult<()> {
    if let Some(a) = db::find_activity(conn, id)? {
        let next = recompute_fullness(a.status, i64::from(a.accepted_count), a.quota);
        if next != a.status {
            db::set_activity_status(conn, id, next, None)?;
        }
    }
    Ok(())
}
