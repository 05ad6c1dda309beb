//! Writing the lists' plan in one transaction: agencies and their projects, 大新镇's lecture
//! series, the residents served, resources, needs with their links, events and activities,
//! and the allocations with their periods' counters.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use serde_json::json;
use youai_db::activities::{NewProject, ProjectFields, insert_projects};
use youai_db::json::Json;
use youai_db::lists_demo::{
    self as db, NewAgency, NewAllocation, NewNeed, NewNeedEvent, NewNeedLink, NewPeriod,
    NewResource,
};
use youai_db::{DbConn, areas, needs, teams, users};
use youai_types::{AreaLevel, ProjectStatus, ResourceStatus, TeamKind};

use super::catalogue::LECTURES;
use super::{Details, Inputs, LinkTo, plan};
/// The demo resident (张小友), who submitted two of 金都社区's needs herself.
const RESIDENT_LOGIN: &str = "13800000002";

/// What [`load_lists`] added.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct ListsReport {
    pub agencies: usize,
    /// The services on the agencies' menus, published as projects in their name.
    pub agency_projects: usize,
    pub resources: usize,
    pub allocations: usize,
    pub needs: usize,
    pub need_events: usize,
    pub need_links: usize,
    /// 大新镇 新时代讲堂's sessions.
    pub lecture_sessions: usize,
    /// Finished activities given the residents they served.
    pub residents_recorded: usize,
}

fn inputs(conn: &mut DbConn) -> anyhow::Result<Inputs> {
    Ok(Inputs {
        areas: areas::all(conn)?
            .into_iter()
            .map(|a| (a.id, a.level, a.name, a.path))
            .collect(),
        categories: needs::categories(conn)?
            .into_iter()
            .map(|c| (c.id, c.name, c.serves.0))
            .collect(),
        teams: teams::all_approved(conn)?
            .into_iter()
            .map(|t| (t.id, t.area_id, t.kind == TeamKind::TownDetachment))
            .collect(),
        projects: db::published_projects(conn)?
            .into_iter()
            .filter(|p| p.3.is_some())
            .map(|(id, category, area, _)| (id, category, area))
            .collect(),
        activities: db::finished_activities(conn)?,
        resident: users::find_by_phone(conn, RESIDENT_LOGIN)?.map(|u| u.id),
    })
}

