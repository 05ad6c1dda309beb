//! Matching and tracing a need: the candidates it may be linked to, the links made, the
//! ratings of needs answered before, and the hours served at the activities run for it.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::{count_star, sum};
use diesel::prelude::*;
use youai_types::{ProjectStatus, RecordStatus, ResourceStatus};

use crate::json::Json;
use crate::schema::{
    agencies, areas, need_links, needs, projects, resource_periods, resources, service_records,
    teams, users, volunteers,
};
use crate::{DbConn, now};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = need_links)]
pub struct Link {
    pub id: i64,
    pub need_id: i64,
    pub resource_id: Option<i64>,
    pub project_id: Option<i64>,
    pub score: i32,
    /// The reasons shown with the proposal when it was chosen.
    pub reasons: Json<Vec<youai_types::ProposalReason>>,
    pub linked_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = need_links)]
pub struct NewLink {
    pub need_id: i64,
    pub resource_id: Option<i64>,
    pub project_id: Option<i64>,
    pub score: i32,
    pub reasons: Json<Vec<youai_types::ProposalReason>>,
    pub linked_by: Option<i64>,
}

pub fn insert_link(conn: &mut DbConn, l: &NewLink) -> QueryResult<Link> {
    diesel::insert_into(need_links::table)
        .values((l, need_links::created_at.eq(now())))
        .get_result(conn)
}

/// A need's links, oldest first.
pub fn links(conn: &mut DbConn, need_id: i64) -> QueryResult<Vec<Link>> {
    need_links::table
        .filter(need_links::need_id.eq(need_id))
        .select(Link::as_select())
        .order(need_links::id.asc())
        .load(conn)
}

/// Whether a need is linked to a project.
pub fn is_linked_to_project(conn: &mut DbConn, need_id: i64, project_id: i64) -> QueryResult<bool> {
    Ok(need_links::table
        .filter(need_links::need_id.eq(need_id))
        .filter(need_links::project_id.eq(project_id))
        .select(need_links::id)
        .first::<i64>(conn)
        .optional()?
        .is_some())
}

/// What matching reads of a published project (not its description: thousands are scored).
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = projects)]
pub struct CandidateProject {
    pub id: i64,
    pub title: String,
    pub category: String,
    pub target_groups: Json<Vec<String>>,
    pub level: youai_types::AreaLevel,
    pub area_id: i64,
    pub owner_team_id: Option<i64>,
    pub owner_agency: Option<String>,
}

/// Published projects in these areas whose category is one of `categories`.
pub fn candidate_projects(
    conn: &mut DbConn,
    area_ids: &[i64],
    categories: &[String],
) -> QueryResult<Vec<CandidateProject>> {
    projects::table
        .filter(projects::status.eq(ProjectStatus::Published))
        .filter(projects::area_id.eq_any(area_ids.to_vec()))
        .filter(projects::category.eq_any(categories.to_vec()))
        .select(CandidateProject::as_select())
        .order(projects::id.asc())
        .load(conn)
}

/// Active resources offered in these areas (their topics are matched in Rust: a JSON array).
pub fn candidate_resources(
    conn: &mut DbConn,
    area_ids: &[i64],
) -> QueryResult<Vec<crate::resources::Resource>> {
    resources::table
        .filter(resources::status.eq(ResourceStatus::Active))
        .filter(resources::area_id.eq_any(area_ids.to_vec()))
        .select(crate::resources::Resource::as_select())
        .order(resources::id.asc())
        .load(conn)
}

/// How much of each resource is allocated, per period start.
pub fn allocated(
    conn: &mut DbConn,
    resource_ids: &[i64],
) -> QueryResult<HashMap<(i64, NaiveDate), i32>> {
    let rows: Vec<(i64, NaiveDate, i32)> = resource_periods::table
        .filter(resource_periods::resource_id.eq_any(resource_ids.to_vec()))
        .select((
            resource_periods::resource_id,
            resource_periods::period_start,
            resource_periods::allocated,
        ))
        .load(conn)?;
    Ok(rows.into_iter().map(|(r, p, n)| ((r, p), n)).collect())
}

