//! The needs list (群众需求清单): the wire types of needs, their intake, triage, merging,
//! evaluation and categories.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{NeedChannel, NeedEventKind, NeedReviewAction, NeedStatus};

/// Who to call about a need: shown only to staff in the need's scope and to its submitter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"name": "王阿姨", "phone": "13912345678"})))]
pub struct NeedContact {
    pub name: Option<String>,
    pub phone: Option<String>,
}

/// A need (群众需求). The public sees it anonymised: no contact, no submitter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": 12, "code": "XQ7K3M9P", "title": "小区路灯坏了需要维修", "description": "3 号楼前两盏路灯不亮，老人晚上出门不便",
    "category_id": 4, "category": "便民服务", "category_en": "Services", "area_id": 31, "area": "金都社区",
    "people_affected": 40, "target_group": "社区居民", "channel": "web", "status": "accepted", "supporters": 3,
    "urgency_rank": 1, "reject_reason": null, "merged_into": null, "rating": null, "rating_comment": null,
    "contact": {"name": "王阿姨", "phone": "13912345678"}, "mine": false,
    "decided_at": "2026-11-30T02:00:00Z", "fulfilled_at": null,
    "created_at": "2026-11-29T08:00:00Z", "updated_at": "2026-11-30T02:00:00Z"
})))]
pub struct Need {
    pub id: i64,
    /// The short public code to follow the need by.
    pub code: String,
    pub title: String,
    pub description: Option<String>,
    pub category_id: i64,
    /// The category's Chinese name.
    pub category: String,
    pub category_en: Option<String>,
    /// The village (or community) the need is in.
    pub area_id: i64,
    pub area: String,
    pub people_affected: i32,
    pub target_group: Option<String>,
    pub channel: NeedChannel,
    pub status: NeedStatus,
    /// How many residents asked for it (grows when duplicates are merged into it).
    pub supporters: i32,
    /// 1 = most urgent among the area's accepted needs.
    pub urgency_rank: Option<i32>,
    /// Why it was rejected (shown to the submitter and the public).
    pub reject_reason: Option<String>,
    /// The need it was merged into.
    pub merged_into: Option<i64>,
    /// The submitter's rating once fulfilled, 1–5.
    pub rating: Option<i32>,
    pub rating_comment: Option<String>,
    /// Only for staff in scope and the submitter.
    pub contact: Option<NeedContact>,
    /// The caller submitted it.
    pub mine: bool,
    pub decided_at: Option<DateTime<Utc>>,
    pub fulfilled_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A need to submit (a resident's own) or to record on a resident's behalf (staff and grid
/// workers in the village's scope).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "title": "小区路灯坏了需要维修", "description": "3 号楼前两盏路灯不亮", "category_id": 4, "area_id": 31,
    "people_affected": 40, "target_group": "社区居民", "channel": "web"
})))]
#[serde(deny_unknown_fields)]
pub struct NewNeed {
    /// 2–100 characters.
    pub title: String,
    /// Up to 2,000 characters.
    #[serde(default)]
    pub description: Option<String>,
    pub category_id: i64,
    /// A village-level area.
    pub area_id: i64,
    /// At least 1 (default 1).
    #[serde(default = "one")]
    pub people_affected: i32,
    /// One of the target groups of `/vocabularies`.
    #[serde(default)]
    pub target_group: Option<String>,
    /// Default `web`. `cadre_visit`, `volunteer_visit`, `grid_worker`, `wechat_group` and
    /// `qq_group` are recorded on a resident's behalf (staff or grid workers in scope only).
    #[serde(default)]
    pub channel: Option<NeedChannel>,
    /// Record on a resident's behalf with any channel (staff or grid workers in scope only).
    #[serde(default)]
    pub on_behalf: bool,
    /// The resident's name; defaults to the submitter's own (required on behalf).
    #[serde(default)]
    pub contact_name: Option<String>,
    /// A mainland mobile number; defaults to the submitter's own.
    #[serde(default)]
    pub contact_phone: Option<String>,
}

fn one() -> i32 {
    1
}

/// An open need like the one being submitted, proposed so the resident can support it instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": 9, "code": "XQ4H8N2R", "title": "小区路灯不亮", "status": "under_review", "supporters": 5, "similarity": 62
})))]
pub struct SimilarNeed {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub status: NeedStatus,
    pub supporters: i32,
    /// Percent, 0–100 (character-bigram Dice coefficient of title and description).
    pub similarity: u8,
}

/// A need just submitted, with the similar open needs of its village.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NeedIntake {
    pub need: Need,
    pub similar: Vec<SimilarNeed>,
}

/// A triage step (`POST /needs/{id}/review`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "action": "accept", "reviewers": ["李书记", "居民代表张大爷", "志愿者小陈"], "rank": 1
})))]
#[serde(deny_unknown_fields)]
pub struct NeedReview {
    pub action: NeedReviewAction,
    /// Required to reject (shown to the submitter), up to 200 characters.
    #[serde(default)]
    pub reason: Option<String>,
    /// The names of the review group present (cadres, resident representatives, volunteers).
    #[serde(default)]
    pub reviewers: Vec<String>,
    /// For `rank` (required) and `accept` (optional; default: the bottom of the list).
    #[serde(default)]
    pub rank: Option<i32>,
}

/// Merge a duplicate into another open need of the same village.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"into": 9})))]
#[serde(deny_unknown_fields)]
pub struct NeedMerge {
    pub into: i64,
}

/// The submitter's rating of a fulfilled need (once).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"rating": 5, "comment": "路灯当天就修好了"})))]
#[serde(deny_unknown_fields)]
pub struct NeedEvaluation {
    /// 1–5.
    pub rating: i32,
    #[serde(default)]
    pub comment: Option<String>,
}

/// One step in a need's history, as the public may see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "kind": "review", "from_status": "under_review", "to_status": "rejected", "note": "不属于服务范围",
    "created_at": "2026-11-30T02:00:00Z"
})))]
pub struct NeedStep {
    pub kind: NeedEventKind,
    pub from_status: Option<NeedStatus>,
    pub to_status: Option<NeedStatus>,
    pub note: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// A need followed by its code: the need anonymised and its steps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NeedFollow {
    pub need: Need,
    pub steps: Vec<NeedStep>,
}

/// A needs category (需求类别): a managed vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": 8, "name": "看病就医", "name_en": "Medical care", "serves": ["医疗健康", "健康", "心理关爱"], "sort_order": 8
})))]
pub struct NeedCategory {
    pub id: i64,
    pub name: String,
    pub name_en: Option<String>,
    /// The project categories and resource topics that answer a need of this category.
    pub serves: Vec<String>,
    pub sort_order: i32,
}

/// A category to add (platform admins).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "name": "环境整治", "name_en": "Environment", "serves": ["生态环保"], "sort_order": 10
})))]
#[serde(deny_unknown_fields)]
pub struct NewNeedCategory {
    /// 2–20 characters, unique.
    pub name: String,
    #[serde(default)]
    pub name_en: Option<String>,
    #[serde(default)]
    pub serves: Vec<String>,
    /// Default: after the last.
    #[serde(default)]
    pub sort_order: Option<i32>,
}
