//! The courtesy catalogue (礼遇目录) and its stock.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::sum;
use diesel::prelude::*;
use youai_types::{RewardKind, TeamKind};

use crate::schema::rewards;
use crate::{DbConn, now};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = rewards)]
pub struct Reward {
    pub id: i64,
    pub kind: RewardKind,
    pub name: String,
    pub description: Option<String>,
    pub provider: String,
    pub provider_user_id: Option<i64>,
    pub min_star: Option<i32>,
    pub min_recent_hours: Option<i32>,
    pub team_kind: Option<TeamKind>,
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
    pub kind: RewardKind,
    pub name: String,
    pub description: Option<String>,
    pub provider: String,
    pub provider_user_id: Option<i64>,
    pub min_star: Option<i32>,
    pub min_recent_hours: Option<i32>,
    pub team_kind: Option<TeamKind>,
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
            rewards::min_star.eq(r.min_star),
            rewards::min_recent_hours.eq(r.min_recent_hours),
            rewards::min_age.eq(r.min_age),
            rewards::voucher_days.eq(r.voucher_days),
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
    kind: Option<RewardKind>,
    active_only: bool,
) -> QueryResult<Vec<Reward>> {
    let mut q = rewards::table
        .select(Reward::as_select())
        .order(rewards::id.asc())
        .into_boxed();
    if let Some(k) = kind {
        q = q.filter(rewards::kind.eq(k));
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
