//! Writing the plan: batches, projects, finished activities with their sign-ups and records,
//! and the coming weeks' activities with their accepted sign-ups, in one transaction.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use youai_db::activities::{
    ActivityFields, NewActivity, NewProject, NewSignUp, ProjectFields, count_activities,
    find_batch_by_name, insert_activities, insert_batch_at, insert_projects, insert_sign_ups,
};
use youai_db::records::{NewRecord, insert_records_at};
use youai_db::{DbConn, areas, teams, venues, volunteers};
use youai_types::{
    ActivityStatus, ProjectStatus, RecordSource, RecordStatus, RiskLevel, SignUpStatus,
};

use super::catalogue::BATCHES;
use super::plan::{Featured, PlaceIn, TeamIn, VenueIn, plan, to_utc};
use crate::logins::{KIOSK_VENUE, LEADER_LOGIN, LEADER_TEAM, MEMBER_LOGIN, MEMBER_TEAM};
use youai_db::json::Json;

/// What [`load_activities`] added.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct ActivitiesReport {
    pub batches: usize,
    pub projects: usize,
    pub activities: usize,
    pub sign_ups: usize,
    pub records: usize,
    /// Verified service time, in quarter hours.
    pub quarters: i64,
    /// Records waiting for their team to verify them.
    pub pending: usize,
    /// Activities of the coming weeks, recruiting.
    pub upcoming: usize,
    /// Their accepted sign-ups.
    pub upcoming_sign_ups: usize,
}

/// The demo logins in the corps: the member and her team, the leader and the teams he leads,
/// and the kiosk's venue (each `None` when missing).
fn featured(conn: &mut DbConn) -> anyhow::Result<Featured> {
    let all = teams::all_approved(conn)?;
    let member_team = all.iter().find(|t| t.name == MEMBER_TEAM).map(|t| t.id);
    let led: Vec<i64> = match all.iter().find(|t| t.name == LEADER_TEAM) {
        Some(top) => std::iter::once(top.id)
            .chain(
                all.iter()
                    .filter(|t| t.id != top.id && t.path.starts_with(&top.path))
                    .map(|t| t.id),
            )
            .collect(),
        None => Vec::new(),
    };
    let member = volunteers::find_by_phone(conn, MEMBER_LOGIN)?.map(|v| v.id);
    let leader = volunteers::find_by_phone(conn, LEADER_LOGIN)?.map(|v| v.id);
    Ok(Featured {
        member: member.zip(member_team),
        leader: leader.filter(|_| !led.is_empty()).map(|v| (v, led)),
        kiosk_venue: venues::all(conn)?
            .into_iter()
            .find(|v| v.name == KIOSK_VENUE)
            .map(|v| v.id),
    })
}

/// Reads the corps (approved teams, their active members, areas and venues) from the database.
fn inputs(conn: &mut DbConn) -> anyhow::Result<(Vec<PlaceIn>, Vec<TeamIn>, Vec<VenueIn>)> {
    let places = areas::all(conn)?
        .into_iter()
        .map(|a| PlaceIn {
            id: a.id,
            level: a.level,
            name: a.name,
            path: a.path,
        })
        .collect();
    let mut by_team: HashMap<i64, Vec<i64>> = HashMap::new();
    for (t, v) in teams::active_memberships(conn)? {
        by_team.entry(t).or_default().push(v);
    }
    let teams = teams::all_approved(conn)?
        .into_iter()
        .map(|t| TeamIn {
            id: t.id,
            area_id: t.area_id,
            specialty: t.specialty,
            members: by_team.remove(&t.id).unwrap_or_default(),
        })
        .collect();
    let venues = venues::all(conn)?
        .into_iter()
        .map(|v| VenueIn {
            id: v.id,
            area_id: v.area_id,
            address: v.address,
            latitude: v.latitude,
            longitude: v.longitude,
        })
        .collect();
    Ok((places, teams, venues))
}

