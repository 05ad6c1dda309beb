//! Membership (入队): a volunteer asks to join (perhaps answering a call), the team decides,
//! the member leaves or is removed, leaders appoint leaders.

use youai_db::teams::{self as db, Member, Team};
use youai_db::{DbConn, skills, volunteers};
use youai_domain::access::Action;
use youai_domain::membership::{
    Answering, ChangeFacts, JoinFacts, MembershipRefusal, decide_change, decide_join,
    decide_role_change,
};
use youai_types::{MemberRole, MembershipStatus};

use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::team_scope::{authorize_team, visible_team};

/// A membership as it stands after an operation, with the names its view shows.
pub struct MembershipOutcome {
    pub member: Member,
    pub team_name: String,
    pub volunteer_name: String,
}

impl From<MembershipRefusal> for ApiError {
    fn from(r: MembershipRefusal) -> Self {
        if r == MembershipRefusal::Forbidden {
            return ApiError::forbidden();
        }
        match r.field() {
            Some(field) => ApiError::field(field, r.code(), &r.message()),
            None => ApiError::conflict(r.code(), r.message()),
        }
    }
}

fn accepted(conn: &mut DbConn, recruitment_id: i64) -> ApiResult<i64> {
    Ok(db::accepted_counts(conn, &[recruitment_id])?
        .get(&recruitment_id)
        .copied()
        .unwrap_or(0))
}

/// The caller asks to join a team, optionally answering one of its calls; a leader decides.
pub fn join(
    conn: &mut DbConn,
    user: &AuthUser,
    team_id: i64,
    recruitment_id: Option<i64>,
    message: Option<&str>,
) -> ApiResult<MembershipOutcome> {
    let t = visible_team(conn, Some(user), team_id)?;
    let v = volunteers::find_by_user(conn, user.id)?;
    let existing = match &v {
        Some(v) => db::membership_of(conn, team_id, v.id)?.map(|m| m.status),
        None => None,
    };
    let answering = match recruitment_id {
        None => Answering::Nothing,
        Some(rid) => match db::find_recruitment(conn, rid)?.filter(|r| r.team_id == team_id) {
            None => Answering::UnknownCall,
            Some(r) => {
                let wanted = r.skill_ids.0.clone();
                let have: Vec<i64> = match &v {
                    Some(v) => skills::of_volunteers(conn, &[v.id])?
                        .into_iter()
                        .map(|(_, s)| s.id)
                        .collect(),
                    None => Vec::new(),
                };
                let missing_skills = skills::find_many(conn, &wanted)?
                    .into_iter()
                    .filter(|s| !have.contains(&s.id))
                    .map(|s| s.name)
                    .collect();
                Answering::Call {
                    call: crate::views::members::call_facts(&r, accepted(conn, r.id)?),
                    missing_skills,
                }
            }
        },
    };
    decide_join(&JoinFacts {
        team_status: t.status,
        has_profile: v.is_some(),
        existing,
        answering,
        now: youai_db::now(),
    })?;
    let v = v.ok_or(MembershipRefusal::ProfileRequired)?;
    let row = db::apply(
        conn,
        &db::Joining {
            team_id,
            volunteer_id: v.id,
            role: MemberRole::Member,
            status: MembershipStatus::Applied,
            recruitment_id,
            message,
            decided_by: None,
        },
    )?;
    Ok(MembershipOutcome {
        member: row,
        team_name: t.name,
        volunteer_name: v.real_name,
    })
}

/// The member and their volunteer's name, in the team the caller may see.
fn member_of(
    conn: &mut DbConn,
    team_id: i64,
    member_id: i64,
) -> ApiResult<(Member, volunteers::Volunteer)> {
    let m = db::find_member(conn, member_id)?
        .filter(|m| m.team_id == team_id)
        .ok_or_else(|| ApiError::not_found("成员"))?;
    let v = volunteers::find(conn, m.volunteer_id)?.ok_or_else(|| ApiError::not_found("志愿者"))?;
    Ok((m, v))
}

