//! Teams (队伍): finding them as the caller may, registering, changing and deciding them.

use youai_db::page::{After, Sort};
use youai_db::teams::{self as db, Team, TeamFields, TeamFilter};
use youai_db::{DbConn, areas, volunteers};
use youai_domain::access::{Action, Target};
use youai_domain::teams::{
    Decision, DecisionRefusal, Registration, RegistrationFacts, check_fields, check_shape,
    decide_registration, decide_registration_path, decision_reason, publicly_visible,
};
use youai_domain::validate::Errors;
use youai_types::{
    MemberRole, MembershipStatus, NewTeam, TeamDecisionKind, TeamKind, TeamPatch, TeamStatus,
};

use crate::auth::{AuthUser, authorize};
use crate::error::{ApiError, ApiResult};
use crate::team_scope::{authorize_team, visible_team};

impl From<DecisionRefusal> for ApiError {
    fn from(r: DecisionRefusal) -> Self {
        if r.is_about_the_reason() {
            ApiError::field("reason", r.code(), &r.message())
        } else {
            ApiError::conflict(r.code(), r.message())
        }
    }
}

/// What a list of teams asks for.
pub struct TeamQuery {
    pub kind: Option<TeamKind>,
    pub status: TeamStatus,
    pub parent_id: Option<i64>,
    pub within: Option<i64>,
    pub under: Option<i64>,
    pub specialty: Option<String>,
    pub q: Option<String>,
}

/// A page of teams. Approved and suspended teams are public; registrations in progress are
/// for the admins who decide them (in the area asked `within`, else the whole platform).
pub fn list(
    conn: &mut DbConn,
    user: Option<&AuthUser>,
    query: TeamQuery,
    sort: Sort,
    after: Option<&After>,
    limit: i64,
) -> ApiResult<Vec<Team>> {
    let within_area_path = match query.within {
        Some(id) => Some(
            areas::find(conn, id)?
                .ok_or_else(|| ApiError::field("within", "not_found", "区域不存在"))?
                .path,
        ),
        None => None,
    };
    if !publicly_visible(query.status) {
        let user = user.ok_or_else(|| {
            ApiError::unauthorized("missing_token", "查看待审或已驳回的队伍须先登录")
        })?;
        let target = match &within_area_path {
            Some(p) => Target::Area(p),
            None => Target::Platform,
        };
        authorize(user, Action::DecideTeamRegistration, &target)?;
    }
    let within_team_path = match query.under {
        Some(id) => Some(
            db::find(conn, id)?
                .ok_or_else(|| ApiError::field("under", "not_found", "队伍不存在"))?
                .path,
        ),
        None => None,
    };
    let filter = TeamFilter {
        kind: query.kind,
        status: Some(query.status),
        visible_statuses: None,
        parent_id: query.parent_id,
        within_area_path,
        within_team_path,
        specialty: query.specialty.filter(|s| !s.is_empty()),
        q: query.q,
    };
    Ok(db::list(conn, &filter, sort, after, limit)?)
}

/// Checks a team's fields and its place in the tree; answers the parent's path.
fn check_new(
    conn: &mut DbConn,
    kind: TeamKind,
    f: &TeamFields,
    own_path: Option<&str>,
) -> ApiResult<Option<String>> {
    let mut e = Errors::default();
    check_fields(
        &mut e,
        &f.name,
        f.specialty.as_deref(),
        f.description.as_deref(),
        f.contact_name.as_deref(),
        f.contact_phone.as_deref(),
        f.logo_url.as_deref(),
    );
    let parent = match f.parent_id {
        Some(id) => db::find(conn, id)?,
        None => None,
    };
    if let Some(p) = &parent
        && p.status != TeamStatus::Approved
    {
        e.add("parent_id", "parent_not_approved", "上级队伍尚未通过审核");
    }
    let parent_kind = parent.as_ref().map(|p| (p.kind, p.path.as_str()));
    if let Err(err) = check_shape(kind, f.parent_id, parent_kind, own_path) {
        e.0.push(err);
    }
    if areas::find(conn, f.area_id)?.is_none() {
        e.add("area_id", "not_found", "所属区域不存在");
    }
    e.into_result().map_err(ApiError::validation)?;
    Ok(parent.map(|p| p.path))
}

fn name_free(conn: &mut DbConn, name: &str, except: Option<i64>) -> ApiResult<()> {
    if db::name_taken(conn, name, except)? {
        return Err(crate::constraints::TEAMS_NAME.error_with(format!("已有名为「{name}」的队伍")));
    }
    Ok(())
}

