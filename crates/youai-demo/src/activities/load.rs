//! Writing the history plan: batches, projects, activities, sign-ups and verified records, in
//! one transaction.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use youai_db::activities::{
    ActivityFields, NewActivity, NewProject, NewSignUp, ProjectFields, count_activities,
    find_batch_by_name, insert_activities, insert_batch_at, insert_projects, insert_sign_ups,
};
use youai_db::records::{NewRecord, insert_records_at};
use youai_db::{DbConn, areas, teams, venues};
use youai_types::{
    ActivityStatus, ProjectStatus, RecordSource, RecordStatus, RiskLevel, SignUpStatus,
};

use super::catalogue::BATCHES;
use super::plan::{PlaceIn, TeamIn, VenueIn, plan, to_utc};
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

/// Adds the demo history to a database that has the demo corps ([`crate::corps`]) but no
/// activities yet; does nothing (and reports zeros) when any activity exists. One transaction.
pub fn load_activities(conn: &mut DbConn) -> anyhow::Result<ActivitiesReport> {
    conn.write_transaction(|conn| {
        if count_activities(conn)? > 0 {
            return Ok(ActivitiesReport::default());
        }
        let (places, teams, venues) = inputs(conn)?;
        let plan = plan(&places, &teams, &venues)?;
        let mut report = ActivitiesReport::default();

        // Batches (reusing any of the same name).
        let mut batch_ids = Vec::with_capacity(BATCHES.len());
        for (name, (y, m, d), _) in BATCHES {
            let id = match find_batch_by_name(conn, name)? {
                Some(b) => b.id,
                None => {
                    let on = NaiveDate::from_ymd_opt(*y, *m, *d).unwrap_or_default();
                    report.batches += 1;
                    insert_batch_at(conn, name, on, to_utc(on, 9 * 60))?.id
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

        // Activities.
        let activities: Vec<NewActivity> = plan
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
        let activity_ids = insert_activities(conn, &activities)?;
        report.activities = activity_ids.len();

        // Sign-ups and their verified records.
        let mut sign_ups = Vec::new();
        let mut records = Vec::new();
        for (ac, id) in plan.activities.iter().zip(&activity_ids) {
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
                    status: RecordStatus::Verified,
                    corrects_id: None,
                    reason: None,
                    category: Some(category.to_owned()),
                    served_on: ac.served_on,
                    verified_by: None,
                    verified_at: Some(ac.end_at + Duration::days(1)),
                    created_by: None,
                };
                records.push((record, checked_out));
                report.quarters += i64::from(ac.quarters);
            }
        }
        report.sign_ups = insert_sign_ups(conn, &sign_ups)?;
        report.records = insert_records_at(conn, &records)?;
        Ok(report)
    })
}
