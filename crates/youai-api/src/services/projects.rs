//! Service projects (服务项目): who may see and own them, and their review.

use youai_db::activities::{self as db, Project};
use youai_db::{DbConn, areas, teams};
use youai_domain::access::{Action, Target};
use youai_domain::project_review::{BatchFact, ReviewFacts, ReviewRefusal, decide_review};
use youai_types::{NewProjectReview, ProjectAction, ProjectStatus};

use crate::auth::{AuthUser, authorize};
use crate::error::{ApiError, ApiResult};
use crate::team_scope::authorize_team;

impl From<ReviewRefusal> for ApiError {
    fn from(r: ReviewRefusal) -> Self {
        match r {
            ReviewRefusal::Transition(e) => match e.to_field_error() {
                Some(fe) => ApiError::validation(vec![fe]),
                None => ApiError::conflict("invalid_transition", e.message()),
            },
            ReviewRefusal::BatchRequired => {
                ApiError::field("batch_id", "required", "发布须指定批次")
            }
            ReviewRefusal::BatchNotFound => ApiError::field("batch_id", "not_found", "批次不存在"),
        }
    }
}

fn area_path(conn: &mut DbConn, area_id: i64) -> ApiResult<String> {
    Ok(areas::find(conn, area_id)?
        .map(|a| a.path)
        .unwrap_or_default())
}

/// The owner's side: leaders of the owning team (and above), operators of the owning agency,
/// or admins of the project's area.
pub fn authorize_owner(
    conn: &mut DbConn,
    user: &AuthUser,
    owner_team_id: Option<i64>,
    owner_agency_id: Option<i64>,
    area_id: i64,
) -> ApiResult<()> {
    if let Some(aid) = owner_agency_id
        && authorize(user, Action::ManageResources, &Target::Agency(aid)).is_ok()
    {
        return Ok(());
    }
    if let Some(tid) = owner_team_id
        && let Some(t) = teams::find(conn, tid)?
        && authorize_team(conn, user, Action::ManageTeam, &t).is_ok()
    {
        return Ok(());
    }
    let area = area_path(conn, area_id)?;
    authorize(user, Action::ReviewProjects, &Target::Area(&area))
}

/// A project the caller may see: published or closed ones are public; drafts and those in
/// review are for their owners and reviewers (404 to others).
pub fn visible(conn: &mut DbConn, user: Option<&AuthUser>, id: i64) -> ApiResult<Project> {
    let p = db::find_project(conn, id)?.ok_or_else(|| ApiError::not_found("服务项目"))?;
    if matches!(p.status, ProjectStatus::Published | ProjectStatus::Closed) {
        return Ok(p);
    }
    match user {
        Some(u)
            if authorize_owner(conn, u, p.owner_team_id, p.owner_agency_id, p.area_id).is_ok() =>
        {
            Ok(p)
        }
        _ => Err(ApiError::not_found("服务项目")),
    }
}

/// Reviews a project: its owners submit and close; reviewers of its area approve (into a
/// release batch) or reject (with a reason). Audited.
pub fn review(
    conn: &mut DbConn,
    user: &AuthUser,
    id: i64,
    r: NewProjectReview,
) -> ApiResult<Project> {
    let p = visible(conn, Some(user), id)?;
    match r.action {
        ProjectAction::Submit | ProjectAction::Close => {
            authorize_owner(conn, user, p.owner_team_id, p.owner_agency_id, p.area_id)?
        }
        ProjectAction::Approve | ProjectAction::Reject => {
            let area = area_path(conn, p.area_id)?;
            authorize(user, Action::ReviewProjects, &Target::Area(&area))?
        }
    }
    let batch = match (r.action, r.batch_id) {
        (ProjectAction::Approve, Some(b)) => match db::find_batch(conn, b)? {
            Some(_) => BatchFact::Known(b),
            None => BatchFact::Unknown,
        },
        _ => BatchFact::NotGiven,
    };
    let from = p.status;
    let d = decide_review(&ReviewFacts {
        from,
        action: r.action,
        reason: r.reason.as_deref(),
        batch,
        current_batch: p.batch_id,
    })?;
    let published_at = if d.publish {
        Some(youai_db::now())
    } else {
        p.published_at
    };
    let updated = db::set_project_status(
        conn,
        id,
        d.to,
        d.reason.as_deref(),
        d.batch_id,
        published_at,
    )?;
    crate::audit::record(
        conn,
        user,
        "project.review",
        "project",
        id,
        Some(serde_json::json!({"status": from.as_str()})),
        Some(
            serde_json::json!({"status": d.to.as_str(), "action": r.action.as_str(), "reason": d.reason, "batch_id": d.batch_id}),
        ),
    )?;
    Ok(updated)
}
