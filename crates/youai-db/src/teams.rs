//! Teams (志愿服务队伍): the corps tree and registration decisions. Membership and recruitment
//! calls are in `members` and `recruitments`, re-exported here.

mod members;
mod recruitments;

pub use members::*;
pub use recruitments::*;

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::page::{After, Sort, fetch_limit};
use crate::schema::{areas, team_decisions, team_members, teams, users};
use crate::{DbConn, contains_pattern, keyset, now, subtree_pattern};
use youai_types::{MembershipStatus, TeamAction, TeamKind, TeamStatus};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = teams)]
pub struct Team {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub kind: TeamKind,
    pub name: String,
    pub area_id: i64,
    pub specialty: Option<String>,
    pub description: Option<String>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub logo_url: Option<String>,
    pub status: TeamStatus,
    pub path: String,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// The writable fields of a team.
#[derive(Debug, Clone, PartialEq, Insertable, AsChangeset)]
#[diesel(table_name = teams, treat_none_as_null = true)]
pub struct TeamFields {
    pub parent_id: Option<i64>,
    pub kind: TeamKind,
    pub name: String,
    pub area_id: i64,
    pub specialty: Option<String>,
    pub description: Option<String>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub logo_url: Option<String>,
}

impl From<&Team> for TeamFields {
    fn from(t: &Team) -> Self {
        TeamFields {
            parent_id: t.parent_id,
            kind: t.kind,
            name: t.name.clone(),
            area_id: t.area_id,
            specialty: t.specialty.clone(),
            description: t.description.clone(),
            contact_name: t.contact_name.clone(),
            contact_phone: t.contact_phone.clone(),
            logo_url: t.logo_url.clone(),
        }
    }
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<Team>> {
    teams::table
        .find(id)
        .select(Team::as_select())
        .first(conn)
        .optional()
}

/// The city corps: the approved root team of kind `city_corps`.
pub fn city_corps(conn: &mut DbConn) -> QueryResult<Option<Team>> {
    teams::table
        .filter(teams::kind.eq(TeamKind::CityCorps))
        .filter(teams::status.eq(TeamStatus::Approved))
        .order(teams::id.asc())
        .select(Team::as_select())
        .first(conn)
        .optional()
}

pub fn find_many(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<Team>> {
    teams::table
        .select(Team::as_select())
        .filter(teams::id.eq_any(ids))
        .load(conn)
}

pub fn find_by_name(conn: &mut DbConn, name: &str) -> QueryResult<Option<Team>> {
    teams::table
        .filter(teams::name.eq(name))
        .select(Team::as_select())
        .first(conn)
        .optional()
}

pub fn name_taken(conn: &mut DbConn, name: &str, except: Option<i64>) -> QueryResult<bool> {
    let mut q = teams::table
        .filter(teams::name.eq(name))
        .select(teams::id)
        .into_boxed();
    if let Some(id) = except {
        q = q.filter(teams::id.ne(id));
    }
    Ok(q.first::<i64>(conn).optional()?.is_some())
}

/// Inserts a team with its path (which needs the new id). Call inside a transaction.
pub fn insert(
    conn: &mut DbConn,
    f: &TeamFields,
    parent_path: Option<&str>,
    status: TeamStatus,
    created_by: Option<i64>,
) -> QueryResult<Team> {
    let t = now();
    let id: i64 = diesel::insert_into(teams::table)
        .values((
            f,
            teams::status.eq(status),
            teams::path.eq(""),
            teams::created_by.eq(created_by),
            teams::created_at.eq(t),
            teams::updated_at.eq(t),
        ))
        .returning(teams::id)
        .get_result(conn)?;
    let path = format!("{}{id}/", parent_path.unwrap_or("/"));
    diesel::update(teams::table.find(id))
        .set(teams::path.eq(path))
        .get_result(conn)
}

/// Updates a team's fields; when it moved, rewrites the paths of its whole subtree.
pub fn update(
    conn: &mut DbConn,
    team: &Team,
    f: &TeamFields,
    new_parent_path: Option<&str>,
) -> QueryResult<Team> {
    let updated: Team = diesel::update(teams::table.find(team.id))
        .set((f, teams::updated_at.eq(now())))
        .get_result(conn)?;
    if f.parent_id != team.parent_id {
        let new_path = format!("{}{}/", new_parent_path.unwrap_or("/"), team.id);
        let subtree: Vec<(i64, String)> = teams::table
            .filter(teams::path.like(subtree_pattern(&team.path)).escape('\\'))
            .select((teams::id, teams::path))
            .load(conn)?;
        for (id, path) in subtree {
            let rest = path.get(team.path.len()..).unwrap_or_default();
            diesel::update(teams::table.find(id))
                .set(teams::path.eq(format!("{new_path}{rest}")))
                .execute(conn)?;
        }
        return teams::table
            .find(team.id)
            .select(Team::as_select())
            .first(conn);
    }
    Ok(updated)
}

pub fn set_status(conn: &mut DbConn, id: i64, status: TeamStatus) -> QueryResult<Team> {
    diesel::update(teams::table.find(id))
        .set((teams::status.eq(status), teams::updated_at.eq(now())))
        .get_result(conn)
}

#[derive(Debug, Default, Clone)]
pub struct TeamFilter {
    pub kind: Option<TeamKind>,
    pub status: Option<TeamStatus>,
    /// Statuses visible to the caller when no status is asked for.
    pub visible_statuses: Option<Vec<TeamStatus>>,
    pub parent_id: Option<i64>,
    pub within_area_path: Option<String>,
    pub within_team_path: Option<String>,
    pub specialty: Option<String>,
    pub q: Option<String>,
}

pub fn list(
    conn: &mut DbConn,
    f: &TeamFilter,
    sort: Sort,
    after: Option<&After>,
    limit: i64,
) -> QueryResult<Vec<Team>> {
    let mut q = teams::table.select(Team::as_select()).into_boxed();
    if let Some(k) = &f.kind {
        q = q.filter(teams::kind.eq(*k));
    }
    match (&f.status, &f.visible_statuses) {
        (Some(s), _) => q = q.filter(teams::status.eq(*s)),
        (None, Some(v)) => q = q.filter(teams::status.eq_any(v.clone())),
        (None, None) => {}
    }
    if let Some(p) = f.parent_id {
        q = q.filter(teams::parent_id.eq(p));
    }
    if let Some(path) = &f.within_area_path {
        let inside = areas::table
            .select(areas::id)
            .filter(areas::path.like(subtree_pattern(path)).escape('\\'));
        q = q.filter(teams::area_id.eq_any(inside));
    }
    if let Some(path) = &f.within_team_path {
        q = q.filter(teams::path.like(subtree_pattern(path)).escape('\\'));
    }
    if let Some(s) = &f.specialty {
        q = q.filter(teams::specialty.eq(s.clone()));
    }
    if let Some(text) = &f.q {
        let p = contains_pattern(text);
        q = q.filter(
            teams::name
                .like(p.clone())
                .escape('\\')
                .or(teams::description.like(p).escape('\\')),
        );
    }
    keyset!(q, teams, sort, after)
        .limit(fetch_limit(limit))
        .load(conn)
}

/// Active member counts and direct sub-team counts for a page of teams: two grouped queries.
pub fn counts(conn: &mut DbConn, ids: &[i64]) -> QueryResult<HashMap<i64, (i64, i64)>> {
    use diesel::dsl::count_star;
    let members: Vec<(i64, i64)> = team_members::table
        .filter(team_members::team_id.eq_any(ids))
        .filter(team_members::status.eq(MembershipStatus::Active))
        .group_by(team_members::team_id)
        .select((team_members::team_id, count_star()))
        .load(conn)?;
    let subs: Vec<(Option<i64>, i64)> = teams::table
        .filter(teams::parent_id.eq_any(ids))
        .group_by(teams::parent_id)
        .select((teams::parent_id, count_star()))
        .load(conn)?;
    let mut out: HashMap<i64, (i64, i64)> = ids.iter().map(|id| (*id, (0, 0))).collect();
    for (id, n) in members {
        out.entry(id).or_default().0 = n;
    }
    for (id, n) in subs {
        if let Some(id) = id {
            out.entry(id).or_default().1 = n;
        }
    }
    Ok(out)
}

pub fn counts_by_kind(conn: &mut DbConn) -> QueryResult<Vec<(TeamKind, i64)>> {
    use diesel::dsl::count_star;
    teams::table
        .filter(teams::status.eq(TeamStatus::Approved))
        .group_by(teams::kind)
        .select((teams::kind, count_star()))
        .order(teams::kind.asc())
        .load(conn)
}

// --- decisions ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = team_decisions)]
pub struct Decision {
    pub id: i64,
    pub team_id: i64,
    pub action: TeamAction,
    pub from_status: Option<TeamStatus>,
    pub to_status: TeamStatus,
    pub reason: Option<String>,
    pub actor_id: Option<i64>,
    pub at: NaiveDateTime,
}

pub fn record_decision(
    conn: &mut DbConn,
    team_id: i64,
    action: TeamAction,
    from: Option<TeamStatus>,
    to: TeamStatus,
    reason: Option<&str>,
    actor: Option<i64>,
) -> QueryResult<usize> {
    diesel::insert_into(team_decisions::table)
        .values((
            team_decisions::team_id.eq(team_id),
            team_decisions::action.eq(action),
            team_decisions::from_status.eq(from),
            team_decisions::to_status.eq(to),
            team_decisions::reason.eq(reason),
            team_decisions::actor_id.eq(actor),
            team_decisions::at.eq(now()),
        ))
        .execute(conn)
}

/// A decision recorded in bulk (an import, the demo corps): no actor, no reason.
#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = team_decisions)]
pub struct NewDecision {
    pub team_id: i64,
    pub action: TeamAction,
    pub from_status: Option<TeamStatus>,
    pub to_status: TeamStatus,
}

/// Records many decisions at once, all at the current time, in multi-row inserts of 500.
pub fn insert_decisions(conn: &mut DbConn, rows: &[NewDecision]) -> QueryResult<usize> {
    let at = now();
    let mut n = 0;
    for chunk in rows.chunks(500) {
        let values: Vec<_> = chunk
            .iter()
            .map(|d| (d, team_decisions::at.eq(at)))
            .collect();
        let query = diesel::insert_into(team_decisions::table).values(values);
        n += crate::on_backend!(conn, |c| query.execute(c))?;
    }
    Ok(n)
}

/// A team's decisions, oldest first, with the actor's name.
pub fn history(conn: &mut DbConn, team_id: i64) -> QueryResult<Vec<(Decision, Option<String>)>> {
    team_decisions::table
        .left_join(users::table.on(users::id.nullable().eq(team_decisions::actor_id)))
        .filter(team_decisions::team_id.eq(team_id))
        .order(team_decisions::id.asc())
        .select((Decision::as_select(), users::name.nullable()))
        .load(conn)
}

pub fn paths_of(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<(i64, String)>> {
    teams::table
        .filter(teams::id.eq_any(ids))
        .select((teams::id, teams::path))
        .load(conn)
}

pub fn count(conn: &mut DbConn) -> QueryResult<i64> {
    teams::table
        .filter(teams::status.eq(TeamStatus::Approved))
        .count()
        .get_result(conn)
}

/// Every team, whatever its status.
pub fn count_all(conn: &mut DbConn) -> QueryResult<i64> {
    teams::table.count().get_result(conn)
}

/// Every approved team, in id order.
pub fn all_approved(conn: &mut DbConn) -> QueryResult<Vec<Team>> {
    teams::table
        .filter(teams::status.eq(TeamStatus::Approved))
        .order(teams::id.asc())
        .select(Team::as_select())
        .load(conn)
}

/// The ids of every team in any of these subtrees.
pub fn ids_within(conn: &mut DbConn, paths: &[String]) -> QueryResult<Vec<i64>> {
    let mut ids = Vec::new();
    for p in paths {
        ids.extend(
            teams::table
                .select(teams::id)
                .filter(teams::path.like(subtree_pattern(p)).escape('\\'))
                .load::<i64>(conn)?,
        );
    }
    Ok(ids)
}
