//! Role grants: giving and revoking a role. Who may give one depends on where it reaches: a
//! platform admin grants anything; an area admin grants area-admin, grid-worker, kiosk and
//! agency-operator roles inside their own subtree (an agency's by the agency's area). Each is audited.

use youai_db::{DbConn, areas, users, venues};
use youai_domain::access::{Action, ScopeKind, Target, scope_kind};
use youai_types::{FieldError, NewRoleGrant, Role};

use crate::auth::{AuthUser, authorize};
use crate::error::{ApiError, ApiResult};

/// Checks that exactly the scope field the role needs is set.
pub fn check_scope_fields(g: &NewRoleGrant) -> ApiResult<()> {
    let want = scope_kind(g.role);
    let fields = [
        ("area_id", g.area_id.is_some(), ScopeKind::Area),
        ("team_id", g.team_id.is_some(), ScopeKind::Team),
        ("agency_id", g.agency_id.is_some(), ScopeKind::Agency),
        ("venue_id", g.venue_id.is_some(), ScopeKind::Venue),
    ];
    let mut errors = Vec::new();
    for (field, present, kind) in fields {
        if kind == want && !present {
            errors.push(FieldError::new(
                field,
                "required",
                format!("角色 {} 须指定 {field}", g.role.as_str()),
            ));
        } else if kind != want && present {
            errors.push(FieldError::new(
                field,
                "must_be_null",
                format!("角色 {} 不使用 {field}", g.role.as_str()),
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::validation(errors))
    }
}

/// Grants `g` for `user`: checks the scope fields, authorizes by where the grant reaches,
/// checks the user and team exist and the grant is new, inserts it and audits. Call inside a
/// transaction.
pub fn grant(conn: &mut DbConn, user: &AuthUser, g: &NewRoleGrant) -> ApiResult<users::Grant> {
    check_scope_fields(g)?;
    // Where the grant reaches decides who may give it.
    let path = match (g.role, g.area_id, g.venue_id) {
        // An agency's operators are granted by those who manage the agency's area.
        (Role::AgencyOperator, ..) => match g.agency_id {
            Some(agency_id) => {
                let a = youai_db::agencies::find(conn, agency_id)?
                    .ok_or_else(|| ApiError::field("agency_id", "not_found", "机关单位不存在"))?;
                areas::find(conn, a.area_id)?.map(|a| a.path)
            }
            None => None,
        },
        (Role::AreaAdmin | Role::GridWorker, Some(area_id), _) => Some(
            areas::find(conn, area_id)?
                .ok_or_else(|| ApiError::field("area_id", "not_found", "区域不存在"))?
                .path,
        ),
        (Role::Kiosk, _, Some(venue_id)) => {
            let v = venues::find(conn, venue_id)?
                .ok_or_else(|| ApiError::field("venue_id", "not_found", "阵地不存在"))?;
            areas::find(conn, v.area_id)?.map(|a| a.path)
        }
        _ => None,
    };
    match &path {
        Some(p) => authorize(user, Action::ManageGrants, &Target::Area(p))?,
        None => authorize(user, Action::ManageGrants, &Target::Platform)?,
    }
    if users::find(conn, g.user_id)?.is_none() {
        return Err(ApiError::field("user_id", "not_found", "用户不存在"));
    }
    // Not a foreign key (grants predate teams in the schema), but a reference all the same.
    if let Some(team_id) = g.team_id
        && youai_db::teams::find(conn, team_id)?.is_none()
    {
        return Err(ApiError::field("team_id", "not_found", "队伍不存在"));
    }
    let new = users::NewGrant {
        user_id: g.user_id,
        role: g.role,
        area_id: g.area_id,
        team_id: g.team_id,
        agency_id: g.agency_id,
        venue_id: g.venue_id,
        granted_by: Some(user.id),
    };
    if users::same_grant(conn, &new)?.is_some() {
        return Err(crate::constraints::ROLE_GRANTS_SCOPE.error());
    }
    let created = users::insert_grant(conn, &new)?;
    crate::audit::record(
        conn,
        user,
        "grant.create",
        "role_grant",
        created.id,
        None,
        Some(
            serde_json::json!({"user_id": new.user_id, "role": new.role, "area_id": new.area_id, "team_id": new.team_id, "agency_id": new.agency_id, "venue_id": new.venue_id}),
        ),
    )?;
    Ok(created)
}

/// Revokes grant `id` for `user`, who must be able to have given it; audited. Call inside a
/// transaction.
pub fn revoke(conn: &mut DbConn, user: &AuthUser, id: i64) -> ApiResult<()> {
    let g = users::find_grant(conn, id)?.ok_or_else(|| ApiError::not_found("授权"))?;
    let path = match (g.area_id, g.venue_id) {
        (Some(a), _) => areas::find(conn, a)?.map(|a| a.path),
        (None, Some(v)) => match venues::find(conn, v)? {
            Some(v) => areas::find(conn, v.area_id)?.map(|a| a.path),
            None => None,
        },
        _ => match g.agency_id {
            Some(a) => match youai_db::agencies::find(conn, a)? {
                Some(a) => areas::find(conn, a.area_id)?.map(|a| a.path),
                None => None,
            },
            None => None,
        },
    };
    match &path {
        Some(p) => authorize(user, Action::ManageGrants, &Target::Area(p))?,
        None => authorize(user, Action::ManageGrants, &Target::Platform)?,
    }
    users::delete_grant(conn, id)?;
    crate::audit::record(
        conn,
        user,
        "grant.revoke",
        "role_grant",
        id,
        Some(
            serde_json::json!({"user_id": g.user_id, "role": g.role, "area_id": g.area_id, "venue_id": g.venue_id}),
        ),
        None,
    )?;
    Ok(())
}
