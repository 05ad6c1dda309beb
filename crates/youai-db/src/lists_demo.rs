//! Bulk writes for the demo city's 三清单 (agencies, resources with their periods and
//! allocations, needs with their events and links) straight over the schema's tables, in
//! multi-row inserts of at most 500 rows; and the few updates the demo makes to the
//! activities it already loaded (the lecture series, the residents served, the needs served).
//! The API's own writes live in `needs` and `resources`; these are for loading a demo only.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use youai_types::{
    AgencyKind, AreaLevel, NeedChannel, NeedEventKind, NeedStatus, ResourceKind, ResourcePeriod,
    ResourceStatus,
};

use crate::DbConn;
use crate::activities::in_row_order;
use crate::json::Json;
use crate::schema::{
    activities, agencies, need_events, need_links, needs, projects, resource_allocations,
    resource_periods, resources, service_records,
};

const CHUNK: usize = 500;

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = agencies)]
pub struct NewAgency {
    pub name: String,
    pub kind: AgencyKind,
    pub area_id: i64,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub description: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = resources)]
pub struct NewResource {
    pub kind: ResourceKind,
    pub title: String,
    pub description: Option<String>,
    pub provider_agency_id: Option<i64>,
    pub provider_team_id: Option<i64>,
    pub level: AreaLevel,
    pub area_id: i64,
    pub topics: Json<Vec<String>>,
    pub target_groups: Json<Vec<String>>,
    pub capacity: i32,
    pub unit: String,
    pub period: ResourcePeriod,
    pub available_from: Option<NaiveDate>,
    pub available_until: Option<NaiveDate>,
    pub status: ResourceStatus,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = resource_periods)]
pub struct NewPeriod {
    pub resource_id: i64,
    pub period_start: NaiveDate,
    pub allocated: i32,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = resource_allocations)]
pub struct NewAllocation {
    pub resource_id: i64,
    pub area_id: i64,
    pub quantity: i32,
    pub period_start: NaiveDate,
    pub need_id: Option<i64>,
    pub note: Option<String>,
    pub allocated_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = needs)]
pub struct NewNeed {
    pub code: String,
    pub title: String,
    pub description: Option<String>,
    pub category_id: i64,
    pub area_id: i64,
    pub people_affected: i32,
    pub target_group: Option<String>,
    pub channel: NeedChannel,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub submitted_by: Option<i64>,
    pub recorded_by: Option<i64>,
    pub status: NeedStatus,
    pub merged_into: Option<i64>,
    pub supporters: i32,
    pub urgency_rank: Option<i32>,
    pub reject_reason: Option<String>,
    pub decided_at: Option<NaiveDateTime>,
    pub fulfilled_at: Option<NaiveDateTime>,
    pub rating: Option<i32>,
    pub rating_comment: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = need_events)]
pub struct NewNeedEvent {
    pub need_id: i64,
    pub kind: NeedEventKind,
    pub from_status: Option<NeedStatus>,
    pub to_status: Option<NeedStatus>,
    pub actor_id: Option<i64>,
    pub note: Option<String>,
    pub details: Option<Json<serde_json::Value>>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = need_links)]
