//! Service records (服务记录): hours a leader enters, verification (pending → verified |
//! disputed), corrections (a new record pointing at a verified one, which is never edited),
//! the verification queue and a volunteer's totals.

use std::collections::BTreeMap;

use chrono::Datelike;
use youai_db::activities as adb;
use youai_db::records::{self, NewRecord, Record};
use youai_db::{DbConn, teams, volunteers};
use youai_domain::access::Action;
use youai_domain::service_records::{
    CorrectionFacts, RecordRefusal, correction_reason, decide_correction, decide_entry,
    decide_verification, entered_quarters, hours_of_quarters, superseded, verification_target,
};
use youai_types::{NewCorrection, NewServiceRecord, RecordSource, RecordStatus};

use crate::auth::AuthUser;
use crate::convert::utc;
use crate::error::{ApiError, ApiResult};
use crate::team_scope::authorize_team;

impl From<RecordRefusal> for ApiError {
    fn from(r: RecordRefusal) -> Self {
        match r.field() {
            Some(field) => ApiError::field(field, r.code(), &r.message()),
            None => ApiError::conflict(r.code(), r.message()),
        }
    }
}

/// A record with what its views show beside it.
pub struct NamedRecord {
    pub record: Record,
    /// A verified correction replaced it.
    pub superseded: bool,
    pub volunteer_name: Option<String>,
    pub activity_title: Option<String>,
}

impl NamedRecord {
    /// A record shown without names (as written by an operation).
    pub fn bare(record: Record) -> NamedRecord {
        NamedRecord {
            record,
            superseded: false,
            volunteer_name: None,
            activity_title: None,
        }
    }
}

/// Records with their volunteers' names and activities' titles, two queries in all.
pub fn named(conn: &mut DbConn, rows: Vec<(Record, bool)>) -> ApiResult<Vec<NamedRecord>> {
    let mut vids: Vec<i64> = rows.iter().map(|(r, _)| r.volunteer_id).collect();
    let mut aids: Vec<i64> = rows.iter().filter_map(|(r, _)| r.activity_id).collect();
    vids.sort_unstable();
    vids.dedup();
    aids.sort_unstable();
    aids.dedup();
    let names: BTreeMap<i64, String> = volunteers::names(conn, &vids)?.into_iter().collect();
    let titles: BTreeMap<i64, String> = adb::titles(conn, &aids)?.into_iter().collect();
    Ok(rows
        .into_iter()
        .map(|(record, superseded)| NamedRecord {
            volunteer_name: names.get(&record.volunteer_id).cloned(),
            activity_title: record.activity_id.and_then(|a| titles.get(&a).cloned()),
            record,
            superseded,
        })
        .collect())
}

/// 403 unless the user runs the record's team.
fn authorize_record_team(
    conn: &mut DbConn,
    user: &AuthUser,
    team_id: Option<i64>,
) -> ApiResult<()> {
    let t = team_id
        .and_then(|t| teams::find(conn, t).ok().flatten())
        .ok_or_else(ApiError::forbidden)?;
    authorize_team(conn, user, Action::ManageTeam, &t)
}

/// A leader of the activity's team enters hours for a volunteer who served: pending until
/// verified.
pub fn enter(conn: &mut DbConn, user: &AuthUser, n: &NewServiceRecord) -> ApiResult<Record> {
    let quarters = entered_quarters(n.hours)?;
    let a = adb::find_activity(conn, n.activity_id)?
        .ok_or_else(|| ApiError::field("activity_id", "not_found", "活动不存在"))?;
    authorize_record_team(conn, user, Some(a.team_id))?;
    volunteers::find(conn, n.volunteer_id)?
        .ok_or_else(|| ApiError::field("volunteer_id", "not_found", "志愿者不存在"))?;
    decide_entry(quarters, utc(a.start_at), utc(a.end_at))?;
    let pending = records::pending_for_activity(
        conn,
        &a,
        n.volunteer_id,
        quarters,
        RecordSource::LeaderEntry,
        Some(user.id),
    )?;
    let row = records::insert_record(conn, &pending)?;
    crate::audit::record(
        conn,
        user,
        "record.enter",
        "service_record",
        row.id,
        None,
        Some(serde_json::json!({
            "volunteer_id": row.volunteer_id,
            "activity_id": row.activity_id,
            "hours": hours_of_quarters(i64::from(row.quarters)),
        })),
    )?;
    Ok(row)
}

