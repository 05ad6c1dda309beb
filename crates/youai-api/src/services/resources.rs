//! The resources list (社会资源清单): publishing resources, changing or withdrawing them, and
//! allocating them (下沉) within their capacity, each in one transaction and audited.
//!
//! Who manages a resource: operators of its providing agency, leaders of its providing team
//! (and above), and admins of its area (platform admins everywhere).

use youai_db::resources::{self as db, Resource, ResourceChanges};
use youai_db::{DbConn, agencies, areas, needs, teams};
use youai_domain::access::{Action, Target};
use youai_domain::resources::{
    ResourceFields, allocatable, allocation_fields, remaining, resource_fields, resource_placement,
};
use youai_domain::validate::Errors;
use youai_types::{NewAllocation, NewResource, ResourcePatch, ResourceStatus, TeamStatus};

use crate::auth::{AuthUser, authorize};
use crate::error::{ApiError, ApiResult};
use crate::team_scope::authorize_team;

/// May the caller manage a resource of this provider in this area?
pub fn authorize_provider(
    conn: &mut DbConn,
    user: &AuthUser,
    agency_id: Option<i64>,
    team_id: Option<i64>,
    area_id: i64,
) -> ApiResult<()> {
    if let Some(a) = agency_id
        && authorize(user, Action::ManageResources, &Target::Agency(a)).is_ok()
    {
        return Ok(());
    }
    if let Some(t) = team_id
        && let Some(team) = teams::find(conn, t)?
        && authorize_team(conn, user, Action::ManageTeam, &team).is_ok()
    {
        return Ok(());
    }
    let path = areas::find(conn, area_id)?
        .map(|a| a.path)
        .unwrap_or_default();
    authorize(user, Action::ManageResources, &Target::Area(&path))
}

fn unique_sorted(mut v: Vec<String>) -> Vec<String> {
    v.iter_mut().for_each(|s| *s = s.trim().to_owned());
    v.sort();
    v.dedup();
    v
}

