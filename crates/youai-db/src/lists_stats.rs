//! The figures of the needs and resources lists for `/stats` and the report: needs counted by
//! category, channel, state and area, the times from intake to decision and to fulfilment,
//! the residents activities served, and allocations (下沉) by the resource they drew on. Each
//! a grouped query that both backends run alike.

use chrono::NaiveDateTime;
use diesel::dsl::{count_star, sum};
use diesel::prelude::*;
use youai_types::{ActivityStatus, AreaLevel, NeedChannel, NeedStatus};

use crate::DbConn;
use crate::schema::{activities, need_categories, needs, resource_allocations, resources};

/// Needs by category: (category name, its sort order, needs).
pub fn needs_by_category(conn: &mut DbConn) -> QueryResult<Vec<(String, i32, i64)>> {
    needs::table
        .inner_join(need_categories::table)
        .group_by((need_categories::name, need_categories::sort_order))
        .select((
            need_categories::name,
            need_categories::sort_order,
            count_star(),
        ))
        .order(need_categories::sort_order.asc())
        .load(conn)
}

pub fn needs_by_channel(conn: &mut DbConn) -> QueryResult<Vec<(NeedChannel, i64)>> {
    needs::table
        .group_by(needs::channel)
        .select((needs::channel, count_star()))
        .order(needs::channel.asc())
        .load(conn)
}

pub fn needs_by_status(conn: &mut DbConn) -> QueryResult<Vec<(NeedStatus, i64)>> {
    needs::table
        .group_by(needs::status)
        .select((needs::status, count_star()))
        .order(needs::status.asc())
        .load(conn)
}

/// Needs by the village (or any area) they are in: (area id, needs).
pub fn needs_by_area(conn: &mut DbConn) -> QueryResult<Vec<(i64, i64)>> {
    needs::table
        .group_by(needs::area_id)
        .select((needs::area_id, count_star()))
        .order(needs::area_id.asc())
        .load(conn)
}

/// Supporters of the needs that stand on their own (merged ones are counted in the need they
/// joined).
pub fn supporters(conn: &mut DbConn) -> QueryResult<i64> {
    needs::table
        .filter(needs::status.ne(NeedStatus::Merged))
        .select(sum(needs::supporters))
        .first::<Option<i64>>(conn)
        .map(Option::unwrap_or_default)
}

/// (intake, decision) of every decided need.
pub fn decision_times(conn: &mut DbConn) -> QueryResult<Vec<(NaiveDateTime, NaiveDateTime)>> {
    needs::table
        .filter(needs::decided_at.is_not_null())
        .select((needs::created_at, needs::decided_at.assume_not_null()))
        .load(conn)
}

/// (intake, fulfilment) of every fulfilled need.
pub fn fulfilment_times(conn: &mut DbConn) -> QueryResult<Vec<(NaiveDateTime, NaiveDateTime)>> {
    needs::table
        .filter(needs::fulfilled_at.is_not_null())
        .select((needs::created_at, needs::fulfilled_at.assume_not_null()))
        .load(conn)
}

/// Residents served (参与群众人次) by finished activities: all of them, and those run for a
/// need.
pub fn residents_served(conn: &mut DbConn) -> QueryResult<(i64, i64)> {
    let finished = activities::table.filter(activities::status.eq(ActivityStatus::Finished));
    let all: Option<i64> = finished
        .select(sum(activities::residents_served))
        .first(conn)?;
    let for_needs: Option<i64> = finished
        .filter(activities::need_id.is_not_null())
        .select(sum(activities::residents_served))
        .first(conn)?;
    Ok((all.unwrap_or_default(), for_needs.unwrap_or_default()))
}

/// Allocations grouped by the resource they drew on: (its level, its topics as stored (a JSON
/// array), allocations, quantity).
pub fn allocations_by_resource(
    conn: &mut DbConn,
) -> QueryResult<Vec<(AreaLevel, String, i64, i64)>> {
    let rows: Vec<(AreaLevel, String, i64, Option<i64>)> = resource_allocations::table
        .inner_join(resources::table)
        .group_by((resources::id, resources::level, resources::topics))
        .select((
            resources::level,
            resources::topics,
            count_star(),
            sum(resource_allocations::quantity),
        ))
        .order(resources::id.asc())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(level, topics, n, q)| (level, topics, n, q.unwrap_or_default()))
        .collect())
}
