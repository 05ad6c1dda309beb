//! The demo history's plan: projects for the corps' teams, then finished activities with
//! their volunteers. Pure and deterministic.

use std::collections::{HashMap, HashSet};

use anyhow::bail;
use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};

use super::catalogue::{BATCHES, CATEGORIES, TARGET_GROUPS};
use super::{ACTIVITIES, PROJECTS, SEED};
use crate::rng::{SplitMix64, anchor};
use youai_types::AreaLevel;

/// The first day an activity may run on.
fn first_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2019, 1, 1).unwrap_or_default()
}

// --- the inputs -------------------------------------------------------------------------------

/// An area, as the plan needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceIn {
    pub id: i64,
    pub level: AreaLevel,
    pub name: String,
    pub path: String,
}

/// An approved team and its active members (volunteer ids, in membership order).
#[derive(Debug, Clone, PartialEq)]
pub struct TeamIn {
    pub id: i64,
    pub area_id: i64,
    pub specialty: Option<String>,
    pub members: Vec<i64>,
}

/// A venue, as the plan needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct VenueIn {
    pub id: i64,
    pub area_id: i64,
    pub address: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

// --- the plan ---------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
pub struct PlanProject {
    /// Index into [`BATCHES`].
    pub batch: usize,
    pub title: String,
    pub description: String,
    pub category: &'static str,
    /// JSON array.
    pub target_groups: Vec<String>,
    pub level: AreaLevel,
    pub area_id: i64,
    pub team_id: i64,
    pub published_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlanActivity {
    /// Index into [`Plan::projects`].
    pub project: usize,
    pub team_id: i64,
    pub title: String,
    /// UTC.
    pub start_at: NaiveDateTime,
    pub end_at: NaiveDateTime,
    pub venue_id: Option<i64>,
    pub area_id: i64,
    pub address: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub quota: i32,
    /// Quarter hours.
    pub quarters: i32,
    /// The China-time date of the start.
    pub served_on: NaiveDate,
    /// (volunteer id, minutes checked in before the start, minutes checked out after the end).
    pub volunteers: Vec<(i64, i64, i64)>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    pub projects: Vec<PlanProject>,
    pub activities: Vec<PlanActivity>,
}

/// China time (UTC+8) to the UTC the database stores.
pub(super) fn to_utc(day: NaiveDate, minutes: i64) -> NaiveDateTime {
    day.and_time(NaiveTime::MIN) + Duration::minutes(minutes) - Duration::hours(8)
}

/// Builds the history from the corps: pure, deterministic.
pub fn plan(places: &[PlaceIn], teams: &[TeamIn], venues: &[VenueIn]) -> anyhow::Result<Plan> {
    let mut rng = SplitMix64::new(SEED);
    let place_of: HashMap<i64, &PlaceIn> = places.iter().map(|p| (p.id, p)).collect();

    // Teams able to run an activity (three active members at least), spread evenly over the id
    // order.
    let mut able: Vec<&TeamIn> = teams.iter().filter(|t| t.members.len() >= 3).collect();
    able.sort_by_key(|t| t.id);
    if able.is_empty() {
        bail!("no team has three active members: load the corps first");
    }
    let chosen: Vec<&TeamIn> = (0..PROJECTS)
        .filter_map(|i| able.get(i * able.len() / PROJECTS).copied())
        .collect();

    // Projects.
    let mut projects = Vec::with_capacity(PROJECTS);
    let mut titles: HashSet<String> = HashSet::new();
    let mut slots = BATCHES
        .iter()
        .enumerate()
        .flat_map(|(b, (_, _, n))| std::iter::repeat_n(b, *n));
    for team in &chosen {
        let batch = slots.next().unwrap_or(0);
        let Some(place) = place_of.get(&team.area_id) else {
            bail!("team {} has an unknown area {}", team.id, team.area_id);
        };
        let ci = team
            .specialty
            .as_deref()
            .and_then(|s| CATEGORIES.iter().position(|(c, _)| *c == s))
            .unwrap_or_else(|| rng.below(CATEGORIES.len()));
        let (category, themes) = CATEGORIES.get(ci).copied().unwrap_or(("邻里互助", &[]));
        let theme = rng.pick(themes).copied().unwrap_or("志愿服务");
        let mut title = format!("{}{}", place.name, theme);
        let mut n = 2;
        while titles.contains(&title) {
            title = format!("{}{}（{n}）", place.name, theme);
            n += 1;
        }
        titles.insert(title.clone());
        let mut groups: Vec<&str> = TARGET_GROUPS.to_vec();
        rng.shuffle(&mut groups);
        groups.truncate(rng.between(1, 3) as usize);
        groups.sort_by_key(|g| TARGET_GROUPS.iter().position(|x| x == g));
        let (_, (y, m, d), _) = BATCHES
            .get(batch)
            .copied()
            .unwrap_or(("", (2018, 11, 20), 0));
        let released = NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        projects.push(PlanProject {
            batch,
            description: format!(
                "面向{}开展{}志愿服务，由{}的志愿者常态化开展。",
                groups.join("、"),
                category,
                place.name
            ),
            title,
            category,
            target_groups: groups.iter().map(|g| (*g).to_owned()).collect(),
            level: place.level,
            area_id: place.id,
            team_id: team.id,
            published_at: to_utc(released, 10 * 60),
        });
    }

    // Venues in each chosen team's area or below.
    let mut venues_of: HashMap<i64, Vec<&VenueIn>> = HashMap::new();
    for team in &chosen {
        if venues_of.contains_key(&team.area_id) {
            continue;
        }
        let prefix = place_of
            .get(&team.area_id)
            .map(|p| p.path.clone())
            .unwrap_or_default();
        let list = venues
            .iter()
            .filter(|v| {
                place_of
                    .get(&v.area_id)
                    .is_some_and(|p| p.path.starts_with(&prefix))
            })
            .collect();
        venues_of.insert(team.area_id, list);
    }
    let members_of: HashMap<i64, &[i64]> = chosen
        .iter()
        .map(|t| (t.id, t.members.as_slice()))
        .collect();

    // Activities: each of a random project, on a random day after its release, with volunteers
    // free that day (one activity a day each, so no two sign-ups overlap).
    let last = anchor() - Duration::days(1);
    let mut busy: HashSet<(i64, NaiveDate)> = HashSet::new();
    let mut activities = Vec::with_capacity(ACTIVITIES);
    let mut attempts = 0usize;
    while activities.len() < ACTIVITIES {
        attempts += 1;
        if attempts > ACTIVITIES * 20 {
            bail!("could only plan {} activities", activities.len());
        }
        let pi = rng.below(projects.len());
        let Some(project) = projects.get(pi) else {
            continue;
        };
        let from = first_day().max(project.published_at.date() + Duration::days(1));
        let span = (last - from).num_days();
        if span < 0 {
            continue;
        }
        let day = from + Duration::days(rng.below(span as usize + 1) as i64);
        let quarters = rng.between(4, 16) as i32;
        // Start between 08:00 and the latest half hour that ends by 20:00.
        let latest = (20 * 60 - i64::from(quarters) * 15 - 8 * 60) / 30;
        let start_min = 8 * 60 + 30 * rng.below(latest as usize + 1) as i64;
        let quota = rng.between(5, 30) as i32;
        let want = rng.between(3, quota as u32) as usize;
        let mut pool: Vec<i64> = members_of
            .get(&project.team_id)
            .map(|m| m.to_vec())
            .unwrap_or_default();
        rng.shuffle(&mut pool);
        let picked: Vec<i64> = pool
            .into_iter()
            .filter(|v| !busy.contains(&(*v, day)))
            .take(want)
            .collect();
        if picked.len() < 3 {
            continue;
        }
        let volunteers: Vec<(i64, i64, i64)> = picked
            .iter()
            .map(|v| (*v, rng.below(21) as i64, rng.below(21) as i64))
            .collect();
        for v in &picked {
            busy.insert((*v, day));
        }
        let venue = venues_of
            .get(&project.area_id)
            .and_then(|list| rng.pick(list))
            .copied();
        let place_name = place_of
            .get(&project.area_id)
            .map(|p| p.name.clone())
            .unwrap_or_default();
        let start_at = to_utc(day, start_min);
        activities.push(PlanActivity {
            project: pi,
            team_id: project.team_id,
            title: project.title.clone(),
            start_at,
            end_at: start_at + Duration::minutes(i64::from(quarters) * 15),
            venue_id: venue.map(|v| v.id),
            area_id: venue.map_or(project.area_id, |v| v.area_id),
            address: venue.map_or(place_name, |v| v.address.clone()),
            latitude: venue.and_then(|v| v.latitude),
            longitude: venue.and_then(|v| v.longitude),
            quota,
            quarters,
            served_on: day,
            volunteers,
        });
    }
    // In time order, so ids follow the calendar.
    activities.sort_by_key(|a| (a.start_at, a.project));
    Ok(Plan {
        projects,
        activities,
    })
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
mod tests {
    use super::*;
    use chrono::Timelike;

    fn inputs() -> (Vec<PlaceIn>, Vec<TeamIn>, Vec<VenueIn>) {
        let mut places = vec![PlaceIn {
            id: 1,
            level: AreaLevel::City,
            name: "张家港市".into(),
            path: "/1/".into(),
        }];
        for t in 0..9 {
            let town = 2 + t * 10;
            places.push(PlaceIn {
                id: town,
                level: AreaLevel::Town,
                name: format!("镇{t}"),
                path: format!("/1/{town}/"),
            });
            for v in 1..6 {
                places.push(PlaceIn {
                    id: town + v,
                    level: AreaLevel::Village,
                    name: format!("镇{t}村{v}"),
                    path: format!("/1/{town}/{}/", town + v),
                });
            }
        }
        let mut rng = SplitMix64::new(3);
        let mut teams = Vec::new();
        let mut next_volunteer = 1;
        for id in 1..=1084 {
            let place = &places[rng.below(places.len())];
            let n = rng.below(12);
            let members = (0..n)
                .map(|_| {
                    next_volunteer += 1;
                    if rng.percent(10) {
                        1 + rng.below(next_volunteer) as i64
                    } else {
                        next_volunteer as i64
                    }
                })
                .collect::<HashSet<i64>>()
                .into_iter()
                .collect::<Vec<_>>();
            let mut members = members;
            members.sort_unstable();
            teams.push(TeamIn {
                id,
                area_id: place.id,
                specialty: (id % 7 == 0).then(|| "医疗健康".to_owned()),
                members,
            });
        }
        let venues = places
            .iter()
            .filter(|p| p.level == AreaLevel::Village && p.id % 2 == 0)
            .map(|p| VenueIn {
                id: p.id * 100,
                area_id: p.id,
                address: format!("{}1号", p.name),
                latitude: Some(31.8),
                longitude: Some(120.5),
            })
            .collect();
        (places, teams, venues)
    }

    #[test]
    fn plan_is_deterministic_and_consistent() {
        let (places, teams, venues) = inputs();
        let plan = plan(&places, &teams, &venues).unwrap();
        assert_eq!(plan, super::plan(&places, &teams, &venues).unwrap());
        assert_eq!(plan.projects.len(), PROJECTS);
        assert_eq!(plan.activities.len(), ACTIVITIES);
        assert_eq!(plan.projects.iter().filter(|p| p.batch == 0).count(), 290);
        let titles: HashSet<&str> = plan.projects.iter().map(|p| p.title.as_str()).collect();
        assert_eq!(titles.len(), PROJECTS);
        let team = |id: i64| teams.iter().find(|t| t.id == id).unwrap();
        let place = |id: i64| places.iter().find(|p| p.id == id).unwrap();
        for p in &plan.projects {
            let t = team(p.team_id);
            assert_eq!(p.area_id, t.area_id);
            assert_eq!(p.level, place(t.area_id).level);
            assert!(CATEGORIES.iter().any(|(c, _)| *c == p.category));
            let groups = p.target_groups.clone();
            assert!((1..=3).contains(&groups.len()));
        }
        let mut per_day = HashSet::new();
        for a in &plan.activities {
            let p = &plan.projects[a.project];
            assert_eq!(a.team_id, p.team_id);
            let china_start = a.start_at + Duration::hours(8);
            let china_end = a.end_at + Duration::hours(8);
            assert_eq!(china_start.date(), a.served_on);
            assert_eq!(china_end.date(), a.served_on);
            assert!(
                china_start.hour() >= 8
                    && china_end.time() <= NaiveTime::from_hms_opt(20, 0, 0).unwrap()
            );
            assert_eq!(
                (a.end_at - a.start_at).num_minutes(),
                i64::from(a.quarters) * 15
            );
            assert!((4..=16).contains(&a.quarters));
            assert!(a.served_on >= first_day() && a.served_on < anchor());
            assert!(a.start_at > p.published_at);
            assert!((5..=30).contains(&a.quota));
            assert!(a.volunteers.len() >= 3 && a.volunteers.len() <= a.quota as usize);
            let members = &team(a.team_id).members;
            for (v, early, late) in &a.volunteers {
                assert!(members.contains(v));
                assert!((0..=20).contains(early) && (0..=20).contains(late));
                assert!(per_day.insert((*v, a.served_on)), "one activity a day");
            }
            if let Some(venue) = a.venue_id {
                let v = venues.iter().find(|x| x.id == venue).unwrap();
                assert_eq!(a.area_id, v.area_id);
                assert!(place(v.area_id).path.starts_with(&place(p.area_id).path));
            } else {
                assert_eq!(a.area_id, p.area_id);
                assert_eq!(a.address, place(p.area_id).name);
            }
        }
        let first = plan.activities.first().unwrap().served_on;
        let last = plan.activities.last().unwrap().served_on;
        assert!(
            first < NaiveDate::from_ymd_opt(2019, 3, 1).unwrap(),
            "{first}"
        );
        assert!(
            last > NaiveDate::from_ymd_opt(2026, 9, 1).unwrap(),
            "{last}"
        );
    }
}