/// Registers a team: admins of its area create any kind (approved at once); anyone else may
/// apply for a `social_team` (pending), and a registering volunteer becomes its first leader.
pub fn create(conn: &mut DbConn, user: &AuthUser, n: NewTeam) -> ApiResult<Team> {
    let fields = TeamFields {
        parent_id: n.parent_id,
        kind: n.kind,
        name: n.name.trim().to_owned(),
        area_id: n.area_id,
        specialty: n
            .specialty
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty()),
        description: n.description,
        contact_name: n.contact_name,
        contact_phone: n.contact_phone,
        logo_url: n.logo_url,
    };
    // Who may create what comes first: an official team needs an admin of its area.
    let area_path = areas::find(conn, fields.area_id)?.map(|a| a.path);
    let area_admin = area_path
        .as_deref()
        .is_some_and(|p| authorize(user, Action::CreateOfficialTeam, &Target::Area(p)).is_ok());
    let registration =
        decide_registration_path(n.kind, area_admin).ok_or_else(ApiError::forbidden)?;
    let parent_path = check_new(conn, n.kind, &fields, None)?;
    name_free(conn, &fields.name, None)?;
    let status = registration.status();
    let t = db::insert(conn, &fields, parent_path.as_deref(), status, Some(user.id))?;
    db::record_decision(
        conn,
        t.id,
        registration.action(),
        None,
        status,
        None,
        Some(user.id),
    )?;
    if registration == Registration::Application
        && let Some(v) = volunteers::find_by_user(conn, user.id)?
    {
        db::apply(
            conn,
            &db::Joining {
                team_id: t.id,
                volunteer_id: v.id,
                role: MemberRole::Leader,
                status: MembershipStatus::Active,
                recruitment_id: None,
                message: None,
                decided_by: Some(user.id),
            },
        )?;
    }
    Ok(t)
}

/// Changes a team (its leaders, leaders above it, admins of its area), honouring `If-Match`;
/// a move re-checks the tree and needs rights in the new branch too.
pub fn update(
    conn: &mut DbConn,
    user: &AuthUser,
    id: i64,
    p: TeamPatch,
    if_match: Option<&str>,
) -> ApiResult<Team> {
    let current = visible_team(conn, Some(user), id)?;
    authorize_team(conn, user, Action::ManageTeam, &current)?;
    crate::etag::check_if_match(if_match, &crate::views::teams::view(conn, current.clone())?)?;
    let mut f = TeamFields::from(&current);
    if let Some(parent) = p.parent_id {
        f.parent_id = Some(parent);
    }
    f.name = p.name.map_or(f.name, |n| n.trim().to_owned());
    f.specialty = p.specialty.or(f.specialty);
    f.description = p.description.or(f.description);
    f.contact_name = p.contact_name.or(f.contact_name);
    f.contact_phone = p.contact_phone.or(f.contact_phone);
    f.logo_url = p.logo_url.or(f.logo_url);
    let parent_path = check_new(conn, current.kind, &f, Some(&current.path))?;
    if f.parent_id != current.parent_id
        && let Some(pid) = f.parent_id
        && let Some(parent) = db::find(conn, pid)?
    {
        // Moving into another branch needs rights there too.
        authorize_team(conn, user, Action::ManageTeam, &parent)?;
    }
    name_free(conn, &f.name, Some(id))?;
    Ok(db::update(conn, &current, &f, parent_path.as_deref())?)
}

/// Decides a team's registration (admins of its area or above): approve or reject a pending
/// team, suspend or reinstate an approved one; recorded in its history and the audit log.
pub fn decide(
    conn: &mut DbConn,
    user: &AuthUser,
    id: i64,
    kind: TeamDecisionKind,
    reason: Option<&str>,
) -> ApiResult<Team> {
    let decision = Decision::from(kind);
    let reason = decision_reason(decision, reason)?;
    let t = visible_team(conn, Some(user), id)?;
    authorize_team(conn, user, Action::DecideTeamRegistration, &t)?;
    let from = t.status;
    let to = decide_registration(&RegistrationFacts { decision, from })?;
    let updated = db::set_status(conn, id, to)?;
    db::record_decision(
        conn,
        id,
        decision.action(),
        Some(from),
        to,
        reason.as_deref(),
        Some(user.id),
    )?;
    crate::outbox::hooks::team_registration_decided(
        conn,
        from,
        &updated,
        reason.as_deref(),
        Some(user.id),
    )?;
    crate::audit::record(
        conn,
        user,
        "team.decide",
        "team",
        id,
        Some(serde_json::json!({"status": from.as_str()})),
        Some(
            serde_json::json!({"status": to.as_str(), "decision": decision.as_str(), "reason": reason}),
        ),
    )?;
    Ok(updated)
}

/// A team's history (as the caller may see the team), oldest first, with actors' names.
pub fn history(
    conn: &mut DbConn,
    user: Option<&AuthUser>,
    id: i64,
) -> ApiResult<Vec<(db::Decision, Option<String>)>> {
    visible_team(conn, user, id)?;
    Ok(db::history(conn, id)?)
}
