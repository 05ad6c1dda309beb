//! 礼遇: star levels, the points ledger, the courtesy catalogue, vouchers and honours.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// How stars and points are earned (platform-wide, set by a platform admin).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "star_thresholds_hours": [100, 300, 600, 1000, 1500], "points_per_hour": 10,
    "cap_per_activity": 80, "leader_entry_earns": true, "expire_on": "12-31"
})))]
pub struct RewardRules {
    /// Verified hours for ★1, ★2, … (strictly rising).
    pub star_thresholds_hours: Vec<u32>,
    /// Points per verified hour (whole points, rounded down per record).
    pub points_per_hour: u32,
    /// Most points one volunteer earns for one activity; none when absent.
    pub cap_per_activity: Option<u32>,
    /// Whether hours entered by a leader (not checked in) earn points.
    pub leader_entry_earns: bool,
    /// The yearly day (`MM-DD`) when points credited before that year expire; never when absent.
    pub expire_on: Option<String>,
}

impl Default for RewardRules {
    fn default() -> Self {
        RewardRules {
            star_thresholds_hours: vec![100, 300, 600, 1000, 1500],
            points_per_hour: 10,
            cap_per_activity: None,
            leader_entry_earns: true,
            expire_on: None,
        }
    }
}

/// When a volunteer's star level changed, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StarChange {
    pub from_level: u8,
    pub to_level: u8,
    /// Verified hours after the change.
    pub hours: f64,
    /// The record whose verification or correction caused it.
    pub record_id: Option<i64>,
    pub at: DateTime<Utc>,
}

/// When a level was (last) reached.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StarReached {
    pub level: u8,
    pub reached_at: DateTime<Utc>,
}

/// A volunteer's star level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "volunteer_id": 42, "level": 1, "hours": 120.5, "next_level": 2, "hours_to_next": 179.5,
    "thresholds_hours": [100, 300, 600, 1000, 1500],
    "reached": [{"level": 1, "reached_at": "2026-05-01T08:00:00Z"}],
    "history": [{"from_level": 0, "to_level": 1, "hours": 101.0, "record_id": 9001, "at": "2026-05-01T08:00:00Z"}]
})))]
pub struct StarLevel {
    pub volunteer_id: i64,
    /// 0 (none yet) to 5.
    pub level: u8,
    /// Verified hours, corrections applied.
    pub hours: f64,
    pub next_level: Option<u8>,
    pub hours_to_next: Option<f64>,
    pub thresholds_hours: Vec<u32>,
    /// Each level held now, with the time it was last reached.
    pub reached: Vec<StarReached>,
    /// Every change, oldest first (a correction can lower the level).
    pub history: Vec<StarChange>,
}

crate::string_enum!(
    /// What moved points.
    PointsKind {
        /// Credited for a verified service record.
        Earn = "earn",
        /// Spent on a courtesy.
        Redeem = "redeem",
        /// Returned when a voucher is cancelled.
        Refund = "refund",
        /// Set by an admin with a reason, or taken back when a record is corrected.
        Adjust = "adjust",
        /// Lapsed at the yearly expiry.
        Expire = "expire",
    }
);

/// One ledger entry. Entries are never changed or deleted; the balance is their sum.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PointsEntry {
    pub id: i64,
    pub volunteer_id: i64,
    pub kind: PointsKind,
    /// Signed: credits positive, debits negative.
    pub points: i64,
    /// What caused it, e.g. `earn:record:9001`, `redeem:voucher:12`.
    pub event: String,
    pub reason: Option<String>,
    pub record_id: Option<i64>,
    pub voucher_id: Option<i64>,
    pub created_by: Option<i64>,
    pub created_at: DateTime<Utc>,
}

/// A volunteer's points: the balance and the newest entries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PointsAccount {
    pub volunteer_id: i64,
    pub balance: i64,
    /// All points ever credited by service.
    pub earned: i64,
    /// Newest first, up to 200.
    pub entries: Vec<PointsEntry>,
}

/// An admin's adjustment of a volunteer's points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"points": -20, "reason": "重复登记的时长"})))]
pub struct NewPointsAdjustment {
    /// Signed, not zero; the balance may not go below zero.
    pub points: i64,
    pub reason: String,
}

crate::string_enum!(
    /// The kind of courtesy (礼遇).
    RewardKind {
        /// 星级认定 and other recognition.
        Recognition = "recognition",
        /// 荣誉授予.
        Honour = "honour",
        /// 免费保险.
        Insurance = "insurance",
        /// 享受服务: free entry, priority at a library…
        Service = "service",
        /// 兑换物资, with stock.
        Goods = "goods",
        /// 培训.
        Training = "training",
    }
);