/// Adds the lists as of `as_of` to a database with the demo city (and, when loaded, its corps
/// and history); does nothing (and reports zeros) when any agency exists. One transaction.
pub fn load_lists(conn: &mut DbConn, as_of: NaiveDate) -> anyhow::Result<ListsReport> {
    conn.write_transaction(|conn| {
        if db::count_agencies(conn)? > 0 {
            return Ok(ListsReport::default());
        }
        let input = inputs(conn)?;
        let plan = plan(&input, as_of);
        let mut report = ListsReport::default();

        let agency_ids = db::insert_agencies(
            conn,
            &plan
                .agencies
                .iter()
                .map(|a| NewAgency {
                    name: a.name.to_owned(),
                    kind: a.kind,
                    area_id: a.area_id,
                    contact_name: Some(a.contact_name.clone()),
                    contact_phone: Some(a.contact_phone.clone()),
                    description: Some(a.description.clone()),
                    created_at: super::plan::to_utc(as_of - Duration::days(900), 9 * 60),
                    updated_at: super::plan::to_utc(as_of - Duration::days(900), 9 * 60),
                })
                .collect::<Vec<_>>(),
        )?;
        report.agencies = agency_ids.len();

        // The agencies' menus as projects in their name (then given their agency's id), and
        // the lecture series.
        let mut projects: Vec<NewProject> = plan
            .agency_projects
            .iter()
            .map(|p| NewProject {
                fields: ProjectFields {
                    title: p.title.clone(),
                    description: Some(format!(
                        "{}面向基层提供的{}服务，村（社区）可按需点单。",
                        plan.agencies.get(p.agency).map_or("", |a| a.name),
                        p.category
                    )),
                    category: p.category.to_owned(),
                    target_groups: Json(p.target_groups.clone()),
                    level: p.level,
                    area_id: p.area_id,
                    owner_team_id: None,
                    owner_agency: plan.agencies.get(p.agency).map(|a| a.name.to_owned()),
                    // Set below with one UPDATE, once the agencies have their ids.
                    owner_agency_id: None,
                },
                status: ProjectStatus::Published,
                batch_id: None,
                published_at: Some(p.published_at),
                created_by: None,
                created_at: p.published_at - Duration::days(10),
                updated_at: p.published_at,
            })
            .collect();
        if let Some(l) = &plan.lectures {
            projects.push(NewProject {
                fields: ProjectFields {
                    title: LECTURES.1.to_owned(),
                    description: Some(
                        "大新镇新时代文明实践所的常态化宣讲品牌：百姓名嘴、专家学者每周走进村（社区），讲政策、讲法律、讲健康、讲身边事。"
                            .to_owned(),
                    ),
                    category: "理论宣讲".to_owned(),
                    target_groups: Json(vec!["农村群众".to_owned(), "社区居民".to_owned()]),
                    level: AreaLevel::Town,
                    area_id: l.area_id,
                    owner_team_id: Some(l.team_id),
                    owner_agency: None,
                    owner_agency_id: None,
                },
                status: ProjectStatus::Published,
                batch_id: None,
                published_at: Some(l.published_at),
                created_by: None,
                created_at: l.published_at - Duration::days(10),
                updated_at: l.published_at,
            });
        }
        let project_ids = insert_projects(conn, &projects)?;
        report.agency_projects = plan.agency_projects.len().min(project_ids.len());
        db::link_project_agencies(conn)?;
        if let (Some(l), Some(series)) = (&plan.lectures, project_ids.get(plan.agency_projects.len())) {
            for (activity, n, served) in &l.sessions {
                let title = format!("新时代讲堂·第{n}讲");
                db::make_session(conn, *activity, *series, &title, "理论宣讲", *served)?;
            }
            report.lecture_sessions = l.sessions.len();
        }
        report.residents_recorded = db::fill_residents_served(conn)? + report.lecture_sessions;

        let resource_ids = db::insert_resources(
            conn,
            &plan
                .resources
                .iter()
                .map(|r| NewResource {
                    kind: r.kind,
                    title: r.title.clone(),
                    description: Some(r.description.clone()),
                    provider_agency_id: r.agency.and_then(|i| agency_ids.get(i).copied()),
                    provider_team_id: r.team,
                    level: r.level,
                    area_id: r.area_id,
                    topics: Json(r.topics.clone()),
                    target_groups: Json(r.target_groups.clone()),
                    capacity: r.capacity,
                    unit: r.unit.to_owned(),
                    period: r.period,
                    available_from: Some(r.created_at.date()),
                    available_until: None,
                    status: ResourceStatus::Active,
                    created_by: None,
                    created_at: r.created_at,
                    updated_at: r.created_at,
                })
                .collect::<Vec<_>>(),
        )?;
        report.resources = resource_ids.len();

        // Needs: those standing alone first, then the merged (pointing at them).
        let order: Vec<usize> = (0..plan.needs.len())
            .filter(|i| plan.needs.get(*i).is_some_and(|n| n.merged_into.is_none()))
            .chain((0..plan.needs.len()).filter(|i| {
                plan.needs.get(*i).is_some_and(|n| n.merged_into.is_some())
            }))
            .collect();
        let mut need_ids = vec![0i64; plan.needs.len()];
        for pass in [false, true] {
            let batch: Vec<usize> = order
                .iter()
                .copied()
                .filter(|i| plan.needs.get(*i).is_some_and(|n| n.merged_into.is_some() == pass))
                .collect();
            let rows: Vec<NewNeed> = batch
                .iter()
                .filter_map(|i| plan.needs.get(*i))
                .map(|n| NewNeed {
                    code: n.code.clone(),
                    title: n.title.clone(),
                    description: Some(n.description.clone()),
                    category_id: n.category_id,
                    area_id: n.area_id,
                    people_affected: n.people_affected,
                    target_group: Some(n.target_group.clone()),
                    channel: n.channel,
                    contact_name: Some(n.contact_name.clone()),
                    contact_phone: Some(n.contact_phone.clone()),
                    submitted_by: n.submitted_by,
                    recorded_by: None,
                    status: n.status,
                    merged_into: n.merged_into.and_then(|t| need_ids.get(t).copied()),
                    supporters: n.supporters,
                    urgency_rank: n.urgency_rank,
                    reject_reason: n.reject_reason.clone(),
                    decided_at: n.decided_at,
                    fulfilled_at: n.fulfilled_at,
                    rating: n.rating.as_ref().map(|r| r.0),
                    rating_comment: n.rating.as_ref().map(|r| r.1.clone()),
                    created_at: n.created_at,
                    updated_at: n.events.last().map_or(n.created_at, |e| e.at),
                })
                .collect();
            for (i, id) in batch.iter().zip(db::insert_needs(conn, &rows)?) {
                if let Some(slot) = need_ids.get_mut(*i) {
                    *slot = id;
                }
            }
        }
        report.needs = plan.needs.len();

        let id_of = |i: usize| need_ids.get(i).copied().unwrap_or(0);
        let mut events = Vec::new();
        let mut links = Vec::new();
        for (i, n) in plan.needs.iter().enumerate() {
            let link = n.link.as_ref().map(|l| match l.to {
                LinkTo::Resource(r) => (resource_ids.get(r).copied(), None, l),
                LinkTo::Project(p) => (None, Some(p), l),
            });
            if let Some((resource_id, project_id, l)) = &link {
                links.push(NewNeedLink {
                    need_id: id_of(i),
                    resource_id: *resource_id,
                    project_id: *project_id,
                    score: l.score,
                    reasons: Json(l.reasons.iter().enumerate().filter_map(|(i, r)| reason(i, r)).collect()),
                    linked_by: None,
                    created_at: l.at,
                });
            }
            for e in &n.events {
                let details = match &e.details {
                    Details::None => None,
                    Details::Value(v) => Some(v.clone()),
                    Details::MergedInto(t) => Some(json!({
                        "into": id_of(*t),
                        "code": plan.needs.get(*t).map(|x| x.code.clone()),
                    })),
                    Details::Absorbed(m, s) => Some(json!({
                        "from": id_of(*m),
                        "code": plan.needs.get(*m).map(|x| x.code.clone()),
                        "supporters": s,
                    })),
                    Details::Link => link.as_ref().map(|(r, p, l)| {
                        json!({"resource_id": r, "project_id": p, "score": l.score, "reasons": l.reasons})
                    }),
                    Details::Activities(ids) => Some(json!({"activity_ids": ids})),
                };
                events.push(NewNeedEvent {
                    need_id: id_of(i),
                    kind: e.kind,
                    from_status: e.from,
                    to_status: e.to,
                    actor_id: None,
                    note: e.note.clone(),
                    details: details.map(Json),
                    created_at: e.at,
                });
            }
            for a in &n.activities {
                db::set_activity_need(conn, *a, id_of(i))?;
            }
        }
        events.sort_by_key(|e| (e.created_at, e.need_id));
        report.need_events = db::insert_need_events(conn, &events)?;
        report.need_links = db::insert_need_links(conn, &links)?;

        // Allocations, and each period's total for the capacity counter.
        let mut periods: BTreeMap<(i64, NaiveDate), i32> = BTreeMap::new();
        let mut allocations: Vec<NewAllocation> = plan
            .allocations
            .iter()
            .filter_map(|a| {
                let resource_id = resource_ids.get(a.resource).copied()?;
                *periods.entry((resource_id, a.period_start)).or_insert(0) += a.quantity;
                Some(NewAllocation {
                    resource_id,
                    area_id: a.area_id,
                    quantity: a.quantity,
                    period_start: a.period_start,
                    need_id: a.need.map(id_of),
                    note: Some(a.note.clone()),
                    allocated_by: None,
                    created_at: a.at,
                })
            })
            .collect();
        allocations.sort_by_key(|a| (a.created_at, a.resource_id));
        report.allocations = db::insert_allocations(conn, &allocations)?;
        db::insert_periods(
            conn,
            &periods
                .into_iter()
                .map(|((resource_id, period_start), allocated)| NewPeriod {
                    resource_id,
                    period_start,
                    allocated,
                })
                .collect::<Vec<_>>(),
        )?;
        Ok(report)
    })
}

/// A planned link's reason as the API states reasons: the first is the fit; then where it
/// comes from (same village, town or the city). Other notes stay in the link event only.
fn reason(i: usize, text: &str) -> Option<youai_types::ProposalReason> {
    use youai_types::ReasonCode as C;
    let (code, points) = match i {
        0 => (C::Fits, youai_domain::matching::FIT_POINTS),
        _ if text.contains("村") => (C::SameVillage, youai_domain::matching::SAME_VILLAGE_POINTS),
        _ if text.contains("镇") => (C::SameTown, youai_domain::matching::SAME_TOWN_POINTS),
        _ if text.contains("市") => (C::CityLevel, youai_domain::matching::CITY_POINTS),
        _ => return None,
    };
    Some(youai_types::ProposalReason {
        code,
        points,
        value: None,
        text: text.to_owned(),
    })
}
