//! The corps (一队): skills, volunteers, teams, membership and recruitment.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A snake_case string enum with `ALL`, `as_str` and `parse`, for wire and storage.
#[macro_export]
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:tt),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[cfg_attr(feature = "diesel", derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow))]
        #[cfg_attr(feature = "diesel", diesel(sql_type = diesel::sql_types::Text))]
        pub enum $name {
            // The wire name is the stored name, always.
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            pub fn parse(s: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == s)
            }
        }

        $crate::stored_as_text!($name);
    };
}

string_enum!(
    /// 性别
    Gender { Male = "male", Female = "female" }
);

string_enum!(
    /// The kind of team in the corps tree.
    TeamKind {
        /// 市级总队: the root.
        CityCorps = "city_corps",
        /// 镇级支队: under the city corps.
        TownDetachment = "town_detachment",
        /// 行业支队 (理论宣讲, 科普宣传…): under the city corps.
        IndustryDetachment = "industry_detachment",
        /// 小分队: under an industry detachment.
        Squad = "squad",
        /// 村（社区）服务队: under a town detachment.
        CommunityTeam = "community_team",
        /// 其他实践点服务队: under a town detachment.
        PointTeam = "point_team",
        /// 社会志愿服务团队: registered by civil society, approved by an admin.
        SocialTeam = "social_team",
    }
);

string_enum!(
    /// Where a team stands in registration.
    TeamStatus { Pending = "pending", Approved = "approved", Rejected = "rejected", Suspended = "suspended" }
);

string_enum!(
    /// A member's role in a team.
    MemberRole { Leader = "leader", Member = "member" }
);

string_enum!(
    /// applied → active | declined; active → left | removed.
    MembershipStatus { Applied = "applied", Active = "active", Declined = "declined", Left = "left", Removed = "removed" }
);

/// A skill from the managed vocabulary (技能).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"id": 3, "code": "first_aid", "name": "应急救护", "name_en": "First aid"})))]
pub struct Skill {
    pub id: i64,
    pub code: String,
    pub name: String,
    /// The English name (null: none given).
    #[serde(default)]
    pub name_en: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"code": "sign_language", "name": "手语", "name_en": "Sign language"})))]
#[serde(deny_unknown_fields)]
pub struct NewSkill {
    /// snake_case ASCII, stable.
    pub code: String,
    pub name: String,
    /// The English name, up to 60 characters.
    #[serde(default)]
    pub name_en: Option<String>,
}

/// A weekly time slot a volunteer is available in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"weekday": 6, "start": "09:00", "end": "12:00"})))]
pub struct Slot {
    /// 1 = Monday … 7 = Sunday.
    pub weekday: u8,
    /// `HH:MM`
    pub start: String,
    /// `HH:MM`, after `start`.
    pub end: String,
}

/// A volunteer (志愿者). `id_number` is whole only for its owner and platform admins, masked for
/// other staff; `phone` and guardian details are shown to the owner and staff in scope only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": 12, "user_id": 5, "number": "ZJG00000012", "real_name": "陈志愿", "phone": "13912345678",
    "gender": "female", "birth_date": "1990-05-01", "age": 36, "area_id": 18,
    "skills": [{"id": 3, "code": "first_aid", "name": "应急救护"}],
    "availability": [{"weekday": 6, "start": "09:00", "end": "12:00"}],
    "id_number": "3205**********1234", "guardian_name": null, "guardian_phone": null,
    "created_at": "2026-11-28T08:00:00Z", "updated_at": "2026-11-28T08:00:00Z"
})))]
pub struct Volunteer {
    pub id: i64,
    /// The account, when the volunteer has one (imported volunteers may not yet).
    pub user_id: Option<i64>,
    /// 志愿者编号
    pub number: String,
    pub real_name: String,
    pub phone: String,
    pub gender: Gender,
    pub birth_date: NaiveDate,
    pub age: u32,
    /// Home area.
    pub area_id: i64,
    pub skills: Vec<Skill>,
    pub availability: Vec<Slot>,
    /// The resident ID number: whole for its owner and platform admins, masked otherwise.
    pub id_number: Option<String>,
    pub guardian_name: Option<String>,
    pub guardian_phone: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Complete your volunteer profile. The phone is your account's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "real_name": "陈志愿", "gender": "female", "birth_date": "1990-05-01", "area_id": 18,
    "skill_ids": [3], "availability": [{"weekday": 6, "start": "09:00", "end": "12:00"}],
    "id_number": "11010519491231002X"
})))]
#[serde(deny_unknown_fields)]
pub struct NewVolunteer {
    pub real_name: String,
    pub gender: Gender,
    pub birth_date: NaiveDate,
    pub area_id: i64,
    #[serde(default)]
    pub skill_ids: Vec<i64>,
    #[serde(default)]
    pub availability: Vec<Slot>,
    /// 18 characters (GB 11643); must agree with `birth_date` and `gender`.
    #[serde(default)]
    pub id_number: Option<String>,
    /// Required for volunteers aged 14–17.
    #[serde(default)]
    pub guardian_name: Option<String>,
    #[serde(default)]
    pub guardian_phone: Option<String>,
}

