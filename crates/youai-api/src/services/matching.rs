//! Matching a need (需求对接): proposals ranked with their reasons, linking one (a project, or
//! a resource that becomes the need's project), and the need following the activities run for
//! it — in service once one is published, fulfilled once one finishes.

use std::collections::{BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate};
use youai_db::activities::{self as adb, Activity, ProjectFields};
use youai_db::needs::links::{self as db, NewLink};
use youai_db::needs::{self, Need, NewEvent};
use youai_db::resources::{self as rdb, Resource};
use youai_db::{DbConn, areas};
use youai_domain::access::{Action, Target};
use youai_domain::matching::{CandidateFacts, Capacity, NeedFacts, score};
use youai_types::{
    ActivityAction, AreaLevel, NeedEventKind, NeedLink, NeedStatus, NewNeedLink, ProjectStatus,
    Proposal, ProposalKind, ProposalReason, ResourcePeriod, ResourceStatus,
};

use crate::auth::{AuthUser, authorize};
use crate::convert::utc;
use crate::error::{ApiError, ApiResult};
use youai_db::json::Json;

/// The most proposals returned.
pub const MAX_PROPOSALS: usize = 20;

/// The first day of the period `day` falls in.
pub fn period_start(period: ResourcePeriod, day: NaiveDate) -> NaiveDate {
    let month = match period {
        ResourcePeriod::Month => day.month(),
        ResourcePeriod::Quarter => (day.month() - 1) / 3 * 3 + 1,
        ResourcePeriod::Year => 1,
    };
    NaiveDate::from_ymd_opt(day.year(), month, 1).unwrap_or(day)
}

/// The area ids on a materialised path, root first: `/1/4/9/` → 1, 4, 9.
fn path_ids(path: &str) -> Vec<i64> {
    path.split('/').filter_map(|p| p.parse().ok()).collect()
}

/// The need and its village's path, for a reviewer of its area (403 otherwise; 404 if none).
pub fn for_reviewer(conn: &mut DbConn, user: &AuthUser, id: i64) -> ApiResult<(Need, String)> {
    let need = needs::find(conn, id)?.ok_or_else(|| ApiError::not_found("需求"))?;
    let path = areas::find(conn, need.area_id)?
        .map(|a| a.path)
        .unwrap_or_default();
    authorize(user, Action::ReviewNeeds, &Target::Area(&path))?;
    Ok((need, path))
}

/// 409 unless the need is accepted (or already matched or in service: more may be linked).
fn check_linkable(need: &Need) -> ApiResult<()> {
    match need.status {
        NeedStatus::Accepted | NeedStatus::Matched | NeedStatus::InService => Ok(()),
        s => Err(ApiError::conflict(
            "need_not_accepted",
            format!(
                "需求当前状态为“{}”：只有已受理的需求才能对接资源和项目",
                s.as_str()
            ),
        )),
    }
}

/// Everything scoring needs, loaded once for a need.
struct Ground {
    category: String,
    serves: Vec<String>,
    path: String,
    areas: HashMap<i64, (String, String)>,
    allocated: HashMap<(i64, NaiveDate), i32>,
    today: NaiveDate,
}

impl Ground {
    fn load(
        conn: &mut DbConn,
        need: &Need,
        path: String,
        resources: &[Resource],
    ) -> ApiResult<Self> {
        let cat = needs::find_category(conn, need.category_id)?;
        let (category, serves) = cat.map(|c| (c.name, c.serves.0)).unwrap_or_default();
        let ids: Vec<i64> = resources.iter().map(|r| r.id).collect();
        let area_ids = path_ids(&path);
        Ok(Ground {
            category,
            serves,
            areas: db::area_names(conn, &area_ids)?,
            allocated: db::allocated(conn, &ids)?,
            today: crate::clock::city_today(),
            path,
        })
    }

    fn need<'a>(&'a self, need: &'a Need) -> NeedFacts<'a> {
        NeedFacts {
            category: &self.category,
            serves: &self.serves,
            target_group: need.target_group.as_deref(),
            village_path: &self.path,
        }
    }

    fn area(&self, id: i64) -> (&str, &str) {
        self.areas
            .get(&id)
            .map_or(("", ""), |(n, p)| (n.as_str(), p.as_str()))
    }

