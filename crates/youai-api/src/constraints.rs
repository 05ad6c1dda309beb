//! The database's constraints as clients see them: one table from constraint to status, code,
//! field and message, consulted where a diesel error becomes an `ApiError`.
//!
//! Handlers check uniqueness and references first, inside the write transaction, for a precise
//! answer (and use the entries here for it); the table is what the race loser, or a check
//! someone forgot, gets instead of a 500.
//!
//! Each entry is keyed twice, because the backends name a violation differently:
//! - PostgreSQL reports the constraint's name (`users_phone_key`, `rewards_provider_user_id_fkey`);
//! - SQLite reports the columns of a unique constraint (`UNIQUE constraint failed: users.phone`),
//!   or the index's name when it is on an expression (`… failed: index 'areas_parent_name_key'`),
//!   and nothing at all for a foreign key (`FOREIGN KEY constraint failed`).
//!
//! So a SQLite foreign-key failure cannot name its field from the error. Every reference a
//! client can send is therefore checked by its handler before the write, in the same
//! transaction: on SQLite the write transaction is `BEGIN IMMEDIATE`, so nothing can change
//! between the check and the insert and the check is exact. A bare SQLite foreign-key failure
//! that still reaches here is a missing check: it answers 422 on `body` and is logged.

use actix_web::http::StatusCode;
use diesel::result::{DatabaseErrorInformation, DatabaseErrorKind};
use youai_types::FieldError;

use crate::error::ApiError;

/// One constraint and the problem it becomes.
#[derive(Debug)]
pub struct Constraint {
    /// The constraint's (or unique index's) name, as PostgreSQL reports it.
    pub name: &'static str,
    /// What SQLite reports for it: `table.col[, table.col]`, or the index name when the index
    /// is on an expression; empty for foreign keys (SQLite names none).
    pub sqlite: &'static str,
    pub status: StatusCode,
    pub code: &'static str,
    /// The request field the client should change; empty when the clash is with the caller
    /// or the URL (already a volunteer, already signed up), not with a field.
    pub field: &'static str,
    pub message: &'static str,
}

impl Constraint {
    /// The problem a violation of this constraint is.
    pub fn error(&self) -> ApiError {
        self.error_with(self.message)
    }

    /// The problem with a more precise message (naming the value that clashed, say).
    pub fn error_with(&self, message: impl Into<String>) -> ApiError {
        let message = message.into();
        let errors: Vec<FieldError> = (!self.field.is_empty())
            .then(|| FieldError::new(self.field, self.code, message.as_str()))
            .into_iter()
            .collect();
        if self.status == StatusCode::UNPROCESSABLE_ENTITY {
            return ApiError::validation(errors);
        }
        ApiError {
            errors,
            ..ApiError::new(self.status, self.code, message)
        }
    }
}

const fn taken(
    name: &'static str,
    sqlite: &'static str,
    code: &'static str,
    field: &'static str,
    message: &'static str,
) -> Constraint {
    Constraint {
        name,
        sqlite,
        status: StatusCode::CONFLICT,
        code,
        field,
        message,
    }
}

/// A reference to a row that does not exist: the field's code is `not_found`, as the handlers'
/// own checks answer.
const fn reference(name: &'static str, field: &'static str, message: &'static str) -> Constraint {
    Constraint {
        name,
        sqlite: "",
        status: StatusCode::UNPROCESSABLE_ENTITY,
        code: "not_found",
        field,
        message,
    }
}

