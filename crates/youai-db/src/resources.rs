//! The resources list (社会资源清单): what agencies and teams push down to the grassroots,
//! and its allocations (下沉).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use youai_types::{AreaLevel, ResourceKind, ResourcePeriod, ResourceStatus};

use crate::DbConn;
use crate::json::Json;
use crate::schema::{resource_allocations, resources};

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
