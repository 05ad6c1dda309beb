//! Check-in events, used check-in tokens and service-hour records.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use youai_types::{CheckMethod, RecordSource, RecordStatus, SignUpStatus};

use crate::activities::SignUp;
use crate::page::fetch_limit;
use crate::schema::{check_events, service_records, sign_ups, used_checkin_tokens};
use crate::{DbConn, now};

/// Records a rotating token as used; `false` if it was used before (a replay).
pub fn use_token(conn: &mut DbConn, volunteer_id: i64, window: i64) -> QueryResult<bool> {
    let inserted = conn.transaction(|c| {
        diesel::insert_into(used_checkin_tokens::table)
            .values((
                used_checkin_tokens::volunteer_id.eq(volunteer_id),
                used_checkin_tokens::time_window.eq(window),
                used_checkin_tokens::used_at.eq(now()),
            ))
            .execute(c)
    });
    match inserted {
        Ok(_) => Ok(true),
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) => Ok(false),
        Err(e) => Err(e),
    }
}

/// What a check event was, and how it was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckEventKind {
    CheckIn(CheckMethod),
    CheckOut(CheckMethod),
    /// The sweep closed a check-in left open.
    AutoClose,
}

impl CheckEventKind {
    /// The stored `kind` and `method`.
    fn stored(self) -> (&'static str, &'static str) {
        match self {
            CheckEventKind::CheckIn(m) => ("check_in", m.as_str()),
            CheckEventKind::CheckOut(m) => ("check_out", m.as_str()),
            CheckEventKind::AutoClose => ("auto_close", "system"),
        }
    }
}

pub struct CheckEvent {
    pub sign_up_id: i64,
    pub kind: CheckEventKind,
    pub actor_id: Option<i64>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub at: NaiveDateTime,
}

pub fn record_event(conn: &mut DbConn, e: &CheckEvent) -> QueryResult<usize> {
    let (kind, method) = e.kind.stored();
    diesel::insert_into(check_events::table)
        .values((
            check_events::sign_up_id.eq(e.sign_up_id),
            check_events::kind.eq(kind),
            check_events::method.eq(method),
            check_events::actor_id.eq(e.actor_id),
            check_events::latitude.eq(e.latitude),
            check_events::longitude.eq(e.longitude),
            check_events::at.eq(e.at),
        ))
        .execute(conn)
}

pub fn check_in(conn: &mut DbConn, sign_up_id: i64, at: NaiveDateTime) -> QueryResult<SignUp> {
    diesel::update(sign_ups::table.find(sign_up_id))
        .set((
            sign_ups::status.eq(SignUpStatus::CheckedIn),
            sign_ups::checked_in_at.eq(at),
            sign_ups::updated_at.eq(now()),
        ))
        .get_result(conn)
}

pub fn check_out(
    conn: &mut DbConn,
    sign_up_id: i64,
    at: NaiveDateTime,
    auto_closed: bool,
) -> QueryResult<SignUp> {
    diesel::update(sign_ups::table.find(sign_up_id))
        .set((
            sign_ups::status.eq(SignUpStatus::CheckedOut),
            sign_ups::checked_out_at.eq(at),
            sign_ups::auto_closed.eq(auto_closed),
            sign_ups::updated_at.eq(now()),
        ))
        .get_result(conn)
}

/// Check-ins still open after `before` (their activity ended long ago): for the closing sweep.
pub fn open_check_ins_ended_before(
    conn: &mut DbConn,
    before: NaiveDateTime,
) -> QueryResult<Vec<SignUp>> {
    sign_ups::table
        .filter(sign_ups::status.eq(SignUpStatus::CheckedIn))
        .filter(sign_ups::end_at.lt(before))
        .select(SignUp::as_select())
        .load(conn)
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = service_records)]
pub struct Record {
    pub id: i64,
    pub volunteer_id: i64,
    pub activity_id: Option<i64>,
    pub team_id: Option<i64>,
    pub quarters: i32,
    pub source: RecordSource,
    pub status: RecordStatus,
    pub corrects_id: Option<i64>,
    pub reason: Option<String>,
    pub category: Option<String>,
    pub served_on: NaiveDate,
    pub verified_by: Option<i64>,
    pub verified_at: Option<NaiveDateTime>,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = service_records)]
pub struct NewRecord {
    pub volunteer_id: i64,
    pub activity_id: Option<i64>,
    pub team_id: Option<i64>,
    pub quarters: i32,
    pub source: RecordSource,
    pub status: RecordStatus,
    pub corrects_id: Option<i64>,
    pub reason: Option<String>,
    pub category: Option<String>,
    pub served_on: NaiveDate,
    pub verified_by: Option<i64>,
    pub verified_at: Option<NaiveDateTime>,
    pub created_by: Option<i64>,
}

pub fn insert_record(conn: &mut DbConn, r: &NewRecord) -> QueryResult<Record> {
    diesel::insert_into(service_records::table)
        .values((r, service_records::created_at.eq(now())))
        .get_result(conn)
}

/// Inserts many records, each with its creation time (the demo's history), in multi-row
/// inserts of 500.
pub fn insert_records_at(
    conn: &mut DbConn,
    rows: &[(NewRecord, NaiveDateTime)],
) -> QueryResult<usize> {
    let mut n = 0;
    for chunk in rows.chunks(500) {
        let values: Vec<_> = chunk
            .iter()
            .map(|(r, at)| (r, service_records::created_at.eq(*at)))
            .collect();
        let query = diesel::insert_into(service_records::table).values(values);
        n += crate::on_backend!(conn, |c| query.execute(c))?;
    }
    Ok(n)
}