/// Moves a membership on: a leader accepts, declines or removes (audited); the volunteer
/// leaves.
pub fn change_status(
    conn: &mut DbConn,
    user: &AuthUser,
    team_id: i64,
    member_id: i64,
    to: MembershipStatus,
) -> ApiResult<MembershipOutcome> {
    let t: Team = visible_team(conn, Some(user), team_id)?;
    let (m, v) = member_of(conn, team_id, member_id)?;
    let own = v.user_id == Some(user.id);
    let manages =
        to != MembershipStatus::Left && authorize_team(conn, user, Action::ManageTeam, &t).is_ok();
    let call_full = match (to, m.recruitment_id) {
        (MembershipStatus::Active, Some(rid)) => match db::find_recruitment(conn, rid)? {
            Some(r) => accepted(conn, rid)? >= i64::from(r.quota),
            None => false,
        },
        _ => false,
    };
    let from = m.status;
    let next = decide_change(&ChangeFacts {
        from,
        to,
        own,
        manages,
        call_full,
    })?;
    let updated = db::set_member_status(conn, member_id, next, Some(user.id))?;
    if !own {
        crate::outbox::hooks::join_decided(conn, from, &updated, &t.name, Some(user.id))?;
        crate::audit::record(
            conn,
            user,
            "member.decide",
            "membership",
            member_id,
            Some(serde_json::json!({"status": from.as_str()})),
            Some(serde_json::json!({"status": next.as_str(), "team_id": team_id})),
        )?;
    }
    Ok(MembershipOutcome {
        member: updated,
        team_name: t.name,
        volunteer_name: v.real_name,
    })
}

/// Makes an active member a leader or a leader a member (the team's managers; audited).
pub fn change_role(
    conn: &mut DbConn,
    user: &AuthUser,
    team_id: i64,
    member_id: i64,
    role: MemberRole,
) -> ApiResult<MembershipOutcome> {
    let t = visible_team(conn, Some(user), team_id)?;
    authorize_team(conn, user, Action::ManageTeam, &t)?;
    let m = db::find_member(conn, member_id)?
        .filter(|m| m.team_id == team_id)
        .ok_or_else(|| ApiError::not_found("成员"))?;
    decide_role_change(m.status)?;
    let v = volunteers::find(conn, m.volunteer_id)?.ok_or_else(|| ApiError::not_found("志愿者"))?;
    let updated = db::set_member_role(conn, member_id, role)?;
    crate::audit::record(
        conn,
        user,
        "member.role",
        "membership",
        member_id,
        Some(serde_json::json!({"role": m.role.as_str()})),
        Some(serde_json::json!({"role": role.as_str(), "team_id": team_id})),
    )?;
    Ok(MembershipOutcome {
        member: updated,
        team_name: t.name,
        volunteer_name: v.real_name,
    })
}

/// A page of a team's memberships (its managers), with the team's and volunteers' names.
pub fn list(
    conn: &mut DbConn,
    user: &AuthUser,
    team_id: i64,
    status: Option<MembershipStatus>,
    after_id: Option<i64>,
    limit: i64,
) -> ApiResult<Vec<MembershipOutcome>> {
    let t = visible_team(conn, Some(user), team_id)?;
    authorize_team(conn, user, Action::ManageTeam, &t)?;
    Ok(db::members(conn, team_id, status, after_id, limit)?
        .into_iter()
        .map(|(member, volunteer_name)| MembershipOutcome {
            member,
            team_name: t.name.clone(),
            volunteer_name,
        })
        .collect())
}

/// The caller's memberships (none without a volunteer profile).
pub fn mine(conn: &mut DbConn, user: &AuthUser) -> ApiResult<Vec<MembershipOutcome>> {
    let Some(v) = volunteers::find_by_user(conn, user.id)? else {
        return Ok(Vec::new());
    };
    Ok(db::memberships_of_volunteer(conn, v.id)?
        .into_iter()
        .map(|(member, team_name)| MembershipOutcome {
            member,
            team_name,
            volunteer_name: v.real_name.clone(),
        })
        .collect())
}
