//! Activities (活动): scheduling a run of a published project and moving it through its
//! states, and the steps other operations share — finding an activity as the caller may see
//! it, checking the caller runs it, keeping `recruiting` and `full` in step with its places.

use chrono::{SubsecRound, Utc};
use youai_db::activities::{self as db, Activity, ActivityFields};
use youai_db::{DbConn, areas, skills, teams, venues};
use youai_domain::access::Action;
use youai_domain::activities::{ActivityRules, recompute_fullness, validate_schedule};
use youai_domain::geo;
use youai_domain::validate::{Errors, MIN_VOLUNTEER_AGE};
use youai_types::{
    ActivityAction, ActivityPatch, ActivityStatus, NewActivity, NewActivityTransition,
    ProjectStatus, RiskLevel,
};

use crate::audit;
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::team_scope::authorize_team;
use youai_db::json::Json;

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

pub const DEFAULT_RADIUS_M: i32 = 500;
pub const DEFAULT_MIN_AGE: i32 = 14;

/// Schedules an activity of a published project (as a draft) for its team's leaders or the
/// admins of its area; returns the row and the project's category.
pub fn create(
    conn: &mut DbConn,
    user: &AuthUser,
    mut n: NewActivity,
) -> ApiResult<(Activity, String)> {
    n.skill_ids.sort_unstable();
    n.skill_ids.dedup();
    let p = db::find_project(conn, n.project_id)?
        .ok_or_else(|| ApiError::field("project_id", "not_found", "服务项目不存在"))?;
    let team_id = n
        .team_id
        .or(p.owner_team_id)
        .ok_or_else(|| ApiError::field("team_id", "required", "须指定承办队伍"))?;
    let t = teams::find(conn, team_id)?
        .ok_or_else(|| ApiError::field("team_id", "not_found", "队伍不存在"))?;
    authorize_team(conn, user, Action::ManageTeam, &t)?;
    if p.status != ProjectStatus::Published {
        return Err(ApiError::conflict(
            "project_not_published",
            "服务项目尚未发布，不能安排活动",
        ));
    }
    let mut e = Errors::default();
    e.text("title", &n.title, 2, 100);
    e.optional_text("description", n.description.as_deref(), 5000);
    if let Err(errs) = validate_schedule(n.start_at, n.end_at, Some(n.signup_deadline), n.quota) {
        e.0.extend(errs);
    }
    if n.start_at <= Utc::now() {
        e.add("start_at", "in_the_past", "开始时间须在将来");
    }
    let min_age = n.min_age.unwrap_or(DEFAULT_MIN_AGE);
    if !(MIN_VOLUNTEER_AGE as i32..=100).contains(&min_age) {
        e.add("min_age", "out_of_range", "最低年龄须在 14 到 100 之间");
    }
    let radius = n.checkin_radius_m.unwrap_or(DEFAULT_RADIUS_M);
    if !(50..=5000).contains(&radius) {
        e.add(
            "checkin_radius_m",
            "out_of_range",
            "签到半径须在 50 到 5000 米之间",
        );
    }
    let known: Vec<i64> = skills::find_many(conn, &n.skill_ids)?
        .into_iter()
        .map(|s| s.id)
        .collect();
    for id in n.skill_ids.iter().filter(|id| !known.contains(id)) {
        e.add("skill_ids", "unknown_skill", format!("技能 {id} 不存在"));
    }
    // Where: a venue, or an area with an address.
    let (venue_id, area_id, address, lat, lng) = match n.venue_id {
        Some(v) => match venues::find(conn, v)? {
            Some(v) => (
                Some(v.id),
                v.area_id,
                n.address.clone().unwrap_or(v.address),
                n.latitude.or(v.latitude),
                n.longitude.or(v.longitude),
            ),
            None => {
                e.add("venue_id", "not_found", "阵地不存在");
                (None, 0, String::new(), None, None)
            }
        },
        None => {
            let area = n.area_id.unwrap_or(0);
            if areas::find(conn, area)?.is_none() {
                e.add("area_id", "required", "须指定阵地，或所属区域和地址");
            }
            let address = n.address.clone().unwrap_or_default();
            if address.trim().is_empty() {
                e.add("address", "required", "须填写活动地址");
            }
            (None, area, address, n.latitude, n.longitude)
        }
    };
    if let (Some(la), Some(lo)) = (lat, lng)
        && !geo::valid_coordinates(la, lo)
    {
        e.add("latitude", "out_of_range", "经纬度无效");
    }
    e.into_result().map_err(ApiError::validation)?;
    if let Some(need_id) = n.need_id {
        crate::services::matching::check_activity_need(conn, need_id, p.id)?;
    }
    let fields = ActivityFields {
        project_id: p.id,
        team_id,
        title: n.title.trim().to_owned(),
        description: n.description.clone(),
        // Microseconds, as both backends store them (and as cursors carry them).
        start_at: n.start_at.naive_utc().trunc_subsecs(6),
        end_at: n.end_at.naive_utc().trunc_subsecs(6),
        signup_deadline: n.signup_deadline.naive_utc().trunc_subsecs(6),
        venue_id,
        area_id,
        address: address.trim().to_owned(),
        latitude: lat,
        longitude: lng,
        checkin_radius_m: radius,
        quota: n.quota,
        skill_ids: Json(n.skill_ids.clone()),
        min_age,
        risk_level: n.risk_level.unwrap_or(RiskLevel::Low),
        auto_accept: n.auto_accept.unwrap_or(true),
        auto_verify: n.auto_verify.unwrap_or(false),
    };
    let mut a = db::insert_activity(conn, &fields, user.id)?;
    if let Some(need_id) = n.need_id {
        a = db::set_activity_need(conn, a.id, need_id)?;
    }
    Ok((a, p.category))
}