/// Changes to a volunteer profile; absent fields stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"skill_ids": [3, 5], "area_id": 18})))]
#[serde(deny_unknown_fields)]
pub struct VolunteerPatch {
    #[serde(default)]
    pub area_id: Option<i64>,
    #[serde(default)]
    pub skill_ids: Option<Vec<i64>>,
    #[serde(default)]
    pub availability: Option<Vec<Slot>>,
    #[serde(default)]
    pub guardian_name: Option<String>,
    #[serde(default)]
    pub guardian_phone: Option<String>,
}

/// A volunteer team (志愿服务队伍).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": 14, "parent_id": 1, "kind": "industry_detachment", "name": "理论宣讲行业支队", "area_id": 1,
    "specialty": "理论宣讲", "description": "宣讲党的创新理论", "contact_name": "王老师", "contact_phone": "13800001111",
    "logo_url": null, "status": "approved", "member_count": 86, "sub_team_count": 5,
    "created_at": "2026-11-28T08:00:00Z", "updated_at": "2026-11-28T08:00:00Z"
})))]
pub struct Team {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub kind: TeamKind,
    pub name: String,
    pub area_id: i64,
    /// 理论宣讲, 科普宣传, 技能培训, 心理关爱, 法律援助, 医疗健康, 文化文艺, 生态环保…
    pub specialty: Option<String>,
    pub description: Option<String>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub logo_url: Option<String>,
    pub status: TeamStatus,
    /// Active members.
    pub member_count: i64,
    /// Direct sub-teams.
    pub sub_team_count: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A new team. Admins create official teams (approved at once); anyone signed in may apply to
/// register a `social_team`, which starts `pending`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "kind": "social_team", "name": "港城蓝天救援队", "area_id": 17, "specialty": "应急救援",
    "description": "水域与山地救援", "contact_name": "刘队长", "contact_phone": "13900002222"
})))]
#[serde(deny_unknown_fields)]
pub struct NewTeam {
    #[serde(default)]
    pub parent_id: Option<i64>,
    pub kind: TeamKind,
    pub name: String,
    pub area_id: i64,
    #[serde(default)]
    pub specialty: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub contact_name: Option<String>,
    #[serde(default)]
    pub contact_phone: Option<String>,
    #[serde(default)]
    pub logo_url: Option<String>,
}

/// Changes to a team; absent fields stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"description": "每周六开展理论宣讲", "contact_phone": "13800003333"})))]
#[serde(deny_unknown_fields)]
pub struct TeamPatch {
    /// Moving a team re-checks the tree's shape (and refuses cycles).
    #[serde(default)]
    pub parent_id: Option<i64>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub specialty: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub contact_name: Option<String>,
    #[serde(default)]
    pub contact_phone: Option<String>,
    #[serde(default)]
    pub logo_url: Option<String>,
}

/// One decision in a team's registration history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": 2, "team_id": 1001, "action": "reject", "from_status": "pending", "to_status": "rejected",
    "reason": "材料不全：缺少负责人身份证明", "actor_id": 1, "actor_name": "文明办管理员", "at": "2026-11-28T08:00:00Z"
})))]
pub struct TeamDecision {
    pub id: i64,
    pub team_id: i64,
    pub action: TeamAction,
    pub from_status: Option<TeamStatus>,
    pub to_status: TeamStatus,
    pub reason: Option<String>,
    pub actor_id: Option<i64>,
    pub actor_name: Option<String>,
    pub at: DateTime<Utc>,
}

