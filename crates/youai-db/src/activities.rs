//! Service projects, their release batches, activities and sign-ups.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::page::fetch_limit;
use crate::schema::{activities, areas, project_batches, projects, sign_ups, volunteers};
use crate::{DbConn, contains_pattern, now, subtree_pattern};
use youai_types::{ActivityStatus, AreaLevel, ProjectStatus, RiskLevel, SignUpStatus};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = project_batches)]
pub struct Batch {
    pub id: i64,
    pub name: String,
    pub released_on: NaiveDate,
    pub created_at: NaiveDateTime,
}

pub fn insert_batch(conn: &mut DbConn, name: &str, released_on: NaiveDate) -> QueryResult<Batch> {
    insert_batch_at(conn, name, released_on, now())
}

/// Inserts a batch created at a given time (the demo's history).
pub fn insert_batch_at(
    conn: &mut DbConn,
    name: &str,
    released_on: NaiveDate,
    created_at: NaiveDateTime,
) -> QueryResult<Batch> {
    diesel::insert_into(project_batches::table)
        .values((
            project_batches::name.eq(name),
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
    pub target_groups: String,
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
}

#[derive(Debug, Clone, PartialEq, Insertable, AsChangeset)]
#[diesel(table_name = projects, treat_none_as_null = true)]
pub struct ProjectFields {
    pub title: String,
    pub description: Option<String>,
    pub category: String,
    pub target_groups: String,
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

/// Ids returned by a multi-row insert, in the order of its rows: identities are handed out in
/// row order, but `RETURNING` itself promises no order.
pub(crate) fn in_row_order(mut ids: Vec<i64>) -> Vec<i64> {
    ids.sort_unstable();
    ids
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
    pub skill_ids: String,
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
    pub skill_ids: String,
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

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = sign_ups)]
pub struct SignUp {
    pub id: i64,
    pub activity_id: i64,
    pub volunteer_id: i64,
    pub status: SignUpStatus,
    pub start_at: NaiveDateTime,
    pub end_at: NaiveDateTime,
    pub checked_in_at: Option<NaiveDateTime>,
    pub checked_out_at: Option<NaiveDateTime>,
    pub auto_closed: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A sign-up written in bulk with its status and times given (the demo's history).
#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = sign_ups)]
pub struct NewSignUp {
    pub activity_id: i64,
    pub volunteer_id: i64,
    pub status: SignUpStatus,
    pub start_at: NaiveDateTime,
    pub end_at: NaiveDateTime,
    pub checked_in_at: Option<NaiveDateTime>,
    pub checked_out_at: Option<NaiveDateTime>,
    pub auto_closed: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Inserts many sign-ups in multi-row inserts of 500.
pub fn insert_sign_ups(conn: &mut DbConn, rows: &[NewSignUp]) -> QueryResult<usize> {
    let mut n = 0;
    for chunk in rows.chunks(500) {
        let query = diesel::insert_into(sign_ups::table).values(chunk);
        n += crate::on_backend!(conn, |c| query.execute(c))?;
    }
    Ok(n)
}

/// Serialises one volunteer's concurrent sign-ups on PostgreSQL (a row lock on the volunteer);
/// SQLite's `BEGIN IMMEDIATE` already lets one writer in at a time.
pub fn lock_volunteer(conn: &mut DbConn, volunteer_id: i64) -> QueryResult<usize> {
    diesel::update(volunteers::table.find(volunteer_id))
        .set(volunteers::updated_at.eq(volunteers::updated_at))
        .execute(conn)
}

pub fn find_sign_up(conn: &mut DbConn, id: i64) -> QueryResult<Option<SignUp>> {
    sign_ups::table
        .find(id)
        .select(SignUp::as_select())
        .first(conn)
        .optional()
}

pub fn sign_up_of(
    conn: &mut DbConn,
    activity_id: i64,
    volunteer_id: i64,
) -> QueryResult<Option<SignUp>> {
    sign_ups::table
        .filter(sign_ups::activity_id.eq(activity_id))
        .filter(sign_ups::volunteer_id.eq(volunteer_id))
        .select(SignUp::as_select())
        .first(conn)
        .optional()
}

/// A place-holding sign-up of this volunteer overlapping [start, end), other than `except`.
pub fn overlapping(
    conn: &mut DbConn,
    volunteer_id: i64,
    start: NaiveDateTime,
    end: NaiveDateTime,
    except: i64,
) -> QueryResult<Option<SignUp>> {
    sign_ups::table
        .filter(sign_ups::volunteer_id.eq(volunteer_id))
        .filter(sign_ups::status.eq_any([SignUpStatus::Accepted, SignUpStatus::CheckedIn]))
        .filter(sign_ups::start_at.lt(end))
        .filter(sign_ups::end_at.gt(start))
        .filter(sign_ups::activity_id.ne(except))
        .select(SignUp::as_select())
        .first(conn)
        .optional()
}

/// Creates (or re-opens after a cancellation) the one sign-up of a volunteer for an activity.
pub fn put_sign_up(
    conn: &mut DbConn,
    a: &Activity,
    volunteer_id: i64,
    status: SignUpStatus,
) -> QueryResult<SignUp> {
    let t = now();
    if let Some(existing) = sign_up_of(conn, a.id, volunteer_id)? {
        return diesel::update(sign_ups::table.find(existing.id))
            .set((
                sign_ups::status.eq(status),
                sign_ups::created_at.eq(t),
                sign_ups::updated_at.eq(t),
            ))
            .get_result(conn);
    }
    diesel::insert_into(sign_ups::table)
        .values((
            sign_ups::activity_id.eq(a.id),
            sign_ups::volunteer_id.eq(volunteer_id),
            sign_ups::status.eq(status),
            sign_ups::start_at.eq(a.start_at),
            sign_ups::end_at.eq(a.end_at),
            sign_ups::auto_closed.eq(false),
            sign_ups::created_at.eq(t),
            sign_ups::updated_at.eq(t),
        ))
        .get_result(conn)
}

pub fn set_sign_up_status(conn: &mut DbConn, id: i64, status: SignUpStatus) -> QueryResult<SignUp> {
    diesel::update(sign_ups::table.find(id))
        .set((sign_ups::status.eq(status), sign_ups::updated_at.eq(now())))
        .get_result(conn)
}

/// The waiting list in order of arrival.
pub fn waitlist(conn: &mut DbConn, activity_id: i64) -> QueryResult<Vec<SignUp>> {
    sign_ups::table
        .filter(sign_ups::activity_id.eq(activity_id))
        .filter(sign_ups::status.eq(SignUpStatus::Waitlisted))
        .order((sign_ups::created_at.asc(), sign_ups::id.asc()))
        .select(SignUp::as_select())
        .load(conn)
}

/// A volunteer's sign-ups with their activities, latest start first.
pub fn sign_ups_of_volunteer(
    conn: &mut DbConn,
    volunteer_id: i64,
    limit: i64,
) -> QueryResult<Vec<(SignUp, Activity)>> {
    sign_ups::table
        .inner_join(activities::table)
        .filter(sign_ups::volunteer_id.eq(volunteer_id))
        .order((activities::start_at.desc(), sign_ups::id.desc()))
        .limit(limit)
        .select((SignUp::as_select(), Activity::as_select()))
        .load(conn)
}

/// A volunteer's accepted or checked-in sign-ups at a venue's activities running between
/// `from` and `to` (start before `to`, end after `from`), earliest start first.
pub fn open_sign_ups_at_venue(
    conn: &mut DbConn,
    volunteer_id: i64,
    venue_id: i64,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> QueryResult<Vec<(SignUp, Activity)>> {
    sign_ups::table
        .inner_join(activities::table)
        .filter(sign_ups::volunteer_id.eq(volunteer_id))
        .filter(activities::venue_id.eq(venue_id))
        .filter(sign_ups::status.eq_any([SignUpStatus::Accepted, SignUpStatus::CheckedIn]))
        .filter(activities::start_at.lt(to))
        .filter(activities::end_at.gt(from))
        .order((activities::start_at.asc(), sign_ups::id.asc()))
        .select((SignUp::as_select(), Activity::as_select()))
        .load(conn)
}

/// An activity's sign-ups with each volunteer's name.
pub fn sign_ups_of(
    conn: &mut DbConn,
    activity_id: i64,
    status: Option<SignUpStatus>,
    after_id: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<(SignUp, String)>> {
    let mut q = sign_ups::table
        .inner_join(volunteers::table)
        .filter(sign_ups::activity_id.eq(activity_id))
        .select((SignUp::as_select(), volunteers::real_name))
        .into_boxed();
    if let Some(s) = status {
        q = q.filter(sign_ups::status.eq(s));
    }
    if let Some(a) = after_id {
        q = q.filter(sign_ups::id.gt(a));
    }
    q.order(sign_ups::id.asc())
        .limit(fetch_limit(limit))
        .load(conn)
}

pub fn count_by_status(
    conn: &mut DbConn,
    activity_id: i64,
) -> QueryResult<Vec<(SignUpStatus, i64)>> {
    use diesel::dsl::count_star;
    sign_ups::table
        .filter(sign_ups::activity_id.eq(activity_id))
        .group_by(sign_ups::status)
        .select((sign_ups::status, count_star()))
        .load(conn)
}

/// Figures for the stats page.
pub struct Figures {
    /// Finished activities.
    pub run: i64,
    /// Projects ever published.
    pub published: i64,
    /// Projects published since the asked-for instant.
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
    let recent = projects::table
        .filter(projects::published_at.ge(since))
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
