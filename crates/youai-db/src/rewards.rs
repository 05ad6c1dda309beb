//! 礼遇 storage: star level changes, the append-only points ledger, the courtesy catalogue,
//! vouchers and honours. Callers run the writes that move points or stock inside one
//! transaction, with the volunteer's row locked (`activities::lock_volunteer`).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::{count_star, sum};
use diesel::prelude::*;

use crate::schema::{honours, points_entries, rewards, service_records, star_changes, vouchers};
use crate::{DbConn, now};

// --- star levels ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = star_changes)]
pub struct StarChange {
    pub id: i64,
    pub volunteer_id: i64,
    pub from_level: i32,
    pub to_level: i32,
    pub quarters: i64,
    pub record_id: Option<i64>,
    pub at: NaiveDateTime,
}

pub fn star_changes(conn: &mut DbConn, volunteer_id: i64) -> QueryResult<Vec<StarChange>> {
    star_changes::table
        .filter(star_changes::volunteer_id.eq(volunteer_id))
        .order(star_changes::id.asc())
        .select(StarChange::as_select())
        .load(conn)
}

/// The level after the latest change (0 before any).
pub fn star_level(conn: &mut DbConn, volunteer_id: i64) -> QueryResult<i32> {
    Ok(star_changes::table
        .filter(star_changes::volunteer_id.eq(volunteer_id))
        .order(star_changes::id.desc())
        .select(star_changes::to_level)
        .first(conn)
        .optional()?
        .unwrap_or(0))
}

pub fn insert_star_change(
    conn: &mut DbConn,
    volunteer_id: i64,
    from: i32,
    to: i32,
    quarters: i64,
    record_id: Option<i64>,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(star_changes::table)
        .values((
            star_changes::volunteer_id.eq(volunteer_id),
            star_changes::from_level.eq(from),
            star_changes::to_level.eq(to),
            star_changes::quarters.eq(quarters),
            star_changes::record_id.eq(record_id),
            star_changes::at.eq(at),
        ))
        .execute(conn)
}

/// A star level change written in bulk (the demo's history).
#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = star_changes)]
pub struct NewStarChange {
    pub volunteer_id: i64,
    pub from_level: i32,
    pub to_level: i32,
    pub quarters: i64,
    pub record_id: Option<i64>,
    pub at: NaiveDateTime,
}

/// Inserts many star level changes in multi-row inserts of 500.
pub fn insert_star_changes(conn: &mut DbConn, rows: &[NewStarChange]) -> QueryResult<usize> {
    let mut n = 0;
    for chunk in rows.chunks(500) {
        let query = diesel::insert_into(star_changes::table).values(chunk);
        n += crate::on_backend!(conn, |c| query.execute(c))?;
    }
    Ok(n)
}

// --- points --------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = points_entries)]
pub struct Entry {
    pub id: i64,
    pub volunteer_id: i64,
    pub kind: String,
    pub points: i32,
    pub event: String,
    pub reason: Option<String>,
    pub record_id: Option<i64>,
    pub voucher_id: Option<i64>,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = points_entries)]
pub struct NewEntry {
    pub volunteer_id: i64,
    pub kind: String,
    pub points: i32,
    pub event: String,
    pub reason: Option<String>,
    pub record_id: Option<i64>,
    pub voucher_id: Option<i64>,
    pub created_by: Option<i64>,
}

