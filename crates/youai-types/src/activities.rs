//! 友爱港城: service projects, release batches, activities and sign-ups.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

crate::string_enum!(
    /// A project's review state: draft → in_review → published → closed (rejection returns it to draft).
    ProjectStatus { Draft = "draft", InReview = "in_review", Published = "published", Closed = "closed" }
);

crate::string_enum!(
    /// A project review step.
    ProjectAction { Submit = "submit", Approve = "approve", Reject = "reject", Close = "close" }
);

crate::string_enum!(
    /// draft → recruiting ⇄ full → ongoing → finished, or cancelled.
    ActivityStatus {
        Draft = "draft",
        Recruiting = "recruiting",
        Full = "full",
        Ongoing = "ongoing",
        Finished = "finished",
        Cancelled = "cancelled",
    }
);

crate::string_enum!(
    /// An activity step by its team.
    ActivityAction { Publish = "publish", Cancel = "cancel", Start = "start", Finish = "finish" }
);

crate::string_enum!(
    /// applied → accepted | waitlisted | rejected → checked_in → checked_out | no_show; or cancelled.
    SignUpStatus {
        Applied = "applied",
        Accepted = "accepted",
        Waitlisted = "waitlisted",
        Rejected = "rejected",
        Cancelled = "cancelled",
        CheckedIn = "checked_in",
        CheckedOut = "checked_out",
        NoShow = "no_show",
    }
);

crate::string_enum!(
    /// How risky an activity is (insurance and minimum-age decisions follow it).
    RiskLevel { Low = "low", Medium = "medium", High = "high" }
);

/// A numbered release of published projects ("2018年11月 首批").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"id": 1, "name": "2018年11月 首批", "name_en": "First batch, November 2018", "released_on": "2018-11-20", "project_count": 290})))]
pub struct ProjectBatch {
    pub id: i64,
    pub name: String,
    /// The English name (null: none given).
    #[serde(default)]
    pub name_en: Option<String>,
    pub released_on: NaiveDate,
    /// Published projects in the batch.
    pub project_count: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"name": "2026年12月 第九批", "name_en": "Batch 9, December 2026", "released_on": "2026-12-01"})))]
#[serde(deny_unknown_fields)]
pub struct NewProjectBatch {
    pub name: String,
    /// The English name, up to 60 characters.
    #[serde(default)]
    pub name_en: Option<String>,
    pub released_on: NaiveDate,
}

/// A service project (服务项目).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": 5, "title": "百姓名嘴进村宣讲", "description": "用群众听得懂的话讲政策", "category": "理论宣讲",
    "target_groups": ["农村群众", "老年人"], "level": "town", "area_id": 17, "owner_team_id": 14, "owner_agency": null, "owner_agency_id": null,
    "status": "published", "batch_id": 1, "review_reason": null, "published_at": "2026-11-28T08:00:00Z",
    "created_at": "2026-11-20T08:00:00Z", "updated_at": "2026-11-28T08:00:00Z"
})))]
pub struct Project {
    pub id: i64,
    pub title: String,
    pub description: Option<String>,
    pub category: String,
    /// 农村群众, 企业职工, 社区居民, 新市民, 老年人, 未成年人
    pub target_groups: Vec<String>,
    pub level: crate::AreaLevel,
    pub area_id: i64,
    pub owner_team_id: Option<i64>,
    /// The owning agency's name (or a free text for an agency not registered).
    pub owner_agency: Option<String>,
    /// The registered agency it is published in the name of.
    #[serde(default)]
    pub owner_agency_id: Option<i64>,
    pub status: ProjectStatus,
    pub batch_id: Option<i64>,
    /// Why the last review sent it back.
    pub review_reason: Option<String>,
    pub published_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "title": "百姓名嘴进村宣讲", "category": "理论宣讲", "target_groups": ["农村群众"], "level": "town",
    "area_id": 17, "owner_team_id": 14
})))]
#[serde(deny_unknown_fields)]
pub struct NewProject {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    pub category: String,
    #[serde(default)]
    pub target_groups: Vec<String>,
    pub level: crate::AreaLevel,
    pub area_id: i64,
    /// The owning team (its leaders run the project); or `owner_agency_id` (or the free-text
    /// `owner_agency`) for an agency.
    #[serde(default)]
    pub owner_team_id: Option<i64>,
    #[serde(default)]
    pub owner_agency: Option<String>,
    /// A registered agency: its operators draft and submit the project, which carries the
    /// agency's name as `owner_agency`.
    #[serde(default)]
    pub owner_agency_id: Option<i64>,
}

