//! Agencies (机关企事业单位): registering and editing them, by those who manage agencies in
//! their area. Audited.

use youai_db::agencies::{self as db, Agency, AgencyFields};
use youai_db::{DbConn, areas};
use youai_domain::access::{Action, Target};
use youai_domain::resources::agency_fields;
use youai_domain::validate::Errors;
use youai_types::{AgencyPatch, NewAgency};

use crate::auth::{AuthUser, authorize};
use crate::error::{ApiError, ApiResult};

fn trimmed(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// Checks the fields, the area (which the caller must manage agencies in) and the name's
/// uniqueness.
fn check(conn: &mut DbConn, user: &AuthUser, f: &AgencyFields, id: Option<i64>) -> ApiResult<()> {
    let mut e = Errors::default();
    agency_fields(
        &mut e,
        Some(&f.name),
        f.contact_name.as_deref(),
        f.contact_phone.as_deref(),
        f.description.as_deref(),
    );
    let area = areas::find(conn, f.area_id)?;
    if area.is_none() {
        e.add("area_id", "not_found", "区域不存在");
    }
    e.into_result().map_err(ApiError::validation)?;
    if let Some(a) = &area {
        authorize(user, Action::ManageAgencies, &Target::Area(&a.path))?;
    }
    if db::find_by_name(conn, &f.name)?.is_some_and(|a| Some(a.id) != id) {
        return Err(crate::constraints::AGENCIES_NAME.error());
    }
    Ok(())
}

fn audit_state(a: &Agency) -> serde_json::Value {
    serde_json::json!({"name": a.name, "kind": a.kind, "area_id": a.area_id,
        "contact_name": a.contact_name, "contact_phone": a.contact_phone})
}

pub fn create(conn: &mut DbConn, user: &AuthUser, n: NewAgency) -> ApiResult<Agency> {
    let f = AgencyFields {
        name: n.name.trim().to_owned(),
        kind: n.kind,
        area_id: n.area_id,
        contact_name: trimmed(n.contact_name),
        contact_phone: trimmed(n.contact_phone),
        description: trimmed(n.description),
    };
    check(conn, user, &f, None)?;
    let a = db::insert(conn, &f)?;
    crate::audit::record(
        conn,
        user,
        "agency.create",
        "agency",
        a.id,
        None,
        Some(audit_state(&a)),
    )?;
    Ok(a)
}

/// Changes an agency: the caller manages agencies in its area (and in the new one, when it
/// moves). An absent field stays; an empty contact or description clears it.
pub fn update(conn: &mut DbConn, user: &AuthUser, id: i64, p: AgencyPatch) -> ApiResult<Agency> {
    let current = db::find(conn, id)?.ok_or_else(|| ApiError::not_found("机关单位"))?;
    let area = areas::find(conn, current.area_id)?.ok_or_else(|| ApiError::not_found("区域"))?;
    authorize(user, Action::ManageAgencies, &Target::Area(&area.path))?;
    let keep = |new: Option<String>, old: &Option<String>| match new {
        Some(v) => trimmed(Some(v)),
        None => old.clone(),
    };
    let f = AgencyFields {
        name: p.name.map_or(current.name.clone(), |n| n.trim().to_owned()),
        kind: p.kind.unwrap_or(current.kind),
        area_id: p.area_id.unwrap_or(current.area_id),
        contact_name: keep(p.contact_name, &current.contact_name),
        contact_phone: keep(p.contact_phone, &current.contact_phone),
        description: keep(p.description, &current.description),
    };
    check(conn, user, &f, Some(id))?;
    let a = db::update(conn, id, &f)?;
    crate::audit::record(
        conn,
        user,
        "agency.update",
        "agency",
        id,
        Some(audit_state(&current)),
        Some(audit_state(&a)),
    )?;
    Ok(a)
}
