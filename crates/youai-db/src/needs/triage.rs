//! Triage writes: decisions, the urgency ranking of an area's accepted needs, merging
//! duplicates, and the submitter's evaluation. Call inside a transaction.

use diesel::prelude::*;
use youai_types::NeedStatus;

use super::Need;
use crate::schema::{areas, needs};
use crate::{DbConn, now};

/// Serialises rank changes in one area: a no-op update of the area's row, which PostgreSQL
/// locks until the transaction ends (SQLite's write transaction already holds the database).
pub fn lock_area(conn: &mut DbConn, area_id: i64) -> QueryResult<()> {
    diesel::update(areas::table.find(area_id))
        .set(areas::updated_at.eq(areas::updated_at))
        .execute(conn)?;
    Ok(())
}

/// An area's accepted needs from rank 1 down (unranked last, by id).
pub fn ranked(conn: &mut DbConn, area_id: i64) -> QueryResult<Vec<i64>> {
    let rows: Vec<(i64, Option<i32>)> = needs::table
        .filter(needs::area_id.eq(area_id))
        .filter(needs::status.eq(NeedStatus::Accepted))
        .select((needs::id, needs::urgency_rank))
        .order(needs::id.asc())
        .load(conn)?;
    let mut rows = rows;
    rows.sort_by_key(|(id, r)| (r.is_none(), *r, *id));
    Ok(rows.into_iter().map(|(id, _)| id).collect())
}

/// Writes ranks.
pub fn set_ranks(conn: &mut DbConn, ranks: &[(i64, i32)]) -> QueryResult<()> {
    for (id, rank) in ranks {
        diesel::update(needs::table.find(*id))
            .set(needs::urgency_rank.eq(Some(*rank)))
            .execute(conn)?;
    }
    Ok(())
}

/// Records a decision (accept or reject): when, and the reason for a rejection.
pub fn decide(conn: &mut DbConn, id: i64, reject_reason: Option<&str>) -> QueryResult<Need> {
    diesel::update(needs::table.find(id))
        .set((
            needs::reject_reason.eq(reject_reason),
            needs::decided_at.eq(Some(now())),
        ))
        .get_result(conn)
}

/// Merges `from` into `into`: `from` points at `into` (its status is set by the caller) and
/// `into` gains `from`'s supporters.
pub fn merge(conn: &mut DbConn, from: &Need, into: i64) -> QueryResult<Need> {
    diesel::update(needs::table.find(from.id))
        .set(needs::merged_into.eq(Some(into)))
        .execute(conn)?;
    diesel::update(needs::table.find(into))
        .set((
            needs::supporters.eq(needs::supporters + from.supporters),
            needs::updated_at.eq(now()),
        ))
        .get_result(conn)
}

pub fn evaluate(
    conn: &mut DbConn,
    id: i64,
    rating: i32,
    comment: Option<&str>,
) -> QueryResult<Need> {
    diesel::update(needs::table.find(id))
        .set((
            needs::rating.eq(Some(rating)),
            needs::rating_comment.eq(comment),
            needs::updated_at.eq(now()),
        ))
        .get_result(conn)
}