/// A review step: `submit` (owner), `approve` into a batch or `reject` with a reason (an
/// admin of the area), `close`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"action": "approve", "batch_id": 1})))]
#[serde(deny_unknown_fields)]
pub struct NewProjectReview {
    pub action: ProjectAction,
    #[serde(default)]
    pub reason: Option<String>,
    /// For `approve`: the release batch it is published in.
    #[serde(default)]
    pub batch_id: Option<i64>,
}

/// An activity (活动): one scheduled run of a project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": 40, "project_id": 5, "team_id": 14, "title": "金都社区政策宣讲", "description": null,
    "start_at": "2026-12-05T01:00:00Z", "end_at": "2026-12-05T03:00:00Z", "signup_deadline": "2026-12-04T12:00:00Z",
    "venue_id": 9, "area_id": 18, "address": "金都社区新时代文明实践站", "latitude": 31.96, "longitude": 120.40,
    "checkin_radius_m": 500, "quota": 10, "skill_ids": [], "min_age": 16, "risk_level": "low",
    "auto_accept": true, "auto_verify": false, "status": "recruiting", "cancel_reason": null,
    "accepted": 4, "free_places": 6, "category": "理论宣讲", "distance_m": null
})))]
pub struct Activity {
    pub id: i64,
    pub project_id: i64,
    pub team_id: i64,
    pub title: String,
    pub description: Option<String>,
    pub start_at: DateTime<Utc>,
    pub end_at: DateTime<Utc>,
    pub signup_deadline: DateTime<Utc>,
    pub venue_id: Option<i64>,
    pub area_id: i64,
    pub address: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// Self check-in must be within this distance.
    pub checkin_radius_m: i32,
    pub quota: i32,
    pub skill_ids: Vec<i64>,
    pub min_age: i32,
    pub risk_level: RiskLevel,
    /// Sign-ups are accepted (or waitlisted) at once; otherwise a leader decides.
    pub auto_accept: bool,
    /// Hours are verified at check-out without a leader.
    pub auto_verify: bool,
    pub status: ActivityStatus,
    pub cancel_reason: Option<String>,
    pub accepted: i32,
    /// Places still to take: none once the activity is under way, finished or cancelled.
    pub free_places: i32,
    /// The project's category.
    pub category: Option<String>,
    /// From the `near` point, when asked.
    pub distance_m: Option<f64>,
    /// The resident need it is run for (需求对接), if any.
    #[serde(default)]
    pub need_id: Option<i64>,
    /// Residents served (参与群众人次), recorded when it finished.
    #[serde(default)]
    pub residents_served: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "project_id": 5, "title": "金都社区政策宣讲", "start_at": "2026-12-05T01:00:00Z", "end_at": "2026-12-05T03:00:00Z",
    "signup_deadline": "2026-12-04T12:00:00Z", "venue_id": 9, "quota": 10, "min_age": 16
})))]
#[serde(deny_unknown_fields)]
pub struct NewActivity {
    pub project_id: i64,
    /// Defaults to the project's owning team.
    #[serde(default)]
    pub team_id: Option<i64>,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    pub start_at: DateTime<Utc>,
    pub end_at: DateTime<Utc>,
    pub signup_deadline: DateTime<Utc>,
    /// A venue (its area, address and coordinates are used), or an address with an area.
    #[serde(default)]
    pub venue_id: Option<i64>,
    #[serde(default)]
    pub area_id: Option<i64>,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub latitude: Option<f64>,
    #[serde(default)]
    pub longitude: Option<f64>,
    #[serde(default)]
    pub checkin_radius_m: Option<i32>,
    pub quota: i32,
    #[serde(default)]
    pub skill_ids: Vec<i64>,
    #[serde(default)]
    pub min_age: Option<i32>,
    #[serde(default)]
    pub risk_level: Option<RiskLevel>,
    #[serde(default)]
    pub auto_accept: Option<bool>,
    #[serde(default)]
    pub auto_verify: Option<bool>,
    /// A need this activity is run for: matched to the project (linked to it) and not yet
    /// fulfilled. The need follows the activity: in service once it is published, fulfilled
    /// once it finishes.
    #[serde(default)]
    pub need_id: Option<i64>,
}

