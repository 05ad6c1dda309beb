//! Matching a need to what can answer it (需求对接): ranked proposals with their reasons, the
//! links a reviewer makes, and a need's trace from intake to the hours served.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{AreaLevel, NeedEventKind, NeedStatus};

crate::string_enum!(
    /// What a proposal offers.
    ProposalKind {
        /// A resource of the resources list (linking it creates a service project for the need).
        Resource = "resource",
        /// A published service project.
        Project = "project",
    }
);

crate::string_enum!(
    /// Why a proposal scores what it does; each reason adds its `points`.
    ReasonCode {
        /// Its topic or category answers the need's category (`value`: the one that fits).
        Fits = "fits",
        /// It serves the need's target group (`value`: the group).
        TargetGroup = "target_group",
        /// It names no target group: it serves everyone.
        AnyGroup = "any_group",
        /// It sits in the need's own village.
        SameVillage = "same_village",
        /// It sits in the need's town.
        SameTown = "same_town",
        /// It is offered city-wide.
        CityLevel = "city_level",
        /// Capacity left this period (`value`: how much, with its unit).
        Capacity = "capacity",
        /// How residents rated the needs it answered before (`value`: the average, out of 5).
        Rated = "rated",
    }
);

/// One reason behind a proposal's score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"code": "fits", "points": 40, "value": "政策解读", "text": "主题“政策解读”对应需求类别“知识讲座”"})))]
pub struct ProposalReason {
    pub code: ReasonCode,
    pub points: i32,
    /// The particular: the topic that fits, the target group, the capacity left, the rating.
    pub value: Option<String>,
    /// The reason in Chinese, for people.
    pub text: String,
}

/// A resource or a published project proposed for an accepted need.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "kind": "resource", "id": 12, "title": "反诈宣讲进村居", "level": "city", "area_id": 1, "area_name": "张家港市",
    "provider": "市公安局", "score": 90, "remaining": 6,
    "reasons": [{"code": "fits", "points": 40, "value": "防范诈骗", "text": "主题“防范诈骗”对应需求类别“知识讲座”"},
                {"code": "city_level", "points": 10, "value": null, "text": "市级资源，全市可用"}]
})))]
pub struct Proposal {
    pub kind: ProposalKind,
    /// The resource's or the project's id.
    pub id: i64,
    pub title: String,
    pub level: AreaLevel,
    pub area_id: i64,
    pub area_name: String,
    /// The agency or team behind it.
    pub provider: Option<String>,
    pub score: i32,
    /// For a resource: how much is left to allocate this period.
    pub remaining: Option<i32>,
    pub reasons: Vec<ProposalReason>,
}

/// Link a proposal to an accepted need: a published project, or a resource (which creates a
/// published service project for the need, owned by the resource's provider). Exactly one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"resource_id": 12, "note": "村委会协调场地"})))]
#[serde(deny_unknown_fields)]
pub struct NewNeedLink {
    #[serde(default)]
    pub project_id: Option<i64>,
    #[serde(default)]
    pub resource_id: Option<i64>,
    #[serde(default)]
    pub note: Option<String>,
}

/// A proposal a reviewer chose for a need.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": 3, "need_id": 77, "resource_id": 12, "project_id": 901, "project_title": "反诈宣讲进村居",
    "score": 90, "reasons": [], "created_at": "2026-12-01T02:00:00Z"
})))]
pub struct NeedLink {
    pub id: i64,
    pub need_id: i64,
    pub resource_id: Option<i64>,
    /// The project linked or created: activities for the need are scheduled under it.
    pub project_id: Option<i64>,
    pub project_title: Option<String>,
    pub score: i32,
    pub reasons: Vec<ProposalReason>,
    pub created_at: DateTime<Utc>,
}

/// One step in a need's life, as its trace shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "kind": "review", "at": "2026-11-20T02:00:00Z", "from": "under_review", "to": "accepted",
    "actor": "金港镇管理员", "note": null, "details": {"reviewers": ["王书记", "居民代表李阿姨"]}
})))]
pub struct TraceEvent {
    pub kind: NeedEventKind,
    pub at: DateTime<Utc>,
    pub from: Option<NeedStatus>,
    pub to: Option<NeedStatus>,
    /// Who did it (staff only; null in the public trace).
    pub actor: Option<String>,
    pub note: Option<String>,
    /// The particulars (reviewers present, the need merged, the project linked…); names of
    /// people are left out of the public trace.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub details: Option<serde_json::Value>,
}

/// A volunteer who served at an activity run for the need (staff only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TraceVolunteer {
    pub volunteer_id: i64,
    pub name: String,
    pub hours: f64,
}

/// An activity run for the need.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TraceActivity {
    pub id: i64,
    pub title: String,
    pub project_id: i64,
    pub start_at: DateTime<Utc>,
    pub end_at: DateTime<Utc>,
    pub status: crate::ActivityStatus,
    /// Residents served (参与群众人次), recorded when it finished.
    pub residents_served: Option<i32>,
    /// How many volunteers have verified hours there.
    pub volunteer_count: i64,
    /// Verified service hours there, corrections applied.
    pub verified_hours: f64,
    /// The volunteers and their hours (staff only; empty in the public trace).
    pub volunteers: Vec<TraceVolunteer>,
}

/// A resource allocation (下沉) made for the need.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TraceAllocation {
    pub id: i64,
    pub resource_id: i64,
    pub resource_title: String,
    pub quantity: i32,
    pub unit: String,
    pub area_id: i64,
    pub at: DateTime<Utc>,
}

/// The sums of a trace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TraceTotals {
    pub activities: i64,
    pub volunteers: i64,
    pub verified_hours: f64,
    pub residents_served: i64,
}

/// One need from intake to the resident's rating: events, links, allocations, activities,
/// hours and the evaluation. In full for staff of the need's area; anonymised for others.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "need_id": 77, "code": "XQ7K3M9P", "title": "老人想学防范电信诈骗", "status": "fulfilled", "full": false,
    "events": [], "links": [], "allocations": [], "activities": [],
    "totals": {"activities": 1, "volunteers": 6, "verified_hours": 12.0, "residents_served": 45},
    "rating": 5, "rating_comment": "讲得很实用"
})))]
pub struct NeedTrace {
    pub need_id: i64,
    pub code: String,
    pub title: String,
    pub status: NeedStatus,
    /// Whether this is the staff's full trace (names and contacts) or the public one.
    pub full: bool,
    pub events: Vec<TraceEvent>,
    pub links: Vec<NeedLink>,
    pub allocations: Vec<TraceAllocation>,
    pub activities: Vec<TraceActivity>,
    pub totals: TraceTotals,
    pub rating: Option<i32>,
    pub rating_comment: Option<String>,
}
