//! Service projects (and their release batches), activities and sign-ups: one module in three
//! files — `project`, this one (activities), `sign_up` — re-exported here.

mod project;
mod sign_up;

pub use project::*;
pub use sign_up::*;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::json::Json;
use crate::page::fetch_limit;
use crate::schema::{activities, areas, projects};
use crate::{DbConn, contains_pattern, now, subtree_pattern};
use youai_types::{ActivityStatus, RiskLevel};

/// Ids returned by a multi-row insert, in the order of its rows: identities are handed out in
/// row order, but `RETURNING` itself promises no order.
pub(crate) fn in_row_order(mut ids: Vec<i64>) -> Vec<i64> {
    ids.sort_unstable();
    ids
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = activities)]
pub struct Activity {
    pub id: i64,
    pub project_id: i64,
    pub team_id: i64,
    pub title: String,
    pub description: Option<String>,
    pub start_at: NaiveDateTime,
    pub end_at: NaiveDateTime,
    pub signup_deadline: NaiveDateTime,
    pub venue_id: Option<i64>,
    pub area_id: i64,
    pub address: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub checkin_radius_m: i32,
    pub quota: i32,
    pub skill_ids: Json<Vec<i64>>,
    pub min_age: i32,
    pub risk_level: RiskLevel,
    pub auto_accept: bool,
    pub auto_verify: bool,
    pub status: ActivityStatus,
    pub cancel_reason: Option<String>,
    pub accepted_count: i32,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The resident need it is run for, if any.
    pub need_id: Option<i64>,
    /// Residents served (参与群众人次), recorded when it finished.
    pub residents_served: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Insertable, AsChangeset)]
#[diesel(table_name = activities, treat_none_as_null = true)]
pub struct ActivityFields {
    pub project_id: i64,
    pub team_id: i64,
    pub title: String,
    pub description: Option<String>,
    pub start_at: NaiveDateTime,
    pub end_at: NaiveDateTime,
    pub signup_deadline: NaiveDateTime,
    pub venue_id: Option<i64>,
    pub area_id: i64,
    pub address: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub checkin_radius_m: i32,
    pub quota: i32,
    pub skill_ids: Json<Vec<i64>>,
    pub min_age: i32,
    pub risk_level: RiskLevel,
    pub auto_accept: bool,
    pub auto_verify: bool,
}

pub fn insert_activity(
    conn: &mut DbConn,
    f: &ActivityFields,
    created_by: i64,
) -> QueryResult<Activity> {
    let t = now();
    diesel::insert_into(activities::table)
        .values((
            f,
            activities::status.eq(ActivityStatus::Draft),
            activities::accepted_count.eq(0),
            activities::created_by.eq(created_by),
            activities::created_at.eq(t),
            activities::updated_at.eq(t),
        ))
        .get_result(conn)
}