/// Verifies or disputes a pending record (leaders of its team, admins of its area); a verified
/// one credits its points.
pub fn verify(conn: &mut DbConn, user: &AuthUser, id: i64, to: RecordStatus) -> ApiResult<Record> {
    let to = verification_target(to)?;
    let r = records::find_record(conn, id)?.ok_or_else(|| ApiError::not_found("服务记录"))?;
    authorize_record_team(conn, user, r.team_id)?;
    let to = decide_verification(r.status, to)?;
    // Only while still pending: a concurrent decision wins and this one is refused.
    if !records::decide_record(conn, id, to, user.id)? {
        let now = records::find_record(conn, id)?.map_or(r.status, |r| r.status);
        return Err(RecordRefusal::AlreadyDecided(now).into());
    }
    let r = records::find_record(conn, id)?.ok_or_else(|| ApiError::not_found("服务记录"))?;
    if to == RecordStatus::Verified {
        crate::ledger::after_verified(conn, &r, None, Some(user.id))?;
    }
    crate::outbox::hooks::hours_decided(conn, &r, Some(user.id))?;
    crate::audit::record(
        conn,
        user,
        "record.verify",
        "service_record",
        id,
        Some(serde_json::json!({"status": RecordStatus::Pending.as_str()})),
        Some(serde_json::json!({"status": to.as_str()})),
    )?;
    Ok(r)
}

/// Corrects a verified record: a new verified record pointing at it, with a reason; the old
/// one stops counting but is never changed, and the points move with the hours.
pub fn correct(
    conn: &mut DbConn,
    user: &AuthUser,
    id: i64,
    c: &NewCorrection,
) -> ApiResult<Record> {
    let quarters = entered_quarters(c.hours)?;
    let reason = correction_reason(&c.reason)?;
    let r = records::find_record(conn, id)?.ok_or_else(|| ApiError::not_found("服务记录"))?;
    authorize_record_team(conn, user, r.team_id)?;
    let activity = match r.activity_id {
        Some(aid) => adb::find_activity(conn, aid)?.map(|a| (utc(a.start_at), utc(a.end_at))),
        None => None,
    };
    decide_correction(&CorrectionFacts {
        status: r.status,
        already_corrected: records::corrected(conn, id)?,
        quarters,
        activity,
    })?;
    let at = youai_db::now();
    let row = records::insert_record(
        conn,
        &NewRecord {
            volunteer_id: r.volunteer_id,
            activity_id: r.activity_id,
            team_id: r.team_id,
            quarters: i32::try_from(quarters).map_err(ApiError::internal)?,
            source: r.source,
            status: RecordStatus::Verified,
            corrects_id: Some(r.id),
            reason: Some(reason),
            category: r.category.clone(),
            served_on: r.served_on,
            verified_by: Some(user.id),
            verified_at: Some(at),
            created_by: Some(user.id),
        },
    )?;
    crate::ledger::after_verified(conn, &row, Some(&r), Some(user.id))?;
    crate::audit::record(
        conn,
        user,
        "record.correct",
        "service_record",
        r.id,
        Some(serde_json::json!({"hours": hours_of_quarters(i64::from(r.quarters))})),
        Some(serde_json::json!({
            "hours": hours_of_quarters(i64::from(row.quarters)),
            "correction_id": row.id,
            "reason": row.reason,
        })),
    )?;
    Ok(row)
}