/// A step in an activity's life: `publish`, `cancel` (with a reason), `start`, `finish` (with
/// the residents served, 参与群众人次).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"action": "finish", "residents_served": 45})))]
#[serde(deny_unknown_fields)]
pub struct NewActivityTransition {
    pub action: ActivityAction,
    #[serde(default)]
    pub reason: Option<String>,
    /// Only with `finish`: how many residents the activity served (0–100000).
    #[serde(default)]
    pub residents_served: Option<i32>,
}

/// Moving an activity that has not started (改期、改地点): absent fields stay as they are. Its
/// volunteers hear of it, and its pending reminders move with it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "start_at": "2026-12-06T01:00:00Z", "end_at": "2026-12-06T03:00:00Z", "address": "金都社区党群服务中心二楼"
})))]
#[serde(deny_unknown_fields)]
pub struct ActivityPatch {
    #[serde(default)]
    pub start_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub end_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub signup_deadline: Option<DateTime<Utc>>,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub latitude: Option<f64>,
    #[serde(default)]
    pub longitude: Option<f64>,
}

/// A volunteer's sign-up for an activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": 301, "activity_id": 40, "volunteer_id": 12, "volunteer_name": "陈志愿", "status": "accepted",
    "checked_in_at": null, "checked_out_at": null, "created_at": "2026-11-28T08:00:00Z"
})))]
pub struct SignUp {
    pub id: i64,
    pub activity_id: i64,
    pub volunteer_id: i64,
    pub volunteer_name: String,
    pub status: SignUpStatus,
    pub checked_in_at: Option<DateTime<Utc>>,
    pub checked_out_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// A leader's or the volunteer's step on a sign-up: `accepted`/`rejected` (leader, from
/// applied), `cancelled` (the volunteer, before the start), `no_show` (the team, after the end).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"status": "cancelled"})))]
#[serde(deny_unknown_fields)]
pub struct SignUpStatusChange {
    pub status: SignUpStatus,
}

crate::string_enum!(
    /// How a check-in or check-out was made.
    CheckMethod {
        /// A leader or the venue's kiosk scanned the volunteer's rotating QR token (or a leader
        /// typed the six digits shown under it).
        Qr = "qr",
        /// A leader checked the volunteer in or out by hand.
        Leader = "leader",
        /// The volunteer, with coordinates inside the activity's radius.
        SelfService = "self",
    }
);

/// The volunteer's current check-in QR token: it rotates every 30 s and is valid for 60 s.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"token": "v1.12.59836360.pfEsewyfVLjKrP2BwmdpAA", "short_code": "016141", "valid_for_seconds": 48, "rotates_in_seconds": 18})))]
pub struct CheckInToken {
    /// What the QR code holds.
    pub token: String,
    /// Six digits shown under the QR code, rotating with it, for a leader to type when the
    /// code cannot be scanned (`code` in a check-in).
    pub short_code: String,
    /// Seconds until it stops being accepted.
    pub valid_for_seconds: i64,
    /// Seconds until the next token should be shown.
    pub rotates_in_seconds: i64,
}

/// Check a volunteer in or out of an activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"method": "qr", "token": "v1.12.59836360.pfEsewyfVLjKrP2BwmdpAA"})))]
#[serde(deny_unknown_fields)]
pub struct CheckRequest {
    pub method: CheckMethod,
    /// For `qr`: the scanned token.
    #[serde(default)]
    pub token: Option<String>,
    /// For `qr` without a token: the six digits typed from under the volunteer's QR code
    /// (tried against this activity's expected volunteers only).
    #[serde(default)]
    pub code: Option<String>,
    /// For `leader`: whom.
    #[serde(default)]
    pub volunteer_id: Option<i64>,
    /// For `self`: where the volunteer is.
    #[serde(default)]
    pub latitude: Option<f64>,
    #[serde(default)]
    pub longitude: Option<f64>,
}

crate::string_enum!(
    /// Where a service record came from.
    RecordSource { CheckIn = "check_in", LeaderEntry = "leader_entry", Import = "import" }
);

crate::string_enum!(
    /// pending → verified | disputed.
    RecordStatus { Pending = "pending", Verified = "verified", Disputed = "disputed" }
);

/// Hours a volunteer served (服务记录), in quarter hours.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": 77, "volunteer_id": 12, "activity_id": 40, "team_id": 14, "hours": 1.75, "source": "check_in",
    "status": "verified", "corrects_id": null, "reason": null, "category": "理论宣讲", "served_on": "2026-12-05",
    "verified_at": "2026-12-05T04:00:00Z", "created_at": "2026-12-05T03:05:00Z", "superseded": false
})))]
pub struct ServiceRecord {
    pub id: i64,
    pub volunteer_id: i64,
    pub activity_id: Option<i64>,
    pub team_id: Option<i64>,
    /// A multiple of 0.25.
    pub hours: f64,
    pub source: RecordSource,
    pub status: RecordStatus,
    /// The record this one corrects.
    pub corrects_id: Option<i64>,
    pub reason: Option<String>,
    pub category: Option<String>,
    pub served_on: NaiveDate,
    pub verified_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    /// A verified correction replaced it: it no longer counts.
    pub superseded: bool,
    /// The volunteer's name (in the verification queue and histories).
    #[serde(default)]
    pub volunteer_name: Option<String>,
    /// The activity's title.
    #[serde(default)]
    pub activity_title: Option<String>,
}