pub const USERS_PHONE: Constraint = taken(
    "users_phone_key",
    "users.phone",
    "phone_taken",
    "phone",
    "该手机号已注册",
);
pub const VOLUNTEERS_PHONE: Constraint = taken(
    "volunteers_phone_key",
    "volunteers.phone",
    "phone_taken",
    "",
    "该手机号已登记为志愿者",
);
pub const VOLUNTEERS_USER: Constraint = taken(
    "volunteers_user_key",
    "volunteers.user_id",
    "volunteer_exists",
    "",
    "你已是志愿者",
);
pub const VOLUNTEERS_ID_NUMBER: Constraint = taken(
    "volunteers_id_number_key",
    "volunteers.id_number_hash",
    "id_number_taken",
    "id_number",
    "该身份证号已登记为志愿者",
);
pub const TEAMS_NAME: Constraint = taken(
    "teams_name_key",
    "teams.name",
    "team_name_taken",
    "name",
    "已有同名队伍",
);
pub const AREAS_PARENT_NAME: Constraint = taken(
    "areas_parent_name_key",
    "index 'areas_parent_name_key'",
    "area_name_taken",
    "name",
    "同一上级区域下已有同名区域",
);
pub const SKILLS_CODE: Constraint = taken(
    "skills_code_key",
    "skills.code",
    "skill_exists",
    "code",
    "已有同代码或同名的技能",
);
pub const SKILLS_NAME: Constraint = taken(
    "skills_name_key",
    "skills.name",
    "skill_exists",
    "name",
    "已有同代码或同名的技能",
);
pub const PROJECT_BATCHES_NAME: Constraint = taken(
    "project_batches_name_key",
    "project_batches.name",
    "batch_exists",
    "name",
    "已有同名批次",
);
pub const ROLE_GRANTS_SCOPE: Constraint = taken(
    "role_grants_scope_key",
    "index 'role_grants_scope_key'",
    "grant_exists",
    "role",
    "该用户已拥有此授权",
);
pub const TEAM_MEMBERS: Constraint = taken(
    "team_members_key",
    "team_members.team_id, team_members.volunteer_id",
    "already_member",
    "",
    "该志愿者已在队伍中或已申请",
);
pub const SIGN_UPS: Constraint = taken(
    "sign_ups_key",
    "sign_ups.activity_id, sign_ups.volunteer_id",
    "already_signed_up",
    "",
    "已报名该活动",
);
pub const AGENCIES_NAME: Constraint = taken(
    "agencies_name_key",
    "agencies.name",
    "agency_name_taken",
    "name",
    "已有同名机关单位",
);
pub const ORDER_NEEDS_NEED: Constraint = taken(
    "order_needs_need_key",
    "order_needs.need_id",
    "need_in_other_order",
    "need_ids",
    "需求已随另一订单对接",
);

/// Every constraint a client's input can violate. References first by table, then uniques.
pub const TABLE: &[Constraint] = &[
    reference("areas_parent_id_fkey", "parent_id", "上级区域不存在"),
    reference("venues_area_id_fkey", "area_id", "区域不存在"),
    reference("role_grants_user_id_fkey", "user_id", "用户不存在"),
    reference("role_grants_area_id_fkey", "area_id", "区域不存在"),
    reference("role_grants_venue_id_fkey", "venue_id", "阵地不存在"),
    reference("volunteers_area_id_fkey", "area_id", "区域不存在"),
    reference("volunteer_skills_skill_id_fkey", "skill_ids", "技能不存在"),
    reference("teams_parent_id_fkey", "parent_id", "上级队伍不存在"),
    reference("teams_area_id_fkey", "area_id", "区域不存在"),
    reference("recruitments_team_id_fkey", "team_id", "队伍不存在"),
    reference(
        "team_members_recruitment_id_fkey",
        "recruitment_id",
        "招募不存在",
    ),
    reference("projects_area_id_fkey", "area_id", "区域不存在"),
    reference("projects_owner_team_id_fkey", "owner_team_id", "队伍不存在"),
    reference("projects_batch_id_fkey", "batch_id", "批次不存在"),
    reference("activities_project_id_fkey", "project_id", "服务项目不存在"),
    reference("activities_team_id_fkey", "team_id", "队伍不存在"),
    reference("activities_venue_id_fkey", "venue_id", "阵地不存在"),
    reference("activities_area_id_fkey", "area_id", "区域不存在"),
    reference("sign_ups_volunteer_id_fkey", "volunteer_id", "志愿者不存在"),
    reference(
        "service_records_volunteer_id_fkey",
        "volunteer_id",
        "志愿者不存在",
    ),
    reference(
        "service_records_activity_id_fkey",
        "activity_id",
        "活动不存在",
    ),
    reference(
        "rewards_provider_user_id_fkey",
        "provider_user_id",
        "提供方账号不存在",
    ),
    USERS_PHONE,
    VOLUNTEERS_PHONE,
    VOLUNTEERS_USER,
    VOLUNTEERS_ID_NUMBER,
    TEAMS_NAME,
    AREAS_PARENT_NAME,
    SKILLS_CODE,
    SKILLS_NAME,
    PROJECT_BATCHES_NAME,
    ROLE_GRANTS_SCOPE,
    TEAM_MEMBERS,
    SIGN_UPS,
    reference("agencies_area_id_fkey", "area_id", "区域不存在"),
    reference(
        "projects_owner_agency_id_fkey",
        "owner_agency_id",
        "机关单位不存在",
    ),
    reference(
        "resources_provider_agency_id_fkey",
        "provider_agency_id",
        "机关单位不存在",
    ),
    reference(
        "resources_provider_team_id_fkey",
        "provider_team_id",
        "队伍不存在",
    ),
    reference("resources_area_id_fkey", "area_id", "区域不存在"),
    reference("resource_allocations_area_id_fkey", "area_id", "区域不存在"),
    reference("resource_allocations_need_id_fkey", "need_id", "需求不存在"),
    AGENCIES_NAME,
    ORDER_NEEDS_NEED,
];

