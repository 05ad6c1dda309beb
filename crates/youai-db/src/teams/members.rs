//! Membership of teams: join requests, decisions, roles, and the leaders' scope.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use youai_types::{MemberRole, MembershipStatus, TeamStatus};

use crate::page::fetch_limit;
use crate::schema::{team_members, teams, volunteers};
use crate::{DbConn, now};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = team_members)]
pub struct Member {
    pub id: i64,
    pub team_id: i64,
    pub volunteer_id: i64,
    pub role: MemberRole,
    pub status: MembershipStatus,
    pub recruitment_id: Option<i64>,
    pub message: Option<String>,
    pub applied_at: NaiveDateTime,
    pub decided_at: Option<NaiveDateTime>,
    pub decided_by: Option<i64>,
}

/// A membership written in bulk (an import, the demo corps), its times given.
#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = team_members)]
pub struct NewMember<'a> {
    pub team_id: i64,
    pub volunteer_id: i64,
    pub role: MemberRole,
    pub status: MembershipStatus,
    pub message: Option<&'a str>,
    pub applied_at: NaiveDateTime,
    pub decided_at: Option<NaiveDateTime>,
}

/// Adds many memberships in multi-row inserts of 500.
pub fn insert_members(conn: &mut DbConn, rows: &[NewMember<'_>]) -> QueryResult<usize> {
    let mut n = 0;
    for chunk in rows.chunks(500) {
        let query = diesel::insert_into(team_members::table).values(chunk);
        n += crate::on_backend!(conn, |c| query.execute(c))?;
    }
    Ok(n)
}

/// Every active membership as (team, volunteer), in the order they were made.
pub fn active_memberships(conn: &mut DbConn) -> QueryResult<Vec<(i64, i64)>> {
    team_members::table
        .filter(team_members::status.eq(MembershipStatus::Active))
        .order(team_members::id.asc())
        .select((team_members::team_id, team_members::volunteer_id))
        .load(conn)
}

pub fn find_member(conn: &mut DbConn, id: i64) -> QueryResult<Option<Member>> {
    team_members::table
        .find(id)
        .select(Member::as_select())
        .first(conn)
        .optional()
}

pub fn membership_of(
    conn: &mut DbConn,
    team_id: i64,
    volunteer_id: i64,
) -> QueryResult<Option<Member>> {
    team_members::table
        .filter(team_members::team_id.eq(team_id))
        .filter(team_members::volunteer_id.eq(volunteer_id))
        .select(Member::as_select())
        .first(conn)
        .optional()
}

/// A membership to write: who, in what role and state, and why.
pub struct Joining<'a> {
    pub team_id: i64,
    pub volunteer_id: i64,
    pub role: MemberRole,
    pub status: MembershipStatus,
    pub recruitment_id: Option<i64>,
    pub message: Option<&'a str>,
    /// Set when someone decided it at once (a leader registering their own team).
    pub decided_by: Option<i64>,
}

/// Applies (or re-applies after leaving, being removed or declined): one row per pair.
pub fn apply(conn: &mut DbConn, j: &Joining<'_>) -> QueryResult<Member> {
    let t = now();
    let decided_at = j.decided_by.map(|_| t);
    if let Some(existing) = membership_of(conn, j.team_id, j.volunteer_id)? {
        return diesel::update(team_members::table.find(existing.id))
            .set((
                team_members::role.eq(j.role),
                team_members::status.eq(j.status),
                team_members::recruitment_id.eq(j.recruitment_id),
                team_members::message.eq(j.message),
                team_members::applied_at.eq(t),
                team_members::decided_at.eq(decided_at),
                team_members::decided_by.eq(j.decided_by),
            ))
            .get_result(conn);
    }
    diesel::insert_into(team_members::table)
        .values((
            team_members::team_id.eq(j.team_id),
            team_members::volunteer_id.eq(j.volunteer_id),
            team_members::role.eq(j.role),
            team_members::status.eq(j.status),
            team_members::recruitment_id.eq(j.recruitment_id),
            team_members::message.eq(j.message),
            team_members::applied_at.eq(t),
            team_members::decided_at.eq(decided_at),
            team_members::decided_by.eq(j.decided_by),
        ))
        .get_result(conn)
}

pub fn set_member_status(
    conn: &mut DbConn,
    id: i64,
    status: MembershipStatus,
    actor: Option<i64>,
) -> QueryResult<Member> {
    diesel::update(team_members::table.find(id))
        .set((
            team_members::status.eq(status),
            team_members::decided_at.eq(now()),
            team_members::decided_by.eq(actor),
        ))
        .get_result(conn)
}

pub fn set_member_role(conn: &mut DbConn, id: i64, role: MemberRole) -> QueryResult<Member> {
    diesel::update(team_members::table.find(id))
        .set(team_members::role.eq(role))
        .get_result(conn)
}

/// A team's memberships with each volunteer's name, optionally of one status.
pub fn members(
    conn: &mut DbConn,
    team_id: i64,
    status: Option<MembershipStatus>,
    after_id: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<(Member, String)>> {
    let mut q = team_members::table
        .inner_join(volunteers::table)
        .filter(team_members::team_id.eq(team_id))
        .select((Member::as_select(), volunteers::real_name))
        .into_boxed();
    if let Some(s) = status {
        q = q.filter(team_members::status.eq(s));
    }
    if let Some(a) = after_id {
        q = q.filter(team_members::id.gt(a));
    }
    q.order(team_members::id.asc())
        .limit(fetch_limit(limit))
        .load(conn)
}

/// A volunteer's memberships with each team's name.
pub fn memberships_of_volunteer(
    conn: &mut DbConn,
    volunteer_id: i64,
) -> QueryResult<Vec<(Member, String)>> {
    team_members::table
        .inner_join(teams::table)
        .filter(team_members::volunteer_id.eq(volunteer_id))
        .order(team_members::id.asc())
        .select((Member::as_select(), teams::name))
        .load(conn)
}

/// The team paths a user leads (as an active leader), for their scope.
pub fn led_team_paths(conn: &mut DbConn, user_id: i64) -> QueryResult<Vec<String>> {
    team_members::table
        .inner_join(volunteers::table)
        .inner_join(teams::table)
        .filter(volunteers::user_id.eq(user_id))
        .filter(team_members::role.eq(MemberRole::Leader))
        .filter(team_members::status.eq(MembershipStatus::Active))
        .filter(teams::status.eq(TeamStatus::Approved))
        .select(teams::path)
        .load(conn)
}
