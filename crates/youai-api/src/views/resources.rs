//! Agencies, resources and allocations as the API shows them.

use std::collections::HashMap;

use chrono::NaiveDate;
use youai_db::{DbConn, agencies, resources as db, teams};
use youai_domain::resources::{period_start, remaining};
use youai_types::{Agency, Allocation, Resource, ResourcePeriod, ResourceUsage};

use crate::convert::utc;
use crate::error::ApiResult;

pub fn agency(a: agencies::Agency) -> Agency {
    Agency {
        id: a.id,
        name: a.name,
        kind: a.kind,
        area_id: a.area_id,
        contact_name: a.contact_name,
        contact_phone: a.contact_phone,
        description: a.description,
        created_at: utc(a.created_at),
        updated_at: utc(a.updated_at),
    }
}

pub fn allocation(a: db::Allocation) -> Allocation {
    Allocation {
        id: a.id,
        resource_id: a.resource_id,
        area_id: a.area_id,
        quantity: a.quantity,
        period_start: a.period_start,
        need_id: a.need_id,
        note: a.note,
        allocated_by: a.allocated_by,
        created_at: utc(a.created_at),
    }
}

/// Resources with their providers' names and their usage in the period `today` falls in:
/// one query for the agencies, one for the teams and one for the counters, whatever the page.
pub fn resources(
    conn: &mut DbConn,
    rows: Vec<db::Resource>,
    today: NaiveDate,
) -> ApiResult<Vec<Resource>> {
    let agency_ids: Vec<i64> = rows.iter().filter_map(|r| r.provider_agency_id).collect();
    let team_ids: Vec<i64> = rows.iter().filter_map(|r| r.provider_team_id).collect();
    let agency_names: HashMap<i64, String> = agencies::by_ids(conn, &agency_ids)?
        .into_iter()
        .map(|a| (a.id, a.name))
        .collect();
    let team_names: HashMap<i64, String> = teams::find_many(conn, &team_ids)?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect();
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let starts = [
        ResourcePeriod::Month,
        ResourcePeriod::Quarter,
        ResourcePeriod::Year,
    ]
    .map(|p| period_start(today, p));
    let used: HashMap<(i64, NaiveDate), i32> = db::allocated_in(conn, &ids, &starts)?
        .into_iter()
        .map(|(id, start, n)| ((id, start), n))
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| {
            let start = period_start(today, r.period);
            let allocated = used.get(&(r.id, start)).copied().unwrap_or(0);
            let provider_name = match (r.provider_agency_id, r.provider_team_id) {
                (Some(a), _) => agency_names.get(&a).cloned(),
                (None, Some(t)) => team_names.get(&t).cloned(),
                (None, None) => None,
            }
            .unwrap_or_default();
            resource(r, provider_name, start, allocated)
        })
        .collect())
}

pub fn resource(
    r: db::Resource,
    provider_name: String,
    start: NaiveDate,
    allocated: i32,
) -> Resource {
    let left = remaining(r.capacity, allocated);
    Resource {
        id: r.id,
        kind: r.kind,
        title: r.title,
        description: r.description,
        provider_agency_id: r.provider_agency_id,
        provider_team_id: r.provider_team_id,
        provider_name,
        level: r.level,
        area_id: r.area_id,
        topics: r.topics.0,
        target_groups: r.target_groups.0,
        capacity: r.capacity,
        unit: r.unit,
        period: r.period,
        available_from: r.available_from,
        available_until: r.available_until,
        status: r.status,
        remaining: left,
        usage: ResourceUsage {
            period_start: start,
            allocated,
            remaining: left,
        },
        created_at: utc(r.created_at),
        updated_at: utc(r.updated_at),
    }
}