/// A page of the records in a status of the teams under `team_paths` (all teams when None),
/// oldest first (the verification queue), or newest first when `newest_first`.
pub fn queue(
    conn: &mut DbConn,
    team_paths: Option<&[String]>,
    status: RecordStatus,
    after_id: Option<i64>,
    newest_first: bool,
    limit: i64,
) -> ApiResult<Vec<NamedRecord>> {
    let ids = match team_paths {
        Some(paths) => Some(teams::ids_within(conn, paths)?),
        None => None,
    };
    let rows =
        records::records_of_teams(conn, ids.as_deref(), status, after_id, newest_first, limit)?;
    // A verified record a correction replaced says so (a leader corrects the latest one).
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let corrected = records::corrected_among(conn, &ids)?;
    named(
        conn,
        rows.into_iter()
            .map(|r| {
                let superseded = corrected.contains(&r.id);
                (r, superseded)
            })
            .collect(),
    )
}

/// A volunteer's records with their totals.
pub struct History {
    pub totals: ServiceTotals,
    pub records: Vec<NamedRecord>,
}

/// A volunteer's service records and verified totals, to the volunteer and staff in scope.
pub fn history(conn: &mut DbConn, user: &AuthUser, volunteer_id: i64) -> ApiResult<History> {
    let v = volunteers::find(conn, volunteer_id)?.ok_or_else(|| ApiError::not_found("志愿者"))?;
    crate::volunteer_scope::sight_of(conn, user, &v)?;
    let mut totals = ServiceTotals::of(conn, volunteer_id)?;
    let rows = std::mem::take(&mut totals.rows)
        .into_iter()
        .map(|r| {
            let superseded = totals.corrected.contains(&r.id);
            (r, superseded)
        })
        .collect();
    Ok(History {
        records: named(conn, rows)?,
        totals,
    })
}

/// A volunteer's records and what counts of them: verified records not corrected by a later
/// one, summed by year, team and category (in quarter hours).
pub struct ServiceTotals {
    pub rows: Vec<Record>,
    /// Ids of records a verified correction replaced.
    pub corrected: Vec<i64>,
    pub quarters: i64,
    /// How many records count.
    pub counted: i64,
    pub first_served: Option<chrono::NaiveDate>,
    pub last_served: Option<chrono::NaiveDate>,
    pub by_year: BTreeMap<String, i64>,
    pub by_team: BTreeMap<String, i64>,
    pub by_category: BTreeMap<String, i64>,
}

impl ServiceTotals {
    pub fn of(conn: &mut DbConn, volunteer_id: i64) -> ApiResult<ServiceTotals> {
        let rows = records::records_of_volunteer(conn, volunteer_id)?;
        let corrected = superseded(rows.iter().map(|r| (r.status, r.corrects_id)));
        let team_names: BTreeMap<i64, String> = {
            let ids: Vec<i64> = rows.iter().filter_map(|r| r.team_id).collect();
            teams::find_many(conn, &ids)?
                .into_iter()
                .map(|t| (t.id, t.name))
                .collect()
        };
        let mut t = ServiceTotals {
            rows: Vec::new(),
            corrected: Vec::new(),
            quarters: 0,
            counted: 0,
            first_served: None,
            last_served: None,
            by_year: BTreeMap::new(),
            by_team: BTreeMap::new(),
            by_category: BTreeMap::new(),
        };
        for r in rows
            .iter()
            .filter(|r| r.status == RecordStatus::Verified && !corrected.contains(&r.id))
        {
            let q = i64::from(r.quarters);
            t.quarters += q;
            t.counted += 1;
            t.first_served = Some(t.first_served.map_or(r.served_on, |d| d.min(r.served_on)));
            t.last_served = Some(t.last_served.map_or(r.served_on, |d| d.max(r.served_on)));
            *t.by_year.entry(r.served_on.year().to_string()).or_insert(0) += q;
            let team = r
                .team_id
                .and_then(|id| team_names.get(&id).cloned())
                .unwrap_or_else(|| "其他".into());
            *t.by_team.entry(team).or_insert(0) += q;
            *t.by_category
                .entry(r.category.clone().unwrap_or_else(|| "其他".into()))
                .or_insert(0) += q;
        }
        t.rows = rows;
        t.corrected = corrected;
        Ok(t)
    }
}
