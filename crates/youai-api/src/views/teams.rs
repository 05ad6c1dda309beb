//! Teams and their history as the wire shows them.

use youai_db::DbConn;
use youai_db::teams;
use youai_domain::access::Action;
use youai_types::{Team, TeamDecision};

use crate::auth::AuthUser;
use crate::convert::utc;
use crate::error::{ApiError, ApiResult};

/// API views of team rows, with member and sub-team counts from two grouped queries.
pub fn views(conn: &mut DbConn, rows: Vec<teams::Team>) -> ApiResult<Vec<Team>> {
    let ids: Vec<i64> = rows.iter().map(|t| t.id).collect();
    let counts = teams::counts(conn, &ids)?;
    Ok(rows
        .into_iter()
        .map(|t| {
            let (member_count, sub_team_count) = counts.get(&t.id).copied().unwrap_or_default();
            Team {
                id: t.id,
                parent_id: t.parent_id,
                kind: t.kind,
                name: t.name,
                area_id: t.area_id,
                specialty: t.specialty,
                description: t.description,
                contact_name: t.contact_name,
                contact_phone: t.contact_phone,
                logo_url: t.logo_url,
                status: t.status,
                member_count,
                sub_team_count,
                created_at: utc(t.created_at),
                updated_at: utc(t.updated_at),
            }
        })
        .collect())
}

pub fn view(conn: &mut DbConn, row: teams::Team) -> ApiResult<Team> {
    views(conn, vec![row])?
        .pop()
        .ok_or_else(|| ApiError::not_found("队伍"))
}

/// A phone number for the public: its first three and last four digits (138****1111).
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().collect();
    if chars.len() < 8 {
        return "*".repeat(chars.len());
    }
    let head: String = chars.iter().take(3).collect();
    let tail: String = chars.iter().skip(chars.len() - 4).collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 7))
}

/// Team views as `user` may see them: a team's contact phone in full only to those who
/// manage it (its leaders and admins of its area), masked for everyone else.
pub fn views_for(
    conn: &mut DbConn,
    user: Option<&AuthUser>,
    rows: Vec<teams::Team>,
) -> ApiResult<Vec<Team>> {
    let mut in_scope = Vec::with_capacity(rows.len());
    for t in &rows {
        in_scope.push(match user {
            Some(u) => crate::team_scope::authorize_team(conn, u, Action::ManageTeam, t).is_ok(),
            None => false,
        });
    }
    let mut out = views(conn, rows)?;
    for (v, full) in out.iter_mut().zip(in_scope) {
        if !full {
            v.contact_phone = v.contact_phone.as_deref().map(mask_phone);
        }
    }
    Ok(out)
}

/// One team as `user` may see it.
pub fn view_for(conn: &mut DbConn, user: Option<&AuthUser>, row: teams::Team) -> ApiResult<Team> {
    views_for(conn, user, vec![row])?
        .pop()
        .ok_or_else(|| ApiError::not_found("队伍"))
}

/// One row of a team's history, with the actor's name.
pub fn decision(d: teams::Decision, actor_name: Option<String>) -> TeamDecision {
    TeamDecision {
        id: d.id,
        team_id: d.team_id,
        action: d.action,
        from_status: d.from_status,
        to_status: d.to_status,
        reason: d.reason,
        actor_id: d.actor_id,
        actor_name,
        at: utc(d.at),
    }
}
