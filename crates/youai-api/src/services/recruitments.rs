//! Recruitment calls (志愿者招募): a team's managers post one; everyone may read them.

use youai_db::teams::{self as db, NewRecruitment as NewRow, Recruitment};
use youai_db::{DbConn, skills};
use youai_domain::access::Action;
use youai_domain::membership::check_call;
use youai_domain::validate::Errors;
use youai_types::{NewRecruitment, RecruitmentStatus, TeamStatus};

use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::team_scope::{authorize_team, visible_team};
use youai_db::json::Json;

/// Posts a call for an approved team (its leaders and admins of its area).
pub fn create(conn: &mut DbConn, user: &AuthUser, mut n: NewRecruitment) -> ApiResult<Recruitment> {
    n.skill_ids.sort_unstable();
    n.skill_ids.dedup();
    let t = db::find(conn, n.team_id)?
        .ok_or_else(|| ApiError::field("team_id", "not_found", "队伍不存在"))?;
    authorize_team(conn, user, Action::ManageTeam, &t)?;
    if t.status != TeamStatus::Approved {
        return Err(ApiError::conflict(
            "team_not_approved",
            "队伍未通过审核，不能发布招募",
        ));
    }
    let mut e = Errors::default();
    check_call(
        &mut e,
        &n.title,
        n.description.as_deref(),
        n.quota,
        n.deadline.naive_utc(),
        youai_db::now(),
    );
    let known: Vec<i64> = skills::find_many(conn, &n.skill_ids)?
        .into_iter()
        .map(|s| s.id)
        .collect();
    for id in n.skill_ids.iter().filter(|id| !known.contains(id)) {
        e.add("skill_ids", "unknown_skill", format!("技能 {id} 不存在"));
    }
    e.into_result().map_err(ApiError::validation)?;
    Ok(db::insert_recruitment(
        conn,
        &NewRow {
            team_id: n.team_id,
            title: n.title.trim().to_owned(),
            description: n.description.clone(),
            quota: n.quota,
            skill_ids: Json(n.skill_ids.clone()),
            deadline: n.deadline.naive_utc(),
            status: RecruitmentStatus::Open,
            created_by: Some(user.id),
        },
    )?)
}

/// Closes a call early (its team's leaders and admins of its area); closing a closed call
/// changes nothing. Audited. Call inside a transaction.
pub fn close(conn: &mut DbConn, user: &AuthUser, id: i64) -> ApiResult<(Recruitment, i64)> {
    let r = db::find_recruitment(conn, id)?.ok_or_else(|| ApiError::not_found("招募"))?;
    let t = db::find(conn, r.team_id)?.ok_or_else(|| ApiError::not_found("队伍"))?;
    authorize_team(conn, user, Action::ManageTeam, &t)?;
    let r = if r.status == RecruitmentStatus::Closed {
        r
    } else {
        let closed = db::close_recruitment(conn, id)?;
        crate::audit::record(
            conn,
            user,
            "recruitment.close",
            "recruitment",
            id,
            Some(serde_json::json!({"status": r.status})),
            Some(serde_json::json!({"status": closed.status})),
        )?;
        closed
    };
    let n = db::accepted_counts(conn, &[id])?
        .get(&id)
        .copied()
        .unwrap_or(0);
    Ok((r, n))
}

/// A page of calls, newest first, each with how many it accepted.
pub fn list(
    conn: &mut DbConn,
    team_id: Option<i64>,
    open_only: bool,
    after_id: Option<i64>,
    limit: i64,
) -> ApiResult<Vec<(Recruitment, i64)>> {
    let open_at = open_only.then(youai_db::now);
    let rows = db::list_recruitments(conn, team_id, open_at, after_id, limit)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let counts = db::accepted_counts(conn, &ids)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let n = counts.get(&r.id).copied().unwrap_or(0);
            (r, n)
        })
        .collect())
}

/// One call, if its team is visible to the caller, with how many it accepted.
pub fn get(conn: &mut DbConn, user: Option<&AuthUser>, id: i64) -> ApiResult<(Recruitment, i64)> {
    let r = db::find_recruitment(conn, id)?.ok_or_else(|| ApiError::not_found("招募"))?;
    visible_team(conn, user, r.team_id)?;
    let n = db::accepted_counts(conn, &[id])?
        .get(&id)
        .copied()
        .unwrap_or(0);
    Ok((r, n))
}
