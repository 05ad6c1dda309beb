//! What a courtesy's eligibility rules read about a volunteer: their verified service and the
//! kinds of the teams they are an active member of.

use chrono::NaiveDate;
use diesel::prelude::*;
use youai_types::{MembershipStatus, RecordStatus, TeamKind};

use crate::DbConn;
use crate::schema::{service_records, team_members, teams};

/// A verified service record as the courtesies' eligibility sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Queryable)]
pub struct VerifiedService {
    pub id: i64,
    pub quarters: i32,
    pub served_on: NaiveDate,
    /// The record this one corrects, if it is a correction.
    pub corrects_id: Option<i64>,
}

/// A volunteer's verified service records, oldest first.
pub fn verified_service(conn: &mut DbConn, volunteer_id: i64) -> QueryResult<Vec<VerifiedService>> {
    service_records::table
        .filter(service_records::volunteer_id.eq(volunteer_id))
        .filter(service_records::status.eq(RecordStatus::Verified))
        .order(service_records::id.asc())
        .select((
            service_records::id,
            service_records::quarters,
            service_records::served_on,
            service_records::corrects_id,
        ))
        .load(conn)
}

/// The kinds of the teams the volunteer is an active member of.
pub fn active_team_kinds(conn: &mut DbConn, volunteer_id: i64) -> QueryResult<Vec<TeamKind>> {
    team_members::table
        .inner_join(teams::table)
        .filter(team_members::volunteer_id.eq(volunteer_id))
        .filter(team_members::status.eq(MembershipStatus::Active))
        .order(team_members::id.asc())
        .select(teams::kind)
        .load(conn)
}
