//! The figures of the needs and resources lists (三清单) in `GET /api/v1/stats`.

use serde::{Deserialize, Serialize};

use crate::{AreaLevel, NeedChannel, NeedStatus};

/// The needs list and the resources list in figures: needs by category, channel, state and
/// town; how long needs wait for a decision and for fulfilment; the residents activities
/// served; and the allocations (下沉) made from resources, by the resource's level and topic.
/// Every need recorded counts in the breakdowns, merged ones included (each was an intake).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "needs": 6, "supporters": 11,
    "needs_by_category": [{"category": "知识讲座", "count": 3}, {"category": "便民服务", "count": 2}, {"category": "看病就医", "count": 1}],
    "needs_by_channel": [{"channel": "cadre_visit", "count": 2}, {"channel": "web", "count": 1}, {"channel": "wechat_group", "count": 3}],
    "needs_by_status": [{"status": "accepted", "count": 1}, {"status": "fulfilled", "count": 3}, {"status": "merged", "count": 1}, {"status": "submitted", "count": 1}],
    "needs_by_town": [{"town_id": 17, "town": "金港镇", "count": 6}],
    "median_hours_to_decision": 52.5, "median_hours_to_fulfilment": 318.0,
    "residents_served": 8000, "residents_served_for_needs": 420,
    "allocations_by_level": [{"level": "city", "allocations": 2, "quantity": 5}, {"level": "village", "allocations": 1, "quantity": 4}],
    "allocations_by_topic": [{"topic": "政策解读", "allocations": 2, "quantity": 5}, {"topic": "法律维权", "allocations": 2, "quantity": 5}, {"topic": "健康", "allocations": 1, "quantity": 4}]
})))]
pub struct ListsStats {
    /// Needs recorded.
    pub needs: i64,
    /// Residents behind the needs that stand on their own (a merged need's supporters count
    /// in the need it joined).
    pub supporters: i64,
    /// Needs by category, in the vocabulary's order.
    pub needs_by_category: Vec<crate::CategoryCount>,
    pub needs_by_channel: Vec<ChannelCount>,
    pub needs_by_status: Vec<NeedStatusCount>,
    /// Needs by the town (镇 / 街道) their village is in.
    pub needs_by_town: Vec<TownCount>,
    /// Median hours from intake to the review's decision (accepted or rejected); `null`
    /// before any decision.
    pub median_hours_to_decision: Option<f64>,
    /// Median hours from intake to fulfilment; `null` before any need is fulfilled.
    pub median_hours_to_fulfilment: Option<f64>,
    /// Residents served (参与群众人次) by finished activities.
    pub residents_served: i64,
    /// …of them, by activities run for a need.
    pub residents_served_for_needs: i64,
    /// Allocations by the level of the resource allocated (units differ between resources:
    /// `quantity` adds them up as recorded).
    pub allocations_by_level: Vec<LevelAllocations>,
    /// Allocations by the topics of the resource allocated (an allocation counts under each
    /// of its resource's topics), most first.
    pub allocations_by_topic: Vec<TopicAllocations>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChannelCount {
    pub channel: NeedChannel,
    pub count: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NeedStatusCount {
    pub status: NeedStatus,
    pub count: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TownCount {
    /// `null` for needs recorded above the town level.
    pub town_id: Option<i64>,
    pub town: String,
    pub count: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LevelAllocations {
    pub level: AreaLevel,
    pub allocations: i64,
    pub quantity: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TopicAllocations {
    pub topic: String,
    pub allocations: i64,
    pub quantity: i64,
}

/// `GET /api/v1/stats` read for its lists only (the SPA's reports page).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct StatsLists {
    #[serde(default)]
    pub lists: ListsStats,
}