/// The entry for a violation, by PostgreSQL's constraint name or SQLite's column list.
pub fn lookup(info: &dyn DatabaseErrorInformation) -> Option<&'static Constraint> {
    if let Some(name) = info.constraint_name() {
        return TABLE.iter().find(|c| c.name == name);
    }
    let columns = info
        .message()
        .strip_prefix("UNIQUE constraint failed: ")?
        .trim();
    TABLE
        .iter()
        .find(|c| !c.sqlite.is_empty() && c.sqlite == columns)
}

/// The problem for a unique or foreign-key violation; `None` for other database errors.
pub fn violation(
    kind: &DatabaseErrorKind,
    info: &dyn DatabaseErrorInformation,
) -> Option<ApiError> {
    match kind {
        DatabaseErrorKind::UniqueViolation | DatabaseErrorKind::ForeignKeyViolation => {}
        _ => return None,
    }
    if let Some(c) = lookup(info) {
        return Some(c.error());
    }
    tracing::warn!(
        constraint = info.constraint_name().unwrap_or_default(),
        message = info.message(),
        "a constraint violation the constraint table does not list"
    );
    Some(match kind {
        DatabaseErrorKind::UniqueViolation => {
            ApiError::conflict("conflict", "与现有数据重复，请检查后重试")
        }
        _ => ApiError::field("body", "not_found", "请求引用的记录不存在"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Info {
        message: &'static str,
        constraint: Option<&'static str>,
    }

    impl DatabaseErrorInformation for Info {
        fn message(&self) -> &str {
            self.message
        }
        fn details(&self) -> Option<&str> {
            None
        }
        fn hint(&self) -> Option<&str> {
            None
        }
        fn table_name(&self) -> Option<&str> {
            None
        }
        fn column_name(&self) -> Option<&str> {
            None
        }
        fn constraint_name(&self) -> Option<&str> {
            self.constraint
        }
        fn statement_position(&self) -> Option<i32> {
            None
        }
    }

    fn code_and_field(kind: DatabaseErrorKind, info: &Info) -> (u16, String, String) {
        let Some(e) = violation(&kind, info) else {
            return (0, String::new(), String::new());
        };
        let field = e
            .errors
            .first()
            .map(|f| f.field.clone())
            .unwrap_or_default();
        (e.status.as_u16(), e.code.to_owned(), field)
    }

    #[test]
    fn both_backends_name_the_same_entry() {
        let pg = Info {
            message: "duplicate key value violates unique constraint \"users_phone_key\"",
            constraint: Some("users_phone_key"),
        };
        let sqlite = Info {
            message: "UNIQUE constraint failed: users.phone",
            constraint: None,
        };
        let want = (409, "phone_taken".to_owned(), "phone".to_owned());
        assert_eq!(
            code_and_field(DatabaseErrorKind::UniqueViolation, &pg),
            want
        );
        assert_eq!(
            code_and_field(DatabaseErrorKind::UniqueViolation, &sqlite),
            want
        );
        let expression_index = Info {
            message: "UNIQUE constraint failed: index 'areas_parent_name_key'",
            constraint: None,
        };
        assert_eq!(
            code_and_field(DatabaseErrorKind::UniqueViolation, &expression_index).1,
            "area_name_taken"
        );
        let fk = Info {
            message: "insert or update on table \"rewards\" violates foreign key constraint",
            constraint: Some("rewards_provider_user_id_fkey"),
        };
        assert_eq!(
            code_and_field(DatabaseErrorKind::ForeignKeyViolation, &fk),
            (
                422,
                "validation_failed".to_owned(),
                "provider_user_id".to_owned()
            )
        );
    }

    #[test]
    fn unlisted_violations_are_still_client_errors() {
        let bare_fk = Info {
            message: "FOREIGN KEY constraint failed",
            constraint: None,
        };
        assert_eq!(
            code_and_field(DatabaseErrorKind::ForeignKeyViolation, &bare_fk),
            (422, "validation_failed".to_owned(), "body".to_owned())
        );
        let unknown = Info {
            message: "UNIQUE constraint failed: things.name",
            constraint: None,
        };
        assert_eq!(
            code_and_field(DatabaseErrorKind::UniqueViolation, &unknown).1,
            "conflict"
        );
        let other = Info {
            message: "CHECK constraint failed",
            constraint: None,
        };
        assert!(violation(&DatabaseErrorKind::CheckViolation, &other).is_none());
    }

    #[test]
    fn every_entry_is_reachable_and_distinct() {
        for (i, c) in TABLE.iter().enumerate() {
            assert!(
                TABLE.iter().skip(i + 1).all(|d| d.name != c.name),
                "{} twice",
                c.name
            );
            let by_name = Info {
                message: "",
                constraint: Some(c.name),
            };
            assert_eq!(lookup(&by_name).map(|f| f.name), Some(c.name));
        }
    }
}