    /// A resource's score and reasons (None: not a proposal, e.g. outside its window).
    fn resource(
        &self,
        need: &Need,
        r: &Resource,
        rating: Option<(f64, i64)>,
    ) -> Option<(i32, Vec<ProposalReason>, i32)> {
        let open = r.status == ResourceStatus::Active
            && r.available_from.is_none_or(|d| d <= self.today)
            && r.available_until.is_none_or(|d| d >= self.today);
        if !open {
            return None;
        }
        let start = period_start(r.period, self.today);
        let used = self.allocated.get(&(r.id, start)).copied().unwrap_or(0);
        let remaining = r.capacity - used;
        let c = CandidateFacts {
            topics: &r.topics.0,
            target_groups: &r.target_groups.0,
            area_path: self.area(r.area_id).1,
            level: r.level,
            capacity: Some(Capacity {
                remaining,
                capacity: r.capacity,
                unit: &r.unit,
            }),
            rating,
        };
        score(&self.need(need), &c).map(|(s, why)| (s, why, remaining))
    }

    /// A project's score and reasons, from its category, target groups and area.
    fn project(
        &self,
        need: &Need,
        p: ProjectFacts<'_>,
        rating: Option<(f64, i64)>,
    ) -> Option<(i32, Vec<ProposalReason>)> {
        let topics = [p.category.to_owned()];
        let c = CandidateFacts {
            topics: &topics,
            target_groups: p.target_groups,
            area_path: self.area(p.area_id).1,
            level: p.level,
            capacity: None,
            rating,
        };
        score(&self.need(need), &c)
    }
}

/// What scoring reads of a project (a candidate row, or a whole project being linked).
#[derive(Clone, Copy)]
struct ProjectFacts<'a> {
    category: &'a str,
    target_groups: &'a [String],
    area_id: i64,
    level: AreaLevel,
}

impl<'a> From<&'a db::CandidateProject> for ProjectFacts<'a> {
    fn from(p: &'a db::CandidateProject) -> Self {
        ProjectFacts {
            category: &p.category,
            target_groups: &p.target_groups.0,
            area_id: p.area_id,
            level: p.level,
        }
    }
}

impl<'a> From<&'a youai_db::activities::Project> for ProjectFacts<'a> {
    fn from(p: &'a youai_db::activities::Project) -> Self {
        ProjectFacts {
            category: &p.category,
            target_groups: &p.target_groups.0,
            area_id: p.area_id,
            level: p.level,
        }
    }
}

fn averages(sums: HashMap<i64, (i64, i64)>) -> HashMap<i64, (f64, i64)> {
    sums.into_iter()
        .filter(|(_, (_, n))| *n > 0)
        .map(|(id, (total, n))| (id, (total as f64 / n as f64, n)))
        .collect()
}

/// The proposals for an accepted need, best first.
pub fn proposals(conn: &mut DbConn, user: &AuthUser, id: i64) -> ApiResult<Vec<Proposal>> {
    let (need, path) = for_reviewer(conn, user, id)?;
    check_linkable(&need)?;
    let area_ids = path_ids(&path);
    let resources = db::candidate_resources(conn, &area_ids)?;
    let g = Ground::load(conn, &need, path, &resources)?;
    let projects = db::candidate_projects(conn, &area_ids, &g.serves)?;
    let resource_ratings = averages(db::ratings(conn, true)?);
    let project_ratings = averages(db::ratings(conn, false)?);
    let agency_ids: Vec<i64> = resources
        .iter()
        .filter_map(|r| r.provider_agency_id)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let team_ids: Vec<i64> = resources
        .iter()
        .filter_map(|r| r.provider_team_id)
        .chain(projects.iter().filter_map(|p| p.owner_team_id))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let agencies = db::agency_names(conn, &agency_ids)?;
    let teams = db::team_names(conn, &team_ids)?;
    let mut out = Vec::new();
    for r in &resources {
        let rating = resource_ratings.get(&r.id).copied();
        if let Some((points, reasons, remaining)) = g.resource(&need, r, rating) {
            let provider = r
                .provider_agency_id
                .and_then(|a| agencies.get(&a))
                .or_else(|| r.provider_team_id.and_then(|t| teams.get(&t)))
                .cloned();
            out.push(Proposal {
                kind: ProposalKind::Resource,
                id: r.id,
                title: r.title.clone(),
                level: r.level,
                area_id: r.area_id,
                area_name: g.area(r.area_id).0.to_owned(),
                provider,
                score: points,
                remaining: Some(remaining),
                reasons,
            });
        }
    }
    for p in &projects {
        let rating = project_ratings.get(&p.id).copied();
        if let Some((points, reasons)) = g.project(&need, p.into(), rating) {
            let provider = p
                .owner_agency
                .clone()
                .or_else(|| p.owner_team_id.and_then(|t| teams.get(&t)).cloned());
            out.push(Proposal {
                kind: ProposalKind::Project,
                id: p.id,
                title: p.title.clone(),
                level: p.level,
                area_id: p.area_id,
                area_name: g.area(p.area_id).0.to_owned(),
                provider,
                score: points,
                remaining: None,
                reasons,
            });
        }
    }
    // Best first; at equal scores resources (which bring capacity) before projects, then ids.
    out.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then((a.kind == ProposalKind::Project).cmp(&(b.kind == ProposalKind::Project)))
            .then(a.id.cmp(&b.id))
    });
    out.truncate(MAX_PROPOSALS);
    Ok(out)
}

