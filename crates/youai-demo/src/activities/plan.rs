//! The demo's plan: projects for the corps' teams, finished activities with their volunteers
//! up to the day before the demo's day, and the calendar of the four weeks from it. Pure and
//! deterministic: the same corps and day give the same plan.

use std::collections::{HashMap, HashSet};

use anyhow::bail;
use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};

use super::catalogue::{BATCHES, CATEGORIES};
use super::{
    ACTIVITIES, FEATURED_SEED, LEADER_QUARTERS, MEMBER_QUARTERS, PENDING_DAYS, PROJECTS, SEED,
    UPCOMING_DAYS, UPCOMING_PER_DAY, UPCOMING_SEED,
};
use crate::rng::SplitMix64;
use youai_types::AreaLevel;
use youai_types::vocabulary::TARGET_GROUPS;

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

/// The demo logins the plan gives a history and a calendar to (all optional: a corps without
/// them still gets its plan).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Featured {
    /// The demo volunteer (李晓雯) and her team (金都社区志愿服务队).
    pub member: Option<(i64, i64)>,
    /// The demo leader (陈思远) and the teams he leads: his detachment first, then those below.
    pub leader: Option<(i64, Vec<i64>)>,
    /// The venue the demo kiosk serves (金都社区新时代文明实践站).
    pub kiosk_venue: Option<i64>,
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
    /// Its records wait for the team to verify them (it ran in the last [`PENDING_DAYS`] days).
    pub pending: bool,
}

/// An activity of the coming four weeks: published, recruiting, with places left.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanUpcoming {
    /// Index into [`Plan::projects`].
    pub project: usize,
    pub team_id: i64,
    pub title: String,
    /// UTC.
    pub start_at: NaiveDateTime,
    pub end_at: NaiveDateTime,
    pub signup_deadline: NaiveDateTime,
    pub venue_id: Option<i64>,
    pub area_id: i64,
    pub address: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub quota: i32,
    /// The China-time date of the start.
    pub served_on: NaiveDate,
    /// When it was published (UTC), in the 30 days before the demo's day.
    pub published_at: NaiveDateTime,
    /// Volunteers accepted so far (fewer than the quota).
    pub volunteers: Vec<i64>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    pub projects: Vec<PlanProject>,
    pub activities: Vec<PlanActivity>,
    pub upcoming: Vec<PlanUpcoming>,
}

/// China time (UTC+8) to the UTC the database stores.
pub(super) fn to_utc(day: NaiveDate, minutes: i64) -> NaiveDateTime {
    day.and_time(NaiveTime::MIN) + Duration::minutes(minutes) - Duration::hours(8)
}

