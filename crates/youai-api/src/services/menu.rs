//! The menu (供单): putting a published project on the menu with the areas it serves, its
//! monthly capacity, notice and conditions; changing or withdrawing it; and the menu as shown,
//! with what is taken and left of the current month. Each write in one transaction, audited.
//!
//! Who manages an item: operators of its providing agency, leaders of its providing team (and
//! of the teams above), and admins of its project's area (platform admins everywhere).

use std::collections::HashMap;

use chrono::NaiveDate;
use serde_json::json;
use youai_db::orders::menu::{self as db, MenuFilter, MenuItem, MenuItemChanges};
use youai_db::page::{After, Sort};
use youai_db::{DbConn, activities, agencies, areas, teams};
use youai_domain::access::{Action, Target};
use youai_domain::menu::{MenuFields, menu_fields, unique_areas};
use youai_domain::orders::{month_of, remaining};
use youai_domain::validate::Errors;
use youai_types::{MenuItemPatch, MenuItemStatus, NewMenuItem, ProjectStatus, TeamStatus};

use crate::auth::{AuthUser, authorize};
use crate::convert::utc;
use crate::error::{ApiError, ApiResult};
use crate::services::orders::acts_for_team;

/// May the caller manage a menu item of this provider for a project in `project_area_id`?
pub fn authorize_provider(
    conn: &mut DbConn,
    user: &AuthUser,
    agency_id: Option<i64>,
    team_id: Option<i64>,
    project_area_id: i64,
) -> ApiResult<()> {
    if let Some(a) = agency_id
        && authorize(user, Action::ManageMenu, &Target::Agency(a)).is_ok()
    {
        return Ok(());
    }
    if let Some(t) = team_id
        && acts_for_team(conn, user, t)?
    {
        return Ok(());
    }
    let path = areas::find(conn, project_area_id)?
        .map(|a| a.path)
        .unwrap_or_default();
    authorize(user, Action::ManageMenu, &Target::Area(&path))
}

