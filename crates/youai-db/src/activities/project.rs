//! Service projects (服务项目) and their numbered release batches.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::page::fetch_limit;
use crate::schema::{areas, project_batches, projects};
use crate::{DbConn, contains_pattern, now, subtree_pattern};
use youai_types::{AreaLevel, ProjectStatus};

use super::in_row_order;
use crate::json::Json;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = project_batches)]
pub struct Batch {
    pub id: i64,
    pub name: String,
    pub released_on: NaiveDate,
    pub created_at: NaiveDateTime,
    /// The English name, for clients that speak English.
    pub name_en: Option<String>,
}

pub fn insert_batch(
    conn: &mut DbConn,
    name: &str,
    name_en: Option<&str>,
    released_on: NaiveDate,
) -> QueryResult<Batch> {
    insert_batch_at(conn, name, name_en, released_on, now())
}

/// Inserts a batch created at a given time (the demo's history).
pub fn insert_batch_at(
    conn: &mut DbConn,
    name: &str,
    name_en: Option<&str>,
    released_on: NaiveDate,
    created_at: NaiveDateTime,
) -> QueryResult<Batch> {
    diesel::insert_into(project_batches::table)
        .values((
            project_batches::name.eq(name),
            project_batches::name_en.eq(name_en),
            project_batches::released_on.eq(released_on),
            project_batches::created_at.eq(created_at),
        ))
        .get_result(conn)
}

pub fn find_batch_by_name(conn: &mut DbConn, name: &str) -> QueryResult<Option<Batch>> {
    project_batches::table
        .filter(project_batches::name.eq(name))
        .select(Batch::as_select())
        .first(conn)
        .optional()
}

pub fn batches(conn: &mut DbConn) -> QueryResult<Vec<Batch>> {
    project_batches::table
        .select(Batch::as_select())
        .order(project_batches::id.asc())
        .load(conn)
}

pub fn find_batch(conn: &mut DbConn, id: i64) -> QueryResult<Option<Batch>> {
    project_batches::table
        .find(id)
        .select(Batch::as_select())
        .first(conn)
        .optional()
}

/// Published projects per batch.
pub fn batch_counts(conn: &mut DbConn) -> QueryResult<Vec<(Option<i64>, i64)>> {
    use diesel::dsl::count_star;
    projects::table
        .filter(projects::batch_id.is_not_null())
        .group_by(projects::batch_id)
        .select((projects::batch_id, count_star()))
        .load(conn)
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = projects)]
pub struct Project {
    pub id: i64,
    pub title: String,
    pub description: Option<String>,
    pub category: String,
    pub target_groups: Json<Vec<String>>,
    pub level: AreaLevel,
    pub area_id: i64,
    pub owner_team_id: Option<i64>,
    pub owner_agency: Option<String>,
    pub status: ProjectStatus,
    pub batch_id: Option<i64>,
    pub review_reason: Option<String>,
    pub published_at: Option<NaiveDateTime>,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The agency in whose name it is published, if any.
    pub owner_agency_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Insertable, AsChangeset)]
#[diesel(table_name = projects, treat_none_as_null = true)]
pub struct ProjectFields {
    pub title: String,
    pub description: Option<String>,
    pub category: String,
    pub target_groups: Json<Vec<String>>,
    pub level: AreaLevel,
    pub area_id: i64,
    pub owner_team_id: Option<i64>,
    pub owner_agency: Option<String>,
}

pub fn insert_project(
    conn: &mut DbConn,
    f: &ProjectFields,
    created_by: i64,
) -> QueryResult<Project> {
    let t = now();
    diesel::insert_into(projects::table)
        .values((
            f,
            projects::status.eq(ProjectStatus::Draft),
            projects::created_by.eq(created_by),
            projects::created_at.eq(t),
            projects::updated_at.eq(t),
        ))
        .get_result(conn)
}