/// The link as the API shows it.
pub fn link_view(conn: &mut DbConn, l: db::Link) -> ApiResult<NeedLink> {
    let project_title = match l.project_id {
        Some(p) => adb::find_project(conn, p)?.map(|p| p.title),
        None => None,
    };
    Ok(NeedLink {
        id: l.id,
        need_id: l.need_id,
        resource_id: l.resource_id,
        project_id: l.project_id,
        project_title,
        score: l.score,
        reasons: l.reasons.0,
        created_at: utc(l.created_at),
    })
}

/// A published service project for the need, made from a resource and owned by its provider.
fn project_from_resource(
    conn: &mut DbConn,
    user: &AuthUser,
    need: &Need,
    r: &Resource,
    fit: Option<&str>,
) -> ApiResult<youai_db::activities::Project> {
    let owner_agency = match r.provider_agency_id {
        Some(a) => db::agency_names(conn, &[a])?.remove(&a),
        None => None,
    };
    let title: String = need.title.chars().take(100).collect();
    let fields = ProjectFields {
        title,
        description: Some(format!("为群众需求 {} 对接资源“{}”", need.code, r.title)),
        category: fit
            .or(r.topics.0.first().map(String::as_str))
            .unwrap_or("邻里互助")
            .to_owned(),
        target_groups: Json(need.target_group.iter().cloned().collect()),
        level: AreaLevel::Village,
        area_id: need.area_id,
        owner_team_id: r.provider_team_id,
        owner_agency,
        owner_agency_id: r.provider_agency_id,
    };
    let p = adb::insert_project(conn, &fields, user.id)?;
    db::set_project_agency(conn, p.id, r.provider_agency_id)?;
    // The reviewer links as an admin of the area, who reviews its projects: published at once.
    Ok(adb::set_project_status(
        conn,
        p.id,
        ProjectStatus::Published,
        None,
        None,
        Some(youai_db::now()),
    )?)
}