string_enum!(
    /// A registration decision: approve or reject a pending team, suspend or reinstate an approved one.
    TeamDecisionKind { Approve = "approve", Reject = "reject", Suspend = "suspend", Reinstate = "reinstate" }
);

string_enum!(
    /// What happened to a team in its history: registered by an admin (`create`), applied for
    /// by its founder (`apply`), loaded from a spreadsheet (`import`), or a registration decision.
    TeamAction {
        Create = "create", Apply = "apply", Import = "import",
        Approve = "approve", Reject = "reject", Suspend = "suspend", Reinstate = "reinstate"
    }
);

/// A decision on a team's registration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"decision": "reject", "reason": "材料不全：缺少负责人身份证明"})))]
#[serde(deny_unknown_fields)]
pub struct NewTeamDecision {
    pub decision: TeamDecisionKind,
    /// Required to reject or suspend.
    #[serde(default)]
    pub reason: Option<String>,
}

/// A volunteer's membership of a team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": 7, "team_id": 14, "team_name": "理论宣讲行业支队", "volunteer_id": 12, "volunteer_name": "陈志愿", "role": "member", "status": "applied",
    "recruitment_id": null, "message": "我想参加理论宣讲", "applied_at": "2026-11-28T08:00:00Z", "decided_at": null
})))]
pub struct Membership {
    pub id: i64,
    pub team_id: i64,
    pub team_name: String,
    pub volunteer_id: i64,
    pub volunteer_name: String,
    pub role: MemberRole,
    pub status: MembershipStatus,
    pub recruitment_id: Option<i64>,
    pub message: Option<String>,
    pub applied_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
}

/// Apply to join a team, optionally answering one of its recruitment posts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"message": "周末有空，擅长应急救护", "recruitment_id": 3})))]
#[serde(deny_unknown_fields)]
pub struct JoinRequest {
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub recruitment_id: Option<i64>,
}

/// Move a membership on: `active` (accept) or `declined` by a leader; `removed` by a leader;
/// `left` by the volunteer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"status": "active"})))]
#[serde(deny_unknown_fields)]
pub struct MembershipStatusChange {
    pub status: MembershipStatus,
}

/// A leader's change to a membership.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"role": "leader"})))]
#[serde(deny_unknown_fields)]
pub struct MembershipPatch {
    pub role: MemberRole,
}

string_enum!(
    /// Whether a recruitment call was posted open or was closed (stored; the wire says
    /// `open` only while it also takes applications).
    RecruitmentStatus { Open = "open", Closed = "closed" }
);

/// A team's call for volunteers (志愿者招募).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": 3, "team_id": 14, "title": "招募周末理论宣讲志愿者", "description": "面向社区居民宣讲", "quota": 10,
    "skill_ids": [1], "deadline": "2026-12-31T16:00:00Z", "status": "open", "accepted": 4, "created_at": "2026-11-28T08:00:00Z"
})))]
pub struct Recruitment {
    pub id: i64,
    pub team_id: i64,
    pub title: String,
    pub description: Option<String>,
    /// How many volunteers are wanted.
    pub quota: i32,
    /// Skills an applicant must have (all of them).
    pub skill_ids: Vec<i64>,
    pub deadline: DateTime<Utc>,
    /// `open` or `closed`; past the deadline or with the quota filled it takes no applications.
    pub status: String,
    /// Applications accepted so far.
    pub accepted: i64,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "team_id": 14, "title": "招募周末理论宣讲志愿者", "quota": 10, "skill_ids": [1], "deadline": "2026-12-31T16:00:00Z"
})))]
#[serde(deny_unknown_fields)]
pub struct NewRecruitment {
    pub team_id: i64,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    pub quota: i32,
    #[serde(default)]
    pub skill_ids: Vec<i64>,
    pub deadline: DateTime<Utc>,
}

/// One bad cell of an imported file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RowError {
    /// The row as a spreadsheet shows it: the header is row 1.
    pub row: usize,
    pub column: String,
    pub code: String,
    pub message: String,
}

/// The outcome of an import: every row was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"imported": 2500})))]
pub struct ImportReport {
    pub imported: usize,
}
