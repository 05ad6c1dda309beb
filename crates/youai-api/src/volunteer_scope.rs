//! Who may see a volunteer, and how much: shared by every handler and service that shows one.

use youai_db::{DbConn, areas, teams, volunteers};
use youai_domain::access::{Action, Target};
use youai_types::MembershipStatus;

use crate::auth::{AuthUser, authorize};
use crate::error::{ApiError, ApiResult};

/// How much of a volunteer the caller may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sight {
    /// The volunteer themself, or a platform admin: the whole ID number.
    Full,
    /// Staff in scope: the ID number masked.
    Staff,
}

/// What the caller may see of this volunteer, or 403.
pub fn sight_of(conn: &mut DbConn, user: &AuthUser, v: &volunteers::Volunteer) -> ApiResult<Sight> {
    if v.user_id == Some(user.id) || user.is_platform_admin() {
        return Ok(Sight::Full);
    }
    let area = areas::find(conn, v.area_id)?
        .map(|a| a.path)
        .unwrap_or_default();
    if authorize(user, Action::ViewVolunteers, &Target::Area(&area)).is_ok() {
        return Ok(Sight::Staff);
    }
    // A leader sees the volunteers who are in, or have applied to, a team they lead.
    for (m, _) in teams::memberships_of_volunteer(conn, v.id)? {
        if !matches!(
            m.status,
            MembershipStatus::Active | MembershipStatus::Applied
        ) {
            continue;
        }
        if let Some(t) = teams::find(conn, m.team_id)? {
            let area_path = areas::find(conn, t.area_id)?
                .map(|a| a.path)
                .unwrap_or_default();
            if authorize(
                user,
                Action::ViewVolunteers,
                &Target::Team {
                    area_path: &area_path,
                    team_path: &t.path,
                },
            )
            .is_ok()
            {
                return Ok(Sight::Staff);
            }
        }
    }
    Err(ApiError::forbidden())
}