/// A project written in bulk with its status, batch and times given (the demo's history).
#[derive(Debug, Clone, PartialEq)]
pub struct NewProject {
    pub fields: ProjectFields,
    pub status: ProjectStatus,
    pub batch_id: Option<i64>,
    pub published_at: Option<NaiveDateTime>,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Inserts many projects in multi-row inserts of 500; returns their ids in row order.
pub fn insert_projects(conn: &mut DbConn, rows: &[NewProject]) -> QueryResult<Vec<i64>> {
    let mut ids = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(500) {
        let values: Vec<_> = chunk
            .iter()
            .map(|p| {
                (
                    &p.fields,
                    projects::status.eq(&p.status),
                    projects::batch_id.eq(p.batch_id),
                    projects::published_at.eq(p.published_at),
                    projects::created_by.eq(p.created_by),
                    projects::created_at.eq(p.created_at),
                    projects::updated_at.eq(p.updated_at),
                )
            })
            .collect();
        let query = diesel::insert_into(projects::table)
            .values(values)
            .returning(projects::id);
        let got: Vec<i64> = crate::on_backend!(conn, |c| query.get_results(c))?;
        ids.extend(in_row_order(got));
    }
    Ok(ids)
}

pub fn find_project(conn: &mut DbConn, id: i64) -> QueryResult<Option<Project>> {
    projects::table
        .find(id)
        .select(Project::as_select())
        .first(conn)
        .optional()
}

pub fn update_project(conn: &mut DbConn, id: i64, f: &ProjectFields) -> QueryResult<Project> {
    diesel::update(projects::table.find(id))
        .set((f, projects::updated_at.eq(now())))
        .get_result(conn)
}

pub fn set_project_status(
    conn: &mut DbConn,
    id: i64,
    status: ProjectStatus,
    reason: Option<&str>,
    batch_id: Option<i64>,
    published_at: Option<NaiveDateTime>,
) -> QueryResult<Project> {
    diesel::update(projects::table.find(id))
        .set((
            projects::status.eq(status),
            projects::review_reason.eq(reason),
            projects::batch_id.eq(batch_id),
            projects::published_at.eq(published_at),
            projects::updated_at.eq(now()),
        ))
        .get_result(conn)
}

#[derive(Debug, Default, Clone)]
pub struct ProjectFilter {
    pub statuses: Vec<ProjectStatus>,
    pub category: Option<String>,
    /// A target group the project serves (stored as a JSON array of strings).
    pub target_group: Option<String>,
    pub level: Option<String>,
    pub within_path: Option<String>,
    pub owner_team_id: Option<i64>,
    pub batch_id: Option<i64>,
    pub q: Option<String>,
}

pub fn list_projects(
    conn: &mut DbConn,
    f: &ProjectFilter,
    after_id: Option<i64>,
    descending: bool,
    limit: i64,
) -> QueryResult<Vec<Project>> {
    let mut q = projects::table.select(Project::as_select()).into_boxed();
    if !f.statuses.is_empty() {
        q = q.filter(projects::status.eq_any(f.statuses.clone()));
    }
    if let Some(c) = &f.category {
        q = q.filter(projects::category.eq(c.clone()));
    }
    if let Some(g) = &f.target_group {
        q = q.filter(
            projects::target_groups
                .like(contains_pattern(&format!("\"{g}\"")))
                .escape('\\'),
        );
    }
    if let Some(l) = &f.level {
        q = q.filter(projects::level.eq(l.clone()));
    }
    if let Some(path) = &f.within_path {
        let inside = areas::table
            .select(areas::id)
            .filter(areas::path.like(subtree_pattern(path)).escape('\\'));
        q = q.filter(projects::area_id.eq_any(inside));
    }
    if let Some(t) = f.owner_team_id {
        q = q.filter(projects::owner_team_id.eq(t));
    }
    if let Some(b) = f.batch_id {
        q = q.filter(projects::batch_id.eq(b));
    }
    if let Some(text) = &f.q {
        let p = contains_pattern(text);
        q = q.filter(
            projects::title
                .like(p.clone())
                .escape('\\')
                .or(projects::description.like(p).escape('\\')),
        );
    }
    q = match (after_id, descending) {
        (Some(a), false) => q.filter(projects::id.gt(a)),
        (Some(a), true) => q.filter(projects::id.lt(a)),
        (None, _) => q,
    };
    q = if descending {
        q.order(projects::id.desc())
    } else {
        q.order(projects::id.asc())
    };
    q.limit(fetch_limit(limit)).load(conn)
}
