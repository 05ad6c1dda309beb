//! The wire types of agencies (机关企事业单位) and the resources list (社会资源清单) with its
//! allocations (下沉).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::{AgencyKind, AreaLevel, ResourceKind, ResourcePeriod, ResourceStatus};

/// An agency, enterprise, public institution or social organisation that publishes projects
/// and resources. Agencies are public bodies: their contact is shown to everyone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": 3, "name": "张家港市司法局", "kind": "government", "area_id": 1,
    "contact_name": "王科长", "contact_phone": "13800005555", "description": "普法宣传、法律援助",
    "created_at": "2026-11-20T08:00:00Z", "updated_at": "2026-11-20T08:00:00Z"
})))]
pub struct Agency {
    pub id: i64,
    pub name: String,
    pub kind: AgencyKind,
    pub area_id: i64,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub description: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A new agency (platform admins, or admins of its area). Names are unique.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "name": "张家港市司法局", "kind": "government", "area_id": 1,
    "contact_name": "王科长", "contact_phone": "13800005555", "description": "普法宣传、法律援助"
})))]
#[serde(deny_unknown_fields)]
pub struct NewAgency {
    pub name: String,
    pub kind: AgencyKind,
    pub area_id: i64,
    #[serde(default)]
    pub contact_name: Option<String>,
    /// A mainland mobile number.
    #[serde(default)]
    pub contact_phone: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
}

/// Changes to an agency; absent fields stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"contact_name": "李科长", "contact_phone": "13800006666"})))]
#[serde(deny_unknown_fields)]
pub struct AgencyPatch {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub kind: Option<AgencyKind>,
    /// Moving an agency needs the right to manage agencies in both areas.
    #[serde(default)]
    pub area_id: Option<i64>,
    #[serde(default)]
    pub contact_name: Option<String>,
    #[serde(default)]
    pub contact_phone: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
}

/// How much of a resource is allocated in one period, and what is left.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"period_start": "2026-12-01", "allocated": 3, "remaining": 5})))]
pub struct ResourceUsage {
    /// The first day of the period.
    pub period_start: NaiveDate,
    pub allocated: i32,
    /// `capacity - allocated`, never below 0.
    pub remaining: i32,
}

/// A resource an agency or team offers the grassroots: a venue, talent, funds or a programme,
/// with a capacity per period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": 7, "kind": "talent", "title": "法律顾问进村居", "description": "律师每月到村（社区）坐班答疑",
    "provider_agency_id": 3, "provider_team_id": null, "provider_name": "张家港市司法局",
    "level": "city", "area_id": 1, "topics": ["法律维权", "政策解读"], "target_groups": ["农村群众"],
    "capacity": 8, "unit": "场", "period": "month", "available_from": "2026-01-01", "available_until": null,
    "status": "active", "remaining": 5, "usage": {"period_start": "2026-12-01", "allocated": 3, "remaining": 5},
    "created_at": "2026-11-20T08:00:00Z", "updated_at": "2026-11-20T08:00:00Z"
})))]
pub struct Resource {
    pub id: i64,
    pub kind: ResourceKind,
    pub title: String,
    pub description: Option<String>,
    /// Exactly one of the providing agency and team is set.
    pub provider_agency_id: Option<i64>,
    pub provider_team_id: Option<i64>,
    /// The providing agency's or team's name.
    pub provider_name: String,
    /// The level of `area_id`.
    pub level: AreaLevel,
    pub area_id: i64,
    /// Topics from the `resource_topics` vocabulary.
    pub topics: Vec<String>,
    /// Target groups from the `target_groups` vocabulary.
    pub target_groups: Vec<String>,
    /// How much may be allocated in each period, in `unit`s.
    pub capacity: i32,
    /// 场, 人次, 元, 小时…
    pub unit: String,
    pub period: ResourcePeriod,
    pub available_from: Option<NaiveDate>,
    pub available_until: Option<NaiveDate>,
    pub status: ResourceStatus,
    /// What is left to allocate in the current period (China time).
    pub remaining: i32,
    /// The current period's usage.
    pub usage: ResourceUsage,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A new resource, provided by an agency (its operators, or admins of the area) or by a team
/// (its leaders, or admins of the area).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "kind": "talent", "title": "法律顾问进村居", "description": "律师每月到村（社区）坐班答疑",
    "provider_agency_id": 3, "level": "city", "area_id": 1, "topics": ["法律维权"],
    "target_groups": ["农村群众"], "capacity": 8, "unit": "场", "period": "month"
})))]
#[serde(deny_unknown_fields)]
pub struct NewResource {
    pub kind: ResourceKind,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub provider_agency_id: Option<i64>,
    #[serde(default)]
    pub provider_team_id: Option<i64>,
    /// Must be the level of `area_id`.
    pub level: AreaLevel,
    pub area_id: i64,
    #[serde(default)]
    pub topics: Vec<String>,
    #[serde(default)]
    pub target_groups: Vec<String>,
    /// At least 1.
    pub capacity: i32,
    pub unit: String,
    pub period: ResourcePeriod,
    #[serde(default)]
    pub available_from: Option<NaiveDate>,
    #[serde(default)]
    pub available_until: Option<NaiveDate>,
}

/// Changes to a resource; absent fields stay. Kind, provider, area and period are fixed once
/// published (allocations were counted against them). `status: withdrawn` withdraws it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"capacity": 10, "status": "active"})))]
#[serde(deny_unknown_fields)]
pub struct ResourcePatch {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub topics: Option<Vec<String>>,
    #[serde(default)]
    pub target_groups: Option<Vec<String>>,
    #[serde(default)]
    pub capacity: Option<i32>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub available_from: Option<NaiveDate>,
    #[serde(default)]
    pub available_until: Option<NaiveDate>,
    #[serde(default)]
    pub status: Option<ResourceStatus>,
}

/// An allocation (下沉): a quantity of a resource sent to a town or village for a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": 12, "resource_id": 7, "area_id": 18, "quantity": 2, "period_start": "2026-12-01",
    "need_id": null, "note": "12 月到金都社区坐班两次", "allocated_by": 1, "created_at": "2026-12-01T08:00:00Z"
})))]
pub struct Allocation {
    pub id: i64,
    pub resource_id: i64,
    /// The town or village it was sent to.
    pub area_id: i64,
    pub quantity: i32,
    /// The first day of the period it counts against.
    pub period_start: NaiveDate,
    pub need_id: Option<i64>,
    pub note: Option<String>,
    pub allocated_by: Option<i64>,
    pub created_at: DateTime<Utc>,
}

/// A new allocation. It never takes a period beyond the resource's capacity (409
/// `capacity_exceeded`, naming what remains).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"area_id": 18, "quantity": 2, "date": "2026-12-10", "note": "12 月到金都社区坐班两次"})))]
#[serde(deny_unknown_fields)]
pub struct NewAllocation {
    /// A town or village inside the resource's area.
    pub area_id: i64,
    /// At least 1, in the resource's unit.
    pub quantity: i32,
    /// The day it is for (default today, China time); it counts against that day's period.
    #[serde(default)]
    pub date: Option<NaiveDate>,
    #[serde(default)]
    pub note: Option<String>,
    /// The need it answers, if any.
    #[serde(default)]
    pub need_id: Option<i64>,
}