/// The most residents one activity may record as served.
pub const MAX_RESIDENTS_SERVED: i32 = 100_000;

/// Moves an activity through its states (publish, start, finish, cancel with a reason) for
/// those who run it; publishing lands on `recruiting` or `full` by the places taken. Finishing
/// records the residents served; a need the activity is run for, and the orders scheduled
/// with it, follow it.
pub fn transition(
    conn: &mut DbConn,
    user: &AuthUser,
    id: i64,
    t: NewActivityTransition,
) -> ApiResult<Activity> {
    let a = visible(conn, Some(user), id)?;
    authorize_runner(conn, user, &a)?;
    match t.residents_served {
        Some(_) if t.action != ActivityAction::Finish => {
            return Err(ApiError::field(
                "residents_served",
                "only_on_finish",
                "参与群众人次只在结束活动时填写",
            ));
        }
        Some(n) if !(0..=MAX_RESIDENTS_SERVED).contains(&n) => {
            return Err(ApiError::field(
                "residents_served",
                "out_of_range",
                "参与群众人次须在 0 到 100000 之间",
            ));
        }
        _ => {}
    }
    let from = a.status;
    let mut to =
        from.apply(t.action, t.reason.as_deref())
            .map_err(|e| match e.to_field_error() {
                Some(fe) => ApiError::validation(vec![fe]),
                None => ApiError::conflict("invalid_transition", e.message()),
            })?;
    if t.action == ActivityAction::Publish {
        to = recompute_fullness(to, i64::from(a.accepted_count), a.quota);
    }
    let reason = (t.action == ActivityAction::Cancel)
        .then(|| t.reason.as_deref().map(str::trim))
        .flatten();
    let mut updated = db::set_activity_status(conn, id, to, reason)?;
    if let Some(n) = t.residents_served {
        updated = db::set_residents_served(conn, id, n)?;
    }
    crate::outbox::hooks::activity_stepped(conn, from, &updated, Some(user.id))?;
    crate::services::matching::follow_activity(conn, user, &updated, t.action)?;
    crate::services::orders::moves::follow_activity(conn, user, &updated, t.action)?;
    audit::record(
        conn,
        user,
        "activity.transition",
        "activity",
        id,
        Some(serde_json::json!({"status": from.as_str()})),
        Some(
            serde_json::json!({"status": to.as_str(), "action": t.action.as_str(), "reason": reason, "residents_served": t.residents_served}),
        ),
    )?;
    Ok(updated)
}