fn trimmed(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

pub fn create(conn: &mut DbConn, user: &AuthUser, n: NewResource) -> ApiResult<Resource> {
    let topics = unique_sorted(n.topics);
    let groups = unique_sorted(n.target_groups);
    let mut e = Errors::default();
    resource_fields(
        &mut e,
        &ResourceFields {
            title: Some(n.title.as_str()),
            description: n.description.as_deref(),
            topics: Some(topics.as_slice()),
            target_groups: Some(groups.as_slice()),
            capacity: Some(n.capacity),
            unit: Some(n.unit.as_str()),
            available_from: n.available_from,
            available_until: n.available_until,
        },
    );
    let area = areas::find(conn, n.area_id)?;
    resource_placement(
        &mut e,
        n.provider_agency_id,
        n.provider_team_id,
        n.level,
        area.as_ref().map(|a| a.level),
    );
    if let Some(a) = n.provider_agency_id
        && agencies::find(conn, a)?.is_none()
    {
        e.add("provider_agency_id", "not_found", "机关单位不存在");
    }
    if let Some(t) = n.provider_team_id
        && teams::find(conn, t)?.is_none_or(|t| t.status != TeamStatus::Approved)
    {
        e.add("provider_team_id", "not_found", "队伍不存在或未通过审核");
    }
    e.into_result().map_err(ApiError::validation)?;
    authorize_provider(
        conn,
        user,
        n.provider_agency_id,
        n.provider_team_id,
        n.area_id,
    )?;
    let r = db::insert(
        conn,
        &db::NewResource {
            kind: n.kind,
            title: n.title.trim().to_owned(),
            description: trimmed(n.description),
            provider_agency_id: n.provider_agency_id,
            provider_team_id: n.provider_team_id,
            level: n.level,
            area_id: n.area_id,
            topics: youai_db::json::Json(topics),
            target_groups: youai_db::json::Json(groups),
            capacity: n.capacity,
            unit: n.unit.trim().to_owned(),
            period: n.period,
            available_from: n.available_from,
            available_until: n.available_until,
            status: ResourceStatus::Active,
            created_by: Some(user.id),
        },
    )?;
    crate::audit::record(
        conn,
        user,
        "resource.create",
        "resource",
        r.id,
        None,
        Some(audit_state(&r)),
    )?;
    Ok(r)
}

fn audit_state(r: &Resource) -> serde_json::Value {
    serde_json::json!({"title": r.title, "kind": r.kind, "capacity": r.capacity, "unit": r.unit,
        "period": r.period, "status": r.status, "available_from": r.available_from,
        "available_until": r.available_until})
}

/// Finds a resource and checks the caller manages it (404 when there is none).
pub fn managed(conn: &mut DbConn, user: &AuthUser, id: i64) -> ApiResult<Resource> {
    let r = db::find(conn, id)?.ok_or_else(|| ApiError::not_found("资源"))?;
    authorize_provider(
        conn,
        user,
        r.provider_agency_id,
        r.provider_team_id,
        r.area_id,
    )?;
    Ok(r)
}

/// Changes a resource's editable fields, or withdraws (or restores) it via `status`.
pub fn update(
    conn: &mut DbConn,
    user: &AuthUser,
    id: i64,
    p: ResourcePatch,
) -> ApiResult<Resource> {
    let current = managed(conn, user, id)?;
    let topics = p.topics.map(unique_sorted);
    let groups = p.target_groups.map(unique_sorted);
    let c = ResourceChanges {
        title: p
            .title
            .as_deref()
            .map_or(current.title.clone(), |t| t.trim().to_owned()),
        description: match &p.description {
            Some(d) => trimmed(Some(d.clone())),
            None => current.description.clone(),
        },
        topics: youai_db::json::Json(topics.clone().unwrap_or_else(|| current.topics.0.clone())),
        target_groups: youai_db::json::Json(
            groups
                .clone()
                .unwrap_or_else(|| current.target_groups.0.clone()),
        ),
        capacity: p.capacity.unwrap_or(current.capacity),
        unit: p
            .unit
            .as_deref()
            .map_or(current.unit.clone(), |u| u.trim().to_owned()),
        available_from: p.available_from.or(current.available_from),
        available_until: p.available_until.or(current.available_until),
        status: p.status.unwrap_or(current.status),
    };
    let mut e = Errors::default();
    resource_fields(
        &mut e,
        &ResourceFields {
            title: p.title.as_deref(),
            description: p.description.as_deref().filter(|d| !d.trim().is_empty()),
            topics: topics.as_deref(),
            target_groups: groups.as_deref(),
            capacity: p.capacity,
            unit: p.unit.as_deref(),
            available_from: c.available_from,
            available_until: c.available_until,
        },
    );
    e.into_result().map_err(ApiError::validation)?;
    let r = db::update(conn, id, &c)?;
    let action = match (current.status, r.status) {
        (ResourceStatus::Active, ResourceStatus::Withdrawn) => "resource.withdraw",
        _ => "resource.update",
    };
    crate::audit::record(
        conn,
        user,
        action,
        "resource",
        id,
        Some(audit_state(&current)),
        Some(audit_state(&r)),
    )?;
    Ok(r)
}

/// Allocates (下沉) a quantity of a resource to a town or village for the period `date` falls
/// in: the resource must be active and available that day, and the period's counter must have
/// room — checked and raised by one conditional UPDATE, so racing allocations never exceed the
/// capacity. 409 `capacity_exceeded` names what remains; nothing is written then.
pub fn allocate(
    conn: &mut DbConn,
    user: &AuthUser,
    id: i64,
    n: NewAllocation,
    today: chrono::NaiveDate,
) -> ApiResult<db::Allocation> {
    let r = managed(conn, user, id)?;
    let resource_area = areas::find(conn, r.area_id)?.ok_or_else(|| ApiError::not_found("区域"))?;
    let target = areas::find(conn, n.area_id)?;
    let inside = target
        .as_ref()
        .is_some_and(|a| a.path.starts_with(&resource_area.path));
    let note = trimmed(n.note);
    let mut errors = allocation_fields(
        n.quantity,
        note.as_deref(),
        target.as_ref().map(|a| a.level),
        inside,
    )
    .err()
    .unwrap_or_default();
    if let Some(need) = n.need_id
        && needs::find(conn, need)?.is_none()
    {
        errors.push(youai_types::FieldError::new(
            "need_id",
            "not_found",
            "需求不存在",
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let date = n.date.unwrap_or(today);
    let start = allocatable(
        r.status,
        r.available_from,
        r.available_until,
        r.period,
        date,
    )
    .map_err(|refusal| ApiError::conflict(refusal.code(), refusal.message()))?;
    if !db::take(conn, r.id, start, n.quantity, r.capacity)? {
        let left = remaining(r.capacity, db::allocated(conn, r.id, start)?);
        let mut err = ApiError::conflict(
            "capacity_exceeded",
            format!(
                "超出本期容量：自 {start} 起的一期还可下沉 {left} {}，申请 {}",
                r.unit, n.quantity
            ),
        );
        err.errors = vec![youai_types::FieldError::new(
            "quantity",
            "capacity_exceeded",
            format!("本期还可下沉 {left} {}", r.unit),
        )];
        return Err(err);
    }
    let a = db::insert_allocation(
        conn,
        &db::NewAllocation {
            resource_id: r.id,
            area_id: n.area_id,
            quantity: n.quantity,
            period_start: start,
            need_id: n.need_id,
            note,
            allocated_by: Some(user.id),
        },
    )?;
    crate::audit::record(
        conn,
        user,
        "resource.allocate",
        "resource",
        r.id,
        None,
        Some(
            serde_json::json!({"allocation_id": a.id, "area_id": a.area_id,
            "quantity": a.quantity, "period_start": a.period_start, "need_id": a.need_id}),
        ),
    )?;
    Ok(a)
}
