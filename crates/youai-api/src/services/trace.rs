//! A need's trace (需求追踪): one document from intake, through merges, reviews and the
//! proposals chosen, to the activities run for it, the volunteers and verified hours, the
//! residents served and the resident's rating. Staff of the need's area read it in full; the
//! public reads it anonymised (no contacts, no names of people).

use std::collections::{BTreeSet, HashMap};

use youai_db::activities as adb;
use youai_db::needs::links as db;
use youai_db::needs::{self, Need};
use youai_db::resources as rdb;
use youai_db::{DbConn, areas};
use youai_domain::access::{self, Action, Target};
use youai_types::{
    NeedTrace, TraceActivity, TraceAllocation, TraceEvent, TraceTotals, TraceVolunteer,
};

use crate::auth::AuthUser;
use crate::convert::utc;
use crate::error::{ApiError, ApiResult};

/// Whether the caller reads the need in full: staff who review or record needs in its area.
pub fn full_view(conn: &mut DbConn, user: Option<&AuthUser>, need: &Need) -> ApiResult<bool> {
    let Some(u) = user else {
        return Ok(false);
    };
    let path = areas::find(conn, need.area_id)?
        .map(|a| a.path)
        .unwrap_or_default();
    let target = Target::Area(&path);
    Ok(access::permits(&u.grants, Action::ReviewNeeds, &target)
        || access::permits(&u.grants, Action::RecordNeeds, &target))
}

/// Names of people in an event's particulars, left out of the public trace: reviewers present
/// become their number.
fn anonymise(details: serde_json::Value) -> serde_json::Value {
    match details {
        serde_json::Value::Object(mut m) => {
            if let Some(serde_json::Value::Array(names)) = m.remove("reviewers") {
                m.insert("reviewer_count".into(), names.len().into());
            }
            m.remove("contact_name");
            m.remove("contact_phone");
            serde_json::Value::Object(m)
        }
        other => other,
    }
}

pub fn trace(conn: &mut DbConn, user: Option<&AuthUser>, id: i64) -> ApiResult<NeedTrace> {
    let need = needs::find(conn, id)?.ok_or_else(|| ApiError::not_found("需求"))?;
    let full = full_view(conn, user, &need)?;
    let events = needs::events(conn, need.id)?;
    let actor_ids: Vec<i64> = events
        .iter()
        .filter_map(|e| e.actor_id)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let actors = if full {
        db::user_names(conn, &actor_ids)?
    } else {
        HashMap::new()
    };
    let events = events
        .into_iter()
        .map(|e| TraceEvent {
            kind: e.kind,
            at: utc(e.created_at),
            from: e.from_status,
            to: e.to_status,
            actor: e.actor_id.and_then(|a| actors.get(&a).cloned()),
            note: e.note,
            details: e.details.map(|d| if full { d.0 } else { anonymise(d.0) }),
        })
        .collect();
    let mut links = Vec::new();
    for l in db::links(conn, need.id)? {
        links.push(crate::services::matching::link_view(conn, l)?);
    }
    let mut allocations = Vec::new();
    for a in rdb::allocations_for_need(conn, need.id)? {
        let r = rdb::find(conn, a.resource_id)?;
        allocations.push(TraceAllocation {
            id: a.id,
            resource_id: a.resource_id,
            resource_title: r.as_ref().map(|r| r.title.clone()).unwrap_or_default(),
            quantity: a.quantity,
            unit: r.map(|r| r.unit).unwrap_or_default(),
            area_id: a.area_id,
            at: utc(a.created_at),
        });
    }
    let runs = adb::activities_for_need(conn, need.id)?;
    let ids: Vec<i64> = runs.iter().map(|a| a.id).collect();
    let served = db::served_hours(conn, &ids)?;
    let mut everyone = BTreeSet::new();
    let mut activities = Vec::new();
    for a in runs {
        // Per volunteer at this activity: their name and quarter hours.
        let mut by_volunteer: std::collections::BTreeMap<i64, (String, i64)> = Default::default();
        for h in served.iter().filter(|h| h.activity_id == a.id) {
            let v = by_volunteer
                .entry(h.volunteer_id)
                .or_insert_with(|| (h.volunteer_name.clone(), 0));
            v.1 += i64::from(h.quarters);
        }
        everyone.extend(by_volunteer.keys().copied());
        let quarters: i64 = by_volunteer.values().map(|(_, q)| q).sum();
        activities.push(TraceActivity {
            id: a.id,
            title: a.title,
            project_id: a.project_id,
            start_at: utc(a.start_at),
            end_at: utc(a.end_at),
            status: a.status,
            residents_served: a.residents_served,
            volunteer_count: by_volunteer.len() as i64,
            verified_hours: quarters as f64 / 4.0,
            volunteers: if full {
                by_volunteer
                    .into_iter()
                    .map(|(volunteer_id, (name, q))| TraceVolunteer {
                        volunteer_id,
                        name,
                        hours: q as f64 / 4.0,
                    })
                    .collect()
            } else {
                Vec::new()
            },
        });
    }
    let totals = TraceTotals {
        activities: activities.len() as i64,
        volunteers: everyone.len() as i64,
        verified_hours: activities.iter().map(|a| a.verified_hours).sum(),
        residents_served: activities
            .iter()
            .filter_map(|a| a.residents_served)
            .map(i64::from)
            .sum(),
    };
    Ok(NeedTrace {
        need_id: need.id,
        code: need.code,
        title: need.title,
        status: need.status,
        full,
        events,
        links,
        allocations,
        activities,
        totals,
        rating: need.rating,
        rating_comment: need.rating_comment,
    })
}
