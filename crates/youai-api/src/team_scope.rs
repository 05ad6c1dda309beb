//! Team scope checks shared by handlers and services: may this caller act on this team.

use youai_db::{DbConn, areas, teams};
use youai_domain::access::{Action, Target};

use crate::auth::{AuthUser, authorize};
use crate::error::{ApiError, ApiResult};

/// The area path of a team, for scope checks.
pub fn area_path(conn: &mut DbConn, t: &teams::Team) -> ApiResult<String> {
    Ok(areas::find(conn, t.area_id)?
        .map(|a| a.path)
        .unwrap_or_default())
}

/// 403 unless the user may do `action` on the team (its area's admins, or its leaders above).
pub fn authorize_team(
    conn: &mut DbConn,
    user: &AuthUser,
    action: Action,
    t: &teams::Team,
) -> ApiResult<()> {
    let area = area_path(conn, t)?;
    authorize(
        user,
        action,
        &Target::Team {
            area_path: &area,
            team_path: &t.path,
        },
    )
}

/// A team everyone may see (approved or suspended), or one the caller is responsible for;
/// otherwise it does not exist for them (404).
pub fn visible_team(conn: &mut DbConn, user: Option<&AuthUser>, id: i64) -> ApiResult<teams::Team> {
    let t = teams::find(conn, id)?.ok_or_else(|| ApiError::not_found("队伍"))?;
    if youai_domain::teams::publicly_visible(t.status) {
        return Ok(t);
    }
    if let Some(u) = user
        && (t.created_by == Some(u.id)
            || authorize_team(conn, u, Action::DecideTeamRegistration, &t).is_ok())
    {
        return Ok(t);
    }
    Err(ApiError::not_found("队伍"))
}