/// Every verified record, in id order.
pub fn all_verified(conn: &mut DbConn) -> QueryResult<Vec<Record>> {
    service_records::table
        .filter(service_records::status.eq(RecordStatus::Verified))
        .order(service_records::id.asc())
        .select(Record::as_select())
        .load(conn)
}

pub fn find_record(conn: &mut DbConn, id: i64) -> QueryResult<Option<Record>> {
    service_records::table
        .find(id)
        .select(Record::as_select())
        .first(conn)
        .optional()
}

/// Verifies or disputes a pending record, only if it is still pending.
pub fn decide_record(
    conn: &mut DbConn,
    id: i64,
    status: RecordStatus,
    by: i64,
) -> QueryResult<bool> {
    let n = diesel::update(
        service_records::table
            .find(id)
            .filter(service_records::status.eq(RecordStatus::Pending)),
    )
    .set((
        service_records::status.eq(status),
        service_records::verified_by.eq(by),
        service_records::verified_at.eq(now()),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Whether a verified correction already points at this record.
pub fn corrected(conn: &mut DbConn, id: i64) -> QueryResult<bool> {
    Ok(service_records::table
        .filter(service_records::corrects_id.eq(id))
        .filter(service_records::status.eq(RecordStatus::Verified))
        .select(service_records::id)
        .first::<i64>(conn)
        .optional()?
        .is_some())
}

/// Which of these records a verified correction already points at.
pub fn corrected_among(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<i64>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    service_records::table
        .filter(service_records::corrects_id.eq_any(ids.to_vec()))
        .filter(service_records::status.eq(RecordStatus::Verified))
        .select(service_records::corrects_id.assume_not_null())
        .load(conn)
}

pub fn records_of_volunteer(conn: &mut DbConn, volunteer_id: i64) -> QueryResult<Vec<Record>> {
    service_records::table
        .filter(service_records::volunteer_id.eq(volunteer_id))
        .order((
            service_records::served_on.desc(),
            service_records::id.desc(),
        ))
        .select(Record::as_select())
        .load(conn)
}

/// Records of some teams in a status (a leader's verification queue), oldest first, or newest
/// first when `newest_first` (`after_id` is then the last id of the page before).
pub fn records_of_teams(
    conn: &mut DbConn,
    team_ids: Option<&[i64]>,
    status: RecordStatus,
    after_id: Option<i64>,
    newest_first: bool,
    limit: i64,
) -> QueryResult<Vec<Record>> {
    let mut q = service_records::table
        .filter(service_records::status.eq(status))
        .select(Record::as_select())
        .into_boxed();
    if let Some(ids) = team_ids {
        q = q.filter(service_records::team_id.eq_any(ids.to_vec()));
    }
    q = match (newest_first, after_id) {
        (false, Some(a)) => q.filter(service_records::id.gt(a)),
        (true, Some(a)) => q.filter(service_records::id.lt(a)),
        (_, None) => q,
    };
    let q = if newest_first {
        q.order(service_records::id.desc())
    } else {
        q.order(service_records::id.asc())
    };
    q.limit(fetch_limit(limit)).load(conn)
}

/// Verified quarter hours on the platform, corrections applied (a corrected record stops counting).
pub fn verified_quarters(conn: &mut DbConn) -> QueryResult<i64> {
    use diesel::dsl::sum;
    let all: Option<i64> = service_records::table
        .filter(service_records::status.eq(RecordStatus::Verified))
        .select(sum(service_records::quarters))
        .first(conn)?;
    let corrected_ids: Vec<i64> = service_records::table
        .filter(service_records::status.eq(RecordStatus::Verified))
        .filter(service_records::corrects_id.is_not_null())
        .select(service_records::corrects_id.assume_not_null())
        .load(conn)?;
    let mut superseded = 0i64;
    for chunk in corrected_ids.chunks(500) {
        let s: Option<i64> = service_records::table
            .filter(service_records::id.eq_any(chunk))
            .filter(service_records::status.eq(RecordStatus::Verified))
            .select(sum(service_records::quarters))
            .first(conn)?;
        superseded += s.unwrap_or(0);
    }
    Ok(all.unwrap_or(0) - superseded)
}

/// A pending record of `quarters` served by a volunteer at an activity: its team, its project's
/// category, and the day it started in the city's time (UTC+8).
pub fn pending_for_activity(
    conn: &mut DbConn,
    a: &crate::activities::Activity,
    volunteer_id: i64,
    quarters: u32,
    source: RecordSource,
    created_by: Option<i64>,
) -> QueryResult<NewRecord> {
    let category = crate::activities::find_project(conn, a.project_id)?.map(|p| p.category);
    Ok(NewRecord {
        volunteer_id,
        activity_id: Some(a.id),
        team_id: Some(a.team_id),
        quarters: i32::try_from(quarters).unwrap_or(i32::MAX),
        source,
        status: RecordStatus::Pending,
        corrects_id: None,
        reason: None,
        category,
        served_on: (a.start_at + chrono::Duration::hours(8)).date(),
        verified_by: None,
        verified_at: None,
        created_by,
    })
}
