//! Areas (行政区域): the city → town → village tree every scope hangs from.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The level of an area in the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "diesel",
    derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow)
)]
#[cfg_attr(feature = "diesel", diesel(sql_type = diesel::sql_types::Text))]
#[serde(rename_all = "snake_case")]
pub enum AreaLevel {
    /// 市
    City,
    /// 镇 / 街道 / 区
    Town,
    /// 村 / 社区
    Village,
}

impl AreaLevel {
    pub const ALL: [AreaLevel; 3] = [AreaLevel::City, AreaLevel::Town, AreaLevel::Village];

    pub fn as_str(self) -> &'static str {
        match self {
            AreaLevel::City => "city",
            AreaLevel::Town => "town",
            AreaLevel::Village => "village",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.as_str() == s)
    }
}

/// An administrative area (行政区域).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": 4, "parent_id": 1, "level": "town", "name": "金港镇", "code": "320582104",
    "created_at": "2026-11-28T08:00:00Z", "updated_at": "2026-11-28T08:00:00Z"
})))]
pub struct Area {
    pub id: i64,
    /// The enclosing area; `null` for the city.
    pub parent_id: Option<i64>,
    pub level: AreaLevel,
    pub name: String,
    /// The official administrative division code, when known.
    pub code: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// An area with its descendants (`GET /api/v1/areas/{id}/tree`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": 17, "parent_id": 1, "level": "town", "name": "金港镇", "code": "320582102",
    "children": [{"id": 18, "parent_id": 17, "level": "village", "name": "金都社区", "code": null, "children": []}]
})))]
pub struct AreaNode {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub level: AreaLevel,
    pub name: String,
    pub code: Option<String>,
    #[cfg_attr(feature = "openapi", schema(no_recursion))]
    pub children: Vec<AreaNode>,
}

/// A new area. A city has no parent; a town's parent is a city; a village's is a town.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"parent_id": 4, "level": "village", "name": "金都社区"})))]
#[serde(deny_unknown_fields)]
pub struct NewArea {
    pub parent_id: Option<i64>,
    pub level: AreaLevel,
    pub name: String,
    #[serde(default)]
    pub code: Option<String>,
}

/// Changes to an area; absent fields stay as they are. An area does not move in the tree.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"name": "金港街道"})))]
#[serde(deny_unknown_fields)]
pub struct AreaPatch {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub code: Option<String>,
}

crate::stored_as_text!(AreaLevel);