/// Moves an activity that has not started — its time, its place or both — for those who run
/// it, honouring `If-Match`: the schedule is checked again (a new start in the future), the
/// volunteers with a place hear of it once it is published, and its pending reminders move
/// with it.
pub fn move_activity(
    conn: &mut DbConn,
    user: &AuthUser,
    id: i64,
    p: ActivityPatch,
    if_match: Option<&str>,
) -> ApiResult<Activity> {
    let a = visible(conn, Some(user), id)?;
    authorize_runner(conn, user, &a)?;
    if let Some(tag) = if_match {
        let category = db::find_project(conn, a.project_id)?.map(|p| p.category);
        crate::etag::check_if_match(
            Some(tag),
            &crate::views::activities::activity(a.clone(), category, None),
        )?;
    }
    if !matches!(
        a.status,
        ActivityStatus::Draft | ActivityStatus::Recruiting | ActivityStatus::Full
    ) {
        return Err(ApiError::conflict(
            "activity_not_movable",
            "活动已开始、已结束或已取消，不能再改期或改地点",
        ));
    }
    let at =
        |t: Option<chrono::DateTime<Utc>>, was| t.map_or(was, |t| t.naive_utc().trunc_subsecs(6));
    let start_at = at(p.start_at, a.start_at);
    let end_at = at(p.end_at, a.end_at);
    let signup_deadline = at(p.signup_deadline, a.signup_deadline);
    let mut e = Errors::default();
    if let Err(errs) = validate_schedule(
        crate::convert::utc(start_at),
        crate::convert::utc(end_at),
        Some(crate::convert::utc(signup_deadline)),
        a.quota,
    ) {
        e.0.extend(errs);
    }
    if p.start_at.is_some() && start_at <= Utc::now().naive_utc() {
        e.add("start_at", "in_the_past", "开始时间须在将来");
    }
    let address = match p.address.as_deref().map(str::trim) {
        Some(s) => {
            e.text("address", s, 1, 200);
            s.to_owned()
        }
        None => a.address.clone(),
    };
    let (latitude, longitude) = match (p.latitude, p.longitude) {
        (None, None) => (a.latitude, a.longitude),
        (Some(la), Some(lo)) => {
            if !geo::valid_coordinates(la, lo) {
                e.add("latitude", "out_of_range", "经纬度无效");
            }
            (Some(la), Some(lo))
        }
        _ => {
            e.add("latitude", "required", "经纬度须同时填写");
            (a.latitude, a.longitude)
        }
    };
    e.into_result().map_err(ApiError::validation)?;
    let after = db::move_activity(
        conn,
        id,
        &db::ActivityMove {
            start_at,
            end_at,
            signup_deadline,
            address,
            latitude,
            longitude,
        },
    )?;
    crate::outbox::hooks::activity_moved(conn, &a, &after, Some(user.id))?;
    audit::record(
        conn,
        user,
        "activity.move",
        "activity",
        id,
        Some(serde_json::json!({
            "start_at": crate::convert::utc(a.start_at), "end_at": crate::convert::utc(a.end_at),
            "signup_deadline": crate::convert::utc(a.signup_deadline), "address": a.address,
        })),
        Some(serde_json::json!({
            "start_at": crate::convert::utc(after.start_at), "end_at": crate::convert::utc(after.end_at),
            "signup_deadline": crate::convert::utc(after.signup_deadline), "address": after.address,
        })),
    )?;
    Ok(after)
}