/// An activity written in bulk with its status and times given (the demo's history).
#[derive(Debug, Clone, PartialEq)]
pub struct NewActivity {
    pub fields: ActivityFields,
    pub status: ActivityStatus,
    pub accepted_count: i32,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Inserts many activities in multi-row inserts of 500; returns their ids in row order.
pub fn insert_activities(conn: &mut DbConn, rows: &[NewActivity]) -> QueryResult<Vec<i64>> {
    let mut ids = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(500) {
        let values: Vec<_> = chunk
            .iter()
            .map(|a| {
                (
                    &a.fields,
                    activities::status.eq(&a.status),
                    activities::accepted_count.eq(a.accepted_count),
                    activities::created_by.eq(a.created_by),
                    activities::created_at.eq(a.created_at),
                    activities::updated_at.eq(a.updated_at),
                )
            })
            .collect();
        let query = diesel::insert_into(activities::table)
            .values(values)
            .returning(activities::id);
        let got: Vec<i64> = crate::on_backend!(conn, |c| query.get_results(c))?;
        ids.extend(in_row_order(got));
    }
    Ok(ids)
}

/// Every activity, whatever its status.
pub fn count_activities(conn: &mut DbConn) -> QueryResult<i64> {
    activities::table.count().get_result(conn)
}

pub fn find_activity(conn: &mut DbConn, id: i64) -> QueryResult<Option<Activity>> {
    activities::table
        .find(id)
        .select(Activity::as_select())
        .first(conn)
        .optional()
}

pub fn set_activity_status(
    conn: &mut DbConn,
    id: i64,
    status: ActivityStatus,
    reason: Option<&str>,
) -> QueryResult<Activity> {
    diesel::update(activities::table.find(id))
        .set((
            activities::status.eq(status),
            activities::cancel_reason.eq(reason),
            activities::updated_at.eq(now()),
        ))
        .get_result(conn)
}

/// Takes one place if one is free: a single conditional UPDATE, so concurrent sign-ups can
/// never overfill the quota on either backend. Returns whether a place was taken.
pub fn take_place(conn: &mut DbConn, id: i64) -> QueryResult<bool> {
    let n = diesel::update(
        activities::table
            .find(id)
            .filter(activities::accepted_count.lt(activities::quota)),
    )
    .set(activities::accepted_count.eq(activities::accepted_count + 1))
    .execute(conn)?;
    Ok(n == 1)
}

pub fn release_place(conn: &mut DbConn, id: i64) -> QueryResult<usize> {
    diesel::update(
        activities::table
            .find(id)
            .filter(activities::accepted_count.gt(0)),
    )
    .set(activities::accepted_count.eq(activities::accepted_count - 1))
    .execute(conn)
}

#[derive(Debug, Default, Clone)]
pub struct ActivityFilter {
    pub statuses: Vec<ActivityStatus>,
    pub within_path: Option<String>,
    pub team_id: Option<i64>,
    pub venue_id: Option<i64>,
    pub project_id: Option<i64>,
    pub from: Option<NaiveDateTime>,
    pub to: Option<NaiveDateTime>,
    pub category: Option<String>,
    pub target_group: Option<String>,
    pub free_only: bool,
    /// (min_lat, max_lat, min_lon, max_lon): a coarse box; the exact distance is checked after.
    pub bbox: Option<(f64, f64, f64, f64)>,
    pub q: Option<String>,
}

/// Activities in start order (then id), after the position `(start, id)`.
pub fn list_activities(
    conn: &mut DbConn,
    f: &ActivityFilter,
    after: Option<(NaiveDateTime, i64)>,
    limit: i64,
) -> QueryResult<Vec<Activity>> {
    let mut q = activities::table.select(Activity::as_select()).into_boxed();
    if !f.statuses.is_empty() {
        q = q.filter(activities::status.eq_any(f.statuses.clone()));
    }
    if let Some(path) = &f.within_path {
        let inside = areas::table
            .select(areas::id)
            .filter(areas::path.like(subtree_pattern(path)).escape('\\'));
        q = q.filter(activities::area_id.eq_any(inside));
    }
    if let Some(v) = f.venue_id {
        q = q.filter(activities::venue_id.eq(v));
    }
    if let Some(p) = f.project_id {
        q = q.filter(activities::project_id.eq(p));
    }
    if let Some(t) = f.team_id {
        q = q.filter(activities::team_id.eq(t));
    }
    if let Some(from) = f.from {
        q = q.filter(activities::end_at.gt(from));
    }
    if let Some(to) = f.to {
        q = q.filter(activities::start_at.lt(to));
    }
    if f.category.is_some() || f.target_group.is_some() {
        let mut p = projects::table.select(projects::id).into_boxed();
        if let Some(c) = &f.category {
            p = p.filter(projects::category.eq(c.clone()));
        }
        if let Some(g) = &f.target_group {
            p = p.filter(
                projects::target_groups
                    .like(contains_pattern(&format!("\"{g}\"")))
                    .escape('\\'),
            );
        }
        let ids: Vec<i64> = p.load(conn)?;
        q = q.filter(activities::project_id.eq_any(ids));
    }
    if f.free_only {
        q = q.filter(activities::accepted_count.lt(activities::quota));
    }
    if let Some((a, b, c, d)) = f.bbox {
        q = q
            .filter(activities::latitude.between(a, b))
            .filter(activities::longitude.between(c, d));
    }
    if let Some(text) = &f.q {
        let p = contains_pattern(text);
        q = q.filter(
            activities::title
                .like(p.clone())
                .escape('\\')
                .or(activities::address.like(p).escape('\\')),
        );
    }
    if let Some((start, id)) = after {
        q = q.filter(
            activities::start_at
                .gt(start)
                .or(activities::start_at.eq(start).and(activities::id.gt(id))),
        );
    }
    q.order((activities::start_at.asc(), activities::id.asc()))
        .limit(fetch_limit(limit))
        .load(conn)
}

/// Figures for the stats page.
pub struct Figures {
    /// Finished activities.
    pub run: i64,
    /// Projects ever published.
    pub published: i64,
    /// Runs of projects (activities, neither drafts nor cancelled) put on the platform since the
    /// asked-for instant.
    pub recent: i64,
    /// Published activities by their project's category.
    pub by_category: Vec<(String, i64)>,
}

pub fn figures(conn: &mut DbConn, since: NaiveDateTime) -> QueryResult<Figures> {
    use diesel::dsl::count_star;
    let run = activities::table
        .filter(activities::status.eq(ActivityStatus::Finished))
        .count()
        .get_result(conn)?;
    let published = projects::table
        .filter(projects::published_at.is_not_null())
        .count()
        .get_result(conn)?;
    let recent = activities::table
        .filter(activities::status.ne_all([ActivityStatus::Draft, ActivityStatus::Cancelled]))
        .filter(activities::created_at.ge(since))
        .count()
        .get_result(conn)?;
    let by_category = activities::table
        .inner_join(projects::table)
        .filter(activities::status.ne_all([ActivityStatus::Draft, ActivityStatus::Cancelled]))
        .group_by(projects::category)
        .select((projects::category, count_star()))
        .order(projects::category.asc())
        .load(conn)?;
    Ok(Figures {
        run,
        published,
        recent,
        by_category,
    })
}

/// Titles of activities by id.
pub fn titles(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<(i64, String)>> {
    activities::table
        .filter(activities::id.eq_any(ids))
        .select((activities::id, activities::title))
        .load(conn)
}

/// Marks an activity as run for a need.
pub fn set_activity_need(conn: &mut DbConn, id: i64, need_id: i64) -> QueryResult<Activity> {
    diesel::update(activities::table.find(id))
        .set(activities::need_id.eq(need_id))
        .get_result(conn)
}

/// Records the residents an activity served (参与群众人次).
pub fn set_residents_served(conn: &mut DbConn, id: i64, served: i32) -> QueryResult<Activity> {
    diesel::update(activities::table.find(id))
        .set(activities::residents_served.eq(served))
        .get_result(conn)
}

/// The activities run for a need, in start order.
pub fn activities_for_need(conn: &mut DbConn, need_id: i64) -> QueryResult<Vec<Activity>> {
    activities::table
        .filter(activities::need_id.eq(need_id))
        .select(Activity::as_select())
        .order((activities::start_at.asc(), activities::id.asc()))
        .load(conn)
}

/// An activity's new time and place (moving one that has not started).
#[derive(Debug, Clone, PartialEq, AsChangeset)]
#[diesel(table_name = activities, treat_none_as_null = true)]
pub struct ActivityMove {
    pub start_at: NaiveDateTime,
    pub end_at: NaiveDateTime,
    pub signup_deadline: NaiveDateTime,
    pub address: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

/// Moves an activity, and the times its sign-ups carry for the overlap checks with it.
pub fn move_activity(conn: &mut DbConn, id: i64, m: &ActivityMove) -> QueryResult<Activity> {
    use crate::schema::sign_ups;
    let t = now();
    diesel::update(sign_ups::table.filter(sign_ups::activity_id.eq(id)))
        .set((
            sign_ups::start_at.eq(m.start_at),
            sign_ups::end_at.eq(m.end_at),
            sign_ups::updated_at.eq(t),
        ))
        .execute(conn)?;
    diesel::update(activities::table.find(id))
        .set((m, activities::updated_at.eq(t)))
        .get_result(conn)
}