/// Builds the history (up to the day before `as_of`) and the calendar (the four weeks from
/// `as_of`) from the corps: pure, deterministic.
pub fn plan(
    places: &[PlaceIn],
    teams: &[TeamIn],
    venues: &[VenueIn],
    featured: &Featured,
    as_of: NaiveDate,
) -> anyhow::Result<Plan> {
    let mut rng = SplitMix64::new(SEED);
    let place_of: HashMap<i64, &PlaceIn> = places.iter().map(|p| (p.id, p)).collect();

    // Teams able to run an activity (three active members at least), spread evenly over the id
    // order; the demo logins' teams among them.
    let mut able: Vec<&TeamIn> = teams.iter().filter(|t| t.members.len() >= 3).collect();
    able.sort_by_key(|t| t.id);
    if able.is_empty() {
        bail!("no team has three active members: load the corps first");
    }
    let mut chosen: Vec<&TeamIn> = (0..PROJECTS)
        .filter_map(|i| able.get(i * able.len() / PROJECTS).copied())
        .collect();
    let featured_teams: Vec<i64> = featured
        .member
        .map(|(_, t)| t)
        .into_iter()
        .chain(
            featured
                .leader
                .as_ref()
                .and_then(|(_, t)| t.first().copied()),
        )
        .collect();
    let first_batch = BATCHES.first().map_or(0, |(_, _, _, n)| *n);
    for id in &featured_teams {
        let Some(team) = able.iter().find(|t| t.id == *id).copied() else {
            continue;
        };
        if chosen.iter().any(|t| t.id == *id) {
            continue;
        }
        // In place of the first-batch team nearest in id (not another demo login's).
        let slot = chosen
            .iter()
            .enumerate()
            .take(first_batch)
            .filter(|(_, t)| !featured_teams.contains(&t.id))
            .min_by_key(|(_, t)| (t.id - id).abs())
            .map(|(i, _)| i);
        if let Some(c) = slot.and_then(|i| chosen.get_mut(i)) {
            *c = team;
        }
    }

    // Projects.
    let mut projects = Vec::with_capacity(PROJECTS);
    let mut titles: HashSet<String> = HashSet::new();
    let mut slots = BATCHES
        .iter()
        .enumerate()
        .flat_map(|(b, (_, _, _, n))| std::iter::repeat_n(b, *n));
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
        let mut groups: Vec<&str> = TARGET_GROUPS.iter().map(|(name, _)| *name).collect();
        rng.shuffle(&mut groups);
        groups.truncate(rng.between(1, 3) as usize);
        groups.sort_by_key(|g| TARGET_GROUPS.iter().position(|(name, _)| name == g));
        let (_, _, (y, m, d), _) =
            BATCHES
                .get(batch)
                .copied()
                .unwrap_or(("", "", (2018, 11, 20), 0));
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

    let project_of_team = |team: i64| projects.iter().position(|p| p.team_id == team);
    let place_name = |area: i64| {
        place_of
            .get(&area)
            .map(|p| p.name.clone())
            .unwrap_or_default()
    };

    // Activities: each of a random project, on a random day after its release, with volunteers
    // free that day (one activity a day each, so no two sign-ups overlap).
    let last = as_of - Duration::days(1);
    let mut busy: HashSet<(i64, NaiveDate)> = HashSet::new();
    let mut activities = Vec::with_capacity(ACTIVITIES);

    // First the runs the demo logins' teams finished in the last days, their records still
    // waiting for the leader: the leader's detachment on each of the last two days, and the
    // member's team yesterday, each demo login among the volunteers.
    let mut fr = SplitMix64::new(FEATURED_SEED);
    let mut recent: Vec<(i64, i64, i64)> = Vec::new();
    if let Some((v, teams)) = &featured.leader
        && let Some(t) = teams.first()
    {
        recent.extend((1..=PENDING_DAYS).map(|d| (*t, *v, d)));
    }
    if let Some((v, t)) = featured.member {
        recent.push((t, v, 1));
    }
    for (team, volunteer, days_back) in recent {
        let Some(pi) = project_of_team(team) else {
            continue;
        };
        let Some(project) = projects.get(pi) else {
            continue;
        };
        let day = as_of - Duration::days(days_back);
        let mut pool: Vec<i64> = members_of
            .get(&team)
            .map(|m| m.to_vec())
            .unwrap_or_default();
        fr.shuffle(&mut pool);
        let mut picked = vec![volunteer];
        picked.extend(
            pool.into_iter()
                .filter(|v| *v != volunteer && !busy.contains(&(*v, day)))
                .take(5),
        );
        if picked.len() < 3 || busy.contains(&(volunteer, day)) {
            continue;
        }
        for v in &picked {
            busy.insert((*v, day));
        }
        let venue = venues_of
            .get(&project.area_id)
            .and_then(|list| fr.pick(list))
            .copied();
        let quarters: i32 = 12;
        let start_at = to_utc(day, 14 * 60);
        activities.push(PlanActivity {
            project: pi,
            team_id: team,
            title: project.title.clone(),
            start_at,
            end_at: start_at + Duration::minutes(i64::from(quarters) * 15),
            venue_id: venue.map(|v| v.id),
            area_id: venue.map_or(project.area_id, |v| v.area_id),
            address: venue.map_or_else(|| place_name(project.area_id), |v| v.address.clone()),
            latitude: venue.and_then(|v| v.latitude),
            longitude: venue.and_then(|v| v.longitude),
            quota: 20,
            quarters,
            served_on: day,
            volunteers: picked
                .iter()
                .map(|v| (*v, fr.below(21) as i64, fr.below(21) as i64))
                .collect(),
            pending: true,
        });
    }

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
        let start_at = to_utc(day, start_min);
        activities.push(PlanActivity {
            project: pi,
            team_id: project.team_id,
            title: project.title.clone(),
            start_at,
            end_at: start_at + Duration::minutes(i64::from(quarters) * 15),
            venue_id: venue.map(|v| v.id),
            area_id: venue.map_or(project.area_id, |v| v.area_id),
            address: venue.map_or_else(|| place_name(project.area_id), |v| v.address.clone()),
            latitude: venue.and_then(|v| v.latitude),
            longitude: venue.and_then(|v| v.longitude),
            quota,
            quarters,
            served_on: day,
            volunteers,
            pending: day > last - Duration::days(PENDING_DAYS),
        });
    }

    // The demo logins' own histories: the member joins runs in her town (her team's first), the
    // leader runs of his detachment and other theory lectures, most recent first, until each has
    // served the hours of a star (★1 and ★2 under the default rules).
    let town_path = |area: i64| -> Option<String> {
        let path = place_of.get(&area)?.path.clone();
        places
            .iter()
            .filter(|p| p.level == AreaLevel::Town && path.starts_with(&p.path))
            .map(|p| p.path.clone())
            .next()
    };
    // (volunteer, own teams, home town's path, category of runs to join, quarters to reach)
    type History = (i64, Vec<i64>, Option<String>, Option<&'static str>, i64);
    let mut histories: Vec<History> = Vec::new();
    if let Some((v, t)) = featured.member {
        let home = teams
            .iter()
            .find(|x| x.id == t)
            .and_then(|x| town_path(x.area_id));
        histories.push((v, vec![t], home, None, MEMBER_QUARTERS));
    }
    if let Some((v, t)) = &featured.leader {
        histories.push((*v, t.clone(), None, Some("理论宣讲"), LEADER_QUARTERS));
    }
    let mut order: Vec<usize> = (0..activities.len()).collect();
    order.sort_by_key(|i| {
        activities
            .get(*i)
            .map(|a| (std::cmp::Reverse(a.start_at), a.project))
    });
    for (volunteer, own, town, category, target) in histories {
        let mut served: i64 = activities
            .iter()
            .filter(|a| !a.pending && a.volunteers.iter().any(|x| x.0 == volunteer))
            .map(|a| i64::from(a.quarters))
            .sum();
        for pass in [true, false] {
            for i in &order {
                if served >= target {
                    break;
                }
                let Some(a) = activities.get_mut(*i) else {
                    continue;
                };
                let fits = if pass {
                    own.contains(&a.team_id)
                } else {
                    let in_town = town.as_ref().is_some_and(|t| {
                        place_of
                            .get(&a.area_id)
                            .is_some_and(|p| p.path.starts_with(t))
                    });
                    let of_kind = category
                        .is_some_and(|c| projects.get(a.project).is_some_and(|p| p.category == c));
                    in_town || of_kind
                };
                if !fits
                    || a.pending
                    || a.volunteers.len() >= a.quota as usize
                    || busy.contains(&(volunteer, a.served_on))
                {
                    continue;
                }
                busy.insert((volunteer, a.served_on));
                a.volunteers
                    .push((volunteer, fr.below(21) as i64, fr.below(21) as i64));
                served += i64::from(a.quarters);
            }
        }
    }

    // In time order, so ids follow the calendar.
    activities.sort_by_key(|a| (a.start_at, a.project));
    let upcoming = upcoming::upcoming(places, &projects, venues, &members_of, featured, as_of);
    Ok(Plan {
        projects,
        activities,
        upcoming,
    })
}

mod upcoming;

#[cfg(test)]
mod tests;