/// The sum and count of residents' ratings of the needs linked to each project (or, with
/// `by_resource`, to each resource). Only rated needs count: a few hundred groups at most, so
/// all of them are read rather than binding thousands of candidate ids.
pub fn ratings(conn: &mut DbConn, by_resource: bool) -> QueryResult<HashMap<i64, (i64, i64)>> {
    let base = need_links::table
        .inner_join(needs::table)
        .filter(needs::rating.is_not_null());
    let rows: Vec<(Option<i64>, Option<i64>, i64)> = if by_resource {
        base.group_by(need_links::resource_id)
            .select((need_links::resource_id, sum(needs::rating), count_star()))
            .load(conn)?
    } else {
        base.group_by(need_links::project_id)
            .select((need_links::project_id, sum(needs::rating), count_star()))
            .load(conn)?
    };
    Ok(rows
        .into_iter()
        .filter_map(|(id, total, n)| Some((id?, (total.unwrap_or(0), n))))
        .collect())
}

/// Names of areas, agencies and teams by id (for proposals).
pub fn area_names(conn: &mut DbConn, ids: &[i64]) -> QueryResult<HashMap<i64, (String, String)>> {
    let rows: Vec<(i64, String, String)> = areas::table
        .filter(areas::id.eq_any(ids.to_vec()))
        .select((areas::id, areas::name, areas::path))
        .load(conn)?;
    Ok(rows.into_iter().map(|(i, n, p)| (i, (n, p))).collect())
}

pub fn agency_names(conn: &mut DbConn, ids: &[i64]) -> QueryResult<HashMap<i64, String>> {
    let rows: Vec<(i64, String)> = agencies::table
        .filter(agencies::id.eq_any(ids.to_vec()))
        .select((agencies::id, agencies::name))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}

pub fn team_names(conn: &mut DbConn, ids: &[i64]) -> QueryResult<HashMap<i64, String>> {
    let rows: Vec<(i64, String)> = teams::table
        .filter(teams::id.eq_any(ids.to_vec()))
        .select((teams::id, teams::name))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}

pub fn user_names(conn: &mut DbConn, ids: &[i64]) -> QueryResult<HashMap<i64, String>> {
    let rows: Vec<(i64, String)> = users::table
        .filter(users::id.eq_any(ids.to_vec()))
        .select((users::id, users::name))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}

/// A verified record of hours at an activity, with the volunteer's name.
#[derive(Debug, Clone, PartialEq)]
pub struct ServedHours {
    pub record_id: i64,
    pub activity_id: i64,
    pub volunteer_id: i64,
    pub volunteer_name: String,
    pub quarters: i32,
}

/// The verified hours served at these activities, corrections applied (a record a verified
/// correction points at no longer counts; the correction does).
pub fn served_hours(conn: &mut DbConn, activity_ids: &[i64]) -> QueryResult<Vec<ServedHours>> {
    if activity_ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(i64, Option<i64>, i64, String, i32)> = service_records::table
        .inner_join(volunteers::table)
        .filter(service_records::activity_id.eq_any(activity_ids.to_vec()))
        .filter(service_records::status.eq(RecordStatus::Verified))
        .select((
            service_records::id,
            service_records::activity_id,
            service_records::volunteer_id,
            volunteers::real_name,
            service_records::quarters,
        ))
        .order(service_records::id.asc())
        .load(conn)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    let corrected = crate::records::corrected_among(conn, &ids)?;
    Ok(rows
        .into_iter()
        .filter(|r| !corrected.contains(&r.0))
        .filter_map(
            |(record_id, activity_id, volunteer_id, volunteer_name, quarters)| {
                Some(ServedHours {
                    record_id,
                    activity_id: activity_id?,
                    volunteer_id,
                    volunteer_name,
                    quarters,
                })
            },
        )
        .collect())
}

/// Sets the agency that owns a project (in whose name it is published).
pub fn set_project_agency(
    conn: &mut DbConn,
    project_id: i64,
    agency_id: Option<i64>,
) -> QueryResult<usize> {
    diesel::update(projects::table.find(project_id))
        .set(projects::owner_agency_id.eq(agency_id))
        .execute(conn)
}