/// Appends an entry; `false` when its event is already in the ledger (it never counts twice).
pub fn append(conn: &mut DbConn, e: &NewEntry) -> QueryResult<bool> {
    // A savepoint, so a duplicate leaves the enclosing transaction usable on PostgreSQL.
    let inserted = conn.transaction(|c| {
        diesel::insert_into(points_entries::table)
            .values((e, points_entries::created_at.eq(now())))
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

/// Appends many entries, each with its time (the demo's history), in multi-row inserts of 500.
/// Unlike [`append`], a duplicate event fails the whole insert.
pub fn insert_entries_at(
    conn: &mut DbConn,
    rows: &[(NewEntry, NaiveDateTime)],
) -> QueryResult<usize> {
    let mut n = 0;
    for chunk in rows.chunks(500) {
        let values: Vec<_> = chunk
            .iter()
            .map(|(e, at)| (e, points_entries::created_at.eq(*at)))
            .collect();
        let query = diesel::insert_into(points_entries::table).values(values);
        n += crate::on_backend!(conn, |c| query.execute(c))?;
    }
    Ok(n)
}

pub fn balance(conn: &mut DbConn, volunteer_id: i64) -> QueryResult<i64> {
    let s: Option<i64> = points_entries::table
        .filter(points_entries::volunteer_id.eq(volunteer_id))
        .select(sum(points_entries::points))
        .first(conn)?;
    Ok(s.unwrap_or(0))
}

/// The sum of entries of `kind` (all volunteers when `volunteer_id` is None).
pub fn total_of_kind(conn: &mut DbConn, volunteer_id: Option<i64>, kind: &str) -> QueryResult<i64> {
    let mut q = points_entries::table
        .filter(points_entries::kind.eq(kind))
        .select(sum(points_entries::points))
        .into_boxed();
    if let Some(v) = volunteer_id {
        q = q.filter(points_entries::volunteer_id.eq(v));
    }
    Ok(q.first::<Option<i64>>(conn)?.unwrap_or(0))
}

pub fn entries(conn: &mut DbConn, volunteer_id: i64, limit: i64) -> QueryResult<Vec<Entry>> {
    points_entries::table
        .filter(points_entries::volunteer_id.eq(volunteer_id))
        .order(points_entries::id.desc())
        .limit(limit)
        .select(Entry::as_select())
        .load(conn)
}

/// Net points the volunteer holds for their records at an activity (earned less taken back).
pub fn points_for_activity(
    conn: &mut DbConn,
    volunteer_id: i64,
    activity_id: i64,
) -> QueryResult<i64> {
    let record_ids: Vec<i64> = service_records::table
        .filter(service_records::volunteer_id.eq(volunteer_id))
        .filter(service_records::activity_id.eq(activity_id))
        .select(service_records::id)
        .load(conn)?;
    let s: Option<i64> = points_entries::table
        .filter(points_entries::record_id.eq_any(record_ids))
        .select(sum(points_entries::points))
        .first(conn)?;
    Ok(s.unwrap_or(0))
}

/// Net points an entry for this record moved (its earning and any taking back).
pub fn points_for_record(conn: &mut DbConn, record_id: i64) -> QueryResult<i64> {
    let s: Option<i64> = points_entries::table
        .filter(points_entries::record_id.eq(record_id))
        .select(sum(points_entries::points))
        .first(conn)?;
    Ok(s.unwrap_or(0))
}

/// For the yearly expiry: (credits before `before`, all debits as a positive number).
pub fn credits_and_debits(
    conn: &mut DbConn,
    volunteer_id: i64,
    before: NaiveDateTime,
) -> QueryResult<(i64, i64)> {
    let credits: Option<i64> = points_entries::table
        .filter(points_entries::volunteer_id.eq(volunteer_id))
        .filter(points_entries::points.gt(0))
        .filter(points_entries::created_at.lt(before))
        .select(sum(points_entries::points))
        .first(conn)?;
    let debits: Option<i64> = points_entries::table
        .filter(points_entries::volunteer_id.eq(volunteer_id))
        .filter(points_entries::points.lt(0))
        .select(sum(points_entries::points))
        .first(conn)?;
    Ok((credits.unwrap_or(0), -debits.unwrap_or(0)))
}

/// Volunteers with points credited before `before` (candidates for the yearly expiry).
pub fn volunteers_with_old_credits(
    conn: &mut DbConn,
    before: NaiveDateTime,
) -> QueryResult<Vec<i64>> {
    points_entries::table
        .filter(points_entries::points.gt(0))
        .filter(points_entries::created_at.lt(before))
        .select(points_entries::volunteer_id)
        .distinct()
        .order(points_entries::volunteer_id.asc())
        .load(conn)
}

// --- the catalogue -------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = rewards)]
pub struct Reward {
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub description: Option<String>,
    pub provider: String,
    pub provider_user_id: Option<i64>,
    pub min_star: Option<i32>,
    pub min_recent_hours: Option<i32>,
    pub team_kind: Option<String>,
    pub min_age: Option<i32>,
    pub cost_points: i32,
    pub per_person_limit: Option<i32>,
    pub stock: Option<i32>,
    pub valid_from: Option<NaiveDate>,
    pub valid_until: Option<NaiveDate>,
    pub voucher_days: i32,
    pub active: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Insertable, AsChangeset)]
#[diesel(table_name = rewards)]
pub struct NewReward {
    pub kind: String,
    pub name: String,
    pub description: Option<String>,
    pub provider: String,
    pub provider_user_id: Option<i64>,
    pub min_star: Option<i32>,
    pub min_recent_hours: Option<i32>,
    pub team_kind: Option<String>,
    pub min_age: Option<i32>,
    pub cost_points: i32,
    pub per_person_limit: Option<i32>,
    pub stock: Option<i32>,
    pub valid_from: Option<NaiveDate>,
    pub valid_until: Option<NaiveDate>,
    pub voucher_days: i32,
    pub active: bool,
}

pub fn insert_reward(conn: &mut DbConn, r: &NewReward) -> QueryResult<Reward> {
    insert_reward_at(conn, r, now())
}

/// Inserts a courtesy created (and last updated) at a given time (the demo's catalogue).
pub fn insert_reward_at(
    conn: &mut DbConn,
    r: &NewReward,
    at: NaiveDateTime,
) -> QueryResult<Reward> {
    diesel::insert_into(rewards::table)
        .values((r, rewards::created_at.eq(at), rewards::updated_at.eq(at)))
        .get_result(conn)
}

/// Every courtesy, active or not.
pub fn count_rewards(conn: &mut DbConn) -> QueryResult<i64> {
    rewards::table.count().get_result(conn)
}

/// Replaces a courtesy's fields (stock excepted: see `move_stock`).
pub fn update_reward(conn: &mut DbConn, id: i64, r: &NewReward) -> QueryResult<Reward> {
    diesel::update(rewards::table.find(id))
        .set((
            rewards::name.eq(&r.name),
            rewards::description.eq(&r.description),
            rewards::provider.eq(&r.provider),
            rewards::provider_user_id.eq(r.provider_user_id),
            rewards::cost_points.eq(r.cost_points),
            rewards::per_person_limit.eq(r.per_person_limit),
            rewards::valid_until.eq(r.valid_until),
            rewards::active.eq(r.active),
            rewards::updated_at.eq(now()),
        ))
        .get_result(conn)
}

pub fn find_reward(conn: &mut DbConn, id: i64) -> QueryResult<Option<Reward>> {
    rewards::table
        .find(id)
        .select(Reward::as_select())
        .first(conn)
        .optional()
}

pub fn find_rewards(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<Reward>> {
    rewards::table
        .filter(rewards::id.eq_any(ids))
        .select(Reward::as_select())
        .load(conn)
}

pub fn list_rewards(
    conn: &mut DbConn,
    kind: Option<&str>,
    active_only: bool,
) -> QueryResult<Vec<Reward>> {
    let mut q = rewards::table
        .select(Reward::as_select())
        .order(rewards::id.asc())
        .into_boxed();
    if let Some(k) = kind {
        q = q.filter(rewards::kind.eq(k.to_owned()));
    }
    if active_only {
        q = q.filter(rewards::active.eq(true));
    }
    q.load(conn)
}

/// Moves stock by `delta` unless that would take it below zero (or the courtesy has no stock
/// count); one conditional UPDATE, so concurrent takers never oversell.
pub fn move_stock(conn: &mut DbConn, id: i64, delta: i32) -> QueryResult<bool> {
    let n = diesel::update(
        rewards::table
            .find(id)
            .filter(rewards::stock.is_not_null())
            .filter(rewards::stock.ge(-delta)),
    )
    .set(rewards::stock.eq(rewards::stock + delta))
    .execute(conn)?;
    Ok(n == 1)
}

pub fn stock_left(conn: &mut DbConn) -> QueryResult<i64> {
    let s: Option<i64> = rewards::table
        .filter(rewards::stock.is_not_null())
        .select(sum(rewards::stock.assume_not_null()))
        .first(conn)?;
    Ok(s.unwrap_or(0))
}

// --- vouchers ------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = vouchers)]
pub struct Voucher {
    pub id: i64,
    pub code: String,
    pub reward_id: i64,
    pub volunteer_id: i64,
    pub points: i32,
    pub status: String,
    pub expires_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
    pub redeemed_at: Option<NaiveDateTime>,
    pub redeemed_by: Option<i64>,
    pub cancelled_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = vouchers)]
pub struct NewVoucher {
    pub code: String,
    pub reward_id: i64,
    pub volunteer_id: i64,
    pub points: i32,
    pub status: String,
    pub expires_at: NaiveDateTime,
}

pub fn insert_voucher(conn: &mut DbConn, v: &NewVoucher) -> QueryResult<Voucher> {
    diesel::insert_into(vouchers::table)
        .values((v, vouchers::created_at.eq(now())))
        .get_result(conn)
}

/// A voucher written in bulk with its times given (the demo's history).
#[derive(Debug, Clone, PartialEq)]
pub struct PastVoucher {
    pub voucher: NewVoucher,
    pub created_at: NaiveDateTime,
    pub redeemed_at: Option<NaiveDateTime>,
}

/// Inserts many vouchers in multi-row inserts of 500; returns their ids in row order.
pub fn insert_vouchers(conn: &mut DbConn, rows: &[PastVoucher]) -> QueryResult<Vec<i64>> {
    let mut ids = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(500) {
        let values: Vec<_> = chunk
            .iter()
            .map(|v| {
                (
                    &v.voucher,
                    vouchers::created_at.eq(v.created_at),
                    vouchers::redeemed_at.eq(v.redeemed_at),
                )
            })
            .collect();
        let query = diesel::insert_into(vouchers::table)
            .values(values)
            .returning(vouchers::id);
        let got: Vec<i64> = crate::on_backend!(conn, |c| query.get_results(c))?;
        ids.extend(crate::activities::in_row_order(got));
    }
    Ok(ids)
}

pub fn find_voucher(conn: &mut DbConn, code: &str) -> QueryResult<Option<Voucher>> {
    vouchers::table
        .filter(vouchers::code.eq(code))
        .select(Voucher::as_select())
        .first(conn)
        .optional()
}

/// Vouchers of a volunteer, or of a courtesy, newest first.
pub fn list_vouchers(
    conn: &mut DbConn,
    volunteer_id: Option<i64>,
    reward_ids: Option<&[i64]>,
    limit: i64,
) -> QueryResult<Vec<Voucher>> {
    let mut q = vouchers::table
        .select(Voucher::as_select())
        .order(vouchers::id.desc())
        .limit(limit)
        .into_boxed();
    if let Some(v) = volunteer_id {
        q = q.filter(vouchers::volunteer_id.eq(v));
    }
    if let Some(ids) = reward_ids {
        q = q.filter(vouchers::reward_id.eq_any(ids.to_vec()));
    }
    q.load(conn)
}

/// Vouchers a volunteer holds for a courtesy (issued or redeemed: not cancelled).
pub fn live_vouchers_of(conn: &mut DbConn, volunteer_id: i64, reward_id: i64) -> QueryResult<i64> {
    vouchers::table
        .filter(vouchers::volunteer_id.eq(volunteer_id))
        .filter(vouchers::reward_id.eq(reward_id))
        .filter(vouchers::status.ne("cancelled"))
        .select(count_star())
        .first(conn)
}

/// issued → redeemed or cancelled, only from issued (a second attempt changes nothing).
pub fn close_voucher(conn: &mut DbConn, id: i64, to: &str, by: i64) -> QueryResult<bool> {
    let at = now();
    let q = vouchers::table
        .find(id)
        .filter(vouchers::status.eq("issued"));
    let n = if to == "redeemed" {
        diesel::update(q)
            .set((
                vouchers::status.eq(to),
                vouchers::redeemed_at.eq(at),
                vouchers::redeemed_by.eq(by),
            ))
            .execute(conn)?
    } else {
        diesel::update(q)
            .set((vouchers::status.eq(to), vouchers::cancelled_at.eq(at)))
            .execute(conn)?
    };
    Ok(n == 1)
}

/// Vouchers not cancelled, for the insurer's list and the stats: (volunteer, reward) pairs.
pub fn live_vouchers_of_reward(conn: &mut DbConn, reward_id: i64) -> QueryResult<Vec<Voucher>> {
    vouchers::table
        .filter(vouchers::reward_id.eq(reward_id))
        .filter(vouchers::status.ne("cancelled"))
        .order(vouchers::id.asc())
        .select(Voucher::as_select())
        .load(conn)
}

/// Vouchers not cancelled by kind of courtesy, and the distinct volunteers holding them.
pub struct Enjoyed {
    pub by_kind: Vec<(String, i64)>,
    pub volunteers: Vec<i64>,
}

pub fn enjoyed(conn: &mut DbConn) -> QueryResult<Enjoyed> {
    let by_kind: Vec<(String, i64)> = vouchers::table
        .inner_join(rewards::table)
        .filter(vouchers::status.ne("cancelled"))
        .group_by(rewards::kind)
        .select((rewards::kind, count_star()))
        .load(conn)?;
    let who: Vec<i64> = vouchers::table
        .filter(vouchers::status.ne("cancelled"))
        .select(vouchers::volunteer_id)
        .distinct()
        .load(conn)?;
    Ok(Enjoyed {
        by_kind,
        volunteers: who,
    })
}

// --- honours -------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = honours)]
pub struct Honour {
    pub id: i64,
    pub volunteer_id: i64,
    pub title: String,
    pub citation: String,
    pub awarded_on: NaiveDate,
    pub awarded_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

pub fn insert_honour(
    conn: &mut DbConn,
    volunteer_id: i64,
    title: &str,
    citation: &str,
    awarded_on: NaiveDate,
    by: Option<i64>,
) -> QueryResult<Honour> {
    diesel::insert_into(honours::table)
        .values((
            honours::volunteer_id.eq(volunteer_id),
            honours::title.eq(title),
            honours::citation.eq(citation),
            honours::awarded_on.eq(awarded_on),
            honours::awarded_by.eq(by),
            honours::created_at.eq(now()),
        ))
        .get_result(conn)
}

/// An honour written in bulk with its time given (the demo's history).
#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = honours)]
pub struct NewHonour {
    pub volunteer_id: i64,
    pub title: String,
    pub citation: String,
    pub awarded_on: NaiveDate,
    pub awarded_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

/// Inserts many honours in multi-row inserts of 500.
pub fn insert_honours(conn: &mut DbConn, rows: &[NewHonour]) -> QueryResult<usize> {
    let mut n = 0;
    for chunk in rows.chunks(500) {
        let query = diesel::insert_into(honours::table).values(chunk);
        n += crate::on_backend!(conn, |c| query.execute(c))?;
    }
    Ok(n)
}

pub fn honours_of(conn: &mut DbConn, volunteer_id: i64) -> QueryResult<Vec<Honour>> {
    honours::table
        .filter(honours::volunteer_id.eq(volunteer_id))
        .order((honours::awarded_on.desc(), honours::id.desc()))
        .select(Honour::as_select())
        .load(conn)
}

/// Distinct volunteers with honours, and how many honours there are.
pub fn honoured(conn: &mut DbConn) -> QueryResult<(Vec<i64>, i64)> {
    let who: Vec<i64> = honours::table
        .select(honours::volunteer_id)
        .distinct()
        .load(conn)?;
    let n: i64 = honours::table.select(count_star()).first(conn)?;
    Ok((who, n))
}
