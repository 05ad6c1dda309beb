//! Venues (阵地): where practice happens.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The kind of venue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "diesel",
    derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow)
)]
#[cfg_attr(feature = "diesel", diesel(sql_type = diesel::sql_types::Text))]
#[serde(rename_all = "snake_case")]
pub enum VenueKind {
    /// 新时代文明实践中心 (city level)
    Centre,
    /// 新时代文明实践所 (town level)
    Institute,
    /// 新时代文明实践站 (village or community level)
    Station,
    /// 新时代文明实践点 (a school, enterprise, park… at any level)
    Point,
}

impl VenueKind {
    pub const ALL: [VenueKind; 4] = [
        VenueKind::Centre,
        VenueKind::Institute,
        VenueKind::Station,
        VenueKind::Point,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            VenueKind::Centre => "centre",
            VenueKind::Institute => "institute",
            VenueKind::Station => "station",
            VenueKind::Point => "point",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A practice venue (阵地).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": 7, "area_id": 4, "kind": "institute", "name": "金港镇新时代文明实践所",
    "address": "张家港市金港镇长江中路 1 号", "latitude": 31.95, "longitude": 120.42,
    "opening_hours": "周一至周日 08:30-17:30", "capacity": 200, "phone": "0512-58000000",
    "description": null, "created_at": "2026-11-28T08:00:00Z", "updated_at": "2026-11-28T08:00:00Z"
})))]
pub struct Venue {
    pub id: i64,
    pub area_id: i64,
    pub kind: VenueKind,
    pub name: String,
    pub address: String,
    /// WGS-84 latitude in degrees.
    pub latitude: Option<f64>,
    /// WGS-84 longitude in degrees.
    pub longitude: Option<f64>,
    /// Opening hours as shown to the public, e.g. `周一至周五 09:00-17:00`.
    pub opening_hours: Option<String>,
    /// How many people it holds.
    pub capacity: Option<i32>,
    pub phone: Option<String>,
    pub description: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A new venue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "area_id": 9, "kind": "station", "name": "金都社区新时代文明实践站",
    "address": "张家港市金港镇金都社区", "latitude": 31.96, "longitude": 120.40,
    "opening_hours": "周一至周五 09:00-17:00", "capacity": 60
})))]
#[serde(deny_unknown_fields)]
pub struct NewVenue {
    pub area_id: i64,
    pub kind: VenueKind,
    pub name: String,
    pub address: String,
    #[serde(default)]
    pub latitude: Option<f64>,
    #[serde(default)]
    pub longitude: Option<f64>,
    #[serde(default)]
    pub opening_hours: Option<String>,
    #[serde(default)]
    pub capacity: Option<i32>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
}

/// Changes to a venue; absent fields stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"opening_hours": "周一至周日 08:30-20:00", "capacity": 80})))]
#[serde(deny_unknown_fields)]
pub struct VenuePatch {
    #[serde(default)]
    pub area_id: Option<i64>,
    #[serde(default)]
    pub kind: Option<VenueKind>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub latitude: Option<f64>,
    #[serde(default)]
    pub longitude: Option<f64>,
    #[serde(default)]
    pub opening_hours: Option<String>,
    #[serde(default)]
    pub capacity: Option<i32>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
}

crate::stored_as_text!(VenueKind);