pub struct NewNeedLink {
    pub need_id: i64,
    pub resource_id: Option<i64>,
    pub project_id: Option<i64>,
    pub score: i32,
    pub reasons: Json<Vec<youai_types::ProposalReason>>,
    pub linked_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

/// Inserts rows in chunks, returning their ids in row order.
macro_rules! insert_returning_ids {
    ($conn:expr, $table:path, $id:expr, $rows:expr) => {{
        let mut ids = Vec::with_capacity($rows.len());
        for chunk in $rows.chunks(CHUNK) {
            let query = diesel::insert_into($table).values(chunk).returning($id);
            let got: Vec<i64> = crate::on_backend!($conn, |c| query.get_results(c))?;
            ids.extend(in_row_order(got));
        }
        Ok(ids)
    }};
}

/// Inserts rows in chunks, returning how many.
macro_rules! insert_counting {
    ($conn:expr, $table:path, $rows:expr) => {{
        let mut n = 0;
        for chunk in $rows.chunks(CHUNK) {
            let query = diesel::insert_into($table).values(chunk);
            n += crate::on_backend!($conn, |c| query.execute(c))?;
        }
        Ok(n)
    }};
}

pub fn count_agencies(conn: &mut DbConn) -> QueryResult<i64> {
    agencies::table.count().get_result(conn)
}

pub fn insert_agencies(conn: &mut DbConn, rows: &[NewAgency]) -> QueryResult<Vec<i64>> {
    insert_returning_ids!(conn, agencies::table, agencies::id, rows)
}

pub fn insert_resources(conn: &mut DbConn, rows: &[NewResource]) -> QueryResult<Vec<i64>> {
    insert_returning_ids!(conn, resources::table, resources::id, rows)
}

pub fn insert_periods(conn: &mut DbConn, rows: &[NewPeriod]) -> QueryResult<usize> {
    insert_counting!(conn, resource_periods::table, rows)
}

pub fn insert_allocations(conn: &mut DbConn, rows: &[NewAllocation]) -> QueryResult<usize> {
    insert_counting!(conn, resource_allocations::table, rows)
}

pub fn insert_needs(conn: &mut DbConn, rows: &[NewNeed]) -> QueryResult<Vec<i64>> {
    insert_returning_ids!(conn, needs::table, needs::id, rows)
}

pub fn insert_need_events(conn: &mut DbConn, rows: &[NewNeedEvent]) -> QueryResult<usize> {
    insert_counting!(conn, need_events::table, rows)
}

pub fn insert_need_links(conn: &mut DbConn, rows: &[NewNeedLink]) -> QueryResult<usize> {
    insert_counting!(conn, need_links::table, rows)
}

/// Gives every project owned by an agency's name (`owner_agency`) that agency's id, where an
/// agency of that name exists. One statement; returns the projects updated.
pub fn link_project_agencies(conn: &mut DbConn) -> QueryResult<usize> {
    diesel::sql_query(
        "UPDATE projects SET owner_agency_id = \
         (SELECT agencies.id FROM agencies WHERE agencies.name = projects.owner_agency) \
         WHERE owner_agency IS NOT NULL AND owner_agency_id IS NULL \
         AND EXISTS (SELECT 1 FROM agencies WHERE agencies.name = projects.owner_agency)",
    )
    .execute(conn)
}

/// Moves a finished activity into a project (a lecture series' session), retitled, with the
/// residents it served; its service records follow the project's category.
pub fn make_session(
    conn: &mut DbConn,
    activity_id: i64,
    project_id: i64,
    title: &str,
    category: &str,
    residents_served: i32,
) -> QueryResult<()> {
    diesel::update(activities::table.find(activity_id))
        .set((
            activities::project_id.eq(project_id),
            activities::title.eq(title),
            activities::residents_served.eq(residents_served),
        ))
        .execute(conn)?;
    diesel::update(service_records::table.filter(service_records::activity_id.eq(activity_id)))
        .set(service_records::category.eq(category))
        .execute(conn)?;
    Ok(())
}

/// Records the residents served by every finished activity that has no count yet: a
/// plausible number from its volunteers (three to four residents each) and its id, so the
/// same demo always gets the same numbers. One statement; returns the activities updated.
pub fn fill_residents_served(conn: &mut DbConn) -> QueryResult<usize> {
    diesel::sql_query(
        "UPDATE activities SET residents_served = accepted_count * 3 + (id * 37) % 23 + 4 \
         WHERE status = 'finished' AND residents_served IS NULL",
    )
    .execute(conn)
}

/// Marks an activity as run for a need.
pub fn set_activity_need(conn: &mut DbConn, activity_id: i64, need_id: i64) -> QueryResult<()> {
    diesel::update(activities::table.find(activity_id))
        .set(activities::need_id.eq(need_id))
        .execute(conn)
        .map(|_| ())
}

/// A finished activity as the demo's needs plan reads it: (id, project, area, start, end).
pub type FinishedRun = (i64, i64, i64, NaiveDateTime, NaiveDateTime);

/// Finished activities as the demo's needs plan reads them.
pub fn finished_activities(conn: &mut DbConn) -> QueryResult<Vec<FinishedRun>> {
    activities::table
        .filter(activities::status.eq(youai_types::ActivityStatus::Finished))
        .order(activities::id.asc())
        .select((
            activities::id,
            activities::project_id,
            activities::area_id,
            activities::start_at,
            activities::end_at,
        ))
        .load(conn)
}

/// A published project as the demo's needs plan reads it: (id, category, area, owner team).
pub type PublishedProject = (i64, String, i64, Option<i64>);

/// Published projects as the demo's needs plan reads them.
pub fn published_projects(conn: &mut DbConn) -> QueryResult<Vec<PublishedProject>> {
    projects::table
        .filter(projects::status.eq(youai_types::ProjectStatus::Published))
        .order(projects::id.asc())
        .select((
            projects::id,
            projects::category,
            projects::area_id,
            projects::owner_team_id,
        ))
        .load(conn)
}