/// Adds the demo history (up to the day before `as_of`) and calendar (the four weeks from it)
/// to a database that has the demo corps ([`crate::corps`]) but no activities yet; does nothing
/// (and reports zeros) when any activity exists. One transaction.
pub fn load_activities(conn: &mut DbConn, as_of: NaiveDate) -> anyhow::Result<ActivitiesReport> {
    conn.write_transaction(|conn| {
        if count_activities(conn)? > 0 {
            return Ok(ActivitiesReport::default());
        }
        let (places, teams, venues) = inputs(conn)?;
        let featured = featured(conn)?;
        let plan = plan(&places, &teams, &venues, &featured, as_of)?;
        let mut report = ActivitiesReport::default();

        // Batches (reusing any of the same name).
        let mut batch_ids = Vec::with_capacity(BATCHES.len());
        for (name, name_en, (y, m, d), _) in BATCHES {
            let id = match find_batch_by_name(conn, name)? {
                Some(b) => b.id,
                None => {
                    let on = NaiveDate::from_ymd_opt(*y, *m, *d).unwrap_or_default();
                    report.batches += 1;
                    insert_batch_at(conn, name, Some(name_en), on, to_utc(on, 9 * 60))?.id
                }
            };
            batch_ids.push(id);
        }

        // Projects.
        let projects: Vec<NewProject> = plan
            .projects
            .iter()
            .map(|pr| NewProject {
                fields: ProjectFields {
                    title: pr.title.clone(),
                    description: Some(pr.description.clone()),
                    category: pr.category.to_owned(),
                    target_groups: Json(pr.target_groups.clone()),
                    level: pr.level,
                    area_id: pr.area_id,
                    owner_team_id: Some(pr.team_id),
                    owner_agency: None,
                    owner_agency_id: None,
                },
                status: ProjectStatus::Published,
                batch_id: batch_ids.get(pr.batch).copied(),
                published_at: Some(pr.published_at),
                created_by: None,
                created_at: pr.published_at - Duration::days(10),
                updated_at: pr.published_at,
            })
            .collect();
        let project_ids = insert_projects(conn, &projects)?;
        report.projects = project_ids.len();

        // Activities: the finished ones, then the coming weeks' (so ids follow the calendar).
        let mut activities: Vec<NewActivity> = plan
            .activities
            .iter()
            .map(|ac| NewActivity {
                fields: ActivityFields {
                    project_id: project_ids.get(ac.project).copied().unwrap_or(0),
                    team_id: ac.team_id,
                    title: ac.title.clone(),
                    description: None,
                    start_at: ac.start_at,
                    end_at: ac.end_at,
                    signup_deadline: ac.start_at - Duration::days(1),
                    venue_id: ac.venue_id,
                    area_id: ac.area_id,
                    address: ac.address.clone(),
                    latitude: ac.latitude,
                    longitude: ac.longitude,
                    checkin_radius_m: 500,
                    quota: ac.quota,
                    skill_ids: Json(Vec::new()),
                    min_age: 14,
                    risk_level: RiskLevel::Low,
                    auto_accept: true,
                    auto_verify: false,
                },
                status: ActivityStatus::Finished,
                accepted_count: ac.volunteers.len() as i32,
                created_by: None,
                created_at: ac.start_at - Duration::days(7),
                updated_at: ac.end_at,
            })
            .collect();
        activities.extend(plan.upcoming.iter().map(|up| NewActivity {
            fields: ActivityFields {
                project_id: project_ids.get(up.project).copied().unwrap_or(0),
                team_id: up.team_id,
                title: up.title.clone(),
                description: None,
                start_at: up.start_at,
                end_at: up.end_at,
                signup_deadline: up.signup_deadline,
                venue_id: up.venue_id,
                area_id: up.area_id,
                address: up.address.clone(),
                latitude: up.latitude,
                longitude: up.longitude,
                checkin_radius_m: 500,
                quota: up.quota,
                skill_ids: Json(Vec::new()),
                min_age: 14,
                risk_level: RiskLevel::Low,
                auto_accept: true,
                auto_verify: false,
            },
            status: ActivityStatus::Recruiting,
            accepted_count: up.volunteers.len() as i32,
            created_by: None,
            created_at: up.published_at,
            updated_at: up.published_at,
        }));
        let all_ids = insert_activities(conn, &activities)?;
        let (activity_ids, upcoming_ids) =
            all_ids.split_at(plan.activities.len().min(all_ids.len()));
        report.activities = activity_ids.len();
        report.upcoming = upcoming_ids.len();

        // Sign-ups and their verified records.
        let mut sign_ups = Vec::new();
        let mut records = Vec::new();
        for (ac, id) in plan.activities.iter().zip(activity_ids) {
            let category = plan.projects.get(ac.project).map_or("", |p| p.category);
            for (k, (volunteer, early, late)) in ac.volunteers.iter().enumerate() {
                let checked_out: NaiveDateTime = ac.end_at + Duration::minutes(*late);
                sign_ups.push(NewSignUp {
                    activity_id: *id,
                    volunteer_id: *volunteer,
                    status: SignUpStatus::CheckedOut,
                    start_at: ac.start_at,
                    end_at: ac.end_at,
                    checked_in_at: Some(ac.start_at - Duration::minutes(*early)),
                    checked_out_at: Some(checked_out),
                    auto_closed: false,
                    created_at: ac.start_at - Duration::days(6) + Duration::minutes(k as i64 * 7),
                    updated_at: checked_out,
                });
                let record = NewRecord {
                    volunteer_id: *volunteer,
                    activity_id: Some(*id),
                    team_id: Some(ac.team_id),
                    quarters: ac.quarters,
                    source: RecordSource::CheckIn,
                    status: if ac.pending {
                        RecordStatus::Pending
                    } else {
                        RecordStatus::Verified
                    },
                    corrects_id: None,
                    reason: None,
                    category: Some(category.to_owned()),
                    served_on: ac.served_on,
                    verified_by: None,
                    verified_at: (!ac.pending).then(|| ac.end_at + Duration::days(1)),
                    created_by: None,
                };
                records.push((record, checked_out));
                if ac.pending {
                    report.pending += 1;
                } else {
                    report.quarters += i64::from(ac.quarters);
                }
            }
        }
        report.sign_ups = insert_sign_ups(conn, &sign_ups)?;
        report.records = insert_records_at(conn, &records)?;

        // The coming weeks' accepted sign-ups.
        let mut accepted = Vec::new();
        for (up, id) in plan.upcoming.iter().zip(upcoming_ids) {
            for (k, volunteer) in up.volunteers.iter().enumerate() {
                let at = up.published_at + Duration::hours(1) + Duration::minutes(k as i64 * 7);
                accepted.push(NewSignUp {
                    activity_id: *id,
                    volunteer_id: *volunteer,
                    status: SignUpStatus::Accepted,
                    start_at: up.start_at,
                    end_at: up.end_at,
                    checked_in_at: None,
                    checked_out_at: None,
                    auto_closed: false,
                    created_at: at,
                    updated_at: at,
                });
            }
        }
        report.upcoming_sign_ups = insert_sign_ups(conn, &accepted)?;
        Ok(report)
    })
}