fn trimmed(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// Adds `not_found` for each of `ids` that is not an area.
fn check_areas(conn: &mut DbConn, e: &mut Errors, ids: &[i64]) -> ApiResult<()> {
    for (i, id) in ids.iter().enumerate() {
        if areas::find(conn, *id)?.is_none() {
            e.add(&format!("area_ids[{i}]"), "not_found", "区域不存在");
        }
    }
    Ok(())
}

/// Puts a published project on the menu (once): 422 `project_not_published`, 409
/// `already_on_menu`.
pub fn create(conn: &mut DbConn, user: &AuthUser, n: NewMenuItem) -> ApiResult<MenuItem> {
    let mut e = Errors::default();
    menu_fields(
        &mut e,
        &MenuFields {
            area_ids: Some(&n.area_ids),
            capacity_per_month: Some(n.capacity_per_month),
            lead_days: Some(n.lead_days),
            conditions: n.conditions.as_deref(),
        },
    );
    let area_ids = unique_areas(&n.area_ids);
    if area_ids.len() <= youai_domain::menu::MAX_AREAS {
        check_areas(conn, &mut e, &n.area_ids)?;
    }
    let project = activities::find_project(conn, n.project_id)?;
    match &project {
        None => e.add("project_id", "not_found", "项目不存在"),
        Some(p) if p.status != ProjectStatus::Published => e.add(
            "project_id",
            "project_not_published",
            "只有已发布的项目才能上架服务菜单",
        ),
        Some(_) => {}
    }
    let (agency_id, team_id) = match (n.provider_agency_id, n.provider_team_id) {
        (Some(_), Some(_)) => {
            e.add(
                "provider_team_id",
                "one_provider",
                "提供方只能是一个单位或一支队伍",
            );
            (None, None)
        }
        (None, None) => match &project {
            Some(p) => match (p.owner_agency_id, p.owner_team_id) {
                (Some(a), _) => (Some(a), None),
                (None, Some(t)) => (None, Some(t)),
                (None, None) => {
                    e.add(
                        "provider_agency_id",
                        "required",
                        "项目没有所属单位或队伍，请指定提供方",
                    );
                    (None, None)
                }
            },
            None => (None, None),
        },
        given => given,
    };
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
    let Some(project) = project else {
        return Err(ApiError::not_found("项目"));
    };
    authorize_provider(conn, user, agency_id, team_id, project.area_id)?;
    db::lock_project(conn, project.id)?;
    if db::find_by_project(conn, project.id)?.is_some() {
        return Err(ApiError::conflict(
            "already_on_menu",
            "该项目已在服务菜单上，请修改原菜单项",
        ));
    }
    let now = youai_db::now();
    let item = db::insert(
        conn,
        &db::NewMenuItemRow {
            project_id: project.id,
            provider_agency_id: agency_id,
            provider_team_id: team_id,
            capacity_per_month: n.capacity_per_month,
            lead_days: n.lead_days,
            conditions: trimmed(n.conditions),
            status: MenuItemStatus::Active,
            created_by: Some(user.id),
            created_at: now,
            updated_at: now,
        },
        &area_ids,
    )?;
    crate::audit::record(
        conn,
        user,
        "menu_item.create",
        "menu_item",
        item.id,
        None,
        Some(audit_state(&item, &area_ids)),
    )?;
    Ok(item)
}

fn audit_state(i: &MenuItem, area_ids: &[i64]) -> serde_json::Value {
    json!({"project_id": i.project_id, "provider_agency_id": i.provider_agency_id,
        "provider_team_id": i.provider_team_id, "area_ids": area_ids,
        "capacity_per_month": i.capacity_per_month, "lead_days": i.lead_days,
        "conditions": i.conditions, "status": i.status})
}

/// The item, or 404.
pub fn find(conn: &mut DbConn, id: i64) -> ApiResult<MenuItem> {
    db::find(conn, id)?.ok_or_else(|| ApiError::not_found("菜单项"))
}

/// Changes an item, or withdraws (or restores) it via `status`. Lowering the capacity below
/// what this month has taken is allowed: orders already accepted stand, and what is left
/// shows 0 until the next month.
pub fn update(
    conn: &mut DbConn,
    user: &AuthUser,
    id: i64,
    p: MenuItemPatch,
) -> ApiResult<MenuItem> {
    let current = find(conn, id)?;
    let project = activities::find_project(conn, current.project_id)?
        .ok_or_else(|| ApiError::not_found("项目"))?;
    authorize_provider(
        conn,
        user,
        current.provider_agency_id,
        current.provider_team_id,
        project.area_id,
    )?;
    let mut e = Errors::default();
    menu_fields(
        &mut e,
        &MenuFields {
            area_ids: p.area_ids.as_deref(),
            capacity_per_month: p.capacity_per_month,
            lead_days: p.lead_days,
            conditions: p.conditions.as_deref(),
        },
    );
    if let Some(ids) = &p.area_ids
        && ids.len() <= youai_domain::menu::MAX_AREAS
    {
        check_areas(conn, &mut e, ids)?;
    }
    e.into_result().map_err(ApiError::validation)?;
    let before_areas: Vec<i64> = db::areas_of(conn, &[id])?
        .into_iter()
        .map(|(_, a)| a)
        .collect();
    let changes = MenuItemChanges {
        capacity_per_month: p.capacity_per_month.unwrap_or(current.capacity_per_month),
        lead_days: p.lead_days.unwrap_or(current.lead_days),
        conditions: match p.conditions {
            Some(c) => trimmed(Some(c)),
            None => current.conditions.clone(),
        },
        status: p.status.unwrap_or(current.status),
        updated_at: youai_db::now(),
    };
    let item = db::update(conn, id, &changes)?;
    let after_areas = match &p.area_ids {
        Some(ids) => {
            let ids = unique_areas(ids);
            db::set_areas(conn, id, &ids)?;
            ids
        }
        None => before_areas.clone(),
    };
    crate::audit::record(
        conn,
        user,
        "menu_item.update",
        "menu_item",
        id,
        Some(audit_state(&current, &before_areas)),
        Some(audit_state(&item, &after_areas)),
    )?;
    Ok(item)
}

/// A page of the menu (`limit + 1` rows), as shown in `today`'s month.
pub fn list(
    conn: &mut DbConn,
    f: &MenuFilter,
    sort: Sort,
    after: Option<&After>,
    limit: i64,
    today: NaiveDate,
) -> ApiResult<Vec<youai_types::MenuItem>> {
    let rows = db::list(conn, f, sort, after, limit)?;
    views(conn, rows.into_iter().map(|(i, _)| i).collect(), today)
}

/// Menu items as the API shows them, in `today`'s month: one query per relation.
pub fn views(
    conn: &mut DbConn,
    items: Vec<MenuItem>,
    today: NaiveDate,
) -> ApiResult<Vec<youai_types::MenuItem>> {
    let month = month_of(today);
    let ids: Vec<i64> = items.iter().map(|i| i.id).collect();
    let mut project_ids: Vec<i64> = items.iter().map(|i| i.project_id).collect();
    project_ids.sort_unstable();
    project_ids.dedup();
    let projects: HashMap<i64, activities::Project> = db::projects_of(conn, &project_ids)?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let agency_ids: Vec<i64> = items.iter().filter_map(|i| i.provider_agency_id).collect();
    let agency_names: HashMap<i64, String> = agencies::by_ids(conn, &agency_ids)?
        .into_iter()
        .map(|a| (a.id, a.name))
        .collect();
    let team_ids: Vec<i64> = items.iter().filter_map(|i| i.provider_team_id).collect();
    let team_names: HashMap<i64, String> = if team_ids.is_empty() {
        HashMap::new()
    } else {
        teams::find_many(conn, &team_ids)?
            .into_iter()
            .map(|t| (t.id, t.name))
            .collect()
    };
    let mut served: HashMap<i64, Vec<i64>> = HashMap::new();
    for (item, area) in db::areas_of(conn, &ids)? {
        served.entry(item).or_default().push(area);
    }
    let taken: HashMap<i64, i32> = db::taken_in(conn, &ids, month)?.into_iter().collect();
    let mut out = Vec::with_capacity(items.len());
    for i in items {
        let p = projects
            .get(&i.project_id)
            .ok_or_else(|| ApiError::internal("a menu item's project went missing"))?;
        let provider_name = match (i.provider_agency_id, i.provider_team_id) {
            (Some(a), _) => agency_names.get(&a).cloned(),
            (None, Some(t)) => team_names.get(&t).cloned(),
            (None, None) => None,
        }
        .unwrap_or_default();
        let taken_this_month = taken.get(&i.id).copied().unwrap_or(0);
        out.push(youai_types::MenuItem {
            id: i.id,
            project_id: i.project_id,
            title: p.title.clone(),
            description: p.description.clone(),
            category: p.category.clone(),
            target_groups: p.target_groups.0.clone(),
            provider_agency_id: i.provider_agency_id,
            provider_team_id: i.provider_team_id,
            provider_name,
            area_ids: served.remove(&i.id).unwrap_or_default(),
            capacity_per_month: i.capacity_per_month,
            lead_days: i.lead_days,
            conditions: i.conditions,
            status: i.status,
            month,
            taken_this_month,
            remaining_this_month: remaining(i.capacity_per_month, taken_this_month),
            created_at: utc(i.created_at),
            updated_at: utc(i.updated_at),
        });
    }
    Ok(out)
}

/// One item as shown.
pub fn view(
    conn: &mut DbConn,
    item: MenuItem,
    today: NaiveDate,
) -> ApiResult<youai_types::MenuItem> {
    views(conn, vec![item], today)?
        .pop()
        .ok_or_else(|| ApiError::not_found("菜单项"))
}