/// Links a proposal to a need: an accepted need becomes matched (leaving the ranked list).
/// Audited; one transaction.
pub fn link(conn: &mut DbConn, user: &AuthUser, id: i64, n: NewNeedLink) -> ApiResult<NeedLink> {
    let (need, path) = for_reviewer(conn, user, id)?;
    if n.project_id.is_some() == n.resource_id.is_some() {
        return Err(ApiError::field(
            "project_id",
            "exactly_one",
            "须且只能指定一个项目（project_id）或资源（resource_id）",
        ));
    }
    let mut e = youai_domain::validate::Errors::default();
    e.optional_text("note", n.note.as_deref(), 500);
    e.into_result().map_err(ApiError::validation)?;
    check_linkable(&need)?;
    let (project, resource_id, points, reasons) = match (n.project_id, n.resource_id) {
        (Some(pid), _) => {
            let p = adb::find_project(conn, pid)?
                .ok_or_else(|| ApiError::field("project_id", "not_found", "服务项目不存在"))?;
            match p.status {
                ProjectStatus::Published => {}
                ProjectStatus::Closed => {
                    return Err(ApiError::conflict(
                        "project_closed",
                        "服务项目已结束，不能再对接需求",
                    ));
                }
                _ => {
                    return Err(ApiError::conflict(
                        "project_not_published",
                        "服务项目尚未发布，不能对接需求",
                    ));
                }
            }
            let g = Ground::load(conn, &need, path, &[])?;
            let (points, reasons) = g.project(&need, (&p).into(), None).unwrap_or_default();
            (p, None, points, reasons)
        }
        (None, Some(rid)) => {
            let r = rdb::find(conn, rid)?
                .ok_or_else(|| ApiError::field("resource_id", "not_found", "资源不存在"))?;
            if r.status == ResourceStatus::Withdrawn {
                return Err(ApiError::conflict(
                    "resource_withdrawn",
                    "资源已撤回，不能再对接需求",
                ));
            }
            let g = Ground::load(conn, &need, path, std::slice::from_ref(&r))?;
            let (points, reasons, _) = g.resource(&need, &r, None).unwrap_or_default();
            let fit = reasons.iter().find_map(|x| {
                x.value
                    .clone()
                    .filter(|_| x.code == youai_types::ReasonCode::Fits)
            });
            let p = project_from_resource(conn, user, &need, &r, fit.as_deref())?;
            (p, Some(r.id), points, reasons)
        }
        (None, None) => unreachable!("checked above"),
    };
    let l = db::insert_link(
        conn,
        &NewLink {
            need_id: need.id,
            resource_id,
            project_id: Some(project.id),
            score: points,
            reasons: Json(reasons),
            linked_by: Some(user.id),
        },
    )?;
    let to = if need.status == NeedStatus::Accepted {
        needs::set_status(conn, need.id, NeedStatus::Matched)?;
        Some(NeedStatus::Matched)
    } else {
        None
    };
    needs::insert_event(
        conn,
        &NewEvent {
            need_id: need.id,
            kind: NeedEventKind::Link,
            from_status: to.map(|_| need.status),
            to_status: to,
            actor_id: Some(user.id),
            note: n.note.as_deref().map(str::trim).map(str::to_owned),
            details: Some(Json(serde_json::json!({
                "link_id": l.id, "project_id": project.id, "project_title": project.title,
                "resource_id": resource_id, "score": points,
            }))),
        },
    )?;
    crate::audit::record(
        conn,
        user,
        "need.link",
        "need",
        need.id,
        Some(serde_json::json!({"status": need.status.as_str()})),
        Some(serde_json::json!({
            "status": to.unwrap_or(need.status).as_str(), "project_id": project.id, "resource_id": resource_id,
        })),
    )?;
    link_view(conn, l)
}

/// Checks an activity may be run for `need_id` under `project_id`: the need is matched (or in
/// service) and linked to that project. 422 on `need_id` otherwise.
pub fn check_activity_need(conn: &mut DbConn, need_id: i64, project_id: i64) -> ApiResult<()> {
    let need = needs::find(conn, need_id)?
        .ok_or_else(|| ApiError::field("need_id", "not_found", "需求不存在"))?;
    if !matches!(need.status, NeedStatus::Matched | NeedStatus::InService) {
        return Err(ApiError::field(
            "need_id",
            "need_not_matched",
            "只能为已对接、尚未办结的需求安排活动",
        ));
    }
    if !db::is_linked_to_project(conn, need_id, project_id)? {
        return Err(ApiError::field(
            "need_id",
            "need_not_linked",
            "该需求未对接此服务项目",
        ));
    }
    Ok(())
}

/// The need follows an activity run for it: published or started → in service; finished →
/// fulfilled. Events name the activity.
pub fn follow_activity(
    conn: &mut DbConn,
    user: &AuthUser,
    a: &Activity,
    action: ActivityAction,
) -> ApiResult<()> {
    let Some(need_id) = a.need_id else {
        return Ok(());
    };
    let Some(need) = needs::find(conn, need_id)? else {
        return Ok(());
    };
    let (to, kind) = match (action, need.status) {
        (ActivityAction::Publish | ActivityAction::Start, NeedStatus::Matched) => {
            (NeedStatus::InService, NeedEventKind::InService)
        }
        (ActivityAction::Finish, NeedStatus::Matched | NeedStatus::InService) => {
            (NeedStatus::Fulfilled, NeedEventKind::Fulfilled)
        }
        _ => return Ok(()),
    };
    needs::set_status(conn, need_id, to)?;
    needs::insert_event(
        conn,
        &NewEvent {
            need_id,
            kind,
            from_status: Some(need.status),
            to_status: Some(to),
            actor_id: Some(user.id),
            note: None,
            details: Some(Json(serde_json::json!({
                "activity_id": a.id, "activity_title": a.title, "residents_served": a.residents_served,
            }))),
        },
    )?;
    crate::outbox::hooks::need_moved(conn, need_id, need.status, Some(user.id))?;
    Ok(())
}