/// A courtesy in the catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": 3, "kind": "goods", "name": "志愿者文化衫", "description": "凭券到市志愿服务总队领取",
    "provider": "市志愿服务总队", "provider_user_id": 7, "min_star": 1, "min_recent_hours": null,
    "team_kind": null, "min_age": null, "cost_points": 200, "per_person_limit": 1, "stock": 48,
    "valid_from": "2026-01-01", "valid_until": "2026-12-31", "voucher_days": 30, "active": true,
    "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"
})))]
pub struct Reward {
    pub id: i64,
    pub kind: RewardKind,
    pub name: String,
    pub description: Option<String>,
    /// Who provides it (a library, a scenic spot, the corps…).
    pub provider: String,
    /// The provider's account, which redeems its vouchers.
    pub provider_user_id: Option<i64>,
    pub min_star: Option<u8>,
    pub min_recent_hours: Option<u32>,
    /// Only members of a team of this kind.
    pub team_kind: Option<String>,
    pub min_age: Option<u32>,
    pub cost_points: i64,
    /// Vouchers one volunteer may hold (issued or redeemed); no limit when absent.
    pub per_person_limit: Option<u32>,
    /// Left in stock; unlimited when absent.
    pub stock: Option<i64>,
    pub valid_from: Option<NaiveDate>,
    pub valid_until: Option<NaiveDate>,
    /// Days a voucher stays valid after it is issued.
    pub voucher_days: u32,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A new courtesy (platform admin).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "kind": "goods", "name": "志愿者文化衫", "provider": "市志愿服务总队", "cost_points": 200,
    "per_person_limit": 1, "stock": 50, "min_star": 1, "voucher_days": 30
})))]
pub struct NewReward {
    pub kind: RewardKind,
    pub name: String,
    pub description: Option<String>,
    pub provider: String,
    pub provider_user_id: Option<i64>,
    pub min_star: Option<u8>,
    pub min_recent_hours: Option<u32>,
    pub team_kind: Option<String>,
    pub min_age: Option<u32>,
    #[serde(default)]
    pub cost_points: i64,
    pub per_person_limit: Option<u32>,
    pub stock: Option<i64>,
    pub valid_from: Option<NaiveDate>,
    pub valid_until: Option<NaiveDate>,
    /// Default 30.
    pub voucher_days: Option<u32>,
}

/// Changes to a courtesy; absent fields stay. `stock_delta` restocks (or withdraws) atomically.
/// The qualification (`min_star`, `min_recent_hours`, `min_age`) is lifted by sending 0.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"stock_delta": 20, "active": true, "min_star": 2})))]
pub struct RewardPatch {
    pub name: Option<String>,
    pub description: Option<String>,
    pub provider: Option<String>,
    pub provider_user_id: Option<i64>,
    pub cost_points: Option<i64>,
    pub per_person_limit: Option<u32>,
    pub stock_delta: Option<i64>,
    pub valid_until: Option<NaiveDate>,
    pub active: Option<bool>,
    /// The star level needed (1–5); 0 lifts the requirement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_star: Option<u8>,
    /// Verified hours needed over the last year; 0 lifts the requirement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_recent_hours: Option<u32>,
    /// The age needed; 0 lifts the requirement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_age: Option<u32>,
    /// Days a voucher stays valid after it is issued (1–3660).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voucher_days: Option<u32>,
}

crate::string_enum!(
    /// Where a voucher stands.
    VoucherStatus {
        Issued = "issued",
        Redeemed = "redeemed",
        Cancelled = "cancelled",
        /// Issued but past its expiry, unredeemed.
        Expired = "expired",
    }
);

/// A voucher for a redeemed courtesy: shown as a QR code, redeemed once by the provider.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": 12, "code": "7KQ3-MX9P-T2WD", "qr_text": "youai:voucher:7KQ3-MX9P-T2WD",
    "reward_id": 3, "reward_name": "志愿者文化衫", "reward_kind": "goods", "provider": "市志愿服务总队",
    "volunteer_id": 42, "points": 200, "status": "issued", "expires_at": "2026-12-29T00:00:00Z",
    "created_at": "2026-11-29T08:00:00Z", "redeemed_at": null, "cancelled_at": null
})))]
pub struct Voucher {
    pub id: i64,
    pub code: String,
    /// What the QR code encodes.
    pub qr_text: String,
    pub reward_id: i64,
    pub reward_name: String,
    pub reward_kind: RewardKind,
    pub provider: String,
    pub volunteer_id: i64,
    /// Points it cost (returned if cancelled).
    pub points: i64,
    pub status: VoucherStatus,
    pub expires_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub redeemed_at: Option<DateTime<Utc>>,
    pub cancelled_at: Option<DateTime<Utc>>,
}

/// An honour (荣誉) awarded to a volunteer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": 5, "volunteer_id": 42, "title": "张家港市优秀志愿者", "citation": "常年坚持理论宣讲进村入户",
    "awarded_on": "2026-03-05", "awarded_by": 1, "created_at": "2026-03-05T02:00:00Z"
})))]
pub struct Honour {
    pub id: i64,
    pub volunteer_id: i64,
    pub title: String,
    pub citation: String,
    pub awarded_on: NaiveDate,
    pub awarded_by: Option<i64>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "title": "张家港市优秀志愿者", "citation": "常年坚持理论宣讲进村入户", "awarded_on": "2026-03-05"
})))]
pub struct NewHonour {
    pub title: String,
    pub citation: String,
    pub awarded_on: NaiveDate,
}

/// Courtesies enjoyed of one kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RewardKindCount {
    pub kind: RewardKind,
    pub count: i64,
}