/// Hours entered by a leader for a volunteer who served at an activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"volunteer_id": 12, "activity_id": 40, "hours": 2.0})))]
#[serde(deny_unknown_fields)]
pub struct NewServiceRecord {
    pub volunteer_id: i64,
    pub activity_id: i64,
    /// A multiple of 0.25, at most the activity's length.
    pub hours: f64,
}

/// A leader's verdict on a pending record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"status": "verified"})))]
#[serde(deny_unknown_fields)]
pub struct RecordDecision {
    /// `verified` or `disputed`.
    pub status: RecordStatus,
}

/// A correction of a verified record: a new record pointing at it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"hours": 1.5, "reason": "签退时间登记有误"})))]
#[serde(deny_unknown_fields)]
pub struct NewCorrection {
    pub hours: f64,
    pub reason: String,
}

/// Hours under one key (a year, a team, a category).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HoursBy {
    pub key: String,
    pub hours: f64,
}

/// A volunteer's service history and verified totals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceHistory {
    pub records: Vec<ServiceRecord>,
    /// Verified hours, corrections applied.
    pub total_hours: f64,
    pub by_year: Vec<HoursBy>,
    pub by_team: Vec<HoursBy>,
    pub by_category: Vec<HoursBy>,
}

/// What a certificate's verification code proves: what was certified, and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "code": "7KQ3-MX9P-T2WD", "volunteer_name": "王*英", "volunteer_number": "ZJG2026000123",
    "total_hours": 123.25, "records": 17, "first_served": "2019-03-01", "last_served": "2026-11-20",
    "issued_on": "2026-11-29", "issuer": "张家港市新时代文明实践志愿服务总队", "current": true
})))]
pub struct CertificateCheck {
    pub code: String,
    /// The name with all but its first and last characters masked.
    pub volunteer_name: String,
    pub volunteer_number: String,
    pub total_hours: f64,
    /// Verified service records counted.
    pub records: i64,
    pub first_served: Option<NaiveDate>,
    pub last_served: Option<NaiveDate>,
    pub issued_on: NaiveDate,
    pub issuer: String,
    /// Whether the volunteer's verified totals are still what was certified (a later record
    /// or correction makes an older certificate out of date, not false).
    pub current: bool,
}

/// The form of a certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CertificateFormat {
    /// A printable page (text/html).
    #[default]
    Html,
    /// A one-page A4 PDF with the font embedded (application/pdf).
    Pdf,
}

/// What a venue's scanner sends: the volunteer's rotating token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"token": "v1.42.59360512.3q2-7w"})))]
#[serde(deny_unknown_fields)]
pub struct VenueScan {
    pub token: String,
}

/// What a scan at a venue did: checked the volunteer in, or out with a service record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VenueScanResult {
    /// `check_in` or `check_out`.
    pub action: String,
    pub activity_id: i64,
    pub activity_title: String,
    pub volunteer_name: String,
    pub sign_up: Option<SignUp>,
    pub record: Option<ServiceRecord>,
}

/// One of my sign-ups, with its activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MySignUp {
    pub id: i64,
    pub activity_id: i64,
    pub activity_title: String,
    pub activity_status: ActivityStatus,
    pub start_at: DateTime<Utc>,
    pub end_at: DateTime<Utc>,
    pub address: String,
    pub venue_id: Option<i64>,
    pub status: SignUpStatus,
    pub checked_in_at: Option<DateTime<Utc>>,
    pub checked_out_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}
