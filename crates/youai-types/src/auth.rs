//! Accounts, tokens and role grants.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A mainland China mobile number: `1[3-9]\d{9}`, ASCII digits only.
pub fn is_mobile_phone(phone: &str) -> bool {
    let b = phone.as_bytes();
    b.len() == 11
        && b.first() == Some(&b'1')
        && matches!(b.get(1), Some(b'3'..=b'9'))
        && b.iter().all(u8::is_ascii_digit)
}

/// Create an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"phone": "13800138000", "password": "correct-horse-9", "name": "张三", "code": "042917"})))]
#[serde(deny_unknown_fields)]
pub struct RegisterRequest {
    /// A mainland China mobile number: 11 digits, `1[3-9]\d{9}`.
    pub phone: String,
    /// At least 8 characters.
    pub password: String,
    /// The name shown to others.
    pub name: String,
    /// The 6-digit code sent to the phone (`POST /api/v1/auth/phone-codes`, purpose
    /// `register`). Required when the server sends text messages
    /// (`GET /api/v1/auth/phone-verification` says `required: true`); without a gateway it is
    /// ignored and the phone stays unverified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// Change my password: the current one, then the new one (the same rules as at registration).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"current_password": "correct-horse-9", "new_password": "battery-staple-27"})))]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    pub current_password: String,
    /// 8 to 128 characters, not the current password.
    pub new_password: String,
}

/// Log in with phone and password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"phone": "13800138000", "password": "correct-horse-9"})))]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub phone: String,
    pub password: String,
}

/// A refresh token, for `refresh` and `logout`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"refresh_token": "rt_3q2+7w…"})))]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    pub refresh_token: String,
}

/// Tokens issued at login and at each refresh.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "access_token": "eyJhbGciOiJIUzI1NiJ9…", "refresh_token": "rt_3q2+7w…", "token_type": "Bearer", "expires_in": 900
})))]
pub struct TokenResponse {
    /// A JWT for the `Authorization: Bearer` header.
    pub access_token: String,
    /// Single use: exchange it at `/api/v1/auth/refresh` for a new pair.
    pub refresh_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
}

/// An account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"id": 2, "phone": "13800138000", "name": "张三", "created_at": "2026-11-28T08:00:00Z", "phone_verified": true})))]
pub struct User {
    pub id: i64,
    pub phone: String,
    pub name: String,
    pub created_at: DateTime<Utc>,
    /// Whether an SMS code confirmed the phone (at registration or a password reset).
    #[serde(default)]
    pub phone_verified: bool,
}

/// A role (DOMAIN.md "Who uses it").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "diesel",
    derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow)
)]
#[cfg_attr(feature = "diesel", diesel(sql_type = diesel::sql_types::Text))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 文明办: the whole city.
    PlatformAdmin,
    /// 所/站 staff: an area subtree.
    AreaAdmin,
    /// 机关单位: one agency.
    AgencyOperator,
    /// One team and its sub-teams.
    TeamLeader,
    /// Self.
    Volunteer,
    /// Self; every account is a resident.
    Resident,
    /// A touch-screen kiosk acting for one venue.
    Kiosk,
    /// 网格员: records residents' needs in an area subtree (usually a village).
    GridWorker,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::PlatformAdmin,
        Role::AreaAdmin,
        Role::AgencyOperator,
        Role::TeamLeader,
        Role::Volunteer,
        Role::Resident,
        Role::Kiosk,
        Role::GridWorker,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::PlatformAdmin => "platform_admin",
            Role::AreaAdmin => "area_admin",
            Role::AgencyOperator => "agency_operator",
            Role::TeamLeader => "team_leader",
            Role::Volunteer => "volunteer",
            Role::Resident => "resident",
            Role::Kiosk => "kiosk",
            Role::GridWorker => "grid_worker",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// A role held by a user, with its scope: an area subtree, a team, an agency or a venue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": 3, "user_id": 2, "role": "area_admin", "area_id": 4, "team_id": null, "agency_id": null, "venue_id": null,
    "created_at": "2026-11-28T08:00:00Z"
})))]
pub struct RoleGrant {
    pub id: i64,
    pub user_id: i64,
    pub role: Role,
    /// For `area_admin` and `grid_worker`: the root of the area subtree.
    pub area_id: Option<i64>,
    /// For `team_leader`: the team (and its sub-teams).
    pub team_id: Option<i64>,
    /// For `agency_operator`: the agency.
    pub agency_id: Option<i64>,
    /// For `kiosk`: the venue.
    pub venue_id: Option<i64>,
    pub created_at: DateTime<Utc>,
}

/// Grant a role. Exactly the scope field the role needs must be set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"user_id": 2, "role": "area_admin", "area_id": 4})))]
#[serde(deny_unknown_fields)]
pub struct NewRoleGrant {
    pub user_id: i64,
    pub role: Role,
    #[serde(default)]
    pub area_id: Option<i64>,
    #[serde(default)]
    pub team_id: Option<i64>,
    #[serde(default)]
    pub agency_id: Option<i64>,
    #[serde(default)]
    pub venue_id: Option<i64>,
}

/// The signed-in user and what they may do (`GET /api/v1/me`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "user": {"id": 2, "phone": "13800000001", "name": "金港镇管理员", "created_at": "2026-11-28T08:00:00Z"},
    "grants": [{"id": 2, "user_id": 2, "role": "area_admin", "area_id": 17, "team_id": null, "agency_id": null,
        "venue_id": null, "created_at": "2026-11-28T08:00:00Z"}]
})))]
pub struct Me {
    pub user: User,
    pub grants: Vec<RoleGrant>,
    /// The user's volunteer profile, once completed.
    #[serde(default)]
    pub volunteer_id: Option<i64>,
}

crate::stored_as_text!(Role);

/// Send a 6-digit code to a phone by SMS.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"phone": "13800138000", "purpose": "register"})))]
#[serde(deny_unknown_fields)]
pub struct PhoneCodeRequest {
    pub phone: String,
    pub purpose: crate::PhoneCodePurpose,
}

/// A code is on its way (for `reset_password`, the same answer whether or not an account has
/// the phone: then nothing is sent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"expires_in": 300, "resend_after": 60})))]
pub struct PhoneCodeSent {
    /// Seconds the code is valid.
    pub expires_in: i64,
    /// Seconds before another code may be asked for this phone.
    pub resend_after: i64,
}

/// Whether this server confirms phones by SMS code, and the code's rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"required": true, "code_length": 6, "expires_in": 300, "resend_after": 60, "max_tries": 5})))]
pub struct PhoneVerification {
    /// True when an SMS gateway is configured: registration then needs a `code`, and a
    /// forgotten password can be reset by code.
    pub required: bool,
    pub code_length: i64,
    /// Seconds a code is valid.
    pub expires_in: i64,
    /// Seconds between two codes to one phone.
    pub resend_after: i64,
    /// Wrong guesses after which a code is spent.
    pub max_tries: i64,
}

/// Reset a forgotten password with a code sent to the account's phone (purpose
/// `reset_password`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"phone": "13800138000", "code": "042917", "new_password": "battery-staple-27"})))]
#[serde(deny_unknown_fields)]
pub struct PasswordReset {
    pub phone: String,
    pub code: String,
    /// The same rules as at registration.
    pub new_password: String,
}
