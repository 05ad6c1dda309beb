//! Sign-ups (报名): one per volunteer and activity, their places and waiting list.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::page::fetch_limit;
use crate::schema::{activities, sign_ups, volunteers};
use crate::{DbConn, now};
use youai_types::SignUpStatus;

use super::Activity;

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

/// The volunteers an activity expects to check in or out (accepted or checked in): whose code
/// six typed digits may be.
pub fn expected_volunteers(conn: &mut DbConn, activity_id: i64) -> QueryResult<Vec<i64>> {
    sign_ups::table
        .filter(sign_ups::activity_id.eq(activity_id))
        .filter(sign_ups::status.eq_any([SignUpStatus::Accepted, SignUpStatus::CheckedIn]))
        .select(sign_ups::volunteer_id)
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
