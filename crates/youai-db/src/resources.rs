//! The resources list (社会资源清单): what agencies and teams push down to the grassroots,
//! and its allocations (下沉).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use youai_types::{AreaLevel, ResourceKind, ResourcePeriod, ResourceStatus};

use crate::json::Json;
use crate::page::fetch_limit;
use crate::schema::{areas, resource_allocations, resource_periods, resources};
use crate::{DbConn, contains_pattern, now, subtree_pattern};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = resources)]
pub struct Resource {
    pub id: i64,
    pub kind: ResourceKind,
    pub title: String,
    pub description: Option<String>,
    pub provider_agency_id: Option<i64>,
    pub provider_team_id: Option<i64>,
    pub level: AreaLevel,
    pub area_id: i64,
    /// Topics (政策解读, 法律维权…), Chinese names.
    pub topics: Json<Vec<String>>,
    pub target_groups: Json<Vec<String>>,
    /// How much may be allocated in each period, in `unit`s.
    pub capacity: i32,
    pub unit: String,
    pub period: ResourcePeriod,
    pub available_from: Option<NaiveDate>,
    pub available_until: Option<NaiveDate>,
    pub status: ResourceStatus,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<Resource>> {
    resources::table
        .find(id)
        .select(Resource::as_select())
        .first(conn)
        .optional()
}

/// Every active resource (matching ranks them all; a city has hundreds, not millions).
pub fn active(conn: &mut DbConn) -> QueryResult<Vec<Resource>> {
    resources::table
        .filter(resources::status.eq(ResourceStatus::Active))
        .select(Resource::as_select())
        .order(resources::id.asc())
        .load(conn)
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = resource_allocations)]
pub struct Allocation {
    pub id: i64,
    pub resource_id: i64,
    /// The town or village it was sent to.
    pub area_id: i64,
    pub quantity: i32,
    /// The first day of the period it counts against.
    pub period_start: NaiveDate,
    /// The need it was sent for, if any.
    pub need_id: Option<i64>,
    pub note: Option<String>,
    pub allocated_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

/// The allocations made for a need, oldest first.
pub fn allocations_for_need(conn: &mut DbConn, need_id: i64) -> QueryResult<Vec<Allocation>> {
    resource_allocations::table
        .filter(resource_allocations::need_id.eq(need_id))
        .select(Allocation::as_select())
        .order(resource_allocations::id.asc())
        .load(conn)
}

/// A new resource's fields.
#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = resources)]
pub struct NewResource {
    pub kind: ResourceKind,
    pub title: String,
    pub description: Option<String>,
    pub provider_agency_id: Option<i64>,
    pub provider_team_id: Option<i64>,
    pub level: AreaLevel,
    pub area_id: i64,
    pub topics: Json<Vec<String>>,
    pub target_groups: Json<Vec<String>>,
    pub capacity: i32,
    pub unit: String,
    pub period: ResourcePeriod,
    pub available_from: Option<NaiveDate>,
    pub available_until: Option<NaiveDate>,
    pub status: ResourceStatus,
    pub created_by: Option<i64>,
}

pub fn insert(conn: &mut DbConn, r: &NewResource) -> QueryResult<Resource> {
    let t = now();
    diesel::insert_into(resources::table)
        .values((r, resources::created_at.eq(t), resources::updated_at.eq(t)))
        .get_result(conn)
}

/// The editable fields, written whole (the service merges a patch into the stored row).
#[derive(Debug, Clone, PartialEq, AsChangeset)]
#[diesel(table_name = resources, treat_none_as_null = true)]
pub struct ResourceChanges {
    pub title: String,
    pub description: Option<String>,
    pub topics: Json<Vec<String>>,
    pub target_groups: Json<Vec<String>>,
    pub capacity: i32,
    pub unit: String,
    pub available_from: Option<NaiveDate>,
    pub available_until: Option<NaiveDate>,
    pub status: ResourceStatus,
}

pub fn update(conn: &mut DbConn, id: i64, c: &ResourceChanges) -> QueryResult<Resource> {
    diesel::update(resources::table.find(id))
        .set((c, resources::updated_at.eq(now())))
        .get_result(conn)
}

#[derive(Debug, Clone, Default)]
pub struct ResourceFilter {
    pub kind: Option<ResourceKind>,
    pub status: Option<ResourceStatus>,
    /// A topic the resource names (stored as a JSON array of strings).
    pub topic: Option<String>,
    pub level: Option<AreaLevel>,
    pub within_path: Option<String>,
    pub provider_agency_id: Option<i64>,
    pub provider_team_id: Option<i64>,
    /// Text in the title or description.
    pub q: Option<String>,
}

/// A page of resources after `after_id`, in id order (`limit + 1` rows fetched).
pub fn list(
    conn: &mut DbConn,
    f: &ResourceFilter,
    after_id: Option<i64>,
    descending: bool,
    limit: i64,
) -> QueryResult<Vec<Resource>> {
    let mut q = resources::table.select(Resource::as_select()).into_boxed();
    if let Some(k) = f.kind {
        q = q.filter(resources::kind.eq(k));
    }
    if let Some(s) = f.status {
        q = q.filter(resources::status.eq(s));
    }
    if let Some(t) = &f.topic {
        q = q.filter(
            resources::topics
                .like(contains_pattern(&format!("\"{t}\"")))
                .escape('\\'),
        );
    }
    if let Some(l) = f.level {
        q = q.filter(resources::level.eq(l));
    }
    if let Some(path) = &f.within_path {
        let inside = areas::table
            .select(areas::id)
            .filter(areas::path.like(subtree_pattern(path)).escape('\\'));
        q = q.filter(resources::area_id.eq_any(inside));
    }
    if let Some(a) = f.provider_agency_id {
        q = q.filter(resources::provider_agency_id.eq(a));
    }
    if let Some(t) = f.provider_team_id {
        q = q.filter(resources::provider_team_id.eq(t));
    }
    if let Some(text) = &f.q {
        let p = contains_pattern(text);
        q = q.filter(
            resources::title
                .like(p.clone())
                .escape('\\')
                .or(resources::description.like(p).escape('\\')),
        );
    }
    q = match (after_id, descending) {
        (Some(a), false) => q.filter(resources::id.gt(a)),
        (Some(a), true) => q.filter(resources::id.lt(a)),
        (None, _) => q,
    };
    q = if descending {
        q.order(resources::id.desc())
    } else {
        q.order(resources::id.asc())
    };
    q.limit(fetch_limit(limit)).load(conn)
}

/// How much is allocated of each resource in the periods starting on `starts` (one query for
/// a page of resources): `(resource_id, period_start, allocated)`.
pub fn allocated_in(
    conn: &mut DbConn,
    resource_ids: &[i64],
    starts: &[NaiveDate],
) -> QueryResult<Vec<(i64, NaiveDate, i32)>> {
    if resource_ids.is_empty() {
        return Ok(Vec::new());
    }
    resource_periods::table
        .filter(resource_periods::resource_id.eq_any(resource_ids.to_vec()))
        .filter(resource_periods::period_start.eq_any(starts.to_vec()))
        .select((
            resource_periods::resource_id,
            resource_periods::period_start,
            resource_periods::allocated,
        ))
        .load(conn)
}

/// Takes `quantity` of a resource's period, within `capacity`: makes the period's counter if
/// it is missing, then raises it in one conditional UPDATE, so concurrent allocations can never
/// take more than the capacity on either backend (PostgreSQL re-checks the condition on the
/// row a concurrent writer committed; SQLite writers are serialised). False: it would not fit.
pub fn take(
    conn: &mut DbConn,
    resource_id: i64,
    period_start: NaiveDate,
    quantity: i32,
    capacity: i32,
) -> QueryResult<bool> {
    let row = (
        resource_periods::resource_id.eq(resource_id),
        resource_periods::period_start.eq(period_start),
        resource_periods::allocated.eq(0),
    );
    crate::on_backend!(conn, |c| diesel::insert_into(resource_periods::table)
        .values(row)
        .on_conflict_do_nothing()
        .execute(c))?;
    let n = diesel::update(
        resource_periods::table
            .filter(resource_periods::resource_id.eq(resource_id))
            .filter(resource_periods::period_start.eq(period_start))
            .filter((resource_periods::allocated + quantity).le(capacity)),
    )
    .set(resource_periods::allocated.eq(resource_periods::allocated + quantity))
    .execute(conn)?;
    Ok(n == 1)
}

/// What is allocated of a resource in one period (0 when nothing yet).
pub fn allocated(conn: &mut DbConn, resource_id: i64, period_start: NaiveDate) -> QueryResult<i32> {
    Ok(resource_periods::table
        .find((resource_id, period_start))
        .select(resource_periods::allocated)
        .first(conn)
        .optional()?
        .unwrap_or(0))
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = resource_allocations)]
pub struct NewAllocation {
    pub resource_id: i64,
    pub area_id: i64,
    pub quantity: i32,
    pub period_start: NaiveDate,
    pub need_id: Option<i64>,
    pub note: Option<String>,
    pub allocated_by: Option<i64>,
}

pub fn insert_allocation(conn: &mut DbConn, a: &NewAllocation) -> QueryResult<Allocation> {
    diesel::insert_into(resource_allocations::table)
        .values((a, resource_allocations::created_at.eq(now())))
        .get_result(conn)
}

/// A page of a resource's allocations, newest first (`limit + 1` rows fetched).
pub fn allocations(
    conn: &mut DbConn,
    resource_id: i64,
    before_id: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<Allocation>> {
    let mut q = resource_allocations::table
        .filter(resource_allocations::resource_id.eq(resource_id))
        .select(Allocation::as_select())
        .into_boxed();
    if let Some(b) = before_id {
        q = q.filter(resource_allocations::id.lt(b));
    }
    q.order(resource_allocations::id.desc())
        .limit(fetch_limit(limit))
        .load(conn)
}
