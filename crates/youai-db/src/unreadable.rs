//! Which rows hold a stored value their column's type cannot read, so that the error names the
//! table and the ids, not only the type and the value. Runs only on that error's path.

use std::any::type_name;

use diesel::prelude::*;
use diesel::sql_types::BigInt;
use youai_types::{Slot, UnreadableValue};

use crate::DbConn;

/// At most this many ids are named per table.
const MAX_IDS: usize = 20;

/// Every column read as a typed value: the type's name as `UnreadableValue` reports it, the
/// table, the column. A typed column missing here is still an error, only one without ids.
fn typed_columns() -> [(&'static str, &'static str, &'static str); 26] {
    [
        ("ActivityStatus", "activities", "status"),
        ("RiskLevel", "activities", "risk_level"),
        (type_name::<Vec<i64>>(), "activities", "skill_ids"),
        ("AreaLevel", "areas", "level"),
        ("AreaLevel", "projects", "level"),
        ("ProjectStatus", "projects", "status"),
        (type_name::<Vec<String>>(), "projects", "target_groups"),
        ("Gender", "volunteers", "gender"),
        (type_name::<Vec<Slot>>(), "volunteers", "availability"),
        ("MemberRole", "team_members", "role"),
        ("MembershipStatus", "team_members", "status"),
        ("PointsKind", "points_entries", "kind"),
        ("RecordSource", "service_records", "source"),
        ("RecordStatus", "service_records", "status"),
        ("RecruitmentStatus", "recruitments", "status"),
        (type_name::<Vec<i64>>(), "recruitments", "skill_ids"),
        ("RewardKind", "rewards", "kind"),
        ("TeamKind", "rewards", "team_kind"),
        ("Role", "role_grants", "role"),
        ("SignUpStatus", "sign_ups", "status"),
        ("TeamKind", "teams", "kind"),
        ("TeamStatus", "teams", "status"),
        ("TeamAction", "team_decisions", "action"),
        ("TeamStatus", "team_decisions", "from_status"),
        ("TeamStatus", "team_decisions", "to_status"),
        ("VoucherStatus", "vouchers", "status"),
    ]
}

#[derive(QueryableByName)]
struct Id {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

/// The tables and ids (the first `MAX_IDS` of each) whose columns of `bad`'s type hold its value.
pub fn rows_holding(
    conn: &mut DbConn,
    bad: &UnreadableValue,
) -> QueryResult<Vec<(&'static str, Vec<i64>)>> {
    // A literal, not a bind: the placeholder syntax differs between the backends, and the text
    // came from the database itself. Standard SQL quoting holds on both.
    let literal = format!("'{}'", bad.value.replace('\'', "''"));
    let mut found = Vec::new();
    for (ty, table, column) in typed_columns() {
        if ty != bad.type_name {
            continue;
        }
        let q = diesel::sql_query(format!(
            "SELECT id FROM {table} WHERE {column} = {literal} ORDER BY id LIMIT {MAX_IDS}"
        ));
        let ids: Vec<Id> = crate::on_backend!(conn, |c| q.load(c))?;
        if !ids.is_empty() {
            found.push((table, ids.into_iter().map(|r| r.id).collect()));
        }
    }
    Ok(found)
}

/// The `UnreadableValue` inside a diesel error, if that is what it is.
pub fn unreadable(e: &diesel::result::Error) -> Option<&UnreadableValue> {
    let diesel::result::Error::DeserializationError(inner) = e else {
        return None;
    };
    // A row type's field arrives wrapped with the field's name.
    match inner.downcast_ref::<diesel::result::DeserializeFieldError>() {
        Some(field) => field.error.downcast_ref(),
        None => inner.downcast_ref(),
    }
}
